"""A Python app started as a script: a top-level entry script run as ``__main__``, or a
package run with ``-m`` (its ``__main__.py``), when nothing more specific says how it starts."""

from __future__ import annotations

import re

from .facts import Command
from .python_start import ENTRY_NAMES, entry_rank, local_path
from .tree import Tree, join


def main_script(tree: Tree, folder: str, texts: dict[str, str]) -> Command | None:
    """The entry script (main.py, app.py…, or one named after the app: SickGear's
    sickgear.py, which its many vendored modules may keep out of the scanned ``texts``), else
    a package's ``__main__.py``."""
    name = folder.rsplit("/", 1)[-1] if folder else tree.root.resolve().name
    own = re.sub(r"[^a-z0-9]", "", name.lower())
    named = [n for n in tree.names(folder) if own and n.lower() == f"{own}.py"]
    scripts = texts | {join(folder, n): tree.text(join(folder, n)) or "" for n in named}
    for rel in sorted(scripts, key=lambda r: entry_rank(local_path(folder, r))):
        local = local_path(folder, rel)
        if local.count("/") == 0 and "__main__" in scripts[rel] and (local in ENTRY_NAMES or local in named):
            return Command(("python", local), rel, "__main__")
        if local.count("/") == 1 and local.endswith("/__main__.py"):  # a package run with -m
            return Command(("python", "-m", local.split("/")[0]), rel, "__main__.py")
    return None
