/*
 * Signals: kill, default actions, and the bookkeeping of rt_sigaction and rt_sigprocmask.
 *
 * A signal is sent to a process (kill, SIGCHLD, SIGPIPE, the terminal's, timers: pending in
 * signal->shared_pending, taken by whichever thread does not block it) or to one thread (tgkill,
 * tkill, faults: pending in its own sigpending). Handlers are the process's (sighand), masks each
 * thread's own. A signal whose action is to terminate ends every thread; a stop signal stops
 * every thread, and SIGCONT continues them all.
 */
#include <kernel/signal.h>
#include <kernel/sched.h>
#include <kernel/syscall.h>
#include <kernel/uaccess.h>
#include <linux/errno.h>
#include <kernel/printk.h>
#include <kernel/string.h>
#include <asm/ptrace.h>
#include <asm/segment.h>
#include <asm/x86.h>

/* Is one of the pending signals not blocked (SIGKILL and SIGSTOP never are)? */
bool pending_not_blocked(const struct task_struct *t, u64 pending)
{
	return pending & (~t->sigmask | SIG_KERNEL_ONLY);
}

/* Signals whose default action is to do nothing, and those whose default is to stop. */
#define SIG_DEFAULT_IGNORE (sigbit(SIGCHLD) | sigbit(SIGURG) | sigbit(SIGWINCH) | sigbit(SIGCONT))
#define SIG_STOP_MASK (sigbit(SIGSTOP) | sigbit(SIGTSTP) | sigbit(SIGTTIN) | sigbit(SIGTTOU))

#define SA_NOCLDSTOP 1

/* Tell t's parent that t stopped or continued: SIGCHLD (unless it asked not to) and a wake-up. */
static void notify_parent_stop(struct task_struct *t)
{
	struct task_struct *p = t->group_leader->parent;

	if (!p)
		return;
	if (!(p->sighand->action[SIGCHLD - 1].flags & SA_NOCLDSTOP))
		send_sig(SIGCHLD, p);
	wake_up(p->signal);                          /* a wait4 in any of its threads */
}

/*
 * A process group is orphaned when no member has a parent outside the group but inside the
 * session: no shell is left to continue it, so the terminal's stop signals are not obeyed.
 */
struct orphan_check {
	int pgid;
	bool orphaned;
};

static void check_member(struct task_struct *t, void *arg)
{
	struct orphan_check *o = arg;

	/* a parent that is init does not count, as in Linux's will_become_orphaned_pgrp */
	if (t->pid && t->pgid == o->pgid && t->state != TASK_ZOMBIE && t->parent && t->parent->pid != 1 &&
	    t->parent->pgid != o->pgid && t->parent->sid == t->sid)
		o->orphaned = false;
}

static bool pgrp_orphaned(int pgid)
{
	struct orphan_check o = { pgid, true };

	for_each_task(check_member, &o);
	return o.orphaned;
}

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

#define SA_NOCLDWAIT 0x00000002
#define SA_SIGINFO 0x00000004
#define SA_ONSTACK 0x08000000
#define SA_RESTORER 0x04000000
#define SA_RESTART 0x10000000
#define SA_NODEFER 0x40000000
#define SA_RESETHAND 0x80000000

/* Would this signal be thrown away on arrival? (Linux's sig_ignored: only when not blocked.) */
static bool sig_ignored(struct task_struct *t, int sig)
{
	unsigned long handler = t->sighand->action[sig - 1].handler;

	/* init gets only the signals it has handlers for (Linux's SIGNAL_UNKILLABLE) */
	if (t->tgid == 1 && handler == SIG_DFL)
		return true;
	if (t->sigmask & sigbit(sig) || sig == SIGKILL)
		return false;
	return handler == SIG_IGN || (handler == SIG_DFL && (sigbit(sig) & SIG_DEFAULT_IGNORE));
}

/* Record what a pending signal's siginfo will say. */
static void fill_info(struct siginfo_slot *info, s32 code)
{
	info->code = code;
	info->pid = current ? (u32)current->tgid : 0;
	info->addr = 0;
}

