/*
 * The console as a terminal: fds 0, 1 and 2 of the first process. Output goes to every console
 * (serial and VGA). Input arrives from the serial port and the keyboard, one character at a
 * time in interrupt context, and is edited here: echo, backspace, Ctrl-D for end of file,
 * Ctrl-C for SIGINT.
 * read() gets whole lines (canonical mode, as a Linux terminal by default).
 */
#include <drivers/tty.h>
#include <drivers/console.h>
#include <drivers/pic.h>
#include <fs/fs.h>
#include <kernel/irq.h>
#include <kernel/sched.h>
#include <kernel/signal.h>
#include <kernel/uaccess.h>
#include <linux/errno.h>
#include <kernel/printk.h>
#include <kernel/string.h>
#include <mm/slab.h>
#include <asm/x86.h>

#define LINE_MAX 256
#define READY_SIZE 1024
#define TCGETS 0x5401
#define TCSETS 0x5402
#define TCSETSW 0x5403
#define TCSETSF 0x5404
#define TIOCGWINSZ 0x5413
#define CTRL_C 3
#define CTRL_D 4
#define CTRL_Z 26
#define CTRL_BACKSLASH 28
#define TIOCSCTTY 0x540E
#define TIOCGPGRP 0x540F
#define TIOCSPGRP 0x5410
#define TIOCNOTTY 0x5422
#define TIOCGSID 0x5429

static char line[LINE_MAX];         /* the line being typed */
static unsigned line_len;
static char ready[READY_SIZE];      /* finished lines waiting for read() */
static unsigned ready_head, ready_tail;
static unsigned eof_pending;        /* Ctrl-D on an empty line: one read returns 0 */

static void echo(const char *s, size_t n)
{
	console_write(s, n);
}

static void push_ready(char c)
{
	if ((ready_head + 1) % READY_SIZE != ready_tail) {
		ready[ready_head] = c;
		ready_head = (ready_head + 1) % READY_SIZE;
	}
}

/*
 * Job control: the session whose controlling terminal this is, and its foreground process
 * group, which gets the keyboard's signals (Ctrl-C SIGINT, Ctrl-Z SIGTSTP, Ctrl-\ SIGQUIT).
 * With no foreground group (no shell has taken the terminal: the console is never one by
 * opening it, as on Linux), Ctrl-C goes to every process but init.
 */
static int tty_sid, tty_pgrp;

struct tty_signal {
	int sig;
};

static void signal_task(struct task_struct *t, void *arg)
{
	struct tty_signal *s = arg;

	if (t->pid > 1 && t == t->group_leader && (!tty_pgrp || t->pgid == tty_pgrp))
		send_sig(s->sig, t);
}

static void signal_foreground(int sig)
{
	struct tty_signal s = { sig };

	for_each_task(signal_task, &s);
}

/* One input character, from an interrupt handler. */
void tty_receive(char c)
{
	if (c == CTRL_C || c == CTRL_Z || c == CTRL_BACKSLASH) {
		echo(c == CTRL_C ? "^C\n" : c == CTRL_Z ? "^Z\n" : "^\\\n", 3);
		line_len = 0;
		if (c == CTRL_C || tty_pgrp)             /* Ctrl-Z and Ctrl-\ only to a foreground group */
			signal_foreground(c == CTRL_C ? SIGINT : c == CTRL_Z ? SIGTSTP : SIGQUIT);
		return;
	}
	if (c == '\r')
		c = '\n';
	if (c == 0x7f || c == '\b') {
		if (line_len) {
			line_len--;
			echo("\b \b", 3);
		}
		return;
	}
	if (c == CTRL_D) {
		if (line_len == 0)
			eof_pending++;
		for (unsigned i = 0; i < line_len; i++)
			push_ready(line[i]);
		line_len = 0;
		wake_up(&ready);
		wake_up_poll();
		return;
	}
	if (c != '\n' && (c < ' ' || line_len >= LINE_MAX - 1))
		return;                          /* other control characters, or the line is full */
	echo(&c, 1);
	line[line_len++] = c;
	if (c == '\n') {
		for (unsigned i = 0; i < line_len; i++)
			push_ready(line[i]);
		line_len = 0;
		wake_up(&ready);
		wake_up_poll();
	}
}

/*
 * A read from the controlling terminal by a background process group: SIGTTIN to the group
 * (which stops it), or EIO when it ignores or blocks SIGTTIN or is orphaned, as on Linux.
 */
static int background_read(void)
{
	if (!current->ctty || !tty_pgrp || current->pgid == tty_pgrp)
		return 0;
	if (current->sighand->action[SIGTTIN - 1].handler == SIG_IGN || (current->sigmask & sigbit(SIGTTIN)))
		return -EIO;
	kill_pgrp(current->pgid, SIGTTIN);
	return -EINTR;
}

static ssize_t tty_read(struct file *f, char *ubuf, size_t n, u64 *pos)
{
	int bg = background_read();

	if (bg)
		return bg;
	char buf[LINE_MAX];
	size_t got = 0;
	u32 flags = local_irq_save();

	while (ready_head == ready_tail && !eof_pending) {
		if (f->f_flags & O_NONBLOCK) {
			local_irq_restore(flags);
			return -EAGAIN;              /* no complete line yet */
		}
		if (signal_pending(current)) {
			local_irq_restore(flags);
			return -EINTR;
		}
		sleep_on(&ready);
	}
	if (ready_head == ready_tail) {
		eof_pending--;                   /* Ctrl-D on an empty line: end of file */
		local_irq_restore(flags);
		return 0;
	}
	while (got < n && got < sizeof(buf) && ready_tail != ready_head) {
		char c = ready[ready_tail];
		ready_tail = (ready_tail + 1) % READY_SIZE;
		buf[got++] = c;
		if (c == '\n')
			break;                   /* one line per read */
	}
	local_irq_restore(flags);
	return copy_to_user(ubuf, buf, got) ? -EFAULT : (ssize_t)got;
}

