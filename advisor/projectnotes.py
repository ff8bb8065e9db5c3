"""The plan's notes about the project: what advisor found in its files that the person
should know (a release step, settings it cannot know, what the project's own files do)."""

from __future__ import annotations

import re
import shlex

from .buildplan import setup_argv
from .buildspec import BuildPlan
from .dbnotes import database_notes, sqlite_note, template_notes
from .inspect.django_fixed import host_allowed
from .inspect.facts import Command, RuntimeVersion, Sourced
from .inspect.release import TABLE_SCRIPTS
from .layoutnotes import layout_notes
from .setup import AppVar, DatabasePlan, EnvVar, ProjectNote

# The Node tools whose frozen install needs a lockfile the project may not commit.
NO_LOCK_INSTALLS = ("npm", "yarn", "pnpm", "bun")


def project_notes(
    build: BuildPlan,
    language: str,
    *,
    unset: tuple[tuple[str, str], ...],
    found: tuple[str, str] | None,
    database: DatabasePlan | None = None,
    own: tuple[EnvVar, ...] = (),
    http_driver: str | None = None,
    env: tuple[EnvVar, ...] = (),
    build_reads: tuple[tuple[str, str], ...] = (),
    placeholders: tuple[str, ...] = (),
    dev_values: tuple[str, ...] = (),
    compose: bool = True,
    typeorm_source: str = "",
    serves_static: bool = True,
    switch: AppVar | None = None,
    app_env: tuple[AppVar, ...] = (),
    default_settings: Sourced[str] | None = None,
    schema_maker: Sourced[str] | None = None,
    no_broker: tuple[str, ...] = (),
    gunicorn_daemon: str = "",
    knex_no_production: str = "",
    config_fixed: tuple[str, str] | None = None,
    seed: Command | None = None,
    other_services: tuple[Sourced[str], ...] = (),
    auth_over_http: str = "",
    unmigrated: str = "",
    loopback: str = "",
    fixed_hosts: Sourced[tuple[str, ...]] | None = None,
    fixed_debug: str = "",
    production: bool = False,
    kubernetes: bool = False,
    image: str = "",
    alembic_url: Sourced[str] | None = None,
    url_var: str = "DATABASE_URL",
    db_fixed: str = "",
    db_fixed_call: bool = False,
    db_no_host: str = "",
    sqlite_settings: Sourced[str] | None = None,
    reset_step: Command | None = None,
    setup_command: Sourced[str] | None = None,
    run_in_app: str = "docker compose exec app",
    runtime_unmet: RuntimeVersion | None = None,
    workspace: Sourced[str] | None = None,
) -> tuple[ProjectNote, ...]:
    notes: list[ProjectNote] = []
    if workspace is not None:  # run in a member's folder (packages/server), not at the root
        up = workspace.source.rpartition("/")[0]
        notes.append(
            ProjectNote("run-in-member", {"source": workspace.source, "up": up, "dir": workspace.value})
        )
    implicit = tuple(v.name for v in app_env if v.role == "node-env" or v.name == "PGHOST")
    spring_profile = next((v for v in app_env if v.role == "spring-profile"), None)
    # (run.sh passes literal values through .env: they are among env, not app_env)
    roles = {v.role for v in app_env} | {v.role for v in env}
    if default_settings and "settings-installed" in roles:
        default, _, modules = default_settings.detail.partition(" needs ")
        named = ", ".join(f"`{m}`" for m in modules.split(", "))
        values = {"module": default_settings.value, "default": default, "modules": named}
        notes.append(ProjectNote("settings-installed", values))
    if default_settings and "settings-missing" in roles:
        server, _, wsgi = default_settings.detail.partition(" of ")
        values = {
            "module": default_settings.value,
            "missing": server,
            "where": wsgi.removesuffix(" is missing"),
        }
        notes.append(ProjectNote("settings-missing", values))
    if default_settings and "settings-dev" in roles:
        prod_module = default_settings.detail.removesuffix(" is for production")
        notes.append(ProjectNote("settings-dev", {"module": default_settings.value, "default": prod_module}))
    if build.server_install is not None:
        spec, listed_in = build.server_install
        values = {"program": build.start[0], "spec": spec, "where": listed_in}
        notes.append(ProjectNote("server-install" if listed_in else "server-unlisted", values))
    if runtime_unmet is not None:
        values = {
            "source": runtime_unmet.source,
            "detail": f" ({runtime_unmet.detail})" if runtime_unmet.detail else "",  # requires-python
            "constraint": runtime_unmet.constraint,
            "version": build.runtime_version,
            "pin": runtime_unmet.constraint.split(" ", 1)[0],
        }
        # No current line meets it, or the project's own pin is a line past its end of life.
        key = "runtime-unmet" if runtime_unmet.image_tag is None else "runtime-eol"
        if runtime_unmet.detail in ("pins", "node-sass"):
            key = "runtime-eol-pin" if runtime_unmet.detail == "pins" else "runtime-eol-node-sass"
        notes.append(ProjectNote(key, values))
    if reset_step is not None and not build.release:
        values = {"command": shlex.join(reset_step.argv), "source": reset_step.source, "run": run_in_app}
        notes.append(ProjectNote("entrypoint-reset", values))
    elif setup_command is not None and not build.release:
        values = {
            "command": _flask_command(build, setup_command),
            "source": setup_command.source,
            "run": run_in_app,
        }
        notes.append(ProjectNote("setup-command", values))
    if build.make_migrations:
        if build.make_apps:
            apps = ", ".join(build.make_apps)
            notes.append(
                ProjectNote("django-makemigrations-apps", {"source": build.make_migrations, "apps": apps})
            )
        else:
            notes.append(ProjectNote("django-makemigrations", {"source": build.make_migrations}))
    if database is not None and database.literal_source:
        known = "`, `".join((database.host, *database.aliases))  # db, and the project's own names
        at = {"source": database.literal_source, "user": database.user, "name": database.name, "hosts": known}
        notes.append(ProjectNote("db-literal", at))
    elif database is not None and database.name_source:
        notes.append(ProjectNote("db-name-literal", {"source": database.name_source, "name": database.name}))
    if db_fixed and database is not None and not database.literal_source:
        key = (
            "db-fixed-json"
            if db_fixed.endswith(".json")
            else "db-fixed-call"
            if db_fixed_call
            else "db-fixed"
        )
        notes.append(ProjectNote(key, {"source": db_fixed, "host": database.host}))
    if sqlite_settings is not None:
        notes.append(sqlite_note(sqlite_settings, database.spec.label if database else None))
    if db_no_host and database is not None:
        notes.append(ProjectNote("db-no-host", {"source": db_no_host, "host": database.host}))
    if alembic_url is not None and build.release:
        values = {"url": alembic_url.value, "source": alembic_url.source, "var": url_var}
        notes.append(ProjectNote("alembic-fixed-url", values))
    if fixed_hosts is not None and "ALLOWED_HOSTS" not in str(build.config_block):  # else env-set
        hosts = fixed_hosts.value
        # An empty list with DEBUG on (development) answers for localhost and 127.0.0.1.
        local = (
            host_allowed("localhost", hosts) or host_allowed("127.0.0.1", hosts) or not (hosts or production)
        )
        if (production and "*" not in hosts) or not local:
            shown = ", ".join(f"`{h}`" for h in hosts) or "nothing"
            values = {"source": fixed_hosts.source, "hosts": shown, "copy": build.local_hosts}
            notes.append(ProjectNote("fixed-hosts-copy" if build.local_hosts else "fixed-hosts", values))
    if fixed_debug:
        notes.append(ProjectNote("fixed-debug", {"source": fixed_debug}))
    if loopback:
        notes.append(ProjectNote("loopback-listen", {"source": loopback}))
    if unmigrated and not build.release and setup_command is None:
        notes.append(ProjectNote("no-migrations", {"source": unmigrated}))
    if auth_over_http:
        notes.append(ProjectNote("authjs-http", {"source": auth_over_http}))
    if other_services:
        notes.append(_other_services(other_services, env))
    if (a := build.assets) is not None and a.build:
        folder, scripts = (
            "" if a.folder == "." else a.folder + "/",
            ", ".join(f"`{s}`" for s in a.build.split()),
        )
        where = {"folder": folder, "scripts": scripts, "command": a.build_command, "source": a.source}
        kind = "client-built" if a.via == "served" else "assets-moved" if a.target else "assets-built"
        notes.append(ProjectNote(kind, where | {"output": a.output, "target": a.target}))
    elif build.static_missing and build.static_root:
        folders = ", ".join(f"`{p}`" for p, _ in build.static_missing)
        notes.append(
            ProjectNote("static-dirs-missing", {"folders": folders, "source": build.static_missing[0][1]})
        )
    if database is not None and database.spec.key != "mongodb" and not build.release:
        said = reset_step is not None or setup_command is not None or unmigrated or switch is not None
        if schema_maker is not None and setup_command is None:  # (whose note says what makes them)
            values = {"what": schema_maker.value, "source": schema_maker.source}
            notes.append(ProjectNote(f"{schema_maker.detail}-by-app", values))
        elif not said and not db_fixed and not database.init_scripts:
            notes.append(ProjectNote("no-schema-step", {"database": database.spec.label}))
    at_local = [
        v
        for v in env
        if v.role == "project-setting"
        and _LOCAL_URL.search(v.value)
        and not v.name.startswith("TEST")
        and not _OWN_ADDRESS.search(v.name)
    ]
    if at_local:
        names = ", ".join(f"`{v.name}`" for v in at_local)
        notes.append(ProjectNote("local-urls", {"names": names, "source": at_local[0].source}))
    if spring_profile is not None and database is not None:
        profile = "".join(p for p in spring_profile.parts if isinstance(p, str))
        values = {"profile": profile, "source": spring_profile.source, "database": database.spec.label}
        notes.append(ProjectNote("spring-profile", values))
    if switch is not None:
        value = "".join(p for p in switch.parts if isinstance(p, str))
        notes.append(
            ProjectNote("migrate-on-start", {"name": switch.name, "source": switch.source, "value": value})
        )
    if build_reads:
        names = ", ".join(f"`{n}`" for n, _ in build_reads[:8]) + (" …" if len(build_reads) > 8 else "")
        notes.append(ProjectNote("build-time-settings", {"names": names}))
    if database is not None and http_driver is not None:
        notes.append(ProjectNote("http-driver", {"driver": http_driver}))
    in_compose = compose and database is not None and database.in_container  # byceps' config.toml
    notes += template_notes(build.config_template, build.app_home, in_compose)
    if database is not None:
        notes += database_notes(database, env_file=bool(build.env_file_read) and compose)
    if off := [f"`{v.name}`" for v in env if v.role == "switch-off"]:
        notes.append(ProjectNote("switches-off", {"names": ", ".join(off)}))
    needed = [v for v in env if v.role == "required-setting" and v.source.rsplit("/", 1)[-1] != ".env"]
    if needed:
        key = "required-settings" if compose else "required-settings-run-sh"
        notes.append(ProjectNote(key, {"names": ", ".join(f"`{v.name}`" for v in needed)}))
    if own := tuple(v for v in own if v.role != "dev-host"):  # (its value is not the file's)
        names = ", ".join(f"`{v.name}`" for v in own)
        sources = ", ".join(f"`{s}`" for s in dict.fromkeys(v.source for v in own))
        notes.append(
            ProjectNote(
                "own-settings" if compose else "own-settings-run-sh", {"names": names, "sources": sources}
            )
        )
    if dev_values:
        notes.append(ProjectNote("dev-values", {"pairs": ", ".join(f"`{p}`" for p in dev_values)}))
    if placeholders:
        notes.append(ProjectNote("placeholder-values", {"names": ", ".join(f"`{n}`" for n in placeholders)}))
    if language == "python" and "instance" in build.data_dirs and not build.release_guard:
        # Flask's instance folder, where Flask-SQLAlchemy 3 keeps a relative SQLite file
        notes.append(ProjectNote("instance-volume" if compose else "instance-volume-run-sh", {}))
    for link, target, source in build.sqlite_links[:1]:
        key = "sqlite-linked-compose" if compose else "sqlite-linked-run-sh"
        key += "" if build.release else "-no-step"  # nothing runs before the app
        notes.append(ProjectNote(key, {"file": link, "target": target, "source": source}))
    for link, target, source in build.secret_links[:1]:  # Etebase's secret.txt, made as it starts
        notes.append(ProjectNote("secret-file-linked", {"file": link, "target": target, "source": source}))
    for folder, source in build.sqlite_in_code[:1]:
        notes.append(ProjectNote("sqlite-in-code", {"folder": folder, "source": source}))
    if build.static_committed:
        notes.append(ProjectNote("static-committed", {"source": build.static_committed}))
    if build.static_root and not serves_static:
        # runserver serves them with DEBUG on, as in development; a WSGI server never does
        key = (
            "static-unserved-runserver"
            if "runserver" in build.start and not production
            else "static-unserved"
        )
        notes.append(ProjectNote(key, {"source": build.static_root}))
    if database is not None and typeorm_source:
        committed = typeorm_source.rsplit("/", 1)[-1] == "ormconfig.json"
        notes.append(ProjectNote("typeorm-ormconfig" if committed else "typeorm", {"source": typeorm_source}))
    if database is not None and database.init_scripts:
        files = ", ".join(f"`{p.removeprefix('./')}`" for p, _ in database.init_scripts)
        key = "db-init" if database.in_container else "db-init-native"
        if [database.init_source] == [p.removeprefix("./") for p, _ in database.init_scripts]:
            key = key.replace("init", "schema")  # the project's schema file itself, no compose file
        notes.append(
            ProjectNote(key, {"files": files, "source": database.init_source or "", "name": database.name})
        )
    if database is not None and database.tls_source:
        key = "db-tls" if database.in_container else "db-tls-native"
        notes.append(ProjectNote(key, {"source": database.tls_source}))
    if database is not None and database.legacy_driver:
        py = "-py" if database.legacy_driver in ("pymysql", "aiomysql") else ""  # (no `cryptography`)
        key = f"mysql-native-password{py}" if database.command else f"mysql-native-password{py}-native"
        notes.append(ProjectNote(key, {"driver": database.legacy_driver}))
    if found is not None and found[0] != language:
        notes.append(
            ProjectNote("language-mismatch", {"answer": language, "found": found[0], "source": found[1]})
        )
    context = build.context_dir or build.app_dir
    if context != ".":
        prefix = context.rstrip("/") + "/"
        outside = [m for m in build.manifests if not m.startswith(prefix)]
        if outside:
            notes.append(ProjectNote("outside-context", {"files": ", ".join(outside), "app_dir": context}))
    if build.lock_drift and build.lockfile:
        shown = ", ".join(f"`{d}`" for d in build.lock_drift[:5])
        more = len(build.lock_drift) - 5
        names = shown + (f" (+{more})" if more > 0 else "")
        values = {"lockfile": build.lockfile, "names": names, "fix": f"{build.package_manager} install"}
        notes.append(ProjectNote("lockfile-drift", values))
    if language == "python" and build.kind == "server" and not build.manifests:  # nothing names them
        key = "runs-from-tree" if build.vendored else "no-dependency-file"
        notes += [ProjectNote(key, {})] if "package_manager" not in build.sources else []
    if build.config_block is not None:  # NetBox's configuration module, from its template
        settings = ", ".join(f"`{line.split(' = ')[0]}`" for line in build.config_block[1] if " = " in line)
        notes.append(
            ProjectNote("config-module-env", {"module": build.config_block[0], "settings": settings})
        )
    if build.psycopg3_needed and build.package_manager == "pip":
        notes.append(ProjectNote("psycopg3-needed", {"source": build.psycopg3_needed}))
    if build.self_install:
        manifest, _, groups = build.self_install.partition(": ")
        key = "self-install-deps" if build.self_install_deps else "self-install"
        if not groups:  # a module that reads the project's own installed metadata (its version)
            key = "self-install-metadata"
        notes.append(ProjectNote(key, {"source": manifest, "groups": groups}))
    if language == "node" and build.lock_registry and build.package_manager == "npm" and build.lockfile:
        notes.append(
            ProjectNote("npm-lock-mirror", {"host": build.lock_registry, "lockfile": build.lockfile})
        )
    if language == "node" and build.legacy_peer_deps and build.package_manager == "npm":
        notes.append(ProjectNote("legacy-peer-deps", {"source": build.legacy_peer_deps}))
    if language == "node" and build.package_manager in NO_LOCK_INSTALLS and not build.lockfile:
        notes.append(ProjectNote("no-lockfile", {"command": f"{build.package_manager} install"}))
    if build.member_dir != ".":
        where = {"context": context, "member": build.member_dir, "package": build.package or ""}
        if language == "node":
            where |= {"manager": build.package_manager, "lockfile": build.lockfile or ""}
            key = "workspace-member-pnpm" if build.pnpm_member else "workspace-member-node"  # --filter
            notes.append(ProjectNote(key, where))
            if packages := ", ".join(f"`{f}`" for f in build.builds_first):
                notes.append(ProjectNote("workspace-builds-first", {"packages": packages}))
            if build.member_client:
                notes.append(ProjectNote("client-built-member", where | {"client": build.member_client}))
        else:
            notes.append(ProjectNote("workspace-member", where))
    if build.start[:2] == ("concurrently", "--kill-others"):  # SerpBear's start:all: server and cron
        programs = ", ".join(f"`{c}`" for c in build.start[2:])
        notes.append(ProjectNote("start-beside", {"programs": programs, "source": build.sources["start"]}))
    notes += layout_notes(build)  # the package the app's folder is, its data folder's variables
    if language != "static" and build.kind != "spa" and "start" not in build.sources:
        notes.append(ProjectNote("start-convention", {"command": shlex.join(build.start)}))
    if build.release_guard and setup_command is not None:
        # The app's own table-making command, run only while its SQLite file does not exist.
        command = _flask_command(build, setup_command)
        values = {"command": command, "source": setup_command.source, "file": build.release_guard}
        notes.append(ProjectNote("release-first-start" if compose else "release-first-start-run-sh", values))
    elif build.release:
        values = {"command": shlex.join(build.release), "source": build.sources["release"]}
        key = "release" if compose else "release-run-sh"
        script = values["source"].rsplit("/", 1)[-1]
        if build.release[:2] == ("python", script) and script in TABLE_SCRIPTS:
            key += "-tables"  # create_all(): no migrations, only the tables that are missing
        elif build.release[-1].endswith(".py") and values["source"].endswith("entrypoint.sh"):
            key += "-script"  # the project's own set-up script, run as its entrypoint runs it
        elif build.release[:3] == ("prisma", "db", "push"):
            key += "-db-push"  # no migrations: the schema itself is applied
        notes.append(ProjectNote(key, values))
    if build.env_file_read:
        notes.append(
            ProjectNote(
                "env-file-read" if compose else "env-file-read-run-sh", {"source": build.env_file_read}
            )
        )
    if seed is not None:
        values = {"command": shlex.join(seed.argv), "source": seed.source, "run": run_in_app}
        notes.append(ProjectNote("seed", values))
    if config_fixed is not None:  # sequelize init's production section: root@127.0.0.1
        key = "config-production-fixed" if production else "config-production-fixed-dev"
        notes.append(ProjectNote(key, {"source": config_fixed[0], "host": config_fixed[1]}))
    elif knex_no_production:
        notes.append(ProjectNote("knex-no-production", {"source": knex_no_production}))
    if "NODE_ENV" in implicit and config_fixed is None:
        section = next(str(v.parts[0]) for v in app_env if v.role == "node-env")
        key = "knex-development" if section == "development" else "knex-own-names"
        notes.append(ProjectNote(key, {"section": section}))
    if "PGHOST" in implicit:
        notes.append(ProjectNote("pg-host", {"host": database.host if database is not None else "db"}))
    if gunicorn_daemon:
        notes.append(ProjectNote("gunicorn-daemon", {"source": gunicorn_daemon}))
    if no_broker:
        values = {"command": shlex.join(no_broker), "source": build.sources.get("worker", "")}
        notes.append(ProjectNote("worker-no-broker", values))
    if build.worker:
        values = {"command": shlex.join(build.worker), "source": build.sources["worker"], "image": image}
        key = "worker-kubernetes" if kubernetes else "worker" if compose else "worker-run-sh"
        notes.append(ProjectNote(key, values))
    if unset:
        notes.append(
            ProjectNote(
                "unset-variables-one" if len(unset) == 1 else "unset-variables", {"count": str(len(unset))}
            )
        )
    return tuple(notes)


