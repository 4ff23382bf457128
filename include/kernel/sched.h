/*
 * Tasks and the scheduler. Each task has a kernel stack (8 KiB from vmalloc, guard page below),
 * an address space (struct mm_struct) and a file table. Scheduling is round-robin: the PIT
 * tick asks for a switch every TIMESLICE ticks, taken on the way back to user mode.
 */
#pragma once
#include <types.h>
#include <kernel/list.h>
#include <asm/ptrace.h>
#include <mm/layout.h>
#include <fs/fs.h>
#include <kernel/resource.h>

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

struct task_struct {
	int pid;
	char comm[TASK_COMM_LEN];    /* program name, for logs */
	enum task_state state;
	int exit_code;               /* wait status: (code << 8) or the signal number */
	struct task_struct *parent;
	struct list_head children;   /* my children */
	struct list_head sibling;    /* in my parent's children */
	struct list_head tasks;      /* in the list of all tasks */
	struct list_head run_list;   /* in the run queue while TASK_RUNNING */
	const void *wait_chan;       /* what it sleeps on */
	u32 wake_jiffies;            /* nanosleep: when to wake (0: not sleeping on time) */
	void *stack;                 /* kernel stack: THREAD_SIZE bytes */
	u32 esp;                     /* saved kernel stack pointer while switched out */
	struct mm_struct *mm;
	struct file *files[NR_OPEN];
	u32 close_on_exec;           /* bit fd: close files[fd] at execve (FD_CLOEXEC) */
	struct path pwd;             /* current directory (a mount and a dentry; NULL before the VFS) */
	int pgid, sid;               /* process group and session (job control) */
	bool ctty;                   /* its session's controlling terminal is the console */
	bool did_exec;               /* setpgid on a child that has exec'd: EACCES */
	u8 stop_report;              /* stopped by this signal, not yet reported to wait (WUNTRACED) */
	bool cont_report;            /* continued, not yet reported to wait (WCONTINUED) */
	u32 umask;                   /* mode bits that new files do not get */
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
	u64 sigpending;              /* signals sent and not yet acted on */
	u64 saved_sigmask;           /* sigsuspend: the mask to restore once a handler has run */
	bool restore_sigmask;        /* ... and whether there is one */
	u64 alarm_at;                /* ITIMER_REAL: SIGALRM at this jiffies_64 (0: not armed) */
	u64 alarm_interval;          /* ... then every this many ticks (0: once) */
	struct sigaction_k sigactions[64];
	struct {                     /* what a pending signal's siginfo will say */
		s32 code;            /* SI_USER (kill), or SEGV_MAPERR/SEGV_ACCERR, BUS_ADRERR... */
		u32 pid;             /* sender (kill) */
		u32 addr;            /* faulting address (faults) */
	} siginfo[64];
	u32 syscall_nr;              /* the system call in progress, to restart it (SA_RESTART) */
	u32 altstack_sp, altstack_size; /* sigaltstack, or size 0 */
	bool autoreap;               /* parent ignores SIGCHLD: freed at exit, never a zombie */
	int timeslice;
	/* getrusage and times: this task's own counts, and those of the children it waited for */
	unsigned long min_flt, maj_flt, cmin_flt, cmaj_flt;  /* page faults handled (no I/O: minor) */
	u32 utime, stime, cutime, cstime;  /* ticks spent in user and kernel mode */
	u32 start_time;                    /* jiffies at fork (/proc/PID/stat) */
	unsigned long maxrss, cmaxrss;     /* peak RSS in kB of earlier programs (exec) / children */
	bool need_resched;
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
#define CLONE_VFORK 0x00004000           /* the parent sleeps until the child execs or exits */
#define CLONE_PARENT_SETTID 0x00100000   /* store the child's tid at parent_tid */
#define CLONE_CHILD_CLEARTID 0x00200000  /* zero child_tid when the child exits */
#define CLONE_CHILD_SETTID 0x01000000    /* store the child's tid at child_tid, in its memory */
#define CLONE_CLEAR_SIGHAND 0x100000000ull /* clone3 only: handlers back to SIG_DFL */

struct kernel_clone_args {
	u64 flags;                       /* CLONE_*, without CSIGNAL */
	unsigned long stack;             /* the child's stack pointer, or 0: the parent's */
	unsigned long parent_tid, child_tid;   /* user addresses for the *_SETTID/CLEARTID flags */
};

struct vfork_completion {
	bool done;                       /* the child has left the parent's address space */
};

long kernel_clone(const struct kernel_clone_args *args);  /* child's pid or -errno */
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
void exec_done_hook(struct task_struct *t, const char *path);  /* a breakpoint spot for GDB */
void schedule_tail(void);                     /* called by ret_from_fork */

/*
 * Kernel threads (kernel/kthread.c): tasks that run only kernel code, with no address space
 * of their own (the kernel's half is in every page directory) and no parent, like Linux's
 * (ps shows them as [name]). A new one runs fn(arg) once scheduled; NULL if no task is free.
 */
struct task_struct *kthread_run(int (*fn)(void *), void *arg, const char *name);
