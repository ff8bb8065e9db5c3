"""Which Django settings module the app runs with: manage.py's default, or another when that
one cannot run here (it names none, needs packages not installed, reads no database, is
production's), and the role of each (see settings_role)."""

from __future__ import annotations

import re
import sys

from .composeenv import compose_settings
from .facts import Sourced
from .tree import Tree, join, written_by_advisor


def settings_module(tree: Tree, folder: str) -> str | None:
    """The settings module manage.py runs with by default (its DJANGO_SETTINGS_MODULE)."""
    text = tree.text(join(folder, "manage.py")) or ""
    found = re.findall(r"""DJANGO_SETTINGS_MODULE['"]\s*,\s*['"]([\w.]+)['"]""", text)
    # not the test suite's (Yamtrack: `if "test" in sys.argv:` config.test_settings, else
    # config.settings; Inboxen's inboxen.tests.settings)
    return next((m for m in found if not _test_module(m)), found[0] if found else None)


def _test_module(module: str) -> bool:
    parts = module.split(".")
    return "test" in parts[-1] or any(p in ("test", "tests", "testing") for p in parts[:-1])


def unloaded_settings(tree: Tree, folder: str) -> frozenset[str]:
    """The files of the settings package beside manage.py's module that neither it (with what
    it imports of the package, and the package's ``__init__``) nor a production module
    (production_settings) loads: a hosting service's own (pythondotorg's ``cabotage.py``,
    which reads its mail server's variables with no default). What they read is no variable
    the app needs. None when ``__init__`` picks a module at run time."""
    module = settings_module(tree, folder)
    package, _, current = (module or "").rpartition(".")
    if not package:
        return frozenset()
    where = join(folder, package.replace(".", "/"))
    own = join(folder, (module or "").replace(".", "/"))
    if tree.has(f"{own}/__init__.py"):  # a package (cla_backend.settings): its own modules
        where, current = own, "__init__"
    siblings = {n[:-3] for n in tree.names(where) if n.endswith(".py")}
    init = tree.text(join(where, "__init__.py")) or ""
    if re.search(r"\bimport_module\(|\b__import__\(|\bexec\(|\benviron\b|\bgetenv\(", init):
        return frozenset()
    production = production_settings(tree, folder, None)
    todo = ["__init__", current, *([production.value.rpartition(".")[2]] if production else [])]
    loaded: set[str] = set()
    while todo:
        stem = todo.pop()
        if stem in loaded or stem not in siblings:
            continue
        loaded.add(stem)
        text = tree.text(join(where, f"{stem}.py")) or ""
        todo += [
            other
            for other in siblings - loaded
            if re.search(
                rf"^\s*from\s+(?:\.|{re.escape(package)}\.){other}\s+import\b"
                rf"|^\s*import\s+{re.escape(package)}\.{other}\b"
                rf"|^\s*from\s+(?:\.|{re.escape(package)})\s+import\s+[^\n]*\b{other}\b",
                text,
                re.M,
            )
        ]
    return frozenset(join(where, f"{stem}.py") for stem in siblings - loaded)


def settings_file(tree: Tree, folder: str) -> str:
    """The file of the settings module manage.py runs with by default, or ""."""
    module = settings_module(tree, folder)
    return join(folder, module.replace(".", "/") + ".py") if module else ""


# Requirement files for development and tests beside the ones the image installs.
_OTHER_REQUIREMENTS = re.compile(
    r"^(?:requirements/[\w.-]+\.(?:txt|in)|[\w.-]*requirements[\w.-]*\.(?:txt|in))$"
)
_ADDED_APPS = re.compile(
    r"INSTALLED_APPS\s*(?:\+=|\.(?:append|extend|insert)\()\s*([^\n]*(?:\n[ \t][^\n]*)*)"
)
_IMPORT = re.compile(r"^(?:from|import)\s+([A-Za-z_]\w*)", re.M)


def _squash(name: str) -> str:
    return re.sub(r"[^a-z0-9]", "", name.lower())


