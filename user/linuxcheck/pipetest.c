/*
 * Pipes, checked against Linux like mmtest.c (scripts/linux-reference.sh): data through a
 * pipe, end of file, EPIPE and SIGPIPE, non-blocking ends and the capacity, fstat and lseek.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#include <pthread.h>
#include "check.h"


static const char *err(long r)
{
	if (r != -1)
		return "ok";
	switch (errno) {
	case EPIPE: return "EPIPE";
	case EAGAIN: return "EAGAIN";
	case ESPIPE: return "ESPIPE";
	case EBADF: return "EBADF";
	case EINVAL: return "EINVAL";
	case EBUSY: return "EBUSY";
	default: return "other";
	}
}

/* Data in order, what a pipe is not (seekable, readable at the write end), end of file. */
static void test_basics(void)
{
	int fd[2], status;
	char buf[256];
	struct stat st;
	pid_t pid;
	long total;

	say("mm: pipe: %s", err(pipe(fd)));
	write(fd[1], "hello", 5);
	say("mm: pipe: read back: %s", yes(read(fd[0], buf, sizeof(buf)) == 5 && !memcmp(buf, "hello", 5)));
	say("mm: pipe: fstat says FIFO: %s", yes(fstat(fd[0], &st) == 0 && S_ISFIFO(st.st_mode)));
	say("mm: pipe: lseek: %s", err(lseek(fd[0], 0, SEEK_SET)));
	say("mm: pipe: read from the write end: %s", err(read(fd[1], buf, 1)));
	say("mm: pipe: write to the read end: %s", err(write(fd[0], "x", 1)));
	pid = fork();
	if (pid == 0) {
		close(fd[0]);
		for (int i = 0; i < 3; i++)
			write(fd[1], "line\n", 5);
		_exit(0);
	}
	close(fd[1]);
	total = 0;
	for (long n; (n = read(fd[0], buf, sizeof(buf))) > 0;)
		total += n;
	waitpid(pid, &status, 0);
	say("mm: pipe: bytes from the child before end of file: %ld", total);
	close(fd[0]);
}

/* Writing with no reader: EPIPE when SIGPIPE is ignored, death by SIGPIPE when it is not. */
static void test_sigpipe(void)
{
	int fd[2], status;
	pid_t pid;

	pipe(fd);
	close(fd[0]);
	signal(SIGPIPE, SIG_IGN);
	say("mm: pipe: write with no reader, SIGPIPE ignored: %s", err(write(fd[1], "x", 1)));
	signal(SIGPIPE, SIG_DFL);
	pid = fork();
	if (pid == 0) {
		write(fd[1], "x", 1);
		_exit(0);
	}
	waitpid(pid, &status, 0);
	say("mm: pipe: write with no reader: killed by signal %d", WIFSIGNALED(status) ? WTERMSIG(status) : 0);
	close(fd[1]);
}

/* A non-blocking pipe: EAGAIN when empty, and when full, after its capacity. */
static void test_nonblock(void)
{
	int fd[2];
	char buf[256];
	long total;

	say("mm: pipe2 O_NONBLOCK: %s", err(pipe2(fd, O_NONBLOCK)));
	say("mm: pipe2: read from an empty pipe: %s", err(read(fd[0], buf, 1)));
	total = 0;
	memset(buf, 'y', sizeof(buf));
	for (long n; (n = write(fd[1], buf, sizeof(buf))) > 0;)
		total += n;
	say("mm: pipe2: capacity before EAGAIN: %ld bytes (%s)", total, err(-1));
	say("mm: pipe2 with a bad flag: %s", err(pipe2(fd, 0x1)));
}

