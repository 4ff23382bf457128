/*
 * Small system calls, mostly argument checking and a copy to or from user memory: ids, clocks
 * and sleeping, timers (alarm, setitimer), uname, thread-local storage (set_thread_area),
 * resource limits and usage (getrlimit, prlimit64, getrusage, times), sysinfo, getrandom and
 * reboot.
 */
#include <kernel/sched.h>
#include <kernel/vdso.h>
#include <fs/fs.h>
#include <kernel/syscall.h>
#include <kernel/uaccess.h>
#include <kernel/signal.h>
#include <linux/errno.h>
#include <kernel/string.h>
#include <kernel/gdt.h>
#include <kernel/version.h>
#include <asm/segment.h>
#include <asm/x86.h>
#include <kernel/time.h>
#include <mm/mmzone.h>
#include <mm/swap.h>
#include <mm/mm_types.h>
#include <kernel/power.h>
#include <kernel/printk.h>

long sys_getpid(void) { return current->tgid; }
long sys_gettid(void) { return current->pid; }
/* The parent of the process (of its group leader: a thread's own parent field is the same). */
long sys_getppid(void)
{
	const struct task_struct *p = current->group_leader->parent;

	return p ? p->tgid : 0;
}

long sys_sched_yield(void)
{
	schedule();
	return 0;
}

/* What a process (every thread, those that ended too) used: ticks in user and kernel mode, faults. */
struct process_counts {
	u32 utime, stime;
	unsigned long min_flt, maj_flt;
};

static void process_counts(const struct task_struct *t, struct process_counts *c)
{
	const struct task_struct *o;

	c->utime = t->signal->utime;
	c->stime = t->signal->stime;
	c->min_flt = t->signal->min_flt;
	c->maj_flt = t->signal->maj_flt;
	list_for_each_entry(o, &t->signal->thread_head, thread_node) {
		c->utime += o->utime;
		c->stime += o->stime;
		c->min_flt += o->min_flt;
		c->maj_flt += o->maj_flt;
	}
}

/* Time since boot from the tick counter (CLOCK_MONOTONIC, CLOCK_BOOTTIME). */
static void uptime(u64 *sec, u32 *nsec)
{
	u32 j = jiffies;

	*sec = j / HZ;
	*nsec = (j % HZ) * (NSEC_PER_SEC / HZ);
}

/* The wall clock (CLOCK_REALTIME, time, gettimeofday): the CMOS clock at boot plus the ticks since. */
static void now(u64 *sec, u32 *nsec)
{
	wall_clock(sec, nsec);
}

/* Sleep for sec.nsec; on a signal, write what is left to rem (if given) and return -EINTR. */
static long do_sleep(u64 sec, u32 nsec, void *urem, bool time64)
{
	u32 ticks = (u32)(sec * HZ + (nsec + NSEC_PER_SEC / HZ - 1) / (NSEC_PER_SEC / HZ));
	u32 flags = local_irq_save();
	u32 deadline = jiffies + ticks + 1;             /* +1: a partial tick has passed already */

	/* a wake-up clears wake_jiffies, so the deadline is kept here and set again each time */
	while ((s32)(jiffies - deadline) < 0) {
		current->wake_jiffies = deadline;
		if (signal_pending(current)) {
			u32 left = deadline - jiffies;
			current->wake_jiffies = 0;
			local_irq_restore(flags);
			if (urem) {
				u32 rem[4] = { left / HZ, 0, (left % HZ) * (NSEC_PER_SEC / HZ), 0 };
				if (!time64) {
					rem[1] = rem[2];
					rem[2] = 0;
				}
				if (copy_to_user(urem, rem, time64 ? 16 : 8))
					return -EFAULT;
			}
			return -EINTR;
		}
		sleep_on(current);
	}
	current->wake_jiffies = 0;
	local_irq_restore(flags);
	return 0;
}

long sys_nanosleep(const void *ureq, void *urem)
{
	s32 ts[2];

	if (copy_from_user(ts, ureq, sizeof(ts)))
		return -EFAULT;
	if (ts[0] < 0 || ts[1] < 0 || ts[1] >= (s32)NSEC_PER_SEC)
		return -EINVAL;
	return do_sleep((u64)ts[0], (u32)ts[1], urem, false);
}

long sys_clock_nanosleep(long clock, long flags, const void *ureq, void *urem)
{
	if (clock != CLOCK_REALTIME && clock != CLOCK_MONOTONIC)
		return -EINVAL;
	if (flags)
		return -EINVAL;                    /* TIMER_ABSTIME is not supported */
	return sys_nanosleep(ureq, urem);
}

