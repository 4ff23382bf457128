/*
 * Resource limits (getrlimit, setrlimit, prlimit64): per task, inherited by fork, kept by
 * execve. Linux's numbers and defaults; enforced where the resource is used:
 *
 *   RLIMIT_FSIZE   write and truncate past it: SIGXFSZ and EFBIG      (mm/filemap.c, fs/open.c)
 *   RLIMIT_DATA    brk, and private writable mappings                  (mm/mmap.c)
 *   RLIMIT_STACK   stack growth                                        (mm/fault.c)
 *   RLIMIT_NOFILE  the lowest descriptor that may not be used          (fs/file_table.c, fs/fcntl.c)
 *   RLIMIT_AS      the whole address space: mmap, brk, mremap, stack   (mm/mmap.c, mm/fault.c)
 *
 * NPROC and MEMLOCK bind only processes without privileges, as on Linux: every process here
 * runs as root, so they are kept and reported, and never refuse.
 */
#pragma once
#include <types.h>

#define RLIMIT_CPU 0
#define RLIMIT_FSIZE 1
#define RLIMIT_DATA 2
#define RLIMIT_STACK 3
#define RLIMIT_CORE 4
#define RLIMIT_RSS 5
#define RLIMIT_NPROC 6
#define RLIMIT_NOFILE 7
#define RLIMIT_MEMLOCK 8
#define RLIMIT_AS 9
#define RLIMIT_LOCKS 10
#define RLIMIT_SIGPENDING 11
#define RLIMIT_MSGQUEUE 12
#define RLIMIT_NICE 13
#define RLIMIT_RTPRIO 14
#define RLIMIT_RTTIME 15
#define RLIM_NLIMITS 16
#define RLIM64_INFINITY (~0ull)

struct rlimit64 {
	u64 rlim_cur, rlim_max;
};

/* The first process's limits, Linux's INIT_RLIMITS (what init gets on Linux 6.1). */
static inline void rlimit_init(struct rlimit64 *rlim, u64 nofile, u64 nproc)
{
	for (int i = 0; i < RLIM_NLIMITS; i++)
		rlim[i].rlim_cur = rlim[i].rlim_max = RLIM64_INFINITY;
	rlim[RLIMIT_STACK].rlim_cur = 8ull << 20;
	rlim[RLIMIT_CORE].rlim_cur = 0;
	rlim[RLIMIT_NPROC].rlim_cur = rlim[RLIMIT_NPROC].rlim_max = nproc;
	rlim[RLIMIT_SIGPENDING].rlim_cur = rlim[RLIMIT_SIGPENDING].rlim_max = nproc;
	rlim[RLIMIT_NOFILE].rlim_cur = rlim[RLIMIT_NOFILE].rlim_max = nofile;
	rlim[RLIMIT_MEMLOCK].rlim_cur = rlim[RLIMIT_MEMLOCK].rlim_max = 8ull << 20;
	rlim[RLIMIT_MSGQUEUE].rlim_cur = rlim[RLIMIT_MSGQUEUE].rlim_max = 819200;
	rlim[RLIMIT_NICE].rlim_cur = rlim[RLIMIT_NICE].rlim_max = 0;
	rlim[RLIMIT_RTPRIO].rlim_cur = rlim[RLIMIT_RTPRIO].rlim_max = 0;
}

/* current's soft limit for resource (RLIM64_INFINITY when there is no task: the kernel itself). */
u64 rlimit(unsigned resource);
