"""The plan of the set-up, computed once from an evaluation: every file to write and every
fact a renderer needs (published port and URL, media root, database and cache services,
volumes, the variables in .env and the ones the app gets).

Renderers (the report and next steps included) read the :class:`Setup`; none works a fact
out again, so two files can never disagree about a port, a path or a variable name.
"""

from __future__ import annotations

import shlex
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

from .answers import Answers
from .engine import Evaluation
from .errors import UserError
from .stacks import (
    CACHES,
    DATABASES,
    LANGUAGE_TOOLS,
    LANGUAGES,
    VERSIONS,
    CacheSpec,
    DatabaseSpec,
    LanguageSpec,
)

if TYPE_CHECKING:
    from .inspect import ProjectFacts

REPORT = "RECOMMENDATIONS.md"
ANSWERS = ".advisor-answers.yaml"
ENV = ".env"
GITIGNORE = ".gitignore"
GITATTRIBUTES = ".gitattributes"

DB_SERVICE = "db"
DB_USER = "app"
NATIVE_DB_HOST = "host.docker.internal"
HOST_GATEWAY = f"{NATIVE_DB_HOST}:host-gateway"
MEDIA_VOLUME = "media"
# In development a port below this is published on the host as DEV_HOST_PORT instead:
# rootless Docker cannot bind it, and port 80 is often taken already.
UNPRIVILEGED_PORTS = 1024
DEV_HOST_PORT = 8080

FileKind = Literal[
    "compose", "run-script", "dockerfile", "dockerignore", "env-example", "env", "gitignore",
    "gitattributes", "report", "answers",
]  # fmt: skip


@dataclass(frozen=True, slots=True)
class FileSpec:
    name: str
    kind: FileKind
    mode: int = 0o644
    removable: bool = False
    """A later run may remove it when the plan no longer has it and it is unedited."""
    append_only: bool = False
    """Never rewritten: an existing file only gets the lines it lacks."""


# Every file advisor can write, in the order they are listed to people.
FILES: dict[FileKind, FileSpec] = {
    spec.kind: spec
    for spec in (
        FileSpec("compose.yaml", "compose", removable=True),
        FileSpec("run.sh", "run-script", mode=0o755, removable=True),
        FileSpec("Dockerfile", "dockerfile", removable=True),
        FileSpec(".dockerignore", "dockerignore", removable=True),
        FileSpec(".env.example", "env-example", removable=True),
        FileSpec(ENV, "env", mode=0o600, append_only=True),
        FileSpec(GITIGNORE, "gitignore", append_only=True),
        FileSpec(GITATTRIBUTES, "gitattributes", append_only=True),
        FileSpec(REPORT, "report", removable=True),
        FileSpec(ANSWERS, "answers"),
    )
}
REMOVABLE = frozenset(spec.name for spec in FILES.values() if spec.removable)
APPEND_ONLY = tuple(spec.name for spec in FILES.values() if spec.append_only)


@dataclass(frozen=True, slots=True)
class Ref:
    """A reference to a variable of .env inside a composed value."""

    var: str


Part = str | Ref


@dataclass(frozen=True, slots=True)
class EnvVar:
    """One variable of .env.

    ``kind``: ``plain`` (``value`` is written as it is), ``secret`` (a random value advisor
    generates, kept from an existing .env), ``credential`` (the user fills it in; may be
    empty) or ``composed`` (made of ``parts``: literal text and other variables).
    """

    name: str
    group: Literal["app", "database", "storage"]
    role: str
    kind: Literal["plain", "secret", "credential", "composed"]
    value: str = ""
    parts: tuple[Part, ...] = ()
    to_app: bool = True
    """Whether the app gets it (not the database's root password)."""


@dataclass(frozen=True, slots=True)
class AppVar:
    """A variable compose.yaml gives the app, built from literal text and .env variables."""

    name: str
    role: str
    parts: tuple[Part, ...]
    source: str = ""
    """The project file where the app reads it (for variables named after the app's own)."""


@dataclass(frozen=True, slots=True)
class AppReads:
    """The environment variables the app itself reads, by role (from the inspector)."""

    names: dict[str, tuple[tuple[str, str], ...]]
    """role -> ((name, source file), ...)"""
    allowed: dict[str, tuple[str, ...]]
    """name -> the values the app accepts, when it says."""
    url_scheme: str | None
    """The scheme the app's database library needs (postgresql+asyncpg, mysql+pymysql)."""

    def of(self, role: str) -> tuple[tuple[str, str], ...]:
        return self.names.get(role, ())


