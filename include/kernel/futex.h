/*
 * Futexes (kernel/futex.c): futex(2) waits and wakes, keyed as Linux keys them; robust lists.
 */
#pragma once
#include <types.h>

struct task_struct;

struct futex_stats {                 /* since boot: waits begun, tasks woken, waiters moved */
	unsigned long waits, wakes, requeues;
};
extern struct futex_stats futex_stats;

void futex_init(void);
/* Wake up to nr waiters on the word at uaddr (shared key: CLONE_CHILD_CLEARTID at exit). */
void futex_wake_address(unsigned long uaddr, int nr);
/* At exit: release the robust mutexes t still holds (set_robust_list). */
void exit_robust_list(struct task_struct *t);
