/*
 * memblock: sorted arrays of physical ranges, merged as they are added; allocation top-down
 * from the gaps between reserved ranges. Small and slow on purpose: it runs a few dozen times,
 * at boot only. Compiles for the host too (tests/host/test_memblock.c).
 */
#include <mm/memblock.h>
#include <mm/layout.h>
#include <mm/mmzone.h>
#include <linux/errno.h>
#include <kernel/printk.h>
#include <kernel/string.h>

struct memblock memblock = {
	.memory = { .name = "memory" },
	.reserved = { .name = "reserved" },
};

void memblock_reset(void)
{
	memset(&memblock, 0, sizeof(memblock));
	memblock.memory.name = "memory";
	memblock.reserved.name = "reserved";
}

static phys_addr_t region_end(const struct memblock_region *r)
{
	return r->base + r->size;
}

/* Merge regions that overlap or touch; the array is sorted by base. */
static void memblock_merge_regions(struct memblock_type *type)
{
	unsigned i = 0;

	while (i + 1 < type->cnt) {
		struct memblock_region *this = &type->regions[i], *next = &type->regions[i + 1];
		if (region_end(this) < next->base) {
			i++;
			continue;
		}
		if (region_end(next) > region_end(this))
			this->size = region_end(next) - this->base;
		memmove(next, next + 1, (type->cnt - i - 2) * sizeof(*next));
		type->cnt--;
	}
}

static int memblock_add_range(struct memblock_type *type, phys_addr_t base, phys_addr_t size)
{
	unsigned i;

	if (size == 0)
		return 0;
	if (type->cnt == MEMBLOCK_MAX_REGIONS)
		return -ENOMEM;
	for (i = 0; i < type->cnt && type->regions[i].base < base; i++)
		;
	memmove(&type->regions[i + 1], &type->regions[i], (type->cnt - i) * sizeof(type->regions[0]));
	type->regions[i].base = base;
	type->regions[i].size = size;
	type->cnt++;
	memblock_merge_regions(type);
	return 0;
}

/* Cut [base, base+size) out of every region of the list, splitting a region if needed. */
static int memblock_remove_range(struct memblock_type *type, phys_addr_t base, phys_addr_t size)
{
	phys_addr_t end = base + size;

	for (unsigned i = 0; i < type->cnt; i++) {
		struct memblock_region *r = &type->regions[i];
		phys_addr_t rend = region_end(r);

		if (rend <= base || r->base >= end)
			continue;
		if (r->base < base && rend > end) {    /* the hole is inside: split in two */
			if (type->cnt == MEMBLOCK_MAX_REGIONS)
				return -ENOMEM;
			r->size = base - r->base;
			return memblock_add_range(type, end, rend - end);
		}
		if (r->base < base) {
			r->size = base - r->base;
		} else if (rend > end) {
			r->size = rend - end;
			r->base = end;
		} else {                                /* entirely inside the hole: drop it */
			memmove(r, r + 1, (type->cnt - i - 1) * sizeof(*r));
			type->cnt--;
			i--;
		}
	}
	return 0;
}

int memblock_add(phys_addr_t base, phys_addr_t size)
{
	return memblock_add_range(&memblock.memory, base, size);
}

int memblock_reserve(phys_addr_t base, phys_addr_t size)
{
	return memblock_add_range(&memblock.reserved, base, size);
}

int memblock_phys_free(phys_addr_t base, phys_addr_t size)
{
	return memblock_remove_range(&memblock.reserved, base, size);
}

unsigned memblock_free_ranges(struct memblock_region *out, unsigned max)
{
	unsigned n = 0;

	for (unsigned m = 0; m < memblock.memory.cnt; m++) {
		phys_addr_t cur = memblock.memory.regions[m].base;
		phys_addr_t end = region_end(&memblock.memory.regions[m]);

		for (unsigned r = 0; r <= memblock.reserved.cnt && cur < end; r++) {
			const struct memblock_region *res = r < memblock.reserved.cnt ? &memblock.reserved.regions[r] : NULL;
			phys_addr_t gap_end = res ? min(res->base, end) : end;
			phys_addr_t s = ALIGN(cur, (phys_addr_t)PAGE_SIZE);
			phys_addr_t e = ALIGN_DOWN(gap_end, (phys_addr_t)PAGE_SIZE);

			if (res && region_end(res) <= cur)
				continue;
			if (s < e && n < max)
				out[n++] = (struct memblock_region){ s, e - s };
			if (res)
				cur = max(cur, region_end(res));
		}
	}
	return n;
}

phys_addr_t memblock_phys_alloc(phys_addr_t size, phys_addr_t align)
{
	static struct memblock_region free[2 * MEMBLOCK_MAX_REGIONS];
	unsigned n = memblock_free_ranges(free, ARRAY_SIZE(free));

	size = ALIGN(size, (phys_addr_t)PAGE_SIZE);
	while (n--) {                   /* top-down: the highest free range first */
		phys_addr_t end = min(region_end(&free[n]), memblock.current_limit);
		phys_addr_t base;

		if (end < size)
			continue;
		base = ALIGN_DOWN(end - size, align);
		if (base < free[n].base || base == 0)
			continue;
		if (memblock_reserve(base, size))
			return 0;
		return base;
	}
	return 0;
}

void *memblock_alloc(phys_addr_t size, phys_addr_t align)
{
	phys_addr_t pa = memblock_phys_alloc(size, align);
	void *va;

	if (!pa)
		panic("memblock_alloc: no %llu bytes free below %#llx", size, memblock.current_limit);
	va = __va(pa);
	memset(va, 0, size);
	return va;
}

phys_addr_t memblock_total(const struct memblock_type *type)
{
	phys_addr_t sum = 0;

	for (unsigned i = 0; i < type->cnt; i++)
		sum += type->regions[i].size;
	return sum;
}

void memblock_dump(void)
{
	const struct memblock_type *types[] = { &memblock.memory, &memblock.reserved };

	for (unsigned t = 0; t < ARRAY_SIZE(types); t++) {
		pr_info(" %s.cnt  = %u (%llu KiB)\n", types[t]->name, types[t]->cnt,
			memblock_total(types[t]) >> 10);
		for (unsigned i = 0; i < types[t]->cnt; i++) {
			const struct memblock_region *r = &types[t]->regions[i];
			pr_info(" %s[%#x]\t[0x%09llx-0x%09llx], 0x%llx bytes\n", types[t]->name, i,
				r->base, region_end(r) - 1, r->size);
		}
	}
}

unsigned long memblock_free_all(void)
{
	static struct memblock_region free[2 * MEMBLOCK_MAX_REGIONS];
	unsigned n = memblock_free_ranges(free, ARRAY_SIZE(free));
	unsigned long pages = 0;

	for (unsigned i = 0; i < n; i++) {
		unsigned long start = (unsigned long)(free[i].base >> PAGE_SHIFT);
		unsigned long end = (unsigned long)(region_end(&free[i]) >> PAGE_SHIFT);
		free_pages_range(start, end);
		pages += end - start;
	}
	return pages;
}
