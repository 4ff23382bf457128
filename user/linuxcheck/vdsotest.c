/*
 * The vDSO, checked against Linux like mmtest.c (scripts/linux-reference.sh): the auxiliary
 * vector's AT_SYSINFO_EHDR and AT_SYSINFO, the [vvar] and [vdso] areas, the symbols a C library
 * looks up (with their versions), its clocks agreeing with the system calls, a six-argument
 * call through __kernel_vsyscall, and what mprotect, a write and fork do to the areas.
 */
#define _GNU_SOURCE
#include <elf.h>
#include <setjmp.h>
#include <signal.h>
#include <stdint.h>
#include <sys/auxv.h>
#include <sys/mman.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <time.h>
#include "check.h"

static const char *err(long r)
{
	if (r != -1)
		return "ok";
	switch (errno) {
	case EACCES: return "EACCES";
	case EINVAL: return "EINVAL";
	case ENOMEM: return "ENOMEM";
	default: return "other";
	}
}

/* The area of /proc/self/maps named name: its start, end and permissions; 0 if absent. */
static int find_area(const char *name, unsigned long *start, unsigned long *end, char perms[5])
{
	static char buf[16384];
	char *line;

	if (slurp("/proc/self/maps", buf, sizeof(buf)) <= 0)
		return 0;
	for (line = strtok(buf, "\n"); line; line = strtok(NULL, "\n"))
		if (strstr(line, name) && sscanf(line, "%lx-%lx %4s", start, end, perms) == 3)
			return 1;
	return 0;
}

/* A symbol of the vDSO's dynamic symbol table, with the name of its version; NULL if absent. */
static void *vdso_sym(const char *name, const char **version)
{
	const Elf32_Ehdr *eh = (const void *)getauxval(AT_SYSINFO_EHDR);
	const Elf32_Phdr *ph;
	const Elf32_Dyn *dyn = NULL;
	const Elf32_Sym *syms = NULL;
	const char *strs = NULL;
	const Elf32_Half *versym = NULL;
	const Elf32_Verdef *verdef = NULL;
	const uint32_t *hash = NULL;
	uintptr_t base = (uintptr_t)eh, load = 0;

	if (!eh)
		return NULL;
	ph = (const void *)(base + eh->e_phoff);
	for (int i = 0; i < eh->e_phnum; i++) {
		if (ph[i].p_type == PT_LOAD)
			load = base + ph[i].p_offset - ph[i].p_vaddr;
		if (ph[i].p_type == PT_DYNAMIC)
			dyn = (const void *)(base + ph[i].p_offset);
	}
	for (; dyn && dyn->d_tag; dyn++) {
		switch (dyn->d_tag) {
		case DT_SYMTAB: syms = (const void *)(load + dyn->d_un.d_ptr); break;
		case DT_STRTAB: strs = (const void *)(load + dyn->d_un.d_ptr); break;
		case DT_HASH: hash = (const void *)(load + dyn->d_un.d_ptr); break;
		case DT_VERSYM: versym = (const void *)(load + dyn->d_un.d_ptr); break;
		case DT_VERDEF: verdef = (const void *)(load + dyn->d_un.d_ptr); break;
		}
	}
	if (!syms || !strs || !hash)
		return NULL;
	for (uint32_t i = 0; i < hash[1]; i++) {                 /* nchain: every symbol */
		if (strcmp(strs + syms[i].st_name, name) || !syms[i].st_value)
			continue;
		*version = "none";
		for (const Elf32_Verdef *d = verdef; versym && d; d = d->vd_next ? (const void *)((const char *)d + d->vd_next) : NULL)
			if (d->vd_ndx == (versym[i] & 0x7fff)) {
				const Elf32_Verdaux *aux = (const void *)((const char *)d + d->vd_aux);
				*version = strs + aux->vda_name;
			}
		return (void *)(load + syms[i].st_value);
	}
	return NULL;
}

static sigjmp_buf jump;

static void on_segv(int sig)
{
	siglongjmp(jump, sig);
}

