"""The stack table: one row per language, database and cache.

This is the one place to add a language, a database or a cache: a row here and, for a
language, a Dockerfile template ``templates/starter/Dockerfile.<key>.j2``. Everything the
plan and the renderers need to know about a stack (ports, images, data paths, healthchecks,
variable names, detection markers) is read from these rows.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from .nativepackages import NODE_NATIVE, PYTHON_NATIVE, PYTHON_SOURCE_ONLY

# ------------------------------------------------------------------ languages


@dataclass(frozen=True, slots=True)
class LanguageSpec:
    key: str
    label: str
    default_port: int
    markers: tuple[str, ...]
    """Files whose presence at the project's top says the project is in this language."""
    template: str
    """The Dockerfile template under templates/starter/."""


LANGUAGES: dict[str, LanguageSpec] = {
    spec.key: spec
    for spec in (
        LanguageSpec(
            "python",
            "Python",
            8000,
            ("pyproject.toml", "requirements.txt", "setup.py", "Pipfile"),
            "Dockerfile.python.j2",
        ),
        LanguageSpec(
            "node",
            "Node.js",
            3000,
            ("package.json",),
            "Dockerfile.node.j2",
        ),
        LanguageSpec(
            "java",
            "Java",
            8080,
            ("pom.xml", "build.gradle", "build.gradle.kts"),
            "Dockerfile.java.j2",
        ),
        LanguageSpec("go", "Go", 8080, ("go.mod",), "Dockerfile.go.j2"),
        LanguageSpec("static", "static site", 80, ("index.html",), "Dockerfile.static.j2"),
        LanguageSpec("other", "other", 8080, (), "Dockerfile.other.j2"),
    )
}

# Node's net module opens the connection; Bun runs the same code. The probes connect to the
# container's own address (its host name), as the published port and the other containers
# do: an app that listens on 127.0.0.1 only (Fastify's default) is unhealthy, not healthy.
_NET_PROBE_JS = (
    "require('net').connect({port}, require('os').hostname()).on('connect', () => process.exit(0))"
    ".on('error', () => process.exit(1))"
)
# Healthchecks (exec form) that need nothing but what the final image already has: the slim
# and distroless images have no curl. Each passes once the app accepts connections on {port}.
PROBES: dict[str, tuple[str, ...]] = {
    "python": (
        "python",
        "-c",
        "import socket; socket.create_connection((socket.gethostname(), {port}), timeout=3).close()",
    ),
    "node": ("node", "-e", _NET_PROBE_JS),
    # Bun evaluates the same code (-e, Node's net module); its image has no node binary.
    "bun": ("bun", "-e", _NET_PROBE_JS),
    # The Java runtime image (Ubuntu) and debian-slim have bash, whose /dev/tcp opens a connection.
    "bash": ("bash", "-c", "exec 3<>/dev/tcp/127.0.0.1/{port}"),
    # Distroless has no shell: the Go Dockerfile builds this small probe from the standard library.
    "go": ("/probe", "{port}"),
    # The nginx images are alpine: busybox wget asks for the site's front page.
    "wget": ("wget", "--quiet", "--spider", "http://127.0.0.1:{port}/"),
}
PROBE_TIMING = {"interval": "10s", "timeout": "5s", "retries": 5, "start_period": "30s"}


def probe_for(language: str, kind: str, package_manager: str, port: int) -> tuple[str, ...]:
    """The healthcheck command of the app's final image; empty for a worker (no port)."""
    if kind in ("spa", "static") or language == "static":
        key = "wget"
    elif kind != "server":
        return ()
    elif language == "node" and package_manager == "bun":
        key = "bun"
    else:
        key = {"python": "python", "node": "node", "go": "go"}.get(language, "bash")
    return tuple(part.replace("{port}", str(port)) for part in PROBES[key])


DEFAULT_PORTS: dict[str, int] = {key: spec.default_port for key, spec in LANGUAGES.items()}

