/*
 * The Internet checksum (RFC 1071), which IP, ICMP, UDP and TCP all use: the one's complement
 * of the one's complement sum of the data's 16-bit big-endian words. A packet's checksum covers
 * its linear part and its page fragments alike: reading the fragments is how the CPU still
 * touches every byte that sendfile sends (a card that offloads checksums would spare that).
 */
#include <net/ip.h>
#include <net/skbuff.h>

typedef u32 __attribute__((aligned(1), may_alias)) unaligned_u32;   /* headers sit at any offset */

/* Fold a sum into 16 bits, adding the carries back in (one's complement addition). */
static u32 fold16(u64 sum)
{
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	return (u32)sum;
}

/*
 * The sum of buf's big-endian 16-bit words, added to sum. It reads 32-bit words as the CPU
 * stores them (little-endian) and swaps the two bytes of the folded result: one's complement
 * addition does not care about byte order except for that final swap (RFC 1071, 2(B)).
 */
u32 csum_partial(const void *buf, u32 len, u32 sum)
{
	const u8 *p = buf;
	u64 acc = 0;
	u32 le;

	for (; len >= 16; len -= 16, p += 16) {
		const unaligned_u32 *w = (const unaligned_u32 *)p;
		acc += (u64)w[0] + w[1] + w[2] + w[3];
	}
	for (; len >= 4; len -= 4, p += 4)
		acc += *(const unaligned_u32 *)p;
	if (len >= 2) {
		acc += (u32)p[0] | (u32)p[1] << 8;
		p += 2;
		len -= 2;
	}
	if (len)
		acc += p[0];                          /* an odd last byte: the high half of a word */
	le = fold16(acc);
	return fold16((u64)sum + ((le & 0xff) << 8 | le >> 8));
}

u16 csum_fold(u32 sum)
{
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	return htons((u16)~sum);
}

static void sum_piece(const void *p, u32 n, void *arg)
{
	u32 *sum = arg;

	/* an odd-length piece before another would shift the words: fragments are even here */
	*sum = csum_partial(p, n, *sum);
}

u32 skb_checksum(const struct sk_buff *skb, u32 off, u32 len, u32 sum)
{
	skb_walk(skb, off, len, sum_piece, &sum);
	return sum;
}

u16 tcp_udp_checksum(const struct sk_buff *skb, u32 off, u32 len, u32 saddr, u32 daddr, u8 proto)
{
	u32 sum = csum_partial(&saddr, 4, 0);

	sum = csum_partial(&daddr, 4, sum);
	sum += proto + len;
	return csum_fold(skb_checksum(skb, off, len, sum));
}

