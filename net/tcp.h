/*
 * TCP's parts, shared by net/tcp.c (the table, states and socket calls), net/tcp_input.c
 * (segments arriving) and net/tcp_output.c (segments leaving, and the timers). What each
 * side of a connection keeps is described in net/tcp.c.
 */
#pragma once
#include <net/sock.h>
#include <kernel/list.h>
#include <kernel/time.h>

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

/* Every socket with a port: listeners, connections, and connections a listener made. */
extern struct list_head tcp_socks;

/* Sequence numbers wrap: compare them as distances. */
static inline bool before(u32 a, u32 b) { return (s32)(a - b) < 0; }
static inline bool after(u32 a, u32 b) { return (s32)(a - b) > 0; }

struct sk_buff;

/* net/tcp.c: the table and the states. */
/* The connection for a segment, else a listener on its port, else NULL. */
struct sock *tcp_lookup(u32 saddr, u16 sport, u32 daddr, u16 dport);
void tcp_set_state(struct sock *sk, int state);
/* The connection is gone with an error (reset, timeout): the listener forgets it, it closes. */
void tcp_done(struct sock *sk, int err);
/* A new connection's state: CLOSE, the default MSS and timeout, a fresh initial sequence number. */
void tcp_init_sock(struct sock *sk);

/* net/tcp_output.c: sending. */
/* The window to advertise: the room left in the receive queue. */
u16 tcp_window(struct sock *sk);
/* A new segment: header in front of its payload, sequence numbers taken, kept until ACKed. */
void tcp_send_segment(struct sock *sk, struct sk_buff *skb, u8 flags);
/* A control segment with no payload (SYN, FIN, SYN-ACK), kept for resending: 0 or -ENOBUFS. */
int tcp_send_flags(struct sock *sk, u8 flags);
/* A bare segment not kept for resending: an ACK, or a RST. */
void tcp_send_bare(struct sock *sk, u32 seq, u8 flags);
void tcp_send_ack(struct sock *sk);
/* A RST for a segment no socket wants (RFC 793's reset generation). */
void tcp_send_reset(struct sk_buff *in);
