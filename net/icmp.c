/*
 * ICMP (RFC 792): the Internet's error and test messages. Echo requests (ping) are answered
 * with echo replies carrying the same bytes; a datagram for a closed UDP port is answered with
 * "destination unreachable, port unreachable", quoting its IP header and first 8 bytes.
 */
#include <net/ip.h>
#include <net/netdevice.h>
#include <net/skbuff.h>
#include <kernel/string.h>

void icmp_rcv(struct sk_buff *skb)
{
	struct iphdr *iph = (struct iphdr *)skb->network_header;
	struct icmphdr *ic = (struct icmphdr *)skb->data;
	struct sk_buff *reply;

	ip_mib.IcmpInMsgs++;
	if (skb_headlen(skb) < sizeof(*ic) || csum_fold(skb_checksum(skb, 0, skb->len, 0)) != 0) {
		ip_mib.IcmpInErrors++;
		goto out;
	}
	if (ic->type != ICMP_ECHO || ic->code != 0 || iph->daddr == 0xffffffff)
		goto out;
	ip_mib.IcmpInEchos++;
	reply = alloc_skb(MAX_HEADER, skb->len);
	if (!reply)
		goto out;
	ic = skb_put(reply, skb->len);
	skb_copy_bits(skb, 0, ic, skb->len);           /* the same identifier, sequence and data */
	ic->type = ICMP_ECHOREPLY;
	ic->checksum = 0;
	ic->checksum = csum_fold(csum_partial(ic, reply->len, 0));
	ip_mib.IcmpOutMsgs++;
	ip_mib.IcmpOutEchoReps++;
	ip_queue_xmit(reply, iph->daddr, iph->saddr, IPPROTO_ICMP);
out:
	kfree_skb(skb);
}

void icmp_send_unreach(struct sk_buff *skb, u8 code)
{
	struct iphdr *iph = (struct iphdr *)skb->network_header;
	u32 ihl = (iph->ihl_version & 15) * 4u, quote = ihl + 8;
	struct sk_buff *msg = alloc_skb(MAX_HEADER, sizeof(struct icmphdr) + quote);
	struct icmphdr *ic;

	if (!msg)
		return;
	ic = skb_put(msg, sizeof(*ic));
	memset(ic, 0, sizeof(*ic));
	ic->type = ICMP_DEST_UNREACH;
	ic->code = code;
	memcpy(skb_put(msg, quote), iph, quote);       /* the header and 8 bytes: the ports */
	ic->checksum = csum_fold(csum_partial(ic, msg->len, 0));
	ip_mib.IcmpOutMsgs++;
	ip_mib.IcmpOutDestUnreachs++;
	ip_queue_xmit(msg, iph->daddr, iph->saddr, IPPROTO_ICMP);
}
