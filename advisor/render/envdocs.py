"""What each variable of .env is for: the comment written above it (and above the
connection variables compose.yaml builds for the app)."""

from __future__ import annotations

from ..errors import AdvisorError
from ..setup import DB_SERVICE, NATIVE_DB_HOST, AppVar, DatabasePlan, EnvVar, Setup
from ..stacks import SECRETS_DIR

_SECRET_HINT = "Secret: a long random value, e.g. from `openssl rand -hex 24`."

# Settings the container needs that the project's files imply (run.sh passes only .env's).
_CONTAINER_SETTINGS = {
    "cache-part": ("A part of the Redis service's address the app reads (its host, port or password).",),
    "flask-app": (
        "Where the flask command finds the app: the release step runs `flask db upgrade`.",
        "The module the start command serves.",
    ),
    "settings-module": (
        "The project's production settings module (manage.py's default is another one, with",
        "debugging on).",
    ),
    "settings-manage": (
        "manage.py's settings module, which the app runs with too: the server's wsgi.py falls",
        "back to another one (for production), and the migrate step runs with manage.py's.",
    ),
    "settings-missing": (
        "manage.py's settings module: the one the server's wsgi.py falls back to is not in the",
        "project (a file its own deployment writes). Check this one is fit for production.",
    ),
    "settings-dev": (
        "The project's development settings module: manage.py's default is the production one",
        "(DEBUG off, its own ALLOWED_HOSTS), which production's files run with.",
    ),
    "settings-package": (
        "A module of manage.py's settings package: manage.py names the package itself, which",
        "sets nothing. Production's files run with the package's production module.",
    ),
    "settings-env-db": (
        "The project's settings module that reads the database from the environment (the",
        "variables above); manage.py's default one names its database itself.",
    ),
    "settings-installed": (
        "The project's shared settings module: manage.py's default one needs packages that",
        "only its development requirements install, which the image does not.",
    ),
    "migrate-on-start": (
        "The app migrates its database as it starts when this is on: the project has no",
        "migration step of its own to run before it.",
    ),
    "auth-trust-host": (
        "Auth.js trusts the host a request names: in a container it is reached through a",
        "published port or a proxy, not a platform Auth.js knows.",
    ),
    "config-file": (
        "Where the app reads its settings file: the image makes it from the project's template",
        "(compose.yaml mounts a copy with the database's settings filled in).",
    ),
    "project-literal": ("The app's own setting, with the value the project's example gives it.",),
    "app-port": (
        "The port the app listens on, under the name it reads (the Dockerfile's PORT is the",
        "same): the published port and the healthcheck expect it there.",
    ),
    "app-host": (
        "Every address: the project's example binds to the loopback one, which only the",
        "container itself could reach (not the published port, not the healthcheck).",
    ),
    "sqlite-off": (
        "Off: the project's switch to SQLite, which its own .env turns on; the app uses the",
        "database server compose.yaml runs instead.",
    ),
    "server-on": (
        "On: the project's switch to the database server compose.yaml runs (off, the app",
        "keeps its data in SQLite).",
    ),
    "node-env": (
        "Development, not the image's production: the knexfile has no production section,",
        "which NODE_ENV=production would pick. Add one before deploying.",
    ),
    "sqlite-url": (
        "The app's SQLite database, in data/: a volume keeps it across rebuilds, and the",
        "release step (its migrations) writes the same file the app reads.",
    ),
}


