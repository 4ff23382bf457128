/*
 * The self-test runner: picks tests from the "selftests" section by the names on the command
 * line, runs each, prints one line per test and a summary, then powers off with the verdict as
 * the exit status (scripts/run_tests.py reads both).
 */
#include <kernel/selftest.h>
#include <kernel/printk.h>
#include <kernel/string.h>
#include <kernel/vsprintf.h>
#include <kernel/cmdline.h>
#include <kernel/power.h>
#include <asm/tlbflush.h>

static bool requested;
static char selection[COMMAND_LINE_SIZE];  /* comma-separated names, empty = all */
static char fail_reason[160];
static char skip_reason[160];

bool selftest_requested(void)
{
	return requested;
}

void selftest_fail(const char *file, int line, const char *fmt, ...)
{
	char msg[128];
	va_list ap;

	if (fail_reason[0])
		return;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	snprintf(fail_reason, sizeof(fail_reason), "%s:%d: %s", file, line, msg);
}

void selftest_skip(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(skip_reason, sizeof(skip_reason), fmt, ap);
	va_end(ap);
}

/* Does pattern select name? Exact match, or pattern is a dot-separated prefix of name. */
static bool name_matches(const char *pattern, size_t len, const char *name, bool explicit_only)
{
	if (strncmp(pattern, name, len) != 0)
		return false;
	if (name[len] == '\0')
		return true;
	return !explicit_only && name[len] == '.';
}

static bool selected(const struct selftest *t)
{
	bool explicit_only = t->flags & SELFTEST_EXPLICIT;
	const char *p = selection;

	if (!*p)
		return !explicit_only;
	while (*p) {
		const char *comma = strchr(p, ',');
		size_t len = comma ? (size_t)(comma - p) : strlen(p);
		if (len && name_matches(p, len, t->name, explicit_only))
			return true;
		p += len + (comma ? 1 : 0);
	}
	return false;
}

void selftest_run(void)
{
	unsigned passed = 0, failed = 0, skipped = 0;

	printk(KERN_INFO "selftest: running %s\n", selection[0] ? selection : "all tests");
	for (const struct selftest *t = __start_selftests; t < __stop_selftests; t++) {
		if (!selected(t))
			continue;
		fail_reason[0] = '\0';
		skip_reason[0] = '\0';
		int ret = t->fn();
		if (ret == SELFTEST_SKIPPED && skip_reason[0] && !fail_reason[0]) {
			printk(KERN_INFO "selftest: SKIP %s: %s\n", t->name, skip_reason);
			skipped++;
		} else if (ret == 0 && !fail_reason[0]) {
			printk(KERN_INFO "selftest: PASS %s\n", t->name);
			passed++;
		} else {
			printk(KERN_ERR "selftest: FAIL %s: %s\n", t->name,
			       fail_reason[0] ? fail_reason : "returned an error");
			failed++;
		}
	}
	if (passed + failed + skipped == 0)
		printk(KERN_ERR "selftest: no test matches \"%s\"\n", selection);
	if (skipped)
		printk(KERN_INFO "selftest: %u skipped on this machine\n", skipped);
	printk(KERN_INFO "selftest: TLB flushes during boot and tests: %lu invlpg, %lu CR3 reloads, %lu full\n",
	       tlb_stats.single, tlb_stats.local, tlb_stats.all);
	printk(KERN_INFO "selftest: %u passed, %u failed\n", passed, failed);
	machine_power_off(failed || passed + failed == 0 ? 1 : 0);
}

/* selftest, or selftest=NAME[,NAME...] */
static int parse_selftest(const char *val)
{
	requested = true;
	if (val && strlcpy(selection, val, sizeof(selection)) >= sizeof(selection))
		return -1;
	return 0;
}
__setup("selftest", parse_selftest, "test names separated by commas");
