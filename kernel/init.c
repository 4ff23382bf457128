/*
 * The way into user space: unpack the initramfs modules into the RAM file system, give their
 * memory back to the page allocator, and start the first process (pid 1) with the console as
 * fds 0, 1 and 2.
 */
#include <net/netdevice.h>
#include <kernel/sched.h>
#include <block/blkdev.h>
#include <mm/swap.h>
#include <fs/fs.h>
#include <kernel/bootinfo.h>
#include <linux/errno.h>
#include <kernel/printk.h>
#include <kernel/string.h>
#include <kernel/vsprintf.h>
#include <kernel/cmdline.h>
#include <mm/pagemap.h>
#include <mm/page.h>
#include <mm/mmzone.h>
#include <mm/vmalloc.h>
#include <mm/slab.h>


/* Map a boot module's pages contiguously (it may lie anywhere, HighMem included) and unpack it. */
static unsigned long unpack_module(const struct boot_module *mod, unsigned index)
{
	unsigned long first = mod->start >> PAGE_SHIFT, last = (mod->end + PAGE_SIZE - 1) >> PAGE_SHIFT;
	unsigned n = (unsigned)(last - first);
	struct page **pages;
	char what[96];
	u8 *va;

	snprintf(what, sizeof(what), "module %u (%s, %u KiB)", index,
		 mod->cmdline[0] ? mod->cmdline : "no name", (mod->end - mod->start) >> 10);
	if (mod->end <= mod->start || last > max_pfn) {
		pr_err("initramfs: %s lies outside RAM, ignored\n", what);
		return 0;
	}
	pages = kmalloc(n * sizeof(*pages), GFP_KERNEL);
	if (!pages) {
		pr_err("initramfs: no memory to map %s\n", what);
		return 0;
	}
	for (unsigned i = 0; i < n; i++)
		pages[i] = pfn_to_page(first + i);
	va = vmap(pages, n);
	if (va) {
		unpack_to_rootfs(va + (mod->start & (PAGE_SIZE - 1)), mod->end - mod->start, what);
		vunmap(va);
	} else {
		pr_err("initramfs: no address space to map %s\n", what);
	}
	kfree(pages);
	/* the archive has been copied into page-cache pages: its own pages go to the allocator */
	free_pages_range(first, last);
	return n;
}

static char root_dev[32];

void populate_rootfs(void)
{
	unsigned long freed = 0;

	vfs_init();
	if (boot_info.nr_modules == 0)
		pr_warn("initramfs: no boot module: the root file system is empty\n");
	for (unsigned i = 0; i < boot_info.nr_modules; i++)
		freed += unpack_module(&boot_info.modules[i], i);
	if (freed)
		pr_info("Freeing initrd memory: %luK\n", freed << (PAGE_SHIFT - 10));
	if (root_dev[0])
		mount_disks(root_dev);
	mnt_init_tree();
	if (!root_dev[0])
		mount_disks(NULL);
}

/* root=/dev/hda: the root file system is the disk's ext2, not the initramfs. */
static int parse_root(const char *val)
{
	if (!val || strncmp(val, "/dev/", 5) || strlcpy(root_dev, val, sizeof(root_dev)) >= sizeof(root_dev))
		return -1;
	return 0;
}
__setup("root", parse_root, "a disk such as /dev/hda");

#define MAX_INIT_ARGS 16
static const char *init_argv[MAX_INIT_ARGS + 2];

/* The next space-separated word of *s (split in place), or NULL. */
static char *strtok_spaces(char **s)
{
	char *w = *s;

	while (*w == ' ')
		w++;
	if (!*w)
		return NULL;
	*s = w;
	while (**s && **s != ' ')
		(*s)++;
	if (**s)
		*(*s)++ = '\0';
	return w;
}

static int try_init(const char *path)
{
	static const char *const envp[] = { "HOME=/", "PATH=/bin:/musl:/test", "TERM=linux", NULL };
	const char **argv = init_argv;
	struct task_struct *t = alloc_task();
	struct file *console;
	int err;

	if (!t)
		panic("run_init_process: cannot create a task");
	console = filp_open("/dev/console", O_RDWR, 0);
	if (IS_ERR(console))
		panic("run_init_process: cannot open /dev/console (error %ld)", PTR_ERR(console));
	for (int fd = 0; fd < 3; fd++)
		t->files->fd[fd] = fd ? get_file(console) : console;
	strlcpy(t->comm, "init", sizeof(t->comm));
	t->fs->pwd = current->fs->pwd;                  /* the root */
	t->pgid = t->sid = 0;                   /* init stays in the kernel's group 0 and session 0, as on Linux */
	path_get(&t->fs->pwd);
	argv[0] = path;
	err = kernel_execve(t, path, argv, envp);
	if (err) {
		for (int fd = 0; fd < 3; fd++)
			fput(t->files->fd[fd]);
		path_put(&t->fs->pwd);
		t->state = TASK_ZOMBIE;
		unregister_task(t);
		return err;
	}
	pr_info("Run %s as init process\n", path);
	prepare_task_stack(t);
	sched_fork_add(t);
	return 0;
}

/* Why exec of the first program failed, in words. */
static const char *exec_error(int err)
{
	switch (err) {
	case -ENOENT: return "there is no such file";
	case -ENOTDIR: return "a part of the path is not a directory";
	case -EACCES: return "it is not an executable regular file";
	case -ENOEXEC: return "it is not a static i386 ELF program (the line above says why)";
	case -E2BIG: return "its arguments are too long";
	case -ENOMEM: return "there is not enough memory";
	default: return "exec failed";
	}
}

/* Say what the first program could be instead: the programs in /bin, and where others are. */
static void show_programs(void)
{
	struct path bin;
	char line[160];
	size_t n = 0;

	line[0] = '\0';
	if (!kern_path("/bin", LOOKUP_FOLLOW | LOOKUP_DIRECTORY, &bin)) {
		struct dentry *c;
		list_for_each_entry(c, &bin.dentry->d_subdirs, d_child)
			if (c->d_inode && S_ISREG(c->d_inode->i_mode) && n < sizeof(line))
				n += (size_t)snprintf(line + n, sizeof(line) - n, " %s", c->d_name);
		path_put(&bin);
	}
	pr_err("init: programs in /bin:%s\n", n ? line : " (none: is the initramfs missing?)");
	pr_err("init: more in /musl, /glibc, /test and /linuxcheck; the default is /bin/init\n");
}

void run_init_process(const char *path, char *args)
{
	int err;

	int n = 1;

	for (char *w = strtok_spaces(&args); w && n <= MAX_INIT_ARGS; w = strtok_spaces(&args))
		init_argv[n++] = w;
	init_argv[n] = NULL;
	if (path) {
		if ((err = try_init(path)) != 0) {
			pr_err("init: cannot run %s, given as init=: %s\n", path, exec_error(err));
			show_programs();
			panic("Requested init %s failed (error %d). Try init=/bin/sh.", path, err);
		}
	} else if ((err = try_init("/bin/init")) != 0) {
		pr_err("init: cannot run /bin/init: %s; trying /bin/sh\n", exec_error(err));
		if ((err = try_init("/bin/sh")) != 0) {
			pr_err("init: cannot run /bin/sh either: %s\n", exec_error(err));
			show_programs();
			panic("No working init found. Try passing init= option to kernel.");
		}
	}
	wb_start_flusher();                     /* if a disk is mounted: after init, which is pid 1 */
	if (all_bdevs)
		kswapd_start();                 /* a disk: page cache to reclaim, maybe swap */
	net_thread_start();                     /* a network card: its packets, TCP's timers */
	cpu_idle();
}
