/* Freestanding string and memory functions (lib/string.c). */
#pragma once
#include <types.h>

void *memcpy(void *dst, const void *src, size_t n);
void *memmove(void *dst, const void *src, size_t n);
void *memset(void *dst, int c, size_t n);
int memcmp(const void *a, const void *b, size_t n);
size_t strlen(const char *s);
size_t strnlen(const char *s, size_t max);
int strcmp(const char *a, const char *b);
int strncmp(const char *a, const char *b, size_t n);
char *strchr(const char *s, int c);
char *strstr(const char *hay, const char *needle);   /* first occurrence, or NULL */
size_t strcspn(const char *s, const char *reject);   /* length of the run of s with none of reject */
size_t strlcpy(char *dst, const char *src, size_t size);
bool str_starts_with(const char *s, const char *prefix);
