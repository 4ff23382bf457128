/*
 * The FPU: user programs may use x87 and SSE instructions (musl's printf("%f") does), so each
 * task has its own copy of those registers, saved and restored on every task switch. The
 * kernel itself is compiled without floating point (-mno-80387 -mno-sse), so the registers
 * always belong to the user program that ran last; only clear_page and copy_page
 * (mm/page_copy.c) borrow a few XMM registers, and put them back before they return.
 */
#include <kernel/sched.h>
#include <kernel/string.h>
#include <kernel/printk.h>
#include <asm/x86.h>
#include <mm/page.h>

#define X86_FEATURE_FXSR (1u << 24)   /* CPUID.1:EDX: fxsave/fxrstor */
#define X86_FEATURE_SSE (1u << 25)
#define X86_CR0_MP (1u << 1)
#define X86_CR0_EM (1u << 2)
#define X86_CR0_TS (1u << 3)
#define X86_CR0_NE (1u << 5)
#define X86_CR4_OSFXSR (1u << 9)
#define X86_CR4_OSXMMEXCPT (1u << 10)

static bool has_fxsr;
static u8 clean_state[512] __attribute__((aligned(16)));

void fpu_init(void)
{
	u32 a, b, c, d;

	cpuid(1, &a, &b, &c, &d);
	has_fxsr = d & X86_FEATURE_FXSR;
	write_cr0((read_cr0() & ~(X86_CR0_EM | X86_CR0_TS)) | X86_CR0_MP | X86_CR0_NE);
	if (has_fxsr)
		write_cr4(read_cr4() | X86_CR4_OSFXSR | ((d & X86_FEATURE_SSE) ? X86_CR4_OSXMMEXCPT : 0));
	__asm__ volatile("fninit");
	if (has_fxsr)
		__asm__ volatile("fxsave %0" : "=m"(clean_state));
	else
		__asm__ volatile("fnsave %0; frstor %0" : "+m"(clean_state));
	sse_page_ops = has_fxsr && (d & X86_FEATURE_SSE);
	pr_info("fpu: x87%s, state saved with %s on every task switch; pages cleared and copied %s\n",
		(d & X86_FEATURE_SSE) ? " and SSE" : "", has_fxsr ? "fxsave" : "fnsave",
		sse_page_ops ? "16 bytes a move (SSE)" : "4 bytes a move (rep stosl, rep movsl)");
}

void fpu_save(struct task_struct *t)
{
	if (has_fxsr)
		__asm__ volatile("fxsave %0" : "=m"(t->fpu_state));
	else
		__asm__ volatile("fnsave %0" : "=m"(t->fpu_state));  /* fnsave also reinitialises */
}

void fpu_restore(const struct task_struct *t)
{
	if (has_fxsr)
		__asm__ volatile("fxrstor %0" : : "m"(t->fpu_state));
	else
		__asm__ volatile("frstor %0" : : "m"(t->fpu_state));
}

void fpu_reset(struct task_struct *t)
{
	memcpy(t->fpu_state, clean_state, sizeof(clean_state));
}
