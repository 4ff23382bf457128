/*
 * The memory file systems: ramfs (the root) and tmpfs (/tmp, /dev/shm, /dev, and the hidden
 * instance behind shared memory). A file's data is its page-cache pages and nothing else; a
 * directory is its dentries (DCACHE_PERSISTENT). The two differ only in how their pages are
 * counted: tmpfs pages are shared memory (Shmem in /proc/meminfo), ramfs pages plain Cached.
 *
 * Directory sizes and block counts follow Linux's tmpfs: a directory is 40 bytes plus 20 per
 * entry (BOGO_DIRENT_SIZE), st_blocks counts a file's pages.
 */
#include <fs/fs.h>
#include <kernel/sched.h>
#include <kernel/syscall.h>
#include <kernel/uaccess.h>
#include <kernel/string.h>
#include <kernel/printk.h>
#include <linux/errno.h>
#include <linux/dirent.h>
#include <mm/slab.h>

#define BOGO_DIRENT_SIZE 20

static const struct inode_operations ramfs_dir_iops;
static const struct inode_operations ramfs_file_iops;
static const struct inode_operations ramfs_symlink_iops;
static const struct file_operations ramfs_dir_fops;
const struct file_operations ramfs_file_fops;

static int noop_fsync(struct file *f)
{
	return 0;
}

/* A new inode of a memory file system: its operations by type. */
struct inode *ramfs_get_inode(struct super_block *sb, u32 mode, u32 dev)
{
	struct inode *inode = new_inode(sb, mode);

	if (!inode)
		return NULL;
	inode->i_mapping->swapbacked = sb->s_magic == TMPFS_MAGIC;
	switch (mode & S_IFMT) {
	case S_IFDIR:
		inode->i_op = &ramfs_dir_iops;
		inode->i_fop = &ramfs_dir_fops;
		inode->i_nlink = 2;
		inode->i_size = 2 * BOGO_DIRENT_SIZE;
		break;
	case S_IFREG:
		inode->i_op = &ramfs_file_iops;
		inode->i_fop = &ramfs_file_fops;
		break;
	case S_IFLNK:
		inode->i_op = &ramfs_symlink_iops;
		break;
	case S_IFCHR:
	case S_IFBLK:
		inode->i_rdev = dev;
		inode->i_fop = &def_chr_fops;
		break;
	case S_IFIFO:
		inode->i_fop = &fifo_fops;
		break;
	default:
		break;                                /* sockets: a name only */
	}
	return inode;
}

/* Give d the new inode and keep the name; the directory grows by an entry. */
static void add_name(struct inode *dir, struct dentry *d, struct inode *inode)
{
	d_instantiate(d, inode);
	d_make_persistent(d);
	dir->i_size += BOGO_DIRENT_SIZE;
	dir->i_mtime = dir->i_ctime = current_time();
}

static int ramfs_lookup(struct inode *dir, struct dentry *d)
{
	return 0;                                     /* every name that exists is cached */
}

static int ramfs_mknod(struct inode *dir, struct dentry *d, u32 mode, u32 dev)
{
	struct inode *inode = ramfs_get_inode(dir->i_sb, mode, dev);

	if (!inode)
		return -ENOSPC;
	inode_init_owner(inode, dir);           /* a set-group-ID directory's group */
	add_name(dir, d, inode);
	return 0;
}

static int ramfs_create(struct inode *dir, struct dentry *d, u32 mode)
{
	return ramfs_mknod(dir, d, mode | S_IFREG, 0);
}

static int ramfs_mkdir(struct inode *dir, struct dentry *d, u32 mode)
{
	int err = ramfs_mknod(dir, d, mode | S_IFDIR, 0);

	if (!err)
		dir->i_nlink++;
	return err;
}

static int ramfs_symlink(struct inode *dir, struct dentry *d, const char *target)
{
	size_t len = strlen(target);
	struct inode *inode;

	if (len >= PATH_MAX)
		return -ENAMETOOLONG;
	inode = ramfs_get_inode(dir->i_sb, S_IFLNK | 0777, 0);
	if (!inode)
		return -ENOSPC;
	inode->i_link = kmalloc(len + 1, GFP_KERNEL);
	if (!inode->i_link) {
		iput(inode);
		return -ENOSPC;
	}
	memcpy(inode->i_link, target, len + 1);
	inode->i_size = len;
	add_name(dir, d, inode);
	return 0;
}

static int ramfs_link(struct dentry *old, struct inode *dir, struct dentry *d)
{
	struct inode *inode = old->d_inode;

	inode->i_nlink++;
	inode->i_ctime = current_time();
	add_name(dir, d, igrab(inode));
	return 0;
}

static bool dir_is_empty(struct dentry *d)
{
	struct dentry *c;

	list_for_each_entry(c, &d->d_subdirs, d_child)
		if (c->d_inode)
			return false;
	return true;
}

/* Take d's name out of dir; the inode goes with the dentry's last user. */
static void drop_name(struct inode *dir, struct dentry *d)
{
	d->d_inode->i_ctime = dir->i_ctime = dir->i_mtime = current_time();
	dir->i_size -= BOGO_DIRENT_SIZE;
	d_delete(d);
}

static int ramfs_unlink(struct inode *dir, struct dentry *d)
{
	d->d_inode->i_nlink--;
	drop_name(dir, d);
	return 0;
}

