/*
 * The vDSO (kernel/vdso.c, vdso/): a small shared library the kernel maps into every process
 * ([vdso]), with a data page below it ([vvar]) that the timer keeps current. Programs find it
 * through the auxiliary vector (AT_SYSINFO_EHDR: its ELF header; AT_SYSINFO: __kernel_vsyscall)
 * and call into it as into any library: clock_gettime, gettimeofday and time read the data page
 * without entering the kernel, and __kernel_vsyscall enters it with sysenter instead of int 0x80.
 */
#pragma once
#include <types.h>

/* The data page, read by the vDSO's code in user mode and written by the timer interrupt. */
struct vdso_data {
	volatile u32 jiffies;        /* one aligned 32-bit word: a reader sees the old or the new count */
	volatile u32 boot_epoch;     /* the wall clock at jiffies 0 (seconds since 1970) */
};

/* Where __kernel_vsyscall's sysenter returns to, from the start of the function: after its
 * "int $0x80", the instruction a restarted system call goes back to (vdso/vsyscall.asm). */
#define VSYSCALL_LANDING_OFFSET 9

struct mm_struct;
extern struct vdso_data *vdso_data;

struct address_space;
/* Is this the owner of the vDSO's pages (kernel pages, though mapped like a file's)? */
bool is_vdso_mapping(const struct address_space *m);

void vdso_time_changed(void);                /* settimeofday moved boot_epoch: tell the data page */
void vdso_init(void);                        /* the image's pages, the data page, the MSRs */
int vdso_map(struct mm_struct *mm);          /* map [vvar] and [vdso] at exec: 0 or -errno */
/* The auxiliary vector's entries for mm: AT_SYSINFO_EHDR and AT_SYSINFO (0: none). */
unsigned long vdso_ehdr(const struct mm_struct *mm);
unsigned long vdso_entry(const struct mm_struct *mm);
/* The landing pad of the running process (kernel/entry.asm's sysenter_entry returns there). */
extern u32 sysenter_return;
void vdso_switch(const struct mm_struct *mm);    /* at a task switch and an execve */

