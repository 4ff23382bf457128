/*
 * Page reclaim (页面回收): the LRU lists, the scanner, kswapd and direct reclaim.
 *
 * Every page reclaim could take is on one of four lists of its zone (include/mm/swap.h):
 * inactive and active, anonymous and file, oldest first. A new page starts inactive. Used
 * again while inactive, it moves to the active list; the active list is aged into the inactive
 * one when the inactive list gets shorter than it.
 *
 * The scanner takes the oldest inactive pages and asks the page tables, through the reverse
 * map (mm/rmap.c), whether any process used the page since the last look (the accessed bit the
 * CPU sets, which the scan clears). Used pages stay; the others are taken:
 *   - a clean file page: unmapped everywhere and dropped (the disk has it);
 *   - a dirty file page: left for write-back (the flusher, mm/page-writeback.c);
 *   - an anonymous page: given a swap slot, unmapped everywhere (the page-table entries get the
 *     slot's swap entry), written to swap, and freed.
 * vm.swappiness (0..200, default 60) says how much of the scan goes to anonymous pages
 * against file pages: anon gets swappiness/200 of it, file the rest.
 *
 * Who runs it:
 *   - kswapd, a kernel thread the allocator wakes when a zone's free pages fall below its low
 *     watermark; it reclaims until every zone is above high (pgscan_kswapd, pgsteal_kswapd);
 *   - the faulting task itself, when its page would take a zone below min (direct reclaim,
 *     pgscan_direct, pgsteal_direct, allocstall), before it retries the fault;
 *   - the allocator, without sleeping: it only drops clean pages nobody maps.
 */
#include <mm/swap.h>
#include <mm/rmap.h>
#include <mm/pagemap.h>
#include <mm/page.h>
#include <mm/gfp.h>
#include <mm/mmzone.h>
#include "internal.h"
#include <fs/fs.h>
#include <kernel/list.h>
#include <kernel/sched.h>
#include <kernel/printk.h>
#include <kernel/seq_buf.h>
#include <asm/x86.h>

int vm_swappiness = 60;
int min_free_kbytes;
unsigned long nr_pgscan_kswapd, nr_pgscan_direct, nr_pgsteal_kswapd, nr_pgsteal_direct;
unsigned long nr_pgsteal_anon, nr_pgsteal_file, nr_pgscan_anon, nr_pgscan_file;
unsigned long nr_pgactivate, nr_pgdeactivate, nr_allocstall;
unsigned long nr_pageoutrun, nr_oom_kill;

/* ---------------------------------------------------------------- the lists */

static enum lru_list page_lru(const struct page *page)
{
	return (PageSwapBacked(page) ? LRU_INACTIVE_ANON : LRU_INACTIVE_FILE) + (PageActive(page) ? 1 : 0);
}

/* Put page on its list, newest end. */
static void add_page_to_lru(struct page *page)
{
	struct zone *z = page_zone(page);
	enum lru_list lru = page_lru(page);

	list_add_tail(&page->lru, &z->lru_lists[lru]);
	z->nr_lru[lru]++;
	SetPageLRU(page);
}

static void del_page_from_lru(struct page *page)
{
	struct zone *z = page_zone(page);

	list_del(&page->lru);
	z->nr_lru[page_lru(page)]--;
	ClearPageLRU(page);
}

void lru_add_file(struct page *page)
{
	ClearPageSwapBacked(page);
	ClearPageActive(page);
	add_page_to_lru(page);
}

void lru_cache_add_anon(struct page *page)
{
	SetPageSwapBacked(page);
	ClearPageActive(page);
	add_page_to_lru(page);
}

void lru_del(struct page *page)
{
	del_page_from_lru(page);
	ClearPageActive(page);
	ClearPageReferenced(page);
}

/*
 * read() or a lookup used a file page: the first use marks it referenced, a second use while
 * it is inactive moves it to the active list (Linux's mark_page_accessed).
 */
