/*
 * Multiboot version 1: what GRUB and QEMU's -kernel hand the kernel (the Multiboot
 * Specification 0.6.96, section 3). Only the parts this kernel uses.
 */
#pragma once

#define MULTIBOOT_HEADER_MAGIC 0x1BADB002
#define MULTIBOOT_BOOTLOADER_MAGIC 0x2BADB002   /* in eax at entry */
#define MULTIBOOT_PAGE_ALIGN (1 << 0)           /* load modules on page boundaries */
#define MULTIBOOT_MEMORY_INFO (1 << 1)          /* we want mem_* and the memory map */
#define MULTIBOOT_HEADER_FLAGS (MULTIBOOT_PAGE_ALIGN | MULTIBOOT_MEMORY_INFO)

#ifndef __ASSEMBLER__
#include <types.h>

/* Bits of multiboot_info.flags saying which fields are valid. */
#define MB_INFO_MEMORY (1 << 0)
#define MB_INFO_CMDLINE (1 << 2)
#define MB_INFO_MODS (1 << 3)
#define MB_INFO_MEM_MAP (1 << 6)
#define MB_INFO_BOOT_LOADER_NAME (1 << 9)

struct multiboot_info {
	u32 flags;
	u32 mem_lower, mem_upper;     /* KiB below 1 MiB and above 1 MiB */
	u32 boot_device;
	u32 cmdline;                  /* physical address of a C string */
	u32 mods_count, mods_addr;    /* physical address of struct multiboot_module[] */
	u32 syms[4];
	u32 mmap_length, mmap_addr;   /* physical address of the memory map */
	u32 drives_length, drives_addr;
	u32 config_table;
	u32 boot_loader_name;
} __packed;

struct multiboot_module {
	u32 mod_start, mod_end;       /* physical, end exclusive */
	u32 string;                   /* physical address of the module's command line */
	u32 reserved;
} __packed;

/* One memory map entry; 'size' does not count itself, entries may be longer than this. */
struct multiboot_mmap_entry {
	u32 size;
	u64 addr, len;
	u32 type;
} __packed;

#define MULTIBOOT_MEMORY_AVAILABLE 1
#define MULTIBOOT_MEMORY_RESERVED 2
#define MULTIBOOT_MEMORY_ACPI_RECLAIMABLE 3
#define MULTIBOOT_MEMORY_NVS 4
#define MULTIBOOT_MEMORY_BADRAM 5

#endif
