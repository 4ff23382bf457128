/*
 * Changing an inode's owner and times: chown (the 16-bit and 32-bit families), utimensat,
 * utimes, utime, futimesat. -1 keeps an id as it is, UTIME_NOW and UTIME_OMIT work as on Linux,
 * and a NULL times array means now. Only root gives a file away; its owner may move it to one
 * of the owner's groups. Times: setting them to now needs write permission or ownership, any
 * other time ownership (Linux's chown_ok, chgrp_ok and utimes rules).
 */
#include <fs/fs.h>
#include <fs/file.h>
#include <kernel/sched.h>
#include <kernel/syscall.h>
#include <kernel/uaccess.h>
#include <linux/errno.h>

#define AT_SYMLINK_NOFOLLOW 0x100
#define UTIME_NOW ((1l << 30) - 1)
#define UTIME_OMIT ((1l << 30) - 2)

static long chown_dentry(struct dentry *d, u32 uid, u32 gid)
{
	struct inode *inode = d->d_inode;
	bool owner = current->cred.fsuid == inode->i_uid;

	if (uid != (u32)-1 && !(owner && uid == inode->i_uid) && !capable(CAP_CHOWN))
		return -EPERM;
	if (gid != (u32)-1 && !(owner && (in_group_p(gid) || gid == inode->i_gid)) && !capable(CAP_CHOWN))
		return -EPERM;

	if (uid != (u32)-1)
		inode->i_uid = uid;
	if (gid != (u32)-1)
		inode->i_gid = gid;
	/* a change of owner clears set-user-ID, and set-group-ID on a group-executable file */
	if ((uid != (u32)-1 || gid != (u32)-1) && !S_ISDIR(inode->i_mode))
		inode->i_mode &= ~(04000u | ((inode->i_mode & 010) ? 02000u : 0));
	inode->i_ctime = current_time();
	return 0;
}

long sys_fchownat(long dirfd, const char *uname, unsigned long uid, unsigned long gid, long flags)
{
	struct path p;
	long err;

	if (flags & ~(AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH))
		return -EINVAL;
	err = user_path_at((int)dirfd, uname, (flags & AT_SYMLINK_NOFOLLOW) ? 0 : LOOKUP_FOLLOW, &p);
	if (err)
		return err;
	err = chown_dentry(p.dentry, (u32)uid, (u32)gid);
	path_put(&p);
	return err;
}

long sys_chown32(const char *uname, unsigned long uid, unsigned long gid)
{
	return sys_fchownat(AT_FDCWD, uname, uid, gid, 0);
}

long sys_lchown32(const char *uname, unsigned long uid, unsigned long gid)
{
	return sys_fchownat(AT_FDCWD, uname, uid, gid, AT_SYMLINK_NOFOLLOW);
}

long sys_fchown32(long fd, unsigned long uid, unsigned long gid)
{
	struct file *f = fget(fd);

	return f ? chown_dentry(f->f_path.dentry, (u32)uid, (u32)gid) : -EBADF;
}

/* The old calls take 16-bit ids, where 0xffff means "keep". */
static u32 id16(unsigned long id)
{
	return (u16)id == 0xffff ? (u32)-1 : (u16)id;
}

long sys_chown16(const char *uname, unsigned long uid, unsigned long gid)
{
	return sys_fchownat(AT_FDCWD, uname, id16(uid), id16(gid), 0);
}

long sys_lchown16(const char *uname, unsigned long uid, unsigned long gid)
{
	return sys_fchownat(AT_FDCWD, uname, id16(uid), id16(gid), AT_SYMLINK_NOFOLLOW);
}

long sys_fchown16(long fd, unsigned long uid, unsigned long gid)
{
	return sys_fchown32(fd, id16(uid), id16(gid));
}

/* ---------------------------------------------------------------- times */

