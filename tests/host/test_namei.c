/*
 * The VFS path walk (fs/namei.c) over real ramfs and tmpfs instances (fs/ramfs.c,
 * fs/namespace.c, fs/dcache.c) on the host: components, ".", "..", symbolic links in the middle
 * and at the end, loops and the 40-link limit, trailing slashes, mount points in both
 * directions, d_path, and every reference given back.
 */
#include <stdio.h>
#include <string.h>
#include <kernel/selftest.h>
#include "fake_kernel.h"
#include <fs/fs.h>
#include <block/blkdev.h>
#include <mm/shmem.h>
#include <mm/slab.h>
#include <kernel/sched.h>
#include <kernel/syscall.h>
#include <linux/errno.h>

/* What the walk reaches but this test does not build: FIFOs, /proc, shared memory. */
const struct file_operations fifo_fops;
void proc_register(void) {}
void ext2_register(void) {}
struct block_device *all_bdevs;   /* no disks */
int blkdev_open(struct inode *inode, struct file *f) { (void)inode; (void)f; return -ENXIO; }
void shmem_init(void) {}

extern unsigned long nr_dentries, nr_inodes;

static bool booted;

/* A root ramfs once per run, as vfs_init makes it, with the current task working from it. */
static void setup(void)
{
	if (booted)
		return;
	host_mm_setup(4096, 8192, 8192);
	kmem_cache_init();
	host_set_current(NULL);
	vfs_init();
	booted = true;
}

static int mk(const char *path, u32 mode)
{
	return kern_mknodat(AT_FDCWD, path, mode, 0);
}

/* Walk name; the dentry's name (or the error) as text, into a static buffer. */
static const char *walk(const char *name, unsigned flags)
{
	static char out[64];
	struct path p;
	int err = kern_path(name, flags, &p);

	if (err) {
		snprintf(out, sizeof(out), "error %d", err);
		return out;
	}
	snprintf(out, sizeof(out), "%s", p.dentry->d_name);
	path_put(&p);
	return out;
}

static const char *full_path(const char *name)
{
	static char buf[128];
	struct path p;
	char *s;

	if (kern_path(name, LOOKUP_FOLLOW, &p))
		return "(error)";
	s = d_path(&p, buf, sizeof(buf));
	path_put(&p);
	return IS_ERR(s) ? "(too long)" : s;
}

static int test_walk(void)
{
	char name[300];

	setup();
	ST_ASSERT_EQ(mk("/a", S_IFDIR | 0755), 0);
	ST_ASSERT_EQ(mk("/a/b", S_IFDIR | 0755), 0);
	ST_ASSERT_EQ(mk("/a/b/file", S_IFREG | 0644), 0);
	ST_ASSERT_EQ(mk("/a/b", S_IFDIR | 0755), -EEXIST);
	ST_ASSERT_EQ(mk("/a/none/x", S_IFREG | 0644), -ENOENT);
	ST_ASSERT_EQ(mk("/a/b/file/x", S_IFREG | 0644), -ENOTDIR);
	ST_ASSERT_EQ(sys_symlink("b", "/a/link"), 0);
	ST_ASSERT_EQ(sys_symlink("/a/b/file", "/a/abs"), 0);
	ST_ASSERT_EQ(sys_symlink("../..", "/a/b/up"), 0);
	ST_ASSERT_EQ(sys_symlink("loop2", "/loop1"), 0);
	ST_ASSERT_EQ(sys_symlink("loop1", "/loop2"), 0);

	ST_ASSERT(!strcmp(walk("/a/b/file", 0), "file"));
	ST_ASSERT(!strcmp(walk("//a/./b//file", 0), "file"));
	ST_ASSERT(!strcmp(walk("/a/b/../b/file", 0), "file"));
	ST_ASSERT(!strcmp(walk("/..", 0), "/"));                       /* ".." of the root */
	ST_ASSERT(!strcmp(walk("/a/link/file", 0), "file"));           /* a link in the middle */
	ST_ASSERT(!strcmp(walk("/a/abs", LOOKUP_FOLLOW), "file"));     /* followed at the end */
	ST_ASSERT(!strcmp(walk("/a/abs", 0), "abs"));                  /* ... or not (lstat) */
	ST_ASSERT(!strcmp(walk("/a/link/", 0), "b"));                  /* a slash follows it */
	ST_ASSERT(!strcmp(walk("/a/b/up/a/b/file", 0), "file"));       /* a relative target */
	ST_ASSERT(!strcmp(walk("/loop1", LOOKUP_FOLLOW), "error -40"));    /* ELOOP */
	ST_ASSERT(!strcmp(walk("/loop1", 0), "loop1"));
	ST_ASSERT(!strcmp(walk("/a/b/file/", 0), "error -20"));        /* ENOTDIR */
	ST_ASSERT(!strcmp(walk("/a/b/file/x", 0), "error -20"));
	ST_ASSERT(!strcmp(walk("/a/b/missing", 0), "error -2"));       /* ENOENT */
	ST_ASSERT(!strcmp(walk("", 0), "error -2"));
	ST_ASSERT(!strcmp(walk("/a/b/file", LOOKUP_DIRECTORY), "error -20"));
	memset(name, 'n', sizeof(name));
	name[0] = '/';
	name[257] = '\0';                                            /* a 256-byte component */
	ST_ASSERT(!strcmp(walk(name, 0), "error -36"));                /* ENAMETOOLONG */
	/* relative names start at the current directory */
	ST_ASSERT_EQ(sys_chdir("/a/link"), 0);
	ST_ASSERT(!strcmp(walk("file", 0), "file"));
	ST_ASSERT(!strcmp(full_path("."), "/a/b"));                    /* the link was followed */
	ST_ASSERT_EQ(sys_chdir("/"), 0);
	return 0;
}
SELFTEST("namei.walk", test_walk, 0);

