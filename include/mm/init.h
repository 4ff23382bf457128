/* Memory setup at boot (mm/init.c): the RAM map, lowmem/highmem split, layout printout. */
#pragma once
#include <types.h>

extern unsigned long max_pfn;        /* one past the highest usable page frame (below 4 GiB) */
extern unsigned long max_low_pfn;    /* one past the last lowmem frame: the direct map's end */
extern u32 vmalloc_reserve;          /* bytes kept for vmalloc + its gap (vmalloc=) */

/*
 * Apply mem= to the loader's memory map, drop what lies above 4 GiB, print the maps, and set
 * max_pfn, max_low_pfn and high_memory.
 */
void setup_memory_map(void);

/* Print the virtual kernel memory layout with the computed addresses, as Linux's mem_init did. */
void print_memory_layout(void);

/* Is [start, end) of physical memory entirely usable RAM in the (sanitized) map? */
bool memmap_is_usable(u64 start, u64 end);

/* Give memblock the RAM map and the reservations (kernel image, page 0, modules). */
void memblock_setup(void);

/* Set up the zones and mem_map. Needs the direct map (paging_init). */
void zone_sizes_init(void);

/* Give all free memory to the buddy allocator; print the "Memory:" line and the zones. */
void mem_init(void);

/*
 * The computed boundaries of kernel space, filled by print_memory_layout, for the GDB helpers
 * (scripts/gdb/pagoda.py): the macros of mm/layout.h are invisible to a debugger, this is not.
 * All zero until memory is set up.
 */
struct mem_layout {
	unsigned long page_offset, high_memory, vmalloc_start, vmalloc_end;
	unsigned long pkmap_base, pkmap_end, fixaddr_start, fixaddr_top;
};
extern struct mem_layout mem_layout;
