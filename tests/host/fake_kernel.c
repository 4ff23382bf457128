/*
 * Host stand-ins for the kernel pieces the allocators call: printk, dump_stack, panic and
 * kmap_atomic. "Physical memory" is a page-aligned buffer; __va() adds its address (see
 * include/mm/layout.h under HOST_TEST), so HighMem pages can be "kmapped" directly.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <stdarg.h>
#include "fake_kernel.h"
#include <fs/fs.h>
#include <mm/shmem.h>
#include <linux/errno.h>
#include <kernel/printk.h>
#include <mm/page.h>
#include <mm/paging.h>
#include <mm/mmzone.h>
#include <mm/highmem.h>
#include <mm/memblock.h>

char *host_phys_base;
unsigned long max_pfn, max_low_pfn;
char host_log[8192];
static size_t host_phys_size;

void host_log_clear(void)
{
	host_log[0] = '\0';
}

int vprintk(const char *fmt, va_list ap)
{
	char line[512];
	int n;

	if (fmt[0] == '\001' && fmt[1])
		fmt += 2;                        /* the level marker */
	n = vsnprintf(line, sizeof(line), fmt, ap);
	if (strlen(host_log) + strlen(line) + 1 >= sizeof(host_log))
		host_log_clear();
	strcat(host_log, line);
	if (getenv("HOST_VERBOSE"))
		fputs(line, stdout);
	return n;
}

int printk(const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vprintk(fmt, ap);
	va_end(ap);
	return n;
}

void dump_stack(void)
{
}

void panic(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	fputs("panic: ", stderr);
	vfprintf(stderr, fmt, ap);
	fputs("\n", stderr);
	va_end(ap);
	abort();
}

/* HighMem pages are inside the buffer too, so "mapping" one is address arithmetic. */
unsigned kmap_atomic_depth;
unsigned long kmap_atomic_errors;

void *kmap_atomic_high(struct page *page)
{
	return __va(page_to_phys(page));
}

void kunmap_atomic_high(void *addr)
{
	(void)addr;                 /* (never called: the address is not a fixmap slot's) */
}

void host_mm_setup_empty(unsigned long dma_end, unsigned long normal_end, unsigned long high_end)
{
	unsigned long max_zone_pfn[MAX_NR_ZONES] = { dma_end, normal_end, high_end };
	size_t size = high_end * PAGE_SIZE;

	if (size > host_phys_size) {
		free(host_phys_base);
		host_phys_base = aligned_alloc(PAGE_SIZE, size);
		host_phys_size = size;
	}
	free(mem_map);
	mem_map = calloc(high_end, sizeof(struct page));
	if (!host_phys_base || !mem_map)
		panic("host_mm_setup: out of host memory");
	max_pfn = high_end;
	max_low_pfn = normal_end;
	free_area_init(max_zone_pfn);
}

void host_mm_setup(unsigned long dma_end, unsigned long normal_end, unsigned long high_end)
{
	host_mm_setup_empty(dma_end, normal_end, high_end);
	free_pages_range(1, high_end);
}

/*
 * Kernel page tables for vmalloc: a map from page index (va - FAKE_VMALLOC_BASE) to the page
 * mapped there, so tests can check what vmalloc mapped and unmapped.
 */
void *high_memory = (void *)0xf77fe000;
struct page *host_kernel_ptes[HOST_VMALLOC_PAGES];
unsigned long host_pte_sets, host_pte_clears;

static struct page **fake_pte(unsigned long va)
{
	unsigned long i = (va - HOST_VMALLOC_BASE) >> PAGE_SHIFT;

	if (va < HOST_VMALLOC_BASE || i >= HOST_VMALLOC_PAGES)
		panic("fake page table: %#lx outside the test's vmalloc range", va);
	return &host_kernel_ptes[i];
}

void set_kernel_pte(unsigned long va, struct page *page)
{
	if (*fake_pte(va))
		panic("set_kernel_pte: %#lx is already mapped", va);
	*fake_pte(va) = page;
	host_pte_sets++;
}

/* ioremap's: device memory has no struct page; any non-NULL entry says "mapped". */
void set_kernel_pte_pa(unsigned long va, phys_addr_t pa, pte_t flags)
{
	(void)flags;
	if (*fake_pte(va))
		panic("set_kernel_pte_pa: %#lx is already mapped", va);
	*fake_pte(va) = (struct page *)(unsigned long)(pa | 1);
	host_pte_sets++;
}

unsigned irq_nesting;                     /* no interrupts on the host: always process context */

void clear_kernel_pte(unsigned long va)
{
	if (*fake_pte(va))
		host_pte_clears++;
	*fake_pte(va) = NULL;
}

/* kmap: every page, HighMem too, is in the buffer; count what is mapped to catch leaks. */
unsigned kmap_depth;

void *kmap(struct page *page)
{
	kmap_depth++;
	return __va(page_to_phys(page));
}

void kunmap(struct page *page)
{
	(void)page;
	kmap_depth--;
}

/* Areas hold the files they map (mm/vma.c); the host tests count the references here. */
long host_file_refs;
struct file *get_file(struct file *f) { host_file_refs++; f->f_count++; return f; }
void fput(struct file *f) { host_file_refs--; f->f_count--; }
struct file *fget(long fd) { (void)fd; return NULL; }          /* no descriptors on the host */
struct file *fget_raw(long fd) { (void)fd; return NULL; }
int shmem_zero_setup(struct vm_area_struct *vma) { (void)vma; return -ENODEV; }
/* A clock that only moves forward: each reading one microsecond after the last. */
u64 local_clock_ns(void)
{
	static u64 now;

	return now += 1000;
}

volatile u32 jiffies;
u32 boot_epoch;
