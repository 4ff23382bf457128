/*
 * User page tables: creating an address space, demand paging, unmapping, protection changes,
 * copying for fork, tearing down at exit.
 *
 * Demand paging (缺页中断, the page fault): brk and mmap only record an area; the first touch
 * of a page faults, and handle_mm_fault allocates a zeroed page (GFP_HIGHUSER: HighMem first,
 * zeroed through kmap_atomic) and maps it. Until then the page costs nothing but its promise.
 * A page of a file mapping is the file's page-cache page itself, found (or read) by the area's
 * vm_ops->fault: MAP_SHARED maps it writable, so every process mapping the file and read()
 * see the same bytes; MAP_PRIVATE maps it read-only and copies it on the first write.
 *
 * Copy-on-write (写时复制): fork shares every private page between parent and child, read-only
 * in both, with one reference each. The first write faults; do_wp_page copies the page for the
 * writer, or, if the writer is the last one still using it, just makes it writable again.
 * Pages of shared mappings stay shared and writable.
 *
 * User PTEs: present | user | writable-if-VM_WRITE. A page made inaccessible by PROT_NONE keeps
 * its frame with _PAGE_PROTNONE instead of _PAGE_PRESENT, so mprotect can give it back.
 */
#include <kernel/lab.h>
#include <mm/memory.h>
#include "internal.h"
#include <mm/vma.h>
#include <mm/page.h>
#include <mm/gfp.h>
#include <mm/highmem.h>
#include <mm/slab.h>
#include <kernel/sched.h>
#include <kernel/string.h>
#include <linux/errno.h>
#include <kernel/printk.h>
#include <mm/pagemap.h>
#include <mm/rmap.h>
#include <mm/swap.h>
#include <fs/fs.h>
#include <asm/tlbflush.h>
#include <asm/x86.h>

unsigned long nr_pagetable_pages;        /* PageTables in /proc/meminfo */

/* A page for a process's page directory or one of its page tables, marked and counted as one. */
static unsigned long pgtable_alloc(gfp_t gfp)
{
	unsigned long pt = get_zeroed_page(gfp);

	if (pt) {
		SetPagePgTable(virt_to_page((void *)pt));
		nr_pagetable_pages++;
	}
	return pt;
}

static void pgtable_free(unsigned long pt)
{
	ClearPagePgTable(virt_to_page((void *)pt));
	nr_pagetable_pages--;
	free_page(pt);
}

pde_t *pgd_alloc(void)
{
	pde_t *pgd = (pde_t *)pgtable_alloc(GFP_KERNEL);

	if (pgd)  /* the kernel half: the same (preallocated) page tables in every address space */
		memcpy(&pgd[KERNEL_PGD_INDEX], &swapper_pg_dir[KERNEL_PGD_INDEX],
		       (PTRS_PER_PGD - KERNEL_PGD_INDEX) * sizeof(pde_t));
	return pgd;
}

bool user_pt_alloc(pde_t *pde)
{
	unsigned long pt = pgtable_alloc(GFP_USER);   /* for user memory: above min */

	if (!pt)
		return false;
	*pde = __pa(pt) | _PAGE_PRESENT | _PAGE_RW | _PAGE_USER;
	return true;
}

static pte_t mk_user_pte(struct page *page, unsigned long vm_flags)
{
	pte_t pte = (pte_t)page_to_phys(page);

	if (!(vm_flags & (VM_READ | VM_WRITE | VM_EXEC)))
		return pte | _PAGE_PROTNONE;
	return pte | _PAGE_PRESENT | _PAGE_USER | ((vm_flags & VM_WRITE) ? _PAGE_RW : 0);
}

unsigned long cow_copies, cow_reuses;     /* write faults on shared pages: copied or reused */

/* Count a page in or out of an address space's RSS, as anonymous, file or shared memory. */
static void rss_add(struct mm_struct *mm, const struct page *page, long n)
{
	mm_rss_add(mm, page, n);
}

/* Is this a page we must not write through without copying first (copy-on-write)? */
static bool needs_cow(const struct page *page, unsigned long vm_flags)
{
	return !(vm_flags & VM_SHARED) && (page_count(page) > 1 || page_mapping(page));
}

/*
 * Walking a range a page table at a time. One page table maps 4 MiB (one PDE): fork and unmap
 * look its PDE up once and then go along its entries, as Linux's copy_pte_range and
 * zap_pte_range do, and count the RSS they change once per table (struct rss_batch).
 */

