/*
 * Futexes: a word of user memory that threads wait on and wake each other through, with
 * Linux's futex(2) on i386. The kernel keeps no state for a futex nobody waits on; a waiter is a
 * struct futex_q on its own kernel stack, in one of a few hash lists, under a key that names the
 * word the way Linux does:
 *   - private (FUTEX_PRIVATE_FLAG): (address space, address), so only the threads of one
 *     process meet there;
 *   - shared, on private anonymous memory: the same, marked shared, so (as on Linux) a shared
 *     wake (CLONE_CHILD_CLEARTID's) does not find private waiters, nor a private wake shared ones;
 *   - shared file and shared anonymous mappings (MAP_SHARED, tmpfs, System V shm): (inode, byte
 *     offset in the file), the same for every process that maps the page, at any address.
 * The kernel never preempts itself and has one CPU, so "read the word, compare, queue" is
 * atomic once the read has returned: nothing runs in between unless the task sleeps.
 */
#include <kernel/futex.h>
#include <kernel/sched.h>
#include <kernel/signal.h>
#include <kernel/syscall.h>
#include <kernel/time.h>
#include <kernel/uaccess.h>
#include <kernel/string.h>
#include <linux/errno.h>
#include <mm/memory.h>
#include <mm/vma.h>
#include <fs/fs.h>
#include <asm/x86.h>

#define FUTEX_WAIT 0
#define FUTEX_WAKE 1
#define FUTEX_REQUEUE 3
#define FUTEX_CMP_REQUEUE 4
#define FUTEX_WAKE_OP 5
#define FUTEX_LOCK_PI 6
#define FUTEX_WAIT_BITSET 9
#define FUTEX_WAKE_BITSET 10
#define FUTEX_WAIT_REQUEUE_PI 11
#define FUTEX_LOCK_PI2 13
#define FUTEX_PRIVATE_FLAG 128
#define FUTEX_CLOCK_REALTIME 256
#define FUTEX_CMD_MASK (~(FUTEX_PRIVATE_FLAG | FUTEX_CLOCK_REALTIME))
#define FUTEX_BITSET_MATCH_ANY 0xffffffffu

struct futex_key {
	unsigned long object;        /* the mm (private; bit 1 set: shared), or the inode with bit 0 set */
	u64 offset;                  /* the address (private), or the byte offset in the file */
};

struct futex_q {                     /* one waiting task, on its stack */
	struct list_head list;
	struct futex_key key;
	u32 bitset;
	struct task_struct *task;
	bool woken;
};

#define FUTEX_HASH_SIZE 64
static struct list_head futex_queues[FUTEX_HASH_SIZE];

struct futex_stats futex_stats;

void futex_init(void)
{
	for (int i = 0; i < FUTEX_HASH_SIZE; i++)
		INIT_LIST_HEAD(&futex_queues[i]);
}

static struct list_head *hash_bucket(const struct futex_key *k)
{
	u32 h = (u32)k->object * 0x9e3779b1u ^ (u32)(k->offset >> 2) * 0x85ebca6bu ^ (u32)(k->offset >> 32);

	return &futex_queues[(h >> 16) % FUTEX_HASH_SIZE];
}

static bool key_match(const struct futex_key *a, const struct futex_key *b)
{
	return a->object == b->object && a->offset == b->offset;
}

/*
 * The key of the word at uaddr: -EINVAL if it is not 4-byte aligned, -EFAULT outside user space
 * or (shared) outside every mapping.
 */
static int get_futex_key(unsigned long uaddr, bool shared, struct futex_key *key)
{
	struct mm_struct *mm = current->mm;
	struct vm_area_struct *vma;

	if (uaddr & 3)
		return -EINVAL;
	if (!access_ok((void *)uaddr, 4) || !mm)
		return -EFAULT;
	key->object = (unsigned long)mm;
	key->offset = uaddr;
	if (!shared)
		return 0;
	vma = find_vma(mm, uaddr);
	if (!vma || uaddr < vma->vm_start)
		return -EFAULT;
	key->object |= 2;
	if ((vma->vm_flags & VM_SHARED) && vma->vm_file) {
		key->object = (unsigned long)file_inode(vma->vm_file) | 1;
		key->offset = ((u64)vma->vm_pgoff << PAGE_SHIFT) + (uaddr - vma->vm_start);
	}
	return 0;
}

/* A waiter leaves the queue, marked woken, and runs again. Interrupts off. */
static void wake_waiter(struct futex_q *q)
{
	list_del(&q->list);
	q->woken = true;
	wake_up_process(q->task);
}