@dataclass(frozen=True, slots=True)
class DatabasePlan:
    spec: DatabaseSpec
    in_container: bool
    """True: a ``db`` service of compose.yaml; False: installed natively (or managed)."""
    host: str
    port: int
    user: str
    name: str

    @property
    def service(self) -> str | None:
        return DB_SERVICE if self.in_container else None

    @property
    def volume(self) -> str | None:
        return self.spec.volume if self.in_container else None


@dataclass(frozen=True, slots=True)
class CachePlan:
    spec: CacheSpec
    service: str
    url: str


@dataclass(frozen=True, slots=True)
class StoragePlan:
    """Media in S3-compatible object storage behind a CDN."""

    bucket: str
    region: str
    endpoint: str
    cdn_url: str


@dataclass(frozen=True, slots=True)
class BuildPlan:
    """How the app is built and started: from the answers, else the project's own files
    (``sources`` says which file each fact came from), else the language's conventions."""

    app_dir: str
    """The app's folder inside the project ("." for the project itself): the build context."""
    kind: str
    """server | spa (a front end built with Node, its output served by a web server) | static | worker"""
    framework: str | None
    runtime_version: str
    """The image's version line: "3.12", "22", "21", "1.25"."""
    package_manager: str
    """pip, poetry, uv, pipenv, pdm, npm, yarn, pnpm, bun, maven, gradle, go, or none."""
    lockfile: str | None
    """Relative to app_dir."""
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
    """Folders (relative to app_dir) the app writes at run time: owned by the app user."""
    sources: dict[str, str]
    """fact -> the project file it was detected from."""


@dataclass(frozen=True, slots=True)
class Setup:
    evaluation: Evaluation
    files: tuple[FileSpec, ...]
    project: str
    language: LanguageSpec
    containers: bool
    orchestration: str
    production: bool
    app_port: int
    host_port: int
    """The port on the Docker host that reaches the app."""
    publish: str
    """The published port as compose.yaml and run.sh write it: ``[ADDRESS:]HOST:CONTAINER``."""
    url: str
    """Where the person opens the app on the Docker host."""
    media_root: str | None
    media_volume: str | None
    database: DatabasePlan | None
    cache: CachePlan | None
    storage: StoragePlan | None
    env: tuple[EnvVar, ...]
    app_env: tuple[AppVar, ...]
    start_command: str
    """The command that builds and starts everything (`docker compose up --build`, `sh run.sh`)."""
    build: BuildPlan

    @property
    def compose(self) -> bool:
        return self.orchestration == "compose"

    @property
    def run_script(self) -> bool:
        return self.orchestration == "docker-run-script"

    @property
    def native_database(self) -> bool:
        return self.database is not None and not self.database.in_container

    def file_names(self) -> list[str]:
        return [f.name for f in self.files]

    def secret_names(self) -> list[str]:
        """The secrets advisor generates for .env."""
        return [v.name for v in self.env if v.kind == "secret"]

    def credential_names(self) -> list[str]:
        """Every .env value to carry over from an existing .env when regenerating: the
        generated secrets and the cloud credentials the user fills in."""
        return [v.name for v in self.env if v.kind in ("secret", "credential")]


# ------------------------------------------------------------------ the plan


