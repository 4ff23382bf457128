"""The network tests' host side (run_tests.py's group net): peers on 127.0.0.1 that the guest
reaches through QEMU's user networking, and zerocopy's table read back.

  listener      a TCP server on the host: the guest connects to 10.0.2.2:PORT (QEMU forwards
                it to 127.0.0.1:PORT) and sends; every connection's bytes are kept
  client        a TCP client on the host: QEMU forwards 127.0.0.1:PORT to a guest server
                (hostfwd); it reads until the guest closes
"""
import random
import re
import socket
import threading
import time

WAYS = ["read+write", "mmap+write", "sendfile", "sendfile+gather"]
# The copies of each way, as the zero-copy story tells them for a file on a disk: data copies
# in all (CPU and DMA), of which by the CPU; and the mode switches of the calls that move it.
EXPECTED = {"read+write": (4, 2, 4), "mmap+write": (3, 1, 4), "sendfile": (3, 1, 2), "sendfile+gather": (2, 0, 2)}


def payload(size, seed=21):
    """size bytes no two runs differ in, and no block of which is all zeros (mke2fs -d would
    leave such a block out as a hole, and a hole needs no disk read)."""
    rnd = random.Random(seed)
    return bytes(rnd.getrandbits(8) | 1 for _ in range(size))


def read_all(conn):
    """Every byte a connection brings until the peer closes it."""
    chunks = []
    while True:
        d = conn.recv(1 << 16)
        if not d:
            return b"".join(chunks)
        chunks.append(d)


class Listener(threading.Thread):
    """Accept n connections on 127.0.0.1:port, one after another; keep what each sent."""

    def __init__(self, port, n, timeout):
        super().__init__(daemon=True)
        self.sock = socket.socket()
        self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.sock.bind(("127.0.0.1", port))
        self.sock.listen(8)
        self.sock.settimeout(timeout)
        self.n, self.received, self.error = n, [], None

    def run(self):
        try:
            for _ in range(self.n):
                c, _ = self.sock.accept()
                c.settimeout(60)
                self.received.append(read_all(c))
                c.close()
        except OSError as e:
            self.error = str(e)
        finally:
            self.sock.close()


class Client(threading.Thread):
    """Connect to 127.0.0.1:port (forwarded to a guest server) until n connections have each
    brought some bytes; an empty one before the first is the guest not listening yet."""

    def __init__(self, port, n, timeout):
        super().__init__(daemon=True)
        self.port, self.n, self.deadline = port, n, time.monotonic() + timeout
        self.received, self.error = [], None

    def run(self):
        while len(self.received) < self.n and time.monotonic() < self.deadline:
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=30) as c:
                    data = read_all(c)
            except OSError as e:
                self.error = str(e)
                data = b""
            if data or self.received:
                self.received.append(data)
            else:
                time.sleep(0.2)                  # not listening yet


class WebClient(threading.Thread):
    """A host client of BusyBox's httpd through a forwarded port: GET /hello.txt (retried until
    the guest listens), GET /missing, then "done" to the guest's port 81 (nc -l)."""

    def __init__(self, web_port, done_port, timeout):
        super().__init__(daemon=True)
        self.web_port, self.done_port, self.deadline = web_port, done_port, time.monotonic() + timeout
        self.hello, self.missing, self.error = None, None, None

    def get(self, path):
        import urllib.error
        import urllib.request
        try:
            with urllib.request.urlopen("http://127.0.0.1:%d%s" % (self.web_port, path), timeout=10) as r:
                return r.status, r.read()
        except urllib.error.HTTPError as e:
            return e.code, b""

    def run(self):
        while self.hello is None and time.monotonic() < self.deadline:
            try:
                self.hello = self.get("/hello.txt")
            except OSError as e:
                self.error = str(e)
                time.sleep(0.3)
        try:
            self.missing = self.get("/missing")
        except OSError as e:
            self.error = str(e)
        while time.monotonic() < self.deadline:
            try:
                with socket.create_connection(("127.0.0.1", self.done_port), timeout=10) as c:
                    c.sendall(b"done\n")
                    return
            except OSError:
                time.sleep(0.3)


