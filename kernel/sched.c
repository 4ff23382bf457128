/*
 * The scheduler: a round-robin run queue of ready tasks, the idle task (pid 0, the boot
 * context), sleeping on a channel and waking up, and the context switch.
 *
 * A task runs until it sleeps, exits, or uses up its TIMESLICE of timer ticks; the switch then
 * happens on its way back to user mode (the kernel itself is not preempted).
 */
#include <kernel/sched.h>
#include <block/blkdev.h>
#include <kernel/uaccess.h>
#include <kernel/signal.h>
#include <kernel/gdt.h>
#include <kernel/printk.h>
#include <kernel/string.h>
#include <mm/memory.h>
#include <mm/pgtable.h>
#include <kernel/time.h>
#include <asm/segment.h>
#include <asm/x86.h>
#include <kernel/vdso.h>

extern char boot_stack[];
void switch_to(u32 *prev_esp, u32 next_esp);    /* kernel/entry.asm; in eax and edx */

struct task_struct *current;
static struct task_struct idle_task;
static struct list_head runqueue = LIST_HEAD_INIT(runqueue);
static struct list_head all_tasks = LIST_HEAD_INIT(all_tasks);
unsigned long nr_context_switches;

/*
 * The sleepers, by channel: a hash of the channel's address picks a list, so wake_up looks only
 * at tasks that sleep on channels of that bucket, not at every task (Linux gives each channel a
 * wait queue; a hashed table of them is what it did for pages).
 */
#define WAIT_TABLE_SIZE 64
static struct list_head wait_table[WAIT_TABLE_SIZE];

/* A channel's list; made empty on first use (wake_up runs from printk before sched_init). */
static struct list_head *wait_bucket(const void *chan)
{
	u32 h = (u32)(unsigned long)chan * 0x9e3779b1u;
	struct list_head *head = &wait_table[h >> 26];

	if (!head->next)
		INIT_LIST_HEAD(head);
	return head;
}

/* The idle task's own, never shared: signals and files are never its business. */
static struct files_struct idle_files = { .count = 1 };
static struct fs_struct idle_fs = { .count = 1, .umask = 022 };
static struct sighand_struct idle_sighand = { .count = 1 };
static struct signal_struct idle_signal = { .count = 1, .live = 1 };

void sched_init(void)
{
	idle_task.pid = 0;
	idle_task.cred.cap = true;               /* root, and everything it starts */
	idle_task.group_leader = &idle_task;
	idle_task.files = &idle_files;
	idle_task.fs = &idle_fs;
	idle_task.sighand = &idle_sighand;
	idle_task.signal = &idle_signal;
	INIT_LIST_HEAD(&idle_signal.thread_head);
	list_add_tail(&idle_task.thread_node, &idle_signal.thread_head);
	strlcpy(idle_task.comm, "swapper", sizeof(idle_task.comm));
	idle_task.state = TASK_RUNNING;
	idle_task.stack = boot_stack;
	idle_task.tls_entry = -1;
	rlimit_init(idle_task.rlim, NR_OPEN, default_nproc());
	INIT_LIST_HEAD(&idle_task.children);
	INIT_LIST_HEAD(&idle_task.run_list);
	list_add_tail(&idle_task.tasks, &all_tasks);
	current = &idle_task;
}

/* Interrupts off around list changes: the terminal's Ctrl-C walks the list from an interrupt. */
void register_task(struct task_struct *t)
{
	u32 flags = local_irq_save();

	list_add_tail(&t->tasks, &all_tasks);
	local_irq_restore(flags);
}

void unregister_task(struct task_struct *t)
{
	u32 flags = local_irq_save();

	list_del(&t->tasks);
	system_ioac.syscalls += t->ioac.syscalls;    /* /proc/copystat keeps counting them */
	system_ioac.cpu_user_copy_bytes += t->ioac.cpu_user_copy_bytes;
	local_irq_restore(flags);
}

struct task_struct *find_task_by_pid(int pid)
{
	struct task_struct *t;

	list_for_each_entry(t, &all_tasks, tasks)
		if (t->pid == pid)
			return t;
	return NULL;
}

void for_each_task(void (*fn)(struct task_struct *t, void *arg), void *arg)
{
	struct task_struct *t, *next;

	for (t = list_entry(all_tasks.next, struct task_struct, tasks); &t->tasks != &all_tasks; t = next) {
		next = list_entry(t->tasks.next, struct task_struct, tasks);
		fn(t, arg);
	}
}

int nr_tasks(void)
{
	int n = 0;
	struct task_struct *t;

	list_for_each_entry(t, &all_tasks, tasks)
		n++;
	return n - 1;                        /* the idle task does not count */
}

