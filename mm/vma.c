/*
 * Areas of an address space: a sorted array of pointers to struct vm_area_struct. Lookup is a
 * binary search; insertion and removal move the pointers after the spot (areas are few, tens
 * to hundreds). Compiles for the host (tests/host/test_vma.c checks it against a page-by-page
 * reference model).
 */
#include <kernel/lab.h>
#include <mm/vma.h>
#include <mm/rmap.h>
#include "internal.h"
#include <mm/slab.h>
#include <linux/errno.h>
#include <kernel/string.h>
#include <fs/fs.h>

/* Index of the first area with vm_end > addr (map_count if none). */
static unsigned vma_index(const struct mm_struct *mm, unsigned long addr)
{
	unsigned lo = 0, hi = mm->map_count;

	while (lo < hi) {
		unsigned mid = lo + (hi - lo) / 2;
		if (mm->vmas[mid]->vm_end > addr)
			hi = mid;
		else
			lo = mid + 1;
	}
	return lo;
}

struct vm_area_struct *find_vma(struct mm_struct *mm, unsigned long addr)
{
	struct vm_area_struct *vma = mm->vma_cache;
	unsigned i;

	if (vma && vma->vm_start <= addr && addr < vma->vm_end)
		return vma;                 /* areas do not overlap: the one holding addr is the answer */
	i = vma_index(mm, addr);
	if (i >= mm->map_count)
		return NULL;
	mm->vma_cache = mm->vmas[i];
	return mm->vmas[i];
}

struct vm_area_struct *vma_prev(struct mm_struct *mm, const struct vm_area_struct *vma)
{
	unsigned i = vma_index(mm, vma->vm_start);

	return i > 0 ? mm->vmas[i - 1] : NULL;
}

struct vm_area_struct *find_vma_intersection(struct mm_struct *mm, unsigned long start,
					     unsigned long end)
{
	struct vm_area_struct *vma = find_vma(mm, start);

	return vma && vma->vm_start < end ? vma : NULL;
}

/* Make room for one more pointer in mm->vmas. */
int sysctl_max_map_count = 65530;

static int vma_reserve(struct mm_struct *mm)
{
	struct vm_area_struct **bigger;
	unsigned cap;

	if (mm->map_count >= (unsigned)sysctl_max_map_count)
		return -ENOMEM;
	if (mm->map_count < mm->vmas_cap)
		return 0;
	cap = mm->vmas_cap ? mm->vmas_cap * 2 : 16;
	bigger = kmalloc(cap * sizeof(*bigger), GFP_KERNEL);
	if (!bigger)
		return -ENOMEM;
	if (mm->map_count)
		memcpy(bigger, mm->vmas, mm->map_count * sizeof(*bigger));
	kfree(mm->vmas);
	mm->vmas = bigger;
	mm->vmas_cap = cap;
	return 0;
}

static void vma_insert_at(struct mm_struct *mm, unsigned i, struct vm_area_struct *vma)
{
	memmove(&mm->vmas[i + 1], &mm->vmas[i], (mm->map_count - i) * sizeof(vma));
	mm->vmas[i] = vma;
	mm->map_count++;
}

/*
 * A new area mapping what vma maps (a copy for fork, the upper part of a split): it holds the
 * file open (even unlinked) until it goes, and its operations hear of it (the file's list of
 * areas that map it).
 */
static void vma_open_copy(struct vm_area_struct *vma)
{
	if (vma->vm_file)
		get_file(vma->vm_file);
	if (vma->vm_ops && vma->vm_ops->open)
		vma->vm_ops->open(vma);
}

static void vma_close(struct vm_area_struct *vma)
{
	anon_vma_unlink(vma);
	if (vma->vm_ops && vma->vm_ops->close)
		vma->vm_ops->close(vma);
	if (vma->vm_file)
		fput(vma->vm_file);
}

