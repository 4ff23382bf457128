/*
 * futex(2) itself, checked against Linux like mmtest.c (scripts/linux-reference.sh): the wrong
 * value, timeouts, bad arguments, how many each wake wakes (nr 0 wakes one), requeue counts,
 * WAKE_OP, bitsets, a wait that a signal interrupts or, with SA_RESTART, does not, and a futex
 * in shared memory between two processes and between two mappings of one file.
 */
#define _GNU_SOURCE
#include <pthread.h>
#include <signal.h>
#include <stdint.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <time.h>
#include "check.h"

/* Linux's futex(2) numbers (linux/futex.h, which musl's headers do not carry). */
#define FUTEX_WAIT 0
#define FUTEX_WAKE 1
#define FUTEX_REQUEUE 3
#define FUTEX_CMP_REQUEUE 4
#define FUTEX_WAKE_OP 5
#define FUTEX_WAIT_BITSET 9
#define FUTEX_WAKE_BITSET 10
#define FUTEX_PRIVATE_FLAG 128
#define FUTEX_CLOCK_REALTIME 256
#define FUTEX_WAIT_PRIVATE (FUTEX_WAIT | FUTEX_PRIVATE_FLAG)
#define FUTEX_WAKE_PRIVATE (FUTEX_WAKE | FUTEX_PRIVATE_FLAG)
#define FUTEX_REQUEUE_PRIVATE (FUTEX_REQUEUE | FUTEX_PRIVATE_FLAG)
#define FUTEX_CMP_REQUEUE_PRIVATE (FUTEX_CMP_REQUEUE | FUTEX_PRIVATE_FLAG)
#define FUTEX_WAKE_OP_PRIVATE (FUTEX_WAKE_OP | FUTEX_PRIVATE_FLAG)
#define FUTEX_WAIT_BITSET_PRIVATE (FUTEX_WAIT_BITSET | FUTEX_PRIVATE_FLAG)
#define FUTEX_WAKE_BITSET_PRIVATE (FUTEX_WAKE_BITSET | FUTEX_PRIVATE_FLAG)
#define FUTEX_BITSET_MATCH_ANY 0xffffffff
#define FUTEX_OP_SET 0
#define FUTEX_OP_ADD 1
#define FUTEX_OP_OPARG_SHIFT 8
#define FUTEX_OP_CMP_EQ 0
#define FUTEX_OP_CMP_GT 4
#define FUTEX_OP(op, oparg, cmp, cmparg) \
	(int)((((unsigned)(op) & 0xf) << 28) | (((cmp) & 0xf) << 24) | (((oparg) & 0xfff) << 12) | ((cmparg) & 0xfff))

/* futex (240) takes Linux's 32-bit struct timespec on i386, whatever the libc's time_t is. */
struct ts32 {
	int32_t tv_sec, tv_nsec;
};

static long futex(volatile int *uaddr, int op, int val, const struct ts32 *ts, volatile int *uaddr2, int val3)
{
	return syscall(SYS_futex, uaddr, op, val, ts, uaddr2, val3);
}

/* A count or an errno name. */
static const char *res(long r)
{
	static char buf[4][24];
	static int k;
	char *b = buf[k++ % 4];

	if (r >= 0) {
		snprintf(b, 24, "%ld", r);
		return b;
	}
	switch (errno) {
	case EAGAIN: return "EAGAIN";
	case ETIMEDOUT: return "ETIMEDOUT";
	case EINVAL: return "EINVAL";
	case EFAULT: return "EFAULT";
	case EINTR: return "EINTR";
	case ENOSYS: return "ENOSYS";
	case ESRCH: return "ESRCH";
	default: return "other";
	}
}

static volatile int word, word2;

