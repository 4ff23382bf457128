/*
 * Zones and the buddy allocator's free lists.
 *
 * Physical memory is split into zones by what can reach it (Linux i386):
 *   ZONE_DMA      [0, 16 MiB)            old ISA devices can only DMA here
 *   ZONE_NORMAL   [16 MiB, end of lowmem) permanently mapped by the direct map
 *   ZONE_HIGHMEM  [end of lowmem, 4 GiB)  no permanent kernel address
 *
 * Each zone keeps free memory in blocks of 2^order pages, order 0..MAX_ORDER-1, one list per
 * order: the buddy system. A block of order n starts at a page frame number divisible by 2^n;
 * its "buddy" is the block of the same order it was split from, at pfn ^ (1 << n).
 */
#pragma once
#include <types.h>
#include <kernel/list.h>
#include <mm/page.h>

#define MAX_ORDER 11               /* orders 0..10: blocks of 4 KiB .. 4 MiB */
#define MAX_ORDER_NR_PAGES (1ul << (MAX_ORDER - 1))

enum zone_type {
	ZONE_DMA,
	ZONE_NORMAL,
	ZONE_HIGHMEM,
	MAX_NR_ZONES
};

struct free_area {
	struct list_head free_list;    /* head pages of free blocks of this order */
	unsigned long nr_free;         /* how many blocks are on the list */
};

/*
 * The per-CPU page list (Linux's "pcp" lists): freed order-0 pages wait here instead of being
 * merged at once, and order-0 allocations take them first. Pages move to and from the buddy
 * lists "batch" at a time, so the common single-page case costs a list operation instead of
 * ten splits and ten merges. (One CPU here, so one list per zone.)
 */
struct per_cpu_pages {
	int count;                     /* pages on the list */
	int high;                      /* above this, give batch pages back to the buddy lists */
	int batch;                     /* pages moved at once */
	struct list_head list;         /* most recently freed (cache-hot) first */
};

/* The page reclaim lists of a zone (mm/vmscan.c), oldest page first. */
enum lru_list {
	LRU_INACTIVE_ANON,
	LRU_ACTIVE_ANON,
	LRU_INACTIVE_FILE,
	LRU_ACTIVE_FILE,
	NR_LRU_LISTS
};

/* Free-page levels that start reclaim (mm/vmscan.c, from min_free_kbytes). */
enum zone_wmark {
	WMARK_MIN,                     /* below: user pages are refused; the faulting task reclaims */
	WMARK_LOW,                     /* below: kswapd is woken */
	WMARK_HIGH,                    /* kswapd stops once every zone is above this */
	NR_WMARK
};

struct zone {
	const char *name;
	unsigned long zone_start_pfn;  /* first frame of the zone's span */
	unsigned long spanned_pages;   /* frames in the span, holes included */
	unsigned long present_pages;   /* usable RAM in the span */
	unsigned long managed_pages;   /* pages the buddy allocator was given */
	unsigned long free_pages;      /* pages free now: on the free lists or the pcp list */
	struct per_cpu_pages pcp;
	struct free_area free_area[MAX_ORDER];
	unsigned long watermark[NR_WMARK];
	struct list_head lru_lists[NR_LRU_LISTS];
	unsigned long nr_lru[NR_LRU_LISTS];
};

extern struct zone zones[MAX_NR_ZONES];

static inline unsigned long zone_end_pfn(const struct zone *z)
{
	return z->zone_start_pfn + z->spanned_pages;
}

static inline bool zone_spans_pfn(const struct zone *z, unsigned long pfn)
{
	return pfn >= z->zone_start_pfn && pfn < zone_end_pfn(z);
}

/* Zone of a page, from the zone number kept in page->flags. */
static inline struct zone *page_zone(const struct page *page)
{
	return &zones[page->flags >> ZONES_PGSHIFT];
}

/*
 * Set up the zones for the frames [0, max_zone_pfn[MAX_NR_ZONES-1]); zone z ends at
 * max_zone_pfn[z]. Every struct page starts reserved with a reference count of 1; memory
 * becomes allocatable only when handed over with __free_pages_core. mem_map must be set.
 */
void free_area_init(const unsigned long max_zone_pfn[MAX_NR_ZONES]);

/* Give 2^order frames at page (which must be aligned to that) to the buddy allocator. */
void __free_pages_core(struct page *page, unsigned order);

/*
 * Give the frames [start_pfn, end_pfn) to the buddy allocator, in the largest blocks their
 * alignment allows, split at zone ends (memblock_free_all uses it at boot).
 */
void free_pages_range(unsigned long start_pfn, unsigned long end_pfn);

/* Give every page on the per-CPU lists back to the buddy lists (before inspecting them). */
void drain_all_pages(void);

/* Pages the buddy allocator manages (all RAM it was given), in all zones. */
unsigned long totalram_pages(void);

/* Free pages in all zones. */
unsigned long nr_free_pages(void);

/* Print Linux's /proc/buddyinfo lines ("Node 0, zone   Normal  n0 ... n10") and zone totals. */
void show_buddyinfo(void);
void show_zoneinfo(void);

/* How many bad frees were caught ("BUG: Bad page state"), for tests. */
extern unsigned long bad_page_count;