static void vma_delete_at(struct mm_struct *mm, unsigned i)
{
	if (mm->vma_cache == mm->vmas[i])
		mm->vma_cache = NULL;
	vma_close(mm->vmas[i]);
	kfree(mm->vmas[i]);
	memmove(&mm->vmas[i], &mm->vmas[i + 1], (mm->map_count - i - 1) * sizeof(mm->vmas[0]));
	mm->map_count--;
}

/*
 * May area a's anonymous pages and area b's live in one area? The same anon_vma (or none), or
 * one has none and the other's is its own: not one inherited at fork (Linux's
 * is_mergeable_anon_vma, whose chain of a forked area is longer than one).
 */
static bool anon_compatible(const struct vm_area_struct *a, const struct vm_area_struct *b)
{
	return a->anon_vma == b->anon_vma || (!a->anon_vma && !b->anon_forked) ||
	       (!b->anon_vma && !a->anon_forked);
}

/*
 * Two touching areas merge when they agree in everything: flags (the accounting marks too),
 * file pages (or linear indexes of anonymous pages) continue across the edge, and their
 * anonymous pages may share one anon_vma.
 */
static bool can_merge(const struct vm_area_struct *a, const struct vm_area_struct *b)
{
	return a->vm_end == b->vm_start && a->vm_flags == b->vm_flags && a->vm_name == b->vm_name &&
	       a->vm_file == b->vm_file && a->vm_ops == b->vm_ops && anon_compatible(a, b) &&
	       b->vm_pgoff == a->vm_pgoff + ((a->vm_end - a->vm_start) >> PAGE_SHIFT);
}

/* Merge area i with area i+1 when they touch and agree. */
static void try_merge(struct mm_struct *mm, unsigned i)
{
	if (i + 1 < mm->map_count && can_merge(mm->vmas[i], mm->vmas[i + 1]))
		anon_vma_adopt(mm->vmas[i], mm->vmas[i + 1]);   /* the upper part's pages keep their way back */
	/* LAB 4 BEGIN try_merge: areas i and i+1 become one when they touch and agree in everything */
	if (i + 1 >= mm->map_count || !can_merge(mm->vmas[i], mm->vmas[i + 1]))
		return;
	mm->vmas[i]->vm_end = mm->vmas[i + 1]->vm_end;
	vma_delete_at(mm, i + 1);
	/* LAB 4 STUB
	LAB_MISSING(4, "try_merge");
	(void)can_merge;                           // you will call it
	   LAB 4 END */
}

/* A copy of tmpl in mm, for [start, end), not yet holding its file. */
static struct vm_area_struct *vma_new(struct mm_struct *mm, const struct vm_area_struct *tmpl,
				      unsigned long start, unsigned long end)
{
	struct vm_area_struct *vma = kmalloc(sizeof(*vma), GFP_KERNEL);

	if (!vma)
		return NULL;
	*vma = *tmpl;
	vma->vm_start = start;
	vma->vm_end = end;
	vma->vm_mm = mm;
	vma->vm_pgoff = tmpl->vm_pgoff + ((start - tmpl->vm_start) >> PAGE_SHIFT);
	INIT_LIST_HEAD(&vma->shared);
	anon_vma_link(vma);                  /* a copy shares its original's anonymous pages */
	return vma;
}

int vma_insert(struct mm_struct *mm, const struct vm_area_struct *tmpl)
{
	struct vm_area_struct *vma;
	unsigned i;

	if (vma_reserve(mm))
		return -ENOMEM;
	vma = vma_new(mm, tmpl, tmpl->vm_start, tmpl->vm_end);
	if (!vma)
		return -ENOMEM;
	if (!vma->vm_file && !vma->anon_vma)
		vma->vm_pgoff = vma->vm_start >> PAGE_SHIFT;  /* new anonymous memory: its own linear index */
	vma->vm_flags |= mm->def_flags;      /* after mlockall(MCL_FUTURE): locked too */
	vma_open_copy(vma);
	i = vma_index(mm, vma->vm_start);
	vma_insert_at(mm, i, vma);
	mm->total_vm += (vma->vm_end - vma->vm_start) >> PAGE_SHIFT;
	mm_update_hiwater(mm);
	try_merge(mm, i);                    /* with the next area */
	if (i > 0)
		try_merge(mm, i - 1);        /* with the previous one */
	return 0;
}

