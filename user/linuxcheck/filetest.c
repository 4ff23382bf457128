/*
 * Files in the RAM file system, checked against Linux like mmtest.c (scripts/linux-reference.sh):
 * mkdir, rmdir, unlink and unlinkat, rename, ftruncate and truncate, pread and pwrite, and an
 * unlinked file that lives on while it is open or mapped.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <unistd.h>
#include "check.h"

static const char *err(long r)
{
	if (r != -1)
		return "ok";
	switch (errno) {
	case ENOENT: return "ENOENT";
	case EEXIST: return "EEXIST";
	case EISDIR: return "EISDIR";
	case ENOTDIR: return "ENOTDIR";
	case ENOTEMPTY: return "ENOTEMPTY";
	case EBUSY: return "EBUSY";
	case EBADF: return "EBADF";
	case EINVAL: return "EINVAL";
	default: return "other";
	}
}

/* Make a file holding text. */
static void put(const char *path, const char *text)
{
	int fd = open(path, O_CREAT | O_WRONLY | O_TRUNC, 0644);

	write(fd, text, strlen(text));
	close(fd);
}

/* What a file holds (up to 31 bytes), or "(none)". */
static const char *get(const char *path)
{
	static char buf[32];
	int fd = open(path, O_RDONLY);
	ssize_t n;

	if (fd < 0)
		return "(none)";
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	buf[n > 0 ? n : 0] = '\0';
	return buf;
}

static long size_of(int fd)
{
	struct stat st;

	return fstat(fd, &st) ? -1 : (long)st.st_size;
}

/* The descriptors the truncate case opens and the unlink case goes on with. */
static int file_fd, ro_fd, pipe_fds[2];

static void test_mkdir(void)
{
	struct stat st;

	say("mm: mkdir: %s", err(mkdir("/tmp/d", 0755)));
	say("mm: mkdir again: %s", err(mkdir("/tmp/d", 0755)));
	say("mm: mkdir in a missing directory: %s", err(mkdir("/tmp/none/d", 0755)));
	say("mm: mkdir under a file: %s", err(mkdir("/data/file.txt/d", 0755)));
	say("mm: stat: a directory: %s", yes(stat("/tmp/d", &st) == 0 && S_ISDIR(st.st_mode)));
}

/* ftruncate and truncate cut and grow with zeros. */
static void test_truncate(void)
{
	char buf[16];

	file_fd = open("/tmp/d/f", O_CREAT | O_RDWR, 0644);
	write(file_fd, "hello, world", 12);
	say("mm: ftruncate to 5: %s", err(ftruncate(file_fd, 5)));
	say("mm: ftruncate: size %ld", size_of(file_fd));
	memset(buf, 0, sizeof(buf));
	pread(file_fd, buf, sizeof(buf), 0);
	say("mm: ftruncate: what is left: %s", buf);
	say("mm: ftruncate to 10000: %s", err(ftruncate(file_fd, 10000)));
	say("mm: ftruncate: size %ld", size_of(file_fd));
	memset(buf, 'x', sizeof(buf));
	pread(file_fd, buf, 4, 5);
	say("mm: ftruncate: the new bytes are zeros: %s", yes(!buf[0] && !buf[1] && !buf[2] && !buf[3]));
	say("mm: ftruncate to -1: %s", err(ftruncate(file_fd, -1)));
	ro_fd = open("/tmp/d/f", O_RDONLY);
	say("mm: ftruncate of a read-only descriptor: %s", err(ftruncate(ro_fd, 0)));
	pipe(pipe_fds);
	say("mm: ftruncate of a pipe: %s", err(ftruncate(pipe_fds[1], 0)));
	say("mm: ftruncate of a closed descriptor: %s", err(ftruncate(40, 0)));
	say("mm: truncate to 3: %s", err(truncate("/tmp/d/f", 3)));
	say("mm: truncate: size %ld", size_of(file_fd));
	say("mm: truncate of a directory: %s", err(truncate("/tmp/d", 0)));
	say("mm: truncate of a missing file: %s", err(truncate("/tmp/d/none", 0)));
}

