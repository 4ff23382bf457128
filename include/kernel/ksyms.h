/*
 * The kernel's own symbol table, for oops backtraces ("EIP: do_trap+0x1c/0x80"). It is made by
 * a second link: scripts/gen_ksyms.sh reads the text symbols of the first link with nm and
 * writes build/gen/ksyms.c, whose data goes in the .ksyms section placed after .data, so adding
 * it moves no code.
 */
#pragma once
#include <types.h>

struct ksym {
	u32 addr;      /* start address; the table is sorted by it */
	u32 name;      /* offset of the name in ksym_names */
};

extern const struct ksym ksym_table[];
extern const u32 ksym_count;
extern const char ksym_names[];

/*
 * Find the function containing addr in a sorted table. Returns its name and sets *offset and
 * *size (size: distance to the next symbol), or returns NULL if addr is outside the table.
 */
const char *ksym_lookup_in(const struct ksym *table, u32 count, const char *names,
			   unsigned long addr, unsigned long *offset, unsigned long *size);

/* ksym_lookup_in on the kernel's own table. */
const char *ksym_lookup(unsigned long addr, unsigned long *offset, unsigned long *size);

/* Format "name+0xoff/0xsize" (or the bare address) into buf; returns buf. */
char *ksym_format(char *buf, size_t len, unsigned long addr);
