"""Static sites: an ``index.html`` with no other ecosystem's manifest, served as it is."""

from __future__ import annotations

from .common import Detection
from .facts import AppFacts, Sourced
from .tree import Tree, join

# A sub-folder counts as a static site only under one of these names (elsewhere an
# index.html is usually documentation or a template).
STATIC_FOLDERS = ("frontend", "web", "site", "www", "client", "ui", "html")


def detect(tree: Tree, folder: str) -> Detection | None:
    if folder and folder.rsplit("/", 1)[-1] not in STATIC_FOLDERS:
        return None
    for candidate in ("index.html", "public/index.html", "site/index.html", "www/index.html"):
        rel = join(folder, candidate)
        if tree.has(rel):
            return Detection("static", (rel,), 1)
    return None


def plan(tree: Tree, folder: str, detection: Detection) -> AppFacts:
    index = detection.markers[0]
    local = index[len(folder) + 1 :] if folder else index
    root = local.rpartition("/")[0] or "."
    return AppFacts(
        path=folder or ".",
        language=Sourced("static", index),
        kind="static",
        framework=None,
        output_dir=Sourced(root, index, "index.html"),
        markers=detection.markers,
    )
