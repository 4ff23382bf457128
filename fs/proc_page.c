/*
 * From a virtual page to its frame, in user space, in Linux's formats:
 *
 *   /proc/PID/pagemap   one 64-bit entry per virtual page (offset = address / 4096 * 8):
 *                       bit 63 present, 61 a file or shared-memory page, 56 mapped only here
 *                       (exclusive), bits 0-54 the page frame number; bit 55, soft-dirty,
 *                       stays 0 as on i386 Linux (which has no soft-dirty tracking)
 *   /proc/kpagecount    one 64-bit entry per frame: how many page-table entries map it
 *   /proc/kpageflags    one 64-bit entry per frame: what it is (KPF_* bits, below)
 *
 * So a student can read where a page of their own program lives, see copy-on-write share a
 * frame after fork (count 2, not exclusive) and part after the first write.
 */
#include <fs/fs.h>
#include <mm/memory.h>
#include <mm/page.h>
#include <mm/swap.h>
#include <mm/vma.h>
#include <kernel/sched.h>
#include <kernel/uaccess.h>
#include <linux/errno.h>
#include "proc_page.h"

#define PM_PFN_MASK ((1ull << 55) - 1)
#define PM_MMAP_EXCLUSIVE (1ull << 56)
#define PM_FILE (1ull << 61)
#define PM_SWAP (1ull << 62)                /* in swap: the frame bits hold type | offset << 5 */
#define PM_PRESENT (1ull << 63)

/* Linux's stable kpageflags bits (include/uapi/linux/kernel-page-flags.h). */
#define KPF_REFERENCED 2
#define KPF_UPTODATE 3
#define KPF_LRU 5
#define KPF_ACTIVE 6
#define KPF_DIRTY 4
#define KPF_SLAB 7
#define KPF_BUDDY 10
#define KPF_MMAP 11
#define KPF_ANON 12
#define KPF_SWAPBACKED 14
#define KPF_COMPOUND_HEAD 15
#define KPF_NOPAGE 20
#define KPF_PGTABLE 26
#define KPF_SWAPCACHE 22
#define KPF_RESERVED 32

#define CHUNK 64                        /* entries made at a time, then copied out */

/* The pagemap entry of one virtual page of mm. */
static u64 pagemap_entry(struct mm_struct *mm, unsigned long va)
{
	struct vm_area_struct *vma = find_vma(mm, va);
	pte_t *pte;
	struct page *page;
	u64 e;

	if (!vma || vma->vm_start > va)
		return 0;                       /* no area: nothing at all */
	e = 0;
	pte = user_pte(mm->pgd, va, false);
	if (pte && is_swap_pte(*pte)) {
		swp_entry_t entry = pte_to_swp_entry(*pte);
		return PM_SWAP | (((u64)swp_offset(entry) << 5 | swp_type(entry)) & PM_PFN_MASK);
	}
	if (!pte || !pte_has_page(*pte))
		return e;
	page = pfn_to_page(*pte >> PAGE_SHIFT);
	e |= PM_PRESENT | ((u64)(*pte >> PAGE_SHIFT) & PM_PFN_MASK);
	if (page_mapping(page))
		e |= PM_FILE;
	if (page->_mapcount == 0)
		e |= PM_MMAP_EXCLUSIVE;
	return e;
}

ssize_t pagemap_read(struct task_struct *task, char *ubuf, size_t n, u64 *pos)
{
	u64 buf[CHUNK];
	size_t done = 0;

	if (!task->mm)
		return 0;
	while (done < n) {
		u64 vpn = *pos / 8;
		size_t k = min((n - done) / 8, (size_t)CHUNK);

		if (vpn >= (TASK_SIZE >> PAGE_SHIFT))
			break;                          /* the end of user space is the end of the file */
		k = min(k, (size_t)((TASK_SIZE >> PAGE_SHIFT) - vpn));
		for (size_t i = 0; i < k; i++)
			buf[i] = pagemap_entry(task->mm, (unsigned long)((vpn + i) << PAGE_SHIFT));
		if (copy_to_user(ubuf + done, buf, k * 8))
			return done ? (ssize_t)done : -EFAULT;
		done += k * 8;
		*pos += k * 8;
	}
	return (ssize_t)done;
}

static u64 kpagecount_of(struct page *page)
{
	return PageBuddy(page) || PageSlab(page) ? 0 : (u64)(page->_mapcount + 1);
}

static u64 kpageflags_of(struct page *page)
{
	u64 f = 0;

	if (PageReserved(page))
		f |= 1ull << KPF_RESERVED;
	if (PageBuddy(page))
		f |= 1ull << KPF_BUDDY;
	if (PageSlab(page))
		f |= 1ull << KPF_SLAB;
	if (PagePgTable(page))
		f |= 1ull << KPF_PGTABLE;
	if (PageHead(page) && page->private)
		f |= 1ull << KPF_COMPOUND_HEAD;
	if (page->_mapcount >= 0)
		f |= 1ull << KPF_MMAP;
	if (page->_mapcount >= 0 && !page_mapping(page))
		f |= (1ull << KPF_ANON) | (1ull << KPF_SWAPBACKED);
	if (page_mapping(page)) {
		f |= 1ull << KPF_UPTODATE;          /* a page-cache page holds its data */
		if (page_mapping(page)->swapbacked)
			f |= 1ull << KPF_SWAPBACKED;
	}
	if (PageDirty(page) || (page->_mapcount >= 0 && !page_mapping(page)))
		f |= 1ull << KPF_DIRTY;
	/* the reclaim lists (mm/vmscan.c) and the swap cache */
	if (PageLRU(page))
		f |= 1ull << KPF_LRU;
	if (PageActive(page))
		f |= 1ull << KPF_ACTIVE;
	if (PageReferenced(page))
		f |= 1ull << KPF_REFERENCED;
	if (PageSwapCache(page))
		f |= (1ull << KPF_SWAPCACHE) | (1ull << KPF_SWAPBACKED);
	return f;
}

static ssize_t kpage_read(char *ubuf, size_t n, u64 *pos, u64 (*entry)(struct page *))
{
	u64 buf[CHUNK];
	size_t done = 0;

	while (done < n && *pos / 8 < max_pfn) {
		u64 pfn = *pos / 8;
		size_t k = min(min((n - done) / 8, (size_t)CHUNK), (size_t)(max_pfn - pfn));

		for (size_t i = 0; i < k; i++)
			buf[i] = entry(pfn_to_page((unsigned long)(pfn + i)));
		if (copy_to_user(ubuf + done, buf, k * 8))
			return done ? (ssize_t)done : -EFAULT;
		done += k * 8;
		*pos += k * 8;
	}
	return (ssize_t)done;
}

ssize_t kpagecount_read(struct task_struct *task, char *ubuf, size_t n, u64 *pos)
{
	return kpage_read(ubuf, n, pos, kpagecount_of);
}

ssize_t kpageflags_read(struct task_struct *task, char *ubuf, size_t n, u64 *pos)
{
	return kpage_read(ubuf, n, pos, kpageflags_of);
}
