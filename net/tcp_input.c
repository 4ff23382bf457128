/*
 * TCP's receiving side (net/tcp.h): each segment checked and matched to a connection or a
 * listener; a SYN to a listener makes a connection in SYN_RECV; the reply to our SYN completes
 * the handshake; then ACKs move snd_una forward and free the write queue, data in order is
 * queued as it came (the buffer itself), a FIN closes the peer's side, a RST ends it all. The
 * thread "net" runs this for every segment the card receives.
 */
#include "tcp.h"
#include <fs/fs.h>
#include <kernel/seq_buf.h>
#include <net/ip.h>
#include <net/netdevice.h>
#include <kernel/sched.h>
#include <kernel/signal.h>
#include <kernel/string.h>
#include <kernel/time.h>
#include <kernel/uaccess.h>
#include <kernel/task_io_accounting.h>
#include <linux/errno.h>
#include <mm/highmem.h>
#include <asm/x86.h>


/* ---------------------------------------------------------------- receiving */

/* The MSS option of a SYN, or the default. */
static u16 tcp_parse_mss(const struct tcphdr *th, u32 hlen)
{
	const u8 *opt = (const u8 *)(th + 1), *end = (const u8 *)th + hlen;

	while (opt < end && *opt != 0) {
		if (*opt == 1) {
			opt++;
			continue;
		}
		if (opt + 1 >= end || opt[1] < 2 || opt + opt[1] > end)
			break;
		if (opt[0] == 2 && opt[1] == 4)
			return (u16)min((u32)(opt[2] << 8 | opt[3]), (u32)TCP_MSS_OURS);
		opt += opt[1];
	}
	return TCP_MSS_DEFAULT;
}

/* A SYN to a listener: a new connection in SYN_RECV, answered with SYN-ACK. */
static void tcp_listen_rcv(struct sock *lsk, struct sk_buff *skb, struct tcphdr *th, u32 hlen)
{
	struct iphdr *iph = (struct iphdr *)skb->network_header;
	struct sock *sk;

	if (th->flags & TCPF_RST)
		return;
	if ((th->flags & TCPF_ACK) || !(th->flags & TCPF_SYN)) {
		tcp_send_reset(skb);
		return;
	}
	if (lsk->acceptq_len + lsk->synq_len >= lsk->backlog)
		return;                               /* full: the peer's SYN will come again */
	sk = sk_alloc(&tcp_prot, SOCK_STREAM, IPPROTO_TCP);
	if (!sk)
		return;
	tcp_init_sock(sk);
	sk->saddr = iph->daddr;
	sk->daddr = iph->saddr;
	sk->dport = th->source;
	sk->sport = lsk->sport;
	sk->rcv_nxt = ntohl(th->seq) + 1;
	sk->snd_wnd = ntohs(th->window);
	sk->mss = tcp_parse_mss(th, hlen);
	sk->parent = lsk;
	sk->uid = lsk->uid;
	sk->state = TCP_SYN_RECV;
	lsk->synq_len++;
	list_add_tail(&sk->node, &tcp_socks);     /* the table's reference is sk_alloc's */
	sk->hashed = true;
	ip_mib.TcpPassiveOpens++;
	tcp_send_flags(sk, TCPF_SYN);
}

/* A reply to our SYN. */
static void tcp_syn_sent_rcv(struct sock *sk, struct tcphdr *th, u32 hlen)
{
	u32 ack = ntohl(th->ack_seq);

	if ((th->flags & TCPF_ACK) && ack != sk->snd_nxt) {
		if (!(th->flags & TCPF_RST))
			tcp_send_bare(sk, ack, TCPF_RST);
		return;
	}
	if (th->flags & TCPF_RST) {
		if (th->flags & TCPF_ACK) {
			ip_mib.TcpAttemptFails++;
			tcp_done(sk, ECONNREFUSED);   /* nothing listens there */
		}
		return;
	}
	if (!(th->flags & TCPF_SYN) || !(th->flags & TCPF_ACK))
		return;                               /* simultaneous open: not handled */
	sk->rcv_nxt = ntohl(th->seq) + 1;
	sk->snd_wnd = ntohs(th->window);
	sk->mss = tcp_parse_mss(th, hlen);
	skb_queue_purge(&sk->write_queue);        /* the SYN is acknowledged */
	sk->snd_una = ack;
	sk->rtx_at = 0;
	sk->retries = 0;
	tcp_set_state(sk, TCP_ESTABLISHED);
	tcp_send_ack(sk);
}

/* The peer acknowledged up to ack: free what it has, restart the timer. */
static void tcp_ack(struct sock *sk, u32 ack, u16 window)
{
	struct sk_buff *skb;

	if (after(ack, sk->snd_nxt) || before(ack, sk->snd_una))
		return;                               /* old, or for what was never sent */
	sk->snd_wnd = window;
	if (ack == sk->snd_una)
		goto wake;
	sk->snd_una = ack;
	while ((skb = skb_peek(&sk->write_queue)) && !after(skb->end_seq, ack)) {
		skb_dequeue(&sk->write_queue);
		kfree_skb(skb);
	}
	sk->rto = max(sk->rto / 2, (u32)TCP_RTO_MIN);     /* progress: back toward the minimum */
	sk->retries = 0;
	sk->rtx_at = skb_peek(&sk->write_queue) ? jiffies + sk->rto : 0;
wake:
	sock_wake(sk);
}

/* Our FIN, if sent, is acknowledged. */
static bool tcp_fin_acked(struct sock *sk)
{
	return (sk->shutdown & SEND_SHUTDOWN) && sk->snd_una == sk->snd_nxt;
}

