/*
 * Tasks and the scheduler. Each task has a kernel stack (8 KiB from vmalloc, guard page below),
 * an address space (struct mm_struct) and a file table. Scheduling is round-robin: the PIT
 * tick asks for a switch every TIMESLICE ticks, taken on the way back to user mode.
 */
#pragma once
#include <types.h>
#include <kernel/cred.h>
#include <kernel/list.h>
#include <asm/ptrace.h>
#include <mm/layout.h>
#include <fs/fs.h>
#include <kernel/resource.h>
#include <kernel/task_io_accounting.h>

#define TASK_COMM_LEN 16
#define PID_MAX 32768            /* pids count up to here and wrap, as Linux's pid_max (its limit on 32-bit) */
extern int pid_max;              /* kernel.pid_max (/proc/sys/kernel): 301 .. PID_MAX */
#define NR_OPEN 32               /* file descriptors per task */
#define TIMESLICE 5              /* ticks (50 ms) before the next task gets the CPU */

enum task_state {
	TASK_RUNNING,            /* running or ready */
	TASK_INTERRUPTIBLE,      /* sleeping until woken */
	TASK_ZOMBIE,             /* exited; parent has not waited yet */
	TASK_STOPPED,            /* stopped by SIGSTOP, SIGTSTP, ...: runs again at SIGCONT */
};

struct mm_struct;
struct file;

struct sigaction_k {             /* what rt_sigaction stores, in Linux's i386 layout */
	unsigned long handler;
	unsigned long flags;
	unsigned long restorer;
	u64 mask;
};

/*
 * What the tasks of one process may share (clone's CLONE_FILES, CLONE_FS, CLONE_SIGHAND and
 * CLONE_THREAD): each is counted, and freed with its last user. fork gives the child copies.
 */
struct files_struct {                /* the file descriptor table */
	int count;
	struct file *fd[NR_OPEN];
	u32 close_on_exec;           /* bit fd: close fd[fd] at execve (FD_CLOEXEC) */
};

struct fs_struct {                   /* where relative paths start, and the creation mask */
	int count;
	struct path pwd;             /* current directory (a mount and a dentry; NULL before the VFS) */
	u32 umask;                   /* mode bits that new files do not get */
};

struct sighand_struct {              /* what each signal does (rt_sigaction) */
	int count;
	struct sigaction_k action[64];
};

struct siginfo_slot {                /* what a pending signal's siginfo will say */
	s32 code;                    /* SI_USER (kill), SI_TKILL, or SEGV_MAPERR/SEGV_ACCERR, BUS_ADRERR... */
	u32 pid;                     /* sender (kill) */
	u32 addr;                    /* faulting address (faults) */
};

/*
 * A thread group: the process. Its threads share this; getpid returns the group's id (the
 * leader's pid, tgid), gettid each thread's own. The leader's task_struct stays (a zombie if it
 * ended first) until the last thread is gone, and its parent waits for the whole group.
 */
struct signal_struct {
	int count;                   /* task_structs pointing here */
	int live;                    /* threads not yet exited */
	struct list_head thread_head;    /* every thread, by thread_node */
	u64 shared_pending;          /* process-directed signals (kill): any thread may take one */
	struct siginfo_slot shared_info[64];
	bool group_exit;             /* exit_group or a fatal signal: every thread is being killed */
	int group_exit_code;         /* ... and the process's wait status */
	u8 group_stop;               /* stopped by this signal (all threads stop), 0: not stopped */
	struct task_struct *exec_waiter; /* execve in a thread: waits here until it is the only one */
	u32 utime, stime;            /* the counts of threads that have ended (getrusage, times) */
	unsigned long min_flt, maj_flt;
};

