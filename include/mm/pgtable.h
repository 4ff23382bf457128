/*
 * Two-level i386 paging (no PAE): a page directory of 1024 PDEs, each pointing to a page table
 * of 1024 PTEs, each mapping one 4 KiB page.
 *
 *  virtual address:  31          22 21          12 11           0
 *                   +--------------+--------------+--------------+
 *                   |  PDE index   |  PTE index   |    offset    |
 *                   +--------------+--------------+--------------+
 *
 *  PDE / PTE:        31                   12 11  9 8 7 6 5 4 3 2 1 0
 *                   +-----------------------+-----+-+-+-+-+-+-+-+-+-+
 *                   | frame address 31:12   | avl |G|S|D|A|C|W|U|W|P|
 *                   +-----------------------+-----+-+-+-+-+-+-+-+-+-+
 *   P present, W writable, U user-accessible, W(3) write-through, C cache disable,
 *   A accessed, D dirty (PTE), S page size (PDE: 4 MiB page), G global (not flushed by CR3 loads)
 */
#pragma once
#include <types.h>
#include <mm/layout.h>

typedef u32 pte_t;
typedef u32 pde_t;

#define _PAGE_PRESENT 0x001
#define _PAGE_RW 0x002
#define _PAGE_USER 0x004
#define _PAGE_PWT 0x008
#define _PAGE_PCD 0x010
#define _PAGE_ACCESSED 0x020
#define _PAGE_DIRTY 0x040
#define _PAGE_PSE 0x080      /* in a PDE: maps a 4 MiB page directly */
#define _PAGE_GLOBAL 0x100

#define PAGE_KERNEL (_PAGE_PRESENT | _PAGE_RW | _PAGE_ACCESSED | _PAGE_DIRTY)
#define _KERNPG_TABLE (_PAGE_PRESENT | _PAGE_RW | _PAGE_ACCESSED | _PAGE_DIRTY)

static inline unsigned pgd_index(unsigned long va) { return va >> PGDIR_SHIFT; }
static inline unsigned pte_index(unsigned long va) { return (va >> PAGE_SHIFT) & (PTRS_PER_PTE - 1); }

/* The kernel's page directory, built by boot/entry.asm; its upper quarter is shared by all. */
extern pde_t swapper_pg_dir[PTRS_PER_PGD];
