/*
 * Signal semantics, checked against Linux like mmtest.c (scripts/linux-reference.sh): handlers,
 * siginfo for faults, returning from a handler, siglongjmp, masks, SA_RESETHAND, SIGCHLD.
 * Prints only facts, each line starting with "mm: ".
 */
#define _GNU_SOURCE
#include <errno.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/reboot.h>
#include <sys/wait.h>
#include <unistd.h>
#include "check.h"

#define PG 4096


static volatile sig_atomic_t count, seen_code, seen_signo, addr_ok, blocked_inside;
static char *volatile page;              /* volatile: the handler reads it */

/* SIGSEGV: record what siginfo says, then make the page writable so the write can be retried. */
static void fix_segv(int sig, siginfo_t *info, void *uc)
{
	sigset_t now;

	(void)uc;
	count++;
	seen_signo = info->si_signo;
	seen_code = info->si_code;
	addr_ok = (char *)info->si_addr == page + 10;
	sigprocmask(SIG_SETMASK, NULL, &now);
	blocked_inside = sigismember(&now, sig);
	mprotect(page, PG, PROT_READ | PROT_WRITE);
}

static void test_segv_handler(void)
{
	struct sigaction sa;
	sigset_t now;

	memset(&sa, 0, sizeof(sa));
	sa.sa_sigaction = fix_segv;
	sa.sa_flags = SA_SIGINFO;
	sigaction(SIGSEGV, &sa, NULL);
	page = mmap(NULL, PG, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	page[10] = 42;                                /* faults once; the handler fixes it */
	say("mm: segv handler: called %d time(s)", (int)count);
	say("mm: segv handler: si_signo %d, si_code %d (SEGV_ACCERR)", (int)seen_signo, (int)seen_code);
	say("mm: segv handler: si_addr is the faulting byte: %s", yes(addr_ok));
	say("mm: segv handler: the signal is blocked inside: %s", yes(blocked_inside));
	say("mm: segv handler: the write was retried: %s", yes(page[10] == 42));
	sigprocmask(SIG_SETMASK, NULL, &now);
	say("mm: segv handler: unblocked after return: %s", yes(!sigismember(&now, SIGSEGV)));
	munmap(page, PG);
	page = mmap(NULL, PG, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	munmap(page, PG);
	count = 0;
	/* an unmapped page: the handler's mprotect fails, so this time leave by siglongjmp */
	signal(SIGSEGV, SIG_DFL);
}

static sigjmp_buf env;

static void jump_out(int sig)
{
	(void)sig;
	count++;
	siglongjmp(env, 1);
}

static void test_siglongjmp(void)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = jump_out;
	sigaction(SIGSEGV, &sa, NULL);
	count = 0;
	for (volatile int i = 0; i < 2; i++) {     /* volatile: it lives across siglongjmp */
		if (sigsetjmp(env, 1) == 0)
			*(volatile int *)0 = 1;
	}
	say("mm: siglongjmp out of SIGSEGV twice: %d handler calls", (int)count);
	signal(SIGSEGV, SIG_DFL);
}

static void on_usr(int sig)
{
	(void)sig;
	count++;
}

static void test_kill_self(void)
{
	sigset_t set;

	count = 0;
	signal(SIGUSR1, on_usr);
	kill(getpid(), SIGUSR1);
	say("mm: kill(self, SIGUSR1) with a handler: %d call(s) before kill returned", (int)count);
	sigemptyset(&set);
	sigaddset(&set, SIGUSR2);
	signal(SIGUSR2, on_usr);
	sigprocmask(SIG_BLOCK, &set, NULL);
	count = 0;
	raise(SIGUSR2);
	say("mm: blocked SIGUSR2: delivered while blocked: %s", yes(count != 0));
	sigpending(&set);
	say("mm: blocked SIGUSR2: pending: %s", yes(sigismember(&set, SIGUSR2)));
	sigprocmask(SIG_UNBLOCK, &set, NULL);
	say("mm: blocked SIGUSR2: delivered on unblock: %s", yes(count == 1));
	signal(SIGUSR1, SIG_IGN);
	raise(SIGUSR1);
	say("mm: ignored SIGUSR1: still alive: yes");
}

static void test_resethand(void)
{
	int status;
	pid_t pid = fork();

	if (pid == 0) {
		struct sigaction sa;
		memset(&sa, 0, sizeof(sa));
		sa.sa_handler = on_usr;
		sa.sa_flags = SA_RESETHAND;
		sigaction(SIGUSR1, &sa, NULL);
		raise(SIGUSR1);                       /* handled once */
		raise(SIGUSR1);                       /* now the default: terminate */
		_exit(0);
	}
	waitpid(pid, &status, 0);
	say("mm: SA_RESETHAND: second signal kills: %s, signal %d", yes(WIFSIGNALED(status)),
	    WIFSIGNALED(status) ? WTERMSIG(status) : 0);
}

static void test_sigchld(void)
{
	int status;
	pid_t pid, got;

	count = 0;
	signal(SIGCHLD, on_usr);
	pid = fork();
	if (pid == 0)
		_exit(5);
	got = waitpid(pid, &status, 0);               /* restarted if the handler interrupts it */
	say("mm: SIGCHLD handler called: %s", yes(count == 1));
	say("mm: waitpid after SIGCHLD: got the child: %s, status %d", yes(got == pid), WEXITSTATUS(status));
	signal(SIGCHLD, SIG_DFL);
}

static void test_default_kill(void)
{
	int status;
	pid_t pid = fork();

	if (pid == 0) {
		signal(SIGTERM, SIG_DFL);
		raise(SIGTERM);
		_exit(0);
	}
	waitpid(pid, &status, 0);
	say("mm: default SIGTERM: killed by signal %d", WIFSIGNALED(status) ? WTERMSIG(status) : 0);
}

static void test_init_unkillable(void)
{
	int status;
	pid_t pid = fork();

	if (pid == 0) {
		kill(1, SIGKILL);                     /* init has no handler: Linux ignores this */
		kill(1, SIGTERM);
		_exit(0);
	}
	waitpid(pid, &status, 0);
	say("mm: init after SIGKILL and SIGTERM from a child: still running: yes");
}

static void test_sigchld_ignored(void)
{
	int status;
	pid_t pid;

	signal(SIGCHLD, SIG_IGN);
	pid = fork();
	if (pid == 0)
		_exit(1);
	say("mm: waitpid with SIGCHLD ignored: %s", waitpid(pid, &status, 0) == -1 && errno == ECHILD ? "ECHILD" : "a status");
	signal(SIGCHLD, SIG_DFL);
}

static volatile int depth_reached, depth_limit = -1;  /* never reached: the stack ends first */

static int deep(int n)
{
	volatile char frame[1024];

	frame[0] = (char)n;
	depth_reached = n;
	if (n == depth_limit)
		return 0;
	return deep(n + 1) + frame[0];
}

static void on_overflow(int sig)
{
	(void)sig;
	_exit(7);                                     /* running on the alternate stack */
}

static void test_altstack(void)
{
	int status;
	stack_t ss, old;
	pid_t pid;

	sigaltstack(NULL, &old);
	say("mm: sigaltstack: disabled at first: %s", yes(old.ss_flags & SS_DISABLE));
	pid = fork();
	if (pid == 0) {
		static char altstack[65536];
		struct sigaction sa;
		ss.ss_sp = altstack;
		ss.ss_size = sizeof(altstack);
		ss.ss_flags = 0;
		sigaltstack(&ss, NULL);
		memset(&sa, 0, sizeof(sa));
		sa.sa_handler = on_overflow;
		sa.sa_flags = SA_ONSTACK;
		sigaction(SIGSEGV, &sa, NULL);
		deep(0);
		_exit(0);
	}
	waitpid(pid, &status, 0);
	say("mm: stack overflow caught on the alternate stack: exit %d", WIFEXITED(status) ? WEXITSTATUS(status) : -1);
	ss.ss_size = 100;
	ss.ss_sp = &status;
	ss.ss_flags = 0;
	say("mm: sigaltstack smaller than MINSIGSTKSZ: %s", sigaltstack(&ss, NULL) == -1 && errno == ENOMEM ? "ENOMEM" : "ok");
}

/*
 * Signals that arrive while a process only makes system calls, never sleeping: each is taken
 * on the way out of a call (the kernel's fast way out must see it). One still blocked stays
 * pending across thousands of calls, which go on working, and is taken once unblocked.
 */
static void test_busy_in_syscalls(void)
{
	pid_t parent = getpid(), child;
	long calls = 0, ok = 0;
	sigset_t set;
	int status;

	count = 0;
	signal(SIGUSR1, on_usr);
	child = fork();
	if (child == 0) {
		kill(parent, SIGUSR1);
		_exit(0);
	}
	while (count == 0 && calls < 50000000) {
		getppid();
		calls++;
	}
	say("mm: signal from another process while looping in system calls: taken: %s", yes(count == 1));
	waitpid(child, &status, 0);
	sigemptyset(&set);
	sigaddset(&set, SIGUSR1);
	sigprocmask(SIG_BLOCK, &set, NULL);
	count = 0;
	raise(SIGUSR1);
	for (int i = 0; i < 5000; i++)
		ok += getpid() == parent;
	say("mm: 5000 calls with a blocked signal pending: all answered: %s, handler ran: %s",
	    yes(ok == 5000), yes(count != 0));
	sigprocmask(SIG_UNBLOCK, &set, NULL);
	say("mm: then unblocked: taken before sigprocmask returned: %s", yes(count == 1));
	signal(SIGUSR1, SIG_DFL);
}

static const struct check_case tests[] = {
	{ "segv_handler", test_segv_handler }, { "siglongjmp", test_siglongjmp },
	{ "kill_self", test_kill_self }, { "resethand", test_resethand }, { "sigchld", test_sigchld },
	{ "default_kill", test_default_kill }, { "init_unkillable", test_init_unkillable },
	{ "sigchld_ignored", test_sigchld_ignored }, { "altstack", test_altstack },
	{ "busy_in_syscalls", test_busy_in_syscalls },
};

int main(int argc, char **argv)
{
	return run_cases(tests, sizeof(tests) / sizeof(tests[0]), argc, argv);
}
