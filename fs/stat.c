/*
 * stat and its relatives: one struct kstat from the inode (vfs_getattr), put in whichever
 * layout the call uses: the old 64-byte struct stat (stat, lstat, fstat), struct stat64
 * (stat64, lstat64, fstat64, fstatat64) or struct statx.
 */
#include <fs/fs.h>
#include <fs/file.h>
#include <kernel/sched.h>
#include <kernel/syscall.h>
#include <kernel/uaccess.h>
#include <kernel/string.h>
#include <linux/errno.h>
#include <asm/stat.h>

#define AT_SYMLINK_NOFOLLOW 0x100
#define AT_NO_AUTOMOUNT 0x800

int vfs_getattr(const struct path *path, struct kstat *st)
{
	const struct inode *inode = path->dentry->d_inode;

	memset(st, 0, sizeof(*st));
	st->dev = inode->i_sb->s_dev;
	st->ino = inode->i_ino;
	st->mode = inode->i_mode;
	st->nlink = inode->i_nlink;
	st->uid = inode->i_uid;
	st->gid = inode->i_gid;
	st->rdev = inode->i_rdev;
	st->size = inode->i_size;
	st->blksize = PAGE_SIZE;
	/* what the file occupies: on a disk, its blocks; else its cached pages (a memory file
	 * system's only copy); in 512-byte units */
	if (inode->i_sb->s_bdev)
		st->blocks = inode->i_blocks;
	else
		st->blocks = (u64)inode->i_data.nrpages * (PAGE_SIZE / 512);
	st->atime = inode->i_atime;
	st->mtime = inode->i_mtime;
	st->ctime = inode->i_ctime;
	return 0;
}

static int stat_at(int dirfd, const char *uname, long flags, struct kstat *st)
{
	struct path p;
	int err;

	if (flags & ~(AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH | AT_NO_AUTOMOUNT))
		return -EINVAL;
	if (flags & AT_EMPTY_PATH) {
		char c;
		if (copy_from_user(&c, uname, 1))
			return -EFAULT;
		if (!c) {                                       /* the open file dirfd itself */
			struct file *f = fget_raw(dirfd);
			if (dirfd == AT_FDCWD)
				return vfs_getattr(&current->fs->pwd, st);
			return f ? vfs_getattr(&f->f_path, st) : -EBADF;
		}
	}
	err = user_path_at(dirfd, uname, (flags & AT_SYMLINK_NOFOLLOW) ? 0 : LOOKUP_FOLLOW, &p);
	if (err)
		return err;
	err = vfs_getattr(&p, st);
	path_put(&p);
	return err;
}

static int fstat_fd(long fd, struct kstat *st)
{
	struct file *f = fget_raw(fd);               /* O_PATH too */

	return f ? vfs_getattr(&f->f_path, st) : -EBADF;
}

BUILD_BUG_ON(sizeof(struct stat64) != 96);

static long put_stat64(void *ustat, const struct kstat *k)
{
	struct stat64 st;

	memset(&st, 0, sizeof(st));
	st.st_dev = k->dev;
	st.st_ino = st.__st_ino = k->ino;
	st.st_mode = k->mode;
	st.st_nlink = k->nlink;
	st.st_uid = k->uid;
	st.st_gid = k->gid;
	st.st_rdev = k->rdev;
	st.st_size = (s64)k->size;
	st.st_blksize = k->blksize;
	st.st_blocks = k->blocks;
	st.st_atime = k->atime;
	st.st_mtime = k->mtime;
	st.st_ctime = k->ctime;
	return copy_to_user(ustat, &st, sizeof(st)) ? -EFAULT : 0;
}

long sys_fstatat64(long dirfd, const char *uname, void *ustat, long flags)
{
	struct kstat k;
	int err = stat_at((int)dirfd, uname, flags, &k);

	return err ? err : put_stat64(ustat, &k);
}

long sys_stat64(const char *uname, void *ustat)
{
	return sys_fstatat64(AT_FDCWD, uname, ustat, 0);
}

long sys_lstat64(const char *uname, void *ustat)
{
	return sys_fstatat64(AT_FDCWD, uname, ustat, AT_SYMLINK_NOFOLLOW);
}

long sys_fstat64(long fd, void *ustat)
{
	struct kstat k;
	int err = fstat_fd(fd, &k);

	return err ? err : put_stat64(ustat, &k);
}