static void test_args(void)
{
	struct ts32 short_wait = { 0, 20000000 }, bad = { 0, 1000000000 }, past = { 0, 0 };
	int *aligned = (int *)&word;

	word = 1;
	say("mm: FUTEX_WAIT on the wrong value: %s", res(futex(&word, FUTEX_WAIT_PRIVATE, 2, NULL, NULL, 0)));
	say("mm: FUTEX_WAIT, 20 ms, nobody wakes: %s", res(futex(&word, FUTEX_WAIT_PRIVATE, 1, &short_wait, NULL, 0)));
	say("mm: FUTEX_WAIT with tv_nsec 1e9: %s", res(futex(&word, FUTEX_WAIT_PRIVATE, 1, &bad, NULL, 0)));
	say("mm: FUTEX_WAIT_BITSET, absolute time 0 (past): %s",
	    res(futex(&word, FUTEX_WAIT_BITSET_PRIVATE, 1, &past, NULL, FUTEX_BITSET_MATCH_ANY)));
	say("mm: ... with FUTEX_CLOCK_REALTIME: %s",
	    res(futex(&word, FUTEX_WAIT_BITSET_PRIVATE | FUTEX_CLOCK_REALTIME, 1, &past, NULL, FUTEX_BITSET_MATCH_ANY)));
	say("mm: FUTEX_WAIT_BITSET with bitset 0: %s", res(futex(&word, FUTEX_WAIT_BITSET_PRIVATE, 1, NULL, NULL, 0)));
	say("mm: FUTEX_WAKE_BITSET with bitset 0: %s", res(futex(&word, FUTEX_WAKE_BITSET_PRIVATE, 1, NULL, NULL, 0)));
	say("mm: FUTEX_WAKE with CLOCK_REALTIME: %s", res(futex(&word, FUTEX_WAKE | FUTEX_CLOCK_REALTIME, 1, NULL, NULL, 0)));
	say("mm: FUTEX_WAIT at an unaligned address: %s",
	    res(futex((volatile int *)((char *)aligned + 1), FUTEX_WAIT_PRIVATE, 1, NULL, NULL, 0)));
	say("mm: FUTEX_WAIT at NULL: %s", res(futex(NULL, FUTEX_WAIT_PRIVATE, 0, NULL, NULL, 0)));
	say("mm: FUTEX_WAIT at a kernel address: %s", res(futex((volatile int *)0xc0001000, FUTEX_WAIT, 0, NULL, NULL, 0)));
	say("mm: FUTEX_WAKE with nobody waiting: %s", res(futex(&word, FUTEX_WAKE_PRIVATE, 1, NULL, NULL, 0)));
	say("mm: shared FUTEX_WAKE on an unmapped page: %s", res(futex((volatile int *)0x1000, FUTEX_WAKE, 1, NULL, NULL, 0)));
	say("mm: an unknown command: %s", res(futex(&word, 99, 1, NULL, NULL, 0)));
}

/* ---------------------------------------------------------------- waiters */

struct waiter {
	volatile int *addr;
	int op;
	unsigned bitset;
	long result;
	int err;
	volatile int started;
};

static void *wait_thread(void *arg)
{
	struct waiter *w = arg;

	w->started = 1;
	w->result = futex(w->addr, w->op, *w->addr, NULL, NULL, (int)w->bitset);
	w->err = errno;
	return NULL;
}

static void start_waiters(struct waiter *w, pthread_t *t, int n, volatile int *addr, int op, unsigned bitset)
{
	for (int i = 0; i < n; i++) {
		w[i] = (struct waiter){ addr, op, bitset, -2, 0, 0 };
		pthread_create(&t[i], NULL, wait_thread, &w[i]);
	}
	for (int i = 0; i < n; i++)
		while (!w[i].started)
			pause_ms(1);
	pause_ms(20);                                   /* in the kernel, waiting */
}

static int finished(struct waiter *w, int n)
{
	int k = 0;

	for (int i = 0; i < n; i++)
		k += w[i].result == 0;
	return k;
}

static void join_all(pthread_t *t, int n)
{
	for (int i = 0; i < n; i++)
		pthread_join(t[i], NULL);
}

static void test_wake(void)
{
	struct waiter w[5];
	pthread_t t[5];

	word = 0;
	start_waiters(w, t, 3, &word, FUTEX_WAIT_PRIVATE, 0);
	say("mm: 3 waiters, FUTEX_WAKE 2: %s", res(futex(&word, FUTEX_WAKE_PRIVATE, 2, NULL, NULL, 0)));
	pause_ms(10);
	say("mm: ... 2 returned 0: %d", finished(w, 3));
	say("mm: FUTEX_WAKE 0 with one waiting: %s", res(futex(&word, FUTEX_WAKE_PRIVATE, 0, NULL, NULL, 0)));
	join_all(t, 3);
	start_waiters(w, t, 2, &word, FUTEX_WAIT_PRIVATE, 0);
	say("mm: a shared wake of private waiters (anonymous memory): %s", res(futex(&word, FUTEX_WAKE, 5, NULL, NULL, 0)));
	say("mm: ... a private wake: %s", res(futex(&word, FUTEX_WAKE_PRIVATE, 5, NULL, NULL, 0)));
	join_all(t, 2);
	start_waiters(w, t, 1, &word, FUTEX_WAIT, 0);
	say("mm: a private wake of a shared waiter: %s", res(futex(&word, FUTEX_WAKE_PRIVATE, 5, NULL, NULL, 0)));
	say("mm: ... a shared wake: %s", res(futex(&word, FUTEX_WAKE, 5, NULL, NULL, 0)));
	join_all(t, 1);
	start_waiters(w, t, 1, &word, FUTEX_WAIT_BITSET_PRIVATE, 1);
	start_waiters(w + 1, t + 1, 1, &word, FUTEX_WAIT_BITSET_PRIVATE, 2);
	say("mm: FUTEX_WAKE_BITSET 2 of waiters with bitsets 1 and 2: %s",
	    res(futex(&word, FUTEX_WAKE_BITSET_PRIVATE, 5, NULL, NULL, 2)));
	pause_ms(10);
	say("mm: ... the one with bitset 2 returned: %s", yes(w[1].result == 0 && w[0].result == -2));
	say("mm: FUTEX_WAKE (all bits) wakes the other: %s", res(futex(&word, FUTEX_WAKE_PRIVATE, 5, NULL, NULL, 0)));
	join_all(t, 2);
}

