/*
 * Sockets as Linux 6.1 answers them on a machine with no network configured (the test boots
 * have no card, and Linux's loopback stays down): creating them, binding, listening, options,
 * the errors of calls made in the wrong state, socketcall, and sendfile and splice's argument
 * checks. Run as init (uid 0).
 */
#define _GNU_SOURCE
#include "check.h"
#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <signal.h>
#include <sys/ioctl.h>
#include <sys/sendfile.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <pthread.h>

static const char *err(long r)
{
	return r >= 0 ? "ok" : strerror(errno);
}

static struct sockaddr_in addr(const char *ip, int port)
{
	struct sockaddr_in a;

	memset(&a, 0, sizeof(a));
	a.sin_family = AF_INET;
	a.sin_port = htons((unsigned short)port);
	inet_pton(AF_INET, ip, &a.sin_addr);
	return a;
}

static int bind_to(int s, const char *ip, int port)
{
	struct sockaddr_in a = addr(ip, port);

	return bind(s, (struct sockaddr *)&a, sizeof(a));
}

static int local_port(int s)
{
	struct sockaddr_in a;
	socklen_t len = sizeof(a);

	if (getsockname(s, (struct sockaddr *)&a, &len))
		return -1;
	return ntohs(a.sin_port);
}

/* An option's value as text (four buffers in turn: a line may show several). */
static const char *opt(int s, int level, int name)
{
	static char bufs[4][32];
	static int next;
	char *buf = bufs[next++ % 4];
	int v = -1;
	socklen_t len = sizeof(v);

	if (getsockopt(s, level, name, &v, &len))
		return strerror(errno);
	snprintf(buf, sizeof(bufs[0]), "%d (%u bytes)", v, (unsigned)len);
	return buf;
}

