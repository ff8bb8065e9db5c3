"""How the app is built and started: the answers, else the project's own files (from the
inspector), else the language's conventions."""

from __future__ import annotations

import dataclasses
import posixpath
import re
import shlex
from typing import TYPE_CHECKING

from . import sqliteplan
from .answers import CONVENTIONS, Answers
from .appdata import names_data_folder, volume_folder
from .assetsplan import SAFE_PATH as _SAFE_PATH
from .assetsplan import assets_plan, beside_client, local_package_copies, member_client
from .buildspec import BuildPlan, app_home, runs_from_tree
from .debpackages import app_packages, native_packages, own_packages
from .errors import UserError
from .inspect.django_fixed import refused_copy
from .inspect.django_hosts import production_files
from .inspect.facts import PackageManager, Sourced, WritablePath
from .inspect.node_typeorm import dropped_ts
from .inspect.python_entry import CONSOLE_SCRIPTS
from .inspect.python_server import SERVER_PACKAGES
from .nativepackages import PYTHON_REQUIRES
from .sqliteplan import DATA_DIR, folder_of
from .stacks import LANGUAGE_TOOLS, NEEDS_COMPILER, VERSIONS

if TYPE_CHECKING:
    from .inspect import AppFacts, ProjectFacts


def app_facts(project: ProjectFacts | None, a: Answers) -> AppFacts | None:
    """The facts of the app the answers describe (its folder and language), if the inspector found it."""
    app = project.app(a.app_dir) if project is not None else None
    if app is None or app.language.value != a.language:
        return None  # none found, or the answers describe another app than the files do
    return app


def context_dir(app: AppFacts | None, a: Answers) -> str:
    """The build context's folder inside the project: the app's folder, or the workspace's
    folder when the app is a member of a workspace whose lockfile lies above it."""
    pm = app.package_manager if app is not None else None
    if pm is not None and pm.workspace is not None and (a.package_manager or pm.name) == pm.name:
        return pm.workspace
    return beside_client(app, a) or a.app_dir


