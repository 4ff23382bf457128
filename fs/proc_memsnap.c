/*
 * /proc/PID/memsnap: one snapshot of memory as text, for pictures (scripts/memviz draws it;
 * docs/pictures.md shows what comes out). It holds, at one moment:
 *
 *   - the 4 GiB address space: where user space, the direct map, vmalloc, pkmap and the fixmap
 *     lie (the 3G/1G split);
 *   - the process's areas, with their resident and swapped pages, and the state of every page,
 *     run-length coded: untouched, anonymous (its own, or still shared after fork: copy-on-write),
 *     a file's page-cache page, shared memory, in swap;
 *   - the kernel areas and what is in them: each vmalloc allocation and who asked for it, the
 *     pkmap slots in use, the fixmap slots;
 *   - every physical frame by owner, adjacent frames of one owner coalesced into a run: free
 *     (on the buddy lists, with the order of the free block), the kernel image, reserved, page
 *     tables, slab, page cache, anonymous memory, other kernel allocations;
 *   - each zone's buddy free counts per order, as /proc/buddyinfo.
 *
 * A process's page faults over time are in /proc/PID/pagefaults (mm/fault_trace.c), apart, so
 * that reading them, however many, changes nothing in a snapshot taken before.
 *
 * The format, one record per line (numbers in hex are addresses, in decimal are counts):
 *
 *   memsnap 1                                   the format's version
 *   task PID COMM                               whose areas follow
 *   clock NS                                    nanoseconds since reset, when taken
 *   layout NAME START END                       user, direct, vmalloc, pkmap, fixmap
 *   area START END PERMS RSS SWAP NAME          pages resident and in swap; NAME "-": anonymous
 *   pages RUNS                                  runs like "12a 3-": 12 pages 'a', 3 pages '-'
 *   vmalloc START END PAGES KIND CALLER         KIND: vmalloc, vmap, or ioremap (a device)
 *   pkmap SLOT VA PFN USERS
 *   fixmap SLOT VA PFN NAME                     PFN "-": the slot maps nothing now
 *   zone NAME START_PFN END_PFN MANAGED FREE
 *   buddy ZONE N0 N1 ... N10                    free blocks of each order
 *   phys START_PFN COUNT OWNER                 OWNER "free ORDER" for free blocks of that order
 *   end                                         absent: the snapshot was cut short
 *
 * (memsnap, the user tool, adds a process's /proc/PID/pagefaults lines before "end": "faults
 * on|off", then "fault NS ADDR KIND".)
 *
 * A page state is one letter: '-' no page, 'a' anonymous and this process's alone, 'c' anonymous
 * and shared (after fork, until a write copies it), 'f' a file's page, 'm' shared memory (tmpfs,
 * MAP_SHARED|MAP_ANONYMOUS), 's' in swap.
 */
#include <fs/fs.h>
#include <mm/fixmap.h>
#include <mm/init.h>
#include <mm/memory.h>
#include <mm/mmzone.h>
#include <mm/page.h>
#include <mm/pagemap.h>
#include <mm/paging.h>
#include <mm/swap.h>
#include <mm/vma.h>
#include <mm/vmalloc.h>
#include <kernel/ksyms.h>
#include <kernel/printk.h>
#include <kernel/sched.h>
#include <kernel/seq_buf.h>
#include <kernel/string.h>
#include <kernel/vdso.h>
#include <kernel/vsprintf.h>
#include "proc_page.h"

extern char _end[];
extern int pkmap_count[LAST_PKMAP];

/* ---------------------------------------------------------------- the process's pages */

static char page_state(struct mm_struct *mm, unsigned long va)
{
	pte_t *pte = user_pte(mm->pgd, va, false);
	struct page *page;

	if (pte && is_swap_pte(*pte))
		return 's';
	if (!pte || !pte_has_page(*pte))
		return '-';
	page = pfn_to_page(*pte >> PAGE_SHIFT);
	if (page_mapping(page))
		return page_mapping(page)->swapbacked ? 'm' : 'f';
	return page->_mapcount > 0 ? 'c' : 'a';
}

