/*
 * An address space: struct mm_struct, with its areas (struct vm_area_struct) and page
 * directory. 进程地址空间, the process address space: the areas say what the process was promised (code,
 * data, heap, mmap regions, stack); the page tables say which of those pages are real yet.
 */
#pragma once
#include <types.h>
#include <mm/pgtable.h>
#include <kernel/list.h>

/* vm_flags: what an area allows, as Linux spells them. */
#define VM_READ 0x0001
#define VM_WRITE 0x0002
#define VM_EXEC 0x0004
#define VM_SHARED 0x0008
/* What mprotect may later allow: a shared map of a read-only file never gets VM_MAYWRITE. */
#define VM_MAYREAD 0x0010
#define VM_MAYWRITE 0x0020
#define VM_MAYEXEC 0x0040
#define VM_MAYSHARE 0x0080
#define VM_MAY_ALL (VM_MAYREAD | VM_MAYWRITE | VM_MAYEXEC)
#define VM_GROWSDOWN 0x0100     /* the stack: grows down on faults below it */
#define VM_LOCKED 0x2000        /* mlock: its pages stay in memory (reclaim passes them over) */
#define VM_LOCKONFAULT 0x80000  /* ... each from its first touch on (MLOCK_ONFAULT, MCL_ONFAULT) */
/*
 * Linux's commit accounting marks: VM_ACCOUNT on private writable memory (charged against the
 * overcommit limit: mmap, brk, the stack, mprotect making it writable), VM_NORESERVE on
 * MAP_NORESERVE. They change no access, but areas that differ in them do not merge.
 */
#define VM_ACCOUNT 0x00100000
#define VM_NORESERVE 0x00200000
#define VM_STACK VM_GROWSDOWN

struct mm_struct;
struct file;
struct page;
struct vm_area_struct;

/* A fault the area's operations resolve: which page of the file, and the page they found. */
struct vm_fault {
	unsigned long address;
	u32 pgoff;                    /* the page of the file (vm_pgoff + offset in the area) */
	bool write;
	struct page *page;            /* out: the page to map, with a reference for the caller */
	bool major;                   /* out: it was read from a disk (a major fault) */
};

/*
 * What an area mapping something other than anonymous memory does (a file, shared memory). mm/
 * reaches files only through these and the file's own operations.
 */
struct vm_operations_struct {
	void (*open)(struct vm_area_struct *vma);    /* a new area maps it: fork's copy, a split part */
	void (*close)(struct vm_area_struct *vma);   /* an area stops mapping it */
	/* Find the page for vmf->pgoff: 0 with vmf->page set, or VM_FAULT_OOM/VM_FAULT_SIGBUS. */
	int (*fault)(struct vm_area_struct *vma, struct vm_fault *vmf);
	/*
	 * Optional, for fault-around: the page for pgoff with a reference if it can be mapped at
	 * once (cached, not being read, inside the file), else NULL. Never sleeps, never reads.
	 */
	struct page *(*map_page)(struct vm_area_struct *vma, u32 pgoff);
};

/*
 * The anonymous pages of a family of areas (反向映射, the reverse map of anonymous memory): an
 * area, its parts after splits and its copies in forked children all join one anon_vma, and
 * each anonymous page points at it (page->mapping). Reclaim goes from a page to its anon_vma,
 * then to each area on the list, where the page's linear index says the address.
 */
struct anon_vma {
	struct list_head head;        /* the areas (vm_area_struct.anon_vma_node) */
	int nr_vmas;                  /* freed when the last one leaves */
};

