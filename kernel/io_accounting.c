/*
 * Counting the copies of I/O (include/kernel/task_io_accounting.h): who moved each byte, the
 * CPU or a device, and how often a task crossed into the kernel to have it moved.
 */
#include <kernel/task_io_accounting.h>
#include <kernel/irq.h>
#include <kernel/sched.h>

struct task_io_accounting system_ioac;

struct task_io_accounting *current_ioac(void)
{
	if (in_interrupt() || !current || !current->mm)
		return NULL;                 /* a handler, a kernel thread, the boot */
	return &current->ioac;
}

void ioac_add_kernel_copy(size_t n)
{
	struct task_io_accounting *t = current_ioac();

	system_ioac.cpu_kernel_copy_bytes += n;
	if (t)
		t->cpu_kernel_copy_bytes += n;
}

void ioac_add_dma_to(struct task_io_accounting *ioac, size_t n)
{
	system_ioac.dma_bytes += n;
	if (ioac)
		ioac->dma_bytes += n;
}

void ioac_add_dma(size_t n)
{
	ioac_add_dma_to(current_ioac(), n);
}
