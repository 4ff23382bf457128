/* The cpio newc parser (fs/cpio.c): good archives, and every kind of damage refused. */
#include <stdio.h>
#include <string.h>
#include <kernel/selftest.h>
#include <fs/cpio.h>

static size_t add(char *buf, size_t off, const char *name, unsigned mode, const char *data)
{
	size_t namesize = strlen(name) + 1, size = strlen(data);
	off += (size_t)sprintf(buf + off, "070701%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X",
			       1u, mode, 0u, 0u, 1u, 0u, (unsigned)size, 0u, 0u, 0u, 0u, (unsigned)namesize, 0u);
	memcpy(buf + off, name, namesize);
	off += namesize;
	while (off % 4) buf[off++] = 0;
	memcpy(buf + off, data, size);
	off += size;
	while (off % 4) buf[off++] = 0;
	return off;
}

static char names[8][32];
static unsigned sizes[8];
static int count;

static int collect(const struct cpio_entry *e, void *arg)
{
	(void)arg;
	snprintf(names[count], sizeof(names[0]), "%s", e->name);
	sizes[count++] = e->size;
	return 0;
}

static size_t sample(char *buf)
{
	size_t n = add(buf, 0, "bin", 040755, "");
	n = add(buf, n, "bin/hello", 0100755, "ELF-ish data");
	n = add(buf, n, "etc/motd", 0100644, "hi\n");
	return add(buf, n, "TRAILER!!!", 0, "");
}

static int test_parse(void)
{
	static char buf[4096];
	const char *why = NULL;
	size_t n = sample(buf);

	count = 0;
	ST_ASSERT(cpio_parse((const u8 *)buf, n, collect, NULL, &why) == 0);
	ST_ASSERT_EQ(count, 3);
	ST_ASSERT(!strcmp(names[1], "bin/hello") && sizes[1] == 12);
	ST_ASSERT(!strcmp(names[2], "etc/motd") && sizes[2] == 3);
	return 0;
}
SELFTEST("cpio.parse", test_parse, 0);

/* Cut the archive at every length: never a crash or a read past the end, always an error. */
static int test_truncated(void)
{
	static char buf[4096];
	size_t n = sample(buf);

	for (size_t len = 0; len < n - 4; len++) {
		const char *why = NULL;
		count = 0;
		ST_ASSERT(cpio_parse((const u8 *)buf, len, collect, NULL, &why) == -1);
		ST_ASSERT(why != NULL);
	}
	return 0;
}
SELFTEST("cpio.truncated", test_truncated, 0);

static int test_corrupt(void)
{
	static char buf[4096];
	const char *why;
	size_t n = sample(buf);

	buf[0] = 'X';
	ST_ASSERT(cpio_parse((const u8 *)buf, n, collect, NULL, &why) == -1 && strstr(why, "magic"));
	n = sample(buf);
	buf[6 + 6 * 8] = 'g';                       /* filesize field of the first member */
	ST_ASSERT(cpio_parse((const u8 *)buf, n, collect, NULL, &why) == -1 && strstr(why, "hexadecimal"));
	n = sample(buf);
	memcpy(buf + 6 + 6 * 8, "7FFFFFFF", 8);     /* a member far larger than the archive */
	ST_ASSERT(cpio_parse((const u8 *)buf, n, collect, NULL, &why) == -1 && strstr(why, "past the end"));
	return 0;
}
SELFTEST("cpio.corrupt", test_corrupt, 0);