/* Wake up to nr (at least one, as Linux) waiters on key whose bitset meets bitset. */
static int wake_key(const struct futex_key *key, int nr, u32 bitset)
{
	struct list_head *head = hash_bucket(key);
	struct futex_q *q, *next;
	int woken = 0;
	u32 flags = local_irq_save();

	list_for_each_entry_safe(q, next, head, list) {
		if (!key_match(&q->key, key) || !(q->bitset & bitset))
			continue;
		wake_waiter(q);
		if (++woken >= nr)
			break;
	}
	local_irq_restore(flags);
	futex_stats.wakes += (unsigned long)woken;
	return woken;
}

/*
 * FUTEX_WAIT(_BITSET): sleep while *uaddr == val, until woken, until the deadline (jiffies; 0:
 * none) or a signal. 0, -EAGAIN (the word had changed), -ETIMEDOUT, -EINTR.
 */
static long futex_wait(unsigned long uaddr, bool shared, u32 val, u32 bitset, bool timed, u32 deadline)
{
	struct futex_q q = { .bitset = bitset, .task = current };
	u32 uval, flags;
	long ret = 0;
	int err;

	if (!bitset)
		return -EINVAL;
	if ((err = get_futex_key(uaddr, shared, &q.key)) != 0)
		return err;
	if (get_user_u32(&uval, (void *)uaddr))
		return -EFAULT;
	if (uval != val)
		return -EAGAIN;
	flags = local_irq_save();
	list_add_tail(&q.list, hash_bucket(&q.key));
	futex_stats.waits++;
	while (!q.woken) {
		if (timed && (s32)(jiffies - deadline) >= 0) {
			ret = -ETIMEDOUT;
			break;
		}
		if (signal_pending(current)) {
			ret = -EINTR;
			/* without a timeout, a handler with SA_RESTART starts the wait again (ERESTARTSYS) */
			current->restart_intr = !timed;
			break;
		}
		current->wake_jiffies = timed ? deadline : 0;
		sleep_on(&q);
	}
	current->wake_jiffies = 0;
	if (!q.woken)
		list_del(&q.list);
	local_irq_restore(flags);
	return q.woken ? 0 : ret;
}

static long futex_wake(unsigned long uaddr, bool shared, int nr, u32 bitset)
{
	struct futex_key key;
	int err;

	if (!bitset)
		return -EINVAL;
	if ((err = get_futex_key(uaddr, shared, &key)) != 0)
		return err;
	return wake_key(&key, nr, bitset);
}

/* The thread's CLONE_CHILD_CLEARTID word was zeroed at its exit: wake one joiner (shared, as Linux). */
void futex_wake_address(unsigned long uaddr, int nr)
{
	futex_wake(uaddr, true, nr, FUTEX_BITSET_MATCH_ANY);
}

/*
 * FUTEX_(CMP_)REQUEUE: wake nr_wake waiters on uaddr and move up to nr_requeue more to uaddr2
 * (CMP: only if *uaddr is still cmpval, else -EAGAIN). Returns how many were woken and moved.
 */
static long futex_requeue(unsigned long uaddr, unsigned long uaddr2, bool shared, int nr_wake,
			  int nr_requeue, const u32 *cmpval)
{
	struct futex_key k1, k2;
	struct futex_q *q, *next;
	int err, done = 0, moved = 0;
	u32 flags;

	if (nr_wake < 0 || nr_requeue < 0)
		return -EINVAL;
	if ((err = get_futex_key(uaddr, shared, &k1)) != 0 || (err = get_futex_key(uaddr2, shared, &k2)) != 0)
		return err;
	if (cmpval) {
		u32 uval;
		if (get_user_u32(&uval, (void *)uaddr))
			return -EFAULT;
		if (uval != *cmpval)
			return -EAGAIN;
	}
	flags = local_irq_save();
	list_for_each_entry_safe(q, next, hash_bucket(&k1), list) {
		if (!key_match(&q->key, &k1))
			continue;
		if (done < nr_wake) {
			wake_waiter(q);
			done++;
		} else if (moved < nr_requeue) {
			list_del(&q->list);
			q->key = k2;
			list_add_tail(&q->list, hash_bucket(&k2));
			moved++;
		} else {
			break;
		}
	}
	local_irq_restore(flags);
	futex_stats.wakes += (unsigned long)done;
	futex_stats.requeues += (unsigned long)moved;
	return done + moved;
}

static s32 sign_extend12(u32 v)
{
	return (s32)(v << 20) >> 20;
}

/*
 * FUTEX_WAKE_OP: *uaddr2 = old OP oparg; wake nr_wake on uaddr; and, if old CMP cmparg, nr_wake2
 * on uaddr2. The encoding of val3 is Linux's (op, cmp, oparg, cmparg in 4+4+12+12 bits).
 */
