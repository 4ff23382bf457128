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
