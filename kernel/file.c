/*
 * File descriptors and the file system calls: open, read, write, close, lseek, stat, getdents64,
 * ioctl, dup, chdir, getcwd. Everything lives in the RAM file system or is the console.
 */
#include <kernel/file.h>
#include <kernel/sched.h>
#include <kernel/syscall.h>
#include <kernel/uaccess.h>
#include <linux/errno.h>
#include <kernel/printk.h>
#include <kernel/string.h>
#include <mm/slab.h>
#include <linux/dirent.h>
#include <asm/stat.h>


struct file *get_file(struct file *f)
{
	f->refs++;
	return f;
}

void fput(struct file *f)
{
	if (--f->refs == 0) {
		if (f->f_op->release)
			f->f_op->release(f);
		kfree(f);
	}
}

static struct file *fget(long fd)
{
	if (fd < 0 || fd >= NR_OPEN)
		return NULL;
	return current->files[fd];
}

/* The lowest free descriptor at or above start, or -EMFILE. */
static int get_unused_fd(int start)
{
	for (int fd = start; fd < NR_OPEN; fd++)
		if (!current->files[fd])
			return fd;
	return -EMFILE;
}

static void set_close_on_exec(int fd, bool on)
{
	if (on)
		current->close_on_exec |= 1u << fd;
	else
		current->close_on_exec &= ~(1u << fd);
}

void fd_install(int fd, struct file *f, bool cloexec)
{
	struct file *old = current->files[fd];

	current->files[fd] = f;
	set_close_on_exec(fd, cloexec);
	if (old)
		fput(old);
}

/* A 64-bit offset or length passed in two registers, low word first (_llseek, pread64...). */
static s64 arg64(u32 lo, u32 hi)
{
	return (s64)(((u64)hi << 32) | lo);
}

/* The *at calls take paths from the current directory only: any other dirfd is refused. */
static long only_cwd(long dirfd)
{
	if (dirfd == AT_FDCWD)
		return 0;
	return fget(dirfd) ? -EOPNOTSUPP : -EBADF;
}

/* ---------------------------------------------------------------- RAM file operations */

static ssize_t ramfs_read(struct file *f, char *ubuf, size_t n)
{
	struct inode *ino = f->inode;
	size_t avail;

	if (S_ISDIR(ino->mode))
		return -EISDIR;
	if (f->pos >= ino->size)
		return 0;
	avail = min(n, (size_t)(ino->size - f->pos));
	if (copy_to_user(ubuf, ino->data + f->pos, avail))
		return -EFAULT;
	f->pos += avail;
	return (ssize_t)avail;
}

static ssize_t ramfs_file_write(struct file *f, const char *ubuf, size_t n)
{
	char buf[512];
	size_t done = 0;
	int err;

	if (f->flags & O_APPEND)
		f->pos = f->inode->size;
	while (done < n) {
		size_t chunk = min(n - done, sizeof(buf));
		if (copy_from_user(buf, ubuf + done, chunk))
			return done ? (ssize_t)done : -EFAULT;
		err = ramfs_write(f->inode, (u32)f->pos, buf, (u32)chunk);
		if (err)
			return done ? (ssize_t)done : err;
		f->pos += chunk;
		done += chunk;
	}
	return (ssize_t)done;
}

static long ramfs_ioctl(struct file *f, unsigned cmd, unsigned long arg)
{
	(void)f, (void)cmd, (void)arg;
	return -ENOTTY;
}

static void ramfs_release(struct file *f)
{
	inode_put(f->inode);
}

static const struct file_operations ramfs_fops = {
	.read = ramfs_read,
	.write = ramfs_file_write,
	.ioctl = ramfs_ioctl,
	.release = ramfs_release,
};

/* ---------------------------------------------------------------- paths */

