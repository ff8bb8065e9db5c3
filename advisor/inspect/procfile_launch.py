"""The Procfile's ``web:`` process as a container's start command. Two kinds of line need care:

- a launcher script for one platform: Tock's ``web: bin/run.sh`` reads Cloud Foundry's
  VCAP_SERVICES and CF_INSTANCE_INDEX, appends to a New Relic file and switches to the
  production settings; in a container it fails, so it is no start command (the framework's
  own server is);
- a script the image runs directly whose first line is no ``#!`` line (Tock's ``#/bin/bash``,
  a typo): the kernel cannot execute it (exec format error), so its shell runs it.
"""

from __future__ import annotations

import re

from .common import procfile_web
from .tree import Tree, join

# A value only a Cloud Foundry (cloud.gov) instance has (Tock's `echo "${VCAP_SERVICES}" | jq`),
# outside a block that runs only when it is there (`if [ -n "$VCAP_SERVICES" ]; then ... fi`,
# `if [[ -v CF_INSTANCE_INDEX ...`): a script that works elsewhere too stays the start.
_CLOUD_FOUNDRY = re.compile(r"\$\{?(?:VCAP_SERVICES|VCAP_APPLICATION|CF_INSTANCE_INDEX|CF_INSTANCE_GUID)\b")
_GUARDED = re.compile(
    r"^[ \t]*if\s+\[+\s+-[nv]\s+\S*(?:VCAP|CF_INSTANCE)\w*[^\n]*?\]+\s*;?\s*(?:then)?\s*\n.*?^[ \t]*fi\b",
    re.M | re.S,
)
_BASHISMS = re.compile(
    r"\[\[|\bset\s+-o\s+pipefail\b|^\s*(?:declare|local|source|function\s+\w+)\s|\$\{\w+\[|&>|<<<", re.M
)


def _script(tree: Tree, folder: str, word: str) -> str | None:
    """The text of the project's script ``word`` names (``bin/run.sh``, ``./start.sh``)."""
    if "/" not in word and not word.endswith(".sh"):
        return None  # a program on PATH (gunicorn), not a file of the project
    return tree.text(join(folder, word.removeprefix("./")))


def container_web(tree: Tree, folder: str) -> tuple[str, str] | None:
    """``procfile_web``, but not a launcher for Cloud Foundry alone, nor a command for Heroku alone
    (Spoke's `npm run start:heroku`, which asks Heroku's variables for its address)."""
    web = procfile_web(tree, folder)
    if web is None:
        return None
    words = web[0].split()
    if re.search(r"\b(?:npm|yarn|pnpm|bun)\s+(?:run\s+)?[\w:-]*heroku[\w:-]*", web[0], re.I):
        return None  # a package script for Heroku (Spoke's `npm run start:heroku`): Heroku's own way
    text = _script(tree, folder, words[0]) if words else None
    return None if text is not None and _CLOUD_FOUNDRY.search(_GUARDED.sub("", text)) else web


def script_argv(tree: Tree, folder: str, argv: tuple[str, ...]) -> tuple[str, ...]:
    """``argv``, run by a shell when it starts a script of the project without a ``#!`` line
    (bash when it uses bash's own syntax)."""
    text = _script(tree, folder, argv[0]) if argv else None
    if text is None or text.startswith("#!"):
        return argv
    bash = "bash" in text.split("\n", 1)[0] or _BASHISMS.search(text)  # `#/bin/bash`, `# !/bin/bash`
    return ("bash" if bash else "sh", *argv)
