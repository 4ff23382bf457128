/*
 * System-call dispatch: the number in eax picks a row of the table generated from
 * kernel/syscall_32.tbl (Linux's i386 numbers), whose wrapper reads the arguments from the
 * trap frame and calls the sys_* entry point. A number without a row returns -ENOSYS and is
 * logged with the program's name, a few times per process.
 */
#include <kernel/syscall.h>
#include <kernel/sched.h>
#include <linux/errno.h>
#include <kernel/printk.h>
#include <kernel/signal.h>
#include <asm/ptrace.h>
#include <asm/x86.h>
#include <fs/fs.h>
#include <fs/file.h>

#define ENOSYS_REPORTS 5            /* per process, so a fuzzer cannot flood the console */

/* A number without a call: -ENOSYS, logged with the program's name a few times per process. */
long unknown_syscall(const struct pt_regs *regs)
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
	return -ENOSYS;
}

/*
 * A call the kernel knows and does not provide (rseq: restartable sequences, which glibc
 * registers at start-up and does without): -ENOSYS, without the log line of an unknown number.
 */
long sys_ni_syscall(void)
{
	return -ENOSYS;
}

/* The call in regs->eax, with interrupts on; its result in regs->eax. */
static __attribute__((always_inline)) inline void dispatch(struct task_struct *t, struct pt_regs *regs)
{
	u32 nr = regs->eax;

	t->syscall_nr = nr;
	t->restart_intr = false;
	t->ioac.syscalls++;                      /* two mode switches: in, and back out */
	regs->eax = (u32)(nr < NR_syscalls ? syscall_table[nr].fn : unknown_syscall)(regs);
	if (t->nr_held)
		fput_held();                     /* the descriptors it used may be closed now */
}

/* From do_trap for int 0x80, with interrupts off; the call itself runs with them on. */
void do_syscall(struct pt_regs *regs)
{
	sti();
	dispatch(current, regs);
}

/*
 * A system call that came in by sysenter (kernel/entry.asm: sysenter_entry, with the frame
 * built, interrupts on and the sixth argument read): run it, and say, with interrupts off
 * again, whether the way out needs exit_to_user_mode. It does not when nothing is pending and
 * the frame is as sysenter_entry made it, with the landing pad, user-mode selectors and flags.
 * What could change that says so in frame_check, one of the exit_work flags: a call that
 * rewrote the frame (execve, sigreturn) or made a selector in it stale (set_thread_area), and
 * sysenter_entry itself when it had to clear NT, AC or TF (the way back is then iret, which
 * restores them, and whose single-step trap comes after the first user instruction). The
 * dispatch is inlined here: this is the path every musl and glibc system call takes.
 */
bool __attribute__((regparm(1))) do_syscall_fast(struct pt_regs *regs)
{
	struct task_struct *t = current;

	dispatch(t, regs);
	cli();
	return exit_work_pending(t);
}

/* The name of a system call, for logs and tests ("?" if unknown). */
const char *syscall_name(unsigned nr)
{
	return nr < NR_syscalls && syscall_table[nr].name ? syscall_table[nr].name : "?";
}
