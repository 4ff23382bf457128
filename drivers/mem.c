/*
 * The memory devices, Linux's major 1: /dev/null (reads end at once, writes vanish), /dev/zero
 * (reads zeros; a shared mapping of it is shared anonymous memory, a private one plain
 * anonymous memory), /dev/full (writes fail with ENOSPC), /dev/random and /dev/urandom (the
 * same generator as getrandom).
 */
#include <fs/fs.h>
#include <drivers/mem.h>
#include <mm/shmem.h>
#include <mm/mm_types.h>
#include <kernel/syscall.h>
#include <kernel/uaccess.h>
#include <kernel/printk.h>
#include <linux/errno.h>

static ssize_t null_read(struct file *f, char *ubuf, size_t n, u64 *pos)
{
	return 0;
}

static ssize_t null_write(struct file *f, const char *ubuf, size_t n, u64 *pos)
{
	return (ssize_t)n;
}

static ssize_t zero_read(struct file *f, char *ubuf, size_t n, u64 *pos)
{
	static const char zeros[512];
	size_t done = 0;

	while (done < n) {
		size_t chunk = min(n - done, sizeof(zeros));
		if (copy_to_user(ubuf + done, zeros, chunk))
			return done ? (ssize_t)done : -EFAULT;
		done += chunk;
	}
	return (ssize_t)done;
}

static int zero_mmap(struct file *f, struct vm_area_struct *vma)
{
	if (vma->vm_flags & VM_SHARED)
		return shmem_zero_setup(vma);
	vma->vm_ops = NULL;                             /* private: anonymous memory */
	return 0;
}

static ssize_t full_write(struct file *f, const char *ubuf, size_t n, u64 *pos)
{
	return -ENOSPC;
}

static ssize_t random_read(struct file *f, char *ubuf, size_t n, u64 *pos)
{
	return sys_getrandom(ubuf, (long)n, 0);
}

static const struct file_operations null_fops = { .read = null_read, .write = null_write };
static const struct file_operations zero_fops = { .read = zero_read, .write = null_write, .mmap = zero_mmap };
static const struct file_operations full_fops = { .read = zero_read, .write = full_write };
static const struct file_operations random_fops = { .read = random_read, .write = null_write };

void mem_devices_init(void)
{
	register_chrdev(MKDEV(1, 3), "null", &null_fops);
	register_chrdev(MKDEV(1, 5), "zero", &zero_fops);
	register_chrdev(MKDEV(1, 7), "full", &full_fops);
	register_chrdev(MKDEV(1, 8), "random", &random_fops);
	register_chrdev(MKDEV(1, 9), "urandom", &random_fops);
}
