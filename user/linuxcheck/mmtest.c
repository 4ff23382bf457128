/*
 * Memory semantics, checked against Linux: this program runs as /init both on this kernel and on
 * Debian's i386 Linux 6.1 in the same QEMU (scripts/linux-reference.sh), and prints only facts
 * (zeroed or kept, signal numbers, errno names), never addresses. make test compares the lines
 * starting with "mm: " with tests/expected/linux/mmtest.out.
 *
 * Each check that may die runs in a child; "signal 11" is the child's fate.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/reboot.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>
#include "check.h"

#define PG 4096
#define KERNEL_ADDR 0xC0000000ul
#define FILE_PATH "/data/file.txt"
#define FILE_SIZE 5000


static const char *err_name(int e)
{
	switch (e) {
	case 0: return "ok";
	case EINVAL: return "EINVAL";
	case ENOMEM: return "ENOMEM";
	case EBADF: return "EBADF";
	case EFAULT: return "EFAULT";
	case EACCES: return "EACCES";
	case EEXIST: return "EEXIST";
	case ENODEV: return "ENODEV";
	default: return "other";
	}
}

/* errno of a call that returned -1 (or "ok"). */
static const char *result(long r)
{
	return r == -1 ? err_name(errno) : "ok";
}

static void *map(size_t len, int prot, int flags)
{
	return mmap(NULL, len, prot, flags | MAP_ANONYMOUS, -1, 0);
}

static void write_byte(void *p) { *(volatile char *)p = 1; }

static long brk_to(unsigned long a)
{
	return syscall(SYS_brk, a);
}

/* ---------------------------------------------------------------- brk */

static void test_brk(void)
{
	unsigned long b0 = (unsigned long)brk_to(0);
	unsigned char *p = (unsigned char *)b0;

	say("mm: brk: grow 3 pages: %s", yes((unsigned long)brk_to(b0 + 3 * PG) == b0 + 3 * PG));
	memset(p, 0x77, 3 * PG);
	say("mm: brk: shrink to 1 page: %s", yes((unsigned long)brk_to(b0 + PG) == b0 + PG));
	say("mm: brk: above the break after shrinking: signal %d", fate(read_byte, p + PG));
	say("mm: brk: regrow: %s", yes((unsigned long)brk_to(b0 + 3 * PG) == b0 + 3 * PG));
	say("mm: brk: first page kept: %s", yes(p[0] == 0x77 && p[PG - 1] == 0x77));
	say("mm: brk: regrown pages zeroed: %s", yes(p[PG] == 0 && p[2 * PG + 100] == 0));
	say("mm: brk: below the start: unchanged: %s", yes((unsigned long)brk_to(b0 - 16 * PG) == b0 + 3 * PG));
	say("mm: brk: into the kernel: unchanged: %s", yes((unsigned long)brk_to(KERNEL_ADDR + PG) == b0 + 3 * PG));
	say("mm: brk: 1.5 GiB more than RAM: unchanged: %s", yes((unsigned long)brk_to(b0 + 0x60000000) == b0 + 3 * PG));
	say("mm: brk: unaligned break kept as given: %s", yes((unsigned long)brk_to(b0 + PG + 5) == b0 + PG + 5));
	brk_to(b0);
}

/* ---------------------------------------------------------------- mmap */

static void test_mmap(void)
{
	unsigned char *p = map(16 * PG, PROT_READ | PROT_WRITE, MAP_PRIVATE), *q;
	int zero = 1;

	for (int i = 0; i < 16 * PG; i++)
		zero &= p[i] == 0;
	say("mm: mmap: zero-filled: %s", yes(zero));
	say("mm: mmap: page aligned: %s", yes(((unsigned long)p & (PG - 1)) == 0));
	say("mm: mmap: below PAGE_OFFSET: %s", yes((unsigned long)p + 16 * PG <= KERNEL_ADDR));
	q = map(PG, PROT_READ | PROT_WRITE, MAP_PRIVATE);
	say("mm: mmap: next mapping placed below (top-down): %s", yes(q < p));
	say("mm: mmap: above the brk heap: %s", yes((unsigned long)q > (unsigned long)brk_to(0)));
	munmap(q, PG);
	munmap(p, 16 * PG);
}