/* A pipe's capacity: F_GETPIPE_SZ and F_SETPIPE_SZ (rounded to a power of two pages). */
static void test_size(void)
{
	static char buf[10000];
	int fd[2], dir = open("/", O_RDONLY);
	long r;

	pipe2(fd, O_NONBLOCK);
	say("mm: F_GETPIPE_SZ of a new pipe: %ld", (long)fcntl(fd[0], F_GETPIPE_SZ));
	say("mm: F_SETPIPE_SZ 0: %ld", (long)fcntl(fd[1], F_SETPIPE_SZ, 0));
	say("mm: F_SETPIPE_SZ 5000: %ld", (long)fcntl(fd[1], F_SETPIPE_SZ, 5000));
	say("mm: F_SETPIPE_SZ 1 MiB: %ld", (long)fcntl(fd[0], F_SETPIPE_SZ, 1 << 20));
	r = fcntl(fd[0], F_SETPIPE_SZ, 0x80000001ul);
	say("mm: F_SETPIPE_SZ 2 GiB + 1: %s", err(r));
	r = fcntl(dir, F_GETPIPE_SZ);
	say("mm: F_GETPIPE_SZ of a directory: %s", err(r));
	write(fd[1], "hello", 5);
	say("mm: F_SETPIPE_SZ 128 KiB with data in it: %ld", (long)fcntl(fd[1], F_SETPIPE_SZ, 128 << 10));
	r = read(fd[0], buf, sizeof(buf));
	say("mm: the data is still there: %s", yes(r == 5 && !memcmp(buf, "hello", 5)));
	write(fd[1], buf, sizeof(buf));
	r = fcntl(fd[1], F_SETPIPE_SZ, 4096);
	say("mm: F_SETPIPE_SZ 4096 holding 10000 bytes: %s", err(r));
	while (read(fd[0], buf, sizeof(buf)) > 0)
		;
	fcntl(fd[1], F_SETPIPE_SZ, 4096);
	say("mm: a 4096-byte pipe takes %ld of 10000 bytes", (long)write(fd[1], buf, sizeof(buf)));
	close(fd[0]);
	close(fd[1]);
	close(dir);
}

/* pipe2(O_DIRECT): packet mode. Each write is a packet (PIPE_BUF at most); a read takes one. */
static void test_packet(void)
{
	static char big[5000], buf[8192];
	int fd[2], n = 0;

	say("mm: pipe2(O_DIRECT): %s", err(pipe2(fd, O_DIRECT)));
	say("mm: packet: F_GETFL has O_DIRECT on both ends: %s",
	    yes((fcntl(fd[0], F_GETFL) & O_DIRECT) && (fcntl(fd[1], F_GETFL) & O_DIRECT)));
	write(fd[1], "a", 1);
	write(fd[1], "bb", 2);
	write(fd[1], "ccc", 3);
	long r1 = read(fd[0], buf, 100), r2 = read(fd[0], buf, 100), r3 = read(fd[0], buf, 100);
	say("mm: packet: three writes, three reads of 100: %ld %ld %ld", r1, r2, r3);
	write(fd[1], "hello world", 11);
	write(fd[1], "x", 1);
	r1 = read(fd[0], buf, 5);
	r2 = read(fd[0], buf + 5, 100);
	say("mm: packet: a read of 5 takes 5 and drops the rest: %ld, then %ld (%.1s)", r1, r2, buf + 5);
	memset(big, 'z', sizeof(big));
	say("mm: packet: a write of 5000: %ld", (long)write(fd[1], big, sizeof(big)));
	r1 = read(fd[0], buf, sizeof(buf));
	r2 = read(fd[0], buf, sizeof(buf));
	say("mm: packet: it comes as %ld and %ld", r1, r2);
	fcntl(fd[1], F_SETFL, O_NONBLOCK | O_DIRECT);
	while (write(fd[1], "p", 1) == 1 && n < 100000)
		n++;
	say("mm: packet: one-byte packets a new pipe holds: %d (then %s)", n, err(-1));
	while (read(fd[0], buf, sizeof(buf)) > 0 && --n > 0)
		;
	fcntl(fd[1], F_SETFL, 0);
	say("mm: packet: F_SETFL without O_DIRECT: F_GETFL has it: %s", yes(fcntl(fd[1], F_GETFL) & O_DIRECT));
	write(fd[1], "ab", 2);
	write(fd[1], "cd", 2);
	say("mm: packet: then two writes are one stream: %ld", (long)read(fd[0], buf, 100));
	close(fd[0]);
	close(fd[1]);
}

