/*
 * fork, vfork, clone, clone3: a new task with a copy of the caller's address space
 * (copy-on-write: mm/memory.c) or, for vfork, the caller's own, borrowed until the child execs
 * or exits; and copies of its files and signal settings. There is no table of tasks: fork
 * fails with EAGAIN only when memory for one more runs out, or every pid below PID_MAX is in
 * use, or the caller's RLIMIT_NPROC would be passed (for unprivileged users; every process here
 * is root).
 */
#include <kernel/sched.h>
#include <mm/swap.h>
#include <mm/mmzone.h>
#include <kernel/syscall.h>
#include <fs/fs.h>
#include <kernel/time.h>
#include <linux/errno.h>
#include <kernel/printk.h>
#include <kernel/string.h>
#include <mm/memory.h>
#include <mm/vma.h>
#include <mm/slab.h>
#include <mm/vmalloc.h>
#include <kernel/uaccess.h>
#include <kernel/signal.h>
#include <asm/x86.h>

extern char ret_from_fork[];
static int last_pid;
unsigned long total_forks;                   /* processes made since boot (/proc/stat) */

int pid_max = PID_MAX;                       /* kernel.pid_max: pids stay below it */

/* The next free pid, counting up and wrapping at pid_max as Linux does; 0 if all are taken. */
static int alloc_pid(void)
{
	for (int tries = 0; tries < pid_max; tries++) {
		last_pid = last_pid >= pid_max - 1 ? 2 : last_pid + 1;
		if (!find_task_by_pid(last_pid))
			return last_pid;
	}
	return 0;
}

unsigned long default_nproc(void)
{
	unsigned long max_threads = (unsigned long)((u64)totalram_pages() * PAGE_SIZE / (8192 * 8));

	if (max_threads < 20)
		max_threads = 20;                   /* Linux's MIN_THREADS */
	return max_threads / 2;
}

struct task_struct *alloc_task(void)
{
	struct task_struct *t;

	t = kzalloc(sizeof(*t), GFP_KERNEL);
	if (!t)
		return NULL;
	t->start_time = jiffies;
	t->stack = alloc_thread_stack();
	if (!t->stack) {
		kfree(t);
		return NULL;
	}
	t->pid = alloc_pid();
	if (!t->pid) {
		free_thread_stack(t->stack);
		kfree(t);
		return NULL;
	}
	total_forks++;
	t->tls_entry = -1;
	t->state = TASK_INTERRUPTIBLE;          /* not runnable until set up */
	INIT_LIST_HEAD(&t->children);
	INIT_LIST_HEAD(&t->run_list);
	t->umask = 022;
	rlimit_init(t->rlim, NR_OPEN, default_nproc());   /* fork copies the parent's over these */
	register_task(t);
	return t;
}

void free_task(struct task_struct *t)
{
	unregister_task(t);
	free_thread_stack(t->stack);
	kfree(t);
}

/*
 * Prepare t's kernel stack so that the first switch to it "returns" into ret_from_fork, which
 * leaves for user mode with the registers in its struct pt_regs.
 */
void prepare_task_stack(struct task_struct *t)
{
	u32 *sp = (u32 *)task_pt_regs(t);

	*--sp = (u32)(unsigned long)ret_from_fork;  /* switch_to's ret */
	*--sp = 0;                                  /* ebp */
	*--sp = 0;                                  /* ebx */
	*--sp = 0;                                  /* esi */
	*--sp = 0;                                  /* edi */
	t->esp = (u32)(unsigned long)sp;
}

void task_note_maxrss(struct task_struct *t, const struct mm_struct *mm)
{
	unsigned long kb = mm_hiwater_rss_kb(mm);

	if (kb > t->maxrss)
		t->maxrss = kb;
}

/*
 * The child's address space: the parent's own, shared (CLONE_VM: vfork), or a copy-on-write
 * copy. 0 or -ENOMEM; on failure child->mm may hold a half-built copy for the caller to mmput.
 */
