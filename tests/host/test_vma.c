/*
 * The VMA array (mm/vma.c) against a simple reference model: one byte per page recording which
 * flags the page has (0 = unmapped), over random add, remove and protect operations. The address
 * spaces are real ones (mm_alloc), with no page present, so unmapping walks empty page tables.
 */
#include <stdlib.h>
#include <string.h>
#include <kernel/selftest.h>
#include "fake_kernel.h"
#include <fs/fs.h>
#include <mm/vma.h>
#include "../../mm/internal.h"
#include <mm/slab.h>
#include <mm/memory.h>

#define PAGES 512
#define BASE 0x10000000ul
#define P 4096ul

static unsigned char model[PAGES];      /* flags + 1 per page, 0 = no area */
/* The areas must be sorted, non-empty, non-overlapping, merged where mergeable, and say exactly
 * what the model says for every page. */
static int check(struct mm_struct *mm)
{
	for (unsigned i = 0; i < mm->map_count; i++) {
		struct vm_area_struct *v = mm->vmas[i];
		ST_ASSERT(v->vm_start < v->vm_end);
		if (i) {
			struct vm_area_struct *u = mm->vmas[i - 1];
			ST_ASSERT(u->vm_end <= v->vm_start);
			ST_ASSERT(!(u->vm_end == v->vm_start && u->vm_flags == v->vm_flags));  /* merged */
		}
	}
	for (unsigned long pg = 0; pg < PAGES; pg++) {
		unsigned long va = BASE + pg * P;
		struct vm_area_struct *v = find_vma(mm, va);
		unsigned char got = (v && v->vm_start <= va) ? (unsigned char)((v->vm_flags & (VM_READ | VM_WRITE | VM_EXEC)) + 1) : 0;
		ST_ASSERT_EQ(got, model[pg]);
	}
	return 0;
}

static int test_random_ops(void)
{
	struct mm_struct *mm;

	host_mm_setup(4096, 8192, 8192);
	kmem_cache_init();
	mm = mm_alloc();
	ST_ASSERT(mm != NULL);
	memset(model, 0, sizeof(model));
	srand(4242);
	for (int step = 0; step < 4000; step++) {
		unsigned long a = rand() % PAGES, n = 1 + rand() % 40, flags = 1 + rand() % 3;
		unsigned long start = BASE + a * P, end = BASE + min(a + n, (unsigned long)PAGES) * P;
		int op = rand() % 3;

		if (op == 0 && !find_vma_intersection(mm, start, end)) {
			ST_ASSERT(vma_add(mm, start, end, flags, NULL) == 0);
			for (unsigned long p = a; p < (end - BASE) / P; p++)
				model[p] = (unsigned char)(flags + 1);
		} else if (op == 1) {
			ST_ASSERT(vma_remove_range(mm, start, end) == 0);
			for (unsigned long p = a; p < (end - BASE) / P; p++)
				model[p] = 0;
		} else if (op == 2) {
			bool all = true;
			for (unsigned long p = a; p < (end - BASE) / P; p++)
				all &= model[p] != 0;
			int r = vma_protect_range(mm, start, end, flags);
			ST_ASSERT_EQ(r == 0, all);             /* a hole in the range: ENOMEM, no change */
			if (all)
				for (unsigned long p = a; p < (end - BASE) / P; p++)
					model[p] = (unsigned char)(flags + 1);
		}
		if (check(mm))
			return -1;
	}
	mmput(mm);
	return 0;
}
SELFTEST("vma.random_ops", test_random_ops, 0);

