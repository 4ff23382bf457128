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

# disk_words PROGRAM NAME: in words, the initramfs of a machine that loads the package's disk
# modules (scripts/linux-modules.py lists them in order) and runs tests/NAME/linux.sh as init,
# with user/linuxcheck/PROGRAM in it.
disk_words() {
	make --no-print-directory build/busybox/busybox "build/initramfs/linuxcheck/$1" >/dev/null
	local deb
	deb=$(ls "$work"/linux-image-*-686_*.deb | head -1)
	mkdir -p "$work/modules"
	python3 scripts/linux-modules.py "$deb" "$work/modules" > "$work/modules/order"
	words=(dir:bin file:bin/busybox=build/busybox/busybox link:bin/sh=busybox dir:modules
	       file:modules/order="$work/modules/order":644 dir:linuxcheck
	       file:linuxcheck/$1=build/initramfs/linuxcheck/$1 file:linux-disk.sh=tests/linux-disk.sh:644
	       file:$2.sh=tests/$2/linux.sh:644)
	for m in $(cat "$work/modules/order"); do words+=("file:modules/$m.ko=$work/modules/$m.ko:644"); done
}

# record LOG OUT WHAT: keep the "mm: " lines of $work/LOG.log in OUT; stop if WHAT did not finish.
record() {
	grep -a '^mm: ' "$work/$1.log" | tr -d '\r' > "$2"
	if ! grep -q '^mm: done$' "$2"; then
		echo "linux-reference: $3 did not finish on Linux; see $work/$1.log" >&2
		exit 1
	fi
	echo "linux-reference: $2 ($(wc -l < "$2") lines, Linux $version)"
}

# The disk: Linux loads ata_piix, sd_mod and ext4 (which mounts ext2) from the package, mounts
# the image (its /dev/sda) on /mnt and runs disktest there: "write" on a fresh image, then
# "check" on what it wrote, as make test's group disk does on this kernel with hda.
# make bench's other half: the benchmark as Linux's init, in 512 MiB, under -icount like ours.
if [ "${1:-}" = bench ]; then
	make --no-print-directory build/initramfs/bench/bench >/dev/null
	LINUX_MEM=512M LINUX_QEMU_EXTRA="-icount shift=0,sleep=off" \
		run_on_linux bench file:init=build/initramfs/bench/bench
	grep -a '^bench: ' "$work/bench.log" | tr -d '\r' > "$work/bench.out"
	if ! grep -q '^bench: done$' "$work/bench.out"; then
		echo "linux-reference: the benchmark did not finish on Linux; see $work/bench.log" >&2
		exit 1
	fi
	echo "linux-reference: $work/bench.out (Linux $version)"
	exit 0
fi

if [ "${1:-}" = disk ]; then
	disk_words disktest disk
	python3 -c "import sys; sys.path.insert(0, 'scripts'); from run_tests import make_disk; \
		e = make_disk('$work/disk.img', '64M'); sys.exit(e)"
	mkdir -p tests/expected/disk
	for mode in write check; do
		LINUX_APPEND="rdinit=/bin/sh -- /disk.sh $mode" \
		LINUX_QEMU_EXTRA="-drive file=$work/disk.img,format=raw,if=ide,index=0,media=disk" \
			run_on_linux "disk-$mode" "${words[@]}"
		record "disk-$mode" "tests/expected/disk/$mode.out" "disktest $mode"
	done
	/sbin/e2fsck -fn "$work/disk.img" >/dev/null || echo "linux-reference: e2fsck finds Linux's image unclean" >&2
	exit 0
fi

# Swap: Linux in 64 MiB with the image mkswap made as its /dev/sda (ata_piix and sd_mod from the
# package), running each swaptest mode as make test's group swap does on this kernel with hdb.
if [ "${1:-}" = swap ]; then
	disk_words swaptest swap
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
		record "swap-$name" "tests/expected/swap/$name.out" "swaptest $mode"
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
