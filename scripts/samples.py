#!/usr/bin/env python3
"""Keep the output samples in the README and docs/ true to a real boot.

  samples.py --update    boot, and rewrite every marked sample from what the kernel printed
  samples.py --check     boot, and list the samples that no longer match (exit 1 if any)

A sample is a fenced code block right after a marker line

    <!-- sample NAME: ... -->

where NAME is one of the runs in RUNS below (a boot, and what is typed at the shell or in GDB). The block
keeps the lines the doc chose to show; each must still appear, in order, in the real output.
Timestamps (a doc line may leave its timestamp out) and addresses (0x..., and 8-digit
hexadecimal words such as register values) are ignored when checking, and so are the numbers on
the few lines that report the size of files the host built (BUILT below: the initramfs's size
depends on the host's toolchain and even on the directory the tree was cloned into, through the
debugging information), in the boot's Memory line the two counts that include it (MEMORY), and
the CPU cycles and time zerocopy measures (CYCLES: they follow when the host's answers came). Every other number counts (so "87K kernel code" goes stale when the
kernel grows). --update replaces each line with the real
line of the same shape (its numbers may differ) and keeps the choice of lines.
"""
import argparse
import os
import subprocess
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import qemu  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BUILD = os.path.join(ROOT, "build")
DOCS = ["README.md"] + sorted(os.path.join("docs", f) for f in os.listdir(os.path.join(ROOT, "docs"))
                              if f.endswith(".md"))

# name: (memory, command line, what to do): a list of lines typed at the shell; None: no shell,
# run until power-off; or ("gdb", [commands]): QEMU paused at reset, GDB attached as make debug
# does, running those commands first and then the "(gdb) " lines of the samples themselves.
NET_SAMPLE_PORT = 17011                 # the host listener of the net sample (a fixed port: it is shown)

RUNS = {
    "gdb-reset": ("1G", "", ("gdb", [])),
    "gdb-gdbtouch": ("256M", "init=/test/gdbtouch", ("gdb", ["break sys_getppid", "continue"])),
    "gdb-walkthrough": ("1G", "", ("gdb", [])),
    "boot-1G-memdemo": ("1G", "", ["memdemo"]),
    "boot-256M-maps": ("256M", "", ["cat /proc/self/maps"]),
    "boot-256M-files": ("256M", "", ["cat /proc/mounts", "ls -l /dev", "echo hello > /tmp/greeting",
                                     "cat /proc/meminfo"]),
    "selftest-1G": ("1G", "selftest", None),
    "oops": ("64M", "selftest=harness.oops panic=-1", None),
    "stack-overflow": ("1G", "selftest=harness.stack_overflow panic=-1", None),
    "oom-64M": ("64M", "init=/test/utest -- mem.oom", None),
    "tasks": ("256M", "init=/bin/tasks", None),
    # make run BUSYBOX=1: a second archive, BusyBox's login shell as init
    "busybox": ("1G", "init=/bin/busybox -- sh -l", ["df"], "build/busybox.cpio"),
    # make run DISK=1: a fresh 64 MiB ext2 image as hda (made as make test makes them)
    # (one line: the flusher may write the page back while the next line is being typed)
    "disk": ("256M", "", ["ls -l /mnt", "echo hello disk > /mnt/greeting; cat /proc/meminfo",
                          "/linuxcheck/disktest read /mnt/linuxcheck/sqlitetest", "cat /proc/diskstats"],
             None, "disk"),
    "disk-pio": ("256M", "ide=pio", ["/linuxcheck/disktest read /mnt/linuxcheck/sqlitetest"], None, "disk"),
    # make run SWAP=1 MEM=64M: a fresh swap disk (mkswap) as hdb; memfill switches it on
    "swap-memfill": ("64M", "init=/bin/memfill -- 16 /dev/hdb", None, None, "swap"),
    # make run NET=1 DISK=1: a 1 MiB file on the disk sent to a listener on the host (10.0.2.2)
    "net-zerocopy": ("256M", "", ["zerocopy /mnt/payload 10.0.2.2 %d" % NET_SAMPLE_PORT, "cat /proc/self/io"],
                     None, "net"),
}

