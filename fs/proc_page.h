/* The binary files of /proc about pages (fs/proc_page.c). */
#pragma once
#include <types.h>

struct task_struct;

ssize_t pagemap_read(struct task_struct *task, char *ubuf, size_t n, u64 *pos);
ssize_t kpagecount_read(struct task_struct *task, char *ubuf, size_t n, u64 *pos);
ssize_t kpageflags_read(struct task_struct *task, char *ubuf, size_t n, u64 *pos);

/* How /proc/PID/maps shows an area (fs/proc.c): its name (a file's path, "[heap]" and such, or
 * NULL for anonymous memory) and its permissions ("rw-p"). */
struct vm_area_struct;
const char *area_name(const struct vm_area_struct *v, char *buf, size_t size);
void area_perms(const struct vm_area_struct *v, char out[5]);

/* /proc/PID/memsnap (fs/proc_memsnap.c): one snapshot of memory as text, for scripts/memviz. */
struct seq_buf;
void gen_memsnap(struct seq_buf *t, struct task_struct *task);
/* /proc/PID/pagefaults: the process's latest page faults, with `faulttrace` (mm/fault_trace.c). */
void gen_pagefaults(struct seq_buf *t, struct task_struct *task);
