/*
 * printk: format a message, prefix it with a timestamp like Linux's "[    0.123456] ", and hand
 * it to every registered console if its level passes console_loglevel (loglevel=).
 */
#include <kernel/printk.h>
#include <kernel/vsprintf.h>
#include <kernel/string.h>
#include <kernel/cmdline.h>
#include <asm/x86.h>

int console_loglevel = CONSOLE_LOGLEVEL_DEFAULT;

static struct console *consoles;
static u32 tsc_khz;           /* 0 until calibrated: timestamps read 0.000000 */
static bool at_line_start = true;

void register_console(struct console *con)
{
	con->next = consoles;
	consoles = con;
}

void console_write(const char *s, size_t n)
{
	u32 flags = local_irq_save();

	for (struct console *c = consoles; c; c = c->next)
		c->write(s, n);
	local_irq_restore(flags);
}

/* Called once the TSC frequency is known; from then on timestamps count time since reset. */
void printk_set_clock(u32 khz)
{
	tsc_khz = khz;
}

/* Nanoseconds since the CPU was reset (the TSC starts at 0), or 0 before calibration. */
u64 local_clock_ns(void)
{
	u64 cycles = rdtsc();

	if (!tsc_khz)
		return 0;
	/* cycles * 10^6 / khz, split to stay inside 64 bits for years of uptime. */
	u64 whole = cycles;
	u32 rem = div64_u32_rem(&whole, tsc_khz);
	u64 frac = (u64)rem * 1000000;
	div64_u32_rem(&frac, tsc_khz);
	return whole * 1000000 + frac;
}

/* Split "\001N" off the front of a message; returns the level or -1 for KERN_CONT. */
static int printk_get_level(const char **fmt)
{
	const char *s = *fmt;

	if (s[0] != KERN_SOH[0] || !s[1])
		return LOGLEVEL_DEFAULT;
	*fmt = s + 2;
	if (s[1] == 'c')
		return -1;
	return s[1] - '0';
}

static int print_time(char *buf, size_t size)
{
	u64 ns = local_clock_ns();
	u64 us = ns;
	div64_u32_rem(&us, 1000);
	u32 usec = div64_u32_rem(&us, 1000000);
	return snprintf(buf, size, "[%5u.%06u] ", (u32)us, usec);
}

int vprintk(const char *fmt, va_list ap)
{
	static int last_level = LOGLEVEL_DEFAULT;
	char line[512];
	int level = printk_get_level(&fmt);
	int n = 0, len;

	if (level < 0)
		level = last_level;
	else if (!at_line_start) {
		/* a new message while the last one lacks its newline: end that line first */
		line[n++] = '\n';
		at_line_start = true;
	}
	last_level = level;
	if (at_line_start)
		n += print_time(line + n, sizeof(line) - n);
	len = vsnprintf(line + n, sizeof(line) - n, fmt, ap);
	n += len;
	if (n > (int)sizeof(line) - 1)
		n = sizeof(line) - 1;
	if (n > 0)
		at_line_start = line[n - 1] == '\n';
	if (level < console_loglevel)
		console_write(line, n);
	return len;
}

int printk(const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vprintk(fmt, ap);
	va_end(ap);
	return n;
}

/* loglevel=N: console messages of level < N are shown (0..8), as in Linux. */
static int parse_loglevel(const char *val)
{
	unsigned long n;

	if (parse_ulong(val, &n) || n > 8)
		return -1;
	console_loglevel = (int)n;
	return 0;
}
__setup("loglevel", parse_loglevel, "a number 0..8");
