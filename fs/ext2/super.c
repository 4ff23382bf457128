/*
 * ext2's superblock: mounting (reading and checking the superblock and the group descriptors,
 * refusing what this driver cannot handle), statfs, sync and umount.
 *
 * A damaged disk never crashes the kernel: every number read from it is checked before it is
 * used, and what does not make sense is reported ("EXT2-fs error") and fails with EIO.
 */
#include "ext2.h"
#include <fs/buffer_head.h>
#include <block/blkdev.h>
#include <kernel/printk.h>
#include <kernel/string.h>
#include <kernel/sched.h>
#include <kernel/vsprintf.h>
#include <mm/slab.h>
#include <asm/x86.h>
#include <linux/errno.h>

void ext2_lock(struct super_block *sb)
{
	struct ext2_sb_info *sbi = EXT2_SB(sb);
	u32 flags = local_irq_save();

	while (sbi->lock_owner && sbi->lock_owner != current)
		sleep_on(sbi);
	sbi->lock_owner = current;
	sbi->lock_depth++;
	local_irq_restore(flags);
}

void ext2_unlock(struct super_block *sb)
{
	struct ext2_sb_info *sbi = EXT2_SB(sb);

	if (--sbi->lock_depth == 0) {
		sbi->lock_owner = NULL;
		wake_up(sbi);
	}
}

int ext2_error(struct super_block *sb, const char *fn, const char *fmt, ...)
{
	char msg[160];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	pr_err("EXT2-fs error (device %s): %s: %s\n", sb->s_bdev ? sb->s_bdev->name : "?", fn, msg);
	if (EXT2_SB(sb) && EXT2_SB(sb)->es && !(sb->s_flags & SB_RDONLY)) {
		EXT2_SB(sb)->es->s_state |= EXT2_ERROR_FS;    /* e2fsck will look at it */
		mark_buffer_dirty(EXT2_SB(sb)->sbh);
	}
	return -EIO;
}

struct buffer_head *ext2_bread(struct super_block *sb, u32 block)
{
	struct ext2_sb_info *sbi = EXT2_SB(sb);

	if (block >= sbi->es->s_blocks_count) {
		ext2_error(sb, "ext2_bread", "block %u is past the end of the file system (%u blocks)",
			   block, sbi->es->s_blocks_count);
		return NULL;
	}
	return __bread(sb->s_bdev, block, sb->s_blocksize);
}

struct ext2_group_desc *ext2_get_group_desc(struct super_block *sb, u32 group, struct buffer_head **bh)
{
	struct ext2_sb_info *sbi = EXT2_SB(sb);

	if (group >= sbi->groups)
		return NULL;
	if (bh)
		*bh = sbi->gd_bh[group / sbi->desc_per_block];
	return (struct ext2_group_desc *)sbi->gd_bh[group / sbi->desc_per_block]->b_data +
	       group % sbi->desc_per_block;
}

/* Every group's bitmaps and inode table lie inside the file system. */
static int ext2_check_descriptors(struct super_block *sb)
{
	struct ext2_sb_info *sbi = EXT2_SB(sb);
	u32 itb = (sbi->inodes_per_group * sbi->inode_size + sb->s_blocksize - 1) >> sb->s_blocksize_bits;

	for (u32 g = 0; g < sbi->groups; g++) {
		struct ext2_group_desc *gd = ext2_get_group_desc(sb, g, NULL);
		u32 first = sbi->es->s_first_data_block + g * sbi->blocks_per_group;
		u32 last = min(first + sbi->blocks_per_group, sbi->es->s_blocks_count) - 1;

		if (gd->bg_block_bitmap < first || gd->bg_block_bitmap > last ||
		    gd->bg_inode_bitmap < first || gd->bg_inode_bitmap > last ||
		    gd->bg_inode_table < first || gd->bg_inode_table + itb - 1 > last)
			return ext2_error(sb, "ext2_check_descriptors", "group %u's bitmaps or inode table lie outside it", g);
	}
	return 0;
}

