#!/usr/bin/env python3
"""Write a cpio "newc" archive from a list of entries, with no root rights needed.

  mkcpio.py OUT ENTRY...
    dir:PATH                 a directory
    file:PATH=SOURCE[:MODE]  a file with SOURCE's contents (MODE octal, default 755)
    char:PATH=MAJOR,MINOR    a character device node (such as dev/console=5,1)
    link:PATH=TARGET         a symbolic link

Used by scripts/linux-reference.sh to give Linux an initramfs whose /dev/console exists.
"""
import sys


def member(name, mode, data=b"", rdev=(0, 0)):
    name_b = name.encode() + b"\0"
    fields = [1, mode, 0, 0, 1, 0, len(data), 0, 0, rdev[0], rdev[1], len(name_b), 0]
    head = b"070701" + b"".join(b"%08X" % f for f in fields) + name_b
    head += b"\0" * (-len(head) % 4)
    return head + data + b"\0" * (-len(data) % 4)


def main():
    out = bytearray()
    for spec in sys.argv[2:]:
        kind, _, rest = spec.partition(":")
        if kind == "dir":
            out += member(rest, 0o040755)
        elif kind == "file":
            path, _, src = rest.partition("=")
            src, _, mode = src.partition(":")
            with open(src, "rb") as f:
                out += member(path, 0o100000 | int(mode or "755", 8), f.read())
        elif kind == "link":
            path, _, target = rest.partition("=")
            out += member(path, 0o120777, target.encode())
        elif kind == "char":
            path, _, dev = rest.partition("=")
            major, minor = (int(x) for x in dev.split(","))
            out += member(path, 0o020600, rdev=(major, minor))
        else:
            sys.exit("mkcpio.py: unknown entry %r" % spec)
    out += member("TRAILER!!!", 0)
    with open(sys.argv[1], "wb") as f:
        f.write(out)


if __name__ == "__main__":
    main()
