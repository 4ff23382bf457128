/*
 * Core dumps (内核转储), as Linux writes them: a process killed by a signal whose default action
 * is to dump core (SIGQUIT, SIGILL, SIGTRAP, SIGABRT, SIGBUS, SIGFPE, SIGSEGV, SIGXCPU, SIGXFSZ,
 * SIGSYS) leaves a file "core" in its working directory (/proc/sys/kernel/core_pattern is
 * "core"), an ELF file of type ET_CORE that GDB reads (`gdb PROGRAM core`), and its wait status
 * gets the core-dump bit (0x80, WCOREDUMP).
 *
 * As on Linux, there is no dump when RLIMIT_CORE is below a page (the default soft limit is 0:
 * `ulimit -c unlimited` first), when the process is undumpable (its ids changed: a set-user-ID
 * program), or when the file cannot be made there with the process's own rights; an old "core"
 * is replaced. What is written (Linux's default coredump_filter, 0x33):
 *
 *   ELF header, then a program header per area, then the notes: NT_PRSTATUS (the signal, the
 *   pids and the registers of the thread that died) and NT_PRPSINFO (its name and state)
 *   - private areas with anonymous pages, shared anonymous memory and the [vdso]: whole (pages
 *     never touched are holes of zeros, never faulted in)
 *   - the first page of a file mapped from its start (an ELF header, for GDB to find what ran)
 *   - anything else: a header with no data
 * The dump stops where RLIMIT_CORE is reached, the file cut short; as on Linux the wait status
 * still says "core dumped" once the file was made (Linux's has_dumped is set before it writes).
 */
#include <kernel/sched.h>
#include <kernel/time.h>
#include <kernel/signal.h>
#include <kernel/string.h>
#include <kernel/printk.h>
#include <kernel/syscall.h>
#include <kernel/elf.h>
#include <fs/fs.h>
#include <mm/memory.h>
#include <mm/highmem.h>
#include <mm/page.h>
#include <mm/slab.h>
#include <mm/vma.h>
#include <linux/errno.h>
#include <asm/ptrace.h>

#define ET_CORE 4
#define NT_PRSTATUS 1
#define NT_PRPSINFO 3
#define PT_NOTE_TYPE 4
#define PT_LOAD_TYPE 1

#ifndef SIGSYS
#define SIGSYS 31                       /* bad system call (seccomp): dumps core */
#endif
#define sigbit(sig) (1ull << ((sig) - 1))
#define SIG_COREDUMP_MASK (sigbit(SIGQUIT) | sigbit(SIGILL) | sigbit(SIGTRAP) | sigbit(SIGABRT) | \
			   sigbit(SIGBUS) | sigbit(SIGFPE) | sigbit(SIGSEGV) | sigbit(SIGXCPU) | \
			   sigbit(SIGXFSZ) | sigbit(SIGSYS))

struct core_ehdr {                      /* Elf32_Ehdr */
	u8 ident[16];
	u16 type, machine;
	u32 version, entry, phoff, shoff, flags;
	u16 ehsize, phentsize, phnum, shentsize, shnum, shstrndx;
};

struct core_phdr {                      /* Elf32_Phdr */
	u32 type, offset, vaddr, paddr, filesz, memsz, flags, align;
};

struct core_prstatus {                  /* i386 struct elf_prstatus: 144 bytes */
	s32 si_signo, si_code, si_errno;
	s16 cursig;
	u16 pad;
	u32 sigpend, sighold;
	s32 pid, ppid, pgrp, sid;
	u32 utime[2], stime[2], cutime[2], cstime[2];
	u32 reg[17];                    /* ebx ecx edx esi edi ebp eax ds es fs gs orig_eax eip cs eflags esp ss */
	s32 fpvalid;
};

struct core_prpsinfo {                  /* i386 struct elf_prpsinfo: 124 bytes */
	char state, sname, zomb, nice;
	u32 flag;
	u16 uid, gid;
	s32 pid, ppid, pgrp, sid;
	char fname[16];
	char psargs[80];
};

BUILD_BUG_ON(sizeof(struct core_prstatus) != 144);
BUILD_BUG_ON(sizeof(struct core_prpsinfo) != 124);

