/*
 * setsockopt and getsockopt: the socket's options (SOL_SOCKET) and TCP's, with Linux's answers
 * for the options kept, those accepted and ignored, and those no protocol here knows.
 */
#include <net/sock.h>
#include <net/ip.h>
#include <kernel/syscall.h>
#include <kernel/time.h>
#include <kernel/uaccess.h>
#include <linux/errno.h>

#define SOL_SOCKET 1
#define SO_REUSEADDR 2
#define SO_TYPE 3
#define SO_ERROR 4
#define SO_SNDBUF 7
#define SO_RCVBUF 8
#define SO_KEEPALIVE 9
#define SO_LINGER 13
#define SO_RCVTIMEO_OLD 20
#define SO_SNDTIMEO_OLD 21
#define SO_ACCEPTCONN 30
#define SO_PROTOCOL 38
#define SO_DOMAIN 39
#define SO_RCVTIMEO_NEW 66
#define SO_SNDTIMEO_NEW 67
#define TCP_NODELAY 1
#define TCP_MAXSEG 2

/* A timeout (struct timeval, 32- or 64-bit seconds) in ticks; 0: forever. */
static int get_timeout(const void *uval, long len, bool is64, u32 *ticks)
{
	union {
		s32 tv32[2];
		s64 tv64[2];
	} tv;
	size_t size = is64 ? sizeof(tv.tv64) : sizeof(tv.tv32);
	s64 sec, usec;

	if (len < (long)size)
		return -EINVAL;
	if (copy_from_user(&tv, uval, size))
		return -EFAULT;
	sec = is64 ? tv.tv64[0] : tv.tv32[0];
	usec = is64 ? tv.tv64[1] : tv.tv32[1];
	if (usec < 0 || usec >= 1000000)
		return -EDOM;
	if (sec < 0)
		sec = usec = 0;
	/* a timeout too long to count is none, as Linux takes it; usec rounds up to a tick */
	*ticks = sec > 1000000 ? 0 : (u32)sec * HZ + ((u32)usec * HZ + 999999) / 1000000;
	return 0;
}

long sys_setsockopt(long fd, long level, long name, const void *uval, long len)
{
	struct sock *sk;
	struct file *f;
	s32 v = 0;
	int err = sockfd_lookup(fd, &f, &sk);

	if (err)
		return err;
	if (level == SOL_SOCKET && (name == SO_RCVTIMEO_OLD || name == SO_RCVTIMEO_NEW))
		return get_timeout(uval, len, name == SO_RCVTIMEO_NEW, &sk->rcvtimeo);
	if (level == SOL_SOCKET && (name == SO_SNDTIMEO_OLD || name == SO_SNDTIMEO_NEW))
		return get_timeout(uval, len, name == SO_SNDTIMEO_NEW, &sk->sndtimeo);
	if (len < (long)sizeof(v))
		return -EINVAL;
	if (copy_from_user(&v, uval, sizeof(v)))
		return -EFAULT;
	if (level == SOL_SOCKET) {
		switch (name) {
		case SO_REUSEADDR:
			sk->reuseaddr = v != 0;
			return 0;
		case SO_KEEPALIVE:
		case SO_LINGER:
			return 0;                         /* accepted; no keep-alive probes are sent */
		case SO_SNDBUF:
		case SO_RCVBUF:
			return 0;                         /* the sizes stay those of the window */
		}
		return -ENOPROTOOPT;
	}
	if (level == IPPROTO_TCP && sk->type == SOCK_STREAM && (name == TCP_NODELAY || name == TCP_MAXSEG))
		return 0;                                 /* every segment is sent at once anyway */
	return -ENOPROTOOPT;
}

long sys_getsockopt(long fd, long level, long name, void *uval, int *ulen)
{
	struct sock *sk;
	struct file *f;
	s32 v, len;
	int err = sockfd_lookup(fd, &f, &sk);

	if (err)
		return err;
	if (copy_from_user(&len, ulen, sizeof(len)))
		return -EFAULT;
	if (len < 0)
		return -EINVAL;
	if (level == SOL_SOCKET) {
		switch (name) {
		case SO_TYPE: v = sk->type; break;
		case SO_ERROR: v = sk->err; sk->err = 0; break;
		case SO_REUSEADDR: v = sk->reuseaddr; break;
		case SO_SNDBUF: v = (s32)sk->sndbuf; break;
		case SO_RCVBUF: v = (s32)sk->rcvbuf; break;
		case SO_KEEPALIVE: v = 0; break;
		case SO_ACCEPTCONN: v = sk->type == SOCK_STREAM && sk->state == TCP_LISTEN; break;
		case SO_PROTOCOL: v = sk->protocol; break;
		case SO_DOMAIN: v = AF_INET; break;
		default: return -ENOPROTOOPT;
		}
	} else if (level == IPPROTO_TCP && sk->type == SOCK_STREAM && name == TCP_NODELAY) {
		v = 0;
	} else if (level == IPPROTO_TCP && sk->type == SOCK_STREAM && name == TCP_MAXSEG) {
		v = sk->mss;
	} else {
		/* an option of a level the protocol passes down to IP, which knows none of them */
		return level == IPPROTO_TCP && sk->type == SOCK_STREAM ? -ENOPROTOOPT : -EOPNOTSUPP;
	}
	len = min(len, (s32)sizeof(v));
	if (copy_to_user(uval, &v, (size_t)len) || copy_to_user(ulen, &len, sizeof(len)))
		return -EFAULT;
	return 0;
}

