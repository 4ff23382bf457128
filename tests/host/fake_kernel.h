/*
 * What host unit tests use instead of the hardware: a buffer standing for physical memory, a
 * printk that records, and zone setup in a few lines.
 */
#pragma once
#include <types.h>

/* The last messages printk produced (levels stripped), for checking reports. */
extern char host_log[8192];
void host_log_clear(void);

/*
 * Fake a machine with frames [0, high_end): ZONE_DMA below dma_end, ZONE_NORMAL below
 * normal_end, ZONE_HIGHMEM above. Allocates "physical memory" and mem_map, sets up the zones,
 * and gives every frame but pfn 0 to the buddy allocator.
 */
void host_mm_setup(unsigned long dma_end, unsigned long normal_end, unsigned long high_end);

/* The same, without freeing anything: the test hands memory over itself. */
void host_mm_setup_empty(unsigned long dma_end, unsigned long normal_end, unsigned long high_end);

/* The vmalloc range host tests use, and the fake page table behind it (fake_kernel.c). */
#define HOST_VMALLOC_BASE 0xf8000000ul
#define HOST_VMALLOC_PAGES 4096ul
struct page;
extern long host_file_refs;           /* get_file minus fput (mm/vma.c's file areas) */
extern unsigned kmap_depth;           /* kmap minus kunmap */
extern struct page *host_kernel_ptes[HOST_VMALLOC_PAGES];
extern unsigned long host_pte_sets, host_pte_clears;

/* The process side (fake_process.c): a current task, and the last signal "sent" to it. */
struct mm_struct;
struct host_signal {
	int sig, code;
	unsigned long addr;
};
extern struct host_signal host_last_signal;
extern unsigned long host_tlb_flushes;
void host_set_current(struct mm_struct *mm);   /* current: a task running mm (mm loaded in CR3) */
