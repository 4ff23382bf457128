/*
 * The buffer cache (include/fs/buffer_head.h): each disk's own page cache, in the page cache
 * of an inode of its own (the "bdev inode", Linux's too). Its pages come from lowmem
 * (GFP_KERNEL, as Linux's buffer cache), so a block's bytes have a kernel address.
 */
#include <fs/fs.h>
#include <fs/buffer_head.h>
#include <block/blkdev.h>
#include <mm/pagemap.h>
#include <mm/page.h>
#include <mm/slab.h>
#include <kernel/string.h>
#include <kernel/uaccess.h>
#include <linux/errno.h>

#define BDEV_MAGIC 0x62646576             /* "bdev", Linux's BDEVFS_MAGIC */

static struct file_system_type bdev_fs_type = { .name = "bdev" };
static struct super_block *bdev_sb;

/* A page of the device: up to PAGE_SIZE / 512 sectors, fewer at its end. */
static u32 bdev_page_sectors(struct block_device *bdev, u32 index, u64 *sector)
{
	*sector = (u64)index << (PAGE_SHIFT - SECTOR_SHIFT);
	if (*sector >= bdev->nr_sectors)
		return 0;
	return (u32)min(bdev->nr_sectors - *sector, (u64)(PAGE_SIZE >> SECTOR_SHIFT));
}

static int blkdev_readpage(struct file *f, struct page *page)
{
	struct block_device *bdev = page->mapping->host->i_private;
	u64 sector;
	u32 n = bdev_page_sectors(bdev, (u32)page->index, &sector);

	return n ? blk_rw_page(bdev, REQ_OP_READ, sector, page, 0, n) : -EIO;
}

static int blkdev_writepage(struct page *page)
{
	struct block_device *bdev = page->mapping->host->i_private;
	u64 sector;
	u32 n = bdev_page_sectors(bdev, (u32)page->index, &sector);

	return n ? blk_rw_page(bdev, REQ_OP_WRITE, sector, page, 0, n) : 0;
}

static const struct address_space_operations def_blk_aops = {
	.readpage = blkdev_readpage,
	.writepage = blkdev_writepage,
};

struct inode *bdev_inode(struct block_device *bdev)
{
	struct inode *inode;

	if (bdev->bd_inode)
		return bdev->bd_inode;
	if (!bdev_sb && !(bdev_sb = sget_nodev(&bdev_fs_type, BDEV_MAGIC)))
		return NULL;
	inode = new_inode(bdev_sb, S_IFBLK | 0600);
	if (!inode)
		return NULL;
	inode->i_rdev = bdev->dev;
	inode->i_size = bdev->nr_sectors << SECTOR_SHIFT;
	inode->i_private = bdev;
	inode->i_data.a_ops = &def_blk_aops;
	inode->i_data.gfp_mask = GFP_KERNEL;         /* lowmem: metadata is read through the direct map */
	bdev->bd_inode = inode;
	return inode;
}

struct buffer_head *__bread(struct block_device *bdev, u32 block, u32 size)
{
	u64 pos = (u64)block * size;
	struct inode *inode = bdev_inode(bdev);
	struct buffer_head *bh;
	struct page *page;

	if (!inode || pos + size > bdev->nr_sectors << SECTOR_SHIFT)
		return NULL;
	bh = kmalloc(sizeof(*bh), GFP_KERNEL);
	if (!bh)
		return NULL;
	page = read_mapping_page(inode->i_mapping, (u32)(pos >> PAGE_SHIFT), NULL);
	if (IS_ERR(page)) {
		kfree(bh);
		return NULL;
	}
	lru_mark_accessed(page);
	bh->b_bdev = bdev;
	bh->b_blocknr = block;
	bh->b_size = size;
	bh->b_page = page;
	bh->b_data = (char *)page_address(page) + (pos & (PAGE_SIZE - 1));
	return bh;
}

void brelse(struct buffer_head *bh)
{
	if (!bh)
		return;
	put_page(bh->b_page);
	kfree(bh);
}

void mark_buffer_dirty(struct buffer_head *bh)
{
	set_page_dirty(bh->b_page);
}

int sync_blockdev(struct block_device *bdev)
{
	return bdev->bd_inode ? filemap_write_and_wait(bdev->bd_inode->i_mapping) : 0;
}

void invalidate_bdev(struct block_device *bdev)
{
	if (bdev->bd_inode)
		invalidate_mapping_pages(bdev->bd_inode->i_mapping);
}

void bdev_update_alias(struct block_device *bdev, u32 block, u32 size, const void *src)
{
	u64 pos = (u64)block * size;
	struct page *page;

	if (!bdev->bd_inode)
		return;
	page = radix_tree_lookup(&bdev->bd_inode->i_mapping->i_pages, (u32)(pos >> PAGE_SHIFT));
	if (page && !PageLocked(page))
		memcpy((char *)page_address(page) + (pos & (PAGE_SIZE - 1)), src, size);
}

/* ---------------------------------------------------------------- /dev/hda as a file */

/*
 * A block device node read and written as a file (dd, cmp of the raw disk): the bytes go
 * through the same page cache the file systems' metadata use, so what a mounted file system
 * wrote and has not written back yet is what a reader sees, as on Linux.
 */
static ssize_t blkdev_rw(struct file *f, char *ubuf, size_t n, u64 *pos, bool write)
{
	struct block_device *bdev = f->private_data;
	struct inode *inode = bdev_inode(bdev);
	u64 size = bdev->nr_sectors << SECTOR_SHIFT;
	size_t done = 0;

	if (!inode)
		return -ENOMEM;
	if (write && bdev->read_only)
		return -EPERM;
	if (*pos >= size)
		return write && n ? -ENOSPC : 0;
	n = (size_t)min((u64)n, size - *pos);
	while (done < n) {
		size_t off = *pos & (PAGE_SIZE - 1), chunk = min(n - done, PAGE_SIZE - off);
		struct page *page = read_mapping_page(inode->i_mapping, (u32)(*pos >> PAGE_SHIFT), NULL);
		int fault;

		if (IS_ERR(page))
			return done ? (ssize_t)done : PTR_ERR(page);
		if (write) {
			fault = copy_from_user((char *)page_address(page) + off, ubuf + done, chunk);
			set_page_dirty(page);
		} else {
			fault = copy_to_user(ubuf + done, (char *)page_address(page) + off, chunk);
		}
		put_page(page);
		if (fault)
			return done ? (ssize_t)done : -EFAULT;
		*pos += chunk;
		done += chunk;
	}
	return (ssize_t)done;
}

static ssize_t blkdev_read(struct file *f, char *ubuf, size_t n, u64 *pos)
{
	return blkdev_rw(f, ubuf, n, pos, false);
}

static ssize_t blkdev_write(struct file *f, const char *ubuf, size_t n, u64 *pos)
{
	return blkdev_rw(f, (char *)ubuf, n, pos, true);
}

static int blkdev_fsync(struct file *f)
{
	return sync_blockdev(f->private_data);
}

static const struct file_operations def_blk_fops = {
	.read = blkdev_read,
	.write = blkdev_write,
	.fsync = blkdev_fsync,
};

int blkdev_open(struct inode *inode, struct file *f)
{
	struct block_device *bdev = bdget(inode->i_rdev);

	if (!bdev)
		return -ENXIO;                            /* no such disk */
	f->f_op = &def_blk_fops;
	f->private_data = bdev;
	return 0;
}