def build_plan(a: Answers, app: AppFacts | None) -> BuildPlan:
    """How the app is built and started: the answers, else the project's facts, else conventions."""
    language = a.language
    tools = LANGUAGE_TOOLS.get(language, ())
    manager = a.package_manager or (tools[0] if tools else "none")
    if tools and manager not in tools:
        raise UserError(
            f"answers: key 'package_manager': '{manager}' does not fit language '{language}';"
            f" allowed: {', '.join(tools)}"
        )
    sources: dict[str, str] = {}
    if app is not None and app.markers and a.app_dir != ".":
        sources["app_dir"] = app.markers[0]
    pm = app.package_manager if app is not None and app.package_manager is not None else None
    if pm is not None and pm.name != manager:
        pm = None
    if pm is not None:
        sources["package_manager"] = pm.source
    if app is not None and app.port is not None and app.port.value == a.app_port:
        sources["app_port"] = app.port.source
    runtime = a.runtime_version or VERSIONS.get(language, "")
    if app is not None and app.runtime is not None and app.runtime.image_tag == runtime:
        # The file and what it asks for: a range (^3.9) is met by the newest line in it.
        constraint = app.runtime.constraint.strip()
        same = constraint in (runtime, f"=={runtime}", f"v{runtime}")
        sources["runtime_version"] = app.runtime.source if same else f"{app.runtime.source}: {constraint}"
    elif a.runtime_version and a.runtime_version != VERSIONS.get(language):
        sources["runtime_version"] = "the answers (runtime_version)"  # a saved or given answer, not a guess
    start: tuple[str, ...] = tuple(shlex.split(a.start_command)) if a.start_command else ()
    bin_dir, start_env = None, tuple[tuple[str, str], ...]()
    if app is not None and app.start is not None and app.start.argv == start:
        sources["start"] = app.start.source
        bin_dir = app.start.bin_dir
        start_env = app.start.env
    elif a.start_command and a.start_command != CONVENTIONS["start_command"].get(language):
        sources["start"] = "the answers (start_command)"  # the person's own command, not a guess
    release = app.release.argv if app is not None and app.release is not None else ()
    guard = ""
    sources |= {"release": app.release.source} if app is not None and app.release is not None else {}
    worker = app.worker if app is not None and app.worker is not None and app.kind == "server" else None
    root = app.django_root if app is not None and _SAFE_DIR.fullmatch(app.django_root) else ""
    if app is not None and app.framework is not None and app.framework.value == "adonisjs":
        root = "build"  # AdonisJS runs in its build (paths such as public/assets are the working folder's)
    sources |= {"worker": worker.source} if worker is not None else {}
    if app is not None and app.kind == "spa" and app.output_dir is not None:
        sources["start"] = app.output_dir.source  # nginx serves the build's output folder
    kind = "static" if language == "static" else (app.kind if app is not None else "server")
    build = app.build.argv if app is not None and app.build is not None else ()
    runners = ("npm", "yarn", "pnpm", "bun")
    if build[1:2] == ("run",) and build[0] in runners and manager in runners:
        build = (manager, *build[1:])  # the package manager answered, not the one detected
    go_main = None
    if language == "go":
        go_main = next((w for w in reversed(build) if w == "." or w.startswith("./")), ".")
    installed = _installed(app)
    if app is not None and a.environment != "production":  # and what development adds to it
        installed |= {n for d in app.debug_apps for n in (d.detail, *PYTHON_REQUIRES.get(d.detail, ()))}
    # With a database server, the app's default SQLite file is unused (sqlite3.connect's is),
    # and so is Django's DATABASES file unless the settings keep SQLite whatever the answer.
    server = a.database != "none" and (app is None or app.sqlite_settings is None)
    writable = tuple(
        w
        for w in (app.writable_paths if app is not None else ())
        if (not w.configured or a.database == "none")
        and not w.kind.startswith("static-dir")
        and not (server and w.detail == "DATABASES NAME")
    )
    static_missing = tuple(
        (w.path, w.source) for w in (app.writable_paths if app is not None else ()) if w.kind == "static-dir"
    )
    data_vars = tuple(v.name for v in (app.env_vars if app else ()) if names_data_folder(v.name, v.default))
    if data_vars:  # the folder they name is the image's data folder, kept in a volume
        writable += (WritablePath(DATA_DIR, "data-dir", data_vars[0], "data folder variable"),)
    if not release:
        release, guard = _guarded_setup(app, start, writable, sources)
    if app is not None and app.ts_sources is not None:
        sources["drop_ts"] = app.ts_sources.source
    beside = beside_client(app, a)  # the context holds the app's folder and its client
    client = member_client(app, pm) if pm is not None and context_dir(app, a) == pm.workspace else ("", ())
    home = app_home(
        "." if beside else posixpath.relpath(a.app_dir or ".", context_dir(app, a) or "."), manager
    )
    sqlite_url = sqliteplan.sqlite_url(app, writable, home) if a.database == "none" else None
    if sqlite_url is not None:
        # The database file leaves the code's folder for data/, which a volume keeps (its settings' entry too)
        moved = sqlite_url[2]
        into = dataclasses.replace(
            moved, path=f"{DATA_DIR}/{moved.path.rpartition('/')[2]}", beside_code=False
        )
        others = (w for w in writable if w.kind != "sqlite" or w.path.removeprefix("./") != moved.path)
        writable = (*others, into)
    writable, secrets = sqliteplan.secret_links(writable)  # Etebase's secret.txt, made as it starts
    links: tuple[tuple[str, str, str], ...] = ()
    if a.database == "none" and sqlite_url is None and language in ("python", "node"):
        writable, links = sqliteplan.sqlite_links(writable)
    elif sqlite_url is not None:  # its own place links there too: the project's .env (kept) may say it
        writable, links = sqliteplan.url_link(sqlite_url[2], into, writable)
    return BuildPlan(
        app_dir=a.app_dir,
        kind=kind,
        framework=app.framework.value if app is not None and app.framework is not None else None,
        runtime_version=runtime,
        package_manager=manager,
        lockfile=pm.lockfile if pm is not None else None,
        tool_version=pm.version if pm is not None else None,
        yarn_berry=pm is not None and pm.flavour == "berry",
        wrapper=pm.wrapper if pm is not None else None,
        manifests=pm.manifests if pm is not None else (),
        vendored=runs_from_tree(language, app, manager),
        freeze_artifact=pm is not None and pm.freeze_artifact,
        build=build,
        output_dir=app.output_dir.value
        if app is not None and app.output_dir is not None and kind == "spa"
        else None,
        own_output_dirs=app.own_output_dirs if app is not None else (),
        config_template=app.config_template if app is not None else (),
        start=_in_workdir(start, root),
        start_bin_dir=bin_dir,
        start_env=start_env,
        go_main=go_main,
        writable=tuple(dict.fromkeys(folder_of(w) for w in writable)),
        # A volume keeps an SQLite file across rebuilds; not in a code folder, which it would hide.
        data_dirs=sqliteplan.outermost(
            folder_of(w)
            for w in writable
            if w.kind in ("sqlite", "data-dir")
            and folder_of(w) != "."
            and volume_folder(folder_of(w))
            and not w.beside_code
        ),
        sources=sources,
        release=_in_workdir(release, root),
        release_guard=guard,
        worker=_in_workdir(worker.argv, root) if worker is not None else (),
        worker_env=worker.env if worker is not None else (),
        static_missing=static_missing if language == "python" else (),
        data_vars=data_vars,
        key_files=tuple(k.value for k in (app.key_files if app else ())),
        self_install_command=_own_command(app, pm),
        example_copies=app.example_modules if app is not None and language in ("python", "node") else (),
        local_hosts=refused_copy(app, a.environment == "production") if language == "python" else "",
        config_block=app.config_block if app is not None and language == "python" else None,
        make_migrations=app.unmade_migrations if app is not None and app.has_manage else "",
        make_apps=app.unmade_apps if app is not None and app.has_manage else (),
        python_src=language == "python" and ("PYTHONPATH", "src") in start_env,
        debug_installs=tuple(d.value for d in app.debug_apps)
        if app is not None and a.environment != "production"
        else (),
        server_install=_server_install(app, start, installed) if language == "python" else None,
        psycopg3_needed=app.psycopg3_needed if app is not None and a.database == "postgres" else "",
        env_file_read=app.reads_env_file if app is not None else "",
        start_script=bool(sources.get("start"))
        and app is not None
        and app.start is not None
        and ".scripts." in app.start.detail
        and app.start.argv == start,
        # (a scoped fork counts: @louislam/sqlite3)
        needs_compiler=app is not None
        and (
            any({n, n.rpartition("/")[2]} & NEEDS_COMPILER.get(language, frozenset()) for n in installed)
            or bool(app.source_only)
        ),
        prisma=_prisma(app) if language == "node" else None,
        prisma_openssl1=app.prisma_openssl1 if app is not None and language == "node" else "",
        release_tools=app.release_tools if app is not None and language == "node" else (),
        start_tools=app.start_tools
        if app is not None and language == "node" and app.start is not None and app.start.argv == start
        else (),
        config_dev_imports=app.config_dev_imports if app is not None and language == "node" else (),
        tsc_assets=app.tsc_assets if app is not None and language == "node" else (),
        root_build=pm.root_build if pm is not None else "",
        drop_ts=dropped_ts(app, start, release, build) if app is not None and language == "node" else (),
        install_env=app.install_env if app is not None and language in ("node", "python") else (),
        scm_version_files=app.scm_version_files if app is not None and language == "python" else (),
        context_dir=context_dir(app, a),
        beside=posixpath.relpath(a.app_dir, beside) if beside else "",
        local_packages=local_package_copies(app, a, beside),
        package=pm.package if pm is not None else None,
        extras=pm.extras if pm is not None else (),
        groups=pm.groups if pm is not None else (),
        builds_first=pm.builds_first if pm is not None and context_dir(app, a) == pm.workspace else (),
        prisma_package=posixpath.relpath(app.prisma_package, pm.workspace)
        if app is not None and app.prisma_package and pm is not None and pm.workspace is not None
        else "",
        member_client=client[0],
        member_client_copy=client[1],
        compiles_first=pm.compiles_first if pm is not None and context_dir(app, a) == pm.workspace else (),
        tool_implied=pm.implied_version if pm is not None else None,
        build_packages=native_packages(installed, 0, language, runtime),
        runtime_packages=native_packages(installed, 1, language, runtime)
        + (app_packages(app, runtime) if language == "python" else ()),
        system_packages=own_packages(app),
        lock_drift=pm.drift if pm is not None else (),
        install_script=pm.install_script if pm is not None else None,
        install_migrates=pm is not None and pm.install_migrates,
        legacy_peer_deps=pm.legacy_peer_deps if pm is not None else None,
        lock_registry=pm.lock_registry if pm is not None else None,
        uv_frozen=pm.frozen_by if pm is not None else None,
        self_install=pm.self_install if pm is not None else None,
        self_install_deps=pm.self_install_deps if pm is not None else False,
        dependencies_only=pm.dependencies_only if pm is not None else (),
        runtime_files=tuple(f.value for f in app.runtime_files) if app is not None else (),
        static_root=_static_root(app, a) if language == "python" else None,
        static_root_guarded=_static_root_guarded(app) if language == "python" else False,
        assets=assets_plan(app, bool(_static_root(app, a)), runtime, beside)
        if language == "python" or context_dir(app, a) in (a.app_dir, beside)
        else None,
        workdir=root,
        static_committed=next((w.source for w in writable if w.kind == "static-committed"), None),
        sqlite_url=sqlite_url[:2] if sqlite_url is not None else None,
        sqlite_links=links,
        secret_links=secrets,
        sqlite_in_code=tuple(dict.fromkeys((folder_of(w), w.source) for w in writable if w.beside_code)),
    )


