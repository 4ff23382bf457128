/*
 * Resource limits: their defaults, Linux's rules for setting them, the three system calls
 * that read them (with their different ideas of infinity), and each limit enforced where the
 * resource is used. As root (init), so raising a hard limit is allowed, as on Linux.
 */
#include "check.h"
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdint.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/syscall.h>

static const char *err(int e)
{
	switch (e) {
	case 0: return "ok";
	case EINVAL: return "EINVAL";
	case EPERM: return "EPERM";
	case ESRCH: return "ESRCH";
	case EFBIG: return "EFBIG";
	case EMFILE: return "EMFILE";
	case EBADF: return "EBADF";
	case ENOMEM: return "ENOMEM";
	case EFAULT: return "EFAULT";
	default: return "other";
	}
}

static const char *lim(unsigned long long v)
{
	static char buf[4][32];
	static int i;

	i = (i + 1) % 4;
	if (v == RLIM_INFINITY)
		return "infinity";
	snprintf(buf[i], sizeof(buf[i]), "%llu", v);
	return buf[i];
}

static void defaults(void)
{
	static const struct { int r; const char *name; } rs[] = {
		{ RLIMIT_FSIZE, "FSIZE" }, { RLIMIT_DATA, "DATA" }, { RLIMIT_STACK, "STACK" },
		{ RLIMIT_CORE, "CORE" }, { RLIMIT_AS, "AS" }, { RLIMIT_MEMLOCK, "MEMLOCK" },
		{ RLIMIT_MSGQUEUE, "MSGQUEUE" }, { RLIMIT_NICE, "NICE" }, { RLIMIT_RTPRIO, "RTPRIO" },
	};
	for (unsigned i = 0; i < sizeof(rs) / sizeof(rs[0]); i++) {
		struct rlimit r;
		getrlimit(rs[i].r, &r);
		say("mm: RLIMIT_%s of init: %s / %s", rs[i].name, lim(r.rlim_cur), lim(r.rlim_max));
	}
}

static void syscalls(void)
{
	uint32_t old[2], u[2];
	uint64_t p[2], n[2];
	long r;

	r = syscall(76, RLIMIT_STACK, old);              /* the old getrlimit: 0x7fffffff is infinity */
	say("mm: getrlimit (76) STACK: %ld, %#x / %#x", r, old[0], old[1]);
	r = syscall(191, RLIMIT_STACK, u);               /* ugetrlimit: 0xffffffff */
	say("mm: ugetrlimit (191) STACK: %ld, %#x / %#x", r, u[0], u[1]);
	r = syscall(SYS_prlimit64, 0, RLIMIT_STACK, NULL, p);
	say("mm: prlimit64 STACK: %ld, %#llx / %#llx", r, (unsigned long long)p[0], (unsigned long long)p[1]);
	errno = 0;
	say("mm: getrlimit of resource 99: %s", err(syscall(191, 99, u) ? errno : 0));
	n[0] = 2; n[1] = 1;
	errno = 0;
	say("mm: soft limit above the hard one: %s", err(syscall(SYS_prlimit64, 0, RLIMIT_CORE, n, NULL) ? errno : 0));
	n[0] = 10; n[1] = 2000000;
	errno = 0;
	say("mm: RLIMIT_NOFILE above fs.nr_open: %s", err(syscall(SYS_prlimit64, 0, RLIMIT_NOFILE, n, NULL) ? errno : 0));
	errno = 0;
	say("mm: prlimit64 of no such process: %s", err(syscall(SYS_prlimit64, 99999, RLIMIT_CORE, NULL, p) ? errno : 0));
	errno = 0;
	say("mm: prlimit64 with a bad pointer: %s", err(syscall(SYS_prlimit64, 0, RLIMIT_CORE, (void *)16, NULL) ? errno : 0));
	u[0] = 1000; u[1] = 0xffffffffu;                  /* setrlimit (75): 0xffffffff is infinity */
	r = syscall(75, RLIMIT_CORE, u);
	syscall(SYS_prlimit64, 0, RLIMIT_CORE, NULL, p);
	say("mm: setrlimit (75) CORE 1000/0xffffffff: %ld, then %s / %s", r, lim(p[0]), lim(p[1]));
	n[0] = 0; n[1] = RLIM_INFINITY;
	syscall(SYS_prlimit64, 0, RLIMIT_CORE, n, NULL);
}

static void inherit_child(void *arg __attribute__((unused)))
{
	struct rlimit r;

	getrlimit(RLIMIT_FSIZE, &r);
	_exit(r.rlim_cur == 123456 ? 0 : 1);
}

static void write_past(void *arg __attribute__((unused)))
{
	int fd = open("/rl-child", O_CREAT | O_TRUNC | O_WRONLY, 0644);
	struct rlimit r = { 100, RLIM_INFINITY };

	setrlimit(RLIMIT_FSIZE, &r);
	write(fd, "x", 1);
	lseek(fd, 200, SEEK_SET);
	write(fd, "x", 1);                               /* SIGXFSZ: its default action kills */
	_exit(0);
}