/* Where the page table that maps va stops mapping, or end if that comes first. */
static inline unsigned long pt_range_end(unsigned long va, unsigned long end)
{
	unsigned long next = (va & PGDIR_MASK) + PGDIR_SIZE;

	return next - 1 < end - 1 ? next : end;     /* (next is 0 past the top of memory) */
}

/* Unmap [va, end), which one page table maps; pte is va's entry. */
static void zap_pte_range(struct mm_struct *mm, pte_t *pte, unsigned long va, unsigned long end,
			  struct rss_batch *rss)
{
	for (; va < end; va += PAGE_SIZE, pte++) {
		pte_t entry = *pte;
		struct page *page;

		if (!entry)
			continue;
		*pte = 0;
		if (!pte_has_page(entry)) {
			free_swap_and_cache(pte_to_swp_entry(entry));   /* a page in swap: its slot goes */
			mm->swap_ents--;
			continue;
		}
		flush_user_page(mm, va);
		page = pfn_to_page(entry >> PAGE_SHIFT);
		if ((entry & _PAGE_DIRTY) && page_mapping(page))
			set_page_dirty_mapped(page);  /* written through a shared mapping */
		rss_batch_add(rss, page, -1);
		page_remove_rmap(page);
		if (PageSwapCache(page) && !page_mapped(page))
			try_to_free_swap(page);     /* nobody will fault it in by its slot again */
		put_page(page);                     /* drops this mapping's reference */
	}
}

void unmap_page_range(struct mm_struct *mm, unsigned long start, unsigned long end)
{
	struct rss_batch rss = { 0 };

	for (unsigned long va = start, next; va < end; va = next) {
		pte_t *pte = user_pte(mm->pgd, va, false);

		next = pt_range_end(va, end);
		if (pte)                            /* no page table: nothing mapped in these 4 MiB */
			zap_pte_range(mm, pte, va, next, &rss);
	}
	mm_rss_apply(mm, &rss);
}

void harvest_dirty_range(struct mm_struct *mm, unsigned long start, unsigned long end)
{
	for (unsigned long va = start, next; va < end; va = next) {
		pte_t *pte = user_pte(mm->pgd, va, false);

		next = pt_range_end(va, end);
		for (; pte && va < next; va += PAGE_SIZE, pte++) {   /* no page table: skip 4 MiB */
			if (!(*pte & _PAGE_PRESENT) || !(*pte & _PAGE_DIRTY))
				continue;
			*pte &= ~_PAGE_DIRTY;
			flush_user_page(mm, va);    /* the next store sets the bit again */
			set_page_dirty_mapped(pfn_to_page(*pte >> PAGE_SHIFT));
		}
	}
}

void change_protection(struct mm_struct *mm, unsigned long start, unsigned long end,
		       unsigned long vm_flags)
{
	for (unsigned long va = start; va < end; va += PAGE_SIZE) {
		pte_t *pte = user_pte(mm->pgd, va, false);
		struct page *page;

		if (!pte || !pte_has_page(*pte))
			continue;
		page = pfn_to_page(*pte >> PAGE_SHIFT);
		/* a page still shared after fork stays read-only: the write fault will copy it */
		*pte = mk_user_pte(page, needs_cow(page, vm_flags) ? vm_flags & ~VM_WRITE : vm_flags);
		flush_user_page(mm, va);
	}
}

/* A write to a present, read-only page of a writable private area: copy-on-write. */
static int do_wp_page(struct mm_struct *mm, struct vm_area_struct *vma, unsigned long address,
		      pte_t *pte)
{
	struct page *old = pfn_to_page(*pte >> PAGE_SHIFT), *new;
	void *from, *to;

	/* LAB 5 BEGIN do_wp_page: copy-on-write: reuse the page if it is ours alone, else copy it */
	if (page_count(old) == 1) {
		/* nobody else uses it any more: reuse it in place */
		if (page_mapping(old)) {            /* a private copy of a file page becomes anonymous */
			rss_add(mm, old, -1);
			old->mapping = NULL;
			rss_add(mm, old, 1);
		}
		*pte = mk_user_pte(old, vma->vm_flags);
		flush_user_page(mm, address);
		cow_reuses++;
		return 0;
	}
	new = alloc_page(GFP_HIGHUSER);
	if (!new)
		return VM_FAULT_OOM;
	to = kmap_atomic(new);
	from = kmap_atomic(old);
	copy_page(to, from);
	kunmap_atomic(from);
	kunmap_atomic(to);
	page_add_new_anon_rmap(new, vma, address);  /* the copy is this area's anonymous page */
	if (page_mapping(old)) {                    /* a copy of a file page: RSS moves to anon */
		rss_add(mm, old, -1);
		rss_add(mm, new, 1);
	}
	*pte = mk_user_pte(new, vma->vm_flags);
	flush_user_page(mm, address);
	page_remove_rmap(old);
	put_page(old);                              /* the other sharers keep their reference */
	cow_copies++;
	return 0;
	/* LAB 5 STUB
	LAB_MISSING(5, "do_wp_page");
	(void)old;
	(void)new;
	(void)from;
	(void)to;
	return VM_FAULT_OOM;
	   LAB 5 END */
}

