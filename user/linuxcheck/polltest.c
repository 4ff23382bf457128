/*
 * poll, ppoll, select and pselect, and fcntl record locks and flock, checked against Linux like
 * mmtest.c (scripts/linux-reference.sh): what each kind of file reports ready, hang-ups and
 * errors, bad descriptors, timeouts, waking on data from another process, signals; lock
 * conflicts, merging and splitting, F_GETLK's answer, release on close of any descriptor,
 * F_SETLKW waiting and EDEADLK, flock's rules.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <string.h>
#include <sys/file.h>
#include <sys/mount.h>
#include <sys/select.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include "check.h"

static const char *err(long r)
{
	if (r != -1)
		return "ok";
	switch (errno) {
	case EBADF: return "EBADF";
	case EINVAL: return "EINVAL";
	case EINTR: return "EINTR";
	case EAGAIN: return "EAGAIN";
	case EDEADLK: return "EDEADLK";
	case EFAULT: return "EFAULT";
	default: return "other";
	}
}

/* poll's bits by name, as a readable set. */
static const char *bits(int r)
{
	static char buf[64];

	buf[0] = '\0';
	if (r & POLLIN) strcat(buf, "IN ");
	if (r & POLLPRI) strcat(buf, "PRI ");
	if (r & POLLOUT) strcat(buf, "OUT ");
	if (r & POLLERR) strcat(buf, "ERR ");
	if (r & POLLHUP) strcat(buf, "HUP ");
	if (r & POLLNVAL) strcat(buf, "NVAL ");
	if (r & POLLRDNORM) strcat(buf, "RDNORM ");
	if (r & POLLWRNORM) strcat(buf, "WRNORM ");
	if (!buf[0])
		return "none";
	buf[strlen(buf) - 1] = '\0';
	return buf;
}

/* One descriptor polled at once with all the usual events: its revents. */
static int poll1(int fd, short events)
{
	struct pollfd p = { fd, events, 0 };

	poll(&p, 1, 0);
	return p.revents;
}

#define ALL (POLLIN | POLLOUT | POLLPRI | POLLRDNORM | POLLWRNORM)

static void test_poll_pipes(void)
{
	int fds[2];
	char c;

	pipe(fds);
	say("mm: poll: an empty pipe's read end: %s", bits(poll1(fds[0], ALL)));
	say("mm: poll: its write end: %s", bits(poll1(fds[1], ALL)));
	write(fds[1], "x", 1);
	say("mm: poll: with a byte in it: %s", bits(poll1(fds[0], ALL)));
	say("mm: poll: asking for nothing: %s", bits(poll1(fds[0], 0)));
	close(fds[1]);
	say("mm: poll: the writer gone, a byte left: %s", bits(poll1(fds[0], ALL)));
	read(fds[0], &c, 1);
	say("mm: poll: the writer gone, empty: %s", bits(poll1(fds[0], ALL)));
	say("mm: poll: ... asking for nothing: %s", bits(poll1(fds[0], 0)));
	close(fds[0]);
	pipe(fds);
	close(fds[0]);
	say("mm: poll: the reader gone, the write end: %s", bits(poll1(fds[1], ALL)));
	close(fds[1]);
	say("mm: poll: a closed descriptor: %s", bits(poll1(fds[1], ALL)));
	say("mm: poll: a negative descriptor: %s", bits(poll1(-1, ALL)));
}

static void test_poll_files(void)
{
	int fd = open("/pollfile", O_CREAT | O_RDWR, 0644), null;
	struct pollfd many[2] = { { fd, POLLIN, 0 }, { 1000, POLLIN, 0 } };

	say("mm: poll: a regular file: %s", bits(poll1(fd, ALL)));
	mknod("/pollnull", S_IFCHR | 0666, makedev(1, 3));
	null = open("/pollnull", O_RDWR);
	say("mm: poll: /dev/null: %s", bits(poll1(null, ALL)));
	int n = poll(many, 2, 0);
	say("mm: poll: two, one of them bad: %d (%s;", n, bits(many[0].revents));
	say("mm: poll: ... %s)", bits(many[1].revents));
	say("mm: poll: more entries than the descriptor limit: %s", err(poll(many, 1025 * 1024, 0)));
	say("mm: poll: a bad pointer: %s", err(poll((struct pollfd *)16, 1, 0)));
	say("mm: poll: no entries, 30 ms: %d", poll(NULL, 0, 30));
	close(null);
	close(fd);
}