static void fsize(void)
{
	struct rlimit r = { 10000, RLIM_INFINITY }, keep;
	static char buf[20000];
	int fd = open("/rl-fsize", O_CREAT | O_TRUNC | O_RDWR, 0644);
	ssize_t n;

	getrlimit(RLIMIT_FSIZE, &keep);
	signal(SIGXFSZ, SIG_IGN);
	setrlimit(RLIMIT_FSIZE, &r);
	n = write(fd, buf, sizeof(buf));
	say("mm: write of 20000 bytes under a 10000-byte RLIMIT_FSIZE: %ld", (long)n);
	errno = 0;
	n = write(fd, buf, 1);
	say("mm: write at the limit: %ld %s", (long)n, err(errno));
	errno = 0;
	say("mm: ftruncate past the limit: %s", err(ftruncate(fd, 20000) ? errno : 0));
	say("mm: ftruncate below it: %s", err(ftruncate(fd, 5000) ? errno : 0));
	signal(SIGXFSZ, SIG_DFL);
	r.rlim_cur = 123456;
	setrlimit(RLIMIT_FSIZE, &r);
	say("mm: a child inherits the limit: %s", yes(fate(inherit_child, NULL) == 0));
	setrlimit(RLIMIT_FSIZE, &keep);
	say("mm: writing past it with SIGXFSZ's default action: killed by signal %d", fate(write_past, NULL));
	close(fd);
	unlink("/rl-fsize");
	unlink("/rl-child");
}

static void nofile(void)
{
	struct rlimit r = { 5, 4096 }, keep;
	int a, b, c;

	getrlimit(RLIMIT_NOFILE, &keep);
	r.rlim_max = keep.rlim_max;
	setrlimit(RLIMIT_NOFILE, &r);
	a = open("/", O_RDONLY);
	b = open("/", O_RDONLY);
	errno = 0;
	c = open("/", O_RDONLY);
	say("mm: RLIMIT_NOFILE 5: opens give %d %d, then %d %s", a, b, c, err(errno));
	errno = 0;
	say("mm: dup2 to descriptor 7: %s", err(dup2(0, 7) < 0 ? errno : 0));
	errno = 0;
	say("mm: F_DUPFD from 6: %s", err(fcntl(0, F_DUPFD, 6) < 0 ? errno : 0));
	errno = 0;
	say("mm: dup when all five are used: %s", err(dup(0) < 0 ? errno : 0));
	close(a);
	close(b);
	setrlimit(RLIMIT_NOFILE, &keep);
}

static void as_and_data(void)
{
	struct rlimit r, keep;
	void *p, *q;
	void *brk0 = sbrk(0);

	getrlimit(RLIMIT_AS, &keep);
	r.rlim_cur = proc_field("/proc/self/status", "VmSize") * 1024 + (1 << 20);
	r.rlim_max = keep.rlim_max;
	setrlimit(RLIMIT_AS, &r);
	errno = 0;
	p = mmap(NULL, 4 << 20, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	say("mm: RLIMIT_AS 1 MiB above VmSize: mmap of 4 MiB: %s", err(p == MAP_FAILED ? errno : 0));
	q = mmap(NULL, 512 << 10, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	say("mm: mmap of 512 KiB: %s", yes(q != MAP_FAILED));
	say("mm: brk up 4 MiB: %s", yes(syscall(SYS_brk, (char *)brk0 + (4 << 20)) == (long)brk0 + (4 << 20)));
	if (q != MAP_FAILED)
		munmap(q, 512 << 10);
	setrlimit(RLIMIT_AS, &keep);

	getrlimit(RLIMIT_DATA, &keep);
	r.rlim_cur = 1;
	r.rlim_max = keep.rlim_max;
	setrlimit(RLIMIT_DATA, &r);
	errno = 0;
	p = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	say("mm: RLIMIT_DATA 1 byte: private writable mmap: %s", err(p == MAP_FAILED ? errno : 0));
	p = mmap(NULL, 4096, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	say("mm: read-only private mmap: %s", yes(p != MAP_FAILED));
	q = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	say("mm: shared writable mmap: %s", yes(q != MAP_FAILED));
	say("mm: brk up a page: %s", yes(syscall(SYS_brk, (char *)brk0 + 4096) == (long)brk0 + 4096));
	setrlimit(RLIMIT_DATA, &keep);
	say("mm: brk up a page after: %s", yes(syscall(SYS_brk, (char *)brk0 + 4096) == (long)brk0 + 4096));
	syscall(SYS_brk, brk0);
}

static int depth(int n)
{
	volatile char pad[1024];

	pad[0] = (char)n;
	return n ? depth(n - 1) + pad[0] : 0;
}

static void recurse(void *arg)
{
	struct rlimit r = { *(unsigned long *)arg, RLIM_INFINITY };

	setrlimit(RLIMIT_STACK, &r);
	depth(512);                                      /* half a MiB of stack */
	_exit(0);
}

static void stack(void)
{
	unsigned long small = 128 << 10, big = 4 << 20;

	say("mm: 512 KiB of stack under a 128 KiB RLIMIT_STACK: killed by signal %d", fate(recurse, &small));
	say("mm: the same under 4 MiB: killed by signal %d", fate(recurse, &big));
}

int main(int argc, char **argv)
{
	static const struct check_case cases[] = {
		{ "defaults", defaults }, { "syscalls", syscalls }, { "fsize", fsize },
		{ "nofile", nofile }, { "as", as_and_data }, { "stack", stack },
	};
	return run_cases(cases, sizeof(cases) / sizeof(cases[0]), argc, argv);
}
