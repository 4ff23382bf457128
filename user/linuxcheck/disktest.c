/*
 * Files on a disk (ext2 on the first IDE disk, mounted on /mnt), in three boots:
 *
 *   disktest write [DIR]   (DIR: /mnt by default) makes files of every shape (direct, indirect and double-indirect
 *                     blocks, holes, links, renames, MAP_SHARED stores with msync and with
 *                     munmap + sync), prints what stat and readdir say, and powers off
 *   disktest check [DIR]   (the next boot) reads everything back and says whether every byte is
 *                     what was written; major faults; the flusher writing without a sync
 *   disktest big N    writes an N MiB file and reads it back (more than RAM: the page cache
 *                     must write back and drop pages as it goes)
 *   disktest read F   reads file F to its end (the PIO/DMA comparison reads the same file)
 *
 * Every byte written is a function of the file's seed and its offset, so the check needs no
 * copy of what was written.
 */
#include "check.h"
#include <errno.h>
#include <fcntl.h>
#include <dirent.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <sys/sendfile.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/mount.h>
#include <sys/resource.h>
#include <time.h>
#include <pthread.h>
#include <sys/syscall.h>

#define MNT "/mnt"

static unsigned char pattern(unsigned seed, unsigned long off)
{
	unsigned long x = off * 2654435761ul + seed * 40503u;
	return (unsigned char)((x >> 11) ^ (off >> 9) ^ seed);
}

static const char *err(int e)
{
	switch (e) {
	case 0: return "ok";
	case ENOENT: return "ENOENT";
	case EIO: return "EIO";
	case ENOSPC: return "ENOSPC";
	case ENOTEMPTY: return "ENOTEMPTY";
	case EEXIST: return "EEXIST";
	case EINVAL: return "EINVAL";
	case EROFS: return "EROFS";
	case ENOTDIR: return "ENOTDIR";
	case EISDIR: return "EISDIR";
	default: return "other";
	}
}

/* Write n bytes of seed's pattern at off into fd, in chunks of chunk bytes. */
static int put_pattern(int fd, unsigned seed, unsigned long off, unsigned long n, size_t chunk)
{
	static unsigned char buf[65536];

	while (n) {
		size_t c = n < chunk ? n : chunk;
		for (size_t i = 0; i < c; i++)
			buf[i] = pattern(seed, off + i);
		if (pwrite(fd, buf, c, (off_t)off) != (ssize_t)c)
			return -1;
		off += c;
		n -= c;
	}
	return 0;
}

/* Does the file at path hold seed's pattern in [off, off + n) (zeros elsewhere up to size)? */
static int has_pattern(const char *path, unsigned seed, unsigned long off, unsigned long n, unsigned long size)
{
	static unsigned char buf[65536];
	int fd = open(path, O_RDONLY), ok = fd >= 0;
	unsigned long pos = 0;

	while (ok && pos < size) {
		ssize_t got = read(fd, buf, sizeof(buf));
		if (got <= 0) {
			ok = 0;
			break;
		}
		for (ssize_t i = 0; i < got; i++, pos++) {
			unsigned char want = pos >= off && pos < off + n ? pattern(seed, pos) : 0;
			if (buf[i] != want) {
				ok = 0;
				break;
			}
		}
	}
	if (ok && read(fd, buf, 1) != 0)
		ok = 0;
	if (fd >= 0)
		close(fd);
	return ok;
}

static void make_file(const char *name, unsigned seed, unsigned long size)
{
	int fd = open(name, O_CREAT | O_TRUNC | O_WRONLY, 0644);

	if (fd < 0 || put_pattern(fd, seed, 0, size, 4000) || close(fd))
		say("mm: cannot write %s: %s", name, err(errno));
}

