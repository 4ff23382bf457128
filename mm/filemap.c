/*
 * The page cache (include/mm/pagemap.h): finding, adding and dropping a file's pages; read and
 * write through them; and the fault handler that maps them into processes.
 */
#include <fs/fs.h>
#include <mm/pagemap.h>
#include <mm/page.h>
#include <mm/highmem.h>
#include <mm/memory.h>
#include <mm/swap.h>
#include "internal.h"
#include <mm/vma.h>
#include <kernel/sched.h>
#include <kernel/signal.h>
#include <kernel/string.h>
#include <kernel/uaccess.h>
#include <linux/errno.h>
#include <asm/x86.h>

unsigned long nr_file_pages, nr_shmem_pages;

void address_space_init(struct address_space *m, struct inode *host)
{
	memset(m, 0, sizeof(*m));
	m->host = host;
	INIT_LIST_HEAD(&m->i_mmap);
	m->gfp_mask = GFP_HIGHUSER;
}

/* Wait while the page is being read. At boot (no task to sleep) the disk's interrupt ends it. */
void wait_on_page_locked(struct page *page)
{
	u32 flags = local_irq_save();

	while (PageLocked(page))
		io_sleep_on(page);
	local_irq_restore(flags);
}

void unlock_page(struct page *page)
{
	ClearPageLocked(page);
	wake_up(page);
}

/* The cached page at index, waited for if it is being read; NULL if a failed read dropped it. */
struct page *find_get_page(struct address_space *m, u32 index)
{
	struct page *page = radix_tree_lookup(&m->i_pages, index);

	if (!page)
		return NULL;
	get_page(page);
	if (PageLocked(page)) {
		wait_on_page_locked(page);
		if (page->mapping != m) {               /* its read failed: it left the cache */
			put_page(page);
			return NULL;
		}
	}
	return page;
}

/* Put page in the cache at index: the cache takes a reference. 0 or -ENOMEM. */
static int add_to_page_cache(struct page *page, struct address_space *m, u32 index)
{
	int err = radix_tree_insert(&m->i_pages, index, page);

	if (err)
		return err;
	get_page(page);
	page->mapping = m;
	page->index = index;
	m->nrpages++;
	nr_file_pages++;
	if (m->swapbacked)
		nr_shmem_pages++;
	if (mapping_has_backing(m))
		lru_add_file(page);
	return 0;
}

void delete_from_page_cache(struct page *page)
{
	struct address_space *m = page->mapping;

	radix_tree_delete(&m->i_pages, (u32)page->index);
	m->nrpages--;
	nr_file_pages--;
	if (m->swapbacked)
		nr_shmem_pages--;
	if (PageLRU(page))
		lru_del(page);
	clear_page_dirty_for_io(page);
	ClearPageMmapDirty(page);
	page->mapping = NULL;
	__free_page(page);
}

struct page *add_locked_page(struct address_space *m, u32 index)
{
	struct page *page = alloc_page(m->gfp_mask | __GFP_ZERO);

	/*
	 * No page above the min watermark: the task reclaims some itself (direct reclaim) and
	 * tries again. It may sleep here as it may for the read that follows: it holds no page
	 * table entry and no page yet (a fault calls this before it touches its PTE).
	 */
	for (int tries = 0; !page && tries < 4 && current && current->pid && !current_is_kswapd() &&
			    try_to_free_pages(SWAP_CLUSTER_MAX); tries++)
		page = alloc_page(m->gfp_mask | __GFP_ZERO);
	if (!page)
		return NULL;
	SetPageLocked(page);
	if (add_to_page_cache(page, m, index)) {
		__free_page(page);
		return NULL;
	}
	return page;
}

struct page *read_mapping_page(struct address_space *m, u32 index, bool *major)
{
	struct page *page = find_get_page(m, index);
	int err;

