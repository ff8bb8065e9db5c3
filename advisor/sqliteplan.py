"""Where the app's SQLite database lives in the image: a file its settings name by URL moves to
data/, a volume; one its code fixes among its files becomes a link there."""

from __future__ import annotations

import dataclasses
import posixpath
import re
from collections.abc import Iterable
from typing import TYPE_CHECKING

from .appdata import DATA_FOLDER
from .inspect.dotenv import SQLITE_URL as _EXAMPLE_SQLITE
from .inspect.facts import WritablePath

if TYPE_CHECKING:
    from .inspect import AppFacts

_SAFE_PATH = re.compile(r"[A-Za-z0-9_.][A-Za-z0-9._/-]*")


# Where an SQLite database the app is configured with by URL moves to: a volume keeps it.
DATA_DIR = DATA_FOLDER


def sqlite_url(
    app: AppFacts | None, writable: tuple[WritablePath, ...], home: str
) -> tuple[str, str, WritablePath] | None:
    """The database URL variable the app reads, set to an SQLite file in data/ (a volume), when
    the app's default database is an SQLite URL's file among its code or at its top: there a
    volume would hide the code, and the release step's container (migrations) would write a
    copy of its own that nobody sees."""
    if app is None:
        return None
    var = next((v.name for v in app.env_vars if v.role == "database_url"), None)
    read_in = next((v.source for v in app.env_vars if v.name == var), "")
    found = next(
        (
            w
            for w in writable
            if w.kind == "sqlite"
            and w.configured
            and w.scheme
            and not w.path.startswith("/")
            and (w.beside_code or "/" not in w.path)
        ),
        None,
    )
    if var is not None and found is None:
        # The project's example gives it (DATABASE_URL=sqlite:///db.sqlite3), and the code
        # requires it with no default of its own (decouple's config("DATABASE_URL")).
        for setting in (s for s in app.own_settings if s.name == var):
            if m := _EXAMPLE_SQLITE.fullmatch(setting.value):
                path, scheme = (m.group(2), m.group(1)) if m.group(1) else (m.group(4), m.group(3))
                if setting.value.startswith("sqlite:////"):
                    path = path.rpartition("/")[2]  # an absolute file: its name
                elif read_in.endswith(".prisma"):  # Prisma reads it from the schema's folder
                    path = posixpath.normpath(posixpath.join(posixpath.dirname(_local(read_in, app)), path))
                if path.startswith("../"):
                    continue  # outside the app's folder
                found = WritablePath(path, "sqlite", setting.source, var, configured=True, scheme=scheme)
                break
    if var is not None and found is None and app.framework is not None and app.framework.value == "django":
        # Django's DATABASES from the environment (environs' dj_db_url, dj-database-url) with no
        # server: SQLite, in Django's own file name (the project's .env may say sqlite:///db.sqlite3).
        found = WritablePath("db.sqlite3", "sqlite", read_in, var, configured=True, scheme="sqlite")
    if var is None or found is None:
        return None
    name = found.path.rpartition("/")[2]
    slashes = "" if found.scheme == "file" else "///"  # libsql and Prisma: file:/app/data/dev.db
    return var, f"{found.scheme}:{slashes}{home}/{DATA_DIR}/{name}", found


def _local(rel: str, app: AppFacts) -> str:
    """``rel`` (from the inspected folder) relative to the app's folder."""
    return posixpath.relpath(rel, app.path) if app.path not in ("", ".") else rel


