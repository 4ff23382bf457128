/*
 * The memory system calls: brk, mmap2 (and the old mmap), munmap, mprotect, madvise, mremap.
 * They change areas (mm/vma.c) and, when pages must go, page tables; they never allocate the
 * memory itself: that happens on first touch (mm/fault.c). The point to watch: malloc asks
 * brk for small blocks and mmap for big ones, and RSS grows only as pages are touched.
 *
 * Argument checks and errno values follow Linux 6.1.
 */
#include <kernel/lab.h>
#include <mm/memory.h>
#include "internal.h"
#include <mm/vma.h>
#include <kernel/sched.h>
#include <kernel/resource.h>
#include <kernel/syscall.h>
#include <fs/fs.h>
#include <fs/file.h>
#include <mm/shmem.h>
#include <linux/errno.h>
#include <mm/mmzone.h>
#include <kernel/uaccess.h>
#include <kernel/printk.h>
#include <asm/tlbflush.h>
#include <asm/mman.h>
#include <mm/swap.h>

static const char heap_name[] = "[heap]";

/*
 * Can the kernel promise pages more pages of private writable memory (Linux's
 * __vm_enough_memory)? vm.overcommit_memory picks the policy:
 *   0  heuristic: refuse only a single request larger than all of RAM and swap; everything
 *      else is promised, and runs out at fault time (reclaim, then the OOM killer)
 *   1  always promise
 *   2  strict: what is committed (Committed_AS: every area marked VM_ACCOUNT, in every
 *      address space) may not pass CommitLimit, swap plus vm.overcommit_ratio percent of RAM;
 *      MAP_NORESERVE is then ignored. Memory is refused at mmap, brk, mprotect, mremap and
 *      fork instead of at fault time.
 */
int sysctl_overcommit_memory;                 /* vm.overcommit_memory: 0, 1 or 2 */
int sysctl_overcommit_ratio = 50;             /* vm.overcommit_ratio: percent of RAM, in mode 2 */

unsigned long vm_commit_limit(void)
{
	return totalram_pages() * (unsigned long)sysctl_overcommit_ratio / 100 + total_swap_pages;
}

static unsigned long mm_committed(const struct mm_struct *mm)
{
	const struct vm_area_struct *v;
	unsigned long n = 0;

	for_each_vma(mm, v)
		if (v->vm_flags & VM_ACCOUNT)
			n += (v->vm_end - v->vm_start) >> PAGE_SHIFT;
	return n;
}

struct commit_sum {
	unsigned long pages;
	unsigned mark;                          /* this sum's: an address space counted carries it */
};

static void add_committed(struct task_struct *t, void *arg)
{
	struct commit_sum *c = arg;

	if (!t->mm || t->mm->commit_mark == c->mark)
		return;                         /* none, or counted already (threads, vfork share one) */
	t->mm->commit_mark = c->mark;
	c->pages += mm_committed(t->mm);
}

/* Committed_AS: the pages of every area marked VM_ACCOUNT, each address space once. */
unsigned long vm_committed_pages(void)
{
	static unsigned mark;
	struct commit_sum c = { 0, ++mark };

	for_each_task(add_committed, &c);
	return c.pages;
}

static bool vm_enough_memory(unsigned long pages)
{
	if (sysctl_overcommit_memory == 1)
		return true;
	if (sysctl_overcommit_memory == 0)
		return pages <= totalram_pages() + total_swap_pages;
	return vm_committed_pages() + pages <= vm_commit_limit();
}

/* fork in strict mode: the child's copy of every accounted area is committed again. */
bool vm_enough_memory_for_fork(const struct mm_struct *mm)
{
	return sysctl_overcommit_memory != 2 || vm_enough_memory(mm_committed(mm));
}

/* Data: private, writable, not a stack (Linux's is_data_mapping). */
static bool is_data_mapping(unsigned long flags)
{
	return (flags & (VM_WRITE | VM_SHARED | VM_GROWSDOWN)) == VM_WRITE;
}

static unsigned long data_vm_pages(struct mm_struct *mm)
{
	struct vm_area_struct *v;
	unsigned long n = 0;

	for_each_vma(mm, v)
		if (is_data_mapping(v->vm_flags))
			n += (v->vm_end - v->vm_start) >> PAGE_SHIFT;
	return n;
}

