""".env and .env.example, from the plan's variables, with a comment on each.

Secrets (database passwords) live only in .env. Given the same ``values`` for the secrets
and credentials, the output is byte-identical, so regenerating keeps an existing .env's values.
"""

from __future__ import annotations

import base64
import os
import re
import secrets as _secrets
import string
from collections.abc import Mapping
from dataclasses import dataclass

from ..errors import AdvisorError, UserError
from ..setup import AppVar, EnvVar, Setup, resolve
from ..variables import PLAIN_VALUE
from . import template
from .envdocs import app_var_doc, doc
from .keypair import base64_key_pair

# A value in .env must read the same in Docker Compose's parser (which interpolates $,
# strips quotes and inline comments) and in `docker run --env-file` (which takes the
# line literally): plain characters only.
_ENV_SAFE = PLAIN_VALUE
# Generated secrets go into connection URLs as well: URL-unreserved characters only.
_SECRET_CHARS = re.compile(r"[A-Za-z0-9_.~-]{1,256}")
_CREDENTIAL_SAFE = re.compile(r"[A-Za-z0-9_.~+/=-]{0,256}")
EXAMPLE_SECRET = "change-me"


def resolve_secrets(
    setup: Setup, given: Mapping[str, str] | None, in_env: set[str] | frozenset[str] = frozenset()
) -> dict[str, str]:
    """A value for every secret and credential: the ``given`` one (checked), else a random
    secret or an empty credential. ``in_env``: the names whose value is the existing .env's,
    which keeps its own line."""
    given = given or {}
    values: dict[str, str] = {}
    for var in setup.env:
        if var.role in ("key-private", "key-public"):
            if var.name not in values:  # a new pair gives both halves at once
                values.update(_key_pair(var, given))
            continue
        if var.kind == "secret":
            if var.name not in given:
                values[var.name] = _new_secret(var)
                continue
            value = given[var.name]
            if var.role == "app-secret":
                # The app's own secret (Django's SECRET_KEY, django-insecure-…$#…) goes into no
                # URL and is never rewritten: the project's .env keeps it as it is.
                if not isinstance(value, str) or not value or "\n" in value:
                    raise UserError(
                        f"secret {var.name}: the value from .env is empty or not one line."
                        f" Remove the line {var.name}=... from .env to get a new random one"
                    )
                # A value a fresh .env could not hold as it is: the existing .env keeps its line
                # (never rewritten), so the fresh one, which it is merged with, needs none of it.
                safe = _ENV_SAFE.fullmatch(value) or var.name not in in_env
                values[var.name] = value if safe else _random_value()
                continue
            # A short value (the project's own development .env: POSTGRES_PASSWORD=secret) is
            # kept, and its line in .env says it is weak; characters a URL cannot hold are not.
            if not isinstance(value, str) or not _SECRET_CHARS.fullmatch(value):
                raise UserError(
                    f"secret {var.name}: the value from .env is not usable; it needs up to 256 letters,"
                    " digits, '-', '_', '.' or '~' (it also goes into a connection URL)."
                    f" Remove the line {var.name}=... from .env to get a new random one"
                )
            values[var.name] = value
        elif var.kind == "credential":
            value = given.get(var.name, "")
            if not isinstance(value, str) or not _CREDENTIAL_SAFE.fullmatch(value):
                raise UserError(
                    f"credential {var.name}: the value from .env is not usable; allowed: letters,"
                    " digits and - _ . ~ + / = (no quotes, spaces or $)"
                )
            values[var.name] = value
    return values


def _new_secret(var: EnvVar) -> str:
    """A random value: for an encryption key, the form Fernet (Python's cryptography) takes,
    32 random bytes in url-safe base64, which a plain random string is not (and which other
    uses of a key accept as well); else 32 letters and digits (see _random_value)."""
    if var.form.startswith("literal:"):  # the password the app's code connects with
        return var.form.partition(":")[2]
    if size := var.form_bytes("hex"):
        return _secrets.token_hex(size)  # the project's `openssl rand -hex 32`
    if size := var.form_bytes("base64"):
        return base64.b64encode(os.urandom(size)).decode()  # `openssl rand -base64 32`
    if var.form == "fernet" or (var.role == "app-secret" and ENCRYPTION_KEY.search(var.name)):
        return base64.urlsafe_b64encode(os.urandom(32)).decode()
    return _random_value()


_ALPHANUMERIC = string.ascii_letters + string.digits


def _random_value() -> str:
    """32 random letters and digits (190 bits): no '-' or '_', which some apps' own password
    rules refuse (Lunalytics' setup takes [A-Za-z0-9@$!%*?&] only) and which a command line
    can read as an option when a value starts with '-'."""
    return "".join(_secrets.choice(_ALPHANUMERIC) for _ in range(32))


ENCRYPTION_KEY = re.compile(r"(?:ENCRYPTION|ENCRYPT|FERNET|CIPHER)_?KEY")
_BASE64 = re.compile(r"[A-Za-z0-9+/]{16,8192}={0,2}")


