"""Node: npm, yarn (classic and berry), pnpm, bun; servers (Express, Fastify, Koa, NestJS,
Next.js, Nuxt, Remix…) and single-page front ends (Vite, Create React App, Angular, Vue
CLI, Gatsby, Astro) that are built into static files."""

from __future__ import annotations

import os
import re
from typing import Any

from . import node_lock, node_prisma, versions
from .common import (
    Detection,
    dedupe_ports,
    dockerfile_port,
    get_path,
    in_folder_or_above,
    own_settings,
    port_in_command,
    procfile_web,
    scan_env_examples,
    services,
    source_files,
    split_services,
)
from .envvars import Collector, scan_js
from .facts import (
    AppFacts,
    Command,
    Dependency,
    PackageManager,
    RuntimeVersion,
    Sourced,
    WritablePath,
)
from .node_frameworks import (
    FRAMEWORKS,
    framework_of,
    next_config,
    vite_out_dir,
)
from .node_start import (
    ENTRY_FILES,
    port_in_code,
    run_script,
    start_command,
)
from .release import release_command
from .tree import Tree, join
from .writable import writable_paths

DRIVERS = {
    "pg": "postgres",
    "postgres": "postgres",
    "pg-promise": "postgres",
    "@neondatabase/serverless": "postgres",
    "@vercel/postgres": "postgres",
    "mysql": "mysql",
    "mysql2": "mysql",
    "mariadb": "mariadb",
    "mongodb": "mongodb",
    "mongoose": "mongodb",
    "redis": "redis",
    "ioredis": "redis",
    "@redis/client": "redis",
    "bullmq": "redis",
    "bull": "redis",
    "connect-redis": "redis",
    "better-sqlite3": "sqlite",
    "sqlite3": "sqlite",
}
ORMS = (
    "@prisma/client",
    "prisma",
    "sequelize",
    "typeorm",
    "drizzle-orm",
    "knex",
    "mongoose",
    "@mikro-orm/core",
    "objection",
)
# dependency → (framework, kind, build output folder); the first present wins.
# Binaries of these packages run from node_modules/.bin.


def detect(tree: Tree, folder: str) -> Detection | None:
    rel = join(folder, "package.json")
    if not tree.has(rel):
        return None
    data = tree.json(rel)
    if data is None:
        return Detection("node", (rel,), 1)
    deps = _dep_names(data)
    scripts: dict[str, Any] = data["scripts"] if isinstance(data.get("scripts"), dict) else {}
    workspace = bool(data.get("workspaces")) or tree.has(join(folder, "pnpm-workspace.yaml"))
    has_app = (
        any(dep in deps for dep, *_ in FRAMEWORKS)
        or "start" in scripts
        or (isinstance(data.get("main"), str) and not workspace)
        or any(tree.has(join(folder, e)) for e in ENTRY_FILES[:4])
    )
    if workspace and not any(dep in deps for dep, *_ in FRAMEWORKS):
        return Detection("node", (rel,), 1, workspace_root=True)
    return Detection("node", (rel,), 2 if has_app else 1)


