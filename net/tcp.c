/*
 * TCP (RFC 793, 1122): a reliable byte stream over IP. What each side keeps:
 *
 *   snd_una ........ snd_nxt ........ snd_una + snd_wnd
 *   | sent, waiting   | may send now    |     (write_queue holds the sent segments until the
 *   | for an ACK      |                 |      peer's ACK passes them; a timeout resends the
 *                                              oldest, with the timeout doubling each time)
 *   rcv_nxt: every byte before it has arrived, in order; the window advertised is the room
 *   left in the receive queue (at most 64 KiB: no window scaling).
 *
 * Connections open with the three-way handshake (SYN, SYN-ACK, ACK) and close with a FIN each
 * way; a RST ends one at once. A segment out of order is dropped and the expected byte asked
 * for again (a duplicate ACK): the sender's timer repairs the gap. There is no congestion
 * control: the peer's window alone limits what is in flight.
 *
 * The process sending does the sending (tcp_sendmsg, tcp_sendpage): its system call copies,
 * or references, the bytes and hands the segments to the card, so the counters of the copies
 * are its own. The thread "net" (net/dev.c) does what no call asked for: it queues received
 * data, takes ACKed segments off the write queue, answers with ACKs, wakes the process, and
 * resends on the tick.
 */
#include <net/sock.h>
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

#define TCP_MSS_DEFAULT 536               /* when the peer names none (RFC 1122) */
#define TCP_MSS_OURS 1460                 /* Ethernet's 1500 less IP's and TCP's 40 */
#define TCP_RTO_INIT (HZ)                 /* 1 s, RFC 6298 */
#define TCP_RTO_MIN (HZ / 5)              /* Linux's 200 ms */
#define TCP_RTO_MAX (120 * HZ)
#define TCP_SYN_RETRIES 6                 /* net.ipv4.tcp_syn_retries */
#define TCP_RETRIES2 15                   /* net.ipv4.tcp_retries2 */
#define TCP_TIMEWAIT_LEN (60 * HZ)        /* 2 MSL, as Linux */
#define TCP_FIN_TIMEOUT (60 * HZ)         /* net.ipv4.tcp_fin_timeout */
#define TCP_WINDOW_MAX 65535

static struct list_head tcp_socks = LIST_HEAD_INIT(tcp_socks);            /* every socket with a port: listeners, connections */
static u32 tcp_isn_seed;

static bool before(u32 a, u32 b) { return (s32)(a - b) < 0; }
static bool after(u32 a, u32 b) { return (s32)(a - b) > 0; }

/* ---------------------------------------------------------------- the table */

static int tcp_get_port(struct sock *sk, u16 port)
{
	static u16 next = PORT_LOW;

	return inet_get_port(&tcp_socks, &next, sk, port);
}

static void tcp_unhash(struct sock *sk)
{
	if (sk->hashed) {
		list_del(&sk->node);
		sk->hashed = false;
		sock_put(sk);
	}
}

/* The connection for a segment, else a listener on its port, else NULL. */
static struct sock *tcp_lookup(u32 saddr, u16 sport, u32 daddr, u16 dport)
{
	struct sock *sk, *listener = NULL;

	list_for_each_entry(sk, &tcp_socks, node) {
		if (sk->sport != dport)
			continue;
		if (sk->state == TCP_LISTEN) {
			if (!sk->saddr || sk->saddr == daddr)
				listener = sk;
		} else if (sk->daddr == saddr && sk->dport == sport && sk->state != TCP_CLOSE) {
			return sk;
		}
	}
	return listener;
}

/* ---------------------------------------------------------------- sending */

static u16 tcp_window(struct sock *sk)
{
	u32 used = sk->receive_queue.bytes, room = sk->rcvbuf > used ? sk->rcvbuf - used : 0;

	return (u16)min(room, (u32)TCP_WINDOW_MAX);
}

