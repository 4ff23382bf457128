/* The command-line parser (kernel/cmdline.c): numbers, sizes, the table, bad words. */
#include <string.h>
#include <kernel/selftest.h>
#include <kernel/cmdline.h>

static unsigned long seen_num;
static int seen_flag;
static char messages[512];

static int set_num(const char *val) { return parse_ulong(val, &seen_num); }
static int set_flag(const char *val) { seen_flag = val ? 2 : 1; return 0; }
static void collect(const char *msg)
{
	strncat(messages, msg, sizeof(messages) - strlen(messages) - 1);
	strncat(messages, "\n", sizeof(messages) - strlen(messages) - 1);
}

static const struct kernel_param table[] = {
	{ "num", set_num, "a number" },
	{ "flag", set_flag, "nothing or a value" },
};

static int test_sizes(void)
{
	u64 v;

	ST_ASSERT(parse_size("64M", &v) == 0 && v == 64ull << 20);
	ST_ASSERT(parse_size("2G", &v) == 0 && v == 2ull << 30);
	ST_ASSERT(parse_size("512k", &v) == 0 && v == 512 << 10);
	ST_ASSERT(parse_size("0x1000", &v) == 0 && v == 0x1000);
	ST_ASSERT(parse_size("123", &v) == 0 && v == 123);
	ST_ASSERT(parse_size("", &v) == -1);
	ST_ASSERT(parse_size("M", &v) == -1);
	ST_ASSERT(parse_size("64MB", &v) == -1);
	ST_ASSERT(parse_size("12x", &v) == -1);
	ST_ASSERT(parse_size("0x", &v) == -1);
	ST_ASSERT(parse_size("99999999999999999999", &v) == -1);
	ST_ASSERT(parse_size("17179869184G", &v) == -1);   /* 2^34 GiB overflows 64 bits */
	ST_ASSERT(parse_size(NULL, &v) == -1);
	return 0;
}
SELFTEST("cmdline.sizes", test_sizes, 0);

static int test_numbers(void)
{
	unsigned long n;

	ST_ASSERT(parse_ulong("7", &n) == 0 && n == 7);
	ST_ASSERT(parse_ulong("0xffffffff", &n) == 0 && n == 0xffffffff);
	ST_ASSERT(parse_ulong("4294967296", &n) == -1);
	ST_ASSERT(parse_ulong("-1", &n) == -1);
	ST_ASSERT(parse_ulong("7 ", &n) == -1);
	return 0;
}
SELFTEST("cmdline.numbers", test_numbers, 0);

static int test_parse_args(void)
{
	char line[] = "  num=12 flag   bogus num=zz flag=on x=1 ";
	int bad;

	messages[0] = '\0';
	seen_num = 0;
	seen_flag = 0;
	bad = parse_args(line, table, table + 2, collect);
	ST_ASSERT_EQ(bad, 3);
	ST_ASSERT_EQ(seen_num, 12);            /* the malformed num=zz left the good value alone */
	ST_ASSERT_EQ(seen_flag, 2);
	ST_ASSERT(strstr(messages, "Unknown kernel command line parameter \"bogus\"") != NULL);
	ST_ASSERT(strstr(messages, "Malformed kernel command line parameter \"num=zz\": expected a number") != NULL);
	ST_ASSERT(strstr(messages, "Unknown kernel command line parameter \"x=1\"") != NULL);
	return 0;
}
SELFTEST("cmdline.parse_args", test_parse_args, 0);

/* QEMU puts the kernel's path first; GRUB does not. Only a path-like first word goes. */
static int test_image_name(void)
{
	ST_ASSERT(strcmp(skip_image_name("build/kernel selftest"), "selftest") == 0);
	ST_ASSERT(strcmp(skip_image_name("/boot/kernel  mem=64M"), "mem=64M") == 0);
	ST_ASSERT(strcmp(skip_image_name("build/kernel"), "") == 0);
	ST_ASSERT(strcmp(skip_image_name("selftest mem=64M"), "selftest mem=64M") == 0);
	ST_ASSERT(strcmp(skip_image_name("init=/bin/sh"), "init=/bin/sh") == 0);
	ST_ASSERT(strcmp(skip_image_name(""), "") == 0);
	return 0;
}
SELFTEST("cmdline.image_name", test_image_name, 0);
