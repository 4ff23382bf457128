/*
 * ARP (RFC 826): which Ethernet address has this IPv4 address? A small table of answers (the
 * neighbour cache, "ip neigh"), each learned from a reply or a request that names us. A packet
 * for a hop whose address is not known yet waits (one per hop) while a request is out; requests
 * are repeated each second, three times, then the packet is dropped.
 */
#include <net/ip.h>
#include <net/netdevice.h>
#include <net/skbuff.h>
#include <kernel/seq_buf.h>
#include <kernel/string.h>
#include <kernel/vsprintf.h>
#include <kernel/time.h>
#include <linux/errno.h>

#define ARP_TABLE 16
#define ARP_RETRIES 3
#define ARPOP_REQUEST 1
#define ARPOP_REPLY 2

struct neighbour {
	u32 ip;                           /* 0: a free entry */
	u8 ha[ETH_ALEN];
	bool valid;                       /* ha is known */
	struct sk_buff *pending;          /* a packet waiting for ha */
	u32 asked_at;                     /* jiffies of the last request */
	int tries;
	u32 used_at;                      /* for replacing the oldest */
};

static struct neighbour arp_table[ARP_TABLE];
static const u8 eth_broadcast[ETH_ALEN] = { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff };

static struct neighbour *neigh_lookup(u32 ip, bool create)
{
	struct neighbour *oldest = &arp_table[0];

	for (int i = 0; i < ARP_TABLE; i++) {
		if (arp_table[i].ip == ip)
			return &arp_table[i];
		if (arp_table[i].used_at < oldest->used_at || !arp_table[i].ip)
			oldest = &arp_table[i];
	}
	if (!create)
		return NULL;
	kfree_skb(oldest->pending);
	memset(oldest, 0, sizeof(*oldest));
	oldest->ip = ip;
	return oldest;
}

/* Put the Ethernet header in front and hand the frame to the card. */
static int eth_send(struct sk_buff *skb, const u8 *dest, u16 proto)
{
	struct ethhdr *eth = skb_push(skb, ETH_HLEN);

	memcpy(eth->h_dest, dest, ETH_ALEN);
	memcpy(eth->h_source, netdev->dev_addr, ETH_ALEN);
	eth->h_proto = htons(proto);
	skb->dev = netdev;
	return dev_queue_xmit(skb);
}

static void arp_send(u16 op, u32 tip, const u8 *tha, const u8 *dest)
{
	struct sk_buff *skb = alloc_skb(ETH_HLEN, sizeof(struct arphdr));
	struct arphdr *arp;

	if (!skb)
		return;
	arp = skb_put(skb, sizeof(*arp));
	arp->ar_hrd = htons(1);
	arp->ar_pro = htons(ETH_P_IP);
	arp->ar_hln = ETH_ALEN;
	arp->ar_pln = 4;
	arp->ar_op = htons(op);
	memcpy(arp->ar_sha, netdev->dev_addr, ETH_ALEN);
	arp->ar_sip = netdev->ip_addr;
	memcpy(arp->ar_tha, tha, ETH_ALEN);
	arp->ar_tip = tip;
	eth_send(skb, dest, ETH_P_ARP);
}

static void arp_solicit(struct neighbour *n)
{
	static const u8 zero[ETH_ALEN];

	n->asked_at = jiffies;
	n->tries++;
	arp_send(ARPOP_REQUEST, n->ip, zero, eth_broadcast);
}

int arp_output(struct sk_buff *skb, u32 nexthop)
{
	struct neighbour *n;

	if (nexthop == 0xffffffff)
		return eth_send(skb, eth_broadcast, ETH_P_IP);
	n = neigh_lookup(nexthop, true);
	n->used_at = jiffies;
	if (n->valid)
		return eth_send(skb, n->ha, ETH_P_IP);
	kfree_skb(n->pending);                    /* the newest waits: TCP sends the rest again */
	n->pending = skb;
	if (!n->tries)
		arp_solicit(n);
	return 0;
}

void arp_rcv(struct sk_buff *skb)
{
	struct arphdr *arp = (struct arphdr *)skb->data;
	struct neighbour *n;

	if (skb_headlen(skb) < sizeof(*arp) || arp->ar_hrd != htons(1) || arp->ar_pro != htons(ETH_P_IP) ||
	    arp->ar_hln != ETH_ALEN || arp->ar_pln != 4 || !netdev) {
		if (netdev)
			netdev->stats.rx_errors++;
		goto out;
	}
	/* learn the sender: from any packet about an address we keep, or one that asks for us */
	n = neigh_lookup(arp->ar_sip, arp->ar_tip == netdev->ip_addr);
	if (n && arp->ar_sip) {
		memcpy(n->ha, arp->ar_sha, ETH_ALEN);
		n->valid = true;
		n->used_at = jiffies;
		if (n->pending) {
			struct sk_buff *p = n->pending;
			n->pending = NULL;
			eth_send(p, n->ha, ETH_P_IP);
		}
	}
	if (arp->ar_op == htons(ARPOP_REQUEST) && arp->ar_tip == netdev->ip_addr)
		arp_send(ARPOP_REPLY, arp->ar_sip, arp->ar_sha, arp->ar_sha);
out:
	kfree_skb(skb);
}

void arp_tick(void)
{
	for (int i = 0; i < ARP_TABLE; i++) {
		struct neighbour *n = &arp_table[i];
		if (!n->ip || n->valid || !n->pending || jiffies - n->asked_at < HZ)
			continue;
		if (n->tries >= ARP_RETRIES) {
			kfree_skb(n->pending);        /* no answer: the host is not there */
			n->pending = NULL;
			n->tries = 0;
		} else {
			arp_solicit(n);
		}
	}
}

bool arp_timers_pending(void)
{
	for (int i = 0; i < ARP_TABLE; i++)
		if (arp_table[i].ip && !arp_table[i].valid && arp_table[i].pending)
			return true;
	return false;
}

/* /proc/net/arp, Linux's layout. */
void show_arp(struct seq_buf *s)
{
	seq_buf_printf(s, "IP address       HW type     Flags       HW address            Mask     Device\n");
	for (int i = 0; i < ARP_TABLE; i++) {
		struct neighbour *n = &arp_table[i];
		char ip[16];
		if (!n->ip)
			continue;
		snprintf(ip, sizeof(ip), IPV4_FMT, IPV4_ARGS(n->ip));
		seq_buf_printf(s, "%-16s 0x1         0x%x         %02x:%02x:%02x:%02x:%02x:%02x     *        %s\n",
			       ip, n->valid ? 2 : 0, n->ha[0], n->ha[1], n->ha[2], n->ha[3], n->ha[4], n->ha[5],
			       netdev->name);
	}
}
