/*
 * User-space tests of processes, files, the ELF loader and the system-call ABI, run by make
 * test as init (init=/test/utest). With arguments, only the tests named (or in a named group)
 * run. Each prints "utest: PASS name" or "utest: FAIL name: why"; then a summary, and the exit
 * status (which powers the machine off) is 0 only if all passed.
 */
#include <unistd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <errno.h>
#include <thread.h>

#define KERNEL_ADDR ((void *)0xC0000000)
#define UNMAPPED ((void *)0x10000000)

static char why[200];
#define CHECK(cond)                                                                       \
	do {                                                                              \
		if (!(cond)) {                                                            \
			snprintf(why, sizeof(why), "line %d: %s", __LINE__, #cond);       \
			return -1;                                                        \
		}                                                                         \
	} while (0)

/* The raw result of a system call: -errno on failure. */
#define RAW(...) __syscall6(__VA_ARGS__)

static char *const no_env[] = { NULL };

static int child_status(void (*fn)(void))
{
	int status;
	pid_t pid = fork();

	if (pid == 0) {
		fn();
		_exit(0);
	}
	if (pid < 0 || waitpid(pid, &status, 0) != pid)
		return -1;
	return status;
}

/* ---------------------------------------------------------------- processes */

static void exit42(void) { _exit(42); }
static void write_null(void) { *(volatile int *)0 = 1; }
static void read_kernel(void) { (void)*(volatile int *)KERNEL_ADDR; }
static void spin(void) { for (;;) sched_yield(); }

static int test_exit_status(void)
{
	int s = child_status(exit42);

	CHECK(WIFEXITED(s) && WEXITSTATUS(s) == 42);
	return 0;
}

static int test_killed_by_sigsegv(void)
{
	int s = child_status(write_null);

	CHECK(WIFSIGNALED(s) && WTERMSIG(s) == 11);
	s = child_status(read_kernel);               /* user access to a kernel address */
	CHECK(WIFSIGNALED(s) && WTERMSIG(s) == 11);
	return 0;
}

static int test_kill(void)
{
	int status;
	pid_t pid = fork();

	if (pid == 0)
		spin();
	CHECK(pid > 0);
	CHECK(kill(pid, 15) == 0);
	CHECK(waitpid(pid, &status, 0) == pid);
	CHECK(WIFSIGNALED(status) && WTERMSIG(status) == 15);
	CHECK(kill(pid, 0) == -1 && errno == ESRCH);
	CHECK(kill(1, 99) == -1 && errno == EINVAL);
	return 0;
}

static int test_wait(void)
{
	int status;
	pid_t pid;

	CHECK(waitpid(-1, &status, WNOHANG) == -1 && errno == ECHILD);
	pid = fork();
	if (pid == 0) {
		sleep_ms(50);
		_exit(3);
	}
	CHECK(waitpid(pid, &status, WNOHANG) == 0);  /* still running */
	CHECK(waitpid(pid, &status, 0) == pid && WEXITSTATUS(status) == 3);
	CHECK(waitpid(pid, &status, 0) == -1 && errno == ECHILD);
	return 0;
}

static int test_pids(void)
{
	int status;
	pid_t me = getpid(), pid = fork();

	if (pid == 0)
		_exit(getppid() == me ? 0 : 1);
	CHECK(pid > me || pid > 1);
	CHECK(waitpid(pid, &status, 0) == pid && WEXITSTATUS(status) == 0);
	return 0;
}

static int test_exec_args(void)
{
	char *argv[] = { "/test/argcheck", "one", "two three", NULL };
	char *envp[] = { "FOO=bar", "X=1", NULL };
	int status;
	pid_t pid = fork();

	if (pid == 0) {
		execve(argv[0], argv, envp);
		_exit(100);
	}
	CHECK(waitpid(pid, &status, 0) == pid);
	if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
		snprintf(why, sizeof(why), "argcheck failed check %d", WEXITSTATUS(status));
		return -1;
	}
	return 0;
}

/*
 * Many processes at once (there is no table of 64 any more: memory and pid_max are the limits);
 * then everything is cleaned up and fork works again.
 */
static int test_fork_limit(void)
{
	static pid_t kids[128];
	int n = 0, status;
	pid_t pid;

	while (n < 128) {
		pid = fork();
		if (pid == 0) {
			for (;;)
				sleep_ms(1000);
		}
		if (pid < 0)
			break;
		kids[n++] = pid;
	}
	CHECK(n == 128);
	printf("utest: fork_limit: %d children at once\n", n);
	for (int i = 0; i < n; i++)
		kill(kids[i], 9);
	for (int i = 0; i < n; i++)
		CHECK(waitpid(kids[i], &status, 0) == kids[i] && WTERMSIG(status) == 9);
	CHECK(child_status(exit42) == 42 << 8);
	return 0;
}

/* ---------------------------------------------------------------- files */

static int test_read_file(void)
{
	static const char motd[] = "Welcome to Pagoda. This file came from build/initramfs.cpio.\n";
	char buf[128];
	int fd = open("/etc/motd", O_RDONLY);

	CHECK(fd >= 3);
	CHECK(read(fd, buf, sizeof(buf)) == (ssize_t)strlen(motd));
	CHECK(memcmp(buf, motd, strlen(motd)) == 0);
	CHECK(read(fd, buf, sizeof(buf)) == 0);
	CHECK(lseek(fd, 11, SEEK_SET) == 11);
	CHECK(read(fd, buf, 6) == 6 && memcmp(buf, "Pagoda", 6) == 0);
	CHECK(close(fd) == 0);
	return 0;
}

static int test_write_file(void)
{
	static char out[5000], in[5000];
	int fd;

	for (int i = 0; i < 5000; i++)
		out[i] = (char)(i * 7);
	fd = open("/tmp/utest.dat", O_CREAT | O_RDWR | O_TRUNC, 0644);
	CHECK(fd >= 0);
	CHECK(write(fd, out, sizeof(out)) == sizeof(out));
	CHECK(lseek(fd, 0, SEEK_SET) == 0);
	CHECK(read(fd, in, sizeof(in)) == sizeof(in) && memcmp(in, out, sizeof(in)) == 0);
	CHECK(lseek(fd, 0, SEEK_END) == 5000);
	close(fd);
	fd = open("/tmp/utest.dat", O_WRONLY | O_APPEND);
	CHECK(write(fd, "tail", 4) == 4);
	close(fd);
	fd = open("/tmp/utest.dat", O_RDONLY);
	CHECK(lseek(fd, -4, SEEK_END) == 5000 && read(fd, in, 4) == 4 && memcmp(in, "tail", 4) == 0);
	close(fd);
	CHECK(open("/tmp/utest.dat", O_CREAT | O_EXCL | O_WRONLY, 0644) == -1 && errno == EEXIST);
	return 0;
}

static int test_file_errors(void)
{
	CHECK(open("/nonexistent", O_RDONLY) == -1 && errno == ENOENT);
	CHECK(open("/etc/motd/x", O_RDONLY) == -1 && errno == ENOTDIR);
	CHECK(open("/bin", O_WRONLY) == -1 && errno == EISDIR);
	CHECK(close(99) == -1 && errno == EBADF);
	CHECK(read(-1, why, 1) == -1 && errno == EBADF);
	CHECK(chdir("/etc/motd") == -1 && errno == ENOTDIR);
	return 0;
}