bool may_expand_vm(struct mm_struct *mm, unsigned long flags, unsigned long npages)
{
	if (((u64)mm->total_vm + npages) << PAGE_SHIFT > rlimit(RLIMIT_AS))
		return false;
	/* the areas are counted only when there is a limit (by default there is none) */
	if (is_data_mapping(flags) && rlimit(RLIMIT_DATA) != RLIM64_INFINITY &&
	    ((u64)data_vm_pages(mm) + npages) << PAGE_SHIFT > rlimit(RLIMIT_DATA))
		return false;
	return true;
}

/* No RLIMIT_AS and no RLIMIT_DATA (the default): nothing to count. */
static bool no_vm_limits(void)
{
	return rlimit(RLIMIT_AS) == RLIM64_INFINITY && rlimit(RLIMIT_DATA) == RLIM64_INFINITY;
}

/* Pages of [start, end) that areas cover now (a MAP_FIXED mapping replaces them). */
static unsigned long mapped_pages(struct mm_struct *mm, unsigned long start, unsigned long end)
{
	struct vm_area_struct *v;
	unsigned long n = 0;

	for_each_vma(mm, v)
		if (v->vm_end > start && v->vm_start < end)
			n += (min(v->vm_end, end) - max(v->vm_start, start)) >> PAGE_SHIFT;
	return n;
}

static unsigned long prot_to_vm(unsigned long prot)
{
	return ((prot & PROT_READ) ? VM_READ : 0) | ((prot & PROT_WRITE) ? VM_WRITE : 0) |
	       ((prot & PROT_EXEC) ? VM_EXEC : 0);
}

/*
 * brk: move the end of the heap. Returns the new break, or the old one when it cannot move
 * (Linux's convention: brk never returns an error code).
 */
static long brk_locked(unsigned long brk)
{
	struct mm_struct *mm = current->mm;
	unsigned long newbrk = PAGE_ALIGN(brk), oldbrk = PAGE_ALIGN(mm->brk);

	if (brk < mm->start_brk || brk > mm->mmap_base)
		return (long)mm->brk;
	/* RLIMIT_DATA counts the heap and the program's data (Linux's check_data_rlimit) */
	if (rlimit(RLIMIT_DATA) != RLIM64_INFINITY &&
	    (u64)(brk - mm->start_brk) + (mm->end_data - mm->start_data) > rlimit(RLIMIT_DATA))
		return (long)mm->brk;
	if (newbrk == oldbrk) {
		mm->brk = brk;
		return (long)brk;
	}
	if (brk <= mm->brk) {                   /* shrinking: the pages above go back at once */
		if (vma_remove_range(mm, newbrk, oldbrk))
			return (long)mm->brk;
		mm->brk = brk;
		return (long)brk;
	}
	/* LAB 3 BEGIN sys_brk: grow the heap area (its pages come later, on faults), a page clear of the next area */
	if (find_vma_intersection(mm, oldbrk, newbrk + PAGE_SIZE))
		return (long)mm->brk;
	if (!vm_enough_memory((newbrk - oldbrk) >> PAGE_SHIFT) ||
	    !may_expand_vm(mm, VM_READ | VM_WRITE, (newbrk - oldbrk) >> PAGE_SHIFT))
		return (long)mm->brk;
	if (vma_add(mm, oldbrk, newbrk, VM_READ | VM_WRITE | VM_ACCOUNT, heap_name))
		return (long)mm->brk;
	mm->brk = brk;
	return (long)brk;
	/* LAB 3 STUB
	LAB_MISSING(3, "sys_brk");
	(void)heap_name;
	return (long)mm->brk;
	   LAB 3 END */
}

/* Pages of mm's locked areas within [start, end) (Linux's locked_vm for the whole space). */
static unsigned long locked_pages(struct mm_struct *mm, unsigned long start, unsigned long end)
{
	struct vm_area_struct *v;
	unsigned long n = 0;

	for_each_vma(mm, v)
		if ((v->vm_flags & VM_LOCKED) && v->vm_end > start && v->vm_start < end)
			n += (min(v->vm_end, end) - max(v->vm_start, start)) >> PAGE_SHIFT;
	return n;
}

/* Is the area at addr locked with its pages brought in at once (mlock, MAP_LOCKED, MCL_FUTURE)? */
static bool mlocked_now(struct mm_struct *mm, unsigned long addr)
{
	struct vm_area_struct *vma = find_vma(mm, addr);

	return vma && (vma->vm_flags & (VM_LOCKED | VM_LOCKONFAULT)) == VM_LOCKED;
}

/*
 * Fault in every page of [start, end) that can be read now (MAP_POPULATE, mlock); gaps and
 * PROT_NONE areas are passed over. 0, or -ENOMEM when memory ran out. Called by a call that
 * holds the map lock alone; the faults run with it shared, as Linux's mm_populate does after
 * mmap: a fault may wait in a file system for a task that itself waits for the map lock (a
 * readdir whose buffer faults). The areas are looked up again for every page.
 */
