"""Node: npm, yarn (classic and berry), pnpm, bun; servers (Express, Fastify, Koa, NestJS,
Next.js, Nuxt, Remix…) and single-page front ends (Vite, Create React App, Angular, Vue
CLI, Gatsby, Astro) that are built into static files."""

from __future__ import annotations

import re
import shlex
from dataclasses import replace
from typing import Any

from . import node_prisma, node_workspace
from .common import (
    Detection,
    dedupe_ports,
    own_settings,
    port_in_command,
    scan_env_examples,
    services,
    source_files,
    split_services,
)
from .dbcode import (
    db_fixed_in_code,
    db_tls_required,
    db_without_host,
    fixed_connection_call,
    json_configs,
    literal_db_name,
    orm_engine,
    scheme_as_engine,
)
from .devproxy import dev_proxy
from .dockerfiles import build_options
from .envhelpers import js_name_prefixes, js_with_prefixes
from .envvars import Collector, scan_js
from .facts import AppFacts, Command, Dependency, Sourced, WritablePath
from .fixed_sqlite import sqlite_driver
from .home_data import with_home_defaults
from .image_folders import dockerfile_port
from .local_packages import node_local_packages
from .node_beside import beside_start
from .node_frameworks import (
    FRAMEWORKS,
    ORM_DRIVERS,
    adonis_release,
    adonis_seed,
    babel_runtime,
    config_dev_imports,
    framework_of,
    output_of,
    runtime_dev_loads,
)
from .node_image import image_install_env, image_prebuild
from .node_install import package_manager
from .node_lock import fetched_from_git, git_dependencies
from .node_markers import no_app, starts_own_file
from .node_migrate_self import migrates_itself
from .node_ports import binds_to_host, config_port, listened_vars, port_in_code
from .node_runtime import node_runtime
from .node_scripts import (
    build_in_start,
    cli_release,
    env_file_reads,
    migrate_script,
    npm_runs,
    release_dev_tools,
    script_chain,
    start_tools,
    the_build,
)
from .node_sequelize import config_files, env_sections, rc_requires, sequelize_env, with_cli_env
from .node_served import frontend_build, image_build_script, served_client
from .node_start import (
    ENTRY_FILES,
    loopback_listen,
    run_script,
    start_command,
)
from .node_tsc_assets import tsc_assets
from .node_typeorm import compiled_start, ts_source_dirs, typeorm_settings
from .placed import placed_files, placed_port, scan_placed
from .procfile_launch import container_web
from .projectenv import dotenv_folders, env_dev_values, env_placeholders, reads_env_file
from .release import release_command, release_files
from .schema import app_makes_tables, live_code
from .tree import Tree, join
from .worker import worker_command
from .writable import writable_paths, written_constants
from .writable_module import made_folders

DRIVERS = {
    "pg": "postgres",
    "postgres": "postgres",
    "pg-promise": "postgres",
    "@neondatabase/serverless": "postgres",
    "@vercel/postgres": "postgres",
    "slonik": "postgres",
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
    "@adonisjs/redis": "redis",
    "@medusajs/medusa": "postgres",  # Medusa 2 keeps its data in PostgreSQL only
    "better-sqlite3": "sqlite",
    "sqlite3": "sqlite",
} | ORM_DRIVERS
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


JS_CODE = (".js", ".mjs", ".cjs", ".ts", ".mts", ".cts", ".jsx", ".tsx")
# the files read first: settings, entry points, and the checks an app makes as it starts
_PREFERRED = ("config", "env", "server", "index", "main", "app", "db", "database", "preflight", "startup")