void lru_mark_accessed(struct page *page)
{
	if (!PageLRU(page))
		return;
	if (!PageActive(page) && PageReferenced(page)) {
		del_page_from_lru(page);
		SetPageActive(page);
		ClearPageReferenced(page);
		add_page_to_lru(page);
		nr_pgactivate++;
	} else {
		SetPageReferenced(page);
	}
}

unsigned long global_lru_pages(enum lru_list lru)
{
	unsigned long n = 0;

	for (int z = 0; z < MAX_NR_ZONES; z++)
		n += zones[z].nr_lru[lru];
	return n;
}

/* ---------------------------------------------------------------- watermarks */

static unsigned long int_sqrt(unsigned long x)
{
	unsigned long r = 0;

	for (unsigned long bit = 1ul << 30; bit; bit >>= 2) {
		if (x >= r + bit) {
			x -= r + bit;
			r = (r >> 1) + bit;
		} else {
			r >>= 1;
		}
	}
	return r;
}

/*
 * Linux's rules (mm/page_alloc.c): min_free_kbytes = sqrt(lowmem_kbytes * 16), kept within
 * [128, 262144]; each lowmem zone's min is its share of it by size (HighMem's a small fixed
 * amount); low and high are min plus one and two steps, a step being a quarter of min or
 * 0.1% of the zone (watermark_scale_factor 10), whichever is more.
 */
void setup_per_zone_wmarks(void)
{
	unsigned long lowmem_pages = 0, pages_min;

	for (int z = 0; z < MAX_NR_ZONES; z++)
		if (z != ZONE_HIGHMEM)
			lowmem_pages += zones[z].managed_pages;
	if (!min_free_kbytes) {
		min_free_kbytes = (int)int_sqrt(lowmem_pages * (PAGE_SIZE >> 10) * 16);
		min_free_kbytes = min_free_kbytes < 128 ? 128 : min_free_kbytes > 262144 ? 262144 : min_free_kbytes;
	}
	pages_min = (unsigned long)min_free_kbytes >> (PAGE_SHIFT - 10);
	for (int z = 0; z < MAX_NR_ZONES; z++) {
		struct zone *zone = &zones[z];
		unsigned long managed = zone->managed_pages, tmp;
		u64 share = (u64)pages_min * managed;

		if (!lowmem_pages)
			break;
		div64_u32_rem(&share, (u32)lowmem_pages);
		tmp = (unsigned long)share;
		if (z == ZONE_HIGHMEM) {
			unsigned long m = managed / 1024;
			zone->watermark[WMARK_MIN] = m < SWAP_CLUSTER_MAX ? SWAP_CLUSTER_MAX : m > 128 ? 128 : m;
		} else {
			zone->watermark[WMARK_MIN] = tmp;
		}
		if (!managed)
			zone->watermark[WMARK_MIN] = 0;
		tmp = max(tmp >> 2, managed / 1000);  /* watermark_scale_factor 10: 10/10000 */
		zone->watermark[WMARK_LOW] = zone->watermark[WMARK_MIN] + tmp;
		zone->watermark[WMARK_HIGH] = zone->watermark[WMARK_LOW] + tmp;
	}
}

static bool zone_below(const struct zone *z, enum zone_wmark w)
{
	return z->managed_pages && z->free_pages < z->watermark[w];
}

/* ---------------------------------------------------------------- the scanner */

struct scan_control {
	unsigned long nr_to_reclaim;
	unsigned long nr_reclaimed;
	unsigned long nr_scanned;
	bool may_writepage;          /* may write anonymous pages to swap (and sleep) */
	bool may_unmap;              /* may take mapped pages (never from inside the allocator) */
};

enum page_fate { PAGE_KEEP, PAGE_ACTIVATE, PAGE_FREED, PAGE_GONE };

/* Decide about one isolated page (off its list, with our reference). May sleep (swap write). */
static enum page_fate reclaim_page(struct page *page, struct scan_control *sc)
{
	struct address_space *m;
	int young = 0;
	bool referenced, mlocked;