static void test_requeue(void)
{
	struct waiter w[4];
	pthread_t t[4];

	word = 0;
	word2 = 0;
	start_waiters(w, t, 4, &word, FUTEX_WAIT_PRIVATE, 0);
	say("mm: FUTEX_CMP_REQUEUE with the wrong value: %s",
	    res(futex(&word, FUTEX_CMP_REQUEUE_PRIVATE, 1, (void *)2, &word2, 5)));
	say("mm: FUTEX_CMP_REQUEUE wake 1, move 2: %s",
	    res(futex(&word, FUTEX_CMP_REQUEUE_PRIVATE, 1, (void *)2, &word2, 0)));
	say("mm: FUTEX_CMP_REQUEUE with nr_wake -1: %s",
	    res(futex(&word, FUTEX_CMP_REQUEUE_PRIVATE, -1, (void *)2, &word2, 0)));
	say("mm: then FUTEX_WAKE on the second word: %s", res(futex(&word2, FUTEX_WAKE_PRIVATE, 10, NULL, NULL, 0)));
	say("mm: and on the first: %s", res(futex(&word, FUTEX_WAKE_PRIVATE, 10, NULL, NULL, 0)));
	join_all(t, 4);
	start_waiters(w, t, 2, &word, FUTEX_WAIT_PRIVATE, 0);
	say("mm: FUTEX_REQUEUE wake 0, move 5: %s", res(futex(&word, FUTEX_REQUEUE_PRIVATE, 0, (void *)5, &word2, 0)));
	say("mm: ... all moved: %s", res(futex(&word2, FUTEX_WAKE_PRIVATE, 10, NULL, NULL, 0)));
	join_all(t, 2);
}

static void test_wake_op(void)
{
	struct waiter w[2];
	pthread_t t[2];

	word = 0;
	word2 = 3;
	start_waiters(w, t, 1, &word, FUTEX_WAIT_PRIVATE, 0);
	start_waiters(w + 1, t + 1, 1, &word2, FUTEX_WAIT_PRIVATE, 0);
	/* word2 += 1; wake 1 on word; if the old word2 == 3, wake 1 on word2 */
	say("mm: FUTEX_WAKE_OP ADD 1, if old == 3: %s",
	    res(futex(&word, FUTEX_WAKE_OP_PRIVATE, 1, (void *)1, &word2, FUTEX_OP(FUTEX_OP_ADD, 1, FUTEX_OP_CMP_EQ, 3))));
	say("mm: ... the second word is now: %d", word2);
	join_all(t, 2);
	say("mm: FUTEX_WAKE_OP SET with OPARG_SHIFT 4, if old > 100 (no waiters): %s",
	    res(futex(&word, FUTEX_WAKE_OP_PRIVATE, 1, (void *)1, &word2,
		      FUTEX_OP(FUTEX_OP_SET | FUTEX_OP_OPARG_SHIFT, 4, FUTEX_OP_CMP_GT, 100))));
	say("mm: ... the second word is now: %d", word2);
	say("mm: FUTEX_WAKE_OP with an unknown op: %s",
	    res(futex(&word, FUTEX_WAKE_OP_PRIVATE, 1, (void *)1, &word2, (int)(7u << 28))));
	say("mm: FUTEX_WAKE_OP on a read-only page: %s",
	    res(futex(&word, FUTEX_WAKE_OP_PRIVATE, 1, (void *)1, (volatile int *)(void *)res, 0)));
}

