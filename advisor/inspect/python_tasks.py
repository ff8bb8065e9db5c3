"""The start command a project's task runner documents in ``pyproject.toml``: taskipy's
``[tool.taskipy.tasks]``, poethepoet's ``[tool.poe.tasks]`` and PDM's ``[tool.pdm.scripts]``
(``api = "uvicorn polar.app:app --reload --host 127.0.0.1 --port 8000"``). Only a task that
runs a Python server counts: a task runner is also where linters, migrations and tests live.
The command is made fit for a container: no reloader, and the server listens on every
address, not on the loopback one only."""

from __future__ import annotations

import re

from .common import get_path, split_command
from .facts import Command
from .python_server import SERVER_PACKAGES
from .tree import Tree, join

_RUNNERS = (
    (("tool", "taskipy", "tasks"), "tool.taskipy.tasks"),
    (("tool", "poe", "tasks"), "tool.poe.tasks"),
    (("tool", "pdm", "scripts"), "tool.pdm.scripts"),
)
_SERVERS = frozenset({*SERVER_PACKAGES, "uwsgi"})
# A task for production or serving comes before one for development.
_SERVING = re.compile(r"serve|server|start|prod|web|api|app|run|wsgi|asgi|http", re.I)
_DEVELOPMENT = re.compile(r"dev|debug|local|watch|reload|test", re.I)
# Development switches, with the number of values each takes.
_DEV_OPTIONS = {
    "--reload": 0,
    "--reload-dir": 1,
    "--reload-include": 1,
    "--reload-exclude": 1,
    "--reload-delay": 1,
    "--reload-engine": 1,
    "--debug": 0,
}
_LOOPBACK = frozenset({"127.0.0.1", "localhost", "::1", "[::1]"})
_BIND_OPTIONS = frozenset({"-b", "--bind", "--http", "--http-socket"})


def _command_text(task: object) -> str | None:
    """The command line of a task: a string, or a table's ``cmd`` (poe's ``shell`` too)."""
    if isinstance(task, str):
        return task
    if isinstance(task, dict):
        for key in ("cmd", "shell"):
            if isinstance(task.get(key), str):
                return str(task[key])
    return None


def _program(argv: tuple[str, ...]) -> str:
    if len(argv) > 2 and argv[0].startswith("python") and argv[1] == "-m":
        return argv[2]
    return argv[0].rsplit("/", 1)[-1]


def for_container(argv: tuple[str, ...]) -> tuple[str, ...]:
    """``argv`` without the reloader, and bound to every address where it named a loopback
    one (``--host 127.0.0.1`` → ``--host 0.0.0.0``, ``-b localhost:8000`` → ``-b 0.0.0.0:8000``)."""
    out: list[str] = []
    skip = 0
    for i, arg in enumerate(argv):
        if skip:
            skip -= 1
            continue
        name, eq, value = arg.partition("=")
        if name in _DEV_OPTIONS:
            skip = 0 if eq else _DEV_OPTIONS[name]
            continue
        previous = argv[i - 1] if i else ""
        if previous in ("--host", "-h") and arg in _LOOPBACK:
            arg = "0.0.0.0"
        elif name == "--host" and eq and value in _LOOPBACK:
            arg = "--host=0.0.0.0"
        elif previous in _BIND_OPTIONS or (name in _BIND_OPTIONS and eq):
            bind = value if eq else arg
            host, colon, port = bind.rpartition(":")
            if colon and host in _LOOPBACK:
                bind = f"0.0.0.0:{port}"
            arg = f"{name}={bind}" if eq else bind
        out.append(arg)
    if out[:2] == ["fastapi", "dev"]:
        out[1] = "run"  # `fastapi dev` is `fastapi run` with the reloader, on 127.0.0.1
    return tuple(out)


def task_start(tree: Tree, folder: str, port: int) -> Command | None:
    """The task-runner task that runs the app's server, fit for a container; None if none does."""
    rel = join(folder, "pyproject.toml")
    data = tree.toml(rel)
    if not data:
        return None
    found: list[tuple[tuple[bool, bool, int], Command]] = []
    for keys, detail in _RUNNERS:
        tasks = get_path(data, *keys)
        if not isinstance(tasks, dict):
            continue
        for name, task in tasks.items():
            text = _command_text(task)
            argv = split_command(text, port) if text else None
            if not argv or _program(argv) not in _SERVERS or len(argv) < 2:
                continue
            rank = (bool(_DEVELOPMENT.search(str(name))), not _SERVING.search(str(name)), len(found))
            found.append((rank, Command(for_container(argv), rel, f"{detail}.{name}")))
    return min(found, key=lambda f: f[0])[1] if found else None
