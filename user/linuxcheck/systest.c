/*
 * What real programs (BusyBox, SQLite, coreutils) ask of the kernel beyond files and memory,
 * checked against Linux like mmtest.c (scripts/linux-reference.sh): file times (utimensat),
 * owners (chown), supplementary groups, prctl names, CPU affinity, sendfile, statfs, the
 * kernel log (syslog), and the /proc files ps, top, free and df read.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/klog.h>
#include <sys/mount.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/sendfile.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <sys/utsname.h>
#include <unistd.h>
#include "check.h"

static const char *err(long r)
{
	if (r != -1)
		return "ok";
	switch (errno) {
	case ENOENT: return "ENOENT";
	case EBADF: return "EBADF";
	case EINVAL: return "EINVAL";
	case EFAULT: return "EFAULT";
	case ESPIPE: return "ESPIPE";
	case ESRCH: return "ESRCH";
	case EACCES: return "EACCES";
	case EFBIG: return "EFBIG";
	default: return "other";
	}
}

/* The whole of a small file, NULs kept; its length. */
static void test_times(void)
{
	struct timespec ts[2] = { { 1000000, 0 }, { 2000000, 0 } };
	struct stat st;
	int fd;

	mkdir("/mnt", 0755);
	mount("none", "/mnt", "tmpfs", 0, NULL);
	close(open("/mnt/t", O_CREAT | O_WRONLY, 0644));
	say("mm: utimensat: %s", err(utimensat(AT_FDCWD, "/mnt/t", ts, 0)));
	stat("/mnt/t", &st);
	say("mm: ... atime %ld mtime %ld", (long)st.st_atime, (long)st.st_mtime);
	ts[0].tv_nsec = UTIME_OMIT;
	ts[1].tv_sec = 3000000;
	utimensat(AT_FDCWD, "/mnt/t", ts, 0);
	stat("/mnt/t", &st);
	say("mm: UTIME_OMIT keeps atime: %ld, mtime %ld", (long)st.st_atime, (long)st.st_mtime);
	ts[0].tv_nsec = 1000000000;
	say("mm: utimensat with a bad nanosecond count: %s", err(utimensat(AT_FDCWD, "/mnt/t", ts, 0)));
	say("mm: utimensat of a missing file: %s", err(utimensat(AT_FDCWD, "/mnt/none", NULL, 0)));
	fd = open("/mnt/t", O_RDONLY);
	say("mm: futimens: %s", err(futimens(fd, NULL)));
	fstat(fd, &st);
	say("mm: ... now is later: %s", yes(st.st_mtime > 3000000));
	close(fd);
	struct timeval tv[2] = { { 4000000, 0 }, { 5000000, 999999 } };
	say("mm: utimes: %s", err(utimes("/mnt/t", tv)));
	stat("/mnt/t", &st);
	say("mm: ... mtime %ld", (long)st.st_mtime);
}

static void test_owner(void)
{
	struct stat st;

	say("mm: chown: %s", err(chown("/mnt/t", 1000, 100)));
	stat("/mnt/t", &st);
	say("mm: ... uid %d gid %d", (int)st.st_uid, (int)st.st_gid);
	chown("/mnt/t", -1, 50);
	stat("/mnt/t", &st);
	say("mm: chown -1 keeps the uid: %d, gid %d", (int)st.st_uid, (int)st.st_gid);
	chmod("/mnt/t", 06755);
	chown("/mnt/t", 0, 0);
	stat("/mnt/t", &st);
	say("mm: chown clears set-user-ID and set-group-ID: %o", (unsigned)(st.st_mode & 07777));
	say("mm: symlink: %s", err(symlink("t", "/mnt/tl")));
	say("mm: lchown: %s", err(lchown("/mnt/tl", 7, 7)));
	lstat("/mnt/tl", &st);
	say("mm: lchown changes the link: uid %d", (int)st.st_uid);
	say("mm: stat through the link: %s", err(stat("/mnt/tl", &st)));
	say("mm: ... the target's uid %d", (int)st.st_uid);
	say("mm: chown of a missing file: %s", err(chown("/mnt/none", 0, 0)));
}

