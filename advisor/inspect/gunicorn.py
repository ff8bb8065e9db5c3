"""The WSGI servers' own settings files: gunicorn's, where it says something a container cannot
live with, and uWSGI's, which may leave the socket to the command line."""

from __future__ import annotations

import re

from .facts import Command
from .python_start import local_path
from .tree import Tree, join

_DAEMON = re.compile(r"^\s*daemon\s*=\s*True\b", re.M)


def daemon_config(tree: Tree, folder: str) -> str:
    """gunicorn.conf.py when it sets ``daemon = True``: gunicorn then forks into the background
    and its first process exits, which ends the container; "" otherwise."""
    rel = join(folder, "gunicorn.conf.py")
    return rel if _DAEMON.search(tree.text(rel) or "") else ""


_UWSGI_LISTENS = re.compile(r"^\s*(?:https?|http-socket|socket|uwsgi-socket)\s*[=:]", re.M)


def uwsgi_start(tree: Tree, folder: str, conf: str, port: int) -> Command:
    """``uwsgi --ini`` with the project's file; with ``--http`` on the app's port when the file
    names no socket and leaves it to the command line (linkding's script passes --http)."""
    served = () if _UWSGI_LISTENS.search(tree.text(conf) or "") else ("--http", f":{port}")
    return Command(("uwsgi", "--ini", local_path(folder, conf), *served), conf)