static ssize_t tty_write(struct file *f, const char *ubuf, size_t n, u64 *pos)
{
	char buf[256];
	size_t done = 0;

	(void)f;
	while (done < n) {
		size_t chunk = min(n - done, sizeof(buf));
		if (copy_from_user(buf, ubuf + done, chunk))
			return done ? (ssize_t)done : -EFAULT;
		console_write(buf, chunk);
		done += chunk;
	}
	return (ssize_t)done;
}

struct winsize {
	u16 ws_row, ws_col, ws_xpixel, ws_ypixel;
};

/* Linux's struct termios (i386 ioctl form): the modes of a terminal. */
struct termios {
	u32 c_iflag, c_oflag, c_cflag, c_lflag;
	u8 c_line;
	u8 c_cc[19];
};

static long tty_ioctl(struct file *f, unsigned cmd, unsigned long arg)
{
	static const struct winsize ws = { 25, 80, 0, 0 };
	/* what a Linux console starts with: ICRNL IXON; OPOST ONLCR; B38400 CS8 CREAD HUPCL;
	 * ISIG ICANON ECHO ECHOE ECHOK ECHOCTL ECHOKE IEXTEN; ^C ^\ DEL ^U ^D ... */
	static const struct termios tios = {
		0x0500, 0x0005, 0x00bf, 0x8a3b, 0,
		{ 3, 28, 127, 21, 4, 0, 1, 0, 17, 19, 26, 0, 18, 15, 23, 22, 0, 0, 0 },
	};

	(void)f;
	switch (cmd) {
	case TIOCSCTTY:                      /* a session leader takes the console as its terminal */
		if (current->sid != current->pid || current->ctty)
			return -EPERM;
		if (tty_sid && tty_sid != current->sid && arg != 1)
			return -EPERM;               /* another session's (root may steal it with 1) */
		tty_sid = current->sid;
		tty_pgrp = current->pgid;
		current->ctty = true;
		return 0;
	case TIOCGPGRP:
		if (!current->ctty || current->sid != tty_sid)
			return -ENOTTY;
		return put_user_u32((u32)tty_pgrp, (void *)arg) ? -EFAULT : 0;
	case TIOCGSID:
		if (!current->ctty || current->sid != tty_sid)
			return -ENOTTY;
		return put_user_u32((u32)tty_sid, (void *)arg) ? -EFAULT : 0;
	case TIOCSPGRP: {
		u32 pgrp;
		if (!current->ctty || current->sid != tty_sid)
			return -ENOTTY;
		if (get_user_u32(&pgrp, (void *)arg))
			return -EFAULT;
		if ((s32)pgrp < 0)
			return -EINVAL;
		if (!pgrp_in_session((int)pgrp, tty_sid))
			return -EPERM;
		tty_pgrp = (int)pgrp;
		return 0;
	}
	case TIOCNOTTY:
		if (!current->ctty)
			return -ENOTTY;
		current->ctty = false;
		if (current->sid == current->pid && tty_sid == current->sid)
			tty_sid = tty_pgrp = 0;      /* the session leader lets it go */
		return 0;
	case TIOCGWINSZ:
		return copy_to_user((void *)arg, &ws, sizeof(ws)) ? -EFAULT : 0;
	case TCGETS:                         /* isatty() asks this: yes, a terminal */
		return copy_to_user((void *)arg, &tios, sizeof(tios)) ? -EFAULT : 0;
	case TCSETS:
	case TCSETSW:
	case TCSETSF:                        /* accepted; the line discipline keeps its modes */
		return 0;
	default:
		return -ENOTTY;
	}
}

/* poll and select: readable once a line (or Ctrl-D) is there; always writable. */
static unsigned tty_poll(struct file *f)
{
	return (ready_head != ready_tail || eof_pending ? POLLIN | POLLRDNORM : 0) | POLLOUT | POLLWRNORM;
}

/* A terminal has no position: lseek, pread and pwrite answer ESPIPE. */
static int tty_open(struct inode *inode, struct file *f)
{
	f->f_mode &= ~FMODE_LSEEK;
	return 0;
}

static const struct file_operations tty_fops = {
	.open = tty_open,
	.poll = tty_poll,
	.read = tty_read,
	.write = tty_write,
	.ioctl = tty_ioctl,
};

static void serial_interrupt(struct pt_regs *regs)
{
	int c;

	(void)regs;
	while ((c = serial_getc()) >= 0)
		tty_receive((char)c);
}

void tty_init(void)
{
	register_chrdev(MKDEV(5, 0), "tty", &tty_fops);      /* /dev/tty: the process's terminal */
	register_chrdev(MKDEV(5, 1), "console", &tty_fops);  /* /dev/console */
	serial_enable_rx_interrupt();
	request_irq(IRQ_COM1, serial_interrupt, "serial");
	keyboard_init();
}
