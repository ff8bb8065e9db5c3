"""The plain values the project's own image gives its variables with ``ENV`` (youtube-dl-server's
``ENV YOUTUBE_DL=$YOUTUBE_DL``, which its code reads with ``os.environ.get("YOUTUBE_DL").replace(…)``
and fails on without): the value the app always ran with. They come last among the project's
settings (its compose file's and env examples' win), only for names the app reads and advisor
does not set itself (see ownsettings.own_settings), and only of the kind advisor has no
opinion on (envroles' "other": not a database, a mode or a settings module)."""

from __future__ import annotations

import re
import shlex
from collections.abc import Container, Iterator

from .dockerfile_paths import VAR_REF, app_image_stage
from .envroles import classify
from .facts import Setting
from .tree import Tree

# The base images' and the build tools' own variables: never the app's settings.
_TOOLS = re.compile(
    r"PATH|HOME|LANG|LC_\w+|TZ|TERM|SHELL|USER|HOSTNAME|DEBIAN_FRONTEND|VIRTUAL_ENV"
    r"|(?:PYTHON|PIP|POETRY|UV|PIPENV|PDM|NODE|NPM|YARN|PNPM|COREPACK|JAVA|MAVEN|GRADLE|GO|CGO)\w*"
)
_LINE = re.compile(r"^\s*(ARG|ENV)\s+(.+?)\s*$", re.M | re.I)
# A value a .env line holds as it is: no path (image_path_settings places those), no spaces.
_WORD = re.compile(r"[\w.,:@+-]*")


def _pairs(words: str, instruction: str) -> list[tuple[str, str | None]]:
    """(name, value) of an ``ARG`` or ``ENV`` line's words (``ENV A=b C="d"``, the old ``ENV A b``;
    an ``ARG A`` with no default is (A, None))."""
    try:
        parts = shlex.split(words, posix=True)
    except ValueError:
        return []
    if instruction == "ENV" and parts and "=" not in parts[0]:
        return [(parts[0], " ".join(parts[1:]))]
    return [(n, v if eq else None) for n, eq, v in (p.partition("=") for p in parts)]


def image_env_settings(tree: Tree, folder: str, given: Container[tuple[str, str]] = ()) -> Iterator[Setting]:
    """The plain values the final stage of the project's image (with the stages it is built
    from) sets with ``ENV``, ``$X`` read as Docker reads it: an ``ARG`` of the stage with its
    default, an earlier ``ENV``; a global ``ARG`` the stage does not declare again is empty
    there (youtube-dl-server's ``YOUTUBE_DL``, empty in its image, so its code tries each
    downloader it knows). Not the (name, file) pairs already ``given``."""
    found = app_image_stage(tree, folder)
    if found is None:
        return
    rel, chain = found
    known: dict[str, str] = {}
    for m in _LINE.finditer(chain):
        instruction = m.group(1).upper()
        for name, raw in _pairs(m.group(2), instruction):
            if not re.fullmatch(r"[A-Za-z_]\w*", name):
                continue
            value = VAR_REF.sub(lambda r: known.get(r.group(1) or r.group(2), ""), raw or "")
            if instruction == "ARG":
                known[name] = value
                continue
            known[name] = value
            if (name, rel) in given or _TOOLS.fullmatch(name) or classify(name) != "other":
                continue
            if _WORD.fullmatch(value):
                yield Setting(name, value, rel, empty=not value)
