/*
 * The cpio "newc" archive format (what `cpio -H newc` writes and Linux's initramfs uses):
 * each member is a 110-byte ASCII header ("070701" and 13 eight-digit hex fields), the name
 * (NUL-terminated, padded to 4 bytes), then the data (padded to 4 bytes); "TRAILER!!!" ends it.
 * Archives may follow one another in one buffer, with zero bytes between them, as Linux's
 * initramfs allows: the build packs the ordinary user's home apart, with that user as owner.
 */
#pragma once
#include <types.h>

struct cpio_entry {
	const char *name;
	u32 mode;
	u32 uid, gid;                 /* its owner (cpio -R sets them when packing) */
	u32 size;
	u32 mtime;
	u32 rdev_major, rdev_minor;   /* device files: the device */
	const u8 *data;
};

/*
 * Call fn for every member of the archive in buf. Returns 0, or -1 with *why set when the
 * archive is malformed (bad magic, a field that is not hex, a member running past the end).
 */
int cpio_parse(const u8 *buf, size_t len, int (*fn)(const struct cpio_entry *e, void *arg),
	       void *arg, const char **why);