/* An unlinked file lives while it is open, and while it is mapped. */
static void test_unlink(void)
{
	struct stat st;
	char buf[16], *map;

	ftruncate(file_fd, 0);
	say("mm: ftruncate keeps the file position: %ld", (long)lseek(file_fd, 0, SEEK_CUR));
	say("mm: pwrite at 0: %ld", (long)pwrite(file_fd, "still here", 10, 0));
	say("mm: pwrite keeps the file position: %ld", (long)lseek(file_fd, 0, SEEK_CUR));
	say("mm: pread of a pipe: %s", pread(pipe_fds[0], buf, 1, 0) == -1 && errno == ESPIPE ? "ESPIPE" : "other");
	say("mm: pread at a negative offset: %s", err(pread(file_fd, buf, 1, -1)));
	map = mmap(NULL, 4096, PROT_READ, MAP_PRIVATE, file_fd, 0);
	say("mm: unlink an open, mapped file: %s", err(unlink("/tmp/d/f")));
	say("mm: unlink: the name is gone: %s", err(open("/tmp/d/f", O_RDONLY)));
	say("mm: unlink: fstat says 0 links: %s", yes(fstat(file_fd, &st) == 0 && st.st_nlink == 0));
	memset(buf, 0, sizeof(buf));
	say("mm: unlink: the open file still reads: %s", yes(pread(ro_fd, buf, 10, 0) == 10 && !strcmp(buf, "still here")));
	close(file_fd);
	close(ro_fd);
	say("mm: unlink: the mapping still reads after close: %s", yes(!memcmp(map, "still here", 10)));
	munmap(map, 4096);
	say("mm: unlink again: %s", err(unlink("/tmp/d/f")));
	say("mm: unlink a directory: %s", err(unlink("/tmp/d")));
}

/* rmdir removes only empty directories. */
static void test_rmdir(void)
{
	struct stat st;

	close(open("/tmp/d/g", O_CREAT | O_WRONLY, 0644));
	say("mm: rmdir a directory with a file: %s", err(rmdir("/tmp/d")));
	say("mm: rmdir a file: %s", err(rmdir("/tmp/d/g")));
	say("mm: unlinkat with a bad flag: %s", err(unlinkat(AT_FDCWD, "/tmp/d/g", 1)));
	say("mm: unlinkat a file: %s", err(unlinkat(AT_FDCWD, "/tmp/d/g", 0)));
	say("mm: rmdir the empty directory: %s", err(rmdir("/tmp/d")));
	say("mm: stat after rmdir: %s", err(stat("/tmp/d", &st)));
	mkdir("/tmp/e", 0755);
	say("mm: unlinkat AT_REMOVEDIR: %s", err(unlinkat(AT_FDCWD, "/tmp/e", AT_REMOVEDIR)));
	say("mm: rmdir a mount point: %s", err(rmdir("/proc")));
}

/* rename moves a name, replacing a file or an empty directory of the same kind. */
static void test_rename(void)
{
	struct stat st;

	mkdir("/tmp/r", 0755);
	put("/tmp/r/a", "first");
	put("/tmp/r/b", "second");
	say("mm: rename: %s", err(rename("/tmp/r/a", "/tmp/r/c")));
	say("mm: rename: the old name holds: %s", get("/tmp/r/a"));
	say("mm: rename: the new one holds: %s", get("/tmp/r/c"));
	say("mm: rename over a file: %s", err(rename("/tmp/r/c", "/tmp/r/b")));
	say("mm: rename over a file: it holds: %s", get("/tmp/r/b"));
	say("mm: rename onto itself: %s", err(rename("/tmp/r/b", "/tmp/r/b")));
	say("mm: rename a missing file: %s", err(rename("/tmp/r/none", "/tmp/r/x")));
	say("mm: rename into a missing directory: %s", err(rename("/tmp/r/b", "/tmp/none/x")));
	mkdir("/tmp/r/d", 0755);
	mkdir("/tmp/r/e", 0755);
	put("/tmp/r/e/f", "in e");
	say("mm: rename a file over a directory: %s", err(rename("/tmp/r/b", "/tmp/r/d")));
	say("mm: rename a directory over a file: %s", err(rename("/tmp/r/d", "/tmp/r/b")));
	say("mm: rename a directory over a non-empty one: %s", err(rename("/tmp/r/d", "/tmp/r/e")));
	say("mm: rename a directory below itself: %s", err(rename("/tmp/r/e", "/tmp/r/e/sub")));
	say("mm: rename a directory over an empty one: %s", err(rename("/tmp/r/e", "/tmp/r/d")));
	say("mm: rename a directory: its file moved along: %s", get("/tmp/r/d/f"));
	say("mm: rename a directory: the old name: %s", err(stat("/tmp/r/e", &st)));
	say("mm: rename a file to another directory: %s", err(rename("/tmp/r/b", "/tmp/r/d/b")));
	say("mm: rename a file to another directory: it holds: %s", get("/tmp/r/d/b"));
}

static const struct check_case tests[] = {
	{ "mkdir", test_mkdir }, { "truncate", test_truncate }, { "unlink", test_unlink },
	{ "rmdir", test_rmdir }, { "rename", test_rename },
};

int main(int argc, char **argv)
{
	mkdir("/tmp", 01777);                        /* Linux's initramfs may not have it */
	mkdir("/proc", 0555);
	mount("proc", "/proc", "proc", 0, NULL);
	return run_cases(tests, sizeof(tests) / sizeof(tests[0]), argc, argv);
}
