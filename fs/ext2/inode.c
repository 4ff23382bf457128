/*
 * ext2 inodes: reading and writing them in the inode tables, the block map (get_block, which
 * walks and grows the indirect blocks), truncation, and the address-space operations that
 * move a file's pages to and from its blocks.
 */
#include "ext2.h"
#include <fs/buffer_head.h>
#include <block/blkdev.h>
#include <mm/pagemap.h>
#include <mm/slab.h>
#include <kernel/printk.h>
#include <kernel/string.h>
#include <linux/errno.h>

/* Where inode ino lives: the inode-table block, and the offset in it. */
static int ext2_inode_location(struct super_block *sb, u32 ino, u32 *block, u32 *offset)
{
	struct ext2_sb_info *sbi = EXT2_SB(sb);
	struct ext2_group_desc *gd;
	u32 index, byte;

	if ((ino != EXT2_ROOT_INO && ino < sbi->first_ino) || ino > sbi->es->s_inodes_count)
		if (ino != EXT2_ROOT_INO && ino != 1)
			return ext2_error(sb, "ext2_inode_location", "bad inode number: %u", ino);
	gd = ext2_get_group_desc(sb, (ino - 1) / sbi->inodes_per_group, NULL);
	if (!gd)
		return ext2_error(sb, "ext2_inode_location", "bad inode number: %u", ino);
	index = (ino - 1) % sbi->inodes_per_group;
	byte = index * sbi->inode_size;
	*block = gd->bg_inode_table + (byte >> sb->s_blocksize_bits);
	*offset = byte & (sb->s_blocksize - 1);
	return 0;
}

void ext2_set_inode_ops(struct inode *inode)
{
	inode->i_data.a_ops = &ext2_aops;
	if (S_ISREG(inode->i_mode)) {
		inode->i_op = &ext2_file_iops;
		inode->i_fop = &ext2_file_fops;
	} else if (S_ISDIR(inode->i_mode)) {
		inode->i_op = &ext2_dir_iops;
		inode->i_fop = &ext2_dir_fops;
	} else if (S_ISLNK(inode->i_mode)) {
		inode->i_op = &ext2_symlink_iops;
	} else {
		inode->i_op = &ext2_special_iops;
		inode->i_fop = S_ISFIFO(inode->i_mode) ? &fifo_fops : &def_chr_fops;
	}
}

/* Copy the on-disk inode into the VFS inode and its ext2 part; 0 or -EIO if it makes no sense. */
static int ext2_fill_inode(struct inode *inode, const struct ext2_inode *raw)
{
	struct ext2_inode_info *ei = EXT2_I(inode);
	u32 type = raw->i_mode & S_IFMT;

	if (type != S_IFREG && type != S_IFDIR && type != S_IFLNK && type != S_IFCHR &&
	    type != S_IFBLK && type != S_IFIFO && type != S_IFSOCK)
		return ext2_error(inode->i_sb, "ext2_iget", "inode %u: bad file type %#o", inode->i_ino, raw->i_mode);
	inode->i_mode = raw->i_mode;
	inode->i_uid = raw->i_uid | (u32)raw->i_uid_high << 16;
	inode->i_gid = raw->i_gid | (u32)raw->i_gid_high << 16;
	inode->i_nlink = raw->i_links_count;
	inode->i_size = raw->i_size;
	if (S_ISREG(inode->i_mode))
		inode->i_size |= (u64)raw->i_size_high << 32;
	inode->i_atime = raw->i_atime;
	inode->i_ctime = raw->i_ctime;
	inode->i_mtime = raw->i_mtime;
	inode->i_blocks = raw->i_blocks;
	memcpy(ei->i_block, raw->i_block, sizeof(ei->i_block));
	ei->i_flags = raw->i_flags;
	ei->i_dtime = raw->i_dtime;
	ei->i_file_acl = raw->i_file_acl;
	ei->i_block_group = (inode->i_ino - 1) / EXT2_SB(inode->i_sb)->inodes_per_group;
	if (S_ISCHR(inode->i_mode) || S_ISBLK(inode->i_mode))   /* old 8:8 encoding, or the new one */
		inode->i_rdev = raw->i_block[0] ? raw->i_block[0] & 0xffff :
				MKDEV((raw->i_block[1] >> 8) & 0xfff, (raw->i_block[1] & 0xff));
	ext2_set_inode_ops(inode);
	return 0;
}

struct inode *ext2_alloc_inode(struct super_block *sb, u32 ino, u32 mode)
{
	struct inode *inode = new_inode(sb, mode);

