/*
 * The virtual file system (VFS): what every file system provides and what the rest of the
 * kernel uses, in Linux's terms.
 *
 *   struct file_system_type  a kind of file system ("ramfs", "tmpfs", "proc", ...), registered
 *                            once; mount() names it and it fills a new superblock
 *   struct super_block       one mounted instance: its root dentry, its device number
 *   struct mount             where a superblock is attached in the tree: (parent mount, dentry)
 *   struct dentry            a name in a directory, pointing at an inode (or at nothing: a
 *                            negative dentry, "this name does not exist")
 *   struct inode             a file itself: type and mode, size, times, its operations, and its
 *                            page cache (struct address_space, include/mm/pagemap.h)
 *   struct file              an open file: an inode reached through a path, a position, flags
 *
 * No caller names a file system: system calls walk paths (fs/namei.c) and call the inode and
 * file operations they find. Flag values, struct layouts and errno values are Linux's i386 ones.
 * The rules for sleeping and locking are in docs/concurrency.md.
 */
#pragma once
#include <types.h>
#include <kernel/list.h>
#include <mm/pagemap.h>
#include <mm/layout.h>

#include <linux/fcntl.h>

#define S_IFMT 0170000
#define S_IFSOCK 0140000
#define S_IFLNK 0120000
#define S_IFREG 0100000
#define S_IFBLK 0060000
#define S_IFDIR 0040000
#define S_IFCHR 0020000
#define S_IFIFO 0010000
#define S_ISDIR(m) (((m) & S_IFMT) == S_IFDIR)
#define S_ISREG(m) (((m) & S_IFMT) == S_IFREG)
#define S_ISLNK(m) (((m) & S_IFMT) == S_IFLNK)
#define S_ISCHR(m) (((m) & S_IFMT) == S_IFCHR)
#define S_ISBLK(m) (((m) & S_IFMT) == S_IFBLK)
#define S_ISFIFO(m) (((m) & S_IFMT) == S_IFIFO)

#define NAME_MAX 255
#define PATH_MAX 4096
#define MAXSYMLINKS 40            /* symbolic links followed in one path walk (ELOOP after) */
#define MAX_LFS_FILESIZE (((u64)PAGE_CACHE_MAX_INDEX + 1) << PAGE_SHIFT)

/* Device numbers: Linux's old 8:8 encoding for st_rdev, which i386 stat64 still reports. */
#define MKDEV(ma, mi) (((u32)(ma) << 8) | (u32)(mi))
#define MAJOR(dev) ((u32)(dev) >> 8)
#define MINOR(dev) ((u32)(dev) & 0xff)

struct dentry;
struct file;
struct inode;
struct mount;
struct super_block;
struct vm_area_struct;
struct kstat;

/* ---------------------------------------------------------------- file systems */

struct file_system_type {
	const char *name;                 /* what mount() and /proc/mounts call it */
	/* Fill sb (s_root above all) for a mount of source; 0 or -errno. */
	int (*fill_super)(struct super_block *sb, const char *source, const void *data);
	void (*kill_sb)(struct super_block *sb);   /* optional: free what fill_super made */
	bool single;                      /* one superblock for every mount (proc) */
	struct super_block *single_sb;
	struct file_system_type *next;
};

int register_filesystem(struct file_system_type *fs);
struct file_system_type *get_fs_type(const char *name);

struct kstatfs {                          /* what statfs reports, before its two layouts */
	u32 type, bsize, namelen, frsize, flags;
	u64 blocks, bfree, bavail, files, ffree;
};

/* What a file system with a disk does for its superblock (memory file systems have none). */
struct super_operations {
	/* Write the inode's fields into its on-disk copy (in the buffer cache); 0 or -errno. */
	int (*write_inode)(struct inode *inode);
	/* The last reference to an inode went: free its disk space if it has no name (nlink 0). */
	void (*evict_inode)(struct inode *inode);
	/* Write the superblock's own state (free counts) into the buffer cache; shutdown: the
	 * machine powers off with it mounted, so mark it cleanly unmounted too. */
	void (*sync_fs)(struct super_block *sb, bool shutdown);
	void (*statfs)(struct super_block *sb, struct kstatfs *st);
};

struct block_device;