	if (PageLocked(page) || PageWriteback(page))
		return PAGE_KEEP;
	if (page_mapped(page)) {
		if (!sc->may_unmap)
			return PAGE_KEEP;
		young = page_referenced(page, &mlocked);
		if (mlocked)
			return PAGE_ACTIVATE;            /* mlock: it stays in memory */
	}
	referenced = PageReferenced(page);
	ClearPageReferenced(page);
	if (young) {
		if (PageSwapBacked(page) || referenced || young > 1)
			return PAGE_ACTIVATE;            /* in use: keep it in memory */
		SetPageReferenced(page);                 /* used once: one more round */
		return PAGE_KEEP;
	}
	if (PageSwapBacked(page)) {                      /* anonymous memory: to swap */
		if (!PageSwapCache(page)) {
			if (!sc->may_writepage)
				return PAGE_KEEP;
			if (!add_to_swap(page))
				return PAGE_ACTIVATE;    /* swap is full */
		}
		if (page_mapped(page) && !try_to_unmap(page))
			return PAGE_KEEP;
		if (PageDirty(page)) {
			if (!sc->may_writepage)
				return PAGE_KEEP;
			if (swap_writepage(page))
				return PAGE_ACTIVATE;
		}
		/* while it was written, its process may have touched it again */
		if (page_mapped(page) || PageDirty(page) || page_count(page) != 2)
			return PAGE_KEEP;
		delete_from_swap_cache(page);            /* the swap entries in the page tables say where it is */
		return PAGE_FREED;
	}
	m = page_mapping(page);
	if (!m)
		return PAGE_GONE;                        /* truncated while we looked */
	if (page_mapped(page) && !try_to_unmap(page))
		return PAGE_KEEP;
	if (PageDirty(page) || page_count(page) != 2)
		return PAGE_KEEP;                        /* write-back will clean it; or someone holds it */
	delete_from_page_cache(page);
	return PAGE_FREED;
}

static void shrink_inactive_list(struct zone *z, enum lru_list lru, unsigned long nr,
				 struct scan_control *sc)
{
	while (nr-- && !list_empty(&z->lru_lists[lru])) {
		struct page *page = list_first_entry(&z->lru_lists[lru], struct page, lru);
		enum page_fate fate;

		del_page_from_lru(page);
		get_page(page);
		sc->nr_scanned++;
		if (lru == LRU_INACTIVE_ANON)
			nr_pgscan_anon++;
		else
			nr_pgscan_file++;
		fate = reclaim_page(page, sc);
		if (fate == PAGE_ACTIVATE) {
			SetPageActive(page);
			nr_pgactivate++;
		}
		if (fate == PAGE_KEEP || fate == PAGE_ACTIVATE)
			add_page_to_lru(page);
		if (fate == PAGE_FREED) {
			sc->nr_reclaimed++;
			if (lru == LRU_INACTIVE_ANON)
				nr_pgsteal_anon++;
			else
				nr_pgsteal_file++;
		}
		put_page(page);                          /* FREED: this was its last reference */
	}
}

/* Age the oldest active pages into the inactive list, clearing their accessed bits. */
static void shrink_active_list(struct zone *z, enum lru_list lru, unsigned long nr, struct scan_control *sc)
{
	while (nr-- && !list_empty(&z->lru_lists[lru])) {
		struct page *page = list_first_entry(&z->lru_lists[lru], struct page, lru);

		del_page_from_lru(page);
		if (page_mapped(page) && sc->may_unmap)
			page_referenced(page, NULL);     /* the inactive list asks again */
		ClearPageActive(page);
		add_page_to_lru(page);
		nr_pgdeactivate++;
	}
}

