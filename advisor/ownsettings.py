"""The app's own settings the project's env files define (``.env.example`` with example
values, ``.env`` by name): which go into ``.env`` for the app, with what value, and which
stay for the person to set."""

from __future__ import annotations

import dataclasses
import re
from typing import TYPE_CHECKING

from .inspect.common import env_file_stage
from .inspect.envvars import classify
from .setup import EnvVar
from .variables import PLAIN_VALUE

if TYPE_CHECKING:
    from .inspect import AppFacts
    from .inspect.facts import Setting

_DEBUG_OFF = {"true": "false", "True": "False", "TRUE": "FALSE", "1": "0", "yes": "no", "on": "off"}


def required_names(app: AppFacts, production: bool) -> dict[str, str]:
    """The variables the app stops without: read with no default, but in development not
    those only Django's production settings module reads (another module runs). Each with
    the default another module gives it, if any (see Collector._elsewhere), else ""."""
    prod = app.production_settings.source if app.production_settings is not None and not production else None
    return {v.name: v.default or "" for v in app.env_vars if v.required and v.source != prod}


def own_settings(
    app: AppFacts, unset: tuple[tuple[str, str], ...], production: bool = False, cache: str | None = None
) -> tuple[tuple[EnvVar, ...], tuple[tuple[str, str], ...]]:
    """The app's own settings among the variables advisor does not set: those the project's
    .env.example (with its example value) or .env defines go into .env and reach the app; the
    others stay unset. A Redis URL at localhost points at the Redis service (``cache``, its
    host name) instead. Returns (the settings, the rest)."""
    defined: dict[str, Setting] = {}
    for setting in app.own_settings:  # the first file that defines it; in production, a
        # production example (.env.prod-sample) before the others
        if setting.name not in defined or (
            production and _for_production(setting) and not _for_production(defined[setting.name])
        ):
            defined[setting.name] = setting
    truthy = {v.name for v in app.env_vars if v.truthy}
    required = required_names(app, production)
    branch_only = {v.name for v in app.env_vars if v.raises and v.default is None} - set(required)
    # An example integration: the settings with an example host, and the names of what they
    # configure (HD_AUTH_LDAP_SERVERS=MYLDAP beside HD_AUTH_LDAP_MYLDAP_URL=ldap://ldap.example.com):
    # everything that names one of those is the example's, not the app's.
    at_example = [n for n, s in defined.items() if _EXAMPLE_HOSTS.search(s.value) and n not in required]
    examples = {
        s.value
        for s in defined.values()
        if re.fullmatch(r"[A-Z][A-Z0-9]{2,}", s.value) and any(f"_{s.value}_" in n for n in at_example)
    }
    found: list[EnvVar] = []
    rest: list[tuple[str, str]] = []
    defaults = {v.name: v.default or "" for v in app.env_vars}
    for name, source in unset:
        chosen = defined.get(name)
        if (
            chosen is None
            and not production
            and name.endswith("ALLOWED_HOSTS")
            # (an unknown default may well answer here; none at all, and required: SecObserve's)
            and ((defaults.get(name) and not _LOCAL_HOSTS.search(defaults[name])) or name in required)
        ):
            # lesspass' env("ALLOWED_HOSTS", default=[".lesspass.com"]) with DEBUG off: every
            # request here refused; in development the app answers for this machine
            found.append(EnvVar(name, "app", "dev-host", "plain", _THIS_MACHINE, source=source))
            continue
        if _FOR_TESTS.search(name) and name not in required:
            # DB_TEST_HOST=localhost: the test suite's, which the app may prefer when set
            # (config.DB_TEST_HOST || config.DB_HOST): left unset.
            rest.append((name, source))
            continue
        if chosen is not None and not chosen.value and name in required:
            file = chosen.source.rsplit("/", 1)[-1]
            if chosen.empty or "default" in file:
                # SWAGGER_USER="" for a key the schema requires; desec's .env.default, a file of
                # defaults, not examples, with DESECSTACK_API_EMAIL_HOST= (read with os.environ[...],
                # then `if not EMAIL_HOST:`): passed empty; .env has the line to fill in.
                found.append(EnvVar(name, "app", "project-setting", "credential", "", source=chosen.source))
            elif file == ".env":
                # The project's .env has it (its values are never read): required, set there.
                found.append(EnvVar(name, "app", "required-setting", "plain", "", source=chosen.source))
            else:
                rest.append((name, source))  # the app stops without it: asked for as required
            continue
        if (
            chosen is not None
            and not chosen.value
            and name in branch_only
            and chosen.source.rsplit("/", 1)[-1] != ".env"
        ):
            # EMAIL_HOST_USER= in the example, read with no default in the branch the example's
            # own settings choose (kitsune's SMTP backend): passed empty, as the project's own
            # set-up does; there is no default for an empty value to override.
            found.append(EnvVar(name, "app", "project-setting", "credential", "", source=chosen.source))
            continue
        if (
            chosen is not None
            and _HOST_LIST.search(name)
            and (_EXAMPLE_HOSTS.search(chosen.value) or not _LOCAL_HOSTS.search(chosen.value))
        ):
            # ALLOWED_HOSTS=example.com from a template, or the project's own deployment's
            # domains (open-notificaties' gemeente.nl): every request here would be refused. In
            # production the proxy's site address sets it; in development, localhost.
            if production or not name.endswith("ALLOWED_HOSTS"):
                rest.append((name, source))
                continue
            found.append(EnvVar(name, "app", "dev-host", "plain", _THIS_MACHINE, source=chosen.source))
            continue
        if (
            chosen is not None
            and name not in required
            and (
                name in at_example
                or chosen.value in examples
                or any(f"_{e}_" in name for e in examples)
                # APP_LOG=/usr/src/app/logs/fittrackee.log: a path in the project's own image's
                # layout (its WORKDIR), which advisor's image (/app) does not have
                or (_OTHER_LAYOUT.match(chosen.value) and not _kept(app, chosen.value))
                # TR_PUBLIC_DIR=/path/to/public: a placeholder, the app's own default is better
                or _PLACEHOLDER_PATH.search(chosen.value)
            )
        ):
            # HD_AUTH_OIDC_MYOIDC_ISSUER=https://oidc.example.com: an example integration the app
            # would try (and fail) to reach: left unset, for the person to set if they use it.
            rest.append((name, source))
            continue
        if chosen is None or (
            _SERVES_TLS.fullmatch(name) and chosen.value.lower() in ("true", "1", "yes", "on")
        ):
            # Not an example's switch that makes the app serve HTTPS itself (SSL=TRUE): its
            # certificate files are not in the image; TLS ends at Caddy in production.
            rest.append((name, source))
            continue
        raw = _interpolated(chosen.value, defined)  # APP_URL=http://${HOST}:${PORT}
        if name in required and (angled := _ANGLED.fullmatch(raw)):
            # RESEND_API_KEY=<your-key>, which the app requires as it starts: the example's
            # own placeholder, so it starts (the report names it, to be replaced)
            raw = angled.group(1)
        # ephios' ADMINS="Root User <root@localhost.dev>": an address in angle brackets is a
        # value; a whole value in them (<username>) is a placeholder, left out unless required
        plain = PLAIN_VALUE.fullmatch(raw.replace("<", "").replace(">", "")) and not _ANGLED.fullmatch(raw)
        value = raw if PLAIN_VALUE.fullmatch(raw) or plain else ""
        role = "project-setting"
        if cache is not None and (local := _LOCAL_REDIS.fullmatch(value)):
            # CELERY_BACKEND_URL=redis://localhost:6379/0: in the container localhost is the app.
            value = f"{local.group(1)}{local.group(2) or ''}{cache}:6379{local.group(3) or ''}"
        elif cache is not None and (other := _REDIS_HOST_PORT.fullmatch(value)) and other.group(1) != cache:
            # CACHE_DEFAULT=redis-cache:6379/0: the project's own compose service's name, which
            # these files do not have; the Redis they run answers as the cache service.
            value = f"{cache}:6379{other.group(2) or ''}"
        if production and classify(name) == "debug" and (value in _DEBUG_OFF or (name in truthy and value)):
            # The example is a development one: debugging off in production. Read as a truth
            # value of the raw string, only no value is off ("0" is true).
            value = "" if name in truthy else _DEBUG_OFF[value]
            role = "project-debug-off"
        found.append(EnvVar(name, "app", role, "plain", value, source=chosen.source))
    return tuple(found), tuple(rest)


