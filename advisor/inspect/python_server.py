"""What the image installs besides the main dependencies, and the lockfile readers it needs:
the Python server a start command runs (uvicorn, gunicorn...) when the project lists it only
outside its main dependencies (a dev dependency group, ``requirements-dev.txt``), installed on
its own at the version the lockfile pins; the packages a lockfile installs."""

from __future__ import annotations

import json
import re

from .common import get_path
from .facts import PackageManager, Sourced
from .python_setup import canonical
from .tree import Tree, join

# The program a start command runs -> the package that installs it.
SERVER_PACKAGES = {
    "uvicorn": "uvicorn",
    "gunicorn": "gunicorn",
    "hypercorn": "hypercorn",
    "daphne": "daphne",
    "waitress-serve": "waitress",
    "granian": "granian",
    "fastapi": "fastapi-cli",
}
_SERVERS = frozenset(SERVER_PACKAGES.values())
_SPEC = re.compile(r"^\s*([A-Za-z0-9][A-Za-z0-9._-]*)\s*(\[[^\]]*\])?")
_DEV_REQUIREMENTS = (
    "requirements-dev.txt",
    "requirements_dev.txt",
    "dev-requirements.txt",
    "requirements/dev.txt",
    "requirements/development.txt",
    "requirements/local.txt",
)


def _pep508(spec: object) -> tuple[str, str] | None:
    """(canonical name, ``name[extras]``) of a PEP 508 string."""
    m = _SPEC.match(spec) if isinstance(spec, str) else None
    return (canonical(m.group(1)), m.group(1) + (m.group(2) or "")) if m else None


def _group_specs(tree: Tree, folder: str) -> list[tuple[str, str, str]]:
    """(name, ``name[extras]``, where) for every dependency outside the main ones: PEP 735
    dependency groups, uv's dev-dependencies, optional dependencies, Poetry's groups, and the
    development requirement files."""
    found: list[tuple[str, str, str]] = []
    rel = join(folder, "pyproject.toml")
    data = tree.toml(rel) or {}
    lists: list[tuple[str, object]] = []
    for key in ("dependency-groups",):
        for group, specs in (get_path(data, key) or {}).items():
            lists.append((f"{rel} [{key}] {group}", specs))
    lists.append((f"{rel} [tool.uv] dev-dependencies", get_path(data, "tool", "uv", "dev-dependencies")))
    for extra, specs in (get_path(data, "project", "optional-dependencies") or {}).items():
        lists.append((f"{rel} [project.optional-dependencies] {extra}", specs))
    for where, specs in lists:
        for spec in specs if isinstance(specs, list) else ():
            if parsed := _pep508(spec):  # with its version, markers left out
                found.append((parsed[0], str(spec).split(";", 1)[0].replace(" ", ""), where))
    poetry = get_path(data, "tool", "poetry") or {}
    tables = [(f"{rel} [tool.poetry.dev-dependencies]", poetry.get("dev-dependencies"))]
    optional = {n: v for n, v in (poetry.get("dependencies") or {}).items() if _optional(v)}
    tables.append((f"{rel} [tool.poetry.dependencies] (optional)", optional))
    for group, table in (poetry.get("group") or {}).items():
        tables.append((f"{rel} [tool.poetry.group.{group}]", get_path(table, "dependencies")))
    for where, table in tables:
        for name, value in (table or {}).items() if isinstance(table, dict) else ():
            extras = value.get("extras") if isinstance(value, dict) else None
            suffix = f"[{','.join(map(str, extras))}]" if isinstance(extras, list) and extras else ""
            found.append((canonical(name), f"{name}{suffix}", where))
    for name in _DEV_REQUIREMENTS:
        for line in (tree.text(req := join(folder, name)) or "").splitlines():
            # (a hashed line's own part: `name==v \` with its --hash options on the next lines)
            spec = line.split(" #", 1)[0].split(";", 1)[0].split(" --", 1)[0].rstrip("\\ \t").strip()
            if parsed := _pep508(spec):
                found.append((parsed[0], spec.replace(" ", ""), req))
    return found


