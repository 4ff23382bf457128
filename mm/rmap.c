/*
 * Reverse mapping (反向映射): from a page to every page-table entry that maps it.
 *
 * Page tables answer "which page is at this address"; reclaim needs the opposite: to take a
 * page away it must find and change every entry that maps it, in every process. Linux stores
 * no list per page for that. Instead a page says which object it belongs to and where in it:
 *
 *   file page:       page->mapping = the file's address_space, page->index = page of the file;
 *                    the areas mapping the file are on mapping->i_mmap, and in each the page is
 *                    at vm_start + (index - vm_pgoff) pages, if that is inside the area.
 *   anonymous page:  page->mapping = anon_vma | PAGE_MAPPING_ANON, page->index = the linear
 *                    page index it was made at; the areas that may map it (the area, its split
 *                    parts, its copies in forked children) are on the anon_vma's list, and the
 *                    address is found the same way, from each area's vm_pgoff.
 *
 * _mapcount still counts the entries (minus one), so a walk knows when it has found them all.
 */
#include <mm/rmap.h>
#include <mm/memory.h>
#include <mm/vma.h>
#include <mm/page.h>
#include <mm/pagemap.h>
#include <mm/swap.h>
#include <mm/slab.h>
#include "internal.h"
#include <linux/errno.h>

unsigned long nr_file_mapped;             /* page-cache pages mapped at least once (Mapped:) */
unsigned long nr_anon_mapped;             /* anonymous pages mapped at least once (AnonPages:) */

void mm_rss_apply(struct mm_struct *mm, const struct rss_batch *b)
{
	mm->rss_anon += b->anon;
	mm->rss_file += b->file;
	mm->rss_shmem += b->shmem;
	mm->rss += b->anon + b->file + b->shmem;
	mm_update_hiwater(mm);
}

void mm_rss_add(struct mm_struct *mm, const struct page *page, long n)
{
	struct rss_batch b = { 0 };

	rss_batch_add(&b, page, n);
	mm_rss_apply(mm, &b);
}

/* ---------------------------------------------------------------- anon_vma */

int __anon_vma_prepare(struct vm_area_struct *vma)
{
	struct anon_vma *av = kmalloc(sizeof(*av), GFP_KERNEL);

	if (!av)
		return -ENOMEM;
	INIT_LIST_HEAD(&av->head);
	av->nr_vmas = 0;
	vma->anon_vma = av;
	anon_vma_link(vma);
	return 0;
}

void anon_vma_link(struct vm_area_struct *vma)
{
	if (!vma->anon_vma)
		return;
	list_add_tail(&vma->anon_vma_node, &vma->anon_vma->head);
	vma->anon_vma->nr_vmas++;
}

void anon_vma_unlink(struct vm_area_struct *vma)
{
	struct anon_vma *av = vma->anon_vma;

	if (!av)
		return;
	list_del(&vma->anon_vma_node);
	vma->anon_vma = NULL;
	if (--av->nr_vmas == 0)
		kfree(av);               /* its pages are all unmapped: none is walked again */
}

void anon_vma_adopt(struct vm_area_struct *vma, const struct vm_area_struct *next)
{
	if (!vma->anon_vma && next->anon_vma) {
		vma->anon_vma = next->anon_vma;
		anon_vma_link(vma);
	}
}

/* ---------------------------------------------------------------- adding and removing */

void page_add_new_anon_rmap(struct page *page, struct vm_area_struct *vma, unsigned long address)
{
	page->mapping = (struct address_space *)((unsigned long)vma->anon_vma | PAGE_MAPPING_ANON);
	page->index = vma->vm_pgoff + ((address - vma->vm_start) >> PAGE_SHIFT);
	page->_mapcount = 0;
	nr_anon_mapped++;
	lru_cache_add_anon(page);
}

void page_add_anon_rmap(struct page *page, struct vm_area_struct *vma, unsigned long address)
{
	if (!page->mapping) {            /* back from swap: it belongs to this area's family now */
		page->mapping = (struct address_space *)((unsigned long)vma->anon_vma | PAGE_MAPPING_ANON);
		page->index = vma->vm_pgoff + ((address - vma->vm_start) >> PAGE_SHIFT);
	}
	page_add_rmap(page);
}

void page_first_mapped(struct page *page)
{
	const struct address_space *m = page_mapping(page);

	if (m && m->unaccounted)
		return;
	if (m)
		nr_file_mapped++;
	else
		nr_anon_mapped++;
}