static int write_faults(volatile char *p)
{
	struct sigaction sa, old;
	int sig;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_segv;
	sigaction(SIGSEGV, &sa, &old);
	if ((sig = sigsetjmp(jump, 1)) == 0)
		*p = *p;
	sigaction(SIGSEGV, &old, NULL);
	return sig == SIGSEGV;
}

static void test_auxv(void)
{
	unsigned long ehdr = getauxval(AT_SYSINFO_EHDR), entry = getauxval(AT_SYSINFO);
	unsigned long vs = 0, ve = 0, ds = 0, de = 0;
	char vperm[5] = "", dperm[5] = "";

	say("mm: AT_SYSINFO_EHDR is set: %s", yes(ehdr != 0));
	say("mm: ... and points at an ELF header: %s", yes(ehdr && !memcmp((void *)ehdr, ELFMAG, SELFMAG)));
	say("mm: AT_SYSINFO is set: %s", yes(entry != 0));
	find_area("[vvar]", &vs, &ve, vperm);
	find_area("[vdso]", &ds, &de, dperm);
	say("mm: [vvar] in /proc/self/maps: %s, %s", yes(vs != 0), vperm);
	say("mm: [vdso] in /proc/self/maps: %s, %s", yes(ds != 0), dperm);
	say("mm: [vdso] starts at AT_SYSINFO_EHDR: %s", yes(ds == ehdr));
	say("mm: [vvar] is below [vdso]: %s", yes(vs && ve <= ds));
	say("mm: AT_SYSINFO (__kernel_vsyscall) is inside [vdso]: %s", yes(entry >= ds && entry < de));
}

static void test_symbols(void)
{
	static const char *const names[] = {
		"__kernel_vsyscall", "__vdso_clock_gettime", "__vdso_clock_gettime64",
		"__vdso_gettimeofday", "__vdso_time",
	};
	const char *version = "";

	for (unsigned i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		void *p = vdso_sym(names[i], &version);
		say("mm: symbol %s: %s, version %s", names[i], yes(p != NULL), p ? version : "-");
	}
	say("mm: __kernel_vsyscall is AT_SYSINFO: %s",
	    yes(vdso_sym("__kernel_vsyscall", &version) == (void *)getauxval(AT_SYSINFO)));
}

static void test_clocks(void)
{
	const char *version;
	int (*cgt)(long, void *) = vdso_sym("__vdso_clock_gettime", &version);
	int (*gtod)(void *, void *) = vdso_sym("__vdso_gettimeofday", &version);
	long (*vtime)(long *) = vdso_sym("__vdso_time", &version);
	int32_t ts[2], sys[2], tv[2];
	long t1, t2;

	if (!cgt || !gtod || !vtime) {
		say("mm: the vDSO's clocks: not found");
		return;
	}
	for (long clock = 0; clock <= 7; clock++) {
		if (clock == CLOCK_PROCESS_CPUTIME_ID || clock == CLOCK_THREAD_CPUTIME_ID)
			continue;
		int r = cgt(clock, ts);
		syscall(SYS_clock_gettime32, clock, sys);
		long long diff = ((long long)sys[0] - ts[0]) * 1000000000 + (sys[1] - ts[1]);
		say("mm: clock %ld from the vDSO: %d, agrees with the system call (0..20 ms later): %s",
		    clock, r, yes(diff >= 0 && diff < 20000000));
	}
	say("mm: the vDSO's clock_gettime of a CPU-time clock: %d", cgt(CLOCK_PROCESS_CPUTIME_ID, ts));
	say("mm: ... of clock 99: %d", cgt(99, ts));
	t1 = vtime(NULL);
	t2 = syscall(SYS_time, NULL);   /* 13 */
	say("mm: time from the vDSO agrees with the system call: %s", yes(t2 - t1 >= 0 && t2 - t1 <= 1));
	gtod(tv, NULL);
	say("mm: gettimeofday from the vDSO agrees with time: %s", yes(tv[0] - t2 >= 0 && tv[0] - t2 <= 1));

	/* setting the wall clock moves the vDSO's wall clocks with it, and not the others */
	int32_t mono0[2], mono1[2], coarse[2], set[2];
	cgt(CLOCK_MONOTONIC, mono0);
	cgt(CLOCK_REALTIME, ts);
	set[0] = ts[0] + 100000;
	set[1] = ts[1];
	int r = syscall(SYS_clock_settime32, CLOCK_REALTIME, set);
	cgt(CLOCK_REALTIME, tv);
	cgt(CLOCK_REALTIME_COARSE, coarse);
	cgt(CLOCK_MONOTONIC, mono1);
	say("mm: clock_settime(REALTIME, +100000 s): %d; the vDSO's REALTIME moved: %s, "
	    "REALTIME_COARSE: %s, MONOTONIC did not: %s", r, yes(tv[0] - ts[0] >= 100000 && tv[0] - ts[0] <= 100001),
	    yes(coarse[0] - ts[0] >= 99999 && coarse[0] - ts[0] <= 100001), yes(mono1[0] - mono0[0] <= 1));
	set[0] = tv[0] - 100000;
	set[1] = tv[1];
	syscall(SYS_clock_settime32, CLOCK_REALTIME, set);
	t1 = vtime(NULL);
	say("mm: set back: time from the vDSO within a second of before: %s", yes(t1 - ts[0] >= 0 && t1 - ts[0] <= 1));
}

