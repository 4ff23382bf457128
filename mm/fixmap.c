/*
 * Fixmap: compile-time virtual addresses for pages the kernel needs before (or outside) the
 * direct map. All slots lie in the last 4 MiB of the address space, so one static page table
 * serves them all, and every process's page directory shares it.
 */
#include <mm/fixmap.h>
#include <mm/pgtable.h>
#include <kernel/string.h>
#include <kernel/printk.h>
#include <asm/tlbflush.h>

static pte_t fixmap_pte[PTRS_PER_PTE] __attribute__((aligned(PAGE_SIZE)));

BUILD_BUG_ON(FIXADDR_START < (0xFFFFFFFFul & PGDIR_MASK)); /* all slots in the last PDE */

/* Install the fixmap page table in swapper_pg_dir. Called once, early, with paging on. */
void fixmap_init(void)
{
	swapper_pg_dir[pgd_index(FIXADDR_TOP)] = __pa(fixmap_pte) | _KERNPG_TABLE;
}

void set_fixmap(enum fixed_addresses idx, phys_addr_t pa)
{
	unsigned long va = fix_to_virt(idx);

	if (idx <= FIX_HOLE || idx >= __end_of_fixed_addresses || pa >= (1ULL << 32))
		panic("set_fixmap: slot %d or address %llx out of range", idx, pa);
	pte_t old = fixmap_pte[pte_index(va)];

	fixmap_pte[pte_index(va)] = ((u32)pa & PAGE_MASK) | PAGE_KERNEL;
	if (old & _PAGE_PRESENT)
		flush_tlb_one_kernel(va);  /* replacing a mapping; an empty slot is never cached */
}

pte_t fixmap_entry(enum fixed_addresses idx)
{
	return fixmap_pte[pte_index(fix_to_virt(idx))];
}

void clear_fixmap(enum fixed_addresses idx)
{
	unsigned long va = fix_to_virt(idx);

	fixmap_pte[pte_index(va)] = 0;
	flush_tlb_one_kernel(va);
}

void copy_from_phys(void *dst, phys_addr_t pa, size_t len)
{
	char *d = dst;

	while (len) {
		size_t off = pa & (PAGE_SIZE - 1);
		size_t n = min(len, PAGE_SIZE - off);
		set_fixmap(FIX_BOOT_INFO, pa);
		memcpy(d, (void *)(fix_to_virt(FIX_BOOT_INFO) + off), n);
		d += n;
		pa += n;
		len -= n;
	}
	clear_fixmap(FIX_BOOT_INFO);
}
