"""How a Python app starts (Django, ASGI and Flask apps, scripts) and which folders it writes."""

from __future__ import annotations

import posixpath
import re
from collections.abc import Iterator

from ..appdata import DATA_FOLDER
from .django_application import application_module
from .django_hosts import settings_module
from .django_setup import manage_script
from .facts import Command, WritablePath
from .fixed_sqlite import engines_of
from .schema import live_code
from .settings_paths import Texts, base_dirs, from_file, last_string, resolve, root_expr, star_dirs
from .tree import Tree, join


def module_of(rel_in_app: str) -> str:
    """``app/main.py`` → ``app.main``; ``src/pkg/api.py`` → ``pkg.api``; ``src/__init__.py``
    (src itself the package) → ``src``."""
    path = rel_in_app[:-3] if rel_in_app.endswith(".py") else rel_in_app
    if path.startswith("src/") and path != "src/__init__":
        path = path[4:]
    if path.endswith("/__init__"):
        path = path[: -len("/__init__")]
    return path.replace("/", ".")


FASTAPI_APP = re.compile(r"^(\w+)\s*(?::\s*[\w.]+\s*)?=\s*(?:fastapi\.)?FastAPI\(", re.M)
# An app object made by a factory in a module that builds a FastAPI app (``app =
# get_application()``, where get_application returns FastAPI(...)).
_FASTAPI_FACTORY_APP = re.compile(r"^(app|application|api)\s*(?::\s*[\w.]+\s*)?=\s*(\w+)\(", re.M)
_DEF = re.compile(r"^(?:async\s+)?def (\w+)\(", re.M)


def _functions(text: str) -> Iterator[tuple[str, str]]:
    """(name, text to the next top-level def) of each top-level function in ``text``."""
    defs = list(_DEF.finditer(text))
    for i, m in enumerate(defs):
        yield m.group(1), text[m.start() : defs[i + 1].start() if i + 1 < len(defs) else None]


def _fastapi_factory_app(folder: str, texts: dict[str, str]) -> tuple[str, str, str] | None:
    """(module, variable, file) of a module-level app made by a factory function that the
    project defines to build a FastAPI app (it calls FastAPI( or is annotated -> FastAPI)."""
    factories = {
        name
        for text in texts.values()
        if "FastAPI" in text
        for name, body in _functions(text)
        if "FastAPI(" in body or re.search(r"->\s*[\w.]*FastAPI\b", body)
    }
    hits = []
    for rel, text in texts.items():
        for m in _FASTAPI_FACTORY_APP.finditer(text):
            if m.group(2) in factories:
                local = local_path(folder, rel)
                hits.append((entry_rank(local), module_of(local), m.group(1), rel))
    if not hits:
        return None
    _, module, var, rel = min(hits)
    return module, var, rel


_FACTORY_CLASSES = {"fastapi": "FastAPI", "litestar": "Litestar", "starlette": "Starlette", "quart": "Quart"}


def _uncalled_factory(folder: str, texts: dict[str, str], fw: str) -> tuple[str, str, str] | None:
    """(module, function, file) of `def server(): app = FastAPI(); return app` (litestar-fullstack's
    `def create_app() -> Litestar: ... return Litestar(...)`): uvicorn --factory."""
    cls = _FACTORY_CLASSES[fw]
    made = re.compile(rf"^\s+(?:\w+\s*=|return)\s*(?:\w+\.)?{cls}\(", re.M)
    for rel in sorted((r for r in texts if cls in texts[r]), key=lambda r: entry_rank(local_path(folder, r))):
        for name, body in _functions(texts[rel]):
            if not (made.search(body) and "return " in body):
                continue
            used = re.compile(rf"import[^\n]*\b{name}\b|\b{name}\s*\(")  # by the app's own code
            # (not its tests' or tools': conftest.py builds the app for the test client)
            if not any(used.search(t) for r, t in texts.items() if r != rel and not _tooling(r)):
                return module_of(local_path(folder, rel)), name, rel
    return None


