/*
 * getdents64: a directory's entries as struct linux_dirent64 records. The file system emits
 * entries from the file's position on (f_op->iterate); the position counts entries, so a
 * second call goes on where the first stopped.
 */
#include <fs/fs.h>
#include <fs/file.h>
#include <kernel/sched.h>
#include <kernel/syscall.h>
#include <kernel/uaccess.h>
#include <kernel/string.h>
#include <linux/errno.h>
#include <linux/dirent.h>

struct getdents_ctx {
	struct dir_context ctx;
	char *out;                    /* the user's buffer */
	long count, used;
	int err;
};

static bool emit_dirent64(struct dir_context *ctx, const char *name, size_t len, u64 ino, unsigned type)
{
	struct getdents_ctx *g = container_of(ctx, struct getdents_ctx, ctx);
	struct linux_dirent64 hdr;                       /* the name follows it */
	u16 reclen = (u16)ALIGN(sizeof(hdr) + len + 1, (size_t)8);
	char nul = '\0';

	if (g->used + reclen > g->count) {
		if (!g->used)
			g->err = -EINVAL;                /* the buffer is too small for one entry */
		return false;
	}
	hdr.d_ino = ino;
	hdr.d_off = (s64)ctx->pos + 1;
	hdr.d_reclen = reclen;
	hdr.d_type = (u8)type;
	if (copy_to_user(g->out + g->used, &hdr, sizeof(hdr)) ||
	    copy_to_user(g->out + g->used + sizeof(hdr), name, len) ||
	    copy_to_user(g->out + g->used + sizeof(hdr) + len, &nul, 1)) {
		g->err = -EFAULT;
		return false;
	}
	g->used += reclen;
	ctx->pos++;
	return true;
}

long sys_getdents64(long fd, void *udirp, long count)
{
	struct file *f = fget(fd);
	struct getdents_ctx g = { .ctx.emit = emit_dirent64, .out = udirp, .count = count };
	int err;

	if (!f)
		return -EBADF;
	if (!f->f_op || !f->f_op->iterate)
		return -ENOTDIR;
	if (count < 0 || !access_ok(udirp, (size_t)count))
		return -EFAULT;
	g.ctx.pos = f->f_pos;
	err = f->f_op->iterate(f, &g.ctx);
	f->f_pos = g.ctx.pos;
	if (g.err && !g.used)
		return g.err;
	return err && !g.used ? err : g.used;
}
