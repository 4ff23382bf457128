/*
 * The page-cache index (mm/radix_tree.c) against a plain array: random inserts, deletes and
 * lookups over small and huge indices, "next" searches, and every node given back at the end.
 */
#include <stdlib.h>
#include <string.h>
#include <kernel/selftest.h>
#include "fake_kernel.h"
#include <mm/radix_tree.h>
#include <mm/slab.h>
#include <linux/errno.h>

#define SLOTS 512

static u32 keys[SLOTS];
static bool present[SLOTS];

/* An item for key i: any non-NULL pointer that says which key it is. */
static void *item(unsigned i)
{
	return (void *)(unsigned long)(0x1000 + i * 8);
}

/* The first present key >= index in the model, or -1. */
static long model_next(u32 index)
{
	long best = -1;

	for (unsigned i = 0; i < SLOTS; i++)
		if (present[i] && keys[i] >= index && (best < 0 || keys[i] < keys[best]))
			best = i;
	return best;
}

static int test_random(void)
{
	struct radix_tree_root root = RADIX_TREE_INIT;

	host_mm_setup(4096, 8192, 8192);
	kmem_cache_init();
	srand(77);
	for (unsigned i = 0; i < SLOTS; i++) {
		/* mostly small indices (a file's first pages), some anywhere in 32 bits */
		keys[i] = (i % 4) ? (u32)(rand() % 5000) : ((u32)rand() << 1) ^ (u32)rand();
		for (unsigned j = 0; j < i; j++)
			if (keys[j] == keys[i]) {
				keys[i]++;                           /* keep keys distinct */
				j = (unsigned)-1;                    /* and check again from the start */
			}
		present[i] = false;
	}
	for (int step = 0; step < 20000; step++) {
		unsigned i = (unsigned)rand() % SLOTS;
		int op = rand() % 3;

		if (op == 0) {
			int err = radix_tree_insert(&root, keys[i], item(i));
			ST_ASSERT_EQ(err, present[i] ? -EEXIST : 0);
			present[i] = true;
		} else if (op == 1) {
			ST_ASSERT(radix_tree_delete(&root, keys[i]) == (present[i] ? item(i) : NULL));
			present[i] = false;
		} else {
			u32 index = keys[i] - (u32)(rand() % 3);
			long want = model_next(index);
			void *got = radix_tree_next(&root, &index);
			ST_ASSERT(got == (want < 0 ? NULL : item((unsigned)want)));
			if (want >= 0)
				ST_ASSERT_EQ(index, keys[want]);
		}
		ST_ASSERT(radix_tree_lookup(&root, keys[i]) == (present[i] ? item(i) : NULL));
	}
	for (unsigned i = 0; i < SLOTS; i++)
		if (present[i])
			ST_ASSERT(radix_tree_delete(&root, keys[i]) == item(i));
	ST_ASSERT(root.rnode == NULL);
	ST_ASSERT_EQ(root.nodes, 0ul);                       /* every node was freed */
	return 0;
}
SELFTEST("radix_tree.random", test_random, 0);

/* A file of n pages: one node up to 64 pages, a second level after that. */
static int test_height(void)
{
	struct radix_tree_root root = RADIX_TREE_INIT;

	host_mm_setup(4096, 8192, 8192);
	kmem_cache_init();
	for (u32 i = 0; i < 64; i++)
		ST_ASSERT_EQ(radix_tree_insert(&root, i, item(i)), 0);
	ST_ASSERT_EQ(root.nodes, 1ul);
	ST_ASSERT_EQ(radix_tree_insert(&root, 64, item(64)), 0);
	ST_ASSERT_EQ(root.nodes, 3ul);                       /* a new root above two leaves */
	ST_ASSERT(radix_tree_delete(&root, 64) == item(64));
	ST_ASSERT_EQ(root.nodes, 1ul);                       /* and shrunk back */
	for (u32 i = 0; i < 64; i++)
		ST_ASSERT(radix_tree_delete(&root, i) == item(i));
	ST_ASSERT_EQ(root.nodes, 0ul);
	return 0;
}
SELFTEST("radix_tree.height", test_height, 0);
