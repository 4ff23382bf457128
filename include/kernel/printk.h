/*
 * printk: the kernel's log, with Linux's log levels. A message starts with a level marker
 * (KERN_ERR "..."); messages less important than console_loglevel are kept out of the console.
 */
#pragma once
#include <types.h>

#define KERN_SOH "\001"
#define KERN_EMERG KERN_SOH "0"    /* system is unusable */
#define KERN_ALERT KERN_SOH "1"
#define KERN_CRIT KERN_SOH "2"
#define KERN_ERR KERN_SOH "3"      /* error conditions */
#define KERN_WARNING KERN_SOH "4"
#define KERN_NOTICE KERN_SOH "5"
#define KERN_INFO KERN_SOH "6"     /* the boot log */
#define KERN_DEBUG KERN_SOH "7"    /* shown only with loglevel=8 */
#define KERN_CONT KERN_SOH "c"     /* continues the previous line: no new timestamp */

#define LOGLEVEL_DEFAULT 4         /* level of a message with no marker, as in Linux */
#define CONSOLE_LOGLEVEL_DEFAULT 7 /* show everything but KERN_DEBUG */

extern int console_loglevel;

int printk(const char *fmt, ...) __printf(1, 2);
int vprintk(const char *fmt, va_list ap);

#define pr_emerg(...) printk(KERN_EMERG __VA_ARGS__)
#define pr_err(...) printk(KERN_ERR __VA_ARGS__)
#define pr_warn(...) printk(KERN_WARNING __VA_ARGS__)
#define pr_notice(...) printk(KERN_NOTICE __VA_ARGS__)
#define pr_info(...) printk(KERN_INFO __VA_ARGS__)
#define pr_debug(...) printk(KERN_DEBUG __VA_ARGS__)
#define pr_cont(...) printk(KERN_CONT __VA_ARGS__)

/* A console: somewhere printk's text goes. */
struct console {
	const char *name;
	void (*write)(const char *s, size_t n);
	struct console *next;
};

void register_console(struct console *con);

/* Write text to every console regardless of level (used for user output on fds 1 and 2). */
void console_write(const char *s, size_t n);

/* Stop the machine after printing why. Never returns. */
void panic(const char *fmt, ...) __printf(1, 2) __noreturn;

/* Print the call trace from the caller up (frame pointers), for reports that go on. */
void dump_stack(void);

/* Seconds since reset with microseconds, for timestamps (0 until the TSC is calibrated). */
void printk_set_clock(u32 tsc_khz);
u64 local_clock_ns(void);

/* The processor clock the TSC was calibrated to, in kHz (0 before time_init). */
u32 cpu_khz(void);