def doc(setup: Setup, var: EnvVar) -> tuple[str, ...]:
    db = setup.database
    role = var.role
    if role == "key-private":
        return (
            "The private key the app signs its tokens with (RS256): a PEM document in base64,",
            "generated with the public key below. Secret: never commit it.",
        )
    if role == "key-public":
        return ("The public key that checks the app's tokens, the pair of the private key above.",)
    if role == "app-secret" and var.form.startswith("base64:"):
        size = var.form[7:]
        return (
            "A secret the app reads (its own name for it), in the form the project asks for:",
            f"{size} random bytes in base64, e.g. from `openssl rand -base64 {size}`.",
        )
    if role == "app-secret" and var.form.startswith("hex:"):
        size = var.form[4:]
        return (
            "A secret the app reads (its own name for it), in the form the project asks for:",
            f"{size} random bytes as hex digits, e.g. from `openssl rand -hex {size}`.",
        )
    if role == "app-secret":
        return ("A secret the app reads (its own name for it): signing keys, sessions.", _SECRET_HINT)
    if role == "settings-secret":
        return (
            "The secret key of the app's settings file, which compose.yaml makes from the project's",
            "template (configs: app-settings): signing keys, sessions.",
            _SECRET_HINT,
        )
    if role == "site-address":
        return (
            "The domain Caddy serves and gets the HTTPS certificate for (example.com): its DNS",
            "must point at this server, with ports 80 and 443 open. localhost: a local certificate,",
            "for a first test on the server itself.",
        )
    if role == "site-local":
        return (
            f"The app's own name or address as the browser sees it, which it requires ({var.source}):",
            "this machine and the port published in development. Production sets its domain here.",
        )
    if role == "switch-off":
        return (
            f"A feature switch the app requires ({var.source}), with no value given: off here, so",
            "the app starts without that feature's own settings. Set it to true once you have them.",
        )
    if role == "required-setting":
        return (
            f"Required: the app reads it with no default ({var.source}) and stops at start without",
            "it. advisor cannot know its value: remove the # and set it before the first start.",
        )
    if role == "project-debug-off":
        first = f"The app's own debug switch, set in the project's {var.source}."
        if var.value:
            return (first, f"Its example turns debugging on: production turns it off ({var.value}).")
        return (
            first,
            "The app takes any value as on, 0 and False too (bool() of the text): production",
            "leaves it out, so the app's own default (off) applies. Never set it in production.",
        )
    if role == "code-default":
        return (
            f"Required: the app reads it with no default ({var.source}) and stops at start without",
            "it. Another of its modules gives this value as its default: the same here.",
        )
    if role == "dev-debug":
        return (
            f"The app's debug switch, which it requires ({var.source}): on in development.",
            "Production turns it off: never run it in production with this value.",
        )
    if role == "dev-host":
        return (
            f"The hosts the app answers for. The project's {var.source} names an example domain",
            "or its own deployment's, which would refuse every request here: this machine in",
            "development (set your domain in production).",
        )
    if role == "project-setting":
        if var.kind == "credential" and not var.value:
            return (
                f"The app's own setting, which it requires: the project's {var.source} gives it an",
                "empty value, which the app gets. Set a real one where the feature needs it.",
            )
        if not var.value and var.source.rsplit("/", 1)[-1] == ".env":
            # advisor reads only the names of the project's own .env, never its values.
            return (
                f"The app's own setting, named in the project's {var.source} (advisor reads no value",
                "from it): the value there applies.",
            )
        return (
            f"The app's own setting, defined in the project's {var.source}"
            + (
                ", with no value there."
                if not var.value
                else " (the value it gives the app's container)."
                if "compose" in var.source.rsplit("/", 1)[-1]
                else " (its example value)."
            ),
        ) + (
            ()
            if var.value
            else (
                "Left out, so the app keeps its own default: an empty value would override it.",
                "Remove the # and give it a value if the app needs one.",
            )
        )
    if role in _CONTAINER_SETTINGS:
        return _CONTAINER_SETTINGS[role] + ((f"(Found in {var.source}.)",) if var.source else ())
    if role == "app-env":
        doc: tuple[str, ...] = (
            "Which environment the app runs in (development or production); read it to turn",
            "debugging off in production.",
        )
        if setup.language.key == "node":
            # NODE_ENV=production is set in the Dockerfile, which keeps production dependencies
            # only: a NODE_ENV here would override it with no dev dependencies to match.
            doc += (
                "NODE_ENV is production in the image (the Dockerfile sets it and keeps production",
                "dependencies only), so it is not set here.",
            )
        return doc
    if role.startswith("s3-") or role == "cdn-url":
        return _STORAGE_DOCS[role]
    if db is None:
        raise AdvisorError(f"starter files: no documentation for {var.name}")
    label = db.spec.label
    if role == "db-host":
        return (
            f"Where {label} runs. {NATIVE_DB_HOST} is the Docker host itself (the",
            "database installed on this server): make it listen on the Docker bridge address",
            f"too and let the containers' network in ({db.spec.listen_settings}).",
            "For a managed database, put its host name here.",
        )
    if role == "db-port":
        return (f"The port {label} listens on.",)
    if role == "db-admin-password":
        admin = db.spec.admin_user
        what = "superuser" if db.spec.key == "postgres" else "administrator"
        return (
            f"The password of {admin}, the {label} {what}, for administration only: the {DB_SERVICE}",
            f"container gets it as a file in {SECRETS_DIR} (a Compose secret), the app never. It is",
            "set on the first start (an empty volume) only.",
            _SECRET_HINT,
        )
    if db.in_container:
        return _container_doc(db, role)
    if role == "db-user":
        return _native_user_doc(db)
    if role == "db-password":
        return ("That user's password: create the user with this password.", _SECRET_HINT)
    if role == "db-name":
        if db.spec.key == "mongodb":
            return ("The database the app uses: MongoDB creates it on the first write.",)
        return ("The database the app uses: create it on the database server.",)
    return (*_connection_doc(setup, role), "Made of the values above: change them together.")


