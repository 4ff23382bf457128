/* The slab allocator (mm/slab.c) on a fake machine. */
#include <stdlib.h>
#include <string.h>
#include <kernel/selftest.h>
#include "fake_kernel.h"
#include <mm/slab.h>
#include <mm/page.h>
#include <mm/mmzone.h>

static void setup(void)
{
	host_mm_setup(4096, 8192, 8192);
	kmem_cache_init();
}

/* Objects are distinct, aligned, inside slab pages; freeing everything returns all slabs but one. */
static int test_cache_many_objects(void)
{
	enum { N = 1000 };
	static void *obj[N];
	struct kmem_cache *c;
	unsigned long free_start;

	setup();
	c = kmem_cache_create("test-40", 40, 0);
	ST_ASSERT(c != NULL);
	ST_ASSERT_EQ(c->stride, 40);
	free_start = nr_free_pages();
	for (int i = 0; i < N; i++) {
		obj[i] = kmem_cache_alloc(c, GFP_KERNEL);
		ST_ASSERT(obj[i] != NULL);
		ST_ASSERT_EQ((unsigned long)obj[i] & 7, 0);
		ST_ASSERT(PageSlab(virt_to_page(obj[i])));
		memset(obj[i], i & 0xff, 40);
	}
	ST_ASSERT_EQ(c->nr_inuse, N);
	ST_ASSERT_EQ(c->nr_slabs, (N + c->objects - 1) / c->objects);
	for (int i = 0; i < N; i++) {
		const u8 *p = obj[i];
		for (int b = 0; b < 40; b++)
			ST_ASSERT_EQ(p[b], i & 0xff);   /* no two objects overlap */
		kmem_cache_free(c, obj[i]);
	}
	ST_ASSERT_EQ(c->nr_inuse, 0);
	ST_ASSERT_EQ(c->nr_slabs, 1);
	ST_ASSERT_EQ(nr_free_pages(), free_start - 1);
	return 0;
}
SELFTEST("slab.cache_many_objects", test_cache_many_objects, 0);

/* Random kmalloc/kfree of every size against a reference: contents survive, nothing leaks. */
static int test_kmalloc_random(void)
{
	enum { SLOTS = 300 };
	struct { u8 *p; unsigned size; u8 tag; } s[SLOTS] = { { 0 } };
	unsigned long free_start, errors = slab_error_count;

	setup();
	free_start = nr_free_pages();
	srand(7);
	for (int step = 0; step < 20000; step++) {
		int i = rand() % SLOTS;
		if (s[i].p) {
			for (unsigned b = 0; b < s[i].size; b += 61)
				ST_ASSERT_EQ(s[i].p[b], s[i].tag);
			kfree(s[i].p);
			s[i].p = NULL;
		} else {
			s[i].size = 1 + rand() % (rand() % 8 ? 512 : 9000);
			s[i].tag = (u8)rand();
			s[i].p = kmalloc(s[i].size, GFP_KERNEL);
			ST_ASSERT(s[i].p != NULL);
			memset(s[i].p, s[i].tag, s[i].size);
		}
	}
	for (int i = 0; i < SLOTS; i++)
		kfree(s[i].p);
	ST_ASSERT_EQ(slab_error_count, errors);
	/* at most one kept slab per cache: order 0 for small caches, up to order 3 */
	ST_ASSERT(free_start - nr_free_pages() <= 12 * 8);
	return 0;
}
SELFTEST("slab.kmalloc_random", test_kmalloc_random, 0);

static int test_kmalloc_classes(void)
{
	void *p;

	setup();
	p = kmalloc(65, GFP_KERNEL);
	ST_ASSERT(strcmp(virt_to_page(p)->slab_cache->name, "kmalloc-96") == 0);
	kfree(p);
	p = kmalloc(4096, GFP_KERNEL);
	ST_ASSERT(strcmp(virt_to_page(p)->slab_cache->name, "kmalloc-4k") == 0);
	ST_ASSERT_EQ((unsigned long)p & 4095, 0);
	kfree(p);
	p = kmalloc(4097, GFP_KERNEL);            /* beyond the caches: an order-1 block */
	ST_ASSERT(!PageSlab(virt_to_page(p)) && PageHead(virt_to_page(p)));
	ST_ASSERT_EQ(virt_to_page(p)->private, 1);
	kfree(p);
	ST_ASSERT(kmalloc(0, GFP_KERNEL) == ZERO_SIZE_PTR);
	p = kzalloc(200, GFP_KERNEL);
	for (int i = 0; i < 200; i++)
		ST_ASSERT_EQ(((u8 *)p)[i], 0);
	kfree(p);
	return 0;
}
SELFTEST("slab.kmalloc_classes", test_kmalloc_classes, 0);

/* Double free, a foreign pointer, a write after free: each reported, nothing corrupted. */
static int test_errors(void)
{
	struct kmem_cache *a, *b;
	u8 *x, *y;
	unsigned long err;

	setup();
	a = kmem_cache_create("a", 32, 0);
	b = kmem_cache_create("b", 32, 0);
	x = kmem_cache_alloc(a, GFP_KERNEL);
	err = slab_error_count;
	host_log_clear();
	kmem_cache_free(b, x);
	ST_ASSERT(strstr(host_log, "does not belong to this cache") != NULL);
	kmem_cache_free(a, x + 4);
	ST_ASSERT(strstr(host_log, "not the start of an object") != NULL);
	kmem_cache_free(a, x);
	kmem_cache_free(a, x);
	ST_ASSERT(strstr(host_log, "double free") != NULL);
	ST_ASSERT_EQ(slab_error_count - err, 3);
	ST_ASSERT_EQ(x[20], POISON_FREE);
	x[20] = 0;                                /* write after free */
	y = kmem_cache_alloc(a, GFP_KERNEL);
	ST_ASSERT(y == x);
	ST_ASSERT(strstr(host_log, "written after it was freed") != NULL);
	ST_ASSERT_EQ(slab_error_count - err, 4);
	kfree((void *)(host_phys_base + 5000 * 4096 + 12)); /* a page kmalloc never gave out */
	ST_ASSERT_EQ(slab_error_count - err, 5);
	ST_ASSERT_EQ(a->nr_inuse, 1);
	return 0;
}
SELFTEST("slab.errors", test_errors, 0);

/* Slab geometry: the bitmap and the objects fit, waste stays within 1/8 where possible. */
static int test_geometry(void)
{
	static const unsigned sizes[] = { 8, 24, 40, 96, 192, 500, 1000, 2048, 3000, 4096 };

	setup();
	for (unsigned i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
		struct kmem_cache *c = kmem_cache_create("g", sizes[i], 0);
		unsigned bytes = PAGE_SIZE << c->order;
		ST_ASSERT(c->objects > 0);
		ST_ASSERT(c->offset * 8 >= c->objects);          /* room for the bitmap */
		ST_ASSERT(c->offset + c->objects * c->stride <= bytes);
		ST_ASSERT(c->order <= 3);
	}
	return 0;
}
SELFTEST("slab.geometry", test_geometry, 0);
