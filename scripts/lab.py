#!/usr/bin/env python3
"""The coursework labs' tools: markers, student skeletons, and checking them.

  lab.py skeleton N DEST    write a student tree for lab N into DEST (a new git repository):
                            the tracked files of this tree, with lab N's solutions replaced by
                            their stubs, and without the wrong solutions the grader is tested on
  lab.py apply N DIR        replace lab N's solutions by their stubs in the tree at DIR, in place
  lab.py check              the markers are balanced and well formed (exit 1 if not)
  lab.py list               each lab's marked functions

A solution in the source is marked like this (each marker on a line of its own):

    /* LAB 1 BEGIN expand: what the student writes here, in one line */
    ... the solution ...
    /* LAB 1 STUB
    LAB_MISSING(1, "expand");        <- the stub: it compiles, says what is missing, and
       LAB 1 END */                     returns something harmless

In a normal build the stub is a comment and the solution is compiled. The skeleton keeps the
BEGIN line as a "write this here" comment, drops the solution and uncomments the stub. Labs
are cumulative: lab N's skeleton keeps every other lab's solution.
"""
import os
import re
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BEGIN = re.compile(r"^(\s*)/\* LAB (\d+) BEGIN (\w+): (.*) \*/\s*$")
STUB = re.compile(r"^\s*/\* LAB (\d+) STUB\s*$")
END = re.compile(r"^\s*LAB (\d+) END \*/\s*$")
WRONG_DIR = "tests/labs"          # the wrong solutions: for testing the grader, not for students


def tracked_files(root):
    out = subprocess.run(["git", "ls-files", "-z"], cwd=root, capture_output=True, check=True).stdout
    return [f for f in out.decode().split("\0") if f]


def parse(text, path="?"):
    """The marked regions of a file: (lab, function, begin line, stub line, end line), checked."""
    regions, open_ = [], None
    for n, line in enumerate(text.split("\n")):
        if "LAB " not in line:
            continue
        b, s, e = BEGIN.match(line), STUB.match(line), END.match(line)
        if b:
            if open_:
                raise ValueError("%s:%d: LAB BEGIN inside another lab's region" % (path, n + 1))
            open_ = [int(b.group(2)), b.group(3), n, None]
        elif s:
            if not open_ or open_[3] is not None or int(s.group(1)) != open_[0]:
                raise ValueError("%s:%d: LAB STUB without its BEGIN" % (path, n + 1))
            open_[3] = n
        elif open_ and open_[3] is not None and "/*" in line:
            raise ValueError("%s:%d: a comment inside a stub (it is a comment itself until used)" % (path, n + 1))
        elif e:
            if not open_ or open_[3] is None or int(e.group(1)) != open_[0]:
                raise ValueError("%s:%d: LAB END without its BEGIN and STUB" % (path, n + 1))
            regions.append((open_[0], open_[1], open_[2], open_[3], n))
            open_ = None
    if open_:
        raise ValueError("%s: LAB %d BEGIN %s is never ended" % (path, open_[0], open_[1]))
    return regions


def skeleton_text(text, lab, path="?"):
    """text with lab's solutions replaced by their stubs."""
    lines = text.split("\n")
    for lab_n, fn, b, s, e in reversed(parse(text, path)):
        if lab_n != lab:
            continue
        m = BEGIN.match(lines[b])
        todo = "%s/* LAB %d: write %s here: %s (docs/labs/lab%d.md) */" % (m.group(1), lab, fn, m.group(4), lab)
        lines[b:e + 1] = [todo] + lines[s + 1:e]
    return "\n".join(lines)


def sources(root):
    return [f for f in tracked_files(root) if f.endswith((".c", ".h"))]


def apply(lab, root, files=None):
    """Replace lab's solutions by their stubs in the tree at root (files: which to look at,
    relative to root; default: its tracked sources). The number of files changed."""
    n = 0
    for f in files if files is not None else sources(root):
        path = os.path.join(root, f)
        with open(path) as fh:
            text = fh.read()
        if "LAB %d BEGIN" % lab not in text:
            continue
        new = skeleton_text(text, lab, f)
        with open(path, "w") as fh:
            fh.write(new)
        n += 1
    return n


def skeleton(lab, dest):
    if os.path.exists(dest) and os.listdir(dest):
        sys.exit("lab.py: %s exists and is not empty" % dest)
    os.makedirs(dest, exist_ok=True)
    for f in tracked_files(ROOT):
        if f.startswith(WRONG_DIR + "/"):
            continue
        src, dst = os.path.join(ROOT, f), os.path.join(dest, f)
        os.makedirs(os.path.dirname(dst), exist_ok=True)
        with open(src, "rb") as fh:
            data = fh.read()
        if f.endswith((".c", ".h")) and b"LAB %d BEGIN" % lab in data:
            data = skeleton_text(data.decode(), lab, f).encode()
        with open(dst, "wb") as fh:
            fh.write(data)
        os.chmod(dst, os.stat(src).st_mode & 0o777)
    git = ["git", "-c", "user.name=Pagoda labs", "-c", "user.email=labs@pagoda.invalid"]
    subprocess.run(git + ["init", "-q"], cwd=dest, check=True)
    subprocess.run(git + ["add", "-A"], cwd=dest, check=True)
    subprocess.run(git + ["commit", "-q", "-m", "Lab %d: the skeleton (docs/labs/lab%d.md)" % (lab, lab)],
                   cwd=dest, check=True)
    print("lab.py: lab %d's skeleton is in %s (a git repository); read docs/labs/lab%d.md" % (lab, dest, lab))


def all_regions(root):
    found = []
    for f in sources(root):
        with open(os.path.join(root, f)) as fh:
            for r in parse(fh.read(), f):
                found.append((f,) + r)
    return found


def main():
    if len(sys.argv) >= 4 and sys.argv[1] == "skeleton":
        skeleton(int(sys.argv[2]), sys.argv[3])
    elif len(sys.argv) >= 4 and sys.argv[1] == "apply":
        print("lab.py: %d files changed" % apply(int(sys.argv[2]), sys.argv[3]))
    elif len(sys.argv) >= 2 and sys.argv[1] == "check":
        try:
            regions = all_regions(ROOT)
        except ValueError as e:
            sys.exit("lab.py: %s" % e)
        print("lab.py: %d marked regions, balanced" % len(regions))
    elif len(sys.argv) >= 2 and sys.argv[1] == "list":
        for f, lab, fn, *_ in sorted(all_regions(ROOT), key=lambda r: (r[1], r[0])):
            print("lab %d  %-28s %s" % (lab, fn, f))
    else:
        sys.exit(__doc__)


if __name__ == "__main__":
    main()
