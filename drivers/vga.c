/*
 * The VGA text screen: 80x25 cells at physical 0xB8000, each a character and a colour byte,
 * reached through the direct map. Scrolls when full; the hardware cursor follows the text.
 */
#include <drivers/console.h>
#include <kernel/printk.h>
#include <kernel/string.h>
#include <mm/layout.h>
#include <asm/x86.h>

#define VGA_TEXT_PHYS 0xB8000
#define VGA_COLS 80
#define VGA_ROWS 25
#define VGA_ATTR 0x0700     /* light grey on black, in the high byte of each cell */
#define VGA_CRTC_INDEX 0x3D4
#define VGA_CRTC_DATA 0x3D5

static u16 *screen;
static unsigned row, col;

static void vga_move_cursor(void)
{
	unsigned pos = row * VGA_COLS + col;

	outb(VGA_CRTC_INDEX, 14);
	outb(VGA_CRTC_DATA, pos >> 8);
	outb(VGA_CRTC_INDEX, 15);
	outb(VGA_CRTC_DATA, pos & 0xFF);
}

static void vga_scroll(void)
{
	memmove(screen, screen + VGA_COLS, (VGA_ROWS - 1) * VGA_COLS * sizeof(u16));
	for (unsigned i = 0; i < VGA_COLS; i++)
		screen[(VGA_ROWS - 1) * VGA_COLS + i] = VGA_ATTR | ' ';
	row = VGA_ROWS - 1;
}

static void vga_putc(char c)
{
	if (c == '\n') {
		col = 0;
		row++;
	} else if (c == '\r') {
		col = 0;
	} else if (c == '\b') {
		if (col)
			col--;
		screen[row * VGA_COLS + col] = VGA_ATTR | ' ';
	} else if (c == '\t') {
		col = (col + 8) & ~7u;
	} else {
		screen[row * VGA_COLS + col] = VGA_ATTR | (u8)c;
		col++;
	}
	if (col >= VGA_COLS) {
		col = 0;
		row++;
	}
	if (row >= VGA_ROWS)
		vga_scroll();
}

static void vga_write(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		vga_putc(s[i]);
	vga_move_cursor();
}

static struct console vga_console = { .name = "tty0", .write = vga_write };

void vga_init(void)
{
	screen = __va(VGA_TEXT_PHYS);
	for (unsigned i = 0; i < VGA_ROWS * VGA_COLS; i++)
		screen[i] = VGA_ATTR | ' ';
	row = col = 0;
	vga_move_cursor();
	register_console(&vga_console);
}
