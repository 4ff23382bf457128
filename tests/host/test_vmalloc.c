/* The vmalloc area allocator (mm/vmalloc.c): first fit, guard pages, merging of freed areas. */
#include <stdlib.h>
#include <string.h>
#include <kernel/selftest.h>
#include "fake_kernel.h"
#include <mm/vmalloc.h>
#include <mm/page.h>
#include <mm/mmzone.h>
#include <mm/slab.h>

#define B HOST_VMALLOC_BASE
#define P PAGE_SIZE
#define RANGE (HOST_VMALLOC_PAGES * PAGE_SIZE)

static void setup(void)
{
	host_mm_setup(4096, 8192, 12288);
	kmem_cache_init();
	vmalloc_init(B, B + RANGE);
	memset(host_kernel_ptes, 0, sizeof(host_kernel_ptes));
}

/* Areas come from the lowest free address that fits, each followed by a guard page. */
static int test_first_fit(void)
{
	struct vm_struct *a, *b, *c, *d;

	setup();
	a = get_vm_area(4 * P, VM_ALLOC, NULL);
	b = get_vm_area(2 * P, VM_ALLOC, NULL);
	ST_ASSERT(a && b);
	ST_ASSERT_EQ(a->addr, B);
	ST_ASSERT_EQ(a->size, 5 * P);                 /* four pages and the guard */
	ST_ASSERT_EQ(b->addr, B + 5 * P);
	kfree(remove_vm_area((void *)a->addr));       /* a hole of 5 pages at the bottom */
	c = get_vm_area(3 * P, VM_ALLOC, NULL);
	ST_ASSERT_EQ(c->addr, B);                     /* first fit: into the hole */
	d = get_vm_area(1 * P, VM_ALLOC, NULL);
	ST_ASSERT_EQ(d->addr, B + 8 * P);             /* the 1-page rest of the hole is too small
	                                                 for a page and its guard: after b */
	ST_ASSERT(find_vm_area_containing(B + 4 * P) == NULL);
	ST_ASSERT(find_vm_area_containing(B + 5 * P + 2 * P) == b);  /* b's guard page is b's */
	kfree(remove_vm_area((void *)c->addr));       /* merges with the 1-page rest: 5 pages */
	c = get_vm_area(4 * P, VM_ALLOC, NULL);
	ST_ASSERT_EQ(c->addr, B);
	return 0;
}
SELFTEST("vmalloc.first_fit", test_first_fit, 0);

/* Random areas never touch (a guard page between any two), and freeing all of them merges
 * the free space back into the one range it started as. */
static int test_random_merge(void)
{
	enum { SLOTS = 64 };
	struct vm_struct *slot[SLOTS] = { 0 };

	setup();
	srand(99);
	for (int step = 0; step < 5000; step++) {
		int i = rand() % SLOTS;
		if (slot[i]) {
			ST_ASSERT(remove_vm_area((void *)slot[i]->addr) == slot[i]);
			kfree(slot[i]);
			slot[i] = NULL;
		} else {
			slot[i] = get_vm_area((1 + rand() % 40) * P, VM_ALLOC, NULL);
		}
		for (int x = 0; x < SLOTS; x++)
			for (int y = 0; y < SLOTS; y++)
				if (x != y && slot[x] && slot[y] && slot[x]->addr < slot[y]->addr)
					ST_ASSERT(slot[x]->addr + slot[x]->size <= slot[y]->addr);
	}
	for (int i = 0; i < SLOTS; i++)
		if (slot[i])
			kfree(remove_vm_area((void *)slot[i]->addr));
	ST_ASSERT_EQ(vmalloc_free_bytes(), RANGE);
	ST_ASSERT_EQ(vmalloc_largest_free(), RANGE);  /* one range again: everything merged */
	return 0;
}
SELFTEST("vmalloc.random_merge", test_random_merge, 0);

/* What does not fit fails; a request that exactly fits (with its guard) succeeds. */
static int test_limits(void)
{
	setup();
	ST_ASSERT(get_vm_area(RANGE, VM_ALLOC, NULL) == NULL);      /* no room for the guard */
	ST_ASSERT(get_vm_area(0, VM_ALLOC, NULL) == NULL);
	ST_ASSERT(get_vm_area(RANGE - P, VM_ALLOC, NULL) != NULL);
	ST_ASSERT_EQ(vmalloc_free_bytes(), 0);
	ST_ASSERT(get_vm_area(P, VM_ALLOC, NULL) == NULL);
	return 0;
}
SELFTEST("vmalloc.limits", test_limits, 0);

/* vmalloc maps one page per PTE, HighMem first; vfree unmaps and frees all of them. */
static int test_vmalloc_vfree(void)
{
	unsigned long free_before, sets = host_pte_sets, clears = host_pte_clears;
	struct vm_struct *area;
	void *p;

	setup();
	free_before = nr_free_pages();
	p = vmalloc(10 * P + 1);                      /* rounds up to 11 pages */
	ST_ASSERT(p == (void *)B);
	area = find_vm_area_containing(B);
	ST_ASSERT_EQ(area->nr_pages, 11);
	ST_ASSERT_EQ(host_pte_sets - sets, 11);
	for (int i = 0; i < 11; i++) {
		ST_ASSERT(host_kernel_ptes[i] == area->pages[i]);
		ST_ASSERT(PageHighMem(area->pages[i]));
	}
	ST_ASSERT(host_kernel_ptes[11] == NULL);      /* the guard page stays unmapped */
	vfree(p);
	ST_ASSERT_EQ(host_pte_clears - clears, 11);
	for (int i = 0; i < 12; i++)
		ST_ASSERT(host_kernel_ptes[i] == NULL);
	ST_ASSERT(nr_free_pages() >= free_before - 2); /* slab may keep a page per cache */
	host_log_clear();
	vfree((void *)(B + 5 * P));                   /* not the start of an area */
	ST_ASSERT(strstr(host_log, "no vmalloc area starts there") != NULL);
	return 0;
}
SELFTEST("vmalloc.vmalloc_vfree", test_vmalloc_vfree, 0);

/* A failed vmalloc (not enough pages) gives back every page and the address range. */
static int test_vmalloc_failure(void)
{
	unsigned long free_before;

	setup();
	free_before = nr_free_pages();
	ST_ASSERT(vmalloc((free_before + 10) * P) == NULL);
	ST_ASSERT_EQ(vmalloc_free_bytes(), RANGE);
	ST_ASSERT(nr_free_pages() >= free_before - 2);
	return 0;
}
SELFTEST("vmalloc.failure_cleans_up", test_vmalloc_failure, 0);
