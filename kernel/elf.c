/*
 * ELF32 checking: every number the file gives is checked before it is used, so a truncated or
 * hostile file gets -ENOEXEC and a reason, never a crash. Tested on the host
 * (tests/host/test_elf.c), loaded in kernel/exec.c.
 */
#include <kernel/elf.h>
#include <linux/errno.h>
#include <kernel/string.h>
#include <mm/layout.h>

static int reject(const char **why, const char *reason)
{
	*why = reason;
	return -ENOEXEC;
}

static int check_header(const struct elf32_ehdr *eh, u32 head_len, u32 size, const char **why)
{
	if (size < sizeof(*eh) || head_len < sizeof(*eh))
		return reject(why, "file too short for an ELF header");
	if (memcmp(eh->e_ident, "\x7f" "ELF", 4) != 0)
		return reject(why, "not an ELF file (bad magic)");
	if (eh->e_ident[4] != ELFCLASS32)
		return reject(why, "not a 32-bit ELF file");
	if (eh->e_ident[5] != ELFDATA2LSB)
		return reject(why, "not little-endian");
	if (eh->e_machine != EM_386)
		return reject(why, "not an i386 executable (wrong e_machine)");
	if (eh->e_type != ET_EXEC)
		return reject(why, eh->e_type == ET_DYN ? "position-independent (ET_DYN): only static ET_EXEC is supported"
							  : "not an executable (e_type)");
	if (eh->e_phentsize != sizeof(struct elf32_phdr))
		return reject(why, "unexpected program header size");
	if (eh->e_phnum == 0 || eh->e_phnum > ELF_MAX_PHNUM)
		return reject(why, "absurd number of program headers");
	if (eh->e_phoff > size || (u32)eh->e_phnum * sizeof(struct elf32_phdr) > size - eh->e_phoff)
		return reject(why, "program headers lie outside the file");
	if (eh->e_phoff % 4)
		return reject(why, "misaligned program headers");
	if ((u32)eh->e_phnum * sizeof(struct elf32_phdr) > head_len - min(eh->e_phoff, head_len))
		return reject(why, "program headers are not within the file's first page");
	return 0;
}

static int check_segment(const struct elf32_phdr *ph, u32 size, const char **why)
{
	if (ph->p_offset > size || ph->p_filesz > size - ph->p_offset)
		return reject(why, "segment data lies outside the file");
	if (ph->p_filesz > ph->p_memsz)
		return reject(why, "segment has filesz > memsz");
	if (ph->p_vaddr + ph->p_memsz < ph->p_vaddr || ph->p_vaddr + ph->p_memsz > TASK_SIZE)
		return reject(why, "segment reaches into kernel space");
	if (ph->p_vaddr < PAGE_SIZE)
		return reject(why, "segment maps page 0");
	if ((ph->p_vaddr - ph->p_offset) % PAGE_SIZE)
		return reject(why, "segment offset and address differ modulo the page size");
	return 0;
}

int elf_check(const u8 *image, u32 head_len, u32 size, struct elf_info *info, const char **why)
{
	const struct elf32_ehdr *eh = (const struct elf32_ehdr *)image;
	const struct elf32_phdr *ph;
	int err = check_header(eh, head_len, size, why);
	int loads = 0;

	if (err)
		return err;
	ph = (const struct elf32_phdr *)(image + eh->e_phoff);
	info->ehdr = eh;
	info->phdrs = ph;
	info->phdr_vaddr = 0;
	info->end_data = 0;
	for (int i = 0; i < eh->e_phnum; i++) {
		if (ph[i].p_type == PT_INTERP)
			return reject(why, "dynamically linked (PT_INTERP): only static programs run here");
		if (ph[i].p_type != PT_LOAD)
			continue;
		if ((err = check_segment(&ph[i], size, why)) != 0)
			return err;
		for (int j = 0; j < i; j++) {
			if (ph[j].p_type != PT_LOAD)
				continue;
			if (ph[i].p_vaddr < ph[j].p_vaddr + ph[j].p_memsz &&
			    ph[j].p_vaddr < ph[i].p_vaddr + ph[i].p_memsz)
				return reject(why, "segments overlap");
		}
		if (eh->e_phoff >= ph[i].p_offset && eh->e_phoff < ph[i].p_offset + ph[i].p_filesz)
			info->phdr_vaddr = ph[i].p_vaddr + (eh->e_phoff - ph[i].p_offset);
		info->end_data = max(info->end_data, ph[i].p_vaddr + ph[i].p_memsz);
		loads++;
	}
	if (!loads)
		return reject(why, "no loadable segment");
	if (eh->e_entry >= TASK_SIZE)
		return reject(why, "entry point in kernel space");
	return 0;
}
