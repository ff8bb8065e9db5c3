"""The newest Python that exact pins of compiled packages install on.

A requirements file written by ``pip freeze`` (or a Pipfile.lock) pins every package to one
release. A compiled package's old release has wheels only for the Pythons that existed when
it came out; on a newer Python pip builds it from source, which the slim image cannot
(no compiler, no headers) and an old release often cannot at all. The table holds, for
widely used compiled packages, the first release with Linux wheels for each Python line;
a pin below it caps the Python version. When unsure, a table entry names a later release
than the true first one: that only lowers Python one line more than needed, never picks a
Python the pin does not install on.
"""

from __future__ import annotations

import re

from ..stacks import VERSIONS
from . import versions
from .common import get_path
from .facts import RuntimeVersion
from .python_setup import canonical
from .tree import Tree
from .versions import parse_version
from .wheel_table import FIRST_ANY, FIRST_WHEELS, PYTHON_FLOORS

# FIRST_WHEELS: package → ((python minor, the release from which there are manylinux wheels
# for it on x86_64 and aarch64, or "" for none), ...), 3.7 first; FIRST_ANY: package → its first
# release with such wheels at all (an older pin builds from source on every line). Read from
# PyPI by tools/refresh_wheel_table.py.
# Pure-Python packages whose old releases do not run on newer Pythons (Django 1.11 imports
# modules 3.12 removed): package → ((python minor, first release that supports it), ...),
# from each release's own notes. Read like FIRST_WHEELS.
FIRST_SUPPORT: dict[str, tuple[tuple[int, str], ...]] = {
    "django": (
        (8, "2.2.8"),
        (9, "2.2.17"),
        (10, "3.2.9"),
        (11, "4.1.3"),
        (12, "4.2.8"),
        (13, "5.1.3"),
        (14, "5.2.8"),
    ),
    # 2.0.0b3 stops at import on 3.13 (a TypingOnly assertion, fixed in 2.0.31); 1.4 pins
    # have a line table of their own (LINE_LIMITS).
    "sqlalchemy": ((12, "2.0.22"), (13, "2.0.31"), (14, "2.0.43")),
    # 1.x before 1.10.17 stops on 3.12.4's ForwardRef._evaluate; 1.x has no 3.14 support; a
    # 2.x pin needs the pydantic-core release whose wheels the Python has (the table above).
    "pydantic": ((12, "1.10.17"), (13, "2.10.0"), (14, "2.12.0")),
    # psycopg2 (no wheels: it compiles on install) builds on 3.11 from 2.9.5, its first 3.11
    # wheels (2.8.4 stops on 3.11's inline Py_TYPE: "lvalue required as left operand of
    # assignment"), on 3.13 from 2.9.10, on 3.14 from 2.9.11
    "psycopg2": ((11, "2.9.5"), (12, "2.9.9"), (13, "2.9.10"), (14, "2.9.11")),
}
LIMITS = {**FIRST_WHEELS, **FIRST_SUPPORT}
# A maintained older release line with a table of its own (SQLAlchemy 1.4 got 3.12 and 3.13
# wheels late in its life): (package, "major.minor") → read like the tables above.
LINE_LIMITS: dict[tuple[str, str], tuple[tuple[int, str], ...]] = {
    ("sqlalchemy", "1.4"): ((12, "1.4.50"), (13, "1.4.54")),
}

_PIN = re.compile(  # not a wildcard (==3.2.*: a bound, below)
    r"^\s*([A-Za-z0-9][A-Za-z0-9._-]*)\s*(?:\[[^\]]*\])?\s*===?\s*([0-9][0-9A-Za-z.+!-]*[0-9A-Za-z])(?![.*\w])"
)
_LOCK_PACKAGE = re.compile(r'^        "([A-Za-z0-9_.-]+)": \{')
_LOCK_VERSION = re.compile(r'^            "version": "==([^"]+)"')


