/*
 * A program's SSE registers across page faults: the kernel clears and copies pages with SSE
 * moves (mm/page_copy.c), borrowing XMM registers, and must give them back unchanged. Eight
 * registers hold known values while the program takes first-touch faults (a zeroed page each)
 * and, in a forked child, copy-on-write faults (a copied page each); then they are compared.
 */
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#define PAGES 64
#define PAGE 4096

static unsigned char want[8][16] __attribute__((aligned(16))), got[8][16] __attribute__((aligned(16)));

/* (Built for i386 without SSE code generation: the compiler itself never uses these registers.) */
static void load_xmm(void)
{
	__asm__ volatile("movaps 0(%0), %%xmm0; movaps 16(%0), %%xmm1; movaps 32(%0), %%xmm2; "
			 "movaps 48(%0), %%xmm3; movaps 64(%0), %%xmm4; movaps 80(%0), %%xmm5; "
			 "movaps 96(%0), %%xmm6; movaps 112(%0), %%xmm7"
			 : : "r"(want));
}

/* Touch (write) a byte in each page with nothing but integer instructions, then read the
 * registers back: no C library call in between may use them. */
static int touch_and_compare(char *p, int pages)
{
	for (int i = 0; i < pages; i++)
		((volatile char *)p)[i * PAGE] = (char)i;
	__asm__ volatile("movaps %%xmm0, 0(%0); movaps %%xmm1, 16(%0); movaps %%xmm2, 32(%0); "
			 "movaps %%xmm3, 48(%0); movaps %%xmm4, 64(%0); movaps %%xmm5, 80(%0); "
			 "movaps %%xmm6, 96(%0); movaps %%xmm7, 112(%0)" : : "r"(got) : "memory");
	return !memcmp(want, got, sizeof(want));
}

int main(void)
{
	char *p = mmap(NULL, PAGES * PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	int zero = 1, status, kept;
	pid_t pid;

	for (int r = 0; r < 8; r++)
		for (int b = 0; b < 16; b++)
			want[r][b] = (unsigned char)(r * 16 + b + 1);
	load_xmm();
	kept = touch_and_compare(p, PAGES);
	for (int i = 0; i < PAGES; i++)
		for (int b = 1; b < PAGE; b++)
			zero &= p[i * PAGE + b] == 0;
	printf("xmm: kept across %d first-touch faults: %s\n", PAGES, kept ? "yes" : "no");
	printf("xmm: the new pages read zero: %s\n", zero ? "yes" : "no");
	fflush(stdout);
	pid = fork();
	if (pid == 0) {
		int same = 1;

		memset(got, 0, sizeof(got));
		load_xmm();
		kept = touch_and_compare(p, PAGES);        /* each page shared: a copy each */
		for (int i = 0; i < PAGES; i++)
			for (int b = 1; b < PAGE; b++)
				same &= p[i * PAGE + b] == 0;
		printf("xmm: kept across %d copy-on-write faults: %s\n", PAGES, kept ? "yes" : "no");
		printf("xmm: the copies hold the parent's bytes: %s\n", same ? "yes" : "no");
		return 0;
	}
	waitpid(pid, &status, 0);
	printf("xmm: the parent's pages unchanged by the child: %s\n", p[5 * PAGE] == 5 ? "yes" : "no");
	return 0;
}
