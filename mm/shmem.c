/*
 * Shared memory that has no name in the tree: System V segments (ipc/shm.c), memfd_create,
 * and MAP_SHARED anonymous memory (and /dev/zero). Each is a tmpfs file on an instance of tmpfs
 * mounted nowhere (shm_mnt), unlinked from the start, whose page-cache pages every mapping
 * shares. POSIX shm_open needs nothing here: it is a file in the tmpfs on /dev/shm.
 */
#include <fs/fs.h>
#include <mm/shmem.h>
#include <mm/mm_types.h>
#include <kernel/sched.h>
#include <kernel/syscall.h>
#include <kernel/uaccess.h>
#include <kernel/string.h>
#include <kernel/printk.h>
#include <linux/errno.h>

/* The tmpfs instance behind shared memory that has no name in the tree (shm, memfd, /dev/zero). */
static struct mount *shm_mnt;

void shmem_init(void)
{
	shm_mnt = kern_mount(get_fs_type("tmpfs"));
	if (IS_ERR(shm_mnt))
		panic("shmem: cannot make the tmpfs instance for shared memory");
}

struct file *shmem_file_setup(const char *name, u64 size, u32 flags)
{
	struct dentry *root = shm_mnt->mnt_root, *d;
	struct inode *inode;
	struct path path;
	struct file *f;

	if (size > MAX_LFS_FILESIZE)
		return ERR_PTR(-EINVAL);
	inode = ramfs_get_inode(root->d_sb, S_IFREG | 0777, 0);
	if (!inode)
		return ERR_PTR(-ENOMEM);
	inode->i_size = size;
	inode->i_nlink = 0;                        /* no name: it lives while something uses it */
	d = d_alloc(root, name, strlen(name));
	if (!d) {
		iput(inode);
		return ERR_PTR(-ENOMEM);
	}
	d_instantiate(d, inode);
	d_delete(d);                               /* unhashed: /proc/PID/maps says "(deleted)" */
	path.mnt = shm_mnt;
	path.dentry = d;
	shm_mnt->mnt_count++;
	f = dentry_open(&path, flags);
	path_put(&path);
	return f;
}

int shmem_zero_setup(struct vm_area_struct *vma)
{
	struct file *f = shmem_file_setup("dev/zero", vma->vm_end - vma->vm_start, O_RDWR);

	if (IS_ERR(f))
		return (int)PTR_ERR(f);
	vma->vm_file = f;                          /* the caller drops this reference after the insert */
	vma->vm_pgoff = 0;
	return f->f_op->mmap(f, vma);
}

#define MFD_CLOEXEC 1u
#define MFD_ALLOW_SEALING 2u
#define MFD_HUGETLB 4u
#define MFD_NAME_MAX (NAME_MAX - 6)           /* "memfd:" comes first */

/* memfd_create: an anonymous tmpfs file, named "memfd:NAME" in /proc/PID/maps and fd links. */
long sys_memfd_create(const char *uname, unsigned long flags)
{
	char name[6 + MFD_NAME_MAX + 1] = "memfd:";
	struct file *f;
	long n;
	int fd;

	if (flags & ~(MFD_CLOEXEC | MFD_ALLOW_SEALING | MFD_HUGETLB))
		return -EINVAL;
	if (flags & MFD_HUGETLB)
		return -EINVAL;                        /* no huge pages here */
	n = strncpy_from_user(name + 6, uname, MFD_NAME_MAX + 1);
	if (n < 0)
		return n == -ENAMETOOLONG ? -EINVAL : n;
	if (n > MFD_NAME_MAX)
		return -EINVAL;
	fd = get_unused_fd(0);
	if (fd < 0)
		return fd;
	f = shmem_file_setup(name, 0, O_RDWR | O_LARGEFILE);
	if (IS_ERR(f))
		return PTR_ERR(f);
	fd_install(fd, f, flags & MFD_CLOEXEC);
	return fd;
}
