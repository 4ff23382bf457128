# Run by BusyBox's shell as init on Debian's Linux 6.1 (scripts/linux-reference.sh disk): load
# the IDE, SCSI disk and ext4 (for ext2) modules the package has, mount the disk on /mnt and run
# disktest MODE there, as make test's group disk does on this kernel.
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
mount -t ext2 /dev/sda /mnt || echo "linux.sh: mount failed"
/linuxcheck/disktest "$1" /mnt
umount /mnt
poweroff -f