/* ---------------------------------------------------------------- signals */

static volatile int got_signal;

static void on_usr1(int sig)
{
	(void)sig;
	got_signal++;
}

static void test_signal(void)
{
	struct sigaction sa;
	struct waiter w;
	pthread_t t;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_usr1;
	sigaction(SIGUSR1, &sa, NULL);
	word = 0;
	start_waiters(&w, &t, 1, &word, FUTEX_WAIT_PRIVATE, 0);
	pthread_kill(t, SIGUSR1);
	pthread_join(t, NULL);
	say("mm: a handler without SA_RESTART interrupts a wait: %s", w.result == -1 && w.err == EINTR ? "EINTR" : "other");
	sa.sa_flags = SA_RESTART;
	sigaction(SIGUSR1, &sa, NULL);
	start_waiters(&w, &t, 1, &word, FUTEX_WAIT_PRIVATE, 0);
	pthread_kill(t, SIGUSR1);
	pause_ms(20);
	say("mm: with SA_RESTART the wait goes on after the handler: %s", yes(w.result == -2 && got_signal == 2));
	say("mm: ... until woken: %s", res(futex(&word, FUTEX_WAKE_PRIVATE, 1, NULL, NULL, 0)));
	pthread_join(t, NULL);
	say("mm: ... and then returns: %ld", w.result);
}

/* ---------------------------------------------------------------- shared memory */

static void test_shared(void)
{
	volatile int *shm = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	int status;
	pid_t pid;

	shm[0] = 0;
	shm[1] = 0;
	pid = fork();
	if (pid == 0) {
		shm[1] = 1;
		_exit(futex(&shm[0], FUTEX_WAIT, 0, NULL, NULL, 0) == 0 ? 0 : 1);
	}
	while (!shm[1])
		pause_ms(1);
	pause_ms(20);
	say("mm: MAP_SHARED between processes: a private wake finds nobody: %s",
	    res(futex(&shm[0], FUTEX_WAKE_PRIVATE, 1, NULL, NULL, 0)));
	say("mm: ... a shared wake wakes the other process: %s", res(futex(&shm[0], FUTEX_WAKE, 1, NULL, NULL, 0)));
	waitpid(pid, &status, 0);
	say("mm: ... whose wait returned 0: %s", yes(WIFEXITED(status) && WEXITSTATUS(status) == 0));
	munmap((void *)shm, 4096);
}

static void test_file(void)
{
	volatile int *a, *b;
	struct waiter w;
	pthread_t t;
	int fd;

	mkdir("/tmp", 01777);
	fd = open("/tmp/futex-file", O_RDWR | O_CREAT | O_TRUNC, 0600);
	ftruncate(fd, 4096);
	a = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	b = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	say("mm: two mappings of one file at different addresses: %s", yes(a != b && a != MAP_FAILED && b != MAP_FAILED));
	a[5] = 0;
	start_waiters(&w, &t, 1, &a[5], FUTEX_WAIT, 0);
	say("mm: a private wake through the other mapping: %s", res(futex(&b[5], FUTEX_WAKE_PRIVATE, 1, NULL, NULL, 0)));
	say("mm: a private wake through the same mapping: %s", res(futex(&a[5], FUTEX_WAKE_PRIVATE, 1, NULL, NULL, 0)));
	say("mm: a shared wake through the other mapping: %s", res(futex(&b[5], FUTEX_WAKE, 1, NULL, NULL, 0)));
	pthread_join(t, NULL);
	munmap((void *)a, 4096);
	munmap((void *)b, 4096);
	close(fd);
	unlink("/tmp/futex-file");
}

static void test_robust(void)
{
	long head = 0;
	size_t len = 0;

	say("mm: set_robust_list with the wrong size: %s", res(syscall(SYS_set_robust_list, &head, 8)));
	say("mm: get_robust_list of a pid that does not exist: %s", res(syscall(SYS_get_robust_list, 999999, &head, &len)));
	const char *r = res(syscall(SYS_get_robust_list, 0, &head, &len));
	say("mm: get_robust_list of self: %s, len %zu", r, len);
}

static const struct check_case tests[] = {
	{ "args", test_args }, { "wake", test_wake }, { "requeue", test_requeue },
	{ "wake_op", test_wake_op }, { "signal", test_signal }, { "shared", test_shared },
	{ "file", test_file }, { "robust", test_robust },
};

int main(int argc, char **argv)
{
	return run_cases(tests, sizeof(tests) / sizeof(tests[0]), argc, argv);
}
