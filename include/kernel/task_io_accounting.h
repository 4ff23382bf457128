/*
 * Counting the copies of I/O (kernel/io_accounting.c). Where does a byte of a file go on its way
 * to a disk or a network card, and who moves it? Each task counts, and so does the whole system:
 *
 *   rchar, wchar, syscr, syscw     Linux's /proc/PID/io fields: bytes passed to read-like and
 *   read_bytes, write_bytes        write-like calls, how many such calls, and bytes the task
 *                                  made the storage read or write
 *   cpu_user_copy_bytes            bytes the CPU copied between user memory and the kernel
 *                                  (copy_to_user, copy_from_user)
 *   cpu_kernel_copy_bytes          bytes the CPU copied from kernel memory to kernel memory (the
 *                                  page cache into a socket buffer, one buffer into another)
 *   dma_bytes                      bytes a device moved to or from memory by itself (the disk
 *                                  controller's bus-master DMA, the network card's descriptors)
 *   mode_switches                  user to kernel and back: two for every system call
 *
 * Zero-copy ("零拷贝") is these counters going down: read+write costs the CPU two copies of every
 * byte, mmap+write one, sendfile one, sendfile with a card that gathers none.
 */
#pragma once
#include <types.h>

struct task_io_accounting {
	u64 rchar, wchar;                /* bytes through read-like / write-like calls */
	u64 syscr, syscw;                /* such calls */
	u64 read_bytes, write_bytes;     /* bytes the task had the storage read / write */
	u64 cpu_user_copy_bytes;         /* CPU copies across the user/kernel boundary */
	u64 cpu_kernel_copy_bytes;       /* CPU copies inside the kernel */
	u64 dma_bytes;                   /* bytes moved by devices, not by the CPU */
	u64 syscalls;                    /* system calls: twice as many mode switches */
};

/*
 * The system's counters since boot (/proc/copystat), every task's together and the kernel's
 * own; its system calls and user copies are those of the tasks gone, and /proc/copystat adds
 * the living's (the system-call path and copy_to_user/copy_from_user count once, per task).
 */
extern struct task_io_accounting system_ioac;

/*
 * Add to current's counters and the system's. From process context; in an interrupt handler
 * (a retransmission, an ACK) the system's alone count: no process asked for that work.
 */
void ioac_add_kernel_copy(size_t n);
void ioac_add_dma(size_t n);
/* The same for a known task's counters (a disk request remembers who made it), or NULL. */
void ioac_add_dma_to(struct task_io_accounting *ioac, size_t n);
/* current's counters, or NULL in interrupt context and at boot. */
struct task_io_accounting *current_ioac(void);
