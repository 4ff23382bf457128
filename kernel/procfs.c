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
 * ("self" may also be a pid.) Each file's text is made when it is opened; listing /proc shows
 * the system files, self and a directory per process.
 */
#include <kernel/file.h>
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
#include <asm/x86.h>

static void gen_status(struct seq_buf *t, struct task_struct *task)
{
	struct mm_struct *mm = task->mm;
	unsigned long kb = PAGE_SIZE / 1024;

	seq_buf_printf(t, "Name:\t%s\nState:\t%s\nPid:\t%d\nPPid:\t%d\n", task->comm,
	     task->state == TASK_RUNNING ? "R (running)" : task->state == TASK_ZOMBIE ? "Z (zombie)" : "S (sleeping)",
	     task->pid, task->parent ? task->parent->pid : 0);
	if (!mm)
		return;
	/* Linux's order; VmPeak and VmHWM are the high-water marks of VmSize and VmRSS */
	seq_buf_printf(t, "VmPeak:\t%8lu kB\nVmSize:\t%8lu kB\nVmHWM:\t%8lu kB\nVmRSS:\t%8lu kB\n",
	     mm->hiwater_vm * kb, mm->total_vm * kb, mm->hiwater_rss * kb, mm->rss * kb);
	seq_buf_printf(t, "RssAnon:\t%8lu kB\nRssFile:\t%8lu kB\n", mm->rss_anon * kb, mm->rss_file * kb);
	for (unsigned i = 0; i < mm->map_count; i++)
		if (mm->vmas[i]->vm_flags & VM_GROWSDOWN)
			seq_buf_printf(t, "VmStk:\t%8lu kB\n", (mm->vmas[i]->vm_end - mm->vmas[i]->vm_start) >> 10);
	seq_buf_printf(t, "VmMapCount:\t%u\n", mm->map_count);
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
	for (unsigned i = 0; i < mm->map_count; i++) {
		const struct vm_area_struct *v = mm->vmas[i];
		unsigned long pages = (v->vm_end - v->vm_start) >> PAGE_SHIFT;
		if (v->vm_flags & VM_EXEC)
			text += pages;
		else if ((v->vm_flags & VM_WRITE) && !(v->vm_flags & VM_SHARED))
			data += pages;                   /* data, heap, stack, private writable mmap */
	}
	seq_buf_printf(t, "%lu %lu %lu %lu 0 %lu 0\n", mm->total_vm, mm->rss, mm->rss_file, text, data);
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
	unsigned long referenced, anon;
	u64 pss, pss_dirty, pss_anon, pss_file;    /* in 1/4096 of a byte, as Linux keeps them */
};

static void smaps_account(struct smaps_acc *a, struct mm_struct *mm, const struct vm_area_struct *v)
{
	for (unsigned long va = v->vm_start; va < v->vm_end; va += PAGE_SIZE) {
		pte_t *pte = user_pte(mm->pgd, va, false);
		struct page *page;
		unsigned long users;
		bool dirty;
		u64 share = (u64)PAGE_SIZE << 12;

		if (!pte || !pte_has_page(*pte))
			continue;
		page = pfn_to_page(*pte >> PAGE_SHIFT);
		users = (unsigned long)(page->_mapcount + 1);
		dirty = !page->mapping || (*pte & _PAGE_DIRTY);
		div64_u32_rem(&share, users ? (u32)users : 1);
		a->rss += PAGE_SIZE;
		a->pss += share;
		if (dirty)
			a->pss_dirty += share;
		if (page->mapping)
			a->pss_file += share;
		else
			a->pss_anon += share;
		if (users > 1)
			*(dirty ? &a->shared_dirty : &a->shared_clean) += PAGE_SIZE;
		else
			*(dirty ? &a->private_dirty : &a->private_clean) += PAGE_SIZE;
		if (*pte & _PAGE_ACCESSED)
			a->referenced += PAGE_SIZE;
		if (!page->mapping)
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
		emit_kb(t, "Pss_Shmem:", 0);
	}
	emit_kb(t, "Shared_Clean:", a->shared_clean);
	emit_kb(t, "Shared_Dirty:", a->shared_dirty);
	emit_kb(t, "Private_Clean:", a->private_clean);
	emit_kb(t, "Private_Dirty:", a->private_dirty);
	emit_kb(t, "Referenced:", a->referenced);
	emit_kb(t, "Anonymous:", a->anon);
	/* no swap, no huge pages, no lazy freeing, no mlock bookkeeping here */
	emit_kb(t, "LazyFree:", 0);
	emit_kb(t, "AnonHugePages:", 0);
	emit_kb(t, "ShmemPmdMapped:", 0);
	emit_kb(t, "FilePmdMapped:", 0);
	seq_buf_printf(t, "Shared_Hugetlb:  %7d kB\nPrivate_Hugetlb: %7d kB\n", 0, 0);
	emit_kb(t, "Swap:", 0);
	emit_kb(t, "SwapPss:", 0);
	emit_kb(t, "Locked:", 0);
}

