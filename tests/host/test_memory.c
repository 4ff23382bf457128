/*
 * Page faults, copy-on-write, file pages and the mmap family (mm/memory.c, mm/fault.c,
 * mm/mmap.c) on the host: real page tables in the fake physical memory, a fake current task
 * (fake_process.c) whose signals are recorded. Every test also checks that every page it took
 * came back.
 */
#include <kernel/seq_buf.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <kernel/selftest.h>
#include "fake_kernel.h"
#include <kernel/sched.h>
#include <kernel/signal.h>
#include <kernel/syscall.h>
#include <fs/fs.h>
#include <mm/pagemap.h>
#include <asm/ptrace.h>
#include <asm/segment.h>
#include <asm/mman.h>
#include <linux/errno.h>
#include <mm/memory.h>
#include <mm/vma.h>
#include "../../mm/internal.h"
#include <mm/slab.h>
#include <mm/mmzone.h>
#include <mm/page.h>
#include <mm/gfp.h>
#include <mm/pgtable.h>

#define AREA 0x10000000ul
#define P 4096ul

static unsigned long free_at_start;

static struct mm_struct *setup(void)
{
	struct mm_struct *mm;

	host_mm_setup(4096, 8192, 8192);
	kmem_cache_init();
	/* warm the slab caches an address space uses: their first slabs stay once made */
	mm = mm_alloc();
	vma_add(mm, AREA, AREA + P, VM_READ, NULL);
	vma_add(mm, AREA + 2 * P, AREA + 3 * P, VM_WRITE, NULL);
	mmput(mm);
	kfree(kzalloc(sizeof(struct radix_tree_node), GFP_KERNEL));   /* and those of a file's page cache */
	kfree(kzalloc(sizeof(struct inode), GFP_KERNEL));
	kfree(kzalloc(sizeof(struct anon_vma), GFP_KERNEL));          /* and the reverse map's */
	drain_all_pages();
	free_at_start = nr_free_pages();
	mm = mm_alloc();
	host_set_current(mm);
	return mm;
}

/* Everything handed out since setup() came back (page tables, pages, the pgd). */
static bool no_leak(void)
{
	drain_all_pages();
	if (nr_free_pages() != free_at_start)
		fprintf(stderr, "host: %ld pages missing\n", (long)(free_at_start - nr_free_pages()));
	return nr_free_pages() == free_at_start;
}

static pte_t pte_of(struct mm_struct *mm, unsigned long va)
{
	pte_t *pte = user_pte(mm->pgd, va, false);

	return pte ? *pte : 0;
}

static u8 *page_of(struct mm_struct *mm, unsigned long va)
{
	return (u8 *)__va((phys_addr_t)(pte_of(mm, va) & PAGE_MASK)) + (va & (P - 1));
}

/* Demand paging: the first touch maps a zeroed page, user and writable; the second takes none. */
static int test_demand_zero(void)
{
	struct mm_struct *mm = setup();
	struct vm_area_struct *vma;

	ST_ASSERT(vma_add(mm, AREA, AREA + 4 * P, VM_READ | VM_WRITE, NULL) == 0);
	vma = find_vma(mm, AREA);
	ST_ASSERT(!pte_of(mm, AREA + P));
	ST_ASSERT_EQ(handle_mm_fault(mm, vma, AREA + P + 5, true), 0);
	ST_ASSERT((pte_of(mm, AREA + P) & (_PAGE_PRESENT | _PAGE_RW | _PAGE_USER)) ==
		  (_PAGE_PRESENT | _PAGE_RW | _PAGE_USER));
	for (unsigned i = 0; i < P; i++)
		ST_ASSERT(page_of(mm, AREA + P)[i] == 0);
	ST_ASSERT_EQ(mm->rss, 1);
	ST_ASSERT_EQ(handle_mm_fault(mm, vma, AREA + P + 9, true), 0);
	ST_ASSERT_EQ(mm->rss, 1);
	mmput(mm);
	ST_ASSERT(no_leak());
	return 0;
}
SELFTEST("memory.demand_zero", test_demand_zero, 0);

