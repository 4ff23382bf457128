/*
 * Address-to-symbol lookup over the table the build embeds (see include/kernel/ksyms.h).
 */
#include <kernel/ksyms.h>
#include <kernel/vsprintf.h>

extern char _etext[];

const char *ksym_lookup_in(const struct ksym *table, u32 count, const char *names,
			   unsigned long addr, unsigned long *offset, unsigned long *size)
{
	u32 lo = 0, hi = count;

	if (count == 0 || addr < table[0].addr)
		return NULL;
	/* binary search for the last symbol whose address is <= addr */
	while (hi - lo > 1) {
		u32 mid = lo + (hi - lo) / 2;
		if (table[mid].addr <= addr)
			lo = mid;
		else
			hi = mid;
	}
	if (lo + 1 >= count)
		return NULL;    /* the last entry marks the end of text */
	*offset = addr - table[lo].addr;
	*size = table[lo + 1].addr - table[lo].addr;
	return names + table[lo].name;
}

const char *ksym_lookup(unsigned long addr, unsigned long *offset, unsigned long *size)
{
	return ksym_lookup_in(ksym_table, ksym_count, ksym_names, addr, offset, size);
}

char *ksym_format(char *buf, size_t len, unsigned long addr)
{
	unsigned long off, size;
	const char *name = ksym_lookup(addr, &off, &size);

	if (name)
		snprintf(buf, len, "%s+0x%lx/0x%lx", name, off, size);
	else
		snprintf(buf, len, "0x%08lx", addr);
	return buf;
}
