"""npm, yarn and pnpm workspaces: the workspace a package belongs to (package.json's
``workspaces``, pnpm-workspace.yaml's ``packages``), its members, and the workspace packages a
member depends on: they are built before it, and their dependencies are its own."""

from __future__ import annotations

import posixpath
import re
import shlex
from dataclasses import dataclass, field
from fnmatch import fnmatchcase
from typing import Any

from ..stacks import NEEDS_COMPILER
from .common import get_path, in_folder_or_above, source_files
from .dotenv import dotenv_lines
from .envvars import Collector, scan_js
from .facts import Command, Dependency, PackageManager
from .node_lock import locked_among
from .node_scripts import migrate_script, npm_runs
from .schema import live_code
from .tree import Tree, join

# Folders no workspace pattern reaches into.
_NEVER = frozenset({"node_modules", ".git", "dist", "build"})


@dataclass(frozen=True)
class Workspace:
    """A workspace whose root package.json (and lockfile) is in ``root`` ("" for the top);
    ``members`` maps each member's folder to its package name."""

    root: str
    members: dict[str, str] = field(default_factory=dict)

    @property
    def manifests(self) -> tuple[str, ...]:
        """Every member's package.json: a frozen install checks them all against the lockfile."""
        return tuple(join(folder, "package.json") for folder in sorted(self.members))


def patterns(tree: Tree, root: str) -> list[str]:
    """The member patterns ``root`` declares (``packages/*``, ``!packages/legacy``)."""
    data = tree.json(join(root, "package.json")) or {}
    declared: Any = data.get("workspaces")
    if isinstance(declared, dict):  # yarn classic's {"packages": [...], "nohoist": [...]}
        declared = declared.get("packages")
    found = [p for p in declared if isinstance(p, str)] if isinstance(declared, list) else []
    for doc in tree.yaml_docs(join(root, "pnpm-workspace.yaml")):
        packages = doc.get("packages") if isinstance(doc, dict) else None
        if isinstance(packages, list):
            found += [p for p in packages if isinstance(p, str)]
    return found


def _matches(pattern: str, rel: str) -> bool:
    """Whether the folder ``rel`` matches a workspace glob, segment by segment (``*`` stays
    within one folder name, ``**`` spans any number of them)."""
    pat = [p for p in pattern.strip().removeprefix("./").rstrip("/").split("/") if p]
    parts = [p for p in rel.split("/") if p]

    def match(i: int, j: int) -> bool:
        if i == len(pat):
            return j == len(parts)
        if pat[i] == "**":
            return any(match(i + 1, k) for k in range(j, len(parts) + 1))
        return j < len(parts) and fnmatchcase(parts[j], pat[i]) and match(i + 1, j + 1)

    return bool(pat) and match(0, 0)


def _members(tree: Tree, root: str, globs: list[str]) -> dict[str, str]:
    include = [g for g in globs if not g.startswith("!")]
    exclude = [g[1:] for g in globs if g.startswith("!")]
    members: dict[str, str] = {}
    for folder, name in tree.walk(root, prune=_NEVER):
        if name != "package.json" or folder == root:
            continue
        rel = folder[len(root) + 1 :] if root else folder
        if any(_matches(g, rel) for g in include) and not any(_matches(g, rel) for g in exclude):
            data = tree.json(join(folder, "package.json")) or {}
            members[folder] = data["name"] if isinstance(data.get("name"), str) else rel
    return members


def members_of(tree: Tree, folder: str) -> Workspace | None:
    """The workspace ``folder`` itself is the root of, with its members (reiverr's backend/,
    whose plugins are ``packages/*``)."""
    globs = patterns(tree, folder)
    return Workspace(folder, _members(tree, folder, globs)) if globs else None


def workspace_of(tree: Tree, folder: str) -> Workspace | None:
    """The workspace above ``folder`` that lists it as a member, if any (the nearest one)."""
    if not folder:
        return None
    current = folder.rpartition("/")[0] if "/" in folder else ""
    while True:
        if tree.has(join(current, "package.json")) or tree.has(join(current, "pnpm-workspace.yaml")):
            globs = patterns(tree, current)
            if globs:
                members = _members(tree, current, globs)
                return Workspace(current, members) if folder in members else None
        if not current:
            return None
        current = current.rpartition("/")[0]


def _dependency_names(data: dict[str, Any], dev: bool) -> list[str]:
    sections = ("dependencies", "devDependencies") if dev else ("dependencies",)
    names: list[str] = []
    for section in sections:
        deps = data.get(section)
        if isinstance(deps, dict):
            names += [n for n in deps if isinstance(n, str)]
    return names


