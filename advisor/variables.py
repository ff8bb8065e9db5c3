"""The variables: what goes into .env and what compose.yaml builds for the app from it,
under the app's own names when the inspector found them."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from .appdata import CODE_SUFFIXES
from .appreads import AppReads
from .setup import AppVar, CachePlan, DatabasePlan, EnvVar, Part, Ref, StoragePlan
from .sqliteplan import sqlite_settings
from .stacks import DatabaseSpec

if TYPE_CHECKING:
    from .inspect import AppFacts


def variables(
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
        if language != "static":  # nginx serving files reads no variable
            env.append(EnvVar("APP_ENV", "app", "app-env", "plain", environment))
    else:
        for name, _ in reads.of("app_env"):
            if name != "NODE_ENV":  # the Node.js image sets it with its dependencies
                env.append(
                    EnvVar(
                        name,
                        "app",
                        "app-env",
                        "plain",
                        _env_word(environment, reads.allowed.get(name, ()), dict(reads.defaults).get(name)),
                    )
                )
        for name, _ in reads.of("secret_key"):
            env.append(EnvVar(name, "app", "app-secret", "secret", form=dict(reads.forms).get(name, "")))
        # Both halves of a key pair (JWT_PRIVATE_KEY_BASE64 and JWT_PUBLIC_KEY_BASE64): generated
        # together; one alone is left to the person.
        halves = {name for name, _ in reads.of("key_pair")}
        for name in sorted(halves):
            if "_PRIVATE_" in name and name.replace("_PRIVATE_", "_PUBLIC_") in halves:
                env.append(EnvVar(name, "app", "key-private", "secret"))
                env.append(EnvVar(name.replace("_PRIVATE_", "_PUBLIC_"), "app", "key-public", "secret"))
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
            EnvVar(spec.password_var, "database", "db-password", "secret", form=db.password_form),
            EnvVar(spec.name_var, "database", "db-name", "plain", db.name),
        ]
        if db.in_container:
            # The administrator's password (the image's superuser or root): the db container's only.
            admin = EnvVar(spec.admin_password_var, "database", "db-admin-password", "secret", to_app=False)
            env.append(admin)
            host: Part = db.host
            port: Part = str(db.port)
        else:
            host, port = Ref("DATABASE_HOST"), Ref("DATABASE_PORT")
        connection = _connection(language, spec, host, port)
        if reads is not None:
            connection = _own_names(connection, reads, language, spec, host, port)
            connection += _typeorm(reads, spec, host, port)
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
        bare = reads.bare_urls if reads is not None else frozenset()
        url = cache.url.removesuffix("/0") if cache.spec.url_var in bare else cache.url
        app.append(AppVar(cache.spec.url_var, "cache-url", (url,)))
        # A Celery broker or result backend on Redis reads a Redis URL like the cache's.
        for name, source in reads.of("redis_url") + reads.of("broker_url") if reads is not None else ():
            if name != cache.spec.url_var:
                url = cache.url.removesuffix("/0") if name in bare else cache.url
                app.append(AppVar(name, "cache-url", (url,), source))
        for name, source in reads.of("redis_host") if reads is not None else ():
            # An address is host:port (go-redis's Addr); a host is the name alone.
            address = name.endswith(("ADDR", "ADDRESS")) or (reads is not None and name in reads.addresses)
            value = f"{cache.service}:{cache.spec.port}" if address else cache.service
            app.append(AppVar(name, "cache-part", (value,), source))
        for name, source in reads.of("redis_port") if reads is not None else ():
            app.append(AppVar(name, "cache-part", (str(cache.spec.port),), source))
    return tuple(env), tuple(app)


def _typeorm(reads: AppReads, db: DatabaseSpec, host: Part, port: Part) -> list[AppVar]:
    """TypeORM 0.2's own variables: the connection from the database service, the rest from
    the project's ormconfig example."""
    if reads.typeorm is None:
        return []
    parts: list[tuple[str, tuple[Part, ...]]] = [
        ("TYPEORM_CONNECTION", (db.key,)),
        ("TYPEORM_HOST", (host,)),
        ("TYPEORM_PORT", (port,)),
        ("TYPEORM_USERNAME", (Ref(db.user_var),)),
        ("TYPEORM_PASSWORD", (Ref(db.password_var),)),
        ("TYPEORM_DATABASE", (Ref(db.name_var),)),
        *((name, (value,)) for name, value in reads.typeorm),
    ]
    source = f"TypeORM, after {reads.typeorm_source}"
    return [AppVar(name, "app-db-part", value, source) for name, value in parts]


_DEV_WORDS = ("development", "dev", "develop", "local")
_PROD_WORDS = ("production", "prod")


