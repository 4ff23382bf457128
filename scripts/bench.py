#!/usr/bin/env python3
"""Benchmarks: numbers to read and record in the docs, not pass/fail tests.

  side by side  user/bench/bench.c, a static musl program, as init on this kernel and on Debian's
              Linux 6.1 686 (scripts/linux-reference.sh bench), both in QEMU with 512 MiB under
              -icount: CPU instructions per operation (the TSC counts one per instruction), and
              how costs grow with the work (scaling)
  kbench      the boot word kbench: buddy order 0 and 3, kmalloc, vmalloc, kmap_atomic, measured
              inside the kernel the same way
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
import subprocess
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


# The operations of user/bench/bench.c, in the order of the table, with what each measures.
OPERATIONS = [
    ("getpid", "getpid (a system call that does nothing)"),
    ("clock_gettime", "clock_gettime(CLOCK_MONOTONIC)"),
    ("fault_anon_first_touch", "first-touch anonymous fault, a page"),
    ("fault_copy_on_write", "copy-on-write fault, a page"),
    ("fault_file_cached", "file page fault (page cached), a page"),
    ("mmap_touch_munmap_page", "mmap + touch + munmap of a page"),
    ("brk_grow_touch_shrink", "brk grow + touch + shrink by a page"),
    ("munmap_16MiB_touched", "munmap of 16 MiB touched"),
    ("fork_exit_wait", "fork + exit + wait"),
    ("fork_execve_wait", "fork + execve + wait"),
    ("pipe_ping_pong", "pipe ping-pong, a round trip"),
    ("read_cached_1MiB", "read of a cached 1 MiB file"),
    ("sendfile_cached_1MiB", "sendfile of a cached 1 MiB file to a file"),
    ("thread_create_join", "thread create + join"),
]
SCALING = [
    ("scale_fork_exit_wait_1MiB", "fork + exit + wait, 1 MiB resident"),
    ("scale_fork_exit_wait_16MiB", "fork + exit + wait, 16 MiB resident"),
    ("scale_fork_exit_wait_128MiB", "fork + exit + wait, 128 MiB resident"),
    ("scale_munmap_1MiB", "munmap of 1 MiB touched"),
    ("scale_munmap_16MiB", "munmap of 16 MiB touched"),
    ("scale_munmap_256MiB", "munmap of 256 MiB touched"),
    ("scale_fault_10_areas", "first-touch fault, 10 areas"),
    ("scale_fault_10000_areas", "first-touch fault, 10,000 areas"),
    ("pipe_ping_pong", "pipe ping-pong, nothing else running"),
    ("scale_pipe_ping_pong_200_sleepers", "pipe ping-pong, 200 processes asleep"),
]


def bench_lines(text):
    return {m.group(1): int(m.group(2)) for m in re.finditer(r"^bench: (\w+) (\d+)\r?$", text, re.M)}


def side_by_side():
    """user/bench/bench.c on this kernel and on Debian's Linux 6.1 686, both in 512 MiB under
    -icount: instructions per operation, and the ratio."""
    cmd = qemu.qemu_command(kernel=os.path.join(BUILD, "kernel"), initrd=os.path.join(BUILD, "initramfs.cpio"),
                            mem="512M", append="init=/bench/bench", icount=True, serial="stdio")
    mine = bench_lines(qemu.run_captured(cmd, 600).output)
    ref = subprocess.run([os.path.join(ROOT, "scripts", "linux-reference.sh"), "bench"], cwd=ROOT,
                         capture_output=True, text=True)
    out = os.path.join(BUILD, "linux-ref", "bench.out")
    linux = bench_lines(open(out).read()) if ref.returncode == 0 and os.path.exists(out) else {}
    if not linux:
        print("bench      Linux's half did not run: %s" % (ref.stderr.strip() or "no output"))
    for title, rows in (("instructions per operation", OPERATIONS), ("how the cost grows with the work", SCALING)):
        print("\n%-44s %14s %14s %7s" % (title, "this kernel", "Linux 6.1", "ratio"))
        for key, label in rows:
            a, b = mine.get(key), linux.get(key)
            ratio = "%.2f" % (a / b) if a and b else "-"
            print("%-44s %14s %14s %7s" % (label, "{:,}".format(a) if a else "-", "{:,}".format(b) if b else "-", ratio))
    a, b = mine.get("boot_to_user_space"), linux.get("boot_to_user_space")
    print("\n%-44s %14s %14s" % ("boot, reset to the first user instruction",
                                   "%.3f s" % (a / 1e9) if a else "-", "%.3f s" % (b / 1e9) if b else "-"))
    print()


def kernel_micro():
    """The boot word kbench (kernel/kbench.c): the kernel's allocators and mappings, measured in
    the kernel, in instructions (1 GiB, so that there is HighMem for kmap_atomic)."""
    cmd = qemu.qemu_command(kernel=os.path.join(BUILD, "kernel"), initrd=os.path.join(BUILD, "initramfs.cpio"),
                            mem="1G", append="kbench", icount=True, serial="stdio")
    found = re.findall(r"kbench: (\w+) (\d+)", qemu.run_captured(cmd, 120).output)
    print("%-44s %14s" % ("in the kernel (kbench), instructions per pair", "this kernel"))
    for name, n in found:
        print("%-44s %14s" % (name, "{:,}".format(int(n))))
    if not found:
        print("kbench     no output")
    print()


def zerocopy_run(img, icount):
    """zerocopy's rows for one boot sending the file on img to a host listener."""
    import net_test
    port = qemu.free_port()
    listener = net_test.Listener(port, 4, 120)
    listener.start()
    cmd = qemu.qemu_command(kernel=os.path.join(BUILD, "kernel"), initrd=os.path.join(BUILD, "initramfs.cpio"),
                            mem="256M", append="init=/bin/zerocopy -- /mnt/payload 10.0.2.2 %d" % port,
                            icount=icount, serial="stdio", disk=img, extra=qemu.net_args())
    return net_test.zerocopy_rows(qemu.run_captured(cmd, 300).output)


