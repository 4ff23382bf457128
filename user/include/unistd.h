/*
 * The Pagoda user library: system calls with Linux i386 numbers, and the constants they use.
 * Each wrapper returns what Linux's libc would: -1 with errno set on failure.
 * sys_* variants return the kernel's raw result (-errno on failure), for tests.
 */
#pragma once
#include <stddef.h>
#include <stdint.h>

typedef int pid_t;
typedef int ssize_t;
typedef long off_t;

/* System call numbers (Linux i386). */
enum {
	SYS_exit = 1, SYS_fork = 2, SYS_read = 3, SYS_write = 4, SYS_open = 5, SYS_close = 6,
	SYS_waitpid = 7, SYS_execve = 11, SYS_chdir = 12, SYS_lseek = 19, SYS_getpid = 20,
	SYS_kill = 37, SYS_dup = 41, SYS_brk = 45, SYS_ioctl = 54, SYS_fcntl = 55, SYS_dup2 = 63, SYS_getppid = 64,
	SYS_munmap = 91, SYS_wait4 = 114, SYS_uname = 122, SYS_mprotect = 125, SYS_sched_yield = 158,
	SYS_nanosleep = 162, SYS_mremap = 163, SYS_getcwd = 183, SYS_mmap2 = 192, SYS_stat64 = 195,
	SYS_fstat64 = 197, SYS_madvise = 219, SYS_getdents64 = 220, SYS_gettid = 224,
	SYS_exit_group = 252, SYS_openat = 295,
};

#define O_RDONLY 0
#define O_WRONLY 1
#define O_RDWR 2
#define O_CREAT 0100
#define O_EXCL 0200
#define O_TRUNC 01000
#define O_APPEND 02000
#define O_NONBLOCK 04000
#define O_CLOEXEC 02000000

#define F_DUPFD 0
#define F_GETFD 1
#define F_SETFD 2
#define F_GETFL 3
#define F_SETFL 4
#define FD_CLOEXEC 1
#define O_DIRECTORY 0200000

#define PROT_NONE 0
#define PROT_READ 1
#define PROT_WRITE 2
#define PROT_EXEC 4
#define MAP_SHARED 0x01
#define MAP_PRIVATE 0x02
#define MAP_FIXED 0x10
#define MAP_ANONYMOUS 0x20
#define MAP_FAILED ((void *)-1)
#define MREMAP_MAYMOVE 1
#define MADV_DONTNEED 4

#define WNOHANG 1
#define WIFEXITED(s) (((s) & 0x7f) == 0)
#define WEXITSTATUS(s) (((s) >> 8) & 0xff)
#define WIFSIGNALED(s) (((s) & 0x7f) != 0 && ((s) & 0x7f) != 0x7f)
#define WTERMSIG(s) ((s) & 0x7f)

#define SEEK_SET 0
#define SEEK_CUR 1
#define SEEK_END 2

/* What getdents64 fills in, one after another (Linux's struct linux_dirent64). */
struct dirent64 {
	unsigned long long d_ino;
	long long d_off;
	unsigned short d_reclen;        /* bytes to the next entry */
	unsigned char d_type;
	char d_name[];
} __attribute__((packed));

extern char **environ;

long __syscall6(long nr, long a, long b, long c, long d, long e, long f);
#define sys_call0(n) __syscall6(n, 0, 0, 0, 0, 0, 0)
#define sys_call1(n, a) __syscall6(n, (long)(a), 0, 0, 0, 0, 0)
#define sys_call2(n, a, b) __syscall6(n, (long)(a), (long)(b), 0, 0, 0, 0)
#define sys_call3(n, a, b, c) __syscall6(n, (long)(a), (long)(b), (long)(c), 0, 0, 0)
#define sys_call4(n, a, b, c, d) __syscall6(n, (long)(a), (long)(b), (long)(c), (long)(d), 0, 0)
#define sys_call5(n, a, b, c, d, e) __syscall6(n, (long)(a), (long)(b), (long)(c), (long)(d), (long)(e), 0)

/* Raw results to errno convention. */
long __syscall_ret(long r);

ssize_t read(int fd, void *buf, size_t n);
ssize_t write(int fd, const void *buf, size_t n);
int open(const char *path, int flags, ...);
int close(int fd);
off_t lseek(int fd, off_t off, int whence);
int dup(int fd);
int dup2(int oldfd, int newfd);
int fcntl(int fd, int cmd, long arg);
int chdir(const char *path);
char *getcwd(char *buf, size_t size);
pid_t fork(void);
int execve(const char *path, char *const argv[], char *const envp[]);
pid_t waitpid(pid_t pid, int *status, int options);
void _exit(int code) __attribute__((noreturn));
pid_t getpid(void);
pid_t getppid(void);
int kill(pid_t pid, int sig);
int sched_yield(void);
unsigned int sleep_ms(unsigned int ms);
void *sbrk(long increment);
int brk(void *addr);
void *mmap(void *addr, size_t len, int prot, int flags, int fd, off_t off);
int munmap(void *addr, size_t len);
int mprotect(void *addr, size_t len, int prot);
int getdents64(int fd, void *buf, size_t n);

#define SIGINT 2
#define SIG_DFL ((void (*)(int))0)
#define SIG_IGN ((void (*)(int))1)
/* Set what a signal does: SIG_DFL or SIG_IGN (handlers need a restorer; the library has none). */
int signal_action(int sig, void (*handler)(int));
