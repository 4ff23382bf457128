/*
 * mmap, mprotect, mremap, madvise and msync flags: Linux's values on i386 (asm-generic/mman-common.h).
 * Part of the ABI: the kernel and the user library include this one definition.
 */
#pragma once

#define PROT_NONE 0x0
#define PROT_READ 0x1
#define PROT_WRITE 0x2
#define PROT_EXEC 0x4
#define PROT_SEM 0x8
#define PROT_GROWSDOWN 0x01000000
#define PROT_GROWSUP 0x02000000

#define MAP_SHARED 0x01
#define MAP_PRIVATE 0x02
#define MAP_SHARED_VALIDATE 0x03
#define MAP_TYPE 0x0f
#define MAP_FIXED 0x10
#define MAP_ANONYMOUS 0x20
#define MAP_LOCKED 0x2000
#define MAP_NORESERVE 0x4000            /* no commit charge (VM_NORESERVE) */
#define MAP_POPULATE 0x8000
#define MAP_FIXED_NOREPLACE 0x100000
#define MAP_FAILED ((void *)-1)             /* what mmap returns on failure (libc's view) */

#define MCL_CURRENT 1                      /* mlockall: the areas there are now */
#define MCL_FUTURE 2                       /* ... and every area made later */
#define MCL_ONFAULT 4                      /* ... each page from its first touch on */
#define MLOCK_ONFAULT 1                    /* mlock2 */

#define MREMAP_MAYMOVE 1
#define MREMAP_FIXED 2

#define MADV_NORMAL 0
#define MADV_RANDOM 1
#define MADV_SEQUENTIAL 2
#define MADV_WILLNEED 3
#define MADV_DONTNEED 4
#define MADV_FREE 8

#define MS_ASYNC 1
#define MS_INVALIDATE 2
#define MS_SYNC 4
