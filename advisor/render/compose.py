"""compose.yaml, built as data from the plan and serialised by PyYAML's SafeDumper.

Strings from the answers are always double-quoted, so no answer can change the file's
structure. The app gets an explicit environment (references into .env, never ``env_file``),
so the database administrator's password reaches the database container only.
"""

from __future__ import annotations

from typing import Any

from ..errors import AdvisorError
from ..setup import HOST_GATEWAY, DatabasePlan, Setup
from ..stacks import APP_SECRET, APP_USER_VAR, INITDB_DIR, PROBE_TIMING, SECRETS_DIR, SERVER_UID
from . import template
from .appenv import app_environment, worker_env
from .buildenv import build_args
from .caddyfile import MEDIA_MOUNT
from .composecomments import (
    LIMITS_KEY,
    MIGRATE_SERVICE,
    OPTION_COMMENTS,
    WEB_SERVICE,
    WORKER_SERVICE,
    comment_options,
    writable_notes,
)
from .composeyaml import Anchored, Block, Octal, Quoted, dump_yaml, required_ref
from .hardening import (
    LIMITS,
    NO_NEW_PRIVILEGES,
    RESTART,
    Hardening,
    app_hardening,
    cache_hardening,
    database_hardening,
    limits_key,
    proxy_hardening,
)
from .settingsfile import APP_SETTINGS_CONFIG, filled

_HEALTH_TIMING: dict[str, Any] = dict(PROBE_TIMING)
GPU_DEVICES: dict[str, Any] = {"driver": "nvidia", "count": "all", "capabilities": ["gpu"]}


# Log rotation shared by every production container (Docker's json-file driver keeps `docker
# logs` working; without options it grows without bound).
LOGGING = Anchored(
    "logging", {"driver": "json-file", "options": {"max-size": Quoted("10m"), "max-file": Quoted("3")}}
)


APP_USER_CONFIG = "db-app-user"
APP_ENV_CONFIG = "app-env"
# Runs last among the init scripts (the entrypoint takes them in name order).
PROJECT_OWNER_CONFIG = "db-project-owner"
PROJECT_OWNER_TARGET = "zz-app-owns-project-objects.sql"
PROJECT_OWNER_SQL = "starter/initdb/postgres-project-owner.sql"
# Only the database server's own user (and root) may read the password files.
SECRET_MODE = 0o400


def _app_ready(setup: Setup) -> dict[str, str]:
    """How a service waits for the app: healthy when the app has a healthcheck, else started."""
    return {"condition": "service_healthy" if setup.healthcheck else "service_started"}


def _hardened(setup: Setup, hardening: Hardening | None, limits: dict[str, Anchored]) -> dict[str, Any]:
    """A production service's runtime options (advisor/render/hardening.py); none in development."""
    if not setup.production or hardening is None:
        return {}
    key = limits_key(setup, hardening.role)
    if key not in limits:
        lim = LIMITS[key]
        limits[key] = Anchored(f"{key}-limits", {"cpus": lim.cpus, "memory": lim.memory, "pids": lim.pids})
    options: dict[str, Any] = {"security_opt": [NO_NEW_PRIVILEGES], "cap_drop": ["ALL"]}
    if hardening.cap_add:
        options["cap_add"] = list(hardening.cap_add)
    if hardening.read_only:
        options["read_only"] = True
        if hardening.tmpfs:
            options["tmpfs"] = list(hardening.tmpfs)
    options["deploy"] = {"resources": {"limits": limits[key]}}
    options["logging"] = LOGGING
    return options


