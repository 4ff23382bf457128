/*
 * Included first (-include) when kernel files are compiled for the host tests: gives the
 * kernel's libc-named functions other names, so the test program can still call the host
 * libc's versions (to compare against them) and the two never mix by accident.
 * Test files include it after the libc headers whose functions they compare with.
 */
#pragma once
#define memcpy k_memcpy
#define memmove k_memmove
#define memset k_memset
#define memcmp k_memcmp
#define strlen k_strlen
#define strnlen k_strnlen
#define strcmp k_strcmp
#define strncmp k_strncmp
#define strchr k_strchr
#define strcspn k_strcspn
#define strstr k_strstr
#define strlcpy k_strlcpy
#define vsnprintf k_vsnprintf
#define snprintf k_snprintf