static long futex_wake_op(unsigned long uaddr, unsigned long uaddr2, bool shared, int nr_wake,
			  int nr_wake2, u32 encoded)
{
	unsigned op = (encoded >> 28) & 7, cmp = (encoded >> 24) & 15;
	s32 oparg = sign_extend12(encoded >> 12), cmparg = sign_extend12(encoded), old, new;
	struct futex_key k1, k2;
	bool cond;
	int err, woken;

	if ((err = get_futex_key(uaddr, shared, &k1)) != 0 || (err = get_futex_key(uaddr2, shared, &k2)) != 0)
		return err;
	if (encoded & (8u << 28))                     /* FUTEX_OP_OPARG_SHIFT: oparg is a bit number */
		oparg = (s32)(1u << (oparg & 31));
	if (op > 4)
		return -ENOSYS;
	if (get_user_u32((u32 *)&old, (void *)uaddr2))
		return -EFAULT;
	switch (op) {
	case 0: new = oparg; break;                   /* SET */
	case 1: new = (s32)((u32)old + (u32)oparg); break;   /* ADD */
	case 2: new = old | oparg; break;             /* OR */
	case 3: new = old & ~oparg; break;            /* ANDN */
	default: new = old ^ oparg; break;            /* XOR */
	}
	if (put_user_u32((u32)new, (void *)uaddr2))
		return -EFAULT;
	if (cmp > 5)
		return -ENOSYS;                       /* as Linux: after the store */
	switch (cmp) {
	case 0: cond = old == cmparg; break;
	case 1: cond = old != cmparg; break;
	case 2: cond = old < cmparg; break;
	case 3: cond = old <= cmparg; break;
	case 4: cond = old > cmparg; break;
	default: cond = old >= cmparg; break;
	}
	woken = wake_key(&k1, nr_wake, FUTEX_BITSET_MATCH_ANY);
	if (cond)
		woken += wake_key(&k2, nr_wake2, FUTEX_BITSET_MATCH_ANY);
	return woken;
}

/* jiffies to wait from now for a timespec (relative), rounded up, plus the partial tick. */
static u32 ticks_for(u64 sec, u32 nsec)
{
	u64 t = sec * HZ + (nsec + NSEC_PER_SEC / HZ - 1) / (NSEC_PER_SEC / HZ);

	return t > 0x3fffffff ? 0x3fffffff : (u32)t + 1;
}

/* The deadline in jiffies for an absolute time on CLOCK_MONOTONIC or CLOCK_REALTIME. */
static u32 deadline_abs(u64 sec, u32 nsec, bool realtime)
{
	u64 now_s;
	u32 now_ns;

	if (realtime) {
		wall_clock(&now_s, &now_ns);
	} else {
		now_s = jiffies / HZ;
		now_ns = (jiffies % HZ) * (NSEC_PER_SEC / HZ);
	}
	if (sec < now_s || (sec == now_s && nsec <= now_ns))
		return jiffies;                       /* already past: times out at once */
	if (nsec < now_ns) {
		sec--;
		nsec += NSEC_PER_SEC;
	}
	return jiffies + ticks_for(sec - now_s, nsec - now_ns);
}

static long do_futex(unsigned long uaddr, int op, u32 val, bool timed, u64 sec, u32 nsec,
		     unsigned long uaddr2, u32 val2, u32 val3)
{
	int cmd = op & FUTEX_CMD_MASK;
	bool shared = !(op & FUTEX_PRIVATE_FLAG);
	u32 deadline = 0;

	if ((op & FUTEX_CLOCK_REALTIME) && cmd != FUTEX_WAIT && cmd != FUTEX_WAIT_BITSET &&
	    cmd != FUTEX_WAIT_REQUEUE_PI && cmd != FUTEX_LOCK_PI2)
		return -ENOSYS;
	if (timed)
		deadline = cmd == FUTEX_WAIT ? jiffies + ticks_for(sec, nsec)
					     : deadline_abs(sec, nsec, op & FUTEX_CLOCK_REALTIME);
	switch (cmd) {
	case FUTEX_WAIT:
		return futex_wait(uaddr, shared, val, FUTEX_BITSET_MATCH_ANY, timed, deadline);
	case FUTEX_WAIT_BITSET:
		return futex_wait(uaddr, shared, val, val3, timed, deadline);
	case FUTEX_WAKE:
		return futex_wake(uaddr, shared, (int)val, FUTEX_BITSET_MATCH_ANY);
	case FUTEX_WAKE_BITSET:
		return futex_wake(uaddr, shared, (int)val, val3);
	case FUTEX_REQUEUE:
		return futex_requeue(uaddr, uaddr2, shared, (int)val, (int)val2, NULL);
	case FUTEX_CMP_REQUEUE:
		return futex_requeue(uaddr, uaddr2, shared, (int)val, (int)val2, &val3);
	case FUTEX_WAKE_OP:
		return futex_wake_op(uaddr, uaddr2, shared, (int)val, (int)val2, val3);
	}
	return -ENOSYS;                               /* the priority-inheritance ones, FUTEX_FD */
}

