/*
 * Credentials and permissions, as Linux 6.1 has them: the set*id calls for root and for an
 * ordinary user (uid 1000), what file modes let uid 1000 do, sticky and set-group-ID
 * directories, signals and /proc across users, and the limits that bind only ordinary users
 * (RLIMIT_NPROC, RLIMIT_MEMLOCK, raising a hard limit). Run as init (uid 0).
 */
#define _GNU_SOURCE
#include "check.h"
#include <sys/fsuid.h>
#include <grp.h>
#include <sys/mman.h>
#include <sys/mount.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <signal.h>

#define USER 1000

static void quit(void *arg)
{
	(void)arg;
	_exit(0);
}

static const char *err(int r)
{
	return r == 0 ? "ok" : strerror(errno);
}

/* Run fn in a child that is uid and gid USER (no supplementary groups), and wait for it. */
static void as_user(void (*fn)(void))
{
	int status;
	pid_t pid = fork();

	if (pid == 0) {
		if (setgroups(0, NULL) || setresgid(USER, USER, USER) || setresuid(USER, USER, USER)) {
			say("mm: cannot become uid %d: %s", USER, strerror(errno));
			_exit(1);
		}
		fn();
		_exit(0);
	}
	waitpid(pid, &status, 0);
}

static const char *ids_line(const char *field)
{
	static char buf[4096], line[80];
	char *p, *e;

	if (slurp("/proc/self/status", buf, sizeof(buf)) < 0 || !(p = strstr(buf, field)))
		return "(none)";
	e = strchr(p, '\n');
	snprintf(line, sizeof(line), "%.*s", (int)(e ? e - p : (long)strlen(p)), p);
	for (char *q = line; *q; q++)
		if (*q == '\t')
			*q = ' ';
	return line;
}

static void resids(char *out, size_t n)
{
	uid_t r, e, s;
	gid_t gr, ge, gs;

	getresuid(&r, &e, &s);
	getresgid(&gr, &ge, &gs);
	snprintf(out, n, "uid %u %u %u gid %u %u %u", r, e, s, gr, ge, gs);
}

/* ---------------------------------------------------------------- root's ids */

static void ids(void)
{
	char buf[64];

	resids(buf, sizeof(buf));
	say("mm: init runs as %s", buf);
	say("mm: status: %s", ids_line("Uid:"));
	say("mm: status: %s", ids_line("Gid:"));
}

/* ---------------------------------------------------------------- set*id transitions */

static void transitions_child(void)
{
	char buf[64];
	const char *r;
	int a, b;

	/* root drops its effective uid but keeps 0 saved: it may come back */
	say("mm: setresuid(1000, 1000, 0) as root: %s", err(setresuid(USER, USER, 0)));
	resids(buf, sizeof(buf));
	say("mm: then %s; %s", buf, ids_line("Uid:"));
	r = err(setuid(0));                     /* (one call a statement: C leaves argument order open) */
	say("mm: setuid(0) with 0 saved: %s, euid %u", r, geteuid());
	say("mm: setreuid(1000, 2000) as root: %s", err(setreuid(USER, 2000)));
	resids(buf, sizeof(buf));
	say("mm: then %s", buf);
	r = err(seteuid(USER));
	say("mm: seteuid(1000) back to the real uid: %s, euid %u", r, geteuid());
	say("mm: setuid(0) now: %s", err(setuid(0)));
	say("mm: setreuid(-1, 2000) to the saved uid: %s", err(setreuid(-1, 2000)));
	resids(buf, sizeof(buf));
	say("mm: then %s", buf);
	say("mm: setresuid(3000, -1, -1): %s", err(setresuid(3000, -1, -1)));
	a = setfsuid(5);
	b = setfsuid(-1);
	say("mm: setfsuid(5) answers %d, then setfsuid(-1) answers %d", a, b);
	a = setfsuid(2000);
	say("mm: setfsuid(2000) answers %d; %s", a, ids_line("Uid:"));
}