struct super_block {
	struct file_system_type *s_type;
	const struct super_operations *s_op;   /* NULL: a memory file system */
	struct block_device *s_bdev;      /* the disk it lives on, or NULL */
	u32 s_flags;                      /* SB_RDONLY */
	u32 s_blocksize;                  /* a disk file system's block size: 1024..4096 */
	u32 s_blocksize_bits;
	struct dentry *s_root;
	u32 s_dev;                        /* st_dev of its files: 0:N for memory file systems */
	unsigned long s_magic;            /* statfs's f_type (RAMFS_MAGIC, TMPFS_MAGIC, ...) */
	u32 s_next_ino;                   /* inode numbers handed out so far */
	int s_active;                     /* mounts of it */
	struct list_head s_inodes;        /* every inode of it (for umount and the leak check) */
	void *s_fs_info;
};

#define SB_RDONLY 1                       /* mounted read-only: changes give EROFS */
#define SB_DYING 0x80000000               /* being unmounted: unused inodes are freed, not cached */

#define RAMFS_MAGIC 0x858458f6
#define TMPFS_MAGIC 0x01021994
#define PROC_SUPER_MAGIC 0x9fa0
#define PIPEFS_MAGIC 0x50495045

/* Drop a reference (s_active) to sb: the last one (its last mount gone) ends it (kill_sb). */
void deactivate_super(struct super_block *sb);

/* A superblock for a file system with no device (a new anonymous device number). */
struct super_block *sget_nodev(struct file_system_type *type, unsigned long magic);

/* ---------------------------------------------------------------- inodes */

struct iattr {
	u32 ia_valid;                     /* ATTR_* below: which fields to set */
	u32 ia_mode;
	u64 ia_size;
	u32 ia_mtime, ia_atime;
};
#define ATTR_MODE 1
#define ATTR_SIZE 8
#define ATTR_ATIME 16
#define ATTR_MTIME 32

struct inode_operations {
	/* Find name in dir: set the dentry's inode (d_instantiate), or leave it negative. 0 or -errno. */
	int (*lookup)(struct inode *dir, struct dentry *dentry);
	int (*create)(struct inode *dir, struct dentry *dentry, u32 mode);
	int (*mkdir)(struct inode *dir, struct dentry *dentry, u32 mode);
	int (*mknod)(struct inode *dir, struct dentry *dentry, u32 mode, u32 dev);
	int (*symlink)(struct inode *dir, struct dentry *dentry, const char *target);
	int (*link)(struct dentry *old, struct inode *dir, struct dentry *dentry);
	int (*unlink)(struct inode *dir, struct dentry *dentry);
	int (*rmdir)(struct inode *dir, struct dentry *dentry);
	int (*rename)(struct inode *old_dir, struct dentry *old, struct inode *new_dir, struct dentry *new);
	int (*setattr)(struct dentry *dentry, const struct iattr *attr);
	/* A symbolic link's target, written into buf (NUL-terminated); its length or -errno. */
	int (*get_link)(struct dentry *dentry, char *buf, size_t size);
};

struct inode {
	u32 i_ino;
	u32 i_mode;                       /* S_IFREG | 0644 ... */
	u32 i_nlink;                      /* names: files 1 (more with link), dirs 2 + subdirs */
	u32 i_uid, i_gid;
	u32 i_rdev;                       /* device files: the device */
	u64 i_size;
	u32 i_atime, i_mtime, i_ctime;    /* seconds since 1970 */
	int i_count;                      /* references: dentries, open files, mappings */
	struct super_block *i_sb;
	struct list_head i_sb_list;
	const struct inode_operations *i_op;
	const struct file_operations *i_fop;
	struct address_space *i_mapping;  /* where its pages are cached: &i_data */
	struct address_space i_data;
	char *i_link;                     /* symbolic links kept in memory: the target */
	struct list_head i_locks;         /* record and flock locks (fs/locks.c) */
	u32 i_state;                      /* I_DIRTY: the on-disk inode must be written */
	u32 dirtied_when;                 /* jiffies when it or a page of it was first dirtied */
	u32 i_wb_pass;                    /* the write-back pass that wrote it last */
	u32 i_blocks;                     /* 512-byte sectors it uses on its disk (st_blocks) */
	void *i_private;                  /* the file system's own (a pipe, a /proc entry) */
};

#define I_DIRTY 1                         /* fields changed since written to the disk */
#define I_DIRTY_PAGES 2                   /* pages wait to be written back */