/*
 * fork's copy-on-write: both sides read-only and sharing; a write in the child copies the page
 * and leaves the parent's alone; the parent, now the page's only user, writes in place.
 */
static int test_cow(void)
{
	struct mm_struct *parent = setup(), *child = mm_alloc();
	unsigned long copies = cow_copies, reuses = cow_reuses;

	ST_ASSERT(child && vma_add(parent, AREA, AREA + P, VM_READ | VM_WRITE, NULL) == 0);
	ST_ASSERT_EQ(handle_mm_fault(parent, find_vma(parent, AREA), AREA, true), 0);
	memcpy(page_of(parent, AREA), "parent", 7);
	ST_ASSERT(vma_dup(child, parent) == 0 && copy_page_range(child, parent) == 0);
	ST_ASSERT(!(pte_of(parent, AREA) & _PAGE_RW) && !(pte_of(child, AREA) & _PAGE_RW));
	ST_ASSERT_EQ(pte_of(parent, AREA) & PAGE_MASK, pte_of(child, AREA) & PAGE_MASK);
	ST_ASSERT_EQ(handle_mm_fault(child, find_vma(child, AREA), AREA, true), 0);
	ST_ASSERT_EQ(cow_copies, copies + 1);
	ST_ASSERT(pte_of(child, AREA) & _PAGE_RW);
	ST_ASSERT((pte_of(parent, AREA) & PAGE_MASK) != (pte_of(child, AREA) & PAGE_MASK));
	ST_ASSERT(strcmp((char *)page_of(child, AREA), "parent") == 0);
	memcpy(page_of(child, AREA), "child", 6);
	ST_ASSERT(strcmp((char *)page_of(parent, AREA), "parent") == 0);
	ST_ASSERT_EQ(handle_mm_fault(parent, find_vma(parent, AREA), AREA, true), 0);
	ST_ASSERT_EQ(cow_reuses, reuses + 1);
	ST_ASSERT(pte_of(parent, AREA) & _PAGE_RW);
	mmput(child);
	mmput(parent);
	ST_ASSERT(no_leak());
	return 0;
}
SELFTEST("memory.cow", test_cow, 0);

/* With no free page at all, a fault past the end of the file is still a clean SIGBUS. */
static bool out_of_memory_sigbus(struct mm_struct *mm, unsigned long va)
{
	struct page *taken = NULL, *p;
	unsigned long bad = bad_page_count;
	int ret;

	while ((p = alloc_pages(GFP_HIGHUSER, 0)) != NULL) {   /* every page, chained by lru */
		p->lru.next = (struct list_head *)taken;
		taken = p;
	}
	ret = handle_mm_fault(mm, find_vma(mm, va), va, false);
	while (taken) {
		p = taken;
		taken = (struct page *)p->lru.next;
		__free_pages(p, 0);
	}
	return ret == VM_FAULT_SIGBUS && bad_page_count == bad;
}

/* A file of a memory file system: an inode whose data is written into its page cache. */
static struct super_block host_sb;

static struct inode *make_file(const void *data, size_t n)
{
	struct inode *inode;

	INIT_LIST_HEAD(&host_sb.s_inodes);
	inode = new_inode(&host_sb, S_IFREG | 0644);
	if (inode && n && pagecache_write(inode, 0, data, n))
		return NULL;
	return inode;
}

/* Map [AREA, AREA + pages) of file, as mmap does: the file's mmap sets the operations. */
static int map_file(struct mm_struct *mm, struct file *f, unsigned long pages, unsigned long flags)
{
	struct vm_area_struct tmpl = {
		.vm_start = AREA, .vm_end = AREA + pages * P, .vm_flags = flags | VM_MAY_ALL,
		.vm_file = f,
	};

	return generic_file_mmap(f, &tmpl) ?: vma_insert(mm, &tmpl);
}

/*
 * A file mapping maps the page-cache page itself: holding the file, zeros after its end,
 * read-only when private; a page wholly past the end is SIGBUS.
 */
