/*
 * Slab allocator (see include/mm/slab.h for the slab layout). Compiles for the host too
 * (tests/host/test_slab.c).
 */
#include <mm/slab.h>
#include <kernel/seq_buf.h>
#include <mm/page.h>
#include <mm/mmzone.h>
#include <kernel/printk.h>
#include <kernel/string.h>
#include <asm/x86.h>

#define MAX_SLAB_ORDER 3

unsigned long slab_error_count;
static struct list_head slab_caches = LIST_HEAD_INIT(slab_caches);

/* kmalloc size classes, as in Linux: powers of two plus 96 and 192. */
static const unsigned kmalloc_sizes[] = { 8, 16, 32, 64, 96, 128, 192, 256, 512, 1024, 2048, 4096 };
static const char *const kmalloc_names[] = {
	"kmalloc-8", "kmalloc-16", "kmalloc-32", "kmalloc-64", "kmalloc-96", "kmalloc-128",
	"kmalloc-192", "kmalloc-256", "kmalloc-512", "kmalloc-1k", "kmalloc-2k", "kmalloc-4k",
};
static struct kmem_cache kmalloc_caches[ARRAY_SIZE(kmalloc_sizes)];

/*
 * Linux's size_index: for requests up to 192 bytes, the kmalloc cache by (size - 1) / 8, so
 * the common small sizes need no search. Filled by kmem_cache_init.
 */
static u8 size_index[24];
static struct kmem_cache cache_cache;   /* the cache of struct kmem_cache itself */

static void slab_error(struct kmem_cache *cache, const void *obj, const char *what)
{
	slab_error_count++;
	pr_err("BUG %s: %s (object %p)\n", cache ? cache->name : "kfree", what, obj);
	dump_stack();
}

/* ---------------------------------------------------------------- geometry */

static unsigned bitmap_bytes(unsigned objects)
{
	return ALIGN((objects + 7) / 8, 4u);
}

/* How many objects fit in a slab of 2^order pages, and where the first starts. */
static void slab_geometry(struct kmem_cache *c, unsigned order)
{
	unsigned bytes = PAGE_SIZE << order;
	unsigned n = bytes * 8 / (c->stride * 8 + 1);

	while (n && ALIGN(bitmap_bytes(n), c->align) + n * c->stride > bytes)
		n--;
	c->order = order;
	c->objects = n;
	c->offset = ALIGN(bitmap_bytes(n), c->align);
}

/* The smallest slab order that wastes at most 1/8 of the slab (Linux's rule of thumb). */
static void calculate_sizes(struct kmem_cache *c)
{
	for (unsigned order = 0; order <= MAX_SLAB_ORDER; order++) {
		unsigned bytes = PAGE_SIZE << order;
		slab_geometry(c, order);
		if (c->objects && (bytes - c->objects * c->stride) * 8 <= bytes)
			return;
	}
	slab_geometry(c, MAX_SLAB_ORDER);
}

static void cache_init(struct kmem_cache *c, const char *name, unsigned size, unsigned align)
{
	memset(c, 0, sizeof(*c));
	c->name = name;
	c->object_size = size;
	c->align = align ? align : 8;
	c->stride = ALIGN(max(size, (unsigned)sizeof(void *)), c->align);
	/* exact for every offset in a slab: offset * stride < 2^32 (32 KiB * 4 KiB) */
	u64 reciprocal = 0x100000000ull + c->stride - 1;
	div64_u32_rem(&reciprocal, c->stride);
	c->reciprocal_stride = (u32)reciprocal;
	INIT_LIST_HEAD(&c->partial);
	INIT_LIST_HEAD(&c->full);
	calculate_sizes(c);
	list_add_tail(&c->list, &slab_caches);
}

/* ---------------------------------------------------------------- slabs */

static u32 *slab_bitmap(struct page *slab)
{
	return page_address(slab);
}

/* Index of the object at byte offset off from the first object (division by multiplication). */
static unsigned obj_index(const struct kmem_cache *c, unsigned long off)
{
	return (unsigned)(((u64)off * c->reciprocal_stride) >> 32);
}

static void *slab_object(struct kmem_cache *c, struct page *slab, unsigned i)
{
	return (char *)page_address(slab) + c->offset + i * c->stride;
}

/* Fill an object with poison and link it in front of the slab's free list. */
static void free_object(struct kmem_cache *c, struct page *slab, void *obj)
{
	memset(obj, POISON_FREE, c->object_size);
	*(void **)obj = slab->freelist;
	slab->freelist = obj;
}

unsigned long nr_slab_pages;            /* Slab in /proc/meminfo */

static struct page *new_slab(struct kmem_cache *c, gfp_t gfp)
{
	struct page *slab = alloc_pages(gfp & ~(__GFP_HIGHMEM | __GFP_ZERO), c->order);