/* A disk file system's inode changed (size, times, blocks): write-back will write it. */
void mark_inode_dirty(struct inode *inode);
/* The cached inode ino of sb with a reference, or NULL (disk file systems read it then). */
struct inode *ilookup(struct super_block *sb, u32 ino);
/* Write an inode's dirty pages and its fields; with its sb's metadata buffers too. 0 or -EIO. */
int write_inode_now(struct inode *inode);
/* Write back everything of sb (pages, inodes, metadata buffers) and wait. 0 or -EIO. */
int sync_filesystem(struct super_block *sb);
/* sync(2): every file system with a disk. */
void ksys_sync(void);
/* Before power-off: write everything and leave every disk file system marked clean. */
void sync_before_poweroff(void);
/* Drop the unused inodes a disk file system keeps cached (umount). */
void evict_inodes(struct super_block *sb);

/* A new inode of sb (count 1, mode and number set, operations empty). NULL when out of memory. */
struct inode *new_inode(struct super_block *sb, u32 mode);
struct inode *igrab(struct inode *inode);
/* Drop a reference; the last one frees an inode that has no name left (its pages too). */
void iput(struct inode *inode);
void inode_set_times_now(struct inode *inode);
u32 current_time(void);
/* The generic setattr: mode, times, and size through the page cache (truncate_setsize). */
int simple_setattr(struct dentry *dentry, const struct iattr *attr);

/* ---------------------------------------------------------------- dentries */

struct dentry {
	char *d_name;                     /* kmalloc'd, NUL-terminated */
	u32 d_len;
	struct dentry *d_parent;          /* the root's parent is itself */
	struct inode *d_inode;            /* NULL: negative */
	struct super_block *d_sb;
	struct list_head d_child;         /* in the parent's d_subdirs */
	struct list_head d_subdirs;
	int d_count;
	int d_mounted;                    /* mounts on it */
	u32 d_flags;
};
#define DCACHE_PERSISTENT 1               /* holds a name of a memory file system: kept */

struct dentry *d_alloc(struct dentry *parent, const char *name, size_t len);
struct dentry *d_alloc_root(struct inode *root);
/* A dentry outside any tree, for an inode with no name (a pipe, shared memory): takes its reference. */
struct dentry *d_alloc_pseudo(struct inode *inode, const char *name);
/* Has the name been removed (unlinked)? */
bool d_unhashed(const struct dentry *d);
void d_instantiate(struct dentry *dentry, struct inode *inode);
/* The cached child called name, with a reference, or NULL. */
struct dentry *d_lookup(struct dentry *parent, const char *name, size_t len);
struct dentry *dget(struct dentry *d);
void dput(struct dentry *d);
/* A memory file system's name: keep the dentry while the name exists (ramfs, tmpfs, /dev). */
void d_make_persistent(struct dentry *d);
/* Remove a name from its directory: it can no longer be found (unlink, rmdir). */
void d_delete(struct dentry *d);
void d_move(struct dentry *d, struct dentry *new_parent, const char *name, size_t len);

/* ---------------------------------------------------------------- mounts and paths */

struct mount {
	struct mount *mnt_parent;         /* the root mount's parent is itself */
	struct dentry *mnt_mountpoint;    /* in the parent */
	struct dentry *mnt_root;
	struct super_block *mnt_sb;
	struct list_head mnt_list;        /* every mount, in mount order */
	int mnt_count;                    /* paths held inside it: open files, cwds */
	u32 mnt_flags;                    /* MS_RDONLY ... as given */
	char mnt_devname[32];
};

struct path {
	struct mount *mnt;
	struct dentry *dentry;
};

extern struct mount *root_mount;
void path_get(const struct path *p);
void path_put(const struct path *p);
/* The mount on top of (mnt, dentry), or NULL. */
struct mount *lookup_mnt(const struct path *p);
/* Mount a disk file system as the root of the tree (root=/dev/hda); 0 or -errno. */
int kern_mount_root(const char *type, const char *source);
/* Boot: the disk file systems (root=, or the first disk on /mnt) and /dev's block devices. */
void mount_disks(const char *root_dev);
/* Mount type on the directory at path "where" for the kernel at boot; 0 or -errno. */
int kern_mount_at(const char *type, const char *where, const char *source);
/* For /proc/mounts: call fn for each mount. */
void for_each_mount(void (*fn)(struct mount *m, void *arg), void *arg);

/* Flags of a path walk. */
#define LOOKUP_FOLLOW 1                   /* follow a symbolic link in the last component */
#define LOOKUP_DIRECTORY 2                /* the last component must be a directory */

/*
 * Walk name from dirfd (AT_FDCWD: the current directory; absolute names from the root) into
 * *path, crossing mount points and following symbolic links. 0 or -errno.
 */
int user_path_at(int dirfd, const char *name, unsigned flags, struct path *path);
/* The same for a name in kernel memory, from the root or current's directory. */
int kern_path(const char *name, unsigned flags, struct path *path);
/* The same for a name already in kernel memory, from dirfd. */
int kern_path_at(int dirfd, const char *name, unsigned flags, struct path *path);

