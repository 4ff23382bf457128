/*
 * vmalloc and vmap (see include/mm/vmalloc.h).
 *
 * Two sorted lists describe the vmalloc area: the areas in use (struct vm_struct) and the free
 * ranges between them. get_vm_area takes the first free range big enough (first fit) from its
 * low end; remove_vm_area puts the range back and merges it with free neighbours, so freeing
 * everything leaves one free range again. The area allocator is plain list code, tested on the
 * host (tests/host/test_vmalloc.c); the page-table half (set_kernel_pte, clear_kernel_pte) is
 * exercised in QEMU.
 */
#include <mm/vmalloc.h>
#include <kernel/seq_buf.h>
#include <mm/page.h>
#include <mm/gfp.h>
#include <mm/slab.h>
#include <mm/paging.h>
#include <mm/highmem.h>
#include <kernel/printk.h>
#include <kernel/string.h>
#include <kernel/ksyms.h>

struct vmap_free {
	struct vmap_free *next;       /* sorted by address */
	unsigned long start, end;     /* [start, end) */
};

static struct vm_struct *vmlist;      /* areas in use */
static struct vmap_free *free_list;   /* free ranges */

void vmalloc_init(unsigned long start, unsigned long end)
{
	while (vmlist) {                  /* only host tests call this twice */
		struct vm_struct *next = vmlist->next;
		kfree(vmlist);
		vmlist = next;
	}
	while (free_list) {
		struct vmap_free *next = free_list->next;
		kfree(free_list);
		free_list = next;
	}
	free_list = kmalloc(sizeof(*free_list), GFP_KERNEL);
	free_list->next = NULL;
	free_list->start = start;
	free_list->end = end;
}

/* ---------------------------------------------------------------- the area allocator */

struct vm_struct *get_vm_area(unsigned long size, unsigned long flags, const void *caller)
{
	struct vmap_free **link, *f;
	struct vm_struct *area, **pos;

	size = ALIGN(size, (unsigned long)PAGE_SIZE);
	if (size == 0 || size + PAGE_SIZE < size)
		return NULL;
	size += PAGE_SIZE;                               /* the guard page */
	for (link = &free_list; (f = *link) != NULL; link = &f->next)
		if (f->end - f->start >= size)
			break;
	if (!f)
		return NULL;
	area = kzalloc(sizeof(*area), GFP_KERNEL);
	if (!area)
		return NULL;
	area->addr = f->start;
	area->size = size;
	area->flags = flags;
	area->caller = caller;
	f->start += size;
	if (f->start == f->end) {
		*link = f->next;
		kfree(f);
	}
	for (pos = &vmlist; *pos && (*pos)->addr < area->addr; pos = &(*pos)->next)
		;
	area->next = *pos;
	*pos = area;
	return area;
}

/* Put [start, end) back on the free list, merging with the ranges on either side. */
static void free_vmap_range(unsigned long start, unsigned long end)
{
	struct vmap_free **link = &free_list, *prev = NULL, *f;

	while ((f = *link) != NULL && f->start < start) {
		prev = f;
		link = &f->next;
	}
	if (prev && prev->end == start) {                /* merge with the range below */
		prev->end = end;
		if (f && f->start == end) {              /* ... and the one above */
			prev->end = f->end;
			prev->next = f->next;
			kfree(f);
		}
		return;
	}
	if (f && f->start == end) {                      /* merge with the range above */
		f->start = start;
		return;
	}
	f = kmalloc(sizeof(*f), GFP_KERNEL);
	if (!f) {
		pr_err("vmalloc: no memory to record a free range, %lu bytes of address space lost\n",
		       end - start);
		return;
	}
	f->start = start;
	f->end = end;
	f->next = *link;
	*link = f;
}

struct vm_struct *remove_vm_area(const void *addr)
{
	struct vm_struct **pos, *area;

	for (pos = &vmlist; (area = *pos) != NULL; pos = &area->next) {
		if (area->addr == (unsigned long)addr) {
			*pos = area->next;
			free_vmap_range(area->addr, area->addr + area->size);
			return area;
		}
	}
	return NULL;
}

struct vm_struct *find_vm_area_containing(unsigned long addr)
{
	for (struct vm_struct *a = vmlist; a; a = a->next)
		if (addr >= a->addr && addr < a->addr + a->size)
			return a;
	return NULL;
}

unsigned long vmalloc_free_bytes(void)
{
	unsigned long n = 0;

	for (struct vmap_free *f = free_list; f; f = f->next)
		n += f->end - f->start;
	return n;
}

unsigned long vmalloc_largest_free(void)
{
	unsigned long n = 0;

	for (struct vmap_free *f = free_list; f; f = f->next)
		n = max(n, f->end - f->start);
	return n;
}

/* ---------------------------------------------------------------- mapping */

static void unmap_area(struct vm_struct *area)
{
	for (unsigned i = 0; i < area->nr_pages; i++)
		clear_kernel_pte(area->addr + i * PAGE_SIZE);
}

static void *map_area(struct vm_struct *area)
{
	for (unsigned i = 0; i < area->nr_pages; i++)
		set_kernel_pte(area->addr + i * PAGE_SIZE, area->pages[i]);
	return (void *)area->addr;
}

