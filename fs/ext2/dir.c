/*
 * ext2 directories: a directory is a file whose blocks hold records
 *
 *   | inode (4) | rec_len (2) | name_len (1) | file_type (1) | name ... (padded to 4) |
 *
 * that cover each block exactly; rec_len reaches the next record, so a removed name is folded
 * into the record before it (or gets inode 0 when it is the first of its block), and a new
 * name is put into the slack of a record longer than it needs. Every record read from the
 * disk is checked before it is used: a corrupt one is reported and gives EIO.
 */
#include "ext2.h"
#include <fs/buffer_head.h>
#include <kernel/string.h>
#include <linux/errno.h>

/* One record in the walk: where it is and the record before it in its block. */
struct ext2_dirent_pos {
	struct buffer_head *bh;
	struct ext2_dir_entry *de, *prev;
	u64 pos;                               /* its byte offset in the directory */
};

/* Return >0 to stop at this record (the caller gets it), 0 to go on, <0 for an error. */
typedef int (*ext2_actor_t)(struct inode *dir, struct ext2_dirent_pos *p, void *arg);

static bool ext2_check_entry(struct inode *dir, struct ext2_dir_entry *de, u32 off, u32 bs)
{
	const char *why = NULL;

	if (de->rec_len < EXT2_DIR_REC_LEN(1))
		why = "rec_len is smaller than minimal";
	else if (de->rec_len & 3)
		why = "rec_len % 4 != 0";
	else if (de->rec_len < EXT2_DIR_REC_LEN(de->name_len))
		why = "rec_len is too small for name_len";
	else if (off + de->rec_len > bs)
		why = "directory entry across blocks";
	else if (de->inode > EXT2_SB(dir->i_sb)->es->s_inodes_count)
		why = "inode out of bounds";
	if (why)
		ext2_error(dir->i_sb, "ext2_check_page", "bad entry in directory #%u: %s - offset=%u, inode=%u, rec_len=%u, name_len=%u",
			   dir->i_ino, why, off, de->inode, de->rec_len, de->name_len);
	return !why;
}

/* Call actor on every record of dir from byte `from` on; its stop value, 0 at the end, or -errno. */
static int ext2_walk_dir(struct inode *dir, u64 from, ext2_actor_t actor, void *arg, struct ext2_dirent_pos *out)
{
	u32 bs = dir->i_sb->s_blocksize, bits = dir->i_sb->s_blocksize_bits;
	u32 nblocks = (u32)((dir->i_size + bs - 1) >> bits);

	for (u32 n = (u32)(from >> bits); n < nblocks; n++) {
		struct ext2_dirent_pos p = { 0 };
		u32 pblock, off = 0;
		int err = ext2_get_block(dir, n, &pblock, false), r = 0;

		if (err)
			return err;
		if (!pblock)
			return ext2_error(dir->i_sb, "ext2_readdir", "directory #%u contains a hole at offset %llu",
					  dir->i_ino, (u64)n * bs);
		if (!(p.bh = ext2_bread(dir->i_sb, pblock)))
			return -EIO;
		for (; off < bs; off += p.de->rec_len) {
			p.de = (struct ext2_dir_entry *)(p.bh->b_data + off);
			if (!ext2_check_entry(dir, p.de, off, bs)) {
				r = -EIO;
				break;
			}
			p.pos = (u64)n * bs + off;
			if (p.pos >= from && (r = actor(dir, &p, arg)) != 0)
				break;
			p.prev = p.de;
		}
		if (r > 0 && out) {
			*out = p;                          /* the caller releases p.bh */
			return r;
		}
		brelse(p.bh);
		if (r)
			return r;
	}
	return 0;
}

struct name_arg {
	const char *name;
	size_t len;
};

static int match_name(struct inode *dir, struct ext2_dirent_pos *p, void *arg)
{
	struct name_arg *a = arg;

	return p->de->inode && p->de->name_len == a->len && !memcmp(p->de->name, a->name, a->len);
}

