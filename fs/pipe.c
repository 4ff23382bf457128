/*
 * Pipes: a 64 KiB ring buffer (Linux's default size) between a read end and a write end.
 * read() waits for data and returns 0 once every writer has closed; write() waits for room and,
 * with no reader left, fails with EPIPE after sending SIGPIPE. Both ends are ordinary files, so
 * fork and dup share them. A pipe's inode belongs to pipefs, a file system with no names, so
 * fstat says S_IFIFO like any other file's inode would.
 *
 * Packet mode (pipe2(O_DIRECT), or F_SETFL O_DIRECT on the write end): each write of up to
 * PIPE_BUF bytes is a packet (a longer one is cut into packets of PIPE_BUF), and a read takes
 * one packet: a buffer too small gets its first bytes, the rest is dropped. As on Linux, a
 * packet takes one of the pipe's page slots, so a 64 KiB pipe holds 16 packets however small.
 *
 * A FIFO (named pipe, mkfifo) is the same pipe reached through a name: the first open makes it,
 * and open waits until both ends are there (O_NONBLOCK: a reader does not wait; a writer with
 * no reader fails with ENXIO), as on Linux.
 */
#include <fs/fs.h>
#include <kernel/sched.h>
#include <kernel/signal.h>
#include <kernel/syscall.h>
#include <kernel/uaccess.h>
#include <linux/errno.h>
#include <kernel/string.h>
#include <mm/slab.h>
#include <mm/vmalloc.h>
#include <asm/x86.h>

#define PIPE_DEF_SIZE (64 * 1024)    /* 16 pages, Linux's default capacity */
#define PIPE_HARD_MAX (16 << 20)     /* what even root gets here: the buffer is vmalloc'd */
#define PIPE_BUF 4096                /* writes up to this size are not interleaved with others */

struct pipe {
	char *buf;
	u32 size;                    /* capacity: a power of two, PAGE_SIZE at least (F_SETPIPE_SZ) */
	u32 head, tail;              /* bytes written and read so far; used = head - tail */
	int readers, writers;        /* open files of each end */
	u32 r_opens, w_opens;        /* ends ever opened: what a FIFO's open waits for */
	u32 *pkt;                    /* packet mode: where each packet starts (head at its write), */
	u32 *pkt_len;                /* ... and its length; a ring of size / PAGE_SIZE slots */
	u32 pkt_head, pkt_tail;      /* packets written and read so far */
	struct wait_queue_head rd_wait;   /* readers waiting for data (and FIFO opens for a writer) */
	struct wait_queue_head wr_wait;   /* writers waiting for room (and FIFO opens for a reader) */
};

static u32 pipe_slots(const struct pipe *p)
{
	return p->size / PAGE_SIZE;
}

static struct super_block *pipefs_sb;
static struct file_system_type pipefs_type = { .name = "pipefs" };

/* Wake the tasks waiting on one of the pipe's queues, and poll/select waiting on anything. */
static void pipe_wake_queue(struct wait_queue_head *wq)
{
	if (waitqueue_active(wq))
		wake_up_queue(wq);
	wake_up_poll();
}

/* Something that concerns both ends (an end opened or closed, a new size): wake everyone. */
static void pipe_wake(struct pipe *p)
{
	if (waitqueue_active(&p->rd_wait))
		wake_up_queue(&p->rd_wait);
	pipe_wake_queue(&p->wr_wait);
}

static struct pipe *pipe_of(struct file *f)
{
	return f->private_data;
}

/*
 * Wait, interrupts off, until the pipe holds data: 1 when it does, 0 at end of file (no writer
 * left, or a read of 0 bytes), -EAGAIN (O_NONBLOCK) or -EINTR (a signal).
 */
static int pipe_wait_data(struct file *f, struct pipe *p, size_t n)
{
	while (p->head == p->tail) {
		if (!p->writers || n == 0)
			return 0;
		if (f->f_flags & O_NONBLOCK)
			return -EAGAIN;
		if (signal_pending(current))
			return -EINTR;
		sleep_on_queue(&p->rd_wait);
	}
	return 1;
}

/*
 * Copy up to n bytes, no further than end, from the ring at tail to user space, and take them
 * out of the ring: at most two copies (the ring wraps once). The bytes copied, or -EFAULT.
 */
static inline ssize_t copy_out_of_ring(struct pipe *p, char *ubuf, size_t n, u32 end)
{
	u32 off = p->tail & (p->size - 1);
	size_t len = min(n, (size_t)(end - p->tail));
	size_t first = min(len, (size_t)(p->size - off));

	if (copy_to_user(ubuf, p->buf + off, first))
		return -EFAULT;
	p->tail += first;
	if (len > first) {
		if (copy_to_user(ubuf + first, p->buf, len - first))
			return (ssize_t)first;
		p->tail += len - first;
	}
	return (ssize_t)len;
}

