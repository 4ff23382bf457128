/* Interrupt and exception dispatch (kernel/irq.c, kernel/traps.c). */
#pragma once
#include <asm/ptrace.h>

typedef void (*irq_handler_t)(struct pt_regs *regs);

void request_irq(unsigned irq, irq_handler_t handler, const char *name);
void do_irq(struct pt_regs *regs);              /* vectors 32..47 */
void trap_init(void);
void set_idt_gate(unsigned v, unsigned long handler, u8 type);                           /* GDT, TSS, IDT, PIC */
asmlinkage void do_trap(struct pt_regs *regs);             /* every vector enters here from entry.asm */
asmlinkage void exit_to_user_mode(struct pt_regs *regs);   /* signals, rescheduling, the frame check */
void die(const char *what, struct pt_regs *regs) __noreturn; /* oops and panic */
void show_regs(const struct pt_regs *regs);
void show_kernel_fault(struct pt_regs *regs, unsigned long address) __noreturn; /* oops */

extern unsigned long irq_count[];
extern unsigned irq_nesting;                    /* handlers running now (do_irq) */

/* Is the CPU in an interrupt handler (no process asked for what it does)? */
static inline bool in_interrupt(void)
{
	return irq_nesting != 0;
}

/* Run fn on the stack whose top (highest address) is stack_top, then return (kernel/entry.asm). */
asmlinkage void call_on_stack(void *stack_top, void (*fn)(void));               /* interrupts per IRQ line, for observation */
