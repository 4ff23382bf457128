/*
 * Credentials: the ids a task acts as, root's capabilities, the checks they decide (a file's
 * mode bits, who may signal whom, who may look into a process), and the calls that change them:
 * setuid, setreuid, setresuid, setfsuid and their gid twins, in the 32-bit and the old 16-bit
 * forms (include/kernel/cred.h explains the model).
 *
 * The rules are Linux's (kernel/sys.c, security/commoncap.c, fs/namei.c): an ordinary process may
 * only move an id among the values its real, effective and saved ids already hold; root may set
 * any. A task whose uid, euid and suid all leave 0 loses root's capabilities for good (until it
 * executes a set-user-ID-root program); while only its euid is non-zero it keeps them in reserve
 * and has them back when its euid returns to 0.
 */
#include <kernel/cred.h>
#include <kernel/sched.h>
#include <kernel/signal.h>
#include <kernel/syscall.h>
#include <kernel/uaccess.h>
#include <fs/fs.h>
#include <mm/mm_types.h>
#include <linux/errno.h>

#define S_ISUID 04000
#define S_ISGID 02000
#define S_IXGRP 00010
#define NO_ID ((u32)-1)

#define cur (&current->cred)             /* the current task's credentials */

/* The capabilities that follow fsuid instead of euid (Linux's CAP_FS_MASK). */
static bool fs_capability(int cap)
{
	return cap == CAP_CHOWN || cap == CAP_DAC_OVERRIDE || cap == CAP_DAC_READ_SEARCH ||
	       cap == CAP_FOWNER || cap == CAP_FSETID;
}

bool capable(int cap)
{
	if (!current)
		return true;                            /* the kernel itself, before any task */
	return cur->cap && (fs_capability(cap) ? cur->fsuid : cur->euid) == 0;
}

bool in_group_p(u32 gid)
{
	if (gid == cur->fsgid)
		return true;
	for (int i = 0; i < current->ngroups; i++)
		if (current->groups[i] == gid)
			return true;
	return false;
}

/* Linux's generic_permission: the owner's, the group's or the others' bits, then capabilities. */
int inode_permission(const struct inode *inode, int mask)
{
	u32 mode = inode->i_mode;

	mask &= MAY_READ | MAY_WRITE | MAY_EXEC;
	if (!current)
		return 0;
	if (cur->fsuid == inode->i_uid)
		mode >>= 6;
	else if (in_group_p(inode->i_gid))
		mode >>= 3;
	if (!(mask & ~mode & 7))
		return 0;
	if (S_ISDIR(inode->i_mode)) {                   /* searching and listing a directory */
		if (!(mask & MAY_WRITE) && capable(CAP_DAC_READ_SEARCH))
			return 0;
		return capable(CAP_DAC_OVERRIDE) ? 0 : -EACCES;
	}
	/* root reads and writes anything, but runs only what has an execute bit somewhere */
	if ((!(mask & MAY_EXEC) || (inode->i_mode & 0111)) && capable(CAP_DAC_OVERRIDE))
		return 0;
	if (mask == MAY_READ && capable(CAP_DAC_READ_SEARCH))
		return 0;
	return -EACCES;
}

bool inode_owner_or_capable(const struct inode *inode)
{
	return !current || cur->fsuid == inode->i_uid || capable(CAP_FOWNER);
}

void inode_init_owner(struct inode *inode, const struct inode *dir)
{
	if (!current)
		return;                                 /* the kernel's own: root's */
	inode->i_uid = cur->fsuid;
	if (dir && (dir->i_mode & S_ISGID)) {           /* a set-group-ID directory: its group */
		inode->i_gid = dir->i_gid;
		if (S_ISDIR(inode->i_mode))
			inode->i_mode |= S_ISGID;
		else if ((inode->i_mode & (S_ISGID | S_IXGRP)) == (S_ISGID | S_IXGRP) &&
			 !in_group_p(inode->i_gid) && !capable(CAP_FSETID))
			inode->i_mode &= ~S_ISGID;
		return;
	}
	inode->i_gid = cur->fsgid;
}

/* Linux's kill_ok_by_cred and check_kill_permission. */
bool may_signal(const struct task_struct *t, int sig)
{
	const struct cred *tc = &t->cred;

	if (cur->euid == tc->suid || cur->euid == tc->uid || cur->uid == tc->suid || cur->uid == tc->uid)
		return true;
	if (sig == SIGCONT && t->sid == current->sid)
		return true;                            /* job control within one session */
	return capable(CAP_KILL);
}

