/*
 * Run by utest as: argcheck one "two three" with FOO=bar and X=1 in the environment. Checks
 * what execve put on the stack; exits 0 if everything is right, else the number of the first
 * check that failed.
 */
#include <unistd.h>
#include <string.h>

#include <linux/auxvec.h>

extern void _start(void);

struct phdr { unsigned type, offset, vaddr, paddr, filesz, memsz, flags, align; };

int main(int argc, char **argv, char **envp)
{
	unsigned *auxv;
	unsigned pagesz = 0, entry = 0, phnum = 0, random = 0, execfn = 0;
	struct phdr *phdr = NULL;
	int i, found = 0;

	if (argc != 3) return 1;
	if (strcmp(argv[0], "/test/argcheck") || strcmp(argv[1], "one") || strcmp(argv[2], "two three")) return 2;
	if (argv[3] != NULL) return 3;
	if (((unsigned long)argv - 4) % 16) return 4;            /* argc was 16-byte aligned */
	if (!envp[0] || strcmp(envp[0], "FOO=bar") || !envp[1] || strcmp(envp[1], "X=1") || envp[2]) return 5;
	for (i = 0; envp[i]; i++)
		;
	for (auxv = (unsigned *)&envp[i + 1]; auxv[0] != AT_NULL; auxv += 2) {
		if (auxv[0] == AT_PAGESZ) pagesz = auxv[1];
		if (auxv[0] == AT_ENTRY) entry = auxv[1];
		if (auxv[0] == AT_PHDR) phdr = (struct phdr *)auxv[1];
		if (auxv[0] == AT_PHNUM) phnum = auxv[1];
		if (auxv[0] == AT_RANDOM) random = auxv[1];
		if (auxv[0] == AT_EXECFN) execfn = auxv[1];
	}
	if (pagesz != 4096) return 6;
	if (entry != (unsigned)_start) return 7;
	if (!phdr || phnum == 0 || phnum > 16) return 8;
	for (unsigned p = 0; p < phnum; p++)                      /* the entry lies in a PT_LOAD */
		if (phdr[p].type == 1 && entry >= phdr[p].vaddr && entry < phdr[p].vaddr + phdr[p].memsz)
			found = 1;
	if (!found) return 9;
	if (!random) return 10;
	{
		unsigned char *r = (unsigned char *)random;
		int nonzero = 0;
		for (int b = 0; b < 16; b++)
			nonzero |= r[b];
		if (!nonzero) return 11;
	}
	if (!execfn || strcmp((char *)execfn, "/test/argcheck")) return 12;
	return 0;
}
