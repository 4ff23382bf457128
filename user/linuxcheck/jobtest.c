/*
 * Process groups, sessions and job control, checked against Linux like mmtest.c
 * (scripts/linux-reference.sh): setpgid's rules, setsid, kill to a group, SIGSTOP, SIGTSTP and
 * SIGCONT that really stop and continue a process, waitpid with WUNTRACED and WCONTINUED, the
 * terminal's stop signals ignored in an orphaned group.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>
#include "check.h"

static const char *err(long r)
{
	if (r != -1)
		return "ok";
	switch (errno) {
	case ESRCH: return "ESRCH";
	case EPERM: return "EPERM";
	case EACCES: return "EACCES";
	case EINVAL: return "EINVAL";
	case ENOTTY: return "ENOTTY";
	case ECHILD: return "ECHILD";
	default: return "other";
	}
}

/* A child that runs until killed (a loop that yields, so that a stop has something to stop). */
static pid_t spinner(void)
{
	pid_t pid = fork();

	if (pid == 0) {
		for (;;)
			pause_ms(5);
	}
	return pid;
}

/* The state letter of a process in /proc/PID/stat. */
static char state_of(pid_t pid)
{
	char path[32], buf[256];
	int fd, n;
	char *p;

	snprintf(path, sizeof(path), "/proc/%d/stat", pid);
	fd = open(path, O_RDONLY);
	if (fd < 0)
		return '?';
	n = (int)read(fd, buf, sizeof(buf) - 1);
	close(fd);
	buf[n > 0 ? n : 0] = '\0';
	p = strrchr(buf, ')');
	return p && p[1] ? p[2] : '?';
}

static void test_groups(void)
{
	int status;
	pid_t pid;

	mkdir("/proc", 0555);
	mount("proc", "/proc", "proc", 0, NULL);
	say("mm: init's process group: %d, session: %d", (int)getpgrp(), (int)getsid(0));
	pid = fork();
	if (pid == 0) {
		say("mm: a child is in its parent's group: %s", yes(getpgrp() == getppid()));
		say("mm: ... and session: %s", yes(getsid(0) == getsid(getppid())));
		long r = setpgid(0, 0);
		say("mm: setpgid(0, 0): %s, now leads a group %s", err(r), yes(getpgrp() == getpid()));
		say("mm: setsid as a group leader: %s", err(setsid()));
		say("mm: setpgid of a process that is not a child: %s", err(setpgid(1, 1)));
		say("mm: setpgid into a group that does not exist: %s", err(setpgid(0, 30000)));
		say("mm: setpgid with a negative group: %s", err(setpgid(0, -5)));
		say("mm: back into the parent's group: %s", err(setpgid(0, getppid())));
		_exit(0);
	}
	waitpid(pid, &status, 0);
	pid = fork();
	if (pid == 0) {
		pid_t sid = setsid();
		say("mm: setsid in a fresh child: its own pid %s", yes(sid == getpid()));
		say("mm: ... leads a group too: %s", yes(getpgrp() == getpid()));
		say("mm: ... setsid again: %s", err(setsid()));
		say("mm: ... setpgid into a group of another session: %s", err(setpgid(0, 1)));
		_exit(0);
	}
	waitpid(pid, &status, 0);
	say("mm: getpgid of a missing process: %s", err(getpgid(30000)));
	say("mm: getsid of a missing process: %s", err(getsid(30000)));
	say("mm: tcgetpgrp of the console (never a controlling terminal): %s", err(tcgetpgrp(0)));
}

static void test_exec_setpgid(char *self)
{
	int status;
	pid_t pid = fork();

	if (pid == 0) {
		char *argv[] = { self, "pause", NULL };
		execv(self, argv);
		_exit(127);
	}
	pause_ms(50);
	say("mm: setpgid of a child that has exec'd: %s", err(setpgid(pid, pid)));
	kill(pid, SIGKILL);
	waitpid(pid, &status, 0);
}

