/*
 * fork, vfork, clone, clone3: a new task with a copy of the caller's address space
 * (copy-on-write: mm/memory.c) or, for vfork and threads (CLONE_VM), the caller's own; and
 * copies of its files, directory and signal handlers, or, as clone's flags ask, the caller's own
 * (CLONE_FILES, CLONE_FS, CLONE_SIGHAND). With CLONE_THREAD the new task is a thread: it joins
 * the caller's thread group (one process, one pid for getpid). There is no table of tasks: fork
 * fails with EAGAIN only when memory for one more runs out, or every pid below PID_MAX is in
 * use, or the caller's RLIMIT_NPROC would be passed: the tasks of its real user, zombies and
 * threads included, as Linux counts them (root, and CAP_SYS_RESOURCE or CAP_SYS_ADMIN, pass).
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

/* Each a task's own until clone shares it: empty, counted once. */
static struct files_struct *files_alloc(void)
{
	struct files_struct *f = kzalloc(sizeof(*f), GFP_KERNEL);

	if (f)
		f->count = 1;
	return f;
}

static struct fs_struct *fs_alloc(void)
{
	struct fs_struct *fs = kzalloc(sizeof(*fs), GFP_KERNEL);

	if (fs) {
		fs->count = 1;
		fs->umask = 022;
	}
	return fs;
}

static struct sighand_struct *sighand_alloc(void)
{
	struct sighand_struct *sh = kzalloc(sizeof(*sh), GFP_KERNEL);

	if (sh)
		sh->count = 1;
	return sh;
}

static struct signal_struct *signal_alloc(void)
{
	struct signal_struct *sig = kzalloc(sizeof(*sig), GFP_KERNEL);

	if (sig) {
		sig->count = 1;
		sig->live = 1;
		INIT_LIST_HEAD(&sig->thread_head);
	}
	return sig;
}

/* The last user of a file table or directory closes what it holds (exit, execve's unsharing). */
void put_files_struct(struct files_struct *f)
{
	if (!f || --f->count)
		return;
	for (int fd = 0; fd < NR_OPEN; fd++)
		if (f->fd[fd])
			filp_close(f->fd[fd]);
	kfree(f);
}

void put_fs_struct(struct fs_struct *fs)
{
	if (!fs || --fs->count)
		return;
	if (fs->pwd.dentry)
		path_put(&fs->pwd);              /* the directory is no longer in use by it */
	kfree(fs);
}

void put_sighand(struct sighand_struct *sh)
{
	if (sh && !--sh->count)
		kfree(sh);
}

static void put_signal(struct signal_struct *sig)
{
	if (sig && !--sig->count)
		kfree(sig);
}

/*
 * A new task, alone: its own pid, a thread group of its own (it leads it), an empty file table,
 * no directory, default signal handlers. NULL when memory or pids run out.
 */
struct task_struct *alloc_task(void)
{
	struct task_struct *t;

	t = kzalloc(sizeof(*t), GFP_KERNEL);
	if (!t)
		return NULL;
	t->start_time = jiffies;
	t->stack = alloc_thread_stack();
	t->files = files_alloc();
	t->fs = fs_alloc();
	t->sighand = sighand_alloc();
	t->signal = signal_alloc();
	if (!t->stack || !t->files || !t->fs || !t->sighand || !t->signal)
		goto fail;
	t->pid = alloc_pid();
	if (!t->pid)
		goto fail;
	total_forks++;
	t->tgid = t->pid;
	t->group_leader = t;
	list_add_tail(&t->thread_node, &t->signal->thread_head);
	t->exit_signal = SIGCHLD;
	t->tls_entry = -1;
	t->cred.cap = true;                     /* root's: init and kernel threads (fork copies over) */
	t->state = TASK_INTERRUPTIBLE;          /* not runnable until set up */
	INIT_LIST_HEAD(&t->children);
	INIT_LIST_HEAD(&t->run_list);
	rlimit_init(t->rlim, NR_OPEN, default_nproc());   /* fork copies the parent's over these */
	register_task(t);
	return t;
fail:
	if (t->stack)
		free_thread_stack(t->stack);
	kfree(t->files);
	kfree(t->fs);
	kfree(t->sighand);
	kfree(t->signal);
	kfree(t);
	return NULL;
}

/* The task_struct goes (reaped, or a thread at its exit): what it still shares is let go. */
void free_task(struct task_struct *t)
{
	unregister_task(t);
	list_del(&t->thread_node);
	put_files_struct(t->files);
	put_fs_struct(t->fs);
	put_sighand(t->sighand);
	put_signal(t->signal);
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
	int err;

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
	if (!vm_enough_memory_for_fork(old))
		return -ENOMEM;                         /* strict overcommit: no room for the copy */
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
	mm->vdso_base = old->vdso_base;
	mm->undumpable = old->undumpable;
	mm->exe_file = old->exe_file;
	if (mm->exe_file)
		get_file(mm->exe_file);
	mmap_write_lock(old);                       /* the areas stay as they are while copied */
	err = vma_dup(mm, old) || copy_page_range(mm, old) ? -ENOMEM : 0;
	mmap_write_unlock(old);
	if (err)
		return err;
	mm->hiwater_vm = mm->total_vm;              /* the child's peaks start now, as on Linux */
	mm->hiwater_rss = mm->rss;
	return 0;
}