/* Packet mode, a packet written: the read takes the packet at tail whole (what does not fit in
 * n is dropped), or else the stream bytes before it. (Out of line: rare, and its copies are
 * inline.) */
static __attribute__((noinline)) ssize_t pipe_read_packet(struct pipe *p, char *ubuf, size_t n)
{
	u32 i = p->pkt_tail % pipe_slots(p), start = p->tail;
	ssize_t r;

	if (p->pkt[i] != p->tail)
		return copy_out_of_ring(p, ubuf, n, p->pkt[i]);
	r = copy_out_of_ring(p, ubuf, n, p->tail + p->pkt_len[i]);
	if (r >= 0) {
		p->tail = start + p->pkt_len[i];
		p->pkt_tail++;
	}
	return r;
}

static ssize_t pipe_read(struct file *f, char *ubuf, size_t n, u64 *pos)
{
	struct pipe *p = pipe_of(f);
	u32 flags = local_irq_save();
	ssize_t r = pipe_wait_data(f, p, n);

	if (r > 0) {
		if (p->pkt_head != p->pkt_tail)           /* (packets are only ever written in packet mode) */
			r = pipe_read_packet(p, ubuf, n);
		else
			r = copy_out_of_ring(p, ubuf, n, p->head);
		pipe_wake_queue(&p->wr_wait);              /* room for writers */
	}
	local_irq_restore(flags);
	return r;
}

/* Copy n bytes from user space into the ring at head (they fit). 0 or -EFAULT. */
static int copy_into_ring(struct pipe *p, const char *ubuf, size_t n)
{
	u32 off = p->head & (p->size - 1);
	size_t first = min(n, (size_t)(p->size - off));

	if (copy_from_user(p->buf + off, ubuf, first) || copy_from_user(p->buf, ubuf + first, n - first))
		return -EFAULT;
	return 0;
}

/* Packet mode: each piece of up to PIPE_BUF bytes waits for a free slot and goes in whole. */
static ssize_t pipe_write_packets(struct file *f, struct pipe *p, const char *ubuf, size_t n)
{
	size_t done = 0;

	if (!p->pkt) {
		p->pkt = kmalloc(pipe_slots(p) * sizeof(u32), GFP_KERNEL);
		p->pkt_len = kmalloc(pipe_slots(p) * sizeof(u32), GFP_KERNEL);
		if (!p->pkt || !p->pkt_len) {
			kfree(p->pkt);
			kfree(p->pkt_len);
			p->pkt = p->pkt_len = NULL;
			return -ENOMEM;
		}
	}
	while (done < n) {
		size_t chunk = min(n - done, (size_t)PIPE_BUF);
		u32 slot = p->pkt_head % pipe_slots(p);

		if (!p->readers) {
			send_sig(SIGPIPE, current);
			return done ? (ssize_t)done : -EPIPE;
		}
		if (p->pkt_head - p->pkt_tail >= pipe_slots(p) || p->size - (p->head - p->tail) < chunk) {
			if (f->f_flags & O_NONBLOCK)
				return done ? (ssize_t)done : -EAGAIN;
			if (signal_pending(current))
				return done ? (ssize_t)done : -EINTR;
			sleep_on_queue(&p->wr_wait);
			continue;
		}
		if (copy_into_ring(p, ubuf + done, chunk))
			return done ? (ssize_t)done : -EFAULT;
		p->pkt[slot] = p->head;
		p->pkt_len[slot] = (u32)chunk;
		p->pkt_head++;
		p->head += (u32)chunk;
		done += chunk;
		pipe_wake_queue(&p->rd_wait);              /* a packet for readers */
	}
	return (ssize_t)done;
}