static void test_kill_group(void)
{
	int status;
	pid_t a = spinner(), b;

	setpgid(a, a);
	b = fork();
	if (b == 0) {
		setpgid(0, a);
		for (;;)
			pause_ms(5);
	}
	setpgid(b, a);                              /* both orders, as shells do */
	pause_ms(20);
	say("mm: kill(-group, SIGTERM): %s", err(kill(-a, SIGTERM)));
	waitpid(a, &status, 0);
	say("mm: ... the leader: %s", status_text(status));
	waitpid(b, &status, 0);
	say("mm: ... the other member: %s", status_text(status));
	say("mm: kill of an empty group: %s", err(kill(-a, SIGTERM)));
	say("mm: kill(0, 0), my own group: %s", err(kill(0, 0)));
	say("mm: waitpid(INT_MIN): %s", err(waitpid(INT_MIN, &status, 0)));
	say("mm: waitpid of a group with no children: %s", err(waitpid(-30000, &status, 0)));
}

static void test_stop(void)
{
	int status;
	pid_t pid = spinner(), got;

	pause_ms(20);
	say("mm: SIGSTOP: %s", err(kill(pid, SIGSTOP)));
	got = waitpid(pid, &status, WUNTRACED);
	say("mm: waitpid WUNTRACED: the child %s, %s", yes(got == pid), status_text(status));
	say("mm: its state: %c", state_of(pid));
	say("mm: waitpid WUNTRACED|WNOHANG again: %d", (int)waitpid(pid, &status, WUNTRACED | WNOHANG));
	say("mm: SIGCONT: %s", err(kill(pid, SIGCONT)));
	got = waitpid(pid, &status, WCONTINUED);
	say("mm: waitpid WCONTINUED: the child %s, %s", yes(got == pid), status_text(status));
	pause_ms(20);
	say("mm: its state: %c", state_of(pid) == 'R' || state_of(pid) == 'S' ? 'R' : state_of(pid));
	say("mm: waitpid WNOHANG of a running child: %d", (int)waitpid(pid, &status, WNOHANG));
	/* in the parent's group (which is orphaned: init's parent is outside the session), SIGTSTP is not obeyed */
	kill(pid, SIGTSTP);
	pause_ms(20);
	say("mm: SIGTSTP in an orphaned group: stopped %s", yes(state_of(pid) == 'T'));
	setpgid(pid, pid);
	kill(pid, SIGTSTP);
	pause_ms(20);
	say("mm: ... a group of its own, whose parent is init (does not count): stopped %s", yes(state_of(pid) == 'T'));
	kill(pid, SIGKILL);
	waitpid(pid, &status, 0);
	/* a shell's way: a middle process puts its child in a group of its own and stops it */
	pid = fork();
	if (pid == 0) {
		pid_t job = spinner();
		setpgid(job, job);
		kill(job, SIGTSTP);
		waitpid(job, &status, WUNTRACED);
		say("mm: SIGTSTP to a job whose parent is in another group: %s", status_text(status));
		say("mm: its state: %c", state_of(job));
		say("mm: SIGKILL to a stopped process: %s", err(kill(job, SIGKILL)));
		waitpid(job, &status, 0);
		say("mm: ... %s", status_text(status));
		_exit(0);
	}
	waitpid(pid, &status, 0);
}

static volatile int conts;
static void on_cont(int sig) { (void)sig; conts++; }

static void test_cont_handler(void)
{
	struct sigaction sa;
	int status;
	pid_t pid;

	pid = fork();
	if (pid == 0) {
		memset(&sa, 0, sizeof(sa));
		sa.sa_handler = on_cont;
		sigaction(SIGCONT, &sa, NULL);
		raise(SIGSTOP);                    /* stops here; SIGCONT continues and runs the handler */
		_exit(conts == 1 ? 7 : 8);
	}
	waitpid(pid, &status, WUNTRACED);
	say("mm: a child stops itself: %s", status_text(status));
	kill(pid, SIGCONT);
	waitpid(pid, &status, 0);
	say("mm: SIGCONT with a handler: continued and handled, %s", status_text(status));
}

static const struct check_case tests[] = {
	{ "groups", test_groups }, { "kill_group", test_kill_group }, { "stop", test_stop },
	{ "cont_handler", test_cont_handler },
};

int main(int argc, char **argv)
{
	if (argc > 1 && !strcmp(argv[1], "pause")) {
		for (;;)
			pause();
	}
	if (argc < 2)
		test_exec_setpgid(argv[0]);
	return run_cases(tests, sizeof(tests) / sizeof(tests[0]), argc, argv);
}
