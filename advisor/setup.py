"""The plan of the set-up, computed once from an evaluation: every file to write and every
fact a renderer needs (published port and URL, media root, database and cache services,
volumes, the variables in .env and the ones the app gets).

Renderers (the report and next steps included) read the :class:`Setup`; none works a fact
out again, so two files can never disagree about a port, a path or a variable name.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from .engine import Evaluation
from .stacks import CACHES, DATABASES, LANGUAGES, CacheSpec, DatabaseSpec, LanguageSpec

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


def plan(evaluation: Evaluation) -> Setup:
    """The one plan every renderer reads."""
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

    env, app_env = _variables(a.environment, a.language, orchestration, database, cache, storage)
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
) -> tuple[tuple[EnvVar, ...], tuple[AppVar, ...]]:
    """The variables of .env and the ones compose.yaml builds for the app from them."""
    env = [EnvVar("APP_ENV", "app", "app-env", "plain", environment)]
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
    return tuple(env), tuple(app)


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
