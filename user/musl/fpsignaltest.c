/*
 * The FPU across a signal handler. The interrupted code's x87 and SSE registers and control
 * words come back as they were, whatever the handler does; the handler starts with a clean FPU;
 * and an SA_SIGINFO handler finds the saved state where uc_mcontext.fpstate points, in Linux's
 * layout (struct _fpstate_32: the fsave header, magic 0 for "fxsave image follows", the image
 * at byte 112). Signals are sent with int 0x80 from inline assembly, so that nothing between
 * loading a register and reading it back uses the FPU.
 */
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <ucontext.h>
#include <unistd.h>
#include <sys/syscall.h>

static volatile unsigned short handler_cw;
static volatile unsigned handler_mxcsr, saved_mxcsr, saved_magic, fpstate_set;
static volatile double sink;

static void use_the_fpu(void)
{
	double x = 1.0;

	for (int i = 0; i < 10; i++)
		x = x * 3.7 + 1.1;
	sink = x;
	__asm__ volatile("fldpi; fldpi; fldpi; fldpi; fldpi; fldpi; fldpi; fldpi; "
			 "pcmpeqd %%xmm0, %%xmm0; ldmxcsr %0" : : "m"((unsigned){0x7f80}) : "memory");
}

static void plain_handler(int sig)
{
	unsigned short cw;
	unsigned mx;

	(void)sig;
	__asm__ volatile("fnstcw %0; stmxcsr %1" : "=m"(cw), "=m"(mx));
	handler_cw = cw;
	handler_mxcsr = mx;
	use_the_fpu();
}

static void info_handler(int sig, siginfo_t *si, void *ucp)
{
	const unsigned char *fp = (const unsigned char *)((ucontext_t *)ucp)->uc_mcontext.fpregs;

	(void)sig;
	(void)si;
	fpstate_set = fp != NULL;
	if (fp) {
		saved_magic = *(const unsigned short *)(fp + 110);
		memcpy((void *)&saved_mxcsr, fp + 112 + 24, 4);
	}
	use_the_fpu();
}

/* Load st0 and xmm0, set the x87 control word and MXCSR, send sig to ourselves, read them back
 * (all in globals: the assembly needs no register for an address). */
#define USED __attribute__((used))
static USED double st0_in = 2.5, st0_out;
static USED unsigned xmm_in[4] __attribute__((aligned(16))) = { 0x11111111, 0x22222222, 0x33333333, 0x44444444 };
static USED unsigned xmm_out[4] __attribute__((aligned(16)));
static USED unsigned short cw_in = 0x27f, cw_out;   /* double precision, exceptions masked */
static USED unsigned mx_in = 0x3f80, mx_out;         /* round down, exceptions masked */
static USED int sig_to_send;

static void across(int sig)
{
	sig_to_send = sig;
	__asm__ volatile("fldcw cw_in\n\tldmxcsr mx_in\n\tmovaps xmm_in, %%xmm0\n\tfldl st0_in\n\t"
			 "movl $20, %%eax\n\tint $0x80\n\t"          /* getpid */
			 "movl %%eax, %%ebx\n\tmovl sig_to_send, %%ecx\n\tmovl $37, %%eax\n\tint $0x80\n\t"
			 "fstpl st0_out\n\tmovaps %%xmm0, xmm_out\n\tfnstcw cw_out\n\tstmxcsr mx_out"
			 : : : "eax", "ebx", "ecx", "edx", "memory");
}

int main(void)
{
	struct sigaction sa;

	signal(SIGUSR1, plain_handler);
	memset(&sa, 0, sizeof(sa));
	sa.sa_sigaction = info_handler;
	sa.sa_flags = SA_SIGINFO;
	sigaction(SIGUSR2, &sa, NULL);

	across(SIGUSR1);
	printf("fpsignal: across a handler: st0 %s, xmm0 %s, control word %#x, MXCSR %#x\n",
	       st0_out == 2.5 ? "kept" : "lost", xmm_out[2] == 0x33333333 ? "kept" : "lost", cw_out, mx_out);
	printf("fpsignal: the handler started with control word %#x, MXCSR %#x\n", handler_cw, handler_mxcsr);
	memset(xmm_out, 0, sizeof(xmm_out));
	st0_out = 0;
	across(SIGUSR2);
	printf("fpsignal: across an SA_SIGINFO handler: st0 %s, xmm0 %s, control word %#x, MXCSR %#x\n",
	       st0_out == 2.5 ? "kept" : "lost", xmm_out[2] == 0x33333333 ? "kept" : "lost", cw_out, mx_out);
	printf("fpsignal: uc_mcontext.fpstate set: %s, magic %#x, MXCSR saved there %#x\n",
	       fpstate_set ? "yes" : "no", saved_magic, saved_mxcsr);
	return 0;
}
