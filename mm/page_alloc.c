/*
 * The buddy allocator: zones, free lists per order, split on allocation, merge on free.
 *
 * Allocation (alloc_pages -> __rmqueue_smallest -> expand): take the first free block of at
 * least the wanted order; while it is too big, split it in halves and put the upper half back
 * on the list one order lower.
 *
 * Freeing (__free_pages -> __free_one_page): while the block's buddy (the other half of the
 * block one order up, at pfn ^ (1 << order)) is free and of the same order, take the buddy off
 * its list and merge; then put the merged block on its list. So free memory coalesces back
 * into the largest blocks by itself.
 *
 * Single pages take a shortcut through the zone's per-CPU list (struct per_cpu_pages): freed
 * pages wait there and are handed out again first, and only move to or from the buddy lists
 * in batches.
 *
 * Compiles for the host too (tests/host/test_buddy.c).
 */
#include <kernel/lab.h>
#include <mm/page.h>
#include <mm/swap.h>
#include <mm/pagemap.h>
#include <mm/mmzone.h>
#include <mm/gfp.h>
#include <mm/highmem.h>
#include <kernel/printk.h>
#include <kernel/string.h>
#include <kernel/vsprintf.h>
#include <kernel/cmdline.h>
#include <asm/x86.h>
#include <kernel/sched.h>
#include "internal.h"

#define PCP_BATCH 31                 /* pages moved between the pcp and buddy lists at once */
#define PCP_HIGH (6 * PCP_BATCH)     /* most pages a pcp list keeps */
#define PAGE_POISON 0xaa             /* fills free pages when page_poison=on (Linux's value) */

struct zone zones[MAX_NR_ZONES];
struct page *mem_map;
unsigned long bad_page_count;
bool page_poisoning;                 /* page_poison=on */

static const char *const zone_names[MAX_NR_ZONES] = { "DMA", "Normal", "HighMem" };

/* ---------------------------------------------------------------- free lists */

static void add_to_free_list(struct page *page, struct zone *zone, unsigned order)
{
	struct free_area *area = &zone->free_area[order];

	list_add(&page->lru, &area->free_list);
	area->nr_free++;
	page->private = order;
	SetPageBuddy(page);
}

static void del_page_from_free_list(struct page *page, struct zone *zone, unsigned order)
{
	list_del(&page->lru);
	zone->free_area[order].nr_free--;
	page->private = 0;
	ClearPageBuddy(page);
}

/* ---------------------------------------------------------------- allocation */

/*
 * Split a block of order high down to order low: each step puts the upper half back on the
 * free list one order lower and keeps the lower half.
 */
static void expand(struct zone *zone, struct page *page, unsigned low, unsigned high)
{
	/* LAB 1 BEGIN expand: halve the block until it has order low; each upper half goes back */
	unsigned long size = 1ul << high;

	while (high > low) {
		high--;
		size >>= 1;
		add_to_free_list(&page[size], zone, high);
	}
	/* LAB 1 STUB
	LAB_MISSING(1, "expand");
	   LAB 1 END */
}

/* Take the smallest free block of at least the given order and split it to size. */
static struct page *__rmqueue_smallest(struct zone *zone, unsigned order)
{
	/* LAB 1 BEGIN __rmqueue_smallest: the first free block of the smallest order >= order, split */
	for (unsigned current_order = order; current_order < MAX_ORDER; current_order++) {
		struct free_area *area = &zone->free_area[current_order];
		struct page *page;

		if (list_empty(&area->free_list))
			continue;
		page = list_first_entry(&area->free_list, struct page, lru);
		del_page_from_free_list(page, zone, current_order);
		expand(zone, page, order, current_order);
		return page;
	}
	return NULL;
	/* LAB 1 STUB
	LAB_MISSING(1, "__rmqueue_smallest");
	(void)expand;                              // you will call it
	(void)del_page_from_free_list;             // and this one
	return NULL;
	   LAB 1 END */
}

/* Find bytes that are not the poison pattern in a free page: a write after free. */
static void check_poison(struct page *page)
{
	const u8 *va = kmap_atomic(page);

	for (unsigned i = 0; i < PAGE_SIZE; i++) {
		if (va[i] != PAGE_POISON) {
			pr_err("BUG: page pfn %#lx was written after it was freed (offset %#x: %02x)\n",
			       page_to_pfn(page), i, va[i]);
			bad_page_count++;
			break;
		}
	}
	kunmap_atomic((void *)va);
}

