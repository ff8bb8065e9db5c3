"""Regenerate advisor/inspect/wheel_table.py from PyPI's JSON API (a maintainer's tool).

advisor never reaches the network while it inspects a project: what it knows of which release
of a compiled package has Linux wheels for which Python line is a table in the package,
written by this script. Run it when a new Python line comes out, or to add a package:

    python tools/refresh_wheel_table.py            # rewrites advisor/inspect/wheel_table.py
    python tools/refresh_wheel_table.py --check    # prints the table, writes nothing

For each package it reads every release's files and keeps, for each CPython line from 3.7 to
the newest, the final release from which every one has a manylinux wheel for that line on both x86_64 and
aarch64 (an Apple-silicon Mac builds arm64 images): a ``cp3N`` wheel for the line itself, an
``abi3`` wheel for an older line, or a pure-Python wheel. A line no release has wheels for is
kept with an empty release (pins on it build from source). It also keeps the first release
with wheels for any line on both arches: an older pin has none, so it always builds.

The packages are ones whose source build needs a compiler and cannot fall back to pure Python
(MarkupSafe, SQLAlchemy, simplejson, websockets and wrapt do fall back, and are left out): a pin with no
wheel then stops the slim image's install.
"""

from __future__ import annotations

import argparse
import datetime
import functools
import json
import re
import sys
import urllib.request
from pathlib import Path
from typing import Any

from packaging.specifiers import InvalidSpecifier, SpecifierSet

ROOT = Path(__file__).resolve().parent.parent
TARGET = ROOT / "advisor" / "inspect" / "wheel_table.py"
LINES = range(7, 15)  # CPython 3.7 .. 3.14
ARCHES = ("x86_64", "aarch64")

PACKAGES = (
    # database drivers and servers' speed-ups
    "psycopg2-binary", "psycopg-binary", "asyncpg", "hiredis", "pymssql", "greenlet", "gevent",
    "uvloop", "httptools",
    # data and science
    "numpy", "pandas", "scipy", "scikit-learn", "matplotlib", "kiwisolver", "pyarrow", "h5py",
    "shapely", "pyproj",
    # parsing, serialising, compression
    "pyyaml", "ruamel-yaml-clib", "lxml", "orjson", "ujson", "msgpack", "regex", "brotli", "lz4",
    "xxhash", "mmh3", "bitarray", "rcssmin", "rjsmin", "cchardet", "levenshtein", "rapidfuzz",
    "python-levenshtein", "jellyfish",
    # images and documents
    "pillow", "reportlab", "pymupdf",
    # cryptography and hashing
    "cffi", "cryptography", "bcrypt", "pynacl", "argon2-cffi-bindings", "pycryptodome",
    "pycryptodomex",
    # networking, async, system
    "grpcio", "grpcio-tools", "aiohttp", "multidict", "yarl", "frozenlist", "pycares", "pyzmq",
    "psutil", "setproctitle", "netifaces",
    # Rust extensions (cargo is not in the image at all)
    "pydantic-core", "rpds-py", "jiter", "watchfiles", "tokenizers", "tiktoken",
)  # fmt: skip

# Packages whose releases raise the oldest Python they install on (Django 5.0: 3.10): a pin of
# one keeps a compiled pin's cap from going below it (the compiled one then builds from source).
FLOOR_PACKAGES = ("django", "flask", "fastapi", "sqlalchemy", "pydantic", "celery", "numpy", "pandas")

_FINAL = re.compile(r"^\d+(\.\d+)*$")


def _version(text: str) -> tuple[int, ...]:
    return tuple(int(p) for p in text.split("."))


def _lines_of(filename: str) -> dict[str, set[int]]:
    """arch → the CPython 3 lines a wheel file installs on (LINES only)."""
    if not filename.endswith(".whl"):
        return {}
    parts = filename[:-4].split("-")
    if len(parts) < 5:
        return {}
    python, abi, platform = parts[-3], parts[-2], parts[-1]
    found: dict[str, set[int]] = {}
    for plat in platform.split("."):
        arch = next((a for a in ARCHES if plat.startswith("manylinux") and plat.endswith(a)), None)
        if plat == "any":
            return {a: set(LINES) for a in ARCHES} if "py3" in python or "py2.py3" in python else {}
        if arch is None:
            continue
        for tag in python.split("."):
            m = re.fullmatch(r"cp3(\d+)", tag)
            if m is None:
                continue
            minor = int(m.group(1))
            lines = {n for n in LINES if n >= minor} if abi == "abi3" else {minor} & set(LINES)
            found.setdefault(arch, set()).update(lines)
    return found


@functools.cache
def _releases(name: str) -> dict[str, Any]:
    """PyPI's files of every release of ``name`` (its JSON API), read once per run."""
    with urllib.request.urlopen(f"https://pypi.org/pypi/{name}/json", timeout=60) as response:
        releases: dict[str, Any] = json.load(response)["releases"]
    return releases