def pinned_versions(
    tree: Tree, requirement_files: list[str], lockfile: str | None
) -> dict[str, tuple[str, str]]:
    """name → (version, file) for every exact pin (``name==1.2.3``) in the requirements files
    and in Pipfile.lock's ``default`` section, and the versions poetry.lock and uv.lock lock
    of the packages in FIRST_SUPPORT."""
    pins: dict[str, tuple[str, str]] = {}
    for rel in requirement_files:
        for line in tree.lines(rel):
            if m := _PIN.match(line.split(";", 1)[0]):
                pins.setdefault(canonical(m.group(1)), (m.group(2), rel))
    if lockfile is not None and lockfile.endswith(("poetry.lock", "uv.lock")):
        # The compiled packages' wheels are read from the lock itself (lock_ceiling): only
        # the pure-Python packages that stop on newer lines are taken from it, at the newest
        # version it locks (uv.lock may lock one per Python range).
        name = None
        for line in tree.lines(lockfile):
            if line.startswith("[[package]]"):
                name = None
            elif name is None and (m := re.match(r'^name = "([^"]+)"', line)):
                name = canonical(m.group(1))
            elif name in FIRST_SUPPORT and (m := re.match(r'^version = "([^"]+)"', line)):
                new, old = parse_version(m.group(1)), parse_version(pins.get(name, ("0", ""))[0])
                if new is not None and (old is None or tuple(new) > tuple(old)):
                    pins[name] = (m.group(1), lockfile)
    if lockfile is not None and lockfile.endswith("Pipfile.lock"):
        section, name = "", None
        for line in tree.lines(lockfile):
            if m := re.match(r'^    "([\w-]+)": \{', line):
                section = m.group(1)
            elif section == "default" and (m := _LOCK_PACKAGE.match(line)):
                name = canonical(m.group(1))
            elif section == "default" and name and (m := _LOCK_VERSION.match(line)):
                pins.setdefault(name, (m.group(1), lockfile))
    return pins


# An upper bound on a release: Django>=2.2,<3.0, Django~=2.2, Django==2.2.* (all below 3.0),
# Pillow <= 10.3.0.
_BOUND = re.compile(
    r"^\s*([A-Za-z0-9][A-Za-z0-9._-]*)\s*(?:\[[^\]]*\])?\s*(?:[^;#]*?,\s*)?"
    r"(?:<\s*([0-9][0-9.]*)|~=\s*([0-9]+(?:\.[0-9]+)+)|==\s*([0-9]+(?:\.[0-9]+)*)\.\*|<=\s*([0-9][0-9.]*[0-9]))"
)


def _caret(spec: str) -> str:
    """Poetry's ``^0.19.0`` (below 0.20) and ``~0.19.0`` (below 0.20) as a PEP 440 bound."""
    m = re.fullmatch(r"\s*([\^~])\s*(\d+(?:\.\d+)*)\s*", spec)
    if m is None:
        return spec if re.match(r"\s*[<>=!~]", spec) else ""
    parts = [int(p) for p in m.group(2).split(".")]
    if m.group(1) == "~":
        keep = parts[:2] if len(parts) > 1 else parts[:1]
    else:  # the first non-zero part (all of them when all are zero) stays
        keep = parts[: next((i for i, p in enumerate(parts) if p), len(parts) - 1) + 1]
    return f"<{'.'.join(map(str, [*keep[:-1], keep[-1] + 1]))}"


def pyproject_specs(tree: Tree, rel: str) -> list[str]:
    """The requirement lines a pyproject.toml declares: [project] dependencies, and Poetry's
    with their carets and tildes turned into bounds (``uvloop = "^0.19.0"``: uvloop<0.20)."""
    data = tree.toml(rel) or {}
    project = data.get("project")
    found = project.get("dependencies") if isinstance(project, dict) else None
    specs = [s for s in found if isinstance(s, str)] if isinstance(found, list) else []
    poetry = get_path(data, "tool", "poetry", "dependencies")
    for name, spec in poetry.items() if isinstance(poetry, dict) else ():
        value = spec.get("version") if isinstance(spec, dict) else spec
        if isinstance(value, str) and (bound := _caret(value)):
            specs.append(f"{name}{bound}")
    return specs


