"""The facts the inspector reports: plain frozen dataclasses, no wording.

Every fact names the file it came from (``source``: a path relative to the inspected folder, with
``/`` separators) and, where useful, the key or line inside that file (``detail``), so a user can
be told "detected from pyproject.toml (requires-python)"."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Generic, TypeVar

T = TypeVar("T")


@dataclass(frozen=True)
class Sourced(Generic[T]):
    """A value and where it was found."""

    value: T
    source: str
    detail: str = ""


@dataclass(frozen=True)
class RuntimeVersion:
    """The runtime version the project asks for and the image tag chosen to satisfy it.

    ``constraint`` is the text as written (``">=3.11,<3.13"``, ``"^20"``, ``"17"``,
    ``"1.22"``); ``image_tag`` is the newest supported line that satisfies it (``"3.12"``)
    or the exact version when the project pins one (``"20.11.1"``); None when no known
    line satisfies it. ``supported`` is False when the tag lies outside advisor's table of
    current lines (an old pin such as Python 3.9 or Java 8).
    """

    runtime: str  # python, node, java, go
    constraint: str
    image_tag: str | None
    supported: bool
    source: str
    detail: str = ""


@dataclass(frozen=True)
class PackageManager:
    """How dependencies are installed.

    ``name``: pip, poetry, uv, pipenv, pdm, npm, yarn, pnpm, bun, maven, gradle, go.
    ``lockfile``: relative path of the lockfile (may be in a parent folder for workspaces).
    ``version``: the tool version when stated (``packageManager: "pnpm@9.1.0"``), and for
    yarn ``flavour`` is ``classic`` or ``berry``. ``wrapper``: ``mvnw`` / ``gradlew`` when the
    project ships one. ``install``: an argv that installs the dependencies.
    ``manifests``: the files the install step needs (e.g. ``requirements.txt`` and every
    file it includes with ``-r``/``-c``).
    ``workspace``: the folder of the workspace whose lockfile the app installs from, when it
    is above the app's folder (a uv, npm, yarn or pnpm workspace member); ``package``: the
    app's name in it.
    """

    name: str
    source: str
    lockfile: str | None = None
    version: str | None = None
    flavour: str | None = None
    wrapper: str | None = None
    install: tuple[str, ...] = ()
    manifests: tuple[str, ...] = ()
    extras: tuple[str, ...] = ()
    """pyproject's optional dependencies meant for production that the install adds."""
    groups: tuple[str, ...] = ()
    """pyproject's dependency groups meant for production that the install adds."""
    workspace: str | None = None
    package: str | None = None
    implied_version: str | None = None
    """The tool's major version the lockfile's format implies, when no ``packageManager``
    field pins one (pnpm-lock.yaml ``lockfileVersion: '9.0'`` → pnpm 9, or 10 when
    pnpm-workspace.yaml holds settings; yarn.lock v1 → yarn 1); the exact version
    ``devEngines.packageManager`` names."""
    frozen_by: str | None = None
    """The project's Dockerfile that installs uv.lock with ``--frozen``: the image does too."""
    drift: tuple[str, ...] = ()
    """What the manifest asks for that the lockfile does not record (``name@range``): the
    frozen install stops with an error until the lockfile is brought up to date."""
    install_script: str | None = None
    """The project's own install-time script (``scripts.postinstall``) that needs its files."""
    install_migrates: bool = False  # that script migrates a database: the install runs no scripts
    dependencies_only: tuple[str, ...] = ()  # pip: what a pyproject with no [build-system] lists
    freeze_artifact: bool = False  # the requirements pin pkg-resources==0.0.0 (Ubuntu's pip freeze)
    named_by_root: bool = False
    """The workspace root's start script runs this member's: it is the app."""
    root_build: str = ""  # the root's script that builds the member with another's output (teammapper)
    builds_first: tuple[str, ...] = ()
    """A workspace member's local packages with a build of their own (their folders, relative
    to the workspace's), in the order they build: the app imports what they build."""
    compiles_first: tuple[str, ...] = ()  # those among them that compile with tsc (no build script)
    self_install: str | None = None
    """The project's own package, installed after the requirements, and why: the entry points
    it declares for its plugins (``setup.py: alerta.plugins``), or the dependencies its
    pyproject.toml declares that the requirements lack (``pyproject.toml: fastapi, sqlmodel``)."""
    self_install_deps: bool = False
    """That install brings the package's own dependencies (the latter); else --no-deps."""
    lock_registry: str | None = None
    """The registry host package-lock.json records every package at when not npm's own, and
    no .npmrc names a registry (registry.npm.taobao.org): the install fetches from npm's."""
    legacy_peer_deps: str | None = None
    """Where the project installs with npm's ``--legacy-peer-deps`` (its Dockerfile, a
    package.json script, its CI workflow, its README): a lockfile made that way fails
    ``npm ci`` without the flag (ERESOLVE, or "not in sync")."""