long sys_clock_nanosleep_time64(long clock, long flags, const void *ureq, void *urem)
{
	s64 ts[2];

	if (clock != CLOCK_REALTIME && clock != CLOCK_MONOTONIC)
		return -EINVAL;
	if (flags)
		return -EINVAL;
	if (copy_from_user(ts, ureq, sizeof(ts)))
		return -EFAULT;
	if (ts[0] < 0 || ts[1] < 0 || ts[1] >= NSEC_PER_SEC)
		return -EINVAL;
	return do_sleep((u64)ts[0], (u32)ts[1], urem, true);
}

/* What a clock reads: CPU time for the two CPU-time clocks (one thread per process), else uptime. */
static long clock_read(long clock, u64 *sec, u32 *nsec)
{
	if (clock < 0 || clock > CLOCK_BOOTTIME)
		return -EINVAL;
	if (clock == CLOCK_PROCESS_CPUTIME_ID || clock == CLOCK_THREAD_CPUTIME_ID) {
		u32 ticks = current->utime + current->stime;
		if (clock == CLOCK_PROCESS_CPUTIME_ID) {   /* every thread's */
			struct process_counts c;
			process_counts(current, &c);
			ticks = c.utime + c.stime;
		}
		*sec = ticks / HZ;
		*nsec = (ticks % HZ) * (NSEC_PER_SEC / HZ);
	} else if (clock == CLOCK_REALTIME || clock == CLOCK_REALTIME_COARSE) {
		now(sec, nsec);
	} else {
		uptime(sec, nsec);
	}
	return 0;
}

long sys_clock_gettime(long clock, void *uts)
{
	u64 sec;
	u32 nsec, ts[2];

	if (clock_read(clock, &sec, &nsec))
		return -EINVAL;
	ts[0] = (u32)sec;
	ts[1] = nsec;
	return copy_to_user(uts, ts, sizeof(ts)) ? -EFAULT : 0;
}

long sys_clock_gettime64(long clock, void *uts)
{
	u64 sec;
	u32 nsec;
	s64 ts[2];

	if (clock_read(clock, &sec, &nsec))
		return -EINVAL;
	ts[0] = (s64)sec;
	ts[1] = nsec;
	return copy_to_user(uts, ts, sizeof(ts)) ? -EFAULT : 0;
}

long sys_gettimeofday(void *utv, void *utz)
{
	u64 sec;
	u32 nsec, tv[2];

	if (utz) {                                      /* struct timezone: UTC, no daylight saving */
		u32 tz[2] = { 0, 0 };
		if (copy_to_user(utz, tz, sizeof(tz)))
			return -EFAULT;
	}
	now(&sec, &nsec);
	tv[0] = (u32)sec;
	tv[1] = nsec / 1000;
	return utv && copy_to_user(utv, tv, sizeof(tv)) ? -EFAULT : 0;
}

/*
 * Setting the wall clock (Linux's do_sys_settimeofday64): root only (CAP_SYS_TIME), after the
 * value is checked. The clock keeps whole seconds: the CMOS reading at boot moves so that now
 * reads sec (the vDSO's copy too); the ticks since boot, and CLOCK_MONOTONIC, do not move.
 */
static long set_wall_clock(const s64 *sec, const long *nsec)
{
	if (sec && (*sec < 0 || *sec > 0xffffffffll || *nsec < 0 || *nsec >= (long)NSEC_PER_SEC))
		return -EINVAL;
	if (!capable(CAP_SYS_TIME))
		return -EPERM;
	if (sec) {
		boot_epoch = (u32)(*sec - jiffies / HZ);
		vdso_time_changed();
	}
	return 0;
}

/* clock_settime: only CLOCK_REALTIME can be set; any other clock is EINVAL, as on Linux. */
static long clock_set(long clock, s64 sec, long nsec)
{
	if (clock != CLOCK_REALTIME)
		return -EINVAL;
	return set_wall_clock(&sec, &nsec);
}

long sys_clock_settime(long clock, const void *uts)
{
	s32 ts[2];

	if (clock < 0 || clock > 11)
		return -EINVAL;
	if (copy_from_user(ts, uts, sizeof(ts)))
		return -EFAULT;
	return clock_set(clock, ts[0], ts[1]);
}

long sys_clock_settime64(long clock, const void *uts)
{
	s64 ts[2];

	if (clock < 0 || clock > 11)
		return -EINVAL;
	if (copy_from_user(ts, uts, sizeof(ts)))
		return -EFAULT;
	return clock_set(clock, ts[0], (long)ts[1]);
}

