/*
 * Where malloc's memory comes from ("malloc 是如何分配内存的": how malloc gets memory): small blocks
 * from the brk heap just above the program, large ones (128 KiB and more) from mmap, high up
 * below the stack; and memory becomes real only when touched.
 */
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

extern char _end[];                      /* the end of the program's .bss, from the linker */

static void show(const char *what, void *p, size_t n)
{
	struct malloc_info mi;

	malloc_get_info(&mi);
	printf("%-22s %7zu bytes at %p  (%s)\n", what, n, p,
	       (unsigned long)p >= mi.heap_start && (unsigned long)p < mi.heap_end
		       ? "brk heap" : "mmap area");
}

int main(void)
{
	struct malloc_info mi;
	void *small, *medium, *large;

	printf("program ends at         %p; the break is %p\n", (void *)_end, sbrk(0));
	small = malloc(64);
	show("malloc(64)", small, 64);
	medium = malloc(100 * 1024);
	show("malloc(100 KiB)", medium, 100 * 1024);
	large = malloc(256 * 1024);
	show("malloc(256 KiB)", large, 256 * 1024);
	malloc_get_info(&mi);
	printf("heap: %p-%p after %lu brk calls; %lu mmap calls\n", (void *)mi.heap_start,
	       (void *)mi.heap_end, mi.brk_calls, mi.mmap_calls);
	free(large);
	malloc_get_info(&mi);
	printf("free(256 KiB) gave it back with munmap (%lu munmap calls)\n", mi.munmap_calls);
	free(medium);
	free(small);
	return 0;
}
