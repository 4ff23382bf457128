/*
 * Looking up a descriptor (Linux's include/linux/file.h): fget and fget_raw, inline, since
 * every read and write starts here. A file found in a table that other tasks share is held
 * until the system call returns (fget_hold, fput_held in fs/file_table.c): if the call sleeps
 * and another thread closes fd meanwhile, the open file stays, as Linux's fdget keeps it. With a
 * table of its own, nobody else can close fd, and nothing is held (Linux's __fget_light).
 */
#pragma once
#include <fs/fs.h>
#include <kernel/sched.h>

#ifdef HOST_TEST
struct file *fget(long fd);                   /* tests/host/fake_kernel.c: no descriptors */
struct file *fget_raw(long fd);
#else
struct file *fget_hold(struct file *f);       /* f, held until the system call returns */

/* current's open file fd, or NULL; O_PATH ones too (close, dup, fcntl, fstat, *at). */
static inline struct file *fget_raw(long fd)
{
	struct files_struct *files = current->files;
	struct file *f;

	if ((unsigned long)fd >= NR_OPEN || !(f = files->fd[fd]))
		return NULL;
	return files->count > 1 ? fget_hold(f) : f;
}

/* Every call that reads, writes or changes through a descriptor: an O_PATH one is EBADF there. */
static inline struct file *fget(long fd)
{
	struct file *f = fget_raw(fd);

	return f && !(f->f_mode & FMODE_PATH) ? f : NULL;
}
#endif

/* The end of a system call (and exit): put the files fget held for it. */
void fput_held(void);
