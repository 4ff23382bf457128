/*
 * The program the GDB test watches (scripts/run_tests.py, group gdb): it touches one fresh
 * anonymous page at 0x30000000, prints what the kernel says about its memory (/proc/self/memsnap,
 * /proc/self/maps, /proc/buddyinfo), then calls getppid, where GDB stops to compare its own view.
 */
#include <unistd.h>
#include <stdio.h>
#include <string.h>

static char buf[64 << 10];

/* The header first: printf's code is then resident before the file's text is made. */
static void show(const char *path)
{
	printf("=== %s ===\n", path);
	int fd = open(path, O_RDONLY);
	ssize_t n = read(fd, buf, sizeof(buf));

	close(fd);
	write(1, buf, n > 0 ? (size_t)n : 0);
	printf("=== end ===\n");
}

int main(void)
{
	char *p = mmap((void *)0x30000000, 4096, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);

	memset(buf, 0, sizeof(buf));     /* resident before the snapshot that is read into it */
	p[0] = 1;                        /* the page fault GDB stops in */
	show("/proc/self/memsnap");
	show("/proc/self/maps");
	show("/proc/buddyinfo");
	getppid();                       /* GDB compares here: nothing has changed since */
	return 0;
}
