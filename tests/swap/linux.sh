# Run by BusyBox's shell as init on Debian's Linux 6.1 (scripts/linux-reference.sh swap), in
# 64 MiB of RAM: load the IDE and SCSI disk modules the package has, then run swaptest MODE
# with the disk (made by mkswap, as make test's group swap makes it) as /dev/sda.
export PATH=/bin
/bin/busybox --install -s /bin
mkdir -p /proc /sys /dev
mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev
for m in $(cat /modules/order); do
	insmod /modules/$m.ko || echo "linux.sh: insmod $m failed"
done
i=0
while [ ! -b /dev/sda ] && [ $i -lt 200 ]; do sleep 0.1; i=$((i + 1)); done
if [ "$1" = oom ] || [ "$1" = sysctl ]; then
	/linuxcheck/swaptest "$1"          # the OOM killer must not be asked to choose init
	poweroff -f
fi
# as pid 1, the only process, as on this kernel (it powers off when done)
exec /linuxcheck/swaptest "$@" /dev/sda
