#!/usr/bin/env python3
"""The modules Debian's Linux needs for an IDE disk with ext2, in load order.

  linux-modules.py DEB DIR    unpack the needed .ko files of the kernel package DEB into DIR
                              and print their names, dependencies first, one per line

The package has no modules.dep (depmod makes it at install time), so the order comes from each
module's own "depends=" field, plus the crypto modules some of them ask for by algorithm name
(softdeps, which depends= does not list).
"""
import os
import re
import subprocess
import sys

WANTED = ["ata_piix", "sd_mod", "ext4"]
# what the crypto API loads by name when asked: crc32c (ext4, jbd2), crct10dif and
# crc64-rocksoft (sd_mod's integrity code)
SOFT = {"ext4": ["crc32c_generic"], "crc-t10dif": ["crct10dif_generic"],
        "crc64-rocksoft": ["crc64_rocksoft_generic"]}


def main():
    deb, out = sys.argv[1], sys.argv[2]
    os.makedirs(out, exist_ok=True)
    listing = subprocess.run(["dpkg-deb", "-c", deb], capture_output=True, text=True, check=True).stdout
    paths = {os.path.basename(p)[:-3]: p for p in re.findall(r"(\./lib/modules/\S+\.ko)$", listing, re.M)}
    order, seen = [], set()

    def need(name):
        name = name if name in paths else name.replace("_", "-") if name.replace("_", "-") in paths else name.replace("-", "_")
        if name in seen:
            return
        seen.add(name)
        data = extract(deb, paths[name], os.path.join(out, name + ".ko"))
        deps = re.search(rb"depends=([^\0]*)", data)
        for d in (deps.group(1).decode().split(",") if deps and deps.group(1) else []) + SOFT.get(name, []):
            need(d)
        order.append(name)

    for w in WANTED:
        need(w)
    print("\n".join(order))


def extract(deb, member, dest):
    tar = subprocess.Popen(["dpkg-deb", "--fsys-tarfile", deb], stdout=subprocess.PIPE)
    data = subprocess.run(["tar", "-x", "-O", member], stdin=tar.stdout, capture_output=True, check=True).stdout
    tar.wait()
    with open(dest, "wb") as f:
        f.write(data)
    return data


if __name__ == "__main__":
    main()
