"""The Python or Node line the project's own image builds on (``FROM python:3.12-slim``)."""

from __future__ import annotations

import re

from .dockerfile_paths import own_dockerfiles
from .dockerfiles import DOCKER_FOLDERS
from .facts import Sourced
from .tree import Tree, join, written_by_advisor

_DEV = re.compile(r"dev|test|local|ci\b", re.I)


def dockerfile_base_version(tree: Tree, folder: str, image: str) -> Sourced[str] | None:
    """The version in the project's own Dockerfile's ``FROM image:3.12-slim`` (an ARG default
    it uses included): what the project already runs on. A Dockerfile in its docker/ folder
    counts too (a line is a line wherever the file sits; its command and paths are not read)."""
    # docker/Dockerfile first, then the folder's other image files (dockge's Base.Dockerfile,
    # the base image its Dockerfile builds FROM)
    # then one per image in the folder's own folders (busy-beaver's docker/prod/Dockerfile
    # before docker/dev/'s)
    places = [
        *DOCKER_FOLDERS,
        *(
            f"{sub}/{own}"
            for sub in DOCKER_FOLDERS
            for own in sorted(
                tree.dirs.get(join(folder, sub), ()), key=lambda n: (_DEV.search(n) is not None, n)
            )
        ),
    ]
    kept = (
        join(folder, f"{sub}/{name}")
        for sub in places
        for name in sorted(
            (
                n
                for n in tree.names(join(folder, sub))
                if re.fullmatch(r"Dockerfile(?:\.\w+)?|\w+\.Dockerfile", n)
            ),
            key=lambda n: n != "Dockerfile",
        )
    )
    elsewhere = ((rel, text) for rel in kept if (text := tree.text(rel)) and not written_by_advisor(text))
    for rel, text in (*own_dockerfiles(tree, folder), *elsewhere):
        args = dict(re.findall(r"^\s*ARG\s+(\w+)=(\S+)", text, re.M | re.I))
        for m in re.finditer(
            r"^\s*FROM\s+(?:--platform=\S+\s+)?(?:docker\.io/)?(?:library/)?(\S+)", text, re.M | re.I
        ):
            ref = m.group(1)
            for arg in re.findall(r"\$\{?(\w+)\}?", ref):
                ref = re.sub(r"\$\{?" + arg + r"\b\}?", args.get(arg, ""), ref)
            name_, _, tag = ref.partition(":")
            if name_ == image and (v := re.match(r"\d+(?:\.\d+)*", tag)):
                return Sourced(v.group(0), rel, "FROM")
        # or the version it installs itself on another base (my-express's nvm on ubuntu:
        # `ENV NODE_VERSION 18.17.0`; `ENV PYTHON_VERSION=3.11`)
        name = {"node": "NODE_VERSION", "python": "PYTHON_VERSION"}.get(image)
        installed = rf"^\s*ENV\s+{name}[=\s]\s*[\"']?v?(\d+(?:\.\d+)*)"
        if name and (env := re.search(installed, text, re.M | re.I)):
            return Sourced(env.group(1), rel, f"ENV {name}")
    return None