/* Make a directory, file, device node or FIFO (by mode's type) for the kernel; 0 or -errno. */
int kern_mknodat(int dirfd, const char *name, u32 mode, u32 dev);

/* Copy a name from user space into a new buffer (putname frees it); an ERR_PTR on failure. */
char *getname(const char *uname);
void putname(char *name);
/* The child name of dir: a positive or negative dentry with a reference, or an ERR_PTR. */
struct dentry *lookup_one(struct dentry *dir, const char *name, size_t len);

/*
 * Walk all but the last component: *parent holds the directory and *last points into name at
 * the final component (length *len; "." and ".." are refused by the callers that create).
 */
int path_parent_at(int dirfd, const char *name, struct path *parent, const char **last, size_t *len);

/* The absolute name of path into buf (its end), as getcwd and /proc/PID/cwd show it. */
char *d_path(const struct path *path, char *buf, size_t size);

/* What stat reports, before it is put in one of the three layouts (stat, stat64, statx). */
struct kstat {
	u32 dev, ino, mode, nlink, uid, gid, rdev;
	u64 size, blocks;
	u32 blksize;
	u32 atime, mtime, ctime;
};

/* ---------------------------------------------------------------- files */

/* What readdir passes a file system: emit each entry from ctx->pos; stop when emit says so. */
struct dir_context {
	/* false: the caller's buffer is full (ctx->pos stays at this entry). */
	bool (*emit)(struct dir_context *ctx, const char *name, size_t len, u64 ino, unsigned type);
	u64 pos;
};

/* The d_type of a mode (DT_REG, DT_DIR, ...): the type bits, shifted. */
static inline unsigned dt_type(u32 mode)
{
	return (mode >> 12) & 15;
}
/* readdir of a memory file system: ".", "..", then the names its dentries hold. */
int dcache_readdir(struct file *f, struct dir_context *ctx);

struct file_operations {
	ssize_t (*read)(struct file *f, char *ubuf, size_t n, u64 *pos);
	ssize_t (*write)(struct file *f, const char *ubuf, size_t n, u64 *pos);
	long (*ioctl)(struct file *f, unsigned cmd, unsigned long arg);
	int (*open)(struct inode *inode, struct file *f);       /* optional */
	void (*release)(struct inode *inode, struct file *f);   /* optional: the last close */
	int (*iterate)(struct file *f, struct dir_context *ctx); /* directories */
	int (*mmap)(struct file *f, struct vm_area_struct *vma);
	int (*fsync)(struct file *f);
	unsigned (*poll)(struct file *f);                      /* optional: POLLIN/POLLOUT now */
	/* optional: as write, with n bytes of in's page cache from *in_pos on (sendfile) */
	ssize_t (*write_from_file)(struct file *f, struct file *in, u64 *in_pos, size_t n, u64 *pos);
};

/* poll's event bits (Linux's values). */
#define POLLIN 0x001
#define POLLPRI 0x002
#define POLLOUT 0x004
#define POLLERR 0x008
#define POLLHUP 0x010
#define POLLNVAL 0x020
#define POLLRDNORM 0x040
#define POLLWRNORM 0x100
/* Wake every poll and select that waits: a file's readiness may have changed (fs/select.c).
 * Nobody waiting is the common case, tested inline. */
extern int poll_sleepers;
void __wake_up_poll(void);

static inline void wake_up_poll(void)
{
	if (poll_sleepers)
		__wake_up_poll();
}

/* f_mode: what an open file may do (Linux's FMODE_*). */
#define FMODE_READ 0x1
#define FMODE_WRITE 0x2
#define FMODE_LSEEK 0x4                   /* has a position: lseek, pread, pwrite work */
#define FMODE_PATH 0x4000                 /* O_PATH: names a file, nothing more (fget refuses it) */

struct file {
	const struct file_operations *f_op;
	struct path f_path;
	struct inode *f_inode;
	u64 f_pos;
	u32 f_flags;                      /* O_* given to open, less O_CREAT, O_EXCL, ... */
	u32 f_mode;
	int f_count;                      /* descriptors and mappings sharing it (dup, fork, mmap) */
	void *private_data;               /* what the file's operations keep (a /proc file's text) */
	u32 f_ra_prev, f_ra_size;         /* readahead: the last page read, the window in pages */
};

static inline struct inode *file_inode(const struct file *f)
{
	return f->f_inode;
}