static void tcp_rcv_fin(struct sock *sk)
{
	sk->rcv_nxt++;
	sk->shutdown |= RCV_SHUTDOWN;
	if (sk->state == TCP_ESTABLISHED || sk->state == TCP_SYN_RECV)
		tcp_set_state(sk, TCP_CLOSE_WAIT);
	else if (sk->state == TCP_FIN_WAIT1)
		tcp_set_state(sk, tcp_fin_acked(sk) ? TCP_TIME_WAIT : TCP_CLOSING);
	else if (sk->state == TCP_FIN_WAIT2)
		tcp_set_state(sk, TCP_TIME_WAIT);
	if (sk->state == TCP_TIME_WAIT)
		sk->timewait_at = jiffies + TCP_TIMEWAIT_LEN;
	sock_wake(sk);
}

/* What an ACK moves forward once the connection exists. */
static void tcp_ack_state(struct sock *sk)
{
	struct sock *parent = sk->parent;

	if (sk->state == TCP_SYN_RECV && sk->snd_una == sk->snd_nxt) {
		tcp_set_state(sk, TCP_ESTABLISHED);
		parent->synq_len--;
		parent->acceptq_len++;
		sock_hold(sk);                        /* the accept queue's */
		list_add_tail(&sk->accept_node, &parent->accept_queue);
		sock_wake(parent);
	} else if (sk->state == TCP_FIN_WAIT1 && tcp_fin_acked(sk)) {
		tcp_set_state(sk, TCP_FIN_WAIT2);
		if (sk->orphan)
			sk->timewait_at = jiffies + TCP_FIN_TIMEOUT;
	} else if (sk->state == TCP_CLOSING && tcp_fin_acked(sk)) {
		tcp_set_state(sk, TCP_TIME_WAIT);
		sk->timewait_at = jiffies + TCP_TIMEWAIT_LEN;
	} else if (sk->state == TCP_LAST_ACK && tcp_fin_acked(sk)) {
		tcp_set_state(sk, TCP_CLOSE);
	}
}

/* Data in order: queue it (the buffer itself, no copy) if the window had room. */
static bool tcp_data_rcv(struct sock *sk, struct sk_buff *skb, u32 len)
{
	if (sk->shutdown & RCV_SHUTDOWN || len > tcp_window(sk) || sk->orphan)
		return false;
	skb_queue_tail(&sk->receive_queue, skb);
	sk->rcv_nxt += len;
	sock_wake(sk);
	return true;
}

/* A segment for a synchronized connection (RFC 793's "otherwise" steps, in short). */
static void tcp_established_rcv(struct sock *sk, struct sk_buff *skb, struct tcphdr *th, u32 hlen)
{
	u32 seq = ntohl(th->seq), len = skb->len - hlen;
	bool fin = th->flags & TCPF_FIN, queued = false;

	if (th->flags & TCPF_RST) {
		if (seq == sk->rcv_nxt || (after(seq, sk->rcv_nxt) && before(seq, sk->rcv_nxt + sk->rcv_adv))) {
			ip_mib.TcpEstabResets += sk->state == TCP_ESTABLISHED || sk->state == TCP_CLOSE_WAIT;
			tcp_done(sk, sk->state == TCP_CLOSE_WAIT ? EPIPE : ECONNRESET);
		}
		goto out;
	}
	if (th->flags & TCPF_SYN) {
		tcp_send_ack(sk);                     /* a duplicate SYN: say where we are */
		goto out;
	}
	if (!(th->flags & TCPF_ACK))
		goto out;
	tcp_ack(sk, ntohl(th->ack_seq), ntohs(th->window));
	tcp_ack_state(sk);
	if (sk->state == TCP_CLOSE)
		goto out;
	if (!len && !fin)
		goto out;                             /* a pure ACK: nothing to answer */
	if (seq != sk->rcv_nxt) {
		tcp_send_ack(sk);                     /* out of order or old: ask again */
		goto out;
	}
	if (len) {
		skb_pull(skb, hlen);
		queued = tcp_data_rcv(sk, skb, len);
	}
	if (fin && (!len || queued))
		tcp_rcv_fin(sk);
	tcp_send_ack(sk);
	if (queued)
		return;
out:
	kfree_skb(skb);
}

void tcp_v4_rcv(struct sk_buff *skb)
{
	struct iphdr *iph = (struct iphdr *)skb->network_header;
	struct tcphdr *th = (struct tcphdr *)skb->data;
	u32 hlen;
	struct sock *sk;

	ip_mib.TcpInSegs++;
	if (skb_headlen(skb) < sizeof(*th) || (hlen = (th->doff >> 4) * 4u) < sizeof(*th) ||
	    hlen > skb_headlen(skb) ||
	    tcp_udp_checksum(skb, 0, skb->len, iph->saddr, iph->daddr, IPPROTO_TCP) != 0) {
		ip_mib.TcpInErrs++;                   /* truncated, or damaged */
		kfree_skb(skb);
		return;
	}
	sk = tcp_lookup(iph->saddr, th->source, iph->daddr, th->dest);
	if (!sk) {
		tcp_send_reset(skb);                  /* a closed port: a port scan sees RST */
		kfree_skb(skb);
		return;
	}
	if (sk->state == TCP_LISTEN) {
		tcp_listen_rcv(sk, skb, th, hlen);
		kfree_skb(skb);
	} else if (sk->state == TCP_SYN_SENT) {
		tcp_syn_sent_rcv(sk, th, hlen);
		kfree_skb(skb);
	} else {
		tcp_established_rcv(sk, skb, th, hlen);
	}
}

