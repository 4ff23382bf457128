/*
 * Exceptions: the IDT, the dispatcher every vector enters through, and the oops report for a
 * fault the kernel cannot handle.
 *
 * Interrupt gate (8 bytes):
 *   63            48 47 46 45 44  40 39   32 31           16 15            0
 *  +----------------+--+-----+------+-------+---------------+---------------+
 *  | offset 31:16   |P | DPL |0 1110| 0     | selector      | offset 15:0   |
 *  +----------------+--+-----+------+-------+---------------+---------------+
 */
#include <kernel/irq.h>
#include <kernel/gdt.h>
#include <kernel/printk.h>
#include <kernel/ksyms.h>
#include <kernel/power.h>
#include <asm/segment.h>
#include <asm/x86.h>
#include <drivers/pic.h>
#include <mm/layout.h>
#include <mm/paging.h>
#include <mm/vmalloc.h>
#include <mm/memory.h>
#include <kernel/sched.h>
#include <kernel/signal.h>
#include <kernel/syscall.h>
#include <kernel/uaccess.h>
#include <kernel/vdso.h>

#define IDT_ENTRIES 256
#define GATE_INTERRUPT 0x8E /* present, DPL 0, 32-bit interrupt gate: IF cleared on entry */
#define GATE_TASK 0x85      /* present, DPL 0, task gate: switch to the TSS it names */
#define GATE_SYSCALL 0xEE   /* present, DPL 3 (user code may "int 0x80"), interrupt gate */
#define VECTOR_SYSCALL 0x80
#define VECTOR_DOUBLE_FAULT 8

extern char vector_stubs[];
extern u32 vector_stub_size;

static u64 idt[IDT_ENTRIES] __attribute__((aligned(8)));
static int oops_count;

static const char *const exception_names[32] = {
	"divide error", "debug", "nmi", "int3", "overflow", "bounds", "invalid opcode",
	"device not available", "double fault", "coprocessor segment overrun", "invalid TSS",
	"segment not present", "stack segment", "general protection fault", "page fault",
	"reserved 15", "coprocessor error", "alignment check", "machine check",
	"simd exception", "virtualization exception", "control protection",
};

/* Point vector v at handler with the given gate type. */
void set_idt_gate(unsigned v, unsigned long handler, u8 type)
{
	idt[v] = (handler & 0xFFFF) | ((u64)__KERNEL_CS << 16) | ((u64)type << 40) |
		 ((u64)(handler >> 16) << 48);
}

/*
 * Double faults go through a task gate to a TSS of their own, with their own stack. A kernel
 * stack overflow faults on the guard page below the stack; the CPU then cannot push the page
 * fault's frame on that same stack, which is a double fault. An interrupt gate would try the
 * same stack again (triple fault: reset); a task switch loads a good stack from
 * doublefault_tss and saves the broken state in the main TSS, where we can read it.
 */
static u8 doublefault_stack[2 * PAGE_SIZE] __attribute__((aligned(16)));
static struct tss doublefault_tss;

static void __noreturn doublefault_fn(void);

static void doublefault_init(void)
{
	doublefault_tss.eip = (u32)(unsigned long)doublefault_fn;
	doublefault_tss.esp = (u32)(unsigned long)(doublefault_stack + sizeof(doublefault_stack));
	doublefault_tss.eflags = 0x2;                   /* interrupts off */
	doublefault_tss.cs = __KERNEL_CS;
	doublefault_tss.ss = doublefault_tss.ds = doublefault_tss.es = __KERNEL_DS;
	doublefault_tss.cr3 = __pa(swapper_pg_dir);     /* the kernel half is the same everywhere */
	doublefault_tss.iomap_base = sizeof(doublefault_tss);
	gdt[GDT_ENTRY_DOUBLEFAULT_TSS] = make_desc((u32)(unsigned long)&doublefault_tss,
						   sizeof(doublefault_tss) - 1, DESC_TSS32, 0);
	idt[VECTOR_DOUBLE_FAULT] = ((u64)GDT_ENTRY_DF_TSS_SEL << 16) | ((u64)GATE_TASK << 40);
}

