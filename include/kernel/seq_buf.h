/*
 * Text built up piece by piece in a buffer (Linux's seq_buf): what a /proc file holds, or a
 * report printed in one go. Output past the end is dropped; the text stays NUL-terminated.
 * With buf NULL it only counts: len becomes the size the text needs.
 */
#pragma once
#include <types.h>

struct seq_buf {
	char *buf;
	size_t size;                    /* bytes at buf */
	size_t len;                     /* bytes written, at most size - 1 */
};

void seq_buf_printf(struct seq_buf *s, const char *fmt, ...) __printf(2, 3);