#define MAX_RUNS_PER_AREA 1024      /* past this, the rest of the area is one run of '?' */

static void emit_area(struct seq_buf *t, struct mm_struct *mm, const struct vm_area_struct *v)
{
	unsigned long rss = 0, swap = 0, runs = 0, run = 0;
	char state = 0, path[160], perms[5];
	const char *name = area_name(v, path, sizeof(path));

	for (unsigned long va = v->vm_start; va < v->vm_end; va += PAGE_SIZE) {
		char s = page_state(mm, va);
		rss += s != '-' && s != 's';
		swap += s == 's';
	}
	area_perms(v, perms);
	seq_buf_printf(t, "area %08lx %08lx %s %lu %lu %s\npages", v->vm_start, v->vm_end, perms, rss, swap,
		       name ? name : "-");
	for (unsigned long va = v->vm_start; va < v->vm_end; va += PAGE_SIZE) {
		char s = page_state(mm, va);
		if (s == state) {
			run++;
			continue;
		}
		if (run)
			seq_buf_printf(t, " %lu%c", run, state);
		if (++runs == MAX_RUNS_PER_AREA) {
			seq_buf_printf(t, " %lu?", (v->vm_end - va) >> PAGE_SHIFT);
			run = 0;
			break;
		}
		state = s;
		run = 1;
	}
	if (run)
		seq_buf_printf(t, " %lu%c", run, state);
	seq_buf_printf(t, "\n");
}

/* ---------------------------------------------------------------- the kernel areas */

static void emit_kernel_areas(struct seq_buf *t)
{
	char sym[96];

	for (struct vm_struct *a = vmalloc_areas(); a; a = a->next)
		seq_buf_printf(t, "vmalloc %08lx %08lx %u %s %s\n", a->addr, a->addr + a->size, a->nr_pages,
			       (a->flags & VM_ALLOC) ? "vmalloc" : (a->flags & VM_IOREMAP) ? "ioremap" : "vmap",
			       ksym_format(sym, sizeof(sym), (unsigned long)a->caller));
	for (unsigned i = 0; i < LAST_PKMAP; i++) {
		unsigned long va = PKMAP_BASE + i * PAGE_SIZE;
		pte_t *pte = kernel_pte(va);

		if (pkmap_count[i] && pte && (*pte & _PAGE_PRESENT))
			seq_buf_printf(t, "pkmap %u %08lx %lu %d\n", i, va, (unsigned long)(*pte >> PAGE_SHIFT),
				       pkmap_count[i] - 1);
	}
	for (unsigned i = FIX_HOLE + 1; i < __end_of_fixed_addresses; i++) {
		pte_t pte = fixmap_entry(i);
		char pfn[16] = "-";

		if (pte & _PAGE_PRESENT)
			snprintf(pfn, sizeof(pfn), "%lu", (unsigned long)(pte >> PAGE_SHIFT));
		if (i == FIX_BOOT_INFO)
			seq_buf_printf(t, "fixmap %u %08lx %s boot_info\n", i, fix_to_virt(i), pfn);
		else
			seq_buf_printf(t, "fixmap %u %08lx %s kmap_atomic_%u\n", i, fix_to_virt(i), pfn,
				       i - FIX_KMAP_BEGIN);
	}
}

/* ---------------------------------------------------------------- physical memory */

/*
 * Who owns the block of frames starting at pfn, and how many frames the block holds (a free
 * block or an allocated one of higher order answers for all its frames at once).
 */