/* Undo a partly built vmalloc area: free its pages, its page array and the area. */
static void free_area_pages(struct vm_struct *area)
{
	for (unsigned i = 0; i < area->nr_pages; i++)
		__free_page(area->pages[i]);
	kfree(area->pages);
}

static void *__vmalloc(unsigned long size, gfp_t gfp, const void *caller)
{
	unsigned n = (unsigned)(ALIGN(size, (unsigned long)PAGE_SIZE) >> PAGE_SHIFT);
	struct vm_struct *area;

	if (size == 0 || size > VMALLOC_END - VMALLOC_START)
		return NULL;
	area = get_vm_area(size, VM_ALLOC, caller);
	if (!area)
		return NULL;
	area->pages = kmalloc(n * sizeof(struct page *), GFP_KERNEL);
	if (!area->pages)
		goto fail_area;
	for (; area->nr_pages < n; area->nr_pages++) {
		/* any zone will do, HighMem first: the kernel reaches them through this mapping */
		area->pages[area->nr_pages] = alloc_page(__GFP_HIGHMEM | gfp);
		if (!area->pages[area->nr_pages])
			goto fail_pages;
	}
	return map_area(area);

fail_pages:
	free_area_pages(area);
fail_area:
	remove_vm_area((void *)area->addr);
	kfree(area);
	return NULL;
}

void *vmalloc(unsigned long size)
{
	return __vmalloc(size, 0, __builtin_return_address(0));
}

void *vzalloc(unsigned long size)
{
	return __vmalloc(size, __GFP_ZERO, __builtin_return_address(0));
}

void vfree(const void *addr)
{
	struct vm_struct *area;

	if (!addr)
		return;
	area = remove_vm_area(addr);
	if (!area || !(area->flags & VM_ALLOC)) {
		pr_err("BUG: vfree(%p): no vmalloc area starts there\n", addr);
		dump_stack();
		return;
	}
	unmap_area(area);
	free_area_pages(area);
	kfree(area);
}

void *vmap(struct page **pages, unsigned count)
{
	struct vm_struct *area;

	if (count == 0 || count > (VMALLOC_END - VMALLOC_START) / PAGE_SIZE)
		return NULL;
	area = get_vm_area((unsigned long)count * PAGE_SIZE, VM_MAP, __builtin_return_address(0));
	if (!area)
		return NULL;
	area->pages = pages;
	area->nr_pages = count;
	return map_area(area);
}

void vunmap(const void *addr)
{
	struct vm_struct *area = remove_vm_area(addr);

	if (!area || !(area->flags & VM_MAP)) {
		pr_err("BUG: vunmap(%p): no vmap area starts there\n", addr);
		dump_stack();
		return;
	}
	unmap_area(area);
	kfree(area);
}

void *ioremap(phys_addr_t pa, unsigned long size)
{
	unsigned long off = pa & (PAGE_SIZE - 1);
	struct vm_struct *area;

	if (size == 0 || size > VMALLOC_END - VMALLOC_START)
		return NULL;
	area = get_vm_area(ALIGN(size + off, (unsigned long)PAGE_SIZE), VM_IOREMAP,
			   __builtin_return_address(0));
	if (!area)
		return NULL;
	area->phys_addr = pa - off;
	area->nr_pages = (unsigned)((area->size - PAGE_SIZE) >> PAGE_SHIFT);   /* not the guard */
	for (unsigned i = 0; i < area->nr_pages; i++)
		set_kernel_pte_pa(area->addr + i * PAGE_SIZE, area->phys_addr + i * PAGE_SIZE,
				  _PAGE_PCD | _PAGE_PWT);
	return (void *)(area->addr + off);
}

void iounmap(void *addr)
{
	struct vm_struct *area = remove_vm_area((void *)ALIGN_DOWN((unsigned long)addr, PAGE_SIZE));

	if (!area || !(area->flags & VM_IOREMAP)) {
		pr_err("BUG: iounmap(%p): no ioremap area starts there\n", addr);
		dump_stack();
		return;
	}
	unmap_area(area);
	kfree(area);
}

void *alloc_thread_stack(void)
{
	/*
	 * Below every vmalloc area lies an unmapped page: the guard page after the area before,
	 * or free space, or the VMALLOC_OFFSET gap. So a stack that overflows downward faults.
	 */
	return __vmalloc(THREAD_SIZE, 0, __builtin_return_address(0));
}

void free_thread_stack(void *stack)
{
	vfree(stack);
}

struct vm_struct *vmalloc_areas(void)
{
	return vmlist;
}

void show_vmallocinfo(struct seq_buf *s)
{
	char sym[96];

	for (struct vm_struct *a = vmlist; a; a = a->next)
	{
		seq_buf_printf(s, "0x%08lx-0x%08lx %7lu %s", a->addr, a->addr + a->size, a->size,
			       ksym_format(sym, sizeof(sym), (unsigned long)a->caller));
		if (a->flags & VM_IOREMAP)      /* as Linux shows a device's registers */
			seq_buf_printf(s, " phys=0x%08llx ioremap\n", (u64)a->phys_addr);
		else
			seq_buf_printf(s, " pages=%u %s\n", a->nr_pages,
				       (a->flags & VM_ALLOC) ? "vmalloc" : "vmap");
	}
}
