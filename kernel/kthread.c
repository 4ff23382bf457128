/*
 * Kernel threads: a task with a kernel stack, no mm and no user mode, running one function.
 * The first switch to it "returns" into kthread_start, which finishes the switch, turns
 * interrupts on (schedule switched with them off) and calls the function. Such a thread
 * sleeps like any task (sleep_on), and is never sent to user mode, so signals do not touch it.
 */
#include <kernel/sched.h>
#include <kernel/string.h>
#include <kernel/printk.h>
#include <asm/x86.h>

static void __noreturn kthread_start(void)
{
	schedule_tail();
	sti();
	current->kthread_fn(current->kthread_arg);
	pr_err("kthread %s returned; it stays asleep\n", current->comm);
	for (;;)
		sleep_on(current);
}

struct task_struct *kthread_run(int (*fn)(void *), void *arg, const char *name)
{
	struct task_struct *t = alloc_task();
	u32 *sp;

	if (!t)
		return NULL;
	strlcpy(t->comm, name, sizeof(t->comm));
	t->kthread_fn = fn;
	t->kthread_arg = arg;
	t->pgid = t->sid = 0;
	INIT_LIST_HEAD(&t->sibling);
	fpu_reset(t);
	sp = (u32 *)task_pt_regs(t);
	*--sp = 0;                                  /* kthread_start's return address: never used */
	*--sp = (u32)(unsigned long)kthread_start;  /* switch_to's ret */
	*--sp = 0;                                  /* ebp */
	*--sp = 0;                                  /* ebx */
	*--sp = 0;                                  /* esi */
	*--sp = 0;                                  /* edi */
	t->esp = (u32)(unsigned long)sp;
	sched_fork_add(t);
	return t;
}
