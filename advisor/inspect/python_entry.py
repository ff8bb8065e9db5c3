"""A Python app started as a script: a top-level entry script run as ``__main__``, or a
package run with ``-m`` (its ``__main__.py``), when nothing more specific says how it starts."""

from __future__ import annotations

import re

from ..appdata import DATA_FOLDER
from .facts import Command, WritablePath
from .python_start import ENTRY_NAMES, entry_rank, local_path
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


# A command-line option an entry script declares (argparse's add_argument, optparse's add_option).
_OPTION = re.compile(r"""\badd_(?:argument|option)\(\s*(?:['"]-\w['"]\s*,\s*)?['"](--[\w-]+)['"]""")
_HOST_OPTIONS = ("--host",)
_PORT_OPTIONS = ("--port",)
_DATA_OPTIONS = ("--datadir", "--data-dir", "--data_dir")
_NO_BROWSER = ("--nolaunch", "--no-launch", "--no-browser")


def script_options(text: str, port: int, data_folder: str = DATA_FOLDER) -> tuple[str, ...]:
    """The options a server started as a script is given in a container, from those it declares:
    every address (``--host 0.0.0.0``: Headphones binds localhost by default), the published
    port, a data folder the app user owns (``--datadir data``: the default is the app's own,
    root-owned folder), and no browser to open."""
    declared = set(_OPTION.findall(text)) if "add_" in text else set()
    out: tuple[str, ...] = ()
    if host := next((o for o in _HOST_OPTIONS if o in declared), None):
        out += (host, "0.0.0.0")
    if port_option := next((o for o in _PORT_OPTIONS if o in declared), None):
        out += (port_option, str(port))
    if data := next((o for o in _DATA_OPTIONS if o in declared), None):
        out += (data, data_folder)
    if no_browser := next((o for o in _NO_BROWSER if o in declared), None):
        out += (no_browser,)
    return out


def script_data(start: Command | None) -> tuple[WritablePath, ...]:
    """The data folder ``script_options`` gave a script: the app user's, kept in a volume."""
    argv = start.argv if start is not None and start.detail == "__main__" else ()
    given = [argv[i + 1] for i, a in enumerate(argv[:-1]) if a in _DATA_OPTIONS]
    return tuple(
        WritablePath(d, "data-dir", start.source, "the script's data folder option") for d in given if start
    )