static const char *frame_owner(unsigned long pfn, unsigned long *frames)
{
	static const char *const free_of_order[MAX_ORDER] = {
		"free 0", "free 1", "free 2", "free 3", "free 4", "free 5",
		"free 6", "free 7", "free 8", "free 9", "free 10",
	};
	struct page *page = pfn_to_page(pfn);

	*frames = 1;
	if (PageBuddy(page)) {                  /* free, and the order of the block it is in */
		*frames = 1ul << page->private;
		return free_of_order[page->private];
	}
	if (PagePcp(page))
		return free_of_order[0];
	if (PageReserved(page))
		return pfn >= (KERNEL_LOAD_PHYS >> PAGE_SHIFT) && pfn < (__pa(_end) + PAGE_SIZE - 1) >> PAGE_SHIFT
			       ? "kernel-image" : "reserved";
	if (PageSlab(page))
		return "slab";                  /* each of a slab's pages is marked */
	if (PageHead(page) && !PageSwapCache(page) && page->private < MAX_ORDER)
		*frames = 1ul << page->private;
	if (PagePgTable(page))
		return "pgtable";
	if (page_mapping(page))                 /* the vDSO's pages are the kernel's, not a file's */
		return is_vdso_mapping(page_mapping(page)) ? "kernel" : "pagecache";
	if (PageAnon(page) || PageSwapBacked(page) || PageSwapCache(page))
		return "anon";
	return "kernel";
}

static void emit_zone(struct seq_buf *t, const struct zone *z)
{
	unsigned long start = z->zone_start_pfn, end = zone_end_pfn(z), run_start = start;
	const char *run_owner = NULL;

	seq_buf_printf(t, "zone %s %lu %lu %lu %lu\nbuddy %s", z->name, start, end, z->managed_pages,
		       z->free_pages, z->name);
	for (unsigned o = 0; o < MAX_ORDER; o++)
		seq_buf_printf(t, " %lu", z->free_area[o].nr_free);
	seq_buf_printf(t, "\n");
	for (unsigned long pfn = start, n; pfn < end; pfn += n) {
		const char *owner = frame_owner(pfn, &n);

		n = min(n, end - pfn);
		if (owner == run_owner)
			continue;
		if (run_owner)
			seq_buf_printf(t, "phys %lu %lu %s\n", run_start, pfn - run_start, run_owner);
		run_owner = owner;
		run_start = pfn;
	}
	if (run_owner)
		seq_buf_printf(t, "phys %lu %lu %s\n", run_start, end - run_start, run_owner);
}

/* ---------------------------------------------------------------- the whole snapshot */

void gen_pagefaults(struct seq_buf *t, struct task_struct *task)
{
	show_fault_trace(t, task->tgid);
}

void gen_memsnap(struct seq_buf *t, struct task_struct *task)
{
	struct mm_struct *mm = task->mm;
	struct vm_area_struct *v;

	drain_all_pages();                  /* as /proc/buddyinfo: free pages on the buddy lists */
	seq_buf_printf(t, "memsnap 1\ntask %d %s\nclock %llu\n", task->tgid, task->comm, local_clock_ns());
	seq_buf_printf(t, "layout user %08x %08x\nlayout direct %08x %08lx\n", 0u, (u32)TASK_SIZE,
		       (u32)PAGE_OFFSET, (unsigned long)high_memory);
	seq_buf_printf(t, "layout vmalloc %08lx %08lx\nlayout pkmap %08lx %08lx\nlayout fixmap %08lx %08lx\n",
		       (unsigned long)VMALLOC_START, (unsigned long)VMALLOC_END, (unsigned long)PKMAP_BASE,
		       (unsigned long)PKMAP_END, (unsigned long)FIXADDR_START, (unsigned long)FIXADDR_TOP);
	if (mm)
		for_each_vma(mm, v)
			emit_area(t, mm, v);
	emit_kernel_areas(t);
	for (int z = 0; z < MAX_NR_ZONES; z++)
		if (zones[z].spanned_pages)
			emit_zone(t, &zones[z]);
	seq_buf_printf(t, "end\n");
}
