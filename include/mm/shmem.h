/*
 * Shared memory (共享内存) is tmpfs: a System V segment, a memfd and a MAP_SHARED anonymous
 * mapping are each a tmpfs file with no name, whose page-cache pages every process attaching
 * it maps. POSIX shm_open is an ordinary file in the tmpfs mounted at /dev/shm.
 */
#pragma once
#include <types.h>

struct file;
struct vm_area_struct;

/* Boot: the tmpfs instance shared memory lives on (after tmpfs is registered). */
void shmem_init(void);

/* A new nameless tmpfs file of size bytes, open with flags; /proc/PID/maps shows "/name (deleted)". */
struct file *shmem_file_setup(const char *name, u64 size, u32 flags);
/* Back a shared anonymous area with such a file (what MAP_SHARED|MAP_ANONYMOUS and /dev/zero do). */
int shmem_zero_setup(struct vm_area_struct *vma);