/* Fill in the header at skb->transport_header (ACK, window, checksum as of now). */
static void tcp_fill_header(struct sock *sk, struct sk_buff *skb)
{
	struct tcphdr *th = (struct tcphdr *)skb->transport_header;
	u32 len = skb->len - (u32)(skb->transport_header - skb->data);

	th->source = sk->sport;
	th->dest = sk->dport;
	th->seq = htonl(skb->seq);
	th->flags = skb->tcp_flags | (sk->state == TCP_SYN_SENT ? 0 : TCPF_ACK);
	th->ack_seq = (th->flags & TCPF_ACK) ? htonl(sk->rcv_nxt) : 0;
	th->window = htons(tcp_window(sk));
	th->urg_ptr = 0;
	th->check = 0;
	th->check = tcp_udp_checksum(skb, (u32)(skb->transport_header - skb->data), len, sk->saddr,
				     sk->daddr, IPPROTO_TCP);
	sk->rcv_adv = ntohs(th->window);
}

/* Send (or send again) a segment: headers below TCP are made anew each time. */
static int tcp_transmit_skb(struct sock *sk, struct sk_buff *skb)
{
	skb->len -= (u32)(skb->transport_header - skb->data);     /* back to the TCP header */
	skb->data = skb->transport_header;
	tcp_fill_header(sk, skb);
	skb->sent_at = jiffies;
	ip_mib.TcpOutSegs++;
	return ip_queue_xmit(skb_get(skb), sk->saddr, sk->daddr, IPPROTO_TCP);
}

/* A new segment: header in front of its payload, sequence numbers taken, kept until ACKed. */
static void tcp_send_segment(struct sock *sk, struct sk_buff *skb, u8 flags)
{
	u32 payload = skb->len, optlen = (flags & TCPF_SYN) ? 4 : 0;
	struct tcphdr *th = skb_push(skb, sizeof(*th) + optlen);

	skb->transport_header = (unsigned char *)th;
	th->doff = (u8)((sizeof(*th) + optlen) / 4 << 4);
	if (optlen) {                             /* MSS option: kind 2, length 4 */
		u8 *opt = (u8 *)(th + 1);
		opt[0] = 2;
		opt[1] = 4;
		opt[2] = TCP_MSS_OURS >> 8;
		opt[3] = TCP_MSS_OURS & 0xff;
	}
	skb->tcp_flags = flags;
	skb->seq = sk->snd_nxt;
	skb->end_seq = skb->seq + payload + !!(flags & TCPF_SYN) + !!(flags & TCPF_FIN);
	sk->snd_nxt = skb->end_seq;
	skb_queue_tail(&sk->write_queue, skb);
	if (!sk->rtx_at)
		sk->rtx_at = jiffies + sk->rto;
	tcp_transmit_skb(sk, skb);
}

/* A control segment with no payload (SYN, FIN, SYN-ACK): 0 or -ENOBUFS. */
static int tcp_send_flags(struct sock *sk, u8 flags)
{
	struct sk_buff *skb = alloc_skb(MAX_HEADER, 0);

	if (!skb)
		return -ENOBUFS;
	tcp_send_segment(sk, skb, flags);
	return 0;
}

/* A bare segment not kept for resending: an ACK, or a RST. */
static void tcp_send_bare(struct sock *sk, u32 seq, u8 flags)
{
	struct sk_buff *skb = alloc_skb(MAX_HEADER, 0);

	if (!skb)
		return;
	skb->transport_header = skb_push(skb, sizeof(struct tcphdr));
	((struct tcphdr *)skb->transport_header)->doff = 5 << 4;
	skb->tcp_flags = flags;
	skb->seq = seq;
	tcp_transmit_skb(sk, skb);
	kfree_skb(skb);
}

static void tcp_send_ack(struct sock *sk)
{
	tcp_send_bare(sk, sk->snd_nxt, 0);
}

