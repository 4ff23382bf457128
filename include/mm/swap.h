/*
 * When memory is full: the LRU lists, reclaim, kswapd, swap and the OOM killer.
 *
 * 页面回收 (page reclaim) takes pages back from their users when free memory runs short. Each
 * zone keeps the pages it could take on four LRU ("least recently used") lists: anonymous and
 * file, each active (used more than once lately) and inactive (candidates). Reclaim looks at
 * the oldest inactive pages, asks the page tables through the reverse map whether anyone used
 * them since the last look (the accessed bit), and takes those nobody used: a clean file page
 * is dropped (the disk has it), a dirty one waits for write-back, an anonymous page is written
 * to swap (交换分区) and every page-table entry that mapped it gets its swap entry instead.
 *
 * Who reclaims, by the zone's watermarks (min < low < high, from min_free_kbytes):
 *   free < low:   the allocator wakes kswapd, which reclaims in the background up to high;
 *   free < min:   a user page is refused; the faulting task reclaims itself (direct reclaim)
 *                 and retries its fault;
 *   nothing left: the OOM killer picks the process whose death frees the most and kills it.
 */
#pragma once
#include <types.h>
#include <mm/mmzone.h>

struct page;
struct zone;
struct mm_struct;
struct vm_area_struct;
struct seq_buf;

/* ---------------------------------------------------------------- swap entries */

/*
 * Where a swapped-out page is: which swap area (type) and which page slot in it (offset).
 * In a not-present page-table entry (bit 0 clear) it is stored as Linux i386 stores it:
 *   bits 1-5 the type, bits 10-31 the offset; bit 9 (_PAGE_PROTNONE here) stays clear.
 */
typedef struct {
	unsigned long val;                /* type << SWP_TYPE_SHIFT | offset */
} swp_entry_t;

#define MAX_SWAPFILES 8
#define SWP_TYPE_SHIFT 24
#define SWP_OFFSET_MASK ((1ul << SWP_TYPE_SHIFT) - 1)

static inline swp_entry_t swp_entry(unsigned type, unsigned long offset)
{
	return (swp_entry_t){ ((unsigned long)type << SWP_TYPE_SHIFT) | offset };
}
static inline unsigned swp_type(swp_entry_t e) { return e.val >> SWP_TYPE_SHIFT; }
static inline unsigned long swp_offset(swp_entry_t e) { return e.val & SWP_OFFSET_MASK; }

static inline u32 swp_entry_to_pte(swp_entry_t e)
{
	return (u32)(swp_type(e) << 1) | (u32)(swp_offset(e) << 10);
}
static inline swp_entry_t pte_to_swp_entry(u32 pte)
{
	return swp_entry((pte >> 1) & 0x1f, pte >> 10);
}
/* A not-present entry that is not empty: a page in swap. */
static inline bool is_swap_pte(u32 pte)
{
	return pte && !(pte & 0x201);    /* neither _PAGE_PRESENT nor _PAGE_PROTNONE */
}

/* ---------------------------------------------------------------- swap areas (mm/swapfile.c) */

extern unsigned long nr_swap_pages;     /* free slots in all areas */
extern unsigned long total_swap_pages;  /* slots in all areas (SwapTotal) */
extern unsigned long nr_swapcache_pages;  /* pages in the swap cache (SwapCached) */
extern unsigned long nr_pswpin, nr_pswpout;   /* pages read from and written to swap */

/* A slot for page, which joins the swap cache (dirty, to be written). false: swap is full. */
bool add_to_swap(struct page *page);
/* One more page-table entry holds entry (fork copied it). */
void swap_duplicate(swp_entry_t entry);
/* A page-table entry holding entry went (unmap, exit): the slot and a cached page may go too. */
void free_swap_and_cache(swp_entry_t entry);
/* A page-table entry holding entry now maps the page instead (swap-in). */
void swap_free(swp_entry_t entry);
/* The page in the swap cache at entry, with a reference; NULL if none. */
struct page *lookup_swap_cache(swp_entry_t entry);
/* Leave the swap cache if no page-table entry holds the page's slot any more. true if it left. */
bool try_to_free_swap(struct page *page);
/* Take page out of the swap cache, dropping the cache's reference and its hold on the slot. */
void delete_from_swap_cache(struct page *page);
/* How many page-table entries hold entry's slot (SwapPss in smaps divides by it). */
int swap_entry_count(swp_entry_t entry);
/* How many page-table entries hold the page's slot. */
int page_swapcount(const struct page *page);
/*
 * The page for entry: from the swap cache, or read from the swap area (a new page, added to
 * the cache; *major set). An ERR_PTR of -ENOMEM or -EIO. May sleep.
 */