def plan(evaluation: Evaluation, project: ProjectFacts | None = None) -> Setup:
    """The one plan every renderer reads; ``project`` holds what was found in the project's
    own files (answers win over it)."""
    a = evaluation.answers
    containers = evaluation.value("runtime") == "containers"
    orchestration = evaluation.value("orchestration")
    production = a.environment == "production"
    language = LANGUAGES[a.language]

    host_port = a.app_port if production or a.app_port >= UNPRIVILEGED_PORTS else DEV_HOST_PORT
    # In development only this machine reaches the app; in production every interface.
    publish = f"{host_port}:{a.app_port}" if production else f"127.0.0.1:{host_port}:{a.app_port}"

    media_root = None
    if containers and evaluation.value("media_storage") == "local-volume":
        media_root = "/usr/share/nginx/html/media" if a.language == "static" else "/data/media"

    database = _database(evaluation) if containers else None
    cache = None
    if containers and a.cache in CACHES:
        spec = CACHES[a.cache]
        cache = CachePlan(spec, spec.key, f"{spec.scheme}://{spec.key}:{spec.port}/0")
    storage = None
    if containers and evaluation.value("media_storage") == "cdn-object-storage":
        stem = a.project_name.replace("_", "-")[:57].strip("-") or "app"
        storage = StoragePlan(
            f"{stem}-media", "us-east-1", "https://s3.us-east-1.amazonaws.com", "https://cdn.example.com"
        )

    if orchestration == "compose":
        start = "docker compose up --build -d" if production else "docker compose up --build"
    else:
        start = "sh run.sh"

    reads = _reads(project, a) if project is not None else None
    env, app_env = _variables(a.environment, a.language, orchestration, database, cache, storage, reads)
    return Setup(
        evaluation=evaluation,
        files=_files(containers, orchestration),
        project=a.project_name,
        language=language,
        containers=containers,
        orchestration=orchestration,
        production=production,
        app_port=a.app_port,
        host_port=host_port,
        publish=publish,
        url=f"http://localhost:{host_port}/",
        media_root=media_root,
        media_volume=MEDIA_VOLUME if media_root else None,
        database=database,
        cache=cache,
        storage=storage,
        env=env if containers else (),
        app_env=app_env if containers else (),
        start_command=start,
        build=build_plan(evaluation.answers, project),
    )


def build_plan(a: Answers, project: ProjectFacts | None) -> BuildPlan:
    """How the app is built and started: the answers, else the project's facts, else conventions."""
    language = a.language
    tools = LANGUAGE_TOOLS.get(language, ())
    manager = a.package_manager or (tools[0] if tools else "none")
    if tools and manager not in tools:
        raise UserError(
            f"answers: key 'package_manager': '{manager}' does not fit language '{language}';"
            f" allowed: {', '.join(tools)}"
        )
    app = project.app(a.app_dir) if project is not None else None
    if app is not None and app.language.value != language:
        app = None  # the answers describe another app than the files do
    sources: dict[str, str] = {}
    pm = app.package_manager if app is not None and app.package_manager is not None else None
    if pm is not None and pm.name != manager:
        pm = None
    if pm is not None:
        sources["package_manager"] = pm.source
    runtime = a.runtime_version or VERSIONS.get(language, "")
    if app is not None and app.runtime is not None and app.runtime.image_tag == runtime:
        sources["runtime_version"] = app.runtime.source
    start: tuple[str, ...] = tuple(shlex.split(a.start_command)) if a.start_command else ()
    bin_dir = None
    if app is not None and app.start is not None and app.start.argv == start:
        sources["start"] = app.start.source
        bin_dir = app.start.bin_dir
    kind = "static" if language == "static" else (app.kind if app is not None else "server")
    build = app.build.argv if app is not None and app.build is not None else ()
    go_main = None
    if language == "go":
        go_main = next((w for w in reversed(build) if w == "." or w.startswith("./")), ".")
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
        build=build,
        output_dir=app.output_dir.value
        if app is not None and app.output_dir is not None and kind == "spa"
        else None,
        start=start,
        start_bin_dir=bin_dir,
        go_main=go_main,
        writable=tuple(dict.fromkeys(w.path for w in app.writable_paths)) if app is not None else (),
        sources=sources,
    )


def _files(containers: bool, orchestration: str) -> tuple[FileSpec, ...]:
    kinds: list[FileKind] = []
    if containers:
        if orchestration == "compose":
            kinds.append("compose")
        elif orchestration == "docker-run-script":
            kinds.append("run-script")
        kinds += ["dockerfile", "dockerignore", "env-example", "env", "gitignore"]
        if orchestration == "docker-run-script":
            kinds.append("gitattributes")
    kinds += ["report", "answers"]
    return tuple(FILES[k] for k in kinds)


def _database(evaluation: Evaluation) -> DatabasePlan | None:
    placement = evaluation.value("database_placement")
    spec = DATABASES.get(evaluation.answers.database)
    if spec is None or placement not in ("container", "native-install"):
        return None
    in_container = placement == "container"
    # The project name as a database name: '-' would need quoting in SQL, '_' does not.
    name = evaluation.answers.project_name.replace("-", "_")
    host = DB_SERVICE if in_container else NATIVE_DB_HOST
    return DatabasePlan(spec, in_container, host, spec.port, DB_USER, name)


