"""The report's notes about the database: the user the app connects as and its rights, how
the passwords reach the db container, and the extensions its first start creates."""

from __future__ import annotations

import dataclasses

from .inspect.facts import Sourced
from .inspect.tree import written_by_advisor
from .setup import DatabasePlan, ProjectNote, Setup


def database_notes(db: DatabasePlan, *, env_file: bool = False) -> list[ProjectNote]:
    """Which user the app connects as and with what rights; in a container, how the passwords
    reach the db container and what an existing data volume keeps."""
    spec = db.spec
    if not db.in_container:
        return [ProjectNote("db-user-native", {"database": spec.label})]
    values = {
        "database": spec.label,
        "user": db.user,
        "user_var": spec.user_var,
        "name": db.name,
        "admin": spec.admin_user,
        "admin_var": spec.admin_password_var,
    }
    family = "mysql" if spec.key == "mariadb" else spec.key
    notes = [ProjectNote(f"db-user-{family}", values)]
    files = ", ".join(f"`{v.name}`" for v in spec.server_env if v.source == "secret")
    script = spec.app_user_script is not None  # the script reads the app's password itself
    notes.append(ProjectNote("db-secret-files-script" if script else "db-secret-files", {"files": files}))
    # An app that reads the file .env gets its password there (compose makes that file).
    key = "db-secrets-env-file" if env_file else "db-secrets"
    notes.append(ProjectNote(key, {"password_var": spec.password_var}))
    notes.append(ProjectNote("db-first-start", values))
    if db.extensions:
        names = ", ".join(f"`{e}`" for e in db.extensions)
        key = "db-extensions-image" if db.image else "db-extensions"
        notes.append(ProjectNote(key, {"extensions": names, "image": db.image}))
    return notes


def for_folder(setup: Setup, compose: str | None) -> Setup:
    """The plan with a note for a folder whose compose.yaml an earlier advisor wrote, before
    the app had its own database user (``compose``: the folder's compose.yaml, None when it
    has none): the data volume it set up keeps the app connecting as the administrator."""
    db = setup.database
    init_script = "docker-entrypoint-initdb.d/app-user"
    earlier = compose is not None and written_by_advisor(compose) and init_script not in compose
    if not earlier or db is None or not db.in_container or db.spec.app_user_script is None:
        return setup
    values = {"database": db.spec.label, "user": db.user, "name": db.name, "admin": db.spec.admin_user}
    notes = list(setup.notes)
    at = next((i + 1 for i, n in enumerate(notes) if n.key == "db-first-start"), len(notes))
    notes.insert(at, ProjectNote("db-earlier-volume", values))
    return dataclasses.replace(setup, notes=tuple(notes))


def template_notes(template: tuple[str, ...], home: str, filled: bool) -> list[ProjectNote]:
    """A settings file the app needs, kept by the project as a template only: the image makes
    it, compose.yaml mounts a copy with the services' settings (``filled``), and the variable
    that names it is set."""
    if len(template) != 4:
        return []
    values = {"template": template[1], "file": template[2]}
    notes = [
        ProjectNote("config-template-filled" if filled and template[3] else "config-template-made", values)
    ]
    if template[0]:
        notes.append(
            ProjectNote("config-template-var", {"var": template[0], "where": f"{home}/{template[2]}"})
        )
    return notes


def sqlite_note(sqlite: Sourced[str], server: str | None) -> ProjectNote:
    """The app keeps SQLite: its settings say so (Django's DATABASES, SQLAlchemy's URI), or its
    SQLite driver sits beside a server's that nothing it reads can point at; ``server``, the
    database server these files set up anyway (the person's answer), if any."""
    if sqlite.detail.startswith("driver beside "):
        values = {"driver": sqlite.value, "other": sqlite.detail.removeprefix("driver beside ")}
        key = "sqlite-driver" if server is None else "sqlite-driver-server"
        return ProjectNote(key, values | {"source": sqlite.source, "database": server or ""})
    values = {
        "source": sqlite.source,
        "setting": sqlite.value,
        "database": server or "",
        # code, the same in every language: both read DATABASE_URL
        "example": '`DATABASES = {"default": dj_database_url.config()}`'
        if sqlite.value == "DATABASES"
        else '`SQLALCHEMY_DATABASE_URI = os.environ["DATABASE_URL"]`',
    }
    return ProjectNote("sqlite-settings" if server is None else "sqlite-settings-server", values)
