/* System-call wrappers: the raw int 0x80 result turned into libc's -1 and errno. */
#include <unistd.h>
#include <errno.h>
#include <stdarg.h>

int errno;
char **environ;

long __syscall_ret(long r)
{
	if (r < 0 && r >= -4095) {
		errno = (int)-r;
		return -1;
	}
	return r;
}

#define RET(x) return __syscall_ret(x)

ssize_t read(int fd, void *buf, size_t n) { RET(sys_call3(SYS_read, fd, buf, n)); }
ssize_t write(int fd, const void *buf, size_t n) { RET(sys_call3(SYS_write, fd, buf, n)); }
int close(int fd) { RET(sys_call1(SYS_close, fd)); }
off_t lseek(int fd, off_t off, int whence) { RET(sys_call3(SYS_lseek, fd, off, whence)); }
int dup(int fd) { RET(sys_call1(SYS_dup, fd)); }
int dup2(int oldfd, int newfd) { RET(sys_call2(SYS_dup2, oldfd, newfd)); }
int pipe(int fds[2]) { RET(sys_call1(SYS_pipe, fds)); }
int fcntl(int fd, int cmd, long arg) { RET(sys_call3(SYS_fcntl, fd, cmd, arg)); }
int chdir(const char *path) { RET(sys_call1(SYS_chdir, path)); }
pid_t fork(void) { RET(sys_call0(SYS_fork)); }
pid_t getpid(void) { RET(sys_call0(SYS_getpid)); }
pid_t getppid(void) { RET(sys_call0(SYS_getppid)); }
int kill(pid_t pid, int sig) { RET(sys_call2(SYS_kill, pid, sig)); }
unsigned getuid(void) { return (unsigned)sys_call0(SYS_getuid32); }
unsigned geteuid(void) { return (unsigned)sys_call0(SYS_geteuid32); }
unsigned getgid(void) { return (unsigned)sys_call0(SYS_getgid32); }
unsigned getegid(void) { return (unsigned)sys_call0(SYS_getegid32); }
int setuid(unsigned uid) { RET(sys_call1(SYS_setuid32, uid)); }
int setgid(unsigned gid) { RET(sys_call1(SYS_setgid32, gid)); }
int getgroups(int size, unsigned list[]) { RET(sys_call2(SYS_getgroups32, size, list)); }
int setgroups(int size, const unsigned list[]) { RET(sys_call2(SYS_setgroups32, size, list)); }
int sched_yield(void) { RET(sys_call0(SYS_sched_yield)); }
int munmap(void *addr, size_t len) { RET(sys_call2(SYS_munmap, addr, len)); }
int mprotect(void *addr, size_t len, int prot) { RET(sys_call3(SYS_mprotect, addr, len, prot)); }
int getdents64(int fd, void *buf, size_t n) { RET(sys_call3(SYS_getdents64, fd, buf, n)); }

int open(const char *path, int flags, ...)
{
	va_list ap;
	int mode;

	va_start(ap, flags);
	mode = va_arg(ap, int);
	va_end(ap);
	RET(sys_call3(SYS_open, path, flags, mode));
}

char *getcwd(char *buf, size_t size)
{
	return __syscall_ret(sys_call2(SYS_getcwd, buf, size)) < 0 ? NULL : buf;
}

int execve(const char *path, char *const argv[], char *const envp[])
{
	RET(sys_call3(SYS_execve, path, argv, envp));
}

pid_t waitpid(pid_t pid, int *status, int options)
{
	RET(sys_call4(SYS_wait4, pid, status, options, 0));
}

void _exit(int code)
{
	for (;;)
		sys_call1(SYS_exit_group, code);
}

unsigned int sleep_ms(unsigned int ms)
{
	long ts[2] = { (long)(ms / 1000), (long)(ms % 1000) * 1000000 };

	return (unsigned)__syscall_ret(sys_call2(SYS_nanosleep, ts, 0));
}

void *mmap(void *addr, size_t len, int prot, int flags, int fd, off_t off)
{
	long r = __syscall6(SYS_mmap2, (long)addr, (long)len, prot, flags, fd, off / 4096);

	return (void *)__syscall_ret(r);
}

int brk(void *addr)
{
	unsigned long cur = (unsigned long)sys_call1(SYS_brk, addr);

	if (cur < (unsigned long)addr) {
		errno = ENOMEM;
		return -1;
	}
	return 0;
}

/* sbrk on top of brk: brk(0) tells where the break is (Linux returns it unchanged). */
void *sbrk(long increment)
{
	unsigned long cur = (unsigned long)sys_call1(SYS_brk, 0);

	if (increment == 0)
		return (void *)cur;
	if ((unsigned long)sys_call1(SYS_brk, cur + increment) != cur + increment) {
		errno = ENOMEM;
		return (void *)-1;
	}
	return (void *)cur;
}

#define SA_RESTORER 0x04000000
extern void __restore(void);                 /* crt0.asm: back into the kernel with sigreturn */

int signal_action(int sig, void (*handler)(int))
{
	/* Linux's i386 struct sigaction for rt_sigaction: handler, flags, restorer, 64-bit mask */
	unsigned long act[5] = { (unsigned long)handler, SA_RESTORER, (unsigned long)__restore, 0, 0 };

	RET(sys_call4(SYS_rt_sigaction, sig, act, 0, 8));
}

int getrusage(int who, struct rusage *ru) { RET(sys_call2(SYS_getrusage, who, ru)); }

pid_t wait4(pid_t pid, int *status, int options, struct rusage *ru)
{
	RET(sys_call4(SYS_wait4, pid, status, options, ru));
}