/* Copy a path from user space: 0, -EFAULT, -ENAMETOOLONG. */
static int get_path(char *buf, const char *upath)
{
	long n = strncpy_from_user(buf, upath, PATH_MAX);

	return n < 0 ? (int)n : 0;
}

long sys_openat(long dirfd, const char *upath, long flags, long mode)
{
	static char path[PATH_MAX];
	struct inode *ino;
	struct file *f;
	int fd, err = 0;

	if (dirfd != AT_FDCWD && upath && !fget(dirfd))
		return -EBADF;
	if ((err = get_path(path, upath)) != 0)
		return err;
	if (is_proc_path(path)) {
		fd = get_unused_fd(0);
		if (fd < 0)
			return fd;
		f = proc_open(path, (int)flags, &err);
		if (!f)
			return err;
		fd_install(fd, f, flags & O_CLOEXEC);
		return fd;
	}
	if (flags & O_CREAT) {
		ino = ramfs_lookup(path, current->cwd, &err);
		if (ino && (flags & O_EXCL))
			return -EEXIST;
		if (!ino)
			ino = ramfs_create(path, current->cwd, S_IFREG | (mode & 07777), &err);
	} else {
		ino = ramfs_lookup(path, current->cwd, &err);
	}
	if (!ino)
		return err;
	if ((flags & O_DIRECTORY) && !S_ISDIR(ino->mode))
		return -ENOTDIR;
	if (S_ISDIR(ino->mode) && (flags & O_ACCMODE) != O_RDONLY)
		return -EISDIR;
	fd = get_unused_fd(0);
	if (fd < 0)
		return fd;
	f = kzalloc(sizeof(*f), GFP_KERNEL);
	if (!f)
		return -ENOMEM;
	f->f_op = &ramfs_fops;
	f->inode = ino;
	inode_get(ino);
	f->flags = (int)flags & ~O_CLOEXEC;            /* a property of the descriptor, not the file */
	f->refs = 1;
	if ((flags & O_TRUNC) && S_ISREG(ino->mode) && (flags & O_ACCMODE) != O_RDONLY)
		ramfs_resize(ino, 0);
	fd_install(fd, f, flags & O_CLOEXEC);
	return fd;
}

long sys_open(const char *upath, long flags, long mode)
{
	return sys_openat(AT_FDCWD, upath, flags, mode);
}

long sys_close(long fd)
{
	struct file *f = fget(fd);

	if (!f)
		return -EBADF;
	fd_install((int)fd, NULL, false);               /* drops the file */
	return 0;
}

long sys_read(long fd, char *ubuf, long n)
{
	struct file *f = fget(fd);

	if (!f)
		return -EBADF;
	if ((f->flags & O_ACCMODE) == O_WRONLY)
		return -EBADF;
	if (n < 0)
		return -EINVAL;
	if (!access_ok(ubuf, (size_t)n))
		return -EFAULT;
	return f->f_op->read(f, ubuf, (size_t)n);
}

long sys_write(long fd, const char *ubuf, long n)
{
	struct file *f = fget(fd);

	if (!f)
		return -EBADF;
	if ((f->flags & O_ACCMODE) == O_RDONLY)
		return -EBADF;
	if (n < 0)
		return -EINVAL;
	if (!access_ok(ubuf, (size_t)n))
		return -EFAULT;
	return f->f_op->write(f, ubuf, (size_t)n);
}

/*
 * pread64, pwrite64: read or write at an offset, leaving the file position alone. Only files
 * have offsets (pipes and the console: ESPIPE). With O_APPEND, pwrite appends, as on Linux.
 */
static long do_pio(long fd, char *ubuf, long n, u32 lo, u32 hi, bool writing)
{
	s64 off = arg64(lo, hi);
	struct file *f = fget(fd);
	u64 saved;
	long ret;

	if (off < 0)
		return -EINVAL;
	if (!f)
		return -EBADF;
	if (!f->inode && f->f_op != &proc_fops)
		return -ESPIPE;
	saved = f->pos;
	f->pos = (u64)off;
	ret = writing ? sys_write(fd, ubuf, n) : sys_read(fd, ubuf, n);
	f->pos = saved;
	return ret;
}

