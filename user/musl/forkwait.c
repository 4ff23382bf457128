/* fork, exit, waitpid and the status macros, through musl. */
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>
#include <sys/wait.h>

int main(void)
{
	int status;
	pid_t pid;

	fflush(stdout);
	pid = fork();
	if (pid == 0) {
		printf("child running\n");
		exit(7);
	}
	waitpid(pid, &status, 0);
	printf("child exited: %d, status %d\n", WIFEXITED(status), WEXITSTATUS(status));
	pid = fork();
	if (pid == 0) {
		volatile int *null = NULL;
		*null = 1;                     /* SIGSEGV */
		return 0;
	}
	waitpid(pid, &status, 0);
	printf("child killed: %d, signal %d\n", WIFSIGNALED(status), WTERMSIG(status));
	printf("no more children: %d\n", waitpid(-1, &status, 0));
	return 0;
}
