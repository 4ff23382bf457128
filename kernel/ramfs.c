/*
 * The RAM file system: a tree of inodes whose contents live in kernel memory, filled at boot
 * from the cpio archives the boot loader passes as modules (later archives overlay earlier
 * ones). Files can be created and written; there is no disk behind it.
 */
#include <kernel/file.h>
#include <kernel/cpio.h>
#include <linux/errno.h>
#include <kernel/printk.h>
#include <kernel/string.h>
#include <mm/slab.h>
#include <mm/vmalloc.h>
#include <mm/layout.h>

struct inode *ramfs_root;
static u32 next_ino = 1;

/* Small buffers from kmalloc, big ones from vmalloc (Linux's kvmalloc). */
static void *kvmalloc(size_t n)
{
	return n <= KMALLOC_MAX_CACHE_SIZE ? kmalloc(n, GFP_KERNEL) : vmalloc(n);
}

static void kvfree(void *p)
{
	if ((unsigned long)p >= VMALLOC_START && (unsigned long)p < VMALLOC_END)
		vfree(p);
	else
		kfree(p);
}

static struct inode *new_inode(struct inode *parent, const char *name, size_t len, u32 mode)
{
	struct inode *ino = kzalloc(sizeof(*ino), GFP_KERNEL);

	if (!ino)
		return NULL;
	ino->ino = next_ino++;
	ino->mode = mode;
	ino->nlink = S_ISDIR(mode) ? 2 : 1;
	ino->parent = parent ? parent : ino;
	memcpy(ino->name, name, min(len, sizeof(ino->name) - 1));
	if (parent) {
		ino->next = parent->children;
		parent->children = ino;
	}
	return ino;
}

void ramfs_init(void)
{
	ramfs_root = new_inode(NULL, "/", 1, S_IFDIR | 0755);
	/* where /proc is mounted: an empty directory, as on Linux before the mount */
	new_inode(ramfs_root, "proc", 4, S_IFDIR | 0555);
	ramfs_root->nlink++;
}

static struct inode *find_child(struct inode *dir, const char *name, size_t len)
{
	if ((len == 1 && name[0] == '.') || len == 0)
		return dir;
	if (len == 2 && name[0] == '.' && name[1] == '.')
		return dir->parent;
	for (struct inode *c = dir->children; c; c = c->next)
		if (strlen(c->name) == len && memcmp(c->name, name, len) == 0)
			return c;
	return NULL;
}

/*
 * Walk path from the root or cwd. Returns the inode; or NULL with *err = -ENOENT (a component
 * is missing: *parentp then holds the directory it was missing from and *lastp the name, if it
 * was the last one), -ENOTDIR or -ENAMETOOLONG.
 */
static struct inode *walk(const char *path, const char *cwd, int *err, struct inode **parentp,
			  const char **lastp)
{
	struct inode *dir = ramfs_root;

	*parentp = NULL;
	if (path[0] != '/' && cwd && strcmp(cwd, "/") != 0) {
		dir = walk(cwd, NULL, err, parentp, lastp);
		if (!dir)
			return NULL;
	}
	for (const char *p = path;;) {
		const char *end;
		struct inode *next;

		while (*p == '/')
			p++;
		if (!*p)
			return dir;
		if (!S_ISDIR(dir->mode)) {
			*err = -ENOTDIR;
			return NULL;
		}
		for (end = p; *end && *end != '/'; end++)
			;
		if (end - p > NAME_MAX || (size_t)(end - p) >= sizeof(dir->name)) {
			*err = -ENAMETOOLONG;
			return NULL;
		}
		next = find_child(dir, p, (size_t)(end - p));
		if (!next) {
			const char *rest = end;
			while (*rest == '/')
				rest++;
			*err = -ENOENT;
			if (!*rest) {
				*parentp = dir;
				*lastp = p;
			}
			return NULL;
		}
		dir = next;
		p = end;
	}
}

struct inode *ramfs_lookup(const char *path, const char *cwd, int *err)
{
	struct inode *parent;
	const char *last;

	if (!path[0]) {
		*err = -ENOENT;
		return NULL;
	}
	return walk(path, cwd, err, &parent, &last);
}

struct inode *ramfs_create(const char *path, const char *cwd, u32 mode, int *err)
{
	struct inode *parent, *ino;
	const char *last;
	size_t len;

	if (!path[0]) {
		*err = -ENOENT;
		return NULL;
	}
	ino = walk(path, cwd, err, &parent, &last);
	if (ino || !parent)
		return ino;
	for (len = 0; last[len] && last[len] != '/'; len++)
		;
	ino = new_inode(parent, last, len, mode);
	if (!ino)
		*err = -ENOMEM;
	else if (S_ISDIR(mode))
		parent->nlink++;
	return ino;
}

int ramfs_write(struct inode *ino, u32 off, const void *src, u32 n)
{
	u32 end = off + n;

	if (end < off || end > (64u << 20))
		return -EFBIG;                      /* 64 MiB per file is plenty for a RAM disk */
	if (end > ino->capacity) {
		u32 cap = max(end, ino->capacity * 2);
		u8 *bigger = kvmalloc(cap);
		if (!bigger)
			return -ENOMEM;
		memcpy(bigger, ino->data, ino->size);
		memset(bigger + ino->size, 0, cap - ino->size);
		kvfree(ino->data);
		ino->data = bigger;
		ino->capacity = cap;
	}
	if (off > ino->size)
		memset(ino->data + ino->size, 0, off - ino->size);
	memcpy(ino->data + off, src, n);
	ino->size = max(ino->size, end);
	return 0;
}