	if (!slab)
		return NULL;
	for (unsigned long i = 0; i < (1ul << c->order); i++) {
		SetPageSlab(&slab[i]);
		slab[i].slab_cache = c;  /* every page names its cache, so kfree finds it */
	}
	slab->freelist = NULL;
	slab->inuse = 0;
	slab->objects = c->objects;
	memset(slab_bitmap(slab), 0, bitmap_bytes(c->objects));
	for (unsigned i = c->objects; i-- > 0;)
		free_object(c, slab, slab_object(c, slab, i));
	list_add(&slab->lru, &c->partial);
	c->nr_slabs++;
	nr_slab_pages += 1ul << c->order;
	return slab;
}

static void discard_slab(struct kmem_cache *c, struct page *slab)
{
	list_del(&slab->lru);
	for (unsigned long i = 0; i < (1ul << c->order); i++) {
		ClearPageSlab(&slab[i]);
		slab[i].slab_cache = NULL;
	}
	slab->freelist = NULL;
	slab->private = c->order;   /* the union with inuse/objects: give the buddy its order back */
	c->nr_slabs--;
	nr_slab_pages -= 1ul << c->order;
	__free_pages(slab, c->order);
}

/*
 * Report bytes of a free object that are no longer poison: someone wrote after kfree. The
 * first word holds the free-list link; the rest is compared a word at a time.
 */
static void check_object_poison(struct kmem_cache *c, const void *obj)
{
	const u8 *p = obj;
	unsigned i = sizeof(void *), words_end = c->object_size & ~3u;
	bool bad = false;

	for (; i < words_end; i += 4)
		bad |= *(const u32 *)(p + i) != POISON_FREE * 0x01010101u;
	for (; i < c->object_size; i++)
		bad |= p[i] != POISON_FREE;
	if (bad)
		slab_error(c, obj, "object was written after it was freed");
}

/* ---------------------------------------------------------------- alloc and free */

void *kmem_cache_alloc(struct kmem_cache *c, gfp_t gfp)
{
	struct page *slab;
	void *obj;
	unsigned idx;
	u32 flags = local_irq_save();

	if (list_empty(&c->partial) && !new_slab(c, gfp)) {
		local_irq_restore(flags);
		return NULL;
	}
	slab = list_first_entry(&c->partial, struct page, lru);
	obj = slab->freelist;
	slab->freelist = *(void **)obj;
	idx = obj_index(c, (unsigned long)((char *)obj - (char *)page_address(slab)) - c->offset);
	slab_bitmap(slab)[idx / 32] |= 1u << (idx % 32);
	if (++slab->inuse == slab->objects) {
		list_del(&slab->lru);
		list_add(&slab->lru, &c->full);
	}
	c->nr_inuse++;
	local_irq_restore(flags);
	check_object_poison(c, obj);
	if (gfp & __GFP_ZERO)
		memset(obj, 0, c->object_size);
	else
		*(u32 *)obj = POISON_FREE * 0x01010101u; /* hide the free-list link */
	return obj;
}

/* Find the slab (head page) holding obj and the object's index; false if obj is not one. */
static bool object_slab(struct kmem_cache *c, struct page *page, const void *obj,
			struct page **slabp, unsigned *idxp)
{
	struct page *slab = page - (page_to_pfn(page) & ((1ul << c->order) - 1));
	unsigned long off = (unsigned long)((const char *)obj - (char *)page_address(slab));
	unsigned idx;

	if (off < c->offset)
		return false;
	idx = obj_index(c, off - c->offset);
	if (idx >= c->objects || off - c->offset != idx * c->stride)
		return false;
	*slabp = slab;
	*idxp = idx;
	return true;
}

/* Could p be a direct-map (lowmem) address at all? */
static bool in_direct_map(const void *p)
{
	return (unsigned long)__pa(p) < (unsigned long)max_low_pfn << PAGE_SHIFT;
}

/* Free obj, which lies in page, a page of one of c's slabs. */
static void slab_free(struct kmem_cache *c, struct page *page, void *obj)
{
	struct page *slab;
	unsigned idx;
	u32 *word, bit, flags;

	if (!object_slab(c, page, obj, &slab, &idx)) {
		slab_error(c, obj, "pointer is not the start of an object");
		return;
	}
	word = &slab_bitmap(slab)[idx / 32];
	bit = 1u << (idx % 32);
	if (!(*word & bit)) {
		slab_error(c, obj, "double free");
		return;
	}
	flags = local_irq_save();
	*word &= ~bit;
	free_object(c, slab, obj);
	c->nr_inuse--;
	if (slab->inuse-- == slab->objects) {      /* was full: it has room again */
		list_del(&slab->lru);
		list_add(&slab->lru, &c->partial);
	}
	/* An empty slab goes back to the buddy allocator unless it is the cache's last one. */
	if (slab->inuse == 0 && c->partial.next->next != &c->partial)
		discard_slab(c, slab);
	local_irq_restore(flags);
}

