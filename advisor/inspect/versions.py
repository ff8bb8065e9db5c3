"""Runtime version constraints and the image tag chosen to satisfy them.

advisor knows a small table of current lines per runtime (``LINES``). A constraint is
satisfied by a line when it holds for the line's latest patch (tested as patch 99), and
the newest such line is chosen. An exact pin (``3.12.4``, ``v20.11.1``) is used as it
is. Constraint syntaxes understood: PEP 440 specifiers (``>=3.10,<3.13``, ``~=3.11``,
``==3.12.*``), Poetry's ``^``/``~``/``||``, npm semver ranges (``>=18 <23``, ``^20.10``,
``20.x``, ``18 || 20``, ``lts/*``, ``lts/iron``), Java release numbers (``17``, ``1.8``)
and Go directives (a minimum: ``go 1.22.3``).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from .facts import RuntimeVersion

Version = tuple[int, ...]

# Newest first. Java lists the LTS lines advisor uses, 11 only when a project demands it.
# Node puts 24 (the image default, supported to 2028-04) before 26 (LTS since 2026-10-28): an
# open range (">=18") gets the line the most native modules have prebuilt binaries for.
LINES: dict[str, tuple[str, ...]] = {
    "python": ("3.14", "3.13", "3.12", "3.11"),
    "node": ("24", "26", "22"),
    "java": ("25", "21", "17", "11"),
    "go": ("1.25", "1.24"),
}
# A release line newer than the ones above, for a project that demands it: none now (Node 25,
# the last odd line, ended on 2026-06-01; 27 is in its alpha phase until 2027-04).
CURRENT: dict[str, str] = {}
# Lines past their end of life, newest first, for a range that only they satisfy (their
# images are still published). Python 3.10's security support ended in October 2026 (PEP 619).
_OLDER: dict[str, tuple[str, ...]] = {
    "python": ("3.10", "3.9", "3.8", "3.7"),
    "node": ("20", "18", "16", "14", "12", "10"),
}
# Node's LTS code names (``lts/iron`` in .nvmrc).
NODE_CODENAMES = {"hydrogen": "18", "iron": "20", "jod": "22", "krypton": "24", "lithium": "26"}

_NUM = re.compile(r"^v?(\d+(?:\.\d+)*)")


def parse_version(text: str) -> Version | None:
    m = _NUM.match(text.strip())
    if not m:
        return None
    return tuple(int(p) for p in m.group(1).split("."))


def _pad(v: Version, n: int = 3) -> Version:
    return v + (0,) * (n - len(v)) if len(v) < n else v


def _cmp(a: Version, b: Version) -> int:
    n = max(len(a), len(b), 3)
    pa, pb = _pad(a, n), _pad(b, n)
    return (pa > pb) - (pa < pb)


Check = Callable[[Version], bool]


def _upper_caret(v: Version) -> Version:
    # ^1.2.3 -> <2.0.0; ^0.2.3 -> <0.3.0
    for i, part in enumerate(v):
        if part != 0 or i == len(v) - 1:
            return (*v[:i], part + 1)
    return (v[0] + 1,)


def _upper_tilde(v: Version) -> Version:
    # ~1.2.3 -> <1.3.0 ; ~1 -> <2
    if len(v) >= 2:
        return (v[0], v[1] + 1)
    return (v[0] + 1,)


def _clause(op: str, raw: str) -> Check | None:
    """One comparison; ``raw`` may end in ``.*`` or ``.x`` wildcards."""
    raw = raw.strip().lstrip("v")
    wildcard = bool(re.search(r"(\.\*|\.x|\.X)$", raw)) or raw in ("*", "x", "X")
    core = re.sub(r"(\.(\*|x|X))+$", "", raw)
    if raw in ("*", "x", "X", ""):
        return lambda v: True
    v = parse_version(core)
    if v is None:
        return None
    if op in ("==", "=", "===", "") and (wildcard or op == ""):
        # a bare "20" or "3.11.*" in semver/PEP 440 means "that release line"
        n = len(v)
        return lambda x: _pad(x)[:n] == v
    if op in ("==", "=", "==="):
        return lambda x: _cmp(x, v) == 0
    if op == "!=":
        if wildcard:
            n = len(v)
            return lambda x: _pad(x)[:n] != v
        return lambda x: _cmp(x, v) != 0
    if op == ">=":
        return lambda x: _cmp(x, v) >= 0
    if op == ">":
        return lambda x: _cmp(x, v) > 0
    if op == "<=":
        return lambda x: _cmp(x, v) <= 0 if not wildcard else _pad(x)[: len(v)] <= v
    if op == "<":
        return lambda x: _cmp(x, v) < 0
    if op == "^":
        hi = _upper_caret(v)
        return lambda x: _cmp(x, v) >= 0 and _cmp(x, hi) < 0
    if op == "~=":
        hi = (*v[:-2], v[-2] + 1) if len(v) >= 2 else (v[0] + 1,)
        return lambda x: _cmp(x, v) >= 0 and _cmp(x, hi) < 0
    if op == "~":
        hi = _upper_tilde(v)
        return lambda x: _cmp(x, v) >= 0 and _cmp(x, hi) < 0
    return None


_CLAUSE = re.compile(r"(===|==|!=|~=|>=|<=|\^|~|>|<|=)?\s*(v?[0-9][0-9A-Za-z.*]*|\*|x|X)")


def _conjunction(text: str) -> Check | None:
    """Clauses joined by commas or spaces (all must hold); ``1.2 - 1.4`` hyphen ranges."""
    text = text.strip()
    hyphen = re.fullmatch(r"(\S+)\s+-\s+(\S+)", text)
    if hyphen:
        lo, hi = _clause(">=", hyphen.group(1)), _clause("<=", hyphen.group(2))
        if lo is None or hi is None:
            return None
        return lambda x: lo(x) and hi(x)
    checks: list[Check] = []
    rest = text.replace(",", " ")
    pos = 0
    while pos < len(rest):
        if rest[pos].isspace():
            pos += 1
            continue
        m = _CLAUSE.match(rest, pos)
        if not m:
            return None
        check = _clause(m.group(1) or "", m.group(2))
        if check is None:
            return None
        checks.append(check)
        pos = m.end()
    if not checks:
        return None
    return lambda x: all(c(x) for c in checks)


def parse_constraint(text: str) -> Check | None:
    """A predicate over versions, or None when the text is not understood."""
    alternatives = [part for part in re.split(r"\|\|", text) if part.strip()]
    checks = [_conjunction(part) for part in alternatives]
    if not checks or any(c is None for c in checks):
        return None
    ok = [c for c in checks if c is not None]
    return lambda x: any(c(x) for c in ok)


def _is_exact_pin(text: str) -> bool:
    return bool(re.fullmatch(r"(==|=)?\s*v?\d+\.\d+\.\d+", text.strip()))


# The first patch of each Python line whose official image is Debian bookworm (mid-2023);
# earlier patches are on buster or stretch, whose package archives are gone.
_PYTHON_BOOKWORM: dict[tuple[int, ...], int] = {
    (3, 6): 99,
    (3, 7): 17,
    (3, 8): 17,
    (3, 9): 17,
    (3, 10): 12,
    (3, 11): 4,
}


# The first patch of each Python line whose official image is Debian trixie: the patches
# current when the images moved to Debian 13 (August 2025) were rebuilt on it, older patch
# tags stay on bookworm, and lines up to 3.8 never left it.
_PYTHON_TRIXIE: dict[tuple[int, ...], int] = {(3, 9): 23, (3, 10): 18, (3, 11): 13, (3, 12): 11, (3, 13): 6}


def python_on_bookworm(tag: str) -> bool:
    """Whether python:TAG-slim is Debian bookworm (12), whose library packages have their
    names from before the 64-bit time renames: 3.8 and older, and older patches (3.12.3)."""
    v = parse_version(tag.strip()) or ()
    if len(v) < 2 or v[0] != 3:
        return False
    if v[1] <= 8:
        return True
    return len(v) >= 3 and v[2] < _PYTHON_TRIXIE.get(v[:2], 0)


def choose(runtime: str, constraint: str, source: str, detail: str = "") -> RuntimeVersion:
    """The image tag for ``constraint`` (see the module docstring)."""
    text = constraint.strip()
    lines = LINES[runtime]
    low = text.lower()
    if runtime == "node" and low.startswith("lts/"):
        name = low[4:]
        if name in ("*", "-1", ""):
            return RuntimeVersion(runtime, constraint, _newest_lts_node(), True, source, detail)
        line = NODE_CODENAMES.get(name)
        return RuntimeVersion(runtime, constraint, line, line in lines, source, detail)
    if runtime == "node" and low in ("node", "stable", "latest", "current"):
        return RuntimeVersion(runtime, constraint, _newest_lts_node(), True, source, detail)
    if runtime == "java":
        return _choose_java(constraint, source, detail)
    if runtime == "go":
        return _choose_go(constraint, source, detail)
    if _is_exact_pin(text):
        version = text.lstrip("=").strip().lstrip("v")
        parsed = parse_version(version) or ()
        line = _line_of(runtime, parsed)
        if (
            runtime == "python"
            and len(parsed) >= 3
            and parsed[2] < _PYTHON_BOOKWORM.get(tuple(parsed[:2]), 0)
        ):
            # python:3.7.0-slim is Debian stretch, whose package archive is gone: apt-get in
            # the image fails. The line's tag is its last patch, on a Debian that still has one.
            return RuntimeVersion(runtime, constraint, line, line in lines, source, detail)
        if runtime == "node" and line is not None and line not in lines and len(parsed) >= 2:
            # .nvmrc 10.0.0: an old line's first releases ship an npm without `npm ci` (5.6);
            # the line's tag is its last patch, with the npm that line ended on.
            return RuntimeVersion(runtime, constraint, line, False, source, detail)
        return RuntimeVersion(runtime, constraint, version, line in lines, source, detail)
    check = parse_constraint(text)
    if check is None:
        return RuntimeVersion(runtime, constraint, None, False, source, detail)
    for line in (*lines, *([CURRENT[runtime]] if runtime in CURRENT else [])):
        v = parse_version(line)
        if v is not None and check((*v, 99) if runtime == "python" else (*v, 99, 99)):
            return RuntimeVersion(runtime, constraint, line, True, source, detail)
    # Nothing current satisfies it: an explicit older (or newer) line named by the text.
    named = parse_version(text.lstrip("=~^<>! v"))
    if named is not None and re.fullmatch(r"[=~^]*\s*v?[\d.]+(?:\.\*|\.[xX])*", text):
        tag = ".".join(str(p) for p in named[: 2 if runtime == "python" else 1])
        return RuntimeVersion(runtime, constraint, tag, False, source, detail)
    # A range within one line's patches only (learnhouse's `>=3.14.3,<3.14.4`): the newest
    # patch the text names that it admits, whose own tag the image is
    for named_patch in sorted(
        re.findall(r"\d+\.\d+\.\d+", text), key=lambda t: parse_version(t) or (), reverse=True
    ):
        v = parse_version(named_patch)
        if v is not None and check(v) and (runtime != "python" or v[2] >= _PYTHON_BOOKWORM.get(v[:2], 0)):
            line = _line_of(runtime, v)
            return RuntimeVersion(runtime, constraint, named_patch, line in lines, source, detail)
    # A range only older lines satisfy (``16.x || 17.x || 18.x``): the newest of them.
    for line in _OLDER.get(runtime, ()):
        v = parse_version(line)
        if v is not None and check((*v, 99) if runtime == "python" else (*v, 99, 99)):
            return RuntimeVersion(runtime, constraint, line, False, source, detail)
    return RuntimeVersion(runtime, constraint, None, False, source, detail)


def oldest_line(runtime: str) -> str:
    """The oldest line whose image is still published (past its end of life or not)."""
    return (_OLDER.get(runtime) or LINES[runtime])[-1]


def _line_of(runtime: str, v: Version) -> str:
    if runtime == "python":
        return ".".join(str(p) for p in v[:2])
    return str(v[0]) if v else ""


def _newest_lts_node() -> str:
    # All lines in the table are LTS lines.
    return max(LINES["node"], key=int)


def java_release(text: str) -> int | None:
    """``17``, ``1.8``, ``JavaVersion.VERSION_17``, ``VERSION_1_8`` → 17, 8, 17, 8."""
    m = re.search(r"(\d+)(?:[._](\d+))?", text)
    if not m:
        return None
    major = int(m.group(1))
    if major == 1 and m.group(2):
        return int(m.group(2))
    return major


def _choose_java(constraint: str, source: str, detail: str) -> RuntimeVersion:
    release = java_release(constraint)
    if release is None:
        return RuntimeVersion("java", constraint, None, False, source, detail)
    lines = [int(x) for x in LINES["java"]]
    if release in lines:
        return RuntimeVersion("java", constraint, str(release), True, source, detail)
    if release in (8,):
        return RuntimeVersion("java", constraint, "8", False, source, detail)
    newer = sorted(x for x in lines if x >= release)
    if newer:
        # a non-LTS release builds and runs on the next LTS line
        return RuntimeVersion("java", constraint, str(newer[0]), True, source, detail)
    return RuntimeVersion("java", constraint, None, False, source, detail)


def _choose_go(constraint: str, source: str, detail: str) -> RuntimeVersion:
    # go.mod's go/toolchain lines are minimums: the newest line at or above them works.
    v = parse_version(constraint.replace("go", "", 1) if constraint.startswith("go") else constraint)
    if v is None:
        return RuntimeVersion("go", constraint, None, False, source, detail)
    for line in LINES["go"]:
        lv = parse_version(line)
        if lv is not None and _cmp((*lv, 99), v) >= 0:
            return RuntimeVersion("go", constraint, line, True, source, detail)
    return RuntimeVersion("go", constraint, ".".join(str(p) for p in v[:2]), False, source, detail)


def first(candidates: Sequence[RuntimeVersion | None]) -> RuntimeVersion | None:
    for c in candidates:
        if c is not None:
            return c
    return None
