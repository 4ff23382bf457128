/*
 * Users and groups by number, from /etc/passwd and /etc/group ("name:x:id:..."): each file is
 * read once, on first use.
 */
#pragma once
#include <stddef.h>

/* The name of uid or gid in out, or NULL if the file has none (then out holds the number). */
const char *user_name(unsigned uid, char *out, size_t size);
const char *group_name(unsigned gid, char *out, size_t size);