/* A RST for a segment no socket wants (RFC 793's reset generation). */
static void tcp_send_reset(struct sk_buff *in)
{
	struct iphdr *iph = (struct iphdr *)in->network_header;
	struct tcphdr *th = (struct tcphdr *)in->transport_header;
	u32 len = in->len - (th->doff >> 4) * 4u;
	struct sock fake = { .saddr = iph->daddr, .daddr = iph->saddr, .sport = th->dest,
			     .dport = th->source, .state = TCP_ESTABLISHED };

	if (th->flags & TCPF_RST)
		return;
	ip_mib.TcpOutRsts++;
	if (th->flags & TCPF_ACK) {
		fake.state = TCP_SYN_SENT;            /* no ACK bit: seq = their ack */
		tcp_send_bare(&fake, ntohl(th->ack_seq), TCPF_RST);
	} else {
		fake.rcv_nxt = ntohl(th->seq) + len + !!(th->flags & TCPF_SYN) + !!(th->flags & TCPF_FIN);
		tcp_send_bare(&fake, 0, TCPF_RST);    /* RST|ACK */
	}
}

/* ---------------------------------------------------------------- state changes */

static void tcp_set_state(struct sock *sk, int state)
{
	sk->state = state;
	if (state == TCP_CLOSE) {
		skb_queue_purge(&sk->write_queue);
		sk->rtx_at = 0;
		sk->shutdown = RCV_SHUTDOWN | SEND_SHUTDOWN;
		if (sk->orphan || sk->parent)
			tcp_unhash(sk);           /* no one will look at it again */
	}
	sock_wake(sk);
}

/* The connection is gone with an error (reset, timeout). */
static void tcp_done(struct sock *sk, int err)
{
	struct sock *parent = sk->parent;

	sk->err = err;
	if (parent) {                             /* not yet accepted: the listener forgets it */
		sk->parent = NULL;
		if (sk->state == TCP_SYN_RECV) {
			parent->synq_len--;
		} else {
			list_del(&sk->accept_node);
			parent->acceptq_len--;
			sock_put(sk);
		}
		sk->orphan = true;
	}
	tcp_set_state(sk, TCP_CLOSE);
}

static void tcp_init_sock(struct sock *sk)
{
	sk->state = TCP_CLOSE;
	sk->mss = TCP_MSS_DEFAULT;
	sk->rto = TCP_RTO_INIT;
	sk->rcvbuf = TCP_WINDOW_MAX;
	sk->sndbuf = TCP_WINDOW_MAX;
	skb_queue_init(&sk->write_queue);
	INIT_LIST_HEAD(&sk->accept_queue);
	/* an initial sequence number that differs from one connection to the next (RFC 6528's aim) */
	tcp_isn_seed = tcp_isn_seed * 1103515245u + 12345u + (u32)rdtsc();
	sk->snd_una = sk->snd_nxt = tcp_isn_seed;
}

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

/* ---------------------------------------------------------------- timers */

static void tcp_retransmit(struct sock *sk)
{
	struct sk_buff *skb = skb_peek(&sk->write_queue);
	int limit = (sk->state == TCP_SYN_SENT || sk->state == TCP_SYN_RECV) ? TCP_SYN_RETRIES : TCP_RETRIES2;

	if (!skb) {
		sk->rtx_at = 0;
		return;
	}
	if (++sk->retries > limit) {
		tcp_done(sk, ETIMEDOUT);
		return;
	}
	sk->rto = min(sk->rto * 2, (u32)TCP_RTO_MAX);
	sk->rtx_at = jiffies + sk->rto;
	if (skb->users > 1)
		return;                               /* the card still holds the last copy sent */
	ip_mib.TcpRetransSegs++;
	tcp_transmit_skb(sk, skb);
}

/* A socket with a timer: a segment to resend, TIME_WAIT or FIN_WAIT2 to end, a window to probe. */
static bool tcp_has_timer(const struct sock *sk)
{
	return sk->rtx_at || ((sk->state == TCP_TIME_WAIT || sk->state == TCP_FIN_WAIT2) && sk->timewait_at) ||
	       (sk->state == TCP_ESTABLISHED && !sk->snd_wnd);
}

