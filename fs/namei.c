/*
 * Path walks (namei): from a name to a (mount, dentry) pair, one component at a time. Each
 * step looks the name up in the dentry cache, or asks the directory's inode (i_op->lookup);
 * reaching a mount point continues in the file system mounted there; ".." at the root of a
 * mount goes back to the directory it is mounted on; a symbolic link is replaced by its target
 * (at most MAXSYMLINKS of them in one walk: ELOOP).
 *
 * A name is copied from user space into its own buffer (getname) for the duration of the call,
 * never into a shared static one: a process may sleep in the middle of a walk (a disk read)
 * while another walks too.
 *
 * Also here: the system calls that make and remove names: mkdir, mknod, unlink, rmdir, rename,
 * symlink, link, readlink, chdir, fchdir, getcwd, umask.
 */
#include <fs/fs.h>
#include <fs/file.h>
#include <kernel/sched.h>
#include <kernel/syscall.h>
#include <kernel/uaccess.h>
#include <kernel/string.h>
#include <linux/errno.h>
#include <mm/slab.h>

#define MAX_NESTED_LINKS 8        /* links inside a link's target being walked, one in another */

/* ---------------------------------------------------------------- names */

char *getname(const char *uname)
{
	char *buf = kmalloc(PATH_MAX, GFP_KERNEL);
	long n;

	if (!buf)
		return ERR_PTR(-ENOMEM);
	n = strncpy_from_user(buf, uname, PATH_MAX);
	if (n < 0) {
		kfree(buf);
		return ERR_PTR(n);
	}
	return buf;
}

void putname(char *name)
{
	kfree(name);
}

/* ---------------------------------------------------------------- the walk */

struct nameidata {
	struct path path;             /* where the walk is */
	unsigned flags;
	unsigned total_links;         /* symbolic links followed so far */
	unsigned nested;              /* links whose targets are being walked now */
	char *link_buf[MAX_NESTED_LINKS];  /* link targets being walked, one per nesting level */
};

/* The root: every absolute name starts here. */
static void set_root(struct path *p)
{
	p->mnt = root_mount;
	p->dentry = root_mount->mnt_root;
	path_get(p);
}

static void path_replace(struct path *p, struct mount *mnt, struct dentry *d)
{
	struct path old = *p;

	p->mnt = mnt;
	p->dentry = d;                 /* the caller's reference to d moves here */
	if (mnt)
		mnt->mnt_count++;
	path_put(&old);
}

/* Step into whatever is mounted on p (the topmost mount). */
static void follow_mount(struct path *p)
{
	struct mount *m;

	while ((m = lookup_mnt(p)) != NULL)
		path_replace(p, m, dget(m->mnt_root));
}

static void follow_dotdot(struct path *p)
{
	for (;;) {
		if (p->dentry == root_mount->mnt_root && p->mnt == root_mount)
			return;                             /* ".." of the root is the root */
		if (p->dentry != p->mnt->mnt_root)
			break;
		if (p->mnt->mnt_parent == p->mnt || !p->mnt->mnt_parent)
			return;
		path_replace(p, p->mnt->mnt_parent, dget(p->mnt->mnt_mountpoint));
	}
	path_replace(p, p->mnt, dget(p->dentry->d_parent));
	follow_mount(p);
}

/* The child name of dir (a positive or negative dentry, with a reference), or an ERR_PTR. */
struct dentry *lookup_one(struct dentry *dir, const char *name, size_t len)
{
	struct inode *inode = dir->d_inode;
	struct dentry *d = d_lookup(dir, name, len);
	int err;

	if (d)
		return d;
	if (!S_ISDIR(inode->i_mode) || !inode->i_op || !inode->i_op->lookup)
		return ERR_PTR(-ENOTDIR);
	d = d_alloc(dir, name, len);
	if (!d)
		return ERR_PTR(-ENOMEM);
	err = inode->i_op->lookup(inode, d);
	if (err) {
		dput(d);
		return ERR_PTR(err);
	}
	return d;
}

/*
 * Read the target of the link at nd->path into buffer level of nd->link_buf, count it, and
 * step back to dir (the directory the link is in), where the target's walk starts.
 */
