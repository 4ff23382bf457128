/*
 * Kernel time: the jiffies counter and what each tick does. The clock device is the PIT
 * (drivers/pit.c); it reports ticks here, so no other code depends on which device it is.
 */
#include <kernel/time.h>
#include <kernel/sched.h>

volatile u32 jiffies;
u32 boot_epoch;

void do_timer(bool user_mode)
{
	jiffies++;
	if (current)
		scheduler_tick(user_mode);
}