/* Every thread of the process: stop signals pending go at SIGCONT, a pending SIGCONT at a stop. */
static void flush_pending(struct task_struct *t, u64 mask)
{
	struct task_struct *o;

	t->signal->shared_pending &= ~mask;
	for_each_thread(t, o)
		o->sigpending &= ~mask;
}

/* SIGCONT: every stopped thread runs again, and the parent hears of it once. */
static void continue_group(struct task_struct *t)
{
	struct signal_struct *sig = t->signal;
	struct task_struct *o;

	if (!sig->group_stop)
		return;
	sig->group_stop = 0;
	t->group_leader->stop_report = 0;
	t->group_leader->cont_report = true;
	for_each_thread(t, o) {
		o->jobctl_stop = false;
		wake_up_stopped(o);
	}
	notify_parent_stop(t);
}

/*
 * The thread that will take a process-directed signal: t itself if it does not block it, else
 * another live thread that does not; if every thread blocks it, it waits, pending, for one to
 * unblock it.
 */
static struct task_struct *pick_thread(struct task_struct *t, int sig)
{
	struct task_struct *o;

	if (t->state != TASK_ZOMBIE && !(t->sigmask & sigbit(sig)))
		return t;
	for_each_thread(t, o)
		if (o->state != TASK_ZOMBIE && !(o->sigmask & sigbit(sig)))
			return o;
	return NULL;
}

void signal_work_set(struct task_struct *t, bool group)
{
	struct task_struct *o;

	if (!group) {
		t->signal_work = true;
		return;
	}
	for_each_thread(t, o)              /* any of them may be the one that takes it */
		o->signal_work = true;
}

static void signal_wake_up(struct task_struct *t)
{
	if (t->state == TASK_INTERRUPTIBLE)
		wake_up_process(t);
}

/*
 * Send sig to a process (group) or to one thread of it. An ignored signal is dropped at once;
 * SIGKILL to a process kills every thread at once, as Linux's complete_signal does.
 */
static int do_send_sig(int sig, struct task_struct *t, bool group, s32 code)
{
	struct signal_struct *ss = t->signal;

	if (sig < 1 || sig > _NSIG)
		return -EINVAL;
	if (ss->live == 0 || (!group && t->state == TASK_ZOMBIE))
		return 0;
	if (sig == SIGCONT) {
		flush_pending(t, SIG_STOP_MASK);
		continue_group(t);
	} else if (sigbit(sig) & SIG_STOP_MASK) {
		flush_pending(t, sigbit(SIGCONT));
	}
	if (sig == SIGKILL) {
		struct task_struct *o;
		for_each_thread(t, o)
			if (o->state == TASK_STOPPED)
				wake_up_stopped(o);          /* to die */
	}
	if (sig_ignored(t, sig))
		return 0;                                /* an ignored signal is dropped at once */
	if (!group) {
		t->sigpending |= sigbit(sig);
		signal_work_set(t, false);
		fill_info(&t->siginfo[sig - 1], code);
		signal_wake_up(t);
		return 0;
	}
	ss->shared_pending |= sigbit(sig);
	signal_work_set(t, true);
	fill_info(&ss->shared_info[sig - 1], code);
	if (sig == SIGKILL && !ss->group_exit && !ss->exec_waiter) {
		ss->group_exit = true;                   /* the whole process dies of it */
		ss->group_exit_code = SIGKILL;
		t = pick_thread(t, sig);
		if (t) {
			t->sigpending |= sigbit(SIGKILL);
			signal_work_set(t, false);
			zap_other_threads(t);
			signal_wake_up(t);
		}
		return 0;
	}
	t = pick_thread(t, sig);
	if (t)
		signal_wake_up(t);
	return 0;
}

int send_sig(int sig, struct task_struct *t)
{
	return do_send_sig(sig, t, true, SI_USER);
}

