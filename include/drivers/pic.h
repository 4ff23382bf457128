/* The two 8259A interrupt controllers, remapped so IRQ 0..15 arrive as vectors 32..47. */
#pragma once
#include <types.h>

#define IRQ_BASE 32                 /* vector of IRQ 0 */
#define NR_IRQS 16
#define IRQ_TIMER 0
#define IRQ_KEYBOARD 1
#define IRQ_COM1 4

void pic_init(void);
void pic_send_eoi(unsigned irq);
void pic_unmask(unsigned irq);
void pic_mask(unsigned irq);
bool pic_is_spurious(unsigned irq); /* IRQ 7/15 with no bit in the in-service register */
