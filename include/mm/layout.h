/*
 * The memory layout: every fixed address the kernel uses, defined once, each region derived from
 * its neighbour. The same numbers as Linux i386 with HIGHMEM4G and VMSPLIT_3G, so what a student
 * reads here matches what Linux prints.
 *
 * This header is included by C, by the linker script (through cpp) and, through the generated
 * build/gen/layout.inc, by NASM. Keep everything above the "C only" line plain integer
 * arithmetic that all three understand.
 *
 *   4 GiB  0xFFFFFFFF +---------------------------+
 *                     | one unused page           |
 *   FIXADDR_TOP       +---------------------------+ 0xFFFFF000
 *                     | fixmap: compile-time slots |  enum fixed_addresses, index 0 at the top,
 *                     | kmap_atomic windows, ...  |  growing downward
 *   FIXADDR_START     +---------------------------+
 *                     | (gap)                     |
 *   PKMAP_BASE + 4M   +---------------------------+
 *                     | pkmap: LAST_PKMAP slots   |  persistent kmap() of HighMem pages,
 *                     | (one page table)          |  4 MiB aligned
 *   PKMAP_BASE        +---------------------------+ 0xFF800000
 *                     | 2 guard pages             |
 *   VMALLOC_END       +---------------------------+ 0xFF7FE000
 *                     | vmalloc area              |  virtually contiguous, physically scattered
 *   VMALLOC_START     +---------------------------+ high_memory + VMALLOC_OFFSET
 *                     | 8 MiB gap (VMALLOC_OFFSET)|  catches overruns of the direct map
 *   high_memory       +---------------------------+ at most PAGE_OFFSET + MAXMEM (~888 MiB)
 *                     | direct map of lowmem      |  virt = phys + PAGE_OFFSET
 *                     | (ZONE_DMA, ZONE_NORMAL)   |  the kernel image sits at 1 MiB in here
 *   PAGE_OFFSET       +---------------------------+ 0xC0000000 = TASK_SIZE
 *                     | user stack (grows down)   |
 *                     | mmap area (grows down)    |
 *                     | brk heap (grows up)       |
 *                     | ELF image at 0x08048000   |
 *   0                 +---------------------------+ page 0 never mapped
 *
 * Physical memory above what the direct map can cover (HighMem) has no permanent kernel address;
 * the kernel reaches it through kmap (pkmap area) or kmap_atomic (fixmap slots).
 */
#pragma once

/* Pages. */
#define PAGE_SHIFT 12
#define PAGE_SIZE (1 << PAGE_SHIFT)
#define PAGE_MASK (~(PAGE_SIZE - 1))
#define PAGE_ALIGN(x) (((x) + PAGE_SIZE - 1) & PAGE_MASK)   /* round up to a page boundary */
#define PGDIR_SHIFT 22                     /* one page-directory entry maps 4 MiB */
#define PGDIR_SIZE (1 << PGDIR_SHIFT)
#define PGDIR_MASK (~(PGDIR_SIZE - 1))
#define PTRS_PER_PGD 1024
#define PTRS_PER_PTE 1024

/* The 3G/1G split. */
#define PAGE_OFFSET 0xC0000000             /* start of kernel space, start of the direct map */
#define TASK_SIZE PAGE_OFFSET              /* user space is [0, TASK_SIZE) */
#define KERNEL_PGD_INDEX (PAGE_OFFSET >> PGDIR_SHIFT) /* first PDE shared by every process */

/* Where the kernel image lives: loaded at 1 MiB physical, linked at PAGE_OFFSET + 1 MiB. */
#define KERNEL_LOAD_PHYS 0x00100000
#define KERNEL_LINK_ADDR (PAGE_OFFSET + KERNEL_LOAD_PHYS)

/*
 * What boot/entry.asm maps before C runs: physical [0, EARLY_MAP_SIZE) at virtual 0 (only for
 * the jump) and at PAGE_OFFSET. It must cover the kernel image, its page tables, the Multiboot
 * information and the modules; start_kernel checks that it does.
 */
#define EARLY_MAP_SIZE (64 << 20)
#define EARLY_MAP_PGTS (EARLY_MAP_SIZE / PGDIR_SIZE) /* page tables boot/entry.asm fills */

/* Kernel stacks: the boot stack, and later every task's. */
#define THREAD_SIZE (2 * PAGE_SIZE)

/* Physical zone limits. */
#define MAX_DMA_ADDRESS (16 << 20)         /* ZONE_DMA is [0, 16 MiB): ISA DMA reaches no higher */

/* Top of kernel space, derived downward. */
#define FIXADDR_TOP 0xFFFFF000
#define LAST_PKMAP 1024                    /* persistent kmap slots: one page table's worth */
#define VMALLOC_OFFSET (8 << 20)           /* gap between the direct map and vmalloc */
#define VMALLOC_RESERVE_DEFAULT (128 << 20) /* vmalloc area + gap unless vmalloc= says otherwise */

#ifndef __ASSEMBLER__ /* ---------------------------- C only ---------------------------- */

/*
 * Fixmap slots: virtual pages whose address is a compile-time constant, so code can use them
 * before any allocator exists. Index 0 sits at FIXADDR_TOP; higher indexes lie lower.
 */
enum fixed_addresses {
	FIX_HOLE,                   /* FIXADDR_TOP itself stays unmapped */
	FIX_BOOT_INFO,              /* a window on boot data outside the direct map */
	FIX_KMAP_BEGIN,             /* kmap_atomic windows, one per nesting level */
	FIX_KMAP_END = FIX_KMAP_BEGIN + 15,
	__end_of_fixed_addresses
};

#define FIXADDR_SIZE (__end_of_fixed_addresses << PAGE_SHIFT)
#define FIXADDR_START (FIXADDR_TOP - FIXADDR_SIZE)
#define __fix_to_virt(idx) (FIXADDR_TOP - ((unsigned long)(idx) << PAGE_SHIFT))

/* pkmap sits below the fixmap, rounded down to a page-table boundary (one PDE covers it). */
#define PKMAP_BASE ((FIXADDR_START - PAGE_SIZE * (LAST_PKMAP + 1)) & PGDIR_MASK)
#define PKMAP_END (PKMAP_BASE + LAST_PKMAP * PAGE_SIZE)

/* vmalloc ends two guard pages below pkmap and starts VMALLOC_OFFSET above the direct map. */
#define VMALLOC_END (PKMAP_BASE - 2 * PAGE_SIZE)
#define VMALLOC_START ((unsigned long)high_memory + VMALLOC_OFFSET)

/*
 * The most lowmem the direct map may cover: everything from PAGE_OFFSET to VMALLOC_END, less
 * the vmalloc reserve (which vmalloc= changes). Memory above this is HighMem.
 */
#define MAXMEM(vmalloc_reserve) (VMALLOC_END - PAGE_OFFSET - (vmalloc_reserve))

/* Direct-map conversions, lowmem only. */
#ifndef HOST_TEST
#define __pa(va) ((unsigned long)(va) - PAGE_OFFSET)
#define __va(pa) ((void *)((unsigned long)(pa) + PAGE_OFFSET))
#else
/* Host unit tests: "physical memory" is a buffer the test program allocates. */
extern char *host_phys_base;
#define __pa(va) ((unsigned long)((char *)(va) - host_phys_base))
#define __va(pa) ((void *)(host_phys_base + (unsigned long)(pa)))
#endif

/* End of the direct map (set by the memory setup; until then, the end of the early map). */
extern void *high_memory;

#endif /* __ASSEMBLER__ */