static int test_file_page(void)
{
	struct mm_struct *mm = setup();
	static u8 data[100];
	struct inode *inode;
	struct file f = { .f_count = 1 };
	unsigned long before;
	struct page *cached;

	memset(data, 'x', sizeof(data));
	inode = make_file(data, sizeof(data));
	ST_ASSERT(inode);
	f.f_inode = inode;
	ST_ASSERT_EQ(map_file(mm, &f, 2, VM_READ), 0);
	ST_ASSERT_EQ(handle_mm_fault(mm, find_vma(mm, AREA), AREA, false), 0);
	ST_ASSERT(page_of(mm, AREA)[99] == 'x' && page_of(mm, AREA)[100] == 0);
	ST_ASSERT(!(pte_of(mm, AREA) & _PAGE_RW));
	cached = find_get_page(inode->i_mapping, 0);
	ST_ASSERT(cached && page_to_phys(cached) == (pte_of(mm, AREA) & PAGE_MASK));
	ST_ASSERT_EQ(page_count(cached), 3);                  /* the cache, the mapping, us */
	put_page(cached);
	before = nr_free_pages();
	ST_ASSERT_EQ(handle_mm_fault(mm, find_vma(mm, AREA + P), AREA + P, false), VM_FAULT_SIGBUS);
	ST_ASSERT_EQ(nr_free_pages(), before);                /* nothing taken on the way */
	ST_ASSERT(!(pte_of(mm, AREA + P) & _PAGE_PRESENT));
	ST_ASSERT(out_of_memory_sigbus(mm, AREA + P));
	mmput(mm);
	iput(inode);
	ST_ASSERT_EQ(kmap_depth, 0u);
	ST_ASSERT(no_leak());
	return 0;
}
SELFTEST("memory.file_page", test_file_page, 0);

/*
 * MAP_SHARED writes go into the page cache (what read() sees); MAP_PRIVATE writes go into a
 * private copy and the file stays as it was.
 */
static int test_file_shared_private(void)
{
	struct mm_struct *mm = setup();
	struct inode *inode = make_file("abc", 3);
	struct file f = { .f_count = 1 };
	char buf[4] = { 0 };

	ST_ASSERT(inode);
	f.f_inode = inode;
	ST_ASSERT_EQ(map_file(mm, &f, 1, VM_READ | VM_WRITE | VM_SHARED), 0);
	ST_ASSERT_EQ(handle_mm_fault(mm, find_vma(mm, AREA), AREA, true), 0);
	ST_ASSERT(pte_of(mm, AREA) & _PAGE_RW);
	page_of(mm, AREA)[0] = 'S';
	ST_ASSERT_EQ(pagecache_read(inode, 0, buf, 3), 3);
	ST_ASSERT(!memcmp(buf, "Sbc", 3));
	ST_ASSERT_EQ(mm->rss_file, 1ul);
	ST_ASSERT_EQ(vma_remove_range(mm, AREA, AREA + P), 0);

	ST_ASSERT_EQ(map_file(mm, &f, 1, VM_READ | VM_WRITE), 0);
	ST_ASSERT_EQ(handle_mm_fault(mm, find_vma(mm, AREA), AREA, true), 0);
	ST_ASSERT(pte_of(mm, AREA) & _PAGE_RW);
	page_of(mm, AREA)[0] = 'P';
	ST_ASSERT_EQ(pagecache_read(inode, 0, buf, 3), 3);
	ST_ASSERT(!memcmp(buf, "Sbc", 3));                   /* the file did not change */
	ST_ASSERT_EQ(mm->rss_anon, 1ul);                      /* the copy is anonymous memory */
	ST_ASSERT_EQ(mm->rss_file, 0ul);
	mmput(mm);
	iput(inode);
	ST_ASSERT(no_leak());
	return 0;
}
SELFTEST("memory.file_shared_private", test_file_shared_private, 0);

