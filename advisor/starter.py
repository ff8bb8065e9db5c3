"""The starter files: Dockerfile, .dockerignore, compose.yaml or run.sh, .env.example and .env.

Every file is driven by the answers and the decisions in the advice; no decision is
re-derived here. compose.yaml is built as data and serialised by PyYAML's SafeDumper (as
``yaml.safe_dump`` does, with strings from the answers always double-quoted), so no answer
can change its structure; the other files come from the jinja2 templates in
``templates/starter/``, with every value from the answers validated or shell-quoted.

Secrets (database passwords) live only in ``.env``. compose.yaml gives the app an explicit
environment (references into ``.env``, never ``env_file``), so the database's root password
reaches the database container only; run.sh's ``--env-file`` is used only when ``.env`` holds
nothing but the app's settings. Given the same ``secrets`` mapping,
the output is byte-identical, so the caller can keep the values of an existing ``.env``
(read the names from :func:`credential_names`) and regenerating is a no-op.
"""

from __future__ import annotations

import re
import secrets as _secrets
import shlex
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING, Any

import yaml

from .errors import AdvisorError, UserError
from .plan import ANSWERS, GITATTRIBUTES, GITIGNORE, REPORT, planned_files

if TYPE_CHECKING:
    import jinja2

    from .engine import Advice

__all__ = [
    "CACHE_IMAGE",
    "DATABASES",
    "VERSIONS",
    "DatabaseSpec",
    "compose_data",
    "credential_names",
    "host_port",
    "media_root",
    "render_starter_files",
    "secret_names",
]

# Runtime versions written as each Dockerfile's ARG default (pinned, current in 2025).
VERSIONS: dict[str, str] = {
    "python": "3.13",
    "node": "24",
    "java": "21",
    "maven": "3.9",
    "go": "1.25",
    "nginx": "1.28",
    "debian": "13",
}

CACHE_IMAGE = "redis:8"
DB_SERVICE = "db"
CACHE_SERVICE = "redis"
DB_USER = "app"
NATIVE_DB_HOST = "host.docker.internal"
HOST_GATEWAY = f"{NATIVE_DB_HOST}:host-gateway"
REQUIRED = "set it in .env"
# In development a port below this is published on the host as DEV_HOST_PORT instead:
# rootless Docker cannot bind it, and port 80 is often taken already.
UNPRIVILEGED_PORTS = 1024
DEV_HOST_PORT = 8080


@dataclass(frozen=True)
class DatabaseSpec:
    """One database: its pinned image, where that image keeps its data, and its settings."""

    label: str
    image: str
    data_path: str
    port: int
    scheme: str
    prefix: str
    name_var: str
    image_env: tuple[tuple[str, str], ...]
    """The image's environment variables and the .env variables that feed them."""
    root_password_var: str | None
    healthcheck: tuple[str, ...]
    listen_settings: str
    """Where a natively installed server is told which addresses and clients to accept."""
    jdbc: str | None
    """The JDBC subprotocol Spring Boot's SPRING_DATASOURCE_URL uses; None for MongoDB."""
    url_options: str = ""

    @property
    def user_var(self) -> str:
        return f"{self.prefix}_USER"

    @property
    def password_var(self) -> str:
        return f"{self.prefix}_PASSWORD"