/* settimeofday(tv, tz): microseconds; a time zone is checked and otherwise ignored (UTC here). */
long sys_settimeofday(const void *utv, const void *utz)
{
	s32 tv[2], tz[2];
	s64 sec;
	long nsec;

	if (utv && copy_from_user(tv, utv, sizeof(tv)))
		return -EFAULT;
	if (utv && (tv[1] < 0 || tv[1] >= 1000000))
		return -EINVAL;
	if (utz && copy_from_user(tz, utz, sizeof(tz)))
		return -EFAULT;
	sec = utv ? tv[0] : 0;
	nsec = utv ? tv[1] * 1000l : 0;
	if (utv && (sec < 0 || sec > 0xffffffffll))
		return -EINVAL;
	if (!capable(CAP_SYS_TIME))
		return -EPERM;                          /* before the zone is looked at, as on Linux */
	if (utz && (tz[0] < -15 * 60 || tz[0] > 15 * 60))
		return -EINVAL;                         /* minutes west of Greenwich: within 15 hours */
	return utv ? set_wall_clock(&sec, &nsec) : 0;
}

long sys_time(void *ut)
{
	u64 sec;
	u32 nsec;

	now(&sec, &nsec);
	if (ut && put_user_u32((u32)sec, ut))
		return -EFAULT;
	return (long)sec;
}

/*
 * uname: what a Linux-compatible kernel reports, so that programs checking for Linux (or for a
 * Linux version, such as glibc's and BusyBox's checks) pass: sysname "Linux", a release naming
 * the Linux ABI this kernel follows (6.1) and the kernel itself, and this kernel's name and
 * version in the version field.
 */
long sys_uname(void *ubuf)
{
	static const char fields[6][65] = {
		"Linux", "pagoda", "6.1.0-" "pagoda", "#1 " KERNEL_NAME " " KERNEL_VERSION, "i686", "(none)",
	};

	return copy_to_user(ubuf, fields, sizeof(fields)) ? -EFAULT : 0;
}

/* struct user_desc, as set_thread_area takes it. */
struct user_desc {
	u32 entry_number;
	u32 base_addr;
	u32 limit;
	u32 seg_32bit : 1, contents : 2, read_exec_only : 1, limit_in_pages : 1,
	    seg_not_present : 1, useable : 1;
};

/*
 * "No segment at all": Linux's LDT_empty (read_exec_only and seg_not_present, all else zero) or
 * LDT_zero (everything zero). The slot is then emptied, and a selector naming it no longer loads.
 */
static bool tls_empty(const struct user_desc *d)
{
	bool other_zero = !d->base_addr && !d->limit && !d->contents && !d->seg_32bit &&
			  !d->limit_in_pages && !d->useable;

	return other_zero && d->read_exec_only == d->seg_not_present;
}

/*
 * One TLS segment per task (GDT entry 6, Linux's first TLS slot), loaded on every switch to the
 * task: set_thread_area for current, clone's CLONE_SETTLS for a new thread. entry_number -1
 * asks for a free slot (set_thread_area only, as on Linux); the slot's number is written back.
 */
int tls_from_user(struct task_struct *t, void *uinfo, bool can_allocate)
{
	struct user_desc d;
	u64 desc = 0;

	if (copy_from_user(&d, uinfo, sizeof(d)))
		return -EFAULT;
	if (d.entry_number == (u32)-1 && can_allocate)
		d.entry_number = GDT_ENTRY_TLS_MIN;
	if (d.entry_number != GDT_ENTRY_TLS_MIN)
		return -EINVAL;
	if (!tls_empty(&d)) {
		/* Linux's rules (tls_desc_okay): 32-bit data segments, present; "no segment" is
		 * asked for with an empty or all-zero description, not with seg_not_present */
		if (!d.seg_32bit || d.contents > 1 || d.seg_not_present)
			return -EINVAL;
		desc = make_desc(d.base_addr, d.limit, 0x80 | 0x60 | 0x10 | (u8)(d.contents << 2) |
				 (d.read_exec_only ? 0 : 2), (u8)((d.limit_in_pages << 3) | (1 << 2) | d.useable));
	}
	t->tls_desc[0] = (u32)desc;
	t->tls_desc[1] = (u32)(desc >> 32);
	t->tls_entry = GDT_ENTRY_TLS_MIN;
	if (t == current) {
		gdt[GDT_ENTRY_TLS_MIN] = desc;
		t->frame_check = true;             /* a selector in the frame may no longer load */
	}
	return can_allocate && put_user_u32(d.entry_number, uinfo) ? -EFAULT : 0;
}

long sys_set_thread_area(void *uinfo)
{
	return tls_from_user(current, uinfo, true);
}

long sys_get_thread_area(void *uinfo)
{
	u32 entry;

	if (get_user_u32(&entry, uinfo))
		return -EFAULT;
	if (entry != GDT_ENTRY_TLS_MIN)
		return -EINVAL;
	return -EINVAL;                            /* reading a descriptor back is not supported */
}

