/*
 * Strict overcommit (vm.overcommit_memory = 2), as Linux 6.1 has it: CommitLimit is swap plus
 * vm.overcommit_ratio percent of RAM, Committed_AS counts private writable memory when it is
 * mapped (not when touched), and past the limit mmap, brk, mprotect and fork refuse with
 * ENOMEM, MAP_NORESERVE or not. Run as init, with no swap.
 */
#define _GNU_SOURCE
#include "check.h"
#include <sys/mman.h>
#include <sys/mount.h>
#include <sys/stat.h>

#define MB (1ul << 20)
#define OC "/proc/sys/vm/overcommit_memory"
#define RATIO "/proc/sys/vm/overcommit_ratio"

static long kb(const char *field)
{
	return proc_field("/proc/meminfo", field);
}

/* Room left under CommitLimit, in bytes. */
static unsigned long room(void)
{
	long left = kb("CommitLimit:") - kb("Committed_AS:");

	return left > 0 ? (unsigned long)left << 10 : 0;
}

static const char *mapped(void *p)
{
	return p == MAP_FAILED ? strerror(errno) : "ok";
}

static void *anon(unsigned long len, int prot, int flags)
{
	return mmap(NULL, len, prot, MAP_PRIVATE | MAP_ANONYMOUS | flags, -1, 0);
}

int main(void)
{
	long total, limit, before;
	unsigned long big;
	void *p, *q;
	int status;
	pid_t pid;

	mkdir("/proc", 0555);
	mount("proc", "/proc", "proc", 0, NULL);
	total = kb("MemTotal:");
	limit = kb("CommitLimit:");
	say("mm: overcommit_memory %ld, overcommit_ratio %ld", file_number(OC), file_number(RATIO));
	say("mm: CommitLimit is half of MemTotal (no swap): %s", yes(labs(limit - total / 2) <= 4));
	before = kb("Committed_AS:");
	p = anon(8 * MB, PROT_READ | PROT_WRITE, 0);
	say("mm: an 8 MiB writable private mapping adds 8192 kB to Committed_AS: %s",
	    yes(kb("Committed_AS:") - before == 8192));
	munmap(p, 8 * MB);
	before = kb("Committed_AS:");
	p = anon(8 * MB, PROT_READ, 0);
	q = anon(8 * MB, PROT_READ | PROT_WRITE, MAP_NORESERVE);
	say("mm: read-only and MAP_NORESERVE mappings add nothing: %s", yes(kb("Committed_AS:") == before));
	munmap(p, 8 * MB);
	munmap(q, 8 * MB);
	say("mm: setting overcommit_memory 3: %s", put_text(OC, "3"));
	say("mm: setting overcommit_memory 2: %s", put_text(OC, "2"));

	big = room() + 32 * MB;                         /* more than may still be committed */
	p = anon(big, PROT_READ | PROT_WRITE, 0);
	say("mm: strict: a writable mapping past the limit: %s", mapped(p));
	p = anon(big, PROT_READ | PROT_WRITE, MAP_NORESERVE);
	say("mm: strict: the same with MAP_NORESERVE: %s", mapped(p));
	p = anon(big, PROT_READ, 0);
	say("mm: strict: the same size read-only: %s", mapped(p));
	if (p != MAP_FAILED) {
		say("mm: strict: mprotect of it to writable: %s", mprotect(p, big, PROT_READ | PROT_WRITE) ? strerror(errno) : "ok");
		munmap(p, big);
	}
	p = sbrk(0);
	say("mm: strict: brk past the limit: %s", brk((char *)p + big) ? strerror(errno) : "ok");
	p = anon(4 * MB, PROT_READ | PROT_WRITE, 0);
	say("mm: strict: 4 MiB: %s", mapped(p));
	munmap(p, 4 * MB);

	/* fork copies what is committed: with most of the room taken, the child's copy is too much */
	big = room() - 16 * MB;
	p = anon(big, PROT_READ | PROT_WRITE, 0);
	say("mm: strict: a mapping that fits: %s", mapped(p));
	pid = fork();
	if (pid == 0)
		_exit(0);
	say("mm: strict: fork with it mapped: %s", pid < 0 ? strerror(errno) : "ok");
	if (pid > 0)
		waitpid(pid, &status, 0);
	if (p != MAP_FAILED)
		munmap(p, big);
	pid = fork();
	if (pid == 0)
		_exit(0);
	say("mm: strict: fork once it is gone: %s", pid < 0 ? strerror(errno) : "ok");
	if (pid > 0)
		waitpid(pid, &status, 0);

	say("mm: overcommit_ratio 100: %s", put_text(RATIO, "100"));
	say("mm: CommitLimit is now MemTotal: %s", yes(labs(kb("CommitLimit:") - total) <= 4));
	put_text(RATIO, "50");
	put_text(OC, "0");
	big = room() + 32 * MB;
	p = anon(big, PROT_READ | PROT_WRITE, 0);
	say("mm: heuristic again: the mapping refused before: %s", mapped(p));
	say("mm: done");
	if (getpid() == 1)
		reboot(RB_POWER_OFF);
	return 0;
}