def _variables(
    environment: str,
    language: str,
    orchestration: str,
    db: DatabasePlan | None,
    cache: CachePlan | None,
    storage: StoragePlan | None,
    reads: AppReads | None = None,
) -> tuple[tuple[EnvVar, ...], tuple[AppVar, ...]]:
    """The variables of .env and the ones compose.yaml builds for the app from them. With
    ``reads`` (what the app's own code and settings read) the app gets its own names; a
    variable it does not read and that could change its behaviour (APP_ENV) is left out."""
    env: list[EnvVar] = []
    if reads is None:
        env.append(EnvVar("APP_ENV", "app", "app-env", "plain", environment))
    else:
        for name, _ in reads.of("app_env"):
            if name != "NODE_ENV":  # the Node.js image sets it with its dependencies
                env.append(
                    EnvVar(
                        name, "app", "app-env", "plain", _env_word(environment, reads.allowed.get(name, ()))
                    )
                )
        for name, _ in reads.of("secret_key"):
            env.append(EnvVar(name, "app", "app-secret", "secret"))
    app: list[AppVar] = []
    if db is not None:
        spec = db.spec
        if not db.in_container:
            env += [
                EnvVar("DATABASE_HOST", "database", "db-host", "plain", db.host),
                EnvVar("DATABASE_PORT", "database", "db-port", "plain", str(db.port)),
            ]
        env += [
            EnvVar(spec.user_var, "database", "db-user", "plain", db.user),
            EnvVar(spec.password_var, "database", "db-password", "secret"),
            EnvVar(spec.name_var, "database", "db-name", "plain", db.name),
        ]
        if db.in_container and spec.root_password_var:
            env.append(EnvVar(spec.root_password_var, "database", "db-root-password", "secret", to_app=False))
        if db.in_container:
            host: Part = db.host
            port: Part = str(db.port)
        else:
            host, port = Ref("DATABASE_HOST"), Ref("DATABASE_PORT")
        connection = _connection(language, spec, host, port)
        if reads is not None:
            connection = _own_names(connection, reads, language, spec, host, port)
        if orchestration == "compose":
            app += connection
        else:
            # docker run --env-file does not interpolate: the composed values go into .env.
            env += [EnvVar(v.name, "database", v.role, "composed", parts=v.parts) for v in connection]
    if storage is not None:
        env += [
            EnvVar("S3_BUCKET", "storage", "s3-bucket", "plain", storage.bucket),
            EnvVar("S3_REGION", "storage", "s3-region", "plain", storage.region),
            EnvVar("S3_ENDPOINT", "storage", "s3-endpoint", "plain", storage.endpoint),
            EnvVar("CDN_BASE_URL", "storage", "cdn-url", "plain", storage.cdn_url),
            EnvVar("S3_ACCESS_KEY_ID", "storage", "s3-access-key", "credential"),
            EnvVar("S3_SECRET_ACCESS_KEY", "storage", "s3-secret-key", "credential"),
        ]
    if cache is not None:
        app.append(AppVar(cache.spec.url_var, "cache-url", (cache.url,)))
        for name, source in reads.of("redis_url") if reads is not None else ():
            if name != cache.spec.url_var:
                app.append(AppVar(name, "cache-url", (cache.url,), source))
        for name, source in reads.of("redis_host") if reads is not None else ():
            value = f"{cache.service}:{cache.spec.port}" if name.endswith("ADDR") else cache.service
            app.append(AppVar(name, "cache-part", (value,), source))
        for name, source in reads.of("redis_port") if reads is not None else ():
            app.append(AppVar(name, "cache-part", (str(cache.spec.port),), source))
    return tuple(env), tuple(app)


def _env_word(environment: str, allowed: tuple[str, ...]) -> str:
    """The app's own word for the environment, when it accepts only certain values."""
    if not allowed:
        return environment
    wanted = (
        ("development", "dev", "develop", "local") if environment == "development" else ("production", "prod")
    )
    return next((w for w in allowed if w.lower() in wanted), allowed[0])


