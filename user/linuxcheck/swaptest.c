/*
 * What happens when memory is full, checked the same way on this kernel and on Linux 6.1: run
 * in a machine with 64 MiB of RAM, with a swap disk made by Debian's mkswap (DEV, /dev/hdb here).
 *
 *   swaptest fill MIB DEV    swapon, touch MIB MiB (more than RAM), read every byte back, free it
 *   swaptest fork DEV        pages swapped out before fork: parent and child each keep their own
 *   swaptest swapoff DEV     swapoff with pages in swap brings them all back
 *   swaptest oom             no swap: three processes; the largest is killed, the others finish
 *   swaptest sysctl          /proc/sys/vm: swappiness, min_free_kbytes, drop_caches; /proc/zoneinfo
 *   swaptest bench MIB DEV   times (for make bench, not a test): touch MIB MiB, read it back;
 *                            DEV "none": no swap (the baseline: the same work without reclaim)
 *
 * Each prints facts as "mm: ..." lines (yes/no, or numbers Linux prints the same), then "mm: done".
 */
#include "check.h"
#include <errno.h>
#include <signal.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/swap.h>
#include <time.h>

#define MIB (1024ul * 1024)
#define PAGE 4096ul

/* The word at word w of page p of a region filled with seed. */
static unsigned long pattern(unsigned long seed, unsigned long p, unsigned long w)
{
	return (p * 2654435761ul) ^ (w * 40503ul) ^ seed;
}

/* Write every word of [mem, mem + len) (a write per word: every page dirty). */
static void fill(unsigned long *mem, size_t len, unsigned long seed)
{
	for (size_t p = 0; p < len / PAGE; p++)
		for (size_t w = 0; w < PAGE / sizeof(long); w++)
			mem[p * (PAGE / sizeof(long)) + w] = pattern(seed, p, w);
}

/* Are all the words still what fill wrote? */
static int intact(const unsigned long *mem, size_t len, unsigned long seed)
{
	for (size_t p = 0; p < len / PAGE; p++)
		for (size_t w = 0; w < PAGE / sizeof(long); w++)
			if (mem[p * (PAGE / sizeof(long)) + w] != pattern(seed, p, w))
				return 0;
	return 1;
}

static long vmstat(const char *field)
{
	return proc_field("/proc/vmstat", field);
}

static long meminfo(const char *field)
{
	return proc_field("/proc/meminfo", field);
}

static long majflt(void)
{
	struct rusage ru;

	getrusage(RUSAGE_SELF, &ru);
	return ru.ru_majflt;
}

#define SWAPS_HEADER "Filename\t\t\t\tType\t\tSize\t\tUsed\t\tPriority\n"

/* The numbers of /proc/swaps' first area: type, size and priority (the name differs by kernel). */
static void show_swaps(const char *when)
{
	char buf[512] = "", type[16] = "";
	long size = -1, used = -1, prio = 0;
	char *line;

	slurp("/proc/swaps", buf, sizeof(buf));
	line = strchr(buf, '\n');
	say("mm: swaps %s: header %s", when,
	    !strncmp(buf, SWAPS_HEADER, strlen(SWAPS_HEADER)) ? "as Linux" : "different");
	if (line && line[1] && sscanf(strchr(line + 1, ' '), " %15s %ld %ld %ld", type, &size, &used, &prio) == 4)
		say("mm: swaps %s: %s, %ld kB, priority %ld, used 0: %s", when, type, size, prio, yes(used == 0));
	else
		say("mm: swaps %s: no area", when);
}

static void *map(size_t len)
{
	void *p = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	return p == MAP_FAILED ? NULL : p;
}

static int do_swapon(const char *dev)
{
	int r = swapon(dev, 0);

	say("mm: swapon: %s", r ? strerror(errno) : "ok");
	return r;
}

/* ---------------------------------------------------------------- fill */

