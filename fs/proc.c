/*
 * A small /proc, in Linux's formats, so a program can watch its memory as Linux reports it:
 *   /proc/self/status   VmSize (VSZ: what was promised), VmRSS (what is in RAM), their peaks
 *                       VmPeak and VmHWM, RssAnon, RssFile
 *   /proc/self/maps     the areas of the address space, as pmap shows them
 *   /proc/self/statm    size resident shared text lib data dt, in pages
 *   /proc/self/smaps    per area: Size, Rss, Pss, clean/dirty, shared/private, Anonymous
 *   /proc/self/smaps_rollup  the same summed over all areas
 *   /proc/self/stat     Linux's 52 fields: page faults, CPU time, VSZ and RSS among them
 *   /proc/meminfo       free and total memory, lowmem and HighMem
 *   /proc/buddyinfo     the buddy allocator's free lists
 *   /proc/vmallocinfo   every vmalloc and vmap area, with its caller
 *   /proc/slabinfo      every slab cache (Linux's version 2.1 format)
 *   /proc/mounts        the mount tree (also /proc/self/mounts)
 *   /proc/self/exe, cwd symbolic links to the program and the current directory
 * ("self" is a symbolic link to the caller's pid.) proc is a file system like any other: its
 * root's lookup makes an inode for a name when it is asked for (a system file, "self", or a
 * directory per process), and forgets it when no one uses it. Each file's text is made when it
 * is opened.
 */
#include <net/netdevice.h>
#include <net/ip.h>
#include <net/sock.h>
#include <fs/fs.h>
#include <mm/pagemap.h>
#include <mm/vma.h>
#include <kernel/sched.h>
#include <linux/errno.h>
#include <kernel/string.h>
#include <kernel/vsprintf.h>
#include <kernel/seq_buf.h>
#include <linux/dirent.h>
#include <kernel/uaccess.h>
#include <mm/mm_types.h>
#include <mm/mmzone.h>
#include <mm/page.h>
#include <mm/slab.h>
#include <mm/vmalloc.h>
#include <mm/init.h>
#include <mm/memory.h>
#include <mm/swap.h>
#include <mm/rmap.h>
#include <asm/x86.h>
#include <kernel/cmdline.h>
#include <kernel/version.h>
#include <kernel/time.h>
#include <kernel/printk.h>
#include "proc_page.h"
#include <asm/tlbflush.h>
#include <kernel/ksyms.h>
#include <kernel/profile.h>
#include <block/blkdev.h>

/* The tasks of t's process: Linux's nr_threads (a zombie leader counts until it is reaped). */
static int nr_threads(const struct task_struct *t)
{
	const struct task_struct *o;
	int n = 0;

	list_for_each_entry(o, &t->signal->thread_head, thread_node)
		n += !o->autoreap;
	return n;
}

/* A task's state as ps shows it: R, S, T or Z, and its name. */
static const char *task_state(const struct task_struct *task)
{
	if (task->state == TASK_RUNNING)
		return "R (running)";
	if (task->state == TASK_ZOMBIE)
		return "Z (zombie)";
	return task->state == TASK_STOPPED ? "T (stopped)" : "S (sleeping)";
}

static void gen_status(struct seq_buf *t, struct task_struct *task)
{
	struct mm_struct *mm = task->mm;
	unsigned long kb = PAGE_SIZE / 1024;

	seq_buf_printf(t, "Name:\t%s\nState:\t%s\nTgid:\t%d\nPid:\t%d\nPPid:\t%d\n", task->comm,
	     task_state(task),
	     task->tgid, task->pid, task->parent ? task->parent->tgid : 0);
	seq_buf_printf(t, "TracerPid:\t0\nUid:\t%u\t%u\t%u\t%u\nGid:\t%u\t%u\t%u\t%u\nGroups:\t", task->cred.uid,
		       task->cred.euid, task->cred.suid, task->cred.fsuid, task->cred.gid, task->cred.egid,
		       task->cred.sgid, task->cred.fsgid);
	for (int i = 0; i < task->ngroups; i++)
		seq_buf_printf(t, i ? " %u" : "%u", task->groups[i]);
	seq_buf_printf(t, " \n");                  /* Linux's trailing space, groups or not */
	if (!mm) {
		seq_buf_printf(t, "Threads:\t%d\n", nr_threads(task));
		return;
	}
	/* Linux's order; VmPeak and VmHWM are the high-water marks of VmSize and VmRSS */
	unsigned long locked = 0;
	struct vm_area_struct *lv;
	for_each_vma(mm, lv)
		if (lv->vm_flags & VM_LOCKED)
			locked += (lv->vm_end - lv->vm_start) >> PAGE_SHIFT;
	/* VmLck: the size of its mlocked areas; VmPin: pages pinned for devices (none here) */
	seq_buf_printf(t, "VmPeak:\t%8lu kB\nVmSize:\t%8lu kB\nVmLck:\t%8lu kB\nVmPin:\t%8lu kB\n",
	     mm->hiwater_vm * kb, mm->total_vm * kb, locked * kb, 0ul);
	seq_buf_printf(t, "VmHWM:\t%8lu kB\nVmRSS:\t%8lu kB\n", mm->hiwater_rss * kb, mm->rss * kb);
	seq_buf_printf(t, "RssAnon:\t%8lu kB\nRssFile:\t%8lu kB\nRssShmem:\t%8lu kB\n",
		       mm->rss_anon * kb, mm->rss_file * kb, mm->rss_shmem * kb);
	struct vm_area_struct *v;
	for_each_vma(mm, v)
		if (v->vm_flags & VM_GROWSDOWN)
			seq_buf_printf(t, "VmStk:\t%8lu kB\n", (v->vm_end - v->vm_start) >> 10);
	/* its page tables, and its pages now in swap */
	seq_buf_printf(t, "VmPTE:\t%8lu kB\nVmSwap:\t%8lu kB\n", mm_pgtables_pages(mm) * kb, mm->swap_ents * kb);
	seq_buf_printf(t, "VmMapCount:\t%u\n", mm->map_count);
	seq_buf_printf(t, "Threads:\t%d\n", nr_threads(task));
}

/* /proc/PID/statm: size resident shared text lib data dt, in pages (Linux's order). */
static void gen_statm(struct seq_buf *t, struct task_struct *task)
{
	struct mm_struct *mm = task->mm;
	unsigned long text = 0, data = 0;

	if (!mm) {
		seq_buf_printf(t, "0 0 0 0 0 0 0\n");
		return;
	}
	struct vm_area_struct *v;
	for_each_vma(mm, v) {
		unsigned long pages = (v->vm_end - v->vm_start) >> PAGE_SHIFT;
		if (v->vm_flags & VM_EXEC)
			text += pages;
		else if ((v->vm_flags & VM_WRITE) && !(v->vm_flags & VM_SHARED))
			data += pages;                   /* data, heap, stack, private writable mmap */
	}
	seq_buf_printf(t, "%lu %lu %lu %lu 0 %lu 0\n", mm->total_vm, mm->rss, mm->rss_file + mm->rss_shmem,
		       text, data);
}

/*
 * /proc/PID/smaps and smaps_rollup: RSS and PSS (proportional set size). Each resident page counts fully
 * in Rss and, in Pss, divided by the number of page-table entries mapping it (its _mapcount + 1):
 * a page a parent and its forked child still share counts half to each. Shared means mapped more
 * than once; dirty means written since it was filled (anonymous pages always are, as on Linux,
 * which could only get them back by swapping).
 */
struct smaps_acc {
	unsigned long rss, shared_clean, shared_dirty, private_clean, private_dirty;
	unsigned long referenced, anon, swap;
	u64 swap_pss, pss_locked;           /* like pss */
	u64 pss, pss_dirty, pss_anon, pss_file, pss_shmem;  /* in 1/4096 of a byte, as Linux keeps them */
};

static void smaps_account(struct smaps_acc *a, struct mm_struct *mm, const struct vm_area_struct *v)
{
	for (unsigned long va = v->vm_start; va < v->vm_end; va += PAGE_SIZE) {
		pte_t *pte = user_pte(mm->pgd, va, false);
		struct page *page;
		unsigned long users;
		bool dirty;
		u64 share = (u64)PAGE_SIZE << 12;

		if (pte && is_swap_pte(*pte)) {  /* in swap: shared by those that hold its slot */
			int holders = swap_entry_count(pte_to_swp_entry(*pte));
			u64 part = (u64)PAGE_SIZE << 12;
			div64_u32_rem(&part, holders > 0 ? (u32)holders : 1);
			a->swap += PAGE_SIZE;
			a->swap_pss += part;
			continue;
		}
		if (!pte || !pte_has_page(*pte))
			continue;
		page = pfn_to_page(*pte >> PAGE_SHIFT);
		users = (unsigned long)(page->_mapcount + 1);
		dirty = !page_mapping(page) || (*pte & _PAGE_DIRTY) || PageDirty(page);
		div64_u32_rem(&share, users ? (u32)users : 1);
		a->rss += PAGE_SIZE;
		a->pss += share;
		if (v->vm_flags & VM_LOCKED)
			a->pss_locked += share;
		if (dirty)
			a->pss_dirty += share;
		if (!page_mapping(page))
			a->pss_anon += share;
		else if (page_mapping(page)->swapbacked)
			a->pss_shmem += share;
		else
			a->pss_file += share;
		if (users > 1)
			*(dirty ? &a->shared_dirty : &a->shared_clean) += PAGE_SIZE;
		else
			*(dirty ? &a->private_dirty : &a->private_clean) += PAGE_SIZE;
		if (*pte & _PAGE_ACCESSED)
			a->referenced += PAGE_SIZE;
		if (!page_mapping(page))
			a->anon += PAGE_SIZE;
	}
}

