"""Python: pip (requirements with ``-r``/``-c`` includes, or pyproject), poetry, uv,
pipenv, pdm; Django, Flask, FastAPI and other web frameworks; gunicorn, uvicorn and
uwsgi start commands."""

from __future__ import annotations

import re

from .common import (
    Detection,
    dedupe_ports,
    get_path,
    own_settings,
    port_in_command,
    python_sources,
    scan_env_examples,
    services,
    split_command,
    split_services,
    without_runner,
)
from .config_folders import config_folders, settings_dirs
from .config_module import container_block, example_modules
from .dbcode import db_fixed_in_code, db_tls_required, django_engine, engine_driver, literal_db_name
from .django_assets import collected_static, static_packages, under_folder, unmade_migrations
from .django_fixed import fixed_debug, fixed_hosts, geodjango
from .django_hosts import (
    default_settings,
    django_manage,
    django_root_folder,
    production_settings,
    settings_file,
    unloaded_settings,
)
from .django_setup import script_makemigrations
from .dockerfile_pip import dockerfile_requirements
from .dockerfiles import bound_first, dockerfile_cmd, own_wins
from .entry_setup import entrypoint_reset
from .envchoices import imported_dicts, mapping_choices
from .envhelpers import py_env_helpers
from .envini import ini_files_read_from_env, scan_env_ini
from .envpydantic import shared_classes
from .envvars import Collector, scan_python
from .facts import AppFacts, Command, Sourced, WritablePath
from .fixed_sqlite import django_fixed_server, literal_server, sqlite_settings
from .flask_start import flask_before_2_2, flask_start
from .gunicorn import daemon_config, uwsgi_file, uwsgi_start, with_conf
from .home_data import with_home_defaults
from .image_folders import dockerfile_port
from .local_packages import python_local_packages
from .own_metadata import rust_extension
from .package_folder import as_package
from .placed import placed_files, scan_placed
from .procfile_launch import container_web, script_argv
from .projectenv import env_dev_values, env_placeholders, reads_env_file, settings_folders
from .pyramid_start import paste_ini, pyramid_start
from .python_cli_host import listens_everywhere
from .python_deps import REQUIREMENTS_ENTRIES, package_setup_cfg, python_dependencies, python_package_manager
from .python_entry import CONSOLE_SCRIPTS, main_script, script_data, with_image_words
from .python_extras import scm_version_env, scm_version_files, with_extras
from .python_runtime import python_runtime, removed_modules_cap, syntax_floor
from .python_server import code_port, debug_apps, lock_facts, psycopg3_needed, server_specs
from .python_setup import project_name, script_start, serving_script, tools_only
from .python_start import (
    FASTAPI_APP,
    FLASK_APP,
    FLASK_IN_FACTORY,
    UWSGI_BIND,
    asgi_start,
    django_start,
    local_path,
    src_is_package,
    writable_in,
)
from .python_tasks import task_start
from .python_url import SQLALCHEMY_FAMILY, URL_SCHEMES, url_scheme
from .release import (
    alembic_fixed_url,
    data_migration_env,
    flask_migrations,
    flask_seed,
    release_command,
    setup_command,
)
from .schema import app_makes_tables, live_code
from .timezones import legacy_time_zone
from .tree import Tree, join
from .vendored import tree_script
from .wheels import WHEEL_LOCKS, capped, lock_ceiling, pinned_python
from .worker import worker_command
from .writable import config_sqlite, dedupe_writable, flask_assets_folder, in_flask_instance, writable_paths

