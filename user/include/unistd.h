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

/* System call numbers (Linux i386): __NR_name and SYS_name, generated from the kernel's table. */
#include <asm/unistd_32.h>

#include <linux/fcntl.h>          /* O_*, F_*, FD_CLOEXEC, AT_FDCWD, SEEK_* */
#include <asm/mman.h>             /* PROT_*, MAP_*, MREMAP_*, MADV_* */

#define WNOHANG 1
#define WIFEXITED(s) (((s) & 0x7f) == 0)
#define WEXITSTATUS(s) (((s) >> 8) & 0xff)
#define WIFSIGNALED(s) (((s) & 0x7f) != 0 && ((s) & 0x7f) != 0x7f)
#define WTERMSIG(s) ((s) & 0x7f)


#include <linux/dirent.h>         /* struct linux_dirent64: what getdents64 fills in */

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
int pipe(int fds[2]);                  /* fds[0] reads what fds[1] writes */
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
/* Credentials: real and effective user and group ids, supplementary groups (the 32-bit calls). */
unsigned getuid(void);
unsigned geteuid(void);
unsigned getgid(void);
unsigned getegid(void);
int setuid(unsigned uid);
int setgid(unsigned gid);
int getgroups(int size, unsigned list[]);
int setgroups(int size, const unsigned list[]);
int sched_yield(void);
unsigned int sleep_ms(unsigned int ms);
void *sbrk(long increment);
int brk(void *addr);
void *mmap(void *addr, size_t len, int prot, int flags, int fd, off_t off);
int munmap(void *addr, size_t len);
int mprotect(void *addr, size_t len, int prot);
int getdents64(int fd, void *buf, size_t n);

#include <asm/signal.h>           /* SIGINT, SIGKILL, ... */
#define SIG_DFL ((void (*)(int))0)
#define SIG_IGN ((void (*)(int))1)
/*
 * Set what a signal does: SIG_DFL, SIG_IGN, or a handler, which runs on this stack and returns
 * through the library's restorer (sigreturn). No SA_SIGINFO, masks or flags: use musl for those.
 */
int signal_action(int sig, void (*handler)(int));

/* What getrusage and wait4 report (Linux's i386 struct rusage, 72 bytes). */
struct timeval {
	long tv_sec, tv_usec;
};
struct rusage {
	struct timeval ru_utime, ru_stime;   /* CPU time in user mode, in the kernel */
	long ru_maxrss;                      /* peak resident set, kB */
	long ru_ixrss, ru_idrss, ru_isrss;
	long ru_minflt, ru_majflt;           /* page faults: without I/O, with I/O */
	long ru_nswap, ru_inblock, ru_oublock, ru_msgsnd, ru_msgrcv, ru_nsignals, ru_nvcsw, ru_nivcsw;
};
#define RUSAGE_SELF 0
#define RUSAGE_CHILDREN (-1)
int getrusage(int who, struct rusage *ru);
pid_t wait4(pid_t pid, int *status, int options, struct rusage *ru);