def local_packages(
    tree: Tree, workspace: Workspace, folder: str, *, dev: bool = True, with_root: bool = False
) -> list[str]:
    """The folders of the workspace packages ``folder`` depends on, directly or through one
    another, each after the ones it depends on itself (the order their builds run in); with
    ``with_root`` also those the workspace's root package.json declares (hoisted for every
    member: docmost's `@docmost/editor-ext`, which its server imports)."""
    by_name = {name: f for f, name in workspace.members.items()}
    order: list[str] = []
    seen: set[str] = {folder}

    def visit(current: str) -> None:
        data = tree.json(join(current, "package.json")) or {}
        for name in _dependency_names(data, dev):
            dep = by_name.get(name)
            if dep is not None and dep not in seen:
                seen.add(dep)
                visit(dep)
                order.append(dep)

    visit(folder)
    if with_root:
        visit(workspace.root)
    return order


def compiled_with_tsc(tree: Tree, folder: str) -> bool:
    """A workspace package with no build script whose TypeScript its tsconfig.json compiles
    into an output folder the repository lacks (rocketadmin's shared-code, which its server
    imports from `@rocketadmin/shared-code/dist/src/…` and its own Dockerfile compiles with
    `tsc`): the package is compiled before the app that imports it."""
    data = tree.json(join(folder, "package.json")) or {}
    if isinstance(get_path(data, "scripts", "build"), str):
        return False
    out = get_path(tree.json(join(folder, "tsconfig.json")) or {}, "compilerOptions", "outDir")
    output = join(folder, out.strip("./")) if isinstance(out, str) and out.strip("./") else ""
    if not output or output in tree.files or output in tree.output_dirs:
        return False
    return "typescript" in _dependency_names(data, True) and bool(
        source_files(tree, folder, (".ts",), limit=1)
    )


# The package manager's own way to run a member's script: pnpm's --filter, npm's -w, yarn's
# `workspace <name>` (`"start": "pnpm --filter ./apps/server run start:prod"`).
_NAMED_MEMBER = re.compile(
    r"(?:--filter[=\s]+|-F\s+|--workspace[=\s]+|-w\s+|\byarn\s+workspace\s+|\bcd\s+)['\"]?([@\w./-]+)"
)
_SHELL_SCRIPT = re.compile(r"^\s*(?:ba)?sh\s+(?:\./)?([\w./-]+\.(?:sh|bash))\s*$")
# The root's scripts that start the app (not its tests, linters or builds).
_STARTS = ("start", "start:prod", "prod", "serve")


def named_by_root(tree: Tree, workspace: Workspace, folder: str) -> bool:
    """Whether the workspace root's start script runs this member's (etherpad's `"prod": "pnpm
    --filter ep_etherpad-lite run prod"`): the member is the app the project runs."""
    scripts = (tree.json(join(workspace.root, "package.json")) or {}).get("scripts")
    if not isinstance(scripts, dict):
        return False
    rel = folder[len(workspace.root) + 1 :] if workspace.root else folder
    names = {workspace.members.get(folder), rel, f"./{rel}"}
    texts = [scripts[s] for s in _STARTS if isinstance(scripts.get(s), str)]
    if root_started_file(tree, workspace, folder):
        return True
    # (the first it names: documenso's `turbo run start --filter=@documenso/remix --filter=…docs
    # --filter=…openpage-api` runs the web app first, its docs and an API beside it)
    firsts = [m.group(1).rstrip("/") for t in texts if (m := _NAMED_MEMBER.search(t))]
    return any(f in names for f in firsts)


def root_started_file(tree: Tree, workspace: Workspace, folder: str) -> str:
    """The file of this member that the shell script the workspace root's start script runs
    starts with node (self-hosted-calendar's `"start": "bash ./scripts/start.bash"`, which runs
    `node ./packages/server/dist/main.js`), relative to the member's folder; "" for none."""
    scripts = (tree.json(join(workspace.root, "package.json")) or {}).get("scripts")
    if not isinstance(scripts, dict):
        return ""
    rel = folder[len(workspace.root) + 1 :] if workspace.root else folder
    for name in _STARTS:
        m = _SHELL_SCRIPT.match(str(scripts.get(name) or ""))
        text = tree.text(join(workspace.root, m.group(1))) if m else None
        if found := re.search(
            rf"^\s*(?:exec\s+)?node\s+(?:\./)?{re.escape(rel)}/([\w./-]+\.[cm]?js)\s*$", text or "", re.M
        ):
            return found.group(1)
    return ""