static void on_alarm(int sig) { (void)sig; }

static void test_poll_wait(void)
{
	int fds[2], status;
	struct pollfd p;
	struct sigaction sa;
	pid_t pid;
	struct timespec ts = { 0, 20 * 1000 * 1000 };

	pipe(fds);
	p.fd = fds[0];
	p.events = POLLIN;
	say("mm: poll: an empty pipe, 50 ms: %d", poll(&p, 1, 50));
	pid = fork();
	if (pid == 0) {
		nanosleep(&ts, NULL);
		write(fds[1], "y", 1);
		_exit(0);
	}
	status = poll(&p, 1, -1);
	say("mm: poll: waiting for another process's write: %d, %s", status, bits(p.revents));
	waitpid(pid, &status, 0);
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_alarm;
	sigaction(SIGALRM, &sa, NULL);
	read(fds[0], &status, 1);
	ualarm(30000, 0);
	say("mm: poll: interrupted by a signal: %s", err(poll(&p, 1, -1)));
	say("mm: ppoll: a timeout of zero: %d", ppoll(&p, 1, &(struct timespec){ 0, 0 }, NULL));
	say("mm: ppoll: a bad timeout: %s", err(ppoll(&p, 1, &(struct timespec){ 0, 1000000000 }, NULL)));
	close(fds[0]);
	close(fds[1]);
}

static void test_select(void)
{
	int fds[2], n;
	fd_set r, w;
	struct timeval tv = { 0, 50000 };

	pipe(fds);
	FD_ZERO(&r);
	FD_SET(fds[0], &r);
	n = select(fds[0] + 1, &r, NULL, NULL, &tv);
	say("mm: select: an empty pipe, 50 ms: %d, time left %ld.%06ld", n, (long)tv.tv_sec, (long)tv.tv_usec);
	say("mm: select: ... the read set is cleared: %s", yes(!FD_ISSET(fds[0], &r)));
	write(fds[1], "z", 1);
	FD_ZERO(&r);
	FD_ZERO(&w);
	FD_SET(fds[0], &r);
	FD_SET(fds[1], &r);
	FD_SET(fds[1], &w);
	tv.tv_sec = 5;
	n = select(fds[1] + 1, &r, &w, NULL, &tv);
	say("mm: select: readable and writable: %d (read end %s, write end in read set %s, write end writable %s)",
	    n, yes(FD_ISSET(fds[0], &r)), yes(FD_ISSET(fds[1], &r)), yes(FD_ISSET(fds[1], &w)));
	FD_ZERO(&r);
	FD_SET(fds[1] + 5, &r);
	say("mm: select: a descriptor that is not open: %s", err(select(fds[1] + 6, &r, NULL, NULL, NULL)));
	say("mm: select: negative nfds: %s", err(select(-1, NULL, NULL, NULL, NULL)));
	tv.tv_sec = 0;
	tv.tv_usec = -1;
	say("mm: select: a negative timeout: %s", err(select(0, NULL, NULL, NULL, &tv)));
	FD_ZERO(&r);
	FD_SET(fds[0], &r);
	say("mm: pselect: readable: %d", pselect(fds[0] + 1, &r, NULL, NULL, NULL, NULL));
	close(fds[0]);
	close(fds[1]);
}

/* ---------------------------------------------------------------- record locks */

static int lockfd;

/* F_GETLK from this process over [start, start+len): what stands in the way. */
static const char *getlk(off_t start, off_t len)
{
	static char buf[64];
	struct flock fl = { .l_type = F_WRLCK, .l_whence = SEEK_SET, .l_start = start, .l_len = len };

	if (fcntl(lockfd, F_GETLK, &fl))
		return err(-1);
	if (fl.l_type == F_UNLCK)
		return "unlocked";
	snprintf(buf, sizeof(buf), "%s at %ld len %ld by %s", fl.l_type == F_WRLCK ? "write" : "read",
		 (long)fl.l_start, (long)fl.l_len, fl.l_pid == getppid() ? "the parent" : "another");
	return buf;
}