/* Top-down placement below mmap_base, first into the highest gap that fits; hints honoured. */
static int test_unmapped_area(void)
{
	struct mm_struct *mm;

	host_mm_setup(4096, 8192, 8192);
	kmem_cache_init();
	mm = mm_alloc();
	ST_ASSERT(mm != NULL);
	mm->mmap_base = 0xb8000000;
	ST_ASSERT_EQ(get_unmapped_area(mm, 0, 3 * P), 0xb8000000 - 3 * P);
	vma_add(mm, 0xb7ff0000, 0xb8000000, VM_READ, NULL);
	vma_add(mm, 0xb7fe0000, 0xb7fe8000, VM_READ, NULL);                  /* a 32 KiB gap above */
	ST_ASSERT_EQ(get_unmapped_area(mm, 0, 8 * P), 0xb7ff0000 - 8 * P);   /* fits the gap */
	ST_ASSERT_EQ(get_unmapped_area(mm, 0, 9 * P), 0xb7fe0000 - 9 * P);   /* does not: below */
	ST_ASSERT_EQ(get_unmapped_area(mm, 0x20000000, P), 0x20000000);      /* a free hint */
	ST_ASSERT_EQ(get_unmapped_area(mm, 0xb7ff1000, P), 0xb7ff0000 - P);  /* a taken hint */
	ST_ASSERT_EQ(get_unmapped_area(mm, 0, 0xb8000000), 0);               /* nothing that big */
	mmput(mm);
	return 0;
}
SELFTEST("vma.unmapped_area", test_unmapped_area, 0);

/*
 * Every area mapping a file holds a reference to the open file (so an unlinked file lives while
 * it is mapped) and is announced to its operations (vm_ops->open/close: the file's list of
 * areas): splitting and fork add one, merging, unmapping and freeing take them away.
 */
static long areas_open;
static void count_open(struct vm_area_struct *vma) { (void)vma; areas_open++; }
static void count_close(struct vm_area_struct *vma) { (void)vma; areas_open--; }
static const struct vm_operations_struct counting_ops = { .open = count_open, .close = count_close };

static int add_file_area(struct mm_struct *mm, unsigned long start, unsigned long end,
			 struct file *file, unsigned long pgoff)
{
	struct vm_area_struct tmpl = {
		.vm_start = start, .vm_end = end, .vm_flags = VM_READ | VM_MAY_ALL,
		.vm_file = file, .vm_pgoff = pgoff, .vm_ops = &counting_ops,
	};

	return vma_insert(mm, &tmpl);
}

static int test_file_refs(void)
{
	struct mm_struct *mm, *child;
	struct file file = { .f_count = 1 };

	host_mm_setup(4096, 8192, 8192);
	kmem_cache_init();
	mm = mm_alloc();
	child = mm_alloc();
	ST_ASSERT(mm && child);
	host_file_refs = 0;
	areas_open = 0;
	ST_ASSERT_EQ(add_file_area(mm, BASE, BASE + 4 * P, &file, 0), 0);
	ST_ASSERT_EQ(host_file_refs, 1);
	ST_ASSERT_EQ(add_file_area(mm, BASE + 4 * P, BASE + 8 * P, &file, 4), 0);
	ST_ASSERT_EQ(mm->map_count, 1);                 /* merged: the second area's reference went */
	ST_ASSERT_EQ(host_file_refs, 1);
	ST_ASSERT_EQ(areas_open, 1);
	ST_ASSERT_EQ(add_file_area(mm, BASE + 8 * P, BASE + 9 * P, &file, 20), 0);
	ST_ASSERT_EQ(mm->map_count, 2);                 /* not the next page of the file: no merge */
	ST_ASSERT_EQ(vma_remove_range(mm, BASE + 8 * P, BASE + 9 * P), 0);
	ST_ASSERT_EQ(vma_remove_range(mm, BASE + 2 * P, BASE + 3 * P), 0);
	ST_ASSERT_EQ(mm->map_count, 2);                 /* a hole punched: two areas, two references */
	ST_ASSERT_EQ(host_file_refs, 2);
	ST_ASSERT_EQ(areas_open, 2);
	ST_ASSERT_EQ(find_vma(mm, BASE + 3 * P)->vm_pgoff, 3ul);   /* the upper part keeps its file offset */
	ST_ASSERT_EQ(vma_dup(child, mm), 0);         /* fork */
	ST_ASSERT_EQ(host_file_refs, 4);
	ST_ASSERT_EQ(areas_open, 4);
	mmput(child);
	ST_ASSERT_EQ(vma_remove_range(mm, BASE, BASE + 8 * P), 0);
	ST_ASSERT_EQ(host_file_refs, 0);
	ST_ASSERT_EQ(areas_open, 0);
	ST_ASSERT_EQ(file.f_count, 1);
	mmput(mm);
	return 0;
}
SELFTEST("vma.file_refs", test_file_refs, 0);
