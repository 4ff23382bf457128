#!/usr/bin/env python3
"""Grade a coursework lab: run its tests, print each with its points and a total out of 100.

  make grade LAB=N          (or scripts/grade.py N [--no-build] [--first-failure])

It works the same on a student's skeleton and on the full tree: it builds what is there, runs
the lab's tests (host unit tests of the lab's code, in-kernel self-tests, user programs whose
output is compared with Linux's), and for each failed test says where to look: the function,
the handout's section, and the GDB helper that shows the state. Exit status 0 only at 100/100.
"""
import os
import re
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import qemu  # noqa: E402

ROOT = os.getcwd() if os.path.exists("scripts/grade.py") else os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BUILD = os.path.join(ROOT, "build")
TIMEOUT = 120

# Each test: (name, points, kind, what, where to look when it fails)
#   kind "host":     a host unit test (build/host_tests NAME)
#   kind "selftest": an in-kernel self-test, booted with selftest=NAME at the given memory
#   kind "linux":    a case of a user/linuxcheck program; its lines must be those Linux printed
#   kind "utest":    a user test of /test/utest
#   kind "boot":     the kernel boots to its first program, which exits with status 7
LABS = {
    1: [
        ("split and merge", 15, "host", "buddy.split_merge", "__rmqueue_smallest, expand, __free_one_page; lab1.md 'Splitting' and 'Merging'; GDB: buddyinfo"),
        ("random frees coalesce back", 15, "host", "buddy.random_coalesce", "__free_one_page: the buddy of pfn at order o is pfn ^ (1 << o); lab1.md 'Merging'"),
        ("zone fallback order", 15, "host", "buddy.zone_fallback", "get_page_from_freelist: preferred zone first, then lower ones; lab1.md 'Zones'"),
        ("exhaustion and recovery", 10, "host", "buddy.exhaustion", "__rmqueue_smallest returns NULL only when no order >= the request has a block; lab1.md 'Splitting'"),
        ("per-CPU lists", 5, "host", "buddy.pcp", "__free_one_page is also how the per-CPU lists give pages back; lab1.md 'Merging'"),
        ("reference counts", 5, "host", "buddy.refcount", "alloc_pages / __free_pages; lab1.md 'Splitting'"),
        ("every page of RAM can be allocated", 10, "selftest:1G", "buddy.all_pages", "__rmqueue_smallest, expand; GDB: buddyinfo"),
        ("GFP_DMA stays below 16 MiB", 5, "selftest:1G", "buddy.dma_zone", "get_page_from_freelist; lab1.md 'Zones'"),
        ("GFP_KERNEL never gets HighMem", 5, "selftest:1G", "buddy.kernel_gets_no_highmem", "get_page_from_freelist; lab1.md 'Zones'"),
        ("GFP_HIGHUSER prefers HighMem", 5, "selftest:1G", "buddy.highuser_prefers_highmem", "get_page_from_freelist; lab1.md 'Zones'"),
        ("blocks of every order", 5, "selftest:1G", "buddy.orders", "expand; GDB: buddyinfo"),
        ("the kernel boots", 5, "boot:64M", "", "the boot log: which LAB function is missing?"),
    ],
    2: [
        ("kmap and kunmap round trip", 25, "selftest:1G", "kmap.roundtrip", "kmap, kunmap, map_new_virtual; lab2.md 'kmap'; GDB: pagewalk on the address"),
        ("lowmem pages need no slot", 10, "selftest:1G", "kmap.lowmem", "kmap: a lowmem page's address is its direct-map address; lab2.md 'The direct map'"),
        ("slots are reused after a wrap", 25, "selftest:1G", "kmap.wraparound", "map_new_virtual, flush_all_zero_pkmaps; lab2.md 'kmap'"),
        ("kmap_atomic nests like a stack", 25, "selftest:1G", "kmap.atomic_nesting", "kmap_atomic_high, kunmap_atomic_high; lab2.md 'kmap_atomic'; GDB: ptdump (the fixmap)"),
        ("the kernel boots with HighMem", 15, "boot:1G", "", "kmap is how the kernel reads file pages in HighMem; lab2.md 'kmap'"),
    ],
    3: [
        ("demand-zero pages", 20, "host", "memory.demand_zero", "handle_mm_fault; lab3.md 'Demand paging'; GDB: pagewalk before and after"),
        ("the fault handler's decisions", 15, "host", "memory.fault_handler", "handle_mm_fault, expand_stack; lab3.md 'The fault handler'"),
        ("brk as on Linux", 20, "linux", "mmtest brk", "sys_brk; lab3.md 'A lazy brk'; GDB: vmas"),
        ("the stack grows as on Linux", 20, "linux", "mmtest stack", "expand_stack; lab3.md 'Stack growth'; GDB: vmas"),
        ("bad accesses as on Linux", 10, "linux", "mmtest bad_access", "handle_mm_fault; lab3.md 'The fault handler'"),
        ("the kernel boots", 15, "boot:64M", "", "every program faults its pages in: handle_mm_fault"),
    ],
    4: [
        ("random area operations", 20, "host", "vma.random_ops", "split_vma, try_merge; lab4.md 'Areas'; GDB: vmas"),
        ("areas hold their files", 5, "host", "vma.file_refs", "split_vma; lab4.md 'Areas'"),
        ("mmap, munmap, mprotect calls", 15, "host", "memory.mmap_calls", "vma_protect_range; lab4.md 'mprotect'"),
        ("munmap splits as on Linux", 15, "linux", "mmtest munmap", "split_vma; lab4.md 'Splitting'; GDB: vmas"),
        ("mprotect as on Linux", 15, "linux", "mmtest mprotect", "vma_protect_range, try_merge; lab4.md 'mprotect'"),
        ("MAP_FIXED as on Linux", 10, "linux", "mmtest map_fixed", "split_vma; lab4.md 'Splitting'"),
        ("mmap as on Linux", 10, "linux", "mmtest mmap", "try_merge; lab4.md 'Merging'"),
        ("many areas as on Linux", 10, "linux", "mmtest many", "try_merge; lab4.md 'Merging'"),
    ],
    5: [
        ("copy-on-write", 25, "host", "memory.cow", "copy_pte_range, do_wp_page; lab5.md; GDB: pagewalk in parent and child"),
        ("file pages, shared and private", 10, "host", "memory.file_shared_private", "do_wp_page: a private copy of a file page; lab5.md 'Private file pages'"),
        ("fork as on Linux", 30, "linux", "mmtest fork", "copy_pte_range, do_wp_page; lab5.md 'fork'"),
        ("no page leaks over many forks", 10, "utest", "mem.no_leak", "do_wp_page frees the old page's reference; lab5.md 'Counting'"),
        ("VSZ and RSS after fork", 10, "utest", "mem.vsz_rss", "copy_pte_range counts RSS (rss_batch_add); lab5.md 'Counting'"),
        ("the kernel boots and forks", 15, "boot:64M", "", "the first program forks: copy_pte_range"),
    ],
}