/* Truncation unmaps the pages past the new end everywhere, private copies included: SIGBUS next. */
static int test_file_truncate(void)
{
	struct mm_struct *mm = setup();
	static u8 data[2 * 4096];
	struct inode *inode = make_file(data, sizeof(data));
	struct file f = { .f_count = 1 };

	ST_ASSERT(inode);
	f.f_inode = inode;
	ST_ASSERT_EQ(map_file(mm, &f, 2, VM_READ | VM_WRITE), 0);
	ST_ASSERT_EQ(handle_mm_fault(mm, find_vma(mm, AREA), AREA, false), 0);
	ST_ASSERT_EQ(handle_mm_fault(mm, find_vma(mm, AREA + P), AREA + P, true), 0);   /* a private copy */
	ST_ASSERT_EQ(inode->i_mapping->nrpages, 2ul);
	inode->i_size = 100;
	truncate_inode_pages(inode->i_mapping, 100);
	ST_ASSERT_EQ(inode->i_mapping->nrpages, 1ul);
	ST_ASSERT(pte_of(mm, AREA) & _PAGE_PRESENT);          /* the page holding the end stays */
	ST_ASSERT(!(pte_of(mm, AREA + P) & _PAGE_PRESENT));   /* past the end: gone, copy and all */
	ST_ASSERT_EQ(page_of(mm, AREA)[100], 0);              /* zeros after the new end */
	ST_ASSERT_EQ(handle_mm_fault(mm, find_vma(mm, AREA + P), AREA + P, false), VM_FAULT_SIGBUS);
	ST_ASSERT_EQ(mm->rss, 1ul);
	mmput(mm);
	iput(inode);
	ST_ASSERT(no_leak());
	return 0;
}
SELFTEST("memory.file_truncate", test_file_truncate, 0);

static struct pt_regs user_regs(u32 err)
{
	struct pt_regs r;

	memset(&r, 0, sizeof(r));
	r.cs = __USER_CS;
	r.ss = __USER_DS;
	r.err = err | 4;                                     /* U: from user mode */
	return r;
}

/* The fault handler's verdicts: a page, SIGSEGV (no area, or the wrong access), stack growth. */
static int test_fault_handler(void)
{
	struct mm_struct *mm = setup();
	struct pt_regs r;

	ST_ASSERT(vma_add(mm, AREA, AREA + P, VM_READ, NULL) == 0);
	ST_ASSERT(vma_add(mm, 0xbf000000, 0xbf010000, VM_READ | VM_WRITE | VM_GROWSDOWN, "[stack]") == 0);
	r = user_regs(0);
	do_page_fault(&r, AREA + 8);                         /* a read of a readable area */
	ST_ASSERT_EQ(host_last_signal.sig, 0);
	ST_ASSERT(pte_of(mm, AREA) & _PAGE_PRESENT);
	r = user_regs(2 | 1);                                /* a write to it: protection */
	do_page_fault(&r, AREA + 8);
	ST_ASSERT(host_last_signal.sig == SIGSEGV && host_last_signal.code == SEGV_ACCERR);
	memset(&host_last_signal, 0, sizeof(host_last_signal));
	r = user_regs(0);
	do_page_fault(&r, 0x20000000);                       /* no area at all */
	ST_ASSERT(host_last_signal.sig == SIGSEGV && host_last_signal.code == SEGV_MAPERR &&
		  host_last_signal.addr == 0x20000000);
	memset(&host_last_signal, 0, sizeof(host_last_signal));
	r = user_regs(2);
	do_page_fault(&r, 0xbf000000 - 100);                 /* just below the stack: it grows */
	ST_ASSERT_EQ(host_last_signal.sig, 0);
	ST_ASSERT_EQ(find_vma(mm, 0xbf000000 - 100)->vm_start, 0xbf000000 - P);
	mmput(mm);
	ST_ASSERT(no_leak());
	return 0;
}
SELFTEST("memory.fault_handler", test_fault_handler, 0);

/*
 * faulttrace: each fault's kind is read from its entry before the fault is handled, and
 * /proc/PID/pagefaults lists them in order: a first touch, copy-on-write after fork, stack growth.
 */
