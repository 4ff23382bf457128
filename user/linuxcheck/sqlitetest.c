/*
 * SQLite with a database file, as a real program uses it: Debian's static libsqlite3 (i386) and
 * glibc, default locking (fcntl record locks) and syncing (fsync), a rollback journal and then a
 * write-ahead log (whose index is a MAP_SHARED mapping every connection shares), two processes
 * taking turns on one database. Checked against Linux like mmtest.c: every line it prints must
 * be what Debian's Linux 6.1 prints (scripts/linux-reference.sh sqlitetest).
 */
#define _GNU_SOURCE
#include <sqlite3.h>
#include <stdio.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#include "check.h"

#define DB "/mnt/test.db"

static sqlite3 *db;

/* Run sql; "ok" or SQLite's error message. */
static const char *exec(const char *sql)
{
	static char msg[128];
	char *err = NULL;

	if (sqlite3_exec(db, sql, NULL, NULL, &err) == SQLITE_OK)
		return "ok";
	snprintf(msg, sizeof(msg), "%s", err ? err : "error");
	sqlite3_free(err);
	return msg;
}

/* The first column of the first row of a query, as text. */
static const char *value(const char *sql)
{
	static char out[128];
	sqlite3_stmt *st;

	if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK)
		return sqlite3_errmsg(db);
	if (sqlite3_step(st) == SQLITE_ROW && sqlite3_column_text(st, 0))
		snprintf(out, sizeof(out), "%s", (const char *)sqlite3_column_text(st, 0));
	else
		snprintf(out, sizeof(out), "(none)");
	sqlite3_finalize(st);
	return out;
}

static void open_db(void)
{
	say("mm: sqlite: open %s: %s", DB, sqlite3_open(DB, &db) == SQLITE_OK ? "ok" : sqlite3_errmsg(db));
	sqlite3_busy_timeout(db, 10000);
}

static void test_journal(void)
{
	sqlite3_stmt *st;
	struct stat sb;

	mkdir("/mnt", 0755);
	mount("none", "/mnt", "tmpfs", 0, NULL);
	open_db();
	say("mm: sqlite: journal mode: %s", value("PRAGMA journal_mode"));
	say("mm: sqlite: create: %s", exec("CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT, n INTEGER)"));
	say("mm: sqlite: begin: %s", exec("BEGIN"));
	sqlite3_prepare_v2(db, "INSERT INTO t (name, n) VALUES (?, ?)", -1, &st, NULL);
	for (int i = 0; i < 10000; i++) {
		char name[32];
		snprintf(name, sizeof(name), "row-%05d", (i * 7919) % 10000);
		sqlite3_bind_text(st, 1, name, -1, SQLITE_TRANSIENT);
		sqlite3_bind_int(st, 2, i % 97);
		if (sqlite3_step(st) != SQLITE_DONE)
			say("mm: sqlite: insert %d failed: %s", i, sqlite3_errmsg(db));
		sqlite3_reset(st);
	}
	sqlite3_finalize(st);
	say("mm: sqlite: 10000 inserts, commit: %s", exec("COMMIT"));
	say("mm: sqlite: count: %s", value("SELECT count(*) FROM t"));
	say("mm: sqlite: sum: %s", value("SELECT sum(n) FROM t"));
	say("mm: sqlite: index: %s", exec("CREATE INDEX t_name ON t (name)"));
	say("mm: sqlite: lookup by index: %s", value("SELECT id FROM t WHERE name = 'row-04242'"));
	say("mm: sqlite: group by: %s", value("SELECT count(*) FROM (SELECT n FROM t GROUP BY n)"));
	say("mm: sqlite: a rollback: %s %s", exec("BEGIN; DELETE FROM t; ROLLBACK"), value("SELECT count(*) FROM t"));
	say("mm: sqlite: delete half: %s", exec("DELETE FROM t WHERE id % 2 = 0"));
	stat(DB, &sb);
	long before = (long)sb.st_size;
	say("mm: sqlite: vacuum: %s", exec("VACUUM"));
	stat(DB, &sb);
	say("mm: sqlite: the file shrank: %s", yes((long)sb.st_size < before));
	say("mm: sqlite: integrity: %s", value("PRAGMA integrity_check"));
	say("mm: sqlite: no journal left: %s", yes(access(DB "-journal", F_OK) != 0));
	sqlite3_close(db);
	open_db();
	say("mm: sqlite: reopened, count: %s", value("SELECT count(*) FROM t"));
}

/* One process's share of the work: n increments, each its own write transaction. */
static void increment(int n, const char *who)
{
	int done = 0;

	for (int i = 0; i < n; i++) {
		for (;;) {
			int rc = sqlite3_exec(db, "BEGIN IMMEDIATE; UPDATE c SET v = v + 1; COMMIT", NULL, NULL, NULL);
			if (rc == SQLITE_OK)
				break;
			sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
			if (rc != SQLITE_BUSY && rc != SQLITE_LOCKED) {
				say("mm: sqlite: %s: %s", who, sqlite3_errmsg(db));
				return;
			}
		}
		done++;
	}
	(void)done;
}

static void take_turns(const char *mode)
{
	int status;
	pid_t pid;

	say("mm: sqlite: %s: counter: %s", mode, exec("CREATE TABLE IF NOT EXISTS c (v INTEGER); DELETE FROM c; INSERT INTO c VALUES (0)"));
	pid = fork();
	if (pid == 0) {
		sqlite3 *mine;
		sqlite3_open(DB, &mine);                 /* a connection of its own, after fork */
		db = mine;
		sqlite3_busy_timeout(db, 10000);
		increment(300, "child");
		sqlite3_close(db);
		_exit(0);
	}
	increment(300, "parent");
	waitpid(pid, &status, 0);
	say("mm: sqlite: %s: two processes, 300 increments each: %s", mode, value("SELECT v FROM c"));
}

static void test_locking(void)
{
	take_turns("rollback journal");
}

static void test_wal(void)
{
	say("mm: sqlite: WAL: %s", value("PRAGMA journal_mode = WAL"));
	say("mm: sqlite: WAL: the index file exists: %s", yes(access(DB "-shm", F_OK) == 0));
	take_turns("WAL");
	say("mm: sqlite: WAL: checkpoint: %s", value("PRAGMA wal_checkpoint(TRUNCATE)"));
	say("mm: sqlite: WAL: integrity: %s", value("PRAGMA integrity_check"));
	say("mm: sqlite: WAL: back to a journal: %s", value("PRAGMA journal_mode = DELETE"));
	sqlite3_close(db);
	say("mm: sqlite: WAL: files gone on close: %s", yes(access(DB "-wal", F_OK) != 0 && access(DB "-shm", F_OK) != 0));
}

static const struct check_case tests[] = {
	{ "journal", test_journal }, { "locking", test_locking }, { "wal", test_wal },
};

int main(int argc, char **argv)
{
	return run_cases(tests, sizeof(tests) / sizeof(tests[0]), argc, argv);
}
