/*
 * The IDE (ATA) disk controller of the PC, as QEMU's PIIX3 emulates it (-drive if=ide), in
 * two modes that show what DMA is for:
 *
 *   PIO ("programmed I/O", ide=pio): the CPU moves every byte. For each sector the disk raises
 *   an interrupt, and the handler copies 512 bytes through the data port with `rep insw`
 *   (reads) or `rep outsw` (writes). The CPU is busy for the whole transfer.
 *
 *   Bus-master DMA (the default): the CPU writes a PRD table ("physical region descriptors",
 *   a scatter-gather list of physical addresses and lengths: here, the pages of the request)
 *   and starts the command; the controller moves the data to or from memory itself and
 *   interrupts once, when everything is there. The CPU copies nothing.
 *
 * Disks are named as Linux's old IDE driver named them: hda and hdb on the first channel
 * (master, slave), hdc and hdd on the second; a CD-ROM (ATAPI) is reported and left alone.
 * Commands are the 28-bit LBA ones (disks up to 128 GiB).
 */
#include <kernel/task_io_accounting.h>
#include <block/blkdev.h>
#include <drivers/pci.h>
#include <kernel/irq.h>
#include <kernel/printk.h>
#include <kernel/cmdline.h>
#include <kernel/string.h>
#include <mm/page.h>
#include <mm/gfp.h>
#include <mm/highmem.h>
#include <fs/fs.h>
#include <asm/x86.h>
#include <linux/errno.h>

/* Task-file registers, from a channel's command block base. */
#define ATA_DATA 0
#define ATA_ERROR 1
#define ATA_NSECT 2
#define ATA_LBAL 3
#define ATA_LBAM 4
#define ATA_LBAH 5
#define ATA_DEVICE 6               /* 1 L 1 DEV | LBA bits 27..24 */
#define ATA_STATUS 7               /* read */
#define ATA_COMMAND 7              /* write */
/* From the control block: alternate status (reading it clears nothing), device control. */
#define ATA_CTL_NIEN 0x02          /* no interrupts */

#define ATA_BSY 0x80
#define ATA_DRDY 0x40
#define ATA_DF 0x20
#define ATA_DRQ 0x08
#define ATA_ERR 0x01

#define ATA_CMD_READ_PIO 0x20
#define ATA_CMD_WRITE_PIO 0x30
#define ATA_CMD_READ_DMA 0xc8
#define ATA_CMD_WRITE_DMA 0xca
#define ATA_CMD_IDENTIFY 0xec

/* Bus-master registers (PCI BAR 4), per channel at +0 (first) and +8 (second). */
#define BM_COMMAND 0
#define BM_STATUS 2
#define BM_PRDT 4
#define BM_CMD_START 0x01
#define BM_CMD_TO_MEMORY 0x08      /* the controller writes memory: a disk read */
#define BM_STAT_ACTIVE 0x01
#define BM_STAT_ERROR 0x02
#define BM_STAT_IRQ 0x04

struct prd {                       /* one physical region: Intel's PIIX datasheet */
	u32 addr;                  /* physical address, even */
	u16 count;                 /* bytes (0: 64 KiB); the region may not cross 64 KiB */
	u16 flags;                 /* 0x8000: the last entry */
};

struct ide_channel {
	u16 base, ctl, bmdma;      /* command block, control block, bus master (0: none) */
	u8 irq;
	struct request_queue queue;
	struct prd *prdt;          /* a lowmem page: the controller reads it by physical address */
	struct ide_drive *drive[2];
};

struct ide_drive {
	struct ide_channel *ch;
	int slave;
	bool dma;                  /* the drive does multiword or Ultra DMA and the channel has BM */
	char model[41];
	struct block_device bdev;
};

static struct ide_channel channels[2] = {
	{ .base = 0x1f0, .ctl = 0x3f6, .irq = 14 },
	{ .base = 0x170, .ctl = 0x376, .irq = 15 },
};
static struct ide_drive drives[4];
static bool ide_pio_only;

