"""The log folders the project's example settings point the app at."""

from __future__ import annotations

import re
from collections.abc import Iterable

from .facts import Setting, WritablePath
from .tree import Tree, join
from .writable import clean_path

_LOG_SETTING = re.compile(r"^(?:[A-Z0-9]+_)*LOGS?(?:_[A-Z0-9]+)*_(?:PATH|DIR|FOLDER|FILE|FILENAME)$")


def log_settings(settings: Iterable[Setting]) -> tuple[WritablePath, ...]:
    """The folders of the log files the project's example points its settings at
    (nest-boilerplate-typeorm's LOG_ERROR_PATH=logs/error-%DATE%.log): the app's user writes there."""
    found = []
    for s in settings:
        if not _LOG_SETTING.match(s.name) or not s.value or "://" in s.value:
            continue
        value = s.value.strip()
        folderish = s.name.endswith(("_DIR", "_FOLDER")) and value.lower() not in ("true", "false", "0", "1")
        if not re.fullmatch(r"[\w./%-]+", value) or not ("/" in value or value.endswith(".log") or folderish):
            continue  # a path, not a switch (LOG_ZIP_OLD_FILE=true)
        folder = value.rpartition("/")[0] if re.search(r"\.\w+$", value.rpartition("/")[2]) else value
        path = clean_path(folder) if folder else None
        if path is not None and not path.startswith("/"):
            found.append(WritablePath(path, "logs", s.source, s.name))
    return tuple(dict.fromkeys(found))


def folders_only(tree: Tree, folder: str, paths: Iterable[WritablePath]) -> tuple[WritablePath, ...]:
    """The paths, once each, without those that are files of the repository (dejacode's
    CHANGELOG.rst, which a setting named like a log path reads): no folder is made there."""
    return tuple(
        w
        for w in dict.fromkeys(paths)
        if w.kind == "sqlite" or w.path.startswith("/") or not tree.has(join(folder, w.path))
    )