static int populate(struct mm_struct *mm, unsigned long start, unsigned long end)
{
	int err = 0;

	mmap_write_downgrade(mm);
	for (unsigned long va = start; va < end; va += PAGE_SIZE) {
		struct vm_area_struct *vma = find_vma(mm, va);
		if (!vma)
			break;
		if (vma->vm_start > va) {
			va = vma->vm_start - PAGE_SIZE;  /* a gap: on to the next area */
			continue;
		}
		if ((vma->vm_flags & (VM_READ | VM_WRITE | VM_EXEC)) && handle_mm_fault(mm, vma, va, false) == VM_FAULT_OOM) {
			err = -ENOMEM;
			break;
		}
	}
	mmap_read_unlock(mm);
	mmap_write_lock(mm);                     /* the call lets go of it as it took it */
	return err;
}

/*
 * What an mmap of file allows: its open mode decides the VM_MAY* bits, so that mprotect can
 * never grant more than the descriptor could (EACCES), as on Linux.
 */
static int file_mmap_flags(struct file *f, unsigned long prot, unsigned long flags,
			   unsigned long *vm_flags)
{
	if (!f->f_op->mmap)
		return -ENODEV;                          /* a directory, a pipe, a terminal */
	if (!(f->f_mode & FMODE_READ))
		return -EACCES;                          /* every mapping can be read */
	if ((flags & MAP_TYPE) == MAP_PRIVATE)
		return 0;
	if ((prot & PROT_WRITE) && !(f->f_mode & FMODE_WRITE))
		return -EACCES;
	*vm_flags |= VM_SHARED | VM_MAYSHARE;
	if (!(f->f_mode & FMODE_WRITE))
		*vm_flags &= ~(VM_MAYWRITE | VM_SHARED); /* can never be written: as private */
	return 0;
}

static long do_mmap(unsigned long addr, unsigned long len, unsigned long prot, unsigned long flags,
		    long fd, unsigned long pgoff)
{
	struct mm_struct *mm = current->mm;
	struct vm_area_struct tmpl = { 0 };
	struct file *file = NULL;
	unsigned long vm_flags = prot_to_vm(prot) | VM_MAY_ALL;
	int err;

	if (len == 0)
		return -EINVAL;
	if (len > TASK_SIZE || PAGE_ALIGN(len) == 0)
		return -ENOMEM;
	len = PAGE_ALIGN(len);
	if ((flags & MAP_TYPE) != MAP_SHARED && (flags & MAP_TYPE) != MAP_PRIVATE &&
	    (flags & MAP_TYPE) != MAP_SHARED_VALIDATE)
		return -EINVAL;
	if (!(flags & MAP_ANONYMOUS)) {
		file = fget(fd);
		if (!file)
			return -EBADF;
		if ((err = file_mmap_flags(file, prot, flags, &vm_flags)) != 0)
			return err;
		if (pgoff + (len >> PAGE_SHIFT) < pgoff)
			return -EOVERFLOW;
	} else if ((flags & MAP_TYPE) != MAP_PRIVATE) {
		vm_flags |= VM_SHARED | VM_MAYSHARE;
	}
	if ((flags & MAP_NORESERVE) && sysctl_overcommit_memory != 2)
		vm_flags |= VM_NORESERVE;               /* strict accounting charges it all the same */
	if ((vm_flags & (VM_NORESERVE | VM_SHARED)) == 0 && (prot & PROT_WRITE)) {
		if (!vm_enough_memory(len >> PAGE_SHIFT))
			return -ENOMEM;
		vm_flags |= VM_ACCOUNT;                  /* private writable: charged (accountable_mapping) */
	}
	if (flags & (MAP_FIXED | MAP_FIXED_NOREPLACE)) {
		if (addr & ~PAGE_MASK)
			return -EINVAL;
		if (addr + len > TASK_SIZE || addr + len < addr || addr < PAGE_SIZE)
			return -ENOMEM;
		/* RLIMIT_AS and RLIMIT_DATA: what it replaces does not count twice */
		if (!may_expand_vm(mm, vm_flags | prot_to_vm(prot), (len >> PAGE_SHIFT) -
				   (flags & MAP_FIXED && !no_vm_limits() ? mapped_pages(mm, addr, addr + len) : 0)))
			return -ENOMEM;
		if (find_vma_intersection(mm, addr, addr + len)) {
			if (flags & MAP_FIXED_NOREPLACE)
				return -EEXIST;
			if ((err = vma_remove_range(mm, addr, addr + len)) != 0)
				return err;          /* MAP_FIXED replaces what was there */
		}
	} else {
		if (!may_expand_vm(mm, vm_flags | prot_to_vm(prot), len >> PAGE_SHIFT))
			return -ENOMEM;                  /* RLIMIT_AS, RLIMIT_DATA */
		addr = get_unmapped_area(mm, addr, len);
		if (!addr)
			return -ENOMEM;
	}
	if ((flags & MAP_LOCKED) && !capable(CAP_IPC_LOCK) &&
	    (((u64)locked_pages(mm, 0, TASK_SIZE) + (len >> PAGE_SHIFT)) << PAGE_SHIFT) > rlimit(RLIMIT_MEMLOCK))
		return -EAGAIN;                          /* Linux's mlock_future_check */
	tmpl.vm_start = addr;
	tmpl.vm_end = addr + len;
	tmpl.vm_flags = vm_flags | ((flags & MAP_LOCKED) ? VM_LOCKED : 0);
	tmpl.vm_file = file;
	tmpl.vm_pgoff = file ? pgoff : 0;
	if (file)
		err = file->f_op->mmap(file, &tmpl);    /* sets vm_ops (or makes the area anonymous) */
	else if (vm_flags & VM_SHARED)
		err = shmem_zero_setup(&tmpl);           /* shared anonymous memory: a tmpfs file */
	else
		err = 0;
	if (err)
		return err;
	err = vma_insert(mm, &tmpl);
	if (tmpl.vm_file && tmpl.vm_file != file)
		fput(tmpl.vm_file);                      /* the area holds its own reference now */
	if (err)
		return err;
	if ((flags & MAP_POPULATE) || mlocked_now(mm, addr))
		populate(mm, addr, addr + len);
	return (long)addr;
}