def compose_data(setup: Setup) -> dict[str, Any]:
    """compose.yaml as data: the app, its database and cache, their volumes; in production
    each service with its runtime hardening and the shared limits under x-limits."""
    restart = {"restart": RESTART} if setup.production else {}
    limits: dict[str, Anchored] = {}
    services: dict[str, Any] = {}
    volumes: dict[str, Any] = {}
    build: dict[str, Any] = {"context": Quoted(setup.build_context)}
    if setup.build_context != ".":  # the Dockerfile stays beside compose.yaml
        build["dockerfile"] = Quoted(setup.dockerfile_from_context)
    args = build_args(setup)
    if args:  # NEXT_PUBLIC_ values go into the bundle at build time, from .env
        build["args"] = {name: f"${{{name}:-}}" for name in args}
    app: dict[str, Any] = {"build": build, "init": True}
    depends_on: dict[str, Any] = {}
    app_hardened = _hardened(setup, app_hardening(setup), limits)

    db = setup.database
    secrets: dict[str, Any] = {}
    configs: dict[str, Any] = {}
    if db is not None and db.service is not None and db.volume is not None:
        spec = db.spec
        service_configs = []
        if spec.app_user_script is not None:
            name, _ = spec.app_user_script
            configs[APP_USER_CONFIG] = {"content": Block(app_user_script(db))}
            service_configs = [{"source": APP_USER_CONFIG, "target": f"{INITDB_DIR}/{name}"}]
            if db.init_scripts and spec.key == "postgres":
                # The project's scripts run as the superuser: then what they made goes to the app.
                configs[PROJECT_OWNER_CONFIG] = {"content": Block(_init_script(PROJECT_OWNER_SQL))}
                target = f"{INITDB_DIR}/{PROJECT_OWNER_TARGET}"
                service_configs.append({"source": PROJECT_OWNER_CONFIG, "target": target})
        uid = Quoted(str(SERVER_UID))
        for secret, var in spec.secrets:
            secrets[secret] = {"environment": var}
        services[db.service] = {
            "image": db.image or spec.image,
            **({"command": list(db.command)} if db.command else {}),
            # the project's own name for it (its compose file's service), which its code may use
            **({"networks": {"default": {"aliases": list(db.aliases)}}} if db.aliases else {}),
            "environment": database_environment(db),
            "secrets": [
                {"source": secret, "uid": uid, "gid": uid, "mode": Octal(SECRET_MODE)} for secret in secrets
            ],
            **({"configs": service_configs} if service_configs else {}),
            # The project's own initialisation scripts (schema, seed data): run by the image on
            # its first start, when the data volume is still empty.
            "volumes": [f"{db.volume}:{spec.data_path}", *(f"{p}:{t}:ro" for p, t in db.init_scripts)],
            "healthcheck": {"test": list(spec.healthcheck), **_HEALTH_TIMING},
            **restart,
            **_hardened(setup, database_hardening(setup), limits),
        }
        volumes[db.volume] = {}
        depends_on[db.service] = {"condition": "service_healthy"}
    if setup.cache is not None:
        cache = setup.cache.spec
        services[setup.cache.service] = {
            "image": cache.image,
            "volumes": [f"{cache.volume}:{cache.data_path}"],
            "healthcheck": {"test": list(cache.healthcheck), **_HEALTH_TIMING},
            **restart,
            **_hardened(setup, cache_hardening(setup), limits),
        }
        volumes[cache.volume] = {}
        depends_on[setup.cache.service] = {"condition": "service_healthy"}

    app["environment"] = app_environment(setup)
    if setup.build.env_file_read:
        # The app reads its settings from the file .env itself (its own config class over
        # dotenv.parse(fs.readFileSync('.env'))), never from the environment: that file is
        # made from the app's environment (Compose fills in each value) and mounted there.
        lines = "".join(
            f"{name}={value}\n" for name, value in app["environment"].items() if value is not None
        )
        configs[APP_ENV_CONFIG] = {"content": Block(lines)}
        home = setup.build.app_home
        workdir = f"{home}/{setup.build.workdir}" if setup.build.workdir else home
        app["configs"] = [{"source": APP_ENV_CONFIG, "target": f"{workdir}/.env"}]
    if made := filled(setup):  # the settings file made from the project's template, filled in
        configs[APP_SETTINGS_CONFIG] = {"content": Block(made[0])}
        app["configs"] = [*app.get("configs", []), {"source": APP_SETTINGS_CONFIG, "target": made[1]}]
    if keys := setup.key_mounts():
        # Key files the app reads from the repository: .dockerignore keeps them out of the
        # image (a key baked into an image is anyone's who gets the image); each is mounted,
        # read-only, from the checkout where the app looks for it.
        secrets.update({name: {"file": Quoted(host)} for name, host, _ in keys})
        app["secrets"] = [{"source": name, "target": target} for name, _, target in keys]
    if setup.build.release:
        # The release step (migrations) runs once, to the end, before the app starts: the same
        # image and settings, its own command. A failed migration keeps the app from starting.
        services[MIGRATE_SERVICE] = _beside_app(
            setup, setup.build.release, app, depends_on, app_hardened, once=True
        )
        depends_on[MIGRATE_SERVICE] = {"condition": "service_completed_successfully"}
    if setup.build.worker:
        # The background worker takes jobs the app queues: the same image, settings and folders.
        services[WORKER_SERVICE] = _beside_app(
            setup, setup.build.worker, app, depends_on, app_hardened, once=False
        )
    if setup.proxy is None:
        app["ports"] = [Quoted(setup.publish)]
    if setup.media_volume is not None:
        app["volumes"] = [f"{setup.media_volume}:{setup.media_root}"]
        volumes[setup.media_volume] = {}
    for name, folder in setup.data_volumes():
        # An SQLite database the app keeps in a folder beside its code: a named volume keeps it
        # across rebuilds (Docker fills it from the image, with the app user as owner).
        app.setdefault("volumes", []).append(f"{name}:{folder}")
        volumes[name] = {}
    if setup.native_database:
        app["extra_hosts"] = [HOST_GATEWAY]
    if depends_on:
        app["depends_on"] = depends_on
    if setup.healthcheck:
        # The app's own healthcheck (also in its Dockerfile), with shorter timings: docker
        # compose up --wait and depends_on see when it really answers, not only when it started.
        app["healthcheck"] = {"test": ["CMD", *setup.healthcheck], **_HEALTH_TIMING}
    if not setup.production:
        # Compose Watch (`docker compose up --watch`): a change in the app's folder rebuilds the
        # image and replaces the container. Rebuilt rather than synced into the running
        # container: the image's code belongs to root, which the app user cannot overwrite,
        # and the build cache redoes only the layers after the change. .dockerignore's
        # patterns are ignored here too.
        app["develop"] = {"watch": [{"action": "rebuild", "path": Quoted(setup.build_context)}]}
    app.update(restart)
    app.update(app_hardened)
    if setup.gpu:
        # The host's NVIDIA GPUs for the app (the NVIDIA Container Toolkit on Linux, Docker
        # Desktop's WSL 2 backend on Windows); capabilities is required.
        resources = dict(app.get("deploy", {}).get("resources", {}))
        resources["reservations"] = {"devices": [GPU_DEVICES]}
        app["deploy"] = {"resources": resources}

    if setup.front is not None:
        services[WEB_SERVICE] = _web(setup, restart, limits)

    if setup.proxy is not None:
        proxy = setup.proxy
        # The only published ports: Caddy terminates HTTPS and passes requests to the app.
        proxy_volumes = ["./Caddyfile:/etc/caddy/Caddyfile:ro", "caddy-data:/data", "caddy-config:/config"]
        if proxy.media and setup.media_volume is not None:
            proxy_volumes.append(f"{setup.media_volume}:{MEDIA_MOUNT}:ro")
        services[proxy.service] = {
            "image": proxy.image,
            "ports": [Quoted("80:80"), Quoted("443:443"), Quoted("443:443/udp")],
            "environment": {proxy.site_var: required_ref(proxy.site_var)},
            "volumes": proxy_volumes,
            "depends_on": {
                "app": _app_ready(setup),
                **({WEB_SERVICE: {"condition": "service_healthy"}} if setup.front is not None else {}),
            },
            **restart,
            **_hardened(setup, proxy_hardening(setup), limits),
        }
        volumes["caddy-data"] = {}
        volumes["caddy-config"] = {}

    data: dict[str, Any] = {"name": Quoted(setup.project)}
    if limits:
        data[LIMITS_KEY] = dict(limits)
        data["x-logging"] = LOGGING
    data["services"] = {"app": app, **services}
    if volumes:
        data["volumes"] = volumes
    if configs:
        data["configs"] = configs
    if secrets:
        data["secrets"] = secrets
    return data


