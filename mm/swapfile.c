/*
 * Swap (交换分区): a disk area where anonymous pages go when memory is short, in Linux's format
 * (Debian's mkswap makes it), switched on with swapon and off with swapoff. The area is a whole
 * disk, or a file on a disk file system whose pages swapon finds on the disk once (bmap).
 *
 * The area's first page is its header: "SWAPSPACE2" in its last 10 bytes, the version (1), the
 * last page and a list of bad pages. Every other page is a slot. swap_map has a byte per slot:
 * how many page-table entries hold the slot (a page swapped out after fork is held by both
 * processes), and the SWAP_HAS_CACHE bit while a page in memory is tied to the slot.
 *
 * The swap cache ties pages in memory to their slots (a radix tree by swap entry). A page on
 * its way out is there while it is written; a page on its way in is there while it is read;
 * a page read back that another process still holds by the slot stays there, so that process
 * finds the same page instead of reading its own copy.
 */
#include <mm/swap.h>
#include <mm/rmap.h>
#include <mm/page.h>
#include <mm/gfp.h>
#include <mm/memory.h>
#include <mm/vma.h>
#include <mm/vmalloc.h>
#include <mm/radix_tree.h>
#include <mm/pagemap.h>
#include "internal.h"
#include <block/blkdev.h>
#include <fs/fs.h>
#include <kernel/sched.h>
#include <kernel/printk.h>
#include <kernel/string.h>
#include <kernel/seq_buf.h>
#include <kernel/syscall.h>
#include <kernel/signal.h>
#include <mm/highmem.h>
#include <linux/errno.h>
#include <asm/x86.h>

#define SWAP_HAS_CACHE 0x40          /* a page in memory is tied to the slot */
#define SWAP_MAP_BAD 0x3f            /* a bad page of the area, or its header: never used */
#define SWAP_MAP_MAX 0x3e            /* the most page-table entries one slot counts */
#define SWAP_FLAG_PREFER 0x8000      /* swapon's flags: the priority is given ... */
#define SWAP_FLAG_PRIO_MASK 0x7fff   /* ... here */
#define SWAP_FLAGS_VALID 0x7ffff     /* with the discard flags, which need nothing here */
#define MAX_SWAP_BADPAGES 637        /* what fits in the header page */
#define SECTORS_PER_PAGE (PAGE_SIZE >> SECTOR_SHIFT)

/* The header page, as mkswap writes it (Linux's union swap_header, version 1). */
struct swap_header {
	char bootbits[1024];
	u32 version;
	u32 last_page;
	u32 nr_badpages;
	u8 uuid[16];
	char volume_name[16];
	u32 padding[117];
	u32 badpages[1];
};

struct swap_info {
	bool used;                   /* a swapon holds this type */
	bool writeok;                /* slots may be handed out (not while swapoff empties it) */
	struct block_device *bdev;   /* the disk, or the disk the swap file is on */
	struct file *file;           /* held open while it is on */
	u32 *slot_sector;            /* a swap file: the disk sector of each slot (NULL: a disk) */
	char name[64];               /* its path, for /proc/swaps */
	unsigned char *swap_map;     /* a byte per slot */
	unsigned long max;           /* slots, the header included */
	unsigned long pages;         /* usable slots */
	unsigned long inuse;         /* slots in use */
	unsigned long next;          /* where the search for a free slot starts */
	int prio;
};

static struct swap_info swap_info[MAX_SWAPFILES];
static struct radix_tree_root swap_cache = RADIX_TREE_INIT;
static int least_priority = -1;      /* swapon without a priority: -2, -3, ... as Linux */

unsigned long nr_swap_pages, total_swap_pages, nr_swapcache_pages;
unsigned long nr_pswpin, nr_pswpout;

static struct swap_info *swap_info_of(swp_entry_t entry)
{
	unsigned type = swp_type(entry);

	if (type >= MAX_SWAPFILES || !swap_info[type].used || swp_offset(entry) >= swap_info[type].max) {
		pr_err("swap: bad swap entry %08lx\n", entry.val);
		return NULL;
	}
	return &swap_info[type];
}

/* ---------------------------------------------------------------- slots */