static int ramfs_rmdir(struct inode *dir, struct dentry *d)
{
	if (!dir_is_empty(d))
		return -ENOTEMPTY;
	d->d_inode->i_nlink = 0;              /* a dead directory: nothing can be made in it */
	dir->i_nlink--;
	drop_name(dir, d);
	return 0;
}

static int ramfs_rename(struct inode *old_dir, struct dentry *old, struct inode *new_dir, struct dentry *new)
{
	bool is_dir = S_ISDIR(old->d_inode->i_mode);
	int err;

	if (new->d_inode) {
		err = S_ISDIR(new->d_inode->i_mode) ? ramfs_rmdir(new_dir, new) : ramfs_unlink(new_dir, new);
		if (err)
			return err;
	}
	old_dir->i_size -= BOGO_DIRENT_SIZE;
	new_dir->i_size += BOGO_DIRENT_SIZE;
	if (is_dir) {
		old_dir->i_nlink--;
		new_dir->i_nlink++;
	}
	old_dir->i_mtime = old_dir->i_ctime = new_dir->i_mtime = new_dir->i_ctime = current_time();
	old->d_inode->i_ctime = current_time();
	d_move(old, new->d_parent, new->d_name, new->d_len);
	return 0;
}

static int ramfs_get_link(struct dentry *d, char *buf, size_t size)
{
	return (int)strlcpy(buf, d->d_inode->i_link, size);
}

static const struct inode_operations ramfs_dir_iops = {
	.lookup = ramfs_lookup,
	.create = ramfs_create,
	.mkdir = ramfs_mkdir,
	.mknod = ramfs_mknod,
	.symlink = ramfs_symlink,
	.link = ramfs_link,
	.unlink = ramfs_unlink,
	.rmdir = ramfs_rmdir,
	.rename = ramfs_rename,
	.setattr = simple_setattr,
};

static const struct inode_operations ramfs_file_iops = {
	.setattr = simple_setattr,
};

static const struct inode_operations ramfs_symlink_iops = {
	.get_link = ramfs_get_link,
	.setattr = simple_setattr,
};

int dcache_readdir(struct file *f, struct dir_context *ctx)
{
	struct dentry *dir = f->f_path.dentry, *c;
	u64 i = 2;

	if (ctx->pos == 0 && !ctx->emit(ctx, ".", 1, dir->d_inode->i_ino, DT_DIR))
		return 0;
	if (ctx->pos == 1 && !ctx->emit(ctx, "..", 2, dir->d_parent->d_inode->i_ino, DT_DIR))
		return 0;
	list_for_each_entry(c, &dir->d_subdirs, d_child) {
		if (!c->d_inode)
			continue;                     /* a name being looked up, not an entry */
		if (i++ < ctx->pos)
			continue;
		if (!ctx->emit(ctx, c->d_name, c->d_len, c->d_inode->i_ino, dt_type(c->d_inode->i_mode)))
			return 0;
	}
	return 0;
}

static const struct file_operations ramfs_dir_fops = {
	.iterate = dcache_readdir,
	.fsync = noop_fsync,
};

const struct file_operations ramfs_file_fops = {
	.read = generic_file_read,
	.write = generic_file_write,
	.mmap = generic_file_mmap,
	.fsync = noop_fsync,
	.write_from_file = generic_file_write_from_file,
};

/* ---------------------------------------------------------------- superblocks */

static int ramfs_fill_super_magic(struct super_block *sb, unsigned long magic)
{
	struct inode *root;

	sb->s_magic = magic;
	root = ramfs_get_inode(sb, S_IFDIR | (magic == TMPFS_MAGIC ? 01777 : 0755), 0);
	if (!root)
		return -ENOMEM;
	sb->s_root = d_alloc_root(root);
	if (!sb->s_root) {
		iput(root);
		return -ENOMEM;
	}
	return 0;
}

static int ramfs_fill_super(struct super_block *sb, const char *source, const void *data)
{
	return ramfs_fill_super_magic(sb, RAMFS_MAGIC);
}

static int tmpfs_fill_super(struct super_block *sb, const char *source, const void *data)
{
	return ramfs_fill_super_magic(sb, TMPFS_MAGIC);
}

/* Drop every name below d (deepest first): their inodes go with them. */
static void drop_names(struct dentry *d)
{
	for (;;) {
		struct dentry *c = NULL, *x;
		list_for_each_entry(x, &d->d_subdirs, d_child)
			if (x->d_flags & DCACHE_PERSISTENT) {
				c = x;
				break;
			}
		if (!c)
			return;
		drop_names(c);
		d_delete(c);
	}
}

static void ramfs_kill_sb(struct super_block *sb)
{
	drop_names(sb->s_root);
}

static struct file_system_type ramfs_fs_type = {
	.name = "ramfs", .fill_super = ramfs_fill_super, .kill_sb = ramfs_kill_sb,
};

static struct file_system_type tmpfs_fs_type = {
	.name = "tmpfs", .fill_super = tmpfs_fill_super, .kill_sb = ramfs_kill_sb,
};

void ramfs_register(void)
{
	register_filesystem(&ramfs_fs_type);
	register_filesystem(&tmpfs_fs_type);
}
