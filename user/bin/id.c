/*
 * id: who you are, as coreutils' id prints it: the real user and group, the effective ones where
 * they differ (a set-user-ID program), and the supplementary groups, each number with its name
 * from /etc/passwd and /etc/group.
 */
#include <pwd.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static void show(const char *what, bool user, unsigned id)
{
	char name[64];

	if (user ? user_name(id, name, sizeof(name)) : group_name(id, name, sizeof(name)))
		printf("%s%u(%s)", what, id, name);
	else
		printf("%s%u", what, id);
}

int main(void)
{
	unsigned groups[64];
	int n = getgroups(64, groups);

	show("uid=", true, getuid());
	show(" gid=", false, getgid());
	if (geteuid() != getuid())
		show(" euid=", true, geteuid());
	if (getegid() != getgid())
		show(" egid=", false, getegid());
	show(" groups=", false, getegid());           /* the effective group first, as coreutils */
	for (int i = 0; i < n; i++)
		if (groups[i] != getegid())
			show(",", false, groups[i]);
	printf("\n");
	return 0;
}
