/*
 * Single x86 instructions as inline functions: port I/O, control registers, TLB, interrupts.
 * Every use of these instructions in C goes through this header.
 */
#pragma once
#include <types.h>

static inline void outb(u16 port, u8 v) { __asm__ volatile("outb %0, %1" : : "a"(v), "Nd"(port)); }
static inline void outw(u16 port, u16 v) { __asm__ volatile("outw %0, %1" : : "a"(v), "Nd"(port)); }
static inline void outl(u16 port, u32 v) { __asm__ volatile("outl %0, %1" : : "a"(v), "Nd"(port)); }

static inline u8 inb(u16 port)
{
	u8 v;
	__asm__ volatile("inb %1, %0" : "=a"(v) : "Nd"(port));
	return v;
}

static inline u16 inw(u16 port)
{
	u16 v;
	__asm__ volatile("inw %1, %0" : "=a"(v) : "Nd"(port));
	return v;
}

static inline u32 inl(u16 port)
{
	u32 v;
	__asm__ volatile("inl %1, %0" : "=a"(v) : "Nd"(port));
	return v;
}

/* Programmed I/O of a buffer: count 16-bit words from or to one port (a disk's data port). */
static inline void insw(u16 port, void *buf, u32 count)
{
	__asm__ volatile("rep insw" : "+D"(buf), "+c"(count) : "d"(port) : "memory");
}

static inline void outsw(u16 port, const void *buf, u32 count)
{
	__asm__ volatile("rep outsw" : "+S"(buf), "+c"(count) : "d"(port));
}

/* A write to an unused port: about 1 us on ISA hardware, for slow devices like the PIC. */
static inline void io_delay(void) { outb(0x80, 0); }

#define DEFINE_CR_ACCESSORS(n)                                                   \
	static inline u32 read_cr##n(void)                                       \
	{                                                                        \
		u32 v;                                                           \
		__asm__ volatile("mov %%cr" #n ", %0" : "=r"(v));                \
		return v;                                                        \
	}                                                                        \
	static inline void write_cr##n(u32 v)                                    \
	{                                                                        \
		__asm__ volatile("mov %0, %%cr" #n : : "r"(v) : "memory");       \
	}
DEFINE_CR_ACCESSORS(0)
DEFINE_CR_ACCESSORS(2)
DEFINE_CR_ACCESSORS(3)
DEFINE_CR_ACCESSORS(4)

#define X86_CR0_PE (1u << 0)   /* protected mode */
#define X86_CR0_WP (1u << 16)  /* honour read-only pages in kernel mode too (copy-on-write) */
#define X86_CR0_PG (1u << 31)  /* paging */
#define X86_CR4_PSE (1u << 4)  /* 4 MiB pages */
#define X86_CR4_PGE (1u << 7)  /* global pages survive CR3 reloads */

#define X86_EFLAGS_TF (1u << 8) /* trap flag: a debug exception after each instruction */
#define X86_EFLAGS_IF (1u << 9) /* interrupts enabled */
#define X86_EFLAGS_IOPL (3u << 12) /* I/O privilege level: 3 would let user code use in/out, cli */
#define X86_EFLAGS_NT (1u << 14) /* nested task: iret would switch tasks through the TSS */
#define X86_EFLAGS_VM (1u << 17) /* virtual-8086 mode */
#define X86_EFLAGS_AC (1u << 18) /* alignment check (user mode only) */

/* Drop the TLB entry for one page. */
static inline void invlpg(unsigned long va) { __asm__ volatile("invlpg (%0)" : : "r"(va) : "memory"); }

static inline void cli(void) { __asm__ volatile("cli" : : : "memory"); }
static inline void sti(void) { __asm__ volatile("sti" : : : "memory"); }
static inline void hlt(void) { __asm__ volatile("hlt" : : : "memory"); }
static inline void cpu_relax(void) { __asm__ volatile("pause" : : : "memory"); }

static inline u32 read_eflags(void)
{
	u32 v;
	__asm__ volatile("pushfl; popl %0" : "=r"(v));
	return v;
}

/* Save the interrupt flag and disable interrupts; restore it with local_irq_restore. */
#ifndef HOST_TEST
static inline u32 local_irq_save(void)
{
	u32 flags = read_eflags();
	cli();
	return flags;
}

static inline void local_irq_restore(u32 flags)
{
	if (flags & X86_EFLAGS_IF)
		sti();
}
#else
/* Host unit tests run in user mode, where cli would fault; there is nothing to protect. */
static inline u32 local_irq_save(void) { return 0; }
static inline void local_irq_restore(u32 flags) { (void)flags; }
#endif

static inline u64 rdtsc(void)
{
	u32 lo, hi;
	__asm__ volatile("rdtsc" : "=a"(lo), "=d"(hi));
	return ((u64)hi << 32) | lo;
}

static inline void cpuid(u32 leaf, u32 *a, u32 *b, u32 *c, u32 *d)
{
	__asm__ volatile("cpuid" : "=a"(*a), "=b"(*b), "=c"(*c), "=d"(*d) : "a"(leaf), "c"(0));
}

struct desc_ptr {
	u16 size;     /* limit: bytes - 1 */
	u32 address;  /* linear address of the table */
} __packed;

static inline void lgdt(const struct desc_ptr *p) { __asm__ volatile("lgdt %0" : : "m"(*p)); }
static inline void lidt(const struct desc_ptr *p) { __asm__ volatile("lidt %0" : : "m"(*p)); }
static inline void ltr(u16 sel) { __asm__ volatile("ltr %0" : : "r"(sel)); }

static inline unsigned long read_ebp(void)
{
	unsigned long v;
	__asm__ volatile("mov %%ebp, %0" : "=r"(v));
	return v;
}

/*
 * Divide a 64-bit value by a 32-bit one in place, returning the remainder, without libgcc:
 * two 32-bit divl steps, as Linux's do_div does on i386.
 */
static inline u32 div64_u32_rem(u64 *n, u32 base)
{
	u32 hi = (u32)(*n >> 32), lo = (u32)*n, qhi = 0, rem;
	if (hi >= base) {
		qhi = hi / base;
		hi %= base;
	}
	__asm__("divl %4" : "=a"(lo), "=d"(rem) : "0"(lo), "1"(hi), "rm"(base));
	*n = ((u64)qhi << 32) | lo;
	return rem;
}