/* The record called name, with its block held (brelse p->bh); 1 found, 0 not, -errno. */
static int ext2_find_entry(struct inode *dir, const char *name, size_t len, struct ext2_dirent_pos *p)
{
	struct name_arg a = { name, len };

	return ext2_walk_dir(dir, 0, match_name, &a, p);
}

int ext2_inode_by_name(struct inode *dir, const char *name, size_t len, u32 *ino)
{
	struct ext2_dirent_pos p;
	int r = ext2_find_entry(dir, name, len, &p);

	*ino = 0;
	if (r > 0) {
		*ino = p.de->inode;
		brelse(p.bh);
	}
	return r < 0 ? r : 0;
}

static u8 ext2_file_type(struct inode *dir, u32 mode)
{
	static const u8 types[16] = {
		[S_IFREG >> 12] = EXT2_FT_REG_FILE, [S_IFDIR >> 12] = EXT2_FT_DIR,
		[S_IFCHR >> 12] = EXT2_FT_CHRDEV, [S_IFBLK >> 12] = EXT2_FT_BLKDEV,
		[S_IFIFO >> 12] = EXT2_FT_FIFO, [S_IFSOCK >> 12] = EXT2_FT_SOCK,
		[S_IFLNK >> 12] = EXT2_FT_SYMLINK,
	};

	return EXT2_SB(dir->i_sb)->filetype ? types[(mode >> 12) & 15] : 0;
}

static void fill_entry(struct inode *dir, struct ext2_dir_entry *de, const char *name, size_t len, struct inode *inode)
{
	de->inode = inode->i_ino;
	de->name_len = (u8)len;
	de->file_type = ext2_file_type(dir, inode->i_mode);
	memcpy(de->name, name, len);
}

/* A record with room for `need` bytes: an unused one, or one with slack to split off. */
static int find_room(struct inode *dir, struct ext2_dirent_pos *p, void *arg)
{
	u32 need = *(u32 *)arg;

	if (!p->de->inode)
		return p->de->rec_len >= need;
	return p->de->rec_len >= EXT2_DIR_REC_LEN(p->de->name_len) + need;
}

static void dir_changed(struct inode *dir)
{
	dir->i_mtime = dir->i_ctime = current_time();
	mark_inode_dirty(dir);
}

int ext2_add_link(struct inode *dir, const char *name, size_t len, struct inode *inode)
{
	u32 need = EXT2_DIR_REC_LEN(len), bs = dir->i_sb->s_blocksize, pblock;
	struct ext2_dirent_pos p;
	struct ext2_dir_entry *de;
	int r = ext2_walk_dir(dir, 0, find_room, &need, &p);

	if (r < 0)
		return r;
	if (r > 0) {
		de = p.de;
		if (de->inode) {                           /* split the slack off */
			u32 used = EXT2_DIR_REC_LEN(de->name_len);
			struct ext2_dir_entry *n = (struct ext2_dir_entry *)((char *)de + used);
			n->rec_len = (u16)(de->rec_len - used);
			de->rec_len = (u16)used;
			de = n;
		}
		fill_entry(dir, de, name, len, inode);
		mark_buffer_dirty(p.bh);
		brelse(p.bh);
		dir_changed(dir);
		return 0;
	}
	/* no room: a new block at the end of the directory, one record covering it */
	r = ext2_get_block(dir, (u32)(dir->i_size >> dir->i_sb->s_blocksize_bits), &pblock, true);
	if (r)
		return r;
	if (!(p.bh = ext2_bread(dir->i_sb, pblock)))
		return -EIO;
	memset(p.bh->b_data, 0, bs);
	de = (struct ext2_dir_entry *)p.bh->b_data;
	de->rec_len = (u16)bs;
	fill_entry(dir, de, name, len, inode);
	mark_buffer_dirty(p.bh);
	brelse(p.bh);
	dir->i_size += bs;
	dir_changed(dir);
	return 0;
}

