/* ls [DIR]: list a directory with sizes (getdents64 and stat64). */
#include <unistd.h>
#include <stdio.h>
#include <string.h>
#include <errno.h>

struct stat64_min {                      /* the fields of Linux's struct stat64 that ls uses */
	unsigned char pad[16];               /* st_dev, padding, __st_ino */
	unsigned int st_mode;                /* offset 16 */
	unsigned char pad2[24];              /* st_nlink, st_uid, st_gid, st_rdev, padding */
	long long st_size;                   /* offset 44 */
	unsigned char pad3[44];
} __attribute__((packed));

int main(int argc, char **argv)
{
	const char *dir = argc > 1 ? argv[1] : ".";
	char buf[1024], path[256];
	int fd = open(dir, O_RDONLY | O_DIRECTORY), n;

	if (fd < 0) {
		dprintf(2, "ls: %s: %s\n", dir, strerror(errno));
		return 1;
	}
	while ((n = getdents64(fd, buf, sizeof(buf))) > 0) {
		for (int off = 0; off < n;) {
			struct linux_dirent64 *d = (struct linux_dirent64 *)(buf + off);
			struct stat64_min st;
			snprintf(path, sizeof(path), "%s/%s", dir, d->d_name);
			if (__syscall_ret(sys_call2(SYS_stat64, path, &st)) == 0)
				printf("%c %8lld  %s\n", (st.st_mode & 0170000) == 0040000 ? 'd' : '-',
				       st.st_size, d->d_name);
			off += d->d_reclen;
		}
	}
	close(fd);
	return 0;
}