/* One "Name:  value kB" line, the name padded to 16 columns as Linux does. */
static void emit_kb(struct seq_buf *t, const char *name, unsigned long bytes)
{
	seq_buf_printf(t, "%-16s%8lu kB\n", name, bytes >> 10);
}

static void emit_smaps_acc(struct seq_buf *t, const struct smaps_acc *a, bool rollup)
{
	emit_kb(t, "Rss:", a->rss);
	emit_kb(t, "Pss:", (unsigned long)(a->pss >> 12));
	emit_kb(t, "Pss_Dirty:", (unsigned long)(a->pss_dirty >> 12));
	if (rollup) {
		emit_kb(t, "Pss_Anon:", (unsigned long)(a->pss_anon >> 12));
		emit_kb(t, "Pss_File:", (unsigned long)(a->pss_file >> 12));
		emit_kb(t, "Pss_Shmem:", (unsigned long)(a->pss_shmem >> 12));
	}
	emit_kb(t, "Shared_Clean:", a->shared_clean);
	emit_kb(t, "Shared_Dirty:", a->shared_dirty);
	emit_kb(t, "Private_Clean:", a->private_clean);
	emit_kb(t, "Private_Dirty:", a->private_dirty);
	emit_kb(t, "Referenced:", a->referenced);
	emit_kb(t, "Anonymous:", a->anon);
	/* no huge pages, no lazy freeing here */
	emit_kb(t, "LazyFree:", 0);
	emit_kb(t, "AnonHugePages:", 0);
	emit_kb(t, "ShmemPmdMapped:", 0);
	emit_kb(t, "FilePmdMapped:", 0);
	seq_buf_printf(t, "Shared_Hugetlb:  %7d kB\nPrivate_Hugetlb: %7d kB\n", 0, 0);
	emit_kb(t, "Swap:", a->swap);
	emit_kb(t, "SwapPss:", (unsigned long)(a->swap_pss >> 12));
	emit_kb(t, "Locked:", (unsigned long)(a->pss_locked >> 12));
}

const char *area_name(const struct vm_area_struct *v, char *buf, size_t size)
{
	const char *name;

	if (!v->vm_file)
		return v->vm_name;
	name = d_path(&v->vm_file->f_path, buf, size);  /* a file: its path, as d_path spells it */
	return IS_ERR(name) ? "?" : name;
}

void area_perms(const struct vm_area_struct *v, char out[5])
{
	out[0] = (v->vm_flags & VM_READ) ? 'r' : '-';
	out[1] = (v->vm_flags & VM_WRITE) ? 'w' : '-';
	out[2] = (v->vm_flags & VM_EXEC) ? 'x' : '-';
	out[3] = (v->vm_flags & VM_MAYSHARE) ? 's' : 'p';
	out[4] = '\0';
}

/* Linux's /proc/PID/maps line: range, permissions, offset, device, inode, then the name at column 49. */
static void emit_map_line(struct seq_buf *t, const struct vm_area_struct *v)
{
	size_t start = t->len;
	const struct inode *inode = v->vm_file ? file_inode(v->vm_file) : NULL;
	char path[160], perms[5];
	const char *name = area_name(v, path, sizeof(path));

	area_perms(v, perms);
	seq_buf_printf(t, "%08lx-%08lx %s %08lx %02x:%02x %lu", v->vm_start, v->vm_end, perms,
	     inode ? v->vm_pgoff << PAGE_SHIFT : 0ul, inode ? MAJOR(inode->i_sb->s_dev) : 0,
	     inode ? MINOR(inode->i_sb->s_dev) : 0, inode ? (unsigned long)inode->i_ino : 0ul);
	if (name) {
		while (t->len - start < 48)
			seq_buf_printf(t, " ");
		seq_buf_printf(t, " %s", name);
	}
	seq_buf_printf(t, "\n");
}

static void gen_smaps_rollup(struct seq_buf *t, struct task_struct *task)
{
	struct mm_struct *mm = task->mm;
	struct smaps_acc a = { 0 };

	struct vm_area_struct *v;

	if (mm)
		for_each_vma(mm, v)
			smaps_account(&a, mm, v);
	seq_buf_printf(t, "%08lx-%08lx ---p 00000000 00:00 0                          [rollup]\n",
	     mm && vma_first(mm) ? vma_first(mm)->vm_start : 0ul,
	     mm && vma_last(mm) ? vma_last(mm)->vm_end : 0ul);
	emit_smaps_acc(t, &a, true);
}

/* Per area: its maps line, then the counts above for it alone, then the flags we keep. */
static void gen_smaps(struct seq_buf *t, struct task_struct *task)
{
	struct mm_struct *mm = task->mm;

	struct vm_area_struct *v;

	if (!mm)
		return;
	for_each_vma(mm, v) {
		struct smaps_acc a = { 0 };

		smaps_account(&a, mm, v);
		emit_map_line(t, v);
		emit_kb(t, "Size:", v->vm_end - v->vm_start);
		emit_kb(t, "KernelPageSize:", PAGE_SIZE);
		emit_kb(t, "MMUPageSize:", PAGE_SIZE);
		emit_smaps_acc(t, &a, false);
		seq_buf_printf(t, "THPeligible:    0\nVmFlags:%s%s%s%s%s\n", (v->vm_flags & VM_READ) ? " rd" : "",
		     (v->vm_flags & VM_WRITE) ? " wr" : "", (v->vm_flags & VM_EXEC) ? " ex" : "",
		     (v->vm_flags & VM_SHARED) ? " sh" : "", (v->vm_flags & VM_GROWSDOWN) ? " gd" : "");
	}
}

static void gen_maps(struct seq_buf *t, struct task_struct *task)
{
	struct mm_struct *mm = task->mm;

	struct vm_area_struct *v;

	if (mm)
		for_each_vma(mm, v)
			emit_map_line(t, v);
}

/*
 * /proc/PID/stat: Linux's 52 fields on one line. Those this kernel has no notion of are 0;
 * process group and session are the pid (each process is its own group here).
 */
static void gen_stat(struct seq_buf *t, struct task_struct *task)
{
	struct mm_struct *mm = task->mm;
	char state = task_state(task)[0];

	seq_buf_printf(t, "%d (%s) %c %d %d %d 0 -1 4194304 %lu %lu %lu %lu %u %u %u %u 20 0 %d 0 %u %lu %lu ",
	     task->pid, task->comm, state, task->parent ? task->parent->tgid : 0, task->pgid, task->sid,
	     task->min_flt, task->cmin_flt, task->maj_flt, task->cmaj_flt, task->utime, task->stime,
	     task->cutime, task->cstime, nr_threads(task), task->start_time, mm ? mm->total_vm << PAGE_SHIFT : 0ul,
	     mm ? mm->rss : 0ul);
	seq_buf_printf(t, "4294967295 %lu %lu %lu 0 0 0 0 0 0 0 0 0 17 0 0 0 0 0 0 %lu %lu %lu 0 0 0 0 %d\n",
	     mm ? mm->start_code : 0ul, mm ? mm->end_code : 0ul, mm ? mm->start_stack : 0ul,
	     mm ? mm->start_data : 0ul, mm ? mm->end_data : 0ul, mm ? mm->start_brk : 0ul,
	     task->state == TASK_ZOMBIE ? task->exit_code : 0);
}

