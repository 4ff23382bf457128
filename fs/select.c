/*
 * poll, ppoll, select and pselect6: wait until one of several files is ready. Each file says
 * what it is ready for now (f_op->poll; a file without one is always ready, as a regular file
 * is on Linux); nothing ready, the task sleeps on one channel, poll_wait_chan, which every file
 * that can become ready (a pipe, the terminal, a FIFO) wakes through wake_up_poll(), or until
 * the timeout's tick. Then it looks again. With one CPU and no preemption, nothing can become
 * ready between the look and the sleep except from an interrupt, and the look is made with
 * interrupts off.
 */
#include <fs/fs.h>
#include <fs/file.h>
#include <kernel/sched.h>
#include <kernel/signal.h>
#include <kernel/syscall.h>
#include <kernel/uaccess.h>
#include <kernel/string.h>
#include <kernel/time.h>
#include <linux/errno.h>
#include <asm/x86.h>
#include <mm/slab.h>

#define DEFAULT_POLLMASK (POLLIN | POLLOUT | POLLRDNORM | POLLWRNORM)

#define NSEC_PER_TICK (1000000000u / HZ)
#define FD_SETSIZE 1024
#define POLL_MAX NR_OPEN * 32          /* entries one poll may pass (Linux: RLIMIT_NOFILE) */

static char poll_wait_chan;
int poll_sleepers;                             /* tasks asleep in poll_sleep */

void __wake_up_poll(void)
{
	wake_up(&poll_wait_chan);
}

static unsigned file_poll(struct file *f)
{
	return f->f_op && f->f_op->poll ? f->f_op->poll(f) : DEFAULT_POLLMASK;
}

/* A timeout in ticks from seconds and nanoseconds, rounded up; -1: wait forever. */
static long to_ticks(s64 sec, s64 nsec)
{
	u64 ticks;

	if (sec < 0)
		return -1;
	if (sec > 0x7fffffff / HZ)
		return 0x7fffffff;
	ticks = (u64)sec * HZ + ((u32)nsec + NSEC_PER_TICK - 1) / NSEC_PER_TICK;   /* nsec < 10^9 */
	return ticks > 0x7fffffff ? 0x7fffffff : (long)ticks;
}

/*
 * Sleep until woken or until jiffy end (timeout < 0: no end). Returns false when the time is
 * up. Called with interrupts off, after a look found nothing ready.
 */
static bool poll_sleep(long timeout, u32 end)
{
	if (timeout >= 0 && (s32)(jiffies - end) >= 0)
		return false;
	current->wake_jiffies = timeout >= 0 ? end : 0;
	poll_sleepers++;
	sleep_on(&poll_wait_chan);
	poll_sleepers--;
	current->wake_jiffies = 0;
	return true;
}

struct pollfd_k {
	s32 fd;
	s16 events, revents;
};

static long do_poll(struct pollfd_k *fds, unsigned n, long timeout)
{
	u32 end = jiffies + (u32)(timeout > 0 ? timeout : 0);

	for (;;) {
		u32 flags = local_irq_save();
		long count = 0;

		for (unsigned i = 0; i < n; i++) {
			struct file *f = fds[i].fd >= 0 ? fget(fds[i].fd) : NULL;
			unsigned mask = fds[i].fd < 0 ? 0 : f ? file_poll(f) : POLLNVAL;
			/* errors and hang-ups are always reported, asked for or not */
			mask &= (u16)fds[i].events | POLLERR | POLLHUP | POLLNVAL;
			fds[i].revents = (s16)mask;
			count += mask != 0;
		}
		if (count || timeout == 0) {
			local_irq_restore(flags);
			return count;
		}
		if (signal_pending(current)) {
			local_irq_restore(flags);
			return -EINTR;
		}
		if (!poll_sleep(timeout, end)) {
			local_irq_restore(flags);
			return 0;
		}
		local_irq_restore(flags);
	}
}

static long poll_user(void *ufds, unsigned long n, long timeout)
{
	struct pollfd_k *fds;
	long ret;

	if (n > POLL_MAX)
		return -EINVAL;
	fds = kmalloc(n * sizeof(*fds) + 1, GFP_KERNEL);
	if (!fds)
		return -ENOMEM;
	if (copy_from_user(fds, ufds, n * sizeof(*fds))) {
		kfree(fds);
		return -EFAULT;
	}
	ret = do_poll(fds, (unsigned)n, timeout);
	if (ret >= 0)
		for (unsigned long i = 0; i < n; i++)     /* only revents changes */
			if (copy_to_user((char *)ufds + i * sizeof(*fds) + 6, &fds[i].revents, 2)) {
				ret = -EFAULT;
				break;
			}
	kfree(fds);
	return ret;
}

