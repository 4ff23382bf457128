/*
 * struct stat64: what stat64, lstat64, fstat64 and fstatat64 fill in, Linux's i386 layout
 * (96 bytes, no padding between members: 64-bit members are 4-byte aligned on i386). Part of the
 * ABI: the kernel fills it, the user library reads it.
 */
#pragma once

struct stat64 {
	unsigned long long st_dev;
	unsigned char __pad0[4];
	unsigned int __st_ino;          /* the inode number's low 32 bits */
	unsigned int st_mode;           /* S_IFMT type bits and permission bits */
	unsigned int st_nlink;
	unsigned int st_uid, st_gid;
	unsigned long long st_rdev;
	unsigned char __pad3[4];
	long long st_size;
	unsigned int st_blksize;
	unsigned long long st_blocks;   /* 512-byte units */
	unsigned int st_atime, st_atime_nsec, st_mtime, st_mtime_nsec, st_ctime, st_ctime_nsec;
	unsigned long long st_ino;
} __attribute__((packed));
