"""How the app is built and started (:class:`BuildPlan`), one part of the plan in
:mod:`advisor.setup`."""

from __future__ import annotations

import posixpath
from dataclasses import dataclass
from typing import TYPE_CHECKING

from .inspect.package_folder import PACKAGE_ROOT
from .stacks import LANGUAGE_TOOLS

if TYPE_CHECKING:
    from .inspect import AppFacts


@dataclass(frozen=True, slots=True)
class AssetsPlan:
    """The npm packages a Python app's static files come from, installed in a Node stage: the
    node_modules a Django project's collectstatic gathers from, which the Python image copies,
    and/or the project's own asset build, whose output it copies (see inspect.StaticPackages)."""

    folder: str
    """The package.json's folder inside the app folder ("." for its top): node_modules goes there."""
    package_manager: str
    """npm, yarn (classic) or pnpm."""
    manifests: tuple[str, ...]
    """package.json, the lockfile and the tool's settings, relative to the app folder."""
    lockfile: str | None
    node_version: str
    tool_pin: str | None
    """The tool's version for Corepack when package.json's packageManager field pins none."""
    source: str
    """The settings file that reads node_modules (the package.json when only ``build`` needs it)."""
    via: str
    """How it reads them: ``NpmFinder`` or ``STATICFILES_DIRS``; ``build`` when nothing does."""
    build: str = ""
    """The package.json script that builds the assets, run in the stage."""
    output: str = ""
    """A Node server's client (``via`` "served"): the folder its build writes, and ``target``
    the one the server serves, relative to the app folder; ``written``: the server writes there."""
    target: str = ""
    written: bool = False
    npm_pin: str | None = None
    """npm's major for a lockfile the image's npm refuses (see inspect.node_lock.optional_gap)."""
    git: bool = False
    """Packages come from git repositories: the stage installs git first."""
    copied: tuple[str, ...] = ()
    """Manifests copied in, not mounted: pnpm 11 writes its version into the lockfile as it
    installs, and a mounted file cannot be replaced (EBUSY)."""
    install_hook: str = ""
    """package.json's own install-time script (postinstall): the project is copied before the
    install, and what the script writes goes into the image with the build's output."""

    @property
    def build_command(self) -> str:
        """The asset build's command: each of its scripts, in order (`npm run build`)."""
        return " && ".join(f"{self.package_manager} run {script}" for script in self.build.split())


