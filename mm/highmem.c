/*
 * kmap: persistent mappings of HighMem pages in the pkmap area ("永久映射", the permanent kernel mapping),
 * with Linux's pkmap_count bookkeeping and a hash from page to address.
 *
 * kmap_atomic: temporary mappings through fixmap slots FIX_KMAP_BEGIN .. FIX_KMAP_END, used
 * strictly as a stack ("临时映射": one PTE written, one invlpg on release).
 */
#include <kernel/lab.h>
#include <mm/highmem.h>
#include <mm/page.h>
#include <mm/fixmap.h>
#include <kernel/printk.h>
#include <kernel/string.h>
#include <kernel/list.h>
#include <mm/paging.h>
#include <asm/tlbflush.h>
#include <asm/x86.h>

#define KM_MAX_IDX (FIX_KMAP_END - FIX_KMAP_BEGIN + 1)

/* ---------------------------------------------------------------- kmap */

#define PA_HASH_ORDER 7                       /* 128 buckets, as Linux's page_address_htable */

struct page_address_map {
	struct page *page;
	void *virtual;
	struct list_head list;                /* in its hash bucket */
};

int pkmap_count[LAST_PKMAP];
unsigned long pkmap_flushes;                  /* wrap-arounds that flushed the TLB */
unsigned long kmap_errors;
static unsigned last_pkmap_nr;
static struct page_address_map page_address_maps[LAST_PKMAP];  /* one per slot */
static struct list_head page_address_htable[1 << PA_HASH_ORDER];
static bool pkmap_ready;

static struct list_head *page_slot(const struct page *page)
{
	return &page_address_htable[(page_to_pfn(page) * 0x9E3779B1u) >> (32 - PA_HASH_ORDER)];
}

void *kmap_address(struct page *page)
{
	struct page_address_map *pam;

	if (!pkmap_ready)
		return NULL;
	list_for_each_entry(pam, page_slot(page), list)
		if (pam->page == page)
			return pam->virtual;
	return NULL;
}

/* Record (or, with virtual NULL, forget) where a page is kmapped. */
static void set_page_address(struct page *page, void *virtual)
{
	if (virtual) {
		struct page_address_map *pam = &page_address_maps[PKMAP_NR(virtual)];
		pam->page = page;
		pam->virtual = virtual;
		list_add_tail(&pam->list, page_slot(page));
		return;
	}
	struct page_address_map *pam;
	list_for_each_entry(pam, page_slot(page), list)
		if (pam->page == page) {
			list_del(&pam->list);
			return;
		}
}

static void pkmap_init(void)
{
	for (unsigned i = 0; i < ARRAY_SIZE(page_address_htable); i++)
		INIT_LIST_HEAD(&page_address_htable[i]);
	pkmap_ready = true;
}

/*
 * Clear every slot that has a mapping but no users (count 1), then flush the TLB once: after
 * this those slots are free (count 0). Done only on wrap-around, so the flush is rare.
 */
static void flush_all_zero_pkmaps(void)
{
	bool need_flush = false;

	for (unsigned i = 0; i < LAST_PKMAP; i++) {
		pte_t *pte;
		if (pkmap_count[i] != 1)
			continue;
		pkmap_count[i] = 0;
		pte = kernel_pte(PKMAP_ADDR(i));
		set_page_address(pfn_to_page(*pte >> PAGE_SHIFT), NULL);
		*pte = 0;
		need_flush = true;
	}
	if (need_flush) {
		flush_tlb_all();              /* the pkmap entries are global */
		pkmap_flushes++;
	}
}

