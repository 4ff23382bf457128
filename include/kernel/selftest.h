/*
 * In-kernel self-tests: named test functions run when the command line says `selftest`
 * (all of them) or `selftest=NAME[,NAME...]` (those named; NAME may be a prefix ending a dot-
 * separated group, so `selftest=buddy` runs buddy.split, buddy.merge, ...).
 *
 * Each prints one line, "selftest: PASS name" or "selftest: FAIL name: why", and the run ends
 * with "selftest: N passed, M failed", then powers off with status 0 (all passed) or 1.
 *
 *   static int test_something(void)
 *   {
 *           ST_ASSERT(1 + 1 == 2);
 *           return 0;
 *   }
 *   SELFTEST("group.something", test_something, 0);
 */
#pragma once
#include <types.h>

#define SELFTEST_EXPLICIT 1  /* run only when named exactly: tests that must fail or crash */
#define SELFTEST_SKIPPED 1   /* what a test returns when this machine cannot run it */

struct selftest {
	const char *name;
	int (*fn)(void);     /* 0 success, SELFTEST_SKIPPED (after ST_SKIP), else failure */
	unsigned flags;
};

#define SELFTEST(str, fn, flags)                                                          \
	static const struct selftest __selftest_##fn __used __section("selftests")         \
		__attribute__((aligned(4))) = { str, fn, flags }

extern const struct selftest __start_selftests[], __stop_selftests[];

/* Record why the running test failed (first reason wins). */
void selftest_fail(const char *file, int line, const char *fmt, ...) __printf(3, 4);

#define ST_ASSERT(cond)                                                                   \
	do {                                                                              \
		if (!(cond)) {                                                            \
			selftest_fail(__FILE__, __LINE__, "%s", #cond);                   \
			return -1;                                                        \
		}                                                                         \
	} while (0)

/* Like ST_ASSERT, printing both values when they differ. */
#define ST_ASSERT_EQ(a, b)                                                                \
	do {                                                                              \
		unsigned long long _a = (a), _b = (b);                                    \
		if (_a != _b) {                                                           \
			selftest_fail(__FILE__, __LINE__, "%s == %s (%#llx != %#llx)", #a, #b, _a, _b); \
			return -1;                                                        \
		}                                                                         \
	} while (0)

/* Skip the running test, saying why ("no HighMem with 64 MiB"): printed, never silent. */
#define ST_SKIP(...)                                                                      \
	do {                                                                              \
		selftest_skip(__VA_ARGS__);                                               \
		return SELFTEST_SKIPPED;                                                  \
	} while (0)
void selftest_skip(const char *fmt, ...) __printf(1, 2);

/* True when the command line asked for self-tests. */
bool selftest_requested(void);

/* Run the requested tests, print the summary, power off. Called at the end of boot. */
void selftest_run(void) __noreturn;
