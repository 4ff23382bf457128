/*
 * exit and wait: a task that ends releases its memory and files at once. A process (a thread
 * group) ends with its last thread: its leader then stays a zombie holding the exit status
 * until the parent collects it with wait4. Other threads are freed as they end; exit_group
 * and fatal signals end every thread. Orphans go to init. When init itself ends, the machine
 * powers off with its status.
 */
#include <kernel/sched.h>
#include <kernel/syscall.h>
#include <fs/fs.h>
#include <fs/file.h>
#include <kernel/signal.h>
#include <kernel/futex.h>
#include <kernel/uaccess.h>
#include <linux/errno.h>
#include <kernel/printk.h>
#include <kernel/power.h>
#include <kernel/string.h>
#include <mm/memory.h>
#include <mm/mmzone.h>
#include <mm/pgtable.h>
#include <asm/x86.h>

#define WNOHANG 1


/* init has ended: say how and power off with its status (signal deaths: 128 + signal). */
static void __noreturn init_exited(int status)
{
	int code;

	if (status & 0x7f) {
		printk(KERN_EMERG "init (pid 1) was killed by signal %d (%s)\n", status & 0x7f,
		       signal_name(status & 0x7f));
		code = 128 + (status & 0x7f);
	} else {
		code = (status >> 8) & 0xff;
		printk(KERN_NOTICE "init (pid 1) exited with status %d; powering off\n", code);
	}
	sync_before_poweroff();
	machine_power_off(code);
}

/* Give the children of a process that ended to init. */
static void reparent_children(struct task_struct *leader)
{
	struct task_struct *init = find_task_by_pid(1);

	while (!list_empty(&leader->children)) {
		struct task_struct *c = list_first_entry(&leader->children, struct task_struct, sibling);
		list_del(&c->sibling);
		c->parent = init;
		c->exit_signal = SIGCHLD;            /* as Linux: init hears of every orphan's end */
		list_add_tail(&c->sibling, &init->children);
		if (c->state == TASK_ZOMBIE)
			wake_up(init->signal);
	}
}

/*
 * Every other live thread of t's group gets SIGKILL (exit_group, a fatal signal, execve in a
 * thread). Returns how many there were.
 */
int zap_other_threads(struct task_struct *t)
{
	struct task_struct *o;
	int n = 0;

	list_for_each_entry(o, &t->signal->thread_head, thread_node) {
		if (o == t || o->state == TASK_ZOMBIE)
			continue;
		n++;
		o->sigpending |= sigbit(SIGKILL);
		signal_work_set(o, false);
		if (o->state == TASK_STOPPED)
			wake_up_stopped(o);
		else
			wake_up_process(o);
	}
	return n;
}

/*
 * The process ended (its last thread did): the leader's parent hears of it, by exit_signal
 * (SIGCHLD for fork's children) and a wake-up, or, if the parent ignores SIGCHLD, the leader is
 * freed without ever being waited for.
 */
static void notify_parent(struct task_struct *leader)
{
	struct task_struct *p = leader->parent;

	if (!p)
		return;
	if (leader->exit_signal == SIGCHLD && parent_reaps_automatically(p)) {
		list_del(&leader->sibling);
		if (leader == current)
			leader->autoreap = true;     /* freed right after the switch away from it */
		else
			free_task(leader);           /* a zombie already, off every CPU */
		wake_up(p->signal);                  /* a wait4 in progress may now see ECHILD */
		return;
	}
	if (leader->exit_signal > 0)
		send_sig(leader->exit_signal, p);    /* dropped at once unless it is caught */
	wake_up(p->signal);                          /* wait4 sleeps there, in any thread */
}

/*
 * A thread's CPU times and page faults go to its process's account (signal_struct) before its
 * task_struct does: getrusage and times go on counting them.
 */
void thread_counts_to_process(struct task_struct *t)
{
	struct signal_struct *sig = t->signal;

	sig->utime += t->utime;
	sig->stime += t->stime;
	sig->min_flt += t->min_flt;
	sig->maj_flt += t->maj_flt;
	t->utime = t->stime = 0;
	t->min_flt = t->maj_flt = 0;
}

void do_exit(int status)
{
	struct task_struct *me = current, *leader = me->group_leader;
	struct signal_struct *sig = me->signal;
	struct mm_struct *mm = me->mm;

	if (me->tgid == 1 && sig->live == 1)
		init_exited(sig->group_exit ? sig->group_exit_code : status);
	if (mm) {
		exit_robust_list(me);
		/* CLONE_CHILD_CLEARTID: a joining thread waits on this word; only if others share the mm */
		if (me->clear_child_tid && mm->users > 1 && !put_user_u32(0, (void *)me->clear_child_tid))
			futex_wake_address(me->clear_child_tid, 1);
		task_note_maxrss(me, mm);            /* the peak RSS outlives the memory, for wait4 */
		mm_release(me);                      /* a vfork parent may go on */
		switch_mm(NULL);                     /* leave the address space before freeing it */
		me->mm = NULL;
		mmput(mm);
	}
	fput_held();                                 /* exit_group: the call never returns */
	put_files_struct(me->files);
	me->files = NULL;
	put_fs_struct(me->fs);
	me->fs = NULL;
	cli();
	me->exit_code = status;
	sched_remove(me);
	me->state = TASK_ZOMBIE;
	if (--sig->live == 0) {                      /* the process has ended */
		if (sig->group_exit)
			leader->exit_code = sig->group_exit_code;
		reparent_children(leader);
		notify_parent(leader);
	}
	if (sig->exec_waiter)
		wake_up(sig);                        /* execve in another thread waits for this */
	if (me != leader) {                          /* a thread: nobody waits for it */
		me->autoreap = true;
		thread_counts_to_process(me);        /* its times stay the process's */
	}
	schedule();
	panic("do_exit: a zombie was scheduled");
}