static void creating(void)
{
	struct stat st;
	int s = socket(AF_INET, SOCK_STREAM, 0);

	say("mm: socket(AF_INET, SOCK_STREAM, 0): %s", err(s));
	fstat(s, &st);
	say("mm: fstat says a socket: %s, mode %o", yes(S_ISSOCK(st.st_mode)), st.st_mode & 07777);
	say("mm: SOCK_STREAM with IPPROTO_UDP: %s", err(socket(AF_INET, SOCK_STREAM, IPPROTO_UDP)));
	say("mm: SOCK_DGRAM with IPPROTO_TCP: %s", err(socket(AF_INET, SOCK_DGRAM, IPPROTO_TCP)));
	say("mm: SOCK_SEQPACKET: %s", err(socket(AF_INET, SOCK_SEQPACKET, 0)));
	say("mm: type 11: %s; type 99: %s", err(socket(AF_INET, 11, 0)), err(socket(AF_INET, 99, 0)));
	say("mm: family 12345: %s", err(socket(12345, SOCK_STREAM, 0)));
	s = socket(AF_INET, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	say("mm: SOCK_NONBLOCK|SOCK_CLOEXEC: O_NONBLOCK %s, FD_CLOEXEC %s", yes(fcntl(s, F_GETFL) & O_NONBLOCK),
	    yes(fcntl(s, F_GETFD) & FD_CLOEXEC));
	say("mm: socketpair(AF_INET): %s", err(socketpair(AF_INET, SOCK_STREAM, 0, (int[2]){ 0, 0 })));
}

static void binding(void)
{
	int s = socket(AF_INET, SOCK_STREAM, 0), t = socket(AF_INET, SOCK_STREAM, 0), p;
	struct sockaddr_in a = addr("0.0.0.0", 0);

	say("mm: bind with a 4-byte address: %s", err(bind(s, (struct sockaddr *)&a, 4)));
	a.sin_family = AF_UNIX;
	say("mm: bind with family AF_UNIX: %s", err(bind(s, (struct sockaddr *)&a, sizeof(a))));
	say("mm: bind to 10.0.2.15, an address no interface has: %s", err(bind_to(s, "10.0.2.15", 0)));
	say("mm: bind to 0.0.0.0 port 0: %s", err(bind_to(s, "0.0.0.0", 0)));
	p = local_port(s);
	say("mm: ... a port was chosen: %s, within 32768..60999: %s", yes(p > 0), yes(p >= 32768 && p <= 60999));
	say("mm: bind again: %s", err(bind_to(s, "0.0.0.0", 0)));
	say("mm: another socket on the same port: %s", err(bind_to(t, "0.0.0.0", p)));
	a = addr("0.0.0.0", 0);
	a.sin_family = AF_UNSPEC;
	say("mm: bind with AF_UNSPEC and INADDR_ANY: %s", err(bind(t, (struct sockaddr *)&a, sizeof(a))));
	close(s);
	close(t);
}

static int sigpipes;

static void on_sigpipe(int sig)
{
	(void)sig;
	sigpipes++;
}

static void states(void)
{
	int l = socket(AF_INET, SOCK_STREAM, 0), s = socket(AF_INET, SOCK_STREAM, 0), one = 1;
	char c;
	struct sockaddr_in to = addr("10.0.2.2", 80);
	long r;

	r = listen(l, 5);                       /* one call a statement: C leaves argument order open */
	say("mm: listen without bind: %s, then it has a port: %s", err(r), yes(local_port(l) > 0));
	fcntl(l, F_SETFL, O_NONBLOCK);
	say("mm: accept with nobody connecting (O_NONBLOCK): %s", err(accept(l, NULL, NULL)));
	say("mm: accept on a socket that does not listen: %s", err(accept(s, NULL, NULL)));
	say("mm: read from a listening socket: %s", err(read(l, &c, 1)));
	say("mm: SO_ACCEPTCONN of the listener %s, of the other %s", opt(l, SOL_SOCKET, SO_ACCEPTCONN),
	    opt(s, SOL_SOCKET, SO_ACCEPTCONN));
	signal(SIGPIPE, on_sigpipe);
	r = write(s, "x", 1);
	say("mm: write to an unconnected TCP socket: %s, SIGPIPE %d", err(r), sigpipes);
	r = send(s, "x", 1, MSG_NOSIGNAL);
	say("mm: send with MSG_NOSIGNAL: %s, SIGPIPE %d", err(r), sigpipes);
	say("mm: recv from it: %s", err(recv(s, &c, 1, 0)));
	say("mm: shutdown of it: %s; shutdown how=5: %s", err(shutdown(s, SHUT_WR)), err(shutdown(s, 5)));
	say("mm: getpeername of it: %s", err(getpeername(s, (struct sockaddr *)&to, &(socklen_t){ sizeof(to) })));
	to = addr("10.0.2.2", 80);
	say("mm: connect to 10.0.2.2 with no route: %s", err(connect(s, (struct sockaddr *)&to, sizeof(to))));
	say("mm: connect with a short address: %s", err(connect(s, (struct sockaddr *)&to, 8)));
	say("mm: SO_TYPE %s, SO_PROTOCOL %s, SO_DOMAIN %s", opt(s, SOL_SOCKET, SO_TYPE),
	    opt(s, SOL_SOCKET, SO_PROTOCOL), opt(s, SOL_SOCKET, SO_DOMAIN));
	say("mm: SO_ERROR %s", opt(s, SOL_SOCKET, SO_ERROR));
	r = setsockopt(s, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	say("mm: SO_REUSEADDR set: %s, now %s", err(r), opt(s, SOL_SOCKET, SO_REUSEADDR));
	say("mm: TCP_NODELAY set: %s", err(setsockopt(s, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one))));
	say("mm: an option of level 999: %s", opt(s, 999, 1));
	say("mm: an unknown SOL_SOCKET option: %s", opt(s, SOL_SOCKET, 12345));
	say("mm: setsockopt with a 2-byte value: %s", err(setsockopt(s, SOL_SOCKET, SO_REUSEADDR, &one, 2)));
	say("mm: getsockopt on a pipe: %s", err(getsockopt(0, SOL_SOCKET, SO_TYPE, &one, &(socklen_t){ 4 })));
	close(s);
	close(l);
}

static void datagrams(void)
{
	int u = socket(AF_INET, SOCK_DGRAM, 0), n = -1;
	long r;
	struct sockaddr_in to = addr("10.0.2.2", 9), none = addr("0.0.0.0", 0);
	struct timeval tv = { 0, 100000 };
	char c;

	say("mm: UDP send with no destination: %s", err(send(u, "x", 1, 0)));
	say("mm: UDP sendto 10.0.2.2 with no route: %s", err(sendto(u, "x", 1, 0, (struct sockaddr *)&to, sizeof(to))));
	say("mm: UDP recv with MSG_DONTWAIT: %s", err(recv(u, &c, 1, MSG_DONTWAIT)));
	say("mm: listen on UDP: %s", err(listen(u, 1)));
	r = ioctl(u, FIONREAD, &n);
	say("mm: FIONREAD of an empty UDP socket: %s, %d", err(r), n);
	none.sin_family = AF_UNSPEC;
	say("mm: UDP connect with AF_UNSPEC: %s", err(connect(u, (struct sockaddr *)&none, sizeof(none))));
	say("mm: SO_RCVTIMEO of 100 ms: %s", err(setsockopt(u, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv))));
	bind_to(u, "0.0.0.0", 0);
	say("mm: ... then recv waits and says: %s", err(recv(u, &c, 1, 0)));
	tv.tv_usec = 2000000;
	say("mm: SO_RCVTIMEO with 2000000 microseconds: %s", err(setsockopt(u, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv))));
	close(u);
}