def upper_bounds(tree: Tree, requirement_files: list[str]) -> dict[str, tuple[str, str]]:
    """name → (the release every allowed one is below, file) for the packages of the tables
    that the requirements bound from above: ``<3.0``, ``~=2.2`` (below 3.0), ``==2.2.*``;
    a pyproject.toml's too (Poetry's ``^0.19.0``)."""
    bounds: dict[str, tuple[str, str]] = {}
    for rel in requirement_files:
        lines = pyproject_specs(tree, rel) if rel.endswith("pyproject.toml") else tree.lines(rel)
        for line in lines:
            m = _BOUND.match(line.split(";", 1)[0])
            if m is None or canonical(m.group(1)) not in LIMITS:
                continue
            if m.group(2):
                bound = m.group(2)
            elif m.group(5):  # <=10.3.0 (pagure's Pillow) → below 10.3.1
                parts = [int(p) for p in m.group(5).split(".")]
                bound = ".".join(map(str, [*parts[:-1], parts[-1] + 1]))
            else:  # ~=2.2 → 3; ~=2.2.1 → 2.3; ==2.2.* → 2.3
                parts = [int(p) for p in (m.group(3) or m.group(4)).split(".")]
                keep = parts[:-1] if m.group(3) else parts
                bound = ".".join(map(str, [*keep[:-1], keep[-1] + 1]))
            bounds.setdefault(canonical(m.group(1)), (bound, rel))
    return bounds


def pins_ceiling(
    pins: dict[str, tuple[str, str]], bounds: dict[str, tuple[str, str]] | None = None
) -> tuple[tuple[int, int], str, str] | None:
    """The newest Python line every pinned compiled package has wheels for (and every pinned
    or bounded package runs on), the pin that limits it most (``psycopg2-binary==2.9.9``,
    ``django<3.0``) and its file; None when no pin limits it."""
    lowest: tuple[tuple[int, int], str, str] | None = None
    entries = [(n, v, r, False) for n, (v, r) in pins.items()]
    entries += [(n, v, r, True) for n, (v, r) in (bounds or {}).items() if n not in pins]
    for name, version, rel, below in entries:
        pinned = parse_version(version)
        line = ".".join(map(str, pinned[:2])) if pinned else ""
        before = pinned is not None and _before_wheels(name, pinned)
        # a pin older than the package's first wheels builds from source: on the lines its
        # source builds on (psycopg2-binary==2.8.4 as psycopg2: up to 3.8), else on every one
        source = FIRST_SUPPORT.get(SOURCE_NAMES.get(name, name)) if before else None
        table = LINE_LIMITS.get((name, line)) or (source if before else LIMITS.get(name))
        if table is None or pinned is None:
            continue
        newest = table[0][0] - 1  # older than the table's first line: assumed fine below it
        for minor, first in table:
            first_v = parse_version(first)
            # a bound (<3.0) admits the first release that supports the line if it is below it
            if first_v is not None and (
                tuple(pinned) > tuple(first_v) if below else tuple(pinned) >= tuple(first_v)
            ):
                newest = minor
        if newest < table[-1][0] and (lowest is None or (3, newest) < lowest[0]):
            lowest = ((3, newest), f"{name}<{version}" if below else f"{name}=={version}", rel)
    return lowest


# A compiled package built from source instead of installed from a wheel: the package whose
# build needs the same system libraries (psycopg2-binary builds as psycopg2 does: libpq).
SOURCE_NAMES = {"psycopg2-binary": "psycopg2"}


def _before_wheels(name: str, pinned: tuple[int, ...]) -> bool:
    """A pin older than the package's first release with Linux wheels (rcssmin 1.0.6); every
    release of one with none ("")."""
    if name not in FIRST_ANY:
        return False
    first = parse_version(FIRST_ANY[name])
    return first is None or tuple(pinned) < tuple(first)


def source_builds(pins: dict[str, tuple[str, str]], minor: int) -> tuple[str, ...]:
    """The pinned compiled packages that have no wheel for Python 3.``minor`` (older than the
    first release with wheels for that line, or than any wheel at all): pip builds them from
    source, so the image needs a compiler and what their build needs. psycopg2-binary is
    named as the package it then builds like (SOURCE_NAMES)."""
    found = []
    for name, (version, _) in pins.items():
        table = FIRST_WHEELS.get(name)
        pinned = parse_version(version)
        if table is None or pinned is None:
            continue
        before = _before_wheels(name, pinned)
        if minor < table[0][0] and not before:
            continue  # a line older than the table: assumed to have wheels
        first = next((parse_version(v) for m, v in table if m == minor), None)
        if first is None or tuple(pinned) < tuple(first) or before:
            found.append(SOURCE_NAMES.get(name, name))
    return tuple(found)


