/*
 * The vDSO (kernel/vdso.c, vdso/): a small shared library the kernel maps into every process
 * ([vdso]), with a data page below it ([vvar]) that the timer keeps current. Programs find it
 * through the auxiliary vector (AT_SYSINFO_EHDR: its ELF header; AT_SYSINFO: __kernel_vsyscall)
 * and call into it as into any library: clock_gettime, gettimeofday and time read the data page
 * without entering the kernel, and __kernel_vsyscall enters it with sysenter instead of int 0x80.
 */
#pragma once
#include <types.h>
#include <mm/mm_types.h>

/*
 * The data page, read by the vDSO's code in user mode and written by the timer interrupt.
 * Every field is one aligned 32-bit word: a reader sees the old or the new value.
 */
#define VDSO_CLOCKS 8                /* clock ids 0..7: the ones the vDSO may answer */
#define VDSO_CLOCK_KERNEL 0xffffffffu    /* clock_base[id]: this one is the kernel's to answer */
struct vdso_data {
	volatile u32 jiffies;        /* ticks since boot */
	/*
	 * Per clock id, the seconds its reading adds to the seconds since boot: the wall clock
	 * at jiffies 0 (boot_epoch) for REALTIME and REALTIME_COARSE, 0 for MONOTONIC,
	 * MONOTONIC_RAW, MONOTONIC_COARSE and BOOTTIME, VDSO_CLOCK_KERNEL for the CPU-time
	 * clocks. (A wall clock whose boot_epoch is that very value is asked of the kernel too:
	 * slower, never wrong.)
	 */
	u32 clock_base[VDSO_CLOCKS];
};

/* Where __kernel_vsyscall's sysenter returns to, from the start of the function: after its
 * "int $0x80", the instruction a restarted system call goes back to (vdso/vsyscall.asm). */
#define VSYSCALL_LANDING_OFFSET 9

struct mm_struct;
extern struct vdso_data *vdso_data;

struct address_space;
/* Is this the owner of the vDSO's pages (kernel pages, though mapped like a file's)? */
bool is_vdso_mapping(const struct address_space *m);

void vdso_time_changed(void);                /* boot_epoch moved (settimeofday): tell the data page */
void vdso_init(void);                        /* the image's pages, the data page, the MSRs */
int vdso_map(struct mm_struct *mm);          /* map [vvar] and [vdso] at exec: 0 or -errno */
/* The auxiliary vector's entries for mm: AT_SYSINFO_EHDR and AT_SYSINFO (0: none). */
unsigned long vdso_ehdr(const struct mm_struct *mm);
unsigned long vdso_entry(const struct mm_struct *mm);
/* The landing pad of the running process (kernel/entry.asm's sysenter_entry returns there). */
extern u32 sysenter_return;
extern unsigned long vdso_landing_offset;
/*
 * When another process's address space is loaded (a task switch, an execve): where its system
 * calls by sysenter return. A kernel thread keeps the last one, and never uses it.
 */
static inline void vdso_switch(const struct mm_struct *mm)
{
	sysenter_return = mm->vdso_base ? (u32)(mm->vdso_base + vdso_landing_offset) : 0;
}

