/*
 * File system types, superblocks and mounts: the mount tree. A mount attaches a superblock's
 * root on a directory (its mount point); a path walk that reaches the mount point continues in
 * the mounted file system, and ".." at a mounted root goes back to the mount point's parent.
 * Mounts stack: mounting on a mount point hides the mount below until the top one goes.
 *
 *   mount(source, target, type, flags, data)   mount a new instance of type (or MS_BIND a
 *                                              directory elsewhere) on target
 *   umount2(target, flags)                     EBUSY while a file is open, a process has its
 *                                              current directory, or another mount is inside it;
 *                                              MNT_DETACH takes it out of the tree at once
 */
#include <fs/fs.h>
#include <mm/swap.h>
#include <block/blkdev.h>
#include <kernel/vsprintf.h>
#include <mm/shmem.h>
#include <kernel/sched.h>
#include <kernel/syscall.h>
#include <kernel/uaccess.h>
#include <kernel/printk.h>
#include <kernel/string.h>
#include <linux/errno.h>
#include <mm/slab.h>

#define MS_RDONLY 1
#define MS_REMOUNT 32
#define MS_BIND 4096
#define MS_MOVE 8192
#define MNT_FORCE 1
#define MNT_DETACH 2
#define UMOUNT_NOFOLLOW 8

static struct file_system_type *file_systems;
static struct list_head mounts = LIST_HEAD_INIT(mounts);
struct mount *root_mount;
static u32 next_anon_dev = 1;

int register_filesystem(struct file_system_type *fs)
{
	for (struct file_system_type *t = file_systems; t; t = t->next)
		if (!strcmp(t->name, fs->name))
			return -EBUSY;
	fs->next = file_systems;
	file_systems = fs;
	return 0;
}

struct file_system_type *get_fs_type(const char *name)
{
	for (struct file_system_type *t = file_systems; t; t = t->next)
		if (!strcmp(t->name, name))
			return t;
	return NULL;
}

struct super_block *sget_nodev(struct file_system_type *type, unsigned long magic)
{
	struct super_block *sb = kzalloc(sizeof(*sb), GFP_KERNEL);

	if (!sb)
		return NULL;
	sb->s_type = type;
	sb->s_magic = magic;
	sb->s_dev = MKDEV(0, next_anon_dev++);
	INIT_LIST_HEAD(&sb->s_inodes);
	return sb;
}

/* A new superblock of type, filled; or an ERR_PTR. */
static struct super_block *mount_fs(struct file_system_type *type, const char *source, const void *data,
				    u32 flags)
{
	struct super_block *sb;
	int err;

	if (type->single && type->single_sb)
		return type->single_sb;
	sb = sget_nodev(type, 0);
	if (!sb)
		return ERR_PTR(-ENOMEM);
	sb->s_flags = (flags & MS_RDONLY) ? SB_RDONLY : 0;
	err = type->fill_super(sb, source, data);
	if (err) {
		kfree(sb);
		return ERR_PTR(err);
	}
	if (type->single)
		type->single_sb = sb;
	return sb;
}

void deactivate_super(struct super_block *sb)
{
	if (--sb->s_active > 0 || sb->s_type->single)
		return;
	if (sb->s_type->kill_sb)
		sb->s_type->kill_sb(sb);
	dput(sb->s_root);
	kfree(sb);
}

void path_get(const struct path *p)
{
	if (p->mnt)
		p->mnt->mnt_count++;
	dget(p->dentry);
}

static void free_mount(struct mount *m)
{
	dput(m->mnt_root);
	deactivate_super(m->mnt_sb);
	kfree(m);
}

void path_put(const struct path *p)
{
	struct mount *m = p->mnt;

	dput(p->dentry);
	/* a mount detached while busy (MNT_DETACH) goes with its last user */
	if (m && --m->mnt_count == 0 && m->mnt_parent == NULL)
		free_mount(m);
}

struct mount *lookup_mnt(const struct path *p)
{
	struct mount *m, *found = NULL;

	if (!p->dentry->d_mounted)
		return NULL;
	list_for_each_entry(m, &mounts, mnt_list)          /* the newest mount on top wins */
		if (m->mnt_parent == p->mnt && m->mnt_mountpoint == p->dentry)
			found = m;
	return found;
}