static void show_stat(const char *name)
{
	struct stat st;

	if (lstat(name, &st)) {
		say("mm: stat %s: %s", name, err(errno));
		return;
	}
	say("mm: %s: mode %o, %lu links, %lld bytes, %lld blocks", name, (unsigned)st.st_mode,
	    (unsigned long)st.st_nlink, (long long)st.st_size, (long long)st.st_blocks);
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static void show_dir(const char *name)
{
	DIR *d = opendir(name);
	char *names[64], line[200] = "";
	int n = 0;
	struct dirent *e;

	if (!d) {
		say("mm: opendir %s: %s", name, err(errno));
		return;
	}
	while ((e = readdir(d)) && n < 64)
		names[n++] = strdup(e->d_name);
	closedir(d);
	qsort(names, (size_t)n, sizeof(names[0]), cmp_str);
	for (int i = 0; i < n; i++) {
		strncat(line, " ", sizeof(line) - strlen(line) - 1);
		strncat(line, names[i], sizeof(line) - strlen(line) - 1);
		free(names[i]);
	}
	say("mm: %s holds%s", name, line);
}

#define SLOW_TARGET "d/e/a-symbolic-link-target-that-is-longer-than-sixty-bytes-so-it-needs-a-block-of-its-own"

static void write_files(const char *dir)
{
	struct statfs sf;
	long before;

	if (chdir(dir) || statfs(".", &sf)) {
		say("mm: no file system on %s: %s", dir, err(errno));
		return;
	}
	before = (long)sf.f_bfree;
	say("mm: block size %ld", (long)sf.f_bsize);
	make_file("small", 1, 100);
	make_file("indirect", 2, 300 * 1024);           /* past 12 direct blocks, into the indirect ones */
	make_file("double", 3, 2 * 1024 * 1024 + 123);  /* into the double-indirect blocks */
	int from = open("double", O_RDONLY), to = open("sent", O_CREAT | O_WRONLY | O_TRUNC, 0644);
	say("mm: sendfile double to sent: %ld", (long)sendfile(to, from, NULL, 3 * 1024 * 1024));
	close(from);
	close(to);
	say("mm: mkdir d: %s", err(mkdir("d", 0755) ? errno : 0));
	say("mm: mkdir d/e: %s", err(mkdir("d/e", 0700) ? errno : 0));
	make_file("d/e/deep", 4, 5000);
	make_file("moveme", 5, 7000);
	say("mm: rename into d: %s", err(rename("moveme", "d/moved") ? errno : 0));
	say("mm: rename d/e to e2: %s", err(rename("d/e", "e2") ? errno : 0));
	make_file("gone", 6, 40000);
	say("mm: unlink gone: %s", err(unlink("gone") ? errno : 0));
	say("mm: rmdir e2 (not empty): %s", err(rmdir("e2") ? errno : 0));
	say("mm: mkdir empty: %s", err(mkdir("empty", 0755) ? errno : 0));
	say("mm: rmdir empty: %s", err(rmdir("empty") ? errno : 0));
	say("mm: symlink fast: %s", err(symlink("small", "fastlink") ? errno : 0));
	say("mm: symlink slow: %s", err(symlink(SLOW_TARGET, "slowlink") ? errno : 0));
	say("mm: link: %s", err(link("small", "hardlink") ? errno : 0));
	make_file("shrink", 7, 50000);
	say("mm: truncate to 1000: %s", err(truncate("shrink", 1000) ? errno : 0));
	say("mm: truncate to 20000: %s", err(truncate("shrink", 20000) ? errno : 0));
	int fd = open("sparse", O_CREAT | O_WRONLY, 0644);
	say("mm: sparse: %s", err(fd < 0 || put_pattern(fd, 8, 5 * 1024 * 1024, 3000, 3000) || fsync(fd) || close(fd) ? errno : 0));

	/* MAP_SHARED: stores reach the disk after msync, and after munmap and sync */
	for (int i = 0; i < 2; i++) {
		const char *name = i ? "mapped-sync" : "mapped-msync";
		int m = open(name, O_CREAT | O_RDWR, 0644);
		unsigned char *p;
		if (m < 0 || ftruncate(m, 65536)) {
			say("mm: %s: %s", name, err(errno));
			continue;
		}
		p = mmap(NULL, 65536, PROT_READ | PROT_WRITE, MAP_SHARED, m, 0);
		if (p == MAP_FAILED) {
			say("mm: mmap %s: %s", name, err(errno));
			continue;
		}
		for (unsigned long o = 0; o < 65536; o++)
			p[o] = pattern(9 + (unsigned)i, o);
		if (i == 0)
			say("mm: msync MS_SYNC: %s", err(msync(p, 65536, MS_SYNC) ? errno : 0));
		munmap(p, 65536);
		close(m);
	}
	long out = proc_field("/proc/vmstat", "pgpgout");
	sync();
	say("mm: sync wrote to the disk (pgpgout grew): %s", yes(out >= 0 && proc_field("/proc/vmstat", "pgpgout") > out));
	const char *names[] = { "small", "indirect", "double", "d", "d/moved", "e2", "e2/deep", "fastlink",
				"slowlink", "hardlink", "shrink", "sparse", "mapped-msync", "mapped-sync" };
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		show_stat(names[i]);
	show_dir(".");
	show_dir("d");
	statfs(".", &sf);
	say("mm: blocks used by it all: %ld", before - (long)sf.f_bfree);
}

/*
 * Reading a mapped file that is not cached waits for the disk: major faults. Then write-back
 * without any sync: a page written now is still dirty, and the flusher has written it 40 s later.
 */
static void faults_and_flusher(void)
{
	struct rusage before, after;
	struct timespec wait = { 40, 0 };
	struct stat st;
	int fd = open("linuxcheck/sqlitetest", O_RDONLY);        /* big, and not read before */
	unsigned char *p = fd >= 0 && !fstat(fd, &st) ?
		mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_PRIVATE, fd, 0) : MAP_FAILED;
	volatile unsigned sum = 0;                  /* the loads must happen */

	getrusage(RUSAGE_SELF, &before);
	for (off_t o = 0; p != MAP_FAILED && o < st.st_size; o += 4096)
		sum += p[o];
	getrusage(RUSAGE_SELF, &after);
	say("mm: touching an uncached mapped file makes major faults: %s", yes(after.ru_majflt > before.ru_majflt));
	/* read-around: each major fault reads the pages around it too, so in order there are
	 * far fewer major faults than pages (Linux: one per 32-page window or less) */
	say("mm: in order, at most one major fault per 8 pages: %s",
	    yes(p != MAP_FAILED && (after.ru_majflt - before.ru_majflt) * 8 <= (st.st_size + 4095) / 4096));
	say("mm: the mapped file is an ELF program: %s", yes(p != MAP_FAILED && !memcmp(p, "\177ELF", 4)));
	(void)sum;
	make_file("late", 12, 10000);
	say("mm: a file just written is dirty in the page cache: %s", yes(proc_field("/proc/meminfo", "Dirty") >= 12));
	nanosleep(&wait, NULL);
	say("mm: 40 s later the flusher has written it: %s", yes(proc_field("/proc/meminfo", "Dirty") == 0));
}

