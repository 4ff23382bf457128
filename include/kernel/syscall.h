/*
 * System calls: the Linux i386 ABI (int 0x80; number in eax; arguments in ebx, ecx, edx,
 * esi, edi, ebp; result in eax, errors as -errno). Every call is one row of
 * kernel/syscall_32.tbl; the build generates from it the prototype of each sys_* entry point
 * (generated/syscalls.h, included here) and the table that calls them (syscall_table.c).
 */
#pragma once
#include <types.h>
#include <generated/syscalls.h>

struct pt_regs;
struct task_struct;

/* One slot of the table: only generated wrappers, which read their arguments from regs. A number
 * without a row has no name, and unknown_syscall (-ENOSYS, logged) as its function. */
struct syscall_entry {
	const char *name;
	long (*fn)(const struct pt_regs *regs);
};
extern const struct syscall_entry syscall_table[NR_syscalls];
long unknown_syscall(const struct pt_regs *regs);

void do_syscall(struct pt_regs *regs);
/* The same for sysenter_entry (kernel/entry.asm): true if the way out needs exit_to_user_mode.
 * regs comes in eax (regparm(1)), one instruction fewer on the path every call takes. */
bool do_syscall_fast(struct pt_regs *regs) __attribute__((regparm(1)));

/* A 64-bit offset or length passed in two registers, low word first (pread64, ftruncate64...). */
static inline s64 arg64(u32 lo, u32 hi)
{
	return (s64)(((u64)hi << 32) | lo);
}
const char *syscall_name(unsigned nr);     /* for logs and tests */

#define RUSAGE_SIZE 72                       /* Linux's i386 struct rusage */
#define RUSAGE_BOTH (-2)                     /* a task and its children: what wait4 reports */
void task_rusage(const struct task_struct *t, long who, void *out);  /* out: RUSAGE_SIZE bytes */