/* stat64 and the old stat agree on a file's size and type. */
static int test_stat(void)
{
	unsigned char st64[96], st[64];
	int fd = open("/etc/motd", O_RDONLY);

	CHECK(RAW(SYS_stat64, (long)"/etc/motd", (long)st64, 0, 0, 0, 0) == 0);
	CHECK(*(long long *)(st64 + 44) == 61);                      /* st_size */
	CHECK((*(unsigned *)(st64 + 16) & 0170000) == 0100000);       /* a regular file */
	CHECK(RAW(106, (long)"/etc/motd", (long)st, 0, 0, 0, 0) == 0); /* stat */
	CHECK(*(unsigned *)(st + 20) == 61 && (*(unsigned short *)(st + 8) & 0170000) == 0100000);
	CHECK(RAW(108, fd, (long)st, 0, 0, 0, 0) == 0 && *(unsigned *)(st + 20) == 61);  /* fstat */
	CHECK(RAW(SYS_fstat64, 1, (long)st64, 0, 0, 0, 0) == 0);
	CHECK((*(unsigned *)(st64 + 16) & 0170000) == 0020000);       /* the console: a char device */
	CHECK(RAW(106, (long)"/nonexistent", (long)st, 0, 0, 0, 0) == -ENOENT);
	close(fd);
	return 0;
}

/* mkdir, mount and umount2: a tmpfs mounted on a new directory hides it until unmounted */
static int test_mkdir_mount(void)
{
	unsigned char st64[96];
	int fd;

	CHECK(RAW(39, (long)"/tmp/newdir", 0755, 0, 0, 0, 0) == 0);
	CHECK(RAW(39, (long)"/tmp/newdir", 0755, 0, 0, 0, 0) == -EEXIST);
	CHECK(RAW(SYS_stat64, (long)"/tmp/newdir", (long)st64, 0, 0, 0, 0) == 0);
	CHECK((*(unsigned *)(st64 + 16) & 0170000) == 0040000);      /* a directory */
	fd = open("/tmp/newdir/file", O_CREAT | O_WRONLY, 0644);
	CHECK(fd >= 0);
	close(fd);
	CHECK(RAW(39, (long)"/nonexistent/dir", 0755, 0, 0, 0, 0) == -ENOENT);
	CHECK(RAW(39, (long)"/etc/motd/dir", 0755, 0, 0, 0, 0) == -ENOTDIR);
	CHECK(RAW(39, (long)"/proc", 0755, 0, 0, 0, 0) == -EEXIST);
	CHECK(RAW(39, 16, 0755, 0, 0, 0, 0) == -EFAULT);
	CHECK(RAW(296, -100, (long)"/tmp/newdir2", 0755, 0, 0, 0) == 0);   /* mkdirat(AT_FDCWD) */
	CHECK(RAW(21, (long)"none", (long)"/tmp/newdir", (long)"tmpfs", 0, 0, 0) == 0);
	CHECK(open("/tmp/newdir/file", O_RDONLY) == -1 && errno == ENOENT);   /* hidden by the mount */
	fd = open("/tmp/newdir/inside", O_CREAT | O_WRONLY, 0644);
	CHECK(fd >= 0);
	CHECK(RAW(52, (long)"/tmp/newdir", 0, 0, 0, 0, 0) == -EBUSY);         /* a file is open in it */
	close(fd);
	CHECK(RAW(52, (long)"/tmp/newdir/inside", 0, 0, 0, 0, 0) == -EINVAL); /* not a mount point */
	CHECK(RAW(52, (long)"/tmp/newdir", 0, 0, 0, 0, 0) == 0);
	CHECK(open("/tmp/newdir/inside", O_RDONLY) == -1 && errno == ENOENT);  /* went with the tmpfs */
	fd = open("/tmp/newdir/file", O_RDONLY);                               /* back in view */
	CHECK(fd >= 0);
	close(fd);
	CHECK(RAW(21, (long)"none", (long)"/tmp", (long)"nosuchfs", 0, 0, 0) == -ENODEV);
	CHECK(RAW(21, (long)"none", (long)"/etc/motd", (long)"tmpfs", 0, 0, 0) == -ENOTDIR);
	CHECK(RAW(21, (long)"proc", (long)"/missing", (long)"proc", 0, 0, 0) == -ENOENT);
	CHECK(RAW(88, 0, 0, 0x4321fedc, 0, 0, 0) == -EINVAL);          /* reboot without its magic */
	return 0;
}

/* The console honours O_NONBLOCK: with no line typed, a read says EAGAIN instead of waiting. */
static int test_console_nonblock(void)
{
	char c;
	int fl = fcntl(0, F_GETFL, 0);

	CHECK(fl >= 0 && !(fl & O_NONBLOCK));
	CHECK(fcntl(0, F_SETFL, fl | O_NONBLOCK) == 0);
	CHECK(read(0, &c, 1) == -1 && errno == EAGAIN);
	CHECK(fcntl(0, F_SETFL, fl) == 0 && fcntl(0, F_GETFL, 0) == fl);
	CHECK(fcntl(0, F_GETFD, 0) == 0);
	return 0;
}

static long proc_kb(const char *path, const char *field);   /* below, with the memory tests */

/* An unlinked file's memory comes back when its last descriptor closes, not before. */
static int test_unlink_frees(void)
{
	static char chunk[65536];
	long free0, free_open, free_closed;
	int fd = open("/tmp/big", O_CREAT | O_RDWR, 0644);

	CHECK(fd >= 0);
	for (int i = 0; i < 16; i++)
		CHECK(write(fd, chunk, sizeof(chunk)) == (ssize_t)sizeof(chunk));   /* 1 MiB */
	free0 = proc_kb("/proc/meminfo", "MemFree");
	CHECK(RAW(10, (long)"/tmp/big", 0, 0, 0, 0, 0) == 0);                  /* unlink */
	CHECK(open("/tmp/big", O_RDONLY) == -1 && errno == ENOENT);
	free_open = proc_kb("/proc/meminfo", "MemFree");
	CHECK(free_open < free0 + 256);                     /* still open: the data stays */
	CHECK(lseek(fd, 0, SEEK_SET) == 0 && read(fd, chunk, 16) == 16);
	close(fd);
	free_closed = proc_kb("/proc/meminfo", "MemFree");
	CHECK(free_closed >= free_open + 1024);             /* the last close freed the 1 MiB */
	return 0;
}

static int test_getdents(void)
{
	char buf[2048];
	int fd = open("/bin", O_RDONLY | O_DIRECTORY), n, sh = 0, hello = 0;

	CHECK(fd >= 0);
	while ((n = getdents64(fd, buf, sizeof(buf))) > 0)
		for (int off = 0; off < n;) {
			char *name = buf + off + 19;
			sh |= !strcmp(name, "sh");
			hello |= !strcmp(name, "hello");
			off += *(unsigned short *)(buf + off + 16);
		}
	CHECK(n == 0 && sh && hello);
	close(fd);
	return 0;
}

/* Does listing dir show name, with that type? Small buffers, so the listing takes several calls. */
static int listed(const char *dir, const char *name, int type)
{
	char buf[64];
	int fd = open(dir, O_RDONLY | O_DIRECTORY), n, found = 0;

	if (fd < 0)
		return 0;
	while ((n = getdents64(fd, buf, sizeof(buf))) > 0)
		for (int off = 0; off < n;) {
			struct linux_dirent64 *d = (struct linux_dirent64 *)(buf + off);
			found |= !strcmp(d->d_name, name) && d->d_type == type;
			off += d->d_reclen;
		}
	close(fd);
	return found && n == 0;
}

/* The first len bytes of a file, NUL-terminated. */
static int read_head(const char *path, char *buf, int len)
{
	int fd = open(path, O_RDONLY), n;

	if (fd < 0)
		return -1;
	n = (int)read(fd, buf, (size_t)len - 1);
	close(fd);
	buf[n > 0 ? n : 0] = '\0';
	return n;
}

