"""Computing the plan: the decisions, the answers and what the project's own files say
become one :class:`~advisor.setup.Setup`."""

from __future__ import annotations

import dataclasses
import re
from pathlib import PurePosixPath
from typing import TYPE_CHECKING

from .appreads import app_reads
from .buildplan import app_facts, build_plan
from .buildspec import BuildPlan
from .dbplan import database_plan
from .engine import Evaluation
from .inspect.composefile import other_services_besides_app
from .inspect.django_fixed import local_name
from .inspect.django_hosts import development_only, settings_role
from .inspect.envroles import reads_database
from .inspect.node_sequelize import no_production_section, node_env_section
from .inspect.projectenv import PLACEHOLDER
from .kubeplan import kube_plan
from .ownsettings import own_settings, required_names, spaced_lists
from .projectnotes import project_notes
from .proxyvars import behind_proxy, listen_hosts, listen_ports, required_env, written_values
from .settingsfile import config_file_var, settings_secret
from .setup import (
    APP_HOME,
    DEV_HOST_PORT,
    FILES,
    HTTPS_PORT,
    MEDIA_VOLUME,
    UNPRIVILEGED_PORTS,
    AppVar,
    CachePlan,
    EnvVar,
    FileKind,
    FileSpec,
    ProxyPlan,
    Setup,
    StoragePlan,
)
from .stacks import CACHES, LANGUAGES, VERSIONS
from .variables import tool_named, unset_reads, variables

if TYPE_CHECKING:
    from .inspect import AppFacts, ProjectFacts

# The gpu_access values with which the app's container gets the GPU (compose, run.sh, Kubernetes).
GPU_PASSED_THROUGH = ("nvidia-toolkit", "wsl2-gpu-pv")


