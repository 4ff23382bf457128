/*
 * Reaching user memory from the kernel. Every pointer a system call receives is checked: it
 * must lie below TASK_SIZE without wrapping around, and any page it touches must be one the
 * process may access; otherwise the call fails with -EFAULT and the kernel goes on.
 */
#pragma once
#include <types.h>
#include <mm/layout.h>

/* Does [uaddr, uaddr + n) lie entirely in user space? */
static inline bool access_ok(const void *uaddr, size_t n)
{
	unsigned long a = (unsigned long)uaddr;

	return n <= TASK_SIZE && a <= TASK_SIZE - n;     /* (a + n would wrap for a huge n) */
}

/* 0, or -EFAULT when the range is not user memory the process may read / write. */
int copy_from_user(void *dst, const void *usrc, size_t n);
int copy_to_user(void *udst, const void *src, size_t n);
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