static void transitions_big(void)
{
	/* the 16-bit calls see an id above 65535 as 65534 */
	say("mm: setresuid(70000, 70000, 70000) as root: %s", err(setresuid(70000, 70000, 70000)));
	say("mm: getuid32 %ld, getuid (16-bit) %ld, geteuid (16-bit) %ld", (long)syscall(SYS_getuid32),
	    (long)syscall(SYS_getuid), (long)syscall(SYS_geteuid));
	say("mm: setgroups as uid 70000: %s", err(setgroups(0, NULL)));
}

static void transitions(void)
{
	int status;

	if (fork() == 0) {
		transitions_child();
		_exit(0);
	}
	wait(&status);
	if (fork() == 0) {
		transitions_big();
		_exit(0);
	}
	wait(&status);
}

/* ---------------------------------------------------------------- files */

static char self[256];

static void make_file(const char *path, mode_t mode)
{
	int fd = open(path, O_CREAT | O_WRONLY | O_TRUNC, 0600);

	if (fd >= 0) {
		write(fd, "secret\n", 7);
		close(fd);
	}
	chmod(path, mode);
}

/* A copy of this program, to run as another program. */
static void copy_self(const char *path, mode_t mode)
{
	static char buf[65536];
	int in = open(self, O_RDONLY), out = open(path, O_CREAT | O_WRONLY | O_TRUNC, 0700);
	ssize_t n;

	while (in >= 0 && out >= 0 && (n = read(in, buf, sizeof(buf))) > 0)
		write(out, buf, (size_t)n);
	close(in);
	close(out);
	chmod(path, mode);
}

static const char *run(const char *path)
{
	int status;
	pid_t pid = fork();

	if (pid == 0) {
		char *argv[] = { (char *)path, "hello", NULL };
		execv(path, argv);
		_exit(100 + errno);
	}
	waitpid(pid, &status, 0);
	if (WIFEXITED(status) && WEXITSTATUS(status) >= 100)
		return strerror(WEXITSTATUS(status) - 100);
	return WIFEXITED(status) && WEXITSTATUS(status) == 42 ? "ran" : status_text(status);
}

static const char *opened(const char *path, int flags)
{
	int fd = open(path, flags);

	if (fd < 0)
		return strerror(errno);
	close(fd);
	return "ok";
}

static void setup_files(void)
{
	umask(022);
	mkdir("/crd", 0755);
	make_file("/crd/secret", 0600);
	make_file("/crd/public", 0644);
	make_file("/crd/groupw", 0664);
	chown("/crd/groupw", 0, USER);
	mkdir("/crd/closed", 0644);             /* a directory without search permission */
	make_file("/crd/closed/inside", 0644);
	mkdir("/crd/sticky", 0777);
	chmod("/crd/sticky", 01777);            /* (mkdir's mode passes the umask) */
	make_file("/crd/sticky/roots", 0666);
	mkdir("/crd/sgid", 02777);
	chown("/crd/sgid", 0, 50);
	chmod("/crd/sgid", 02777);
	copy_self("/crd/prog", 0755);
	copy_self("/crd/private", 0700);
	copy_self("/crd/noexec", 0644);
}

