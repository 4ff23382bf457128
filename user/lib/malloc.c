/*
 * malloc with glibc's policy, so how malloc gets its memory (brk or mmap) can be watched:
 *   - a request of MMAP_THRESHOLD (128 KiB) or more gets its own mmap, returned to the kernel
 *     by munmap on free;
 *   - smaller requests come from the brk heap: a first-fit free list, blocks split on malloc
 *     and merged with free neighbours on free; the heap grows with brk (sbrk) when no free block
 *     fits, and gives its top back with brk when the last block is freed.
 *
 * Block layout: a header (size, flags) then the user's bytes, 8-byte aligned.
 */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define ALIGNMENT 8
#define HDR sizeof(struct block)
#define HEAP_GROW (64 * 1024)        /* grow the heap at least this much at a time */
#define HEAP_TRIM (128 * 1024)       /* give the top back when this much is free (M_TRIM_THRESHOLD) */

struct block {
	size_t size;                 /* bytes after the header */
	unsigned free : 1, mmapped : 1;
	struct block *next;          /* address order: the heap's blocks, free or not */
};

static struct block *heap_first, *heap_last;
static unsigned long heap_start, heap_end;
static struct malloc_info stats;

static size_t round_up(size_t n)
{
	return (n + ALIGNMENT - 1) & ~(size_t)(ALIGNMENT - 1);
}

static void *mmap_chunk(size_t n)
{
	size_t len = (n + HDR + 4095) & ~(size_t)4095;
	struct block *b = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	if (b == MAP_FAILED)
		return NULL;
	stats.mmap_calls++;
	b->size = len - HDR;
	b->free = 0;
	b->mmapped = 1;
	b->next = NULL;
	return b + 1;
}

/* Split b so that it holds exactly n bytes, when the rest is worth a block. */
static void split(struct block *b, size_t n)
{
	struct block *rest;

	if (b->size < n + HDR + ALIGNMENT)
		return;
	rest = (struct block *)((char *)(b + 1) + n);
	rest->size = b->size - n - HDR;
	rest->free = 1;
	rest->mmapped = 0;
	rest->next = b->next;
	b->next = rest;
	b->size = n;
	if (heap_last == b)
		heap_last = rest;
}

/* Add at least n bytes to the heap with brk; the new space becomes a free block (merged). */
static struct block *grow_heap(size_t n)
{
	size_t want = round_up(n + HDR);
	struct block *b;

	if (want < HEAP_GROW)
		want = HEAP_GROW;
	if (!heap_start)
		heap_start = heap_end = (unsigned long)sbrk(0);
	if (sbrk((long)want) == (void *)-1)
		return NULL;
	stats.brk_calls++;
	if (heap_last && heap_last->free) {       /* extend the free block at the top */
		heap_last->size += want;
		heap_end += want;
		return heap_last;
	}
	b = (struct block *)heap_end;
	b->size = want - HDR;
	b->free = 1;
	b->mmapped = 0;
	b->next = NULL;
	if (heap_last)
		heap_last->next = b;
	else
		heap_first = b;
	heap_last = b;
	heap_end += want;
	return b;
}

void *malloc(size_t n)
{
	struct block *b;

	if (n == 0)
		n = 1;
	if (n >= MMAP_THRESHOLD)
		return mmap_chunk(n);
	n = round_up(n);
	for (b = heap_first; b; b = b->next)
		if (b->free && b->size >= n)
			break;
	if (!b && !(b = grow_heap(n)))
		return NULL;
	split(b, n);
	b->free = 0;
	stats.heap_in_use += b->size;
	return b + 1;
}

/* Merge every free block with a free block right after it; give back a big free top. */
static void coalesce_and_trim(void)
{
	for (struct block *b = heap_first; b; b = b->next) {
		while (b->free && b->next && b->next->free) {
			if (heap_last == b->next)
				heap_last = b;
			b->size += HDR + b->next->size;
			b->next = b->next->next;
		}
	}
	if (heap_last && heap_last->free && heap_last->size >= HEAP_TRIM) {
		unsigned long top = (unsigned long)(heap_last + 1);     /* keep the header's page */
		top = (top + 4095) & ~4095ul;
		if (top < heap_end && brk((void *)top) == 0) {
			stats.brk_calls++;
			heap_last->size = top - (unsigned long)(heap_last + 1);
			heap_end = top;
		}
	}
}

void free(void *p)
{
	struct block *b;

	if (!p)
		return;
	b = (struct block *)p - 1;
	if (b->mmapped) {
		munmap(b, b->size + HDR);
		stats.munmap_calls++;
		return;
	}
	b->free = 1;
	stats.heap_in_use -= b->size;
	coalesce_and_trim();
}

void *calloc(size_t n, size_t size)
{
	size_t total = n * size;
	void *p;

	if (size && total / size != n)
		return NULL;
	p = malloc(total);
	if (p)
		memset(p, 0, total);
	return p;
}

void *realloc(void *p, size_t n)
{
	struct block *b;
	void *q;

	if (!p)
		return malloc(n);
	b = (struct block *)p - 1;
	if (b->size >= n)
		return p;
	q = malloc(n);
	if (q) {
		memcpy(q, p, b->size);
		free(p);
	}
	return q;
}

void malloc_get_info(struct malloc_info *info)
{
	*info = stats;
	info->heap_start = heap_start;
	info->heap_end = heap_end;
}
