/*
 * tasks: the same two flows of work run three ways — as two processes, as two threads of one
 * process, and as two coroutines of one thread — and what each way costs.
 *
 * For each way it prints whether a store by one flow is seen by the other (one address space
 * or two), what one switch from one flow to the other costs in CPU instructions (rdtsc, which
 * under QEMU's -icount counts one per instruction, as make test and make run ICOUNT=1 run it),
 * and what the kernel's TLB counters saw (/proc/vmstat): a switch between processes loads
 * another page directory into CR3, which flushes every non-global TLB entry; a switch between
 * threads keeps CR3; a coroutine switch never enters the kernel at all.
 *
 *   tasks [ROUNDS]     ROUNDS switches back and forth (default 1000)
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <thread.h>
#include <unistd.h>

static unsigned long long rdtsc(void)
{
	unsigned lo, hi;

	__asm__ volatile("rdtsc" : "=a"(lo), "=d"(hi));
	return ((unsigned long long)hi << 32) | lo;
}

/* A line of /proc/vmstat, or 0. */
static unsigned long vmstat(const char *name)
{
	static char buf[8192];
	int fd = open("/proc/vmstat", O_RDONLY), n;
	size_t len = strlen(name);

	if (fd < 0)
		return 0;
	n = (int)read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n <= 0)
		return 0;
	buf[n] = '\0';
	for (char *p = buf; p && *p; p = strchr(p, '\n'), p = p ? p + 1 : NULL)
		if (!strncmp(p, name, len) && p[len] == ' ') {
			unsigned long v = 0;
			for (p += len + 1; *p >= '0' && *p <= '9'; p++)
				v = v * 10 + (unsigned long)(*p - '0');
			return v;
		}
	return 0;
}

struct result {
	const char *way;
	int sees_store;
	unsigned long long per_switch;     /* instructions */
	unsigned long cr3_loads, cr3_kept, switches;
};

static int rounds = 1000;
static volatile int shared_value;      /* the store one flow makes and the other looks for */

static void measure_start(struct result *r, unsigned long long *t0)
{
	r->cr3_loads = vmstat("nr_switch_cr3_loads");
	r->cr3_kept = vmstat("nr_switch_cr3_kept");
	*t0 = rdtsc();
}

static void measure_end(struct result *r, unsigned long long t0, unsigned long switches)
{
	unsigned long long t1 = rdtsc();

	r->per_switch = (unsigned long)(t1 - t0) / switches;   /* under 2^32: a few seconds of work */
	r->cr3_loads = vmstat("nr_switch_cr3_loads") - r->cr3_loads;
	r->cr3_kept = vmstat("nr_switch_cr3_kept") - r->cr3_kept;
	r->switches = switches;
}

/* ---------------------------------------------------------------- two processes */

static void run_processes(struct result *r)
{
	unsigned long long t0;
	int status;
	pid_t pid;

	r->way = "processes";
	shared_value = 0;
	pid = fork();
	if (pid == 0) {
		shared_value = 1;                /* in the child's copy only */
		for (int i = 0; i < rounds; i++)
			sched_yield();           /* each yield hands the CPU to the other flow */
		_exit(0);
	}
	measure_start(r, &t0);
	for (int i = 0; i < rounds; i++)
		sched_yield();
	measure_end(r, t0, 2ul * (unsigned long)rounds);
	waitpid(pid, &status, 0);
	r->sees_store = shared_value == 1;
}

/* ---------------------------------------------------------------- two threads */

static int yield_thread(void *arg)
{
	(void)arg;
	shared_value = 1;                        /* the same memory as main's */
	for (int i = 0; i < rounds; i++)
		sched_yield();
	return 0;
}

static void run_threads(struct result *r)
{
	struct thread t;
	unsigned long long t0;

	r->way = "threads";
	shared_value = 0;
	if (thread_create(&t, yield_thread, NULL)) {
		printf("tasks: cannot create a thread\n");
		return;
	}
	measure_start(r, &t0);
	for (int i = 0; i < rounds; i++)
		sched_yield();
	measure_end(r, t0, 2ul * (unsigned long)rounds);
	thread_join(&t);
	r->sees_store = shared_value == 1;
}

/* ---------------------------------------------------------------- two coroutines */

static void *main_sp, *co_sp;

static void coroutine(void *arg)
{
	(void)arg;
	shared_value = 1;
	for (;;)
		ctx_switch(&co_sp, main_sp);     /* back to main, every time it switches here */
}

static void run_coroutines(struct result *r)
{
	static char stack[16384];
	unsigned long long t0;

	r->way = "coroutines";
	shared_value = 0;
	co_sp = ctx_prepare(stack, sizeof(stack), coroutine, NULL);
	measure_start(r, &t0);
	for (int i = 0; i < rounds; i++)
		ctx_switch(&main_sp, co_sp);     /* to the coroutine and (its switch) back */
	measure_end(r, t0, 2ul * (unsigned long)rounds);
	r->sees_store = shared_value == 1;
}

int main(int argc, char **argv)
{
	struct result res[3];

	if (argc > 1)
		rounds = atoi(argv[1]);
	if (rounds < 1)
		rounds = 1000;
	memset(res, 0, sizeof(res));
	run_processes(&res[0]);
	run_threads(&res[1]);
	run_coroutines(&res[2]);
	printf("%d switches back and forth between two flows of work, three ways:\n\n", 2 * rounds);
	printf("                           %-12s %-12s %-12s\n", res[0].way, res[1].way, res[2].way);
	printf("a store seen by the other  %-12s %-12s %-12s\n", res[0].sees_store ? "yes" : "no",
	       res[1].sees_store ? "yes" : "no", res[2].sees_store ? "yes" : "no");
	printf("instructions per switch    %-12llu %-12llu %-12llu\n", res[0].per_switch, res[1].per_switch,
	       res[2].per_switch);
	printf("CR3 loads (TLB flushed)    %-12lu %-12lu %-12lu\n", res[0].cr3_loads, res[1].cr3_loads,
	       res[2].cr3_loads);
	printf("switches that kept CR3     %-12lu %-12lu %-12lu\n", res[0].cr3_kept, res[1].cr3_kept,
	       res[2].cr3_kept);
	printf("\nprocesses: two address spaces, so every switch loads CR3 and the TLB starts cold;\n"
	       "threads: one address space, the kernel switches stacks and registers only;\n"
	       "coroutines: no kernel at all, a few instructions to swap stack pointers.\n"
	       "(Instructions do not show what a cold TLB costs: QEMU refills it for free, while a\n"
	       "real CPU walks the page tables again after each CR3 load.)\n");
	return 0;
}
