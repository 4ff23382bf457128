/* malloc with glibc's policy, exit, and small helpers. */
#pragma once
#include <stddef.h>

/* Requests of this size or more are served by mmap, smaller ones from the brk heap (glibc's M_MMAP_THRESHOLD). */
#define MMAP_THRESHOLD (128 * 1024)

void *malloc(size_t n);
void *calloc(size_t n, size_t size);
void *realloc(void *p, size_t n);
void free(void *p);
void exit(int code) __attribute__((noreturn));
int atoi(const char *s);
char *getenv(const char *name);

/* Where malloc's memory came from, for the memory demo. */
struct malloc_info {
	unsigned long heap_start, heap_end;   /* the brk heap */
	unsigned long brk_calls, mmap_calls, munmap_calls;
	unsigned long heap_in_use;            /* bytes handed out from the heap */
};
void malloc_get_info(struct malloc_info *info);
