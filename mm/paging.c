/*
 * paging_init: the direct map of all lowmem at PAGE_OFFSET, replacing the 64 MiB that
 * boot/entry.asm mapped. With PSE each 4 MiB of lowmem takes one page-directory entry and no
 * page table; a partial last 4 MiB (lowmem rarely ends on a 4 MiB boundary) or a CPU without
 * PSE uses 4 KiB page tables taken from memblock. With PGE the entries are global: they
 * survive CR3 reloads, since every address space shares them.
 */
#include <mm/paging.h>
#include <mm/pgtable.h>
#include <mm/memblock.h>
#include <mm/init.h>
#include <kernel/printk.h>
#include <asm/x86.h>

#define X86_FEATURE_PSE (1u << 3)     /* CPUID.1:EDX: 4 MiB pages */
#define X86_FEATURE_PGE (1u << 13)    /* CPUID.1:EDX: global pages */

bool cpu_has_pse, cpu_has_pge;
unsigned long direct_map_4m, direct_map_4k;  /* how the direct map was built, for the log */

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

void flush_tlb_all(void)
{
	u32 cr4 = read_cr4();

	if (cr4 & X86_CR4_PGE) {              /* toggling PGE drops global entries too */
		write_cr4(cr4 & ~X86_CR4_PGE);
		write_cr4(cr4);
	} else {
		write_cr3(read_cr3());
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
}
