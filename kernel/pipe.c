/*
 * Pipes: a 64 KiB ring buffer (Linux's default size) between a read end and a write end.
 * read() waits for data and returns 0 once every writer has closed; write() waits for room and,
 * with no reader left, fails with EPIPE after sending SIGPIPE. Both ends are ordinary files, so
 * fork and dup share them.
 */
#include <kernel/file.h>
#include <kernel/sched.h>
#include <kernel/signal.h>
#include <kernel/syscall.h>
#include <kernel/uaccess.h>
#include <linux/errno.h>
#include <kernel/string.h>
#include <mm/slab.h>
#include <mm/vmalloc.h>
#include <asm/x86.h>

#define PIPE_SIZE (64 * 1024)
#define PIPE_BUF 4096                /* writes up to this size are not interleaved with others */

struct pipe {
	char *buf;
	u32 head, tail;              /* bytes written and read so far; used = head - tail */
	int readers, writers;        /* open files of each end */
};

static struct pipe *pipe_of(struct file *f)
{
	return f->private_data;
}

static ssize_t pipe_read(struct file *f, char *ubuf, size_t n)
{
	struct pipe *p = pipe_of(f);
	size_t done = 0;
	u32 flags = local_irq_save();

	while (p->head == p->tail) {
		if (!p->writers || n == 0)
			goto out;                        /* end of file */
		if (f->flags & O_NONBLOCK) {
			local_irq_restore(flags);
			return -EAGAIN;
		}
		if (signal_pending(current)) {
			local_irq_restore(flags);
			return -EINTR;
		}
		sleep_on(p);
	}
	while (done < n && p->head != p->tail) {
		u32 off = p->tail % PIPE_SIZE;
		size_t chunk = min(min(n - done, (size_t)(p->head - p->tail)), (size_t)(PIPE_SIZE - off));
		if (copy_to_user(ubuf + done, p->buf + off, chunk)) {
			local_irq_restore(flags);
			return done ? (ssize_t)done : -EFAULT;
		}
		p->tail += chunk;
		done += chunk;
	}
	wake_up(p);                                      /* room for writers */
out:
	local_irq_restore(flags);
	return (ssize_t)done;
}

static ssize_t pipe_write(struct file *f, const char *ubuf, size_t n)
{
	struct pipe *p = pipe_of(f);
	size_t done = 0;
	u32 flags = local_irq_save();

	while (done < n) {
		u32 room = PIPE_SIZE - (p->head - p->tail);
		if (!p->readers) {
			local_irq_restore(flags);
			send_sig(SIGPIPE, current);
			return done ? (ssize_t)done : -EPIPE;
		}
		/* a write of at most PIPE_BUF bytes goes in whole or waits */
		if (room == 0 || (n <= PIPE_BUF && room < n - done)) {
			if (f->flags & O_NONBLOCK) {
				local_irq_restore(flags);
				return done ? (ssize_t)done : -EAGAIN;
			}
			if (signal_pending(current)) {
				local_irq_restore(flags);
				return done ? (ssize_t)done : -EINTR;
			}
			sleep_on(p);
			continue;
		}
		u32 off = p->head % PIPE_SIZE;
		size_t chunk = min(min(n - done, (size_t)room), (size_t)(PIPE_SIZE - off));
		if (copy_from_user(p->buf + off, ubuf + done, chunk)) {
			local_irq_restore(flags);
			return done ? (ssize_t)done : -EFAULT;
		}
		p->head += chunk;
		done += chunk;
		wake_up(p);                              /* data for readers */
	}
	local_irq_restore(flags);
	return (ssize_t)done;
}

static long pipe_ioctl(struct file *f, unsigned cmd, unsigned long arg)
{
	(void)f, (void)cmd, (void)arg;
	return -ENOTTY;                                  /* not a terminal: stdio buffers fully */
}

static void pipe_release(struct file *f)
{
	struct pipe *p = pipe_of(f);
	u32 flags = local_irq_save();

	if ((f->flags & O_ACCMODE) == O_RDONLY)
		p->readers--;
	else
		p->writers--;
	wake_up(p);                                      /* readers see EOF, writers EPIPE */
	if (!p->readers && !p->writers) {
		vfree(p->buf);
		kfree(p);
	}
	local_irq_restore(flags);
}

const struct file_operations pipe_fops = {
	.read = pipe_read,
	.write = pipe_write,
	.ioctl = pipe_ioctl,
	.release = pipe_release,
};

long sys_pipe2(int *ufds, long flags)
{
	struct pipe *p;
	struct file *r, *w;
	int fds[2];

	if (flags & ~(O_CLOEXEC | O_NONBLOCK))
		return -EINVAL;
	p = kzalloc(sizeof(*p), GFP_KERNEL);
	r = kzalloc(sizeof(*r), GFP_KERNEL);
	w = kzalloc(sizeof(*w), GFP_KERNEL);
	if (!p || !r || !w || !(p->buf = vmalloc(PIPE_SIZE)))
		goto nomem;
	fds[0] = fds[1] = -1;
	for (int fd = 0, k = 0; fd < NR_OPEN && k < 2; fd++)
		if (!current->files[fd])
			fds[k++] = fd;
	if (fds[1] < 0) {
		vfree(p->buf);
		kfree(p);
		kfree(r);
		kfree(w);
		return -EMFILE;
	}
	p->readers = p->writers = 1;
	*r = (struct file){ .f_op = &pipe_fops, .flags = O_RDONLY | ((int)flags & O_NONBLOCK), .refs = 1, .private_data = p };
	*w = (struct file){ .f_op = &pipe_fops, .flags = O_WRONLY | ((int)flags & O_NONBLOCK), .refs = 1, .private_data = p };
	if (copy_to_user(ufds, fds, sizeof(fds))) {
		pipe_release(r);
		pipe_release(w);
		kfree(r);
		kfree(w);
		return -EFAULT;
	}
	fd_install(fds[0], r, flags & O_CLOEXEC);
	fd_install(fds[1], w, flags & O_CLOEXEC);
	return 0;
nomem:
	if (p)
		vfree(p->buf);
	kfree(p);
	kfree(r);
	kfree(w);
	return -ENOMEM;
}

long sys_pipe(int *ufds)
{
	return sys_pipe2(ufds, 0);
}
