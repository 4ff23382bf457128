/*
 * paging_init: the direct map of all lowmem at PAGE_OFFSET, replacing the 64 MiB that
 * boot/entry.asm mapped. With PSE each 4 MiB of lowmem takes one page-directory entry and no
 * page table; a partial last 4 MiB (lowmem rarely ends on a 4 MiB boundary) or a CPU without
 * PSE uses 4 KiB page tables taken from memblock. With PGE the entries are global: they
 * survive CR3 reloads, since every address space shares them.
 *
 * The page tables for the rest of kernel space (vmalloc and pkmap; the fixmap has a static one)
 * are all allocated here too, empty. So the kernel's page-directory entries never change after
 * boot, and a new process's page directory only needs a copy of them: no synchronisation of
 * kernel mappings between address spaces (Linux i386 instead fills them in lazily, in
 * vmalloc_fault). The price is one 4 KiB page table per 4 MiB of vmalloc space, allocated or
 * not: 32 pages with 1 GiB of RAM.
 */
#include <mm/paging.h>
#include <mm/pgtable.h>
#include <mm/memblock.h>
#include <mm/init.h>
#include <mm/page.h>
#include <kernel/printk.h>
#include <asm/x86.h>
#include <asm/tlbflush.h>

#define X86_FEATURE_PSE (1u << 3)     /* CPUID.1:EDX: 4 MiB pages */
#define X86_FEATURE_PGE (1u << 13)    /* CPUID.1:EDX: global pages */

bool cpu_has_pse, cpu_has_pge;
unsigned long direct_map_4m, direct_map_4k;  /* how the direct map was built, for the log */
unsigned long kernel_page_tables;            /* preallocated for vmalloc and pkmap */

static void detect_paging_features(void)
{
	u32 a, b, c, d;

	cpuid(1, &a, &b, &c, &d);
	cpu_has_pse = d & X86_FEATURE_PSE;
	cpu_has_pge = d & X86_FEATURE_PGE;
}

/* The flags every kernel mapping gets: global when the CPU can. */
pte_t kernel_pte_flags(void)
{
	return PAGE_KERNEL | (cpu_has_pge ? _PAGE_GLOBAL : 0);
}

/* Map [pa, end) of lowmem with 4 KiB pages through a new page table. */
static void map_with_page_table(unsigned long pa, unsigned long end)
{
	pte_t *pt = memblock_alloc(PAGE_SIZE, PAGE_SIZE);
	unsigned long va = PAGE_OFFSET + pa;

	for (; pa < end; pa += PAGE_SIZE, va += PAGE_SIZE) {
		pt[pte_index(va)] = pa | kernel_pte_flags();
		direct_map_4k++;
	}
	swapper_pg_dir[pgd_index(PAGE_OFFSET + ALIGN_DOWN(end - 1, PGDIR_SIZE))] = __pa(pt) | _KERNPG_TABLE;
}

/* Give every 4 MiB of [start, end) a page table of its own, empty. */
static void prealloc_page_tables(unsigned long start, unsigned long end)
{
	for (unsigned long va = start & PGDIR_MASK; va < end && va >= (start & PGDIR_MASK); va += PGDIR_SIZE) {
		pde_t *pde = &swapper_pg_dir[pgd_index(va)];
		if (*pde & _PAGE_PRESENT)
			continue;
		*pde = __pa(memblock_alloc(PAGE_SIZE, PAGE_SIZE)) | _KERNPG_TABLE;
		kernel_page_tables++;
	}
}

pte_t *kernel_pte(unsigned long va)
{
	pde_t pde = swapper_pg_dir[pgd_index(va)];

	if (va < PAGE_OFFSET || !(pde & _PAGE_PRESENT) || (pde & _PAGE_PSE))
		return NULL;
	return (pte_t *)__va(pde & PAGE_MASK) + pte_index(va);
}

bool kern_addr_valid(unsigned long va)
{
	pde_t pde = swapper_pg_dir[pgd_index(va)];
	pte_t *pte;

	if (va < PAGE_OFFSET || !(pde & _PAGE_PRESENT))
		return false;
	if (pde & _PAGE_PSE)
		return true;
	if ((pde & PAGE_MASK) >= (unsigned long)max_low_pfn << PAGE_SHIFT &&
	    (pde & PAGE_MASK) >= EARLY_MAP_SIZE)
		return false;                     /* a page table we could not read */
	pte = (pte_t *)__va(pde & PAGE_MASK) + pte_index(va);
	return *pte & _PAGE_PRESENT;
}

void set_kernel_pte_pa(unsigned long va, phys_addr_t pa, pte_t flags)
{
	pte_t *pte = kernel_pte(va);

	if (!pte)
		panic("set_kernel_pte: no page table for %#lx", va);
	if (*pte & _PAGE_PRESENT)
		panic("set_kernel_pte: %#lx is already mapped (pte %08x)", va, *pte);
	/* not-present entries are never cached in the TLB: no flush needed to map */
	*pte = (pte_t)pa | kernel_pte_flags() | flags;
}

void set_kernel_pte(unsigned long va, struct page *page)
{
	set_kernel_pte_pa(va, page_to_phys(page), 0);
}

void clear_kernel_pte(unsigned long va)
{
	pte_t *pte = kernel_pte(va);

	if (pte && (*pte & _PAGE_PRESENT)) {
		*pte = 0;
		flush_tlb_one_kernel(va);
	}
}

void paging_init(void)
{
	unsigned long lowmem_end = max_low_pfn << PAGE_SHIFT;

	detect_paging_features();
	if (cpu_has_pse)
		write_cr4(read_cr4() | X86_CR4_PSE);
	if (cpu_has_pge)
		write_cr4(read_cr4() | X86_CR4_PGE);
	for (unsigned long pa = 0; pa < lowmem_end; pa += PGDIR_SIZE) {
		unsigned long end = min(pa + PGDIR_SIZE, lowmem_end);
		if (cpu_has_pse && end - pa == PGDIR_SIZE) {
			swapper_pg_dir[pgd_index(PAGE_OFFSET + pa)] = pa | _PAGE_PSE | kernel_pte_flags();
			direct_map_4m++;
		} else {
			map_with_page_table(pa, end);
		}
	}
	flush_tlb_all();
	memblock.current_limit = lowmem_end;  /* all lowmem is reachable now */
	pr_info("direct map: %lu MiB at %#lx: %lu x 4 MiB pages%s, %lu x 4 KiB pages%s\n",
		lowmem_end >> 20, (unsigned long)PAGE_OFFSET, direct_map_4m, cpu_has_pse ? "" : " (no PSE)",
		direct_map_4k, cpu_has_pge ? ", global" : "");
	prealloc_page_tables(VMALLOC_START, VMALLOC_END);
	prealloc_page_tables(PKMAP_BASE, PKMAP_END);
	pr_info("kernel page tables: %lu preallocated for vmalloc and pkmap (%lu KiB), shared by every address space\n",
		kernel_page_tables, kernel_page_tables * (PAGE_SIZE / 1024));
}