static int test_fault_trace(void)
{
	struct mm_struct *mm = setup(), *child = mm_alloc();
	struct pt_regs r;
	char text[512], want[256];
	struct seq_buf t = { text, sizeof(text), 0 };

	fault_trace_on = true;
	fault_trace_init();
	ST_ASSERT(fault_trace_on);                           /* its ring was allocated */
	ST_ASSERT(vma_add(mm, AREA, AREA + P, VM_READ | VM_WRITE, NULL) == 0);
	ST_ASSERT(vma_add(mm, 0xbf000000, 0xbf010000, VM_READ | VM_WRITE | VM_GROWSDOWN, "[stack]") == 0);
	r = user_regs(2);
	do_page_fault(&r, AREA + 8);                         /* first touch */
	ST_ASSERT(child && vma_dup(child, mm) == 0 && copy_page_range(child, mm) == 0);
	r = user_regs(2 | 1);
	do_page_fault(&r, AREA + 16);                        /* shared since fork: copy-on-write */
	r = user_regs(2);
	do_page_fault(&r, 0xbf000000 - 100);                 /* below the stack: it grows */
	show_fault_trace(&t, current->tgid);
	show_fault_trace(&t, current->tgid + 1);             /* another process: none of these */
	fault_trace_on = false;                              /* the ring goes with this test's memory */
	ST_ASSERT(strncmp(text, "faults on\nfault ", 16) == 0);
	snprintf(want, sizeof(want), " %08lx anon\nfault ", AREA + 8);
	ST_ASSERT(strstr(text, want) != NULL);
	snprintf(want, sizeof(want), " %08lx cow\nfault ", AREA + 16);
	ST_ASSERT(strstr(text, want) != NULL);
	snprintf(want, sizeof(want), " %08lx stack\nfaults on\n", 0xbf000000ul - 100);
	ST_ASSERT(strstr(text, want) != NULL);
	ST_ASSERT(strcmp(strstr(text, want) + strlen(want), "") == 0);   /* nothing for the other */
	t.len = 0;
	show_fault_trace(&t, current->tgid);
	ST_ASSERT(strcmp(text, "faults off\n") == 0);
	mmput(child);
	mmput(mm);
	return 0;
}
SELFTEST("memory.fault_trace", test_fault_trace, 0);

/* mmap2, mprotect, munmap and brk as system calls of the current task. */
static int test_mmap_calls(void)
{
	struct mm_struct *mm = setup();
	unsigned long vsz = mm->total_vm;
	long a;

	a = sys_mmap2(0, 3 * P, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	ST_ASSERT(a > 0 && !(a & (P - 1)) && (unsigned long)a + 3 * P <= mm->mmap_base);
	ST_ASSERT_EQ(mm->total_vm, vsz + 3);
	ST_ASSERT_EQ(sys_mprotect(a + P, P, PROT_READ), 0);
	ST_ASSERT_EQ(mm->map_count, 3);                      /* split around the read-only page */
	ST_ASSERT_EQ(sys_mprotect(0x20000000, P, PROT_READ), -ENOMEM);
	ST_ASSERT_EQ(sys_munmap(a, 3 * P), 0);
	ST_ASSERT_EQ(mm->total_vm, vsz);
	ST_ASSERT_EQ(sys_mmap2(0, 0, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0), -EINVAL);
	mm->start_brk = mm->brk = AREA;
	ST_ASSERT_EQ(sys_brk(AREA + 2 * P + 1), (long)(AREA + 2 * P + 1));
	ST_ASSERT(find_vma(mm, AREA + 2 * P) && find_vma(mm, AREA + 2 * P)->vm_start <= AREA + 2 * P);
	ST_ASSERT_EQ(sys_brk(AREA - P), (long)(AREA + 2 * P + 1));   /* below the start: unchanged */
	ST_ASSERT_EQ(sys_brk(AREA), (long)AREA);
	mmput(mm);
	ST_ASSERT(no_leak());
	return 0;
}
SELFTEST("memory.mmap_calls", test_mmap_calls, 0);
