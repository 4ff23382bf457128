/*
 * The page cache (页缓存): every file's data lives in pages indexed by their page number in the
 * file. read and write copy to and from these pages; mmap maps the very same pages into a
 * process, so a file mapped by many processes is in memory once, and what one process writes
 * through a shared mapping, read() in another sees. MAP_PRIVATE maps them read-only and copies
 * a page on its first write (copy-on-write).
 *
 * A page in the cache has page->mapping pointing at the file's address_space and page->index
 * its page number; the cache holds one reference to it. Pages of memory file systems (ramfs,
 * tmpfs, shared memory) have nothing behind them: the cache is the only copy, so they are never
 * dropped. A disk file system fills pages through a_ops->readpage (the page is in the cache,
 * locked, while it is read: whoever finds it waits) and writes dirty ones back through
 * a_ops->writepage (mm/page-writeback.c); clean ones may be dropped when memory is short.
 */
#pragma once
#include <types.h>
#include <kernel/list.h>
#include <mm/radix_tree.h>
#include <mm/gfp.h>

#define PAGE_CACHE_MAX_INDEX 0xffffffffu

struct page;
struct inode;
struct file;
struct vm_area_struct;
struct address_space;

struct address_space_operations {
	/* The disk block of a file block, 0 for a hole (swap files: swapon maps every page once). */
	int (*bmap)(struct inode *inode, u32 block, u32 *pblock);
	/* Fill a new page from the backing store (NULL: memory file systems, the page is zeroed). */
	int (*readpage)(struct file *f, struct page *page);
	/* Write a dirty page (already marked clean) to the disk and wait: 0 or -errno. May sleep. */
	int (*writepage)(struct page *page);
	/* Before write() copies [pos, pos + len) into page: give the range disk blocks. 0 or -errno. */
	int (*write_begin)(struct inode *inode, struct page *page, u64 pos, u32 len);
	/* Read pages [index, index + nr) that are not cached yet, in as few requests as it can. */
	void (*readahead)(struct address_space *m, u32 index, u32 nr);
};

struct address_space {
	struct inode *host;
	struct radix_tree_root i_pages;   /* page number -> struct page */
	unsigned long nrpages;
	struct list_head i_mmap;          /* areas mapping this file (vm_area_struct.shared) */
	const struct address_space_operations *a_ops;
	gfp_t gfp_mask;                   /* GFP_HIGHUSER: file pages may be HighMem, reached by kmap */
	bool swapbacked;                  /* tmpfs and shared memory: counted as Shmem */
	bool unaccounted;                 /* the vDSO's data page: in no RSS and not in Mapped, as
					     Linux's raw page-frame mappings are not */
	unsigned long nrdirty;            /* its pages waiting to be written back */
	int wb_err;                       /* a write-back error not yet reported by fsync (-EIO) */
};

/* A mapping whose pages a disk backs (it can write them back, and drop clean ones). */
static inline bool mapping_has_backing(const struct address_space *m)
{
	return m->a_ops && m->a_ops->writepage;
}

void address_space_init(struct address_space *m, struct inode *host);

/* Pages in all page caches, of them shared memory (tmpfs), and of them mapped (/proc/meminfo). */
extern unsigned long nr_file_pages, nr_shmem_pages, nr_file_mapped;
/* Pages a disk backs that wait to be written (Dirty), are being written (Writeback). */
extern unsigned long nr_dirty, nr_writeback;

/* The cached page at index, with a reference for the caller, or NULL. */
struct page *find_get_page(struct address_space *m, u32 index);
/*
 * The page at index, read (or zeroed) and added if it is not cached yet, with a reference for
 * the caller. NULL when out of memory or when the read failed. May sleep.
 */
struct page *find_or_create_page(struct address_space *m, u32 index);
/* The same, with why it failed: an ERR_PTR of -ENOMEM or -EIO; *major says a disk was read. */
struct page *read_mapping_page(struct address_space *m, u32 index, bool *major);
/* Take a page out of its cache, dropping the cache's reference (it must be mapped nowhere). */
void delete_from_page_cache(struct page *page);
/* A new zeroed page in m at index, locked (to be read), with a reference for the caller; NULL if none. */
struct page *add_locked_page(struct address_space *m, u32 index);
/* A page being read (locked): wait for it. unlock_page wakes the waiters. */
void wait_on_page_locked(struct page *page);
void unlock_page(struct page *page);
/* Copy between kernel memory and a file's pages (the initramfs, exec's headers): 0 / bytes read, or -ENOMEM. */
int pagecache_write(struct inode *inode, u64 pos, const void *buf, size_t n);
long pagecache_read(struct inode *inode, u64 pos, void *buf, size_t n);
/* Drop every page at or past byte lstart (unmapping them everywhere); zero the tail of the page at lstart. */
void truncate_inode_pages(struct address_space *m, u64 lstart);
/*
 * Unmap the pages [first, last] of the file from every area mapping it; with even_cows also the
 * private copies made from them (truncation: past the end nothing may stay).
 */
void unmap_mapping_range(struct address_space *m, u32 first, u32 last, bool even_cows);
/* Mark a page written: dirty pages are what a disk file system will write back (page-writeback.c). */
void set_page_dirty(struct page *page);
/*
 * The same for a store through a shared mapping (a page-table entry's dirty bit): write() gave
 * the bytes it wrote disk blocks already, a store did not, so write-back fills its holes.
 */
void set_page_dirty_mapped(struct page *page);
/* Before writing a page back: mark it clean, so a store during the write dirties it again. */
bool clear_page_dirty_for_io(struct page *page);
/* Wait until a page's write-back (by another task: the flusher, kswapd writing to swap) is over. */
void wait_on_page_writeback(struct page *page);
/* Write every dirty page of m (and those written through shared mappings) and wait. 0 or -EIO. */
int filemap_write_and_wait(struct address_space *m);
/* Move the dirty bits of the page-table entries that map m's pages into the pages (msync, sync). */
void mapping_harvest_dirty(struct address_space *m);
/* A writer has dirtied pages: start background write-back, or write some itself, over the limits. */
void balance_dirty_pages(struct address_space *m);
/* Start the flusher thread (the first disk file system mounted does). */
void wb_start_flusher(void);
/* A page-cache page was used (read, mapped): reclaim keeps it a while longer. */
void lru_mark_accessed(struct page *page);
/* Drop every clean page of m that is not mapped (an inode leaving memory keeps nothing). */
void invalidate_mapping_pages(struct address_space *m);

/* The operations of an area mapping a file through its page cache. */
extern const struct vm_operations_struct generic_file_vm_ops;