static void test_groups(void)
{
	gid_t set[2] = { 5, 6 }, got[4];
	int n;

	say("mm: getgroups at start: %d", getgroups(0, NULL));
	say("mm: setgroups: %s", err(setgroups(2, set)));
	n = getgroups(4, got);
	say("mm: getgroups: %d (%d %d)", n, n > 0 ? (int)got[0] : -1, n > 1 ? (int)got[1] : -1);
	say("mm: getgroups into too small a list: %s", err(getgroups(1, got)));
	say("mm: getgroups with a negative size: %s", err(getgroups(-1, got)));
	setgroups(0, NULL);
}

static void test_prctl(void)
{
	char name[32] = "";

	say("mm: PR_SET_NAME: %s", err(prctl(PR_SET_NAME, "abcdefghijklmnopqrstu", 0, 0, 0)));
	prctl(PR_GET_NAME, name, 0, 0, 0);
	say("mm: PR_GET_NAME: %s", name);
	slurp("/proc/self/comm", name, sizeof(name));
	say("mm: /proc/self/comm: %s", name);
	say("mm: PR_GET_DUMPABLE: %d", prctl(PR_GET_DUMPABLE, 0, 0, 0, 0));
	say("mm: PR_SET_NO_NEW_PRIVS: %s, then %d", err(prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0)),
	    prctl(PR_GET_NO_NEW_PRIVS, 0, 0, 0, 0));
	say("mm: an unknown option: %s", err(prctl(9999, 0, 0, 0, 0)));
	prctl(PR_SET_NAME, "systest", 0, 0, 0);
}

static void test_affinity(void)
{
	unsigned long mask = 0;
	long n = syscall(SYS_sched_getaffinity, 0, sizeof(mask), &mask);

	say("mm: sched_getaffinity: %ld bytes, mask %lx", n, mask);
	say("mm: ... of a missing process: %s", err(syscall(SYS_sched_getaffinity, 30000, sizeof(mask), &mask)));
	say("mm: ... into 2 bytes: %s", err(syscall(SYS_sched_getaffinity, 0, 2, &mask)));
	mask = 1;
	say("mm: sched_setaffinity to CPU 0: %s", err(syscall(SYS_sched_setaffinity, 0, sizeof(mask), &mask)));
}

static void test_sendfile(void)
{
	int in = open("/mnt/src", O_CREAT | O_RDWR | O_TRUNC, 0644), out, fds[2];
	char buf[32] = "";
	off_t off = 2;
	ssize_t n;

	write(in, "0123456789", 10);
	out = open("/mnt/dst", O_CREAT | O_RDWR | O_TRUNC, 0644);
	lseek(in, 0, SEEK_SET);
	n = sendfile(out, in, NULL, 4);
	say("mm: sendfile file to file: %ld, the input's position %ld", (long)n, (long)lseek(in, 0, SEEK_CUR));
	n = sendfile(out, in, &off, 100);
	say("mm: ... at an offset: %ld, the offset now %ld, the position still %ld", (long)n, (long)off,
	    (long)lseek(in, 0, SEEK_CUR));
	pread(out, buf, sizeof(buf) - 1, 0);
	say("mm: ... the output: %s", buf);
	pipe(fds);
	off = 0;
	n = sendfile(fds[1], in, &off, 5);
	memset(buf, 0, sizeof(buf));
	read(fds[0], buf, sizeof(buf) - 1);
	say("mm: sendfile to a pipe: %ld '%s'", (long)n, buf);
	say("mm: sendfile from a pipe: %s", err(sendfile(out, fds[0], NULL, 5)));
	close(out);
	out = open("/mnt/dst", O_WRONLY | O_APPEND);
	say("mm: sendfile to an O_APPEND file: %s", err(sendfile(out, in, NULL, 5)));
	say("mm: sendfile from a bad descriptor: %s", err(sendfile(out, 99, NULL, 5)));
	close(out);
	close(in);
	close(fds[0]);
	close(fds[1]);
}

/* The byte at position i of sendpages' source: a pattern no page repeats. */
static char pattern(long i)
{
	return (char)(i * 13 + i / 4096);
}

/*
 * sendfile into a file, many pages at once: whole pages, pages at other offsets on each side,
 * a hole in the source (zeros), a count past the source's end, and the file-size limit.
 */
