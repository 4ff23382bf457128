/* The 8253/8254 programmable interval timer: the tick that drives jiffies (kernel/time.c). */
#pragma once
#include <types.h>
#include <kernel/time.h>

#define PIT_HZ 1193182              /* the PIT's input clock */

void pit_init(void);                /* program channel 0 for HZ and unmask IRQ 0 */
u32 tsc_calibrate(void);            /* TSC frequency in kHz, measured against PIT channel 2 */