def pins_floor(pins: dict[str, tuple[str, str]]) -> int:
    """The oldest Python 3 line every pin of PYTHON_FLOORS' packages installs on (0: none)."""
    floor = 0
    for name, (version, _) in pins.items():
        if (pinned := parse_version(version)) is None:
            continue
        for release, minor in PYTHON_FLOORS.get(name, ()):
            first = parse_version(release)
            if first is not None and tuple(pinned) >= tuple(first):
                floor = max(floor, minor)
    return floor


def pinned_python(
    tree: Tree, runtime: RuntimeVersion | None, req_files: list[str], lockfile: str | None
) -> tuple[RuntimeVersion | None, tuple[str, ...]]:
    """The runtime lowered to the newest Python the exact pins of compiled packages (pip
    freeze, Pipfile.lock) have wheels for (``psycopg2-binary==2.9.9`` stops at 3.12), and
    the packages that pins with no wheel for the chosen Python make build from source."""
    files = [f for f in req_files if f.endswith((".txt", ".in"))]
    pins = pinned_versions(tree, files, lockfile)
    # a lock's own versions are read from it (lock_ceiling): the pyproject's ranges only without one
    declared = [f for f in req_files if f.endswith("pyproject.toml")] if lockfile is None else []
    limit = pins_ceiling(pins, upper_bounds(tree, files + declared))
    if limit is not None:
        (major, minor), pin, rel = limit
        name = re.split("==|<", pin)[0]
        version = parse_version(pin.partition("==")[2]) if "==" in pin else None
        why = (
            f"{pin} runs up to {major}.{minor}"
            if name in FIRST_SUPPORT
            # (older than the package's wheels: a build from source, psycopg2-binary==2.8.4's)
            else f"{pin} builds from source up to {major}.{minor}"
            if version is not None and _before_wheels(name, version)
            else f"{pin} has wheels up to {major}.{minor}"
        )
        # never below the oldest line another pin installs on (Django 5.0: 3.10): there the
        # compiled pin builds from source instead (source_builds, below)
        if (floor := pins_floor(pins)) > minor:
            minor, why = floor, f"{why}; another pin needs {major}.{floor}, where it builds from source"
        default = parse_version(VERSIONS["python"])
        if runtime is not None:
            runtime = capped(runtime, (major, minor), rel, why)
        elif default is not None and tuple(default[:2]) > (major, minor):
            # Below the oldest current line, the pin's own line past its end of life (which the
            # report says), as capped() does: its wheels install there, while an old release
            # built from source on a newer line rarely compiles. Not below the oldest line whose
            # image is still published (the pin then builds from source there).
            low, oldest = parse_version(versions.LINES["python"][-1]), versions.oldest_line("python")
            old_line = low is not None and (major, minor) < tuple(low[:2])
            published = parse_version(oldest)
            too_old = published is not None and (major, minor) < tuple(published[:2])
            tag = oldest if too_old else f"{major}.{minor}"
            runtime = RuntimeVersion("python", why, tag, not old_line, rel, "pins")
    line = parse_version((runtime.image_tag if runtime else None) or VERSIONS["python"])
    built = source_builds(pins, line[1]) if line is not None and len(line) >= 2 else ()
    return runtime, built


# A wheel's file name: name-version(-build)?-pythontag-abitag-platformtag.whl
_WHEEL = re.compile(r"([A-Za-z0-9_.]+)-[^-/\s\"']+(?:-\d[^-/\s\"']*)?-([\w.]+)-([\w.]+)-([\w.]+)\.whl")


# A dependency the lock says is installed only on an older Python (poetry.lock's
# [package.dependencies]: "name" = {version = "*", markers = "python_version < \"3.9\""}).
_OLD_PYTHON_ONLY = re.compile(
    r"""^\s*"?([A-Za-z0-9_.-]+)"?\s*=\s*\{[^}]*markers\s*=\s*"python_version\s*<=?\s*\\"3\.\d+\\"\s*"\s*[,}]"""
)


