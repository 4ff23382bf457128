# Run by BusyBox's shell as init on Debian's Linux 6.1 (scripts/linux-reference.sh swap), in
# 64 MiB of RAM: with the disk modules loaded (tests/linux-disk.sh), run swaptest MODE with the
# disk (made by mkswap, as make test's group swap makes it) as /dev/sda.
. /linux-disk.sh
if [ "$1" = oom ] || [ "$1" = sysctl ]; then
	/linuxcheck/swaptest "$1"          # the OOM killer must not be asked to choose init
	poweroff -f
fi
# as pid 1, the only process, as on this kernel (it powers off when done)
exec /linuxcheck/swaptest "$@" /dev/sda