# invenio-config reads any setting from INVENIO_<NAME> (rero-ils, InvenioRDM): the database's,
# the signing key and the cache are the ones a container sets.
INVENIO_ENV = ("INVENIO_SQLALCHEMY_DATABASE_URI", "INVENIO_SECRET_KEY", "INVENIO_CACHE_REDIS_URL")
MARKERS = ("pyproject.toml", "requirements.txt", "setup.py", "setup.cfg", "Pipfile", "manage.py")
DRIVERS = {
    "psycopg": "postgres",
    "psycopg-binary": "postgres",
    "psycopg2": "postgres",
    "psycopg2-binary": "postgres",
    "psycopg2cffi": "postgres",  # psycopg2 on CFFI (mygpo, with django-db-geventpool)
    "asyncpg": "postgres",
    "pg8000": "postgres",
    "quart-db": "postgres",  # pgjones's, on asyncpg (tozo)
    "mysqlclient": "mysql",
    "pymysql": "mysql",
    "mysql-connector-python": "mysql",
    "aiomysql": "mysql",
    "asyncmy": "mysql",
    "mariadb": "mariadb",
    "pymongo": "mongodb",
    "motor": "mongodb",
    "mongoengine": "mongodb",
    "beanie": "mongodb",
    "redis": "redis",
    "aioredis": "redis",
    "django-redis": "redis",
    "aiosqlite": "sqlite",
}
ORMS = ("django", *SQLALCHEMY_FAMILY, "tortoise-orm", "peewee", "pony", "mongoengine", "beanie", "prisma")
FRAMEWORKS = (
    "django",
    "fastapi",
    "flask",
    "starlette",
    "litestar",
    "sanic",
    "quart",
    "aiohttp",
    "tornado",
    "falcon",
    "bottle",
    "pyramid",
    "streamlit",
)
# Extras that install further packages the start command uses.
DEFAULT_PORT = 8000


_WEB_CLASSIFIER = re.compile(r"Framework :: (?:Django|Flask|FastAPI|Pyramid|Tornado|Bottle|Quart)\b")


def detect(tree: Tree, folder: str) -> Detection | None:
    found = [join(folder, m) for m in MARKERS if tree.has(join(folder, m))]
    if found == [join(folder, "requirements.txt")] and not (tree.text(found[0]) or "").strip():
        found = [] if tree.has(join(folder, "package.json")) else found  # blurts-server's, empty
    if found == [join(folder, "pyproject.toml")] and tools_only(tree.toml(found[0]) or {}):
        found = []  # only the tools' settings (ruff, pytest) of a repository whose app is below
    found = [f for f in found if not f.endswith("setup.cfg") or package_setup_cfg(tree.text(f) or "")]
    if not found:
        entry = next((r for e in REQUIREMENTS_ENTRIES[1:] if tree.has(r := join(folder, e))), None)
        if (entry := entry or dockerfile_requirements(tree, folder)) is not None:  # else its Dockerfile's
            found = [entry]
    if not found:  # an app run from its tree, its libraries in it
        return Detection("python", (script,), 1) if (script := tree_script(tree, folder)) else None
    strength = 2 if tree.has(join(folder, "manage.py")) or tree.has(join(folder, "Procfile")) else 1
    pyproject = tree.toml(toml) if tree.has(toml := join(folder, "pyproject.toml")) else None
    workspace_root = False
    if pyproject is not None and "project" not in pyproject and not get_path(pyproject, "tool", "poetry"):
        workspace_root = isinstance(get_path(pyproject, "tool", "uv", "workspace"), dict) and len(found) == 1
    if strength == 1:
        names = {d.name for d in python_dependencies(tree, folder)[0]}
        # (or its metadata says so: polemarch's `Framework :: Django` beside its Vue front end)
        if names & set(FRAMEWORKS) or any(_WEB_CLASSIFIER.search(tree.text(f) or "") for f in found):
            strength = 2
    return Detection("python", tuple(found), strength, workspace_root)


_INSTANCE_DB = re.compile(r"""instance_path\s*(?:,|/)\s*["']([\w.-]+\.(?:sqlite3?|db))["']""")


# Words of the writes writable.writable_paths reads: only a file that has one is searched
_WRITES = ("sqlite3", "mkdir", "FileHandler", "filename", "/app/", "logger.add", "CachedSession", "_cache(")


