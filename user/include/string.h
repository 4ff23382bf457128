/* String functions: the same code as the kernel's (lib/string.c), built for user mode. */
#pragma once
#include <kernel/string.h>
char *strcpy(char *dst, const char *src);
char *strcat(char *dst, const char *src);
char *strrchr(const char *s, int c);