/* A free slot of the best area that has one, held by the swap cache; offset 0 if none. */
static swp_entry_t get_swap_slot(void)
{
	struct swap_info *best = NULL;

	for (unsigned t = 0; t < MAX_SWAPFILES; t++) {
		struct swap_info *si = &swap_info[t];
		if (si->used && si->writeok && si->inuse < si->pages && (!best || si->prio > best->prio))
			best = si;
	}
	if (!best)
		return (swp_entry_t){ 0 };
	for (unsigned long n = 0; n < best->max; n++) {
		unsigned long off = best->next;

		if (++best->next >= best->max)
			best->next = 1;
		if (best->swap_map[off] == 0) {
			best->swap_map[off] = SWAP_HAS_CACHE;
			best->inuse++;
			nr_swap_pages--;
			return swp_entry((unsigned)(best - swap_info), off);
		}
	}
	return (swp_entry_t){ 0 };
}

/* Drop one hold on a slot (a count, or the cache bit); a slot held by nothing is free again. */
static void put_slot(struct swap_info *si, unsigned long off, unsigned char what)
{
	unsigned char *m = &si->swap_map[off];

	if (what == SWAP_HAS_CACHE)
		*m &= (unsigned char)~SWAP_HAS_CACHE;
	else if (*m & ~SWAP_HAS_CACHE)
		(*m)--;
	if (*m == 0) {
		si->inuse--;
		if (si->writeok)
			nr_swap_pages++;
	}
}

void swap_duplicate(swp_entry_t entry)
{
	struct swap_info *si = swap_info_of(entry);

	if (si && (si->swap_map[swp_offset(entry)] & ~SWAP_HAS_CACHE) < SWAP_MAP_MAX)
		si->swap_map[swp_offset(entry)]++;
}

int swap_entry_count(swp_entry_t entry)
{
	struct swap_info *si = swap_info_of(entry);

	return si ? si->swap_map[swp_offset(entry)] & ~SWAP_HAS_CACHE : 0;
}

int page_swapcount(const struct page *page)
{
	return swap_entry_count((swp_entry_t){ page->private });
}

void swap_free(swp_entry_t entry)
{
	struct swap_info *si = swap_info_of(entry);

	if (si)
		put_slot(si, swp_offset(entry), 1);
}

/* ---------------------------------------------------------------- the swap cache */

struct page *lookup_swap_cache(swp_entry_t entry)
{
	struct page *page = radix_tree_lookup(&swap_cache, (u32)entry.val);

	if (page)
		get_page(page);
	return page;
}

static int add_to_swap_cache(struct page *page, swp_entry_t entry)
{
	int err = radix_tree_insert(&swap_cache, (u32)entry.val, page);

	if (err)
		return err;
	get_page(page);
	SetPageSwapCache(page);
	page->private = entry.val;
	nr_swapcache_pages++;
	return 0;
}

void delete_from_swap_cache(struct page *page)
{
	swp_entry_t entry = { page->private };
	struct swap_info *si = swap_info_of(entry);

	radix_tree_delete(&swap_cache, (u32)entry.val);
	ClearPageSwapCache(page);
	page->private = 0;
	nr_swapcache_pages--;
	if (si)
		put_slot(si, swp_offset(entry), SWAP_HAS_CACHE);
	put_page(page);
}

bool add_to_swap(struct page *page)
{
	swp_entry_t entry = get_swap_slot();

	if (!entry.val)
		return false;
	if (add_to_swap_cache(page, entry)) {
		put_slot(&swap_info[swp_type(entry)], swp_offset(entry), SWAP_HAS_CACHE);
		return false;
	}
	SetPageDirty(page);                  /* the slot holds nothing yet */
	return true;
}

bool try_to_free_swap(struct page *page)
{
	if (!PageSwapCache(page) || PageWriteback(page) || PageLocked(page) || page_swapcount(page))
		return false;
	delete_from_swap_cache(page);
	SetPageDirty(page);                  /* no copy on disk any more */
	return true;
}

void free_swap_and_cache(swp_entry_t entry)
{
	struct swap_info *si = swap_info_of(entry);
	struct page *page;

	if (!si)
		return;
	put_slot(si, swp_offset(entry), 1);
	if (si->swap_map[swp_offset(entry)] != SWAP_HAS_CACHE)
		return;
	/* only the cache holds the slot now: a page nobody maps goes with it */
	page = radix_tree_lookup(&swap_cache, (u32)entry.val);
	if (page && !page_mapped(page) && !PageWriteback(page) && !PageLocked(page) && page_count(page) == 1)
		delete_from_swap_cache(page);    /* its last reference: freed */
}

