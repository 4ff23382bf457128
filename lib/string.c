/*
 * memcpy, memset, strlen and friends. The compiler may emit calls to memcpy/memset/memmove/memcmp
 * on its own (struct copies, zeroing loops), so these exist under their standard names.
 * Shared code (lib/): linked into the kernel, into the user library (user/lib) and into the host
 * unit tests; it touches no hardware and no kernel state.
 */
#include <kernel/string.h>

/* Below this size a plain loop beats rep movs/stos, whose start-up costs dozens of cycles. */
#define REP_THRESHOLD 128

/*
 * The word loops below copy 4 bytes at a time whatever the alignment, which x86 allows. This
 * type says so to the compiler: a u32 that may sit at any address and alias any object, so the
 * same loop is also correct C on a host with UndefinedBehaviorSanitizer watching.
 */
typedef u32 __attribute__((aligned(1), may_alias)) unaligned_u32;

void *memcpy(void *dst, const void *src, size_t n)
{
	char *d = dst;
	const char *s = src;
	size_t words = n / 4;

	if (n < REP_THRESHOLD) {
		for (; words; words--, d += 4, s += 4)
			*(unaligned_u32 *)d = *(const unaligned_u32 *)s;
		for (n &= 3; n; n--)
			*d++ = *s++;
		return dst;
	}
	/* rep movsl then rep movsb: the simplest copy the CPU does well. */
	__asm__ volatile("rep movsl" : "+D"(d), "+S"(s), "+c"(words) : : "memory");
	n &= 3;
	__asm__ volatile("rep movsb" : "+D"(d), "+S"(s), "+c"(n) : : "memory");
	return dst;
}

void *memmove(void *dst, const void *src, size_t n)
{
	char *d = dst;
	const char *s = src;

	if (d <= s || d >= s + n)
		return memcpy(dst, src, n);
	while (n--)
		d[n] = s[n];
	return dst;
}

void *memset(void *dst, int c, size_t n)
{
	char *d = dst;
	u32 pattern = (u8)c * 0x01010101u;
	size_t words = n / 4;

	if (n < REP_THRESHOLD) {
		for (; words; words--, d += 4)
			*(unaligned_u32 *)d = pattern;
		for (n &= 3; n; n--)
			*d++ = (char)c;
		return dst;
	}
	__asm__ volatile("rep stosl" : "+D"(d), "+c"(words) : "a"(pattern) : "memory");
	n &= 3;
	__asm__ volatile("rep stosb" : "+D"(d), "+c"(n) : "a"(pattern) : "memory");
	return dst;
}

int memcmp(const void *a, const void *b, size_t n)
{
	const u8 *p = a, *q = b;

	for (; n; n--, p++, q++)
		if (*p != *q)
			return *p - *q;
	return 0;
}

size_t strlen(const char *s)
{
	size_t n = 0;

	while (s[n])
		n++;
	return n;
}

size_t strnlen(const char *s, size_t max)
{
	size_t n = 0;

	while (n < max && s[n])
		n++;
	return n;
}

int strcmp(const char *a, const char *b)
{
	while (*a && *a == *b)
		a++, b++;
	return (u8)*a - (u8)*b;
}

int strncmp(const char *a, const char *b, size_t n)
{
	for (; n; n--, a++, b++) {
		if (*a != *b)
			return (u8)*a - (u8)*b;
		if (!*a)
			return 0;
	}
	return 0;
}

char *strchr(const char *s, int c)
{
	for (;; s++) {
		if (*s == (char)c)
			return (char *)s;
		if (!*s)
			return NULL;
	}
}

char *strstr(const char *hay, const char *needle)
{
	size_t n = strlen(needle);

	for (; *hay; hay++)
		if (!strncmp(hay, needle, n))
			return (char *)hay;
	return n ? NULL : (char *)hay;
}

size_t strcspn(const char *s, const char *reject)
{
	size_t n = 0;

	while (s[n] && !strchr(reject, s[n]))
		n++;
	return n;
}

/* Copy at most size-1 bytes and always terminate; returns strlen(src) so truncation shows. */
size_t strlcpy(char *dst, const char *src, size_t size)
{
	size_t len = strlen(src);

	if (size) {
		size_t n = len < size - 1 ? len : size - 1;
		memcpy(dst, src, n);
		dst[n] = '\0';
	}
	return len;
}

bool str_starts_with(const char *s, const char *prefix)
{
	return strncmp(s, prefix, strlen(prefix)) == 0;
}
