/*
 * /proc/self/pagemap, /proc/kpagecount and /proc/kpageflags, checked against Linux like
 * mmtest.c (scripts/linux-reference.sh): the bits of a page that was never touched, touched,
 * shared copy-on-write after fork and copied by a write, a file page, shared memory; frame
 * numbers compared with each other (never printed: they differ between kernels).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#include "check.h"

#define PG 4096
#define PFN(e) ((e) & ((1ull << 55) - 1))
#define KPF_MMAP 11
#define KPF_ANON 12
#define KPF_BUDDY 10

static int pagemap_fd;

static uint64_t entry(const void *p)
{
	uint64_t e = 0;

	pread(pagemap_fd, &e, sizeof(e), (off_t)((uintptr_t)p / PG) * 8);
	return e;
}

/* The interesting bits of an entry, by name. */
static const char *bits(uint64_t e)
{
	static char buf[96];

	snprintf(buf, sizeof(buf), "present %d, file/shared %d, exclusive %d, soft-dirty %d, frame %s",
		 (int)(e >> 63 & 1), (int)(e >> 61 & 1), (int)(e >> 56 & 1), (int)(e >> 55 & 1),
		 PFN(e) ? "given" : "0");
	return buf;
}

static uint64_t kpage(const char *file, uint64_t pfn)
{
	int fd = open(file, O_RDONLY);
	uint64_t v = ~0ull;

	pread(fd, &v, sizeof(v), (off_t)(pfn * 8));
	close(fd);
	return v;
}

static void test_anon(void)
{
	char *p = mmap(NULL, 2 * PG, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	uint64_t e, before;
	int fds[2], status;
	char c;

	mkdir("/proc", 0555);
	mount("proc", "/proc", "proc", 0, NULL);
	pagemap_fd = open("/proc/self/pagemap", O_RDONLY);
	say("mm: pagemap: open: %s", pagemap_fd >= 0 ? "ok" : "failed");
	say("mm: pagemap: an address outside any area: %s", bits(entry((void *)PG)));
	say("mm: pagemap: a page not touched yet: %s", bits(entry(p)));
	p[0] = 1;
	e = entry(p);
	say("mm: pagemap: after a write: %s", bits(e));
	say("mm: kpagecount of its frame: %llu", (unsigned long long)kpage("/proc/kpagecount", PFN(e)));
	say("mm: kpageflags: mapped %d, anonymous %d, free %d", (int)(kpage("/proc/kpageflags", PFN(e)) >> KPF_MMAP & 1),
	    (int)(kpage("/proc/kpageflags", PFN(e)) >> KPF_ANON & 1), (int)(kpage("/proc/kpageflags", PFN(e)) >> KPF_BUDDY & 1));
	before = e;
	pipe(fds);
	pid_t pid = fork();
	if (pid == 0) {
		read(fds[0], &c, 1);               /* wait while the parent looks */
		_exit(0);
	}
	e = entry(p);
	say("mm: pagemap: after fork, shared copy-on-write: %s", bits(e));
	say("mm: ... the same frame: %s, mapped %llu times", yes(PFN(e) == PFN(before)),
	    (unsigned long long)kpage("/proc/kpagecount", PFN(e)));
	p[0] = 2;                                  /* the parent's copy */
	e = entry(p);
	say("mm: pagemap: after the parent's write: %s", bits(e));
	say("mm: ... a new frame: %s", yes(PFN(e) != PFN(before)));
	write(fds[1], "x", 1);
	waitpid(pid, &status, 0);
	say("mm: pagemap: a read at an unaligned offset: %s",
	    pread(pagemap_fd, &e, 8, 3) < 0 && errno == EINVAL ? "EINVAL" : "other");
	munmap(p, 2 * PG);
}

static void test_file_shared(void)
{
	int fd = open("/pm-file", O_CREAT | O_RDWR | O_TRUNC, 0644);
	char *a, *b, *s;
	uint64_t ea, eb;

	write(fd, "file data", 9);
	a = mmap(NULL, PG, PROT_READ, MAP_PRIVATE, fd, 0);
	b = mmap(NULL, PG, PROT_READ, MAP_SHARED, fd, 0);
	(void)*(volatile char *)a;
	(void)*(volatile char *)b;
	ea = entry(a);
	eb = entry(b);
	say("mm: pagemap: a file page read through MAP_PRIVATE: %s", bits(ea));
	say("mm: ... and through MAP_SHARED: the same frame %s", yes(PFN(ea) == PFN(eb) && PFN(ea)));
	say("mm: ... kpagecount: %llu", (unsigned long long)kpage("/proc/kpagecount", PFN(ea)));
	s = mmap(NULL, PG, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	s[0] = 1;
	say("mm: pagemap: shared anonymous memory: %s", bits(entry(s)));
	munmap(a, PG);
	munmap(b, PG);
	munmap(s, PG);
	close(fd);
}

static const struct check_case tests[] = {
	{ "anon", test_anon }, { "file_shared", test_file_shared },
};

int main(int argc, char **argv)
{
	return run_cases(tests, sizeof(tests) / sizeof(tests[0]), argc, argv);
}
