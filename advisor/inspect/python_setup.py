"""What a setuptools project declares in setup.py / setup.cfg: its dependencies
(``install_requires``), and entry points for its own plugins: groups other than its commands
(``console_scripts``), which the app finds by name at run time through the installed
package's metadata (alerta's ``alerta.plugins``). Installing only the requirements leaves
those out: the app starts and logs "Failed to load plugin"."""

from __future__ import annotations

import re
from typing import Any

from .common import get_path
from .facts import Command, PackageManager, Sourced
from .python_extras import production_extras
from .script_options import script_options
from .tree import Tree, join

_SCRIPT_GROUPS = frozenset({"console_scripts", "gui_scripts"})
# setup(entry_points={'alerta.plugins': [...], ...}): the group names, each a quoted key.
_SETUP_ENTRY_POINTS = re.compile(r"\bentry_points\s*=\s*\{(.*?)\n\s*\}", re.S)
_GROUP = re.compile(r"""['"]([\w.-]+)['"]\s*:""")
_CFG_SECTION = re.compile(r"^\[options\.entry_points\]\s*$(.*?)(?=^\[|\Z)", re.M | re.S)
_CFG_GROUP = re.compile(r"^([\w.-]+)\s*=", re.M)


def plugin_entry_points(tree: Tree, folder: str, pyproject: dict[str, Any]) -> str | None:
    """The manifest (``setup.py: alerta.plugins``) that declares entry points of groups other
    than commands, or None."""
    groups = get_path(pyproject, "project", "entry-points")
    if isinstance(groups, dict) and (found := sorted(set(groups) - _SCRIPT_GROUPS)):
        return f"{join(folder, 'pyproject.toml')}: {', '.join(found)}"
    for name, section, group in (
        ("setup.py", _SETUP_ENTRY_POINTS, _GROUP),
        ("setup.cfg", _CFG_SECTION, _CFG_GROUP),
    ):
        m = section.search(tree.text(join(folder, name)) or "")
        found = sorted(set(group.findall(m.group(1))) - _SCRIPT_GROUPS) if m else []
        if found:
            return f"{join(folder, name)}: {', '.join(found)}"
    return None


def self_install(
    tree: Tree, folder: str, pyproject: dict[str, Any], req_files: list[str]
) -> tuple[str | None, bool, tuple[str, ...]]:
    """What installs the project's own package after its requirements files, whether with
    its dependencies, and with which extras: without them for the entry points its plugins
    are found by; with them when its pyproject.toml's ``[project] dependencies`` name packages
    the requirements do not (the requirements add the server: gunicorn beside the app's own
    dependencies), or a production extra holds the web framework they lack (buku's `server`:
    Flask, which it runs on; requirements that hold the app's framework chose its server)."""
    if plugins := plugin_entry_points(tree, folder, pyproject):
        return plugins, False, ()
    declared = (
        get_path(pyproject, "project", "dependencies") if get_path(pyproject, "project", "name") else None
    )
    if not isinstance(declared, list):
        return None, False, ()
    listed = {canonical(m.group(1)) for r in req_files for m in _REQ_NAME.finditer(tree.text(r) or "")}
    names = [m.group(1) for m in (_REQ_NAME.match(str(x)) for x in declared) if m]
    extras = get_path(pyproject, "project", "optional-dependencies")
    wanted = tuple(
        e
        for e in production_extras(pyproject)
        if isinstance(extras, dict)
        and any(
            canonical(m[1]) in _WEB_FRAMEWORKS and canonical(m[1]) not in listed
            for x in extras.get(e) or ()
            if (m := _REQ_NAME.match(str(x)))
        )
    )
    missing = [n for n in names if canonical(n) not in listed] + [f".[{e}]" for e in wanted]
    rel = join(folder, "pyproject.toml")
    return (f"{rel}: {', '.join(missing)}", True, wanted) if missing else (None, False, ())


_WEB_FRAMEWORKS = frozenset(
    {"flask", "django", "fastapi", "starlette", "quart", "sanic", "litestar", "tornado", "bottle", "falcon"}
)
_REQ_NAME = re.compile(r"^[ \t]*([A-Za-z0-9][A-Za-z0-9._-]*)", re.M)