@dataclass(frozen=True)
class Command:
    """An exec-form command (argv) and where it came from.

    ``bin_dir`` is set when ``argv[0]`` is a package's binary that lives in a project
    folder (``node_modules/.bin``) rather than on the image's PATH.
    """

    argv: tuple[str, ...]
    source: str
    detail: str = ""
    bin_dir: str | None = None
    env: tuple[tuple[str, str], ...] = ()
    """Variables the script sets for the command (``NODE_PATH=./dist node dist/index.js``)."""


@dataclass(frozen=True)
class Dependency:
    """A dependency as declared (normalised name) and the manifest declaring it."""

    name: str
    source: str


@dataclass(frozen=True)
class Service:
    """A backing service the app talks to, inferred from a driver dependency.

    ``kind``: postgres, mysql, mariadb, mongodb, redis (or sqlite / h2 for embedded ones,
    which need no service). ``dependency``: the driver that says so.
    """

    kind: str
    dependency: str
    source: str


@dataclass(frozen=True)
class EnvVar:
    """An environment variable the app reads, with its guessed role (see ``envvars.ROLES``).

    ``allowed`` lists the values the app accepts when it states them (a ``Literal`` or an
    ``Enum`` on a settings field); ``default`` is the default written next to it, if any.
    """

    name: str
    role: str
    source: str
    allowed: tuple[str, ...] = ()
    default: str | None = None
    required: bool = False
    """Read so that the app stops without it (``os.environ["X"]``: KeyError at start)."""
    truthy: bool = False  # read as the raw string's truth (bool(getenv("DEBUG", 0))): "0" is true
    raises: bool = False  # read with no default where it raises, if only in a branch (config("X"))
    spaced: bool = False  # a list the code splits on spaces (`.split(" ")`), not commas


@dataclass(frozen=True)
class Setting:
    """A variable the project's own ``.env.example`` (with its example value) or ``.env``
    (name only: its values are never read) defines."""

    name: str
    value: str
    source: str
    empty: bool = False
    """Written as an explicit empty value (``SWAGGER_USER=""``): empty is its value, not a blank
    left to fill in."""


@dataclass(frozen=True)
class WritablePath:
    """A folder (relative to the app folder) the app writes at run time.

    ``kind``: sqlite, media, uploads, static-root, data, logs, data-dir (the folder the app
    keeps its data in, by default: a volume keeps it).
    """

    path: str
    kind: str
    source: str
    detail: str = ""
    beside_code: bool = False
    """An SQLite file in a folder of the app's code: a volume there would hide the code."""
    configured: bool = False
    """An SQLite file the app is configured with (a database URL's default, Django's
    DATABASES, a setting): a database server's URL replaces it."""
    scheme: str = ""
    """The URL scheme of an SQLite file named by a database URL (``sqlite``, ``sqlite+aiosqlite``)."""