struct page *swapin_page(swp_entry_t entry, bool *major);
/* Write a swap-cache page to its slot and wait; 0 or -EIO. May sleep. */
int swap_writepage(struct page *page);
void show_swaps(struct seq_buf *s);     /* /proc/swaps */
struct block_device;
/* Does the disk start with a swap header (mkswap made it)? Boot leaves such a disk unmounted. */
bool bdev_has_swap_signature(struct block_device *bdev);

/* ---------------------------------------------------------------- the LRU lists (mm/vmscan.c) */

#define SWAP_CLUSTER_MAX 32ul            /* pages reclaim takes at a time, as Linux */

/* A new anonymous page (first touch, copy-on-write, swap-in) goes on its zone's inactive anon list. */
void lru_cache_add_anon(struct page *page);
/* Pages on all zones' lists of this kind (/proc/meminfo's Active(anon) and friends). */
unsigned long global_lru_pages(enum lru_list lru);

/* Tunables, in /proc/sys/vm. */
extern int vm_swappiness;               /* 0..200: how readily anonymous pages go to swap */
extern int min_free_kbytes;             /* the base of the watermarks */

/* Linux's /proc/vmstat reclaim counters. */
extern unsigned long nr_pgscan_kswapd, nr_pgscan_direct, nr_pgsteal_kswapd, nr_pgsteal_direct;
extern unsigned long nr_pgsteal_anon, nr_pgsteal_file, nr_pgscan_anon, nr_pgscan_file;
extern unsigned long nr_pgactivate, nr_pgdeactivate, nr_allocstall;
extern unsigned long nr_pageoutrun, nr_oom_kill;

/* Compute each zone's min, low and high watermarks from min_free_kbytes (boot, sysctl). */
void setup_per_zone_wmarks(void);
/* An allocation left a zone below its low watermark: wake kswapd. */
void wakeup_kswapd(void);
/* Start the kswapd thread (after init, like the flusher; or at the first swapon). */
void kswapd_start(void);
bool current_is_kswapd(void);
/*
 * Direct reclaim by the current task, which holds nothing (a fault about to be retried,
 * swapoff): free up to nr pages, writing anonymous pages to swap. The pages freed. May sleep.
 */
unsigned long try_to_free_pages(unsigned long nr);
/*
 * Before a step that will allocate about pages user pages and cannot sleep halfway (fork's
 * copy of the page tables): reclaim, as the current task, until they are there. May sleep.
 */
void reclaim_for(unsigned long pages);
/* Could pages user pages be allocated now without going below the min watermarks? */
bool user_pages_available(unsigned long pages);
/* Drop clean page-cache pages without sleeping (the allocator's own last try). */
unsigned long shrink_page_cache(unsigned long nr);
/* echo N > /proc/sys/vm/drop_caches: 1 page cache, 2 unused inodes and dentries, 3 both. */
void drop_caches(int what);
/* /proc/zoneinfo. */
void show_zoneinfo_file(struct seq_buf *s);

/* ---------------------------------------------------------------- OOM (mm/oom_kill.c) */

/*
 * Reclaim failed: pick the process whose death frees the most memory and kill it. true if
 * memory should come back (a victim is dying: wait and retry); false if the victim is the
 * current task or no one can be killed.
 */
bool out_of_memory(void);
/* /proc/PID/oom_score: Linux's badness scaled to 0..2000, 0 for unkillable tasks. */
struct task_struct;
long oom_score(struct task_struct *t);
/* Page-table pages of mm (user half): counted in badness and in the kill line. */
unsigned long mm_pgtables_pages(const struct mm_struct *mm);