/* /proc lists its files and a directory per process; vmallocinfo and slabinfo in Linux's form. */
static int test_proc_listing(void)
{
	static char text[4096];
	char pid[16];

	snprintf(pid, sizeof(pid), "%d", getpid());
	CHECK(listed("/proc", "meminfo", DT_REG) && listed("/proc", "slabinfo", DT_REG));
	CHECK(listed("/proc", "vmallocinfo", DT_REG) && listed("/proc", "self", DT_LNK));
	CHECK(listed("/proc", pid, DT_DIR));
	CHECK(read_head("/proc/slabinfo", text, sizeof(text)) > 0);
	CHECK(!strncmp(text, "slabinfo - version: 2.1\n", 24) && strstr(text, "\nkmalloc-64 "));
	CHECK(read_head("/proc/vmallocinfo", text, sizeof(text)) > 0);
	CHECK(strstr(text, " pages=") && strstr(text, " vmalloc\n"));
	return 0;
}

static volatile int handled;
static void on_usr1(int sig) { handled = sig; }

/* A handler installed through the library runs, and returns through its restorer to the caller. */
static int test_signal_handler(void)
{
	volatile int before = 1234;

	CHECK(signal_action(SIGUSR1, on_usr1) == 0);
	handled = 0;
	CHECK(kill(getpid(), SIGUSR1) == 0);
	CHECK(handled == SIGUSR1 && before == 1234);
	CHECK(signal_action(SIGUSR1, SIG_DFL) == 0);
	return 0;
}

