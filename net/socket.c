/*
 * The socket system calls: socket, bind, connect, listen, accept, send and receive, options,
 * shutdown, and socketcall, i386's one entry for all of them (older C libraries use it; musl
 * and glibc use the direct calls when the kernel has them). Mostly argument checking, since we
 * don't trust user code, and calls into the protocol (struct proto): TCP or UDP.
 *
 * A socket is a file (its inode is S_IFSOCK, of a file system with no names): read, write,
 * poll, close and fcntl work on it as on a pipe.
 */
#include <net/sock.h>
#include <net/ip.h>
#include <net/netdevice.h>
#include <fs/fs.h>
#include <fs/file.h>
#include <kernel/cred.h>
#include <kernel/sched.h>
#include <kernel/signal.h>
#include <kernel/seq_buf.h>
#include <kernel/string.h>
#include <kernel/syscall.h>
#include <kernel/time.h>
#include <kernel/uaccess.h>
#include <linux/errno.h>
#include <mm/slab.h>
#include <asm/x86.h>

#define SOCK_MAX 11                     /* types at or above it are not types at all: EINVAL */
#define SOCK_NONBLOCK O_NONBLOCK
#define SOCK_CLOEXEC O_CLOEXEC
#define SOCKFS_MAGIC 0x534f434b


static struct super_block *sockfs_sb;
static struct file_system_type sockfs_type = { .name = "sockfs" };
static const struct file_operations socket_fops;

/* ---------------------------------------------------------------- socks */

void sock_wake(struct sock *sk)
{
	wake_up(sk);
	wake_up_poll();
}

struct sock *sk_alloc(struct proto *prot, int type, int protocol)
{
	struct sock *sk = kzalloc(sizeof(*sk), GFP_KERNEL);

	if (!sk)
		return NULL;
	sk->prot = prot;
	sk->type = type;
	sk->protocol = protocol;
	sk->refcnt = 1;
	sk->uid = current ? current->cred.euid : 0;
	skb_queue_init(&sk->receive_queue);
	skb_queue_init(&sk->write_queue);
	INIT_LIST_HEAD(&sk->node);
	INIT_LIST_HEAD(&sk->accept_queue);
	return sk;
}

void sock_hold(struct sock *sk)
{
	sk->refcnt++;
}

void sock_put(struct sock *sk)
{
	u32 flags = local_irq_save();

	if (--sk->refcnt == 0) {
		skb_queue_purge(&sk->receive_queue);
		skb_queue_purge(&sk->write_queue);
		kfree(sk);
	}
	local_irq_restore(flags);
}

int sk_wait(struct sock *sk, u32 timeout)
{
	u32 deadline = jiffies + timeout;

	/* without a timeout, Linux's -ERESTARTSYS: SA_RESTART handlers have the call made again */
	current->restart_intr = timeout == 0;
	if (signal_pending(current))
		return -EINTR;
	current->wake_jiffies = timeout ? deadline : 0;
	sleep_on(sk);
	current->wake_jiffies = 0;
	if (signal_pending(current))
		return -EINTR;
	if (timeout && (s32)(jiffies - deadline) >= 0)
		return -EAGAIN;                       /* SO_RCVTIMEO, SO_SNDTIMEO ran out */
	return 0;
}

/* Is port (network order) free for sk among socks: no other socket on it, or both reuse it? */
static bool port_free(struct list_head *socks, const struct sock *sk, u16 port)
{
	struct sock *o;

	list_for_each_entry(o, socks, node)
		if (o->sport == port && !o->parent && (!o->reuseaddr || !sk->reuseaddr || o->state == TCP_LISTEN) &&
		    (o->saddr == sk->saddr || !o->saddr || !sk->saddr))
			return false;
	return true;
}

int inet_get_port(struct list_head *socks, u16 *next, struct sock *sk, u16 port)
{
	for (int tries = 0; !port && tries <= PORT_HIGH - PORT_LOW; tries++) {
		u16 p = htons(*next);
		*next = *next == PORT_HIGH ? PORT_LOW : *next + 1;
		if (port_free(socks, sk, p))
			port = p;
	}
	if (!port || !port_free(socks, sk, port))
		return -EADDRINUSE;
	sk->sport = port;
	list_add_tail(&sk->node, socks);
	sk->hashed = true;
	sock_hold(sk);                            /* the table's reference */
	return 0;
}

