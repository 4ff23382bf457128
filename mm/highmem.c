/*
 * kmap_atomic: temporary mappings of HighMem pages through fixmap slots FIX_KMAP_BEGIN ..
 * FIX_KMAP_END, used strictly as a stack (the seed texts' "临时映射": one PTE written, one
 * invlpg on release).
 */
#include <mm/highmem.h>
#include <mm/page.h>
#include <mm/fixmap.h>
#include <kernel/printk.h>
#include <kernel/string.h>
#include <kernel/irq.h>

#define KM_MAX_IDX (FIX_KMAP_END - FIX_KMAP_BEGIN + 1)

unsigned kmap_atomic_depth;
unsigned long kmap_atomic_errors;

void *kmap_atomic(struct page *page)
{
	enum fixed_addresses idx;

	if (!PageHighMem(page))
		return page_address(page);
	if (kmap_atomic_depth >= KM_MAX_IDX)
		panic("kmap_atomic: more than %d nested mappings", KM_MAX_IDX);
	idx = FIX_KMAP_BEGIN + kmap_atomic_depth++;
	set_fixmap(idx, page_to_phys(page));
	return (void *)fix_to_virt(idx);
}

void kunmap_atomic(void *addr)
{
	unsigned long va = (unsigned long)addr & PAGE_MASK;
	enum fixed_addresses top;

	if (va < fix_to_virt(FIX_KMAP_END) || va > fix_to_virt(FIX_KMAP_BEGIN))
		return;                        /* a lowmem page's direct-map address: nothing to undo */
	top = FIX_KMAP_BEGIN + kmap_atomic_depth - 1;
	if (kmap_atomic_depth == 0 || va != fix_to_virt(top)) {
		kmap_atomic_errors++;
		pr_err("BUG: kunmap_atomic(%p) out of order: the innermost mapping is %p\n", addr,
		       kmap_atomic_depth ? (void *)fix_to_virt(top) : NULL);
		dump_stack();
		return;
	}
	clear_fixmap(top);
	kmap_atomic_depth--;
}

void clear_highpage(struct page *page)
{
	void *va = kmap_atomic(page);

	memset(va, 0, PAGE_SIZE);
	kunmap_atomic(va);
}