/* Bytes that wrap around the end of a small pipe's buffer come back whole and in order. */
static void test_wrap(void)
{
	static char out[3000], in[3000];
	int fd[2];

	pipe(fd);
	fcntl(fd[1], F_SETPIPE_SZ, 4096);
	for (int round = 0; round < 3; round++) {
		for (int i = 0; i < (int)sizeof(out); i++)
			out[i] = (char)(i * 7 + round);
		long w = write(fd[1], out, sizeof(out)), r = read(fd[0], in, sizeof(in));
		say("mm: wrap: round %d: wrote %ld, read %ld, the same bytes: %s", round, w, r,
		    yes(r == (long)sizeof(in) && !memcmp(in, out, sizeof(in))));
	}
	close(fd[0]);
	close(fd[1]);
}

/* How many of the children have exited so far (reaped here, without waiting). */
static int reap_exited(void)
{
	int n = 0, status;

	while (waitpid(-1, &status, WNOHANG) > 0)
		n++;
	return n;
}

/*
 * Several tasks waiting on one pipe: a byte written wakes a reader, which takes it while the
 * other waits on; room made by a read wakes a writer, but a write of PIPE_BUF bytes or less goes
 * in whole, so one byte of room is not enough.
 */
static void test_waiters(void)
{
	static char page[4096];
	int fd[2], res[2], done;
	char got[2] = "??";

	pipe(fd);
	pipe(res);
	for (int i = 0; i < 2; i++) {
		if (fork() == 0) {
			char c = '?';
			close(fd[1]);
			read(fd[0], &c, 1);
			write(res[1], &c, 1);
			_exit(0);
		}
	}
	pause_ms(100);                              /* both asleep in read */
	write(fd[1], "a", 1);
	read(res[0], &got[0], 1);
	pause_ms(100);
	done = reap_exited();
	say("mm: waiters: a byte wakes one reader, which gets %c; readers gone: %d", got[0], done);
	write(fd[1], "b", 1);
	read(res[0], &got[1], 1);
	pause_ms(100);
	done += reap_exited();
	say("mm: waiters: the next byte goes to the other: %c; readers gone: %d", got[1], done);
	close(fd[0]);
	close(fd[1]);
	close(res[0]);
	close(res[1]);

	pipe(fd);
	fcntl(fd[1], F_SETFL, O_NONBLOCK);
	while (write(fd[1], page, sizeof(page)) > 0)
		;
	fcntl(fd[1], F_SETFL, 0);
	for (int i = 0; i < 2; i++) {
		if (fork() == 0) {
			_exit(write(fd[1], page, sizeof(page)) == sizeof(page) ? 0 : 1);
		}
	}
	pause_ms(100);                              /* both asleep in write: the pipe is full */
	read(fd[0], page, 1);
	pause_ms(100);
	done = reap_exited();
	say("mm: waiters: one byte of room, writers of %zu gone: %d", sizeof(page), done);
	read(fd[0], page, sizeof(page) - 1);
	pause_ms(100);
	done += reap_exited();
	say("mm: waiters: a page of room, writers gone: %d", done);
	read(fd[0], page, sizeof(page));
	pause_ms(100);
	done += reap_exited();
	say("mm: waiters: another page, writers gone: %d", done);
	close(fd[0]);
	close(fd[1]);
}

static int closing_pipe[2];

static void *close_then_write(void *arg)
{
	(void)arg;
	pause_ms(50);
	close(closing_pipe[0]);                 /* while the main thread waits in read */
	pause_ms(50);
	write(closing_pipe[1], "late", 4);
	return NULL;
}

/* A close by another thread does not end a read that waits: the file stays open until it returns. */
static void test_closing(void)
{
	char buf[16];
	pthread_t t;
	ssize_t n;

	if (pipe(closing_pipe))
		return;
	pthread_create(&t, NULL, close_then_write, NULL);
	n = read(closing_pipe[0], buf, sizeof(buf));
	say("mm: closing: a read while another thread closes its descriptor gets the later write: %ld bytes", (long)n);
	pthread_join(t, NULL);
	say("mm: closing: then the descriptor is gone: %s", err(fcntl(closing_pipe[0], F_GETFD)));
	close(closing_pipe[1]);
}

static const struct check_case tests[] = {
	{ "basics", test_basics }, { "sigpipe", test_sigpipe }, { "nonblock", test_nonblock },
	{ "size", test_size }, { "packet", test_packet }, { "closing", test_closing },
	{ "wrap", test_wrap }, { "waiters", test_waiters },
};

int main(int argc, char **argv)
{
	return run_cases(tests, sizeof(tests) / sizeof(tests[0]), argc, argv);
}
