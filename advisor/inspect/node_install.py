"""How a Node app installs its dependencies: the package manager (npm, yarn classic or berry,
pnpm, bun) its packageManager field or nearest lockfile names, the tool version the lockfile
implies, the files the install reads, and an install-time script that needs the project."""

from __future__ import annotations

import os
import posixpath
import re
from typing import Any

from . import node_lock, node_workspace, versions
from .common import get_path, in_folder_or_above
from .facts import PackageManager
from .tree import Tree, join

# The root package's scripts a package manager runs as it installs (npm ci, yarn, pnpm, bun).
_INSTALL_SCRIPTS = (
    "preinstall",
    "install",
    "postinstall",
    "prepublish",
    "preprepare",
    "prepare",
    "postprepare",
)
# Commands of those scripts that need none of the project's files (git-hook installers
# skip without .git: husky, simple-git-hooks, lefthook; only-allow checks the package manager).
_NEEDS_NO_FILES = re.compile(
    r"(?:npx\s+(?:--no(?:-install)?\s+)?)?(?:husky(?:\s+install)?(?:\s+\S+)?|simple-git-hooks|lefthook\s+install|is-ci|true|exit\s+0|"
    r"only-allow\s+\S+|echo\b.*)"
)


def _install_script(data: dict[str, Any], pkg_rel: str) -> str | None:
    """The first install-time script of the root package that needs the project's files
    (``patch-package && npm run scss``): an install from package.json and the lockfile alone
    would stop on it. Git-hook installers and the like need nothing."""
    scripts = data.get("scripts")
    if not isinstance(scripts, dict):
        return None
    for name in _INSTALL_SCRIPTS:
        text = scripts.get(name)
        if not isinstance(text, str) or not text.strip():
            continue
        parts = [p.strip() for p in re.split(r"&&|\|\||;", text) if p.strip()]
        if not all(_NEEDS_NO_FILES.fullmatch(p) for p in parts):
            return f"{pkg_rel} scripts.{name}"
    return None


# A migration in an install-time script (spliit's `"postinstall": "prisma migrate deploy &&
# prisma generate"`): it needs a live database, which an image build has not.
_MIGRATES = re.compile(
    r"\bmigrate\s+deploy\b|\bdb\s+push\b|\bdb:migrate\b|\bknex\s+migrate|\bmigrate:latest\b"
)


def _install_migrates(data: dict[str, Any]) -> bool:
    scripts = data.get("scripts")
    return isinstance(scripts, dict) and any(
        isinstance(t := scripts.get(n), str) and _MIGRATES.search(t) for n in _INSTALL_SCRIPTS
    )


_LOCKS = ("pnpm-lock.yaml", "yarn.lock", "bun.lock", "bun.lockb", "package-lock.json", "npm-shrinkwrap.json")


