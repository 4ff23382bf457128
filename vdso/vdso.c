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

/*
 * As clock_read in kernel/sys.c, from one read of jiffies (one aligned word: the timer's old or
 * new count, never half of each) and the clock's base, which the kernel keeps in the data page
 * (the wall clock's boot_epoch, 0 for the clocks since boot); -1: ask the kernel (the CPU-time
 * clocks, or not a clock).
 */
static inline int read_clock(long clock, u32 *sec, u32 *nsec)
{
	u32 base, j, s;

	if ((u32)clock >= VDSO_CLOCKS || (base = vvar_page.clock_base[clock]) == VDSO_CLOCK_KERNEL)
		return -1;
	j = vvar_page.jiffies;
	s = j / HZ;
	*nsec = j * (NSEC_PER_SEC / HZ) - s * NSEC_PER_SEC;     /* (j % HZ) ticks, mod 2^32 */
	*sec = s + base;
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

	if (!tv && !tz)
		return 0;
	if (tz || read_clock(CLOCK_REALTIME, &sec, &nsec))
		return (int)__vdso_syscall2(NR_gettimeofday, (long)tv, (long)tz);
	tv[0] = sec;
	tv[1] = nsec / 1000;
	return 0;
}

EXPORTED long __vdso_time(u32 *t)
{
	u32 sec, nsec;

	if (read_clock(CLOCK_REALTIME, &sec, &nsec))
		return __vdso_syscall2(NR_time, (long)t, 0);
	if (t)
		*t = sec;
	return (long)sec;
}
