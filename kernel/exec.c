/*
 * execve: replace a task's program. The new address space is built completely (ELF segments,
 * the brk heap above them, the stack with argc, argv, envp and the auxiliary vector) before
 * the old one is dropped, so a failing exec returns an error to a caller that keeps running.
 *
 * The segments are private mappings of the program file, as mmap(MAP_PRIVATE) makes them: its
 * page-cache pages are mapped read-only and copied only when written (the data segment). So
 * every process running one program shares the pages of its text: watch Pss in
 * /proc/PID/smaps halve when a second copy runs. Only the bss (memory past the file's bytes)
 * is anonymous.
 *
 * Initial stack (i386 SysV ABI), from the stack pointer upward:
 *   argc | argv[0..argc-1] | NULL | envp[0..] | NULL | auxv pairs ... AT_NULL | (padding)
 *   | AT_RANDOM bytes | "i686" | argument and environment strings | file name | 0 word
 */
#include <kernel/sched.h>
#include <kernel/syscall.h>
#include <kernel/elf.h>
#include <fs/fs.h>
#include <kernel/uaccess.h>
#include <linux/errno.h>
#include <kernel/printk.h>
#include <kernel/string.h>
#include <kernel/signal.h>
#include <mm/memory.h>
#include <mm/vma.h>
#include <mm/slab.h>
#include <mm/vmalloc.h>
#include <asm/segment.h>
#include <asm/x86.h>
#include <kernel/time.h>
#include <kernel/vdso.h>
static int de_thread(void);

#include <linux/auxvec.h>

#define MAX_ARG_BYTES (32 * 1024)     /* all argument and environment strings together */
#define MAX_ARG_STRINGS 1024
#define STACK_BUILD (64 * 1024)       /* the part of the stack exec writes */


/* Argument strings gathered from the caller, packed one after another. */
struct exec_args {
	char *buf;
	u32 used;
	u32 argc, envc;
};

/* Gather a NULL-terminated vector of strings from user space (or, for init, from the kernel). */
static int copy_strings(struct exec_args *a, const char *const *vec, bool user, u32 *count)
{
	for (*count = 0; vec; (*count)++) {
		u32 p;
		long n;

		if (user ? get_user_u32(&p, &vec[*count]) : (p = (u32)(unsigned long)vec[*count], 0))
			return -EFAULT;
		if (!p)
			return 0;
		if (*count >= MAX_ARG_STRINGS)
			return -E2BIG;
		if (user) {
			n = strncpy_from_user(a->buf + a->used, (const char *)(unsigned long)p,
					      MAX_ARG_BYTES - a->used);
			if (n == -ENAMETOOLONG)
				return -E2BIG;
			if (n < 0)
				return (int)n;
		} else {
			n = (long)strlen((const char *)(unsigned long)p);
			if (a->used + n + 1 > MAX_ARG_BYTES)
				return -E2BIG;
			memcpy(a->buf + a->used, (const char *)(unsigned long)p, (size_t)n + 1);
		}
		a->used += (u32)n + 1;
	}
	return 0;
}

static unsigned long vm_flags_of(u32 p_flags)
{
	unsigned long f = 0;

	if (p_flags & PF_R) f |= VM_READ;
	if (p_flags & PF_W) f |= VM_WRITE;
	if (p_flags & PF_X) f |= VM_EXEC | VM_READ;   /* i386 without NX: executable is readable */
	return f;
}

/* Map [start, end) of file privately, from page pgoff, as mmap(MAP_PRIVATE | MAP_FIXED) does. */
static int map_file_private(struct mm_struct *mm, struct file *file, unsigned long start,
			    unsigned long end, unsigned long vm_flags, unsigned long pgoff)
{
	struct vm_area_struct tmpl = {
		.vm_start = start, .vm_end = end,
		.vm_flags = vm_flags | VM_MAY_ALL | ((vm_flags & VM_WRITE) ? VM_ACCOUNT : 0),
		.vm_file = file, .vm_pgoff = pgoff,
	};
	int err = file->f_op->mmap(file, &tmpl);

	return err ? err : vma_insert(mm, &tmpl);
}

