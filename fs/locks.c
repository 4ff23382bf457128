/*
 * File locks, with Linux's semantics:
 *
 *   fcntl record locks (F_GETLK, F_SETLK, F_SETLKW and their 64-bit forms) belong to a process
 *   and a byte range of an inode: a process's locks merge and split by range, a read lock
 *   shares with read locks of other processes, a write lock with nothing. They go when the
 *   process closes *any* descriptor of the file (POSIX's rule, which surprises everyone), and
 *   at exit. A conflict answers EAGAIN, or (F_SETLKW) waits; a wait that would close a cycle of
 *   processes waiting on each other answers EDEADLK.
 *
 *   flock locks belong to an open file (struct file) and cover the whole file; they go with its
 *   last close. The two kinds never conflict with each other.
 *
 * Locks are kept in a list per inode; a waiter sleeps on the inode and looks again when woken.
 */
#include <fs/fs.h>
#include <fs/file.h>
#include <kernel/sched.h>
#include <kernel/signal.h>
#include <kernel/syscall.h>
#include <kernel/uaccess.h>
#include <kernel/string.h>
#include <linux/errno.h>
#include <mm/slab.h>

#define F_RDLCK 0
#define F_WRLCK 1
#define F_UNLCK 2
#define OFFSET_MAX 0x7fffffffffffffffll

struct file_lock {
	struct list_head link;          /* in the inode's i_locks */
	int pid;                        /* record locks: the owner */
	struct file *file;              /* flock locks: the owner */
	u8 type;                        /* F_RDLCK, F_WRLCK */
	s64 start, end;                 /* bytes [start, end]; end OFFSET_MAX: to the end of file */
};

static bool overlap(const struct file_lock *a, s64 start, s64 end)
{
	return a->start <= end && start <= a->end;
}

static bool conflicts(const struct file_lock *held, const struct file_lock *want)
{
	return (held->type == F_WRLCK || want->type == F_WRLCK);
}

/* The first record lock of another process that stands in want's way, or NULL. */
static struct file_lock *posix_conflict(struct inode *inode, const struct file_lock *want)
{
	struct file_lock *fl;

	list_for_each_entry(fl, &inode->i_locks, link)
		if (!fl->file && fl->pid != want->pid && overlap(fl, want->start, want->end) &&
		    conflicts(fl, want))
			return fl;
	return NULL;
}

/* The process whose lock pid waits for (task_struct.lock_waits_for), or 0. */
static int waits_for(int pid)
{
	struct task_struct *t = find_task_by_pid(pid);

	return t ? t->lock_waits_for : 0;
}

/* Would me waiting for owner close a cycle? (A chain is at most as long as there are tasks.) */
static bool would_deadlock(int me, int owner)
{
	for (int i = 0, n = nr_tasks(); owner && i < n; i++) {
		if (owner == me)
			return true;
		owner = waits_for(owner);
	}
	return false;
}

static struct file_lock *new_lock(const struct file_lock *from, s64 start, s64 end)
{
	struct file_lock *fl = kmalloc(sizeof(*fl), GFP_KERNEL);

	if (fl) {
		*fl = *from;
		fl->start = start;
		fl->end = end;
	}
	return fl;
}

/*
 * Give the owner of want exactly want's type over want's range (F_UNLCK: none), splitting and
 * merging its own locks. 0 or -ENOLCK (nothing changed).
 */