def settings_installed(
    tree: Tree, folder: str, installed: set[str], req_files: list[str]
) -> Sourced[str] | None:
    """The shared settings module (``base``/``common`` beside it) when manage.py's default one
    adds apps or imports packages that only the project's other requirement files install
    (parsifal's ``settings/local.py`` adds ``debug_toolbar`` and ``silk``, which
    ``requirements/local.txt`` lists and the installed ``requirements/production.txt`` does
    not): with the default, manage.py (collectstatic, migrate) stops on the missing module."""
    from .python_deps import requirement_names

    rel = settings_file(tree, folder)
    text = tree.text(rel) if rel else None
    if not text:
        return None
    package, _, current = (settings_module(tree, folder) or "").rpartition(".")
    if current in ("base", "common", "production", "prod", "settings"):
        return None
    wanted = {
        m.split(".")[0]
        for chunk in _ADDED_APPS.findall(text)
        for m in re.findall(r"""['"]([\w.]+)['"]""", chunk)
    }
    wanted |= set(_IMPORT.findall(text))
    have = {_squash(n) for n in installed}
    others = [*tree.names(folder), *(f"requirements/{n}" for n in tree.names(join(folder, "requirements")))]
    elsewhere = {
        _squash(n)
        for r in others
        if _OTHER_REQUIREMENTS.match(r) and join(folder, r) not in req_files
        for n in requirement_names(tree, join(folder, r))
    }

    def provided(module: str, by: set[str]) -> bool:
        m = _squash(module)
        return any(d == m or (len(m) >= 4 and d.endswith(m)) for d in by)

    missing = [
        m
        for m in sorted(wanted - set(sys.stdlib_module_names) - {"django"})
        if not provided(m, have) and provided(m, elsewhere)
    ]
    if not missing:
        return None
    needs = f"{rel} needs {', '.join(missing)}"
    for name in ("base", "common"):
        shared = join(folder, f"{package.replace('.', '/')}/{name}.py")
        text = tree.text(shared) or ""
        # (not one whose database leaves the engine to the modules that take it in:
        # enterprise-catalog's base.py, `'ENGINE': 'django.db.backends.'`; nor one with no
        # DATABASES at all, pinry's base.py: Django stops on settings.DATABASES)
        if databases_block(text) is not None and not re.search(r"""['"]django\.db\.backends\.['"]""", text):
            return Sourced(f"{package}.{name}", shared, needs)
    # else the module the project's own image runs with (pinry's Dockerfile.autobuild,
    # `ENV DJANGO_SETTINGS_MODULE pinry.settings.docker`), if it needs none of them
    image = image_settings(tree, folder)
    if image is not None and image.value != f"{package}.{current}":
        text = tree.text(join(folder, image.value.replace(".", "/") + ".py")) or ""
        if not any(re.search(rf"\b{re.escape(m)}\b", text) for m in missing):
            return Sourced(image.value, image.source, needs)
    return None


_IMAGE_SETTINGS = re.compile(r"\bDJANGO_SETTINGS_MODULE[=\s]+['\"]?([A-Za-z_][\w.]*)")


def image_settings(tree: Tree, folder: str) -> Sourced[str] | None:
    """The settings module the project's own image sets (``ENV DJANGO_SETTINGS_MODULE`` in a
    Dockerfile, ``--env DJANGO_SETTINGS_MODULE=`` in its scripts under docker/), when the
    project has it. Never advisor's own Dockerfile or run.sh, which name the module advisor
    chose the last time."""
    for where in (folder, join(folder, "docker"), join(folder, "docker/scripts")):
        for name in sorted(tree.names(where)):
            if not (name.startswith("Dockerfile") or name.endswith((".Dockerfile", ".sh"))):
                continue
            rel = join(where, name)
            text = tree.text(rel) or ""
            for m in _IMAGE_SETTINGS.finditer("" if written_by_advisor(text) else text):
                if _module_exists(tree, folder, m.group(1)):
                    return Sourced(m.group(1), rel, "the project's image")
    return None


_DEVELOPMENT_SETTINGS = ("development", "dev", "local", "base", "common")


