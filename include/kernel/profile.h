/*
 * The kernel profiler (kernel/profile.c): profile=N samples the kernel's instruction pointer at
 * each timer tick into counters of 2^N bytes of text; /proc/profile has them.
 */
#pragma once
#include <types.h>

struct pt_regs;

void profile_init(void);                      /* after the memory allocators: the counters */
bool profile_enabled(void);
void profile_tick(const struct pt_regs *regs);   /* from the timer interrupt */
ssize_t profile_read(char *ubuf, size_t n, u64 *pos);
void profile_reset(void);