/* The child's part of fill: touch, check, read back; facts as it goes; exit 0 if all was right. */
static void fill_child(unsigned long mib)
{
	size_t len = mib * MIB;
	long swapfree = meminfo("SwapFree"), pswpout = vmstat("pswpout"), pswpin = vmstat("pswpin");
	long kswapd = vmstat("pgsteal_kswapd"), maj = majflt();
	unsigned long *mem = map(len);
	int ok;

	if (!mem) {
		say("mm: fill: mmap failed");
		_exit(1);
	}
	fill(mem, len, 1);
	say("mm: fill %lu MiB (more than RAM): pages went out to swap (pswpout moved): %s", mib,
	    yes(vmstat("pswpout") > pswpout));
	say("mm: fill: kswapd took pages in the background (pgsteal_kswapd moved): %s",
	    yes(vmstat("pgsteal_kswapd") > kswapd));
	say("mm: fill: VmSwap above 0: %s", yes(proc_field("/proc/self/status", "VmSwap") > 0));
	say("mm: fill: SwapFree went down: %s", yes(meminfo("SwapFree") < swapfree));
	ok = intact(mem, len, 1);
	say("mm: fill: every byte back: %s", yes(ok));
	say("mm: fill: pages came back from swap (pswpin moved): %s", yes(vmstat("pswpin") > pswpin));
	say("mm: fill: those were major faults: %s", yes(majflt() > maj));
	_exit(ok ? 0 : 1);
}

static void fill_case(unsigned long mib, const char *dev)
{
	unsigned long *locked;
	long memfree;
	int status;
	pid_t pid;

	say("mm: swapon of a path that is not there: %s", swapon("/nonexistent", 0) ? strerror(errno) : "ok");
	if (do_swapon(dev))
		return;
	say("mm: swapon again: %s", swapon(dev, 0) ? strerror(errno) : "ok");
	show_swaps("after swapon");
	say("mm: SwapTotal is the area's size: %s", yes(meminfo("SwapTotal") == meminfo("SwapFree")));
	locked = map(16 * PAGE);
	fill(locked, 16 * PAGE, 9);
	say("mm: mlock 16 pages before the child fills memory: %s", mlock(locked, 16 * PAGE) ? strerror(errno) : "ok");
	memfree = meminfo("MemFree");
	pid = fork();
	if (pid == 0)
		fill_child(mib);
	waitpid(pid, &status, 0);
	{
		unsigned char v[16];
		int in = 0;
		mincore(locked, 16 * PAGE, v);
		for (int i = 0; i < 16; i++)
			in += v[i] & 1;
		say("mm: after exit: the mlocked pages stayed in memory: %d of 16", in);
	}
	say("mm: fill: the child exited 0: %s", yes(WIFEXITED(status) && WEXITSTATUS(status) == 0));
	/*
	 * After its exit its slots are free again: all but a few this process's own pages may hold
	 * (its stack went out meanwhile and is back, its copy kept). Its pages are free again too,
	 * give or take the kernel's caches.
	 */
	say("mm: after exit: SwapFree back within 1 MiB of SwapTotal: %s",
	    yes(meminfo("SwapFree") >= meminfo("SwapTotal") - 1024));
	say("mm: after exit: MemFree back within 2 MiB: %s", yes(meminfo("MemFree") >= memfree - 2048));
	say("mm: swapoff: %s", swapoff(dev) ? strerror(errno) : "ok");
	say("mm: swapoff again: %s", swapoff(dev) ? strerror(errno) : "ok");
	show_swaps("after swapoff");
	say("mm: after swapoff: SwapTotal %ld kB", meminfo("SwapTotal"));
}

/* ---------------------------------------------------------------- fork */

/* The pagemap entry of the page at p (bit 63 present, bit 62 swapped, bits 0-54 the frame). */
static unsigned long long pagemap(const void *p)
{
	unsigned long long e = 0;
	int fd = open("/proc/self/pagemap", O_RDONLY);

	if (fd >= 0) {
		pread(fd, &e, sizeof(e), (off_t)((unsigned long)p / PAGE) * 8);
		close(fd);
	}
	return e;
}