static void shrink_zone(struct zone *z, struct scan_control *sc, int priority)
{
	unsigned long nr[2];
	bool anon_ok = total_swap_pages && sc->may_writepage;

	/* how much of each kind to look at: the lists >> priority, shared out by swappiness */
	nr[0] = (z->nr_lru[LRU_INACTIVE_ANON] + z->nr_lru[LRU_ACTIVE_ANON]) >> priority;
	nr[1] = (z->nr_lru[LRU_INACTIVE_FILE] + z->nr_lru[LRU_ACTIVE_FILE]) >> priority;
	if (!anon_ok) {
		nr[0] = 0;
	} else if (z->nr_lru[LRU_INACTIVE_FILE] + z->nr_lru[LRU_ACTIVE_FILE] + z->free_pages <
		   z->watermark[WMARK_HIGH]) {
		nr[1] = 0;                                /* file pages are nearly gone: anon only */
	} else {
		nr[0] = nr[0] * (unsigned long)vm_swappiness / 200;
		nr[1] = nr[1] * (unsigned long)(200 - vm_swappiness) / 200;
	}
	if (priority == 0 && anon_ok && !nr[0] && z->nr_lru[LRU_INACTIVE_ANON] + z->nr_lru[LRU_ACTIVE_ANON])
		nr[0] = SWAP_CLUSTER_MAX;                 /* at the end, anon is scanned whatever swappiness says */
	while ((nr[0] || nr[1]) && sc->nr_reclaimed < sc->nr_to_reclaim) {
		for (int k = 0; k < 2; k++) {
			enum lru_list inactive = k ? LRU_INACTIVE_FILE : LRU_INACTIVE_ANON;
			unsigned long n = min(nr[k], SWAP_CLUSTER_MAX);

			if (!n)
				continue;
			nr[k] -= n;
			if (z->nr_lru[inactive] < z->nr_lru[inactive + 1])
				shrink_active_list(z, inactive + 1, n, sc);
			shrink_inactive_list(z, inactive, n, sc);
		}
	}
}

/* Reclaim from every zone, gently first (priority 12: 1/4096 of the lists) then harder. */
static void shrink_zones(struct scan_control *sc, bool only_below_high)
{
	for (int priority = 12; priority >= 0 && sc->nr_reclaimed < sc->nr_to_reclaim; priority--) {
		bool any = false;

		for (int z = MAX_NR_ZONES - 1; z >= 0; z--) {
			if (!zones[z].managed_pages || (only_below_high && !zone_below(&zones[z], WMARK_HIGH)))
				continue;
			any = true;
			shrink_zone(&zones[z], sc, priority);
		}
		if (!any)
			break;
	}
}

unsigned long try_to_free_pages(unsigned long nr)
{
	struct scan_control sc = { .nr_to_reclaim = nr, .may_writepage = true, .may_unmap = true };

	nr_allocstall++;
	shrink_zones(&sc, false);
	nr_pgscan_direct += sc.nr_scanned;
	nr_pgsteal_direct += sc.nr_reclaimed;
	return sc.nr_reclaimed;
}

void reclaim_for(unsigned long pages)
{
	for (int tries = 0; tries < 8 && !user_pages_available(pages); tries++)
		if (!try_to_free_pages(max(pages, SWAP_CLUSTER_MAX)))
			break;
}

/*
 * The allocator's own try: clean page-cache pages nobody maps, and pages already written to
 * swap that nobody maps. Never unmaps, never writes, never sleeps.
 */
unsigned long shrink_page_cache(unsigned long nr)
{
	struct scan_control sc = { .nr_to_reclaim = nr };

	/* a few times what is wanted from each list: a failing allocation must stay cheap */
	for (int z = MAX_NR_ZONES - 1; z >= 0 && sc.nr_reclaimed < nr; z--)
		for (enum lru_list lru = 0; lru < NR_LRU_LISTS && sc.nr_reclaimed < nr; lru++)
			if (lru == LRU_INACTIVE_ANON || lru == LRU_INACTIVE_FILE)
				shrink_inactive_list(&zones[z], lru, min(zones[z].nr_lru[lru], 4 * nr), &sc);
	return sc.nr_reclaimed;
}

/* ---------------------------------------------------------------- kswapd */

static struct task_struct *kswapd_task;
static volatile bool kswapd_wanted;

