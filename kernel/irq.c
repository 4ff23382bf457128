/*
 * Hardware interrupts (IRQ 0..15 from the PIC, vectors 32..47): count them, call the driver's
 * handler, acknowledge the PIC.
 */
#include <kernel/irq.h>
#include <kernel/printk.h>
#include <drivers/pic.h>
#include <kernel/sched.h>

struct irq_action {
	irq_handler_t handler;
	const char *name;
};

static struct irq_action irq_actions[NR_IRQS];
unsigned long irq_count[NR_IRQS];
unsigned irq_nesting;

/* Install the handler for one IRQ line and unmask it. Called with the line masked. */
void request_irq(unsigned irq, irq_handler_t handler, const char *name)
{
	irq_actions[irq].handler = handler;
	irq_actions[irq].name = name;
	pic_unmask(irq);
}

/* Called from do_trap with interrupts off. */
void do_irq(struct pt_regs *regs)
{
	unsigned irq = regs->trapno - IRQ_BASE;

	if (pic_is_spurious(irq))
		return;
	irq_count[irq]++;
	idle_interrupted();
	/* EOI first: a handler that switches tasks must not leave the PIC waiting. */
	pic_send_eoi(irq);
	irq_nesting++;
	if (irq_actions[irq].handler)
		irq_actions[irq].handler(regs);
	irq_nesting--;
	if (!irq_actions[irq].handler)
		pr_warn("irq %u: no handler, ignored\n", irq);
}
