/*
 * Clearing and copying whole pages: the work every first touch of anonymous memory (a zeroed
 * page) and every copy-on-write fault (a copy) does, 4 KiB each time.
 *
 * With SSE, 16 bytes move per instruction: 256 stores clear a page, 256 loads and 256 stores
 * copy one, in loops of 128 bytes (eight registers' worth). Without it, rep stosl and rep movsl
 * move 4 bytes per step: 1,024 steps. (Under QEMU's -icount each step of a rep instruction
 * counts as an instruction, so `make bench` sees the difference whole; on a real CPU both are
 * fast, and the SSE loop is what Linux once did with MMX for the same job, mmx_clear_page.)
 *
 * The kernel is built without floating point, so the XMM registers belong to the user program
 * that ran last (kernel/fpu.c saves them on every task switch). These routines borrow the few
 * they use and put the program's values back before they return; they never sleep in between,
 * and no interrupt handler touches the XMM registers, so nothing else can see the borrowed ones.
 */
#include <mm/page.h>
#include <kernel/string.h>

bool sse_page_ops;                      /* set by fpu_init once the CPU's SSE is switched on */

/* Zero a page-aligned page (its kernel address). */
void clear_page(void *page)
{
	u8 saved[16];                           /* the program's xmm0 (movups: the stack is
						 * only 4-byte aligned) */

	if (!sse_page_ops) {
		memset(page, 0, PAGE_SIZE);             /* rep stosl */
		return;
	}
	__asm__ volatile("movups %%xmm0, %0\n\txorps %%xmm0, %%xmm0" : "=m"(saved));
	for (u8 *p = page, *end = p + PAGE_SIZE; p < end; p += 128)
		__asm__ volatile("movaps %%xmm0, 0(%0)\n\t"  "movaps %%xmm0, 16(%0)\n\t"
				 "movaps %%xmm0, 32(%0)\n\t" "movaps %%xmm0, 48(%0)\n\t"
				 "movaps %%xmm0, 64(%0)\n\t" "movaps %%xmm0, 80(%0)\n\t"
				 "movaps %%xmm0, 96(%0)\n\t" "movaps %%xmm0, 112(%0)"
				 : : "r"(p) : "memory");
	__asm__ volatile("movups %0, %%xmm0" : : "m"(saved));
}

/* Copy a page-aligned page to another (kernel addresses). */
void copy_page(void *to, const void *from)
{
	u8 saved[8][16];                        /* the program's xmm0..xmm7 */

	if (!sse_page_ops) {
		memcpy(to, from, PAGE_SIZE);            /* rep movsl */
		return;
	}
	__asm__ volatile("movups %%xmm0, 0(%0)\n\t"  "movups %%xmm1, 16(%0)\n\t"
			 "movups %%xmm2, 32(%0)\n\t" "movups %%xmm3, 48(%0)\n\t"
			 "movups %%xmm4, 64(%0)\n\t" "movups %%xmm5, 80(%0)\n\t"
			 "movups %%xmm6, 96(%0)\n\t" "movups %%xmm7, 112(%0)" : : "r"(saved) : "memory");
	for (const u8 *p = from, *end = p + PAGE_SIZE; p < end; p += 128, to = (u8 *)to + 128)
		__asm__ volatile("movaps 0(%0), %%xmm0\n\t"   "movaps 16(%0), %%xmm1\n\t"
				 "movaps 32(%0), %%xmm2\n\t"  "movaps 48(%0), %%xmm3\n\t"
				 "movaps 64(%0), %%xmm4\n\t"  "movaps 80(%0), %%xmm5\n\t"
				 "movaps 96(%0), %%xmm6\n\t"  "movaps 112(%0), %%xmm7\n\t"
				 "movaps %%xmm0, 0(%1)\n\t"   "movaps %%xmm1, 16(%1)\n\t"
				 "movaps %%xmm2, 32(%1)\n\t"  "movaps %%xmm3, 48(%1)\n\t"
				 "movaps %%xmm4, 64(%1)\n\t"  "movaps %%xmm5, 80(%1)\n\t"
				 "movaps %%xmm6, 96(%1)\n\t"  "movaps %%xmm7, 112(%1)"
				 : : "r"(p), "r"(to) : "memory");
	__asm__ volatile("movups 0(%0), %%xmm0\n\t"  "movups 16(%0), %%xmm1\n\t"
			 "movups 32(%0), %%xmm2\n\t" "movups 48(%0), %%xmm3\n\t"
			 "movups 64(%0), %%xmm4\n\t" "movups 80(%0), %%xmm5\n\t"
			 "movups 96(%0), %%xmm6\n\t" "movups 112(%0), %%xmm7" : : "r"(saved) : "memory");
}