@dataclass(frozen=True, slots=True)
class BuildPlan:
    """How the app is built and started: from the answers, else the project's own files
    (``sources`` says which file each fact came from), else the language's conventions."""

    app_dir: str
    """The app's folder inside the project ("." for the project itself); the build context
    unless ``context_dir`` says otherwise."""
    kind: str
    """server | spa (a front end built with Node, its output served by a web server) | static | worker"""
    framework: str | None
    runtime_version: str
    """The image's version line: "3.12", "22", "21", "1.25"."""
    package_manager: str
    """pip, poetry, uv, pipenv, pdm, npm, yarn, pnpm, bun, maven, gradle, go, or none."""
    lockfile: str | None
    """Relative to the project."""
    tool_version: str | None
    """The package manager's own version when the project pins it (packageManager field)."""
    yarn_berry: bool
    wrapper: str | None
    """mvnw / gradlew when the project ships one."""
    manifests: tuple[str, ...]
    """The files the dependency install needs (requirements files and their -r includes)."""
    build: tuple[str, ...]
    """The build argv (``npm run build``); empty when there is none."""
    output_dir: str | None
    """A front end's build output (dist, build, out)."""
    start: tuple[str, ...]
    """The start command (exec form): the answer, which defaults to the detected command or the
    language's convention (python app.py, node index.js, java -jar app.jar, /app/server, ./start);
    empty only for static sites."""
    start_bin_dir: str | None
    """Where start[0] lives when it is a package's binary (node_modules/.bin)."""
    go_main: str | None
    """The Go main package to build ("./cmd/server" or ".")."""
    writable: tuple[str, ...]
    """Folders (relative to app_dir, or absolute) the app writes at run time: owned by the app
    user; "." is the app folder itself (a file the app creates beside its code)."""
    needs_compiler: bool
    """A dependency compiles on install (no wheel): the build stage needs a compiler."""
    release: tuple[str, ...]
    """What runs once before the app starts (migrations), when the project says; empty if not."""
    sources: dict[str, str]
    """fact -> the project file it was detected from."""
    worker: tuple[str, ...] = ()
    worker_env: tuple[tuple[str, str], ...] = ()
    """The worker line's own variables (a Procfile's ``worker: ENABLE_SERVICE_SERVER=false node x``)."""
    local_packages: tuple[tuple[str, str], ...] = ()
    """(folder in the build context, its place in the image) of path dependencies (file:../shared)."""
    release_guard: str = ""
    """The file whose absence lets the release step run (the app's own table-making command,
    which drops data, run only while its SQLite file does not exist yet)."""
    freeze_artifact: bool = False
    """The requirements file pins `pkg-resources==0.0.0`, which pip cannot install: left out."""
    vendored: bool = False
    """A Python app with no dependency file, run from its own tree with its libraries in it
    (Headphones): the image installs nothing."""
    static_missing: tuple[tuple[str, str], ...] = ()
    psycopg3_needed: str = ""
    """The file that builds a plain postgresql:// URL for an SQLAlchemy free to be 2.1 or later
    (psycopg 3 by default) while the project lists psycopg2 alone: psycopg 3 is installed too."""
    server_install: tuple[str, str] | None = None
    """The start command's Python server when the main dependencies lack it: (requirement to
    install, where the project lists it, "" when nowhere)."""
    """(folder, settings file) of Django's STATICFILES_DIRS the project does not have: its
    own front-end build makes them; collectstatic gets them empty."""
    start_script: bool = False
    env_file_read: str = ""
    """The code file that reads the settings from the file .env (see AppFacts.reads_env_file)."""
    """The start command is one of the project's own scripts ([project.scripts], Poetry's):
    the project itself must be installed for the command to exist."""
    """The app's background worker (Celery, RQ...): its own service from the same image."""
    data_dirs: tuple[str, ...] = ()
    """Folders (relative to app_dir) holding an SQLite database: a named volume keeps them."""
    context_dir: str = ""
    """The build context's folder inside the project: the app's folder, or the workspace's
    folder above it when the app installs from a workspace's lockfile (a uv workspace), or
    the folder holding the app's and the client's it serves (see ``beside``)."""
    beside: str = ""
    """The app's folder inside a build context widened to hold the client beside it (sqlpad's
    ``server``, whose client/ builds the files it serves); "" otherwise."""
    package: str | None = None
    """The app's package name in that workspace (``uv sync --package``)."""
    extras: tuple[str, ...] = ()
    """pyproject's production extras the install adds (``.[production]``)."""
    groups: tuple[str, ...] = ()
    """pyproject's production dependency groups the install adds (``uv sync --group web``)."""
    builds_first: tuple[str, ...] = ()
    """Folders (in the build context) of the workspace packages the app imports that build
    first (npm, yarn and pnpm workspaces), in their order."""
    member_client: str = ""
    """A workspace member's client, another member whose build the server serves (its folder,
    from the workspace's): built in place before the server's own build."""
    member_client_copy: tuple[str, ...] = ()
    """(its output from the workspace's folder, the folder the server serves from its own) when
    they differ: copied there after the server's build."""
    prisma_package: str = ""
    """The workspace package (from the workspace's folder) whose Prisma CLI generates the client."""
    compiles_first: tuple[str, ...] = ()
    """Those of them with no build script that compile with tsc and their tsconfig.json."""
    tool_implied: str | None = None
    """pnpm / yarn major version the lockfile implies when package.json pins none."""
    build_packages: tuple[str, ...] = ()
    """Debian packages the build stage needs for dependencies that compile (headers)."""
    runtime_packages: tuple[str, ...] = ()
    """Debian packages (shared libraries) the final image needs for those dependencies."""
    system_packages: tuple[str, str] | None = None
    """The system packages the project's own Dockerfile installs (space-separated), and that
    file: both stages get them (a dependency's build may run one: pyexifinfo's exiftool)."""
    runtime_files: tuple[str, ...] = ()
    """Files and folders (relative to app_dir) the app loads at run time: an image that holds
    only the built program copies them into its working folder."""
    lock_drift: tuple[str, ...] = ()
    """Dependencies (``name@range``) the manifest asks for and the lockfile does not record."""
    workdir: str = ""
    """The folder below /app the app runs in (a Django project one folder down), "" for /app."""
    static_committed: str | None = None
    """The collected static files' manifest the project commits (no collectstatic in the image)."""
    sqlite_in_code: tuple[tuple[str, str], ...] = ()
    """(folder, file that names it) of SQLite files among the app's code: writable, no volume."""
    static_root: str | None = None
    """The settings file that sets Django's STATIC_ROOT (with manage.py at the app's top): the
    image gathers the static files there with collectstatic."""
    example_copies: tuple[tuple[str, str], ...] = ()
    """(template, module), relative to the app's folder, copied in place in the image: modules
    the code imports that the project keeps only as templates (settings.example.py)."""
    local_hosts: str = ""
    """The copy among them whose fixed ALLOWED_HOSTS refuse this machine in development: the
    image adds localhost and 127.0.0.1 to it (see django_fixed.refused_copy)."""
    config_block: tuple[str, tuple[str, ...]] | None = None
    """(module, lines): the image's copy of a configuration module's template (NetBox's layout)
    gets these lines, which take its connection and secrets from the environment."""
    python_src: bool = False
    """Python: the start imports a package in src/ the install does not install: on PYTHONPATH."""
    make_migrations: str = ""
    """Django: the migrations folder the project commits empty, or the start script that
    makes ``make_apps``'s; the image makes them."""
    make_apps: tuple[str, ...] = ()
    debug_installs: tuple[str, ...] = ()
    """Development: the packages Django's settings load with DEBUG on that the install leaves
    out (a development group's django-debug-toolbar), installed on their own."""
    self_install_command: str = ""
    """The project's own console script the release step runs (fireshare's `fireshare init-db`)
    when the requirements do not install the project: it is installed after them, --no-deps."""
    data_vars: tuple[str, ...] = ()
    """Variables that name the folder the app keeps its data in (SPOOLMAN_DIR_DATA,
    DATA_DIRECTORY): the image sets them to its data folder, which a volume keeps."""
    key_files: tuple[str, ...] = ()
    """Key files the repository commits and the app reads (inspect.key_files), relative to its
    folder: .dockerignore keeps them out of the image; the containers mount them read-only."""
    static_root_guarded: bool = False
    """STATIC_ROOT is set only under a condition (``if not DEBUG:``): collectstatic runs when
    the settings the build loads set it."""
    install_env: tuple[tuple[str, str], ...] = ()
    """(name, value) for the install: test tools download nothing; setuptools-scm's version."""
    scm_version_files: tuple[str, ...] = ()
    """Version modules setuptools-scm writes from git (.git stays out): the image writes them."""
    install_script: str | None = None
    install_migrates: bool = False
    """That script migrates a database (spliit's `prisma migrate deploy`), which the build has
    not: the install runs no lifecycle script, then rebuilds the dependencies' own."""
    """An install-time script (``scripts.postinstall``) that needs the project's files."""
    start_env: tuple[tuple[str, str], ...] = ()
    """Variables the project's start script sets for its command: the image sets them too."""
    self_install: str | None = None
    """The project's package installed after its requirements, and why (the plugin entry points
    it declares: ``setup.py: alerta.plugins``; its own dependencies: ``pyproject.toml: fastapi``)."""
    dependencies_only: tuple[str, ...] = ()
    """pip: the requirements of a pyproject.toml with no [build-system], installed as they are."""
    self_install_deps: bool = False
    """That install brings the package's dependencies (else --no-deps)."""
    uv_frozen: str | None = None
    """The project's Dockerfile that runs `uv sync --frozen`: the image's install does too."""
    lock_registry: str | None = None
    """The mirror package-lock.json records packages at: installed from npm's registry instead."""
    legacy_peer_deps: str | None = None
    """Where the project installs with npm's ``--legacy-peer-deps``: the image's install and
    prune take it too (its lockfile was made that way)."""
    release_tools: tuple[str, ...] = ()
    """Dev dependencies the release step runs (env-cmd, ts-node): the image keeps them."""
    start_tools: tuple[str, ...] = ()
    """The dev dependency the start command runs (babel-node, ts-node): the image keeps it."""
    drop_ts: tuple[str, ...] = ()
    """Folders whose .ts sources the build stage deletes after compiling: a TypeORM list loads
    them from the working folder and Node would fail on them (node_typeorm.ts_source_dirs)."""
    config_dev_imports: tuple[str, ...] = ()
    """Dev dependencies next.config imports (the server loads it): the image keeps them."""
    root_build: str = ""
    """The workspace root's script that builds the app with another member's output copied into
    it (teammapper's `build:prod`): run from the root instead of the app's own build."""
    tsc_assets: tuple[tuple[str, str], ...] = ()
    """(file, its place under tsc's outDir) the compiled code reads from its own folder: copied
    after the build (inspect.node_tsc_assets)."""
    prisma: str | None = None
    own_output_dirs: tuple[str, ...] = ()
    """build/, dist/ that hold the project's own committed files: .dockerignore keeps them."""
    config_template: tuple[str, ...] = ()
    """(variable, template, file) of a settings file the app needs and the project keeps as a template."""
    api_paths: tuple[tuple[str, bool], ...] = ()
    """A front end's: the paths its web server forwards to ``api_upstream`` (the app's service),
    each with whether their prefix is stripped on the way (frontplan)."""
    api_upstream: str = ""
    sqlite_url: tuple[str, str] | None = None
    """(variable, URL) moving the SQLite database the app is configured with out of its code
    folder into ``data/``, a volume the release step shares (``DATABASE_URL=sqlite:////app/data/db.sqlite``)."""
    prisma_openssl1: str = ""
    """The range of a Prisma older than 3.13 (no OpenSSL 3 engines): the Node image is the
    bullseye variant (OpenSSL 1.1)."""
    secret_links: tuple[tuple[str, str, str], ...] = ()
    """(file, its place in ``data/``, the settings module) for the file among the code the
    settings make their secret key in when it is missing (Etebase's ``secret.txt``)."""
    sqlite_links: tuple[tuple[str, str, str], ...] = ()
    """(file, its place in ``data/``, the file that names it) for SQLite files the app's settings
    fix among its code with no variable to move them (Django's ``BASE_DIR / "db.sqlite3"``):
    the image makes each a link into ``data/``, a volume the release step shares."""
    assets: AssetsPlan | None = None
    """Django: npm packages installed for collectstatic (None when it needs none)."""
    """The app uses Prisma: ``runtime`` (the CLI is a dependency), ``dev`` (the CLI is a dev
    dependency only) or ``client`` (only @prisma/client, no CLI); None without Prisma."""

    @property
    def app_home(self) -> str:
        """The app's folder in the image: /app, or its folder in the workspace copied there
        whole (a Node workspace's modules are linked among its folders; uv's member is
        copied to /app)."""
        return app_home(self.member_dir, self.package_manager)

    @property
    def package_alias(self) -> str:
        """The package the app's folder is in the image, linked from PACKAGE_ROOT to /app (see
        inspect.package_folder), or ""."""
        return posixpath.basename(self.app_dir) if ("PYTHONPATH", PACKAGE_ROOT) in self.start_env else ""

    @property
    def member_dir(self) -> str:
        """The app's folder inside the build context ("." when the context is the app's folder)."""
        context = self.context_dir or self.app_dir
        if context == self.app_dir or self.beside:
            return "."  # (beside a client: the app is copied to /app on its own)
        return posixpath.relpath(self.app_dir, context)

    @property
    def pnpm_member(self) -> bool:
        """A pnpm workspace member installed from the workspace's lockfile: the install takes
        only it and the workspace packages it depends on (``--filter <package>...``)."""
        return (
            self.package_manager == "pnpm"
            and self.member_dir != "."
            and bool(self.package and self.lockfile)
            and not self.root_build  # the root's build needs every member's packages
            and not self.member_client  # and so does a client member's
        )


def app_home(member: str, manager: str) -> str:
    """The app's folder in the image for the app ``member`` of its build context: /app, or a
    Node workspace member's own folder under it."""
    return f"/app/{member}" if member not in ("", ".") and manager in LANGUAGE_TOOLS["node"] else "/app"


def runs_from_tree(language: str, app: AppFacts | None, manager: str) -> bool:
    """A Python app found with no dependency file, installed with pip (see BuildPlan.vendored)."""
    return language == "python" and app is not None and app.package_manager is None and manager == "pip"
