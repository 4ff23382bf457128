/*
 * Power off, restart, halt, and panic().
 */
#include <kernel/power.h>
#include <kernel/printk.h>
#include <kernel/vsprintf.h>
#include <kernel/cmdline.h>
#include <asm/x86.h>

#define ISA_DEBUG_EXIT_PORT 0xf4
#define QEMU_ACPI_PM1A_CNT 0x604  /* PM1a control block of QEMU's PIIX4/ICH9 power management */
#define BOCHS_ACPI_PM1A_CNT 0xB004
#define ACPI_SLP_TYP5_EN 0x2000   /* SLP_EN with sleep type S5 (soft off) as QEMU defines it */
#define KBC_CMD 0x64
#define KBC_PULSE_RESET 0xFE

static long panic_timeout;        /* panic=: 0 halt (default), else restart */

void machine_halt(void)
{
	cli();
	for (;;)
		hlt();
}

void machine_power_off(int status)
{
	cli();
	outb(ISA_DEBUG_EXIT_PORT, (u8)status);
	outw(QEMU_ACPI_PM1A_CNT, ACPI_SLP_TYP5_EN);
	outw(BOCHS_ACPI_PM1A_CNT, ACPI_SLP_TYP5_EN);
	printk(KERN_EMERG "Power off failed: the machine is halted.\n");
	machine_halt();
}

void machine_restart(void)
{
	static const struct desc_ptr no_idt = { 0, 0 };

	cli();
	outb(KBC_CMD, KBC_PULSE_RESET);
	/* no keyboard controller: an exception with an empty IDT triple-faults the CPU */
	lidt(&no_idt);
	__asm__ volatile("int3");
	machine_halt();
}

/*
 * Stop after a fatal error. With panic=N (N != 0) restart, as Linux does; QEMU started with
 * -no-reboot then exits, which is how the tests end a run after an oops. Otherwise halt, so
 * the report stays on screen and a debugger can look.
 */
void panic(const char *fmt, ...)
{
	char msg[256];
	va_list ap;

	cli();
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	printk(KERN_EMERG "Kernel panic - not syncing: %s\n", msg);
	dump_stack();
	if (panic_timeout) {
		printk(KERN_EMERG "Rebooting (panic=%ld).\n", panic_timeout);
		machine_restart();
	}
	printk(KERN_EMERG "---[ end Kernel panic - not syncing: %s ]---\n", msg);
	machine_halt();
}

/* panic=N: what to do after a panic. 0 halts; anything else restarts at once. */
static int parse_panic(const char *val)
{
	unsigned long n;

	if (val && val[0] == '-' && parse_ulong(val + 1, &n) == 0) {
		panic_timeout = -(long)n;
		return 0;
	}
	if (parse_ulong(val, &n))
		return -1;
	panic_timeout = (long)n;
	return 0;
}
__setup("panic", parse_panic, "a number (0 halts; any other value restarts at once)");
