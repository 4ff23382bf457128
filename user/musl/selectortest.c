/*
 * A program's own segment registers across a system call. set_thread_area may empty the slot
 * that gs (and here fs too) names; the way back to user mode must then load null selectors, as
 * Linux's does, instead of faulting in the kernel. By sysenter (the C library's syscall()) and
 * by int 0x80. Between emptying the slot and filling it again nothing may touch thread-local
 * storage, so the C library is not called there. Also Linux's rules for what a slot may hold.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <sys/syscall.h>

struct user_desc {
	unsigned entry_number, base_addr, limit;
	unsigned flags;      /* seg_32bit, contents:2, read_exec_only, limit_in_pages, seg_not_present, useable */
};

#define SEG_32BIT 1u
#define CONTENTS_CODE (2u << 1)
#define READ_EXEC_ONLY (1u << 3)
#define LIMIT_IN_PAGES (1u << 4)
#define SEG_NOT_PRESENT (1u << 5)
#define USEABLE (1u << 6)

static long set_by_int80(struct user_desc *d)
{
	long r;

	__asm__ volatile("int $0x80" : "=a"(r) : "0"(SYS_set_thread_area), "b"(d) : "memory");
	return r;
}

static const char *result(long r)
{
	return r == 0 ? "0" : r == -EINVAL ? "EINVAL" : r == -EFAULT ? "EFAULT" : "other";
}

static unsigned short gs_now(void)
{
	unsigned short gs;

	__asm__ volatile("mov %%gs, %0" : "=r"(gs));
	return gs;
}

static unsigned tp_now(void)
{
	unsigned tp;

	__asm__ volatile("movl %%gs:0, %0" : "=r"(tp));
	return tp;
}

/* The slot emptied by the description flags (with base and limit 0), then filled again. */
static void empty_and_back(const char *what, unsigned flags, int by_int80)
{
	unsigned short gs = gs_now(), gs_after, fs_after;
	unsigned tp = tp_now();
	struct user_desc empty = { gs >> 3, 0, 0, flags }, back = { gs >> 3, tp, 0xfffff,
		SEG_32BIT | LIMIT_IN_PAGES | USEABLE };
	long r_empty, r_back;

	__asm__ volatile("mov %0, %%fs" : : "r"(gs));
	if (by_int80) {
		r_empty = set_by_int80(&empty);
	} else {
		r_empty = syscall(SYS_set_thread_area, &empty);
		r_empty = r_empty < 0 ? -errno : r_empty;   /* errno is set only on failure */
	}
	__asm__ volatile("mov %%gs, %0; mov %%fs, %1" : "=r"(gs_after), "=r"(fs_after));
	r_back = set_by_int80(&back);
	__asm__ volatile("mov %0, %%gs; mov %1, %%fs" : : "r"(gs), "r"(0));
	printf("selectors: %s, %s: %s; then gs %#x, fs %#x\n", what, by_int80 ? "by int 0x80" : "by sysenter",
	       result(r_empty), gs_after, fs_after);
	printf("selectors: filled again: %s, thread pointer %s\n", result(r_back),
	       *(volatile unsigned *)tp == tp ? "right" : "wrong");
}

/* A description Linux refuses: the slot keeps what it had. */
static void refused(const char *what, unsigned base, unsigned limit, unsigned flags)
{
	struct user_desc d = { gs_now() >> 3, base, limit, flags };
	unsigned tp = tp_now();

	printf("selectors: %s: %s, thread pointer %s\n", what, result(set_by_int80(&d)),
	       tp_now() == tp ? "kept" : "lost");
}

/*
 * ss loaded with the thread's own data segment (the TLS slot, as a program may) across a
 * system call: it comes back as it was. No stack use in between: esp is relative to ss's base.
 */
static void ss_is_tls(void)
{
	unsigned short gs = gs_now(), ss_during, ss_after;
	long pid;

	__asm__ volatile("mov %%ss, %%cx\n\t"
			 "mov %4, %%ss\n\t"
			 "int $0x80\n\t"
			 "mov %%ss, %1\n\t"
			 "mov %%cx, %%ss\n\t"
			 "mov %%ss, %2"
			 : "=a"(pid), "=&r"(ss_during), "=&r"(ss_after)
			 : "0"(SYS_getpid), "r"(gs) : "ecx", "memory");
	printf("selectors: ss = the TLS segment across int 0x80: %s, ss kept %s, ss back %#x\n",
	       pid == getpid() ? "the call works" : "the call fails", ss_during == gs ? "yes" : "no",
	       ss_after);
}

int main(void)
{
	ss_is_tls();
	empty_and_back("emptied (read_exec_only, seg_not_present)", READ_EXEC_ONLY | SEG_NOT_PRESENT, 0);
	empty_and_back("emptied (read_exec_only, seg_not_present)", READ_EXEC_ONLY | SEG_NOT_PRESENT, 1);
	empty_and_back("emptied (all zero)", 0, 0);
	empty_and_back("emptied (all zero)", 0, 1);
	refused("not present, 32-bit", 0x1000, 0xfffff, SEG_32BIT | SEG_NOT_PRESENT);
	refused("16-bit", 0x1000, 0xffff, 0);
	refused("code", 0x1000, 0xfffff, SEG_32BIT | CONTENTS_CODE);
	printf("selectors: bad pointer: %s\n", result(set_by_int80((struct user_desc *)8)));
	printf("selectors: done\n");
	return 0;
}
