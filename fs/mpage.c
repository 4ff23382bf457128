/*
 * Moving a file's pages between its page cache and its disk through the file system's block
 * map (get_block): a page of 4 KiB holds 4096 / block size blocks, which may lie anywhere on
 * the disk (or nowhere: a hole reads as zeros). Blocks that follow each other on the disk go
 * in one request; a request takes up to BIO_MAX_VECS segments (its PRD table, with DMA).
 *
 *   mpage_readpage      one page, for a fault or a read that missed
 *   mpage_readahead     several pages at once: readahead, in as few requests as they allow
 *   mpage_writepage     a dirty page back to its blocks (allocating blocks for holes)
 */
#include <fs/fs.h>
#include <fs/buffer_head.h>
#include <block/blkdev.h>
#include <mm/pagemap.h>
#include <mm/page.h>
#include <mm/gfp.h>
#include <mm/highmem.h>
#include <mm/slab.h>
#include <kernel/string.h>
#include <linux/errno.h>

#define MAX_RQS 16

/* Requests being built and in flight, for one call. */
struct mpage_io {
	struct block_device *bdev;
	enum req_op op;
	struct request *rq[MAX_RQS];
	int nr;                          /* requests made */
	int submitted;                   /* of them, the first ones handed to the disk */
	int err;
};

/* Wait for every request of io; the first error. */
static int mpage_wait(struct mpage_io *io)
{
	for (int i = 0; i < io->nr; i++) {
		int e = blk_wait(io->rq[i]);
		io->err = io->err ? io->err : e;
		kfree(io->rq[i]);
	}
	io->nr = io->submitted = 0;
	return io->err;
}

/*
 * Add sectors [sector, sector + n) <-> (page, offset) to io: to the last request if it follows
 * it on the disk and has room, else to a new one (the last one is submitted then).
 */
static int mpage_add(struct mpage_io *io, u64 sector, struct page *page, u32 offset, u32 n)
{
	struct request *rq = io->nr > io->submitted ? io->rq[io->nr - 1] : NULL;

	if (rq && rq->sector + rq->nr_sectors == sector &&
	    rq->nr_sectors + n <= BLK_MAX_SECTORS) {
		struct bio_vec *last = &rq->vec[rq->vcnt - 1];
		if (last->bv_page == page && last->bv_offset + last->bv_len == offset) {
			last->bv_len += n << SECTOR_SHIFT;       /* the same page, straight on */
			rq->nr_sectors += n;
			return 0;
		}
		if (rq->vcnt < BIO_MAX_VECS) {
			rq->vec[rq->vcnt++] = (struct bio_vec){ page, offset, n << SECTOR_SHIFT };
			rq->nr_sectors += n;
			return 0;
		}
	}
	if (rq) {
		blk_submit(rq);
		io->submitted++;
	}
	if (io->nr == MAX_RQS)
		mpage_wait(io);
	rq = kzalloc(sizeof(*rq), GFP_KERNEL);
	if (!rq)
		return -ENOMEM;
	rq->bdev = io->bdev;
	rq->op = io->op;
	rq->sector = sector;
	rq->nr_sectors = n;
	rq->vec[0] = (struct bio_vec){ page, offset, n << SECTOR_SHIFT };
	rq->vcnt = 1;
	io->rq[io->nr++] = rq;
	return 0;
}

/* Submit the last request, if it is still being built. */
static void mpage_submit_last(struct mpage_io *io)
{
	if (io->nr > io->submitted) {
		blk_submit(io->rq[io->nr - 1]);
		io->submitted++;
	}
}

/*
 * Map the blocks of page into io (reads) or write them (writes). Blocks past the end of the
 * file are left alone (they read as zeros: the page was zeroed when made).
 */
static int mpage_map(struct mpage_io *io, struct page *page, get_block_t get_block, bool create)
{
	struct inode *inode = page->mapping->host;
	u32 bits = inode->i_sb->s_blocksize_bits, per_page = PAGE_SIZE >> bits;
	u32 first = (u32)page->index * per_page;
	u64 end_block = (inode->i_size + (1u << bits) - 1) >> bits;
	u32 spb = 1u << (bits - SECTOR_SHIFT);

	for (u32 i = 0; i < per_page && first + i < end_block; i++) {
		u32 pblock;
		int err = get_block(inode, first + i, &pblock, create);

		if (err)
			return err;
		if (!pblock)
			continue;                                  /* a hole */
		err = mpage_add(io, (u64)pblock * spb, page, i << bits, spb);
		if (err)
			return err;
		if (io->op == REQ_OP_WRITE) {
			char *va = kmap(page);
			bdev_update_alias(io->bdev, pblock, 1u << bits, va + (i << bits));
			kunmap(page);
		}
	}
	return 0;
}

int mpage_readpage(struct page *page, get_block_t get_block)
{
	struct mpage_io io = { .bdev = page->mapping->host->i_sb->s_bdev, .op = REQ_OP_READ };
	int err = mpage_map(&io, page, get_block, false);

	mpage_submit_last(&io);
	int e = mpage_wait(&io);
	return err ? err : e;
}

/*
 * Write a page to its blocks. The blocks write() filled were given disk blocks then
 * (write_begin); a hole stays a hole unless the page was stored to through a shared mapping,
 * which had no chance to ask for blocks: then its holes get blocks now.
 */
int mpage_writepage(struct page *page, get_block_t get_block)
{
	struct mpage_io io = { .bdev = page->mapping->host->i_sb->s_bdev, .op = REQ_OP_WRITE };
	bool fill_holes = PageMmapDirty(page);
	int err;

	ClearPageMmapDirty(page);
	err = mpage_map(&io, page, get_block, fill_holes);
	if (err && fill_holes)
		SetPageMmapDirty(page);

	mpage_submit_last(&io);
	int e = mpage_wait(&io);
	return err ? err : e;
}

void mpage_readahead(struct address_space *m, u32 index, u32 nr, get_block_t get_block)
{
	struct mpage_io io = { .bdev = m->host->i_sb->s_bdev, .op = REQ_OP_READ };
	struct page *pages[32];
	int n = 0, err = 0;

	for (u32 i = 0; i < nr && n < 32; i++) {
		struct page *page;

		if (radix_tree_lookup(&m->i_pages, index + i))
			continue;                                  /* cached already */
		page = add_locked_page(m, index + i);
		if (!page)
			break;
		pages[n++] = page;
		if ((err = mpage_map(&io, page, get_block, false)) != 0)
			break;
	}
	mpage_submit_last(&io);
	err = mpage_wait(&io) ? -EIO : err;
	for (int i = 0; i < n; i++) {
		if (err)
			delete_from_page_cache(pages[i]);          /* the read that wants it will try again */
		unlock_page(pages[i]);
		put_page(pages[i]);
	}
}
