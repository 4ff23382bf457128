/*
 * The PS/2 keyboard: IRQ 1, scancode set 1, a US layout with Shift and Ctrl. Each key press
 * becomes a character for the terminal (drivers/tty.c).
 */
#include <drivers/tty.h>
#include <drivers/pic.h>
#include <kernel/irq.h>
#include <asm/x86.h>

#define KBD_DATA 0x60
#define KEY_RELEASE 0x80
#define SC_LSHIFT 0x2A
#define SC_RSHIFT 0x36
#define SC_CTRL 0x1D

static const char normal[128] = {
	0, 27, '1', '2', '3', '4', '5', '6', '7', '8', '9', '0', '-', '=', '\b', '\t',
	'q', 'w', 'e', 'r', 't', 'y', 'u', 'i', 'o', 'p', '[', ']', '\n', 0, 'a', 's',
	'd', 'f', 'g', 'h', 'j', 'k', 'l', ';', '\'', '`', 0, '\\', 'z', 'x', 'c', 'v',
	'b', 'n', 'm', ',', '.', '/', 0, '*', 0, ' ',
};
static const char shifted[128] = {
	0, 27, '!', '@', '#', '$', '%', '^', '&', '*', '(', ')', '_', '+', '\b', '\t',
	'Q', 'W', 'E', 'R', 'T', 'Y', 'U', 'I', 'O', 'P', '{', '}', '\n', 0, 'A', 'S',
	'D', 'F', 'G', 'H', 'J', 'K', 'L', ':', '"', '~', 0, '|', 'Z', 'X', 'C', 'V',
	'B', 'N', 'M', '<', '>', '?', 0, '*', 0, ' ',
};

static bool shift, ctrl;

static void keyboard_interrupt(struct pt_regs *regs)
{
	u8 sc = inb(KBD_DATA);
	bool release = sc & KEY_RELEASE;
	char c;

	(void)regs;
	sc &= ~KEY_RELEASE;
	if (sc == SC_LSHIFT || sc == SC_RSHIFT) {
		shift = !release;
		return;
	}
	if (sc == SC_CTRL) {
		ctrl = !release;
		return;
	}
	if (release)
		return;
	c = shift ? shifted[sc] : normal[sc];
	if (ctrl && c >= 'a' && c <= 'z')
		c = (char)(c - 'a' + 1);         /* Ctrl-D is 4 */
	if (c)
		tty_receive(c);
}

void keyboard_init(void)
{
	while (inb(0x64) & 1)                    /* drain what the BIOS left */
		inb(KBD_DATA);
	request_irq(IRQ_KEYBOARD, keyboard_interrupt, "keyboard");
}
