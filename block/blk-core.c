/*
 * The block layer (include/block/blkdev.h): disks, their request queues, and waiting for I/O.
 *
 *   blk_submit(rq)        queue rq; if the channel is idle, the driver starts it now
 *   (the disk works; the submitter sleeps in blk_wait, another task runs)
 *   IRQ -> driver         reads the controller's status, calls blk_complete(rq)
 *   blk_complete(rq)      statistics, rq->done, wake the sleeper, start the next request
 */
#include <kernel/task_io_accounting.h>
#include <block/blkdev.h>
#include <kernel/sched.h>
#include <kernel/seq_buf.h>
#include <kernel/string.h>
#include <kernel/time.h>
#include <kernel/printk.h>
#include <fs/fs.h>
#include <asm/x86.h>
#include <linux/errno.h>

struct block_device *all_bdevs;
unsigned nr_iowait;
u32 cpu_iowait_ticks;

void add_disk(struct block_device *bdev)
{
	struct block_device **p = &all_bdevs;

	while (*p)
		p = &(*p)->next;
	*p = bdev;
	bdev->next = NULL;
}

struct block_device *lookup_bdev(const char *name)
{
	if (!strncmp(name, "/dev/", 5))
		name += 5;
	for (struct block_device *b = all_bdevs; b; b = b->next)
		if (!strcmp(b->name, name))
			return b;
	return NULL;
}

struct block_device *bdget(u32 dev)
{
	for (struct block_device *b = all_bdevs; b; b = b->next)
		if (b->dev == dev)
			return b;
	return NULL;
}

static u32 jiffies_to_ms(u32 j)
{
	return j * (1000 / HZ);
}

/* The next request of q, if the hardware is free. Interrupts off. */
static void blk_start_next(struct request_queue *q)
{
	struct request *rq;

	if (q->active || list_empty(&q->queue))
		return;
	rq = list_first_entry(&q->queue, struct request, queuelist);
	list_del(&rq->queuelist);
	q->active = rq;
	q->start(rq);
}

void blk_submit(struct request *rq)
{
	struct block_device *bdev = rq->bdev;
	u32 flags = local_irq_save();

	rq->done = false;
	rq->error = 0;
	rq->pio_sector = 0;
	rq->start_jiffies = jiffies;
	rq->ioac = current_ioac();
	if (rq->ioac && rq->op == REQ_OP_READ)
		rq->ioac->read_bytes += (u64)rq->nr_sectors << SECTOR_SHIFT;
	else if (rq->ioac)
		rq->ioac->write_bytes += (u64)rq->nr_sectors << SECTOR_SHIFT;
	if (bdev->stats.in_flight++ == 0)
		bdev->busy_since = jiffies;
	list_add_tail(&rq->queuelist, &bdev->queue->queue);
	blk_start_next(bdev->queue);
	local_irq_restore(flags);
}

void blk_complete(struct request *rq, int error)
{
	struct block_device *bdev = rq->bdev;
	struct disk_stats *st = &bdev->stats;
	int dir = rq->op == REQ_OP_WRITE;

	st->ios[dir]++;
	st->sectors[dir] += rq->nr_sectors;
	st->ticks[dir] += jiffies_to_ms(jiffies - rq->start_jiffies);
	if (--st->in_flight == 0)
		st->io_ticks += jiffies_to_ms(jiffies - bdev->busy_since);
	rq->error = error;
	rq->done = true;
	bdev->queue->active = NULL;
	wake_up(rq);
	blk_start_next(bdev->queue);
}

/*
 * I/O wait: the task sleeps until the interrupt handler completes rq. At boot (the idle task,
 * mounting the root) there is no other task to run: wait with interrupts on instead.
 */
int blk_wait(struct request *rq)
{
	u32 flags = local_irq_save();

	nr_iowait++;
	while (!rq->done)
		io_sleep_on(rq);
	nr_iowait--;
	local_irq_restore(flags);
	if (rq->error)
		pr_err("%s: I/O error, %s sector %llu (%u sectors)\n", rq->bdev->name,
		       rq->op == REQ_OP_WRITE ? "write" : "read", rq->sector, rq->nr_sectors);
	return rq->error;
}

int blk_rw_page(struct block_device *bdev, enum req_op op, u64 sector, struct page *page,
		u32 offset, u32 n)
{
	struct request rq = {
		.bdev = bdev, .op = op, .sector = sector, .nr_sectors = n, .vcnt = 1,
		.vec = { { page, offset, n << SECTOR_SHIFT } },
	};

	if (sector + n > bdev->nr_sectors)
		return -EIO;
	if (op == REQ_OP_WRITE && bdev->read_only)
		return -EROFS;
	blk_submit(&rq);
	return blk_wait(&rq);
}

/* One line per disk, Linux's /proc/diskstats fields (the first 14; merges are never done). */
void blk_show_diskstats(struct seq_buf *s)
{
	for (struct block_device *b = all_bdevs; b; b = b->next) {
		struct disk_stats *st = &b->stats;
		unsigned long io_ticks = st->io_ticks;

		if (st->in_flight)
			io_ticks += jiffies_to_ms(jiffies - b->busy_since);
		seq_buf_printf(s, "%4u %7u %s %lu 0 %lu %lu %lu 0 %lu %lu %u %lu %lu\n",
			       MAJOR(b->dev), MINOR(b->dev), b->name, st->ios[0], st->sectors[0],
			       st->ticks[0], st->ios[1], st->sectors[1], st->ticks[1], st->in_flight,
			       io_ticks, st->ticks[0] + st->ticks[1]);
	}
}

void blk_total_sectors(unsigned long *read, unsigned long *written)
{
	*read = *written = 0;
	for (struct block_device *b = all_bdevs; b; b = b->next) {
		*read += b->stats.sectors[0];
		*written += b->stats.sectors[1];
	}
}