struct task_struct {
	int pid;                     /* the thread's own id (gettid) */
	int tgid;                    /* its thread group's: the leader's pid (getpid) */
	struct task_struct *group_leader;
	struct list_head thread_node;    /* in signal->thread_head */
	struct signal_struct *signal;
	struct sighand_struct *sighand;
	struct files_struct *files;
	struct fs_struct *fs;
	int exit_signal;             /* sent to the parent at the process's death (SIGCHLD; 0: none) */
	unsigned long robust_list;   /* set_robust_list: the user's list of held robust futexes */
	char comm[TASK_COMM_LEN];    /* program name, for logs */
	enum task_state state;
	int exit_code;               /* wait status: (code << 8) or the signal number */
	struct task_struct *parent;
	struct list_head children;   /* my children */
	struct list_head sibling;    /* in my parent's children */
	struct list_head tasks;      /* in the list of all tasks */
	struct list_head run_list;   /* in the run queue while TASK_RUNNING */
	const void *wait_chan;       /* what it sleeps on: a channel, or a wait queue */
	struct list_head wait_node;  /* in that wait queue, or in wait_chan's hash bucket (kernel/sched.c) */
	u32 wake_jiffies;            /* nanosleep: when to wake (0: not sleeping on time) */
	void *stack;                 /* kernel stack: THREAD_SIZE bytes */
	u32 esp;                     /* saved kernel stack pointer while switched out */
	struct mm_struct *mm;
	struct cred cred;            /* who it acts as: uids, gids, root's capabilities */
	int pgid, sid;               /* process group and session (job control) */
	bool ctty;                   /* its session's controlling terminal is the console */
	bool did_exec;               /* setpgid on a child that has exec'd: EACCES */
	u8 stop_report;              /* stopped by this signal, not yet reported to wait (WUNTRACED) */
	bool cont_report;            /* continued, not yet reported to wait (WCONTINUED) */
	bool restart_intr;           /* this call's -EINTR is Linux's -ERESTARTSYS (SA_RESTART restarts it) */
	int pdeath_signal;           /* prctl(PR_SET_PDEATHSIG): recorded */
	u32 groups[32];              /* supplementary groups (setgroups) */
	int ngroups;
	bool no_new_privs;           /* prctl(PR_SET_NO_NEW_PRIVS) */
	int lock_waits_for;          /* F_SETLKW: the pid holding the lock it waits for (EDEADLK) */
	bool kernel_uaccess;         /* inside kernel_read/kernel_write: "user" buffers are the kernel's */
	u32 tls_desc[2];             /* this task's set_thread_area GDT entry */
	int tls_entry;               /* its GDT index, or -1 */
	unsigned long set_child_tid;     /* CLONE_CHILD_SETTID: the new task stores its tid here */
	unsigned long clear_child_tid;   /* set_tid_address */
	struct vfork_completion *vfork_done; /* vfork: the parent waits on this until exec or exit */
	u64 sigmask;                 /* blocked signals (bookkeeping only) */
	u64 sigpending;              /* thread-directed signals sent and not yet acted on */
	u64 saved_sigmask;           /* sigsuspend: the mask to restore once a handler has run */
	/*
	 * Work for the way back to user mode, a byte each in one word, so that the way out of
	 * every system call tests them all at once (exit_work_pending; Linux's thread_info
	 * flags).
	 */
	union {
		struct {
			bool need_resched;     /* the timeslice is over, or a better task woke */
			bool jobctl_stop;      /* another thread took a stop signal: stop on the way out */
			bool restore_sigmask;  /* saved_sigmask is to be restored */
			/* check the frame before leaving (check_user_frame): a call wrote it (execve,
			 * sigreturn) or changed what its selectors name (set_thread_area), or sysenter
			 * came with flags to clear (kernel/entry.asm) */
			bool frame_check;
			/* a signal may be pending, the thread's own or its process's, blocked or not:
			 * set by whoever makes one pending (signal_work_set), worked out again on the
			 * slow way out (Linux's TIF_SIGPENDING) */
			bool signal_work;
		};
		u64 exit_work;
	};
	u64 alarm_at;                /* ITIMER_REAL: SIGALRM at this jiffies_64 (0: not armed) */
	u64 alarm_interval;          /* ... then every this many ticks (0: once) */
	struct siginfo_slot siginfo[64];  /* of the thread-directed ones (tgkill, faults) */
	u32 syscall_nr;              /* the system call in progress, to restart it (SA_RESTART) */
	u32 altstack_sp, altstack_size; /* sigaltstack, or size 0 */
	bool autoreap;               /* parent ignores SIGCHLD: freed at exit, never a zombie */
	int timeslice;
	/* getrusage and times: this task's own counts, and those of the children it waited for */
	unsigned long min_flt, maj_flt, cmin_flt, cmaj_flt;  /* page faults handled (no I/O: minor) */
	u32 utime, stime, cutime, cstime;  /* ticks spent in user and kernel mode */
	u32 start_time;                    /* jiffies at fork (/proc/PID/stat) */
	unsigned long maxrss, cmaxrss;     /* peak RSS in kB of earlier programs (exec) / children */
	struct task_io_accounting ioac;    /* /proc/PID/io: bytes read, written, copied, and by whom */
	struct file *held_files[4];        /* what fget looked up in this system call (fput_held) */
	u8 nr_held;
	struct rlimit64 rlim[RLIM_NLIMITS];  /* resource limits (include/kernel/resource.h) */
	int oom_score_adj;           /* -1000 (never) .. 1000: moves the OOM killer's choice */
	int (*kthread_fn)(void *);   /* a kernel thread: the function it runs (no mm, no user mode) */
	void *kthread_arg;
	u8 fpu_state[512] __attribute__((aligned(16)));  /* x87/SSE registers (fxsave format) */
};