long sys_set_tid_address(void *utid)
{
	current->clear_child_tid = (unsigned long)utid;
	return current->pid;
}

/* struct sysinfo (i386): what free(1) and friends read. */
struct sysinfo {
	s32 uptime;
	u32 loads[3];
	u32 totalram, freeram, sharedram, bufferram, totalswap, freeswap;
	u16 procs, pad;
	u32 totalhigh, freehigh;
	u32 mem_unit;
	char reserved[8];
};

long sys_sysinfo(void *uinfo)
{
	struct sysinfo si;
	u64 total = ((u64)totalram_pages() + total_swap_pages) * PAGE_SIZE;

	memset(&si, 0, sizeof(si));
	si.uptime = (s32)(jiffies / HZ);
	si.procs = (u16)nr_tasks();
	si.totalram = (u32)totalram_pages();
	si.freeram = (u32)nr_free_pages();
	si.totalhigh = (u32)zones[ZONE_HIGHMEM].managed_pages;
	si.freehigh = (u32)zones[ZONE_HIGHMEM].free_pages;
	si.totalswap = (u32)total_swap_pages;
	si.freeswap = (u32)nr_swap_pages;
	si.mem_unit = PAGE_SIZE;
	if (total < (1ull << 32)) {              /* as Linux: in bytes when RAM and swap fit in 32 bits */
		si.totalswap *= PAGE_SIZE;
		si.freeswap *= PAGE_SIZE;
		si.totalram *= PAGE_SIZE;
		si.freeram *= PAGE_SIZE;
		si.totalhigh *= PAGE_SIZE;
		si.freehigh *= PAGE_SIZE;
		si.mem_unit = 1;
	}
	return copy_to_user(uinfo, &si, sizeof(si)) ? -EFAULT : 0;
}

u64 rlimit(unsigned resource)
{
	return current ? current->rlim[resource].rlim_cur : RLIM64_INFINITY;
}

#define NR_OPEN_MAX 1048576                    /* Linux's fs.nr_open: the highest RLIMIT_NOFILE */

/*
 * Set task's limit, Linux's rules: the soft limit may not exceed the hard one (EINVAL), nor
 * the file limit fs.nr_open (EPERM). Raising a hard limit needs privilege, which every
 * process here has (it is root).
 */
static long do_prlimit(struct task_struct *t, unsigned resource, const struct rlimit64 *new,
		       struct rlimit64 *old)
{
	if (resource >= RLIM_NLIMITS)
		return -EINVAL;
	if (new) {
		if (new->rlim_cur > new->rlim_max)
			return -EINVAL;
		if (resource == RLIMIT_NOFILE && new->rlim_max > NR_OPEN_MAX)
			return -EPERM;
		if (new->rlim_max > t->rlim[resource].rlim_max && !capable(CAP_SYS_RESOURCE))
			return -EPERM;                      /* only root raises a hard limit */
	}
	if (old)
		*old = t->rlim[resource];
	if (new) {
		struct task_struct *o;
		for_each_thread(t, o)               /* a process's limits: every thread's copy */
			o->rlim[resource] = *new;
	}
	return 0;
}

/* Another process's limits: only if all its ids are the caller's real ones, or for root. */
static bool prlimit_allowed(const struct task_struct *t)
{
	const struct cred *c = &current->cred, *tc = &t->cred;

	if (t->tgid == current->tgid)
		return true;
	if (c->uid == tc->euid && c->uid == tc->suid && c->uid == tc->uid &&
	    c->gid == tc->egid && c->gid == tc->sgid && c->gid == tc->gid)
		return true;
	return capable(CAP_SYS_RESOURCE);
}

/* prlimit64(pid, resource, new, old): 64-bit limits, of any process (pid 0: the caller). */
long sys_prlimit64(long pid, long resource, const void *unew, void *uold)
{
	struct task_struct *t = pid ? find_task_by_pid((int)pid) : current;
	struct rlimit64 new, old;
	long err;

	if (unew && copy_from_user(&new, unew, sizeof(new)))
		return -EFAULT;
	if (!t)
		return -ESRCH;
	if (!prlimit_allowed(t))
		return -EPERM;
	err = do_prlimit(t, (unsigned long)resource, unew ? &new : NULL, &old);
	if (!err && uold && copy_to_user(uold, &old, sizeof(old)))
		return -EFAULT;
	return err;
}

