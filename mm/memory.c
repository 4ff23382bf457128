/*
 * User page tables: creating an address space, demand paging, unmapping, protection changes,
 * copying for fork, tearing down at exit.
 *
 * Demand paging (the seed texts' 缺页中断): brk and mmap only record an area; the first touch
 * of a page faults, and handle_mm_fault allocates a zeroed page (GFP_HIGHUSER: HighMem first,
 * zeroed through kmap_atomic) and maps it. Until then the page costs nothing but its promise.
 *
 * User PTEs: present | user | writable-if-VM_WRITE. A page made inaccessible by PROT_NONE keeps
 * its frame with _PAGE_PROTNONE instead of _PAGE_PRESENT, so mprotect can give it back.
 */
#include <mm/memory.h>
#include <mm/vma.h>
#include <mm/page.h>
#include <mm/gfp.h>
#include <mm/highmem.h>
#include <mm/slab.h>
#include <kernel/sched.h>
#include <kernel/string.h>
#include <kernel/errno.h>
#include <kernel/printk.h>
#include <asm/tlbflush.h>
#include <asm/x86.h>

pde_t *pgd_alloc(void)
{
	pde_t *pgd = (pde_t *)get_zeroed_page(GFP_KERNEL);

	if (pgd)  /* the kernel half: the same (preallocated) page tables in every address space */
		memcpy(&pgd[KERNEL_PGD_INDEX], &swapper_pg_dir[KERNEL_PGD_INDEX],
		       (PTRS_PER_PGD - KERNEL_PGD_INDEX) * sizeof(pde_t));
	return pgd;
}

/* The PTE for a user address, allocating its page table if alloc is set; NULL if none. */
pte_t *user_pte(pde_t *pgd, unsigned long va, bool alloc)
{
	pde_t *pde = &pgd[pgd_index(va)];

	if (!(*pde & _PAGE_PRESENT)) {
		unsigned long pt;
		if (!alloc || !(pt = get_zeroed_page(GFP_KERNEL)))
			return NULL;
		*pde = __pa(pt) | _PAGE_PRESENT | _PAGE_RW | _PAGE_USER;
	}
	return (pte_t *)__va(*pde & PAGE_MASK) + pte_index(va);
}

static pte_t mk_user_pte(struct page *page, unsigned long vm_flags)
{
	pte_t pte = (pte_t)page_to_phys(page);

	if (!(vm_flags & (VM_READ | VM_WRITE | VM_EXEC)))
		return pte | _PAGE_PROTNONE;
	return pte | _PAGE_PRESENT | _PAGE_USER | ((vm_flags & VM_WRITE) ? _PAGE_RW : 0);
}

/* Drop a user address's TLB entry, if the address space is the one loaded in CR3. */
static void flush_user_page(struct mm_struct *mm, unsigned long va)
{
	if (current && current->mm == mm)
		flush_tlb_one_kernel(va);
}

void unmap_page_range(struct mm_struct *mm, unsigned long start, unsigned long end)
{
	for (unsigned long va = start; va < end; va += PAGE_SIZE) {
		pte_t *pte = user_pte(mm->pgd, va, false);
		struct page *page;

		if (!pte) {
			va = (va & PGDIR_MASK) + PGDIR_SIZE - PAGE_SIZE;  /* no page table: skip 4 MiB */
			if (va + PAGE_SIZE < va)
				break;
			continue;
		}
		if (!pte_has_page(*pte))
			continue;
		page = pfn_to_page(*pte >> PAGE_SHIFT);
		*pte = 0;
		flush_user_page(mm, va);
		mm->rss--;
		page->_mapcount--;
		__free_page(page);                  /* drops this mapping's reference */
	}
}

void change_protection(struct mm_struct *mm, unsigned long start, unsigned long end,
		       unsigned long vm_flags)
{
	for (unsigned long va = start; va < end; va += PAGE_SIZE) {
		pte_t *pte = user_pte(mm->pgd, va, false);
		if (!pte || !pte_has_page(*pte))
			continue;
		*pte = mk_user_pte(pfn_to_page(*pte >> PAGE_SHIFT), vm_flags);
		flush_user_page(mm, va);
	}
}

