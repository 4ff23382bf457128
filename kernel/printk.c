/*
 * printk: format a message, prefix it with a timestamp like Linux's "[    0.123456] ", and hand
 * it to every registered console if its level passes console_loglevel (loglevel=). Every line,
 * shown or not, also goes into the kernel's log buffer, a 64 KiB ring that syslog(2) reads
 * (what dmesg prints), each line after its level as "<6>", as on Linux.
 */
#include <kernel/printk.h>
#include <kernel/vsprintf.h>
#include <kernel/string.h>
#include <kernel/cmdline.h>
#include <asm/x86.h>
#include <kernel/sched.h>
#include <kernel/signal.h>
#include <kernel/syscall.h>
#include <kernel/uaccess.h>
#include <linux/errno.h>

int console_loglevel = CONSOLE_LOGLEVEL_DEFAULT;

static struct console *consoles;
static u32 tsc_khz;           /* 0 until calibrated: timestamps read 0.000000 */
static bool at_line_start = true;

#define LOG_BUF_LEN (64 * 1024)
static char log_buf[LOG_BUF_LEN];
static u32 log_head;          /* bytes ever written; the ring holds the last LOG_BUF_LEN */
static u32 log_clear;         /* where SYSLOG_ACTION_CLEAR left the start */
static u32 log_read;          /* where SYSLOG_ACTION_READ has consumed up to */
static char log_wait;

static void log_store(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		log_buf[log_head++ % LOG_BUF_LEN] = s[i];
}

/* The oldest byte still in the ring at or after from. */
static u32 log_start(u32 from)
{
	return log_head - from > LOG_BUF_LEN ? log_head - LOG_BUF_LEN : from;
}

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
u32 cpu_khz(void)
{
	return tsc_khz;
}

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
	if (n > 0) {
		char prefix[4] = { '<', (char)('0' + (level & 7)), '>', 0 };
		if (at_line_start)
			log_store(prefix, 3);
		log_store(line + (line[0] == '\n'), (size_t)n - (line[0] == '\n'));
		at_line_start = line[n - 1] == '\n';
		wake_up(&log_wait);
	}
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

/* ---------------------------------------------------------------- syslog(2) */

#define SYSLOG_ACTION_CLOSE 0
#define SYSLOG_ACTION_OPEN 1
#define SYSLOG_ACTION_READ 2
#define SYSLOG_ACTION_READ_ALL 3
#define SYSLOG_ACTION_READ_CLEAR 4
#define SYSLOG_ACTION_CLEAR 5
#define SYSLOG_ACTION_CONSOLE_OFF 6
#define SYSLOG_ACTION_CONSOLE_ON 7
#define SYSLOG_ACTION_CONSOLE_LEVEL 8
#define SYSLOG_ACTION_SIZE_UNREAD 9
#define SYSLOG_ACTION_SIZE_BUFFER 10

/* Copy n bytes of the ring from byte start on to ubuf: at most two pieces, where it wraps. */
static int log_to_user(char *ubuf, u32 start, u32 n)
{
	u32 off = start % LOG_BUF_LEN, first = min(n, (u32)LOG_BUF_LEN - off);

	if (copy_to_user(ubuf, &log_buf[off], first))
		return -EFAULT;
	return copy_to_user(ubuf + first, log_buf, n - first) ? -EFAULT : 0;
}

/* Copy the ring's bytes [from, log_head), at most len of the newest, to ubuf. */
static long log_copy(char *ubuf, long len, u32 from)
{
	u32 start = log_start(from);
	u32 n = log_head - start;

	if (n > (u32)len)
		start = log_head - (u32)len, n = (u32)len;
	return log_to_user(ubuf, start, n) ? -EFAULT : (long)n;
}

static int saved_console_loglevel = -1;

long sys_syslog(long type, char *ubuf, long len)
{
	long n;

	switch (type) {
	case SYSLOG_ACTION_CLOSE:
	case SYSLOG_ACTION_OPEN:
		return 0;
	case SYSLOG_ACTION_READ:
		if (!ubuf || len < 0)
			return -EINVAL;
		if (!len)
			return 0;
		while (log_start(log_read) == log_head) {
			if (signal_pending(current))
				return -EINTR;
			sleep_on(&log_wait);
		}
		log_read = log_start(log_read);
		n = min((long)(log_head - log_read), len);
		if (log_to_user(ubuf, log_read, (u32)n))
			return -EFAULT;
		log_read += (u32)n;
		return n;
	case SYSLOG_ACTION_READ_ALL:
	case SYSLOG_ACTION_READ_CLEAR:
		if (!ubuf || len < 0)
			return -EINVAL;
		n = log_copy(ubuf, len, log_clear);
		if (n >= 0 && type == SYSLOG_ACTION_READ_CLEAR)
			log_clear = log_head;
		return n;
	case SYSLOG_ACTION_CLEAR:
		log_clear = log_head;
		return 0;
	case SYSLOG_ACTION_CONSOLE_OFF:
		if (saved_console_loglevel < 0)
			saved_console_loglevel = console_loglevel;
		console_loglevel = 1;                    /* emergencies only */
		return 0;
	case SYSLOG_ACTION_CONSOLE_ON:
		if (saved_console_loglevel >= 0)
			console_loglevel = saved_console_loglevel;
		saved_console_loglevel = -1;
		return 0;
	case SYSLOG_ACTION_CONSOLE_LEVEL:
		if (len < 1 || len > 8)
			return -EINVAL;
		console_loglevel = len < 1 ? 1 : (int)len;
		saved_console_loglevel = -1;
		return 0;
	case SYSLOG_ACTION_SIZE_UNREAD:
		return (long)(log_head - log_start(log_read));
	case SYSLOG_ACTION_SIZE_BUFFER:
		return LOG_BUF_LEN;
	default:
		return -EINVAL;
	}
}