struct core_note {
	u32 namesz, descsz, type;
	char name[8];                   /* "CORE", padded to 4 bytes */
};

/* A dump in progress: the file, where it is, and the limit it must stay within. */
struct dump {
	struct file *file;
	u64 pos, limit;
	bool failed;
};

static void emit(struct dump *d, const void *buf, size_t n)
{
	if (d->failed)
		return;
	if (d->pos + n > d->limit || kernel_write(d->file, buf, n, &d->pos) != (ssize_t)n)
		d->failed = true;               /* past RLIMIT_CORE, or the disk is full */
}

static void emit_zeros(struct dump *d, size_t n)
{
	static const u8 zeros[256];

	while (n && !d->failed) {
		size_t k = min(n, sizeof(zeros));
		emit(d, zeros, k);
		n -= k;
	}
}

/* How much of an area goes into the dump (Linux's vma_dump_size with coredump_filter 0x33). */
static unsigned long dump_size(const struct vm_area_struct *v)
{
	unsigned long size = v->vm_end - v->vm_start;

	if (v->vm_name && !strcmp(v->vm_name, "[vdso]"))
		return size;
	if (v->vm_name && !strcmp(v->vm_name, "[vvar]"))
		return 0;                       /* the kernel's data page, as Linux's VM_IO */
	if (v->vm_flags & VM_SHARED)
		return v->vm_file && file_inode(v->vm_file)->i_nlink == 0 ? size : 0;  /* shared anonymous */
	if (v->anon_vma)
		return size;                    /* written to: its own pages */
	if (v->vm_file && v->vm_pgoff == 0 && (v->vm_flags & VM_READ))
		return PAGE_SIZE;               /* an ELF header */
	return 0;
}

/* One page of the area at va, or zeros if there is none (never faulted in for the dump). */
static void emit_page(struct dump *d, struct mm_struct *mm, unsigned long va, u8 *bounce)
{
	pte_t *pte = user_pte(mm->pgd, va, false);

	if (!pte || !pte_has_page(*pte)) {
		emit_zeros(d, PAGE_SIZE);
		return;
	}
	void *p = kmap_atomic(pfn_to_page(*pte >> PAGE_SHIFT));
	memcpy(bounce, p, PAGE_SIZE);
	kunmap_atomic(p);
	emit(d, bounce, PAGE_SIZE);
}

static void fill_prstatus(struct core_prstatus *s, int sig, const struct pt_regs *r)
{
	struct task_struct *t = current;

	memset(s, 0, sizeof(*s));
	s->si_signo = s->cursig = (s16)sig;
	s->sighold = (u32)t->sigmask;
	s->pid = t->pid;
	s->ppid = t->parent ? t->parent->tgid : 0;
	s->pgrp = t->pgid;
	s->sid = t->sid;
	s->utime[0] = t->utime / HZ;
	s->utime[1] = (t->utime % HZ) * (1000000 / HZ);
	s->stime[0] = t->stime / HZ;
	s->stime[1] = (t->stime % HZ) * (1000000 / HZ);
	u32 regs[17] = { r->ebx, r->ecx, r->edx, r->esi, r->edi, r->ebp, r->eax, r->ds, r->es, r->fs,
			 r->gs, t->syscall_nr, r->eip, r->cs, r->eflags, r->esp, r->ss };
	memcpy(s->reg, regs, sizeof(regs));
}

static void fill_prpsinfo(struct core_prpsinfo *p)
{
	struct task_struct *t = current;

	memset(p, 0, sizeof(*p));
	p->state = 0;
	p->sname = 'R';
	p->uid = high2lowuid(t->cred.uid);
	p->gid = high2lowuid(t->cred.gid);
	p->pid = t->tgid;
	p->ppid = t->parent ? t->parent->tgid : 0;
	p->pgrp = t->pgid;
	p->sid = t->sid;
	strlcpy(p->fname, t->comm, sizeof(p->fname));
	strlcpy(p->psargs, t->comm, sizeof(p->psargs));
}

