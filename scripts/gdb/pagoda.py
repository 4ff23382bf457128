"""GDB helpers for watching Pagoda's memory management (loaded by scripts/gdbinit).

  pagewalk VA [PGD]   the PDE and PTE for VA, flags decoded, the physical address, the area
  ptdump [PGD]        the whole address space as ranges with permissions
  vmas [PID]          a process's areas, as /proc/PID/maps shows them
  ps                  the tasks
  buddyinfo           the buddy allocator's free lists, as /proc/buddyinfo
  zoneinfo            the zones
  kmaps               persistent kmap slots in use
  fixmap              the fixmap slots and what they map
  trapframe [ADDR]    a struct pt_regs, decoded
  usersyms [auto|off] load the current program's symbols (auto: after every execve)
  memsnap FILE [PID]  write the snapshot /proc/PID/memsnap would give, for scripts/memviz

Page tables are read by physical address (QEMU's Qqemu.PhyMemMode), so pagewalk and ptdump also
work before paging is on, given a page directory: `ptdump swapper` is the kernel's own.
A helper that cannot answer (paging off, a structure not set up yet, a bad address) says why.
"""
import os
import struct

import gdb

PAGE = 4096
PAGE_OFFSET = 0xC0000000
ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
USER_DIRS = ["bin", "test", "musl", "linuxcheck"]


class Explain(Exception):
    """A plain-language reason a helper cannot do what was asked."""


def command(name):
    """Register f as a GDB command; failures become one explaining line, never a traceback."""
    def wrap(f):
        class Cmd(gdb.Command):
            __doc__ = f.__doc__

            def __init__(self):
                super().__init__(name, gdb.COMMAND_USER)

            def invoke(self, arg, from_tty):
                try:
                    f(gdb.string_to_argv(arg))
                except Explain as e:
                    print("%s: %s" % (name, e))
                except gdb.MemoryError as e:
                    print("%s: memory cannot be read there (%s)" % (name, e))
                except gdb.error as e:
                    print("%s: %s" % (name, e))
                except Exception as e:  # a bug in the helper: still no traceback for the student
                    print("%s: internal error: %s: %s" % (name, type(e).__name__, e))
        Cmd()
        return f
    return wrap


# ------------------------------------------------------------------------------ memory access

def reg(name):
    return int(gdb.parse_and_eval("$" + name)) & 0xFFFFFFFF


def paging_on():
    return bool(reg("cr0") & 0x80000000)


def read_phys(addr, length):
    """Read physical memory, whatever paging is doing."""
    gdb.execute("maint packet Qqemu.PhyMemMode:1", to_string=True)
    try:
        return bytes(gdb.selected_inferior().read_memory(addr, length))
    finally:
        gdb.execute("maint packet Qqemu.PhyMemMode:0", to_string=True)


def u32s_phys(addr, count):
    return struct.unpack("<%dI" % count, read_phys(addr, 4 * count))


def need_paging(what):
    if not paging_on():
        raise Explain("paging is off (CR0.PG = 0): the kernel's variables at 0xc0... are not "
                      "reachable yet, so %s cannot be shown; step past 'mov cr0, eax' in "
                      "boot/entry.asm" % what)


def value(expr):
    return gdb.parse_and_eval(expr)


def address(text, what="address"):
    try:
        return int(value(text)) & 0xFFFFFFFF
    except gdb.error:
        raise Explain("%r is not an %s (give a number or an expression)" % (text, what))


def layout():
    """The kernel's computed layout (struct mem_layout), or None before memory setup."""
    try:
        lay = value("mem_layout")
    except gdb.error:
        return None
    fields = ["page_offset", "high_memory", "vmalloc_start", "vmalloc_end",
              "pkmap_base", "pkmap_end", "fixaddr_start", "fixaddr_top"]
    d = {f: int(lay[f]) & 0xFFFFFFFF for f in fields}
    return d if d["page_offset"] else None