/* Linux's /proc/PID/maps line: range, permissions, offset, device, inode, then the name at column 49. */
static void emit_map_line(struct seq_buf *t, const struct vm_area_struct *v)
{
	size_t start = t->len;
	const char *name = v->vm_name;

	seq_buf_printf(t, "%08lx-%08lx %c%c%c%c %08lx 00:00 %lu", v->vm_start, v->vm_end,
	     (v->vm_flags & VM_READ) ? 'r' : '-', (v->vm_flags & VM_WRITE) ? 'w' : '-',
	     (v->vm_flags & VM_EXEC) ? 'x' : '-', (v->vm_flags & VM_SHARED) ? 's' : 'p',
	     v->vm_pgoff << PAGE_SHIFT, v->vm_file ? (unsigned long)v->vm_file->ino : 0ul);
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

	for (unsigned i = 0; mm && i < mm->map_count; i++)
		smaps_account(&a, mm, mm->vmas[i]);
	seq_buf_printf(t, "%08lx-%08lx ---p 00000000 00:00 0                          [rollup]\n",
	     mm && mm->map_count ? mm->vmas[0]->vm_start : 0ul,
	     mm && mm->map_count ? mm->vmas[mm->map_count - 1]->vm_end : 0ul);
	emit_smaps_acc(t, &a, true);
}

