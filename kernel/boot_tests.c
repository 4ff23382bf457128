/*
 * Self-tests of the boot path: the layout arithmetic, the traps and timer, the symbol table,
 * and two tests that exist to prove the harness notices failure (run only when named).
 */
#include <kernel/selftest.h>
#include <kernel/ksyms.h>
#include <kernel/string.h>
#include <kernel/printk.h>
#include <kernel/time.h>
#include <mm/layout.h>
#include <mm/pgtable.h>
#include <mm/fixmap.h>
#include <mm/init.h>
#include <asm/x86.h>

asmlinkage void start_kernel(u32 magic, u32 mbi_pa);

/* Every region lies above its neighbour, with the alignment and gaps layout.h promises. */
static int test_layout(void)
{
	ST_ASSERT(PAGE_OFFSET < (unsigned long)high_memory);
	ST_ASSERT_EQ(VMALLOC_START, (unsigned long)high_memory + VMALLOC_OFFSET);
	ST_ASSERT(VMALLOC_START < VMALLOC_END);
	ST_ASSERT_EQ(VMALLOC_END + 2 * PAGE_SIZE, PKMAP_BASE);
	ST_ASSERT(IS_ALIGNED(PKMAP_BASE, PGDIR_SIZE));
	ST_ASSERT(PKMAP_END <= FIXADDR_START);
	ST_ASSERT_EQ(FIXADDR_TOP, 0xFFFFF000);
	ST_ASSERT_EQ(fix_to_virt(FIX_HOLE), FIXADDR_TOP);
	ST_ASSERT_EQ(fix_to_virt(__end_of_fixed_addresses - 1), FIXADDR_START + PAGE_SIZE);
	ST_ASSERT((unsigned long)high_memory - PAGE_OFFSET <= MAXMEM(vmalloc_reserve));
	ST_ASSERT_EQ((unsigned long)high_memory, PAGE_OFFSET + (max_low_pfn << PAGE_SHIFT));
	return 0;
}
SELFTEST("boot.layout", test_layout, 0);

/* After zap_low_mappings nothing below TASK_SIZE is mapped. */
static int test_user_space_empty(void)
{
	for (unsigned i = 0; i < KERNEL_PGD_INDEX; i++)
		ST_ASSERT_EQ(swapper_pg_dir[i], 0);
	ST_ASSERT(swapper_pg_dir[KERNEL_PGD_INDEX] & _PAGE_PRESENT);
	return 0;
}
SELFTEST("boot.user_space_empty", test_user_space_empty, 0);

/* A fixmap slot really maps the physical page asked for: read page 0xB8 (VGA) both ways. */
static int test_fixmap(void)
{
	volatile u16 *direct = __va(0xB8000);
	volatile u16 *fixed;
	u16 old = direct[0];

	set_fixmap(FIX_BOOT_INFO, 0xB8000);
	fixed = (volatile u16 *)fix_to_virt(FIX_BOOT_INFO);
	direct[0] = 0x1F41;
	ST_ASSERT_EQ(fixed[0], 0x1F41);
	fixed[0] = old;
	ST_ASSERT_EQ(direct[0], old);
	clear_fixmap(FIX_BOOT_INFO);
	return 0;
}
SELFTEST("boot.fixmap", test_fixmap, 0);

/* The PIT interrupt arrives through the PIC and IDT: jiffies moves while we wait. */
static int test_timer_ticks(void)
{
	u32 start = jiffies;
	u64 t0 = rdtsc();

	ST_ASSERT(read_eflags() & X86_EFLAGS_IF);
	while (jiffies - start < 3 && rdtsc() - t0 < 10000000000ULL)
		hlt();
	ST_ASSERT(jiffies - start >= 3);
	return 0;
}
SELFTEST("boot.timer", test_timer_ticks, 0);

/* The embedded symbol table names our own functions, with offsets. */
static int test_ksyms(void)
{
	unsigned long off, size;
	const char *name = ksym_lookup((unsigned long)start_kernel + 3, &off, &size);

	ST_ASSERT(name != NULL);
	ST_ASSERT(strcmp(name, "start_kernel") == 0);
	ST_ASSERT_EQ(off, 3);
	ST_ASSERT(size > 3);
	ST_ASSERT(ksym_lookup(0x1000, &off, &size) == NULL);
	return 0;
}
SELFTEST("boot.ksyms", test_ksyms, 0);

/* Fails on purpose: booting with selftest=harness.fail must turn the verdict to failure. */
static int test_harness_fail(void)
{
	ST_ASSERT(1 + 1 == 3);
	return 0;
}
SELFTEST("harness.fail", test_harness_fail, SELFTEST_EXPLICIT);

/* Faults on purpose: selftest=harness.oops must print an oops naming this function. */
static int __attribute__((noinline)) test_harness_oops(void)
{
	unsigned long addr = 0x10;

	__asm__("" : "+r"(addr)); /* hide the constant: the compiler would refuse it */
	volatile u32 *bad = (volatile u32 *)addr;
	printk(KERN_INFO "harness.oops: writing to address 0x10 on purpose\n");
	*bad = 0xdead;
	return 0;
}
SELFTEST("harness.oops", test_harness_oops, SELFTEST_EXPLICIT);
