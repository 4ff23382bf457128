/*
 * copy_from_user and friends: range checks in C, the copying in kernel/copy_user.asm, whose
 * faulting instructions are listed in the exception table.
 */
#include <kernel/uaccess.h>
#include <linux/errno.h>
#include <asm/ptrace.h>
#include <kernel/sched.h>
#include <kernel/task_io_accounting.h>

asmlinkage long __strncpy_from_user(char *dst, const char *src, long n);
asmlinkage int __get_user_4(u32 *dst, const void *src);

/*
 * What copy_user (include/kernel/uaccess.h) does not do inline: any range while the kernel reads
 * or writes a file for itself (kernel_read, kernel_write: what Linux once called
 * set_fs(KERNEL_DS); the permission is the current task's alone, for the duration of that
 * call), the boot before the first task, and ranges that are not user memory (-EFAULT).
 *
 * A copy is counted: across the boundary per task (/proc/copystat adds the tasks up,
 * fs/proc.c), or inside the kernel when it reads a file for itself.
 */
int copy_checked(void *dst, const void *src, const void *uptr, size_t n)
{
	if (current && current->kernel_uaccess)
		ioac_add_kernel_copy(n);
	else if (!access_ok(uptr, n))
		return -EFAULT;
	else if (current)                           /* (the boot, before the first task: uncounted) */
		current->ioac.cpu_user_copy_bytes += n;
	return __copy_user(dst, src, n) ? -EFAULT : 0;
}

int get_user_u32(u32 *dst, const void *usrc)
{
	if (!access_ok(usrc, 4))
		return -EFAULT;
	return __get_user_4(dst, usrc);
}

int put_user_u32(u32 v, void *udst)
{
	return copy_to_user(udst, &v, 4);
}

long strncpy_from_user(char *dst, const char *usrc, long n)
{
	unsigned long a = (unsigned long)usrc;
	long max = n, len;

	if (a >= TASK_SIZE)
		return -EFAULT;
	if (n <= 0)
		return -ENAMETOOLONG;
	/* never read past the end of user space; compared unsigned: the room above a low address
	 * is more than 2 GiB, which as a long would be negative and lift the limit altogether */
	if ((unsigned long)max > TASK_SIZE - a)
		max = (long)(TASK_SIZE - a);
	len = __strncpy_from_user(dst, usrc, max);
	if (len < 0)
		return len;
	if (len == max)
		return max == n ? -ENAMETOOLONG : -EFAULT;
	return len;
}

struct exception_table_entry {
	unsigned long insn, fixup;
};

extern const struct exception_table_entry __start___ex_table[], __stop___ex_table[];

bool fixup_exception(struct pt_regs *regs)
{
	for (const struct exception_table_entry *e = __start___ex_table; e < __stop___ex_table; e++) {
		if (e->insn == regs->eip) {
			regs->eip = e->fixup;
			return true;
		}
	}
	return false;
}