static void test_sendpages(void)
{
	static char src[5 * 4096], got[5 * 4096];
	int in = open("/mnt/pages-src", O_CREAT | O_RDWR | O_TRUNC, 0644);
	int out = open("/mnt/pages-dst", O_CREAT | O_RDWR | O_TRUNC, 0644);
	struct rlimit old, lim;
	struct stat st;
	off_t off = 0;
	ssize_t n;
	int same = 1;

	for (long i = 0; i < 3 * 4096; i++)             /* the file's bytes; the rest of src: zeros, */
		src[i] = pattern(i);                     /* as its hole reads */
	write(in, src, 3 * 4096);
	ftruncate(in, sizeof(src));                      /* the last two pages: a hole */
	n = sendfile(out, in, &off, 3 * 4096);
	pread(out, got, 3 * 4096, 0);
	say("mm: sendpages: three whole pages: %ld, the same bytes: %s", (long)n, yes(!memcmp(got, src, 3 * 4096)));
	lseek(out, 500, SEEK_SET);
	off = 1000;
	n = sendfile(out, in, &off, 3 * 4096 + 10);
	pread(out, got, 3 * 4096 + 10, 500);
	say("mm: sendpages: from 1000 to 500: %ld, the offset now %ld, the output's position %ld, the same bytes: %s",
	    (long)n, (long)off, (long)lseek(out, 0, SEEK_CUR), yes(!memcmp(got, src + 1000, 3 * 4096 + 10)));
	off = 2 * 4096 + 7;
	lseek(out, 0, SEEK_SET);
	n = sendfile(out, in, &off, sizeof(src));
	pread(out, got, sizeof(got), 0);
	for (long i = 0; i < n; i++)
		same &= got[i] == src[2 * 4096 + 7 + i];
	fstat(out, &st);
	say("mm: sendpages: across the hole to the end: %ld, the same bytes, zeros for the hole: %s, the output's size %ld",
	    (long)n, yes(same), (long)st.st_size);
	say("mm: sendpages: at the end of the source: %ld", (long)sendfile(out, in, &off, 100));
	getrlimit(RLIMIT_FSIZE, &old);
	lim = old;
	lim.rlim_cur = 6000;
	setrlimit(RLIMIT_FSIZE, &lim);
	signal(SIGXFSZ, SIG_IGN);
	ftruncate(out, 0);
	off = 0;
	lseek(out, 0, SEEK_SET);
	n = sendfile(out, in, &off, 3 * 4096);
	say("mm: sendpages: with a 6000-byte file-size limit: %ld, the offset %ld", (long)n, (long)off);
	n = sendfile(out, in, &off, 3 * 4096);
	say("mm: sendpages: ... then at the limit: %s, the offset still %ld", err(n), (long)off);
	setrlimit(RLIMIT_FSIZE, &old);
	signal(SIGXFSZ, SIG_DFL);
	close(in);
	close(out);
	unlink("/mnt/pages-src");
	unlink("/mnt/pages-dst");
}

static void test_statfs(void)
{
	struct statfs st;

	say("mm: statfs of a tmpfs: %s", err(statfs("/mnt", &st)));
	say("mm: ... type %lx, block size %ld, name length %ld, has blocks %s", (unsigned long)st.f_type,
	    (long)st.f_bsize, (long)st.f_namelen, yes(st.f_blocks > 0 && st.f_bfree <= st.f_blocks));
	mkdir("/proc", 0555);
	mount("proc", "/proc", "proc", 0, NULL);
	statfs("/proc", &st);
	say("mm: statfs of proc: type %lx, blocks %ld", (unsigned long)st.f_type, (long)st.f_blocks);
	say("mm: statfs of a missing path: %s", err(statfs("/none", &st)));
	say("mm: statfs64 with a wrong size: %s", err(syscall(SYS_statfs64, "/mnt", 10, &st)));
}

static void test_syslog(void)
{
	static char buf[1 << 17];
	int size = klogctl(10, NULL, 0), n;

	say("mm: syslog SIZE_BUFFER: positive %s", yes(size > 0));
	n = klogctl(3, buf, sizeof(buf));
	say("mm: syslog READ_ALL: some %s, starting with a level %s", yes(n > 0), yes(n > 0 && buf[0] == '<'));
	say("mm: syslog CONSOLE_LEVEL 9: %s", err(klogctl(8, NULL, 9)));
	say("mm: syslog with a bad type: %s", err(klogctl(99, NULL, 0)));
	say("mm: syslog READ_ALL with a negative length: %s", err(klogctl(3, buf, -1)));
}