def plan(tree: Tree, folder: str, detection: Detection) -> AppFacts:
    deps, req_files = python_dependencies(tree, folder)
    names = {d.name for d in deps}
    dep_source = {d.name: d.source for d in deps}
    pm = with_extras(tree, folder, python_package_manager(tree, folder, req_files))  # .[production]
    runtime = python_runtime(tree, folder)
    locked, only_source = lock_facts(tree, lock := pm.lockfile if pm is not None else None)
    if pm is not None and pm.lockfile is not None and pm.lockfile.endswith(WHEEL_LOCKS):
        runtime = capped(runtime, lock_ceiling(tree, pm.lockfile), pm.lockfile)
    runtime, from_source = pinned_python(tree, runtime, [*req_files, join(folder, "pyproject.toml")], lock)
    locked += tuple(n for n in from_source if n not in locked)
    only_source += tuple(n for n in from_source if n not in only_source)  # (they need a compiler)
    only_source += ("rust-extension",) if rust_extension(tree, folder) else ()  # synapse's maturin
    files = python_sources(tree, folder)
    texts = {rel: tree.text(rel) or "" for rel in files}
    runtime = syntax_floor(removed_modules_cap(runtime, texts, names, tree), texts)

    framework: Sourced[str] | None = None
    for candidate in FRAMEWORKS:
        if candidate in names:
            framework = Sourced(candidate, dep_source[candidate], "dependency")
            break
    # manage.py beside the manifest, or one folder down (shynet/): the commands run there.
    django_root = django_root_folder(tree, folder)
    dj = join(folder, django_root) if django_root else folder
    manage = join(dj, "manage.py")
    if framework is None and django_manage(tree, manage):
        framework = Sourced("django", manage)

    env = Collector()
    scan_placed(tree, folder, placed := placed_files(tree, folder), env)  # a settings file's template
    ports: list[Sourced[int] | None] = []
    writable: list[WritablePath] = []
    start: Command | None = None
    port_guess: Sourced[int] | None = None

    web = container_web(tree, folder)  # not a Cloud Foundry launcher
    if web is not None and (port := port_in_command(web[0])):
        ports.append(Sourced(port, web[1], "web"))

    if "django" in names:
        data_migration_env(tree, folder, env)
    if invenio := dep_source.get("invenio-app") or dep_source.get("invenio-config"):
        for name in INVENIO_ENV:
            env.add(name, invenio, default="")
    dicts = imported_dicts(texts.values())
    shared = shared_classes(texts.values())  # settings classes and enums across modules
    shared = shared._replace(
        helpers=frozenset(
            h for t in texts.values() if "def " in t and "environ" in t for h in py_env_helpers(t)
        )
    )
    unloaded = unloaded_settings(tree, dj) if framework and framework.value == "django" else frozenset()
    unloaded |= env.vendored_files(tree, folder, texts) | env.loose_scripts(tree, folder, texts)
    unloaded |= env.alternative_backends(texts)  # keep's gcpsecretmanager.py: GOOGLE_CLOUD_PROJECT
    for rel, text in texts.items():
        env.relaxed = env.side_tool(local_path(folder, rel)) or rel in unloaded
        scan_python(live_code("python", text), rel, env, shared, "python-decouple" in names)
        for name, keys in mapping_choices(text, dicts).items():
            env.add(name, rel, allowed=keys)
        for ini in ini_files_read_from_env(text):
            ini_rel = join(rel.rpartition("/")[0], ini)
            if (ini_text := tree.text(ini_rel)) is not None:
                scan_env_ini(ini_text, ini_rel, env)
        if re.search(r"ROOT|UPLOAD|sqlite|_DIR|__file__|open\(", text):
            if django_root and rel.startswith(dj + "/"):
                # Paths the Django project names are relative to its own folder, where it runs.
                writable.extend(
                    under_folder(w, django_root) for w in writable_in(text, rel, dj, django_root, texts)
                )
            else:
                writable.extend(writable_in(text, rel, folder, texts=texts))
        if any(w in text for w in _WRITES):
            writable.extend(writable_paths(text, rel, "python"))
        if assets := flask_assets_folder(text, rel, local_path(folder, rel)):
            writable.append(assets)
        if "instance_path" in text or "instance_relative_config" in text:
            # Flask's instance folder (beside the package): the app keeps its data there (its SQLite file)
            writable.append(WritablePath("instance", "data-dir", rel, "Flask instance folder"))
            for db in _INSTANCE_DB.findall(text):  # os.path.join(app.instance_path, "flaskr.sqlite")
                writable.append(WritablePath(f"instance/{db}", "sqlite", rel, "Flask instance folder"))
        port_guess = port_guess or code_port(text, rel)

    writable.extend((*config_sqlite(tree, folder), *config_folders(texts), *settings_dirs(texts, folder)))
    uwsgi_conf = uwsgi_file(tree, folder)
    gunicorn_conf = join(folder, "gunicorn.conf.py")
    for conf in (uwsgi_conf, gunicorn_conf if tree.has(gunicorn_conf) else None):
        if conf and (conf_text := tree.text(conf)):
            m = UWSGI_BIND.search(conf_text)
            if m:
                ports.append(Sourced(int(m.group(1)), conf, "bind"))
    ports.append(port_guess)
    ports.append(dockerfile_port(tree, folder))
    ports.append(scan_env_examples(tree, folder, env))
    if folder:
        scan_env_examples(tree, "", env)
    paste = paste_ini(tree, folder) if "pyramid" in names else None  # pserve production.ini
    port_list = dedupe_ports([paste[1] if paste else None, *ports])
    port = port_list[0].value if port_list else DEFAULT_PORT

    if web is not None and (argv := split_command(web[0], port)):
        start = Command(without_runner(tree, folder, script_argv(tree, folder, argv)), web[1], "web")
    if start is None and uwsgi_conf is not None and names & {"uwsgi", "pyuwsgi"}:  # not a base image's
        start = uwsgi_start(tree, folder, uwsgi_conf, port)

    if framework is None:
        for rel, text in texts.items():
            if FASTAPI_APP.search(text):
                framework = Sourced("fastapi", rel, "FastAPI()")
                break
            if FLASK_APP.search(text) or ("flask" in text and FLASK_IN_FACTORY.search(text)):
                framework = Sourced("flask", rel, "Flask()")
                break
    fw = framework.value if framework else None
    settings_default = default_settings(tree, dj, names, req_files) if fw == "django" else None
    made = script_makemigrations(tree, folder) if fw == "django" else None  # MobSF's StaticAnalyzer
    start = start or serving_script(tree, folder, port) or task_start(tree, folder, port)
    if start is None and fw == "django":
        start = django_start(tree, dj, {r: t for r, t in texts.items() if r.startswith(dj)}, names, port)
    if start is None and fw in ("fastapi", "starlette", "litestar", "quart", "sanic"):
        start = asgi_start(folder, texts, names, port, fw)
    if start is None and fw == "flask":
        start = flask_start(tree, folder, texts, names, port, flask_before_2_2(tree, folder, req_files, lock))
    if start is None and paste is not None:
        start = pyramid_start(tree, folder, paste[0])
    flask_or_asgi = start is not None and bool({"flask", "uvicorn"} & {fw, *start.argv[:3]})
    own_cmd = dockerfile_cmd(tree, folder, port) if start is None or flask_or_asgi else None
    if start and flask_or_asgi and own_cmd and own_wins(own_cmd, start):  # the image's server or launcher
        start = own_cmd
    elif start and start.detail.startswith(CONSOLE_SCRIPTS):  # and the image's words for the script
        start = with_image_words(start, own_cmd)
    start = start or with_image_words(script_start(tree, folder), own_cmd) or own_cmd
    start = start or main_script(tree, folder, texts, port)  # main.py, sickgear.py, a package's __main__.py
    start = with_conf(tree, dj if fw == "django" else folder, start)  # gunicorn.conf.py's raw_env, logs
    start = listens_everywhere(tree, folder, start, port)  # datasette's serve: --host 127.0.0.1
    port_list = bound_first(start, port_list)  # the project's image's --http-socket :8080

    examples = example_modules(tree, folder, texts)
    if block := container_block(tree, folder, examples, texts):  # NetBox's configuration template
        scan_python("\n".join(block[1]), f"{block[0]} (the image's copy)", env)
    databases, caches = split_services(services(deps, DRIVERS))
    databases = django_engine(databases, texts, settings_file(tree, dj)) if fw == "django" else databases
    sqlite_fixed = sqlite_settings(texts, env.result(), fw) if databases else None
    databases = () if sqlite_fixed else databases  # DATABASES keeps SQLite: no server
    orm = tuple(Sourced(o if o != "django" else "django-orm", dep_source[o]) for o in ORMS if o in names)
    driver = engine_driver([d for d in deps if d.name in URL_SCHEMES], texts)
    db_driver = Sourced(driver.name, driver.source) if driver else None
    scheme = url_scheme(driver, names, texts, dep_source)  # postgresql+asyncpg://, postgres://…

    kind = "server" if (framework or (start and (port_list or "--port" in start.argv))) else "worker"
    if framework and framework.value == "streamlit" and start is None:
        start = Command(("streamlit", "run", "app.py", "--server.port", str(port)), framework.source)
    prod_settings = production_settings(tree, dj, settings_default) if fw == "django" else None
    release = release_command(tree, folder, names, framework.value if framework else None, django_root)
    worker = worker_command(tree, folder, texts, base=django_root, src_package=src_is_package(texts))
    # backend/ whose code imports `backend.db`: its modules named through its package
    start, release, worker = as_package(tree, folder, texts, start, release, worker)
    collected = [*(collected_static(tree, folder, w) for w in writable), *script_data(start)]
    if "flask-sqlalchemy" in names:  # Flask-SQLAlchemy 3: a relative SQLite file in instance/
        collected = in_flask_instance(collected, "".join(tree.text(r) or "" for r in req_files), texts)
    return AppFacts(
        path=folder or ".",
        language=Sourced("python", detection.markers[0]),
        kind=kind,
        framework=framework,
        name=project_name(tree, folder),
        runtime=runtime,
        package_manager=pm,
        dependencies=tuple(deps),
        schema_maker=app_makes_tables("python", texts, start.argv if start else ()),
        start=start,
        release=release,
        worker=worker,
        unmigrated=dep_source["flask-migrate"]
        if "flask-migrate" in names and flask_migrations(tree, folder) is None
        else "",
        ports=port_list,
        databases=databases,
        caches=caches,
        orm=orm,
        db_driver=db_driver,
        db_url_scheme=scheme,
        env_vars=with_home_defaults(env.result(), texts),
        own_settings=own_settings(tree, folder, settings_folders(tree, texts, folder)),
        env_placeholders=env_placeholders(tree, folder),
        env_dev_values=env_dev_values(tree, folder),
        locked=locked,
        source_only=only_source,
        local_packages=python_local_packages(tree, folder, req_files),
        production_settings=prod_settings,
        default_settings=settings_default,
        server_specs=server_specs(tree, folder, names, lock),
        example_modules=(*examples, *placed),
        config_block=block,
        debug_apps=debug_apps(tree, folder, texts, names, lock, settings_file(tree, dj))
        if fw == "django"
        else (),
        unmade_migrations=made[1] if made else unmade_migrations(tree, folder) if fw == "django" else "",
        unmade_apps=made[0] if made else (),
        psycopg3_needed=psycopg3_needed(tree, req_files, names, texts, pm),
        has_manage=tree.has(manage),
        django_root=django_root,
        static_packages=static_packages(tree, folder, dj, texts, django=fw == "django"),
        db_tls=db_tls_required(texts),
        db_fixed=db_fixed_in_code(loaded := {r: t for r, t in texts.items() if r not in unloaded})
        or (django_fixed_server(loaded) if fw == "django" else ""),
        db_literal=literal_server(tree, folder, texts, fw, databases, env.result()),
        db_name_literal=literal_db_name(texts, "python") if fw == "django" else None,
        sqlite_settings=sqlite_fixed,
        reads_env_file=reads_env_file(texts),
        gunicorn_daemon=daemon_config(tree, folder) if "gunicorn" in names else "",
        legacy_time_zone=legacy_time_zone(texts),
        reset_step=entrypoint_reset(tree, folder) if release is None else None,  # with no step only
        setup_command=setup_command(texts) if fw in ("flask", "quart") else None,
        seed=flask_seed(texts) if fw == "flask" else None,
        alembic_url=alembic_fixed_url(tree, folder) if "alembic" in names else None,
        fixed_hosts=fixed_hosts(texts, settings_file(tree, dj), {join(folder, t) for t, _ in examples})
        if fw == "django"
        else None,
        fixed_debug=fixed_debug(texts) if fw == "django" and prod_settings is None else "",
        geodjango=geodjango(texts) if fw == "django" else "",
        writable_paths=dedupe_writable(collected),
        install_env=scm_version_env(tree, folder),
        scm_version_files=scm_version_files(tree, folder),
        markers=detection.markers,
    )