/* "core" in the working directory: an old one goes first; made with the process's rights. */
static struct file *open_core(void)
{
	struct file *f;

	kern_unlink("core");                    /* if it is there and may be removed */
	f = filp_open("core", O_CREAT | O_EXCL | O_WRONLY | O_NOFOLLOW | O_LARGEFILE, 0600);
	if (IS_ERR(f))
		return f;
	if (!S_ISREG(file_inode(f)->i_mode) || file_inode(f)->i_uid != current->cred.fsuid) {
		fput(f);
		return ERR_PTR(-EPERM);
	}
	return f;
}

static void write_core(struct dump *d, int sig, const struct pt_regs *regs, u8 *bounce)
{
	struct mm_struct *mm = current->mm;
	struct vm_area_struct *v;
	struct core_ehdr eh;
	struct core_phdr ph;
	struct { struct core_note h; struct core_prstatus s; } status;
	struct { struct core_note h; struct core_prpsinfo p; } psinfo;
	u32 notes_off, data_off;

	memset(&eh, 0, sizeof(eh));
	memcpy(eh.ident, "\177ELF\1\1\1", 7);     /* 32-bit, little-endian, version 1 */
	eh.type = ET_CORE;
	eh.machine = 3;                          /* EM_386 */
	eh.version = 1;
	eh.phoff = sizeof(eh);
	eh.ehsize = sizeof(eh);
	eh.phentsize = sizeof(ph);
	eh.phnum = (u16)(1 + mm->map_count);
	emit(d, &eh, sizeof(eh));
	notes_off = sizeof(eh) + eh.phnum * sizeof(ph);
	status.h = (struct core_note){ 5, sizeof(status.s), NT_PRSTATUS, "CORE" };
	fill_prstatus(&status.s, sig, regs);
	psinfo.h = (struct core_note){ 5, sizeof(psinfo.p), NT_PRPSINFO, "CORE" };
	fill_prpsinfo(&psinfo.p);
	ph = (struct core_phdr){ PT_NOTE_TYPE, notes_off, 0, 0, sizeof(status) + sizeof(psinfo), 0, 0, 0 };
	emit(d, &ph, sizeof(ph));
	data_off = (u32)PAGE_ALIGN(notes_off + ph.filesz);
	for_each_vma(mm, v) {
		u32 filesz = (u32)dump_size(v);
		ph = (struct core_phdr){ PT_LOAD_TYPE, data_off, (u32)v->vm_start, 0, filesz,
					 (u32)(v->vm_end - v->vm_start),
					 ((v->vm_flags & VM_READ) ? 4u : 0) | ((v->vm_flags & VM_WRITE) ? 2u : 0) |
					 ((v->vm_flags & VM_EXEC) ? 1u : 0), PAGE_SIZE };
		emit(d, &ph, sizeof(ph));
		data_off += filesz;
	}
	emit(d, &status, sizeof(status));
	emit(d, &psinfo, sizeof(psinfo));
	emit_zeros(d, (size_t)(PAGE_ALIGN(d->pos) - d->pos));
	for_each_vma(mm, v) {
		unsigned long end = v->vm_start + dump_size(v);
		for (unsigned long va = v->vm_start; va < end && !d->failed; va += PAGE_SIZE)
			emit_page(d, mm, va, bounce);
	}
}

bool sig_coredumps(int sig)
{
	return sig > 0 && sig <= 64 && (sigbit(sig) & SIG_COREDUMP_MASK);
}

bool do_coredump(int sig, const struct pt_regs *regs)
{
	struct dump d = { NULL, 0, rlimit(RLIMIT_CORE), false };
	u8 *bounce;

	if (!current->mm || current->mm->undumpable || d.limit < PAGE_SIZE)
		return false;
	bounce = kmalloc(PAGE_SIZE, GFP_KERNEL);
	if (!bounce)
		return false;
	d.file = open_core();
	if (IS_ERR(d.file)) {
		kfree(bounce);
		return false;                        /* no right to write there, or no room */
	}
	write_core(&d, sig, regs, bounce);
	fput(d.file);
	kfree(bounce);
	return true;                                 /* whole, or cut short by the limit */
}
