/*
 * vfork and the ways libc starts programs (posix_spawn, system, popen), and sigreturn given a
 * forged frame: checked against Linux like mmtest.c (scripts/linux-reference.sh), and built with
 * musl and with glibc. Prints only facts, each line starting with "mm: ".
 *
 * vfork (CLONE_VM | CLONE_VFORK): the child runs in the parent's own address space, on its
 * stack, while the parent sleeps until the child calls execve or exits. So what the child
 * writes, the parent sees. A frame handed to sigreturn is user data: whatever it says, the
 * program must come back in user mode (ring 3) or die, never run with kernel selectors.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <sched.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>
#include "check.h"

extern char **environ;
static const char *self;                 /* argv[0]: this program, run again as a child */
static volatile int shared, stage, child_ids_ok, child_errno;

/* "--child exit5": the child a test runs; "--child hello": prints a line for popen. */
static int child_main(const char *what)
{
	if (!strcmp(what, "exit5"))
		return 5;
	if (!strcmp(what, "hello")) {
		say("hello from the child");
		return 0;
	}
	return 99;
}

static const char *wait_status(int s)
{
	static char buf[40];

	if (WIFEXITED(s))
		snprintf(buf, sizeof(buf), "exit %d", WEXITSTATUS(s));
	else if (WIFSIGNALED(s))
		snprintf(buf, sizeof(buf), "signal %d", WTERMSIG(s));
	else
		snprintf(buf, sizeof(buf), "status %#x", s);
	return buf;
}

static void test_vfork(void)
{
	int status, parent = getpid();
	pid_t pid;

	stage = 0;
	pid = vfork();
	if (pid == 0) {
		shared = 123;
		stage = 1;
		for (int i = 0; i < 5; i++)
			sched_yield();           /* a parent that could run would see stage 1 */
		stage = 2;
		child_ids_ok = getppid() == parent && getpid() != parent;
		_exit(7);
	}
	say("mm: vfork returns the child's pid in the parent: %s", yes(pid > 0));
	say("mm: vfork parent runs only after the child exits: %s", yes(stage == 2));
	say("mm: vfork child's write is seen by the parent: %s", yes(shared == 123));
	say("mm: vfork child has its own pid and the parent as parent: %s", yes(child_ids_ok));
	say("mm: vfork child _exit(7): %s", waitpid(pid, &status, 0) == pid ? wait_status(status) : "no child");
}

static void test_vfork_exec(void)
{
	char *argv[] = { (char *)self, "--child", "exit5", NULL };
	int status;
	pid_t pid = vfork();

	if (pid == 0) {
		execve(self, argv, environ);
		_exit(127);
	}
	say("mm: vfork then execve: %s", waitpid(pid, &status, 0) == pid ? wait_status(status) : "no child");

	child_errno = 0;
	pid = vfork();
	if (pid == 0) {
		execve("/no/such/program", argv, environ);
		child_errno = errno;         /* the parent's memory: the parent reads it */
		_exit(127);
	}
	say("mm: vfork then failed execve: %s, errno seen by the parent %d",
	    waitpid(pid, &status, 0) == pid ? wait_status(status) : "no child", child_errno);
}

static void test_spawn(void)
{
	char *argv[] = { (char *)self, "--child", "exit5", NULL };
	int status = 0, err;
	pid_t pid;
	FILE *f;
	char line[80] = "";

	err = posix_spawn(&pid, self, NULL, NULL, argv, environ);
	say("mm: posix_spawn: %d, %s", err, !err && waitpid(pid, &status, 0) == pid ? wait_status(status) : "no child");
	err = posix_spawn(&pid, "/no/such/program", NULL, NULL, argv, environ);
	say("mm: posix_spawn of a missing file: %s", err == ENOENT ? "ENOENT" : strerror(err));
	status = system("exit 3");
	say("mm: system(\"exit 3\"): %s", wait_status(status));
	snprintf(line, sizeof(line), "%s --child hello", self);
	f = popen(line, "r");
	line[0] = '\0';
	if (f && !fgets(line, sizeof(line), f))
		line[0] = '\0';
	line[strcspn(line, "\n")] = '\0';
	say("mm: popen read: %s", line);
	say("mm: pclose: %s", f ? wait_status(pclose(f)) : "popen failed");
}

