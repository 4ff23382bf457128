/*
 * Sockets (net/socket.c): an endpoint a process reads and writes like a file, Linux's struct
 * sock. The system calls (socket, bind, connect, listen, accept, send, recv, ...) check their
 * arguments and call the protocol's operations (struct proto): TCP (net/tcp.c) for
 * SOCK_STREAM, UDP (net/udp.c) for SOCK_DGRAM.
 *
 * Sleeping: a socket's state changes in the thread "net" (a packet arrives, a timer runs) and
 * in system calls, both tasks, so nothing changes it under a task between two sleeps
 * (docs/concurrency.md). Calls sleep on the sock (sk_wait) in a loop that tests their condition;
 * whatever changes the state calls sock_wake (wake_up(sk), and poll's wake-up).
 */
#pragma once
#include <types.h>
#include <kernel/list.h>
#include <net/skbuff.h>

struct page;
struct sock;
struct file;

#define AF_UNIX 1
#define AF_INET 2
#define SOCK_STREAM 1
#define SOCK_DGRAM 2
#define SOCK_RAW 3
#define SOCK_TYPE_MASK 0xf

#define MSG_OOB 0x1
#define MSG_PEEK 0x2
#define MSG_DONTROUTE 0x4
#define MSG_TRUNC 0x20
#define MSG_DONTWAIT 0x40
#define MSG_EOR 0x80
#define MSG_WAITALL 0x100
#define MSG_NOSIGNAL 0x4000
#define MSG_MORE 0x8000

#define RCV_SHUTDOWN 1
#define SEND_SHUTDOWN 2

struct sockaddr_in {
	u16 sin_family;
	u16 sin_port;                     /* network order */
	u32 sin_addr;                     /* network order */
	u8 sin_zero[8];
};

/* A protocol's part of the socket calls; each is called with the socket's file held. */
struct proto {
	const char *name;
	int type;                         /* SOCK_STREAM, SOCK_DGRAM */
	int (*connect)(struct sock *sk, u32 daddr, u16 dport, bool nonblock);
	int (*listen)(struct sock *sk, int backlog);
	/* A connected socket from the listener's queue, or an ERR_PTR. */
	struct sock *(*accept)(struct sock *sk, bool nonblock);
	/* Send n bytes from ubuf (to daddr:dport for a datagram, 0: the connected peer). */
	long (*sendmsg)(struct sock *sk, const char *ubuf, size_t n, u32 daddr, u16 dport, int flags);
	/* Send n bytes of page at off (sendfile): by reference when the card gathers. */
	long (*sendpage)(struct sock *sk, struct page *page, u32 off, size_t n, int flags);
	/* Receive into ubuf; the sender's address into *saddr, *sport when given. */
	long (*recvmsg)(struct sock *sk, char *ubuf, size_t n, int flags, u32 *saddr, u16 *sport);
	int (*shutdown)(struct sock *sk, int how);
	unsigned (*poll)(struct sock *sk);
	void (*close)(struct sock *sk);   /* the last file reference went */
	/* Pick a free port for sk (0: any) and add it to the protocol's table; 0 or -EADDRINUSE. */
	int (*get_port)(struct sock *sk, u16 port);
};

extern struct proto tcp_prot, udp_prot;

/* TCP's states, Linux's numbers (as /proc/net/tcp shows them). */
enum {
	TCP_ESTABLISHED = 1, TCP_SYN_SENT, TCP_SYN_RECV, TCP_FIN_WAIT1, TCP_FIN_WAIT2,
	TCP_TIME_WAIT, TCP_CLOSE, TCP_CLOSE_WAIT, TCP_LAST_ACK, TCP_LISTEN, TCP_CLOSING,
};

