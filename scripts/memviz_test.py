"""Tests of scripts/memviz on recorded snapshots (tests/memviz/), run by scripts/run_tests.py
(group pictures): every area present with its label, sizes proportional within a pixel, colours
per owner as in the legend, valid SVG, a PNG whose pixels are the SVG's colours, and clear
refusals of broken snapshots.
"""
import os
import struct
import subprocess
import xml.etree.ElementTree as ET
import zlib

NS = "{http://www.w3.org/2000/svg}"


def svg_tree(path):
    root = ET.parse(path).getroot()
    assert root.tag == NS + "svg", "root element is %s" % root.tag
    w, h = float(root.get("width")), float(root.get("height"))
    assert root.get("viewBox") == "0 0 %d %d" % (w, h), "viewBox %s" % root.get("viewBox")
    return root


def rects(root, cls=None, prefix=None):
    out = []
    for e in root.iter(NS + "rect"):
        c = e.get("class") or ""
        if (cls is None or c == cls) and (prefix is None or c.startswith(prefix)):
            out.append(e)
    return out


def box(e):
    return tuple(float(e.get(k)) for k in ("x", "y", "width", "height"))


def texts(root, cls=None):
    return [e.text or "" for e in root.iter(NS + "text") if cls is None or e.get("class") == cls]


def legend_fill(root, key):
    found = rects(root, "legend-%s" % key)
    return found[0].get("fill") if found else None


