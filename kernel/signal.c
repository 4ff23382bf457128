/*
 * Signals: kill, default actions, and the bookkeeping of rt_sigaction and rt_sigprocmask.
 */
#include <kernel/signal.h>
#include <kernel/sched.h>
#include <kernel/syscall.h>
#include <kernel/uaccess.h>
#include <kernel/errno.h>
#include <kernel/printk.h>
#include <kernel/string.h>

#define sigbit(sig) (1ull << ((sig) - 1))
#define SIG_KERNEL_ONLY (sigbit(SIGKILL) | sigbit(SIGSTOP))
/* Signals whose default action is to do nothing (stop/continue are not implemented: ignored). */
#define SIG_DEFAULT_IGNORE (sigbit(SIGCHLD) | sigbit(SIGURG) | sigbit(SIGWINCH) | sigbit(SIGCONT) | \
			    sigbit(SIGSTOP) | sigbit(SIGTSTP) | sigbit(SIGTTIN) | sigbit(SIGTTOU))

static const char *const signal_names[] = {
	[SIGHUP] = "SIGHUP", [SIGINT] = "SIGINT", [SIGQUIT] = "SIGQUIT", [SIGILL] = "SIGILL",
	[SIGTRAP] = "SIGTRAP", [SIGABRT] = "SIGABRT", [SIGBUS] = "SIGBUS", [SIGFPE] = "SIGFPE",
	[SIGKILL] = "SIGKILL", [SIGUSR1] = "SIGUSR1", [SIGSEGV] = "SIGSEGV", [SIGUSR2] = "SIGUSR2",
	[SIGPIPE] = "SIGPIPE", [SIGALRM] = "SIGALRM", [SIGTERM] = "SIGTERM", [SIGCHLD] = "SIGCHLD",
};

const char *signal_name(int sig)
{
	if (sig > 0 && sig < (int)ARRAY_SIZE(signal_names) && signal_names[sig])
		return signal_names[sig];
	return "signal";
}

int send_sig(int sig, struct task_struct *t)
{
	if (sig < 1 || sig > _NSIG)
		return -EINVAL;
	if (t->state == TASK_ZOMBIE)
		return 0;
	t->sigpending |= sigbit(sig);
	if (t->state == TASK_INTERRUPTIBLE)
		wake_up_process(t);
	return 0;
}

void force_sig(int sig)
{
	current->sigactions[sig - 1].handler = SIG_DFL;   /* as Linux: a fault cannot be ignored */
	current->sigmask &= ~sigbit(sig);
	current->sigpending |= sigbit(sig);
}

bool signal_pending(struct task_struct *t)
{
	return t->sigpending & (~t->sigmask | SIG_KERNEL_ONLY);
}

void do_signal(struct pt_regs *regs)
{
	(void)regs;
	while (signal_pending(current)) {
		u64 ready = current->sigpending & (~current->sigmask | SIG_KERNEL_ONLY);
		int sig = (u32)ready ? __builtin_ctz((u32)ready) + 1 : __builtin_ctz((u32)(ready >> 32)) + 33;
		unsigned long handler = current->sigactions[sig - 1].handler;

		current->sigpending &= ~sigbit(sig);
		if (sig == SIGKILL || handler == SIG_DFL) {
			if (sigbit(sig) & SIG_DEFAULT_IGNORE && sig != SIGKILL)
				continue;
			do_exit(sig);                        /* terminated by the signal */
		}
		if (handler == SIG_IGN)
			continue;
		printk(KERN_WARNING "%s[%d]: %s has a handler, but this kernel does not call signal "
		       "handlers yet: discarded\n", current->comm, current->pid, signal_name(sig));
	}
}

/* kill(pid, sig). Every process is its own process group here: pid 0 means the caller. */
long sys_kill(long pid, long sig)
{
	struct task_struct *t;

	if (sig < 0 || sig > _NSIG)
		return -EINVAL;
	if (pid == 0 || pid == -(long)current->pid)
		pid = current->pid;
	if (pid == -1) {
		for (int p = 2; p < 32768; p++) {
			t = find_task_by_pid(p);
			if (t && t != current && sig)
				send_sig((int)sig, t);
		}
		return 0;
	}
	t = find_task_by_pid(pid < 0 ? (int)-pid : (int)pid);
	if (!t || t->state == TASK_ZOMBIE)
		return -ESRCH;
	return sig ? send_sig((int)sig, t) : 0;
}

/* rt_sigaction(sig, act, oldact, sigsetsize): the i386 struct is handler, flags, restorer, mask. */
long sys_rt_sigaction(long sig, const void *uact, void *uoact, long sigsetsize)
{
	struct sigaction_k new;

	if (sigsetsize != 8 || sig < 1 || sig > _NSIG)
		return -EINVAL;
	if (uact && (sig == SIGKILL || sig == SIGSTOP))
		return -EINVAL;
	if (uact && copy_from_user(&new, uact, sizeof(new)))
		return -EFAULT;
	if (uoact && copy_to_user(uoact, &current->sigactions[sig - 1], sizeof(new)))
		return -EFAULT;
	if (uact)
		current->sigactions[sig - 1] = new;
	return 0;
}

#define SIG_BLOCK 0
#define SIG_UNBLOCK 1
#define SIG_SETMASK 2

long sys_rt_sigprocmask(long how, const void *uset, void *uoset, long sigsetsize)
{
	u64 set, old = current->sigmask;

	if (sigsetsize != 8)
		return -EINVAL;
	if (uset) {
		if (copy_from_user(&set, uset, 8))
			return -EFAULT;
		if (how == SIG_BLOCK)
			current->sigmask |= set;
		else if (how == SIG_UNBLOCK)
			current->sigmask &= ~set;
		else if (how == SIG_SETMASK)
			current->sigmask = set;
		else
			return -EINVAL;
		current->sigmask &= ~SIG_KERNEL_ONLY;
	}
	if (uoset && copy_to_user(uoset, &old, 8))
		return -EFAULT;
	return 0;
}