def canonical(name: str) -> str:
    """A distribution's name as pip compares them (PEP 503): Flask_SQLAlchemy is flask-sqlalchemy."""
    return re.sub(r"[-_.]+", "-", name).lower()


# setup(install_requires=["flask==3.1.2", ...]): the literal list, or a module variable's (a
# variable read from a requirements file gives none); setup.cfg's [options] install_requires =
# (indented lines).
_SETUP_REQUIRES = re.compile(r"\binstall_requires\s*=\s*\[(.*?)\]", re.S)
_CFG_REQUIRES = re.compile(r"^install_requires\s*=[ \t]*(.*(?:\n[ \t]+.*)*)", re.M)
_LITERAL = re.compile(r"""['"]([^'"\n]+)['"]""")


def setup_requirements(tree: Tree, folder: str) -> tuple[str, list[str]] | None:
    """(the file, its requirement specifiers) of setup.cfg's or setup.py's install_requires,
    or None when neither lists any."""
    rel = join(folder, "setup.cfg")
    if m := _CFG_REQUIRES.search(tree.text(rel) or ""):
        specs = [line.split("#", 1)[0].strip() for line in m.group(1).splitlines()]
        if specs := [s for s in specs if s]:
            return rel, specs
    rel = join(folder, "setup.py")
    text = tree.text(rel) or ""
    m = _SETUP_REQUIRES.search(text)
    if m is None and (named := re.search(r"\binstall_requires\s*=\s*([A-Za-z_]\w*)\s*[,)]", text)):
        # pybossa's `requirements = [...]` above `setup(install_requires=requirements)`
        m = re.search(rf"^{named.group(1)}\s*=\s*\[(.*?)\]", text, re.S | re.M)
        if m and re.sub(r"#[^\n]*|'[^'\n]*'|\"[^\"\n]*\"|[\s,]", "", m.group(1)):
            m = None  # not a list of literals (a comprehension over a requirements file)
    specs = _LITERAL.findall(m.group(1)) if m else []
    return (rel, specs) if specs else None


_CFG_SCRIPTS = re.compile(r"^console_scripts\s*=[ \t]*(.*(?:\n[ \t]+.*)*)", re.M)
_SCRIPT = re.compile(r"""['"]?\s*([\w.-]+)\s*=\s*([\w.]+):(\w+)""")
# A click (or Typer) command: @cli.command() / @cli.command("init-db") above its def.
_COMMAND = re.compile(
    r"@\w+\.command\(\s*(?:name\s*=\s*)?(?:['\"]([\w-]+)['\"])?[^)]*\)\s*\n"
    r"(?:[ \t]*@[^\n]*\n)*[ \t]*def\s+(\w+)\("
)
_DB_COMMANDS = ("upgrade-db", "db-upgrade", "init-db", "initdb")


def console_scripts(tree: Tree, folder: str) -> list[tuple[str, str, str]]:
    """(command, module, function) of the project's console scripts: pyproject's
    [project.scripts] and Poetry's [tool.poetry.scripts], setup.cfg's and setup.py's
    console_scripts entry points."""
    found: list[tuple[str, str, str]] = []
    pyproject = tree.toml(join(folder, "pyproject.toml")) or {}
    for keys in (("project", "scripts"), ("tool", "poetry", "scripts")):
        scripts = get_path(pyproject, *keys)
        if isinstance(scripts, dict):
            found += [(n, *v.split(":", 1)) for n, v in scripts.items() if isinstance(v, str) and ":" in v]
    m = _CFG_SCRIPTS.search(tree.text(join(folder, "setup.cfg")) or "")
    entries = m.group(1) if m else ""
    setup = _SETUP_ENTRY_POINTS.search(tree.text(join(folder, "setup.py")) or "")
    if setup and "console_scripts" in setup.group(1):
        listed = setup.group(1).split("console_scripts", 1)[1]
        entries += "\n" + "\n".join(
            # (a list, or a set: scrapydweb's `"console_scripts": {"scrapydweb = ..."}`)
            _LITERAL.findall(re.split(r"[\]}]", re.split(r"[\[{]", listed, maxsplit=1)[-1])[0])
        )
    found += [(s.group(1), s.group(2), s.group(3)) for s in _SCRIPT.finditer(entries)]
    return found