/* A signal from the kernel itself (a timer, the OOM killer): siginfo says SI_KERNEL, no sender. */
int send_sig_kernel(int sig, struct task_struct *t)
{
	int err = do_send_sig(sig, t, true, SI_KERNEL);

	if (!err && sig >= 1 && sig <= _NSIG)
		t->signal->shared_info[sig - 1].pid = 0;
	return err;
}

void force_sig_fault(int sig, int code, unsigned long addr)
{
	struct sigaction_k *ka = &current->sighand->action[sig - 1];

	/* as Linux: a fault that is blocked or ignored cannot be survived: back to the default */
	if (ka->handler == SIG_IGN || (current->sigmask & sigbit(sig))) {
		ka->handler = SIG_DFL;
		current->sigmask &= ~sigbit(sig);
	}
	current->sigpending |= sigbit(sig);
	signal_work_set(current, false);
	current->siginfo[sig - 1].code = code;
	current->siginfo[sig - 1].pid = 0;
	current->siginfo[sig - 1].addr = (u32)addr;
}

void force_sig(int sig)
{
	force_sig_fault(sig, SI_USER, 0);
}

/* ---------------------------------------------------------------- signal frames */

/* Linux's i386 struct sigcontext: what a handler's ucontext holds, what sigreturn restores. */
struct sigcontext_k {
	u32 gs, fs, es, ds, edi, esi, ebp, esp, ebx, edx, ecx, eax;
	u32 trapno, err, eip, cs, eflags, esp_at_signal, ss, fpstate, oldmask, cr2;
};

struct siginfo_k {                                   /* 128 bytes */
	s32 si_signo, si_errno, si_code;
	u32 fields[29];                              /* kill: pid, uid; faults: the address */
};

struct ucontext_k {
	u32 uc_flags, uc_link;
	u32 ss_sp, ss_flags, ss_size;                /* stack_t: no alternate stack here */
	struct sigcontext_k uc_mcontext;
	u64 uc_sigmask;
};

/* What a handler finds on its stack (Linux's struct rt_sigframe and struct sigframe, i386). */
struct rt_sigframe {
	u32 pretcode;                                /* return address: the restorer */
	s32 sig;
	u32 pinfo, puc;                              /* &info, &uc: the handler's 2nd and 3rd arguments */
	struct siginfo_k info;
	struct ucontext_k uc;
	u8 retcode[8];                               /* movl $173, %eax; int $0x80 */
};

struct sigframe {
	u32 pretcode;
	s32 sig;
	struct sigcontext_k sc;
	u32 extramask;                               /* the upper half of the saved mask */
	u8 retcode[8];                               /* popl %eax; movl $119, %eax; int $0x80 */
};

/* The layouts are Linux's i386 ones (u64 members are 4-byte aligned in the i386 ABI). */
BUILD_BUG_ON(sizeof(struct sigcontext_k) != 88);
BUILD_BUG_ON(sizeof(struct siginfo_k) != 128);
BUILD_BUG_ON(offsetof(struct ucontext_k, uc_sigmask) != 108);
BUILD_BUG_ON(offsetof(struct rt_sigframe, uc) != 144);

#define FIX_EFLAGS 0x00040DD5u                       /* AC OF DF TF SF ZF AF PF CF: what user code may set */

static void save_context(struct sigcontext_k *sc, const struct pt_regs *regs, u32 mask)
{
	memset(sc, 0, sizeof(*sc));
	sc->gs = regs->gs; sc->fs = regs->fs; sc->es = regs->es; sc->ds = regs->ds;
	sc->edi = regs->edi; sc->esi = regs->esi; sc->ebp = regs->ebp; sc->esp = regs->esp;
	sc->ebx = regs->ebx; sc->edx = regs->edx; sc->ecx = regs->ecx; sc->eax = regs->eax;
	sc->trapno = regs->trapno; sc->err = regs->err; sc->eip = regs->eip; sc->cs = regs->cs;
	sc->eflags = regs->eflags; sc->esp_at_signal = regs->esp; sc->ss = regs->ss;
	sc->oldmask = mask;
	sc->cr2 = read_cr2();
}