def _unnamed_settings(tree: Tree, folder: str) -> Sourced[str] | None:
    """The settings module to run with when manage.py names none (the project documents it
    instead): the project package's settings module, or in a settings package the module for
    development, else the shared one."""
    if not tree.has(join(folder, "manage.py")) or settings_module(tree, folder) is not None:
        return None
    for package in sorted(tree.subdirs(folder)):
        at = join(folder, package)
        if tree.has(join(at, "settings.py")) and tree.has(join(at, "wsgi.py")):
            return Sourced(f"{package}.settings", join(at, "settings.py"), "settings module")
        for name in _DEVELOPMENT_SETTINGS:
            if tree.has(join(at, f"settings/{name}.py")):
                return Sourced(
                    f"{package}.settings.{name}", join(at, f"settings/{name}.py"), "settings package"
                )
    return None


# Settings loaded from a YAML or JSON file a variable names (xqueue's production.py: XQUEUE_CFG,
# Open edX's pattern): a file only the deployment has, not a module to run with here.
_FILE_SETTINGS = re.compile(
    r"""['"][A-Z_]*(?:CFG|CONFIG)[A-Z_]*['"][\s\S]*\b(?:yaml\.(?:safe_)?load|json\.load)\("""
)


def default_settings(
    tree: Tree, folder: str, installed: set[str], req_files: list[str]
) -> Sourced[str] | None:
    """The settings module to run with other than manage.py's default: the one to use when
    manage.py names none, or the shared one when its default needs packages not installed."""
    return (
        _unnamed_settings(tree, folder)
        or _package_settings(tree, folder)
        or settings_installed(tree, folder, installed, req_files)
        or _server_settings(tree, folder)
        or _env_db_settings(tree, folder)
        or _development_settings(tree, folder)
    )


def _package_settings(tree: Tree, folder: str) -> Sourced[str] | None:
    """A module of manage.py's settings package when manage.py names the package itself and its
    __init__.py sets nothing (wagtail.org's `wagtailio.settings`: Django would run with no
    settings at all): the development module the project's compose file runs, else the one its
    image runs, else the package's development module."""
    module = settings_module(tree, folder) or ""
    init = tree.text(join(folder, module.replace(".", "/") + "/__init__.py")) if module else None
    # (nothing but comments and a docstring: not one that picks its module, `if env: from .dev import *`)
    if init is None or re.sub(r"#[^\n]*|\"\"\"[\s\S]*?\"\"\"", "", init).strip():
        return None
    given = next((s for s in compose_settings(tree, folder) if s.name == "DJANGO_SETTINGS_MODULE"), None)
    if given and given.value.startswith(module + ".") and _module_exists(tree, folder, given.value):
        return Sourced(given.value, given.source, f"{module} sets nothing")
    image = image_settings(tree, folder)
    if image is not None and image.value.startswith(module + "."):
        return Sourced(image.value, image.source, f"{module} sets nothing")
    found = _sibling(tree, folder, module, ("development", "dev", "local", "base"))
    return Sourced(found[0], found[1], f"{module} sets nothing") if found else None


def _development_settings(tree: Tree, folder: str) -> Sourced[str] | None:
    """The development module beside manage.py's default when that one is production's and
    only a template of it is in the project (patchwork's manage.py names settings.production,
    which its deployment writes from production.example.py: DEBUG off, no ALLOWED_HOSTS; its own
    development image runs settings.dev): for development only (see settings_role)."""
    module = settings_module(tree, folder)
    package, _, current = (module or "").rpartition(".")
    if not package or current not in ("production", "prod"):
        return None
    if _module_exists(tree, folder, module or ""):
        # it is there: the development module the project's own compose file runs, if any
        # (torchbox.com's tbx.settings.dev; production's redirects to HTTPS behind a proxy)
        given = next((s for s in compose_settings(tree, folder) if s.name == "DJANGO_SETTINGS_MODULE"), None)
        dev = given is not None and given.value.rpartition(".")[2] in ("development", "dev", "local")
        if given is None or not dev or not _module_exists(tree, folder, given.value):
            return None
        return Sourced(given.value, given.source, f"{module} is for production")
    found = _sibling(tree, folder, package, ("development", "dev", "local"))
    return Sourced(found[0], found[1], f"{module} is for production") if found else None


