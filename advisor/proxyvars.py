"""The app's settings a reverse proxy in front of it decides (production behind Caddy): the
host it answers for, the origin its forms come from, its public address, no HTTPS redirect
of its own; all set from SITE_ADDRESS."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from .appreads import AppReads
from .inspect.envroles import classify
from .setup import AppVar, EnvVar, Part, ProxyPlan, Ref
from .variables import OTHER_SERVER, PLAIN_VALUE

if TYPE_CHECKING:
    from .inspect import AppFacts
    from .setup import DatabasePlan

# Settings an app reads that a reverse proxy in front of it decides (Django's names, with or
# without the app's own prefix): the host it answers for, the origin its forms come from, and
# no HTTPS redirect of its own (the proxy redirects; the app sees plain HTTP from it and would
# redirect forever).
_PROXY_SETTINGS: tuple[tuple[str, str], ...] = (
    ("ALLOWED_HOSTS", "site-host"),
    ("CSRF_TRUSTED_ORIGINS", "site-origin"),
    ("SECURE_SSL_REDIRECT", "no-ssl-redirect"),
)


# The site's own public address, by its usual names: the proxy's site address in production.
_SITE_HOSTS = ("DOMAIN", "DEFAULT_DOMAIN", "SITE_DOMAIN", "APP_DOMAIN", "PUBLIC_DOMAIN")
_SITE_URLS = ("SITE_URL", "APP_URL", "BASE_URL", "PUBLIC_URL", "ROOT_URL", "NEXTAUTH_URL", "AUTH_URL")
_SITE_NAMES = dict.fromkeys(_SITE_HOSTS, "site-host") | dict.fromkeys(_SITE_URLS, "site-origin")
_OWN_NAMES = ("APP_NAME", "SITE_NAME")  # the site's own name: the project's in development


def written_values(app: AppFacts | None) -> dict[str, str]:
    """The values the project writes for its variables: the code's defaults, then its own
    .env.example's (which win)."""
    if app is None:
        return {}
    found = {v.name: v.default for v in app.env_vars if v.default}
    return found | {s.name: s.value for s in app.own_settings if s.value}


def required_env(
    unset: tuple[tuple[str, str], ...], required: dict[str, str], local: str, name: str
) -> tuple[EnvVar, ...]:
    """The variables the app requires that .env cannot know, commented out to fill in. In
    development (``local``: the app's published address) the app's own address among them
    (APP_URL, APP_DOMAIN: AdonisJS's env schema requires them) is that address, and its name
    (APP_NAME) the project's."""
    host = local.partition("://")[2].partition(":")[0]
    own = dict.fromkeys(_SITE_URLS, local) | dict.fromkeys(_SITE_HOSTS, host)
    own |= dict.fromkeys(_OWN_NAMES, name)
    own |= dict.fromkeys(_OWN_URLS, local) | {"COOKIE_DOMAIN": host}
    # a host list (bearblog's MAIN_SITE_HOSTS, which it compares with the Host header: the port too)
    port = local.partition("://")[2].partition("/")[0].partition(":")[2]
    hosts = ",".join([host, "127.0.0.1", *([f"{host}:{port}", f"127.0.0.1:{port}"] if port else [])])
    own |= {var: hosts for var, _ in unset if var.endswith("_HOSTS")}
    return tuple(
        EnvVar(var, "app", "site-local", "plain", own[var], source=source)
        if local and own.get(var)
        # the default a module that loads after the requiring one gives it (SecObserve's dist.py)
        else EnvVar(var, "app", "code-default", "plain", required[var], source=source)
        if PLAIN_VALUE.fullmatch(required[var]) and required[var] and "{" not in required[var]
        # snippets-service's `DEBUG = config("DEBUG", cast=bool)`: on in development
        else EnvVar(var, "app", "dev-debug", "plain", "true", source=source)
        if local and classify(var) == "debug"
        # STRIPE_CTA_ENABLED, required with no value: the feature off, so the app starts
        # without that feature's own keys (the person turns it on with them)
        else EnvVar(var, "app", "switch-off", "plain", "false", source=source)
        if _SWITCH_ON.search(var)
        else EnvVar(var, "app", "required-setting", "plain", "", source=source)
        for var, source in unset
        if var in required
    )


# The API's own address by the names back ends give it (memoire-app's BACK_URL)
_OWN_URLS = ("BACK_URL", "BACKEND_URL", "API_URL", "SERVER_URL")
# A feature switch: on when set (X_ENABLED, ENABLE_X, USE_X)
_SWITCH_ON = re.compile(r"(?:^|_)ENABLED?$|^(?:ENABLE|USE)_")


def behind_proxy(
    proxy: ProxyPlan, unset: tuple[tuple[str, str], ...], written: dict[str, str]
) -> tuple[tuple[AppVar, ...], tuple[tuple[str, str], ...]]:
    """The app's own proxy-related settings, set from SITE_ADDRESS; the rest stay unset. A
    site name the project writes as a URL (APP_DOMAIN="http://localhost:8000") gets the
    site's https origin."""
    site = Ref(proxy.site_var)
    parts: dict[str, tuple[Part, ...]] = {
        "site-host": (site,),
        "site-origin": ("https://", site),
        "no-ssl-redirect": ("False",),
    }
    found: list[AppVar] = []
    rest: list[tuple[str, str]] = []
    for name, source in unset:
        role = next(
            (r for suffix, r in _PROXY_SETTINGS if name == suffix or name.endswith("_" + suffix)),
            _SITE_NAMES.get(name),
        )
        if role == "site-host" and name in _SITE_NAMES and "://" in written.get(name, ""):
            role = "site-origin"
        if role is None:
            rest.append((name, source))
        else:
            found.append(AppVar(name, role, parts[role], source))
    return tuple(found), tuple(rest)


