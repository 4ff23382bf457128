/*
 * memfill [STEP_MIB [SWAPDEV]]: fill memory step by step and watch the kernel make room (页面回收, 交换,
 * OOM). A child touches STEP_MIB MiB more at each step (8 by default) and keeps all of it; after
 * each step a line says how much is free, the zone watermarks, what kswapd and direct reclaim
 * took so far, and how much is in swap. With swap on (swapon /dev/hdb) the pages go out to swap
 * once free memory reaches the watermarks; when RAM and swap are both full, the OOM killer
 * chooses a process to kill (the kernel log says which, and why), and memfill says what happened.
 * With SWAPDEV (a disk made by mkswap, such as /dev/hdb) memfill switches it on first.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define MIB (1024 * 1024)

static char buf[8192];

/* Read a /proc file into buf; the number after "name" (":" or " " next) in it, summed over lines. */
static long sum_field(const char *path, const char *name)
{
	int fd = open(path, O_RDONLY);
	ssize_t n = fd >= 0 ? read(fd, buf, sizeof(buf) - 1) : -1;
	size_t len = strlen(name);
	long total = 0;

	if (fd >= 0)
		close(fd);
	if (n <= 0)
		return 0;
	buf[n] = '\0';
	for (char *p = buf; p && *p; p = strchr(p, '\n'), p = p ? p + 1 : NULL) {
		while (*p == ' ')
			p++;
		if (!strncmp(p, name, len) && (p[len] == ':' || p[len] == ' '))
			total += atoi(p + len + 1);
	}
	return total;
}

static void report(int step, long touched_mib)
{
	long free_kb = sum_field("/proc/meminfo", "MemFree");
	long swap_used = sum_field("/proc/meminfo", "SwapTotal") - sum_field("/proc/meminfo", "SwapFree");
	long wmin = sum_field("/proc/zoneinfo", "min") * 4, wlow = sum_field("/proc/zoneinfo", "low") * 4;
	long whigh = sum_field("/proc/zoneinfo", "high") * 4;

	if (step == 1)
		printf("step  touched   MemFree  watermarks min/low/high  kswapd scanned/took  direct scanned/took  in swap\n");
	printf("%4d  %4ld MiB %6ld kB    %5ld/%5ld/%5ld kB    %8ld/%8ld    %8ld/%8ld  %6ld kB\n", step,
	       touched_mib, free_kb, wmin, wlow, whigh, sum_field("/proc/vmstat", "pgscan_kswapd"),
	       sum_field("/proc/vmstat", "pgsteal_kswapd"), sum_field("/proc/vmstat", "pgscan_direct"),
	       sum_field("/proc/vmstat", "pgsteal_direct"), swap_used);
}

int main(int argc, char **argv)
{
	long step_mib = argc > 1 ? atoi(argv[1]) : 8;
	int status;
	pid_t pid;

	if (step_mib <= 0 || step_mib > 1024) {
		dprintf(2, "usage: memfill [STEP_MIB [SWAPDEV]]   (1 to 1024 MiB; 8 by default)\n");
		return 2;
	}
	if (argc > 2) {
		if (__syscall_ret(sys_call2(SYS_swapon, argv[2], 0)) < 0 && errno != EBUSY) {
			dprintf(2, "memfill: swapon %s: %s\n", argv[2], strerror(errno));
			return 1;
		}
		printf("memfill: swap on %s: %ld kB\n", argv[2], sum_field("/proc/meminfo", "SwapTotal"));
	}
	printf("memfill: a child touches %ld MiB more at each step and keeps it all\n", step_mib);
	pid = fork();
	if (pid == 0) {
		for (int step = 1;; step++) {
			char *p = mmap(NULL, (size_t)step_mib * MIB, PROT_READ | PROT_WRITE,
				       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
			if (p == MAP_FAILED) {
				printf("step %d: mmap refused (more than RAM and swap together)\n", step);
				_exit(1);
			}
			for (long off = 0; off < step_mib * MIB; off += 4096)
				p[off] = (char)step;     /* one store a page: every page becomes real */
			report(step, step * step_mib);
		}
	}
	waitpid(pid, &status, 0);
	if (WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL)
		printf("memfill: the child (pid %d) was killed by SIGKILL: the OOM killer chose it "
		       "(oom_kill is now %ld; the kernel's \"Out of memory\" line above says why)\n",
		       pid, sum_field("/proc/vmstat", "oom_kill"));
	else
		printf("memfill: the child ended with status %d\n", status);
	return 0;
}