def package_manager(
    tree: Tree, folder: str, data: dict[str, Any], workspace: node_workspace.Workspace | None
) -> PackageManager:
    """How the app in ``folder`` installs its dependencies: the tool its packageManager field
    or nearest lockfile names, and what the install needs; ``workspace`` is the one that lists
    the folder as a member (node_workspace.workspace_of), if any."""
    pkg_rel = join(folder, "package.json")
    root_data = (tree.json(join(workspace.root, "package.json")) or {}) if workspace else {}
    declared = data.get("packageManager") or root_data.get("packageManager")
    # devEngines.packageManager pins the tool too, but Corepack's `corepack install` reads
    # packageManager only: its version is installed by name (`corepack install --global`).
    dev_pin = None if declared else _dev_engines_pin(data) or _dev_engines_pin(root_data)
    declared_name, declared_version = None, None
    if isinstance(declared or dev_pin, str) and "@" in (declared or dev_pin or ""):
        declared_name, _, declared_version = (declared or dev_pin or "").partition("@")
        declared_version = declared_version.split("+")[0]
    dev_version = declared_version if dev_pin else None
    if dev_pin:
        declared_version = None
    locks = {
        "pnpm": ("pnpm-lock.yaml",),
        "yarn": ("yarn.lock",),
        "bun": ("bun.lock", "bun.lockb"),
        "npm": ("package-lock.json", "npm-shrinkwrap.json"),
    }
    name, lock = None, None
    # A workspace member installs from the workspace's lockfile (its own would be ignored).
    start = workspace.root if workspace and any(tree.has(join(workspace.root, f)) for f in _LOCKS) else folder
    if declared_name in locks:
        name = declared_name
        lock = in_folder_or_above(tree, start, locks[declared_name])
    if lock is None:  # (or another tool's committed lockfile: domain-locker declares yarn, locks with npm)
        for candidate, files in locks.items():
            found = in_folder_or_above(tree, start, files)
            if found is not None and (lock is None or found.count("/") > lock.count("/")):
                name, lock = candidate, found  # the nearest lockfile
        if name != declared_name:
            declared_version = dev_version = None  # the declared tool's version is not this one's
    if name is None and workspace is not None:
        name = declared_name if declared_name in locks else "npm"  # a workspace with no lockfile at all
    if name is None:
        return PackageManager(
            "npm",
            pkg_rel,
            install=("npm", "install"),
            manifests=(pkg_rel,),
            install_script=_install_script(data, pkg_rel),
        )
    source = pkg_rel if declared_name == name else (lock or pkg_rel)
    manifests: tuple[str, ...] = (pkg_rel, lock) if lock else (pkg_rel,)
    if workspace is not None and (lock is None or lock.rpartition("/")[0] == workspace.root):
        # A workspace member: the install runs at the workspace's root, from its lockfile, with
        # every member's package.json (the frozen install checks them all); with no lockfile
        # too, where the workspace's packages are linked (operational.co's backend/).
        # (a pnpm workspace may have no package.json at its top: react-router-templates)
        top = join(workspace.root, "package.json")
        manifests = (*((top,) if tree.has(top) else ()), *((lock,) if lock else ()), *workspace.manifests)
        if declared_name == name and not data.get("packageManager"):
            source = join(workspace.root, "package.json")
    else:
        workspace = None
        own = node_workspace.members_of(tree, folder) if lock and lock.rpartition("/")[0] == folder else None
        # The app is a workspace's root: the members' package.json files too, or the frozen
        # install leaves out what only they need (reiverr's plugins' axios).
        manifests += own.manifests if own is not None else ()
    manifests += _install_settings(tree, folder, name, lock)
    manifests += _tarballs(tree, manifests)
    member: dict[str, Any] = {}
    script = _install_script(data, pkg_rel)
    if workspace is not None:
        local = node_workspace.local_packages(tree, workspace, folder, with_root=True)
        compiled = {f for f in local if node_workspace.compiled_with_tsc(tree, f)}
        built = [
            f
            for f in local
            if f in compiled
            or isinstance(get_path(tree.json(join(f, "package.json")) or {}, "scripts", "build"), str)
        ]

        def relative(f: str) -> str:
            return f[len(workspace.root) + 1 :] if workspace.root else f  # to the workspace

        member = {
            "workspace": workspace.root or ".",
            "package": data.get("name") or folder,
            "builds_first": tuple(relative(f) for f in built),
            "compiles_first": tuple(relative(f) for f in built if f in compiled),
            "named_by_root": node_workspace.named_by_root(tree, workspace, folder),
            "root_build": node_workspace.root_build(tree, workspace, folder),
        }
        root_rel = join(workspace.root, "package.json")
        script = _install_script(root_data, root_rel) or script
    if name == "yarn":
        berry = _yarn_is_berry(tree, folder, lock, declared_version or dev_version)
        rc = in_folder_or_above(tree, folder, (".yarnrc.yml",))
        if berry and rc:
            manifests += (rc,)
        frozen = "--immutable" if berry else "--frozen-lockfile"
        yarn_install = ("yarn", "install", frozen)
        return PackageManager(
            "yarn",
            source,
            lockfile=lock,
            version=declared_version,
            implied_version=dev_version
            or (None if declared_version else _implied_version(tree, "yarn", lock, berry)),
            flavour="berry" if berry else "classic",
            install=yarn_install if lock else ("yarn", "install"),
            manifests=manifests,
            drift=_drift(tree, folder, "yarn", lock, data),
            install_script=script,
            **member,
        )
    installs: dict[str, tuple[str, ...]] = {
        "pnpm": ("pnpm", "install", "--frozen-lockfile"),
        "bun": ("bun", "install", "--frozen-lockfile"),
        "npm": ("npm", "ci"),
    }
    install = installs[name] if lock else (name, "install")
    legacy = _legacy_peer_deps(tree, folder, data, manifests) if name == "npm" else None
    # an optional package the lockfile leaves out: npm 11 refuses it, npm 10 installs from it
    gap = name == "npm" and not declared_version and lock and node_lock.optional_gap(tree, lock)
    npm_10 = "10" if gap else None
    return PackageManager(
        name,
        source,
        lockfile=lock,
        version=declared_version,
        install=(*install, "--legacy-peer-deps") if legacy else install,
        legacy_peer_deps=legacy,
        lock_registry=node_lock.mirror_host(tree, lock)
        if lock and not _own_registry(tree, manifests)
        else None,
        manifests=manifests,
        implied_version=dev_version
        or (None if declared_version else _range_major(data, name) or _range_major(root_data, name))
        or (None if declared_version else _implied_version(tree, name, lock, False))
        or npm_10,
        drift=_drift(tree, folder, name, lock, data),
        install_script=script,
        install_migrates=name == "npm" and _install_migrates(root_data or data),
        **member,
    )


