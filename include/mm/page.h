/*
 * struct page: one for every page frame of RAM, lowmem and HighMem alike, in the array mem_map
 * (indexed by page frame number). "页描述符", the page descriptor: what the kernel knows about a
 * physical page without touching the page itself.
 */
#pragma once
#include <types.h>
#include <kernel/list.h>
#include <mm/layout.h>
#include <mm/gfp.h>

struct kmem_cache;
struct address_space;

struct page {
	unsigned long flags;        /* PG_* bits below; the zone number in the top bits */
	struct list_head lru;       /* buddy: link in free_area[order]; slab: cache's slab list; in use: its LRU list */
	union {
		struct {            /* slab pages */
			struct kmem_cache *slab_cache;
			void *freelist;     /* first free object */
		};
		struct {            /* page-cache pages: the file's address_space and page number */
			/*
			 * A file page: its address_space. An anonymous page: its anon_vma with
			 * bit 0 set (PAGE_MAPPING_ANON), the way back to the areas mapping it
			 * (mm/rmap.c). NULL: anonymous memory not yet reverse-mapped, or free.
			 */
			struct address_space *mapping;
			unsigned long index;    /* file: page of the file; anon: linear page index */
		};
	};
	union {
		unsigned long private;  /* buddy: order of a free block or of an allocated head;
		                           swap cache: the page's swap entry (its order is 0) */
		struct {
			u16 inuse;          /* slab: objects handed out */
			u16 objects;        /* slab: objects the slab holds */
		};
	};
	int _mapcount;              /* page-table entries mapping this page, minus one */
	int _refcount;              /* users; the page is free when this reaches 0 */
};

/* At most eight words: 32 bytes on i386, so mem_map costs 1/128 of RAM. */
BUILD_BUG_ON(sizeof(struct page) > 8 * sizeof(long));

/* Page flags. */
enum pageflags {
	PG_reserved,    /* never given to the buddy allocator: kernel image, firmware, holes */
	PG_buddy,       /* head of a free block in a free_area list; private = its order */
	PG_pcp,         /* free order-0 page parked on its zone's per-CPU list */
	PG_head,        /* head of an allocated block; private = its order */
	PG_slab,        /* owned by the slab allocator */
	PG_highmem,     /* frame is in ZONE_HIGHMEM: no permanent kernel address */
	PG_dirty,       /* page-cache page written since it was last clean (write, shared map) */
	PG_locked,      /* page-cache page being read from its disk: wait before using it */
	PG_writeback,   /* page-cache page being written to its disk */
	PG_lru,         /* on one of its zone's LRU lists (reclaim may take it) */
	PG_referenced,  /* used since reclaim last looked at it: a second chance */
	PG_mmap_dirty,  /* written through a shared mapping: write-back gives its holes blocks */
	PG_active,      /* on an active LRU list (used more than once lately), else inactive */
	PG_swapbacked,  /* anonymous: on the anon LRU lists, and only swap can take it */
	PG_swapcache,   /* in the swap cache; private holds its swap entry */
	PG_pgtable,     /* a process's page directory or page table (Linux's PageTable) */
	__NR_PAGEFLAGS
};

#define ZONES_SHIFT 2
#define ZONES_PGSHIFT (32 - ZONES_SHIFT)   /* zone number in the top bits of flags */

#define PAGEFLAG(name, bit)                                                            \
	static inline bool Page##name(const struct page *p) { return p->flags & (1ul << (bit)); } \
	static inline void SetPage##name(struct page *p) { p->flags |= 1ul << (bit); }         \
	static inline void ClearPage##name(struct page *p) { p->flags &= ~(1ul << (bit)); }
PAGEFLAG(Reserved, PG_reserved)
PAGEFLAG(Buddy, PG_buddy)
PAGEFLAG(Pcp, PG_pcp)
PAGEFLAG(Head, PG_head)
PAGEFLAG(Slab, PG_slab)
PAGEFLAG(HighMem, PG_highmem)
PAGEFLAG(Dirty, PG_dirty)
PAGEFLAG(Locked, PG_locked)
PAGEFLAG(Writeback, PG_writeback)
PAGEFLAG(LRU, PG_lru)
PAGEFLAG(Referenced, PG_referenced)
PAGEFLAG(MmapDirty, PG_mmap_dirty)
PAGEFLAG(Active, PG_active)
PAGEFLAG(SwapBacked, PG_swapbacked)
PAGEFLAG(SwapCache, PG_swapcache)
PAGEFLAG(PgTable, PG_pgtable)

/* page->mapping of an anonymous page: its anon_vma, with this bit set. */
#define PAGE_MAPPING_ANON 0x1ul

/* Anonymous memory (private pages, not a file's page cache)? */
static inline bool PageAnon(const struct page *page)
{
	return ((unsigned long)page->mapping & PAGE_MAPPING_ANON) != 0;
}

/* The file's address_space of a page-cache page; NULL for anonymous memory. */
static inline struct address_space *page_mapping(const struct page *page)
{
	if ((unsigned long)page->mapping & PAGE_MAPPING_ANON)
		return NULL;
	return page->mapping;
}

/* Is the page mapped by at least one page-table entry? */
static inline bool page_mapped(const struct page *page)
{
	return page->_mapcount >= 0;
}

extern struct page *mem_map;     /* struct page of every frame [0, max_pfn) */
extern unsigned long max_pfn, max_low_pfn;

static inline unsigned long page_to_pfn(const struct page *page)
{
	return (unsigned long)(page - mem_map);
}

static inline struct page *pfn_to_page(unsigned long pfn)
{
	return mem_map + pfn;
}

static inline bool pfn_valid(unsigned long pfn)
{
	return pfn < max_pfn;
}

static inline phys_addr_t page_to_phys(const struct page *page)
{
	return (phys_addr_t)page_to_pfn(page) << PAGE_SHIFT;
}

/* The page's address in the direct map, or NULL for a HighMem page (use kmap). */
static inline void *page_address(const struct page *page)
{
	if (PageHighMem(page))
		return NULL;
	return __va(page_to_pfn(page) << PAGE_SHIFT);
}

/* The struct page of a direct-map (lowmem) address. */
static inline struct page *virt_to_page(const void *va)
{
	return pfn_to_page(__pa(va) >> PAGE_SHIFT);
}

static inline int page_count(const struct page *page)
{
	return page->_refcount;
}

static inline void get_page(struct page *page)
{
	page->_refcount++;
}

/*
 * Drop a reference taken with get_page (or a mapping's). Only the last one goes through
 * __free_pages, with its checks: a page others still hold just counts one fewer.
 */
static inline void put_page(struct page *page)
{
	if (page->_refcount > 1)
		page->_refcount--;
	else
		__free_page(page);
}

/* Zero a page, or copy one, by kernel address (page aligned): mm/page_copy.c, 16 bytes per
 * instruction when the CPU has SSE (sse_page_ops, set by fpu_init). */
extern bool sse_page_ops;
void clear_page(void *page);
void copy_page(void *to, const void *from);