/*
 * The whole process ends: exit_group, or a signal whose action is to terminate. The first
 * thread here sets the status and kills the others; they end with that status. During an
 * execve in another thread, a thread killed by it ends quietly.
 */
void __noreturn do_group_exit(int status)
{
	struct signal_struct *sig = current->signal;

	if (sig->group_exit) {
		status = sig->group_exit_code;
	} else if (!sig->exec_waiter) {
		sig->group_exit = true;
		sig->group_exit_code = status;
		zap_other_threads(current);
	}
	do_exit(status);
}

/* exit: this thread ends (the process with it if it is the last one). */
long sys_exit(long code)
{
	do_exit((int)(code & 0xff) << 8);
}

/* exit_group: every thread of the process ends. */
long sys_exit_group(long code)
{
	do_group_exit((int)(code & 0xff) << 8);
}

/* A waited-for child's counts join its parent's children's counts (getrusage RUSAGE_CHILDREN). */
static void add_child_usage(struct task_struct *p, const struct task_struct *c)
{
	p->cmin_flt += c->min_flt + c->cmin_flt;
	p->cmaj_flt += c->maj_flt + c->cmaj_flt;
	p->cutime += c->utime + c->cutime;
	p->cstime += c->stime + c->cstime;
	if (c->maxrss > p->cmaxrss)
		p->cmaxrss = c->maxrss;
	if (c->cmaxrss > p->cmaxrss)
		p->cmaxrss = c->cmaxrss;
}

/* Does child c match wait4's pid argument: any (-1), this group (0), group -pid, or pid? */
static bool wait_matches(const struct task_struct *c, long pid)
{
	if (pid == -1)
		return true;
	if (pid == 0)
		return c->pgid == current->pgid;
	if (pid < -1)
		return c->pgid == -pid;
	return c->pid == pid;
}

#define WUNTRACED 2
#define WCONTINUED 8
#define __WNOTHREAD 0x20000000
#define __WALL 0x40000000
#define __WCLONE 0x80000000

/* Linux's eligible_child: a "clone child" (exit signal not SIGCHLD) only for __WCLONE, all for __WALL. */
static bool wait_eligible(const struct task_struct *c, unsigned long options)
{
	return (options & __WALL) || ((c->exit_signal != SIGCHLD) == !!(options & __WCLONE));
}

long sys_wait4(long pid, void *ustatus, long options, void *urusage)
{
	u32 flags;

	if ((unsigned long)options & ~(unsigned long)(WNOHANG | WUNTRACED | WCONTINUED | __WNOTHREAD | __WALL | __WCLONE))
		return -EINVAL;
	if (pid == (long)0x80000000)
		return -ESRCH;                           /* -INT_MIN names no group */
	flags = local_irq_save();
	for (;;) {
		struct task_struct *c, *zombie = NULL;
		bool any = false;

		/* the process's children: any thread of it may wait for them */
		list_for_each_entry(c, &current->group_leader->children, sibling) {
			if (!wait_matches(c, pid) || !wait_eligible(c, (unsigned long)options))
				continue;
			any = true;
			if (c->state == TASK_ZOMBIE && c->signal->live == 0) {
				zombie = c;
				break;
			}
			/* a stop or a continue, reported once: status 0x7f | sig << 8, or 0xffff */
			if (((options & WUNTRACED) && c->stop_report && c->signal->group_stop) ||
			    ((options & WCONTINUED) && c->cont_report)) {
				u32 status = c->cont_report && (options & WCONTINUED) ? 0xffff : 0x7fu | (u32)c->stop_report << 8;
				int child_pid = c->pid;
				if (status == 0xffff)
					c->cont_report = false;
				else
					c->stop_report = 0;
				local_irq_restore(flags);
				if (ustatus && put_user_u32(status, ustatus))
					return -EFAULT;
				return child_pid;
			}
		}
		if (!any) {
			local_irq_restore(flags);
			return -ECHILD;
		}
		if (zombie) {
			int child_pid = zombie->pid, status = zombie->exit_code;
			long ret = child_pid;
			u8 ru[RUSAGE_SIZE];
			task_rusage(zombie, RUSAGE_BOTH, ru);
			add_child_usage(current->group_leader, zombie);
			list_del(&zombie->sibling);
			free_task(zombie);
			local_irq_restore(flags);
			if (ustatus && put_user_u32((u32)status, ustatus))
				ret = -EFAULT;
			if (urusage && copy_to_user(urusage, ru, sizeof(ru)))
				ret = -EFAULT;
			return ret;
		}
		if (options & WNOHANG) {
			local_irq_restore(flags);
			return 0;
		}
		if (signal_pending(current)) {
			local_irq_restore(flags);
			return -EINTR;
		}
		sleep_on(current->signal);
	}
}

long sys_waitpid(long pid, void *ustatus, long options)
{
	return sys_wait4(pid, ustatus, options, NULL);
}