/* mmap2: the offset is in 4096-byte units (i386). */
static long mmap2_locked(unsigned long addr, unsigned long len, unsigned long prot, unsigned long flags,
	       long fd, unsigned long pgoff)
{
	return do_mmap(addr, len, prot, flags, fd, pgoff);
}

/* The old i386 mmap: one pointer to the six arguments, the offset in bytes. */
static long old_mmap_locked(const void *uargs)
{
	u32 a[6];

	if (copy_from_user(a, uargs, sizeof(a)))
		return -EFAULT;
	if (a[5] & ~PAGE_MASK)
		return -EINVAL;
	return do_mmap(a[0], a[1], a[2], a[3], (s32)a[4], a[5] >> PAGE_SHIFT);
}

static long munmap_locked(unsigned long addr, unsigned long len)
{
	if ((addr & ~PAGE_MASK) || len == 0 || len > TASK_SIZE || addr > TASK_SIZE - len)
		return -EINVAL;
	return vma_remove_range(current->mm, addr, addr + PAGE_ALIGN(len));
}

/*
 * Private memory turning writable is charged from then on (Linux's mprotect_fixup): the parts of
 * [start, end) in private areas that were never writable, nor shared nor MAP_NORESERVE, get
 * VM_ACCOUNT before their rights change.
 */
static long account_writable(struct mm_struct *mm, unsigned long start, unsigned long end)
{
	unsigned long newly = 0;

	for (unsigned long addr = start; addr < end;) {      /* what would be charged */
		struct vm_area_struct *v = find_vma(mm, addr);
		if (!v || v->vm_start >= end)
			break;
		unsigned long s = max(v->vm_start, start), e = min(v->vm_end, end);
		if (!(v->vm_flags & (VM_ACCOUNT | VM_WRITE | VM_SHARED | VM_NORESERVE)))
			newly += (e - s) >> PAGE_SHIFT;
		addr = e;
	}
	if (newly && !vm_enough_memory(newly))
		return -ENOMEM;
	for (unsigned long addr = start; addr < end;) {
		struct vm_area_struct *v = find_vma(mm, addr);
		if (!v || v->vm_start >= end)
			break;
		unsigned long s = max(v->vm_start, start), e = min(v->vm_end, end);
		if (!(v->vm_flags & (VM_ACCOUNT | VM_WRITE | VM_SHARED | VM_NORESERVE)))
			vma_change_flags(mm, s, e, VM_ACCOUNT, 0, false);
		addr = e;
	}
	return 0;
}

