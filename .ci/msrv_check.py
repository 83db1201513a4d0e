"""Fails when a crate in the build needs a newer Rust than the workspace's rust-version.

Reads `cargo metadata --format-version 1` on standard input.
"""
import json
import sys


def version_key(text):
    parts = [int(part) for part in text.split(".")]
    return tuple(parts + [0] * (3 - len(parts)))


def main():
    meta = json.load(sys.stdin)
    ours = [p for p in meta["packages"] if p["source"] is None]
    stated = {p.get("rust_version") for p in ours}
    if len(stated) != 1 or None in stated:
        sys.exit(f"every workspace crate must state the same rust-version, found {stated}")
    (msrv,) = stated

    used = {node["id"] for node in meta["resolve"]["nodes"]}
    newer = [
        f"{p['name']} {p['version']} needs {p['rust_version']}"
        for p in meta["packages"]
        if p["id"] in used
        and p.get("rust_version")
        and version_key(p["rust_version"]) > version_key(msrv)
    ]
    if newer:
        sys.exit(f"crates newer than rust-version {msrv}:\n  " + "\n  ".join(newer))
    print(f"rust-version {msrv}: all {len(used)} crates in the build accept it")


main()