/* The 32-bit struct rlimit of the two older calls: anything above infinity reads as infinity. */
static long getrlimit32(long resource, void *ulim, u32 infinity)
{
	struct rlimit64 r;
	u32 lim[2];

	if (do_prlimit(current, (unsigned long)resource, NULL, &r))
		return -EINVAL;
	lim[0] = r.rlim_cur > infinity ? infinity : (u32)r.rlim_cur;
	lim[1] = r.rlim_max > infinity ? infinity : (u32)r.rlim_max;
	return copy_to_user(ulim, lim, sizeof(lim)) ? -EFAULT : 0;
}

/* ugetrlimit (191): infinity is 0xffffffff. */
long sys_getrlimit(long resource, void *ulim)
{
	return getrlimit32(resource, ulim, 0xffffffffu);
}

/* The old getrlimit (76): values clamped to 0x7fffffff, its RLIM_INFINITY, as Linux does. */
long sys_old_getrlimit(long resource, void *ulim)
{
	return getrlimit32(resource, ulim, 0x7fffffffu);
}

/* setrlimit (75): the 32-bit struct rlimit; 0xffffffff means infinity. */
long sys_setrlimit(long resource, const void *ulim)
{
	u32 lim[2];
	struct rlimit64 r;

	if (copy_from_user(lim, ulim, sizeof(lim)))
		return -EFAULT;
	r.rlim_cur = lim[0] == 0xffffffffu ? RLIM64_INFINITY : lim[0];
	r.rlim_max = lim[1] == 0xffffffffu ? RLIM64_INFINITY : lim[1];
	return do_prlimit(current, (unsigned long)resource, &r, NULL);
}

#define GRND_NONBLOCK 1
#define GRND_RANDOM 2
#define GRND_INSECURE 4

/* getrandom: bytes from a xorshift generator seeded by the TSC (not for cryptography). */
long sys_getrandom(void *ubuf, long n, long flags)
{
	static u64 state;
	u8 chunk[64];
	long done = 0;

	if (flags & ~(GRND_NONBLOCK | GRND_RANDOM | GRND_INSECURE) ||
	    (flags & (GRND_RANDOM | GRND_INSECURE)) == (GRND_RANDOM | GRND_INSECURE))
		return -EINVAL;
	if (n < 0)
		return -EINVAL;
	if (!state)
		state = rdtsc() | 1;
	while (done < n) {
		long len = min(n - done, (long)sizeof(chunk));
		for (long i = 0; i < len; i++) {
			state ^= state << 13;
			state ^= state >> 7;
			state ^= state << 17;
			chunk[i] = (u8)(state >> 24);
		}
		if (copy_to_user((u8 *)ubuf + done, chunk, (size_t)len))
			return done ? done : -EFAULT;
		done += len;
	}
	return done;
}

/*
 * getrusage: CPU time, the peak RSS and the page faults of this process (RUSAGE_SELF, or
 * RUSAGE_THREAD: the calling thread's alone) or of the children it has waited for
 * (RUSAGE_CHILDREN). Linux's i386 struct rusage: two timevals and fourteen longs.
 */
#define RUSAGE_SELF 0
#define RUSAGE_CHILDREN (-1)
#define RUSAGE_THREAD 1

struct rusage_k {
	u32 utime[2], stime[2];      /* seconds, microseconds */
	u32 maxrss, ixrss, idrss, isrss, minflt, majflt, nswap;  /* maxrss in kB */
	u32 inblock, oublock, msgsnd, msgrcv, nsignals, nvcsw, nivcsw;
};
_Static_assert(sizeof(struct rusage_k) == RUSAGE_SIZE, "Linux's i386 struct rusage");

static void ticks_to_timeval(u64 ticks, u32 tv[2])
{
	u64 secs = ticks;
	u32 rest = div64_u32_rem(&secs, HZ);

	tv[0] = secs > 0x7fffffff ? 0x7fffffff : (u32)secs;
	tv[1] = rest * (1000000 / HZ);
}

void task_rusage(const struct task_struct *t, long who, void *out)
{
	struct rusage_k *ru = out;
	bool self = who != RUSAGE_CHILDREN, children = who == RUSAGE_CHILDREN || who == RUSAGE_BOTH;
	u32 utime = 0, stime = 0;

	memset(ru, 0, sizeof(*ru));
	if (who == RUSAGE_THREAD) {
		utime = t->utime;
		stime = t->stime;
		ru->minflt = t->min_flt;
		ru->majflt = t->maj_flt;
	} else if (self) {                   /* the process: its live threads and those that ended */
		struct process_counts c;
		process_counts(t, &c);
		utime = c.utime;
		stime = c.stime;
		ru->minflt = c.min_flt;
		ru->majflt = c.maj_flt;
	}
	if (self) {
		t = t->group_leader;
		ru->maxrss = t->maxrss;
		if (t->mm && mm_hiwater_rss_kb(t->mm) > ru->maxrss)
			ru->maxrss = mm_hiwater_rss_kb(t->mm);
	}
	if (children) {
		t = t->group_leader;             /* children's counts are the process's */
		utime += t->cutime;
		stime += t->cstime;
		ru->minflt += t->cmin_flt;
		ru->majflt += t->cmaj_flt;
		if (t->cmaxrss > ru->maxrss)
			ru->maxrss = t->cmaxrss;
	}
	ticks_to_timeval(utime, ru->utime);
	ticks_to_timeval(stime, ru->stime);
}