static void gen_meminfo(struct seq_buf *t)
{
	unsigned long kb = PAGE_SIZE / 1024, high = zones[ZONE_HIGHMEM].managed_pages;
	unsigned long freehigh = zones[ZONE_HIGHMEM].free_pages;

	unsigned long buffers = 0;

	for (struct block_device *b = all_bdevs; b; b = b->next)
		buffers += b->bd_inode ? b->bd_inode->i_data.nrpages : 0;
	unsigned long ia = global_lru_pages(LRU_INACTIVE_ANON), aa = global_lru_pages(LRU_ACTIVE_ANON);
	unsigned long ifl = global_lru_pages(LRU_INACTIVE_FILE), af = global_lru_pages(LRU_ACTIVE_FILE);

	seq_buf_printf(t, "MemTotal:       %8lu kB\nMemFree:        %8lu kB\n", totalram_pages() * kb, nr_free_pages() * kb);
	/* what could be had without swap: free pages, and the clean file pages a disk backs (reclaim) */
	seq_buf_printf(t, "MemAvailable:   %8lu kB\n", (nr_free_pages() + ifl + af - min(nr_dirty, ifl + af)) * kb);
	/* the page cache: every file's pages (tmpfs and shared memory included, as on Linux);
	 * Buffers: the disks' own caches (their metadata blocks), counted apart as Linux does;
	 * SwapCached: pages in memory that also have a copy in swap */
	seq_buf_printf(t, "Buffers:        %8lu kB\nCached:         %8lu kB\nSwapCached:     %8lu kB\n", buffers * kb,
		       (nr_file_pages - buffers) * kb, nr_swapcache_pages * kb);
	/* the reclaim lists (mm/vmscan.c): active pages were used more than once lately */
	seq_buf_printf(t, "Active:         %8lu kB\nInactive:       %8lu kB\n", (aa + af) * kb, (ia + ifl) * kb);
	seq_buf_printf(t, "Active(anon):   %8lu kB\nInactive(anon): %8lu kB\nActive(file):   %8lu kB\nInactive(file): %8lu kB\n",
		       aa * kb, ia * kb, af * kb, ifl * kb);
	seq_buf_printf(t, "HighTotal:      %8lu kB\nHighFree:       %8lu kB\n", high * kb, freehigh * kb);
	seq_buf_printf(t, "LowTotal:       %8lu kB\nLowFree:        %8lu kB\n", (totalram_pages() - high) * kb,
	     (nr_free_pages() - freehigh) * kb);
	seq_buf_printf(t, "SwapTotal:      %8lu kB\nSwapFree:       %8lu kB\n", total_swap_pages * kb, nr_swap_pages * kb);
	/* file pages waiting to be written back to their disk, and being written now */
	seq_buf_printf(t, "Dirty:          %8lu kB\nWriteback:      %8lu kB\n", nr_dirty * kb, nr_writeback * kb);
	/* AnonPages: anonymous pages some process maps; Mapped: page-cache pages some process maps;
	 * Shmem: tmpfs and shared memory pages */
	seq_buf_printf(t, "AnonPages:      %8lu kB\nMapped:         %8lu kB\nShmem:          %8lu kB\n",
		       nr_anon_mapped * kb, nr_file_mapped * kb, nr_shmem_pages * kb);
	/* the slab allocator's pages (none of its caches can be shrunk here: all unreclaimable),
	 * and the processes' page directories and page tables */
	seq_buf_printf(t, "Slab:           %8lu kB\nSReclaimable:   %8lu kB\nSUnreclaim:     %8lu kB\n",
		       nr_slab_pages * kb, 0ul, nr_slab_pages * kb);
	seq_buf_printf(t, "PageTables:     %8lu kB\n", nr_pagetable_pages * kb);
	/* strict overcommit's limit, and what is promised now (areas marked VM_ACCOUNT) */
	seq_buf_printf(t, "CommitLimit:    %8lu kB\nCommitted_AS:   %8lu kB\n", vm_commit_limit() * kb,
		       vm_committed_pages() * kb);
	seq_buf_printf(t, "VmallocTotal:   %8lu kB\n", (VMALLOC_END - VMALLOC_START) >> 10);
}

static void gen_buddyinfo(struct seq_buf *t)
{
	drain_all_pages();
	for (int z = 0; z < MAX_NR_ZONES; z++) {
		if (!zones[z].managed_pages)
			continue;
		seq_buf_printf(t, "Node 0, zone %8s ", zones[z].name);
		for (unsigned o = 0; o < MAX_ORDER; o++)
			seq_buf_printf(t, "%6lu ", zones[z].free_area[o].nr_free);
		seq_buf_printf(t, "\n");
	}
}

static void show_mount(struct mount *m, void *arg)
{
	struct seq_buf *t = arg;
	struct path p = { m, m->mnt_root };
	char buf[160];
	const char *where = d_path(&p, buf, sizeof(buf));

	/* relatime: Linux's default since 2.6.30, and what access times do here too */
	seq_buf_printf(t, "%s %s %s %s,relatime 0 0\n", m->mnt_devname, IS_ERR(where) ? "?" : where,
		       m->mnt_sb->s_type->name, (m->mnt_flags & 1) ? "ro" : "rw");
}

static void gen_mounts(struct seq_buf *t)
{
	for_each_mount(show_mount, t);
}

struct count_tasks {
	int running, total, last;
};

static void count_one(struct task_struct *task, void *arg)
{
	struct count_tasks *c = arg;

	if (task->pid == 0)
		return;
	c->total++;
	c->running += task->state == TASK_RUNNING;
	c->last = max(c->last, task->pid);
}

/* /proc/stat: the CPU's ticks as Linux's USER_HZ (100) units, then the system counters. */
static void gen_stat_system(struct seq_buf *t)
{
	struct count_tasks c = { 0, 0, 0 };

	for_each_task(count_one, &c);
	for (int cpu = -1; cpu < 1; cpu++)
		seq_buf_printf(t, "cpu%s %u 0 %u %u %u 0 0 0 0 0\n", cpu < 0 ? " " : "0", cpu_user_ticks,
			       cpu_system_ticks, cpu_idle_ticks, cpu_iowait_ticks);
	seq_buf_printf(t, "intr 0\nctxt %lu\nbtime 0\nprocesses %lu\nprocs_running %d\nprocs_blocked %u\n"
		       "softirq 0 0 0 0 0 0 0 0 0 0 0\n", nr_context_switches, total_forks, c.running, nr_iowait);
}

/* /proc/diskstats: Linux's 14 fields a disk (block/blk-core.c). */
static void gen_diskstats(struct seq_buf *t)
{
	blk_show_diskstats(t);
}

/*
 * /proc/diskcopy (this kernel's own, no Linux file has it): for each disk, the bytes the CPU
 * copied to or from its controller (PIO mode) and those the controller moved itself (DMA).
 */
static void gen_diskcopy(struct seq_buf *t)
{
	seq_buf_printf(t, "disk cpu_copied_bytes dma_bytes\n");
	for (struct block_device *b = all_bdevs; b; b = b->next)
		seq_buf_printf(t, "%s %llu %llu\n", b->name, b->stats.cpu_bytes, b->stats.dma_bytes);
}

/* The counters of include/kernel/task_io_accounting.h: Linux's fields, then this kernel's. */
static void show_ioac(struct seq_buf *t, const struct task_io_accounting *a, bool linux_fields)
{
	if (linux_fields)
		seq_buf_printf(t, "rchar: %llu\nwchar: %llu\nsyscr: %llu\nsyscw: %llu\nread_bytes: %llu\n"
			       "write_bytes: %llu\ncancelled_write_bytes: 0\n", a->rchar, a->wchar, a->syscr,
			       a->syscw, a->read_bytes, a->write_bytes);
	seq_buf_printf(t, "cpu_user_copy_bytes: %llu\ncpu_kernel_copy_bytes: %llu\ndma_bytes: %llu\n"
		       "mode_switches: %llu\n", a->cpu_user_copy_bytes, a->cpu_kernel_copy_bytes,
		       a->dma_bytes, 2 * a->syscalls);
}

/*
 * /proc/PID/io: Linux's fields (bytes and calls of reading and writing, bytes from and to the
 * storage), then who moved the bytes: the CPU across the user boundary or inside the kernel,
 * or a device by DMA; and the mode switches (two per system call). The process's threads summed.
 */
static void gen_io(struct seq_buf *t, struct task_struct *task)
{
	struct task_io_accounting sum = { 0 };
	struct task_struct *o;

	for_each_thread(task, o) {
		const struct task_io_accounting *a = &o->ioac;
		sum.rchar += a->rchar;
		sum.wchar += a->wchar;
		sum.syscr += a->syscr;
		sum.syscw += a->syscw;
		sum.read_bytes += a->read_bytes;
		sum.write_bytes += a->write_bytes;
		sum.cpu_user_copy_bytes += a->cpu_user_copy_bytes;
		sum.cpu_kernel_copy_bytes += a->cpu_kernel_copy_bytes;
		sum.dma_bytes += a->dma_bytes;
		sum.syscalls += a->syscalls;
	}
	show_ioac(t, &sum, true);
}

/* The two counters each task keeps alone (the hot paths count once): system calls, user copies. */
static void add_task_counts(struct task_struct *task, void *arg)
{
	((struct task_io_accounting *)arg)->syscalls += task->ioac.syscalls;
	((struct task_io_accounting *)arg)->cpu_user_copy_bytes += task->ioac.cpu_user_copy_bytes;
}

/* /proc/copystat (this kernel's own): the same counters for the whole system since boot. */
static void gen_copystat(struct seq_buf *t)
{
	struct task_io_accounting all = system_ioac;    /* the calls and copies of tasks gone, ... */

	for_each_task(add_task_counts, &all);          /* ... and of those here */
	show_ioac(t, &all, false);
	seq_buf_printf(t, "cpu_idle_tsc: %llu\n", cpu_idle_tsc);
}

static void count_faults(struct task_struct *task, void *arg)
{
	unsigned long *flt = arg;

	flt[0] += task->min_flt;
	flt[1] += task->maj_flt;
}

