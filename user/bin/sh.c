/*
 * A small shell. A line is a list of pipelines joined by ";", "&&", "||" or ended by "&" (run in
 * the background; "wait" waits for them); a pipeline is commands joined by "|"; a command is
 * words ("double quotes" keep spaces) with redirections "< FILE", "> FILE", ">> FILE". Programs
 * are looked up in PATH (default /bin:/musl:/glibc:/test). Builtins: cd, pwd, status, wait,
 * clear, help, exit [N]. The shell says how a program ended when it failed or was killed.
 * "sh -c COMMAND" runs one line and exits with its status (system() and popen() call it so).
 *
 * Every command of a pipeline is a process of its own (fork, then dup2 of the pipe's ends onto
 * fds 0 and 1, then execve): a pipe is the kernel's pipe (fs/pipe.c), nothing more.
 */
#include <unistd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <errno.h>
#include <stdbool.h>

#define MAX_ARGS 32
#define MAX_CMDS 8
#define MAX_LINE 1024                       /* longest line sh -c takes (the prompt reads 255) */
#define DEFAULT_PATH "/bin:/musl:/glibc:/test"

static int last_status;
static bool interactive;                    /* reading lines from a terminal, not sh -c */

static const char *const signames[] = {
	[1] = "SIGHUP", [2] = "SIGINT", [4] = "SIGILL", [6] = "SIGABRT", [7] = "SIGBUS",
	[8] = "SIGFPE", [9] = "SIGKILL", [11] = "SIGSEGV", [13] = "SIGPIPE", [15] = "SIGTERM",
};

/* ---------------------------------------------------------------- parsing */

enum token { T_WORD, T_PIPE, T_IN, T_OUT, T_APPEND, T_AND, T_OR, T_SEMI, T_BG, T_END };

struct lexer {
	const char *p;                      /* the rest of the line */
	char words[2 * MAX_LINE + 2];       /* the words read so far, each NUL-terminated: every
					       character of a line yields at most itself and a NUL */
	size_t used;
	char *word;                         /* the last T_WORD's text */
};

/* The next token of the line; a word's text is copied into lx->words. */
static enum token next_token(struct lexer *lx)
{
	const char *p = lx->p;

	while (*p == ' ' || *p == '\t' || *p == '\n')
		p++;
	lx->p = p + 1;
	switch (*p) {
	case '\0': lx->p = p; return T_END;
	case ';': return T_SEMI;
	case '<': return T_IN;
	case '|': if (p[1] == '|') { lx->p = p + 2; return T_OR; } return T_PIPE;
	case '&': if (p[1] == '&') { lx->p = p + 2; return T_AND; } return T_BG;
	case '>': if (p[1] == '>') { lx->p = p + 2; return T_APPEND; } return T_OUT;
	}
	lx->word = lx->words + lx->used;
	while (*p && !strchr(" \t\n;<>|&", *p)) {
		if (*p == '"') {
			for (p++; *p && *p != '"'; p++)
				lx->words[lx->used++] = *p;
			if (*p == '"')
				p++;
		} else {
			lx->words[lx->used++] = *p++;
		}
	}
	lx->words[lx->used++] = '\0';
	lx->p = p;
	return T_WORD;
}

struct command {
	char *argv[MAX_ARGS];
	int argc;
	const char *in, *out;               /* "< in", "> out" or ">> out" */
	bool append;
};

/*
 * Read one pipeline; *end gets the token that ended it (";", "&&", "||", "&" or the end).
 * Returns the number of commands, 0 for an empty line, -1 after printing a syntax error.
 */
