/* User address spaces and their page tables (mm/memory.c, mm/fault.c, mm/mmap.c). */
#pragma once
#include <types.h>
#include <mm/mm_types.h>
#include <mm/layout.h>
#include <asm/tlbflush.h>
#include <asm/x86.h>

#define _PAGE_PROTNONE 0x200        /* software bit: a page kept but made inaccessible (PROT_NONE) */

#define STACK_TOP TASK_SIZE          /* the user stack ends at the top of user space */
#define STACK_INITIAL (128ul << 10)  /* the stack area exec sets up (Linux's stack_expand) */
#define MMAP_BASE (TASK_SIZE - (128ul << 20))  /* top-down mmap starts here (Linux's MIN_GAP) */

#define VM_FAULT_OOM 1               /* no memory for the page (or a page table) */
#define VM_FAULT_SIGBUS 3            /* a file mapping's page wholly past the end of the file */
#define VM_FAULT_MAJOR 4             /* handled, but only after reading the page from a disk */

static inline bool pte_has_page(pte_t pte)
{
	return pte & (_PAGE_PRESENT | _PAGE_PROTNONE);
}

struct mm_struct *mm_alloc(void);            /* an empty address space, or NULL */

/* Overcommit (mm/mmap.c): CommitLimit and Committed_AS in pages; fork's check in strict mode. */
extern int sysctl_overcommit_memory, sysctl_overcommit_ratio;
unsigned long vm_commit_limit(void);
unsigned long vm_committed_pages(void);
bool vm_enough_memory_for_fork(const struct mm_struct *mm);

/* Pages holding processes' page directories and page tables (PageTables in /proc/meminfo). */
extern unsigned long nr_pagetable_pages;

/*
 * The address space whose page tables CR3 holds (Linux's cpu_tlbstate.loaded_mm); NULL while
 * only the kernel's own (swapper_pg_dir) is loaded. switch_mm loads next's (NULL: the kernel's).
 * A TLB entry needs flushing only for loaded_mm's addresses: other address spaces' entries
 * left the TLB when CR3 was written.
 */
extern struct mm_struct *loaded_mm;
static inline void switch_mm(struct mm_struct *next)
{
	write_cr3(next ? __pa(next->pgd) : __pa(swapper_pg_dir));
	loaded_mm = next;
}

/*
 * At a task switch: another address space means a CR3 load (counted: its cost is every
 * non-global TLB entry); the same one, or none (a kernel thread), keeps what is loaded. A kernel
 * thread may borrow an address space safely: on one CPU, an mm is freed only by its last task,
 * which leaves it (switch_mm(NULL)) first. True when next was loaded.
 */
static inline bool switch_mm_task(struct mm_struct *next)
{
	if (!next || next == loaded_mm) {
		tlb_stats.switch_kept++;
		return false;
	}
	switch_mm(next);
	tlb_stats.switch_flush++;
	return true;
}
void mmput(struct mm_struct *mm);            /* drop a user; the last one frees everything */

/* Give an empty PDE of a user page directory a new page table; false if there is no memory. */
bool user_pt_alloc(pde_t *pde);

/* The PTE for a user address, allocating its page table if alloc is set; NULL if none. */
static inline pte_t *user_pte(pde_t *pgd, unsigned long va, bool alloc)
{
	pde_t *pde = &pgd[pgd_index(va)];

	if (!(*pde & _PAGE_PRESENT) && (!alloc || !user_pt_alloc(pde)))
		return NULL;
	return (pte_t *)__va(*pde & PAGE_MASK) + pte_index(va);
}


/* Fork: share every present page of src with dst, copy-on-write for private areas. 0 or -ENOMEM. */
int copy_page_range(struct mm_struct *dst, struct mm_struct *src);

/*
 * Write into an address space that is being built (exec): faults pages in and writes even where
 * the area is read-only (program text). Only for a new mm no one else shares: it ignores the
 * protections user code lives under. 0 or -EFAULT/-ENOMEM.
 */
int mm_write(struct mm_struct *mm, unsigned long uaddr, const void *src, size_t n);

/*
 * Read another address space's memory (what /proc/PID/cmdline shows): the bytes of present
 * pages from uaddr on, stopping at the first page that is not in memory. The count read.
 */
size_t mm_read(struct mm_struct *mm, unsigned long uaddr, void *dst, size_t n);

/* The page-fault handler, from do_trap with the address CR2 holds (mm/fault.c). */
struct pt_regs;
void do_page_fault(struct pt_regs *regs, unsigned long address);

/* The page-fault trace (mm/fault_trace.c), on with `faulttrace` on the command line. */
enum fault_kind { FAULT_NONE, FAULT_ANON, FAULT_COW, FAULT_STACK, FAULT_FILE, FAULT_SWAPIN, FAULT_OTHER };
extern bool fault_trace_on;
void fault_trace_init(void);                 /* after the allocators */
int fault_kind(struct mm_struct *mm, struct vm_area_struct *vma, unsigned long address, bool write,
	       bool grew);
void fault_trace_record(int kind, unsigned long address, int tgid);
struct seq_buf;
void show_fault_trace(struct seq_buf *t, int tgid);  /* a process's records, oldest first */
