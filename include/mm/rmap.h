/*
 * Reverse mapping (mm/rmap.c): from a page back to the page-table entries that map it, so
 * reclaim can take one page away from every process at once.
 */
#pragma once
#include <types.h>
#include <mm/mm_types.h>
#include <mm/page.h>

/* Give a private area its anon_vma before its first anonymous page. 0 or -ENOMEM. Only the
 * first time does any work (__anon_vma_prepare); every fault asks. */
int __anon_vma_prepare(struct vm_area_struct *vma);

static inline int anon_vma_prepare(struct vm_area_struct *vma)
{
	return vma->anon_vma ? 0 : __anon_vma_prepare(vma);
}
/* An area copied from one with an anon_vma (fork, split, mremap) joins it; one going leaves. */
void anon_vma_link(struct vm_area_struct *vma);
void anon_vma_unlink(struct vm_area_struct *vma);
/* Before vma and next (just after it) merge: vma takes next's anon_vma if it has none. */
void anon_vma_adopt(struct vm_area_struct *vma, const struct vm_area_struct *next);

/*
 * A new anonymous page mapped at address in vma (first touch, copy-on-write copy): it belongs
 * to the area's anon_vma at its linear index, is mapped once, and goes on the LRU.
 */
void page_add_new_anon_rmap(struct page *page, struct vm_area_struct *vma, unsigned long address);
/* An anonymous page already known (swap-in, fork) mapped once more at address in vma. */
void page_add_anon_rmap(struct page *page, struct vm_area_struct *vma, unsigned long address);
/*
 * One more / one fewer page-table entry maps page (_mapcount). Only a page's first mapping and
 * its last unmapping change the Mapped: and AnonPages: counts, out of line; the rest is one
 * increment or decrement, inline, as fork and exit do it for every page.
 */
void page_first_mapped(struct page *page);
void page_last_unmapped(struct page *page);

static inline void page_add_rmap(struct page *page)
{
	if (++page->_mapcount == 0)
		page_first_mapped(page);
}

static inline void page_remove_rmap(struct page *page)
{
	if (page->_mapcount-- == 0)
		page_last_unmapped(page);
}

/*
 * How many entries mapping page were used since the last look; their accessed bits are cleared.
 * With mlocked: also whether an area with VM_LOCKED (mlock) maps it (reclaim leaves it alone);
 * the walk stops there.
 */
int page_referenced(struct page *page, bool *mlocked);
/*
 * Unmap page everywhere: a file page's entries are cleared, an anonymous page's (it must be in
 * the swap cache) get its swap entry. true if no entry maps it any more. Never sleeps.
 */
bool try_to_unmap(struct page *page);

/* Pages mapped at least once: anonymous (AnonPages:) and page-cache (Mapped:). */
extern unsigned long nr_anon_mapped, nr_file_mapped;