# The package managers each language's Dockerfile knows; the first is the default.
LANGUAGE_TOOLS: dict[str, tuple[str, ...]] = {
    "python": ("pip", "poetry", "uv", "pipenv", "pdm"),
    "node": ("npm", "yarn", "pnpm", "bun"),
    "java": ("maven", "gradle"),
    "go": ("go",),
}
# Dependencies that compile C code on install (no wheels for current Pythons, system headers)
# or at build time (cgo): the Dockerfile then builds with a compiler and the headers.
NEEDS_COMPILER: dict[str, frozenset[str]] = {
    "python": frozenset(
        name for name, (build, _) in PYTHON_NATIVE.items() if build or name in PYTHON_SOURCE_ONLY
    ),
    "go": frozenset({"github.com/mattn/go-sqlite3"}),  # cgo: the toolchain image's C compiler; glibc
    # node-gyp modules that often have no prebuilt binary for the Node line in the image
    "node": frozenset(
        {"argon2", "bcrypt", "sqlite3", "better-sqlite3", "node-sass", "canvas", *NODE_NATIVE}
        # and ones that ship no prebuilt binary at all (cusdis' node-expat, through xml2json)
        | {"node-expat", "libxmljs", "libxmljs2", "iconv", "microtime", "re2", "node-pty"}
        | {"ffi-napi", "ref-napi"}
    )
    - {"git+"},
}
PACKAGE_MANAGERS: tuple[str, ...] = tuple(t for tools in LANGUAGE_TOOLS.values() for t in tools)

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


def npm_pin(implied: str | None, node_line: str | None) -> str | None:
    """npm 10 where the image's npm is 11 (Node 24 and later) and the lockfile needs it
    (inspect.node_lock.optional_gap: an optional package of another platform left out)."""
    major = re.match(r"\d+", node_line or VERSIONS["node"])
    return implied if implied == "10" and major and int(major.group(0)) >= 24 else None


# ------------------------------------------------------------------ databases

# Drivers that cannot authenticate with MySQL 8.4's default caching_sha2_password (Node's
# `mysql` package speaks only mysql_native_password; `mysql2` speaks both), and the server
# options that let them in: MySQL 8.4 disables mysql_native_password unless started with
# --mysql-native-password=ON; the first element of authentication_policy is the plugin
# CREATE USER uses when it names none, as the image's entrypoint does for MYSQL_USER.
MYSQL_NATIVE_PASSWORD_DRIVERS = frozenset({"mysql"})
# PostgreSQL with TLS on, for an app whose code requires it (sslmode=require): the image's
# own self-signed test certificate (its documentation's example). Connections without TLS
# are still accepted.
_SNAKEOIL = (
    "ssl_cert_file=/etc/ssl/certs/ssl-cert-snakeoil.pem",
    "ssl_key_file=/etc/ssl/private/ssl-cert-snakeoil.key",
)
POSTGRES_TLS_COMMAND = ("postgres", "-c", "ssl=on", "-c", _SNAKEOIL[0], "-c", _SNAKEOIL[1])
MYSQL_NATIVE_PASSWORD_COMMAND = (
    "mysqld",
    "--mysql-native-password=ON",
    "--authentication-policy=mysql_native_password",
)


# The database passwords reach the db container as Compose secrets: files under /run/secrets
# that the images read through their *_FILE variables (and the init scripts below read
# themselves), each taken from its variable in .env. The official images' server user, which
# reads some of them after the entrypoint steps down to it, is uid 999 in all four.
SECRETS_DIR = "/run/secrets"
ADMIN_SECRET = "db-admin-password"
APP_SECRET = "db-app-password"
SERVER_UID = 999
INITDB_DIR = "/docker-entrypoint-initdb.d"
APP_USER_VAR = "APP_DB_USER"
"""The db container's variable that names the app's own user for the init scripts (not the
image's: its own user variable names the administrator)."""


@dataclass(frozen=True, slots=True)
class ServerVar:
    """One variable of the db container: ``source`` says where its value comes from: ``env``
    (the .env variable ``value``), ``literal`` (``value`` itself) or ``secret`` (the path of the
    secret ``value`` under /run/secrets, for the image's *_FILE variables)."""

    name: str
    source: Literal["env", "literal", "secret"]
    value: str


