/*
 * Threads, checked against Linux like mmtest.c (scripts/linux-reference.sh), with musl's
 * pthreads (/linuxcheck) and glibc's (/linuxcheck-glibc): one address space and one pid for
 * several tasks, mutexes, condition variables, semaphores, barriers, thread-local variables,
 * pthread_exit, detached threads, 8 threads touching one mapping, fork and execve from a thread,
 * which thread takes a signal, and how a process with threads ends.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <pthread.h>
#include <semaphore.h>
#include <signal.h>
#include <sys/mman.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <time.h>
#include "check.h"

static pid_t gettid_(void) { return (pid_t)syscall(SYS_gettid); }

/* ---------------------------------------------------------------- one process, several tasks */

static volatile int shared_word;
static pid_t thread_pid, thread_tid;

static void *identify(void *arg)
{
	thread_pid = getpid();
	thread_tid = gettid_();
	shared_word = 1234;
	return (void *)(long)(42 + (arg != NULL));
}

static void *exits_early(void *arg)
{
	(void)arg;
	pthread_exit((void *)7);
	return NULL;
}

static void test_basic(void)
{
	pthread_t t;
	void *ret;

	say("mm: main thread: gettid equals getpid: %s", yes(gettid_() == getpid()));
	pthread_create(&t, NULL, identify, NULL);
	pthread_join(t, &ret);
	say("mm: a thread's getpid is the process's: %s", yes(thread_pid == getpid()));
	say("mm: ... its gettid is its own: %s", yes(thread_tid != getpid() && thread_tid > 0));
	say("mm: a store in the thread is seen by main: %s", yes(shared_word == 1234));
	say("mm: pthread_join returns the thread's value: %ld", (long)ret);
	pthread_create(&t, NULL, exits_early, NULL);
	pthread_join(t, &ret);
	say("mm: pthread_exit's value: %ld", (long)ret);
}

/* ---------------------------------------------------------------- synchronisation */

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t cond = PTHREAD_COND_INITIALIZER;
static long counter;

static void *add_many(void *arg)
{
	(void)arg;
	for (int i = 0; i < 20000; i++) {
		pthread_mutex_lock(&lock);
		counter++;
		pthread_mutex_unlock(&lock);
		if (i % 1000 == 0)
			sched_yield();
	}
	return NULL;
}

#define QUEUE 4
static int queue[QUEUE], q_head, q_len, produced_sum, consumed_sum, consumed;

static void *producer(void *arg)
{
	(void)arg;
	for (int i = 1; i <= 500; i++) {
		pthread_mutex_lock(&lock);
		while (q_len == QUEUE)
			pthread_cond_wait(&cond, &lock);
		queue[(q_head + q_len++) % QUEUE] = i;
		produced_sum += i;
		pthread_cond_broadcast(&cond);
		pthread_mutex_unlock(&lock);
	}
	return NULL;
}

static void *consumer(void *arg)
{
	(void)arg;
	for (int i = 0; i < 500; i++) {
		pthread_mutex_lock(&lock);
		while (q_len == 0)
			pthread_cond_wait(&cond, &lock);
		consumed_sum += queue[q_head];
		q_head = (q_head + 1) % QUEUE;
		q_len--;
		consumed++;
		pthread_cond_broadcast(&cond);
		pthread_mutex_unlock(&lock);
	}
	return NULL;
}

static sem_t items;
static int sem_seen;

static void *sem_waiter(void *arg)
{
	(void)arg;
	for (int i = 0; i < 100; i++) {
		sem_wait(&items);
		__sync_fetch_and_add(&sem_seen, 1);
	}
	return NULL;
}

static pthread_barrier_t barrier;
static int serial_count, after_barrier;

static void *at_barrier(void *arg)
{
	(void)arg;
	if (pthread_barrier_wait(&barrier) == PTHREAD_BARRIER_SERIAL_THREAD)
		__sync_fetch_and_add(&serial_count, 1);
	__sync_fetch_and_add(&after_barrier, 1);
	return NULL;
}

static void *try_lock(void *arg)
{
	(void)arg;
	return (void *)(long)pthread_mutex_trylock(&lock);
}

