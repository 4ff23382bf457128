/*
 * Kernel time: jiffies, the tick count since the timer started, HZ ticks a second. The timer
 * driver (drivers/pit.c) calls do_timer from its interrupt; everything else only reads jiffies.
 */
#pragma once
#include <types.h>

#define HZ 100                      /* timer ticks per second */
#define NSEC_PER_SEC 1000000000u

/* Clock ids (Linux's): the wall clock, time since boot, CPU time. */
#define CLOCK_REALTIME 0
#define CLOCK_MONOTONIC 1
#define CLOCK_PROCESS_CPUTIME_ID 2
#define CLOCK_THREAD_CPUTIME_ID 3
#define CLOCK_MONOTONIC_RAW 4
#define CLOCK_REALTIME_COARSE 5
#define CLOCK_MONOTONIC_COARSE 6
#define CLOCK_BOOTTIME 7

extern volatile u32 jiffies;        /* ticks since the timer was started */
/* The same count in 64 bits, which never wraps (timers years away: alarm(INT_MAX)). */
extern volatile u64 jiffies_64;
u64 get_jiffies_64(void);           /* read whole, with the timer's interrupt held off */
extern u32 boot_epoch;              /* the wall clock at jiffies 0, in seconds since 1970 (UTC) */

/* The CMOS clock, now, in seconds since 1970 (drivers/rtc.c); 0 if it reads nonsense. */
u32 rtc_read_epoch(void);

/* The wall clock: seconds since 1970, and the nanoseconds within the second. */
static inline void wall_clock(u64 *sec, u32 *nsec)
{
	u32 j = jiffies;

	*sec = (u64)boot_epoch + j / HZ;
	*nsec = (j % HZ) * (1000000000u / HZ);
}

/* One timer tick, from the timer interrupt: count it, and charge it to the current task. */
void do_timer(bool user_mode);
