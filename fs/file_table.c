/*
 * Open files and the descriptor table: a struct file is shared by every descriptor that refers
 * to it (dup, fork) and by mappings of it (mmap); the last fput closes it.
 */
#include <fs/fs.h>
#include <fs/file.h>
#include <kernel/sched.h>
#include <linux/errno.h>
#include <mm/slab.h>

unsigned long nr_files;                   /* open files in memory, for the leak checks */

/* The access mode of open's flags as FMODE bits. */
static u32 open_fmode(u32 flags)
{
	switch (flags & O_ACCMODE) {
	case O_RDONLY: return FMODE_READ;
	case O_WRONLY: return FMODE_WRITE;
	case O_RDWR: return FMODE_READ | FMODE_WRITE;
	default: return 0;                        /* 3: neither (Linux's ioctl-only opens) */
	}
}

static struct file *alloc_file(const struct path *path, u32 flags, const struct file_operations *fop)
{
	struct file *f = kzalloc(sizeof(*f), GFP_KERNEL);

	if (!f)
		return NULL;
	f->f_path = *path;
	f->f_inode = path->dentry->d_inode;
	f->f_op = fop;
	f->f_flags = flags & ~(O_CREAT | O_EXCL | O_NOCTTY | O_TRUNC | O_CLOEXEC);
	f->f_mode = open_fmode(flags) | FMODE_LSEEK;
	f->f_count = 1;
	nr_files++;
	return f;
}

struct file *dentry_open(const struct path *path, u32 flags)
{
	struct inode *inode = path->dentry->d_inode;
	struct file *f = alloc_file(path, flags, inode->i_fop);
	int err;

	if (!f)
		return ERR_PTR(-ENOMEM);
	path_get(path);
	if (f->f_op && f->f_op->open && (err = f->f_op->open(inode, f)) != 0) {
		f->f_op = NULL;                       /* no release for an open that failed */
		fput(f);
		return ERR_PTR(err);
	}
	return f;
}

/*
 * O_PATH: a file that names path and can do nothing else (Linux's FMODE_PATH): not opened by its
 * file system, no read or write, no permission asked beyond the walk to it.
 */
struct file *path_open(const struct path *path, u32 flags)
{
	struct file *f = alloc_file(path, flags, NULL);

	if (!f)
		return ERR_PTR(-ENOMEM);
	f->f_mode = FMODE_PATH;
	path_get(path);
	return f;
}

struct file *alloc_file_pseudo(struct inode *inode, u32 flags, const struct file_operations *fop)
{
	struct path path = { NULL, d_alloc_pseudo(inode, "") };
	struct file *f;

	if (!path.dentry) {
		iput(inode);
		return NULL;
	}
	f = alloc_file(&path, flags, fop);
	if (!f) {
		dput(path.dentry);
		return NULL;
	}
	f->f_mode &= ~FMODE_LSEEK;
	return f;
}

struct file *get_file(struct file *f)
{
	f->f_count++;
	return f;
}

void fput(struct file *f)
{
	if (--f->f_count > 0)
		return;
	locks_remove_flock(f);
	if (f->f_op && f->f_op->release)
		f->f_op->release(f->f_inode, f);
	path_put(&f->f_path);
	kfree(f);
	nr_files--;
}

void filp_close(struct file *f)
{
	if (current)
		locks_remove_posix(f, current->pid);
	fput(f);
}

/*
 * fget_raw's lookup is inline (include/fs/file.h); a table that other tasks share has its file
 * held here until the system call returns. Calls that look up more descriptors than there are
 * slots (poll, select) use none of them across a sleep.
 */
struct file *fget_hold(struct file *f)
{
	if (current->nr_held < ARRAY_SIZE(current->held_files))
		current->held_files[current->nr_held++] = get_file(f);
	return f;
}

void fput_held(void)
{
	while (current->nr_held)
		fput(current->held_files[--current->nr_held]);
}

int get_unused_fd(int start)
{
	int end = (int)min((u64)NR_OPEN, rlimit(RLIMIT_NOFILE));   /* the table, or less */

	for (int fd = start; fd < end; fd++)
		if (!current->files->fd[fd])
			return fd;
	return -EMFILE;
}

void fd_install(int fd, struct file *f, bool cloexec)
{
	struct file *old = current->files->fd[fd];

	current->files->fd[fd] = f;
	if (cloexec)
		current->files->close_on_exec |= 1u << fd;
	else
		current->files->close_on_exec &= ~(1u << fd);
	if (old)
		filp_close(old);
}
