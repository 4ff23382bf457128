/*
 * UDP (RFC 768): datagrams, each sent whole in one IP packet or not at all, with ports and a
 * checksum. A datagram for a port nobody has bound is answered with ICMP "port unreachable".
 * Datagrams larger than one frame (1472 bytes of payload) are refused with EMSGSIZE: this
 * kernel does not fragment.
 */
#include <net/sock.h>
#include <fs/fs.h>
#include <kernel/seq_buf.h>
#include <net/ip.h>
#include <net/netdevice.h>
#include <kernel/string.h>
#include <kernel/uaccess.h>
#include <linux/errno.h>
#include <asm/x86.h>

#define UDP_MAX_PAYLOAD (ETH_DATA_LEN - 20 - 8)
#define UDP_RCVBUF (208 * 1024)                  /* Linux's net.core.rmem_default */

static struct list_head udp_socks = LIST_HEAD_INIT(udp_socks);

static int udp_get_port(struct sock *sk, u16 port)
{
	static u16 next = PORT_LOW;

	return inet_get_port(&udp_socks, &next, sk, port);
}

void udp_rcv(struct sk_buff *skb)
{
	struct iphdr *iph = (struct iphdr *)skb->network_header;
	struct udphdr *uh = (struct udphdr *)skb->data;
	struct sock *sk, *found = NULL;
	u32 len;

	if (skb_headlen(skb) < sizeof(*uh) || (len = ntohs(uh->len)) < sizeof(*uh) || len > skb->len ||
	    (uh->check && tcp_udp_checksum(skb, 0, len, iph->saddr, iph->daddr, IPPROTO_UDP) != 0)) {
		ip_mib.UdpInErrors++;
		goto drop;
	}
	skb_trim(skb, len);
	list_for_each_entry(sk, &udp_socks, node)
		if (sk->sport == uh->dest && (!sk->saddr || sk->saddr == iph->daddr) &&
		    (!sk->daddr || (sk->daddr == iph->saddr && sk->dport == uh->source)))
			found = sk;
	if (!found) {
		ip_mib.UdpNoPorts++;
		icmp_send_unreach(skb, ICMP_PORT_UNREACH);
		goto drop;
	}
	if (found->receive_queue.bytes + len > found->rcvbuf) {
		ip_mib.UdpInErrors++;                     /* the receiver is not keeping up */
		goto drop;
	}
	skb->saddr = iph->saddr;
	skb->sport = uh->source;
	skb_pull(skb, sizeof(*uh));
	skb_queue_tail(&found->receive_queue, skb);
	ip_mib.UdpInDatagrams++;
	sock_wake(found);
	return;
drop:
	kfree_skb(skb);
}

static int udp_connect(struct sock *sk, u32 daddr, u16 dport, bool nonblock)
{
	u32 flags = local_irq_save();
	int err = 0;

	(void)nonblock;
	if (!sk->hashed)
		err = udp_get_port(sk, 0);
	if (!err) {
		sk->daddr = daddr;
		sk->dport = dport;
	}
	local_irq_restore(flags);
	return err;
}

static long udp_sendmsg(struct sock *sk, const char *ubuf, size_t n, u32 daddr, u16 dport, int flags)
{
	struct sk_buff *skb;
	struct udphdr *uh;
	u32 irq, saddr;
	int err;

	(void)flags;
	if (!daddr) {
		if (!sk->dport)
			return -EDESTADDRREQ;
		daddr = sk->daddr;
		dport = sk->dport;
	}
	if (n > UDP_MAX_PAYLOAD)
		return -EMSGSIZE;
	if (!netdev || !(saddr = sk->saddr ? sk->saddr : ip_route_source(daddr)))
		return -ENETUNREACH;
	irq = local_irq_save();
	err = sk->hashed ? 0 : udp_get_port(sk, 0);
	local_irq_restore(irq);
	if (err)
		return err;
	skb = alloc_skb(MAX_HEADER, sizeof(*uh) + n);
	if (!skb)
		return -ENOBUFS;
	uh = skb_put(skb, sizeof(*uh));
	if (copy_from_user(skb_put(skb, (u32)n), ubuf, n)) {
		kfree_skb(skb);
		return -EFAULT;
	}
	uh->source = sk->sport;
	uh->dest = dport;
	uh->len = htons((u16)(sizeof(*uh) + n));
	uh->check = 0;
	uh->check = tcp_udp_checksum(skb, 0, skb->len, saddr, daddr, IPPROTO_UDP);
	if (!uh->check)
		uh->check = 0xffff;                       /* 0 means "no checksum" */
	ip_mib.UdpOutDatagrams++;
	irq = local_irq_save();
	err = ip_queue_xmit(skb, saddr, daddr, IPPROTO_UDP);
	local_irq_restore(irq);
	return err ? err : (long)n;
}

static long udp_recvmsg(struct sock *sk, char *ubuf, size_t n, int flags, u32 *saddr, u16 *sport)
{
	u32 irq = local_irq_save();
	struct sk_buff *skb;
	long ret;
	int err;

	while (!(skb = skb_peek(&sk->receive_queue))) {
		if (sk->shutdown & RCV_SHUTDOWN) {
			local_irq_restore(irq);
			return 0;
		}
		if ((flags & MSG_DONTWAIT) || (err = sk_wait(sk, sk->rcvtimeo))) {
			local_irq_restore(irq);
			return (flags & MSG_DONTWAIT) ? -EAGAIN : err;
		}
	}
	if (!(flags & MSG_PEEK))
		skb_dequeue(&sk->receive_queue);
	else
		skb_get(skb);
	local_irq_restore(irq);
	if (saddr) {
		*saddr = skb->saddr;
		*sport = skb->sport;
	}
	/* a datagram is read whole: what does not fit is lost (MSG_TRUNC: its real length) */
	ret = copy_to_user(ubuf, skb->data, min(n, (size_t)skb->len)) ? -EFAULT
	      : (flags & MSG_TRUNC) ? (long)skb->len : (long)min(n, (size_t)skb->len);
	kfree_skb(skb);
	return ret;
}

static int udp_shutdown(struct sock *sk, int how)
{
	if (!sk->dport)
		return -ENOTCONN;
	if (how != 1)
		sk->shutdown |= RCV_SHUTDOWN;
	if (how != 0)
		sk->shutdown |= SEND_SHUTDOWN;
	sock_wake(sk);
	return 0;
}

static unsigned udp_poll(struct sock *sk)
{
	unsigned mask = POLLOUT | POLLWRNORM;

	if (sk->receive_queue.qlen || (sk->shutdown & RCV_SHUTDOWN))
		mask |= POLLIN | POLLRDNORM;
	return mask;
}

static void udp_close(struct sock *sk)
{
	u32 irq = local_irq_save();

	skb_queue_purge(&sk->receive_queue);
	inet_unhash(sk);
	local_irq_restore(irq);
}

struct proto udp_prot = {
	.name = "UDP",
	.type = SOCK_DGRAM,
	.connect = udp_connect,
	.sendmsg = udp_sendmsg,
	.recvmsg = udp_recvmsg,
	.shutdown = udp_shutdown,
	.poll = udp_poll,
	.close = udp_close,
	.get_port = udp_get_port,
};

void udp_sock_init(struct sock *sk)
{
	sk->rcvbuf = UDP_RCVBUF;
	sk->sndbuf = UDP_RCVBUF;
}

void show_udp(struct seq_buf *s)
{
	show_inet_socks(s, &udp_socks, false);
}