	if (page)
		return page;
	/* in the cache and locked while it is read: whoever else wants it waits */
	page = add_locked_page(m, index);
	if (!page)
		return ERR_PTR(-ENOMEM);
	if (!m->a_ops || !m->a_ops->readpage) {
		ClearPageLocked(page);               /* a memory file system: zeros, nothing to read */
		return page;
	}
	err = m->a_ops->readpage(NULL, page);
	if (err) {
		delete_from_page_cache(page);
		unlock_page(page);
		put_page(page);
		return ERR_PTR(err);
	}
	if (major)
		*major = true;
	unlock_page(page);
	return page;
}

struct page *find_or_create_page(struct address_space *m, u32 index)
{
	struct page *page = read_mapping_page(m, index, NULL);

	return IS_ERR(page) ? NULL : page;
}

/* ---------------------------------------------------------------- mappings */

void unmap_mapping_range(struct address_space *m, u32 first, u32 last, bool even_cows)
{
	struct vm_area_struct *vma;

	list_for_each_entry(vma, &m->i_mmap, shared) {
		unsigned long pages = (vma->vm_end - vma->vm_start) >> PAGE_SHIFT;
		u32 vfirst = (u32)vma->vm_pgoff, vlast = (u32)(vma->vm_pgoff + pages - 1);
		unsigned long start, end;

		if (vlast < first || vfirst > last)
			continue;
		if (!even_cows && !(vma->vm_flags & VM_SHARED))
			continue;                   /* private copies belong to their process */
		start = vma->vm_start + ((unsigned long)(max(first, vfirst) - vfirst) << PAGE_SHIFT);
		end = vma->vm_start + ((unsigned long)(min(last, vlast) - vfirst + 1) << PAGE_SHIFT);
		unmap_page_range(vma->vm_mm, start, end);
	}
}

void truncate_inode_pages(struct address_space *m, u64 lstart)
{
	u32 first = (u32)((lstart + PAGE_SIZE - 1) >> PAGE_SHIFT);
	u32 index = first;
	struct page *page;

	if (lstart < MAX_LFS_FILESIZE)
		unmap_mapping_range(m, first, PAGE_CACHE_MAX_INDEX, true);
	while (lstart < MAX_LFS_FILESIZE && (page = radix_tree_next(&m->i_pages, &index)) != NULL) {
		delete_from_page_cache(page);
		if (index == PAGE_CACHE_MAX_INDEX)
			break;
		index++;
	}
	/* the page that now holds the end: zeros after it, so growing again shows zeros */
	if (lstart & (PAGE_SIZE - 1)) {
		page = find_get_page(m, (u32)(lstart >> PAGE_SHIFT));
		if (page) {
			char *va = kmap(page);
			size_t off = lstart & (PAGE_SIZE - 1);
			memset(va + off, 0, PAGE_SIZE - off);
			kunmap(page);
			put_page(page);
		}
	}
}

/* ---------------------------------------------------------------- read and write */

int pagecache_write(struct inode *inode, u64 pos, const void *buf, size_t n)
{
	const char *from = buf;

	while (n) {
		size_t off = pos & (PAGE_SIZE - 1), chunk = min(n, PAGE_SIZE - off);
		struct page *page = find_or_create_page(inode->i_mapping, (u32)(pos >> PAGE_SHIFT));
		char *va;

		if (!page)
			return -ENOMEM;
		va = kmap(page);
		memcpy(va + off, from, chunk);
		kunmap(page);
		set_page_dirty(page);
		put_page(page);
		pos += chunk;
		from += chunk;
		n -= chunk;
		if (pos > inode->i_size)
			inode->i_size = pos;
	}
	return 0;
}

long pagecache_read(struct inode *inode, u64 pos, void *buf, size_t n)
{
	char *to = buf;
	size_t done = 0;

	while (done < n && pos < inode->i_size) {
		size_t off = pos & (PAGE_SIZE - 1);
		size_t chunk = min(min(n - done, PAGE_SIZE - off), (size_t)(inode->i_size - pos));
		struct page *page = find_or_create_page(inode->i_mapping, (u32)(pos >> PAGE_SHIFT));
		char *va;

		if (!page)
			return done ? (ssize_t)done : -ENOMEM;
		va = kmap(page);
		memcpy(to + done, va + off, chunk);
		kunmap(page);
		put_page(page);
		pos += chunk;
		done += chunk;
	}
	return (ssize_t)done;
}