void for_each_mount(void (*fn)(struct mount *m, void *arg), void *arg)
{
	struct mount *m;

	list_for_each_entry(m, &mounts, mnt_list)
		fn(m, arg);
}

/* Attach sb's root (or root, for a bind mount) at where; where is not consumed. */
static int attach(struct super_block *sb, struct dentry *root, const struct path *where,
		  const char *source, u32 flags)
{
	struct mount *m = kzalloc(sizeof(*m), GFP_KERNEL);

	if (!m)
		return -ENOMEM;
	m->mnt_sb = sb;
	m->mnt_root = dget(root);
	m->mnt_flags = flags;
	strlcpy(m->mnt_devname, source && source[0] ? source : "none", sizeof(m->mnt_devname));
	sb->s_active++;
	if (where) {
		m->mnt_parent = where->mnt;
		m->mnt_mountpoint = dget(where->dentry);
		where->dentry->d_mounted++;
		where->mnt->mnt_count++;                /* the parent cannot go while this is on it */
	} else {
		m->mnt_parent = m;                      /* the root of the tree */
		m->mnt_mountpoint = dget(root);
		root_mount = m;
	}
	list_add_tail(&m->mnt_list, &mounts);
	return 0;
}

struct mount *kern_mount(struct file_system_type *type)
{
	struct super_block *sb = mount_fs(type, type->name, NULL, 0);
	struct mount *m;

	if (IS_ERR(sb))
		return (struct mount *)sb;
	m = kzalloc(sizeof(*m), GFP_KERNEL);
	if (!m)
		return ERR_PTR(-ENOMEM);
	m->mnt_sb = sb;
	m->mnt_root = dget(sb->s_root);
	m->mnt_parent = m;                              /* a tree of its own, on no list */
	m->mnt_mountpoint = dget(sb->s_root);
	strlcpy(m->mnt_devname, type->name, sizeof(m->mnt_devname));
	sb->s_active++;
	return m;
}

static bool has_child_mounts(const struct mount *mnt)
{
	struct mount *m;

	list_for_each_entry(m, &mounts, mnt_list)
		if (m != mnt && m->mnt_parent == mnt)
			return true;
	return false;
}

static int do_new_mount(const char *type_name, const struct path *where, const char *source,
			const void *data, u32 flags)
{
	struct file_system_type *type = get_fs_type(type_name);
	struct super_block *sb;
	int err;

	if (!type)
		return -ENODEV;
	if (!S_ISDIR(where->dentry->d_inode->i_mode))
		return -ENOTDIR;
	sb = mount_fs(type, source, data, flags);
	if (IS_ERR(sb))
		return (int)PTR_ERR(sb);
	err = attach(sb, sb->s_root, where, source, flags);
	if (err && sb->s_active == 0)
		deactivate_super((sb->s_active++, sb));
	return err;
}

int kern_mount_root(const char *type, const char *source)
{
	struct file_system_type *t = get_fs_type(type);
	struct super_block *sb = t ? mount_fs(t, source, NULL, 0) : ERR_PTR(-ENODEV);
	int err;

	if (IS_ERR(sb))
		return (int)PTR_ERR(sb);
	err = attach(sb, sb->s_root, NULL, source, 0);   /* the new root of the tree */
	if (err)
		return err;
	/* the boot task (later every process) works from the new root */
	path_put(&current->fs->pwd);
	current->fs->pwd.mnt = root_mount;
	current->fs->pwd.dentry = root_mount->mnt_root;
	path_get(&current->fs->pwd);
	return 0;
}

int kern_mount_at(const char *type, const char *where, const char *source)
{
	struct path p;
	int err;

	if (!where) {                                   /* the root of the tree */
		struct file_system_type *t = get_fs_type(type);
		struct super_block *sb = t ? mount_fs(t, source, NULL, 0) : ERR_PTR(-ENODEV);
		if (IS_ERR(sb))
			return (int)PTR_ERR(sb);
		return attach(sb, sb->s_root, NULL, source, 0);
	}
	err = kern_path(where, LOOKUP_FOLLOW | LOOKUP_DIRECTORY, &p);
	if (err)
		return err;
	err = do_new_mount(type, &p, source, NULL, 0);
	path_put(&p);
	return err;
}