void trap_init(void)
{
	struct desc_ptr idtr = { sizeof(idt) - 1, (u32)(unsigned long)idt };

	gdt_init();
	for (unsigned v = 0; v < IDT_ENTRIES; v++)
		set_idt_gate(v, (unsigned long)vector_stubs + v * vector_stub_size, GATE_INTERRUPT);
	set_idt_gate(VECTOR_SYSCALL, (unsigned long)vector_stubs + VECTOR_SYSCALL * vector_stub_size,
		     GATE_SYSCALL);
	doublefault_init();
	lidt(&idtr);
	pic_init();
}

/* Say which area a faulting kernel address lies in, and whether it is a vmalloc guard page. */
static void explain_kernel_address(unsigned long address)
{
	struct vm_struct *area;
	char sym[96];

	if (address < PAGE_OFFSET)
		return;
	if (address < (unsigned long)high_memory) {
		printk(KERN_ALERT "#PF: %08lx is in the direct map\n", address);
		return;
	}
	if (address < VMALLOC_START || address >= VMALLOC_END)
		return;
	area = find_vm_area_containing(address);
	if (!area) {
		printk(KERN_ALERT "#PF: %08lx is in the vmalloc area, but in no allocation\n", address);
		return;
	}
	printk(KERN_ALERT "#PF: %08lx is %s vmalloc area 0x%08lx-0x%08lx (%lu pages, from %s)\n",
	       address, address >= area->addr + area->size - PAGE_SIZE ? "the guard page after" : "inside",
	       area->addr, area->addr + area->size - PAGE_SIZE, (unsigned long)area->nr_pages,
	       ksym_format(sym, sizeof(sym), (unsigned long)area->caller));
}

/* Decode a page-fault error code the way Linux does in its oops. */
static void show_fault_oops(const struct pt_regs *regs, unsigned long address)
{
	/*
	 * Page-fault error code:
	 *   bit 0 P: 0 not-present page, 1 protection violation
	 *   bit 1 W: 0 read, 1 write
	 *   bit 2 U: 0 kernel mode, 1 user mode
	 *   bit 3 RSVD: reserved bit set in a paging entry
	 *   bit 4 I: instruction fetch
	 */
	u32 e = regs->err;
	const u32 *pgd = __va(read_cr3() & PAGE_MASK);
	u32 pde = pgd[address >> PGDIR_SHIFT];

	printk(KERN_ALERT "BUG: unable to handle page fault for address: %08lx\n", address);
	printk(KERN_ALERT "#PF: %s %s in %s mode\n", (e & 4) ? "user" : "supervisor",
	       (e & 16) ? "instruction fetch" : (e & 2) ? "write access" : "read access",
	       user_mode(regs) ? "user" : "kernel");
	printk(KERN_ALERT "#PF: error_code(0x%04x) - %s\n", e,
	       (e & 8) ? "reserved bit violation" : (e & 1) ? "permissions violation" : "not-present page");
	printk(KERN_ALERT "*pde = %08x", pde);
	if ((pde & 1) && !(pde & 0x80) && kern_addr_valid((unsigned long)__va(pde & PAGE_MASK))) {
		const u32 *pt = __va(pde & PAGE_MASK);
		pr_cont(" *pte = %08x", pt[(address >> PAGE_SHIFT) & (PTRS_PER_PTE - 1)]);
	}
	pr_cont("\n");
	explain_kernel_address(address);
}