/* A new open file of path (which it takes a reference to), calling the inode's f_op->open. */
struct file *dentry_open(const struct path *path, u32 flags);
/* An open file of an inode with no name (a pipe end): takes over the caller's inode reference. */
struct file *alloc_file_pseudo(struct inode *inode, u32 flags, const struct file_operations *fop);
/* Open a file for the kernel (exec, init's console). An ERR_PTR on failure. */
struct file *filp_open(const char *name, u32 flags, u32 mode);
struct file *open_exec(const char *name);
int kern_unlink(const char *name);            /* unlink of a kernel name, with current's rights */      /* for execve: execute permission, not read */
struct file *get_file(struct file *f);
void fput(struct file *f);
/* A descriptor's close: the process's record locks on the file go (POSIX), then fput. */
void filp_close(struct file *f);
/* File locks (fs/locks.c). */
void locks_remove_posix(struct file *f, int pid);
void locks_remove_flock(struct file *f);
long fcntl_lock(struct file *f, long cmd, void *uarg, bool is64, bool wait, bool get);
struct file *path_open(const struct path *path, u32 flags);   /* an O_PATH file */
/*
 * Put f in current's descriptor fd (free, or closed first), with its close-on-exec flag: that
 * flag belongs to the descriptor, not the open file, so dup and fork-then-dup2 do not share it.
 */
void fd_install(int fd, struct file *f, bool cloexec);
int get_unused_fd(int start);

/* Read or write a file from the kernel, with a kernel buffer (sendfile, and later the rest). */
ssize_t kernel_read(struct file *f, void *buf, size_t n, u64 *pos);
ssize_t kernel_write(struct file *f, const void *buf, size_t n, u64 *pos);

/* Read or write through the page cache (regular files of every memory file system). */
ssize_t generic_file_read(struct file *f, char *ubuf, size_t n, u64 *pos);
/*
 * The page of f's page cache that holds byte pos, read in (with readahead) if it must be: a
 * page reference, NULL for a hole (it reads as hole_zeros), or an ERR_PTR. May sleep.
 */
struct page *filemap_get_page(struct file *f, u64 pos);
extern const char hole_zeros[256];
ssize_t generic_file_write(struct file *f, const char *ubuf, size_t n, u64 *pos);
ssize_t generic_file_write_from_file(struct file *f, struct file *in, u64 *in_pos, size_t n, u64 *pos);
int generic_file_mmap(struct file *f, struct vm_area_struct *vma);
/* Change a regular file's size (cutting or growing with zeros). 0 or -errno. */
int do_truncate(struct dentry *dentry, u64 length);
int vfs_getattr(const struct path *path, struct kstat *st);
int vfs_fsync(struct file *f);

/* Pipes (fs/pipe.c), and FIFOs: named pipes, whose open finds or makes the pipe. */
extern const struct file_operations pipe_fops;
extern const struct file_operations fifo_fops;
/* fcntl's F_GETPIPE_SZ and F_SETPIPE_SZ on a pipe or FIFO (EBADF on anything else). */
long pipe_fcntl(struct file *f, unsigned cmd, unsigned long arg);
/* A superblock mounted nowhere, for the kernel's own use (shared memory's tmpfs). */
struct mount *kern_mount(struct file_system_type *type);
/* The memory file systems (fs/ramfs.c): register ramfs and tmpfs; a new inode of one. */
void ramfs_register(void);
struct inode *ramfs_get_inode(struct super_block *sb, u32 mode, u32 dev);
extern const struct file_operations ramfs_file_fops;

/* Character devices (fs/char_dev.c): open of an S_IFCHR inode finds the driver by major:minor. */
int register_chrdev(u32 dev, const char *name, const struct file_operations *fops);
extern const struct file_operations def_chr_fops;
/* Open a block device node: its bytes through the disk's own page cache (fs/buffer.c). */
int blkdev_open(struct inode *inode, struct file *f);

/* The initramfs (fs/initramfs.c). */
int unpack_to_rootfs(const u8 *buf, size_t len, const char *what);

/* Boot: register the file systems, mount the root and the rest (fs/namespace.c). */
void vfs_init(void);
void mnt_init_tree(void);
void proc_register(void);
void ext2_register(void);

/* ERR_PTR: an error number carried in a pointer, as Linux does. */
#define MAX_ERRNO 4095
static inline void *ERR_PTR(long err) { return (void *)err; }
static inline long PTR_ERR(const void *p) { return (long)p; }
static inline bool IS_ERR(const void *p) { return (unsigned long)p >= (unsigned long)-MAX_ERRNO; }