static void test_sync(void)
{
	pthread_t t[4];
	void *ret;
	int sval = -1;
	struct timespec ts;

	for (int i = 0; i < 4; i++)
		pthread_create(&t[i], NULL, add_many, NULL);
	for (int i = 0; i < 4; i++)
		pthread_join(t[i], NULL);
	say("mm: 4 threads, 20000 locked increments each: %ld", counter);
	pthread_create(&t[0], NULL, producer, NULL);
	pthread_create(&t[1], NULL, consumer, NULL);
	pthread_join(t[0], NULL);
	pthread_join(t[1], NULL);
	say("mm: condition variable queue: %d items, sums agree: %s", consumed, yes(produced_sum == consumed_sum));
	sem_init(&items, 0, 0);
	pthread_create(&t[0], NULL, sem_waiter, NULL);
	pthread_create(&t[1], NULL, sem_waiter, NULL);
	for (int i = 0; i < 200; i++)
		sem_post(&items);
	pthread_join(t[0], NULL);
	pthread_join(t[1], NULL);
	sem_getvalue(&items, &sval);
	say("mm: semaphore: 200 posts taken by 2 threads: %d, value left %d", sem_seen, sval);
	clock_gettime(CLOCK_REALTIME, &ts);
	ts.tv_nsec += 20000000;
	if (ts.tv_nsec >= 1000000000) {
		ts.tv_sec++;
		ts.tv_nsec -= 1000000000;
	}
	say("mm: sem_timedwait on an empty semaphore: %s",
	    sem_timedwait(&items, &ts) == -1 && errno == ETIMEDOUT ? "ETIMEDOUT" : "other");
	pthread_barrier_init(&barrier, NULL, 4);
	for (int i = 0; i < 4; i++)
		pthread_create(&t[i], NULL, at_barrier, NULL);
	for (int i = 0; i < 4; i++)
		pthread_join(t[i], NULL);
	say("mm: barrier of 4: %d passed, %d serial thread", after_barrier, serial_count);
	pthread_mutex_lock(&lock);
	pthread_create(&t[0], NULL, try_lock, NULL);
	pthread_join(t[0], &ret);
	say("mm: trylock of a mutex main holds, from a thread: %s", (long)ret == EBUSY ? "EBUSY" : "other");
	pthread_mutex_unlock(&lock);
}

/* ---------------------------------------------------------------- thread-local storage */

static __thread int tls_value = 5;
static __thread char tls_buf[64];

static void *tls_thread(void *arg)
{
	int before = tls_value;

	tls_value = (int)(long)arg;
	strcpy(tls_buf, "thread");
	pause_ms(10);
	return (void *)(long)(before * 1000 + tls_value + (tls_buf[0] == 't') * 100000);
}

static void test_tls(void)
{
	pthread_t t[3];
	void *ret[3];

	tls_value = 9;
	strcpy(tls_buf, "main");
	for (int i = 0; i < 3; i++)
		pthread_create(&t[i], NULL, tls_thread, (void *)(long)(i + 1));
	for (int i = 0; i < 3; i++)
		pthread_join(t[i], &ret[i]);
	say("mm: a new thread's __thread variable starts at its initial value: %s",
	    yes((long)ret[0] / 1000 % 100 == 5 && (long)ret[2] / 1000 % 100 == 5));
	say("mm: each thread keeps its own: %s",
	    yes((long)ret[0] % 1000 == 1 && (long)ret[1] % 1000 == 2 && (long)ret[2] % 1000 == 3));
	say("mm: main's is untouched: %d %s", tls_value, tls_buf);
}

/* ---------------------------------------------------------------- detached threads */

static volatile int detached_done;

static void *detached(void *arg)
{
	(void)arg;
	__sync_fetch_and_add(&detached_done, 1);
	return NULL;
}

static void test_detached(void)
{
	pthread_attr_t attr;
	pthread_t t;
	int made = 0;

	pthread_attr_init(&attr);
	pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
	for (int i = 0; i < 20; i++)
		made += pthread_create(&t, &attr, detached, NULL) == 0;
	for (int i = 0; i < 500 && detached_done < 20; i++)
		pause_ms(2);
	say("mm: 20 detached threads made: %d, ran: %d", made, detached_done);
}

/* ---------------------------------------------------------------- one mapping, 8 threads */

#define SLICE (256 * 1024)
static unsigned char *area;

static void *fill_slice(void *arg)
{
	long i = (long)arg;

	for (long off = 0; off < SLICE; off += 4096)
		area[i * SLICE + off] = (unsigned char)(i + 1);
	return NULL;
}