long sys_pread64(long fd, char *ubuf, long n, unsigned long lo, unsigned long hi)
{
	return do_pio(fd, ubuf, n, lo, hi, false);
}

long sys_pwrite64(long fd, const char *ubuf, long n, unsigned long lo, unsigned long hi)
{
	return do_pio(fd, (char *)ubuf, n, lo, hi, true);
}

struct iovec {
	u32 base;
	u32 len;
};

#define IOV_MAX 1024

/* readv and writev: one read or write per buffer, stopping at the first short one. */
static long do_iov(long fd, const struct iovec *uiov, long cnt, bool writing)
{
	long total = 0;

	if (cnt < 0 || cnt > IOV_MAX)
		return -EINVAL;
	for (long i = 0; i < cnt; i++) {
		struct iovec iov;
		long n;

		if (copy_from_user(&iov, &uiov[i], sizeof(iov)))
			return total ? total : -EFAULT;
		if ((s32)iov.len < 0)
			return -EINVAL;
		if (iov.len == 0)
			continue;
		n = writing ? sys_write(fd, (const char *)(unsigned long)iov.base, (long)iov.len)
			    : sys_read(fd, (char *)(unsigned long)iov.base, (long)iov.len);
		if (n < 0)
			return total ? total : n;
		total += n;
		if ((u32)n < iov.len)
			break;
	}
	return total;
}

long sys_writev(long fd, const void *uiov, long cnt)
{
	return do_iov(fd, uiov, cnt, true);
}

long sys_readv(long fd, const void *uiov, long cnt)
{
	return do_iov(fd, uiov, cnt, false);
}

static long do_lseek(long fd, s64 off, long whence, s64 *result)
{
	struct file *f = fget(fd);
	s64 base;

	if (!f)
		return -EBADF;
	if (!f->inode && f->f_op != &proc_fops)
		return -ESPIPE;                          /* the console */
	if (whence == SEEK_SET)
		base = 0;
	else if (whence == SEEK_CUR)
		base = (s64)f->pos;
	else if (whence == SEEK_END)
		base = f->inode ? f->inode->size : 0;
	else
		return -EINVAL;
	if (base + off < 0)
		return -EINVAL;
	f->pos = (u64)(base + off);
	*result = (s64)f->pos;
	return 0;
}

long sys_lseek(long fd, long off, long whence)
{
	s64 pos;
	long err = do_lseek(fd, off, whence, &pos);

	if (err)
		return err;
	return pos > 0x7fffffff ? -EOVERFLOW : (long)pos;
}

long sys_llseek(long fd, unsigned long hi, unsigned long lo, void *uresult, long whence)
{
	s64 pos;
	long err = do_lseek(fd, arg64(lo, hi), whence, &pos);

	if (err)
		return err;
	return copy_to_user(uresult, &pos, sizeof(pos)) ? -EFAULT : 0;
}

/* ---------------------------------------------------------------- stat */

BUILD_BUG_ON(sizeof(struct stat64) != 96);

static void fill_stat(struct stat64 *st, const struct inode *ino)
{
	memset(st, 0, sizeof(*st));
	st->st_dev = 1;
	if (!ino) {                                      /* the console: a character device */
		st->st_mode = S_IFCHR | 0620;
		st->st_nlink = 1;
		st->st_rdev = (5 << 8) | 1;              /* /dev/console is 5:1 */
		st->st_blksize = 1024;
		return;
	}
	st->st_ino = st->__st_ino = ino->ino;
	st->st_mode = ino->mode;
	st->st_nlink = ino->nlink;
	st->st_size = ino->size;
	st->st_blksize = PAGE_SIZE;
	st->st_blocks = (ino->size + 511) / 512;
	st->st_atime = st->st_mtime = st->st_ctime = ino->mtime;
}

