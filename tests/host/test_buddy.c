/*
 * The buddy allocator (mm/page_alloc.c) on a fake machine: 16 MiB DMA, 16 MiB Normal, 16 MiB
 * HighMem unless a test says otherwise.
 */
#include <stdlib.h>
#include <string.h>
#include <kernel/selftest.h>
#include "fake_kernel.h"
#include <mm/page.h>
#include <mm/mmzone.h>
#include <mm/gfp.h>

#define DMA_END 4096ul
#define NORMAL_END 8192ul
#define HIGH_END 12288ul

extern bool page_poisoning;

static void setup(void)
{
	page_poisoning = false;
	host_mm_setup(DMA_END, NORMAL_END, HIGH_END);
}

/*
 * Check every invariant of the free lists: each listed block is marked free with its order,
 * aligned, inside its zone; with the pages on the per-CPU list they add up to
 * zone->free_pages; and no free block's buddy is a free block of the same order (they would
 * have been merged).
 */
static int check_free_lists(void)
{
	for (int z = 0; z < MAX_NR_ZONES; z++) {
		struct zone *zone = &zones[z];
		unsigned long pages = 0;

		for (unsigned o = 0; o < MAX_ORDER; o++) {
			struct page *p;
			unsigned long n = 0;
			list_for_each_entry(p, &zone->free_area[o].free_list, lru) {
				unsigned long pfn = page_to_pfn(p), buddy = pfn ^ (1ul << o);
				ST_ASSERT(PageBuddy(p));
				ST_ASSERT_EQ(p->private, o);
				ST_ASSERT_EQ(pfn & ((1ul << o) - 1), 0);
				ST_ASSERT(zone_spans_pfn(zone, pfn) && zone_spans_pfn(zone, pfn + (1ul << o) - 1));
				if (o < MAX_ORDER - 1 && zone_spans_pfn(zone, buddy))
					ST_ASSERT(!(PageBuddy(pfn_to_page(buddy)) && pfn_to_page(buddy)->private == o));
				pages += 1ul << o;
				n++;
			}
			ST_ASSERT_EQ(n, zone->free_area[o].nr_free);
		}
		{
			struct page *p;
			int n = 0;
			list_for_each_entry(p, &zone->pcp.list, lru) {
				ST_ASSERT(PagePcp(p) && !PageBuddy(p) && zone_spans_pfn(zone, page_to_pfn(p)));
				n++;
			}
			ST_ASSERT_EQ(n, zone->pcp.count);
			ST_ASSERT(n <= zone->pcp.high);
			pages += n;
		}
		ST_ASSERT_EQ(pages, zone->free_pages);
	}
	return 0;
}

/* An order-1 allocation from a lone order-10 block splits it into one block of each order
 * 1..9 (order 0 goes through the per-CPU list; see test_pcp). */
static int test_split_merge(void)
{
	struct page *p;

	host_mm_setup_empty(DMA_END, NORMAL_END, HIGH_END);
	free_pages_range(1024, 2048);               /* exactly one 4 MiB block, in DMA */
	ST_ASSERT_EQ(zones[ZONE_DMA].free_area[10].nr_free, 1);
	p = alloc_pages(GFP_KERNEL, 1);             /* Normal is empty: falls back to DMA */
	ST_ASSERT(p != NULL);
	ST_ASSERT_EQ(page_to_pfn(p), 1024);
	ST_ASSERT_EQ(zones[ZONE_DMA].free_area[0].nr_free, 0);
	for (unsigned o = 1; o < 10; o++)
		ST_ASSERT_EQ(zones[ZONE_DMA].free_area[o].nr_free, 1);   /* expand() left one of each */
	ST_ASSERT_EQ(zones[ZONE_DMA].free_area[10].nr_free, 0);
	ST_ASSERT_EQ(page_to_pfn(list_first_entry(&zones[ZONE_DMA].free_area[9].free_list, struct page, lru)), 1536);
	ST_ASSERT_EQ(page_to_pfn(list_first_entry(&zones[ZONE_DMA].free_area[1].free_list, struct page, lru)), 1026);
	ST_ASSERT(check_free_lists() == 0);
	__free_pages(p, 1);                         /* merges all the way back up */
	for (unsigned o = 0; o < 10; o++)
		ST_ASSERT_EQ(zones[ZONE_DMA].free_area[o].nr_free, 0);
	ST_ASSERT_EQ(zones[ZONE_DMA].free_area[10].nr_free, 1);
	ST_ASSERT_EQ(zones[ZONE_DMA].free_pages, 1024);
	return 0;
}
/* Single pages go through the per-CPU list: a freed page is the next one handed out; the list
 * refills batch pages at a time, never holds more than high, and drains back into the buddy
 * lists, which then merge completely. */