void wakeup_kswapd(void)
{
	if (!kswapd_task || kswapd_wanted || current == kswapd_task)
		return;
	kswapd_wanted = true;
	wake_up((const void *)&kswapd_wanted);
}

static bool zones_balanced(void)
{
	for (int z = 0; z < MAX_NR_ZONES; z++)
		if (zone_below(&zones[z], WMARK_HIGH))
			return false;
	return true;
}

static int kswapd(void *arg)
{
	(void)arg;
	for (;;) {
		u32 flags = local_irq_save();

		while (!kswapd_wanted)
			sleep_on((const void *)&kswapd_wanted);
		local_irq_restore(flags);
		nr_pageoutrun++;
		for (int round = 0; round < 8 && !zones_balanced(); round++) {
			struct scan_control sc = { .may_writepage = true, .may_unmap = true };

			for (int z = 0; z < MAX_NR_ZONES; z++)
				if (zone_below(&zones[z], WMARK_HIGH))
					sc.nr_to_reclaim += zones[z].watermark[WMARK_HIGH] - zones[z].free_pages;
			shrink_zones(&sc, true);
			nr_pgscan_kswapd += sc.nr_scanned;
			nr_pgsteal_kswapd += sc.nr_reclaimed;
			if (!sc.nr_reclaimed)
				break;                   /* nothing more to take now: sleep until woken */
		}
		kswapd_wanted = false;
	}
	return 0;
}

bool current_is_kswapd(void)
{
	return current && current == kswapd_task;
}

void kswapd_start(void)
{
	if (kswapd_task || (current->pid == 0 && !find_task_by_pid(1)))
		return;                          /* boot: init takes pid 1 first */
	kswapd_task = kthread_run(kswapd, NULL, "kswapd0");
	if (!kswapd_task)
		pr_err("vmscan: no task for kswapd; only direct reclaim will free memory\n");
}

/* ---------------------------------------------------------------- drop_caches, zoneinfo */

void drop_caches(int what)
{
	if (what & 1) {
		struct scan_control sc = { .nr_to_reclaim = ~0ul };

		for (int z = 0; z < MAX_NR_ZONES; z++)
			for (int lru = LRU_INACTIVE_FILE; lru <= LRU_ACTIVE_FILE; lru++)
				shrink_inactive_list(&zones[z], (enum lru_list)lru, zones[z].nr_lru[lru], &sc);
		pr_info("%s (%d): drop_caches: %d\n", current->comm, current->pid, what);
	}
}

void invalidate_mapping_pages(struct address_space *m)
{
	u32 index = 0;
	struct page *page;

	while ((page = radix_tree_next(&m->i_pages, &index)) != NULL) {
		if (page_count(page) == 1 && !page_mapped(page) && !PageDirty(page) && !PageLocked(page) &&
		    !PageWriteback(page))
			delete_from_page_cache(page);
		if (index == PAGE_CACHE_MAX_INDEX)
			break;
		index++;
	}
}

void show_zoneinfo_file(struct seq_buf *s)
{
	static const char *const names[] = { "inactive_anon", "active_anon", "inactive_file", "active_file" };

	for (int z = 0; z < MAX_NR_ZONES; z++) {
		const struct zone *zone = &zones[z];

		if (!zone->spanned_pages)
			continue;
		seq_buf_printf(s, "Node 0, zone %8s\n  pages free     %lu\n        min      %lu\n        low      %lu\n"
			       "        high     %lu\n        spanned  %lu\n        present  %lu\n        managed  %lu\n",
			       zone->name, zone->free_pages, zone->watermark[WMARK_MIN], zone->watermark[WMARK_LOW],
			       zone->watermark[WMARK_HIGH], zone->spanned_pages, zone->present_pages, zone->managed_pages);
		for (int l = 0; l < NR_LRU_LISTS; l++)
			seq_buf_printf(s, "      nr_zone_%s %lu\n", names[l], zone->nr_lru[l]);
		seq_buf_printf(s, "  start_pfn:           %lu\n", zone->zone_start_pfn);
	}
}
