/*
 * System calls: the Linux i386 ABI (int 0x80; number in eax; arguments in ebx, ecx, edx,
 * esi, edi, ebp; result in eax, errors as -errno). Each sys_* function here is one entry of
 * the table in kernel/syscall.c.
 */
#pragma once
#include <types.h>

struct pt_regs;
struct task_struct;

void do_syscall(struct pt_regs *regs);
const char *syscall_name(unsigned nr);     /* for logs and tests */

/* processes */
long sys_fork(struct pt_regs *regs);
long sys_clone(struct pt_regs *regs);
long sys_execve(struct pt_regs *regs);
long sys_exit(long code);
long sys_wait4(long pid, void *ustatus, long options, void *urusage);
long sys_waitpid(long pid, void *ustatus, long options);
long sys_kill(long pid, long sig);
long sys_rt_sigaction(long sig, const void *uact, void *uoact, long sigsetsize);
long sys_rt_sigprocmask(long how, const void *uset, void *uoset, long sigsetsize);
long sys_rt_sigpending(void *uset, long sigsetsize);
long sys_tkill(long tid, long sig);
long sys_tgkill(long tgid, long tid, long sig);
long sys_getpid(void);
long sys_getppid(void);
long sys_gettid(void);
long sys_getuid(void);
long sys_sched_yield(void);
long sys_nanosleep(const void *ureq, void *urem);
long sys_clock_nanosleep(long clock, long flags, const void *ureq, void *urem);
long sys_clock_nanosleep_time64(long clock, long flags, const void *ureq, void *urem);
long sys_clock_gettime(long clock, void *uts);
long sys_clock_gettime64(long clock, void *uts);
long sys_gettimeofday(void *utv, void *utz);
long sys_time(void *ut);
long sys_uname(void *ubuf);
long sys_set_thread_area(void *uinfo);
long sys_get_thread_area(void *uinfo);
long sys_set_tid_address(void *utid);
long sys_umask(long mask);
long sys_sysinfo(void *uinfo);
long sys_getrusage(long who, void *uru);
long sys_fcntl(long fd, long cmd, long arg);
long sys_dup3(long oldfd, long newfd, long flags);
long sys_pread64(long fd, char *ubuf, long n, unsigned long lo, unsigned long hi);
long sys_pwrite64(long fd, const char *ubuf, long n, unsigned long lo, unsigned long hi);
long sys_rename(const char *uold, const char *unew);
long sys_renameat(long olddirfd, const char *uold, long newdirfd, const char *unew);
long sys_renameat2(long olddirfd, const char *uold, long newdirfd, const char *unew, long flags);
long sys_alarm(unsigned long secs);
long sys_setitimer(long which, const void *unew, void *uold);
long sys_getitimer(long which, void *uvalue);
long sys_pause(void);
long sys_rt_sigsuspend(const void *umask, long sigsetsize);
long sys_unlink(const char *upath);
long sys_rmdir(const char *upath);
long sys_unlinkat(long dirfd, const char *upath, long flags);
long sys_ftruncate(long fd, long length);
long sys_truncate(const char *upath, long length);
long sys_ftruncate64(long fd, unsigned long lo, unsigned long hi);
long sys_truncate64(const char *upath, unsigned long lo, unsigned long hi);
long sys_mkdir(const char *upath, long mode);
long sys_mkdirat(long dirfd, const char *upath, long mode);
long sys_mount(const char *usource, const char *utarget, const char *utype, long flags, const void *data);
long sys_reboot(long magic1, long magic2, long cmd, void *arg);
long sys_times(void *ubuf);
#define RUSAGE_SIZE 72                       /* Linux's i386 struct rusage */
#define RUSAGE_BOTH (-2)                     /* a task and its children: what wait4 reports */
void task_rusage(const struct task_struct *t, long who, void *out);  /* out: RUSAGE_SIZE bytes */
long sys_set_robust_list(void *head, long len);
long sys_prlimit64(long pid, long resource, const void *unew, void *uold);
long sys_getrlimit(long resource, void *ulim);
long sys_getrandom(void *ubuf, long n, long flags);
long sys_readlink(const char *upath, char *ubuf, long size);
long sys_statx(long dirfd, const char *upath, long flags, long mask, void *ubuf);

/* files */
long sys_open(const char *upath, long flags, long mode);
long sys_openat(long dirfd, const char *upath, long flags, long mode);
long sys_close(long fd);
long sys_read(long fd, char *ubuf, long n);
long sys_write(long fd, const char *ubuf, long n);
long sys_readv(long fd, const void *uiov, long cnt);
long sys_writev(long fd, const void *uiov, long cnt);
long sys_lseek(long fd, long off, long whence);
long sys_llseek(long fd, unsigned long hi, unsigned long lo, void *uresult, long whence);
long sys_stat64(const char *upath, void *ustat);
long sys_fstat64(long fd, void *ustat);
long sys_newstat(const char *upath, void *ustat);
long sys_newfstat(long fd, void *ustat);
long sys_fstatat64(long dirfd, const char *upath, void *ustat, long flags);
long sys_getdents64(long fd, void *udirp, long count);
long sys_ioctl(long fd, long cmd, long arg);
long sys_dup(long fd);
long sys_dup2(long oldfd, long newfd);
long sys_chdir(const char *upath);
long sys_getcwd(char *ubuf, long size);
long sys_access(const char *upath, long mode);
long sys_pipe(int *ufds);
long sys_pipe2(int *ufds, long flags);

/* memory */
long sys_brk(unsigned long brk);
long sys_mmap2(unsigned long addr, unsigned long len, unsigned long prot, unsigned long flags,
	       long fd, unsigned long pgoff);
long sys_old_mmap(const void *uargs);
long sys_munmap(unsigned long addr, unsigned long len);
long sys_mprotect(unsigned long addr, unsigned long len, unsigned long prot);
long sys_madvise(unsigned long addr, unsigned long len, long advice);
long sys_mremap(unsigned long addr, unsigned long old_len, unsigned long new_len,
		unsigned long flags, unsigned long new_addr);
long sys_mincore(unsigned long addr, unsigned long len, unsigned char *uvec);
long sys_mlock(unsigned long addr, unsigned long len);
long sys_munlock(unsigned long addr, unsigned long len);
long sys_msync(unsigned long addr, unsigned long len, long flags);
