/* Stopping the machine (kernel/power.c). */
#pragma once
#include <types.h>

/*
 * Power off, reporting status to the host: through QEMU's isa-debug-exit device at port 0xf4
 * when present (QEMU then exits with status*2+1), else ACPI, else halt forever.
 */
void machine_power_off(int status) __noreturn;
void machine_restart(void) __noreturn;
void machine_halt(void) __noreturn;
