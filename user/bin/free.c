/*
 * free: memory and swap in kB, in the layout of procps's free (Debian 12), from /proc/meminfo.
 * used is what is not available (MemTotal - MemAvailable, as procps 4 counts it); buff/cache is
 * the page cache and the disks' buffers, which reclaim can give back; Swap: the swap areas.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static char info[4096];

/* The number after "name:" in /proc/meminfo (kB), or 0. */
static long field(const char *name)
{
	size_t len = strlen(name);

	for (char *p = info; p && *p; p = strchr(p, '\n'), p = p ? p + 1 : NULL)
		if (!strncmp(p, name, len) && p[len] == ':')
			return atoi(p + len + 1);
	return 0;
}

int main(void)
{
	int fd = open("/proc/meminfo", O_RDONLY);
	ssize_t n = fd >= 0 ? read(fd, info, sizeof(info) - 1) : -1;
	long total, avail, cache, swap_total, swap_free;

	if (n <= 0) {
		dprintf(2, "free: cannot read /proc/meminfo\n");
		return 1;
	}
	info[n] = '\0';
	total = field("MemTotal");
	avail = field("MemAvailable");
	cache = field("Buffers") + field("Cached");
	swap_total = field("SwapTotal");
	swap_free = field("SwapFree");
	printf("%-7s %11s %11s %11s %11s %11s %11s\n", "", "total", "used", "free", "shared", "buff/cache",
	       "available");
	printf("%-7s %11ld %11ld %11ld %11ld %11ld %11ld\n", "Mem:", total, total - avail, field("MemFree"),
	       field("Shmem"), cache, avail);
	printf("%-7s %11ld %11ld %11ld\n", "Swap:", swap_total, swap_total - swap_free, swap_free);
	return 0;
}