/* A data segment selector user code may load: null, user data, or the TLS entry. */
static u32 user_selector(u32 sel)
{
	sel &= 0xffff;
	return sel == 0 || sel == __USER_DS || sel == ((GDT_ENTRY_TLS_MIN << 3) | 3) ? sel : __USER_DS;
}

/*
 * Restore the registers a handler's frame holds. The frame is user memory, so what it says is
 * checked as Linux's iret would check it: code and stack selectors other than user mode's (after
 * forcing RPL 3, as Linux does) make the return fail, and the task gets SIGILL (ILL_BADSTK, Linux's
 * "iret exception"); an eip in kernel space faults at once: SIGSEGV. cs and ss are always user
 * mode's afterwards, so nothing here can send the task to ring 0.
 */
static void restore_context(struct pt_regs *regs, const struct sigcontext_k *sc)
{
	if (((sc->cs | 3) & 0xffff) != __USER_CS || ((sc->ss | 3) & 0xffff) != __USER_DS)
		force_sig_fault(SIGILL, ILL_BADSTK, 0);
	else if (sc->eip >= TASK_SIZE)
		force_sig_fault(SIGSEGV, SEGV_MAPERR, sc->eip);
	regs->gs = user_selector(sc->gs);
	regs->fs = user_selector(sc->fs);
	regs->es = user_selector(sc->es) ? user_selector(sc->es) : __USER_DS;
	regs->ds = user_selector(sc->ds) ? user_selector(sc->ds) : __USER_DS;
	regs->edi = sc->edi; regs->esi = sc->esi; regs->ebp = sc->ebp; regs->esp = sc->esp;
	regs->ebx = sc->ebx; regs->edx = sc->edx; regs->ecx = sc->ecx; regs->eax = sc->eax;
	regs->eip = sc->eip;
	regs->cs = __USER_CS;                        /* never anything but user code */
	regs->ss = __USER_DS;
	regs->eflags = (regs->eflags & ~FIX_EFLAGS) | (sc->eflags & FIX_EFLAGS) | X86_EFLAGS_IF;
	current->frame_check = true;
	if (fpu_restore_from_user((const void *)(unsigned long)sc->fpstate))
		force_sig(SIGSEGV);                  /* the FPU state is unreadable: as Linux */
}

static bool on_altstack(u32 sp)
{
	return current->altstack_size && sp - current->altstack_sp < current->altstack_size;
}

/*
 * Where the frame goes: below the interrupted stack (or at the top of the alternate stack, for
 * SA_ONSTACK handlers not already on it). First, at the top, the FPU state (64-byte aligned, as
 * Linux places it: *fpstate), then the frame below it, aligned as if the handler had been called.
 */
static u32 frame_address(const struct sigaction_k *ka, const struct pt_regs *regs, size_t size,
			 u32 *fpstate)
{
	u32 sp = regs->esp;

	if ((ka->flags & SA_ONSTACK) && current->altstack_size && !on_altstack(sp))
		sp = current->altstack_sp + current->altstack_size;
	sp = (sp - FPSTATE_SIZE) & ~63u;
	*fpstate = sp;
	sp -= (u32)size;
	return ((sp + 4) & ~15u) - 4;
}

