/*
 * The file layer, checked against Linux like mmtest.c (scripts/linux-reference.sh): mounts,
 * symbolic and hard links, FIFOs, device files, tmpfs sizes, and above all file mappings through
 * the page cache: MAP_SHARED seen by read() and by other processes, MAP_PRIVATE copies,
 * truncation and SIGBUS, EACCES for mappings the descriptor does not allow, mappings that outlive
 * the name, and shared memory (System V, POSIX shm_open, memfd, MAP_SHARED anonymous and
 * /dev/zero).
 *
 * Both kernels start it as /init with nothing mounted that it needs: it mounts a tmpfs on /mnt
 * and works there, so the two runs see the same thing.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ipc.h>
#include <sys/mman.h>
#include <sys/mount.h>
#include <sys/shm.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/wait.h>
#include <unistd.h>
#include "check.h"

#define PG 4096

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
	case EACCES: return "EACCES";
	case ENODEV: return "ENODEV";
	case ELOOP: return "ELOOP";
	case ENXIO: return "ENXIO";
	case ENOSPC: return "ENOSPC";
	case ESPIPE: return "ESPIPE";
	case EXDEV: return "EXDEV";
	case EPERM: return "EPERM";
	case EIDRM: return "EIDRM";
	default: return "other";
	}
}

static const char *merr(void *p)
{
	return p == MAP_FAILED ? err(-1) : "ok";
}

/* A file at path holding n bytes of c; its descriptor (O_RDWR). */
static int make_file(const char *path, int c, size_t n)
{
	static char buf[3 * PG];
	int fd = open(path, O_CREAT | O_RDWR | O_TRUNC, 0644);

	memset(buf, c, n);
	write(fd, buf, n);
	return fd;
}

static char byte_at(int fd, off_t off)
{
	char c = '?';

	pread(fd, &c, 1, off);
	return c;
}

/* ---------------------------------------------------------------- mounts */

static void test_mount(void)
{
	struct stat st;
	int fd;

	mkdir("/mnt", 0755);
	mkdir("/proc", 0555);
	say("mm: mount tmpfs on /mnt: %s", err(mount("none", "/mnt", "tmpfs", 0, NULL)));
	say("mm: mount proc on /proc: %s", err(mount("proc", "/proc", "proc", 0, NULL)));
	say("mm: mount an unknown type: %s", err(mount("none", "/mnt", "nosuchfs", 0, NULL)));
	say("mm: mount on a missing directory: %s", err(mount("none", "/nonexistent", "tmpfs", 0, NULL)));
	close(make_file("/mnt/file", 'f', 10));
	say("mm: mount on a file: %s", err(mount("none", "/mnt/file", "tmpfs", 0, NULL)));
	mkdir("/mnt/sub", 0755);
	close(make_file("/mnt/sub/under", 'u', 10));
	say("mm: mount on a directory: %s", err(mount("none", "/mnt/sub", "tmpfs", 0, NULL)));
	say("mm: what was there is hidden: %s", yes(stat("/mnt/sub/under", &st) && errno == ENOENT));
	stat("/mnt/sub", &st);
	say("mm: the new tmpfs root: mode %o, %ld bytes", (unsigned)st.st_mode, (long)st.st_size);
	say("mm: rmdir of a mount point: %s", err(rmdir("/mnt/sub")));
	say("mm: rename across mounts: %s", err(rename("/mnt/file", "/mnt/sub/file")));
	say("mm: link across mounts: %s", err(link("/mnt/file", "/mnt/sub/file")));
	fd = open("/mnt/sub/inside", O_CREAT | O_RDWR, 0644);
	say("mm: umount with a file open in it: %s", err(umount("/mnt/sub")));
	close(fd);
	chdir("/mnt/sub");
	say("mm: umount with the current directory in it: %s", err(umount("/mnt/sub")));
	chdir("/");
	say("mm: umount of a directory that is no mount point: %s", err(umount("/mnt")));
	say("mm: umount: %s", err(umount("/mnt/sub")));
	say("mm: what was there is back: %s", yes(stat("/mnt/sub/under", &st) == 0));
	say("mm: the mounted files are gone: %s", yes(stat("/mnt/sub/inside", &st) && errno == ENOENT));
	say("mm: umount again: %s", err(umount("/mnt/sub")));
	say("mm: umount2 with a bad flag: %s", err(umount2("/mnt", 0x100)));
}

