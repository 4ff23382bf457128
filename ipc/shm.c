/*
 * System V shared memory (shmget, shmat, shmdt, shmctl), through the i386 ipc() multiplexer and
 * the direct calls. A segment is a tmpfs file with no name (mm/shmem.h): shmat maps its
 * page-cache pages shared, so every process that attaches it sees the same physical pages
 * (/proc/PID/smaps: Shared_*, RssShmem). A segment removed with IPC_RMID lives on until its
 * last detach, as on Linux; ids are Linux's (slot + 32768 * sequence).
 */
#include <fs/fs.h>
#include <mm/shmem.h>
#include <mm/memory.h>
#include <mm/vma.h>
#include <kernel/sched.h>
#include <kernel/syscall.h>
#include <kernel/uaccess.h>
#include <kernel/string.h>
#include <kernel/vsprintf.h>
#include <linux/errno.h>
#include <mm/slab.h>

#define IPC_PRIVATE 0
#define IPC_CREAT 01000
#define IPC_EXCL 02000
#define IPC_RMID 0
#define IPC_SET 1
#define IPC_STAT 2
#define IPC_INFO 3
#define SHM_LOCK 11
#define SHM_UNLOCK 12
#define SHM_STAT 13
#define SHM_INFO 14
#define SHM_STAT_ANY 15
#define IPC_64 0x100
#define SHM_DEST 01000              /* mode bit: removed, waiting for its last detach */
#define SHM_RDONLY 010000
#define SHM_RND 020000
#define SHM_REMAP 040000
#define SHM_EXEC 0100000
#define SHMLBA PAGE_SIZE
#define SHMMNI 64                   /* segments at once (Linux: 4096) */
#define SHMMIN 1
#define SHMMAX 0xffffffffu          /* Linux's default: no limit worth the name */
#define IPCMNI_SHIFT 15

struct shm_segment {
	int key;
	u32 id;
	u32 mode;                   /* permission bits, SHM_DEST */
	u32 size;
	struct file *file;          /* the tmpfs file holding the pages */
	unsigned long nattch;       /* areas mapping it */
	int cpid, lpid;
	u32 atime, dtime, ctime;
};

static struct shm_segment *segments[SHMMNI];
static u32 next_seq;

static struct shm_segment *shm_lookup(long id)
{
	struct shm_segment *s;

	if (id < 0)
		return NULL;
	s = segments[id & (SHMMNI - 1)];
	return s && s->id == (u32)id ? s : NULL;
}

static void shm_destroy(struct shm_segment *s)
{
	segments[s->id & (SHMMNI - 1)] = NULL;
	fput(s->file);
	kfree(s);
}

/* The areas attaching a segment: counted (shm_nattch), otherwise those of any shared file. */
static void shm_vm_open(struct vm_area_struct *vma)
{
	struct shm_segment *s = vma->vm_file->private_data;

	s->nattch++;
	generic_file_vm_ops.open(vma);
}

static void shm_vm_close(struct vm_area_struct *vma)
{
	struct shm_segment *s = vma->vm_file->private_data;

	generic_file_vm_ops.close(vma);
	s->dtime = current_time();
	s->lpid = current->pid;
	if (--s->nattch == 0 && (s->mode & SHM_DEST))
		shm_destroy(s);
}

static int shm_fault(struct vm_area_struct *vma, struct vm_fault *vmf)
{
	return generic_file_vm_ops.fault(vma, vmf);
}

static const struct vm_operations_struct shm_vm_ops = {
	.open = shm_vm_open,
	.close = shm_vm_close,
	.fault = shm_fault,
};

long sys_shmget(long key, unsigned long size, long flags)
{
	struct shm_segment *s = NULL;
	char name[16];
	unsigned slot;

	if (key != IPC_PRIVATE) {
		for (slot = 0; slot < SHMMNI; slot++)
			if (segments[slot] && segments[slot]->key == key && !(segments[slot]->mode & SHM_DEST))
				s = segments[slot];
		if (s) {
			if ((flags & IPC_CREAT) && (flags & IPC_EXCL))
				return -EEXIST;
			if (size > s->size)
				return -EINVAL;
			return s->id;
		}
		if (!(flags & IPC_CREAT))
			return -ENOENT;
	}
	if (size < SHMMIN || size > SHMMAX || PAGE_ALIGN(size) < size)
		return -EINVAL;
	for (slot = 0; slot < SHMMNI && segments[slot]; slot++)
		;
	if (slot == SHMMNI)
		return -ENOSPC;
	s = kzalloc(sizeof(*s), GFP_KERNEL);
	if (!s)
		return -ENOMEM;
	snprintf(name, sizeof(name), "SYSV%08x", (u32)key);
	s->file = shmem_file_setup(name, size, O_RDWR);
	if (IS_ERR(s->file)) {
		long err = PTR_ERR(s->file);
		kfree(s);
		return err;
	}
	s->file->private_data = s;
	s->key = (int)key;
	s->mode = (u32)flags & 0777;
	s->size = (u32)size;
	s->cpid = current->pid;
	s->ctime = current_time();
	s->id = (next_seq++ << IPCMNI_SHIFT) + slot;
	if (next_seq >= (1u << 16))
		next_seq = 0;
	segments[slot] = s;
	return s->id;
}