static long mprotect_locked(unsigned long addr, unsigned long len, unsigned long prot)
{
	unsigned long end;

	if (addr & ~PAGE_MASK)
		return -EINVAL;
	if (prot & ~(PROT_READ | PROT_WRITE | PROT_EXEC | PROT_SEM | PROT_GROWSDOWN | PROT_GROWSUP))
		return -EINVAL;
	if (len == 0)
		return 0;
	end = addr + PAGE_ALIGN(len);
	if (end <= addr || end > TASK_SIZE)
		return -ENOMEM;
	if ((prot & PROT_WRITE) && account_writable(current->mm, addr, end))
		return -ENOMEM;                         /* strict overcommit: no room to commit it */
	return vma_protect_range(current->mm, addr, end, prot_to_vm(prot));
}

static long madvise_locked(unsigned long addr, unsigned long len, long advice)
{
	struct mm_struct *mm = current->mm;
	unsigned long end;

	if (addr & ~PAGE_MASK)
		return -EINVAL;
	if (advice != MADV_NORMAL && advice != MADV_RANDOM && advice != MADV_SEQUENTIAL &&
	    advice != MADV_WILLNEED && advice != MADV_DONTNEED && advice != MADV_FREE)
		return -EINVAL;
	end = addr + PAGE_ALIGN(len);
	if (end < addr)
		return -EINVAL;
	if (len == 0)
		return 0;
	/* every page must be mapped (Linux reports ENOMEM after doing what it could) */
	for (unsigned long va = addr; va < end;) {
		struct vm_area_struct *vma = find_vma(mm, va);
		if (!vma || vma->vm_start > va)
			return -ENOMEM;
		if (advice == MADV_DONTNEED && (vma->vm_flags & VM_LOCKED))
			return -EINVAL;             /* locked pages stay, as on Linux */
		if (advice == MADV_DONTNEED)        /* private anonymous: the next touch sees zeros */
			unmap_page_range(mm, va, min(end, vma->vm_end));
		va = vma->vm_end;
	}
	return 0;
}

/* Move the pages of [old, old + len) to new (both inside areas), PTE by PTE. */
static int move_page_tables(struct mm_struct *mm, unsigned long old, unsigned long new, unsigned long len)
{
	for (unsigned long off = 0; off < len; off += PAGE_SIZE) {
		pte_t *from = user_pte(mm->pgd, old + off, false), *to;
		if (!from || !*from)
			continue;                   /* a page, or its swap entry, moves */
		to = user_pte(mm->pgd, new + off, true);
		if (!to)
			return -ENOMEM;
		*to = *from;
		*from = 0;
		flush_tlb_local();
	}
	return 0;
}

static long mremap_locked(unsigned long addr, unsigned long old_len, unsigned long new_len,
		unsigned long flags, unsigned long new_addr)
{
	struct mm_struct *mm = current->mm;
	struct vm_area_struct *vma, tmpl;
	unsigned long dst;
	int err;

	if ((addr & ~PAGE_MASK) || (flags & ~(MREMAP_MAYMOVE | MREMAP_FIXED)) ||
	    ((flags & MREMAP_FIXED) && !(flags & MREMAP_MAYMOVE)))
		return -EINVAL;
	old_len = PAGE_ALIGN(old_len);
	new_len = PAGE_ALIGN(new_len);
	if (new_len == 0 || new_len > TASK_SIZE)
		return -EINVAL;
	vma = find_vma(mm, addr);
	if (!vma || vma->vm_start > addr || addr + old_len > vma->vm_end)
		return -EFAULT;
	if (new_len > old_len && !may_expand_vm(mm, vma->vm_flags, (new_len - old_len) >> PAGE_SHIFT))
		return -ENOMEM;                     /* RLIMIT_AS, RLIMIT_DATA */
	if (new_len > old_len && (vma->vm_flags & VM_ACCOUNT) && !vm_enough_memory((new_len - old_len) >> PAGE_SHIFT))
		return -ENOMEM;                     /* strict overcommit */
	if (flags & MREMAP_FIXED) {
		/* a new place of the caller's choice: aligned, in user space, not overlapping the old */
		if ((new_addr & ~PAGE_MASK) || new_addr + new_len > TASK_SIZE || new_addr + new_len < new_addr)
			return -EINVAL;
		if (new_addr < addr + old_len && addr < new_addr + new_len)
			return -EINVAL;
		if ((err = vma_remove_range(mm, new_addr, new_addr + new_len)) != 0)
			return err;
		if (new_len < old_len) {            /* what does not move goes */
			if ((err = vma_remove_range(mm, addr + new_len, addr + old_len)) != 0)
				return err;
			old_len = new_len;
		}
		vma = find_vma(mm, addr);
		tmpl = *vma;
		tmpl.vm_start = new_addr;
		tmpl.vm_end = new_addr + new_len;
		tmpl.vm_pgoff = vma->vm_pgoff + ((addr - vma->vm_start) >> PAGE_SHIFT);
		if ((err = vma_insert(mm, &tmpl)) != 0)
			return err;
		if ((err = move_page_tables(mm, addr, new_addr, old_len)) != 0)
			return err;
		vma_remove_range(mm, addr, addr + old_len);
		return (long)new_addr;
	}
	if (new_len <= old_len) {                   /* shrink in place */
		if ((err = vma_remove_range(mm, addr + new_len, addr + old_len)) != 0)
			return err;
		return (long)addr;
	}
	tmpl = *vma;
	if (addr + old_len == vma->vm_end &&
	    !find_vma_intersection(mm, addr + old_len, addr + new_len) && addr + new_len <= TASK_SIZE) {
		tmpl.vm_start = addr + old_len;
		tmpl.vm_end = addr + new_len;
		tmpl.vm_pgoff = vma->vm_pgoff + ((tmpl.vm_start - vma->vm_start) >> PAGE_SHIFT);
		if ((err = vma_insert(mm, &tmpl)) != 0)
			return err;                 /* grows in place (merges with the area) */
		return (long)addr;
	}
	if (!(flags & MREMAP_MAYMOVE))
		return -ENOMEM;
	dst = get_unmapped_area(mm, 0, new_len);
	if (!dst)
		return -ENOMEM;
	tmpl.vm_start = dst;
	tmpl.vm_end = dst + new_len;
	tmpl.vm_pgoff = vma->vm_pgoff + ((addr - vma->vm_start) >> PAGE_SHIFT);
	if ((err = vma_insert(mm, &tmpl)) != 0)
		return err;
	if ((err = move_page_tables(mm, addr, dst, old_len)) != 0)
		return err;
	vma_remove_range(mm, addr, addr + old_len);  /* its pages have moved: only the area goes */
	return (long)dst;
}

