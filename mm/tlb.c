/*
 * TLB flushes, counted (see include/asm/tlbflush.h).
 */
#include <asm/tlbflush.h>
#include <asm/x86.h>
#include <mm/memory.h>
#include <mm/mm_types.h>
#include <mm/paging.h>

struct tlb_flush_stats tlb_stats;
struct mm_struct *loaded_mm;

void flush_tlb_local(void)
{
	write_cr3(read_cr3());
	tlb_stats.local++;
}

void flush_tlb_all(void)
{
	u32 cr4 = read_cr4();

	if (cr4 & X86_CR4_PGE) {              /* toggling PGE drops global entries too */
		write_cr4(cr4 & ~X86_CR4_PGE);
		write_cr4(cr4);
	} else {
		write_cr3(read_cr3());
	}
	tlb_stats.all++;
}