# pnpm-lock.yaml's lockfileVersion → the pnpm major that writes it (the oldest that does, so
# its behaviour, install scripts included, is the one the lockfile was made with).
_PNPM_BY_LOCKFILE = {"9": "9", "6": "8", "5.4": "7", "5.3": "6"}
# yarn.lock's __metadata version (berry) → the yarn major that writes it.
_YARN_BY_METADATA = {"4": "2", "6": "3", "8": "4"}


def _implied_version(tree: Tree, manager: str, lock: str | None, berry: bool) -> str | None:
    """The major version of pnpm / yarn the lockfile's format implies. Without it Corepack
    takes the newest release, which may not read the lockfile, or run at all."""
    if lock is None or manager not in ("pnpm", "yarn"):
        return None
    head = "".join(line for _, line in zip(range(12), tree.lines(lock), strict=False))
    if manager == "yarn" and not berry:
        return "1"
    if manager == "yarn":
        m = re.search(r"^__metadata:\s*\n\s+version:\s*(\d+)", head, re.M)
        return _YARN_BY_METADATA.get(m.group(1)) if m else None
    m = re.search(r"^lockfileVersion:\s*['\"]?(\d+(?:\.\d+)?)", head, re.M)
    if m is None:
        return None
    version = m.group(1)
    major = _PNPM_BY_LOCKFILE.get(version) or _PNPM_BY_LOCKFILE.get(version.split(".")[0])
    # pnpm 10 writes the same lockfile format, and reads its settings from pnpm-workspace.yaml
    # (onlyBuiltDependencies, minimumReleaseAge...), which pnpm 9 refuses: "packages field
    # missing or empty" when the file holds settings only.
    docs = tree.yaml_docs(join(lock.rpartition("/")[0], "pnpm-workspace.yaml"))
    settings = docs[0] if docs and isinstance(docs[0], dict) else {}
    if major == "9" and set(settings) - {"packages", "catalog", "catalogs"}:
        return "10"
    return major


def _dev_engines_pin(data: dict[str, Any]) -> str | None:
    """package.json's devEngines.packageManager ({"name": "pnpm", "version": "11.15.1"}) as a
    packageManager value ("pnpm@11.15.1"), when it names one exact version."""
    found = get_path(data, "devEngines", "packageManager")
    for entry in found if isinstance(found, list) else [found]:
        if isinstance(entry, dict) and isinstance(entry.get("name"), str):
            version = entry.get("version")
            if isinstance(version, str) and re.fullmatch(r"\d+\.\d+\.\d+", version.strip()):
                return f"{entry['name']}@{version.strip()}"
    return None


def _range_major(data: dict[str, Any], manager: str) -> str | None:
    """The major version of the package manager a range names, devEngines.packageManager's
    (`pnpm init` writes `"version": "^11.9.0"` since pnpm 11) or engines' (`"pnpm": "^11.9.0"`,
    which pnpm enforces: an older major refuses to install)."""
    found = get_path(data, "devEngines", "packageManager")
    ranges = [
        e.get("version")
        for e in (found if isinstance(found, list) else [found])
        if isinstance(e, dict) and e.get("name") == manager
    ]
    for value in (*ranges, get_path(data, "engines", manager)):
        if isinstance(value, str) and (m := re.match(r"\s*(?:[\^~>=v]\s*)*(\d+)(?:[.\s]|$)", value)):
            return m.group(1)
    return None


def _drift(tree: Tree, folder: str, manager: str, lock: str | None, data: dict[str, Any]) -> tuple[str, ...]:
    """package.json's dependencies that the lockfile beside it does not record."""
    if lock is None or lock.rpartition("/")[0] != folder:
        return ()
    return node_lock.drift(tree, manager, lock, data)


