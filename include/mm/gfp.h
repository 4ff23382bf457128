/*
 * Allocation flags ("get free pages" flags): which zones a request may be served from, and
 * what to do with the pages.
 *
 *   GFP_KERNEL    ZONE_NORMAL, then ZONE_DMA       memory the kernel touches through the direct map
 *   GFP_DMA       ZONE_DMA only                     below 16 MiB, for ISA DMA
 *   GFP_HIGHUSER  ZONE_HIGHMEM, NORMAL, then DMA    user pages: the kernel needs no permanent address
 *   GFP_USER      ZONE_NORMAL, then ZONE_DMA       user page tables
 *
 * Reserves (mm/page_alloc.c): memory for user processes (__GFP_USER: their pages, their page
 * tables, the page cache) stops at each zone's min watermark; the kernel's own allocations may
 * go on to half of it, so a system call still gets its buffers while user memory is being
 * reclaimed; kswapd, which frees memory, may take the rest.
 */
#pragma once
#include <types.h>

typedef unsigned int gfp_t;

#define __GFP_DMA 0x01u        /* only ZONE_DMA */
#define __GFP_HIGHMEM 0x02u    /* ZONE_HIGHMEM allowed (and preferred) */
#define __GFP_ZERO 0x100u      /* return zeroed memory */
#define __GFP_USER 0x200u      /* for user memory (its pages, their page tables): leaves the zones' min free */

#define GFP_KERNEL 0u
#define GFP_DMA __GFP_DMA
#define GFP_USER __GFP_USER
#define GFP_HIGHUSER (__GFP_HIGHMEM | __GFP_USER)

struct page;

/* Allocate 2^order contiguous frames; NULL when no allowed zone has a free block that big. */
struct page *alloc_pages(gfp_t gfp, unsigned order);
#define alloc_page(gfp) alloc_pages(gfp, 0)

/*
 * Drop a reference to a block from alloc_pages; it is freed when the last one goes. Freeing a
 * free block, a page that is not the block's head, or with the wrong order is reported
 * ("BUG: Bad page state") and ignored, leaving the free lists intact.
 */
void __free_pages(struct page *page, unsigned order);
#define __free_page(page) __free_pages(page, 0)

/* Lowmem only: the direct-map address of a new block, or 0. */
unsigned long __get_free_pages(gfp_t gfp, unsigned order);
#define __get_free_page(gfp) __get_free_pages(gfp, 0)
unsigned long get_zeroed_page(gfp_t gfp);
void free_pages(unsigned long addr, unsigned order);
#define free_page(addr) free_pages(addr, 0)
