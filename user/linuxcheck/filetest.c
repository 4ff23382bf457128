/*
 * Files in the RAM file system, checked against Linux like mmtest.c (scripts/linux-reference.sh):
 * mkdir, rmdir, unlink and unlinkat, ftruncate and truncate, and an unlinked file that lives on
 * while it is open or mapped.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/mount.h>
#include <sys/reboot.h>
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

static long size_of(int fd)
{
	struct stat st;

	return fstat(fd, &st) ? -1 : (long)st.st_size;
}

int main(void)
{
	struct stat st;
	char buf[16], *map;
	int fd, ro, p[2];

	mkdir("/tmp", 01777);                        /* Linux's initramfs may not have it */
	mkdir("/proc", 0555);
	mount("proc", "/proc", "proc", 0, NULL);

	say("mm: mkdir: %s", err(mkdir("/tmp/d", 0755)));
	say("mm: mkdir again: %s", err(mkdir("/tmp/d", 0755)));
	say("mm: mkdir in a missing directory: %s", err(mkdir("/tmp/none/d", 0755)));
	say("mm: mkdir under a file: %s", err(mkdir("/data/file.txt/d", 0755)));
	say("mm: stat: a directory: %s", yes(stat("/tmp/d", &st) == 0 && S_ISDIR(st.st_mode)));

	/* ftruncate cuts and grows with zeros */
	fd = open("/tmp/d/f", O_CREAT | O_RDWR, 0644);
	write(fd, "hello, world", 12);
	say("mm: ftruncate to 5: %s", err(ftruncate(fd, 5)));
	say("mm: ftruncate: size %ld", size_of(fd));
	memset(buf, 0, sizeof(buf));
	pread(fd, buf, sizeof(buf), 0);
	say("mm: ftruncate: what is left: %s", buf);
	say("mm: ftruncate to 10000: %s", err(ftruncate(fd, 10000)));
	say("mm: ftruncate: size %ld", size_of(fd));
	memset(buf, 'x', sizeof(buf));
	pread(fd, buf, 4, 5);
	say("mm: ftruncate: the new bytes are zeros: %s", yes(!buf[0] && !buf[1] && !buf[2] && !buf[3]));
	say("mm: ftruncate to -1: %s", err(ftruncate(fd, -1)));
	ro = open("/tmp/d/f", O_RDONLY);
	say("mm: ftruncate of a read-only descriptor: %s", err(ftruncate(ro, 0)));
	pipe(p);
	say("mm: ftruncate of a pipe: %s", err(ftruncate(p[1], 0)));
	say("mm: ftruncate of a closed descriptor: %s", err(ftruncate(40, 0)));
	say("mm: truncate to 3: %s", err(truncate("/tmp/d/f", 3)));
	say("mm: truncate: size %ld", size_of(fd));
	say("mm: truncate of a directory: %s", err(truncate("/tmp/d", 0)));
	say("mm: truncate of a missing file: %s", err(truncate("/tmp/d/none", 0)));

	/* an unlinked file lives while it is open, and while it is mapped */
	ftruncate(fd, 0);
	say("mm: ftruncate keeps the file position: %ld", (long)lseek(fd, 0, SEEK_CUR));
	say("mm: pwrite at 0: %ld", (long)pwrite(fd, "still here", 10, 0));
	say("mm: pwrite keeps the file position: %ld", (long)lseek(fd, 0, SEEK_CUR));
	say("mm: pread of a pipe: %s", pread(p[0], buf, 1, 0) == -1 && errno == ESPIPE ? "ESPIPE" : "other");
	say("mm: pread at a negative offset: %s", err(pread(fd, buf, 1, -1)));
	map = mmap(NULL, 4096, PROT_READ, MAP_PRIVATE, fd, 0);
	say("mm: unlink an open, mapped file: %s", err(unlink("/tmp/d/f")));
	say("mm: unlink: the name is gone: %s", err(open("/tmp/d/f", O_RDONLY)));
	say("mm: unlink: fstat says 0 links: %s", yes(fstat(fd, &st) == 0 && st.st_nlink == 0));
	memset(buf, 0, sizeof(buf));
	say("mm: unlink: the open file still reads: %s", yes(pread(ro, buf, 10, 0) == 10 && !strcmp(buf, "still here")));
	close(fd);
	close(ro);
	say("mm: unlink: the mapping still reads after close: %s", yes(!memcmp(map, "still here", 10)));
	munmap(map, 4096);
	say("mm: unlink again: %s", err(unlink("/tmp/d/f")));
	say("mm: unlink a directory: %s", err(unlink("/tmp/d")));

	/* rmdir only empty directories */
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
	say("mm: done");
	if (getpid() == 1)
		reboot(RB_POWER_OFF);
	return 0;
}