static int read_link(struct nameidata *nd, const struct path *dir, unsigned level, char **target)
{
	struct inode *inode = nd->path.dentry->d_inode, *parent = dir->dentry->d_inode;
	int len;

	if (++nd->total_links > MAXSYMLINKS || level >= MAX_NESTED_LINKS)
		return -ELOOP;
	/*
	 * protected_symlinks (on by default in Debian's Linux): in a sticky, world-writable
	 * directory (/tmp), a link is followed only by its owner or when the directory's owner
	 * owns it too, so no one can plant a link there for another user's program to follow.
	 */
	if ((parent->i_mode & 01002) == 01002 && inode->i_uid != current->cred.fsuid &&
	    inode->i_uid != parent->i_uid)
		return -EACCES;
	if (!inode->i_op || !inode->i_op->get_link)
		return -EINVAL;
	if (!nd->link_buf[level] && !(nd->link_buf[level] = kmalloc(PATH_MAX, GFP_KERNEL)))
		return -ENOMEM;
	*target = nd->link_buf[level];
	len = inode->i_op->get_link(nd->path.dentry, *target, PATH_MAX);
	if (len < 0)
		return len;
	if (len == 0)
		return -ENOENT;
	path_put(&nd->path);
	nd->path = *dir;
	path_get(&nd->path);
	if ((*target)[0] == '/') {
		path_put(&nd->path);
		set_root(&nd->path);
	}
	return 0;
}

/*
 * Walk name from nd->path. flags apply to its last component: LOOKUP_FOLLOW follows a link
 * there (links before the last are always followed), LOOKUP_DIRECTORY requires a directory.
 * A link in the middle of a name is walked by a nested call (its target has more of the name
 * after it); a link at the end replaces the name being walked, so a chain of links costs no
 * nesting. level: which of nd->link_buf's buffers holds targets read at this depth.
 */
static int walk_name(struct nameidata *nd, const char *name, unsigned flags, unsigned level)
{
	if (name[0] == '/') {
		path_put(&nd->path);
		set_root(&nd->path);
	}
	for (const char *p = name;;) {
		const char *end;
		struct dentry *d;
		size_t len;
		bool last, slash;
		struct path dir;
		int err;

		while (*p == '/')
			p++;
		if (!*p)
			break;
		for (end = p; *end && *end != '/'; end++)
			;
		len = (size_t)(end - p);
		slash = *end == '/';
		while (*end == '/')
			end++;
		last = !*end;
		if (len > NAME_MAX)
			return -ENAMETOOLONG;
		if (!S_ISDIR(nd->path.dentry->d_inode->i_mode))
			return -ENOTDIR;
		err = inode_permission(nd->path.dentry->d_inode, MAY_EXEC);   /* search permission */
		if (err)
			return err;
		if (len == 1 && p[0] == '.') {
			p = end;
			continue;
		}
		if (len == 2 && p[0] == '.' && p[1] == '.') {
			follow_dotdot(&nd->path);
			p = end;
			continue;
		}
		d = lookup_one(nd->path.dentry, p, len);
		if (IS_ERR(d))
			return (int)PTR_ERR(d);
		if (!d->d_inode) {
			dput(d);
			return -ENOENT;
		}
		dir = nd->path;
		path_get(&dir);
		path_replace(&nd->path, nd->path.mnt, d);
		follow_mount(&nd->path);
		if (!S_ISLNK(nd->path.dentry->d_inode->i_mode) || (last && !slash && !(flags & LOOKUP_FOLLOW))) {
			path_put(&dir);
		} else if (last) {
			/* "name/" asks for a directory, through the link */
			char *target;
			err = read_link(nd, &dir, level, &target);
			path_put(&dir);
			if (err)
				return err;
			if (slash)
				flags |= LOOKUP_FOLLOW | LOOKUP_DIRECTORY;
			p = target;                         /* go on with the target instead */
			continue;
		} else {
			char *target;
			err = read_link(nd, &dir, level + 1, &target);
			path_put(&dir);
			if (!err)
				err = walk_name(nd, target, LOOKUP_FOLLOW, level + 1);
			if (err)
				return err;
		}
		if (last && slash && !S_ISDIR(nd->path.dentry->d_inode->i_mode))
			return -ENOTDIR;
		p = end;
	}
	if ((flags & LOOKUP_DIRECTORY) && !S_ISDIR(nd->path.dentry->d_inode->i_mode))
		return -ENOTDIR;
	return 0;
}

