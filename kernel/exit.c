/*
 * exit and wait: a task that ends releases its memory and files at once and stays a zombie
 * holding its exit status until its parent collects it with wait4. Orphans go to init.
 * When init itself ends, the machine powers off with its status.
 */
#include <kernel/sched.h>
#include <kernel/syscall.h>
#include <fs/fs.h>
#include <kernel/signal.h>
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

/* Give current's children to init. */
static void reparent_children(void)
{
	struct task_struct *init = find_task_by_pid(1);

	while (!list_empty(&current->children)) {
		struct task_struct *c = list_first_entry(&current->children, struct task_struct, sibling);
		list_del(&c->sibling);
		c->parent = init;
		list_add_tail(&c->sibling, &init->children);
		if (c->state == TASK_ZOMBIE)
			wake_up(init);
	}
}

void do_exit(int status)
{
	struct mm_struct *mm = current->mm;

	if (current->pid == 1)
		init_exited(status);
	for (int fd = 0; fd < NR_OPEN; fd++)
		if (current->files[fd]) {
			filp_close(current->files[fd]);
			current->files[fd] = NULL;
		}
	if (current->pwd.dentry) {
		path_put(&current->pwd);             /* the directory is no longer in use by it */
		current->pwd.dentry = NULL;
	}
	if (mm) {
		if (current->clear_child_tid)
			put_user_u32(0, (void *)current->clear_child_tid);
		task_note_maxrss(current, mm);       /* the peak RSS outlives the memory, for wait4 */
		mm_release(current);                 /* a vfork parent may go on */
		switch_mm(NULL);                     /* leave the address space before freeing it */
		current->mm = NULL;
		mmput(mm);
	}
	cli();
	reparent_children();
	current->exit_code = status;
	sched_remove(current);
	current->state = TASK_ZOMBIE;
	if (current->parent && parent_reaps_automatically(current->parent)) {
		/* nobody will wait for it: freed right after the switch away from it */
		list_del(&current->sibling);
		current->autoreap = true;
		wake_up(current->parent);                /* a wait4 in progress may now see ECHILD */
	} else if (current->parent) {
		send_sig(SIGCHLD, current->parent);      /* dropped at once unless it is caught */
		wake_up(current->parent);
	}
	schedule();
	panic("do_exit: a zombie was scheduled");
}

long sys_exit(long code)
{
	do_exit((int)(code & 0xff) << 8);
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

long sys_wait4(long pid, void *ustatus, long options, void *urusage)
{
	u32 flags;

	if (options & ~(WNOHANG | WUNTRACED | WCONTINUED | 0x40000000))
		return -EINVAL;
	if (pid == (long)0x80000000)
		return -ESRCH;                           /* -INT_MIN names no group */
	flags = local_irq_save();
	for (;;) {
		struct task_struct *c, *zombie = NULL;
		bool any = false;

		list_for_each_entry(c, &current->children, sibling) {
			if (!wait_matches(c, pid))
				continue;
			any = true;
			if (c->state == TASK_ZOMBIE) {
				zombie = c;
				break;
			}
			/* a stop or a continue, reported once: status 0x7f | sig << 8, or 0xffff */
			if (((options & WUNTRACED) && c->stop_report && c->state == TASK_STOPPED) ||
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
			add_child_usage(current, zombie);
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
		sleep_on(current);
	}
}

long sys_waitpid(long pid, void *ustatus, long options)
{
	return sys_wait4(pid, ustatus, options, NULL);
}
