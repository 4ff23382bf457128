/*
 * Self-tests of kernel virtual memory: kmap and kmap_atomic, vmalloc and vmap, the fixmap,
 * kernel stacks from vmalloc, TLB flush accounting.
 */
#include <kernel/selftest.h>
#include <kernel/printk.h>
#include <kernel/string.h>
#include <kernel/vsprintf.h>
#include <kernel/irq.h>
#include <mm/page.h>
#include <mm/mmzone.h>
#include <mm/gfp.h>
#include <mm/highmem.h>
#include <mm/vmalloc.h>
#include <kernel/seq_buf.h>
#include <mm/fixmap.h>
#include <mm/paging.h>
#include <mm/slab.h>
#include <asm/tlbflush.h>

static struct page *alloc_highmem_page(void)
{
	struct page *page = alloc_page(GFP_HIGHUSER);

	if (page && !PageHighMem(page)) {
		__free_page(page);
		return NULL;
	}
	return page;
}

/* Data written through kmap is read back through kmap_atomic, at another address. */
static int test_kmap_roundtrip(void)
{
	struct page *page = alloc_highmem_page();
	u32 *p, *q;

	if (!page)
		ST_SKIP("no HighMem on this machine");
	p = kmap(page);
	ST_ASSERT(p != NULL);
	ST_ASSERT((unsigned long)p >= PKMAP_BASE && (unsigned long)p < PKMAP_END);
	ST_ASSERT(kmap_address(page) == p);
	for (unsigned i = 0; i < PAGE_SIZE / 4; i++)
		p[i] = i * 2654435761u;
	q = kmap_atomic(page);
	ST_ASSERT(q != p);
	ST_ASSERT((unsigned long)q >= FIXADDR_START && (unsigned long)q < FIXADDR_TOP);
	for (unsigned i = 0; i < PAGE_SIZE / 4; i++)
		ST_ASSERT_EQ(q[i], i * 2654435761u);
	kunmap_atomic(q);
	ST_ASSERT(kmap(page) == p);                     /* mapped twice: same address */
	ST_ASSERT_EQ(pkmap_count[PKMAP_NR(p)], 3);      /* mapped, two users */
	kunmap(page);
	kunmap(page);
	ST_ASSERT_EQ(pkmap_count[PKMAP_NR(p)], 1);      /* mapped, unused: lazily reclaimed */
	__free_page(page);
	return 0;
}
SELFTEST("kmap.roundtrip", test_kmap_roundtrip, 0);

/* A lowmem page needs no slot: kmap returns its direct-map address. */
static int test_kmap_lowmem(void)
{
	struct page *page = alloc_page(GFP_KERNEL);

	ST_ASSERT(page != NULL);
	ST_ASSERT(kmap(page) == page_address(page));
	ST_ASSERT(kmap_atomic(page) == page_address(page));
	kunmap_atomic(page_address(page));
	kunmap(page);
	ST_ASSERT_EQ(kmap_atomic_depth, 0);
	__free_page(page);
	return 0;
}
SELFTEST("kmap.lowmem", test_kmap_lowmem, 0);

/*
 * All 1024 pkmap slots: map 1024 pages at once (the slot search wraps around to slot 0), see a
 * 1025th kmap refused, free one slot and see it reused after the wrap-around flush.
 */
static int test_kmap_wraparound(void)
{
	static struct page *pages[LAST_PKMAP + 1];
	unsigned long flushes, errors = kmap_errors, tlb_all, slot;
	int in_use = 0;

	for (int i = 0; i <= LAST_PKMAP; i++) {
		pages[i] = alloc_highmem_page();
		if (!pages[i]) {
			while (i--)
				__free_page(pages[i]);
			ST_SKIP("fewer than %d HighMem pages", LAST_PKMAP + 1);
		}
	}
	for (int i = 0; i < LAST_PKMAP; i++) {
		u32 *p = kmap(pages[i]);
		ST_ASSERT(p != NULL);
		*p = 0xabc00000 + i;
	}
	for (int i = 0; i < LAST_PKMAP; i++)
		in_use += pkmap_count[i] >= 2;
	ST_ASSERT_EQ(in_use, LAST_PKMAP);
	ST_ASSERT(kmap(pages[LAST_PKMAP]) == NULL);     /* every slot busy: refused, reported */
	ST_ASSERT_EQ(kmap_errors - errors, 1);
	flushes = pkmap_flushes;
	tlb_all = tlb_stats.all;
	slot = PKMAP_NR(kmap_address(pages[100]));
	kunmap(pages[100]);                             /* slot: mapped, unused (count 1) */
	ST_ASSERT_EQ(PKMAP_NR(kmap(pages[LAST_PKMAP])), slot); /* that slot, reused ... */
	ST_ASSERT(kmap_address(pages[100]) == NULL);
	ST_ASSERT_EQ(pkmap_flushes - flushes, 1);       /* ... by one wrap-around flush */
	ST_ASSERT_EQ(tlb_stats.all - tlb_all, 1);       /* ... costing one full TLB flush */
	for (int i = 0; i <= LAST_PKMAP; i++) {
		u32 *q = kmap_atomic(pages[i]);
		if (i < LAST_PKMAP)
			ST_ASSERT_EQ(*q, 0xabc00000 + i);
		kunmap_atomic(q);
		if (i != 100)
			kunmap(pages[i]);
		__free_page(pages[i]);
	}
	return 0;
}
SELFTEST("kmap.wraparound", test_kmap_wraparound, 0);

