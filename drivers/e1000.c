/*
 * The Intel 82540EM ("e1000") network card, as QEMU emulates it (-device e1000). Its registers
 * are memory-mapped (PCI BAR 0): the kernel reaches them through ioremap, a vmalloc-area
 * mapping of physical addresses no RAM has, with caching off.
 *
 * The card moves packets by DMA through two rings of descriptors in memory, each a circular
 * array the driver and the card share:
 *
 *   receive ring   RDH (card) ... RDT (driver)   each descriptor: the physical address of an
 *                                                empty 2 KiB buffer; the card fills it, sets
 *                                                DD (done) and the length, moves RDH on
 *   transmit ring  TDH (card) ... TDT (driver)   each descriptor: the physical address and
 *                                                length of one piece of a packet; EOP marks a
 *                                                packet's last piece; the card gathers the
 *                                                pieces into one frame and sets DD when sent
 *
 * Scatter-gather ("分散/聚集" DMA): a packet whose headers are in one buffer and whose data is
 * in page-cache pages goes out as several descriptors, one per piece, and the CPU copies none
 * of it. This is what sendfile's zero-copy needs from the card.
 *
 * Interrupts (ICR, read to clear): RXT0 a packet arrived, TXDW descriptors were written back,
 * LSC the link changed. The handler only acknowledges and wakes the thread "net", which polls:
 * it takes every filled receive buffer to the stack (the buffer itself: a fresh one takes its
 * place in the ring) and frees the packets the card has sent.
 */
#include <net/netdevice.h>
#include <net/skbuff.h>
#include <drivers/pci.h>
#include <kernel/irq.h>
#include <kernel/printk.h>
#include <kernel/string.h>
#include <kernel/task_io_accounting.h>
#include <mm/slab.h>
#include <mm/gfp.h>
#include <mm/page.h>
#include <mm/vmalloc.h>
#include <linux/errno.h>
#include <asm/x86.h>

#define E1000_VENDOR 0x8086
#define E1000_DEVICE 0x100e              /* 82540EM, QEMU's default */

/* Registers (offsets into BAR 0), from Intel's 8254x Software Developer's Manual. */
#define CTRL 0x0000
#define STATUS 0x0008
#define EERD 0x0014                      /* EEPROM read: START | addr << 8; DONE, data << 16 */
#define ICR 0x00c0                       /* interrupt cause, cleared by reading */
#define IMS 0x00d0                       /* interrupt mask set */
#define IMC 0x00d8                       /* interrupt mask clear */
#define RCTL 0x0100
#define TCTL 0x0400
#define TIPG 0x0410
#define RDBAL 0x2800
#define RDBAH 0x2804
#define RDLEN 0x2808
#define RDH 0x2810
#define RDT 0x2818
#define TDBAL 0x3800
#define TDBAH 0x3804
#define TDLEN 0x3808
#define TDH 0x3810
#define TDT 0x3818
#define MTA 0x5200                       /* multicast table: 128 words */
#define RAL0 0x5400
#define RAH0 0x5404

#define CTRL_SLU (1u << 6)               /* set link up */
#define CTRL_RST (1u << 26)
#define STATUS_LU (1u << 1)              /* link up */
#define RCTL_EN (1u << 1)
#define RCTL_BAM (1u << 15)              /* accept broadcasts (ARP requests) */
#define RCTL_SECRC (1u << 26)            /* strip the Ethernet CRC */
#define TCTL_EN (1u << 1)
#define TCTL_PSP (1u << 3)               /* pad short packets */
#define TCTL_CT (0x10u << 4)             /* collision threshold */
#define TCTL_COLD (0x40u << 12)          /* collision distance, full duplex */
#define ICR_TXDW (1u << 0)
#define ICR_LSC (1u << 2)
#define ICR_RXDMT0 (1u << 4)
#define ICR_RXO (1u << 6)
#define ICR_RXT0 (1u << 7)

#define NUM_RX 64
#define NUM_TX 256
#define RX_BUF 2048                      /* RCTL.BSIZE 00: 2048-byte buffers */

struct rx_desc {
	u64 addr;
	u16 length;
	u16 csum;
	u8 status;                       /* DD 0x01, EOP 0x02 */
	u8 errors;
	u16 special;
} __attribute__((packed));

struct tx_desc {
	u64 addr;
	u16 length;
	u8 cso;
	u8 cmd;                          /* EOP 0x01, IFCS 0x02 (insert the CRC), RS 0x08 (report) */
	u8 status;                       /* DD 0x01 */
	u8 css;
	u16 special;
} __attribute__((packed));

#define RXD_DD 0x01
#define RXD_EOP 0x02
#define TXD_EOP 0x01
#define TXD_IFCS 0x02
#define TXD_RS 0x08
#define TXD_DD 0x01

