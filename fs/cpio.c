/*
 * cpio "newc" parsing, with every length checked against the buffer (a truncated or corrupt
 * archive is reported, never read past). Tested on the host (tests/host/test_cpio.c).
 */
#include <fs/cpio.h>
#include <kernel/string.h>

#define NEWC_HEADER_LEN 110
#define NEWC_MAGIC "070701"

/* Parse an 8-digit hex field; false if it is not hex. */
static bool hex8(const u8 *p, u32 *out)
{
	u32 v = 0;

	for (int i = 0; i < 8; i++) {
		u8 c = p[i];
		u32 d;
		if (c >= '0' && c <= '9') d = c - '0';
		else if (c >= 'a' && c <= 'f') d = c - 'a' + 10;
		else if (c >= 'A' && c <= 'F') d = c - 'A' + 10;
		else return false;
		v = v * 16 + d;
	}
	*out = v;
	return true;
}

int cpio_parse(const u8 *buf, size_t len, int (*fn)(const struct cpio_entry *e, void *arg),
	       void *arg, const char **why)
{
	size_t off = 0;

	for (;;) {
		u32 field[13];
		struct cpio_entry e;
		size_t name_off, data_off;

		if (len - off < NEWC_HEADER_LEN || off > len) {
			*why = "archive ends before its trailer";
			return -1;
		}
		if (memcmp(buf + off, NEWC_MAGIC, 6) != 0) {
			*why = "bad magic (not a cpio newc archive)";
			return -1;
		}
		for (int i = 0; i < 13; i++)
			if (!hex8(buf + off + 6 + i * 8, &field[i])) {
				*why = "header field is not hexadecimal";
				return -1;
			}
		/* fields: ino mode uid gid nlink mtime filesize devmajor devminor rdevmajor rdevminor namesize check */
		name_off = off + NEWC_HEADER_LEN;
		if (field[11] == 0 || field[11] > len - name_off || buf[name_off + field[11] - 1] != '\0') {
			*why = "member name runs past the end or is not terminated";
			return -1;
		}
		e.name = (const char *)buf + name_off;
		if (strcmp(e.name, "TRAILER!!!") == 0) {
			/* the end of one archive: another may follow after zero padding */
			off = ALIGN(name_off + field[11], (size_t)4);
			while (off < len && buf[off] == 0)
				off++;
			if (off >= len)
				return 0;
			continue;
		}
		data_off = ALIGN(name_off + field[11], (size_t)4);
		if (data_off > len || field[6] > len - data_off) {
			*why = "member data runs past the end";
			return -1;
		}
		e.mode = field[1];
		e.uid = field[2];
		e.gid = field[3];
		e.mtime = field[5];
		e.size = field[6];
		e.rdev_major = field[9];
		e.rdev_minor = field[10];
		e.data = buf + data_off;
		if (fn(&e, arg))
			return 0;
		off = ALIGN(data_off + field[6], (size_t)4);
	}
}
