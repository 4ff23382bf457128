/*
 * Network devices (include/net/netdevice.h): the interface's configuration, sending a frame
 * through its card, and handing a received one to the protocol its Ethernet type names.
 */
#include <net/netdevice.h>
#include <net/skbuff.h>
#include <net/ip.h>
#include <kernel/cmdline.h>
#include <kernel/printk.h>
#include <kernel/seq_buf.h>
#include <kernel/string.h>
#include <kernel/task_io_accounting.h>
#include <linux/errno.h>
#include <asm/x86.h>
#include <kernel/sched.h>
#include <kernel/time.h>

struct net_device *netdev;

/* QEMU's user networking: the guest 10.0.2.15, the host's gateway 10.0.2.2, a /24. */
static u32 conf_addr = IPV4(10, 0, 2, 15), conf_gateway = IPV4(10, 0, 2, 2),
	   conf_netmask = IPV4(255, 255, 255, 0);

/* One dotted quad into *out (network order); the text after it in *end. */
static int parse_ipv4(const char *s, const char **end, u32 *out)
{
	u32 v = 0;

	for (int i = 0; i < 4; i++) {
		unsigned long part = 0;
		int digits = 0;
		while (*s >= '0' && *s <= '9' && digits < 4)
			part = part * 10 + (unsigned long)(*s++ - '0'), digits++;
		if (!digits || part > 255 || (i < 3 && *s++ != '.'))
			return -1;
		v = v << 8 | (u32)part;
	}
	*out = htonl(v);
	*end = s;
	return 0;
}

/* ip=CLIENT::GATEWAY:NETMASK (Linux's nfsroot spelling; the server field is not used). */
static int parse_ip(const char *val)
{
	const char *p;
	u32 addr, gw, mask;

	if (!val || parse_ipv4(val, &p, &addr) || *p++ != ':' || *p++ != ':' ||
	    parse_ipv4(p, &p, &gw) || *p++ != ':' || parse_ipv4(p, &p, &mask) || *p)
		return -1;
	conf_addr = addr;
	conf_gateway = gw;
	conf_netmask = mask;
	return 0;
}
__setup("ip", parse_ip, "CLIENT::GATEWAY:NETMASK, such as ip=10.0.2.15::10.0.2.2:255.255.255.0");

/* The prefix length of a netmask: 255.255.255.0 is /24. */
static int prefix_len(u32 netmask)
{
	int n = 0;

	for (u32 m = ntohl(netmask); m & 0x80000000u; m <<= 1)
		n++;
	return n;
}

void register_netdev(struct net_device *dev)
{
	strlcpy(dev->name, "eth0", sizeof(dev->name));
	dev->mtu = ETH_DATA_LEN;
	dev->features = dev->hw_features;
	dev->ip_addr = conf_addr;
	dev->gateway = conf_gateway;
	dev->netmask = conf_netmask;
	netdev = dev;
	pr_info("%s: " IPV4_FMT "/%d, gateway " IPV4_FMT ", MAC %02x:%02x:%02x:%02x:%02x:%02x%s\n",
		dev->name, IPV4_ARGS(dev->ip_addr), prefix_len(dev->netmask),
		IPV4_ARGS(dev->gateway), dev->dev_addr[0], dev->dev_addr[1], dev->dev_addr[2],
		dev->dev_addr[3], dev->dev_addr[4], dev->dev_addr[5],
		(dev->features & NETIF_F_SG) ? ", scatter-gather" : "");
}

int dev_queue_xmit(struct sk_buff *skb)
{
	struct net_device *dev = skb->dev;
	u32 flags, len;
	int err;

	if (skb->nr_frags && !(dev->features & NETIF_F_SG) && skb_linearize(skb)) {
		dev->stats.tx_dropped++;
		kfree_skb(skb);
		return -ENOMEM;
	}
	len = skb->len;
	flags = local_irq_save();
	err = dev->link_up ? dev->start_xmit(skb, dev) : -ENETDOWN;
	if (err) {
		dev->stats.tx_dropped++;
		kfree_skb(skb);
	} else {
		dev->stats.tx_packets++;
		dev->stats.tx_bytes += len;
		ioac_add_dma(len);                  /* the card reads the packet from memory itself */
	}
	local_irq_restore(flags);
	return err;
}

void netif_receive_skb(struct sk_buff *skb)
{
	struct ethhdr *eth = (struct ethhdr *)skb->data;

	if (!skb_pull(skb, ETH_HLEN)) {
		skb->dev->stats.rx_errors++;              /* shorter than its own header */
		kfree_skb(skb);
		return;
	}
	skb->protocol = ntohs(eth->h_proto);
	if (skb->protocol == ETH_P_ARP)
		arp_rcv(skb);
	else if (skb->protocol == ETH_P_IP)
		ip_rcv(skb);
	else
		kfree_skb(skb);                          /* IPv6 and the rest: not spoken here */
}

void show_net_dev(struct seq_buf *s)
{
	struct net_device_stats *st;

	seq_buf_printf(s, "Inter-|   Receive                                                |  Transmit\n"
		       " face |bytes    packets errs drop fifo frame compressed multicast|"
		       "bytes    packets errs drop fifo colls carrier compressed\n");
	if (!netdev)
		return;
	st = &netdev->stats;
	seq_buf_printf(s, "%6s: %7llu %7llu %4llu %4llu %4u %5u %10u %9u %8llu %7llu %4llu %4llu %4u %5u %7u %10u\n",
		       netdev->name, st->rx_bytes, st->rx_packets, st->rx_errors, st->rx_dropped, 0, 0, 0, 0,
		       st->tx_bytes, st->tx_packets, st->tx_errors, st->tx_dropped, 0, 0, 0, 0);
}

void net_init(void)
{
	e1000_init();
}

/*
 * The thread "net": everything the network does that no system call asked for. It sleeps until
 * the card's interrupt says there is work, or, while a timer runs (a segment to resend, an ARP
 * request to repeat, a TIME_WAIT to end), until the next tick; then it polls the card and runs
 * the timers. A task, not an interrupt: it may allocate, and socket state changes only in tasks.
 */
static volatile bool rx_pending;
static char net_chan;
static struct task_struct *net_task;

void netif_rx_schedule(void)
{
	rx_pending = true;
	wake_up(&net_chan);
}

static int net_thread(void *arg)
{
	u32 last_tick = jiffies;

	(void)arg;
	for (;;) {
		u32 flags = local_irq_save();
		while (!rx_pending) {
			bool timers = net_timers_pending();
			if (timers && jiffies != last_tick)
				break;
			current->wake_jiffies = timers ? jiffies + 1 : 0;   /* a timer runs: the next tick */
			sleep_on(&net_chan);
		}
		rx_pending = false;
		local_irq_restore(flags);
		netdev->poll(netdev);
		if (jiffies != last_tick) {
			last_tick = jiffies;
			arp_tick();
			tcp_tick();
		}
	}
	return 0;
}

void net_thread_start(void)
{
	if (netdev && !net_task && !(net_task = kthread_run(net_thread, NULL, "net")))
		pr_err("net: no thread: the card's packets will not be received\n");
}
