"""The role an environment variable's name probably plays (see :mod:`advisor.inspect.envvars`).

``classify(name)`` assigns one role from ``ROLES`` by the first matching rule, checked in
this order: database URL, database parts, redis URL, redis parts, broker URL, migrate on start, secret,
storage, app environment, debug, port, settings module, else ``other``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .facts import EnvVar

ROLES = (
    "database_url",
    "database_engine",
    "database_backend",
    "database_dialect",
    "database_host",
    "database_port",
    "database_user",
    "database_password",
    "database_name",
    "redis_url",
    "redis_host",
    "redis_port",
    "redis_password",
    "broker_url",
    "migrate_on_start",
    "secret_key",
    "storage",
    "app_env",
    "debug",
    "port",
    "listen_port",
    "settings_module",
    "other",
)

_DB_PREFIX = (
    r"(?:[A-Z0-9_]+_)?"
    r"(?:DATABASE|DB|POSTGRES(?:QL)?|PG|MYSQL|MARIADB|MONGO(?:DB)?|SQL|SQLALCHEMY_DATABASE|TYPEORM|SEQUELIZE)"
)
_RULES: tuple[tuple[str, re.Pattern[str]], ...] = (
    # a Redis Sentinel's or cluster's address switches the client's mode: never the Redis service's
    ("other", re.compile(r"SENTINEL|REDIS_CLUSTER")),
    # a second server beside the one advisor runs: a read replica (cla_backend's REPLICA_DB_HOST,
    # which switches a reports database on), or Prisma's shadow database, never the same one
    ("other", re.compile(r"(?:^|_)(?:REPLICA|REPLICAS|SLAVE|STANDBY|FOLLOWER|SHADOW)_")),
    # TypeORM's documented variables: TYPEORM_CONNECTION names the engine (postgres, mysql).
    ("database_engine", re.compile(r"^(?:TYPEORM|SEQUELIZE)_(?:CONNECTION|TYPE|DIALECT)$")),
    # Sequelize's dialect and TypeORM's type by another name (DEV_DB_DIALECT=mysql, DB_TYPE):
    # their values are the engines' own names (postgres, mysql, mariadb, sqlite).
    ("database_engine", re.compile(rf"^(?:{_DB_PREFIX}_?(?:DIALECT|TYPE)|(?:[A-Z0-9_]+_)?DIALECT)$")),
    # AdonisJS's and Laravel's DB_CONNECTION names a connection of the app's database config
    # (pg, mysql): the value the project's example gives, never a URL.
    ("other", re.compile(r"^DB_CONNECTION$")),
    # Redis's URL under a database-like name (sspanel's REDIS_DB_URI): Redis's, not the database's.
    ("redis_url", re.compile(r"^(?:[A-Z0-9_]+_)?(?:REDIS|VALKEY)_[A-Z0-9_]*(?:URL|URI|DSN)$")),
    (
        "database_url",
        re.compile(
            rf"^(?:{_DB_PREFIX}_?(?:URL|URI|DSN|SOURCE|CONNECTION(?:_STRING)?)|DATABASE_URL|SQLALCHEMY_DATABASE_URI|SPRING_DATASOURCE_URL|MONGO_URL|MONGODB_URI)$"
        ),
    ),
    # (nest-clean-template's PG_WRITE_CONNECTION_STRING and PG_READ_CONNECTION_STRING: one server here)
    (
        "database_url",
        re.compile(
            r"(?:(?:DATABASE|POSTGRES|MYSQL|MARIADB|MONGO)[A-Z0-9_]*|^PG_[A-Z0-9_]*)_(?:URL|URI|DSN|CONNECTION_STRING)$"
        ),
    ),
    # A bare DSN is the database's (go-rest-api's APP_DSN), never a SENTRY_DSN.
    ("database_url", re.compile(r"^(?:APP_)?DSN$")),
    (
        "database_host",  # (mentorship-backend's DB_ENDPOINT)
        re.compile(rf"^(?:{_DB_PREFIX}_?(?:HOST|HOSTNAME|SERVER|ADDR|ADDRESS|IP|ENDPOINT)|PGHOST)$"),
    ),
    ("database_port", re.compile(rf"^(?:{_DB_PREFIX}_?PORT|PGPORT)$")),
    (
        "database_user",
        re.compile(rf"^(?:{_DB_PREFIX}_?(?:USER|USERNAME|LOGIN)|PGUSER|SPRING_DATASOURCE_USERNAME)$"),
    ),
    (
        "database_password",
        re.compile(
            rf"^(?:{_DB_PREFIX}_?(?:PASS|PASSWORD|PASSWD|PWD)|PGPASSWORD|SPRING_DATASOURCE_PASSWORD)$"
        ),
    ),
    (
        "database_name",
        # Not a bare prefix: DB alone often selects the engine, ECHO_SQL is a switch.
        # A bare DATABASE is the database's name (Sequelize's new Sequelize(DATABASE, USER, ...)).
        # Not a SCHEMA: in PostgreSQL a schema lives inside the database (Prisma's ?schema=blog).
        re.compile(rf"^(?:{_DB_PREFIX}_?(?:NAME|DB|DATABASE|DBNAME)|PGDATABASE|DATABASE)$"),
    ),
    (
        "redis_url",
        re.compile(r"^(?:[A-Z0-9_]+_)?(?:REDIS|CACHE|VALKEY)_?(?:URL|URI|DSN|TLS_URL)$|^REDISCLOUD_URL$"),
    ),
    # pretalx's PRETALX_REDIS, mediacms' REDIS_LOCATION: the server's address, as a URL
    # (not a switch: DISABLE_REDIS, USE_REDIS)
    (
        "redis_url",
        re.compile(
            r"^(?!(?:DISABLE|ENABLE|USE|NO|SKIP|WITH|HAS|IS)_)[A-Z0-9]+_REDIS$|^(?:[A-Z0-9]+_)?REDIS_LOCATION$"
        ),
    ),
    # REDIS_HOST, CACHE_REDIS_HOST, and one Redis's of several: REDIS_QUEUE_HOST, REDIS_RATE_LIMIT_PORT.
    (
        "redis_host",
        re.compile(
            r"^(?:[A-Z0-9_]+_)?(?:REDIS|VALKEY)(?:_[A-Z0-9_]+)?_?(?:HOST|HOSTNAME|SERVER|ADDR|ADDRESS)$"
        ),
    ),
    ("redis_port", re.compile(r"^(?:[A-Z0-9_]+_)?(?:REDIS|VALKEY)(?:_[A-Z0-9_]+)?_?PORT$")),
    ("redis_password", re.compile(r"^(?:[A-Z0-9_]+_)?(?:REDIS|VALKEY)(?:_[A-Z0-9_]+)?_?(?:PASS|PASSWORD)$")),
    (
        "broker_url",
        re.compile(
            r"^(?:CELERY_)?(?:BROKER|RESULT_BACKEND)(?:_URL)?$|^CELERY_BROKER_URL$|^CELERY_RESULT_BACKEND$"
        ),
    ),
    # A switch that makes the app migrate its database as it starts (miniflux's RUN_MIGRATIONS).
    (
        "migrate_on_start",
        re.compile(
            r"^(?:RUN_(?:DB_)?MIGRATIONS?|(?:DB_|DATABASE_)?AUTO_?MIGRATE|MIGRATE_ON_START|AUTO_?MIGRATIONS?)$"
        ),
    ),
    (
        "storage",
        re.compile(
            r"^(?:AWS_|S3_|MINIO_|GCS_|AZURE_STORAGE_)|(?:_BUCKET|_BUCKET_NAME|_S3_[A-Z_]+)$|^BUCKET(?:_NAME)?$"
        ),
    ),
    # An RSA key pair the app signs its tokens with, each key a PEM document in base64.
    (
        "key_pair",
        re.compile(
            r"^(?:[A-Z0-9]+_)*(?:JWT|TOKEN|AUTH|SIGNING|ACCESS_TOKEN|REFRESH_TOKEN)_(?:PUBLIC|PRIVATE)_KEY_(?:BASE64|B64)$"
        ),
    ),
    # Strapi's own secrets: APP_KEYS (a list; one random key will do) and its token salts
    ("secret_key", re.compile(r"^(?:APP_KEYS|API_TOKEN_SALT|TRANSFER_TOKEN_SALT)$")),
    (
        "secret_key",
        re.compile(
            # The app's own signing secrets (a random value is right for them), not a secret some
            # other service issues (an OAuth client's, an API's, a webhook's: they come from there).
            # A bare SECRET, TOKEN_SECRET or APP_KEY is the app's; with a prefix (LINKEDIN_SECRET,
            # TWITTER_TOKEN_SECRET) it is usually a provider's, so only the unambiguous forms count.
            r"^(?!.*(?:CLIENT|OAUTH|API(?!_ENCRYPTION_KEY$)|WEBHOOK|STRIPE|TWILIO|SENDGRID|GITHUB|GOOGLE|FACEBOOK|AWS|SENTRY|SMTP|(?<![A-Z])MAIL_|CAPTCHA|TURNSTILE))"
            r"(?:(?:SECRET|APP_SECRET|APP_KEY|TOKEN_SECRET)"
            # The app's own token and session secrets, whatever their middle (AUTH_REFRESH_SECRET).
            r"|(?:AUTH|JWT|SESSION|COOKIE|CSRF|TOKEN|ACCESS|REFRESH|ACCESS_TOKEN|REFRESH_TOKEN)_(?:[A-Z0-9]+_)*SECRET(?:_KEY)?"
            r"|(?:[A-Z0-9_]+_)?(?:SECRET_KEY|SECRET_KEY_BASE|JWT_SECRET(?:_KEY)?|SESSION_SECRET|SIGNING_KEY"
            # (rctf's RCTF_TOKEN_KEY: the key it encrypts its tokens with)
            r"|ENCRYPTION_KEY|FERNET_KEY|COOKIE_SECRET|AUTH_SECRET|NEXTAUTH_SECRET|HMAC_KEY|HMAC_SECRET|TOKEN_KEY)"
            # (teikei's SECRET_TOKEN, its Feathers authentication.secret; Rails' name for it)
            r"|JWTSECRET|JWTKEY|JWT_KEY|SESSIONSECRET|SECRET_TOKEN)$"
        ),
    ),
    (
        "app_env",
        # Not a monitoring service's label for the environment (SENTRY_ENVIRONMENT, DD_ENV), nor a
        # default for the records the app handles (alerta's DEFAULT_ENVIRONMENT of an alert).
        re.compile(
            r"^(?!(?:SENTRY|DD|NEW_RELIC|ELASTIC_APM|OTEL|HONEYBADGER|ROLLBAR|BUGSNAG|DATADOG|DEFAULT)_)"
            # A mode names the environment only as the app's or the runner's (APP_MODE, GIN_MODE),
            # not a feature switch (SAFE_MODE, MAINTENANCE_MODE).
            r"(?:[A-Z0-9_]+_)?(?:ENV|ENVIRONMENT|STAGE|PROFILE|PROFILES_ACTIVE)$"
            r"|^(?:[A-Z0-9]+_)?(?:APP|RUN|SERVER|GIN|DEPLOY|RUNTIME)_MODE$|^MODE$|^(?:FLASK|APP)_CONFIG$"
        ),
    ),
    ("debug", re.compile(r"^(?:[A-Z0-9_]+_)?DEBUG$")),
    ("port", re.compile(r"^(?:[A-Z0-9_]+_)?(?:PORT|HTTP_PORT|LISTEN_PORT)$")),
    ("settings_module", re.compile(r"^DJANGO_SETTINGS_MODULE$|^[A-Z0-9_]*SETTINGS_MODULE$|^FLASK_APP$")),
)


def classify(name: str) -> str:
    """The role of an environment variable, by its name (see the module docstring); a test
    suite's own settings (TESTING_DATABASE_URL, TEST_REDIS_URL) have none."""
    # pydantic-settings' nested names (DATABASE__HOSTNAME, env_nested_delimiter="__") read as one.
    upper = re.sub(r"(?<=[A-Z0-9])__(?=[A-Z0-9])", "_", name.upper())
    if re.match(r"^TEST(?:ING)?_|.*_TEST$", upper):
        return "other"
    for role, pattern in _RULES:
        if pattern.search(upper):
            return role
    return "other"


def reads_database(env_vars: Iterable[EnvVar]) -> bool:
    """Whether any of these variables is a database setting (its URL, host, name, user...)."""
    return any(v.role.startswith("database_") for v in env_vars)
