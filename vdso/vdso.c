/*
 * The vDSO's clocks: clock_gettime, gettimeofday and time answered in user mode from the data
 * page ([vvar], struct vdso_data), with the same arithmetic as the system calls (kernel/sys.c),
 * so a program sees the same time either way. Anything else (the CPU-time clocks, a time zone,
 * an unknown clock) is passed to the kernel with int $0x80.
 *
 * Built as a position-independent shared object with no relocations (vdso/vdso.lds); the kernel
 * embeds the image and maps it into every process.
 */
#include <kernel/vdso.h>
#include <kernel/time.h>

#define HIDDEN __attribute__((visibility("hidden")))
#define EXPORTED __attribute__((visibility("default")))     /* in the dynamic symbol table */

extern const struct vdso_data vvar_page HIDDEN;          /* vdso.lds: the page below the image */
long __vdso_syscall2(long nr, long a, long b) HIDDEN;    /* vsyscall.asm */

#define NR_time 13
#define NR_gettimeofday 78
#define NR_clock_gettime 265
#define NR_clock_gettime64 403

/* As clock_read in kernel/sys.c: the wall clock, or the time since boot; -1: ask the kernel. */
static int read_clock(long clock, u32 *sec, u32 *nsec)
{
	u32 j = vvar_page.jiffies;

	if (clock == 0 || clock == 5) {                          /* REALTIME, REALTIME_COARSE */
		*sec = vvar_page.boot_epoch + j / HZ;
	} else if (clock == 1 || clock == 4 || clock == 6 || clock == 7) {
		*sec = j / HZ;                                   /* MONOTONIC(_RAW, _COARSE), BOOTTIME */
	} else {
		return -1;                                       /* CPU time, or not a clock */
	}
	*nsec = (j % HZ) * (NSEC_PER_SEC / HZ);
	return 0;
}

EXPORTED int __vdso_clock_gettime(long clock, u32 *ts)
{
	u32 sec, nsec;

	if (read_clock(clock, &sec, &nsec))
		return (int)__vdso_syscall2(NR_clock_gettime, clock, (long)ts);
	ts[0] = sec;
	ts[1] = nsec;
	return 0;
}

EXPORTED int __vdso_clock_gettime64(long clock, u32 *ts)
{
	u32 sec, nsec;

	if (read_clock(clock, &sec, &nsec))
		return (int)__vdso_syscall2(NR_clock_gettime64, clock, (long)ts);
	ts[0] = sec;                                             /* struct __kernel_timespec */
	ts[1] = 0;
	ts[2] = nsec;
	ts[3] = 0;
	return 0;
}

EXPORTED int __vdso_gettimeofday(u32 *tv, void *tz)
{
	u32 sec, nsec;

	if (tz)
		return (int)__vdso_syscall2(NR_gettimeofday, (long)tv, (long)tz);
	if (tv) {
		read_clock(0, &sec, &nsec);
		tv[0] = sec;
		tv[1] = nsec / 1000;
	}
	return 0;
}

EXPORTED long __vdso_time(u32 *t)
{
	u32 sec, nsec;

	read_clock(0, &sec, &nsec);
	if (t)
		*t = sec;
	return (long)sec;
}
