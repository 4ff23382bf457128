/*
 * bench: what each operation costs, in CPU instructions, measured the same way on this kernel
 * and on Linux (scripts/bench.py runs it on both, in the same QEMU under -icount shift=0, where
 * the TSC counts one per guest instruction, so every figure repeats exactly).
 *
 * Each figure is the smallest of several batches' averages (a timer interrupt that lands in a
 * batch makes that batch dearer; the cheapest is the operation itself). One line per figure:
 *
 *   bench: NAME INSTRUCTIONS
 *
 *   bench            every operation and every scaling figure
 *   bench NAME...    only those whose name starts with one of the words
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/sendfile.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static uint64_t rdtsc(void)
{
	uint32_t lo, hi;

	__asm__ volatile("rdtsc" : "=a"(lo), "=d"(hi));
	return ((uint64_t)hi << 32) | lo;
}

static int argc_;
static char **argv_;

static int wanted(const char *name)
{
	if (argc_ < 2)
		return 1;
	for (int i = 1; i < argc_; i++)
		if (!strncmp(name, argv_[i], strlen(argv_[i])))
			return 1;
	return 0;
}

static void report(const char *name, uint64_t cost)
{
	char line[96];
	int n = snprintf(line, sizeof(line), "bench: %s %llu\n", name, (unsigned long long)cost);

	write(1, line, (size_t)n);
}

#define PAGE 4096
#define BATCHES 7

/* ---------------------------------------------------------------- system calls */

static void b_getpid(void)
{
	uint64_t best = ~0ull;

	for (int b = 0; b < BATCHES; b++) {
		uint64_t t0 = rdtsc();
		for (int i = 0; i < 1000; i++)
			getpid();                        /* the C library's: straight into the kernel */
		uint64_t t = (rdtsc() - t0) / 1000;
		if (t < best)
			best = t;
	}
	report("getpid", best);
}

/* The same through int 0x80, the way without the vDSO, to compare the two ways in. */
static void b_getpid_int80(void)
{
	uint64_t best = ~0ull;

	for (int b = 0; b < BATCHES; b++) {
		uint64_t t0 = rdtsc();
		for (int i = 0; i < 1000; i++) {
			long r;
			__asm__ volatile("int $0x80" : "=a"(r) : "a"(SYS_getpid) : "memory");
		}
		uint64_t t = (rdtsc() - t0) / 1000;
		if (t < best)
			best = t;
	}
	report("getpid_int80", best);
}

static void b_clock_gettime(void)
{
	uint64_t best = ~0ull;
	struct timespec ts;

	for (int b = 0; b < BATCHES; b++) {
		uint64_t t0 = rdtsc();
		for (int i = 0; i < 1000; i++)
			clock_gettime(CLOCK_MONOTONIC, &ts);
		uint64_t t = (rdtsc() - t0) / 1000;
		if (t < best)
			best = t;
	}
	report("clock_gettime", best);
}

/* ---------------------------------------------------------------- faults */

#define FAULT_PAGES 256

