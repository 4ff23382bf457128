/*
 * Constants for NASM, computed by the C compiler from the C headers so assembly never carries a
 * second copy of a number. The build compiles this file to assembly (-S) and turns every
 * "->NAME value" line into "%define NAME value" in build/gen/layout.inc.
 */
#include <mm/layout.h>
#include <asm/segment.h>
#include <asm/ptrace.h>
#include <types.h>
#include <boot/multiboot.h>
#include <asm/x86.h>
#include <kernel/gdt.h>
#include <kernel/sched.h>

#define DEFINE(sym, val) __asm__ volatile("\n.ascii \"->" #sym " %c0\"" : : "i"((unsigned long)(val)))

void asm_offsets(void);
void asm_offsets(void)
{
	DEFINE(PAGE_SIZE, PAGE_SIZE);
	DEFINE(PAGE_SHIFT, PAGE_SHIFT);
	DEFINE(PGDIR_SHIFT, PGDIR_SHIFT);
	DEFINE(PAGE_OFFSET, PAGE_OFFSET);
	DEFINE(KERNEL_PGD_INDEX, KERNEL_PGD_INDEX);
	DEFINE(KERNEL_LOAD_PHYS, KERNEL_LOAD_PHYS);
	DEFINE(EARLY_MAP_PGTS, EARLY_MAP_PGTS);
	DEFINE(THREAD_SIZE, THREAD_SIZE);
	DEFINE(__KERNEL_CS, __KERNEL_CS);
	DEFINE(__KERNEL_DS, __KERNEL_DS);
	DEFINE(__USER_CS, __USER_CS);
	DEFINE(__USER_DS, __USER_DS);
	DEFINE(PT_EBP, offsetof(struct pt_regs, ebp));   /* struct pt_regs fields sysenter_entry sets */
	DEFINE(PT_EAX, offsetof(struct pt_regs, eax));
	DEFINE(PT_EFLAGS, offsetof(struct pt_regs, eflags));
	DEFINE(TSS_ESP0, offsetof(struct tss, esp0));
	DEFINE(TASK_FRAME_CHECK, offsetof(struct task_struct, frame_check));
	DEFINE(X86_EFLAGS_TF, X86_EFLAGS_TF);
	DEFINE(X86_EFLAGS_NT, X86_EFLAGS_NT);
	DEFINE(X86_EFLAGS_AC, X86_EFLAGS_AC);
	DEFINE(MULTIBOOT_HEADER_MAGIC, MULTIBOOT_HEADER_MAGIC);
	DEFINE(MULTIBOOT_HEADER_FLAGS, MULTIBOOT_HEADER_FLAGS);
	DEFINE(MULTIBOOT_BOOTLOADER_MAGIC, MULTIBOOT_BOOTLOADER_MAGIC);
}
