/*
 * Reaching pages that have no permanent kernel address (HighMem): 永久映射, the permanent kernel mapping
 * (kmap, the pkmap area) and 临时映射 (kmap_atomic, fixmap slots).
 *
 * kmap(page) maps the page into one of LAST_PKMAP slots of the pkmap area and returns its
 * address; the same page kmapped twice gets the same address. kunmap(page) drops one use.
 * Slots are reused lazily: a slot whose page is no longer used keeps its mapping (count 1)
 * until the slot search wraps around, when all such slots are cleared with one TLB flush.
 *
 *   pkmap_count[slot]:  0  free, no mapping
 *                       1  mapped, no users, TLB may still hold it: reusable after a flush
 *                       n  mapped, n - 1 users
 *
 * kmap_atomic(page) maps the page into one of the fixmap's FIX_KMAP slots and returns its
 * address; kunmap_atomic(addr) removes it. Mappings nest like a stack and must be released in
 * the reverse order; they must not be held across anything that sleeps. A lowmem page needs no
 * slot: its direct-map address is returned.
 */
#pragma once
#include <types.h>
#include <mm/layout.h>
#include <mm/page.h>

struct page;

void *kmap(struct page *page);
void kunmap(struct page *page);

/* The pkmap slot state (see above), slot numbers and flush counts, for tests and GDB. */
extern int pkmap_count[];
extern unsigned long pkmap_flushes;
extern unsigned long kmap_errors;
#define PKMAP_NR(va) (((unsigned long)(va) - PKMAP_BASE) >> PAGE_SHIFT)
#define PKMAP_ADDR(nr) (PKMAP_BASE + ((unsigned long)(nr) << PAGE_SHIFT))

/* Where a HighMem page is kmapped now, or NULL. */
void *kmap_address(struct page *page);

/*
 * A lowmem page needs no mapping: its direct-map address is the answer, inline (every page
 * fault clears or copies a page through these). A HighMem page takes a fixmap slot
 * (kmap_atomic_high, kunmap_atomic_high in mm/highmem.c).
 */
void *kmap_atomic_high(struct page *page);
void kunmap_atomic_high(void *addr);

static inline void *kmap_atomic(struct page *page)
{
	return PageHighMem(page) ? kmap_atomic_high(page) : page_address(page);
}

static inline void kunmap_atomic(void *addr)
{
	unsigned long va = (unsigned long)addr & PAGE_MASK;

	if (va >= __fix_to_virt(FIX_KMAP_END) && va <= __fix_to_virt(FIX_KMAP_BEGIN))
		kunmap_atomic_high(addr);   /* (a direct-map address: nothing to undo) */
}

/* kmap_atomic slots in use now (nesting depth), and how many misuses were caught. */
extern unsigned kmap_atomic_depth;
extern unsigned long kmap_atomic_errors;

/* Copy a whole page to another, whichever zones they are in. */
static inline void copy_highpage(struct page *to, struct page *from)
{
	void *vto = kmap_atomic(to), *vfrom = kmap_atomic(from);

	copy_page(vto, vfrom);
	kunmap_atomic(vfrom);
	kunmap_atomic(vto);
}

/* Zero a page, whichever zone it is in. */
static inline void clear_highpage(struct page *page)
{
	void *va = kmap_atomic(page);

	clear_page(va);
	kunmap_atomic(va);
}
