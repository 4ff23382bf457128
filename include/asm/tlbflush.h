/*
 * TLB maintenance. The TLB caches translations; after changing a page-table entry the kernel
 * must drop the stale copy:
 *   flush_tlb_one_kernel(va)  invlpg: one page (global or not)
 *   flush_tlb_local()         reload CR3: every non-global entry (a process switch does this)
 *   flush_tlb_all()           toggle CR4.PGE: everything, global kernel entries included
 * A task switch loads the next task's page directory (switch_mm): a full flush of the non-global
 * entries, unless the next task uses the same address space (a thread of the same process) or
 * none (a kernel thread borrows whatever is loaded, as Linux's lazy TLB mode does).
 * Each kind is counted, so a student can see what an operation cost.
 */
#pragma once
#include <types.h>
#include <asm/x86.h>

struct tlb_flush_stats {
	unsigned long single;   /* invlpg */
	unsigned long local;    /* CR3 reloads */
	unsigned long all;      /* full flushes including global pages */
	unsigned long switch_flush;   /* task switches that loaded another CR3 (non-global entries gone) */
	unsigned long switch_kept;    /* task switches that kept CR3: the same address space (threads) */
};

extern struct tlb_flush_stats tlb_stats;

#ifndef HOST_TEST
static inline void flush_tlb_one_kernel(unsigned long va)
{
	invlpg(va);
	tlb_stats.single++;
}
#else
/* Host unit tests run in user mode, where invlpg would fault: tests/host/fake_process.c counts. */
void flush_tlb_one_kernel(unsigned long va);
#endif
void flush_tlb_local(void);
void flush_tlb_all(void);