static int test_pcp(void)
{
	struct per_cpu_pages *pcp = &zones[ZONE_DMA].pcp;
	struct page *p, *q, *many[400];

	host_mm_setup_empty(DMA_END, NORMAL_END, HIGH_END);
	free_pages_range(1024, 2048);
	p = alloc_pages(GFP_DMA, 0);
	ST_ASSERT_EQ(pcp->count, pcp->batch - 1);   /* one batch came over, one page went out */
	__free_page(p);
	ST_ASSERT(PagePcp(p));
	ST_ASSERT_EQ(pcp->count, pcp->batch);
	q = alloc_pages(GFP_DMA, 0);
	ST_ASSERT(q == p);                          /* last freed, first reused: cache-hot */
	__free_page(q);
	for (int i = 0; i < 400; i++)
		many[i] = alloc_pages(GFP_DMA, 0);
	for (int i = 0; i < 400; i++) {
		__free_page(many[i]);
		ST_ASSERT(pcp->count <= pcp->high);
	}
	ST_ASSERT(check_free_lists() == 0);
	ST_ASSERT(alloc_pages(GFP_DMA, 10) != NULL);  /* needs the pcp pages: drained on failure */
	ST_ASSERT_EQ(pcp->count, 0);
	ST_ASSERT_EQ(zones[ZONE_DMA].free_pages, 0);
	return check_free_lists();
}
SELFTEST("buddy.pcp", test_pcp, 0);
SELFTEST("buddy.split_merge", test_split_merge, 0);

/* Thousands of random allocations and frees keep every invariant, and when everything is
 * returned the free lists are exactly what they were: coalescing back to the highest orders. */
static int test_random_coalesce(void)
{
	enum { SLOTS = 600 };
	struct { struct page *page; unsigned order; } slot[SLOTS] = { { 0 } };
	unsigned long before[MAX_NR_ZONES][MAX_ORDER];
	static const gfp_t kinds[] = { GFP_KERNEL, GFP_DMA, GFP_HIGHUSER };

	setup();
	for (int z = 0; z < MAX_NR_ZONES; z++)
		for (unsigned o = 0; o < MAX_ORDER; o++)
			before[z][o] = zones[z].free_area[o].nr_free;
	srand(12345);
	for (int step = 0; step < 20000; step++) {
		int i = rand() % SLOTS;
		if (slot[i].page) {
			__free_pages(slot[i].page, slot[i].order);
			slot[i].page = NULL;
		} else {
			slot[i].order = (rand() % 4 == 0) ? rand() % MAX_ORDER : rand() % 3;
			slot[i].page = alloc_pages(kinds[rand() % 3], slot[i].order);
		}
		if (step % 1000 == 0)
			ST_ASSERT(check_free_lists() == 0);
	}
	for (int i = 0; i < SLOTS; i++)
		if (slot[i].page)
			__free_pages(slot[i].page, slot[i].order);
	ST_ASSERT(check_free_lists() == 0);
	drain_all_pages();
	ST_ASSERT(check_free_lists() == 0);
	for (int z = 0; z < MAX_NR_ZONES; z++)
		for (unsigned o = 0; o < MAX_ORDER; o++)
			ST_ASSERT_EQ(zones[z].free_area[o].nr_free, before[z][o]);
	ST_ASSERT_EQ(zones[ZONE_NORMAL].free_area[MAX_ORDER - 1].nr_free, 4);  /* 16 MiB = 4 x 4 MiB */
	return 0;
}
SELFTEST("buddy.random_coalesce", test_random_coalesce, 0);

/* Drain one kind of request; count the pages per zone it got. */
static void drain(gfp_t gfp, unsigned long got[MAX_NR_ZONES], struct page **list)
{
	struct page *p;

	memset(got, 0, sizeof(unsigned long) * MAX_NR_ZONES);
	while ((p = alloc_pages(gfp, 0)) != NULL) {
		got[page_zone(p) - zones]++;
		p->lru.next = (struct list_head *)*list;   /* chain through the unused lru field */
		*list = p;
	}
}

