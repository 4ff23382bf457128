/* The boot banner, in the shape of Linux's "Linux version ..." line. */
#include <kernel/version.h>

#ifdef __clang__
#define COMPILER "clang " __clang_version__
#else
#define COMPILER "gcc " __VERSION__
#endif

const char kernel_banner[] = KERNEL_NAME " version " KERNEL_VERSION " (" COMPILER
			     ") i386, 3G/1G split, HIGHMEM4G";
