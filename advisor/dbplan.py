"""The database part of the plan: which engine, in a container or installed natively, its
name, and the project's own initialisation scripts."""

from __future__ import annotations

import posixpath
import re
from typing import TYPE_CHECKING

from .engine import Evaluation
from .inspect.envroles import reads_database
from .setup import DB_SERVICE, DB_USER, NATIVE_DB_HOST, DatabasePlan
from .stacks import (
    DATABASES,
    MYSQL_NATIVE_PASSWORD_COMMAND,
    MYSQL_NATIVE_PASSWORD_DRIVERS,
    POSTGRES_TLS_COMMAND,
)

if TYPE_CHECKING:
    from .inspect import AppFacts, ProjectFacts

# PostgreSQL extensions the official image lacks, and the image of the same PostgreSQL (built
# on the official one: the same variables, data folder and init scripts) that has them.
POSTGRES_EXTENSION_IMAGES = {"vector": "pgvector/pgvector:pg18", "postgis": "postgis/postgis:18-3.6"}


def database_plan(
    evaluation: Evaluation, app: AppFacts | None, project: ProjectFacts | None = None, root: str = "."
) -> DatabasePlan | None:
    placement = evaluation.value("database_placement")
    spec = DATABASES.get(evaluation.answers.database)
    if spec is None or placement not in ("container", "native-install"):
        return None
    in_container = placement == "container"
    # The project name as a database name: '-' would need quoting in SQL, '_' does not.
    name = evaluation.answers.project_name.replace("-", "_")
    # The project's own compose file fills this engine's database with its scripts: the same
    # scripts, and the database name they and the app expect.
    init = next((i for i in project.db_inits if i.engine == spec.key), None) if project else None
    scripts: tuple[tuple[str, str], ...] = ()
    named = app.db_name_literal if app is not None else None
    if named is not None:
        name = named.value  # 'NAME': 'blogdb' beside a host from the environment
    if init is not None:
        scripts = tuple((_from_out(root, path), target) for path, target in init.scripts)
        name = init.database.value if init.database is not None else name
    host = DB_SERVICE if in_container else NATIVE_DB_HOST
    drivers = {s.dependency for s in app.databases if s.kind == "mysql"} if app is not None else set()
    legacy = next(iter(sorted(drivers & MYSQL_NATIVE_PASSWORD_DRIVERS)), None)
    installed = (
        {d.name for d in app.dependencies} | set(app.locked) if app is not None else set()
    )  # a lock's too
    if legacy is None and drivers & _PYMYSQL and not installed & _CRYPTOGRAPHY:
        # PyMySQL signs in with caching_sha2_password only with `cryptography` (MrDoc lists neither)
        legacy = next(iter(sorted(drivers & _PYMYSQL)))
    if spec.key != "mysql" or "mysql2" in drivers:
        legacy = None
    command: tuple[str, ...] = MYSQL_NATIVE_PASSWORD_COMMAND if legacy and in_container else ()
    tls = app.db_tls if app is not None and spec.key == "postgres" else ""
    extensions = app.pg_extensions if app is not None and spec.key == "postgres" and in_container else ()
    # an extension the official image lacks: the image of the same PostgreSQL that has it
    image = next((POSTGRES_EXTENSION_IMAGES[e] for e in extensions if e in POSTGRES_EXTENSION_IMAGES), "")
    if tls and in_container:
        command = POSTGRES_TLS_COMMAND
    user, password, literal, aliases = DB_USER, "", "", _aliases(project, spec.key) if in_container else ()
    fixed = app.db_literal if app is not None and in_container else None
    env_read = app is not None and reads_database(app.env_vars)
    if (
        fixed is not None
        and fixed.value[0] == ("postgres" if spec.key == "postgres" else "mysql")
        and fixed.value[3] not in (spec.admin_user, "root", "postgres")
        and (evaluation.answers.environment != "production" or not env_read)
    ):
        # tabbycat's settings/docker.py connects to db as tabbycat/tabbycat, database tabbycat,
        # from no variable: the db container makes that user and database, and answers by
        # that host name too.
        _, host_name, name, user, password = fixed.value
        literal = fixed.source
        if host_name != DB_SERVICE:
            aliases = tuple(dict.fromkeys((*aliases, host_name)))
    return DatabasePlan(
        spec,
        in_container,
        host,
        spec.port,
        user,
        name,
        command,
        legacy,
        init_scripts=scripts,
        init_source=init.source if init is not None else None,
        tls_source=tls,
        extensions=extensions,
        image=image,
        aliases=aliases,
        password=password,
        literal_source=literal,
        name_source=named.source if named is not None and name == named.value else "",
    )


_PYMYSQL = frozenset({"pymysql", "aiomysql"})
# cryptography, or a package that always installs it (a requirements file names no transitive one)
_CRYPTOGRAPHY = frozenset(
    {"cryptography", "paramiko", "pyopenssl", "asyncssh", "fabric", "jwcrypto", "authlib", "msal", "pysaml2"}
)


def _from_out(root: str, path: str) -> str:
    """A project path as compose.yaml names a bind mount's source (``./article.sql``)."""
    joined = posixpath.normpath(posixpath.join(root, path))
    return joined if joined.startswith("../") else f"./{joined}"


def _aliases(project: ProjectFacts | None, engine: str) -> tuple[str, ...]:
    """The project's own compose service names for this engine's database, other than db."""
    same = {"mysql", "mariadb"} if engine in ("mysql", "mariadb") else {engine}
    names = (e.detail for e in project.db_engines if e.value in same) if project is not None else ()
    return tuple(dict.fromkeys(n for n in names if n != DB_SERVICE and _HOST_NAME.fullmatch(n)))


_HOST_NAME = re.compile(r"[a-z][a-z0-9-]{0,62}")
