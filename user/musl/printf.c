/* musl's printf: integers, strings, padding, floating point (x87), and stdio buffering. */
#include <stdio.h>
#include <stdint.h>
#include <inttypes.h>

int main(void)
{
	printf("int: %d %i %u %x %X %o\n", -42, 17, 4000000000u, 0xbeef, 0xbeef, 8);
	printf("pad: [%5d] [%-5d] [%05d] [%+d]\n", 42, 42, 42, 42);
	printf("long long: %lld %llu %" PRIx64 "\n", -9000000000000000000ll, 18000000000000000000ull,
	       (uint64_t)0x123456789abcdefull);
	printf("str: [%s] [%10s] [%-10s] [%.3s] %c\n", "abc", "abc", "abc", "abcdef", 'z');
	printf("float: %f %.2f %e %g %g\n", 3.14159, 2.71828, 12345.678, 0.0001, 1e10);
	printf("double math: %.6f\n", 1.0 / 3.0 * 3.0 + 0.5);
	printf("percent: 100%%\n");
	fprintf(stderr, "to stderr\n");
	for (int i = 0; i < 3; i++)
		printf("line %d\n", i);
	return 0;
}
