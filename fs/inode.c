/*
 * Inodes: made by a file system (new_inode), shared by every dentry, open file and mapping
 * that uses them (igrab/iput). An inode whose last name is gone (i_nlink 0) lives on while
 * anything uses it, as on Linux; the last iput frees it and its page-cache pages.
 */
#include <fs/fs.h>
#include <kernel/sched.h>
#include <kernel/time.h>
#include <kernel/string.h>
#include <linux/errno.h>
#include <mm/slab.h>

unsigned long nr_inodes;                 /* inodes in memory, for the leak checks */

u32 current_time(void)
{
	u64 sec;
	u32 nsec;

	wall_clock(&sec, &nsec);
	return (u32)sec;
}

void inode_set_times_now(struct inode *inode)
{
	inode->i_atime = inode->i_mtime = inode->i_ctime = current_time();
}

struct inode *new_inode(struct super_block *sb, u32 mode)
{
	struct inode *inode = kzalloc(sizeof(*inode), GFP_KERNEL);

	if (!inode)
		return NULL;
	inode->i_ino = ++sb->s_next_ino;
	inode->i_mode = mode;
	inode->i_nlink = 1;
	inode->i_count = 1;
	inode->i_sb = sb;
	inode_init_owner(inode, NULL);          /* the creating task's fsuid and fsgid */
	address_space_init(&inode->i_data, inode);
	INIT_LIST_HEAD(&inode->i_locks);
	inode->i_mapping = &inode->i_data;
	inode_set_times_now(inode);
	list_add_tail(&inode->i_sb_list, &sb->s_inodes);
	nr_inodes++;
	return inode;
}

struct inode *igrab(struct inode *inode)
{
	inode->i_count++;
	return inode;
}

struct inode *ilookup(struct super_block *sb, u32 ino)
{
	struct inode *inode;

	list_for_each_entry(inode, &sb->s_inodes, i_sb_list)
		if (inode->i_ino == ino && inode->i_private)
			return igrab(inode);
	return NULL;
}

void iput(struct inode *inode)
{
	const struct super_operations *sop;

	if (!inode || --inode->i_count > 0)
		return;
	sop = inode->i_sb->s_op;
	if (sop && sop->evict_inode) {
		/*
		 * A disk file system keeps an unused inode cached (its pages too, while memory
		 * allows): the next open of the file finds it without reading the disk. One with no
		 * name left is freed now, its blocks with it.
		 */
		if (inode->i_nlink && !(inode->i_sb->s_flags & SB_DYING))
			return;
		sop->evict_inode(inode);
	}
	/* memory file systems: the last reference to a name's inode is the dentry's, never dropped
	 * while the name exists; so here the inode has no name or its file system is going */
	truncate_inode_pages(&inode->i_data, 0);
	list_del(&inode->i_sb_list);
	kfree(inode->i_link);
	kfree(inode);
	nr_inodes--;
}

int simple_setattr(struct dentry *dentry, const struct iattr *attr)
{
	struct inode *inode = dentry->d_inode;

	if (attr->ia_valid & ATTR_SIZE) {
		if (attr->ia_size > MAX_LFS_FILESIZE)
			return -EFBIG;
		if (attr->ia_size < inode->i_size)
			truncate_inode_pages(inode->i_mapping, attr->ia_size);
		else if (inode->i_size & (PAGE_SIZE - 1))
			truncate_inode_pages(inode->i_mapping, inode->i_size);  /* zeros past the old end */
		inode->i_size = attr->ia_size;
		inode->i_mtime = inode->i_ctime = current_time();
	}
	if (attr->ia_valid & ATTR_MODE) {
		inode->i_mode = (inode->i_mode & S_IFMT) | (attr->ia_mode & 07777);
		inode->i_ctime = current_time();
	}
	if (attr->ia_valid & ATTR_MTIME)
		inode->i_mtime = attr->ia_mtime;
	if (attr->ia_valid & ATTR_ATIME)
		inode->i_atime = attr->ia_atime;
	return 0;
}

void evict_inodes(struct super_block *sb)
{
	struct inode *inode;

	sb->s_flags |= SB_DYING;
	for (;;) {
		bool found = false;
		list_for_each_entry(inode, &sb->s_inodes, i_sb_list)
			if (inode->i_count == 0) {
				found = true;
				break;
			}
		if (!found)
			break;
		inode->i_count = 1;
		iput(inode);                       /* written back, then freed */
	}
}