/* /proc/vmstat: the counters this kernel keeps, with Linux's names (pgpgin/pgpgout in KiB). */
static void gen_vmstat(struct seq_buf *t)
{
	unsigned long rd, wr, flt[2] = { 0, 0 };

	blk_total_sectors(&rd, &wr);
	for_each_task(count_faults, flt);
	unsigned long minflt = flt[0], majflt = flt[1];
	seq_buf_printf(t, "nr_free_pages %lu\nnr_file_pages %lu\nnr_dirty %lu\nnr_writeback %lu\n"
		       "nr_shmem %lu\nnr_mapped %lu\n", nr_free_pages(), nr_file_pages, nr_dirty, nr_writeback,
		       nr_shmem_pages, nr_file_mapped);
	seq_buf_printf(t, "nr_zone_inactive_anon %lu\nnr_zone_active_anon %lu\nnr_zone_inactive_file %lu\n"
		       "nr_zone_active_file %lu\nnr_anon_pages %lu\nnr_swapcached %lu\n",
		       global_lru_pages(LRU_INACTIVE_ANON), global_lru_pages(LRU_ACTIVE_ANON),
		       global_lru_pages(LRU_INACTIVE_FILE), global_lru_pages(LRU_ACTIVE_FILE), nr_anon_mapped,
		       nr_swapcache_pages);
	seq_buf_printf(t, "pgpgin %lu\npgpgout %lu\npswpin %lu\npswpout %lu\n", rd / 2, wr / 2, nr_pswpin, nr_pswpout);
	seq_buf_printf(t, "pgactivate %lu\npgdeactivate %lu\npgfault %lu\npgmajfault %lu\n", nr_pgactivate,
		       nr_pgdeactivate, minflt + majflt, majflt);
	/* reclaim: pages looked at (scan) and taken (steal), by kswapd and by direct reclaim */
	seq_buf_printf(t, "pgsteal_kswapd %lu\npgsteal_direct %lu\npgscan_kswapd %lu\npgscan_direct %lu\n",
		       nr_pgsteal_kswapd, nr_pgsteal_direct, nr_pgscan_kswapd, nr_pgscan_direct);
	seq_buf_printf(t, "pgscan_anon %lu\npgscan_file %lu\npgsteal_anon %lu\npgsteal_file %lu\n",
		       nr_pgscan_anon, nr_pgscan_file, nr_pgsteal_anon, nr_pgsteal_file);
	seq_buf_printf(t, "pageoutrun %lu\nallocstall_normal %lu\noom_kill %lu\n", nr_pageoutrun,
		       nr_allocstall, nr_oom_kill);
	/*
	 * TLB flushes on this CPU: every CR3 load (a task switch to another address space, or a
	 * flush of the whole user part) and every invlpg. Linux counts these only in kernels built
	 * with CONFIG_DEBUG_TLBFLUSH, and not its task switches; the two plain lines after them
	 * split the task switches into those that loaded CR3 and those that kept it (threads).
	 */
	seq_buf_printf(t, "nr_tlb_local_flush_all %lu\nnr_tlb_local_flush_one %lu\n",
		       tlb_stats.local + tlb_stats.all + tlb_stats.switch_flush, tlb_stats.single);
	seq_buf_printf(t, "nr_switch_cr3_loads %lu\nnr_switch_cr3_kept %lu\n", tlb_stats.switch_flush,
		       tlb_stats.switch_kept);
}

/* /proc/loadavg: the 1, 5 and 15 minute averages, running/total tasks, the newest pid. */
static void gen_loadavg(struct seq_buf *t)
{
	struct count_tasks c = { 0, 0, 0 };

	for_each_task(count_one, &c);
	for (int i = 0; i < 3; i++) {
		unsigned long a = avenrun[i] + (1ul << 11) / 200;     /* round to 2 decimals */
		seq_buf_printf(t, "%lu.%02lu ", a >> 11, ((a & ((1ul << 11) - 1)) * 100) >> 11);
	}
	seq_buf_printf(t, "%d/%d %d\n", c.running, c.total, c.last);
}

/* /proc/uptime: seconds since boot and seconds the CPU idled, two decimals each. */
static void gen_uptime(struct seq_buf *t)
{
	u32 j = jiffies;

	seq_buf_printf(t, "%u.%02u %u.%02u\n", j / HZ, (j % HZ) * (100 / HZ), cpu_idle_ticks / HZ,
		       (cpu_idle_ticks % HZ) * (100 / HZ));
}

/* /proc/cpuinfo: the one processor as CPUID describes it, in Linux's layout. */
static void gen_cpuinfo(struct seq_buf *t)
{
	static const char *const edx_flags[32] = {
		"fpu", "vme", "de", "pse", "tsc", "msr", "pae", "mce", "cx8", "apic", NULL, "sep", "mtrr",
		"pge", "mca", "cmov", "pat", "pse36", NULL, "clflush", NULL, NULL, NULL, "mmx", "fxsr",
		"sse", "sse2", NULL, NULL, NULL, NULL, NULL,
	};
	static const char *const ecx_flags[32] = {
		"pni", NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, "ssse3", NULL, NULL, "fma", "cx16",
		NULL, NULL, NULL, NULL, NULL, "sse4_1", "sse4_2", NULL, "movbe", "popcnt", NULL, "aes",
		"xsave", NULL, "avx", NULL, "rdrand", "hypervisor",
	};
	u32 a, b, c, d, vendor[4] = { 0 }, brand[13] = { 0 }, max_ext;
	u32 khz = cpu_khz();

	u32 max_leaf;

	cpuid(0, &max_leaf, &vendor[0], &vendor[2], &vendor[1]);
	cpuid(1, &a, &b, &c, &d);
	seq_buf_printf(t, "processor\t: 0\nvendor_id\t: %s\ncpu family\t: %u\nmodel\t\t: %u\n",
		       (char *)vendor, ((a >> 8) & 15) + ((a >> 8 & 15) == 15 ? (a >> 20 & 255) : 0),
		       ((a >> 4) & 15) | (((a >> 8 & 15) == 6 || (a >> 8 & 15) == 15) ? (a >> 12 & 0xf0) : 0));
	cpuid(0x80000000, &max_ext, &b, &c, &d);
	if (max_ext >= 0x80000004) {
		for (u32 i = 0; i < 3; i++)
			cpuid(0x80000002 + i, &brand[4 * i], &brand[4 * i + 1], &brand[4 * i + 2], &brand[4 * i + 3]);
		seq_buf_printf(t, "model name\t: %s\n", (char *)brand);
	}
	cpuid(1, &a, &b, &c, &d);
	seq_buf_printf(t, "stepping\t: %u\ncpu MHz\t\t: %u.%03u\ncache size\t: 0 KB\n"
		       "physical id\t: 0\nsiblings\t: 1\ncore id\t\t: 0\ncpu cores\t: 1\nfpu\t\t: yes\n"
		       "fpu_exception\t: yes\ncpuid level\t: %u\nwp\t\t: yes\nflags\t\t:",
		       a & 15, khz / 1000, khz % 1000, max_leaf);
	for (int i = 0; i < 32; i++)
		if ((d >> i & 1) && edx_flags[i])
			seq_buf_printf(t, " %s", edx_flags[i]);
	for (int i = 0; i < 32; i++)
		if ((c >> i & 1) && ecx_flags[i])
			seq_buf_printf(t, " %s", ecx_flags[i]);
	seq_buf_printf(t, "\nbogomips\t: %u.%02u\nclflush size\t: 64\ncache_alignment\t: 64\n"
		       "address sizes\t: 36 bits physical, 32 bits virtual\npower management:\n\n",
		       khz * 2 / 1000, (khz * 2 / 10) % 100);
}

static void gen_cmdline(struct seq_buf *t)
{
	seq_buf_printf(t, "%s\n", boot_command_line);
}

static void gen_version(struct seq_buf *t)
{
	seq_buf_printf(t, "%s\n", kernel_banner);
}

/* Raw bytes of a process's memory [start, end), NULs and all (cmdline, environ). */
static void task_memory(struct seq_buf *t, struct task_struct *task, unsigned long start, unsigned long end)
{
	size_t n;

	if (!task->mm || end <= start)
		return;
	n = min((size_t)(end - start), t->size - t->len);
	mmap_read_lock(task->mm);                   /* (a swapped-out page is read back: a sleep) */
	t->len += mm_read(task->mm, start, t->buf + t->len, n);
	mmap_read_unlock(task->mm);
}

static void gen_task_cmdline(struct seq_buf *t, struct task_struct *task)
{
	if (task->mm)
		task_memory(t, task, task->mm->arg_start, task->mm->arg_end);
}

static void gen_task_environ(struct seq_buf *t, struct task_struct *task)
{
	if (task->mm)
		task_memory(t, task, task->mm->env_start, task->mm->env_end);
}

static void gen_task_comm(struct seq_buf *t, struct task_struct *task)
{
	seq_buf_printf(t, "%s\n", task->comm);
}

/* ---------------------------------------------------------------- the files */

/*
 * A file of /proc: its name and what makes its text (for the system or for one process), or,
 * for a binary file read at any offset (pagemap, kpagecount, kpageflags), what reads it.
 */