static void fill_page(struct page *page, int byte)
{
	void *va = kmap_atomic(page);

	memset(va, byte, PAGE_SIZE);
	kunmap_atomic(va);
}

/* Check the poison of a block just taken and zero it, as prep_new_page needs. */
static void prep_new_pages_fill(struct page *page, unsigned order, gfp_t gfp)
{
	for (unsigned long i = 0; i < (1ul << order); i++) {
		if (page_poisoning)
			check_poison(&page[i]);
		if (gfp & __GFP_ZERO)
			clear_highpage(&page[i]);
	}
}

/* Make a block just taken from the free lists ready for its user. */
static inline void prep_new_page(struct page *page, unsigned order, gfp_t gfp)
{
	page->_refcount = 1;
	page->_mapcount = -1;
	page->private = order;
	SetPageHead(page);
	if (page_poisoning || (gfp & __GFP_ZERO))
		prep_new_pages_fill(page, order, gfp);
}

/* The highest zone a request may use; lower zones are the fallback. */
static enum zone_type gfp_zone(gfp_t gfp)
{
	if (gfp & __GFP_DMA)
		return ZONE_DMA;
	if (gfp & __GFP_HIGHMEM)
		return ZONE_HIGHMEM;
	return ZONE_NORMAL;
}

/* Refill the per-CPU list with up to batch single pages from the buddy lists. */
static void rmqueue_bulk(struct zone *zone)
{
	struct per_cpu_pages *pcp = &zone->pcp;

	for (int i = 0; i < pcp->batch; i++) {
		struct page *page = __rmqueue_smallest(zone, 0);
		if (!page)
			break;
		SetPagePcp(page);
		list_add_tail(&page->lru, &pcp->list);
		pcp->count++;
	}
}

/* A single page from the per-CPU list, refilled from the buddy lists when empty. */
static struct page *rmqueue_pcplist(struct zone *zone)
{
	struct per_cpu_pages *pcp = &zone->pcp;
	struct page *page;

	if (list_empty(&pcp->list))
		rmqueue_bulk(zone);
	if (list_empty(&pcp->list))
		return NULL;
	page = list_first_entry(&pcp->list, struct page, lru);
	list_del(&page->lru);
	pcp->count--;
	ClearPagePcp(page);
	return page;
}

/* Take a block of 2^order pages out of a zone, or NULL. */
static struct page *rmqueue(struct zone *zone, unsigned order)
{
	u32 flags = local_irq_save();
	struct page *page = order == 0 ? rmqueue_pcplist(zone) : __rmqueue_smallest(zone, order);

	if (page)
		zone->free_pages -= 1ul << order;
	local_irq_restore(flags);
	return page;
}

/* Try the preferred zone first, then each lower one (Normal -> DMA). */
static struct page *get_page_from_freelist(gfp_t gfp, unsigned order)
{
	/* LAB 1 BEGIN get_page_from_freelist: the preferred zone, then each lower one */
	for (int z = gfp_zone(gfp); z >= 0; z--) {
		struct page *page;

		if (!zones[z].managed_pages)
			continue;
		page = rmqueue(&zones[z], order);
		if (page)
			return page;
	}
	return NULL;
	/* LAB 1 STUB
	LAB_MISSING(1, "get_page_from_freelist");
	return zones[gfp_zone(gfp)].managed_pages ? rmqueue(&zones[gfp_zone(gfp)], order) : NULL;
	   LAB 1 END */
}

/*
 * May this request take 2^order pages without going below the reserve of its kind? The reserve
 * is summed over the zones it may use: a user page leaves each zone's min watermark free, a
 * kernel allocation half of it, and kswapd (which frees memory by allocating a little) nothing;
 * nor does boot, before any process runs (nobody competes: the self-tests drain it all).
 */
static long free_above_reserve(gfp_t gfp)
{
	long free = 0;

	for (int z = 0; z <= (int)gfp_zone(gfp); z++) {
		unsigned long min = zones[z].watermark[WMARK_MIN];
		free += (long)zones[z].free_pages - (long)((gfp & __GFP_USER) ? min : min / 2);
	}
	return free;
}

static bool watermark_ok(gfp_t gfp, unsigned order)
{
	if (!current || current->pid == 0 || current_is_kswapd())
		return true;
	return free_above_reserve(gfp) >= (1l << order);
}

