# Pagoda: a teaching kernel for Linux-style memory management on 32-bit x86.
#
#   make            build/kernel and build/initramfs.cpio
#   make run        boot in QEMU, serial console on this terminal (Ctrl-A X leaves)
#   make test       every test: host unit tests, boots in QEMU, the ISO; ends "N passed, M failed"
#   make iso        build/kernel.iso, a GRUB rescue image
#   make run-iso    boot the ISO through GRUB
#   make debug      QEMU paused at the first instruction, GDB attached with the kernel's symbols
#   make run-gdb    make run with a GDB server; `make gdb` in another terminal attaches
#   make bench      benchmarks (numbers, not pass/fail)
#   make lab-skeleton LAB=N DEST=DIR   a student tree for coursework lab N (docs/labs/)
#   make grade LAB=N                   grade lab N: each test's points, a total out of 100
#   make CC=clang   build the kernel with clang instead of gcc
#
# Variables: MEM (QEMU memory, default 1G), CMDLINE (kernel command line), GDB_PORT,
# DISK=1 (an ext2 disk as hda: make run DISK=1), BUSYBOX=1 (Debian's BusyBox as the shell),
# SWAP=1 (a 128 MiB swap disk made by mkswap as hdb: make run SWAP=1 MEM=64M, then swapon /dev/hdb).
# NET=1 (an e1000 network card on QEMU's user networking; FORWARD=HOST:GUEST forwards a port to the guest).

CC := gcc
NASM := nasm
LD := ld
PYTHON := python3

BUILD := build
GEN := $(BUILD)/gen
OBJ := $(BUILD)/obj
MEM ?= 1G
CMDLINE ?=
GDB_PORT ?= 1234
V ?= 0
ifeq ($(V),0)
Q := @
say = @echo "  $(1)	$(2)"
else
Q :=
say =
endif

# ---------------------------------------------------------------------------- kernel flags

KCFLAGS := -m32 -march=i686 -std=gnu11 -O2 -g \
	-ffreestanding -fno-pic -fno-pie -fno-stack-protector -fno-strict-aliasing \
	-fno-omit-frame-pointer -fno-asynchronous-unwind-tables -fno-common \
	-mno-sse -mno-mmx -mno-80387 -mno-red-zone -mregparm=3 \
	-Wall -Wextra -Werror -Wno-unused-parameter -Wmissing-prototypes \
	-Iinclude -Iinclude/uapi -I$(GEN) -MD -MP
# Debug information names source files relative to the tree, so a build is the same (to the
# byte) in any checkout: the sizes the docs show must not depend on where the tree is.
KCFLAGS += -ffile-prefix-map=$(CURDIR)=.
# gcc may turn a loop into a call to memset or memcpy, even inside memset itself; keep it from that.
KCFLAGS += $(if $(findstring clang,$(CC)),,-fno-tree-loop-distribute-patterns)
NASMFLAGS := -f elf32 -g -F dwarf -I$(GEN)/ -Iboot/
LDFLAGS := -m elf_i386 -nostdlib -z noexecstack --no-warn-rwx-segments