def _env_word(environment: str, allowed: tuple[str, ...], default: str | None = None) -> str:
    """The app's own word for the environment: among the values it accepts when it says;
    else in the style of the code's own default (os.getenv("X") or "dev": dev and prod,
    the keys of its config mapping), else the environment's name."""
    wanted = _DEV_WORDS if environment == "development" else _PROD_WORDS
    if allowed:
        return next((w for w in allowed if w.lower() in wanted), allowed[0])
    word = (default or "").lower()
    if word in wanted or set(re.split(r"[-_.]", word)) & set(wanted):
        return default or environment  # (dev-docker, the project's own development word)
    if word in _DEV_WORDS + _PROD_WORDS:
        short = word in ("dev", "prod")
        found = (
            ("dev" if short else "development")
            if environment == "development"
            else ("prod" if short else "production")
        )
        # in the default's case: mathesar's MODE defaults to PRODUCTION, tested == 'DEVELOPMENT'
        return found.upper() if (default or "").isupper() else found
    return environment


# The driver suffix a URL may carry is kept only within one engine family.
_FAMILIES = {"postgresql": ("postgresql", "postgres"), "mysql": ("mysql", "mariadb")}
# Words in a variable name that say which database server it is for.
_ENGINE_WORDS = {
    "postgres": {"POSTGRES", "POSTGRESQL", "PG", "PSQL"},
    "mysql": {"MYSQL", "MYSQL2"},
    "mariadb": {"MARIADB", "MYSQL", "MYSQL2"},
    "mongodb": {"MONGO", "MONGODB"},
}
# Django's database backend module per engine (MariaDB uses the mysql one).
_DJANGO_BACKENDS = {"postgres": "postgresql", "mysql": "mysql", "mariadb": "mysql"}
_SPRING_PROFILE = re.compile(r"(?:^|/)application-([A-Za-z0-9_-]+)\.(?:properties|ya?ml)$")


def _for_another_engine(var: str, db: DatabaseSpec) -> bool:
    """MYSQL_URL when the database is PostgreSQL: the app reads it only for the other engine."""
    words = set(var.split("_"))
    others = set().union(*(w for k, w in _ENGINE_WORDS.items() if k != db.key)) - _ENGINE_WORDS[db.key]
    return bool(words & others) and not words & _ENGINE_WORDS[db.key]


def _own_names(
    connection: list[AppVar], reads: AppReads, language: str, db: DatabaseSpec, host: Part, port: Part
) -> list[AppVar]:
    """The connection under the names the app reads too, with the URL scheme its library needs
    (the driver suffix SQLAlchemy wants: postgresql+asyncpg, mysql+pymysql), and the Spring
    profile whose settings file reads them."""
    base, plus, driver = (reads.url_scheme or "").partition("+")
    scheme = db.scheme
    if base in _FAMILIES.get(db.scheme, ()):  # the driver suffix, or the form the code tests for
        scheme = f"{db.scheme}+{driver}" if plus else base
    user, password, name = Ref(db.user_var), Ref(db.password_var), Ref(db.name_var)
    options = _url_options(db, language)
    url: tuple[Part, ...] = (f"{scheme}://", user, ":", password, "@", host, ":", port, "/", name, *options)
    jdbc: tuple[Part, ...] = (f"jdbc:{db.jdbc}://", host, ":", port, "/", name)
    parts: dict[str, tuple[Part, ...]] = {
        "database_url": jdbc if language == "java" and db.jdbc is not None else url,
        "database_host": (host,),
        "database_port": (port,),
        "database_user": (user,),
        "database_password": (password,),
        "database_name": (name,),
        "database_engine": (db.key,),  # DB=postgres: the engine the app's settings switch on
        "database_dialect": (scheme,),  # SQLAlchemy's URL.create(drivername): postgresql+psycopg2
    }
    if db.key in _DJANGO_BACKENDS:  # SQL_ENGINE=django.db.backends.sqlite3 by default
        parts["database_backend"] = (f"django.db.backends.{_DJANGO_BACKENDS[db.key]}",)
    # (not a name the code reads as another part: online-coding-server's Sequelize `host:
    # process.env.DATABASE_URL` is the host, which a whole URL there breaks)
    other = {var for role in parts if role != "database_url" for var, _ in reads.of(role)}
    out = [
        AppVar(v.name, v.role, url if v.role == "db-url" else v.parts)
        for v in connection
        if v.name not in other
    ]
    have = {v.name for v in out} | {db.user_var, db.password_var, db.name_var}
    profiles: set[tuple[str, str]] = set()
    for role, value in parts.items():
        for var, source in reads.of(role):
            if var in have or _for_another_engine(var, db):
                continue
            if role == "database_engine":  # spelt as the code compares it (== 'POSTGRES')
                given = reads.allowed.get(var, ())
                value = (next((w for w in given if w.upper() in _ENGINE_WORDS.get(db.key, ())), db.key),)
            out.append(AppVar(var, "app-db-url" if role == "database_url" else "app-db-part", value, source))
            have.add(var)
            if language == "java" and (m := _SPRING_PROFILE.search(source)):
                profiles.add((m.group(1), source))
    if not profiles and language == "java":
        # No profile reads the variables, but one names this server (its own URL, schema
        # scripts): turned on, with the connection above overriding its values.
        named = [(p.partition("=")[0], f) for p, f in reads.spring_profiles if p.partition("=")[2] == db.key]
        profiles = set(named) if len(named) == 1 else set()
    if len(profiles) == 1 and "SPRING_PROFILES_ACTIVE" not in have:
        ((profile, source),) = profiles
        out.append(AppVar("SPRING_PROFILES_ACTIVE", "spring-profile", (profile,), source))
    return out


