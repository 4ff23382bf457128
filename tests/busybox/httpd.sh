# BusyBox's own network programs on this kernel's TCP (run_tests.py's group net-busybox):
# httpd serves a host client through a forwarded port, nc waits for the client's "done", then
# sends a file to a listener on the host, and netstat reads /proc/net/tcp. $1: the host's port.
mkdir -p /www
echo hello from pagoda > /www/hello.txt
busybox httpd -p 80 -h /www
echo "bb-net: httpd started"
busybox nc -l -p 81 > /tmp/client-said
echo "bb-net: the client said $(cat /tmp/client-said)"
busybox netstat -tln | grep ':80 '
busybox netstat -tn | grep -c 'TIME_WAIT'
busybox nc 10.0.2.2 "$1" < /bin/busybox
echo "bb-net: nc sent /bin/busybox: status $?"
echo "bb-net: done"
busybox poweroff -f