static const char *program;

static void test_proc(void)
{
	char buf[4096], link[64];
	int n, fds[2], fd;
	float a1, a5, a15;
	int run, total, last;

	n = slurp("/proc/self/cmdline", buf, sizeof(buf));
	say("mm: /proc/self/cmdline is argv[0] and a NUL: %s", yes(n == (int)strlen(program) + 1 && !strcmp(buf, program)));
	say("mm: /proc/self/environ: readable %s", yes(slurp("/proc/self/environ", buf, sizeof(buf)) >= 0));
	pipe(fds);
	snprintf(buf, sizeof(buf), "/proc/self/fd/%d", fds[0]);
	n = (int)readlink(buf, link, sizeof(link) - 1);
	link[n > 0 ? n : 0] = '\0';
	say("mm: a pipe's /proc/self/fd link: %.6s...]", link);
	fd = open("/mnt/src", O_RDONLY);
	snprintf(buf, sizeof(buf), "/proc/self/fd/%d", fd);
	n = (int)readlink(buf, link, sizeof(link) - 1);
	link[n > 0 ? n : 0] = '\0';
	say("mm: a file's /proc/self/fd link: %s", link);
	snprintf(buf, sizeof(buf), "/proc/self/fd/%d", 20);
	say("mm: a closed descriptor's link: %s", err(readlink(buf, link, sizeof(link))));
	close(fd);
	close(fds[0]);
	close(fds[1]);
	slurp("/proc/loadavg", buf, sizeof(buf));
	say("mm: /proc/loadavg has five fields: %s", yes(sscanf(buf, "%f %f %f %d/%d %d", &a1, &a5, &a15, &run, &total, &last) == 6));
	say("mm: ... running <= total: %s", yes(run >= 1 && run <= total));
	slurp("/proc/uptime", buf, sizeof(buf));
	say("mm: /proc/uptime has two numbers: %s", yes(sscanf(buf, "%f %f", &a1, &a5) == 2));
	slurp("/proc/stat", buf, sizeof(buf));
	say("mm: /proc/stat starts with the cpu line: %s, has processes %s, ctxt %s", yes(!strncmp(buf, "cpu  ", 5)),
	    yes(strstr(buf, "\nprocesses ") != NULL), yes(strstr(buf, "\nctxt ") != NULL));
	slurp("/proc/meminfo", buf, sizeof(buf));
	say("mm: /proc/meminfo has MemAvailable %s, Cached %s, SwapTotal %s, Shmem %s",
	    yes(strstr(buf, "\nMemAvailable:") != NULL), yes(strstr(buf, "\nCached:") != NULL),
	    yes(strstr(buf, "\nSwapTotal:") != NULL), yes(strstr(buf, "\nShmem:") != NULL));
	n = slurp("/proc/version", buf, sizeof(buf));
	say("mm: /proc/version is one line: %s", yes(n > 0 && strchr(buf, '\n') == buf + n - 1));
	n = slurp("/proc/cmdline", buf, sizeof(buf));
	say("mm: /proc/cmdline is one line: %s", yes(n > 0 && strchr(buf, '\n') == buf + n - 1));
	n = slurp("/proc/mounts", buf, sizeof(buf));
	say("mm: /proc/mounts lists the tmpfs on /mnt: %s", yes(strstr(buf, " /mnt tmpfs rw") != NULL));
	slurp("/proc/1/stat", buf, sizeof(buf));
	say("mm: /proc/1/stat: pid 1: %s", yes(!strncmp(buf, "1 (", 3)));
	slurp("/proc/cpuinfo", buf, sizeof(buf));
	say("mm: /proc/cpuinfo: processor 0 %s, a model name %s, flags with fpu %s", yes(!strncmp(buf, "processor\t: 0\n", 14)),
	    yes(strstr(buf, "\nmodel name\t: ") != NULL), yes(strstr(buf, "\nflags\t\t: fpu ") != NULL));
	struct utsname u;
	uname(&u);
	say("mm: uname: sysname %s, release 6.1.x %s, machine %s", u.sysname, yes(!strncmp(u.release, "6.1.", 4)), u.machine);
}

