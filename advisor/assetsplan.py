"""The Node stage of a Python app's static files, or of a Node server's client (see
buildspec.AssetsPlan)."""

from __future__ import annotations

import posixpath
import re
from dataclasses import replace
from typing import TYPE_CHECKING

from .buildspec import AssetsPlan
from .stacks import VERSIONS, npm_pin, writes_its_lockfile

if TYPE_CHECKING:
    from .answers import Answers
    from .inspect import AppFacts
    from .inspect.facts import PackageManager

# A path the Dockerfile names as it is (no quoting needed, no shell meaning).
SAFE_PATH = re.compile(r"[A-Za-z0-9_.][A-Za-z0-9._/-]*")


def assets_plan(app: AppFacts | None, collected: bool, runtime: str, context: str = "") -> AssetsPlan | None:
    """The npm packages collectstatic needs (``collected``: the image runs it) and the asset
    build, or a Node server's client (on the server's Node line, ``runtime``, unless it names
    its own), installed with the tools a Node image has: npm, yarn classic or pnpm (Yarn
    Berry's Plug'n'Play and Bun make no node_modules to copy). ``context``: the build
    context's folder when it holds the app's folder and a client beside it (its paths are
    then relative to that folder)."""
    found = app.static_packages if app is not None and app.language.value in ("python", "node") else None
    served = found is not None and found.detail == "served"
    if served != (app is not None and app.language.value == "node"):
        return None
    if found is not None and not collected and not found.build:
        return None  # node_modules only collectstatic reads, and no collectstatic
    if found is not None and context and app is not None:  # from the context's folder, not the app's
        inner = posixpath.relpath(app.path, context)
        found = replace(
            found,
            folder=posixpath.normpath(posixpath.join(inner, found.folder)),
            output=posixpath.normpath(posixpath.join(inner, found.output)) if found.output else "",
        )
    if found is None or not all(
        SAFE_PATH.fullmatch(p) for p in (found.folder, found.source, found.output or ".", found.target or ".")
    ):
        return None  # paths the Dockerfile names as they are
    pm = found.manager
    if pm.name not in ("npm", "yarn", "pnpm") or pm.flavour == "berry":
        return None
    base = context or (app.path if app is not None else ".")
    prefix = "" if base == "." else base + "/"
    manifests = tuple(m[len(prefix) :] if prefix and m.startswith(prefix) else m for m in pm.manifests)
    if any(m.startswith("../") or not SAFE_PATH.fullmatch(m) for m in manifests):
        return None  # a lockfile above the build context
    node = found.node
    # With no packageManager field, Corepack's own yarn is classic; pnpm's major comes from
    # its lockfile's format.
    pin = None
    if pm.name == "pnpm" and not pm.version and pm.implied_version:
        pin = f"pnpm@{pm.implied_version}"
    node_line = (
        node.image_tag
        if node and node.image_tag and node.supported
        else runtime
        if served
        else VERSIONS["node"]
    )
    return AssetsPlan(
        folder=found.folder,
        package_manager=pm.name,
        manifests=manifests,
        lockfile=pm.lockfile[len(prefix) :] if pm.lockfile and prefix else pm.lockfile,
        node_version=node_line,
        tool_pin=pin,
        source=found.source,
        via="served" if served else found.detail if collected else "build",
        build=found.build,
        output=found.output,
        target=found.target,
        written=found.written,
        install_hook=found.install_hook if SAFE_PATH.fullmatch(found.install_hook or "x") else "",
        # npm 10 for a lockfile npm 11 (Node 24's) refuses: see inspect.node_lock.optional_gap
        npm_pin=npm_pin(pm.implied_version, node_line) if pm.name == "npm" else None,
        git=found.git,
        copied=tuple(m for m in manifests if m.endswith("pnpm-lock.yaml"))
        if writes_its_lockfile(pm.name, pm.version or pm.implied_version)
        else (),
    )


def beside_client(app: AppFacts | None, a: Answers) -> str:
    """The folder holding both a Node server and what its image needs from folders beside its
    own: the client it serves (sqlpad's server/ and client/), so the image can build it too,
    and its path dependencies (``"shared": "file:../shared"``). The build context; "" when all
    of them are inside the app's folder, or there are none."""
    if app is None or a.language not in ("node", "python") or not SAFE_PATH.fullmatch(a.app_dir):
        return ""
    if app.package_manager is not None and app.package_manager.workspace is not None:
        return ""
    found = app.static_packages
    # a Node server's client; a Python app's front end beside it that builds into its folder
    beside = found is not None and (found.detail == "served" or found.folder.startswith("../"))
    wanted = [found.folder] if found is not None and beside else []
    folders = [posixpath.normpath(posixpath.join(a.app_dir, p)) for p in (*wanted, *app.local_packages)]
    inside = a.app_dir.rstrip("/") + "/"
    outside = [f for f in folders if not f.startswith("..") and not f"{f}/".startswith(inside)]
    if not outside or inside == "./":
        return ""  # inside the app's folder, or above the project
    return posixpath.commonpath([a.app_dir, *outside]) or "."


def local_package_copies(app: AppFacts | None, a: Answers, context: str) -> tuple[tuple[str, str], ...]:
    """(folder in the build context, its place in the image) of each path dependency outside
    the app's folder: where the manifest finds it from the app's folder, /app (``../shared``:
    /shared)."""
    if app is None or not context:
        return ()
    found = []
    for path in app.local_packages:
        rel = posixpath.normpath(posixpath.join(a.app_dir, path))
        if rel.startswith("..") or not SAFE_PATH.fullmatch(rel):
            continue
        source = posixpath.relpath(rel, context)
        found.append((source, posixpath.normpath(posixpath.join("/app", path))))
    return tuple(found)


def member_client(app: AppFacts | None, pm: PackageManager) -> tuple[str, tuple[str, ...]]:
    """Another workspace member that is the server's client, built in place (its folder, from
    the workspace's): the workspace's install has its packages (pnpm's too, not filtered to the
    server's own), and its build runs before the server's. When the server serves another folder
    than the one the build writes (hive-pal's `dist/static`, under the server's outDir), the
    output from the workspace's folder and that folder from the server's, copied there after
    the server's build (which may empty its outDir first)."""
    found = app.static_packages if app is not None else None
    if pm.workspace is None or app is None:
        return "", ()
    if found is None or found.detail != "served" or not found.folder.startswith("../"):
        return "", ()
    where = posixpath.normpath(posixpath.join(app.path, found.folder))
    if not SAFE_PATH.fullmatch(where):
        return "", ()
    output = posixpath.normpath(posixpath.join(app.path, found.output))
    copy = (posixpath.relpath(output, pm.workspace), found.target) if found.output != found.target else ()
    if copy and (found.target.startswith("..") or not all(SAFE_PATH.fullmatch(p) for p in copy)):
        return "", ()
    return posixpath.relpath(where, pm.workspace), copy