long sys_getrusage(long who, void *uru)
{
	struct rusage_k ru;

	if (who != RUSAGE_SELF && who != RUSAGE_CHILDREN && who != RUSAGE_THREAD)
		return -EINVAL;
	task_rusage(current, who, &ru);
	return copy_to_user(uru, &ru, sizeof(ru)) ? -EFAULT : 0;
}

/* times: CPU time in clock ticks (USER_HZ = HZ = 100); returns ticks since boot. */
long sys_times(void *ubuf)
{
	const struct task_struct *leader = current->group_leader;
	struct process_counts c;
	u32 tms[4];

	process_counts(current, &c);
	tms[0] = c.utime;
	tms[1] = c.stime;
	tms[2] = leader->cutime;
	tms[3] = leader->cstime;

	if (ubuf && copy_to_user(ubuf, tms, sizeof(tms)))
		return -EFAULT;
	return (long)jiffies;
}

/*
 * reboot, with Linux's magic numbers: power off, halt and restart all stop the machine (the
 * status for QEMU is 0); Ctrl-Alt-Del on or off is accepted and changes nothing.
 */
#define LINUX_REBOOT_MAGIC1 0xfee1dead
#define LINUX_REBOOT_CMD_RESTART 0x01234567
#define LINUX_REBOOT_CMD_HALT 0xcdef0123
#define LINUX_REBOOT_CMD_POWER_OFF 0x4321fedc
#define LINUX_REBOOT_CMD_CAD_ON 0x89abcdef
#define LINUX_REBOOT_CMD_CAD_OFF 0x00000000

long sys_reboot(long magic1, long magic2, long cmd, void *arg)
{
	(void)arg;
	if (!capable(CAP_SYS_BOOT))
		return -EPERM;
	if ((u32)magic1 != LINUX_REBOOT_MAGIC1 ||
	    (magic2 != 672274793 && magic2 != 85072278 && magic2 != 369367448 && magic2 != 537993216))
		return -EINVAL;
	switch ((u32)cmd) {
	case LINUX_REBOOT_CMD_CAD_ON:
	case LINUX_REBOOT_CMD_CAD_OFF:
		return 0;
	case LINUX_REBOOT_CMD_POWER_OFF:
	case LINUX_REBOOT_CMD_HALT:
		printk(KERN_NOTICE "%s[%d]: reboot: power down\n", current->comm, current->pid);
		sync_before_poweroff();
		machine_power_off(0);
	case LINUX_REBOOT_CMD_RESTART:
		printk(KERN_NOTICE "%s[%d]: reboot: restarting\n", current->comm, current->pid);
		sync_before_poweroff();
		machine_restart();
	default:
		return -EINVAL;
	}
}

/*
 * alarm, setitimer and getitimer: ITIMER_REAL only, counted in ticks by scheduler_tick, which
 * sends SIGALRM when the time comes and re-arms for the interval. A child does not inherit
 * them; execve keeps them, as on Linux.
 */
#define ITIMER_REAL 0
#define USEC_PER_TICK (1000000 / HZ)

struct itimerval_k {
	u32 interval[2];             /* seconds, microseconds */
	u32 value[2];
};

/* A timeval in ticks, rounded up (a timer never fires early); -1 if it is invalid. */
static s64 tv_to_ticks(const u32 tv[2])
{
	if ((s32)tv[0] < 0 || tv[1] >= 1000000)
		return -1;
	return (s64)tv[0] * HZ + (tv[1] + USEC_PER_TICK - 1) / USEC_PER_TICK;
}

/* ITIMER_REAL is the process's, kept in its leader (which outlives every other thread). */
static void get_itimer(struct itimerval_k *it)
{
	const struct task_struct *leader = current->group_leader;
	u64 now = get_jiffies_64();

	ticks_to_timeval(leader->alarm_interval, it->interval);
	ticks_to_timeval(leader->alarm_at > now ? leader->alarm_at - now : 0, it->value);
	if (leader->alarm_at && !it->value[0] && !it->value[1])
		it->value[1] = 1;                        /* due now: still armed */
}

