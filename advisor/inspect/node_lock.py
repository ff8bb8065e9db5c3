"""Whether a Node project's lockfile still matches its package.json.

``npm ci``, ``yarn install --frozen-lockfile`` / ``--immutable`` and ``pnpm install
--frozen-lockfile`` stop with an error when package.json asks for a dependency (or a range)
that the lockfile does not record, so an image built from such a project fails at its install
step. Each lockfile records what package.json asked for when it was written: npm the root
package's ranges (``packages[""]``), yarn every ``name@range`` it resolved, pnpm each
importer's ``specifier``. Only the lockfile beside package.json is checked (a workspace's
root lockfile records its members differently), and a lockfile that cannot be read says
nothing.
"""

from __future__ import annotations

import json
import re
from itertools import islice
from typing import Any

from .tree import Tree, safe_loader

SECTIONS = ("dependencies", "devDependencies", "optionalDependencies")
# Ranges a lockfile may write in another form (paths, links, git and workspace protocols):
# not compared, so they never count as drift.
_OTHER_PROTOCOLS = ("file:", "link:", "portal:", "workspace:", "git", "github:", "http:", "https:", "patch:")
# The part of a lockfile read for its header (npm's root package, pnpm's importers).
_HEAD_LINES = 20_000


# A dependency npm, yarn and pnpm fetch with the git program: a git URL, a hosted shorthand
# (github:owner/repo, gitlab:…) or the bare GitHub form (owner/repo#ref).
_GIT_SPEC = re.compile(
    r"^(?:git\+|git://|github:|gitlab:|bitbucket:|gist:)|^[\w.-]+/[\w.-]+(?:#\S*)?$"
    # a repository's web address (yarn clones it): not a tarball's
    r"|^https?://(?:www\.)?(?:github\.com|gitlab\.com|bitbucket\.org)/[\w.-]+/[\w.-]+?(?:\.git)?/?(?:#\S*)?$"
)


def git_dependencies(package_json: dict[str, Any]) -> tuple[str, ...]:
    """The names of the dependencies package.json fetches from a git repository."""
    found: list[str] = []
    for section in SECTIONS:
        value = package_json.get(section)
        if isinstance(value, dict):
            found += [str(n) for n, spec in value.items() if isinstance(spec, str) and _GIT_SPEC.match(spec)]
    return tuple(found)


_GIT_IN_LOCK = re.compile(r"git\+(?:https?|ssh)://|git://|codeload\.github\.com|\bgithub:")


def fetched_from_git(tree: Tree, folder: str, package_json: dict[str, Any], lockfile: str | None) -> bool:
    """Whether installing the package in ``folder`` fetches from a git repository: one of its
    own dependencies, or one its lockfile resolves there (sickchill's yarn.lock:
    `git+https://github.com/…`), so the install needs the git program."""
    text = tree.text(lockfile) or "" if lockfile else ""
    return bool(git_dependencies(package_json)) or bool(_GIT_IN_LOCK.search(text[:2_000_000]))


def wanted(package_json: dict[str, Any]) -> dict[str, str]:
    """name -> range for every dependency package.json asks for, comparable ranges only."""
    result: dict[str, str] = {}
    for section in SECTIONS:
        value = package_json.get(section)
        if isinstance(value, dict):
            for name, spec in value.items():
                if isinstance(spec, str) and not spec.startswith(_OTHER_PROTOCOLS):
                    result[str(name)] = spec
    return result


def drift(tree: Tree, manager: str, lockfile: str, package_json: dict[str, Any]) -> tuple[str, ...]:
    """The ``name@range`` entries of package.json the lockfile does not record (empty when it
    matches, or when the lockfile's form is not one this module reads)."""
    asked = wanted(package_json)
    if not asked:
        return ()
    recorded: dict[str, str] | set[str] | None
    if manager == "npm":
        recorded = _npm_root(tree, lockfile)
    elif manager == "yarn":
        recorded = _yarn_descriptors(tree, lockfile)
    elif manager == "pnpm":
        recorded = _pnpm_root(tree, lockfile)
    else:
        return ()
    if recorded is None:
        return ()
    missing: list[str] = []
    for name, spec in asked.items():
        if isinstance(recorded, set):
            ok = f"{name}@{spec}" in recorded or f"{name}@npm:{spec}" in recorded
        else:
            ok = recorded.get(name) == spec
        if not ok:
            missing.append(f"{name}@{spec}")
    return tuple(missing)


def _npm_root(tree: Tree, lockfile: str) -> dict[str, str] | None:
    """package-lock.json v2/v3: the ranges of ``packages[""]`` (None for v1, which has none)."""
    text = "".join(islice(tree.lines(lockfile), _HEAD_LINES))
    start = text.find('"packages"')
    start = text.find('"": {', start) if start >= 0 else -1
    if start < 0:
        return None
    try:
        root, _ = json.JSONDecoder().raw_decode(text, start + len('"": '))
    except ValueError:
        return None
    if not isinstance(root, dict):
        return None
    return {
        str(name): spec
        for section in SECTIONS
        if isinstance(root.get(section), dict)
        for name, spec in root[section].items()
        if isinstance(spec, str)
    }