MARKER = re.compile(r"^<!-- sample ([\w-]+):.*-->$")
TIME = re.compile(r"^\[ *\d+\.\d+\] ")
HEX = re.compile(r"0x[0-9a-f]+|\b[0-9a-f]{8}\b")       # 0x... and register-sized words
BUILT = re.compile(r"initramfs: module \d+ \(|Freeing initrd memory: ")
# zerocopy's rows end with the CPU's cycles and the time, which follow when the host's answers
# came: not kept.
CYCLES = re.compile(r"^((?:read\+write|mmap\+write|sendfile|sendfile\+gather) .*?)\d+ +\d+$")
# The boot's "Memory: A/TK available (... R reserved ...)": the initramfs is reserved memory at
# that point, so A and R follow its size (the host's); the kernel's own sizes in it still count.
MEMORY = re.compile(r"(Memory: )\d+(K/\d+K available \(.*, )\d+(K reserved)")


def same_facts(line):
    """What must match: the line without its timestamp (a doc may leave it out) and with
    addresses blanked."""
    line = MEMORY.sub(r"\1#\2#\3", HEX.sub("?", TIME.sub("", line)).rstrip())
    if CYCLES.match(line):                  # (its column widths follow the number too)
        line = re.sub(r" +", " ", CYCLES.sub(r"\1# #", line))
    return re.sub(r"\d+", "#", line) if BUILT.search(line) else line


def same_shape(line):
    """What --update matches on: the line with every number blanked."""
    return re.sub(r"\d+", "#", same_facts(line))


GDB_PROMPT = "(gdb) "


def run_gdb(name, mem, append, setup, commands):
    """The transcript of a GDB session as a user sees it: "(gdb) CMD" lines, each followed by
    what it printed."""
    script = ["set $pagoda_owns_qemu = 1", "target remote 127.0.0.1:{port}", "usersyms auto"] + setup
    for c in commands:
        script += ["echo \\n==CMD== %s\\n" % c.replace("\\", "\\\\"), c]
    logs = os.path.join(BUILD, "test-logs")
    out = qemu.run_gdb_session("\n".join(script + ["quit"]) + "\n", "build/kernel", "build/initramfs.cpio",
                               mem, append, os.path.join(logs, "sample-%s-serial.log" % name),
                               os.path.join(logs, "sample-%s.gdb" % name), 120)
    with open(os.path.join(BUILD, "test-logs", "sample-%s.log" % name), "w") as f:
        f.write(out)
    return [GDB_PROMPT + l[8:] if l.startswith("==CMD== ") else l.rstrip() for l in out.split("\n")]


def gdb_commands(name):
    """The "(gdb) " lines of every sample of a GDB run, in document order."""
    commands = []
    for path in DOCS:
        lines, found = samples(path)
        for n, first, end in found:
            if n == name:
                commands += [l[len(GDB_PROMPT):] for l in lines[first:end] if l.startswith(GDB_PROMPT)]
    return commands


