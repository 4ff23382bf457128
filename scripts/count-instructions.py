#!/usr/bin/env python3
"""Where one kernel operation's instructions go, function by function.

  scripts/count-instructions.py BREAK [--skip N] [--steps N] [--append WORDS] [--mem SIZE]

Boots the kernel paused under GDB (as make debug does, with -icount), stops at the (N+1)-th call
of the kernel function BREAK, and single-steps until the CPU is back in user mode, counting each
instruction against the function it belongs to. Stepping runs with QEMU's interrupts and timers
held off, so only the operation itself is counted.

  scripts/count-instructions.py do_page_fault --skip 300 --append "init=/bench/bench -- fault_anon"
  scripts/count-instructions.py sys_getpid --skip 100 --append "init=/bench/bench -- getpid"
  scripts/count-instructions.py sys_write --skip 300 --steps 1494 --append "init=/bench/bench -- pipe"

With --steps N it counts N instructions whatever runs, user mode included (as "(user mode)"):
a whole operation that crosses tasks, such as a pipe's round trip.

(A breakpoint inside a system call counts from there: break on sysenter_entry or trap_common
with a condition in GDB for the whole way in.) docs/performance.md shows a fault counted this way.
"""
import argparse
import os
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import qemu  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BUILD = os.path.join(ROOT, "build")

STEPPER = r'''
python
import gdb
counts, total = {}, 0
while total < %(limit)d:
    pc = int(gdb.parse_and_eval("$pc"))
    if pc < 0xc0000000:
        if not %(through_user)d:
            break
        name = "(user mode)"
    else:
        where = gdb.execute("info symbol %%d" %% pc, to_string=True)
        name = where.split(" in ")[0].split(" + ")[0].strip() if "No symbol" not in where else "?"
    counts[name] = counts.get(name, 0) + 1
    gdb.execute("stepi", to_string=True)
    total += 1
print("==COUNT== %%d" %% total)
for name, n in sorted(counts.items(), key=lambda kv: -kv[1]):
    print("==FN== %%d %%s" %% (n, name))
end
'''


def main():
    ap = argparse.ArgumentParser(description="Count a kernel operation's instructions per function.")
    ap.add_argument("breakpoint", help="the kernel function to stop at (do_page_fault, sys_getpid, ...)")
    ap.add_argument("--skip", type=int, default=0, help="let this many calls pass first")
    ap.add_argument("--append", default="", help="the kernel command line (init=... to run a program)")
    ap.add_argument("--mem", default="512M")
    ap.add_argument("--limit", type=int, default=200000, help="stop counting after this many")
    ap.add_argument("--steps", type=int, default=0,
                    help="count exactly this many instructions, on through user mode and other "
                         "tasks (a whole pipe round trip, say), instead of stopping at user mode")
    args = ap.parse_args()
    if not re.match(r"^[A-Za-z_][\w.]*$", args.breakpoint):
        sys.exit("count-instructions: %r is not a function name" % args.breakpoint)
    script = "\n".join([
        "set $pagoda_owns_qemu = 1",
        "target remote 127.0.0.1:{port}",
        "maint packet Qqemu.sstep=0x7",                 # step without interrupts or timers
        "break %s" % args.breakpoint,
        "ignore 1 %d" % args.skip if args.skip else "",
        "continue",
        STEPPER % {"limit": args.steps or args.limit, "through_user": 1 if args.steps else 0},
        "quit",
    ]) + "\n"
    logs = os.path.join(BUILD, "test-logs")
    os.makedirs(logs, exist_ok=True)
    out = qemu.run_gdb_session(script, os.path.join(BUILD, "kernel"), os.path.join(BUILD, "initramfs.cpio"),
                               args.mem, args.append, os.path.join(logs, "count-serial.log"),
                               os.path.join(logs, "count.gdb"), 600)
    total = re.search(r"^==COUNT== (\d+)$", out, re.M)
    if not total:
        sys.exit("count-instructions: GDB did not get there (is %s ever called?):\n%s" % (args.breakpoint, out[-2000:]))
    print("%d instructions from %s%s:" % (int(total.group(1)), args.breakpoint,
                                          "" if args.steps else " until the return to user mode"))
    for n, name in re.findall(r"^==FN== (\d+) (.+)$", out, re.M):
        print("%8s  %s" % (n, name))
    return 0


if __name__ == "__main__":
    sys.exit(main())