# Files (and folders) the package manager reads during the install besides package.json and
# the lockfile: registry settings, pnpm's workspace file (catalogs, overrides,
# patchedDependencies) and hooks, patches, and yarn berry's own release and plugins.
_INSTALL_SETTINGS = {
    "npm": (".npmrc",),
    "yarn": (".npmrc", ".yarnrc", ".yarn/releases", ".yarn/plugins", ".yarn/patches"),
    "pnpm": (".npmrc", "pnpm-workspace.yaml", ".pnpmfile.cjs", "patches"),
    "bun": (".npmrc", "bunfig.toml"),
}


def _install_settings(tree: Tree, folder: str, manager: str, lock: str | None) -> tuple[str, ...]:
    """The install's settings files that exist beside package.json (or beside the lockfile)."""
    found: list[str] = []
    for where in dict.fromkeys((folder, lock.rpartition("/")[0] if lock else folder)):
        for name in _INSTALL_SETTINGS.get(manager, ()):
            rel = join(where, name)
            # .yarn is not indexed (its cache is large): its few folders are looked up.
            on_disk = rel.startswith(".yarn/") or "/.yarn/" in rel
            exists = (
                os.path.isdir(os.path.join(tree.root, rel)) if on_disk else tree.has(rel) or tree.has_dir(rel)
            )
            if rel not in found and exists:
                found.append(rel)
    return tuple(found)


_DEP_SECTIONS = ("dependencies", "devDependencies", "optionalDependencies")


def _tarballs(tree: Tree, manifests: tuple[str, ...]) -> tuple[str, ...]:
    """The package tarballs the manifests install from the repository (openstad's
    `"xlsx": "file:vendor/xlsx-0.20.3.tgz"`): the install needs them beside the manifests. A
    vendor/ folder is not indexed, so each is looked up on disk."""
    found: list[str] = []
    for manifest in (m for m in manifests if m.endswith("package.json")):
        data = tree.json(manifest) or {}
        for section in (data.get(s) for s in _DEP_SECTIONS):
            for spec in section.values() if isinstance(section, dict) else ():
                if not isinstance(spec, str) or not re.fullmatch(
                    r"file:[\w./@+-]+\.(?:tgz|tar\.gz|tar)", spec
                ):
                    continue
                rel = posixpath.normpath(join(manifest.rpartition("/")[0], spec[5:]))
                if (
                    not rel.startswith("../")
                    and rel not in found
                    and os.path.isfile(os.path.join(tree.root, rel))
                ):
                    found.append(rel)
    return tuple(found)


def _yarn_is_berry(tree: Tree, folder: str, lock: str | None, declared_version: str | None) -> bool:
    if declared_version:
        v = versions.parse_version(declared_version)
        return bool(v and v[0] >= 2)
    if in_folder_or_above(tree, folder, (".yarnrc.yml",)) is not None:
        return True
    if lock is not None:
        head = (tree.text(lock) or "")[:400]
        return "__metadata:" in head and "yarn lockfile v1" not in head
    return False


_LEGACY_PEER_DEPS = re.compile(r"\bnpm\s+(?:install|i|ci)\b[^\n&;|]*--legacy-peer-deps\b")


def _legacy_peer_deps(
    tree: Tree, folder: str, data: dict[str, Any], manifests: tuple[str, ...]
) -> str | None:
    """Where the project runs ``npm install --legacy-peer-deps`` (or ``npm ci`` with it): its
    Dockerfiles, package.json scripts, CI workflows and README, in the app's folder or the
    repository's top. None when its .npmrc, which the install step has, already says so."""
    if any("legacy-peer-deps" in (tree.text(m) or "") for m in manifests if m.endswith(".npmrc")):
        return None
    scripts = data.get("scripts")
    if isinstance(scripts, dict) and any(
        isinstance(v, str) and _LEGACY_PEER_DEPS.search(v) for v in scripts.values()
    ):
        return join(folder, "package.json")
    for where in dict.fromkeys((folder, "")):
        names = sorted(tree.names(where))
        files = [
            n for n in names if n.startswith(("Dockerfile", "README", "readme")) or n.endswith(".Dockerfile")
        ]
        workflows = join(where, ".github/workflows")
        files += [
            f".github/workflows/{n}" for n in sorted(tree.names(workflows)) if n.endswith((".yml", ".yaml"))
        ]
        for name in files:
            rel = join(where, name)
            if _LEGACY_PEER_DEPS.search(tree.text(rel) or ""):
                return rel
    return None


def _own_registry(tree: Tree, manifests: tuple[str, ...] | list[str]) -> bool:
    """Whether the project's .npmrc names the registry to install from."""
    return any(
        re.search(r"^\s*registry\s*=", tree.text(m) or "", re.M) for m in manifests if m.endswith(".npmrc")
    )
