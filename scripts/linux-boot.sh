# Sourced by the scripts that record what Linux does (linux-reference.sh, record-musl-expected.sh):
# Debian's own i386 kernel (linux-image-686, unpacked from the package, never installed) booted in
# QEMU with a program of ours as /init. No i386 program ever runs on the host.
#
#   linux_kernel                 fetch and unpack the kernel once; sets $work and $version
#   run_on_linux LOG CPIO-WORD...   boot it with an initramfs of those mkcpio.py words; the
#                                serial output goes to $work/LOG.log (LINUX_APPEND: more
#                                command line; LINUX_QEMU_EXTRA: more QEMU options, a disk;
#                                LINUX_MEM: the RAM, 256M unless set)

work=build/linux-ref

linux_kernel() {
	local deb pkg
	mkdir -p "$work"
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
}

run_on_linux() {
	local log=$1
	shift
	python3 scripts/mkcpio.py "$work/$log.cpio" dir:dev char:dev/console=5,1 "$@"
	timeout 300 qemu-system-i386 -m ${LINUX_MEM:-256M} -kernel "$work/vmlinuz" -initrd "$work/$log.cpio" \
		-append "console=ttyS0 quiet loglevel=0 panic=-1 ${LINUX_APPEND:-}" -display none -serial stdio \
		-no-reboot ${LINUX_QEMU_EXTRA:-} < /dev/null > "$work/$log.log" 2>&1 || true
}