/* Linux's ptrace_may_access with PTRACE_MODE_READ_FSCREDS. */
bool may_inspect(const struct task_struct *t)
{
	const struct cred *tc = &t->cred;

	if (t->tgid == current->tgid)
		return true;
	if (!(cur->fsuid == tc->uid && cur->fsuid == tc->euid && cur->fsuid == tc->suid &&
	      cur->fsgid == tc->gid && cur->fsgid == tc->egid && cur->fsgid == tc->sgid) &&
	    !capable(CAP_SYS_PTRACE))
		return false;
	return !(t->mm && t->mm->undumpable) || capable(CAP_SYS_PTRACE);
}

void cred_exec(struct task_struct *t, const struct inode *inode)
{
	struct cred *c = &t->cred;

	if (!t->no_new_privs && (inode->i_mode & S_ISUID))
		c->euid = inode->i_uid;                 /* a set-user-ID program runs as its owner */
	if (!t->no_new_privs && (inode->i_mode & (S_ISGID | S_IXGRP)) == (S_ISGID | S_IXGRP))
		c->egid = inode->i_gid;
	c->suid = c->fsuid = c->euid;
	c->sgid = c->fsgid = c->egid;
	c->cap = c->uid == 0 || c->euid == 0;   /* root's powers, as Linux gives them to root */
	/* a program running with ids not its user's is not to be looked into (begin_new_exec) */
	t->mm->undumpable = c->euid != c->uid || c->egid != c->gid;
}

struct uid_count {
	u32 uid;
	int n;
};

static void count_task_of_uid(struct task_struct *t, void *arg)
{
	struct uid_count *c = arg;

	if (t->pid && t->cred.uid == c->uid)
		c->n++;
}

int nr_processes_of(u32 uid)
{
	struct uid_count c = { uid, 0 };

	for_each_task(count_task_of_uid, &c);
	return c.n;
}

/* ---------------------------------------------------------------- the calls */

/*
 * After a change of ids (Linux's commit_creds): a process whose effective or file-system ids
 * changed becomes undumpable, so its /proc files turn root's and no other user may look into
 * it (what it holds may be its former user's). Root's capabilities go when no uid is 0 any more
 * (cap_emulate_setxuid).
 */
static void commit(const struct cred *old)
{
	if ((old->euid != cur->euid || old->egid != cur->egid || old->fsuid != cur->fsuid ||
	     old->fsgid != cur->fsgid) && current->mm)
		current->mm->undumpable = true;
	if (cur->uid && cur->euid && cur->suid)
		cur->cap = false;
}

static bool is_one_of(u32 id, const struct ids *ids)
{
	return id == ids->real || id == ids->eff || id == ids->saved;
}

/*
 * The rules, the same for user ids (cap CAP_SETUID) and group ids (CAP_SETGID). They change only
 * ids; the caller commits the change (commit() does nothing if nothing changed).
 */
static long set_id(struct ids *ids, u32 id, int cap)
{
	if (id == NO_ID)
		return -EINVAL;
	if (capable(cap))
		ids->real = ids->saved = id;
	else if (id != ids->real && id != ids->saved)
		return -EPERM;
	ids->eff = ids->fs = id;
	return 0;
}

static long set_re(struct ids *ids, u32 r, u32 e, int cap)
{
	u32 old_real = ids->real;
	bool priv = capable(cap);

	if (r != NO_ID && !priv && r != ids->real && r != ids->eff)
		return -EPERM;
	if (e != NO_ID && !priv && !is_one_of(e, ids))
		return -EPERM;
	if (r != NO_ID)
		ids->real = r;
	if (e != NO_ID)
		ids->eff = e;
	if (r != NO_ID || (e != NO_ID && e != old_real))
		ids->saved = ids->eff;
	ids->fs = ids->eff;
	return 0;
}

static long set_res(struct ids *ids, u32 r, u32 e, u32 s, int cap)
{
	if (!capable(cap) && ((r != NO_ID && !is_one_of(r, ids)) || (e != NO_ID && !is_one_of(e, ids)) ||
			      (s != NO_ID && !is_one_of(s, ids))))
		return -EPERM;
	if (r != NO_ID)
		ids->real = r;
	if (e != NO_ID)
		ids->eff = e;
	if (s != NO_ID)
		ids->saved = s;
	ids->fs = ids->eff;
	return 0;
}

