"""The Python line a project asks for: .python-version, runtime.txt (unless the project's own
Dockerfile says otherwise), .tool-versions, requires-python, Poetry's python, the Pipfile,
else the project's Dockerfile's FROM."""

from __future__ import annotations

import re

from . import versions
from .common import get_path, in_folder_or_above
from .dockerfile_base import dockerfile_base_version
from .facts import RuntimeVersion
from .tree import Tree, join
from .wheels import capped


def python_runtime(tree: Tree, folder: str) -> RuntimeVersion | None:
    rel = in_folder_or_above(tree, folder, (".python-version",))
    if rel is not None and (text := tree.text(rel)):
        # pyenv's file may list several (dpaste's 3.8 ... 3.12, for tox): the newest of them
        listed = [line.strip() for line in text.splitlines() if re.match(r"\s*\d", line)]
        if listed:
            newest = max(listed, key=lambda v: tuple(versions.parse_version(v) or ()))
            return versions.choose("python", newest, rel)
    rel = join(folder, "runtime.txt")
    if (text := tree.text(rel)) and (m := re.search(r"python-(\d+\.\d+(?:\.\d+)?)", text)):
        # Heroku's runtime.txt is often left behind: the project's own Dockerfile, when it has
        # one that says otherwise, is what it builds with now (django-job-portal: 3.8 vs 3.11).
        base = dockerfile_base_version(tree, folder, "python")
        if base is not None and versions.parse_version(base.value) != versions.parse_version(m.group(1)):
            return versions.choose("python", base.value, base.source, base.detail)
        return versions.choose("python", m.group(1), rel)
    rel = in_folder_or_above(tree, folder, (".tool-versions",))
    if rel is not None and (text := tree.text(rel)) and (m := re.search(r"^python\s+(\d[\w.]*)", text, re.M)):
        return versions.choose("python", m.group(1), rel)
    pipfile_rel = join(folder, "Pipfile")
    pipfile = tree.toml(pipfile_rel)
    pipenv = get_path(pipfile, "requires", "python_full_version") or get_path(
        pipfile, "requires", "python_version"
    )
    if isinstance(pipenv, str) and tree.has(join(folder, "Pipfile.lock")):
        # pipenv installs (`install --deploy` refuses another Python than the Pipfile's: JARR's
        # 3.13, whose pyproject.toml says >=3.13)
        return versions.choose("python", pipenv, pipfile_rel, "requires")
    pyproject_rel = join(folder, "pyproject.toml")
    data = tree.toml(pyproject_rel)
    if data is not None:
        requires = get_path(data, "project", "requires-python")
        if isinstance(requires, str):
            # a floor only (>=3.12), and the project's own Dockerfile builds on a line above it:
            # that line, which the project runs on, rather than the newest
            low = re.fullmatch(r"\s*>=\s*(\d+\.\d+)(?:\.\d+)?\s*", requires)
            base = dockerfile_base_version(tree, folder, "python") if low else None
            if (
                low
                and base
                and (versions.parse_version(base.value) or ()) >= (versions.parse_version(low[1]) or ())
            ):
                chosen = versions.choose("python", base.value, base.source, base.detail)
                if chosen.supported:
                    return chosen
                # past its end of life (wikmd's python:3.9): the oldest supported line, the
                # nearest to the one the project runs on
                oldest = versions.LINES["python"][-1]
                return RuntimeVersion("python", requires, oldest, True, pyproject_rel, "requires-python")
            return versions.choose("python", requires, pyproject_rel, "requires-python")
        poetry_python = get_path(data, "tool", "poetry", "dependencies", "python")
        if isinstance(poetry_python, str):
            return versions.choose("python", poetry_python, pyproject_rel, "tool.poetry.dependencies.python")
    if isinstance(pipenv, str):
        return versions.choose("python", pipenv, pipfile_rel, "requires")
    base = dockerfile_base_version(tree, folder, "python")
    if base is not None:
        return versions.choose("python", base.value, base.source, base.detail)
    return None


