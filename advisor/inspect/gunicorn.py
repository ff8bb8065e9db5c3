"""gunicorn's own settings file, where it says something a container cannot live with."""

from __future__ import annotations

import re

from .tree import Tree, join

_DAEMON = re.compile(r"^\s*daemon\s*=\s*True\b", re.M)


def daemon_config(tree: Tree, folder: str) -> str:
    """gunicorn.conf.py when it sets ``daemon = True``: gunicorn then forks into the background
    and its first process exits, which ends the container; "" otherwise."""
    rel = join(folder, "gunicorn.conf.py")
    return rel if _DAEMON.search(tree.text(rel) or "") else ""