def root_start(tree: Tree, workspace: Workspace | None, folder: str, start: Command | None) -> Command | None:
    """``start``, or ``node FILE`` when the workspace root's start script runs FILE of this member
    through a shell script (root_started_file)."""
    if workspace is None or not (file := root_started_file(tree, workspace, folder)):
        return start
    return Command(("node", file), join(workspace.root, "package.json"), "scripts.start")


# A copy into another folder, in a script: `cp teammapper-frontend/dist -TRv teammapper-backend/client`.
_COPY_INTO = re.compile(
    r"\b(?:cp|rsync|copyfiles|cpy|shx\s+cp)\s+[^&|;]*?\s['\"]?\.?/?([\w.-]+)/[\w./-]*['\"]?\s*(?:$|&&|;)"
)
_RUNS = re.compile(r"\b(?:pnpm|npm|yarn)\s+(?:run\s+)?([\w:.-]+)")


def root_build(tree: Tree, workspace: Workspace, folder: str) -> str:
    """The workspace root's build script when it copies another member's output into this
    member's folder (teammapper's `build:prod`: the Angular front end's build, `cp
    teammapper-frontend/dist -TRv teammapper-backend/client`, then the back end's): the app's
    image runs it whole, from the root. "" otherwise."""
    scripts = (tree.json(join(workspace.root, "package.json")) or {}).get("scripts")
    if not isinstance(scripts, dict):
        return ""
    rel = folder[len(workspace.root) + 1 :] if workspace.root else folder
    for name in ("build:prod", "build:production", "build"):
        text, seen = scripts.get(name), {name}
        if not isinstance(text, str):
            continue
        for _ in range(2):  # with the root's scripts it runs by name, two levels down
            more = [s for s in _RUNS.findall(text) if s in scripts and s not in seen]
            seen.update(more)
            text += " && " + " && ".join(str(scripts[s]) for s in more) if more else ""
        if any(m == rel.split("/")[0] for m in _COPY_INTO.findall(text)):
            return name
    return ""


def runtime_packages(tree: Tree, workspace: Workspace | None, folder: str) -> list[str]:
    """The workspace packages a member's code loads at run time (its ``dependencies``)."""
    return local_packages(tree, workspace, folder, dev=False) if workspace is not None else []


def dependencies(tree: Tree, folders: list[str]) -> tuple[Dependency, ...]:
    """The dependencies those packages declare (a database driver the app reaches through them)."""
    found: list[Dependency] = []
    for folder in folders:
        rel = join(folder, "package.json")
        found += [Dependency(name, rel) for name in _dependency_names(tree.json(rel) or {}, dev=False)]
    return tuple(found)


def scan_settings(tree: Tree, folders: list[str], env: Collector) -> None:
    """The environment variables those packages' code reads (a shared config package)."""
    for folder in folders:
        for rel in source_files(tree, folder, (".js", ".mjs", ".cjs", ".ts", ".mts", ".cts")):
            if not rel.endswith(".d.ts"):
                scan_js(live_code("node", tree.text(rel) or ""), rel, env)


# node-config's map of settings to the environment variables that override them.
_CONFIG_ENV_FILES = tuple(
    f"config/custom-environment-variables.{ext}" for ext in ("json", "yaml", "yml", "json5")
)


def config_env(tree: Tree, folder: str, env: Collector) -> None:
    """The variables node-config's ``custom-environment-variables`` file maps onto the app's
    settings (``"host": "DATABASE_HOST"``), in the app's config folder or its workspace's."""
    rel = in_folder_or_above(tree, folder, _CONFIG_ENV_FILES)
    if rel is None:
        return
    docs: list[Any] = [tree.json(rel)] if rel.endswith(".json") else tree.yaml_docs(rel)
    stack = [d for d in docs if isinstance(d, dict)]
    while stack:
        for value in stack.pop().values():
            if isinstance(value, dict):
                name = value.get("__name")  # {"__name": "PORT", "__format": "number"}
                if isinstance(name, str):
                    env.add(name, rel)
                else:
                    stack.append(value)
            elif isinstance(value, str):
                env.add(value, rel)


def release(tree: Tree, folders: list[str], pm: PackageManager) -> Command | None:
    """A migrate script of a workspace package the app imports (``packages/core``'s
    ``db:migrate``), run in that package's folder of the image."""
    runner = "npm" if npm_runs(pm) else pm.name
    root = "" if pm.workspace in (None, ".") else f"{pm.workspace}/"
    for folder in folders:
        rel = join(folder, "package.json")
        data = tree.json(rel) or {}
        scripts = data.get("scripts")
        deps = {n: "dependencies" for n in _dependency_names(data, dev=True)}
        found = migrate_script(scripts, deps, runner, rel, tree) if isinstance(scripts, dict) else None
        if found is not None and folder.startswith(root):
            where = folder.removeprefix(root)
            return Command(
                ("sh", "-c", f"cd /app/{where} && exec {shlex.join(found.argv)}"), rel, found.detail
            )
    return None