/* ---------------------------------------------------------------- names */

static void test_links(void)
{
	char buf[64];
	struct stat st;
	ssize_t n;
	int fd;

	close(make_file("/mnt/target", 't', 5));
	say("mm: symlink: %s", err(symlink("target", "/mnt/link")));
	say("mm: symlink over a name: %s", err(symlink("target", "/mnt/link")));
	n = readlink("/mnt/link", buf, sizeof(buf));
	say("mm: readlink: %ld '%.*s'", (long)n, (int)(n > 0 ? n : 0), buf);
	n = readlink("/mnt/link", buf, 3);
	say("mm: readlink cut short: %ld '%.*s'", (long)n, (int)(n > 0 ? n : 0), buf);
	say("mm: readlink of a file: %s", err(readlink("/mnt/target", buf, sizeof(buf))));
	n = stat("/mnt/link", &st);
	say("mm: stat through a link: regular %s, size %ld", yes(n == 0 && S_ISREG(st.st_mode)), (long)st.st_size);
	n = lstat("/mnt/link", &st);
	say("mm: lstat of a link: link %s, size %ld", yes(n == 0 && S_ISLNK(st.st_mode)), (long)st.st_size);
	fd = open("/mnt/link", O_RDONLY);
	say("mm: open through a link reads: %c", fd >= 0 ? byte_at(fd, 0) : '-');
	close(fd);
	say("mm: open O_NOFOLLOW of a link: %s", err(open("/mnt/link", O_RDONLY | O_NOFOLLOW)));
	symlink("/mnt/nothing", "/mnt/dangling");
	say("mm: open a dangling link: %s", err(open("/mnt/dangling", O_RDONLY)));
	fd = open("/mnt/dangling", O_CREAT | O_WRONLY, 0644);
	say("mm: O_CREAT through a dangling link makes the target: %s", yes(fd >= 0 && stat("/mnt/nothing", &st) == 0));
	close(fd);
	symlink("loop2", "/mnt/loop1");
	symlink("loop1", "/mnt/loop2");
	say("mm: a loop of links: %s", err(open("/mnt/loop1", O_RDONLY)));
	mkdir("/mnt/dir", 0755);
	symlink("/mnt/dir", "/mnt/dirlink");
	close(make_file("/mnt/dir/f", 'd', 1));
	say("mm: a link in the middle of a path: %s", err(stat("/mnt/dirlink/f", &st)));
	say("mm: a link to a directory, with a slash: %s", err(stat("/mnt/dirlink/", &st)));
	say("mm: a file with a slash: %s", err(stat("/mnt/target/", &st)));
	say("mm: .. from a link's directory: %s", err(stat("/mnt/dirlink/../target", &st)));
	say("mm: unlink a link leaves the target: %s", yes(unlink("/mnt/link") == 0 && stat("/mnt/target", &st) == 0));
	say("mm: link: %s", err(link("/mnt/target", "/mnt/hard")));
	stat("/mnt/target", &st);
	say("mm: link count: %ld", (long)st.st_nlink);
	say("mm: link of a directory: %s", err(link("/mnt/dir", "/mnt/dir2")));
	unlink("/mnt/target");
	fd = open("/mnt/hard", O_RDONLY);
	fstat(fd, &st);
	say("mm: the other name keeps the data: %c, links %ld", fd >= 0 ? byte_at(fd, 0) : '-', (long)st.st_nlink);
	close(fd);
}

