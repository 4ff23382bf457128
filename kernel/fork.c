/*
 * fork: a new task with a copy of the caller's address space (copy-on-write: mm/memory.c),
 * files and signal settings. Tasks are limited to PID_MAX_TASKS; beyond that fork fails with
 * EAGAIN.
 */
#include <kernel/sched.h>
#include <kernel/syscall.h>
#include <kernel/file.h>
#include <drivers/pit.h>
#include <kernel/errno.h>
#include <kernel/printk.h>
#include <kernel/string.h>
#include <mm/memory.h>
#include <mm/vma.h>
#include <mm/slab.h>
#include <mm/vmalloc.h>
#include <kernel/uaccess.h>

extern char ret_from_fork[];
static int last_pid;

/* The next free pid, counting up and wrapping at 32768 as Linux does. */
static int alloc_pid(void)
{
	for (;;) {
		last_pid = last_pid >= 32767 ? 2 : last_pid + 1;
		if (!find_task_by_pid(last_pid))
			return last_pid;
	}
}

struct task_struct *alloc_task(void)
{
	struct task_struct *t;

	if (nr_tasks() >= PID_MAX_TASKS)
		return NULL;
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
	t->tls_entry = -1;
	t->state = TASK_INTERRUPTIBLE;          /* not runnable until set up */
	INIT_LIST_HEAD(&t->children);
	INIT_LIST_HEAD(&t->run_list);
	strlcpy(t->cwd, "/", sizeof(t->cwd));
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

static int copy_mm(struct task_struct *child)
{
	struct mm_struct *mm = mm_alloc(), *old = current->mm;

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
	mm->mmap_base = old->mmap_base;
	mm->exe_file = old->exe_file;
	if (mm->exe_file)
		inode_get(mm->exe_file);
	if (vma_dup(mm, old) || copy_page_range(mm, old))
		return -ENOMEM;
	mm->hiwater_vm = mm->total_vm;              /* the child's peaks start now, as on Linux */
	mm->hiwater_rss = mm->rss;
	return 0;
}

long sys_fork(struct pt_regs *regs)
{
	struct task_struct *child = alloc_task();

	if (!child)
		return -EAGAIN;
	if (copy_mm(child)) {
		if (child->mm)
			mmput(child->mm);
		free_task(child);
		return -ENOMEM;
	}
	for (int fd = 0; fd < NR_OPEN; fd++)
		if (current->files[fd])
			child->files[fd] = get_file(current->files[fd]);
	child->close_on_exec = current->close_on_exec;
	memcpy(child->comm, current->comm, sizeof(child->comm));
	memcpy(child->cwd, current->cwd, sizeof(child->cwd));
	memcpy(child->sigactions, current->sigactions, sizeof(child->sigactions));
	memcpy(child->tls_desc, current->tls_desc, sizeof(child->tls_desc));
	child->tls_entry = current->tls_entry;
	child->sigmask = current->sigmask;
	fpu_save(current);                          /* the child starts with the parent's FPU state */
	memcpy(child->fpu_state, current->fpu_state, sizeof(child->fpu_state));
	child->parent = current;
	list_add_tail(&child->sibling, &current->children);
	*task_pt_regs(child) = *regs;
	task_pt_regs(child)->eax = 0;               /* fork returns 0 in the child */
	prepare_task_stack(child);
	sched_fork_add(child);
	return child->pid;
}

#define CSIGNAL 0xff
#define CLONE_PARENT_SETTID 0x00100000
#define CLONE_CHILD_CLEARTID 0x00200000
#define CLONE_CHILD_SETTID 0x01000000

/*
 * clone (i386: ebx flags, ecx new stack, edx parent tid pointer, esi tls, edi child tid pointer).
 * The fork-like forms are supported, with the tid bookkeeping glibc's fork asks for; threads
 * (CLONE_VM and friends) are not.
 */
long sys_clone(struct pt_regs *regs)
{
	const u32 supported = CSIGNAL | CLONE_PARENT_SETTID | CLONE_CHILD_CLEARTID | CLONE_CHILD_SETTID;
	u32 flags = regs->ebx;
	struct task_struct *child;
	long pid;

	if (flags & ~supported) {
		printk(KERN_WARNING "%s[%d]: clone flags %#x: threads are not supported\n",
		       current->comm, current->pid, flags);
		return -EINVAL;
	}
	pid = sys_fork(regs);
	if (pid < 0)
		return pid;
	child = find_task_by_pid((int)pid);
	if (regs->ecx)
		task_pt_regs(child)->esp = regs->ecx;   /* the child starts on the stack given */
	if ((flags & CLONE_PARENT_SETTID) && put_user_u32((u32)pid, (void *)regs->edx))
		return pid;                                  /* Linux too reports only the pid */
	if (flags & CLONE_CHILD_SETTID) {
		u32 tid = (u32)pid;
		mm_write(child->mm, regs->edi, &tid, sizeof(tid));
	}
	if (flags & CLONE_CHILD_CLEARTID)
		child->clear_child_tid = regs->edi;
	return pid;
}