/* The rights a file page is mapped with: a private mapping's are read-only until it is copied. */
static unsigned long file_pte_flags(const struct vm_area_struct *vma)
{
	return (vma->vm_flags & VM_SHARED) ? vma->vm_flags : vma->vm_flags & ~VM_WRITE;
}

/*
 * Fault-around (Linux's do_fault_around, fault_around_bytes = 64 KiB): a read fault on a file
 * mapping also maps the neighbouring pages that are already in the page cache, up to 16 pages
 * in the 64 KiB-aligned window around the address, inside the area and the same page table.
 * A program reading a mapped file in order then faults once per 16 pages, not once per page;
 * the pages come into its RSS together. True if the faulting page itself was mapped.
 */
#define FAULT_AROUND_PAGES 16

static bool do_fault_around(struct mm_struct *mm, struct vm_area_struct *vma, unsigned long address,
			    pte_t *pte)
{
	const unsigned long window = FAULT_AROUND_PAGES * PAGE_SIZE;
	unsigned long start = max(address & ~(window - 1), vma->vm_start);
	unsigned long end = min(min(start + window, vma->vm_end), (start | (PGDIR_SIZE - 1)) + 1);
	u32 pgoff = (u32)(vma->vm_pgoff + ((start - vma->vm_start) >> PAGE_SHIFT));
	pte_t *p = pte - ((address & PAGE_MASK) - start) / PAGE_SIZE;

	for (unsigned long va = start; va < end; va += PAGE_SIZE, p++, pgoff++) {
		struct page *page;

		if (*p || !(page = vma->vm_ops->map_page(vma, pgoff)))
			continue;                   /* mapped (or swapped) already, or not cached */
		page_add_rmap(page);                /* map_page's reference is the mapping's */
		*p = mk_user_pte(page, file_pte_flags(vma));
		rss_add(mm, page, 1);
	}
	return pte_has_page(*pte);
}

/*
 * A page of an area with operations (a file, shared memory): vm_ops->fault finds the page, in
 * the page cache. A shared area maps that page itself; a private one maps it read-only, and a
 * write copies it at once (do_wp_page), as Linux does. A read first tries fault-around.
 */
static int do_fault(struct mm_struct *mm, struct vm_area_struct *vma, unsigned long address,
		    pte_t *pte, bool write)
{
	struct vm_fault vmf = {
		.address = address & PAGE_MASK,
		.pgoff = (u32)(vma->vm_pgoff + ((address - vma->vm_start) >> PAGE_SHIFT)),
		.write = write,
	};
	unsigned long flags = file_pte_flags(vma);
	int err;

	if (!write && vma->vm_ops->map_page && do_fault_around(mm, vma, address, pte))
		return 0;                           /* a minor fault: the page was cached */
	err = vma->vm_ops->fault(vma, &vmf);
	if (err)
		return err;
	if (write && (vma->vm_flags & VM_SHARED))
		set_page_dirty_mapped(vmf.page);
	page_add_rmap(vmf.page);                    /* the fault's reference is now the mapping's */
	*pte = mk_user_pte(vmf.page, flags);
	rss_add(mm, vmf.page, 1);
	if (write && !(vma->vm_flags & VM_SHARED) && (err = do_wp_page(mm, vma, address, pte)) != 0)
		return err;
	return vmf.major ? VM_FAULT_MAJOR : 0;
}

/*
 * A fault that was handled counts for getrusage: major when the page had to be read from a
 * disk (the file system's fault said so), minor when it came from memory (zeros, the page
 * cache, another page).
 */
static int account_fault(int ret)
{
	if (ret == VM_FAULT_MAJOR) {
		current->maj_flt++;                 /* the page had to be read from a disk */
		return 0;
	}
	if (!ret && current)
		current->min_flt++;
	return ret;
}