def locked_packages(tree: Tree, lockfile: str | None) -> tuple[str, ...]:
    """The packages a Python lockfile installs for production, by canonical name: Pipfile.lock's
    ``default`` section, poetry.lock's and uv.lock's ``[[package]]`` names (poetry's old
    ``category = "dev"`` ones left out). Read line by line: lockfiles can be large."""
    if lockfile is None:
        return ()
    names: list[str] = []
    if lockfile.endswith("Pipfile.lock"):
        section = ""
        for line in tree.lines(lockfile):
            if m := re.match(r'^    "([\w-]+)": \{', line):
                section = m.group(1)
            elif section == "default" and (m := re.match(r'^        "([A-Za-z0-9_.-]+)": \{', line)):
                names.append(canonical(m.group(1)))
        return tuple(names)
    if lockfile.endswith(("poetry.lock", "uv.lock")):
        name, dev = None, False
        for line in (*tree.lines(lockfile), "[[package]]\n"):
            if line.startswith("[[package]]"):
                if name is not None and not dev:
                    names.append(canonical(name))
                name, dev = None, False
            elif name is None and (m := re.match(r'^name = "([^"]+)"', line)):
                name = m.group(1)
            elif line.startswith('category = "dev"'):
                dev = True
            elif line.startswith(('source = { git = "', 'type = "git"')):
                names.append("git+")  # a package uv/Poetry clones with the git program (Flagsmith)
        return tuple(dict.fromkeys(names))
    return ()


def source_only(tree: Tree, lockfile: str | None) -> tuple[str, ...]:
    """The packages poetry.lock or uv.lock installs from a source archive alone, with no wheel
    for any platform or Python (pythondotorg's cmarkgfm on Python 3.14): the install builds
    them, which a C extension's build needs a compiler for."""
    if lockfile is None or not lockfile.endswith(("poetry.lock", "uv.lock")):
        return ()
    found: list[str] = []
    name, dev, sdist, wheel = None, False, False, False
    for line in (*tree.lines(lockfile), "[[package]]\n"):
        if line.startswith("[[package]]"):
            if name is not None and sdist and not wheel and not dev:
                found.append(canonical(name))
            name, dev, sdist, wheel = None, False, False, False
        elif name is None and (m := re.match(r'^name = "([^"]+)"', line)):
            name = m.group(1)
        elif line.startswith('category = "dev"'):
            dev = True
        else:
            wheel = wheel or ".whl" in line
            # uv's `sdist = { url = … }`, Poetry's `{file = "x-1.0.tar.gz", hash = …}`
            sdist = (
                sdist
                or line.startswith("sdist = ")
                or bool(re.search(r'file = "[^"]+\.(?:tar\.gz|zip)"', line))
            )
    return tuple(found)


def lock_facts(tree: Tree, lockfile: str | None) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """(locked_packages, source_only)."""
    return locked_packages(tree, lockfile), source_only(tree, lockfile)


def locked_version(tree: Tree, lockfile: str | None, name: str) -> str | None:
    """The version a lockfile pins for ``name`` (uv.lock, poetry.lock, Pipfile.lock)."""
    if lockfile is None:
        return None
    if lockfile.endswith("Pipfile.lock"):
        try:
            data = json.loads(tree.text(lockfile) or "{}")
        except ValueError:
            return None
        for section in ("default", "develop"):
            version = get_path(data, section, name, "version")
            if isinstance(version, str) and version.startswith("=="):
                return version[2:]
        return None
    return tree.derived("locked-versions", lockfile, lambda: _toml_lock_versions(tree, lockfile)).get(name)


def _toml_lock_versions(tree: Tree, lockfile: str) -> dict[str, str]:
    """Each package's version in uv.lock or poetry.lock (the first one a name is listed with),
    read line by line once: a lockfile may be larger than the files the inspector parses whole."""
    versions: dict[str, str] = {}
    current = None
    for line in tree.lines(lockfile):
        if line.startswith("name = "):
            m = re.match(r'^name = "([^"]+)"', line)
            current = canonical(m.group(1)) if m else None
        elif current is not None and line.startswith("version = "):
            if m := re.match(r'^version = "([^"]+)"', line):
                versions.setdefault(current, m.group(1))
            current = None
        elif line.startswith("[[package]]"):
            current = None
    return versions


