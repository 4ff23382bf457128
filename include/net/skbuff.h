/*
 * Socket buffers (net/skbuff.c): one packet on its way through the stack, as Linux's
 * struct sk_buff. The packet lives in two parts:
 *
 *   head ............ data ======== tail ......... end     the linear part: a kmalloc'd buffer,
 *        headroom     headers+bytes  tailroom              headers pushed in front of data
 *   frags[0..nr_frags)                                     the paged part: references to pages
 *                                                          (page-cache pages, for sendfile),
 *                                                          never copied
 *
 * len counts both parts, data_len the paged part alone. A card that gathers (NETIF_F_SG) sends
 * the linear part and each fragment from their own places, one DMA descriptor each: zero-copy.
 * A card that cannot gets the packet linearized first: the CPU copies the fragments in.
 *
 * A buffer is counted (users): a socket keeps a sent TCP segment for retransmission while the
 * card still holds it for DMA; the last kfree_skb frees it and drops its page references.
 * Everything here runs in tasks: system calls, and the thread "net" that receives.
 */
#pragma once
#include <types.h>
#include <kernel/list.h>

struct page;
struct net_device;

#define MAX_SKB_FRAGS 17                 /* 64 KiB of pages, and one more for an offset start */

struct skb_frag {
	struct page *page;               /* a reference is held */
	u32 offset, size;                /* bytes within the page */
};

struct sk_buff {
	struct list_head list;           /* in a queue: a socket's receive or retransmit queue */
	struct net_device *dev;          /* received on, or to be sent by */
	unsigned char *head, *data;      /* the linear buffer, and where the packet starts */
	u32 len;                         /* bytes of the packet: linear and paged */
	u32 data_len;                    /* bytes of it in frags */
	u32 end;                         /* size of the linear buffer */
	int users;                       /* references: the last kfree_skb frees */
	u16 protocol;                    /* Ethernet type, host order (ETH_P_IP, ETH_P_ARP) */
	unsigned char *network_header;   /* the IP header, once known */
	unsigned char *transport_header; /* the TCP, UDP or ICMP header */
	u32 nr_frags;
	struct skb_frag frags[MAX_SKB_FRAGS];
	/* what TCP keeps of a sent segment (net/tcp.c) */
	u32 seq, end_seq;                /* the sequence numbers it covers (SYN and FIN count one) */
	u32 sent_at;                     /* jiffies of its last transmission */
	u8 tcp_flags;
	/* a received datagram's sender (UDP, ICMP): network order */
	u32 saddr;
	u16 sport;
};

/* A buffer with room for size bytes after headroom bytes of headers; NULL without memory. */
struct sk_buff *alloc_skb(u32 headroom, u32 size);
/* A buffer around a kmalloc'd block of size bytes whose first len bytes are a received packet. */
struct sk_buff *build_skb(void *buf, u32 size, u32 len);
struct sk_buff *skb_get(struct sk_buff *skb);
/* Drop a reference; the last one frees the buffer and puts the fragments' pages. NULL is fine. */
void kfree_skb(struct sk_buff *skb);

static inline u32 skb_headlen(const struct sk_buff *skb)
{
	return skb->len - skb->data_len;
}

static inline u32 skb_tailroom(const struct sk_buff *skb)
{
	return skb->end - (u32)(skb->data - skb->head) - skb_headlen(skb);
}

/* Add n bytes at the end of the linear part (no fragments yet); where they go. */
void *skb_put(struct sk_buff *skb, u32 n);
/* Add n bytes of header in front of data; where they go. */
void *skb_push(struct sk_buff *skb, u32 n);
/* Take n bytes off the front (a header read); the new data, or NULL if the packet is shorter. */
void *skb_pull(struct sk_buff *skb, u32 n);
/* Cut the packet to len bytes (the linear part only: received packets have no fragments). */
void skb_trim(struct sk_buff *skb, u32 len);
/* Attach size bytes of page at offset as the next fragment, taking a page reference. */
void skb_add_page(struct sk_buff *skb, struct page *page, u32 offset, u32 size);
/*
 * Copy the fragments into the linear part, for a card that cannot gather: a CPU copy, counted
 * in cpu_kernel_copy_bytes. 0, or -ENOMEM (the buffer is left as it was).
 */
int skb_linearize(struct sk_buff *skb);
/*
 * Call fn on each piece of the packet's bytes [off, off + n): the linear part where it lies,
 * then each fragment's bytes, mapped for the call (kmap_atomic: fn must not sleep).
 */
void skb_walk(const struct sk_buff *skb, u32 off, u32 n, void (*fn)(const void *p, u32 n, void *arg),
	      void *arg);
/* Copy n bytes of the packet from offset off into to (linear and paged parts alike). */
void skb_copy_bits(const struct sk_buff *skb, u32 off, void *to, u32 n);

/* A queue of buffers: a socket's receive queue, TCP's retransmit queue. */
struct sk_buff_head {
	struct list_head list;
	u32 qlen;                        /* buffers */
	u32 bytes;                       /* the sum of their len */
};

void skb_queue_init(struct sk_buff_head *q);
void skb_queue_tail(struct sk_buff_head *q, struct sk_buff *skb);
struct sk_buff *skb_peek(struct sk_buff_head *q);
struct sk_buff *skb_dequeue(struct sk_buff_head *q);
void skb_queue_purge(struct sk_buff_head *q);
