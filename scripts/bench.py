#!/usr/bin/env python3
"""Benchmarks: numbers to read and record in the docs, not pass/fail tests.

  boot time   virtual time from CPU reset to the first line of C (start_kernel), read from the
              kernel's own log line "boot: C code started S s after reset". QEMU runs with
              -icount shift=0,sleep=off: one virtual nanosecond per instruction, so the number
              is the same on every run and every host.
"""
import os
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import qemu  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BUILD = os.path.join(ROOT, "build")


def boot_time(label, **kw):
    cmd = qemu.qemu_command(icount=True, serial="stdio", append="selftest=boot.layout", **kw)
    res = qemu.run_captured(cmd, 120)
    m = re.search(r"boot: C code started (\d+\.\d+) s after reset", res.output)
    print("boot time  %-34s %s" % (label, (m.group(1) + " s (virtual)") if m else "not found"))


def main():
    kernel = os.path.join(BUILD, "kernel")
    boot_time("QEMU -kernel, 1 GiB", kernel=kernel, mem="1G")
    iso = os.path.join(BUILD, "test.iso")
    if os.path.exists(iso):
        boot_time("GRUB ISO (timeout 0), 1 GiB", iso=iso, mem="1G")
    else:
        print("boot time  GRUB ISO: build/test.iso missing (make test builds it)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