/* Build the frame and point the registers at the handler. Returns 0, or -EFAULT (no stack). */
static int setup_frame(int sig, const struct siginfo_slot *si, const struct sigaction_k *ka,
		       struct pt_regs *regs, u64 oldmask)
{
	if (ka->flags & SA_SIGINFO) {
		struct rt_sigframe f;
		u32 fpstate, addr = frame_address(ka, regs, sizeof(f), &fpstate);
		memset(&f, 0, sizeof(f));
		f.sig = sig;
		f.pinfo = addr + offsetof(struct rt_sigframe, info);
		f.puc = addr + offsetof(struct rt_sigframe, uc);
		f.info.si_signo = sig;
		f.info.si_code = si->code;
		f.info.fields[0] = si->code == SI_USER || si->code == SI_TKILL ? si->pid : si->addr;
		save_context(&f.uc.uc_mcontext, regs, (u32)oldmask);
		f.uc.uc_mcontext.fpstate = fpstate;
		f.uc.ss_sp = current->altstack_sp;
		f.uc.ss_size = current->altstack_size;
		f.uc.ss_flags = !current->altstack_size ? 2 : on_altstack(regs->esp) ? 1 : 0; /* DISABLE, ONSTACK */
		f.uc.uc_sigmask = oldmask;
		memcpy(f.retcode, "\xb8\xad\x00\x00\x00\xcd\x80\x00", 8);
		f.pretcode = (ka->flags & SA_RESTORER) ? ka->restorer : addr + offsetof(struct rt_sigframe, retcode);
		if (copy_to_user((void *)(unsigned long)addr, &f, sizeof(f)) ||
		    fpu_save_to_user((void *)(unsigned long)fpstate))
			return -EFAULT;
		regs->esp = addr;
		regs->edx = f.pinfo;
		regs->ecx = f.puc;
	} else {
		struct sigframe f;
		u32 fpstate, addr = frame_address(ka, regs, sizeof(f), &fpstate);
		memset(&f, 0, sizeof(f));
		f.sig = sig;
		save_context(&f.sc, regs, (u32)oldmask);
		f.sc.fpstate = fpstate;
		f.extramask = (u32)(oldmask >> 32);
		memcpy(f.retcode, "\x58\xb8\x77\x00\x00\x00\xcd\x80", 8);
		f.pretcode = (ka->flags & SA_RESTORER) ? ka->restorer : addr + offsetof(struct sigframe, retcode);
		if (copy_to_user((void *)(unsigned long)addr, &f, sizeof(f)) ||
		    fpu_save_to_user((void *)(unsigned long)fpstate))
			return -EFAULT;
		regs->esp = addr;
		regs->edx = regs->ecx = 0;
	}
	regs->eip = (u32)ka->handler;
	regs->eax = (u32)sig;
	regs->cs = __USER_CS;
	regs->ds = regs->es = regs->ss = __USER_DS;
	regs->eflags &= ~(0x100u | 0x400u);          /* no single-stepping, direction up */
	return 0;
}

/* A system call interrupted by a signal whose handler has SA_RESTART runs again afterwards. */
static void maybe_restart(struct pt_regs *regs, const struct sigaction_k *ka)
{
	u32 nr = current->syscall_nr;

	if (regs->trapno != 0x80 || (s32)regs->eax != -EINTR || !(ka->flags & SA_RESTART))
		return;
	/* read, waitpid, wait4, readv, and calls that said so (futex waits without a timeout) */
	if (nr == 3 || nr == 7 || nr == 114 || nr == 145 || current->restart_intr) {
		regs->eax = nr;
		regs->eip -= 2;                                 /* back onto "int 0x80" */
	}
}

/*
 * A stop signal was taken: every thread of the process stops (each stops on its own way back to
 * user mode), and the parent hears of it once. The terminal's stop signals are not obeyed in an
 * orphaned process group.
 */
static bool do_group_stop(int sig)
{
	struct task_struct *leader = current->group_leader, *o;

	if (sig != SIGSTOP && pgrp_orphaned(current->pgid))
		return false;
	current->signal->group_stop = (u8)sig;
	leader->stop_report = (u8)sig;
	leader->cont_report = false;
	for_each_thread(current, o)
		if (o != current && o->state != TASK_ZOMBIE) {
			o->jobctl_stop = true;
			signal_wake_up(o);
		}
	notify_parent_stop(current);
	return true;
}

/* Stop here until SIGCONT; a system call the stop interrupted starts again, as no handler ran. */
static void stop_and_restart(struct pt_regs *regs)
{
	static const struct sigaction_k restart = { .flags = SA_RESTART };

	stop_current();
	maybe_restart(regs, &restart);
}