/*
 * mmap2 (192) takes six arguments; the C library passes them to __kernel_vsyscall, which keeps
 * the sixth (ebp) on the user stack for the kernel to read. The page offset must arrive.
 */
static void test_six_arguments(void)
{
	char page[4096];
	int fd = open("/vdso-six", O_RDWR | O_CREAT | O_TRUNC, 0600);
	long a;

	memset(page, 'A', sizeof(page));
	write(fd, page, sizeof(page));
	memset(page, 'B', sizeof(page));
	write(fd, page, sizeof(page));
	a = syscall(SYS_mmap2, 0, 4096, PROT_READ, MAP_PRIVATE, fd, 1);     /* page 1: the B's */
	say("mm: mmap2 of a file at page offset 1 (the sixth argument): %s",
	    a == -1 ? "failed" : *(volatile char *)a == 'B' ? "page 1" : "another page");
	close(fd);
	unlink("/vdso-six");
}

static void test_protection(void)
{
	unsigned long vs = 0, ve = 0, ds = 0, de = 0;
	char perm[5];
	int status;
	pid_t pid;

	find_area("[vvar]", &vs, &ve, perm);
	find_area("[vdso]", &ds, &de, perm);
	say("mm: a write to [vdso]: SIGSEGV: %s", yes(write_faults((char *)ds + 16)));
	say("mm: mprotect [vvar] writable: %s", err(mprotect((void *)vs, 4096, PROT_READ | PROT_WRITE)));
	pid = fork();
	if (pid == 0) {
		unsigned long s2 = 0, e2 = 0;
		find_area("[vdso]", &s2, &e2, perm);
		_exit(s2 == ds ? 0 : 1);
	}
	waitpid(pid, &status, 0);
	say("mm: a forked child has [vdso] at the same address: %s", yes(WIFEXITED(status) && WEXITSTATUS(status) == 0));
	pid = fork();
	if (pid == 0) {
		/* as a debugger does: make the code writable and change it; a private copy */
		int ok = mprotect((void *)ds, de - ds, PROT_READ | PROT_WRITE | PROT_EXEC) == 0;
		ok = ok && !write_faults((char *)ds + 16);
		_exit(ok ? 0 : 1);
	}
	waitpid(pid, &status, 0);
	say("mm: mprotect [vdso] writable, then write: %s", yes(WIFEXITED(status) && WEXITSTATUS(status) == 0));
	say("mm: ... the parent's [vdso] is unchanged and still read-only: %s", yes(write_faults((char *)ds + 16)));
}

static const struct check_case tests[] = {
	{ "auxv", test_auxv }, { "symbols", test_symbols }, { "clocks", test_clocks },
	{ "six", test_six_arguments }, { "protection", test_protection },
};

int main(int argc, char **argv)
{
	mkdir("/proc", 0555);                        /* Linux's init has no /proc until it mounts one */
	mount("proc", "/proc", "proc", 0, NULL);
	return run_cases(tests, sizeof(tests) / sizeof(tests[0]), argc, argv);
}