/* ---------------------------------------------------------------- swap I/O */

static int swap_io(struct page *page, enum req_op op)
{
	swp_entry_t entry = { page->private };
	struct swap_info *si = swap_info_of(entry);

	if (!si)
		return -EIO;
	u64 sector = si->slot_sector ? si->slot_sector[swp_offset(entry)] : (u64)swp_offset(entry) * SECTORS_PER_PAGE;

	return blk_rw_page(si->bdev, op, sector, page, 0, SECTORS_PER_PAGE);
}

int swap_writepage(struct page *page)
{
	int err;

	ClearPageDirty(page);
	SetPageWriteback(page);
	err = swap_io(page, REQ_OP_WRITE);
	ClearPageWriteback(page);
	wake_up(page);
	if (err) {
		SetPageDirty(page);
		pr_err("swap: write error %d on slot %lu; the page stays in memory\n", err,
		       swp_offset((swp_entry_t){ page->private }));
		return err;
	}
	nr_pswpout++;
	return 0;
}

struct page *swapin_page(swp_entry_t entry, bool *major)
{
	struct page *page;
	int err;

	if (!swap_info_of(entry))
		return ERR_PTR(-EIO);
	page = lookup_swap_cache(entry);
	if (page) {
		wait_on_page_locked(page);           /* someone else is reading it in */
		if (!PageSwapCache(page) || page->private != entry.val) {
			put_page(page);              /* that read failed */
			return ERR_PTR(-EIO);
		}
		return page;
	}
	page = alloc_page(GFP_HIGHUSER);
	if (!page)
		return ERR_PTR(-ENOMEM);
	if (add_to_swap_cache(page, entry)) {
		__free_page(page);
		return ERR_PTR(-ENOMEM);
	}
	swap_info[swp_type(entry)].swap_map[swp_offset(entry)] |= SWAP_HAS_CACHE;
	SetPageLocked(page);
	err = swap_io(page, REQ_OP_READ);
	unlock_page(page);
	if (err) {
		pr_err("swap: read error %d on slot %lu\n", err, swp_offset(entry));
		delete_from_swap_cache(page);
		put_page(page);
		return ERR_PTR(-EIO);
	}
	nr_pswpin++;
	if (major)
		*major = true;
	return page;
}

/* ---------------------------------------------------------------- /proc/swaps */

void show_swaps(struct seq_buf *s)
{
	seq_buf_printf(s, "Filename\t\t\t\tType\t\tSize\t\tUsed\t\tPriority\n");
	for (unsigned t = 0; t < MAX_SWAPFILES; t++) {
		struct swap_info *si = &swap_info[t];
		unsigned long size = si->pages << (PAGE_SHIFT - 10), used = si->inuse << (PAGE_SHIFT - 10);
		int len = (int)strlen(si->name);

		if (!si->used)
			continue;
		seq_buf_printf(s, "%s%*s%s\t%lu\t%s%lu\t%s%d\n", si->name, len < 40 ? 40 - len : 1, " ",
			       si->slot_sector ? "file\t" : "partition", size, size < 10000000 ? "\t" : "", used,
			       used < 10000000 ? "\t" : "", si->prio);
	}
}

/* ---------------------------------------------------------------- swapon and swapoff */

bool bdev_has_swap_signature(struct block_device *bdev)
{
	struct page *page = alloc_page(GFP_KERNEL);
	bool swap;

	if (!page)
		return false;
	swap = !blk_rw_page(bdev, REQ_OP_READ, 0, page, 0, SECTORS_PER_PAGE) &&
	       !memcmp((char *)page_address(page) + PAGE_SIZE - 10, "SWAPSPACE2", 10);
	__free_page(page);
	return swap;
}

/*
 * The swap area at a user path, and the open file that holds it: a disk (its block device), or
 * a regular file on a disk file system that can say where its blocks are (bmap).
 */
