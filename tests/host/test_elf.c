/* ELF checking (kernel/elf.c) on hand-made headers: every rule, one at a time. */
#include <string.h>
#include <kernel/selftest.h>
#include <kernel/elf.h>
#include <linux/errno.h>

static u8 image[8192];

/* A valid static executable: two PT_LOAD segments (text, data), headers at offset 52. */
static void make_good(void)
{
	struct elf32_ehdr *eh = (struct elf32_ehdr *)image;
	struct elf32_phdr *ph = (struct elf32_phdr *)(image + sizeof(*eh));

	memset(image, 0, sizeof(image));
	memcpy(eh->e_ident, "\x7f" "ELF\x01\x01\x01", 7);
	eh->e_type = ET_EXEC;
	eh->e_machine = EM_386;
	eh->e_version = 1;
	eh->e_entry = 0x08048100;
	eh->e_phoff = sizeof(*eh);
	eh->e_ehsize = sizeof(*eh);
	eh->e_phentsize = sizeof(*ph);
	eh->e_phnum = 2;
	ph[0] = (struct elf32_phdr){ PT_LOAD, 0, 0x08048000, 0x08048000, 0x1000, 0x1000, PF_R | PF_X, 0x1000 };
	ph[1] = (struct elf32_phdr){ PT_LOAD, 0x1000, 0x08049000, 0x08049000, 0x800, 0x3000, PF_R | PF_W, 0x1000 };
}

static struct elf32_phdr *ph(int i)
{
	return (struct elf32_phdr *)(image + sizeof(struct elf32_ehdr)) + i;
}

static struct elf32_ehdr *eh(void)
{
	return (struct elf32_ehdr *)image;
}

static int rejected(const char *expect)
{
	struct elf_info info;
	const char *why = NULL;

	return elf_check(image, sizeof(image), sizeof(image), &info, &why) == -ENOEXEC && why && strstr(why, expect);
}

static int test_good(void)
{
	struct elf_info info;
	const char *why = NULL;

	make_good();
	ST_ASSERT(elf_check(image, sizeof(image), sizeof(image), &info, &why) == 0);
	ST_ASSERT_EQ(info.phdr_vaddr, 0x08048000 + sizeof(struct elf32_ehdr));   /* AT_PHDR */
	ST_ASSERT_EQ(info.end_data, 0x0804c000);
	return 0;
}
SELFTEST("elf.good", test_good, 0);

static int test_rules(void)
{
	struct elf_info info;
	const char *why;

	make_good();
	ST_ASSERT(elf_check(image, 30, 30, &info, &why) == -ENOEXEC);
	make_good(); image[1] = 'X'; ST_ASSERT(rejected("magic"));
	make_good(); eh()->e_ident[4] = 2; ST_ASSERT(rejected("32-bit"));
	make_good(); eh()->e_ident[5] = 2; ST_ASSERT(rejected("little-endian"));
	make_good(); eh()->e_machine = 62; ST_ASSERT(rejected("e_machine"));
	make_good(); eh()->e_type = ET_DYN; ST_ASSERT(rejected("ET_DYN"));
	make_good(); eh()->e_phnum = 0; ST_ASSERT(rejected("program headers"));
	make_good(); eh()->e_phnum = 65000; ST_ASSERT(rejected("absurd"));
	make_good(); eh()->e_phoff = sizeof(image) - 40; ST_ASSERT(rejected("outside the file"));
	make_good(); eh()->e_phoff = 0xfffffff0; ST_ASSERT(rejected("outside the file"));
	make_good(); ph(1)->p_filesz = 0x4000; ST_ASSERT(rejected("outside the file"));
	make_good(); ph(1)->p_offset = 0xffffff00; ST_ASSERT(rejected("outside the file"));
	make_good(); ph(1)->p_filesz = 0x1000; ph(1)->p_memsz = 0x800; ST_ASSERT(rejected("filesz > memsz"));
	make_good(); ph(1)->p_vaddr = 0xbffff000; ST_ASSERT(rejected("kernel space"));
	make_good(); ph(1)->p_vaddr = 0xfffff000; ST_ASSERT(rejected("kernel space"));  /* wraps */
	make_good(); ph(1)->p_vaddr = 0x08048800; ph(1)->p_offset = 0x1800; ST_ASSERT(rejected("overlap"));
	make_good(); ph(1)->p_vaddr = 0x08049100; ST_ASSERT(rejected("modulo the page size"));
	make_good(); ph(0)->p_vaddr = 0; ST_ASSERT(rejected("page 0"));
	make_good(); ph(1)->p_type = PT_INTERP; ST_ASSERT(rejected("PT_INTERP"));
	make_good(); ph(0)->p_type = 4; ph(1)->p_type = 4; ST_ASSERT(rejected("no loadable"));
	make_good(); eh()->e_entry = 0xc0001000; ST_ASSERT(rejected("entry point"));
	return 0;
}
SELFTEST("elf.rules", test_rules, 0);
