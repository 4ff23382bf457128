/* Users and groups by number (user/include/pwd.h): for id, ls -l and su. */
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* The first field of the line of file whose third field is id, in out; else the number, NULL. */
static const char *name_of(const char *file, unsigned id, char *out, size_t size)
{
	for (const char *line = file; *line; line = strchr(line, '\n') ? strchr(line, '\n') + 1 : "") {
		const char *colon = strchr(line, ':'), *idp = colon ? strchr(colon + 1, ':') : NULL;
		if (idp && (unsigned)atoi(idp + 1) == id && (size_t)(colon - line) < size) {
			memcpy(out, line, (size_t)(colon - line));
			out[colon - line] = '\0';
			return out;
		}
	}
	snprintf(out, size, "%u", id);
	return NULL;
}

/* One of the two files, read on first use. */
struct id_file {
	const char *path;
	char text[4096];
	int loaded;
};

static const char *lookup(struct id_file *f, unsigned id, char *out, size_t size)
{
	if (!f->loaded++)
		read_file(f->path, f->text, sizeof(f->text));
	return name_of(f->text, id, out, size);
}

const char *user_name(unsigned uid, char *out, size_t size)
{
	static struct id_file passwd = { .path = "/etc/passwd" };

	return lookup(&passwd, uid, out, size);
}

const char *group_name(unsigned gid, char *out, size_t size)
{
	static struct id_file group = { .path = "/etc/group" };

	return lookup(&group, gid, out, size);
}
