#!/bin/sh
# Record what the libc test programs print on Linux: run each static i386 binary from
# build/initramfs/musl and build/initramfs/glibc on this machine's Linux kernel and save its
# standard output and exit status in tests/expected/{musl,glibc}/NAME.out. make test compares
# the kernel's output with these. Run it after changing a program in user/musl (make first),
# and commit the result.
set -eu
cd "$(dirname "$0")/.."
for bin in build/initramfs/musl/* build/initramfs/glibc/*; do
	name=$(basename "$bin")
	libc=$(basename "$(dirname "$bin")")
	mkdir -p "tests/expected/$libc"
	out=tests/expected/$libc/$name.out
	set +e
	"$bin" > "$out.tmp" 2>/dev/null
	status=$?
	set -e
	printf 'exit=%d\n' "$status" >> "$out.tmp"
	mv "$out.tmp" "$out"
	echo "recorded $out (exit $status)"
done
