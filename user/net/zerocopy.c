/*
 * zerocopy: send one file over TCP four ways and count, for each, what it cost:
 *
 *   read+write          read() the file into a buffer, write() the buffer to the socket
 *   mmap+write          map the file, write() the mapping to the socket
 *   sendfile            sendfile() with the card's scatter-gather off: the kernel copies
 *                       the page cache into socket buffers
 *   sendfile+gather     sendfile() with scatter-gather on: the card reads the page cache
 *
 * The counts are measured, not assumed: /proc/self/io says how many bytes the CPU copied
 * (across the user boundary and inside the kernel), how many a device moved by DMA (the disk
 * into the page cache, the card out of memory), and how many mode switches the calls took.
 * Each way starts with the file's pages dropped from the page cache (root: drop_caches), so
 * the disk's DMA is counted too when the file is on a disk. The CPU's work is the TSC's count
 * less the time the CPU sat idle waiting for the network (under QEMU's -icount, instructions);
 * the time is the TSC's count over its rate, from the first call to the last one returning.
 *
 *   zerocopy FILE HOST PORT     connect to HOST:PORT four times, one way each
 *   zerocopy -l PORT FILE       listen on PORT; the first four connections get one way each
 */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <net/if.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/sendfile.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#define SIOCETHTOOL 0x8946
#define ETHTOOL_GSG 0x18
#define ETHTOOL_SSG 0x19

struct counters {
	unsigned long long user_copy, kernel_copy, dma, switches;
};

enum way { READ_WRITE, MMAP_WRITE, SENDFILE, SENDFILE_GATHER, WAYS };
static const char *const way_name[WAYS] = { "read+write", "mmap+write", "sendfile", "sendfile+gather" };

static void die(const char *what)
{
	fprintf(stderr, "zerocopy: %s: %s\n", what, strerror(errno));
	exit(1);
}

/* The whole of a /proc file into buf (NUL-terminated), or exit. */
static void read_proc(const char *path, char *buf, size_t size)
{
	int fd = open(path, O_RDONLY);
	ssize_t n = fd < 0 ? -1 : read(fd, buf, size - 1);

	if (n < 0)
		die(path);
	close(fd);
	buf[n] = 0;
}

/* The number after "name" in text, or 0. */
static unsigned long long field(const char *text, const char *name)
{
	const char *p = strstr(text, name);

	return p ? strtoull(p + strlen(name), NULL, 10) : 0;
}

/* This process's counters from /proc/self/io. */
static struct counters read_counters(void)
{
	char buf[1024];

	read_proc("/proc/self/io", buf, sizeof(buf));
	return (struct counters){ field(buf, "cpu_user_copy_bytes: "), field(buf, "cpu_kernel_copy_bytes: "),
				  field(buf, "dma_bytes: "), field(buf, "mode_switches: ") };
}

static struct counters minus(struct counters a, struct counters b)
{
	return (struct counters){ a.user_copy - b.user_copy, a.kernel_copy - b.kernel_copy,
				  a.dma - b.dma, a.switches - b.switches };
}

/* What reading the counters itself costs: two readings back to back, subtracted later. */
static struct counters overhead(void)
{
	struct counters a = read_counters(), b = read_counters();

	return minus(b, a);
}

/* ethtool -K eth0 sg on|off, through any socket. 0, or -1 (and errno). */
static int set_gather(int sock, int on)
{
	struct { unsigned cmd, data; } ev = { ETHTOOL_SSG, (unsigned)on };
	struct ifreq ifr;

	memset(&ifr, 0, sizeof(ifr));
	strcpy(ifr.ifr_name, "eth0");
	ifr.ifr_data = (void *)&ev;
	return ioctl(sock, SIOCETHTOOL, &ifr);
}

/* Drop the page cache (clean pages), so the file comes from the disk again: root only. */
static int drop_caches(void)
{
	int fd = open("/proc/sys/vm/drop_caches", O_WRONLY);
	int ok = fd >= 0 && write(fd, "1", 1) == 1;

	if (fd >= 0)
		close(fd);
	return ok;
}

static unsigned long long rdtsc(void)
{
	unsigned lo, hi;

	__asm__ volatile("rdtsc" : "=a"(lo), "=d"(hi));
	return (unsigned long long)hi << 32 | lo;
}

/* TSC cycles the CPU has spent halted since boot (/proc/copystat). */
static unsigned long long idle_cycles(void)
{
	char buf[1024];

	read_proc("/proc/copystat", buf, sizeof(buf));
	return field(buf, "cpu_idle_tsc: ");
}

/* The TSC's rate in cycles per microsecond, from /proc/cpuinfo's "cpu MHz" (0: unknown). */
static double tsc_mhz(void)
{
	char buf[4096], *p;

	read_proc("/proc/cpuinfo", buf, sizeof(buf));
	p = strstr(buf, "cpu MHz");
	p = p ? strchr(p, ':') : NULL;
	return p ? strtod(p + 1, NULL) : 0;
}

/* The CPU's working cycles so far: the TSC less the idle time (under -icount: instructions). */
static unsigned long long busy_cycles(void)
{
	return rdtsc() - idle_cycles();
}

static void write_all(int sock, const char *p, size_t n)
{
	while (n) {
		ssize_t w = write(sock, p, n);
		if (w <= 0)
			die("write");
		p += w;
		n -= (size_t)w;
	}
}