int ext2_delete_entry(struct inode *dir, const char *name, size_t len)
{
	struct ext2_dirent_pos p;
	int r = ext2_find_entry(dir, name, len, &p);

	if (r <= 0)
		return r ? r : -ENOENT;
	if (p.prev)
		p.prev->rec_len = (u16)(p.prev->rec_len + p.de->rec_len);
	else
		p.de->inode = 0;
	mark_buffer_dirty(p.bh);
	brelse(p.bh);
	dir_changed(dir);
	return 0;
}

int ext2_set_link(struct inode *dir, const char *name, size_t len, struct inode *inode)
{
	struct ext2_dirent_pos p;
	int r = ext2_find_entry(dir, name, len, &p);

	if (r <= 0)
		return r ? r : -ENOENT;
	p.de->inode = inode->i_ino;
	p.de->file_type = ext2_file_type(dir, inode->i_mode);
	mark_buffer_dirty(p.bh);
	brelse(p.bh);
	dir_changed(dir);
	return 0;
}

int ext2_make_empty(struct inode *inode, struct inode *parent)
{
	u32 bs = inode->i_sb->s_blocksize, pblock;
	struct buffer_head *bh;
	struct ext2_dir_entry *de;
	int err = ext2_get_block(inode, 0, &pblock, true);

	if (err)
		return err;
	if (!(bh = ext2_bread(inode->i_sb, pblock)))
		return -EIO;
	memset(bh->b_data, 0, bs);
	de = (struct ext2_dir_entry *)bh->b_data;
	de->rec_len = (u16)EXT2_DIR_REC_LEN(1);
	fill_entry(inode, de, ".", 1, inode);
	de = (struct ext2_dir_entry *)(bh->b_data + de->rec_len);
	de->rec_len = (u16)(bs - EXT2_DIR_REC_LEN(1));
	fill_entry(inode, de, "..", 2, parent);
	mark_buffer_dirty(bh);
	brelse(bh);
	inode->i_size = bs;
	mark_inode_dirty(inode);
	return 0;
}

static int not_dot(struct inode *dir, struct ext2_dirent_pos *p, void *arg)
{
	struct ext2_dir_entry *de = p->de;

	if (!de->inode)
		return 0;
	if (de->name_len == 1 && de->name[0] == '.')
		return 0;
	if (de->name_len == 2 && de->name[0] == '.' && de->name[1] == '.')
		return 0;
	return 1;
}

int ext2_empty_dir(struct inode *inode)
{
	struct ext2_dirent_pos p;
	int r = ext2_walk_dir(inode, 0, not_dot, NULL, &p);

	if (r > 0)
		brelse(p.bh);
	return r < 0 ? r : !r;
}

/* ---------------------------------------------------------------- readdir */

struct readdir_arg {
	struct dir_context *ctx;
	bool filetype;
};

static int emit_entry(struct inode *dir, struct ext2_dirent_pos *p, void *arg)
{
	static const u8 dt[8] = { 0, 8, 4, 2, 6, 1, 12, 10 };   /* EXT2_FT_* -> DT_* */
	struct readdir_arg *a = arg;
	struct ext2_dir_entry *de = p->de;

	a->ctx->pos = p->pos;
	if (de->inode && !a->ctx->emit(a->ctx, de->name, de->name_len, de->inode,
				       a->filetype && de->file_type < 8 ? dt[de->file_type] : 0))
		return 1;                                  /* the caller's buffer is full */
	a->ctx->pos = p->pos + de->rec_len;
	return 0;
}

static int ext2_readdir(struct file *f, struct dir_context *ctx)
{
	struct inode *dir = file_inode(f);
	struct readdir_arg a = { ctx, EXT2_SB(dir->i_sb)->filetype };
	struct ext2_dirent_pos p;
	int r;

	if (ctx->pos >= dir->i_size)
		return 0;
	ext2_lock(dir->i_sb);
	r = ext2_walk_dir(dir, ctx->pos, emit_entry, &a, &p);
	if (r > 0)
		brelse(p.bh);
	else if (r == 0)
		ctx->pos = dir->i_size;
	ext2_unlock(dir->i_sb);
	return r < 0 ? r : 0;
}

const struct file_operations ext2_dir_fops = {
	.iterate = ext2_readdir,
	.fsync = ext2_fsync,
};