/* Load next's address space, kernel stack for traps, and TLS segment. */
static inline void __task_switch_mm(struct task_struct *next)
{
	if (switch_mm_task(next->mm))
		vdso_switch(next->mm);         /* where its system calls by sysenter return */
	tss_set_kernel_stack((u32)(unsigned long)next->stack + THREAD_SIZE);
	gdt[GDT_ENTRY_TLS_MIN] = ((u64)next->tls_desc[1] << 32) | next->tls_desc[0];
}

void task_switch_mm(struct task_struct *next)
{
	__task_switch_mm(next);
}

/*
 * After a switch, in the new task's context: a task that exited and that nobody will wait for
 * is freed here, now that its kernel stack is no longer in use (Linux's finish_task_switch).
 */
static struct task_struct *dead_task;

static void finish_task_switch(void)
{
	if (dead_task) {
		free_task(dead_task);
		dead_task = NULL;
	}
}

/*
 * The first thing a new task does (from ret_from_fork): finish the switch that started it, then
 * (CLONE_CHILD_SETTID) store its tid in its own memory, as the task itself, so the page's
 * protection applies: a read-only or missing page is left alone, as on Linux.
 */
asmlinkage void schedule_tail(void)
{
	finish_task_switch();
	if (current->set_child_tid)
		put_user_u32((u32)current->pid, (void *)current->set_child_tid);
}

/* Called with interrupts off. */
static void context_switch(struct task_struct *prev, struct task_struct *next)
{
	nr_context_switches++;
	fpu_switch(prev, next);
	__task_switch_mm(next);
	/*
	 * The kernel never uses fs and gs, but they still hold the previous task's user selectors
	 * (its TLS), which may mean nothing under next's GDT entry: an interrupt taken in next's
	 * kernel code would save them and fault reloading them on its way out. Null selectors load
	 * safely; every task's own user values come back from its trap frame.
	 */
	__asm__ volatile("movl %0, %%fs\n\tmovl %0, %%gs" : : "r"(0));
	current = next;
	if (prev->state == TASK_ZOMBIE && prev->autoreap)
		dead_task = prev;
	switch_to(&prev->esp, next->esp);
	/* back here when someone switches to prev again */
	finish_task_switch();
}

/* What /proc/stat, /proc/uptime and /proc/loadavg report (one CPU). */
u32 cpu_user_ticks, cpu_system_ticks, cpu_idle_ticks;
unsigned long avenrun[3];                   /* load averages, fixed point with FSHIFT bits */

#define FSHIFT 11
#define FIXED_1 (1 << FSHIFT)
#define EXP_1 1884                          /* 1/exp(5s/1min), fixed point: Linux's constants */
#define EXP_5 2014
#define EXP_15 2037
#define LOAD_FREQ (5 * HZ + 1)

static unsigned long calc_load(unsigned long load, unsigned long exp, unsigned long active)
{
	unsigned long newload = load * exp + active * (FIXED_1 - exp);

	if (active >= load)
		newload += FIXED_1 - 1;
	return newload / FIXED_1;
}

/* Every 5 seconds: the number of runnable tasks, folded into the three averages as Linux does. */
static void calc_global_load(void)
{
	static u32 next = LOAD_FREQ;
	unsigned long active = 0;
	struct task_struct *t;

	if ((s32)(jiffies - next) < 0)
		return;
	next = jiffies + LOAD_FREQ;
	list_for_each_entry(t, &all_tasks, tasks)
		if (t->state == TASK_RUNNING && t != &idle_task)
			active++;
	active *= FIXED_1;
	avenrun[0] = calc_load(avenrun[0], EXP_1, active);
	avenrun[1] = calc_load(avenrun[1], EXP_5, active);
	avenrun[2] = calc_load(avenrun[2], EXP_15, active);
}

/* The switch itself, with interrupts off: the next task on the run queue, or idle. */
static void __schedule(void)
{
	struct task_struct *prev = current, *next = &idle_task;

	if (prev != &idle_task && prev->state == TASK_RUNNING) {
		list_del(&prev->run_list);              /* round robin: to the back of the queue */
		list_add_tail(&prev->run_list, &runqueue);
	}
	if (!list_empty(&runqueue))
		next = list_first_entry(&runqueue, struct task_struct, run_list);
	prev->need_resched = false;
	next->timeslice = TIMESLICE;
	if (next != prev)
		context_switch(prev, next);         /* counts it in nr_context_switches */
}

void schedule(void)
{
	u32 flags = local_irq_save();

	__schedule();
	local_irq_restore(flags);
}

/* A task asleep on a channel or a wait queue (interrupts off): runnable again, off that list. */
static inline void wake_sleeper(struct task_struct *t)
{
	t->state = TASK_RUNNING;
	t->wait_chan = NULL;
	if (t->wait_node.next)
		list_del(&t->wait_node);
	t->wake_jiffies = 0;
	list_add_tail(&t->run_list, &runqueue);
	if (current == &idle_task)
		current->need_resched = true;
}

void wake_up_process(struct task_struct *t)
{
	u32 flags = local_irq_save();

	if (t->state == TASK_INTERRUPTIBLE)
		wake_sleeper(t);
	local_irq_restore(flags);
}

