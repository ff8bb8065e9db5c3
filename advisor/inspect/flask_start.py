"""Flask's start command: the app object (or the factory's app) the project makes, served by
gunicorn or waitress when the project has one, else by ``flask run``."""

from __future__ import annotations

import re

from .facts import Command
from .python_server import locked_version
from .python_start import (
    _FACTORY,
    _MADE,
    ENTRY_NAMES,
    FLASK_APP,
    FLASK_IN_FACTORY,
    _find_app,
    local_path,
    module_of,
    src_is_package,
)
from .tree import Tree, join
from .wheels import pyproject_specs

# The requirement that keeps Flask below 2.2 (==2.1.3, <2.2, <=2.1, ~=1.1, ==1.*, >=1.0,<2):
# its `flask` command has no --app option before 2.2, only the FLASK_APP variable.
_FLASK_BOUND = re.compile(
    r"^\s*['\"]?flask\s*(?:\[[^\]]*\])?\s*(?:[^;#\n]*?,\s*)?(==|~=|<=?)\s*(\d+(?:\.\d+)*)", re.I | re.M
)
_NO_APP_OPTION = (2, 2)


def _below(op: str, version: tuple[int, ...]) -> bool:
    """Whether every Flask the requirement allows is older than 2.2."""
    if op == "<":
        return version <= _NO_APP_OPTION
    if op == "~=":  # ~=1.1 allows up to 2 (not included), ~=2.1.0 up to 2.2
        upper = (version[0] + 1,) if len(version) < 3 else (version[0], version[1] + 1)
        return upper <= _NO_APP_OPTION
    return version[:2] < _NO_APP_OPTION  # == and <=


def flask_before_2_2(tree: Tree, folder: str, requirement_files: list[str], lockfile: str | None) -> bool:
    """Whether the Flask the project installs is older than 2.2: the lockfile's version, else
    the requirements' pin or upper bound (``Flask==1.1.2``, ``flask<2``, ``Flask~=1.1``)."""
    locked = locked_version(tree, lockfile, "flask")
    if locked is not None and (m := re.match(r"(\d+)\.(\d+)", locked)):
        return (int(m.group(1)), int(m.group(2))) < _NO_APP_OPTION
    for rel in dict.fromkeys([*requirement_files, join(folder, "pyproject.toml")]):
        # a pyproject's [project] requirements, and Poetry's ^1.1 as <2
        lines = pyproject_specs(tree, rel) if rel.endswith("pyproject.toml") else tree.lines(rel)
        for m in _FLASK_BOUND.finditer("\n".join(lines)):
            return _below(m.group(1), tuple(int(p) for p in m.group(2).split(".")))
    return False


def _factories(texts: dict[str, str]) -> tuple[str, ...]:
    """The names of the functions that make the Flask app (``Flask(__name__)`` inside them)
    other than the usual create_app/make_app: anitya's ``create``, which its wsgi.py calls."""
    found: list[str] = []
    for text in texts.values():
        if "Flask(" not in text:
            continue
        for m in FLASK_IN_FACTORY.finditer(text):
            defs = re.findall(r"^def\s+(\w+)\(", text[: m.start()], re.M)
            if defs and defs[-1] not in ("create_app", "make_app", *found):
                found.append(defs[-1])
    return tuple(found)