bool user_pages_available(unsigned long pages)
{
	return free_above_reserve(GFP_HIGHUSER) >= (long)pages;
}

/* Below the low watermark in a zone this request may use: kswapd starts reclaiming. */
static void check_low_watermark(gfp_t gfp)
{
	for (int z = 0; z <= (int)gfp_zone(gfp); z++)
		if (zones[z].managed_pages && zones[z].free_pages < zones[z].watermark[WMARK_LOW]) {
			wakeup_kswapd();
			return;
		}
}

/*
 * The common case, tested first: every zone this request may use has 2^order pages to spare
 * above its low watermark. Then no reserve is in question (each zone's part of the sum in
 * free_above_reserve is at least 2^order) and kswapd has nothing to do (Linux's
 * zone_watermark_fast).
 */
static bool zones_above_low(gfp_t gfp, unsigned order)
{
	for (int z = 0; z <= (int)gfp_zone(gfp); z++)
		if (zones[z].managed_pages && zones[z].free_pages < zones[z].watermark[WMARK_LOW] + (1ul << order))
			return false;
	return true;
}

struct page *alloc_pages(gfp_t gfp, unsigned order)
{
	struct page *page = NULL;

	if (order >= MAX_ORDER)
		return NULL;
	if (zones_above_low(gfp, order) && (page = get_page_from_freelist(gfp, order))) {
		prep_new_page(page, order, gfp);
		return page;
	}
	if (watermark_ok(gfp, order))
		page = get_page_from_freelist(gfp, order);
	if (!page && order > 0 && watermark_ok(gfp, order)) {
		/* single pages parked on the per-CPU lists may complete a bigger block */
		drain_all_pages();
		page = get_page_from_freelist(gfp, order);
	}
	/* the allocator's own reclaim: clean pages nobody maps (mm/vmscan.c), then try again */
	for (int tries = 0; !page && tries < 4 && shrink_page_cache(32ul << order); tries++) {
		drain_all_pages();
		if (watermark_ok(gfp, order))
			page = get_page_from_freelist(gfp, order);
	}
	check_low_watermark(gfp);
	if (page)
		prep_new_page(page, order, gfp);
	return page;
}

/* ---------------------------------------------------------------- freeing */

/*
 * Put a block on the free lists, merging it with its buddy as long as the buddy is a free
 * block of the same order inside the same zone.
 */
static void __free_one_page(unsigned long pfn, struct zone *zone, unsigned order)
{
	/* LAB 1 BEGIN __free_one_page: merge with the buddy while it is free and of the same order */
	while (order < MAX_ORDER - 1) {
		unsigned long buddy_pfn = pfn ^ (1ul << order);
		struct page *buddy;

		if (!zone_spans_pfn(zone, buddy_pfn))
			break;
		buddy = pfn_to_page(buddy_pfn);
		if (!PageBuddy(buddy) || buddy->private != order)
			break;             /* buddy in use, reserved, or split smaller: stop */
		del_page_from_free_list(buddy, zone, order);
		pfn &= buddy_pfn;          /* the merged block starts at the lower of the two */
		order++;
	}
	add_to_free_list(pfn_to_page(pfn), zone, order);
	/* LAB 1 STUB
	LAB_MISSING(1, "__free_one_page");
	add_to_free_list(pfn_to_page(pfn), zone, order);
	   LAB 1 END */
}

/* Move up to count pages from the cold end of the per-CPU list to the buddy lists. */
static void free_pcppages_bulk(struct zone *zone, int count)
{
	struct per_cpu_pages *pcp = &zone->pcp;

	while (count-- > 0 && !list_empty(&pcp->list)) {
		struct page *page = list_entry(pcp->list.prev, struct page, lru);
		list_del(&page->lru);
		pcp->count--;
		ClearPagePcp(page);
		__free_one_page(page_to_pfn(page), zone, 0);
	}
}

void drain_all_pages(void)
{
	for (int z = 0; z < MAX_NR_ZONES; z++) {
		u32 flags = local_irq_save();
		free_pcppages_bulk(&zones[z], zones[z].pcp.count);
		local_irq_restore(flags);
	}
}