int handle_mm_fault(struct mm_struct *mm, struct vm_area_struct *vma, unsigned long address)
{
	pte_t *pte = user_pte(mm->pgd, address, true);
	struct page *page;

	if (!pte)
		return VM_FAULT_OOM;
	if (pte_has_page(*pte))
		return 0;                           /* another path mapped it already */
	/* demand paging: the page is allocated here, on first touch, zeroed */
	page = alloc_page(GFP_HIGHUSER | __GFP_ZERO);
	if (!page)
		return VM_FAULT_OOM;
	page->_mapcount++;
	*pte = mk_user_pte(page, vma->vm_flags);
	mm->rss++;
	return 0;
}

int copy_page_range(struct mm_struct *dst, struct mm_struct *src)
{
	for (unsigned i = 0; i < src->map_count; i++) {
		const struct vm_area_struct *vma = src->vmas[i];
		for (unsigned long va = vma->vm_start; va < vma->vm_end; va += PAGE_SIZE) {
			pte_t *spte = user_pte(src->pgd, va, false), *dpte;
			struct page *spage, *dpage;

			if (!spte || !pte_has_page(*spte))
				continue;
			dpte = user_pte(dst->pgd, va, true);
			if (!dpte)
				return -ENOMEM;
			spage = pfn_to_page(*spte >> PAGE_SHIFT);
			if (vma->vm_flags & VM_SHARED) {
				get_page(spage);            /* shared mappings stay shared */
				dpage = spage;
			} else {
				/* an eager copy; copy-on-write would share until the first write */
				dpage = alloc_page(GFP_HIGHUSER);
				if (!dpage)
					return -ENOMEM;
				void *to = kmap_atomic(dpage), *from = kmap_atomic(spage);
				memcpy(to, from, PAGE_SIZE);
				kunmap_atomic(from);
				kunmap_atomic(to);
			}
			dpage->_mapcount++;
			*dpte = (*spte & ~PAGE_MASK) | (pte_t)page_to_phys(dpage);
			dst->rss++;
		}
	}
	return 0;
}

int mm_write(struct mm_struct *mm, unsigned long uaddr, const void *src, size_t n)
{
	const char *from = src;

	while (n) {
		struct vm_area_struct *vma = find_vma(mm, uaddr);
		size_t off = uaddr & (PAGE_SIZE - 1), chunk = min(n, PAGE_SIZE - off);
		pte_t *pte;
		char *to;

		if (!vma || vma->vm_start > uaddr)
			return -EFAULT;
		if (handle_mm_fault(mm, vma, uaddr))
			return -ENOMEM;
		pte = user_pte(mm->pgd, uaddr, false);
		to = kmap_atomic(pfn_to_page(*pte >> PAGE_SHIFT));
		memcpy(to + off, from, chunk);
		kunmap_atomic(to);
		uaddr += chunk;
		from += chunk;
		n -= chunk;
	}
	return 0;
}

struct mm_struct *mm_alloc(void)
{
	struct mm_struct *mm = kzalloc(sizeof(*mm), GFP_KERNEL);

	if (!mm)
		return NULL;
	mm->pgd = pgd_alloc();
	if (!mm->pgd) {
		kfree(mm);
		return NULL;
	}
	mm->users = 1;
	mm->mmap_base = MMAP_BASE;
	return mm;
}

/* Free every user page, every page table, the areas, the page directory and mm itself. */
void mmput(struct mm_struct *mm)
{
	if (--mm->users > 0)
		return;
	for (unsigned i = 0; i < mm->map_count; i++)
		unmap_page_range(mm, mm->vmas[i]->vm_start, mm->vmas[i]->vm_end);
	vma_free_all(mm);
	for (unsigned i = 0; i < KERNEL_PGD_INDEX; i++)
		if (mm->pgd[i] & _PAGE_PRESENT)
			free_page((unsigned long)__va(mm->pgd[i] & PAGE_MASK));
	free_page((unsigned long)mm->pgd);
	kfree(mm);
}