# Every .c and .asm under the kernel's directories is part of the kernel; no list to forget.
# lib/: code the kernel, the user library and the host tests all build.
LIB_C := $(wildcard lib/*.c)
KERNEL_C := $(filter-out kernel/asm-offsets.c,$(wildcard kernel/*.c mm/*.c fs/*.c fs/ext2/*.c block/*.c ipc/*.c drivers/*.c net/*.c)) $(LIB_C)
KERNEL_ASM := $(wildcard boot/*.asm kernel/*.asm)
KERNEL_OBJS := $(KERNEL_C:%.c=$(OBJ)/%.o) $(KERNEL_ASM:%.asm=$(OBJ)/%.o) $(GEN)/syscall_table.o

.PHONY: lab-skeleton grade disk-clean all run run-iso run-gdb debug gdb iso test test-host bench setup clean check-tools samples pictures FORCE
all: $(BUILD)/kernel $(BUILD)/initramfs.cpio

# Tools: `make run` and `make test` install what is missing through scripts/setup.sh.
check-tools:
	@bash scripts/setup.sh --check >/dev/null 2>&1 || bash scripts/setup.sh

setup:
	bash scripts/setup.sh

# A file holding a setting's value, rewritten only when the value changes: what depends on it
# is rebuilt then (make CC=clang after a gcc build rebuilds everything, as it should).
define setting_stamp
	@mkdir -p $(dir $@)
	@printf '%s\n' '$(1)' | cmp -s - $@ 2>/dev/null || printf '%s\n' '$(1)' > $@
endef
$(BUILD)/settings/kernel-cc: FORCE
	$(call setting_stamp,$(CC) $(KCFLAGS))
$(BUILD)/settings/user-cc: FORCE
	$(call setting_stamp,$(CC) $(USER_CFLAGS))
$(BUILD)/settings/iso-cmdline: FORCE
	$(call setting_stamp,$(CMDLINE))

# The constants NASM needs, computed by the C compiler from the C headers (kernel/asm-offsets.c).
$(GEN)/layout.inc: kernel/asm-offsets.c
	@mkdir -p $(dir $@)
	$(call say,GEN,$@)
	$(Q)$(CC) $(KCFLAGS) -MF $(GEN)/asm-offsets.d -S $< -o $(GEN)/asm-offsets.s
	$(Q)awk '/->/ { sub(/.*->/, ""); sub(/".*/, ""); v = $$2 + 0; if (v < 0) v += 4294967296; \
		printf "%%define %s 0x%08x\n", $$1, v }' $(GEN)/asm-offsets.s > $@

# The system-call table, every entry point's prototype and the numbers user programs use
# (asm/unistd_32.h), from the one table of calls.
SYSCALL_GEN := $(GEN)/generated/syscalls.h $(GEN)/syscall_table.c $(GEN)/uapi/asm/unistd_32.h
$(SYSCALL_GEN) &: kernel/syscall_32.tbl scripts/gen_syscalls.py
	@mkdir -p $(GEN)/generated $(GEN)/uapi/asm
	$(call say,GEN,$(GEN)/syscall_table.c)
	$(Q)$(PYTHON) scripts/gen_syscalls.py $< $(SYSCALL_GEN)
$(KERNEL_OBJS): | $(GEN)/generated/syscalls.h

# The linker script takes its addresses from include/mm/layout.h through the preprocessor.
$(BUILD)/linker.ld: linker.ld include/mm/layout.h
	@mkdir -p $(dir $@)
	$(call say,GEN,$@)
	$(Q)$(CC) -E -P -x c -D__ASSEMBLER__ -Iinclude $< -o $@

$(OBJ)/%.o: %.c $(BUILD)/settings/kernel-cc
	@mkdir -p $(dir $@)
	$(call say,CC,$<)
	$(Q)$(CC) $(KCFLAGS) -c $< -o $@

$(GEN)/%.o: $(GEN)/%.c $(BUILD)/settings/kernel-cc
	$(call say,CC,$<)
	$(Q)$(CC) $(KCFLAGS) -c $< -o $@

$(OBJ)/%.o: %.asm $(GEN)/layout.inc
	@mkdir -p $(dir $@)
	$(call say,NASM,$<)
	$(Q)$(NASM) $(NASMFLAGS) -MD $(@:.o=.d) -MP $< -o $@

# The vDSO (vdso/): a shared object of its own, position-independent and without relocations,
# embedded in the kernel by kernel/vdso_image.asm (incbin) and mapped into every process.
VDSO_CFLAGS := -m32 -march=i686 -std=gnu11 -O2 -fPIC -ffreestanding -fno-stack-protector \
	-fno-asynchronous-unwind-tables -fno-common -fvisibility=hidden -mno-sse -mno-mmx \
	-Wall -Wextra -Werror -Iinclude -Iinclude/uapi -I$(GEN) -ffile-prefix-map=$(CURDIR)=.
$(GEN)/vdso/vdso.o: vdso/vdso.c include/kernel/vdso.h include/kernel/time.h $(BUILD)/settings/kernel-cc
	@mkdir -p $(dir $@)
	$(call say,CC,$<)
	$(Q)$(CC) $(VDSO_CFLAGS) -c $< -o $@
$(GEN)/vdso/vsyscall.o: vdso/vsyscall.asm
	@mkdir -p $(dir $@)
	$(call say,NASM,$<)
	$(Q)$(NASM) -f elf32 $< -o $@
