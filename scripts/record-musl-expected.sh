#!/bin/bash
# Record what the libc test programs print on Linux: boot Debian's own i386 kernel in QEMU with
# /test/runmusl as init, which runs every program of build/initramfs/musl and
# build/initramfs/glibc and prints each one's standard output and exit status; keep each in
# tests/expected/{musl,glibc}/NAME.out. make test compares this kernel's output with these. Run it
# after adding or changing a program in user/musl, and commit the result.
#
# Nothing runs on the host. A program that Linux could not run (exit 126 or 127), or one that
# printed nothing at all, is a failure to record: the script stops and changes no file.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/linux-boot.sh
linux_kernel
echo "record-musl-expected: Debian linux-image 686 $version"
make --no-print-directory build/initramfs.cpio >/dev/null

words=(dir:tmp dir:test file:init=build/initramfs/test/runmusl)
for libc in musl glibc; do
	words+=("dir:$libc")
	for bin in build/initramfs/$libc/*; do
		words+=("file:$libc/$(basename "$bin")=$bin")
	done
done
run_on_linux musl-expected "${words[@]}"

python3 - "$work/musl-expected.log" <<'PYTHON'
import os, re, sys

log = open(sys.argv[1], errors="replace").read().replace("\r\n", "\n")
blocks = re.findall(r"^=== (musl|glibc) (\S+) ===\n(.*?)^=== end ===$", log, re.M | re.S)
programs = {(libc, name) for libc in ("musl", "glibc")
            for name in os.listdir(os.path.join("build", "initramfs", libc))}
found = {(libc, name) for libc, name, _ in blocks}
bad = [("%s/%s" % (libc, name), out.strip().splitlines()[-1] if out.strip() else "no output")
       for libc, name, out in blocks
       if not out.strip() or re.search(r"^exit=12[67]$", out, re.M)]
missing = sorted("%s/%s" % p for p in programs - found)
if bad or missing or not blocks:
    for what, why in bad:
        print("record-musl-expected: %s did not run on Linux (%s)" % (what, why), file=sys.stderr)
    for what in missing:
        print("record-musl-expected: %s printed nothing on Linux" % what, file=sys.stderr)
    print("record-musl-expected: nothing recorded; see %s" % sys.argv[1], file=sys.stderr)
    sys.exit(1)
for libc, name, out in blocks:
    path = os.path.join("tests", "expected", libc, name + ".out")
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w") as f:
        f.write(out)
    print("recorded %s (%s)" % (path, out.strip().splitlines()[-1]))
PYTHON