def server_specs(tree: Tree, folder: str, main: set[str], lockfile: str | None) -> tuple[Sourced[str], ...]:
    """The servers the project lists outside its main dependencies (``main``), each as the
    requirement to install (``uvicorn[standard]==0.40.0``, the version from the lockfile when
    it pins one) and the file and group that list it."""
    out: dict[str, Sourced[str]] = {}
    for name, spec, where in _group_specs(tree, folder):
        if name in _SERVERS and name not in main and name not in out:
            out[name] = Sourced(_pinned(tree, lockfile, name, spec), where, name)
    return tuple(out.values())


def _pinned(tree: Tree, lockfile: str | None, name: str, spec: str) -> str:
    """The requirement to install: at the lockfile's version when it pins one (``name[extras]==v``),
    else as the project writes it (with its own version range, if any)."""
    version = locked_version(tree, lockfile, name)
    parsed = _pep508(spec)
    return f"{parsed[1]}=={version}" if version and parsed else spec


# SQLAlchemy pinned below 2.1 (==2.0.x, <2.1, ~=2.0.0, 1.x): its default PostgreSQL driver is psycopg2.
_SQLA_BEFORE_2_1 = re.compile(
    r"^\s*['\"]?sqlalchemy\s*(?:\[[^\]]*\])?\s*(?:==\s*(?:1\.|2\.0)|~=\s*(?:1\.|2\.0\.)|<=?\s*2\.(?:0|1(?:\.0)?)\b|[^#\n]*,\s*<=?\s*2\.(?:0|1(?:\.0)?)\b)",
    re.I | re.M,
)
# A plain PostgreSQL URL the code builds itself (f"postgresql://{user}:..."): no driver named.
_PLAIN_PG_URL = re.compile(r"""\b[rfbRFB]{0,2}['"]postgres(?:ql)?://""")


def psycopg3_needed(
    tree: Tree, req_files: list[str], names: set[str], texts: dict[str, str], pm: PackageManager | None
) -> str:
    """The file whose code connects SQLAlchemy with a plain ``postgresql://`` URL, when the
    project lists psycopg2 but not psycopg 3 and installs SQLAlchemy unpinned from requirements
    (no lockfile): SQLAlchemy 2.1 made psycopg 3 the default driver of that URL, so the app
    stops at its first connection with "No module named 'psycopg'". "" otherwise."""
    if pm is None or pm.name != "pip" or pm.lockfile:
        return ""
    if not names & {"psycopg2", "psycopg2-binary"} or names & {"psycopg", "psycopg-binary", "psycopg-c"}:
        return ""
    if not names & {"sqlalchemy", "sqlmodel", "flask-sqlalchemy"}:
        return ""
    manifests = [*req_files, *(m for m in pm.manifests if m.endswith(".toml"))]
    if any(_SQLA_BEFORE_2_1.search(tree.text(r) or "") for r in manifests):
        return ""
    return next((rel for rel, text in texts.items() if _PLAIN_PG_URL.search(text)), "")


# Django settings that load an app only with debugging on: `if DEBUG:` then
# INSTALLED_APPS += ["debug_toolbar"] (its body, to the next top-level line).
_DEBUG_BLOCK = re.compile(
    r"^if\s+(?:settings\.)?(?:DEBUG|DEVELOPMENT|DEV_MODE)\b[^\n]*:\s*\n((?:[ \t]+[^\n]*\n|[ \t]*\n)+)", re.M
)
# django-configurations' development class (joanie's `class Development(Base):` logs through
# rich.logging.RichHandler, a development dependency)
_DEV_CLASS = re.compile(
    r"^class\s+(?:Dev|Development|Local)\w*\([^)]*\):\s*\n((?:[ \t]+[^\n]*\n|[ \t]*\n)+)", re.M
)
_APP_NAME = re.compile(r"""['"]([a-z_][a-z0-9_]*)(?:\.[\w.]+)?['"]""")


