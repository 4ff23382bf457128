/* errno, and Linux's error numbers: the kernel's own list (include/kernel/errno.h). */
#pragma once
#include <kernel/errno.h>
extern int errno;
const char *strerror(int err);
