"""Python: pip (requirements with ``-r``/``-c`` includes, or pyproject), poetry, uv,
pipenv, pdm; Django, Flask, FastAPI and other web frameworks; gunicorn, uvicorn and
uwsgi start commands."""

from __future__ import annotations

import re
from typing import Any

from . import versions
from .common import (
    Detection,
    dedupe_ports,
    dockerfile_port,
    in_folder_or_above,
    port_in_command,
    procfile_web,
    scan_env_examples,
    services,
    source_files,
    split_command,
    split_services,
)
from .envvars import Collector, scan_python
from .facts import AppFacts, Command, Dependency, PackageManager, RuntimeVersion, Sourced, WritablePath
from .tree import Tree, join

MARKERS = ("pyproject.toml", "requirements.txt", "setup.py", "setup.cfg", "Pipfile", "manage.py")
REQUIREMENTS_ENTRIES = (
    "requirements.txt",
    "requirements/production.txt",
    "requirements/prod.txt",
    "requirements/base.txt",
    "requirements/main.txt",
    "requirements/common.txt",
    "requirements/requirements.txt",
    "requirements-prod.txt",
)
DRIVERS = {
    "psycopg": "postgres",
    "psycopg-binary": "postgres",
    "psycopg2": "postgres",
    "psycopg2-binary": "postgres",
    "asyncpg": "postgres",
    "pg8000": "postgres",
    "mysqlclient": "mysql",
    "pymysql": "mysql",
    "mysql-connector-python": "mysql",
    "aiomysql": "mysql",
    "asyncmy": "mysql",
    "mariadb": "mariadb",
    "pymongo": "mongodb",
    "motor": "mongodb",
    "mongoengine": "mongodb",
    "beanie": "mongodb",
    "redis": "redis",
    "aioredis": "redis",
    "django-redis": "redis",
    "aiosqlite": "sqlite",
}
# The SQLAlchemy URL scheme for each driver (used when an SQLAlchemy-family ORM is present).
URL_SCHEMES = {
    "psycopg": "postgresql+psycopg",
    "psycopg-binary": "postgresql+psycopg",
    "psycopg2": "postgresql+psycopg2",
    "psycopg2-binary": "postgresql+psycopg2",
    "asyncpg": "postgresql+asyncpg",
    "pg8000": "postgresql+pg8000",
    "mysqlclient": "mysql+mysqldb",
    "pymysql": "mysql+pymysql",
    "mysql-connector-python": "mysql+mysqlconnector",
    "aiomysql": "mysql+aiomysql",
    "asyncmy": "mysql+asyncmy",
    "mariadb": "mariadb+mariadbconnector",
    "aiosqlite": "sqlite+aiosqlite",
}
SQLALCHEMY_FAMILY = ("sqlalchemy", "sqlmodel", "flask-sqlalchemy", "databases", "fastapi-sqlalchemy")
ORMS = ("django", *SQLALCHEMY_FAMILY, "tortoise-orm", "peewee", "pony", "mongoengine", "beanie", "prisma")
FRAMEWORKS = (
    "django",
    "fastapi",
    "flask",
    "starlette",
    "litestar",
    "sanic",
    "quart",
    "aiohttp",
    "tornado",
    "falcon",
    "bottle",
    "pyramid",
    "streamlit",
)
# Extras that install further packages the start command uses.
IMPLIED = {("fastapi", "standard"): ("uvicorn", "fastapi-cli"), ("fastapi", "all"): ("uvicorn",)}
DEFAULT_PORT = 8000

_REQ_NAME = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)\s*(\[([^\]]*)\])?")
_EGG = re.compile(r"#egg=([A-Za-z0-9][A-Za-z0-9._-]*)")


