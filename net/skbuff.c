/*
 * Socket buffers (include/net/skbuff.h): allocating, growing headers at the front, attaching
 * pages without copying them, and, for a card that cannot gather, the one copy that puts them
 * back together.
 */
#include <net/skbuff.h>
#include <kernel/printk.h>
#include <kernel/string.h>
#include <kernel/task_io_accounting.h>
#include <mm/slab.h>
#include <mm/gfp.h>
#include <mm/page.h>
#include <mm/highmem.h>
#include <linux/errno.h>
#include <asm/x86.h>

struct sk_buff *build_skb(void *buf, u32 size, u32 len)
{
	struct sk_buff *skb = kzalloc(sizeof(*skb), GFP_KERNEL);

	if (!skb)
		return NULL;
	skb->head = skb->data = buf;
	skb->end = size;
	skb->len = len;
	skb->users = 1;
	INIT_LIST_HEAD(&skb->list);
	return skb;
}

struct sk_buff *alloc_skb(u32 headroom, u32 size)
{
	void *buf = kmalloc(headroom + size, GFP_KERNEL);
	struct sk_buff *skb = buf ? build_skb(buf, headroom + size, 0) : NULL;

	if (!skb) {
		kfree(buf);
		return NULL;
	}
	skb->data += headroom;
	return skb;
}

struct sk_buff *skb_get(struct sk_buff *skb)
{
	skb->users++;
	return skb;
}

void kfree_skb(struct sk_buff *skb)
{
	u32 flags;

	if (!skb)
		return;
	flags = local_irq_save();
	if (--skb->users > 0) {
		local_irq_restore(flags);
		return;
	}
	local_irq_restore(flags);
	for (u32 i = 0; i < skb->nr_frags; i++)
		put_page(skb->frags[i].page);
	kfree(skb->head);
	kfree(skb);
}

void *skb_put(struct sk_buff *skb, u32 n)
{
	unsigned char *tail = skb->data + skb_headlen(skb);

	if (skb->data_len || n > skb_tailroom(skb))
		panic("skb_put: %u bytes do not fit (tailroom %u, paged %u)", n, skb_tailroom(skb),
		      skb->data_len);
	skb->len += n;
	return tail;
}

void *skb_push(struct sk_buff *skb, u32 n)
{
	if ((u32)(skb->data - skb->head) < n)
		panic("skb_push: no headroom for %u bytes", n);
	skb->data -= n;
	skb->len += n;
	return skb->data;
}

void *skb_pull(struct sk_buff *skb, u32 n)
{
	if (n > skb_headlen(skb))
		return NULL;
	skb->data += n;
	skb->len -= n;
	return skb->data;
}

void skb_trim(struct sk_buff *skb, u32 len)
{
	if (len < skb->len && !skb->data_len)
		skb->len = len;
}

void skb_add_page(struct sk_buff *skb, struct page *page, u32 offset, u32 size)
{
	struct skb_frag *f = &skb->frags[skb->nr_frags++];

	if (skb->nr_frags > MAX_SKB_FRAGS)
		panic("skb_add_page: more than %d fragments", MAX_SKB_FRAGS);
	get_page(page);
	f->page = page;
	f->offset = offset;
	f->size = size;
	skb->len += size;
	skb->data_len += size;
}

void skb_walk(const struct sk_buff *skb, u32 off, u32 n, void (*fn)(const void *p, u32 n, void *arg),
	      void *arg)
{
	u32 head = skb_headlen(skb);

	if (off < head) {
		u32 c = min(n, head - off);
		fn(skb->data + off, c, arg);
		n -= c;
		off = head;
	}
	off -= head;
	for (u32 i = 0; i < skb->nr_frags && n; i++) {
		const struct skb_frag *f = &skb->frags[i];
		if (off >= f->size) {
			off -= f->size;
			continue;
		}
		u32 c = min(n, f->size - off);
		const char *va = kmap_atomic(f->page);
		fn(va + f->offset + off, c, arg);
		kunmap_atomic((void *)va);
		n -= c;
		off = 0;
	}
}

static void copy_piece(const void *p, u32 n, void *arg)
{
	char **dst = arg;

	memcpy(*dst, p, n);
	*dst += n;
}

void skb_copy_bits(const struct sk_buff *skb, u32 off, void *to, u32 n)
{
	char *dst = to;

	skb_walk(skb, off, n, copy_piece, &dst);
}

int skb_linearize(struct sk_buff *skb)
{
	u32 headroom = (u32)(skb->data - skb->head), head = skb_headlen(skb);
	unsigned char *buf;

	if (!skb->nr_frags)
		return 0;
	buf = kmalloc(headroom + skb->len, GFP_KERNEL);
	if (!buf)
		return -ENOMEM;
	memcpy(buf + headroom, skb->data, head);
	skb_copy_bits(skb, head, buf + headroom + head, skb->data_len);
	ioac_add_kernel_copy(skb->data_len);        /* the copy a gathering card would not need */
	for (u32 i = 0; i < skb->nr_frags; i++)
		put_page(skb->frags[i].page);
	kfree(skb->head);
	skb->head = buf;
	skb->data = buf + headroom;
	skb->end = headroom + skb->len;
	skb->nr_frags = 0;
	skb->data_len = 0;
	return 0;
}

/* ---------------------------------------------------------------- queues */

void skb_queue_init(struct sk_buff_head *q)
{
	INIT_LIST_HEAD(&q->list);
	q->qlen = q->bytes = 0;
}

void skb_queue_tail(struct sk_buff_head *q, struct sk_buff *skb)
{
	list_add_tail(&skb->list, &q->list);
	q->qlen++;
	q->bytes += skb->len;
}

struct sk_buff *skb_peek(struct sk_buff_head *q)
{
	return list_empty(&q->list) ? NULL : list_first_entry(&q->list, struct sk_buff, list);
}

struct sk_buff *skb_dequeue(struct sk_buff_head *q)
{
	struct sk_buff *skb = skb_peek(q);

	if (skb) {
		list_del(&skb->list);
		q->qlen--;
		q->bytes -= skb->len;
	}
	return skb;
}

void skb_queue_purge(struct sk_buff_head *q)
{
	struct sk_buff *skb;

	while ((skb = skb_dequeue(q)))
		kfree_skb(skb);
}
