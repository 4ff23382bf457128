/*
 * A radix tree: a sparse array from an index (a page number in a file) to a pointer, the index
 * behind every page cache (Linux's radix tree, today its XArray). Each node holds 64 slots and
 * covers 6 bits of the index; the tree is only as tall as its largest index needs, so a small
 * file's pages hang directly off one node. Lookup, insert and delete cost one step per level.
 */
#pragma once
#include <types.h>

#define RADIX_TREE_MAP_SHIFT 6
#define RADIX_TREE_MAP_SIZE (1u << RADIX_TREE_MAP_SHIFT)

struct radix_tree_node {
	unsigned shift;                   /* bits of the index below this node's slots */
	unsigned count;                   /* slots in use */
	void *slots[RADIX_TREE_MAP_SIZE];
};

struct radix_tree_root {
	struct radix_tree_node *rnode;    /* NULL: empty */
	unsigned long nodes;              /* nodes allocated (memory the index itself costs) */
};

#define RADIX_TREE_INIT { NULL, 0 }

void *radix_tree_lookup(const struct radix_tree_root *root, u32 index);
/* 0, -EEXIST (the slot is taken) or -ENOMEM (nothing changed). item must not be NULL. */
int radix_tree_insert(struct radix_tree_root *root, u32 index, void *item);
/* Remove and return the item at index (NULL if none); empty nodes are freed. */
void *radix_tree_delete(struct radix_tree_root *root, u32 index);
/* The first item at an index >= *index, which is set to its index; NULL if none. */
void *radix_tree_next(const struct radix_tree_root *root, u32 *index);
