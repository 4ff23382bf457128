/*
 * open, close, truncate, access, chmod: from a name to an open file, and changes to an inode's
 * attributes through its inode operations (setattr).
 */
#include <fs/fs.h>
#include <fs/file.h>
#include <kernel/signal.h>
#include <kernel/sched.h>
#include <kernel/syscall.h>
#include <kernel/uaccess.h>
#include <kernel/string.h>
#include <linux/errno.h>
#include <mm/slab.h>

/*
 * Which name to open, creating it with O_CREAT (then *created is set: a new file is opened
 * without checking its mode). 0 with *path held, or -errno.
 */
static int open_path(int dirfd, const char *name, u32 flags, u32 mode, struct path *path, unsigned depth,
		     bool *created)
{
	unsigned lookup = ((flags & O_NOFOLLOW) ? 0 : LOOKUP_FOLLOW) |
			  ((flags & O_DIRECTORY) ? LOOKUP_DIRECTORY : 0);
	struct path parent;
	const char *last;
	struct dentry *d;
	struct inode *dir;
	size_t len;
	int err;

	if (!(flags & O_CREAT))
		return kern_path_at(dirfd, name, lookup, path);
	err = path_parent_at(dirfd, name, &parent, &last, &len);
	if (err)
		return err;
	if (last[len] == '/' || (len == 1 && last[0] == '.') || (len == 2 && !memcmp(last, "..", 2))) {
		path_put(&parent);
		return -EISDIR;                             /* O_CREAT of a directory name */
	}
	d = lookup_one(parent.dentry, last, len);
	if (IS_ERR(d)) {
		path_put(&parent);
		return (int)PTR_ERR(d);
	}
	if (d->d_inode && S_ISLNK(d->d_inode->i_mode) && !(flags & (O_EXCL | O_NOFOLLOW)) &&
	    d->d_inode->i_op && d->d_inode->i_op->get_link && depth < MAXSYMLINKS) {
		/* a link: open (or create) its target, as Linux does for a dangling one */
		char *target = kmalloc(PATH_MAX, GFP_KERNEL);
		int len2 = target ? d->d_inode->i_op->get_link(d, target, PATH_MAX) : -ENOMEM;
		if (len2 >= 0 && target[0] != '/') {
			/* a relative target: from the link's directory, whose name we have */
			size_t dirlen = (size_t)(last - name);
			if (dirlen + (size_t)len2 + 1 < PATH_MAX) {
				memmove(target + dirlen, target, (size_t)len2 + 1);
				memcpy(target, name, dirlen);
			} else {
				len2 = -ENAMETOOLONG;
			}
		}
		dput(d);
		path_put(&parent);
		err = len2 < 0 ? len2 : open_path(dirfd, target, flags, mode, path, depth + 1, created);
		kfree(target);
		return err;
	}
	if (d->d_inode) {                                   /* it exists: open it as without O_CREAT */
		dput(d);
		path_put(&parent);
		if (flags & O_EXCL)
			return -EEXIST;
		return kern_path_at(dirfd, name, lookup, path);
	}
	dir = parent.dentry->d_inode;
	if (dir->i_nlink == 0) {
		dput(d);
		path_put(&parent);
		return -ENOENT;                             /* the directory was removed */
	}
	err = inode_permission(dir, MAY_WRITE | MAY_EXEC);
	if (!err)
		err = dir->i_op->create ? dir->i_op->create(dir, d, S_IFREG | (mode & 07777 & ~current->fs->umask))
					: -EACCES;
	if (err) {
		dput(d);
		path_put(&parent);
		return err;
	}
	path->mnt = parent.mnt;
	path->dentry = d;
	path->mnt->mnt_count++;
	path_put(&parent);
	*created = true;
	return 0;
}

/* What opening with flags asks of the file's mode (Linux's ACC_MODE, and O_TRUNC writes). */
static int open_access(u32 flags)
{
	int acc = (flags & O_ACCMODE) == O_WRONLY ? MAY_WRITE
		  : (flags & O_ACCMODE) == O_RDWR ? MAY_READ | MAY_WRITE : MAY_READ;

	return acc | ((flags & O_TRUNC) ? MAY_WRITE : 0);
}