def _container_doc(db: DatabasePlan, role: str) -> tuple[str, ...]:
    label, mongo = db.spec.label, db.spec.key == "mongodb"
    where = f"the {DB_SERVICE} container"
    admin = db.spec.admin_user
    if role == "db-user":
        if mongo:
            return (
                "The MongoDB user the app connects as, with readWrite on the database below only;",
                f"{where} creates it in the admin database on its first start (authSource=admin",
                f"in the URL). {admin}, the administrator, is not for the app.",
            )
        if db.spec.key == "postgres":
            return (
                "The PostgreSQL role the app connects as: it owns the database below but is no",
                f"superuser; {where} creates it on its first start. {admin}, the superuser, is",
                "not for the app.",
            )
        return (
            f"The {label} user the app connects as, with rights on the database below only; the",
            f"{DB_SERVICE} container creates it on its first start. {admin}, the administrator, is",
            "not for the app.",
        )
    if role == "db-password":
        return (
            f"That user's password: the app gets it in its environment, {where} as a file",
            f"in {SECRETS_DIR}. The database keeps the password of its first start: to change it",
            "later, change it in the database too.",
            _literal_hint(db) if db.password else _SECRET_HINT,
        )
    if mongo:
        return (
            "The database the app uses: the path of DATABASE_URL. Nothing creates it beforehand;",
            "MongoDB creates it on the first write.",
        )
    return (f"The database the app uses; {where} creates it on its first start.",)


def _native_user_doc(db: DatabasePlan) -> tuple[str, ...]:
    """How to create the app's user on a database server advisor does not run: with rights on
    its own database only, never as the server's superuser or root."""
    user, name = db.user, db.name
    if db.spec.key == "postgres":
        return (
            "The PostgreSQL role the app connects as. Create it on the database server as a role",
            "that owns the app's database, not as a superuser (psql, as the administrator):",
            f"  CREATE ROLE {user} LOGIN PASSWORD 'the password below';",
            f"  CREATE DATABASE {name} OWNER {user};",
        )
    if db.spec.key == "mongodb":
        return (
            "The MongoDB user the app connects as. Create it on the database server in the admin",
            "database (the URL says authSource=admin), with rights on the app's database only:",
            f"  db.getSiblingDB('admin').createUser({{user: '{user}', pwd: 'the password below',",
            f"    roles: [{{role: 'readWrite', db: '{name}'}}]}})",
        )
    return (
        f"The {db.spec.label} user the app connects as. Create it on the database server with",
        "rights on the app's database only, not as root:",
        f"  CREATE DATABASE {name};",
        f"  CREATE USER '{user}'@'%' IDENTIFIED BY 'the password below';",
        f"  GRANT ALL ON {name}.* TO '{user}'@'%';",
    )


def _connection_doc(setup: Setup, role: str) -> tuple[str, ...]:
    """What one connection variable is for."""
    if role == "db-url":
        doc = ["The connection URL most libraries read."]
        if setup.language.key == "go" and setup.database is not None:
            doc.append(
                {
                    "postgresql": "Go: pgx and lib/pq take this URL as it is.",
                    "mysql": "Go: go-sql-driver/mysql does not take a URL: use MYSQL_DSN.",
                    "mongodb": "Go: the MongoDB driver takes this URL as it is (options.Client().ApplyURI).",
                }[setup.database.spec.scheme]
            )
        return tuple(doc)
    if role not in _CONNECTION_DOCS:
        raise AdvisorError(f"starter files: no documentation for the connection variable role {role!r}")
    return _CONNECTION_DOCS[role]


_CONNECTION_DOCS: dict[str, tuple[str, ...]] = {
    "mysql-dsn": ("The DSN go-sql-driver/mysql needs: user:password@tcp(host:port)/name.",),
    "spring-url": ("Spring Boot's spring.datasource.url.",),
    "spring-username": ("Spring Boot's spring.datasource.username.",),
    "spring-password": ("Spring Boot's spring.datasource.password.",),
    "spring-mongo-3": ("Spring Boot 3's spring.data.mongodb.uri (the same as DATABASE_URL).",),
    "spring-mongo-4": ("Spring Boot 4's spring.mongodb.uri (the same as DATABASE_URL).",),
}


def app_var_doc(setup: Setup, var: AppVar) -> tuple[str, ...]:
    """What a variable compose.yaml builds for the app is for."""
    if var.role == "spring-profile":
        return (f"The Spring profile whose settings ({var.source}) are for this database server.",)
    if var.source:
        return (f"Named as the app reads it ({var.source}).",)
    if var.role in _CONTAINER_SETTINGS:  # a setting of the app's own (COMPOSE_PROJECT_NAME)
        return _CONTAINER_SETTINGS[var.role]
    return _connection_doc(setup, var.role)


_STORAGE_DOCS: dict[str, tuple[str, ...]] = {
    "s3-bucket": ("The bucket that holds the media (create it with your cloud provider).",),
    "s3-region": ("The bucket's region.",),
    "s3-endpoint": (
        "The S3 API endpoint of your provider (AWS, Cloudflare R2, DigitalOcean Spaces,",
        "Backblaze B2 ... all speak the S3 API).",
    ),
    "cdn-url": ("The CDN address in front of the bucket: media links are this plus the file's key.",),
    "s3-access-key": ("The access key of a key pair that may write to the bucket (from your provider).",),
    "s3-secret-key": ("Its secret key. Secret: never commit it.",),
}


def _literal_hint(db: DatabasePlan) -> str:
    return f"The app's own code ({db.literal_source}) connects with this one: change both together."