struct proc_file {
	const char *name;
	void (*show)(struct seq_buf *t);
	void (*show_task)(struct seq_buf *t, struct task_struct *task);
	ssize_t (*read)(struct task_struct *task, char *ubuf, size_t n, u64 *pos);
	/* A file one may write (mode 0644): a number, as text. 0 or -errno. */
	int (*write)(struct task_struct *task, long value);
	/* A number of /proc/sys: shown and written by ctl_int_write, instead of show and write. */
	const struct ctl_int *ctl;
	/* Text of any length: made once without a buffer to measure it, then for real. */
	bool measure;
};

/*
 * A tunable of /proc/sys (Linux's proc_dointvec_minmax): an int shown as it is, written within
 * [min, max] (else EINVAL); then changed, if there is one, acts on the new value.
 */
struct ctl_int {
	int *data;
	long min, max;
	u32 mode;                    /* 0644; 0444: read-only; 0200: write-only (drop_caches) */
	void (*changed)(int value);
};

static int ctl_int_write(const struct ctl_int *c, long value)
{
	if (value < c->min || value > c->max)
		return -EINVAL;
	*c->data = (int)value;
	if (c->changed)
		c->changed((int)value);
	return 0;
}

static void gen_oom_score(struct seq_buf *t, struct task_struct *task)
{
	seq_buf_printf(t, "%ld\n", oom_score(task));
}

static void gen_oom_score_adj(struct seq_buf *t, struct task_struct *task)
{
	seq_buf_printf(t, "%d\n", task->oom_score_adj);
}

/* Linux lets anyone raise it; lowering it needs CAP_SYS_RESOURCE, which every process here has. */
static int set_oom_score_adj(struct task_struct *task, long value)
{
	if (value < -1000 || value > 1000)
		return -EINVAL;
	struct task_struct *o;
	for_each_thread(task, o)                    /* the process's, as Linux keeps it in signal_struct */
		o->oom_score_adj = (int)value;
	return 0;
}

/* /proc/sys/vm: the reclaim and overcommit tunables (sysctl vm.*). */
static int sysctl_drop_caches;           /* the last value written, as Linux keeps it */
static int sysctl_tainted;               /* no module, no forced load, no oops kept */

static void wmarks_changed(int value)
{
	(void)value;
	setup_per_zone_wmarks();                 /* the watermarks follow at once */
}

static const struct ctl_int ctl_drop_caches = { &sysctl_drop_caches, 1, 4, 0200, drop_caches };
static const struct ctl_int ctl_max_map_count = { &sysctl_max_map_count, 0, 0x7fffffff, 0644, NULL };
static const struct ctl_int ctl_min_free_kbytes = { &min_free_kbytes, 0, 262144 * 4, 0644, wmarks_changed };
/* 0 (heuristic), 1 (always), 2 (strict: Committed_AS within CommitLimit); mm/mmap.c */
static const struct ctl_int ctl_overcommit_memory = { &sysctl_overcommit_memory, 0, 2, 0644, NULL };
static const struct ctl_int ctl_overcommit_ratio = { &sysctl_overcommit_ratio, 0, 0x7fffffff, 0644, NULL };
static const struct ctl_int ctl_swappiness = { &vm_swappiness, 0, 200, 0644, NULL };
static const struct ctl_int ctl_pid_max = { &pid_max, 301, PID_MAX, 0644, NULL };   /* Linux's range on 32-bit */
static const struct ctl_int ctl_tainted = { &sysctl_tainted, 0, 0, 0444, NULL };

static const struct proc_file sysctl_vm_files[] = {
	{ .name = "drop_caches", .ctl = &ctl_drop_caches },
	{ .name = "max_map_count", .ctl = &ctl_max_map_count },
	{ .name = "min_free_kbytes", .ctl = &ctl_min_free_kbytes },
	{ .name = "overcommit_memory", .ctl = &ctl_overcommit_memory },
	{ .name = "overcommit_ratio", .ctl = &ctl_overcommit_ratio },
	{ .name = "swappiness", .ctl = &ctl_swappiness },
};

/* /proc/sys/kernel */
static void gen_core_pattern(struct seq_buf *t)
{
	seq_buf_printf(t, "core\n");                   /* Linux's default; no core dumps are written here */
}

/* /proc/kallsyms: the kernel's functions, as Linux lists them ("c0100000 T start_kernel"). */
static void gen_kallsyms(struct seq_buf *t)
{
	for (u32 i = 0; i < ksym_count; i++)
		seq_buf_printf(t, "%08x T %s\n", ksym_table[i].addr, ksym_names + ksym_table[i].name);
}

static ssize_t proc_profile_read(struct task_struct *task, char *ubuf, size_t n, u64 *pos)
{
	(void)task;
	return profile_read(ubuf, n, pos);
}

static const struct proc_file sysctl_kernel_files[] = {
	{ .name = "core_pattern", .show = gen_core_pattern },
	{ .name = "pid_max", .ctl = &ctl_pid_max },
	{ .name = "tainted", .ctl = &ctl_tainted },
};

static const struct proc_file system_files[] = {
	{ "meminfo", gen_meminfo, NULL, NULL, NULL, NULL, false },
	{ "buddyinfo", gen_buddyinfo, NULL, NULL, NULL, NULL, false },
	{ "vmallocinfo", show_vmallocinfo, NULL, NULL, NULL, NULL, false },
	{ "slabinfo", show_slabinfo, NULL, NULL, NULL, NULL, false },
	{ "mounts", gen_mounts, NULL, NULL, NULL, NULL, false },
	{ "stat", gen_stat_system, NULL, NULL, NULL, NULL, false },
	{ "loadavg", gen_loadavg, NULL, NULL, NULL, NULL, false },
	{ "uptime", gen_uptime, NULL, NULL, NULL, NULL, false },
	{ "cmdline", gen_cmdline, NULL, NULL, NULL, NULL, false },
	{ "version", gen_version, NULL, NULL, NULL, NULL, false },
	{ "cpuinfo", gen_cpuinfo, NULL, NULL, NULL, NULL, false },
	{ "diskstats", gen_diskstats, NULL, NULL, NULL, NULL, false },
	{ "diskcopy", gen_diskcopy, NULL, NULL, NULL, NULL, false },
	{ "copystat", gen_copystat, NULL, NULL, NULL, NULL, false },
	{ "vmstat", gen_vmstat, NULL, NULL, NULL, NULL, false },
	{ "swaps", show_swaps, NULL, NULL, NULL, NULL, false },
	{ "zoneinfo", show_zoneinfo_file, NULL, NULL, NULL, NULL, false },
	{ "kpagecount", NULL, NULL, kpagecount_read, NULL, NULL, false },
	{ "kpageflags", NULL, NULL, kpageflags_read, NULL, NULL, false },
	{ "kallsyms", gen_kallsyms, NULL, NULL, NULL, NULL, false },
	{ "profile", NULL, NULL, proc_profile_read, NULL, NULL, false },   /* only with profile=N */
};

/* /proc/net: Linux's files of the same names (net/). */
static const struct proc_file net_files[] = {
	{ .name = "arp", .show = show_arp },
	{ .name = "dev", .show = show_net_dev },
	{ .name = "snmp", .show = show_net_snmp },
	{ .name = "tcp", .show = show_tcp },
	{ .name = "udp", .show = show_udp },
};

static void task_mounts(struct seq_buf *t, struct task_struct *task)
{
	gen_mounts(t);
}

static const struct proc_file task_files[] = {
	{ "status", NULL, gen_status, NULL, NULL, NULL, false },
	{ "maps", NULL, gen_maps, NULL, NULL, NULL, false },
	{ "smaps", NULL, gen_smaps, NULL, NULL, NULL, false },
	{ "smaps_rollup", NULL, gen_smaps_rollup, NULL, NULL, NULL, false },
	{ "statm", NULL, gen_statm, NULL, NULL, NULL, false },
	{ "stat", NULL, gen_stat, NULL, NULL, NULL, false },
	{ "mounts", NULL, task_mounts, NULL, NULL, NULL, false },
	{ "cmdline", NULL, gen_task_cmdline, NULL, NULL, NULL, false },
	{ "environ", NULL, gen_task_environ, NULL, NULL, NULL, false },
	{ "comm", NULL, gen_task_comm, NULL, NULL, NULL, false },
	{ "pagemap", NULL, NULL, pagemap_read, NULL, NULL, false },
	{ "oom_score", NULL, gen_oom_score, NULL, NULL, NULL, false },
	{ "io", NULL, gen_io, NULL, NULL, NULL, false },
	{ "oom_score_adj", NULL, gen_oom_score_adj, NULL, set_oom_score_adj, NULL, false },
	/* for pictures (scripts/memviz): fs/proc_memsnap.c, mm/fault_trace.c */
	{ .name = "memsnap", .show_task = gen_memsnap, .measure = true },
	{ .name = "pagefaults", .show_task = gen_pagefaults, .measure = true },
};

/*
 * A process's files: readable by all, but its environment and what shows its memory only by
 * its own user (and root): mode 0400, as on Linux.
 */
static u32 task_file_mode(const struct proc_file *pf)
{
	if (pf->show_task == gen_task_environ || pf->read == pagemap_read || pf->measure)
		return 0400;
	return pf->write ? 0644 : 0444;
}

/* Links in a process's directory: exe and cwd; and fd/, a link per open descriptor. */
static const char *const task_links[] = { "exe", "cwd" };