static int posix_apply(struct inode *inode, const struct file_lock *want)
{
	struct file_lock *fl, *next, *right, *added = NULL;
	s64 start = want->start, end = want->end;

	/* the pieces that may be needed, allocated first so that failing changes nothing */
	if (want->type != F_UNLCK && !(added = new_lock(want, start, end)))
		return -ENOLCK;
	right = kmalloc(sizeof(*right), GFP_KERNEL);   /* a lock split in two needs one more */
	if (!right) {
		kfree(added);
		return -ENOLCK;
	}
	for (fl = list_entry(inode->i_locks.next, struct file_lock, link); &fl->link != &inode->i_locks; fl = next) {
		next = list_entry(fl->link.next, struct file_lock, link);
		if (fl->file || fl->pid != want->pid)
			continue;
		/* same type and touching: merge into the new lock */
		if (added && fl->type == want->type &&
		    fl->start <= (end == OFFSET_MAX ? end : end + 1) && (fl->end == OFFSET_MAX || fl->end + 1 >= start)) {
			added->start = start = min(start, fl->start);
			added->end = end = max(end, fl->end);
			list_del(&fl->link);
			kfree(fl);
			continue;
		}
		if (!overlap(fl, start, end))
			continue;
		/* overlapping: keep what sticks out on either side */
		if (fl->start < start && fl->end > end) {
			*right = *fl;
			right->start = end + 1;
			list_add(&right->link, &fl->link);
			right = NULL;
			fl->end = start - 1;
		} else if (fl->start < start) {
			fl->end = start - 1;
		} else if (fl->end > end) {
			fl->start = end + 1;
		} else {
			list_del(&fl->link);
			kfree(fl);
		}
	}
	if (added)
		list_add_tail(&added->link, &inode->i_locks);
	kfree(right);
	wake_up(inode);                                  /* waiters look again */
	return 0;
}

void locks_remove_posix(struct file *f, int pid)
{
	struct inode *inode = file_inode(f);
	struct file_lock *fl, *next;
	bool any = false;

	if (list_empty(&inode->i_locks))
		return;
	for (fl = list_entry(inode->i_locks.next, struct file_lock, link); &fl->link != &inode->i_locks; fl = next) {
		next = list_entry(fl->link.next, struct file_lock, link);
		if (!fl->file && fl->pid == pid) {
			list_del(&fl->link);
			kfree(fl);
			any = true;
		}
	}
	if (any)
		wake_up(inode);
}

void locks_remove_flock(struct file *f)
{
	struct inode *inode = file_inode(f);
	struct file_lock *fl, *next;

	if (!inode || list_empty(&inode->i_locks))
		return;
	for (fl = list_entry(inode->i_locks.next, struct file_lock, link); &fl->link != &inode->i_locks; fl = next) {
		next = list_entry(fl->link.next, struct file_lock, link);
		if (fl->file == f) {
			list_del(&fl->link);
			kfree(fl);
			wake_up(inode);
		}
	}
}

/* The range of a struct flock, from its whence, start and length. 0 or -EINVAL/-EOVERFLOW. */
static int flock_range(struct file *f, int whence, s64 start, s64 len, struct file_lock *fl)
{
	s64 base;

	switch (whence) {
	case SEEK_SET: base = 0; break;
	case SEEK_CUR: base = (s64)f->f_pos; break;
	case SEEK_END: base = (s64)file_inode(f)->i_size; break;
	default: return -EINVAL;
	}
	if (start > OFFSET_MAX - base)
		return -EOVERFLOW;
	start += base;
	if (start < 0)
		return -EINVAL;
	if (len > 0) {
		if (len - 1 > OFFSET_MAX - start)
			return -EOVERFLOW;
		fl->end = start + len - 1;
	} else if (len < 0) {
		fl->end = start - 1;
		start += len;
		if (start < 0)
			return -EINVAL;
	} else {
		fl->end = OFFSET_MAX;
	}
	fl->start = start;
	return 0;
}

/* The i386 layouts: struct flock (32-bit offsets) and struct flock64. */
struct flock32 {
	s16 l_type, l_whence;
	s32 l_start, l_len, l_pid;
};

struct flock64 {
	s16 l_type, l_whence;
	s64 l_start, l_len;
	s32 l_pid;
} __attribute__((packed, aligned(4)));

BUILD_BUG_ON(sizeof(struct flock32) != 16);
BUILD_BUG_ON(sizeof(struct flock64) != 24);

