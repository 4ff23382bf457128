#!/usr/bin/env python3
"""Benchmarks: numbers to read and record in the docs, not pass/fail tests.

  boot time   virtual time from CPU reset to the first line of C (start_kernel), read from the
              kernel's own log line "boot: C code started S s after reset". QEMU runs with
              -icount shift=0,sleep=off: one virtual nanosecond per instruction, so the number
              is the same on every run and every host.
  swap        user/linuxcheck/swaptest bench: 96 MiB touched and read back in 64 MiB of RAM with
              a 128 MiB swap disk (mkswap), against the same work in 256 MiB without swap; the
              difference, per page that went out, is what reclaim and swap cost (virtual time
              under -icount: about an instruction per nanosecond).
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


def swap_run(mem, dev, img=None):
    extra = qemu.disk_args(img, 1) if img else ()
    cmd = qemu.qemu_command(kernel=os.path.join(BUILD, "kernel"), initrd=os.path.join(BUILD, "initramfs.cpio"),
                            mem=mem, append="init=/linuxcheck/swaptest -- bench 96 %s" % dev,
                            icount=True, serial="stdio", extra=extra)
    res = qemu.run_captured(cmd, 300)
    m = re.search(r"bench: touch 96 MiB (\d+) us, read back (\d+) us, pswpout (\d+), pswpin (\d+), "
                  r"pgscan_kswapd (\d+), pgscan_direct (\d+), pgsteal_anon (\d+)", res.output)
    return [int(x) for x in m.groups()] if m else None


def swap_bench():
    sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
    from run_tests import make_swap
    img = os.path.join(BUILD, "test-logs", "bench-swap.img")
    os.makedirs(os.path.dirname(img), exist_ok=True)
    if make_swap(img, "128M"):
        print("swap       mkswap failed")
        return
    base, swap = swap_run("256M", "none"), swap_run("64M", "/dev/hdb", img)
    if not base or not swap:
        print("swap       the benchmark did not finish")
        return
    t_out, t_in, out, pin, scan_k, scan_d, steal = swap
    print("swap       96 MiB in 64 MiB of RAM: touch %.1f s, read back %.1f s (virtual); without swap, in 256 MiB: %.2f s, %.2f s"
          % (t_out / 1e6, t_in / 1e6, base[0] / 1e6, base[1] / 1e6))
    print("swap       pages out %d, in %d; scanned by kswapd %d, by direct reclaim %d; anon pages taken %d"
          % (out, pin, scan_k, scan_d, steal))
    print("swap       swap-out %.1f MiB/s, swap-in %.1f MiB/s (virtual time, pages moved / extra time)"
          % (out / 256.0 / max(t_out - base[0], 1) * 1e6, pin / 256.0 / max(t_in - base[1], 1) * 1e6))
    print("swap       cost per page: out %.1f us, in %.1f us (the extra time over the run without swap)"
          % ((t_out - base[0]) / max(out, 1), (t_in - base[1]) / max(pin, 1)))


def main():
    kernel = os.path.join(BUILD, "kernel")
    boot_time("QEMU -kernel, 1 GiB", kernel=kernel, mem="1G")
    iso = os.path.join(BUILD, "test.iso")
    if os.path.exists(iso):
        boot_time("GRUB ISO (timeout 0), 1 GiB", iso=iso, mem="1G")
    else:
        print("boot time  GRUB ISO: build/test.iso missing (make test builds it)")
    swap_bench()
    return 0


if __name__ == "__main__":
    sys.exit(main())