void show_regs(const struct pt_regs *regs)
{
	char sym[96];

	printk(KERN_EMERG "EIP: %s\n", ksym_format(sym, sizeof(sym), regs->eip));
	printk(KERN_EMERG "EAX: %08x EBX: %08x ECX: %08x EDX: %08x\n", regs->eax, regs->ebx,
	       regs->ecx, regs->edx);
	printk(KERN_EMERG "ESI: %08x EDI: %08x EBP: %08x ESP: %08x\n", regs->esi, regs->edi,
	       regs->ebp, kernel_stack_pointer(regs));
	printk(KERN_EMERG "DS: %04x ES: %04x FS: %04x GS: %04x SS: %04x EFLAGS: %08x\n",
	       regs->ds & 0xFFFF, regs->es & 0xFFFF, regs->fs & 0xFFFF, regs->gs & 0xFFFF,
	       user_mode(regs) ? regs->ss & 0xFFFF : __KERNEL_DS, regs->eflags);
	printk(KERN_EMERG "CR0: %08x CR2: %08x CR3: %08x CR4: %08x\n", read_cr0(), read_cr2(),
	       read_cr3(), read_cr4());
}

/* Is ebp a frame pointer we can follow: a mapped kernel address, 4-byte aligned? */
static bool frame_ok(unsigned long ebp)
{
	return !(ebp & 3) && kern_addr_valid(ebp) && kern_addr_valid(ebp + 7);
}

/*
 * Walk the chain of saved frame pointers (the kernel is built with -fno-omit-frame-pointer):
 * [ebp] is the caller's ebp and [ebp+4] the return address. A run of identical return
 * addresses (deep recursion) is printed once with a count.
 */
static void show_trace(unsigned long ebp)
{
	char sym[96];
	unsigned long last = 0, repeats = 0;

	printk(KERN_EMERG "Call Trace:\n");
	for (int depth = 0; depth < 256 && frame_ok(ebp); depth++) {
		const unsigned long *frame = (const unsigned long *)ebp;
		unsigned long ret = frame[1];
		if (!ret)
			break;
		if (ret == last) {
			repeats++;
		} else {
			if (repeats)
				printk(KERN_EMERG " ... the line above %lu more times\n", repeats);
			repeats = 0;
			last = ret;
			printk(KERN_EMERG " %s\n", ksym_format(sym, sizeof(sym), ret));
		}
		if (frame[0] == ebp)
			break;
		ebp = frame[0];
	}
	if (repeats)
		printk(KERN_EMERG " ... the line above %lu more times\n", repeats);
}

void dump_stack(void)
{
	show_trace(read_ebp());
}

/*
 * Entered by the CPU through the double-fault task gate, on doublefault_stack. The state at
 * the moment of the fault is in the main TSS (the CPU saved it there when switching tasks).
 */
static void __noreturn doublefault_fn(void)
{
	struct vm_struct *stack = find_vm_area_containing(ALIGN(read_cr2(), PAGE_SIZE));
	char sym[96];

	printk(KERN_EMERG "PANIC: double fault, error_code: 0x0\n");
	if (stack && read_cr2() < stack->addr && read_cr2() >= stack->addr - PAGE_SIZE)
		printk(KERN_EMERG "BUG: kernel stack overflow: esp %08x ran off the bottom of the stack "
		       "0x%08lx-0x%08lx into the guard page at %08lx\n", tss.esp, stack->addr,
		       stack->addr + stack->size - PAGE_SIZE, (unsigned long)(read_cr2() & PAGE_MASK));
	printk(KERN_EMERG "EIP: %s\n", ksym_format(sym, sizeof(sym), tss.eip));
	printk(KERN_EMERG "EAX: %08x EBX: %08x ECX: %08x EDX: %08x\n", tss.eax, tss.ebx, tss.ecx, tss.edx);
	printk(KERN_EMERG "ESI: %08x EDI: %08x EBP: %08x ESP: %08x\n", tss.esi, tss.edi, tss.ebp, tss.esp);
	printk(KERN_EMERG "CR2: %08x CR3: %08x (the fault that could not be delivered was at CR2)\n",
	       read_cr2(), read_cr3());
	show_trace(tss.ebp);
	panic("double fault");
}

/* Report a fatal kernel fault like Linux's oops, then panic. */
void die(const char *what, struct pt_regs *regs)
{
	cli();
	printk(KERN_EMERG "%s: %04x [#%d]\n", what, regs->err & 0xFFFF, ++oops_count);
	show_regs(regs);
	show_trace(regs->ebp);
	printk(KERN_EMERG "---[ end trace %016x ]---\n", 0);
	panic("Fatal exception");
}