/* setfsuid and setfsgid answer the old fs id whether or not they changed it (Linux's odd contract). */
static u32 set_fs(struct ids *ids, u32 id, int cap)
{
	u32 was = ids->fs;

	if (id != NO_ID && (is_one_of(id, ids) || id == ids->fs || capable(cap)))
		ids->fs = id;
	return was;
}

#define CHANGE(call)                            \
	({                                      \
		struct cred old = *cur;         \
		long ret = (call);              \
		commit(&old);                   \
		ret;                            \
	})

long sys_setuid(unsigned long id) { return CHANGE(set_id(&cur->u, (u32)id, CAP_SETUID)); }
long sys_setgid(unsigned long id) { return CHANGE(set_id(&cur->g, (u32)id, CAP_SETGID)); }
long sys_setreuid(unsigned long r, unsigned long e) { return CHANGE(set_re(&cur->u, (u32)r, (u32)e, CAP_SETUID)); }
long sys_setregid(unsigned long r, unsigned long e) { return CHANGE(set_re(&cur->g, (u32)r, (u32)e, CAP_SETGID)); }
long sys_setfsuid(unsigned long id) { return CHANGE((long)set_fs(&cur->u, (u32)id, CAP_SETUID)); }
long sys_setfsgid(unsigned long id) { return CHANGE((long)set_fs(&cur->g, (u32)id, CAP_SETGID)); }

long sys_setresuid(unsigned long r, unsigned long e, unsigned long s)
{
	return CHANGE(set_res(&cur->u, (u32)r, (u32)e, (u32)s, CAP_SETUID));
}

long sys_setresgid(unsigned long r, unsigned long e, unsigned long s)
{
	return CHANGE(set_res(&cur->g, (u32)r, (u32)e, (u32)s, CAP_SETGID));
}

/* getresuid, getresgid: the real, effective and saved ids, as 32-bit or (wide false) 16-bit ids. */
static long put_ids(const struct ids *ids, void *ur, void *ue, void *us, bool wide)
{
	u32 v[3] = { ids->real, ids->eff, ids->saved };
	void *u[3] = { ur, ue, us };

	for (int i = 0; i < 3; i++) {
		u16 v16 = high2lowuid(v[i]);
		if (copy_to_user(u[i], wide ? (void *)&v[i] : (void *)&v16, wide ? 4 : 2))
			return -EFAULT;
	}
	return 0;
}

long sys_getresuid(void *r, void *e, void *s) { return put_ids(&cur->u, r, e, s, true); }
long sys_getresgid(void *r, void *e, void *s) { return put_ids(&cur->g, r, e, s, true); }
long sys_getuid(void) { return cur->uid; }
long sys_geteuid(void) { return cur->euid; }
long sys_getgid(void) { return cur->gid; }
long sys_getegid(void) { return cur->egid; }

/* The old 16-bit calls: 0xffff means "keep", and ids above 65535 read as 65534. */
static unsigned long low2high(unsigned long id)
{
	return (u16)id == 0xffff ? NO_ID : (u16)id;
}

long sys_getuid16(void) { return high2lowuid(cur->uid); }
long sys_geteuid16(void) { return high2lowuid(cur->euid); }
long sys_getgid16(void) { return high2lowuid(cur->gid); }
long sys_getegid16(void) { return high2lowuid(cur->egid); }
long sys_setuid16(unsigned long uid) { return sys_setuid(low2high(uid)); }
long sys_setgid16(unsigned long gid) { return sys_setgid(low2high(gid)); }
long sys_setreuid16(unsigned long r, unsigned long e) { return sys_setreuid(low2high(r), low2high(e)); }
long sys_setregid16(unsigned long r, unsigned long e) { return sys_setregid(low2high(r), low2high(e)); }
long sys_setfsuid16(unsigned long uid) { return sys_setfsuid(low2high(uid)); }
long sys_setfsgid16(unsigned long gid) { return sys_setfsgid(low2high(gid)); }

long sys_setresuid16(unsigned long r, unsigned long e, unsigned long s)
{
	return sys_setresuid(low2high(r), low2high(e), low2high(s));
}

long sys_setresgid16(unsigned long r, unsigned long e, unsigned long s)
{
	return sys_setresgid(low2high(r), low2high(e), low2high(s));
}

long sys_getresuid16(void *r, void *e, void *s) { return put_ids(&cur->u, r, e, s, false); }
long sys_getresgid16(void *r, void *e, void *s) { return put_ids(&cur->g, r, e, s, false); }
