/*
 * Core dumps as Linux 6.1 writes them with core_pattern "core": which signals and limits make
 * one, the core-dump bit of the wait status, and what the file holds (an ELF core with the
 * registers' note and the process's written memory). Run as init (uid 0).
 */
#define _GNU_SOURCE
#include "check.h"
#include <elf.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/stat.h>

#define MARK "pagoda-core-marker"

static char marker[64];                     /* in .bss: written, so its page is in the core */

static void set_core_limit(rlim_t soft)
{
	struct rlimit r = { soft, RLIM_INFINITY };

	setrlimit(RLIMIT_CORE, &r);
}

static void segv(void)
{
	*(volatile int *)0 = 1;
}

/* A child that sets the limit and dies of sig; its wait status. */
static int crash(int sig, rlim_t limit, int user)
{
	int status;
	pid_t pid = fork();

	if (pid == 0) {
		strcpy(marker, MARK);
		set_core_limit(limit);
		if (user && (setresgid(1000, 1000, 1000) || setresuid(1000, 1000, 1000)))
			_exit(99);
		if (user == 2)
			prctl(PR_SET_DUMPABLE, 1);      /* dumpable again, by its own choice */
		if (sig == SIGSEGV)
			segv();
		kill(getpid(), sig);
		_exit(0);
	}
	waitpid(pid, &status, 0);
	return status;
}

static const char *core_state(void)
{
	struct stat st;

	if (stat("core", &st))
		return "no core file";
	return S_ISREG(st.st_mode) ? "a core file" : "something else called core";
}

static void report(const char *what, int status)
{
	say("mm: %s: %s, core-dump bit %s, %s", what, status_text(status & ~0x80), yes(WCOREDUMP(status)),
	    core_state());
	unlink("core");
}

static void which(void)
{
	struct rlimit r;

	getrlimit(RLIMIT_CORE, &r);
	say("mm: RLIMIT_CORE at boot: soft %lld, hard %s", (long long)r.rlim_cur,
	    r.rlim_max == RLIM_INFINITY ? "unlimited" : "limited");
	report("SIGSEGV with the boot limit", crash(SIGSEGV, r.rlim_cur, 0));
	report("SIGSEGV unlimited", crash(SIGSEGV, RLIM_INFINITY, 0));
	report("SIGABRT unlimited", crash(SIGABRT, RLIM_INFINITY, 0));
	report("SIGQUIT unlimited", crash(SIGQUIT, RLIM_INFINITY, 0));
	report("SIGTERM unlimited", crash(SIGTERM, RLIM_INFINITY, 0));
	report("SIGKILL unlimited", crash(SIGKILL, RLIM_INFINITY, 0));
	report("SIGSEGV with RLIMIT_CORE 1000", crash(SIGSEGV, 1000, 0));
	report("SIGSEGV with RLIMIT_CORE 8192", crash(SIGSEGV, 8192, 0));
}

static void who(void)
{
	int fd;

	chmod(".", 0755);
	report("uid 1000 (setresuid from root) in a root directory", crash(SIGSEGV, RLIM_INFINITY, 1));
	chmod(".", 0777);
	report("uid 1000, undumpable, in a writable directory", crash(SIGSEGV, RLIM_INFINITY, 1));
	report("uid 1000 after PR_SET_DUMPABLE 1", crash(SIGSEGV, RLIM_INFINITY, 2));
	chmod(".", 0755);
	fd = open("core", O_CREAT | O_WRONLY, 0644);
	write(fd, "old", 3);
	close(fd);
	report("over an old file called core", crash(SIGSEGV, RLIM_INFINITY, 0));
}

/* ---------------------------------------------------------------- what the file holds */

static void contents(void)
{
	int fd, status = crash(SIGSEGV, RLIM_INFINITY, 0), loads = 0, has_marker = 0, notes_ok = 0;
	struct stat st;
	Elf32_Ehdr eh;
	static Elf32_Phdr ph[256];
	char buf[512];

	say("mm: the crash: %s, core-dump bit %s", status_text(status & ~0x80), yes(WCOREDUMP(status)));
	if (stat("core", &st) || (fd = open("core", O_RDONLY)) < 0) {
		say("mm: no core to read");
		return;
	}
	say("mm: core: mode %o, owner %u", st.st_mode & 07777, st.st_uid);
	if (pread(fd, &eh, sizeof(eh), 0) != sizeof(eh) || eh.e_phnum > 256 ||
	    pread(fd, ph, eh.e_phnum * sizeof(ph[0]), eh.e_phoff) != (ssize_t)(eh.e_phnum * sizeof(ph[0]))) {
		say("mm: core: too short for its headers");
		close(fd);
		return;
	}
	say("mm: core: ELF %s, type %s, machine %s", yes(!memcmp(eh.e_ident, ELFMAG, SELFMAG)),
	    eh.e_type == ET_CORE ? "ET_CORE" : "other", eh.e_machine == EM_386 ? "i386" : "other");
	say("mm: core: the first program header is %s", ph[0].p_type == PT_NOTE ? "PT_NOTE" : "another");
	for (int i = 0; i < eh.e_phnum; i++) {
		unsigned long a = (unsigned long)marker;
		if (ph[i].p_type == PT_LOAD) {
			loads++;
			if (a >= ph[i].p_vaddr && a < ph[i].p_vaddr + ph[i].p_filesz &&
			    pread(fd, buf, sizeof(MARK), ph[i].p_offset + (a - ph[i].p_vaddr)) == sizeof(MARK))
				has_marker = !memcmp(buf, MARK, sizeof(MARK));
		}
		if (ph[i].p_type == PT_NOTE && pread(fd, buf, sizeof(buf), ph[i].p_offset) > 32) {
			/* the first note: NT_PRSTATUS of the thread that died, with its signal */
			Elf32_Nhdr *nh = (Elf32_Nhdr *)buf;
			int signo;
			memcpy(&signo, buf + sizeof(*nh) + ((nh->n_namesz + 3) & ~3u), sizeof(signo));
			notes_ok = nh->n_type == NT_PRSTATUS && !memcmp(nh + 1, "CORE", 5) && signo == SIGSEGV;
		}
	}
	close(fd);
	say("mm: core: an area per program header: %s", yes(loads > 3));
	say("mm: core: NT_PRSTATUS first, with signal 11: %s", yes(notes_ok));
	say("mm: core: holds the marker written before the crash: %s", yes(has_marker));
	unlink("core");
}

int main(int argc, char **argv)
{
	static const struct check_case cases[] = {
		{ "which", which }, { "who", who }, { "contents", contents },
	};

	if (argc == 3 && !strcmp(argv[1], "keep")) {
		/* coretest keep DIR: leave a core in DIR (a disk), for GDB on the host (make test) */
		chdir(argv[2]);
		unlink("core");
		say("mm: kept core: %s", status_text(crash(SIGSEGV, RLIM_INFINITY, 0)));
		say("mm: done");
		if (getpid() == 1)
			reboot(RB_POWER_OFF);
		return 0;
	}
	mkdir("/coredir", 0755);
	chdir("/coredir");
	return run_cases(cases, sizeof(cases) / sizeof(cases[0]), argc, argv);
}
