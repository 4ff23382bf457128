# A BusyBox session, run by BusyBox's own shell as init on this kernel and on Debian's Linux 6.1
# (scripts/linux-reference.sh busybox): every line it prints starts with "bb: ", and what varies
# between runs or kernels (times, pids, sizes of memory, kernel names) is cut out here, so the
# two outputs must be equal line for line (tests/expected/busybox/session.out).
export PATH=/bin:/sbin:/usr/bin:/usr/sbin
/bin/busybox mkdir -p /proc /sys /tmp /sbin /usr/bin /usr/sbin /dev
/bin/busybox --install -s 2>/dev/null
mount -t proc proc /proc 2>/dev/null
grep -q ' /tmp ' /proc/mounts || mount -t tmpfs tmpfs /tmp    # this kernel mounts one at boot
[ -e /dev/null ] || mknod /dev/null c 1 3
[ -e /dev/zero ] || mknod /dev/zero c 1 5

session() {
	echo "== pipes and redirections"
	echo hello world | tr a-z A-Z
	echo hello world | wc -c
	printf 'b\na\nc\na\n' | sort | uniq -c
	echo to-a-file > /tmp/out; echo appended >> /tmp/out; cat < /tmp/out
	ls /nonexistent 2>/dev/null || echo "ls failed: $?"
	echo "== while read"
	seq 1 3 | while read n; do echo "line $n"; done
	printf 'x y\nz w\n' > /tmp/pairs
	while read a b; do echo "$b-$a"; done < /tmp/pairs
	echo "== here-document"
	cat <<END
here $((6 * 7)) $(echo nested)
END
	echo "== background jobs"
	(echo in-background > /tmp/bg) &
	wait
	cat /tmp/bg
	sleep 0.1 & pid=$!
	wait $pid; echo "waited: $?"
	echo "== files"
	cd /tmp
	mkdir -p d/e && echo data > d/e/f
	cp -r d d2
	ls -l d2/e | awk '{ print $1, $2, $5, $NF }'
	mv d2 d3 && ls
	ln -s d3/e/f link && cat link && readlink link
	chmod 640 d3/e/f && stat -c '%a %s %F %h' d3/e/f
	touch newfile && ls -l newfile | awk '{ print $1, $5 }'
	touch -d '2001-02-03 04:05:06' newfile && stat -c %Y newfile
	find /tmp -name f | sort
	find /tmp -type d | sort
	grep -n data d3/e/f
	grep -c nothing d3/e/f || echo "grep: $?"
	sed 's/data/DATA/' d3/e/f
	echo 'a b c' | awk '{ print $2, NF }'
	seq 3 | xargs echo args:
	du -s d3 | awk '{ print $1 }'
	rm -r d3 && ls
	echo "== tar and gzip"
	mkdir -p t/u && echo one > t/u/1 && echo two > t/2
	tar czf t.tgz t && tar tzf t.tgz | sort
	mkdir x && cd x && tar xzf ../t.tgz && cat t/u/1 t/2 && cd ..
	echo compress me | gzip | gunzip
	echo "== dd"
	dd if=/dev/zero of=/tmp/z bs=1k count=4 2>/dev/null && stat -c %s /tmp/z
	dd if=/tmp/z bs=1k skip=2 2>/dev/null | wc -c
	echo "== system"
	free | awk 'NR == 1 { print $1, $2, $3 } NR == 2 { print $1 }'
	ps | awk 'NR == 1 { print $1, $2 }'
	ps | grep -c 'session'
	top -bn1 > /tmp/top && head -c 4 /tmp/top && echo
	df /tmp | awk 'NR == 2 { print $1, $6 }'
	mount | grep ' /tmp '
	dmesg > /tmp/dmesg; echo "dmesg: $?"
	id
	uname -m
	uname -a > /dev/null && echo "uname -a: $?"
	time true 2>&1 | sed 's/[0-9]/N/g'
	cat /proc/loadavg | awk '{ print NF }'
	echo "== the end"
}

session 2>&1 | sed 's/^/bb: /'
echo "bb: done"
poweroff -f
