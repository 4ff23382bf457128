/*
 * start_kernel: the first C function. boot/entry.asm calls it on the boot stack with paging on,
 * the kernel mapped at PAGE_OFFSET and the first EARLY_MAP_SIZE of memory also mapped at 0.
 * It brings the machine up in the order each step needs the last, printing a boot log that
 * reads like Linux's.
 */
#include <net/netdevice.h>
#include <kernel/printk.h>
#include <kernel/cmdline.h>
#include <kernel/bootinfo.h>
#include <kernel/irq.h>
#include <kernel/power.h>
#include <kernel/selftest.h>
#include <kernel/version.h>
#include <drivers/console.h>
#include <drivers/pit.h>
#include <drivers/tty.h>
#include <drivers/mem.h>
#include <kernel/sched.h>
#include <kernel/futex.h>
#include <kernel/vdso.h>
#include <kernel/profile.h>
#include <block/blkdev.h>
#include <mm/init.h>
#include <mm/fixmap.h>
#include <mm/pgtable.h>
#include <mm/paging.h>
#include <mm/slab.h>
#include <mm/vmalloc.h>
#include <mm/memory.h>
#include <kernel/string.h>
#include <asm/x86.h>
#include <asm/tlbflush.h>

static u64 tsc_at_start;      /* TSC when start_kernel began: boot time since reset */
static char init_path[128];   /* init=: the first program to run */
static char init_args[COMMAND_LINE_SIZE];  /* the words after "--": init's arguments */

/* Reports of bad command-line words, held until the banner is out (see parse_command_line). */
static char bad_param_msgs[16][160];
static unsigned nr_bad_params;

static void report_bad_param(const char *msg)
{
	if (nr_bad_params < ARRAY_SIZE(bad_param_msgs))
		strlcpy(bad_param_msgs[nr_bad_params], msg, sizeof(bad_param_msgs[0]));
	nr_bad_params++;
}

/*
 * The identity mapping of low memory was only needed for the jump to PAGE_OFFSET. Removing it
 * makes user space (everything below TASK_SIZE) empty, as every process will expect.
 */
static void zap_low_mappings(void)
{
	for (unsigned i = 0; i < KERNEL_PGD_INDEX; i++)
		swapper_pg_dir[i] = 0;
	flush_tlb_local();
}

/*
 * Parse the command line before anything is printed, so loglevel= already governs the banner
 * (as Linux's early parameters do); what was wrong with it is printed after the banner.
 */
static void parse_command_line(void)
{
	char buf[COMMAND_LINE_SIZE];

	char *dashes;

	strlcpy(buf, skip_image_name(boot_command_line), sizeof(buf));
	memmove(boot_command_line, buf, sizeof(buf));
	/* as in Linux, everything after "--" is for init, not for the kernel */
	dashes = !strncmp(buf, "-- ", 3) || !strcmp(buf, "--") ? buf : NULL;
	for (char *p = buf; !dashes && (p = strchr(p, ' ')) != NULL; p++)
		if (p[1] == '-' && p[2] == '-' && (p[3] == ' ' || p[3] == '\0'))
			dashes = p + 1;
	if (dashes) {
		strlcpy(init_args, dashes[2] ? dashes + 3 : "", sizeof(init_args));
		*dashes = '\0';
	}
	parse_args(buf, __start_setup_params, __stop_setup_params, report_bad_param);
}

static void print_command_line(void)
{
	pr_info("Command line: %s\n", boot_command_line);
	for (unsigned i = 0; i < min(nr_bad_params, ARRAY_SIZE(bad_param_msgs)); i++)
		pr_warn("%s\n", bad_param_msgs[i]);
	if (nr_bad_params > ARRAY_SIZE(bad_param_msgs))
		pr_warn("... and %u more bad command line words\n",
			nr_bad_params - (unsigned)ARRAY_SIZE(bad_param_msgs));
}

static void time_init(void)
{
	u32 khz = tsc_calibrate();
	u64 us = tsc_at_start * 1000;
	u32 frac;

	printk_set_clock(khz);
	pr_info("tsc: Detected %u.%03u MHz processor\n", khz / 1000, khz % 1000);
	div64_u32_rem(&us, khz);
	frac = div64_u32_rem(&us, 1000000);
	pr_info("boot: C code started %u.%06u s after reset (TSC %llu)\n", (u32)us, frac, tsc_at_start);
	boot_epoch = rtc_read_epoch();
	pit_init();
}

/* init=PATH: the first user program (an absolute path). */
static int parse_init(const char *val)
{
	if (!val || val[0] != '/' || strlcpy(init_path, val, sizeof(init_path)) >= sizeof(init_path))
		return -1;
	return 0;
}
__setup("init", parse_init, "an absolute path such as /bin/sh");

asmlinkage void start_kernel(u32 magic, u32 mbi_pa);
asmlinkage void start_kernel(u32 magic, u32 mbi_pa)
{
	int mb_ok;

	tsc_at_start = rdtsc();
	serial_init();
	vga_init();
	fixmap_init();
	mb_ok = multiboot_parse(magic, mbi_pa);
	parse_command_line();
	pr_notice("%s\n", kernel_banner);
	if (mb_ok)
		panic("start_kernel: no Multiboot information");
	if (boot_info.loader[0])
		pr_info("Booted by %s\n", boot_info.loader);
	print_command_line();
	setup_memory_map();
	zap_low_mappings();
	memblock_setup();
	paging_init();
	zone_sizes_init();
	mem_init();
	kmem_cache_init();
	vmalloc_init(VMALLOC_START, VMALLOC_END);
	print_memory_layout();
	trap_init();
	fpu_init();
	sched_init();
	futex_init();
	time_init();
	vdso_init();
	profile_init();
	fault_trace_init();
	sti();
	kbench_run();                           /* only with kbench on the command line */
	if (selftest_requested())
		selftest_run();
	mem_devices_init();
	tty_init();
	ide_init();
	net_init();
	populate_rootfs();
	run_init_process(init_path[0] ? init_path : NULL, init_args);
}
