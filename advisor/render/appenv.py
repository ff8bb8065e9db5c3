"""The app's environment in compose.yaml: every value a reference into .env, which Compose
fills in (never ``env_file``, so the database administrator's password stays out of it)."""

from __future__ import annotations

from ..setup import Part, Setup
from .composeyaml import optional_ref, required_ref


def interpolated(parts: tuple[Part, ...]) -> str:
    """A composed value as Compose interpolates it: each reference becomes ``${VAR:?...}``."""
    return "".join(p if isinstance(p, str) else required_ref(p.var) for p in parts)


def worker_env(setup: Setup, command: tuple[str, ...]) -> dict[str, str]:
    """What only the worker's own program reads: rq's command line takes Redis from --url or
    RQ_REDIS_URL, not from the app's settings (else localhost, where there is none)."""
    flags = ("-u", "--url", "-c", "--config")
    own = dict(setup.build.worker_env)  # the worker line's own switches (ENABLE_SERVICE_SERVER=false)
    if (
        setup.cache is None
        or command[:2] != ("rq", "worker")
        or any(a.split("=")[0] in flags for a in command)
    ):
        return own
    return {**own, "RQ_REDIS_URL": setup.cache.url}


def app_environment(setup: Setup) -> dict[str, str | None]:
    """The app's environment, every value a reference into .env: the .env variables meant for
    the app and the connection variables built from them."""
    environment: dict[str, str | None] = {}
    for var in setup.env:
        if not var.to_app:
            continue
        if var.role == "required-setting" and not var.value:
            # Read with no default: Compose stops before starting anything, naming it.
            environment[var.name] = "${" + var.name + ":?the app needs it: set it in .env}"
        elif (
            var.role in ("project-setting", "project-debug-off")
            and not var.value
            and var.kind != "credential"
        ):
            # One of the app's own settings that the project's .env.example leaves empty: .env
            # has it commented out, and a name with no value passes it only once it is set
            # there. An empty value would override the app's own default.
            environment[var.name] = None
        else:
            # A credential may stay empty (the person fills it in).
            environment[var.name] = (
                optional_ref(var.name) if var.kind == "credential" else required_ref(var.name)
            )
    for app_var in setup.app_env:
        environment[app_var.name] = interpolated(app_var.parts)
    return environment
