/*
 * Boot-time memory setup: which physical memory the kernel will use, where lowmem ends and
 * HighMem begins, and the printout of the resulting virtual layout.
 *
 * The 3G/1G split leaves the kernel 1 GiB of virtual space. Most of it is the direct map of
 * physical memory (lowmem); the rest is kept for vmalloc, pkmap and fixmap. RAM beyond what the
 * direct map can cover is HighMem: it exists, but has no permanent kernel address.
 */
#include <mm/init.h>
#include <mm/layout.h>
#include <kernel/bootinfo.h>
#include <kernel/printk.h>
#include <kernel/cmdline.h>
#include <boot/multiboot.h>
#include <mm/memblock.h>
#include <mm/mmzone.h>
#include <mm/swap.h>
#include <mm/page.h>
#include <mm/paging.h>
#include <mm/slab.h>

unsigned long max_pfn, max_low_pfn;
void *high_memory = (void *)(PAGE_OFFSET + EARLY_MAP_SIZE);
u32 vmalloc_reserve = VMALLOC_RESERVE_DEFAULT;
static u64 mem_limit;                 /* mem=: no RAM at or above this address; 0 = no limit */

#define MIN_LOWMEM (32 << 20)         /* the least lowmem vmalloc= may leave */
#define FOUR_GB (1ULL << 32)

static void print_memmap(const char *title)
{
	pr_info("%s\n", title);
	for (unsigned i = 0; i < boot_info.nr_memmap; i++) {
		const struct memmap_entry *m = &boot_info.memmap[i];
		pr_info("  [mem 0x%016llx-0x%016llx] %s\n", m->start, m->end - 1, memmap_type_name(m->type));
	}
}

/* Cut usable RAM at limit (mem=) and at 4 GiB; returns true if anything changed. */
static bool clip_memmap(u64 limit)
{
	bool changed = false;

	for (unsigned i = 0; i < boot_info.nr_memmap; i++) {
		struct memmap_entry *m = &boot_info.memmap[i];
		if (m->type != MULTIBOOT_MEMORY_AVAILABLE || m->end <= limit)
			continue;
		if (limit == FOUR_GB)
			pr_info("  [mem 0x%016llx-0x%016llx] usable RAM above 4 GiB: unreachable without PAE, ignored\n",
				max(m->start, limit), m->end - 1);
		if (m->start >= limit)
			m->type = MULTIBOOT_MEMORY_RESERVED;
		else
			m->end = limit;
		changed = true;
	}
	return changed;
}

bool memmap_is_usable(u64 start, u64 end)
{
	for (unsigned i = 0; i < boot_info.nr_memmap; i++) {
		const struct memmap_entry *m = &boot_info.memmap[i];
		if (m->type == MULTIBOOT_MEMORY_AVAILABLE && m->start <= start && end <= m->end)
			return true;
	}
	return false;
}

/* Where lowmem ends: all of RAM if it fits in the direct map, else MAXMEM. */
static void find_low_pfn_range(void)
{
	unsigned long maxmem_pfn = MAXMEM(vmalloc_reserve) >> PAGE_SHIFT;

	max_low_pfn = min(max_pfn, maxmem_pfn);
	high_memory = __va(max_low_pfn << PAGE_SHIFT);
	if (max_pfn > max_low_pfn)
		pr_info("%luMB HIGHMEM available.\n", (max_pfn - max_low_pfn) >> (20 - PAGE_SHIFT));
	pr_info("%luMB LOWMEM available.\n", max_low_pfn >> (20 - PAGE_SHIFT));
}

void setup_memory_map(void)
{
	print_memmap("Multiboot-provided physical RAM map:");
	clip_memmap(FOUR_GB);
	if (mem_limit && clip_memmap(mem_limit))
		print_memmap("user-defined physical RAM map (mem=):");
	max_pfn = 0;
	for (unsigned i = 0; i < boot_info.nr_memmap; i++) {
		const struct memmap_entry *m = &boot_info.memmap[i];
		if (m->type == MULTIBOOT_MEMORY_AVAILABLE && (m->end >> PAGE_SHIFT) > max_pfn)
			max_pfn = (unsigned long)(m->end >> PAGE_SHIFT);
	}
	find_low_pfn_range();
}

