"""Wheels and archives a requirements file installs from the project itself (iris-web's
`dependencies/docx_generator-0.8.0-py3-none-any.whl`): the install step mounts their folder
beside the requirements. (A local package folder, `./libs/client`, makes the build copy the
whole project before the install instead: see python_setup's install scripts.)"""

from __future__ import annotations

import posixpath
import re

from .tree import Tree, join

_ARCHIVE = re.compile(r"^(?:file:)?((?:\./)?(?:[\w.+-]+/)*)[\w.+-]+\.(?:whl|tar\.gz|zip)$")


def local_path(tree: Tree, base: str, line: str) -> str | None:
    """The folder (relative to the project) that holds the wheel or archive a requirement line
    names, when the project has that file."""
    m = _ARCHIVE.match(line)
    if m is None or not m.group(1).strip("./") or not tree.has(posixpath.normpath(join(base, line))):
        return None
    folder = posixpath.normpath(join(base, m.group(1)))
    return None if folder.startswith("..") or folder in (".", "") else folder
