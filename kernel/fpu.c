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
#include <kernel/uaccess.h>
#include <linux/errno.h>

#define X86_FEATURE_FXSR (1u << 24)   /* CPUID.1:EDX: fxsave/fxrstor */
#define X86_FEATURE_SSE (1u << 25)
#define X86_CR0_MP (1u << 1)
#define X86_CR0_EM (1u << 2)
#define X86_CR0_TS (1u << 3)
#define X86_CR0_NE (1u << 5)
#define X86_CR4_OSFXSR (1u << 9)
#define X86_CR4_OSXMMEXCPT (1u << 10)

bool has_fxsr;
static u32 mxcsr_mask = 0xffbf;                 /* the MXCSR bits the CPU allows (fxsave says) */
#define FXSAVE_SIZE 512                 /* fxsave's image: x87, MXCSR, the XMM registers */

static u8 clean_state[FXSAVE_SIZE] __attribute__((aligned(16)));

void fpu_init(void)
{
	u32 a, b, c, d;

	cpuid(1, &a, &b, &c, &d);
	has_fxsr = d & X86_FEATURE_FXSR;
	write_cr0((read_cr0() & ~(X86_CR0_EM | X86_CR0_TS)) | X86_CR0_MP | X86_CR0_NE);
	if (has_fxsr)
		write_cr4(read_cr4() | X86_CR4_OSFXSR | ((d & X86_FEATURE_SSE) ? X86_CR4_OSXMMEXCPT : 0));
	__asm__ volatile("fninit");
	if (has_fxsr) {
		__asm__ volatile("fxsave %0" : "=m"(clean_state));
		if (*(u32 *)(clean_state + 28))
			mxcsr_mask = *(u32 *)(clean_state + 28);
	} else
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

/*
 * In a signal frame: Linux's struct _fpstate_32. The first 112 bytes are the old fsave layout
 * (control, status and tag words, the instruction and operand pointers, the eight 80-bit
 * registers), then status and magic (0: the fxsave image follows; 0xffff: fsave only), then at
 * byte 112 the 512-byte fxsave image itself (x87, MXCSR, the XMM registers).
 */
struct fpstate_header {
	u32 cw, sw, tag, ipoff, cssel, dataoff, datasel;
	u8 st[8][10];
	u16 status, magic;
};

_Static_assert(sizeof(struct fpstate_header) + FXSAVE_SIZE == FPSTATE_SIZE, "Linux's struct _fpstate_32");

#define FSAVE_SIZE 108                  /* fnsave's image: the header up to status and magic */
#define FXSR_MAGIC 0x0000
#define FSAVE_MAGIC 0xffff

/*
 * Both directions copy through this task's own memory only (its fpu_state, its kernel stack),
 * never a shared buffer: a copy to or from the user stack may fault and sleep, and another task
 * may take a signal meanwhile.
 */
int fpu_save_to_user(void *ubuf)
{
	struct task_struct *t = current;
	struct fpstate_header h;
	int err;

	fpu_save(t);                                    /* the registers into t->fpu_state */
	memset(&h, 0, sizeof(h));
	if (has_fxsr) {
		const u8 *fx = t->fpu_state;
		u8 abridged = fx[4];                    /* fxsave's tag: one bit a register, 1 = in use */

		h.cw = 0xffff0000u | *(const u16 *)fx;
		h.sw = 0xffff0000u | *(const u16 *)(fx + 2);
		h.tag = 0xffff0000u;
		for (int i = 0; i < 8; i++)             /* 00 valid, 11 empty (the fsave word's two bits) */
			h.tag |= (abridged & (1u << i) ? 0u : 3u) << (2 * i);
		h.ipoff = *(const u32 *)(fx + 8);
		h.cssel = *(const u16 *)(fx + 12);
		h.dataoff = *(const u32 *)(fx + 16);
		h.datasel = *(const u16 *)(fx + 20);
		for (int i = 0; i < 8; i++)
			memcpy(h.st[i], fx + 32 + 16 * i, 10);
		h.status = (u16)h.sw;
		h.magic = FXSR_MAGIC;
	} else {
		memcpy(&h, t->fpu_state, FSAVE_SIZE);   /* fnsave's own layout is the header's */
		h.magic = FSAVE_MAGIC;
	}
	/* (a sleep in the copy switches tasks, which saves the same registers again: no harm) */
	err = copy_to_user(ubuf, &h, sizeof(h)) ||
	      (has_fxsr && copy_to_user((u8 *)ubuf + sizeof(h), t->fpu_state, FXSAVE_SIZE));
	fpu_reset(t);                                   /* the handler starts with a clean FPU */
	fpu_restore(t);
	return err ? -EFAULT : 0;
}

int fpu_restore_from_user(const void *ubuf)
{
	struct task_struct *t = current;
	u8 image[FXSAVE_SIZE];                          /* what the frame says, until it is all read */
	const u8 *from = has_fxsr ? (const u8 *)ubuf + sizeof(struct fpstate_header) : ubuf;
	size_t n = has_fxsr ? FXSAVE_SIZE : FSAVE_SIZE;

	if (!ubuf || copy_from_user(image, from, n)) {
		fpu_reset(t);                           /* none, or unreadable: a clean FPU */
		fpu_restore(t);
		return ubuf ? -EFAULT : 0;
	}
	memcpy(t->fpu_state, image, n);
	if (has_fxsr)
		*(u32 *)(t->fpu_state + 24) &= mxcsr_mask;   /* a reserved MXCSR bit: fxrstor would fault */
	fpu_restore(t);
	return 0;
}
