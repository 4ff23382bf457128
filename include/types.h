/*
 * Fixed-size integer types and the few freestanding basics every file needs.
 * The kernel is built with -ffreestanding: no libc headers are used.
 */
#pragma once

typedef unsigned char u8;
typedef unsigned short u16;
typedef unsigned int u32;
typedef unsigned long long u64;
typedef signed char s8;
typedef short s16;
typedef int s32;
typedef long long s64;

/*
 * size_t, NULL, offsetof, bool and va_list come from the compiler's freestanding headers (not
 * libc), so kernel code compiled for host unit tests agrees with the host's libc about them.
 */
#include <stddef.h>
#include <stdarg.h>
#include <stdbool.h>

typedef __PTRDIFF_TYPE__ ssize_t;   /* int on i386, as Linux has it; long on a 64-bit host */

/*
 * A physical address. Kept as an integer, never a pointer, so it cannot be dereferenced by
 * mistake: turn it into a kernel virtual address with __va() (lowmem) or kmap (highmem).
 * 64 bits wide because the Multiboot memory map reports memory above 4 GiB.
 */
typedef u64 phys_addr_t;

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))
#define container_of(ptr, type, member) ((type *)((char *)(ptr) - offsetof(type, member)))
#undef ALIGN
#define ALIGN(x, a) (((x) + (a) - 1) & ~((__typeof__(x))(a) - 1))
#define ALIGN_DOWN(x, a) ((x) & ~((__typeof__(x))(a) - 1))
#define IS_ALIGNED(x, a) (((x) & ((__typeof__(x))(a) - 1)) == 0)
#define min(a, b) ((a) < (b) ? (a) : (b))
#define max(a, b) ((a) > (b) ? (a) : (b))

#define __packed __attribute__((packed))
#define __noreturn __attribute__((noreturn))
/*
 * The kernel is built with -mregparm=3, as Linux i386 is: a C function's first three
 * arguments come in eax, edx and ecx. Functions that assembly calls, or that are assembly,
 * take them on the stack: asmlinkage (Linux's name).
 */
#define asmlinkage __attribute__((regparm(0)))
#define __unused __attribute__((unused))
#define __section(s) __attribute__((section(s)))
#define __used __attribute__((used))
#define __printf(a, b) __attribute__((format(printf, a, b)))
#define likely(x) __builtin_expect(!!(x), 1)
#define unlikely(x) __builtin_expect(!!(x), 0)

#define BUILD_BUG_ON(cond) _Static_assert(!(cond), #cond)
