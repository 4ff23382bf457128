/*
 * vmalloc: memory that is contiguous in kernel virtual addresses but made of pages from
 * anywhere (HighMem first), mapped one by one into the vmalloc area between VMALLOC_START and
 * VMALLOC_END. Each area is followed by one unmapped guard page, so running off its end faults
 * instead of corrupting the next area. "vmalloc 区", the vmalloc area.
 */
#pragma once
#include <types.h>

struct page;

#define VM_ALLOC 0x1     /* vmalloc: the area owns its pages */
#define VM_MAP 0x2       /* vmap: the caller's pages, only mapped here */
#define VM_IOREMAP 0x4   /* ioremap: a device's registers (physical addresses no RAM has) */

struct vm_struct {
	struct vm_struct *next;       /* areas in use, sorted by address */
	unsigned long addr;           /* first byte */
	unsigned long size;           /* bytes, the guard page included (as Linux counts) */
	unsigned long flags;          /* VM_ALLOC or VM_MAP */
	struct page **pages;          /* the pages mapped, in order */
	unsigned nr_pages;
	const void *caller;           /* who asked: shown by show_vmallocinfo */
	phys_addr_t phys_addr;        /* VM_IOREMAP: the first physical address mapped */
};

/* Allocate size bytes (rounded up to pages) of virtually contiguous memory; NULL on failure. */
void *vmalloc(unsigned long size);
void *vzalloc(unsigned long size);          /* vmalloc, zeroed */
void vfree(const void *addr);

/* Map count existing pages contiguously; vunmap removes the mapping, not the pages. */
void *vmap(struct page **pages, unsigned count);
void vunmap(const void *addr);

/*
 * Map size bytes of a device's memory-mapped registers at physical address pa into the vmalloc
 * area, uncached (a read must reach the device, not a cache line); NULL when there is no room.
 * iounmap takes the mapping away. Device memory has no struct page: only the page table knows.
 */
void *ioremap(phys_addr_t pa, unsigned long size);
void iounmap(void *addr);

/* The area containing addr (its guard page included), or NULL. */
struct vm_struct *find_vm_area_containing(unsigned long addr);

/* The areas in use, sorted by address (follow ->next); for /proc/PID/memsnap. */
struct vm_struct *vmalloc_areas(void);

/* Every area, one line each, as Linux's /proc/vmallocinfo shows them. */
struct seq_buf;
void show_vmallocinfo(struct seq_buf *s);

/*
 * The area allocator underneath: reserve size bytes plus a guard page (first fit, lowest
 * address), or give an area back (merging free neighbours). Exposed for tests.
 */
void vmalloc_init(unsigned long start, unsigned long end);
struct vm_struct *get_vm_area(unsigned long size, unsigned long flags, const void *caller);
struct vm_struct *remove_vm_area(const void *addr);
unsigned long vmalloc_free_bytes(void);     /* free virtual space */
unsigned long vmalloc_largest_free(void);   /* the largest free range */

/* Stacks for kernel threads and tasks: THREAD_SIZE from vmalloc, an unmapped page below. */
void *alloc_thread_stack(void);
void free_thread_stack(void *stack);
