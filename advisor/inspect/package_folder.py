"""An app folder that is itself a package its code imports by name: Warracker's backend/ (with
its own requirements.txt and ``__init__.py``, whose modules import ``from .db_handler import``
and whose server runs ``gunicorn 'backend:create_app()'``), a FastAPI backend/ whose main.py
says ``from backend.db import engine``. advisor's image holds the folder's contents in /app;
``main:app`` there fails (no module named 'backend', or a relative import with no parent
package). The image gives the package its name: a link ``/opt/python/<name>`` to /app, with
/opt/python first on the import path, and the commands name their modules through it
(``backend.main:app``, ``backend:create_app()``, ``python -m backend.seed``)."""

from __future__ import annotations

import dataclasses
import posixpath
import re
import sys
from collections.abc import Mapping

from .facts import Command
from .tree import Tree, join

PACKAGE_ROOT = "/opt/python"
"""The folder on the image's import path that holds the link named after the package."""

_RELATIVE = re.compile(r"^[ \t]*from\s+\.+\w*(?:\.\w+)*\s+import\s", re.M)
# the options whose value is a module (celery -A, flask --app, python -m, uvicorn --factory's spec)
_MODULE_OPTIONS = frozenset({"-A", "--app", "-m"})
# the programs whose arguments name modules (dramatiq tasks, arq worker.WorkerSettings,
# huey_consumer tasks.huey, rq worker -c settings)
_MODULE_PROGRAMS = frozenset({"dramatiq", "arq", "huey_consumer", "huey_consumer.py", "taskiq"})


# Flask's instance folder is found beside the package as imported (/opt/python/instance then,
# not the volume's /app/instance): an app that keeps data there is left as it is.
_INSTANCE = re.compile(r"instance_path|instance_relative_config|sqlite:///(?!/)")


def package_name(tree: Tree, folder: str, texts: Mapping[str, str]) -> str | None:
    """The folder's name when the folder is a package whose own modules import it by name (a
    module it has: ``from backend.db import``), or whose top-level modules import relatively;
    None for the project's root, a folder of modules (no ``__init__.py``), a name the standard
    library has (email/, platform/: the link would hide it), a folder holding a module or a
    package of its own name (api/api.py, Django's backend/backend/), or an app keeping its data
    in Flask's instance folder."""
    name = posixpath.basename(folder)
    if (
        not folder
        or not name.isidentifier()
        or name in sys.stdlib_module_names
        or not tree.has(join(folder, "__init__.py"))
        or tree.has(join(folder, f"{name}.py"))
        or tree.has_dir(join(folder, name))
    ):
        return None
    by_name = re.compile(rf"^[ \t]*(?:from\s+{name}\.(\w+)[\w.]*\s+import|import\s+{name}\.(\w+))", re.M)
    found = None
    for rel, text in texts.items():
        if not rel.startswith(folder + "/"):
            continue
        if _INSTANCE.search(text):
            return None
        top = "/" not in rel[len(folder) + 1 :]
        own = any(_module(tree, folder, m.group(1) or m.group(2), name) for m in by_name.finditer(text))
        if own or (top and rel.endswith(".py") and _RELATIVE.search(text)):
            found = name
    return found


def _module(tree: Tree, folder: str, dotted: str, name: str) -> str | None:
    """``dotted`` named through the package when its first part is the folder's own module."""
    first, _, rest = dotted.partition(".")
    if first == "__init__" and not rest:
        return name
    if tree.has(join(folder, f"{first}.py")) or tree.has(join(folder, f"{first}/__init__.py")):
        return f"{name}.{dotted}"
    return None


def _word(tree: Tree, folder: str, word: str, name: str) -> str:
    """A module spec (``main:app``, ``__init__:create_app()``) named through the package."""
    m = re.fullmatch(r"([A-Za-z_][\w.]*)(:.+)", word)
    if m is None:
        return word
    module = _module(tree, folder, m.group(1), name)
    return f"{module}{m.group(2)}" if module else word


def _argv(tree: Tree, folder: str, argv: tuple[str, ...], name: str) -> tuple[str, ...]:
    if len(argv) >= 2 and argv[0] in ("python", "python3") and argv[1].endswith(".py"):
        # a script of the package, run as its module: its relative imports need the package
        module = _module(tree, folder, argv[1].removesuffix(".py").replace("/", "."), name)
        if module is not None and _RELATIVE.search(tree.text(join(folder, argv[1])) or ""):
            return (argv[0], "-m", module, *argv[2:])
        return argv
    out: list[str] = []
    for i, word in enumerate(argv):
        dotted = re.fullmatch(r"[A-Za-z_][\w.]*", word) is not None
        if (
            i
            and dotted
            and (argv[i - 1] in _MODULE_OPTIONS or (argv[0] in _MODULE_PROGRAMS and argv[i - 1][0] != "-"))
        ):
            word = _module(tree, folder, word, name) or word
        elif word.startswith("--app="):
            value = word[len("--app=") :]
            word = "--app=" + (
                _word(tree, folder, value, name)
                if ":" in value
                else _module(tree, folder, value, name) or value
            )
        else:
            word = _word(tree, folder, word, name)
        out.append(word)
    return tuple(out)


def as_package(
    tree: Tree, folder: str, texts: Mapping[str, str], *commands: Command | None
) -> tuple[Command | None, ...]:
    """The start, release and worker ``commands``, their modules named through the package, and
    the package's folder on the start's import path, when the app's folder is such a package."""
    name = package_name(tree, folder, texts)
    start = commands[0]
    if (
        name is None
        or start is None
        or (
            start.argv[0] == "gunicorn"
            and not any(re.fullmatch(r"[A-Za-z_][\w.]*:.+", w) for w in start.argv)
        )
    ):
        # (the start's variables set the image's import path; gunicorn -c gunicorn.conf.py names
        # its app in the file, `wsgi_app = "app:app"`, which the image cannot rename)
        return commands
    start, *rest = (c and dataclasses.replace(c, argv=_argv(tree, folder, c.argv, name)) for c in commands)
    assert start is not None
    return (dataclasses.replace(start, env=(*start.env, ("PYTHONPATH", PACKAGE_ROOT))), *rest)