/* Where a walk starts: the root for absolute names, else dirfd's directory or the cwd. */
static int path_init(int dirfd, const char *name, struct path *start)
{
	if (name[0] == '/' || dirfd == AT_FDCWD) {
		if (name[0] == '/')
			set_root(start);
		else {
			*start = current->fs->pwd;
			path_get(start);
		}
		return 0;
	}
	struct file *f = fget_raw(dirfd);           /* an O_PATH directory serves too */
	if (!f)
		return -EBADF;
	if (!S_ISDIR(file_inode(f)->i_mode))
		return -ENOTDIR;
	*start = f->f_path;
	path_get(start);
	return 0;
}

static int do_path_walk(int dirfd, const char *name, unsigned flags, struct path *path)
{
	struct nameidata nd = { .flags = flags };
	int err;

	if (!name[0])
		return -ENOENT;
	if ((err = path_init(dirfd, name, &nd.path)) != 0)
		return err;
	err = walk_name(&nd, name, flags, 0);
	for (unsigned i = 0; i < MAX_NESTED_LINKS; i++)
		kfree(nd.link_buf[i]);
	if (err) {
		path_put(&nd.path);
		return err;
	}
	*path = nd.path;
	return 0;
}

int kern_path_at(int dirfd, const char *name, unsigned flags, struct path *path)
{
	return do_path_walk(dirfd, name, flags, path);
}

int kern_path(const char *name, unsigned flags, struct path *path)
{
	return do_path_walk(AT_FDCWD, name, flags, path);
}

int user_path_at(int dirfd, const char *uname, unsigned flags, struct path *path)
{
	char *name = getname(uname);
	int err;

	if (IS_ERR(name))
		return (int)PTR_ERR(name);
	err = do_path_walk(dirfd, name, flags, path);
	putname(name);
	return err;
}

int path_parent_at(int dirfd, const char *name, struct path *parent, const char **lastp, size_t *lenp)
{
	const char *last = NULL, *p;
	size_t len = 0;
	char *dir;
	int err;

	if (!name[0])
		return -ENOENT;
	/* the last component, trailing slashes aside */
	for (p = name; *p; ) {
		while (*p == '/')
			p++;
		if (!*p)
			break;
		last = p;
		while (*p && *p != '/')
			p++;
		len = (size_t)(p - last);
	}
	if (!last) {                                    /* "/": the root itself */
		*lastp = ".";
		*lenp = 1;
		set_root(parent);
		return 0;
	}
	if (len > NAME_MAX)
		return -ENAMETOOLONG;
	dir = kmalloc((size_t)(last - name) + 2, GFP_KERNEL);
	if (!dir)
		return -ENOMEM;
	memcpy(dir, name, (size_t)(last - name));
	dir[last - name] = '\0';
	if (!dir[0])
		strlcpy(dir, ".", 2);
	err = do_path_walk(dirfd, dir, LOOKUP_FOLLOW | LOOKUP_DIRECTORY, parent);
	kfree(dir);
	*lastp = last;
	*lenp = len;
	return err;
}

/* ---------------------------------------------------------------- making and removing names */

/*
 * The parent of a name to create and the (negative) dentry for it. The name must not exist
 * (EEXIST), "." or "..", nor end in a slash unless dir. 0 or -errno; on success the caller
 * holds parent and *dp.
 */
static int create_prepare(int dirfd, const char *name, bool dir, struct path *parent, struct dentry **dp)
{
	const char *last;
	size_t len;
	struct dentry *d;
	int err = path_parent_at(dirfd, name, parent, &last, &len);

	if (err)
		return err;
	if ((len == 1 && last[0] == '.') || (len == 2 && last[0] == '.' && last[1] == '.')) {
		path_put(parent);
		return -EEXIST;
	}
	d = lookup_one(parent->dentry, last, len);
	if (IS_ERR(d)) {
		path_put(parent);
		return (int)PTR_ERR(d);
	}
	if (d->d_inode) {
		dput(d);
		path_put(parent);
		return -EEXIST;
	}
	if (parent->dentry->d_inode->i_nlink == 0) {
		dput(d);
		path_put(parent);
		return -ENOENT;                             /* the directory was removed */
	}
	if (!dir && last[len] == '/') {
		dput(d);
		path_put(parent);
		return -ENOENT;                             /* "newfile/": no such directory */
	}
	err = inode_permission(parent->dentry->d_inode, MAY_WRITE | MAY_EXEC);
	if (err) {
		dput(d);
		path_put(parent);
		return err;
	}
	*dp = d;
	return 0;
}

