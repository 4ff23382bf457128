/*
 * The system-call table, by Linux i386 number (arch/x86/entry/syscalls/syscall_32.tbl;
 * musl's bits/syscall.h lists the same). A number without an entry returns -ENOSYS and is
 * logged with the program's name, a few times per process.
 */
#include <kernel/syscall.h>
#include <kernel/sched.h>
#include <kernel/errno.h>
#include <kernel/printk.h>
#include <kernel/signal.h>
#include <asm/ptrace.h>
#include <asm/x86.h>

typedef long (*syscall_fn)(long, long, long, long, long, long);
typedef long (*syscall_regs_fn)(struct pt_regs *);

struct syscall_entry {
	const char *name;
	void *fn;
	bool wants_regs;            /* fork, clone, execve: they need the whole trap frame */
};

#define SYS(nr, f) [nr] = { #f, (void *)sys_##f, false }
#define SYS_REGS(nr, f) [nr] = { #f, (void *)sys_##f, true }
#define SYS_AS(nr, name, f) [nr] = { name, (void *)sys_##f, false }

static const struct syscall_entry syscall_table[] = {
	SYS(1, exit), SYS_REGS(2, fork), SYS(3, read), SYS(4, write), SYS(5, open), SYS(6, close),
	SYS(7, waitpid), SYS(10, unlink), SYS_REGS(11, execve), SYS(12, chdir), SYS(13, time), SYS(19, lseek), SYS(21, mount), SYS(27, alarm), SYS(29, pause),
	SYS(20, getpid), SYS_AS(24, "getuid", getuid), SYS(33, access), SYS(37, kill), SYS(38, rename), SYS(39, mkdir), SYS(40, rmdir),
	SYS(41, dup), SYS(43, times), SYS(42, pipe), SYS(45, brk), SYS_AS(47, "getgid", getuid), SYS_AS(49, "geteuid", getuid),
	SYS_AS(50, "getegid", getuid), SYS(54, ioctl), SYS(55, fcntl), SYS(60, umask), SYS(63, dup2),
	SYS(64, getppid), SYS_AS(76, "getrlimit", getrlimit), SYS(77, getrusage), SYS(85, readlink), SYS(88, reboot), SYS(104, setitimer), SYS(105, getitimer), SYS(78, gettimeofday), SYS_AS(90, "mmap", old_mmap), SYS(91, munmap), SYS(92, truncate), SYS(93, ftruncate),
	SYS_AS(106, "stat", newstat), SYS_AS(107, "lstat", newstat), SYS_AS(108, "fstat", newfstat),
	SYS(114, wait4), SYS(116, sysinfo), SYS_REGS(119, sigreturn), SYS_REGS(120, clone), SYS(122, uname), SYS(125, mprotect),
	SYS_AS(140, "_llseek", llseek), SYS(144, msync), SYS(145, readv), SYS(146, writev), SYS(150, mlock), SYS(151, munlock), SYS(158, sched_yield),
	SYS(162, nanosleep), SYS(163, mremap), SYS_REGS(173, rt_sigreturn), SYS(174, rt_sigaction), SYS(175, rt_sigprocmask),
	SYS(176, rt_sigpending), SYS(179, rt_sigsuspend), SYS(180, pread64), SYS(181, pwrite64),
	SYS(183, getcwd), [186] = { "sigaltstack", (void *)sys_sigaltstack_regs, true }, SYS_AS(190, "vfork", fork), SYS_AS(191, "ugetrlimit", getrlimit), SYS(192, mmap2), SYS(193, truncate64), SYS(194, ftruncate64), SYS(195, stat64),
	SYS_AS(196, "lstat64", stat64), SYS(197, fstat64), SYS_AS(199, "getuid32", getuid),
	SYS_AS(200, "getgid32", getuid), SYS_AS(201, "geteuid32", getuid),
	SYS_AS(202, "getegid32", getuid), SYS(218, mincore), SYS(219, madvise), SYS(220, getdents64), SYS_AS(221, "fcntl64", fcntl),
	SYS(224, gettid), SYS(238, tkill), SYS(243, set_thread_area), SYS(244, get_thread_area),
	SYS_AS(252, "exit_group", exit), SYS(258, set_tid_address), SYS(265, clock_gettime), SYS(270, tgkill),
	SYS(267, clock_nanosleep), SYS(295, openat), SYS(296, mkdirat), SYS(300, fstatat64), SYS(301, unlinkat), SYS(302, renameat), SYS(353, renameat2), SYS(311, set_robust_list), SYS(330, dup3), SYS(331, pipe2),
	SYS(340, prlimit64), SYS(355, getrandom), SYS(383, statx),
	SYS(403, clock_gettime64), SYS(407, clock_nanosleep_time64),
};

#define NR_SYSCALLS ARRAY_SIZE(syscall_table)
#define ENOSYS_REPORTS 5            /* per process, so a fuzzer cannot flood the console */

static void report_unknown(const struct pt_regs *regs)
{
	static int last_pid = -1, reports;

	if (current->pid != last_pid) {
		last_pid = current->pid;
		reports = 0;
	}
	if (reports++ < ENOSYS_REPORTS)
		printk(KERN_INFO "%s[%d]: unknown system call %u (ebx=%#x ecx=%#x edx=%#x): -ENOSYS\n",
		       current->comm, current->pid, regs->eax, regs->ebx, regs->ecx, regs->edx);
	else if (reports == ENOSYS_REPORTS + 1)
		printk(KERN_INFO "%s[%d]: more unknown system calls, no longer reported\n",
		       current->comm, current->pid);
}

/* From do_trap for int 0x80, with interrupts off; the call itself runs with them on. */
void do_syscall(struct pt_regs *regs)
{
	u32 nr = regs->eax;
	const struct syscall_entry *e = nr < NR_SYSCALLS ? &syscall_table[nr] : NULL;

	sti();
	current->syscall_nr = nr;
	if (!e || !e->fn) {
		report_unknown(regs);
		regs->eax = (u32)-ENOSYS;
		return;
	}
	if (e->wants_regs)
		regs->eax = (u32)((syscall_regs_fn)e->fn)(regs);
	else
		regs->eax = (u32)((syscall_fn)e->fn)((long)regs->ebx, (long)regs->ecx, (long)regs->edx,
						     (long)regs->esi, (long)regs->edi, (long)regs->ebp);
}

/* The name of a system call, for logs and tests ("?" if unknown). */
const char *syscall_name(unsigned nr)
{
	return nr < NR_SYSCALLS && syscall_table[nr].name ? syscall_table[nr].name : "?";
}