/*
 * munmap by another thread while a fault waits for the disk: the fault finishes first (Linux's
 * munmap waits for the mmap lock the fault holds), so the faulting thread reads or writes its
 * byte, and then the area is gone. Each time on a mapping of a file not in the page cache. The
 * unmapping thread waits until the faulting one is in the fault: asleep ("D (disk sleep)"),
 * with nothing else between its flag and its access that could sleep.
 */
static volatile int fault_started, faulting_tid;
static void *volatile race_area;

/* The state letter of thread tid of this process, from /proc/self/task/TID/stat. */
static char thread_state(int tid)
{
	char path[64], buf[256], *p;
	int fd, n;

	snprintf(path, sizeof(path), "/proc/self/task/%d/stat", tid);
	fd = open(path, O_RDONLY);
	n = fd >= 0 ? (int)read(fd, buf, sizeof(buf) - 1) : -1;
	if (fd >= 0)
		close(fd);
	if (n <= 0)
		return '?';
	buf[n] = 0;
	p = strrchr(buf, ')');
	return p && p[1] ? p[2] : '?';
}

static void *unmapper(void *arg)
{
	(void)arg;
	while (!fault_started)
		;
	while (thread_state(faulting_tid) == 'R')
		;                                   /* not yet in the fault */
	munmap(race_area, 65536);
	return NULL;
}