/* Find a free slot (flushing unused ones when the search wraps) and map page there. */
static void *map_new_virtual(struct page *page)
{
	/* LAB 2 BEGIN map_new_virtual: a free pkmap slot (flush unused ones on wrapping), its PTE set */
	unsigned count = LAST_PKMAP;

	for (;;) {
		last_pkmap_nr = (last_pkmap_nr + 1) & (LAST_PKMAP - 1);
		if (last_pkmap_nr == 0) {
			flush_all_zero_pkmaps();
			count = LAST_PKMAP;
		}
		if (pkmap_count[last_pkmap_nr] == 0)
			break;
		if (--count == 0) {
			/* Linux sleeps here until a kunmap frees a slot; this kernel cannot sleep yet. */
			kmap_errors++;
			pr_err("kmap: all %d pkmap slots are in use\n", LAST_PKMAP);
			dump_stack();
			return NULL;
		}
	}
	set_kernel_pte(PKMAP_ADDR(last_pkmap_nr), page);
	pkmap_count[last_pkmap_nr] = 1;
	set_page_address(page, (void *)PKMAP_ADDR(last_pkmap_nr));
	return (void *)PKMAP_ADDR(last_pkmap_nr);
	/* LAB 2 STUB
	LAB_MISSING(2, "map_new_virtual");
	(void)last_pkmap_nr;
	(void)flush_all_zero_pkmaps;               // you will call it
	return NULL;
	   LAB 2 END */
}

void *kmap(struct page *page)
{
	void *va;
	u32 flags;

	if (!PageHighMem(page))
		return page_address(page);
	/* LAB 2 BEGIN kmap: the page's pkmap address (the one it has, or a new slot), one more user */
	flags = local_irq_save();
	if (!pkmap_ready)
		pkmap_init();
	va = kmap_address(page);
	if (!va)
		va = map_new_virtual(page);
	if (va)
		pkmap_count[PKMAP_NR(va)]++;      /* 1 (mapped) becomes 2 (one user) */
	local_irq_restore(flags);
	return va;
	/* LAB 2 STUB
	LAB_MISSING(2, "kmap");
	(void)pkmap_init;
	(void)flags;
	(void)va;
	(void)map_new_virtual;                     // you will call it
	return NULL;
	   LAB 2 END */
}

void kunmap(struct page *page)
{
	void *va;
	u32 flags;

	if (!PageHighMem(page))
		return;
	/* LAB 2 BEGIN kunmap: one user fewer; a kunmap of a page that is not kmapped is a BUG */
	flags = local_irq_save();
	va = kmap_address(page);
	if (!va || pkmap_count[PKMAP_NR(va)] < 2) {
		kmap_errors++;
		pr_err("BUG: kunmap of pfn %#lx, which is not kmapped\n", page_to_pfn(page));
		dump_stack();
	} else {
		pkmap_count[PKMAP_NR(va)]--;      /* back to 1: mapped, unused, reusable */
	}
	local_irq_restore(flags);
	/* LAB 2 STUB
	LAB_MISSING(2, "kunmap");
	(void)flags;
	(void)va;
	   LAB 2 END */
}

/* ---------------------------------------------------------------- kmap_atomic */

unsigned kmap_atomic_depth;
unsigned long kmap_atomic_errors;

void *kmap_atomic_high(struct page *page)
{
	enum fixed_addresses idx;

	/* LAB 2 BEGIN kmap_atomic: the next fixmap slot of the stack of atomic mappings */
	if (kmap_atomic_depth >= KM_MAX_IDX)
		panic("kmap_atomic: more than %d nested mappings", KM_MAX_IDX);
	idx = FIX_KMAP_BEGIN + kmap_atomic_depth++;
	set_fixmap(idx, page_to_phys(page));
	return (void *)fix_to_virt(idx);
	/* LAB 2 STUB
	LAB_MISSING(2, "kmap_atomic");
	(void)idx;
	return NULL;
	   LAB 2 END */
}

void kunmap_atomic_high(void *addr)
{
	unsigned long va = (unsigned long)addr & PAGE_MASK;
	enum fixed_addresses top;

	/* LAB 2 BEGIN kunmap_atomic: only the innermost mapping may go; clear its fixmap slot */
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
	/* LAB 2 STUB
	LAB_MISSING(2, "kunmap_atomic");
	(void)va;
	(void)top;
	   LAB 2 END */
}