static int copy_mm(u64 clone_flags, struct task_struct *child)
{
	struct mm_struct *mm, *old = current->mm;

	if (clone_flags & CLONE_VM) {
		old->users++;
		child->mm = old;
		return 0;
	}
	/*
	 * The copy allocates a page table for every one the parent has, and must not sleep halfway
	 * (it reads the parent's entries as it goes): reclaim what it will need first, here, where
	 * the parent holds nothing.
	 */
	reclaim_for(mm_pgtables_pages(old) + 2);
	mm = mm_alloc();
	if (!mm)
		return -ENOMEM;
	child->mm = mm;
	mm->start_code = old->start_code;
	mm->end_code = old->end_code;
	mm->start_data = old->start_data;
	mm->end_data = old->end_data;
	mm->start_brk = old->start_brk;
	mm->brk = old->brk;
	mm->start_stack = old->start_stack;
	mm->arg_start = old->arg_start;
	mm->arg_end = old->arg_end;
	mm->env_start = old->env_start;
	mm->env_end = old->env_end;
	mm->mmap_base = old->mmap_base;
	mm->exe_file = old->exe_file;
	if (mm->exe_file)
		get_file(mm->exe_file);
	if (vma_dup(mm, old) || copy_page_range(mm, old))
		return -ENOMEM;
	mm->hiwater_vm = mm->total_vm;              /* the child's peaks start now, as on Linux */
	mm->hiwater_rss = mm->rss;
	return 0;
}

/* Everything but the address space: files, directory, signal settings, TLS, FPU. */
static void copy_process_state(u64 clone_flags, struct task_struct *child)
{
	for (int fd = 0; fd < NR_OPEN; fd++)
		if (current->files[fd])
			child->files[fd] = get_file(current->files[fd]);
	child->close_on_exec = current->close_on_exec;
	memcpy(child->comm, current->comm, sizeof(child->comm));
	child->pwd = current->pwd;              /* the same directory, one more user of it */
	if (child->pwd.dentry)
		path_get(&child->pwd);
	child->umask = current->umask;
	child->pgid = current->pgid;                /* the same process group and session */
	child->sid = current->sid;
	child->ctty = current->ctty;
	memcpy(child->groups, current->groups, sizeof(child->groups));
	memcpy(child->rlim, current->rlim, sizeof(child->rlim));
	child->oom_score_adj = current->oom_score_adj;
	child->ngroups = current->ngroups;
	memcpy(child->sigactions, current->sigactions, sizeof(child->sigactions));
	if (clone_flags & CLONE_CLEAR_SIGHAND)
		flush_signal_handlers(child);
	memcpy(child->tls_desc, current->tls_desc, sizeof(child->tls_desc));
	child->tls_entry = current->tls_entry;
	child->sigmask = current->sigmask;
	child->altstack_sp = current->altstack_sp;
	child->altstack_size = current->altstack_size;
	fpu_save(current);                          /* the child starts with the parent's FPU state */
	memcpy(child->fpu_state, current->fpu_state, sizeof(child->fpu_state));
}

/*
 * vfork's wait: the parent sleeps until the child has left the shared address space (execve or
 * exit: mm_release). Only a fatal signal ends the wait early, as on Linux; the child then
 * forgets the parent's completion, which lives on this stack frame.
 */
static void wait_for_vfork_done(struct task_struct *child, struct vfork_completion *vfork)
{
	u32 flags = local_irq_save();

	while (!vfork->done && !fatal_signal_pending(current))
		sleep_on(vfork);
	if (!vfork->done)
		child->vfork_done = NULL;
	local_irq_restore(flags);
}

/*
 * A task leaves its address space (execve, exit): a vfork parent waiting for that may go on.
 * Called before the old mm is put.
 */
void mm_release(struct task_struct *t)
{
	struct vfork_completion *vfork = t->vfork_done;

	if (vfork) {
		t->vfork_done = NULL;
		vfork->done = true;
		wake_up(vfork);
	}
}

/*
 * fork, vfork, clone and clone3 all come here: a new task that returns to user mode with the
 * caller's registers (from current_pt_regs(), never from user memory), eax 0 and, if asked, its
 * own stack. Returns the child's pid, or -EAGAIN (task limit), -ENOMEM; on failure nothing of the
 * child is left.
 */
long kernel_clone(const struct kernel_clone_args *args)
{
	struct task_struct *child = alloc_task();
	struct vfork_completion vfork = { false };
	struct pt_regs *regs;

	if (!child)
		return -EAGAIN;
	if (copy_mm(args->flags, child)) {
		if (child->mm)
			mmput(child->mm);
		free_task(child);
		return -ENOMEM;
	}
	copy_process_state(args->flags, child);
	child->parent = current;
	list_add_tail(&child->sibling, &current->children);
	regs = task_pt_regs(child);
	*regs = *current_pt_regs();
	regs->eax = 0;                              /* fork returns 0 in the child */
	if (args->stack)
		regs->esp = args->stack;            /* the child starts on the stack given */
	if (args->flags & CLONE_CHILD_CLEARTID)
		child->clear_child_tid = args->child_tid;
	if (args->flags & CLONE_CHILD_SETTID)
		child->set_child_tid = args->child_tid;     /* the child writes it: schedule_tail */
	if (args->flags & CLONE_PARENT_SETTID)
		put_user_u32((u32)child->pid, (void *)args->parent_tid);  /* Linux too reports only the pid */
	if (args->flags & CLONE_VFORK)
		child->vfork_done = &vfork;
	prepare_task_stack(child);
	sched_fork_add(child);
	if (args->flags & CLONE_VFORK)
		wait_for_vfork_done(child, &vfork);
	return child->pid;
}