/* What stat says about an open file: its inode, or what kind of file it is otherwise. */
static void fill_file_stat(struct stat64 *st, const struct file *f)
{
	fill_stat(st, f->inode);
	if (f->f_op == &proc_fops) {                     /* a /proc file: regular, size 0 */
		st->st_mode = S_IFREG | 0444;
		st->st_rdev = 0;
	} else if (f->f_op == &pipe_fops) {              /* a pipe: a FIFO */
		st->st_mode = S_IFIFO | 0600;
		st->st_rdev = 0;
		st->st_blksize = PAGE_SIZE;
	}
}

long sys_fstat64(long fd, void *ustat)
{
	struct file *f = fget(fd);
	struct stat64 st;

	if (!f)
		return -EBADF;
	fill_file_stat(&st, f);
	return copy_to_user(ustat, &st, sizeof(st)) ? -EFAULT : 0;
}

long sys_fstatat64(long dirfd, const char *upath, void *ustat, long flags)
{
	static char path[PATH_MAX];
	struct stat64 st;
	struct inode *ino;
	int err = 0;

	(void)flags;
	if ((err = get_path(path, upath)) != 0)
		return err;
	if (!path[0] && dirfd != AT_FDCWD)
		return sys_fstat64(dirfd, ustat);            /* AT_EMPTY_PATH: the open file itself */
	ino = ramfs_lookup(path, current->cwd, &err);
	if (!ino)
		return err;
	fill_stat(&st, ino);
	return copy_to_user(ustat, &st, sizeof(st)) ? -EFAULT : 0;
}

long sys_stat64(const char *upath, void *ustat)
{
	return sys_fstatat64(AT_FDCWD, upath, ustat, 0);
}

/* Linux's i386 struct stat, the older 64-byte one of stat (106), lstat (107) and fstat (108). */
struct old_stat {
	u32 st_dev, st_ino;
	u16 st_mode, st_nlink, st_uid, st_gid;
	u32 st_rdev, st_size, st_blksize, st_blocks;
	u32 st_atime, st_atime_nsec, st_mtime, st_mtime_nsec, st_ctime, st_ctime_nsec;
	u32 unused4, unused5;
};

BUILD_BUG_ON(sizeof(struct old_stat) != 64);

static long put_old_stat(void *ustat, const struct stat64 *stp)
{
	struct stat64 st = *stp;
	struct old_stat old;

	memset(&old, 0, sizeof(old));
	old.st_dev = (u32)st.st_dev;
	old.st_ino = (u32)st.st_ino;
	old.st_mode = (u16)st.st_mode;
	old.st_nlink = (u16)st.st_nlink;
	old.st_rdev = (u32)st.st_rdev;
	old.st_size = (u32)st.st_size;
	old.st_blksize = st.st_blksize;
	old.st_blocks = (u32)st.st_blocks;
	old.st_atime = st.st_atime;
	old.st_mtime = st.st_mtime;
	old.st_ctime = st.st_ctime;
	return copy_to_user(ustat, &old, sizeof(old)) ? -EFAULT : 0;
}

long sys_newstat(const char *upath, void *ustat)
{
	static char path[PATH_MAX];
	struct inode *ino;
	int err;

	if ((err = get_path(path, upath)) != 0)
		return err;
	struct stat64 st;

	ino = ramfs_lookup(path, current->cwd, &err);
	if (!ino)
		return err;
	fill_stat(&st, ino);
	return put_old_stat(ustat, &st);
}

long sys_newfstat(long fd, void *ustat)
{
	struct file *f = fget(fd);
	struct stat64 st;

	if (!f)
		return -EBADF;
	fill_file_stat(&st, f);
	return put_old_stat(ustat, &st);
}

/* ---------------------------------------------------------------- directories */

