#!/usr/bin/env bash
# Install every Debian package this project needs to build, boot and test the kernel.
# Safe to run again: it installs only what is missing. Needs root (or sudo) for apt-get.
#
#   scripts/setup.sh           install what is missing
#   scripts/setup.sh --check   only report what is missing (exit 1 if anything is)
set -euo pipefail

# package:command-or-file that proves it is installed
NEEDS=(
  "make:/usr/bin/make"
  "gcc:/usr/bin/gcc"
  "gcc-multilib:/usr/lib/gcc/x86_64-linux-gnu/12/32/crtbegin.o"
  "binutils:/usr/bin/ld"
  "nasm:/usr/bin/nasm"
  "qemu-system-x86:/usr/bin/qemu-system-i386"
  "grub-pc-bin:/usr/lib/grub/i386-pc/moddep.lst"
  "grub-common:/usr/bin/grub-mkrescue"
  "xorriso:/usr/bin/xorriso"
  "mtools:/usr/bin/mformat"
  "gdb:/usr/bin/gdb"
  "cpio:/usr/bin/cpio"
  "python3:/usr/bin/python3"
  "clang:/usr/bin/clang"
  "tmux:/usr/bin/tmux"
  # scripts/memviz draws SVG itself; rsvg-convert turns it into PNG (make pictures)
  "librsvg2-bin:/usr/bin/rsvg-convert"
  # disk images are made and checked with Debian's own tools (mke2fs -d, e2fsck, debugfs)
  "e2fsprogs:/usr/sbin/mke2fs"
  # swap disks are made by mkswap (util-linux: essential on Debian, named here all the same)
  "util-linux:/usr/sbin/mkswap"
  "musl-dev:i386:/usr/lib/i386-linux-musl/libc.a"
  # gcc -m32's <asm/...> headers (errno.h, unistd.h) for glibc programs. gcc-multilib's own
  # /usr/include/asm link goes when musl-dev:i386 brings the i686 cross compiler, which conflicts.
  "linux-libc-dev:i386:/usr/include/i386-linux-gnu/asm/errno.h"
)

missing=()
for entry in "${NEEDS[@]}"; do
  pkg=${entry%:*}
  file=${entry##*:}
  [ -e "$file" ] || missing+=("$pkg")
done

if [ "${1:-}" = "--check" ]; then
  if [ ${#missing[@]} -gt 0 ]; then
    echo "missing packages: ${missing[*]}"
    exit 1
  fi
  exit 0
fi

if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi

SUDO=
if [ "$(id -u)" -ne 0 ]; then
  command -v sudo >/dev/null || { echo "setup.sh: need root to install: ${missing[*]}" >&2; exit 1; }
  SUDO=sudo
fi

echo "setup.sh: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
# musl-dev:i386 needs the i386 architecture enabled before the package lists are fetched.
if ! dpkg --print-foreign-architectures | grep -qx i386; then
  $SUDO dpkg --add-architecture i386
fi
# Install a list of packages; a mirror in mid-sync can fail one index file, and what was fetched
# is still usable, so an update error is reported and the install tried anyway, three times.
install() {
  for try in 1 2 3; do
    $SUDO apt-get update -q || echo "setup.sh: apt-get update reported errors (try $try), going on"
    if $SUDO apt-get install -y -q --no-install-recommends "$@"; then
      return 0
    fi
    echo "setup.sh: apt-get install failed (try $try)" >&2
    sleep 5
  done
  echo "setup.sh: could not install: $*" >&2
  exit 1
}

# Native and i386 packages go in separate transactions: apt's resolver gives up ("held broken
# packages") on gcc-multilib and musl-dev:i386 together, but installs each on its own.
native=()
foreign=()
for pkg in "${missing[@]}"; do
  case $pkg in *:i386) foreign+=("$pkg") ;; *) native+=("$pkg") ;; esac
done
[ ${#native[@]} -eq 0 ] || install "${native[@]}"
[ ${#foreign[@]} -eq 0 ] || install "${foreign[@]}"
