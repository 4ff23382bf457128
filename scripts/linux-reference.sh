#!/bin/bash
# Record what Linux prints: run a static i386 test program as /init on Debian's own i386 kernel
# (linux-image-686, unpacked from the package, never installed) in the same QEMU, and keep the
# lines it prints that start with "mm: " in tests/expected/linux/NAME.out. make test compares
# this kernel's output for the same program with that file, line by line.
#
#   scripts/linux-reference.sh [NAME...]     default: every program in user/linuxcheck
#   scripts/linux-reference.sh busybox       the BusyBox session (tests/busybox/session.sh):
#                                            its "bb: " lines, into tests/expected/busybox/session.out
#   scripts/linux-reference.sh disk          disktest on an ext2 image made as make test makes it,
#                                            mounted by Linux's own IDE and ext2 drivers (modules
#                                            from the same package): tests/expected/disk/*.out
#   scripts/linux-reference.sh swap [MODE]   swaptest in 64 MiB of RAM with a swap disk made by
#                                            mkswap (and without, for the OOM killer):
#                                            tests/expected/swap/*.out
#
# Needs network access to Debian's package mirror (apt-get download) the first time.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/linux-boot.sh
mkdir -p tests/expected/linux
linux_kernel
echo "linux-reference: Debian linux-image 686 $version"

make --no-print-directory build/initramfs.cpio >/dev/null

# facts LABEL PROGRAM: boot Linux with PROGRAM as /init; print the facts ("mm: " lines).
# /bin/sh is this project's shell (a static Linux i386 program): system() and popen() run it.
facts() {
	run_on_linux "$1" dir:data file:data/file.txt=user/root/data/file.txt:644 dir:bin \
		file:bin/sh=build/initramfs/bin/sh file:init="$2"
	grep -a '^mm: ' "$work/$1.log" | tr -d '\r'
}

# The BusyBox session: Debian's busybox-static as /bin/sh, running the session script as init.
if [ "${1:-}" = busybox ]; then
	make --no-print-directory build/busybox/busybox >/dev/null
	LINUX_APPEND="rdinit=/bin/sh -- /session.sh" run_on_linux busybox dir:bin \
		file:bin/busybox=build/busybox/busybox link:bin/sh=busybox \
		file:session.sh=tests/busybox/session.sh:644 dir:etc \
		file:etc/passwd=user/root/etc/passwd:644 file:etc/group=user/root/etc/group:644
	mkdir -p tests/expected/busybox
	grep -a '^bb: ' "$work/busybox.log" | tr -d '\r' > tests/expected/busybox/session.out
	if ! grep -q '^bb: done$' tests/expected/busybox/session.out; then
		echo "linux-reference: the BusyBox session did not finish on Linux; see $work/busybox.log" >&2
		exit 1
	fi
	echo "linux-reference: tests/expected/busybox/session.out ($(wc -l < tests/expected/busybox/session.out) lines, Linux $version)"
	exit 0
fi

# The disk: Linux loads ata_piix, sd_mod and ext4 (which mounts ext2) from the package, mounts
# the image (its /dev/sda) on /mnt and runs disktest there: "write" on a fresh image, then
# "check" on what it wrote, as make test's group disk does on this kernel with hda.
if [ "${1:-}" = disk ]; then
	make --no-print-directory build/busybox/busybox build/initramfs/linuxcheck/disktest >/dev/null
	deb=$(ls "$work"/linux-image-*-686_*.deb | head -1)
	mkdir -p "$work/modules"
	python3 scripts/linux-modules.py "$deb" "$work/modules" > "$work/modules/order"
	words=(dir:bin file:bin/busybox=build/busybox/busybox link:bin/sh=busybox dir:modules
	       file:modules/order="$work/modules/order":644 dir:linuxcheck
	       file:linuxcheck/disktest=build/initramfs/linuxcheck/disktest file:disk.sh=tests/disk/linux.sh:644)
	for m in $(cat "$work/modules/order"); do words+=("file:modules/$m.ko=$work/modules/$m.ko:644"); done
	python3 -c "import sys; sys.path.insert(0, 'scripts'); from run_tests import make_disk; \
		e = make_disk('$work/disk.img', '64M'); sys.exit(e)"
	mkdir -p tests/expected/disk
	for mode in write check; do
		LINUX_APPEND="rdinit=/bin/sh -- /disk.sh $mode" \
		LINUX_QEMU_EXTRA="-drive file=$work/disk.img,format=raw,if=ide,index=0,media=disk" \
			run_on_linux "disk-$mode" "${words[@]}"
		grep -a '^mm: ' "$work/disk-$mode.log" | tr -d '\r' > "tests/expected/disk/$mode.out"
		if ! grep -q '^mm: done$' "tests/expected/disk/$mode.out"; then
			echo "linux-reference: disktest $mode did not finish on Linux; see $work/disk-$mode.log" >&2
			exit 1
		fi
		echo "linux-reference: tests/expected/disk/$mode.out ($(wc -l < "tests/expected/disk/$mode.out") lines, Linux $version)"
	done
	/sbin/e2fsck -fn "$work/disk.img" >/dev/null || echo "linux-reference: e2fsck finds Linux's image unclean" >&2
	exit 0
