/* musl's string and conversion functions. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <ctype.h>

int main(void)
{
	char buf[64];
	char *end;

	strcpy(buf, "hello");
	strcat(buf, ", world");
	printf("%s (%zu)\n", buf, strlen(buf));
	printf("strcmp: %d %d %d\n", strcmp("a", "b") < 0, strcmp("b", "a") > 0, strcmp("x", "x"));
	printf("strchr: %s strrchr: %s strstr: %s\n", strchr(buf, 'o'), strrchr(buf, 'o'), strstr(buf, "wor"));
	printf("strtol: %ld %ld %ld\n", strtol("  -1234xyz", &end, 10), strtol("ff", NULL, 16),
	       strtol("0777", NULL, 0));
	printf("rest: [%s]\n", end);
	printf("atoi: %d toupper: %c isdigit: %d\n", atoi("99 bottles"), toupper('q'), !!isdigit('7'));
	snprintf(buf, sizeof(buf), "%08.3f|%-6s|", 3.14159, "ab");
	printf("snprintf: %s\n", buf);
	memset(buf, 'x', 10);
	buf[10] = 0;
	printf("memset: %s memcmp: %d\n", buf, memcmp("abc", "abd", 3) < 0);
	return 0;
}