def area_of(va):
    if va < PAGE_OFFSET:
        return "user space (0x00000000-0xc0000000)"
    lay = layout() if paging_on() else None
    if not lay:
        return "kernel space (the layout is not set up yet: mem_init has not run)"
    for lo, hi, name in ((lay["page_offset"], lay["high_memory"], "the direct map of lowmem"),
                         (lay["high_memory"], lay["vmalloc_start"], "the gap before vmalloc"),
                         (lay["vmalloc_start"], lay["vmalloc_end"], "the vmalloc area"),
                         (lay["pkmap_base"], lay["pkmap_end"], "the pkmap (kmap) area"),
                         (lay["fixaddr_start"], lay["fixaddr_top"], "the fixmap")):
        if lo <= va < hi:
            return "%s (0x%08x-0x%08x)" % (name, lo, hi)
    return "kernel space, between areas"


FLAGS = [(0x001, "P"), (0x002, "RW"), (0x004, "U"), (0x008, "PWT"), (0x010, "PCD"),
         (0x020, "A"), (0x040, "D"), (0x080, "PS"), (0x100, "G")]


def decode(entry, pde=False):
    names = [n for bit, n in FLAGS if entry & bit and not (n == "D" and pde and not entry & 0x80)]
    if entry & 1 and not entry & 2:
        names.append("(read-only)")
    if entry & 1 and not entry & 4:
        names.append("(kernel only)")
    return " ".join(names)


def pgd_from(args, index):
    """The page directory's physical address: an argument, 'swapper', or CR3."""
    if len(args) > index:
        if args[index] == "swapper":
            return (int(value("&swapper_pg_dir")) & 0xFFFFFFFF) - PAGE_OFFSET
        pgd = address(args[index], "address of a page directory")
        return pgd - PAGE_OFFSET if pgd >= PAGE_OFFSET else pgd
    return reg("cr3") & ~0xFFF


# ------------------------------------------------------------------------------ page tables

@command("pagewalk")
def pagewalk(args):
    """pagewalk VA [PGD]: walk the page tables for VA (PGD: physical, virtual, or 'swapper')."""
    if not args:
        raise Explain("usage: pagewalk VA [PGD]")
    va = address(args[0])
    if not paging_on() and len(args) < 2:
        print("paging is off (CR0.PG = 0): the CPU uses 0x%08x as a physical address; "
              "give a page directory to see what it will mean (pagewalk 0x%x swapper)" % (va, va))
        return
    pgd = pgd_from(args, 1)
    pdi, pti, off = va >> 22, (va >> 12) & 1023, va & 0xFFF
    print("VA 0x%08x: PDE index %d, PTE index %d, offset 0x%03x; page directory at phys 0x%08x"
          % (va, pdi, pti, off, pgd))
    (pde,) = u32s_phys(pgd + 4 * pdi, 1)
    print("  PDE @ phys 0x%08x = 0x%08x  %s" % (pgd + 4 * pdi, pde, decode(pde, True) or "0"))
    if not pde & 1:
        print("  not present: no page table covers 0x%08x-0x%08x" % (va & ~0x3FFFFF, (va & ~0x3FFFFF) + 0x3FFFFF))
        print("  area: %s" % area_of(va))
        return
    if pde & 0x80:
        phys = (pde & 0xFFC00000) | (va & 0x3FFFFF)
        print("  a 4 MiB page (PS): physical address 0x%08x" % phys)
    else:
        pt = pde & ~0xFFF
        (pte,) = u32s_phys(pt + 4 * pti, 1)
        print("  PTE @ phys 0x%08x = 0x%08x  %s" % (pt + 4 * pti, pte, decode(pte) or "0"))
        if not pte & 1:
            extra = " (PROT_NONE: the page is kept, but inaccessible)" if pte & 0x200 else ""
            print("  not present%s: an access faults" % extra)
            print("  area: %s" % area_of(va))
            return
        phys = (pte & ~0xFFF) | off
        print("  physical address 0x%08x (page frame %d)" % (phys, phys >> 12))
    print("  area: %s" % area_of(va))