def table_for(name: str) -> tuple[list[tuple[int, str]], str]:
    """((line, the release from which every one has wheels for it on every arch, or ""), ...),
    and the first release with wheels on every arch for some line ("" for none)."""
    releases = _releases(name)
    # (a release whose files were all yanked is left out: pip takes it only when pinned)
    versions = sorted(
        (v for v in releases if _FINAL.match(v) and not all(f.get("yanked") for f in releases[v])),
        key=_version,
    )
    wheels: dict[str, dict[str, set[int]]] = {}  # release → arch → lines it has wheels for
    admits: dict[str, set[int]] = {}  # release → the lines its Requires-Python admits
    for version in versions:
        files = [f for f in releases[version] if not f.get("yanked")]
        for file in files:
            for arch, lines in _lines_of(file["filename"]).items():
                wheels.setdefault(version, {}).setdefault(arch, set()).update(lines)
        spec = next((f.get("requires_python") for f in files if f.get("requires_python")), None)
        try:
            specifier = SpecifierSet(spec or "")
        except InvalidSpecifier:
            specifier = SpecifierSet()
        admits[version] = {n for n in LINES if specifier.contains(f"3.{n}", prereleases=True)}
    table = []
    for line in LINES:
        chain = [v for v in versions if line in admits[v]]
        firsts = [
            _first_after_gaps(chain, [line in wheels.get(v, {}).get(a, ()) for v in chain]) for a in ARCHES
        ]
        table.append((line, "" if None in firsts else max(firsts, key=lambda v: _version(v or "0"))))
    first_any = next((v for v in versions if all(wheels.get(v, {}).get(a) for a in ARCHES)), "")
    return table, first_any


def _first_after_gaps(chain: list[str], present: list[bool]) -> str | None:
    """The release from which every one up to the last with wheels has them, ignoring a lone
    release without (a failed upload for one arch between two with): None when none has."""
    last = max((i for i, p in enumerate(present) if p), default=None)
    if last is None:
        return None
    start = last
    while start > 0 and (present[start - 1] or (start >= 2 and present[start - 2] and present[start])):
        start -= 1
    return chain[start]


def floors_for(name: str) -> list[tuple[str, int]]:
    """(release, the oldest 3.x line it and every later release admit), where that line rises."""
    releases = _releases(name)
    found: list[tuple[str, int]] = []
    for version in sorted((v for v in releases if _FINAL.match(v) and releases[v]), key=_version):
        spec = next((f.get("requires_python") for f in releases[version] if f.get("requires_python")), None)
        try:
            specifier = SpecifierSet(spec or "")
        except InvalidSpecifier:
            continue
        oldest = next((n for n in range(0, 20) if specifier.contains(f"3.{n}", prereleases=True)), None)
        if oldest is not None and (not found or oldest > found[-1][1]):
            found.append((version, oldest))
    return found


def render(
    tables: dict[str, tuple[list[tuple[int, str]], str]], floors: dict[str, list[tuple[str, int]]]
) -> str:
    today = datetime.date.today().isoformat()
    out = [
        f'"""Generated by tools/refresh_wheel_table.py from PyPI on {today}: do not edit by hand.',
        "",
        "FIRST_WHEELS: package → ((python minor, the release from which every one has manylinux wheels",
        f'for that line on x86_64 and aarch64, or "" when none has), ...), 3.{LINES[0]} to 3.{LINES[-1]}.',
        'FIRST_ANY: package → the first release with wheels on both (an older pin always builds; "": none).',
        '"""',
        "",
        "# each row: the releases for 3.7, 3.8, ... in order; - where no release has wheels",
        "_ROWS = {",
    ]
    for name, (lines, _) in sorted(tables.items()):
        out.append(f'    "{name}": "' + " ".join(v or "-" for _, v in lines) + '",')
    out += [
        "}",
        "FIRST_WHEELS: dict[str, tuple[tuple[int, str], ...]] = {",
        f"    name: tuple(zip(range({LINES[0]}, {LINES[-1] + 1}), "
        '(v.strip("-") for v in row.split()), strict=True))',
        "    for name, row in _ROWS.items()",
        "}",
        "FIRST_ANY: dict[str, str] = {",
    ]
    out += [f'    "{name}": "{first}",' for name, (_, first) in sorted(tables.items())]
    out += [
        "}",
        "# package → RELEASE:MINOR: from that release on, the oldest Python 3 line it installs on",
        "_FLOOR_ROWS = {",
    ]
    out += [
        f'    "{name}": "' + " ".join(f"{v}:{n}" for v, n in found) + '",'
        for name, found in sorted(floors.items())
    ]
    out += [
        "}",
        "PYTHON_FLOORS: dict[str, tuple[tuple[str, int], ...]] = {",
        '    name: tuple((v, int(n)) for v, _, n in (w.partition(":") for w in row.split()))',
        "    for name, row in _FLOOR_ROWS.items()",
        "}",
        "",
    ]
    return "\n".join(out)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--check", action="store_true", help="print the table, write nothing")
    args = parser.parse_args()
    tables = {}
    for name in PACKAGES:
        tables[name] = table_for(name)
        print(
            f"{name:24} {tables[name][1]:>12}  " + " ".join(f"3.{n}:{v or '-'}" for n, v in tables[name][0])
        )
    floors = {name: floors_for(name) for name in FLOOR_PACKAGES}
    for name, found in floors.items():
        print(f"{name:24} floors " + " ".join(f"{v}:3.{n}" for v, n in found))
    text = render(tables, floors)
    if args.check:
        return
    TARGET.write_text(text)
    print(f"wrote {TARGET.relative_to(ROOT)} ({len(tables)} packages)", file=sys.stderr)


if __name__ == "__main__":
    main()
