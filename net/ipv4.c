/*
 * IPv4 (RFC 791): checking a received packet's header and handing it to its protocol; putting
 * a header in front of an outgoing one and choosing its next hop (the peer itself on our
 * subnet, the gateway otherwise). Fragments are not reassembled: every packet sent here fits
 * one frame (TCP's segments are cut to the MTU), and a fragment received is dropped and counted.
 */
#include <net/ip.h>
#include <net/netdevice.h>
#include <net/skbuff.h>
#include <kernel/seq_buf.h>
#include <kernel/string.h>
#include <linux/errno.h>

struct ip_mib ip_mib;
static u16 ip_next_id = 1;

bool ip_is_local(u32 addr)
{
	/*
	 * With no interface at all, Linux has no table of local addresses yet and lets a socket
	 * bind to any address (it can send nowhere anyway); so does this.
	 */
	return addr == 0 || !netdev || addr == netdev->ip_addr;
}

u32 ip_route_source(u32 daddr)
{
	(void)daddr;                          /* one interface, and the gateway behind it */
	return netdev ? netdev->ip_addr : 0;
}

/* The next hop for daddr: itself on our subnet (or a broadcast), the gateway otherwise. */
static u32 ip_nexthop(u32 daddr)
{
	if (daddr == 0xffffffff || (daddr & netdev->netmask) == (netdev->ip_addr & netdev->netmask))
		return daddr;
	return netdev->gateway;
}

int ip_queue_xmit(struct sk_buff *skb, u32 saddr, u32 daddr, u8 protocol)
{
	struct iphdr *iph;

	if (!netdev || !ip_route_source(daddr)) {
		ip_mib.OutNoRoutes++;
		kfree_skb(skb);
		return -ENETUNREACH;
	}
	iph = skb_push(skb, sizeof(*iph));
	skb->network_header = (unsigned char *)iph;
	iph->ihl_version = 0x45;
	iph->tos = 0;
	iph->tot_len = htons((u16)skb->len);
	iph->id = htons(ip_next_id++);
	iph->frag_off = htons(IP_DF);         /* path MTU discovery, as Linux sets it for TCP */
	iph->ttl = 64;
	iph->protocol = protocol;
	iph->check = 0;
	iph->saddr = saddr ? saddr : netdev->ip_addr;
	iph->daddr = daddr;
	iph->check = csum_fold(csum_partial(iph, sizeof(*iph), 0));
	skb->dev = netdev;
	ip_mib.OutRequests++;
	return arp_output(skb, ip_nexthop(daddr));
}

/* Is the header whole and sound: version, length, checksum? Then its length; else 0. */
static u32 ip_header_ok(struct sk_buff *skb)
{
	struct iphdr *iph = (struct iphdr *)skb->data;
	u32 ihl;

	if (skb_headlen(skb) < sizeof(*iph) || (iph->ihl_version >> 4) != 4)
		return 0;
	ihl = (iph->ihl_version & 15) * 4u;
	if (ihl < sizeof(*iph) || ihl > skb_headlen(skb) || ntohs(iph->tot_len) < ihl ||
	    ntohs(iph->tot_len) > skb->len || csum_fold(csum_partial(iph, ihl, 0)) != 0)
		return 0;
	return ihl;
}

void ip_rcv(struct sk_buff *skb)
{
	struct iphdr *iph = (struct iphdr *)skb->data;
	u32 ihl = ip_header_ok(skb);

	ip_mib.InReceives++;
	if (!ihl) {
		ip_mib.InHdrErrors++;                 /* truncated, or not a sound IPv4 header */
		goto drop;
	}
	if (!ip_is_local(iph->daddr) && iph->daddr != 0xffffffff) {
		ip_mib.InAddrErrors++;
		goto drop;
	}
	if (ntohs(iph->frag_off) & (IP_MF | IP_OFFSET)) {
		ip_mib.InHdrErrors++;                 /* a fragment: not reassembled here */
		goto drop;
	}
	skb_trim(skb, ntohs(iph->tot_len));       /* Ethernet pads short frames */
	skb->network_header = skb->data;
	skb_pull(skb, ihl);
	skb->transport_header = skb->data;
	ip_mib.InDelivers++;
	switch (iph->protocol) {
	case IPPROTO_ICMP:
		icmp_rcv(skb);
		return;
	case IPPROTO_UDP:
		udp_rcv(skb);
		return;
	case IPPROTO_TCP:
		tcp_v4_rcv(skb);
		return;
	}
	ip_mib.InUnknownProtos++;
drop:
	kfree_skb(skb);
}

void show_net_snmp(struct seq_buf *s)
{
	const struct ip_mib *m = &ip_mib;

	seq_buf_printf(s, "Ip: InReceives InHdrErrors InAddrErrors InUnknownProtos InDelivers OutRequests OutNoRoutes\n"
		       "Ip: %llu %llu %llu %llu %llu %llu %llu\n", m->InReceives, m->InHdrErrors,
		       m->InAddrErrors, m->InUnknownProtos, m->InDelivers, m->OutRequests, m->OutNoRoutes);
	seq_buf_printf(s, "Icmp: InMsgs InErrors InEchos OutMsgs OutEchoReps OutDestUnreachs\n"
		       "Icmp: %llu %llu %llu %llu %llu %llu\n", m->IcmpInMsgs, m->IcmpInErrors,
		       m->IcmpInEchos, m->IcmpOutMsgs, m->IcmpOutEchoReps, m->IcmpOutDestUnreachs);
	seq_buf_printf(s, "Tcp: ActiveOpens PassiveOpens AttemptFails EstabResets InSegs OutSegs RetransSegs InErrs OutRsts\n"
		       "Tcp: %llu %llu %llu %llu %llu %llu %llu %llu %llu\n", m->TcpActiveOpens,
		       m->TcpPassiveOpens, m->TcpAttemptFails, m->TcpEstabResets, m->TcpInSegs,
		       m->TcpOutSegs, m->TcpRetransSegs, m->TcpInErrs, m->TcpOutRsts);
	seq_buf_printf(s, "Udp: InDatagrams NoPorts InErrors OutDatagrams\n"
		       "Udp: %llu %llu %llu %llu\n", m->UdpInDatagrams, m->UdpNoPorts, m->UdpInErrors,
		       m->UdpOutDatagrams);
}