@dataclass(frozen=True)
class StaticPackages:
    """The npm packages a Python app's static files come from (``detail``: django-npm's ``NpmFinder``,
    a ``STATICFILES_DIRS`` entry naming node_modules; ``build``: the script of its package.json that
    builds its assets), or a Node server's client (``detail`` "served": its build writes ``output``,
    the server serves ``target`` and writes there if ``written``). ``folder``'s package.json installs
    them (relative to the app folder); ``source`` reads or serves them; ``node`` is package.json's
    engines.node; ``git``: some come from git repositories (the install needs git)."""

    folder: str
    manager: PackageManager
    source: str
    detail: str
    node: RuntimeVersion | None = None
    build: str = ""
    output: str = ""
    target: str = ""
    written: bool = False
    git: bool = False
    install_hook: str = ""  # package.json's own postinstall (prepare…) script: it needs the files


@dataclass(frozen=True)
class AppFacts:
    """What one app folder is and how it is built and run.

    ``path`` is the app folder relative to the inspected folder (``"."`` for the folder
    itself). ``kind``: ``server`` (a long-running process listening on a port), ``spa``
    (a front end built into static files, ``build`` and ``output_dir`` say how),
    ``static`` (files served as they are), ``worker`` (a program with no port stated).
    """

    path: str
    language: Sourced[str]
    kind: str
    framework: Sourced[str] | None = None
    name: Sourced[str] | None = None
    runtime: RuntimeVersion | None = None
    package_manager: PackageManager | None = None
    dependencies: tuple[Dependency, ...] = ()
    build: Command | None = None
    output_dir: Sourced[str] | None = None
    start: Command | None = None
    release: Command | None = None
    """What must run once before a new version starts (migrations), when the project says."""
    worker: Command | None = None
    """The app's background worker (a queue consumer from the same code), when it has one."""
    schema_maker: Sourced[str] | None = None
    """What in the app's own code makes its tables as it starts (sequelize.sync(), Flyway)."""
    knex_envs: Sourced[tuple[str, ...]] | None = None
    """The environments a knexfile has (development, test), which NODE_ENV picks from."""
    seed: Command | None = None
    """The project's own command that loads seed data (`npm run seed`): nothing runs it."""
    reads_env_file: str = ""
    """The code file that reads the app's settings from the file ``.env`` itself, not from its
    environment (``dotenv.parse(fs.readFileSync('.env'))``, ``dotenv_values(".env")``)."""
    gunicorn_daemon: str = ""
    """gunicorn.conf.py when it sets daemon = True (the container would stop at once)."""
    spring_profiles: tuple[Sourced[str], ...] = ()
    """Spring: ``profile=engine`` of profile files that configure a database server the main
    configuration does not (the profile to turn on for it)."""
    ports: tuple[Sourced[int], ...] = ()
    databases: tuple[Service, ...] = ()
    caches: tuple[Service, ...] = ()
    orm: tuple[Sourced[str], ...] = ()
    db_driver: Sourced[str] | None = None
    db_url_scheme: Sourced[str] | None = None
    env_vars: tuple[EnvVar, ...] = ()
    writable_paths: tuple[WritablePath, ...] = ()
    own_settings: tuple[Setting, ...] = ()
    locked: tuple[str, ...] = ()
    """Every package the lockfile installs (their dependencies too), when it lists them."""
    source_only: tuple[str, ...] = ()  # those it has no wheel of at all: they compile
    production_settings: Sourced[str] | None = None
    django_root: str = ""
    """The folder (below the app's) that holds manage.py, when it is not the app's own."""
    static_packages: StaticPackages | None = None
    """The npm packages collectstatic gathers static files from, or a Node server's client."""
    default_settings: Sourced[str] | None = None
    """Django's settings module other than manage.py's default (see django_hosts.default_settings)."""
    psycopg3_needed: str = ""
    """The file building a plain ``postgresql://`` URL that SQLAlchemy 2.1+ would open with
    psycopg 3 (see python_server.psycopg3_needed)."""
    example_modules: tuple[tuple[str, str], ...] = ()
    """(template, module) of modules imported that exist only as a template (config_module)."""
    config_block: tuple[str, tuple[str, ...]] | None = None  # (module, lines its copy gets): config_module
    unmade_migrations: str = ""
    """A Django app's migrations/ with only __init__.py beside its models: none committed; or
    the start script that makes the migrations of ``unmade_apps`` (MobSF's StaticAnalyzer)."""
    unmade_apps: tuple[str, ...] = ()
    debug_apps: tuple[Sourced[str], ...] = ()
    """Django: packages the settings load only with DEBUG on that only a development group
    lists (see python_server.debug_apps)."""
    server_specs: tuple[Sourced[str], ...] = ()
    """Python servers listed only outside the main dependencies (see python_server.server_specs)."""
    typeorm: Sourced[tuple[tuple[str, str], ...]] | None = None
    """TypeORM 0.2 read with no options and no ormconfig file: it reads TYPEORM_* variables;
    the settings besides the connection (entities, synchronize) and their source."""
    ts_sources: Sourced[tuple[str, ...]] | None = None  # .ts folders a TypeORM list loads (node_typeorm)
    unmigrated: str = ""
    """The migration tool the app depends on whose migrations the project does not commit
    (Flask-Migrate with no migrations/ folder): no step can create its tables."""
    release_tools: tuple[str, ...] = ()  # dev dependencies the release step runs (env-cmd): kept
    start_tools: tuple[str, ...] = ()  # the dev dependency the start runs (babel-node): kept
    scm_version_files: tuple[str, ...] = ()  # the version module setuptools-scm writes from git
    config_dev_imports: tuple[str, ...] = ()  # dev dependencies next.config imports as it starts
    tsc_assets: tuple[tuple[str, str], ...] = ()  # (file, its place in outDir): node_tsc_assets
    listen_host: bool = True  # the code gives listen() an address (else APP_HOST builds URLs)
    install_env: tuple[tuple[str, str], ...] = ()
    """Variables the image's install needs: Node's keep dev-only test tools (Cypress) from
    downloading browsers; Python's give setuptools-scm a version (.git stays out)."""
    env_dev_values: tuple[str, ...] = ()  # NAME=value of the project's own .env for development
    key_files: tuple[Sourced[str], ...] = ()  # committed keys the app reads (key_files): mounted
    env_placeholders: tuple[str, ...] = ()
    """Names the project's own .env gives a placeholder value (``changethis``)."""
    fixed_hosts: Sourced[tuple[str, ...]] | None = None
    """Django: the hosts the settings answer for, fixed in the code (no variable sets them)."""
    fixed_debug: str = ""
    """Django: the settings file that sets DEBUG = True in the code."""
    geodjango: str = ""  # the GeoDjango backend the settings name (django_fixed.geodjango)
    alembic_url: Sourced[str] | None = None
    """The database URL alembic.ini fixes for migrations whose env.py takes it as it is."""
    setup_command: Sourced[str] | None = None
    """A CLI command of the app's own that creates its tables (Flask's `init-db`): nothing runs it."""
    reset_step: Command | None = None
    """The entrypoint's database set-up that drops every table first: not run on each start."""
    prisma_openssl1: str = ""
    """The Prisma release range (^3.3.0) of a Prisma older than 3.13, which knows no OpenSSL 3:
    its engines need a Debian with OpenSSL 1.1 (bullseye)."""
    sqlite_settings: Sourced[str] | None = None
    """The setting (Django's DATABASES, SQLALCHEMY_DATABASE_URI) and its file that keep the
    database in SQLite while the requirements list a server's driver (no server is set up)."""
    db_fixed: str = ""
    """The code file that fixes the database connection (host localhost) and reads no variable."""
    db_fixed_call: bool = False  # that file connects itself (TypeOrmModule.forRoot({host: ...}))
    db_no_host: str = ""  # the code file that connects with no host (Sequelize's: localhost)
    legacy_time_zone: Sourced[str] | None = None
    """A time zone the code names by a legacy name (CET, US/Eastern): Debian's tzdata-legacy."""
    db_name_literal: Sourced[str] | None = None
    """The database name the connection settings write out beside a host from the environment."""
    db_literal: Sourced[tuple[str, str, str, str, str]] | None = None
    """(engine, host, database, user, password) that the settings write into the code for a
    database server of the project's own compose set-up (tabbycat's settings/docker.py)."""
    pg_extensions: tuple[str, ...] = ()
    """PostgreSQL extensions its migrations use without creating them (uuid-ossp)."""
    secret_forms: tuple[tuple[str, str], ...] = ()
    """(name, ``hex:<bytes>``) of secrets the project wants in a form of its own."""
    system_packages: Sourced[tuple[str, ...]] | None = None
    """Known system packages the project's own Dockerfile installs (exiftool, libgomp1)."""
    db_tls: str = ""
    """The code file whose database connection requires TLS (``?sslmode=require``)."""
    loopback: str = ""
    """The file whose server listens on the loopback address only (listen(port, "127.0.0.1"),
    Fastify's listen({ port }) with no host): unreachable from outside the container."""
    has_manage: bool = False  # Django's manage.py is at the top of the app's folder
    dev_proxy: Sourced[tuple[tuple[str, bool], ...]] | None = None  # a front end's API paths: devproxy
    runtime_files: tuple[Sourced[str], ...] = ()
    """Files and folders (relative to the app folder) the app loads at run time by a relative
    path: a config file viper or godotenv reads, a migrations folder (``file://db/migration``).
    An image that holds only the built program copies them too."""
    markers: tuple[str, ...] = ()
    prisma_package: str = ""  # the workspace package with the Prisma schema and CLI (rallly's)
    local_packages: tuple[str, ...] = ()  # its path dependencies outside its folder (file:../shared)
    own_output_dirs: tuple[str, ...] = ()  # build/, dist/ holding committed files (not git-ignored)
    config_template: tuple[str, ...] = ()  # (variable, template, file): see config_template.py

    @property
    def port(self) -> Sourced[int] | None:
        """The port the project states first (the most specific source), if any."""
        return self.ports[0] if self.ports else None