def _dep_names(data: dict[str, Any]) -> dict[str, str]:
    """name → which section (dependencies wins over devDependencies)."""
    result: dict[str, str] = {}
    for section in ("devDependencies", "peerDependencies", "optionalDependencies", "dependencies"):
        value = data.get(section)
        if isinstance(value, dict):
            for name in value:
                result[str(name)] = section
    return result


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
# Commands of those scripts that need none of the project's files (git hooks are skipped
# without .git; only-allow checks the package manager).
_NEEDS_NO_FILES = re.compile(
    r"(?:npx\s+(?:--no(?:-install)?\s+)?)?(?:husky(?:\s+install)?(?:\s+\S+)?|is-ci|true|exit\s+0|"
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


def python_package_manager(tree: Tree, folder: str, data: dict[str, Any]) -> PackageManager:
    pkg_rel = join(folder, "package.json")
    declared = data.get("packageManager")
    declared_name, declared_version = None, None
    if isinstance(declared, str) and "@" in declared:
        declared_name, _, declared_version = declared.partition("@")
        declared_version = declared_version.split("+")[0]
    locks = {
        "pnpm": ("pnpm-lock.yaml",),
        "yarn": ("yarn.lock",),
        "bun": ("bun.lock", "bun.lockb"),
        "npm": ("package-lock.json", "npm-shrinkwrap.json"),
    }
    name, lock = None, None
    if declared_name in locks:
        name = declared_name
        lock = in_folder_or_above(tree, folder, locks[declared_name])
    else:
        for candidate, files in locks.items():
            found = in_folder_or_above(tree, folder, files)
            if found is not None and (lock is None or found.count("/") > lock.count("/")):
                name, lock = candidate, found  # the nearest lockfile
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
    manifests += _install_settings(tree, folder, name, lock)
    if name == "yarn":
        berry = _yarn_is_berry(tree, folder, lock, declared_version)
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
            implied_version=None if declared_version else _implied_version(tree, "yarn", lock, berry),
            flavour="berry" if berry else "classic",
            install=yarn_install if lock else ("yarn", "install"),
            manifests=manifests,
            drift=_drift(tree, folder, "yarn", lock, data),
            install_script=_install_script(data, pkg_rel),
        )
    installs: dict[str, tuple[str, ...]] = {
        "pnpm": ("pnpm", "install", "--frozen-lockfile"),
        "bun": ("bun", "install", "--frozen-lockfile"),
        "npm": ("npm", "ci"),
    }
    install = installs[name] if lock else (name, "install")
    return PackageManager(
        name,
        source,
        lockfile=lock,
        version=declared_version,
        install=install,
        manifests=manifests,
        implied_version=None if declared_version else _implied_version(tree, name, lock, False),
        drift=_drift(tree, folder, name, lock, data),
        install_script=_install_script(data, pkg_rel),
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
    return _PNPM_BY_LOCKFILE.get(version) or _PNPM_BY_LOCKFILE.get(version.split(".")[0])


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


def python_runtime(tree: Tree, folder: str, data: dict[str, Any]) -> RuntimeVersion | None:
    for name in (".nvmrc", ".node-version"):
        rel = in_folder_or_above(tree, folder, (name,))
        if rel is not None and (text := tree.text(rel)) and text.strip():
            return versions.choose("node", text.strip().splitlines()[0].strip(), rel)
    pkg_rel = join(folder, "package.json")
    volta = get_path(data, "volta", "node")
    if isinstance(volta, str):
        return versions.choose("node", volta, pkg_rel, "volta.node")
    engines = get_path(data, "engines", "node")
    if isinstance(engines, str) and engines.strip():
        return versions.choose("node", engines, pkg_rel, "engines.node")
    rel = in_folder_or_above(tree, folder, (".tool-versions",))
    if (
        rel is not None
        and (text := tree.text(rel))
        and (m := re.search(r"^(?:nodejs|node)\s+(\S+)", text, re.M))
    ):
        return versions.choose("node", m.group(1), rel)
    return None


def plan(tree: Tree, folder: str, detection: Detection) -> AppFacts:
    pkg_rel = join(folder, "package.json")
    data = tree.json(pkg_rel) or {}
    deps_by_name = _dep_names(data)
    deps = tuple(Dependency(name, pkg_rel) for name in deps_by_name)
    scripts: dict[str, Any] = data["scripts"] if isinstance(data.get("scripts"), dict) else {}
    pm = python_package_manager(tree, folder, data)
    runtime = python_runtime(tree, folder, data)
    framework, kind, output = framework_of(tree, folder, deps_by_name, pkg_rel)
    fw = framework.value if framework else None

    env = Collector()
    ports: list[Sourced[int] | None] = []
    web = procfile_web(tree, folder)
    if web is not None and (p := port_in_command(web[0])):
        ports.append(Sourced(p, web[1], "web"))
    for script in ("start:prod", "start", "serve"):
        text = scripts.get(script)
        if isinstance(text, str) and (p := port_in_command(text)):
            ports.append(Sourced(p, pkg_rel, f"scripts.{script}"))
            break

    files = source_files(
        tree,
        folder,
        (".js", ".mjs", ".cjs", ".ts", ".mts", ".cts", ".jsx", ".tsx"),
        preferred=("config", "env", "server", "index", "main", "app", "db", "database"),
    )
    code_port: Sourced[int] | None = None
    writable: list[WritablePath] = []
    for rel in files:
        if rel.endswith(".d.ts"):
            continue
        text = tree.text(rel) or ""
        scan_js(text, rel, env)
        if code_port is None and ("listen" in text or "PORT" in text or "port" in text):
            code_port = port_in_code(text, rel)
        writable.extend(writable_paths(text, rel, "node"))
        for m in re.finditer(r"""\bdest\s*:\s*['"]([^'"]+)['"]""", text):
            writable.append(
                WritablePath(m.group(1).removeprefix("./").rstrip("/"), "uploads", rel, "multer dest")
            )
    ports.append(code_port)
    ports.append(dockerfile_port(tree, folder))
    ports.append(scan_env_examples(tree, folder, env))
    if folder:
        scan_env_examples(tree, "", env)

    found_services = list(services(deps, DRIVERS))
    schema = node_prisma.schema_path(tree, folder, data)
    prisma = node_prisma.service(tree, schema, env) if schema is not None else None
    if prisma is not None:
        found_services.insert(0, prisma)
    databases, caches = split_services(found_services)
    # The section says whether a tool (the Prisma CLI) survives pruning the dev dependencies.
    orm = tuple(Sourced(o, pkg_rel, deps_by_name[o]) for o in ORMS if o in deps_by_name)

    build = None
    if isinstance(scripts.get("build"), str):
        build = Command(run_script(pm.name, "build"), pkg_rel, "scripts.build")
    output_dir: Sourced[str] | None = None
    if kind == "spa" and output:
        vite = vite_out_dir(tree, folder) if fw == "vite" else None
        if vite is not None:
            output_dir = Sourced(vite[0], vite[1], "build.outDir")
        elif fw == "angular" and tree.has(join(folder, "angular.json")):
            output_dir = Sourced(output, join(folder, "angular.json"), "outputPath")
        else:
            output_dir = Sourced(output, framework.source if framework else pkg_rel, f"{fw} default")
    elif fw == "nextjs" and output:
        config = next_config(tree, folder)
        output_dir = Sourced(output, config[1] if config else pkg_rel, "output: standalone")

    port_list = dedupe_ports(ports)
    start = None if kind == "spa" else start_command(tree, folder, data, scripts, pm.name, fw, web, port_list)
    return AppFacts(
        path=folder or ".",
        language=Sourced("node", pkg_rel),
        kind=kind,
        framework=framework,
        name=Sourced(data["name"], pkg_rel, "name")
        if isinstance(data.get("name"), str) and data["name"]
        else None,
        runtime=runtime,
        package_manager=pm,
        dependencies=deps,
        build=build,
        output_dir=output_dir,
        start=start,
        release=release_command(tree, folder, set(), None)
        or (node_prisma.release(tree, schema) if schema is not None and "prisma" in deps_by_name else None)
        or _migrate_script(scripts, deps_by_name, pm.name, pkg_rel),
        ports=port_list,
        databases=databases,
        caches=caches,
        orm=orm,
        env_vars=env.result(),
        own_settings=own_settings(tree, folder),
        writable_paths=tuple(dict.fromkeys(writable)),
        markers=detection.markers,
    )


# package.json scripts that apply database migrations, in the order they are preferred.
_MIGRATE_SCRIPTS = (
    "migrate:deploy",
    "db:migrate",
    "migrate",
    "migration:run",
    "migrations:run",
    "db:migrate:latest",
)
# Migration tools whose CLI a script runs: the script can run in the image only when the tool
# is a dependency (the final image keeps no dev dependencies).
_MIGRATE_TOOLS = {  # the program a script runs → the package that ships it
    "knex": "knex",
    "sequelize": "sequelize-cli",
    "typeorm": "typeorm",
    "node-pg-migrate": "node-pg-migrate",
    "db-migrate": "db-migrate",
    "drizzle-kit": "drizzle-kit",
}


def _migrate_script(
    scripts: dict[str, Any], deps: dict[str, str], manager: str, pkg_rel: str
) -> Command | None:
    """A package.json script that runs the migrations with a tool the image keeps."""
    for name in _MIGRATE_SCRIPTS:
        text = scripts.get(name)
        if not isinstance(text, str):
            continue
        tool = next(
            (t for t in _MIGRATE_TOOLS if re.search(rf"(?:^|[\s/]){re.escape(t)}(?:\s|$)", text)), None
        )
        if tool is not None and deps.get(_MIGRATE_TOOLS[tool]) == "dependencies":
            return Command(run_script(manager, name), pkg_rel, f"scripts.{name}")
    return None