def _reads(project: ProjectFacts, a: Answers) -> AppReads | None:
    app = project.app(a.app_dir)
    if app is None or app.language.value != a.language:
        return None
    names: dict[str, tuple[tuple[str, str], ...]] = {}
    for var in app.env_vars:
        names[var.role] = (*names.get(var.role, ()), (var.name, var.source))
    scheme = app.db_url_scheme.value if app.db_url_scheme is not None else None
    return AppReads(names, {v.name: v.allowed for v in app.env_vars if v.allowed}, scheme)


_PART_ROLES = {"database_host": "host", "database_port": "port", "database_user": "user",
               "database_password": "password", "database_name": "name"}  # fmt: skip


def _own_names(
    connection: list[AppVar], reads: AppReads, language: str, db: DatabaseSpec, host: Part, port: Part
) -> list[AppVar]:
    """The connection under the names the app reads too, with the URL scheme its library needs."""
    scheme = db.scheme
    family = (reads.url_scheme or "").split("+")[0]
    if (
        reads.url_scheme
        and "+" in reads.url_scheme
        and family in (db.scheme, "postgres")
        and family[:5] == db.scheme[:5]
    ):
        scheme = reads.url_scheme  # the driver suffix SQLAlchemy needs: postgresql+asyncpg, mysql+pymysql
    user, password, name = Ref(db.user_var), Ref(db.password_var), Ref(db.name_var)
    options: tuple[Part, ...] = (db.url_options,) if db.url_options else ()
    url: tuple[Part, ...] = (f"{scheme}://", user, ":", password, "@", host, ":", port, "/", name, *options)
    jdbc: tuple[Part, ...] = (f"jdbc:{db.jdbc}://", host, ":", port, "/", name)
    out = [AppVar(v.name, v.role, url if v.role == "db-url" else v.parts) for v in connection]
    have = {v.name for v in out}
    for var, source in reads.of("database_url"):
        if var not in have:
            value = jdbc if language == "java" and db.jdbc is not None else url
            out.append(AppVar(var, "app-db-url", value, source))
            have.add(var)
    parts: dict[str, tuple[Part, ...]] = {
        "host": (host,),
        "port": (port,),
        "user": (user,),
        "password": (password,),
        "name": (name,),
    }
    for role, part in _PART_ROLES.items():
        for var, source in reads.of(role):
            if var not in have and var not in (db.user_var, db.password_var, db.name_var):
                out.append(AppVar(var, "app-db-part", parts[part], source))
                have.add(var)
    return out


def _connection(language: str, db: DatabaseSpec, host: Part, port: Part) -> list[AppVar]:
    """The variables the app connects with: DATABASE_URL for every language, plus what Spring
    Boot and Go's MySQL driver read."""
    user, password, name = Ref(db.user_var), Ref(db.password_var), Ref(db.name_var)
    options: tuple[Part, ...] = (db.url_options,) if db.url_options else ()
    url: tuple[Part, ...] = (
        f"{db.scheme}://",
        user,
        ":",
        password,
        "@",
        host,
        ":",
        port,
        "/",
        name,
        *options,
    )
    out = [AppVar("DATABASE_URL", "db-url", url)]
    if language == "java":
        if db.jdbc is not None:
            out += [
                AppVar(
                    "SPRING_DATASOURCE_URL", "spring-url", (f"jdbc:{db.jdbc}://", host, ":", port, "/", name)
                ),
                AppVar("SPRING_DATASOURCE_USERNAME", "spring-username", (user,)),
                AppVar("SPRING_DATASOURCE_PASSWORD", "spring-password", (password,)),
            ]
        else:
            # Spring Boot 3 reads spring.data.mongodb.uri; Spring Boot 4 spring.mongodb.uri.
            out += [
                AppVar("SPRING_DATA_MONGODB_URI", "spring-mongo-3", url),
                AppVar("SPRING_MONGODB_URI", "spring-mongo-4", url),
            ]
    elif language == "go" and db.scheme == "mysql":
        out.append(
            AppVar("MYSQL_DSN", "mysql-dsn", (user, ":", password, "@tcp(", host, ":", port, ")/", name))
        )
    return out


def resolve(parts: tuple[Part, ...], values: dict[str, str]) -> str:
    """A composed value with every reference replaced by its value."""
    return "".join(p if isinstance(p, str) else values[p.var] for p in parts)
