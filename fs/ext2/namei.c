/*
 * ext2's inode operations (names: lookup, create, mkdir, unlink, rmdir, rename, links) and
 * file operations. Each operation holds the file system's lock while it changes directories,
 * bitmaps and inodes, and marks what it changed dirty; write-back takes them to the disk.
 * Link counts follow Linux: a directory has 2 + its subdirectories.
 */
#include "ext2.h"
#include <fs/buffer_head.h>
#include <mm/pagemap.h>
#include <kernel/string.h>
#include <linux/errno.h>

#define EXT2_LINK_MAX 32000

static int ext2_lookup(struct inode *dir, struct dentry *d)
{
	struct inode *inode;
	u32 ino;
	int err;

	if (d->d_len > NAME_MAX)
		return -ENAMETOOLONG;
	ext2_lock(dir->i_sb);
	err = ext2_inode_by_name(dir, d->d_name, d->d_len, &ino);
	if (!err && ino) {
		inode = ext2_iget(dir->i_sb, ino);
		if (IS_ERR(inode))
			err = (int)PTR_ERR(inode);
		else
			d_instantiate(d, inode);
	}
	ext2_unlock(dir->i_sb);
	return err;
}

/* Make a new inode of mode and name it d in dir; 0 or -errno (nothing left behind). */
static int ext2_make(struct inode *dir, struct dentry *d, u32 mode, u32 rdev, struct inode **out)
{
	struct inode *inode;
	int err;

	if (dir->i_sb->s_flags & SB_RDONLY)
		return -EROFS;
	if (d->d_len > NAME_MAX)
		return -ENAMETOOLONG;
	if (!dir->i_nlink)
		return -ENOENT;                              /* a removed directory */
	inode = ext2_new_inode(dir, mode);
	if (IS_ERR(inode))
		return (int)PTR_ERR(inode);
	inode->i_rdev = rdev;
	if (S_ISDIR(mode)) {
		inode->i_nlink = 2;
		err = ext2_make_empty(inode, dir);
		if (err)
			goto fail;
	}
	err = ext2_add_link(dir, d->d_name, d->d_len, inode);
	if (err)
		goto fail;
	if (S_ISDIR(mode)) {
		dir->i_nlink++;
		mark_inode_dirty(dir);
	}
	if (out)
		*out = inode;
	d_instantiate(d, inode);
	return 0;
fail:
	inode->i_nlink = 0;                                  /* evict gives everything back */
	iput(inode);
	return err;
}

static int ext2_mknod(struct inode *dir, struct dentry *d, u32 mode, u32 dev)
{
	int err;

	ext2_lock(dir->i_sb);
	err = ext2_make(dir, d, mode, dev, NULL);
	ext2_unlock(dir->i_sb);
	return err;
}

static int ext2_create(struct inode *dir, struct dentry *d, u32 mode)
{
	return ext2_mknod(dir, d, (mode & 07777) | S_IFREG, 0);
}

static int ext2_mkdir(struct inode *dir, struct dentry *d, u32 mode)
{
	if (dir->i_nlink >= EXT2_LINK_MAX)
		return -EMLINK;
	return ext2_mknod(dir, d, (mode & 07777) | S_IFDIR, 0);
}

static int ext2_symlink(struct inode *dir, struct dentry *d, const char *target)
{
	size_t len = strlen(target);
	struct inode *inode;
	int err;

	if (len + 1 > dir->i_sb->s_blocksize)
		return -ENAMETOOLONG;
	ext2_lock(dir->i_sb);
	err = ext2_make(dir, d, S_IFLNK | 0777, 0, &inode);
	if (!err) {
		inode->i_size = len;
		if (len < sizeof(EXT2_I(inode)->i_block)) {       /* a fast symlink: in the inode */
			memcpy(EXT2_I(inode)->i_block, target, len);
		} else {
			u32 pblock;
			struct buffer_head *bh;
			err = ext2_get_block(inode, 0, &pblock, true);
			if (!err && !(bh = ext2_bread(inode->i_sb, pblock)))
				err = -EIO;
			if (!err) {
				memset(bh->b_data, 0, bh->b_size);
				memcpy(bh->b_data, target, len);
				mark_buffer_dirty(bh);
				brelse(bh);
			}
		}
		mark_inode_dirty(inode);
	}
	ext2_unlock(dir->i_sb);
	return err;
}

static int ext2_get_link(struct dentry *d, char *buf, size_t size)
{
	struct inode *inode = d->d_inode;
	size_t len = (size_t)min(inode->i_size, (u64)(size - 1));
	int err = 0;

	if (inode->i_blocks == 0 && inode->i_size < sizeof(EXT2_I(inode)->i_block)) {
		memcpy(buf, EXT2_I(inode)->i_block, len);
	} else {
		u32 pblock;
		struct buffer_head *bh = NULL;
		len = min(len, (size_t)inode->i_sb->s_blocksize - 1);
		err = ext2_get_block(inode, 0, &pblock, false);
		if (!err && (!pblock || !(bh = ext2_bread(inode->i_sb, pblock))))
			err = -EIO;
		if (err)
			return err;
		memcpy(buf, bh->b_data, len);
		brelse(bh);
	}
	buf[len] = '\0';
	return (int)len;
}

