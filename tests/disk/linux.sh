# Run by BusyBox's shell as init on Debian's Linux 6.1 (scripts/linux-reference.sh disk): with
# the disk modules loaded (tests/linux-disk.sh), mount the disk on /mnt and run disktest MODE
# there, as make test's group disk does on this kernel.
. /linux-disk.sh
mount -t ext2 /dev/sda /mnt || echo "linux.sh: mount failed"
/linuxcheck/disktest "$1" /mnt
umount /mnt
poweroff -f
