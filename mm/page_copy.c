/*
 * Clearing and copying whole pages: the work every first touch of anonymous memory (a zeroed
 * page) and every copy-on-write fault (a copy) does, 4 KiB each time.
 *
 * With SSE, 16 bytes move per instruction: 256 stores clear a page, 256 loads and 256 stores
 * copy one, in loops of 512 bytes. Without it, rep stosl and rep movsl
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

/*
 * The loops below run an index from -PAGE_SIZE up to 0 against the pages' ends, so one `add`
 * both steps and tests (its zero flag ends the loop): two instructions of loop per 512 bytes.
 */

/* Sixteen 16-byte stores of xmm0 at page_end + i + off. */
#define CLEAR_256(off)                                                                       \
	"movaps %%xmm0, " #off "+0(%1,%0)\n\t"   "movaps %%xmm0, " #off "+16(%1,%0)\n\t"      \
	"movaps %%xmm0, " #off "+32(%1,%0)\n\t"  "movaps %%xmm0, " #off "+48(%1,%0)\n\t"      \
	"movaps %%xmm0, " #off "+64(%1,%0)\n\t"  "movaps %%xmm0, " #off "+80(%1,%0)\n\t"      \
	"movaps %%xmm0, " #off "+96(%1,%0)\n\t"  "movaps %%xmm0, " #off "+112(%1,%0)\n\t"     \
	"movaps %%xmm0, " #off "+128(%1,%0)\n\t" "movaps %%xmm0, " #off "+144(%1,%0)\n\t"     \
	"movaps %%xmm0, " #off "+160(%1,%0)\n\t" "movaps %%xmm0, " #off "+176(%1,%0)\n\t"     \
	"movaps %%xmm0, " #off "+192(%1,%0)\n\t" "movaps %%xmm0, " #off "+208(%1,%0)\n\t"     \
	"movaps %%xmm0, " #off "+224(%1,%0)\n\t" "movaps %%xmm0, " #off "+240(%1,%0)\n\t"

/* Zero a page-aligned page (its kernel address). */
void clear_page(void *page)
{
	u8 saved[16];                           /* the program's xmm0 (movups: the stack is
						 * only 4-byte aligned) */
	u8 *end = (u8 *)page + PAGE_SIZE;
	long i = -(long)PAGE_SIZE;

	if (!sse_page_ops) {
		memset(page, 0, PAGE_SIZE);             /* rep stosl */
		return;
	}
	__asm__ volatile("movups %%xmm0, %0\n\txorps %%xmm0, %%xmm0" : "=m"(saved));
	__asm__ volatile("1:\n\t"
			 CLEAR_256(0)
			 CLEAR_256(256)
			 "add $512, %0\n\t"
			 "jnz 1b"
			 : "+r"(i) : "r"(end) : "memory", "cc");
	__asm__ volatile("movups %0, %%xmm0" : : "m"(saved));
}

/* Four 16-byte loads from src_end + i + off and four stores to dst_end + i + off. */
#define COPY_64(off)                                                                         \
	"movaps " #off "+0(%1,%0), %%xmm0\n\t"   "movaps " #off "+16(%1,%0), %%xmm1\n\t"     \
	"movaps " #off "+32(%1,%0), %%xmm2\n\t"  "movaps " #off "+48(%1,%0), %%xmm3\n\t"     \
	"movaps %%xmm0, " #off "+0(%2,%0)\n\t"   "movaps %%xmm1, " #off "+16(%2,%0)\n\t"     \
	"movaps %%xmm2, " #off "+32(%2,%0)\n\t"  "movaps %%xmm3, " #off "+48(%2,%0)\n\t"

/* Copy a page-aligned page to another (kernel addresses). */
void copy_page(void *to, const void *from)
{
	u8 saved[4][16];                        /* the program's xmm0..xmm3 */
	const u8 *src_end = (const u8 *)from + PAGE_SIZE;
	u8 *dst_end = (u8 *)to + PAGE_SIZE;
	long i = -(long)PAGE_SIZE;

	if (!sse_page_ops) {
		memcpy(to, from, PAGE_SIZE);            /* rep movsl */
		return;
	}
	__asm__ volatile("movups %%xmm0, 0(%0)\n\t"  "movups %%xmm1, 16(%0)\n\t"
			 "movups %%xmm2, 32(%0)\n\t" "movups %%xmm3, 48(%0)" : : "r"(saved) : "memory");
	__asm__ volatile("1:\n\t"
			 COPY_64(0) COPY_64(64) COPY_64(128) COPY_64(192)
			 COPY_64(256) COPY_64(320) COPY_64(384) COPY_64(448)
			 "add $512, %0\n\t"
			 "jnz 1b"
			 : "+r"(i) : "r"(src_end), "r"(dst_end) : "memory", "cc");
	__asm__ volatile("movups 0(%0), %%xmm0\n\t"  "movups 16(%0), %%xmm1\n\t"
			 "movups 32(%0), %%xmm2\n\t" "movups 48(%0), %%xmm3" : : "r"(saved) : "memory");
}
