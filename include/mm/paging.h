/* The kernel's own page tables (mm/paging.c). */
#pragma once
#include <types.h>
#include <mm/pgtable.h>

extern bool cpu_has_pse, cpu_has_pge;

/* Build the direct map of lowmem [0, max_low_pfn) at PAGE_OFFSET. Needs memblock. */
void paging_init(void);

/* PAGE_KERNEL, plus _PAGE_GLOBAL when the CPU supports it. */
pte_t kernel_pte_flags(void);

/* Flush every TLB entry, global ones included. */
void flush_tlb_all(void);
