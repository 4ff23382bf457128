/*
 * vsnprintf: the formatting engine behind printk, and behind the user library's printf. Shared
 * code (lib/): linked into the kernel, the user library and the host unit tests.
 */
#include <kernel/vsprintf.h>
#include <kernel/string.h>
#include <asm/x86.h>

struct out {
	char *buf;
	size_t size;
	size_t len;   /* characters produced so far, stored or not */
};

struct spec {
	bool left, zero, plus, space, alt;
	int width;
	int precision;  /* -1: none */
	int length;     /* 0 int, 1 long, 2 long long, -1 short, -2 char */
};

static void put(struct out *o, char c)
{
	if (o->len + 1 < o->size)
		o->buf[o->len] = c;
	o->len++;
}

static void pad(struct out *o, int n, char c)
{
	while (n-- > 0)
		put(o, c);
}

static void put_str(struct out *o, const struct spec *sp, const char *s)
{
	int len;

	if (!s)
		s = "(null)";
	len = (int)strnlen(s, sp->precision >= 0 ? (size_t)sp->precision : (size_t)-1);
	if (!sp->left)
		pad(o, sp->width - len, ' ');
	for (int i = 0; i < len; i++)
		put(o, s[i]);
	if (sp->left)
		pad(o, sp->width - len, ' ');
}

/* Print an unsigned magnitude with a sign or prefix, honouring width, precision and flags. */
static void put_num(struct out *o, const struct spec *sp, u64 v, unsigned base, bool upper,
		    const char *prefix)
{
	const char *digits = upper ? "0123456789ABCDEF" : "0123456789abcdef";
	char tmp[24];
	int n = 0, plen = (int)strlen(prefix), zeros, total;

	if (v == 0 && sp->precision != 0)
		tmp[n++] = '0';
	while (v)
		tmp[n++] = digits[div64_u32_rem(&v, base)];
	zeros = sp->precision > n ? sp->precision - n : 0;
	total = plen + zeros + n;
	if (sp->zero && !sp->left && sp->precision < 0 && sp->width > total) {
		zeros += sp->width - total;
		total = sp->width;
	}
	if (!sp->left)
		pad(o, sp->width - total, ' ');
	for (int i = 0; i < plen; i++)
		put(o, prefix[i]);
	pad(o, zeros, '0');
	while (n)
		put(o, tmp[--n]);
	if (sp->left)
		pad(o, sp->width - total, ' ');
}

/* Read flags, width, precision and length modifiers; returns the conversion character. */
static const char *parse_spec(const char *fmt, struct spec *sp, va_list *ap)
{
	memset(sp, 0, sizeof(*sp));
	sp->precision = -1;
	for (;; fmt++) {
		if (*fmt == '-') sp->left = true;
		else if (*fmt == '0') sp->zero = true;
		else if (*fmt == '+') sp->plus = true;
		else if (*fmt == ' ') sp->space = true;
		else if (*fmt == '#') sp->alt = true;
		else break;
	}
	if (*fmt == '*') {
		sp->width = va_arg(*ap, int);
		if (sp->width < 0) {
			sp->left = true;
			sp->width = -sp->width;
		}
		fmt++;
	}
	for (; *fmt >= '0' && *fmt <= '9'; fmt++)
		sp->width = sp->width * 10 + (*fmt - '0');
	if (*fmt == '.') {
		fmt++;
		sp->precision = 0;
		if (*fmt == '*') {
			sp->precision = va_arg(*ap, int);
			fmt++;
		}
		for (; *fmt >= '0' && *fmt <= '9'; fmt++)
			sp->precision = sp->precision * 10 + (*fmt - '0');
	}
	for (;; fmt++) {
		if (*fmt == 'l') sp->length++;
		else if (*fmt == 'h') sp->length--;
		else if (*fmt == 'z' || *fmt == 't') sp->length = 1;
		else break;
	}
	return fmt;
}

static u64 get_unsigned(const struct spec *sp, va_list *ap)
{
	if (sp->length >= 2) return va_arg(*ap, unsigned long long);
	if (sp->length == 1) return va_arg(*ap, unsigned long);
	if (sp->length == -1) return (unsigned short)va_arg(*ap, unsigned);
	if (sp->length <= -2) return (unsigned char)va_arg(*ap, unsigned);
	return va_arg(*ap, unsigned);
}

static s64 get_signed(const struct spec *sp, va_list *ap)
{
	if (sp->length >= 2) return va_arg(*ap, long long);
	if (sp->length == 1) return va_arg(*ap, long);
	if (sp->length == -1) return (short)va_arg(*ap, int);
	if (sp->length <= -2) return (signed char)va_arg(*ap, int);
	return va_arg(*ap, int);
}

static void convert(struct out *o, struct spec *sp, char conv, va_list *ap)
{
	switch (conv) {
	case 'd':
	case 'i': {
		s64 v = get_signed(sp, ap);
		const char *sign = v < 0 ? "-" : sp->plus ? "+" : sp->space ? " " : "";
		put_num(o, sp, v < 0 ? -(u64)v : (u64)v, 10, false, sign);
		break;
	}
	case 'u':
		put_num(o, sp, get_unsigned(sp, ap), 10, false, "");
		break;
	case 'o':
		put_num(o, sp, get_unsigned(sp, ap), 8, false, sp->alt ? "0" : "");
		break;
	case 'x':
	case 'X': {
		u64 v = get_unsigned(sp, ap);
		put_num(o, sp, v, 16, conv == 'X', sp->alt && v ? (conv == 'X' ? "0X" : "0x") : "");
		break;
	}
	case 'p':
		sp->precision = 8;
		put_num(o, sp, (unsigned long)va_arg(*ap, void *), 16, false, "0x");
		break;
	case 'c': {
		char c[2] = { (char)va_arg(*ap, int), 0 };
		sp->precision = 1;
		put_str(o, sp, c);
		break;
	}
	case 's':
		put_str(o, sp, va_arg(*ap, const char *));
		break;
	case '%':
		put(o, '%');
		break;
	default: /* unknown conversion: show it as written */
		put(o, '%');
		if (conv)
			put(o, conv);
	}
}

int vsnprintf(char *buf, size_t size, const char *fmt, va_list ap)
{
	struct out o = { buf, size, 0 };
	struct spec sp;
	va_list args;

	va_copy(args, ap);
	while (*fmt) {
		if (*fmt != '%') {
			put(&o, *fmt++);
			continue;
		}
		fmt = parse_spec(fmt + 1, &sp, &args);
		convert(&o, &sp, *fmt, &args);
		if (*fmt)
			fmt++;
	}
	va_end(args);
	if (size)
		buf[o.len < size ? o.len : size - 1] = '\0';
	return (int)o.len;
}

int snprintf(char *buf, size_t size, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(buf, size, fmt, ap);
	va_end(ap);
	return n;
}
