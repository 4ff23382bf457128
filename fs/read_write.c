/*
 * read, write and their variants (pread64, pwrite64, readv, writev), lseek, and the sync calls.
 * Each goes to the open file's operations with the position to use: the file's own, or (pread,
 * pwrite) the caller's, leaving the file's alone.
 */
#include <fs/fs.h>
#include <kernel/sched.h>
#include <kernel/syscall.h>
#include <kernel/uaccess.h>
#include <linux/errno.h>

static s64 arg64(u32 lo, u32 hi)
{
	return (s64)(((u64)hi << 32) | lo);
}

static ssize_t vfs_read(struct file *f, char *ubuf, long n, u64 *pos)
{
	if (!(f->f_mode & FMODE_READ))
		return -EBADF;
	if (!f->f_op || !f->f_op->read)
		return S_ISDIR(file_inode(f)->i_mode) ? -EISDIR : -EINVAL;
	if (n < 0)
		return -EINVAL;
	if (!access_ok(ubuf, (size_t)n))
		return -EFAULT;
	return f->f_op->read(f, ubuf, (size_t)n, pos);
}

static ssize_t vfs_write(struct file *f, const char *ubuf, long n, u64 *pos)
{
	if (!(f->f_mode & FMODE_WRITE))
		return -EBADF;
	if (!f->f_op || !f->f_op->write)
		return -EINVAL;
	if (n < 0)
		return -EINVAL;
	if (!access_ok(ubuf, (size_t)n))
		return -EFAULT;
	return f->f_op->write(f, ubuf, (size_t)n, pos);
}

long sys_read(long fd, char *ubuf, long n)
{
	struct file *f = fget(fd);

	return f ? vfs_read(f, ubuf, n, &f->f_pos) : -EBADF;
}

long sys_write(long fd, const char *ubuf, long n)
{
	struct file *f = fget(fd);

	return f ? vfs_write(f, ubuf, n, &f->f_pos) : -EBADF;
}

/*
 * pread64, pwrite64: at an offset, leaving the file position alone. Only files with a position
 * have offsets (pipes and terminals: ESPIPE). With O_APPEND, pwrite appends, as on Linux.
 */
static long do_pio(long fd, char *ubuf, long n, u32 lo, u32 hi, bool writing)
{
	s64 off = arg64(lo, hi);
	struct file *f = fget(fd);
	u64 pos = (u64)off;

	if (off < 0)
		return -EINVAL;
	if (!f)
		return -EBADF;
	if (!(f->f_mode & FMODE_LSEEK))
		return -ESPIPE;
	return writing ? vfs_write(f, ubuf, n, &pos) : vfs_read(f, ubuf, n, &pos);
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
	struct file *f = fget(fd);
	long total = 0;

	if (!f)
		return -EBADF;
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
		n = writing ? vfs_write(f, (const char *)(unsigned long)iov.base, (long)iov.len, &f->f_pos)
			    : vfs_read(f, (char *)(unsigned long)iov.base, (long)iov.len, &f->f_pos);
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
	if (!(f->f_mode & FMODE_LSEEK))
		return -ESPIPE;                          /* pipes, terminals */
	if (whence == SEEK_SET)
		base = 0;
	else if (whence == SEEK_CUR)
		base = (s64)f->f_pos;
	else if (whence == SEEK_END)
		base = (s64)file_inode(f)->i_size;
	else
		return -EINVAL;
	if (base + off < 0)
		return -EINVAL;
	f->f_pos = (u64)(base + off);
	*result = (s64)f->f_pos;
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

/*
 * fsync, fdatasync: write a file's dirty pages to its disk and wait. The memory file systems
 * have no disk: their pages are the file, so there is nothing to do; pipes and terminals cannot
 * be synced (EINVAL), as on Linux.
 */
int vfs_fsync(struct file *f)
{
	if (!f->f_op || !f->f_op->fsync)
		return -EINVAL;
	return f->f_op->fsync(f);
}

long sys_fsync(long fd)
{
	struct file *f = fget(fd);

	return f ? vfs_fsync(f) : -EBADF;
}

long sys_fdatasync(long fd)
{
	return sys_fsync(fd);
}

long sys_sync(void)
{
	return 0;                                   /* nothing is waiting to be written anywhere */
}

long sys_syncfs(long fd)
{
	return fget(fd) ? 0 : -EBADF;
}
