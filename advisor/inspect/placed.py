"""Settings files the project's own Dockerfile puts in place: a template the repository keeps
elsewhere, copied to where the app reads it (Wiki.js's ``COPY ./dev/build/config.yml
./config.yml``, whose ``$(DB_HOST)`` placeholders the app fills from its environment). Without
that file the app stops as it starts; advisor's image makes the same copy, and the variables
the file names are the app's."""

from __future__ import annotations

import posixpath
import re

from .dockerfile_paths import final_stage, inherited_workdir
from .envcollect import Collector
from .facts import Sourced
from .tree import Tree, join, written_by_advisor

# Files that hold settings (not code the build compiles, nor data), and any file's template
# (teddit's `COPY config.js.template ./config.js`: the module the app requires).
_SETTINGS_FILE = re.compile(
    r"\.(?:ya?ml|json|toml|ini|conf|cfg|env|properties)$|\.\w+\.(?:template|example|sample|dist|tpl)$"
)
_COPY = re.compile(r"^\s*(?:COPY|ADD)\s+((?:--[\w-]+=\S+\s+)*)(\S+)\s+(\S+)\s*$", re.I | re.M)
# A package's own manifests and build settings: the install step handles them.
_MANIFEST = re.compile(
    r"^(?:package(?:-lock)?\.json|composer\.json|tsconfig[\w.-]*\.json|[\w.-]*lock[\w.-]*)$"
)
_WORKDIR = re.compile(r"^\s*WORKDIR\s+(\S+)\s*$", re.I)
_ENV = re.compile(r"^\s*(?:ENV|ARG)\s+([A-Za-z_]\w*)(?:\s+|=)(\S+)\s*$", re.I)


def _expand(text: str, values: dict[str, str]) -> str:
    """``$APP_DIR/fvserver/``, ``${APP_DIR}``: the values the stage's ENV and ARG lines gave."""
    return re.sub(r"\$\{(\w+)\}|\$(\w+)", lambda m: values.get(m.group(1) or m.group(2), m.group(0)), text)


# $(DB_HOST), $(LOG_LEVEL:info) (Wiki.js), ${DB_HOST}, ${PORT:-3000}
_PLACEHOLDER = re.compile(r"\$\(([A-Z][A-Z0-9_]*)(:[^)]*)?\)|\$\{([A-Z][A-Z0-9_]*)(:?-[^}]*)?\}")
_SKIP = frozenset({"node_modules", ".git", "venv", ".venv", "vendor", "target"})


def _dockerfiles(tree: Tree, folder: str) -> list[str]:
    """The project's Dockerfiles in its folder and up to two folders below (dev/build/Dockerfile)."""
    found: list[str] = []
    for where in tree.folders(folder, depth=2, prune=_SKIP):
        for name in tree.names(where):
            # (a Dockerfile.orig is the project's own, which advisor kept aside when it wrote its own)
            if name.startswith(("Dockerfile", "Containerfile")) and not name.endswith(".dockerignore"):
                found.append(join(where, name))
    return found


def placed_files(tree: Tree, folder: str) -> tuple[tuple[str, str], ...]:
    """(template, place) of each settings file the project's own Dockerfile copies from the
    repository into a place of the app's folder that the repository lacks, both relative to
    the app's folder (its build context)."""
    found: list[tuple[str, str]] = []
    for rel in _dockerfiles(tree, folder):
        text = tree.text(rel) or ""
        if written_by_advisor(text):
            continue
        # the final stage's lines only: an earlier stage (a front end's build, fides') has a
        # working folder of its own, and what it copies stays in it; but the final stage
        # starts in the working folder of the stage it is built from (youtube-dl-server's)
        workdir, home, values = inherited_workdir(text), "", dict[str, str]()
        final = final_stage(text)
        for line in final.splitlines():
            if m := _ENV.match(line):  # Crypt-Server's `ENV APP_DIR /home/docker/crypt`
                values[m.group(1)] = _expand(m.group(2).strip("\"'"), values)
                continue
            line = _expand(line, values)
            if m := _WORKDIR.match(line):
                workdir = posixpath.join(workdir or "/", m.group(1))
                continue
            m = _COPY.match(line)
            if m is None or "--from" in m.group(1):
                continue
            src, dst = m.group(2).removeprefix("./"), m.group(3)
            if m.group(2) in (".", "/", "./"):  # `COPY / $APP_DIR`: where the image keeps the project
                home = posixpath.normpath(posixpath.join(workdir or "/", dst))
                continue
            # (or a module copied into a package: Crypt-Server's docker/settings.py, fvserver/)
            if not (_SETTINGS_FILE.search(src) or src.endswith(".py")) or any(c in src for c in "*?[$"):
                continue
            if dst.endswith("/") or dst in (".", "./"):
                dst = posixpath.join(dst, posixpath.basename(src))
            place = posixpath.normpath(posixpath.join(workdir or "/", dst))
            root = home or (posixpath.normpath(workdir) if workdir else "/")
            if not place.startswith(root.rstrip("/") + "/"):
                continue  # outside the app's folder in that image (/etc/nginx/...)
            local = place[len(root.rstrip("/")) + 1 :]
            if posixpath.basename(local).startswith(".env") or _MANIFEST.match(posixpath.basename(src)):
                continue  # the settings come from the environment; the image holds no .env
            parent = posixpath.dirname(local)
            if parent and join(folder, parent) not in tree.files:
                continue  # into a folder the app's tree does not have
            if src.endswith(".py") and not tree.has(join(folder, join(parent, "__init__.py"))):
                continue  # a module only into a package of the app (not the image's own layout)
            if (
                tree.has(join(folder, src))
                and not tree.has(join(folder, local))
                and local != src
                and ".." not in local.split("/")
                and (src, local) not in found
            ):
                found.append((src, local))
    return tuple(found)


def scan_placed(tree: Tree, folder: str, placed: tuple[tuple[str, str], ...], env: Collector) -> None:
    """The variables a placed settings file names in its placeholders (none required: the
    app fills a missing one with its default or nothing)."""
    for src, _ in placed:
        rel = join(folder, src)
        for m in _PLACEHOLDER.finditer(tree.text(rel) or ""):
            name = m.group(1) or m.group(3)
            default = (m.group(2) or m.group(4) or "").lstrip(":-") or None
            env.add(name, rel, default=default)


_PORT = re.compile(r"^port\s*[:=]\s*['\"]?(\d{2,5})['\"]?\s*$", re.M)


def placed_port(tree: Tree, folder: str, placed: tuple[tuple[str, str], ...]) -> Sourced[int] | None:
    """The port a placed settings file gives the app at its top level (Wiki.js's config.yml
    `port: 3000`, which the app listens on whatever its code's PORT default says)."""
    for src, _ in placed:
        rel = join(folder, src)
        if (m := _PORT.search(tree.text(rel) or "")) and 0 < int(m.group(1)) < 65536:
            return Sourced(int(m.group(1)), rel, "port")
    return None
