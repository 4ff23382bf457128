/*
 * Self-tests of the physical memory allocators on the real machine, at whatever size QEMU was
 * given (make test boots 64 MiB, 1 GiB and 2 GiB).
 */
#include <kernel/selftest.h>
#include <kernel/printk.h>
#include <kernel/string.h>
#include <mm/page.h>
#include <mm/mmzone.h>
#include <mm/gfp.h>
#include <mm/highmem.h>
#include <mm/slab.h>
#include <kernel/seq_buf.h>

/* Snapshot of every free list's length, to compare before and after. */
struct buddy_snapshot {
	unsigned long nr_free[MAX_NR_ZONES][MAX_ORDER];
	unsigned long free_pages;
};

static void snapshot(struct buddy_snapshot *s)
{
	drain_all_pages();          /* pages parked on the per-CPU lists belong in the picture */
	for (int z = 0; z < MAX_NR_ZONES; z++)
		for (unsigned o = 0; o < MAX_ORDER; o++)
			s->nr_free[z][o] = zones[z].free_area[o].nr_free;
	s->free_pages = nr_free_pages();
}

static bool same_snapshot(const struct buddy_snapshot *a, const struct buddy_snapshot *b)
{
	return memcmp(a, b, sizeof(*a)) == 0;
}

/*
 * Allocate order-0 pages with gfp until none is left, chaining them through page->lru (unused
 * while a page is allocated); call check on each. Returns how many were taken.
 */
static unsigned long drain(gfp_t gfp, struct list_head *taken, bool (*check)(struct page *))
{
	unsigned long n = 0;
	struct page *page;

	while ((page = alloc_pages(gfp, 0)) != NULL) {
		list_add(&page->lru, taken);
		if (check && !check(page))
			selftest_fail(__FILE__, __LINE__, "pfn %#lx from the wrong zone", page_to_pfn(page));
		n++;
	}
	return n;
}

static void release(struct list_head *taken)
{
	while (!list_empty(taken)) {
		struct page *page = list_first_entry(taken, struct page, lru);
		list_del(&page->lru);
		__free_page(page);
	}
}

/* Every free page can be allocated, and after freeing all of them the free lists coalesce back
 * to exactly what they were: splitting and merging are inverse. */
static int test_all_pages(void)
{
	struct buddy_snapshot before, after;
	struct list_head taken;
	unsigned long n;

	INIT_LIST_HEAD(&taken);
	snapshot(&before);
	n = drain(GFP_HIGHUSER, &taken, NULL);
	ST_ASSERT_EQ(n, before.free_pages);
	ST_ASSERT_EQ(nr_free_pages(), 0);
	ST_ASSERT(alloc_pages(GFP_HIGHUSER, 0) == NULL);
	ST_ASSERT(alloc_pages(GFP_DMA, 0) == NULL);
	release(&taken);
	snapshot(&after);
	ST_ASSERT(same_snapshot(&before, &after));
	printk(KERN_INFO "buddy.all_pages: %lu pages allocated and freed, free lists restored\n", n);
	return 0;
}
SELFTEST("buddy.all_pages", test_all_pages, 0);

static bool below_16m(struct page *page)
{
	return page_to_phys(page) < MAX_DMA_ADDRESS && page_zone(page) == &zones[ZONE_DMA];
}

static bool is_lowmem(struct page *page)
{
	return !PageHighMem(page) && page_to_pfn(page) < max_low_pfn;
}

/* GFP_DMA takes only ZONE_DMA, which holds exactly its free pages, all below 16 MiB. */
static int test_dma_zone(void)
{
	struct list_head taken;
	unsigned long dma_free = zones[ZONE_DMA].free_pages, total = nr_free_pages();

	INIT_LIST_HEAD(&taken);
	ST_ASSERT_EQ(drain(GFP_DMA, &taken, below_16m), dma_free);
	ST_ASSERT_EQ(nr_free_pages(), total - dma_free);
	release(&taken);
	ST_ASSERT_EQ(nr_free_pages(), total);
	return 0;
}
SELFTEST("buddy.dma_zone", test_dma_zone, 0);

/* GFP_KERNEL never gets HighMem: it runs out while HighMem still has every page free. */
static int test_kernel_gets_no_highmem(void)
{
	struct list_head taken;
	unsigned long high = zones[ZONE_HIGHMEM].free_pages, total = nr_free_pages();

	INIT_LIST_HEAD(&taken);
	ST_ASSERT_EQ(drain(GFP_KERNEL, &taken, is_lowmem), total - high);
	ST_ASSERT_EQ(zones[ZONE_HIGHMEM].free_pages, high);
	ST_ASSERT_EQ(zones[ZONE_DMA].free_pages, 0);    /* Normal ran out, then it fell back to DMA */
	release(&taken);
	ST_ASSERT_EQ(nr_free_pages(), total);
	return 0;
}
SELFTEST("buddy.kernel_gets_no_highmem", test_kernel_gets_no_highmem, 0);

/* GFP_HIGHUSER prefers HighMem when there is any; data written through kmap_atomic of one page
 * is read back through a second, nested kmap_atomic at a different address. */