/* Append one directory record at out + *used: 0, 1 when it does not fit, or -EFAULT. */
static int put_dirent(char *out, long *used, long count, u64 ino, u64 index, u8 type, const char *name)
{
	struct linux_dirent64 hdr;                       /* the name follows it */
	u16 reclen = (u16)ALIGN(sizeof(hdr) + strlen(name) + 1, (size_t)8);

	if (*used + reclen > count)
		return 1;
	hdr.d_ino = ino;
	hdr.d_off = (s64)index + 1;
	hdr.d_reclen = reclen;
	hdr.d_type = type;
	if (copy_to_user(out + *used, &hdr, sizeof(hdr)) ||
	    copy_to_user(out + *used + sizeof(hdr), name, strlen(name) + 1))
		return -EFAULT;
	*used += reclen;
	return 0;
}

long sys_getdents64(long fd, void *udirp, long count)
{
	struct file *f = fget(fd);
	struct inode *dir, *c;
	unsigned nchildren = 0;
	bool is_proc;
	long used = 0;
	int err;

	if (!f)
		return -EBADF;
	dir = f->inode;
	if (!dir || !S_ISDIR(dir->mode))
		return -ENOTDIR;
	for (c = dir->children; c; c = c->next)
		nchildren++;
	is_proc = dir == ramfs_lookup("/proc", "/", &err);
	c = dir->children;                               /* the child at index max(f->pos, 2) */
	for (u64 i = 2; c && i < f->pos; i++)
		c = c->next;
	/* f->pos counts entries: ".", "..", the children in list order, then (/proc) procfs's */
	for (u64 index = f->pos;; index++) {
		char buf[16];
		const char *name = buf;
		u64 ino = 0;
		int type = DT_DIR;

		if (index < 2) {
			name = index == 0 ? "." : "..";
			ino = index == 0 ? dir->ino : dir->parent->ino;
		} else if (index < 2 + nchildren) {
			name = c->name;
			ino = c->ino;
			type = S_ISDIR(c->mode) ? DT_DIR : DT_REG;
			c = c->next;
		} else if (!is_proc || !(type = proc_dir_entry((unsigned)(index - 2 - nchildren), buf, sizeof(buf)))) {
			break;
		} else {
			ino = 0x10000 + index;                  /* procfs names have no inode; any unique number */
		}
		err = put_dirent(udirp, &used, count, ino, index, (u8)type, name);
		if (err < 0)
			return err;
		if (err)
			return used ? used : -EINVAL;           /* buffer too small for one entry */
		f->pos = index + 1;
	}
	return used;
}

long sys_chdir(const char *upath)
{
	static char path[PATH_MAX];
	struct inode *ino;
	int err = 0;
	char abs[sizeof(current->cwd)];

	if ((err = get_path(path, upath)) != 0)
		return err;
	ino = ramfs_lookup(path, current->cwd, &err);
	if (!ino)
		return err;
	if (!S_ISDIR(ino->mode))
		return -ENOTDIR;
	/* rebuild the absolute name from the inode up to the root */
	abs[sizeof(abs) - 1] = '\0';
	size_t pos = sizeof(abs) - 1;
	for (struct inode *i = ino; i != ramfs_root; i = i->parent) {
		size_t len = strlen(i->name);
		if (len + 1 > pos)
			return -ENAMETOOLONG;
		pos -= len;
		memcpy(abs + pos, i->name, len);
		abs[--pos] = '/';
	}
	if (pos == sizeof(abs) - 1)
		abs[--pos] = '/';
	strlcpy(current->cwd, abs + pos, sizeof(current->cwd));
	return 0;
}

long sys_getcwd(char *ubuf, long size)
{
	long len = (long)strlen(current->cwd) + 1;

	if (size < len)
		return -ERANGE;
	return copy_to_user(ubuf, current->cwd, (size_t)len) ? -EFAULT : len;
}

/* ---------------------------------------------------------------- descriptors */

