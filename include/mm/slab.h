/*
 * The slab allocator: small objects carved out of pages from the buddy allocator.
 *
 * A cache holds objects of one size. Each slab (2^order pages) starts with a bitmap of which
 * objects are handed out, followed by the objects; free objects are chained through their first
 * word. Freed objects are filled with POISON_FREE, and the poison is checked when the object is
 * handed out again, so writes after kfree are caught; the bitmap catches double frees.
 *
 *   +--------+--------+--------+--------+-----+--------+
 *   | bitmap | obj 0  | obj 1  | obj 2  | ... | obj n-1|   one slab
 *   +--------+--------+--------+--------+-----+--------+
 */
#pragma once
#include <types.h>
#include <kernel/list.h>
#include <mm/gfp.h>

#define POISON_FREE 0x6b        /* fills freed objects (Linux's value) */
#define ZERO_SIZE_PTR ((void *)16) /* kmalloc(0): not NULL, but must not be touched */
#define KMALLOC_MAX_CACHE_SIZE 4096 /* bigger kmalloc requests go to the buddy allocator */

struct kmem_cache {
	const char *name;
	unsigned object_size;       /* what the user asked for */
	unsigned stride;            /* distance between objects: size rounded up to alignment */
	unsigned align;
	unsigned order;             /* each slab is 2^order pages */
	unsigned objects;           /* per slab */
	unsigned offset;            /* where object 0 starts in a slab (after the bitmap) */
	u32 reciprocal_stride;      /* ceil(2^32 / stride): index = offset * this >> 32, no divide */
	struct list_head partial;   /* slabs with at least one free object */
	struct list_head full;      /* slabs with none */
	unsigned long nr_slabs;
	unsigned long nr_inuse;     /* objects handed out */
	struct list_head list;      /* in the list of all caches */
};

/* Create a cache of objects of size bytes aligned to align (0: 8). NULL on failure. */
struct kmem_cache *kmem_cache_create(const char *name, unsigned size, unsigned align);
void *kmem_cache_alloc(struct kmem_cache *cache, gfp_t gfp);
void kmem_cache_free(struct kmem_cache *cache, void *obj);

/* Any size: 1..4096 bytes from the kmalloc-N caches, larger straight from the buddy allocator. */
void *kmalloc(size_t size, gfp_t gfp);
void *kzalloc(size_t size, gfp_t gfp);
void kfree(const void *obj);

/* Set up the kmalloc caches. Called once after the buddy allocator has memory. */
void kmem_cache_init(void);

/* Every cache, as Linux's /proc/slabinfo (version 2.1) shows them. */
struct seq_buf;
void show_slabinfo(struct seq_buf *s);

/* Errors caught (double free, foreign object, write after free), for tests. */
extern unsigned long slab_error_count;
extern unsigned long nr_slab_pages;      /* pages the slab allocator holds (Slab in /proc/meminfo) */