#define PM_PRESENT (1ull << 63)
#define PM_SWAP (1ull << 62)
#define PM_PFN ((1ull << 55) - 1)

static void fork_case(const char *dev)
{
	size_t len = 64 * MIB, page = 0;
	unsigned long long mine, childs = 0;
	int status, to_parent[2], to_child[2];
	unsigned long *mem;
	pid_t pid;
	char c;

	if (do_swapon(dev))
		return;
	mem = map(len);
	if (!mem)
		return;
	fill(mem, len, 7);
	say("mm: fork: before fork, part of the region is in swap: %s",
	    yes(proc_field("/proc/self/status", "VmSwap") > 0));
	while (page < len / PAGE && !(pagemap((char *)mem + page * PAGE) & PM_SWAP))
		page++;                            /* the first page that is out in swap */
	say("mm: fork: pagemap shows a page in swap: %s", yes(page < len / PAGE));
	pipe(to_parent);
	pipe(to_child);
	pid = fork();
	if (pid == 0) {
		unsigned long *p = mem + page * (PAGE / sizeof(long));
		int before;
		read_byte(p);                      /* brought back in by the child first */
		childs = pagemap(p);
		write(to_parent[1], &childs, sizeof(childs));
		read(to_child[0], &c, 1);
		before = intact(mem, len, 7);
		fill(mem, len, 8);                 /* the child's own copy, page by page */
		_exit(before && intact(mem, len, 8) ? 0 : 1);
	}
	read(to_parent[0], &childs, sizeof(childs));
	read_byte(mem + page * (PAGE / sizeof(long)));
	mine = pagemap(mem + page * (PAGE / sizeof(long)));
	/* the page was shared when it went out: it comes back as one page for both */
	say("mm: fork: a page swapped out before fork comes back as one frame for both: %s",
	    yes((mine & PM_PRESENT) && (childs & PM_PRESENT) && (mine & PM_PFN) == (childs & PM_PFN)));
	write(to_child[1], "g", 1);
	waitpid(pid, &status, 0);
	say("mm: fork: the child saw the parent's data, then its own: %s",
	    yes(WIFEXITED(status) && WEXITSTATUS(status) == 0));
	say("mm: fork: the parent still sees its own: %s", yes(intact(mem, len, 7)));
	munmap(mem, len);
	say("mm: fork: swapoff: %s", swapoff(dev) ? strerror(errno) : "ok");
}

/* ---------------------------------------------------------------- swapoff */

static void swapoff_case(const char *dev)
{
	size_t len_a = 24 * MIB, len_b = 40 * MIB;
	unsigned long *a, *b;

	if (do_swapon(dev))
		return;
	a = map(len_a);
	b = map(len_b);
	if (!a || !b)
		return;
	fill(a, len_a, 3);
	fill(b, len_b, 4);                          /* pushes the older pages of a out to swap */
	munmap(b, len_b);
	say("mm: swapoff: part of the region is in swap: %s", yes(proc_field("/proc/self/status", "VmSwap") > 0));
	say("mm: swapoff: %s", swapoff(dev) ? strerror(errno) : "ok");
	show_swaps("after swapoff");
	say("mm: swapoff: every byte still right: %s", yes(intact(a, len_a, 3)));
	munmap(a, len_a);
}

/* ---------------------------------------------------------------- oom */

/* A child that touches mib MiB, says so through the pipe, and waits to be told to go. */
static pid_t hog(unsigned long mib, int ready, int go)
{
	pid_t pid = fork();

	if (pid == 0) {
		unsigned long *mem = map(mib * MIB);
		char c = 'r';
		if (!mem)
			_exit(2);
		fill(mem, mib * MIB, mib);
		write(ready, &c, 1);
		read(go, &c, 1);
		_exit(intact(mem, mib * MIB, mib) ? 0 : 1);
	}
	return pid;
}

