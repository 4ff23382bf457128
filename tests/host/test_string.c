/* lib/string.c against the host libc, including every alignment and length up to 64. */
#include <string.h>
#include <kernel/selftest.h>

static void *(*const libc_memcpy)(void *, const void *, size_t) = memcpy;
static void *(*const libc_memset)(void *, int, size_t) = memset;
static int (*const libc_memcmp)(const void *, const void *, size_t) = memcmp;

#include "kernel_names.h"
#include <kernel/string.h>

static void fill(unsigned char *p, size_t n, unsigned seed)
{
	for (size_t i = 0; i < n; i++)
		p[i] = (unsigned char)(seed * 31 + i * 7);
}

static int test_memcpy_memset(void)
{
	unsigned char src[96], a[96], b[96];

	fill(src, sizeof(src), 1);
	for (size_t off = 0; off < 4; off++)
		for (size_t len = 0; len <= 64; len++) {
			libc_memset(a, 0xAA, sizeof(a));
			libc_memset(b, 0xAA, sizeof(b));
			memcpy(a + off, src + (len & 3), len);
			libc_memcpy(b + off, src + (len & 3), len);
			ST_ASSERT(libc_memcmp(a, b, sizeof(a)) == 0);
			memset(a + off, 0x5C, len);
			libc_memset(b + off, 0x5C, len);
			ST_ASSERT(libc_memcmp(a, b, sizeof(a)) == 0);
		}
	return 0;
}
SELFTEST("string.memcpy_memset", test_memcpy_memset, 0);

/* memmove must copy correctly when the ranges overlap in either direction. */
static int test_memmove_overlap(void)
{
	unsigned char buf[64], ref[64];

	for (size_t shift = 1; shift < 9; shift++) {
		fill(buf, sizeof(buf), 2);
		fill(ref, sizeof(ref), 2);
		memmove(buf + shift, buf, 40);
		for (size_t i = 0; i < 40; i++)
			ST_ASSERT_EQ(buf[i + shift], ref[i]);
		fill(buf, sizeof(buf), 3);
		fill(ref, sizeof(ref), 3);
		memmove(buf, buf + shift, 40);
		for (size_t i = 0; i < 40; i++)
			ST_ASSERT_EQ(buf[i], ref[i + shift]);
	}
	return 0;
}
SELFTEST("string.memmove_overlap", test_memmove_overlap, 0);

static int test_str(void)
{
	char buf[8];

	ST_ASSERT_EQ(strlen(""), 0);
	ST_ASSERT_EQ(strlen("pagoda"), 6);
	ST_ASSERT_EQ(strnlen("pagoda", 3), 3);
	ST_ASSERT(strcmp("abc", "abd") < 0 && strcmp("b", "a") > 0 && strcmp("x", "x") == 0);
	ST_ASSERT(strcmp("\xff", "a") > 0);   /* compared as unsigned char, as C requires */
	ST_ASSERT(strncmp("abcX", "abcY", 3) == 0);
	ST_ASSERT(strchr("a=b", '=') != NULL && strchr("ab", '=') == NULL);
	ST_ASSERT(*strchr("ab", '\0') == '\0');
	ST_ASSERT_EQ(strcspn("/bin:/musl", ":"), 4);
	ST_ASSERT_EQ(strcspn("abc", ""), 3);
	ST_ASSERT_EQ(strcspn("", ":"), 0);
	ST_ASSERT(strstr("kmalloc-64 kmalloc-8", "kmalloc-8") - "kmalloc-64 kmalloc-8" == 11);
	ST_ASSERT(strstr("abc", "") != NULL && strstr("abc", "abcd") == NULL);
	ST_ASSERT_EQ(strlcpy(buf, "overlong string", sizeof(buf)), 15);
	ST_ASSERT(strcmp(buf, "overlon") == 0);
	ST_ASSERT(memcmp("ab", "ac", 2) < 0 && memcmp("ab", "ab", 2) == 0);
	return 0;
}
SELFTEST("string.str", test_str, 0);
