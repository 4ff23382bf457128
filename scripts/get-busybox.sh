#!/bin/bash
# Fetch Debian's busybox-static for i386 (the package, unpacked here, never installed) and put
# its one program at OUT (default build/busybox/busybox). Needs Debian's package mirror the
# first time; the .deb is kept next to it, so later builds work offline.
#
#   scripts/get-busybox.sh [OUT]
set -euo pipefail
cd "$(dirname "$0")/.."
out=${1:-build/busybox/busybox}
work=$(dirname "$out")
mkdir -p "$work"
deb=$(ls "$work"/busybox-static_*_i386.deb 2>/dev/null | head -1 || true)
if [ -z "$deb" ]; then
	(cd "$work" && apt-get download busybox-static:i386 2>&1 | grep -v '^W: Download is performed unsandboxed' || true)
	deb=$(ls "$work"/busybox-static_*_i386.deb 2>/dev/null | head -1 || true)
	if [ -z "$deb" ]; then
		echo "get-busybox: could not download busybox-static:i386 from Debian's mirror" \
		     "(is the i386 architecture enabled? scripts/setup.sh enables it)" >&2
		exit 1
	fi
fi
dpkg-deb --fsys-tarfile "$deb" | tar -x -O ./bin/busybox > "$out.tmp"
chmod 755 "$out.tmp"
mv "$out.tmp" "$out"
echo "get-busybox: $out from $(basename "$deb")"
