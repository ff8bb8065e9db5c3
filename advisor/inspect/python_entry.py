"""A Python app started as a script: a top-level entry script run as ``__main__``, or a
package run with ``-m`` (its ``__main__.py``), when nothing more specific says how it starts;
and a console script given the words the project's own image runs it with."""

from __future__ import annotations

import re
from dataclasses import replace

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


# The details of a start that is one of the project's console scripts (see python_setup).
CONSOLE_SCRIPTS = ("project.scripts.", "tool.poetry.scripts.", "console_scripts.")


def with_image_words(script: Command | None, own: Command | None) -> Command | None:
    """The console script with the words the project's own image runs it with (polemarch's
    `CMD ["/usr/local/bin/polemarchctl", "webserver"]`: bare, it only prints its usage)."""
    if script is None or own is None or len(own.argv) < 2:
        return script  # (an image that runs the bare script adds nothing)
    words = own.argv
    if words[0].rpartition("/")[2].startswith("python") and words[1:2] == ("-m",) and len(words) > 2:
        # swingmusic's `python -m swingmusic --host 0.0.0.0 --config /config`: its package's
        # __main__, which the script of the same name runs
        module = words[2].replace("_", "-").lower()
        words = (script.argv[0], *words[3:]) if module == script.argv[0].lower() else words
    if words[0].rpartition("/")[2].lower() != script.argv[0].lower():
        return script  # (sickchill declares SickChill and sickchill, the same function)
    # without a development switch the image's command may carry (`--reload`, `--debug`); the
    # detail keeps the script's (the image installs the project for its command)
    argv = tuple(w for w in words if w not in ("--reload", "--debug", "--dev"))
    # and the options advisor gave the script that the image's command lacks (`--port 1970`,
    # `--non-interactive`; not `--host 0.0.0.0` beside the image's `--host=0.0.0.0`)
    names = {w.split("=", 1)[0] for w in argv if w.startswith("-")}
    given, i = script.argv, 1
    while i < len(given):
        valued = "=" not in given[i] and i + 1 < len(given) and not given[i + 1].startswith("-")
        option = given[i : i + 2] if valued else given[i : i + 1]
        if given[i].startswith("--") and given[i].split("=", 1)[0] not in names:
            argv += option
        i += len(option)
    return replace(own, argv=argv, detail=f"{own.detail}: {script.detail}")
