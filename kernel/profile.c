/*
 * The kernel profiler, as Linux's profile=N and readprofile: with profile=N on the command line,
 * every timer tick that interrupts the kernel adds one to the counter of the 2^N-byte piece of
 * kernel text its instruction pointer is in. /proc/profile holds the shift and the counters
 * (Linux's format: a u32 shift, then a u32 per piece); writing to it starts them again from
 * zero. /proc/kallsyms names the functions, and readprofile (user/bin/readprofile.c) adds the
 * counters up per function and prints the hottest.
 *
 * A tick is 10 ms of virtual time, so a profile needs seconds of work to say much; under
 * -icount the samples repeat exactly from run to run.
 */
#include <kernel/profile.h>
#include <kernel/cmdline.h>
#include <kernel/printk.h>
#include <kernel/string.h>
#include <kernel/uaccess.h>
#include <mm/slab.h>
#include <mm/vmalloc.h>
#include <linux/errno.h>
#include <asm/ptrace.h>

extern char _text[], _etext[];

static int prof_shift = -1;            /* -1: profiling off */
static u32 *prof_buffer;
static unsigned long prof_len;         /* counters */
unsigned long prof_ticks;              /* samples taken since the last reset */

static int parse_profile(const char *val)
{
	unsigned long n = 0;

	if (!val || !*val)
		return -1;
	for (const char *p = val; *p; p++) {
		if (*p < '0' || *p > '9')
			return -1;
		n = n * 10 + (unsigned long)(*p - '0');
		if (n > 31)
			return -1;
	}
	prof_shift = (int)n;
	return 0;
}
__setup("profile", parse_profile, "a number 0..31: sample the kernel's eip per 2^N bytes of text");

void profile_init(void)
{
	if (prof_shift < 0)
		return;
	prof_len = ((unsigned long)(_etext - _text) >> prof_shift) + 1;
	prof_buffer = vzalloc(prof_len * sizeof(u32));
	if (!prof_buffer) {
		pr_err("profile: no memory for %lu counters; profiling is off\n", prof_len);
		prof_shift = -1;
		return;
	}
	pr_info("profile: kernel profiling enabled (shift: %d): %lu counters of %lu bytes of text, "
		"read /proc/profile (readprofile)\n", prof_shift, prof_len, 1ul << prof_shift);
}

bool profile_enabled(void)
{
	return prof_buffer != NULL;
}

void profile_tick(const struct pt_regs *regs)
{
	unsigned long pc;

	if (!prof_buffer || user_mode(regs))
		return;
	pc = regs->eip - (unsigned long)_text;
	if (pc >= (unsigned long)(_etext - _text))
		pc = (unsigned long)(_etext - _text);           /* outside the text: the last counter */
	prof_buffer[pc >> prof_shift]++;
	prof_ticks++;
}

/* /proc/profile: the shift as one u32, then the counters; read at any offset. */
ssize_t profile_read(char *ubuf, size_t n, u64 *pos)
{
	u64 size = (u64)(prof_len + 1) * sizeof(u32);
	size_t done = 0;

	if (!prof_buffer)
		return -ENOENT;
	while (done < n && *pos < size) {
		u32 word = *pos < 4 ? (u32)prof_shift : prof_buffer[(*pos - 4) / 4];
		unsigned off = (unsigned)(*pos & 3), len = (unsigned)min((size_t)(4 - off), n - done);
		if (copy_to_user(ubuf + done, (char *)&word + off, len))
			return done ? (ssize_t)done : -EFAULT;
		done += len;
		*pos += len;
	}
	return (ssize_t)done;
}

void profile_reset(void)
{
	if (prof_buffer)
		memset(prof_buffer, 0, prof_len * sizeof(u32));
	prof_ticks = 0;
}