def flask_spec(start: tuple[str, ...]) -> str:
    """The app the start command serves, as `flask --app` names it (flaskr:create_app())."""
    if "--app" in start[:-1]:
        return start[start.index("--app") + 1]
    if start[:1] == ("env",) and start[1:2] and start[1].startswith("FLASK_APP="):
        return start[1].partition("=")[2]  # Flask < 2.2: `env FLASK_APP=spec flask run`
    return next((w for w in start[1:] if ":" in w and not w.startswith(("0.0.0.0", "-"))), "app")


def _guarded_setup(
    app: AppFacts | None, start: tuple[str, ...], writable: tuple[WritablePath, ...], sources: dict[str, str]
) -> tuple[tuple[str, ...], str]:
    """A Flask app's own table-making command (``flask init-db``, which usually drops what is
    there) as the release step when its SQLite file lives in a volume: run only while that file
    does not exist yet, so it makes the tables on the first start and never clears data. The
    step and that file; nothing when it cannot be guarded."""
    if app is None or app.setup_command is None:
        return (), ""
    db_file = next(
        (w.path for w in writable if w.kind == "sqlite" and not w.configured and not w.beside_code), None
    )
    spec = flask_spec(start)
    if (
        db_file is None
        or "/" not in db_file
        or not _SAFE_PATH.fullmatch(db_file)
        or not _SPEC.fullmatch(spec)
    ):
        return (), ""
    sources["release"] = app.setup_command.source
    # Double quotes where needed: run.sh puts the whole line in single quotes.
    argv = setup_argv(app.setup_command, start)
    command = " ".join(w if re.fullmatch(r"[\w./-]+", w) else f'"{w}"' for w in argv)
    return ("sh", "-c", f"[ -e {db_file} ] || exec {command}"), db_file