struct e1000 {
	volatile u8 *regs;               /* BAR 0, ioremap'd */
	struct rx_desc *rx;              /* the rings: lowmem pages, known by physical address */
	struct tx_desc *tx;
	void *rx_buf[NUM_RX];            /* the buffer behind each receive descriptor */
	struct sk_buff *tx_skb[NUM_TX];  /* at a packet's last descriptor: the packet, until sent */
	u32 rx_next;                     /* the next receive descriptor to look at */
	u32 tx_next, tx_clean;           /* the next free transmit descriptor, the oldest in use */
	struct net_device dev;
};

static struct e1000 card;

static u32 rd(u32 reg)
{
	return *(volatile u32 *)(card.regs + reg);
}

static void wr(u32 reg, u32 v)
{
	*(volatile u32 *)(card.regs + reg) = v;
}

/* A DMA address: the physical address of kernel memory in the direct map. */
static u64 dma_addr(const void *va)
{
	return (u64)__pa(va);
}

/* The MAC address: from the receive-address registers the card loaded from its EEPROM. */
static void read_mac(u8 *mac)
{
	u32 lo = rd(RAL0), hi = rd(RAH0);

	if (!lo && !(hi & 0xffff)) {          /* not loaded: read the EEPROM's first three words */
		for (u32 i = 0; i < 3; i++) {
			wr(EERD, 1 | i << 8);
			u32 v;
			while (!((v = rd(EERD)) & (1u << 4)))
				cpu_relax();
			mac[2 * i] = (u8)(v >> 16);
			mac[2 * i + 1] = (u8)(v >> 24);
		}
		return;
	}
	for (int i = 0; i < 4; i++)
		mac[i] = (u8)(lo >> (8 * i));
	mac[4] = (u8)hi;
	mac[5] = (u8)(hi >> 8);
}

static int rx_init(void)
{
	card.rx = (struct rx_desc *)__get_free_page(GFP_KERNEL | __GFP_ZERO);
	if (!card.rx)
		return -ENOMEM;
	for (u32 i = 0; i < NUM_RX; i++) {
		card.rx_buf[i] = kmalloc(RX_BUF, GFP_KERNEL);   /* 2 KiB, within one page */
		if (!card.rx_buf[i])
			return -ENOMEM;
		card.rx[i].addr = dma_addr(card.rx_buf[i]);
	}
	wr(RDBAL, (u32)dma_addr(card.rx));
	wr(RDBAH, 0);
	wr(RDLEN, NUM_RX * sizeof(struct rx_desc));
	wr(RDH, 0);
	wr(RDT, NUM_RX - 1);                  /* every buffer but one is the card's */
	wr(RCTL, RCTL_EN | RCTL_BAM | RCTL_SECRC);
	return 0;
}

static int tx_init(void)
{
	card.tx = (struct tx_desc *)__get_free_page(GFP_KERNEL | __GFP_ZERO);
	if (!card.tx)
		return -ENOMEM;
	wr(TDBAL, (u32)dma_addr(card.tx));
	wr(TDBAH, 0);
	wr(TDLEN, NUM_TX * sizeof(struct tx_desc));
	wr(TDH, 0);
	wr(TDT, 0);
	wr(TIPG, 10 | 8 << 10 | 6 << 20);     /* the inter-packet gaps of IEEE 802.3 */
	wr(TCTL, TCTL_EN | TCTL_PSP | TCTL_CT | TCTL_COLD);
	return 0;
}

/* Free the packets whose last descriptor the card has written back (sent). */
static void e1000_tx_clean(void)
{
	while (card.tx_clean != card.tx_next) {
		u32 i = card.tx_clean;
		if (card.tx_skb[i]) {
			if (!(card.tx[i].status & TXD_DD))
				break;
			kfree_skb(card.tx_skb[i]);
			card.tx_skb[i] = NULL;
		}
		card.tx_clean = (i + 1) % NUM_TX;
	}
}

static void tx_put(u64 addr, u32 len, u8 cmd)
{
	struct tx_desc *d = &card.tx[card.tx_next];

	d->addr = addr;
	d->length = (u16)len;
	d->cmd = cmd | TXD_IFCS;
	d->status = 0;
	card.tx_next = (card.tx_next + 1) % NUM_TX;
}

/* One descriptor per piece: the linear part, then each page fragment where it lies. */
static int e1000_xmit(struct sk_buff *skb, struct net_device *dev)
{
	u32 need = 1 + skb->nr_frags, used = (card.tx_next - card.tx_clean + NUM_TX) % NUM_TX, last;

	(void)dev;
	if (used + need >= NUM_TX) {
		e1000_tx_clean();
		used = (card.tx_next - card.tx_clean + NUM_TX) % NUM_TX;
		if (used + need >= NUM_TX)
			return -EBUSY;
	}
	tx_put(dma_addr(skb->data), skb_headlen(skb), skb->nr_frags ? 0 : TXD_EOP | TXD_RS);
	for (u32 i = 0; i < skb->nr_frags; i++) {
		struct skb_frag *f = &skb->frags[i];
		tx_put(page_to_phys(f->page) + f->offset, f->size,
		       i + 1 == skb->nr_frags ? TXD_EOP | TXD_RS : 0);
	}
	last = (card.tx_next + NUM_TX - 1) % NUM_TX;
	card.tx_skb[last] = skb;              /* the card's reference, until DD */
	wr(TDT, card.tx_next);                /* the card starts fetching */
	return 0;
}