def plan(
    evaluation: Evaluation,
    project: ProjectFacts | None = None,
    build_context: str = ".",
    dockerfile: str = "Dockerfile",
    project_root: str = ".",
) -> Setup:
    """The one plan every renderer reads; ``project`` holds what was found in the project's
    own files (answers win over it); ``build_context`` is the app's folder as seen from where
    the files are written, ``dockerfile`` the Dockerfile as seen from the build context, and
    ``project_root`` the project's folder as seen from there."""
    a = evaluation.answers
    containers = evaluation.value("runtime") == "containers"
    orchestration = evaluation.value("orchestration")
    production = a.environment == "production"
    language = LANGUAGES[a.language]

    host_port = a.app_port if production or a.app_port >= UNPRIVILEGED_PORTS else DEV_HOST_PORT
    # In development only this machine reaches the app; in production every interface.
    publish = f"{host_port}:{a.app_port}" if production else f"127.0.0.1:{host_port}:{a.app_port}"

    app = app_facts(project, a)
    hosts = app.fixed_hosts.value if app is not None and app.fixed_hosts is not None else None
    url = f"http://{local_name(hosts)}:{host_port}/"
    build = build_plan(a, app)
    media_root = None
    if containers and evaluation.value("media_storage") == "local-volume":
        media_root = (
            "/usr/share/nginx/html/media" if a.language == "static" else _media_root(app, build.app_home)
        )

    proxy = None
    if containers and production and orchestration == "compose":
        # One host in production: Caddy terminates HTTPS in front of the app, which publishes
        # no port of its own. Direct media delivery from the volume goes through Caddy too.
        direct = evaluation.value("media_packaging") == "no-container"
        proxy = ProxyPlan(media=media_root is not None and direct and a.language != "static")
        host_port, publish, url = HTTPS_PORT, f"{HTTPS_PORT}:{HTTPS_PORT}", "https://localhost/"

    database = database_plan(evaluation, app, project, project_root) if containers else None
    cache = None
    if containers and a.cache in CACHES:
        spec = CACHES[a.cache]
        cache = CachePlan(spec, spec.key, f"{spec.scheme}://{spec.key}:{spec.port}/0")
    storage = None
    if containers and evaluation.value("media_storage") == "cdn-object-storage":
        stem = a.project_name.replace("_", "-")[:57].strip("-") or "app"
        storage = StoragePlan(
            f"{stem}-media", "us-east-1", "https://s3.us-east-1.amazonaws.com", "https://cdn.example.com"
        )

    if orchestration == "compose":
        start = "docker compose up --build -d" if production else "docker compose up --build"
    else:
        start = "sh run.sh"

    reads = app_reads(app) if app is not None else None
    env, app_env = variables(a.environment, a.language, orchestration, database, cache, storage, reads)
    env += settings_secret(build, orchestration == "compose")  # for the settings file made from a template
    # The port the app listens on under another name than PORT (HTTP_PORT), and every address.
    app_env += listen_ports(reads, a.app_port) + listen_hosts(app, database)
    # A Redis password the app requires (getOrThrow): Redis has none; the settings file's (byceps).
    pw = [v for v in (app.env_vars if app and cache else ()) if v.role == "redis_password" and v.required]
    app_env += tuple(AppVar(v.name, "cache-part", ("",), v.source) for v in pw) + config_file_var(build)
    if proxy is not None:
        env += (EnvVar(proxy.site_var, "app", "site-address", "plain", "localhost", to_app=False),)
    # The Dockerfile sets MEDIA_ROOT when there is a media folder: not for the person to fill in.
    given = {v.name for v in env} | {v.name for v in app_env} | ({"MEDIA_ROOT"} if media_root else set())
    given |= set(build.data_vars) | {n for n, _ in build.start_env}  # the Dockerfile sets them
    unset = unset_reads(app, given) if app is not None else ()
    own: tuple[EnvVar, ...] = ()
    build_reads: tuple[tuple[str, str], ...] = ()
    if proxy is not None and not (app is not None and app.kind == "spa"):
        # The proxy decides the site's address, whatever the project's example says.
        behind, unset = behind_proxy(proxy, unset, written_values(app))
        app_env += behind
    if app is not None and app.kind == "spa":
        # A front end reads its variables as it is built: the web server serving it has no use for them.
        build_reads, unset = unset, ()
    elif app is not None:
        own, unset = own_settings(app, unset, production, cache.service if cache is not None else None)
        env += own
        # Read with no default: the app stops without them. .env gets each, commented out.
        required = required_names(app, production)
        env += required_env(unset, required, "" if production else url.rstrip("/"), a.project_name)
        env = spaced_lists(app, env)  # DJANGO_ALLOWED_HOSTS split on spaces: localhost 127.0.0.1
        unset = tuple(u for u in unset if u[0] not in required)
    knex = app.knex_envs if app is not None and app.knex_envs is not None else None
    if knex is not None and (section := node_env_section(knex.value, production)):
        # NODE_ENV (production in the image) picks the knexfile's section: it has none for it.
        app_env += (AppVar("NODE_ENV", "node-env", (section,), knex.source),)
    no_broker = build.worker if any(v.value.startswith(("amqp://", "amqps://")) for v in env) else ()
    if no_broker:  # a Celery worker whose broker (RabbitMQ) these files do not run
        build = dataclasses.replace(build, worker=())
    if build.sqlite_url is not None:
        name, sqlite = build.sqlite_url
        app_env += (AppVar(name, "sqlite-url", (sqlite,), build.sources.get("start", "")),)
        env = tuple(v for v in env if v.name != name)
        own = tuple(v for v in own if v.name != name)
        unset = tuple(u for u in unset if u[0] != name)
    flask_app = _flask_app(build, {v.name for v in env} | {v.name for v in app_env})
    if flask_app is not None:
        # `flask db upgrade` finds the app through FLASK_APP unless it is app.py / wsgi.py.
        app_env += (AppVar("FLASK_APP", "flask-app", (flask_app,), build.sources.get("start", "")),)
        unset = tuple(u for u in unset if u[0] != "FLASK_APP")
    switch = _migrate_switch(app) if database is not None and not build.release else None
    if switch is not None and switch.name in {v.name for v in env} | {v.name for v in app_env}:
        switch = None  # set already (the project's own value)
    if switch is not None:
        # No migration step of the project's own, but a switch that makes the app migrate its
        # database as it starts: on, or it stops at an empty schema (miniflux).
        app_env += (switch,)
        unset = tuple(u for u in unset if u[0] != switch.name)
    auth = _authjs(app)
    if auth is not None and "AUTH_TRUST_HOST" not in {v.name for v in env} | {v.name for v in app_env}:
        # Auth.js (next-auth 5) refuses a request whose host it was not told to trust unless it
        # runs on a platform it knows (Vercel); in a container behind a published port or
        # Caddy the host comes from the request. next-auth 4 does not read it.
        app_env += (AppVar("AUTH_TRUST_HOST", "auth-trust-host", ("true",), auth),)
        unset = tuple(u for u in unset if u[0] != "AUTH_TRUST_HOST")
    chosen = None
    if app is not None:
        # Django reads its settings module from the environment: production's, not manage.py's
        # default (with DEBUG on); the project's own when manage.py names none or its is unusable.
        chosen = (app.production_settings or app.default_settings) if production else app.default_settings
        if production and chosen is not None and development_only(chosen.detail):
            chosen = None  # wsgi.py's own module (a production one) rather than manage.py's
    if chosen is not None:
        role = settings_role(chosen.detail)
        app_env += (AppVar("DJANGO_SETTINGS_MODULE", role, (chosen.value,), chosen.source),)
        unset = tuple(u for u in unset if u[0] != "DJANGO_SETTINGS_MODULE")
    if orchestration == "compose":
        env, literal_tool = tool_named(env)
        app_env += literal_tool
    else:
        # run.sh passes the app only .env's variables: the literal ones go there.
        literal = tuple(v for v in app_env if all(isinstance(p, str) for p in v.parts))
        env += tuple(
            EnvVar(v.name, "app", v.role, "plain", "".join(map(str, v.parts)), source=v.source)
            for v in literal
        )
        app_env = tuple(v for v in app_env if v not in literal)
    scaling = evaluation.value("scaling")
    kubernetes = containers and scaling == "kubernetes"
    setup = Setup(
        evaluation=evaluation,
        files=_files(
            containers, orchestration, build_context, kubernetes, build, proxy is not None, bool(env or unset)
        ),
        project=a.project_name,
        language=language,
        containers=containers,
        orchestration=orchestration,
        production=production,
        app_port=a.app_port,
        host_port=host_port,
        publish=publish,
        url=url,
        media_root=media_root,
        media_volume=MEDIA_VOLUME if media_root else None,
        database=database,
        cache=cache,
        storage=storage,
        env=env if containers else (),
        app_env=app_env if containers else (),
        start_command=start,
        app_reads_unset=unset if containers else (),
        build_context=build_context,
        dockerfile_from_context=dockerfile,
        build=build,
        proxy=proxy,
        notes=project_notes(
            build,
            a.language,
            unset=unset,
            found=_found_language(project, a.app_dir),
            database=database,
            own=own,
            http_driver=_http_driver(app),
            env=env,
            build_reads=build_reads,
            placeholders=_placeholders(app, own),
            dev_values=app.env_dev_values if app is not None and production else (),
            compose=orchestration == "compose",
            typeorm_source=app.typeorm.source if app is not None and app.typeorm is not None else "",
            serves_static=app is None or any(d.name == "whitenoise" for d in app.dependencies),
            switch=switch,
            schema_maker=app.schema_maker if app is not None else None,
            no_broker=no_broker,
            gunicorn_daemon=app.gunicorn_daemon if app is not None and containers else "",
            app_env=app_env,
            default_settings=app.default_settings if app is not None else None,
            seed=app.seed if app is not None and database is not None else None,
            knex_no_production=knex.source
            if knex and production and no_production_section(knex.value)
            else "",
            config_fixed=(knex.source, knex.detail) if knex and knex.detail else None,
            other_services=other_services_besides_app(project, a.project_name) if containers else (),
            # (a database server's, or an SQLite file the settings keep)
            unmigrated=app.unmigrated if app is not None and (database or build.sqlite_links) else "",
            loopback=app.loopback if app is not None else "",
            reset_step=app.reset_step if app is not None else None,
            runtime_unmet=app.runtime
            if app is not None
            and app.runtime is not None
            and (app.runtime.image_tag is None or not app.runtime.supported)
            and a.runtime_version in (None, VERSIONS.get(a.language), app.runtime.image_tag)
            else None,
            setup_command=app.setup_command if app is not None else None,
            workspace=project.workspace_root if project is not None else None,
            run_in_app="docker compose exec app"
            if orchestration == "compose"
            else f"docker exec {a.project_name}",
            db_fixed=app.db_fixed
            if app is not None
            and database is not None
            and (app.db_fixed_call or not reads_database(app.env_vars))
            else "",
            db_fixed_call=app is not None and app.db_fixed_call,
            db_no_host=app.db_no_host if app is not None and database is not None else "",
            sqlite_settings=app.sqlite_settings if app is not None else None,
            alembic_url=app.alembic_url if app is not None and database is not None else None,
            url_var=next((v.name for v in app.env_vars if v.role == "database_url"), "DATABASE_URL")
            if app is not None
            else "DATABASE_URL",
            fixed_hosts=app.fixed_hosts if app is not None else None,
            fixed_debug=app.fixed_debug if app is not None and production else "",
            production=production,
            kubernetes=kubernetes,
            image=f"{a.project_name}:latest",
            auth_over_http=auth
            if auth is not None and not production and build.framework == "nextjs"
            else "",
        )
        if containers
        else (),
        scaling=scaling,
        gpu=containers and evaluation.value("gpu_access") in GPU_PASSED_THROUGH,
    )
    return dataclasses.replace(setup, kubernetes=kube_plan(setup)) if kubernetes else setup


