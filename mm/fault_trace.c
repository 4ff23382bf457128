/*
 * The page-fault trace: with `faulttrace` on the command line, every page fault a process takes
 * is recorded (when, where, what kind) in a ring of the latest FAULT_TRACE_LEN, for
 * /proc/PID/memsnap and the picture of a program's faults over time (scripts/memviz).
 *
 * The kind is read from the page-table entry before the fault is handled:
 *   anon    first touch of anonymous memory: a zeroed page
 *   stack   the same, below the stack area, which grew to cover it
 *   file    a page of a file or of shared memory, from the page cache (or the disk)
 *   cow     a write to a page shared since fork, or a private file page: copy-on-write
 *   swapin  a page in swap, read back
 *   other   anything else (the entry changed under us, a read of a PROT_NONE page)
 * Off (the default), the handler pays one test of fault_trace_on per fault.
 */
#include <mm/memory.h>
#include <mm/swap.h>
#include <mm/gfp.h>
#include <mm/vma.h>
#include <kernel/cmdline.h>
#include <kernel/printk.h>
#include <kernel/seq_buf.h>
#include "internal.h"

#define FAULT_TRACE_LEN 16384     /* 64 MiB of first touches; 256 KiB of records */
#define TRACE_ORDER 6             /* one block of 2^6 pages holds them */

struct fault_record {
	u64 ns;                     /* nanoseconds since reset */
	u32 address;                /* the user address: below 3 GiB */
	u32 tgid_kind;              /* the process (tgid) << 8 | the kind */
};

BUILD_BUG_ON(FAULT_TRACE_LEN * sizeof(struct fault_record) != (PAGE_SIZE << TRACE_ORDER));

bool fault_trace_on;
static struct fault_record *trace;
static unsigned long trace_next;  /* faults recorded so far; the ring index is this mod LEN */

static const char *const kind_names[] = { "none", "anon", "cow", "stack", "file", "swapin", "other" };

static int parse_faulttrace(const char *val)
{
	if (val)
		return -1;
	fault_trace_on = true;
	return 0;
}
__setup("faulttrace", parse_faulttrace, "no value: record page faults for /proc/PID/memsnap");

void fault_trace_init(void)
{
	if (!fault_trace_on)
		return;
	trace = (struct fault_record *)__get_free_pages(GFP_KERNEL, TRACE_ORDER);
	if (!trace) {
		fault_trace_on = false;
		pr_err("faulttrace: no memory for the trace; page faults are not recorded\n");
		return;
	}
	pr_info("faulttrace: recording the latest %u page faults (in /proc/PID/memsnap)\n", FAULT_TRACE_LEN);
}

int fault_kind(struct mm_struct *mm, struct vm_area_struct *vma, unsigned long address, bool write,
	       bool grew)
{
	pte_t *pte = user_pte(mm->pgd, address, false);

	if (!pte || !*pte)
		return grew ? FAULT_STACK : vma->vm_ops ? FAULT_FILE : FAULT_ANON;
	if (is_swap_pte(*pte))
		return FAULT_SWAPIN;
	if (write && (*pte & _PAGE_PRESENT) && !(*pte & _PAGE_RW))
		return FAULT_COW;
	return FAULT_OTHER;
}

void fault_trace_record(int kind, unsigned long address, int tgid)
{
	struct fault_record *r = &trace[trace_next++ % FAULT_TRACE_LEN];

	r->ns = local_clock_ns();
	r->address = (u32)address;
	r->tgid_kind = (u32)tgid << 8 | (u32)kind;
}

void show_fault_trace(struct seq_buf *t, int tgid)
{
	unsigned long first = trace_next > FAULT_TRACE_LEN ? trace_next - FAULT_TRACE_LEN : 0;

	seq_buf_printf(t, "faults %s\n", fault_trace_on ? "on" : "off");
	for (unsigned long i = first; fault_trace_on && i < trace_next; i++) {
		const struct fault_record *r = &trace[i % FAULT_TRACE_LEN];

		if ((int)(r->tgid_kind >> 8) == tgid)
			seq_buf_printf(t, "fault %llu %08x %s\n", r->ns, r->address, kind_names[r->tgid_kind & 0xff]);
	}
}