DATABASES: dict[str, DatabaseSpec] = {
    # 18+ keeps PGDATA in /var/lib/postgresql/18/docker and declares the VOLUME at
    # /var/lib/postgresql; mounting the old .../data path there fails to start.
    "postgres": DatabaseSpec(
        label="PostgreSQL",
        image="postgres:18",
        data_path="/var/lib/postgresql",
        port=5432,
        scheme="postgresql",
        prefix="POSTGRES",
        name_var="POSTGRES_DB",
        image_env=(
            ("POSTGRES_USER", "POSTGRES_USER"),
            ("POSTGRES_PASSWORD", "POSTGRES_PASSWORD"),
            ("POSTGRES_DB", "POSTGRES_DB"),
        ),
        root_password_var=None,
        # Over TCP: the entrypoint's first-run server listens on the socket only, so the
        # check passes once the real server is up. $$ leaves the variables to the container.
        healthcheck=("CMD-SHELL", 'pg_isready -h 127.0.0.1 -U "$${POSTGRES_USER}" -d "$${POSTGRES_DB}"'),
        listen_settings="listen_addresses and pg_hba.conf",
        jdbc="postgresql",
    ),
    "mysql": DatabaseSpec(
        label="MySQL",
        image="mysql:8.4",
        data_path="/var/lib/mysql",
        port=3306,
        scheme="mysql",
        prefix="MYSQL",
        name_var="MYSQL_DATABASE",
        image_env=(
            ("MYSQL_USER", "MYSQL_USER"),
            ("MYSQL_PASSWORD", "MYSQL_PASSWORD"),
            ("MYSQL_DATABASE", "MYSQL_DATABASE"),
            ("MYSQL_ROOT_PASSWORD", "MYSQL_ROOT_PASSWORD"),
        ),
        root_password_var="MYSQL_ROOT_PASSWORD",
        # ping exits 0 once the server answers, even without credentials; over TCP the
        # first-run server (started with --skip-networking) does not count.
        healthcheck=("CMD", "mysqladmin", "ping", "--host=127.0.0.1", "--silent"),
        listen_settings="bind-address in my.cnf",
        jdbc="mysql",
    ),
    "mariadb": DatabaseSpec(
        label="MariaDB",
        image="mariadb:11",
        data_path="/var/lib/mysql",
        port=3306,
        scheme="mysql",
        prefix="MARIADB",
        name_var="MARIADB_DATABASE",
        image_env=(
            ("MARIADB_USER", "MARIADB_USER"),
            ("MARIADB_PASSWORD", "MARIADB_PASSWORD"),
            ("MARIADB_DATABASE", "MARIADB_DATABASE"),
            ("MARIADB_ROOT_PASSWORD", "MARIADB_ROOT_PASSWORD"),
        ),
        root_password_var="MARIADB_ROOT_PASSWORD",
        # The image's own script, with the healthcheck user it creates on the first start.
        healthcheck=("CMD", "healthcheck.sh", "--connect", "--innodb_initialized"),
        listen_settings="bind-address in my.cnf",
        jdbc="mariadb",
    ),
    "mongodb": DatabaseSpec(
        label="MongoDB",
        image="mongo:8",
        data_path="/data/db",
        port=27017,
        scheme="mongodb",
        prefix="MONGO",
        name_var="MONGO_DATABASE",
        image_env=(
            ("MONGO_INITDB_ROOT_USERNAME", "MONGO_USER"),
            ("MONGO_INITDB_ROOT_PASSWORD", "MONGO_PASSWORD"),
        ),
        root_password_var=None,
        # mongosh ships in the image; ping needs no login.
        healthcheck=("CMD", "mongosh", "--quiet", "--eval", "db.adminCommand('ping').ok"),
        listen_settings="net.bindIp in mongod.conf",
        jdbc=None,
        # The image creates only a root user, in the admin database.
        url_options="?authSource=admin",
    ),
}

_HEALTH_TIMING: dict[str, Any] = {"interval": "10s", "timeout": "5s", "retries": 5, "start_period": "30s"}

# A value in .env must read the same in Docker Compose's parser (which interpolates $,
# strips quotes and inline comments) and in `docker run --env-file` (which takes the
# line literally): plain characters only.
_ENV_SAFE = re.compile(r"[A-Za-z0-9_.~:/@+=,%?&()-]*")
# Generated secrets go into connection URLs as well: URL-unreserved characters only.
_SECRET_SAFE = re.compile(r"[A-Za-z0-9_.~-]{8,256}")
_CREDENTIAL_SAFE = re.compile(r"[A-Za-z0-9_.~+/=-]{0,256}")
_CLOUD_CREDENTIALS = ("S3_ACCESS_KEY_ID", "S3_SECRET_ACCESS_KEY")