/* A new descriptor for fd's file: the lowest free one at or above start (dup, F_DUPFD). */
static long dup_from(long fd, long start, bool cloexec)
{
	struct file *f = fget(fd);
	int nfd;

	if (!f)
		return -EBADF;
	if (start < 0 || start >= NR_OPEN)
		return -EINVAL;
	nfd = get_unused_fd((int)start);
	if (nfd < 0)
		return nfd;
	fd_install(nfd, get_file(f), cloexec);
	return nfd;
}

long sys_dup(long fd)
{
	return dup_from(fd, 0, false);
}

long sys_dup3(long oldfd, long newfd, long flags)
{
	struct file *f = fget(oldfd);

	if (flags & ~O_CLOEXEC)
		return -EINVAL;
	if (!f)
		return -EBADF;
	if (newfd < 0 || newfd >= NR_OPEN)
		return -EBADF;
	if (newfd == oldfd)
		return -EINVAL;
	fd_install((int)newfd, get_file(f), flags & O_CLOEXEC);
	return newfd;
}

long sys_dup2(long oldfd, long newfd)
{
	if (newfd == oldfd)
		return fget(oldfd) ? newfd : -EBADF;
	return sys_dup3(oldfd, newfd, 0);
}

/*
 * fcntl: duplicate a descriptor (F_DUPFD, F_DUPFD_CLOEXEC), read or set its close-on-exec flag
 * (F_GETFD, F_SETFD), read the open file's flags or change O_APPEND and O_NONBLOCK (F_GETFL,
 * F_SETFL). Locks and the rest: EINVAL.
 */
#define SETFL_MASK (O_APPEND | O_NONBLOCK)

long sys_fcntl(long fd, long cmd, long arg)
{
	struct file *f = fget(fd);

	if (!f)
		return -EBADF;
	switch (cmd) {
	case F_DUPFD:
	case F_DUPFD_CLOEXEC:
		return dup_from(fd, arg, cmd == F_DUPFD_CLOEXEC);
	case F_GETFD:
		return (current->close_on_exec >> fd) & 1 ? FD_CLOEXEC : 0;
	case F_SETFD:
		set_close_on_exec((int)fd, arg & FD_CLOEXEC);
		return 0;
	case F_GETFL:
		return f->flags & ~(O_CREAT | O_EXCL | O_NOCTTY | O_TRUNC | O_CLOEXEC);
	case F_SETFL:
		f->flags = (f->flags & ~SETFL_MASK) | ((int)arg & SETFL_MASK);
		return 0;
	default:
		return -EINVAL;
	}
}

long sys_ioctl(long fd, long cmd, long arg)
{
	struct file *f = fget(fd);

	if (!f)
		return -EBADF;
	return f->f_op->ioctl(f, (unsigned)cmd, (unsigned long)arg);
}

/* readlink: the RAM file system has no symbolic links, so an existing path is EINVAL. */
long sys_readlink(const char *upath, char *ubuf, long size)
{
	static char path[PATH_MAX];
	int err = 0;

	if (size <= 0)
		return -EINVAL;
	if ((err = get_path(path, upath)) != 0)
		return err;
	if (is_proc_path(path))
		return -ENOENT;
	return ramfs_lookup(path, current->cwd, &err) ? -EINVAL : err;
}

/* struct statx (256 bytes), what glibc's stat uses first on 32-bit systems. */
struct statx_ts {
	s64 tv_sec;
	u32 tv_nsec;
	s32 reserved;
};

struct statx {
	u32 stx_mask, stx_blksize;
	u64 stx_attributes;
	u32 stx_nlink, stx_uid, stx_gid;
	u16 stx_mode, pad1;
	u64 stx_ino, stx_size, stx_blocks, stx_attributes_mask;
	struct statx_ts stx_atime, stx_btime, stx_ctime, stx_mtime;
	u32 stx_rdev_major, stx_rdev_minor, stx_dev_major, stx_dev_minor;
	u64 spare[14];
};