def zerocopy_rows(output):
    """zerocopy's machine-readable lines: {way: {switches, cpu_user, cpu_kernel, dma, cycles, elapsed_us}}."""
    rows = {}
    for m in re.finditer(r"zerocopy: (\S+) switches=(\d+) cpu_user=(\d+) cpu_kernel=(\d+) dma=(\d+) cycles=(\d+) "
                         r"elapsed_us=(\d+)", output):
        rows[m.group(1)] = dict(zip(["switches", "cpu_user", "cpu_kernel", "dma", "cycles", "elapsed_us"],
                                    (int(x) for x in m.groups()[1:])))
    return rows


def copies(row, size):
    """(data copies, of which by the CPU): bytes moved over the file's size, to the nearest."""
    cpu = row["cpu_user"] + row["cpu_kernel"]
    return round((cpu + row["dma"]) / size), round(cpu / size)


# ---------------------------------------------------------------- a peer of raw frames

GUEST_IP, PEER_IP = bytes([10, 0, 2, 15]), bytes([10, 0, 2, 2])
PEER_MAC = bytes([0x52, 0x55, 0x0a, 0x00, 0x02, 0x02])
BROADCAST = b"\xff" * 6


def csum(data):
    """The Internet checksum of data."""
    if len(data) % 2:
        data += b"\0"
    s = sum(int.from_bytes(data[i:i + 2], "big") for i in range(0, len(data), 2))
    while s >> 16:
        s = (s & 0xffff) + (s >> 16)
    return (~s) & 0xffff


def ip_packet(proto, payload, src=PEER_IP, dst=GUEST_IP, version=4, tot_len=None, frag=0x4000, bad_csum=False):
    hdr = bytearray(20)
    hdr[0] = version << 4 | 5
    hdr[2:4] = (tot_len if tot_len is not None else 20 + len(payload)).to_bytes(2, "big")
    hdr[4:6] = (0x1234).to_bytes(2, "big")
    hdr[6:8] = frag.to_bytes(2, "big")
    hdr[8], hdr[9] = 64, proto
    hdr[12:16], hdr[16:20] = src, dst
    hdr[10:12] = (csum(bytes(hdr)) ^ (0x5555 if bad_csum else 0)).to_bytes(2, "big")
    return bytes(hdr) + payload


def l4_checksum(proto, seg, src=PEER_IP, dst=GUEST_IP):
    return csum(src + dst + bytes([0, proto]) + len(seg).to_bytes(2, "big") + seg)


def tcp_segment(sport, dport, seq, ack, flags, data=b"", window=65535, bad_csum=False):
    seg = bytearray(sport.to_bytes(2, "big") + dport.to_bytes(2, "big") + seq.to_bytes(4, "big") +
                    ack.to_bytes(4, "big") + bytes([5 << 4, flags]) + window.to_bytes(2, "big") + b"\0\0\0\0" + data)
    seg[16:18] = (l4_checksum(6, bytes(seg)) ^ (0x1111 if bad_csum else 0)).to_bytes(2, "big")
    return bytes(seg)


def udp_datagram(sport, dport, data):
    d = bytearray(sport.to_bytes(2, "big") + dport.to_bytes(2, "big") + (8 + len(data)).to_bytes(2, "big") + b"\0\0" + data)
    d[6:8] = (l4_checksum(17, bytes(d)) or 0xffff).to_bytes(2, "big")
    return bytes(d)


def icmp_echo(ident, seq, data):
    m = bytearray(bytes([8, 0, 0, 0]) + ident.to_bytes(2, "big") + seq.to_bytes(2, "big") + data)
    m[2:4] = csum(bytes(m)).to_bytes(2, "big")
    return bytes(m)