def _web(setup: Setup, restart: dict[str, Any], limits: dict[str, Anchored]) -> dict[str, Any]:
    """The front end served beside the app (frontplan): its own image, built from its folder
    with Dockerfile.web; its nginx forwards the API's paths to the app, so it starts after it."""
    front = setup.front.setup
    build: dict[str, Any] = {
        "context": Quoted(front.build_context),
        "dockerfile": Quoted(front.dockerfile_from_context),
    }
    if args := build_args(front):  # VITE_ values go into the bundle at build time, from .env
        build["args"] = {name: f"${{{name}:-}}" for name in args}
    web: dict[str, Any] = {
        "build": build,
        "depends_on": {"app": _app_ready(setup)},
    }
    if setup.front.publish:
        web["ports"] = [Quoted(setup.front.publish)]
    web["healthcheck"] = {"test": ["CMD", *front.healthcheck], **_HEALTH_TIMING}
    if not setup.production:
        web["develop"] = {"watch": [{"action": "rebuild", "path": Quoted(front.build_context)}]}
    return {**web, **restart, **_hardened(front, app_hardening(front), limits)}


def _beside_app(
    setup: Setup,
    command: tuple[str, ...],
    app: dict[str, Any],
    after: dict[str, Any],
    hardened: dict[str, Any],
    *,
    once: bool,
) -> dict[str, Any]:
    """A service from the app's image with its own command: the release step (``once``: to the
    end, not restarted) or the worker. It listens on no port: the image's healthcheck is off."""
    volumes = [f"{n}:{f}" for n, f in setup.data_volumes()]  # an SQLite file where the app has it
    if not once and setup.media_volume is not None:
        volumes.insert(0, f"{setup.media_volume}:{setup.media_root}")
    return {
        "build": app["build"],
        "command": list(command),
        "environment": app["environment"] if once else {**app["environment"], **worker_env(setup, command)},
        **({"configs": app["configs"]} if "configs" in app else {}),
        **({"secrets": app["secrets"]} if "secrets" in app else {}),
        **({"volumes": volumes} if volumes else {}),
        **({"extra_hosts": [HOST_GATEWAY]} if setup.native_database else {}),
        **({"depends_on": dict(after)} if after else {}),
        "healthcheck": {"disable": True},
        **({"restart": "no"} if once else {"restart": RESTART} if setup.production else {}),
        # The worker runs the app's code: Compose Watch rebuilds it with the app.
        **(
            {}
            if once or setup.production
            else {"develop": {"watch": [{"action": "rebuild", "path": Quoted(setup.build_context)}]}}
        ),
        **hardened,
    }


