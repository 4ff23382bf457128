/*
 * When neighbouring areas merge into one and when Linux 6.1 keeps them apart, counted in
 * /proc/self/maps: fresh mappings next to each other, MAP_NORESERVE, memory made read-only after
 * being writable next to memory that never was, mprotect there and back, and in a forked child
 * next to areas whose pages it shares with its parent. Run as init.
 */
#define _GNU_SOURCE
#include "check.h"
#include <sys/mman.h>
#include <sys/mount.h>
#include <sys/stat.h>

#define P 4096

/* How many areas of /proc/self/maps lie within [a, a + len). */
static int areas_in(char *a, size_t len)
{
	static char buf[16384];
	unsigned long lo = (unsigned long)a, hi = lo + len, s, e;
	int n = 0;

	if (slurp("/proc/self/maps", buf, sizeof(buf)) < 0)
		return -1;
	for (char *line = buf; *line; line = strchr(line, '\n') ? strchr(line, '\n') + 1 : "")
		if (sscanf(line, "%lx-%lx", &s, &e) == 2 && s >= lo && e <= hi)
			n++;
	return n;
}

/* A hole of n pages: reserved, then given back, so the next MAP_FIXED calls own it. */
static char *hole(int n)
{
	char *p = mmap(NULL, (size_t)n * P, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	munmap(p, (size_t)n * P);
	return p;
}

static char *map(char *at, int pages, int prot, int extra)
{
	return mmap(at, (size_t)pages * P, prot, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED | extra, -1, 0);
}

static void touch(char *p, int pages)
{
	for (int i = 0; i < pages; i++)
		p[i * P] = 1;
}

static void fresh(void)
{
	char *h = hole(4);

	map(h, 2, PROT_READ | PROT_WRITE, 0);
	map(h + 2 * P, 2, PROT_READ | PROT_WRITE, 0);
	say("mm: two fresh writable mappings side by side: %d area(s)", areas_in(h, 4 * P));
	munmap(h, 4 * P);
	h = hole(4);
	map(h, 2, PROT_READ | PROT_WRITE, 0);
	touch(h, 2);
	map(h + 2 * P, 2, PROT_READ | PROT_WRITE, 0);
	say("mm: a fresh one next to a touched one: %d area(s)", areas_in(h, 4 * P));
	touch(h + 2 * P, 2);
	say("mm: ... after touching both: %d area(s)", areas_in(h, 4 * P));
	munmap(h, 4 * P);
	h = hole(4);
	map(h, 2, PROT_READ | PROT_WRITE, 0);
	map(h + 2 * P, 2, PROT_READ | PROT_WRITE, MAP_NORESERVE);
	say("mm: a MAP_NORESERVE mapping next to an ordinary one: %d area(s)", areas_in(h, 4 * P));
	munmap(h, 4 * P);
	h = hole(4);
	map(h, 2, PROT_READ, 0);
	map(h + 2 * P, 2, PROT_READ | PROT_WRITE, 0);
	mprotect(h + 2 * P, 2 * P, PROT_READ);
	say("mm: read-only from the start next to made read-only: %d area(s)", areas_in(h, 4 * P));
	munmap(h, 4 * P);
	h = hole(4);
	map(h, 4, PROT_READ | PROT_WRITE, 0);
	touch(h, 4);
	mprotect(h + P, P, PROT_READ);
	say("mm: mprotect of a page in the middle: %d area(s)", areas_in(h, 4 * P));
	mprotect(h + P, P, PROT_READ | PROT_WRITE);
	say("mm: ... and back: %d area(s)", areas_in(h, 4 * P));
	munmap(h, 4 * P);
	h = hole(4);
	map(h, 2, PROT_READ, 0);
	map(h + 2 * P, 2, PROT_READ, 0);
	say("mm: two read-only mappings: %d area(s)", areas_in(h, 4 * P));
	mprotect(h, 4 * P, PROT_READ | PROT_WRITE);
	say("mm: both made writable at once: %d area(s)", areas_in(h, 4 * P));
	munmap(h, 4 * P);
}

static char *parent_area;

static void in_child(void *arg)
{
	char *h = arg;

	say("mm: child: the inherited area: %d area(s)", areas_in(h, 4 * P));
	map(h + 2 * P, 2, PROT_READ | PROT_WRITE, 0);
	say("mm: child: a fresh mapping next to the inherited touched one: %d area(s)", areas_in(h, 4 * P));
	touch(h + 2 * P, 2);
	say("mm: child: ... after touching it: %d area(s)", areas_in(h, 4 * P));
	mprotect(h, P, PROT_READ);
	mprotect(h, P, PROT_READ | PROT_WRITE);
	say("mm: child: mprotect of an inherited page and back: %d area(s)", areas_in(h, 4 * P));
	map(parent_area + 2 * P, 2, PROT_READ | PROT_WRITE, 0);
	say("mm: child: a fresh mapping next to an inherited untouched one: %d area(s)", areas_in(parent_area, 4 * P));
}

static void forked(void)
{
	char *h = hole(4);

	map(h, 2, PROT_READ | PROT_WRITE, 0);
	touch(h, 2);
	parent_area = hole(4);
	map(parent_area, 2, PROT_READ | PROT_WRITE, 0);
	fate(in_child, h);
	map(h + 2 * P, 2, PROT_READ | PROT_WRITE, 0);
	say("mm: parent: the same fresh mapping next to its own touched area: %d area(s)", areas_in(h, 4 * P));
	say("mm: parent: its pages are its own again after the child: %s", yes(h[0] == 1));
}

int main(int argc, char **argv)
{
	static const struct check_case cases[] = { { "fresh", fresh }, { "forked", forked } };

	mkdir("/proc", 0555);
	mount("proc", "/proc", "proc", 0, NULL);
	return run_cases(cases, sizeof(cases) / sizeof(cases[0]), argc, argv);
}
