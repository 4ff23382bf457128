/*
 * Kernel time: the jiffies counter and what each tick does. The clock device is the PIT
 * (drivers/pit.c); it reports ticks here, so no other code depends on which device it is.
 */
#include <kernel/time.h>
#include <kernel/vdso.h>
#include <kernel/sched.h>
#include <asm/x86.h>

volatile u32 jiffies;
volatile u64 jiffies_64;
u32 boot_epoch;

u64 get_jiffies_64(void)
{
	u32 flags = local_irq_save();
	u64 j = jiffies_64;

	local_irq_restore(flags);
	return j;
}

void do_timer(bool user_mode)
{
	jiffies++;
	jiffies_64++;
	if (vdso_data)
		vdso_data->jiffies = jiffies;        /* what the vDSO's clocks read in user mode */
	if (current)
		scheduler_tick(user_mode);
}
