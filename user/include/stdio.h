/* printf and friends, unbuffered: every call is one write(). Formatting is the kernel's vsnprintf. */
#pragma once
#include <stdarg.h>
#include <stddef.h>
#include <kernel/vsprintf.h>
int printf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
int dprintf(int fd, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
int vdprintf(int fd, const char *fmt, va_list ap);
int puts(const char *s);