/* Is every page of [start, end) inside an area? */
static bool range_mapped(struct mm_struct *mm, unsigned long start, unsigned long end)
{
	for (unsigned long va = start; va < end;) {
		struct vm_area_struct *vma = find_vma(mm, va);
		if (!vma || vma->vm_start > va)
			return false;
		va = vma->vm_end;
	}
	return true;
}

/*
 * mincore: one byte per page, 1 if the page is in memory. Demand paging made visible: a new
 * mapping reads all zeros until its pages are touched.
 */
long sys_mincore(unsigned long addr, unsigned long len, unsigned char *uvec)
{
	struct mm_struct *mm = current->mm;
	unsigned long pages, end;

	if (addr & ~PAGE_MASK)
		return -EINVAL;
	if (len > TASK_SIZE - addr)
		return -ENOMEM;
	pages = PAGE_ALIGN(len) >> PAGE_SHIFT;
	end = addr + (pages << PAGE_SHIFT);
	if (!access_ok(uvec, pages))
		return -EFAULT;
	for (unsigned long va = addr; va < end; va += PAGE_SIZE) {
		struct vm_area_struct *vma = find_vma(mm, va);
		pte_t *pte;
		u8 in;

		if (!vma || vma->vm_start > va)
			return -ENOMEM;
		pte = user_pte(mm->pgd, va, false);
		in = pte && pte_has_page(*pte);
		if (copy_to_user(uvec + ((va - addr) >> PAGE_SHIFT), &in, 1))
			return -EFAULT;
	}
	return 0;
}

/*
 * mlock (锁定内存): the areas of the range get VM_LOCKED (split at its edges, as mprotect splits
 * them), and their pages are brought in now; reclaim then passes them over. MLOCK_ONFAULT
 * (mlock2) locks each page from its first touch instead. Pages of areas that cannot be read
 * (PROT_NONE) are not brought in.
 */
/*
 * RLIMIT_MEMLOCK, for those without CAP_IPC_LOCK (root has it): a limit of 0 forbids locking
 * at all (EPERM), and more locked pages than the limit allows is ENOMEM (Linux's can_do_mlock
 * and do_mlock). Pages already locked in the range count once.
 */
static long mlock_allowed(struct mm_struct *mm, unsigned long start, unsigned long end)
{
	u64 limit = rlimit(RLIMIT_MEMLOCK) >> PAGE_SHIFT;

	if (capable(CAP_IPC_LOCK))
		return 0;
	if (!limit)
		return -EPERM;
	if (locked_pages(mm, 0, TASK_SIZE) + ((end - start) >> PAGE_SHIFT) - locked_pages(mm, start, end) > limit)
		return -ENOMEM;
	return 0;
}