int vma_add(struct mm_struct *mm, unsigned long start, unsigned long end, unsigned long flags,
	    const char *name)
{
	struct vm_area_struct tmpl = {
		.vm_start = start, .vm_end = end, .vm_flags = flags | VM_MAY_ALL, .vm_name = name,
	};

	return vma_insert(mm, &tmpl);
}

/* Split area i at addr (strictly inside it): area i keeps [start, addr), a new one follows. */
static int split_vma(struct mm_struct *mm, unsigned i, unsigned long addr)
{
	struct vm_area_struct *vma = mm->vmas[i], *upper;

	/* LAB 4 BEGIN split_vma: area i keeps [start, addr); a copy for [addr, end) follows it */
	if (vma_reserve(mm))
		return -ENOMEM;
	vma = mm->vmas[i];
	upper = vma_new(mm, vma, addr, vma->vm_end);
	if (!upper)
		return -ENOMEM;
	vma_open_copy(upper);
	vma->vm_end = addr;
	vma_insert_at(mm, i + 1, upper);
	return 0;
	/* LAB 4 STUB
	LAB_MISSING(4, "split_vma");
	(void)vma;
	(void)upper;
	return -ENOMEM;
	   LAB 4 END */
}

/* Split areas so that no area crosses start or end. */
static int split_at_edges(struct mm_struct *mm, unsigned long start, unsigned long end)
{
	unsigned i = vma_index(mm, start);

	if (i < mm->map_count && mm->vmas[i]->vm_start < start && split_vma(mm, i, start))
		return -ENOMEM;
	i = vma_index(mm, end);
	if (i < mm->map_count && mm->vmas[i]->vm_start < end && split_vma(mm, i, end))
		return -ENOMEM;
	return 0;
}

int vma_remove_range(struct mm_struct *mm, unsigned long start, unsigned long end)
{
	unsigned i;

	if (!find_vma_intersection(mm, start, end))
		return 0;
	if (split_at_edges(mm, start, end))
		return -ENOMEM;
	unmap_page_range(mm, start, end);
	i = vma_index(mm, start);
	while (i < mm->map_count && mm->vmas[i]->vm_start < end) {
		mm->total_vm -= (mm->vmas[i]->vm_end - mm->vmas[i]->vm_start) >> PAGE_SHIFT;
		vma_delete_at(mm, i);
	}
	return 0;
}

/* Is every page of [start, end) inside some area? */
static bool range_fully_mapped(struct mm_struct *mm, unsigned long start, unsigned long end)
{
	unsigned long addr = start;

	for (unsigned i = vma_index(mm, start); addr < end; i++) {
		if (i >= mm->map_count || mm->vmas[i]->vm_start > addr)
			return false;
		addr = mm->vmas[i]->vm_end;
	}
	return true;
}