long sys_getitimer(long which, void *uvalue)
{
	struct itimerval_k it;

	if (which != ITIMER_REAL)
		return -EINVAL;
	get_itimer(&it);
	return copy_to_user(uvalue, &it, sizeof(it)) ? -EFAULT : 0;
}

long sys_setitimer(long which, const void *unew, void *uold)
{
	struct itimerval_k it, old;
	s64 value, interval;

	if (which != ITIMER_REAL)
		return -EINVAL;
	if (!unew)
		memset(&it, 0, sizeof(it));
	else if (copy_from_user(&it, unew, sizeof(it)))
		return -EFAULT;
	value = tv_to_ticks(it.value);
	interval = tv_to_ticks(it.interval);
	if (value < 0 || interval < 0)
		return -EINVAL;
	get_itimer(&old);
	task_arm_alarm(current->group_leader, (u64)value, (u64)interval);
	if (uold && copy_to_user(uold, &old, sizeof(old)))
		return -EFAULT;
	return 0;
}

/* alarm: SIGALRM in secs seconds (0: cancel); returns the seconds left of the previous one. */
long sys_alarm(unsigned long secs)
{
	struct itimerval_k old;
	long left;

	if (secs > 0x7fffffff)
		secs = 0x7fffffff;                      /* as Linux on 32-bit: INT_MAX at most */
	get_itimer(&old);
	left = (long)old.value[0] + (old.value[1] >= 500000 || (!old.value[0] && old.value[1]));
	task_arm_alarm(current->group_leader, (u64)secs * HZ, 0);
	return left;
}

/* ---------------------------------------------------------------- groups, prctl, CPUs */

#define NGROUPS_MAX 65536

/*
 * getgroups, setgroups: a process's supplementary groups (inherited by its children), which
 * give it their rights on files (in_group_p); only root (CAP_SETGID) may set them.
 */
#define groups current->groups
#define ngroups current->ngroups

static long do_getgroups(long size, void *ulist, bool wide)
{
	if (size < 0)
		return -EINVAL;
	if (size == 0)
		return ngroups;
	if (size < ngroups)
		return -EINVAL;
	for (int i = 0; i < ngroups; i++) {
		u16 g16 = (u16)groups[i];
		if (copy_to_user((char *)ulist + i * (wide ? 4 : 2), wide ? (void *)&groups[i] : (void *)&g16, wide ? 4 : 2))
			return -EFAULT;
	}
	return ngroups;
}

static long do_setgroups(long size, const void *ulist, bool wide)
{
	if (!capable(CAP_SETGID))
		return -EPERM;
	if (size < 0 || size > NGROUPS_MAX)
		return -EINVAL;
	if (size > (long)ARRAY_SIZE(groups))
		return -ENOMEM;
	for (long i = 0; i < size; i++) {
		u32 g = 0;
		if (copy_from_user(&g, (const char *)ulist + i * (wide ? 4 : 2), wide ? 4 : 2))
			return -EFAULT;
		groups[i] = g;
	}
	ngroups = (int)size;
	return 0;
}

long sys_getgroups32(long size, void *ulist) { return do_getgroups(size, ulist, true); }
long sys_setgroups32(long size, const void *ulist) { return do_setgroups(size, ulist, true); }
long sys_getgroups16(long size, void *ulist) { return do_getgroups(size, ulist, false); }
long sys_setgroups16(long size, const void *ulist) { return do_setgroups(size, ulist, false); }

#define PR_SET_PDEATHSIG 1
#define PR_GET_PDEATHSIG 2
#define PR_GET_DUMPABLE 3
#define PR_SET_DUMPABLE 4
#define PR_GET_KEEPCAPS 7
#define PR_SET_KEEPCAPS 8
#define PR_SET_NAME 15
#define PR_GET_NAME 16
#define PR_GET_SECCOMP 21
#define PR_CAPBSET_READ 23
#define PR_GET_TIMERSLACK 30
#define PR_SET_NO_NEW_PRIVS 38
#define PR_GET_NO_NEW_PRIVS 39
#define PR_GET_THP_DISABLE 42