def run_qemu(name, mem, append):
    cmd = qemu.qemu_command(kernel=os.path.join(BUILD, "kernel"), initrd=os.path.join(BUILD, "initramfs.cpio"),
                            mem=mem, append=append, icount=True, serial="stdio")
    log = os.path.join(BUILD, "grade-logs", name + ".log")
    return qemu.run_captured(cmd, TIMEOUT, log), log


def host_results(names):
    if not names:
        return {}
    proc = subprocess.run([os.path.join(BUILD, "host_tests")] + names, capture_output=True, text=True,
                          timeout=TIMEOUT)
    return dict((m.group(2), m.group(1) == "PASS") for m in re.finditer(r"^(PASS|FAIL) (\S+?):?(?:\s|$)", proc.stdout, re.M))


def linux_case(program, case):
    res, log = run_qemu("linux-%s-%s" % (program, case), "256M", "init=/linuxcheck/%s -- %s" % (program, case))
    got = [l for l in res.output.splitlines() if l.startswith("mm: ")]
    with open(os.path.join(ROOT, "tests", "expected", "linux", program + ".out")) as f:
        want = f.read().splitlines()
    if not got or got[-1] != "mm: done" or len(got) < 2:
        return False, log
    body = got[:-1]
    ok = any(want[i:i + len(body)] == body for i in range(len(want) - len(body) + 1))
    return ok, log


def grade(lab, first_failure=False):
    """Run lab's tests and print the table; the total. With first_failure, stop at the first
    test that fails (to know quickly that a tree does not get full marks)."""
    tests = LABS[lab]
    host = host_results([t[3] for t in tests if t[2] == "host"])
    selftests, utests = {}, {}

    def selftest(mem, what):
        if mem not in selftests:
            names = [t[3] for t in tests if t[2] == "selftest:" + mem]
            res, _ = run_qemu("lab%d-selftest-%s" % (lab, mem), mem, "selftest=%s panic=-1" % ",".join(names))
            selftests[mem] = dict((n, v == "PASS") for v, n in
                                  re.findall(r"selftest: (PASS|FAIL|SKIP) (\S+?)(?::|$)", res.output, re.M))
        return selftests[mem].get(what, False)

    def utest(what):
        if not utests:
            names = [t[3] for t in tests if t[2] == "utest"]
            res, _ = run_qemu("lab%d-utest" % lab, "1G", "init=/test/utest -- %s" % " ".join(names))
            utests.update((n, v == "PASS") for v, n in re.findall(r"^utest: (PASS|FAIL) (\S+?)(?::|$)", res.output, re.M))
            utests.setdefault("", True)
        return utests.get(what, False)

    total = 0
    print("Lab %d" % lab)
    for name, points, kind, what, hint in tests:
        if kind == "host":
            ok = host.get(what, False)
        elif kind.startswith("selftest:"):
            ok = selftest(kind[9:], what)
        elif kind == "utest":
            ok = utest(what)
        elif kind == "linux":
            ok, _ = linux_case(*what.split())
        else:
            res, _ = run_qemu("lab%d-boot-%s" % (lab, kind[5:]), kind[5:], "init=/musl/exitcode -- 7")
            ok = res.status == 7 and "LAB %d:" % lab not in res.output
        total += points if ok else 0
        print("  %-40s %3d/%-3d %s" % (name, points if ok else 0, points, "ok" if ok else "FAILED"))
        if not ok:
            print("      where to look: %s" % hint)
            if first_failure:
                print("Lab %d: stopped at the first failure (--first-failure): less than 100/100" % lab)
                return total
    print("Lab %d: %d/100" % (lab, total))
    return total


def main():
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    if len(args) != 1 or not args[0].isdigit() or int(args[0]) not in LABS:
        sys.exit("usage: make grade LAB=N  (N: %s)" % ", ".join(str(n) for n in LABS))
    lab = int(args[0])
    os.chdir(ROOT)
    os.makedirs(os.path.join(BUILD, "grade-logs"), exist_ok=True)
    if "--no-build" not in sys.argv:
        proc = subprocess.run(["make", "--no-print-directory", "all", "build/host_tests"],
                              capture_output=True, text=True)
        if proc.returncode:
            print(proc.stdout[-3000:] + proc.stderr[-3000:])
            print("Lab %d: the tree does not build: 0/100" % lab)
            return 1
    return 0 if grade(lab, "--first-failure" in sys.argv) == 100 else 1


if __name__ == "__main__":
    sys.exit(main())