# ------------------------------------------------------------------ what the decisions say


def _database(advice: Advice) -> DatabaseSpec | None:
    """The database the files talk to (container or native), or None."""
    if advice.value("database_placement") in ("container", "native-install"):
        return DATABASES.get(advice.answers.database)
    return None


def _db_volume(advice: Advice) -> str:
    """The database's volume, named after the engine: switching engines never hands one
    engine's data directory to another."""
    return f"{advice.answers.database}-data"


def _db_in_container(advice: Advice) -> bool:
    return advice.value("database_placement") == "container"


def _db_native(advice: Advice) -> bool:
    return advice.value("database_placement") == "native-install"


def _production(advice: Advice) -> bool:
    return advice.answers.environment == "production"


def media_root(advice: Advice) -> str | None:
    """Where the media volume is mounted in the app's container, or None without one."""
    if advice.value("media_storage") != "local-volume":
        return None
    if advice.answers.language == "static":
        return "/usr/share/nginx/html/media"  # nginx serves it at /media/
    return "/data/media"


def host_port(advice: Advice) -> int:
    """The port on the Docker host that reaches the app: http://localhost:PORT.

    The app's own port, except in development when it is below 1024 (a static site's 80):
    then 8080, which rootless Docker can bind and which is less often taken."""
    port = advice.answers.app_port
    if _production(advice) or port >= UNPRIVILEGED_PORTS:
        return port
    return DEV_HOST_PORT


def _object_storage(advice: Advice) -> bool:
    return advice.value("media_storage") == "cdn-object-storage"


def _db_name(advice: Advice) -> str:
    """The project name as a database name: '-' would need quoting in SQL, '_' does not."""
    return advice.answers.project_name.replace("-", "_")


def _bucket_name(advice: Advice) -> str:
    """A placeholder S3 bucket name: lowercase, digits and '-', at most 63 characters."""
    stem = advice.answers.project_name.replace("_", "-")[:57].strip("-") or "app"
    return f"{stem}-media"


# ------------------------------------------------------------------ secrets


def secret_names(advice: Advice) -> list[str]:
    """The secrets advisor generates for .env (random unless ``secrets`` gives them)."""
    if advice.value("runtime") != "containers":
        return []
    db = _database(advice)
    if db is None:
        return []
    names = [db.password_var]
    if _db_in_container(advice) and db.root_password_var:
        names.append(db.root_password_var)
    return names


def credential_names(advice: Advice) -> list[str]:
    """Every .env value to carry over from an existing .env when regenerating: the
    generated secrets and the cloud credentials the user fills in (empty at first)."""
    names = secret_names(advice)
    if advice.value("runtime") == "containers" and _object_storage(advice):
        names += list(_CLOUD_CREDENTIALS)
    return names


def _resolve_secrets(advice: Advice, given: Mapping[str, str] | None) -> dict[str, str]:
    given = given or {}
    values: dict[str, str] = {}
    for name in secret_names(advice):
        if name in given:
            value = given[name]
            if not isinstance(value, str) or not _SECRET_SAFE.fullmatch(value):
                raise UserError(
                    f"secret {name}: the value from .env is not usable; it needs 8 to 256 letters,"
                    " digits, '-', '_', '.' or '~' (it also goes into a connection URL)."
                    f" Remove the line {name}=... from .env to get a new random one"
                )
            values[name] = value
        else:
            values[name] = _secrets.token_urlsafe(24)
    for name in credential_names(advice):
        if name in values:
            continue
        value = given.get(name, "")
        if not isinstance(value, str) or not _CREDENTIAL_SAFE.fullmatch(value):
            raise UserError(
                f"credential {name}: the value from .env is not usable; allowed: letters,"
                " digits and - _ . ~ + / = (no quotes, spaces or $)"
            )
        values[name] = value
    return values


# ------------------------------------------------------------------ settings (.env)