_ANGLED = re.compile(r"<([\w.-]+)>")
_REFERENCE = re.compile(r"\$\{(\w+)\}|\$(\w+)")


def _interpolated(value: str, defined: dict[str, Setting]) -> str:
    """The value with the example's references to its own other settings written out (dotenv
    expands ``${HOST}``); as it is when one names something the example does not give."""
    if "$" not in value:
        return value
    names = [a or b for a, b in _REFERENCE.findall(value)]
    given = {n: defined[n].value for n in names if n in defined and PLAIN_VALUE.fullmatch(defined[n].value)}
    if len(given) < len(set(names)):
        return value
    return _REFERENCE.sub(lambda m: given[m.group(1) or m.group(2)], value)


_PLACEHOLDER_PATH = re.compile(r"(?:^|/)path/to(?:/|$)|^/your/|^/absolute/path\b", re.I)
_OTHER_LAYOUT = re.compile(r"/(?:usr/src|code|opt|srv|home|var/www|src|workspace|application)/")
_FOR_TESTS = re.compile(r"(?:^|_)TESTS?(?:_|$)")
_LOCAL_REDIS = re.compile(r"(rediss?://)([^@/\s]*@)?(?:localhost|127\.0\.0\.1)(?::6379)?(/\d+)?/?")
# The app serving HTTPS itself (SSL=TRUE), or connecting to a database or Redis advisor runs
# over TLS (REDIS_TLS=true, DB_SSL=true: these servers run without it).
_SERVES_TLS = re.compile(
    r"(?:(?:[A-Z0-9]+_)?(?:REDIS|DB|DATABASE|POSTGRES|PG|MYSQL)_)?(?:USE_|ENABLE_)?(?:SSL|TLS|HTTPS)(?:_ENABLED|_ON|_MODE)?"
)
# host:6379[/db] with no scheme: a Redis server by its port.
_REDIS_HOST_PORT = re.compile(r"([A-Za-z][\w.-]*):6379(/\d+)?")
_LOCAL_HOSTS = re.compile(
    r"(?:^|[\s,/])(?:\*|localhost|127\.0\.0\.1|0\.0\.0\.0|\.localhost|\[::1\])(?=$|[\s,:/])"
)
# A development host list: both names of this machine (compose publishes on 127.0.0.1).
_THIS_MACHINE = "localhost,127.0.0.1"
_HOST_LIST = re.compile(r"(?:^|_)(?:ALLOWED_HOSTS|CSRF_TRUSTED_ORIGINS)$")
_EXAMPLE_HOSTS = re.compile(r"(?:^|[\s,/.])(?:example\.(?:com|org|net)|your-?domain|my-?domain)\b", re.I)


def _kept(app: AppFacts, value: str) -> bool:
    """Whether the path is one advisor's image keeps (allauth's DATABASE_NAME=/srv/db/example.db,
    where the project's compose file mounts its volume and advisor's files do too)."""
    return any(value == w.path or value.startswith(w.path.rstrip("/") + "/") for w in app.writable_paths)


def _for_production(setting: Setting) -> bool:
    return env_file_stage(setting.source.rsplit("/", 1)[-1]) == 2


def spaced_lists(app: AppFacts, env: tuple[EnvVar, ...]) -> tuple[EnvVar, ...]:
    """``env`` with the lists the app splits on spaces written so (company_test_task's
    `os.environ.get("DJANGO_ALLOWED_HOSTS").split(" ")`: `localhost,127.0.0.1` was one name, and
    Django refused every request)."""
    spaced = {v.name for v in app.env_vars if v.spaced}
    return tuple(
        dataclasses.replace(v, value=" ".join(p for p in v.value.split(",") if p))
        if v.name in spaced and v.kind == "plain" and "," in v.value
        else v
        for v in env
    )