# Names a server binds to (the address it listens on), not another service's host.
_LISTEN_HOSTS = frozenset(
    {
        "HOST",
        "HTTP_HOST",
        "WEB_HOST",
        "APP_HOST",
        "SERVER_HOST",
        "BIND_HOST",
        "LISTEN_HOST",
        "BIND_ADDRESS",
        "LISTEN_ADDRESS",
        "API_HOST",
        "SERVER_HOSTNAME",
        "APP_HOSTNAME",
        "LISTEN_HOSTNAME",
    }
)
_LOOPBACK = frozenset({"127.0.0.1", "localhost", "::1"})
# The app's own prefix before one of those (chartbrew's CB_API_HOST), not another server's host.
_PREFIXED_LISTEN_HOST = re.compile(r"[A-Z][A-Z0-9]*_(?:APP|SERVER|BIND|LISTEN|API)_(?:HOST|HOSTNAME|ADDRESS)")


def _listen_host(name: str, role: str) -> bool:
    if name in _LISTEN_HOSTS:
        return True
    return (
        bool(_PREFIXED_LISTEN_HOST.fullmatch(name))
        and not role.startswith(("database", "cache", "redis"))
        and not OTHER_SERVER.search(name)
    )


def listen_hosts(app: AppFacts | None, database: DatabasePlan | None = None) -> tuple[AppVar, ...]:
    """The address the app binds to, when the project's example gives a loopback one
    (APP_HOST='127.0.0.1', passed to ``app.listen(port, host)``): in a container only the
    container itself could reach it, so neither the published port nor the healthcheck
    would; or one the app requires and nothing gives (typescript-clean-architecture's
    API_HOST). Every address instead (0.0.0.0), as the Dockerfile's servers bind. With a
    ``database`` server, the project's switch to SQLite (USE_SQLITE_DB=True) turned off, and
    its switch to that server (AudioBookRequest's ABR_DB__USE_POSTGRES) on."""
    if app is None:
        return ()
    server = database.spec.key if database is not None else ""
    written = written_values(app)
    found = [
        AppVar(v.name, "app-host", ("0.0.0.0",), v.source)
        for v in app.env_vars
        if _listen_host(v.name, v.role)
        and (
            (written.get(v.name, "").strip() in _LOOPBACK and app.listen_host)
            or (v.required and not written.get(v.name))
            # or the code's own default (fastify-postgresql-hello-world's SERVER_HOST = "localhost")
            or (not written.get(v.name) and (v.default or "").strip() in _LOOPBACK and app.listen_host)
        )
    ]
    for var in (v for v in app.env_vars if server and _SQLITE_SWITCH.fullmatch(v.name)):
        was = written.get(var.name, "").strip()
        off = "0" if was in ("0", "1") else "false" if was.islower() else "False"
        found.append(AppVar(var.name, "sqlite-off", (off,), var.source))
    for var in app.env_vars if server else ():
        m = _SERVER_SWITCH.search(var.name)
        if m is not None and _ENGINES.get(m.group(1)) == server:
            was = written.get(var.name, "").strip()
            found.append(AppVar(var.name, "server-on", ("1" if was in ("0", "1") else "true",), var.source))
    return tuple(found)


# The project's own switch to a database server (SQLite otherwise), and the server it names.
_SERVER_SWITCH = re.compile(
    r"(?:^|_)(?:USE|ENABLE)_(POSTGRES|POSTGRESQL|PG|MYSQL|MARIADB)(?:_DB|_DATABASE)?$"
)
_ENGINES = {
    "POSTGRES": "postgres",
    "POSTGRESQL": "postgres",
    "PG": "postgres",
    "MYSQL": "mysql",
    "MARIADB": "mariadb",
}
# The project's own switch between SQLite and a database server.
_SQLITE_SWITCH = re.compile(r"(?:USE|ENABLE|DB_USE)_SQLITE(?:_DB|_DATABASE)?|SQLITE_ENABLED")


# Names a server listens on besides PORT (which the Dockerfile sets); not a client's port
# for another service (DB_PORT, SMTP_PORT).
_LISTEN_PORTS = frozenset(
    {"HTTP_PORT", "APP_PORT", "SERVER_PORT", "LISTEN_PORT", "WEB_PORT", "API_PORT", "BACKEND_PORT"}
)


def listen_ports(reads: AppReads | None, port: int) -> tuple[AppVar, ...]:
    """The variables the app listens on besides PORT, set to the app's port."""
    found = [(n, s) for n, s in reads.of("port") if _listen_port(n)] if reads is not None else []
    # Many prefixes before one listen name are other servers' ports the app calls, one each
    # (shkeeper's BTC_SERVER_PORT, LTC_SERVER_PORT … of its crypto back ends), not its own.
    if len({n for n, _ in found if n not in _LISTEN_PORTS}) > 1:
        found = [(n, s) for n, s in found if n in _LISTEN_PORTS]
    # and those the code hands to listen() (KaraokeEternal's KES_PORT), whatever their name
    found += reads.of("listen_port") if reads is not None else ()
    return tuple(AppVar(n, "app-port", (str(port),), s) for n, s in found)


def _listen_port(name: str) -> bool:
    """HTTP_PORT, or with the app's own prefix (NODE_SERVER_PORT, CB_API_PORT): not a
    database's or another server's port (DB_PORT, REDIS_PORT are not of role ``port``)."""
    if name in _LISTEN_PORTS:
        return True
    return any(name.endswith("_" + p) for p in _LISTEN_PORTS) and not OTHER_SERVER.search(name)
