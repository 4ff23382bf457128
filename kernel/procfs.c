/*
 * A small /proc, in Linux's formats, so a program can watch what the seed texts explain:
 *   /proc/self/status   VmSize (VSZ: what was promised), VmRSS (what is in RAM), their peaks
 *                       VmPeak and VmHWM, RssAnon, RssFile
 *   /proc/self/maps     the areas of the address space, as pmap shows them
 *   /proc/self/statm    size resident shared text lib data dt, in pages
 *   /proc/self/smaps_rollup  Rss and Pss (proportional set size) over all areas
 *   /proc/meminfo       free and total memory, lowmem and HighMem
 *   /proc/buddyinfo     the buddy allocator's free lists
 * ("self" may also be a pid.) Each file's text is made when it is opened.
 */
#include <kernel/file.h>
#include <kernel/sched.h>
#include <kernel/errno.h>
#include <kernel/string.h>
#include <kernel/vsprintf.h>
#include <kernel/uaccess.h>
#include <mm/mm_types.h>
#include <mm/mmzone.h>
#include <mm/page.h>
#include <mm/slab.h>
#include <mm/vmalloc.h>
#include <mm/init.h>
#include <mm/memory.h>
#include <asm/x86.h>

struct proc_text {
	char *buf;
	size_t size, len;
};

static void __printf(2, 3) emit(struct proc_text *t, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (t->len >= t->size)
		return;
	va_start(ap, fmt);
	n = vsnprintf(t->buf + t->len, t->size - t->len, fmt, ap);
	va_end(ap);
	t->len = min(t->len + (size_t)n, t->size - 1);
}

static void gen_status(struct proc_text *t, struct task_struct *task)
{
	struct mm_struct *mm = task->mm;
	unsigned long kb = PAGE_SIZE / 1024;

	emit(t, "Name:\t%s\nState:\t%s\nPid:\t%d\nPPid:\t%d\n", task->comm,
	     task->state == TASK_RUNNING ? "R (running)" : task->state == TASK_ZOMBIE ? "Z (zombie)" : "S (sleeping)",
	     task->pid, task->parent ? task->parent->pid : 0);
	if (!mm)
		return;
	/* Linux's order; VmPeak and VmHWM are the high-water marks of VmSize and VmRSS */
	emit(t, "VmPeak:\t%8lu kB\nVmSize:\t%8lu kB\nVmHWM:\t%8lu kB\nVmRSS:\t%8lu kB\n",
	     mm->hiwater_vm * kb, mm->total_vm * kb, mm->hiwater_rss * kb, mm->rss * kb);
	emit(t, "RssAnon:\t%8lu kB\nRssFile:\t%8lu kB\n", mm->rss_anon * kb, mm->rss_file * kb);
	for (unsigned i = 0; i < mm->map_count; i++)
		if (mm->vmas[i]->vm_flags & VM_GROWSDOWN)
			emit(t, "VmStk:\t%8lu kB\n", (mm->vmas[i]->vm_end - mm->vmas[i]->vm_start) >> 10);
	emit(t, "VmMapCount:\t%u\n", mm->map_count);
}