def setup_argv(command: Sourced[str], start: tuple[str, ...]) -> tuple[str, ...]:
    """The app's own table-making command as it is run: a Flask CLI command through `flask
    --app` (``init-db``), a Flask-Script one through its manage.py (``recreate_db``)."""
    if command.detail == "flask-script":
        return ("python", command.source.rsplit("/", 1)[-1], command.value)
    if command.detail == "script":  # a package.json script, as the package manager runs it
        return tuple(shlex.split(command.value))
    if start[:1] == ("env",):  # Flask < 2.2 has no --app: its variable
        return ("env", f"FLASK_APP={flask_spec(start)}", "flask", command.value)
    return ("flask", "--app", flask_spec(start), command.value)


_SPEC = re.compile(r"[\w.:()]+")


_SAFE_DIR = re.compile(r"[A-Za-z0-9_][A-Za-z0-9._-]*")


def _static_root(app: AppFacts | None, a: Answers) -> str | None:
    """Where a Django app's settings put STATIC_ROOT, when its manage.py is at its top. Not
    the production settings' own in development, which runs another module (without a
    STATIC_ROOT collectstatic stops; runserver with DEBUG on serves the files itself)."""
    if app is None or app.framework is None or app.framework.value != "django" or not app.has_manage:
        return None
    skip = production_files(app.production_settings, app.default_settings, a.environment)
    found = sorted(
        (w for w in app.writable_paths if w.kind == "static-root" and not w.source.startswith(skip)),
        key=lambda w: w.detail.endswith("in a block"),  # one set outright first
    )
    return found[0].source if found else None


