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
                chunks = []
                while True:
                    d = c.recv(1 << 16)
                    if not d:
                        break
                    chunks.append(d)
                c.close()
                self.received.append(b"".join(chunks))
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
                    chunks = []
                    while True:
                        d = c.recv(1 << 16)
                        if not d:
                            break
                        chunks.append(d)
                data = b"".join(chunks)
            except OSError as e:
                self.error = str(e)
                data = b""
            if data or self.received:
                self.received.append(data)
            else:
                time.sleep(0.2)                  # not listening yet


def zerocopy_rows(output):
    """zerocopy's machine-readable lines: {way: {switches, cpu_user, cpu_kernel, dma, cycles}}."""
    rows = {}
    for m in re.finditer(r"zerocopy: (\S+) switches=(\d+) cpu_user=(\d+) cpu_kernel=(\d+) dma=(\d+) cycles=(\d+)",
                         output):
        rows[m.group(1)] = dict(zip(["switches", "cpu_user", "cpu_kernel", "dma", "cycles"],
                                    (int(x) for x in m.groups()[1:])))
    return rows


def copies(row, size):
    """(data copies, of which by the CPU): bytes moved over the file's size, to the nearest."""
    cpu = row["cpu_user"] + row["cpu_kernel"]
    return round((cpu + row["dma"]) / size), round(cpu / size)