def debug_apps(
    tree: Tree, folder: str, texts: dict[str, str], main: set[str], lockfile: str | None, runs: str = ""
) -> tuple[Sourced[str], ...]:
    """The packages Django's settings add under `if DEBUG:` (django-debug-toolbar), in a
    development settings module or in the one it runs with (``runs``), that only a development
    group, an extra or requirements file lists:
    in development the app imports them as it loads, so the image installs each on its own."""
    named: set[str] = set()
    for rel, text in texts.items():
        if "INSTALLED_APPS" in text or "MIDDLEWARE" in text:
            # a development settings module (djangosnippets' settings/development.py adds
            # django_extensions), or a block that runs only with DEBUG on
            # or the module the app runs with (SecObserve's manage.py default, settings/dist.py,
            # adds django_extensions, which only the dev extra lists)
            dev = (
                rel == runs
                or re.search(r"(?:^|_)(?:dev|development|local)\.py$", rel.rsplit("/", 1)[-1])
                or (
                    # or a reusable app's own harness project (modoboa's test_project adds
                    # django_extensions, its dev extra's)
                    re.search(r"(?:^|/)(?:(?:test|example|demo|dev)_?(?:project|site)|sandbox)/", rel)
                )
            )
            for block in [text] if dev else [*_DEBUG_BLOCK.findall(text), *_DEV_CLASS.findall(text)]:
                named |= {m.group(1) for m in _APP_NAME.finditer(block)}
                # and what it imports (Argus's dev.py: `from dotenv import load_dotenv`)
                named |= set(re.findall(r"^[ \t]*(?:from|import)[ \t]+([a-z_]\w*)", block, re.M))
    if not named:
        return ()
    if lockfile is not None and lockfile.endswith(("uv.lock", "poetry.lock", "pdm.lock")):
        # the lock's tool installs pyproject's main dependencies only: a requirements file
        # exported with the dev group (django-ledger's `uv export`) installs nothing here
        main = _pyproject_main(tree, folder)
    wanted = {canonical(f"{prefix}{n}") for n in named for prefix in ("", "django-", "python-")}
    # (nor a test or lint tool a string names: `"pytest" in sys.modules`)
    wanted = {n for n in wanted if n not in _DEV_TOOLS and not n.startswith(("pytest-", "flake8-"))}
    out: dict[str, Sourced[str]] = {}
    for name, spec, where in _group_specs(tree, folder):
        if name in wanted and name not in main and name not in out:
            out[name] = Sourced(_pinned(tree, lockfile, name, spec), where, name)
    # not the project's own modules or name (peering_manager/, which uv.lock lists as the
    # project; djangopackages' flat layout): no app to install
    own = {canonical(n) for n in named if tree.has_dir(join(folder, n)) or tree.has(join(folder, f"{n}.py"))}
    project = get_path(tree.toml(join(folder, "pyproject.toml")) or {}, "project", "name")
    own |= {canonical(project)} if isinstance(project, str) else set()
    installed = _installed_with(tree, lockfile, main) if lockfile else set()
    for name in sorted(wanted - main - set(out) - own - installed):
        # one an extra brings (courtlistener's django_browser_reload, from the dev group's
        # django-tailwind[reload]): the lock pins it; not one the main dependencies bring
        # (redis, which django-redis installs)
        if lockfile and (version := locked_version(tree, lockfile, name)) is not None:
            out[name] = Sourced(f"{name}=={version}", lockfile, name)
    return tuple(out.values())


