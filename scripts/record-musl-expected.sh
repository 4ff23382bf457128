#!/bin/sh
# Record what the musl test programs print on Linux: run each static i386 binary from
# build/initramfs/musl on this machine's Linux kernel and save its standard output and exit
# status in tests/expected/musl/NAME.out. make test compares the kernel's output with these.
# Run it after changing a program in user/musl (make first), and commit the result.
set -eu
cd "$(dirname "$0")/.."
mkdir -p tests/expected/musl
for bin in build/initramfs/musl/*; do
	name=$(basename "$bin")
	out=tests/expected/musl/$name.out
	set +e
	"$bin" > "$out.tmp" 2>/dev/null
	status=$?
	set -e
	printf 'exit=%d\n' "$status" >> "$out.tmp"
	mv "$out.tmp" "$out"
	echo "recorded $out (exit $status)"
done
