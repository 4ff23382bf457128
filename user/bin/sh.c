/*
 * A small shell: runs programs with arguments (searching PATH: /bin, /musl, /test), reports how
 * they ended, and has the builtins cd, pwd, exit [n], status and help. "sh -c COMMAND" runs one
 * command and exits with its status (system() and popen() call the shell that way).
 */
#include <unistd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <errno.h>
#include <stdbool.h>

#define MAX_ARGS 32

static int last_status;

static const char *const signames[] = {
	[1] = "SIGHUP", [2] = "SIGINT", [4] = "SIGILL", [6] = "SIGABRT", [7] = "SIGBUS",
	[8] = "SIGFPE", [9] = "SIGKILL", [11] = "SIGSEGV", [13] = "SIGPIPE", [15] = "SIGTERM",
};

/* Split line into words at spaces; "double quotes" keep spaces. Returns the word count. */
static int split(char *line, char **argv)
{
	int argc = 0;

	while (*line && argc < MAX_ARGS - 1) {
		while (*line == ' ' || *line == '\t' || *line == '\n')
			line++;
		if (!*line)
			break;
		if (*line == '"') {
			argv[argc++] = ++line;
			while (*line && *line != '"')
				line++;
		} else {
			argv[argc++] = line;
			while (*line && *line != ' ' && *line != '\t' && *line != '\n')
				line++;
		}
		if (*line)
			*line++ = '\0';
	}
	argv[argc] = NULL;
	return argc;
}

/* Try path, or each PATH directory with it, until an exec works. */
static void exec_program(char **argv)
{
	static const char *const dirs[] = { "/bin/", "/musl/", "/test/" };
	char path[256];
	int err = ENOENT;

	if (strchr(argv[0], '/')) {
		execve(argv[0], argv, environ);
		err = errno;
	} else {
		for (unsigned i = 0; i < sizeof(dirs) / sizeof(dirs[0]); i++) {
			snprintf(path, sizeof(path), "%s%s", dirs[i], argv[0]);
			execve(path, argv, environ);
			if (errno != ENOENT) {
				err = errno;
				break;
			}
		}
	}
	dprintf(2, "sh: %s: %s\n", argv[0], strerror(err));
	_exit(err == ENOENT ? 127 : 126);
}

static void run(char **argv)
{
	int status;
	pid_t pid = fork();

	if (pid < 0) {
		dprintf(2, "sh: fork: %s\n", strerror(errno));
		last_status = 1;
		return;
	}
	if (pid == 0) {
		signal_action(SIGINT, SIG_DFL);     /* the program gets Ctrl-C, not the shell */
		exec_program(argv);
	}
	if (waitpid(pid, &status, 0) < 0) {
		dprintf(2, "sh: wait: %s\n", strerror(errno));
		return;
	}
	if (WIFSIGNALED(status)) {
		int sig = WTERMSIG(status);
		printf("[%s killed by signal %d (%s)]\n", argv[0], sig,
		       sig < 16 && signames[sig] ? signames[sig] : "?");
		last_status = 128 + sig;
	} else {
		last_status = WEXITSTATUS(status);
		if (last_status && last_status != 126 && last_status != 127)
			printf("[%s exited with status %d]\n", argv[0], last_status);
	}
}

static bool builtin(int argc, char **argv)
{
	char buf[128];

	if (!strcmp(argv[0], "exit"))
		exit(argc > 1 ? atoi(argv[1]) : last_status);
	if (!strcmp(argv[0], "cd")) {
		if (chdir(argc > 1 ? argv[1] : "/") < 0)
			dprintf(2, "sh: cd: %s: %s\n", argc > 1 ? argv[1] : "/", strerror(errno));
		return true;
	}
	if (!strcmp(argv[0], "pwd")) {
		printf("%s\n", getcwd(buf, sizeof(buf)) ? buf : "?");
		return true;
	}
	if (!strcmp(argv[0], "status")) {
		printf("%d\n", last_status);
		return true;
	}
	if (!strcmp(argv[0], "help")) {
		printf("Run a program: NAME [ARGS...] (looked up in /bin, /musl, /test).\n"
		       "Builtins: cd DIR, pwd, status (last exit status), exit [N] (powers off).\n"
		       "Try: ls /bin, hello, memdemo, cat /etc/motd.\n");
		return true;
	}
	return false;
}

/*
 * sh -c 'COMMAND': what system() and popen() run. The command runs in this process (a builtin,
 * or exec of the program, as other shells do for a single command) and its status is the shell's.
 */
static int run_command_string(char *cmd)
{
	char *argv[MAX_ARGS];
	int argc = split(cmd, argv);

	if (argc > 0 && !builtin(argc, argv))
		exec_program(argv);
	return last_status;
}

int main(int argc, char **args)
{
	char line[256], cwd[128];
	char *argv[MAX_ARGS];

	if (argc >= 3 && !strcmp(args[1], "-c"))
		return run_command_string(args[2]);

	signal_action(SIGINT, SIG_IGN);             /* Ctrl-C stops programs, not the shell */
	for (;;) {
		ssize_t n;
		int argc;
		printf("%s# ", getcwd(cwd, sizeof(cwd)) ? cwd : "?");
		n = read(0, line, sizeof(line) - 1);
		if (n < 0 && errno == EAGAIN) {
			/* a program left the console non-blocking (the flag is the open file's): undo it */
			fcntl(0, F_SETFL, fcntl(0, F_GETFL, 0) & ~O_NONBLOCK);
			n = read(0, line, sizeof(line) - 1);
		}
		if (n <= 0) {
			printf("\n");
			return last_status;          /* end of input (Ctrl-D) */
		}
		line[n] = '\0';
		argc = split(line, argv);
		if (argc > 0 && !builtin(argc, argv))
			run(argv);
	}
}
