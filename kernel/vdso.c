/*
 * The vDSO (virtual dynamic shared object): kernel code that runs in user mode.
 *
 * At boot the image (vdso/, embedded by kernel/vdso_image.asm) is copied into pages of its own,
 * and a data page is made that the timer keeps current. Every execve maps both below the mmap
 * area, as Linux i386 does:
 *
 *   [vvar]  one page, read-only: struct vdso_data (jiffies and the wall clock at boot)
 *   [vdso]  the image, r-x: __kernel_vsyscall, __vdso_clock_gettime, ...
 *
 * and puts AT_SYSINFO_EHDR (the image's address) and AT_SYSINFO (__kernel_vsyscall) in the
 * auxiliary vector. musl and glibc then make every system call through __kernel_vsyscall, which
 * enters with sysenter (kernel/entry.asm: sysenter_entry), and read the clocks without a
 * system call at all. Both areas are ordinary areas with a fault handler that hands out the
 * shared pages: fork copies them, munmap removes them, a write to [vdso] (after mprotect, as a
 * debugger does) copies the page first.
 */
#include <kernel/vdso.h>
#include <kernel/sched.h>
#include <kernel/printk.h>
#include <kernel/string.h>
#include <kernel/time.h>
#include <kernel/uaccess.h>
#include <kernel/elf.h>
#include <kernel/gdt.h>
#include <mm/memory.h>
#include <mm/vma.h>
#include <mm/pagemap.h>
#include <mm/page.h>
#include <mm/highmem.h>
#include <asm/ptrace.h>
#include <asm/segment.h>
#include <asm/x86.h>
#include <linux/errno.h>

extern const u8 vdso_image_start[], vdso_image_end[];
void sysenter_entry(void);

#define VDSO_MAX_PAGES 4
static struct page *vdso_pages[VDSO_MAX_PAGES];
static unsigned vdso_npages;
static struct page *vvar_page;
static unsigned long vsyscall_offset;        /* __kernel_vsyscall: the image's entry point */
unsigned long vdso_landing_offset;           /* its landing pad, from the start of [vdso] */
static bool have_sysenter;
static u32 sysenter_stack[256] __attribute__((aligned(16)));   /* 1 KiB: see sysenter_entry */
struct vdso_data *vdso_data;

/*
 * The pages' owners, so that a process's RSS counts them as Linux does: the image as a file's
 * pages (RssFile); the data page nowhere (Linux maps it as raw page frames).
 */
static struct address_space vdso_mapping;
struct address_space vvar_mapping = { .unaccounted = true };

void vdso_time_changed(void)
{
	static const bool wall[VDSO_CLOCKS] = { [CLOCK_REALTIME] = true, [CLOCK_REALTIME_COARSE] = true };
	static const bool kernel_only[VDSO_CLOCKS] = {
		[CLOCK_PROCESS_CPUTIME_ID] = true, [CLOCK_THREAD_CPUTIME_ID] = true };

	if (!vdso_data)
		return;
	for (unsigned id = 0; id < VDSO_CLOCKS; id++)
		vdso_data->clock_base[id] = kernel_only[id] ? VDSO_CLOCK_KERNEL : wall[id] ? boot_epoch : 0;
}

bool is_vdso_mapping(const struct address_space *m)
{
	return m == &vdso_mapping || m == &vvar_mapping;
}

#define MSR_IA32_SYSENTER_CS 0x174
#define MSR_IA32_SYSENTER_ESP 0x175
#define MSR_IA32_SYSENTER_EIP 0x176
#define X86_FEATURE_SEP (1u << 11)            /* CPUID.1:EDX: sysenter and sysexit */

static inline void wrmsr(u32 msr, u32 lo, u32 hi)
{
	__asm__ volatile("wrmsr" : : "c"(msr), "a"(lo), "d"(hi));
}