	if (!inode)
		return NULL;
	inode->i_private = kzalloc(sizeof(struct ext2_inode_info), GFP_KERNEL);
	if (!inode->i_private) {
		inode->i_nlink = 0;
		iput(inode);
		return NULL;
	}
	inode->i_ino = ino;
	inode->i_data.a_ops = &ext2_aops;
	return inode;
}

struct inode *ext2_iget(struct super_block *sb, u32 ino)
{
	struct inode *inode = ilookup(sb, ino);
	struct buffer_head *bh;
	u32 block, offset;
	int err;

	if (inode)
		return inode;
	err = ext2_inode_location(sb, ino, &block, &offset);
	if (err)
		return ERR_PTR(err);
	bh = ext2_bread(sb, block);
	if (!bh)
		return ERR_PTR(-EIO);
	inode = ext2_alloc_inode(sb, ino, 0);
	if (!inode) {
		brelse(bh);
		return ERR_PTR(-ENOMEM);
	}
	err = ext2_fill_inode(inode, (struct ext2_inode *)(bh->b_data + offset));
	brelse(bh);
	if (!err && inode->i_nlink == 0)
		err = ext2_error(sb, "ext2_iget", "inode %u is deleted (no links)", ino);
	if (err) {
		inode->i_nlink = 0;                        /* forgotten at once; i_mode 0: evict frees nothing */
		inode->i_mode = 0;
		iput(inode);
		return ERR_PTR(err);
	}
	return inode;
}

int ext2_write_inode(struct inode *inode)
{
	struct ext2_inode_info *ei = EXT2_I(inode);
	struct super_block *sb = inode->i_sb;
	struct buffer_head *bh;
	struct ext2_inode *raw;
	u32 block, offset;
	int err = ext2_inode_location(sb, inode->i_ino, &block, &offset);

	if (err)
		return err;
	if (!(bh = ext2_bread(sb, block)))
		return -EIO;
	raw = (struct ext2_inode *)(bh->b_data + offset);
	if (ei->i_new) {                                   /* a new inode: nothing old survives */
		memset(raw, 0, EXT2_SB(sb)->inode_size);
		if (EXT2_SB(sb)->inode_size > EXT2_GOOD_OLD_INODE_SIZE)
			raw->i_extra_isize = 32;
		ei->i_new = false;
	}
	raw->i_mode = (u16)inode->i_mode;
	raw->i_uid = (u16)inode->i_uid;
	raw->i_uid_high = (u16)(inode->i_uid >> 16);
	raw->i_gid = (u16)inode->i_gid;
	raw->i_gid_high = (u16)(inode->i_gid >> 16);
	raw->i_links_count = (u16)inode->i_nlink;
	raw->i_size = (u32)inode->i_size;
	raw->i_size_high = S_ISREG(inode->i_mode) ? (u32)(inode->i_size >> 32) : raw->i_size_high;
	raw->i_atime = inode->i_atime;
	raw->i_ctime = inode->i_ctime;
	raw->i_mtime = inode->i_mtime;
	raw->i_dtime = ei->i_dtime;
	raw->i_blocks = inode->i_blocks;
	raw->i_flags = ei->i_flags;
	if (S_ISCHR(inode->i_mode) || S_ISBLK(inode->i_mode)) {
		raw->i_block[0] = inode->i_rdev & 0xffff;
		raw->i_block[1] = 0;
	} else {
		memcpy(raw->i_block, ei->i_block, sizeof(raw->i_block));
	}
	if (S_ISREG(inode->i_mode) && inode->i_size > 0x7fffffffu &&
	    !(EXT2_SB(sb)->es->s_feature_ro_compat & EXT2_FEATURE_RO_COMPAT_LARGE_FILE)) {
		EXT2_SB(sb)->es->s_feature_ro_compat |= EXT2_FEATURE_RO_COMPAT_LARGE_FILE;
		mark_buffer_dirty(EXT2_SB(sb)->sbh);
	}
	mark_buffer_dirty(bh);
	brelse(bh);
	return 0;
}

/* ---------------------------------------------------------------- the block map */

/*
 * The path to block iblock through the map: offsets[0] in i_block, then in each indirect
 * block. Its depth (1: direct .. 4: triple indirect), or 0 past what the map can hold.
 */
static int ext2_block_to_path(struct inode *inode, u32 iblock, u32 offsets[4])
{
	u32 apb = EXT2_SB(inode->i_sb)->addr_per_block, bits = inode->i_sb->s_blocksize_bits - 2;

	if (iblock < EXT2_NDIR_BLOCKS) {
		offsets[0] = iblock;
		return 1;
	}
	iblock -= EXT2_NDIR_BLOCKS;
	if (iblock < apb) {
		offsets[0] = EXT2_IND_BLOCK;
		offsets[1] = iblock;
		return 2;
	}
	iblock -= apb;
	if (iblock < apb * apb) {
		offsets[0] = EXT2_DIND_BLOCK;
		offsets[1] = iblock >> bits;
		offsets[2] = iblock & (apb - 1);
		return 3;
	}
	iblock -= apb * apb;
	if ((u64)iblock < (u64)apb * apb * apb) {
		offsets[0] = EXT2_TIND_BLOCK;
		offsets[1] = iblock >> (2 * bits);
		offsets[2] = (iblock >> bits) & (apb - 1);
		offsets[3] = iblock & (apb - 1);
		return 4;
	}
	return 0;
}

