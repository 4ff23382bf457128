/* musl's malloc (mallocng) on this kernel's brk and mmap: many sizes, patterns kept, realloc. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int main(void)
{
	enum { N = 200 };
	static unsigned char *p[N];
	static size_t sz[N];
	unsigned seed = 1;
	int bad = 0;

	for (int round = 0; round < 4; round++) {
		for (int i = 0; i < N; i++) {
			seed = seed * 1103515245 + 12345;
			sz[i] = (seed >> 8) % (i % 10 == 0 ? 300000 : 2000) + 1;
			p[i] = malloc(sz[i]);
			if (!p[i]) {
				printf("malloc(%zu) failed\n", sz[i]);
				return 1;
			}
			memset(p[i], i & 0xff, sz[i]);
		}
		for (int i = 0; i < N; i++) {
			if (p[i][0] != (i & 0xff) || p[i][sz[i] - 1] != (i & 0xff))
				bad++;
			if (i % 3 == 0) {
				p[i] = realloc(p[i], sz[i] * 2);
				if (p[i][sz[i] - 1] != (i & 0xff))
					bad++;
			}
			free(p[i]);
		}
		printf("round %d: %d bad blocks\n", round, bad);
	}
	char *z = calloc(1000, 10);
	int nonzero = 0;
	for (int i = 0; i < 10000; i++)
		nonzero += z[i] != 0;
	printf("calloc: %d nonzero bytes\n", nonzero);
	free(z);
	return bad != 0;
}