void show_kernel_fault(struct pt_regs *regs, unsigned long address)
{
	show_fault_oops(regs, address);
	die("Oops", regs);
}

/* The signal a user-mode exception sends, as Linux chooses it. */
static int exception_signal(unsigned v)
{
	switch (v) {
	case 0: case 16: case 19: return SIGFPE;
	case 1: case 3: return SIGTRAP;
	case 6: return SIGILL;
	case 11: case 12: case 17: return SIGBUS;
	default: return SIGSEGV;
	}
}

extern char sysenter_entry[], sysenter_flags_fixed[];

/*
 * A single-step trap in sysenter_entry before it clears the flags: a user program made the
 * call with TF set (kernel/entry.asm). Nothing to do: the flag is cleared a few instructions on.
 */
static bool sysenter_single_step(const struct pt_regs *regs)
{
	return regs->trapno == 1 && regs->eip - (u32)sysenter_entry <= (u32)(sysenter_flags_fixed - sysenter_entry);
}

/*
 * A CPU exception. From user mode: its signal (the log line only when the program has no
 * handler for it, and never for a debug trap, which a debugger or a single-stepping program
 * expects, as on Linux). From the kernel: a fix-up if the instruction has one, else an oops.
 */
static void do_exception(struct pt_regs *regs)
{
	unsigned v = regs->trapno;
	const char *name = exception_names[v] ? exception_names[v] : "exception";
	int sig = exception_signal(v);

	if (user_mode(regs)) {
		if (v != 1 && unhandled_signal(current, sig))
			printk(KERN_INFO "traps: %s[%d] %s ip:%x sp:%x error:%x\n", current->comm,
			       current->pid, name, regs->eip, regs->esp, regs->err);
		force_sig(sig);
		return;
	}
	if (sysenter_single_step(regs) || fixup_exception(regs))
		return;
	die(name, regs);
}

/*
 * May user code load this data segment selector (ds, es, fs, gs)? Null, user data, and the TLS
 * entry while its descriptor is present and readable. Anything else would fault on the pop in
 * ret_from_trap, in kernel mode.
 *
 *   selector: 15            3  2  1 0
 *            +---------------+----+----+
 *            | GDT index     | TI | RPL|
 *            +---------------+----+----+
 */
static bool user_data_selector_ok(u32 sel)
{
	u32 hi = current->tls_desc[1];              /* access byte in bits 8..15 */

	sel &= 0xffff;
	if (sel == 0 || sel == __USER_DS)
		return true;
	if (sel != ((GDT_ENTRY_TLS_MIN << 3) | 3) || current->tls_entry != GDT_ENTRY_TLS_MIN)
		return false;
	if (!(hi & (1u << 15)))
		return false;                       /* not present */
	return !(hi & (1u << 11)) || (hi & (1u << 9));  /* data, or readable code */
}

/*
 * May user code have this selector in ss? The user data segment, or the thread's TLS slot while
 * it holds a writable data segment (a program may load it, as on Linux).
 */
static bool user_stack_selector_ok(u32 sel)
{
	u32 hi = current->tls_desc[1];

	if ((sel & 0xffff) == __USER_DS)
		return true;
	return (sel & 0xffff) && user_data_selector_ok(sel) && !(hi & (1u << 11)) && (hi & (1u << 9));
}

/*
 * Are cs, ss and eflags user mode's: user selectors, IF on, no IOPL or VM? (eip: the caller's.)
 * NT, AC and TF are the program's own to set (popf) and come back as they were.
 */
static inline bool user_frame_ok(const struct pt_regs *regs)
{
	const u32 bad_flags = X86_EFLAGS_IOPL | X86_EFLAGS_VM;

	return (regs->cs & 0xffff) == __USER_CS && user_stack_selector_ok(regs->ss) &&
	       !(regs->eflags & bad_flags) && (regs->eflags & X86_EFLAGS_IF);
}