def database_environment(db: DatabasePlan) -> dict[str, str]:
    """The db container's environment: references into .env, the administrator's name, and the
    paths of the password files (never a password itself)."""
    out: dict[str, str] = {}
    for var in db.spec.server_env:
        if var.source == "env":
            out[var.name] = required_ref(var.value)
        elif var.source == "secret":
            out[var.name] = f"{SECRETS_DIR}/{var.value}"
        else:
            out[var.name] = Quoted(var.value)
    return out


def app_user_script(db: DatabasePlan) -> str:
    """The init script that creates the app's own user (PostgreSQL, MongoDB); Compose copies it
    into /docker-entrypoint-initdb.d. It has no `$`, which Compose would interpolate."""
    if db.spec.app_user_script is None:
        raise AdvisorError(f"starter files: {db.spec.label} creates the app's user itself")
    return _init_script(db.spec.app_user_script[1], db.extensions)


def _init_script(name: str, extensions: tuple[str, ...] = ()) -> str:
    secret = f"{SECRETS_DIR}/{APP_SECRET}"
    text = template(name).render(user_var=APP_USER_VAR, app_password_file=secret, extensions=extensions)
    if "$" in text:
        raise AdvisorError("starter files: an init script must not hold '$', which Compose would interpolate")
    return text


def render_compose(setup: Setup) -> str:
    start = [f"  {setup.start_command}"]
    if setup.production:
        start.append("(-d: in the background; `docker compose logs --follow` shows the logs).")
    else:
        start.append("or, while you work, `docker compose up --build --watch` (see develop: below).")
    lines = [
        f"compose.yaml for {setup.project}, written by advisor. Start everything with:",
        *start,
        f"The app answers on {setup.url}.",
    ]
    if setup.env:
        lines += [
            "Settings and secrets come from .env (documented in .env.example; .gitignore keeps",
            "it out of git). The app gets only the variables listed under its environment (all",
            "of .env but the database administrator's password): to give it a new one, add it to",
            ".env and to that list.",
        ]
    if setup.production:
        lines += [
            "Production: every service is hardened after the CIS Docker Benchmark's runtime",
            "section (each option says why); change the resource limits under x-limits.",
        ]
    db = setup.database
    if db is not None and db.service is not None:
        spec = db.spec
        lines.append(
            f"The database publishes no port (the app reaches it as {db.service}); its data lives in"
            f" the volume {db.volume}."
        )
        lines += [
            f"The app connects as a user of its own ({spec.user_var} in .env) with rights on its",
            f"database only, never as {spec.admin_user}, the administrator"
            + ("; the script under configs: creates" if spec.app_user_script else "."),
        ]
        if spec.app_user_script:
            lines.append("that user on the db container's first start (an empty volume).")
        lines += [
            "The db container reads both passwords from files in /run/secrets (secrets: at the end,",
            "each taken from .env), not from its environment. Needs Docker Compose 2.23.1 or later.",
        ]
    if keys := setup.key_mounts():
        lines += [
            "The key files the app reads from the repository (" + ", ".join(h for _, h, _ in keys) + ")",
            "stay out of the image (.dockerignore); secrets: mounts them from this checkout, read-only.",
        ]
    header = "".join(f"# {line}\n" for line in lines)
    body = dump_yaml(compose_data(setup))
    if setup.production:
        body = comment_options(body, writable_notes(setup))
    else:
        body = body.replace(
            "    develop:\n",
            "    # `docker compose up --build --watch`: a change to the app's files rebuilds and\n"
            "    # restarts it (the build cache redoes only what changed; .dockerignore applies).\n"
            "    develop:\n",
            1,
        )
    return header + body


__all__ = [
    "OPTION_COMMENTS",
    "Anchored",
    "Quoted",
    "app_environment",
    "compose_data",
    "render_compose",
]