static void user_files(void)
{
	struct stat st;

	say("mm: uid 1000 opens a 0600 root file: %s", opened("/crd/secret", O_RDONLY));
	say("mm: ... a 0644 root file for reading: %s, for writing: %s", opened("/crd/public", O_RDONLY),
	    opened("/crd/public", O_WRONLY));
	say("mm: ... a 0664 file of its group for writing: %s", opened("/crd/groupw", O_WRONLY));
	say("mm: ... O_TRUNC of the 0644 file: %s", opened("/crd/public", O_RDONLY | O_TRUNC));
	say("mm: creates a file in a 0755 root directory: %s", opened("/crd/new", O_CREAT | O_WRONLY));
	say("mm: mkdir there: %s", err(mkdir("/crd/newdir", 0755)));
	say("mm: stat through a directory without search permission: %s", err(stat("/crd/closed/inside", &st)));
	say("mm: lists a 0644 directory: %s", opened("/crd/closed", O_RDONLY | O_DIRECTORY));
	say("mm: access(R_OK) of the 0600 file: %s, of the 0644 one: %s", err(access("/crd/secret", R_OK)),
	    err(access("/crd/public", R_OK)));
	say("mm: access(W_OK) of the 0644 file: %s, X_OK of /crd/prog: %s", err(access("/crd/public", W_OK)),
	    err(access("/crd/prog", X_OK)));
	say("mm: unlink of a root file in /crd: %s", err(unlink("/crd/public")));
	say("mm: rename it into /tmp-like /crd/sticky: %s", err(rename("/crd/public", "/crd/sticky/p")));
	say("mm: truncate of the 0644 file: %s", err(truncate("/crd/public", 0)));
	say("mm: chmod of a root file: %s", err(chmod("/crd/public", 0666)));
	say("mm: chown of a root file to itself: %s", err(chown("/crd/public", USER, USER)));
	say("mm: utimes(NULL) of the 0644 root file: %s, of the 0664 group file: %s",
	    err(utimes("/crd/public", NULL)), err(utimes("/crd/groupw", NULL)));
	struct timeval tv[2] = { { 1000, 0 }, { 1000, 0 } };
	say("mm: utimes to a given time of the group file: %s", err(utimes("/crd/groupw", tv)));
	/* its own file in the sticky directory */
	make_file("/crd/sticky/mine", 0644);
	if (stat("/crd/sticky/mine", &st))
		say("mm: its new file in the sticky directory: %s", strerror(errno));
	else
		say("mm: its new file is owned by %u:%u, mode %o", st.st_uid, st.st_gid, st.st_mode & 07777);
	say("mm: chmod of its own file: %s, chown to root: %s, chgrp to root: %s",
	    err(chmod("/crd/sticky/mine", 0604)), err(chown("/crd/sticky/mine", 0, -1)),
	    err(chown("/crd/sticky/mine", -1, 0)));
	say("mm: chgrp of its own file to its own group: %s", err(chown("/crd/sticky/mine", -1, USER)));
	say("mm: in the sticky directory, unlink root's file: %s, its own: %s",
	    err(unlink("/crd/sticky/roots")), err(unlink("/crd/sticky/mine")));
	make_file("/crd/sgid/f", 0644);
	mkdir("/crd/sgid/d", 0755);
	if (stat("/crd/sgid/f", &st) == 0)
		say("mm: a file in a set-group-ID directory of group 50: group %u", st.st_gid);
	if (stat("/crd/sgid/d", &st) == 0)
		say("mm: a directory there: group %u, mode %o", st.st_gid, st.st_mode & 07777);
	say("mm: runs /crd/prog (0755): %s, /crd/private (0700 root): %s", run("/crd/prog"), run("/crd/private"));
}

static void files(void)
{
	setup_files();
	say("mm: root runs a 0644 program (no execute bit): %s", run("/crd/noexec"));
	say("mm: root opens the 0600 file of another user for writing: %s", opened("/crd/secret", O_RDWR));
	as_user(user_files);
}

/* ---------------------------------------------------------------- processes */

static void user_processes(void)
{
	char buf[4096];

	say("mm: uid 1000 kill(1, 0): %s", err(kill(1, 0)));
	say("mm: kill(1, SIGCONT) in the same session: %s", err(kill(1, SIGCONT)));
	say("mm: kill of itself: %s", err(kill(getpid(), 0)));
	say("mm: reads /proc/1/status: %s", slurp("/proc/1/status", buf, sizeof(buf)) > 0 ? "ok" : strerror(errno));
	say("mm: reads /proc/1/environ: %s", slurp("/proc/1/environ", buf, sizeof(buf)) >= 0 ? "ok" : strerror(errno));
	say("mm: reads its own /proc/self/environ: %s", slurp("/proc/self/environ", buf, sizeof(buf)) >= 0 ? "ok" : strerror(errno));
	say("mm: readlink /proc/1/exe: %s", readlink("/proc/1/exe", buf, sizeof(buf)) >= 0 ? "ok" : strerror(errno));
	say("mm: opens /proc/1/fd: %s", opened("/proc/1/fd", O_RDONLY | O_DIRECTORY));
	say("mm: setuid(0): %s, setgid(0): %s, setgroups: %s", err(setuid(0)), err(setgid(0)), err(setgroups(0, NULL)));
	say("mm: mount: %s", err(mount("none", "/crd", "tmpfs", 0, NULL)));
	say("mm: %s", ids_line("Uid:"));
	say("mm: %s", ids_line("Groups:"));
}