static long copy_mount_string(const char *ustr, char *buf, size_t size)
{
	long n;

	if (!ustr) {
		buf[0] = '\0';
		return 0;
	}
	n = strncpy_from_user(buf, ustr, (long)size);
	if (n < 0)
		return n;
	return n >= (long)size ? -ENAMETOOLONG : 0;
}

long sys_mount(const char *usource, const char *utarget, const char *utype, long flags, const void *data)
{
	char type[32], source[64];
	struct path where;
	long err;

	if ((err = copy_mount_string(usource, source, sizeof(source))) != 0)
		return err == -ENAMETOOLONG ? -EINVAL : err;
	err = user_path_at(AT_FDCWD, utarget, LOOKUP_FOLLOW, &where);
	if (err)
		return err;
	if (!capable(CAP_SYS_ADMIN)) {
		path_put(&where);
		return -EPERM;                              /* only root mounts */
	}
	if (flags & MS_REMOUNT) {                       /* flags of an existing mount: accepted */
		err = where.dentry == where.mnt->mnt_root ? 0 : -EINVAL;
	} else if (flags & MS_BIND) {
		struct path from;
		err = user_path_at(AT_FDCWD, usource, LOOKUP_FOLLOW, &from);
		if (!err) {
			err = attach(from.mnt->mnt_sb, from.dentry, &where, source, (u32)flags);
			path_put(&from);
		}
	} else if (flags & MS_MOVE) {
		err = -EINVAL;
		printk(KERN_INFO "%s[%d]: mount: MS_MOVE is not supported\n", current->comm, current->pid);
	} else if ((err = copy_mount_string(utype, type, sizeof(type))) == 0) {
		err = do_new_mount(type, &where, source, data, (u32)flags);
		if (err == -ENODEV)
			printk(KERN_INFO "%s[%d]: mount: unknown file system type '%s'\n",
			       current->comm, current->pid, type);
	} else if (err == -ENAMETOOLONG) {
		err = -ENODEV;
	}
	path_put(&where);
	return err;
}

long sys_umount2(const char *utarget, long flags)
{
	struct path p;
	struct mount *m;
	long err;

	if (flags & ~(MNT_FORCE | MNT_DETACH | UMOUNT_NOFOLLOW))
		return -EINVAL;
	if (!capable(CAP_SYS_ADMIN))
		return -EPERM;
	err = user_path_at(AT_FDCWD, utarget, (flags & UMOUNT_NOFOLLOW) ? 0 : LOOKUP_FOLLOW, &p);
	if (err)
		return err;
	m = p.mnt;
	if (p.dentry != m->mnt_root) {
		path_put(&p);
		return -EINVAL;                         /* not a mount point */
	}
	path_put(&p);                                   /* our own walk's hold on it */
	if (m == root_mount)
		return -EBUSY;
	if (!(flags & MNT_DETACH) && (m->mnt_count > 0 || has_child_mounts(m)))
		return -EBUSY;
	list_del(&m->mnt_list);
	m->mnt_mountpoint->d_mounted--;
	dput(m->mnt_mountpoint);
	m->mnt_parent->mnt_count--;
	m->mnt_parent = NULL;                           /* detached */
	if (m->mnt_count == 0)
		free_mount(m);
	return 0;
}

long sys_oldumount(const char *utarget)
{
	return sys_umount2(utarget, 0);
}

/* ---------------------------------------------------------------- the tree at boot */


/* The root file system: a ramfs, before anything is unpacked into it. */
void vfs_init(void)
{
	int err;

	ramfs_register();
	ext2_register();
	proc_register();
	shmem_init();
	err = kern_mount_at("ramfs", NULL, "rootfs");
	if (err)
		panic("VFS: cannot mount the root file system (error %d)", err);
	/* the boot task (later the idle task) works from the root: walks start there */
	current->fs->pwd.mnt = root_mount;
	current->fs->pwd.dentry = root_mount->mnt_root;
	path_get(&current->fs->pwd);
}

