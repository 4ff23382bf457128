/*
 * open flags, fcntl commands, the *at calls' flags and lseek's whence: Linux's values on i386.
 * Part of the ABI: the kernel and the user library include this one definition.
 */
#pragma once

#define O_ACCMODE 03
#define O_RDONLY 00
#define O_WRONLY 01
#define O_RDWR 02
#define O_CREAT 0100
#define O_EXCL 0200
#define O_NOCTTY 0400
#define O_TRUNC 01000
#define O_APPEND 02000
#define O_NONBLOCK 04000
#define O_LARGEFILE 0100000
#define O_DIRECT 040000                /* pipes: packet mode (pipe2, F_SETFL) */
#define O_DIRECTORY 0200000
#define O_NOFOLLOW 0400000
#define O_CLOEXEC 02000000
#define O_PATH 010000000                /* a descriptor that only names a file: no I/O */

#define F_DUPFD 0
#define F_GETFD 1
#define F_SETFD 2
#define F_GETFL 3
#define F_SETFL 4
#define F_GETLK 5
#define F_SETLK 6
#define F_SETLKW 7
#define F_GETLK64 12                       /* i386: struct flock64 (musl's F_GETLK) */
#define F_SETLK64 13
#define F_SETLKW64 14
#define F_DUPFD_CLOEXEC 1030
#define F_SETPIPE_SZ 1031                  /* a pipe's capacity */
#define F_GETPIPE_SZ 1032
#define FD_CLOEXEC 1                       /* F_GETFD/F_SETFD: the descriptor's one flag */

#define AT_FDCWD (-100)                    /* "relative to the current directory" */
#define AT_REMOVEDIR 0x200                 /* unlinkat: remove a directory */
#define AT_EMPTY_PATH 0x1000               /* fstatat, statx: an empty path means dirfd itself */

#define SEEK_SET 0
#define SEEK_CUR 1
#define SEEK_END 2