/* Add a new task to the run queue. */
void sched_fork_add(struct task_struct *t)
{
	u32 flags = local_irq_save();

	t->state = TASK_RUNNING;
	list_add_tail(&t->run_list, &runqueue);
	local_irq_restore(flags);
}

/* Take a task off the run queue for good (it exited). Interrupts off. */
void sched_remove(struct task_struct *t)
{
	if (t->state == TASK_RUNNING && t != &idle_task)
		list_del(&t->run_list);
}

/* Sleep on a list of sleepers, with interrupts off: off the run queue until woken. */
static inline void sleep_on_list(struct list_head *sleepers, const void *chan)
{
	struct task_struct *t = current;

	t->state = TASK_INTERRUPTIBLE;
	t->wait_chan = chan;
	list_add_tail(&t->wait_node, sleepers);
	list_del(&t->run_list);
	__schedule();
}

void sleep_on(const void *chan)
{
	u32 flags = local_irq_save();

	sleep_on_list(wait_bucket(chan), chan);
	local_irq_restore(flags);
}

void sleep_on_queue(struct wait_queue_head *wq)
{
	sleep_on_list(&wq->head, wq);
}

void io_sleep_on(const void *chan)
{
	if (current == &idle_task) {
		sti();
		hlt();
		cli();
	} else {
		sleep_on(chan);
	}
}

void stop_current(void)
{
	u32 flags = local_irq_save();

	current->state = TASK_STOPPED;
	current->wait_chan = NULL;
	list_del(&current->run_list);
	while (current->state == TASK_STOPPED)
		schedule();
	local_irq_restore(flags);
}

void wake_up_stopped(struct task_struct *t)
{
	u32 flags = local_irq_save();

	if (t->state == TASK_STOPPED) {
		t->state = TASK_RUNNING;
		list_add_tail(&t->run_list, &runqueue);
		if (current == &idle_task)
			current->need_resched = true;
	}
	local_irq_restore(flags);
}

void wake_up(const void *chan)
{
	struct task_struct *t, *next;
	u32 flags = local_irq_save();
	struct list_head *head = wait_bucket(chan);   /* (once: the loop names its list often) */

	list_for_each_entry_safe(t, next, head, wait_node)
		if (t->wait_chan == chan && t->state == TASK_INTERRUPTIBLE)
			wake_sleeper(t);             /* takes it off the list */
	local_irq_restore(flags);
}

/* Every task on a wait queue sleeps on it: no channel to compare. */
void wake_up_queue(struct wait_queue_head *wq)
{
	struct task_struct *t, *next;

	list_for_each_entry_safe(t, next, &wq->head, wait_node)
		wake_sleeper(t);                     /* takes it off the list */
}

/*
 * From the timer interrupt: charge the tick to the task it interrupted (user or kernel time),
 * wake sleepers whose time has come, count down the timeslice.
 */
void scheduler_tick(bool user)
{
	struct task_struct *t;

	list_for_each_entry(t, &all_tasks, tasks) {
		if (t->state == TASK_INTERRUPTIBLE && t->wake_jiffies && (s32)(jiffies - t->wake_jiffies) >= 0)
			wake_up_process(t);
		if (t->alarm_at && jiffies_64 >= t->alarm_at) {   /* the timer's interrupt: read whole */
			task_arm_alarm(t, t->alarm_interval, t->alarm_interval);
			send_sig_kernel(SIGALRM, t);     /* alarm, setitimer(ITIMER_REAL) */
		}
	}
	calc_global_load();
	if (current == &idle_task) {
		if (nr_iowait)
			cpu_iowait_ticks++;         /* idle, but a task waits for a disk: I/O wait */
		else
			cpu_idle_ticks++;
		current->need_resched = !list_empty(&runqueue);
		return;
	}
	if (user) {
		current->utime++;
		cpu_user_ticks++;
	} else {
		current->stime++;
		cpu_system_ticks++;
	}
	if (--current->timeslice <= 0)
		current->need_resched = true;
}

void task_arm_alarm(struct task_struct *t, u64 ticks, u64 interval)
{
	t->alarm_interval = ticks ? interval : 0;
	t->alarm_at = ticks ? get_jiffies_64() + ticks : 0;   /* never 0 once armed: jiffies_64 never wraps */
}

/* The idle task: sleep until an interrupt, then run whatever became ready. */
u64 cpu_idle_tsc;
static u64 idle_since;                  /* TSC when the CPU halted, 0: not halted */

void idle_interrupted(void)
{
	if (idle_since) {
		cpu_idle_tsc += rdtsc() - idle_since;
		idle_since = 0;
	}
}

void __noreturn cpu_idle(void)
{
	for (;;) {
		cli();
		idle_since = rdtsc();
		sti();
		hlt();                          /* the next interrupt ends the idle time */
		if (current->need_resched)
			schedule();
	}
}