static long setlk(int fd, int cmd, short type, off_t start, off_t len)
{
	struct flock fl = { .l_type = type, .l_whence = SEEK_SET, .l_start = start, .l_len = len };

	return fcntl(fd, cmd, &fl);
}

/* Run fn in a child (the locks' "other process") and wait for it. */
static void in_child(void (*fn)(void))
{
	int status;
	pid_t pid = fork();

	if (pid == 0) {
		fn();
		_exit(0);
	}
	waitpid(pid, &status, 0);
}

static void child_looks(void)
{
	say("mm: lock: [0,10) from another process: %s", getlk(0, 10));
	say("mm: lock: [5,6) read, from another process: %s", err(setlk(lockfd, F_SETLK, F_RDLCK, 5, 1)));
	say("mm: lock: [10,20) from another process: %s", err(setlk(lockfd, F_SETLK, F_WRLCK, 10, 10)));
}

static void child_split(void)
{
	say("mm: lock: after unlocking [40,60) of [0,100): [40,60) %s", getlk(40, 20));
	say("mm: lock: ... [30,50) %s", getlk(30, 20));
	say("mm: lock: ... [55,65) %s", getlk(55, 10));
	say("mm: lock: ... the whole file %s", getlk(0, 0));
}

static void child_read_shares(void)
{
	say("mm: lock: a read lock under another's read lock: %s", err(setlk(lockfd, F_SETLK, F_RDLCK, 0, 10)));
	say("mm: lock: a write lock under another's read lock: %s", err(setlk(lockfd, F_SETLK, F_WRLCK, 0, 10)));
}

static void child_after_close(void)
{
	say("mm: lock: after the parent closed another descriptor of the file: %s", getlk(0, 0));
}

static void test_locks(void)
{
	int ro, fd2;

	lockfd = open("/lockfile", O_CREAT | O_RDWR, 0644);
	write(lockfd, "0123456789", 10);
	say("mm: lock: write [0,10): %s", err(setlk(lockfd, F_SETLK, F_WRLCK, 0, 10)));
	say("mm: lock: my own lock, F_GETLK: %s", getlk(0, 10));
	in_child(child_looks);
	say("mm: lock: unlock: %s", err(setlk(lockfd, F_SETLK, F_UNLCK, 0, 0)));
	say("mm: lock: write [0,100): %s", err(setlk(lockfd, F_SETLK, F_WRLCK, 0, 100)));
	say("mm: lock: unlock [40,60): %s", err(setlk(lockfd, F_SETLK, F_UNLCK, 40, 20)));
	in_child(child_split);
	setlk(lockfd, F_SETLK, F_UNLCK, 0, 0);
	say("mm: lock: read [0,10): %s", err(setlk(lockfd, F_SETLK, F_RDLCK, 0, 10)));
	in_child(child_read_shares);
	say("mm: lock: a bad type: %s", err(setlk(lockfd, F_SETLK, 7, 0, 10)));
	say("mm: lock: a negative start: %s", err(setlk(lockfd, F_SETLK, F_WRLCK, -5, 10)));
	say("mm: lock: a negative length reaching before 0: %s", err(setlk(lockfd, F_SETLK, F_WRLCK, 2, -5)));
	say("mm: lock: a negative length: %s", err(setlk(lockfd, F_SETLK, F_WRLCK, 5, -5)));
	ro = open("/lockfile", O_RDONLY);
	say("mm: lock: a write lock through a read-only descriptor: %s", err(setlk(ro, F_SETLK, F_WRLCK, 0, 1)));
	say("mm: lock: a read lock through it: %s", err(setlk(ro, F_SETLK, F_RDLCK, 0, 1)));
	close(ro);
	fd2 = open("/lockfile", O_RDWR);
	setlk(lockfd, F_SETLK, F_WRLCK, 0, 0);
	close(fd2);                                 /* POSIX: every lock of this process on the file goes */
	in_child(child_after_close);
	say("mm: lock: F_GETLK of an unlock: %s", err(setlk(lockfd, F_GETLK, F_UNLCK, 0, 1)));
	say("mm: lock: on a bad descriptor: %s", err(setlk(99, F_SETLK, F_WRLCK, 0, 1)));
}