def _files(
    containers: bool,
    orchestration: str,
    context: str,
    kubernetes: bool,
    build: BuildPlan,
    proxy: bool,
    variables: bool,
) -> tuple[FileSpec, ...]:
    kinds: list[FileKind] = []
    if containers:
        if orchestration == "compose":
            kinds.append("compose")
        if proxy:
            kinds.append("caddyfile")
        elif orchestration == "docker-run-script":
            kinds.append("run-script")
        kinds += ["dockerfile", "dockerignore"]
        if context != ".":
            kinds.append("dockerfile-ignore")
        if variables:  # no .env pair for a set-up that passes nothing (a static site)
            kinds += ["env-example", "env", "gitignore"]
        if orchestration == "docker-run-script":
            kinds.append("gitattributes")
    if containers and kubernetes:
        kinds += ["k8s-kustomization", "k8s-configmap", "k8s-deployment"]
        if build.kind != "worker":  # a worker answers on no port: no Service, no Ingress
            kinds += ["k8s-service", "k8s-ingress"]
        kinds += ["k8s-hpa", "k8s-pdb"]
        if build.release:
            kinds.append("k8s-migrate")
        kinds.append("k8s-networkpolicy")
    kinds += ["report", "answers"]
    return tuple(FILES[k] for k in kinds)


