/*
 * read, write and their variants (pread64, pwrite64, readv, writev), lseek, and the sync calls.
 * Each goes to the open file's operations with the position to use: the file's own, or (pread,
 * pwrite) the caller's, leaving the file's alone.
 */
#include <fs/fs.h>
#include <fs/file.h>
#include <kernel/sched.h>
#include <kernel/syscall.h>
#include <kernel/uaccess.h>
#include <linux/errno.h>
#include <mm/slab.h>
#include <mm/gfp.h>
#include <mm/page.h>
#include <mm/highmem.h>
#include <net/sock.h>

/* (inline: read and write are the calls made most) */
static __attribute__((always_inline)) inline ssize_t vfs_read(struct file *f, char *ubuf, long n, u64 *pos)
{
	if (!(f->f_mode & FMODE_READ))
		return -EBADF;
	if (!f->f_op || !f->f_op->read)
		return S_ISDIR(file_inode(f)->i_mode) ? -EISDIR : -EINVAL;
	if (n < 0)
		return -EINVAL;
	if (!access_ok(ubuf, (size_t)n))
		return -EFAULT;
	ssize_t ret = f->f_op->read(f, ubuf, (size_t)n, pos);
	current->ioac.syscr++;                      /* /proc/PID/io */
	if (ret > 0)
		current->ioac.rchar += (u64)ret;
	return ret;
}

