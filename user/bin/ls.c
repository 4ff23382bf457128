/*
 * ls [-l] [DIR|FILE]: the names in a directory (getdents64), one a line; with -l also the type
 * and permission bits, the link count, the owner and group (named from /etc/passwd and
 * /etc/group) and the size (stat64), as "ls -l" prints them. A file is listed by itself.
 */
#include <unistd.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <errno.h>
#include <asm/stat.h>

/*
 * "drwxr-xr-x": the type, then read/write/execute for owner, group and others; set-user-ID and
 * set-group-ID show as s (S without execute), the sticky bit as t (T), as coreutils shows them.
 */
static void mode_string(unsigned mode, char out[11])
{
	static const char rwx[] = "rwxrwxrwx";
	unsigned type = mode & 0170000;

	out[0] = type == 0040000 ? 'd' : type == 0020000 ? 'c' : type == 0060000 ? 'b' :
		 type == 0010000 ? 'p' : type == 0120000 ? 'l' : '-';
	for (int i = 0; i < 9; i++)
		out[1 + i] = mode & (0400 >> i) ? rwx[i] : '-';
	if (mode & 04000)
		out[3] = out[3] == 'x' ? 's' : 'S';
	if (mode & 02000)
		out[6] = out[6] == 'x' ? 's' : 'S';
	if (mode & 01000)
		out[9] = out[9] == 'x' ? 't' : 'T';
	out[10] = '\0';
}

static void show(const char *dir, const char *name, int longform)
{
	char path[256], mode[11], user[32], grp[32];
	struct stat64 st;

	if (!longform) {
		printf("%s\n", name);
		return;
	}
	if (dir)
		snprintf(path, sizeof(path), "%s/%s", dir, name);
	else
		snprintf(path, sizeof(path), "%s", name);
	if (__syscall_ret(sys_call2(SYS_lstat64, path, &st)) != 0) {
		dprintf(2, "ls: %s: %s\n", path, strerror(errno));
		return;
	}
	mode_string(st.st_mode, mode);
	user_name(st.st_uid, user, sizeof(user));      /* the name, or the number */
	group_name(st.st_gid, grp, sizeof(grp));
	printf("%s %2u %-5s %-5s %8lld %s\n", mode, st.st_nlink, user, grp, st.st_size, name);
}

int main(int argc, char **argv)
{
	int longform = argc > 1 && !strcmp(argv[1], "-l");
	const char *dir = argc > 1 + longform ? argv[1 + longform] : ".";
	char buf[1024];
	int fd, n;

	fd = open(dir, O_RDONLY | O_DIRECTORY);
	if (fd < 0 && errno == ENOTDIR) {
		show(NULL, dir, longform);              /* a file: itself */
		return 0;
	}
	if (fd < 0) {
		dprintf(2, "ls: %s: %s\n", dir, strerror(errno));
		return 1;
	}
	while ((n = getdents64(fd, buf, sizeof(buf))) > 0)
		for (int off = 0; off < n;) {
			struct linux_dirent64 *d = (struct linux_dirent64 *)(buf + off);
			if (d->d_name[0] != '.')
				show(dir, d->d_name, longform);
			off += d->d_reclen;
		}
	close(fd);
	return 0;
}