def _in_workdir(argv: tuple[str, ...], root: str) -> tuple[str, ...]:
    """A command the project writes from its top (the Procfile's `gunicorn --chdir back
    back.wsgi`, `python back/manage.py migrate`) as it runs in the Django folder the image
    works in (WORKDIR /app/back): no --chdir to it, no folder before its paths."""
    if not root:
        return argv
    out: list[str] = []
    for i, arg in enumerate(argv):
        if arg == "--chdir" and i + 1 < len(argv) and argv[i + 1].rstrip("/") == root:
            continue
        if (i and argv[i - 1] == "--chdir" and arg.rstrip("/") == root) or arg == f"--chdir={root}":
            continue
        if arg.startswith(f"{root}/"):
            arg = arg[len(root) + 1 :]
        elif argv[0] in ("sh", "bash") and i == len(argv) - 1:
            arg = re.sub(
                rf"(?<![\w./-]){re.escape(root)}/", "", re.sub(rf"--chdir[ =]{re.escape(root)}\b ?", "", arg)
            )
        out.append(arg)
    return tuple(out)


def _own_command(app: AppFacts | None, pm: PackageManager | None) -> str:
    """The project's console script its release step or its start runs (maloja's `maloja`), when
    pip installs requirements files only (see BuildPlan.self_install_command)."""
    if app is None or pm is None or pm.name != "pip" or pm.self_install or pm.install_script:
        return ""
    if not all(m.endswith((".txt", ".in")) for m in pm.manifests):
        return ""
    release, start = app.release, app.start
    if release is not None and release.detail == "the project's command":
        return release.argv[0]
    return start.argv[0] if start is not None and start.detail.startswith(CONSOLE_SCRIPTS) else ""


def _static_root_guarded(app: AppFacts | None) -> bool:
    """Every STATIC_ROOT the settings set is set under a condition (see BuildPlan)."""
    roots = [w for w in app.writable_paths if w.kind == "static-root"] if app is not None else []
    return bool(roots) and all(w.detail.endswith("in a block") for w in roots)


def _prisma(app: AppFacts | None) -> str | None:
    """How the app uses Prisma (see BuildPlan.prisma), from its dependencies' sections."""
    orm = {o.value: o.detail for o in app.orm} if app is not None else {}
    if "prisma" in orm:
        return "runtime" if orm["prisma"] == "dependencies" else "dev"
    return "client" if "@prisma/client" in orm else None


def _server_install(
    app: AppFacts | None, start: tuple[str, ...], installed: set[str]
) -> tuple[str, str] | None:
    """The start command's server (uvicorn, gunicorn...) when the install does not bring it:
    listed only in a dev group (installed on its own, at the lockfile's version), or nowhere."""
    package = SERVER_PACKAGES.get(start[0]) if start else None
    if package is None:
        return None
    listed = next((s for s in app.server_specs if s.detail == package), None) if app is not None else None
    if listed is not None:
        return listed.value, listed.source
    return None if package in installed or app is None else (package, "")


def _installed(app: AppFacts | None) -> set[str]:
    """What the install brings: the direct dependencies and, when a lockfile lists them, their
    dependencies too (a native package deep in the tree needs its libraries all the same), and
    "NAME from source" for each that builds from source (its headers: nativepackages)."""
    if app is None:
        return set()
    return (
        {d.name for d in app.dependencies} | set(app.locked) | {f"{n} from source" for n in app.source_only}
    )
