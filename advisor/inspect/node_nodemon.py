"""What a nodemon command runs once, without restarting it on changes."""

from __future__ import annotations

_NODEMON_VALUED = frozenset(
    {"-w", "--watch", "-e", "--ext", "-i", "--ignore", "-d", "--delay", "-s", "--signal", "--config", "-C"}
)


_NODEMON_SWITCHES = frozenset(
    {"-L", "--legacy-watch", "-q", "--quiet", "-V", "--verbose", "-I", "--no-stdin", "--no-colors"}
    | {"--no-update-notifier", "--on-change-only", "--spawn", "--exitcrash", "--dump", "--inspect"}
)


def without_nodemon(args: list[str]) -> list[str]:
    """What nodemon runs without restarting it on changes: ``--exec babel-node src/index.js``
    → ``babel-node src/index.js``; ``nodemon -w src server.js`` → ``node server.js``."""
    runner, rest, i = ["node"], list[str](), 0
    while i < len(args):
        arg = args[i]
        if arg in ("-x", "--exec") and i + 1 < len(args):
            runner = args[i + 1].split()
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
