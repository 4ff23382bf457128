/* The binary files of /proc about pages (fs/proc_page.c). */
#pragma once
#include <types.h>

struct task_struct;

ssize_t pagemap_read(struct task_struct *task, char *ubuf, size_t n, u64 *pos);
ssize_t kpagecount_read(struct task_struct *task, char *ubuf, size_t n, u64 *pos);
ssize_t kpageflags_read(struct task_struct *task, char *ubuf, size_t n, u64 *pos);
