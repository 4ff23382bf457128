/*
 * Command-line parsing: split into words, match each against the __setup table, report what
 * does not fit. Pure string code, tested on the host (tests/host/test_cmdline.c).
 */
#include <kernel/cmdline.h>
#include <kernel/string.h>
#include <kernel/vsprintf.h>

char boot_command_line[COMMAND_LINE_SIZE];

/* Parse digits in the given base; returns the end of the digits, or NULL on overflow. */
static const char *parse_digits(const char *s, unsigned base, u64 *out)
{
	u64 v = 0;

	for (;; s++) {
		unsigned d;
		if (*s >= '0' && *s <= '9') d = *s - '0';
		else if (*s >= 'a' && *s <= 'f') d = *s - 'a' + 10;
		else if (*s >= 'A' && *s <= 'F') d = *s - 'A' + 10;
		else break;
		if (d >= base)
			break;
		if (v >> 59)
			return NULL;    /* one more digit could overflow 64 bits (base <= 16) */
		v = v * base + d;
	}
	*out = v;
	return s;
}

/* A number with an optional 0x prefix; returns the end, or NULL if there are no digits. */
static const char *parse_number(const char *s, u64 *out)
{
	const char *end;
	unsigned base = 10;

	if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
		base = 16;
		s += 2;
	}
	end = parse_digits(s, base, out);
	return end == s ? NULL : end;
}

int parse_ulong(const char *s, unsigned long *out)
{
	u64 v;
	const char *end = s ? parse_number(s, &v) : NULL;

	if (!end || *end || v > 0xFFFFFFFFul)
		return -1;
	*out = (unsigned long)v;
	return 0;
}

int parse_size(const char *s, u64 *out)
{
	u64 v;
	const char *end = s ? parse_number(s, &v) : NULL;
	unsigned shift = 0;

	if (!end)
		return -1;
	switch (*end) {
	case 'G': case 'g': shift = 30; end++; break;
	case 'M': case 'm': shift = 20; end++; break;
	case 'K': case 'k': shift = 10; end++; break;
	}
	if (*end || (shift && v > (~0ULL >> shift)))
		return -1;
	*out = v << shift;
	return 0;
}

const char *skip_image_name(const char *cmdline)
{
	const char *end;

	while (*cmdline == ' ')
		cmdline++;
	/*
	 * QEMU's -kernel passes the kernel's path first; GRUB passes only the arguments. A first
	 * word with a '/' and no '=' can only be that path.
	 */
	for (end = cmdline; *end && *end != ' ' && *end != '='; end++)
		if (*end == '/')
			break;
	if (*end != '/')
		return cmdline;
	while (*end && *end != ' ')
		end++;
	while (*end == ' ')
		end++;
	return end;
}

static const struct kernel_param *find_param(const char *name, const struct kernel_param *start,
					     const struct kernel_param *end)
{
	for (const struct kernel_param *p = start; p < end; p++)
		if (strcmp(p->name, name) == 0)
			return p;
	return NULL;
}

/* Handle one word; returns 0 if it was understood. */
static int parse_one(char *word, const struct kernel_param *start, const struct kernel_param *end,
		     void (*report)(const char *msg))
{
	char msg[160];
	char *val = strchr(word, '=');
	const struct kernel_param *p;

	if (val)
		*val++ = '\0';
	p = find_param(word, start, end);
	if (!p) {
		snprintf(msg, sizeof(msg), "Unknown kernel command line parameter \"%s%s%s\", ignored",
			 word, val ? "=" : "", val ? val : "");
		report(msg);
		return -1;
	}
	if (p->setup(val) == 0)
		return 0;
	snprintf(msg, sizeof(msg), "Malformed kernel command line parameter \"%s%s%s\": expected %s, ignored",
		 word, val ? "=" : "", val ? val : "", p->expects);
	report(msg);
	return -1;
}

int parse_args(char *cmdline, const struct kernel_param *start, const struct kernel_param *end,
	       void (*report)(const char *msg))
{
	int bad = 0;
	char *s = cmdline;

	while (*s) {
		char *word;

		while (*s == ' ' || *s == '\t')
			s++;
		if (!*s)
			break;
		word = s;
		while (*s && *s != ' ' && *s != '\t')
			s++;
		if (*s)
			*s++ = '\0';
		if (parse_one(word, start, end, report))
			bad++;
	}
	return bad;
}
