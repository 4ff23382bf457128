/* errno, and Linux's error numbers: the kernel's own list (include/linux/errno.h). */
#pragma once
#include <linux/errno.h>
extern int errno;
const char *strerror(int err);