def run(name):
    mem, append, typed = RUNS[name][:3]
    extra = RUNS[name][3] if len(RUNS[name]) > 3 else None
    disk, more, listener = None, [], None
    if len(RUNS[name]) > 4 and RUNS[name][4] == "net":
        import net_test
        from run_tests import make_disk, NET_FILE_SIZE
        disk = os.path.join(BUILD, "test-logs", "sample-%s.img" % name)
        err = make_disk(disk, "16M", with_programs=False, files={"payload": net_test.payload(NET_FILE_SIZE)})
        if err:
            sys.exit("samples: mke2fs failed: %s" % err)
        listener = net_test.Listener(NET_SAMPLE_PORT, 4, 120)
        listener.start()
        more = qemu.net_args()
    elif len(RUNS[name]) > 4 and RUNS[name][4] == "swap":
        from run_tests import make_swap
        img = os.path.join(BUILD, "test-logs", "sample-%s.img" % name)
        err = make_swap(img, "128M")
        if err:
            sys.exit("samples: mkswap failed: %s" % err)
        more = qemu.disk_args(img, 1)
    elif len(RUNS[name]) > 4:
        from run_tests import make_disk
        disk = os.path.join(BUILD, "test-logs", "sample-%s.img" % name)
        err = make_disk(disk, "64M")
        if err:
            sys.exit("samples: mke2fs failed: %s" % err)
    os.chdir(ROOT)                          # the paths the log shows are make run's, relative
    if isinstance(typed, tuple):
        return run_gdb(name, mem, append, typed[1], gdb_commands(name))
    initrd = "build/initramfs.cpio" + ("," + extra if extra else "")
    if extra and not os.path.exists(extra):
        subprocess.run(["make", "--no-print-directory", extra], check=True, stdout=subprocess.DEVNULL)
    cmd = qemu.qemu_command(kernel="build/kernel", initrd=initrd,
                            mem=mem, append=append, icount=True, serial="stdio", disk=disk, extra=more)
    log = os.path.join(BUILD, "test-logs", "sample-%s.log" % name)
    if typed is None:
        res = qemu.run_captured(cmd, 120, log)
    else:
        init = append.split("init=")[1].split()[0] if "init=" in append else "/bin/init"
        res = qemu.run_interactive(cmd, 120, "Run %s as init process" % init, typed + ["exit 0"],
                                   r"(?:^|\n)/[^\s#]*# ", log)
    # terminal control sequences (BusyBox's shell asks where the cursor is) are not text
    return [re.sub(r"\x1b\[[0-9;?]*[A-Za-z]", "", l).rstrip() for l in res.output.split("\n")]


def samples(path):
    """(name, first line index, end index) of every marked block in the file's lines."""
    lines = open(os.path.join(ROOT, path)).read().split("\n")
    found = []
    for i, line in enumerate(lines):
        m = MARKER.match(line)
        if m and i + 1 < len(lines) and lines[i + 1].startswith("```"):
            end = lines.index("```", i + 2)
            found.append((m.group(1), i + 2, end))
    return lines, found


def match(block, real, key, start=0):
    """For each doc line, the index of the real line it stands for (in order, from real[start]),
    or None for a blank line or an elision ("..." alone, or starting a line)."""
    out, j = [], start
    for line in block:
        if not line.strip() or line.strip().startswith("..."):
            out.append(None)
            continue
        while j < len(real) and key(real[j]) != key(line):
            j += 1
        if j == len(real):
            return None, line
        out.append(j)
        j += 1
    return out, None


def main():
    ap = argparse.ArgumentParser(description="Check or update the output samples in the docs.")
    ap.add_argument("--update", action="store_true")
    ap.add_argument("--check", action="store_true")
    args = ap.parse_args()
    outputs, problems = {}, []
    for path in DOCS:
        lines, found = samples(path)
        changed = False
        cursor = {}                         # the blocks of one run follow each other in a file
        for name, first, end in found:
            if name not in RUNS:
                problems.append("%s: unknown sample %s" % (path, name))
                continue
            if name not in outputs:
                outputs[name] = run(name)
            real, block = outputs[name], lines[first:end]
            start = cursor.get(name, 0) if isinstance(RUNS[name][2], tuple) else 0
            if args.update:
                where, missing = match(block, real, same_shape, start)
                if where is None:
                    problems.append("%s: sample %s: no line like %r any more" % (path, name, missing))
                    continue
                # the real line, without its timestamp where the doc left it out
                new = [old if k is None else real[k] if TIME.match(old) else TIME.sub("", real[k])
                       for k, old in zip(where, block)]
                changed |= new != block
                lines[first:end] = new
            else:
                where, missing = match(block, real, same_facts, start)
                if where is None:
                    like = [l for l in real[start:] if same_shape(l) == same_shape(missing)]
                    problems.append("%s: sample %s is stale at %r (make samples rewrites it); %s"
                                    % (path, name, missing, "the boot printed %r" % like[0] if like
                                       else "the boot printed no line like it (log: build/test-logs/"
                                       "sample-%s.log)" % name))
                    continue
            cursor[name] = max([k for k in where if k is not None], default=start - 1) + 1
        if changed:
            with open(os.path.join(ROOT, path), "w") as f:
                f.write("\n".join(lines))
            print("samples: updated %s" % path)
    for p in problems:
        print("samples: " + p)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