static int parse_pipeline(struct lexer *lx, struct command *cmds, enum token *end)
{
	int n = 0;
	struct command *c = &cmds[0];

	memset(cmds, 0, sizeof(*cmds) * MAX_CMDS);
	for (;;) {
		enum token t = next_token(lx);
		if (t == T_WORD) {
			if (c->argc < MAX_ARGS - 1)
				c->argv[c->argc++] = lx->word;
			continue;
		}
		if (t == T_IN || t == T_OUT || t == T_APPEND) {
			if (next_token(lx) != T_WORD) {
				dprintf(2, "sh: a file name must follow < > or >>\n");
				return -1;
			}
			*(t == T_IN ? &c->in : &c->out) = lx->word;
			c->append = t == T_APPEND ? true : t == T_OUT ? false : c->append;
			continue;
		}
		if (c->argc == 0) {
			if (t == T_END && n == 0) {
				*end = t;
				return 0;
			}
			dprintf(2, "sh: a command is missing before or after an operator\n");
			return -1;
		}
		n++;
		if (t != T_PIPE) {
			*end = t;
			return n;
		}
		if (n == MAX_CMDS) {
			dprintf(2, "sh: at most %d commands in a pipeline\n", MAX_CMDS);
			return -1;
		}
		c = &cmds[n];
	}
}

/* ---------------------------------------------------------------- running */

/* Try the path, or each PATH directory with the name, until an exec works. Does not return. */
static void exec_program(char **argv)
{
	const char *dirs = getenv("PATH") ? getenv("PATH") : DEFAULT_PATH;
	char path[256];
	int err = ENOENT;

	if (strchr(argv[0], '/')) {
		execve(argv[0], argv, environ);
		err = errno;
	} else {
		while (*dirs) {
			size_t len = strcspn(dirs, ":");
			snprintf(path, sizeof(path), "%.*s/%s", (int)len, dirs, argv[0]);
			execve(path, argv, environ);
			if (errno != ENOENT) {
				err = errno;
				break;
			}
			dirs += len + (dirs[len] == ':');
		}
	}
	dprintf(2, "sh: %s: %s\n", argv[0], strerror(err));
	_exit(err == ENOENT ? 127 : 126);
}

static bool builtin(int argc, char **argv);

/* In a child: open the command's redirections onto fds 0 and 1. Exits on failure. */
static void redirect(const struct command *c)
{
	int fd;

	if (c->in) {
		fd = open(c->in, O_RDONLY);
		if (fd < 0 || dup2(fd, 0) < 0) {
			dprintf(2, "sh: %s: %s\n", c->in, strerror(errno));
			_exit(1);
		}
		close(fd);
	}
	if (c->out) {
		fd = open(c->out, O_WRONLY | O_CREAT | (c->append ? O_APPEND : O_TRUNC), 0644);
		if (fd < 0 || dup2(fd, 1) < 0) {
			dprintf(2, "sh: %s: %s\n", c->out, strerror(errno));
			_exit(1);
		}
		close(fd);
	}
}

/*
 * Keep a program's status for "status" and for && and ||; at the prompt, also say how it ended
 * if it did not simply succeed (sh -c stays quiet: its output may be a pipe popen reads).
 */
static void report(const char *name, int status)
{
	if (!interactive) {
		last_status = WIFSIGNALED(status) ? 128 + WTERMSIG(status) : WEXITSTATUS(status);
		return;
	}
	if (WIFSIGNALED(status)) {
		int sig = WTERMSIG(status);
		printf("[%s killed by signal %d (%s)]\n", name, sig,
		       sig < 16 && signames[sig] ? signames[sig] : "?");
		last_status = 128 + sig;
	} else {
		last_status = WEXITSTATUS(status);
		if (last_status && last_status != 126 && last_status != 127)
			printf("[%s exited with status %d]\n", name, last_status);
	}
}

/* Start command i of a pipeline with stdin from in (or -1) and stdout to out (or -1). */
static pid_t start(const struct command *c, int in, int out, int unused_end, bool background)
{
	pid_t pid = fork();

	if (pid != 0)
		return pid;
	if (!background)
		signal_action(SIGINT, SIG_DFL);     /* the program gets Ctrl-C, not the shell */
	if (in >= 0) {
		dup2(in, 0);
		close(in);
	}
	if (out >= 0) {
		dup2(out, 1);
		close(out);
	}
	if (unused_end >= 0)
		close(unused_end);
	redirect(c);
	if (builtin(c->argc, (char **)c->argv))
		_exit(last_status);
	exec_program((char **)c->argv);
	return -1;
}

