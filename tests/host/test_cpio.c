/* The cpio newc parser (fs/cpio.c): good archives, and every kind of damage refused. */
#include <stdio.h>
#include <string.h>
#include <kernel/selftest.h>
#include <fs/cpio.h>

static unsigned owner;                  /* uid and gid of the members add makes */

static size_t add(char *buf, size_t off, const char *name, unsigned mode, const char *data)
{
	size_t namesize = strlen(name) + 1, size = strlen(data);
	off += (size_t)sprintf(buf + off, "070701%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X",
			       1u, mode, owner, owner, 1u, 0u, (unsigned)size, 0u, 0u, 0u, 0u, (unsigned)namesize, 0u);
	memcpy(buf + off, name, namesize);
	off += namesize;
	while (off % 4) buf[off++] = 0;
	memcpy(buf + off, data, size);
	off += size;
	while (off % 4) buf[off++] = 0;
	return off;
}

static char names[8][32];
static unsigned sizes[8], uids[8];
static int count;

static int collect(const struct cpio_entry *e, void *arg)
{
	(void)arg;
	snprintf(names[count], sizeof(names[0]), "%s", e->name);
	uids[count] = e->uid;
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

/* Archives one after another, with zero padding between (cpio pads to 512 bytes): all read, each
 * member with its owner; something else after the padding is refused. */
static int test_concatenated(void)
{
	static char buf[8192];
	const char *why = NULL;
	size_t n;

	owner = 0;
	n = sample(buf);
	memset(buf + n, 0, 512 - n % 512);
	n += 512 - n % 512;
	owner = 1000;
	n = add(buf, n, "home/user", 040755, "");
	n = add(buf, n, "TRAILER!!!", 0, "");
	owner = 0;
	count = 0;
	ST_ASSERT(cpio_parse((const u8 *)buf, n + 100, collect, NULL, &why) == 0);   /* zeros after too */
	ST_ASSERT_EQ(count, 4);
	ST_ASSERT(!strcmp(names[3], "home/user") && uids[3] == 1000 && uids[1] == 0);
	memcpy(buf + n, "junk", 4);
	ST_ASSERT(cpio_parse((const u8 *)buf, n + 200, collect, NULL, &why) == -1 && strstr(why, "magic"));
	return 0;
}
SELFTEST("cpio.concatenated", test_concatenated, 0);
