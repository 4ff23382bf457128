/*
 * ext2, the second extended file system, as Linux and Debian's e2fsprogs lay it out on disk
 * (all fields little-endian, as on x86).
 *
 *   block 0 (or 0..1)  boot block; the superblock is always at byte 1024
 *   then, per block group (s_blocks_per_group blocks each):
 *     [superblock copy] [group descriptor table copy] [reserved GDT blocks]   (some groups)
 *     block bitmap | inode bitmap | inode table | data blocks
 *
 * A file's data is found through its inode's block map, i_block[15]:
 *
 *   i_block[0..11]  the first 12 blocks, directly
 *   i_block[12]     an indirect block: block size / 4 block numbers
 *   i_block[13]     a double-indirect block: numbers of indirect blocks
 *   i_block[14]     a triple-indirect block
 *
 * A 0 anywhere is a hole. A directory is a file of entries (inode, record length, name),
 * records covering each block exactly.
 */
#pragma once
#include <types.h>
#include <fs/fs.h>

#define EXT2_SUPER_MAGIC 0xEF53
#define EXT2_ROOT_INO 2
#define EXT2_GOOD_OLD_FIRST_INO 11
#define EXT2_GOOD_OLD_INODE_SIZE 128
#define EXT2_NDIR_BLOCKS 12
#define EXT2_IND_BLOCK 12
#define EXT2_DIND_BLOCK 13
#define EXT2_TIND_BLOCK 14
#define EXT2_N_BLOCKS 15
#define EXT2_VALID_FS 1               /* s_state: cleanly unmounted */
#define EXT2_ERROR_FS 2

/* Features: a kernel must refuse a disk with an incompat feature it does not know, and may
 * only read one with an unknown ro_compat feature. */
#define EXT2_FEATURE_INCOMPAT_FILETYPE 0x0002
#define EXT2_FEATURE_RO_COMPAT_SPARSE_SUPER 0x0001
#define EXT2_FEATURE_RO_COMPAT_LARGE_FILE 0x0002
#define EXT2_SUPPORTED_INCOMPAT EXT2_FEATURE_INCOMPAT_FILETYPE
#define EXT2_SUPPORTED_RO_COMPAT (EXT2_FEATURE_RO_COMPAT_SPARSE_SUPER | EXT2_FEATURE_RO_COMPAT_LARGE_FILE)

struct ext2_super_block {
	u32 s_inodes_count, s_blocks_count, s_r_blocks_count;
	u32 s_free_blocks_count, s_free_inodes_count;
	u32 s_first_data_block;           /* 1 with 1 KiB blocks, else 0 */
	u32 s_log_block_size;             /* block size = 1024 << this */
	u32 s_log_frag_size;
	u32 s_blocks_per_group, s_frags_per_group, s_inodes_per_group;
	u32 s_mtime, s_wtime;
	u16 s_mnt_count, s_max_mnt_count;
	u16 s_magic, s_state, s_errors, s_minor_rev_level;
	u32 s_lastcheck, s_checkinterval, s_creator_os, s_rev_level;
	u16 s_def_resuid, s_def_resgid;
	/* revision 1 */
	u32 s_first_ino;
	u16 s_inode_size, s_block_group_nr;
	u32 s_feature_compat, s_feature_incompat, s_feature_ro_compat;
	u8 s_uuid[16];
	char s_volume_name[16];
	char s_last_mounted[64];
	u32 s_algorithm_usage_bitmap;
	u8 s_prealloc_blocks, s_prealloc_dir_blocks;
	u16 s_padding1;
	u32 s_rest[204];                  /* journal, hash seed, ...: ext3/4's, kept as they are */
};
BUILD_BUG_ON(sizeof(struct ext2_super_block) != 1024);

struct ext2_group_desc {
	u32 bg_block_bitmap, bg_inode_bitmap, bg_inode_table;
	u16 bg_free_blocks_count, bg_free_inodes_count, bg_used_dirs_count, bg_pad;
	u32 bg_reserved[3];
};
BUILD_BUG_ON(sizeof(struct ext2_group_desc) != 32);

struct ext2_inode {
	u16 i_mode, i_uid;
	u32 i_size;
	u32 i_atime, i_ctime, i_mtime, i_dtime;
	u16 i_gid, i_links_count;
	u32 i_blocks;                     /* 512-byte sectors, data and indirect blocks */
	u32 i_flags;
	u32 i_osd1;
	u32 i_block[EXT2_N_BLOCKS];
	u32 i_generation, i_file_acl;
	u32 i_size_high;                  /* regular files: the size's high 32 bits (large_file) */
	u32 i_faddr;
	u8 i_frag, i_fsize;
	u16 i_pad1, i_uid_high, i_gid_high;
	u32 i_reserved2;
	u16 i_extra_isize, i_pad2;        /* inodes bigger than 128 bytes: the extra fields' size */
};
BUILD_BUG_ON(sizeof(struct ext2_inode) != 132);

