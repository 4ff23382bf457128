/* cat [FILE...]: copy files (or, with none, standard input until Ctrl-D) to standard output. */
#include <unistd.h>
#include <stdio.h>
#include <string.h>
#include <errno.h>

int main(int argc, char **argv)
{
	char buf[512];
	int status = 0;
	ssize_t n;

	if (argc < 2)
		while ((n = read(0, buf, sizeof(buf))) > 0)
			write(1, buf, (size_t)n);
	for (int i = 1; i < argc; i++) {
		int fd = open(argv[i], O_RDONLY);
		if (fd < 0) {
			dprintf(2, "cat: %s: %s\n", argv[i], strerror(errno));
			status = 1;
			continue;
		}
		while ((n = read(fd, buf, sizeof(buf))) > 0)
			write(1, buf, (size_t)n);
		close(fd);
	}
	return status;
}
