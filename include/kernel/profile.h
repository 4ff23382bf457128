/*
 * Measuring the kernel: the profiler (kernel/profile.c: profile=N samples the instruction pointer
 * at each timer tick into counters of 2^N bytes of text, read in /proc/profile) and the
 * micro-benchmarks (kernel/kbench.c: kbench).
 */
#pragma once
#include <types.h>

struct pt_regs;

void profile_init(void);                      /* after the memory allocators: the counters */
bool profile_enabled(void);
void profile_tick(const struct pt_regs *regs);   /* from the timer interrupt */
ssize_t profile_read(char *ubuf, size_t n, u64 *pos);
void profile_reset(void);
void kbench_run(void);                        /* kbench on the command line: measure, power off */