bool tcp_timers_pending(void)
{
	struct sock *sk;

	list_for_each_entry(sk, &tcp_socks, node)
		if (tcp_has_timer(sk))
			return true;
	return false;
}

void tcp_tick(void)
{
	struct sock *sk, *next;

	list_for_each_entry_safe(sk, next, &tcp_socks, node) {
		if (sk->rtx_at && (s32)(jiffies - sk->rtx_at) >= 0)
			tcp_retransmit(sk);
		else if (sk->timewait_at && (s32)(jiffies - sk->timewait_at) >= 0 &&
			 (sk->state == TCP_TIME_WAIT || sk->state == TCP_FIN_WAIT2))
			tcp_set_state(sk, TCP_CLOSE);
		else if (sk->state == TCP_ESTABLISHED && !sk->snd_wnd && !sk->rtx_at && jiffies % HZ == 0)
			tcp_send_bare(sk, sk->snd_nxt - 1, 0);   /* a window probe: has it opened? */
	}
}

/* ---------------------------------------------------------------- the socket calls */

static int tcp_connect(struct sock *sk, u32 daddr, u16 dport, bool nonblock)
{
	u32 flags = local_irq_save();
	int err;

	if (sk->state == TCP_ESTABLISHED) {
		err = -EISCONN;
		goto out;
	}
	if (sk->state == TCP_SYN_SENT) {
		err = -EALREADY;
		goto out;
	}
	if (sk->state != TCP_CLOSE || sk->err) {
		err = -EISCONN;
		goto out;
	}
	sk->daddr = daddr;
	sk->dport = dport;
	if (!sk->saddr && !(sk->saddr = ip_route_source(daddr))) {
		err = -ENETUNREACH;
		goto out;
	}
	if (!sk->hashed && (err = tcp_get_port(sk, 0)))
		goto out;
	sk->state = TCP_SYN_SENT;
	ip_mib.TcpActiveOpens++;
	if ((err = tcp_send_flags(sk, TCPF_SYN)))
		goto out;
	err = -EINPROGRESS;
	while (!nonblock && sk->state == TCP_SYN_SENT) {
		if ((err = sk_wait(sk, sk->sndtimeo)))
			goto out;                     /* the handshake goes on without us */
		err = -EINPROGRESS;
	}
	if (!nonblock) {
		err = sk->state == TCP_CLOSE ? -sk->err : 0;
		if (sk->state == TCP_CLOSE)
			sk->err = 0;
	}
out:
	local_irq_restore(flags);
	return err;
}

static int tcp_listen(struct sock *sk, int backlog)
{
	u32 flags = local_irq_save();
	int err = 0;

	if (sk->state != TCP_CLOSE && sk->state != TCP_LISTEN)
		err = -EINVAL;
	else if (!sk->hashed)
		err = tcp_get_port(sk, 0);
	if (!err) {
		sk->backlog = backlog < 1 ? 1 : backlog > 4096 ? 4096 : backlog;
		sk->state = TCP_LISTEN;
	}
	local_irq_restore(flags);
	return err;
}

static struct sock *tcp_accept(struct sock *sk, bool nonblock)
{
	u32 flags = local_irq_save();
	struct sock *child = ERR_PTR(-EINVAL);
	int err;

	while (sk->state == TCP_LISTEN && list_empty(&sk->accept_queue)) {
		child = ERR_PTR(-EAGAIN);
		if (nonblock || (err = sk_wait(sk, sk->rcvtimeo))) {
			child = nonblock ? child : ERR_PTR(err);
			goto out;
		}
	}
	if (sk->state != TCP_LISTEN)
		goto out;
	child = list_first_entry(&sk->accept_queue, struct sock, accept_node);
	list_del(&child->accept_node);
	sk->acceptq_len--;
	child->parent = NULL;                     /* the accept queue's reference is the file's now */
out:
	local_irq_restore(flags);
	return child;
}