def canonical(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def detect(tree: Tree, folder: str) -> Detection | None:
    found = [join(folder, m) for m in MARKERS if tree.has(join(folder, m))]
    if not found:
        for entry in REQUIREMENTS_ENTRIES[1:]:
            if tree.has(join(folder, entry)):
                found.append(join(folder, entry))
                break
    if not found:
        return None
    strength = 2 if tree.has(join(folder, "manage.py")) or tree.has(join(folder, "Procfile")) else 1
    pyproject = (
        tree.toml(join(folder, "pyproject.toml")) if tree.has(join(folder, "pyproject.toml")) else None
    )
    workspace_root = False
    if pyproject is not None:
        project = pyproject.get("project")
        poetry = _get(pyproject, "tool", "poetry")
        if project is None and not poetry and isinstance(_get(pyproject, "tool", "uv", "workspace"), dict):
            workspace_root = len(found) == 1
    if strength == 1:
        names = {d.name for d in _dependencies(tree, folder)[0]}
        if names & set(FRAMEWORKS):
            strength = 2
    return Detection("python", tuple(found), strength, workspace_root)


def _get(data: Any, *keys: str) -> Any:
    for key in keys:
        if not isinstance(data, dict):
            return None
        data = data.get(key)
    return data


def _requirement_files(tree: Tree, entry: str) -> tuple[list[tuple[str, str, set[str]]], list[str]]:
    """Requirements from ``entry`` and the files it includes: ([(name, file, extras)], files)."""
    reqs: list[tuple[str, str, set[str]]] = []
    files: list[str] = []
    pending = [(entry, True)]
    while pending and len(files) < 20:
        rel, is_requirements = pending.pop(0)
        if rel in files:
            continue
        text = tree.text(rel)
        if text is None:
            continue
        files.append(rel)
        base = rel.rpartition("/")[0]
        for raw in text.splitlines():
            line = raw.split(" #", 1)[0].strip()
            if not line or line.startswith("#"):
                continue
            include = re.match(r"^(-r|--requirement|-c|--constraint)[=\s]*(\S+)", line)
            if include:
                target = _normpath(join(base, include.group(2)))
                if target is not None:
                    pending.append((target, include.group(1) in ("-r", "--requirement") and is_requirements))
                continue
            if not is_requirements:
                continue
            egg = _EGG.search(line)
            if egg:
                reqs.append((canonical(egg.group(1)), rel, set()))
                continue
            if line.startswith("-") or "://" in line:
                continue
            m = _REQ_NAME.match(line)
            if m:
                extras = {e.strip().lower() for e in (m.group(3) or "").split(",") if e.strip()}
                reqs.append((canonical(m.group(1)), rel, extras))
    return reqs, files


def _normpath(rel: str) -> str | None:
    parts: list[str] = []
    for part in rel.split("/"):
        if part in ("", "."):
            continue
        if part == "..":
            if not parts:
                return None
            parts.pop()
        else:
            parts.append(part)
    return "/".join(parts)


def _pep508(spec: str) -> tuple[str, set[str]] | None:
    m = _REQ_NAME.match(spec.strip())
    if not m:
        return None
    extras = {e.strip().lower() for e in (m.group(3) or "").split(",") if e.strip()}
    return canonical(m.group(1)), extras


def _dependencies(tree: Tree, folder: str) -> tuple[list[Dependency], list[str]]:
    """Declared dependencies (with implied ones) and the requirement files read."""
    raw: list[tuple[str, str, set[str]]] = []
    req_files: list[str] = []
    for entry in REQUIREMENTS_ENTRIES:
        rel = join(folder, entry)
        if tree.has(rel):
            found, req_files = _requirement_files(tree, rel)
            raw.extend(found)
            break
    pyproject_rel = join(folder, "pyproject.toml")
    data = tree.toml(pyproject_rel)
    if data is not None:
        deps = _get(data, "project", "dependencies")
        if isinstance(deps, list):
            for spec in deps:
                if isinstance(spec, str) and (parsed := _pep508(spec)):
                    raw.append((parsed[0], pyproject_rel, parsed[1]))
        poetry_deps = _get(data, "tool", "poetry", "dependencies")
        if isinstance(poetry_deps, dict):
            for name, value in poetry_deps.items():
                if name.lower() == "python":
                    continue
                extras = set()
                if isinstance(value, dict) and isinstance(value.get("extras"), list):
                    extras = {str(e).lower() for e in value["extras"]}
                raw.append((canonical(name), pyproject_rel, extras))
    pipfile_rel = join(folder, "Pipfile")
    pipfile = tree.toml(pipfile_rel)
    if pipfile is not None and isinstance(pipfile.get("packages"), dict):
        for name in pipfile["packages"]:
            raw.append((canonical(str(name)), pipfile_rel, set()))
    result: list[Dependency] = []
    seen: set[str] = set()
    for name, source, extras in raw:
        implied: tuple[str, ...] = ()
        for extra in extras:
            implied += IMPLIED.get((name, extra), ())
        for n in (name, *implied):
            if n not in seen:
                seen.add(n)
                result.append(Dependency(n, source))
    return result, req_files


def _package_manager(tree: Tree, folder: str, req_files: list[str]) -> PackageManager | None:
    pyproject_rel = join(folder, "pyproject.toml")
    data = tree.toml(pyproject_rel) or {}
    uv_lock = in_folder_or_above(tree, folder, ("uv.lock",))
    if uv_lock is not None:
        name = _get(data, "project", "name")
        install: tuple[str, ...] = ("uv", "sync", "--frozen", "--no-dev")
        if uv_lock.rpartition("/")[0] != folder and isinstance(name, str):
            install += ("--package", name)
        return PackageManager(
            "uv", uv_lock, lockfile=uv_lock, install=install, manifests=(pyproject_rel, uv_lock)
        )
    poetry_lock = join(folder, "poetry.lock")
    if tree.has(poetry_lock) or isinstance(_get(data, "tool", "poetry"), dict):
        lock = poetry_lock if tree.has(poetry_lock) else None
        manifests = (pyproject_rel, poetry_lock) if lock else (pyproject_rel,)
        return PackageManager(
            "poetry",
            lock or pyproject_rel,
            lockfile=lock,
            install=("poetry", "install", "--only", "main", "--no-root", "--no-interaction"),
            manifests=manifests,
        )
    pipfile, pipfile_lock = join(folder, "Pipfile"), join(folder, "Pipfile.lock")
    if tree.has(pipfile):
        if tree.has(pipfile_lock):
            return PackageManager(
                "pipenv",
                pipfile_lock,
                lockfile=pipfile_lock,
                install=("pipenv", "install", "--deploy", "--system"),
                manifests=(pipfile, pipfile_lock),
            )
        return PackageManager(
            "pipenv", pipfile, install=("pipenv", "install", "--system", "--skip-lock"), manifests=(pipfile,)
        )
    pdm_lock = join(folder, "pdm.lock")
    if tree.has(pdm_lock):
        return PackageManager(
            "pdm",
            pdm_lock,
            lockfile=pdm_lock,
            install=("pdm", "install", "--prod", "--frozen-lockfile", "--no-self"),
            manifests=(pyproject_rel, pdm_lock),
        )
    if req_files:
        entry = req_files[0]
        local = entry[len(folder) + 1 :] if folder else entry
        return PackageManager(
            "pip",
            entry,
            install=("pip", "install", "--no-cache-dir", "-r", local),
            manifests=tuple(req_files),
        )
    for manifest in ("pyproject.toml", "setup.py", "setup.cfg"):
        rel = join(folder, manifest)
        if tree.has(rel) and (manifest != "pyproject.toml" or "project" in data or "build-system" in data):
            return PackageManager(
                "pip", rel, install=("pip", "install", "--no-cache-dir", "."), manifests=(rel,)
            )
    return None


def _runtime(tree: Tree, folder: str) -> RuntimeVersion | None:
    rel = in_folder_or_above(tree, folder, (".python-version",))
    if rel is not None and (text := tree.text(rel)):
        for line in text.splitlines():
            line = line.strip()
            if line and not line.startswith("#") and re.match(r"\d", line):
                return versions.choose("python", line, rel)
    rel = join(folder, "runtime.txt")
    if (text := tree.text(rel)) and (m := re.search(r"python-(\d+\.\d+(?:\.\d+)?)", text)):
        return versions.choose("python", m.group(1), rel)
    rel = in_folder_or_above(tree, folder, (".tool-versions",))
    if rel is not None and (text := tree.text(rel)) and (m := re.search(r"^python\s+(\d[\w.]*)", text, re.M)):
        return versions.choose("python", m.group(1), rel)
    pyproject_rel = join(folder, "pyproject.toml")
    data = tree.toml(pyproject_rel)
    if data is not None:
        requires = _get(data, "project", "requires-python")
        if isinstance(requires, str):
            return versions.choose("python", requires, pyproject_rel, "requires-python")
        poetry_python = _get(data, "tool", "poetry", "dependencies", "python")
        if isinstance(poetry_python, str):
            return versions.choose("python", poetry_python, pyproject_rel, "tool.poetry.dependencies.python")
    pipfile_rel = join(folder, "Pipfile")
    pipfile = tree.toml(pipfile_rel)
    requires = _get(pipfile, "requires", "python_full_version") or _get(pipfile, "requires", "python_version")
    if isinstance(requires, str):
        return versions.choose("python", requires, pipfile_rel, "requires")
    return None


def module_of(rel_in_app: str) -> str:
    """``app/main.py`` → ``app.main``; ``src/pkg/api.py`` → ``pkg.api``."""
    path = rel_in_app[:-3] if rel_in_app.endswith(".py") else rel_in_app
    if path.startswith("src/"):
        path = path[4:]
    if path.endswith("/__init__"):
        path = path[: -len("/__init__")]
    return path.replace("/", ".")


_FASTAPI = re.compile(r"^(\w+)\s*(?::\s*[\w.]+\s*)?=\s*(?:fastapi\.)?FastAPI\(", re.M)
_FLASK = re.compile(r"^(\w+)\s*(?::\s*[\w.]+\s*)?=\s*(?:flask\.)?Flask\(", re.M)
_FACTORY = re.compile(r"^def (create_app|make_app)\(", re.M)
_STARLETTE = re.compile(r"^(\w+)\s*=\s*(?:Starlette|Litestar|Sanic|Quart)\(", re.M)
_ENTRY_NAMES = ("main.py", "app.py", "wsgi.py", "asgi.py", "server.py", "api.py", "application.py", "run.py")


def _rank(rel_in_app: str) -> tuple[int, int, str]:
    name = rel_in_app.rsplit("/", 1)[-1]
    return (rel_in_app.count("/"), _ENTRY_NAMES.index(name) if name in _ENTRY_NAMES else 99, rel_in_app)


def _local(folder: str, rel: str) -> str:
    return rel[len(folder) + 1 :] if folder else rel


def plan(tree: Tree, folder: str, detection: Detection) -> AppFacts:
    deps, req_files = _dependencies(tree, folder)
    names = {d.name for d in deps}
    dep_source = {d.name: d.source for d in deps}
    pm = _package_manager(tree, folder, req_files)
    runtime = _runtime(tree, folder)
    files = source_files(
        tree, folder, (".py",), preferred=("settings", "config", "conf", "main", "app", "wsgi", "asgi")
    )
    texts = {rel: tree.text(rel) or "" for rel in files}

    # framework: a declared dependency first, then an import in the code
    framework: Sourced[str] | None = None
    for candidate in FRAMEWORKS:
        if candidate in names:
            framework = Sourced(candidate, dep_source[candidate], "dependency")
            break
    manage = join(folder, "manage.py")
    if framework is None and tree.has(manage):
        framework = Sourced("django", manage)

    env = Collector()
    ports: list[Sourced[int] | None] = []
    writable: list[WritablePath] = []
    start: Command | None = None
    port_guess: Sourced[int] | None = None

    web = procfile_web(tree, folder)
    if web is not None:
        port = port_in_command(web[0])
        if port:
            ports.append(Sourced(port, web[1], "web"))

    for rel, text in texts.items():
        scan_python(text, rel, env)
        if "ROOT" in text or "UPLOAD" in text or "sqlite" in text or "DATA_DIR" in text:
            writable.extend(_writable(text, rel))
        if port_guess is None and ("port" in text or "PORT" in text):
            m = re.search(
                r"(?:uvicorn\.run|\.run)\([^)]*\bport\s*=\s*(\d{2,5})|"
                r"""(?:getenv|environ\.get)\(\s*['"](?:APP_|SERVER_)?PORT['"]\s*,\s*['"]?(\d{2,5})""",
                text,
            )
            if m:
                port_guess = Sourced(int(m.group(1) or m.group(2)), rel, "port")

    uwsgi_conf = next(
        (join(folder, n) for n in ("uwsgi.ini", "uwsgi.yml", "uwsgi.yaml") if tree.has(join(folder, n))), None
    )
    gunicorn_conf = join(folder, "gunicorn.conf.py")
    for conf in (uwsgi_conf, gunicorn_conf if tree.has(gunicorn_conf) else None):
        if conf and (conf_text := tree.text(conf)):
            m = _BIND.search(conf_text)
            if m:
                ports.append(Sourced(int(m.group(1)), conf, "bind"))
    ports.append(port_guess)
    ports.append(dockerfile_port(tree, folder))
    ports.append(scan_env_examples(tree, folder, env))
    if folder:
        scan_env_examples(tree, "", env)
    port_list = dedupe_ports(ports)
    port = port_list[0].value if port_list else DEFAULT_PORT

    if web is not None:
        argv = split_command(web[0], port)
        if argv:
            start = Command(argv, web[1], "web")
    if start is None and uwsgi_conf is not None:
        start = Command(("uwsgi", "--ini", _local(folder, uwsgi_conf)), uwsgi_conf)

    fw = framework.value if framework else None
    if start is None and fw == "django":
        start = _django_start(tree, folder, texts, names, port)
    if start is None and fw in ("fastapi", "starlette", "litestar", "quart", "sanic"):
        start = _asgi_start(folder, texts, names, port, fw)
    if start is None and fw == "flask":
        start = _flask_start(folder, texts, names, port)
    if start is None:
        start = _script_start(tree, folder)
    if start is None:
        for rel in sorted(texts, key=lambda r: _rank(_local(folder, r))):
            local = _local(folder, rel)
            if local.count("/") == 0 and "__main__" in texts[rel] and local in _ENTRY_NAMES:
                start = Command(("python", local), rel, "__main__")
                break
    if framework is None:
        for rel, text in texts.items():
            if _FASTAPI.search(text):
                framework = Sourced("fastapi", rel, "FastAPI()")
                break
            if _FLASK.search(text):
                framework = Sourced("flask", rel, "Flask()")
                break

    found_services = services(deps, DRIVERS)
    databases, caches = split_services(found_services)
    orm = tuple(Sourced(o if o != "django" else "django-orm", dep_source[o]) for o in ORMS if o in names)
    driver = next((d for d in deps if d.name in URL_SCHEMES), None)
    db_driver = Sourced(driver.name, driver.source) if driver else None
    scheme = None
    if driver is not None and names & set(SQLALCHEMY_FAMILY):
        scheme = Sourced(URL_SCHEMES[driver.name], driver.source, driver.name)

    kind = "server" if (framework or (start and port_list)) else "worker"
    if framework and framework.value == "streamlit" and start is None:
        start = Command(("streamlit", "run", "app.py", "--server.port", str(port)), framework.source)
    return AppFacts(
        path=folder or ".",
        language=Sourced("python", detection.markers[0]),
        kind=kind,
        framework=framework,
        name=_name(tree, folder),
        runtime=runtime,
        package_manager=pm,
        dependencies=tuple(deps),
        start=start,
        ports=port_list,
        databases=databases,
        caches=caches,
        orm=orm,
        db_driver=db_driver,
        db_url_scheme=scheme,
        env_vars=env.result(),
        writable_paths=_dedupe_writable(writable),
        markers=detection.markers,
    )


def _name(tree: Tree, folder: str) -> Sourced[str] | None:
    rel = join(folder, "pyproject.toml")
    data = tree.toml(rel)
    for keys, detail in (
        (("project", "name"), "project.name"),
        (("tool", "poetry", "name"), "tool.poetry.name"),
    ):
        value = _get(data, *keys)
        if isinstance(value, str) and value.strip():
            return Sourced(value, rel, detail)
    setup_cfg = join(folder, "setup.cfg")
    if (text := tree.text(setup_cfg)) and (m := re.search(r"^name\s*=\s*(\S+)", text, re.M)):
        return Sourced(m.group(1), setup_cfg, "metadata.name")
    return None


def _settings_module(tree: Tree, folder: str) -> str | None:
    text = tree.text(join(folder, "manage.py")) or ""
    m = re.search(r"""DJANGO_SETTINGS_MODULE['"]\s*,\s*['"]([\w.]+)['"]""", text)
    return m.group(1) if m else None


def _django_start(tree: Tree, folder: str, texts: dict[str, str], names: set[str], port: int) -> Command:
    settings = _settings_module(tree, folder)
    target: tuple[str, str, str] | None = None  # (kind, "proj.wsgi.application", source)
    settings_files = sorted(
        texts, key=lambda r: (0 if settings and module_of(_local(folder, r)).startswith(settings) else 1, r)
    )
    for rel in settings_files:
        text = texts[rel]
        asgi = re.search(r"""^ASGI_APPLICATION\s*=\s*['"]([\w.]+)['"]""", text, re.M)
        wsgi = re.search(r"""^WSGI_APPLICATION\s*=\s*['"]([\w.]+)['"]""", text, re.M)
        if (
            asgi
            and (names & {"uvicorn", "daphne", "channels"})
            and not (wsgi and "gunicorn" in names and "channels" not in names)
        ):
            target = ("asgi", asgi.group(1), rel)
            break
        if wsgi:
            target = ("wsgi", wsgi.group(1), rel)
            break
    if target is None:
        for rel, text in texts.items():
            if rel.endswith("/wsgi.py") and "get_wsgi_application" in text:
                target = ("wsgi", module_of(_local(folder, rel)) + ".application", rel)
                break
    if target is None:
        return Command(
            ("python", "manage.py", "runserver", f"0.0.0.0:{port}"), join(folder, "manage.py"), "runserver"
        )
    kind, dotted, source = target
    module, _, attr = dotted.rpartition(".")
    spec = f"{module}:{attr}"
    detail = "ASGI_APPLICATION" if kind == "asgi" else "WSGI_APPLICATION"
    if source.endswith("/wsgi.py"):
        detail = "get_wsgi_application"
    if kind == "asgi":
        if "uvicorn" in names:
            return Command(("uvicorn", spec, "--host", "0.0.0.0", "--port", str(port)), source, detail)
        return Command(("daphne", "-b", "0.0.0.0", "-p", str(port), spec), source, detail)
    if "gunicorn" in names:
        return Command(("gunicorn", spec, "--bind", f"0.0.0.0:{port}"), source, detail)
    if "uwsgi" in names:
        return Command(("uwsgi", "--http", f":{port}", "--module", spec), source, detail)
    if "waitress" in names:
        return Command(("waitress-serve", f"--port={port}", spec), source, detail)
    return Command(
        ("python", "manage.py", "runserver", f"0.0.0.0:{port}"), join(folder, "manage.py"), "runserver"
    )


def _find_app(folder: str, texts: dict[str, str], pattern: re.Pattern[str]) -> tuple[str, str, str] | None:
    """(module, variable, file) of the first app object matching ``pattern``."""
    hits = []
    for rel, text in texts.items():
        m = pattern.search(text)
        if m:
            hits.append((_rank(_local(folder, rel)), module_of(_local(folder, rel)), m.group(1), rel))
    if not hits:
        return None
    hits.sort()
    _, module, var, rel = hits[0]
    return module, var, rel


def _asgi_start(folder: str, texts: dict[str, str], names: set[str], port: int, fw: str) -> Command | None:
    pattern = _FASTAPI if fw == "fastapi" else _STARLETTE
    found = _find_app(folder, texts, pattern)
    if found is None:
        return None
    module, var, rel = found
    spec = f"{module}:{var}"
    if "uvicorn" in names or "fastapi-cli" not in names:
        argv: tuple[str, ...] = ("uvicorn", spec, "--host", "0.0.0.0", "--port", str(port))
        if _local(folder, rel).startswith("src/"):
            argv += ("--app-dir", "src")
        return Command(argv, rel, f"{var} = {fw}")
    return Command(("fastapi", "run", _local(folder, rel), "--port", str(port)), rel, f"{var} = {fw}")


def _flask_start(folder: str, texts: dict[str, str], names: set[str], port: int) -> Command | None:
    found = _find_app(folder, texts, _FLASK)
    factory = _find_app(folder, texts, _FACTORY)
    if found is not None and (factory is None or found[0].count(".") <= factory[0].count(".")):
        module, var, rel = found
        spec, detail = f"{module}:{var}", f"{var} = Flask()"
    elif factory is not None:
        module, var, rel = factory
        spec, detail = f"{module}:{var}()", f"{var}()"
    else:
        return None
    if "gunicorn" in names:
        return Command(("gunicorn", spec, "--bind", f"0.0.0.0:{port}"), rel, detail)
    if "waitress" in names:
        return Command(("waitress-serve", f"--port={port}", spec), rel, detail)
    return Command(("flask", "--app", spec, "run", "--host", "0.0.0.0", "--port", str(port)), rel, detail)


def _script_start(tree: Tree, folder: str) -> Command | None:
    rel = join(folder, "pyproject.toml")
    data = tree.toml(rel)
    for keys, detail in (
        (("project", "scripts"), "project.scripts"),
        (("tool", "poetry", "scripts"), "tool.poetry.scripts"),
    ):
        scripts = _get(data, *keys)
        if isinstance(scripts, dict) and scripts:
            name = next(iter(scripts))
            return Command((str(name),), rel, f"{detail}.{name}")
    return None


_BIND = re.compile(r"^\s*(?:http|http-socket|bind)\s*[=:]\s*\[?['\"]?[\w.]*:(\d{2,5})", re.M)
_MEDIA = re.compile(r"^\s*(MEDIA_ROOT|STATIC_ROOT)\s*=\s*(.+)$", re.M)
_UPLOAD = re.compile(
    r"""(UPLOAD_FOLDER|UPLOAD_DIR|UPLOADS_DIR|UPLOAD_PATH|UPLOAD_ROOT|DATA_DIR)['"]?\]?\s*[:=]\s*(.+)$""",
    re.M,
)
_SQLITE_URL = re.compile(r"""sqlite(?:\+\w+)?:///([^'"\s]+)""")
_DJANGO_SQLITE = re.compile(r"""['"]NAME['"]\s*:\s*([^,\n]*\.sqlite3?[^,\n]*)""")
_STRING = re.compile(r"""['"]([^'"]+)['"]""")


def _last_string(expr: str) -> str | None:
    found = _STRING.findall(expr)
    return found[-1] if found else None


def _writable(text: str, rel: str) -> list[WritablePath]:
    found: list[WritablePath] = []
    for m in _MEDIA.finditer(text):
        path = _last_string(m.group(2))
        if path:
            kind = "media" if m.group(1) == "MEDIA_ROOT" else "static-root"
            found.append(
                WritablePath(path.strip("/") if not path.startswith("/") else path, kind, rel, m.group(1))
            )
    for m in _UPLOAD.finditer(text):
        path = _last_string(m.group(2))
        if path and not path.startswith(("http:", "https:", "s3:")):
            kind = "data" if m.group(1) == "DATA_DIR" else "uploads"
            found.append(WritablePath(path, kind, rel, m.group(1)))
    for m in _SQLITE_URL.finditer(text):
        path = m.group(1)
        if path and path != ":memory:":
            found.append(
                WritablePath(
                    path if path.startswith("/") else path.removeprefix("./"), "sqlite", rel, "sqlite URL"
                )
            )
    if "sqlite3" in text:
        for m in _DJANGO_SQLITE.finditer(text):
            path = _last_string(m.group(1))
            if path:
                found.append(WritablePath(path, "sqlite", rel, "DATABASES NAME"))
    return found


def _dedupe_writable(items: list[WritablePath]) -> tuple[WritablePath, ...]:
    seen: set[tuple[str, str]] = set()
    result = []
    for w in items:
        if (w.path, w.kind) not in seen:
            seen.add((w.path, w.kind))
            result.append(w)
    return tuple(result)
