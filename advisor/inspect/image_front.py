"""The front end the project's own image builds with Node and copies into the app's folder
(youtube-dl-server: a ``node`` stage copies ``./front`` into its WORKDIR and runs ``npm run
build``; the final stage has ``COPY --from=nodebuild /app/dist /usr/src/app/ydl_server/static``,
the folder its Starlette app serves, which the repository does not hold)."""

from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass

from .dockerfile_paths import STAGE_HEAD, final_chain, own_dockerfiles, stages, workdirs
from .tree import Tree, join

_COPY = re.compile(r"^\s*(COPY|ADD)\s+((?:--\S+\s+)*)(.+?)\s*$", re.M | re.I)
_BUILD = re.compile(r"^\s*RUN\s+[^\n]*\b(?:npm|yarn|pnpm)\s+(?:run\s+)?build\b", re.M | re.I)


@dataclass(frozen=True)
class ImageFront:
    folder: str
    """The front end's folder (with its package.json), relative to the app's folder."""
    output: str
    """The folder its build writes, relative to the app's folder (front/dist)."""
    target: str
    """Where the image puts it, relative to the app's folder (ydl_server/static)."""
    source: str
    """The Dockerfile that says so."""


def _at(workdirs: list[tuple[int, str]], offset: int) -> str:
    return next((w for at, w in reversed(workdirs) if at < offset), "/")


def image_front(tree: Tree, folder: str) -> ImageFront | None:
    """The first front end the app's own Dockerfile builds in a Node stage and copies into a
    folder of the app that the repository lacks; None when it builds none."""
    for rel, text in own_dockerfiles(tree, folder):
        parts = stages(text)[1:]
        heads = [STAGE_HEAD.match(p) for p in parts]
        names = {(h.group(2) or "").lower(): i for i, h in enumerate(heads) if h and h.group(2)}
        final = final_chain(text)  # (its WORKDIR may come from the stage it is built from)
        final_dirs = workdirs(final)
        for m in _COPY.finditer(final):
            stage_from = re.search(r"--from=(\S+)", m.group(2))
            words = m.group(3).split()
            if stage_from is None or len(words) != 2:
                continue
            at = names.get(stage_from.group(1).lower())
            head = heads[at] if at is not None else None
            if at is None or head is None or not re.match(r"(?:\S+/)?node:", head.group(1), re.I):
                continue
            node_stage = parts[at]
            if not _BUILD.search(node_stage):
                continue
            found = _built(tree, folder, node_stage, words[0])
            if found is None:
                continue
            front, output = found
            base = _at(final_dirs, m.start())
            dest = posixpath.normpath(posixpath.join(base, words[1]))
            if not dest.startswith(base.rstrip("/") + "/"):
                continue  # outside the app's working folder: nothing advisor's /app has
            target = dest[len(base.rstrip("/")) + 1 :]
            parent = posixpath.dirname(target)
            if tree.has_dir(join(folder, target)) or (parent and not tree.has_dir(join(folder, parent))):
                continue  # already in the repository, or into a folder the app does not have
            return ImageFront(front, output, target, rel)
    return None


def _built(tree: Tree, folder: str, stage: str, copied: str) -> tuple[str, str] | None:
    """(front folder, its output) for the Node stage's path ``copied``: the stage's WORKDIR is
    where a folder of the project with a package.json went (``COPY ./front /app``, or ``COPY
    front/ .``), and ``copied`` a folder below it (``/app/dist``)."""
    dirs = workdirs(stage)
    for m in _COPY.finditer(stage):
        if "--from" in m.group(2):
            continue
        words = m.group(3).split()
        if len(words) != 2:
            continue
        src = posixpath.normpath(words[0])
        if src in (".", "") or src.startswith("..") or not tree.has(join(join(folder, src), "package.json")):
            continue
        into = posixpath.normpath(posixpath.join(_at(dirs, m.start()), words[1]))
        out = posixpath.normpath(posixpath.join(_at(dirs, len(stage)), copied))
        if out.startswith(into.rstrip("/") + "/"):
            return src, join(src, out[len(into.rstrip("/")) + 1 :])
    return None