extern struct task_struct *current;

/* The trap frame at the top of a task's kernel stack: its user registers. */
static inline struct pt_regs *task_pt_regs(struct task_struct *t)
{
	return (struct pt_regs *)((char *)t->stack + THREAD_SIZE) - 1;
}

/*
 * The registers of current's entry from user mode. System calls that act on them (fork, clone,
 * execve, sigreturn) take them from here, never from an argument, as Linux does.
 */
#define current_pt_regs() task_pt_regs(current)

void sched_init(void);
void schedule(void);                        /* give up the CPU; may pick the same task */
void wake_up_process(struct task_struct *t);
void sleep_on(const void *chan);            /* sleep until wake_up(chan); interrupts handled */
void wake_up(const void *chan);

/*
 * A wait queue (Linux's wait_queue_head): the tasks asleep on one object, listed with it, so a
 * wake-up finds them without the channels' hash and looks at no other sleeper. A pipe has two,
 * its readers' and its writers'. Channels (sleep_on, wake_up) suit a wait on any address
 * (Linux's wait_var_event); a queue suits an object whose wake-ups are frequent.
 */
struct wait_queue_head {
	struct list_head head;
};

static inline void init_waitqueue_head(struct wait_queue_head *wq)
{
	INIT_LIST_HEAD(&wq->head);
}

/* Anyone asleep on it? (Interrupts off, or the answer may be stale.) */
static inline bool waitqueue_active(const struct wait_queue_head *wq)
{
	return !list_empty(&wq->head);
}

/*
 * Both with interrupts off, as the queue's owner keeps them while it tests its condition:
 * sleep_on_queue in a loop that tests it (no wake-up can fall between the test and the sleep;
 * a signal ends the sleep too), wake_up_queue after changing it (every task asleep on wq).
 */
void sleep_on_queue(struct wait_queue_head *wq);
void wake_up_queue(struct wait_queue_head *wq);
/*
 * One wait for a disk: sleep_on(chan), or, in the boot task (the idle task, which has no queue
 * to leave: mounting the root), halt until the next interrupt. Call with interrupts off, in a
 * loop that checks the condition.
 */
void io_sleep_on(const void *chan);
void stop_current(void);                    /* TASK_STOPPED until wake_up_stopped (SIGCONT, SIGKILL) */
void wake_up_stopped(struct task_struct *t);
void scheduler_tick(bool user);             /* from the timer interrupt; user: it hit user mode */
/* SIGALRM to t in ticks (0: disarm), then every interval ticks (0: once). */
void task_arm_alarm(struct task_struct *t, u64 ticks, u64 interval);
struct task_struct *find_task_by_pid(int pid);
/* Counters for /proc/stat, /proc/uptime, /proc/loadavg (kernel/sched.c, kernel/fork.c). */
extern u32 cpu_user_ticks, cpu_system_ticks, cpu_idle_ticks;
extern unsigned long nr_context_switches, total_forks, avenrun[3];
void for_each_task(void (*fn)(struct task_struct *t, void *arg), void *arg);

