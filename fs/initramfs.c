/*
 * The initramfs: cpio "newc" archives passed by the boot loader as modules, unpacked into the
 * root file system (later archives overlay earlier ones): directories, files (their data goes
 * straight into page-cache pages), symbolic links, device nodes and FIFOs. The archives' own
 * memory is given back to the buddy allocator afterwards (kernel/init.c).
 */
#include <fs/fs.h>
#include <fs/cpio.h>
#include <kernel/sched.h>
#include <kernel/printk.h>
#include <kernel/string.h>
#include <linux/errno.h>
#include <mm/slab.h>

/* The parent directory and last name of path (from the root); 0 or -errno. */
static int parent_of(const char *path, struct path *parent, struct dentry **dp)
{
	const char *last;
	size_t len;
	struct dentry *d;
	int err = path_parent_at(AT_FDCWD, path, parent, &last, &len);

	if (err)
		return err;
	d = lookup_one(parent->dentry, last, len);
	if (IS_ERR(d)) {
		path_put(parent);
		return (int)PTR_ERR(d);
	}
	*dp = d;
	return 0;
}

/* Make (or, for a directory, find) name with mode; for files, replace what was there. */
static int make_node(const char *name, const struct cpio_entry *e, struct inode **out)
{
	struct path parent;
	struct dentry *d;
	struct inode *dir;
	int err = parent_of(name, &parent, &d);

	if (err)
		return err;
	dir = parent.dentry->d_inode;
	if (d->d_inode && S_ISDIR(e->mode) && S_ISDIR(d->d_inode->i_mode)) {
		err = 0;                                /* already there: keep it */
	} else {
		if (d->d_inode) {                       /* a later archive replaces a file */
			err = S_ISDIR(d->d_inode->i_mode) ? -EEXIST : dir->i_op->unlink(dir, d);
			dput(d);
			path_put(&parent);
			return err ? err : make_node(name, e, out);
		}
		if (!err) {
			if (S_ISDIR(e->mode))
				err = dir->i_op->mkdir(dir, d, e->mode & 07777);
			else if (S_ISREG(e->mode))
				err = dir->i_op->create(dir, d, e->mode & 07777);
			else
				err = dir->i_op->mknod(dir, d, e->mode, MKDEV(e->rdev_major, e->rdev_minor));
		}
	}
	if (!err) {
		d->d_inode->i_mode = e->mode;
		d->d_inode->i_uid = e->uid;             /* as the archive says, as Linux does */
		d->d_inode->i_gid = e->gid;
		d->d_inode->i_mtime = d->d_inode->i_ctime = e->mtime;
		*out = d->d_inode;
	}
	if (d)
		dput(d);
	path_put(&parent);
	return err;
}

static int make_symlink(const char *name, const struct cpio_entry *e)
{
	struct path parent;
	struct dentry *d;
	char *target = kmalloc(e->size + 1, GFP_KERNEL);
	int err;

	if (!target)
		return -ENOMEM;
	memcpy(target, e->data, e->size);
	target[e->size] = '\0';
	err = parent_of(name, &parent, &d);
	if (!err && d->d_inode && !S_ISDIR(d->d_inode->i_mode)) {
		/* a later archive replaces a file with a link (a BusyBox applet for this project's tool) */
		struct inode *dir = parent.dentry->d_inode;
		err = dir->i_op->unlink(dir, d);
		dput(d);
		path_put(&parent);
		if (!err)
			err = parent_of(name, &parent, &d);
	}
	if (!err) {
		struct inode *dir = parent.dentry->d_inode;
		err = d->d_inode ? -EEXIST : dir->i_op->symlink(dir, d, target);
		dput(d);
		path_put(&parent);
	}
	kfree(target);
	return err;
}

struct unpack_state {
	unsigned files, dirs, others;
	unsigned long bytes;
	int err;
};

static int unpack_one(const struct cpio_entry *e, void *arg)
{
	struct unpack_state *st = arg;
	const char *name = e->name;
	struct inode *inode;
	int err;

	while (name[0] == '.' && name[1] == '/')
		name += 2;
	if (!strcmp(name, ".") || !name[0])
		return 0;
	if (S_ISLNK(e->mode)) {
		err = make_symlink(name, e);
		st->others += !err;
	} else {
		err = make_node(name, e, &inode);
		if (!err && S_ISREG(e->mode) && e->size) {
			err = pagecache_write(inode, 0, e->data, e->size);
			inode->i_mtime = e->mtime;
		}
		if (!err) {
			if (S_ISDIR(e->mode))
				st->dirs++;
			else if (S_ISREG(e->mode))
				st->files++;
			else
				st->others++;
			st->bytes += S_ISREG(e->mode) ? e->size : 0;
		}
	}
	if (err) {
		pr_err("initramfs: cannot create %s (error %d)\n", name, err);
		st->err = err;
		return 1;
	}
	return 0;
}

int unpack_to_rootfs(const u8 *buf, size_t len, const char *what)
{
	struct unpack_state st = { 0 };
	const char *why = NULL;

	if (cpio_parse(buf, len, unpack_one, &st, &why)) {
		pr_err("initramfs: %s is not a valid cpio newc archive: %s; the files before the error were kept\n",
		       what, why);
		return -EINVAL;
	}
	pr_info("initramfs: %s: %u files (%lu KiB), %u directories%s unpacked into the page cache\n",
		what, st.files, st.bytes >> 10, st.dirs, st.others ? ", links and device nodes" : "");
	return st.err;
}
