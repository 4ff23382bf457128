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
long __vdso_syscall2(long nr, long a, long b) HIDDEN __attribute__((regparm(3)));  /* vsyscall.asm */

#define NR_time 13
#define NR_gettimeofday 78
#define NR_clock_gettime 265
#define NR_clock_gettime64 403

/* The clocks answered here, as bits: REALTIME and REALTIME_COARSE (the wall clock), MONOTONIC,
 * MONOTONIC_RAW, MONOTONIC_COARSE and BOOTTIME (the time since boot). */
#define WALL_CLOCKS ((1u << 0) | (1u << 5))
#define BOOT_CLOCKS ((1u << 1) | (1u << 4) | (1u << 6) | (1u << 7))

/*
 * As clock_read in kernel/sys.c, from one read of jiffies (one aligned word: the timer's old or
 * new count, never half of each); -1: ask the kernel (the CPU-time clocks, or not a clock).
 */
static inline int read_clock(long clock, u32 *sec, u32 *nsec)
{
	u32 bit = (u32)clock < 32 ? 1u << clock : 0, j, s;

	if (!(bit & (WALL_CLOCKS | BOOT_CLOCKS)))
		return -1;
	j = vvar_page.jiffies;
	s = j / HZ;
	*nsec = j * (NSEC_PER_SEC / HZ) - s * NSEC_PER_SEC;     /* (j % HZ) ticks, mod 2^32 */
	*sec = (bit & WALL_CLOCKS) ? s + vvar_page.boot_epoch : s;
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
