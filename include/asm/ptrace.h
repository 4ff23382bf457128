/*
 * struct pt_regs: the registers saved on the kernel stack when an interrupt, exception or
 * system call enters the kernel. Its layout mirrors the push order in kernel/entry.asm:
 * the CPU pushes (ss, esp when coming from user mode) eflags, cs, eip and for some exceptions
 * an error code; the vector stub pushes the error code 0 if the CPU did not, then the vector;
 * the common stub pushes ds, es, fs, gs and finally pusha.
 */
#pragma once
#include <types.h>

struct pt_regs {
	u32 edi, esi, ebp;
	u32 esp_pusha;      /* esp as pusha saw it: ignored, see kernel_stack_pointer() */
	u32 ebx, edx, ecx, eax;
	u32 gs, fs, es, ds;
	u32 trapno;         /* interrupt vector, pushed by the stub */
	u32 err;            /* error code, from the CPU or 0 */
	u32 eip, cs, eflags;
	u32 esp, ss;        /* pushed only on entry from user mode (privilege change) */
};

static inline bool user_mode(const struct pt_regs *regs)
{
	return (regs->cs & 3) == 3;
}

/* The stack pointer at the moment of the trap (the CPU pushes no esp for kernel-mode traps). */
static inline u32 kernel_stack_pointer(const struct pt_regs *regs)
{
	return user_mode(regs) ? regs->esp : (u32)(unsigned long)&regs->esp;
}