/* A block whose last user is gone: single pages to the per-CPU list, others to the buddy lists. */
static void free_one_block(struct page *page, unsigned order)
{
	struct zone *zone = page_zone(page);
	struct per_cpu_pages *pcp = &zone->pcp;
	u32 flags = local_irq_save();

	zone->free_pages += 1ul << order;
	if (order == 0) {
		SetPagePcp(page);
		list_add(&page->lru, &pcp->list);
		if (++pcp->count > pcp->high)
			free_pcppages_bulk(zone, pcp->batch);
	} else {
		__free_one_page(page_to_pfn(page), zone, order);
	}
	local_irq_restore(flags);
}

static void bad_page(const struct page *page, unsigned order, const char *reason)
{
	bad_page_count++;
	pr_err("BUG: Bad page state: pfn %#lx freed with order %u: %s; not freed\n",
	       page_to_pfn(page), order, reason);
	dump_stack();
}

/*
 * A page that is neither the head of an allocated block nor of a free one lies inside some
 * block: find the block's head by trying each larger alignment, and say which kind it is.
 * Only the error path pays for this; tail pages carry no marks.
 */
static void bad_inner_page(const struct page *page, unsigned order)
{
	unsigned long pfn = page_to_pfn(page);
	char why[96];

	for (unsigned o = 1; o < MAX_ORDER; o++) {
		const struct page *head = pfn_to_page(pfn & ~((1ul << o) - 1));
		if ((PageHead(head) || PageBuddy(head)) && head->private >= o) {
			snprintf(why, sizeof(why), "%s (inside the %s block of order %lu at pfn %#lx)",
				 PageHead(head) ? "not the first page of its block" : "already free",
				 PageHead(head) ? "allocated" : "free", head->private, page_to_pfn(head));
			bad_page(page, order, why);
			return;
		}
	}
	bad_page(page, order, "not allocated");
}

/* Is this a block alloc_pages handed out with this order? Reports and returns false if not. */
static bool free_pages_check(const struct page *page, unsigned order)
{
	if (page < mem_map || !pfn_valid(page_to_pfn(page))) {
		bad_page_count++;
		pr_err("BUG: Bad page state: %p is not a struct page of this machine\n", (void *)page);
		dump_stack();
		return false;
	}
	if (PageReserved(page)) {
		bad_page(page, order, "page is reserved, never allocated");
		return false;
	}
	if (PageBuddy(page) || PagePcp(page)) {
		bad_page(page, order, "already free (double free)");
		return false;
	}
	if (!PageHead(page)) {
		bad_inner_page(page, order);
		return false;
	}
	if (page->private != order && !PageSwapCache(page)) {   /* a swap-cache page keeps its entry there */
		char why[64];
		snprintf(why, sizeof(why), "wrong order (allocated with order %lu)", page->private);
		bad_page(page, order, why);
		return false;
	}
	return true;
}

void __free_pages(struct page *page, unsigned order)
{
	if (!free_pages_check(page, order))
		return;
	if (--page->_refcount > 0)
		return;                    /* someone else still uses it */
	if (PageLRU(page))
		lru_del(page);             /* an anonymous page's last user let go */
	if (PageAnon(page))
		page->mapping = NULL;
	page->flags &= ~((1ul << PG_swapbacked) | (1ul << PG_dirty) | (1ul << PG_referenced) |
			 (1ul << PG_active));
	ClearPageHead(page);
	page->private = 0;
	if (page_poisoning)
		for (unsigned long i = 0; i < (1ul << order); i++)
			fill_page(&page[i], PAGE_POISON);
	free_one_block(page, order);
}

void __free_pages_core(struct page *page, unsigned order)
{
	struct zone *zone = page_zone(page);

	for (unsigned long i = 0; i < (1ul << order); i++) {
		ClearPageReserved(&page[i]);
		page[i]._refcount = 0;
		if (page_poisoning)
			fill_page(&page[i], PAGE_POISON);
	}
	zone->managed_pages += 1ul << order;
	zone->free_pages += 1ul << order;
	__free_one_page(page_to_pfn(page), zone, order);
}

/*
 * Free the frames [start, end) into their zones in the largest blocks their alignment allows,
 * never letting a block cross a zone's end. Called by memblock_free_all at boot.
 */
void free_pages_range(unsigned long start, unsigned long end)
{
	while (start < end) {
		unsigned long limit = min(end, zone_end_pfn(page_zone(pfn_to_page(start))));
		unsigned order = start ? min((unsigned)__builtin_ctzl(start), MAX_ORDER - 1u) : MAX_ORDER - 1;

		while (start + (1ul << order) > limit)
			order--;
		__free_pages_core(pfn_to_page(start), order);
		start += 1ul << order;
	}
}

