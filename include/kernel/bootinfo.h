/*
 * What the boot loader told us, copied out of the Multiboot structures at the start of
 * start_kernel (kernel/multiboot.c) so nothing later depends on where the loader put them.
 */
#pragma once
#include <types.h>
#include <kernel/cmdline.h>

#define MAX_MEMMAP_ENTRIES 64
#define MAX_BOOT_MODULES 8

/* A range of physical memory, end exclusive; type as in Multiboot (1 = usable RAM). */
struct memmap_entry {
	u64 start, end;
	u32 type;
};

struct boot_module {
	u32 start, end;                /* physical, end exclusive */
	char cmdline[64];
};

struct boot_info {
	char loader[32];                       /* boot loader name, if given */
	struct memmap_entry memmap[MAX_MEMMAP_ENTRIES];
	unsigned nr_memmap;
	struct boot_module modules[MAX_BOOT_MODULES];
	unsigned nr_modules;
	u32 info_start, info_end;              /* the Multiboot info block itself, physical */
};

extern struct boot_info boot_info;

/*
 * Copy the Multiboot information at physical address mbi_pa into boot_info and the command line
 * into boot_command_line. Returns 0, or -1 (after saying why) if magic is not Multiboot's.
 */
int multiboot_parse(u32 magic, u32 mbi_pa);

const char *memmap_type_name(u32 type);