/* A new block for inode (near goal), zeroed in the buffer cache when it is metadata. */
static int ext2_alloc_block(struct inode *inode, u32 goal, bool zero, u32 *block)
{
	int err = ext2_new_block(inode, goal, block);

	if (err)
		return err;
	inode->i_blocks += inode->i_sb->s_blocksize >> SECTOR_SHIFT;
	EXT2_I(inode)->i_last_alloc = *block;
	mark_inode_dirty(inode);
	if (zero) {
		struct buffer_head *bh = ext2_bread(inode->i_sb, *block);
		if (!bh)
			return -EIO;
		memset(bh->b_data, 0, bh->b_size);
		mark_buffer_dirty(bh);
		brelse(bh);
	}
	return 0;
}

/* Where to put a new block of inode: after its last one, else in its inode's group. */
static u32 ext2_find_goal(struct inode *inode)
{
	struct ext2_sb_info *sbi = EXT2_SB(inode->i_sb);

	if (EXT2_I(inode)->i_last_alloc)
		return EXT2_I(inode)->i_last_alloc + 1;
	return sbi->es->s_first_data_block + EXT2_I(inode)->i_block_group * sbi->blocks_per_group;
}

static int __ext2_get_block(struct inode *inode, u32 iblock, u32 *pblock, bool create)
{
	struct super_block *sb = inode->i_sb;
	u32 offsets[4], *slot, blk;
	int depth = ext2_block_to_path(inode, iblock, offsets), err;
	struct buffer_head *bh = NULL;

	*pblock = 0;
	if (!depth)
		return create ? -EFBIG : 0;
	slot = &EXT2_I(inode)->i_block[offsets[0]];
	for (int level = 0;; level++) {
		blk = *slot;
		if (blk >= EXT2_SB(sb)->es->s_blocks_count) {
			brelse(bh);
			return ext2_error(sb, "ext2_get_block", "inode %u: block %u is past the end", inode->i_ino, blk);
		}
		if (!blk) {
			if (!create)
				break;
			err = ext2_alloc_block(inode, ext2_find_goal(inode), level + 1 < depth, &blk);
			if (err) {
				brelse(bh);
				return err;
			}
			*slot = blk;
			if (bh)
				mark_buffer_dirty(bh);
			else
				mark_inode_dirty(inode);
		}
		brelse(bh);
		bh = NULL;
		if (level + 1 == depth) {
			*pblock = blk;
			return 0;
		}
		if (!(bh = ext2_bread(sb, blk)))
			return -EIO;
		slot = (u32 *)bh->b_data + offsets[level + 1];
	}
	brelse(bh);
	return 0;
}

int ext2_get_block(struct inode *inode, u32 iblock, u32 *pblock, bool create)
{
	int err;

	if (create && (inode->i_sb->s_flags & SB_RDONLY))
		return -EROFS;
	ext2_lock(inode->i_sb);
	err = __ext2_get_block(inode, iblock, pblock, create);
	ext2_unlock(inode->i_sb);
	return err;
}

/* ---------------------------------------------------------------- truncation */

/*
 * Free the part of a subtree at or past logical block `from` (relative to the subtree):
 * block holds depth levels of indirection (0: a data block). True if the whole subtree went,
 * block itself included.
 */
static bool ext2_free_branch(struct inode *inode, u32 block, int depth, u64 from)
{
	struct super_block *sb = inode->i_sb;
	u32 apb = EXT2_SB(sb)->addr_per_block;
	u64 span = 1;
	struct buffer_head *bh;

	if (!block || block >= EXT2_SB(sb)->es->s_blocks_count)
		return true;
	if (depth == 0) {
		if (from)
			return false;
		ext2_free_blocks(sb, block, 1);
		inode->i_blocks -= sb->s_blocksize >> SECTOR_SHIFT;
		return true;
	}
	for (int i = 1; i < depth; i++)
		span *= apb;
	if (!(bh = ext2_bread(sb, block)))
		return false;
	for (u32 i = 0; i < apb; i++) {
		u32 *slot = (u32 *)bh->b_data + i;
		u64 start = i * span;
		if (start + span <= from || !*slot)
			continue;
		if (ext2_free_branch(inode, *slot, depth - 1, from > start ? from - start : 0)) {
			*slot = 0;
			mark_buffer_dirty(bh);
		}
	}
	brelse(bh);
	if (from)
		return false;
	ext2_free_blocks(sb, block, 1);
	inode->i_blocks -= sb->s_blocksize >> SECTOR_SHIFT;
	return true;
}