/* ide=pio: the CPU copies every sector, for comparing with DMA. */
static int parse_ide(const char *val)
{
	if (!val || (strcmp(val, "pio") && strcmp(val, "dma")))
		return -1;
	ide_pio_only = !strcmp(val, "pio");
	return 0;
}
__setup("ide", parse_ide, "pio or dma");

/* 400 ns for the drive to put its status out after a select: four reads of the alternate status. */
static void ata_delay(struct ide_channel *ch)
{
	for (int i = 0; i < 4; i++)
		inb(ch->ctl);
}

/* Wait (polling, for probing) until BSY clears; the status, or 0xff after a long time. */
static u8 ata_wait_not_busy(struct ide_channel *ch)
{
	for (u32 i = 0; i < 1000000; i++) {
		u8 st = inb(ch->ctl);
		if (!(st & ATA_BSY))
			return st;
	}
	return 0xff;
}

static void ata_select(struct ide_channel *ch, int slave, u32 lba_high4)
{
	outb(ch->base + ATA_DEVICE, (u8)(0xe0 | slave << 4 | (lba_high4 & 0x0f)));
	ata_delay(ch);
}

static void ata_taskfile(struct ide_channel *ch, int slave, u64 sector, u32 n, u8 cmd)
{
	ata_select(ch, slave, (u32)(sector >> 24));
	outb(ch->base + ATA_NSECT, (u8)n);                 /* 0 would mean 256 */
	outb(ch->base + ATA_LBAL, (u8)sector);
	outb(ch->base + ATA_LBAM, (u8)(sector >> 8));
	outb(ch->base + ATA_LBAH, (u8)(sector >> 16));
	outb(ch->base + ATA_COMMAND, cmd);
}

/* Where sector k of rq is in memory: its page and offset. */
static struct bio_vec rq_sector(struct request *rq, u32 k)
{
	u32 off = k << SECTOR_SHIFT;

	for (int i = 0; i < rq->vcnt; i++) {
		if (off < rq->vec[i].bv_len)
			return (struct bio_vec){ rq->vec[i].bv_page, rq->vec[i].bv_offset + off, SECTOR_SIZE };
		off -= rq->vec[i].bv_len;
	}
	return (struct bio_vec){ NULL, 0, 0 };
}

/* PIO: the CPU moves one sector of rq between memory and the data port. */
static void pio_transfer(struct ide_channel *ch, struct request *rq)
{
	struct bio_vec v = rq_sector(rq, rq->pio_sector);
	char *va = kmap_atomic(v.bv_page);

	if (rq->op == REQ_OP_READ)
		insw(ch->base + ATA_DATA, va + v.bv_offset, SECTOR_SIZE / 2);
	else
		outsw(ch->base + ATA_DATA, va + v.bv_offset, SECTOR_SIZE / 2);
	kunmap_atomic(va);
	rq->pio_sector++;
	rq->bdev->stats.cpu_bytes += SECTOR_SIZE;
	system_ioac.cpu_kernel_copy_bytes += SECTOR_SIZE;     /* the CPU moved it, not DMA */
	if (rq->ioac)
		rq->ioac->cpu_kernel_copy_bytes += SECTOR_SIZE;
}

/* DMA: describe rq's pages to the controller; each segment lies within one page. */
static void dma_setup(struct ide_channel *ch, struct request *rq)
{
	for (int i = 0; i < rq->vcnt; i++) {
		ch->prdt[i].addr = (u32)(page_to_phys(rq->vec[i].bv_page) + rq->vec[i].bv_offset);
		ch->prdt[i].count = (u16)rq->vec[i].bv_len;
		ch->prdt[i].flags = i == rq->vcnt - 1 ? 0x8000 : 0;
	}
	outl(ch->bmdma + BM_PRDT, (u32)__pa(ch->prdt));
	outb(ch->bmdma + BM_COMMAND, rq->op == REQ_OP_READ ? BM_CMD_TO_MEMORY : 0);
	outb(ch->bmdma + BM_STATUS, BM_STAT_ERROR | BM_STAT_IRQ);   /* write 1 to clear */
}

