#!/bin/bash
# Fetch Debian's SQLite for i386 (libsqlite3-dev:i386: the static library and its header), for
# the SQLite test program. The package is unpacked here, never installed; it is kept, so later
# builds work offline.
#
#   scripts/get-sqlite.sh [DIR]      default: build/sqlite (libsqlite3.a, sqlite3.h)
set -euo pipefail
cd "$(dirname "$0")/.."
dir=${1:-build/sqlite}
mkdir -p "$dir"
deb=$(ls "$dir"/libsqlite3-dev_*_i386.deb 2>/dev/null | head -1 || true)
if [ -z "$deb" ]; then
	(cd "$dir" && apt-get download libsqlite3-dev:i386 2>&1 | grep -v '^W: Download is performed unsandboxed' || true)
	deb=$(ls "$dir"/libsqlite3-dev_*_i386.deb 2>/dev/null | head -1 || true)
	if [ -z "$deb" ]; then
		echo "get-sqlite: could not download libsqlite3-dev:i386 from Debian's mirror" \
		     "(is the i386 architecture enabled? scripts/setup.sh enables it)" >&2
		exit 1
	fi
fi
dpkg-deb --fsys-tarfile "$deb" | tar -x -O ./usr/lib/i386-linux-gnu/libsqlite3.a > "$dir/libsqlite3.a"
dpkg-deb --fsys-tarfile "$deb" | tar -x -O ./usr/include/sqlite3.h > "$dir/sqlite3.h"
echo "get-sqlite: $dir/libsqlite3.a from $(basename "$deb")"