def _yarn_descriptors(tree: Tree, lockfile: str) -> set[str] | None:
    """yarn.lock (classic and berry): every ``name@range`` descriptor it resolved; the keys
    are the lines that start in the first column (``"a@^1.0.0", "a@^1.2.0":``)."""
    found: set[str] = set()
    for line in tree.lines(lockfile):
        if not line or line[0] in " \t#\n\r" or not line.rstrip().endswith(":"):
            continue
        for descriptor in line.rstrip()[:-1].split(","):
            found.add(descriptor.strip().strip('"'))
    return found or None


def _pnpm_root(tree: Tree, lockfile: str) -> dict[str, str] | None:
    """pnpm-lock.yaml: the root importer's specifiers (lockfile v6 and later, with or
    without ``importers``; v5's ``specifiers`` map). The part above ``packages:`` is small
    and is the only part parsed."""
    head: list[str] = []
    for line in islice(tree.lines(lockfile), _HEAD_LINES):
        if line.startswith(("packages:", "snapshots:")):
            break
        head.append(line)
    import yaml  # only when a pnpm lockfile is read

    try:
        data = yaml.load("".join(head), Loader=safe_loader())
    except (yaml.YAMLError, RecursionError, ValueError):
        return None
    if not isinstance(data, dict):
        return None
    if isinstance(data.get("specifiers"), dict):  # v5
        return {str(k): str(v) for k, v in data["specifiers"].items()}
    importers = data.get("importers")
    root = importers.get(".") if isinstance(importers, dict) else data
    if not isinstance(root, dict):
        return None
    result: dict[str, str] = {}  # empty: a form this module does not know, so no claim
    for section in SECTIONS:
        entries = root.get(section)
        if isinstance(entries, dict):
            for name, entry in entries.items():
                if isinstance(entry, dict) and isinstance(entry.get("specifier"), str):
                    result[str(name)] = entry["specifier"]
    return result or None


# package-lock.json's entries: a package's path, and the optional dependencies it declares.
_LOCK_ENTRY = re.compile(r'^( +)"((?:[^"]*/)?node_modules/(?:@[^/"]+/)?[^/"]+)": \{')
_OPTIONAL_OPEN = re.compile(r'^( +)"optionalDependencies": \{')
_OPTIONAL_NAME = re.compile(r'^ +"([^"]+)":')


def optional_gap(tree: Tree, lockfile: str) -> str | None:
    """An optional dependency (chokidar's fsevents, for macOS) that package-lock.json declares
    but lists no entry for: npm 11 refuses such a lockfile (`npm ci`: "Missing: fsevents@2.3.3
    from lock file"), npm 10 installs from it. None when every one is listed."""
    if not lockfile.endswith("package-lock.json"):
        return None
    paths: set[str] = set()
    wanted: list[tuple[str, str]] = []  # (the declaring package's path, the optional one)
    current, entry_indent, inside = "", 0, False
    for line in islice(tree.lines(lockfile), 2_000_000):
        if (m := _LOCK_ENTRY.match(line)) and (not entry_indent or len(m.group(1)) == entry_indent):
            entry_indent = len(m.group(1))  # the first entry's indent is every entry's
            current, inside = m.group(2), False
            paths.add(current)
        elif (m := _OPTIONAL_OPEN.match(line)) and len(m.group(1)) > entry_indent:
            inside = True
        elif inside and line.strip().startswith("}"):
            inside = False
        elif inside and (m := _OPTIONAL_NAME.match(line)):
            wanted.append((current, m.group(1)))
    for owner, name in wanted:
        # npm looks in the package's own node_modules, then in each one above it
        parts = owner.split("/node_modules/")
        candidates = {"/node_modules/".join([*parts[:i], name]) for i in range(1, len(parts) + 1)}
        if owner and not ({f"node_modules/{name}"} | candidates) & paths:
            return name
    return None


# A registry package's tarball in package-lock.json: "resolved": "https://HOST/name/-/name-1.0.0.tgz"
_RESOLVED_TARBALL = re.compile(r'"resolved"\s*:\s*"https?://([^/"]+)/[^"]*/-/[^"]+\.tgz"')
_DEFAULT_REGISTRIES = frozenset({"registry.npmjs.org", "registry.yarnpkg.com"})


def mirror_host(tree: Tree, lockfile: str) -> str | None:
    """The one registry host other than npm's own that package-lock.json fetches every
    registry package from (registry.npm.taobao.org, a company's mirror): the registry the
    lockfile was made against, which npm keeps using (it swaps only registry.npmjs.org for the
    configured registry). None for npm's own, or for several hosts."""
    if not lockfile.endswith("package-lock.json"):
        return None
    hosts = set(_RESOLVED_TARBALL.findall(tree.text(lockfile) or ""))
    return hosts.pop() if len(hosts) == 1 and not hosts & _DEFAULT_REGISTRIES else None


def locked_among(tree: Tree, lockfile: str | None, names: frozenset[str]) -> tuple[str, ...]:
    """Which of ``names`` the lockfile installs anywhere in the tree (cusdis' node-expat, which
    xml2json pulls in): npm's ``"node_modules/…/NAME"`` keys, yarn's ``NAME@range:`` entries,
    pnpm's ``/NAME@version`` or ``NAME@version:`` keys. Read as text, never parsed."""
    text = tree.text(lockfile) if lockfile else None
    if not text:
        return ()
    alternatives = "|".join(map(re.escape, sorted(names, key=len, reverse=True)))
    pattern = rf"""node_modules/({alternatives})"|^"?({alternatives})@|^\s+['"]?/?({alternatives})@"""
    found = {a or b or c for a, b, c in re.findall(pattern, text, re.M)}
    return tuple(sorted(found))