/*
 * The process dies of sig: first its core, if the signal dumps one and a dump can be written
 * (kernel/coredump.c); then every thread ends, the wait status saying which signal, and 0x80
 * if there is a core.
 */
static void __noreturn die_of(int sig, const struct pt_regs *regs)
{
	if (sig_coredumps(sig) && do_coredump(sig, regs))
		sig |= 0x80;                                /* WCOREDUMP */
	do_group_exit(sig);
}

void do_signal(struct pt_regs *regs)
{
	while (signal_pending(current)) {
		u64 allowed = ~current->sigmask | SIG_KERNEL_ONLY;
		u64 own = current->sigpending & allowed, shared = current->signal->shared_pending & allowed;
		u64 ready = own ? own : shared;
		int sig;
		struct sigaction_k *ka;
		struct siginfo_slot info;
		/* after sigsuspend the handler's frame keeps the mask from before it */
		u64 oldmask = current->restore_sigmask ? current->saved_sigmask : current->sigmask;

		if (current->jobctl_stop) {              /* another thread took a stop signal */
			current->jobctl_stop = false;
			if (current->signal->group_stop && !fatal_signal_pending(current))
				stop_and_restart(regs);
			continue;
		}
		sig = (u32)ready ? __builtin_ctz((u32)ready) + 1 : __builtin_ctz((u32)(ready >> 32)) + 33;
		ka = &current->sighand->action[sig - 1];
		if (own) {                               /* the thread's own signals first, as Linux */
			current->sigpending &= ~sigbit(sig);
			info = current->siginfo[sig - 1];
		} else {
			current->signal->shared_pending &= ~sigbit(sig);
			info = current->signal->shared_info[sig - 1];
		}
		if (sig != SIGKILL && ka->handler == SIG_DFL && (sigbit(sig) & SIG_STOP_MASK)) {
			if (do_group_stop(sig))
				stop_and_restart(regs);
			continue;
		}
		if (sig == SIGKILL || ka->handler == SIG_DFL) {
			if (sigbit(sig) & SIG_DEFAULT_IGNORE && sig != SIGKILL)
				continue;
			die_of(sig, regs);                   /* terminated by the signal: every thread */
		}
		if (ka->handler == SIG_IGN)
			continue;
		if (ka->handler >= TASK_SIZE) {
			/* a handler in kernel space: as on Linux, the jump to it faults (SIGSEGV) */
			if (sig == SIGSEGV) {
				ka->handler = SIG_DFL;
				die_of(SIGSEGV, regs);
			}
			force_sig_fault(SIGSEGV, SEGV_MAPERR, ka->handler);
			continue;
		}
		maybe_restart(regs, ka);
		if (setup_frame(sig, &info, ka, regs, oldmask)) {
			/* no room for the frame (the stack is gone): the process dies of SIGSEGV */
			ka->handler = SIG_DFL;
			die_of(SIGSEGV, regs);
		}
		current->sigmask |= ka->mask | ((ka->flags & SA_NODEFER) ? 0 : sigbit(sig));
		current->sigmask &= ~SIG_KERNEL_ONLY;
		current->restore_sigmask = false;            /* sigreturn restores it from the frame */
		if (ka->flags & SA_RESETHAND)
			ka->handler = SIG_DFL;
		return;                                      /* one handler per return to user mode */
	}
	if (current->restore_sigmask) {                  /* no handler ran: sigsuspend's mask ends now */
		current->sigmask = current->saved_sigmask;
		current->restore_sigmask = false;
	}
}

/* Sleep until a signal is pending that is not blocked. */
static void wait_for_signal(void)
{
	u32 flags = local_irq_save();

	while (!signal_pending(current))
		sleep_on(&current->sigpending);
	local_irq_restore(flags);
}

/* pause: sleep until a signal runs a handler (then EINTR) or ends the process. */
long sys_pause(void)
{
	wait_for_signal();
	return -EINTR;
}