def _installed_with(tree: Tree, lockfile: str, main: set[str]) -> set[str]:
    """Every package uv.lock or poetry.lock installs with ``main`` (their dependencies, theirs...),
    read line by line (a lockfile may be larger than the files the inspector parses whole)."""
    needs: dict[str, set[str]] = {}
    current, section = "", ""
    for line in tree.lines(lockfile):
        if line.startswith("["):
            section = line.strip()
            if section == "[[package]]":
                current = ""
        elif section == "[[package]]" and (m := re.match(r'^name = "([^"]+)"', line)):
            current = canonical(m.group(1))
            needs.setdefault(current, set())
        elif current and section == "[[package]]" and line.startswith("dependencies = ["):
            section = "deps"  # uv.lock: dependencies = [ { name = "asgiref" }, ... ]
        elif current and section == "deps" and (m := re.match(r'^\s*\{ name = "([^"]+)"', line)):
            needs[current].add(canonical(m.group(1)))
        elif current and section == "deps" and line.startswith("]"):
            section = "[[package]]"
        elif (
            current
            and section == "[package.dependencies]"
            and (m := re.match(r"^([A-Za-z0-9][\w.-]*)\s*=", line))
        ):
            needs[current].add(canonical(m.group(1)))  # poetry.lock: asgiref = ">=3"
    seen: set[str] = set()
    queue = [n for n in main if n in needs]
    while queue:
        name = queue.pop()
        if name not in seen:
            seen.add(name)
            queue.extend(needs.get(name, ()))
    return seen


_DEV_TOOLS = frozenset(
    {"pytest", "coverage", "ruff", "black", "flake8", "mypy", "pre-commit", "isort", "pylint", "tox", "nox"}
)


def _optional(value: object) -> bool:
    """A Poetry dependency ``{ version = "4.1", optional = true }``: installed by an extra only."""
    return isinstance(value, dict) and value.get("optional") is True


def _pyproject_main(tree: Tree, folder: str) -> set[str]:
    """The names of pyproject.toml's main dependencies ([project] and Poetry's)."""
    data = tree.toml(join(folder, "pyproject.toml")) or {}
    specs = get_path(data, "project", "dependencies")
    names = (
        {canonical(m.group(1)) for s in specs if (m := re.match(r"\s*([A-Za-z0-9][\w.-]*)", str(s)))}
        if isinstance(specs, list)
        else set()
    )
    poetry = get_path(data, "tool", "poetry", "dependencies")
    return names | (
        {canonical(str(n)) for n, v in poetry.items() if n != "python" and not _optional(v)}
        if isinstance(poetry, dict)
        else set()
    )


# (three patterns, each searched only in a module holding its words: every module that
# imports something holds "port")
_CODE_PORTS = (
    (re.compile(r"(?:uvicorn\.run|\.run)\([^)]*\bport\s*=\s*(\d{2,5})"), (".run(",)),
    (
        re.compile(r"""(?:getenv|environ\.get)\(\s*['"](?:APP_|SERVER_)?PORT['"]\s*,\s*['"]?(\d{2,5})"""),
        ("PORT",),
    ),
    # a settings reader's default for the web port (SickGear's `check_setting_int(CFG,
    # 'General', 'web_port', 8081)`)
    (
        re.compile(r"""\b\w+\([^()\n]*['"](?:web_|http_)port['"]\s*,\s*(\d{4,5})\s*\)"""),
        ("web_port", "http_port"),
    ),
)
# a settings schema's or an option's default (bazarr's `Validator('general.port',
# must_exist=True, default=6767)`, argparse's `'--port', type=int, default=8080`)
_DEFAULT_PORT = re.compile(
    r"""['"](?:--|(?:general|server|web|http|app)\.)?port['"][^()\n]*?\bdefault\s*=\s*(\d{4,5})\b"""
)
_SERVICE_PORTS = frozenset({5432, 3306, 6379, 27017, 11211})


def code_port(text: str, rel: str) -> Sourced[int] | None:
    """The port the module's own code runs its server on (``uvicorn.run(app, port=8001)``,
    ``os.getenv("PORT", "5000")``)."""
    if "port" not in text and "PORT" not in text:
        return None
    searched = (pattern for pattern, words in _CODE_PORTS if any(w in text for w in words))
    found = [m for pattern in searched for m in pattern.finditer(text)]
    found.sort(key=lambda m: m.start())
    if "default" in text and ("port'" in text or 'port"' in text):
        found += _DEFAULT_PORT.finditer(text)
    for m in found:
        if (value := int(next(g for g in m.groups() if g))) not in _SERVICE_PORTS:
            return Sourced(value, rel, "port")
    return None