static __attribute__((always_inline)) inline ssize_t vfs_write(struct file *f, const char *ubuf, long n, u64 *pos)
{
	if (!(f->f_mode & FMODE_WRITE))
		return -EBADF;
	if (!f->f_op || !f->f_op->write)
		return -EINVAL;
	if (n < 0)
		return -EINVAL;
	if (!access_ok(ubuf, (size_t)n))
		return -EFAULT;
	ssize_t ret = f->f_op->write(f, ubuf, (size_t)n, pos);
	current->ioac.syscw++;
	if (ret > 0)
		current->ioac.wchar += (u64)ret;
	return ret;
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

/* Read or write a file for the kernel, with a kernel buffer, through the file's own operations. */
ssize_t kernel_read(struct file *f, void *buf, size_t n, u64 *pos)
{
	bool was = current->kernel_uaccess;
	ssize_t ret;

	if (!(f->f_mode & FMODE_READ) || !f->f_op || !f->f_op->read)
		return -EBADF;
	current->kernel_uaccess = true;
	ret = f->f_op->read(f, buf, n, pos);
	current->kernel_uaccess = was;
	return ret;
}

ssize_t kernel_write(struct file *f, const void *buf, size_t n, u64 *pos)
{
	bool was = current->kernel_uaccess;
	ssize_t ret;

	if (!(f->f_mode & FMODE_WRITE) || !f->f_op || !f->f_op->write)
		return -EBADF;
	current->kernel_uaccess = true;
	ret = f->f_op->write(f, buf, n, pos);
	current->kernel_uaccess = was;
	return ret;
}

#define MAX_RW_COUNT 0x7ffff000                 /* Linux's cap on one read or write */

/*
 * Send chunk bytes of the page (NULL: a hole's zeros) at off to out: a socket takes the page
 * itself (sock_sendpage: by reference when the card gathers, else copied once into the socket
 * buffer); any other file is written from the page, one CPU copy inside the kernel.
 */
static ssize_t send_page(struct file *out, struct page *page, u32 off, size_t chunk)
{
	ssize_t n;

	if (sock_from_file(out))
		return page ? sock_sendpage(out, page, off, chunk)
			    : kernel_write(out, hole_zeros, min(chunk, sizeof(hole_zeros)), &out->f_pos);
	if (!page)
		return kernel_write(out, hole_zeros, min(chunk, sizeof(hole_zeros)), &out->f_pos);
	char *va = kmap(page);
	n = kernel_write(out, va + off, chunk, &out->f_pos);
	kunmap(page);
	return n;
}

/*
 * Send count bytes of in's page cache from *pos on to out, a page at a time (send_page); *pos
 * moves past what was sent. The bytes sent, or the error that stopped the first page.
 */
static long send_file_pages(struct file *in, u64 *pos, struct file *out, size_t count)
{
	size_t done = 0;
	long ret = 0;

	while (done < count && *pos < file_inode(in)->i_size) {
		u32 off = *pos & (PAGE_SIZE - 1);
		size_t chunk = min(min(count - done, PAGE_SIZE - off), (size_t)(file_inode(in)->i_size - *pos));
		struct page *page = filemap_get_page(in, *pos);
		ssize_t n;

		if (IS_ERR(page)) {
			ret = PTR_ERR(page);
			break;
		}
		n = send_page(out, page, off, chunk);
		if (page)
			put_page(page);
		if (n <= 0) {
			ret = n;
			break;
		}
		*pos += (u64)n;
		done += (size_t)n;
		if ((size_t)n < chunk)
			break;
	}
	return done ? (long)done : ret;
}

/* Only regular files with a page cache (those that can be mapped) can be sent. */
static bool has_pages(struct file *f)
{
	return S_ISREG(file_inode(f)->i_mode) && f->f_op->mmap;
}

/*
 * sendfile: from a file's page cache (in_fd: a regular file) to any writable file, at the
 * file's position or at *ppos (which is then updated instead). The bytes never visit user
 * space: to a socket the page-cache pages themselves are handed over (zero-copy, "零拷贝");
 * into a file with a page cache of its own they are copied page to page (write_from_file);
 * anything else is written from each page.
 */
static long do_sendfile(long out_fd, long in_fd, u64 *ppos, size_t count)
{
	struct file *in = fget(in_fd), *out = fget(out_fd);
	long ret;
	u64 pos;

	if (!in || !out)
		return -EBADF;
	if (!(in->f_mode & FMODE_READ) || !(out->f_mode & FMODE_WRITE))
		return -EBADF;
	if (!has_pages(in))
		return -EINVAL;
	if (out->f_flags & O_APPEND)
		return -EINVAL;
	pos = ppos ? *ppos : in->f_pos;
	count = min(count, (size_t)MAX_RW_COUNT);
	if (out->f_op && out->f_op->write_from_file)
		ret = out->f_op->write_from_file(out, in, &pos, count, &out->f_pos);
	else
		ret = send_file_pages(in, &pos, out, count);
	if (ppos)
		*ppos = pos;
	else
		in->f_pos = pos;
	current->ioac.syscr++;
	current->ioac.syscw++;
	if (ret > 0) {
		current->ioac.rchar += (u64)ret;
		current->ioac.wchar += (u64)ret;
	}
	return ret;
}

long sys_sendfile(long out_fd, long in_fd, void *uoffset, unsigned long count)
{
	s32 off32;
	u64 pos;
	long ret;

	if (!uoffset)
		return do_sendfile(out_fd, in_fd, NULL, count);
	if (copy_from_user(&off32, uoffset, sizeof(off32)))
		return -EFAULT;
	if (off32 < 0)
		return -EINVAL;
	pos = (u64)off32;
	ret = do_sendfile(out_fd, in_fd, &pos, count);
	off32 = (s32)pos;
	if (copy_to_user(uoffset, &off32, sizeof(off32)))
		return -EFAULT;
	return ret;
}

long sys_sendfile64(long out_fd, long in_fd, void *uoffset, unsigned long count)
{
	s64 off;
	u64 pos;
	long ret;

	if (!uoffset)
		return do_sendfile(out_fd, in_fd, NULL, count);
	if (copy_from_user(&off, uoffset, sizeof(off)))
		return -EFAULT;
	if (off < 0)
		return -EINVAL;
	pos = (u64)off;
	ret = do_sendfile(out_fd, in_fd, &pos, count);
	off = (s64)pos;
	if (copy_to_user(uoffset, &off, sizeof(off)))
		return -EFAULT;
	return ret;
}

/*
 * splice: move bytes between a pipe and a file or socket without passing them through user
 * space. From a file into a pipe, the page-cache pages are written into the pipe (one CPU copy:
 * this pipe is a ring of bytes, where Linux's holds page references and copies nothing); from a
 * pipe, a page is filled from the pipe and then written to the file, or handed to a socket
 * like sendfile's pages.
 */
#define SPLICE_F_NONBLOCK 0x02
#define SPLICE_F_ALL 0x0f

static bool is_pipe(const struct file *f)
{
	return f->f_op == &pipe_fops || f->f_op == &fifo_fops;
}

/* An offset argument: 0 and *pos set, none (NULL: the file's own position), or -errno. */
static int splice_offset(struct file *f, const void *uoff, u64 **pos, u64 *store)
{
	s64 off;

	*pos = &f->f_pos;
	if (!uoff)
		return 0;
	if (is_pipe(f) || !(f->f_mode & FMODE_LSEEK))
		return -ESPIPE;
	if (copy_from_user(&off, uoff, sizeof(off)))
		return -EFAULT;
	if (off < 0)
		return -EINVAL;
	*store = (u64)off;
	*pos = store;
	return 0;
}

/* A pipe's bytes into a page, then to the file or socket: what the pipe holds now, at least one byte. */
static long splice_pipe_to_file(struct file *pipe, struct file *out, u64 *pos, size_t len, bool nonblock)
{
	struct page *page = alloc_page(GFP_KERNEL);
	u32 saved = pipe->f_flags;
	size_t done = 0;
	long ret = 0;

	if (!page)
		return -ENOMEM;
	if (nonblock)
		pipe->f_flags |= O_NONBLOCK;
	while (done < len) {
		u64 none = 0;
		ssize_t n = kernel_read(pipe, page_address(page), min(len - done, PAGE_SIZE), &none), w;
		pipe->f_flags |= O_NONBLOCK;          /* after the first bytes, only what is there */
		if (n <= 0) {
			ret = done || n == -EAGAIN ? (done ? 0 : n) : n;
			break;
		}
		w = sock_from_file(out) ? sock_sendpage(out, page, 0, (size_t)n)
					: kernel_write(out, page_address(page), (size_t)n, pos);
		if (w <= 0) {
			ret = w;
			break;
		}
		done += (size_t)w;
	}
	pipe->f_flags = saved;
	put_page(page);
	return done ? (long)done : ret;
}

long sys_splice(long fd_in, void *uoff_in, long fd_out, void *uoff_out, unsigned long len,
		unsigned long flags)
{
	struct file *in = fget(fd_in), *out = fget(fd_out);
	u64 in_store, out_store, *ipos, *opos;
	long ret;
	int err;

	if (!in || !out || !(in->f_mode & FMODE_READ) || !(out->f_mode & FMODE_WRITE))
		return -EBADF;
	if (flags & ~SPLICE_F_ALL)
		return -EINVAL;
	if (!is_pipe(in) && !is_pipe(out))
		return -EINVAL;
	if (is_pipe(in) && is_pipe(out) && in->private_data == out->private_data)
		return -EINVAL;                     /* a pipe into itself */
	if ((err = splice_offset(in, uoff_in, &ipos, &in_store)) ||
	    (err = splice_offset(out, uoff_out, &opos, &out_store)))
		return err;
	if (out->f_flags & O_APPEND && !is_pipe(out))
		return -EINVAL;
	if (!len)
		return 0;
	len = min(len, (unsigned long)MAX_RW_COUNT);
	if (is_pipe(in))
		ret = splice_pipe_to_file(in, out, opos, len, flags & SPLICE_F_NONBLOCK);
	else
		ret = has_pages(in) ? send_file_pages(in, ipos, out, len) : -EINVAL;
	if (ret > 0 && uoff_in && copy_to_user(uoff_in, &in_store, sizeof(in_store)))
		return -EFAULT;
	if (ret > 0 && uoff_out && copy_to_user(uoff_out, &out_store, sizeof(out_store)))
		return -EFAULT;
	return ret;
}

/*
 * fsync, fdatasync: write a file's dirty pages, its inode and the metadata it needs to its disk
 * and wait (ext2). The memory file systems have no disk: their pages are the file, so there is
 * nothing to do; pipes and terminals cannot be synced (EINVAL), as on Linux.
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

/* sync: every dirty page, inode and metadata block of every disk file system, written. */
long sys_sync(void)
{
	ksys_sync();
	return 0;
}

long sys_syncfs(long fd)
{
	struct file *f = fget(fd);

	if (!f)
		return -EBADF;
	return sync_filesystem(file_inode(f)->i_sb);
}
