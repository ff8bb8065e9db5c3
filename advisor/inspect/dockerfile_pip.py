"""What the project's own Dockerfile says about installing Python packages: the requirements
file it installs, found where the repository keeps it (the image may copy it elsewhere
first), and whether it installs uv.lock as it is."""

from __future__ import annotations

import posixpath
import re

from .dockerfile_paths import logical_lines, own_dockerfiles
from .tree import Tree, join

# `pip install -r X`, `pip --no-cache-dir install -i URL -r X`, `python -m pip install ... -r X`
_PIP_REQUIREMENTS = re.compile(
    r"\bpip3?\b[^\n;&|]*?\binstall\b[^\n;&|]*?(?:-r|--requirement)[=\s]+['\"]?([\w./-]+\.txt)"
)


def dockerfile_requirements(tree: Tree, folder: str) -> str | None:
    """The requirements file the project's own Dockerfile installs when it has none of the
    usual names (pear-admin-flask's `pip install -r requirement/requirement-dev.txt`), as a
    path in the tree; None when that file is not in the folder."""
    for _rel, text in own_dockerfiles(tree, folder):
        # a folder the image copies to another place (cla_backend's `COPY ./requirements/generated/
        # ./requirements`): the file is at its place in the repository
        moved = [
            (dst.removeprefix("./").rstrip("/") + "/", src.removeprefix("./").rstrip("/") + "/")
            for src, dst in re.findall(r"^\s*COPY\s+(\.?/?[\w./-]+/)\s+(\.?/?[\w./-]+?)/?\s*$", text, re.M)
        ]
        # a file the image copies into a folder (rootthebox's `ADD ./setup/requirements.txt ./`)
        copied = {
            posixpath.join(dst.removeprefix("./").rstrip("."), src.rpartition("/")[2]): src.removeprefix("./")
            for src, dst in re.findall(
                r"^\s*(?:COPY|ADD)\s+(\.?/?[\w./-]+\.txt)\s+(\.?/?[\w./-]*/|\.)\s*$", text, re.M
            )
        }
        # or to a file of another name or place (Crypt-Server's `COPY setup/requirements.txt
        # /tmp/requirements.txt`)
        copied |= {
            dst: src.removeprefix("./")
            for src, dst in re.findall(
                r"^\s*(?:COPY|ADD)\s+(\.?/?[\w./-]+\.txt)\s+(/?[\w./-]+\.txt)\s*$", text, re.M
            )
        }
        matches = list(_PIP_REQUIREMENTS.finditer(logical_lines(text)))
        # the app's own before a development stage's (requirements-dev.txt, -test, -lint, -docs)
        matches.sort(key=lambda m: _development_file(m.group(1)))
        for m in matches:
            path = m.group(1).removeprefix("./")
            paths = [
                path,
                *(src + path[len(dst) :] for dst, src in moved if path.startswith(dst)),
                *([copied[path]] if path in copied else []),
            ]
            if found := next((p for p in paths if tree.has(join(folder, p))), None):
                return join(folder, found)
    return None


_DEVELOPMENT = re.compile(r"dev|test|lint|doc")


def _development_file(path: str) -> bool:
    """A requirements file of a development stage (requirements-dev.txt, -test, -lint, -docs):
    the app's own comes first."""
    return bool(_DEVELOPMENT.search(path.rpartition("/")[2]))


def readme_requirements(tree: Tree, folder: str) -> str | None:
    """The requirements file the project's README says to install, when none has a usual name
    and no Dockerfile installs one (biostar-central's `pip install -r conf/requirements.txt`;
    its setup.py packages only its tools); not a development one."""
    for name in sorted(n for n in tree.names(folder) if n.lower().startswith(("readme", "install"))):
        found = [
            m.group(1).removeprefix("./")
            for m in _PIP_REQUIREMENTS.finditer(tree.text(join(folder, name)) or "")
        ]
        for path in sorted(found, key=_development_file):
            if tree.has(join(folder, path)):
                return join(folder, path)
    return None


_UV_FROZEN = re.compile(r"\buv\s+sync\b[^\n]*--frozen\b")


def uv_frozen(tree: Tree, folder: str) -> str | None:
    """The project's own Dockerfile that installs with `uv sync --frozen` (uv.lock as it is,
    not checked against pyproject.toml: redash's lock lags its pyproject, and --locked stops)."""
    for rel, text in own_dockerfiles(tree, folder):
        joined = logical_lines(text)
        if _UV_FROZEN.search(joined) or (re.search(r"\buv\s+sync\b", joined) and _FROZEN_SET.search(joined)):
            return rel
    return None


# ARG UV_OPTIONS="--frozen --no-install-project" (redash's, which `uv sync $UV_OPTIONS` takes),
# or uv's own UV_FROZEN=1
_FROZEN_SET = re.compile(
    r"^\s*(?:ARG|ENV)\s+(?:\w+=['\"]?[^\n]*--frozen\b|UV_FROZEN=['\"]?(?:1|true)\b)", re.M | re.I
)