@dataclass(frozen=True)
class _Setting:
    name: str
    value: str
    example: str
    doc: tuple[str, ...]
    to_app: bool = True
    """Whether compose.yaml passes it to the app (not the database's root password)."""
    optional: bool = False
    """May be empty (credentials the user fills in): compose.yaml does not require it."""


@dataclass(frozen=True)
class _Group:
    title: str
    settings: tuple[_Setting, ...]
    notes: tuple[str, ...] = ()
    """Comment lines under the title."""


def _plain(name: str, value: str, *doc: str) -> _Setting:
    return _Setting(name, value, value, doc)


def _secret(name: str, values: Mapping[str, str], *doc: str, to_app: bool = True) -> _Setting:
    return _Setting(
        name,
        values[name],
        "change-me",
        (*doc, "Secret: a long random value, e.g. from `openssl rand -hex 24`."),
        to_app=to_app,
    )


def _database_url(db: DatabaseSpec, user: str, password: str, host: str, port: str, name: str) -> str:
    return f"{db.scheme}://{user}:{password}@{host}:{port}/{name}{db.url_options}"


def _connection(
    advice: Advice, db: DatabaseSpec, user: str, password: str, host: str, port: str, name: str
) -> list[tuple[str, str]]:
    """The variables the app connects with, made of literal values or ${VAR} references:
    DATABASE_URL for every language, plus what Spring Boot and Go's MySQL driver read."""
    url = _database_url(db, user, password, host, port, name)
    out = [("DATABASE_URL", url)]
    language = advice.answers.language
    if language == "java":
        if db.jdbc is not None:
            out += [
                ("SPRING_DATASOURCE_URL", f"jdbc:{db.jdbc}://{host}:{port}/{name}"),
                ("SPRING_DATASOURCE_USERNAME", user),
                ("SPRING_DATASOURCE_PASSWORD", password),
            ]
        else:
            # Spring Boot 3 reads spring.data.mongodb.uri; Spring Boot 4 spring.mongodb.uri.
            out += [("SPRING_DATA_MONGODB_URI", url), ("SPRING_MONGODB_URI", url)]
    elif language == "go" and db.scheme == "mysql":
        out.append(("MYSQL_DSN", f"{user}:{password}@tcp({host}:{port})/{name}"))
    return out


def _connection_doc(advice: Advice, db: DatabaseSpec, var: str) -> tuple[str, ...]:
    """What one connection variable is for (in .env for run.sh, as a note for compose)."""
    if var == "DATABASE_URL":
        doc = ["The connection URL most libraries read."]
        if advice.answers.language == "go":
            doc.append(
                {
                    "postgresql": "Go: pgx and lib/pq take this URL as it is.",
                    "mysql": "Go: go-sql-driver/mysql does not take a URL: use MYSQL_DSN.",
                    "mongodb": "Go: the MongoDB driver takes this URL as it is (options.Client().ApplyURI).",
                }[db.scheme]
            )
        return tuple(doc)
    if var == "MYSQL_DSN":
        return ("The DSN go-sql-driver/mysql needs: user:password@tcp(host:port)/name.",)
    if var.startswith("SPRING_DATASOURCE_"):
        return (f"Spring Boot's spring.datasource.{var.rsplit('_', 1)[1].lower()}.",)
    if var == "SPRING_DATA_MONGODB_URI":
        return ("Spring Boot 3's spring.data.mongodb.uri (the same as DATABASE_URL).",)
    return ("Spring Boot 4's spring.mongodb.uri (the same as DATABASE_URL).",)