$(GEN)/vdso.so: $(GEN)/vdso/vdso.o $(GEN)/vdso/vsyscall.o vdso/vdso.lds
	$(call say,LD,$@)
	$(Q)$(LD) -m elf_i386 -shared -T vdso/vdso.lds --hash-style=both -soname=linux-gate.so.1 \
		--build-id=none -z noexecstack -o $@ $(GEN)/vdso/vdso.o $(GEN)/vdso/vsyscall.o
	@if readelf -r $@ | grep -q R_386; then echo "vdso.so has relocations: it cannot be mapped as it is" >&2; rm -f $@; exit 1; fi
$(OBJ)/kernel/vdso_image.o: $(GEN)/vdso.so

# Two links: the first finds where every function lands; its symbols become the table that the
# second link embeds (in .ksyms, after all code, so no function moves). The check after the
# second link proves that.
$(BUILD)/kernel.pass1: $(KERNEL_OBJS) $(BUILD)/linker.ld $(BUILD)/gen/ksyms-empty.o
	$(call say,LD,$@)
	$(Q)$(LD) $(LDFLAGS) -T $(BUILD)/linker.ld -o $@ $(KERNEL_OBJS) $(BUILD)/gen/ksyms-empty.o

$(GEN)/ksyms-empty.c: scripts/gen_ksyms.sh
	@mkdir -p $(dir $@)
	$(Q)sh scripts/gen_ksyms.sh < /dev/null > $@

$(GEN)/ksyms.c: $(BUILD)/kernel.pass1 scripts/gen_ksyms.sh
	$(call say,GEN,$@)
	$(Q)nm -n $< | sh scripts/gen_ksyms.sh > $@

$(BUILD)/kernel: $(BUILD)/kernel.pass1 $(BUILD)/gen/ksyms.o
	$(call say,LD,$@)
	$(Q)$(LD) $(LDFLAGS) -T $(BUILD)/linker.ld -o $@ $(KERNEL_OBJS) $(BUILD)/gen/ksyms.o
	@nm -n $(BUILD)/kernel.pass1 | awk '$$2 ~ /^[tT]$$/' > $(BUILD)/ksyms.pass1
	@nm -n $@ | awk '$$2 ~ /^[tT]$$/' > $(BUILD)/ksyms.pass2
	@cmp -s $(BUILD)/ksyms.pass1 $(BUILD)/ksyms.pass2 || \
		{ echo "error: functions moved between the two links; the symbol table would lie"; exit 1; }
	@echo "  built $@ ($$(($$(stat -c %s $@) / 1024)) KiB with symbols)"

# ---------------------------------------------------------------------------- user programs

# Programs under user/bin (and the tests under user/tests) are built against the project's own
# library, user/lib, which shares string.c and vsprintf.c with the kernel. Every program found
# there goes into the initramfs: /bin/NAME, /test/NAME. Programs under user/musl are built
# with Debian's musl libc for i386, unchanged, into /musl/NAME, and with glibc into /glibc/NAME.
USER_CFLAGS := -m32 -march=i686 -std=gnu11 -O2 -g -ffreestanding -fno-pic -fno-pie \
	-fno-stack-protector -fno-builtin -fno-omit-frame-pointer -fno-asynchronous-unwind-tables \
	-Wall -Wextra -Werror -Wno-unused-parameter -Iuser/include -Iinclude -Iinclude/uapi -I$(GEN)/uapi -MD -MP
USER_CFLAGS += $(if $(findstring clang,$(CC)),,-fno-tree-loop-distribute-patterns)
USER_CFLAGS += -ffile-prefix-map=$(CURDIR)=.
USER_LDFLAGS := -m elf_i386 -nostdlib -static -z noexecstack --no-warn-rwx-segments
MUSL_CC := i386-linux-musl-gcc
MUSL_CFLAGS := -static -O2 -Wall -Wextra -Werror

