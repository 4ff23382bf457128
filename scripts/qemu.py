#!/usr/bin/env python3
"""Start the kernel in QEMU: the one place that knows QEMU's options.

Used by `make run`, `make run-iso` and `make debug` from the command line, and imported by
scripts/run_tests.py and scripts/bench.py.

The guest powers off through QEMU's isa-debug-exit device (port 0xf4): writing status S makes
QEMU exit with 2*S+1. A reboot (the kernel's reaction to a panic with panic=-1) makes QEMU exit
with 0 because of -no-reboot. So a QEMU exit code of 0 means "rebooted", an odd one a power-off
with the status (code-1)/2.
"""
import argparse
import os
import subprocess
import sys
import time

QEMU = "qemu-system-i386"


ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def free_port():
    """A TCP port on 127.0.0.1 that nothing listens on now."""
    import socket
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for_port(port, seconds):
    """Wait until something accepts connections on the port (QEMU's GDB server is up)."""
    import socket
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return True
        except OSError:
            time.sleep(0.1)
    return False


def run_gdb_session(script, kernel, initrd, mem, append, serial_log, script_path, timeout):
    """Boot paused with a GDB server (deterministic time), run GDB in batch mode with
    scripts/gdbinit and the script (its text; "{port}" stands for the server's port), then stop
    QEMU. Returns what GDB printed; a run that timed out ends with "(gdb timed out)"."""
    port = free_port()
    with open(script_path, "w") as f:
        f.write(script.replace("{port}", str(port)))
    cmd = qemu_command(kernel=kernel, initrd=initrd, mem=mem, append=append, gdb_port=port,
                       paused=True, icount=True, serial="file:" + serial_log)
    q = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT)
    try:
        if not wait_for_port(port, 30):
            return "QEMU's GDB server did not start\n(gdb timed out)"
        proc = subprocess.run(["gdb", "-q", "-batch", "-nx", "-x", os.path.join(ROOT, "scripts", "gdbinit"),
                               "-x", script_path, kernel], cwd=ROOT, capture_output=True, text=True,
                              timeout=timeout)
        return proc.stdout + proc.stderr
    except subprocess.TimeoutExpired as e:
        out = e.stdout.decode() if isinstance(e.stdout, bytes) else (e.stdout or "")
        return out + "\n(gdb timed out)"
    finally:
        q.kill()
        q.wait()


def disk_args(path, index=0):
    """QEMU's arguments for a raw disk image on the first IDE channel (index 0: the guest's hda,
    1: hdb)."""
    return ["-drive", "file=%s,format=raw,if=ide,index=%d,media=disk" % (path, index)]


def net_args(forwards=()):
    """QEMU's arguments for an e1000 card on user networking (the guest is 10.0.2.15; 10.0.2.2 is
    the host). forwards: (host_port, guest_port) pairs, so a host client reaches a guest server
    at 127.0.0.1:host_port."""
    netdev = "user,id=n0" + "".join(",hostfwd=tcp:127.0.0.1:%d-:%d" % f for f in forwards)
    return ["-netdev", netdev, "-device", "e1000,netdev=n0"]


def qemu_command(kernel=None, iso=None, initrd=None, mem="1G", append="", gdb_port=None,
                 paused=False, icount=False, serial="mon:stdio", extra=(), disk=None):
    """Return the argument list for one QEMU run.

    kernel/initrd boot through QEMU's own Multiboot loader (-kernel); iso boots GRUB from a CD.
    icount makes the run deterministic: one virtual nanosecond per instruction, no real sleeps.
    """
    cmd = [QEMU, "-m", str(mem), "-display", "none", "-serial", serial, "-no-reboot",
           "-device", "isa-debug-exit,iobase=0xf4,iosize=0x04"]
    if serial != "mon:stdio":
        cmd += ["-monitor", "none"]
    if iso:
        cmd += ["-cdrom", iso, "-boot", "d"]
    else:
        cmd += ["-kernel", kernel]
        if initrd:
            cmd += ["-initrd", initrd]
        if append:
            cmd += ["-append", append]
    if icount:
        cmd += ["-icount", "shift=0,sleep=off"]
    if gdb_port:
        cmd += ["-gdb", "tcp::%d" % gdb_port]
    if paused:
        cmd += ["-S"]
    if disk:
        cmd += disk_args(disk)
    if "-netdev" not in extra:
        cmd += ["-nic", "none"]         # QEMU's pc would add an e1000 of its own: only NET=1 has one
    return cmd + list(extra)


def guest_status(returncode):
    """The status the guest powered off with, 'reboot', or None if QEMU itself failed."""
    if returncode == 0:
        return "reboot"
    if returncode > 0 and returncode % 2 == 1:
        return (returncode - 1) // 2
    return None


class Result:
    """What one QEMU run produced."""

    def __init__(self, output, returncode, timed_out, seconds):
        self.output = output
        self.returncode = returncode
        self.timed_out = timed_out
        self.seconds = seconds
        self.status = None if timed_out else guest_status(returncode)


