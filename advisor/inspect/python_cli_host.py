"""A console script of the project's own whose server listens on the loopback address unless
told otherwise: datasette's ``serve`` (the default command of its click group, which the
project's image runs bare, ``CMD ["datasette"]``) has ``@click.option("-h", "--host",
default="127.0.0.1")``. In a container nothing outside reaches that address, so the command
is given ``--host 0.0.0.0`` (and the app's port when the option's default is another), as the
project's own documentation does for Docker."""

from __future__ import annotations

import re
from dataclasses import replace

from .facts import Command
from .python_setup import console_scripts, module_texts
from .tree import Tree

_LOOPBACK = r"""['"](?:127\.0\.0\.1|localhost)['"]"""
# @click.option("-h", "--host", default="127.0.0.1"), parser.add_argument("--host", default="localhost")
_HOST_OPTION = re.compile(
    r"""(?:\.option|add_argument)\(\s*(?:['"]-\w['"]\s*,\s*)?['"](--host|--bind|--address)['"]"""
    r"""[^()]*?\bdefault\s*=\s*""" + _LOOPBACK
)
_PORT_OPTION = re.compile(
    r"""(?:\.option|add_argument)\(\s*(?:['"]-\w['"]\s*,\s*)?['"](--port)['"][^()]*?\bdefault\s*=\s*(\d{2,5})\b"""
)
_GIVEN = ("--host", "-h", "--bind", "-b", "--address", "--port", "-p")
# click-default-group's DefaultGroup(default="serve"): the command that runs with none named
_DEFAULT_COMMAND = re.compile(r"""\bdefault\s*=\s*['"]([\w-]+)['"]""")


def _decorators(text: str, func: str) -> str:
    """The decorator lines right above ``def func(``, "" if the module has no such function."""
    d = re.search(rf"^(?:async\s+)?def\s+{re.escape(func)}\(", text, re.M)
    return text[: d.start()].rstrip("\n").rpartition("\n\n")[2] if d else ""


def listens_everywhere(tree: Tree, folder: str, start: Command | None, port: int) -> Command | None:
    """``start`` with ``--host 0.0.0.0`` when it runs a console script of the project (or the
    command its click group runs by default) whose host option defaults to the loopback
    address and the command line names no host."""
    if start is None or not start.argv or any(a.split("=")[0] in _GIVEN for a in start.argv[1:]):
        return start
    target = next(((m, f) for c, m, f in console_scripts(tree, folder) if c == start.argv[0]), None)
    if target is None:
        return start
    module, func = target[0].strip(), target[1].strip()
    words = [a for a in start.argv[1:] if not a.startswith("-")][:1]
    for _, text in module_texts(tree, folder, module):
        above = _decorators(text, func)
        if not above:
            continue
        command = func
        default = _DEFAULT_COMMAND.search(above) if re.search(r"@\w+\.group\(", above) else None
        if words or default:
            command = (words[0] if words else default.group(1) if default else func).replace("-", "_")
            above = _decorators(text, command)
        if not _HOST_OPTION.search(above):
            return start
        argv = list(start.argv)
        if default is not None and not words:
            argv.append(default.group(1))  # the command by name: its options follow it
        argv += ["--host", "0.0.0.0"]
        if (p := _PORT_OPTION.search(above)) and int(p.group(2)) != port:
            argv += ["--port", str(port)]
        return replace(start, argv=tuple(argv))
    return start