def _sibling(tree: Tree, folder: str, package: str, names: tuple[str, ...]) -> tuple[str, str] | None:
    """(module, file) of the first of ``names`` the settings package holds."""
    for name in names:
        rel = join(folder, f"{package.replace('.', '/')}/{name}.py")
        if tree.has(rel):
            return f"{package}.{name}", rel
    return None


_DB_FROM_ENV = re.compile(r"\b(?:os\.environ|environ\.get|getenv|env\.db|env\(|config\(|dj_database_url)")


_DATABASES = re.compile(r"^DATABASES\b[^\n]*(?:\n(?:[ \t]+\S|[)\]}])[^\n]*|\n[ \t]*(?=\n))*", re.M)


def databases_block(text: str) -> str | None:
    """The module's top-level DATABASES statements (with their continuation lines), joined,
    else the text after its first DATABASES; None when it has none. Only the statements:
    pokeapi's settings.py reads SECRET_KEY from the environment just below a DATABASES of
    literals."""
    found = [m.group(0) for m in _DATABASES.finditer(text)]
    if found:
        return "\n".join(found)
    m = re.search(r"\bDATABASES\b", text)  # set in a branch (if DEBUG:): what follows it
    return text[m.start() : m.start() + 800] if m else None


def _env_db_settings(tree: Tree, folder: str) -> Sourced[str] | None:
    """A settings module beside manage.py's default that takes all of it (`from settings import *`) or
    of its own base (almox's staging.py, `from .base import *`) and reads the database from the
    environment, where the default's reads nothing (gcd-django's settings_dev.py, MYSQL_HOST...): the
    variables advisor sets reach the app only through it. A production module last."""
    if (module := settings_module(tree, folder)) is None:
        return None
    base_file = join(folder, module.replace(".", "/") + ".py")
    base = tree.text(base_file) or ""
    block = databases_block(base)
    # only literals read nothing: `DATABASES = setup_database()` (Tandoor's recipes) reads the environment
    if block is None or _DB_FROM_ENV.search(block) or not re.match(r"DATABASES\b[^=\n]*=\s*\{", block):
        return None
    package, _, name = module.rpartition(".")
    where = base_file.rpartition("/")[0]
    shared = re.findall(r"^from\s+([\w.]+)\s+import\s+\*", base, re.M)
    names = "|".join(re.escape(n.rpartition(".")[2]) for n in (name, *shared) if n.rpartition(".")[2])
    takes_all = re.compile(rf"^from\s+(?:[\w.]*\.)?(?:{names})\s+import\s+\*", re.M)
    for sibling in sorted(tree.names(where), key=lambda n: (not re.search("dev|local|dock", n), "prod" in n)):
        usable = sibling.endswith(".py") and "test" not in sibling  # never a test suite's settings
        text = tree.text(join(where, sibling)) or "" if usable else ""
        if (
            sibling != f"{name}.py"
            and takes_all.search(text)
            and _DB_FROM_ENV.search(databases_block(text) or "")
            and not _FILE_SETTINGS.search(text)
        ):
            stem = sibling.removesuffix(".py")
            return Sourced(
                f"{package}.{stem}" if package else stem, join(where, sibling), f"{module} reads no database"
            )
    return None


_SETDEFAULT = re.compile(r"""DJANGO_SETTINGS_MODULE['"]\s*,\s*['"]([\w.]+)['"]""")