@dataclass(frozen=True)
class DbInit:
    """A database the project's own compose file initialises: the image's engine (postgres,
    mysql, mariadb, mongodb), the project's files it mounts into the image's
    ``/docker-entrypoint-initdb.d`` as (path relative to the project, target in the container),
    the database name it gives the image (or the one its SQL ``USE``s), and that compose file."""

    engine: str
    scripts: tuple[tuple[str, str], ...]
    database: Sourced[str] | None
    source: str


@dataclass(frozen=True)
class ProjectFacts:
    """Everything found in one inspected folder.

    ``apps``: every app folder found, the primary one first; ``primary`` is the app a
    single-container set-up would run (a server rather than a front end, the root
    before sub-folders). ``docker_files``: Docker-related files the project already has,
    each with its kind (dockerfile, compose, compose-override, dockerignore, env,
    env-example). ``skipped``: files not read and why (``too-large``, ``symlink-outside``).
    ``truncated``: the walk stopped at its file or depth limit.
    """

    root: str
    apps: tuple[AppFacts, ...]
    project_name: Sourced[str] | None
    docker_files: tuple[Sourced[str], ...] = ()
    files_seen: int = 0
    truncated: bool = False
    skipped: tuple[Sourced[str], ...] = field(default=())
    db_inits: tuple[DbInit, ...] = ()
    db_engines: tuple[Sourced[str], ...] = ()
    """The database engines the project's own compose file runs (from its services' images)."""
    other_services: tuple[Sourced[str], ...] = ()
    """``name=image`` of the other servers the project's compose file runs (a message broker,
    a search engine): these files do not run them."""
    workspace_root: Sourced[str] | None = None  # the JS workspace above that lists this folder

    @property
    def primary(self) -> AppFacts | None:
        return self.apps[0] if self.apps else None

    def app(self, path: str) -> AppFacts | None:
        """The app whose folder is ``path`` (``"."`` for the root), if any."""
        return next((app for app in self.apps if app.path == path), None)
