/*
 * What every program in user/linuxcheck shares: printing one fact per line, unbuffered (so a
 * fork or a crash never loses or repeats a line), and saying yes or no.
 */
#pragma once
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/reboot.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static void say(const char *fmt, ...)
{
	char buf[256];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(buf, sizeof(buf) - 1, fmt, ap);
	va_end(ap);
	buf[n++] = '\n';
	write(1, buf, (size_t)n);
}

static const char *yes(int c)
{
	return c ? "yes" : "no";
}

/* Run fn(arg) in a child; return the signal that killed it, or 0. */
static inline int fate(void (*fn)(void *), void *arg)
{
	int status;
	pid_t pid = fork();

	if (pid == 0) {
		fn(arg);
		_exit(0);
	}
	waitpid(pid, &status, 0);
	return WIFSIGNALED(status) ? WTERMSIG(status) : 0;
}

static inline void read_byte(void *p) { (void)*(volatile char *)p; }

static inline void pause_ms(int ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };

	nanosleep(&ts, NULL);
}

/* What a wait status says, in words. */
static inline const char *status_text(int status)
{
	static char buf[48];

	if (WIFEXITED(status))
		snprintf(buf, sizeof(buf), "exited %d", WEXITSTATUS(status));
	else if (WIFSIGNALED(status))
		snprintf(buf, sizeof(buf), "killed by %d", WTERMSIG(status));
	else if (WIFSTOPPED(status))
		snprintf(buf, sizeof(buf), "stopped by %d", WSTOPSIG(status));
	else if (WIFCONTINUED(status))
		snprintf(buf, sizeof(buf), "continued");
	else
		snprintf(buf, sizeof(buf), "status %x", status);
	return buf;
}

/*
 * The whole of a file in buf, NUL-terminated (Linux gives a /proc file a page per read: read to
 * the end, or until buf is full). Its length, or -1 (buf untouched) if it cannot be opened.
 */
static inline int slurp(const char *path, char *buf, int size)
{
	int fd = open(path, O_RDONLY), n = 0, got;

	if (fd < 0)
		return -1;
	while (n < size - 1 && (got = (int)read(fd, buf + n, (size_t)(size - 1 - n))) > 0)
		n += got;
	close(fd);
	buf[n] = '\0';
	return n;
}

/* Write text to a file (a tunable of /proc/sys): "ok", or why not (strerror). */
static inline const char *put_text(const char *path, const char *text)
{
	int fd = open(path, O_WRONLY);
	ssize_t n;

	if (fd < 0)
		return strerror(errno);
	n = write(fd, text, strlen(text));
	close(fd);
	return n == (ssize_t)strlen(text) ? "ok" : strerror(errno);
}

/* The number a one-number file holds (/proc/sys/vm/swappiness, /proc/PID/oom_score), or -1. */
static inline long file_number(const char *path)
{
	char buf[32];

	return slurp(path, buf, sizeof(buf)) > 0 ? strtol(buf, NULL, 10) : -1;
}

/*
 * The number after "field" at the start of a line of a /proc file ("VmRSS:   123 kB" in
 * status, "pgpgin 456" in vmstat), or -1 if the file or the line is not there.
 */
static inline long proc_field(const char *path, const char *field)
{
	static char buf[16384];
	int fd = open(path, O_RDONLY);
	ssize_t n = fd >= 0 ? read(fd, buf, sizeof(buf) - 1) : -1;
	size_t len = strlen(field);
	char *p;

	if (fd >= 0)
		close(fd);
	if (n <= 0)
		return -1;
	buf[n] = '\0';
	for (p = buf; p; p = strchr(p, '\n'), p = p ? p + 1 : NULL)
		if (!strncmp(p, field, len) && (p[len] == ':' || p[len] == ' ' || p[len] == '\t'))
			return strtol(p + len + 1, NULL, 10);
	return -1;
}

/* One group of facts: a name for the command line, and the function that prints them. */
struct check_case {
	const char *name;
	void (*fn)(void);
};

/*
 * Run the cases named on the command line (all of them, in order, when none is named), then
 * print "mm: done". As init on Linux the machine then powers off; on this kernel init's exit
 * does that.
 */
static inline int run_cases(const struct check_case *cases, size_t n, int argc, char **argv)
{
	for (size_t i = 0; i < n; i++) {
		int run = argc < 2;
		for (int a = 1; a < argc; a++)
			run |= !strcmp(argv[a], cases[i].name);
		if (run)
			cases[i].fn();
	}
	say("mm: done");
	if (getpid() == 1)
		reboot(RB_POWER_OFF);
	return 0;
}