def _dist(name: str) -> str:
    return re.sub(r"[-_.]+", "_", name).lower()


WHEEL_LOCKS = ("poetry.lock", "uv.lock", "pdm.lock")  # they list each locked version's wheels


def lock_ceiling(tree: Tree, lockfile: str) -> tuple[int, int] | None:
    """The newest Python every locked package with compiled wheels has a Linux wheel for:
    a package that ships only version-specific wheels (cp310, cp311...), with no abi3 or
    pure-Python wheel, will not install on a newer Python without building from source,
    which an old release usually cannot. From poetry.lock / uv.lock, which list the wheels
    of each locked version; None when no package limits it."""
    tops: dict[str, set[int]] = {}
    unbounded: set[str] = set()
    for line in tree.lines(lockfile):
        if (old := _OLD_PYTHON_ONLY.search(line)) is not None:
            # "backports.zoneinfo" = {..., markers = "python_version < \"3.9\""}: a newer
            # Python does not install it, so its wheels set no ceiling.
            unbounded.add(_dist(old.group(1)))
            continue
        if ".whl" not in line:
            continue
        for m in _WHEEL.finditer(line):
            dist, py, abi, platform = (m.group(i) for i in range(1, 5))
            dist = _dist(dist)
            if "linux" not in platform and platform != "any":
                continue
            if abi == "abi3" or abi == "none" or not py.startswith("cp"):
                unbounded.add(dist)
                continue
            minors = [int(t[3:]) for t in py.split(".") if re.fullmatch(r"cp3\d+", t)]
            tops.setdefault(dist, set()).update(minors)
    limits = [max(minors) for dist, minors in tops.items() if minors and dist not in unbounded]
    return (3, min(limits)) if limits else None


def capped(
    runtime: RuntimeVersion | None, ceiling: tuple[int, int] | None, lockfile: str, why: str = ""
) -> RuntimeVersion | None:
    """The runtime lowered to the newest line no newer than ``ceiling`` that still satisfies
    the project's constraint (a range such as ^3.9; an exact pin is left alone); ``why`` says
    what sets the ceiling (the wheels in ``lockfile`` when not given)."""
    if runtime is None or ceiling is None or runtime.image_tag is None:
        return runtime
    tag = versions.parse_version(runtime.image_tag)
    if tag is None or tuple(tag[:2]) <= ceiling or runtime.source.endswith(".python-version"):
        return runtime
    check = versions.parse_constraint(runtime.constraint) if runtime.detail != "FROM" else None
    fits = [
        (line, v)
        for line in versions.LINES["python"]
        if (v := versions.parse_version(line)) is not None and (check is None or check((*v, 99)))
    ]
    # The newest line under the ceiling; below the oldest current line, the ceiling's own
    # line when the constraint allows it (past its end of life, which the report says: the
    # locked wheels install there and nowhere newer), else that oldest line.
    chosen = next((line for line, v in fits if tuple(v[:2]) <= ceiling), None)
    supported = chosen is not None
    if chosen is None and check is not None and check((*ceiling, 99)):
        # (not for the project's own Dockerfile's FROM: its line stays, the pin builds from source)
        chosen = f"{ceiling[0]}.{ceiling[1]}"
    elif chosen is None:
        chosen, supported = (fits[-1][0] if fits else None), True
        oldest = versions.parse_version(chosen) if chosen else None
        if runtime.detail == "FROM" and oldest is not None and tuple(oldest[:2]) > tuple(tag[:2]):
            # never above the project's own image's line (busy-beaver's python:3.9, whose
            # aiohttp==3.5.4 has wheels only up to 3.6): there the pin builds from source
            return runtime
    if chosen is None or chosen == runtime.image_tag:
        return runtime
    why = why or f"wheels in {lockfile} up to {ceiling[0]}.{ceiling[1]}"
    return RuntimeVersion(
        "python", f"{runtime.constraint} ({why})", chosen, supported, runtime.source, runtime.detail
    )