def _tooling(rel: str) -> bool:
    """A test module or a script of the project's tools, not the app's own code."""
    *folders, name = rel.split("/")
    return bool({"tests", "test", "scripts", "tools", "benchmarks", "docs"} & set(folders)) or (
        name.startswith("test_") or name.endswith("_test.py") or name == "conftest.py"
    )


FLASK_APP = re.compile(r"^(\w+)\s*(?::\s*[\w.]+\s*)?=\s*(?:flask\.)?Flask\(", re.M)
# The app made inside a factory function (indented): the framework, not a module's app object.
FLASK_IN_FACTORY = re.compile(r"^[ \t]+\w+\s*(?::\s*[\w.]+\s*)?=\s*(?:flask\.)?Flask\(__name__", re.M)


_FACTORY = re.compile(r"^def (create_app|make_app)\(", re.M)
_MADE = re.compile(r"^(\w+)\s*=\s*(?:create_app|make_app)\(", re.M)  # app = create_app("dev") in manage.py
_STARLETTE = re.compile(r"^(\w+)\s*=\s*(?:Starlette|Litestar|Sanic|Quart)\(", re.M)


ENTRY_NAMES = ("main.py", "app.py", "wsgi.py", "asgi.py", "server.py", "api.py", "application.py", "run.py")


def entry_rank(rel_in_app: str) -> tuple[int, int, str]:
    name = rel_in_app.rsplit("/", 1)[-1]
    return (rel_in_app.count("/"), ENTRY_NAMES.index(name) if name in ENTRY_NAMES else 99, rel_in_app)


def local_path(folder: str, rel: str) -> str:
    return rel[len(folder) + 1 :] if folder else rel