/* Map every PT_LOAD segment from the file (and its bss); set the code, data and brk boundaries. */
static int load_segments(struct mm_struct *mm, struct file *file, const struct elf_info *info)
{
	static const u8 zeros[PAGE_SIZE];

	for (int i = 0; i < info->ehdr->e_phnum; i++) {
		const struct elf32_phdr *ph = &info->phdrs[i];
		unsigned long start = ph->p_vaddr & PAGE_MASK;
		unsigned long file_end = (unsigned long)ph->p_vaddr + ph->p_filesz;
		unsigned long map_end = ALIGN(file_end, (unsigned long)PAGE_SIZE);
		unsigned long end = ALIGN((unsigned long)ph->p_vaddr + ph->p_memsz, (unsigned long)PAGE_SIZE);
		unsigned long flags = vm_flags_of(ph->p_flags);
		u32 lead = ph->p_vaddr - start;
		int err;

		if (ph->p_type != PT_LOAD || ph->p_memsz == 0)
			continue;
		/*
		 * A page shared with the previous segment is mapped again from the file: offsets and
		 * addresses are congruent, so the bytes before p_vaddr in it are that segment's.
		 */
		if ((err = vma_remove_range(mm, start, end)) != 0)
			return err;
		if (map_end > start &&                  /* file bytes (or a page shared with the last segment) */
		    (err = map_file_private(mm, file, start, map_end, flags, (ph->p_offset - lead) >> PAGE_SHIFT)) != 0)
			return err;
		/* the bss: zeros after the file's bytes in their last page (a private copy), then anonymous pages */
		if (ph->p_memsz > ph->p_filesz && (file_end & (PAGE_SIZE - 1)) &&
		    (err = mm_write(mm, file_end, zeros, map_end - file_end)) != 0)
			return err;
		if (end > map_end && (err = vma_add(mm, max(map_end, start), end, flags | VM_ACCOUNT, NULL)) != 0)
			return err;
		if (ph->p_flags & PF_X) {
			mm->start_code = mm->start_code ? min(mm->start_code, start) : start;
			mm->end_code = max(mm->end_code, (unsigned long)ph->p_vaddr + ph->p_filesz);
		} else {
			mm->start_data = mm->start_data ? min(mm->start_data, (unsigned long)ph->p_vaddr) : ph->p_vaddr;
			mm->end_data = max(mm->end_data, (unsigned long)ph->p_vaddr + ph->p_filesz);
		}
	}
	mm->start_brk = mm->brk = ALIGN((unsigned long)info->end_data, (unsigned long)PAGE_SIZE);
	return 0;
}

/* Push bytes below *sp in the stack image (which stands for [STACK_TOP - STACK_BUILD, STACK_TOP)). */
static u32 push(u8 *img, u32 *sp, const void *data, u32 n)
{
	*sp -= n;
	memcpy(img + (*sp - (STACK_TOP - STACK_BUILD)), data, n);
	return *sp;
}

/* Build the initial stack in the new address space; returns the user stack pointer or 0. */
static u32 create_stack(struct mm_struct *mm, const struct exec_args *a, const struct elf_info *info,
			const char *path)
{
	u8 *img = vzalloc(STACK_BUILD);
	u32 sp = STACK_TOP - 4, execfn, platform, random, *vec, nvec = 0, words;
	u32 a_eax, a_ebx, a_ecx, a_edx, strings;
	u64 tsc = rdtsc();
	const char *s = a->buf;

	if (!img)
		return 0;
	execfn = push(img, &sp, path, (u32)strlen(path) + 1);
	strings = push(img, &sp, a->buf, a->used);
	platform = push(img, &sp, "i686", 5);
	u32 rnd[4] = { (u32)tsc, (u32)(tsc >> 32) ^ 0x9e3779b9, (u32)jiffies, (u32)current->pid };
	random = push(img, &sp, rnd, sizeof(rnd));
	cpuid(1, &a_eax, &a_ebx, &a_ecx, &a_edx);
	u32 auxv[] = {
		AT_HWCAP, a_edx, AT_PAGESZ, PAGE_SIZE, AT_CLKTCK, 100, AT_PHDR, info->phdr_vaddr,
		AT_PHENT, sizeof(struct elf32_phdr), AT_PHNUM, info->ehdr->e_phnum, AT_BASE, 0,
		AT_FLAGS, 0, AT_ENTRY, info->ehdr->e_entry, AT_UID, 0, AT_EUID, 0, AT_GID, 0,
		AT_EGID, 0, AT_SECURE, 0, AT_RANDOM, random, AT_EXECFN, execfn,
		AT_PLATFORM, platform, AT_SYSINFO_EHDR, vdso_ehdr(mm), vdso_entry(mm) ? AT_SYSINFO : AT_IGNORE, vdso_entry(mm),
		AT_NULL, 0,
	};
	words = 1 + a->argc + 1 + a->envc + 1 + ARRAY_SIZE(auxv);
	sp = (sp - words * 4) & ~15u;                  /* argc 16-byte aligned, as the ABI wants */
	vec = (u32 *)(img + (sp - (STACK_TOP - STACK_BUILD)));
	vec[nvec++] = a->argc;
	for (u32 i = 0; i < a->argc; i++, s += strlen(s) + 1)
		vec[nvec++] = strings + (u32)(s - a->buf);
	vec[nvec++] = 0;                                   /* end of argv */
	mm->arg_start = strings;                           /* /proc/PID/cmdline and environ */
	mm->arg_end = mm->env_start = strings + (u32)(s - a->buf);
	mm->env_end = strings + a->used;
	for (u32 i = 0; i < a->envc; i++, s += strlen(s) + 1)
		vec[nvec++] = strings + (u32)(s - a->buf);
	vec[nvec++] = 0;                                   /* end of envp */
	memcpy(&vec[nvec], auxv, sizeof(auxv));
	if (mm_write(mm, sp, img + (sp - (STACK_TOP - STACK_BUILD)), STACK_TOP - sp)) {
		vfree(img);
		return 0;
	}
	vfree(img);
	mm->start_stack = sp;
	return sp;
}

