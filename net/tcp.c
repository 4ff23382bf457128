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
 *
 * This file: the table of sockets, the states, and the socket calls. Segments arriving are
 * net/tcp_input.c's, segments leaving and the timers net/tcp_output.c's.
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

struct list_head tcp_socks = LIST_HEAD_INIT(tcp_socks);
static u32 tcp_isn_seed;

/* ---------------------------------------------------------------- the table */

static int tcp_get_port(struct sock *sk, u16 port)
{
	static u16 next = PORT_LOW;

	return inet_get_port(&tcp_socks, &next, sk, port);
}

/* The connection for a segment, else a listener on its port, else NULL. */
struct sock *tcp_lookup(u32 saddr, u16 sport, u32 daddr, u16 dport)
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

/* ---------------------------------------------------------------- state changes */

void tcp_set_state(struct sock *sk, int state)
{
	sk->state = state;
	if (state == TCP_CLOSE) {
		skb_queue_purge(&sk->write_queue);
		sk->rtx_at = 0;
		sk->shutdown = RCV_SHUTDOWN | SEND_SHUTDOWN;
		if (sk->orphan || sk->parent)
			inet_unhash(sk);           /* no one will look at it again */
	}
	sock_wake(sk);
}

/* The connection is gone with an error (reset, timeout). */
void tcp_done(struct sock *sk, int err)
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

void tcp_init_sock(struct sock *sk)
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
		inet_unhash(sk);
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

void show_tcp(struct seq_buf *s)
{
	show_inet_socks(s, &tcp_socks, true);
}
