/*
 * The OOM killer (内存溢出杀手): when reclaim cannot free a page, a process is killed so that the
 * others can go on. Which one is Linux's badness: the memory its death would give back (its
 * resident pages, its swap entries and its page tables), moved by oom_score_adj (-1000 .. 1000,
 * in thousandths of all memory; -1000 means never). init and kernel threads are never chosen.
 * The victim gets SIGKILL; the task that needed memory waits until it is gone and tries again.
 */
#include <mm/swap.h>
#include <mm/memory.h>
#include <mm/mmzone.h>
#include <mm/gfp.h>
#include <kernel/sched.h>
#include <kernel/signal.h>
#include <kernel/printk.h>
#include <kernel/time.h>
#include <asm/x86.h>

#define OOM_SCORE_ADJ_MIN (-1000)
#define OOM_BADNESS_NONE (-0x7fffffffl - 1)      /* LONG_MIN: never to be chosen */

static int oom_victim_pid;                       /* killed and not yet gone */
static int oom_wait_chan;

unsigned long mm_pgtables_pages(const struct mm_struct *mm)
{
	unsigned long n = 0;

	for (unsigned i = 0; i < KERNEL_PGD_INDEX; i++)
		n += (mm->pgd[i] & _PAGE_PRESENT) != 0;
	return n;
}

static long oom_badness(struct task_struct *t, unsigned long totalpages)
{
	struct mm_struct *mm = t->mm;
	long points;

	if (!mm || t->pid == 1 || t->kthread_fn || t->state == TASK_ZOMBIE ||
	    t->oom_score_adj == OOM_SCORE_ADJ_MIN)
		return OOM_BADNESS_NONE;
	points = (long)(mm->rss + mm->swap_ents + mm_pgtables_pages(mm));
	points += (long)t->oom_score_adj * (long)(totalpages / 1000);
	return points;
}

static unsigned long oom_totalpages(void)
{
	return totalram_pages() + total_swap_pages;
}

long oom_score(struct task_struct *t)
{
	unsigned long total = oom_totalpages();
	long badness = oom_badness(t, total);

	if (badness == OOM_BADNESS_NONE)
		return 0;
	return (1000 + badness * 1000 / (long)total) * 2 / 3;  /* Linux's 0..2000 scale */
}

struct oom_choice {
	unsigned long totalpages;
	struct task_struct *chosen;
	long points;
};

static void oom_evaluate_task(struct task_struct *t, void *arg)
{
	struct oom_choice *c = arg;
	long points;

	if (t != t->group_leader)
		return;                              /* a process once: its threads share its memory */
	points = oom_badness(t, c->totalpages);

	if (points == OOM_BADNESS_NONE || points < c->points)
		return;
	c->chosen = t;                               /* ties: the later one, as Linux */
	c->points = points;
}

static void dump_task(struct task_struct *t, void *arg)
{
	struct mm_struct *mm = t->mm;

	(void)arg;
	if (!mm || t->kthread_fn || t->state == TASK_ZOMBIE || t != t->group_leader)
		return;
	pr_info("[%7d] %5d %5d %8lu %8lu %8lu %8lu         %5d %s\n", t->pid, 0, t->tgid, mm->total_vm,
		mm->rss, mm_pgtables_pages(mm) * PAGE_SIZE, mm->swap_ents, t->oom_score_adj, t->comm);
}

static bool victim_alive(void)
{
	struct task_struct *t = oom_victim_pid ? find_task_by_pid(oom_victim_pid) : NULL;

	return t && t->state != TASK_ZOMBIE && t->mm;
}

/* Sleep up to ticks, or until the victim is gone. */
static void wait_for_victim(u32 ticks)
{
	u32 until = jiffies + ticks;

	while (victim_alive() && (s32)(until - jiffies) > 0 && !fatal_signal_pending(current)) {
		u32 flags = local_irq_save();
		current->wake_jiffies = jiffies + 1;
		sleep_on(&oom_wait_chan);
		local_irq_restore(flags);
	}
}

bool out_of_memory(void)
{
	struct oom_choice c = { oom_totalpages(), NULL, OOM_BADNESS_NONE };
	struct task_struct *victim;
	struct mm_struct *mm;

	if (victim_alive()) {                        /* one is dying already: let it finish */
		wait_for_victim(HZ);
		return !fatal_signal_pending(current);
	}
	if (fatal_signal_pending(current))
		return false;
	for_each_task(oom_evaluate_task, &c);
	victim = c.chosen;
	pr_warn("%s invoked oom-killer: gfp_mask=0x%x(GFP_HIGHUSER), order=0, oom_score_adj=%d\n",
		current->comm, GFP_HIGHUSER, current->oom_score_adj);
	pr_info("Mem-Info: free:%lu swap free:%lu of %lu, active_anon:%lu inactive_anon:%lu active_file:%lu inactive_file:%lu\n",
		nr_free_pages(), nr_swap_pages, total_swap_pages, global_lru_pages(LRU_ACTIVE_ANON),
		global_lru_pages(LRU_INACTIVE_ANON), global_lru_pages(LRU_ACTIVE_FILE),
		global_lru_pages(LRU_INACTIVE_FILE));
	pr_info("Tasks state (memory values in pages):\n");
	pr_info("[  pid  ]   uid  tgid total_vm      rss pgtables_bytes swapents oom_score_adj name\n");
	for_each_task(dump_task, NULL);
	if (!victim) {
		pr_err("Out of memory and no killable processes...\n");
		return false;
	}
	mm = victim->mm;
	pr_info("oom-kill:constraint=CONSTRAINT_NONE,nodemask=(null),cpuset=/,mems_allowed=0,global_oom,task_memcg=/,task=%s,pid=%d,uid=0\n",
		victim->comm, victim->pid);
	pr_err("Out of memory: Killed process %d (%s) total-vm:%lukB, anon-rss:%lukB, file-rss:%lukB, shmem-rss:%lukB, UID:0 pgtables:%lukB oom_score_adj:%d\n",
	       victim->pid, victim->comm, mm->total_vm * (PAGE_SIZE >> 10), mm->rss_anon * (PAGE_SIZE >> 10),
	       mm->rss_file * (PAGE_SIZE >> 10), mm->rss_shmem * (PAGE_SIZE >> 10),
	       mm_pgtables_pages(mm) * (PAGE_SIZE >> 10), victim->oom_score_adj);
	nr_oom_kill++;
	oom_victim_pid = victim->pid;
	send_sig_kernel(SIGKILL, victim);
	if (victim == current)
		return false;
	wait_for_victim(5 * HZ);
	if (!victim_alive())
		pr_info("oom: process %d is gone; %lu kB free now\n", oom_victim_pid,
			nr_free_pages() * (PAGE_SIZE >> 10));
	return !fatal_signal_pending(current);
}