/* /proc/PID/statm: size resident shared text lib data dt, in pages (Linux's order). */
static void gen_statm(struct proc_text *t, struct task_struct *task)
{
	struct mm_struct *mm = task->mm;
	unsigned long text = 0, data = 0;

	if (!mm) {
		emit(t, "0 0 0 0 0 0 0\n");
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
	emit(t, "%lu %lu %lu %lu 0 %lu 0\n", mm->total_vm, mm->rss, mm->rss_file, text, data);
}

/*
 * /proc/PID/smaps_rollup: the seed texts' RSS and PSS. Each resident page counts fully in Rss
 * and, in Pss, divided by the number of page-table entries mapping it (its _mapcount + 1): a
 * page a parent and its forked child still share counts half to each.
 */
static void gen_smaps_rollup(struct proc_text *t, struct task_struct *task)
{
	struct mm_struct *mm = task->mm;
	unsigned long rss = 0, shared = 0, anon = 0;
	u64 pss = 0;                                     /* in 1/4096 of a byte, as Linux keeps it */

	for (unsigned i = 0; mm && i < mm->map_count; i++) {
		const struct vm_area_struct *v = mm->vmas[i];
		for (unsigned long va = v->vm_start; va < v->vm_end; va += PAGE_SIZE) {
			pte_t *pte = user_pte(mm->pgd, va, false);
			struct page *page;
			unsigned long users;

			if (!pte || !pte_has_page(*pte))
				continue;
			page = pfn_to_page(*pte >> PAGE_SHIFT);
			users = (unsigned long)(page->_mapcount + 1);
			rss += PAGE_SIZE;
			u64 share = (u64)PAGE_SIZE << 12;
			div64_u32_rem(&share, users ? (u32)users : 1);
			pss += share;
			if (users > 1)
				shared += PAGE_SIZE;
			if (!page->mapping)
				anon += PAGE_SIZE;
		}
	}
	emit(t, "%08lx-%08lx ---p 00000000 00:00 0                          [rollup]\n",
	     mm && mm->map_count ? mm->vmas[0]->vm_start : 0ul,
	     mm && mm->map_count ? mm->vmas[mm->map_count - 1]->vm_end : 0ul);
	emit(t, "Rss:            %8lu kB\nPss:            %8lu kB\n", rss >> 10, (unsigned long)(pss >> 22));
	emit(t, "Shared_Dirty:   %8lu kB\nPrivate_Dirty:  %8lu kB\nAnonymous:      %8lu kB\n",
	     shared >> 10, (rss - shared) >> 10, anon >> 10);
}

/* Linux's /proc/PID/maps line: range, permissions, offset, device, inode, then the name at column 49. */
static void gen_maps(struct proc_text *t, struct task_struct *task)
{
	struct mm_struct *mm = task->mm;

	for (unsigned i = 0; mm && i < mm->map_count; i++) {
		const struct vm_area_struct *v = mm->vmas[i];
		size_t start = t->len;
		const char *name = v->vm_name;

		emit(t, "%08lx-%08lx %c%c%c%c %08lx 00:00 %lu", v->vm_start, v->vm_end,
		     (v->vm_flags & VM_READ) ? 'r' : '-', (v->vm_flags & VM_WRITE) ? 'w' : '-',
		     (v->vm_flags & VM_EXEC) ? 'x' : '-', (v->vm_flags & VM_SHARED) ? 's' : 'p',
		     v->vm_pgoff << PAGE_SHIFT, v->vm_file ? (unsigned long)v->vm_file->ino : 0ul);
		if (name) {
			while (t->len - start < 48)
				emit(t, " ");
			emit(t, " %s", name);
		}
		emit(t, "\n");
	}
}

static void gen_meminfo(struct proc_text *t)
{
	unsigned long kb = PAGE_SIZE / 1024, high = zones[ZONE_HIGHMEM].managed_pages;
	unsigned long freehigh = zones[ZONE_HIGHMEM].free_pages;

	emit(t, "MemTotal:       %8lu kB\nMemFree:        %8lu kB\n", totalram_pages() * kb, nr_free_pages() * kb);
	emit(t, "HighTotal:      %8lu kB\nHighFree:       %8lu kB\n", high * kb, freehigh * kb);
	emit(t, "LowTotal:       %8lu kB\nLowFree:        %8lu kB\n", (totalram_pages() - high) * kb,
	     (nr_free_pages() - freehigh) * kb);
	emit(t, "VmallocTotal:   %8lu kB\n", (VMALLOC_END - VMALLOC_START) >> 10);
}

static void gen_buddyinfo(struct proc_text *t)
{
	drain_all_pages();
	for (int z = 0; z < MAX_NR_ZONES; z++) {
		if (!zones[z].managed_pages)
			continue;
		emit(t, "Node 0, zone %8s ", zones[z].name);
		for (unsigned o = 0; o < MAX_ORDER; o++)
			emit(t, "%6lu ", zones[z].free_area[o].nr_free);
		emit(t, "\n");
	}
}

/* ---------------------------------------------------------------- file operations */

static ssize_t proc_read(struct file *f, char *ubuf, size_t n)
{
	struct proc_text *t = f->private_data;
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
	struct proc_text *t = f->private_data;

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

bool is_proc_path(const char *path)
{
	return !strncmp(path, "/proc/", 6);
}

struct file *proc_open(const char *path, int flags, int *err)
{
	const char *rest = path + 6;
	struct proc_text *t;
	struct task_struct *task = NULL;
	struct file *f;

	if ((flags & O_ACCMODE) != O_RDONLY) {
		*err = -EACCES;
		return NULL;
	}
	t = kzalloc(sizeof(*t), GFP_KERNEL);
	f = kzalloc(sizeof(*f), GFP_KERNEL);
	if (t)
		t->size = 4096 + (current->mm ? current->mm->map_count * 96ul : 0);
	if (!t || !f || !(t->buf = vmalloc(t->size))) {
		*err = -ENOMEM;
		goto fail;
	}
	if (!strcmp(rest, "meminfo")) {
		gen_meminfo(t);
	} else if (!strcmp(rest, "buddyinfo")) {
		gen_buddyinfo(t);
	} else if ((task = proc_task(&rest)) != NULL && !strcmp(rest, "status")) {
		gen_status(t, task);
	} else if (task && !strcmp(rest, "maps")) {
		gen_maps(t, task);
	} else if (task && !strcmp(rest, "statm")) {
		gen_statm(t, task);
	} else if (task && !strcmp(rest, "smaps_rollup")) {
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