/* Free every block of inode at or past its size. The page cache was cut first. */
static void ext2_truncate_blocks(struct inode *inode)
{
	struct ext2_inode_info *ei = EXT2_I(inode);
	struct super_block *sb = inode->i_sb;
	u64 from = (inode->i_size + sb->s_blocksize - 1) >> sb->s_blocksize_bits;
	u64 apb = EXT2_SB(sb)->addr_per_block;
	u64 starts[3] = { EXT2_NDIR_BLOCKS, EXT2_NDIR_BLOCKS + apb, EXT2_NDIR_BLOCKS + apb + apb * apb };

	if (S_ISLNK(inode->i_mode) && inode->i_blocks == 0)
		return;                                    /* a fast symlink: i_block holds the name */
	ext2_lock(sb);
	for (u32 i = (u32)min(from, (u64)EXT2_NDIR_BLOCKS); i < EXT2_NDIR_BLOCKS; i++)
		if (ext2_free_branch(inode, ei->i_block[i], 0, 0))
			ei->i_block[i] = 0;
	for (int d = 0; d < 3; d++) {
		u64 span = d == 0 ? apb : d == 1 ? apb * apb : apb * apb * apb;
		if (from >= starts[d] + span)
			continue;
		if (ext2_free_branch(inode, ei->i_block[EXT2_IND_BLOCK + d], d + 1, from > starts[d] ? from - starts[d] : 0))
			ei->i_block[EXT2_IND_BLOCK + d] = 0;
	}
	ei->i_last_alloc = 0;
	inode->i_mtime = inode->i_ctime = current_time();
	mark_inode_dirty(inode);
	ext2_unlock(sb);
}

int ext2_setattr(struct dentry *dentry, const struct iattr *attr)
{
	struct inode *inode = dentry->d_inode;
	int err;

	if (inode->i_sb->s_flags & SB_RDONLY)
		return -EROFS;
	if ((attr->ia_valid & ATTR_SIZE) && attr->ia_size > 0xffffffffull * inode->i_sb->s_blocksize)
		return -EFBIG;
	err = simple_setattr(dentry, attr);             /* the size, through the page cache */
	if (err)
		return err;
	if (attr->ia_valid & ATTR_SIZE)
		ext2_truncate_blocks(inode);
	mark_inode_dirty(inode);
	return 0;
}

void ext2_evict_inode(struct inode *inode)
{
	struct ext2_inode_info *ei = EXT2_I(inode);

	if (!ei)
		return;
	if (inode->i_nlink == 0 && inode->i_mode && !(inode->i_sb->s_flags & SB_RDONLY)) {
		/* the last user of a file with no name: its blocks and its inode go back */
		truncate_inode_pages(inode->i_mapping, 0);
		inode->i_size = 0;
		ext2_truncate_blocks(inode);
		ei->i_dtime = current_time();
		ext2_write_inode(inode);
		ext2_free_inode(inode);
	} else if (inode->i_mode) {
		write_inode_now(inode);
	}
	kfree(ei);
	inode->i_private = NULL;
}

/* ---------------------------------------------------------------- address space */

static int ext2_readpage(struct file *f, struct page *page)
{
	return mpage_readpage(page, ext2_get_block);
}

static int ext2_writepage(struct page *page)
{
	return mpage_writepage(page, ext2_get_block);
}

static void ext2_readahead(struct address_space *m, u32 index, u32 nr)
{
	mpage_readahead(m, index, nr, ext2_get_block);
}

/* Blocks for every block of [pos, pos + len), allocated now: a full disk fails the write. */
static int ext2_write_begin(struct inode *inode, struct page *page, u64 pos, u32 len)
{
	u32 bits = inode->i_sb->s_blocksize_bits, pblock;

	for (u64 b = pos >> bits; b <= (pos + len - 1) >> bits; b++) {
		int err = ext2_get_block(inode, (u32)b, &pblock, true);
		if (err)
			return err;
	}
	return 0;
}

static int ext2_bmap(struct inode *inode, u32 block, u32 *pblock)
{
	return ext2_get_block(inode, block, pblock, false);
}

const struct address_space_operations ext2_aops = {
	.bmap = ext2_bmap,
	.readpage = ext2_readpage,
	.write_begin = ext2_write_begin,
	.writepage = ext2_writepage,
	.readahead = ext2_readahead,
};