int kern_mknodat(int dirfd, const char *name, u32 mode, u32 dev)
{
	struct path parent;
	struct dentry *d;
	struct inode *dir;
	int err = create_prepare(dirfd, name, S_ISDIR(mode), &parent, &d);

	if (err)
		return err;
	dir = parent.dentry->d_inode;
	if (S_ISDIR(mode))
		err = dir->i_op->mkdir ? dir->i_op->mkdir(dir, d, mode) : -EPERM;
	else if (S_ISREG(mode))
		err = dir->i_op->create ? dir->i_op->create(dir, d, mode) : -EPERM;
	else
		err = dir->i_op->mknod ? dir->i_op->mknod(dir, d, mode, dev) : -EPERM;
	dput(d);
	path_put(&parent);
	return err;
}

/* mknod and mkdir for a user: the name from user space, the mode less the umask. */
static long do_mknodat(int dirfd, const char *uname, u32 mode, u32 dev)
{
	char *name = getname(uname);
	long err;

	if (IS_ERR(name))
		return PTR_ERR(name);
	err = kern_mknodat(dirfd, name, (mode & S_IFMT) | (mode & 07777 & ~current->fs->umask), dev);
	putname(name);
	return err;
}

long sys_mkdirat(long dirfd, const char *uname, long mode)
{
	return do_mknodat((int)dirfd, uname, S_IFDIR | ((u32)mode & 07777), 0);
}

long sys_mkdir(const char *uname, long mode)
{
	return sys_mkdirat(AT_FDCWD, uname, mode);
}

long sys_mknodat(long dirfd, const char *uname, long mode, unsigned long dev)
{
	u32 type = (u32)mode & S_IFMT;

	if (type == 0)
		type = S_IFREG;
	if (type != S_IFREG && type != S_IFCHR && type != S_IFBLK && type != S_IFIFO && type != S_IFSOCK)
		return -EINVAL;
	if ((type == S_IFCHR || type == S_IFBLK) && !capable(CAP_MKNOD))
		return -EPERM;                              /* only root makes device nodes */
	/* the i386 dev_t of mknod is Linux's new encoding: minor low 8 bits, major next 12 */
	return do_mknodat((int)dirfd, uname, type | ((u32)mode & 07777),
			  MKDEV((dev >> 8) & 0xfff, (dev & 0xff)));
}

long sys_mknod(const char *uname, long mode, unsigned long dev)
{
	return sys_mknodat(AT_FDCWD, uname, mode, dev);
}

/* The existing last component of name (not followed), with its parent: for unlink, rmdir, rename. */
static int lookup_last(int dirfd, const char *name, struct path *parent, struct dentry **dp,
		       const char **lastp, size_t *lenp)
{
	struct dentry *d;
	int err = path_parent_at(dirfd, name, parent, lastp, lenp);

	if (err)
		return err;
	d = lookup_one(parent->dentry, *lastp, *lenp);
	if (IS_ERR(d)) {
		path_put(parent);
		return (int)PTR_ERR(d);
	}
	if (!d->d_inode) {
		dput(d);
		path_put(parent);
		return -ENOENT;
	}
	*dp = d;
	return 0;
}

/* Is anything mounted on d, or is d the root of its mount? Such names cannot be removed. */
static bool is_busy_name(const struct path *parent, struct dentry *d)
{
	return d->d_mounted || d == parent->mnt->mnt_root;
}

/*
 * May the current task remove (or rename away) d from dir? Write and search permission on dir;
 * and in a sticky directory (/tmp) only the file's owner, the directory's owner or root may
 * (Linux's may_delete and check_sticky). 0, -EACCES or -EPERM.
 */
static int may_delete(struct inode *dir, struct dentry *d)
{
	int err = inode_permission(dir, MAY_WRITE | MAY_EXEC);

	if (err)
		return err;
	if ((dir->i_mode & 01000) && d->d_inode->i_uid != current->cred.fsuid &&
	    dir->i_uid != current->cred.fsuid && !capable(CAP_FOWNER))
		return -EPERM;
	return 0;
}