static long shmat_locked(long id, unsigned long addr, long flags, unsigned long *raddr)
{
	struct shm_segment *s = shm_lookup(id);
	struct mm_struct *mm = current->mm;
	unsigned long len, vm_flags;
	struct vm_area_struct tmpl = { 0 };
	long err;

	if (!s)
		return -EINVAL;
	if (addr & (SHMLBA - 1)) {
		if (!(flags & SHM_RND))
			return -EINVAL;
		addr &= ~(SHMLBA - 1);
	}
	len = PAGE_ALIGN(s->size);
	vm_flags = VM_READ | VM_MAYREAD | VM_MAYSHARE | VM_SHARED | VM_MAYEXEC;
	if (!(flags & SHM_RDONLY))
		vm_flags |= VM_WRITE | VM_MAYWRITE;
	if (flags & SHM_EXEC)
		vm_flags |= VM_EXEC;
	if (addr) {
		if (addr + len > TASK_SIZE || addr + len < addr)
			return -EINVAL;
		if (find_vma_intersection(mm, addr, addr + len)) {
			if (!(flags & SHM_REMAP))
				return -EINVAL;
			if ((err = vma_remove_range(mm, addr, addr + len)) != 0)
				return err;
		}
	} else {
		addr = get_unmapped_area(mm, 0, len);
		if (!addr)
			return -ENOMEM;
	}
	tmpl.vm_start = addr;
	tmpl.vm_end = addr + len;
	tmpl.vm_flags = vm_flags;
	tmpl.vm_file = s->file;
	tmpl.vm_ops = &shm_vm_ops;
	if ((err = vma_insert(mm, &tmpl)) != 0)
		return err;
	s->atime = current_time();
	s->lpid = current->pid;
	*raddr = addr;
	return 0;
}

/* shmat and ipc(SHMAT): a new area, so under the map lock (mm/mmap.c). */
static long do_shmat(long id, unsigned long addr, long flags, unsigned long *raddr)
{
	long err;

	mmap_write_lock(current->mm);
	err = shmat_locked(id, addr, flags, raddr);
	mmap_write_unlock(current->mm);
	return err;
}

long sys_shmat(long id, unsigned long addr, long flags)
{
	unsigned long raddr;
	long err = do_shmat(id, addr, flags, &raddr);

	return err ? err : (long)raddr;
}

/* shmdt: detach the segment attached at addr (every area of it that came from that attach). */
static long shmdt_locked(unsigned long addr)
{
	struct mm_struct *mm = current->mm;
	struct vm_area_struct *vma = find_vma(mm, addr);
	struct file *file;
	unsigned long end;

	if (addr & (PAGE_SIZE - 1))
		return -EINVAL;
	if (!vma || vma->vm_start != addr || vma->vm_ops != &shm_vm_ops || vma->vm_pgoff != 0)
		return -EINVAL;
	file = vma->vm_file;
	end = addr + PAGE_ALIGN(((struct shm_segment *)file->private_data)->size);
	/* the segment's areas from addr on (mprotect may have split it) */
	while ((vma = find_vma(mm, addr)) != NULL && vma->vm_start < end && vma->vm_file == file)
		if (vma_remove_range(mm, vma->vm_start, vma->vm_end))
			return -ENOMEM;
	return 0;
}

long sys_shmdt(unsigned long addr)
{
	long ret;

	mmap_write_lock(current->mm);
	ret = shmdt_locked(addr);
	mmap_write_unlock(current->mm);
	return ret;
}

/* Linux's i386 struct shmid64_ds (IPC_64), 84 bytes. */
struct shmid64_ds {
	s32 key;
	u32 uid, gid, cuid, cgid;
	u16 mode, pad1, seq, pad2;
	u32 unused1, unused2;
	u32 shm_segsz;
	u32 shm_atime, shm_atime_high, shm_dtime, shm_dtime_high, shm_ctime, shm_ctime_high;
	s32 shm_cpid, shm_lpid;
	u32 shm_nattch, unused4, unused5;
};
BUILD_BUG_ON(sizeof(struct shmid64_ds) != 84);