static const char *fate_of(int status)
{
	static char buf[32];

	if (WIFSIGNALED(status))
		snprintf(buf, sizeof(buf), "killed by signal %d", WTERMSIG(status));
	else
		snprintf(buf, sizeof(buf), "exit %d", WEXITSTATUS(status));
	return buf;
}

static void oom_case(void)
{
	int ready[2], go[2], status[3];
	long avail = meminfo("MemAvailable") / 1024;   /* MiB */
	unsigned long big = (unsigned long)avail * 5 / 8, small = 4, last = (unsigned long)avail / 2;
	pid_t pids[3];
	char c;

	say("mm: oom: no swap: SwapTotal %ld kB", meminfo("SwapTotal"));
	pipe(ready);
	pipe(go);
	pids[0] = hog(big, ready[1], go[0]);        /* the largest, idle once it has its memory */
	read(ready[0], &c, 1);
	pids[1] = hog(small, ready[1], go[0]);
	read(ready[0], &c, 1);
	{
		char path[64];
		snprintf(path, sizeof(path), "/proc/%d/oom_score", pids[0]);
		long s0 = file_number(path);
		snprintf(path, sizeof(path), "/proc/%d/oom_score", pids[1]);
		say("mm: oom: the largest has the highest oom_score: %s", yes(s0 > file_number(path)));
	}
	/* the last one faults until memory runs out: the killer must pick the largest, not it */
	pids[2] = hog(last, ready[1], go[0]);
	read(ready[0], &c, 1);
	write(go[1], "ggg", 3);
	for (int i = 0; i < 3; i++)
		waitpid(pids[i], &status[i], 0);
	say("mm: oom: the largest: %s", fate_of(status[0]));
	say("mm: oom: the small one: %s", fate_of(status[1]));
	say("mm: oom: the one that faulted last: %s", fate_of(status[2]));
	say("mm: oom: oom_kill counted: %s", yes(vmstat("oom_kill") >= 1));
	/* the memory came back: the next program gets as much again */
	pids[0] = hog(big, ready[1], go[0]);
	read(ready[0], &c, 1);
	write(go[1], "g", 1);
	waitpid(pids[0], &status[0], 0);
	say("mm: oom: the next program gets that much memory: %s", fate_of(status[0]));
	/* oom_score_adj -1000: never chosen (oom_score 0); 1000: chosen first */
	{
		char path[64];
		int fd;
		snprintf(path, sizeof(path), "/proc/%d/oom_score_adj", getpid());
		fd = open(path, O_WRONLY);
		say("mm: oom: write oom_score_adj -1000: %s", write(fd, "-1000\n", 6) == 6 ? "ok" : strerror(errno));
		close(fd);
		snprintf(path, sizeof(path), "/proc/%d/oom_score", getpid());
		say("mm: oom: oom_score with -1000: %ld", file_number(path));
		fd = open("/proc/self/oom_score_adj", O_WRONLY);
		say("mm: oom: write oom_score_adj 1001: %s", write(fd, "1001", 4) == 4 ? "ok" : strerror(errno));
		close(fd);
	}
}

/* ---------------------------------------------------------------- bench */

static long usec(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000000l + ts.tv_nsec / 1000;
}

static void bench_case(unsigned long mib, const char *dev)
{
	size_t len = mib * MIB;
	long out = vmstat("pswpout"), in = vmstat("pswpin"), scan_k = vmstat("pgscan_kswapd");
	long scan_d = vmstat("pgscan_direct"), steal = vmstat("pgsteal_anon"), t0, t1, t2;
	unsigned long *mem;

	if (strcmp(dev, "none") && do_swapon(dev))
		return;
	mem = map(len);
	if (!mem)
		return;
	t0 = usec();
	fill(mem, len, 5);
	t1 = usec();
	if (!intact(mem, len, 5))
		say("bench: data lost");
	t2 = usec();
	say("bench: touch %lu MiB %ld us, read back %ld us, pswpout %ld, pswpin %ld, pgscan_kswapd %ld, "
	    "pgscan_direct %ld, pgsteal_anon %ld", mib, t1 - t0, t2 - t1, vmstat("pswpout") - out,
	    vmstat("pswpin") - in, vmstat("pgscan_kswapd") - scan_k, vmstat("pgscan_direct") - scan_d,
	    vmstat("pgsteal_anon") - steal);
}