def _settings(advice: Advice, values: Mapping[str, str]) -> list[_Group]:
    a = advice.answers
    groups: list[_Group] = []

    app_env = [
        "Which environment the app runs in (development or production); read it to turn",
        "debugging off in production.",
    ]
    if a.language == "node":
        # NODE_ENV=production is set in the Dockerfile, which keeps production dependencies
        # only: a NODE_ENV here would override it with no dev dependencies to match.
        app_env += [
            "NODE_ENV is production in the image (the Dockerfile sets it and keeps production",
            "dependencies only), so it is not set here.",
        ]
    groups.append(_Group("App", (_plain("APP_ENV", a.environment, *app_env),)))

    db = _database(advice)
    if db is not None:
        name = _db_name(advice)
        mongo = db.prefix == "MONGO"
        rows: list[_Setting] = []
        notes: list[str] = []
        compose = advice.value("orchestration") == "compose"
        if _db_in_container(advice):
            where = f"the {DB_SERVICE} container"
            if mongo:
                user_doc: tuple[str, ...] = (
                    "The MongoDB root user (the image's MONGO_INITDB_ROOT_USERNAME): the db container",
                    "creates it in the admin database on its first start, and the app connects as it",
                    "(authSource=admin in the URL). For a user with fewer rights, create one with",
                    "db.createUser() and change the URL in compose.yaml.",
                )
                name_doc: tuple[str, ...] = (
                    "The database the app uses: the path of DATABASE_URL. Nothing creates it beforehand;",
                    "MongoDB creates it on the first write.",
                )
            else:
                user_doc = (
                    f"The {db.label} user the app connects as; {where} creates it on its first start.",
                )
                name_doc = (f"The database the app uses; {where} creates it on its first start.",)
            rows += [
                _plain(db.user_var, DB_USER, *user_doc),
                _secret(
                    db.password_var,
                    values,
                    "That user's password. The database keeps the password of its first start: to",
                    "change it later, change it in the database too.",
                ),
                _plain(db.name_var, name, *name_doc),
            ]
            if db.root_password_var:
                rows.append(
                    _secret(
                        db.root_password_var,
                        values,
                        f"The {db.label} root password, for administration: only the {DB_SERVICE}"
                        " container gets it, not the app.",
                        to_app=False,
                    )
                )
            host, port = DB_SERVICE, str(db.port)
        else:
            port = str(db.port)
            host = NATIVE_DB_HOST
            rows += [
                _plain(
                    "DATABASE_HOST",
                    NATIVE_DB_HOST,
                    f"Where {db.label} runs. {NATIVE_DB_HOST} is the Docker host itself (the",
                    "database installed on this server): make it listen on the Docker bridge address",
                    f"too and let the containers' network in ({db.listen_settings}).",
                    "For a managed database, put its host name here.",
                ),
                _plain("DATABASE_PORT", port, f"The port {db.label} listens on."),
                _plain(
                    db.user_var,
                    DB_USER,
                    f"The {db.label} user the app connects as: create it on the database server"
                    + (" in" if mongo else "."),
                    *(("the admin database (the URL says authSource=admin).",) if mongo else ()),
                ),
                _secret(db.password_var, values, "That user's password: create the user with this password."),
                _plain(
                    db.name_var,
                    name,
                    "The database the app uses: MongoDB creates it on the first write."
                    if mongo
                    else "The database the app uses: create it on the database server.",
                ),
            ]
            if not compose:
                # docker run --env-file does not interpolate: the URLs are written out here.
                fresh = _connection(advice, db, DB_USER, values[db.password_var], host, port, name)
                examples = dict(_connection(advice, db, DB_USER, "change-me", host, port, name))
                for var, value in fresh:
                    doc = _connection_doc(advice, db, var)
                    rows.append(
                        _Setting(
                            var,
                            value,
                            examples[var],
                            (*doc, "Made of the values above: change them together."),
                        )
                    )
        if compose:
            # compose.yaml builds the connection variables from the values above; shown here
            # so that everything the app reads is documented in one place.
            if not _db_in_container(advice):
                host, port = "DATABASE_HOST", "DATABASE_PORT"
            shape = _connection(advice, db, db.user_var, db.password_var, host, port, db.name_var)
            notes.append("compose.yaml passes the app these too, built from the values below:")
            for var, value in shape:
                notes.append(f"  {var}={value}")
                notes += [f"    {line}" for line in _connection_doc(advice, db, var)]
        groups.append(_Group(f"Database ({db.label})", tuple(rows), tuple(notes)))

    if _object_storage(advice):
        groups.append(
            _Group(
                "Media in object storage behind a CDN",
                (
                    _plain(
                        "S3_BUCKET",
                        _bucket_name(advice),
                        "The bucket that holds the media (create it with your cloud provider).",
                    ),
                    _plain("S3_REGION", "us-east-1", "The bucket's region."),
                    _plain(
                        "S3_ENDPOINT",
                        "https://s3.us-east-1.amazonaws.com",
                        "The S3 API endpoint of your provider (AWS, Cloudflare R2, DigitalOcean Spaces,",
                        "Backblaze B2 ... all speak the S3 API).",
                    ),
                    _plain(
                        "CDN_BASE_URL",
                        "https://cdn.example.com",
                        "The CDN address in front of the bucket: media links are this plus the file's key.",
                    ),
                    _Setting(
                        "S3_ACCESS_KEY_ID",
                        values["S3_ACCESS_KEY_ID"],
                        "",
                        ("The access key of a key pair that may write to the bucket (from your provider).",),
                        optional=True,
                    ),
                    _Setting(
                        "S3_SECRET_ACCESS_KEY",
                        values["S3_SECRET_ACCESS_KEY"],
                        "",
                        ("Its secret key. Secret: never commit it.",),
                        optional=True,
                    ),
                ),
            )
        )
    return groups