long sys_fork(void)
{
	struct kernel_clone_args args = { .flags = 0 };

	return kernel_clone(&args);
}

/* vfork: the child borrows this address space; the caller sleeps until it execs or exits. */
long sys_vfork(void)
{
	struct kernel_clone_args args = { .flags = CLONE_VM | CLONE_VFORK };

	return kernel_clone(&args);
}

/*
 * The flags this kernel implements: fork's and vfork's forms, with the tid bookkeeping glibc's
 * fork asks for. Threads (CLONE_VM without CLONE_VFORK, CLONE_THREAD, CLONE_SETTLS...) are not
 * here yet: they answer EINVAL with a log line.
 */
static long check_clone_flags(u64 flags)
{
	const u64 supported = CLONE_VM | CLONE_VFORK | CLONE_PARENT_SETTID | CLONE_CHILD_CLEARTID |
			      CLONE_CHILD_SETTID | CLONE_CLEAR_SIGHAND;

	if ((flags & ~supported) || (flags & (CLONE_VM | CLONE_VFORK)) == CLONE_VM) {
		printk(KERN_WARNING "%s[%d]: clone flags %#llx: threads are not supported\n",
		       current->comm, current->pid, flags);
		return -EINVAL;
	}
	return 0;
}

/*
 * clone (i386 order: flags, new stack, parent tid pointer, tls, child tid pointer). The low byte
 * of flags is the signal the parent gets at the child's death; SIGCHLD is the only one here.
 */
long sys_clone(unsigned long flags, unsigned long newsp, int *uptid, unsigned long tls, int *uctid)
{
	struct kernel_clone_args args = {
		.flags = flags & ~CSIGNAL, .stack = newsp,
		.parent_tid = (unsigned long)uptid, .child_tid = (unsigned long)uctid,
	};
	long err = check_clone_flags(args.flags);

	(void)tls;
	return err ? err : kernel_clone(&args);
}

/* struct clone_args, as clone3 takes it: every field 64 bits wide. */
struct clone_args {
	u64 flags, pidfd, child_tid, parent_tid, exit_signal, stack, stack_size, tls;
	u64 set_tid, set_tid_size, cgroup;
};
#define CLONE_ARGS_SIZE_VER0 64                 /* the first version: up to tls */

/*
 * clone3: the same, with the arguments in a struct whose size says its version. As on Linux,
 * the stack is given as base and size, the exit signal has its own field, and a larger struct
 * than this kernel knows is accepted only if the part it does not know is zero.
 */
long sys_clone3(void *uargs, unsigned long size)
{
	struct clone_args ca;
	struct kernel_clone_args args;
	long err;

	if (size < CLONE_ARGS_SIZE_VER0 || size > PAGE_SIZE)
		return -EINVAL;
	memset(&ca, 0, sizeof(ca));
	if (copy_from_user(&ca, uargs, min(size, (unsigned long)sizeof(ca))))
		return -EFAULT;
	for (unsigned long off = sizeof(ca); off < size; off++) {
		u8 b;
		if (copy_from_user(&b, (u8 *)uargs + off, 1))
			return -EFAULT;
		if (b)
			return -E2BIG;
	}
	if ((ca.flags & CSIGNAL) || ca.exit_signal > _NSIG || ca.set_tid || ca.set_tid_size ||
	    (!ca.stack) != (!ca.stack_size) || ca.stack_size > TASK_SIZE ||
	    ca.stack > TASK_SIZE - ca.stack_size)
		return -EINVAL;                     /* Linux's clone3_stack_valid: access_ok */
	if ((err = check_clone_flags(ca.flags)) != 0)
		return err;
	args = (struct kernel_clone_args){
		.flags = ca.flags, .stack = (unsigned long)(ca.stack + ca.stack_size),
		.parent_tid = (unsigned long)ca.parent_tid, .child_tid = (unsigned long)ca.child_tid,
	};
	return kernel_clone(&args);
}