static void drop_page_cache(void)
{
	int fd = open("/proc/sys/vm/drop_caches", O_WRONLY);

	if (fd >= 0) {
		write(fd, "1", 1);
		close(fd);
	}
}

static void munmap_during_fault(const char *name, int writing)
{
	int fd = open(name, O_RDONLY);
	pthread_t t;
	unsigned char got = 0;
	void *fresh;

	drop_page_cache();
	fault_started = 0;
	faulting_tid = (int)syscall(SYS_gettid);
	race_area = mmap(NULL, 65536, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, 0);
	pthread_create(&t, NULL, unmapper, NULL);
	fault_started = 1;
	/* one instruction each: once it completes, the other thread may unmap at once */
	if (writing)                                /* copy-on-write of a disk page; the old byte */
		got = __atomic_exchange_n((unsigned char *)race_area + 4096, 0x5a, __ATOMIC_SEQ_CST);
	else
		got = ((volatile unsigned char *)race_area)[4096];
	pthread_join(t, NULL);
	say("mm: munmap by another thread during a %s fault from the disk: the fault finished first: %s",
	    writing ? "write" : "read", yes(got == pattern(2, 4096)));
	fresh = mmap(race_area, 65536, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0);
	say("mm: ... and then the area was gone: %s", yes(fresh == race_area));
	say("mm: ... and new memory there reads zeros, not the old page: %s",
	    yes(fresh == race_area && ((volatile unsigned char *)fresh)[4096] == 0));
	if (fresh != MAP_FAILED)
		munmap(fresh, 65536);
	close(fd);
}

static void check_files(const char *dir)
{
	char link[200];
	ssize_t n;

	if (chdir(dir)) {
		say("mm: no %s: %s", dir, err(errno));
		return;
	}
	long in = proc_field("/proc/vmstat", "pgpgin");
	faults_and_flusher();
	say("mm: reading from the disk counts in pgpgin: %s", yes(in >= 0 && proc_field("/proc/vmstat", "pgpgin") >= in + 2000));
	say("mm: small: %s", yes(has_pattern("small", 1, 0, 100, 100)));
	say("mm: indirect: %s", yes(has_pattern("indirect", 2, 0, 300 * 1024, 300 * 1024)));
	say("mm: double: %s", yes(has_pattern("double", 3, 0, 2 * 1024 * 1024 + 123, 2 * 1024 * 1024 + 123)));
	say("mm: e2/deep: %s", yes(has_pattern("e2/deep", 4, 0, 5000, 5000)));
	say("mm: d/moved: %s", yes(has_pattern("d/moved", 5, 0, 7000, 7000)));
	say("mm: gone is gone: %s", yes(access("gone", F_OK) && errno == ENOENT));
	say("mm: hardlink: %s", yes(has_pattern("hardlink", 1, 0, 100, 100)));
	n = readlink("fastlink", link, sizeof(link) - 1);
	say("mm: fastlink -> %.*s", (int)(n > 0 ? n : 0), link);
	n = readlink("slowlink", link, sizeof(link) - 1);
	say("mm: slowlink right: %s", yes(n == (ssize_t)strlen(SLOW_TARGET) && !memcmp(link, SLOW_TARGET, (size_t)n)));
	say("mm: shrink: 1000 bytes then zeros: %s", yes(has_pattern("shrink", 7, 0, 1000, 20000)));
	say("mm: sparse: %s", yes(has_pattern("sparse", 8, 5 * 1024 * 1024, 3000, 5 * 1024 * 1024 + 3000)));
	say("mm: MAP_SHARED + msync reached the disk: %s", yes(has_pattern("mapped-msync", 9, 0, 65536, 65536)));
	say("mm: MAP_SHARED + munmap + sync reached the disk: %s", yes(has_pattern("mapped-sync", 10, 0, 65536, 65536)));
	munmap_during_fault("indirect", 0);
	munmap_during_fault("indirect", 1);
	show_dir(".");
}