/* rt_sigsuspend: wait for a signal with a temporary mask; the old mask is back after the handler. */
long sys_rt_sigsuspend(const void *umask, long sigsetsize)
{
	u64 mask;

	if (sigsetsize != 8)
		return -EINVAL;
	if (copy_from_user(&mask, umask, sizeof(mask)))
		return -EFAULT;
	current->saved_sigmask = current->sigmask;
	current->restore_sigmask = true;
	current->sigmask = mask & ~SIG_KERNEL_ONLY;
	wait_for_signal();
	return -EINTR;
}

/* rt_sigreturn: the handler returned; restore the interrupted registers and mask. */
long sys_rt_sigreturn(void)
{
	struct pt_regs *regs = current_pt_regs();
	struct rt_sigframe f;

	if (copy_from_user(&f, (void *)(unsigned long)(regs->esp - 4), sizeof(f))) {
		force_sig(SIGSEGV);
		return (long)regs->eax;
	}
	/* the mask first: a bad frame's forced signal must not end up blocked by it */
	current->sigmask = f.uc.uc_sigmask & ~SIG_KERNEL_ONLY;
	restore_context(regs, &f.uc.uc_mcontext);
	return (long)regs->eax;                          /* eax as it was when the signal came */
}

/* sigreturn: the same for a frame without siginfo. */
long sys_sigreturn(void)
{
	struct pt_regs *regs = current_pt_regs();
	struct sigframe f;

	if (copy_from_user(&f, (void *)(unsigned long)(regs->esp - 8), sizeof(f))) {
		force_sig(SIGSEGV);
		return (long)regs->eax;
	}
	current->sigmask = (f.sc.oldmask | ((u64)f.extramask << 32)) & ~SIG_KERNEL_ONLY;
	restore_context(regs, &f.sc);
	return (long)regs->eax;
}

/* kill(pid, sig). Every process is its own process group here: pid 0 means the caller. */
struct group_kill {
	int pgid;                        /* the group (init's is 0) */
	int sig;
	int found;
	int sent;                        /* found, and the caller may signal it */
	bool all;                        /* kill(-1): every process but init and the caller */
	bool from_kernel;                /* the terminal's signals: no permission to check */
};

static void kill_one(struct task_struct *t, void *arg)
{
	struct group_kill *k = arg;

	/* once per process: its leader stands for it (a zombie leader too, while threads live) */
	if (t->pid == 0 || t != t->group_leader || t->signal->live == 0)
		return;
	if (k->all ? (t->tgid == 1 || t->tgid == current->tgid) : t->pgid != k->pgid)
		return;
	k->found++;
	if (!k->from_kernel && !may_signal(t, k->sig))
		return;                          /* another user's process */
	k->sent++;
	if (k->sig)
		send_sig(k->sig, t);
}

/*
 * kill: pid > 0 one process; 0 the caller's process group; -1 every process but init and the
 * caller; < -1 the group -pid. ESRCH when nothing matched; EPERM when the caller may signal
 * none of a group (a process of another user: may_signal). kill(-1) succeeds if it found any,
 * as Linux's does, even when it could signal none of them.
 */