static int open_swap_device(const char *upath, struct file **filep, struct block_device **bdevp,
			    char *name, size_t size)
{
	char *path = getname(upath);
	struct file *f;
	struct inode *inode;

	if (IS_ERR(path))
		return (int)PTR_ERR(path);
	strlcpy(name, path, size);
	f = filp_open(path, O_RDWR, 0);
	putname(path);
	if (IS_ERR(f))
		return (int)PTR_ERR(f);
	inode = file_inode(f);
	if (S_ISBLK(inode->i_mode) && (*bdevp = bdget(inode->i_rdev)) != NULL) {
		*filep = f;
		return 0;
	}
	if (S_ISREG(inode->i_mode) && inode->i_sb->s_bdev && inode->i_mapping->a_ops &&
	    inode->i_mapping->a_ops->bmap) {
		*bdevp = inode->i_sb->s_bdev;
		*filep = f;
		return 0;
	}
	if (S_ISREG(inode->i_mode))
		pr_err("swapon: %s: a swap file must be on a disk file system (ext2)\n", name);
	fput(f);
	return -EINVAL;
}

/*
 * A swap file: find the disk sector of each of its pages, once. A page whose blocks are not
 * next to each other on the disk cannot be one request: it is marked bad and never used.
 * A hole (a block never written) makes the file unusable, as on Linux. The bad pages, or -errno.
 */
static long map_swap_file(struct swap_info *si, struct inode *inode)
{
	u32 bits = inode->i_sb->s_blocksize_bits, per_page = PAGE_SIZE >> bits;
	u32 spb = 1u << (bits - SECTOR_SHIFT);
	long bad = 0;

	si->slot_sector = vmalloc(si->max * sizeof(u32));
	if (!si->slot_sector)
		return -ENOMEM;
	for (unsigned long p = 0; p < si->max; p++) {
		u32 first = 0;

		for (u32 i = 0; i < per_page; i++) {
			u32 pblock;
			int err = inode->i_mapping->a_ops->bmap(inode, (u32)(p * per_page + i), &pblock);
			if (err)
				return err;
			if (!pblock) {
				pr_err("swapon: %s: swapfile has holes\n", si->name);
				return -EINVAL;
			}
			if (i == 0)
				first = pblock;
			else if (pblock != first + i)
				first = 0;                  /* not contiguous */
		}
		si->slot_sector[p] = first * spb;
		if (!first && p > 0 && si->swap_map[p] != SWAP_MAP_BAD) {
			si->swap_map[p] = SWAP_MAP_BAD;
			bad++;
		}
	}
	return bad;
}

/* Runs of slots that follow each other on the disk (a disk is one; a file as many as it has). */
static unsigned long swap_extents(const struct swap_info *si)
{
	unsigned long n = 0;

	if (!si->slot_sector)
		return 1;
	for (unsigned long p = 1; p < si->max; p++)
		if (si->swap_map[p] != SWAP_MAP_BAD &&
		    (p == 1 || si->swap_map[p - 1] == SWAP_MAP_BAD ||
		     si->slot_sector[p] != si->slot_sector[p - 1] + SECTORS_PER_PAGE))
			n++;
	return n;
}

