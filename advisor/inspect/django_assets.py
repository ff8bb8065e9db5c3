"""A Python app's static files that come from npm packages.

Some Django projects keep their front-end libraries (CSS frameworks, charts, icon fonts) in a
``package.json`` and let collectstatic gather them from ``node_modules``: django-npm's
``npm.finders.NpmFinder`` (which looks in ``NPM_ROOT_PATH``, relative to the folder
manage.py runs in) or a ``STATICFILES_DIRS`` entry naming ``node_modules``. Without those
packages installed, collectstatic stops with "No such file or directory: .../node_modules".
Other apps (Django, Flask, FastAPI) build their CSS and JavaScript with the ``build`` script
of the ``package.json`` beside their code (Parcel, webpack, Vite, Sass, Tailwind...): the
files it writes are not in the repository, and pages come without them unless it runs.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Mapping
from dataclasses import replace
from typing import Any

from . import node_workspace
from .facts import PackageManager, RuntimeVersion, StaticPackages, WritablePath
from .image_front import image_front
from .node_install import package_manager
from .node_lock import fetched_from_git
from .node_runtime import node_runtime
from .tree import Tree, join

_NPM_ROOT = re.compile(r"""^NPM_ROOT_PATH\s*=\s*(?:r?['"]([^'"\n]*)['"])?""", re.M)
# STATICFILES_DIRS = [BASE_DIR / "node_modules", os.path.join(BASE_DIR, "node_modules")]
_DIRS_NODE = re.compile(r"^STATICFILES_DIRS\s*[+]?=\s*[\[(][^\]]*?node_modules", re.M | re.S)


# The tools an asset build runs: a `build` script with one of them among the packages makes
# the app's CSS and JavaScript (not a library's compile, a docs site or a test run).
ASSET_TOOLS = frozenset(
    {
        "parcel", "webpack", "webpack-cli", "vite", "esbuild", "rollup", "sass", "node-sass",
        "tailwindcss", "@tailwindcss/cli", "postcss-cli", "gulp", "grunt", "laravel-mix",
        "lightningcss-cli", "less", "@rspack/cli", "tsup", "react-scripts", "@vue/cli-service",
        "@angular/cli", "@sveltejs/kit",
    }
)  # fmt: skip


def static_packages(
    tree: Tree, folder: str, dj: str, texts: Mapping[str, str], django: bool = True
) -> StaticPackages | None:
    """The npm packages the app in ``folder`` (a Django project in ``dj``) takes static files
    from: those its settings read from node_modules when a package.json with dependencies is
    there to install them, or the package.json beside its code whose ``build`` script builds
    its assets."""
    found = _node_modules_read(tree, folder, dj, texts) if django else None
    if found is not None:
        where = folder if found.folder == "." else join(folder, found.folder)
        return replace(found, build=_asset_build(tree, where))
    # the app's own package.json, or a front end's in a folder below whose build output the
    # code serves (Spoolman's SinglePageApplication(directory="client_v2/build"))
    fronts = [sub for sub in tree.subdirs(folder) if tree.has(join(join(folder, sub), "package.json"))]
    served = "\n".join(texts.values()) if fronts else ""
    subs = [
        join(folder, sub)
        for sub in fronts
        # "client_v2/build", or by parts: ROOT_DIR / "frontend" / "build", join(..., "frontend", "dist")
        if re.search(rf"""['"/]{re.escape(sub)}(?:/|['"]\s*[/,]\s*['"])(?:build|dist|out)\b""", served)
        or _builds_above(tree, join(folder, sub))
    ]
    for where in dict.fromkeys((folder, dj, *subs)):
        script = _asset_build(tree, where)
        pkg = _packages(tree, folder, where, join(where, "package.json"), "build", script) if script else None
        if pkg is not None:
            return pkg
    # a front end the project's own image builds and copies into the app (image_front)
    if (front := image_front(tree, folder)) is not None:
        where = join(folder, front.folder)
        script = _asset_build(tree, where)
        pkg = _packages(tree, folder, where, join(where, "package.json"), "build", script) if script else None
        if pkg is not None:
            return replace(pkg, output=front.output, target=front.target)
    # a front end beside the app's folder whose build writes into it (full-stack-fastapi-
    # template's frontend/, `outDir: "../backend/app/frontend"`, which backend/'s app serves)
    parent = posixpath.dirname(folder)
    for sub in tree.subdirs(parent) if folder else ():
        where = join(parent, sub)
        if (
            where == folder
            or not (script := _asset_build(tree, where))
            or not _builds_into(tree, where, folder)
        ):
            continue
        if (
            pkg := _packages(tree, folder, where, join(where, "package.json"), "build", script, True)
        ) is not None:
            return pkg
    return None


# the folder a bundler's config writes to: Vite's outDir, webpack's output.path
_OUT_DIR = re.compile(
    # (codex's `outDir: path.resolve("../codex/static_build")`, from the folder vite runs in)
    r"""\b(?:outDir|path)\s*:\s*(?:path\.(?:resolve|join)\(\s*(?:(?:__dirname|import\.meta\.dirname)\s*,\s*)?)?"""
    r"""['"]([^'"\n]+)['"]"""
)


def _builds_into(tree: Tree, where: str, folder: str) -> bool:
    """Whether the front end in ``where`` builds into ``folder`` (a folder beside its own)."""
    for name in (
        "vite.config.ts",
        "vite.config.js",
        "vite.config.mjs",
        "vite.config.mts",
        "webpack.config.js",
    ):
        for out in _OUT_DIR.findall(tree.text(join(where, name)) or ""):
            target = posixpath.normpath(join(where, out))
            if out.startswith("../") and (target == folder or target.startswith(folder + "/")):
                return True
    return False


# a bundler's output folder above its own (mathesar_ui's vite.config.js: `outDir:
# '../mathesar/static/mathesar/'`, the folder the Django app's static files and manifest are in)
_OUT_ABOVE = re.compile(
    r"""\boutDir\s*:\s*(?:path\.resolve\(\s*__dirname\s*,\s*)?['"]\.\./"""
    # webpack's output.path (not a dotenv plugin's `path: '../.env'`)
    r"""|\boutput\s*:\s*\{[^{}]*\bpath\s*:\s*(?:path\.(?:resolve|join)\(\s*__dirname\s*,\s*)?['"]\.\./"""
)


# the same on a build script's command line (nefarious' `ng build --output-path ../staticassets`;
# Vite's --outDir, Parcel's --dist-dir, Vue CLI's --dest, webpack's -o)
_OPTION_ABOVE = re.compile(
    r"\s(?:--output-path|--outDir|--out-dir|--outdir|--dist-dir|--dest|-o)[=\s]['\"]?\.\./"
)


def _builds_above(tree: Tree, where: str) -> bool:
    """Whether the front end in ``where`` builds into the app's folder above it."""
    configs = ("vite.config.js", "vite.config.ts", "vite.config.mjs", "webpack.config.js")
    if any(_OUT_ABOVE.search(tree.text(join(where, c)) or "") for c in configs):
        return True
    data = tree.json(join(where, "package.json"))
    build = data.get("scripts", {}).get("build") if data and isinstance(data.get("scripts"), dict) else None
    return isinstance(build, str) and _OPTION_ABOVE.search(f" {build}") is not None


# An asset tool's command in a script (`webpack --config webpack.prod.js`, `tailwindcss -i …`).
_TOOL_RUN = re.compile(
    r"(?:^|[\s;&|])(?:npx\s+)?(?:parcel|webpack|vite|esbuild|rollup|sass|node-sass|tailwindcss|postcss|gulp"
    r"|grunt|mix|lightningcss|lessc|rspack|tsup)(?:\s|$)"
)
# A script that watches or serves (`webpack --watch`, `tailwindcss … -w`): no build for an image.
_WATCHES = re.compile(r"\s(?:--watch|-w|serve)(?:\s|$)|\bwebpack-dev-server\b|\bwebpack\s+serve\b")


def _asset_build(tree: Tree, where: str) -> str:
    """The script(s) that build the assets when the package.json in ``where`` has an asset tool
    among its packages (a workspace's root builds its members, not this app's assets): its
    ``build``, else each build script named for its tool that runs it once, in their order
    (MyFinances' `tailwind-build` and `webpack-build`), space-separated."""
    data = tree.json(join(where, "package.json"))
    scripts = data.get("scripts") if data else None
    if not data or not isinstance(scripts, dict):
        return ""
    if "workspaces" in data or tree.has(join(where, "pnpm-workspace.yaml")):
        return ""
    names = {
        n for key in ("dependencies", "devDependencies") if isinstance(data.get(key), dict) for n in data[key]
    }
    if not names & ASSET_TOOLS:
        return ""
    if isinstance(scripts.get("build"), str):
        return "build"
    return " ".join(
        name
        for name, command in scripts.items()
        if "build" in re.split(r"[-:_.]", name)
        and isinstance(command, str)
        and _TOOL_RUN.search(command)
        and not _WATCHES.search(command)
    )


def _node_modules_read(tree: Tree, folder: str, dj: str, texts: Mapping[str, str]) -> StaticPackages | None:
    for rel, text in texts.items():
        if "node_modules" not in text and "NpmFinder" not in text:
            continue
        candidates: list[str] = []
        if "npm.finders.NpmFinder" in text:
            detail = "NpmFinder"
            m = _NPM_ROOT.search(text)
            if m is not None and m.group(1) is not None and not m.group(1).startswith("/"):
                # Relative to the folder manage.py runs in (the image's working folder).
                candidates.append(posixpath.normpath(join(dj, m.group(1)) if dj else m.group(1) or "."))
            candidates.append(dj)
        elif _DIRS_NODE.search(text):
            detail = "STATICFILES_DIRS"
            candidates += [dj, folder]
        else:
            continue
        for pkg_folder in dict.fromkeys(candidates):
            found = _packages(tree, folder, pkg_folder, rel, detail)
            if found is not None:
                return found
    return None


def _packages(
    tree: Tree, folder: str, pkg_folder: str, rel: str, detail: str, build: str = "", beside: bool = False
) -> StaticPackages | None:
    """``beside``: ``pkg_folder`` may be beside the app's (the build context then holds both)."""
    if pkg_folder in (".", ""):
        pkg_folder = ""
    inside = beside or not folder or pkg_folder == folder or pkg_folder.startswith(folder + "/")
    if not inside or pkg_folder.startswith(".."):
        return None  # outside the build context
    pkg_rel = join(pkg_folder, "package.json")
    data = tree.json(pkg_rel)
    if not data or (
        not build and (not isinstance(data.get("dependencies"), dict) or not data["dependencies"])
    ):
        return None
    pm, node = npm_project(tree, pkg_folder, data)
    local = posixpath.relpath(pkg_folder or ".", folder or ".")
    git = fetched_from_git(tree, pkg_folder, data, pm.lockfile)
    scripts = data["scripts"] if isinstance(data.get("scripts"), dict) else {}
    # (ckan's `"postinstall": "gulp updateVendorLibs"`: its gulpfile copies vendor libraries in)
    hook = next((h for h in ("preinstall", "install", "postinstall", "prepare") if scripts.get(h)), "")
    return StaticPackages(local, pm, rel, detail, node, build, git=git, install_hook=hook)


def npm_project(
    tree: Tree, pkg_folder: str, data: dict[str, Any]
) -> tuple[PackageManager, RuntimeVersion | None]:
    """How the package.json in ``pkg_folder`` (its ``data``) installs, and the Node line it
    asks for (.nvmrc, .node-version, volta, engines.node…), if it names one."""
    node = node_runtime(tree, pkg_folder, data)  # bazarr's frontend/.nvmrc (22.13), engines…
    return package_manager(tree, pkg_folder, data, node_workspace.workspace_of(tree, pkg_folder)), node


def under_folder(w: WritablePath, where: str) -> WritablePath:
    if w.path.startswith("/"):
        return w
    return WritablePath(posixpath.normpath(f"{where}/{w.path}"), w.kind, w.source, w.detail)


def collected_static(tree: Tree, folder: str, w: WritablePath) -> WritablePath:
    """STATIC_ROOT with the manifest collectstatic writes (staticfiles.json) in the project: it
    ships its collected files (built with its own asset tools), which a collectstatic in the
    image would rewrite from the sources it has (fewer), breaking every page."""
    if w.kind == "static-dir" and not w.path.startswith("/") and tree.has_dir(join(folder, w.path)):
        return WritablePath(w.path, "static-dir-present", w.source, w.detail)  # the project has it
    if w.kind == "static-root" and not w.path.startswith("/"):
        manifest = join(join(folder, w.path), "staticfiles.json")
        if tree.has(manifest):
            return WritablePath(w.path, "static-committed", manifest, w.detail)
    return w


_MODEL_CLASS = re.compile(r"^class\s+\w+\([^)]*\bModel\b[^)]*\)\s*:", re.M)
_ABSTRACT = re.compile(r"^\s+abstract\s*=\s*True\b", re.M)


def unmade_migrations(tree: Tree, folder: str) -> str:
    """A Django app of the project whose migrations/ holds only __init__.py beside models
    that define tables (horilla commits none: its entrypoint runs makemigrations first): the
    migrations the release step needs are made from the models. The first such folder."""
    under = f"{folder}/" if folder else ""
    for current in sorted(
        f for f in tree.files if f.rpartition("/")[2] == "migrations" and f.startswith(under)
    ):
        names = tree.names(current)
        if "__init__.py" not in names or any(n.endswith(".py") and n != "__init__.py" for n in names):
            continue
        parent = current.rpartition("/")[0]
        models = tree.text(join(parent, "models.py")) if parent else tree.text("models.py")
        # not models that are all abstract (ArchiveBox's base_models: no table, no migration)
        if models is not None and len(_MODEL_CLASS.findall(models)) > len(_ABSTRACT.findall(models)):
            return join(current, "__init__.py")
    return ""
