/*
 * Setting the clock, as Linux 6.1 answers it: clock_settime (both system calls) and
 * settimeofday for root and for uid 1000, every clock, bad values and bad pointers, and that
 * CLOCK_MONOTONIC does not jump when the wall clock is set. Run as init (uid 0).
 */
#define _GNU_SOURCE
#include "check.h"
#include <sys/syscall.h>
#include <sys/time.h>

static const char *err(long r)
{
	return r == 0 ? "ok" : strerror(errno);
}

static long set64(long clock, long long sec, long long nsec)
{
	long long ts[2] = { sec, nsec };

	return syscall(SYS_clock_settime64, clock, ts);
}

static long set32(long clock, int sec, int nsec)
{
	int ts[2] = { sec, nsec };

	return syscall(SYS_clock_settime32, clock, ts);
}

static long settod(const int *tv, const int *tz)
{
	return syscall(SYS_settimeofday_time32, tv, tz);
}

static void checks(const char *who)
{
	int tv[2] = { 1700000000, 0 }, badtv[2] = { 1700000000, 1000000 }, tz[2] = { 0, 0 }, badtz[2] = { 1000, 0 };

	say("mm: %s: clock_settime64(REALTIME, 1.9e9 s): %s", who, err(set64(CLOCK_REALTIME, 1900000000, 0)));
	say("mm: %s: clock_settime(REALTIME, 1.8e9 s): %s", who, err(set32(CLOCK_REALTIME, 1800000000, 0)));
	say("mm: %s: a nanosecond field of 2e9: %s; a negative second: %s", who,
	    err(set64(CLOCK_REALTIME, 1900000000, 2000000000)), err(set64(CLOCK_REALTIME, -5, 0)));
	say("mm: %s: CLOCK_MONOTONIC: %s; CLOCK_PROCESS_CPUTIME_ID: %s; clock 100: %s", who,
	    err(set64(CLOCK_MONOTONIC, 5, 0)), err(set64(CLOCK_PROCESS_CPUTIME_ID, 5, 0)), err(set64(100, 5, 0)));
	say("mm: %s: a NULL time: %s", who, err(syscall(SYS_clock_settime64, CLOCK_REALTIME, NULL)));
	say("mm: %s: settimeofday: %s; with a time zone: %s; NULL, NULL: %s", who, err(settod(tv, NULL)),
	    err(settod(tv, tz)), err(settod(NULL, NULL)));
	say("mm: %s: settimeofday with 1e6 microseconds: %s; with a zone 1000 minutes west: %s", who,
	    err(settod(badtv, NULL)), err(settod(tv, badtz)));
	say("mm: %s: settimeofday from a bad pointer: %s", who, err(settod((int *)16, NULL)));
}

static void clocks(void)
{
	struct timespec mono0, mono1, real;
	int status;

	clock_gettime(CLOCK_MONOTONIC, &mono0);
	checks("root");
	set64(CLOCK_REALTIME, 2000000000, 0);
	clock_gettime(CLOCK_REALTIME, &real);
	clock_gettime(CLOCK_MONOTONIC, &mono1);
	say("mm: the wall clock now reads the time set: %s", yes(real.tv_sec >= 2000000000 && real.tv_sec < 2000000005));
	say("mm: gettimeofday agrees: %s", yes(time(NULL) >= 2000000000 && time(NULL) < 2000000005));
	say("mm: CLOCK_MONOTONIC did not jump: %s", yes(mono1.tv_sec - mono0.tv_sec < 60));
	if (fork() == 0) {
		setresgid(1000, 1000, 1000);
		setresuid(1000, 1000, 1000);
		checks("uid 1000");
		_exit(0);
	}
	wait(&status);
}

int main(int argc, char **argv)
{
	static const struct check_case cases[] = { { "clocks", clocks } };

	return run_cases(cases, 1, argc, argv);
}