def zerocopy_bench():
    """A 1 MiB file on an ext2 disk sent four ways to a host listener (zerocopy): under -icount,
    the CPU's instructions per MiB sent (the TSC less the idle time: one per instruction) and
    the copies counted; in real time, the throughput QEMU's emulated machine reaches."""
    from run_tests import make_disk, NET_FILE_SIZE
    import net_test
    img = os.path.join(BUILD, "test-logs", "bench-net.img")
    os.makedirs(os.path.dirname(img), exist_ok=True)
    if make_disk(img, "16M", with_programs=False, files={"payload": net_test.payload(NET_FILE_SIZE)}):
        print("zerocopy   mke2fs failed")
        return
    counted, timed = zerocopy_run(img, True), zerocopy_run(img, False)
    mib = NET_FILE_SIZE / (1 << 20)
    print("zerocopy   a 1 MiB file from an ext2 disk to a host listener (user/net/zerocopy.c):")
    print("zerocopy   %-16s %14s %12s %11s %18s" % ("way", "instr. per MiB", "data copies", "by the CPU",
                                                  "MiB/s (real time)"))
    for way in net_test.WAYS:
        row, t = counted.get(way), timed.get(way)
        if not row or not t:
            print("zerocopy   %-16s did not finish" % way)
            continue
        total, cpu = net_test.copies(row, NET_FILE_SIZE)
        rate = mib / (t["elapsed_us"] / 1e6) if t["elapsed_us"] else 0
        print("zerocopy   %-16s %14s %12d %11d %18.1f" % (way, "{:,}".format(int(row["cycles"] / mib)), total, cpu, rate))
    print()


def main():
    kernel = os.path.join(BUILD, "kernel")
    side_by_side()
    kernel_micro()
    boot_time("QEMU -kernel, 1 GiB", kernel=kernel, mem="1G")
    iso = os.path.join(BUILD, "test.iso")
    if os.path.exists(iso):
        boot_time("GRUB ISO (timeout 0), 1 GiB", iso=iso, mem="1G")
    else:
        print("boot time  GRUB ISO: build/test.iso missing (make test builds it)")
    swap_bench()
    zerocopy_bench()
    return 0


if __name__ == "__main__":
    sys.exit(main())