/* Does this command take a timeout in its fourth argument (the others take a count there)? */
static bool takes_timeout(int op)
{
	int cmd = op & FUTEX_CMD_MASK;

	return cmd == FUTEX_WAIT || cmd == FUTEX_LOCK_PI || cmd == FUTEX_WAIT_BITSET ||
	       cmd == FUTEX_WAIT_REQUEUE_PI || cmd == FUTEX_LOCK_PI2;
}

/* futex (240): the timeout is a struct timespec with 32-bit fields. */
long sys_futex(u32 *uaddr, long op, u32 val, void *utime, u32 *uaddr2, u32 val3)
{
	s32 ts[2];

	if (utime && takes_timeout((int)op)) {
		if (copy_from_user(ts, utime, sizeof(ts)))
			return -EFAULT;
		if (ts[0] < 0 || ts[1] < 0 || ts[1] >= (s32)NSEC_PER_SEC)
			return -EINVAL;
		return do_futex((unsigned long)uaddr, (int)op, val, true, (u64)ts[0], (u32)ts[1],
				(unsigned long)uaddr2, 0, val3);
	}
	return do_futex((unsigned long)uaddr, (int)op, val, false, 0, 0, (unsigned long)uaddr2,
			(u32)(unsigned long)utime, val3);
}

/* futex_time64 (422): the same with a 64-bit struct timespec. */
long sys_futex_time64(u32 *uaddr, long op, u32 val, void *utime, u32 *uaddr2, u32 val3)
{
	s64 ts[2];

	if (utime && takes_timeout((int)op)) {
		if (copy_from_user(ts, utime, sizeof(ts)))
			return -EFAULT;
		if (ts[0] < 0 || ts[1] < 0 || ts[1] >= NSEC_PER_SEC)
			return -EINVAL;
		return do_futex((unsigned long)uaddr, (int)op, val, true, (u64)ts[0], (u32)ts[1],
				(unsigned long)uaddr2, 0, val3);
	}
	return do_futex((unsigned long)uaddr, (int)op, val, false, 0, 0, (unsigned long)uaddr2,
			(u32)(unsigned long)utime, val3);
}

/* ---------------------------------------------------------------- robust futexes */

#define ROBUST_LIST_LIMIT 2048               /* Linux's bound on the walk: a loop cannot hang exit */
#define FUTEX_WAITERS 0x80000000u
#define FUTEX_OWNER_DIED 0x40000000u
#define FUTEX_TID_MASK 0x3fffffffu

/* struct robust_list_head, i386: the list, the lock word's offset from an entry, the pending one. */
struct robust_list_head {
	u32 next;
	s32 futex_offset;
	u32 list_op_pending;
};

long sys_set_robust_list(void *head, long len)
{
	if (len != sizeof(struct robust_list_head))
		return -EINVAL;
	current->robust_list = (unsigned long)head;
	return 0;
}

long sys_get_robust_list(long pid, void *uhead, void *ulen)
{
	const struct task_struct *t = pid ? find_task_by_pid((int)pid) : current;

	if (!t)
		return -ESRCH;
	if (put_user_u32(sizeof(struct robust_list_head), ulen))
		return -EFAULT;
	return put_user_u32((u32)t->robust_list, uhead) ? -EFAULT : 0;
}

/* A lock the dead thread held: mark its owner dead and wake one waiter, as Linux does. */
static void handle_futex_death(unsigned long uaddr, int tid)
{
	u32 uval;

	if ((uaddr & 3) || get_user_u32(&uval, (void *)uaddr) || (uval & FUTEX_TID_MASK) != (u32)tid)
		return;
	if (put_user_u32((uval & FUTEX_WAITERS) | FUTEX_OWNER_DIED, (void *)uaddr))
		return;
	if (uval & FUTEX_WAITERS)
		futex_wake(uaddr, true, 1, FUTEX_BITSET_MATCH_ANY);
}

/* At exit: every robust mutex on t's list (and the one being taken or released) is released. */
void exit_robust_list(struct task_struct *t)
{
	struct robust_list_head head;
	u32 entry;
	int limit = ROBUST_LIST_LIMIT;

	if (!t->robust_list || copy_from_user(&head, (void *)t->robust_list, sizeof(head)))
		return;
	entry = head.next;
	while (entry != (u32)t->robust_list && limit--) {
		u32 next;
		if (get_user_u32(&next, (void *)(unsigned long)(entry & ~1u)))
			return;
		if ((entry & ~1u) != (head.list_op_pending & ~1u))
			handle_futex_death((entry & ~1u) + (u32)head.futex_offset, t->pid);
		entry = next;
	}
	if (head.list_op_pending)
		handle_futex_death((head.list_op_pending & ~1u) + (u32)head.futex_offset, t->pid);
}
