/*
 * The PIT: channel 0 interrupts HZ times a second (jiffies); channel 2, whose output can be read
 * on port 0x61, times a known interval once to measure the TSC's frequency.
 */
#include <drivers/pit.h>
#include <drivers/pic.h>
#include <kernel/irq.h>
#include <kernel/profile.h>
#include <asm/x86.h>

#define PIT_CH0 0x40
#define PIT_CH2 0x42
#define PIT_CMD 0x43
#define PIT_CMD_CH0_RATE 0x34     /* channel 0, lobyte/hibyte, mode 2 (rate generator) */
#define PIT_CMD_CH2_ONESHOT 0xB0  /* channel 2, lobyte/hibyte, mode 0 (count down once) */
#define PORT_61 0x61              /* bit 0: channel 2 gate, bit 1: speaker, bit 5: ch2 output */
#define CALIBRATE_MS 10

static void timer_interrupt(struct pt_regs *regs)
{
	profile_tick(regs);                    /* profile=N: where the kernel was */
	do_timer(user_mode(regs));
}

void pit_init(void)
{
	u16 divisor = (PIT_HZ + HZ / 2) / HZ;

	outb(PIT_CMD, PIT_CMD_CH0_RATE);
	outb(PIT_CH0, divisor & 0xFF);
	outb(PIT_CH0, divisor >> 8);
	request_irq(IRQ_TIMER, timer_interrupt, "timer");
}

u32 tsc_calibrate(void)
{
	u16 count = PIT_HZ / (1000 / CALIBRATE_MS);
	u64 t0, t1;

	/* gate on, speaker off, then load channel 2 and wait for its output to rise */
	outb(PORT_61, (inb(PORT_61) & ~0x02) | 0x01);
	outb(PIT_CMD, PIT_CMD_CH2_ONESHOT);
	outb(PIT_CH2, count & 0xFF);
	outb(PIT_CH2, count >> 8);
	t0 = rdtsc();
	while (!(inb(PORT_61) & 0x20))
		cpu_relax();
	t1 = rdtsc();
	t1 -= t0;
	div64_u32_rem(&t1, CALIBRATE_MS);
	return (u32)t1;
}
