/*
 * readprofile: where the kernel spends its time, from the profiler (boot with profile=N, as on
 * Linux). It reads the counters of /proc/profile (a u32 shift, then a u32 per 2^shift bytes of
 * kernel text) and the function addresses of /proc/kallsyms, adds the counters up per function,
 * and prints the hottest, as Linux's readprofile does: ticks, function, ticks per byte.
 *
 *   readprofile [N]     the N hottest functions (default 20)
 *   readprofile -r      start the counters again from zero
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define MAX_SYMS 4096

struct sym {
	unsigned long addr;
	char name[40];
	unsigned long ticks;
};

static struct sym syms[MAX_SYMS];
static int nsyms;

static unsigned long hex(const char *p)
{
	unsigned long v = 0;

	for (;; p++) {
		int d = *p >= '0' && *p <= '9' ? *p - '0' : *p >= 'a' && *p <= 'f' ? *p - 'a' + 10 : -1;
		if (d < 0)
			return v;
		v = v * 16 + (unsigned long)d;
	}
}

/* /proc/kallsyms, in address order: "c0100000 T name". */
static int read_kallsyms(void)
{
	static char buf[128 * 1024];

	if (read_file("/proc/kallsyms", buf, sizeof(buf)) < 0)
		return -1;
	for (char *line = buf; *line && nsyms < MAX_SYMS;) {
		char *end = strchr(line, '\n');
		if (end)
			*end = '\0';
		if (strlen(line) > 11) {
			syms[nsyms].addr = hex(line);
			strlcpy(syms[nsyms].name, line + 11, sizeof(syms[nsyms].name));
			nsyms++;
		}
		if (!end)
			break;
		line = end + 1;
	}
	return nsyms ? 0 : -1;
}

/* The function holding addr: the last symbol at or below it (binary search). */
static struct sym *owner(unsigned long addr)
{
	int lo = 0, hi = nsyms - 1;

	if (!nsyms || addr < syms[0].addr)
		return NULL;
	while (lo < hi) {
		int mid = (lo + hi + 1) / 2;
		if (syms[mid].addr <= addr)
			lo = mid;
		else
			hi = mid - 1;
	}
	return &syms[lo];
}

int main(int argc, char **argv)
{
	static unsigned counters[256 * 1024];
	int fd, top = 20;
	ssize_t n;
	unsigned long total = 0, shift;

	if (argc > 1 && !strcmp(argv[1], "-r")) {
		fd = open("/proc/profile", O_WRONLY);
		if (fd < 0 || write(fd, "0", 1) != 1) {
			dprintf(2, "readprofile: cannot reset /proc/profile (boot with profile=N)\n");
			return 1;
		}
		return 0;
	}
	if (argc > 1)
		top = atoi(argv[1]) > 0 ? atoi(argv[1]) : 20;
	fd = open("/proc/profile", O_RDONLY);
	if (fd < 0) {
		dprintf(2, "readprofile: no /proc/profile: boot with profile=N (N = 2 counts every 4 bytes)\n");
		return 1;
	}
	n = read(fd, counters, sizeof(counters));
	close(fd);
	if (n < 8 || read_kallsyms()) {
		dprintf(2, "readprofile: cannot read /proc/profile or /proc/kallsyms\n");
		return 1;
	}
	shift = counters[0];
	for (long i = 1; i < n / 4; i++) {
		struct sym *s = counters[i] ? owner(syms[0].addr + ((unsigned long)(i - 1) << shift)) : NULL;
		if (s) {
			s->ticks += counters[i];
			total += counters[i];
		}
	}
	printf("%8s  %-36s %s\n", "ticks", "function", "share");
	for (int k = 0; k < top; k++) {
		struct sym *best = NULL;
		for (int i = 0; i < nsyms; i++)
			if (syms[i].ticks && (!best || syms[i].ticks > best->ticks))
				best = &syms[i];
		if (!best)
			break;
		printf("%8lu  %-36s %3lu.%lu%%\n", best->ticks, best->name, best->ticks * 100 / total,
		       best->ticks * 1000 / total % 10);
		best->ticks = 0;
	}
	printf("%8lu  %-36s (ticks of 10 ms in the kernel, counters of %lu bytes)\n", total, "total", 1ul << shift);
	return 0;
}