/* ---------------------------------------------------------------- lowmem helpers */

unsigned long __get_free_pages(gfp_t gfp, unsigned order)
{
	struct page *page = alloc_pages(gfp & ~__GFP_HIGHMEM, order);

	return page ? (unsigned long)page_address(page) : 0;
}

unsigned long get_zeroed_page(gfp_t gfp)
{
	return __get_free_pages(gfp | __GFP_ZERO, 0);
}

void free_pages(unsigned long addr, unsigned order)
{
	if (addr)
		__free_pages(virt_to_page((void *)addr), order);
}

/* ---------------------------------------------------------------- setup and reports */

void free_area_init(const unsigned long max_zone_pfn[MAX_NR_ZONES])
{
	unsigned long start = 0;

	for (int z = 0; z < MAX_NR_ZONES; z++) {
		struct zone *zone = &zones[z];

		memset(zone, 0, sizeof(*zone));
		zone->name = zone_names[z];
		zone->zone_start_pfn = start;
		zone->spanned_pages = max_zone_pfn[z] > start ? max_zone_pfn[z] - start : 0;
		for (unsigned o = 0; o < MAX_ORDER; o++)
			INIT_LIST_HEAD(&zone->free_area[o].free_list);
		INIT_LIST_HEAD(&zone->pcp.list);
		for (int l = 0; l < NR_LRU_LISTS; l++)
			INIT_LIST_HEAD(&zone->lru_lists[l]);
		zone->pcp.batch = PCP_BATCH;
		zone->pcp.high = PCP_HIGH;
		for (unsigned long pfn = start; pfn < zone_end_pfn(zone); pfn++) {
			struct page *page = pfn_to_page(pfn);
			memset(page, 0, sizeof(*page));
			page->flags = ((unsigned long)z << ZONES_PGSHIFT) | (1ul << PG_reserved);
			if (z == ZONE_HIGHMEM)
				SetPageHighMem(page);
			page->_refcount = 1;
			page->_mapcount = -1;
		}
		start = zone_end_pfn(zone);
	}
}

unsigned long totalram_pages(void)
{
	unsigned long n = 0;

	for (int z = 0; z < MAX_NR_ZONES; z++)
		n += zones[z].managed_pages;
	return n;
}

unsigned long nr_free_pages(void)
{
	unsigned long n = 0;

	for (int z = 0; z < MAX_NR_ZONES; z++)
		n += zones[z].free_pages;
	return n;
}

void show_buddyinfo(void)
{
	for (int z = 0; z < MAX_NR_ZONES; z++) {
		const struct zone *zone = &zones[z];
		char line[128];
		int n;

		if (!zone->managed_pages)
			continue;
		n = snprintf(line, sizeof(line), "Node 0, zone %8s ", zone->name);
		for (unsigned o = 0; o < MAX_ORDER; o++)
			n += snprintf(line + n, sizeof(line) - n, "%6lu ", zone->free_area[o].nr_free);
		pr_info("%s\n", line);
	}
}

void show_zoneinfo(void)
{
	for (int z = 0; z < MAX_NR_ZONES; z++) {
		const struct zone *zone = &zones[z];

		if (!zone->spanned_pages)
			continue;
		pr_info("zone %-8s pfns [%#7lx, %#7lx)  present %6lu  managed %6lu  free %6lu pages (%lu KiB, %d on the pcp list)\n",
			zone->name, zone->zone_start_pfn, zone_end_pfn(zone), zone->present_pages,
			zone->managed_pages, zone->free_pages, zone->free_pages * (PAGE_SIZE / 1024),
			zone->pcp.count);
		if (zone->managed_pages)
			pr_info("zone %-8s watermarks (pages): min %lu, low %lu (kswapd wakes), high %lu (kswapd sleeps)\n",
				zone->name, zone->watermark[WMARK_MIN], zone->watermark[WMARK_LOW],
				zone->watermark[WMARK_HIGH]);
	}
}

/* page_poison=on: fill freed pages with 0xaa and check them on allocation. */
static int parse_page_poison(const char *val)
{
	if (!val || (strcmp(val, "on") && strcmp(val, "1") && strcmp(val, "off") && strcmp(val, "0")))
		return -1;
	page_poisoning = !strcmp(val, "on") || !strcmp(val, "1");
	return 0;
}
__setup("page_poison", parse_page_poison, "on or off");