/*
 * Open name for the kernel or a system call: the open file, or an ERR_PTR. acc: what the
 * caller's credentials must allow on the file (MAY_READ, MAY_WRITE; exec asks MAY_EXEC only).
 */
static struct file *do_filp_open(int dirfd, const char *name, u32 flags, u32 mode, int acc)
{
	struct path path;
	struct inode *inode;
	struct file *f;
	bool created = false;
	int err = open_path(dirfd, name, flags, mode, &path, 0, &created);

	if (err)
		return ERR_PTR(err);
	inode = path.dentry->d_inode;
	if (flags & O_PATH) {                           /* just a name: the link itself if asked */
		f = path_open(&path, flags);
		path_put(&path);
		return f;
	}
	if (S_ISLNK(inode->i_mode))
		err = -ELOOP;                               /* O_NOFOLLOW on a link */
	else if (S_ISDIR(inode->i_mode) && ((flags & O_ACCMODE) != O_RDONLY || (flags & O_CREAT)))
		err = -EISDIR;
	else if (!created)
		err = inode_permission(inode, acc);
	if (err) {
		path_put(&path);
		return ERR_PTR(err);
	}
	f = dentry_open(&path, flags);
	path_put(&path);
	if (IS_ERR(f))
		return f;
	if ((flags & O_TRUNC) && S_ISREG(inode->i_mode) && (f->f_mode & FMODE_WRITE)) {
		err = do_truncate(f->f_path.dentry, 0);
		if (err) {
			fput(f);
			return ERR_PTR(err);
		}
	}
	return f;
}

struct file *filp_open(const char *name, u32 flags, u32 mode)
{
	return do_filp_open(AT_FDCWD, name, flags, mode, open_access(flags));
}

/* A program to run: read by the kernel, so only execute permission is asked for. */
struct file *open_exec(const char *name)
{
	return do_filp_open(AT_FDCWD, name, O_RDONLY | O_LARGEFILE, 0, MAY_EXEC);
}

long sys_openat(long dirfd, const char *uname, long flags, long mode)
{
	char *name = getname(uname);
	struct file *f;
	int fd;

	if (IS_ERR(name))
		return PTR_ERR(name);
	fd = get_unused_fd(0);
	if (fd < 0) {
		putname(name);
		return fd;
	}
	if (flags & O_PATH)                             /* only these mean anything with O_PATH */
		flags &= O_PATH | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC;
	f = do_filp_open((int)dirfd, name, (u32)flags, (u32)mode, open_access((u32)flags));
	putname(name);
	if (IS_ERR(f))
		return PTR_ERR(f);
	fd_install(fd, f, flags & O_CLOEXEC);
	return fd;
}

long sys_open(const char *uname, long flags, long mode)
{
	return sys_openat(AT_FDCWD, uname, flags, mode);
}

long sys_creat(const char *uname, long mode)
{
	return sys_openat(AT_FDCWD, uname, O_CREAT | O_WRONLY | O_TRUNC, mode);
}

long sys_close(long fd)
{
	if (!fget_raw(fd))
		return -EBADF;
	fd_install((int)fd, NULL, false);               /* drops the file */
	return 0;
}

/* ---------------------------------------------------------------- attributes */

static int notify_change(struct dentry *d, const struct iattr *attr)
{
	struct inode *inode = d->d_inode;

	if (inode->i_op && inode->i_op->setattr)
		return inode->i_op->setattr(d, attr);
	return simple_setattr(d, attr);
}

int do_truncate(struct dentry *d, u64 length)
{
	struct iattr attr = { .ia_valid = ATTR_SIZE, .ia_size = length };

	return notify_change(d, &attr);
}

/* truncate, ftruncate: set a regular file's size; an open file must be writable. */
static long truncate_checks(struct inode *inode, s64 length)
{
	if (length < 0)
		return -EINVAL;
	if (S_ISDIR(inode->i_mode))
		return -EISDIR;
	if (!S_ISREG(inode->i_mode))
		return -EINVAL;
	if ((u64)length > MAX_LFS_FILESIZE)
		return -EFBIG;
	if ((u64)length > rlimit(RLIMIT_FSIZE)) {
		send_sig_kernel(SIGXFSZ, current);        /* growing past the file-size limit */
		return -EFBIG;
	}
	return 0;
}