/*
 * A page in swap (its entry is in the PTE): find it in the swap cache or read it back (a major
 * fault), map it, and let go of the slot. A page the slot still ties to others (fork shared it
 * before it went out) is mapped read-only, so a write copies it, as before it went out.
 */
static int do_swap_page(struct mm_struct *mm, struct vm_area_struct *vma, unsigned long address,
			pte_t *pte, bool write)
{
	swp_entry_t entry = pte_to_swp_entry(*pte);
	pte_t orig = *pte;
	bool major = false;
	struct page *page = swapin_page(entry, &major);

	if (IS_ERR(page))
		return PTR_ERR(page) == -ENOMEM ? VM_FAULT_OOM : VM_FAULT_SIGBUS;
	if (*pte != orig) {                         /* it came in another way while we slept (swapoff) */
		put_page(page);
		return 0;
	}
	page_add_anon_rmap(page, vma, address);     /* our reference is now the mapping's */
	if (!PageLRU(page))
		lru_cache_add_anon(page);
	*pte = mk_user_pte(page, vma->vm_flags & ~VM_WRITE);
	mm->swap_ents--;
	rss_add(mm, page, 1);
	swap_free(entry);
	if (try_to_free_swap(page) && page_count(page) == 1 && (vma->vm_flags & VM_WRITE)) {
		*pte = mk_user_pte(page, vma->vm_flags);   /* ours alone: writable at once */
		write = false;
	}
	if (write && (vma->vm_flags & VM_WRITE)) {
		int err = do_wp_page(mm, vma, address, pte);
		if (err)
			return err;
	}
	return major ? VM_FAULT_MAJOR : 0;
}

int handle_mm_fault(struct mm_struct *mm, struct vm_area_struct *vma, unsigned long address,
		    bool write)
{
	pte_t *pte = user_pte(mm->pgd, address, true);
	struct page *page;

	if (!pte)
		return VM_FAULT_OOM;
	/* private memory gets its reverse map before its first anonymous page */
	if (!(vma->vm_flags & VM_SHARED) && (write || !vma->vm_ops) && anon_vma_prepare(vma))
		return VM_FAULT_OOM;
	if (pte_has_page(*pte)) {
		if (write && (*pte & _PAGE_PRESENT) && !(*pte & _PAGE_RW) && (vma->vm_flags & VM_WRITE)) {
			page = pfn_to_page(*pte >> PAGE_SHIFT);
			if (PageSwapCache(page))
				try_to_free_swap(page);     /* its copy in swap is not needed once written */
			return account_fault(do_wp_page(mm, vma, address, pte));
		}
		return 0;                           /* another path mapped it already */
	}
	if (is_swap_pte(*pte))
		return account_fault(do_swap_page(mm, vma, address, pte, write && (vma->vm_flags & VM_WRITE)));
	if (vma->vm_ops)
		return account_fault(do_fault(mm, vma, address, pte, write && (vma->vm_flags & VM_WRITE)));
	/* LAB 3 BEGIN handle_mm_fault: demand paging: a zeroed page on first touch, mapped with the area's rights */
	page = alloc_page(GFP_HIGHUSER | __GFP_ZERO);
	if (!page)
		return VM_FAULT_OOM;
	page_add_new_anon_rmap(page, vma, address);  /* its reverse map, and a place on the LRU */
	*pte = mk_user_pte(page, vma->vm_flags);
	rss_add(mm, page, 1);
	return account_fault(0);
	/* LAB 3 STUB
	LAB_MISSING(3, "handle_mm_fault");
	(void)page;
	return VM_FAULT_OOM;
	   LAB 3 END */
}

/*
 * Fork's copy of the entries for [va, end) of one area, which one page table of each address
 * space maps (spte, dpte: va's entries). cow: the area is private. true if one of the parent's
 * entries was made read-only (its TLB entry is then stale: copy_page_range flushes once).
 */
