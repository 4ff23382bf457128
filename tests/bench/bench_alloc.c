/*
 * Host benchmark of the allocators (the kernel's own mm/page_alloc.c and mm/slab.c, built for
 * the host): nanoseconds per allocate+free pair, best of several runs. Run by `make bench`.
 * Targets: order-0 pair < 40 ns, kmalloc(64)+kfree < 30 ns.
 */
#define _POSIX_C_SOURCE 199309L
#include <stdio.h>
#include <time.h>
#include "../host/fake_kernel.h"
#include <mm/page.h>
#include <mm/mmzone.h>
#include <mm/gfp.h>
#include <mm/slab.h>

#include <mm/swap.h>

/*
 * The allocator's calls into reclaim. The benchmark never runs short of memory and frees only
 * pages it allocated itself (never on an LRU list), so none of these is reached; they are here
 * for the linker. Reclaim itself runs in QEMU (the swap and disk-big tests).
 */
struct task_struct *current;
bool current_is_kswapd(void) { return false; }
void wakeup_kswapd(void) { }
unsigned long shrink_page_cache(unsigned long nr) { return 0; }
void lru_del(struct page *page) { }

#define ITERS 5000000
#define RUNS 5

static double now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e9 + ts.tv_nsec;
}

static double bench_pages(unsigned order)
{
	double best = 1e30;

	for (int r = 0; r < RUNS; r++) {
		double t0 = now_ns();
		for (int i = 0; i < ITERS; i++) {
			struct page *p = alloc_pages(GFP_KERNEL, order);
			__free_pages(p, order);
		}
		double ns = (now_ns() - t0) / ITERS;
		if (ns < best)
			best = ns;
	}
	return best;
}

static double bench_kmalloc(unsigned size)
{
	double best = 1e30;

	for (int r = 0; r < RUNS; r++) {
		double t0 = now_ns();
		for (int i = 0; i < ITERS; i++) {
			void *p = kmalloc(size, GFP_KERNEL);
			kfree(p);
		}
		double ns = (now_ns() - t0) / ITERS;
		if (ns < best)
			best = ns;
	}
	return best;
}

int main(void)
{
	host_mm_setup(4096, 65536, 65536);   /* 16 MiB DMA, 240 MiB Normal */
	kmem_cache_init();
	printf("alloc   order-0 alloc_pages + __free_pages     %6.1f ns/pair (target < 40)\n", bench_pages(0));
	printf("alloc   order-3 alloc_pages + __free_pages     %6.1f ns/pair\n", bench_pages(3));
	printf("alloc   kmalloc(64) + kfree                    %6.1f ns/pair (target < 30)\n", bench_kmalloc(64));
	return 0;
}