static void test_mapping(void)
{
	pthread_t t[8];
	long rss_before, rss_after;
	int ok = 1;

	area = mmap(NULL, 8 * SLICE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	rss_before = proc_field("/proc/self/status", "VmRSS");
	for (long i = 0; i < 8; i++)
		pthread_create(&t[i], NULL, fill_slice, (void *)i);
	for (int i = 0; i < 8; i++)
		pthread_join(t[i], NULL);
	rss_after = proc_field("/proc/self/status", "VmRSS");
	for (long i = 0; i < 8; i++)
		for (long off = 0; off < SLICE; off += 4096)
			ok &= area[i * SLICE + off] == (unsigned char)(i + 1);
	say("mm: 8 threads each fill a slice of one mapping; main sees every byte: %s", yes(ok));
	/* at least the 2 MiB, counted once for the process (not once per thread: 16 MiB) */
	say("mm: RSS grew by the 2 MiB touched, counted once (under 4 MiB): %s",
	    yes(rss_after - rss_before >= 2048 && rss_after - rss_before < 4096));
	munmap(area, 8 * SLICE);
}

/* ---------------------------------------------------------------- /proc */

static volatile int hold;

static void *hold_thread(void *arg)
{
	(void)arg;
	while (!hold)
		pause_ms(1);
	return NULL;
}

static int count_tasks(void)
{
	DIR *d = opendir("/proc/self/task");
	struct dirent *e;
	int n = 0;

	if (!d)
		return -1;
	while ((e = readdir(d)))
		n += e->d_name[0] != '.';
	closedir(d);
	return n;
}

static void test_proc(void)
{
	pthread_t t[2];
	char path[64];
	struct stat st;

	/* threads joined earlier may still be on their way out of the kernel (musl's join returns
	 * before its thread's exit): give them time to be gone */
	pause_ms(20);
	hold = 0;
	for (int i = 0; i < 2; i++)
		pthread_create(&t[i], NULL, hold_thread, NULL);
	say("mm: status Threads: with 3: %ld", proc_field("/proc/self/status", "Threads"));
	say("mm: status Tgid is getpid: %s", yes(proc_field("/proc/self/status", "Tgid") == getpid()));
	say("mm: /proc/self/task entries: %d", count_tasks());
	snprintf(path, sizeof(path), "/proc/self/task/%d/status", getpid());
	say("mm: /proc/self/task/PID/status exists: %s", yes(stat(path, &st) == 0));
	hold = 1;
	for (int i = 0; i < 2; i++)
		pthread_join(t[i], NULL);
	pause_ms(20);
	say("mm: after join, Threads: %ld", proc_field("/proc/self/status", "Threads"));
}

/* ---------------------------------------------------------------- fork and signals */

static void *forker(void *arg)
{
	pid_t pid;

	(void)arg;
	pthread_mutex_lock(&lock);
	pthread_mutex_unlock(&lock);
	pid = fork();
	if (pid == 0) {
		/* the child has one thread, this one: it can take the lock and count its threads */
		pthread_mutex_lock(&lock);
		pthread_mutex_unlock(&lock);
		_exit(count_tasks() == 1 ? 3 : 4);
	}
	return (void *)(long)pid;
}

static void test_fork(void)
{
	pthread_t t;
	void *ret;
	int status = 0;
	pid_t pid;

	pthread_create(&t, NULL, forker, NULL);
	pthread_join(t, &ret);
	pid = (pid_t)(long)ret;
	say("mm: main waits for the child a thread forked: %s", yes(waitpid(pid, &status, 0) == pid));
	say("mm: ... which had one thread and took the lock: %s", status_text(status));
}

static volatile pid_t handled_by;

static void on_usr1(int sig)
{
	(void)sig;
	handled_by = gettid_();
}

static volatile pid_t waiter_tid;

static void *unblocked_waiter(void *arg)
{
	sigset_t set;

	(void)arg;
	sigemptyset(&set);
	sigaddset(&set, SIGUSR1);
	pthread_sigmask(SIG_UNBLOCK, &set, NULL);
	waiter_tid = gettid_();
	while (!handled_by)
		pause_ms(1);
	return NULL;
}

static void *blocked_sleeper(void *arg)
{
	(void)arg;
	while (!hold)
		pause_ms(1);
	return NULL;
}

static void *segfaults(void *arg)
{
	(void)arg;
	pause_ms(5);
	*(volatile int *)0 = 1;
	return NULL;
}

static void *exits_process(void *arg)
{
	(void)arg;
	pause_ms(5);
	exit(5);
}

static void *outlives_main(void *arg)
{
	(void)arg;
	pause_ms(20);
	exit(6);
}

static int in_child(void *(*fn)(void *), int main_exits)
{
	int status;
	pid_t pid = fork();

	if (pid == 0) {
		pthread_t t;
		pthread_create(&t, NULL, fn, NULL);
		if (main_exits)
			pthread_exit(NULL);
		for (;;)
			pause();
	}
	waitpid(pid, &status, 0);
	return status;
}

static void test_signals(void)
{
	struct sigaction sa;
	sigset_t set;
	pthread_t t, s;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_usr1;
	sigaction(SIGUSR1, &sa, NULL);
	sigemptyset(&set);
	sigaddset(&set, SIGUSR1);
	pthread_sigmask(SIG_BLOCK, &set, NULL);      /* main and the threads it makes block it */
	hold = 0;
	handled_by = 0;
	pthread_create(&s, NULL, blocked_sleeper, NULL);
	pthread_create(&t, NULL, unblocked_waiter, NULL);
	while (!waiter_tid)
		pause_ms(1);
	kill(getpid(), SIGUSR1);
	pthread_join(t, NULL);
	say("mm: kill to the process: taken by the one thread not blocking it: %s", yes(handled_by == waiter_tid));
	pthread_sigmask(SIG_UNBLOCK, &set, NULL);
	handled_by = 0;
	pthread_kill(s, SIGUSR1);                    /* blocked there: stays pending for that thread */
	pause_ms(10);
	say("mm: pthread_kill to a thread that blocks it: not taken by main: %s", yes(handled_by == 0));
	hold = 1;
	pthread_join(s, NULL);
	sigemptyset(&set);
	sigpending(&set);
	say("mm: ... and not pending for the process: %s", yes(!sigismember(&set, SIGUSR1)));
	handled_by = 0;
	syscall(SYS_tgkill, getpid(), gettid_(), SIGUSR1);
	say("mm: tgkill to main: handled by main: %s", yes(handled_by == gettid_()));
	say("mm: tgkill with the wrong tgid: %s",
	    syscall(SYS_tgkill, getpid() + 100000, gettid_(), SIGUSR1) == -1 && errno == ESRCH ? "ESRCH" : "other");
	say("mm: a thread's SIGSEGV ends the process: %s", status_text(in_child(segfaults, 0)));
	say("mm: a thread's exit() ends the process: %s", status_text(in_child(exits_process, 0)));
	say("mm: main's pthread_exit; the other thread goes on: %s", status_text(in_child(outlives_main, 1)));
}

/* ---------------------------------------------------------------- execve from a thread */

static const char *self_path;
static pid_t exec_pid;

static void *execs(void *arg)
{
	char pidtext[16];
	char *argv[] = { (char *)self_path, "execd", pidtext, NULL };

	(void)arg;
	snprintf(pidtext, sizeof(pidtext), "%d", exec_pid);
	execv(self_path, argv);
	_exit(99);
}

static void *sleeps_forever(void *arg)
{
	(void)arg;
	while (!hold)
		pause();
	return NULL;
}

static void test_exec(void)
{
	int status;
	pid_t pid = fork();

	if (pid == 0) {
		pthread_t t;
		hold = 0;
		exec_pid = getpid();
		pthread_create(&t, NULL, sleeps_forever, NULL);
		pthread_create(&t, NULL, execs, NULL);
		for (;;)
			pause();
	}
	waitpid(pid, &status, 0);
	say("mm: the program a thread exec'd ended: %s", status_text(status));
}

static void after_exec(const char *old_pid)
{
	say("mm: after execve in a thread: the pid is the process's old one: %s", yes(getpid() == atoi(old_pid)));
	say("mm: ... gettid equals it: %s", yes(gettid_() == getpid()));
	say("mm: ... one thread left: %d", count_tasks());
	exit(8);
}

/* ---------------------------------------------------------------- many */

static void *nothing(void *arg)
{
	return arg;
}

static void test_many(void)
{
	int made = 0, joined = 0;

	for (int i = 0; i < 1000; i++) {
		pthread_t t;
		void *ret;
		if (pthread_create(&t, NULL, nothing, (void *)(long)i) == 0) {
			made++;
			joined += pthread_join(t, &ret) == 0 && (long)ret == i;
		}
	}
	say("mm: 1000 threads created and joined one by one: %d made, %d joined", made, joined);
}

static const struct check_case tests[] = {
	{ "basic", test_basic }, { "sync", test_sync }, { "tls", test_tls },
	{ "detached", test_detached }, { "mapping", test_mapping }, { "proc", test_proc },
	{ "fork", test_fork }, { "signals", test_signals }, { "exec", test_exec },
	{ "many", test_many },
};

int main(int argc, char **argv)
{
	self_path = argv[0];
	mkdir("/proc", 0555);                        /* Linux's init has no /proc until it mounts one */
	mount("proc", "/proc", "proc", 0, NULL);
	if (argc > 2 && !strcmp(argv[1], "execd"))
		after_exec(argv[2]);
	return run_cases(tests, sizeof(tests) / sizeof(tests[0]), argc, argv);
}