void inet_unhash(struct sock *sk)
{
	if (sk->hashed) {
		list_del(&sk->node);
		sk->hashed = false;
		sock_put(sk);
	}
}

struct sock *sock_from_file(struct file *f)
{
	return f && f->f_op == &socket_fops ? f->private_data : NULL;
}

/* The socket of descriptor fd into *sk: 0, -EBADF, or -ENOTSOCK. */
int sockfd_lookup(long fd, struct file **fp, struct sock **sk)
{
	struct file *f = fget(fd);

	if (!f)
		return -EBADF;
	if (!(*sk = sock_from_file(f)))
		return -ENOTSOCK;
	*fp = f;
	return 0;
}

void show_inet_socks(struct seq_buf *s, struct list_head *socks, bool tcp)
{
	struct sock *sk;
	int i = 0;

	seq_buf_printf(s, "%s  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid"
		       "  timeout inode%s\n", tcp ? "" : " ", tcp ? "" : " ref pointer drops");
	list_for_each_entry(sk, socks, node) {
		int st = tcp ? sk->state : sk->dport ? TCP_ESTABLISHED : TCP_CLOSE;
		seq_buf_printf(s, tcp ? "%4d: " : "%5d: ", i++);
		seq_buf_printf(s, "%08X:%04X %08X:%04X %02X %08X:%08X 00:00000000 00000000 %5u %8d %u %d 00000000",
			       sk->saddr, ntohs(sk->sport), sk->daddr, ntohs(sk->dport), st,
			       tcp ? sk->snd_nxt - sk->snd_una : 0, sk->receive_queue.bytes, sk->uid, 0, sk->ino,
			       sk->refcnt);
		seq_buf_printf(s, tcp ? " %u 0 0 10 -1\n" : " 0\n", sk->rto);
	}
}

/* ---------------------------------------------------------------- the socket as a file */

static bool nonblocking(struct file *f, int flags)
{
	return (f->f_flags & O_NONBLOCK) || (flags & MSG_DONTWAIT);
}

static ssize_t sock_read(struct file *f, char *ubuf, size_t n, u64 *pos)
{
	struct sock *sk = f->private_data;

	(void)pos;
	return sk->prot->recvmsg(sk, ubuf, n, nonblocking(f, 0) ? MSG_DONTWAIT : 0, NULL, NULL);
}

static ssize_t sock_write(struct file *f, const char *ubuf, size_t n, u64 *pos)
{
	struct sock *sk = f->private_data;

	(void)pos;
	return sk->prot->sendmsg(sk, ubuf, n, 0, 0, nonblocking(f, 0) ? MSG_DONTWAIT : 0);
}

static unsigned sock_poll(struct file *f)
{
	struct sock *sk = f->private_data;

	return sk->prot->poll(sk);
}

static void sock_release(struct inode *inode, struct file *f)
{
	struct sock *sk = f->private_data;

	(void)inode;
	sk->prot->close(sk);
	sock_put(sk);
}

long sock_sendpage(struct file *f, struct page *page, u32 off, size_t n)
{
	struct sock *sk = sock_from_file(f);

	if (!sk->prot->sendpage)
		return -EINVAL;
	return sk->prot->sendpage(sk, page, off, n, nonblocking(f, 0) ? MSG_DONTWAIT : 0);
}

#define FIONREAD 0x541b
#define SIOCGIFADDR 0x8915
#define SIOCETHTOOL 0x8946
#define ETHTOOL_GSG 0x18                /* get scatter-gather: on or off */
#define ETHTOOL_SSG 0x19                /* set it (root) */

struct ifreq {                          /* Linux's, 32 bytes on i386 */
	char ifr_name[IFNAMSIZ];
	union {
		struct sockaddr_in addr;
		u32 data;               /* a user pointer: SIOCETHTOOL's struct ethtool_value */
	};
};

struct ethtool_value {
	u32 cmd, data;
};

/* ethtool -k / -K eth0 sg: whether the card gathers a packet from several places. */
static long sock_ethtool(struct ifreq *ifr)
{
	struct ethtool_value ev;
	void *uev = (void *)(unsigned long)ifr->data;

	if (copy_from_user(&ev, uev, sizeof(ev)))
		return -EFAULT;
	if (ev.cmd == ETHTOOL_GSG) {
		ev.data = !!(netdev->features & NETIF_F_SG);
		return copy_to_user(uev, &ev, sizeof(ev)) ? -EFAULT : 0;
	}
	if (ev.cmd != ETHTOOL_SSG)
		return -EOPNOTSUPP;
	if (!capable(CAP_NET_ADMIN))
		return -EPERM;
	if (ev.data && !(netdev->hw_features & NETIF_F_SG))
		return -EOPNOTSUPP;
	netdev->features = ev.data ? netdev->features | NETIF_F_SG : netdev->features & ~NETIF_F_SG;
	return 0;
}

