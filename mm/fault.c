/*
 * The page-fault handler: decide what a fault means.
 *
 *  - a user address inside an area that allows the access: demand paging (handle_mm_fault);
 *  - just below the stack area: grow the stack (up to 8 MiB), then as above;
 *  - anything else from user mode: SIGSEGV, with Linux's log line;
 *  - from kernel mode on a user address (copy_from_user and friends): the exception table turns
 *    it into -EFAULT; any other kernel fault is an oops.
 *
 * Page-fault error code (pushed by the CPU):
 *   bit 0 P   0: page not present          1: protection violation
 *   bit 1 W   0: read                      1: write
 *   bit 2 U   0: kernel mode               1: user mode
 */
#include <kernel/lab.h>
#include <mm/memory.h>
#include "internal.h"
#include <mm/vma.h>
#include <mm/swap.h>
#include <kernel/sched.h>
#include <kernel/resource.h>
#include <kernel/signal.h>
#include <kernel/printk.h>
#include <kernel/irq.h>
#include <kernel/uaccess.h>
#include <linux/errno.h>
#include <asm/ptrace.h>

#define PF_PROT 0x1
#define PF_WRITE 0x2
#define PF_USER 0x4

unsigned long nr_page_faults;        /* every fault that mapped a page */

int expand_stack(struct mm_struct *mm, struct vm_area_struct *vma, unsigned long address)
{
	unsigned long start = address & PAGE_MASK;
	struct vm_area_struct *prev = vma_prev(mm, vma);

	/* LAB 3 BEGIN expand_stack: grow the stack area down to start, within its limit and its gap */
	if (vma->vm_end - start > rlimit(RLIMIT_STACK) ||
	    !may_expand_vm(mm, vma->vm_flags, (vma->vm_start - start) >> PAGE_SHIFT))
		return -ENOMEM;                     /* RLIMIT_STACK, RLIMIT_AS */
	if (prev && prev->vm_end > start - PAGE_SIZE)
		return -ENOMEM;                     /* keep a page between the stack and the area below */
	mm->total_vm += (vma->vm_start - start) >> PAGE_SHIFT;
	mm_update_hiwater(mm);
	vma->vm_start = start;
	return 0;
	/* LAB 3 STUB
	LAB_MISSING(3, "expand_stack");
	(void)start;
	(void)prev;
	return -ENOMEM;
	   LAB 3 END */
}

/* Is this kind of access allowed by the area? */
static bool access_error(u32 err, const struct vm_area_struct *vma)
{
	if (err & PF_WRITE)
		return !(vma->vm_flags & VM_WRITE);
	if (err & PF_PROT)
		return true;                        /* a read of a present page still faulted */
	return !(vma->vm_flags & (VM_READ | VM_EXEC | VM_WRITE));
}

/* A bad user access: log it as Linux does and send SIGSEGV (fatal unless a handler catches it). */
static void bad_area(struct pt_regs *regs, unsigned long address, int code)
{
	if (unhandled_signal(current, SIGSEGV))            /* as Linux: log only a fatal one */
		printk(KERN_INFO "%s[%d]: segfault at %lx ip %08x sp %08x error %x\n", current->comm,
		       current->pid, address, regs->eip, regs->esp, regs->err & 7);
	force_sig_fault(SIGSEGV, code, address);
}

int handle_mm_fault_reclaim(struct mm_struct *mm, struct vm_area_struct *vma, unsigned long address,
			    bool write)
{
	int ret, tries = 0;

	while ((ret = handle_mm_fault(mm, vma, address, write)) == VM_FAULT_OOM && tries++ < 16 &&
	       !fatal_signal_pending(current) && try_to_free_pages(SWAP_CLUSTER_MAX))
		;                                   /* direct reclaim freed something: try again */
	return ret;
}

/*
 * No page for the fault. The faulting task holds nothing now, so it may sleep: it reclaims
 * memory itself (direct reclaim: writes pages to swap, drops cache) and tries again. When
 * reclaim finds nothing, the OOM killer frees memory by killing the process that holds the
 * most; the fault is tried again once it is gone, unless the victim was this task.
 */
static int fault_oom(struct mm_struct *mm, struct vm_area_struct *vma, unsigned long address, bool write)
{
	int ret = handle_mm_fault_reclaim(mm, vma, address, write);

	while (ret == VM_FAULT_OOM && !fatal_signal_pending(current) && out_of_memory())
		ret = handle_mm_fault(mm, vma, address, write);
	return ret;
}

/* A fault in kernel mode that the exception table does not cover: oops. */
static void kernel_fault(struct pt_regs *regs, unsigned long address)
{
	if (fixup_exception(regs))
		return;                             /* copy_*_user: the call returns -EFAULT */
	show_kernel_fault(regs, address);
}

/* A fault on a user address, with the map lock held: the area stays while the fault sleeps. */
static void user_address_fault(struct pt_regs *regs, unsigned long address, struct mm_struct *mm)
{
	struct vm_area_struct *vma;
	int ret, code = SEGV_MAPERR, kind = FAULT_NONE;
	bool grew = false;

	vma = find_vma(mm, address);
	if (!vma)
		goto bad;
	if (vma->vm_start > address) {
		unsigned long old_start = vma->vm_start;

		if (!(vma->vm_flags & VM_GROWSDOWN) || expand_stack(mm, vma, address))
			goto bad;
		vma->vm_pgoff -= (old_start - vma->vm_start) >> PAGE_SHIFT;  /* its pages keep their index */
		grew = true;
	}
	if (access_error(regs->err, vma)) {
		code = SEGV_ACCERR;
		goto bad;
	}
	if (fault_trace_on)
		kind = fault_kind(mm, vma, address, regs->err & PF_WRITE, grew);
	ret = fault_oom(mm, vma, address, regs->err & PF_WRITE);
	if (ret == VM_FAULT_SIGBUS) {
		if (!user_mode(regs) && fixup_exception(regs))
			return;
		force_sig_fault(SIGBUS, BUS_ADRERR, address);
		return;
	}
	if (ret == VM_FAULT_OOM) {
		if (!user_mode(regs) && fixup_exception(regs))
			return;
		if (!fatal_signal_pending(current)) {   /* nobody to kill but us */
			printk(KERN_ERR "Out of memory: no page for %s[%d] at %08lx and nothing to reclaim\n",
			       current->comm, current->pid, address);
			force_sig(SIGKILL);
		}
		return;
	}
	nr_page_faults++;
	if (kind)
		fault_trace_record(kind, address, current->tgid);
	return;
bad:
	if (user_mode(regs))
		bad_area(regs, address, code);
	else
		kernel_fault(regs, address);
}

void do_page_fault(struct pt_regs *regs, unsigned long address)
{
	struct mm_struct *mm = current ? current->mm : NULL;

	if (address >= TASK_SIZE || !mm) {
		if (user_mode(regs))
			bad_area(regs, address, SEGV_MAPERR);  /* user code touching the kernel */
		else
			kernel_fault(regs, address);
		return;
	}
	mmap_read_lock(mm);
	user_address_fault(regs, address, mm);
	mmap_read_unlock(mm);
}
