/*
 * Threads and coroutines in the Pagoda user library (user/lib/thread.c, user/lib/crt0.asm).
 *
 * A thread is a task made by clone with CLONE_VM | CLONE_THREAD (and the files, directory and
 * handlers shared): the same address space and pid, its own registers and stack (an ordinary
 * mmap, visible in /proc/self/maps). The library has no thread-local storage: errno is shared.
 *
 * A coroutine is only a stack and a saved stack pointer: ctx_switch moves from one to another
 * in user mode, without the kernel.
 */
#pragma once
#include <unistd.h>

struct thread {
	volatile int tid;            /* the thread's id; the kernel zeroes it when the thread ends */
	void *stack;
	size_t stack_size;
};

/* Start fn(arg) in a new thread with a 64 KiB stack: 0, or -1 with errno. */
int thread_create(struct thread *t, int (*fn)(void *), void *arg);
/* Wait until the thread has ended (futex on its tid word), and free its stack. */
void thread_join(struct thread *t);
pid_t gettid(void);

int __clone_thread(int flags, void *stack_top, volatile int *ptid, void *tls, volatile int *ctid,
		   int (*fn)(void *), void *arg);
long futex_wait(volatile int *addr, int val);       /* FUTEX_WAIT (shared): 0 or -errno */
long futex_wake(volatile int *addr, int n);         /* FUTEX_WAKE (shared): how many woke */

/* Save this context's stack pointer in *save_sp and continue on next_sp. */
void ctx_switch(void **save_sp, void *next_sp);
/* A stack pointer for ctx_switch that starts fn(arg) on the stack [stack, stack + size). fn must
 * never return: it switches away for the last time instead. */
void *ctx_prepare(void *stack, size_t size, void (*fn)(void *), void *arg);
