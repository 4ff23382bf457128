#!/bin/bash
# Take one file out of one of Debian's i386 packages, unpacked here and never installed (what
# make test needs from busybox-static and libsqlite3-dev). The .deb is downloaded from Debian's
# mirror the first time and kept beside OUT, so later builds work offline.
#
#   scripts/get-deb-file.sh PACKAGE MEMBER OUT [MODE]
#   e.g. scripts/get-deb-file.sh busybox-static ./bin/busybox build/busybox/busybox 755
set -euo pipefail
cd "$(dirname "$0")/.."
pkg=$1 member=$2 out=$3 mode=${4:-644}
work=$(dirname "$out")
mkdir -p "$work"
deb=$(ls "$work/${pkg}"_*_i386.deb 2>/dev/null | head -1 || true)
if [ -z "$deb" ]; then
	(cd "$work" && apt-get download "$pkg:i386" 2>&1 | grep -v '^W: Download is performed unsandboxed' || true)
	deb=$(ls "$work/${pkg}"_*_i386.deb 2>/dev/null | head -1 || true)
	if [ -z "$deb" ]; then
		echo "get-deb-file: could not download $pkg:i386 from Debian's mirror" \
		     "(is the i386 architecture enabled? scripts/setup.sh enables it)" >&2
		exit 1
	fi
fi
dpkg-deb --fsys-tarfile "$deb" | tar -x -O "$member" > "$out.tmp"
chmod "$mode" "$out.tmp"
mv "$out.tmp" "$out"
echo "get-deb-file: $out from $(basename "$deb")"