static void test_dirs(void)
{
	struct stat st;
	char buf[64];

	mkdir("/mnt/d", 0777);
	stat("/mnt/d", &st);
	say("mm: tmpfs directory: %ld bytes, %ld links", (long)st.st_size, (long)st.st_nlink);
	close(make_file("/mnt/d/a", 'a', 5000));
	mkdir("/mnt/d/sub", 0755);
	stat("/mnt/d", &st);
	say("mm: with a file and a directory: %ld bytes, %ld links", (long)st.st_size, (long)st.st_nlink);
	stat("/mnt/d/a", &st);
	say("mm: a 5000-byte file: %ld blocks of 512", (long)st.st_blocks);
	stat("/mnt/d", &st);
	say("mm: mode of mkdir 0777 under umask 022: %o", (unsigned)(st.st_mode & 0777));
	umask(077);
	close(open("/mnt/d/private", O_CREAT | O_WRONLY, 0666));
	stat("/mnt/d/private", &st);
	say("mm: mode of a file made 0666 under umask 077: %o", (unsigned)(st.st_mode & 0777));
	umask(022);
	chmod("/mnt/d/private", 0604);
	stat("/mnt/d/private", &st);
	say("mm: chmod: %o", (unsigned)(st.st_mode & 0777));
	chdir("/mnt/d/sub");
	say("mm: getcwd: %s", getcwd(buf, sizeof(buf)) ? buf : "(error)");
	rmdir("/mnt/d/sub");
	say("mm: getcwd after rmdir of it: %s", getcwd(buf, sizeof(buf)) ? buf : err(-1));
	say("mm: create in a removed directory: %s", err(open("new", O_CREAT | O_WRONLY, 0644)));
	chdir("/");
	say("mm: rename a directory below itself: %s", err(rename("/mnt/d", "/mnt/d/x")));
	say("mm: rename onto a non-empty directory: %s", err(rename("/mnt/dir", "/mnt/d")));
	say("mm: mkdir with a trailing slash: %s", err(mkdir("/mnt/e/", 0755)));
	say("mm: open O_CREAT with a trailing slash: %s", err(open("/mnt/f/", O_CREAT | O_WRONLY, 0644)));
	say("mm: rmdir .: %s", err(rmdir("/mnt/d/.")));
}

static void test_devices(void)
{
	char buf[8] = "xxxxxxx";
	int fds[2], fd;

	mknod("/mnt/null", S_IFCHR | 0666, makedev(1, 3));
	mknod("/mnt/zero", S_IFCHR | 0666, makedev(1, 5));
	mknod("/mnt/full", S_IFCHR | 0666, makedev(1, 7));
	say("mm: mknod of a device with no driver, open: %s",
	    (mknod("/mnt/nodriver", S_IFCHR | 0666, makedev(250, 250)), err(open("/mnt/nodriver", O_RDONLY))));
	ssize_t r, w;

	fd = open("/mnt/null", O_RDWR);
	r = read(fd, buf, 8);
	w = write(fd, buf, 8);
	say("mm: /dev/null: read %ld, write %ld", (long)r, (long)w);
	close(fd);
	fd = open("/mnt/zero", O_RDONLY);
	r = read(fd, buf, 8);
	say("mm: /dev/zero: read %ld, zeros %s", (long)r, yes(!memcmp(buf, "\0\0\0\0\0\0\0\0", 8)));
	close(fd);
	fd = open("/mnt/full", O_WRONLY);
	say("mm: /dev/full: write %s", err(write(fd, buf, 1)));
	close(fd);
	pipe(fds);
	say("mm: lseek on a pipe: %s", err(lseek(fds[0], 0, SEEK_SET)));
	say("mm: fsync on a pipe: %s", err(fsync(fds[0])));
	close(fds[0]);
	close(fds[1]);
	fd = open("/mnt/hard", O_RDWR);
	say("mm: fsync, fdatasync on a tmpfs file: %s %s", err(fsync(fd)), err(fdatasync(fd)));
	close(fd);
	say("mm: mkfifo: %s", err(mkfifo("/mnt/fifo", 0644)));
	say("mm: FIFO open for writing, no reader, O_NONBLOCK: %s", err(open("/mnt/fifo", O_WRONLY | O_NONBLOCK)));
	fd = open("/mnt/fifo", O_RDONLY | O_NONBLOCK);
	say("mm: FIFO open for reading, O_NONBLOCK: %s", err(fd));
	fds[1] = open("/mnt/fifo", O_WRONLY | O_NONBLOCK);
	say("mm: ... then for writing: %s", err(fds[1]));
	write(fds[1], "fifo", 4);
	say("mm: through the FIFO: %ld bytes", (long)read(fd, buf, 8));
	close(fd);
	close(fds[1]);
}

/* ---------------------------------------------------------------- file mappings */

struct shared_args {
	char *p;
	char c;
};

static void write_in_child(void *arg)
{
	struct shared_args *a = arg;

	a->p[0] = a->c;
}

