/*
 * In-kernel micro-benchmarks: the boot word kbench measures the kernel's own allocators and
 * mappings in CPU instructions (the TSC under QEMU's -icount counts one per instruction), prints
 * one line each, and powers off. make bench runs it (scripts/bench.py); the same code's
 * host-side timings are build/host_bench's.
 *
 *   kbench: alloc_pages_order0 N     alloc_pages + __free_pages, one page
 *   kbench: alloc_pages_order3 N     the same, 8 pages
 *   kbench: kmalloc64 N              kmalloc(64) + kfree
 *   kbench: vmalloc16k N             vmalloc(16 KiB) + vfree (page tables, and a TLB flush)
 *   kbench: kmap_atomic N            kmap_atomic + kunmap_atomic of a HighMem page
 *
 * Each is the cheapest of 5 batches' averages, as in user/bench/bench.c.
 */
#include <kernel/cmdline.h>
#include <kernel/printk.h>
#include <kernel/power.h>
#include <mm/gfp.h>
#include <mm/highmem.h>
#include <mm/page.h>
#include <mm/slab.h>
#include <mm/vmalloc.h>
#include <asm/x86.h>
#include <kernel/profile.h>

static bool kbench_requested;

static int parse_kbench(const char *val)
{
	if (val)
		return -1;
	kbench_requested = true;
	return 0;
}
__setup("kbench", parse_kbench, "no value: run the in-kernel micro-benchmarks and power off");

#define ROUNDS 200

static void report(const char *name, u64 best)
{
	pr_info("kbench: %s %llu\n", name, best);
}

static void bench_pages(unsigned order, const char *name)
{
	u64 best = ~0ull;

	for (int b = 0; b < 5; b++) {
		u64 t0 = rdtsc();
		for (int i = 0; i < ROUNDS; i++) {
			struct page *p = alloc_pages(GFP_KERNEL, order);
			if (p)
				__free_pages(p, order);
		}
		u64 t = (u32)(rdtsc() - t0) / ROUNDS;      /* a batch is far under 2^32 */
		if (t < best)
			best = t;
	}
	report(name, best);
}

static void bench_kmalloc(void)
{
	u64 best = ~0ull;

	for (int b = 0; b < 5; b++) {
		u64 t0 = rdtsc();
		for (int i = 0; i < ROUNDS; i++)
			kfree(kmalloc(64, GFP_KERNEL));
		u64 t = (u32)(rdtsc() - t0) / ROUNDS;      /* a batch is far under 2^32 */
		if (t < best)
			best = t;
	}
	report("kmalloc64", best);
}

static void bench_vmalloc(void)
{
	u64 best = ~0ull;

	for (int b = 0; b < 5; b++) {
		u64 t0 = rdtsc();
		for (int i = 0; i < ROUNDS / 10; i++)
			vfree(vmalloc(16384));
		u64 t = (u32)(rdtsc() - t0) / (ROUNDS / 10);
		if (t < best)
			best = t;
	}
	report("vmalloc16k", best);
}

static void bench_kmap_atomic(void)
{
	struct page *page = alloc_page(GFP_HIGHUSER);
	u64 best = ~0ull;

	if (!page)
		return;
	for (int b = 0; b < 5; b++) {
		u64 t0 = rdtsc();
		for (int i = 0; i < ROUNDS; i++)
			kunmap_atomic(kmap_atomic(page));
		u64 t = (u32)(rdtsc() - t0) / ROUNDS;      /* a batch is far under 2^32 */
		if (t < best)
			best = t;
	}
	report(PageHighMem(page) ? "kmap_atomic_highmem" : "kmap_atomic_lowmem", best);
	__free_page(page);
}

void kbench_run(void)
{
	if (!kbench_requested)
		return;
	bench_pages(0, "alloc_pages_order0");
	bench_pages(3, "alloc_pages_order3");
	bench_kmalloc();
	bench_vmalloc();
	bench_kmap_atomic();
	pr_info("kbench: done\n");
	machine_power_off(0);
}
