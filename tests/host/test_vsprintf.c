/*
 * The kernel's vsnprintf (lib/vsprintf.c) against the host C library's, format by format:
 * both must produce the same text and the same return value.
 */
#include <stdio.h>
#include <string.h>
#include <kernel/selftest.h>

/* Take libc's before the kernel's names are mapped over it. */
static int (*const libc_snprintf)(char *, size_t, const char *, ...) = snprintf;

#include "kernel_names.h"
#include <kernel/vsprintf.h>
#include <kernel/string.h>

#define SAME(...)                                                                         \
	do {                                                                              \
		char ours[128], theirs[128];                                              \
		int n1 = snprintf(ours, sizeof(ours), __VA_ARGS__);                       \
		int n2 = libc_snprintf(theirs, sizeof(theirs), __VA_ARGS__);              \
		if (n1 != n2 || strcmp(ours, theirs) != 0) {                              \
			selftest_fail(__FILE__, __LINE__, "%s: \"%s\" (%d) != \"%s\" (%d)", \
				      #__VA_ARGS__, ours, n1, theirs, n2);                \
			return -1;                                                        \
		}                                                                         \
	} while (0)

static int test_integers(void)
{
	SAME("%d %i %u", 0, -1, 4000000000u);
	SAME("%d", -2147483647 - 1);
	SAME("%5d|%-5d|%05d|%+d|% d", 42, 42, 42, 42, 42);
	SAME("%x %X %#x %#X %#o %o", 0xbeef, 0xbeef, 0xbeef, 0, 8, 0);
	SAME("%08x|%-8x|%8.3x|%.0d|%.0x", 0x1f, 0x1f, 0x1f, 0, 0);
	SAME("%lld %llu %llx", -9000000000000000000ll, 18000000000000000000ull, 0x123456789abcdefull);
	SAME("%ld %lu %lx %zu %zd", -5l, 5ul, 0xfffful, (size_t)77, (ssize_t)-3);
	SAME("%hd %hu %hhd %hhu", 70000, 70000, 300, 300);
	SAME("%*d|%-*d|%.*d", 6, 1, 6, 2, 4, 3);
	SAME("0x%016llx", 0x9fc00ull);
	return 0;
}
SELFTEST("vsprintf.integers", test_integers, 0);

static int test_strings(void)
{
	SAME("%s|%10s|%-10s|%.3s|%c%c", "abc", "abc", "abc", "abcdef", 'x', 'y');
	SAME("100%% sure");
	SAME("%5c|%-3c|", 'a', 'b');
	return 0;
}
SELFTEST("vsprintf.strings", test_strings, 0);

/* Output is cut at the buffer's end but the return value is the full length, as in C. */
static int test_truncation(void)
{
	char buf[8];
	int n = snprintf(buf, sizeof(buf), "%s", "0123456789");

	ST_ASSERT_EQ(n, 10);
	ST_ASSERT(strcmp(buf, "0123456") == 0);
	n = snprintf(buf, 0, "%d", 12345);
	ST_ASSERT_EQ(n, 5);
	n = snprintf(buf, 1, "abc");
	ST_ASSERT_EQ(n, 3);
	ST_ASSERT_EQ(buf[0], '\0');
	return 0;
}
SELFTEST("vsprintf.truncation", test_truncation, 0);

/* %p is always 0x and 8 hex digits in this kernel (as Linux's %px on i386). */
static int test_pointer(void)
{
	char buf[32];

	snprintf(buf, sizeof(buf), "%p", (void *)0xc0100000);
	ST_ASSERT(strcmp(buf, "0xc0100000") == 0);
	snprintf(buf, sizeof(buf), "%p", (void *)0x10);
	ST_ASSERT(strcmp(buf, "0x00000010") == 0);
	return 0;
}
SELFTEST("vsprintf.pointer", test_pointer, 0);