/* Hand every filled receive buffer to the stack, and give the card a fresh one for each. */
static void e1000_rx(void)
{
	for (;;) {
		u32 i = card.rx_next;
		struct rx_desc *d = &card.rx[i];
		void *fresh;

		if (!(d->status & RXD_DD))
			break;
		system_ioac.dma_bytes += d->length;       /* the card wrote it to memory */
		card.dev.stats.rx_packets++;
		card.dev.stats.rx_bytes += d->length;
		fresh = (d->status & RXD_EOP) && !d->errors ? kmalloc(RX_BUF, GFP_KERNEL) : NULL;
		if (fresh) {
			struct sk_buff *skb = build_skb(card.rx_buf[i], RX_BUF, d->length);
			if (skb) {
				skb->dev = &card.dev;
				card.rx_buf[i] = fresh;
				d->addr = dma_addr(fresh);
				netif_receive_skb(skb);
			} else {
				kfree(fresh);
				card.dev.stats.rx_dropped++;
			}
		} else {
			card.dev.stats.rx_errors++;       /* damaged, too long, or no memory: reuse */
		}
		d->status = 0;
		wr(RDT, i);                           /* this buffer is the card's again */
		card.rx_next = (i + 1) % NUM_RX;
	}
}

/* The thread "net" (net/dev.c), told by the interrupt: received frames up, sent packets freed. */
static void e1000_poll(struct net_device *dev)
{
	(void)dev;
	e1000_rx();
	e1000_tx_clean();
}

/* Reading ICR acknowledges the interrupt; the work is the thread's (e1000_poll). */
static void e1000_interrupt(struct pt_regs *regs)
{
	u32 cause = rd(ICR);

	(void)regs;
	if (cause & ICR_LSC) {
		card.dev.link_up = rd(STATUS) & STATUS_LU;
		pr_info("e1000: link %s\n", card.dev.link_up ? "up" : "down");
	}
	if (cause & (ICR_RXT0 | ICR_RXDMT0 | ICR_RXO | ICR_TXDW))
		netif_rx_schedule();
}

static int e1000_probe(struct pci_dev *pdev)
{
	u32 bar = pci_read_config32(pdev, PCI_BAR0);
	int err;

	if (bar & 1)
		return -ENODEV;                       /* BAR 0 should be memory */
	card.regs = ioremap(bar & ~0xfu, 128 * 1024);
	if (!card.regs)
		return -ENOMEM;
	pci_write_config16(pdev, PCI_COMMAND, pci_read_config16(pdev, PCI_COMMAND) | PCI_COMMAND_MEMORY);
	pci_set_master(pdev);                     /* the card reads and writes memory itself */
	wr(IMC, 0xffffffff);
	wr(CTRL, rd(CTRL) | CTRL_RST);
	for (int i = 0; i < 1000 && (rd(CTRL) & CTRL_RST); i++)
		cpu_relax();
	wr(IMC, 0xffffffff);
	wr(CTRL, rd(CTRL) | CTRL_SLU);
	for (u32 i = 0; i < 128; i++)
		wr(MTA + 4 * i, 0);
	read_mac(card.dev.dev_addr);
	wr(RAL0, card.dev.dev_addr[0] | card.dev.dev_addr[1] << 8 | card.dev.dev_addr[2] << 16 |
		 (u32)card.dev.dev_addr[3] << 24);
	wr(RAH0, card.dev.dev_addr[4] | card.dev.dev_addr[5] << 8 | 1u << 31);   /* AV: valid */
	if ((err = rx_init()) || (err = tx_init()))
		return err;
	card.dev.hw_features = NETIF_F_SG;
	card.dev.start_xmit = e1000_xmit;
	card.dev.poll = e1000_poll;
	card.dev.priv = &card;
	card.dev.link_up = rd(STATUS) & STATUS_LU;
	request_irq(pdev->irq, e1000_interrupt, "eth0");
	wr(IMS, ICR_RXT0 | ICR_RXDMT0 | ICR_RXO | ICR_TXDW | ICR_LSC);
	rd(ICR);
	pr_info("e1000: 82540EM at %02x:%02x.%u, registers at %#x (ioremap'd at %p), IRQ %u, link %s\n",
		pdev->bus, pdev->slot, pdev->func, bar & ~0xfu, (void *)card.regs, pdev->irq,
		card.dev.link_up ? "up" : "down");
	register_netdev(&card.dev);
	return 0;
}

void e1000_init(void)
{
	struct pci_dev pdev;
	int err;

	if (!pci_find_device(E1000_VENDOR, E1000_DEVICE, &pdev)) {
		pr_info("net: no network card (QEMU: -device e1000; make run NET=1)\n");
		return;
	}
	if ((err = e1000_probe(&pdev)))
		pr_err("e1000: not started (error %d)\n", err);
}