fi

# Swap: Linux in 64 MiB with the image mkswap made as its /dev/sda (ata_piix and sd_mod from the
# package), running each swaptest mode as make test's group swap does on this kernel with hdb.
if [ "${1:-}" = swap ]; then
	make --no-print-directory build/busybox/busybox build/initramfs/linuxcheck/swaptest >/dev/null
	deb=$(ls "$work"/linux-image-*-686_*.deb | head -1)
	mkdir -p "$work/modules"
	python3 scripts/linux-modules.py "$deb" "$work/modules" > "$work/modules/order"
	words=(dir:bin file:bin/busybox=build/busybox/busybox link:bin/sh=busybox dir:modules
	       file:modules/order="$work/modules/order":644 dir:linuxcheck
	       file:linuxcheck/swaptest=build/initramfs/linuxcheck/swaptest file:swap.sh=tests/swap/linux.sh:644)
	for m in $(cat "$work/modules/order"); do words+=("file:modules/$m.ko=$work/modules/$m.ko:644"); done
	mkdir -p tests/expected/swap
	modes=("fill 128" fork swapoff oom sysctl)
	[ $# -lt 2 ] || modes=("${@:2}")            # swap MODE...: only these
	for mode in "${modes[@]}"; do
		name=${mode%% *}
		python3 -c "import sys; sys.path.insert(0, 'scripts'); from run_tests import make_swap; \
			e = make_swap('$work/swap.img', '128M'); sys.exit(e)"
		LINUX_MEM=64M LINUX_APPEND="rdinit=/bin/sh -- /swap.sh $mode" \
		LINUX_QEMU_EXTRA="-drive file=$work/swap.img,format=raw,if=ide,index=0,media=disk" \
			run_on_linux "swap-$name" "${words[@]}"
		grep -a '^mm: ' "$work/swap-$name.log" | tr -d '\r' > "tests/expected/swap/$name.out"
		if ! grep -q '^mm: done$' "tests/expected/swap/$name.out"; then
			echo "linux-reference: swaptest $mode did not finish on Linux; see $work/swap-$name.log" >&2
			exit 1
		fi
		echo "linux-reference: tests/expected/swap/$name.out ($(wc -l < "tests/expected/swap/$name.out") lines, Linux $version)"
	done
	exit 0
fi

names=("$@")
# disktest needs a disk: "scripts/linux-reference.sh disk" records it
[ ${#names[@]} -gt 0 ] || names=($(cd user/linuxcheck && ls *.c | sed 's/\.c$//' | grep -vx 'disktest\|swaptest'))
for name in "${names[@]}"; do
	facts "$name" "build/initramfs/linuxcheck/$name" > "tests/expected/linux/$name.out"
	if ! grep -q '^mm: done$' "tests/expected/linux/$name.out"; then
		echo "linux-reference: $name did not finish on Linux; see $work/$name.log" >&2
		exit 1
	fi
	# A glibc build of the same program (Makefile: LINUXCHECK_GLIBC) must say the same on Linux.
	glibc="build/initramfs/linuxcheck-glibc/$name"
	if [ -f "$glibc" ]; then
		if ! facts "$name-glibc" "$glibc" | cmp -s - "tests/expected/linux/$name.out"; then
			echo "linux-reference: the glibc build of $name prints other facts on Linux; see $work/$name-glibc.log" >&2
			exit 1
		fi
		echo "linux-reference: the glibc build of $name prints the same facts on Linux"
	fi
	echo "linux-reference: tests/expected/linux/$name.out ($(wc -l < "tests/expected/linux/$name.out") lines, Linux $version)"
done