static long sock_ioctl(struct file *f, unsigned cmd, unsigned long arg)
{
	struct sock *sk = f->private_data;
	struct ifreq ifr;

	if (cmd == FIONREAD)
		return put_user_u32(sk->type == SOCK_DGRAM && skb_peek(&sk->receive_queue) ?
				    skb_peek(&sk->receive_queue)->len : sk->receive_queue.bytes, (void *)arg);
	if (cmd != SIOCGIFADDR && cmd != SIOCETHTOOL)
		return -ENOTTY;
	if (copy_from_user(&ifr, (void *)arg, sizeof(ifr)))
		return -EFAULT;
	if (!netdev || strncmp(ifr.ifr_name, netdev->name, IFNAMSIZ))
		return -ENODEV;
	if (cmd == SIOCETHTOOL)
		return sock_ethtool(&ifr);
	memset(&ifr.addr, 0, sizeof(ifr.addr));
	ifr.addr.sin_family = AF_INET;
	ifr.addr.sin_addr = netdev->ip_addr;
	return copy_to_user((void *)arg, &ifr, sizeof(ifr)) ? -EFAULT : 0;
}

static const struct file_operations socket_fops = {
	.read = sock_read,
	.write = sock_write,
	.poll = sock_poll,
	.release = sock_release,
	.ioctl = sock_ioctl,
};

/* A descriptor for sk (taking its reference): the fd, or -errno (sk is then put). */
static long sock_map_fd(struct sock *sk, long flags)
{
	struct inode *inode;
	struct file *f;
	int fd = get_unused_fd(0);

	if (fd < 0) {
		sk->prot->close(sk);
		sock_put(sk);
		return fd;
	}
	if (!sockfs_sb && !(sockfs_sb = sget_nodev(&sockfs_type, SOCKFS_MAGIC)))
		goto nomem;
	inode = new_inode(sockfs_sb, S_IFSOCK | 0777);
	if (!inode)
		goto nomem;
	inode->i_fop = &socket_fops;
	sk->ino = inode->i_ino;
	f = alloc_file_pseudo(inode, O_RDWR | ((u32)flags & O_NONBLOCK), &socket_fops);
	if (!f)
		goto nomem;
	f->private_data = sk;
	fd_install(fd, f, flags & SOCK_CLOEXEC);
	return fd;
nomem:
	sk->prot->close(sk);
	sock_put(sk);
	return -ENOMEM;
}

/* ---------------------------------------------------------------- addresses */

/* A struct sockaddr_in from user space: 0, -EINVAL (too short), -EFAULT, -EAFNOSUPPORT. */
static int get_sockaddr(const void *uaddr, long len, struct sockaddr_in *sin, bool unspec_ok)
{
	if (len < 0)
		return -EINVAL;
	if (len < (long)sizeof(*sin))
		return len >= 2 && unspec_ok ? -EINVAL : -EINVAL;
	if (copy_from_user(sin, uaddr, sizeof(*sin)))
		return -EFAULT;
	if (sin->sin_family != AF_INET && !(unspec_ok && sin->sin_family == 0))
		return -EAFNOSUPPORT;
	return 0;
}

/* Give an address back: copy what fits, and tell the real length in *ulen. */
static int put_sockaddr(void *uaddr, int *ulen, u32 addr, u16 port)
{
	struct sockaddr_in sin = { .sin_family = AF_INET, .sin_port = port, .sin_addr = addr };
	s32 len;

	if (!uaddr)
		return 0;
	if (copy_from_user(&len, ulen, sizeof(len)))
		return -EFAULT;
	if (len < 0)
		return -EINVAL;
	if (copy_to_user(uaddr, &sin, min((u32)len, (u32)sizeof(sin))))
		return -EFAULT;
	len = sizeof(sin);
	return copy_to_user(ulen, &len, sizeof(len)) ? -EFAULT : 0;
}

/* ---------------------------------------------------------------- the calls */