/* 200 processes at once: the number is limited by memory and pid_max, not by a table. */
static void test_manyprocs(void)
{
	enum { N = 200 };
	static pid_t pids[N];
	int go[2], forked = 0, reaped = 0, ok = 0;

	pipe(go);
	for (int i = 0; i < N; i++) {
		char c;
		pids[i] = fork();
		if (pids[i] == 0) {
			read(go[0], &c, 1);              /* all alive together until the parent says */
			_exit(7);
		}
		forked += pids[i] > 0;
	}
	for (int i = 0; i < forked; i++)
		write(go[1], "g", 1);
	for (int i = 0; i < N; i++) {
		int status;
		if (pids[i] > 0 && waitpid(pids[i], &status, 0) == pids[i]) {
			reaped++;
			ok += WIFEXITED(status) && WEXITSTATUS(status) == 7;
		}
	}
	say("mm: %d processes at once: forked %d, reaped %d, each exited 7: %s", N, forked, reaped, yes(ok == N));
	close(go[0]);
	close(go[1]);
}

/* /proc/sys/kernel and /proc/sys/vm: what they hold by default, and what writing them does. */
static void test_sysctl(void)
{
	const char *pm = "/proc/sys/kernel/pid_max", *mmc = "/proc/sys/vm/max_map_count";
	const char *oc = "/proc/sys/vm/overcommit_memory", *r;
	char buf[64];
	int made = 0, refused = 0;
	void *p;

	say("mm: sysctl: kernel.pid_max %ld, kernel.tainted %ld", file_number(pm), file_number("/proc/sys/kernel/tainted"));
	slurp("/proc/sys/kernel/core_pattern", buf, sizeof(buf));
	say("mm: sysctl: kernel.core_pattern is core: %s", yes(!strcmp(buf, "core\n")));
	say("mm: sysctl: pid_max 300: %s", put_text(pm, "300"));
	r = put_text(pm, "1000");
	say("mm: sysctl: pid_max 1000: %s, reads %ld", r, file_number(pm));
	say("mm: sysctl: pid_max 40000: %s", put_text(pm, "40000"));
	put_text(pm, "32768");
	say("mm: sysctl: vm.max_map_count %ld, vm.overcommit_memory %ld", file_number(mmc), file_number(oc));
	r = put_text(mmc, "60");
	for (int i = 0; i < 100; i++) {              /* areas that cannot merge: every other one writable */
		p = mmap(NULL, 4096, i % 2 ? PROT_READ : PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		if (p == MAP_FAILED)
			refused += errno == ENOMEM;
		else
			made++;
	}
	put_text(mmc, "65530");
	say("mm: sysctl: max_map_count 60: %s; of 100 new areas some refused with ENOMEM: %s", r, yes(refused > 0 && made < 100));
	p = mmap(NULL, 2000ul << 20, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	say("mm: sysctl: 2000 MiB writable with overcommit_memory 0: %s", p == MAP_FAILED ? strerror(errno) : "ok");
	if (p != MAP_FAILED)
		munmap(p, 2000ul << 20);
	r = put_text(oc, "1");
	p = mmap(NULL, 2000ul << 20, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	say("mm: sysctl: overcommit_memory 1: %s; then the same: %s", r, p == MAP_FAILED ? strerror(errno) : "ok");
	if (p != MAP_FAILED)
		munmap(p, 2000ul << 20);
	put_text(oc, "0");
}

static const struct check_case tests[] = {
	{ "times", test_times }, { "owner", test_owner }, { "groups", test_groups }, { "prctl", test_prctl },
	{ "affinity", test_affinity }, { "sendfile", test_sendfile }, { "statfs", test_statfs },
	{ "syslog", test_syslog }, { "proc", test_proc }, { "manyprocs", test_manyprocs },
	{ "sysctl", test_sysctl }, { "sendpages", test_sendpages },
};

int main(int argc, char **argv)
{
	program = argv[0];
	return run_cases(tests, sizeof(tests) / sizeof(tests[0]), argc, argv);
}
