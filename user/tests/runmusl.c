/*
 * Run every program in /musl and /glibc (the same sources built against Debian's musl libc and
 * glibc, unchanged), one by one, with standard output captured in a file, and print each output
 * between markers:
 *   === musl NAME ===        (or glibc)
 *   ...its standard output...
 *   exit=STATUS
 *   === end ===
 * make test compares each block with tests/expected/LIBC/NAME.out, recorded on Linux.
 */
#include <unistd.h>
#include <stdio.h>
#include <string.h>

static void run_one(const char *dir, const char *name)
{
	char path[128], buf[512];
	char *argv[] = { path, NULL };
	char *envp[] = { NULL };
	int status, fd;
	ssize_t n;
	pid_t pid;

	snprintf(path, sizeof(path), "/%s/%s", dir, name);
	pid = fork();
	if (pid == 0) {
		fd = open("/tmp/musl.out", O_CREAT | O_TRUNC | O_WRONLY, 0644);
		dup2(fd, 1);
		close(fd);
		close(2);                           /* Linux's run dropped stderr too */
		execve(path, argv, envp);
		_exit(127);
	}
	waitpid(pid, &status, 0);
	printf("=== %s %s ===\n", dir, name);
	fd = open("/tmp/musl.out", O_RDONLY);
	while ((n = read(fd, buf, sizeof(buf))) > 0)
		write(1, buf, (size_t)n);
	close(fd);
	if (WIFEXITED(status))
		printf("exit=%d\n", WEXITSTATUS(status));
	else
		printf("killed by signal %d\n", WTERMSIG(status));
	printf("=== end ===\n");
}

static int run_dir(const char *dir)
{
	char buf[1024], path[64];
	int fd, n;

	snprintf(path, sizeof(path), "/%s", dir);
	fd = open(path, O_RDONLY | O_DIRECTORY);
	if (fd < 0) {
		printf("runmusl: no %s directory\n", path);
		return 1;
	}
	while ((n = getdents64(fd, buf, sizeof(buf))) > 0)
		for (int off = 0; off < n;) {
			struct linux_dirent64 *d = (struct linux_dirent64 *)(buf + off);
			if (d->d_name[0] != '.')
				run_one(dir, d->d_name);
			off += d->d_reclen;
		}
	close(fd);
	return 0;
}

int main(void)
{
	return run_dir("musl") | run_dir("glibc");
}