/* prctl: the process's name (what ps and /proc/PID/comm show) and the settings libc asks for. */
long sys_prctl(long option, unsigned long arg2, unsigned long arg3, unsigned long arg4, unsigned long arg5)
{
	char name[TASK_COMM_LEN];
	long n;

	switch (option) {
	case PR_SET_NAME:
		n = strncpy_from_user(name, (const char *)arg2, sizeof(name));
		if (n < 0 && n != -ENAMETOOLONG)
			return n;
		name[sizeof(name) - 1] = '\0';           /* cut to 15 bytes, as Linux does */
		strlcpy(current->comm, name, sizeof(current->comm));
		return 0;
	case PR_GET_NAME:
		return copy_to_user((void *)arg2, current->comm, sizeof(current->comm)) ? -EFAULT : 0;
	case PR_SET_PDEATHSIG:
		if (arg2 > 64)
			return -EINVAL;
		current->pdeath_signal = (int)arg2;
		return 0;
	case PR_GET_PDEATHSIG:
		return put_user_u32((u32)current->pdeath_signal, (void *)arg2) ? -EFAULT : 0;
	case PR_GET_DUMPABLE:
		return current->mm && current->mm->undumpable ? 0 : 1;
	case PR_SET_DUMPABLE:
		if (arg2 > 1)
			return -EINVAL;
		if (current->mm)
			current->mm->undumpable = !arg2;
		return 0;
	case PR_GET_KEEPCAPS:
	case PR_GET_SECCOMP:
	case PR_GET_THP_DISABLE:
		return 0;
	case PR_SET_KEEPCAPS:
		return arg2 > 1 ? -EINVAL : 0;
	case PR_CAPBSET_READ:
		return arg2 <= 40 ? 1 : -EINVAL;         /* root holds every capability */
	case PR_GET_TIMERSLACK:
		return 50000;                            /* Linux's default, in ns */
	case PR_SET_NO_NEW_PRIVS:
		if (arg2 != 1 || arg3 || arg4 || arg5)
			return -EINVAL;
		current->no_new_privs = true;
		return 0;
	case PR_GET_NO_NEW_PRIVS:
		return current->no_new_privs;
	default:
		return -EINVAL;
	}
}

/* sched_getaffinity, sched_setaffinity: one CPU, CPU 0. The mask is one long, as on Linux. */
long sys_sched_getaffinity(long pid, unsigned long len, void *umask)
{
	u32 mask = 1;

	if (pid < 0 || (pid && !find_task_by_pid((int)pid)))
		return -ESRCH;
	if (len < sizeof(mask) || (len & (sizeof(long) - 1)))
		return -EINVAL;
	return copy_to_user(umask, &mask, sizeof(mask)) ? -EFAULT : (long)sizeof(mask);
}

long sys_sched_setaffinity(long pid, unsigned long len, const void *umask)
{
	u32 mask = 0;

	if (pid < 0 || (pid && !find_task_by_pid((int)pid)))
		return -ESRCH;
	if (copy_from_user(&mask, umask, min(len, (unsigned long)sizeof(mask))))
		return -EFAULT;
	return (mask & 1) ? 0 : -EINVAL;             /* CPU 0 must be in it */
}

/* ---------------------------------------------------------------- process groups and sessions */

/*
 * setpgid(pid, pgid): move the caller or one of its children into a process group of its
 * session (a new one when pgid is the process's own pid). Linux's rules: a child that has
 * exec'd may not be moved (EACCES), nor a session leader or a process of another session
 * (EPERM), nor into a group that does not exist in the session (EPERM).
 */
long sys_setpgid(long pid, long pgid)
{
	struct task_struct *t, *o;

	if (pgid < 0)
		return -EINVAL;
	if (pid == 0)
		pid = current->tgid;
	if (pgid == 0)
		pgid = pid;
	t = find_task_by_pid((int)pid);
	if (!t || (t->tgid != current->tgid && t->parent != current->group_leader))
		return -ESRCH;
	if (t != t->group_leader)
		return -EINVAL;                          /* a thread's id: as Linux */
	if (t->tgid != current->tgid && t->did_exec)
		return -EACCES;
	if (t->sid != current->sid || t->pid == t->sid)
		return -EPERM;
	if (pgid != t->pid && !pgrp_in_session((int)pgid, current->sid))
		return -EPERM;
	for_each_thread(t, o)                       /* the group is the process's: every thread's */
		o->pgid = (int)pgid;
	return 0;
}

long sys_getpgid(long pid)
{
	struct task_struct *t = pid ? find_task_by_pid((int)pid) : current;

	return t && t->state != TASK_ZOMBIE ? t->pgid : -ESRCH;
}

long sys_getpgrp(void)
{
	return current->pgid;
}

long sys_getsid(long pid)
{
	struct task_struct *t = pid ? find_task_by_pid((int)pid) : current;

	return t && t->state != TASK_ZOMBIE ? t->sid : -ESRCH;
}

/* setsid: a new session and group led by the caller, with no controlling terminal. */
long sys_setsid(void)
{
	/* not if it leads a group, or any process is in a group with its pid as id */
	struct task_struct *o;

	if (pgrp_in_session(current->tgid, -1))
		return -EPERM;
	for_each_thread(current, o) {
		o->sid = o->pgid = current->tgid;
		o->ctty = false;
	}
	return current->sid;
}