static void touch_64_pages(void)
{
	char *p = mmap(NULL, 64 * 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	for (int i = 0; i < 64; i++)
		p[i * 4096] = 1;
}

/* Demand paging as a number: 64 new pages cost at least 64 minor faults, here and in a child. */
static int test_getrusage(void)
{
	struct rusage before, after, child;
	int status;
	pid_t pid;

	CHECK(getrusage(RUSAGE_SELF, &before) == 0);
	touch_64_pages();
	CHECK(getrusage(RUSAGE_SELF, &after) == 0);
	CHECK(after.ru_minflt - before.ru_minflt >= 64 && after.ru_majflt == before.ru_majflt);
	pid = fork();
	if (pid == 0) {
		touch_64_pages();
		_exit(0);
	}
	CHECK(wait4(pid, &status, 0, &child) == pid && WIFEXITED(status));
	CHECK(child.ru_minflt >= 64 && child.ru_maxrss > 0);
	CHECK(getrusage(5, &after) == -1 && errno == EINVAL);
	return 0;
}

/* ---------------------------------------------------------------- ELF loader */

static int test_bad_elf(void)
{
	static const char *const bad[] = {
		"truncated", "wrong-machine", "absurd-phnum", "phdrs-outside-file", "overlapping-segments",
		"segment-into-kernel", "filesz-over-memsz", "dynamic", "bad-magic",
	};
	char path[64];

	for (unsigned i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		char *argv[] = { path, NULL };
		snprintf(path, sizeof(path), "/test/bad/%s", bad[i]);
		errno = 0;
		if (execve(path, argv, no_env) != -1 || errno != ENOEXEC) {
			snprintf(why, sizeof(why), "%s: errno %d, expected ENOEXEC", bad[i], errno);
			return -1;
		}
	}
	/* still alive, and a good program still runs */
	CHECK(child_status(exit42) == 42 << 8);
	return 0;
}

static int test_exec_errors(void)
{
	char *argv[] = { "x", NULL };

	CHECK(execve("/nonexistent", argv, no_env) == -1 && errno == ENOENT);
	CHECK(execve("/etc/motd", argv, no_env) == -1 && errno == EACCES);   /* not executable */
	CHECK(execve("/bin", argv, no_env) == -1 && errno == EACCES);
	return 0;
}

/* ---------------------------------------------------------------- bad pointers */

static int test_efault(void)
{
	char *argv[] = { "x", NULL };
	int fd = open("/etc/motd", O_RDONLY);

	CHECK(RAW(SYS_write, 1, (long)KERNEL_ADDR, 4, 0, 0, 0) == -EFAULT);
	CHECK(RAW(SYS_write, 1, 0, 4, 0, 0, 0) == -EFAULT);
	CHECK(RAW(SYS_write, 1, (long)UNMAPPED, 4, 0, 0, 0) == -EFAULT);
	CHECK(RAW(SYS_write, 1, 0xBFFFFFFF, 4, 0, 0, 0) == -EFAULT);            /* runs into the kernel */
	CHECK(RAW(SYS_read, fd, (long)KERNEL_ADDR + 0x100000, 10, 0, 0, 0) == -EFAULT);
	CHECK(RAW(SYS_read, fd, (long)test_efault, 10, 0, 0, 0) == -EFAULT);  /* read-only code */
	CHECK(RAW(SYS_open, 0xdeadbeef, 0, 0, 0, 0, 0) == -EFAULT);
	CHECK(RAW(SYS_open, (long)KERNEL_ADDR, 0, 0, 0, 0, 0) == -EFAULT);
	CHECK(RAW(SYS_stat64, (long)"/etc/motd", (long)KERNEL_ADDR, 0, 0, 0, 0) == -EFAULT);
	CHECK(RAW(SYS_uname, 0, 0, 0, 0, 0, 0) == -EFAULT);
	CHECK(RAW(SYS_execve, (long)KERNEL_ADDR, (long)argv, 0, 0, 0, 0) == -EFAULT);
	CHECK(RAW(SYS_execve, (long)"/bin/hello", (long)KERNEL_ADDR, 0, 0, 0, 0) == -EFAULT);
	CHECK(RAW(SYS_nanosleep, 0, 0, 0, 0, 0, 0) == -EFAULT);
	CHECK(RAW(SYS_getcwd, (long)KERNEL_ADDR, 100, 0, 0, 0, 0) == -EFAULT);
	CHECK(RAW(174, 2, (long)KERNEL_ADDR, 0, 8, 0, 0) == -EFAULT);           /* rt_sigaction */
	{
		unsigned iov[2] = { (unsigned)KERNEL_ADDR, 10 };
		CHECK(RAW(146, 1, (long)iov, 1, 0, 0, 0) == -EFAULT);            /* writev */
		CHECK(RAW(146, 1, (long)KERNEL_ADDR, 1, 0, 0, 0) == -EFAULT);
	}
	{
		pid_t pid = fork();
		if (pid == 0)
			_exit(0);
		CHECK(RAW(SYS_wait4, pid, (long)KERNEL_ADDR, 0, 0, 0, 0) == -EFAULT);
	}
	close(fd);
	return 0;
}

static int test_unknown_syscall(void)
{
	CHECK(RAW(999, 0, 0, 0, 0, 0, 0) == -ENOSYS);
	CHECK(RAW(-5, 0, 0, 0, 0, 0, 0) == -ENOSYS);
	return 0;
}

/* struct user_desc, as set_thread_area takes it (Linux's i386 layout). */
struct user_desc {
	unsigned entry_number, base_addr, limit;
	unsigned seg_32bit : 1, contents : 2, read_exec_only : 1, limit_in_pages : 1,
		 seg_not_present : 1, useable : 1;
};

static unsigned read_gs(void)
{
	unsigned short gs;

	__asm__ volatile("mov %%gs, %0" : "=r"(gs));
	return gs;
}

/*
 * gs holds the TLS selector, then set_thread_area empties that entry. The system call must
 * still return: the selector that would no longer load comes back null, as on Linux, instead of
 * faulting in the kernel's return path. An execute-only code segment, which gs could not hold,
 * is refused as Linux refuses it (only data segments), and gs keeps its selector.
 */
static int test_tls_cleared(void)
{
	static int tls_word = 7;
	struct user_desc d = { (unsigned)-1, (unsigned)(unsigned long)&tls_word, 0xfffff, 1, 0, 0, 1, 0, 1 };
	unsigned sel;

	CHECK(RAW(243, (long)&d, 0, 0, 0, 0, 0) == 0);
	sel = d.entry_number * 8 + 3;
	__asm__ volatile("mov %0, %%gs" : : "r"(sel));
	CHECK(read_gs() == sel);
	d = (struct user_desc){ d.entry_number, 0, 0, 0, 0, 1, 0, 1, 0 };   /* empty: not present */
	CHECK(RAW(243, (long)&d, 0, 0, 0, 0, 0) == 0);
	CHECK(read_gs() == 0);
	d = (struct user_desc){ d.entry_number, (unsigned)(unsigned long)&tls_word, 0xfffff, 1, 0, 0, 1, 0, 1 };
	CHECK(RAW(243, (long)&d, 0, 0, 0, 0, 0) == 0);
	__asm__ volatile("mov %0, %%gs" : : "r"(sel));
	d.contents = 2;                                      /* code, */
	d.read_exec_only = 1;                                /* ... not readable: gs cannot hold it */
	CHECK(RAW(243, (long)&d, 0, 0, 0, 0, 0) == -EINVAL);
	CHECK(read_gs() == sel);
	return 0;
}

/* ---------------------------------------------------------------- memory */

static void touch_after_munmap(void)
{
	char *p = mmap(NULL, 8192, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	p[0] = 1;
	munmap(p, 8192);
	p[0] = 2;                                            /* SIGSEGV */
}

static int test_mmap_basic(void)
{
	unsigned char *p = mmap(NULL, 1 << 20, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	CHECK(p != MAP_FAILED);
	CHECK((unsigned long)p < 0xC0000000 && ((unsigned long)p & 4095) == 0);
	for (int i = 0; i < (1 << 20); i += 4096)
		CHECK(p[i] == 0 && p[i + 4095] == 0);      /* demand-zero */
	for (int i = 0; i < (1 << 20); i += 4096)
		p[i] = (unsigned char)i;
	for (int i = 0; i < (1 << 20); i += 4096)
		CHECK(p[i] == (unsigned char)i);
	CHECK(munmap(p, 1 << 20) == 0);
	CHECK(WTERMSIG(child_status(touch_after_munmap)) == 11);
	return 0;
}

static int test_brk(void)
{
	char *start = sbrk(0), *p;

	p = sbrk(3 * 4096);
	CHECK(p == start);
	for (int i = 0; i < 3 * 4096; i++)
		p[i] = 1;
	CHECK(sbrk(0) == start + 3 * 4096);
	CHECK(sbrk(-3 * 4096) == start + 3 * 4096);
	CHECK(sbrk(0) == start);
	CHECK((char *)RAW(SYS_brk, 0x1000, 0, 0, 0, 0, 0) == start);   /* below the heap: unchanged */
	CHECK((char *)RAW(SYS_brk, 0xC0001000, 0, 0, 0, 0, 0) == start); /* into the kernel: unchanged */
	return 0;
}

/* ---------------------------------------------------------------- accounting and leaks */

/* A field of /proc/self/status, in kB (proc_kb below); -1 if absent. */

static long status_kb(const char *field)
{
	return proc_kb("/proc/self/status", field);
}

/* VSZ grows when memory is promised, RSS only when it is touched: demand paging, visible. */
static int test_vsz_rss(void)
{
	long vsz0 = status_kb("VmSize"), rss0 = status_kb("VmRSS"), anon0 = status_kb("RssAnon");
	long file0 = status_kb("RssFile");
	char *p = mmap(NULL, 100 * 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	int fd = open("/data/file.txt", O_RDONLY);
	char *f = mmap(NULL, 4096, PROT_READ, MAP_PRIVATE, fd, 0);

	CHECK(vsz0 > 0 && rss0 > 0);
	CHECK(status_kb("VmSize") == vsz0 + 400 + 4);       /* promised: 100 pages and 1 file page */
	CHECK(status_kb("VmRSS") == rss0);                  /* nothing touched yet */
	for (int i = 0; i < 10; i++)
		p[i * 4096] = 1;
	CHECK(status_kb("VmRSS") == rss0 + 40);
	CHECK(status_kb("RssAnon") == anon0 + 40);
	CHECK(f[0] == 'l');
	CHECK(status_kb("RssFile") == file0 + 4);           /* a page filled from the file */
	munmap(p, 100 * 4096);
	munmap(f, 4096);
	close(fd);
	CHECK(status_kb("VmSize") == vsz0 && status_kb("VmRSS") == rss0);
	return 0;
}

/* A field of a /proc file, in kB; -1 if absent. */
static long proc_kb(const char *path, const char *field)
{
	static char buf[1024];
	int fd = open(path, O_RDONLY);
	ssize_t n = read(fd, buf, sizeof(buf) - 1);
	char *p;

	close(fd);
	if (n <= 0)
		return -1;
	buf[n] = '\0';
	p = strstr(buf, field);
	if (!p)
		return -1;
	p += strlen(field);
	while (*p == ' ' || *p == ':' || *p == '\t')
		p++;
	return atoi(p);
}

/*
 * A name longer than every kernel buffer, from the program's data (a low address: the room
 * above it in user space is more than 2 GiB, which once made strncpy_from_user's limit
 * negative and let it copy past the buffer). Each call answers ENAMETOOLONG and the kernel
 * goes on.
 */
static int test_long_name_from_data(void)
{
	static char name[8192];

	memset(name, 'a', sizeof(name) - 1);
	name[0] = '/';
	CHECK(open(name, O_RDONLY) == -1 && errno == ENAMETOOLONG);
	CHECK(RAW(SYS_mkdir, (long)name, 0755, 0, 0, 0, 0) == -ENAMETOOLONG);
	CHECK(RAW(SYS_prctl, 15, (long)name, 0, 0, 0, 0) == 0);        /* PR_SET_NAME: cut to 15 */
	CHECK(RAW(SYS_mount, (long)name, (long)"/tmp", (long)name, 0, 0, 0) < 0);
	CHECK(RAW(SYS_prctl, 15, (long)"utest", 0, 0, 0, 0) == 0);
	return 0;
}

/* The number after "Name:" and spaces in a /proc line (this library's atoi skips no spaces). */
static long kb_after(const char *field)
{
	if (!field)
		return -1;
	while (*field && *field != ':')
		field++;
	while (*field == ':' || *field == ' ' || *field == '\t')
		field++;
	return atoi(field);
}

/*
 * The numbers of one area in /proc/PID/smaps: the area whose maps line holds perms and name,
 * its Rss, Pss and shared (clean and dirty) kB. 0, or -1 if there is no such area.
 */
static int smaps_area(int pid, const char *perms, const char *name, long *rss, long *pss, long *shared)
{
	static char buf[16384];
	char path[40];
	char *line;

	snprintf(path, sizeof(path), "/proc/%d/smaps", pid);
	if (read_file(path, buf, sizeof(buf)) < 0)
		return -1;
	for (line = buf; line && *line; line = strchr(line, '\n') ? strchr(line, '\n') + 1 : NULL) {
		char *end = strchr(line, '\n');

		if (!end)
			break;
		*end = '\0';                    /* the maps line alone */
		if (end - line < 9 || line[8] != '-' || !strstr(line, perms) || !strstr(line, name)) {
			*end = '\n';
			continue;
		}
		end++;
		*rss = kb_after(strstr(end, "Rss:"));
		*pss = kb_after(strstr(end, "Pss:"));
		/* pages of a memory file system are never clean: their only copy is in memory */
		*shared = kb_after(strstr(end, "Shared_Clean:")) + kb_after(strstr(end, "Shared_Dirty:"));
		return 0;
	}
	return -1;
}

/*
 * Start /bin/cat between two pipes: it copies what *wfd gets to *rfd, and runs until *wfd
 * closes. Its pid.
 */
static int start_cat(int *wfd, int *rfd)
{
	char *argv[] = { "/bin/cat", NULL }, *envp[] = { NULL };
	int in[2], out[2];
	pid_t pid;

	if (pipe(in) || pipe(out))
		return -1;
	pid = fork();
	if (pid == 0) {
		dup2(in[0], 0);
		dup2(out[1], 1);
		close(in[0]);
		close(in[1]);
		close(out[0]);
		close(out[1]);
		execve(argv[0], argv, envp);
		_exit(127);
	}
	close(in[0]);
	close(out[1]);
	*wfd = in[1];
	*rfd = out[0];
	return pid;
}

/*
 * Two processes running one program share its text: exec maps the file's page-cache pages, so
 * the second /bin/cat maps the same frames as the first. Each one's Pss for the text is half
 * its Rss, and all of it is shared; with one left, Pss equals Rss again.
 */
static int test_shared_text(void)
{
	long rss1, pss1, sh1, rss2, pss2, sh2, rss3, pss3, sh3;
	int w1, r1, w2, r2, status;
	pid_t a = start_cat(&w1, &r1), b = start_cat(&w2, &r2);
	char c;

	CHECK(a > 0 && b > 0);
	/* a byte through each: both have run their code, so their text is faulted in */
	CHECK(write(w1, "x", 1) == 1 && read(r1, &c, 1) == 1);
	CHECK(write(w2, "x", 1) == 1 && read(r2, &c, 1) == 1);
	CHECK(smaps_area(a, "r-xp", "/bin/cat", &rss1, &pss1, &sh1) == 0);
	CHECK(smaps_area(b, "r-xp", "/bin/cat", &rss2, &pss2, &sh2) == 0);
	if (rss1 != rss2 || pss1 * 2 != rss1)
		printf("utest: shared_text: cat %d Rss %ld Pss %ld Shared %ld; cat %d Rss %ld Pss %ld Shared %ld\n",
		       a, rss1, pss1, sh1, b, rss2, pss2, sh2);
	CHECK(rss1 > 0 && rss1 == rss2);
	CHECK(sh1 == rss1 && sh2 == rss2);        /* every text page is mapped twice */
	CHECK(pss1 * 2 == rss1 && pss2 * 2 == rss2);
	close(w2);
	CHECK(waitpid(b, &status, 0) == b);
	CHECK(smaps_area(a, "r-xp", "/bin/cat", &rss3, &pss3, &sh3) == 0);
	CHECK(pss3 == rss3 && sh3 == 0);          /* alone again: its pages are its own */
	close(w1);
	CHECK(waitpid(a, &status, 0) == a);
	close(r1);
	close(r2);
	return 0;
}

/* One round of everything the file layer allocates, all of it removed again at the end. */
static int file_layer_round(void)
{
	static char chunk[65536];
	char *p;
	int fd, id;
	pid_t pid;

	fd = open("/tmp/round", O_CREAT | O_RDWR | O_TRUNC, 0644);
	CHECK(fd >= 0);
	for (int i = 0; i < 4; i++)
		CHECK(write(fd, chunk, sizeof(chunk)) == (ssize_t)sizeof(chunk));
	p = mmap(NULL, 4 * 65536, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	CHECK(p != MAP_FAILED);
	for (int i = 0; i < 64; i++)
		p[i * 4096] = 1;
	pid = fork();
	if (pid == 0) {
		p[5] = 2;                            /* shared: the parent's page */
		_exit(0);
	}
	CHECK(waitpid(pid, NULL, 0) == pid);
	CHECK(munmap(p, 4 * 65536) == 0);
	close(fd);
	CHECK(RAW(SYS_mkdir, (long)"/tmp/rounddir", 0755, 0, 0, 0, 0) == 0);
	CHECK(RAW(SYS_symlink, (long)"/tmp/round", (long)"/tmp/rounddir/link", 0, 0, 0, 0) == 0);
	id = (int)RAW(SYS_shmget, 0, 3 * 4096, 01600, 0, 0, 0);  /* IPC_PRIVATE, IPC_CREAT | 0600 */
	CHECK(id >= 0);
	p = (char *)RAW(SYS_shmat, id, 0, 0, 0, 0, 0);
	p[0] = p[8192] = 1;
	CHECK(RAW(SYS_shmdt, (long)p, 0, 0, 0, 0, 0) == 0);
	CHECK(RAW(SYS_shmctl, id, 0, 0, 0, 0, 0) == 0);          /* IPC_RMID */
	p = mmap(NULL, 8 * 4096, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	p[0] = p[4 * 4096] = 1;
	CHECK(munmap(p, 8 * 4096) == 0);
	CHECK(RAW(SYS_unlink, (long)"/tmp/rounddir/link", 0, 0, 0, 0, 0) == 0);
	CHECK(RAW(SYS_rmdir, (long)"/tmp/rounddir", 0, 0, 0, 0, 0) == 0);
	CHECK(RAW(SYS_unlink, (long)"/tmp/round", 0, 0, 0, 0, 0) == 0);
	return 0;
}

/*
 * No page leaks: files written and mapped, a child sharing a mapping, a directory and a link,
 * a SysV segment and shared anonymous memory, all removed again: the free memory returns to
 * exactly what it was (the first round warms the slab caches, whose slabs stay).
 */
static int test_no_page_leak(void)
{
	long base, shmem0;

	CHECK(file_layer_round() == 0);
	base = proc_kb("/proc/meminfo", "MemFree");
	shmem0 = proc_kb("/proc/meminfo", "Shmem");
	CHECK(file_layer_round() == 0);
	CHECK(proc_kb("/proc/meminfo", "MemFree") == base);
	CHECK(proc_kb("/proc/meminfo", "Shmem") == shmem0);
	return 0;
}

/* PSS: pages shared with a forked child count half; once the child is gone, PSS equals RSS. */
static int test_pss(void)
{
	const char *r = "/proc/self/smaps_rollup";
	char *p = mmap(NULL, 64 * 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	long rss, pss_alone, pss_shared, status;
	pid_t pid;

	for (int i = 0; i < 64; i++)
		p[i * 4096] = 1;
	rss = proc_kb(r, "Rss");
	pss_alone = proc_kb(r, "Pss");
	CHECK(rss > 0 && pss_alone == rss);               /* nothing shared: every page counts fully */
	pid = fork();
	if (pid == 0) {
		for (;;)
			sleep_ms(1000);                        /* keeps sharing the parent's pages */
	}
	pss_shared = proc_kb(r, "Pss");
	CHECK(pss_shared < pss_alone - 64 * 4 / 2 + 8);    /* the 64 pages count half at least */
	CHECK(proc_kb(r, "Shared_Dirty") >= 64 * 4);
	kill(pid, 9);
	waitpid(pid, (int *)&status, 0);
	CHECK(proc_kb(r, "Pss") == proc_kb(r, "Rss"));
	munmap(p, 64 * 4096);
	return 0;
}

static int test_maps(void)
{
	static char buf[4096];
	int fd = open("/proc/self/maps", O_RDONLY);
	ssize_t n = read(fd, buf, sizeof(buf) - 1);

	close(fd);
	CHECK(n > 0);
	buf[n] = '\0';
	CHECK(strstr(buf, "08048000-") != NULL);            /* the program, at the usual address */
	CHECK(strstr(buf, "r-xp") != NULL);
	CHECK(strstr(buf, "bffe0000-c0000000 rw-p 00000000 00:00 0") != NULL &&
	      strstr(buf, "[stack]") != NULL);
	return 0;
}

static long free_bytes(void)
{
	unsigned si[16];

	RAW(116, (long)si, 0, 0, 0, 0, 0);                  /* sysinfo: freeram is word 5 */
	return (long)si[5];
}

static int run_quiet(const char *path)
{
	char *argv[] = { (char *)path, NULL };
	int status;
	pid_t pid = fork();

	if (pid == 0) {
		int fd = open("/tmp/noleak.out", O_CREAT | O_TRUNC | O_WRONLY, 0644);
		dup2(fd, 1);
		dup2(fd, 2);
		execve(path, argv, environ);
		_exit(127);
	}
	waitpid(pid, &status, 0);
	return status;
}

/* After a program has run and been waited for, every page it used is free again. */
static int test_no_leak(void)
{
	static const char *const programs[] = {
		"/bin/hello", "/bin/memdemo", "/musl/malloc", "/musl/forkwait", "/musl/printf",
		"/linuxcheck/mmtest",
	};

	for (unsigned i = 0; i < sizeof(programs) / sizeof(programs[0]); i++) {
		long before, after;
		run_quiet(programs[i]);                         /* warm the kernel's caches once */
		before = free_bytes();
		run_quiet(programs[i]);
		after = free_bytes();
		if (before != after) {
			snprintf(why, sizeof(why), "%s: %ld bytes free before, %ld after", programs[i], before, after);
			return -1;
		}
	}
	return 0;
}

/* 24 rounds of mapping, touching and unmapping 32 MiB: the free memory comes back each time. */
static int test_rounds_32m(void)
{
	long before = 0;

	for (int round = 0; round < 25; round++) {
		char *p = mmap(NULL, 32 << 20, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		CHECK(p != MAP_FAILED);
		for (int i = 0; i < (32 << 20); i += 4096)
			p[i] = (char)round;
		CHECK(p[(32 << 20) - 4096] == (char)round);
		CHECK(munmap(p, 32 << 20) == 0);
		if (round == 0)
			before = free_bytes();                  /* after one warm-up round */
	}
	CHECK(free_bytes() == before);
	return 0;
}

static void eat_memory(void)
{
	for (;;) {
		char *p = mmap(NULL, 1 << 20, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		if (p == MAP_FAILED)
			_exit(1);
		for (int i = 0; i < (1 << 20); i += 4096)
			p[i] = 1;
	}
}

/* A program that allocates and touches without bound is killed; the next one runs normally. */
static int test_oom(void)
{
	long before = free_bytes();
	int s = child_status(eat_memory);

	CHECK(WIFSIGNALED(s) && WTERMSIG(s) == 9);
	CHECK(child_status(exit42) == 42 << 8);
	CHECK(test_read_file() == 0);
	CHECK(free_bytes() >= before - 64 * 4096);          /* its memory came back */
	return 0;
}

/* ---------------------------------------------------------------- fuzzing */

/*
 * The system-call fuzzer: hostile values in every argument register, and hostile memory behind
 * the pointers (words that look like kernel addresses, kernel and user segment selectors, and
 * pointers back into the same page, so that argv arrays, iovecs and signal frames built from it
 * are hostile all the way down). It runs in child processes, several at once, each watched: a
 * child that makes no progress for WATCHDOG_MS (it sleeps in pause, read, a futex-like wait...)
 * is killed. Whatever the children do to themselves, the kernel must stay healthy.
 */
#define NR_MAX_FUZZ 450             /* past the last i386 call Linux 6.1 has (450) */
#define FUZZ_WORKERS 3
#define WATCHDOG_MS 300
#define HOSTILE ((long *)0x20000000) /* one page of hostile data; the next page is unmapped */

static const long interesting[] = {
	0, 1, -1, 2, 4096, 0x7fffffff, (long)0x80000000, (long)0xC0000000, (long)0xC0100000,
	(long)0xFFFFF000, (long)0xFFFFFFFF, 0x08048000, 0x10000000, (long)0xBFFFF000, 64, -100,
};

static unsigned rnd_state = 12345;
static unsigned rnd(void)
{
	rnd_state = rnd_state * 1103515245 + 12345;
	return rnd_state >> 1;
}

static long rnd_arg(void)
{
	switch (rnd() % 4) {
	case 0:
		return (long)HOSTILE + (long)(rnd() % 1024) * 4;       /* into the hostile page */
	case 1:
		return (long)(rnd() ^ (rnd() << 16));
	default:
		return interesting[rnd() % (sizeof(interesting) / sizeof(interesting[0]))];
	}
}

/* Fill the hostile page: kernel addresses, kernel and user selectors, pointers into itself. */
static int map_hostile(void)
{
	static const long words[] = {
		(long)0xC0100000, (long)0xC0000000, 0x60, 0x68, 0x73, 0x7b, 0x33, (long)0xFFFFFFFF,
		(long)0xBFFFFFFC, 0x3000 | 0x4000 | 0x20000, 0, (long)0x80000000,
	};
	long *p = mmap(HOSTILE, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);

	if (p != HOSTILE)
		return -1;
	for (int i = 0; i < 1024; i++)
		p[i] = rnd() % 3 ? words[rnd() % (sizeof(words) / sizeof(words[0]))]
				 : (long)HOSTILE + (long)(rnd() % 1024) * 4;
	return 0;
}

/*
 * One system call with all six argument registers set. A new task the call made (fork, vfork,
 * clone, clone3, with whatever stack it was given; a thread too, which shares the pid) exits at
 * once in assembly (exit: that task only), touching neither the stack nor memory: with CLONE_VM
 * it shares the caller's. fuzz_tids holds the thread ids of the fuzzing tasks (not static: the
 * assembly names it).
 */
int fuzz_pid;
int fuzz_tids[4];
long fuzz_syscall(const long *nr_and_args);
__asm__(".text\n"
	".globl fuzz_syscall\n"
	"fuzz_syscall:\n"
	"	push %ebp\n	push %edi\n	push %esi\n	push %ebx\n"
	"	mov 20(%esp), %eax\n"
	"	mov 4(%eax), %ebx\n	mov 8(%eax), %ecx\n	mov 12(%eax), %edx\n"
	"	mov 16(%eax), %esi\n	mov 20(%eax), %edi\n	mov 24(%eax), %ebp\n"
	"	mov 0(%eax), %eax\n"
	"	int $0x80\n"
	"	test %eax, %eax\n	jnz 1f\n"
	"	mov $224, %eax\n	int $0x80\n"           /* gettid: am I a new task? */
	"	cmp fuzz_tids, %eax\n	je 2f\n"
	"	cmp fuzz_tids+4, %eax\n	je 2f\n"
	"	cmp fuzz_tids+8, %eax\n	je 2f\n"
	"	cmp fuzz_tids+12, %eax\n	je 2f\n"
	"	jmp 3f\n"
	"2:	mov $0, %eax\n	jmp 1f\n"
	"3:"
	"	mov $1, %eax\n	xor %ebx, %ebx\n	int $0x80\n"   /* exit(0) */
	"1:	pop %ebx\n	pop %esi\n	pop %edi\n	pop %ebp\n	ret\n");

static volatile long *fuzz_progress;       /* shared: one counter per worker slot, then the total */

/*
 * Run job(first), job(first + 1), ... job(end - 1), each in a child process, FUZZ_WORKERS at a
 * time. A child that makes no progress (fuzz_progress[slot] unchanged) for WATCHDOG_MS is
 * killed. Returns the number of children run, or -1 if fork or wait failed.
 */
static int run_fuzz_workers(int first, int end, void (*job)(int n, int slot))
{
	pid_t pids[FUZZ_WORKERS] = { 0 };
	long seen[FUZZ_WORKERS] = { 0 };
	int idle[FUZZ_WORKERS] = { 0 }, next = first, running = 0, children = 0, status;

	while (next < end || running) {
		for (int w = 0; w < FUZZ_WORKERS && next < end; w++) {
			if (pids[w])
				continue;
			fuzz_progress[w] = seen[w] = idle[w] = 0;
			pids[w] = fork();
			if (pids[w] < 0)
				return -1;
			if (pids[w] == 0) {
				job(next, w);
				_exit(0);
			}
			next++;
			running++;
			children++;
		}
		sleep_ms(10);
		/* reap every child that ended: workers, and orphans their forks left to init (us, in make test) */
		for (pid_t pid; (pid = waitpid(-1, &status, WNOHANG)) > 0;)
			for (int w = 0; w < FUZZ_WORKERS; w++)
				if (pids[w] == pid) {
					pids[w] = 0;
					running--;
				}
		for (int w = 0; w < FUZZ_WORKERS; w++) {
			if (!pids[w])
				continue;
			if (fuzz_progress[w] != seen[w]) {
				seen[w] = fuzz_progress[w];
				idle[w] = 0;
			} else if ((idle[w] += 10) >= WATCHDOG_MS) {
				kill(pids[w], 9);
				idle[w] = -1000000;          /* reaped on a later round */
			}
		}
	}
	return children;
}

/* A fuzzing child's start: its own random sequence, no files, the hostile page. */
static void fuzz_child_setup(int seed)
{
	fuzz_pid = getpid();
	fuzz_tids[0] = gettid();
	fuzz_tids[1] = fuzz_tids[2] = fuzz_tids[3] = 0;
	rnd_state += (unsigned)seed * 7919;
	for (int fd = 0; fd < 32; fd++)
		close(fd);                  /* nothing to block on, nothing to scribble on */
	if (map_hostile())
		_exit(1);
}

static void call_with_hostile_args(long nr, int slot)
{
	long a[7] = { nr, rnd_arg(), rnd_arg(), rnd_arg(), rnd_arg(), rnd_arg(), rnd_arg() };

	fuzz_syscall(a);
	fuzz_progress[slot]++;
	fuzz_progress[FUZZ_WORKERS]++;
}

/* Every number from 0 to NR_MAX_FUZZ, frame-taking calls (fork, clone, execve, sigreturn) too. */
static void fuzz_one_number(int nr, int slot)
{
	fuzz_child_setup(nr);
	for (int i = 0; i < 8; i++)
		call_with_hostile_args(nr, slot);
}

/*
 * The random run leaves out the calls that would only make it slow (they sleep until the
 * watchdog kills the child: pause, sigsuspend, nanosleep, read and readv of a pipe) or could
 * remove files other tests use (unlink, rmdir, rename, truncate of a path that happens to lie
 * in memory); the sweep above makes each of those too.
 */
static int excluded(long nr)
{
	static const short never[] = { SYS_nanosleep, 267, 407, SYS_read, 145, 29, 72, 179,
				       10, 38, 40, 92, 193, 301, 302, 353 };

	for (unsigned i = 0; i < sizeof(never) / sizeof(never[0]); i++)
		if (nr == never[i])
			return 1;
	return 0;
}

#define FUZZ_CALLS 100000

static void fuzz_random(int n, int slot)
{
	fuzz_child_setup(n);
	while (fuzz_progress[FUZZ_WORKERS] < FUZZ_CALLS) {
		long nr = rnd() % (NR_MAX_FUZZ + 1);
		if (!excluded(nr))
			call_with_hostile_args(nr, slot);
	}
}

/*
 * Threads fuzzing together: the worker and three threads of it, each calling clone (with and
 * without CLONE_VM and CLONE_THREAD, whatever the random flags say), clone3, futex, the robust
 * list calls and tgkill with hostile arguments, all in one address space at once.
 */
static const short thread_calls[] = { 120, 435, 240, 422, 311, 312, 270, 238, 243, 224 };

static int fuzz_thread_loop(void *arg)
{
	int slot = (int)(long)arg;

	fuzz_tids[slot] = gettid();
	while (fuzz_progress[FUZZ_WORKERS] < FUZZ_CALLS / 4) {
		long nr = thread_calls[rnd() % (sizeof(thread_calls) / sizeof(thread_calls[0]))];
		long a[7] = { nr, rnd_arg(), rnd_arg(), rnd_arg(), rnd_arg(), rnd_arg(), rnd_arg() };
		if (nr == 120 && rnd() % 2)         /* flags that pass the checks: threads and relatives */
			a[1] = (long)(rnd() & 0x13dcf00) | (rnd() % 2 ? 0 : 17);
		fuzz_syscall(a);
		fuzz_progress[FUZZ_WORKERS]++;
	}
	return 0;
}

static void fuzz_threads(int n, int slot)
{
	struct thread t[3];

	fuzz_child_setup(n);
	for (long i = 0; i < 3; i++)
		thread_create(&t[i], fuzz_thread_loop, (void *)(i + 1));
	while (fuzz_progress[FUZZ_WORKERS] < FUZZ_CALLS / 4) {
		long nr = thread_calls[rnd() % (sizeof(thread_calls) / sizeof(thread_calls[0]))];
		call_with_hostile_args(nr, slot);
	}
	for (int i = 0; i < 3; i++)
		thread_join(&t[i]);
}

/* The kernel is still healthy: processes, files and memory work, nothing leaked. */
static int kernel_healthy(long free_before)
{
	CHECK(child_status(exit42) == 42 << 8);
	CHECK(test_read_file() == 0);
	CHECK(test_mmap_basic() == 0);
	CHECK(free_bytes() >= free_before - 64 * 4096);
	return 0;
}

static int start_fuzzing(void)
{
	if (!fuzz_progress)
		fuzz_progress = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (fuzz_progress == MAP_FAILED)
		return -1;
	for (int i = 0; i <= FUZZ_WORKERS; i++)
		fuzz_progress[i] = 0;
	return 0;
}

/* Every system-call number, 8 times each with hostile arguments, 3 processes at a time. */
static int test_fuzz_every_call(void)
{
	long before = free_bytes();
	int children;

	CHECK(start_fuzzing() == 0);
	children = run_fuzz_workers(0, NR_MAX_FUZZ + 1, fuzz_one_number);
	CHECK(children == NR_MAX_FUZZ + 1);
	printf("utest: fuzz: numbers 0-%d, %ld calls in %d child processes\n", NR_MAX_FUZZ,
	       fuzz_progress[FUZZ_WORKERS], children);
	return kernel_healthy(before);
}

/* 100,000 system calls with random numbers and hostile arguments, 3 processes at a time. */
static int test_fuzz(void)
{
	long before = free_bytes();
	int children = 0;

	CHECK(start_fuzzing() == 0);
	while (fuzz_progress[FUZZ_WORKERS] < FUZZ_CALLS) {
		int n = run_fuzz_workers(children, children + FUZZ_WORKERS, fuzz_random);
		CHECK(n > 0);
		children += n;
	}
	printf("utest: fuzz: %ld system calls in %d child processes\n", fuzz_progress[FUZZ_WORKERS], children);
	return kernel_healthy(before);
}

/* 25,000 calls of clone, clone3, futex and friends from 4 threads of each worker at once. */
static int test_fuzz_threads(void)
{
	long before = free_bytes();
	int children = 0;

	CHECK(start_fuzzing() == 0);
	while (fuzz_progress[FUZZ_WORKERS] < FUZZ_CALLS / 4) {
		int n = run_fuzz_workers(children, children + FUZZ_WORKERS, fuzz_threads);
		CHECK(n > 0);
		children += n;
	}
	printf("utest: fuzz: %ld clone and futex calls from 4 threads in each of %d processes\n",
	       fuzz_progress[FUZZ_WORKERS], children);
	return kernel_healthy(before);
}

/* ---------------------------------------------------------------- sysenter */

/*
 * A program that runs sysenter itself, not through the vDSO, with ebp (where the kernel reads
 * the sixth argument, and the stack it returns to) aimed at kernel memory: the call must fail
 * without reading it. It returns to the vDSO's landing pad on that "stack" and dies of SIGSEGV;
 * the handler, on an alternate stack, finds ebp as the program left it, not a kernel word.
 */
void sysenter_kernel_ebp(void) __attribute__((noreturn));
__asm__(".text\n"
	".globl sysenter_kernel_ebp\n"
	"sysenter_kernel_ebp:\n"
	"	mov $0xc0100000, %ebp\n"
	"	mov $20, %eax\n"                       /* getpid */
	"	sysenter\n"
	"	hlt\n");

static void ebp_handler(int sig, void *info, void *uc)
{
	unsigned ebp = ((unsigned *)uc)[5 + 6];          /* ucontext: 5 words, then sigcontext's ebp */

	(void)sig;
	(void)info;
	_exit(ebp == 0xc0100000u ? 42 : 43);
}

static void sysenter_with_kernel_ebp(void)
{
	static char altstack[8192];
	unsigned ss[3] = { (unsigned)altstack, 0, sizeof(altstack) };
	unsigned act[5] = { (unsigned)ebp_handler, 0x4 | 0x08000000, 0, 0, 0 };   /* SA_SIGINFO | SA_ONSTACK */

	RAW(186, (long)ss, 0, 0, 0, 0, 0);                                      /* sigaltstack */
	RAW(174, SIGSEGV, (long)act, 0, 8, 0, 0);                                /* rt_sigaction */
	sysenter_kernel_ebp();
}

static int test_sysenter_kernel_ebp(void)
{
	int status = child_status(sysenter_with_kernel_ebp);

	CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 42);
	return 0;
}

/* ---------------------------------------------------------------- threads */

static volatile int thread_counter;

static int count_and_exit(void *arg)
{
	__sync_fetch_and_add(&thread_counter, (int)(long)arg);
	return 0;
}

/*
 * 1,000 threads made and joined, 10 at a time: each runs, the kernel clears and wakes each
 * one's tid word, and afterwards every page is back (stacks, task structures, kernel stacks).
 */
static int test_threads_1000(void)
{
	long before;
	struct thread t[10];

	for (int warm = 0; warm < 10; warm++) {        /* the first thread makes page tables */
		CHECK(thread_create(&t[0], count_and_exit, (void *)0) == 0);
		thread_join(&t[0]);
	}
	before = free_bytes();
	thread_counter = 0;
	for (int round = 0; round < 100; round++) {
		for (int i = 0; i < 10; i++)
			CHECK(thread_create(&t[i], count_and_exit, (void *)1) == 0);
		for (int i = 0; i < 10; i++)
			thread_join(&t[i]);
	}
	sleep_ms(20);                                  /* the last ones leave the CPU and are freed */
	CHECK(thread_counter == 1000);
	CHECK(free_bytes() >= before - 4 * 4096);
	return 0;
}

/* ---------------------------------------------------------------- the table */

/* explicit: run only when named (they need a particular memory size) */
static const struct { const char *name; int (*fn)(void); int explicit; } tests[] = {
	{ "proc.exit_status", test_exit_status, 0 },
	{ "proc.killed_by_sigsegv", test_killed_by_sigsegv, 0 },
	{ "proc.kill", test_kill, 0 },
	{ "proc.wait", test_wait, 0 },
	{ "proc.pids", test_pids, 0 },
	{ "proc.exec_args", test_exec_args, 0 },
	{ "proc.fork_limit", test_fork_limit, 0 },
	{ "files.read", test_read_file, 0 },
	{ "files.write", test_write_file, 0 },
	{ "files.errors", test_file_errors, 0 },
	{ "files.stat", test_stat, 0 },
	{ "files.getdents", test_getdents, 0 },
	{ "files.proc_listing", test_proc_listing, 0 },
	{ "files.mkdir_mount", test_mkdir_mount, 0 },
	{ "files.console_nonblock", test_console_nonblock, 0 },
	{ "files.unlink_frees", test_unlink_frees, 0 },
	{ "files.no_page_leak", test_no_page_leak, 0 },
	{ "abi.long_name_from_data", test_long_name_from_data, 0 },
	{ "mem.shared_text", test_shared_text, 0 },
	{ "elf.bad_files", test_bad_elf, 0 },
	{ "elf.exec_errors", test_exec_errors, 0 },
	{ "abi.efault", test_efault, 0 },
	{ "abi.unknown_syscall", test_unknown_syscall, 0 },
	{ "abi.tls_cleared", test_tls_cleared, 0 },
	{ "abi.signal_handler", test_signal_handler, 0 },
	{ "mem.getrusage", test_getrusage, 0 },
	{ "mem.mmap_basic", test_mmap_basic, 0 },
	{ "mem.brk", test_brk, 0 },
	{ "mem.vsz_rss", test_vsz_rss, 0 },
	{ "mem.maps", test_maps, 0 },
	{ "mem.pss", test_pss, 0 },
	{ "mem.no_leak", test_no_leak, 0 },
	{ "mem.rounds_32m", test_rounds_32m, 1 },
	{ "mem.oom", test_oom, 1 },
	{ "abi.fuzz_every_call", test_fuzz_every_call, 0 },
	{ "abi.fuzz", test_fuzz, 0 },
	{ "abi.fuzz_threads", test_fuzz_threads, 0 },
	{ "abi.sysenter_kernel_ebp", test_sysenter_kernel_ebp, 0 },
	{ "proc.threads_1000", test_threads_1000, 0 },
};

static int selected(const char *name, int explicit, int argc, char **argv)
{
	if (argc < 2)
		return !explicit;
	for (int i = 1; i < argc; i++) {
		size_t n = strlen(argv[i]);
		if (!strncmp(name, argv[i], n) && (name[n] == '\0' || name[n] == '.'))
			return 1;
	}
	return 0;
}

int main(int argc, char **argv)
{
	int passed = 0, failed = 0;

	/* "seed=N" changes the fuzzer's random sequence (make test uses the default) */
	for (int i = 1; i < argc; i++)
		if (!strncmp(argv[i], "seed=", 5)) {
			rnd_state = (unsigned)atoi(argv[i] + 5);
			argv[i] = "abi.fuzz";
		}

	for (unsigned i = 0; i < sizeof(tests) / sizeof(tests[0]); i++) {
		if (!selected(tests[i].name, tests[i].explicit, argc, argv))
			continue;
		why[0] = '\0';
		if (tests[i].fn() == 0) {
			printf("utest: PASS %s\n", tests[i].name);
			passed++;
		} else {
			printf("utest: FAIL %s: %s (errno %d)\n", tests[i].name, why, errno);
			failed++;
		}
	}
	printf("utest: %d passed, %d failed\n", passed, failed);
	return failed || !passed;
}