static void release(struct page *list)
{
	while (list) {
		struct page *next = (struct page *)list->lru.next;
		__free_page(list);
		list = next;
	}
}

/* Zone fallback: DMA only from DMA; KERNEL from Normal then DMA; HIGHUSER from all three,
 * HighMem first. */
static int test_zone_fallback(void)
{
	unsigned long got[MAX_NR_ZONES];
	struct page *list = NULL, *p;

	setup();
	p = alloc_pages(GFP_HIGHUSER, 0);
	ST_ASSERT(p && PageHighMem(p) && page_zone(p) == &zones[ZONE_HIGHMEM]);
	__free_page(p);
	p = alloc_pages(GFP_KERNEL, 0);
	ST_ASSERT(p && page_zone(p) == &zones[ZONE_NORMAL] && page_address(p) != NULL);
	__free_page(p);

	drain(GFP_DMA, got, &list);
	ST_ASSERT_EQ(got[ZONE_DMA], DMA_END - 1);       /* pfn 0 stays reserved */
	ST_ASSERT_EQ(got[ZONE_NORMAL] + got[ZONE_HIGHMEM], 0);
	release(list);
	list = NULL;

	drain(GFP_KERNEL, got, &list);
	ST_ASSERT_EQ(got[ZONE_NORMAL], NORMAL_END - DMA_END);
	ST_ASSERT_EQ(got[ZONE_DMA], DMA_END - 1);
	ST_ASSERT_EQ(got[ZONE_HIGHMEM], 0);
	ST_ASSERT_EQ(zones[ZONE_HIGHMEM].free_pages, HIGH_END - NORMAL_END);
	release(list);
	list = NULL;

	drain(GFP_HIGHUSER, got, &list);
	ST_ASSERT_EQ(got[ZONE_HIGHMEM] + got[ZONE_NORMAL] + got[ZONE_DMA], HIGH_END - 1);
	ST_ASSERT_EQ(nr_free_pages(), 0);
	ST_ASSERT(alloc_pages(GFP_HIGHUSER, 0) == NULL);    /* exhaustion: NULL, nothing else */
	release(list);
	ST_ASSERT_EQ(nr_free_pages(), HIGH_END - 1);
	return 0;
}
SELFTEST("buddy.zone_fallback", test_zone_fallback, 0);

/* A request too large for any free block fails; so does order >= MAX_ORDER. */
static int test_exhaustion(void)
{
	struct page *blocks[16];
	int n = 0;

	setup();
	ST_ASSERT(alloc_pages(GFP_KERNEL, MAX_ORDER) == NULL);
	while (n < 16 && (blocks[n] = alloc_pages(GFP_KERNEL, MAX_ORDER - 1)) != NULL)
		n++;
	ST_ASSERT_EQ(n, 7);     /* 4 in Normal, 3 in DMA (its first 4 MiB lacks pfn 0) */
	ST_ASSERT(alloc_pages(GFP_KERNEL, MAX_ORDER - 1) == NULL);
	ST_ASSERT(alloc_pages(GFP_KERNEL, 9) != NULL);      /* the DMA remainder still splits */
	while (n--)
		__free_pages(blocks[n], MAX_ORDER - 1);
	return check_free_lists();
}
SELFTEST("buddy.exhaustion", test_exhaustion, 0);

/* Bad frees are reported with the reason and leave the free lists untouched. */
static int test_bad_frees(void)
{
	struct page *a, *b;
	unsigned long bad, free_before;

	setup();
	a = alloc_pages(GFP_KERNEL, 3);
	b = alloc_pages(GFP_KERNEL, 0);
	bad = bad_page_count;
	__free_page(b);
	free_before = nr_free_pages();
	host_log_clear();
	__free_page(b);
	ST_ASSERT(strstr(host_log, "already free (double free)") != NULL);
	__free_pages(&a[2], 0);
	ST_ASSERT(strstr(host_log, "not the first page of its block (inside the allocated block of order 3") != NULL);
	__free_pages(a, 2);
	ST_ASSERT(strstr(host_log, "wrong order (allocated with order 3)") != NULL);
	__free_page(pfn_to_page(0));
	ST_ASSERT(strstr(host_log, "reserved") != NULL);
	__free_page(mem_map + HIGH_END + 5);
	ST_ASSERT(strstr(host_log, "is not a struct page of this machine") != NULL);
	ST_ASSERT_EQ(bad_page_count - bad, 5);
	ST_ASSERT_EQ(nr_free_pages(), free_before);
	ST_ASSERT(check_free_lists() == 0);
	__free_pages(a, 3);
	ST_ASSERT_EQ(bad_page_count - bad, 5);
	return check_free_lists();
}
SELFTEST("buddy.bad_frees", test_bad_frees, 0);