/* Wait until there is room to send; 0, or the error that ends the wait. Interrupts off. */
static int tcp_wait_for_room(struct sock *sk, bool nonblock)
{
	for (;;) {
		if (sk->err)
			return -sk->err;                  /* cleared once reported (tcp_send_result) */
		if (sk->shutdown & SEND_SHUTDOWN)
			return -EPIPE;
		bool connecting = sk->state == TCP_SYN_SENT || sk->state == TCP_SYN_RECV;
		if (sk->state != TCP_ESTABLISHED && sk->state != TCP_CLOSE_WAIT && !connecting)
			return -EPIPE;                    /* never connected, or closed: Linux's answer */
		u32 inflight = sk->snd_nxt - sk->snd_una, limit = min(sk->snd_wnd, sk->sndbuf);
		if (!connecting && inflight < limit)
			return 0;
		if (nonblock)
			return -EAGAIN;
		int err = sk_wait(sk, sk->sndtimeo);
		if (err)
			return err;
	}
}

/* How much of n the next segment may carry now. */
static u32 tcp_room(struct sock *sk, size_t n)
{
	u32 limit = min(sk->snd_wnd, sk->sndbuf), inflight = sk->snd_nxt - sk->snd_una;

	return (u32)min(min(n, (size_t)sk->mss), (size_t)(limit - inflight));
}

/*
 * A send's end: what was sent, or the error (EPIPE also raises SIGPIPE, unless asked not to).
 * A connection's error (a reset) is reported once, by the first call that sends nothing.
 */
static long tcp_send_result(struct sock *sk, size_t done, int err, int flags)
{
	if (done)
		return (long)done;
	if (err == -sk->err)
		sk->err = 0;
	if (err == -EPIPE && !(flags & MSG_NOSIGNAL))
		send_sig(SIGPIPE, current);
	return err;
}

static long tcp_sendmsg(struct sock *sk, const char *ubuf, size_t n, u32 daddr, u16 dport, int flags)
{
	size_t done = 0;
	int err = 0;

	(void)daddr;
	(void)dport;
	u32 irq = local_irq_save();
	while (done < n) {
		if ((err = tcp_wait_for_room(sk, flags & MSG_DONTWAIT)))
			break;
		u32 chunk = tcp_room(sk, n - done);
		local_irq_restore(irq);
		struct sk_buff *skb = alloc_skb(MAX_HEADER, chunk);
		/* the one copy of write(): user memory into the socket buffer */
		if (skb && copy_from_user(skb_put(skb, chunk), ubuf + done, chunk)) {
			kfree_skb(skb);
			irq = local_irq_save();
			err = -EFAULT;
			break;
		}
		irq = local_irq_save();
		if (!skb) {
			err = -ENOBUFS;
			break;
		}
		if (sk->state != TCP_ESTABLISHED && sk->state != TCP_CLOSE_WAIT) {
			kfree_skb(skb);
			continue;                     /* it closed meanwhile: the wait says how */
		}
		tcp_send_segment(sk, skb, TCPF_PSH);
		done += chunk;
	}
	local_irq_restore(irq);
	return tcp_send_result(sk, done, err, flags);
}

static long tcp_sendpage(struct sock *sk, struct page *page, u32 off, size_t n, int flags)
{
	size_t done = 0;
	int err = 0;
	u32 irq = local_irq_save();

	while (done < n) {
		if ((err = tcp_wait_for_room(sk, flags & MSG_DONTWAIT)))
			break;
		u32 chunk = tcp_room(sk, n - done);
		struct sk_buff *skb = alloc_skb(MAX_HEADER, (netdev->features & NETIF_F_SG) ? 0 : chunk);
		if (!skb) {
			err = -ENOBUFS;
			break;
		}
		if (netdev->features & NETIF_F_SG) {
			skb_add_page(skb, page, off + (u32)done, chunk);   /* a reference: no copy */
		} else {
			char *va = kmap_atomic(page);
			memcpy(skb_put(skb, chunk), va + off + done, chunk);
			kunmap_atomic(va);
			ioac_add_kernel_copy(chunk);  /* the page cache into the socket buffer */
		}
		tcp_send_segment(sk, skb, TCPF_PSH);
		done += chunk;
	}
	local_irq_restore(irq);
	return tcp_send_result(sk, done, err, flags);
}

