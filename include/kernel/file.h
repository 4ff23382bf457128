/*
 * Files: the RAM file system's inodes, open files and their operations, the file table of a
 * task. Flag values, struct layouts and errno values are Linux's i386 ones.
 */
#pragma once
#include <types.h>

#include <linux/fcntl.h>

#define S_IFMT 0170000
#define S_IFDIR 0040000
#define S_IFREG 0100000
#define S_IFCHR 0020000
#define S_IFLNK 0120000
#define S_ISDIR(m) (((m) & S_IFMT) == S_IFDIR)
#define S_ISREG(m) (((m) & S_IFMT) == S_IFREG)

#define NAME_MAX 255
#define PATH_MAX 4096

/* A file or directory of the RAM file system. */
struct inode {
	u32 ino;
	u32 mode;                  /* S_IFREG | 0755 ... */
	u32 nlink;                 /* names (files: 1, 0 once unlinked; dirs: 2 + subdirectories) */
	u32 refs;                  /* open files, mappings and running programs using it */
	u32 size;                  /* bytes of data (files) */
	u32 capacity;              /* bytes allocated for data */
	u32 mtime;
	u8 *data;                  /* kvmalloc'd contents */
	struct inode *parent;
	struct inode *children;    /* directories: first entry */
	struct inode *next;        /* next entry in the parent */
	char name[60];
};

struct file;

struct file_operations {
	ssize_t (*read)(struct file *f, char *ubuf, size_t n);
	ssize_t (*write)(struct file *f, const char *ubuf, size_t n);
	long (*ioctl)(struct file *f, unsigned cmd, unsigned long arg);
	void (*release)(struct file *f);    /* optional: the last reference is gone */
};

struct file {
	const struct file_operations *f_op;
	struct inode *inode;       /* NULL for the console */
	u64 pos;
	int flags;                 /* O_* given to open */
	int refs;                  /* file-table entries sharing it (dup, fork) */
	void *private_data;        /* what the file's operations keep (a /proc file's text) */
};

extern struct inode *ramfs_root;

void ramfs_init(void);
/* Resolve path (absolute, or relative to cwd). NULL if it does not exist; *err says why. */
struct inode *ramfs_lookup(const char *path, const char *cwd, int *err);
/* Create (or, with O_TRUNC semantics left to the caller, find) a file or directory. */
struct inode *ramfs_create(const char *path, const char *cwd, u32 mode, int *err);
/* Write into a file's data at off, growing it. 0 or -ENOMEM/-EFBIG. */
int ramfs_write(struct inode *ino, u32 off, const void *src, u32 n);
/* Set a file's size: cut (never fails), or grow with zeros. 0, -EFBIG or -ENOMEM. */
int ramfs_resize(struct inode *ino, u32 size);
/*
 * An inode stays while something uses it (inode_get/inode_put: an open file, an area mapping
 * it, a program running from it), even after its last name is gone (ramfs_unlink), as on Linux;
 * the last inode_put of an unlinked inode frees it and its data.
 */
void inode_get(struct inode *ino);
void inode_put(struct inode *ino);
/* Remove a name: a file (dir false) or an empty directory (dir true). 0 or -errno. */
int ramfs_unlink(const char *path, const char *cwd, bool dir);
/* Move or rename, replacing a file or an empty directory of the same kind. 0 or -errno. */
int ramfs_rename(const char *from, const char *to, const char *cwd);

struct file *get_file(struct file *f);
void fput(struct file *f);
/*
 * Put f in current's descriptor fd (free, or closed first), with its close-on-exec flag: that
 * flag belongs to the descriptor, not the open file, so dup and fork-then-dup2 do not share it.
 */
void fd_install(int fd, struct file *f, bool cloexec);
struct file *file_open_console(void);
/* Open a file for the kernel (exec, init). NULL if absent. */
struct inode *kernel_lookup(const char *path);

/* Pipes (kernel/pipe.c). */
extern const struct file_operations pipe_fops;
#define S_IFIFO 0010000

/* /proc (kernel/procfs.c): text files made when opened. */
extern const struct file_operations proc_fops;
bool is_proc_path(const char *path);
struct file *proc_open(const char *path, int flags, int *err);
int proc_dir_entry(unsigned i, char *buf, size_t size);  /* the i-th name /proc lists, or 0 */

/* Unpack one cpio "newc" archive into the RAM file system; 0 or -EINVAL (reported). */
int unpack_to_ramfs(const u8 *buf, size_t len, const char *what);