def _key_pair(var: EnvVar, given: Mapping[str, str]) -> dict[str, str]:
    """Both halves of a key pair (called with each): the given ones (checked), else a new
    pair when neither is given."""
    private = var.name if var.role == "key-private" else var.name.replace("_PUBLIC_", "_PRIVATE_")
    public = private.replace("_PRIVATE_", "_PUBLIC_")
    if private not in given and public not in given:
        made = base64_key_pair()
        return {private: made[0], public: made[1]}
    value = given.get(var.name, "")
    if not isinstance(value, str) or not _BASE64.fullmatch(value):
        raise UserError(
            f"key {var.name}: the value from .env is not a PEM key in base64 on one line. Remove the"
            f" lines {private}=... and {public}=... from .env to get a new key pair"
        )
    return {var.name: value}


@dataclass(frozen=True)
class _Line:
    name: str
    value: str
    example: str
    doc: tuple[str, ...]
    commented: bool = False
    """Written commented out: an app setting with no value stays unset (the app's default)."""
    warning: tuple[str, ...] = ()
    """Said in .env only (about its value, which .env.example does not show)."""


@dataclass(frozen=True)
class _Group:
    title: str
    settings: tuple[_Line, ...]
    notes: tuple[str, ...] = ()


_TITLES = {"app": "App", "storage": "Media in object storage behind a CDN"}


def _values(setup: Setup, values: Mapping[str, str], example: bool) -> dict[str, str]:
    """Every variable's value in .env (or .env.example)."""
    out: dict[str, str] = {}
    for var in setup.env:
        if var.kind == "plain":
            out[var.name] = var.value
        elif var.kind == "secret":
            out[var.name] = EXAMPLE_SECRET if example else values[var.name]
        elif var.kind == "credential":
            out[var.name] = "" if example else values[var.name]
        else:
            out[var.name] = resolve(var.parts, out)
    return out


def _groups(setup: Setup, values: Mapping[str, str]) -> list[_Group]:
    real = _values(setup, values, example=False)
    shown = _values(setup, values, example=True)
    groups: list[_Group] = []
    for key in ("app", "database", "storage"):
        members = [v for v in setup.env if v.group == key]
        if not members:
            continue
        lines = tuple(
            _Line(
                v.name,
                real[v.name],
                shown[v.name],
                doc(setup, v),
                commented=v.role in ("project-setting", "project-debug-off", "required-setting")
                and not v.value
                and v.kind != "credential",
                warning=_weak(v, real[v.name]),
            )
            for v in members
        )
        title = _TITLES.get(key) or f"Database ({setup.database.spec.label if setup.database else ''})"
        notes: tuple[str, ...] = ()
        if key == "database" and setup.compose:
            connection = [v for v in setup.app_env if not v.role.startswith("cache-")]
            # compose.yaml builds these from the values below; shown so that everything the app
            # reads is documented in one place.
            notes = ("compose.yaml passes the app these too, built from the values below:",)
            for v in connection:
                notes += (f"  {v.name}={_shape(v)}", *(f"    {line}" for line in app_var_doc(setup, v)))
        groups.append(_Group(title, lines, notes))
    return groups


def _weak(var: EnvVar, value: str) -> tuple[str, ...]:
    """A warning for a secret kept from .env that is too short to be one (by its length: a
    Fernet key's = or a Django key's $ make none weak)."""
    if var.kind != "secret" or var.role.startswith("key-") or len(value) >= 8:
        return ()
    return (
        f"Weak: this value has {len(value)} characters, easy to guess. Put a long random one",
        "here (or delete the line and run advisor again) before the app holds real data.",
    )


def _shape(var: AppVar) -> str:
    """A connection variable with each reference shown by its variable's name."""
    return "".join(p if isinstance(p, str) else p.var for p in var.parts)


def render_env(setup: Setup, values: Mapping[str, str], *, example: bool) -> str:
    groups = _groups(setup, values)
    for group in groups:
        for s in group.settings:
            for value in (s.value, s.example):
                # (an address in angle brackets, `Root User <root@example.com>`, is safe too)
                if not _ENV_SAFE.fullmatch(value.replace("<", "").replace(">", "")):
                    raise AdvisorError(f"starter files: value of {s.name} cannot be written to .env safely")
    name = setup.project
    if example:
        header = [
            f".env.example for {name}, written by advisor: every variable the containers read.",
            "advisor writes .env with the same variables and random secrets. To start from this",
            "file instead, copy it to .env and replace each change-me with a long random value.",
            "Values stay plain (no quotes, $ or #; spaces only between words).",
        ]
    else:
        header = [
            f".env for {name}, written by advisor: the settings and secrets the containers read.",
            "It stays out of version control: advisor lists it in .gitignore (creating that file",
            "or adding the line); .env.example documents every variable. Values stay plain (no",
            "quotes, $ or #; spaces only between words), so Docker Compose and",
            "`docker run --env-file` read them alike.",
        ]
    return template("starter/env.j2").render(
        header=header, groups=groups, example=example, unset=setup.app_reads_unset
    )


__all__ = ["EXAMPLE_SECRET", "render_env", "resolve_secrets"]