/* After a read: tell the peer when its window has opened by two segments or more. */
static void tcp_window_update(struct sock *sk)
{
	if (sk->state == TCP_ESTABLISHED || sk->state == TCP_FIN_WAIT1 || sk->state == TCP_FIN_WAIT2)
		if (tcp_window(sk) >= sk->rcv_adv + 2u * TCP_MSS_OURS ||
		    (sk->rcv_adv < TCP_MSS_OURS && tcp_window(sk) >= TCP_MSS_OURS))
			tcp_send_ack(sk);
}

static long tcp_recvmsg(struct sock *sk, char *ubuf, size_t n, int flags, u32 *saddr, u16 *sport)
{
	size_t done = 0;
	int err = 0;
	u32 irq = local_irq_save();

	if (saddr) {
		*saddr = sk->daddr;
		*sport = sk->dport;
	}
	if (sk->state == TCP_LISTEN || (sk->state == TCP_CLOSE && !sk->err && !sk->receive_queue.qlen &&
					!(sk->shutdown & RCV_SHUTDOWN))) {
		local_irq_restore(irq);
		return -ENOTCONN;
	}
	while (done < n) {
		struct sk_buff *skb = skb_peek(&sk->receive_queue);
		if (!skb) {
			if (done && !(flags & MSG_WAITALL))
				break;
			if (sk->err) {
				err = done ? 0 : -sk->err;
				sk->err = done ? sk->err : 0;
				break;
			}
			if ((sk->shutdown & RCV_SHUTDOWN) || sk->state == TCP_CLOSE)
				break;                /* end of the stream */
			if (flags & MSG_DONTWAIT) {
				err = -EAGAIN;
				break;
			}
			if ((err = sk_wait(sk, sk->rcvtimeo)))
				break;
			continue;
		}
		u32 chunk = (u32)min(n - done, (size_t)skb->len);
		local_irq_restore(irq);
		bool fault = copy_to_user(ubuf + done, skb->data, chunk) != 0;
		irq = local_irq_save();
		if (fault) {
			err = -EFAULT;
			break;
		}
		done += chunk;
		if (flags & MSG_PEEK)
			break;
		skb_pull(skb, chunk);
		sk->receive_queue.bytes -= chunk;
		if (!skb->len)
			kfree_skb(skb_dequeue(&sk->receive_queue));
		tcp_window_update(sk);
	}
	local_irq_restore(irq);
	return done ? (long)done : err;
}

static int tcp_shutdown(struct sock *sk, int how)
{
	u32 irq = local_irq_save();
	int err = 0;

	if (sk->state == TCP_LISTEN || sk->state == TCP_CLOSE || sk->state == TCP_SYN_SENT) {
		err = sk->state == TCP_LISTEN && how != 1 ? 0 : -ENOTCONN;
		if (sk->state == TCP_LISTEN && how != 1)
			tcp_set_state(sk, TCP_CLOSE);    /* wakes accept */
		goto out;
	}
	if (how != 1)                              /* SHUT_RD or SHUT_RDWR */
		sk->shutdown |= RCV_SHUTDOWN;
	if (how != 0 && !(sk->shutdown & SEND_SHUTDOWN) &&
	    (sk->state == TCP_ESTABLISHED || sk->state == TCP_CLOSE_WAIT || sk->state == TCP_SYN_RECV)) {
		sk->shutdown |= SEND_SHUTDOWN;
		tcp_set_state(sk, sk->state == TCP_CLOSE_WAIT ? TCP_LAST_ACK : TCP_FIN_WAIT1);
		tcp_send_flags(sk, TCPF_FIN);
	}
	sock_wake(sk);
out:
	local_irq_restore(irq);
	return err;
}