def module_texts(tree: Tree, folder: str, module: str) -> list[tuple[str, str]]:
    """(file, text) of a console script's module, in the app's folder, then under src/: the
    module's own file (``pkg/main.py``), else its package's ``__init__.py``."""
    path = module.strip().replace(".", "/")
    found = []
    for base in (folder, join(folder, "src")):
        rel = join(base, path + ".py")
        found.append((rel, tree.text(rel) or tree.text(join(base, path + "/__init__.py")) or ""))
    return found


def cli_db_command(tree: Tree, folder: str) -> tuple[tuple[str, str], str] | None:
    """The project's own command that brings its database schema up to date (zou's
    ``zou init-db``, a click command running alembic's upgrade), and its file: the release
    step. Not one that writes new migrations (``migrate-db``)."""
    for command, module, _ in console_scripts(tree, folder):
        for rel, text in module_texts(tree, folder, module):
            names = [(m.group(1) or m.group(2).replace("_", "-")) for m in _COMMAND.finditer(text)]
            for wanted in _DB_COMMANDS:
                if wanted in names:
                    return (command, wanted), rel
    return None


def tools_only(pyproject: dict[str, Any]) -> bool:
    """A pyproject.toml that holds only tools' settings (ruff, pytest): no package, no build."""
    packaging = (get_path(pyproject, "tool", "poetry"), get_path(pyproject, "tool", "uv", "workspace"))
    return not ({"project", "build-system"} & pyproject.keys()) and not any(packaging)


# Folders setuptools' flat-layout discovery leaves out.
_NOT_PACKAGES = frozenset(
    {"tests", "test", "docs", "doc", "examples", "example", "scripts", "tools", "migrations"}
)


_DEV_GROUPS = frozenset({"dev", "test", "tests", "testing", "lint", "docs", "typing", "ci"})


def group_specs(pyproject: dict[str, Any]) -> list[str]:
    """The requirement lines of a pyproject.toml with no [project] table whose app's
    dependencies are a PEP 735 dependency group (bookwyrm's `[dependency-groups] main`, which
    its Dockerfile installs with `pip install --group main`): `main`, or its one group that is
    not for development, with the groups it includes."""
    groups = pyproject.get("dependency-groups")
    if "project" in pyproject or not isinstance(groups, dict):
        return []
    names = [str(n) for n in groups if str(n).lower() not in _DEV_GROUPS]
    found: list[str] = []
    todo = ["main"] if "main" in groups else names if len(names) == 1 else []
    while todo and len(found) < 1000:
        items = groups.get(todo.pop(0))
        for item in items if isinstance(items, list) else ():
            if isinstance(item, str):
                found.append(item)
            elif isinstance(item, dict) and isinstance(item.get("include-group"), str):
                todo.append(item["include-group"])
    return found


def project_dependencies(tree: Tree, folder: str, pyproject: dict[str, Any]) -> PackageManager | None:
    """pip for a pyproject.toml whose ``[project]`` lists dependencies but has no
    ``[build-system]`` (`uv init --app`'s, run with `uv run app.py`): the project is no package
    pip could build (a flat folder of several packages stops setuptools' discovery), so the
    image installs its dependencies only; so for a dependency group that holds them."""
    rel = join(folder, "pyproject.toml")
    if (grouped := group_specs(pyproject)) and "build-system" not in pyproject:
        return PackageManager(
            "pip",
            rel,
            install=("pip", "install", *grouped),
            manifests=(rel,),
            dependencies_only=tuple(grouped),
        )
    declared = get_path(pyproject, "project", "dependencies")
    if "build-system" in pyproject or not isinstance(declared, list) or not declared:
        return None
    if tree.has(join(folder, "setup.py")) or tree.has(join(folder, "setup.cfg")):
        return None
    # one package setuptools finds by itself (the Flask tutorial's flaskr/) installs with
    # `pip install .`; several top-level packages and modules stop its discovery
    packages = [
        d
        for d in tree.subdirs(folder)
        if tree.has(join(folder, f"{d}/__init__.py")) and d not in _NOT_PACKAGES
    ]
    modules = [n for n in tree.names(folder) if n.endswith(".py") and n not in ("setup.py", "conftest.py")]
    if len(packages) + len(modules) <= 1 or get_path(pyproject, "project", "scripts"):
        return None
    deps = tuple(str(d) for d in declared)
    return PackageManager(
        "pip", rel, install=("pip", "install", *deps), manifests=(rel,), dependencies_only=deps
    )