static int closing_fd;

static void *close_soon(void *arg)
{
	(void)arg;
	pause_ms(50);
	close(closing_fd);                      /* while the main thread waits in accept */
	return NULL;
}

/* A close by another thread does not end a call that waits on the socket: the file stays open. */
static void closing(void)
{
	struct timeval tv = { 0, 300000 };
	pthread_t t;
	long r;

	closing_fd = socket(AF_INET, SOCK_STREAM, 0);
	setsockopt(closing_fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
	listen(closing_fd, 1);
	pthread_create(&t, NULL, close_soon, NULL);
	r = accept(closing_fd, NULL, NULL);
	say("mm: accept while another thread closes the descriptor: %s (after its timeout)", err(r));
	pthread_join(t, NULL);
	say("mm: ... and then the descriptor is closed: %s", err(fcntl(closing_fd, F_GETFD)));
}

static void socketcall_and_copies(void)
{
	unsigned long args[3] = { AF_INET, SOCK_STREAM, 0 };
	int s = (int)syscall(SYS_socketcall, 1, args), f = open("/data/file.txt", O_RDONLY), p[2];
	int q = open("/data/spliced", O_RDWR | O_CREAT, 0600);
	loff_t off = 0;
	long r;

	say("mm: socketcall(SYS_SOCKET): %s; call 0: %s; call 21: %s", err(s), err(syscall(SYS_socketcall, 0, args)),
	    err(syscall(SYS_socketcall, 21, args)));
	say("mm: getsockname on a pipe: %s", err(pipe(p) ? -1 : getsockname(p[0], NULL, NULL)));
	signal(SIGPIPE, SIG_IGN);
	say("mm: sendfile to an unconnected socket: %s", err(sendfile(s, f, NULL, 10)));
	say("mm: splice between two files: %s", err(splice(f, NULL, q, NULL, 10, 0)));
	say("mm: splice from a pipe with an offset: %s", err(splice(p[0], &off, q, NULL, 10, 0)));
	say("mm: splice with flags 0x100: %s", err(splice(f, NULL, p[1], NULL, 10, 0x100)));
	r = splice(f, &off, p[1], NULL, 20, 0);
	say("mm: splice of 20 bytes of a file into a pipe: %ld", r);
	say("mm: ... the offset moved to %lld; the file position stays %lld", (long long)off, (long long)lseek(f, 0, SEEK_CUR));
	off = 3;
	r = splice(p[0], NULL, q, &off, 1000, 0);
	say("mm: splice of the pipe into a file at offset 3: %ld bytes, offset now %lld", r, (long long)off);
	say("mm: splice of 0 bytes: %s", err(splice(f, NULL, p[1], NULL, 0, 0)));
	say("mm: splice of a pipe into itself: %s", err(splice(p[0], NULL, p[1], NULL, 10, 0)));
}

int main(int argc, char **argv)
{
	static const struct check_case cases[] = {
		{ "creating", creating }, { "binding", binding }, { "states", states },
		{ "datagrams", datagrams }, { "socketcall", socketcall_and_copies }, { "closing", closing },
	};

	return run_cases(cases, 6, argc, argv);
}
