/*
 * What every program in user/linuxcheck shares: printing one fact per line, unbuffered (so a
 * fork or a crash never loses or repeats a line), and saying yes or no.
 */
#pragma once
#include <stdarg.h>
#include <stdio.h>
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
