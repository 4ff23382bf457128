/*
 * Declarations for mm/ alone (Linux's mm/internal.h): how the parts of mm/ call each other.
 * Nothing outside mm/ reaches into page tables or areas through these; fs/, ipc/ and kernel/
 * use include/mm/ (and files use vm_operations_struct, include/mm/mm_types.h). The host tests
 * include it too: they test these parts directly.
 */
#pragma once
#include <types.h>
#include <mm/mm_types.h>
#include <mm/page.h>
#include <mm/pagemap.h>
#include <mm/memory.h>

pde_t *pgd_alloc(void);

/*
 * Resolve a fault at address in vma: demand-zero, a file page, or (write) copy-on-write.
 * 0; VM_FAULT_OOM, with nothing mapped and nothing allocated kept; or VM_FAULT_SIGBUS for a
 * file page past the end of the file, with nothing changed. Interrupts may be off.
 */
int handle_mm_fault(struct mm_struct *mm, struct vm_area_struct *vma, unsigned long address,
		    bool write);

extern unsigned long cow_copies, cow_reuses;

/*
 * handle_mm_fault for a caller that holds nothing (a fault's top, exec's writes, swapoff): out
 * of memory, it reclaims directly, sleeping if it must, and tries again while that frees pages.
 * The OOM killer is the page-fault handler's alone. (mm/fault.c)
 */
int handle_mm_fault_reclaim(struct mm_struct *mm, struct vm_area_struct *vma, unsigned long address,
			    bool write);

/* Grow the stack area down to cover address; 0, or -ENOMEM past RLIMIT_STACK or RLIMIT_AS, or near a neighbour. */
int expand_stack(struct mm_struct *mm, struct vm_area_struct *vma, unsigned long address);

/*
 * Give [start, end) new protection bits (VM_READ | VM_WRITE | VM_EXEC), splitting and merging
 * areas. Every page in the range must belong to an area: else -ENOMEM, nothing changed.
 */
int vma_protect_range(struct mm_struct *mm, unsigned long start, unsigned long end,
		      unsigned long prot_flags);

/* Free every area (the pages must have been unmapped). */
void vma_free_all(struct mm_struct *mm);

/* The page-table side of area changes, provided by mm/memory.c. */
void unmap_page_range(struct mm_struct *mm, unsigned long start, unsigned long end);
void change_protection(struct mm_struct *mm, unsigned long start, unsigned long end,
		       unsigned long vm_flags);

/* Move the page-table dirty bits of [start, end) into the pages they map (mm/memory.c). */
void harvest_dirty_range(struct mm_struct *mm, unsigned long start, unsigned long end);


/*
 * The LRU lists (mm/vmscan.c): a page-cache page a disk backs goes on its zone's inactive file
 * list; lru_del takes any page off its list (it is leaving the cache, or being freed).
 */
void lru_add_file(struct page *page);
void lru_del(struct page *page);

/* Drop a user address's TLB entry, if the address space is the one loaded in CR3. */
static inline void flush_user_page(struct mm_struct *mm, unsigned long va)
{
	if (mm == loaded_mm)
		flush_tlb_one_kernel(va);
}

/* Count a page in or out of mm's RSS, as anonymous, file or shared memory (mm/rmap.c). */
void mm_rss_add(struct mm_struct *mm, const struct page *page, long n);

/*
 * RSS changes gathered over a page table's worth of pages and added to the mm once (Linux's
 * rss[] array in copy_pte_range and zap_pte_range): which of the three counts a page is in.
 */
struct rss_batch {
	long anon, file, shmem;
};

static inline void rss_batch_add(struct rss_batch *b, const struct page *page, long n)
{
	const struct address_space *m = page_mapping(page);

	if (!m)
		b->anon += n;
	else if (m->unaccounted)
		return;                 /* the vDSO's data page: in no RSS */
	else if (m->swapbacked)
		b->shmem += n;
	else
		b->file += n;
}

void mm_rss_apply(struct mm_struct *mm, const struct rss_batch *b);

/* May mm grow by npages of an area with these flags, within RLIMIT_AS and RLIMIT_DATA? (mm/mmap.c) */
bool may_expand_vm(struct mm_struct *mm, unsigned long flags, unsigned long npages);