def _found_language(project: ProjectFacts | None, app_dir: str) -> tuple[str, str] | None:
    """The language the project's files say the app in ``app_dir`` is written in, and the file."""
    app = project.app(app_dir) if project is not None else None
    return (app.language.value, app.language.source) if app is not None else None


def _media_root(app: AppFacts | None, home: str) -> str:
    """Where the media volume is mounted: the folder the app's own code stores uploads in
    (Django's MEDIA_ROOT, Flask's UPLOAD_FOLDER, multer's dest), so the files it writes land
    in the volume; /data/media (also given as MEDIA_ROOT) when the code names none."""
    for kind in ("media", "uploads"):
        for w in app.writable_paths if app is not None else ():
            path = PurePosixPath(w.path if w.path.startswith("/") else f"{home}/{w.path.strip('/')}")
            usable = ".." not in path.parts and _MEDIA_PATH.fullmatch(str(path)) is not None
            if (
                w.kind == kind
                and usable
                and str(path) not in (APP_HOME, home)
                and not str(path).startswith(_SYSTEM_DIRS)
            ):
                return str(path)
    return "/data/media"


_MEDIA_PATH = re.compile(r"(?:/[A-Za-z0-9._@+-]+)+")
# Folders an image's own system owns: never a mount point for the app's media.
_SYSTEM_DIRS = ("/bin", "/boot", "/dev", "/etc", "/lib", "/proc", "/sbin", "/sys", "/usr", "/run")


