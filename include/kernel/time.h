/*
 * Kernel time: jiffies, the tick count since the timer started, HZ ticks a second. The timer
 * driver (drivers/pit.c) calls do_timer from its interrupt; everything else only reads jiffies.
 */
#pragma once
#include <types.h>

#define HZ 100                      /* timer ticks per second */

extern volatile u32 jiffies;        /* ticks since the timer was started */

/* One timer tick, from the timer interrupt: count it, and charge it to the current task. */
void do_timer(bool user_mode);
