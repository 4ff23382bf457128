/*
 * su [USER] [-c COMMAND]: run a shell (or COMMAND) as USER (default root), with USER's groups,
 * home directory and shell from /etc/passwd and /etc/group. There are no passwords here, so only
 * root may switch: an ordinary user is refused, as Linux's su refuses a wrong password.
 */
#include <errno.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static char passwd[4096], group[4096];

/* Split a line of a colon-separated file into at most max fields (the line is changed). */
static int fields(char *line, char **f, int max)
{
	int n = 0;

	f[n++] = line;
	for (char *p = line; *p && *p != '\n' && n < max; p++)
		if (*p == ':') {
			*p = '\0';
			f[n++] = p + 1;
		}
	for (int i = 0; i < n; i++)
		f[i][strcspn(f[i], ":\n")] = '\0';
	return n;
}

/* The groups that list user as a member ("name:x:gid:a,b,c"). */
static int member_groups(const char *user, unsigned *out, int max)
{
	int n = 0;

	for (char *line = group; *line && n < max;) {
		char *next = strchr(line, '\n'), *f[4];
		if (next)
			*next++ = '\0';
		if (fields(line, f, 4) == 4)
			for (char *m = f[3]; *m;) {
				size_t len = strcspn(m, ",");
				if (len == strlen(user) && !strncmp(m, user, len))
					out[n++] = (unsigned)atoi(f[2]);
				m += len + (m[len] == ',');
			}
		line = next ? next : "";
	}
	return n;
}

int main(int argc, char **argv)
{
	const char *want = "root", *command = NULL;
	char *f[7] = { 0 }, home[80], shell[80], user[64], env_home[96], env_user[80], env_logname[80];
	unsigned groups[32];
	int ngroups;

	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "-c") && i + 1 < argc)
			command = argv[++i];
		else if (argv[i][0] != '-')
			want = argv[i];
	}
	if (getuid() != 0) {
		printf("su: only root may switch users here (there are no passwords)\n");
		return 1;
	}
	read_file("/etc/passwd", passwd, sizeof(passwd));
	read_file("/etc/group", group, sizeof(group));
	for (char *line = passwd; *line;) {
		char *next = strchr(line, '\n');
		if (next)
			*next++ = '\0';
		if (fields(line, f, 7) == 7 && !strcmp(f[0], want))
			break;
		f[0] = NULL;
		line = next ? next : "";
	}
	if (!f[0]) {
		printf("su: user %s does not exist (see /etc/passwd)\n", want);
		return 1;
	}
	snprintf(user, sizeof(user), "%s", f[0]);
	snprintf(home, sizeof(home), "%s", f[5]);
	snprintf(shell, sizeof(shell), "%s", f[6][0] ? f[6] : "/bin/sh");
	ngroups = member_groups(user, groups, 32);
	if (setgroups(ngroups, groups) || setgid((unsigned)atoi(f[3])) || setuid((unsigned)atoi(f[2]))) {
		printf("su: cannot become %s: %s\n", user, strerror(errno));
		return 1;
	}
	if (chdir(home))
		printf("su: no home directory %s; staying here\n", home);
	snprintf(env_home, sizeof(env_home), "HOME=%s", home);
	snprintf(env_user, sizeof(env_user), "USER=%s", user);
	snprintf(env_logname, sizeof(env_logname), "LOGNAME=%s", user);
	char *envp[] = { env_home, env_user, env_logname, "PATH=/bin:/test:/musl", NULL };
	char *cmd_argv[] = { shell, "-c", (char *)command, NULL }, *sh_argv[] = { shell, NULL };
	execve(shell, command ? cmd_argv : sh_argv, envp);
	printf("su: cannot run %s: %s\n", shell, strerror(errno));
	return 127;
}
