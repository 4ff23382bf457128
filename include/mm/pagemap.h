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
 * dropped. A disk file system will fill pages through a_ops->readpage and write them back.
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

struct address_space_operations {
	/* Fill a new page from the backing store (NULL: memory file systems, the page is zeroed). */
	int (*readpage)(struct file *f, struct page *page);
};

struct address_space {
	struct inode *host;
	struct radix_tree_root i_pages;   /* page number -> struct page */
	unsigned long nrpages;
	struct list_head i_mmap;          /* areas mapping this file (vm_area_struct.shared) */
	const struct address_space_operations *a_ops;
	gfp_t gfp_mask;                   /* GFP_HIGHUSER: file pages may be HighMem, reached by kmap */
	bool swapbacked;                  /* tmpfs and shared memory: counted as Shmem */
};

void address_space_init(struct address_space *m, struct inode *host);

/* Pages in all page caches, of them shared memory (tmpfs), and of them mapped (/proc/meminfo). */
extern unsigned long nr_file_pages, nr_shmem_pages, nr_file_mapped;

/* The cached page at index, with a reference for the caller, or NULL. */
struct page *find_get_page(struct address_space *m, u32 index);
/*
 * The page at index, read (or zeroed) and added if it is not cached yet, with a reference for
 * the caller. NULL when out of memory.
 */
struct page *find_or_create_page(struct address_space *m, u32 index);
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
/* Mark a page written: dirty pages are what a disk file system will write back. */
#define set_page_dirty(page) SetPageDirty(page)

/* The operations of an area mapping a file through its page cache. */
extern const struct vm_operations_struct generic_file_vm_ops;
