/*
 * The first program (pid 1): runs the shell, and ends when it ends, which powers the machine
 * off with the shell's exit status. Orphaned processes are collected here as they die.
 */
#include <unistd.h>
#include <stdio.h>
#include <stdlib.h>

int main(void)
{
	char *argv[] = { "sh", NULL };
	int status = 0;
	pid_t sh;

	printf("\nPagoda init: starting /bin/sh (type 'help'; 'exit' powers off)\n");
	sh = fork();
	if (sh == 0) {
		execve("/bin/sh", argv, environ);
		printf("init: cannot run /bin/sh\n");
		_exit(127);
	}
	for (;;) {
		pid_t pid = waitpid(-1, &status, 0);
		if (pid == sh || pid < 0)
			break;
	}
	return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}