/*
 * Start user space: run path (NULL: /bin/init, else /bin/sh) as pid 1, with the words of args
 * (the command line after "--", split in place) as its arguments. Does not return.
 */
void run_init_process(const char *path, char *args) __noreturn;
void populate_rootfs(void);              /* unpack the initramfs modules */

/* Tasks (kernel/fork.c, kernel/exit.c). */

/* clone's flags, Linux's values (the low byte, CSIGNAL, is the signal sent at the child's death). */
#define CSIGNAL 0x000000ff
#define CLONE_VM 0x00000100              /* share the address space */
#define CLONE_FS 0x00000200              /* share the current directory and umask */
#define CLONE_FILES 0x00000400           /* share the file descriptor table */
#define CLONE_SIGHAND 0x00000800         /* share the signal handlers (needs CLONE_VM) */
#define CLONE_PIDFD 0x00001000           /* a pidfd for the child (not here: EINVAL) */
#define CLONE_PTRACE 0x00002000          /* no tracing here: ignored */
#define CLONE_VFORK 0x00004000           /* the parent sleeps until the child execs or exits */
#define CLONE_PARENT 0x00008000          /* the child's parent is the caller's parent */
#define CLONE_THREAD 0x00010000          /* the same thread group (needs CLONE_SIGHAND) */
#define CLONE_SYSVSEM 0x00040000         /* share System V semaphore undo lists (none here) */
#define CLONE_SETTLS 0x00080000          /* the child's TLS descriptor: a struct user_desc */
#define CLONE_DETACHED 0x00400000        /* ignored, as on Linux */
#define CLONE_UNTRACED 0x00800000        /* no tracing here: ignored */
#define CLONE_NEWNS 0x00020000           /* the namespace flags: not here (EINVAL) */
#define CLONE_NAMESPACES 0x7e020080u     /* NEWNS, NEWCGROUP, NEWUTS, NEWIPC, NEWUSER, NEWPID, NEWNET, NEWTIME */
#define CLONE_IO 0x80000000u             /* share the I/O context: ignored (one disk queue) */
#define CLONE_PARENT_SETTID 0x00100000   /* store the child's tid at parent_tid */
#define CLONE_CHILD_CLEARTID 0x00200000  /* zero child_tid when the child exits */
#define CLONE_CHILD_SETTID 0x01000000    /* store the child's tid at child_tid, in its memory */
#define CLONE_CLEAR_SIGHAND 0x100000000ull /* clone3 only: handlers back to SIG_DFL */

struct kernel_clone_args {
	u64 flags;                       /* CLONE_*, without CSIGNAL */
	unsigned long stack;             /* the child's stack pointer, or 0: the parent's */
	unsigned long parent_tid, child_tid;   /* user addresses for the *_SETTID/CLEARTID flags */
	unsigned long tls;               /* CLONE_SETTLS: the user_desc for the child's TLS entry */
	int exit_signal;                 /* the parent's signal at the child's death */
};

struct vfork_completion {
	bool done;                       /* the child has left the parent's address space */
};