long sys_swapon(const char *upath, int flags)
{
	struct swap_info *si = NULL;
	struct block_device *bdev;
	struct swap_header *h;
	struct page *page;
	struct file *f;
	unsigned long maxpages, nr_bad;
	bool is_file;
	long file_bad = 0;
	int err, type;

	if (!capable(CAP_SYS_ADMIN))
		return -EPERM;                              /* only root */
	if (flags & ~SWAP_FLAGS_VALID)
		return -EINVAL;
	for (type = 0; type < MAX_SWAPFILES; type++)
		if (!swap_info[type].used) {
			si = &swap_info[type];
			break;
		}
	if (!si)
		return -EPERM;                      /* Linux: no free swap type */
	memset(si, 0, sizeof(*si));
	err = open_swap_device(upath, &f, &bdev, si->name, sizeof(si->name));
	if (err)
		return err;
	is_file = S_ISREG(file_inode(f)->i_mode);
	for (int t = 0; t < MAX_SWAPFILES; t++)
		if (swap_info[t].used && (is_file ? file_inode(swap_info[t].file) == file_inode(f)
						  : swap_info[t].bdev == bdev && !swap_info[t].slot_sector)) {
			fput(f);
			return -EBUSY;
		}
	if (!is_file && bdev->bd_super) {
		fput(f);
		return -EBUSY;                      /* a mounted file system is on it */
	}
	page = alloc_page(GFP_KERNEL);
	if (!page) {
		fput(f);
		return -ENOMEM;
	}
	if (is_file) {                              /* page 0 of the file: through its own blocks */
		u32 bits = file_inode(f)->i_sb->s_blocksize_bits;
		err = file_inode(f)->i_size < (u64)2 * PAGE_SIZE ? -EINVAL : 0;
		for (u32 i = 0; !err && i < (u32)(PAGE_SIZE >> bits); i++) {
			u32 b;
			err = file_inode(f)->i_mapping->a_ops->bmap(file_inode(f), i, &b);
			if (!err && !b) {
				pr_err("swapon: %s: swapfile has holes\n", si->name);
				err = -EINVAL;
			}
			if (!err)
				err = blk_rw_page(bdev, REQ_OP_READ, (u64)b << (bits - SECTOR_SHIFT), page,
						  i << bits, 1u << (bits - SECTOR_SHIFT));
		}
	} else {
		err = blk_rw_page(bdev, REQ_OP_READ, 0, page, 0, SECTORS_PER_PAGE);
	}
	h = page_address(page);
	if (!err && memcmp((char *)h + PAGE_SIZE - 10, "SWAPSPACE2", 10)) {
		pr_err("Unable to find swap-space signature\n");
		err = -EINVAL;
	} else if (!err && h->version != 1) {
		pr_warn("Unable to handle swap header version %u\n", h->version);
		err = -EINVAL;
	} else if (!err && (h->nr_badpages > MAX_SWAP_BADPAGES || h->last_page < 2)) {
		pr_err("swapon: %s: bad swap header (last page %u, %u bad pages)\n", si->name,
		       h->last_page, h->nr_badpages);
		err = -EINVAL;
	}
	if (err)
		goto out;
	maxpages = min((unsigned long)h->last_page + 1,
		       is_file ? (unsigned long)(file_inode(f)->i_size >> PAGE_SHIFT)
			       : (unsigned long)(bdev->nr_sectors / SECTORS_PER_PAGE));
	maxpages = min(maxpages, SWP_OFFSET_MASK + 1);
	si->swap_map = vzalloc(maxpages);
	if (!si->swap_map) {
		err = -ENOMEM;
		goto out;
	}
	si->swap_map[0] = SWAP_MAP_BAD;             /* the header */
	nr_bad = 0;
	for (u32 i = 0; i < h->nr_badpages; i++) {
		u32 bad = h->badpages[i];
		if (bad == 0 || bad >= h->last_page) {
			err = -EINVAL;
			goto out;
		}
		if (bad < maxpages && si->swap_map[bad] != SWAP_MAP_BAD) {
			si->swap_map[bad] = SWAP_MAP_BAD;
			nr_bad++;
		}
	}
	si->bdev = bdev;
	si->file = f;
	si->max = maxpages;
	if (is_file && (file_bad = map_swap_file(si, file_inode(f))) < 0) {
		err = (int)file_bad;
		goto out;
	}
	si->pages = maxpages - 1 - nr_bad - (unsigned long)file_bad;
	si->next = 1;
	si->prio = (flags & SWAP_FLAG_PREFER) ? (flags & SWAP_FLAG_PRIO_MASK) : --least_priority;
	si->writeok = true;
	si->used = true;
	nr_swap_pages += si->pages;
	total_swap_pages += si->pages;
	kswapd_start();
	pr_info("Adding %luk swap on %s.  Priority:%d extents:%lu across:%luk\n",
		si->pages << (PAGE_SHIFT - 10), si->name, si->prio, swap_extents(si),
		(maxpages - 1) << (PAGE_SHIFT - 10));
	__free_page(page);
	return 0;
out:
	vfree(si->swap_map);
	vfree(si->slot_sector);
	si->swap_map = NULL;
	si->slot_sector = NULL;
	__free_page(page);
	fput(f);
	return err;
}

/* The process whose swap entries swapoff brings in next. */
struct unuse_search {
	unsigned type;
	struct mm_struct *mm;
};

