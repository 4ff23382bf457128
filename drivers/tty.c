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

static void interrupt_task(struct task_struct *t, void *arg)
{
	(void)arg;
	if (t->pid > 1)
		send_sig(SIGINT, t);
}

/* One input character, from an interrupt handler. */
void tty_receive(char c)
{
	if (c == CTRL_C) {
		/* no process groups yet: every process but init gets SIGINT (the shell ignores it) */
		echo("^C\n", 3);
		line_len = 0;
		for_each_task(interrupt_task, NULL);
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

static ssize_t tty_read(struct file *f, char *ubuf, size_t n, u64 *pos)
{
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
