/*
 * The kernel command line: words like "mem=64M loglevel=7 selftest", as Linux spells them.
 *
 * A subsystem claims a word with __setup("name", handler, "what the value must be"); the
 * handler gets the text after '=' (or NULL when there is none) and returns 0, or -1 when the
 * value is malformed. A malformed or unknown word is reported and ignored; boot goes on.
 */
#pragma once
#include <types.h>

struct kernel_param {
	const char *name;               /* the word before '=' */
	int (*setup)(const char *val);  /* val: text after '=', or NULL for a bare word */
	const char *expects;            /* for the error message: "a size such as 64M" */
};

/* Entries live in the "setup_params" section; the linker gives its bounds. */
#define __setup(str, fn, what)                                                         \
	static const struct kernel_param __setup_##fn __used __section("setup_params")     \
		__attribute__((aligned(4))) = { str, fn, what }

extern const struct kernel_param __start_setup_params[], __stop_setup_params[];

#define COMMAND_LINE_SIZE 256

/* The command line as the boot loader gave it (after the image name, if any). */
extern char boot_command_line[COMMAND_LINE_SIZE];

/*
 * Run every word of cmdline through the table [start, end). report() is called with a
 * complete sentence for each unknown or malformed word. Returns the number of bad words.
 * cmdline is modified (split in place).
 */
int parse_args(char *cmdline, const struct kernel_param *start, const struct kernel_param *end,
	       void (*report)(const char *msg));

/* Strip the image name QEMU puts in front of the words, if present; returns the rest. */
const char *skip_image_name(const char *cmdline);

/* Numbers: return 0 and set *out, or -1 if the text is not entirely a number in range. */
int parse_ulong(const char *s, unsigned long *out);

/* Sizes with Linux's K/M/G suffixes ("64M", "0x1000", "2G"): 0 on success, -1 if malformed. */
int parse_size(const char *s, u64 *out);