def _env_text(advice: Advice, groups: list[_Group], *, example: bool) -> str:
    for group in groups:
        for s in group.settings:
            for value in (s.value, s.example):
                if not _ENV_SAFE.fullmatch(value):
                    raise AdvisorError(f"starter files: value of {s.name} cannot be written to .env safely")
    name = advice.answers.project_name
    if example:
        header = [
            f".env.example for {name}, written by advisor: every variable the containers read.",
            "advisor writes .env with the same variables and random secrets. To start from this",
            "file instead, copy it to .env and replace each change-me with a long random value.",
            "Values stay plain (no quotes, spaces or $).",
        ]
    else:
        header = [
            f".env for {name}, written by advisor: the settings and secrets the containers read.",
            "It stays out of version control: advisor lists it in .gitignore (creating that file",
            "or adding the line); .env.example documents every variable. Values stay plain (no",
            "quotes, spaces or $), so Docker Compose and `docker run --env-file` read them alike.",
        ]
    return _template("env.j2").render(header=header, groups=groups, example=example)


# ------------------------------------------------------------------ compose.yaml


class _Quoted(str):
    """A string from the answers: always written double-quoted, so no YAML 1.1 or 1.2
    reader can take it for a number, a bool or null."""

    __slots__ = ()


class _Dumper(yaml.SafeDumper):
    def ignore_aliases(self, data: Any) -> bool:
        return True


def _represent_quoted(dumper: yaml.SafeDumper, data: _Quoted) -> yaml.ScalarNode:
    return dumper.represent_scalar("tag:yaml.org,2002:str", str(data), style='"')


_Dumper.add_representer(_Quoted, _represent_quoted)


def _required(var: str) -> str:
    return "${" + var + ":?" + REQUIRED + "}"


def _optional(var: str) -> str:
    return "${" + var + ":-}"


def _app_port(advice: Advice) -> _Quoted:
    port, host = advice.answers.app_port, host_port(advice)
    # In development only this machine reaches the app; in production every interface.
    return _Quoted(f"{host}:{port}" if _production(advice) else f"127.0.0.1:{host}:{port}")


def _app_environment(advice: Advice) -> dict[str, str]:
    """The app's environment in compose.yaml, every value a reference into .env: the .env
    variables meant for the app (not the database's root password) and the connection
    variables built from them."""
    placeholders = dict.fromkeys(credential_names(advice), "")
    environment: dict[str, str] = {}
    for group in _settings(advice, placeholders):
        for s in group.settings:
            if s.to_app:
                environment[s.name] = _optional(s.name) if s.optional else _required(s.name)
    db = _database(advice)
    if db is not None:
        user, password, name = _required(db.user_var), _required(db.password_var), _required(db.name_var)
        if _db_in_container(advice):
            host, port = DB_SERVICE, str(db.port)
        else:
            host, port = _required("DATABASE_HOST"), _required("DATABASE_PORT")
        environment.update(_connection(advice, db, user, password, host, port, name))
    if advice.answers.cache == "redis":
        environment["REDIS_URL"] = f"redis://{CACHE_SERVICE}:6379/0"
    return environment


