# Sourced by tests/disk/linux.sh and tests/swap/linux.sh, run by BusyBox's shell as init on
# Debian's Linux 6.1 (scripts/linux-reference.sh disk, swap): BusyBox's applets, /proc, /sys
# and /dev, the package's disk modules (IDE, SCSI disk, ext4 for ext2) loaded in their order,
# and a wait for the disk to appear as /dev/sda.
export PATH=/bin
/bin/busybox --install -s /bin
mkdir -p /proc /sys /dev /mnt
mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev
for m in $(cat /modules/order); do
	insmod /modules/$m.ko || echo "linux.sh: insmod $m failed"
done
i=0
while [ ! -b /dev/sda ] && [ $i -lt 200 ]; do sleep 0.1; i=$((i + 1)); done