static ssize_t pipe_write(struct file *f, const char *ubuf, size_t n, u64 *pos)
{
	struct pipe *p = pipe_of(f);
	size_t done = 0;
	u32 flags = local_irq_save();

	if (f->f_flags & O_DIRECT) {
		ssize_t r = pipe_write_packets(f, p, ubuf, n);
		local_irq_restore(flags);
		return r;
	}

	while (done < n) {
		u32 room = p->size - (p->head - p->tail);
		if (!p->readers) {
			local_irq_restore(flags);
			send_sig(SIGPIPE, current);
			return done ? (ssize_t)done : -EPIPE;
		}
		/* a write of at most PIPE_BUF bytes goes in whole or waits */
		if (room == 0 || (n <= PIPE_BUF && room < n - done)) {
			if (f->f_flags & O_NONBLOCK) {
				local_irq_restore(flags);
				return done ? (ssize_t)done : -EAGAIN;
			}
			if (signal_pending(current)) {
				local_irq_restore(flags);
				return done ? (ssize_t)done : -EINTR;
			}
			sleep_on_queue(&p->wr_wait);
			continue;
		}
		u32 off = p->head & (p->size - 1);
		size_t chunk = min(min(n - done, (size_t)room), (size_t)(p->size - off));
		if (copy_from_user(p->buf + off, ubuf + done, chunk)) {
			local_irq_restore(flags);
			return done ? (ssize_t)done : -EFAULT;
		}
		p->head += chunk;
		done += chunk;
		pipe_wake_queue(&p->rd_wait);              /* data for readers */
	}
	local_irq_restore(flags);
	return (ssize_t)done;
}

static long pipe_ioctl(struct file *f, unsigned cmd, unsigned long arg)
{
	(void)f, (void)cmd, (void)arg;
	return -ENOTTY;                                  /* not a terminal: stdio buffers fully */
}

static void pipe_release(struct inode *inode, struct file *f)
{
	struct pipe *p = pipe_of(f);
	u32 flags = local_irq_save();

	if (f->f_mode & FMODE_READ)
		p->readers--;
	if (f->f_mode & FMODE_WRITE)
		p->writers--;
	pipe_wake(p);                                      /* readers see EOF, writers EPIPE */
	if (!p->readers && !p->writers) {
		if (inode->i_private == p)
			inode->i_private = NULL;         /* a FIFO: the next open makes a new pipe */
		vfree(p->buf);
		kfree(p->pkt);
		kfree(p->pkt_len);
		kfree(p);
	}
	local_irq_restore(flags);
}


/*
 * F_SETPIPE_SZ: a new capacity, rounded up to a power-of-two number of pages, as Linux does;
 * EBUSY if what the pipe holds would not fit. The new size, or -errno.
 */
static long pipe_set_size(struct pipe *p, unsigned long arg)
{
	u32 size = PAGE_SIZE, used;
	char *buf;

	if (arg > 0x80000000ul)
		return -EINVAL;
	while (size < arg)
		size <<= 1;
	if (size > PIPE_HARD_MAX)
		return -ENOMEM;                           /* Linux allows root more; vmalloc here does not */
	used = p->head - p->tail;
	if (used > size || (p->pkt && p->pkt_head != p->pkt_tail))
		return -EBUSY;                            /* (packets waiting keep their slots: busy) */
	if (size == p->size)
		return size;
	if (!(buf = vmalloc(size)))
		return -ENOMEM;
	for (u32 i = 0; i < used; i++)                   /* the bytes in order, from the start */
		buf[i] = p->buf[(p->tail + i) % p->size];
	vfree(p->buf);
	p->buf = buf;
	p->tail = 0;
	p->head = used;
	p->size = size;
	kfree(p->pkt);                                    /* its slots change: made again when needed */
	kfree(p->pkt_len);
	p->pkt = p->pkt_len = NULL;
	p->pkt_head = p->pkt_tail = 0;
	pipe_wake_queue(&p->wr_wait);             /* room, perhaps */
	return size;
}

long pipe_fcntl(struct file *f, unsigned cmd, unsigned long arg)
{
	struct pipe *p;
	long ret;
	u32 flags;

	if ((f->f_op != &pipe_fops && f->f_op != &fifo_fops) || !(p = pipe_of(f)))
		return -EBADF;                            /* not a pipe, as Linux answers */
	if (cmd == F_GETPIPE_SZ)
		return p->size;
	flags = local_irq_save();
	ret = pipe_set_size(p, arg);
	local_irq_restore(flags);
	return ret;
}

/* What poll and select see: data or a hang-up for a reader, room or a broken pipe for a writer. */
static unsigned pipe_poll(struct file *f)
{
	struct pipe *p = pipe_of(f);
	unsigned mask = 0;

	if (f->f_mode & FMODE_READ) {
		if (p->head != p->tail)
			mask |= POLLIN | POLLRDNORM;
		if (!p->writers && p->w_opens)
			mask |= POLLHUP;                 /* every writer has gone */
	}
	if (f->f_mode & FMODE_WRITE) {
		if (p->head - p->tail < p->size)
			mask |= POLLOUT | POLLWRNORM;
		if (!p->readers)
			mask |= POLLERR;                 /* writing would be EPIPE */
	}
	return mask;
}

