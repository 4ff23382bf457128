/*
 * ext2's block and inode allocation: one bitmap block per group says which blocks (or inodes)
 * are in use; the group descriptor and the superblock keep the free counts, which must stay
 * equal to what the bitmaps say (e2fsck checks). A new block goes near the goal (after the
 * file's last block, so files stay contiguous); a new directory goes to a group with many
 * free inodes, a new file to its directory's group.
 */
#include "ext2.h"
#include <fs/buffer_head.h>
#include <kernel/string.h>
#include <kernel/printk.h>
#include <linux/errno.h>
#include <kernel/sched.h>

static bool test_bit(const u8 *map, u32 nr) { return map[nr >> 3] & (1u << (nr & 7)); }
static void set_bit(u8 *map, u32 nr) { map[nr >> 3] |= (u8)(1u << (nr & 7)); }
static void clear_bit(u8 *map, u32 nr) { map[nr >> 3] &= (u8)~(1u << (nr & 7)); }

/* The first clear bit in [start, end), or end. */
static u32 find_zero_bit(const u8 *map, u32 start, u32 end)
{
	for (u32 i = start; i < end; i++) {
		if (!(i & 7) && i + 8 <= end && map[i >> 3] == 0xff) {
			i += 7;
			continue;
		}
		if (!test_bit(map, i))
			return i;
	}
	return end;
}

/* Blocks in group g (the last group may be short). */
static u32 group_blocks(struct ext2_sb_info *sbi, u32 g)
{
	u32 first = sbi->es->s_first_data_block + g * sbi->blocks_per_group;

	return min(sbi->blocks_per_group, sbi->es->s_blocks_count - first);
}

static void account_blocks(struct super_block *sb, struct ext2_group_desc *gd, struct buffer_head *gd_bh, int delta)
{
	gd->bg_free_blocks_count = (u16)(gd->bg_free_blocks_count + delta);
	EXT2_SB(sb)->es->s_free_blocks_count += (u32)delta;
	mark_buffer_dirty(gd_bh);
	mark_buffer_dirty(EXT2_SB(sb)->sbh);
}

int ext2_new_block(struct inode *inode, u32 goal, u32 *block)
{
	struct super_block *sb = inode->i_sb;
	struct ext2_sb_info *sbi = EXT2_SB(sb);
	u32 first = sbi->es->s_first_data_block, g0;

	if (goal < first || goal >= sbi->es->s_blocks_count)
		goal = first;
	g0 = (goal - first) / sbi->blocks_per_group;
	for (u32 k = 0; k <= sbi->groups; k++) {
		u32 g = (g0 + k) % sbi->groups, n = group_blocks(sbi, g), bit;
		u32 start = k == 0 ? (goal - first) % sbi->blocks_per_group : 0;
		struct buffer_head *gd_bh, *bh;
		struct ext2_group_desc *gd = ext2_get_group_desc(sb, g, &gd_bh);

		if (!gd->bg_free_blocks_count)
			continue;
		if (!(bh = ext2_bread(sb, gd->bg_block_bitmap)))
			return -EIO;
		bit = find_zero_bit((u8 *)bh->b_data, start, n);
		if (bit == n && start && (bit = find_zero_bit((u8 *)bh->b_data, 0, start)) == start)
			bit = n;
		if (bit < n) {
			set_bit((u8 *)bh->b_data, bit);
			mark_buffer_dirty(bh);
			brelse(bh);
			account_blocks(sb, gd, gd_bh, -1);
			*block = first + g * sbi->blocks_per_group + bit;
			return 0;
		}
		brelse(bh);
	}
	return -ENOSPC;
}

void ext2_free_blocks(struct super_block *sb, u32 block, u32 count)
{
	struct ext2_sb_info *sbi = EXT2_SB(sb);
	u32 first = sbi->es->s_first_data_block;

	for (u32 b = block; b < block + count; b++) {
		u32 g = (b - first) / sbi->blocks_per_group, bit = (b - first) % sbi->blocks_per_group;
		struct buffer_head *gd_bh, *bh;
		struct ext2_group_desc *gd = b >= first && b < sbi->es->s_blocks_count ?
					     ext2_get_group_desc(sb, g, &gd_bh) : NULL;
		u32 itb = (sbi->inodes_per_group * sbi->inode_size) >> sb->s_blocksize_bits;

		if (!gd || b == gd->bg_block_bitmap || b == gd->bg_inode_bitmap ||
		    (b >= gd->bg_inode_table && b < gd->bg_inode_table + itb)) {
			ext2_error(sb, "ext2_free_blocks", "freeing a block that is not a data block: %u", b);
			continue;
		}
		if (!(bh = ext2_bread(sb, gd->bg_block_bitmap)))
			continue;
		if (!test_bit((u8 *)bh->b_data, bit)) {
			ext2_error(sb, "ext2_free_blocks", "bit already cleared for block %u", b);
		} else {
			clear_bit((u8 *)bh->b_data, bit);
			mark_buffer_dirty(bh);
			account_blocks(sb, gd, gd_bh, 1);
		}
		brelse(bh);
	}
}