long kernel_clone(const struct kernel_clone_args *args);  /* child's pid or -errno */
void put_files_struct(struct files_struct *f);   /* one user fewer; the last closes every file */
void put_fs_struct(struct fs_struct *fs);
void put_sighand(struct sighand_struct *sh);
int unshare_for_exec(struct task_struct *t);   /* execve: a file table and handlers of its own */
/* TLS descriptor for t from a user's struct user_desc (set_thread_area, CLONE_SETTLS). */
int tls_from_user(struct task_struct *t, void *uinfo, bool can_allocate);
void do_group_exit(int status) __noreturn;     /* every thread of the process ends */
int zap_other_threads(struct task_struct *t);  /* SIGKILL to the rest of t's group */
void thread_counts_to_process(struct task_struct *t);  /* an ending thread's times and faults */
/* Every thread of t's process (t->signal->thread_head): for_each_thread(t, o) { ... } */
#define for_each_thread(t, o) list_for_each_entry(o, &(t)->signal->thread_head, thread_node)
/* Is t the only thread of its process? */
static inline bool thread_group_empty(const struct task_struct *t)
{
	return t->signal->thread_head.next == t->signal->thread_head.prev;
}
void mm_release(struct task_struct *t);  /* t leaves its mm: wake a vfork parent */
struct task_struct *alloc_task(void);
void do_exit(int code) __noreturn;
void task_switch_mm(struct task_struct *next);
int nr_tasks(void);
/*
 * Linux's default RLIMIT_NPROC (and RLIMIT_SIGPENDING) for init: half of max_threads, the
 * tasks whose 8 KiB kernel stacks would take an eighth of RAM. Processes are limited by memory,
 * by PID_MAX and by this limit, not by a table.
 */
unsigned long default_nproc(void);

void register_task(struct task_struct *t);
void unregister_task(struct task_struct *t);
void sched_fork_add(struct task_struct *t);
void sched_remove(struct task_struct *t);
void cpu_idle(void) __noreturn;
/*
 * TSC cycles the CPU spent halted in the idle task (/proc/copystat): the rest of the time it
 * worked. Under QEMU's -icount the TSC counts instructions, so the difference is the work.
 */
extern u64 cpu_idle_tsc;
void idle_interrupted(void);            /* an interrupt arrived: the halt, if any, is over */
extern unsigned long nr_context_switches;

/* Run a program in task t (its first program, for init); 0 or -errno (kernel/exec.c). */
int kernel_execve(struct task_struct *t, const char *path, const char *const *argv,
		  const char *const *envp);
void prepare_task_stack(struct task_struct *t);  /* first switch goes to ret_from_fork */
void free_task(struct task_struct *t);

/* Keep mm's peak RSS in t->maxrss (kB) before mm goes away (exit, exec), as Linux does. */
void task_note_maxrss(struct task_struct *t, const struct mm_struct *mm);

/* FPU state (kernel/fpu.c): set up at boot, saved and restored around every task switch. */
void fpu_init(void);
void fpu_save(struct task_struct *t);
void fpu_restore(const struct task_struct *t);
void fpu_reset(struct task_struct *t);      /* a clean state, as after finit (exec) */
extern bool has_fxsr;                        /* fxsave and fxrstor (else fnsave and frstor) */

/* At every task switch (inline: it is on that path): save prev's registers, load next's. */
static inline void fpu_switch(struct task_struct *prev, const struct task_struct *next)
{
	if (has_fxsr)
		__asm__ volatile("fxsave %0\n\tfxrstor %1" : "=m"(prev->fpu_state) : "m"(next->fpu_state));
	else
		__asm__ volatile("fnsave %0\n\tfrstor %1" : "=m"(prev->fpu_state) : "m"(next->fpu_state));
}
/* A signal frame's FPU state (Linux's struct _fpstate_32, FPSTATE_SIZE bytes at ubuf): current's
 * registers saved there, then a clean FPU for the handler; and back at sigreturn (ubuf 0: a
 * clean FPU). 0, or -EFAULT. */
#define FPSTATE_SIZE 624
int fpu_save_to_user(void *ubuf);
int fpu_restore_from_user(const void *ubuf);
void exec_done_hook(struct task_struct *t, const char *path);  /* a breakpoint spot for GDB */
asmlinkage void schedule_tail(void);          /* called by ret_from_fork */

/*
 * Kernel threads (kernel/kthread.c): tasks that run only kernel code, with no address space
 * of their own (the kernel's half is in every page directory) and no parent, like Linux's
 * (ps shows them as [name]). A new one runs fn(arg) once scheduled; NULL if no task is free.
 */
struct task_struct *kthread_run(int (*fn)(void *), void *arg, const char *name);