long sys_socket(long family, long type, long protocol)
{
	struct proto *prot;
	struct sock *sk;
	int kind = (int)(type & SOCK_TYPE_MASK);

	if (type & ~(SOCK_TYPE_MASK | SOCK_NONBLOCK | SOCK_CLOEXEC))
		return -EINVAL;
	if (family != AF_INET)
		return -EAFNOSUPPORT;
	if (kind == SOCK_STREAM && (protocol == 0 || protocol == IPPROTO_TCP))
		prot = &tcp_prot;
	else if (kind == SOCK_DGRAM && (protocol == 0 || protocol == IPPROTO_UDP))
		prot = &udp_prot;
	else if (kind == SOCK_STREAM || kind == SOCK_DGRAM)
		return -EPROTONOSUPPORT;
	else if (kind == SOCK_RAW)
		return capable(CAP_NET_RAW) ? -EPROTONOSUPPORT : -EPERM;
	else if (kind >= SOCK_MAX)
		return -EINVAL;
	else
		return -ESOCKTNOSUPPORT;
	sk = sk_alloc(prot, kind, prot == &tcp_prot ? IPPROTO_TCP : IPPROTO_UDP);
	if (!sk)
		return -ENOMEM;
	if (prot == &tcp_prot)
		tcp_sock_init(sk);
	else
		udp_sock_init(sk);
	return sock_map_fd(sk, type);
}

long sys_socketpair(long family, long type, long protocol, int *usv)
{
	(void)type;
	(void)protocol;
	(void)usv;
	/* AF_UNIX is not here yet; AF_INET sockets cannot be made in pairs, as on Linux */
	return family == AF_INET ? -EOPNOTSUPP : -EAFNOSUPPORT;
}

long sys_bind(long fd, const void *uaddr, long len)
{
	struct sockaddr_in sin;
	struct sock *sk;
	struct file *f;
	u32 flags;
	int err = sockfd_lookup(fd, &f, &sk);

	if (err || (err = get_sockaddr(uaddr, len, &sin, true)))
		return err;
	if (sin.sin_family == 0 && sin.sin_addr)
		return -EAFNOSUPPORT;                    /* AF_UNSPEC is taken only with INADDR_ANY */
	if (!ip_is_local(sin.sin_addr))
		return -EADDRNOTAVAIL;
	if (sin.sin_port && ntohs(sin.sin_port) < 1024 && !capable(CAP_NET_BIND_SERVICE))
		return -EACCES;
	flags = local_irq_save();
	if (sk->hashed || (sk->type == SOCK_STREAM && sk->state != TCP_CLOSE)) {
		err = -EINVAL;                            /* bound already */
	} else {
		sk->saddr = sin.sin_addr;
		err = sk->prot->get_port(sk, sin.sin_port);
		if (err)
			sk->saddr = 0;
	}
	local_irq_restore(flags);
	return err;
}

long sys_connect(long fd, const void *uaddr, long len)
{
	struct sockaddr_in sin;
	struct sock *sk;
	struct file *f;
	int err = sockfd_lookup(fd, &f, &sk);

	if (err || (err = get_sockaddr(uaddr, len, &sin, sk->type == SOCK_DGRAM)))
		return err;
	if (sin.sin_family == 0) {                       /* AF_UNSPEC: a datagram socket forgets its peer */
		sk->daddr = 0;
		sk->dport = 0;
		return 0;
	}
	if (!netdev)
		return -ENETUNREACH;
	err = sk->prot->connect(sk, sin.sin_addr, sin.sin_port, f->f_flags & O_NONBLOCK);
	current->restart_intr = false;               /* the handshake goes on: not made again */
	return err;
}

long sys_listen(long fd, long backlog)
{
	struct sock *sk;
	struct file *f;
	int err = sockfd_lookup(fd, &f, &sk);

	if (err)
		return err;
	if (!sk->prot->listen)
		return -EOPNOTSUPP;
	return sk->prot->listen(sk, (int)backlog);
}

long sys_accept4(long fd, void *uaddr, int *ulen, long flags)
{
	struct sock *sk, *child;
	struct file *f;
	long newfd;
	int err = sockfd_lookup(fd, &f, &sk);

	if (err)
		return err;
	if (flags & ~(SOCK_NONBLOCK | SOCK_CLOEXEC))
		return -EINVAL;
	if (!sk->prot->accept)
		return -EOPNOTSUPP;
	child = sk->prot->accept(sk, f->f_flags & O_NONBLOCK);
	if (IS_ERR(child))
		return PTR_ERR(child);
	newfd = sock_map_fd(child, flags);
	if (newfd >= 0 && (err = put_sockaddr(uaddr, ulen, child->daddr, child->dport)))
		return err;                               /* Linux leaves the new descriptor open too */
	return newfd;
}