/* dst (empty) gets src's descriptors, each file one more user, and their close-on-exec bits. */
static void files_copy(struct files_struct *dst, const struct files_struct *src)
{
	for (int fd = 0; fd < NR_OPEN; fd++)
		if (src->fd[fd])
			dst->fd[fd] = get_file(src->fd[fd]);
	dst->close_on_exec = src->close_on_exec;
}

/* Share the caller's (drop the child's own, still empty) or fill the child's with a copy. */
static void copy_files(u64 clone_flags, struct task_struct *child)
{
	if (clone_flags & CLONE_FILES) {
		put_files_struct(child->files);
		child->files = current->files;
		child->files->count++;
		return;
	}
	files_copy(child->files, current->files);
}

static void copy_fs(u64 clone_flags, struct task_struct *child)
{
	if (clone_flags & CLONE_FS) {
		put_fs_struct(child->fs);
		child->fs = current->fs;
		child->fs->count++;
		return;
	}
	child->fs->pwd = current->fs->pwd;      /* the same directory, one more user of it */
	if (child->fs->pwd.dentry)
		path_get(&child->fs->pwd);
	child->fs->umask = current->fs->umask;
}

static void copy_sighand(u64 clone_flags, struct task_struct *child)
{
	if (clone_flags & CLONE_SIGHAND) {
		put_sighand(child->sighand);
		child->sighand = current->sighand;
		child->sighand->count++;
		return;
	}
	memcpy(child->sighand->action, current->sighand->action, sizeof(child->sighand->action));
	if (clone_flags & CLONE_CLEAR_SIGHAND)
		flush_signal_handlers(child);
}

/*
 * execve: the new program's file table and handlers are its own. A table or handlers shared
 * with another process (CLONE_FILES, CLONE_SIGHAND without CLONE_THREAD) are copied first, so
 * that close-on-exec and the reset of handlers do not reach into it. 0 or -ENOMEM.
 */
int unshare_for_exec(struct task_struct *t)
{
	if (t->files->count > 1) {
		struct files_struct *f = files_alloc();
		if (!f)
			return -ENOMEM;
		files_copy(f, t->files);
		put_files_struct(t->files);
		t->files = f;
	}
	if (t->sighand->count > 1) {
		struct sighand_struct *sh = sighand_alloc();
		if (!sh)
			return -ENOMEM;
		memcpy(sh->action, t->sighand->action, sizeof(sh->action));
		put_sighand(t->sighand);
		t->sighand = sh;
	}
	return 0;
}

/* A thread joins the caller's group: its pid stays its own, its tgid is the group's. */
static void join_thread_group(struct task_struct *child)
{
	list_del(&child->thread_node);
	put_signal(child->signal);
	child->signal = current->signal;
	child->signal->count++;
	child->signal->live++;
	child->tgid = current->tgid;
	child->group_leader = current->group_leader;
	child->exit_signal = -1;                /* a thread's end signals nobody: it is freed at once */
	list_add_tail(&child->thread_node, &child->signal->thread_head);
}

