/* The console terminal (drivers/tty.c) and the PS/2 keyboard (drivers/keyboard.c). */
#pragma once

void tty_init(void);               /* serial and keyboard input on */
void tty_receive(char c);          /* one character of input, from an interrupt handler */
void keyboard_init(void);