/*
 * Readahead (预读): a file read from its start, or page after page, will most likely go on. So
 * when such a read finds a page missing, the next pages are read too, in one request, before
 * they are asked for: the window starts at 4 pages and doubles up to 32 (128 KiB) while the
 * reads stay sequential. A jump elsewhere starts over.
 */
const char hole_zeros[256];                     /* what a hole reads as */

#define RA_MIN_PAGES 4
#define RA_MAX_PAGES 32

/* The pages a file of size bytes has, the last one partly (readahead, read-around, faults). */
static u64 size_in_pages(u64 size)
{
	return (size + PAGE_SIZE - 1) >> PAGE_SHIFT;
}

static void page_cache_readahead(struct file *f, struct address_space *m, u32 index, u64 size)
{
	u32 last = (u32)size_in_pages(size), nr;

	if (!m->a_ops || !m->a_ops->readahead || !f)
		return;
	if (index == 0 || index == f->f_ra_prev + 1 || index == f->f_ra_prev)
		f->f_ra_size = f->f_ra_size ? min(f->f_ra_size * 2, (u32)RA_MAX_PAGES) : RA_MIN_PAGES;
	else
		f->f_ra_size = 0;                       /* random access: only the page asked for */
	if (f->f_ra_size > 1 && index < last) {
		nr = min(f->f_ra_size, last - index);
		m->a_ops->readahead(m, index, nr);
	}
}

struct page *filemap_get_page(struct file *f, u64 pos)
{
	struct address_space *m = file_inode(f)->i_mapping;
	u32 index = (u32)(pos >> PAGE_SHIFT);
	struct page *page = find_get_page(m, index);

	if (!page && m->a_ops && m->a_ops->readpage) {
		page_cache_readahead(f, m, index, file_inode(f)->i_size);
		page = read_mapping_page(m, index, NULL);
	}
	if (m->a_ops && m->a_ops->readpage)
		f->f_ra_prev = index;
	if (page && !IS_ERR(page))
		lru_mark_accessed(page);
	return page;
}

ssize_t generic_file_read(struct file *f, char *ubuf, size_t n, u64 *pos)
{
	struct inode *inode = file_inode(f);
	size_t done = 0;

	if (S_ISDIR(inode->i_mode))
		return -EISDIR;
	while (done < n && *pos < inode->i_size) {
		size_t off = *pos & (PAGE_SIZE - 1);
		size_t chunk = min(min(n - done, PAGE_SIZE - off), (size_t)(inode->i_size - *pos));
		struct page *page = filemap_get_page(f, *pos);
		int fault;

		if (IS_ERR(page))
			return done ? (ssize_t)done : PTR_ERR(page);
		if (page) {
			char *va = kmap(page);
			fault = copy_to_user(ubuf + done, va + off, chunk);
			kunmap(page);
			put_page(page);
		} else {
			/* a hole (never written): zeros, with no page made for them */
			chunk = min(chunk, sizeof(hole_zeros));
			fault = copy_to_user(ubuf + done, hole_zeros, chunk);
		}
		if (fault)
			return done ? (ssize_t)done : -EFAULT;
		*pos += chunk;
		done += chunk;
	}
	inode->i_atime = current_time();
	return (ssize_t)done;
}

/*
 * Where a write's bytes come from (Linux's iov_iter, in the two kinds used here): user memory
 * (write), or another file's page cache from *file_pos on (sendfile into a file).
 */
struct write_source {
	const char *ubuf;            /* without file: user memory */
	struct file *file;
	u64 *file_pos;
};

