/* GDT and TSS (kernel/gdt.c). */
#pragma once
#include <types.h>

/* Access byte: present, DPL, S (code/data), type. */
#define DESC_CODE 0x9A    /* present, code, execute/read */
#define DESC_DATA 0x92    /* present, data, read/write */
#define DESC_TSS32 0x89   /* present, 32-bit TSS (available) */
#define DESC_DPL0 0x00
#define DESC_DPL3 0x60
#define DESC_FLAGS_4K32 0xC /* G=1 (4 KiB granularity), D=1 (32-bit) */

/* The 32-bit hardware task-state segment (Intel SDM vol. 3, 8.2.1). */
struct tss {
	u32 prev_task;
	u32 esp0, ss0;       /* kernel stack for entries from user mode */
	u32 esp1, ss1, esp2, ss2;
	u32 cr3, eip, eflags, eax, ecx, edx, ebx, esp, ebp, esi, edi;
	u32 es, cs, ss, ds, fs, gs, ldt;
	u16 trap, iomap_base;
} __packed;

extern struct tss tss;
extern u64 gdt[];

u64 make_desc(u32 base, u32 limit, u8 access, u8 flags);
void gdt_init(void);
/* Set the stack the CPU loads on the next user-to-kernel transition. */
static inline void tss_set_kernel_stack(u32 esp0)
{
	tss.esp0 = esp0;
}