# Database drivers that reach a hosted service's own HTTP / WebSocket proxy, not a database
# server's protocol: a database container cannot answer them.
_HTTP_DRIVERS = ("@neondatabase/serverless", "@vercel/postgres", "@planetscale/database", "@libsql/client")


def _placeholders(app: AppFacts | None, own: tuple[EnvVar, ...]) -> tuple[str, ...]:
    """Variables whose value in .env is a placeholder: the project's own .env holds one (kept,
    as every value .env already has), or the example value advisor copied is one."""
    names = list(app.env_placeholders) if app is not None else []
    names += [v.name for v in own if PLACEHOLDER.search(v.value)]
    return tuple(dict.fromkeys(names))


def _migrate_switch(app: AppFacts | None) -> AppVar | None:
    """The switch the app reads to migrate its database as it starts, on: in the form of its
    default (``0`` → ``1``, ``false`` → ``true``)."""
    var = next((v for v in app.env_vars if v.role == "migrate_on_start"), None) if app is not None else None
    if var is None:
        return None
    on = "true" if (var.default or "").lower() in ("false", "true") else "1"
    return AppVar(var.name, "migrate-on-start", (on,), var.source)


def _authjs(app: AppFacts | None) -> str | None:
    """The manifest that declares Auth.js (next-auth, @auth/*), if the app uses it."""
    for d in app.dependencies if app is not None else ():
        if d.name == "next-auth" or d.name.startswith("@auth/"):
            return d.source
    return None


def _http_driver(app: AppFacts | None) -> str | None:
    names = {d.name for d in app.dependencies} if app is not None else set()
    return next((d for d in _HTTP_DRIVERS if d in names), None)


def _flask_app(build: BuildPlan, named: set[str]) -> str | None:
    """The FLASK_APP a `flask ...` release step needs: the module (and factory) the start
    command serves (gunicorn shop:create_app() → shop:create_app()), unless .env sets it."""
    # `flask ...`, or the project's own manage.py built on Flask's CLI (FlaskGroup), which
    # finds the app the same way.
    flask_cli = bool(build.release) and (
        build.release[0] == "flask"
        or (build.framework == "flask" and build.release[:2] == ("python", "manage.py"))
    )
    if not flask_cli or "FLASK_APP" in named:
        return None
    if "--app" in build.release or "-A" in build.release:
        return None
    for word in build.start[1:]:
        if word.startswith("FLASK_APP="):  # Flask < 2.2's start (env FLASK_APP=spec flask run)
            return word.partition("=")[2]
        if re.fullmatch(r"[A-Za-z_][\w.]*:[A-Za-z_]\w*(?:\(\))?", word):
            module, _, attr = word.partition(":")
            package = build.sources.get("start", "").endswith("__init__.py")
            if "." not in module and attr in ("app", "application") and not package:
                # The file form: every Flask version loads it (0.12 imports a module name only
                # from its path), and finds the app object itself.
                return f"{module}.py"
            return word
    return None
