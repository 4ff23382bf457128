/*
 * TCP's sending side (net/tcp.h): the header of each segment, a new segment kept on the write
 * queue until acknowledged, bare ACKs and RSTs, and the timers that resend the oldest segment,
 * end TIME_WAIT and probe a closed window. The thread "net" runs the timers once a tick.
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


/* ---------------------------------------------------------------- sending */

u16 tcp_window(struct sock *sk)
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
void tcp_send_segment(struct sock *sk, struct sk_buff *skb, u8 flags)
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
int tcp_send_flags(struct sock *sk, u8 flags)
{
	struct sk_buff *skb = alloc_skb(MAX_HEADER, 0);

	if (!skb)
		return -ENOBUFS;
	tcp_send_segment(sk, skb, flags);
	return 0;
}

/* A bare segment not kept for resending: an ACK, or a RST. */
void tcp_send_bare(struct sock *sk, u32 seq, u8 flags)
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

void tcp_send_ack(struct sock *sk)
{
	tcp_send_bare(sk, sk->snd_nxt, 0);
}

/* A RST for a segment no socket wants (RFC 793's reset generation). */
void tcp_send_reset(struct sk_buff *in)
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

