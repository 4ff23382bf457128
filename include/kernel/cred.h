/*
 * Credentials (Linux's struct cred, kernel/cred.c): who a task acts as.
 *
 *   uid, gid       real: who started it; who may signal it
 *   euid, egid     effective: whose rights its actions have (saved by setuid programs)
 *   suid, sgid     saved: an id it may switch back to (a setuid program's owner)
 *   fsuid, fsgid   file system: checked against a file's owner and mode; follow euid, egid
 *
 * plus the supplementary groups (task->groups). Root's powers are Linux's capabilities, kept as
 * Linux keeps them for root: a task has them while one of its uid, euid and suid is 0 (cap), and
 * uses them while its euid is 0, or, for the file ones (CAP_CHOWN, CAP_DAC_OVERRIDE,
 * CAP_DAC_READ_SEARCH, CAP_FOWNER, CAP_FSETID), while its fsuid is 0.
 */
#pragma once
#include <types.h>

/* One kind of id, user or group: the four above, in that order. */
struct ids {
	u32 real, eff, saved, fs;
};

struct cred {
	union {                         /* the user ids, by name or as one struct ids */
		struct { u32 uid, euid, suid, fsuid; };
		struct ids u;
	};
	union {                         /* the group ids */
		struct { u32 gid, egid, sgid, fsgid; };
		struct ids g;
	};
	bool cap;                       /* root's capabilities are permitted (not all ids non-zero) */
};

/* Linux's capability numbers (include/uapi/linux/capability.h), those checked here. */
#define CAP_CHOWN 0
#define CAP_DAC_OVERRIDE 1
#define CAP_DAC_READ_SEARCH 2
#define CAP_FOWNER 3
#define CAP_FSETID 4
#define CAP_KILL 5
#define CAP_SETGID 6
#define CAP_SETUID 7
#define CAP_NET_BIND_SERVICE 10
#define CAP_NET_ADMIN 12
#define CAP_NET_RAW 13
#define CAP_IPC_LOCK 14
#define CAP_SYS_PTRACE 19
#define CAP_SYS_ADMIN 21
#define CAP_SYS_BOOT 22
#define CAP_SYS_RESOURCE 24
#define CAP_SYS_TIME 25
#define CAP_MKNOD 27

/* What an access to an inode wants (Linux's MAY_*; access()'s R_OK, W_OK, X_OK are the same bits). */
#define MAY_EXEC 1
#define MAY_WRITE 2
#define MAY_READ 4

struct inode;
struct task_struct;

bool capable(int cap);                          /* does the current task have this power now? */
bool in_group_p(u32 gid);                       /* fsgid or a supplementary group */
/* May the current task access inode so (mode bits, then capabilities)? 0 or -EACCES. */
int inode_permission(const struct inode *inode, int mask);
/* Is the current task the inode's owner, or may it act as one (CAP_FOWNER)? */
bool inode_owner_or_capable(const struct inode *inode);
/* A new inode in dir: owned by fsuid, and by fsgid or, in a set-group-ID directory, its group. */
void inode_init_owner(struct inode *inode, const struct inode *dir);
/* May the current task send a signal to t (kill's EPERM)? sig: SIGCONT is let through in a session. */
bool may_signal(const struct task_struct *t, int sig);
/* May the current task read t's memory-like files (/proc/PID/environ, pagemap, fd/)? */
bool may_inspect(const struct task_struct *t);
/* execve in t: the new program's ids (set-user-ID and set-group-ID bits) and capabilities. */
void cred_exec(struct task_struct *t, const struct inode *inode);
/* Processes whose real uid is uid (RLIMIT_NPROC counts them). */
int nr_processes_of(u32 uid);

/* The 16-bit calls' view of an id: above 65535 it reads as 65534 (Linux's overflowuid). */
static inline u16 high2lowuid(u32 id)
{
	return id > 0xffff ? 65534 : (u16)id;
}