def _flask_command(build: BuildPlan, setup_command: Sourced[str]) -> str:
    """The app's own CLI command (`flask --app 'flaskr:create_app()' init-db`), as the shell takes it."""
    return shlex.join(setup_argv(setup_command, build.start))


# The app's own address, or its front end's (APP_URL, CORS_ORIGIN): localhost in development.
_OWN_ADDRESS = re.compile(
    r"(?:^|_)(?:APP|APPLICATION|BASE|SITE|PUBLIC|FRONTEND|FRONT|CLIENT|WEB|UI|HOST|DOMAIN|SERVER|API)_?"
    r"(?:URL|URI|ORIGIN|DOMAIN)S?$"
    r"|ORIGINS?$|CALLBACK|REDIRECT|(?:^|_)CORS"
)
# A URL whose host is this machine: in a container, the container itself.
_LOCAL_URL = re.compile(
    r"^[a-z][a-z0-9+.-]*://(?:[^@/\s]*@)?(?:localhost|127\.0\.0\.1|\[::1\])(?::\d+)?(?:/|$)"
)


def _other_services(services: tuple[Sourced[str], ...], env: tuple[EnvVar, ...]) -> ProjectNote:
    """The servers the project's compose file runs that these files do not, and the settings
    in .env that point at them (``RMQ_URL=amqp://guest@rabbitmq:5672/``)."""
    names = [s.value.partition("=")[0] for s in services]
    pointing = [
        v.name
        for v in env
        if v.value and any(re.search(rf"(?:^|[/@,])({re.escape(n)})(?::\d+|/|$)", v.value) for n in names)
    ]
    values = {
        "services": ", ".join("`{}` (`{}`)".format(*s.value.partition("=")[::2]) for s in services),
        "source": services[0].source,
        "vars": ", ".join(f"`{n}`" for n in pointing),
    }
    return ProjectNote("other-services-vars" if pointing else "other-services", values)
