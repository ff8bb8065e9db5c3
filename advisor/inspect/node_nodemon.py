"""What a nodemon command runs once, without restarting it on changes."""

from __future__ import annotations

import contextlib
import json
import re
import shlex
from typing import Any

from .tree import Tree, join

_NODEMON_VALUED = frozenset(
    {"-w", "--watch", "-e", "--ext", "-i", "--ignore", "-d", "--delay", "-s", "--signal", "--config", "-C"}
)


_NODEMON_SWITCHES = frozenset(
    {"-L", "--legacy-watch", "-q", "--quiet", "-V", "--verbose", "-I", "--no-stdin", "--no-colors"}
    | {"--no-update-notifier", "--on-change-only", "--spawn", "--exitcrash", "--dump", "--inspect"}
)


_NODE_VALUED = frozenset({"--import", "-r", "--require", "--loader", "--experimental-loader"})


def without_nodemon(args: list[str]) -> list[str]:
    """What nodemon runs without restarting it on changes: ``--exec babel-node src/index.js``
    → ``babel-node src/index.js``; ``nodemon -w src server.js`` → ``node server.js``."""
    runner, rest, i = ["node"], list[str](), 0
    while i < len(args):
        arg = args[i]
        if arg in ("-x", "--exec") and i + 1 < len(args):
            # a shell line's last command: retro-board's `'yarn fix & node'` runs node
            runner = re.split(r"&&?|;|\|\|?", args[i + 1])[-1].split() or ["node"]
            i += 2
        elif runner == ["node"] and arg in _NODE_VALUED and i + 1 < len(args) and not rest:
            runner += [arg, args[i + 1]]  # node's own option (--import ./ts-node.register.mjs)
            i += 2
        elif arg in _NODEMON_VALUED:
            i += 2
        elif arg.startswith("-") and not rest:
            # a switch of nodemon's (--legacy-watch, -L, --quiet); any other after --exec is
            # the runner's, which nodemon passes on (jira_clone's `--exec ts-node --files`)
            runner += [arg] if runner != ["node"] and arg.split("=")[0] not in _NODEMON_SWITCHES else []
            i += 1
        else:
            rest.append(arg)
            i += 1
    # (nodemon with its settings in a file of its own: no script named here, nothing to run)
    return runner + rest if rest or runner != ["node"] else []


def with_nodemon_config(
    tree: Tree, folder: str, data: dict[str, Any], argv: tuple[str, ...]
) -> tuple[str, ...]:
    """``argv`` (what a nodemon script runs once) with nodemon's own settings applied: the
    ``exec`` of nodemon.json or package.json's nodemonConfig (SparkyFitness's "tsx index.ts",
    which names the file itself), else a TypeScript file's runner, as nodemon picks one for .ts
    (ts-node; tsx when the project has that instead)."""
    config: object = data.get("nodemonConfig")
    with contextlib.suppress(ValueError):
        config = json.loads(tree.text(join(folder, "nodemon.json")) or "null") or config
    run = config.get("exec") if isinstance(config, dict) else None
    if argv[:1] == ("node",) and isinstance(run, str) and run.strip():
        try:
            runner = shlex.split(run)
        except ValueError:
            return argv
        names_file = any(w.endswith((".js", ".ts", ".mjs", ".cjs", ".mts")) for w in runner[1:])
        return tuple(runner) if names_file else (*runner, *argv[1:])
    if argv[:1] == ("node",) and len(argv) > 1 and argv[1].endswith((".ts", ".mts", ".cts")):
        deps = {**(data.get("dependencies") or {}), **(data.get("devDependencies") or {})}
        return ("tsx" if "tsx" in deps and "ts-node" not in deps else "ts-node", *argv[1:])
    return argv


_DEV_FILE = re.compile(r"(?:^|[./_-])dev(?:elopment)?(?:[./_-]|$)")


def without_dev_config(argv: list[str]) -> list[str]:
    """A watcher's command without the development settings file it names (sqlpad's
    ``-- --config ./config.dev.env``: port 3010 under /sqlpad, a debug log): the image's
    settings come from the environment."""
    out: list[str] = []
    skip = False
    for i, word in enumerate(argv):
        if skip:
            skip = False
            continue
        if word in ("--config", "-c") and i + 1 < len(argv) and _DEV_FILE.search(argv[i + 1]):
            skip = True
            continue
        out.append(word)
    return out[:-1] if out[-1:] == ["--"] else out
