/*
 * Network devices (net/dev.c): a card as the stack sees it, Linux's struct net_device. A driver
 * fills one in and registers it; the stack hands it packets (dev_queue_xmit) and it hands the
 * stack what it receives (netif_receive_skb, from its poll, which the thread "net" runs).
 *
 * There is one interface, eth0, configured as QEMU's user networking expects: 10.0.2.15/24 with
 * the gateway (the host) at 10.0.2.2. Linux's ip= command-line word changes it:
 *   ip=CLIENT::GATEWAY:NETMASK     e.g. ip=10.0.2.15::10.0.2.2:255.255.255.0
 */
#pragma once
#include <types.h>

struct sk_buff;
struct seq_buf;

#define IFNAMSIZ 16
#define ETH_ALEN 6
#define ETH_HLEN 14
#define ETH_P_IP 0x0800
#define ETH_P_ARP 0x0806
#define ETH_DATA_LEN 1500                 /* the MTU of Ethernet */

#define NETIF_F_SG 0x1                    /* scatter-gather: a packet from several places in memory */

struct net_device_stats {                 /* /proc/net/dev's columns */
	u64 rx_packets, rx_bytes, rx_errors, rx_dropped;
	u64 tx_packets, tx_bytes, tx_errors, tx_dropped;
};

struct net_device {
	char name[IFNAMSIZ];              /* "eth0" */
	u8 dev_addr[ETH_ALEN];            /* the card's MAC address */
	u32 mtu;
	u32 features;                     /* NETIF_F_* switched on (ethtool -K sg on|off) */
	u32 hw_features;                  /* ... that the card can do */
	u32 ip_addr, netmask, gateway;    /* IPv4, network byte order */
	bool link_up;
	/*
	 * Start sending skb (its linear part and, with NETIF_F_SG, each fragment where it lies):
	 * 0, the card holds a reference until its DMA is done; -EBUSY: no room in the ring.
	 * Called with interrupts off.
	 */
	int (*start_xmit)(struct sk_buff *skb, struct net_device *dev);
	/* Take what the card has received to the stack, and free what it has sent. Thread "net". */
	void (*poll)(struct net_device *dev);
	struct net_device_stats stats;
	void *priv;                       /* the driver's */
};

/* The interface: eth0, or NULL when there is no card. */
extern struct net_device *netdev;

/* A driver's card is ready: name it, give it its address, let the stack use it. */
void register_netdev(struct net_device *dev);
/*
 * Send a packet whose Ethernet header is already in front: linearized first if it has fragments
 * and the card cannot gather (a TCP segment built while it could, resent after `ethtool -K eth0
 * sg off`). Takes the caller's reference. 0 or -errno (the packet is dropped:
 * TCP sends it again, UDP's caller learns ENOBUFS).
 */
int dev_queue_xmit(struct sk_buff *skb);
/* A received frame, Ethernet header first: to ARP or IP. Takes the reference. Thread "net". */
void netif_receive_skb(struct sk_buff *skb);
/*
 * From the card's interrupt handler: there is work (frames received, packets sent). The
 * handler does nothing else: the kernel thread "net" polls the card and runs the protocols, as
 * Linux's NAPI and softirqs do, so no interrupt handler allocates or walks a socket.
 */
void netif_rx_schedule(void);
/* After init exists (it takes pid 1): start the thread "net" if there is a card. */
void net_thread_start(void);
/* /proc/net/dev, in Linux's layout. */
void show_net_dev(struct seq_buf *s);
/* The network stack's start at boot: the protocols, then the card (drivers/e1000.c). */
void net_init(void);
/* The e1000 driver: find the card on the PCI bus and register it (drivers/e1000.c). */
void e1000_init(void);