/* Linux's i386 struct stat, the older 64-byte one of stat (106), lstat (107) and fstat (108). */
struct old_stat {
	u32 st_dev, st_ino;
	u16 st_mode, st_nlink, st_uid, st_gid;
	u32 st_rdev, st_size, st_blksize, st_blocks;
	u32 st_atime, st_atime_nsec, st_mtime, st_mtime_nsec, st_ctime, st_ctime_nsec;
	u32 unused4, unused5;
};

BUILD_BUG_ON(sizeof(struct old_stat) != 64);

static long put_old_stat(void *ustat, const struct kstat *k)
{
	struct old_stat old;

	if (k->size > 0x7fffffff)
		return -EOVERFLOW;
	memset(&old, 0, sizeof(old));
	old.st_dev = k->dev;
	old.st_ino = k->ino;
	old.st_mode = (u16)k->mode;
	old.st_nlink = (u16)k->nlink;
	old.st_uid = (u16)k->uid;
	old.st_gid = (u16)k->gid;
	old.st_rdev = k->rdev;
	old.st_size = (u32)k->size;
	old.st_blksize = k->blksize;
	old.st_blocks = (u32)k->blocks;
	old.st_atime = k->atime;
	old.st_mtime = k->mtime;
	old.st_ctime = k->ctime;
	return copy_to_user(ustat, &old, sizeof(old)) ? -EFAULT : 0;
}

long sys_newstat(const char *uname, void *ustat)
{
	struct kstat k;
	int err = stat_at(AT_FDCWD, uname, 0, &k);

	return err ? err : put_old_stat(ustat, &k);
}

long sys_newlstat(const char *uname, void *ustat)
{
	struct kstat k;
	int err = stat_at(AT_FDCWD, uname, AT_SYMLINK_NOFOLLOW, &k);

	return err ? err : put_old_stat(ustat, &k);
}

long sys_newfstat(long fd, void *ustat)
{
	struct kstat k;
	int err = fstat_fd(fd, &k);

	return err ? err : put_old_stat(ustat, &k);
}

/* struct statx (256 bytes), what glibc's stat uses first on 32-bit systems. */
struct statx_ts {
	s64 tv_sec;
	u32 tv_nsec;
	s32 reserved;
};

struct statx {
	u32 stx_mask, stx_blksize;
	u64 stx_attributes;
	u32 stx_nlink, stx_uid, stx_gid;
	u16 stx_mode, pad1;
	u64 stx_ino, stx_size, stx_blocks, stx_attributes_mask;
	struct statx_ts stx_atime, stx_btime, stx_ctime, stx_mtime;
	u32 stx_rdev_major, stx_rdev_minor, stx_dev_major, stx_dev_minor;
	u64 spare[14];
};

BUILD_BUG_ON(sizeof(struct statx) != 256);

#define STATX_BASIC_STATS 0x7ff
#define AT_STATX_SYNC_TYPE 0x6000
#define STATX__RESERVED 0x80000000u

long sys_statx(long dirfd, const char *uname, long flags, long mask, void *ubuf)
{
	struct statx sx;
	struct kstat k;
	int err;

	if ((u32)mask & STATX__RESERVED)
		return -EINVAL;
	if ((flags & AT_STATX_SYNC_TYPE) == AT_STATX_SYNC_TYPE)
		return -EINVAL;
	err = stat_at((int)dirfd, uname, flags & ~AT_STATX_SYNC_TYPE, &k);
	if (err)
		return err;
	memset(&sx, 0, sizeof(sx));
	sx.stx_mask = STATX_BASIC_STATS;
	sx.stx_blksize = k.blksize;
	sx.stx_nlink = k.nlink;
	sx.stx_uid = k.uid;
	sx.stx_gid = k.gid;
	sx.stx_mode = (u16)k.mode;
	sx.stx_ino = k.ino;
	sx.stx_size = k.size;
	sx.stx_blocks = k.blocks;
	sx.stx_atime.tv_sec = k.atime;
	sx.stx_ctime.tv_sec = k.ctime;
	sx.stx_mtime.tv_sec = k.mtime;
	sx.stx_rdev_major = MAJOR(k.rdev);
	sx.stx_rdev_minor = MINOR(k.rdev);
	sx.stx_dev_major = MAJOR(k.dev);
	sx.stx_dev_minor = MINOR(k.dev);
	return copy_to_user(ubuf, &sx, sizeof(sx)) ? -EFAULT : 0;
}
