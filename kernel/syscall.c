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

/*
 * A call the kernel knows and does not provide (rseq: restartable sequences, which glibc
 * registers at start-up and does without): -ENOSYS, without the log line of an unknown number.
 */
long sys_ni_syscall(void)
{
	return -ENOSYS;
}

/* From do_trap for int 0x80, with interrupts off; the call itself runs with them on. */
void do_syscall(struct pt_regs *regs)
{
	u32 nr = regs->eax;
	const struct syscall_entry *e = nr < NR_syscalls ? &syscall_table[nr] : NULL;

	sti();
	current->syscall_nr = nr;
	current->restart_intr = false;
	current->ioac.syscalls++;                /* two mode switches: in, and back out */
	if (!e || !e->fn) {
		report_unknown(regs);
		regs->eax = (u32)-ENOSYS;
		return;
	}
	regs->eax = (u32)e->fn(regs);
	if (current->nr_held)
		fput_held();                     /* the descriptors it used may be closed now */
}

/* The name of a system call, for logs and tests ("?" if unknown). */
const char *syscall_name(unsigned nr)
{
	return nr < NR_syscalls && syscall_table[nr].name ? syscall_table[nr].name : "?";
}