static bool copy_pte_range(struct mm_struct *dst, pte_t *dpte, pte_t *spte, unsigned long va,
			   unsigned long end, bool cow, struct rss_batch *rss)
{
	/* LAB 5 BEGIN copy_pte_range: share every present page with the child, read-only where private */
	bool wrprotected = false;

	for (; va < end; va += PAGE_SIZE, spte++, dpte++) {
		pte_t entry = *spte;
		struct page *page;

		if (!entry)
			continue;
		if (is_swap_pte(entry)) {           /* in swap: both now hold the slot */
			swap_duplicate(pte_to_swp_entry(entry));
			*dpte = entry;
			dst->swap_ents++;
			continue;
		}
		page = pfn_to_page(entry >> PAGE_SHIFT);
		if (cow && (entry & _PAGE_RW)) {
			entry &= ~_PAGE_RW;         /* copy-on-write: read-only in both */
			*spte = entry;
			wrprotected = true;
		}
		get_page(page);
		page_add_rmap(page);
		*dpte = entry;
		rss_batch_add(rss, page, 1);
	}
	return wrprotected;
	/* LAB 5 STUB
	LAB_MISSING(5, "copy_pte_range");
	return false;
	   LAB 5 END */
}

int copy_page_range(struct mm_struct *dst, struct mm_struct *src)
{
	bool flush = false;
	int err = 0;

	for (unsigned i = 0; i < src->map_count && !err; i++) {
		const struct vm_area_struct *vma = src->vmas[i];
		struct rss_batch rss = { 0 };

		for (unsigned long va = vma->vm_start, next; va < vma->vm_end; va = next) {
			pte_t *spte = user_pte(src->pgd, va, false), *dpte;

			next = pt_range_end(va, vma->vm_end);
			if (!spte)
				continue;
			dpte = user_pte(dst->pgd, va, true);
			if (!dpte) {
				err = -ENOMEM;
				break;
			}
			flush |= copy_pte_range(dst, dpte, spte, va, next, !(vma->vm_flags & VM_SHARED), &rss);
		}
		mm_rss_apply(dst, &rss);
	}
	/* one flush for every entry made read-only, as Linux's flush_tlb_mm after dup_mmap */
	if (flush && src == loaded_mm)
		flush_tlb_local();
	return err;
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
		/*
		 * A write: a page still shared copy-on-write is copied first, never written through;
		 * in a private area that is read-only (program text) too, as Linux's FOLL_FORCE
		 * does, so the file's page-cache page is never changed.
		 */
		if (!(vma->vm_flags & (VM_WRITE | VM_SHARED))) {
			unsigned long flags = vma->vm_flags;
			int err;
			vma->vm_flags |= VM_WRITE;
			err = handle_mm_fault(mm, vma, uaddr, true);
			vma->vm_flags = flags;
			change_protection(mm, uaddr & PAGE_MASK, (uaddr & PAGE_MASK) + PAGE_SIZE, flags);
			if (err)
				return -ENOMEM;
		} else if (handle_mm_fault_reclaim(mm, vma, uaddr, vma->vm_flags & VM_WRITE) & ~VM_FAULT_MAJOR) {
			return -ENOMEM;                 /* (exec holds nothing here: it may reclaim) */
		}
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

size_t mm_read(struct mm_struct *mm, unsigned long uaddr, void *dst, size_t n)
{
	char *to = dst;
	size_t done = 0;

	while (done < n) {
		size_t off = uaddr & (PAGE_SIZE - 1), chunk = min(n - done, PAGE_SIZE - off);
		pte_t *pte = user_pte(mm->pgd, uaddr, false);
		char *from;

		if (pte && is_swap_pte(*pte)) {     /* swapped out: bring it back first */
			struct vm_area_struct *vma = find_vma(mm, uaddr);
			if (!vma || vma->vm_start > uaddr || (handle_mm_fault(mm, vma, uaddr, false) & ~VM_FAULT_MAJOR))
				break;
		}
		if (!pte || !(*pte & _PAGE_PRESENT))
			break;                      /* not in memory: what was read so far */
		from = kmap_atomic(pfn_to_page(*pte >> PAGE_SHIFT));
		memcpy(to + done, from + off, chunk);
		kunmap_atomic(from);
		uaddr += chunk;
		done += chunk;
	}
	return done;
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
	struct vm_area_struct *vma;

	for_each_vma(mm, vma)
		unmap_page_range(mm, vma->vm_start, vma->vm_end);
	vma_free_all(mm);
	if (mm->exe_file)
		fput(mm->exe_file);
	for (unsigned i = 0; i < KERNEL_PGD_INDEX; i++)
		if (mm->pgd[i] & _PAGE_PRESENT)
			pgtable_free((unsigned long)__va(mm->pgd[i] & PAGE_MASK));
	pgtable_free((unsigned long)mm->pgd);
	kfree(mm);
}