def detect(tree: Tree, folder: str) -> Detection | None:
    rel = join(folder, "package.json")
    if not tree.has(rel):
        return None
    if (data := tree.json(rel)) is None:
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
    own_app = any(dep in deps for dep, *_ in FRAMEWORKS) or starts_own_file(tree, folder, data)
    workspace = workspace and not own_app
    if workspace or node_workspace.runs_packages(tree, folder, data):
        return Detection("node", (rel,), 1, workspace_root=True)
    if no_app(tree, folder, data, deps, scripts):
        return None  # the site is its HTML files (see static.py); a phone app; a module-type marker
    return Detection("node", (rel,), 2 if has_app else 1)


# Test tools whose install downloads a browser or a binary the build never uses, and the
# variable that tells it not to (only for a development dependency: a runtime one needs it).
_DOWNLOADS = {
    "cypress": (("CYPRESS_INSTALL_BINARY", "0"),),
    "puppeteer": (("PUPPETEER_SKIP_DOWNLOAD", "true"), ("PUPPETEER_SKIP_CHROMIUM_DOWNLOAD", "true")),
}


def _skip_downloads(deps: dict[str, str]) -> tuple[tuple[str, str], ...]:
    return tuple(
        pair for name, pairs in _DOWNLOADS.items() if deps.get(name) == "devDependencies" for pair in pairs
    )


def _dep_names(data: dict[str, Any]) -> dict[str, str]:
    """name → which section (dependencies wins over devDependencies)."""
    result: dict[str, str] = {}
    for section in ("devDependencies", "peerDependencies", "optionalDependencies", "dependencies"):
        value = data.get(section)
        if isinstance(value, dict):
            for name in value:
                result[str(name)] = section
    return result


