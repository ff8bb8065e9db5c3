"""A Python app started as a script: a top-level entry script run as ``__main__``, or a
package run with ``-m`` (its ``__main__.py``), when nothing more specific says how it starts."""

from __future__ import annotations

import re

from ..appdata import DATA_FOLDER
from .facts import Command, WritablePath
from .python_start import ENTRY_NAMES, entry_rank, local_path
from .script_options import DATA_OPTIONS, script_options
from .tree import Tree, join
from .vendored import tree_script


def main_script(tree: Tree, folder: str, texts: dict[str, str], port: int) -> Command | None:
    """The entry script (main.py, app.py…, or one named after the app: SickGear's
    sickgear.py, which its many vendored modules may keep out of the scanned ``texts``), else
    a package's ``__main__.py``. A script is given the options a container needs
    (``script_options``)."""
    name = folder.rsplit("/", 1)[-1] if folder else tree.root.resolve().name
    own = re.sub(r"[^a-z0-9]", "", name.lower())
    named = [n for n in tree.names(folder) if own and n.lower() == f"{own}.py"]
    if (script := tree_script(tree, folder)) is not None:  # Headphones.py beside headphones/
        named = [local_path(folder, script), *named]
        texts = {script: tree.text(script) or ""} | texts
    scripts = texts | {join(folder, n): tree.text(join(folder, n)) or "" for n in named}
    for rel in sorted(scripts, key=lambda r: (r != script, entry_rank(local_path(folder, r)))):
        local = local_path(folder, rel)
        if local.count("/") == 0 and "__main__" in scripts[rel] and (local in ENTRY_NAMES or local in named):
            # (a data/ folder of its own, Headphones' web assets, is its code: the data go beside it)
            data = "appdata" if tree.has_dir(join(folder, DATA_FOLDER)) else DATA_FOLDER
            return Command(("python", local, *script_options(scripts[rel], port, data)), rel, "__main__")
        if local.count("/") == 1 and local.endswith("/__main__.py"):  # a package run with -m
            return Command(("python", "-m", local.split("/")[0]), rel, "__main__.py")
    return None


def script_data(start: Command | None) -> tuple[WritablePath, ...]:
    """The data folder ``script_options`` gave a script: the app user's, kept in a volume."""
    argv = start.argv if start is not None and start.detail == "__main__" else ()
    given = [argv[i + 1] for i, a in enumerate(argv[:-1]) if a in DATA_OPTIONS]
    return tuple(
        WritablePath(d, "data-dir", start.source, "the script's data folder option") for d in given if start
    )