long sys_kill(long pid, long sig)
{
	struct task_struct *t;
	struct group_kill k = { .sig = (int)sig };

	if (sig < 0 || sig > _NSIG)
		return -EINVAL;
	if (pid == (long)0x80000000)
		return -ESRCH;                           /* -INT_MIN has no positive form */
	if (pid <= 0) {
		k.pgid = pid == 0 ? current->pgid : (int)-pid;
		k.all = pid == -1;
		for_each_task(kill_one, &k);
		if (!k.found)
			return -ESRCH;
		return k.sent || k.all ? 0 : -EPERM;
	}
	t = find_task_by_pid((int)pid);             /* a thread's id names its process too */
	if (!t || t->signal->live == 0 || (t->state == TASK_ZOMBIE && t != t->group_leader))
		return -ESRCH;
	if (!may_signal(t, (int)sig))
		return -EPERM;
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
	if (uoact && copy_to_user(uoact, &current->sighand->action[sig - 1], sizeof(new)))
		return -EFAULT;
	if (uact)
		current->sighand->action[sig - 1] = new;
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

/* rt_sigpending: the signals sent and not yet acted on (those blocked). */
long sys_rt_sigpending(void *uset, long sigsetsize)
{
	u64 pending = signals_pending(current) & current->sigmask;

	if (sigsetsize != 8)
		return -EINVAL;
	return copy_to_user(uset, &pending, 8) ? -EFAULT : 0;
}

/* tgkill: a signal to one thread (tid) of the process tgid; tkill: without the check of tgid. */
static long thread_kill(long tgid, long tid, long sig)
{
	struct task_struct *t;

	if (tid <= 0 || sig < 0 || sig > _NSIG)
		return -EINVAL;
	t = find_task_by_pid((int)tid);
	if (!t || (tgid > 0 && t->tgid != tgid) || t->state == TASK_ZOMBIE)
		return -ESRCH;
	if (!may_signal(t, (int)sig))
		return -EPERM;
	return sig ? do_send_sig((int)sig, t, false, SI_TKILL) : 0;
}

long sys_tgkill(long tgid, long tid, long sig)
{
	return tgid <= 0 ? -EINVAL : thread_kill(tgid, tid, sig);
}

long sys_tkill(long tid, long sig)
{
	return thread_kill(0, tid, sig);
}

#define SS_ONSTACK 1
#define SS_DISABLE 2
#define MINSIGSTKSZ 2048

/* sigaltstack: a stack for handlers installed with SA_ONSTACK (for a stack overflow, say). */
long sys_sigaltstack(const void *uss, void *uoss)
{
	const struct pt_regs *regs = current_pt_regs();
	u32 old[3] = { current->altstack_sp, 0, current->altstack_size };  /* ss_sp, ss_flags, ss_size */
	u32 new[3];

	old[1] = !current->altstack_size ? SS_DISABLE : on_altstack(regs->esp) ? SS_ONSTACK : 0;
	if (uss) {
		if (copy_from_user(new, uss, sizeof(new)))
			return -EFAULT;
		if (on_altstack(regs->esp))
			return -EPERM;                       /* cannot change it while running on it */
		if (new[1] & ~SS_DISABLE)
			return -EINVAL;
		if (new[1] & SS_DISABLE) {
			current->altstack_sp = current->altstack_size = 0;
		} else {
			if (new[2] < MINSIGSTKSZ)
				return -ENOMEM;
			current->altstack_sp = new[0];
			current->altstack_size = new[2];
		}
	}
	if (uoss && copy_to_user(uoss, old, sizeof(old)))
		return -EFAULT;
	return 0;
}

void flush_signal_handlers(struct task_struct *t)
{
	for (int sig = 0; sig < _NSIG; sig++)
		if (t->sighand->action[sig].handler != SIG_IGN)
			t->sighand->action[sig].handler = SIG_DFL;
}

bool fatal_signal_pending(const struct task_struct *t)
{
	return signals_pending(t) & sigbit(SIGKILL);
}

/* Does the parent not want to hear about this child's death (SIGCHLD ignored, SA_NOCLDWAIT)? */
bool parent_reaps_automatically(struct task_struct *parent)
{
	const struct sigaction_k *ka = &parent->sighand->action[SIGCHLD - 1];

	return ka->handler == SIG_IGN || (ka->flags & SA_NOCLDWAIT);
}

void kill_pgrp(int pgid, int sig)
{
	struct group_kill k = { .pgid = pgid, .sig = sig, .from_kernel = true };

	for_each_task(kill_one, &k);
}

struct session_probe {
	int pgid, sid;
	bool found;
};

static void probe_session(struct task_struct *t, void *arg)
{
	struct session_probe *p = arg;

	if (t->pid && t->state != TASK_ZOMBIE && t->pgid == p->pgid && (p->sid < 0 || t->sid == p->sid))
		p->found = true;
}

bool pgrp_in_session(int pgid, int sid)
{
	struct session_probe p = { pgid, sid, false };

	for_each_task(probe_session, &p);
	return p.found;
}