static void print_area(const char *name, unsigned long start, unsigned long end)
{
	unsigned long kb = (end - start) >> 10;

	if (kb >= 10 * 1024)
		pr_info("    %-8s: 0x%08lx - 0x%08lx   (%5lu MB)\n", name, start, end, kb >> 10);
	else
		pr_info("    %-8s: 0x%08lx - 0x%08lx   (%5lu kB)\n", name, start, end, kb);
}

extern char _text[], _etext[], _sdata[], _edata[], __bss_start[], __bss_stop[], _end[];

struct mem_layout mem_layout;

void print_memory_layout(void)
{
	mem_layout = (struct mem_layout){ PAGE_OFFSET, (unsigned long)high_memory, VMALLOC_START,
					  VMALLOC_END, PKMAP_BASE, PKMAP_END, FIXADDR_START, FIXADDR_TOP };

	pr_info("virtual kernel memory layout:\n");
	print_area("fixmap", FIXADDR_START, FIXADDR_TOP);
	pr_info("      slot FIX_BOOT_INFO  : 0x%08lx\n", __fix_to_virt(FIX_BOOT_INFO));
	pr_info("      slots FIX_KMAP_BEGIN..END: 0x%08lx..0x%08lx (%d kmap_atomic windows, downward)\n",
		__fix_to_virt(FIX_KMAP_BEGIN), __fix_to_virt(FIX_KMAP_END), FIX_KMAP_END - FIX_KMAP_BEGIN + 1);
	print_area("pkmap", PKMAP_BASE, PKMAP_END);
	print_area("vmalloc", VMALLOC_START, VMALLOC_END);
	print_area("lowmem", PAGE_OFFSET, (unsigned long)high_memory);
	print_area("  .text", (unsigned long)_text, (unsigned long)_etext);
	print_area("  .data", (unsigned long)_sdata, (unsigned long)_edata);
	print_area("  .bss", (unsigned long)__bss_start, (unsigned long)__bss_stop);
	print_area("user", 0, TASK_SIZE);
}

/*
 * Tell memblock which RAM exists and what is already taken: page 0 (the real-mode interrupt
 * table and BIOS data; also keeps physical 0 from ever looking like "no page"), the kernel image
 * and the boot modules. Until paging_init maps all lowmem, memblock may only hand out memory
 * inside the early map.
 */
void memblock_setup(void)
{
	for (unsigned i = 0; i < boot_info.nr_memmap; i++) {
		const struct memmap_entry *m = &boot_info.memmap[i];
		if (m->type == MULTIBOOT_MEMORY_AVAILABLE && m->start < FOUR_GB)
			memblock_add(m->start, min(m->end, FOUR_GB) - m->start);
	}
	memblock_reserve(0, PAGE_SIZE);
	memblock_reserve(KERNEL_LOAD_PHYS, __pa(_end) - KERNEL_LOAD_PHYS);
	for (unsigned i = 0; i < boot_info.nr_modules; i++) {
		const struct boot_module *mod = &boot_info.modules[i];
		memblock_reserve(ALIGN_DOWN(mod->start, PAGE_SIZE), ALIGN(mod->end, PAGE_SIZE) -
				 ALIGN_DOWN(mod->start, PAGE_SIZE));
	}
	memblock.current_limit = min((u64)EARLY_MAP_SIZE, (u64)max_low_pfn << PAGE_SHIFT);
}