/* struct shminfo64 (IPC_INFO) and struct shm_info (SHM_INFO). */
struct shminfo64 {
	u32 shmmax, shmmin, shmmni, shmseg, shmall, unused[4];
};
struct shm_info {
	s32 used_ids;
	u32 shm_tot, shm_rss, shm_swp, swap_attempts, swap_successes;
};

static int max_slot(void)
{
	int last = 0;

	for (int i = 0; i < SHMMNI; i++)
		if (segments[i])
			last = i;
	return last;
}

long sys_shmctl(long id, long cmd, void *ubuf)
{
	struct shm_segment *s;
	struct shmid64_ds ds;

	cmd &= ~IPC_64;                                  /* the layout is always the 64-bit one */
	if (cmd == IPC_INFO) {
		struct shminfo64 info = { SHMMAX, SHMMIN, SHMMNI, SHMMNI, 0xffffffffu, { 0 } };
		return copy_to_user(ubuf, &info, sizeof(info)) ? -EFAULT : max_slot();
	}
	if (cmd == SHM_INFO) {
		struct shm_info info = { 0 };
		for (int i = 0; i < SHMMNI; i++)
			if (segments[i]) {
				info.used_ids++;
				info.shm_tot += PAGE_ALIGN(segments[i]->size) >> PAGE_SHIFT;
				info.shm_rss += (u32)file_inode(segments[i]->file)->i_data.nrpages;
			}
		return copy_to_user(ubuf, &info, sizeof(info)) ? -EFAULT : max_slot();
	}
	if (cmd == SHM_STAT || cmd == SHM_STAT_ANY) {
		s = id >= 0 && id < SHMMNI ? segments[id] : NULL;  /* an index, not an id */
	} else {
		s = shm_lookup(id);
	}
	if (!s)
		return -EINVAL;
	switch (cmd) {
	case IPC_STAT:
	case SHM_STAT:
	case SHM_STAT_ANY:
		memset(&ds, 0, sizeof(ds));
		ds.key = s->key;
		ds.mode = (u16)s->mode;
		ds.seq = (u16)(s->id >> IPCMNI_SHIFT);
		ds.shm_segsz = s->size;
		ds.shm_atime = s->atime;
		ds.shm_dtime = s->dtime;
		ds.shm_ctime = s->ctime;
		ds.shm_cpid = s->cpid;
		ds.shm_lpid = s->lpid;
		ds.shm_nattch = (u32)s->nattch;
		if (copy_to_user(ubuf, &ds, sizeof(ds)))
			return -EFAULT;
		return cmd == IPC_STAT ? 0 : (long)s->id;
	case IPC_SET:
		if (copy_from_user(&ds, ubuf, sizeof(ds)))
			return -EFAULT;
		s->mode = (s->mode & ~0777u) | (ds.mode & 0777u);
		s->ctime = current_time();
		return 0;
	case IPC_RMID:
		s->mode |= SHM_DEST;
		s->key = IPC_PRIVATE;                    /* no longer found by its key */
		if (s->nattch == 0)
			shm_destroy(s);
		return 0;
	case SHM_LOCK:
	case SHM_UNLOCK:
		return 0;                                /* nothing is ever swapped out here */
	default:
		return -EINVAL;
	}
}

/* The i386 ipc() multiplexer: what musl uses on i386 (call numbers from Linux's ipc/syscall.c). */
#define SHMAT 21
#define SHMDT 22
#define SHMGET 23
#define SHMCTL 24

long sys_ipc(unsigned long call, long first, unsigned long second, unsigned long third,
	     void *ptr, long fifth)
{
	unsigned version = (unsigned)(call >> 16);

	switch (call & 0xffff) {
	case SHMAT: {
		unsigned long raddr;
		long err;
		if (version == 1)
			return -EINVAL;                  /* iBCS2 emulator entry */
		err = do_shmat(first, (unsigned long)ptr, (long)second, &raddr);
		if (err)
			return err;
		return put_user_u32((u32)raddr, (void *)third) ? -EFAULT : 0;
	}
	case SHMDT:
		return sys_shmdt((unsigned long)ptr);
	case SHMGET:
		return sys_shmget(first, second, (long)third);
	case SHMCTL:
		return sys_shmctl(first, (long)second, ptr);
	default:
		return -ENOSYS;                          /* semaphores and message queues: not here */
	}
}