def django_start(
    tree: Tree, folder: str, texts: dict[str, str], names: set[str], port: int
) -> Command | None:
    """The server for the Django project's WSGI/ASGI application, else manage.py's runserver
    (None without a manage.py: nautobot runs as its own console script, nautobot-server)."""
    manage = join(folder, "manage.py")
    argv = ("python", "manage.py", "runserver", f"0.0.0.0:{port}")
    runserver = Command(argv, manage, "runserver") if tree.has(manage) else None
    if runserver is None and (script := manage_script(tree, folder)):  # ralph's console script
        runserver = Command((script[0], *argv[2:]), script[1], f"console_scripts.{script[0]}")
    settings = settings_module(tree, folder)
    target: tuple[str, str, str] | None = None  # (kind, "proj.wsgi.application", source)
    settings_files = sorted(
        texts,
        key=lambda r: (0 if settings and module_of(local_path(folder, r)).startswith(settings) else 1, r),
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
    modules = {module_of(local_path(folder, r)): r for r in texts}
    target = application_module(modules, texts, names, target)  # wsgi.py, asgi.py
    if target is None:
        return runserver
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
        # a master (uwsgidecorators need one) that SIGTERM stops (2.0 reloads), never appless
        master = ("--master", "--die-on-term", "--need-app")
        return Command(("uwsgi", "--http", f":{port}", *master, "--module", spec), source, detail)
    if "waitress" in names:
        return Command(("waitress-serve", f"--port={port}", spec), source, detail)
    return runserver


def _find_app(folder: str, texts: dict[str, str], pattern: re.Pattern[str]) -> tuple[str, str, str] | None:
    """(module, variable, file) of the first app object matching ``pattern``."""
    hits = []
    for rel, text in texts.items():
        m = pattern.search(text)
        if m:
            hits.append(
                (entry_rank(local_path(folder, rel)), module_of(local_path(folder, rel)), m.group(1), rel)
            )
    if not hits:
        return None
    hits.sort()
    _, module, var, rel = hits[0]
    return module, var, rel


def src_is_package(texts: dict[str, str]) -> bool:
    """The code imports its modules as ``src.something``: src/ is a package run from the top."""
    return any(re.search(r"^\s*(?:from|import)\s+src\.", text, re.M) for text in texts.values())


_TOP_IMPORT = re.compile(r"^(?:from|import)\s+(\w+)", re.M)


def _code_root(folder: str, texts: dict[str, str], rel: str) -> str:
    """The folder the app's module imports its siblings from as top-level modules (romm's
    backend/main.py: `from startup import main`, `from config import …`, beside it in
    backend/), when they are not modules of the app's folder itself: the folder the server
    must import from. "" when the module imports none so."""
    here = local_path(folder, rel).rpartition("/")[0]
    if not here or here.split("/")[0] == "src":
        return ""
    have = {local_path(folder, r).removesuffix(".py").removesuffix("/__init__") for r in texts}
    tops = {h.split("/")[0] for h in have}
    for name in _TOP_IMPORT.findall(texts[rel]):
        if f"{here}/{name}" in have or any(h.startswith(f"{here}/{name}/") for h in have):
            return "" if name in tops else here
    return ""


def asgi_start(folder: str, texts: dict[str, str], names: set[str], port: int, fw: str) -> Command | None:
    pattern = FASTAPI_APP if fw == "fastapi" else _STARLETTE
    # the shallower of a direct and a factory-made app (polar's create_app() over its sub-app)
    made = _fastapi_factory_app(folder, texts) if fw == "fastapi" else None
    hits = [h for h in (_find_app(folder, texts, pattern), made) if h]
    found = min(hits, key=lambda h: entry_rank(local_path(folder, h[2]))) if hits else None
    factory = (
        found is None
        and fw in _FACTORY_CLASSES
        and (found := _uncalled_factory(folder, texts, fw)) is not None
    )
    if found is None:
        return None
    module, var, rel = found
    if src_is_package(texts) and local_path(folder, rel).startswith("src/") and not module.startswith("src"):
        module = f"src.{module}"  # the code imports `from src.auth ...`: src is the package
    spec = f"{module}:{var}"
    root = _code_root(folder, texts, rel)
    if root and ("uvicorn" in names or "fastapi-cli" not in names or factory):
        spec = f"{module_of(local_path(folder, rel)[len(root) + 1 :])}:{var}"
    if "uvicorn" in names or "fastapi-cli" not in names or factory:
        app_dir = root
        if local_path(folder, rel).startswith("src/") and not src_is_package(texts) and module != "src":
            # the folder above the module's packages: src/, or litestar-fullstack's src/py/
            top = local_path(folder, rel).split("/")[:-1]
            package = [*top]
            while (
                len(package) > 1
                and f"{'/'.join([folder, *package] if folder else package)}/__init__.py" in texts
            ):
                package.pop()
            top = package if package != top else ["src"]  # a namespace package: from src/ as before
            app_dir = "/".join(top)
            spec = f"{module_of(local_path(folder, rel)[len(app_dir) + 1 :])}:{var}" if len(top) > 1 else spec
        argv: tuple[str, ...] = ("uvicorn", *(("--factory",) if factory else ()), spec)
        argv += ("--host", "0.0.0.0", "--port", str(port))
        if app_dir:
            argv += ("--app-dir", app_dir)
        return Command(argv, rel, f"{var} = {fw}")
    return Command(("fastapi", "run", local_path(folder, rel), "--port", str(port)), rel, f"{var} = {fw}")


UWSGI_BIND = re.compile(r"^\s*(?:http|http-socket|bind)\s*[=:]\s*\[?['\"]?[\w.]*:(\d{2,5})", re.M)


_STATIC_DIRS = re.compile(r"^STATICFILES_DIRS\s*[+]?=\s*[\[(]((?:\([^()]*\)|[^\]\)\(])*)[\])]", re.M)
_STATIC_ITEM = re.compile(
    r"os\.path\.join\([^()]*\)|str\([^()]*\)|\w+\s*/\s*['\"][^'\"]+['\"](?:\s*/\s*['\"][^'\"]+['\"])*|['\"][^'\"]+['\"]"
)
_MEDIA = re.compile(r"^\s*(MEDIA_ROOT|STATIC_ROOT)\s*=\s*(.+)$", re.M)
_NAMED_FOLDER = re.compile(r"""^[ \t]*([A-Z][A-Z0-9_]*(?:_NAME|_DIR))\s*=\s*['"]([\w.-]+)['"]\s*$""", re.M)


_CONFIG_SPEC = re.compile(r"""\(\s*['"]?\w+['"]?\s*,\s*['"]\w+['"]\s*,\s*(.*?)\s*\)\s*,?\s*$""")
_UPLOAD = re.compile(
    # (GreedyBear's DJANGO_LOG_DIRECTORY = "/var/log/greedybear/django", its LOGGING's folder;
    # not dejacode's CHANGELOG_PATH, a file)
    r"""(?<![A-Za-z0-9])(UPLOAD_FOLDER|UPLOAD_DIR|UPLOADS_DIR|UPLOAD_PATH|UPLOAD_ROOT|DATA_DIR|LOG_FOLDER|LOG_DIRECTORY|LOG_DIR|LOGS_DIR"""
    r"""|LOG_PATH|LOGS_PATH|['"]PATH(?=['"]\s*:\s*os\.path\.join\(\s*BASE_DIR))"""
    r"""['"]?\]?\s*[:=]\s*(.+)$""",
    re.M,
)


_SQLITE_URL = re.compile(r"""(sqlite(?:\+\w+)?):///([^'"\s`]+)""")
_SQLITE_JOINED = re.compile(r"""['"](sqlite(?:\+\w+)?):///['"]\s*\+\s*(os\.path\.join\([^)\n]*\))""")
# 'NAME': BASE_DIR / "db.sqlite3", or os.path.join(BASE_DIR, 'db.sqlite3') (a comma inside),
# or a .db file (patchman's '/var/lib/patchman/db/patchman.db', for its own sqlite3 backend)
_DJANGO_SQLITE = re.compile(r"""['"]NAME['"]\s*:\s*([^\n]*?\.(?:sqlite3?|db)\b[^,\n]*)""")


# A data folder named from the module's own file, as a setting's default (MediaManager's
# image_directory: Path = Path(__file__).parent.parent / "data" / "images", made at start)
_FILE_DATA = re.compile(
    r"""Path\(__file__\)(?:\.(?:resolve|absolute)\(\))?(?:\.parent)+\s*/\s*['"](data|uploads?|media|storage|files)['"]"""
)
# A file of the app's own tree it rewrites, named by a path helper (MIND's update_manifest:
# filename = folder_path('frontend', 'static', 'json', 'pwa_manifest.json'); open(filename, 'w'))
_PATH_PARTS = re.compile(r"""\b(\w+)\s*=\s*\w+\(\s*((?:['"][\w.-]+['"]\s*,\s*)+)['"][\w-]+\.\w+['"]\s*\)""")
_MAKEDIRS = re.compile(r"\bos\.(?:mkdir|makedirs)\(\s*([A-Za-z_]\w*)\b|\b([A-Za-z_]\w*)\.mkdir\(")
_LOG_IN_DIR = re.compile(r"""['"]filename['"]\s*:\s*([A-Z][A-Z0-9_]*)\s*/\s*['"][^'"/]+\.log['"]""")


def writable_in(
    text: str, rel: str, app_dir: str = "", below: str = "", texts: Texts = None
) -> list[WritablePath]:
    """The folders the module at ``rel`` writes, relative to ``app_dir``: a Django project's
    folder ``below`` the app's (whose image data folder, where a data variable points, is then
    ../data from there). Folder variables of a sibling it star-imports count (star_dirs)."""
    data_folder = posixpath.relpath(DATA_FOLDER, below) if below else DATA_FOLDER
    found: list[WritablePath] = []
    here = rel.rpartition("/")[0]
    here = (
        here[len(app_dir) + 1 :]
        if app_dir and here.startswith(app_dir + "/")
        else ("" if here == app_dir else here)
    )
    known = (
        base_dirs(text, here, data_folder) if "__file__" in text or "cwd()" in text or '(".")' in text else {}
    )
    known = {**star_dirs(text, rel, texts or {}, here, data_folder), **known}
    for m in _MAKEDIRS.finditer(text):  # os.makedirs(LOG_DIR), with LOG_DIR known
        path = known.get(m.group(1) or m.group(2))
        if path:
            last = path.rsplit("/", 1)[-1].lower()
            # wizarr's DATABASE_DIR.mkdir(): the folder its SQLite file lives in, kept in a volume
            kind = "logs" if "log" in last else "data-dir" if last in ("database", "db", "data") else "data"
            found.append(WritablePath(path, kind, rel, "os.makedirs"))
    for m in _PATH_PARTS.finditer(text) if "open(" in text else ():
        if re.search(rf"""\bopen\(\s*{m.group(1)}\s*,\s*['"][wa]""", text):
            parts = re.findall(r"""['"]([\w.-]+)['"]""", m.group(2))
            if ".." not in parts:
                found.append(WritablePath("/".join(parts), "data", rel, "a file the app rewrites"))
    for m in _FILE_DATA.finditer(text) if "__file__" in text else ():
        if (path := from_file(m.group(0), here)) is not None:
            found.append(WritablePath(path, "data-dir", rel, "data folder beside the code"))
    folder_names = dict(_NAMED_FOLDER.findall(text)) if "_NAME" in text or "_DIR" in text else {}
    for m in _MEDIA.finditer(text):
        # a folder's name kept in a constant (MEDIA_ROOT_NAME = "media"): written out; a call
        # over several lines (byro's `config.get(\n "filesystem", "static", fallback=...)`) whole
        expr = root_expr(text, m.start(2), m.group(2), folder_names)
        path = resolve(expr, known) or last_string(expr)
        if path:
            kind = "media" if m.group(1) == "MEDIA_ROOT" else "static-root"
            # STATIC_ROOT set inside a block (`if not DEBUG:`): only when its condition holds
            in_block = m.group(0)[:1] in " \t" and kind == "static-root"
            detail = f"{m.group(1)} in a block" if in_block else m.group(1)
            found.append(
                WritablePath(path.strip("/") if not path.startswith("/") else path, kind, rel, detail)
            )
    for m in _LOG_IN_DIR.finditer(text):  # LOGGING's "filename": DATADIR / "evap.log"
        if (folder := known.get(m.group(1))) is not None:
            found.append(WritablePath(folder or ".", "logs", rel, "LOGGING file handler"))
    # STATICFILES_DIRS = [BASE_DIR / "static", "/public"]: folders collectstatic reads
    for m in _STATIC_DIRS.finditer(text):
        # entries only, not the comments inside the list ("Don't forget to use absolute paths")
        items = _STATIC_ITEM.findall(re.sub(r"#[^\n]*", "", m.group(1)))
        found += _static_dirs(items, known, rel)
    # A value may go on after a backslash: X = config["X"] \ (newline) or os.path.join(...)
    for m in _UPLOAD.finditer(re.sub(r"\\\n\s*", " ", text)):
        # a config spec's default, last (Headphones' 'LOG_DIR': (path, 'General', ''))
        expr = spec.group(1) if (spec := _CONFIG_SPEC.match(m.group(2))) else m.group(2)
        path = (
            (from_file(expr, here) if "__file__" in expr else None)
            or resolve(expr, known)
            or last_string(expr)
        )
        if path and "LOG" in m.group(1) and path.endswith(".log"):
            path = path.rpartition("/")[0] or "."  # LOG_PATH = BASE_DIR / "logs" / "app.log": its folder
        # (not a message, `"Setting up LOCAL_SCRAPYD_LOGS_DIR: %s"`, nor a setting's own name)
        plain = re.fullmatch(r"[\w./~-]+", path or "") and not re.fullmatch(r"[A-Z][A-Z0-9_]*", path or "")
        if path and plain and not path.startswith(("http:", "https:", "s3:", "/dev/", "/proc/")):
            # a search index's folder (Haystack's Whoosh 'PATH': os.path.join(BASE_DIR, 'whoosh_index'))
            data = m.group(1) in ("DATA_DIR", "'PATH", '"PATH')
            kind = "data" if data else "logs" if "LOG" in m.group(1) else "uploads"
            found.append(WritablePath(path, kind, rel, m.group(1)))
    consts = dict(re.findall(r"""^([A-Za-z_]\w*)\s*=\s*['"]([^'"{}]+)['"]\s*$""", text, re.M))
    for m in _SQLITE_URL.finditer(text):  # f'sqlite:///{DB_NAME}' with DB_NAME = "database.db"
        # not an example in a comment (scrapydweb's `# 'sqlite:////home/username'`), nor a
        # pattern (`re.match(r'sqlite:///(.+)$', url)`)
        commented = text[text.rfind("\n", 0, m.start()) + 1 : m.start()].lstrip().startswith("#")
        url = m.group(2).partition("?")[0]  # (not its options: ?check_same_thread=False)
        if commented or not re.fullmatch(r"[\w./~{}()-]+", url):
            continue
        path = re.sub(r"\{(\w+)\}", lambda c: consts.get(c.group(1), c.group(0)), url)
        inner = re.fullmatch(r"\{([^{}]*__file__[^{}]*)\}/([^{}]+)", path)
        if inner:  # f"sqlite:///{os.path.dirname(os.path.abspath(__file__))}/app.db"
            at = from_file(inner.group(1), here)
            path = "/".join(p for p in (at, inner.group(2)) if p) if at is not None else ""
        if path and path != ":memory:" and "{" not in path:
            where = path if path.startswith("/") else path.removeprefix("./")
            found.append(WritablePath(where, "sqlite", rel, "sqlite URL", configured=True, scheme=m.group(1)))
    for m in _SQLITE_JOINED.finditer(text):  # 'sqlite:///' + os.path.join(basedir, 'app.db')
        path = resolve(m.group(2), known)
        if path and path.endswith((".db", ".sqlite", ".sqlite3")):
            found.append(
                WritablePath(
                    path, "sqlite", rel, "sqlite URL joined to a folder", configured=True, scheme=m.group(1)
                )
            )
    if "sqlite3" in text or "spatialite" in text:  # (GeoDjango's SQLite backend)
        for m in _DJANGO_SQLITE.finditer(text):
            # os.path.join(BASE_DIR, "db.sqlite3"), BASE_DIR two folders up from
            # demodesk/config/settings.py: demodesk/db.sqlite3
            path = resolve(m.group(1), known) or last_string(m.group(1))
            if path:
                found.append(WritablePath(path, "sqlite", rel, "DATABASES NAME", configured=True))
        code = live_code("python", text)
        if not any(w.kind == "sqlite" for w in found) and engines_of(code) == {"sqlite3"}:
            # 'NAME': 'crm_db': a file of that name where the app runs (django-crm)
            block = code[code.find("DATABASES") :].split("\n}", 1)[0] if "DATABASES" in code else ""
            # (not a dotted path: AUTH_PASSWORD_VALIDATORS' 'NAME's past an unclosed block)
            names = [n for n in _NAME.findall(block) if n.count(".") < 2]
            found += [WritablePath(n, "sqlite", rel, "DATABASES NAME", configured=True) for n in names]
    return found


_NAME = re.compile(r"""['"]NAME['"]\s*:\s*['"]([\w][\w.-]*)['"]\s*[,}\n]""")


def _static_dirs(items: list[str], known: dict[str, str | None], rel: str) -> list[WritablePath]:
    """STATICFILES_DIRS = [BASE_DIR / "static", "/public"]: folders collectstatic reads."""
    found: list[WritablePath] = []
    for item in items:
        path = resolve(item, known) or (last_string(item) if item[:1] in "'\"" else None)
        if path and ".." not in path.split("/"):
            found.append(WritablePath(path.rstrip("/"), "static-dir", rel, "STATICFILES_DIRS"))
    return found