/* unlink or rmdir of a name in the kernel's memory. */
static long unlink_name(int dirfd, const char *name, bool rmdir)
{
	struct path parent;
	struct dentry *d;
	const char *last;
	size_t len;
	struct inode *dir;
	long err;

	err = path_parent_at(dirfd, name, &parent, &last, &len);
	if (!err && ((len == 1 && last[0] == '.') || (len == 2 && last[0] == '.' && last[1] == '.'))) {
		/* "dir/." and "dir/..": Linux refuses them by name, before any lookup */
		err = !rmdir ? -EISDIR : len == 1 ? -EINVAL : -ENOTEMPTY;
		path_put(&parent);
	} else if (!err) {
		path_put(&parent);
		err = lookup_last(dirfd, name, &parent, &d, &last, &len);
	}
	if (err)
		return err;
	dir = parent.dentry->d_inode;
	err = may_delete(dir, d);
	if (!err && rmdir) {
		if (!S_ISDIR(d->d_inode->i_mode))
			err = -ENOTDIR;
		else if (is_busy_name(&parent, d))
			err = -EBUSY;
		else
			err = dir->i_op->rmdir ? dir->i_op->rmdir(dir, d) : -EPERM;
	} else if (!err) {
		if (S_ISDIR(d->d_inode->i_mode))
			err = -EISDIR;
		else if (last[len] == '/')
			err = -ENOTDIR;
		else
			err = dir->i_op->unlink ? dir->i_op->unlink(dir, d) : -EPERM;
	}
	dput(d);
	path_put(&parent);
	return err;
}

static long do_unlinkat(int dirfd, const char *uname, bool rmdir)
{
	char *name = getname(uname);
	long err;

	if (IS_ERR(name))
		return PTR_ERR(name);
	err = unlink_name(dirfd, name, rmdir);
	putname(name);
	return err;
}

/* unlink for the kernel itself (a core dump replacing an old "core"), with the caller's rights. */
int kern_unlink(const char *name)
{
	return (int)unlink_name(AT_FDCWD, name, false);
}

long sys_unlink(const char *uname) { return do_unlinkat(AT_FDCWD, uname, false); }
long sys_rmdir(const char *uname) { return do_unlinkat(AT_FDCWD, uname, true); }

long sys_unlinkat(long dirfd, const char *uname, long flags)
{
	if (flags & ~AT_REMOVEDIR)
		return -EINVAL;
	return do_unlinkat((int)dirfd, uname, flags & AT_REMOVEDIR);
}

#define RENAME_NOREPLACE 1

/*
 * May the current task move od (in op) to nd (in np)? As Linux's vfs_rename: the old name may
 * be removed, the new one created or replaced, and a directory that changes parent needs write
 * permission on itself (its ".." changes).
 */
static int may_rename(struct path *op, struct dentry *od, struct path *np, struct dentry *nd)
{
	int err = may_delete(op->dentry->d_inode, od);

	if (!err)
		err = nd->d_inode ? may_delete(np->dentry->d_inode, nd)
				  : inode_permission(np->dentry->d_inode, MAY_WRITE | MAY_EXEC);
	if (!err && S_ISDIR(od->d_inode->i_mode) && np->dentry != op->dentry)
		err = inode_permission(od->d_inode, MAY_WRITE);
	return err;
}

