"""Code that reads the project's own installed metadata: the project itself must be
installed into the image's environment, not only its dependencies."""

from __future__ import annotations

import re
from typing import Any

from .common import get_path
from .tree import Tree, join


def rust_extension(tree: Tree, folder: str) -> bool:
    """The project builds a Rust extension as it installs (synapse: `build-backend = "maturin"`
    beside its Cargo.toml; setuptools-rust): the image's build stage needs cargo."""
    requires = get_path(tree.toml(join(folder, "pyproject.toml")), "build-system", "requires") or []
    tools = " ".join(r for r in requires if isinstance(r, str)).lower()
    return tree.has(join(folder, "Cargo.toml")) and ("maturin" in tools or "setuptools-rust" in tools)


def own_metadata(tree: Tree, folder: str, pyproject: dict[str, Any]) -> str | None:
    """The module that reads the project's own installed metadata (futuramaapi's
    `_metadata("futuramaapi")`, `importlib.metadata.version("name")`): the project itself must
    be installed, not only its dependencies."""
    name = get_path(pyproject, "project", "name") or get_path(pyproject, "tool", "poetry", "name")
    if not isinstance(name, str) or not name:
        return None
    call = re.compile(
        rf"""\b(?:\w*metadata|version|distribution|get_distribution)\(\s*['"]{re.escape(name)}['"]"""
    )
    module = name.replace("-", "_").lower()
    packages = get_path(pyproject, "tool", "poetry", "packages")  # [{include = "bodhi"}]: bodhi-server's
    named = [
        join(p.get("from") or "", p["include"])
        for p in packages or ()
        if isinstance(p, dict) and p.get("include")
    ]
    for base in dict.fromkeys(
        [join(folder, module), join(folder, f"src/{module}"), *(join(folder, n) for n in named)]
    ):
        for current, file in tree.walk(base):
            rel = join(current, file)
            if file.endswith(".py") and call.search(tree.text(rel) or ""):
                return rel
    return None
