/*
 * COM1, the 16550 UART at port 0x3F8: 115200 baud, 8 data bits, no parity, 1 stop bit.
 * Output polls the transmit-holding-register-empty bit; that is slow but needs no interrupts,
 * so it works from the first line of C to the last line of an oops.
 */
#include <drivers/console.h>
#include <kernel/printk.h>
#include <asm/x86.h>

#define COM1 0x3F8
#define UART_DATA 0       /* receive/transmit; divisor low byte when DLAB=1 */
#define UART_IER 1        /* interrupt enable; divisor high byte when DLAB=1 */
#define UART_FCR 2        /* FIFO control */
#define UART_LCR 3        /* line control: bit 7 DLAB, bits 0-1 word length */
#define UART_MCR 4        /* modem control */
#define UART_LSR 5        /* line status */
#define UART_LSR_DR 0x01  /* a byte was received */
#define UART_LSR_THRE 0x20 /* transmitter can take a byte */

void serial_putc(char c)
{
	while (!(inb(COM1 + UART_LSR) & UART_LSR_THRE))
		cpu_relax();
	outb(COM1 + UART_DATA, (u8)c);
}

int serial_getc(void)
{
	if (!(inb(COM1 + UART_LSR) & UART_LSR_DR))
		return -1;
	return inb(COM1 + UART_DATA);
}

static void serial_write(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (s[i] == '\n')
			serial_putc('\r');
		serial_putc(s[i]);
	}
}

static struct console serial_console = { .name = "ttyS0", .write = serial_write };

void serial_init(void)
{
	outb(COM1 + UART_IER, 0x00);        /* no interrupts yet */
	outb(COM1 + UART_LCR, 0x80);        /* DLAB: set the baud divisor */
	outb(COM1 + UART_DATA, 1);          /* 115200 / 1 */
	outb(COM1 + UART_IER, 0);
	outb(COM1 + UART_LCR, 0x03);        /* 8N1 */
	outb(COM1 + UART_FCR, 0xC7);        /* FIFOs on and cleared, 14-byte threshold */
	outb(COM1 + UART_MCR, 0x0B);        /* DTR, RTS, OUT2 (OUT2 gates the IRQ line) */
	register_console(&serial_console);
}

/* Raise IRQ 4 when a byte arrives (the terminal reads it in the interrupt handler). */
void serial_enable_rx_interrupt(void)
{
	outb(COM1 + UART_IER, 0x01);
}