/*
 * What an inode of /proc stands for, kept in i_private: the pid (0: the system) and which file
 * or link, as a small number.
 */
#define PROC_ROOT 0
#define PROC_SELF 1
#define PROC_PID_DIR 2
#define PROC_SYSTEM_FILE 0x100                      /* + index in system_files */
#define PROC_TASK_FILE 0x200                        /* + index in task_files */
#define PROC_TASK_LINK 0x300                        /* + index in task_links */
#define PROC_FD_DIR 3
#define PROC_FD_LINK 0x400                          /* + the descriptor */
#define PROC_SYS_DIR 4                              /* /proc/sys */
#define PROC_SYS_VM_DIR 5                           /* /proc/sys/vm */
#define PROC_SYS_KERNEL_DIR 6                       /* /proc/sys/kernel */
#define PROC_TASK_DIR 7                             /* /proc/PID/task: a directory per thread */
#define PROC_THREAD_SELF 8                          /* /proc/thread-self: PID/task/TID */
#define PROC_SYSCTL_FILE 0x180                      /* + index in sysctl_vm_files (system files) */
#define PROC_SYSCTL_KERNEL_FILE 0x1c0               /* + index in sysctl_kernel_files */
#define PROC_NET_DIR 9                              /* /proc/net */
#define PROC_NET_FILE 0x1e0                         /* + index in net_files */

static unsigned long proc_kind(const struct inode *inode)
{
	return (unsigned long)inode->i_private & 0xfff;
}

static int proc_pid(const struct inode *inode)
{
	return (int)((unsigned long)inode->i_private >> 12);
}

static const struct inode_operations proc_root_iops, proc_pid_iops, proc_link_iops, proc_fd_iops, proc_sys_iops,
				     proc_task_iops;
static const struct file_operations proc_binary_fops;
static const struct proc_file *proc_file_of(unsigned long kind);

/* Is this kind of /proc file binary, read at any offset? */
static bool proc_binary(unsigned long kind)
{
	const struct proc_file *pf = proc_file_of(kind);

	return pf && pf->read;
}
static const struct file_operations proc_root_fops, proc_pid_fops, proc_file_fops, proc_fd_fops, proc_sys_fops,
				    proc_task_fops;

static struct inode *proc_inode(struct super_block *sb, u32 mode, int pid, unsigned long kind)
{
	struct inode *inode = new_inode(sb, mode);

	if (!inode)
		return NULL;
	inode->i_private = (void *)(((unsigned long)pid << 12) | kind);
	if (pid) {                      /* a process's files are its (effective) user's, as on Linux */
		struct task_struct *task = find_task_by_pid(pid);
		bool root = !task || (task->mm && task->mm->undumpable);   /* Linux's task_dump_owner */
		inode->i_uid = root ? 0 : task->cred.euid;
		inode->i_gid = root ? 0 : task->cred.egid;
	} else {
		inode->i_uid = inode->i_gid = 0;
	}
	/* numbers that stay the same while the process lives, as Linux's do */
	inode->i_ino = pid ? ((u32)pid << 8) + 16 + (u32)kind % 256 + (u32)(kind >> 8) * 32 : 1 + (u32)kind % 256 + (u32)(kind >> 8) * 32;
	if (S_ISDIR(mode) && kind == PROC_FD_DIR) {
		inode->i_nlink = 2;
		inode->i_op = &proc_fd_iops;
		inode->i_fop = &proc_fd_fops;
	} else if (S_ISDIR(mode) && kind == PROC_TASK_DIR) {
		inode->i_nlink = 2;
		inode->i_op = &proc_task_iops;
		inode->i_fop = &proc_task_fops;
	} else if (S_ISDIR(mode) && (kind == PROC_SYS_DIR || kind == PROC_SYS_VM_DIR || kind == PROC_SYS_KERNEL_DIR ||
				     kind == PROC_NET_DIR)) {
		inode->i_nlink = 2;
		inode->i_op = &proc_sys_iops;
		inode->i_fop = &proc_sys_fops;
	} else if (S_ISDIR(mode)) {
		inode->i_nlink = 2;
		inode->i_op = pid ? &proc_pid_iops : &proc_root_iops;
		inode->i_fop = pid ? &proc_pid_fops : &proc_root_fops;
	} else if (S_ISLNK(mode)) {
		inode->i_op = &proc_link_iops;
	} else if (proc_binary(kind)) {
		inode->i_fop = &proc_binary_fops;
	} else {
		inode->i_fop = &proc_file_fops;
	}
	return inode;
}

/* A name for d in a /proc directory: the inode, or the dentry stays negative. */
static int proc_instantiate(struct dentry *d, u32 mode, int pid, unsigned long kind)
{
	struct inode *inode = proc_inode(d->d_sb, mode, pid, kind);

	if (!inode)
		return -ENOMEM;
	d_instantiate(d, inode);
	return 0;
}

static int parse_pid(const char *s, size_t len)
{
	int pid = 0;

	if (len == 0 || len > 9)
		return 0;
	for (size_t i = 0; i < len; i++) {
		if (s[i] < '0' || s[i] > '9')
			return 0;
		pid = pid * 10 + (s[i] - '0');
	}
	return pid;
}

/* Every system file is there, but /proc/profile only when profile=N turned profiling on. */
static bool proc_system_file_exists(unsigned i)
{
	return system_files[i].read != proc_profile_read || profile_enabled();
}

static int proc_root_lookup(struct inode *dir, struct dentry *d)
{
	int pid;

	for (unsigned i = 0; i < ARRAY_SIZE(system_files); i++)
		if (!strcmp(d->d_name, system_files[i].name) && proc_system_file_exists(i))
			return proc_instantiate(d, S_IFREG | (system_files[i].read == proc_profile_read ? 0600 : 0444),
						0, PROC_SYSTEM_FILE + i);
	if (!strcmp(d->d_name, "self"))
		return proc_instantiate(d, S_IFLNK | 0777, 0, PROC_SELF);
	if (!strcmp(d->d_name, "thread-self"))
		return proc_instantiate(d, S_IFLNK | 0777, 0, PROC_THREAD_SELF);
	if (!strcmp(d->d_name, "sys"))
		return proc_instantiate(d, S_IFDIR | 0555, 0, PROC_SYS_DIR);
	if (!strcmp(d->d_name, "net"))
		return proc_instantiate(d, S_IFDIR | 0555, 0, PROC_NET_DIR);
	pid = parse_pid(d->d_name, d->d_len);
	if (pid && find_task_by_pid(pid))
		return proc_instantiate(d, S_IFDIR | 0555, pid, PROC_PID_DIR);
	return 0;
}

static int proc_pid_lookup(struct inode *dir, struct dentry *d)
{
	int pid = proc_pid(dir);

	if (!find_task_by_pid(pid))
		return 0;                               /* the process has gone */
	for (unsigned i = 0; i < ARRAY_SIZE(task_files); i++)
		if (!strcmp(d->d_name, task_files[i].name))
			return proc_instantiate(d, S_IFREG | task_file_mode(&task_files[i]), pid,
						PROC_TASK_FILE + i);
	for (unsigned i = 0; i < ARRAY_SIZE(task_links); i++)
		if (!strcmp(d->d_name, task_links[i]))
			return proc_instantiate(d, S_IFLNK | 0777, pid, PROC_TASK_LINK + i);
	if (!strcmp(d->d_name, "fd"))
		return proc_instantiate(d, S_IFDIR | 0500, pid, PROC_FD_DIR);
	if (!strcmp(d->d_name, "task"))
		return proc_instantiate(d, S_IFDIR | 0555, pid, PROC_TASK_DIR);
	return 0;
}

/* /proc/PID/task/TID: a directory like /proc/TID for each thread of the process. */
static int proc_task_lookup(struct inode *dir, struct dentry *d)
{
	struct task_struct *leader = find_task_by_pid(proc_pid(dir));
	int tid = parse_pid(d->d_name, d->d_len);
	struct task_struct *t = tid ? find_task_by_pid(tid) : NULL;

	if (!leader || !t || t->signal != leader->signal || t->autoreap)
		return 0;
	return proc_instantiate(d, S_IFDIR | 0555, tid, PROC_PID_DIR);
}

static int proc_task_readdir(struct file *f, struct dir_context *ctx)
{
	struct task_struct *task = find_task_by_pid(proc_pid(file_inode(f))), *o;

	for (;;) {
		u64 i = ctx->pos;
		char name[16];
		int seen = -1;
		struct task_struct *found = NULL;

		if (i < 2) {
			if (!ctx->emit(ctx, i ? ".." : ".", i + 1, file_inode(f)->i_ino, DT_DIR))
				return 0;
			continue;
		}
		if (task)
			list_for_each_entry(o, &task->signal->thread_head, thread_node)
				if (!o->autoreap && ++seen == (int)(i - 2)) {
					found = o;
					break;
				}
		if (!found)
			return 0;
		snprintf(name, sizeof(name), "%d", found->pid);
		if (!ctx->emit(ctx, name, strlen(name), ((u32)found->pid << 8) + 16 + PROC_PID_DIR, DT_DIR))
			return 0;
	}
}