struct sock {
	struct proto *prot;
	int type, protocol;
	int refcnt;                       /* its file, its protocol's table, a listener's queue */
	u32 saddr, daddr;                 /* local and peer address, network order */
	u16 sport, dport;                 /* ... and ports */
	int err;                          /* an error to report once (ECONNREFUSED, ECONNRESET) */
	u8 shutdown;                      /* RCV_SHUTDOWN, SEND_SHUTDOWN */
	bool reuseaddr;                   /* SO_REUSEADDR */
	bool hashed;                      /* in its protocol's table (has a port) */
	u32 rcvbuf, sndbuf;               /* SO_RCVBUF, SO_SNDBUF: bytes queued at most */
	u32 rcvtimeo, sndtimeo;           /* SO_RCVTIMEO, SO_SNDTIMEO in ticks (0: forever) */
	struct sk_buff_head receive_queue;    /* datagrams, or a stream's bytes in order */
	struct list_head node;            /* in the protocol's table */

	/* TCP (net/tcp.c) */
	int state;                        /* TCP_* */
	u32 snd_una, snd_nxt, snd_wnd;    /* oldest unacknowledged, next to send, peer's window */
	u32 rcv_nxt;                      /* next byte expected */
	u32 rcv_adv;                      /* window last advertised */
	u16 mss;                          /* the peer's maximum segment size */
	struct sk_buff_head write_queue;  /* sent, not yet acknowledged: resent on timeout */
	u32 rto;                          /* retransmission timeout, ticks */
	u32 rtx_at;                       /* when the oldest segment is resent (0: no timer) */
	int retries;
	u32 timewait_at;                  /* TIME_WAIT, FIN_WAIT2 of a closed socket: when it ends */
	bool orphan;                      /* its file is closed: the connection ends on its own */
	struct sock *parent;              /* a connection a listener made, until accepted */
	struct list_head accept_queue;    /* a listener's established connections */
	struct list_head accept_node;
	int backlog, acceptq_len, synq_len;
	u32 uid;                          /* who made it (its listener's, for a connection it made) */
	u32 ino;                          /* its inode's number (/proc/net/tcp's inode column) */
};

/* Wake whoever waits on the socket (a read, a write, an accept, poll). Any context. */
void sock_wake(struct sock *sk);
struct sock *sk_alloc(struct proto *prot, int type, int protocol);
void sock_hold(struct sock *sk);
/* Drop a reference; the last frees the queues and the sock. */
void sock_put(struct sock *sk);
/* Wait (interrupts off) until woken or timeout ticks pass (0: forever); -EINTR on a signal. */
int sk_wait(struct sock *sk, u32 timeout);
/* The socket of descriptor fd into *fp and *sk: 0, -EBADF, or -ENOTSOCK (a system call's check). */
int sockfd_lookup(long fd, struct file **fp, struct sock **sk);
/* The socket of an open file, or NULL if it is not one. */
struct sock *sock_from_file(struct file *f);
/* Send n bytes of page at off on socket file f: sendfile's path to a socket. */
long sock_sendpage(struct file *f, struct page *page, u32 off, size_t n);
/*
 * Give sk a port in a protocol's table socks (the table takes a reference): port (network
 * order), or for 0 the next free ephemeral one after *next. A port is taken while another
 * socket has it on the same address or any address, unless both set SO_REUSEADDR and the
 * other does not listen. 0 or -EADDRINUSE. Interrupts off.
 */
int inet_get_port(struct list_head *socks, u16 *next, struct sock *sk, u16 port);
/* Take sk out of its protocol's table, if it is there, with the table's reference. */
void inet_unhash(struct sock *sk);
/* A new socket's protocol state (socket()). */
void tcp_sock_init(struct sock *sk);
void udp_sock_init(struct sock *sk);
/* /proc/net/tcp and /proc/net/udp, Linux's layout. */
struct seq_buf;
void show_tcp(struct seq_buf *s);
void show_udp(struct seq_buf *s);
/* One line per socket of a protocol's table, in Linux's columns (net/socket.c). */
void show_inet_socks(struct seq_buf *s, struct list_head *socks, bool tcp);
/* Ephemeral ports: Linux's net.ipv4.ip_local_port_range. */
#define PORT_LOW 32768
#define PORT_HIGH 60999
