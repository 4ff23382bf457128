/*
 * What getdents64 fills a buffer with: one record after another, each d_reclen bytes (8-byte
 * aligned), Linux's struct linux_dirent64. Part of the ABI: the kernel writes it, the user
 * library reads it.
 */
#pragma once

struct linux_dirent64 {
	unsigned long long d_ino;
	long long d_off;                /* where the next record's position is */
	unsigned short d_reclen;        /* bytes to the next record */
	unsigned char d_type;           /* DT_DIR, DT_REG, ... */
	char d_name[];                  /* NUL-terminated */
} __attribute__((packed));

#define DT_UNKNOWN 0
#define DT_FIFO 1
#define DT_CHR 2
#define DT_DIR 4
#define DT_BLK 6
#define DT_REG 8
#define DT_LNK 10
#define DT_SOCK 12