def _url_options(db: DatabaseSpec, language: str) -> tuple[Part, ...]:
    """What follows the database name in the URL: the engine's own options (MongoDB's
    authSource), and for Go and PostgreSQL ``sslmode=disable``: lib/pq (and golang-migrate,
    which uses it) require TLS unless told otherwise, and the database container speaks plain
    TCP on the project's private network."""
    if db.url_options:
        return (db.url_options,)
    if language == "go" and db.key == "postgres":
        return ("?sslmode=disable",)
    return ()


def _connection(language: str, db: DatabaseSpec, host: Part, port: Part) -> list[AppVar]:
    """The variables the app connects with: DATABASE_URL for every language, plus what Spring
    Boot and Go's MySQL driver read."""
    user, password, name = Ref(db.user_var), Ref(db.password_var), Ref(db.name_var)
    options = _url_options(db, language)
    url: tuple[Part, ...] = (f"{db.scheme}://", user, ":", password, "@", host, ":", port, "/", name)
    url += options
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


# A value .env can hold as it is (the check envfiles makes on every value it writes): one
# both Compose's .env parser and `docker run --env-file` take literally, unquoted. No quotes,
# `$` or `#`, and spaces only between words; IPv6 hosts ([::1]), wildcards (*.example.com)
# and backslashes (a PEM key written on one line with \n, which the app unescapes) included.
PLAIN_VALUE = re.compile(r"(?:[][A-Za-z0-9_.~:/@+=,%?&()*!^|\\-]+(?: [][A-Za-z0-9_.~:/@+=,%?&()*!^|\\-]+)*)?")


# A debug switch's "off", in the style of the project's own "on".
# Set by the Dockerfiles (PORT, NODE_ENV) or by the runtime, or meaningful only outside a container.
_SET_ELSEWHERE = frozenset(
    {"PORT", "NODE_ENV", "HOSTNAME", "HOME", "PATH", "PWD", "USER", "TZ", "LANG"}
    # set by the official images and advisor's Dockerfiles themselves
    | {"PYTHON_VERSION", "PYTHON_SHA256", "GPG_KEY", "NODE_VERSION", "YARN_VERSION", "VIRTUAL_ENV"}
    | {"PYTHONUNBUFFERED", "PYTHONDONTWRITEBYTECODE", "PIP_DISABLE_PIP_VERSION_CHECK"}
    | {"DJANGO_SETTINGS_MODULE"}  # planning's, or manage.py's and wsgi.py's setdefault()
)
# Docker's and Compose's own variables (DOCKER_BUILDKIT, COMPOSE_PROFILES) and the project
# compose file's own (DOCKER_WEB_VOLUME), when only an env example names them: not the app's.
_TOOL_SETTING = re.compile(r"^(?:COMPOSE|DOCKER)_[A-Z0-9_]+$")


def tool_named(env: tuple[EnvVar, ...]) -> tuple[tuple[EnvVar, ...], tuple[AppVar, ...]]:
    """The app's own settings named like Compose's or Docker's (COMPOSE_PROJECT_NAME, which an
    env schema requires): in .env Compose would take them as its own, so compose.yaml gives
    the app their values itself. Returns (the rest of .env, those)."""
    tool = tuple(
        v for v in env if _TOOL_SETTING.match(v.name) and v.group == "app" and v.kind == "plain" and v.value
    )
    rest = tuple(v for v in env if v not in tool)
    return rest, tuple(AppVar(v.name, "project-literal", (v.value,), v.source) for v in tool)


def unset_reads(app: AppFacts, set_names: set[str]) -> tuple[tuple[str, str], ...]:
    """The variables the app reads that the files do not set (mail, error tracking, its own
    settings...): listed for the person to fill in, never invented."""
    out: dict[str, str] = {}
    sqlite_files = sqlite_settings(app) if app.own_settings else set()
    for var in app.env_vars:
        if var.name in set_names or var.name in _SET_ELSEWHERE or var.name in out:
            continue
        # named by an env file only
        if _TOOL_SETTING.match(var.name) and not var.source.endswith(CODE_SUFFIXES):
            continue
        if var.role.startswith(("database_", "redis_")) and var.name not in sqlite_files:
            continue  # another engine's or service's settings: not for this set-up
        out[var.name] = var.source
    return tuple(out.items())


# Another server's address or port under a listen name (MAIL_SERVER_PORT, METRICS_HTTP_PORT,
# MAIL_SERVER_HOST): see also proxyvars.listen_hosts.
OTHER_SERVER = re.compile(r"MAIL|SMTP|IMAP|POP3|LDAP|FTP|SSH|PROXY|METRICS|DEBUG|ADMIN|GRPC|WS_|SOCKET")
