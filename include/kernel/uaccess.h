/*
 * Reaching user memory from the kernel. Every pointer a system call receives is checked: it
 * must lie below TASK_SIZE without wrapping around, and any page it touches must be one the
 * process may access; otherwise the call fails with -EFAULT and the kernel goes on.
 */
#pragma once
#include <types.h>
#include <mm/layout.h>
#include <kernel/sched.h>
#include <linux/errno.h>

/* Does [uaddr, uaddr + n) lie entirely in user space? */
static inline bool access_ok(const void *uaddr, size_t n)
{
	unsigned long a = (unsigned long)uaddr;

	return n <= TASK_SIZE && a <= TASK_SIZE - n;     /* (a + n would wrap for a huge n) */
}

#ifdef HOST_TEST
/* Host tests: "user" pointers are host pointers, copied by tests/host/fake_process.c. */
int copy_from_user(void *dst, const void *usrc, size_t n);
int copy_to_user(void *udst, const void *src, size_t n);
#else
unsigned long __copy_user(void *dst, const void *src, unsigned long n);   /* in asm: bytes not copied */
int copy_checked(void *dst, const void *src, const void *uptr, size_t n);

/*
 * The common case, inline: a user range, for a task copying for a user program, counted in the
 * task's /proc/copystat bytes. Everything else is copy_checked's (kernel/uaccess.c).
 */
static inline int copy_user(void *dst, const void *src, const void *uptr, size_t n)
{
	struct task_struct *t = current;

	if (unlikely(!t || t->kernel_uaccess || !access_ok(uptr, n)))
		return copy_checked(dst, src, uptr, n);
	t->ioac.cpu_user_copy_bytes += n;
	return __copy_user(dst, src, n) ? -EFAULT : 0;
}

/* 0, or -EFAULT when the range is not user memory the process may read / write. */
static inline int copy_from_user(void *dst, const void *usrc, size_t n)
{
	return copy_user(dst, usrc, usrc, n);
}

static inline int copy_to_user(void *udst, const void *src, size_t n)
{
	return copy_user(udst, src, udst, n);
}
#endif
int get_user_u32(u32 *dst, const void *usrc);
int put_user_u32(u32 v, void *udst);

/*
 * Copy a NUL-terminated string of at most n-1 characters; returns its length, -EFAULT, or
 * -ENAMETOOLONG when there is no NUL within n bytes.
 */
long strncpy_from_user(char *dst, const char *usrc, long n);

/* Exception-table fixups (kernel/uaccess.c): resume at the fixup of the faulting instruction. */
struct pt_regs;
bool fixup_exception(struct pt_regs *regs);
