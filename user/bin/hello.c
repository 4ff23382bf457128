/* The smallest program: print a line, with the arguments it was given. */
#include <stdio.h>

int main(int argc, char **argv)
{
	printf("Hello from user space! I am %s", argv[0]);
	for (int i = 1; i < argc; i++)
		printf(" %s", argv[i]);
	printf(" (argc=%d)\n", argc);
	return 0;
}
