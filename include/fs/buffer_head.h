/*
 * The buffer cache: a disk's blocks, as file systems read their metadata (superblock, group
 * descriptors, bitmaps, inode tables, directories, indirect blocks). It is the block device's
 * own page cache (fs/buffer.c): a page holds PAGE_SIZE / block size blocks, read from the
 * disk as a whole, kept while memory allows, and written back when dirty, like any file page.
 * A buffer_head is a handle on one block of such a page, holding the page while it is used.
 *
 * File data does not go through here: each file has its own page cache, and moves between it
 * and the disk through the block map of its file system (fs/mpage.c).
 */
#pragma once
#include <types.h>

struct block_device;
struct page;
struct inode;
struct address_space;

struct buffer_head {
	struct block_device *b_bdev;
	u32 b_blocknr;                   /* block number, in units of b_size */
	u32 b_size;
	char *b_data;                    /* the block's bytes (buffer-cache pages are lowmem) */
	struct page *b_page;             /* the page holding them, with a reference */
};

/* Block `block` of bdev, read if it is not cached; NULL on an I/O error or past the end. May sleep. */
struct buffer_head *__bread(struct block_device *bdev, u32 block, u32 size);
void brelse(struct buffer_head *bh);
/* The block was changed: write-back will write it. */
void mark_buffer_dirty(struct buffer_head *bh);
/* Write a device's dirty blocks and wait; 0 or -EIO. */
int sync_blockdev(struct block_device *bdev);
/* The device's buffer-cache inode, made at first use (NULL: no memory). */
struct inode *bdev_inode(struct block_device *bdev);
/* Drop every clean buffer-cache page of bdev (after umount: nothing stale is kept). */
void invalidate_bdev(struct block_device *bdev);
/*
 * File data was written to block (of size bytes) from src: if the buffer cache holds an older
 * copy of that block (it was metadata once), bring it up to date, so that copy, written back
 * later, cannot undo the newer data.
 */
void bdev_update_alias(struct block_device *bdev, u32 block, u32 size, const void *src);

/*
 * Block-mapped file I/O (fs/mpage.c). get_block maps block iblock of the file to a disk
 * block: 0 with *pblock set (0: a hole), or -errno; with create, a hole gets a new block.
 */
typedef int (*get_block_t)(struct inode *inode, u32 iblock, u32 *pblock, bool create);
int mpage_readpage(struct page *page, get_block_t get_block);
void mpage_readahead(struct address_space *m, u32 index, u32 nr, get_block_t get_block);
int mpage_writepage(struct page *page, get_block_t get_block);