/* Send the file on sock one way; the counters and time of the transfer calls alone. */
static struct counters send_one_way(enum way w, const char *path, int sock, unsigned long long *cycles,
				     unsigned long long *elapsed)
{
	int fd = open(path, O_RDONLY);
	struct stat st;
	struct counters before, after;
	char *buf = NULL;
	off_t off = 0;

	if (fd < 0 || fstat(fd, &st))
		die(path);
	if (w == READ_WRITE && !(buf = malloc((size_t)st.st_size + 1)))
		die("malloc");
	if (w == READ_WRITE)
		memset(buf, 0, (size_t)st.st_size);       /* its pages exist before the count starts */
	*cycles = busy_cycles();
	*elapsed = rdtsc();
	before = read_counters();
	if (w == READ_WRITE) {
		ssize_t n = read(fd, buf, (size_t)st.st_size);
		if (n != st.st_size)
			die("read");
		write_all(sock, buf, (size_t)n);
	} else if (w == MMAP_WRITE) {
		buf = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_SHARED, fd, 0);
		if (buf == MAP_FAILED)
			die("mmap");
		write_all(sock, buf, (size_t)st.st_size);
	} else {
		while (off < st.st_size)
			if (sendfile(sock, fd, &off, (size_t)(st.st_size - off)) <= 0)
				die("sendfile");
	}
	after = read_counters();
	*elapsed = rdtsc() - *elapsed;
	*cycles = busy_cycles() - *cycles;
	if (w == MMAP_WRITE)
		munmap(buf, (size_t)st.st_size);
	else
		free(buf);
	close(fd);
	return minus(after, before);
}

/* End the connection cleanly: our FIN, then wait for the peer's (it has everything then). */
static void finish(int sock)
{
	char c[512];

	shutdown(sock, SHUT_WR);
	while (read(sock, c, sizeof(c)) > 0)
		;
	close(sock);
}

static void print_header(const char *path, long long size, int cached)
{
	printf("zerocopy: %s, %lld bytes%s\n", path, size,
	       cached ? " (page cache not dropped: not root, no disk DMA counted)" : "");
	printf("%-16s %5s %8s %11s %7s %7s %9s %11s %9s\n", "way", "calls", "switches", "data copies",
	       "by CPU", "by DMA", "CPU bytes", "CPU kcycles", "time (us)");
}

/* One line of the table: copies are bytes moved over the file's size. */
static void print_row(enum way w, struct counters c, long long size, unsigned long long cycles,
		      unsigned long long elapsed, double mhz)
{
	unsigned long long cpu = c.user_copy + c.kernel_copy;
	double cpu_copies = (double)cpu / (double)size, dma_copies = (double)c.dma / (double)size;

	printf("%-16s %5llu %8llu %11.0f %7.2f %7.2f %9llu %11llu %9.0f\n", way_name[w], c.switches / 2,
	       c.switches, cpu_copies + dma_copies, cpu_copies, dma_copies, cpu, cycles / 1000,
	       mhz ? (double)elapsed / mhz : 0.0);
	printf("zerocopy: %s switches=%llu cpu_user=%llu cpu_kernel=%llu dma=%llu cycles=%llu elapsed_us=%.0f\n",
	       way_name[w], c.switches, c.user_copy, c.kernel_copy, c.dma, cycles, mhz ? (double)elapsed / mhz : 0.0);
}

/* The sockets' address, or exit. */
static struct sockaddr_in address(const char *host, const char *port)
{
	struct sockaddr_in a;

	memset(&a, 0, sizeof(a));
	a.sin_family = AF_INET;
	a.sin_port = htons((unsigned short)atoi(port));
	if (host && inet_pton(AF_INET, host, &a.sin_addr) != 1) {
		fprintf(stderr, "zerocopy: %s is not an IPv4 address\n", host);
		exit(2);
	}
	return a;
}

static void run(const char *path, int listener, struct sockaddr_in *peer)
{
	struct counters cost = overhead();
	double mhz = tsc_mhz();
	struct stat st;
	int cached;

	if (stat(path, &st))
		die(path);
	cached = !drop_caches();
	print_header(path, (long long)st.st_size, cached);
	for (enum way w = READ_WRITE; w < WAYS; w++) {
		int sock = listener >= 0 ? accept(listener, NULL, NULL) : socket(AF_INET, SOCK_STREAM, 0);
		unsigned long long cycles, elapsed;
		if (sock < 0)
			die(listener >= 0 ? "accept" : "socket");
		if (peer && connect(sock, (struct sockaddr *)peer, sizeof(*peer)))
			die("connect");
		if (set_gather(sock, w == SENDFILE_GATHER) && w >= SENDFILE)
			fprintf(stderr, "zerocopy: cannot switch scatter-gather %s: %s\n",
				w == SENDFILE_GATHER ? "on" : "off", strerror(errno));
		drop_caches();
		struct counters c = minus(send_one_way(w, path, sock, &cycles, &elapsed), cost);
		print_row(w, c, (long long)st.st_size, cycles, elapsed, mhz);
		finish(sock);
	}
	set_gather(listener >= 0 ? listener : socket(AF_INET, SOCK_STREAM, 0), 1);
}

int main(int argc, char **argv)
{
	if (argc == 4 && !strcmp(argv[1], "-l")) {
		struct sockaddr_in a = address(NULL, argv[2]);
		int one = 1, l = socket(AF_INET, SOCK_STREAM, 0);
		if (l < 0 || setsockopt(l, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one)) ||
		    bind(l, (struct sockaddr *)&a, sizeof(a)) || listen(l, 4))
			die("listen");
		printf("zerocopy: listening on port %s\n", argv[2]);
		fflush(stdout);
		run(argv[3], l, NULL);
		close(l);
		return 0;
	}
	if (argc == 4) {
		struct sockaddr_in a = address(argv[2], argv[3]);
		run(argv[1], -1, &a);
		return 0;
	}
	fprintf(stderr, "usage: zerocopy FILE HOST PORT    send FILE to HOST:PORT four ways\n"
			"       zerocopy -l PORT FILE      serve FILE four ways to the first four clients\n");
	return 2;
}