/* A directory for a mount point, unless the initramfs made one. */
static void make_dir(const char *path, u32 mode)
{
	int err = kern_mknodat(AT_FDCWD, path, S_IFDIR | mode, 0);

	if (err && err != -EEXIST)
		pr_err("VFS: cannot make %s (error %d)\n", path, err);
}

static void mount_or_warn(const char *type, const char *where, const char *source)
{
	int err = kern_mount_at(type, where, source);

	if (err)
		pr_err("VFS: cannot mount %s on %s (error %d)\n", type, where, err);
}

/* The device nodes of /dev, as udev would make them on Linux: name, mode, major, minor. */
static const struct { const char *name; u32 mode, major, minor; } dev_nodes[] = {
	{ "/dev/null", 0666, 1, 3 },  { "/dev/zero", 0666, 1, 5 },   { "/dev/full", 0666, 1, 7 },
	{ "/dev/random", 0666, 1, 8 }, { "/dev/urandom", 0666, 1, 9 }, { "/dev/tty", 0666, 5, 0 },
	{ "/dev/console", 0600, 5, 1 },
};

/*
 * After the initramfs: proc on /proc, a tmpfs on /dev with the device nodes and /dev/shm (POSIX
 * shared memory), a tmpfs on /tmp. The log says what is where.
 */
void mnt_init_tree(void)
{
	make_dir("/proc", 0555);
	make_dir("/dev", 0755);
	make_dir("/tmp", 01777);
	mount_or_warn("proc", "/proc", "proc");
	mount_or_warn("tmpfs", "/dev", "devtmpfs");
	for (unsigned i = 0; i < ARRAY_SIZE(dev_nodes); i++) {
		int err = kern_mknodat(AT_FDCWD, dev_nodes[i].name, S_IFCHR | dev_nodes[i].mode,
				       MKDEV(dev_nodes[i].major, dev_nodes[i].minor));
		if (err)
			pr_err("VFS: cannot make %s (error %d)\n", dev_nodes[i].name, err);
	}
	for (struct block_device *b = all_bdevs; b; b = b->next) {
		char name[16];
		snprintf(name, sizeof(name), "/dev/%s", b->name);
		kern_mknodat(AT_FDCWD, name, S_IFBLK | 0660, b->dev);
	}
	make_dir("/dev/shm", 01777);
	mount_or_warn("tmpfs", "/dev/shm", "tmpfs");
	mount_or_warn("tmpfs", "/tmp", "tmpfs");
	pr_info("VFS: %s on /, proc on /proc, tmpfs on /dev, /dev/shm and /tmp\n", root_mount->mnt_sb->s_type->name);
}

/*
 * The disks at boot. root=/dev/hda: the disk's ext2 becomes the root, and the initramfs
 * unpacked before is left behind (as on Linux without an /init in it). Otherwise the first
 * disk, if there is one, is mounted on /mnt. A disk that does not mount is reported; the
 * boot goes on (without root=, from the initramfs).
 */
void mount_disks(const char *root_dev)
{
	int err;

	if (root_dev) {
		err = kern_mount_root("ext2", root_dev);
		if (err)
			pr_err("VFS: cannot mount root %s as ext2 (error %d); staying on the initramfs\n", root_dev, err);
		else
			pr_info("VFS: mounted root (ext2 file system) on device %s\n", root_dev);
		return;
	}
	for (struct block_device *b = all_bdevs; b; b = b->next) {
		if (bdev_has_swap_signature(b)) {       /* swap space: for swapon, not for mount */
			pr_info("VFS: %s holds swap space (mkswap); swapon /dev/%s uses it\n", b->name, b->name);
			continue;
		}
		make_dir("/mnt", 0755);
		err = kern_mount_at("ext2", "/mnt", b->name);
		if (err)
			pr_err("VFS: cannot mount %s on /mnt as ext2 (error %d)\n", b->name, err);
		else
			pr_info("VFS: %s (ext2) mounted on /mnt\n", b->name);
		return;                                 /* the first other disk only */
	}
}
