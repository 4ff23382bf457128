/*
 * Page faults, peak memory and CPU time as a program can count them, checked against Linux
 * like mmtest.c (scripts/linux-reference.sh): getrusage's ru_minflt and ru_maxrss, wait4's
 * rusage of a child, RUSAGE_CHILDREN, /proc/self/status's VmHWM and VmPeak, and the CPU-time
 * clock. It mounts /proc first, as an init program on Linux must. Fault counts differ a little between kernels (the stack, libc), so the checks are
 * ranges that a kernel which stopped counting would miss.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/resource.h>
#include <sys/shm.h>
#include <sys/times.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include "check.h"

#define PAGE 4096
#define TOUCH 256                    /* pages written in the fault checks: 1 MiB */

/* A field of /proc/self/status in kB, or -1. */
static long status_kb(const char *field)
{
	return proc_field("/proc/self/status", field);
}

/* The whole of a /proc file (up to 64 KiB). */
static char *proc_text(const char *path)
{
	static char buf[65536];

	if (slurp(path, buf, sizeof(buf)) < 0)
		buf[0] = '\0';
	return buf;
}

/* A field (kB) of the /proc/self/smaps entry of the area starting at addr, or -1. */
static long smaps_kb(void *addr, const char *field)
{
	char head[32], *p;

	snprintf(head, sizeof(head), "%08lx-", (unsigned long)addr);
	p = strstr(proc_text("/proc/self/smaps"), head);
	if (!p || !(p = strstr(p, field)))
		return -1;
	return atol(p + strlen(field) + 1);
}

/* Field n (from 1) of /proc/self/stat, or -1; the name in parentheses is field 2. */
static long stat_field(int n, int *count)
{
	char *p = strrchr(proc_text("/proc/self/stat"), ')');
	long value = -1;
	int i = 2;

	for (char *tok = strtok(p + 1, " \n"); tok; tok = strtok(NULL, " \n"))
		if (++i == n)
			value = atol(tok);
	if (count)
		*count = i;
	return value;
}

static struct rusage usage(int who)
{
	struct rusage ru;

	memset(&ru, 0, sizeof(ru));
	getrusage(who, &ru);
	return ru;
}