static bool mm_uses_swap_type(struct mm_struct *mm, unsigned type)
{
	struct vm_area_struct *vma;

	if (!mm->swap_ents)
		return false;
	for_each_vma(mm, vma)
		for (unsigned long va = vma->vm_start; va < vma->vm_end; va += PAGE_SIZE) {
			pte_t *pte = user_pte(mm->pgd, va, false);
			if (!pte) {
				va = (va & PGDIR_MASK) + PGDIR_SIZE - PAGE_SIZE;
				continue;
			}
			if (is_swap_pte(*pte) && swp_type(pte_to_swp_entry(*pte)) == type)
				return true;
		}
	return false;
}

static void find_unuse_mm(struct task_struct *t, void *arg)
{
	struct unuse_search *s = arg;

	if (!s->mm && t->mm && mm_uses_swap_type(t->mm, s->type))
		s->mm = t->mm;
}

/* Bring every page of mm that is in swap area type back in. 0 or -ENOMEM. May sleep. */
static int unuse_mm(struct mm_struct *mm, unsigned type)
{
	for (unsigned i = 0; i < mm->map_count; i++) {
		struct vm_area_struct *vma = mm->vmas[i];

		for (unsigned long va = vma->vm_start; va < vma->vm_end; va += PAGE_SIZE) {
			pte_t *pte = user_pte(mm->pgd, va, false);

			if (!pte || !is_swap_pte(*pte) || swp_type(pte_to_swp_entry(*pte)) != type)
				continue;
			/* a read fault does it all: find or read the page, map it, let go of the slot */
			if (handle_mm_fault_reclaim(mm, vma, va, false) == VM_FAULT_OOM)
				return -ENOMEM;
			if (i >= mm->map_count || mm->vmas[i] != vma)
				return 0;            /* the areas changed while we slept: look again */
		}
	}
	return 0;
}

long sys_swapoff(const char *upath)
{
	struct swap_info *si = NULL;
	struct block_device *bdev;
	struct file *f;
	struct inode *inode;
	char name[64];
	unsigned type;
	int err;

	if (!capable(CAP_SYS_ADMIN))
		return -EPERM;                              /* only root */
	err = open_swap_device(upath, &f, &bdev, name, sizeof(name));
	if (err)
		return err;
	inode = file_inode(f);                      /* the area's own file keeps it alive */
	fput(f);
	for (type = 0; type < MAX_SWAPFILES; type++) {
		struct swap_info *t = &swap_info[type];
		if (t->used && t->writeok &&
		    (t->slot_sector ? file_inode(t->file) == inode : t->bdev == bdev)) {
			si = t;
			break;
		}
	}
	if (!si)
		return -EINVAL;
	/* its pages must fit in memory: what is free, and what reclaim could drop */
	if (si->inuse > nr_free_pages() + global_lru_pages(LRU_INACTIVE_FILE) + global_lru_pages(LRU_ACTIVE_FILE))
		return -ENOMEM;
	si->writeok = false;                        /* no new slots here */
	nr_swap_pages -= si->pages - si->inuse;
	total_swap_pages -= si->pages;
	for (;;) {
		struct unuse_search s = { type, NULL };

		for_each_task(find_unuse_mm, &s);
		if (!s.mm)
			break;
		s.mm->users++;                      /* it stays while we sleep in it */
		err = unuse_mm(s.mm, type);
		mmput(s.mm);
		if (err)
			break;
		if (fatal_signal_pending(current)) {
			err = -EINTR;
			break;
		}
	}
	/* pages left in the swap cache, mapped or not, forget their slots */
	for (unsigned long off = 1; !err && off < si->max; off++) {
		struct page *page;

		if (!(si->swap_map[off] & SWAP_HAS_CACHE))
			continue;
		page = lookup_swap_cache(swp_entry(type, off));
		if (!page)
			continue;
		wait_on_page_locked(page);
		wait_on_page_writeback(page);
		try_to_free_swap(page);
		put_page(page);
	}
	if (!err && si->inuse) {
		pr_err("swapoff: %s: %lu slots still in use\n", si->name, si->inuse);
		err = -EBUSY;
	}
	if (err) {                                  /* it stays on, as Linux leaves it */
		si->writeok = true;
		nr_swap_pages += si->pages - si->inuse;
		total_swap_pages += si->pages;
		return err;
	}
	vfree(si->swap_map);
	vfree(si->slot_sector);
	fput(si->file);
	memset(si, 0, sizeof(*si));
	return 0;
}
