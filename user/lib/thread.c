/*
 * Threads and coroutines (include/thread.h): clone, the CLONE_CHILD_CLEARTID word and a futex
 * to join; a prepared stack for a coroutine's first ctx_switch.
 */
#include <thread.h>
#include <errno.h>

#define CLONE_THREAD_FLAGS (0x100 | 0x200 | 0x400 | 0x800 | 0x10000 | 0x40000 | 0x100000 | 0x200000)
	/* VM | FS | FILES | SIGHAND | THREAD | SYSVSEM | PARENT_SETTID | CHILD_CLEARTID */
#define THREAD_STACK (64 * 1024)
#define FUTEX_WAIT 0
#define FUTEX_WAKE 1

pid_t gettid(void)
{
	return (pid_t)sys_call0(SYS_gettid);
}

long futex_wait(volatile int *addr, int val)
{
	return __syscall6(SYS_futex, (long)addr, FUTEX_WAIT, val, 0, 0, 0);
}

long futex_wake(volatile int *addr, int n)
{
	return __syscall6(SYS_futex, (long)addr, FUTEX_WAKE, n, 0, 0, 0);
}

int thread_create(struct thread *t, int (*fn)(void *), void *arg)
{
	long r;

	t->stack_size = THREAD_STACK;
	t->stack = mmap(NULL, t->stack_size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (t->stack == MAP_FAILED)
		return -1;
	r = __clone_thread(CLONE_THREAD_FLAGS, (char *)t->stack + t->stack_size, &t->tid, NULL, &t->tid, fn, arg);
	if (r < 0) {
		munmap(t->stack, t->stack_size);
		errno = (int)-r;
		return -1;
	}
	return 0;
}

void thread_join(struct thread *t)
{
	int tid;

	while ((tid = t->tid) != 0)
		futex_wait(&t->tid, tid);       /* woken by the kernel when the thread ends */
	munmap(t->stack, t->stack_size);
}

void *ctx_prepare(void *stack, size_t size, void (*fn)(void *), void *arg)
{
	unsigned long *sp = (unsigned long *)(((unsigned long)stack + size) & ~15ul);

	*--sp = (unsigned long)arg;             /* fn's argument */
	*--sp = 0;                              /* fn's return address: it never returns */
	*--sp = (unsigned long)fn;              /* where ctx_switch's ret goes */
	for (int i = 0; i < 4; i++)
		*--sp = 0;                      /* ebp, ebx, esi, edi */
	return sp;
}