static unsigned tcp_poll(struct sock *sk)
{
	unsigned mask = 0;

	if (sk->state == TCP_LISTEN)
		return list_empty(&sk->accept_queue) ? 0 : POLLIN | POLLRDNORM;
	if (sk->err)
		mask |= POLLERR;
	if (sk->receive_queue.qlen || (sk->shutdown & RCV_SHUTDOWN))
		mask |= POLLIN | POLLRDNORM;
	if ((sk->shutdown & (RCV_SHUTDOWN | SEND_SHUTDOWN)) == (RCV_SHUTDOWN | SEND_SHUTDOWN) ||
	    (sk->state == TCP_CLOSE && sk->dport))
		mask |= POLLHUP;
	if ((sk->state == TCP_ESTABLISHED || sk->state == TCP_CLOSE_WAIT) && !(sk->shutdown & SEND_SHUTDOWN) &&
	    sk->snd_nxt - sk->snd_una < min(sk->snd_wnd, sk->sndbuf))
		mask |= POLLOUT | POLLWRNORM;
	return mask;
}

/* The last close: a listener resets its waiting connections; a connection sends its FIN. */
static void tcp_close(struct sock *sk)
{
	u32 irq = local_irq_save();
	struct sock *o, *next;

	sk->orphan = true;
	if (sk->state == TCP_LISTEN) {
		list_for_each_entry_safe(o, next, &tcp_socks, node)
			if (o->parent == sk) {
				tcp_send_bare(o, o->snd_nxt, TCPF_RST);
				tcp_done(o, ECONNRESET);
			}
		tcp_set_state(sk, TCP_CLOSE);
	} else if (sk->receive_queue.qlen && sk->state != TCP_CLOSE) {
		tcp_send_bare(sk, sk->snd_nxt, TCPF_RST);  /* unread data: reset, as Linux does */
		ip_mib.TcpOutRsts++;
		tcp_set_state(sk, TCP_CLOSE);
	} else if (sk->state == TCP_ESTABLISHED || sk->state == TCP_CLOSE_WAIT || sk->state == TCP_SYN_RECV) {
		local_irq_restore(irq);
		tcp_shutdown(sk, 2);
		irq = local_irq_save();
	} else if (sk->state == TCP_SYN_SENT || sk->state == TCP_CLOSE) {
		tcp_set_state(sk, TCP_CLOSE);
	}
	skb_queue_purge(&sk->receive_queue);
	if (sk->state == TCP_CLOSE)
		tcp_unhash(sk);
	local_irq_restore(irq);
}

struct proto tcp_prot = {
	.name = "TCP",
	.type = SOCK_STREAM,
	.connect = tcp_connect,
	.listen = tcp_listen,
	.accept = tcp_accept,
	.sendmsg = tcp_sendmsg,
	.sendpage = tcp_sendpage,
	.recvmsg = tcp_recvmsg,
	.shutdown = tcp_shutdown,
	.poll = tcp_poll,
	.close = tcp_close,
	.get_port = tcp_get_port,
};

/* The new socket's TCP state (called by socket()). */
void tcp_sock_init(struct sock *sk)
{
	tcp_init_sock(sk);
}

/* /proc/net/tcp, Linux's layout (addresses as hex in memory order). */
void show_tcp(struct seq_buf *s)
{
	struct sock *sk;
	int i = 0;

	seq_buf_printf(s, "  sl  local_address rem_address   st tx_queue rx_queue\n");
	list_for_each_entry(sk, &tcp_socks, node)
		seq_buf_printf(s, "%4d: %08X:%04X %08X:%04X %02X %08X:%08X\n", i++, sk->saddr, ntohs(sk->sport),
			       sk->daddr, ntohs(sk->dport), sk->state, sk->snd_nxt - sk->snd_una,
			       sk->receive_queue.bytes);
}