static void b_fault_anon(void)
{
	uint64_t best = ~0ull;

	for (int b = 0; b < BATCHES; b++) {
		char *p = mmap(NULL, FAULT_PAGES * PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		uint64_t t0 = rdtsc();
		for (int i = 0; i < FAULT_PAGES; i++)
			p[i * PAGE] = 1;
		uint64_t t = (rdtsc() - t0) / FAULT_PAGES;
		munmap(p, FAULT_PAGES * PAGE);
		if (t < best)
			best = t;
	}
	report("fault_anon_first_touch", best);
}

static void b_fault_cow(void)
{
	uint64_t best = ~0ull;

	for (int b = 0; b < BATCHES; b++) {
		char *p = mmap(NULL, FAULT_PAGES * PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		for (int i = 0; i < FAULT_PAGES; i++)
			p[i * PAGE] = 1;
		pid_t pid = fork();
		if (pid == 0) {
			pause();
			_exit(0);
		}
		uint64_t t0 = rdtsc();
		for (int i = 0; i < FAULT_PAGES; i++)
			p[i * PAGE] = 2;                 /* shared with the child: copied on write */
		uint64_t t = (rdtsc() - t0) / FAULT_PAGES;
		kill(pid, SIGKILL);
		waitpid(pid, NULL, 0);
		munmap(p, FAULT_PAGES * PAGE);
		if (t < best)
			best = t;
	}
	report("fault_copy_on_write", best);
}

static void b_mmap_page(void)
{
	uint64_t best = ~0ull;

	for (int b = 0; b < BATCHES; b++) {
		uint64_t t0 = rdtsc();
		for (int i = 0; i < 200; i++) {
			char *p = mmap(NULL, PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
			p[0] = 1;
			munmap(p, PAGE);
		}
		uint64_t t = (rdtsc() - t0) / 200;
		if (t < best)
			best = t;
	}
	report("mmap_touch_munmap_page", best);
}

static void b_brk(void)
{
	uint64_t best = ~0ull;
	char *base = sbrk(0);

	for (int b = 0; b < BATCHES; b++) {
		uint64_t t0 = rdtsc();
		for (int i = 0; i < 200; i++) {
			char *cur = (char *)syscall(SYS_brk, 0);
			syscall(SYS_brk, cur + PAGE);
			cur[0] = 1;
			syscall(SYS_brk, cur);
		}
		uint64_t t = (rdtsc() - t0) / 200;
		if (t < best)
			best = t;
	}
	(void)base;
	report("brk_grow_touch_shrink", best);
}

static uint64_t munmap_cost(size_t mib)
{
	uint64_t best = ~0ull;

	for (int b = 0; b < 3; b++) {
		size_t len = mib << 20;
		char *p = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		if (p == MAP_FAILED)
			return 0;
		for (size_t off = 0; off < len; off += PAGE)
			p[off] = 1;
		uint64_t t0 = rdtsc();
		munmap(p, len);
		uint64_t t = rdtsc() - t0;
		if (t < best)
			best = t;
	}
	return best;
}

/* ---------------------------------------------------------------- processes */

static uint64_t fork_exit_wait_cost(size_t resident_mib)
{
	uint64_t best = ~0ull;
	char *p = NULL;

	if (resident_mib) {
		p = mmap(NULL, resident_mib << 20, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		if (p == MAP_FAILED)
			return 0;
		for (size_t off = 0; off < resident_mib << 20; off += PAGE)
			p[off] = 1;
	}
	for (int b = 0; b < 5; b++) {
		uint64_t t0 = rdtsc();
		for (int i = 0; i < 4; i++) {
			pid_t pid = fork();
			if (pid == 0)
				_exit(0);
			waitpid(pid, NULL, 0);
		}
		uint64_t t = (rdtsc() - t0) / 4;
		if (t < best)
			best = t;
	}
	if (p)
		munmap(p, resident_mib << 20);
	return best;
}

static void b_fork_exec(void)
{
	uint64_t best = ~0ull;
	char *args[] = { argv_[0], "--exit", NULL };

	for (int b = 0; b < 5; b++) {
		uint64_t t0 = rdtsc();
		for (int i = 0; i < 4; i++) {
			pid_t pid = fork();
			if (pid == 0) {
				execv(argv_[0], args);
				_exit(127);
			}
			waitpid(pid, NULL, 0);
		}
		uint64_t t = (rdtsc() - t0) / 4;
		if (t < best)
			best = t;
	}
	report("fork_execve_wait", best);
}

static uint64_t pipe_cost(void);

static void b_pipe(void)
{
	report("pipe_ping_pong", pipe_cost());
}

/* The same round trip with 200 other processes asleep: a wake-up must not look at each of them. */
static void b_pipe_sleepers(void)
{
	pid_t pids[200];

	for (int i = 0; i < 200; i++) {
		pids[i] = fork();
		if (pids[i] == 0) {
			pause();
			_exit(0);
		}
	}
	report("scale_pipe_ping_pong_200_sleepers", pipe_cost());
	for (int i = 0; i < 200; i++) {
		kill(pids[i], SIGKILL);
		waitpid(pids[i], NULL, 0);
	}
}

static uint64_t pipe_cost(void)
{
	int ab[2], ba[2];
	uint64_t best = ~0ull;
	char c = 0;

	pipe(ab);
	pipe(ba);
	pid_t pid = fork();
	if (pid == 0) {
		close(ab[1]);                    /* so that the parent's close ends the loop */
		close(ba[0]);
		while (read(ab[0], &c, 1) == 1)
			write(ba[1], &c, 1);
		_exit(0);
	}
	for (int b = 0; b < BATCHES; b++) {
		uint64_t t0 = rdtsc();
		for (int i = 0; i < 200; i++) {
			write(ab[1], &c, 1);
			read(ba[0], &c, 1);
		}
		uint64_t t = (rdtsc() - t0) / 200;
		if (t < best)
			best = t;
	}
	close(ab[1]);
	close(ab[0]);
	close(ba[1]);
	waitpid(pid, NULL, 0);
	close(ba[0]);
	return best;
}

static void *thread_nothing(void *arg)
{
	return arg;
}

static void b_thread(void)
{
	uint64_t best = ~0ull;

	for (int b = 0; b < BATCHES; b++) {
		uint64_t t0 = rdtsc();
		for (int i = 0; i < 20; i++) {
			pthread_t t;
			pthread_create(&t, NULL, thread_nothing, NULL);
			pthread_join(t, NULL);
		}
		uint64_t t = (rdtsc() - t0) / 20;
		if (t < best)
			best = t;
	}
	report("thread_create_join", best);
}

/* ---------------------------------------------------------------- files */

#define FILE_SIZE (1 << 20)
static const char *file_path = "/bench-file";

static int make_file(void)
{
	static int made;
	char *buf;
	int fd;

	if (made)
		return 0;
	buf = malloc(FILE_SIZE);
	memset(buf, 'x', FILE_SIZE);
	fd = open(file_path, O_RDWR | O_CREAT | O_TRUNC, 0644);
	if (fd < 0 || write(fd, buf, FILE_SIZE) != FILE_SIZE)
		return -1;
	close(fd);
	free(buf);
	made = 1;
	return 0;
}

static void b_read_cached(void)
{
	uint64_t best = ~0ull;
	char *buf = malloc(FILE_SIZE);
	int fd;

	if (make_file())
		return;
	fd = open(file_path, O_RDONLY);
	memset(buf, 0, FILE_SIZE);                       /* the buffer's pages exist already */
	for (int b = 0; b < 5; b++) {
		uint64_t t0 = rdtsc();
		pread(fd, buf, FILE_SIZE, 0);
		uint64_t t = rdtsc() - t0;
		if (t < best)
			best = t;
	}
	close(fd);
	free(buf);
	report("read_cached_1MiB", best);
}

/*
 * sendfile of the cached 1 MiB file into another file whose pages exist already (after the
 * first batch): the bytes copied once, inside the kernel, and never through a user buffer.
 */
static void b_sendfile(void)
{
	static const char *copy_path = "/bench-copy";
	uint64_t best = ~0ull;
	int in, out;

	if (make_file())
		return;
	in = open(file_path, O_RDONLY);
	out = open(copy_path, O_RDWR | O_CREAT | O_TRUNC, 0644);
	for (int b = 0; b < 6; b++) {
		off_t off = 0;
		lseek(out, 0, SEEK_SET);
		uint64_t t0 = rdtsc();
		ssize_t n = sendfile(out, in, &off, FILE_SIZE);
		uint64_t t = rdtsc() - t0;
		if (n != FILE_SIZE) {
			best = 0;                        /* not reported: sendfile did not send it all */
			break;
		}
		if (t < best)
			best = t;
	}
	close(in);
	close(out);
	unlink(copy_path);
	if (best)
		report("sendfile_cached_1MiB", best);
}

static void b_file_fault(void)
{
	uint64_t best = ~0ull;
	int fd;

	if (make_file())
		return;
	fd = open(file_path, O_RDONLY);
	for (int b = 0; b < BATCHES; b++) {
		volatile char *p = mmap(NULL, FILE_SIZE, PROT_READ, MAP_PRIVATE, fd, 0);
		uint64_t t0 = rdtsc();
		for (int i = 0; i < FILE_SIZE / PAGE; i++)
			(void)p[i * PAGE];
		uint64_t t = (rdtsc() - t0) / (FILE_SIZE / PAGE);
		munmap((void *)p, FILE_SIZE);
		if (t < best)
			best = t;
	}
	close(fd);
	report("fault_file_cached", best);
}

/* ---------------------------------------------------------------- scaling */

/* The first-touch fault of a page, with n other areas in the address space. */
static uint64_t fault_with_areas(int n)
{
	char *region = mmap(NULL, (size_t)n * 2 * PAGE, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	uint64_t best = ~0ull;

	if (region == MAP_FAILED)
		return 0;
	for (int i = 0; i < n; i++)                       /* every other page readable: n areas */
		mprotect(region + (size_t)i * 2 * PAGE, PAGE, PROT_READ);
	for (int b = 0; b < BATCHES; b++) {
		char *p = mmap(NULL, 64 * PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		uint64_t t0 = rdtsc();
		for (int i = 0; i < 64; i++)
			p[i * PAGE] = 1;
		uint64_t t = (rdtsc() - t0) / 64;
		munmap(p, 64 * PAGE);
		if (t < best)
			best = t;
	}
	munmap(region, (size_t)n * 2 * PAGE);
	return best;
}

int main(int argc, char **argv)
{
	uint64_t started = rdtsc();
	char name[64];

	argc_ = argc;
	argv_ = argv;
	if (argc > 1 && !strcmp(argv[1], "--exit"))
		return 0;
	if (wanted("boot"))
		report("boot_to_user_space", started);       /* the TSC counts from the CPU's reset */
	if (wanted("getpid"))
		b_getpid();
	if (wanted("getpid_int80"))
		b_getpid_int80();
	if (wanted("clock_gettime"))
		b_clock_gettime();
	if (wanted("fault_anon"))
		b_fault_anon();
	if (wanted("fault_copy"))
		b_fault_cow();
	if (wanted("mmap"))
		b_mmap_page();
	if (wanted("brk"))
		b_brk();
	if (wanted("munmap_16MiB"))
		report("munmap_16MiB_touched", munmap_cost(16));
	if (wanted("fork_exit"))
		report("fork_exit_wait", fork_exit_wait_cost(0));
	if (wanted("fork_execve"))
		b_fork_exec();
	if (wanted("pipe"))
		b_pipe();
	if (wanted("read_cached"))
		b_read_cached();
	if (wanted("thread"))
		b_thread();
	if (wanted("fault_file"))
		b_file_fault();
	if (wanted("sendfile"))
		b_sendfile();
	static const size_t resident[] = { 1, 16, 128 }, unmapped[] = { 1, 16, 256 };
	for (int i = 0; i < 3; i++) {
		snprintf(name, sizeof(name), "scale_fork_exit_wait_%zuMiB", resident[i]);
		if (wanted(name))
			report(name, fork_exit_wait_cost(resident[i]));
	}
	for (int i = 0; i < 3; i++) {
		snprintf(name, sizeof(name), "scale_munmap_%zuMiB", unmapped[i]);
		if (wanted(name))
			report(name, munmap_cost(unmapped[i]));
	}
	if (wanted("scale_pipe"))
		b_pipe_sleepers();
	static const int areas[] = { 10, 10000 };
	for (int i = 0; i < 2; i++) {
		snprintf(name, sizeof(name), "scale_fault_%d_areas", areas[i]);
		if (wanted(name))
			report(name, fault_with_areas(areas[i]));
	}
	write(1, "bench: done\n", 12);
	return 0;
}
