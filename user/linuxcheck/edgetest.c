/*
 * Edge cases a third-party Linux test suite found wrong, checked against Linux like mmtest.c
 * (scripts/linux-reference.sh): nanosleep interrupted by a handled signal, mremap to a place of
 * the caller's choice, and the errors of mmap, getcwd and gettimeofday with bad arguments.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <signal.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>
#include "check.h"

#define PG 4096

static const char *err(long r)
{
	if (r != -1)
		return "ok";
	switch (errno) {
	case EINTR: return "EINTR";
	case EINVAL: return "EINVAL";
	case EBADF: return "EBADF";
	case EFAULT: return "EFAULT";
	case ERANGE: return "ERANGE";
	case ENOMEM: return "ENOMEM";
	default: return "other";
	}
}

static void on_alarm(int sig) { (void)sig; }

static void test_nanosleep(void)
{
	struct sigaction sa;
	struct timespec req = { 2, 0 }, rem = { 0, 0 };
	long r;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_alarm;                 /* no SA_RESTART */
	sigaction(SIGALRM, &sa, NULL);
	ualarm(100000, 0);
	r = nanosleep(&req, &rem);
	say("mm: nanosleep interrupted by a handled signal: %s", err(r));
	say("mm: ... time left between 1 and 2 s: %s", yes(rem.tv_sec == 1 && rem.tv_nsec > 0));
}

static void test_mremap(void)
{
	char *p = mmap(NULL, 2 * PG, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	char *target = mmap(NULL, 4 * PG, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	char *q;

	p[0] = 'a';
	p[PG] = 'b';
	target[0] = 'x';
	q = mremap(p, 2 * PG, 3 * PG, MREMAP_MAYMOVE | MREMAP_FIXED, target + PG);
	say("mm: mremap MAYMOVE|FIXED: %s, at the address asked %s", q == MAP_FAILED ? err(-1) : "ok", yes(q == target + PG));
	say("mm: ... the data moved: %c%c, the new page zero %s", q[0], q[PG], yes(q[2 * PG] == 0));
	say("mm: ... what was below stays: %c", target[0]);
	say("mm: mremap FIXED without MAYMOVE: %s", err(mremap(q, PG, PG, MREMAP_FIXED, target) == MAP_FAILED ? -1 : 0));
	say("mm: mremap FIXED onto itself: %s", err(mremap(q, PG, PG, MREMAP_MAYMOVE | MREMAP_FIXED, q) == MAP_FAILED ? -1 : 0));
	say("mm: mremap FIXED unaligned: %s", err(mremap(q, PG, PG, MREMAP_MAYMOVE | MREMAP_FIXED, target + 10) == MAP_FAILED ? -1 : 0));
	munmap(target, 4 * PG);
}

static void test_errors(void)
{
	char buf[8];
	struct timeval tv;

	say("mm: mmap of a bad descriptor: %s", err(mmap(NULL, PG, PROT_READ, MAP_PRIVATE, 99, 0) == MAP_FAILED ? -1 : 0));
	say("mm: getcwd into a bad buffer: %s", err(syscall(SYS_getcwd, (void *)16, 100)));
	say("mm: getcwd into 1 byte: %s", err(syscall(SYS_getcwd, buf, 1)));
	say("mm: getcwd of size 0: %s", err(syscall(SYS_getcwd, buf, 0)));
	say("mm: gettimeofday with a bad time zone: %s", err(syscall(SYS_gettimeofday_time32, &tv, (void *)16)));
	say("mm: gettimeofday with a bad time: %s", err(syscall(SYS_gettimeofday_time32, (void *)16, NULL)));
}

static const struct check_case tests[] = {
	{ "nanosleep", test_nanosleep }, { "mremap", test_mremap }, { "errors", test_errors },
};

int main(int argc, char **argv)
{
	return run_cases(tests, sizeof(tests) / sizeof(tests[0]), argc, argv);
}
