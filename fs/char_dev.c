/*
 * Character devices: an S_IFCHR inode carries a device number (major:minor); opening it finds
 * the driver registered for that number, whose file operations the open file then uses. So
 * /dev/null is an ordinary name in a tmpfs, and the driver behind it is found only at open,
 * as on Linux.
 */
#include <fs/fs.h>
#include <kernel/string.h>
#include <linux/errno.h>

#define MAX_CHRDEVS 32

static struct {
	u32 dev;
	const char *name;
	const struct file_operations *fops;
} chrdevs[MAX_CHRDEVS];
static unsigned nr_chrdevs;

int register_chrdev(u32 dev, const char *name, const struct file_operations *fops)
{
	if (nr_chrdevs == MAX_CHRDEVS)
		return -EBUSY;
	chrdevs[nr_chrdevs].dev = dev;
	chrdevs[nr_chrdevs].name = name;
	chrdevs[nr_chrdevs].fops = fops;
	nr_chrdevs++;
	return 0;
}

static int chrdev_open(struct inode *inode, struct file *f)
{
	if (S_ISBLK(inode->i_mode))
		return blkdev_open(inode, f);             /* a disk: fs/buffer.c */
	for (unsigned i = 0; i < nr_chrdevs; i++)
		if (chrdevs[i].dev == inode->i_rdev) {
			f->f_op = chrdevs[i].fops;
			return f->f_op->open ? f->f_op->open(inode, f) : 0;
		}
	return -ENXIO;                                  /* no driver for this number */
}

const struct file_operations def_chr_fops = {
	.open = chrdev_open,
};