def sqlite_links(
    writable: tuple[WritablePath, ...],
) -> tuple[tuple[WritablePath, ...], tuple[tuple[str, str, str], ...]]:
    """The SQLite files the app keeps at a fixed place among its code (Django's default
    ``BASE_DIR / "db.sqlite3"``, no variable to move them): each moves to ``data/``, a volume,
    and its place becomes a link there, so the release step's container and the app's share
    one database that outlives the container. Its folder stays writable (SQLite's journal)."""
    links: list[tuple[str, str, str]] = []
    kept: list[WritablePath] = []
    for w in writable:
        name = w.path.rpartition("/")[2]
        if (
            w.kind == "sqlite"
            and not w.path.startswith("/")
            and (w.beside_code or "/" not in w.path)
            and _SAFE_PATH.fullmatch(w.path)
            and ".." not in w.path.split("/")
            and all(t != f"{DATA_DIR}/{name}" for _, t, _ in links)
        ):
            links.append((w.path, f"{DATA_DIR}/{name}", w.source))
            kept.append(dataclasses.replace(w, path=f"{DATA_DIR}/{name}", beside_code=False))
            kept.append(WritablePath(folder_of(w), "data", w.source, "SQLite journal"))
        else:
            kept.append(w)
    return tuple(kept), tuple(links)


def url_link(
    moved: WritablePath, into: WritablePath, writable: tuple[WritablePath, ...]
) -> tuple[tuple[WritablePath, ...], tuple[tuple[str, str, str], ...]]:
    """The place of an SQLite file the URL variable moved to data/ (``into``), linked there:
    a value the project's own .env keeps still finds the database (Hemmelig's
    `file:../database/hemmelig.db`, from its Prisma schema's folder; a folder's, only when an
    env file names it). The link's folder is the app user's (SQLite's journal)."""
    if not _SAFE_PATH.fullmatch(moved.path) or ".." in moved.path.split("/") or moved.path == into.path:
        return writable, ()
    link = ((moved.path, into.path, moved.source),)
    if "/" not in moved.path:
        return writable, link
    if not moved.source.rpartition("/")[2].startswith(".env"):
        return writable, ()  # a default among the code (CTFd's): the variable moves it, nothing names it
    return (*writable, WritablePath(folder_of(moved), "data", moved.source, "SQLite journal")), link


def secret_links(
    writable: tuple[WritablePath, ...],
) -> tuple[tuple[WritablePath, ...], tuple[tuple[str, str, str], ...]]:
    """The files among the code the settings make their secret key in (inspect.secret_file):
    each place becomes a link into ``data/``, a volume the app's user owns, so the app makes
    the key there once, on its first start, and it outlives new containers."""
    links: list[tuple[str, str, str]] = []
    kept: list[WritablePath] = []
    for w in writable:
        name = w.path.rpartition("/")[2]
        if w.kind != "secret-file":
            kept.append(w)
        elif _SAFE_PATH.fullmatch(w.path) and ".." not in w.path.split("/"):
            if not w.path.startswith(f"{DATA_DIR}/"):  # (one already there needs no link)
                links.append((w.path, f"{DATA_DIR}/{name}", w.source))
            kept.append(WritablePath(DATA_DIR, "data-dir", w.source, f"{w.detail}: the secret key's file"))
    return tuple(kept), tuple(dict.fromkeys(links))


def folder_of(w: WritablePath) -> str:
    """The folder to own: an SQLite database is a file, and SQLite writes its journal beside it."""
    if w.kind != "sqlite":
        return w.path
    return w.path.rpartition("/")[0] or ("/" if w.path.startswith("/") else ".")


def sqlite_settings(app: AppFacts) -> set[str]:
    """The database settings the project's own files give an SQLite file (allauth's compose:
    DATABASE_NAME=/srv/db/example.db, beside its volume there): the app's, whatever their name."""
    return {s.name for s in app.own_settings if _SQLITE_VALUE.fullmatch(s.value)}


_SQLITE_VALUE = re.compile(r"(?:\.{0,2}/)?[\w.-]+(?:/[\w.-]+)*\.(?:db|sqlite3?)")


def outermost(folders: Iterable[str]) -> tuple[str, ...]:
    """The folders, in order and once each, without those inside another one of them (a
    volume on data/ keeps data/db too: a second one there would only split it)."""
    unique = list(dict.fromkeys(folders))
    return tuple(f for f in unique if not any(f.startswith(o.rstrip("/") + "/") for o in unique if o != f))
