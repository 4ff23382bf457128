/*
 * Flags a user program may set before a system call: NT (nested task), AC (alignment check) and
 * TF (single-step, with a SIGTRAP handler that lets it go on). None of them is the kernel's
 * business: each call must work and the program go on, by int 0x80 and by sysenter (the vDSO).
 */
#include <signal.h>
#include <stdio.h>
#include <unistd.h>
#include <sys/syscall.h>

#define X86_EFLAGS_TF 0x100
#define X86_EFLAGS_NT 0x4000
#define X86_EFLAGS_AC 0x40000

static volatile int traps;

static void on_trap(int sig)
{
	(void)sig;
	traps++;
}

/* getpid by int 0x80 with extra flags set around it; the flags as they were after the call */
static unsigned long int80_with(unsigned long flags, long *pid)
{
	unsigned long after;
	long r;

	__asm__ volatile("pushfl; orl %3, (%%esp); popfl; int $0x80; pushfl; popl %1; "
			 "pushfl; andl %4, (%%esp); popfl"
			 : "=a"(r), "=&r"(after) : "0"(SYS_getpid), "r"(flags), "r"(~flags) : "memory", "cc");
	*pid = r;
	return after;
}

/* getpid through the C library (the vDSO's sysenter) with extra flags set around it */
static long libc_with(unsigned long flags)
{
	long r;

	__asm__ volatile("pushfl; orl %0, (%%esp); popfl" : : "r"(flags) : "memory", "cc");
	r = getpid();
	__asm__ volatile("pushfl; andl %0, (%%esp); popfl" : : "r"(~flags) : "memory", "cc");
	return r;
}

int main(void)
{
	long pid = getpid(), got;
	unsigned long after;

	after = int80_with(X86_EFLAGS_NT, &got);
	printf("eflags: NT by int 0x80: pid %s, NT kept %s\n", got == pid ? "right" : "wrong",
	       after & X86_EFLAGS_NT ? "yes" : "no");
	got = libc_with(X86_EFLAGS_NT);
	printf("eflags: NT by sysenter: pid %s\n", got == pid ? "right" : "wrong");
	after = int80_with(X86_EFLAGS_AC, &got);
	printf("eflags: AC by int 0x80: pid %s, AC kept %s\n", got == pid ? "right" : "wrong",
	       after & X86_EFLAGS_AC ? "yes" : "no");
	got = libc_with(X86_EFLAGS_AC);
	printf("eflags: AC by sysenter: pid %s\n", got == pid ? "right" : "wrong");
	signal(SIGTRAP, on_trap);
	after = int80_with(X86_EFLAGS_TF, &got);
	printf("eflags: TF by int 0x80: pid %s, traps seen %s\n", got == pid ? "right" : "wrong",
	       traps > 0 ? "yes" : "no");
	traps = 0;
	got = libc_with(X86_EFLAGS_TF);
	printf("eflags: TF by sysenter: pid %s, traps seen %s\n", got == pid ? "right" : "wrong",
	       traps > 0 ? "yes" : "no");
	printf("eflags: done\n");
	return 0;
}