_SERVING = re.compile(r"serve|server|web|start|run|api|app|main", re.I)
_CLI_TARGET = re.compile(r":(?:\w+_)?cli$")  # a command-line group
_NOT_SERVING = re.compile(
    r"seed|migrat|test|lint|format|check|init|setup|manage|admin|worker|task|cli"
    r"|upload|download|import|export|rebuild|trigger|backup|restore|dump|sync",
    re.I,
)


def script_start(tree: Tree, folder: str) -> Command | None:
    """The console script ([project.scripts], Poetry's) that serves the app, if the project has one."""
    rel = join(folder, "pyproject.toml")
    data = tree.toml(rel)
    for keys, detail in (
        (("project", "scripts"), "project.scripts"),
        (("tool", "poetry", "scripts"), "tool.poetry.scripts"),
    ):
        scripts = get_path(data, *keys)
        if isinstance(scripts, dict) and scripts:
            # The one that serves: not a seeder, a migration or a linter (the first is not
            # always the server: seeder = ..., web_server = ...); never a command-line group
            # (`run-command = "appointment.main:cli"`: with no sub-command it prints its usage).
            names = [
                str(n)
                for n, target in scripts.items()
                if not _CLI_TARGET.search(str(target)) and not _command_group(tree, folder, str(target))
            ]
            if not names:
                continue
            name = min(names, key=lambda n: (_NOT_SERVING.search(n) is not None, not _SERVING.search(n)))
            if _NOT_SERVING.search(name) and len(names) > 1:
                continue  # every one a tool (shipit's shipit_upload_product_details, …): no server
            word = _serving_word(tree, folder, str(scripts[name]))
            return Command((name, word) if word else (name,), rel, f"{detail}.{name}")
    return None


# An entry of a table of sub-commands: `"run": run_server,` (maloja's `actions = {...}`)
_TABLE_ENTRY = re.compile(r"""^\s*['"](\w+)['"]\s*:\s*([\w.]+)\s*,""", re.M)
_SERVER_HANDLER = re.compile(r"(?:^|_)(?:server|serve|webserver)$|^run_(?:web|app)$")


def _serving_word(tree: Tree, folder: str, target: str) -> str:
    """The sub-command that runs the server when the console script's function dispatches its
    first argument through a table of functions (maloja's main: `"run": run_server`, and bare
    it only lists the commands)."""
    module, _, func = target.partition(":")
    if not func.strip():
        return ""
    for _, text in module_texts(tree, folder, module):
        if d := re.search(rf"^def\s+{re.escape(func.strip())}\(", text, re.M):
            body = re.split(r"\n(?=\S)", text[d.end() :], maxsplit=1)[0]
            words = [w for w, h in _TABLE_ENTRY.findall(body) if _SERVER_HANDLER.search(h.split(".")[-1])]
            # a debug or development server's word last (`"debug": run_debug_server`)
            return min(words, key=lambda w: bool(re.search(r"debug|dev", w)), default="")
    return ""


def _command_group(tree: Tree, folder: str, target: str, depth: int = 0) -> bool:
    """Whether a console script's function is a click command group (pinnwand's main, which
    needs a sub-command such as `http`) or an argparse parser whose sub-command is required,
    in its module or the module it imports it from."""
    module, _, func = target.partition(":")
    func = func.strip()
    if not func or depth > 1:
        return False
    for _, text in module_texts(tree, folder, module):
        if d := re.search(rf"^def\s+{re.escape(func)}\(", text, re.M):
            decorators = text[: d.start()].rstrip("\n").rpartition("\n\n")[2]  # the lines above it
            # kinto's main(): argparse sub-commands, one required (`kinto` alone prints its usage)
            body = re.split(r"\n(?=\S)", text[d.end() :], maxsplit=1)[0]
            required = re.search(r"add_subparsers\([^)]*required\s*=\s*True|\.required\s*=\s*True", body)
            # dispatch's entrypoint() only calls dispatch_cli(), a click group of the same module
            called = set(re.findall(r"^\s+(\w+)\(\)\s*$", body, re.M))
            return (
                re.search(r"^@[\w.]*group\(", decorators, re.M) is not None
                or ("add_subparsers(" in body and required is not None)
                or any(_group_def(name).search(text) for name in called)
            )
        if m := re.search(rf"^from\s+([\w.]+)\s+import\s+[^\n]*\b{re.escape(func)}\b", text, re.M):
            return _command_group(tree, folder, f"{m.group(1)}:{func}", depth + 1)
    return False