/* kmap_atomic mappings nest; releasing them out of order is reported and refused. */
static int test_kmap_atomic_nesting(void)
{
	struct page *a = alloc_highmem_page(), *b = alloc_highmem_page();
	unsigned long errors = kmap_atomic_errors, single = tlb_stats.single;
	void *pa, *pb;

	if (!a || !b)
		ST_SKIP("no HighMem on this machine");
	pa = kmap_atomic(a);
	pb = kmap_atomic(b);
	ST_ASSERT_EQ((unsigned long)pa - (unsigned long)pb, PAGE_SIZE); /* slots go downward */
	ST_ASSERT_EQ(kmap_atomic_depth, 2);
	kunmap_atomic(pa);                              /* out of order */
	ST_ASSERT_EQ(kmap_atomic_errors - errors, 1);
	ST_ASSERT_EQ(kmap_atomic_depth, 2);
	kunmap_atomic(pb);
	kunmap_atomic(pa);
	ST_ASSERT_EQ(kmap_atomic_depth, 0);
	ST_ASSERT_EQ(tlb_stats.single - single, 2);     /* one invlpg per release */
	__free_page(a);
	__free_page(b);
	return 0;
}
SELFTEST("kmap.atomic_nesting", test_kmap_atomic_nesting, 0);

/* /proc/vmallocinfo's text has area's line: its range, size, caller and page count. */
static bool vmallocinfo_shows(const struct vm_struct *area)
{
	static char text[8192];
	struct seq_buf s = { text, sizeof(text), 0 };
	char line[64];

	show_vmallocinfo(&s);
	snprintf(line, sizeof(line), "0x%08lx-0x%08lx %7lu ", area->addr, area->addr + area->size, area->size);
	return strstr(text, line) && strstr(text, "test_vmalloc_64m") &&
	       strstr(strstr(text, line), " vmalloc\n");
}

/*
 * 64 MiB of vmalloc: more than any buddy block (4 MiB), HighMem first, every byte usable,
 * everything back after vfree. On a machine with less free memory than that the allocation
 * must fail cleanly instead: NULL, and every page it took on the way given back.
 */
static int test_vmalloc_64m(void)
{
	const unsigned long size = 64ul << 20;
	unsigned long free_before = nr_free_pages(), vfree_before = vmalloc_free_bytes();
	struct vm_struct *area;
	u32 *p;

	ST_ASSERT(size > (PAGE_SIZE << (MAX_ORDER - 1)));
	p = vmalloc(size);
	if (free_before < size / PAGE_SIZE) {
		ST_ASSERT(p == NULL);
		ST_ASSERT_EQ(vmalloc_free_bytes(), vfree_before);
		ST_ASSERT(nr_free_pages() >= free_before - 16); /* its page array's slab may stay */
		printk(KERN_INFO "vmalloc.64m: only %lu pages free: failed cleanly, as it must\n", free_before);
		return 0;
	}
	ST_ASSERT(p != NULL);
	ST_ASSERT((unsigned long)p >= VMALLOC_START && (unsigned long)p + size <= VMALLOC_END);
	area = find_vm_area_containing((unsigned long)p);
	ST_ASSERT(area && area->nr_pages == size / PAGE_SIZE);
	ST_ASSERT_EQ(PageHighMem(area->pages[0]), zones[ZONE_HIGHMEM].managed_pages != 0);
	for (unsigned long i = 0; i < size / 4; i += PAGE_SIZE / 4 / 4)
		p[i] = (u32)i ^ 0x5a5a5a5a;
	for (unsigned long i = 0; i < size / 4; i += PAGE_SIZE / 4 / 4)
		ST_ASSERT_EQ(p[i], (u32)i ^ 0x5a5a5a5a);
	ST_ASSERT(vmallocinfo_shows(area));
	vfree(p);
	ST_ASSERT_EQ(vmalloc_free_bytes(), vfree_before);
	ST_ASSERT(nr_free_pages() >= free_before - 4); /* kmalloc caches may keep a slab */
	ST_ASSERT(!kern_addr_valid((unsigned long)p));
	return 0;
}
SELFTEST("vmalloc.64m", test_vmalloc_64m, 0);

/* Consecutive areas are separated by an unmapped guard page; vzalloc zeroes. */
static int test_vmalloc_guard_pages(void)
{
	u8 *a = vmalloc(3 * PAGE_SIZE), *b = vzalloc(PAGE_SIZE);

	ST_ASSERT(a && b);
	ST_ASSERT((unsigned long)b >= (unsigned long)a + 4 * PAGE_SIZE);
	ST_ASSERT(kern_addr_valid((unsigned long)a + 3 * PAGE_SIZE - 1));
	ST_ASSERT(!kern_addr_valid((unsigned long)a + 3 * PAGE_SIZE));   /* the guard page */
	ST_ASSERT(!kern_addr_valid((unsigned long)b + PAGE_SIZE));
	for (unsigned i = 0; i < PAGE_SIZE; i++)
		ST_ASSERT_EQ(b[i], 0);
	vfree(a);
	vfree(b);
	return 0;
}
SELFTEST("vmalloc.guard_pages", test_vmalloc_guard_pages, 0);