/* ---------------------------------------------------------------- clone3 */

struct clone_args_v2 {                   /* Linux's struct clone_args, 88 bytes */
	unsigned long long flags, pidfd, child_tid, parent_tid, exit_signal, stack, stack_size, tls;
	unsigned long long set_tid, set_tid_size, cgroup;
};

/*
 * clone3(args, size) by a raw system call. A child (return value 0) exits at once with
 * exit_code, in assembly: with CLONE_VM it is on the parent's stack and must not return.
 */
static long raw_clone3(const void *args, unsigned long size, int exit_code)
{
	long ret;

	__asm__ volatile("int $0x80\n\t"
			 "test %%eax, %%eax\n\t"
			 "jnz 1f\n\t"
			 "mov %%esi, %%ebx\n\t"
			 "mov $1, %%eax\n\t"
			 "int $0x80\n"
			 "1:"
			 : "=a"(ret) : "a"(435), "b"(args), "c"(size), "S"(exit_code) : "memory");
	return ret;
}

static const char *clone3_result(struct clone_args_v2 *a, unsigned long size)
{
	static char buf[48];
	int status;
	long pid = raw_clone3(a, size, 9);

	if (pid < 0)
		return pid == -EINVAL ? "EINVAL" : pid == -E2BIG ? "E2BIG" : pid == -ENOSYS ? "ENOSYS" : "other error";
	snprintf(buf, sizeof(buf), "child %s", waitpid(pid, &status, 0) == pid ? wait_status(status) : "lost");
	return buf;
}

static void test_clone3(void)
{
	static unsigned char big[256];
	struct clone_args_v2 a = { .flags = 0x100 | 0x4000, .exit_signal = SIGCHLD };  /* VM | VFORK */

	say("mm: clone3 with CLONE_VM|CLONE_VFORK: %s", clone3_result(&a, sizeof(a)));
	a.flags = 0;
	say("mm: clone3 like fork: %s", clone3_result(&a, sizeof(a)));
	say("mm: clone3 with the first version's size (64): %s", clone3_result(&a, 64));
	say("mm: clone3 with a size below 64: %s", clone3_result(&a, 63));
	memcpy(big, &a, sizeof(a));
	big[200] = 1;
	say("mm: clone3 with unknown non-zero fields past the struct: %s", clone3_result((void *)big, sizeof(big)));
	a.stack = 0x10000000;
	say("mm: clone3 with a stack but no size: %s", clone3_result(&a, sizeof(a)));
	a.stack = 0;
	a.flags = SIGCHLD;
	say("mm: clone3 with a signal in flags: %s", clone3_result(&a, sizeof(a)));
}

/* ---------------------------------------------------------------- forged sigreturn frames */

struct sigcontext_i386 {                 /* Linux's i386 struct sigcontext */
	unsigned gs, fs, es, ds, edi, esi, ebp, esp, ebx, edx, ecx, eax;
	unsigned trapno, err, eip, cs, eflags, esp_at_signal, ss, fpstate, oldmask, cr2;
};

struct sigframe_i386 {                   /* what sigreturn (119) reads at esp - 8 */
	unsigned pretcode, sig;
	struct sigcontext_i386 sc;
	unsigned extramask;
	unsigned char retcode[8];
};

struct rt_sigframe_i386 {                /* what rt_sigreturn (173) reads at esp - 4 */
	unsigned pretcode, sig, pinfo, puc;
	unsigned info[32];
	unsigned uc_flags, uc_link, ss_sp, ss_flags, ss_size;
	struct sigcontext_i386 sc;
	unsigned mask[2];
	unsigned char retcode[8];
};

static unsigned char landing_stack[4096] __attribute__((aligned(16)));

