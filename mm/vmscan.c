/*
 * Reclaim of file pages (页面回收), the part the disk makes possible: a clean page-cache page
 * that a disk backs is only a copy of the disk, so when memory runs short it can be dropped and
 * read again later if needed. Pages are kept on one LRU list ("least recently used"), oldest
 * first; reclaim looks at the front, gives a page that was used since the last look a second
 * chance (to the back), and drops the first clean page nobody maps or holds. Dirty pages are
 * written back by the flusher and by writers over the dirty limit (mm/page-writeback.c), so
 * clean ones are there to take. Anonymous memory, swap and the OOM killer are a later step.
 */
#include <mm/pagemap.h>
#include <mm/page.h>
#include <mm/gfp.h>
#include "internal.h"
#include <kernel/list.h>

static struct list_head file_lru = LIST_HEAD_INIT(file_lru);
unsigned long nr_lru_file, nr_pgsteal;

void lru_add_file(struct page *page)
{
	list_add_tail(&page->lru, &file_lru);
	SetPageLRU(page);
	nr_lru_file++;
}

void lru_del(struct page *page)
{
	list_del(&page->lru);
	ClearPageLRU(page);
	ClearPageReferenced(page);
	nr_lru_file--;
}

void lru_mark_accessed(struct page *page)
{
	if (PageLRU(page))
		SetPageReferenced(page);
}

/* Can reclaim drop it now? Only the cache holds it, nobody reads or writes it, it is clean. */
static bool page_reclaimable(const struct page *page)
{
	return page_count(page) == 1 && page->_mapcount < 0 && !PageDirty(page) &&
	       !PageLocked(page) && !PageWriteback(page);
}

unsigned long shrink_page_cache(unsigned long nr)
{
	unsigned long freed = 0, scan = nr_lru_file * 2;

	while (freed < nr && scan-- && !list_empty(&file_lru)) {
		struct page *page = list_first_entry(&file_lru, struct page, lru);

		list_del(&page->lru);
		list_add_tail(&page->lru, &file_lru);
		if (PageReferenced(page)) {
			ClearPageReferenced(page);          /* second chance */
			continue;
		}
		if (!page_reclaimable(page))
			continue;
		delete_from_page_cache(page);               /* its last reference: back to the buddy allocator */
		freed++;
		nr_pgsteal++;
	}
	return freed;
}

void invalidate_mapping_pages(struct address_space *m)
{
	u32 index = 0;
	struct page *page;

	while ((page = radix_tree_next(&m->i_pages, &index)) != NULL) {
		if (page_reclaimable(page))
			delete_from_page_cache(page);
		if (index == PAGE_CACHE_MAX_INDEX)
			break;
		index++;
	}
}
