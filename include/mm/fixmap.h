/*
 * The fixmap: virtual pages at compile-time addresses near the top of memory (see the
 * enum fixed_addresses in mm/layout.h), each mappable to any physical page. Usable from the
 * first line of C: its page table is static.
 */
#pragma once
#include <types.h>
#include <mm/layout.h>

static inline unsigned long fix_to_virt(enum fixed_addresses idx)
{
	return __fix_to_virt(idx);
}

void fixmap_init(void);                                 /* hook the static page table in */
void set_fixmap(enum fixed_addresses idx, phys_addr_t pa); /* map idx to the page holding pa */
void clear_fixmap(enum fixed_addresses idx);
u32 fixmap_entry(enum fixed_addresses idx);             /* the slot's PTE: what it maps now */

/* Copy len bytes from any physical address below 4 GiB, through FIX_BOOT_INFO. */
void copy_from_phys(void *dst, phys_addr_t pa, size_t len);
