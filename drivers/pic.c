/*
 * The 8259A PIC pair. At reset IRQ 0..7 arrive on vectors 8..15, colliding with CPU
 * exceptions, so pic_init moves them to 32..47. All lines start masked; drivers unmask theirs.
 */
#include <drivers/pic.h>
#include <asm/x86.h>

#define PIC1_CMD 0x20
#define PIC1_DATA 0x21
#define PIC2_CMD 0xA0
#define PIC2_DATA 0xA1
#define PIC_EOI 0x20
#define PIC_READ_ISR 0x0B
#define ICW1_INIT_ICW4 0x11      /* edge triggered, cascade, ICW4 follows */
#define ICW4_8086 0x01
#define PIC_CASCADE_IRQ 2        /* the slave PIC hangs off the master's IRQ 2 */

static u16 irq_mask = 0xFFFF & ~(1u << PIC_CASCADE_IRQ);

static void pic_write_mask(void)
{
	outb(PIC1_DATA, irq_mask & 0xFF);
	outb(PIC2_DATA, irq_mask >> 8);
}

void pic_init(void)
{
	outb(PIC1_CMD, ICW1_INIT_ICW4); io_delay();
	outb(PIC2_CMD, ICW1_INIT_ICW4); io_delay();
	outb(PIC1_DATA, IRQ_BASE); io_delay();          /* ICW2: master vector base */
	outb(PIC2_DATA, IRQ_BASE + 8); io_delay();      /* ICW2: slave vector base */
	outb(PIC1_DATA, 1u << PIC_CASCADE_IRQ); io_delay(); /* ICW3: slave on IRQ 2 */
	outb(PIC2_DATA, PIC_CASCADE_IRQ); io_delay();   /* ICW3: slave's cascade identity */
	outb(PIC1_DATA, ICW4_8086); io_delay();
	outb(PIC2_DATA, ICW4_8086); io_delay();
	pic_write_mask();
}

void pic_send_eoi(unsigned irq)
{
	if (irq >= 8)
		outb(PIC2_CMD, PIC_EOI);
	outb(PIC1_CMD, PIC_EOI);
}

void pic_unmask(unsigned irq)
{
	irq_mask &= ~(1u << irq);
	pic_write_mask();
}

void pic_mask(unsigned irq)
{
	irq_mask |= 1u << irq;
	pic_write_mask();
}

/*
 * A spurious IRQ 7 or 15 is raised when a request vanished before the CPU acknowledged it;
 * the in-service register then has no bit for it and no EOI must be sent for that line.
 */
bool pic_is_spurious(unsigned irq)
{
	u16 port = irq == 7 ? PIC1_CMD : PIC2_CMD;

	if (irq != 7 && irq != 15)
		return false;
	outb(port, PIC_READ_ISR);
	if (inb(port) & 0x80)
		return false;
	if (irq == 15)
		outb(PIC1_CMD, PIC_EOI); /* the master did see the cascade line */
	return true;
}
