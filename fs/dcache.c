/*
 * Dentries: the names of the tree. A dentry ties a name in a parent directory to an inode; one
 * without an inode is negative ("no such name", kept only while in use). Memory file systems
 * (ramfs, tmpfs, /dev) have no directories anywhere else: their dentries are the directories,
 * kept for as long as the name exists (DCACHE_PERSISTENT), as Linux's ramfs does. Other file
 * systems' dentries (/proc) go when their last user does and are looked up again next time.
 */
#include <fs/fs.h>
#include <kernel/string.h>
#include <linux/errno.h>
#include <mm/slab.h>

unsigned long nr_dentries;

static struct dentry *__d_alloc(struct super_block *sb, const char *name, size_t len)
{
	struct dentry *d = kzalloc(sizeof(*d), GFP_KERNEL);

	if (!d)
		return NULL;
	d->d_name = kmalloc(len + 1, GFP_KERNEL);
	if (!d->d_name) {
		kfree(d);
		return NULL;
	}
	memcpy(d->d_name, name, len);
	d->d_name[len] = '\0';
	d->d_len = (u32)len;
	d->d_count = 1;
	d->d_sb = sb;
	INIT_LIST_HEAD(&d->d_subdirs);
	INIT_LIST_HEAD(&d->d_child);
	nr_dentries++;
	return d;
}

struct dentry *d_alloc(struct dentry *parent, const char *name, size_t len)
{
	struct dentry *d = __d_alloc(parent->d_sb, name, len);

	if (d) {
		d->d_parent = dget(parent);
		list_add_tail(&d->d_child, &parent->d_subdirs);
	}
	return d;
}

struct dentry *d_alloc_pseudo(struct inode *inode, const char *name)
{
	struct dentry *d = __d_alloc(inode->i_sb, name, strlen(name));

	if (!d)
		return NULL;
	d->d_parent = d;
	d->d_inode = inode;
	return d;
}

struct dentry *d_alloc_root(struct inode *root)
{
	struct dentry *d = d_alloc_pseudo(root, "/");

	return d;
}

void d_instantiate(struct dentry *d, struct inode *inode)
{
	d->d_inode = inode;
}

struct dentry *d_lookup(struct dentry *parent, const char *name, size_t len)
{
	struct dentry *d;

	list_for_each_entry(d, &parent->d_subdirs, d_child)
		if (d->d_len == len && !memcmp(d->d_name, name, len))
			return dget(d);
	return NULL;
}

struct dentry *dget(struct dentry *d)
{
	d->d_count++;
	return d;
}

static void d_free(struct dentry *d)
{
	kfree(d->d_name);
	kfree(d);
	nr_dentries--;
}

void dput(struct dentry *d)
{
	while (d && --d->d_count == 0) {
		struct dentry *parent = d->d_parent;

		if (parent == d) {                      /* a root: its superblock is going */
			iput(d->d_inode);
			d_free(d);
			return;
		}
		list_del(&d->d_child);
		iput(d->d_inode);
		d_free(d);
		d = parent;                             /* the child's reference to it goes too */
	}
}

void d_make_persistent(struct dentry *d)
{
	d->d_flags |= DCACHE_PERSISTENT;
	dget(d);
}

void d_delete(struct dentry *d)
{
	/* out of the parent's list: no walk finds it; users keep it (and the inode) until they go */
	list_del(&d->d_child);
	INIT_LIST_HEAD(&d->d_child);
	if (d->d_flags & DCACHE_PERSISTENT) {
		d->d_flags &= ~DCACHE_PERSISTENT;
		dput(d);
	}
}

void d_move(struct dentry *d, struct dentry *new_parent, const char *name, size_t len)
{
	char *n = kmalloc(len + 1, GFP_KERNEL);

	if (n) {                                        /* else it keeps its old name: still unique */
		memcpy(n, name, len);
		n[len] = '\0';
		kfree(d->d_name);
		d->d_name = n;
		d->d_len = (u32)len;
	}
	list_del(&d->d_child);
	list_add_tail(&d->d_child, &new_parent->d_subdirs);
	if (d->d_parent != new_parent) {
		struct dentry *old = d->d_parent;
		d->d_parent = dget(new_parent);
		dput(old);
	}
}

bool d_unhashed(const struct dentry *d)
{
	return d->d_parent != d && list_empty(&d->d_child);
}

char *d_path(const struct path *path, char *buf, size_t size)
{
	struct mount *mnt = path->mnt;
	struct dentry *d = path->dentry;
	char *p = buf + size;
	bool deleted = d_unhashed(d);

	*--p = '\0';
	if (deleted) {
		static const char tag[] = " (deleted)";
		if ((size_t)(p - buf) <= sizeof(tag))
			return ERR_PTR(-ENAMETOOLONG);
		p -= sizeof(tag) - 1;
		memcpy(p, tag, sizeof(tag) - 1);
	}
	for (;;) {
		if (mnt && d == mnt->mnt_root) {
			if (mnt->mnt_parent == mnt)
				break;                  /* the root of everything */
			d = mnt->mnt_mountpoint;        /* continue in the mount below */
			mnt = mnt->mnt_parent;
			continue;
		}
		if (d->d_parent == d)
			break;                          /* a root of an unmounted file system */
		if ((size_t)(p - buf) < d->d_len + 2)
			return ERR_PTR(-ENAMETOOLONG);
		p -= d->d_len;
		memcpy(p, d->d_name, d->d_len);
		*--p = '/';
		d = d->d_parent;
	}
	if (*p == '\0' || *p == ' ')
		*--p = '/';
	return p;
}
