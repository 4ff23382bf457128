/*
 * The areas of an address space (mm/vma.c): a sorted array of struct vm_area_struct, binary
 * searched (O(log n) lookup, as Linux's maple tree gives). Adjacent areas with the same flags
 * and name merge; unmapping or changing the protection of part of an area splits it.
 */
#pragma once
#include <types.h>
#include <mm/mm_types.h>
#include <kernel/sched.h>

/* vm.max_map_count (/proc/sys/vm): the most areas an address space may have; 65530 as on Linux. */
extern int sysctl_max_map_count;

/* Walk the areas of mm in address order: for_each_vma(mm, vma) { ... } (no adding or removing inside). */
#define for_each_vma(mm, vma)                                                         \
	for (unsigned __vi = 0; __vi < (mm)->map_count && ((vma) = (mm)->vmas[__vi], 1); __vi++)

/* The lowest and the highest area, or NULL when there is none. */
static inline struct vm_area_struct *vma_first(const struct mm_struct *mm)
{
	return mm->map_count ? mm->vmas[0] : NULL;
}

static inline struct vm_area_struct *vma_last(const struct mm_struct *mm)
{
	return mm->map_count ? mm->vmas[mm->map_count - 1] : NULL;
}

/*
 * The map lock (Linux's mmap_lock): shared by faults and by calls that keep an area across a
 * sleep, alone for calls that change the areas (mm/mmap.c).
 */
void mmap_lock_wait(struct mm_struct *mm, bool writer);
void mmap_write_lock(struct mm_struct *mm);
void mmap_write_unlock(struct mm_struct *mm);
void mmap_write_downgrade(struct mm_struct *mm);

/* (Inline: every page fault takes and lets go of it.) */
static inline void mmap_read_lock(struct mm_struct *mm)
{
	if (mm->map_writer)
		mmap_lock_wait(mm, false);          /* another task's call is changing the areas */
	mm->map_faults++;
}

static inline void mmap_read_unlock(struct mm_struct *mm)
{
	if (--mm->map_faults == 0 && mm->map_waiters)
		wake_up(&mm->map_faults);
}

/* The first area with vm_end > addr (it may start above addr), or NULL. */
struct vm_area_struct *find_vma(struct mm_struct *mm, unsigned long addr);

/* The area just below vma, or NULL. */
struct vm_area_struct *vma_prev(struct mm_struct *mm, const struct vm_area_struct *vma);

/* The first area overlapping [start, end), or NULL. */
struct vm_area_struct *find_vma_intersection(struct mm_struct *mm, unsigned long start,
					     unsigned long end);

/*
 * Add the area [start, end) (page aligned, free of other areas), merging it with neighbours
 * of the same flags and name. 0, or -ENOMEM with the areas unchanged.
 */
int vma_add(struct mm_struct *mm, unsigned long start, unsigned long end, unsigned long flags,
	    const char *name);

/*
 * Add an area like tmpl (its range, flags, name, file, page offset and operations), merging as
 * vma_add does. The new area takes its own reference to the file and is announced to its
 * operations (vm_ops->open). 0 or -ENOMEM.
 */
int vma_insert(struct mm_struct *mm, const struct vm_area_struct *tmpl);

/*
 * Remove [start, end) from every area it touches, splitting them; pages are unmapped. 0, or
 * -ENOMEM (no room to split an edge area) with nothing unmapped: the same mappings, though an
 * area may now be split in two at start.
 */
int vma_remove_range(struct mm_struct *mm, unsigned long start, unsigned long end);


/*
 * A free range of len bytes for mmap: the highest one below mm->mmap_base (top-down), or at
 * hint if [hint, hint + len) is free. 0 when none.
 */
unsigned long get_unmapped_area(struct mm_struct *mm, unsigned long hint, unsigned long len);


/*
 * Copy the areas of src into an empty dst (fork). 0, or -ENOMEM with the areas copied so far
 * left in dst, for the caller's mmput to free.
 */
int vma_dup(struct mm_struct *dst, const struct mm_struct *src);

/*
 * Set the bits set and clear the bits clear in the flags of every area of [start, end),
 * splitting areas at the edges and, if merge, merging what then agrees (mlock, munlock).
 * -ENOMEM if a page of the range is in no area (nothing changed), or if a split finds no memory.
 */
int vma_change_flags(struct mm_struct *mm, unsigned long start, unsigned long end,
		     unsigned long set, unsigned long clear, bool merge);