long sys_renameat2(long olddirfd, const char *uold, long newdirfd, const char *unew, long flags)
{
	char *from = getname(uold), *to = IS_ERR(from) ? NULL : getname(unew);
	struct path op, np;
	struct dentry *od, *nd;
	const char *olast, *nlast;
	size_t olen, nlen;
	long err;

	if (IS_ERR(from))
		return PTR_ERR(from);
	if (IS_ERR(to)) {
		putname(from);
		return PTR_ERR(to);
	}
	if (flags & ~RENAME_NOREPLACE) {
		err = -EINVAL;                              /* RENAME_EXCHANGE, RENAME_WHITEOUT */
		goto out_names;
	}
	err = lookup_last((int)olddirfd, from, &op, &od, &olast, &olen);
	if (err)
		goto out_names;
	err = path_parent_at((int)newdirfd, to, &np, &nlast, &nlen);
	if (err)
		goto out_old;
	if ((olen <= 2 && olast[0] == '.' && (olen == 1 || olast[1] == '.')) ||
	    (nlen <= 2 && nlast[0] == '.' && (nlen == 1 || nlast[1] == '.'))) {
		err = is_busy_name(&op, od) ? -EBUSY : -EINVAL;
		goto out_new_parent;
	}
	if (op.mnt->mnt_sb != np.mnt->mnt_sb || op.mnt != np.mnt) {
		err = -EXDEV;
		goto out_new_parent;
	}
	nd = lookup_one(np.dentry, nlast, nlen);
	if (IS_ERR(nd)) {
		err = PTR_ERR(nd);
		goto out_new_parent;
	}
	if (nd == od) {
		err = 0;                                    /* the same name: nothing to do */
	} else if (nd->d_inode && (flags & RENAME_NOREPLACE)) {
		err = -EEXIST;
	} else if (is_busy_name(&op, od) || (nd->d_inode && is_busy_name(&np, nd))) {
		err = -EBUSY;
	} else if (!S_ISDIR(od->d_inode->i_mode) && (olast[olen] == '/' || nlast[nlen] == '/')) {
		err = -ENOTDIR;
	} else if (nd->d_inode && S_ISDIR(od->d_inode->i_mode) && !S_ISDIR(nd->d_inode->i_mode)) {
		err = -ENOTDIR;
	} else if (nd->d_inode && !S_ISDIR(od->d_inode->i_mode) && S_ISDIR(nd->d_inode->i_mode)) {
		err = -EISDIR;
	} else if (nd->d_inode && od->d_inode == nd->d_inode) {
		err = 0;                                    /* two names of one file: nothing */
	} else if ((err = may_rename(&op, od, &np, nd)) != 0) {
		;                                           /* no right to one of the names */
	} else {
		err = 0;
		/* a directory cannot move below itself */
		for (struct dentry *a = np.dentry; S_ISDIR(od->d_inode->i_mode); a = a->d_parent) {
			if (a == od) {
				err = -EINVAL;
				break;
			}
			if (a->d_parent == a)
				break;
		}
		if (!err) {
			struct inode *odir = op.dentry->d_inode;
			err = odir->i_op->rename ? odir->i_op->rename(odir, od, np.dentry->d_inode, nd) : -EPERM;
		}
	}
	dput(nd);
out_new_parent:
	path_put(&np);
out_old:
	dput(od);
	path_put(&op);
out_names:
	putname(from);
	putname(to);
	return err;
}

long sys_rename(const char *uold, const char *unew)
{
	return sys_renameat2(AT_FDCWD, uold, AT_FDCWD, unew, 0);
}

long sys_renameat(long olddirfd, const char *uold, long newdirfd, const char *unew)
{
	return sys_renameat2(olddirfd, uold, newdirfd, unew, 0);
}

long sys_symlinkat(const char *utarget, long dirfd, const char *uname)
{
	char *target = getname(utarget), *name;
	struct path parent;
	struct dentry *d;
	struct inode *dir;
	long err;

	if (IS_ERR(target))
		return PTR_ERR(target);
	if (!target[0]) {
		putname(target);
		return -ENOENT;
	}
	name = getname(uname);
	if (IS_ERR(name)) {
		putname(target);
		return PTR_ERR(name);
	}
	err = create_prepare((int)dirfd, name, false, &parent, &d);
	if (!err) {
		dir = parent.dentry->d_inode;
		err = dir->i_op->symlink ? dir->i_op->symlink(dir, d, target) : -EPERM;
		dput(d);
		path_put(&parent);
	}
	putname(name);
	putname(target);
	return err;
}

long sys_symlink(const char *utarget, const char *uname)
{
	return sys_symlinkat(utarget, AT_FDCWD, uname);
}

#define AT_SYMLINK_FOLLOW 0x400