# Standard-library modules a Python line removed (PEP 632, PEP 594), and the PyPI package
# that still provides each (setuptools' distutils shim, the legacy-* and standard-* copies).
_REMOVED: dict[str, tuple[tuple[int, int], str]] = {
    "distutils": ((3, 11), "setuptools"),
    **{m: ((3, 11), f"standard-{m}") for m in ("asyncore", "asynchat", "smtpd")},
    "imp": ((3, 11), "zombie-imp"),
    "cgi": ((3, 12), "legacy-cgi"),
    "cgitb": ((3, 12), "legacy-cgi"),
    **{
        m: ((3, 12), f"standard-{m}")
        for m in (
            *("aifc", "audioop", "chunk", "crypt", "imghdr", "mailcap", "nntplib", "pipes"),
            *("sndhdr", "sunau", "telnetlib", "uu", "xdrlib"),
        )
    },
}
_NAMES = "|".join(_REMOVED)
_IMPORT = re.compile(
    rf"^[ \t]*(?:from[ \t]+({_NAMES})(?:\.\w+)*[ \t]+import\b|import[ \t]+({_NAMES})\b)", re.M
)


def removed_modules_cap(
    runtime: RuntimeVersion | None, texts: dict[str, str], names: set[str], tree: Tree
) -> RuntimeVersion | None:
    """The newest Python line that still has the standard-library modules the code imports
    (SpaceDock's `from distutils.util import strtobool`: 3.11), unless the project installs
    the package that provides one or keeps its own copy (Headphones' lib/cgi.py), or its own
    image runs a newer line; a project's own tests do not count."""
    if runtime is not None and runtime.detail == "FROM":
        return runtime  # the project's own image runs that line (photonix's 3.13): the code does too
    found: tuple[tuple[int, int], str, str] | None = None
    for rel, text in texts.items():
        if re.search(r"(?:^|/)tests?(?:/|_)", rel):
            continue
        for m in _IMPORT.finditer(text):
            module = m.group(1) or m.group(2)
            removed = _REMOVED[module]
            if removed[1] in names or module in names or _own_module(tree, module):
                continue
            if found is None or removed[0] < found[0]:
                found = (removed[0], module, rel)
    if found is None:
        return runtime
    ceiling, module, rel = found
    why = f"imports {module} (removed in Python {ceiling[0]}.{ceiling[1] + 1})"
    if runtime is None:
        return RuntimeVersion("python", why, f"{ceiling[0]}.{ceiling[1]}", True, rel)
    return capped(runtime, ceiling, rel, f"{rel} {why}")


def _own_module(tree: Tree, module: str) -> bool:
    """Whether the project keeps a module of that name (a vendored copy) anywhere in its tree."""
    return any(f"{module}.py" in names for names in tree.files.values()) or any(
        module in subs and tree.has(join(folder, f"{module}/__init__.py"))
        for folder, subs in tree.dirs.items()
    )


# Syntax a Python line brought, newest first: PEP 758's unparenthesized `except A, B:` (3.14),
# PEP 695's type parameters and `type` statement (3.12), `except*` (3.11).
_NAME = r"[A-Za-z_][\w.]*"
_SYNTAX = (
    # (classes after the comma: Python 2's `except ValueError, e:` binds a name, in lower case)
    ((3, 14), re.compile(rf"^[ \t]*except[ \t]+{_NAME}[ \t]*(?:,[ \t]*(?:[\w.]*\.)?[A-Z]\w*[ \t]*)+:", re.M)),
    (
        (3, 12),
        re.compile(
            r"^[ \t]*(?:(?:async[ \t]+)?def|class)[ \t]+\w+\[|^[ \t]*type[ \t]+[A-Za-z_]\w*[ \t]*(?:\[|=)",
            re.M,
        ),
    ),
    ((3, 11), re.compile(r"^[ \t]*except[ \t]*\*", re.M)),
)


def syntax_floor(runtime: RuntimeVersion | None, texts: dict[str, str]) -> RuntimeVersion | None:
    """The Python line the app's own code needs by its syntax (git-reader's `except
    FileNotFoundError, IsADirectoryError:` is 3.14's), when the chosen line is older (a stale
    .python-version): that line does not even compile it."""
    chosen = versions.parse_version(runtime.image_tag) if runtime and runtime.image_tag else None
    for line, pattern in _SYNTAX:
        if chosen is not None and tuple(chosen[:2]) >= line:
            return runtime
        rel = next((r for r, t in texts.items() if pattern.search(t)), None)
        if rel is not None:
            tag = f"{line[0]}.{line[1]}"
            return RuntimeVersion("python", f">={tag}", tag, True, rel, f"{rel} uses Python {tag}'s syntax")
    return runtime