/* Fill chunk bytes of page at off from src, which moves past them. 0 or -errno. */
static int copy_from_source(struct page *page, u32 off, size_t chunk, struct write_source *src)
{
	u64 start;

	if (!src->file) {
		char *va = kmap(page);
		int fault = copy_from_user(va + off, src->ubuf, chunk);

		kunmap(page);
		src->ubuf += fault ? 0 : chunk;
		return fault;
	}
	start = *src->file_pos;
	while (chunk) {                                  /* the source's pages, at its own offsets */
		u32 from_off = *src->file_pos & (PAGE_SIZE - 1);
		size_t n = min(chunk, PAGE_SIZE - from_off);
		struct page *from = filemap_get_page(src->file, *src->file_pos);

		if (IS_ERR(from)) {
			*src->file_pos = start;          /* nothing of this chunk was written */
			return PTR_ERR(from);
		}
		if (from && n == PAGE_SIZE) {
			copy_highpage(page, from);       /* a whole page: the kernel's page copy */
		} else {
			char *to = kmap_atomic(page);

			if (from) {
				char *va = kmap_atomic(from);
				memcpy(to + off, va + from_off, n);
				kunmap_atomic(va);
			} else {
				memset(to + off, 0, n);          /* a hole in the source: zeros */
			}
			kunmap_atomic(to);
		}
		if (from)
			put_page(from);
		ioac_add_kernel_copy(n);                 /* /proc/copystat: a copy inside the kernel */
		*src->file_pos += n;
		off += (u32)n;
		chunk -= n;
	}
	return 0;
}

/*
 * Write n bytes from src into f's page cache at *pos (Linux's generic_perform_write with the
 * checks before it): the file-size limit, each page found or made (and given its disk blocks:
 * write_begin), filled, marked dirty for write-back; the times once at the end.
 */
static ssize_t generic_perform_write(struct file *f, size_t n, u64 *pos, struct write_source *src)
{
	struct inode *inode = file_inode(f);
	size_t done = 0;

	if (f->f_flags & O_APPEND)
		*pos = inode->i_size;
	if (n && S_ISREG(inode->i_mode) && *pos + n > rlimit(RLIMIT_FSIZE)) {
		if (*pos >= rlimit(RLIMIT_FSIZE)) {
			send_sig_kernel(SIGXFSZ, current);    /* past the file-size limit: as Linux */
			return -EFBIG;
		}
		n = (size_t)(rlimit(RLIMIT_FSIZE) - *pos);   /* up to the limit */
	}
	if (*pos >= MAX_LFS_FILESIZE)
		return n ? -EFBIG : 0;
	n = (size_t)min((u64)n, MAX_LFS_FILESIZE - *pos);
	while (done < n) {
		u32 index = (u32)(*pos >> PAGE_SHIFT);
		size_t off = *pos & (PAGE_SIZE - 1), chunk = min(n - done, PAGE_SIZE - off);
		struct page *page = read_mapping_page(inode->i_mapping, index, NULL);
		int err;

		if (IS_ERR(page)) {                      /* memory file systems: memory is the disk */
			err = PTR_ERR(page) == -ENOMEM && !mapping_has_backing(inode->i_mapping) ? -ENOSPC : PTR_ERR(page);
			return done ? (ssize_t)done : err;
		}
		if (inode->i_mapping->a_ops && inode->i_mapping->a_ops->write_begin) {
			err = inode->i_mapping->a_ops->write_begin(inode, page, *pos, (u32)chunk);
			if (err) {                           /* no disk block for it: ENOSPC, EIO */
				put_page(page);
				return done ? (ssize_t)done : err;
			}
		}
		err = copy_from_source(page, (u32)off, chunk, src);
		if (*pos + chunk > inode->i_size && !err)
			inode->i_size = *pos + chunk;    /* before the page is dirty: write-back sees it */
		set_page_dirty(page);
		put_page(page);
		if (err)
			return done ? (ssize_t)done : err;
		*pos += chunk;
		done += chunk;
		balance_dirty_pages(inode->i_mapping);
	}
	if (done) {
		inode->i_mtime = inode->i_ctime = current_time();
		mark_inode_dirty(inode);
	}
	return (ssize_t)done;
}