const struct file_operations pipe_fops = {
	.poll = pipe_poll,
	.read = pipe_read,
	.write = pipe_write,
	.ioctl = pipe_ioctl,
	.release = pipe_release,
};

static struct pipe *alloc_pipe(void)
{
	struct pipe *p = kzalloc(sizeof(*p), GFP_KERNEL);

	if (p && !(p->buf = vmalloc(PIPE_DEF_SIZE))) {
		kfree(p);
		return NULL;
	}
	if (p) {
		p->size = PIPE_DEF_SIZE;
		init_waitqueue_head(&p->rd_wait);
		init_waitqueue_head(&p->wr_wait);
	}
	return p;
}

long sys_pipe2(int *ufds, long flags)
{
	struct inode *inode;
	struct pipe *p;
	struct file *r, *w;
	int fds[2];

	if (flags & ~(O_CLOEXEC | O_NONBLOCK | O_DIRECT))
		return -EINVAL;
	fds[0] = get_unused_fd(0);
	fds[1] = fds[0] < 0 ? -1 : get_unused_fd(fds[0] + 1);
	if (fds[1] < 0)
		return -EMFILE;
	if (!pipefs_sb && !(pipefs_sb = sget_nodev(&pipefs_type, PIPEFS_MAGIC)))
		return -ENOMEM;
	p = alloc_pipe();
	inode = p ? new_inode(pipefs_sb, S_IFIFO | 0600) : NULL;
	if (!inode) {
		if (p)
			vfree(p->buf);
		kfree(p);
		return -ENOMEM;
	}
	inode->i_fop = &pipe_fops;
	r = alloc_file_pseudo(inode, O_RDONLY | ((u32)flags & O_NONBLOCK), &pipe_fops);
	/* O_DIRECT (packet mode) is the write end's, as on Linux */
	w = r ? alloc_file_pseudo(igrab(inode), O_WRONLY | ((u32)flags & (O_NONBLOCK | O_DIRECT)), &pipe_fops) : NULL;
	if (!w) {
		if (r)
			fput(r);                         /* no pipe attached yet: no release */
		vfree(p->buf);
		kfree(p);
		return -ENOMEM;
	}
	p->readers = p->writers = 1;
	p->r_opens = p->w_opens = 1;
	r->private_data = w->private_data = p;
	if (copy_to_user(ufds, fds, sizeof(fds))) {
		fput(r);
		fput(w);
		return -EFAULT;
	}
	fd_install(fds[0], r, flags & O_CLOEXEC);
	fd_install(fds[1], w, flags & O_CLOEXEC);
	return 0;
}

/* Open a FIFO: join (or make) its pipe, and wait for the other end as Linux does. */
static int fifo_open(struct inode *inode, struct file *f)
{
	struct pipe *p = inode->i_private;
	bool nonblock = f->f_flags & O_NONBLOCK;
	u32 flags;

	if (!p) {
		p = alloc_pipe();
		if (!p)
			return -ENOMEM;
		inode->i_private = p;
	}
	f->private_data = p;
	f->f_op = &pipe_fops;
	f->f_mode &= ~FMODE_LSEEK;
	flags = local_irq_save();
	switch (f->f_mode & (FMODE_READ | FMODE_WRITE)) {
	case FMODE_READ: {
		u32 seen = p->w_opens;
		p->readers++;
		p->r_opens++;
		pipe_wake(p);
		while (!nonblock && !p->writers && p->w_opens == seen) {
			if (signal_pending(current))
				goto interrupted;
			sleep_on_queue(&p->rd_wait);
		}
		break;
	}
	case FMODE_WRITE: {
		u32 seen = p->r_opens;
		if (nonblock && !p->readers) {
			local_irq_restore(flags);
			f->f_op = NULL;
			if (!p->readers && !p->writers) {
				inode->i_private = NULL;
				vfree(p->buf);
				kfree(p);
			}
			return -ENXIO;
		}
		p->writers++;
		p->w_opens++;
		pipe_wake(p);
		while (!p->readers && p->r_opens == seen) {
			if (signal_pending(current))
				goto interrupted;
			sleep_on_queue(&p->wr_wait);
		}
		break;
	}
	default:                                         /* O_RDWR: both ends at once, never waits */
		p->readers++;
		p->writers++;
		p->r_opens++;
		p->w_opens++;
		pipe_wake(p);
	}
	local_irq_restore(flags);
	return 0;
interrupted:
	local_irq_restore(flags);
	pipe_release(inode, f);
	f->f_op = NULL;
	return -EINTR;
}

const struct file_operations fifo_fops = {
	.open = fifo_open,
};

long sys_pipe(int *ufds)
{
	return sys_pipe2(ufds, 0);
}