static long do_mlock(unsigned long addr, unsigned long len, unsigned long flags)
{
	struct mm_struct *mm = current->mm;
	unsigned long start = addr & PAGE_MASK, end = PAGE_ALIGN(addr + len);
	int err;

	if (!capable(CAP_IPC_LOCK) && !rlimit(RLIMIT_MEMLOCK))
		return -EPERM;
	if (end < start || end > TASK_SIZE)
		return -ENOMEM;
	if (start == end)
		return 0;
	if ((err = (int)mlock_allowed(mm, start, end)) != 0)
		return err;
	err = vma_change_flags(mm, start, end, flags, VM_LOCKED | VM_LOCKONFAULT, true);
	if (err || (flags & VM_LOCKONFAULT))
		return err;
	return populate(mm, start, end);
}

static long mlock_locked(unsigned long addr, unsigned long len)
{
	return do_mlock(addr, len, VM_LOCKED);
}

static long mlock2_locked(unsigned long addr, unsigned long len, unsigned long flags)
{
	if (flags & ~MLOCK_ONFAULT)
		return -EINVAL;
	return do_mlock(addr, len, VM_LOCKED | ((flags & MLOCK_ONFAULT) ? VM_LOCKONFAULT : 0));
}

static long munlock_locked(unsigned long addr, unsigned long len)
{
	unsigned long start = addr & PAGE_MASK, end = PAGE_ALIGN(addr + len);

	if (end < start || end > TASK_SIZE)
		return -ENOMEM;
	if (start == end)
		return 0;
	/* Linux 6.1 leaves the parts split after munlock (mmtest and mlocktest show it): so do we */
	return vma_change_flags(current->mm, start, end, 0, VM_LOCKED | VM_LOCKONFAULT, false);
}

/* Set and clear flags on every area of mm, whole (mlockall, munlockall). */
static int change_all_areas(struct mm_struct *mm, unsigned long set, unsigned long clear, bool merge)
{
	unsigned long addr = 0;
	struct vm_area_struct *vma;

	while ((vma = find_vma(mm, addr)) != NULL) {
		unsigned long end = vma->vm_end;     /* a merge may make the area reach further */
		if (vma_change_flags(mm, vma->vm_start, end, set, clear, merge))
			return -ENOMEM;
		addr = end;
	}
	return 0;
}

/* mlockall: every area now (MCL_CURRENT), every area made later (MCL_FUTURE), or both. */
static long mlockall_locked(unsigned long flags)
{
	struct mm_struct *mm = current->mm;
	unsigned long lock = VM_LOCKED | ((flags & MCL_ONFAULT) ? VM_LOCKONFAULT : 0);

	if (!flags || (flags & ~(MCL_CURRENT | MCL_FUTURE | MCL_ONFAULT)) || flags == MCL_ONFAULT)
		return -EINVAL;
	if (!capable(CAP_IPC_LOCK) && !rlimit(RLIMIT_MEMLOCK))
		return -EPERM;
	if ((flags & MCL_CURRENT) && !capable(CAP_IPC_LOCK) && ((u64)mm->total_vm << PAGE_SHIFT) > rlimit(RLIMIT_MEMLOCK))
		return -ENOMEM;                         /* all of it would pass the limit */
	mm->def_flags = (flags & MCL_FUTURE) ? lock : 0;
	if (!(flags & MCL_CURRENT))
		return 0;
	if (change_all_areas(mm, lock, VM_LOCKED | VM_LOCKONFAULT, true))
		return -ENOMEM;
	if (!(lock & VM_LOCKONFAULT))
		populate(mm, 0, TASK_SIZE);             /* what cannot be brought in is left, as Linux does */
	return 0;
}

static long munlockall_locked(void)
{
	current->mm->def_flags = 0;
	return change_all_areas(current->mm, 0, VM_LOCKED | VM_LOCKONFAULT, false);
}

/*
 * msync: stores through a shared file mapping set only the page-table entries' dirty bits;
 * MS_SYNC moves them into the pages and writes the file's dirty pages to its disk (memory file
 * systems have none: their pages are the file). MS_ASYNC leaves the writing to the flusher.
 */