def compose_data(advice: Advice) -> dict[str, Any]:
    """compose.yaml as data: the app, its database and cache, their volumes."""
    a = advice.answers
    production = _production(advice)
    restart = {"restart": "unless-stopped"} if production else {}
    services: dict[str, Any] = {}
    volumes: dict[str, Any] = {}

    # No env_file: .env also holds the database's root password, which the app must not get.
    app: dict[str, Any] = {"build": {"context": "."}, "init": True}
    environment = _app_environment(advice)
    depends_on: dict[str, Any] = {}
    app_volumes: list[str] = []
    extra_hosts: list[str] = []

    db = _database(advice)
    if db is not None:
        if _db_in_container(advice):
            services[DB_SERVICE] = {
                "image": db.image,
                "environment": {image_var: _required(var) for image_var, var in db.image_env},
                "volumes": [f"{_db_volume(advice)}:{db.data_path}"],
                "healthcheck": {"test": list(db.healthcheck), **_HEALTH_TIMING},
                **restart,
            }
            volumes[_db_volume(advice)] = {}
            depends_on[DB_SERVICE] = {"condition": "service_healthy"}
        else:
            extra_hosts.append(HOST_GATEWAY)

    if a.cache == "redis":
        services[CACHE_SERVICE] = {
            "image": CACHE_IMAGE,
            "healthcheck": {"test": ["CMD", "redis-cli", "ping"], **_HEALTH_TIMING},
            **restart,
        }
        depends_on[CACHE_SERVICE] = {"condition": "service_healthy"}

    root = media_root(advice)
    if root is not None:
        app_volumes.append(f"media:{root}")
        volumes["media"] = {}

    app["environment"] = environment
    app["ports"] = [_app_port(advice)]
    if app_volumes:
        app["volumes"] = app_volumes
    if extra_hosts:
        app["extra_hosts"] = extra_hosts
    if depends_on:
        app["depends_on"] = depends_on
    app.update(restart)

    data: dict[str, Any] = {"name": _Quoted(a.project_name), "services": {"app": app, **services}}
    if volumes:
        data["volumes"] = volumes
    return data


def _compose_text(advice: Advice) -> str:
    a = advice.answers
    if _production(advice):
        start = [
            "  docker compose up --build -d",
            "(-d: in the background; `docker compose logs --follow` shows the logs).",
        ]
    else:
        start = ["  docker compose up --build"]
    lines = [
        f"compose.yaml for {a.project_name}, written by advisor. Start everything with:",
        *start,
        f"The app answers on http://localhost:{host_port(advice)}/.",
        "Settings and secrets come from .env (documented in .env.example; .gitignore keeps",
        "it out of git). The app gets only the variables listed under its environment (all",
        "of .env but the database root password): to give it a new one, add it to .env and",
        "to that list.",
    ]
    if _db_in_container(advice):
        lines.append(
            f"Only the app reaches the database (as {DB_SERVICE}); its data lives in the volume"
            f" {_db_volume(advice)}."
        )
    header = "".join(f"# {line}\n" for line in lines)
    body = yaml.dump(
        compose_data(advice), Dumper=_Dumper, sort_keys=False, default_flow_style=False, width=1000
    )
    return header + body


# ------------------------------------------------------------------ run.sh


