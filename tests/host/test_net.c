/*
 * Socket buffers (net/skbuff.c) and the Internet checksum (net/checksum.c) on the host: headers
 * pushed and pulled, page fragments referenced and not copied, the one copy skb_linearize makes
 * (and counts), and checksums over linear and paged bytes equal to those of a flat copy.
 */
#include <string.h>
#include <kernel/selftest.h>
#include <kernel/task_io_accounting.h>
#include "fake_kernel.h"
#include <net/ip.h>
#include <net/skbuff.h>
#include <mm/gfp.h>
#include <mm/page.h>
#include <mm/highmem.h>
#include <mm/slab.h>

static void setup(void)
{
	host_mm_setup(4096, 8192, 8192);
	kmem_cache_init();
}

/* RFC 1071's example: the words 0001 f203 f4f5 f6f7 sum to ddf2, whose complement is 220d. */
static int test_checksum(void)
{
	static const u8 data[8] = { 0x00, 0x01, 0xf2, 0x03, 0xf4, 0xf5, 0xf6, 0xf7 };
	u8 with[10];
	u16 c = csum_fold(csum_partial(data, sizeof(data), 0));

	if (ntohs(c) != 0x220d)
		return 1;
	memcpy(with, data, sizeof(data));
	memcpy(with + 8, &c, 2);                  /* data and its checksum sum to zero */
	if (csum_fold(csum_partial(with, sizeof(with), 0)) != 0)
		return 2;
	return csum_fold(csum_partial(data, 7, 0)) == c ? 3 : 0;   /* an odd length pads a zero */
}
SELFTEST("net.checksum", test_checksum, 0);

static int test_push_pull(void)
{
	struct sk_buff *skb;
	char *p;

	setup();
	skb = alloc_skb(64, 100);
	memcpy(skb_put(skb, 10), "0123456789", 10);
	p = skb_push(skb, 4);
	memcpy(p, "HDR:", 4);
	if (skb->len != 14 || memcmp(skb->data, "HDR:0123456789", 14) || skb_tailroom(skb) != 90)
		return 1;
	if (!skb_pull(skb, 4) || skb->len != 10 || skb->data[0] != '0' || skb_pull(skb, 11))
		return 2;
	skb_trim(skb, 3);
	if (skb->len != 3)
		return 3;
	kfree_skb(skb);
	return 0;
}
SELFTEST("net.push_pull", test_push_pull, 0);

/* A packet of a 20-byte header and two page fragments, and the same bytes flat. */
static struct sk_buff *paged_packet(struct page **pages, u8 *flat)
{
	struct sk_buff *skb = alloc_skb(MAX_HEADER, 20);

	for (int i = 0; i < 20; i++)
		flat[i] = (u8)(0xa0 + i);
	memcpy(skb_put(skb, 20), flat, 20);
	for (int n = 0; n < 2; n++) {
		pages[n] = alloc_page(GFP_KERNEL);
		u8 *va = kmap_atomic(pages[n]);
		for (int i = 0; i < 4096; i++)
			va[i] = (u8)(i * 7 + n * 13);
		kunmap_atomic(va);
	}
	skb_add_page(skb, pages[0], 100, 1000);       /* even lengths: checksums need no shifting */
	skb_add_page(skb, pages[1], 0, 2000);
	for (int i = 0; i < 1000; i++)
		flat[20 + i] = (u8)((100 + i) * 7);
	for (int i = 0; i < 2000; i++)
		flat[1020 + i] = (u8)(i * 7 + 13);
	return skb;
}

static int test_fragments(void)
{
	static u8 flat[3020], copy[3020];
	struct page *pages[2];
	struct sk_buff *skb;

	setup();
	skb = paged_packet(pages, flat);
	if (skb->len != 3020 || skb->data_len != 3000 || skb_headlen(skb) != 20 || skb->nr_frags != 2)
		return 1;
	if (page_count(pages[0]) != 2)
		return 2;                             /* a reference, not a copy */
	skb_copy_bits(skb, 0, copy, 3020);
	if (memcmp(copy, flat, 3020))
		return 3;
	skb_copy_bits(skb, 1010, copy, 20);           /* across the two fragments */
	if (memcmp(copy, flat + 1010, 20))
		return 4;
	if (csum_fold(skb_checksum(skb, 0, 3020, 0)) != csum_fold(csum_partial(flat, 3020, 0)))
		return 5;
	kfree_skb(skb);
	if (page_count(pages[0]) != 1 || page_count(pages[1]) != 1)
		return 6;                             /* the packet's references went with it */
	__free_page(pages[0]);
	__free_page(pages[1]);
	return 0;
}
SELFTEST("net.fragments", test_fragments, 0);

static int test_linearize(void)
{
	static u8 flat[3020];
	struct page *pages[2];
	struct sk_buff *skb;
	u64 copied = system_ioac.cpu_kernel_copy_bytes;

	setup();
	skb = paged_packet(pages, flat);
	skb_push(skb, 14);                            /* an Ethernet header in front, as the card gets it */
	if (skb_linearize(skb) || skb->nr_frags || skb->data_len || skb->len != 3034)
		return 1;
	if (memcmp(skb->data + 14, flat, 3020))
		return 2;
	if (system_ioac.cpu_kernel_copy_bytes - copied != 3000)
		return 3;                             /* the fragments' bytes: the one CPU copy */
	if (page_count(pages[0]) != 1)
		return 4;
	kfree_skb(skb);
	__free_page(pages[0]);
	__free_page(pages[1]);
	return 0;
}
SELFTEST("net.linearize", test_linearize, 0);

static int test_queue(void)
{
	struct sk_buff_head q;
	struct sk_buff *a, *b;

	setup();
	skb_queue_init(&q);
	a = alloc_skb(0, 10);
	b = alloc_skb(0, 20);
	skb_put(a, 10);
	skb_put(b, 20);
	skb_queue_tail(&q, a);
	skb_queue_tail(&q, b);
	if (q.qlen != 2 || q.bytes != 30 || skb_peek(&q) != a)
		return 1;
	if (skb_dequeue(&q) != a || q.bytes != 20)
		return 2;
	skb_get(b);
	skb_queue_purge(&q);
	if (q.qlen || b->users != 1)
		return 3;                             /* the queue's reference went; ours stays */
	kfree_skb(a);
	kfree_skb(b);
	return 0;
}
SELFTEST("net.queue", test_queue, 0);