/* A page with two references is freed by the second __free_page only. */
static int test_refcount(void)
{
	struct page *p;
	unsigned long free_before;

	setup();
	p = alloc_pages(GFP_KERNEL, 0);
	free_before = nr_free_pages();
	get_page(p);
	__free_page(p);
	ST_ASSERT_EQ(nr_free_pages(), free_before);
	__free_page(p);
	ST_ASSERT_EQ(nr_free_pages(), free_before + 1);
	return 0;
}
SELFTEST("buddy.refcount", test_refcount, 0);

/* A hole (frames never given to the allocator) stops merging. */
static int test_hole(void)
{
	host_mm_setup_empty(DMA_END, NORMAL_END, HIGH_END);
	free_pages_range(4096, 4096 + 1000);
	free_pages_range(4096 + 1024, 8192);
	ST_ASSERT_EQ(zones[ZONE_NORMAL].free_pages, 4096 - 24);
	ST_ASSERT_EQ(zones[ZONE_NORMAL].free_area[10].nr_free, 3);
	return check_free_lists();
}
SELFTEST("buddy.hole", test_hole, 0);

/* __GFP_ZERO zeroes (HighMem too); page_poison=on catches a write after free. */
static int test_zero_and_poison(void)
{
	struct page *p;
	u8 *va;
	unsigned long bad;

	setup();
	p = alloc_pages(GFP_HIGHUSER, 0);
	memset(__va(page_to_phys(p)), 0x5a, PAGE_SIZE);
	__free_page(p);
	p = alloc_pages(GFP_HIGHUSER | __GFP_ZERO, 0);
	va = __va(page_to_phys(p));
	for (unsigned i = 0; i < PAGE_SIZE; i++)
		ST_ASSERT_EQ(va[i], 0);
	__free_page(p);

	page_poisoning = true;
	p = alloc_pages(GFP_KERNEL, 0);
	__free_page(p);
	va = page_address(p);
	ST_ASSERT_EQ(va[100], 0xaa);
	va[100] = 1;                              /* use after free */
	bad = bad_page_count;
	host_log_clear();
	ST_ASSERT(alloc_pages(GFP_KERNEL, 0) == p);
	ST_ASSERT_EQ(bad_page_count - bad, 1);
	ST_ASSERT(strstr(host_log, "was written after it was freed (offset 0x64") != NULL);
	page_poisoning = false;
	return 0;
}
SELFTEST("buddy.zero_and_poison", test_zero_and_poison, 0);

/* struct page stays at eight words (32 bytes in the i386 kernel): mem_map is 1/128 of RAM. */
static int test_struct_page_size(void)
{
	ST_ASSERT(sizeof(struct page) <= 8 * sizeof(long));
	return 0;
}
SELFTEST("buddy.struct_page_size", test_struct_page_size, 0);

/* show_buddyinfo prints Linux's /proc/buddyinfo format: zone name right-aligned in 8, then
 * the free block count of each order in "%6lu ". */
static int test_buddyinfo_format(void)
{
	setup();
	host_log_clear();
	show_buddyinfo();
	ST_ASSERT(strstr(host_log, "Node 0, zone      DMA      1      1      1      1      1      1      1      1      1      1      3 \n") != NULL);
	ST_ASSERT(strstr(host_log, "Node 0, zone   Normal      0      0      0      0      0      0      0      0      0      0      4 \n") != NULL);
	ST_ASSERT(strstr(host_log, "Node 0, zone  HighMem      0      0      0      0      0      0      0      0      0      0      4 \n") != NULL);
	return 0;
}
SELFTEST("buddy.buddyinfo_format", test_buddyinfo_format, 0);