/* The queue's start: issue rq's command. Interrupts off. */
static void ide_start_request(struct request *rq)
{
	struct ide_drive *d = rq->bdev->private;
	struct ide_channel *ch = d->ch;
	bool write = rq->op == REQ_OP_WRITE;

	if (d->dma) {
		dma_setup(ch, rq);
		ata_taskfile(ch, d->slave, rq->sector, rq->nr_sectors,
			     write ? ATA_CMD_WRITE_DMA : ATA_CMD_READ_DMA);
		outb(ch->bmdma + BM_COMMAND, (u8)((write ? 0 : BM_CMD_TO_MEMORY) | BM_CMD_START));
		return;
	}
	ata_taskfile(ch, d->slave, rq->sector, rq->nr_sectors, write ? ATA_CMD_WRITE_PIO : ATA_CMD_READ_PIO);
	if (write) {                   /* the first sector goes out at once; the rest on interrupts */
		u8 st = ata_wait_not_busy(ch);
		if ((st & (ATA_ERR | ATA_DF)) || !(st & ATA_DRQ)) {
			blk_complete(rq, -EIO);
			return;
		}
		pio_transfer(ch, rq);
	}
}

/* IRQ 14 or 15: the drive finished a sector (PIO) or the whole request (DMA). */
static void ide_interrupt(struct ide_channel *ch)
{
	struct request *rq = ch->queue.active;
	struct ide_drive *d;
	u8 st, bm = 0;

	if (ch->bmdma) {
		bm = inb(ch->bmdma + BM_STATUS);
		outb(ch->bmdma + BM_STATUS, BM_STAT_ERROR | BM_STAT_IRQ);
	}
	st = inb(ch->base + ATA_STATUS);                  /* acknowledges the drive's interrupt */
	if (!rq)
		return;                                   /* nothing asked: spurious */
	d = rq->bdev->private;
	if (st & (ATA_ERR | ATA_DF) || (d->dma && (bm & BM_STAT_ERROR))) {
		if (d->dma)
			outb(ch->bmdma + BM_COMMAND, 0);
		blk_complete(rq, -EIO);
		return;
	}
	if (d->dma) {
		outb(ch->bmdma + BM_COMMAND, 0);          /* stop the engine */
		rq->bdev->stats.dma_bytes += (u64)rq->nr_sectors << SECTOR_SHIFT;
		ioac_add_dma_to(rq->ioac, (size_t)rq->nr_sectors << SECTOR_SHIFT);
		blk_complete(rq, 0);
		return;
	}
	if (rq->op == REQ_OP_READ)
		pio_transfer(ch, rq);                     /* this sector's data is in the port */
	if (rq->pio_sector == rq->nr_sectors)
		blk_complete(rq, 0);
	else if (rq->op == REQ_OP_WRITE)
		pio_transfer(ch, rq);                     /* the drive wants the next one */
}

static void ide_irq14(struct pt_regs *regs) { ide_interrupt(&channels[0]); }
static void ide_irq15(struct pt_regs *regs) { ide_interrupt(&channels[1]); }
static void (*const ide_irqs[2])(struct pt_regs *) = { ide_irq14, ide_irq15 };

/* The IDENTIFY string fields hold two characters a word, swapped; trailing blanks trimmed. */
static void ata_id_string(const u16 *id, int first, int words, char *out)
{
	int n = 0;

	for (int i = 0; i < words; i++) {
		out[n++] = (char)(id[first + i] >> 8);
		out[n++] = (char)id[first + i];
	}
	while (n > 0 && out[n - 1] == ' ')
		n--;
	out[n] = '\0';
}