/* Read and check the superblock at byte 1024 into sbi; 0 or -EINVAL with the reason said. */
static int ext2_read_super(struct super_block *sb, struct ext2_sb_info *sbi, const char *dev)
{
	struct ext2_super_block *es;
	u32 bs;

	sbi->sbh = __bread(sb->s_bdev, 1, 1024);
	if (!sbi->sbh) {
		pr_err("EXT2-fs (%s): unable to read superblock\n", dev);
		return -EIO;
	}
	es = sbi->es = (struct ext2_super_block *)sbi->sbh->b_data;
	if (es->s_magic != EXT2_SUPER_MAGIC) {
		pr_err("EXT2-fs (%s): no ext2 file system here (magic %#x, not %#x)\n", dev, es->s_magic, EXT2_SUPER_MAGIC);
		return -EINVAL;
	}
	if (es->s_log_block_size > 2) {
		pr_err("EXT2-fs (%s): block size %u is not 1, 2 or 4 KiB\n", dev, 1024u << min(es->s_log_block_size, 20u));
		return -EINVAL;
	}
	bs = 1024u << es->s_log_block_size;
	sb->s_blocksize = bs;
	sb->s_blocksize_bits = 10 + es->s_log_block_size;
	sbi->inode_size = es->s_rev_level ? es->s_inode_size : EXT2_GOOD_OLD_INODE_SIZE;
	sbi->first_ino = es->s_rev_level ? es->s_first_ino : EXT2_GOOD_OLD_FIRST_INO;
	sbi->blocks_per_group = es->s_blocks_per_group;
	sbi->inodes_per_group = es->s_inodes_per_group;
	if (sbi->inode_size < EXT2_GOOD_OLD_INODE_SIZE || sbi->inode_size > bs || (sbi->inode_size & (sbi->inode_size - 1)) ||
	    !sbi->blocks_per_group || sbi->blocks_per_group > 8 * bs || !sbi->inodes_per_group ||
	    sbi->inodes_per_group > 8 * bs || es->s_first_data_block >= es->s_blocks_count ||
	    (u64)es->s_blocks_count * (bs >> SECTOR_SHIFT) > sb->s_bdev->nr_sectors) {
		pr_err("EXT2-fs (%s): the superblock's numbers do not fit together (or the disk is too small)\n", dev);
		return -EINVAL;
	}
	sbi->groups = (es->s_blocks_count - es->s_first_data_block + sbi->blocks_per_group - 1) / sbi->blocks_per_group;
	if ((u64)sbi->groups * sbi->inodes_per_group != es->s_inodes_count) {
		pr_err("EXT2-fs (%s): %u groups of %u inodes is not %u inodes\n", dev, sbi->groups,
		       sbi->inodes_per_group, es->s_inodes_count);
		return -EINVAL;
	}
	sbi->desc_per_block = bs / sizeof(struct ext2_group_desc);
	sbi->addr_per_block = bs / 4;
	sbi->filetype = es->s_rev_level && (es->s_feature_incompat & EXT2_FEATURE_INCOMPAT_FILETYPE);
	if (es->s_rev_level && (es->s_feature_incompat & ~EXT2_SUPPORTED_INCOMPAT)) {
		pr_err("EXT2-fs (%s): couldn't mount because of unsupported optional features (%x)\n", dev,
		       es->s_feature_incompat & ~EXT2_SUPPORTED_INCOMPAT);
		return -EINVAL;
	}
	if (es->s_rev_level && (es->s_feature_ro_compat & ~EXT2_SUPPORTED_RO_COMPAT) && !(sb->s_flags & SB_RDONLY)) {
		pr_err("EXT2-fs (%s): couldn't mount RDWR because of unsupported optional features (%x)\n", dev,
		       es->s_feature_ro_compat & ~EXT2_SUPPORTED_RO_COMPAT);
		return -EINVAL;
	}
	return 0;
}

static int ext2_read_group_descs(struct super_block *sb, struct ext2_sb_info *sbi)
{
	u32 n = (sbi->groups + sbi->desc_per_block - 1) / sbi->desc_per_block;

	sbi->gd_bh = kzalloc(n * sizeof(*sbi->gd_bh), GFP_KERNEL);
	if (!sbi->gd_bh)
		return -ENOMEM;
	for (u32 i = 0; i < n; i++) {
		sbi->gd_bh[i] = ext2_bread(sb, sbi->es->s_first_data_block + 1 + i);
		if (!sbi->gd_bh[i])
			return -EIO;
	}
	return ext2_check_descriptors(sb);
}

static void ext2_put_sbi(struct super_block *sb)
{
	struct ext2_sb_info *sbi = EXT2_SB(sb);
	u32 n = sbi->gd_bh ? (sbi->groups + sbi->desc_per_block - 1) / sbi->desc_per_block : 0;

	for (u32 i = 0; i < n; i++)
		brelse(sbi->gd_bh[i]);
	kfree(sbi->gd_bh);
	brelse(sbi->sbh);
	kfree(sbi);
	sb->s_fs_info = NULL;
}

static void ext2_sync_fs(struct super_block *sb, bool shutdown)
{
	struct ext2_sb_info *sbi = EXT2_SB(sb);

	ext2_lock(sb);
	if (shutdown && !(sbi->es->s_state & EXT2_ERROR_FS))
		sbi->es->s_state |= EXT2_VALID_FS;       /* as at umount: e2fsck finds it clean */
	sbi->es->s_free_blocks_count = ext2_count_free_blocks(sb);
	sbi->es->s_free_inodes_count = ext2_count_free_inodes(sb);
	sbi->es->s_wtime = current_time();
	mark_buffer_dirty(sbi->sbh);
	ext2_unlock(sb);
}