static void run_pipeline(struct command *cmds, int n, bool background)
{
	pid_t pids[MAX_CMDS] = { 0 };
	int in = -1, status;

	if (n == 1 && !background && !cmds[0].in && !cmds[0].out && builtin(cmds[0].argc, cmds[0].argv))
		return;                             /* cd, exit...: they act on the shell itself */
	for (int i = 0; i < n; i++) {
		int fds[2] = { -1, -1 };
		if (i < n - 1 && pipe(fds) < 0) {
			dprintf(2, "sh: pipe: %s\n", strerror(errno));
			break;
		}
		pids[i] = start(&cmds[i], in, fds[1], fds[0], background);
		if (pids[i] < 0)
			dprintf(2, "sh: fork: %s\n", strerror(errno));
		if (in >= 0)
			close(in);
		if (fds[1] >= 0)
			close(fds[1]);
		in = fds[0];
	}
	if (background) {
		if (pids[n - 1] > 0)
			printf("[%d]\n", pids[n - 1]);
		last_status = 0;
		return;
	}
	for (int i = 0; i < n; i++)
		if (pids[i] > 0 && waitpid(pids[i], &status, 0) == pids[i] && i == n - 1)
			report(cmds[i].argv[0], status);
}

/* Run a line: pipelines joined by ; && || and &. */
static void run_line(const char *line)
{
	static struct command cmds[MAX_CMDS];
	static struct lexer lx;
	enum token end = T_SEMI, joined_by;

	if (strlen(line) > MAX_LINE) {
		dprintf(2, "sh: a line of more than %d characters\n", MAX_LINE);
		last_status = 2;
		return;
	}
	lx.p = line;
	lx.used = 0;

	while (end != T_END) {
		int n;
		joined_by = end;
		n = parse_pipeline(&lx, cmds, &end);
		if (n < 0) {
			last_status = 2;
			return;
		}
		if (n == 0)
			return;
		if ((joined_by == T_AND && last_status != 0) || (joined_by == T_OR && last_status == 0))
			continue;
		run_pipeline(cmds, n, end == T_BG);
	}
}

/* ---------------------------------------------------------------- builtins */

/* "wait": every background program; say how each ended. */
static void wait_all(void)
{
	int status;

	for (pid_t pid; (pid = waitpid(-1, &status, 0)) > 0;) {
		printf("[%d] done\n", pid);
		report("background job", status);
	}
	last_status = 0;
}

static bool builtin(int argc, char **argv)
{
	char buf[128];

	if (!strcmp(argv[0], "exit"))
		exit(argc > 1 ? atoi(argv[1]) : last_status);
	if (!strcmp(argv[0], "cd")) {
		last_status = chdir(argc > 1 ? argv[1] : "/") < 0;
		if (last_status)
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
	if (!strcmp(argv[0], "wait")) {
		wait_all();
		return true;
	}
	if (!strcmp(argv[0], "clear")) {
		printf("\033[H\033[2J");
		return true;
	}
	if (!strcmp(argv[0], "help")) {
		printf("Run a program: NAME [ARGS...] (looked up in PATH: %s).\n"
		       "Pipes and redirection: ls /bin | cat > /tmp/list; cat < /tmp/list >> /tmp/all.\n"
		       "Lists: a ; b (both), a && b (b if a succeeded), a || b (b if a failed), a & (background).\n"
		       "Builtins: cd DIR, pwd, status (last exit status), wait, clear, exit [N] (powers off).\n"
		       "Try: ls -l /bin, hello, memdemo, cat /etc/motd, cat /proc/self/maps.\n",
		       getenv("PATH") ? getenv("PATH") : DEFAULT_PATH);
		return true;
	}
	return false;
}

int main(int argc, char **args)
{
	char line[256], cwd[128];

	if (argc >= 3 && !strcmp(args[1], "-c")) {
		run_line(args[2]);
		return last_status;
	}
	interactive = true;
	signal_action(SIGINT, SIG_IGN);             /* Ctrl-C stops programs, not the shell */
	for (;;) {
		ssize_t n;
		printf("%s%s ", getcwd(cwd, sizeof(cwd)) ? cwd : "?", geteuid() ? "$" : "#");   /* $: not root */
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
		run_line(line);
	}
}