long sys_poll(void *ufds, unsigned long n, long timeout_ms)
{
	long ticks = timeout_ms < 0 ? -1 : to_ticks(timeout_ms / 1000, (s64)(timeout_ms % 1000) * 1000000);

	return poll_user(ufds, n, ticks);
}

/* Read a timespec (32- or 64-bit seconds) into ticks; -EINVAL for a bad one. */
static long timespec_ticks(const void *uts, bool time64, long *ticks)
{
	s64 sec, nsec;

	if (!uts) {
		*ticks = -1;
		return 0;
	}
	if (time64) {
		s64 ts[2];
		if (copy_from_user(ts, uts, sizeof(ts)))
			return -EFAULT;
		sec = ts[0];
		nsec = (s32)ts[1];
	} else {
		s32 ts[2];
		if (copy_from_user(ts, uts, sizeof(ts)))
			return -EFAULT;
		sec = ts[0];
		nsec = ts[1];
	}
	if (sec < 0 || nsec < 0 || nsec >= 1000000000)
		return -EINVAL;
	*ticks = to_ticks(sec, nsec);
	return 0;
}

/*
 * The temporary signal mask of ppoll and pselect6: in place while waiting; if a signal ends
 * the wait, the handler runs under it and the old one comes back after (as sigsuspend).
 */
static long set_temp_sigmask(const void *umask, unsigned long size, u64 *old, bool *set)
{
	u64 mask;

	*set = false;
	if (!umask)
		return 0;
	if (size != 8)
		return -EINVAL;
	if (copy_from_user(&mask, umask, sizeof(mask)))
		return -EFAULT;
	*old = current->sigmask;
	current->sigmask = mask & ~SIG_KERNEL_ONLY;
	*set = true;
	return 0;
}

static void end_temp_sigmask(long ret, u64 old, bool set)
{
	if (!set)
		return;
	if (ret == -EINTR) {
		current->saved_sigmask = old;
		current->restore_sigmask = true;
	} else {
		current->sigmask = old;
	}
}

static long do_ppoll(void *ufds, unsigned long n, const void *uts, const void *umask,
		     unsigned long size, bool time64)
{
	long ticks, ret;
	bool set;
	u64 old;

	if ((ret = timespec_ticks(uts, time64, &ticks)) != 0)
		return ret;
	if ((ret = set_temp_sigmask(umask, size, &old, &set)) != 0)
		return ret;
	ret = poll_user(ufds, n, ticks);
	end_temp_sigmask(ret, old, set);
	return ret;
}

long sys_ppoll(void *ufds, unsigned long n, const void *uts, const void *umask, unsigned long size)
{
	return do_ppoll(ufds, n, uts, umask, size, false);
}

long sys_ppoll_time64(void *ufds, unsigned long n, const void *uts, const void *umask, unsigned long size)
{
	return do_ppoll(ufds, n, uts, umask, size, true);
}

/* ---------------------------------------------------------------- select */

#define SET_WORDS (FD_SETSIZE / 32)