@dataclass(frozen=True, slots=True)
class DatabaseSpec:
    """One database: its pinned image, where that image keeps its data, and its settings."""

    key: str
    label: str
    image: str
    data_path: str
    port: int
    scheme: str
    prefix: str
    name_var: str
    server_env: tuple[ServerVar, ...]
    """The db container's environment, in order: no password, only the *_FILE paths."""
    admin_user: str
    """The administrator the image creates (a superuser, or root): for administration only."""
    admin_password_var: str
    """The .env variable with the administrator's password; only the db container gets it."""
    healthcheck: tuple[str, ...]
    listen_settings: str
    """Where a natively installed server is told which addresses and clients to accept."""
    jdbc: str | None
    """The JDBC subprotocol Spring Boot's SPRING_DATASOURCE_URL uses; None for MongoDB."""
    app_user_script: tuple[str, str] | None = None
    """The script that creates the app's own user on the first start, when the image creates
    none with limited rights itself: (its name in /docker-entrypoint-initdb.d, its template)."""
    url_options: str = ""
    writable_reason: str = ""
    """Why the root file system stays writable in production besides the secrets (empty: none)."""

    @property
    def user_var(self) -> str:
        return f"{self.prefix}_USER"

    @property
    def password_var(self) -> str:
        return f"{self.prefix}_PASSWORD"

    @property
    def volume(self) -> str:
        """The data volume, named after the engine: switching engines never hands one engine's
        data directory to another."""
        return f"{self.key}-data"

    @property
    def secrets(self) -> tuple[tuple[str, str], ...]:
        """(secret, the .env variable it is taken from): the administrator's and the app's password."""
        return ((ADMIN_SECRET, self.admin_password_var), (APP_SECRET, self.password_var))


def _env(name: str, var: str) -> ServerVar:
    return ServerVar(name, "env", var)


def _file(name: str, secret: str) -> ServerVar:
    return ServerVar(name, "secret", secret)