def _server_settings(tree: Tree, folder: str) -> Sourced[str] | None:
    """manage.py's settings module when the server's wsgi.py/asgi.py falls back to another:
    one not in the project (bugsink's ``bugsink_conf``, which its own Dockerfile writes from a
    template: gunicorn stops on ModuleNotFoundError while manage.py's migrate works), or a
    different one (a production module: see settings_role, ``settings-manage``)."""
    module = settings_module(tree, folder)
    if module is None or not _module_exists(tree, folder, module):
        return None
    tops = sorted(tree.subdirs(folder))
    # (or a package one level further down: wagtail's guide has apps/guide/wsgi.py)
    for package in (
        *tops,
        *(f"{top}/{sub}" for top in tops for sub in sorted(tree.subdirs(join(folder, top)))),
    ):
        for name in ("wsgi.py", "asgi.py"):
            m = _SETDEFAULT.search(tree.text(join(folder, f"{package}/{name}")) or "")
            if m and m.group(1) != module and not _module_exists(tree, folder, m.group(1)):
                missing = f"{m.group(1)} of {package}/{name} is missing"
                return Sourced(module, join(folder, "manage.py"), missing)
            if m and m.group(1) != module:
                # wagtail's news-template: wsgi.py production, manage.py dev. The app runs with
                # manage.py's in development (production picks its own: production_settings).
                return Sourced(module, join(folder, "manage.py"), f"{m.group(1)} of {package}/{name} differs")
    return None


def _module_exists(tree: Tree, folder: str, module: str) -> bool:
    path = join(folder, module.replace(".", "/"))
    return tree.has(path + ".py") or tree.has(join(path, "__init__.py"))


def django_root_folder(tree: Tree, folder: str) -> str:
    """The folder below the app's, one level down, that holds manage.py when the app's own
    folder does not ("" when it does, or when none or several do)."""
    if tree.has(join(folder, "manage.py")):
        return ""
    found = [d for d in tree.subdirs(folder) if django_manage(tree, join(join(folder, d), "manage.py"))]
    return found[0] if len(found) == 1 else ""


def django_manage(tree: Tree, rel: str) -> bool:
    """Django's manage.py, not a Flask or click script of that name (ihatemoney's; shopyo's
    says it is "similar to Django"): it imports Django or names its settings module."""
    text = tree.text(rel) or ""
    return bool(re.search(r"^\s*(?:from|import)\s+django\b|DJANGO_SETTINGS_MODULE", text, re.M))


def development_only(detail: str) -> bool:
    """A module chosen for development only: production runs its own (production_settings)."""
    return settings_role(detail) in ("settings-manage", "settings-dev", "settings-package")


def production_files(
    production: Sourced[str] | None, default: Sourced[str] | None, environment: str
) -> tuple[str, ...]:
    """Where the production settings' file is (its path without ``.py``, so that its template
    production.example.py counts too) when the environment runs another module: development,
    with production's own module beside manage.py's, or in its place (settings-dev)."""
    if environment == "production":
        return ()
    if production is not None:
        return (production.source.removesuffix(".py"),)
    if default is not None and development_only(default.detail):
        return (default.detail.partition(" ")[0].replace(".", "/"),)
    return ()


def settings_role(detail: str) -> str:
    """The role of the DJANGO_SETTINGS_MODULE advisor sets, from why its module was chosen
    (the detail of default_settings' or production_settings' fact)."""
    if " needs " in detail:
        return "settings-installed"
    if detail.endswith(" differs"):
        return "settings-manage"
    if detail.endswith(" reads no database"):
        return "settings-env-db"
    if detail.endswith(" is for production"):
        return "settings-dev"
    if detail.endswith(" sets nothing"):
        return "settings-package"
    return "settings-missing" if detail.endswith(" is missing") else "settings-module"


# Production's settings module by its usual names (yournextrepresentative's settings/deploy.py).
_PRODUCTION = ("production", "prod", "deploy", "deployment")


def production_settings(tree: Tree, folder: str, fallback: Sourced[str] | None) -> Sourced[str] | None:
    """The settings module beside manage.py's default (or ``fallback``, the one
    :func:`default_settings` found when it names none) that is meant for production:
    ``production``/``prod``, else the shared ``base``/``common`` when the default is one for
    development."""
    default = settings_module(tree, folder) or (fallback.value if fallback else None)
    if fallback is not None and settings_role(fallback.detail) == "settings-package":
        default = fallback.value  # a module of the package manage.py names (wagtailio.settings.dev)
    package, _, current = (default or "").rpartition(".")
    if not package or current in _PRODUCTION:
        return None
    shared = ("base", "common") if fallback is not None and current in ("development", "dev", "local") else ()
    found = _sibling(tree, folder, package, (*_PRODUCTION, *shared))
    return Sourced(found[0], found[1], "production settings") if found else None