/* The program name for logs: the last part of the path. */
static void set_comm(struct task_struct *t, const char *path)
{
	const char *base = path;

	for (const char *p = path; *p; p++)
		if (*p == '/' && p[1])
			base = p + 1;
	strlcpy(t->comm, base, sizeof(t->comm));
}

/*
 * Called after every successful exec, with the task running its new program. Empty: it is a
 * place for a debugger to stop (scripts/gdb/pagoda.py loads the program's symbols here).
 */
void __attribute__((noinline)) exec_done_hook(struct task_struct *t, const char *path)
{
	__asm__ volatile("" : : "r"(t), "r"(path) : "memory");
}

static int do_execve(struct task_struct *t, const char *path, struct exec_args *a, struct pt_regs *regs)
{
	struct elf_info info;
	struct mm_struct *mm, *old;
	const char *why;
	struct inode *inode;
	struct file *file;
	u8 *head;
	long got;
	int err = 0;
	u32 sp;

	file = open_exec(path);                 /* execute permission (root: some x bit set) */
	if (IS_ERR(file))
		return (int)PTR_ERR(file);
	inode = file_inode(file);
	if (!S_ISREG(inode->i_mode) || !file->f_op->mmap) {
		fput(file);
		return -EACCES;
	}
	head = kmalloc(PAGE_SIZE, GFP_KERNEL);
	if (!head) {
		fput(file);
		return -ENOMEM;
	}
	got = pagecache_read(inode, 0, head, PAGE_SIZE);
	err = got < 0 ? (int)got
		      : elf_check(head, (u32)got, inode->i_size > 0xffffffffu ? 0xffffffffu : (u32)inode->i_size, &info, &why);
	if (err) {
		if (err == -ENOEXEC)
			printk(KERN_INFO "%s[%d]: exec %s: %s\n", t->comm, t->pid, path, why);
		goto out;
	}
	mm = mm_alloc();
	if (!mm) {
		err = -ENOMEM;
		goto out;
	}
	err = load_segments(mm, file, &info);
	if (!err)
		err = vma_add(mm, STACK_TOP - STACK_INITIAL, STACK_TOP, VM_READ | VM_WRITE | VM_GROWSDOWN | VM_ACCOUNT,
			      "[stack]");
	if (!err)
		err = vdso_map(mm);                     /* [vvar] and [vdso], below the mmap area's top */
	if (err || !(sp = create_stack(mm, a, &info, path))) {
		mmput(mm);
		err = err ? err : -ENOMEM;
		goto out;
	}
	mm->exe_file = get_file(file);          /* /proc/PID/exe, and it cannot go while it runs */
	if (t == current && ((err = de_thread()) != 0 || (err = unshare_for_exec(t)) != 0)) {
		mmput(mm);
		goto out;
	}
	/* the point of no return: the old program is gone */
	old = t->mm;
	t->mm = mm;
	if (t == current)
		task_switch_mm(t);
	if (old) {
		task_note_maxrss(t, old);
		mm_release(t);                  /* a vfork parent may go on */
		mmput(old);
	}
	set_comm(t, path);
	cred_exec(t, inode);                    /* a set-user-ID program: its owner's rights */
	t->did_exec = true;
	flush_signal_handlers(t);
	for (int fd = 0; fd < NR_OPEN; fd++)
		if (t->files->fd[fd] && (t->files->close_on_exec & (1u << fd))) {
			filp_close(t->files->fd[fd]);
			t->files->fd[fd] = NULL;
		}
	t->files->close_on_exec = 0;
	memset(t->tls_desc, 0, sizeof(t->tls_desc));
	t->clear_child_tid = 0;
	fpu_reset(t);
	if (t == current)
		fpu_restore(t);
	memset(regs, 0, sizeof(*regs));
	regs->eip = info.ehdr->e_entry;
	regs->esp = sp;
	regs->cs = __USER_CS;
	regs->ds = regs->es = regs->ss = __USER_DS;
	regs->eflags = X86_EFLAGS_IF | 0x2;
	t->frame_check = true;
	exec_done_hook(t, path);
out:
	kfree(head);
	fput(file);
	return err;
}

