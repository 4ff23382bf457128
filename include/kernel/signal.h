/*
 * Signals, with Linux's i386 numbers and frames: sending (kill, faults), default actions
 * (terminate or ignore), handlers called on the user stack with a Linux-layout sigframe or
 * rt_sigframe and returned from through sigreturn/rt_sigreturn, sa_mask, SA_NODEFER,
 * SA_RESETHAND, SA_SIGINFO, SA_RESTART (for read, readv, wait4, waitpid), rt_sigprocmask.
 */
#pragma once
#include <types.h>
#include <kernel/sched.h>

#include <asm/signal.h>          /* the signal numbers */

#define SIG_DFL 0ul
#define SIG_IGN 1ul

struct task_struct;
struct pt_regs;

/* Mark a signal pending on a task and wake it if it sleeps. 0, or -EINVAL for a bad number. */
int send_sig(int sig, struct task_struct *t);
int send_sig_kernel(int sig, struct task_struct *t);   /* from a timer: si_code SI_KERNEL */

/* Send a signal to current that cannot be ignored or blocked (faults). */
void force_sig(int sig);

/* force_sig for a fault, with what its siginfo says: si_code and the faulting address. */
void force_sig_fault(int sig, int code, unsigned long addr);

#define SEGV_MAPERR 1      /* no mapping at the address */
#define SEGV_ACCERR 2      /* a mapping, but not this kind of access */
#define BUS_ADRERR 2       /* a file mapping's page past the end of the file */
#define ILL_BADSTK 8       /* the return to user mode failed (a bad frame given to sigreturn) */
#define SI_USER 0
#define SI_KERNEL 0x80
#define SI_TKILL (-6)      /* tkill, tgkill: one thread */

bool parent_reaps_automatically(struct task_struct *parent);

/* Would sig kill t rather than run a handler (SIG_DFL, or SIG_IGN, which a forced signal overrides)? */
static inline bool unhandled_signal(const struct task_struct *t, int sig)
{
	unsigned long handler = t->sighand->action[sig - 1].handler;

	return handler == SIG_DFL || handler == SIG_IGN;
}

/* Caught signals back to SIG_DFL; ignored ones stay ignored (execve, clone3's CLONE_CLEAR_SIGHAND). */
void flush_signal_handlers(struct task_struct *t);

/* Is SIGKILL pending: the task is going to die, so a wait that only it may end ends (vfork)? */
bool fatal_signal_pending(const struct task_struct *t);

/* On the way back to user mode: act on pending signals (may not return). */
void do_signal(struct pt_regs *regs);

const char *signal_name(int sig);

/* Send sig to every process of group pgid; is there a process of group pgid in session sid
 * (sid < 0: in any session)? */
void kill_pgrp(int pgid, int sig);
bool pgrp_in_session(int pgid, int sid);

/* A signal's bit in a mask; the signals no mask can block. */
#define sigbit(sig) (1ull << ((sig) - 1))
#define SIG_KERNEL_ONLY (sigbit(SIGKILL) | sigbit(SIGSTOP))

/*
 * Is a signal pending that would interrupt a sleep: one of the thread's own or the process's
 * that it does not block, or a stop another thread took? (Inline: every return to user mode
 * asks.)
 */
bool pending_not_blocked(const struct task_struct *t, u64 pending);   /* kernel/signal.c */

/* Every signal pending for t, its own and its process's, blocked or not. */
static inline u64 signals_pending(const struct task_struct *t)
{
	return t->sigpending | t->signal->shared_pending;
}

static inline bool unblocked_signal_pending(const struct task_struct *t)
{
	u64 pending = signals_pending(t);

	/* nothing pending is the common case, asked on every return to user mode: test it first,
	 * inline; the mask only when something is */
	return pending && pending_not_blocked(t, pending);
}

/* signal_work is set whenever a signal is pending (blocked or not): without it, none is. */
static inline bool signal_pending(const struct task_struct *t)
{
	return t->jobctl_stop || (t->signal_work && unblocked_signal_pending(t));
}

/*
 * Anything to do before this task returns to user mode: a switch, a signal, a stop, a mask, a
 * frame to check? One test of exit_work: signals are in it as signal_work, which whoever makes
 * a signal pending sets (signal_work_set) and exit_to_user_mode works out again.
 */
static inline bool exit_work_pending(const struct task_struct *t)
{
	return t->exit_work != 0;
}

/* A signal was made pending for t itself, or (group) for its whole process. */
void signal_work_set(struct task_struct *t, bool group);

/* Core dumps (kernel/coredump.c): does sig's default action dump core; write one ("core" in the
 * working directory), true if the file was made (the wait status then says "core dumped"). */
struct pt_regs;
bool sig_coredumps(int sig);
bool do_coredump(int sig, const struct pt_regs *regs);