/* ---------------------------------------------------------------- sysctl */

/* Does every zone in /proc/zoneinfo have "min", "low" and "high" lines, in that order of size? */
static int watermarks_ordered(void)
{
	static char buf[16384];
	int zones = 0, ok = 1;
	long min = -1, low = -1;

	if (slurp("/proc/zoneinfo", buf, sizeof(buf)) <= 0)
		return 0;
	for (char *p = buf; p && *p; p = strchr(p, '\n'), p = p ? p + 1 : NULL) {
		while (*p == ' ')
			p++;
		if (!strncmp(p, "min ", 4))
			min = strtol(p + 4, NULL, 10);
		else if (!strncmp(p, "low ", 4))
			low = strtol(p + 4, NULL, 10);
		else if (!strncmp(p, "high ", 5)) {
			long high = strtol(p + 5, NULL, 10);
			zones++;
			ok &= min >= 0 && min <= low && low <= high;
		}
	}
	return zones > 0 && ok;
}

static void sysctl_case(void)
{
	const char *sw = "/proc/sys/vm/swappiness", *dc = "/proc/sys/vm/drop_caches";
	long min_free = file_number("/proc/sys/vm/min_free_kbytes");
	int fd;

	const char *r;

	say("mm: sysctl: swappiness is %ld", file_number(sw));
	r = put_text(sw, "100\n");
	say("mm: sysctl: write 100 to swappiness: %s, reads %ld", r, file_number(sw));
	say("mm: sysctl: write 201 to swappiness: %s", put_text(sw, "201\n"));
	say("mm: sysctl: write -1 to swappiness: %s", put_text(sw, "-1\n"));
	r = put_text(sw, "0");
	say("mm: sysctl: write 0 to swappiness: %s, reads %ld", r, file_number(sw));
	put_text(sw, "60");
	say("mm: sysctl: min_free_kbytes between 128 and 262144: %s", yes(min_free >= 128 && min_free <= 262144));
	say("mm: sysctl: /proc/zoneinfo: every zone's min < low < high: %s", yes(watermarks_ordered()));
	fd = open(dc, O_RDONLY);
	say("mm: sysctl: read drop_caches: %s", fd < 0 ? strerror(errno) : "ok");
	if (fd >= 0)
		close(fd);
	say("mm: sysctl: write 1 to drop_caches: %s", put_text(dc, "1"));
	say("mm: sysctl: write 3 to drop_caches: %s", put_text(dc, "3\n"));
	say("mm: sysctl: write 5 to drop_caches: %s", put_text(dc, "5"));
	say("mm: sysctl: write x to drop_caches: %s", put_text(dc, "x"));
}

int main(int argc, char **argv)
{
	if (argc > 3 && !strcmp(argv[1], "fill"))
		fill_case(strtoul(argv[2], NULL, 10), argv[3]);
	else if (argc > 2 && !strcmp(argv[1], "fork"))
		fork_case(argv[2]);
	else if (argc > 2 && !strcmp(argv[1], "swapoff"))
		swapoff_case(argv[2]);
	else if (argc > 1 && !strcmp(argv[1], "oom"))
		oom_case();
	else if (argc > 1 && !strcmp(argv[1], "sysctl"))
		sysctl_case();
	else if (argc > 3 && !strcmp(argv[1], "bench"))
		bench_case(strtoul(argv[2], NULL, 10), argv[3]);
	else
		say("mm: usage: swaptest fill MIB DEV | fork DEV | swapoff DEV | oom | sysctl");
	say("mm: done");
	if (getpid() == 1)
		reboot(RB_POWER_OFF);
	return 0;
}
