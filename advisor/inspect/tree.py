"""A bounded, read-only view of a project folder.

One walk with ``os.scandir`` builds an index of folder → file names; files are read
later, only when a detector asks, at most ``MAX_FILE_BYTES`` each. The walk never enters
symbolic links to folders, skips symbolic links to files that point outside the root,
skips version-control, dependency, virtual-environment and build-output folders, and
stops after ``MAX_ENTRIES`` entries or ``MAX_DEPTH`` levels. Nothing is executed.
"""

from __future__ import annotations

import fnmatch
import json
import os
import tomllib
from collections import deque
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, TypeVar

T = TypeVar("T")

# A `build` folder below one of these holds the project's build tooling (Wiki.js's
# dev/build/Dockerfile and the config.yml it copies), not build output.
_TOOLING_PARENTS = frozenset(
    {"dev", "docker", "deploy", "deployment", "ci", "tools", "scripts", "infra", "ops"}
)
MAX_FILE_BYTES = 256 * 1024
MAX_ENTRIES = 50_000
MAX_DEPTH = 12

# Folders never entered: version control, dependencies, virtual environments, caches and
# build output. A folder holding ``pyvenv.cfg`` (any virtual environment) is skipped too.
SKIP_DIRS = frozenset(
    {
        ".git",
        ".hg",
        ".svn",
        "node_modules",
        "bower_components",
        "jspm_packages",
        ".venv",
        "venv",
        ".virtualenv",
        "virtualenv",
        "__pycache__",
        ".mypy_cache",
        ".pytest_cache",
        ".ruff_cache",
        ".hypothesis",
        ".tox",
        ".nox",
        ".eggs",
        "site-packages",
        "dist",
        "build",
        "target",
        ".next",
        ".nuxt",
        ".output",
        ".svelte-kit",
        ".angular",
        ".turbo",
        ".parcel-cache",
        ".cache",
        ".gradle",
        ".yarn",
        ".pnpm-store",
        ".idea",
        ".vscode",
        # coding assistants' own folders (django-ca's .opencode/skills/liveserver/*_settings.py)
        *(".opencode", ".claude", ".cursor", ".windsurf", ".continue", ".codex", ".gemini", ".aider"),
        "coverage",
        "htmlcov",
        ".terraform",
        "vendor",
    }
)