def installed(tree: Tree, workspace: Workspace | None, lockfile: str | None = None) -> tuple[str, ...]:
    """What the workspace's install brings besides the app's own dependencies: those of every
    member and of the root (a native module among them needs the compiler all the same); and
    the native modules the lockfile installs deeper in the tree (node_lock.locked_among)."""
    deep = locked_among(tree, lockfile, NEEDS_COMPILER["node"])
    if workspace is None:
        return deep
    folders = [workspace.root, *workspace.members]
    names = (
        n for f in folders for n in _dependency_names(tree.json(join(f, "package.json")) or {}, dev=True)
    )
    return tuple(sorted({*names, *deep}))


# `cd server && npm install`, `npm ci --prefix server`, `yarn --cwd server install` in a lifecycle script
_SUB_INSTALL = re.compile(
    r"cd\s+([\w./-]+)\s*&&\s*(?:npm|yarn|pnpm)\s+(?:install|ci|i)\b"
    r"|(?:npm\s+(?:install|ci|i)\s+--prefix|yarn\s+--cwd|pnpm\s+(?:install|i)\s+--dir)\s+([\w./-]+)"
)


def sub_installed(tree: Tree, folder: str, scripts: dict[str, object]) -> tuple[str, ...]:
    """The dependencies of the folders the package's own install script installs as well
    (mediatracker's postinstall: `cd server && npm install && cd ../client && npm install`):
    a native module among them (server's better-sqlite3) needs the compiler all the same."""
    text = " && ".join(str(scripts.get(n, "")) for n in ("preinstall", "install", "postinstall"))
    found: set[str] = set()
    here = ""
    for step in text.split("&&"):
        step = step.strip()
        if m := re.fullmatch(r"cd\s+([\w./-]+)", step):
            here = posixpath.normpath(posixpath.join(here, m.group(1)))
            continue
        sub = ""
        if m := _SUB_INSTALL.search(step):
            sub = m.group(1) or m.group(2)
        elif re.match(r"(?:npm|yarn|pnpm)\s+(?:install|ci|i)\b", step):
            sub = here
        if sub and not sub.startswith(("/", "..")):
            found |= set(
                _dependency_names(tree.json(join(join(folder, sub), "package.json")) or {}, dev=True)
            )
    return tuple(sorted(found))


_DOTENV_SAFE = re.compile(r"""(?:require\(\s*|from\s+|import\s+)['"]dotenv-safe(?:/config)?['"]""")


def dotenv_safe(tree: Tree, folder: str, texts: dict[str, str], env: Collector) -> None:
    """dotenv-safe stops the app unless every variable its example (.env.example, beside the
    .env it loads) names is set and not empty (lireddit): each is one the app requires."""
    if not any("dotenv-safe" in t and _DOTENV_SAFE.search(t) for t in texts.values()):
        return
    rel = join(folder, ".env.example")
    for name, _ in dotenv_lines(tree.text(rel) or ""):
        env.add(name, rel, required=True)


# a script's step into a folder: `cd ./server && npm run start`, `npm --prefix frontend run build`
_INTO = re.compile(r"(?:\bcd\s+|--prefix[\s=]+)(?:\./)?([\w.-]+(?:/[\w.-]+)*)/?")


def runs_packages(tree: Tree, folder: str, data: dict[str, Any]) -> bool:
    """A package.json that is no app but runs the packages in its folders, like a workspace
    with none declared (neonlink's: only `concurrently`, and scripts that `cd ./server` and
    `cd ./frontend`, each a package with its own dependencies): no runtime dependencies of its
    own, and a script that steps into a folder whose package.json has some."""
    if data.get("dependencies") or data.get("workspaces"):
        return False
    scripts: dict[str, Any] = data["scripts"] if isinstance(data.get("scripts"), dict) else {}
    into = {m.group(1) for s in scripts.values() if isinstance(s, str) for m in _INTO.finditer(s)}
    return any(
        isinstance(inner := tree.json(join(folder, f"{sub}/package.json")), dict)
        and bool(inner.get("dependencies"))
        for sub in sorted(into)
        if ".." not in sub.split("/")
    )
