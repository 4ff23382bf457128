/*
 * Host unit-test runner: runs the SELFTEST() entries linked into this program (the same macro
 * and section the kernel uses), prints "PASS name" / "FAIL name: why" and a summary line.
 * Arguments select tests by name or dot-prefix, as selftest= does in the kernel.
 */
#include <stdio.h>
#include <stdarg.h>
#include <string.h>
#include <kernel/selftest.h>

static char fail_reason[256];

void selftest_fail(const char *file, int line, const char *fmt, ...)
{
	char msg[200];
	va_list ap;

	if (fail_reason[0])
		return;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	snprintf(fail_reason, sizeof(fail_reason), "%s:%d: %s", file, line, msg);
}

static int selected(const char *name, int argc, char **argv)
{
	if (argc < 2)
		return 1;
	for (int i = 1; i < argc; i++) {
		size_t n = strlen(argv[i]);
		if (strncmp(name, argv[i], n) == 0 && (name[n] == '\0' || name[n] == '.'))
			return 1;
	}
	return 0;
}

int main(int argc, char **argv)
{
	int passed = 0, failed = 0;

	for (const struct selftest *t = __start_selftests; t < __stop_selftests; t++) {
		if (!selected(t->name, argc, argv))
			continue;
		fail_reason[0] = '\0';
		if (t->fn() == 0 && !fail_reason[0]) {
			printf("PASS %s\n", t->name);
			passed++;
		} else {
			printf("FAIL %s: %s\n", t->name, fail_reason[0] ? fail_reason : "returned an error");
			failed++;
		}
		fflush(stdout);
	}
	printf("host: %d passed, %d failed\n", passed, failed);
	return failed || !passed;
}