/* Set atime and mtime of d: each a time, UTIME_NOW or UTIME_OMIT (nsec field). */
static long set_times(struct dentry *d, const s64 sec[2], const long nsec[2])
{
	struct inode *inode = d->d_inode;
	u32 now = current_time();

	for (int i = 0; i < 2; i++) {
		if (nsec[i] == UTIME_OMIT)
			continue;
		if (nsec[i] != UTIME_NOW && (nsec[i] < 0 || nsec[i] >= 1000000000))
			return -EINVAL;
	}
	if (nsec[0] == UTIME_OMIT && nsec[1] == UTIME_OMIT)
		return 0;
	if (!inode_owner_or_capable(inode)) {
		bool to_now = (nsec[0] == UTIME_NOW || nsec[0] == UTIME_OMIT) &&
			      (nsec[1] == UTIME_NOW || nsec[1] == UTIME_OMIT);
		if (!to_now)
			return -EPERM;                  /* only the owner sets other times */
		if (inode_permission(inode, MAY_WRITE))
			return -EACCES;                 /* "touch": the owner, or one who may write */
	}
	if (nsec[0] != UTIME_OMIT)
		inode->i_atime = nsec[0] == UTIME_NOW ? now : (u32)sec[0];
	if (nsec[1] != UTIME_OMIT)
		inode->i_mtime = nsec[1] == UTIME_NOW ? now : (u32)sec[1];
	if (nsec[0] != UTIME_OMIT || nsec[1] != UTIME_OMIT)
		inode->i_ctime = now;
	return 0;
}

/* Find what to change: dirfd and name, or (NULL name) the open file dirfd itself. */
static long times_at(long dirfd, const char *uname, long flags, const s64 sec[2], const long nsec[2])
{
	struct path p;
	long err;

	if (flags & ~(AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH))
		return -EINVAL;
	if (!uname) {
		struct file *f = fget(dirfd);
		if (dirfd == AT_FDCWD)
			return -EFAULT;
		return f ? set_times(f->f_path.dentry, sec, nsec) : -EBADF;
	}
	err = user_path_at((int)dirfd, uname, (flags & AT_SYMLINK_NOFOLLOW) ? 0 : LOOKUP_FOLLOW, &p);
	if (err)
		return err;
	err = set_times(p.dentry, sec, nsec);
	path_put(&p);
	return err;
}

static long do_utimensat(long dirfd, const char *uname, const void *utimes, long flags, bool time64)
{
	s64 sec[2] = { 0, 0 };
	long nsec[2] = { UTIME_NOW, UTIME_NOW };

	if (utimes) {
		if (time64) {
			s64 ts[4];
			if (copy_from_user(ts, utimes, sizeof(ts)))
				return -EFAULT;
			sec[0] = ts[0], nsec[0] = (long)ts[1], sec[1] = ts[2], nsec[1] = (long)ts[3];
		} else {
			s32 ts[4];
			if (copy_from_user(ts, utimes, sizeof(ts)))
				return -EFAULT;
			sec[0] = ts[0], nsec[0] = ts[1], sec[1] = ts[2], nsec[1] = ts[3];
		}
	}
	return times_at(dirfd, uname, flags, sec, nsec);
}

long sys_utimensat(long dirfd, const char *uname, const void *utimes, long flags)
{
	return do_utimensat(dirfd, uname, utimes, flags, false);
}

long sys_utimensat_time64(long dirfd, const char *uname, const void *utimes, long flags)
{
	return do_utimensat(dirfd, uname, utimes, flags, true);
}

/* futimesat and utimes: struct timeval pairs (seconds, microseconds). */
long sys_futimesat(long dirfd, const char *uname, const void *utv)
{
	s64 sec[2] = { 0, 0 };
	long nsec[2] = { UTIME_NOW, UTIME_NOW };

	if (utv) {
		s32 tv[4];
		if (copy_from_user(tv, utv, sizeof(tv)))
			return -EFAULT;
		for (int i = 0; i < 2; i++) {
			if (tv[2 * i + 1] < 0 || tv[2 * i + 1] >= 1000000)
				return -EINVAL;
			sec[i] = tv[2 * i];
			nsec[i] = tv[2 * i + 1] * 1000l;
		}
	}
	return times_at(dirfd, uname, 0, sec, nsec);
}

long sys_utimes(const char *uname, const void *utv)
{
	return sys_futimesat(AT_FDCWD, uname, utv);
}

/* utime: struct utimbuf, two 32-bit seconds (access, modification). */
long sys_utime(const char *uname, const void *ubuf)
{
	s64 sec[2] = { 0, 0 };
	long nsec[2] = { UTIME_NOW, UTIME_NOW };

	if (ubuf) {
		s32 t[2];
		if (copy_from_user(t, ubuf, sizeof(t)))
			return -EFAULT;
		sec[0] = t[0], sec[1] = t[1];
		nsec[0] = nsec[1] = 0;
	}
	return times_at(AT_FDCWD, uname, 0, sec, nsec);
}