/*
 * The last check before iret to user mode: the frame must say user code (cs), user stack (ss),
 * a user-space eip, and flags user code may have (no IOPL or VM86). Nothing a user program
 * does can break this: the system calls that write the frame (execve, sigreturn, fork, clone)
 * check what they write. So a violation is a kernel bug: an oops that names the last system call,
 * and the task is killed instead of returning to ring 0 with its registers. A data selector that
 * no longer loads (TLS entry cleared) is replaced by null, as Linux's fault fix-up does.
 */
static void check_user_frame(struct pt_regs *regs)
{
	u32 *segs[] = { &regs->ds, &regs->es, &regs->fs, &regs->gs };

	current->frame_check = false;

	for (unsigned i = 0; i < ARRAY_SIZE(segs); i++)
		if (!user_data_selector_ok(*segs[i]))
			*segs[i] = 0;
	if (regs->eip < TASK_SIZE && user_frame_ok(regs))
		return;
	printk(KERN_EMERG "BUG: %s[%d]: return to user mode with a frame that is not user mode's, "
	       "after system call %u (%s)\n", current->comm, current->pid, current->syscall_nr,
	       syscall_name(current->syscall_nr));
	printk(KERN_EMERG "BUG: cs=%04x ss=%04x eip=%08x eflags=%08x; want cs=%04x ss=%04x, "
	       "eip below %08lx, IF set, IOPL/VM clear\n", regs->cs & 0xffff, regs->ss & 0xffff,
	       regs->eip, regs->eflags, __USER_CS, __USER_DS, (unsigned long)TASK_SIZE);
	printk(KERN_EMERG "Oops: bad user frame [#%d]\n", ++oops_count);
	show_regs(regs);
	dump_stack();
	printk(KERN_EMERG "---[ end trace ]--- killing %s[%d] with SIGSEGV; the kernel goes on\n",
	       current->comm, current->pid);
	do_exit(SIGSEGV);
}

/*
 * Before returning to user mode: switch tasks if the timeslice is over, act on signals, then
 * check the frame iret will restore. Also the first thing a new task does (ret_from_fork).
 */
asmlinkage void exit_to_user_mode(struct pt_regs *regs)
{
	cli();
	if (!exit_work_pending(current)) {
		/* an exception or interrupt: the frame is the CPU's own, untouched; a call that
		 * rewrote its frame said so (frame_check, above); the int 0x80 way out checks a
		 * system call's frame all the same, as it always has */
		if (regs->trapno == VECTOR_SYSCALL)
			check_user_frame(regs);
		return;
	}
	if (current->need_resched)
		schedule();
	if (signal_pending(current) || current->restore_sigmask)
		do_signal(regs);
	/* signals still pending (blocked, or more than one) keep this way out; with interrupts
	 * off, so one sent now cannot be missed (its sender sets the flag after this) */
	cli();
	current->signal_work = signals_pending(current) != 0;
	check_user_frame(regs);
}

/*
 * Entry from kernel/entry.asm for every vector, with interrupts off. Whether the trap came from
 * user mode is read before the handler runs: a handler may rewrite the frame (sigreturn, execve),
 * and what it writes is checked, not trusted.
 */
asmlinkage void do_trap(struct pt_regs *regs)
{
	bool from_user = user_mode(regs);

	if (regs->trapno == 14)
		do_page_fault(regs, read_cr2());       /* CR2: the address that faulted */
	else if (regs->trapno == VECTOR_SYSCALL)
		do_syscall(regs);
	else if (regs->trapno < 32)
		do_exception(regs);
	else if (regs->trapno < IRQ_BASE + NR_IRQS)
		do_irq(regs);
	else
		pr_warn("unexpected interrupt vector %u, ignored\n", regs->trapno);
	if (!from_user)
		return;
	cli();
	/* nothing to do is the common case (a fault, an interrupt), tested here without a call */
	if (exit_work_pending(current) || regs->trapno == VECTOR_SYSCALL)
		exit_to_user_mode(regs);
}
