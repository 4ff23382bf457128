/*
 * File descriptors, checked against Linux like mmtest.c (scripts/linux-reference.sh): fcntl's
 * close-on-exec flag (per descriptor) and file status flags (per open file, shared by dup),
 * F_DUPFD, dup2 and dup3, and which descriptors survive execve.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>
#include "check.h"

static const char *err(long r)
{
	if (r != -1)
		return "ok";
	switch (errno) {
	case EBADF: return "EBADF";
	case EINVAL: return "EINVAL";
	case EAGAIN: return "EAGAIN";
	default: return "other";
	}
}

/* After execve: which of descriptors 5 (close-on-exec) and 6 (not) are still open. */
static int after_exec(void)
{
	say("mm: exec: the close-on-exec descriptor is closed: %s", yes(fcntl(5, F_GETFD) == -1 && errno == EBADF));
	say("mm: exec: the other one is open, flag clear: %s", yes(fcntl(6, F_GETFD) == 0));
	return 0;
}

static const char *self;                 /* argv[0]: run again by the exec case */
static int pipe_fds[2];                  /* the close-on-exec pipe the exec case passes on */

/* The close-on-exec flag belongs to the descriptor: dup, dup2, dup3, F_DUPFD(_CLOEXEC), errors. */
static void test_cloexec_flag(void)
{
	int fd, fd2;

	fd = open("/data/file.txt", O_RDONLY);
	say("mm: open: F_GETFD: %d", fcntl(fd, F_GETFD));
	say("mm: F_SETFD FD_CLOEXEC: %s", err(fcntl(fd, F_SETFD, FD_CLOEXEC)));
	say("mm: then F_GETFD: %d", fcntl(fd, F_GETFD));
	fd2 = dup(fd);
	say("mm: dup: the copy's F_GETFD: %d (the flag is per descriptor)", fcntl(fd2, F_GETFD));
	close(fd2);
	close(fd);
	fd = open("/data/file.txt", O_RDONLY | O_CLOEXEC);
	say("mm: open O_CLOEXEC: F_GETFD: %d", fcntl(fd, F_GETFD));
	say("mm: open O_CLOEXEC: F_GETFL shows no O_CLOEXEC: %s", yes(!(fcntl(fd, F_GETFL) & O_CLOEXEC)));
	say("mm: F_DUPFD from 10: %d", fcntl(fd, F_DUPFD, 10));
	say("mm: F_DUPFD from 10 again: %d", fcntl(fd, F_DUPFD, 10));
	fd2 = fcntl(fd, F_DUPFD_CLOEXEC, 20);
	say("mm: F_DUPFD_CLOEXEC from 20: %d", fd2);
	say("mm: F_DUPFD_CLOEXEC: F_GETFD: %d", fcntl(fd2, F_GETFD));
	say("mm: F_DUPFD from -1: %s", err(fcntl(fd, F_DUPFD, -1)));
	say("mm: dup3 O_CLOEXEC: %s", err(dup3(fd, 12, O_CLOEXEC)));
	say("mm: dup3 O_CLOEXEC: F_GETFD: %d", fcntl(12, F_GETFD));
	say("mm: dup3 onto itself: %s", err(syscall(SYS_dup3, fd, fd, 0)));
	say("mm: dup3 with a bad flag: %s", err(syscall(SYS_dup3, fd, 13, 1)));
	say("mm: dup2 onto itself: %s", yes(dup2(fd, fd) == fd));
	say("mm: dup2 of a closed descriptor: %s", err(dup2(40, 41)));
	say("mm: dup2 over an open close-on-exec descriptor: %s", err(dup2(fd, fd2)));
	say("mm: dup2: the flag is cleared, F_GETFD: %d", fcntl(fd2, F_GETFD));
	say("mm: fcntl on a closed descriptor: %s", err(fcntl(40, F_GETFD)));
	say("mm: fcntl with an unknown command: %s", err(fcntl(fd, 9999)));
}

/* Status flags belong to the open file: a dup sees them change. */
static void test_status_flags(void)
{
	int fd = open("/data/file.txt", O_RDWR), fd2 = dup(fd);

	say("mm: F_GETFL access mode is O_RDWR: %s", yes((fcntl(fd, F_GETFL) & O_ACCMODE) == O_RDWR));
	say("mm: F_GETFL O_NONBLOCK before: %s", yes(fcntl(fd, F_GETFL) & O_NONBLOCK));
	say("mm: F_SETFL O_NONBLOCK: %s", err(fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK)));
	say("mm: F_GETFL O_NONBLOCK after, seen through the dup: %s", yes(fcntl(fd2, F_GETFL) & O_NONBLOCK));
	say("mm: F_SETFL cannot change the access mode: %s",
	    yes(fcntl(fd, F_SETFL, O_WRONLY) == 0 && (fcntl(fd, F_GETFL) & O_ACCMODE) == O_RDWR));
	close(fd2);
	close(fd);
}

static void test_pipe_flags(void)
{
	int *p = pipe_fds;
	char c;

	pipe(p);
	say("mm: pipe: F_GETFL of the ends: %d %d", fcntl(p[0], F_GETFL) & (O_ACCMODE | O_NONBLOCK),
	    fcntl(p[1], F_GETFL) & (O_ACCMODE | O_NONBLOCK));
	fcntl(p[0], F_SETFL, O_NONBLOCK);
	say("mm: pipe made non-blocking by F_SETFL: empty read: %s", err(read(p[0], &c, 1)));
	close(p[0]);
	close(p[1]);
	pipe2(p, O_CLOEXEC);
	say("mm: pipe2 O_CLOEXEC: F_GETFD of the ends: %d %d", fcntl(p[0], F_GETFD), fcntl(p[1], F_GETFD));
}

/* execve closes close-on-exec descriptors and keeps the rest (after_exec checks, as fd 5 and 6). */
static void test_exec(void)
{
	int status;
	pid_t pid = fork();

	if (pid == 0) {
		char *args[] = { (char *)self, "exec", NULL };
		dup2(pipe_fds[0], 5);
		fcntl(5, F_SETFD, FD_CLOEXEC);
		dup2(pipe_fds[1], 6);
		execve(self, args, NULL);
		_exit(99);
	}
	waitpid(pid, &status, 0);
	say("mm: exec: the child exited normally: %s", yes(WIFEXITED(status) && WEXITSTATUS(status) == 0));
}

static const struct check_case tests[] = {
	{ "cloexec_flag", test_cloexec_flag }, { "status_flags", test_status_flags },
	{ "pipe_flags", test_pipe_flags }, { "execve", test_exec },
};

int main(int argc, char **argv)
{
	self = argv[0];
	if (argc > 1 && !strcmp(argv[1], "exec"))
		return after_exec();
	return run_cases(tests, sizeof(tests) / sizeof(tests[0]), argc, argv);
}