def mapped_ranges(pgd):
    """Yield (va, size, entry flags, via 4 MiB page) for every present mapping, in order."""
    pdes = u32s_phys(pgd, 1024)
    for pdi, pde in enumerate(pdes):
        if not pde & 1:
            continue
        if pde & 0x80:
            yield pdi << 22, 1 << 22, pde, True
            continue
        ptes = u32s_phys(pde & ~0xFFF, 1024)
        for pti, pte in enumerate(ptes):
            if pte & 1:
                yield (pdi << 22) | (pti << 12), PAGE, pte & pde | (pte & 0x100), False


def human(size):
    for unit, shift in (("G", 30), ("M", 20), ("K", 10)):
        if size >= 1 << shift and size % (1 << shift) == 0:
            return "%d%s" % (size >> shift, unit)
    return "%dK" % (size >> 10)


@command("ptdump")
def ptdump(args):
    """ptdump [PGD]: every mapped range of an address space, with permissions."""
    if not paging_on() and not args:
        raise Explain("paging is off (CR0.PG = 0): nothing is mapped yet; "
                      "'ptdump swapper' shows the page directory boot/entry.asm is filling")
    pgd = pgd_from(args, 0)
    print("page directory at phys 0x%08x:" % pgd)
    run = None

    def flush(r):
        start, end, flags, big = r
        print("0x%08x-0x%08x %7s  %-6s %s %s%s" % (
            start, end, human(end - start), "user" if flags & 4 else "kernel",
            "rw" if flags & 2 else "ro", "4M pages" if big else "4K pages",
            ", global" if flags & 0x100 else ""))

    for va, size, flags, big in mapped_ranges(pgd):
        key = flags & 0x106
        if run and run[1] == va and (run[2] & 0x106) == key:
            run[1] = va + size
            run[3] = run[3] or big
            continue
        if run:
            flush(run)
        run = [va, va + size, flags, big]
    if run:
        flush(run)


# ------------------------------------------------------------------------------ tasks