def _group_def(name: str) -> re.Pattern[str]:
    """A click group named ``name``: ``@click.group(...)`` (other decorators may follow) over its def."""
    return re.compile(rf"^@[\w.]*group\([^\n]*\n(?:@[^\n]*\n)*def\s+{re.escape(name)}\(", re.M)


# A server started by the script's own code: waitress's serve(app, ...), uvicorn.run,
# aiohttp's web.run_app, werkzeug's run_simple, app.run(host=...).
_SERVES = re.compile(r"\b(?:serve|run_simple|run_app)\(\s*\w|\buvicorn\.run\(|\.run\([^)\n]*\bhost\s*=")


def serving_script(tree: Tree, folder: str, port: int) -> Command | None:
    """The console script whose own module starts the server (lute's `lute = "lute.main:start"`,
    whose start() calls waitress's serve(app, port=args.port)): the project's way to run it,
    which also prepares what the app needs first; an argparse `--port` option gets the port."""
    found = script_start(tree, folder)
    scripts = console_scripts(tree, folder)
    # setup.py's or setup.cfg's one script (scrapydweb's run:main), when it is no command group
    only = (
        scripts[0]
        if len(scripts) == 1 and not (tree.toml(join(folder, "pyproject.toml")) or {}).get("project")
        else None
    )
    if found is None and only and not _command_group(tree, folder, f"{only[1]}:{only[2]}"):
        found = Command((only[0],), join(folder, "setup.py"), f"console_scripts.{only[0]}")
    target = next(((m.strip(), f.strip()) for c, m, f in scripts if found and c == found.argv[0]), None)
    if found is None or target is None:
        return None
    for _, text in module_texts(tree, folder, target[0]) + _imported_from(tree, folder, *target):
        # (its options may be declared in a module it imports its parser from: khoj's main.py
        # calls `cli(args)` of khoj/utils/cli.py, whose --host defaults to 127.0.0.1)
        parsers = "".join(t for m in _PARSER_IMPORT.findall(text) for _, t in module_texts(tree, folder, m))
        options = script_options(text + parsers, port)  # (aw-server's --host and --port: it binds localhost)
        if _SERVES.search(text) or "--port" in options:
            return Command(found.argv + options, found.source, found.detail)
    return None


# `from khoj.utils.cli import cli`: a module the script takes its command-line parser from
_PARSER_IMPORT = re.compile(
    r"^from\s+([\w.]+)\s+import\s+[^\n]*\b(?:cli|parse_args|get_args|get_parser|arguments|args_parser)\b",
    re.M,
)


def _imported_from(tree: Tree, folder: str, module: str, func: str) -> list[tuple[str, str]]:
    """The module a package's ``__init__.py`` imports the script's function from (aw-server's
    ``from .main import main``)."""
    for _, text in module_texts(tree, folder, module):
        if m := re.search(rf"^from\s+(\.?[\w.]+)\s+import\s+[^\n]*\b{re.escape(func)}\b", text, re.M):
            return module_texts(
                tree, folder, f"{module}{m.group(1)}" if m.group(1).startswith(".") else m.group(1)
            )
    return []


def project_name(tree: Tree, folder: str) -> Sourced[str] | None:
    """The project's name: pyproject's [project] or Poetry's name, else setup.cfg's."""
    rel = join(folder, "pyproject.toml")
    data = tree.toml(rel)
    for keys, detail in (
        (("project", "name"), "project.name"),
        (("tool", "poetry", "name"), "tool.poetry.name"),
    ):
        value = get_path(data, *keys)
        if isinstance(value, str) and value.strip():
            return Sourced(value, rel, detail)
    setup_cfg = join(folder, "setup.cfg")
    if (text := tree.text(setup_cfg)) and (m := re.search(r"^name\s*=\s*(\S+)", text, re.M)):
        return Sourced(m.group(1), setup_cfg, "metadata.name")
    return None