/* Write one byte in each of n fresh pages; the mapping stays. */
static char *touch(long n)
{
	char *p = mmap(NULL, n * PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	for (long i = 0; i < n; i++)
		p[i * PAGE] = 1;
	return p;
}

static double seconds(const struct timespec *t)
{
	return t->tv_sec + t->tv_nsec / 1e9;
}

/* User plus system time, in seconds. */
static double cpu_seconds(const struct rusage *ru)
{
	return ru->ru_utime.tv_sec + ru->ru_stime.tv_sec +
	       (ru->ru_utime.tv_usec + ru->ru_stime.tv_usec) / 1e6;
}

/* As init on Linux nothing is mounted yet; here /proc always is and this changes nothing. */
static void test_mount(void)
{
	mkdir("/proc", 0555);
	say("mm: mount proc on /proc: %s", yes(mount("proc", "/proc", "proc", 0, NULL) == 0));
}

/* Minor faults, one per page written for the first time; then the peaks: RSS and VSZ fall after
 * munmap, their high-water marks do not. */
static void test_faults_and_peaks(void)
{
	struct rusage before, after;
	long hwm, rss, peak, size, faults;
	char *p;

	/* minor faults: one per page written for the first time */
	before = usage(RUSAGE_SELF);
	p = touch(TOUCH);
	after = usage(RUSAGE_SELF);
	faults = after.ru_minflt - before.ru_minflt;
	say("mm: getrusage: writing %d fresh pages adds at least %d minor faults: %s", TOUCH, TOUCH,
	    yes(faults >= TOUCH));
	say("mm: getrusage: and not many more: %s", yes(faults <= TOUCH + 16));
	say("mm: getrusage: major faults (nothing read from a disk): %ld", after.ru_majflt - before.ru_majflt);
	before = usage(RUSAGE_SELF);
	for (long i = 0; i < TOUCH; i++)
		p[i * PAGE] = 2;
	after = usage(RUSAGE_SELF);
	say("mm: getrusage: writing the same pages again adds no faults: %s",
	    yes(after.ru_minflt - before.ru_minflt <= 2));

	hwm = status_kb("VmHWM");
	rss = status_kb("VmRSS");
	peak = status_kb("VmPeak");
	size = status_kb("VmSize");
	say("mm: status: VmHWM >= VmRSS: %s", yes(hwm >= rss && rss > 0));
	say("mm: status: VmPeak >= VmSize: %s", yes(peak >= size && size > 0));
	say("mm: getrusage: ru_maxrss (kB) covers the pages written: %s",
	    yes(after.ru_maxrss >= TOUCH * PAGE / 1024));
	munmap(p, TOUCH * PAGE);
	/* Linux's VmRSS may lag by up to 64 pages (per-thread counters), so half the pages written */
	say("mm: munmap: VmRSS is now well below VmHWM: %s",
	    yes(status_kb("VmRSS") <= hwm - TOUCH / 2 * PAGE / 1024));
	say("mm: munmap: VmHWM kept the peak: %s", yes(status_kb("VmHWM") == hwm));
	say("mm: munmap: VmSize fell, VmPeak kept the peak: %s",
	    yes(status_kb("VmSize") <= size - TOUCH * PAGE / 1024 && status_kb("VmPeak") == peak));
	say("mm: getrusage: ru_maxrss kept the peak too: %s",
	    yes(usage(RUSAGE_SELF).ru_maxrss >= after.ru_maxrss));
}

/* /proc/self/stat: minflt (field 10), vsize (23, bytes), rss (24, pages) */
static void test_proc_stat(void)
{
	int fields;
	long flt0 = stat_field(10, &fields), flt1;
	char *q = touch(TOUCH);
	flt1 = stat_field(10, NULL);
	say("mm: /proc/self/stat: fields: %d", fields);
	say("mm: /proc/self/stat: minflt grew by at least %d: %s", TOUCH, yes(flt1 - flt0 >= TOUCH));
	say("mm: /proc/self/stat: vsize is VmSize: %s", yes(stat_field(23, NULL) == status_kb("VmSize") * 1024));
	say("mm: /proc/self/stat: rss is VmRSS in pages: %s", yes(stat_field(24, NULL) * 4 == status_kb("VmRSS")));
	munmap(q, TOUCH * PAGE);
}

/* /proc/self/smaps: one area, touched in part, then shared with a child */
static void test_smaps(void)
{
	int ready[2], done[2];
	char c, *q = mmap(NULL, 16 * PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	for (int i = 0; i < 5; i++)
		q[i * PAGE] = 1;
	say("mm: smaps: Size %ld kB, Rss %ld kB, Pss %ld kB", smaps_kb(q, "Size"), smaps_kb(q, "Rss"),
	    smaps_kb(q, "Pss"));
	say("mm: smaps: Private_Dirty %ld kB, Shared_Dirty %ld kB, Anonymous %ld kB",
	    smaps_kb(q, "Private_Dirty"), smaps_kb(q, "Shared_Dirty"), smaps_kb(q, "Anonymous"));
	pipe(ready);
	pipe(done);
	if (fork() == 0) {
		write(ready[1], "r", 1);
		read(done[0], &c, 1);
		_exit(0);
	}
	read(ready[0], &c, 1);
	say("mm: smaps, shared with a child: Rss %ld kB, Pss %ld kB, Shared_Dirty %ld kB, Private_Dirty %ld kB",
	    smaps_kb(q, "Rss"), smaps_kb(q, "Pss"), smaps_kb(q, "Shared_Dirty"), smaps_kb(q, "Private_Dirty"));
	write(done[1], "d", 1);
	wait(NULL);
	say("mm: smaps, the child gone: Pss %ld kB", smaps_kb(q, "Pss"));
	munmap(q, 16 * PAGE);
}

/* a child's faults: in wait4's rusage, then in RUSAGE_CHILDREN (after the smaps case's child) */
static void test_children(void)
{
	struct rusage before, after, child;
	int status;
	pid_t pid;

	before = usage(RUSAGE_CHILDREN);
	say("mm: RUSAGE_CHILDREN after the smaps child: some faults: %s", yes(before.ru_minflt > 0));
	say("mm: RUSAGE_CHILDREN: its peak RSS started at fork, below mine: %s",
	    yes(before.ru_maxrss > 0 && before.ru_maxrss < usage(RUSAGE_SELF).ru_maxrss));
	pid = fork();
	if (pid == 0) {
		touch(2 * TOUCH);
		_exit(0);
	}
	memset(&child, 0, sizeof(child));
	say("mm: wait4 with a rusage: %s", yes(wait4(pid, &status, 0, &child) == pid));
	say("mm: wait4: the child's minor faults are counted: %s", yes(child.ru_minflt >= 2 * TOUCH));
	say("mm: wait4: the child's ru_maxrss covers its pages: %s",
	    yes(child.ru_maxrss >= 2 * TOUCH * PAGE / 1024));
	after = usage(RUSAGE_CHILDREN);
	say("mm: RUSAGE_CHILDREN: the earlier faults plus this child's: %s",
	    yes(after.ru_minflt == before.ru_minflt + child.ru_minflt));
	say("mm: RUSAGE_CHILDREN: the larger peak of the two: %s",
	    yes(after.ru_maxrss == (child.ru_maxrss > before.ru_maxrss ? child.ru_maxrss : before.ru_maxrss)));
	say("mm: RUSAGE_SELF: the child's faults are not mine: %s",
	    yes(usage(RUSAGE_SELF).ru_minflt < child.ru_minflt));
}

/*
 * Fault-around: a read fault on a file mapping also maps the file's cached neighbours, up to
 * 16 pages in the 64 KiB-aligned window around the address (Linux's fault_around_bytes). The
 * file is written first, so every page is cached; the mapping sits at a 64 KiB boundary, so
 * the windows are the same on both kernels. Rss says how many pages each fault mapped.
 */
#define AROUND_FILE_PAGES 40

static void test_fault_around(void)
{
	static char page[PAGE];
	char *region, *map;
	struct rusage before, after;
	long flt;
	char c;
	int fd = open("/fault-around", O_RDWR | O_CREAT | O_TRUNC, 0644);

	for (int i = 0; i < AROUND_FILE_PAGES; i++) {
		memset(page, 'a' + i % 26, PAGE);
		if (write(fd, page, PAGE) != PAGE)
			say("mm: fault-around: writing the file failed");
	}
	/* 64 pages reserved, the file mapped at the first 64 KiB boundary inside them */
	region = mmap(NULL, 128 * PAGE, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	map = (char *)(((unsigned long)region + 16 * PAGE - 1) & ~(16ul * PAGE - 1));
	map = mmap(map, 48 * PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_FIXED, fd, 0);
	say("mm: fault-around: mapped: %s", yes(map != MAP_FAILED));
	before = usage(RUSAGE_SELF);
	c = map[20 * PAGE];
	after = usage(RUSAGE_SELF);
	say("mm: fault-around: page 20 reads %c", c);
	flt = after.ru_minflt - before.ru_minflt;
	say("mm: fault-around: one read, %ld minor fault(s), Rss %ld kB", flt, smaps_kb(map, "Rss"));
	before = usage(RUSAGE_SELF);
	for (int i = 16; i < 32; i++)
		(void)*(volatile char *)(map + i * PAGE);
	after = usage(RUSAGE_SELF);
	say("mm: fault-around: its 15 neighbours read without a fault: %s",
	    yes(after.ru_minflt == before.ru_minflt));
	map[34 * PAGE] = 'x';
	say("mm: fault-around: a write to page 34 copies it alone: Rss %ld kB", smaps_kb(map, "Rss"));
	c = map[35 * PAGE];                          /* one side effect per statement */
	say("mm: fault-around: page 35 reads %c: Rss %ld kB (the file ends at page %d)", c,
	    smaps_kb(map, "Rss"), AROUND_FILE_PAGES);
	c = map[2 * PAGE];
	say("mm: fault-around: page 2 reads %c: Rss %ld kB", c, smaps_kb(map, "Rss"));
	munmap(region, 128 * PAGE);
	close(fd);
	unlink("/fault-around");
}

/* Not for System V shared memory, whose areas have no fault-around on Linux (its shm_vm_ops has
 * no map_pages): pages written through one attach, then one read through a second attach at a
 * 64 KiB boundary maps that one page. */
static void test_fault_around_shm(void)
{
	int id = shmget(IPC_PRIVATE, 32 * PAGE, IPC_CREAT | 0600);
	char *p = shmat(id, NULL, 0), *region, *q, c;

	for (int i = 0; i < 32; i++)
		p[i * PAGE] = (char)('A' + i);
	region = mmap(NULL, 64 * PAGE, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	q = (char *)(((unsigned long)region + 16 * PAGE - 1) & ~(16ul * PAGE - 1));
	munmap(region, 64 * PAGE);
	q = shmat(id, q, 0);
	say("mm: fault-around, System V shm: attached: %s", yes(q != (void *)-1));
	c = q[20 * PAGE];
	say("mm: fault-around, System V shm: page 20 reads %c: Rss %ld kB", c, smaps_kb(q, "Rss"));
	shmdt(q);
	shmdt(p);
	shmctl(id, IPC_RMID, NULL);
}

/* CPU time: a busy loop of 300 ms shows in the CPU-time clock, times and getrusage */
static void test_cpu_time(void)
{
	struct rusage before, after;
	struct timespec c0, c1, m0, m1;
	struct tms t;

	before = usage(RUSAGE_SELF);
	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &c0);
	clock_gettime(CLOCK_MONOTONIC, &m0);
	do
		clock_gettime(CLOCK_MONOTONIC, &m1);
	while (seconds(&m1) - seconds(&m0) < 0.3);
	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &c1);
	after = usage(RUSAGE_SELF);
	say("mm: CLOCK_PROCESS_CPUTIME_ID: a 300 ms busy loop uses 100 to 400 ms: %s",
	    yes(seconds(&c1) - seconds(&c0) >= 0.1 && seconds(&c1) - seconds(&c0) <= 0.4));
	say("mm: getrusage: user+system time grew by 100 to 400 ms: %s",
	    yes(cpu_seconds(&after) - cpu_seconds(&before) >= 0.1 && cpu_seconds(&after) - cpu_seconds(&before) <= 0.4));
	say("mm: times: returns: %s", yes(times(&t) != (clock_t)-1));
	say("mm: times: CPU ticks at least 10: %s", yes(t.tms_utime + t.tms_stime >= 10));
}

static void test_errors(void)
{
	struct rusage ru;

	errno = 0;
	say("mm: getrusage(5): %s", getrusage(5, &ru) == -1 && errno == EINVAL ? "EINVAL" : "other");
	errno = 0;
	say("mm: getrusage to a bad pointer: %s",
	    getrusage(RUSAGE_SELF, (struct rusage *)8) == -1 && errno == EFAULT ? "EFAULT" : "other");
}

static const struct check_case tests[] = {
	{ "mount", test_mount }, { "faults", test_faults_and_peaks }, { "proc_stat", test_proc_stat },
	{ "smaps", test_smaps }, { "children", test_children }, { "fault_around", test_fault_around },
	{ "fault_around_shm", test_fault_around_shm },
	{ "cpu_time", test_cpu_time },
	{ "errors", test_errors },
};

int main(int argc, char **argv)
{
	return run_cases(tests, sizeof(tests) / sizeof(tests[0]), argc, argv);
}