static int sync_fds[2];

static void child_waits(void)
{
	say("mm: lock: F_SETLKW waits for the holder: %s", err(setlk(lockfd, F_SETLKW, F_WRLCK, 0, 1)));
}

static void child_deadlock(void)
{
	setlk(lockfd, F_SETLK, F_WRLCK, 1, 1);       /* B */
	write(sync_fds[1], "b", 1);
	say("mm: lock: the child waits for A: %s", err(setlk(lockfd, F_SETLKW, F_WRLCK, 0, 1)));
}

static void test_lock_wait(void)
{
	struct timespec ts = { 0, 30 * 1000 * 1000 };
	int status;
	pid_t pid;
	char c;

	setlk(lockfd, F_SETLK, F_WRLCK, 0, 1);
	pid = fork();
	if (pid == 0) {
		child_waits();
		_exit(0);
	}
	nanosleep(&ts, NULL);
	say("mm: lock: the parent unlocks");
	setlk(lockfd, F_SETLK, F_UNLCK, 0, 1);
	waitpid(pid, &status, 0);
	/* A held by the parent, B by the child; the child waits for A; the parent asks for B */
	pipe(sync_fds);
	setlk(lockfd, F_SETLK, F_WRLCK, 0, 1);
	pid = fork();
	if (pid == 0) {
		child_deadlock();
		_exit(0);
	}
	read(sync_fds[0], &c, 1);
	nanosleep(&ts, NULL);
	say("mm: lock: the parent waits for B: %s", err(setlk(lockfd, F_SETLKW, F_WRLCK, 1, 1)));
	setlk(lockfd, F_SETLK, F_UNLCK, 0, 0);
	waitpid(pid, &status, 0);
	close(sync_fds[0]);
	close(sync_fds[1]);
}

static void child_flock(void)
{
	int fd = open("/lockfile", O_RDWR);

	say("mm: flock: another open file, LOCK_EX|LOCK_NB: %s", err(flock(fd, LOCK_EX | LOCK_NB)));
	say("mm: flock: ... LOCK_SH|LOCK_NB: %s", err(flock(fd, LOCK_SH | LOCK_NB)));
	say("mm: flock: the inherited descriptor, LOCK_EX: %s", err(flock(lockfd, LOCK_EX | LOCK_NB)));
	say("mm: flock: a record lock beside it: %s", err(setlk(fd, F_SETLK, F_WRLCK, 0, 1)));
	close(fd);
}

static void test_flock(void)
{
	int fd2;

	setlk(lockfd, F_SETLK, F_UNLCK, 0, 0);
	say("mm: flock: LOCK_EX: %s", err(flock(lockfd, LOCK_EX)));
	in_child(child_flock);
	fd2 = open("/lockfile", O_RDWR);
	say("mm: flock: a second open file, same process: %s", err(flock(fd2, LOCK_EX | LOCK_NB)));
	say("mm: flock: LOCK_UN: %s", err(flock(lockfd, LOCK_UN)));
	say("mm: flock: then the second: %s", err(flock(fd2, LOCK_SH | LOCK_NB)));
	say("mm: flock: shared twice: %s", err(flock(lockfd, LOCK_SH | LOCK_NB)));
	close(fd2);
	say("mm: flock: a bad operation: %s", err(flock(lockfd, 0)));
	close(lockfd);
}

static const struct check_case tests[] = {
	{ "poll_pipes", test_poll_pipes }, { "poll_files", test_poll_files }, { "poll_wait", test_poll_wait },
	{ "select", test_select }, { "locks", test_locks }, { "lock_wait", test_lock_wait },
	{ "flock", test_flock },
};

int main(int argc, char **argv)
{
	return run_cases(tests, sizeof(tests) / sizeof(tests[0]), argc, argv);
}
