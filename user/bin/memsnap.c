/*
 * memsnap: snapshots of memory while a program works, for pictures (scripts/memviz, make
 * pictures, docs/pictures.md). Each snapshot is /proc/self/memsnap (or another process's),
 * printed between a header line naming it and the snapshot's own "end" line:
 *
 *   --- memsnap NAME: what the program has just done
 *   memsnap 1
 *   ...
 *   end
 *
 *   memsnap                 every scene below, in turn
 *   memsnap SCENE...        only these: malloc, cow, mmap
 *   memsnap -p PID [NAME]   one snapshot of process PID
 *
 * The scenes:
 *   malloc  where malloc's memory comes from: small blocks from the brk heap, large ones from
 *           mmap; memory becomes real (resident) only when touched
 *   cow     fork shares every page copy-on-write; the child then writes half of a buffer
 *           (copy-on-write faults), touches new memory (first-touch faults) and recurses deep
 *           enough to grow its stack (stack-growth faults)
 *   mmap    a 32 MiB anonymous mapping touched 2 MiB at a time, a snapshot after each step:
 *           the buddy allocator's free lists shrinking, order by order
 *
 * Boot with `faulttrace` on the command line to have the snapshots list page faults.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static char buf[512 << 10];          /* a snapshot: the mmap scene's hold thousands of faults */

/* Read a whole file of /proc into buf at len; returns the new length, or -1. */
static long slurp(const char *path, size_t len)
{
	int fd = open(path, O_RDONLY), n;

	if (fd < 0) {
		printf("memsnap: cannot open %s (errno %d)\n", path, errno);
		return -1;
	}
	while (len < sizeof(buf) && (n = (int)read(fd, buf + len, sizeof(buf) - len)) > 0)
		len += (size_t)n;
	close(fd);
	return (long)len;
}

/*
 * Print one snapshot of process pid (0: this one) under a header line. With faults, the
 * process's page faults (/proc/PID/pagefaults, read after the snapshot so it is not disturbed)
 * go in before the snapshot's "end" line.
 */
static void snap_faults(int pid, const char *name, const char *caption, int faults)
{
	char path[40], *dir = "/proc/self";
	char piddir[24];
	long len;

	if (pid) {
		snprintf(piddir, sizeof(piddir), "/proc/%d", pid);
		dir = piddir;
	}
	snprintf(path, sizeof(path), "%s/memsnap", dir);
	if ((len = slurp(path, 0)) < 4)
		return;
	if (faults) {
		len -= 4;                       /* the "end\n" goes after the faults */
		snprintf(path, sizeof(path), "%s/pagefaults", dir);
		if ((len = slurp(path, (size_t)len)) < 0 || (size_t)len + 4 > sizeof(buf))
			return;
		memcpy(buf + len, "end\n", 4);
		len += 4;
	}
	printf("--- memsnap %s: %s\n", name, caption);   /* unbuffered: out before the snapshot */
	write(1, buf, (size_t)len);
}

static void snap(int pid, const char *name, const char *caption)
{
	snap_faults(pid, name, caption, 0);
}

static void touch(char *p, size_t n)
{
	for (size_t i = 0; i < n; i += 4096)
		p[i] = 1;
}

static void scene_malloc(void)
{
	char *small, *medium, *large;

	snap(0, "malloc-start", "the program has started: text, data, heap not yet grown, stack");
	small = malloc(64);
	medium = malloc(100 * 1024);
	large = malloc(1024 * 1024);
	snap(0, "malloc-allocated", "malloc(64) and malloc(100 KiB) from the brk heap, malloc(1 MiB) by mmap: nothing touched yet");
	touch(medium, 100 * 1024);
	touch(large, 512 * 1024);
	small[0] = 1;
	snap_faults(0, "malloc-touched", "the 100 KiB block and half of the 1 MiB block touched: only those pages are resident", 1);
	free(large);
	free(medium);
	free(small);
}

/* Grow the stack by about depth * 4 KiB, touching each page on the way down. */
static int deep(int depth)
{
	volatile char page[4000];

	page[0] = (char)depth;
	return depth ? deep(depth - 1) + page[0] : page[0];
}

static void scene_cow(void)
{
	size_t size = 256 * 1024;
	char *data = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	int ready[2], done[2], status;
	char c = 0;
	pid_t child;

	if (data == MAP_FAILED || pipe(ready) || pipe(done)) {
		printf("memsnap: cow: no memory or no pipe\n");
		return;
	}
	touch(data, size);
	snap(0, "cow-parent-before", "the parent has touched 256 KiB of its own memory");
	child = fork();
	if (child == 0) {
		char *more;

		snap(0, "cow-child-forked", "the child, just forked: every page shared with the parent, copy-on-write");
		touch(data, size / 2);
		more = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		if (more != MAP_FAILED)
			touch(more, size);
		deep(64);
		snap_faults(0, "cow-child-written", "the child wrote half the buffer (copied), touched 256 KiB more and grew its stack", 1);
		write(ready[1], &c, 1);
		read(done[0], &c, 1);
		_exit(0);
	}
	read(ready[0], &c, 1);
	snap(0, "cow-parent-after", "the parent again: the half its child wrote is its own now, the rest still shared");
	write(done[1], &c, 1);
	waitpid(child, &status, 0);
	munmap(data, size);
	close(ready[0]);
	close(ready[1]);
	close(done[0]);
	close(done[1]);
}

static void scene_mmap(void)
{
	size_t size = 32 << 20, step = 2 << 20;
	char *p = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	char name[32], caption[80];

	if (p == MAP_FAILED) {
		printf("memsnap: mmap: no room for 32 MiB\n");
		return;
	}
	snap(0, "mmap-00", "32 MiB mapped, nothing touched");
	for (size_t done = step; done <= size; done += step) {
		touch(p + done - step, step);
		snprintf(name, sizeof(name), "mmap-%02u", (unsigned)(done / step));
		snprintf(caption, sizeof(caption), "%u MiB of the 32 MiB mapping touched", (unsigned)(done >> 20));
		snap_faults(0, name, caption, done == size);
	}
	munmap(p, size);
	snap(0, "mmap-unmapped", "the 32 MiB unmapped: its pages are back on the free lists");
}

int main(int argc, char **argv)
{
	static const struct {
		const char *name;
		void (*run)(void);
	} scenes[] = { { "malloc", scene_malloc }, { "cow", scene_cow }, { "mmap", scene_mmap } };
	int ran = 0;

	memset(buf, 0, sizeof(buf));        /* its pages now, not amid the memory a scene watches */
	if (argc >= 3 && !strcmp(argv[1], "-p")) {
		snap_faults(atoi(argv[2]), argc > 3 ? argv[3] : "process", "a snapshot of another process", 1);
		return 0;
	}
	for (unsigned i = 0; i < sizeof(scenes) / sizeof(scenes[0]); i++) {
		int wanted = argc == 1;

		for (int a = 1; a < argc; a++)
			wanted |= !strcmp(argv[a], scenes[i].name);
		if (wanted) {
			scenes[i].run();
			ran++;
		}
	}
	if (!ran) {
		printf("memsnap: no such scene (malloc, cow, mmap; or -p PID)\n");
		return 1;
	}
	return 0;
}
