/* Descriptors: dup, dup2, dup3, fcntl, ioctl. */
#include <fs/fs.h>
#include <fs/file.h>
#include <kernel/sched.h>
#include <kernel/syscall.h>
#include <linux/errno.h>

/* A new descriptor for fd's file: the lowest free one at or above start (dup, F_DUPFD). */
static long dup_from(long fd, long start, bool cloexec)
{
	struct file *f = fget_raw(fd);
	int nfd;

	if (!f)
		return -EBADF;
	if (start < 0 || start >= NR_OPEN || (u64)start >= rlimit(RLIMIT_NOFILE))
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
	struct file *f = fget_raw(oldfd);

	if (flags & ~O_CLOEXEC)
		return -EINVAL;
	if (!f)
		return -EBADF;
	if (newfd < 0 || newfd >= NR_OPEN || (u64)newfd >= rlimit(RLIMIT_NOFILE))
		return -EBADF;
	if (newfd == oldfd)
		return -EINVAL;
	fd_install((int)newfd, get_file(f), flags & O_CLOEXEC);
	return newfd;
}

long sys_dup2(long oldfd, long newfd)
{
	if (newfd == oldfd)
		return fget_raw(oldfd) ? newfd : -EBADF;
	return sys_dup3(oldfd, newfd, 0);
}

/*
 * fcntl: duplicate a descriptor (F_DUPFD, F_DUPFD_CLOEXEC), read or set its close-on-exec flag
 * (F_GETFD, F_SETFD), read the open file's flags or change O_APPEND and O_NONBLOCK (F_GETFL,
 * F_SETFL), record locks (F_GETLK, F_SETLK, F_SETLKW and the 64-bit forms, fs/locks.c), a pipe's
 * capacity (F_GETPIPE_SZ, F_SETPIPE_SZ, fs/pipe.c). The rest:
 * EINVAL.
 */
#define SETFL_MASK (O_APPEND | O_NONBLOCK)

long sys_fcntl(long fd, long cmd, long arg)
{
	struct file *f = fget_raw(fd);

	if (!f)
		return -EBADF;
	if ((f->f_mode & FMODE_PATH) && cmd != F_DUPFD && cmd != F_DUPFD_CLOEXEC && cmd != F_GETFD &&
	    cmd != F_SETFD && cmd != F_GETFL)
		return -EBADF;                          /* an O_PATH descriptor: only these */
	switch (cmd) {
	case F_DUPFD:
	case F_DUPFD_CLOEXEC:
		return dup_from(fd, arg, cmd == F_DUPFD_CLOEXEC);
	case F_GETFD:
		return (current->files->close_on_exec >> fd) & 1 ? FD_CLOEXEC : 0;
	case F_SETFD:
		if (arg & FD_CLOEXEC)
			current->files->close_on_exec |= 1u << fd;
		else
			current->files->close_on_exec &= ~(1u << fd);
		return 0;
	case F_GETFL:
		return (long)f->f_flags;
	case F_SETFL:
		f->f_flags = (f->f_flags & ~SETFL_MASK) | ((u32)arg & SETFL_MASK);
		/* O_DIRECT: a pipe's packet mode (Linux accepts it there; no direct I/O elsewhere) */
		if (S_ISFIFO(file_inode(f)->i_mode))
			f->f_flags = (f->f_flags & ~O_DIRECT) | ((u32)arg & O_DIRECT);
		return 0;
	case F_GETLK:
	case F_SETLK:
	case F_SETLKW:
		return fcntl_lock(f, cmd, (void *)arg, false, cmd == F_SETLKW, cmd == F_GETLK);
	case F_GETLK64:
	case F_SETLK64:
	case F_SETLKW64:
		return fcntl_lock(f, cmd, (void *)arg, true, cmd == F_SETLKW64, cmd == F_GETLK64);
	case F_GETPIPE_SZ:
	case F_SETPIPE_SZ:
		return pipe_fcntl(f, (unsigned)cmd, (unsigned long)arg);
	default:
		return -EINVAL;
	}
}

long sys_ioctl(long fd, long cmd, long arg)
{
	struct file *f = fget(fd);

	if (!f)
		return -EBADF;
	if (!f->f_op || !f->f_op->ioctl)
		return -ENOTTY;
	return f->f_op->ioctl(f, (unsigned)cmd, (unsigned long)arg);
}