class Tree:
    """The index of a folder and a cached, size-limited reader of its files."""

    def __init__(
        self,
        root: Path,
        *,
        max_entries: int = MAX_ENTRIES,
        max_depth: int = MAX_DEPTH,
        max_file_bytes: int = MAX_FILE_BYTES,
    ) -> None:
        self.root = root
        self.max_file_bytes = max_file_bytes
        self.files: dict[str, list[str]] = {}
        self.dirs: dict[str, list[str]] = {}
        self.truncated = False
        self.skipped: list[tuple[str, str]] = []
        self.output_dirs: list[str] = []  # build/ and dist/ folders the walk did not enter
        self.entries = 0
        self._text: dict[str, str | None] = {}
        self._parsed: dict[tuple[str, str], Any] = {}
        self._walk(max_entries, max_depth)

    # -- the walk -------------------------------------------------------------------------
    def _walk(self, max_entries: int, max_depth: int) -> None:
        try:
            real_root = os.path.realpath(self.root)
        except OSError:
            return
        if not os.path.isdir(real_root):
            return
        stack: list[tuple[str, str, int]] = [(str(self.root), "", 0)]
        while stack:
            path, rel, depth = stack.pop()
            try:
                with os.scandir(path) as it:
                    entries = list(it)
            except OSError:
                continue
            if rel and any(e.name == "pyvenv.cfg" for e in entries):
                continue  # a virtual environment under any name
            files: list[str] = []
            subdirs: list[str] = []
            for entry in entries:
                self.entries += 1
                if self.entries > max_entries:
                    self.truncated = True
                    stack.clear()
                    break
                name = entry.name
                child_rel = f"{rel}/{name}" if rel else name
                try:
                    if entry.is_symlink():
                        if self._link_inside(entry.path, real_root) and os.path.isfile(entry.path):
                            files.append(name)
                        elif not entry.is_dir():
                            self.skipped.append((child_rel, "symlink-outside"))
                        continue
                    if entry.is_dir(follow_symlinks=False):
                        if (name in SKIP_DIRS or name.endswith(".egg-info")) and not (
                            name == "build" and rel.rpartition("/")[2] in _TOOLING_PARENTS
                        ):
                            if name in ("build", "dist"):
                                self.output_dirs.append(child_rel)
                            continue
                        if depth + 1 > max_depth:
                            self.truncated = True
                            continue
                        subdirs.append(name)
                        stack.append((entry.path, child_rel, depth + 1))
                    elif entry.is_file(follow_symlinks=False):
                        files.append(name)
                except OSError:
                    continue
            self.files[rel] = files
            self.dirs[rel] = subdirs

    @staticmethod
    def _link_inside(path: str, real_root: str) -> bool:
        try:
            target = os.path.realpath(path)
        except OSError:
            return False
        return target == real_root or target.startswith(real_root + os.sep)

    # -- queries --------------------------------------------------------------------------
    def has(self, rel: str) -> bool:
        folder, _, name = rel.rpartition("/")
        return name in self.files.get(folder, ())

    def ignored_by_git(self, folder: str, name: str) -> bool:
        """Whether a .gitignore of ``folder`` or of the top lists the folder ``name`` (``build``,
        ``/build/``, ``**/build``, ``build*``): what is not is the project's own, committed."""
        sources = dict.fromkeys((join(folder, ".gitignore"), ".gitignore"))
        for rel in sources:
            for line in (self.text(rel) or "").splitlines():
                pattern = line.strip().removeprefix("**/").strip("/")
                if pattern and not pattern.startswith(("#", "!")) and fnmatch.fnmatchcase(name, pattern):
                    return True
        return False

    def has_dir(self, rel: str) -> bool:
        return rel in self.files

    def names(self, folder: str) -> list[str]:
        return self.files.get(folder, [])

    def subdirs(self, folder: str) -> list[str]:
        return self.dirs.get(folder, [])

    def folders(self, base: str = "", depth: int = 0, prune: frozenset[str] = frozenset()) -> list[str]:
        """``base`` and the folders at most ``depth`` below it, shallow ones first (in walk's
        order), none inside a folder ``prune`` names: without visiting their files."""
        prefix = f"{base}/" if base else ""
        found: list[tuple[int, list[str], str]] = []
        for rel in self.files:
            if rel != base and not rel.startswith(prefix):
                continue
            parts = rel[len(prefix) :].split("/") if rel != base else []
            if len(parts) <= depth and not prune.intersection(parts):
                found.append((len(parts), parts, rel))
        return [rel for _, _, rel in sorted(found)]

    def walk(self, folder: str = "", prune: frozenset[str] = frozenset()) -> Iterator[tuple[str, str]]:
        """Every (folder, name) under ``folder``, shallow folders first; ``prune`` names
        folders not to descend into."""
        queue = deque([folder])
        while queue:
            current = queue.popleft()
            for name in self.files.get(current, ()):
                yield current, name
            for sub in sorted(self.dirs.get(current, ())):
                if sub not in prune:
                    queue.append(f"{current}/{sub}" if current else sub)

    # -- reading --------------------------------------------------------------------------
    def text(self, rel: str) -> str | None:
        """The file's text (UTF-8, undecodable bytes replaced), or None when it is absent,
        unreadable or larger than the limit."""
        if rel in self._text:
            return self._text[rel]
        result: str | None = None
        if self.has(rel):
            try:
                with open(os.path.join(self.root, rel), "rb") as fh:
                    data = fh.read(self.max_file_bytes + 1)
                if len(data) > self.max_file_bytes:
                    self.skipped.append((rel, "too-large"))
                else:
                    result = data.decode("utf-8", errors="replace")
            except OSError:
                result = None
        self._text[rel] = result
        return result

    def lines(self, rel: str, limit: int = 32 * 1024 * 1024) -> Iterator[str]:
        """The file's lines, read as they are needed, for a large file (a lockfile) that only
        has to be scanned: up to ``limit`` bytes; nothing when absent or unreadable."""
        if not self.has(rel):
            return
        try:
            with open(os.path.join(self.root, rel), encoding="utf-8", errors="replace") as fh:
                read = 0
                for line in fh:
                    read += len(line)
                    if read > limit:
                        return
                    yield line
        except OSError:
            return

    def json(self, rel: str) -> dict[str, Any] | None:
        """A JSON object from the file, None when absent or not a valid JSON object."""
        key = ("json", rel)
        if key not in self._parsed:
            value: Any = None
            text = self.text(rel)
            if text is not None:
                try:
                    value = json.loads(text)
                except (ValueError, RecursionError):
                    value = None
            self._parsed[key] = value if isinstance(value, dict) else None
        result: dict[str, Any] | None = self._parsed[key]
        return result

    def derived(self, kind: str, rel: str, make: Callable[[], T]) -> T:
        """``make()``'s value for the file ``rel``, computed once per tree: a reading of a
        file that many questions share (a lockfile's pinned versions)."""
        key = (kind, rel)
        if key not in self._parsed:
            self._parsed[key] = make()
        value: T = self._parsed[key]
        return value

    def toml(self, rel: str) -> dict[str, Any] | None:
        key = ("toml", rel)
        if key not in self._parsed:
            value: dict[str, Any] | None = None
            text = self.text(rel)
            if text is not None:
                try:
                    value = tomllib.loads(text)
                except (tomllib.TOMLDecodeError, RecursionError, ValueError):
                    value = None
            self._parsed[key] = value
        result: dict[str, Any] | None = self._parsed[key]
        return result

    def yaml_docs(self, rel: str) -> list[Any]:
        """The YAML documents of the file (safe loader); empty when absent or invalid."""
        key = ("yaml", rel)
        if key not in self._parsed:
            value: list[Any] = []
            text = self.text(rel)
            if text is not None:
                import yaml  # imported only when a YAML file is read

                try:
                    value = list(yaml.load_all(text, Loader=safe_loader()))
                except (yaml.YAMLError, RecursionError, ValueError):
                    value = []
            self._parsed[key] = value
        docs: list[Any] = self._parsed[key]
        return docs


def safe_loader() -> Any:
    """PyYAML's safe loader, in C when PyYAML was built with libyaml (ten times faster on a
    large file: a pnpm lockfile's importers, a long compose file)."""
    import yaml

    return getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def join(folder: str, name: str) -> str:
    """``folder/name`` for relative paths where the root folder is ``""``."""
    return f"{folder}/{name}" if folder else name


def display(folder: str) -> str:
    """An app folder as shown in facts: ``"."`` for the root."""
    return folder or "."


def written_by_advisor(text: str) -> bool:
    """Files advisor wrote say so in their first lines: they are not facts about the project
    (reading them back would make a second run differ from the first)."""
    return "written by advisor" in text[:400]
