/*
 * netcheck: the guest's side of the network tests with a host peer that speaks raw frames
 * (scripts/net_test.py's Peer). It serves what the peer tries, says what happened, and ends
 * with the stack's counters:
 *
 *   1. TCP port 8000: echo one connection's bytes back (through a pipe, with splice), then
 *      keep writing to a second one
 *      until the peer resets it mid-transfer (the error write gives is printed)
 *   2. UDP port 9000: answer each datagram with the same bytes, until one says "bye"
 *   3. sendfile with bad arguments: each error, as Linux gives it
 *   4. /proc/net/snmp
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/sendfile.h>
#include <sys/socket.h>
#include <unistd.h>

static void fail(const char *what)
{
	printf("netcheck: %s: %s\n", what, strerror(errno));
	exit(1);
}

static const char *errname(int e)
{
	switch (e) {
	case 0: return "ok";
	case EBADF: return "EBADF";
	case EFAULT: return "EFAULT";
	case EINVAL: return "EINVAL";
	case EPIPE: return "EPIPE";
	case ENOTCONN: return "ENOTCONN";
	case ECONNRESET: return "ECONNRESET";
	case ESPIPE: return "ESPIPE";
	case ENOTSOCK: return "ENOTSOCK";
	}
	return strerror(e);
}

static int tcp_listener(int port)
{
	struct sockaddr_in a = { .sin_family = AF_INET, .sin_port = htons((unsigned short)port) };
	int one = 1, l = socket(AF_INET, SOCK_STREAM, 0);

	if (l < 0 || setsockopt(l, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one)) ||
	    bind(l, (struct sockaddr *)&a, sizeof(a)) || listen(l, 4))
		fail("listen");
	return l;
}

/* Echo one connection: each read goes into a pipe, and splice moves it from there to the socket. */
static void echo_one(int l)
{
	char buf[2048];
	long total = 0;
	ssize_t n;
	int p[2], c = accept(l, NULL, NULL);

	if (c < 0 || pipe(p))
		fail("accept");
	while ((n = read(c, buf, sizeof(buf))) > 0) {
		if (write(p[1], buf, (size_t)n) != n)
			fail("pipe write");
		if (splice(p[0], NULL, c, NULL, (size_t)n, 0) != n)
			fail("splice to the socket");
		total += n;
	}
	printf("netcheck: echo %ld bytes through a pipe and splice, then end of stream (%s)\n", total,
	       errname(n < 0 ? errno : 0));
	close(c);
	close(p[0]);
	close(p[1]);
}

static void write_until_reset(int l)
{
	static char buf[16384];
	long total = 0;
	ssize_t n;
	int c = accept(l, NULL, NULL);

	if (c < 0)
		fail("accept");
	memset(buf, 'z', sizeof(buf));
	while ((n = write(c, buf, sizeof(buf))) > 0)
		total += n;
	printf("netcheck: reset mid-transfer after %s bytes: write says %s\n", total ? "some" : "no",
	       errname(errno));
	close(c);
}

static void udp_echo(int port)
{
	struct sockaddr_in a = { .sin_family = AF_INET, .sin_port = htons((unsigned short)port) }, from;
	socklen_t len = sizeof(from);
	char buf[2048];
	int s = socket(AF_INET, SOCK_DGRAM, 0);
	ssize_t n;

	if (s < 0 || bind(s, (struct sockaddr *)&a, sizeof(a)))
		fail("udp bind");
	/* answer each datagram with its bytes, until one says "bye" (the peer is done with us) */
	for (;;) {
		len = sizeof(from);
		n = recvfrom(s, buf, sizeof(buf), 0, (struct sockaddr *)&from, &len);
		if (n < 0)
			fail("recvfrom");
		if (n == 3 && !memcmp(buf, "bye", 3))
			break;
		if (sendto(s, buf, (size_t)n, 0, (struct sockaddr *)&from, len) != n)
			fail("sendto");
		printf("netcheck: udp %zd bytes answered\n", n);
	}
	close(s);
}

static void say_sendfile(const char *what, long r)
{
	printf("netcheck: sendfile %s: %s\n", what, r < 0 ? errname(errno) : "ok");
}

static void sendfile_errors(void)
{
	int s = socket(AF_INET, SOCK_STREAM, 0), f = open("/bin/netcheck", O_RDONLY), p[2];
	off_t neg = -1;

	if (s < 0 || f < 0 || pipe(p))
		fail("sendfile set-up");
	signal(SIGPIPE, SIG_IGN);
	say_sendfile("from a bad descriptor", sendfile(s, 99, NULL, 10));
	say_sendfile("to a bad descriptor", sendfile(99, f, NULL, 10));
	say_sendfile("with a bad offset pointer", sendfile(s, f, (off_t *)1, 10));
	say_sendfile("with a negative offset", sendfile(s, f, &neg, 10));
	say_sendfile("from a pipe", sendfile(s, p[0], NULL, 10));
	say_sendfile("to an unconnected socket", sendfile(s, f, NULL, 10));
	say_sendfile("to a read-only file", sendfile(f, f, NULL, 10));
}

static void show(const char *path)
{
	char buf[2048];
	int fd = open(path, O_RDONLY);
	ssize_t n = fd < 0 ? -1 : read(fd, buf, sizeof(buf) - 1);

	if (n < 0)
		fail(path);
	buf[n] = 0;
	for (char *line = strtok(buf, "\n"); line; line = strtok(NULL, "\n"))
		printf("netcheck: %s\n", line);
	close(fd);
}

int main(void)
{
	int l = tcp_listener(8000);

	printf("netcheck: listening on 8000\n");
	fflush(stdout);
	echo_one(l);
	signal(SIGPIPE, SIG_IGN);
	write_until_reset(l);
	close(l);
	udp_echo(9000);
	sendfile_errors();
	show("/proc/net/snmp");
	return 0;
}