/* Everything but the address space: files, directory, signal settings, TLS, FPU. */
static void copy_process_state(u64 clone_flags, struct task_struct *child)
{
	copy_files(clone_flags, child);
	copy_fs(clone_flags, child);
	copy_sighand(clone_flags, child);
	if (clone_flags & CLONE_THREAD)
		join_thread_group(child);
	memcpy(child->comm, current->comm, sizeof(child->comm));
	child->cred = current->cred;
	child->pgid = current->pgid;                /* the same process group and session */
	child->sid = current->sid;
	child->ctty = current->ctty;
	memcpy(child->groups, current->groups, sizeof(child->groups));
	memcpy(child->rlim, current->rlim, sizeof(child->rlim));
	child->oom_score_adj = current->oom_score_adj;
	child->ngroups = current->ngroups;
	memcpy(child->tls_desc, current->tls_desc, sizeof(child->tls_desc));
	child->tls_entry = current->tls_entry;
	child->sigmask = current->sigmask;
	child->signal_work = true;          /* its process may have signals pending: its first way out looks */
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
/* Would one more task pass the caller's RLIMIT_NPROC? */
static bool over_nproc(void)
{
	u64 limit = rlimit(RLIMIT_NPROC);

	if (current->cred.uid == 0 || capable(CAP_SYS_RESOURCE) || capable(CAP_SYS_ADMIN) ||
	    limit == RLIM64_INFINITY)
		return false;
	return (u64)nr_processes_of(current->cred.uid) >= limit;
}

long kernel_clone(const struct kernel_clone_args *args)
{
	struct task_struct *child;
	struct vfork_completion vfork = { false };
	struct pt_regs *regs;
	long err;

	if (over_nproc())
		return -EAGAIN;
	child = alloc_task();
	if (!child)
		return -EAGAIN;
	if (copy_mm(args->flags, child)) {
		if (child->mm)
			mmput(child->mm);
		free_task(child);
		return -ENOMEM;
	}
	copy_process_state(args->flags, child);
	if ((args->flags & CLONE_SETTLS) && (err = tls_from_user(child, (void *)args->tls, false)) != 0) {
		mmput(child->mm);
		if (args->flags & CLONE_THREAD)
			child->signal->live--;
		free_task(child);
		return err;
	}
	/*
	 * A process's children belong to its group leader, whichever thread made them (so any
	 * thread may wait for them, and getppid names the process). CLONE_PARENT and threads get
	 * the caller's parent instead.
	 */
	if (args->flags & (CLONE_PARENT | CLONE_THREAD)) {
		child->parent = current->group_leader->parent;
		if (!(args->flags & CLONE_THREAD))
			child->exit_signal = current->group_leader->exit_signal;
	} else {
		child->parent = current->group_leader;
		child->exit_signal = args->exit_signal;
	}
	if (args->flags & CLONE_THREAD)
		INIT_LIST_HEAD(&child->sibling);    /* a thread is nobody's child */
	else
		list_add_tail(&child->sibling, &child->parent->children);
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
	struct kernel_clone_args args = { .flags = 0, .exit_signal = SIGCHLD };

	return kernel_clone(&args);
}

/* vfork: the child borrows this address space; the caller sleeps until it execs or exits. */
long sys_vfork(void)
{
	struct kernel_clone_args args = { .flags = CLONE_VM | CLONE_VFORK, .exit_signal = SIGCHLD };

	return kernel_clone(&args);
}

/*
 * Linux's rules for combining clone's flags (copy_process): a thread shares the handlers, shared
 * handlers need a shared address space, init may not give its children its parent. Namespaces
 * and pidfds are not implemented: EINVAL with a log line.
 */
static long check_clone_flags(u64 flags)
{
	if ((flags & CLONE_THREAD) && !(flags & CLONE_SIGHAND))
		return -EINVAL;
	if ((flags & CLONE_SIGHAND) && !(flags & CLONE_VM))
		return -EINVAL;
	if ((flags & CLONE_PARENT) && current->tgid == 1)
		return -EINVAL;
	if ((flags & (CLONE_SIGHAND | CLONE_CLEAR_SIGHAND)) == (CLONE_SIGHAND | CLONE_CLEAR_SIGHAND))
		return -EINVAL;
	if (flags & (CLONE_NAMESPACES | CLONE_PIDFD)) {
		static int reported;                /* the first few, then quiet (a fuzzer asks often) */
		if (reported++ < 5)
			printk(KERN_WARNING "%s[%d]: clone flags %#llx: namespaces and pidfds are not supported%s\n",
			       current->comm, current->pid, flags, reported == 5 ? " (no longer reported)" : "");
		return -EINVAL;
	}
	return 0;
}

/*
 * clone (i386 order: flags, new stack, parent tid pointer, tls, child tid pointer). The low byte
 * of flags is the signal the parent gets at the child's death (SIGCHLD for fork; a thread's is
 * ignored).
 */
long sys_clone(unsigned long flags, unsigned long newsp, int *uptid, unsigned long tls, int *uctid)
{
	struct kernel_clone_args args = {
		.flags = flags & ~CSIGNAL, .stack = newsp,
		.parent_tid = (unsigned long)uptid, .child_tid = (unsigned long)uctid,
		.tls = tls, .exit_signal = (int)(flags & CSIGNAL),
	};
	long err = check_clone_flags(args.flags);

	if (args.exit_signal > _NSIG)
		args.exit_signal = 0;
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
	if ((ca.flags & (CSIGNAL | CLONE_DETACHED)) || ca.exit_signal > _NSIG || ca.set_tid || ca.set_tid_size ||
	    ((ca.flags & (CLONE_THREAD | CLONE_PARENT)) && ca.exit_signal) || (ca.flags >> 32 & ~1ull) ||
	    (!ca.stack) != (!ca.stack_size) || ca.stack_size > TASK_SIZE ||
	    ca.stack > TASK_SIZE - ca.stack_size)
		return -EINVAL;                     /* Linux's clone3_stack_valid: access_ok */
	if ((err = check_clone_flags(ca.flags)) != 0)
		return err;
	args = (struct kernel_clone_args){
		.flags = ca.flags, .stack = (unsigned long)(ca.stack + ca.stack_size),
		.parent_tid = (unsigned long)ca.parent_tid, .child_tid = (unsigned long)ca.child_tid,
		.tls = (unsigned long)ca.tls, .exit_signal = (int)ca.exit_signal,
	};
	return kernel_clone(&args);
}