/* Pages of RAM (memblock.memory) in [start_pfn, end_pfn). */
static unsigned long present_pages_in(unsigned long start_pfn, unsigned long end_pfn)
{
	unsigned long n = 0;

	for (unsigned i = 0; i < memblock.memory.cnt; i++) {
		const struct memblock_region *r = &memblock.memory.regions[i];
		unsigned long s = (unsigned long)(ALIGN(r->base, (phys_addr_t)PAGE_SIZE) >> PAGE_SHIFT);
		unsigned long e = (unsigned long)((r->base + r->size) >> PAGE_SHIFT);
		s = max(s, start_pfn);
		e = min(e, end_pfn);
		if (s < e)
			n += e - s;
	}
	return n;
}

/*
 * The zones: DMA below 16 MiB, Normal up to the end of lowmem, HighMem above. Allocates
 * mem_map (a struct page for every frame, HighMem included) from memblock.
 */
void zone_sizes_init(void)
{
	unsigned long max_zone_pfn[MAX_NR_ZONES] = {
		[ZONE_DMA] = min(max_low_pfn, (unsigned long)(MAX_DMA_ADDRESS >> PAGE_SHIFT)),
		[ZONE_NORMAL] = max_low_pfn,
		[ZONE_HIGHMEM] = max_pfn,
	};

	mem_map = memblock_alloc(max_pfn * sizeof(struct page), PAGE_SIZE);
	free_area_init(max_zone_pfn);
	pr_info("Zone ranges:\n");
	for (int z = 0; z < MAX_NR_ZONES; z++) {
		struct zone *zone = &zones[z];
		zone->present_pages = present_pages_in(zone->zone_start_pfn, zone_end_pfn(zone));
		if (!zone->spanned_pages)
			pr_info("  %-8s empty\n", zone->name);
		else
			pr_info("  %-8s [mem 0x%016llx-0x%016llx]\n", zone->name,
				(u64)zone->zone_start_pfn << PAGE_SHIFT, ((u64)zone_end_pfn(zone) << PAGE_SHIFT) - 1);
	}
	pr_info("mem_map: %lu struct pages of %u bytes = %lu KiB at %p\n", max_pfn,
		(unsigned)sizeof(struct page), (max_pfn * sizeof(struct page)) >> 10, (void *)mem_map);
}

/* Hand all free memory to the buddy allocator and print Linux's "Memory:" summary. */
void mem_init(void)
{
	unsigned long total = present_pages_in(0, max_pfn);
	unsigned long freed = memblock_free_all();
	unsigned long kb = PAGE_SIZE / 1024;

	pr_info("Memory: %luK/%luK available (%luK kernel code, %luK rwdata, %luK rodata, %luK bss, %luK reserved, %luK highmem)\n",
		freed * kb, total * kb, (unsigned long)(_etext - _text) >> 10,
		(unsigned long)(_edata - _sdata) >> 10, (unsigned long)(_sdata - _etext) >> 10,
		(unsigned long)(__bss_stop - __bss_start) >> 10, (total - freed) * kb,
		zones[ZONE_HIGHMEM].managed_pages * kb);
	setup_per_zone_wmarks();
	show_zoneinfo();
	show_buddyinfo();
}

/* mem=SIZE: use no RAM at or above physical address SIZE, as Linux does on x86. */
static int parse_mem(const char *val)
{
	u64 size;

	if (parse_size(val, &size) || size < MIN_LOWMEM)
		return -1;
	mem_limit = size;
	return 0;
}
__setup("mem", parse_mem, "a size of at least 32M, such as mem=64M");

/* vmalloc=SIZE: the vmalloc area's size; a larger area leaves less lowmem (more HighMem). */
static int parse_vmalloc(const char *val)
{
	u64 size;

	if (parse_size(val, &size) || size < (1 << 20) ||
	    size + VMALLOC_OFFSET > MAXMEM(0) - MIN_LOWMEM)
		return -1;
	vmalloc_reserve = (u32)size + VMALLOC_OFFSET;
	return 0;
}
__setup("vmalloc", parse_vmalloc, "a size from 1M up to what leaves 32M of lowmem, such as vmalloc=256M");