static long do_ftruncate(long fd, s64 length)
{
	struct file *f = fget(fd);
	long err;

	if (length < 0)
		return -EINVAL;
	if (!f)
		return -EBADF;
	if (!(f->f_mode & FMODE_WRITE) || !S_ISREG(file_inode(f)->i_mode))
		return -EINVAL;                             /* pipes, terminals, read-only, directories */
	if ((err = truncate_checks(file_inode(f), length)) != 0)
		return err;
	return do_truncate(f->f_path.dentry, (u64)length);
}

static long do_truncate_path(const char *uname, s64 length)
{
	struct path p;
	long err;

	if (length < 0)
		return -EINVAL;
	err = user_path_at(AT_FDCWD, uname, LOOKUP_FOLLOW, &p);
	if (err)
		return err;
	/* by name: the caller must have write permission (through an open file it is the mode) */
	err = S_ISREG(p.dentry->d_inode->i_mode) ? inode_permission(p.dentry->d_inode, MAY_WRITE) : 0;
	if (!err)
		err = truncate_checks(p.dentry->d_inode, length);
	if (!err)
		err = do_truncate(p.dentry, (u64)length);
	path_put(&p);
	return err;
}

long sys_ftruncate(long fd, long length) { return do_ftruncate(fd, length); }
long sys_truncate(const char *uname, long length) { return do_truncate_path(uname, length); }

long sys_ftruncate64(long fd, unsigned long lo, unsigned long hi)
{
	return do_ftruncate(fd, arg64(lo, hi));
}

long sys_truncate64(const char *uname, unsigned long lo, unsigned long hi)
{
	return do_truncate_path(uname, arg64(lo, hi));
}

#define AT_SYMLINK_NOFOLLOW 0x100
#define AT_EACCESS 0x200

/*
 * access, faccessat: could the caller's *real* ids read, write or run the file (so a
 * set-user-ID program can ask about its user)? As Linux does, the walk and the check run with
 * fsuid and fsgid set to the real ids, and with root's file powers only if the real uid is root;
 * AT_EACCESS asks about the effective ids instead.
 */
long sys_faccessat2(long dirfd, const char *uname, long mode, long flags)
{
	struct cred saved = current->cred;
	struct path p;
	long err;

	if (mode & ~7)
		return -EINVAL;
	if (flags & ~(AT_SYMLINK_NOFOLLOW | AT_EACCESS | AT_EMPTY_PATH))
		return -EINVAL;
	if (!(flags & AT_EACCESS)) {
		current->cred.fsuid = current->cred.uid;
		current->cred.fsgid = current->cred.gid;
	}
	err = user_path_at((int)dirfd, uname, (flags & AT_SYMLINK_NOFOLLOW) ? 0 : LOOKUP_FOLLOW, &p);
	if (!err) {
		if (mode)                               /* F_OK: only that the name exists */
			err = inode_permission(p.dentry->d_inode, (int)mode);
		path_put(&p);
	}
	current->cred = saved;
	return err;
}

long sys_faccessat(long dirfd, const char *uname, long mode)
{
	return sys_faccessat2(dirfd, uname, mode, 0);
}

long sys_access(const char *uname, long mode)
{
	return sys_faccessat2(AT_FDCWD, uname, mode, 0);
}

/* chmod: the owner's or root's; set-group-ID is dropped by one outside the file's group. */
static long chmod_dentry(struct dentry *d, long mode)
{
	struct iattr attr = { .ia_valid = ATTR_MODE, .ia_mode = (u32)mode & 07777 };

	if (!inode_owner_or_capable(d->d_inode))
		return -EPERM;
	if (!in_group_p(d->d_inode->i_gid) && !capable(CAP_FSETID))
		attr.ia_mode &= ~02000u;

	return notify_change(d, &attr);
}

long sys_fchmodat(long dirfd, const char *uname, long mode)
{
	struct path p;
	long err = user_path_at((int)dirfd, uname, LOOKUP_FOLLOW, &p);

	if (err)
		return err;
	err = chmod_dentry(p.dentry, mode);
	path_put(&p);
	return err;
}

long sys_chmod(const char *uname, long mode)
{
	return sys_fchmodat(AT_FDCWD, uname, mode);
}

long sys_fchmod(long fd, long mode)
{
	struct file *f = fget(fd);

	if (!f)
		return -EBADF;
	return chmod_dentry(f->f_path.dentry, mode);
}