struct ext2_dir_entry {
	u32 inode;                        /* 0: an unused record */
	u16 rec_len;                      /* to the next record: a multiple of 4 */
	u8 name_len;
	u8 file_type;                     /* EXT2_FT_*, with the filetype feature */
	char name[];
};
#define EXT2_DIR_REC_LEN(name_len) (((name_len) + 8 + 3) & ~3u)
enum { EXT2_FT_UNKNOWN, EXT2_FT_REG_FILE, EXT2_FT_DIR, EXT2_FT_CHRDEV, EXT2_FT_BLKDEV,
       EXT2_FT_FIFO, EXT2_FT_SOCK, EXT2_FT_SYMLINK };

/* The mounted file system: the superblock and group descriptors, kept in the buffer cache. */
struct ext2_sb_info {
	struct buffer_head *sbh;          /* the block holding the superblock */
	struct ext2_super_block *es;      /* it, in that block */
	struct buffer_head **gd_bh;       /* the group descriptor blocks */
	u32 groups;
	u32 blocks_per_group, inodes_per_group;
	u32 inode_size, first_ino;
	u32 desc_per_block, addr_per_block;
	bool filetype;
	struct task_struct *lock_owner;   /* the file-system lock (ext2_lock) */
	int lock_depth;
};

/* What the VFS inode does not hold: the block map and the flags. */
struct ext2_inode_info {
	u32 i_block[EXT2_N_BLOCKS];
	u32 i_flags;
	u32 i_dtime;
	u32 i_file_acl;
	u32 i_block_group;
	u32 i_last_alloc;                 /* the last block given to it: the next goes after */
	bool i_new;                       /* never written yet: the whole on-disk inode is cleared */
};

static inline struct ext2_sb_info *EXT2_SB(struct super_block *sb) { return sb->s_fs_info; }
static inline struct ext2_inode_info *EXT2_I(struct inode *inode) { return inode->i_private; }

/* The file system's lock: one task at a time changes its maps and bitmaps (it may sleep on the
 * disk meanwhile). Nested calls by the holder are fine. */
void ext2_lock(struct super_block *sb);
void ext2_unlock(struct super_block *sb);
/* Report a damaged file system: the kernel goes on, the operation fails with -EIO. */
int ext2_error(struct super_block *sb, const char *fn, const char *fmt, ...) __printf(3, 4);

/* super.c */
struct ext2_group_desc *ext2_get_group_desc(struct super_block *sb, u32 group, struct buffer_head **bh);
struct buffer_head *ext2_bread(struct super_block *sb, u32 block);
/* inode.c */
/* A VFS inode numbered ino with an empty ext2 part (nothing read from the disk); NULL if no memory. */
struct inode *ext2_alloc_inode(struct super_block *sb, u32 ino, u32 mode);
struct inode *ext2_iget(struct super_block *sb, u32 ino);   /* ERR_PTR on failure */
int ext2_write_inode(struct inode *inode);
void ext2_evict_inode(struct inode *inode);
int ext2_get_block(struct inode *inode, u32 iblock, u32 *pblock, bool create);
int ext2_setattr(struct dentry *dentry, const struct iattr *attr);
void ext2_set_inode_ops(struct inode *inode);
extern const struct address_space_operations ext2_aops;
/* balloc.c, ialloc.c */
int ext2_new_block(struct inode *inode, u32 goal, u32 *block);
void ext2_free_blocks(struct super_block *sb, u32 block, u32 count);
struct inode *ext2_new_inode(struct inode *dir, u32 mode);   /* ERR_PTR on failure */
void ext2_free_inode(struct inode *inode);
u32 ext2_count_free_blocks(struct super_block *sb);
u32 ext2_count_free_inodes(struct super_block *sb);
/* dir.c */
int ext2_inode_by_name(struct inode *dir, const char *name, size_t len, u32 *ino);
int ext2_add_link(struct inode *dir, const char *name, size_t len, struct inode *inode);
int ext2_delete_entry(struct inode *dir, const char *name, size_t len);
int ext2_set_link(struct inode *dir, const char *name, size_t len, struct inode *inode);
int ext2_make_empty(struct inode *inode, struct inode *parent);
int ext2_empty_dir(struct inode *inode);          /* 1 empty, 0 not, -errno */
extern const struct file_operations ext2_dir_fops;
/* namei.c */
extern const struct inode_operations ext2_dir_iops, ext2_file_iops, ext2_symlink_iops, ext2_special_iops;
extern const struct file_operations ext2_file_fops;
/* fsync of a file or directory: its pages and inode, then the metadata blocks. */
int ext2_fsync(struct file *f);
