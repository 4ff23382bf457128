/*
 * mlock (锁定内存) and its bookkeeping, as Linux 6.1 does it: locked areas are split from their
 * neighbours and counted in VmLck, mlockall locks what is there and (MCL_FUTURE) what comes,
 * locks are not inherited by fork, MAP_LOCKED and mlock2(MLOCK_ONFAULT), MADV_DONTNEED refused
 * on locked memory, and smaps' Locked.
 */
#include "check.h"
#include <errno.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/stat.h>
#include <sys/mount.h>

#define PG 4096ul

static const char *result(long r)
{
	return r == 0 ? "ok" : strerror(errno);
}

static long vmlck(void)
{
	return proc_field("/proc/self/status", "VmLck");
}

/* How many lines of /proc/self/maps lie inside [p, p + len). */
static int areas_in(const char *p, size_t len)
{
	static char buf[16384];
	int n = 0;

	if (slurp("/proc/self/maps", buf, sizeof(buf)) <= 0)
		return -1;
	for (char *l = buf; l && *l; l = strchr(l, '\n'), l = l ? l + 1 : NULL) {
		unsigned long s = strtoul(l, NULL, 16), e = strtoul(strchr(l, '-') + 1, NULL, 16);
		if (s >= (unsigned long)p && e <= (unsigned long)p + len)
			n++;
	}
	return n;
}

static int resident(const char *p, size_t pages)
{
	unsigned char v[64];
	int n = 0;

	if (mincore((void *)p, pages * PG, v))
		return -1;
	for (size_t i = 0; i < pages; i++)
		n += v[i] & 1;
	return n;
}

/* The Locked: line of the smaps entry that starts at p, in kB. */
static long smaps_locked(const char *p)
{
	static char buf[65536];
	char head[32];
	char *at, *locked;

	if (slurp("/proc/self/smaps", buf, sizeof(buf)) <= 0)
		return -1;
	snprintf(head, sizeof(head), "%08lx-", (unsigned long)p);
	at = strstr(buf, head);
	locked = at ? strstr(at, "\nLocked:") : NULL;
	return locked ? strtol(locked + 8, NULL, 10) : -1;
}

static void *region(size_t pages, int flags)
{
	void *p = mmap(NULL, pages * PG, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | flags, -1, 0);

	return p == MAP_FAILED ? NULL : p;
}

static void lock_areas(void)
{
	char *p = region(8, 0);
	long before = vmlck();

	say("mm: VmLck at start: %ld kB", before);
	say("mm: mlock 4 pages in the middle of 8: %s", result(mlock(p + 2 * PG, 4 * PG)));
	say("mm: VmLck grew by: %ld kB", vmlck() - before);
	say("mm: areas after mlock: %d", areas_in(p, 8 * PG));
	say("mm: pages resident after mlock: %d of 8", resident(p, 8));
	say("mm: smaps Locked of the locked part: %ld kB", smaps_locked(p + 2 * PG));
	say("mm: smaps Locked of the part before: %ld kB", smaps_locked(p));
	say("mm: madvise DONTNEED on locked pages: %s", result(madvise(p + 2 * PG, PG, MADV_DONTNEED)));
	say("mm: madvise DONTNEED next to them: %s", result(madvise(p, PG, MADV_DONTNEED)));
	say("mm: munlock: %s", result(munlock(p + 2 * PG, 4 * PG)));
	say("mm: VmLck after munlock: %ld kB", vmlck() - before);
	say("mm: areas after munlock: %d", areas_in(p, 8 * PG));
	say("mm: munlock of unlocked memory: %s", result(munlock(p, 8 * PG)));
	say("mm: mlock of length 0: %s", result(mlock(p, 0)));
	munmap(p, 8 * PG);
}

static void lock_fork(void)
{
	char *p = region(4, 0);
	int status;
	pid_t pid;

	mlock(p, 4 * PG);
	pid = fork();
	if (pid == 0)
		_exit(vmlck() == 0 ? 0 : 1);
	waitpid(pid, &status, 0);
	say("mm: after fork the child has nothing locked: %s", yes(WIFEXITED(status) && WEXITSTATUS(status) == 0));
	say("mm: the parent keeps its lock: %s", yes(vmlck() == 16));
	munlock(p, 4 * PG);
	munmap(p, 4 * PG);
}

static void lock_flags(void)
{
	long before = vmlck();
	char *p = region(4, MAP_LOCKED), *q;

	say("mm: MAP_LOCKED: locked %ld kB, resident %d of 4", vmlck() - before, resident(p, 4));
	munmap(p, 4 * PG);
	q = region(4, 0);
	say("mm: mlock2 MLOCK_ONFAULT: %s", result(syscall(SYS_mlock2, q, 4 * PG, 1)));
	say("mm: after it: locked %ld kB, resident %d of 4", vmlck() - before, resident(q, 4));
	q[0] = 1;
	say("mm: after a touch: resident %d of 4", resident(q, 4));
	say("mm: mlock2 with flag 2: %s", result(syscall(SYS_mlock2, q, 4 * PG, 2)));
	munmap(q, 4 * PG);
}

static void lock_all(void)
{
	char *p;
	const char *r;

	say("mm: mlockall(0): %s", result(mlockall(0)));
	say("mm: mlockall(MCL_ONFAULT) alone: %s", result(mlockall(MCL_ONFAULT)));
	say("mm: mlockall(8): %s", result(mlockall(8)));
	say("mm: mlockall(MCL_CURRENT): %s", result(mlockall(MCL_CURRENT)));
	say("mm: VmLck above 0: %s", yes(vmlck() > 0));
	r = result(munlockall());
	say("mm: munlockall: %s, VmLck %ld kB", r, vmlck());
	r = result(mlockall(MCL_FUTURE));
	say("mm: mlockall(MCL_FUTURE): %s, VmLck %ld kB", r, vmlck());
	p = region(8, 0);
	say("mm: a new mapping after MCL_FUTURE: locked %ld kB, resident %d of 8", vmlck(), resident(p, 8));
	r = result(munlockall());
	say("mm: munlockall: %s, VmLck %ld kB", r, vmlck());
	munmap(p, 8 * PG);
	p = region(8, 0);
	say("mm: a new mapping after munlockall: locked %ld kB, resident %d of 8", vmlck(), resident(p, 8));
	munmap(p, 8 * PG);
}

int main(int argc, char **argv)
{
	static const struct check_case cases[] = {
		{ "areas", lock_areas },
		{ "fork", lock_fork },
		{ "flags", lock_flags },
		{ "all", lock_all },
	};

	mkdir("/proc", 0555);                      /* Linux's /init has no /proc until it mounts one */
	mount("proc", "/proc", "proc", 0, NULL);
	return run_cases(cases, sizeof(cases) / sizeof(cases[0]), argc, argv);
}
