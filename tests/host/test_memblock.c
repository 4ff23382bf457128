/* memblock (mm/memblock.c): merging, reservations, top-down allocation, free ranges. */
#include <string.h>
#include <kernel/selftest.h>
#include "fake_kernel.h"
#include <mm/memblock.h>
#include <mm/mmzone.h>
#include <mm/page.h>

#define MiB (1ull << 20)

static int test_add_merges(void)
{
	memblock_reset();
	memblock_add(0x100000, 0x100000);
	memblock_add(0x300000, 0x100000);
	memblock_add(0x200000, 0x100000);        /* fills the gap: all three become one */
	memblock_add(0x000000, 0x9f000);
	ST_ASSERT_EQ(memblock.memory.cnt, 2);
	ST_ASSERT_EQ(memblock.memory.regions[0].base, 0);
	ST_ASSERT_EQ(memblock.memory.regions[1].base, 0x100000);
	ST_ASSERT_EQ(memblock.memory.regions[1].size, 0x300000);
	memblock_add(0x150000, 0x10000);          /* inside: nothing changes */
	ST_ASSERT_EQ(memblock.memory.cnt, 2);
	ST_ASSERT_EQ(memblock_total(&memblock.memory), 0x9f000 + 0x300000);
	return 0;
}
SELFTEST("memblock.add_merges", test_add_merges, 0);

/* Allocation is top-down, below current_limit, aligned, and never overlaps a reservation. */
static int test_alloc_top_down(void)
{
	phys_addr_t a, b, c;

	memblock_reset();
	memblock_add(0, 64 * MiB);
	memblock_reserve(0, 0x1000);
	memblock_reserve(60 * MiB, 4 * MiB);
	memblock.current_limit = 62 * MiB;
	a = memblock_phys_alloc(0x3000, 0x1000);
	ST_ASSERT_EQ(a, 60 * MiB - 0x3000);      /* the top of free memory below the limit */
	b = memblock_phys_alloc(0x1000, 4 * MiB);
	ST_ASSERT_EQ(b, 56 * MiB);               /* aligned down to 4 MiB */
	c = memblock_phys_alloc(100 * MiB, 0x1000);
	ST_ASSERT_EQ(c, 0);                      /* does not fit: 0 */
	ST_ASSERT_EQ(memblock.reserved.cnt, 3);  /* a merged with the reservation above it */
	memblock_phys_free(b, 0x1000);
	ST_ASSERT_EQ(memblock.reserved.cnt, 2);
	return 0;
}
SELFTEST("memblock.alloc_top_down", test_alloc_top_down, 0);

/* Freeing from the middle of a reservation splits it. */
static int test_free_splits(void)
{
	memblock_reset();
	memblock_reserve(0x10000, 0x10000);
	memblock_phys_free(0x14000, 0x1000);
	ST_ASSERT_EQ(memblock.reserved.cnt, 2);
	ST_ASSERT_EQ(memblock.reserved.regions[0].size, 0x4000);
	ST_ASSERT_EQ(memblock.reserved.regions[1].base, 0x15000);
	ST_ASSERT_EQ(memblock.reserved.regions[1].size, 0xb000);
	return 0;
}
SELFTEST("memblock.free_splits", test_free_splits, 0);

/* Free ranges: memory minus reservations, page-aligned inward. */
static int test_free_ranges(void)
{
	struct memblock_region r[8];
	unsigned n;

	memblock_reset();
	memblock_add(0, 0x9fc00);                 /* ends mid-page */
	memblock_add(0x100000, 0x100000);
	memblock_reserve(0, 0x1000);
	memblock_reserve(0x100000, 0x20800);      /* "kernel image", ends mid-page */
	n = memblock_free_ranges(r, 8);
	ST_ASSERT_EQ(n, 2);
	ST_ASSERT_EQ(r[0].base, 0x1000);
	ST_ASSERT_EQ(r[0].base + r[0].size, 0x9f000);
	ST_ASSERT_EQ(r[1].base, 0x121000);
	ST_ASSERT_EQ(r[1].base + r[1].size, 0x200000);
	return 0;
}
SELFTEST("memblock.free_ranges", test_free_ranges, 0);

/* memblock_free_all gives exactly the free pages to the buddy allocator, zone by zone. */
static int test_free_all(void)
{
	host_mm_setup_empty(4096, 8192, 12288);
	memblock_reset();
	memblock_add(0, 48 * MiB);
	memblock_reserve(0, 0x1000);
	memblock_reserve(0x100000, 0x40000);
	memblock_reserve(20 * MiB, 0x1000);
	ST_ASSERT_EQ(memblock_free_all(), 12288 - 1 - 64 - 1);
	ST_ASSERT_EQ(nr_free_pages(), 12288 - 1 - 64 - 1);
	ST_ASSERT_EQ(zones[ZONE_HIGHMEM].free_pages, 4096);
	ST_ASSERT_EQ(zones[ZONE_NORMAL].free_pages, 4095);
	return 0;
}
SELFTEST("memblock.free_all", test_free_all, 0);