int ramfs_resize(struct inode *ino, u32 size)
{
	static const u8 zero;

	if (size <= ino->size) {
		ino->size = size;
		return 0;
	}
	return ramfs_write(ino, size - 1, &zero, 1);    /* zero-fills the gap up to the new end */
}

static void free_inode(struct inode *ino)
{
	kvfree(ino->data);
	kfree(ino);
}

void inode_get(struct inode *ino)
{
	ino->refs++;
}

void inode_put(struct inode *ino)
{
	if (--ino->refs == 0 && ino->nlink == 0)
		free_inode(ino);
}

/* Take ino out of its directory's list. */
static void detach(struct inode *ino)
{
	struct inode **pp = &ino->parent->children;

	while (*pp != ino)
		pp = &(*pp)->next;
	*pp = ino->next;
	ino->next = NULL;
}

/* The root and /proc cannot be removed or replaced: they are where file systems are mounted. */
static bool is_mount_point(const struct inode *ino)
{
	return ino == ramfs_root || (ino->parent == ramfs_root && !strcmp(ino->name, "proc"));
}

/* Take away ino's name; the inode goes now if nothing uses it, else at its last inode_put. */
static void remove_name(struct inode *ino)
{
	if (S_ISDIR(ino->mode))
		ino->parent->nlink--;
	detach(ino);
	ino->nlink = 0;
	if (ino->refs == 0)
		free_inode(ino);
}

int ramfs_rename(const char *from, const char *to, const char *cwd)
{
	int err = 0;
	struct inode *src = ramfs_lookup(from, cwd, &err), *dst, *parent;
	const char *last;
	char name[sizeof(src->name)];
	size_t len;

	if (!src)
		return err;
	if (is_mount_point(src))
		return -EBUSY;
	if (!to[0])
		return -ENOENT;
	dst = walk(to, cwd, &err, &parent, &last);
	if (dst) {
		if (dst == src)
			return 0;
		if (is_mount_point(dst))
			return -EBUSY;
		if (S_ISDIR(src->mode) && !S_ISDIR(dst->mode))
			return -ENOTDIR;
		if (!S_ISDIR(src->mode) && S_ISDIR(dst->mode))
			return -EISDIR;
		if (dst->children)
			return -ENOTEMPTY;
		parent = dst->parent;
		last = dst->name;
	} else if (!parent) {
		return err;                          /* a directory on the way is missing */
	}
	for (len = 0; last[len] && last[len] != '/'; len++)
		;
	memcpy(name, last, len);
	name[len] = '\0';
	for (struct inode *d = parent; S_ISDIR(src->mode); d = d->parent) {
		if (d == src)
			return -EINVAL;              /* a directory cannot move below itself */
		if (d == ramfs_root)
			break;
	}
	if (dst)
		remove_name(dst);
	detach(src);
	if (S_ISDIR(src->mode)) {
		src->parent->nlink--;
		parent->nlink++;
	}
	memset(src->name, 0, sizeof(src->name));
	memcpy(src->name, name, len);
	src->parent = parent;
	src->next = parent->children;
	parent->children = src;
	return 0;
}

int ramfs_unlink(const char *path, const char *cwd, bool dir)
{
	int err = 0;
	struct inode *ino = ramfs_lookup(path, cwd, &err);

	if (!ino)
		return err;
	if (!dir && S_ISDIR(ino->mode))
		return -EISDIR;
	if (dir) {
		if (!S_ISDIR(ino->mode))
			return -ENOTDIR;
		if (is_mount_point(ino))
			return -EBUSY;
		if (ino->children)
			return -ENOTEMPTY;
	}
	remove_name(ino);
	return 0;
}

struct inode *kernel_lookup(const char *path)
{
	int err;

	return ramfs_lookup(path, "/", &err);
}

/* ---------------------------------------------------------------- cpio */

struct unpack_state {
	unsigned files, dirs, skipped;
	unsigned long bytes;
	int err;
};

static int unpack_one(const struct cpio_entry *e, void *arg)
{
	struct unpack_state *st = arg;
	const char *name = e->name;
	struct inode *ino;
	int err = 0;

	while (name[0] == '.' && name[1] == '/')
		name += 2;
	if (!strcmp(name, ".") || !name[0])
		return 0;
	if (S_ISDIR(e->mode)) {
		if (!ramfs_create(name, "/", e->mode, &err))
			goto fail;
		st->dirs++;
		return 0;
	}
	if (!S_ISREG(e->mode)) {
		pr_warn("initramfs: %s: only files and directories are supported, skipped\n", name);
		st->skipped++;
		return 0;
	}
	ino = ramfs_create(name, "/", e->mode, &err);
	if (!ino || !S_ISREG(ino->mode))
		goto fail;
	ino->mode = e->mode;                 /* a later archive overlays an earlier one */
	ino->mtime = e->mtime;
	ramfs_resize(ino, 0);
	if (e->size && (err = ramfs_write(ino, 0, e->data, e->size)) != 0)
		goto fail;
	st->files++;
	st->bytes += e->size;
	return 0;
fail:
	pr_err("initramfs: cannot create %s (error %d)\n", name, err ? err : -EEXIST);
	st->err = err ? err : -EEXIST;
	return 1;
}

int unpack_to_ramfs(const u8 *buf, size_t len, const char *what)
{
	struct unpack_state st = { 0 };
	const char *why = NULL;

	if (cpio_parse(buf, len, unpack_one, &st, &why)) {
		pr_err("initramfs: %s is not a valid cpio newc archive: %s; the files before the error were kept\n",
		       what, why);
		return -EINVAL;
	}
	pr_info("initramfs: %s: %u files (%lu KiB), %u directories unpacked%s\n", what, st.files,
		st.bytes >> 10, st.dirs, st.skipped ? ", some members skipped" : "");
	return st.err;
}
