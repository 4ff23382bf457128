/* Symbol lookup (kernel/ksyms.c) over a small table laid out as scripts/gen_ksyms.sh writes it. */
#include <string.h>
#include <kernel/selftest.h>
#include <kernel/ksyms.h>

/* A table like the generated one: three functions, then the end-of-text marker. */
const u32 ksym_count = 4;
const struct ksym ksym_table[] = {
	{ 0xc0100000, 0 }, { 0xc0100010, 7 }, { 0xc0100040, 11 }, { 0xc0100100, 19 },
};
const char ksym_names[] = "_start\0foo\0do_trap\0";

static int test_lookup(void)
{
	unsigned long off, size;
	const char *name;

	name = ksym_lookup(0xc0100000, &off, &size);
	ST_ASSERT(name && strcmp(name, "_start") == 0 && off == 0 && size == 0x10);
	name = ksym_lookup(0xc010001f, &off, &size);
	ST_ASSERT(name && strcmp(name, "foo") == 0 && off == 0xf && size == 0x30);
	name = ksym_lookup(0xc01000ff, &off, &size);
	ST_ASSERT(name && strcmp(name, "do_trap") == 0 && off == 0xbf);
	ST_ASSERT(ksym_lookup(0xbfffffff, &off, &size) == NULL);   /* before the first symbol */
	ST_ASSERT(ksym_lookup(0xc0100100, &off, &size) == NULL);   /* at or past the end of text */
	return 0;
}
SELFTEST("ksyms.lookup", test_lookup, 0);

static int test_format(void)
{
	char buf[64];

	ST_ASSERT(strcmp(ksym_format(buf, sizeof(buf), 0xc0100044), "do_trap+0x4/0xc0") == 0);
	ST_ASSERT(strcmp(ksym_format(buf, sizeof(buf), 0x1234), "0x00001234") == 0);
	return 0;
}
SELFTEST("ksyms.format", test_format, 0);
