"""Programs a Node project runs beside its server in the same container: a package script
that starts the server script together with another long-running script of the project
through a process runner the app depends on at run time (SerpBear's ``"start:all":
"concurrently npm:start npm:cron"``, whose own image runs ``concurrently "node server.js"
"node cron.js"``). Without the other program the app runs, but its scheduled work never
happens; the container starts both, as the project does."""

from __future__ import annotations

import shlex
from dataclasses import replace
from typing import Any

from .common import split_command
from .facts import Command

# concurrently's options that take a value as the next word (`-n web,cron`)
_VALUED = frozenset(
    {
        "-n",
        "--names",
        "-c",
        "--prefix-colors",
        "-p",
        "--prefix",
        "-l",
        "--prefix-length",
        "-t",
        "--timestamp-format",
        "-s",
        "--success",
        "-m",
        "--max-processes",
        "--restart-tries",
        "--restart-after",
        "--default-input-target",
        "--name-separator",
        "--handle-input",
    }
)
_MANAGERS = ("npm", "yarn", "pnpm", "bun")
# a script of these is no program to keep running (a watcher, a build, the tests)
_NOT_RUNNING = ("dev", "watch", "build", "test", "lint", "format", "storybook", "docs", "type", "tsc")


def _not_running(word: str) -> bool:
    """A script name or file named for development, a build or the tests (`e2e`, `test/e2e.js`,
    `scripts/watch-assets.js`)."""
    return any(w in word.lower() for w in _NOT_RUNNING) or "e2e" in word.lower()


def _targets(argv: list[str]) -> list[tuple[str, str]] | None:
    """What a runner starts in parallel, each as ("script", name) or ("command", text); None
    when it is no parallel runner or names scripts by a pattern (`npm:watch-*`)."""
    if argv[0] == "concurrently":
        found: list[tuple[str, str]] = []
        words = iter(argv[1:])
        for word in words:
            if word.startswith("-"):
                if word in _VALUED:
                    next(words, None)
                continue
            manager, sep, name = word.partition(":")
            if sep and manager in _MANAGERS:
                found.append(("script", name))
                continue
            found.append(_named(word))
        return None if any(k == "script" and "*" in v for k, v in found) else found
    parallel = argv[0] == "run-p" or (
        argv[0] in ("npm-run-all", "npm-run-all2") and ("-p" in argv or "--parallel" in argv)
    )
    if not parallel:
        return None
    names = [w for w in argv[1:] if not w.startswith("-")]
    return None if any("*" in n for n in names) else [("script", n) for n in names]


def _named(text: str) -> tuple[str, str]:
    """`npm run cron`, `yarn cron`, `npm start`: the script; else the command itself."""
    try:
        words = shlex.split(text)
    except ValueError:
        return ("command", text)
    if len(words) >= 2 and words[0] in _MANAGERS:
        rest = words[2:] if words[1] == "run" else words[1:]
        if len(rest) == 1:
            return ("script", rest[0])
    return ("command", text)


def beside_start(
    scripts: dict[str, Any], dependencies: set[str], start: Command | None, port: int
) -> Command | None:
    """``start`` run together with the project's other long-running programs, when a script
    runs them in parallel with the start script; else ``start`` as it is."""
    if start is None or not start.detail.startswith("scripts."):
        return start
    own = start.detail.removeprefix("scripts.")
    for name, text in scripts.items():
        if name == own or not isinstance(text, str) or "&&" in text or ";" in text:
            continue
        if _not_running(name):
            continue  # a script for development or the tests (`dev`, `e2e`) that also starts the server
        argv = split_command(text, port)
        if not argv or argv[0] not in dependencies:
            continue  # no runner, or one only development installs
        if {"-s", "--success"} & {w.split("=")[0] for w in argv}:
            continue  # a test harness: it ends when one of them succeeds
        targets = _targets(list(argv))
        if not targets or len(targets) < 2:
            continue
        commands: list[tuple[str, ...]] = []
        for kind, value in targets:
            if kind == "script" and value == own:
                commands.append(start.argv)
                continue
            if kind == "script" and (not isinstance(scripts.get(value), str) or _not_running(value)):
                break
            other = split_command(scripts[value], port) if kind == "script" else split_command(value, port)
            if not other or other[0] != "node" or any(_not_running(w) for w in other[1:]):
                break  # only a program of the project's own, run by node (not a watcher's, a test's)
            commands.append(tuple(other))
        else:
            if start.argv in commands and len(commands) >= 2:
                # --kill-others: when one stops, all do, and the container's restart policy
                # starts them again (by default the others would run on without it)
                argv = ("concurrently", "--kill-others", *(shlex.join(c) for c in commands))
                return replace(start, argv=argv, detail=f"scripts.{name}", bin_dir="node_modules/.bin")
    return start
