/*
 * Timers and waiting for signals, checked against Linux like mmtest.c
 * (scripts/linux-reference.sh): alarm, setitimer and getitimer (ITIMER_REAL), pause and
 * sigsuspend with its temporary mask. Times are checked as ranges, never printed.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <signal.h>
#include <string.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include "check.h"

static volatile int alarms, usr1s, code;

static void on_alarm(int sig, siginfo_t *si, void *ctx)
{
	(void)sig, (void)ctx;
	alarms++;
	code = si->si_code;
}

static void on_usr1(int sig)
{
	(void)sig;
	usr1s++;
}

static double now(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return t.tv_sec + t.tv_nsec / 1e9;
}

static int blocked(int sig)
{
	sigset_t s;

	sigprocmask(SIG_BLOCK, NULL, &s);
	return sigismember(&s, sig);
}

static void test_alarm(void)
{
	say("mm: alarm with none set: %u", alarm(0));
	alarm(5);
	say("mm: alarm: the previous one's seconds left: %u", alarm(0));
	say("mm: alarm(0) cancelled it: %u", alarm(0));
	/* far in the future: 68 years of ticks do not fit in 32 bits */
	alarm(2147483647u);
	say("mm: alarm(INT_MAX), then alarm(0): %u", alarm(0));
	alarm(4000000000u);
	say("mm: alarm(4000000000) is clamped to INT_MAX: %u", alarm(0));
	{
		struct itimerval it = { { 0, 0 }, { 1000000000, 0 } }, old;
		say("mm: setitimer 10^9 s: %s", setitimer(ITIMER_REAL, &it, NULL) ? strerror(errno) : "ok");
		getitimer(ITIMER_REAL, &old);
		say("mm: getitimer: more than 999999990 s left: %s", yes(old.it_value.tv_sec > 999999990));
		alarm(0);
	}
}

/* pause until SIGALRM */
static void test_pause(void)
{
	double t0, dt;
	int r;

	t0 = now();
	alarm(1);
	r = pause();
	dt = now() - t0;
	say("mm: pause: %d (%s), handler ran %d time(s)", r, errno == EINTR ? "EINTR" : "other", alarms);
	say("mm: pause: woke after about a second: %s", yes(dt >= 0.9 && dt < 1.6));
	say("mm: SIGALRM's si_code is SI_KERNEL: %s", yes(code == SI_KERNEL));
}

/* a periodic timer: 5 ticks of 50 ms, waited for with sigsuspend; getitimer; disarming */
static void test_periodic(void)
{
	struct itimerval it, old;
	sigset_t set, empty;
	double t0, dt;

	sigemptyset(&set);
	sigaddset(&set, SIGALRM);
	sigprocmask(SIG_BLOCK, &set, NULL);
	sigemptyset(&empty);
	alarms = 0;
	memset(&it, 0, sizeof(it));
	it.it_value.tv_usec = 50000;
	it.it_interval.tv_usec = 50000;
	t0 = now();
	say("mm: setitimer 50 ms periodic: %s", yes(setitimer(ITIMER_REAL, &it, NULL) == 0));
	while (alarms < 5)
		sigsuspend(&empty);
	dt = now() - t0;
	say("mm: five SIGALRMs in 200 to 600 ms: %s", yes(dt >= 0.2 && dt < 0.6));
	say("mm: sigsuspend: SIGALRM is blocked again afterwards: %s", yes(blocked(SIGALRM)));
	getitimer(ITIMER_REAL, &old);
	say("mm: getitimer: the interval: %ld.%06ld", (long)old.it_interval.tv_sec, (long)old.it_interval.tv_usec);
	memset(&it, 0, sizeof(it));
	setitimer(ITIMER_REAL, &it, &old);
	say("mm: setitimer to zero returns the old interval: %ld", (long)old.it_interval.tv_usec);
	getitimer(ITIMER_REAL, &old);
	say("mm: getitimer after disarming: %ld %ld", (long)old.it_value.tv_sec, (long)old.it_value.tv_usec);
	sigprocmask(SIG_UNBLOCK, &set, NULL);
}

/* a long timer reads back what is left; bad arguments */
static void test_long_timer(void)
{
	struct itimerval it, old;

	memset(&it, 0, sizeof(it));
	it.it_value.tv_sec = 10;
	setitimer(ITIMER_REAL, &it, NULL);
	getitimer(ITIMER_REAL, &old);
	say("mm: getitimer: 9 to 10 s left of 10: %s", yes(old.it_value.tv_sec == 9 || (old.it_value.tv_sec == 10 && !old.it_value.tv_usec)));
	say("mm: alarm(0) after setitimer 10 s: %u", alarm(0));
	errno = 0;
	say("mm: setitimer with a bad which: %s", setitimer(7, &it, NULL) == -1 && errno == EINVAL ? "EINVAL" : "other");
	it.it_value.tv_usec = 1000000;
	errno = 0;
	say("mm: setitimer with 1000000 microseconds: %s", setitimer(ITIMER_REAL, &it, NULL) == -1 && errno == EINVAL ? "EINVAL" : "other");
}

/* sigsuspend lets a blocked, pending signal in, then blocks it again */
static void test_sigsuspend(void)
{
	sigset_t set, empty;
	int r;

	sigemptyset(&empty);
	sigemptyset(&set);
	sigaddset(&set, SIGUSR1);
	sigprocmask(SIG_BLOCK, &set, NULL);
	raise(SIGUSR1);
	say("mm: SIGUSR1 blocked and pending, handler not run: %s", yes(usr1s == 0));
	r = sigsuspend(&empty);
	say("mm: sigsuspend: %d (%s), handler ran: %s", r, errno == EINTR ? "EINTR" : "other", yes(usr1s == 1));
	say("mm: sigsuspend: SIGUSR1 blocked again: %s", yes(blocked(SIGUSR1)));
}

/* a child does not inherit the timer; an alarm with no handler ends a process */
static void test_child(void)
{
	int r, status;

	alarm(10);
	if (fork() == 0) {
		say("mm: child: alarm(0) finds no inherited alarm: %u", alarm(0));
		signal(SIGALRM, SIG_DFL);
		alarm(1);
		pause();
		_exit(0);
	}
	wait(&status);
	say("mm: child with an alarm and no handler: killed by signal %d", WIFSIGNALED(status) ? WTERMSIG(status) : 0);
	r = (int)alarm(0);
	say("mm: my own alarm is still set: %s", yes(r == 9 || r == 10));
}

static const struct check_case tests[] = {
	{ "alarm", test_alarm }, { "pause", test_pause }, { "periodic", test_periodic },
	{ "long_timer", test_long_timer }, { "sigsuspend", test_sigsuspend }, { "child", test_child },
};

int main(int argc, char **argv)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_sigaction = on_alarm;
	sa.sa_flags = SA_SIGINFO;
	sigaction(SIGALRM, &sa, NULL);
	signal(SIGUSR1, on_usr1);
	return run_cases(tests, sizeof(tests) / sizeof(tests[0]), argc, argv);
}
