/* printf-style formatting into a buffer (lib/vsprintf.c). */
#pragma once
#include <types.h>

/*
 * Format into buf (at most size bytes, always terminated when size > 0). Returns the length the
 * full output would have had, as C's vsnprintf does. Supports %d %i %u %x %X %o %c %s %p %%,
 * the flags '-', '0', '+', ' ', '#', a width and precision (also '*'), and the length
 * modifiers hh h l ll z t.
 */
int vsnprintf(char *buf, size_t size, const char *fmt, va_list ap);
int snprintf(char *buf, size_t size, const char *fmt, ...) __printf(3, 4);