BUILD_BUG_ON(sizeof(struct statx) != 256);

#define STATX_BASIC_STATS 0x7ff

long sys_statx(long dirfd, const char *upath, long flags, long mask, void *ubuf)
{
	static char path[PATH_MAX];
	struct inode *ino;
	struct stat64 st;
	struct statx sx;
	int err;

	(void)mask;
	if ((err = get_path(path, upath)) != 0)
		return err;
	if (!path[0] && (flags & AT_EMPTY_PATH)) {
		struct file *f = fget(dirfd);
		if (!f)
			return -EBADF;
		fill_file_stat(&st, f);
	} else {
		ino = ramfs_lookup(path, current->cwd, &err);
		if (!ino)
			return err;
		fill_stat(&st, ino);
	}
	memset(&sx, 0, sizeof(sx));
	sx.stx_mask = STATX_BASIC_STATS;
	sx.stx_blksize = st.st_blksize;
	sx.stx_nlink = st.st_nlink;
	sx.stx_mode = (u16)st.st_mode;
	sx.stx_ino = st.st_ino;
	sx.stx_size = (u64)st.st_size;
	sx.stx_blocks = st.st_blocks;
	sx.stx_atime.tv_sec = sx.stx_ctime.tv_sec = sx.stx_mtime.tv_sec = st.st_mtime;
	sx.stx_rdev_major = (u32)(st.st_rdev >> 8);
	sx.stx_rdev_minor = (u32)(st.st_rdev & 0xff);
	sx.stx_dev_minor = 1;
	return copy_to_user(ubuf, &sx, sizeof(sx)) ? -EFAULT : 0;
}

/* mkdir: a new, empty directory in the ramfs (mode less the umask, 022 here). */
long sys_mkdir(const char *upath, long mode)
{
	static char path[PATH_MAX];
	struct inode *ino;
	int err = 0;

	if ((err = get_path(path, upath)) != 0)
		return err;
	if (ramfs_lookup(path, current->cwd, &err) || is_proc_path(path))
		return -EEXIST;
	ino = ramfs_create(path, current->cwd, S_IFDIR | (mode & 0777 & ~022), &err);
	return ino ? 0 : err;
}

long sys_mkdirat(long dirfd, const char *upath, long mode)
{
	long err = only_cwd(dirfd);

	return err ? err : sys_mkdir(upath, mode);
}

/*
 * mount: there is one file system (the ramfs root) and /proc is always mounted on it, so the
 * one mount that works is proc on /proc, which changes nothing. Programs written to run as
 * init on Linux mount it first; anything else is refused with the reason in the log.
 */
long sys_mount(const char *usource, const char *utarget, const char *utype, long flags, const void *data)
{
	static char target[PATH_MAX];
	char type[16];
	long n;
	int err = 0;

	(void)usource;
	(void)flags;
	(void)data;
	if ((err = get_path(target, utarget)) != 0)
		return err;
	n = strncpy_from_user(type, utype, sizeof(type));
	if (n < 0)
		return n;
	if (n >= (long)sizeof(type) || strcmp(type, "proc")) {
		printk(KERN_INFO "%s[%d]: mount: file system type '%.15s' is not supported (only proc)\n",
		       current->comm, current->pid, type);
		return -ENODEV;
	}
	if (!ramfs_lookup(target, current->cwd, &err))
		return err;
	if (strcmp(target, "/proc") && strcmp(target, "/proc/")) {
		printk(KERN_INFO "%s[%d]: mount: proc can only be at /proc, not %s\n",
		       current->comm, current->pid, target);
		return -EINVAL;
	}
	return 0;
}

/*
 * unlink, rmdir: remove a name. The inode lives on while a file is open, mapped or running
 * (its last user frees it), as on Linux.
 */