/* 40 links in a row are followed; the 41st is ELOOP, as on Linux (MAXSYMLINKS). */
static int test_link_limit(void)
{
	char link[32], target[32];

	setup();
	ST_ASSERT_EQ(mk("/chain", S_IFDIR | 0755), 0);
	ST_ASSERT_EQ(mk("/chain/end", S_IFREG | 0644), 0);
	for (int i = 0; i < 41; i++) {
		snprintf(link, sizeof(link), "/chain/l%d", i);
		if (i)
			snprintf(target, sizeof(target), "l%d", i - 1);
		else
			snprintf(target, sizeof(target), "end");
		ST_ASSERT_EQ(sys_symlink(target, link), 0);
	}
	ST_ASSERT(!strcmp(walk("/chain/l39", LOOKUP_FOLLOW), "end"));   /* 40 links */
	ST_ASSERT(!strcmp(walk("/chain/l40", LOOKUP_FOLLOW), "error -40"));
	ST_ASSERT(!strcmp(walk("/chain/l8/", 0), "error -20"));          /* through links to a file */
	return 0;
}
SELFTEST("namei.link_limit", test_link_limit, 0);

/* Mount points: walking in, ".." back out, d_path across them, umount and its EBUSY. */
static int test_mounts(void)
{
	struct path p;
	unsigned long dentries, inodes;

	setup();
	ST_ASSERT_EQ(mk("/m", S_IFDIR | 0755), 0);
	ST_ASSERT_EQ(mk("/m/under", S_IFREG | 0644), 0);
	dentries = nr_dentries;
	inodes = nr_inodes;
	ST_ASSERT_EQ(kern_mount_at("tmpfs", "/m", "test"), 0);
	ST_ASSERT(!strcmp(walk("/m/under", 0), "error -2"));           /* hidden by the mount */
	ST_ASSERT_EQ(mk("/m/x", S_IFDIR | 0755), 0);
	ST_ASSERT_EQ(mk("/m/x/y", S_IFREG | 0644), 0);
	ST_ASSERT(!strcmp(full_path("/m/x/y"), "/m/x/y"));
	ST_ASSERT(!strcmp(full_path("/m/x/../.."), "/"));              /* ".." out of the mount */
	ST_ASSERT(!strcmp(full_path("/m/.."), "/"));
	ST_ASSERT_EQ(kern_path("/m/x", 0, &p), 0);
	ST_ASSERT(p.mnt != root_mount && p.mnt->mnt_sb->s_magic == TMPFS_MAGIC);
	ST_ASSERT_EQ(sys_umount2("/m", 0), -EBUSY);                     /* we hold a path in it */
	path_put(&p);
	ST_ASSERT_EQ(sys_rmdir("/m"), -EBUSY);                          /* a mount point */
	ST_ASSERT_EQ(sys_umount2("/m/x", 0), -EINVAL);                  /* not a mount point */
	ST_ASSERT_EQ(sys_umount2("/m", 0), 0);
	ST_ASSERT(!strcmp(walk("/m/under", 0), "under"));              /* back in view */
	ST_ASSERT_EQ(nr_dentries, dentries);                            /* the tmpfs left nothing */
	ST_ASSERT_EQ(nr_inodes, inodes);
	return 0;
}
SELFTEST("namei.mounts", test_mounts, 0);

/* unlink, rmdir and rename through the walk; dentries and inodes come back. */
static int test_remove(void)
{
	unsigned long dentries, inodes;

	setup();
	dentries = nr_dentries;
	inodes = nr_inodes;
	ST_ASSERT_EQ(mk("/r", S_IFDIR | 0755), 0);
	ST_ASSERT_EQ(mk("/r/f", S_IFREG | 0644), 0);
	ST_ASSERT_EQ(sys_rename("/r/f", "/r/g"), 0);
	ST_ASSERT(!strcmp(walk("/r/f", 0), "error -2"));
	ST_ASSERT(!strcmp(walk("/r/g", 0), "g"));
	ST_ASSERT_EQ(sys_rmdir("/r"), -ENOTEMPTY);
	ST_ASSERT_EQ(sys_unlink("/r"), -EISDIR);
	ST_ASSERT_EQ(sys_rmdir("/r/g"), -ENOTDIR);
	ST_ASSERT_EQ(sys_unlink("/r/g"), 0);
	ST_ASSERT_EQ(sys_rmdir("/r/."), -EINVAL);
	ST_ASSERT_EQ(sys_rmdir("/r"), 0);
	ST_ASSERT_EQ(nr_dentries, dentries);
	ST_ASSERT_EQ(nr_inodes, inodes);
	return 0;
}
SELFTEST("namei.remove", test_remove, 0);
