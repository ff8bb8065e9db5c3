"""The report's notes about the database: the user the app connects as and its rights, how
the passwords reach the db container, and the extensions its first start creates."""

from __future__ import annotations

from .setup import DatabasePlan, ProjectNote


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
