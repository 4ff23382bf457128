/*
 * The Internet protocols as this kernel speaks them (net/): their headers, byte order, the
 * Internet checksum, and how the layers call each other.
 *
 *   card -> netif_receive_skb -> arp_rcv                       (who has 10.0.2.15?)
 *                             -> ip_rcv -> icmp_rcv            (echo: ping)
 *                                       -> udp_rcv -> a socket's receive queue
 *                                       -> tcp_v4_rcv -> a connection, or a listener
 *   socket -> tcp/udp/icmp -> ip_queue_xmit -> arp (the next hop's MAC) -> dev_queue_xmit
 *
 * Addresses and ports are kept in network byte order (big-endian) everywhere, as they are on
 * the wire and in struct sockaddr_in; htons, htonl, ntohs, ntohl turn them around.
 */
#pragma once
#include <types.h>

struct sk_buff;
struct net_device;
struct sock;
struct seq_buf;

static inline u16 htons(u16 x) { return __builtin_bswap16(x); }
static inline u16 ntohs(u16 x) { return __builtin_bswap16(x); }
static inline u32 htonl(u32 x) { return __builtin_bswap32(x); }
static inline u32 ntohl(u32 x) { return __builtin_bswap32(x); }

/* An address written a.b.c.d, in network order (a constant expression). */
#define IPV4(a, b, c, d) ((u32)(a) | (u32)(b) << 8 | (u32)(c) << 16 | (u32)(d) << 24)
/* Printing one: printk(IPV4_FMT, IPV4_ARGS(addr)). */
#define IPV4_FMT "%u.%u.%u.%u"
#define IPV4_ARGS(a) (unsigned)((a) & 255), (unsigned)((a) >> 8 & 255), (unsigned)((a) >> 16 & 255), \
		     (unsigned)((a) >> 24)

struct ethhdr {
	u8 h_dest[6], h_source[6];
	u16 h_proto;                      /* ETH_P_IP, ETH_P_ARP */
} __attribute__((packed));

struct arphdr {                           /* ARP for IPv4 over Ethernet (RFC 826) */
	u16 ar_hrd, ar_pro;               /* 1 (Ethernet), ETH_P_IP */
	u8 ar_hln, ar_pln;                /* 6, 4 */
	u16 ar_op;                        /* 1 request, 2 reply */
	u8 ar_sha[6];
	u32 ar_sip;
	u8 ar_tha[6];
	u32 ar_tip;
} __attribute__((packed));

struct iphdr {
	u8 ihl_version;                   /* version 4 in the high nibble, header words in the low */
	u8 tos;
	u16 tot_len;                      /* header and payload */
	u16 id;
	u16 frag_off;                     /* flags (DF 0x4000, MF 0x2000) and the fragment's offset */
	u8 ttl, protocol;
	u16 check;
	u32 saddr, daddr;
} __attribute__((packed));

#define IP_DF 0x4000
#define IP_MF 0x2000
#define IP_OFFSET 0x1fff

struct icmphdr {
	u8 type, code;                    /* 8/0: echo request, 0/0: echo reply, 3: unreachable */
	u16 checksum;
	u16 id, sequence;
} __attribute__((packed));

#define ICMP_ECHOREPLY 0
#define ICMP_DEST_UNREACH 3
#define ICMP_PORT_UNREACH 3
#define ICMP_ECHO 8

struct udphdr {
	u16 source, dest, len, check;
} __attribute__((packed));

struct tcphdr {
	u16 source, dest;
	u32 seq, ack_seq;
	u8 doff;                          /* header words in the high nibble */
	u8 flags;                         /* TCPF_* */
	u16 window, check, urg_ptr;
} __attribute__((packed));

#define TCPF_FIN 0x01
#define TCPF_SYN 0x02
#define TCPF_RST 0x04
#define TCPF_PSH 0x08
#define TCPF_ACK 0x10
#define TCPF_URG 0x20

#define IPPROTO_IP 0
#define IPPROTO_ICMP 1
#define IPPROTO_TCP 6
#define IPPROTO_UDP 17

/* Room for every header in front of a payload: Ethernet, IP, TCP with options. */
#define MAX_HEADER (14 + 20 + 60)

/* The Internet checksum (RFC 1071): the one's complement sum of 16-bit words, folded. */
u32 csum_partial(const void *buf, u32 len, u32 sum);
u16 csum_fold(u32 sum);
/* The sum of a packet's bytes from offset off on, fragments included. */
u32 skb_checksum(const struct sk_buff *skb, u32 off, u32 len, u32 sum);
/* TCP and UDP's: over the pseudo-header (addresses, protocol, length) and the segment. */
u16 tcp_udp_checksum(const struct sk_buff *skb, u32 off, u32 len, u32 saddr, u32 daddr, u8 proto);

/* ARP (net/arp.c). */
void arp_rcv(struct sk_buff *skb);
/*
 * Put the Ethernet header for next hop nexthop in front of skb and send it; without the hop's
 * MAC, keep skb (one per address) and ask with an ARP request. Takes the reference. Interrupts off.
 */
int arp_output(struct sk_buff *skb, u32 nexthop);
/* The timers, once a tick, from the thread "net"; and whether any is running. */
void arp_tick(void);
bool arp_timers_pending(void);
void show_arp(struct seq_buf *s);

/* IPv4 (net/ipv4.c). */
void ip_rcv(struct sk_buff *skb);
/* Push an IP header (from saddr, or the interface's address when 0) and send; 0 or -errno. */
int ip_queue_xmit(struct sk_buff *skb, u32 saddr, u32 daddr, u8 protocol);
/* Is addr one of ours (the interface's, or 0.0.0.0 meaning any)? */
bool ip_is_local(u32 addr);
/* The address a socket sends from to reach daddr: the interface's. 0 when unreachable. */
u32 ip_route_source(u32 daddr);

/* ICMP (net/icmp.c). */
void icmp_rcv(struct sk_buff *skb);
/* Tell the sender of skb (an IP packet, header at network_header) that code happened. */
void icmp_send_unreach(struct sk_buff *skb, u8 code);

/* UDP (net/udp.c) and TCP (net/tcp.c). */
void udp_rcv(struct sk_buff *skb);
void tcp_v4_rcv(struct sk_buff *skb);
void tcp_tick(void);
bool tcp_timers_pending(void);
/* Does the thread "net" need waking at the next tick? */
static inline bool net_timers_pending(void)
{
	return arp_timers_pending() || tcp_timers_pending();
}

/* Counters of /proc/net/snmp, Linux's names. */
struct ip_mib {
	u64 InReceives, InHdrErrors, InAddrErrors, InUnknownProtos, InDelivers, OutRequests, OutNoRoutes;
	u64 IcmpInMsgs, IcmpInErrors, IcmpInEchos, IcmpOutMsgs, IcmpOutEchoReps, IcmpOutDestUnreachs;
	u64 TcpActiveOpens, TcpPassiveOpens, TcpAttemptFails, TcpEstabResets, TcpInSegs, TcpOutSegs,
	    TcpRetransSegs, TcpInErrs, TcpOutRsts;
	u64 UdpInDatagrams, UdpNoPorts, UdpInErrors, UdpOutDatagrams;
};
extern struct ip_mib ip_mib;
void show_net_snmp(struct seq_buf *s);