def tasks():
    need_paging("the task list")
    try:
        cur = value("current")
    except gdb.error:
        raise Explain("no symbol 'current': is this the kernel's symbol file?")
    if int(cur) == 0:
        raise Explain("no tasks yet: sched_init has not run")
    head = value("&all_tasks")
    ttype = gdb.lookup_type("struct task_struct")
    offset = [f.bitpos // 8 for f in ttype.fields() if f.name == "tasks"][0]
    node = head["next"]
    out = []
    while int(node) != int(head):
        out.append(gdb.Value(int(node) - offset).cast(ttype.pointer()).dereference())
        node = node["next"]
        if len(out) > 1000:
            raise Explain("the task list looks corrupt (more than 1000 entries)")
    return out


def comm(t):
    return t["comm"].string()


def find_task(pid):
    for t in tasks():
        if int(t["pid"]) == pid:
            return t
    raise Explain("no task with pid %d" % pid)


@command("ps")
def ps(args):
    """ps: every task, with its state and memory."""
    states = {0: "R", 1: "S", 2: "Z"}
    all_tasks = tasks()
    cur = int(value("current"))
    print("  PID  PPID S     VSZ     RSS  COMM")
    for t in all_tasks:
        mm = t["mm"]
        vsz = int(mm["total_vm"]) * 4 if int(mm) else 0
        rss = int(mm["rss"]) * 4 if int(mm) else 0
        parent = t["parent"]
        print("%5d %5d %s %6dK %6dK  %s%s" % (
            int(t["pid"]), int(parent["pid"]) if int(parent) else 0,
            states.get(int(t["state"]), "?"), vsz, rss, comm(t),
            "   <- current" if int(t.address) == cur else ""))


@command("vmas")
def vmas(args):
    """vmas [PID]: a process's areas (default: the current task)."""
    t = find_task(int(address(args[0], "pid"))) if args else value("current").dereference()
    if int(t.address) == 0:
        raise Explain("no current task yet: sched_init has not run")
    mm = t["mm"]
    if int(mm) == 0:
        raise Explain("pid %d (%s) is a kernel task: it has no user address space" % (int(t["pid"]), comm(t)))
    n = int(mm["map_count"])
    print("pid %d (%s): %d areas, VmSize %dK, VmRSS %dK (anon %dK, file %dK)" % (
        int(t["pid"]), comm(t), n, int(mm["total_vm"]) * 4, int(mm["rss"]) * 4,
        int(mm["rss_anon"]) * 4, int(mm["rss_file"]) * 4))
    for i in range(n):
        v = mm["vmas"][i].dereference()
        perms, name = area_desc(v)
        print("%08x-%08x %s %s" % (int(v["vm_start"]), int(v["vm_end"]), perms, name or ""))


def area_desc(v):
    """An area's permissions ("rw-p") and name (a file's path, "[heap]", or None), as maps shows them."""
    fl = int(v["vm_flags"])
    perms = ("r" if fl & 1 else "-") + ("w" if fl & 2 else "-") + ("x" if fl & 4 else "-") + \
        ("s" if fl & 0x80 else "p")
    if int(v["vm_file"]):
        return perms, d_path(v["vm_file"]["f_path"])
    return perms, v["vm_name"].string() if int(v["vm_name"]) else None


def d_path(path):
    """The absolute name of a struct path, as the kernel's d_path spells it (fs/dcache.c)."""
    mnt, d = path["mnt"], path["dentry"]
    parts = []
    deleted = int(d["d_parent"]) != int(d.address) and \
        int(d["d_child"]["next"]) == int(d["d_child"].address)
    while True:
        if int(mnt) and int(d) == int(mnt["mnt_root"]):
            if int(mnt["mnt_parent"]) == int(mnt):
                break
            d, mnt = mnt["mnt_mountpoint"], mnt["mnt_parent"]
            continue
        if int(d["d_parent"]) == int(d):
            break
        parts.append(d["d_name"].string())
        d = d["d_parent"]
    return "/" + "/".join(reversed(parts)) + (" (deleted)" if deleted else "")


# ------------------------------------------------------------------------------ allocators

def zones():
    need_paging("the zones")
    zs = value("zones")
    n = int(zs.type.range()[1]) + 1
    out = [zs[i] for i in range(n)]
    if not any(int(z["managed_pages"]) for z in out):
        raise Explain("the buddy allocator has no memory yet: mem_init has not run")
    return out


@command("buddyinfo")
def buddyinfo(args):
    """buddyinfo: free blocks per order and zone, as /proc/buddyinfo."""
    pcp = 0
    for z in zones():
        if not int(z["managed_pages"]):
            continue
        counts = [int(z["free_area"][o]["nr_free"]) for o in range(11)]
        print("Node 0, zone %8s " % z["name"].string() + "".join("%6d " % c for c in counts))
        pcp += int(z["pcp"]["count"])
    if pcp:
        print("(and %d single pages waiting on the per-CPU lists)" % pcp)


@command("zoneinfo")
def zoneinfo(args):
    """zoneinfo: each zone's span and page counts."""
    for z in zones():
        start, span = int(z["zone_start_pfn"]), int(z["spanned_pages"])
        if not span:
            print("zone %-8s empty" % z["name"].string())
            continue
        print("zone %-8s pfn 0x%05x-0x%05x  present %6d  managed %6d  free %6d  pcp %d" % (
            z["name"].string(), start, start + span, int(z["present_pages"]),
            int(z["managed_pages"]), int(z["free_pages"]), int(z["pcp"]["count"])))


@command("kmaps")
def kmaps(args):
    """kmaps: persistent kmap slots that hold a mapping."""
    need_paging("the pkmap slots")
    lay = layout()
    if not lay:
        raise Explain("the layout is not set up yet: mem_init has not run")
    counts = value("pkmap_count")
    pde = u32s_phys((int(value("&swapper_pg_dir")) - PAGE_OFFSET) + 4 * (lay["pkmap_base"] >> 22), 1)[0]
    ptes = u32s_phys(pde & ~0xFFF, 1024) if pde & 1 else [0] * 1024
    used = 0
    for i in range(1024):
        c = int(counts[i])
        if c:
            used += 1
            print("slot %4d at 0x%08x: count %d (%s) -> phys 0x%08x" % (
                i, lay["pkmap_base"] + i * PAGE, c,
                "mapped, unused, flushed on wrap-around" if c == 1 else "%d users" % (c - 1),
                ptes[i] & ~0xFFF))
    print("%d of 1024 slots hold a mapping" % used)


@command("fixmap")
def fixmap(args):
    """fixmap: every fixmap slot, its address and what it maps."""
    need_paging("the fixmap")
    enum = gdb.lookup_type("enum fixed_addresses")
    top = 0xFFFFF000
    ptes = value("fixmap_pte")
    for f in enum.fields():
        idx = f.enumval
        if f.name.startswith("__end"):
            continue
        va = top - idx * PAGE
        pte = int(ptes[(va >> 12) & 1023]) & 0xFFFFFFFF
        what = "phys 0x%08x" % (pte & ~0xFFF) if pte & 1 else "empty"
        print("%-16s %2d  0x%08x  %s" % (f.name, idx, va, what))


VECTORS = ["divide error", "debug", "nmi", "int3", "overflow", "bounds", "invalid opcode",
           "device not available", "double fault", "coprocessor overrun", "invalid TSS",
           "segment not present", "stack segment", "general protection", "page fault"]


@command("trapframe")
def trapframe(args):
    """trapframe [ADDR]: decode a struct pt_regs (default: regs in this frame, or the current task's)."""
    need_paging("a trap frame")
    if args:
        regs = gdb.Value(address(args[0])).cast(gdb.lookup_type("struct pt_regs").pointer()).dereference()
    else:
        try:
            regs = value("regs").dereference()
        except gdb.error:
            cur = value("current")
            if int(cur) == 0:
                raise Explain("no trap frame here and no current task yet")
            top = int(cur["stack"]) + 8192
            regs = gdb.Value(top - gdb.lookup_type("struct pt_regs").sizeof).cast(
                gdb.lookup_type("struct pt_regs").pointer()).dereference()
    v = int(regs["trapno"])
    name = VECTORS[v] if v < len(VECTORS) else ("system call" if v == 0x80 else "irq %d" % (v - 32) if 32 <= v < 48 else "vector %d" % v)
    user = int(regs["cs"]) & 3 == 3
    print("vector %d (%s), error code 0x%x, from %s mode" % (v, name, int(regs["err"]), "user" if user else "kernel"))
    print("eip %08x  cs %04x  eflags %08x%s" % (int(regs["eip"]), int(regs["cs"]), int(regs["eflags"]),
          "  esp %08x  ss %04x" % (int(regs["esp"]), int(regs["ss"])) if user else ""))
    print("eax %08x  ebx %08x  ecx %08x  edx %08x" % tuple(int(regs[r]) for r in ("eax", "ebx", "ecx", "edx")))
    print("esi %08x  edi %08x  ebp %08x" % tuple(int(regs[r]) for r in ("esi", "edi", "ebp")))
    if v == 0x80:
        print("system call %d (arguments ebx ecx edx esi edi ebp)" % int(regs["eax"]))


# ------------------------------------------------------------------------------ user symbols

loaded = {"file": None}


def load_user_symbols(name, quiet=False):
    for d in USER_DIRS:
        path = os.path.join(ROOT, "build", "initramfs", d, name)
        if os.path.isfile(path):
            if loaded["file"]:
                gdb.execute("remove-symbol-file %s" % loaded["file"], to_string=True)
            gdb.execute("add-symbol-file %s" % path, to_string=True)
            loaded["file"] = path
            if not quiet:
                print("usersyms: symbols of %s loaded" % os.path.relpath(path, ROOT))
            return path
    raise Explain("no program called %r under build/initramfs/{%s}" % (name, ",".join(USER_DIRS)))


class ExecBreakpoint(gdb.Breakpoint):
    """Stops silently after every execve and loads the new program's symbols."""

    def stop(self):
        try:
            t = value("t").dereference()
            load_user_symbols(comm(t), quiet=True)
            print("usersyms: %s is running %s: its symbols are loaded" % (
                "pid %d" % int(t["pid"]), comm(t)))
        except Exception as e:
            print("usersyms: %s" % e)
        return False


exec_bp = {"bp": None}


@command("usersyms")
def usersyms(args):
    """usersyms [NAME|auto|off]: load a program's symbols (default: the current task's)."""
    if args and args[0] == "auto":
        if not exec_bp["bp"]:
            exec_bp["bp"] = ExecBreakpoint("exec_done_hook", internal=True)
        print("usersyms: each program's symbols will be loaded when it is exec'd")
        return
    if args and args[0] == "off":
        if exec_bp["bp"]:
            exec_bp["bp"].delete()
            exec_bp["bp"] = None
        return
    if args:
        load_user_symbols(args[0])
        return
    need_paging("the current task")
    cur = value("current")
    if int(cur) == 0 or int(cur["mm"]) == 0:
        raise Explain("the current task runs no user program")
    load_user_symbols(comm(cur.dereference()))


def pagoda_on_quit():
    """From scripts/gdbinit's hook-quit: stop QEMU if this session started it (make debug),
    else detach and leave it running (make gdb against make run-gdb)."""
    owns = gdb.convenience_variable("pagoda_owns_qemu")
    if gdb.selected_inferior().pid == 0:
        return                          # not connected: nothing to stop or leave
    try:
        gdb.execute("kill" if owns is not None else "detach", to_string=True)
        if owns is None:
            print("Detached; QEMU goes on running (stop it with Ctrl-A X in its terminal).")
    except gdb.error:
        pass


# ------------------------------------------------------------------------------ memsnap

def struct_offsets(typename):
    """Byte offset of every field of a struct, those of its anonymous unions and structs included."""
    t = gdb.lookup_type(typename)
    out = {}

    def walk(ty, base):
        for f in ty.fields():
            ft = f.type.strip_typedefs()
            if not f.name and ft.code in (gdb.TYPE_CODE_UNION, gdb.TYPE_CODE_STRUCT):
                walk(ft, base + f.bitpos // 8)
            else:
                out.setdefault(f.name, base + f.bitpos // 8)
    walk(t, 0)
    return out, t.sizeof


def page_flag_bits():
    return {f.name: f.enumval for f in gdb.lookup_type("enum pageflags").fields()}


class MemMap:
    """struct page of every frame, read from the paused kernel in one go."""

    def __init__(self):
        self.off, self.size = struct_offsets("struct page")
        self.bits = page_flag_bits()
        self.base = int(value("mem_map")) & 0xFFFFFFFF
        self.max_pfn = int(value("max_pfn"))
        self.raw = bytes(gdb.selected_inferior().read_memory(self.base, self.max_pfn * self.size))

    def field(self, pfn, name):
        (v,) = struct.unpack_from("<I", self.raw, pfn * self.size + self.off[name])
        return v

    def flag(self, pfn, name):
        return bool(self.field(pfn, "flags") >> self.bits[name] & 1)

    def mapcount(self, pfn):
        v = self.field(pfn, "_mapcount")
        return v - (1 << 32) if v & 0x80000000 else v


def ksym_text(addr):
    """name+0xoff/0xsize, as the kernel's ksym_format prints a return address."""
    try:
        block = gdb.block_for_pc(addr)
    except RuntimeError:
        block = None
    while block is not None and block.function is None:
        block = block.superblock
    if block is None:
        return "0x%08x" % addr
    return "%s+0x%x/0x%x" % (block.function.name, addr - block.start, block.end - block.start)


def snap_page_state(mem, pgd_phys, va, tables):
    pdi = va >> 22
    if pdi not in tables:
        (pde,) = u32s_phys(pgd_phys + 4 * pdi, 1)
        tables[pdi] = u32s_phys(pde & ~0xFFF, 1024) if pde & 1 else None
    pt = tables[pdi]
    pte = pt[(va >> 12) & 1023] if pt else 0
    if pte and not pte & 0x201:
        return "s"
    if not pte & 0x201:
        return "-"
    pfn = pte >> 12
    mapping = mem.field(pfn, "mapping")
    if mapping and not mapping & 1:
        swapbacked = int(gdb.Value(mapping).cast(gdb.lookup_type("struct address_space").pointer())["swapbacked"])
        return "m" if swapbacked else "f"
    return "c" if mem.mapcount(pfn) > 0 else "a"


def snap_owner(mem, pfn, kernel_end_pfn, vdso_maps):
    """The owner of the block of frames at pfn, and how many frames it covers (fs/proc_memsnap.c)."""
    if mem.flag(pfn, "PG_buddy"):
        return "free %d" % mem.field(pfn, "private"), 1 << mem.field(pfn, "private")
    if mem.flag(pfn, "PG_pcp"):               # waiting on a per-CPU list: a single free page
        return "free 0", 1
    if mem.flag(pfn, "PG_reserved"):
        return ("kernel-image" if 0x100 <= pfn < kernel_end_pfn else "reserved"), 1
    if mem.flag(pfn, "PG_slab"):
        return "slab", 1
    frames = 1
    if mem.flag(pfn, "PG_head") and not mem.flag(pfn, "PG_swapcache") and mem.field(pfn, "private") < 11:
        frames = 1 << mem.field(pfn, "private")
    if mem.flag(pfn, "PG_pgtable"):
        return "pgtable", frames
    mapping = mem.field(pfn, "mapping")
    if mapping and not mapping & 1:         # the vDSO's pages are the kernel's, not a file's
        return ("kernel" if mapping in vdso_maps else "pagecache"), frames
    if mapping & 1 or mem.flag(pfn, "PG_swapbacked") or mem.flag(pfn, "PG_swapcache"):
        return "anon", frames
    return "kernel", frames


def memsnap_text(t):
    """The snapshot /proc/PID/memsnap would give, from the paused kernel's memory."""
    lay = layout()
    if not lay:
        raise Explain("the layout is not set up yet: mem_init has not run")
    mem = MemMap()
    out = ["memsnap 1", "task %d %s" % (int(t["tgid"]), comm(t)), "clock 0",
           "layout user %08x %08x" % (0, PAGE_OFFSET),
           "layout direct %08x %08x" % (lay["page_offset"], lay["high_memory"]),
           "layout vmalloc %08x %08x" % (lay["vmalloc_start"], lay["vmalloc_end"]),
           "layout pkmap %08x %08x" % (lay["pkmap_base"], lay["pkmap_end"]),
           "layout fixmap %08x %08x" % (lay["fixaddr_start"], lay["fixaddr_top"])]
    mm = t["mm"]
    if int(mm):
        pgd_phys = (int(mm["pgd"]) & 0xFFFFFFFF) - PAGE_OFFSET
        tables = {}
        for i in range(int(mm["map_count"])):
            v = mm["vmas"][i].dereference()
            start, end = int(v["vm_start"]), int(v["vm_end"])
            perms, name = area_desc(v)
            states = [snap_page_state(mem, pgd_phys, va, tables) for va in range(start, end, PAGE)]
            runs = []
            for st in states:
                if runs and runs[-1][1] == st:
                    runs[-1][0] += 1
                else:
                    runs.append([1, st])
            if len(runs) > 1024:
                runs = runs[:1023] + [[sum(n for n, _ in runs[1023:]), "?"]]
            out.append("area %08x %08x %s %d %d %s" % (
                start, end, perms, sum(s not in "-s" for s in states), states.count("s"), name or "-"))
            out.append("pages" + "".join(" %d%s" % (n, st) for n, st in runs))
    a = value("'vmalloc.c'::vmlist")
    while int(a):
        addr, size = int(a["addr"]), int(a["size"])
        out.append("vmalloc %08x %08x %d %s %s" % (addr, addr + size, int(a["nr_pages"]),
                                                 "vmalloc" if int(a["flags"]) & 1 else
                                                 "ioremap" if int(a["flags"]) & 4 else "vmap",
                                                 ksym_text(int(a["caller"]))))
        a = a["next"]
    counts = value("pkmap_count")
    pde = u32s_phys((int(value("&swapper_pg_dir")) - PAGE_OFFSET) + 4 * (lay["pkmap_base"] >> 22), 1)[0]
    ptes = u32s_phys(pde & ~0xFFF, 1024) if pde & 1 else [0] * 1024
    for i in range(1024):
        c = int(counts[i])
        if c and ptes[i] & 1:
            out.append("pkmap %d %08x %d %d" % (i, lay["pkmap_base"] + i * PAGE, ptes[i] >> 12, c - 1))
    fix = value("fixmap_pte")
    for f in gdb.lookup_type("enum fixed_addresses").fields():
        idx = f.enumval
        if idx == 0 or f.name.startswith("__end") or f.name == "FIX_KMAP_END":
            continue
        va = 0xFFFFF000 - idx * PAGE
        pte = int(fix[(va >> 12) & 1023]) & 0xFFFFFFFF
        what = "boot_info" if f.name == "FIX_BOOT_INFO" else "kmap_atomic_%d" % (idx - int(value("FIX_KMAP_BEGIN")))
        out.append("fixmap %d %08x %s %s" % (idx, va, str(pte >> 12) if pte & 1 else "-", what))
    kernel_end_pfn = ((int(value("&_end")) & 0xFFFFFFFF) - PAGE_OFFSET + PAGE - 1) >> 12
    vdso_maps = (int(value("&'vdso.c'::vdso_mapping")) & 0xFFFFFFFF, int(value("&vvar_mapping")) & 0xFFFFFFFF)
    for z in zones():
        start, span = int(z["zone_start_pfn"]), int(z["spanned_pages"])
        if not span:
            continue
        end = start + span
        out.append("zone %s %d %d %d %d" % (z["name"].string(), start, end, int(z["managed_pages"]),
                                            int(z["free_pages"])))
        out.append("buddy %s " % z["name"].string() +
                   " ".join(str(int(z["free_area"][o]["nr_free"])) for o in range(11)))
        pfn, run_start, run_owner = start, start, None
        while pfn < end:
            owner, n = snap_owner(mem, pfn, kernel_end_pfn, vdso_maps)
            if owner != run_owner:
                if run_owner:
                    out.append("phys %d %d %s" % (run_start, pfn - run_start, run_owner))
                run_owner, run_start = owner, pfn
            pfn += min(n, end - pfn)
        out.append("phys %d %d %s" % (run_start, end - run_start, run_owner))
    out.append("end")
    return "\n".join(out) + "\n"


@command("memsnap")
def memsnap(args):
    """memsnap FILE [PID]: write the snapshot /proc/PID/memsnap would give (default: the current
    task) to FILE, for scripts/memviz, so a picture can be taken at a breakpoint."""
    if not args:
        raise Explain("usage: memsnap FILE [PID]")
    need_paging("a snapshot")
    t = find_task(int(address(args[1], "pid"))) if len(args) > 1 else value("current").dereference()
    if int(t.address) == 0:
        raise Explain("no current task yet: sched_init has not run")
    text = memsnap_text(t)
    with open(args[0], "w") as f:
        f.write(text)
    print("memsnap: wrote %s (pid %d, %d areas, %d runs of frames); draw it with "
          "scripts/memviz space|phys %s -o PICTURE.svg" % (
              args[0], int(t["pid"]), text.count("\narea "), text.count("\nphys "), args[0]))