long fcntl_lock(struct file *f, long cmd, void *uarg, bool is64, bool wait, bool get)
{
	struct inode *inode = file_inode(f);
	struct flock64 k;
	struct file_lock want = { .pid = current->pid };
	struct file_lock *held;
	int err;

	if (is64) {
		if (copy_from_user(&k, uarg, sizeof(k)))
			return -EFAULT;
	} else {
		struct flock32 k32;
		if (copy_from_user(&k32, uarg, sizeof(k32)))
			return -EFAULT;
		k.l_type = k32.l_type;
		k.l_whence = k32.l_whence;
		k.l_start = k32.l_start;
		k.l_len = k32.l_len;
		k.l_pid = k32.l_pid;
	}
	if (k.l_type != F_RDLCK && k.l_type != F_WRLCK && k.l_type != F_UNLCK)
		return -EINVAL;
	if ((err = flock_range(f, k.l_whence, k.l_start, k.l_len, &want)) != 0)
		return err;
	want.type = (u8)k.l_type;
	if (get) {
		if (k.l_type == F_UNLCK)
			return -EINVAL;
		held = posix_conflict(inode, &want);
		if (!held) {
			k.l_type = F_UNLCK;
		} else {
			k.l_type = held->type;
			k.l_whence = SEEK_SET;
			k.l_start = held->start;
			k.l_len = held->end == OFFSET_MAX ? 0 : held->end - held->start + 1;
			k.l_pid = held->pid;
		}
		if (is64)
			return copy_to_user(uarg, &k, sizeof(k)) ? -EFAULT : 0;
		struct flock32 k32 = { k.l_type, k.l_whence, (s32)k.l_start, (s32)k.l_len, k.l_pid };
		if (k.l_start != k32.l_start || k.l_len != k32.l_len)
			return -EOVERFLOW;
		return copy_to_user(uarg, &k32, sizeof(k32)) ? -EFAULT : 0;
	}
	if ((k.l_type == F_RDLCK && !(f->f_mode & FMODE_READ)) || (k.l_type == F_WRLCK && !(f->f_mode & FMODE_WRITE)))
		return -EBADF;
	if (k.l_type != F_UNLCK) {
		while ((held = posix_conflict(inode, &want)) != NULL) {
			if (!wait)
				return -EAGAIN;
			if (would_deadlock(current->pid, held->pid))
				return -EDEADLK;
			if (signal_pending(current)) {
				current->lock_waits_for = 0;
				return -EINTR;
			}
			current->lock_waits_for = held->pid;
			sleep_on(inode);
		}
		current->lock_waits_for = 0;
	}
	return posix_apply(inode, &want);
}

/* ---------------------------------------------------------------- flock */

#define LOCK_SH 1
#define LOCK_EX 2
#define LOCK_NB 4
#define LOCK_UN 8

long sys_flock(long fd, long op)
{
	struct file *f = fget(fd);
	struct inode *inode;
	struct file_lock *fl, *mine = NULL;
	u8 type;

	if (!f)
		return -EBADF;
	inode = file_inode(f);
	switch (op & ~LOCK_NB) {
	case LOCK_SH: type = F_RDLCK; break;
	case LOCK_EX: type = F_WRLCK; break;
	case LOCK_UN: locks_remove_flock(f); return 0;
	default: return -EINVAL;
	}
	list_for_each_entry(fl, &inode->i_locks, link)
		if (fl->file == f)
			mine = fl;
	if (mine && mine->type == type)
		return 0;
	if (mine) {                                      /* a conversion drops the old lock first */
		list_del(&mine->link);
		kfree(mine);
		wake_up(inode);
	}
	for (;;) {
		bool busy = false;
		list_for_each_entry(fl, &inode->i_locks, link)
			if (fl->file && fl->file != f && (fl->type == F_WRLCK || type == F_WRLCK))
				busy = true;
		if (!busy)
			break;
		if (op & LOCK_NB)
			return -EAGAIN;                  /* EWOULDBLOCK */
		if (signal_pending(current))
			return -EINTR;
		sleep_on(inode);
	}
	fl = kzalloc(sizeof(*fl), GFP_KERNEL);
	if (!fl)
		return -ENOLCK;
	fl->file = f;
	fl->type = type;
	fl->start = 0;
	fl->end = OFFSET_MAX;
	list_add_tail(&fl->link, &inode->i_locks);
	return 0;
}