void kmem_cache_free(struct kmem_cache *c, void *obj)
{
	struct page *page;

	if (!in_direct_map(obj)) {
		slab_error(c, obj, "pointer is not in the direct map");
		return;
	}
	page = virt_to_page(obj);
	if (!PageSlab(page) || page->slab_cache != c) {
		slab_error(c, obj, "freed object does not belong to this cache");
		return;
	}
	slab_free(c, page, obj);
}

struct kmem_cache *kmem_cache_create(const char *name, unsigned size, unsigned align)
{
	struct kmem_cache *c;

	if (size == 0 || size > KMALLOC_MAX_CACHE_SIZE || (align & (align - 1)))
		return NULL;
	c = kmem_cache_alloc(&cache_cache, GFP_KERNEL);
	if (c)
		cache_init(c, name, size, align);
	return c;
}

/* ---------------------------------------------------------------- kmalloc */

static struct kmem_cache *kmalloc_slab(size_t size)
{
	if (size <= 192)
		return &kmalloc_caches[size_index[(size - 1) / 8]];
	for (unsigned i = 0; i < ARRAY_SIZE(kmalloc_sizes); i++)
		if (size <= kmalloc_sizes[i])
			return &kmalloc_caches[i];
	return NULL;
}

static unsigned get_order(size_t size)
{
	unsigned order = 0;

	while (((size_t)PAGE_SIZE << order) < size)
		order++;
	return order;
}

void *kmalloc(size_t size, gfp_t gfp)
{
	struct kmem_cache *c;
	struct page *page;

	if (size == 0)
		return ZERO_SIZE_PTR;
	c = kmalloc_slab(size);
	if (c)
		return kmem_cache_alloc(c, gfp & ~__GFP_HIGHMEM);
	if (get_order(size) >= MAX_ORDER)
		return NULL;
	page = alloc_pages(gfp & ~__GFP_HIGHMEM, get_order(size));
	return page ? page_address(page) : NULL;
}

void *kzalloc(size_t size, gfp_t gfp)
{
	return kmalloc(size, gfp | __GFP_ZERO);
}

void kfree(const void *obj)
{
	struct page *page;

	if (obj == NULL || obj == ZERO_SIZE_PTR)
		return;
	if (!in_direct_map(obj)) {
		slab_error(NULL, obj, "pointer is not in the direct map");
		return;
	}
	page = virt_to_page(obj);
	if (PageSlab(page))
		slab_free(page->slab_cache, page, (void *)obj);
	else if (PageHead(page) && page_address(page) == obj)
		__free_pages(page, page->private);
	else
		slab_error(NULL, obj, "pointer was not returned by kmalloc");
}

/* ---------------------------------------------------------------- setup and report */

void kmem_cache_init(void)
{
	INIT_LIST_HEAD(&slab_caches);
	cache_init(&cache_cache, "kmem_cache", sizeof(struct kmem_cache), 0);
	for (unsigned i = 0; i < ARRAY_SIZE(kmalloc_sizes); i++) {
		unsigned size = kmalloc_sizes[i];
		/* power-of-two sizes are aligned to their size, as Linux guarantees */
		cache_init(&kmalloc_caches[i], kmalloc_names[i], size, (size & (size - 1)) ? 8 : size);
	}
	for (unsigned i = 0, c = 0; i < ARRAY_SIZE(size_index); i++) {
		while (kmalloc_sizes[c] < (i + 1) * 8)
			c++;
		size_index[i] = (u8)c;
	}
}

void show_slabinfo(struct seq_buf *s)
{
	struct kmem_cache *c;

	seq_buf_printf(s, "slabinfo - version: 2.1\n");
	seq_buf_printf(s, "# name            <active_objs> <num_objs> <objsize> <objperslab> <pagesperslab>"
		       " : tunables <limit> <batchcount> <sharedfactor> : slabdata <active_slabs> <num_slabs> <sharedavail>\n");
	list_for_each_entry(c, &slab_caches, list)
		seq_buf_printf(s, "%-17s %13lu %10lu %9u %12u %14u : tunables %4u %4u %4u : slabdata %6lu %6lu %6u\n",
			       c->name, c->nr_inuse, c->nr_slabs * c->objects, c->object_size, c->objects,
			       1u << c->order, 0u, 0u, 0u, c->nr_slabs, c->nr_slabs, 0u);
}