FIN, SYN, RST, PSH, ACK = 0x01, 0x02, 0x04, 0x08, 0x10


class Frame:
    """A received IPv4 frame, its headers taken apart."""

    def __init__(self, raw):
        self.raw, self.type = raw, int.from_bytes(raw[12:14], "big")
        ip = raw[14:]
        self.proto, self.src, self.dst = ip[9], ip[12:16], ip[16:20]
        ihl = (ip[0] & 15) * 4
        self.l4 = ip[ihl:int.from_bytes(ip[2:4], "big")]
        if self.proto == 6:
            t = self.l4
            self.sport, self.dport = int.from_bytes(t[0:2], "big"), int.from_bytes(t[2:4], "big")
            self.seq, self.ack = int.from_bytes(t[4:8], "big"), int.from_bytes(t[8:12], "big")
            self.flags, self.data = t[13], t[(t[12] >> 4) * 4:]


class Peer:
    """The whole network as the guest sees it through -netdev socket: each frame is a UDP
    datagram between this socket and QEMU's. ARP requests for 10.0.2.2 are answered as they
    come; everything else is what a test sends and expects."""

    def __init__(self):
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        self.sock.bind(("127.0.0.1", 0))
        self.port = self.sock.getsockname()[1]
        probe = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        probe.bind(("127.0.0.1", 0))
        self.qemu_port = probe.getsockname()[1]
        probe.close()
        self.guest_mac = None

    def netdev_args(self):
        return ["-netdev", "socket,id=n0,udp=127.0.0.1:%d,localaddr=127.0.0.1:%d" % (self.port, self.qemu_port),
                "-device", "e1000,netdev=n0"]

    def send_raw(self, frame):
        self.sock.sendto(frame, ("127.0.0.1", self.qemu_port))

    def send_ip(self, packet):
        self.send_raw((self.guest_mac or BROADCAST) + PEER_MAC + b"\x08\x00" + packet)

    def _arp(self, raw):
        arp = raw[14:]
        if len(arp) >= 28 and arp[6:8] == b"\x00\x01" and arp[24:28] == PEER_IP:
            self.guest_mac = arp[8:14]
            reply = b"\x00\x01\x08\x00\x06\x04\x00\x02" + PEER_MAC + PEER_IP + arp[8:14] + arp[14:18]
            self.send_raw(arp[8:14] + PEER_MAC + b"\x08\x06" + reply)

    def expect(self, match, timeout=5.0):
        """The first IPv4 frame from the guest for which match(frame) holds, or None."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            self.sock.settimeout(max(0.01, deadline - time.monotonic()))
            try:
                raw, _ = self.sock.recvfrom(65536)
            except socket.timeout:
                return None
            if len(raw) < 14:
                continue
            if raw[12:14] == b"\x08\x06":
                self._arp(raw)
            elif raw[12:14] == b"\x08\x00" and len(raw) >= 34:
                self.guest_mac = self.guest_mac or raw[6:12]
                f = Frame(raw)
                if match(f):
                    return f
        return None


def tcp_from(port):
    return lambda f: f.proto == 6 and f.sport == port


class Scenario(threading.Thread):
    """What the peer does to a guest running /bin/netcheck; results: (name, ok, why) each."""

    def __init__(self, peer, timeout):
        super().__init__(daemon=True)
        self.peer, self.timeout, self.results = peer, timeout, []

    def check(self, name, ok, why):
        self.results.append((name, bool(ok), why))
        return ok

    def ping(self, seq, tries=1):
        data = b"pagoda ping %d" % seq
        for _ in range(tries):
            self.peer.send_ip(ip_packet(1, icmp_echo(0x4242, seq, data)))
            f = self.peer.expect(lambda f: f.proto == 1 and f.l4[0] == 0 and f.l4[8:] == data, 0.5)
            if f:
                return True
        return False

    def malformed(self):
        """Frames no sound stack would send; each must be dropped and counted."""
        p = self.peer
        good_tcp = tcp_segment(4000, 8000, 1, 0, SYN)
        p.send_raw((p.guest_mac or BROADCAST) + PEER_MAC + b"\x08")           # shorter than Ethernet
        p.send_ip(b"\x45\x00\x00")                                               # a truncated IP header
        p.send_ip(ip_packet(6, good_tcp, version=6))                             # not version 4
        p.send_ip(ip_packet(6, good_tcp, bad_csum=True))                         # a damaged header
        p.send_ip(ip_packet(6, good_tcp, tot_len=400))                           # longer than the frame
        p.send_ip(ip_packet(6, good_tcp, frag=0x2000))                           # a fragment
        p.send_ip(ip_packet(6, good_tcp[:10]))                                   # a truncated TCP header
        p.send_ip(ip_packet(6, tcp_segment(4000, 8000, 1, 0, SYN, bad_csum=True)))  # a damaged segment
        p.send_ip(ip_packet(17, b"\x00\x01\x02"))                                # a truncated UDP header
        p.send_ip(ip_packet(1, b"\x08\x00\x00\x00\x00\x01\x00\x01zz"))           # an echo with a bad checksum
        p.send_ip(ip_packet(99, b"who speaks this?"))                            # an unknown protocol
        p.send_raw(p.guest_mac + PEER_MAC + b"\x08\x06" + b"\x00\x01")           # a truncated ARP packet

    def handshake(self, sport, tries=1):
        """Open a connection to the guest's port 8000: (our next seq, its next seq) or None."""
        for _ in range(tries):
            self.peer.send_ip(ip_packet(6, tcp_segment(sport, 8000, 1000, 0, SYN)))
            f = self.peer.expect(lambda f: f.proto == 6 and f.dport == sport and f.flags & SYN, 0.5)
            if f and f.flags & ACK and f.ack == 1001:
                self.peer.send_ip(ip_packet(6, tcp_segment(sport, 8000, 1001, f.seq + 1, ACK)))
                return 1001, f.seq + 1
        return None

    def echo(self):
        conn = self.handshake(5001, tries=int(self.timeout / 0.5))
        if not self.check("tcp/handshake", conn, "no SYN-ACK from port 8000"):
            return
        seq, ack = conn
        msg = b"hello, pagoda"
        self.peer.send_ip(ip_packet(6, tcp_segment(5001, 8000, seq, ack, PSH | ACK, msg)))
        f = self.peer.expect(lambda f: f.proto == 6 and f.dport == 5001 and f.data, 5)
        self.check("tcp/echo", f and f.data == msg and f.seq == ack, "the bytes did not come back")
        # no ACK for it: the guest's timer must send the same bytes again
        again = self.peer.expect(lambda f: f.proto == 6 and f.dport == 5001 and f.data, 5)
        self.check("tcp/retransmission", again and f and again.seq == f.seq and again.data == f.data,
                   "the unacknowledged segment was not sent again")
        ack += len(f.data) if f else 0
        seq += len(msg)
        self.peer.send_ip(ip_packet(6, tcp_segment(5001, 8000, seq, ack, FIN | ACK)))
        f = self.peer.expect(lambda f: f.proto == 6 and f.dport == 5001 and f.flags & FIN, 5)
        if self.check("tcp/close", f and f.ack == seq + 1, "no FIN after ours"):
            self.peer.send_ip(ip_packet(6, tcp_segment(5001, 8000, seq + 1, f.seq + 1, ACK)))

    def port_scan(self):
        """SYN to closed ports: a RST each; to the open one: a SYN-ACK (then aborted)."""
        resets = 0
        for port in range(1, 21):
            self.peer.send_ip(ip_packet(6, tcp_segment(6000 + port, port, 77, 0, SYN)))
            f = self.peer.expect(lambda f: f.proto == 6 and f.dport == 6000 + port, 2)
            resets += bool(f and f.flags & RST and f.ack == 78)
        self.check("tcp/port-scan-resets", resets == 20, "%d of 20 closed ports answered RST" % resets)
        self.peer.send_ip(ip_packet(6, tcp_segment(6100, 8000, 500, 0, SYN)))
        f = self.peer.expect(lambda f: f.proto == 6 and f.dport == 6100, 2)
        self.check("tcp/port-scan-open", f and f.flags & SYN and f.flags & ACK, "port 8000 did not answer SYN-ACK")
        self.peer.send_ip(ip_packet(6, tcp_segment(6100, 8000, 501, 0, RST)))

    def reset_mid_transfer(self):
        conn = self.handshake(5002, tries=10)
        if not self.check("tcp/second-handshake", conn, "no SYN-ACK"):
            return
        seq, ack = conn
        got = 0
        for _ in range(4):                       # take some of what it writes, acknowledging it
            f = self.peer.expect(lambda f: f.proto == 6 and f.dport == 5002 and f.data, 5)
            if not f:
                break
            got += len(f.data)
            ack = f.seq + len(f.data)
            self.peer.send_ip(ip_packet(6, tcp_segment(5002, 8000, seq, ack, ACK, window=4096)))
        self.check("tcp/data-before-reset", got > 0, "no data came")
        self.peer.send_ip(ip_packet(6, tcp_segment(5002, 8000, seq, 0, RST)))

    def udp(self):
        closed = udp_datagram(7000, 9999, b"anyone?")
        self.peer.send_ip(ip_packet(17, closed))
        f = self.peer.expect(lambda f: f.proto == 1 and f.l4[0] == 3, 3)
        self.check("udp/port-unreachable", f and f.l4[1] == 3 and f.l4[8 + 20:8 + 28] == closed[:8],
                   "no ICMP port unreachable quoting the datagram")
        for _ in range(20):
            self.peer.send_ip(ip_packet(17, udp_datagram(7001, 9000, b"udp hello")))
            f = self.peer.expect(lambda f: f.proto == 17 and f.l4[2:4] == (7001).to_bytes(2, "big"), 0.5)
            if f:
                break
        self.check("udp/echo", f and f.l4[8:] == b"udp hello", "no answer from port 9000")

    def run(self):
        try:
            if not self.check("icmp/ping", self.ping(1, tries=int(self.timeout / 0.5)), "no echo reply"):
                return
            self.malformed()
            self.check("icmp/ping-after-malformed", self.ping(2, tries=4), "no echo reply after the bad frames")
            self.echo()
            self.port_scan()
            self.reset_mid_transfer()
            self.udp()
            self.check("icmp/ping-at-the-end", self.ping(3, tries=4), "no echo reply at the end")
            self.peer.send_ip(ip_packet(17, udp_datagram(7001, 9000, b"bye")))   # netcheck may finish
        except Exception as e:                   # a bug here is a failed test, not a hang
            self.check("peer", False, "%s: %s" % (type(e).__name__, e))


if __name__ == "__main__":
    # python3 scripts/net_test.py PORT [N]: a listener for zerocopy in `make run NET=1`; it
    # prints how many bytes each of N connections (default 4) brought, and their checksum.
    import hashlib
    import sys
    port, n = int(sys.argv[1]), int(sys.argv[2]) if len(sys.argv) > 2 else 4
    listener = Listener(port, n, 3600)
    print("listening on 127.0.0.1:%d (the guest: zerocopy FILE 10.0.2.2 %d)" % (port, port), flush=True)
    listener.start()
    seen = 0
    while listener.is_alive() or seen < len(listener.received):
        listener.join(0.2)
        for data in listener.received[seen:]:
            print("connection %d: %d bytes, sha1 %s" % (seen + 1, len(data), hashlib.sha1(data).hexdigest()), flush=True)
            seen += 1