DATABASES: dict[str, DatabaseSpec] = {
    spec.key: spec
    for spec in (
        # 18+ keeps PGDATA in /var/lib/postgresql/18/docker and declares the VOLUME at
        # /var/lib/postgresql; mounting the old .../data path there fails to start.
        DatabaseSpec(
            key="postgres",
            label="PostgreSQL",
            image="postgres:18",
            data_path="/var/lib/postgresql",
            port=5432,
            scheme="postgresql",
            prefix="POSTGRES",
            name_var="POSTGRES_DB",
            # The image makes POSTGRES_USER a superuser: that is the administrator, postgres;
            # the init script gives the app a role of its own that owns the database.
            server_env=(
                ServerVar("POSTGRES_USER", "literal", "postgres"),
                _file("POSTGRES_PASSWORD_FILE", ADMIN_SECRET),
                _env("POSTGRES_DB", "POSTGRES_DB"),
                _env(APP_USER_VAR, "POSTGRES_USER"),
            ),
            admin_user="postgres",
            admin_password_var="POSTGRES_ADMIN_PASSWORD",
            # Over TCP: the entrypoint's first-run server listens on the socket only, so the
            # check passes once the real server is up. $$ leaves the variables to the container.
            healthcheck=("CMD-SHELL", 'pg_isready -h 127.0.0.1 -U "$${POSTGRES_USER}" -d "$${POSTGRES_DB}"'),
            listen_settings="listen_addresses and pg_hba.conf",
            jdbc="postgresql",
            app_user_script=("app-user.sql", "starter/initdb/postgres-app-user.sql"),
        ),
        # The mysql and mariadb images create MYSQL_USER / MARIADB_USER themselves with
        # GRANT ALL on MYSQL_DATABASE's tables only: no rights on the server or other databases.
        DatabaseSpec(
            key="mysql",
            label="MySQL",
            image="mysql:8.4",
            data_path="/var/lib/mysql",
            port=3306,
            scheme="mysql",
            prefix="MYSQL",
            name_var="MYSQL_DATABASE",
            server_env=(
                _env("MYSQL_USER", "MYSQL_USER"),
                _file("MYSQL_PASSWORD_FILE", APP_SECRET),
                _env("MYSQL_DATABASE", "MYSQL_DATABASE"),
                _file("MYSQL_ROOT_PASSWORD_FILE", ADMIN_SECRET),
            ),
            admin_user="root",
            admin_password_var="MYSQL_ROOT_PASSWORD",
            # ping exits 0 once the server answers, even without credentials; over TCP the
            # first-run server (started with --skip-networking) does not count.
            healthcheck=("CMD", "mysqladmin", "ping", "--host=127.0.0.1", "--silent"),
            listen_settings="bind-address in my.cnf",
            jdbc="mysql",
        ),
        DatabaseSpec(
            key="mariadb",
            label="MariaDB",
            image="mariadb:11",
            data_path="/var/lib/mysql",
            port=3306,
            scheme="mysql",
            prefix="MARIADB",
            name_var="MARIADB_DATABASE",
            server_env=(
                _env("MARIADB_USER", "MARIADB_USER"),
                _file("MARIADB_PASSWORD_FILE", APP_SECRET),
                _env("MARIADB_DATABASE", "MARIADB_DATABASE"),
                _file("MARIADB_ROOT_PASSWORD_FILE", ADMIN_SECRET),
            ),
            admin_user="root",
            admin_password_var="MARIADB_ROOT_PASSWORD",
            # The image's own script, with the healthcheck user it creates on the first start.
            healthcheck=("CMD", "healthcheck.sh", "--connect", "--innodb_initialized"),
            listen_settings="bind-address in my.cnf",
            jdbc="mariadb",
        ),
        # The image creates only a root user: the init script adds the app's own user, in the
        # admin database (the URL's authSource), with readWrite on the app's database only.
        DatabaseSpec(
            key="mongodb",
            label="MongoDB",
            image="mongo:8",
            data_path="/data/db",
            port=27017,
            scheme="mongodb",
            prefix="MONGO",
            name_var="MONGO_DATABASE",
            server_env=(
                ServerVar("MONGO_INITDB_ROOT_USERNAME", "literal", "root"),
                _file("MONGO_INITDB_ROOT_PASSWORD_FILE", ADMIN_SECRET),
                # The database the init scripts run against (the image's default is test).
                _env("MONGO_INITDB_DATABASE", "MONGO_DATABASE"),
                _env(APP_USER_VAR, "MONGO_USER"),
            ),
            admin_user="root",
            admin_password_var="MONGO_ROOT_PASSWORD",
            # mongosh ships in the image; ping needs no login. Through the container's own host
            # name, not localhost: the entrypoint's first-start server (creating the root user)
            # listens on 127.0.0.1 only, so only the real server can pass.
            healthcheck=(
                "CMD-SHELL",
                'mongosh --quiet --host "$${HOSTNAME}" --eval \'db.adminCommand("ping").ok\' | grep -qx 1',
            ),
            listen_settings="net.bindIp in mongod.conf",
            jdbc=None,
            app_user_script=("app-user.js", "starter/initdb/mongodb-app-user.js"),
            # The app's user lives in the admin database, as a managed MongoDB's users do.
            url_options="?authSource=admin",
            # mongosh (the healthcheck) keeps its logs and history under the home folder.
            writable_reason="mongosh, the healthcheck, writes its logs into the home folder",
        ),
    )
}

# ------------------------------------------------------------------ caches


@dataclass(frozen=True, slots=True)
class CacheSpec:
    key: str
    label: str
    image: str
    port: int
    healthcheck: tuple[str, ...]
    url_var: str
    scheme: str
    data_path: str
    """The VOLUME the image declares: a named volume there, or every `down` leaves an anonymous one."""
    run_dirs: tuple[str, ...] = ()
    """What the server writes outside its data volume: tmpfs under a read-only root file system."""

    @property
    def volume(self) -> str:
        return f"{self.key}-data"


CACHES: dict[str, CacheSpec] = {
    "redis": CacheSpec(
        "redis", "Redis", "redis:8", 6379, ("CMD", "redis-cli", "ping"), "REDIS_URL", "redis", "/data"
    ),
}


def writes_its_lockfile(tool: str, version: str | None) -> bool:
    """pnpm 11 and later record their own version in pnpm-lock.yaml as they install: the
    lockfile is copied into the image, since a mounted one cannot be rewritten."""
    major = (version or "").split(".")[0]
    return tool == "pnpm" and major.isdigit() and int(major) >= 11