USER_LIB_OBJS := $(patsubst %.c,$(BUILD)/user/%.o,$(wildcard user/lib/*.c) $(LIB_C)) \
	$(BUILD)/user/user/lib/crt0.o
USER_BINS := $(patsubst user/bin/%.c,$(BUILD)/initramfs/bin/%,$(wildcard user/bin/*.c))
USER_TESTS := $(patsubst user/tests/%.c,$(BUILD)/initramfs/test/%,$(wildcard user/tests/*.c))
MUSL_BINS := $(patsubst user/musl/%.c,$(BUILD)/initramfs/musl/%,$(wildcard user/musl/*.c))
# The same sources built against glibc (static), into /glibc: the other libc Linux programs use.
GLIBC_BINS := $(patsubst user/musl/%.c,$(BUILD)/initramfs/glibc/%,$(wildcard user/musl/*.c))
# Checked against Linux (scripts/linux-reference.sh): musl programs that print only facts.
LINUXCHECK_BINS := $(patsubst user/linuxcheck/%.c,$(BUILD)/initramfs/linuxcheck/%,$(wildcard user/linuxcheck/*.c))
# sqlitetest links Debian's static SQLite for i386, which is built for glibc: libsqlite3.a and
# sqlite3.h from the libsqlite3-dev:i386 package (scripts/get-deb-file.sh).
SQLITE := $(BUILD)/sqlite
# Those whose facts depend on the libc's own code too (vfork, posix_spawn, system, popen) are
# also built with glibc, into /linuxcheck-glibc, and must print the same facts.
LINUXCHECK_GLIBC := spawntest threadtest
# Network programs (user/net), built with musl like any Linux program that uses sockets: /bin/NAME.
NET_BINS := $(patsubst user/net/%.c,$(BUILD)/initramfs/bin/%,$(wildcard user/net/*.c))
# The benchmark make bench runs on this kernel and on Linux (scripts/bench.py): /bench/NAME.
BENCH_BINS := $(patsubst user/bench/%.c,$(BUILD)/initramfs/bench/%,$(wildcard user/bench/*.c))
LINUXCHECK_BINS += $(patsubst %,$(BUILD)/initramfs/linuxcheck-glibc/%,$(LINUXCHECK_GLIBC))

# Keep the user programs' objects (made on the way to a program by a chain of pattern rules).
# Only these: a program that failed to link must be tried again by the next make, not skipped.
.SECONDARY: $(patsubst user/%.c,$(BUILD)/user/user/%.o,$(wildcard user/bin/*.c user/tests/*.c))

$(BUILD)/user/%.o: %.c $(BUILD)/settings/user-cc | $(GEN)/uapi/asm/unistd_32.h
	@mkdir -p $(dir $@)
	$(call say,CC,$<)
	$(Q)$(CC) $(USER_CFLAGS) -c $< -o $@

$(BUILD)/user/user/lib/crt0.o: user/lib/crt0.asm
	@mkdir -p $(dir $@)
	$(call say,NASM,$<)
	$(Q)$(NASM) -f elf32 -g -F dwarf $< -o $@

$(BUILD)/user/libpagoda.a: $(USER_LIB_OBJS)
	$(Q)rm -f $@ && ar rcs $@ $^

$(BUILD)/initramfs/bin/%: $(BUILD)/user/user/bin/%.o $(BUILD)/user/libpagoda.a
	@mkdir -p $(dir $@)
	$(call say,LD,$@)
	$(Q)$(LD) $(USER_LDFLAGS) -o $@ $(BUILD)/user/user/lib/crt0.o $< $(BUILD)/user/libpagoda.a

$(BUILD)/initramfs/test/%: $(BUILD)/user/user/tests/%.o $(BUILD)/user/libpagoda.a
	@mkdir -p $(dir $@)
	$(call say,LD,$@)
	$(Q)$(LD) $(USER_LDFLAGS) -o $@ $(BUILD)/user/user/lib/crt0.o $< $(BUILD)/user/libpagoda.a

$(BUILD)/initramfs/musl/%: user/musl/%.c | check-tools
	@mkdir -p $(dir $@)
	$(call say,MUSLCC,$<)
	$(Q)$(MUSL_CC) $(MUSL_CFLAGS) $< -o $@

$(BUILD)/initramfs/glibc/%: user/musl/%.c | check-tools
	@mkdir -p $(dir $@)
	$(call say,GLIBCC,$<)
	$(Q)gcc -m32 -static $(MUSL_CFLAGS) $< -o $@

$(BUILD)/initramfs/bin/%: user/net/%.c | check-tools
	@mkdir -p $(dir $@)
	$(call say,MUSLCC,$<)
	$(Q)$(MUSL_CC) $(MUSL_CFLAGS) $< -o $@

$(BUILD)/initramfs/bench/%: user/bench/%.c | check-tools
	@mkdir -p $(dir $@)
	$(call say,MUSLCC,$<)
	$(Q)$(MUSL_CC) $(MUSL_CFLAGS) $< -o $@

$(BUILD)/initramfs/linuxcheck/%: user/linuxcheck/%.c user/linuxcheck/check.h | check-tools
	@mkdir -p $(dir $@)
	$(call say,MUSLCC,$<)
	$(Q)$(MUSL_CC) $(MUSL_CFLAGS) $< -o $@

$(SQLITE)/libsqlite3.a: scripts/get-deb-file.sh
	$(call say,GET,$@)
	$(Q)scripts/get-deb-file.sh libsqlite3-dev ./usr/include/sqlite3.h $(SQLITE)/sqlite3.h >/dev/null
	$(Q)scripts/get-deb-file.sh libsqlite3-dev ./usr/lib/i386-linux-gnu/libsqlite3.a $@ >/dev/null

$(BUILD)/initramfs/linuxcheck/sqlitetest: user/linuxcheck/sqlitetest.c user/linuxcheck/check.h $(SQLITE)/libsqlite3.a | check-tools
	@mkdir -p $(dir $@)
	$(call say,GLIBCC,$<)
	@rm -f $@
	$(Q)gcc -m32 -static $(MUSL_CFLAGS) -I$(SQLITE) $< $(SQLITE)/libsqlite3.a -lm -o $@ 2>&1 | \
		grep -v "unixDlOpen\|requires at runtime the shared libraries\|in statically linked applications" >&2 || true
	@test -x $@                               # (the filter above hides only dlopen's warning)

$(BUILD)/initramfs/linuxcheck-glibc/%: user/linuxcheck/%.c user/linuxcheck/check.h | check-tools
	@mkdir -p $(dir $@)
	$(call say,GLIBCC,$<)
	$(Q)gcc -m32 -static $(MUSL_CFLAGS) $< -o $@

# Malformed executables for the ELF loader's tests, made from a good one.
$(BUILD)/initramfs/test/bad/.stamp: scripts/mkbadelf.py $(BUILD)/initramfs/bin/hello
	@mkdir -p $(dir $@)
	$(call say,GEN,$(dir $@))
	$(Q)$(PYTHON) scripts/mkbadelf.py $(BUILD)/initramfs/bin/hello $(dir $@) && touch $@

# ---------------------------------------------------------------------------- initramfs

# Everything under build/initramfs/ goes into the archive: the programs above and the static
# files of user/root/, all owned by root, whoever builds; then, as a second archive after the
# first (Linux's initramfs reads one after another), the ordinary user's home, owned by uid 1000.
INITRAMFS_FILES := $(USER_BINS) $(NET_BINS) $(USER_TESTS) $(MUSL_BINS) $(GLIBC_BINS) $(LINUXCHECK_BINS) $(BENCH_BINS) $(BUILD)/initramfs/test/bad/.stamp \
	$(shell find user/root -type f 2>/dev/null)

# A program whose source was removed leaves the archive too: the list of programs is a setting,
# and programs in build/initramfs that are not on it are deleted before packing; the static
# files are copied afresh from user/root/, so one removed there is gone too.
PROGRAM_DIRS := bin test musl glibc linuxcheck linuxcheck-glibc bench
$(BUILD)/settings/initramfs-files: FORCE
	$(call setting_stamp,$(INITRAMFS_FILES))

$(BUILD)/initramfs.cpio: $(INITRAMFS_FILES) $(BUILD)/settings/initramfs-files
	@mkdir -p $(BUILD)/initramfs
	$(call say,CPIO,$@)
	$(Q)for f in $$(cd $(BUILD)/initramfs && find $(PROGRAM_DIRS) -maxdepth 1 -type f 2>/dev/null); do \
		case " $(INITRAMFS_FILES) " in *" $(BUILD)/initramfs/$$f "*) ;; *) rm -f $(BUILD)/initramfs/$$f ;; esac; \
	done
	$(Q)for d in $$(cd $(BUILD)/initramfs && ls -A); do \
		case " $(PROGRAM_DIRS) " in *" $$d "*) ;; *) rm -rf $(BUILD)/initramfs/$$d ;; esac; \
	done
	$(Q)cp -r user/root/. $(BUILD)/initramfs/
	$(Q)cd $(BUILD)/initramfs && find . -mindepth 1 ! -name .stamp ! -path './home/user' ! -path './home/user/*' | \
		LC_ALL=C sort | cpio -o -H newc --quiet -R 0:0 > ../initramfs.cpio
	$(Q)cd $(BUILD)/initramfs && find ./home/user | LC_ALL=C sort | cpio -o -H newc --quiet -R 1000:1000 >> ../initramfs.cpio

# ---------------------------------------------------------------------------- ISO

# GRUB_DEFAULT picks the menu entry booted after GRUB_TIMEOUT seconds (the tests boot entry 1,
# the self-tests, with no wait).
GRUB_DEFAULT ?= 0
GRUB_TIMEOUT ?= 3
ISO ?= $(BUILD)/kernel.iso

iso: $(ISO)

$(ISO): $(BUILD)/kernel $(BUILD)/initramfs.cpio scripts/grub.cfg.in $(BUILD)/settings/iso-cmdline | check-tools
	@rm -rf $(BUILD)/iso-root-$(notdir $@)
	@mkdir -p $(BUILD)/iso-root-$(notdir $@)/boot/grub
	cp $(BUILD)/kernel $(BUILD)/initramfs.cpio $(BUILD)/iso-root-$(notdir $@)/boot/
	sed -e 's/@DEFAULT@/$(GRUB_DEFAULT)/' -e 's/@TIMEOUT@/$(GRUB_TIMEOUT)/' \
		-e 's|@CMDLINE@|$(CMDLINE)|' scripts/grub.cfg.in \
		> $(BUILD)/iso-root-$(notdir $@)/boot/grub/grub.cfg
	grub-mkrescue -o $@ $(BUILD)/iso-root-$(notdir $@) 2> $(BUILD)/grub-mkrescue.log || \
		{ cat $(BUILD)/grub-mkrescue.log; exit 1; }

# ---------------------------------------------------------------------------- running

# GDB with the helpers, attached to QEMU's GDB server, loading user symbols after every execve.
GDB_ATTACH = gdb -q -x scripts/gdbinit -ex "target remote 127.0.0.1:$(GDB_PORT)" -ex "usersyms auto"
QEMU_RUN := $(PYTHON) scripts/qemu.py --mem $(MEM) --append "$(CMDLINE)"

# BUSYBOX=1: Debian's busybox-static (scripts/get-deb-file.sh) in a second archive that replaces
# this project's sh, ls, cat and echo, its login shell as init.
ifeq ($(BUSYBOX),1)
RUN_INITRD := $(BUILD)/initramfs.cpio,$(BUILD)/busybox.cpio
RUN_CMDLINE := $(CMDLINE) init=/bin/busybox -- sh -l
else
RUN_INITRD := $(BUILD)/initramfs.cpio
RUN_CMDLINE := $(CMDLINE)
endif

# DISK=1: a disk (build/disk.img, an ext2 image with the same programs) as hda, mounted on /mnt;
# with CMDLINE=root=/dev/hda it is the root instead. The image is made once and then kept, like
# a real disk: what you write there stays; `make disk-clean` makes it afresh.
DISK_IMG := $(BUILD)/disk.img
RUN_DISK := $(if $(filter 1,$(DISK)),--disk $(DISK_IMG))
# SWAP=1: a swap disk (build/swap.img, 128 MiB, made by Debian's mkswap) as hdb; swapon /dev/hdb.
SWAP_IMG := $(BUILD)/swap.img
RUN_SWAP := $(if $(filter 1,$(SWAP)),--swap $(SWAP_IMG))
# NET=1: an e1000 card on QEMU's user networking (the guest 10.0.2.15, the host 10.0.2.2);
# FORWARD=8080:80 also lets a host client reach a guest server at 127.0.0.1:8080.
RUN_NET := $(if $(filter 1,$(NET)),--net $(foreach f,$(FORWARD),--forward $(f)))

run: check-tools all $(if $(filter 1,$(BUSYBOX)),$(BUILD)/busybox.cpio) $(if $(filter 1,$(DISK)),$(DISK_IMG)) \
		$(if $(filter 1,$(SWAP)),$(SWAP_IMG))
	$(PYTHON) scripts/qemu.py --mem $(MEM) --append "$(RUN_CMDLINE)" --kernel $(BUILD)/kernel --initrd $(RUN_INITRD) $(RUN_DISK) $(RUN_SWAP) $(RUN_NET)

$(SWAP_IMG): | check-tools
	$(call say,MKSWAP,$@)
	$(Q)rm -f $@ && truncate -s 128M $@ && chmod 600 $@ && /sbin/mkswap $@ 2>/dev/null | head -1

# The disk: Debian's mke2fs -d copies a directory into a new ext2 image, no root needed.
$(DISK_IMG): | $(BUILD)/initramfs.cpio check-tools
	$(call say,MKE2FS,$@)
	$(Q)rm -rf $(BUILD)/disk-root && cp -r $(BUILD)/initramfs $(BUILD)/disk-root && rm -f $(BUILD)/disk-root/test/bad/.stamp
	$(Q)mkdir -p $(BUILD)/disk-root/proc $(BUILD)/disk-root/dev $(BUILD)/disk-root/tmp $(BUILD)/disk-root/mnt
	$(Q)echo "This file is on the disk (hda), an ext2 file system made by mke2fs -d." > $(BUILD)/disk-root/README
	$(Q)/sbin/mke2fs -q -t ext2 -L pagoda -d $(BUILD)/disk-root -F $@ 64M

disk-clean:
	rm -f $(DISK_IMG) $(SWAP_IMG)

$(BUILD)/busybox/busybox: scripts/get-deb-file.sh
	$(call say,GET,$@)
	$(Q)scripts/get-deb-file.sh busybox-static ./bin/busybox $@ 755 >/dev/null

BUSYBOX_LINKS := $(foreach t,sh ls cat echo,link:bin/$(t)=busybox)
$(BUILD)/busybox.cpio: $(BUILD)/busybox/busybox user/busybox/profile scripts/mkcpio.py
	$(call say,CPIO,$@)
	$(Q)$(PYTHON) scripts/mkcpio.py $@ dir:bin file:bin/busybox=$< $(BUSYBOX_LINKS) dir:sbin dir:usr \
		dir:usr/bin dir:usr/sbin dir:etc file:etc/profile=user/busybox/profile:644

# The BusyBox session make test runs (group busybox), and Linux runs the same way.
$(BUILD)/busybox-test.cpio: $(BUILD)/busybox/busybox tests/busybox/session.sh tests/busybox/httpd.sh scripts/mkcpio.py
	$(call say,CPIO,$@)
	$(Q)$(PYTHON) scripts/mkcpio.py $@ dir:bin file:bin/busybox=$< link:bin/sh=busybox \
		file:session.sh=tests/busybox/session.sh:644 file:httpd.sh=tests/busybox/httpd.sh:644

run-iso: check-tools iso
	$(QEMU_RUN) --iso $(ISO)

debug: check-tools all
	$(QEMU_RUN) --kernel $(BUILD)/kernel --initrd $(BUILD)/initramfs.cpio \
		--gdb-port $(GDB_PORT) --paused --background --serial-log $(BUILD)/serial.log
	$(GDB_ATTACH) -ex 'set $$pagoda_owns_qemu = 1' $(BUILD)/kernel

# run-gdb: like run, with a GDB server on GDB_PORT; `make gdb` (another terminal) attaches.
run-gdb: check-tools all
	$(QEMU_RUN) --kernel $(BUILD)/kernel --initrd $(BUILD)/initramfs.cpio --gdb-port $(GDB_PORT)

gdb: check-tools
	$(GDB_ATTACH) $(BUILD)/kernel

# ---------------------------------------------------------------------------- tests

# Host unit tests: the kernel's portable code (allocators, VMA array, parsers) compiled for the
# host's own ABI, 64-bit on an x86-64 machine, so they run on any host, including one that
# cannot execute i386 programs. They run under AddressSanitizer and UndefinedBehaviorSanitizer;
# the benchmark is built the same way without them, so it measures the code, not the checks.
HOSTCC ?= gcc
HOST_CFLAGS := -std=gnu11 -O2 -g -fno-omit-frame-pointer -Wall -Wextra -Werror -Wno-unused-parameter \
	-Iinclude -Iinclude/uapi -I$(GEN) -Itests/host -DHOST_TEST -fno-builtin -MD -MP
HOST_SANITIZE := -fsanitize=address,undefined -fno-sanitize-recover=all
# Kernel files that do not touch hardware, compiled for the host and tested there.
HOST_KERNEL_SRCS := $(LIB_C) kernel/cmdline.c kernel/ksyms.c kernel/lab.c kernel/cred.c \
	mm/page_alloc.c mm/page_copy.c mm/slab.c mm/memblock.c mm/vmalloc.c mm/vma.c mm/memory.c mm/fault.c mm/fault_trace.c mm/mmap.c \
	mm/radix_tree.c mm/filemap.c mm/vmscan.c mm/rmap.c mm/page-writeback.c fs/inode.c fs/dcache.c fs/namei.c fs/namespace.c fs/ramfs.c fs/char_dev.c \
	fs/cpio.c kernel/elf.c kernel/io_accounting.c net/skbuff.c net/checksum.c
HOST_TEST_SRCS := $(wildcard tests/host/*.c)
HOST_OBJS := $(patsubst %.c,$(BUILD)/host-test/%.o,$(HOST_KERNEL_SRCS) $(HOST_TEST_SRCS))
# The benchmark needs only the allocators (and what they call).
HOST_BENCH_OBJS := $(patsubst %.c,$(BUILD)/host-bench/%.o,$(LIB_C) kernel/cmdline.c mm/page_alloc.c mm/page_copy.c \
	mm/slab.c tests/host/fake_kernel.c tests/bench/bench_alloc.c)

# One rule for every host object. Kernel files get kernel_names.h first, which renames their
# memcpy, strlen, ... so that the tests can compare them with the host libc's own.
host_cc = $(HOSTCC) $(HOST_CFLAGS) $(if $(filter tests/%,$<),,-include tests/host/kernel_names.h) -c $< -o $@

$(BUILD)/host-test/%.o: %.c
	@mkdir -p $(dir $@)
	$(call say,HOSTCC,$<)
	$(Q)$(host_cc) $(HOST_SANITIZE)

$(BUILD)/host-bench/%.o: %.c
	@mkdir -p $(dir $@)
	$(call say,HOSTCC,$<)
	$(Q)$(host_cc)

$(HOST_OBJS): | $(GEN)/generated/syscalls.h

$(BUILD)/host_tests: $(HOST_OBJS)
	$(Q)$(HOSTCC) $(HOST_SANITIZE) -o $@ $^

$(BUILD)/host_bench: $(HOST_BENCH_OBJS)
	$(Q)$(HOSTCC) -o $@ $^

test-host: $(BUILD)/host_tests
	$(BUILD)/host_tests

test: check-tools all $(BUILD)/host_tests $(BUILD)/busybox-test.cpio $(BUILD)/busybox.cpio
	$(PYTHON) scripts/run_tests.py

bench: check-tools all $(BUILD)/host_bench
	$(Q)$(MAKE) --no-print-directory iso ISO=$(BUILD)/test.iso GRUB_DEFAULT=1 GRUB_TIMEOUT=0
	$(BUILD)/host_bench
	$(PYTHON) scripts/bench.py

# Coursework labs (docs/labs/): a student tree for lab LAB in DEST, and the grader.
lab-skeleton:
	@test -n "$(LAB)" -a -n "$(DEST)" || { echo "usage: make lab-skeleton LAB=N DEST=DIR"; exit 1; }
	$(PYTHON) scripts/lab.py skeleton $(LAB) $(DEST)

grade: check-tools
	@test -n "$(LAB)" || { echo "usage: make grade LAB=N"; exit 1; }
	$(PYTHON) scripts/grade.py $(LAB)

# Pictures of memory (docs/pictures.md): memsnap's scenes booted under -icount, drawn by
# scripts/memviz as SVG and PNG. PICTURES_DIR=docs/pictures PICTURES_PNG=0 redraws the docs' own.
PICTURES_DIR ?= $(BUILD)/pictures
PICTURES_PNG ?= 1
pictures: check-tools all
	$(PYTHON) scripts/memviz record $(BUILD)/pictures-memsnap.log --mem 128M
	$(PYTHON) scripts/memviz all $(BUILD)/pictures-memsnap.log $(PICTURES_DIR) \
		--snapshots $(BUILD)/pictures-snapshots $(if $(filter 0,$(PICTURES_PNG)),--svg-only)

# The output samples in the README and docs/, rewritten from a real boot (make test checks them).
samples: check-tools all
	$(PYTHON) scripts/samples.py --update

clean:
	rm -rf $(BUILD)

-include $(shell find $(BUILD) -name '*.d' 2>/dev/null)
