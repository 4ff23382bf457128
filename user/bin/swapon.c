/*
 * swapon DEVICE [PRIORITY]: use a disk made by mkswap as swap (交换分区), as util-linux's swapon
 * does: the kernel checks its header and adds its pages to SwapTotal (/proc/swaps lists it).
 * swapon with no argument shows /proc/swaps.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#define SWAP_FLAG_PREFER 0x8000

int main(int argc, char **argv)
{
	long flags = 0;

	if (argc < 2) {
		char buf[1024];
		int fd = open("/proc/swaps", O_RDONLY);
		ssize_t n = fd >= 0 ? read(fd, buf, sizeof(buf)) : -1;
		if (n > 0)
			write(1, buf, (size_t)n);
		return n < 0;
	}
	if (argc > 2)
		flags = SWAP_FLAG_PREFER | (atoi(argv[2]) & 0x7fff);
	if (__syscall_ret(sys_call2(SYS_swapon, argv[1], flags)) < 0) {
		dprintf(2, "swapon: %s: %s\n", argv[1], strerror(errno));
		return 1;
	}
	return 0;
}