/* vmap maps pages the caller owns; vunmap leaves them allocated. Data matches kmap_atomic. */
static int test_vmap(void)
{
	struct page *pages[3] = { alloc_page(GFP_HIGHUSER), alloc_page(GFP_KERNEL), alloc_page(GFP_DMA) };
	u32 *v, *k;

	ST_ASSERT(pages[0] && pages[1] && pages[2]);
	v = vmap(pages, 3);
	ST_ASSERT(v != NULL);
	for (int i = 0; i < 3; i++)
		v[i * PAGE_SIZE / 4 + 5] = 0x1000 + i;
	for (int i = 0; i < 3; i++) {
		k = kmap_atomic(pages[i]);
		ST_ASSERT_EQ(k[5], 0x1000 + i);
		kunmap_atomic(k);
	}
	vunmap(v);
	ST_ASSERT(!kern_addr_valid((unsigned long)v));
	ST_ASSERT_EQ(page_count(pages[0]), 1);
	for (int i = 0; i < 3; i++)
		__free_page(pages[i]);
	return 0;
}
SELFTEST("vmalloc.vmap", test_vmap, 0);

/* Every fixmap slot lies in the printed fixmap range and maps exactly the page asked for. */
static int test_fixmap_slots(void)
{
	struct page *page = alloc_page(GFP_KERNEL);
	u32 *direct = page_address(page);

	ST_ASSERT(page != NULL);
	direct[9] = 0xf1f1f1f1;
	for (int idx = FIX_HOLE + 1; idx < __end_of_fixed_addresses; idx++) {
		unsigned long va = fix_to_virt(idx);
		ST_ASSERT(va >= FIXADDR_START && va < FIXADDR_TOP);
		set_fixmap(idx, page_to_phys(page));
		ST_ASSERT_EQ(*kernel_pte(va) & PAGE_MASK, page_to_phys(page));
		ST_ASSERT_EQ(((u32 *)va)[9], 0xf1f1f1f1);
		clear_fixmap(idx);
		ST_ASSERT(!kern_addr_valid(va));
	}
	ST_ASSERT(!kern_addr_valid(FIXADDR_TOP));       /* FIX_HOLE: never mapped */
	__free_page(page);
	return 0;
}
SELFTEST("fixmap.slots", test_fixmap_slots, 0);

static volatile int stack_result;

static void use_some_stack(void)
{
	volatile char buf[1024];

	for (unsigned i = 0; i < sizeof(buf); i++)
		buf[i] = (char)i;
	stack_result = buf[1000] + (int)(((unsigned long)buf >> 12) & 0);
}

/* A vmalloc'd stack works, and the page below it is unmapped. */
static int test_thread_stack(void)
{
	u8 *stack = alloc_thread_stack();

	ST_ASSERT(stack != NULL);
	ST_ASSERT(!kern_addr_valid((unsigned long)stack - 1));
	stack_result = 0;
	call_on_stack(stack + THREAD_SIZE, use_some_stack);
	ST_ASSERT_EQ(stack_result, (char)1000);
	free_thread_stack(stack);
	return 0;
}
SELFTEST("vmalloc.thread_stack", test_thread_stack, 0);

/* ---------------------------------------------------------------- faults on purpose */

/* selftest=harness.vmalloc_guard: write one byte past a vmalloc area; must oops naming it. */
static int test_harness_vmalloc_guard(void)
{
	u8 *p = vmalloc(PAGE_SIZE);

	printk(KERN_INFO "harness.vmalloc_guard: writing one byte past the area at %p on purpose\n", p);
	p[PAGE_SIZE] = 1;
	return 0;
}
SELFTEST("harness.vmalloc_guard", test_harness_vmalloc_guard, SELFTEST_EXPLICIT);

static volatile int recurse_limit = -1;  /* never reached: recursion ends at the guard page */

static int __attribute__((noinline)) recurse(int depth)
{
	volatile char frame[200];

	if (depth == recurse_limit)
		return 0;
	frame[0] = (char)depth;
	return recurse(depth + 1) + frame[0];   /* not a tail call: every level keeps its frame */
}

static void overflow_stack(void)
{
	stack_result = recurse(0);
}

/* selftest=harness.stack_overflow: recurse on a vmalloc'd stack until the guard page. */
static int test_harness_stack_overflow(void)
{
	u8 *stack = alloc_thread_stack();

	printk(KERN_INFO "harness.stack_overflow: recursing on the stack %p-%p on purpose\n",
	       stack, stack + THREAD_SIZE);
	call_on_stack(stack + THREAD_SIZE, overflow_stack);
	return 0;
}
SELFTEST("harness.stack_overflow", test_harness_stack_overflow, SELFTEST_EXPLICIT);