static int test_highuser_prefers_highmem(void)
{
	struct page *page = alloc_pages(GFP_HIGHUSER | __GFP_ZERO, 0);
	u32 *a, *b;

	ST_ASSERT(page != NULL);
	ST_ASSERT_EQ(PageHighMem(page), zones[ZONE_HIGHMEM].managed_pages != 0);
	a = kmap_atomic(page);
	ST_ASSERT_EQ(a[0], 0);
	ST_ASSERT_EQ(a[PAGE_SIZE / 4 - 1], 0);
	a[7] = 0x600dcafe;
	b = kmap_atomic(page);
	ST_ASSERT(!PageHighMem(page) || a != b);
	ST_ASSERT_EQ(b[7], 0x600dcafe);
	kunmap_atomic(b);
	kunmap_atomic(a);
	ST_ASSERT_EQ(kmap_atomic_depth, 0);
	__free_page(page);
	return 0;
}
SELFTEST("buddy.highuser_prefers_highmem", test_highuser_prefers_highmem, 0);

/* Freeing twice, freeing a tail page, freeing with the wrong order: each reported, none of
 * them changing the free lists. */
static int test_bad_frees(void)
{
	struct buddy_snapshot before, after;
	struct page *block = alloc_pages(GFP_KERNEL, 2);
	struct page *single = alloc_pages(GFP_KERNEL, 0);
	unsigned long bad = bad_page_count;

	ST_ASSERT(block && single);
	__free_pages(&block[1], 0);   /* not the head */
	__free_pages(block, 1);       /* wrong order */
	__free_page(single);
	snapshot(&before);
	__free_page(single);          /* double free */
	snapshot(&after);
	ST_ASSERT_EQ(bad_page_count - bad, 3);
	ST_ASSERT(same_snapshot(&before, &after));
	__free_pages(block, 2);
	ST_ASSERT_EQ(bad_page_count - bad, 3);
	return 0;
}
SELFTEST("buddy.bad_frees", test_bad_frees, 0);

/* Blocks are aligned to their size, and a split block's halves come back as one. */
static int test_orders(void)
{
	for (unsigned order = 0; order < MAX_ORDER; order++) {
		struct page *p = alloc_pages(GFP_KERNEL, order);
		ST_ASSERT(p != NULL);
		ST_ASSERT_EQ(page_to_pfn(p) & ((1ul << order) - 1), 0);
		__free_pages(p, order);
	}
	ST_ASSERT(alloc_pages(GFP_KERNEL, MAX_ORDER) == NULL);
	return 0;
}
SELFTEST("buddy.orders", test_orders, 0);

/* Allocate, fill and check one object of each size; free them all. */
static int kmalloc_round(void)
{
	static const unsigned sizes[] = { 1, 8, 13, 64, 96, 100, 192, 256, 1000, 2048, 4096, 4097, 65536 };
	void *p[ARRAY_SIZE(sizes)];

	for (unsigned i = 0; i < ARRAY_SIZE(sizes); i++) {
		p[i] = kmalloc(sizes[i], GFP_KERNEL);
		ST_ASSERT(p[i] != NULL);
		ST_ASSERT_EQ((unsigned long)p[i] & 7, 0);
		memset(p[i], (int)i, sizes[i]);
	}
	for (unsigned i = 0; i < ARRAY_SIZE(sizes); i++) {
		ST_ASSERT_EQ(((u8 *)p[i])[0], i);
		ST_ASSERT_EQ(((u8 *)p[i])[sizes[i] - 1], i);
		kfree(p[i]);
	}
	return 0;
}

/* /proc/slabinfo's text (version 2.1) has a line for the cache named name. */
static bool slabinfo_shows(const char *name)
{
	static char text[4096];
	struct seq_buf s = { text, sizeof(text), 0 };

	show_slabinfo(&s);
	return str_starts_with(text, "slabinfo - version: 2.1\n") && strstr(text, name);
}

/* kmalloc from 1 byte to 4 KiB from the slab caches, beyond that from the buddy allocator; a
 * second identical round takes no page more (each cache keeps at most one empty slab). */
static int test_kmalloc_sizes(void)
{
	unsigned long free_after_first;

	ST_ASSERT(kmalloc_round() == 0);
	free_after_first = nr_free_pages();
	ST_ASSERT(kmalloc_round() == 0);
	ST_ASSERT_EQ(nr_free_pages(), free_after_first);
	ST_ASSERT(kmalloc(0, GFP_KERNEL) == ZERO_SIZE_PTR);
	kfree(ZERO_SIZE_PTR);
	ST_ASSERT(slabinfo_shows("kmalloc-64 "));
	return 0;
}
SELFTEST("slab.kmalloc_sizes", test_kmalloc_sizes, 0);

/* kmalloc of a power of two is aligned to it, as Linux promises. */
static int test_kmalloc_alignment(void)
{
	for (unsigned size = 8; size <= 4096; size *= 2) {
		void *p = kmalloc(size, GFP_KERNEL);
		ST_ASSERT(p != NULL);
		ST_ASSERT_EQ((unsigned long)p & (size - 1), 0);
		kfree(p);
	}
	return 0;
}
SELFTEST("slab.kmalloc_alignment", test_kmalloc_alignment, 0);

/* A double kfree and a write after kfree are both reported. */
static int test_slab_errors(void)
{
	unsigned long errors = slab_error_count;
	u8 *p = kmalloc(64, GFP_KERNEL), *q;

	ST_ASSERT(p != NULL);
	kfree(p);
	kfree(p);                        /* double free */
	ST_ASSERT_EQ(slab_error_count - errors, 1);
	p[40] = 0x11;                    /* write after free: found when handed out again */
	q = kmalloc(64, GFP_KERNEL);
	ST_ASSERT(q == p);               /* last freed, first reused */
	ST_ASSERT_EQ(slab_error_count - errors, 2);
	kfree(q);
	kfree(q + 1);                    /* not the start of an object */
	ST_ASSERT_EQ(slab_error_count - errors, 3);
	return 0;
}
SELFTEST("slab.errors", test_slab_errors, 0);
