/*
 * statfs, fstatfs and their 64-bit forms: what df shows. A tmpfs counts its size as Linux's
 * default (half of RAM) and what its files use; ramfs and proc have no size (their numbers are
 * zero, as on Linux, so df leaves them out).
 */
#include <fs/fs.h>
#include <fs/file.h>
#include <kernel/sched.h>
#include <kernel/syscall.h>
#include <kernel/uaccess.h>
#include <kernel/string.h>
#include <linux/errno.h>
#include <mm/mmzone.h>

#define ST_VALID 0x20

static void vfs_statfs(const struct path *p, struct kstatfs *st)
{
	struct super_block *sb = p->dentry->d_sb;

	memset(st, 0, sizeof(*st));
	st->type = (u32)sb->s_magic;
	st->bsize = st->frsize = PAGE_SIZE;
	st->namelen = NAME_MAX;
	st->flags = ST_VALID | ((p->mnt && (p->mnt->mnt_flags & 1)) ? 1 : 0);
	if (sb->s_op && sb->s_op->statfs)
		sb->s_op->statfs(sb, st);
	else if (sb->s_magic == TMPFS_MAGIC) {
		unsigned long used = 0, inodes = 0;
		struct inode *inode;

		list_for_each_entry(inode, &sb->s_inodes, i_sb_list) {
			used += inode->i_data.nrpages;
			inodes++;
		}
		st->blocks = totalram_pages() / 2;
		st->bfree = st->bavail = st->blocks > used ? st->blocks - used : 0;
		st->files = totalram_pages() / 2;
		st->ffree = st->files > inodes ? st->files - inodes : 0;
	}
}

/* Linux's i386 struct statfs64 (packed to 4-byte alignment, 84 bytes) and struct statfs (64). */
struct statfs64 {
	u32 f_type, f_bsize;
	u64 f_blocks, f_bfree, f_bavail, f_files, f_ffree;
	s32 f_fsid[2];
	u32 f_namelen, f_frsize, f_flags, f_spare[4];
} __attribute__((packed, aligned(4)));

struct statfs32 {
	u32 f_type, f_bsize, f_blocks, f_bfree, f_bavail, f_files, f_ffree;
	s32 f_fsid[2];
	u32 f_namelen, f_frsize, f_flags, f_spare[4];
};

BUILD_BUG_ON(sizeof(struct statfs64) != 84);
BUILD_BUG_ON(sizeof(struct statfs32) != 64);

static long put_statfs64(void *ubuf, const struct kstatfs *k)
{
	struct statfs64 s;

	memset(&s, 0, sizeof(s));
	s.f_type = k->type;
	s.f_bsize = k->bsize;
	s.f_blocks = k->blocks;
	s.f_bfree = k->bfree;
	s.f_bavail = k->bavail;
	s.f_files = k->files;
	s.f_ffree = k->ffree;
	s.f_namelen = k->namelen;
	s.f_frsize = k->frsize;
	s.f_flags = k->flags;
	return copy_to_user(ubuf, &s, sizeof(s)) ? -EFAULT : 0;
}

static long put_statfs32(void *ubuf, const struct kstatfs *k)
{
	struct statfs32 s;

	if ((k->blocks | k->bfree | k->bavail | k->files | k->ffree) >> 32)
		return -EOVERFLOW;
	memset(&s, 0, sizeof(s));
	s.f_type = k->type;
	s.f_bsize = k->bsize;
	s.f_blocks = (u32)k->blocks;
	s.f_bfree = (u32)k->bfree;
	s.f_bavail = (u32)k->bavail;
	s.f_files = (u32)k->files;
	s.f_ffree = (u32)k->ffree;
	s.f_namelen = k->namelen;
	s.f_frsize = k->frsize;
	s.f_flags = k->flags;
	return copy_to_user(ubuf, &s, sizeof(s)) ? -EFAULT : 0;
}

static long statfs_path(const char *uname, struct kstatfs *k)
{
	struct path p;
	long err = user_path_at(AT_FDCWD, uname, LOOKUP_FOLLOW, &p);

	if (err)
		return err;
	vfs_statfs(&p, k);
	path_put(&p);
	return 0;
}

static long statfs_fd(long fd, struct kstatfs *k)
{
	struct file *f = fget_raw(fd);               /* O_PATH too */

	if (!f)
		return -EBADF;
	vfs_statfs(&f->f_path, k);
	return 0;
}

long sys_statfs(const char *uname, void *ubuf)
{
	struct kstatfs k;
	long err = statfs_path(uname, &k);

	return err ? err : put_statfs32(ubuf, &k);
}

long sys_fstatfs(long fd, void *ubuf)
{
	struct kstatfs k;
	long err = statfs_fd(fd, &k);

	return err ? err : put_statfs32(ubuf, &k);
}

long sys_statfs64(const char *uname, unsigned long size, void *ubuf)
{
	struct kstatfs k;
	long err;

	if (size != sizeof(struct statfs64))
		return -EINVAL;
	err = statfs_path(uname, &k);
	return err ? err : put_statfs64(ubuf, &k);
}

long sys_fstatfs64(long fd, unsigned long size, void *ubuf)
{
	struct kstatfs k;
	long err;

	if (size != sizeof(struct statfs64))
		return -EINVAL;
	err = statfs_fd(fd, &k);
	return err ? err : put_statfs64(ubuf, &k);
}
