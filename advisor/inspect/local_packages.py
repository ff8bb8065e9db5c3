"""Path dependencies outside the app's folder: packages the manifest installs from a folder
beside or above the app's own, in the same repository (npm's ``"shared": "file:../shared"``,
also ``link:`` and a packed ``file:../vendor/x.tgz``). The install needs them where the
manifest says, so the image's build context holds them and the image keeps them at the same
place relative to the app."""

from __future__ import annotations

import posixpath
from typing import Any

from .tree import Tree, join

_SECTIONS = ("dependencies", "devDependencies", "optionalDependencies")


def node_local_packages(tree: Tree, folder: str, manifest: dict[str, Any]) -> tuple[str, ...]:
    """The manifest's ``file:``/``link:`` dependencies outside ``folder`` that the repository
    holds, as paths relative to the folder (``../shared``), in the manifest's order."""
    found: list[str] = []
    for section in _SECTIONS:
        deps = manifest.get(section)
        for spec in deps.values() if isinstance(deps, dict) else ():
            if not isinstance(spec, str) or not spec.startswith(("file:", "link:")):
                continue
            path = posixpath.normpath(spec.split(":", 1)[1].strip())
            if not path.startswith("../"):
                continue  # inside the app's folder: the image has it already
            rel = posixpath.normpath(join(folder, path))
            if rel.startswith("..") or rel in (".", ""):
                continue  # outside the repository: nothing here can hold it
            if tree.has_dir(rel) or tree.has(rel):
                found.append(path)
    return tuple(dict.fromkeys(found))
