/* The console devices: COM1 serial and the VGA text screen. */
#pragma once
#include <types.h>

void serial_init(void);             /* COM1 at 115200 8N1, registered as a console */
void serial_putc(char c);
int serial_getc(void);              /* next received byte, or -1 if none is waiting */
void serial_enable_rx_interrupt(void);
void vga_init(void);                /* clear the text screen and register it as a console */
