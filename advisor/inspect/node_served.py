"""A Node server's front end: the single-page app in a folder of its own whose build the
server serves (``express.static``, ``res.sendFile(.../index.html)``, ``@fastify/static``'s
``root``).

Many self-hosted Node apps keep their React, Vue or Angular client in ``client/`` or
``frontend/`` with its own package.json and lockfile; the server serves that client's build
output, which the repository does not hold. The project's own Dockerfile builds the client
and puts its output where the server looks (flame moves ``client/build`` into ``public/``);
without that step the server answers its API but no page, or stops on a folder it writes
into. Found here: the folder the server serves, and the client whose build writes it (in
place), or, when the server sends that folder's ``index.html`` (an SPA's fallback route) and
the repository lacks it, the one client in the app's folder whose output goes there.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from .django_assets import npm_project
from .facts import Command, StaticPackages
from .node_frameworks import framework_of, output_of
from .node_lock import fetched_from_git
from .node_start import run_script
from .node_tsc_assets import run_dirs
from .tree import Tree, join

# The calls that serve a folder or send a file: their first argument is the path.
_SERVE = re.compile(
    r"""\b(?P<call>express\.static|serveStatic|koaStatic|sendFile|sendfile)\s*\(\s*"""
    # @fastify/static's register options, sendFile's { root }, NestJS ServeStaticModule's rootPath
    r"""|\broot(?:Path)?\s*:\s*"""
)
# A path: join/resolve(base, 'a', "b/c"...), base + '/a', or a string literal.
_JOINED = re.compile(
    r"""(?:path\.)?(?:join|resolve)\(\s*(?P<base>__dirname|process\.cwd\(\)|[A-Za-z_$][\w$]*)"""
    r"""(?P<parts>(?:\s*,\s*['"`][^'"`$\n]*['"`])+)\s*\)"""
)
_PLUS = re.compile(r"""(?P<base>__dirname|process\.cwd\(\))\s*\+\s*['"`](?P<part>[^'"`$\n]*)['"`]""")
_LITERAL = re.compile(r"""['"`](?P<part>[^'"`$\n]+)['"`]""")
_NAME = re.compile(r"[A-Za-z_$][\w$]*")
# a call of one name on one name: a path helper that checks or normalises it
_WRAPPED = re.compile(r"[A-Za-z_$][\w$.]*\(\s*(?P<name>[A-Za-z_$][\w$]*)\s*\)")
_ROOT_ARG = re.compile(r"""['"`]index\.html['"`]\s*,\s*['"`]([^'"`$\n/][^'"`$\n]*)['"`]""")
_PART = re.compile(r"""['"`]([^'"`]*)['"`]""")
_ROOT_OPTION = re.compile(r"""['"`][^'"`$\n/]+['"`]\s*,\s*\{\s*root\s*:""")
_WRITES = re.compile(r"\b(?:writeFileSync|writeFile|createWriteStream|appendFileSync)\b|\.write\(")
_FILE_PATH = re.compile(
    r"""(?:path\.)?(?:join|resolve)\(\s*__dirname(?P<parts>(?:\s*,\s*['"`][^'"`$\n]*['"`])+)\s*\)"""
)


@dataclass(frozen=True, slots=True)
class Served:
    path: str
    """The served folder, relative to the inspected folder."""
    source: str
    index: bool
    """The server sends this folder's index.html (a single-page app's every route)."""


def _resolve(
    text: str,
    start: int,
    rel: str,
    folder: str,
    depth: int = 0,
    texts: Mapping[str, str] | None = None,
    moved: Callable[[str], str | None] | None = None,
) -> str | None:
    """The folder (relative to the inspected folder) the path expression at ``start`` names:
    from the file's own folder (``__dirname``, a name with "dirname" in it, or one set to it:
    KoInsight's ``const BASE_PATH = __dirname``) or the app's folder, the working folder
    (``process.cwd()``, a relative string). A property of a settings object (KoInsight's
    ``express.static(appConfig.webBuildPath)``) is read where a module of ``texts`` sets it
    (``webBuildPath: path.join(BASE_PATH, '../../web/dist')``)."""
    # (a module the start runs compiled runs from its place under outDir: node_tsc_assets.run_dirs)
    here = (moved(rel) if moved is not None else None) or posixpath.dirname(rel)
    m = _JOINED.match(text, start) or _PLUS.match(text, start)
    if m is not None:
        base = m.group("base")
        parts = _PART.findall(m.group("parts")) if "parts" in m.groupdict() else [m.group("part")]
        if (
            base == "__dirname"
            or "dirname" in base.lower()
            or re.search(rf"\b(?:const|let|var)\s+{re.escape(base)}\s*=\s*__dirname\b", text)
        ):
            root = here
        elif base == "process.cwd()":
            root = folder
        else:
            return None  # another variable: where it points is not known here
        return _normal(root, "/".join(parts))
    m = _LITERAL.match(text, start)
    if m is not None:
        return None if m.group("part").startswith("/") else _normal(folder, m.group("part"))
    prop = re.compile(r"[A-Za-z_$][\w$]*\.([A-Za-z_$][\w$]*)\b(?!\s*\()").match(text, start)
    if prop is not None and depth == 0 and texts:  # appConfig.webBuildPath, set in config.ts
        setter = re.compile(rf"^\s*{re.escape(prop.group(1))}\s*:\s*", re.M)
        for other, body in texts.items():
            if (found := setter.search(body)) and (
                path := _resolve(body, found.end(), other, folder, 1, None, moved)
            ):
                return path
        return None
    m = _WRAPPED.match(text, start) if depth == 1 else None
    if m is not None:  # const safeDist = normalizeSafeAbsolutePath(frontendDist): the path it wraps
        start, depth = m.start("name"), -1  # (its name is followed once more, never a third time)
    m = _NAME.match(text, start)
    if m is not None and depth in (0, -1):  # const publicDir = path.join(__dirname, "public")
        setter = re.compile(rf"\b(?:const|let|var)\s+{re.escape(m.group())}\s*=\s*")
        if assigned := setter.search(text):
            return _resolve(text, assigned.end(), rel, folder, 1 if depth == 0 else 2, texts, moved)
        # a parameter: the caller's variable of that name (MyTube's registerStaticRoutes(app,
        # frontendDist), `const frontendDist = path.join(__dirname, "../../frontend/dist")`)
        for other, body in (texts or {}).items():
            if other != rel and (assigned := setter.search(body)):
                return _resolve(body, assigned.end(), other, folder, 2, None, moved)
    return None


def _normal(root: str, path: str) -> str | None:
    joined = posixpath.normpath(posixpath.join(root or ".", path.lstrip("/") if root else path))
    return None if joined.startswith("..") or joined.startswith("/") else joined


def served_folders(
    texts: Mapping[str, str], folder: str, moved: Callable[[str], str | None] | None = None
) -> list[Served]:
    """The folders the server's code serves, with whether it sends their index.html; ``moved``
    gives the folder a compiled module runs from."""
    found: dict[str, Served] = {}
    for rel, text in texts.items():
        if "static" not in text and "sendFile" not in text and "sendfile" not in text:
            continue
        for m in _SERVE.finditer(text):
            call = m.group("call") or "root"  # (rootPath too)
            path = _resolve(text, m.end(), rel, folder, texts=texts, moved=moved)
            if call == "sendFile" and (root := _ROOT_ARG.match(text, m.end())):
                path = _normal(folder, f"{root.group(1)}/index.html")  # fastify's reply.sendFile(name, root)
            elif call in ("sendFile", "sendfile") and _ROOT_OPTION.match(text, m.end()):
                continue  # res.sendFile("index.html", { root: dist }): the root option, read next
            if path is None:
                continue
            index = False
            if call in ("sendFile", "sendfile") and path.endswith("index.html"):
                path, index = posixpath.dirname(path) or ".", True
            elif call in ("sendFile", "sendfile"):
                continue  # another file, or a { root } option read next
            elif call == "root" and "index.html" in text[max(0, m.start() - 120) : m.start()]:
                index = True  # res.sendFile('index.html', { root: dist })
            old = found.get(path)
            found[path] = Served(path, old.source if old else rel, index or bool(old and old.index))
    return list(found.values())


def _written(texts: Mapping[str, str], served: str) -> bool:
    """Whether the code writes a file into the served folder (flame's custom CSS)."""
    for rel, text in texts.items():
        if not _WRITES.search(text):
            continue
        for m in _FILE_PATH.finditer(text):
            path = _normal(posixpath.dirname(rel), "/".join(_PART.findall(m.group("parts"))))
            if path is not None and "." in path.rpartition("/")[2] and posixpath.dirname(path) == served:
                return True
    return False


# The names a client's build output is served under; an absent uploads/ or data/ is the app's own.
_BUILD_NAMES = frozenset({"public", "dist", "build", "static", "www", "web", "client", "frontend", "ui"})


def _made_folder(tree: Tree, path: str) -> bool:
    """A served folder named as a build output that the repository does not hold at all: the
    project's own image puts a client's build there."""
    return path.rpartition("/")[2] in _BUILD_NAMES and not tree.has_dir(path)


# Folders beside the server's that hold no client of its.
_NEVER_CLIENT = frozenset({"node_modules", ".git", "docs", "test", "tests", "e2e", "scripts", "examples"})


def _clients(tree: Tree, folder: str, members: tuple[str, ...]) -> list[tuple[str, str, str]]:
    """The single-page apps in the app's folder, one or two levels down, and the workspace's
    members (``members``): (their folder, their build's output folder, the file that says so),
    relative to the inspected folder."""
    found = []
    for sub in dict.fromkeys((*tree.folders(folder, depth=2), *members)):
        if sub == folder:
            continue
        pkg_rel = join(sub, "package.json")
        data = tree.json(pkg_rel)
        scripts = data.get("scripts") if data else None
        if not data or not isinstance(scripts, dict) or not isinstance(scripts.get("build"), str):
            continue
        deps = {
            n: key
            for key in ("dependencies", "devDependencies")
            if isinstance(data.get(key), dict)
            for n in data[key]
        }
        framework, kind, output = framework_of(tree, sub, deps, pkg_rel)
        out = output_of(tree, sub, framework, kind, output, pkg_rel)
        if kind == "spa" and out is not None:
            where = _normal(sub, out.value)
            if where is not None:
                found.append((sub, where, out.source))
    return found


def served_client(
    tree: Tree,
    folder: str,
    texts: Mapping[str, str],
    members: tuple[str, ...] = (),
    start: Command | None = None,
) -> StaticPackages | None:
    """The client whose build the server in ``folder`` serves (see the module's text); in a
    workspace, another member (``members``) whose build writes the folder the server serves
    (bytestash's server/ serves ``join(__dirname, "../../client/build")``); outside one, a
    folder beside the server's (sqlpad's client/ beside server/, built into server/public)."""
    served = served_folders(texts, folder, run_dirs(tree, folder, start))
    if not served:
        return None
    siblings: tuple[str, ...] = ()
    if folder and not members:
        parent = folder.rpartition("/")[0]
        siblings = tuple(
            f for f in tree.folders(parent, depth=1, prune=_NEVER_CLIENT) if f not in (parent, folder)
        )
    clients = _clients(tree, folder, members or siblings)
    inside = [c for c in clients if not folder or c[0].startswith(folder + "/")]
    # beside the server: a folder next to its own, or another member of its workspace
    beside = [c for c in clients if c[0] in (siblings or members)]
    code = "".join(texts.values()) if len(inside if inside else beside) == 1 else ""
    for s in served:
        client = next((c for c in clients if c[1] == s.path), None)  # the build writes it
        lone = inside if inside else beside
        index = s.index or f"{s.path.rpartition('/')[2]}/index.html" in code  # sqlpad reads it
        if client is None and index and len(lone) == 1 and not tree.has(join(s.path, "index.html")):
            client = lone[0]  # the server's fallback page is the one client's build
        elif client is None and len(lone) == 1 and _made_folder(tree, s.path):
            client = lone[0]  # a build folder the repository lacks (anything-llm's server/public)
        if client is None:
            continue
        sub, output, _ = client
        data = tree.json(join(sub, "package.json")) or {}
        pm, node = npm_project(tree, sub, data)

        def local(path: str) -> str:
            return posixpath.relpath(path, folder or ".")

        return StaticPackages(
            local(sub),
            pm,
            s.source,
            "served",
            node,
            "build",
            output=local(output),
            target=local(s.path),
            written=_written(texts, s.path),
            git=fetched_from_git(tree, sub, data, pm.lockfile),
        )
    return None


_FRONT_SCRIPTS = ("build:frontend", "build:client", "build:web", "build:ui", "build-frontend", "build-client")
_FRONT_TOOLS = frozenset({"vite", "webpack", "react-scripts", "ng", "vue-cli-service", "parcel", "rsbuild"})


def frontend_build(scripts: Mapping[str, object], manager: str, pkg_rel: str) -> Command | None:
    """With no ``build`` script, the one that builds the package's own front end with a
    bundler (dockge's `"build:frontend": "vite build --config ./frontend/vite.config.ts"`, whose
    output its server serves), run by the package manager (``manager``)."""
    for name in _FRONT_SCRIPTS:
        text = scripts.get(name)
        if isinstance(text, str) and text.split()[:1] and text.split()[0] in _FRONT_TOOLS:
            return Command(run_script(manager, name), pkg_rel, f"scripts.{name}")
    return None


# A production build under another name, for a package with no `build` (Spoke's `prod-build`).
_PRODUCTION_BUILDS = ("build:prod", "build:production", "build-prod", "build-production", "prod-build")


def image_build_script(scripts: dict[str, Any]) -> str:
    """The project's build for an image (`build-docker`, not one that runs docker, as dockge's
    `node ./extra/env2arg.js docker buildx build ...` does), else `build`, else a production
    build by another name (Spoke's `prod-build`)."""
    own = [n for n in ("build:docker", "build-docker") if isinstance(scripts.get(n), str)]
    if "build" not in scripts:
        own += [n for n in _PRODUCTION_BUILDS if isinstance(scripts.get(n), str)]
    return next((n for n in own if not re.search(r"(?:^|[\s;&|])docker(?:-compose)?\s", scripts[n])), "build")