def read_png(path):
    """(width, height, rows of (r, g, b)) of an 8-bit RGB or RGBA PNG, with the standard library."""
    with open(path, "rb") as f:
        data = f.read()
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    pos, idat, width = 8, b"", None
    while pos < len(data):
        n, kind = struct.unpack(">I4s", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + n]
        if kind == b"IHDR":
            width, height, depth, color = struct.unpack(">IIBB", body[:10])
            assert depth == 8 and color in (2, 6), "PNG depth %d colour type %d" % (depth, color)
            bpp = 3 if color == 2 else 4
        elif kind == b"IDAT":
            idat += body
        pos += 12 + n
    raw = zlib.decompress(idat)
    stride = width * bpp
    rows, prev = [], bytearray(stride)
    for y in range(height):
        ftype, line = raw[y * (stride + 1)], bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
        for i in range(stride):
            a = line[i - bpp] if i >= bpp else 0
            b, c = prev[i], prev[i - bpp] if i >= bpp else 0
            if ftype == 1:
                line[i] = (line[i] + a) & 255
            elif ftype == 2:
                line[i] = (line[i] + b) & 255
            elif ftype == 3:
                line[i] = (line[i] + (a + b) // 2) & 255
            elif ftype == 4:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                line[i] = (line[i] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
        rows.append([tuple(line[x * bpp:x * bpp + 3]) for x in range(width)])
        prev = line
    return width, height, rows


def hex_rgb(color):
    return tuple(int(color[i:i + 2], 16) for i in (1, 3, 5))


def run(r, memviz, snapdir, outdir):
    """Every test of the renderer; r is run_tests' Runner."""
    os.makedirs(outdir, exist_ok=True)
    load = lambda name: memviz.load(os.path.join(snapdir, name + ".snap"))  # noqa: E731

    # ---------------------------------------------------------------- the address space
    for name in ("malloc-touched", "cow-child-written", "highmem-cow-child-written"):
        s = load(name)
        out = os.path.join(outdir, "space-%s.svg" % name)
        memviz.draw_space(s).write(out)
        root = svg_tree(out)
        labels = texts(root, "area-label")
        missing = [a for a in s.areas if not any(t.startswith("%08x-%08x %s" % (a.start, a.end, a.perms))
                                                 for t in labels)]
        r.check("pictures/space-%s-every-area-labelled" % name, s.areas and not missing,
                "no label for %s" % ["%08x" % a.start for a in missing])
        bars = rects(root, "area-bar")
        biggest = max(a.pages for a in s.areas)
        per_page = box(max(bars, key=lambda e: box(e)[2]))[2] / biggest if bars else 0
        off = [(a.name, box(b)[2], a.pages * per_page) for a, b in zip(s.areas, bars)
               if abs(box(b)[2] - a.pages * per_page) > 1.0]
        r.check("pictures/space-%s-areas-to-scale" % name, len(bars) == len(s.areas) and not off,
                "%d bars for %d areas; off by more than a pixel: %s" % (len(bars), len(s.areas), off))
        # each area's page runs fill its bar, and each state's colour is the legend's
        bad = []
        for st, color, _ in memviz.STATES:
            for e in rects(root, "page-%s" % st):
                if e.get("fill") != color or (legend_fill(root, st) not in (None, color)):
                    bad.append(st)
        drawn = {}
        for st, _, _ in memviz.STATES:
            drawn[st] = sum(box(e)[2] for e in rects(root, "page-%s" % st))
        want = {}
        for a in s.areas:
            for n, st in a.runs:
                want[st] = want.get(st, 0) + n * per_page
        wrong = {st: (drawn.get(st, 0), w) for st, w in want.items()
                 if st != "-" and abs(drawn.get(st, 0) - w) > 1.0}
        r.check("pictures/space-%s-page-states" % name, not bad and not wrong,
                "colours not the legend's: %s; widths per state (drawn, wanted): %s" % (bad, wrong))
        # the 4 GiB bar: each kernel area's height is its size to scale
        scale = memviz.SPACE_H / float(1 << 32)
        off = []
        for key, _, _ in memviz.KERNEL_AREAS:
            got = rects(root, "space-%s" % key)
            lo, hi = s.layout[key]
            if len(got) != 1 or abs(box(got[0])[3] - (hi - lo) * scale) > 1.0:
                off.append(key)
        user = rects(root, "space-user")
        r.check("pictures/space-%s-4g-to-scale" % name, not off and user and
                abs(box(user[0])[3] - 0xC0000000 * scale) <= 1.0,
                "kernel areas not to scale: %s" % off)

    # ---------------------------------------------------------------- physical memory
    for name in ("mmap-08", "highmem-cow-child-written"):
        s = load(name)
        out = os.path.join(outdir, "phys-%s.svg" % name)
        memviz.draw_phys(s).write(out)
        root = svg_tree(out)
        strips = rects(root, "zone-strip")
        total = s.owner_pages()
        fw = box(strips[0])[2] / memviz.frames_per_row(sum(z.end - z.start for z in s.zones))
        rh = box(rects(root, prefix="owner-")[0])[3]
        off, colours = {}, []
        for owner, color, _ in memviz.OWNERS:
            got = rects(root, prefix="owner-free-") if owner == "free" else rects(root, "owner-%s" % owner)
            area = sum(box(e)[2] * box(e)[3] for e in got) / rh
            if abs(area - total[owner] * fw) > 1.0:
                off[owner] = (area, total[owner] * fw)
            if owner == "free":         # shaded by the order of the block, as in its own legend
                for e in got:
                    key = e.get("class")[len("owner-"):]
                    if e.get("fill") != memviz.FREE_SHADES[int(key[5:])] or legend_fill(root, key) != e.get("fill"):
                        colours.append(key)
            elif any(e.get("fill") != color for e in got) or (total[owner] and legend_fill(root, owner) != color):
                colours.append(owner)
        r.check("pictures/phys-%s-owners-to-scale" % name, len(strips) == len(s.zones) and not off,
                "%d strips for %d zones; drawn against wanted widths: %s" % (len(strips), len(s.zones), off))
        r.check("pictures/phys-%s-colours-as-legend" % name, not colours, "owners off the legend: %s" % colours)
        zlabels = texts(root, "zone-label")
        r.check("pictures/phys-%s-zones-labelled" % name,
                all(any(t.startswith("ZONE_%s:" % z.name.upper()) for t in zlabels) for z in s.zones),
                "zone labels: %s" % zlabels)
        # the snapshot's free runs agree with its own buddy counts, order by order
        bad = []
        for z in s.zones:
            for order, count in enumerate(z.buddy):
                frames = sum(n for first, n, o in z.runs if o == "free" and z.free_order[first] == order)
                if frames != count << order:
                    bad.append((z.name, order, frames, count))
        r.check("pictures/phys-%s-free-runs-match-buddy" % name, not bad,
                "free frames of an order against blocks of it (zone, order, frames, blocks): %s" % bad)

    # ---------------------------------------------------------------- PNG, pixel by pixel
    s = load("mmap-08")
    png = os.path.join(outdir, "phys-mmap-08.png")
    memviz.draw_phys(s).write(png)
    w, h, rows = read_png(png)
    root = svg_tree(os.path.join(outdir, "phys-mmap-08.svg"))
    wrong = []
    for owner, color, _ in memviz.OWNERS:
        got = [e for e in rects(root, "owner-%s" % owner) if box(e)[2] >= 4]
        if not got:
            continue
        x, y, bw, bh = box(max(got, key=lambda e: box(e)[2]))
        px = rows[int(y + bh / 2)][int(x + bw / 2)]
        if max(abs(p - q) for p, q in zip(px, hex_rgb(color))) > 2:
            wrong.append((owner, px, color))
    root_w = float(root.get("width"))
    r.check("pictures/png-pixels-are-the-owners-colours", (w, h) == (int(root_w), int(float(root.get("height"))))
            and not wrong, "PNG %dx%d; pixels off their owner's colour: %s" % (w, h, wrong))

    # ---------------------------------------------------------------- the buddy lists over a run
    run_snaps = [load(n) for n in ("mmap-00", "mmap-08", "mmap-15", "mmap-unmapped")]
    out = os.path.join(outdir, "buddy.svg")
    memviz.draw_buddy(run_snaps).write(out)
    root = svg_tree(out)
    chart = rects(root, "chart")
    top = max(sum(c << o for o, c in enumerate(z.buddy)) for s in run_snaps for z in s.zones if z.name == "Normal")
    scale = box(chart[0])[3] / float(top * memviz.PAGE) if chart else 0
    heights = {}
    for e in rects(root, prefix="order-"):
        x = round(box(e)[0])
        heights[x] = heights.get(x, 0) + box(e)[3]
    want = [sum(c << o for o, c in enumerate(z.buddy)) * memviz.PAGE * scale
            for s in run_snaps for z in s.zones if z.name == "Normal"]
    got = [heights[x] for x in sorted(heights)]
    r.check("pictures/buddy-bars-to-scale", len(got) == len(want) and all(abs(a - b) <= 1.0 for a, b in zip(got, want)),
            "bar heights %s, free memory to scale %s" % (got, want))

    # ---------------------------------------------------------------- faults over time
    for name in ("cow-child-written", "highmem-cow-child-written"):
        s = load(name)
        out = os.path.join(outdir, "faults-%s.svg" % name)
        memviz.draw_faults(s).write(out)
        root = svg_tree(out)
        dots = list(root.iter(NS + "circle"))
        kinds = {}
        for _, _, k in s.faults:
            kinds[k] = kinds.get(k, 0) + 1
        groups = {g.get("class"): g for g in root.iter(NS + "g")}
        bad = [k for k, color, _ in memviz.FAULT_KINDS
               if ("fault-%s" % k in groups and groups["fault-%s" % k].get("fill") != color)
               or (k in kinds and legend_fill(root, k) != color)]
        counted = {k: len(list(groups["fault-%s" % k])) if "fault-%s" % k in groups else 0 for k in kinds}
        r.check("pictures/faults-%s-a-dot-per-fault" % name, len(dots) == len(s.faults) and counted == kinds
                and not bad and {"cow", "anon", "stack"} <= set(kinds),
                "%d dots for %d faults; per kind %s against %s; colours off the legend: %s"
                % (len(dots), len(s.faults), counted, kinds, bad))

    # ---------------------------------------------------------------- broken snapshots
    with open(os.path.join(snapdir, "mmap-08.snap")) as f:
        good = f.read().split("\n", 1)[1]          # without the caption line
    cases = [
        ("cut-short", good.replace("\nend\n", "\n"), "no 'end' line"),
        ("unknown-owner", good.replace(" free 10\n", " gremlins\n", 1), "unknown owner 'gremlins'"),
        ("bad-order", good.replace(" free 10\n", " free 11\n", 1), "no buddy order 11"),
        ("runs-short", good.replace("\npages ", "\npages 1a ", 1), "the runs cover"),
        ("not-a-snapshot", "hello\n", "not a memsnap snapshot"),
        ("bad-number", good.replace("\nzone Normal ", "\nzone Normal x", 1), "line"),
    ]
    for case, text, expect in cases:
        try:
            memviz.parse(text, case)
            msg = None
        except memviz.SnapError as e:
            msg = str(e)
        r.check("pictures/refuses-%s" % case, msg and expect in msg, "parse gave %r" % msg)
    # split: snapshots out of a log, captions kept; a log without any is an error
    log = os.path.join(outdir, "split.log")
    with open(log, "w") as f:
        f.write("[    0.1] boot noise\n--- memsnap one: the first\n%s--- memsnap two: the second\n%s"
                "--- memsnap three: cut\nmemsnap 1\n" % (good, good))
    found = memviz.split_log(open(log).read())
    r.check("pictures/split-log", [(n, c) for n, c, _ in found] == [("one", "the first"), ("two", "the second")],
            "split found %s" % [(n, c) for n, c, _ in found])
    proc = subprocess.run([os.path.join(os.path.dirname(os.path.abspath(__file__)), "memviz"), "space",
                           os.path.join(outdir, "nonexistent.snap"), "-o", os.path.join(outdir, "x.svg")],
                          capture_output=True, text=True)
    r.check("pictures/cli-missing-file", proc.returncode == 1 and proc.stderr.startswith("memviz: ")
            and "Traceback" not in proc.stderr, "exit %d, stderr %r" % (proc.returncode, proc.stderr))
