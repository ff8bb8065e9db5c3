"""Environment the image's build steps get for the app's settings to load: placeholders of
the right shape for values that exist only at run time (no value stays in the image)."""

from __future__ import annotations

import base64
import re
import shlex

from ..inspect.envroles import classify
from ..setup import EnvVar, Part, Setup
from .envfiles import ENCRYPTION_KEY

# Connection variables whose value only exists at run time.
_RUNTIME_ONLY_ROLES = ("db-url", "app-db-url", "cache-url")


def _with_placeholders(parts: tuple[Part, ...]) -> str:
    """A composed value with ``build`` for each .env variable it refers to."""
    return "".join(p if isinstance(p, str) else "build" for p in parts)


def _next_server(setup: Setup) -> bool:
    return setup.build.framework == "nextjs" and setup.build.kind == "server"


def build_placeholders(setup: Setup) -> list[tuple[str, str]]:
    """Next.js: `next build` loads the app's modules to prerender pages, and a module that
    reads the database URL when it loads (a client made at the top of a file), or checks its
    variables as it loads (t3-env's createEnv), stops the build when one is missing. The build
    stage gets a placeholder of the same shape for each connection URL and each secret, which
    no final image keeps; the real values come at run time."""
    if not _next_server(setup):
        return []
    out: list[tuple[str, str]] = []
    reads = {name for name, _ in setup.app_reads_unset} | {v.name for v in setup.env if v.to_app}
    if _SKIP_VALIDATION in reads:
        # t3-env's documented switch for Docker builds (skipValidation: !!process.env.SKIP_ENV_VALIDATION):
        # the settings only the running app has are not checked while the image is built.
        out.append((_SKIP_VALIDATION, "1"))
    if "CI" in reads:
        # The other switch t3-env apps use (kan's `skipValidation: !!process.env.CI`), which the
        # project's own Dockerfile sets for its build; harmless to Next itself (no prompts).
        out.append(("CI", "true"))
    for var in setup.app_env:
        if var.role in _RUNTIME_ONLY_ROLES:
            value = _with_placeholders(var.parts)
            if _BUILD_VALUE.fullmatch(value):
                out.append((var.name, value))
    for env in setup.env:
        secret = env.kind in ("secret", "credential") or (env.value and _SECRET_NAME.search(env.name))
        if env.to_app and secret and not env.name.startswith(_PUBLIC):
            out.append((env.name, build_secret(env)))
    return out


# A Fernet key's placeholder: 32 bytes ("build-only-placeholder-no-secret") in url-safe base64.
_BUILD_FERNET = "YnVpbGQtb25seS1wbGFjZWhvbGRlci1uby1zZWNyZXQ="


def build_secret(var: EnvVar) -> str:
    """A secret's placeholder while the image is built, in the form the app checks as it
    loads: hex digits for a hex key, a Fernet key for an encryption key (SecObserve's
    FIELD_ENCRYPTION_KEY, which django-encrypted-model-fields decodes at import)."""
    if size := var.form_bytes("hex"):
        return "0" * (2 * size)
    if size := var.form_bytes("base64"):
        return base64.b64encode(bytes(size)).decode()  # that many zero bytes
    if var.role == "app-secret" and ENCRYPTION_KEY.search(var.name):
        return _BUILD_FERNET
    return BUILD_SECRET


_PUBLIC = "NEXT_PUBLIC_"
# A secret's placeholder while the image is built: as long as a real key (some packages check a
# key's length as they load: django-mirage-field wants more than 32 characters).
BUILD_SECRET = "build-only-placeholder-no-secret-of-the-app-at-all"
_SKIP_VALIDATION = "SKIP_ENV_VALIDATION"
_SECRET_NAME = re.compile(r"(?:SECRET|PASSWORD|TOKEN|_KEY)$")


def build_args(setup: Setup) -> list[str]:
    """Next.js inlines each NEXT_PUBLIC_ variable into the bundle at `next build`: the build
    gets the value .env holds as a build argument (compose.yaml's build.args, run.sh's
    --build-arg). Only those .env has (a value advisor knows, or a line of the project's own
    env files): an empty one would fail the app's own checks where an unset one passes."""
    if not _next_server(setup):
        return []
    return [v.name for v in setup.env if v.to_app and v.name.startswith(_PUBLIC) and (v.value or v.source)]


_BUILD_VALUE = re.compile(r"[A-Za-z0-9_.~:/@+=,%?&-]+")


def collectstatic_env(setup: Setup) -> list[str]:
    """The collectstatic step's environment (``NAME=value``, shell-quoted): every value the app
    gets, with placeholders for secrets and for values only the person has, connection URLs
    at this container's own address (no database is reached, at once). Inline on the RUN line:
    none stays in the image."""
    out: list[str] = []
    for var in setup.env:
        if not var.to_app:
            continue
        if var.role == "required-setting" and classify(var.name) == "debug":
            value = "False"  # read as a truth value (decouple's cast=bool): a word would fail
        elif var.kind in ("secret", "credential"):
            value = build_secret(var)
        elif var.role == "required-setting":
            value = "build-only"
        elif var.kind == "composed":
            value = _with_placeholders(var.parts)
        else:
            value = var.value
        if value:
            out.append(f"{var.name}={shlex.quote(value)}")
    for app_var in setup.app_env:
        out.append(f"{app_var.name}={shlex.quote(_with_placeholders(app_var.parts))}")
    # The database's and the cache's hosts are this container's own address: code that connects
    # as it loads (a scheduler, a check) is refused at once, with no name to look up.
    hosts = [
        s
        for s in (setup.database.service if setup.database else None, setup.cache and setup.cache.service)
        if s
    ]
    for host in hosts:
        # (the host of a URL, after its @ or //, or a value that is the host alone: never the
        # scheme, redis://)
        at = rf"(?:(?<=@)|(?<=//)){re.escape(host)}(?=[:/]|$)|(?<==){re.escape(host)}$"
        out = [re.sub(at, "127.0.0.1", e) for e in out]
    return out
