/*
 * The snapshot against the kernel's other reports (scripts/run_tests.py, group pictures): with
 * memory in several states at once (anonymous pages of its own, pages shared copy-on-write with
 * a child, a file mapped and read, page tables), print /proc/self/memsnap, then /proc/meminfo,
 * /proc/buddyinfo and /proc/self/smaps straight after, for the host to compare.
 */
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static char buf[256 << 10];
static int written = 1;                 /* in .data */

static void show(const char *path)
{
	int len = read_file(path, buf, sizeof(buf));

	printf("=== %s ===\n", path);
	write(1, buf, len > 0 ? (size_t)len : 0);
	printf("=== end ===\n");
}

int main(void)
{
	size_t size = 64 << 10;
	char *own = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	char *shared = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	int fd = open("/bin/memsnap", O_RDONLY), sync[2], status;
	char *file = mmap(NULL, 8192, PROT_READ, MAP_PRIVATE, fd, 0);
	pid_t child;

	for (size_t i = 0; i < size; i += 4096)
		shared[i] = 1;
	if (pipe(sync) || file == MAP_FAILED) {
		printf("memsnaptest: no pipe or no file mapping\n");
		return 1;
	}
	/* both pages of the file read: resident, shared with the page cache */
	printf("memsnaptest: the file's two pages start with %02x and %02x\n", file[0] & 0xff, file[4096] & 0xff);
	child = fork();
	if (child == 0) {                       /* keeps the shared pages shared until told */
		char c;
		read(sync[0], &c, 1);
		_exit(0);
	}
	/*
	 * What this process writes from here on is its own before the snapshot, so nothing changes
	 * between the reports: the buffer they are read into, and its .data page.
	 */
	memset(buf, 0, sizeof(buf));
	written++;
	for (size_t i = 0; i < size / 2; i += 4096)
		own[i] = 2;                         /* half touched: resident and untouched areas */
	shared[0] = 3;                          /* one copy-on-write copy: the rest stays shared */
	printf("=== memsnaptest ready ===\n");
	show("/proc/self/memsnap");
	show("/proc/meminfo");
	show("/proc/buddyinfo");
	show("/proc/self/smaps");
	write(sync[1], "x", 1);
	waitpid(child, &status, 0);
	return 0;
}