static void ext2_statfs(struct super_block *sb, struct kstatfs *st)
{
	struct ext2_sb_info *sbi = EXT2_SB(sb);
	struct ext2_super_block *es = sbi->es;
	u32 overhead = es->s_first_data_block;

	/* what the metadata takes (superblock copies, descriptors, bitmaps, inode tables) is not counted, as on Linux */
	for (u32 g = 0; g < sbi->groups; g++) {
		struct ext2_group_desc *gd = ext2_get_group_desc(sb, g, NULL);
		overhead += gd->bg_inode_table - (es->s_first_data_block + g * sbi->blocks_per_group);
		overhead += (sbi->inodes_per_group * sbi->inode_size) >> sb->s_blocksize_bits;
	}
	st->type = EXT2_SUPER_MAGIC;
	st->bsize = st->frsize = sb->s_blocksize;
	st->namelen = NAME_MAX;
	st->blocks = es->s_blocks_count - overhead;
	st->bfree = ext2_count_free_blocks(sb);
	st->bavail = st->bfree > es->s_r_blocks_count ? st->bfree - es->s_r_blocks_count : 0;
	st->files = es->s_inodes_count;
	st->ffree = ext2_count_free_inodes(sb);
}

static const struct super_operations ext2_sops = {
	.write_inode = ext2_write_inode,
	.evict_inode = ext2_evict_inode,
	.sync_fs = ext2_sync_fs,
	.statfs = ext2_statfs,
};

static int ext2_fill_super(struct super_block *sb, const char *source, const void *data)
{
	struct block_device *bdev = source ? lookup_bdev(source) : NULL;
	struct ext2_sb_info *sbi;
	struct inode *root;
	int err;

	if (!bdev)
		return -ENOTBLK;
	if (bdev->bd_super)
		return -EBUSY;                            /* mounted already */
	sb->s_bdev = bdev;
	sb->s_dev = bdev->dev;
	sb->s_magic = EXT2_SUPER_MAGIC;
	sb->s_op = &ext2_sops;
	sbi = kzalloc(sizeof(*sbi), GFP_KERNEL);
	if (!sbi)
		return -ENOMEM;
	sb->s_fs_info = sbi;
	err = ext2_read_super(sb, sbi, bdev->name);
	if (!err)
		err = ext2_read_group_descs(sb, sbi);
	if (err)
		goto fail;
	root = ext2_iget(sb, EXT2_ROOT_INO);
	if (IS_ERR(root) || !S_ISDIR(root->i_mode)) {
		err = IS_ERR(root) ? (int)PTR_ERR(root) : -EINVAL;
		pr_err("EXT2-fs (%s): the root inode is %s\n", bdev->name, IS_ERR(root) ? "unreadable" : "not a directory");
		if (!IS_ERR(root))
			iput(root);
		goto fail;
	}
	sb->s_root = d_alloc_root(root);
	bdev->bd_super = sb;
	if (!(sbi->es->s_state & EXT2_VALID_FS))
		pr_warn("EXT2-fs (%s): warning: mounting unchecked fs, running e2fsck is recommended\n", bdev->name);
	if (!(sb->s_flags & SB_RDONLY)) {
		sbi->es->s_state &= ~EXT2_VALID_FS;       /* "in use": clean again at umount */
		sbi->es->s_mnt_count++;
		sbi->es->s_mtime = current_time();
		mark_buffer_dirty(sbi->sbh);
		sync_blockdev(bdev);
		wb_start_flusher();
	}
	pr_info("EXT2-fs (%s): mounted %s: %u blocks of %u bytes, %u inodes, %u groups%s\n", bdev->name,
		sbi->es->s_volume_name[0] ? sbi->es->s_volume_name : "file system", sbi->es->s_blocks_count,
		sb->s_blocksize, sbi->es->s_inodes_count, sbi->groups, (sb->s_flags & SB_RDONLY) ? " (read-only)" : "");
	return 0;
fail:
	ext2_put_sbi(sb);
	invalidate_bdev(bdev);
	return err;
}

static void ext2_kill_sb(struct super_block *sb)
{
	struct ext2_sb_info *sbi = EXT2_SB(sb);
	struct block_device *bdev = sb->s_bdev;

	sync_filesystem(sb);
	dput(sb->s_root);
	sb->s_root = NULL;
	evict_inodes(sb);
	if (!(sb->s_flags & SB_RDONLY)) {
		if (!(sbi->es->s_state & EXT2_ERROR_FS))
			sbi->es->s_state |= EXT2_VALID_FS;
		mark_buffer_dirty(sbi->sbh);
	}
	sync_blockdev(bdev);
	ext2_put_sbi(sb);
	invalidate_bdev(bdev);
	bdev->bd_super = NULL;
}

static struct file_system_type ext2_fs_type = {
	.name = "ext2",
	.fill_super = ext2_fill_super,
	.kill_sb = ext2_kill_sb,
};

void ext2_register(void)
{
	register_filesystem(&ext2_fs_type);
}
