#!/bin/bash
# Record what Linux prints: run a static i386 test program as /init on Debian's own i386 kernel
# (linux-image-686, unpacked from the package, never installed) in the same QEMU, and keep the
# lines it prints that start with "mm: " in tests/expected/linux/NAME.out. make test compares
# this kernel's output for the same program with that file, line by line.
#
#   scripts/linux-reference.sh [NAME...]     default: every program in user/linuxcheck
#
# Needs network access to Debian's package mirror (apt-get download) the first time.
set -euo pipefail
cd "$(dirname "$0")/.."
work=build/linux-ref
mkdir -p "$work" tests/expected/linux

deb=$(ls "$work"/linux-image-*-686_*.deb 2>/dev/null | head -1 || true)
if [ -z "$deb" ]; then
	pkg=$(apt-cache depends linux-image-686:i386 | awk '/Depends: linux-image/ { print $2; exit }')
	(cd "$work" && apt-get download "$pkg")
	deb=$(ls "$work"/linux-image-*-686_*.deb | head -1)
fi
version=$(dpkg-deb -f "$deb" Version)
if [ ! -f "$work/vmlinuz" ]; then
	dpkg-deb --fsys-tarfile "$deb" | tar -x -C "$work" --wildcards './boot/vmlinuz-*'
	mv "$work"/boot/vmlinuz-* "$work/vmlinuz"
fi
echo "linux-reference: Debian linux-image 686 $version"

make --no-print-directory build/initramfs.cpio >/dev/null

# run_on_linux LABEL PROGRAM: boot Linux with PROGRAM as /init; print the facts ("mm: " lines).
# /bin/sh is this project's shell (a static Linux i386 program): system() and popen() run it.
run_on_linux() {
	python3 scripts/mkcpio.py "$work/$1.cpio" dir:dev char:dev/console=5,1 dir:data \
		file:data/file.txt=user/root/data/file.txt:644 dir:bin file:bin/sh=build/initramfs/bin/sh \
		file:init="$2"
	timeout 300 qemu-system-i386 -m 256M -kernel "$work/vmlinuz" -initrd "$work/$1.cpio" \
		-append "console=ttyS0 quiet loglevel=0 panic=-1" -display none -serial stdio \
		-no-reboot < /dev/null > "$work/$1.log" 2>&1 || true
	grep -a '^mm: ' "$work/$1.log" | tr -d '\r'
}

names=("$@")
[ ${#names[@]} -gt 0 ] || names=($(cd user/linuxcheck && ls *.c | sed 's/\.c$//'))
for name in "${names[@]}"; do
	run_on_linux "$name" "build/initramfs/linuxcheck/$name" > "tests/expected/linux/$name.out"
	if ! grep -q '^mm: done$' "tests/expected/linux/$name.out"; then
		echo "linux-reference: $name did not finish on Linux; see $work/$name.log" >&2
		exit 1
	fi
	# A glibc build of the same program (Makefile: LINUXCHECK_GLIBC) must say the same on Linux.
	glibc="build/initramfs/linuxcheck-glibc/$name"
	if [ -f "$glibc" ]; then
		if ! run_on_linux "$name-glibc" "$glibc" | cmp -s - "tests/expected/linux/$name.out"; then
			echo "linux-reference: the glibc build of $name prints other facts on Linux; see $work/$name-glibc.log" >&2
			exit 1
		fi
		echo "linux-reference: the glibc build of $name prints the same facts on Linux"
	fi
	echo "linux-reference: tests/expected/linux/$name.out ($(wc -l < "tests/expected/linux/$name.out") lines, Linux $version)"
done