/*
 * execve in a process with several threads: every other thread is killed, and the caller waits
 * until it is the only one. If it is not the leader, it then takes the leader's place, as on
 * Linux: the process's pid (getpid and gettid now agree), its parent and its children; the old
 * leader's task_struct is freed. -EAGAIN if the process is already dying.
 */
static int de_thread(void)
{
	struct task_struct *me = current, *leader = me->group_leader, *c;
	struct signal_struct *sig = me->signal;
	u32 flags;
	int tid;

	if (thread_group_empty(me))
		return 0;
	flags = local_irq_save();
	if (sig->group_exit || sig->exec_waiter) {
		local_irq_restore(flags);
		return -EAGAIN;
	}
	sig->exec_waiter = me;
	zap_other_threads(me);
	while (sig->live > 1) {
		if (fatal_signal_pending(me)) {
			sig->exec_waiter = NULL;
			local_irq_restore(flags);
			return -EAGAIN;
		}
		sleep_on(sig);
	}
	if (leader != me) {
		tid = me->pid;
		me->pid = leader->pid;
		leader->pid = tid;
		me->group_leader = me;
		me->parent = leader->parent;
		me->exit_signal = leader->exit_signal;
		me->start_time = leader->start_time;
		list_replace(&leader->sibling, &me->sibling);
		while (!list_empty(&leader->children)) {
			c = list_first_entry(&leader->children, struct task_struct, sibling);
			list_del(&c->sibling);
			c->parent = me;
			list_add_tail(&c->sibling, &me->children);
		}
		me->cmin_flt = leader->cmin_flt;
		me->cmaj_flt = leader->cmaj_flt;
		me->cutime = leader->cutime;
		me->cstime = leader->cstime;
		me->cmaxrss = leader->cmaxrss;
		me->maxrss = max(me->maxrss, leader->maxrss);
		me->alarm_at = leader->alarm_at;
		me->alarm_interval = leader->alarm_interval;
		thread_counts_to_process(leader);
		free_task(leader);
	}
	sig->exec_waiter = NULL;
	local_irq_restore(flags);
	return 0;
}

static int args_alloc(struct exec_args *a)
{
	memset(a, 0, sizeof(*a));
	a->buf = vmalloc(MAX_ARG_BYTES);
	return a->buf ? 0 : -ENOMEM;
}

long sys_execve(const char *upath, const char *const *uargv, const char *const *uenvp)
{
	char *path = getname(upath);
	struct exec_args a;
	int err;

	if (IS_ERR(path))
		return PTR_ERR(path);
	if ((err = args_alloc(&a)) != 0) {
		putname(path);
		return err;
	}
	err = copy_strings(&a, uargv, true, &a.argc);
	if (!err)
		err = copy_strings(&a, uenvp, true, &a.envc);
	if (!err)
		err = do_execve(current, path, &a, current_pt_regs());
	vfree(a.buf);
	putname(path);
	return err;
}

int kernel_execve(struct task_struct *t, const char *path, const char *const *argv,
		  const char *const *envp)
{
	struct exec_args a;
	int err = args_alloc(&a);

	if (err)
		return err;
	err = copy_strings(&a, argv, false, &a.argc);
	if (!err)
		err = copy_strings(&a, envp, false, &a.envc);
	if (!err)
		err = do_execve(t, path, &a, task_pt_regs(t));
	vfree(a.buf);
	return err;
}