/* /proc/sys holds kernel/ and vm/, each a table of tunables (sysctl kernel.*, vm.*). */
struct sysctl_dir {
	const char *name;
	unsigned long dir_kind, file_kind;
	const struct proc_file *files;
	unsigned nfiles;
};

static const struct sysctl_dir sysctl_dirs[] = {
	{ "kernel", PROC_SYS_KERNEL_DIR, PROC_SYSCTL_KERNEL_FILE, sysctl_kernel_files, ARRAY_SIZE(sysctl_kernel_files) },
	{ "vm", PROC_SYS_VM_DIR, PROC_SYSCTL_FILE, sysctl_vm_files, ARRAY_SIZE(sysctl_vm_files) },
};

/* /proc/net: the network stack's tables, a directory of files made the same way. */
static const struct sysctl_dir net_dir = { "net", PROC_NET_DIR, PROC_NET_FILE, net_files, ARRAY_SIZE(net_files) };

static const struct sysctl_dir *sysctl_dir_of(unsigned long kind)
{
	for (unsigned i = 0; i < ARRAY_SIZE(sysctl_dirs); i++)
		if (sysctl_dirs[i].dir_kind == kind)
			return &sysctl_dirs[i];
	return kind == PROC_NET_DIR ? &net_dir : NULL;
}

/* A tunable's mode: its own for a number, else 0444 (what cannot be written). */
static u32 sysctl_mode(const struct proc_file *f)
{
	return f->ctl ? f->ctl->mode : 0444;
}

static int proc_sys_lookup(struct inode *dir, struct dentry *d)
{
	const struct sysctl_dir *sd = sysctl_dir_of(proc_kind(dir));

	if (!sd) {                                      /* /proc/sys itself */
		for (unsigned i = 0; i < ARRAY_SIZE(sysctl_dirs); i++)
			if (!strcmp(d->d_name, sysctl_dirs[i].name))
				return proc_instantiate(d, S_IFDIR | 0555, 0, sysctl_dirs[i].dir_kind);
		return 0;
	}
	for (unsigned i = 0; i < sd->nfiles; i++)
		if (!strcmp(d->d_name, sd->files[i].name))
			return proc_instantiate(d, S_IFREG | sysctl_mode(&sd->files[i]), 0, sd->file_kind + i);
	return 0;
}

static int proc_sys_readdir(struct file *f, struct dir_context *ctx)
{
	const struct sysctl_dir *sd = sysctl_dir_of(proc_kind(file_inode(f)));
	u32 ino = file_inode(f)->i_ino;

	for (;;) {
		u64 i = ctx->pos;
		bool more;

		if (i < 2)
			more = ctx->emit(ctx, i ? ".." : ".", i + 1, ino, DT_DIR);
		else if (!sd && i - 2 < ARRAY_SIZE(sysctl_dirs))
			more = ctx->emit(ctx, sysctl_dirs[i - 2].name, strlen(sysctl_dirs[i - 2].name),
					 1 + (u32)sysctl_dirs[i - 2].dir_kind, DT_DIR);
		else if (sd && i - 2 < sd->nfiles)
			more = ctx->emit(ctx, sd->files[i - 2].name, strlen(sd->files[i - 2].name),
					 1 + (u32)((sd->file_kind + i - 2) % 256) + 32, DT_REG);
		else
			return 0;
		if (!more)
			return 0;
	}
}

/* /proc/PID/fd/N: a link per open descriptor, to the file's path. */
static int proc_fd_lookup(struct inode *dir, struct dentry *d)
{
	struct task_struct *task = find_task_by_pid(proc_pid(dir));
	int fd = parse_pid(d->d_name, d->d_len);

	if (d->d_len == 1 && d->d_name[0] == '0')
		fd = 0;
	else if (!fd)
		return 0;
	if (!task || fd >= NR_OPEN || !task->files->fd[fd])
		return 0;
	return proc_instantiate(d, S_IFLNK | 0700, proc_pid(dir), PROC_FD_LINK + (unsigned long)fd);
}

static int proc_fd_readdir(struct file *f, struct dir_context *ctx)
{
	struct task_struct *task = find_task_by_pid(proc_pid(file_inode(f)));

	for (;;) {
		u64 i = ctx->pos;
		char name[8];
		int fd, seen = -1;

		if (i < 2) {
			if (!ctx->emit(ctx, i ? ".." : ".", i + 1, file_inode(f)->i_ino, DT_DIR))
				return 0;
			continue;
		}
		/* entry i is the (i-2)-th open descriptor */
		for (fd = 0; task && fd < NR_OPEN; fd++)
			if (task->files->fd[fd] && ++seen == (int)(i - 2))
				break;
		if (!task || fd >= NR_OPEN)
			return 0;
		snprintf(name, sizeof(name), "%d", fd);
		if (!ctx->emit(ctx, name, strlen(name), file_inode(f)->i_ino + 1 + (u32)fd, DT_LNK))
			return 0;
	}
}

/* What a descriptor's link says: the path, or "pipe:[inode]" for a pipe, as on Linux. */
static int fd_link(struct file *file, char *buf, size_t size)
{
	char *p;

	if (!file->f_path.mnt && S_ISFIFO(file_inode(file)->i_mode))
		return snprintf(buf, size, "pipe:[%u]", file_inode(file)->i_ino);
	p = d_path(&file->f_path, buf, size);
	if (IS_ERR(p))
		return (int)PTR_ERR(p);
	memmove(buf, p, strlen(p) + 1);
	return (int)strlen(buf);
}

/* self: the caller's pid; exe: the program's path; cwd: the current directory's. */
static int proc_get_link(struct dentry *d, char *buf, size_t size)
{
	struct inode *inode = d->d_inode;
	struct task_struct *task;
	const struct path *target;
	char *p;

	if (proc_kind(inode) == PROC_SELF)
		return snprintf(buf, size, "%d", current->tgid);
	if (proc_kind(inode) == PROC_THREAD_SELF)
		return snprintf(buf, size, "%d/task/%d", current->tgid, current->pid);
	task = find_task_by_pid(proc_pid(inode));
	if (!task || task->state == TASK_ZOMBIE)
		return -ENOENT;
	if (!may_inspect(task))
		return -EACCES;                     /* another user's files and directories */
	if (proc_kind(inode) >= PROC_FD_LINK) {
		unsigned fd = (unsigned)(proc_kind(inode) - PROC_FD_LINK);
		return fd < NR_OPEN && task->files->fd[fd] ? fd_link(task->files->fd[fd], buf, size) : -ENOENT;
	}
	if (proc_kind(inode) == PROC_TASK_LINK + 0) {
		if (!task->mm || !task->mm->exe_file)
			return -ENOENT;
		target = &task->mm->exe_file->f_path;
	} else {
		target = &task->fs->pwd;
	}
	p = d_path(target, buf, size);
	if (IS_ERR(p))
		return (int)PTR_ERR(p);
	memmove(buf, p, strlen(p) + 1);
	return (int)strlen(buf);
}

struct nth_task {
	unsigned n;                     /* how many processes to pass over */
	int pid;                        /* the one found, or 0 */
};

static void count_task(struct task_struct *t, void *arg)
{
	struct nth_task *want = arg;

	if (t->pid == 0 || want->pid || t != t->group_leader)
		return;                 /* the idle task is not a process; a thread is listed in its task/ */
	if (want->n == 0)
		want->pid = t->pid;
	else
		want->n--;
}

/* /proc lists ".", "..", the system files, "self", then a directory per process. */
static int proc_root_readdir(struct file *f, struct dir_context *ctx)
{
	for (;;) {
		u64 i = ctx->pos;
		char name[16];
		bool more;

		if (i < 2) {
			more = ctx->emit(ctx, i ? ".." : ".", i + 1, 1, DT_DIR);
		} else if (i - 2 < ARRAY_SIZE(system_files)) {
			const char *n = system_files[i - 2].name;
			if (!proc_system_file_exists((unsigned)(i - 2))) {
				ctx->pos++;                     /* /proc/profile without profile=N */
				continue;
			}
			more = ctx->emit(ctx, n, strlen(n), 1 + (u32)(i - 2) + 8, DT_REG);
		} else if (i - 2 == ARRAY_SIZE(system_files)) {
			more = ctx->emit(ctx, "self", 4, 2, DT_LNK);
		} else if (i - 3 == ARRAY_SIZE(system_files)) {
			more = ctx->emit(ctx, "sys", 3, 1 + PROC_SYS_DIR, DT_DIR);
		} else if (i - 4 == ARRAY_SIZE(system_files)) {
			more = ctx->emit(ctx, "net", 3, 1 + PROC_NET_DIR, DT_DIR);
		} else {
			struct nth_task want = { (unsigned)(i - 5 - ARRAY_SIZE(system_files)), 0 };
			for_each_task(count_task, &want);
			if (!want.pid)
				return 0;
			snprintf(name, sizeof(name), "%d", want.pid);
			more = ctx->emit(ctx, name, strlen(name), ((u32)want.pid << 8) + 16 + PROC_PID_DIR, DT_DIR);
		}
		if (!more)
			return 0;
	}
}