static long msync_locked(unsigned long addr, unsigned long len, long flags)
{
	unsigned long end;
	struct vm_area_struct *vma;
	int err = 0;

	if ((addr & ~PAGE_MASK) || (flags & ~(MS_ASYNC | MS_INVALIDATE | MS_SYNC)) ||
	    ((flags & MS_ASYNC) && (flags & MS_SYNC)))
		return -EINVAL;
	end = addr + PAGE_ALIGN(len);
	if (end < addr)
		return -ENOMEM;
	if (!range_mapped(current->mm, addr, end))
		return -ENOMEM;
	for_each_vma(current->mm, vma) {
		struct address_space *m;
		if (vma->vm_end <= addr || vma->vm_start >= end || !vma->vm_file || !(vma->vm_flags & VM_SHARED))
			continue;
		m = file_inode(vma->vm_file)->i_mapping;
		harvest_dirty_range(current->mm, max(addr, vma->vm_start), min(end, vma->vm_end));
		if (flags & MS_SYNC) {
			int e = filemap_write_and_wait(m);
			err = err ? err : e;
		}
	}
	return err;
}

/* ---------------------------------------------------------------- the map lock */

/*
 * The map lock (Linux's mmap_lock, for one CPU): a fault may sleep with an area in hand (reading
 * the page from a disk, reclaiming memory), and another thread of the process must not unmap
 * or change that area meanwhile. Faults, and calls that read the areas across a sleep (msync),
 * hold it shared (map_faults); calls that change the areas hold it alone (map_writer) and wait
 * for the faults in progress, which then finish first, as on Linux. A fault that a writing call
 * itself takes (copying its arguments) goes on: the writer is that task; populating lets the
 * lock down to shared for its faults (populate). Only tasks
 * take and release it, and no other task runs between a test and the sleep that follows it, so
 * it needs no interrupts off (docs/concurrency.md, rule 1).
 */

/* Wait until the map lock is free of writers other than current (and of faults, for a writer). */
void mmap_lock_wait(struct mm_struct *mm, bool writer)
{
	mm->map_waiters++;
	while ((mm->map_writer && mm->map_writer != current) || (writer && mm->map_faults))
		sleep_on(&mm->map_faults);
	mm->map_waiters--;
}

void mmap_write_lock(struct mm_struct *mm)
{
	mmap_lock_wait(mm, true);
	mm->map_writer = current;
}

void mmap_write_unlock(struct mm_struct *mm)
{
	mm->map_writer = NULL;
	if (mm->map_waiters)
		wake_up(&mm->map_faults);
}

/* Held alone, now shared: other faults may run, other writers still wait. */
void mmap_write_downgrade(struct mm_struct *mm)
{
	mm->map_faults++;
	mmap_write_unlock(mm);
}

/*
 * The system calls above, each under the map lock for its whole length: sys_NAME(PARAMS) takes
 * it (KIND: write or read), runs NAME_locked(ARGS) and lets it go.
 */
#define MAP_LOCKED_CALL(kind, name, params, args)  \
	long sys_##name params                      \
	{                                           \
		struct mm_struct *mm = current->mm; \
		long ret;                           \
		mmap_##kind##_lock(mm);             \
		ret = name##_locked args;           \
		mmap_##kind##_unlock(mm);           \
		return ret;                         \
	}

MAP_LOCKED_CALL(write, brk, (unsigned long brk), (brk))
MAP_LOCKED_CALL(write, mmap2, (unsigned long addr, unsigned long len, unsigned long prot, unsigned long flags,
			       long fd, unsigned long pgoff), (addr, len, prot, flags, fd, pgoff))
MAP_LOCKED_CALL(write, old_mmap, (const void *uargs), (uargs))
MAP_LOCKED_CALL(write, munmap, (unsigned long addr, unsigned long len), (addr, len))
MAP_LOCKED_CALL(write, mprotect, (unsigned long addr, unsigned long len, unsigned long prot), (addr, len, prot))
MAP_LOCKED_CALL(write, madvise, (unsigned long addr, unsigned long len, long advice), (addr, len, advice))
MAP_LOCKED_CALL(write, mremap, (unsigned long addr, unsigned long old_len, unsigned long new_len,
				unsigned long flags, unsigned long new_addr), (addr, old_len, new_len, flags, new_addr))
MAP_LOCKED_CALL(write, mlock, (unsigned long addr, unsigned long len), (addr, len))
MAP_LOCKED_CALL(write, mlock2, (unsigned long addr, unsigned long len, unsigned long flags), (addr, len, flags))
MAP_LOCKED_CALL(write, munlock, (unsigned long addr, unsigned long len), (addr, len))
MAP_LOCKED_CALL(write, mlockall, (unsigned long flags), (flags))
MAP_LOCKED_CALL(write, munlockall, (void), ())
MAP_LOCKED_CALL(read, msync, (unsigned long addr, unsigned long len, long flags), (addr, len, flags))