u32 ext2_count_free_blocks(struct super_block *sb)
{
	u32 n = 0;

	for (u32 g = 0; g < EXT2_SB(sb)->groups; g++)
		n += ext2_get_group_desc(sb, g, NULL)->bg_free_blocks_count;
	return n;
}

u32 ext2_count_free_inodes(struct super_block *sb)
{
	u32 n = 0;

	for (u32 g = 0; g < EXT2_SB(sb)->groups; g++)
		n += ext2_get_group_desc(sb, g, NULL)->bg_free_inodes_count;
	return n;
}

/* ---------------------------------------------------------------- inodes */

/* A group for a new inode: a directory's in the emptiest group, a file's near its directory. */
static u32 find_group(struct inode *dir, bool is_dir)
{
	struct super_block *sb = dir->i_sb;
	struct ext2_sb_info *sbi = EXT2_SB(sb);
	u32 parent = EXT2_I(dir)->i_block_group, best = parent, best_free = 0;

	if (!is_dir) {
		for (u32 k = 0; k < sbi->groups; k++) {
			u32 g = (parent + k) % sbi->groups;
			if (ext2_get_group_desc(sb, g, NULL)->bg_free_inodes_count)
				return g;
		}
		return parent;
	}
	for (u32 k = 0; k < sbi->groups; k++) {
		u32 g = (parent + k) % sbi->groups;
		struct ext2_group_desc *gd = ext2_get_group_desc(sb, g, NULL);
		if (gd->bg_free_inodes_count && gd->bg_free_blocks_count >= best_free) {
			if (gd->bg_free_blocks_count > best_free || best_free == 0)
				best = g;
			best_free = max(best_free, (u32)gd->bg_free_blocks_count);
		}
	}
	return best;
}

struct inode *ext2_new_inode(struct inode *dir, u32 mode)
{
	struct super_block *sb = dir->i_sb;
	struct ext2_sb_info *sbi = EXT2_SB(sb);
	u32 g0 = find_group(dir, S_ISDIR(mode));

	for (u32 k = 0; k < sbi->groups; k++) {
		u32 g = (g0 + k) % sbi->groups, start = 0, bit, ino;
		struct buffer_head *gd_bh, *bh;
		struct ext2_group_desc *gd = ext2_get_group_desc(sb, g, &gd_bh);
		struct inode *inode;

		if (!gd->bg_free_inodes_count)
			continue;
		if (g * sbi->inodes_per_group + 1 < sbi->first_ino)
			start = sbi->first_ino - 1 - g * sbi->inodes_per_group;   /* the reserved inodes */
		if (!(bh = ext2_bread(sb, gd->bg_inode_bitmap)))
			return ERR_PTR(-EIO);
		bit = find_zero_bit((u8 *)bh->b_data, start, sbi->inodes_per_group);
		if (bit == sbi->inodes_per_group) {
			brelse(bh);
			continue;
		}
		ino = g * sbi->inodes_per_group + bit + 1;
		inode = ext2_alloc_inode(sb, ino, mode);
		if (!inode) {
			brelse(bh);
			return ERR_PTR(-ENOMEM);
		}
		set_bit((u8 *)bh->b_data, bit);
		mark_buffer_dirty(bh);
		brelse(bh);
		gd->bg_free_inodes_count--;
		if (S_ISDIR(mode))
			gd->bg_used_dirs_count++;
		sbi->es->s_free_inodes_count--;
		mark_buffer_dirty(gd_bh);
		mark_buffer_dirty(sbi->sbh);
		inode_init_owner(inode, dir);   /* the creator's, or a set-group-ID directory's group */
		EXT2_I(inode)->i_new = true;
		EXT2_I(inode)->i_block_group = g;
		inode->i_blocks = 0;
		ext2_set_inode_ops(inode);
		mark_inode_dirty(inode);
		return inode;
	}
	return ERR_PTR(-ENOSPC);
}

void ext2_free_inode(struct inode *inode)
{
	struct super_block *sb = inode->i_sb;
	struct ext2_sb_info *sbi = EXT2_SB(sb);
	u32 g = (inode->i_ino - 1) / sbi->inodes_per_group, bit = (inode->i_ino - 1) % sbi->inodes_per_group;
	struct buffer_head *gd_bh, *bh;
	struct ext2_group_desc *gd = ext2_get_group_desc(sb, g, &gd_bh);

	if (!gd || !(bh = ext2_bread(sb, gd->bg_inode_bitmap)))
		return;
	if (!test_bit((u8 *)bh->b_data, bit)) {
		ext2_error(sb, "ext2_free_inode", "bit already cleared for inode %u", inode->i_ino);
	} else {
		clear_bit((u8 *)bh->b_data, bit);
		mark_buffer_dirty(bh);
		gd->bg_free_inodes_count++;
		if (S_ISDIR(inode->i_mode))
			gd->bg_used_dirs_count--;
		sbi->es->s_free_inodes_count++;
		mark_buffer_dirty(gd_bh);
		mark_buffer_dirty(sbi->sbh);
	}
	brelse(bh);
}
