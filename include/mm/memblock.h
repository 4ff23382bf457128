/*
 * memblock: the boot-time allocator, used before the buddy allocator exists (for mem_map and
 * page tables). It knows two lists of physical ranges: the RAM there is ("memory") and what
 * is taken ("reserved": the kernel image, page 0, boot modules, its own allocations).
 * memblock_free_all() then gives everything in memory and not reserved to the buddy allocator.
 */
#pragma once
#include <types.h>

#define MEMBLOCK_MAX_REGIONS 64

struct memblock_region {
	phys_addr_t base;
	phys_addr_t size;
};

struct memblock_type {
	const char *name;
	unsigned cnt;                                  /* regions in use, sorted, not touching */
	struct memblock_region regions[MEMBLOCK_MAX_REGIONS];
};

struct memblock {
	struct memblock_type memory;
	struct memblock_type reserved;
	phys_addr_t current_limit;  /* allocations stay below this (what is mapped so far) */
};

extern struct memblock memblock;

/* Forget everything: for a fresh start (and for host tests). */
void memblock_reset(void);

/* Add RAM / mark a range taken. Ranges are merged with their neighbours. 0 or -ENOMEM. */
int memblock_add(phys_addr_t base, phys_addr_t size);
int memblock_reserve(phys_addr_t base, phys_addr_t size);

/* Hand a range back (a boot module that was unpacked, say). 0 or -ENOMEM. */
int memblock_phys_free(phys_addr_t base, phys_addr_t size);

/*
 * Take size bytes aligned to align (a power of two) from the highest free RAM below
 * memblock.current_limit. Returns the physical address, or 0 when nothing fits.
 */
phys_addr_t memblock_phys_alloc(phys_addr_t size, phys_addr_t align);

/* memblock_phys_alloc, zeroed, as a direct-map pointer; panics when nothing fits (boot only). */
void *memblock_alloc(phys_addr_t size, phys_addr_t align);

/* Free (memory minus reserved) ranges, page-aligned inward; returns how many were written. */
unsigned memblock_free_ranges(struct memblock_region *out, unsigned max);

/* Bytes in a list. */
phys_addr_t memblock_total(const struct memblock_type *type);

/* Print both lists, as Linux's memblock=debug does. */
void memblock_dump(void);

/*
 * Give every free page to the buddy allocator (through free_pages_range); returns the number of
 * pages given. After this, memblock must not be used to allocate.
 */
unsigned long memblock_free_all(void);
