/*
 * The radix tree behind the page cache (include/mm/radix_tree.h). Compiles for the host:
 * tests/host/test_radix_tree.c checks it against a plain array.
 */
#include <mm/radix_tree.h>
#include <mm/slab.h>
#include <kernel/string.h>
#include <linux/errno.h>

static struct radix_tree_node *node_alloc(struct radix_tree_root *root, unsigned shift)
{
	struct radix_tree_node *n = kzalloc(sizeof(*n), GFP_KERNEL);

	if (n) {
		n->shift = shift;
		root->nodes++;
	}
	return n;
}

static void node_free(struct radix_tree_root *root, struct radix_tree_node *n)
{
	kfree(n);
	root->nodes--;
}

/* The largest index a tree whose root node has this shift can hold. */
static u64 max_index(unsigned shift)
{
	return (1ull << (shift + RADIX_TREE_MAP_SHIFT)) - 1;
}

static unsigned slot_of(const struct radix_tree_node *n, u32 index)
{
	return (index >> n->shift) & (RADIX_TREE_MAP_SIZE - 1);
}

void *radix_tree_lookup(const struct radix_tree_root *root, u32 index)
{
	const struct radix_tree_node *n = root->rnode;

	if (!n || index > max_index(n->shift))
		return NULL;
	for (;;) {
		void *slot = n->slots[slot_of(n, index)];
		if (n->shift == 0 || !slot)
			return slot;
		n = slot;
	}
}

int radix_tree_insert(struct radix_tree_root *root, u32 index, void *item)
{
	struct radix_tree_node *n;

	if (!root->rnode && !(root->rnode = node_alloc(root, 0)))
		return -ENOMEM;
	/* grow upward until the root covers index: the old root becomes slot 0 of a new one */
	while (index > max_index(root->rnode->shift)) {
		struct radix_tree_node *top = node_alloc(root, root->rnode->shift + RADIX_TREE_MAP_SHIFT);
		if (!top)
			return -ENOMEM;
		if (root->rnode->count) {
			top->slots[0] = root->rnode;
			top->count = 1;
		} else {
			node_free(root, root->rnode);
		}
		root->rnode = top;
	}
	for (n = root->rnode; n->shift; ) {
		unsigned s = slot_of(n, index);
		if (!n->slots[s]) {
			struct radix_tree_node *child = node_alloc(root, n->shift - RADIX_TREE_MAP_SHIFT);
			if (!child)
				return -ENOMEM;     /* an empty child left behind costs a node, no harm */
			n->slots[s] = child;
			n->count++;
		}
		n = n->slots[s];
	}
	if (n->slots[slot_of(n, index)])
		return -EEXIST;
	n->slots[slot_of(n, index)] = item;
	n->count++;
	return 0;
}

void *radix_tree_delete(struct radix_tree_root *root, u32 index)
{
	struct radix_tree_node *path[6];
	unsigned depth = 0;
	struct radix_tree_node *n = root->rnode;
	void *item;

	if (!n || index > max_index(n->shift))
		return NULL;
	for (;;) {
		path[depth++] = n;
		if (n->shift == 0)
			break;
		n = n->slots[slot_of(n, index)];
		if (!n)
			return NULL;
	}
	item = n->slots[slot_of(n, index)];
	if (!item)
		return NULL;
	/* clear the slot, then free each node it leaves empty, bottom up */
	while (depth--) {
		n = path[depth];
		n->slots[slot_of(n, index)] = NULL;
		if (--n->count)
			break;
		if (depth == 0)
			root->rnode = NULL;
		node_free(root, n);
	}
	/* shrink: a root whose only child is slot 0 hands the tree to that child */
	while (root->rnode && root->rnode->shift && root->rnode->count == 1 && root->rnode->slots[0]) {
		struct radix_tree_node *top = root->rnode;
		root->rnode = top->slots[0];
		node_free(root, top);
	}
	return item;
}

/* The first item at an index >= *index below n, whose first index is base. */
static void *next_in(const struct radix_tree_node *n, u64 base, u32 *index)
{
	u64 step = 1ull << n->shift;
	unsigned s = *index > base ? (unsigned)((*index - base) >> n->shift) : 0;

	for (; s < RADIX_TREE_MAP_SIZE; s++) {
		u64 start = base + s * step;
		void *slot = n->slots[s];
		if (!slot)
			continue;
		if (n->shift == 0) {
			*index = (u32)start;
			return slot;
		}
		if (start < *index) {               /* the child holding *index: search from it */
			void *item = next_in(slot, start, index);
			if (item)
				return item;
		} else {
			u32 from = (u32)start;
			void *item = next_in(slot, start, &from);
			if (item) {
				*index = from;
				return item;
			}
		}
	}
	return NULL;
}

void *radix_tree_next(const struct radix_tree_root *root, u32 *index)
{
	const struct radix_tree_node *n = root->rnode;

	if (!n || *index > max_index(n->shift))
		return NULL;
	return next_in(n, 0, index);
}