/* IDENTIFY DEVICE, polled with interrupts off at the drive; false if no ATA disk answers. */
static bool ata_identify(struct ide_channel *ch, int slave, u16 *id, bool *atapi)
{
	u8 st;

	*atapi = false;
	ata_select(ch, slave, 0);
	outb(ch->base + ATA_NSECT, 0);
	outb(ch->base + ATA_LBAL, 0);
	outb(ch->base + ATA_LBAM, 0);
	outb(ch->base + ATA_LBAH, 0);
	outb(ch->base + ATA_COMMAND, ATA_CMD_IDENTIFY);
	ata_delay(ch);
	if (inb(ch->ctl) == 0 || inb(ch->ctl) == 0xff)
		return false;                             /* no drive */
	st = ata_wait_not_busy(ch);
	if (inb(ch->base + ATA_LBAM) == 0x14 && inb(ch->base + ATA_LBAH) == 0xeb) {
		*atapi = true;
		return false;
	}
	if (st == 0xff || (st & ATA_ERR) || !(st & ATA_DRQ))
		return false;
	insw(ch->base + ATA_DATA, id, 256);
	return true;
}

static const char *const ide_names[4] = { "hda", "hdb", "hdc", "hdd" };
static const u32 ide_devs[4] = { MKDEV(3, 0), MKDEV(3, 64), MKDEV(22, 0), MKDEV(22, 64) };

static void ide_probe_drive(struct ide_channel *ch, int unit)
{
	struct ide_drive *d = &drives[unit];
	u16 id[256];
	bool atapi;

	if (!ata_identify(ch, unit & 1, id, &atapi)) {
		if (atapi)
			pr_info("%s: ATAPI CD/DVD-ROM, not used by this kernel\n", ide_names[unit]);
		return;
	}
	d->ch = ch;
	d->slave = unit & 1;
	ata_id_string(id, 27, 20, d->model);
	d->dma = ch->bmdma && !ide_pio_only && (id[49] & 0x100);
	strlcpy(d->bdev.name, ide_names[unit], sizeof(d->bdev.name));
	d->bdev.dev = ide_devs[unit];
	d->bdev.nr_sectors = id[60] | (u32)id[61] << 16;
	d->bdev.queue = &ch->queue;
	d->bdev.private = d;
	ch->drive[unit & 1] = d;
	add_disk(&d->bdev);
	pr_info("%s: %s, %llu sectors (%llu MiB), %s\n", d->bdev.name, d->model, d->bdev.nr_sectors,
		d->bdev.nr_sectors >> 11, d->dma ? "bus-master DMA" : "PIO (the CPU copies every sector)");
}

void ide_init(void)
{
	struct pci_dev pdev;
	u16 bm = 0;

	if (pci_find_class(0x01, 0x01, &pdev)) {          /* mass storage, IDE */
		bm = pci_bar_io(&pdev, 4);
		if (bm)
			pci_set_master(&pdev);
		pr_info("ide: PCI %02x:%02x.%x %04x:%04x, bus master at %#x%s\n", pdev.bus, pdev.slot,
			pdev.func, pdev.vendor, pdev.device, bm, ide_pio_only ? " (ide=pio: not used)" : "");
	}
	for (int c = 0; c < 2; c++) {
		struct ide_channel *ch = &channels[c];

		INIT_LIST_HEAD(&ch->queue.queue);
		ch->queue.start = ide_start_request;
		ch->bmdma = bm ? (u16)(bm + 8 * c) : 0;
		if (ch->bmdma) {
			struct page *page = alloc_page(GFP_KERNEL);
			if (!page)
				ch->bmdma = 0;
			else
				ch->prdt = page_address(page);
		}
		if (inb(ch->ctl) == 0xff)
			continue;                                 /* floating bus: no channel */
		outb(ch->ctl, ATA_CTL_NIEN);                      /* probe with interrupts off */
		ide_probe_drive(ch, 2 * c);
		ide_probe_drive(ch, 2 * c + 1);
		outb(ch->ctl, 0);
		if (ch->drive[0] || ch->drive[1])
			request_irq(ch->irq, ide_irqs[c], c ? "ide1" : "ide0");
	}
}