static void test_shared_map(void)
{
	int fd = make_file("/mnt/map", 'a', 2 * PG);
	char *s1 = mmap(NULL, 2 * PG, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	char *s2 = mmap(NULL, 2 * PG, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	char *pr = mmap(NULL, 2 * PG, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, 0);
	struct shared_args a;

	say("mm: MAP_SHARED of a file opened O_RDWR: %s", merr(s1));
	s1[10] = 'S';
	say("mm: a write through MAP_SHARED, read(): %c", byte_at(fd, 10));
	say("mm: ... another MAP_SHARED of the file: %c", s2[10]);
	say("mm: ... a MAP_PRIVATE not yet written: %c", pr[10]);
	pwrite(fd, "W", 1, 20);
	say("mm: a write(), seen by MAP_SHARED %c and MAP_PRIVATE %c", s1[20], pr[20]);
	pr[30] = 'P';
	say("mm: a write through MAP_PRIVATE: read() %c, MAP_SHARED %c, the private copy %c",
	    byte_at(fd, 30), s1[30], pr[30]);
	pwrite(fd, "X", 1, 31);
	say("mm: a write() after the private copy was made: the copy %c", pr[31]);
	a.p = s1 + PG;
	a.c = 'C';
	fate(write_in_child, &a);
	say("mm: a forked child writes MAP_SHARED: the parent sees %c", s1[PG]);
	a.p = pr + PG;
	a.c = 'Q';
	fate(write_in_child, &a);
	say("mm: a forked child writes MAP_PRIVATE: the parent sees %c", pr[PG]);
	say("mm: msync MS_SYNC: %s", err(msync(s1, PG, MS_SYNC)));
	say("mm: msync MS_INVALIDATE: %s", err(msync(s1, PG, MS_INVALIDATE)));
	munmap(s1, 2 * PG);
	munmap(s2, 2 * PG);
	munmap(pr, 2 * PG);
	close(fd);
}

static void test_map_access(void)
{
	int fd, rdonly, wronly;
	char *p;

	close(make_file("/mnt/acc", 'r', PG));
	rdonly = open("/mnt/acc", O_RDONLY);
	wronly = open("/mnt/acc", O_WRONLY);
	say("mm: MAP_SHARED PROT_WRITE of an O_RDONLY file: %s",
	    merr(mmap(NULL, PG, PROT_READ | PROT_WRITE, MAP_SHARED, rdonly, 0)));
	p = mmap(NULL, PG, PROT_READ, MAP_SHARED, rdonly, 0);
	say("mm: MAP_SHARED PROT_READ of an O_RDONLY file: %s", merr(p));
	say("mm: ... then mprotect PROT_WRITE: %s", err(mprotect(p, PG, PROT_READ | PROT_WRITE)));
	munmap(p, PG);
	p = mmap(NULL, PG, PROT_READ, MAP_PRIVATE, rdonly, 0);
	say("mm: MAP_PRIVATE of an O_RDONLY file, mprotect PROT_WRITE: %s", err(mprotect(p, PG, PROT_READ | PROT_WRITE)));
	p[0] = 'w';
	say("mm: ... the write stays private: %c", byte_at(rdonly, 0));
	munmap(p, PG);
	say("mm: mmap of an O_WRONLY file: %s", merr(mmap(NULL, PG, PROT_WRITE, MAP_SHARED, wronly, 0)));
	fd = open("/mnt", O_RDONLY);
	say("mm: mmap of a directory: %s", merr(mmap(NULL, PG, PROT_READ, MAP_PRIVATE, fd, 0)));
	close(fd);
	close(rdonly);
	close(wronly);
}

static void test_truncate_map(void)
{
	int fd = make_file("/mnt/trunc", 't', 2 * PG);
	char *p = mmap(NULL, 3 * PG, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	char *q = mmap(NULL, 2 * PG, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, 0);
	struct stat st;

	say("mm: map 3 pages of a 2-page file: %s", merr(p));
	say("mm: the third page: signal %d", fate(read_byte, p + 2 * PG));
	q[PG] = 'q';                                         /* a private copy of page 1 */
	ftruncate(fd, 100);
	say("mm: after truncating to 100 bytes: byte 99 %c, byte 100 is zero %s", p[99], yes(p[100] == 0));
	say("mm: ... the second page: signal %d", fate(read_byte, p + PG));
	say("mm: ... its private copy: signal %d", fate(read_byte, q + PG));
	ftruncate(fd, 2 * PG);
	say("mm: grown again: the second page reads zero %s", yes(p[PG] == 0 && p[PG + 5] == 0));
	say("mm: ... the private mapping's second page reads zero %s", yes(q[PG] == 0));
	p[PG] = 'g';
	say("mm: ... and is the file's: %c", byte_at(fd, PG));
	say("mm: the file's size: %ld", (long)(fstat(fd, &st), st.st_size));
	munmap(p, 3 * PG);
	munmap(q, 2 * PG);
	close(fd);
}

static void test_unlink_map(void)
{
	int fd = make_file("/mnt/gone", 'g', PG);
	char *p = mmap(NULL, PG, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	struct stat st;

	close(fd);
	unlink("/mnt/gone");
	p[1] = 'h';
	say("mm: a mapping outlives the name and the descriptor: %c%c", p[0], p[1]);
	say("mm: the name is gone: %s", err(stat("/mnt/gone", &st)));
	munmap(p, PG);
}

/* ---------------------------------------------------------------- shared memory */

static void test_shared_anon(void)
{
	char *p = mmap(NULL, 2 * PG, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	int zfd = open("/mnt/zero", O_RDWR);
	char *z = mmap(NULL, PG, PROT_READ | PROT_WRITE, MAP_SHARED, zfd, 0);
	char *zp = mmap(NULL, PG, PROT_READ | PROT_WRITE, MAP_PRIVATE, zfd, 0);
	struct shared_args a = { p + PG, 'A' };

	say("mm: MAP_SHARED|MAP_ANONYMOUS: %s, zero %s", merr(p), yes(p[0] == 0));
	fate(write_in_child, &a);                        /* a page first touched in the child */
	say("mm: a page first touched by a forked child: the parent sees %c", p[PG]);
	a.p = z;
	a.c = 'Z';
	fate(write_in_child, &a);
	say("mm: MAP_SHARED of /dev/zero, written by a child: %c", z[0]);
	a.p = zp;
	fate(write_in_child, &a);
	say("mm: MAP_PRIVATE of /dev/zero, written by a child: zero %s", yes(zp[0] == 0));
	munmap(p, 2 * PG);
	munmap(z, PG);
	munmap(zp, PG);
	close(zfd);
}

static void attach_and_write(void *arg)
{
	int id = *(int *)arg;
	char *p = shmat(id, NULL, 0);

	p[1] = 'c';
	shmdt(p);
}

static void test_sysv_shm(void)
{
	int id = shmget(IPC_PRIVATE, 10000, IPC_CREAT | 0600), id2;
	struct shmid_ds ds;
	char *p, *q;

	say("mm: shmget IPC_PRIVATE: %s", err(id));
	p = shmat(id, NULL, 0);
	say("mm: shmat: %s, zero %s", merr(p == (void *)-1 ? MAP_FAILED : p), yes(p[0] == 0 && p[9999] == 0));
	p[0] = 'p';
	fate(attach_and_write, &id);
	say("mm: another process attaches and writes: %c%c", p[0], p[1]);
	q = shmat(id, NULL, SHM_RDONLY);
	say("mm: a second attach sees %c", q[0]);
	shmctl(id, IPC_STAT, &ds);
	say("mm: IPC_STAT: size %lu, attached %lu, mode %o", (unsigned long)ds.shm_segsz,
	    (unsigned long)ds.shm_nattch, (unsigned)(ds.shm_perm.mode & 0777));
	say("mm: a write to the read-only attach: signal %d", fate(write_in_child, &(struct shared_args){ q, 'x' }));
	say("mm: shmdt of an address that is not an attach: %s", err(shmdt(p + PG)));
	say("mm: shmdt: %s", err(shmdt(q)));
	id2 = shmget(0x5eed, 4096, IPC_CREAT | 0600);
	say("mm: shmget with a key: %s", err(id2));
	say("mm: the same key again: same id %s", yes(shmget(0x5eed, 4096, 0) == id2));
	say("mm: the same key, IPC_CREAT|IPC_EXCL: %s", err(shmget(0x5eed, 4096, IPC_CREAT | IPC_EXCL | 0600)));
	say("mm: the same key, bigger: %s", err(shmget(0x5eed, 8192, 0)));
	say("mm: a key that does not exist: %s", err(shmget(0x5eee, 4096, 0)));
	say("mm: size 0: %s", err(shmget(IPC_PRIVATE, 0, IPC_CREAT | 0600)));
	say("mm: IPC_RMID while attached: %s", err(shmctl(id, IPC_RMID, NULL)));
	say("mm: ... still usable: %c", p[0]);
	say("mm: ... IPC_STAT: %s", err(shmctl(id, IPC_STAT, &ds)));
	shmdt(p);
	say("mm: after the last detach, IPC_STAT: %s", err(shmctl(id, IPC_STAT, &ds)));
	say("mm: shmat of a removed segment: %s", merr(shmat(id, NULL, 0) == (void *)-1 ? MAP_FAILED : NULL));
	say("mm: IPC_RMID of the keyed one: %s", err(shmctl(id2, IPC_RMID, NULL)));
	say("mm: its key is free again: %s", err(shmget(0x5eed, 4096, 0)));
}

static void test_posix_shm(void)
{
	struct stat st;
	char *p, *q;
	int fd, fd2;

	mkdir("/dev/shm", 01777);
	say("mm: mount tmpfs on /dev/shm: %s", err(mount("none", "/dev/shm", "tmpfs", 0, NULL)));
	fd = shm_open("/pagoda-test", O_CREAT | O_RDWR, 0600);
	say("mm: shm_open O_CREAT: %s", err(fd));
	ftruncate(fd, PG);
	p = mmap(NULL, PG, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	p[0] = 's';
	fd2 = shm_open("/pagoda-test", O_RDWR, 0);
	q = mmap(NULL, PG, PROT_READ, MAP_SHARED, fd2, 0);
	fstat(fd2, &st);
	say("mm: a second shm_open sees %c, size %ld", q[0], (long)st.st_size);
	say("mm: it is a file in /dev/shm: %s", yes(stat("/dev/shm/pagoda-test", &st) == 0 && S_ISREG(st.st_mode)));
	say("mm: shm_unlink: %s", err(shm_unlink("/pagoda-test")));
	say("mm: shm_open of a removed name: %s", err(shm_open("/pagoda-test", O_RDWR, 0)));
	say("mm: the mappings stay: %c", q[0]);
	munmap(p, PG);
	munmap(q, PG);
	close(fd);
	close(fd2);
	umount("/dev/shm");
}

static void test_memfd(void)
{
	int fd = memfd_create("pagoda", 0);
	struct stat st;
	char buf[4096], *p, *line;
	ssize_t n;
	int maps;

	say("mm: memfd_create: %s", err(fd));
	write(fd, "memfd", 5);
	p = mmap(NULL, PG, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	fstat(fd, &st);
	say("mm: mapped it reads %c, size %ld, links %ld", p[0], (long)st.st_size, (long)st.st_nlink);
	maps = open("/proc/self/maps", O_RDONLY);
	n = read(maps, buf, sizeof(buf) - 1);
	buf[n > 0 ? n : 0] = '\0';
	line = strstr(buf, "/memfd:pagoda (deleted)");
	say("mm: /proc/self/maps names it '/memfd:pagoda (deleted)': %s", yes(line != NULL));
	close(maps);
	say("mm: memfd_create with a bad flag: %s", err(memfd_create("x", 0x100)));
	munmap(p, PG);
	close(fd);
}

static const char *program;          /* argv[0]: /init on Linux, the path on this kernel */

static void test_proc_links(void)
{
	char buf[64];
	ssize_t n;

	chdir("/mnt/dir");
	n = readlink("/proc/self/cwd", buf, sizeof(buf));
	say("mm: /proc/self/cwd: %.*s", (int)(n > 0 ? n : 0), buf);
	chdir("/");
	n = readlink("/proc/self/exe", buf, sizeof(buf));
	say("mm: /proc/self/exe is the program's path: %s", yes(n > 0 && (size_t)n == strlen(program) &&
								!memcmp(buf, program, (size_t)n)));
}

static const struct check_case tests[] = {
	{ "mount", test_mount }, { "links", test_links }, { "dirs", test_dirs },
	{ "devices", test_devices }, { "shared_map", test_shared_map }, { "map_access", test_map_access },
	{ "truncate_map", test_truncate_map }, { "unlink_map", test_unlink_map },
	{ "shared_anon", test_shared_anon }, { "sysv_shm", test_sysv_shm }, { "posix_shm", test_posix_shm },
	{ "memfd", test_memfd }, { "proc_links", test_proc_links },
};

int main(int argc, char **argv)
{
	program = argv[0];
	return run_cases(tests, sizeof(tests) / sizeof(tests[0]), argc, argv);
}