long sys_linkat(long olddirfd, const char *uold, long newdirfd, const char *unew, long flags)
{
	struct path old, parent;
	struct dentry *d;
	struct inode *dir;
	char *name;
	long err;

	if (flags & ~(AT_SYMLINK_FOLLOW | AT_EMPTY_PATH))
		return -EINVAL;
	err = user_path_at((int)olddirfd, uold, (flags & AT_SYMLINK_FOLLOW) ? LOOKUP_FOLLOW : 0, &old);
	if (err)
		return err;
	name = getname(unew);
	if (IS_ERR(name)) {
		path_put(&old);
		return PTR_ERR(name);
	}
	err = create_prepare((int)newdirfd, name, false, &parent, &d);
	putname(name);
	if (err) {
		path_put(&old);
		return err;
	}
	dir = parent.dentry->d_inode;
	if (S_ISDIR(old.dentry->d_inode->i_mode))
		err = -EPERM;
	else if (old.mnt != parent.mnt)
		err = -EXDEV;
	else
		err = dir->i_op->link ? dir->i_op->link(old.dentry, dir, d) : -EPERM;
	dput(d);
	path_put(&parent);
	path_put(&old);
	return err;
}

long sys_link(const char *uold, const char *unew)
{
	return sys_linkat(AT_FDCWD, uold, AT_FDCWD, unew, 0);
}

long sys_readlinkat(long dirfd, const char *uname, char *ubuf, long size)
{
	struct path p;
	struct inode *inode;
	char *buf;
	long err;

	char first;
	bool empty;

	if (size <= 0)
		return -EINVAL;
	if (copy_from_user(&first, uname, 1))
		return -EFAULT;
	empty = !first;
	if (empty) {                                    /* "": the link dirfd names (O_PATH) */
		struct file *f = fget_raw(dirfd);
		if (!f)
			return dirfd == AT_FDCWD ? -ENOENT : -EBADF;
		p = f->f_path;
		path_get(&p);
	} else if ((err = user_path_at((int)dirfd, uname, 0, &p)) != 0) {
		return err;
	}
	inode = p.dentry->d_inode;
	if (!S_ISLNK(inode->i_mode) || !inode->i_op || !inode->i_op->get_link) {
		path_put(&p);
		return empty ? -ENOENT : -EINVAL;
	}
	buf = kmalloc(PATH_MAX, GFP_KERNEL);
	err = buf ? inode->i_op->get_link(p.dentry, buf, PATH_MAX) : -ENOMEM;
	if (err >= 0) {
		err = min(err, size);                       /* no NUL, and cut short to fit */
		if (copy_to_user(ubuf, buf, (size_t)err))
			err = -EFAULT;
	}
	kfree(buf);
	path_put(&p);
	return err;
}

long sys_readlink(const char *uname, char *ubuf, long size)
{
	return sys_readlinkat(AT_FDCWD, uname, ubuf, size);
}

/* ---------------------------------------------------------------- the current directory */

static void set_pwd(const struct path *p)
{
	struct path old = current->fs->pwd;

	current->fs->pwd = *p;
	path_put(&old);
}

long sys_chdir(const char *uname)
{
	struct path p;
	long err = user_path_at(AT_FDCWD, uname, LOOKUP_FOLLOW | LOOKUP_DIRECTORY, &p);

	if (err)
		return err;
	if ((err = inode_permission(p.dentry->d_inode, MAY_EXEC)) != 0) {
		path_put(&p);
		return err;                             /* a directory one may not search */
	}
	set_pwd(&p);
	return 0;
}

long sys_fchdir(long fd)
{
	struct file *f = fget_raw(fd);
	int err;

	if (!f)
		return -EBADF;
	if (!S_ISDIR(file_inode(f)->i_mode))
		return -ENOTDIR;
	if ((err = inode_permission(file_inode(f), MAY_EXEC)) != 0)
		return err;                             /* no search permission there */
	path_get(&f->f_path);
	set_pwd(&f->f_path);
	return 0;
}

long sys_getcwd(char *ubuf, long size)
{
	char *buf = kmalloc(PATH_MAX, GFP_KERNEL), *p;
	long len;

	if (!buf)
		return -ENOMEM;
	p = d_path(&current->fs->pwd, buf, PATH_MAX);
	if (IS_ERR(p)) {
		kfree(buf);
		return PTR_ERR(p);
	}
	if (d_unhashed(current->fs->pwd.dentry)) {
		kfree(buf);
		return -ENOENT;                             /* the directory was removed */
	}
	len = (long)strlen(p) + 1;
	if (size < len)
		len = -ERANGE;
	else if (copy_to_user(ubuf, p, (size_t)len))
		len = -EFAULT;
	kfree(buf);
	return len;
}

long sys_umask(long mask)
{
	u32 old = current->fs->umask;

	current->fs->umask = (u32)mask & 0777;
	return old;
}