int vma_protect_range(struct mm_struct *mm, unsigned long start, unsigned long end,
		      unsigned long prot_flags)
{
	const unsigned long prot_mask = VM_READ | VM_WRITE | VM_EXEC;
	unsigned i, first;

	if (!range_fully_mapped(mm, start, end))
		return -ENOMEM;
	/* an upgrade the mapping never allowed (a shared map of a read-only file): EACCES */
	for (i = vma_index(mm, start); i < mm->map_count && mm->vmas[i]->vm_start < end; i++) {
		unsigned long may = mm->vmas[i]->vm_flags;
		if (((prot_flags & VM_WRITE) && !(may & VM_MAYWRITE)) ||
		    ((prot_flags & VM_READ) && !(may & VM_MAYREAD)) ||
		    ((prot_flags & VM_EXEC) && !(may & VM_MAYEXEC)))
			return -EACCES;
	}
	/* LAB 4 BEGIN vma_protect_range: split at the edges, new rights for the areas and their PTEs, merge back */
	if (split_at_edges(mm, start, end))
		return -ENOMEM;
	first = i = vma_index(mm, start);
	for (; i < mm->map_count && mm->vmas[i]->vm_start < end; i++) {
		struct vm_area_struct *vma = mm->vmas[i];
		vma->vm_flags = (vma->vm_flags & ~prot_mask) | (prot_flags & prot_mask);
		change_protection(mm, vma->vm_start, vma->vm_end, vma->vm_flags);
	}
	/* merge back what now agrees, from the area after the range down to the one before it */
	for (int j = (int)i; j >= (int)first - 1; j--)
		if (j >= 0)
			try_merge(mm, (unsigned)j);
	return 0;
	/* LAB 4 STUB
	LAB_MISSING(4, "vma_protect_range");
	(void)first;
	(void)prot_mask;
	return -ENOMEM;
	   LAB 4 END */
}

int vma_change_flags(struct mm_struct *mm, unsigned long start, unsigned long end,
		     unsigned long set, unsigned long clear, bool merge)
{
	unsigned i, first;

	if (!range_fully_mapped(mm, start, end))
		return -ENOMEM;
	if (split_at_edges(mm, start, end))
		return -ENOMEM;
	first = i = vma_index(mm, start);
	for (; i < mm->map_count && mm->vmas[i]->vm_start < end; i++)
		mm->vmas[i]->vm_flags = (mm->vmas[i]->vm_flags & ~clear) | set;
	for (int j = (int)i; merge && j >= (int)first - 1; j--)   /* merge back what now agrees */
		if (j >= 0)
			try_merge(mm, (unsigned)j);
	return 0;
}

unsigned long get_unmapped_area(struct mm_struct *mm, unsigned long hint, unsigned long len)
{
	unsigned long top = mm->mmap_base, gap_end = top;
	unsigned i;

	hint &= PAGE_MASK;
	if (hint && hint + len > hint && hint + len <= TASK_SIZE &&
	    !find_vma_intersection(mm, hint, hint + len))
		return hint;
	/* top-down: the gaps below mmap_base, highest first; page 0 is never handed out */
	i = vma_index(mm, top - 1);               /* an area reaching up to or across top */
	if (i < mm->map_count && mm->vmas[i]->vm_start < top)
		gap_end = mm->vmas[i]->vm_start;
	for (int j = (int)i - 1;; j--) {
		unsigned long gap_start = j >= 0 ? mm->vmas[j]->vm_end : PAGE_SIZE;
		if (gap_end >= gap_start && gap_end - gap_start >= len)
			return gap_end - len;
		if (j < 0)
			return 0;
		gap_end = mm->vmas[j]->vm_start;
	}
}

void vma_free_all(struct mm_struct *mm)
{
	while (mm->map_count)
		vma_delete_at(mm, mm->map_count - 1);
	kfree(mm->vmas);
	mm->vmas = NULL;
	mm->vmas_cap = 0;
	mm->total_vm = 0;
}

int vma_dup(struct mm_struct *dst, const struct mm_struct *src)
{
	for (unsigned i = 0; i < src->map_count; i++) {
		const struct vm_area_struct *v = src->vmas[i];
		struct vm_area_struct *copy;

		if (vma_reserve(dst))
			return -ENOMEM;
		copy = vma_new(dst, v, v->vm_start, v->vm_end);
		if (!copy)
			return -ENOMEM;
		copy->vm_flags &= ~(VM_LOCKED | VM_LOCKONFAULT);   /* locks are not inherited, as on Linux */
		copy->anon_forked = v->anon_vma != NULL;          /* pages shared with the parent's area */
		vma_open_copy(copy);
		dst->vmas[dst->map_count++] = copy;
	}
	dst->total_vm = src->total_vm;
	return 0;
}