/*
 * Read a file bigger than RAM through one mapping: reclaim must take mapped page-cache pages
 * back, unmapping them through the reverse map, for the end of the file to fit.
 */
static int mapped_pattern(const char *path, unsigned seed, unsigned long size)
{
	int fd = open(path, O_RDONLY), ok;
	const unsigned char *p = fd >= 0 ? mmap(NULL, size, PROT_READ, MAP_SHARED, fd, 0) : MAP_FAILED;

	if (p == MAP_FAILED)
		return 0;
	ok = 1;
	for (unsigned long off = 0; off < size && ok; off += 509)
		ok = p[off] == pattern(seed, off);
	munmap((void *)p, size);
	close(fd);
	return ok;
}

static void big_file(unsigned long mib)
{
	unsigned long size = mib << 20;
	int fd = open(MNT "/big", O_CREAT | O_TRUNC | O_WRONLY, 0644);

	say("mm: big: write %lu MiB: %s", mib, err(fd < 0 || put_pattern(fd, 11, 0, size, 65536) || close(fd) ? errno : 0));
	say("mm: big: read back, every byte right: %s", yes(has_pattern(MNT "/big", 11, 0, size, size)));
	say("mm: big: read through a shared mapping, every byte right: %s", yes(mapped_pattern(MNT "/big", 11, size)));
	say("mm: big: unlink: %s", err(unlink(MNT "/big") ? errno : 0));
	say("mm: big: umount: %s", err(umount(MNT) ? errno : 0));
}

static void read_file(const char *name)
{
	static char buf[65536];
	long total = 0;
	ssize_t n;
	int fd = open(name, O_RDONLY);

	while (fd >= 0 && (n = read(fd, buf, sizeof(buf))) > 0)
		total += n;
	say("mm: read %s: %ld bytes", name, total);
	/* this kernel's count of bytes the CPU and the controller moved (no such file on Linux) */
	fd = open("/proc/diskcopy", O_RDONLY);
	if (fd >= 0 && (n = read(fd, buf, sizeof(buf) - 1)) > 0)
		write(1, buf, (size_t)n);
}

/* Read a file, then echo 1 > /proc/sys/vm/drop_caches: its clean pages leave the page cache. */
static void drop_caches_case(const char *name)
{
	static char buf[65536];
	long total = 0, before, after;
	ssize_t n;
	int fd = open(name, O_RDONLY);

	while (fd >= 0 && (n = read(fd, buf, sizeof(buf))) > 0)
		total += n;
	if (fd >= 0)
		close(fd);
	before = proc_field("/proc/meminfo", "Cached");
	fd = open("/proc/sys/vm/drop_caches", O_WRONLY);
	say("mm: drop_caches: write 1: %s", err(fd < 0 || write(fd, "1", 1) != 1 ? errno : 0));
	if (fd >= 0)
		close(fd);
	after = proc_field("/proc/meminfo", "Cached");
	say("mm: drop_caches: read %ld KiB of %s; Cached fell by at least that: %s", total / 1024, name,
	    yes(before - after >= total / 1024));
}

int main(int argc, char **argv)
{
	if (argc > 1 && !strcmp(argv[1], "write"))
		write_files(argc > 2 ? argv[2] : MNT);
	else if (argc > 1 && !strcmp(argv[1], "check"))
		check_files(argc > 2 ? argv[2] : MNT);
	else if (argc > 2 && !strcmp(argv[1], "big"))
		big_file(strtoul(argv[2], NULL, 10));
	else if (argc > 2 && !strcmp(argv[1], "read"))
		read_file(argv[2]);
	else if (argc > 2 && !strcmp(argv[1], "dropcaches"))
		drop_caches_case(argv[2]);
	else
		say("mm: usage: disktest write | check | big MIB | read FILE | dropcaches FILE");
	say("mm: done");
	if (getpid() == 1) {
		sync();
		reboot(RB_POWER_OFF);
	}
	return 0;
}