static long sys_accept(long fd, void *uaddr, int *ulen)
{
	return sys_accept4(fd, uaddr, ulen, 0);
}

static long get_name(long fd, void *uaddr, int *ulen, bool peer)
{
	struct sock *sk;
	struct file *f;
	int err = sockfd_lookup(fd, &f, &sk);

	if (err)
		return err;
	if (peer && (!sk->dport || (sk->type == SOCK_STREAM && sk->state != TCP_ESTABLISHED &&
				    sk->state != TCP_CLOSE_WAIT)))
		return -ENOTCONN;
	return put_sockaddr(uaddr, ulen, peer ? sk->daddr : sk->saddr, peer ? sk->dport : sk->sport);
}

long sys_getsockname(long fd, void *uaddr, int *ulen)
{
	return get_name(fd, uaddr, ulen, false);
}

long sys_getpeername(long fd, void *uaddr, int *ulen)
{
	return get_name(fd, uaddr, ulen, true);
}

long sys_sendto(long fd, const void *ubuf, unsigned long n, long flags, const void *uaddr, long alen)
{
	struct sockaddr_in sin = { 0 };
	struct sock *sk;
	struct file *f;
	long ret;
	int err = sockfd_lookup(fd, &f, &sk);

	if (err)
		return err;
	if (uaddr && sk->type == SOCK_DGRAM && (err = get_sockaddr(uaddr, alen, &sin, false)))
		return err;
	if (!access_ok(ubuf, n))
		return -EFAULT;
	if (uaddr && sk->type == SOCK_STREAM && sk->state != TCP_ESTABLISHED && sk->state != TCP_CLOSE_WAIT)
		return -EPIPE;
	ret = sk->prot->sendmsg(sk, ubuf, n, sin.sin_addr, sin.sin_port,
				(int)flags | (nonblocking(f, (int)flags) ? MSG_DONTWAIT : 0));
	current->ioac.syscw++;
	if (ret > 0)
		current->ioac.wchar += (u64)ret;
	return ret;
}

static long sys_send(long fd, const void *ubuf, unsigned long n, long flags)
{
	return sys_sendto(fd, ubuf, n, flags, NULL, 0);
}

long sys_recvfrom(long fd, void *ubuf, unsigned long n, long flags, void *uaddr, int *ulen)
{
	struct sock *sk;
	struct file *f;
	u32 saddr = 0;
	u16 sport = 0;
	long ret;
	int err = sockfd_lookup(fd, &f, &sk);

	if (err)
		return err;
	if (!access_ok(ubuf, n))
		return -EFAULT;
	if (flags & MSG_OOB)
		return -EINVAL;
	ret = sk->prot->recvmsg(sk, ubuf, n, (int)flags | (nonblocking(f, (int)flags) ? MSG_DONTWAIT : 0),
				&saddr, &sport);
	current->ioac.syscr++;
	if (ret > 0)
		current->ioac.rchar += (u64)ret;
	if (ret >= 0 && uaddr && (err = put_sockaddr(uaddr, ulen, saddr, sport)))
		return err;
	return ret;
}

static long sys_recv(long fd, void *ubuf, unsigned long n, long flags)
{
	return sys_recvfrom(fd, ubuf, n, flags, NULL, NULL);
}

long sys_shutdown(long fd, long how)
{
	struct sock *sk;
	struct file *f;
	int err = sockfd_lookup(fd, &f, &sk);

	if (err)
		return err;
	if (how < 0 || how > 2)
		return -EINVAL;
	return sk->prot->shutdown(sk, (int)how);
}

/* ---------------------------------------------------------------- messages */

struct user_msghdr {                    /* i386's struct msghdr */
	u32 msg_name;
	s32 msg_namelen;
	u32 msg_iov;
	u32 msg_iovlen;
	u32 msg_control, msg_controllen;
	s32 msg_flags;
};

struct iovec32 {
	u32 base, len;
};