static int proc_pid_readdir(struct file *f, struct dir_context *ctx)
{
	const unsigned nfiles = ARRAY_SIZE(task_files), nlinks = ARRAY_SIZE(task_links);

	for (;;) {
		u64 i = ctx->pos;
		bool more;

		if (i < 2) {
			more = ctx->emit(ctx, i ? ".." : ".", i + 1, file_inode(f)->i_ino, DT_DIR);
		} else if (i - 2 < nfiles) {
			const char *n = task_files[i - 2].name;
			more = ctx->emit(ctx, n, strlen(n), file_inode(f)->i_ino + 1 + i, DT_REG);
		} else if (i - 2 - nfiles < nlinks) {
			const char *n = task_links[i - 2 - nfiles];
			more = ctx->emit(ctx, n, strlen(n), file_inode(f)->i_ino + 1 + i, DT_LNK);
		} else if (i - 2 - nfiles == nlinks) {
			more = ctx->emit(ctx, "fd", 2, file_inode(f)->i_ino + 1 + i, DT_DIR);
		} else if (i - 3 - nfiles == nlinks) {
			more = ctx->emit(ctx, "task", 4, file_inode(f)->i_ino + 1 + i, DT_DIR);
		} else {
			return 0;
		}
		if (!more)
			return 0;
	}
}

static const struct inode_operations proc_root_iops = { .lookup = proc_root_lookup };
static const struct inode_operations proc_pid_iops = { .lookup = proc_pid_lookup };
static const struct inode_operations proc_link_iops = { .get_link = proc_get_link };
static const struct inode_operations proc_fd_iops = { .lookup = proc_fd_lookup };
static const struct inode_operations proc_sys_iops = { .lookup = proc_sys_lookup };
static const struct inode_operations proc_task_iops = { .lookup = proc_task_lookup };
static const struct file_operations proc_task_fops = { .iterate = proc_task_readdir };
static const struct file_operations proc_sys_fops = { .iterate = proc_sys_readdir };
static const struct file_operations proc_fd_fops = { .iterate = proc_fd_readdir };
static const struct file_operations proc_root_fops = { .iterate = proc_root_readdir };
static const struct file_operations proc_pid_fops = { .iterate = proc_pid_readdir };

/* ---------------------------------------------------------------- reading a file */

static int proc_file_open(struct inode *inode, struct file *f)
{
	unsigned long kind = proc_kind(inode);
	struct task_struct *task = NULL;
	struct seq_buf *t;

	const struct proc_file *pf = proc_file_of(kind);

	if ((f->f_mode & FMODE_WRITE) && !(pf->write || (pf->ctl && (pf->ctl->mode & 0200))))
		return -EACCES;
	if ((f->f_mode & FMODE_READ) && pf->ctl && !(pf->ctl->mode & 0400))
		return -EACCES;                 /* write-only: drop_caches */
	if (kind >= PROC_TASK_FILE) {
		task = find_task_by_pid(proc_pid(inode));
		if (!task)
			return -ENOENT;                 /* the process has gone */
	}
	t = kzalloc(sizeof(*t), GFP_KERNEL);
	if (!t)
		return -ENOMEM;
	/* room for every area: a maps line is under 200 bytes, an smaps entry under 1 KiB */
	t->size = task ? 4096 + (task->mm ? task->mm->map_count * 1024ul : 0)
		       : pf->show == gen_kallsyms ? 16384 + ksym_count * 64ul : 16384;
	if (task && pf->measure) {
		pf->show_task(t, task);         /* no buffer yet: this only measures the text */
		t->size = t->len + 4096;        /* and room for what allocating the buffer changes */
		t->len = 0;
	}
	t->buf = vmalloc(t->size);
	if (!t->buf) {
		kfree(t);
		return -ENOMEM;
	}
	if (kind >= PROC_TASK_FILE)
		task_files[kind - PROC_TASK_FILE].show_task(t, task);
	else if (pf->ctl)
		seq_buf_printf(t, "%d\n", *pf->ctl->data);
	else
		pf->show(t);
	f->private_data = t;
	return 0;
}

/* Writing a number to a writable file (echo 1 > /proc/sys/vm/drop_caches). */
static ssize_t proc_write(struct file *f, const char *ubuf, size_t n, u64 *pos)
{
	struct inode *inode = file_inode(f);
	unsigned long kind = proc_kind(inode);
	struct task_struct *task = NULL;
	char buf[24], *p = buf;
	unsigned long magnitude;
	bool negative;
	long value;
	int err;

	(void)pos;
	if (n >= sizeof(buf))
		return -EINVAL;
	if (copy_from_user(buf, ubuf, n))
		return -EFAULT;
	buf[n] = '\0';
	if (n && buf[n - 1] == '\n')
		buf[n - 1] = '\0';                     /* echo's newline */
	while (*p == ' ' || *p == '\t')
		p++;
	negative = *p == '-';
	if (parse_ulong(p + negative, &magnitude) || magnitude > 0x7fffffff)
		return -EINVAL;
	value = negative ? -(long)magnitude : (long)magnitude;
	if (kind >= PROC_TASK_FILE && !(task = find_task_by_pid(proc_pid(inode))))
		return -ESRCH;
	err = proc_file_of(kind)->ctl ? ctl_int_write(proc_file_of(kind)->ctl, value)
				       : proc_file_of(kind)->write(task, value);
	return err ? err : (ssize_t)n;
}

static ssize_t proc_read(struct file *f, char *ubuf, size_t n, u64 *pos)
{
	struct seq_buf *t = f->private_data;
	size_t avail;

	if (*pos >= t->len)
		return 0;
	avail = min(n, (size_t)(t->len - *pos));
	if (copy_to_user(ubuf, t->buf + *pos, avail))
		return -EFAULT;
	*pos += avail;
	return (ssize_t)avail;
}

static void proc_release(struct inode *inode, struct file *f)
{
	struct seq_buf *t = f->private_data;

	vfree(t->buf);
	kfree(t);
}

static const struct file_operations proc_file_fops = {
	.open = proc_file_open,
	.read = proc_read,
	.write = proc_write,
	.release = proc_release,
};

static const struct proc_file *proc_file_of(unsigned long kind)
{
	if (kind >= PROC_SYSCTL_FILE && kind - PROC_SYSCTL_FILE < ARRAY_SIZE(sysctl_vm_files))
		return &sysctl_vm_files[kind - PROC_SYSCTL_FILE];
	if (kind >= PROC_SYSCTL_KERNEL_FILE && kind - PROC_SYSCTL_KERNEL_FILE < ARRAY_SIZE(sysctl_kernel_files))
		return &sysctl_kernel_files[kind - PROC_SYSCTL_KERNEL_FILE];
	if (kind >= PROC_NET_FILE && kind - PROC_NET_FILE < ARRAY_SIZE(net_files))
		return &net_files[kind - PROC_NET_FILE];
	if (kind >= PROC_SYSTEM_FILE && kind - PROC_SYSTEM_FILE < ARRAY_SIZE(system_files))
		return &system_files[kind - PROC_SYSTEM_FILE];
	if (kind >= PROC_TASK_FILE && kind - PROC_TASK_FILE < ARRAY_SIZE(task_files))
		return &task_files[kind - PROC_TASK_FILE];
	return NULL;
}

/* Binary files: entries of 8 bytes, read at an offset that is a whole number of entries. */
static ssize_t proc_binary_read(struct file *f, char *ubuf, size_t n, u64 *pos)
{
	struct inode *inode = file_inode(f);
	struct task_struct *task = NULL;

	if (((*pos | n) & 7) && proc_file_of(proc_kind(inode))->read != proc_profile_read)
		return -EINVAL;                         /* /proc/profile: any offset, as Linux's */
	if (proc_kind(inode) >= PROC_TASK_FILE) {
		task = find_task_by_pid(proc_pid(inode));
		if (!task || task->state == TASK_ZOMBIE)
			return 0;
	}
	return proc_file_of(proc_kind(inode))->read(task, ubuf, n, pos);
}

/* A write to /proc/profile (any bytes, as readprofile -r writes) starts its counters again. */
static ssize_t proc_binary_write(struct file *f, const char *ubuf, size_t n, u64 *pos)
{
	(void)ubuf;
	(void)pos;
	if (proc_file_of(proc_kind(file_inode(f)))->read != proc_profile_read)
		return -EINVAL;
	profile_reset();
	return (ssize_t)n;
}

static const struct file_operations proc_binary_fops = {
	.read = proc_binary_read,
	.write = proc_binary_write,
};

/* ---------------------------------------------------------------- the file system */

static int proc_fill_super(struct super_block *sb, const char *source, const void *data)
{
	struct inode *root;

	sb->s_magic = PROC_SUPER_MAGIC;
	root = proc_inode(sb, S_IFDIR | 0555, 0, PROC_ROOT);
	if (!root)
		return -ENOMEM;
	sb->s_root = d_alloc_root(root);
	return sb->s_root ? 0 : -ENOMEM;
}

static struct file_system_type proc_fs_type = {
	.name = "proc", .fill_super = proc_fill_super, .single = true,
};

void proc_register(void)
{
	register_filesystem(&proc_fs_type);
}
