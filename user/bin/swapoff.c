/*
 * swapoff DEVICE: stop using a swap area. Every page that is out on it is read back into memory
 * first (that needs enough free memory: otherwise ENOMEM, and the area stays on).
 */
#include <errno.h>
#include <stdio.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	if (argc < 2) {
		dprintf(2, "usage: swapoff DEVICE\n");
		return 2;
	}
	if (__syscall_ret(sys_call1(SYS_swapoff, argv[1])) < 0) {
		dprintf(2, "swapoff: %s: %s\n", argv[1], strerror(errno));
		return 1;
	}
	return 0;
}