/* One area of an address space: [vm_start, vm_end), end exclusive, page aligned. */
struct vm_area_struct {
	unsigned long vm_start;
	unsigned long vm_end;
	unsigned long vm_flags;       /* VM_READ, VM_WRITE, ... */
	struct mm_struct *vm_mm;
	const char *vm_name;          /* "[heap]", "[stack]": for dumps (a file's is its path) */
	struct file *vm_file;         /* a file mapping: the open file it holds, or NULL (anonymous) */
	/*
	 * A file: the file page that vm_start maps. Anonymous: the linear page index of vm_start
	 * (its address >> PAGE_SHIFT when the area was made; mremap and stack growth keep it in step).
	 */
	unsigned long vm_pgoff;
	const struct vm_operations_struct *vm_ops;   /* NULL: anonymous memory */
	struct list_head shared;      /* in the file's address_space i_mmap list */
	struct anon_vma *anon_vma;    /* private areas, from their first anonymous page on */
	bool anon_forked;             /* its anon_vma came from a parent at fork: as Linux, where such
	                                 an area's anon_vma chain is not single, nothing without
	                                 anonymous pages merges into it */
	struct list_head anon_vma_node;  /* in anon_vma->head */
};

struct mm_struct {
	pde_t *pgd;                   /* page directory (lowmem), kernel half shared */
	struct vm_area_struct **vmas; /* areas sorted by address: binary search, O(log n) */
	unsigned map_count;           /* areas in use */
	unsigned vmas_cap;            /* room in vmas[] */
	/* the area find_vma found last, or NULL (Linux's mmap_cache of old): faults and calls come
	 * in runs in one area; forgotten when that area is freed */
	struct vm_area_struct *vma_cache;
	unsigned long start_code, end_code, start_data, end_data;
	unsigned long start_brk, brk; /* the heap: [start_brk, brk) */
	unsigned long start_stack;    /* top of the initial stack (argc is here) */
	unsigned long arg_start, arg_end, env_start, env_end;  /* the argument and environment strings */
	unsigned long mmap_base;      /* top-down mmap starts below this */
	unsigned long vdso_base;      /* where execve mapped [vdso] (kernel/vdso.c), or 0 */
	unsigned long total_vm;       /* pages promised (VSZ) */
	unsigned long rss;            /* pages present (RSS) = rss_anon + rss_file + rss_shmem */
	unsigned long rss_anon;       /* ... of them anonymous (heap, stack, private copies) */
	unsigned long rss_file;       /* ... of them page-cache pages of files (program text, mmap) */
	unsigned long rss_shmem;      /* ... of them shared memory (tmpfs, SysV shm, MAP_SHARED anon) */
	unsigned long swap_ents;      /* pages swapped out: swap entries in its page tables (VmSwap) */
	unsigned long def_flags;      /* flags every new area gets: VM_LOCKED after mlockall(MCL_FUTURE) */
	unsigned commit_mark;         /* Committed_AS has counted it in this sum (mm/mmap.c) */
	bool undumpable;              /* its ids changed (setuid, a set-user-ID exec): /proc/PID is
	                                 root's and other users may not look (Linux's dumpable 0) */
	unsigned long hiwater_rss;    /* the most pages ever present (VmHWM, ru_maxrss) */
	unsigned long hiwater_vm;     /* the most pages ever promised (VmPeak) */
	int users;                    /* tasks sharing it */
	/* the map lock (mmap_read_lock, mmap_write_lock in mm/mmap.c): a call changing the areas
	 * holds it alone, faults that may sleep with an area in hand hold it shared */
	struct task_struct *map_writer;
	int map_faults;
	int map_waiters;              /* tasks waiting for it */
	struct file *exe_file;        /* the program it runs: kept open while it runs (unlink) */
};

/* The peak RSS in kB (VmHWM, ru_maxrss). */
static inline unsigned long mm_hiwater_rss_kb(const struct mm_struct *mm)
{
	return mm->hiwater_rss * (PAGE_SIZE >> 10);
}

/* Keep the high-water marks after total_vm or rss grew. */
static inline void mm_update_hiwater(struct mm_struct *mm)
{
	if (mm->total_vm > mm->hiwater_vm)
		mm->hiwater_vm = mm->total_vm;
	if (mm->rss > mm->hiwater_rss)
		mm->hiwater_rss = mm->rss;
}