/* Per area: its maps line, then the counts above for it alone, then the flags we keep. */
static void gen_smaps(struct seq_buf *t, struct task_struct *task)
{
	struct mm_struct *mm = task->mm;

	for (unsigned i = 0; mm && i < mm->map_count; i++) {
		const struct vm_area_struct *v = mm->vmas[i];
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

	for (unsigned i = 0; mm && i < mm->map_count; i++)
		emit_map_line(t, mm->vmas[i]);
}

/*
 * /proc/PID/stat: Linux's 52 fields on one line. Those this kernel has no notion of are 0;
 * process group and session are the pid (each process is its own group here).
 */
static void gen_stat(struct seq_buf *t, struct task_struct *task)
{
	struct mm_struct *mm = task->mm;
	char state = task->state == TASK_RUNNING ? 'R' : task->state == TASK_ZOMBIE ? 'Z' : 'S';

	seq_buf_printf(t, "%d (%s) %c %d %d %d 0 -1 4194304 %lu %lu %lu %lu %u %u %u %u 20 0 1 0 %u %lu %lu ",
	     task->pid, task->comm, state, task->parent ? task->parent->pid : 0, task->pid, task->pid,
	     task->min_flt, task->cmin_flt, task->maj_flt, task->cmaj_flt, task->utime, task->stime,
	     task->cutime, task->cstime, task->start_time, mm ? mm->total_vm << PAGE_SHIFT : 0ul,
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

	seq_buf_printf(t, "MemTotal:       %8lu kB\nMemFree:        %8lu kB\n", totalram_pages() * kb, nr_free_pages() * kb);
	seq_buf_printf(t, "HighTotal:      %8lu kB\nHighFree:       %8lu kB\n", high * kb, freehigh * kb);
	seq_buf_printf(t, "LowTotal:       %8lu kB\nLowFree:        %8lu kB\n", (totalram_pages() - high) * kb,
	     (nr_free_pages() - freehigh) * kb);
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

/* ---------------------------------------------------------------- file operations */

static ssize_t proc_read(struct file *f, char *ubuf, size_t n)
{
	struct seq_buf *t = f->private_data;
	size_t avail;

	if (f->pos >= t->len)
		return 0;
	avail = min(n, (size_t)(t->len - f->pos));
	if (copy_to_user(ubuf, t->buf + f->pos, avail))
		return -EFAULT;
	f->pos += avail;
	return (ssize_t)avail;
}

static ssize_t proc_write(struct file *f, const char *ubuf, size_t n)
{
	(void)f, (void)ubuf, (void)n;
	return -EACCES;
}

static long proc_ioctl(struct file *f, unsigned cmd, unsigned long arg)
{
	(void)f, (void)cmd, (void)arg;
	return -ENOTTY;
}

static void proc_release(struct file *f)
{
	struct seq_buf *t = f->private_data;

	vfree(t->buf);
	kfree(t);
}

const struct file_operations proc_fops = {
	.read = proc_read,
	.write = proc_write,
	.ioctl = proc_ioctl,
	.release = proc_release,
};

/* Which task a /proc/PID/... path names ("self" is the caller). */
static struct task_struct *proc_task(const char **rest)
{
	const char *p = *rest;
	int pid = 0;

	if (!strncmp(p, "self/", 5)) {
		*rest = p + 5;
		return current;
	}
	while (*p >= '0' && *p <= '9')
		pid = pid * 10 + (*p++ - '0');
	if (*p != '/' || !pid)
		return NULL;
	*rest = p + 1;
	return find_task_by_pid(pid);
}

/* The files of /proc that describe the whole system, not one process. */
static const char *const system_files[] = { "meminfo", "buddyinfo", "vmallocinfo", "slabinfo" };

static bool is_system_file(const char *name)
{
	for (unsigned i = 0; i < ARRAY_SIZE(system_files); i++)
		if (!strcmp(name, system_files[i]))
			return true;
	return false;
}

struct nth_task {
	unsigned n;                     /* how many processes to pass over */
	int pid;                        /* the one found, or 0 */
};

static void count_task(struct task_struct *t, void *arg)
{
	struct nth_task *want = arg;

	if (t->pid == 0 || want->pid)
		return;                 /* the idle task is not a process */
	if (want->n == 0)
		want->pid = t->pid;
	else
		want->n--;
}

/*
 * The i-th name in a listing of /proc, after what the RAM file system holds there: the system
 * files, "self", then a directory per process. Returns its type (DT_REG, DT_LNK, DT_DIR) with
 * the name in buf, or 0 past the end.
 */
int proc_dir_entry(unsigned i, char *buf, size_t size)
{
	struct nth_task want = { 0, 0 };

	if (i < ARRAY_SIZE(system_files)) {
		strlcpy(buf, system_files[i], size);
		return DT_REG;
	}
	i -= ARRAY_SIZE(system_files);
	if (i == 0) {
		strlcpy(buf, "self", size);
		return DT_LNK;
	}
	want.n = i - 1;
	for_each_task(count_task, &want);
	if (!want.pid)
		return 0;
	snprintf(buf, size, "%d", want.pid);
	return DT_DIR;
}

bool is_proc_path(const char *path)
{
	return !strncmp(path, "/proc/", 6);
}

struct file *proc_open(const char *path, int flags, int *err)
{
	const char *rest = path + 6;
	struct seq_buf *t;
	struct task_struct *task = NULL;
	struct file *f;

	if ((flags & O_ACCMODE) != O_RDONLY) {
		*err = -EACCES;
		return NULL;
	}
	if (!is_system_file(rest) && !(task = proc_task(&rest))) {
		*err = -ENOENT;
		return NULL;
	}
	t = kzalloc(sizeof(*t), GFP_KERNEL);
	f = kzalloc(sizeof(*f), GFP_KERNEL);
	if (t)      /* room for every area: a maps line is under 96 bytes, an smaps entry under 1 KiB */
		t->size = task ? 4096 + (task->mm ? task->mm->map_count * 1024ul : 0) : 16384;
	if (!t || !f || !(t->buf = vmalloc(t->size))) {
		*err = -ENOMEM;
		goto fail;
	}
	if (!strcmp(rest, "meminfo")) {
		gen_meminfo(t);
	} else if (!strcmp(rest, "buddyinfo")) {
		gen_buddyinfo(t);
	} else if (!strcmp(rest, "vmallocinfo")) {
		show_vmallocinfo(t);
	} else if (!strcmp(rest, "slabinfo")) {
		show_slabinfo(t);
	} else if (!strcmp(rest, "status")) {
		gen_status(t, task);
	} else if (!strcmp(rest, "maps")) {
		gen_maps(t, task);
	} else if (!strcmp(rest, "smaps")) {
		gen_smaps(t, task);
	} else if (!strcmp(rest, "statm")) {
		gen_statm(t, task);
	} else if (!strcmp(rest, "stat")) {
		gen_stat(t, task);
	} else if (!strcmp(rest, "smaps_rollup")) {
		gen_smaps_rollup(t, task);
	} else {
		*err = -ENOENT;
		goto fail;
	}
	f->f_op = &proc_fops;
	f->private_data = t;
	f->flags = flags;
	f->refs = 1;
	return f;
fail:
	if (t)
		vfree(t->buf);
	kfree(t);
	kfree(f);
	return NULL;
}