/* Where a good frame lands: exit(42) by a raw system call (no libc, no TLS). */
__attribute__((noreturn)) static void landed(void)
{
	__asm__ volatile("int $0x80" : : "a"(1), "b"(42));
	__builtin_unreachable();
}

/* Land here with IOPL 3 in the frame: cli is allowed only if the kernel let IOPL through. */
__attribute__((noreturn)) static void landed_cli(void)
{
	__asm__ volatile("cli; int $0x80" : : "a"(1), "b"(42));
	__builtin_unreachable();
}

static void user_context(struct sigcontext_i386 *sc, void (*eip)(void))
{
	unsigned short cs, ss, ds, gs;

	__asm__ volatile("mov %%cs, %0; mov %%ss, %1; mov %%ds, %2; mov %%gs, %3"
			 : "=r"(cs), "=r"(ss), "=r"(ds), "=r"(gs));
	memset(sc, 0, sizeof(*sc));
	sc->cs = cs;
	sc->ss = ss;
	sc->ds = sc->es = ds;
	sc->gs = gs;
	sc->eip = (unsigned)(unsigned long)eip;
	sc->esp = (unsigned)(unsigned long)(landing_stack + sizeof(landing_stack) - 16);
	sc->eflags = 0x202;                  /* IF */
}

/* In a child: point esp at the forged frame and enter sigreturn or rt_sigreturn. */
static const char *forge(const struct sigcontext_i386 *sc, int rt)
{
	static struct sigframe_i386 f;
	static struct rt_sigframe_i386 rf;
	int status;
	pid_t pid = fork();

	if (pid == 0) {
		if (rt) {
			memset(&rf, 0, sizeof(rf));
			rf.sc = *sc;
			rf.ss_flags = 2;             /* SS_DISABLE: no alternate stack */
			__asm__ volatile("mov %0, %%esp; int $0x80" : : "r"((char *)&rf + 4), "a"(173) : "memory");
		} else {
			memset(&f, 0, sizeof(f));
			f.sc = *sc;
			__asm__ volatile("mov %0, %%esp; int $0x80" : : "r"((char *)&f + 8), "a"(119) : "memory");
		}
		_exit(99);                       /* not reached: sigreturn does not return here */
	}
	return waitpid(pid, &status, 0) == pid ? wait_status(status) : "no child";
}

static void test_forged_frames(void)
{
	struct sigcontext_i386 sc;

	user_context(&sc, landed);
	say("mm: sigreturn with a forged user frame: %s", forge(&sc, 0));
	say("mm: rt_sigreturn with a forged user frame: %s", forge(&sc, 1));
	sc.cs = 0x60;                        /* __KERNEL_CS, __KERNEL_DS: Linux's i386 values */
	sc.ss = 0x68;
	say("mm: sigreturn with kernel cs and ss: %s", forge(&sc, 0));
	say("mm: rt_sigreturn with kernel cs and ss: %s", forge(&sc, 1));
	user_context(&sc, landed);
	sc.ds = sc.es = 0x68;
	say("mm: sigreturn with kernel data selectors: %s", forge(&sc, 0));
	user_context(&sc, landed_cli);
	sc.eflags |= 0x3000 | 0x4000;        /* IOPL 3 and NT */
	say("mm: sigreturn with IOPL 3, then cli: %s", forge(&sc, 0));
	user_context(&sc, landed);
	sc.eip = 0xC0100000;                 /* the kernel's text */
	say("mm: sigreturn to a kernel eip: %s", forge(&sc, 0));
}

static const struct check_case tests[] = {
	{ "vfork", test_vfork }, { "vfork_exec", test_vfork_exec }, { "spawn", test_spawn },
	{ "clone3", test_clone3 }, { "forged_frames", test_forged_frames },
};

int main(int argc, char **argv)
{
	self = argv[0];
	if (argc > 2 && !strcmp(argv[1], "--child"))
		return child_main(argv[2]);
	return run_cases(tests, sizeof(tests) / sizeof(tests[0]), argc, argv);
}
