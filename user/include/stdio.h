/* printf and friends, unbuffered: every call is one write(). Formatting is the kernel's vsnprintf. */
#pragma once
#include <stdarg.h>
#include <stddef.h>
#include <kernel/vsprintf.h>
int printf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
int dprintf(int fd, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
int vdprintf(int fd, const char *fmt, va_list ap);
int puts(const char *s);
/* The whole of a file in buf, NUL-terminated: its length, or -1 (buf empty) if it cannot be read. */
int read_file(const char *path, char *buf, size_t size);