static void processes(void)
{
	as_user(user_processes);
}

/* ---------------------------------------------------------------- limits */

static void user_limits(void)
{
	struct rlimit r;
	char *p = mmap(NULL, 16384, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	pid_t kids[4];
	int made = 0;

	getrlimit(RLIMIT_NOFILE, &r);
	r.rlim_max += 1;
	say("mm: uid 1000 raises its hard RLIMIT_NOFILE: %s", err(setrlimit(RLIMIT_NOFILE, &r)));
	r.rlim_cur = r.rlim_max = 8192;
	setrlimit(RLIMIT_MEMLOCK, &r);
	say("mm: mlock 16 KiB under an 8 KiB RLIMIT_MEMLOCK: %s", err(mlock(p, 16384)));
	say("mm: mlock 8 KiB: %s", err(mlock(p, 8192)));
	say("mm: mlockall(MCL_CURRENT): %s", err(mlockall(MCL_CURRENT)));
	r.rlim_cur = 0;
	setrlimit(RLIMIT_MEMLOCK, &r);
	say("mm: mlock under a limit of 0: %s", err(mlock(p + 8192, 4096)));
	/* RLIMIT_NPROC counts uid 1000's processes: this one and its children */
	r.rlim_cur = r.rlim_max = 3;
	setrlimit(RLIMIT_NPROC, &r);
	for (int i = 0; i < 4; i++) {
		pid_t pid = fork();
		if (pid == 0) {
			pause();
			_exit(0);
		}
		if (pid < 0) {
			say("mm: fork number %d under RLIMIT_NPROC 3: %s", i + 1, strerror(errno));
			break;
		}
		kids[made++] = pid;
	}
	say("mm: children made under RLIMIT_NPROC 3: %d (a fork: %s)", made, yes(made < 4));
	for (int i = 0; i < made; i++) {
		int status;
		kill(kids[i], SIGKILL);
		waitpid(kids[i], &status, 0);
	}
	say("mm: a fork once they are gone: %s", fate(quit, NULL) == 0 ? "ok" : "failed");
}

static void limits(void)
{
	struct rlimit r = { 1, 1 }, big = { 100000, 100000 };
	char *p = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	int status;

	as_user(user_limits);
	/* root is held to none of these */
	if (fork() == 0) {
		setrlimit(RLIMIT_NPROC, &r);
		say("mm: root forks under RLIMIT_NPROC 1: %s", fate(quit, NULL) == 0 ? "ok" : "failed");
		setrlimit(RLIMIT_MEMLOCK, &(struct rlimit){ 0, 0 });
		say("mm: root mlocks under RLIMIT_MEMLOCK 0: %s", err(mlock(p, 4096)));
		say("mm: root raises a hard limit: %s", err(setrlimit(RLIMIT_NPROC, &big)));
		_exit(0);
	}
	wait(&status);
}

int main(int argc, char **argv)
{
	static const struct check_case cases[] = {
		{ "ids", ids }, { "transitions", transitions }, { "files", files },
		{ "processes", processes }, { "limits", limits },
	};
	ssize_t n;

	if (argc == 2 && !strcmp(argv[1], "hello"))
		return 42;                          /* run as /crd/prog */
	mkdir("/proc", 0555);                   /* Linux's init has no /proc of its own */
	mount("proc", "/proc", "proc", 0, NULL);
	n = readlink("/proc/self/exe", self, sizeof(self) - 1);
	self[n > 0 ? n : 0] = '\0';
	return run_cases(cases, sizeof(cases) / sizeof(cases[0]), argc, argv);
}
