/*
 * Block devices and their request queues (block/blk-core.c).
 *
 * A block device is a disk seen as an array of 512-byte sectors. Nobody reads a disk by
 * calling its driver directly: a request (which sectors, read or write, and the pages the
 * data goes to or comes from, as a scatter-gather list of struct bio_vec) is put on the
 * device's request queue; the driver starts the first one, and its interrupt handler, when
 * the disk is done, completes it and starts the next. The process that asked sleeps in the
 * meantime (I/O wait) and another one runs: this is why a disk read costs the CPU little.
 *
 * Each block device also has a page cache of its own (its "buffer cache", fs/buffer.c):
 * file systems read their metadata (superblock, bitmaps, inode tables, directories,
 * indirect blocks) through it, one block at a time (sb_bread); file data goes through the
 * page cache of each file instead.
 */
#pragma once
#include <types.h>
#include <kernel/list.h>

#define SECTOR_SHIFT 9
#define SECTOR_SIZE 512
#define BIO_MAX_VECS 16                  /* segments of one request (one PRD table) */
#define BLK_MAX_SECTORS 128              /* 64 KiB per request */

struct page;
struct inode;
struct block_device;
struct seq_buf;
struct super_block;
struct task_io_accounting;

struct bio_vec {                         /* one piece of memory of a request */
	struct page *bv_page;
	u32 bv_offset, bv_len;           /* within the page; bv_len a multiple of 512 */
};

enum req_op { REQ_OP_READ, REQ_OP_WRITE };

struct request {
	struct block_device *bdev;
	enum req_op op;
	u64 sector;                      /* first sector */
	u32 nr_sectors;                  /* the sum of the segments' lengths, in sectors */
	struct bio_vec vec[BIO_MAX_VECS];
	int vcnt;
	int error;                       /* 0, or -EIO once done */
	volatile bool done;              /* set by the completion (in the interrupt handler) */
	u32 start_jiffies;               /* when it was queued, for the statistics */
	u32 pio_sector;                  /* PIO: sectors the CPU has moved so far */
	struct list_head queuelist;      /* in its queue while waiting to start */
	struct task_io_accounting *ioac; /* who asked (it waits for the request): /proc/PID/io */
};

/* One queue per controller channel: a channel does one command at a time for its disks. */
struct request_queue {
	struct list_head queue;          /* requests waiting to start */
	struct request *active;          /* the one the hardware is doing, or NULL */
	void (*start)(struct request *rq);  /* the driver starts rq (interrupts off) */
};

/* Linux's /proc/diskstats counters, and how the data moved: by the CPU or by DMA. */
struct disk_stats {
	unsigned long ios[2];            /* requests completed: [0] reads, [1] writes */
	unsigned long sectors[2];
	unsigned long ticks[2];          /* ms spent by requests, queued and active */
	unsigned long io_ticks;          /* ms during which the device had work */
	unsigned in_flight;
	u64 cpu_bytes;                   /* bytes the CPU copied to or from the controller (PIO) */
	u64 dma_bytes;                   /* bytes the controller moved to or from memory itself */
};

struct block_device {
	char name[8];                    /* "hda" */
	u32 dev;                         /* MKDEV(3, 0) for hda, as Linux's old IDE driver */
	u64 nr_sectors;
	bool read_only;
	struct request_queue *queue;
	void *private;                   /* the driver's (the IDE drive) */
	struct inode *bd_inode;          /* its own page cache: the buffer cache */
	struct super_block *bd_super;    /* the file system mounted from it, or NULL */
	struct disk_stats stats;
	u32 busy_since;                  /* jiffies when in_flight became non-zero */
	struct block_device *next;
};

/* Add a disk (the driver's probe); it shows in /proc/diskstats and can be mounted. */
void add_disk(struct block_device *bdev);
/* The disk called name ("hda" or "/dev/hda"), or with device number dev; NULL if none. */
struct block_device *lookup_bdev(const char *name);
struct block_device *bdget(u32 dev);
/* Every disk, in the order they were added. */
extern struct block_device *all_bdevs;

/* Queue rq (its bdev, op, sector and segments set); it starts when the queue reaches it. */
void blk_submit(struct request *rq);
/* Sleep until rq is done (poll with interrupts on when there is no task to sleep: boot). May sleep. */
int blk_wait(struct request *rq);
/* The driver's completion, from its interrupt handler: record, wake the waiter, start the next. */
void blk_complete(struct request *rq, int error);
/* Read or write n sectors at sector to or from one page at offset; 0 or -EIO. May sleep. */
int blk_rw_page(struct block_device *bdev, enum req_op op, u64 sector, struct page *page,
		u32 offset, u32 n);

/* Tasks waiting for a disk now (I/O wait, iowait in /proc/stat) and the ticks that idled so. */
extern unsigned nr_iowait;
extern u32 cpu_iowait_ticks;

/* /proc/diskstats and /proc/PID/... helpers. */
void blk_show_diskstats(struct seq_buf *s);
/* Sectors read and written on every disk (pgpgin, pgpgout in /proc/vmstat are these / 2). */
void blk_total_sectors(unsigned long *read, unsigned long *written);
/* The IDE driver: find the controller and its disks (drivers/ide.c). */
void ide_init(void);
