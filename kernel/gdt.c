/*
 * The GDT and the TSS. Segmentation is flat (base 0, limit 4 GiB) for kernel and user code and
 * data; protection comes from paging. The TSS is used only for esp0/ss0: the kernel stack the
 * CPU switches to when an interrupt arrives in user mode.
 *
 * Segment descriptor (8 bytes):
 *   63      56 55 52 51   48 47     40 39      16 15       0
 *  +----------+-----+-------+---------+----------+----------+
 *  | base31:24| G D | lim19:16| P DPL S type | base23:0 | lim15:0 |
 *  +----------+-----+-------+---------+----------+----------+
 */
#include <asm/segment.h>
#include <asm/x86.h>
#include <kernel/gdt.h>

struct tss tss;
u64 gdt[GDT_ENTRIES] __attribute__((aligned(8)));

/* Build a descriptor from base, limit (in the granularity the flags say) and access bits. */
u64 make_desc(u32 base, u32 limit, u8 access, u8 flags)
{
	u64 d = limit & 0xFFFF;

	d |= (u64)(base & 0xFFFFFF) << 16;
	d |= (u64)access << 40;
	d |= (u64)((limit >> 16) & 0xF) << 48;
	d |= (u64)(flags & 0xF) << 52;
	d |= (u64)(base >> 24) << 56;
	return d;
}

void gdt_init(void)
{
	struct desc_ptr gdtr = { sizeof(gdt) - 1, (u32)(unsigned long)gdt };

	gdt[GDT_ENTRY_KERNEL_CS] = make_desc(0, 0xFFFFF, DESC_CODE | DESC_DPL0, DESC_FLAGS_4K32);
	gdt[GDT_ENTRY_KERNEL_DS] = make_desc(0, 0xFFFFF, DESC_DATA | DESC_DPL0, DESC_FLAGS_4K32);
	gdt[GDT_ENTRY_USER_CS] = make_desc(0, 0xFFFFF, DESC_CODE | DESC_DPL3, DESC_FLAGS_4K32);
	gdt[GDT_ENTRY_USER_DS] = make_desc(0, 0xFFFFF, DESC_DATA | DESC_DPL3, DESC_FLAGS_4K32);

	tss.ss0 = __KERNEL_DS;
	tss.iomap_base = sizeof(tss);   /* no I/O bitmap: user mode gets no port access */
	gdt[GDT_ENTRY_TSS] = make_desc((u32)(unsigned long)&tss, sizeof(tss) - 1, DESC_TSS32, 0);

	lgdt(&gdtr);
	__asm__ volatile("ljmp %0, $1f\n1:\n"
			 "mov %1, %%ds\n mov %1, %%es\n mov %1, %%ss\n"
			 "mov %2, %%fs\n mov %2, %%gs\n"
			 : : "i"(__KERNEL_CS), "r"(__KERNEL_DS), "r"(0) : "memory");
	ltr(GDT_ENTRY_TSS_SEL);
}