static void test_map_fixed(void)
{
	unsigned char *p = map(4 * PG, PROT_READ | PROT_WRITE, MAP_PRIVATE), *q;

	memset(p, 0xaa, 4 * PG);
	q = mmap(p + PG, 2 * PG, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
	say("mm: MAP_FIXED: placed exactly: %s", yes(q == p + PG));
	say("mm: MAP_FIXED: old contents replaced by zeros: %s", yes(p[PG] == 0 && p[3 * PG - 1] == 0));
	say("mm: MAP_FIXED: neighbours kept: %s", yes(p[0] == 0xaa && p[3 * PG] == 0xaa));
	q = mmap(p, PG, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0);
	say("mm: MAP_FIXED_NOREPLACE over a mapping: %s", result(q == MAP_FAILED ? -1 : 0));
	munmap(p, 4 * PG);
}

static void test_munmap_split(void)
{
	unsigned char *p = map(3 * PG, PROT_READ | PROT_WRITE, MAP_PRIVATE);

	memset(p, 5, 3 * PG);
	say("mm: munmap: middle page: %s", result(munmap(p + PG, PG)));
	say("mm: munmap: first and last pages kept: %s", yes(p[0] == 5 && p[2 * PG] == 5));
	say("mm: munmap: middle page: signal %d", fate(read_byte, p + PG));
	say("mm: munmap: of nothing: %s", result(munmap(p + PG, PG)));
	munmap(p, 3 * PG);
	say("mm: munmap: access after munmap: signal %d", fate(write_byte, p));
}

static void test_mprotect(void)
{
	unsigned char *p = map(2 * PG, PROT_READ | PROT_WRITE, MAP_PRIVATE);

	p[0] = 7;
	say("mm: mprotect: read-only: %s", result(mprotect(p, PG, PROT_READ)));
	say("mm: mprotect: read after read-only: signal %d", fate(read_byte, p));
	say("mm: mprotect: write after read-only: signal %d", fate(write_byte, p));
	say("mm: mprotect: next page still writable: signal %d", fate(write_byte, p + PG));
	say("mm: mprotect: PROT_NONE: %s", result(mprotect(p, PG, PROT_NONE)));
	say("mm: mprotect: read after PROT_NONE: signal %d", fate(read_byte, p));
	say("mm: mprotect: back to read-write: %s", result(mprotect(p, PG, PROT_READ | PROT_WRITE)));
	say("mm: mprotect: contents kept through PROT_NONE: %s", yes(p[0] == 7));
	munmap(p, 2 * PG);
}

/* ---------------------------------------------------------------- fork */

static int data_var = 1;

static void test_cow(void)
{
	int stack_var = 1, status;
	int *heap_var = malloc(sizeof(int));
	int *priv = map(PG, PROT_READ | PROT_WRITE, MAP_PRIVATE);
	int *shared = map(PG, PROT_READ | PROT_WRITE, MAP_SHARED);
	pid_t pid;

	*heap_var = *priv = *shared = 1;
	pid = fork();
	if (pid == 0) {
		int saw = data_var + stack_var + *heap_var + *priv + *shared;
		data_var = stack_var = *heap_var = *priv = *shared = 2;
		_exit(saw == 5 ? 0 : 1);
	}
	waitpid(pid, &status, 0);
	say("mm: fork: child saw the parent's values: %s", yes(WIFEXITED(status) && WEXITSTATUS(status) == 0));
	say("mm: fork: child's write to data seen by parent: %s", yes(data_var == 2));
	say("mm: fork: child's write to heap seen by parent: %s", yes(*heap_var == 2));
	say("mm: fork: child's write to stack seen by parent: %s", yes(stack_var == 2));
	say("mm: fork: child's write to a private mapping seen by parent: %s", yes(*priv == 2));
	say("mm: fork: child's write to a shared mapping seen by parent: %s", yes(*shared == 2));
	data_var = 3;
	say("mm: fork: parent writes after the child exited: %s", yes(data_var == 3));
}

/* ---------------------------------------------------------------- stack */

static int recurse(int depth, int limit)
{
	volatile char frame[4000];

	frame[0] = (char)depth;
	if (depth == limit)
		return frame[0];
	return recurse(depth + 1, limit) + frame[0];
}

static void grow_1m(void *arg) { (void)arg; recurse(0, 256); }       /* about 1 MiB */
static void grow_16m(void *arg) { (void)arg; recurse(0, 4096); }     /* about 16 MiB */

static void test_stack(void)
{
	say("mm: stack: growing by 1 MiB: signal %d", fate(grow_1m, NULL));
	say("mm: stack: growing by 16 MiB (limit 8 MiB): signal %d", fate(grow_16m, NULL));
}

/* ---------------------------------------------------------------- bad accesses */

static void test_bad_access(void)
{
	int fd = open(FILE_PATH, O_RDONLY);
	unsigned char *ro = map(PG, PROT_READ, MAP_PRIVATE);

	say("mm: user read of a kernel address: signal %d", fate(read_byte, (void *)KERNEL_ADDR));
	say("mm: user write to the top page: signal %d", fate(write_byte, (void *)0xFFFFF000));
	say("mm: user read of NULL: signal %d", fate(read_byte, NULL));
	say("mm: write() from a kernel address: %s", result(write(1, (void *)KERNEL_ADDR, 1)));
	say("mm: write() from NULL: %s", result(write(1, NULL, 1)));
	say("mm: read() into a read-only mapping: %s", result(read(fd, ro, 10)));
	say("mm: read() into an unmapped address: %s", result(read(fd, (void *)0x10000000, 10)));
	close(fd);
	munmap(ro, PG);
}

/* ---------------------------------------------------------------- argument errors */

static long raw_mmap(unsigned long a, unsigned long len, long prot, long flags, long fd)
{
	return syscall(SYS_mmap2, a, len, prot, flags, fd, 0);
}

static void test_errors(void)
{
	unsigned char *p = map(2 * PG, PROT_READ | PROT_WRITE, MAP_PRIVATE);
	unsigned char *holey = map(3 * PG, PROT_READ | PROT_WRITE, MAP_PRIVATE);
	const long rw = PROT_READ | PROT_WRITE, anon = MAP_PRIVATE | MAP_ANONYMOUS;

	munmap(holey + PG, PG);                 /* a hole this test made, between two pages */
	say("mm: mmap len 0: %s", result(raw_mmap(0, 0, rw, anon, -1)));
	say("mm: mmap neither shared nor private: %s", result(raw_mmap(0, PG, rw, MAP_ANONYMOUS, -1)));
	say("mm: mmap MAP_FIXED unaligned: %s", result(raw_mmap((unsigned long)p + 1, PG, rw, anon | MAP_FIXED, -1)));
	say("mm: mmap MAP_FIXED into the kernel: %s", result(raw_mmap(KERNEL_ADDR, PG, rw, anon | MAP_FIXED, -1)));
	say("mm: mmap 3.75 GiB: %s", result(raw_mmap(0, 0xF0000000, rw, anon, -1)));
	say("mm: mmap more than RAM, writable: %s", result(raw_mmap(0, 0x60000000, rw, anon, -1)));
	say("mm: mmap a file with fd -1: %s", result(raw_mmap(0, PG, rw, MAP_PRIVATE, -1)));
	say("mm: mmap a file with fd 99: %s", result(raw_mmap(0, PG, rw, MAP_PRIVATE, 99)));
	say("mm: mmap the console: %s", result(raw_mmap(0, PG, PROT_READ, MAP_PRIVATE, 1)));
	say("mm: munmap unaligned: %s", result(munmap(p + 1, PG)));
	say("mm: munmap len 0: %s", result(munmap(p, 0)));
	say("mm: munmap into the kernel: %s", result(munmap((void *)(KERNEL_ADDR - PG), 2 * PG)));
	say("mm: mprotect unaligned: %s", result(mprotect(p + 1, PG, PROT_READ)));
	say("mm: mprotect unknown bits: %s", result(mprotect(p, PG, 0x100)));
	say("mm: mprotect over a hole: %s", result(mprotect(holey, 3 * PG, PROT_READ)));
	say("mm: mprotect len 0: %s", result(mprotect(p, 0, PROT_READ)));
	say("mm: mremap unaligned: %s", result(mremap(p + 1, PG, 2 * PG, MREMAP_MAYMOVE) == MAP_FAILED ? -1 : 0));
	say("mm: mremap to length 0: %s", result(mremap(p, PG, 0, MREMAP_MAYMOVE) == MAP_FAILED ? -1 : 0));
	say("mm: mremap of nothing: %s", result(mremap((void *)0x10000000, PG, 2 * PG, MREMAP_MAYMOVE) == MAP_FAILED ? -1 : 0));
	say("mm: madvise unaligned: %s", result(madvise(p + 1, PG, MADV_DONTNEED)));
	say("mm: madvise unknown advice: %s", result(madvise(p, PG, 12345)));
	say("mm: madvise over a hole: %s", result(madvise(holey, 3 * PG, MADV_DONTNEED)));
	munmap(p, 2 * PG);
	munmap(holey, 3 * PG);
}

/* ---------------------------------------------------------------- many, mremap, madvise */

static void test_many(void)
{
	static unsigned char *m[1000];
	int ok = 1;

	for (int i = 0; i < 1000; i++) {
		/* alternate protections so neighbours cannot merge into one area */
		m[i] = map(PG, (i & 1) ? PROT_READ : PROT_READ | PROT_WRITE, MAP_PRIVATE);
		ok &= m[i] != MAP_FAILED;
	}
	for (int i = 0; i < 1000; i += 2)
		m[i][0] = (unsigned char)i;
	for (int i = 0; i < 1000; i++)
		ok &= m[i][0] == ((i & 1) ? 0 : (unsigned char)i);
	for (int i = 0; i < 1000; i++)
		ok &= munmap(m[i], PG) == 0;
	say("mm: 1000 single-page mappings made, used and removed: %s", yes(ok));
}

static void test_mremap(void)
{
	unsigned char *p = map(2 * PG, PROT_READ | PROT_WRITE, MAP_PRIVATE), *q, *block;

	memset(p, 9, 2 * PG);
	block = mmap(p + 2 * PG, PG, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
	q = mremap(p, 2 * PG, 8 * PG, 0);
	say("mm: mremap: grow when blocked, without MREMAP_MAYMOVE: %s", result(q == MAP_FAILED ? -1 : 0));
	q = mremap(p, 2 * PG, 8 * PG, MREMAP_MAYMOVE);
	say("mm: mremap: grow with MREMAP_MAYMOVE: %s", result(q == MAP_FAILED ? -1 : 0));
	say("mm: mremap: moved: %s", yes(q != p));
	say("mm: mremap: contents kept: %s", yes(q[0] == 9 && q[2 * PG - 1] == 9));
	say("mm: mremap: new part zeroed: %s", yes(q[2 * PG] == 0 && q[8 * PG - 1] == 0));
	say("mm: mremap: old place unmapped: signal %d", fate(read_byte, p));
	say("mm: mremap: shrink in place: %s", yes(mremap(q, 8 * PG, PG, 0) == q));
	say("mm: mremap: beyond the new end: signal %d", fate(read_byte, q + PG));
	munmap(q, PG);
	munmap(block, PG);
}

static void test_madvise(void)
{
	unsigned char *p = map(2 * PG, PROT_READ | PROT_WRITE, MAP_PRIVATE);

	memset(p, 0x55, 2 * PG);
	say("mm: madvise MADV_DONTNEED: %s", result(madvise(p, PG, MADV_DONTNEED)));
	say("mm: madvise: private page reads zero afterwards: %s", yes(p[0] == 0 && p[PG - 1] == 0));
	say("mm: madvise: the other page kept: %s", yes(p[PG] == 0x55));
	munmap(p, 2 * PG);
}

/* ---------------------------------------------------------------- file mappings */

static void test_file(void)
{
	char buf[FILE_SIZE];
	int fd = open(FILE_PATH, O_RDONLY), wfd = open(FILE_PATH, O_WRONLY);
	unsigned char *p, *w, *o;

	read(fd, buf, sizeof(buf));
	p = mmap(NULL, 3 * PG, PROT_READ, MAP_PRIVATE, fd, 0);
	say("mm: file mmap: %s", result(p == MAP_FAILED ? -1 : 0));
	say("mm: file mmap: contents match read(): %s", yes(memcmp(p, buf, FILE_SIZE) == 0));
	say("mm: file mmap: past the end of the file in its last page: zero: %s", yes(p[FILE_SIZE] == 0 && p[2 * PG - 1] == 0));
	say("mm: file mmap: a page wholly past the end: signal %d", fate(read_byte, p + 2 * PG));
	say("mm: file mmap: write to a read-only mapping: signal %d", fate(write_byte, p));
	w = mmap(NULL, 2 * PG, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, 0);
	w[0] = 'X';
	say("mm: file mmap private write: seen in the mapping: %s", yes(w[0] == 'X'));
	lseek(fd, 0, SEEK_SET);
	read(fd, buf, 1);
	say("mm: file mmap private write: file unchanged: %s", yes(buf[0] == 'l'));
	o = mmap(NULL, PG, PROT_READ, MAP_PRIVATE, fd, PG);
	say("mm: file mmap at offset 4096: %s", yes(o != MAP_FAILED && memcmp(o, p + PG, 100) == 0));
	say("mm: file mmap of a write-only fd: %s", result(mmap(NULL, PG, PROT_READ, MAP_PRIVATE, wfd, 0) == MAP_FAILED ? -1 : 0));
	say("mm: file mmap shared writable of a read-only fd: %s",
	    result(mmap(NULL, PG, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0) == MAP_FAILED ? -1 : 0));
	munmap(p, 3 * PG);
	munmap(w, 2 * PG);
	munmap(o, PG);
	close(fd);
	close(wfd);
}

/* ---------------------------------------------------------------- residency */

static int resident(unsigned char *p, int pages)
{
	unsigned char vec[16];
	int n = 0;

	if (mincore(p, (size_t)pages * PG, vec))
		return -1;
	for (int i = 0; i < pages; i++)
		n += vec[i] & 1;
	return n;
}

static void test_mincore(void)
{
	unsigned char *p = map(4 * PG, PROT_READ | PROT_WRITE, MAP_PRIVATE), vec[4];

	say("mm: mincore: resident before any touch: %d of 4", resident(p, 4));
	p[0] = 1;
	p[2 * PG] = 1;
	say("mm: mincore: resident after touching 2 pages: %d of 4", resident(p, 4));
	madvise(p, PG, MADV_DONTNEED);
	say("mm: mincore: after MADV_DONTNEED on one: %d of 4", resident(p, 4));
	say("mm: mlock: %s", result(mlock(p, 4 * PG)));
	say("mm: mincore: resident after mlock: %d of 4", resident(p, 4));
	say("mm: munlock: %s", result(munlock(p, 4 * PG)));
	say("mm: mincore unaligned: %s", result(mincore(p + 1, PG, vec)));
	munmap(p + PG, PG);
	say("mm: mincore over a hole: %s", result(mincore(p, 4 * PG, vec)));
	say("mm: mlock over a hole: %s", result(mlock(p, 4 * PG)));
	say("mm: msync: %s", result(msync(p, PG, MS_SYNC)));
	say("mm: msync unaligned: %s", result(msync(p + 1, PG, MS_SYNC)));
	say("mm: msync MS_ASYNC|MS_SYNC: %s", result(msync(p, PG, MS_ASYNC | MS_SYNC)));
	say("mm: msync over a hole: %s", result(msync(p, 4 * PG, MS_SYNC)));
	munmap(p, 4 * PG);
}

static const struct check_case tests[] = {
	{ "brk", test_brk }, { "mmap", test_mmap }, { "map_fixed", test_map_fixed },
	{ "munmap", test_munmap_split }, { "mprotect", test_mprotect }, { "fork", test_cow },
	{ "stack", test_stack }, { "bad_access", test_bad_access }, { "errors", test_errors },
	{ "many", test_many }, { "mremap", test_mremap }, { "madvise", test_madvise },
	{ "file", test_file }, { "mincore", test_mincore },
};

int main(int argc, char **argv)
{
	return run_cases(tests, sizeof(tests) / sizeof(tests[0]), argc, argv);
}
