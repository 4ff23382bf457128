/*
 * O_PATH: a descriptor that only names a file, as Linux 6.1 has it: opened without read
 * permission, good for fstat, fchdir, the *at calls, dup and a few fcntl commands, and EBADF
 * for everything that would read, write or change the file through it. Run as init (uid 0).
 */
#define _GNU_SOURCE
#include "check.h"
#include <dirent.h>
#include <signal.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/syscall.h>

static const char *err(long r)
{
	return r >= 0 ? "ok" : strerror(errno);
}

static void as_user(void)
{
	int fd;
	long r;
	struct stat st;

	setgroups(0, NULL);
	setresgid(1000, 1000, 1000);
	setresuid(1000, 1000, 1000);
	fd = open("/opath/private", O_PATH);
	say("mm: uid 1000 opens a 0600 root file with O_PATH: %s; O_RDONLY: %s", err(fd),
	    err(open("/opath/private", O_RDONLY)));
	r = fstat(fd, &st);                     /* one call a statement: C leaves argument order open */
	say("mm: ... and fstats it: %s, size %lld", err(r), (long long)st.st_size);
	say("mm: O_PATH through a directory without search permission: %s", err(open("/opath/closed/f", O_PATH)));
}

static void opath(void)
{
	char buf[64];
	struct stat st;
	int fd, dir, link, status;
	long r;

	mkdir("/proc", 0555);
	mount("proc", "/proc", "proc", 0, NULL);
	mkdir("/opath", 0755);
	fd = open("/opath/secret", O_CREAT | O_WRONLY, 0600);
	write(fd, "hidden", 6);
	close(fd);
	fd = open("/opath/private", O_CREAT | O_WRONLY, 0600);
	write(fd, "hidden", 6);
	close(fd);
	mkdir("/opath/closed", 0700);
	close(open("/opath/closed/f", O_CREAT | O_WRONLY, 0644));
	symlink("secret", "/opath/link");

	fd = open("/opath/secret", O_PATH | O_RDWR | O_TRUNC | O_APPEND);
	say("mm: O_PATH with O_RDWR|O_TRUNC|O_APPEND: %s; the file keeps %s bytes", err(fd),
	    stat("/opath/secret", &st) == 0 && st.st_size == 6 ? "its 6" : "not its");
	say("mm: F_GETFL: %#lx (O_PATH is %#x)", (long)fcntl(fd, F_GETFL), O_PATH);
	say("mm: read: %s; write: %s", err(read(fd, buf, 1)), err(write(fd, "x", 1)));
	say("mm: lseek: %s; pread: %s", err(lseek(fd, 0, SEEK_SET)), err(pread(fd, buf, 1, 0)));
	r = fstat(fd, &st);
	say("mm: fstat: %s, size %lld", err(r), (long long)st.st_size);
	say("mm: fchmod: %s; fchown: %s", err(fchmod(fd, 0644)), err(fchown(fd, 0, 0)));
	say("mm: ftruncate: %s; fsync: %s", err(ftruncate(fd, 0)), err(fsync(fd)));
	say("mm: mmap: %s", mmap(NULL, 4096, PROT_READ, MAP_PRIVATE, fd, 0) == MAP_FAILED ? strerror(errno) : "ok");
	say("mm: ioctl(FIONREAD): %s", err(ioctl(fd, FIONREAD, &r)));
	say("mm: fcntl F_SETFL: %s; F_GETFD: %s; F_SETFD: %s", err(fcntl(fd, F_SETFL, O_NONBLOCK)),
	    err(fcntl(fd, F_GETFD)), err(fcntl(fd, F_SETFD, FD_CLOEXEC)));
	r = fcntl(fd, F_DUPFD, 10);
	say("mm: F_DUPFD: %s (fd %ld)", err(r), r);
	say("mm: dup: %s; close: %s", err(dup(fd)), err(close((int)r)));
	char name[32];
	snprintf(name, sizeof(name), "/proc/self/fd/%d", fd);
	r = readlink(name, buf, sizeof(buf) - 1);
	if (r >= 0)
		buf[r] = '\0';
	say("mm: /proc/self/fd names it: %s", r >= 0 ? buf : strerror(errno));
	close(fd);

	dir = open("/opath", O_PATH | O_DIRECTORY);
	say("mm: an O_PATH directory: %s; getdents: %s", err(dir), err(syscall(SYS_getdents64, dir, buf, sizeof(buf))));
	say("mm: openat(it, \"secret\", O_RDONLY): %s", err(openat(dir, "secret", O_RDONLY)));
	r = fstatat(dir, "", &st, AT_EMPTY_PATH);
	say("mm: fstatat(it, \"\", AT_EMPTY_PATH): %s, a directory %s", err(r), yes(S_ISDIR(st.st_mode)));
	r = fchdir(dir);
	say("mm: fchdir to it: %s; then ./secret exists: %s", err(r), yes(access("secret", F_OK) == 0));
	close(dir);

	link = open("/opath/link", O_PATH | O_NOFOLLOW);
	say("mm: O_PATH|O_NOFOLLOW on a symbolic link: %s, a link %s", err(link),
	    yes(fstat(link, &st) == 0 && S_ISLNK(st.st_mode)));
	r = readlinkat(link, "", buf, sizeof(buf) - 1);
	if (r >= 0)
		buf[r] = '\0';
	say("mm: readlinkat(it, \"\"): %s", r >= 0 ? buf : strerror(errno));
	say("mm: O_PATH|O_CREAT of a new name: %s", err(open("/opath/new", O_PATH | O_CREAT, 0644)));
	say("mm: O_PATH|O_DIRECTORY of a file: %s", err(open("/opath/secret", O_PATH | O_DIRECTORY)));
	if (fork() == 0) {
		as_user();
		_exit(0);
	}
	wait(&status);
}

int main(int argc, char **argv)
{
	static const struct check_case cases[] = { { "opath", opath } };

	return run_cases(cases, 1, argc, argv);
}
