/*
 * Host stand-ins for what mm/memory.c, mm/fault.c and mm/mmap.c call outside mm: the current
 * task, signals (recorded, not delivered), user copies (the tests pass host buffers), the TLB,
 * the kernel's page directory, and the oops path. The page tables themselves are real: they live
 * in the fake physical memory of fake_kernel.c and are walked by the real code.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "fake_kernel.h"
#include <kernel/sched.h>
#include <kernel/signal.h>
#include <kernel/uaccess.h>
#include <kernel/irq.h>
#include <kernel/printk.h>
#include <linux/errno.h>
#include <mm/memory.h>
#include <mm/pgtable.h>
#include <asm/tlbflush.h>

struct task_struct *current;
struct mm_struct *loaded_mm;
pde_t swapper_pg_dir[PTRS_PER_PGD] __attribute__((aligned(4096)));
struct host_signal host_last_signal;
unsigned long host_tlb_flushes;

void host_set_current(struct mm_struct *mm)
{
	static struct task_struct task;
	static struct sighand_struct sighand;
	static struct signal_struct signal;
	static struct files_struct files;
	static struct fs_struct fs;

	memset(&task, 0, sizeof(task));
	memset(&sighand, 0, sizeof(sighand));
	memset(&signal, 0, sizeof(signal));
	memset(&files, 0, sizeof(files));
	memset(&fs, 0, sizeof(fs));
	sighand.count = signal.count = signal.live = files.count = fs.count = 1;
	fs.umask = 022;
	task.files = &files;
	task.fs = &fs;
	task.sighand = &sighand;                 /* its own handlers (all SIG_DFL) and thread group */
	task.signal = &signal;
	task.pid = task.tgid = 42;
	task.cred.cap = true;                   /* root, as the kernel's first task */
	task.group_leader = &task;
	strcpy(task.comm, "hosttask");
	task.mm = mm;
	current = &task;
	loaded_mm = mm;
	memset(&host_last_signal, 0, sizeof(host_last_signal));
}

void force_sig_fault(int sig, int code, unsigned long addr)
{
	host_last_signal = (struct host_signal){ sig, code, addr };
}

void force_sig(int sig)
{
	force_sig_fault(sig, SI_USER, 0);
}

/* The tests' "user" pointers are host pointers: a copy is a memcpy, NULL is the bad pointer. */
int copy_from_user(void *dst, const void *usrc, size_t n)
{
	if (!usrc)
		return -EFAULT;
	memcpy(dst, usrc, n);
	return 0;
}

int copy_to_user(void *udst, const void *src, size_t n)
{
	if (!udst)
		return -EFAULT;
	memcpy(udst, src, n);
	return 0;
}

void flush_tlb_one_kernel(unsigned long va)
{
	(void)va;
	host_tlb_flushes++;
}

void flush_tlb_local(void)
{
	host_tlb_flushes++;
}

bool fixup_exception(struct pt_regs *regs)
{
	(void)regs;
	return false;
}

void show_kernel_fault(struct pt_regs *regs, unsigned long address)
{
	(void)regs;
	panic("host: kernel-mode page fault at %#lx that nothing fixes up", address);
}

/* User strings: the tests pass host strings. -EFAULT for NULL, -ENAMETOOLONG when n is reached. */
long strncpy_from_user(char *dst, const char *usrc, long n)
{
	long i;

	if (!usrc)
		return -EFAULT;
	for (i = 0; i < n; i++)
		if ((dst[i] = usrc[i]) == '\0')
			return i;
	return -ENAMETOOLONG;
}

int put_user_u32(u32 v, void *udst)
{
	return copy_to_user(udst, &v, sizeof(v));
}

/*
 * Sleeping and kernel threads: on the host nothing ever waits (no disk: no page is locked or
 * under write-back), so a sleep would be a bug the test must see.
 */
void sleep_on(const void *chan)
{
	(void)chan;
	panic("host: sleep_on with nothing to wake it");
}

void wake_up(const void *chan)
{
	(void)chan;
}

void wake_up_process(struct task_struct *t)
{
	(void)t;
}

struct task_struct *find_task_by_pid(int pid)
{
	return current && current->pid == pid ? current : NULL;
}

void for_each_task(void (*fn)(struct task_struct *t, void *arg), void *arg)
{
	if (current)
		fn(current, arg);
}

struct task_struct *kthread_run(int (*fn)(void *), void *arg, const char *name)
{
	(void)fn;
	(void)arg;
	(void)name;
	return NULL;
}

void io_sleep_on(const void *chan)
{
	(void)chan;
	panic("host: io_sleep_on with no disk to wake it");
}

/* Resource limits: the defaults a first process has (8 MiB of stack...); set ones are tested in QEMU. */
u64 rlimit(unsigned resource)
{
	struct rlimit64 lim[RLIM_NLIMITS];

	rlimit_init(lim, NR_OPEN, 1024);
	return lim[resource].rlim_cur;
}

int send_sig_kernel(int sig, struct task_struct *t)
{
	(void)t;
	host_last_signal.sig = sig;
	return 0;
}

/*
 * Swap and the OOM killer: the host has no disk, so no swap area is ever switched on and no
 * page gets a swap slot; the calls that only follow a swap-out are never reached.
 */
#include <mm/swap.h>
unsigned long total_swap_pages;

bool fatal_signal_pending(const struct task_struct *t)
{
	return t == current && host_last_signal.sig == SIGKILL;
}

bool out_of_memory(void)
{
	return false;                          /* the faulting task gets SIGKILL */
}

bool add_to_swap(struct page *page)
{
	(void)page;
	return false;
}

static void no_swap_here(const char *what)
{
	panic("host test: %s called, but the host has no swap area", what);
}

void delete_from_swap_cache(struct page *page) { (void)page; no_swap_here("delete_from_swap_cache"); }
void free_swap_and_cache(swp_entry_t e) { (void)e; no_swap_here("free_swap_and_cache"); }
void swap_duplicate(swp_entry_t e) { (void)e; no_swap_here("swap_duplicate"); }
void swap_free(swp_entry_t e) { (void)e; no_swap_here("swap_free"); }
int swap_writepage(struct page *page) { (void)page; no_swap_here("swap_writepage"); return -1; }
bool try_to_free_swap(struct page *page) { (void)page; return false; }
struct page *swapin_page(swp_entry_t e, bool *major)
{
	(void)e;
	(void)major;
	no_swap_here("swapin_page");
	return NULL;
}

struct block_device;
bool bdev_has_swap_signature(struct block_device *bdev)
{
	(void)bdev;
	return false;
}
