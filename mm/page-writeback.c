/*
 * Write-back (回写): a write to a file on a disk only changes its page-cache pages and marks
 * them dirty; the disk gets them later, in bigger and fewer requests, or never if the file is
 * deleted first. They are written
 *
 *   - by the flusher thread every 5 seconds, for inodes dirtied more than 30 seconds ago, and
 *     at once when dirty pages pass 10% of memory (Linux's dirty_writeback_centisecs = 500,
 *     dirty_expire_centisecs = 3000, dirty_background_ratio = 10);
 *   - by the writer itself when dirty pages pass 20% (dirty_ratio): a process that writes
 *     faster than the disk takes is slowed down to the disk's pace (balance_dirty_pages);
 *   - by sync, syncfs, fsync, fdatasync and msync, at umount, and at power-off.
 *
 * A page is marked clean *before* it is written (clear_page_dirty_for_io): a store while the
 * disk works dirties it again, and the next write-back writes it again. Stores through a
 * MAP_SHARED mapping set only the page-table entry's dirty bit; write-back first moves those
 * bits into the pages (mapping_harvest_dirty).
 */
#include <mm/pagemap.h>
#include <mm/page.h>
#include <mm/mmzone.h>
#include <mm/vma.h>
#include "internal.h"
#include <fs/fs.h>
#include <block/blkdev.h>
#include <kernel/sched.h>
#include <kernel/time.h>
#include <kernel/printk.h>
#include <asm/x86.h>
#include <linux/errno.h>

unsigned long nr_dirty, nr_writeback;

#define DIRTY_WRITEBACK_INTERVAL (5 * HZ)
#define DIRTY_EXPIRE_INTERVAL (30 * HZ)
#define DIRTY_BACKGROUND_RATIO 10
#define DIRTY_RATIO 20

void set_page_dirty(struct page *page)
{
	struct address_space *m = page->mapping;

	if (PageDirty(page))
		return;
	SetPageDirty(page);
	if (!m || !mapping_has_backing(m))
		return;                        /* memory file systems: the page is the file */
	nr_dirty++;
	m->nrdirty++;
	if (!(m->host->i_state & (I_DIRTY | I_DIRTY_PAGES)))
		m->host->dirtied_when = jiffies;
	m->host->i_state |= I_DIRTY_PAGES;
}

void set_page_dirty_mapped(struct page *page)
{
	if (page->mapping && mapping_has_backing(page->mapping))
		SetPageMmapDirty(page);
	set_page_dirty(page);
}

bool clear_page_dirty_for_io(struct page *page)
{
	struct address_space *m = page->mapping;

	if (!PageDirty(page))
		return false;
	ClearPageDirty(page);
	if (m && mapping_has_backing(m)) {
		nr_dirty--;
		m->nrdirty--;
	}
	return true;
}

void mark_inode_dirty(struct inode *inode)
{
	if (!inode->i_sb->s_op || !inode->i_sb->s_op->write_inode)
		return;
	if (!(inode->i_state & (I_DIRTY | I_DIRTY_PAGES)))
		inode->dirtied_when = jiffies;
	inode->i_state |= I_DIRTY;
}

void mapping_harvest_dirty(struct address_space *m)
{
	struct vm_area_struct *vma;

	list_for_each_entry(vma, &m->i_mmap, shared)
		if (vma->vm_flags & VM_SHARED)
			harvest_dirty_range(vma->vm_mm, vma->vm_start, vma->vm_end);
}

void wait_on_page_writeback(struct page *page)
{
	u32 flags = local_irq_save();

	while (PageWriteback(page))
		sleep_on(page);
	local_irq_restore(flags);
}

/* Write one page that is dirty; 0 or -errno. The caller holds a reference to it. May sleep. */
static int write_one_page(struct page *page)
{
	struct address_space *m = page->mapping;
	int err;

	wait_on_page_writeback(page);
	if (page->mapping != m || !clear_page_dirty_for_io(page))
		return 0;                      /* truncated, or written by someone else meanwhile */
	SetPageWriteback(page);
	nr_writeback++;
	err = m->a_ops->writepage(page);
	nr_writeback--;
	ClearPageWriteback(page);
	wake_up(page);
	if (err) {
		m->wb_err = err;
		pr_err("write-back of page %lu of inode %u failed (%d)\n", page->index, m->host->i_ino, err);
	}
	return err;
}

/* Write up to max dirty pages of m; how many were written. */
static unsigned long write_some_pages(struct address_space *m, unsigned long max)
{
	u32 index = 0;
	unsigned long done = 0;
	struct page *page;

	while (done < max && m->nrdirty && (page = radix_tree_next(&m->i_pages, &index)) != NULL) {
		if (PageDirty(page)) {
			get_page(page);
			write_one_page(page);
			put_page(page);
			done++;
		}
		if (index == PAGE_CACHE_MAX_INDEX)
			break;
		index++;
	}
	return done;
}

int filemap_write_and_wait(struct address_space *m)
{
	int err;

	if (!mapping_has_backing(m))
		return 0;
	mapping_harvest_dirty(m);
	write_some_pages(m, ~0ul);
	err = m->wb_err;
	m->wb_err = 0;
	if (!m->nrdirty)
		m->host->i_state &= ~I_DIRTY_PAGES;
	return err;
}

int write_inode_now(struct inode *inode)
{
	int err = filemap_write_and_wait(inode->i_mapping);

	if (inode->i_state & I_DIRTY) {
		inode->i_state &= ~I_DIRTY;
		if (inode->i_sb->s_op && inode->i_sb->s_op->write_inode) {
			int e = inode->i_sb->s_op->write_inode(inode);
			err = err ? err : e;
		}
	}
	return err;
}