/* sendmsg and recvmsg: each buffer in turn, as one call of send or recv each. */
static long do_msg(long fd, struct user_msghdr *umsg, long flags, bool sending)
{
	struct user_msghdr m;
	long total = 0, n;

	if (copy_from_user(&m, umsg, sizeof(m)))
		return -EFAULT;
	if (m.msg_iovlen > 1024)
		return -EMSGSIZE;
	for (u32 i = 0; i < m.msg_iovlen; i++) {
		struct iovec32 iov;
		if (copy_from_user(&iov, (void *)(unsigned long)(m.msg_iov + i * sizeof(iov)), sizeof(iov)))
			return total ? total : -EFAULT;
		if (!iov.len && i + 1 < m.msg_iovlen)
			continue;
		if (sending)
			n = sys_sendto(fd, (void *)(unsigned long)iov.base, iov.len, flags,
				       m.msg_name ? (void *)(unsigned long)m.msg_name : NULL, m.msg_namelen);
		else
			n = sys_recvfrom(fd, (void *)(unsigned long)iov.base, iov.len,
					 total ? flags | MSG_DONTWAIT : flags,
					 m.msg_name ? (void *)(unsigned long)m.msg_name : NULL,
					 m.msg_name ? &umsg->msg_namelen : NULL);
		if (n < 0)
			return total ? total : n;
		total += n;
		if ((u32)n < iov.len)
			break;
	}
	if (!sending) {
		u32 zero = 0;
		if (copy_to_user(&umsg->msg_controllen, &zero, 4) || copy_to_user(&umsg->msg_flags, &zero, 4))
			return -EFAULT;
	}
	return total;
}

long sys_sendmsg(long fd, void *umsg, long flags)
{
	return do_msg(fd, umsg, flags, true);
}

long sys_recvmsg(long fd, void *umsg, long flags)
{
	return do_msg(fd, umsg, flags, false);
}

/* ---------------------------------------------------------------- socketcall */

#define SYS_SOCKET 1
#define SYS_SENDMMSG 20

/*
 * socketcall(call, args): i386's single entry point for the socket calls, args pointing at
 * their arguments in user memory.
 */
long sys_socketcall(long call, const u32 *uargs)
{
	static const u8 nargs[SYS_SENDMMSG + 1] = { 0, 3, 3, 3, 2, 3, 3, 3, 4, 4, 4, 6, 6, 2, 5, 5, 3, 3, 4, 5, 4 };
	u32 a[6];

	if (call < SYS_SOCKET || call > SYS_SENDMMSG)
		return -EINVAL;
	if (copy_from_user(a, uargs, nargs[call] * sizeof(u32)))
		return -EFAULT;
	switch (call) {
	case 1: return sys_socket((long)a[0], (long)a[1], (long)a[2]);
	case 2: return sys_bind((long)a[0], (void *)a[1], (long)a[2]);
	case 3: return sys_connect((long)a[0], (void *)a[1], (long)a[2]);
	case 4: return sys_listen((long)a[0], (long)a[1]);
	case 5: return sys_accept((long)a[0], (void *)a[1], (int *)a[2]);
	case 6: return sys_getsockname((long)a[0], (void *)a[1], (int *)a[2]);
	case 7: return sys_getpeername((long)a[0], (void *)a[1], (int *)a[2]);
	case 8: return sys_socketpair((long)a[0], (long)a[1], (long)a[2], (int *)a[3]);
	case 9: return sys_send((long)a[0], (void *)a[1], a[2], (long)a[3]);
	case 10: return sys_recv((long)a[0], (void *)a[1], a[2], (long)a[3]);
	case 11: return sys_sendto((long)a[0], (void *)a[1], a[2], (long)a[3], (void *)a[4], (long)a[5]);
	case 12: return sys_recvfrom((long)a[0], (void *)a[1], a[2], (long)a[3], (void *)a[4], (int *)a[5]);
	case 13: return sys_shutdown((long)a[0], (long)a[1]);
	case 14: return sys_setsockopt((long)a[0], (long)a[1], (long)a[2], (void *)a[3], (long)a[4]);
	case 15: return sys_getsockopt((long)a[0], (long)a[1], (long)a[2], (void *)a[3], (int *)a[4]);
	case 16: return sys_sendmsg((long)a[0], (void *)a[1], (long)a[2]);
	case 17: return sys_recvmsg((long)a[0], (void *)a[1], (long)a[2]);
	case 18: return sys_accept4((long)a[0], (void *)a[1], (int *)a[2], (long)a[3]);
	}
	return -ENOSYS;                                   /* recvmmsg, sendmmsg: not here */
}