static int ext2_link(struct dentry *old, struct inode *dir, struct dentry *d)
{
	struct inode *inode = old->d_inode;
	int err;

	if (dir->i_sb->s_flags & SB_RDONLY)
		return -EROFS;
	if (inode->i_nlink >= EXT2_LINK_MAX)
		return -EMLINK;
	ext2_lock(dir->i_sb);
	err = ext2_add_link(dir, d->d_name, d->d_len, inode);
	if (!err) {
		inode->i_nlink++;
		inode->i_ctime = current_time();
		mark_inode_dirty(inode);
		d_instantiate(d, igrab(inode));
	}
	ext2_unlock(dir->i_sb);
	return err;
}

static int ext2_unlink(struct inode *dir, struct dentry *d)
{
	struct inode *inode = d->d_inode;
	int err;

	if (dir->i_sb->s_flags & SB_RDONLY)
		return -EROFS;
	ext2_lock(dir->i_sb);
	err = ext2_delete_entry(dir, d->d_name, d->d_len);
	if (!err) {
		inode->i_ctime = dir->i_ctime;
		inode->i_nlink--;                            /* at 0, the last user frees it (evict) */
		mark_inode_dirty(inode);
		d_delete(d);
	}
	ext2_unlock(dir->i_sb);
	return err;
}

static int ext2_rmdir(struct inode *dir, struct dentry *d)
{
	struct inode *inode = d->d_inode;
	int err;

	if (dir->i_sb->s_flags & SB_RDONLY)
		return -EROFS;
	ext2_lock(dir->i_sb);
	err = ext2_empty_dir(inode);
	if (err >= 0)
		err = err ? ext2_delete_entry(dir, d->d_name, d->d_len) : -ENOTEMPTY;
	if (!err) {
		inode->i_nlink = 0;
		inode->i_size = 0;
		inode->i_ctime = current_time();
		mark_inode_dirty(inode);
		dir->i_nlink--;
		mark_inode_dirty(dir);
		d_delete(d);
	}
	ext2_unlock(dir->i_sb);
	return err;
}

static int ext2_rename(struct inode *old_dir, struct dentry *old, struct inode *new_dir, struct dentry *new)
{
	struct inode *inode = old->d_inode, *target = new->d_inode;
	bool is_dir = S_ISDIR(inode->i_mode);
	int err;

	if (old_dir->i_sb->s_flags & SB_RDONLY)
		return -EROFS;
	ext2_lock(old_dir->i_sb);
	if (target) {
		err = S_ISDIR(target->i_mode) ? ext2_empty_dir(target) : 1;
		if (err >= 0)
			err = err ? ext2_set_link(new_dir, new->d_name, new->d_len, inode) : -ENOTEMPTY;
		if (err)
			goto out;
		target->i_ctime = current_time();
		if (is_dir) {
			target->i_nlink = 0;
			new_dir->i_nlink--;
		} else {
			target->i_nlink--;
		}
		mark_inode_dirty(target);
		d_delete(new);
	} else {
		if (is_dir && new_dir != old_dir && new_dir->i_nlink >= EXT2_LINK_MAX) {
			err = -EMLINK;
			goto out;
		}
		err = ext2_add_link(new_dir, new->d_name, new->d_len, inode);
		if (err)
			goto out;
	}
	err = ext2_delete_entry(old_dir, old->d_name, old->d_len);
	if (err)
		goto out;
	inode->i_ctime = current_time();
	mark_inode_dirty(inode);
	if (is_dir) {
		if (new_dir != old_dir)
			ext2_set_link(inode, "..", 2, new_dir);
		old_dir->i_nlink--;
		new_dir->i_nlink++;
		mark_inode_dirty(old_dir);
		mark_inode_dirty(new_dir);
	}
	d_move(old, new->d_parent, new->d_name, new->d_len);
out:
	ext2_unlock(old_dir->i_sb);
	return err;
}

const struct inode_operations ext2_dir_iops = {
	.lookup = ext2_lookup,
	.create = ext2_create,
	.mkdir = ext2_mkdir,
	.mknod = ext2_mknod,
	.symlink = ext2_symlink,
	.link = ext2_link,
	.unlink = ext2_unlink,
	.rmdir = ext2_rmdir,
	.rename = ext2_rename,
	.setattr = ext2_setattr,
};

const struct inode_operations ext2_file_iops = { .setattr = ext2_setattr };
const struct inode_operations ext2_symlink_iops = { .get_link = ext2_get_link, .setattr = ext2_setattr };
const struct inode_operations ext2_special_iops = { .setattr = ext2_setattr };

/* ---------------------------------------------------------------- files */

static ssize_t ext2_file_write(struct file *f, const char *ubuf, size_t n, u64 *pos)
{
	if (file_inode(f)->i_sb->s_flags & SB_RDONLY)
		return -EROFS;
	return generic_file_write(f, ubuf, n, pos);
}

static ssize_t ext2_file_write_from_file(struct file *f, struct file *in, u64 *in_pos, size_t n, u64 *pos)
{
	if (file_inode(f)->i_sb->s_flags & SB_RDONLY)
		return -EROFS;
	return generic_file_write_from_file(f, in, in_pos, n, pos);
}

/* fsync: the file's pages and inode, then the metadata blocks (bitmaps, indirect blocks). */
int ext2_fsync(struct file *f)
{
	struct inode *inode = file_inode(f);
	int err = write_inode_now(inode), e = sync_blockdev(inode->i_sb->s_bdev);

	return err ? err : e;
}

const struct file_operations ext2_file_fops = {
	.read = generic_file_read,
	.write = ext2_file_write,
	.mmap = generic_file_mmap,
	.fsync = ext2_fsync,
	.write_from_file = ext2_file_write_from_file,
};
