/*
 * id: who you are, as coreutils' id prints it: the real user and group, the effective ones where
 * they differ (a set-user-ID program), and the supplementary groups, each number with its name
 * from /etc/passwd and /etc/group.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static char passwd[4096], group[4096];

static void slurp(const char *path, char *buf, size_t size)
{
	int fd = open(path, O_RDONLY);
	ssize_t n = fd >= 0 ? read(fd, buf, size - 1) : 0;

	buf[n > 0 ? n : 0] = '\0';
	if (fd >= 0)
		close(fd);
}

/* The name of id in a passwd or group file ("name:x:id:..."), or NULL. */
static const char *name_of(const char *file, unsigned id, char *out, size_t size)
{
	for (const char *line = file; *line; line = strchr(line, '\n') ? strchr(line, '\n') + 1 : "") {
		const char *colon = strchr(line, ':'), *idp = colon ? strchr(colon + 1, ':') : NULL;
		if (idp && (unsigned)atoi(idp + 1) == id && (size_t)(colon - line) < size) {
			memcpy(out, line, (size_t)(colon - line));
			out[colon - line] = '\0';
			return out;
		}
	}
	return NULL;
}

static void show(const char *what, const char *file, unsigned id)
{
	char name[64];

	if (name_of(file, id, name, sizeof(name)))
		printf("%s%u(%s)", what, id, name);
	else
		printf("%s%u", what, id);
}

int main(void)
{
	unsigned groups[64];
	int n = getgroups(64, groups);

	slurp("/etc/passwd", passwd, sizeof(passwd));
	slurp("/etc/group", group, sizeof(group));
	show("uid=", passwd, getuid());
	show(" gid=", group, getgid());
	if (geteuid() != getuid())
		show(" euid=", passwd, geteuid());
	if (getegid() != getgid())
		show(" egid=", group, getegid());
	show(" groups=", group, getegid());           /* the effective group first, as coreutils */
	for (int i = 0; i < n; i++)
		if (groups[i] != getegid())
			show(",", group, groups[i]);
	printf("\n");
	return 0;
}