/* select over nfds descriptors: the three sets in and out; the count of bits set, or -errno. */
static long do_select(int nfds, u32 *in, u32 *out, u32 *ex, long timeout)
{
	u32 end = jiffies + (u32)(timeout > 0 ? timeout : 0);
	u32 res[3][SET_WORDS];

	for (int fd = 0; fd < nfds; fd++) {
		bool wanted = (in && in[fd / 32] & (1u << fd % 32)) || (out && out[fd / 32] & (1u << fd % 32)) ||
			      (ex && ex[fd / 32] & (1u << fd % 32));
		if (wanted && !fget(fd))
			return -EBADF;
	}
	for (;;) {
		u32 flags = local_irq_save();
		long count = 0;

		memset(res, 0, sizeof(res));
		for (int fd = 0; fd < nfds; fd++) {
			u32 bit = 1u << fd % 32;
			struct file *f = fget(fd);
			unsigned mask;

			if (!f || !((in && in[fd / 32] & bit) || (out && out[fd / 32] & bit) || (ex && ex[fd / 32] & bit)))
				continue;
			mask = file_poll(f);
			if (in && (in[fd / 32] & bit) && (mask & (POLLIN | POLLRDNORM | POLLHUP | POLLERR))) {
				res[0][fd / 32] |= bit;
				count++;
			}
			if (out && (out[fd / 32] & bit) && (mask & (POLLOUT | POLLWRNORM | POLLERR))) {
				res[1][fd / 32] |= bit;
				count++;
			}
			if (ex && (ex[fd / 32] & bit) && (mask & POLLPRI)) {
				res[2][fd / 32] |= bit;
				count++;
			}
		}
		if (count || timeout == 0 || signal_pending(current) || !poll_sleep(timeout, end)) {
			local_irq_restore(flags);
			if (!count && timeout != 0 && signal_pending(current))
				return -EINTR;
			if (in)
				memcpy(in, res[0], sizeof(res[0]));
			if (out)
				memcpy(out, res[1], sizeof(res[1]));
			if (ex)
				memcpy(ex, res[2], sizeof(res[2]));
			return count;
		}
		local_irq_restore(flags);
	}
}

static long select_user(long nfds, void *uin, void *uout, void *uex, long ticks)
{
	u32 sets[3][SET_WORDS];
	void *user[3] = { uin, uout, uex };
	size_t bytes;
	long ret;

	if (nfds < 0)
		return -EINVAL;
	if (nfds > FD_SETSIZE)
		nfds = FD_SETSIZE;
	bytes = (size_t)(nfds + 31) / 32 * 4;
	memset(sets, 0, sizeof(sets));
	for (int i = 0; i < 3; i++)
		if (user[i] && copy_from_user(sets[i], user[i], bytes))
			return -EFAULT;
	ret = do_select((int)nfds, uin ? sets[0] : NULL, uout ? sets[1] : NULL, uex ? sets[2] : NULL, ticks);
	if (ret < 0)
		return ret;
	for (int i = 0; i < 3; i++)
		if (user[i] && copy_to_user(user[i], sets[i], bytes))
			return -EFAULT;
	return ret;
}

/* _newselect (i386's select): a struct timeval of 32-bit seconds and microseconds, updated. */
long sys_select(long nfds, void *uin, void *uout, void *uex, void *utv)
{
	s32 tv[2];
	long ticks = -1, ret;
	u32 start = jiffies;

	if (utv) {
		if (copy_from_user(tv, utv, sizeof(tv)))
			return -EFAULT;
		if (tv[0] < 0 || tv[1] < 0)
			return -EINVAL;
		ticks = to_ticks(tv[0] + tv[1] / 1000000, (s64)(tv[1] % 1000000) * 1000);
	}
	ret = select_user(nfds, uin, uout, uex, ticks);
	if (utv && ret != -EFAULT) {
		/* what is left of the timeout, as Linux writes it back */
		u32 used = jiffies - start;
		u32 left = (u32)ticks > used ? (u32)ticks - used : 0;
		s32 rem[2] = { (s32)(left / HZ), (s32)(left % HZ) * (1000000 / HZ) };
		copy_to_user(utv, rem, sizeof(rem));
	}
	return ret;
}

static long do_pselect(long nfds, void *uin, void *uout, void *uex, const void *uts,
		       const void *usig, bool time64)
{
	u32 sig[2] = { 0, 0 };             /* { const sigset_t *ss, size_t ss_len } */
	long ticks, ret;
	bool set = false;
	u64 old = 0;

	if ((ret = timespec_ticks(uts, time64, &ticks)) != 0)
		return ret;
	if (usig && copy_from_user(sig, usig, sizeof(sig)))
		return -EFAULT;
	if (sig[0] && (ret = set_temp_sigmask((const void *)(unsigned long)sig[0], sig[1], &old, &set)) != 0)
		return ret;
	ret = select_user(nfds, uin, uout, uex, ticks);
	end_temp_sigmask(ret, old, set);
	return ret;
}

long sys_pselect6(long nfds, void *uin, void *uout, void *uex, const void *uts, const void *usig)
{
	return do_pselect(nfds, uin, uout, uex, uts, usig, false);
}

long sys_pselect6_time64(long nfds, void *uin, void *uout, void *uex, const void *uts, const void *usig)
{
	return do_pselect(nfds, uin, uout, uex, uts, usig, true);
}
