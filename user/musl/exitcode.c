/* An exit status travels through exit(), the kernel's wait4 and the shell. */
#include <stdio.h>
#include <stdlib.h>

int main(int argc, char **argv)
{
	printf("exiting with %d\n", argc > 1 ? atoi(argv[1]) : 42);
	exit(argc > 1 ? atoi(argv[1]) : 42);
}