def run_captured(cmd, timeout, log_path=None):
    """Run QEMU with serial output captured; kill it after timeout seconds."""
    start = time.monotonic()
    proc = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT)
    timed_out = False
    try:
        out, _ = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        proc.kill()
        out, _ = proc.communicate()
        timed_out = True
    text = out.decode("utf-8", "replace").replace("\r\n", "\n")
    if log_path:
        os.makedirs(os.path.dirname(log_path), exist_ok=True)
        with open(log_path, "w") as f:
            f.write("$ " + " ".join(cmd) + "\n" + text)
    return Result(text, proc.returncode, timed_out, time.monotonic() - start)


def run_interactive(cmd, timeout, marker, lines, prompt, log_path=None):
    """Run QEMU; once marker appears on the serial output, type each of lines, each only after
    the prompt (a regular expression) has appeared once more: nothing is typed ahead, so the
    terminal's echo never mixes with a program's output."""
    import re
    import threading
    start = time.monotonic()
    proc = subprocess.Popen(cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT)
    out = bytearray()

    def reader():
        while True:
            data = os.read(proc.stdout.fileno(), 4096)
            if not data:
                break
            out.extend(data)
    thread = threading.Thread(target=reader, daemon=True)
    thread.start()

    def text():
        return bytes(out).decode("utf-8", "replace").replace("\r\n", "\n")

    def wait_for(pred):
        while time.monotonic() - start < timeout:
            if pred(text()) or proc.poll() is not None:
                return pred(text())
            time.sleep(0.01)
        return False

    timed_out = not wait_for(lambda t: marker in t)
    prompts = 0
    for line in lines:
        if timed_out:
            break
        after = text().index(marker)
        if line.startswith("\x03"):
            time.sleep(0.5)                    # Ctrl-C goes to a running program, not a prompt
        else:
            if not wait_for(lambda t: len(re.findall(prompt, t[after:])) > prompts):
                timed_out = proc.poll() is None
                break
            prompts += 1
        try:
            for ch in (line if line.startswith("\x03") else line + "\n").encode():  # bytes one by one: the UART's FIFO holds 16
                proc.stdin.write(bytes([ch]))
                proc.stdin.flush()
                time.sleep(0.002)
        except BrokenPipeError:
            break
    try:
        proc.stdin.close()
    except BrokenPipeError:
        pass
    try:
        proc.wait(timeout=max(1, timeout - (time.monotonic() - start)))
    except subprocess.TimeoutExpired:
        timed_out = True
        proc.kill()
        proc.wait()
    thread.join(2)
    output = text()
    if log_path:
        os.makedirs(os.path.dirname(log_path), exist_ok=True)
        with open(log_path, "w") as f:
            f.write("$ " + " ".join(cmd) + "\n" + output)
    return Result(output, proc.returncode, timed_out, time.monotonic() - start)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--kernel")
    ap.add_argument("--initrd")
    ap.add_argument("--iso")
    ap.add_argument("--mem", default="1G")
    ap.add_argument("--append", default="")
    ap.add_argument("--gdb-port", type=int)
    ap.add_argument("--paused", action="store_true", help="wait for GDB before the first instruction")
    ap.add_argument("--background", action="store_true", help="start QEMU and return (for make debug)")
    ap.add_argument("--serial-log", help="with --background: where the serial output goes")
    ap.add_argument("--icount", action="store_true", help="deterministic virtual time")
    ap.add_argument("--disk", help="a raw disk image for the first IDE disk (hda)")
    ap.add_argument("--swap", help="a raw disk image for the second IDE disk (hdb): swap made by mkswap")
    ap.add_argument("--net", action="store_true", help="an e1000 card on QEMU's user networking")
    ap.add_argument("--forward", action="append", default=[], metavar="HOST:GUEST",
                    help="with --net: forward 127.0.0.1:HOST on the host to the guest's port GUEST")
    args = ap.parse_args()
    extra = list(disk_args(args.swap, 1)) if args.swap else []
    if args.net:
        extra += net_args([tuple(int(p) for p in f.split(":")) for f in args.forward])

    if args.background:
        serial = "file:" + (args.serial_log or "build/serial.log")
        cmd = qemu_command(args.kernel, args.iso, args.initrd, args.mem, args.append,
                           args.gdb_port, args.paused, args.icount, serial=serial, disk=args.disk,
                           extra=extra)
        subprocess.Popen(cmd, stdin=subprocess.DEVNULL, start_new_session=True)
        print("qemu: started in the background (%s); serial output goes to %s"
              % ("paused, waiting for GDB on port %d" % args.gdb_port if args.paused else "running",
                 serial[5:]))
        print("qemu: follow it with:  tail -f %s" % serial[5:])
        return 0

    cmd = qemu_command(args.kernel, args.iso, args.initrd, args.mem, args.append,
                       args.gdb_port, args.paused, args.icount, disk=args.disk, extra=extra)
    print("qemu: %s" % " ".join(cmd))
    print("qemu: Ctrl-A X quits, Ctrl-A C switches to the QEMU monitor")
    rc = subprocess.call(cmd)
    status = guest_status(rc)
    if status == "reboot":
        print("\nqemu: QEMU stopped (you quit with Ctrl-A X, or the guest rebooted)")
        return 0
    if status is None:
        print("\nqemu: QEMU failed (exit code %d)" % rc)
        return rc
    # The guest ending is not make's failure: a shell left with "exit 42" powers off with 42.
    print("\nqemu: the guest powered off with status %d" % status)
    return 0


if __name__ == "__main__":
    sys.exit(main())