def _run_script_text(advice: Advice) -> str:
    a = advice.answers
    if _db_in_container(advice) or a.cache == "redis":
        raise AdvisorError(
            "starter files: run.sh starts one container, but these decisions need a database or"
            " cache container; the rule base should have chosen compose"
        )
    production = _production(advice)
    port, host = a.app_port, host_port(advice)
    # Every .env variable is for the app: .env has a database root password only with a
    # database container, which takes compose.
    args = ['--name "$name"', "--init", "--env-file .env"]
    comments: list[str] = []
    if production:
        args += ["--detach", "--restart unless-stopped"]
        comments.append("Production: runs in the background and restarts with Docker unless you stop it.")
        args.append(f'--publish "{host}:{port}"')
    else:
        args.append("--rm")
        comments.append(
            "Development: runs in the foreground (Ctrl+C stops it), reachable only from this machine."
        )
        args.append(f'--publish "127.0.0.1:{host}:{port}"')
    root = media_root(advice)
    if root is not None:
        comments.append(f"User media lives in the named volume <name>-media, mounted at {root}.")
        args.append(f'--volume "$name-media:{root}"')
    if _db_native(advice):
        comments.append(f"{NATIVE_DB_HOST} reaches the database installed on this host.")
        args.append(f"--add-host {HOST_GATEWAY}")
    return _template("run.sh.j2").render(
        name=a.project_name, host_port=host, run_args=args, comments=comments, detached=production
    )


# ------------------------------------------------------------------ Dockerfile, .dockerignore


def _launcher(advice: Advice) -> str:
    if advice.value("orchestration") == "compose":
        detach = " -d" if _production(advice) else ""
        return f"`docker compose up --build{detach}` (see compose.yaml)"
    return "`sh run.sh`"


def _dockerfile_text(advice: Advice) -> str:
    a = advice.answers
    return _template(f"Dockerfile.{a.language}.j2").render(
        name=a.project_name,
        port=a.app_port,
        media_root=media_root(advice),
        versions=VERSIONS,
        launcher=_launcher(advice),
    )


def _dockerignore_text(advice: Advice) -> str:
    a = advice.answers
    return _template("dockerignore.j2").render(name=a.project_name, language=a.language)


# ------------------------------------------------------------------ the entry point


@cache
def _environment() -> jinja2.Environment:
    import jinja2

    from .paths import data_dir

    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(data_dir("templates"))),
        autoescape=False,  # Dockerfiles and shell, not HTML; values are validated or quoted
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
        undefined=jinja2.StrictUndefined,
    )
    env.filters["sh"] = shlex.quote
    return env


def _template(name: str) -> jinja2.Template:
    return _environment().get_template(f"starter/{name}")


def render_starter_files(advice: Advice, secrets: Mapping[str, str] | None = None) -> dict[str, str]:
    """Filename -> content for Dockerfile, .dockerignore, compose.yaml or run.sh, .env.example
    and .env: exactly the container files :func:`advisor.plan.planned_files` lists (not
    RECOMMENDATIONS.md, .advisor-answers.yaml nor .gitignore). Empty when runtime = virtual-machine.

    ``secrets`` maps the names from :func:`credential_names` to values for .env (names it
    does not list are ignored). A missing secret from :func:`secret_names` gets a random
    ``secrets.token_urlsafe(24)``; a missing cloud credential is left empty. With every
    name given, the output is the same on every run.
    """
    names = [n for n in planned_files(advice) if n not in (REPORT, ANSWERS, GITIGNORE, GITATTRIBUTES)]
    if not names:
        return {}
    values = _resolve_secrets(advice, secrets)
    groups = _settings(advice, values)
    renderers: dict[str, Callable[[], str]] = {
        "Dockerfile": lambda: _dockerfile_text(advice),
        ".dockerignore": lambda: _dockerignore_text(advice),
        "compose.yaml": lambda: _compose_text(advice),
        "run.sh": lambda: _run_script_text(advice),
        ".env.example": lambda: _env_text(advice, groups, example=True),
        ".env": lambda: _env_text(advice, groups, example=False),
    }
    out: dict[str, str] = {}
    for name in names:
        if name not in renderers:
            raise AdvisorError(f"starter files: no renderer for {name!r}, which the plan lists")
        out[name] = renderers[name]()
    return out
