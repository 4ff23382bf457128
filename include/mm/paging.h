/* The kernel's own page tables (mm/paging.c). */
#pragma once
#include <types.h>
#include <mm/pgtable.h>

extern bool cpu_has_pse, cpu_has_pge;

/* Build the direct map of lowmem [0, max_low_pfn) at PAGE_OFFSET. Needs memblock. */
void paging_init(void);

struct page;

/*
 * The PTE of a kernel address whose page table paging_init preallocated (vmalloc, pkmap), or
 * NULL (user address, no page table, or a 4 MiB direct-map page).
 */
pte_t *kernel_pte(unsigned long va);

/* Is va a mapped kernel address (safe to read)? Walks swapper_pg_dir; any context. */
bool kern_addr_valid(unsigned long va);

/* Map one page at a kernel address (which must be unmapped); clear it and flush its TLB entry. */
void set_kernel_pte(unsigned long va, struct page *page);
void clear_kernel_pte(unsigned long va);
/* Map the kernel page va to physical pa with extra flags (ioremap: _PAGE_PCD | _PAGE_PWT). */
void set_kernel_pte_pa(unsigned long va, phys_addr_t pa, pte_t flags);

/* PAGE_KERNEL, plus _PAGE_GLOBAL when the CPU supports it. */
pte_t kernel_pte_flags(void);
