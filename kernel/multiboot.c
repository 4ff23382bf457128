/*
 * Read the Multiboot information (memory map, command line, modules) through the fixmap, so it
 * can lie anywhere in the first 4 GiB, and keep copies in boot_info.
 */
#include <kernel/bootinfo.h>
#include <kernel/printk.h>
#include <kernel/string.h>
#include <boot/multiboot.h>
#include <mm/fixmap.h>

struct boot_info boot_info;

const char *memmap_type_name(u32 type)
{
	switch (type) {
	case MULTIBOOT_MEMORY_AVAILABLE: return "usable";
	case MULTIBOOT_MEMORY_RESERVED: return "reserved";
	case MULTIBOOT_MEMORY_ACPI_RECLAIMABLE: return "ACPI data";
	case MULTIBOOT_MEMORY_NVS: return "ACPI NVS";
	case MULTIBOOT_MEMORY_BADRAM: return "unusable";
	default: return "unknown";
	}
}

/* Copy a C string of at most size-1 bytes from physical memory. */
static void copy_string_from_phys(char *dst, u32 pa, size_t size)
{
	size_t i;

	for (i = 0; i + 1 < size; i++) {
		copy_from_phys(&dst[i], pa + i, 1);
		if (!dst[i])
			return;
	}
	dst[i] = '\0';
}

static void parse_memmap(const struct multiboot_info *mbi)
{
	u32 pa = mbi->mmap_addr, end = mbi->mmap_addr + mbi->mmap_length;

	while (pa + sizeof(struct multiboot_mmap_entry) <= end) {
		struct multiboot_mmap_entry e;
		copy_from_phys(&e, pa, sizeof(e));
		if (boot_info.nr_memmap == MAX_MEMMAP_ENTRIES) {
			pr_warn("multiboot: more than %d memory map entries, the rest ignored\n",
				MAX_MEMMAP_ENTRIES);
			break;
		}
		if (e.len) {
			struct memmap_entry *m = &boot_info.memmap[boot_info.nr_memmap++];
			m->start = e.addr;
			m->end = e.addr + e.len;
			m->type = e.type;
		}
		pa += e.size + sizeof(e.size);
	}
}

/* Without a memory map, Multiboot still gives the KiB below 1 MiB and above 1 MiB. */
static void fake_memmap(const struct multiboot_info *mbi)
{
	boot_info.memmap[0] = (struct memmap_entry){ 0, mbi->mem_lower * 1024ULL, MULTIBOOT_MEMORY_AVAILABLE };
	boot_info.memmap[1] = (struct memmap_entry){ 1 << 20, (1 << 20) + mbi->mem_upper * 1024ULL,
						     MULTIBOOT_MEMORY_AVAILABLE };
	boot_info.nr_memmap = 2;
	pr_warn("multiboot: no memory map, using mem_lower/mem_upper\n");
}

static void parse_modules(const struct multiboot_info *mbi)
{
	for (u32 i = 0; i < mbi->mods_count; i++) {
		struct multiboot_module m;
		if (i == MAX_BOOT_MODULES) {
			pr_warn("multiboot: more than %d modules, the rest ignored\n", MAX_BOOT_MODULES);
			break;
		}
		copy_from_phys(&m, mbi->mods_addr + i * sizeof(m), sizeof(m));
		boot_info.modules[i].start = m.mod_start;
		boot_info.modules[i].end = m.mod_end;
		if (m.string)
			copy_string_from_phys(boot_info.modules[i].cmdline, m.string,
					      sizeof(boot_info.modules[i].cmdline));
		boot_info.nr_modules++;
	}
}

int multiboot_parse(u32 magic, u32 mbi_pa)
{
	struct multiboot_info mbi;

	if (magic != MULTIBOOT_BOOTLOADER_MAGIC) {
		pr_emerg("multiboot: bad magic %08x (expected %08x): not booted by a Multiboot loader\n",
			 magic, MULTIBOOT_BOOTLOADER_MAGIC);
		return -1;
	}
	copy_from_phys(&mbi, mbi_pa, sizeof(mbi));
	boot_info.info_start = mbi_pa;
	boot_info.info_end = mbi_pa + sizeof(mbi);
	if (mbi.flags & MB_INFO_CMDLINE)
		copy_string_from_phys(boot_command_line, mbi.cmdline, sizeof(boot_command_line));
	if (mbi.flags & MB_INFO_BOOT_LOADER_NAME)
		copy_string_from_phys(boot_info.loader, mbi.boot_loader_name, sizeof(boot_info.loader));
	if (mbi.flags & MB_INFO_MEM_MAP)
		parse_memmap(&mbi);
	else if (mbi.flags & MB_INFO_MEMORY)
		fake_memmap(&mbi);
	if (mbi.flags & MB_INFO_MODS)
		parse_modules(&mbi);
	return 0;
}