void vdso_init(void)
{
	size_t size = (size_t)(vdso_image_end - vdso_image_start);
	const struct elf32_ehdr *eh = (const void *)vdso_image_start;
	u32 a, b, c, d;

	vdso_npages = (unsigned)((size + PAGE_SIZE - 1) / PAGE_SIZE);
	if (vdso_npages > VDSO_MAX_PAGES || memcmp(eh->e_ident, "\177ELF", 4))
		panic("vdso: the embedded image is not a small ELF file");
	vsyscall_offset = eh->e_entry;
	vdso_landing_offset = vsyscall_offset + VSYSCALL_LANDING_OFFSET;
	/* the landing pad is after sysenter (0f 34) and int $0x80 (cd 80), as vsyscall.asm says */
	if (memcmp(vdso_image_start + vdso_landing_offset - 4, "\x0f\x34\xcd\x80", 4))
		panic("vdso: __kernel_vsyscall does not end its sysenter where the kernel expects");
	vvar_page = alloc_page(GFP_KERNEL | __GFP_ZERO);
	if (!vvar_page)
		panic("vdso: no memory for its data page");
	for (unsigned i = 0; i < vdso_npages; i++) {
		size_t n = min(size - i * PAGE_SIZE, (size_t)PAGE_SIZE);
		vdso_pages[i] = alloc_page(GFP_KERNEL | __GFP_ZERO);
		if (!vdso_pages[i])
			panic("vdso: no memory for its pages");
		memcpy(page_address(vdso_pages[i]), vdso_image_start + i * PAGE_SIZE, n);
		vdso_pages[i]->mapping = &vdso_mapping;
		vdso_pages[i]->index = i;
	}
	vvar_page->mapping = &vvar_mapping;
	vdso_data = page_address(vvar_page);
	vdso_data->jiffies = jiffies;
	vdso_time_changed();
	cpuid(1, &a, &b, &c, &d);
	have_sysenter = d & X86_FEATURE_SEP;
	if (have_sysenter) {
		/* sysenter_entry loads the task's stack itself; this one takes a debug exception
		 * raised before it does (a user program calling with TF set: kernel/entry.asm) */
		wrmsr(MSR_IA32_SYSENTER_CS, __KERNEL_CS, 0);
		wrmsr(MSR_IA32_SYSENTER_ESP, (u32)(unsigned long)(sysenter_stack + ARRAY_SIZE(sysenter_stack)), 0);
		wrmsr(MSR_IA32_SYSENTER_EIP, (u32)(unsigned long)sysenter_entry, 0);
	}
	pr_info("vdso: %zu bytes in %u page(s), __kernel_vsyscall at +%#lx, %s\n", size, vdso_npages,
		vsyscall_offset, have_sysenter ? "system calls by sysenter" : "no sysenter: system calls by int 0x80");
}

static int special_fault(struct vm_area_struct *vma, struct vm_fault *vmf, struct page *const *pages,
			 unsigned n)
{
	unsigned long i = (vmf->address - vma->vm_start) >> PAGE_SHIFT;   /* not vm_pgoff: no file */

	if (i >= n)
		return VM_FAULT_SIGBUS;
	vmf->page = pages[i];
	get_page(vmf->page);                     /* the mapping's reference */
	return 0;
}

static int vdso_fault(struct vm_area_struct *vma, struct vm_fault *vmf)
{
	return special_fault(vma, vmf, vdso_pages, vdso_npages);
}

static int vvar_fault(struct vm_area_struct *vma, struct vm_fault *vmf)
{
	return special_fault(vma, vmf, &vvar_page, 1);
}

static const struct vm_operations_struct vdso_vm_ops = { .fault = vdso_fault };
static const struct vm_operations_struct vvar_vm_ops = { .fault = vvar_fault };

int vdso_map(struct mm_struct *mm)
{
	unsigned long len = (1 + vdso_npages) * PAGE_SIZE;
	unsigned long addr = get_unmapped_area(mm, 0, len);
	struct vm_area_struct vvar = {
		.vm_start = addr, .vm_end = addr + PAGE_SIZE, .vm_flags = VM_READ | VM_MAYREAD,
		.vm_name = "[vvar]", .vm_ops = &vvar_vm_ops,
	};
	struct vm_area_struct vdso = {
		.vm_start = addr + PAGE_SIZE, .vm_end = addr + len,
		.vm_flags = VM_READ | VM_EXEC | VM_MAY_ALL, .vm_name = "[vdso]", .vm_ops = &vdso_vm_ops,
	};
	int err;

	if (!addr)
		return -ENOMEM;
	if ((err = vma_insert(mm, &vvar)) != 0 || (err = vma_insert(mm, &vdso)) != 0)
		return err;
	mm->vdso_base = addr + PAGE_SIZE;
	return 0;
}

unsigned long vdso_ehdr(const struct mm_struct *mm)
{
	return mm->vdso_base;
}

unsigned long vdso_entry(const struct mm_struct *mm)
{
	return mm->vdso_base && have_sysenter ? mm->vdso_base + vsyscall_offset : 0;
}

/*
 * Where a system call by sysenter returns to: the running process's landing pad in its vDSO
 * (after __kernel_vsyscall's int 0x80). Set at every task switch and execve, read by
 * sysenter_entry (kernel/entry.asm).
 */
u32 sysenter_return;