/* The next inode of sb to write back in this pass (dirtied before older_than), or NULL. */
static struct inode *next_dirty_inode(struct super_block *sb, u32 older_than, u32 pass)
{
	struct inode *inode;

	list_for_each_entry(inode, &sb->s_inodes, i_sb_list)
		if ((inode->i_state & (I_DIRTY | I_DIRTY_PAGES)) && inode->i_wb_pass != pass &&
		    (s32)(older_than - inode->dirtied_when) > 0)
			return inode;
	return NULL;
}

/*
 * Write back sb's inodes dirtied before older_than (all: jiffies + 1). Each write may sleep,
 * and the list may change meanwhile: so each turn looks for the next inode from the start,
 * skipping those this pass has written already.
 */
static int writeback_sb_inodes(struct super_block *sb, u32 older_than)
{
	static u32 pass;
	struct inode *inode;
	int err = 0;

	pass++;
	while ((inode = next_dirty_inode(sb, older_than, pass)) != NULL) {
		inode->i_wb_pass = pass;
		igrab(inode);                  /* stays while its pages are written */
		int e = write_inode_now(inode);
		err = err ? err : e;
		iput(inode);
	}
	return err;
}

static int __sync_filesystem(struct super_block *sb, bool shutdown)
{
	int err;

	if (!sb->s_bdev || (sb->s_flags & SB_RDONLY))
		return 0;
	err = writeback_sb_inodes(sb, jiffies + 1);
	if (sb->s_op && sb->s_op->sync_fs)
		sb->s_op->sync_fs(sb, shutdown);
	int e = filemap_write_and_wait(sb->s_bdev->bd_inode->i_mapping);   /* the metadata */
	return err ? err : e;
}

int sync_filesystem(struct super_block *sb)
{
	return __sync_filesystem(sb, false);
}

/*
 * Call fn on every disk file system that is mounted, holding a reference to it: fn may sleep
 * (it writes), and an umount meanwhile must not free the superblock under it (the last
 * reference, then, ends the file system here).
 */
static void for_each_disk_sb(void (*fn)(struct super_block *sb, void *arg), void *arg)
{
	for (struct block_device *b = all_bdevs; b; b = b->next) {
		struct super_block *sb = b->bd_super;

		/* none, or one being unmounted (its last reference went; kill_sb may be sleeping in
		 * its own sync): a reference taken now would end it a second time, under the umount */
		if (!sb || sb->s_active <= 0)
			continue;
		sb->s_active++;
		fn(sb, arg);
		deactivate_super(sb);
	}
}

static void sync_one_sb(struct super_block *sb, void *arg)
{
	__sync_filesystem(sb, *(bool *)arg);
}

void ksys_sync(void)
{
	bool shutdown = false;

	for_each_disk_sb(sync_one_sb, &shutdown);
}

void sync_before_poweroff(void)
{
	bool shutdown = true;

	if (!all_bdevs || current->pid == 0)
		return;
	for_each_disk_sb(sync_one_sb, &shutdown);
	pr_notice("reboot: disk file systems written back and marked clean\n");
}

/* ---------------------------------------------------------------- the flusher */

static struct task_struct *flusher;
static bool flusher_kicked;

/* Pages that may be dirty before write-back starts in the background, and before writers wait. */
static unsigned long dirty_limit(unsigned ratio)
{
	return (nr_free_pages() + nr_file_pages) * ratio / 100;
}

static void writeback_sb(struct super_block *sb, void *arg)
{
	u32 older_than = *(u32 *)arg;
	struct inode *bd = sb->s_bdev->bd_inode;

	if (sb->s_flags & SB_RDONLY)
		return;
	writeback_sb_inodes(sb, older_than);
	/* the metadata blocks too, by the same rule: dirty for long enough, or too much dirty */
	if ((bd->i_state & I_DIRTY_PAGES) && (s32)(older_than - bd->dirtied_when) > 0)
		filemap_write_and_wait(bd->i_mapping);
}

/* The flusher thread: wake every 5 s, or when kicked, and write back what is old or too much. */
static int flusher_thread(void *arg)
{
	for (;;) {
		u32 older_than = jiffies - DIRTY_EXPIRE_INTERVAL;

		if (flusher_kicked || nr_dirty > dirty_limit(DIRTY_BACKGROUND_RATIO))
			older_than = jiffies + 1;      /* over the background limit: everything */
		flusher_kicked = false;
		for_each_disk_sb(writeback_sb, &older_than);
		current->wake_jiffies = jiffies + DIRTY_WRITEBACK_INTERVAL;
		if (!flusher_kicked)
			sleep_on(&flusher);
	}
	return 0;
}

/* Start the flusher (the first disk file system mounted does); it writes for every disk. */
void wb_start_flusher(void)
{
	bool disk_mounted = false;

	for (struct block_device *b = all_bdevs; b; b = b->next)
		disk_mounted |= b->bd_super != NULL;
	if (!disk_mounted || (current->pid == 0 && !find_task_by_pid(1)))
		return;                        /* boot: init takes pid 1 first, then run_init_process starts it */
	if (!flusher && !(flusher = kthread_run(flusher_thread, NULL, "flush")))
		pr_err("writeback: no task for the flusher thread; only sync will write back\n");
}

void balance_dirty_pages(struct address_space *m)
{
	if (!mapping_has_backing(m))
		return;
	if (nr_dirty > dirty_limit(DIRTY_BACKGROUND_RATIO) && flusher && !flusher_kicked) {
		flusher_kicked = true;
		wake_up_process(flusher);
	}
	/* over the hard limit: this writer writes its own pages, at the disk's pace */
	if (nr_dirty > dirty_limit(DIRTY_RATIO) && current->pid != 0)
		write_some_pages(m, 32);
}