ssize_t generic_file_write(struct file *f, const char *ubuf, size_t n, u64 *pos)
{
	struct write_source src = { .ubuf = ubuf };

	return generic_perform_write(f, n, pos, &src);
}

/*
 * sendfile into a file with a page cache: in's cached pages copied into f's, page to page,
 * without a write call per page or a pass through a buffer. At most up to the end of in.
 */
ssize_t generic_file_write_from_file(struct file *f, struct file *in, u64 *in_pos, size_t n, u64 *pos)
{
	u64 size = file_inode(in)->i_size;
	struct write_source src = { .file = in, .file_pos = in_pos };

	if (*in_pos >= size)
		return 0;
	return generic_perform_write(f, (size_t)min((u64)n, size - *in_pos), pos, &src);
}

/* ---------------------------------------------------------------- mmap */

static void filemap_vm_open(struct vm_area_struct *vma)
{
	list_add_tail(&vma->shared, &file_inode(vma->vm_file)->i_mapping->i_mmap);
}

static void filemap_vm_close(struct vm_area_struct *vma)
{
	list_del(&vma->shared);
}

/*
 * mmap read-around (Linux's do_sync_mmap_readahead without VM_SEQ_READ): a fault on a page that
 * is not cached reads the 128 KiB window around it, 32 pages with the faulting one in the
 * middle, in as few requests as the blocks allow. A program touching a mapped file touches its
 * neighbourhood, in whichever direction; with fault-around mapping the cached neighbours, a
 * mapped file read in order takes a disk request per 16 pages, not per page. The fault counts
 * as major (it waited for the disk).
 */
static bool mmap_read_around(struct address_space *m, u32 index, u64 size)
{
	u32 last = (u32)size_in_pages(size);
	u32 start = index > RA_MAX_PAGES / 2 ? index - RA_MAX_PAGES / 2 : 0;

	if (!m->a_ops || !m->a_ops->readahead || start >= last)
		return false;                           /* a memory file system: nothing to read */
	m->a_ops->readahead(m, start, min((u32)RA_MAX_PAGES, last - start));
	return true;
}

/* The page-cache page for vmf->pgoff; a page wholly past the end of the file is SIGBUS. */
static int filemap_fault(struct vm_area_struct *vma, struct vm_fault *vmf)
{
	struct inode *inode = file_inode(vma->vm_file);

	struct page *page;

	if (vmf->pgoff >= size_in_pages(inode->i_size))
		return VM_FAULT_SIGBUS;
	if (!radix_tree_lookup(&inode->i_mapping->i_pages, vmf->pgoff) &&
	    mmap_read_around(inode->i_mapping, vmf->pgoff, inode->i_size))
		vmf->major = true;                      /* it waited for the disk */
	page = read_mapping_page(inode->i_mapping, vmf->pgoff, &vmf->major);
	if (IS_ERR(page))
		return PTR_ERR(page) == -ENOMEM ? VM_FAULT_OOM : VM_FAULT_SIGBUS;  /* -EIO: SIGBUS */
	lru_mark_accessed(page);
	vmf->page = page;
	return 0;
}

/*
 * Fault-around's question (Linux's filemap_map_pages, page by page): the page at pgoff if it is
 * cached and read already, and inside the file; NULL if mapping it would mean waiting.
 */
static struct page *filemap_map_page(struct vm_area_struct *vma, u32 pgoff)
{
	struct inode *inode = file_inode(vma->vm_file);
	struct page *page;

	if (pgoff >= size_in_pages(inode->i_size))
		return NULL;
	page = radix_tree_lookup(&inode->i_mapping->i_pages, pgoff);
	if (!page || PageLocked(page))              /* not cached, or still being read */
		return NULL;
	get_page(page);
	return page;
}

const struct vm_operations_struct generic_file_vm_ops = {
	.open = filemap_vm_open,
	.close = filemap_vm_close,
	.fault = filemap_fault,
	.map_page = filemap_map_page,
};

int generic_file_mmap(struct file *f, struct vm_area_struct *vma)
{
	vma->vm_ops = &generic_file_vm_ops;
	return 0;
}
