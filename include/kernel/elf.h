/*
 * ELF32 executables (the System V ABI, i386 supplement): the headers this kernel reads, and the
 * checks a file must pass before anything of it is loaded.
 */
#pragma once
#include <types.h>

#define EI_NIDENT 16
#define ELFCLASS32 1
#define ELFDATA2LSB 1
#define ET_EXEC 2
#define ET_DYN 3
#define EM_386 3
#define PT_LOAD 1
#define PT_INTERP 3
#define PT_PHDR 6
#define PF_X 1
#define PF_W 2
#define PF_R 4
#define ELF_MAX_PHNUM 64              /* more program headers than any real static program has */

struct elf32_ehdr {
	u8 e_ident[EI_NIDENT];            /* \x7fELF, class, data, version, ... */
	u16 e_type, e_machine;
	u32 e_version, e_entry, e_phoff, e_shoff, e_flags;
	u16 e_ehsize, e_phentsize, e_phnum, e_shentsize, e_shnum, e_shstrndx;
};

struct elf32_phdr {
	u32 p_type, p_offset, p_vaddr, p_paddr, p_filesz, p_memsz, p_flags, p_align;
};

/* What the loader needs from a checked file. */
struct elf_info {
	const struct elf32_ehdr *ehdr;
	const struct elf32_phdr *phdrs;
	u32 phdr_vaddr;                   /* where the program headers are in memory (AT_PHDR) */
	u32 end_data;                     /* highest vaddr + memsz: the brk heap starts above */
};

/*
 * Check that image (the first head_len bytes of a file of size bytes: its ELF header and program
 * headers) is a static i386 executable this kernel can load: class,
 * byte order, machine, type, program headers inside the file, a sane count, PT_LOAD segments
 * inside the file, filesz <= memsz, below TASK_SIZE, not overlapping, offset and address
 * congruent modulo the page size, no PT_INTERP. Returns 0, or -ENOEXEC with *why set.
 */
int elf_check(const u8 *image, u32 head_len, u32 size, struct elf_info *info, const char **why);
