/*
 * seq_buf: formatted text appended to a fixed buffer (include/kernel/seq_buf.h). Shared code
 * (lib/): it needs nothing but vsnprintf.
 */
#include <kernel/seq_buf.h>
#include <kernel/vsprintf.h>

void seq_buf_printf(struct seq_buf *s, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (!s->buf) {                  /* no buffer: only count what would be written */
		va_start(ap, fmt);
		s->len += (size_t)vsnprintf(NULL, 0, fmt, ap);
		va_end(ap);
		return;
	}
	if (!s->size || s->len >= s->size - 1)
		return;
	va_start(ap, fmt);
	n = vsnprintf(s->buf + s->len, s->size - s->len, fmt, ap);
	va_end(ap);
	s->len = min(s->len + (size_t)n, s->size - 1);
}