def plan(tree: Tree, folder: str, detection: Detection) -> AppFacts:
    pkg_rel = join(folder, "package.json")
    data = tree.json(pkg_rel) or {}
    deps_by_name = _dep_names(data)
    deps = tuple(Dependency(name, pkg_rel) for name in deps_by_name)
    deps += (Dependency("git+", pkg_rel),) if git_dependencies(data) else ()  # git: stacks.NODE_NATIVE
    scripts: dict[str, Any] = data["scripts"] if isinstance(data.get("scripts"), dict) else {}
    workspace = node_workspace.workspace_of(tree, folder)
    pm = package_manager(tree, folder, data, workspace)
    if not git_dependencies(data) and fetched_from_git(tree, folder, data, pm.lockfile):
        deps += (Dependency("git+", pm.lockfile or pkg_rel),)  # resolved there by the lockfile (Gauzy's)
    member_of = workspace if pm.workspace is not None else None  # installed from its lockfile
    runtime = node_runtime(tree, folder, data)
    framework, kind, output = framework_of(tree, folder, deps_by_name, pkg_rel)
    fw = framework.value if framework else None

    env = Collector()
    ports: list[Sourced[int] | None] = []
    web = container_web(tree, folder)  # not a Cloud Foundry launcher
    if web is not None and (p := port_in_command(web[0])):
        ports.append(Sourced(p, web[1], "web"))
    for script in ("start:prod", "start", "serve"):
        text = scripts.get(script)
        if isinstance(text, str) and (p := port_in_command(text)):
            ports.append(Sourced(p, pkg_rel, f"scripts.{script}"))
            break

    local = node_workspace.runtime_packages(tree, member_of, folder)
    files = source_files(tree, folder, JS_CODE, preferred=_PREFERRED)
    code_port: Sourced[int] | None = None
    writable: list[WritablePath] = []
    texts = {rel: tree.text(rel) or "" for rel in files if not rel.endswith(".d.ts")}
    placed = placed_files(tree, folder)  # teddit's config.js.template, the app's config.js
    texts |= {join(folder, s): tree.text(join(folder, s)) or "" for s, d in placed if d.endswith(JS_CODE)}
    prefixes = js_name_prefixes(texts)  # `${EnvPrefix}DB_HOST`: PICSUR_DB_HOST
    for rel, text in texts.items():
        scan_js(live_code("node", js_with_prefixes(text, prefixes)), rel, env)  # not commented-out code
        if code_port is None and ("listen" in text or "PORT" in text or "port" in text):
            code_port = port_in_code(text, rel, str(data.get("name") or ""))
        writable.extend(writable_paths(text, rel, "node") + made_folders(text, rel, folder))
        # multer({ dest: "uploads/" }), multer.diskStorage({ destination: "./files" })
        for m in re.finditer(r"""\b(dest|destination)\s*:\s*['"]([^'"]+)['"]""", text):
            if m.group(1) == "destination" and "diskStorage" not in text:
                continue
            path = m.group(2).removeprefix("./").rstrip("/")
            if path and ".." not in path.split("/") and "://" not in path:
                writable.append(WritablePath(path, "uploads", rel, f"multer {m.group(1)}"))
    node_workspace.scan_settings(tree, local, env)  # the workspace packages it imports read some
    node_workspace.config_env(tree, folder, env)
    node_workspace.dotenv_safe(tree, folder, texts, env)
    if "sequelize" in deps_by_name:
        sequelize_env(tree, folder, env)  # config.json's "use_env_variable"
    scan_placed(tree, folder, placed, env)  # Wiki.js's config.yml
    ports.append(placed_port(tree, folder, placed) or code_port or config_port(tree, folder))
    ports.append(dockerfile_port(tree, folder))
    ports.append(scan_env_examples(tree, folder, env))
    if folder:
        scan_env_examples(tree, "", env)

    found_services = list(services(deps + node_workspace.dependencies(tree, local), DRIVERS))
    schema = node_prisma.schema_path(tree, folder, data) or node_prisma.package_schema(tree, local)
    prisma = node_prisma.service(tree, schema, env) if schema is not None else None
    found_services[:0] = [prisma] if prisma is not None else []
    if prisma is not None and prisma.kind == "sqlite" and schema is not None:
        writable += node_prisma.sqlite_in_image(tree, schema, folder, member_of.root if member_of else None)
    databases, caches = split_services(found_services)
    if len({d.kind for d in databases}) > 1 and (own := orm_engine(texts)) is not None:
        databases = tuple(d for d in databases if d.kind == own.value) or databases  # its own only
    # The section says whether a tool (the Prisma CLI) survives pruning the dev dependencies.
    orm = tuple(Sourced(o, pkg_rel, deps_by_name[o]) for o in ORMS if o in deps_by_name)

    build = None
    migrate_in_build: tuple[str, ...] | None = None
    name = image_build_script(scripts)  # umami's `build-docker` (no `check-db`), else `build`
    if isinstance(scripts.get(name), str):
        build = Command(run_script(pm.name, name), pkg_rel, f"scripts.{name}")
        parts = script_chain(scripts[name], scripts, pm.name)
        migrating = [p for p in parts if "migrat" in " ".join(p)]
        if parts and migrating and len(migrating) < len(parts):
            # `run-s db:migrate build:next`, `tsx lib/db/migrate && next build`: the build reaches
            # no database; the migration is the release step, in the final image, which may lack
            # the package manager (Corepack would fetch pnpm as the app's user): npm runs it.
            first = migrating[0]
            migrate_in_build = (
                ("npm", *first[1:]) if first[:2] == (pm.name, "run") and npm_runs(pm) else first
            )
            rest = [p for p in parts if p not in migrating]
            argv = rest[0] if len(rest) == 1 else ("sh", "-c", " && ".join(shlex.join(p) for p in rest))
            build = Command(argv, pkg_rel, f"scripts.{name}")
    if build is None:
        build = build_in_start(scripts, pkg_rel, pm.name) or frontend_build(scripts, pm.name, pkg_rel)
    output_dir = output_of(tree, folder, framework, kind, output, pkg_rel)

    port_list = dedupe_ports(ports)
    start = None if kind == "spa" else start_command(tree, folder, data, scripts, pm.name, fw, web, port_list)
    start = node_workspace.root_start(tree, workspace, folder, compiled_start(tree, folder, start))  # tsc's
    if build is None and start is not None and start.detail.startswith("scripts."):
        # npm runs a script's pre-hook first (prestart:prod: tsc): the image runs the command
        # itself, so the hook is its build.
        hook = "pre" + start.detail.removeprefix("scripts.")
        if isinstance(scripts.get(hook), str) and scripts[hook].strip():
            build = Command(run_script(pm.name, hook), pkg_rel, f"scripts.{hook}")
    if build is None and start is not None and start.detail.startswith("scripts."):
        # No `build`, but the build that goes with the start script (start:prod → build:prod).
        suffix = start.detail.partition(":")[2]
        for name in dict.fromkeys([f"build:{suffix}" if suffix else "", "build:prod", "build:production"]):
            if name and isinstance(scripts.get(name), str) and scripts[name].strip():
                build = Command(run_script(pm.name, name), pkg_rel, f"scripts.{name}")
                break
    build = image_prebuild(tree, folder, the_build(tree, folder, scripts, build, (pm.name, start, pkg_rel)))
    if build is not None and build.argv[-1:] == ("build",) and (options := build_options(tree, folder)):
        # the options the project's own Dockerfile builds with (npm passes them after --)
        build = Command(
            (*build.argv, *(("--",) if pm.name == "npm" else ()), *options), build.source, build.detail
        )
    knexfile = next((join(folder, n) for n in _KNEXFILES if tree.has(join(folder, n))), None)
    release = (
        release_command(tree, folder, set(), None)
        or (Command(migrate_in_build, pkg_rel, "scripts.build") if migrate_in_build else None)
        or (node_prisma.release(tree, schema, folder, "prisma" in deps_by_name) if schema else None)
        or migrate_script(scripts, deps_by_name, "npm" if npm_runs(pm) else pm.name, pkg_rel, tree)
        # Medusa's schema comes from its own CLI (its documented deploy step).
        or (
            Command(("medusa", "db:migrate"), pkg_rel, "@medusajs/medusa")
            if "@medusajs/medusa" in deps_by_name
            else None
        )
        or cli_release(tree, folder, knexfile, deps_by_name)
        or node_workspace.release(tree, local, pm)
        or adonis_release(tree, folder, fw, pkg_rel)
        # No migrations: db push makes the tables (a server's; an SQLite file has no volume here).
        or (node_prisma.push(schema, data) if schema and prisma and prisma.kind != "sqlite" else None)
    )
    release = None if migrates_itself(release, scripts, texts, folder) else release  # plumio's index.ts
    typeorm = typeorm_settings(tree, folder, data, texts)
    # the sections NODE_ENV picks: the knexfile's, else Sequelize's settings file's
    knexfile = knexfile or next((c for c in config_files(tree, folder) if "sequelize" in deps_by_name), None)
    sections, fixed = env_sections(live_code("node", tree.text(knexfile) or "") if knexfile else "")
    release_tools = release_dev_tools(release, scripts, deps_by_name, tree)
    if "sequelize-cli" in release_tools:  # and what its .sequelizerc loads (@babel/register)
        release_tools += rc_requires(tree, folder, deps_by_name)
    release = with_cli_env(tree, folder, release, scripts)  # sequelize-cli's --env development
    listened = listened_vars(texts)
    runtime_deps = {n for n, s in deps_by_name.items() if s == "dependencies"}
    start = beside_start(scripts, runtime_deps, start, port_list[0].value if port_list else 3000)
    env_vars = tuple(
        replace(v, role="listen_port") if v.name in listened and v.role in ("port", "other") else v
        for v in env.result()
    )
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
        locked=node_workspace.installed(tree, member_of, pm.lockfile)
        + node_workspace.sub_installed(tree, folder, scripts),
        schema_maker=app_makes_tables("node", texts, start.argv if start else ()) or _synchronized(typeorm),
        build=build,
        output_dir=output_dir,
        start=start,
        release=release,
        worker=worker_command(tree, folder, {}),
        ports=port_list,
        listen_host=binds_to_host(texts),
        databases=databases,
        caches=caches,
        orm=orm,
        db_url_scheme=scheme_as_engine(texts),
        env_vars=with_home_defaults(env_vars, texts),
        sqlite_settings=sqlite_driver(databases, env_vars),
        own_settings=own_settings(tree, folder, dotenv_folders(texts, folder)),
        env_placeholders=env_placeholders(tree, folder),
        env_dev_values=env_dev_values(tree, folder),
        typeorm=typeorm,
        ts_sources=ts_source_dirs(texts),
        knex_envs=Sourced(sections, knexfile, fixed) if knexfile and (sections or fixed) else None,
        example_modules=placed,
        seed=adonis_seed(tree, folder, fw, pkg_rel)
        or next(
            (Command(run_script(pm.name, n), pkg_rel, f"scripts.{n}") for n in _SEEDS if n in scripts), None
        ),
        # TypeORM's schema:sync (it may drop columns): a step to run by hand, named in the report
        setup_command=next(
            (
                Sourced(shlex.join(run_script(pm.name, n)), pkg_rel, "script")
                for n, t in scripts.items()
                if isinstance(t, str) and "schema:sync" in t and not release
            ),
            None,
        ),
        db_tls=db_tls_required(texts),
        db_name_literal=literal_db_name(texts, "node"),
        db_fixed=(in_code := db_fixed_in_code(texts)) or db_fixed_in_code(json_configs(tree, folder, texts)),
        db_fixed_call=fixed_connection_call(texts, in_code),
        db_no_host=db_without_host(texts) if "sequelize" in deps_by_name else "",
        reads_env_file=reads_env_file(texts),
        prisma_openssl1=node_prisma.needs_openssl1(data) if schema is not None else "",
        loopback=(loopback_listen(texts, "fastify" in deps_by_name) or "") if kind == "server" else "",
        install_env=tuple(dict((*_skip_downloads(deps_by_name), *image_install_env(tree, folder))).items()),
        release_tools=release_tools,
        start_tools=start_tools(start, deps_by_name),
        config_dev_imports=config_dev_imports(tree, folder, deps_by_name)
        if fw == "nextjs" and kind == "server"
        else runtime_dev_loads(texts, deps_by_name) + babel_runtime(tree, folder, deps_by_name),
        tsc_assets=tsc_assets(tree, folder, texts),
        runtime_files=tuple(
            Sourced(f, join(folder, "Procfile"), "release") for f in release_files(tree, folder)
        )
        + tuple(Sourced(f, pkg_rel, "--env-file") for f in (env_file_reads((start, release), scripts),) if f),
        writable_paths=tuple(dict.fromkeys([*writable, *written_constants(texts)])),
        dev_proxy=dev_proxy(tree, folder) if kind == "spa" else None,
        static_packages=served_client(
            tree, folder, texts, tuple(member_of.members) if member_of else (), start
        )
        if kind == "server"
        else None,
        markers=detection.markers,
        prisma_package=node_prisma.cli_package(tree, schema, folder) if schema else "",
        local_packages=node_local_packages(tree, folder, data) if member_of is None else (),
    )


def _synchronized(typeorm: Sourced[tuple[tuple[str, str], ...]] | None) -> Sourced[str] | None:
    """TypeORM's synchronize, set in the ormconfig whose settings the app gets: it makes the tables."""
    if typeorm is not None and ("TYPEORM_SYNCHRONIZE", "true") in typeorm.value:
        return Sourced("TypeORM synchronize", typeorm.source, "schema")
    return None


_SEEDS = ("seed", "db:seed", "seed:run", "seed:dev", "prisma:seed")
_KNEXFILES = tuple(
    f"{d}knexfile.{x}" for d in ("", "config/", "db/", "src/") for x in ("js", "ts", "cjs", "mjs")
)