void page_last_unmapped(struct page *page)
{
	const struct address_space *m = page_mapping(page);

	if (m && m->unaccounted)
		return;
	if (m) {
		nr_file_mapped--;
		return;
	}
	nr_anon_mapped--;
	/*
	 * Mapped nowhere now: its anon_vma may go with its last area, so the page forgets it. A
	 * page that stays in the swap cache gets the anon_vma of whoever maps it next.
	 */
	if (PageAnon(page))
		page->mapping = NULL;
}

/* ---------------------------------------------------------------- walking */

/* Where area vma would map page, or 0 if outside it. */
static unsigned long vma_address(const struct page *page, const struct vm_area_struct *vma)
{
	unsigned long pgoff = page->index;

	if (pgoff < vma->vm_pgoff || pgoff - vma->vm_pgoff >= (vma->vm_end - vma->vm_start) >> PAGE_SHIFT)
		return 0;
	return vma->vm_start + ((pgoff - vma->vm_pgoff) << PAGE_SHIFT);
}

typedef bool (*rmap_one_t)(struct page *page, struct vm_area_struct *vma, unsigned long address,
			   pte_t *pte, void *arg);

/*
 * Call fn for every entry that maps page, until it returns false or all are found. Never
 * sleeps: the areas cannot change under it.
 */
static void rmap_walk(struct page *page, rmap_one_t fn, void *arg)
{
	struct list_head *head, *pos;
	bool anon = PageAnon(page);
	int left = page->_mapcount + 1;

	if (left <= 0)
		return;
	if (anon)
		head = &((struct anon_vma *)((unsigned long)page->mapping & ~PAGE_MAPPING_ANON))->head;
	else if (page->mapping)
		head = &page->mapping->i_mmap;
	else
		return;                  /* anonymous, not yet reverse-mapped: nobody to ask */
	for (pos = head->next; pos != head && left > 0;) {
		struct vm_area_struct *vma = anon ? list_entry(pos, struct vm_area_struct, anon_vma_node)
						  : list_entry(pos, struct vm_area_struct, shared);
		unsigned long address = vma_address(page, vma);
		pte_t *pte;

		pos = pos->next;         /* fn may unmap, never unlink */
		if (!address)
			continue;
		pte = user_pte(vma->vm_mm->pgd, address, false);
		if (!pte || !pte_has_page(*pte) || (*pte >> PAGE_SHIFT) != page_to_pfn(page))
			continue;
		left--;
		if (!fn(page, vma, address, pte, arg))
			return;
	}
}

struct referenced_arg {
	int young;
	bool *mlocked;               /* NULL: the caller does not ask */
};

static bool referenced_one(struct page *page, struct vm_area_struct *vma, unsigned long address,
			   pte_t *pte, void *arg)
{
	struct referenced_arg *ra = arg;

	(void)page;
	if (ra->mlocked && (vma->vm_flags & VM_LOCKED)) {
		*ra->mlocked = true;
		return false;                    /* it stays whatever its bits say: enough */
	}
	if (*pte & _PAGE_ACCESSED) {
		*pte &= ~_PAGE_ACCESSED;
		flush_user_page(vma->vm_mm, address);   /* the next use sets the bit again */
		ra->young++;
	}
	return true;
}

int page_referenced(struct page *page, bool *mlocked)
{
	struct referenced_arg ra = { 0, mlocked };

	if (mlocked)
		*mlocked = false;
	rmap_walk(page, referenced_one, &ra);
	return ra.young;
}

static bool unmap_one(struct page *page, struct vm_area_struct *vma, unsigned long address,
		      pte_t *pte, void *arg)
{
	struct mm_struct *mm = vma->vm_mm;
	pte_t old = *pte;

	(void)arg;
	if (PageAnon(page)) {
		swp_entry_t entry = { page->private };

		swap_duplicate(entry);
		*pte = swp_entry_to_pte(entry);
		mm->swap_ents++;
		if (old & _PAGE_DIRTY)
			SetPageDirty(page);      /* newer than what the swap slot holds */
	} else {
		*pte = 0;                        /* a file page: the next touch finds it again */
		if (old & _PAGE_DIRTY)
			set_page_dirty_mapped(page);
	}
	flush_user_page(mm, address);
	mm_rss_add(mm, page, -1);
	page_remove_rmap(page);
	put_page(page);                          /* the entry's reference */
	return true;
}

bool try_to_unmap(struct page *page)
{
	if (PageAnon(page) && !PageSwapCache(page))
		return false;                    /* nowhere to say where it went */
	rmap_walk(page, unmap_one, NULL);
	return !page_mapped(page);
}