static long do_unlink(long dirfd, const char *upath, bool dir)
{
	static char path[PATH_MAX];
	long err;

	if ((err = only_cwd(dirfd)) != 0 || (err = get_path(path, upath)) != 0)
		return err;
	if (is_proc_path(path))
		return -EACCES;
	return ramfs_unlink(path, current->cwd, dir);
}

long sys_renameat2(long olddirfd, const char *uold, long newdirfd, const char *unew, long flags)
{
	static char from[PATH_MAX], to[PATH_MAX];
	int err;

	if (flags)
		return -EINVAL;                             /* RENAME_NOREPLACE and friends */
	if (olddirfd != AT_FDCWD || newdirfd != AT_FDCWD)
		return -EOPNOTSUPP;                         /* only paths from the current directory */
	if ((err = get_path(from, uold)) != 0 || (err = get_path(to, unew)) != 0)
		return err;
	if (is_proc_path(from) || is_proc_path(to))
		return -EXDEV;
	return ramfs_rename(from, to, current->cwd);
}

long sys_rename(const char *uold, const char *unew)
{
	return sys_renameat2(AT_FDCWD, uold, AT_FDCWD, unew, 0);
}

long sys_renameat(long olddirfd, const char *uold, long newdirfd, const char *unew)
{
	return sys_renameat2(olddirfd, uold, newdirfd, unew, 0);
}

long sys_unlink(const char *upath) { return do_unlink(AT_FDCWD, upath, false); }
long sys_rmdir(const char *upath) { return do_unlink(AT_FDCWD, upath, true); }

long sys_unlinkat(long dirfd, const char *upath, long flags)
{
	if (flags & ~AT_REMOVEDIR)
		return -EINVAL;
	return do_unlink(dirfd, upath, flags & AT_REMOVEDIR);
}

/* truncate, ftruncate: set a regular file's size; an open file must be writable. */
static long do_truncate(struct inode *ino, s64 length)
{
	if (length < 0)
		return -EINVAL;
	if (S_ISDIR(ino->mode))
		return -EISDIR;
	if (!S_ISREG(ino->mode))
		return -EINVAL;
	if (length > (64 << 20))
		return -EFBIG;                              /* the ramfs's size limit per file */
	return ramfs_resize(ino, (u32)length);
}

static long do_ftruncate(long fd, s64 length)
{
	struct file *f = fget(fd);

	if (length < 0)
		return -EINVAL;
	if (!f)
		return -EBADF;
	if (f->f_op != &ramfs_fops || (f->flags & O_ACCMODE) == O_RDONLY || S_ISDIR(f->inode->mode))
		return -EINVAL;                             /* pipes, the console, /proc, read-only */
	return do_truncate(f->inode, length);
}

static long do_truncate_path(const char *upath, s64 length)
{
	static char path[PATH_MAX];
	struct inode *ino;
	int err;

	if ((err = get_path(path, upath)) != 0)
		return err;
	if (is_proc_path(path))
		return -EACCES;
	ino = ramfs_lookup(path, current->cwd, &err);
	return ino ? do_truncate(ino, length) : err;
}

long sys_ftruncate(long fd, long length) { return do_ftruncate(fd, length); }
long sys_truncate(const char *upath, long length) { return do_truncate_path(upath, length); }

/* The 64-bit forms take the length as two registers, low word first. */
long sys_ftruncate64(long fd, unsigned long lo, unsigned long hi)
{
	return do_ftruncate(fd, arg64(lo, hi));
}

long sys_truncate64(const char *upath, unsigned long lo, unsigned long hi)
{
	return do_truncate_path(upath, arg64(lo, hi));
}

long sys_access(const char *upath, long mode)
{
	static char path[PATH_MAX];
	int err = 0;

	if (mode & ~7)
		return -EINVAL;
	if ((err = get_path(path, upath)) != 0)
		return err;
	return ramfs_lookup(path, current->cwd, &err) ? 0 : err;
}
