#!/usr/bin/env python3
"""Write malformed variants of a good static i386 ELF executable, for the loader's tests.

Usage: mkbadelf.py GOOD_ELF OUTDIR

Each file breaks one rule the kernel checks (kernel/elf.c); the kernel must refuse each with
ENOEXEC and a log line naming the reason, and the caller must keep running.
"""
import os
import struct
import sys

EHDR = "<16sHHIIIIIHHHHHH"       # e_ident .. e_shstrndx
PHDR = "<IIIIIIII"               # p_type p_offset p_vaddr p_paddr p_filesz p_memsz p_flags p_align


def load(path):
    with open(path, "rb") as f:
        return bytearray(f.read())


def ehdr(data):
    return list(struct.unpack_from(EHDR, data, 0))


def put_ehdr(data, fields):
    struct.pack_into(EHDR, data, 0, *fields)


def phdrs(data):
    e = ehdr(data)
    return [list(struct.unpack_from(PHDR, data, e[5] + i * 32)) for i in range(e[10])]


def put_phdr(data, i, fields):
    struct.pack_into(PHDR, data, ehdr(data)[5] + i * 32, *fields)


def loads(data):
    return [i for i, p in enumerate(phdrs(data)) if p[0] == 1]


def variants(good):
    out = {}
    out["truncated"] = good[:40]                                  # shorter than the header
    d = bytearray(good); e = ehdr(d); e[2] = 62; put_ehdr(d, e)   # e_machine = x86-64
    out["wrong-machine"] = d
    d = bytearray(good); e = ehdr(d); e[10] = 60000; put_ehdr(d, e)
    out["absurd-phnum"] = d
    d = bytearray(good); e = ehdr(d); e[5] = len(d) - 8; put_ehdr(d, e)
    out["phdrs-outside-file"] = d
    d = bytearray(good); i, j = loads(d)[:2]; p, q = phdrs(d)[i], phdrs(d)[j]
    q[2] = p[2]; q[1] = p[1]; put_phdr(d, j, q)                 # the second at the first's address
    out["overlapping-segments"] = d
    d = bytearray(good); i = loads(d)[-1]; p = phdrs(d)[i]
    p[2] = 0xbffff000 + (p[2] & 0xfff); p[5] = 0x2000; p[4] = min(p[4], 0x1000); put_phdr(d, i, p)
    out["segment-into-kernel"] = d
    d = bytearray(good); i = loads(d)[0]; p = phdrs(d)[i]; p[4] = p[5] + 0x1000
    put_phdr(d, i, p)
    out["filesz-over-memsz"] = d
    d = bytearray(good); i = loads(d)[0]; p = phdrs(d)[i]; p[0] = 3; put_phdr(d, i, p)   # PT_INTERP
    out["dynamic"] = d
    d = bytearray(good); d[0:4] = b"\x7fBAD"
    out["bad-magic"] = d
    return out


def main():
    good = load(sys.argv[1])
    outdir = sys.argv[2]
    os.makedirs(outdir, exist_ok=True)
    for name, data in variants(good).items():
        path = os.path.join(outdir, name)
        with open(path, "wb") as f:
            f.write(data)
        os.chmod(path, 0o755)


if __name__ == "__main__":
    main()