def flask_start(
    tree: Tree, folder: str, texts: dict[str, str], names: set[str], port: int, no_app_option: bool = False
) -> Command | None:
    found = _find_app(folder, texts, FLASK_APP)
    named = _factories(texts)
    factory = _find_app(folder, texts, _FACTORY)
    if factory is None and named:  # anitya's app.create(): def create(config=None)
        factory = _find_app(folder, texts, re.compile(rf"^def ({'|'.join(named)})\(", re.M))
    makers = "|".join(("create_app", "make_app", *named))
    made_by = re.compile(rf"^(\w+)\s*=\s*(?:[\w.]+\.)?(?:{makers})\(", re.M)
    # the factory's app as an entry module makes it, not a script run by hand (a cron job's
    # update_accounts.py makes one too)
    entry = {
        r: t for r, t in texts.items() if r.rsplit("/", 1)[-1] in (*ENTRY_NAMES, "manage.py", "autoapp.py")
    }
    made = _find_app(folder, entry, _MADE if not named else made_by)
    given = False
    if factory is not None and _needs_arguments(texts[factory[2]], factory[1]):
        # notifications-api's create_app(application: Flask) configures an app it is given:
        # never called bare; the entry module's app it is given is served (application.py)
        passed = re.compile(rf"^(?:[\w.]+\.)?(?:{makers})\(\s*(\w+)\s*\)\s*$", re.M)
        factory = None
        if made is None:
            made, given = _find_app(folder, entry, passed), True
    # An app made in a module of another name is a helper's (skf's chatbot_tools.py) when an
    # entry module makes the factory's app (skf/app.py: app = create_app()), or a side server's
    # beside the app's factory (pagure's docs_server.py beside flask_app.create_app).
    aside = found is not None and found[2].rsplit("/", 1)[-1] not in (*ENTRY_NAMES, "__init__.py")
    side = (
        aside
        and found is not None
        and re.search(r"doc|static|health|metric|admin", found[2].rsplit("/", 1)[-1])
    )
    if (
        found is not None
        and (factory is None or found[0].count(".") <= factory[0].count("."))
        and not (aside and made is not None)
        and not (side and factory is not None)
    ):
        module, var, rel = found
        spec, detail = f"{module}:{var}", f"{var} = Flask()"
        if (routed := _routes_elsewhere(folder, texts, module, var, rel)) is not None:
            module, rel = routed  # the module that adds the routes to it (app.py: from server import app)
            spec, detail = f"{module}:{var}", f"{var} = Flask() with the routes of {rel}"
    elif made is not None:  # the factory's app as the project makes it (its arguments, blueprints)
        module, var, rel = made
        spec, detail = f"{module}:{var}", f"create_app({var})" if given else f"{var} = create_app()"
    elif factory is not None:
        module, var, rel = factory
        spec, detail = f"{module}:{var}()", f"{var}()"
    else:
        return None
    if _path_hacked(tree, folder, texts.get(rel, ""), rel):
        return None  # a launcher puts its folder on sys.path first (bazarr.py): its start, not ours
    # A src/ layout (src/allocation/..., src not a package): the servers look in src/ too.
    in_src = local_path(folder, rel).startswith("src/") and not src_is_package(texts) and module != "src"
    if "gunicorn" in names:
        where = ("--pythonpath", "src") if in_src else ()
        return Command(("gunicorn", *where, spec, "--bind", f"0.0.0.0:{port}"), rel, detail)
    if "waitress" in names:  # (no option of its own for src/: the import path)
        env = (("PYTHONPATH", "src"),) if in_src else ()
        return Command(("waitress-serve", f"--port={port}", spec), rel, detail, env=env)
    if in_src:  # flask finds the package's root (src/) from the module's file
        spec = f"{local_path(folder, rel)}:{spec.partition(':')[2]}"
    serve = ("run", "--host", "0.0.0.0", "--port", str(port))
    if no_app_option:  # Flask < 2.2 finds the app through FLASK_APP only
        return Command(("env", f"FLASK_APP={spec}", "flask", *serve), rel, detail)
    return Command(("flask", "--app", spec, *serve), rel, detail)


def _needs_arguments(text: str, name: str) -> bool:
    """Whether the factory ``def name(...)`` has a parameter with no default (not *args/**kw)."""
    m = re.search(rf"^def {re.escape(name)}\(([^)]*)\)", text, re.M)
    params = [p.strip() for p in re.split(r",(?![^\[]*\])", m.group(1))] if m else []
    return any(p and "=" not in p and not p.startswith("*") and p not in ("/", "self") for p in params)


_ROUTES = re.compile(r"\.(?:route|get|post|add_url_rule|register_blueprint)\(")


def _routes_elsewhere(
    folder: str, texts: dict[str, str], module: str, var: str, rel: str
) -> tuple[str, str] | None:
    """(module, file) of the one module that imports the app object from ``module`` and adds its
    routes, when ``module`` itself adds none (financial-app: server.py makes `app`, app.py
    imports it and defines every route): serving ``module`` alone would answer 404 to all."""
    if _ROUTES.search(texts.get(rel, "")):
        return None
    name = module.rsplit(".", 1)[-1]
    imports = re.compile(
        rf"^from\s+(?:\.|[\w.]*\.)?{re.escape(name)}\s+import\s+[^\n]*\b{re.escape(var)}\b", re.M
    )
    routed = [r for r, t in texts.items() if r != rel and imports.search(t) and _ROUTES.search(t)]
    if len(routed) != 1:
        return None
    return module_of(local_path(folder, routed[0])), routed[0]


_TOP_IMPORT = re.compile(r"^(?:from\s+(\w+)[\w.]*\s+import|import\s+(\w+))", re.M)


def _path_hacked(tree: Tree, folder: str, text: str, rel: str) -> bool:
    """Whether the module imports its own package's modules by their bare names (bazarr's
    bazarr/app/server.py: ``from literals import …`` for bazarr/literals.py): it only imports
    once a launcher has put that folder on sys.path, so no server can import it from the root."""
    local = local_path(folder, rel)
    parts = local.split("/")[:-1]
    if not parts or parts[0] == "src":  # a src/ layout's package is found through src
        return False

    def found(base: str, name: str) -> bool:
        path = join(folder, join(base, name))
        return tree.has(f"{path}.py") or tree.has_dir(path)

    for m in _TOP_IMPORT.finditer(text):
        name = m.group(1) or m.group(2)
        if found("", name):
            continue
        if any(found("/".join(parts[:depth]), name) for depth in range(1, len(parts) + 1)):
            return True
    return False
