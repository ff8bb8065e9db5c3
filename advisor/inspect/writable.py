"""Folders the app writes next to its code, read from the code without running it: an SQLite
file at a relative path, a log folder it creates or logs into, a folder it makes.

Only string literals count (``os.mkdir("logs")``, not ``os.mkdir(path)``); a path outside
the app folder (``..``) or a URL is skipped. The fact names the file or folder as written;
the build plan turns a file into the folder that holds it.
"""

from __future__ import annotations

import re

from .facts import WritablePath
from .tree import Tree, join
from .writable_module import FROM_MODULE_FOLDER

_Q = r"""['"`]([^'"`\n]{1,200})['"`]"""
PATTERNS: dict[str, tuple[tuple[re.Pattern[str], str, str], ...]] = {
    "python": (
        (re.compile(r"sqlite3\.connect\(\s*" + _Q), "sqlite", "sqlite3.connect"),
        (re.compile(r"os\.(?:mkdir|makedirs)\(\s*" + _Q), "logs?", "os.mkdir"),
        (re.compile(r"Path\(\s*" + _Q + r"\s*\)\.mkdir\("), "logs?", "Path.mkdir"),
        (re.compile(r"FileHandler\(\s*(?:filename\s*=\s*)?" + _Q), "log-file", "logging FileHandler"),
        (re.compile(r"basicConfig\([^)]*\bfilename\s*=\s*" + _Q), "log-file", "logging.basicConfig"),
        (re.compile(r"\blogger\.add\(\s*(?:sink\s*=\s*)?" + _Q), "log-file?", "loguru sink"),
        (re.compile(r"\b(?:CachedSession|install_cache)\(\s*" + _Q), "written-file", "requests-cache"),
        # a LOGGING dict's file handler (Django's settings, dictConfig): its "filename"
        (
            re.compile(
                r"""['"]class['"]\s*:\s*['"][\w.]*FileHandler['"][^{}]{0,300}?['"]filename['"]\s*:\s*""" + _Q
            ),
            "log-file",
            "LOGGING file handler",
        ),
        (
            re.compile(
                r"""['"]filename['"]\s*:\s*"""
                + _Q
                + r"""[^{}]{0,300}?['"]class['"]\s*:\s*['"][\w.]*FileHandler"""
            ),
            "log-file",
            "LOGGING file handler",
        ),
        # an SQLite file variable's default (SecObserve's env("HUEY_FILENAME", default="/x/huey.db"))
        (
            re.compile(
                r"(?:getenv|environ\.get|\benv(?:\.\w+)?)\(\s*['\"]\w+['\"]\s*,\s*(?:default\s*=\s*)?" + _Q
            ),
            "sqlite?",
            "SQLite file variable default",
        ),
        # A log file variable's default (MediaManager's os.getenv("LOG_FILE", "/app/config/x.log"))
        (
            re.compile(
                r"""(?:getenv|environ\.get)\(\s*['"]\w*LOG\w*['"]\s*,\s*['"]([^'"\n]{1,200}\.log)['"]"""
            ),
            "log-file",
            "log file default",
        ),
        # A data folder in the image's own /app, the app's folder (mealie's
        # Path(DATA_DIR if DATA_DIR else "/app/data")): data/ there.
        (
            re.compile(r"""['"]/app/(data|uploads?|media|storage|files|db)/?['"]"""),
            "data-dir",
            "data folder",
        ),
    ),
    "go": (
        (re.compile(r"sqlite\.Open\(\s*" + _Q), "sqlite", "gorm sqlite.Open"),
        (re.compile(r"sql\.Open\(\s*\"sqlite3?\"\s*,\s*" + _Q), "sqlite", "sql.Open sqlite"),
        (re.compile(r"os\.(?:Mkdir|MkdirAll)\(\s*" + _Q), "logs?", "os.MkdirAll"),
        (re.compile(r"os\.(?:OpenFile|Create)\(\s*" + _Q), "log-file?", "os.OpenFile"),
    ),
    # Spring's application.properties / .yml (spring.datasource.url=jdbc:sqlite:dev.db).
    "java": ((re.compile(r"jdbc:sqlite:(?:file:)?([^\s;?'\"]+)"), "sqlite", "jdbc:sqlite URL"),),
    "node": (
        # better-sqlite3's and sqlite3's file (a path: not ueberdb's `new Database('memory', …)`, a driver)
        (
            re.compile(
                r"new\s+(?:Database|sqlite3\.Database)\(\s*(?:path\.(?:resolve|join)\(\s*(?:process\.cwd\(\)\s*,\s*)?)?"
                r"['\"`](?=[^'\"`\n]*[./])([^'\"`\n]{1,200})['\"`]"  # (express-app's path.resolve(…))
            ),
            "sqlite",
            "SQLite database file",
        ),
        (re.compile(r"\bstorage\s*:\s*" + _Q), "sqlite?", "Sequelize storage"),
        # TypeORM's sqlite database (`database: '/opt/data/app.sqlite'`), knex's `connection: { filename:
        # './dev.sqlite3' }` (or its production branch: NODE_ENV === 'production' ? '/opt/data/x' : …)
        (
            re.compile(
                r"\b(?:database|filename)\s*:\s*(?:process\.env\.NODE_ENV\s*===?\s*['\"]production['\"]\s*\?\s*"
                # or with no folder variable: overseerr's `process.env.X ? ... : 'config/db/db.sqlite3'`
                r"|process\.env\.(?!NODE_ENV)\w+\s*\?[^:;]{0,200}?:\s*)?" + _Q
            ),
            "sqlite?",
            "SQLite database setting",
        ),
        # a file variable's default: Strapi's env('DATABASE_FILENAME', '.tmp/data.db'),
        # process.env.SQLITE_PATH || 'data/app.db'
        (
            re.compile(
                r"""(?:DATABASE|DB|SQLITE)[A-Z_]*(?:FILENAME|FILE|PATH)['"]?\s*(?:,|\)?\s*(?:\|\||\?\?))\s*"""
                + _Q
            ),
            "sqlite?",
            "SQLite file default",
        ),
        (re.compile(r"fs\.(?:mkdirSync|mkdir)\(\s*" + _Q), "logs?", "fs.mkdir"),
        # a log folder from a folder variable: path.resolve(`${currentDir}/logs`) (pino's file)
        (re.compile(r"(?:resolve|join)\(\s*`\$\{\w+\}/(logs?)/?`"), "logs?", "log folder"),
        # session-file-store's folder: new FileStore({ path: './sessions' })
        (re.compile(r"new\s+FileStore\(\s*\{[^}]*?\bpath\s*:\s*" + _Q), "data-dir", "session files"),
        # a folder setting from the working folder: LOG_DIR: path.resolve(process.cwd(), './log')
        (
            re.compile(
                r"\b\w*(?:DIR|Dir|FOLDER|Folder)\w*\s*[:=]\s*path\.(?:resolve|join)\(\s*process\.cwd\(\)\s*,\s*"
                r"['\"`](?:\./)?([\w.-]+(?:/[\w.-]+)*)['\"`]\s*\)"
            ),
            "logs?",
            "folder setting",
        ),
        *FROM_MODULE_FOLDER,  # (writable_module.py)
        # a log folder built from the module's own folder (path.join(__dirname, "../../logs")),
        # or a log folder setting's default (constructor(logBaseDir: string = 'logs'))
        (re.compile(r"__dirname\s*,\s*['\"`](?:\.\./)*(logs)\b"), "logs?", "log folder"),
        (
            re.compile(
                r"\b\w*[Ll]og\w*(?:[Dd]ir|[Pp]ath|[Ff]older)\w*\s*(?::\s*string\s*)?=\s*['\"]((?:\./)?logs)['\"]"
            ),
            "logs?",
            "log folder default",
        ),
        # process.env.LOG_DIR || 'logs' (winston's dirname, then fs.mkdirSync(LOG_DIR))
        (
            re.compile(
                r"process\.env\.\w*LOG\w*_(?:DIR|PATH|FOLDER)\b[^;\n]{0,80}?(?:\|\||\?\?)\s*['\"]((?:\./)?[\w./-]*logs?)['\"]"
            ),
            "logs?",
            "log folder default",
        ),
        # morgan's access log: fs.createWriteStream(path.join(__dirname, '../log/access.log')),
        # the module's folder taken as the app's (dist/ or src/ sits one below it)
        (
            re.compile(
                r"createWriteStream\(\s*(?:(?:path\.)?(?:join|resolve)\(\s*__dirname\s*,\s*)?['\"`](?:\.{1,2}/)*"
                r"([^'\"`\n]{1,200})['\"`]"
            ),
            "log-file?",
            "write stream",
        ),
        # a log file under the working folder (`${process.cwd()}/logs/planka.log`) or app-root-path's
        (
            re.compile(
                r"`\$\{(?:process\.cwd\(\)|appRoot(?:Path)?(?:\.path)?|rootDir|rootPath|ROOT_DIR|ROOT_PATH"
                r"|__basedir|projectRoot|PROJECT_ROOT)\}/([^`$\n]{1,200})`"
            ),
            "log-file?",
            "log file",
        ),
        # a log folder there: path.join(process.cwd(), '/logs/') (Lunalytics' daily-rotate-file)
        (
            re.compile(r"""join\(\s*process\.cwd\(\)\s*,\s*['"`]/?(logs?)(?=/|['"`])"""),
            "logs?",
            "log folder",
        ),
        # a data folder under the working folder (Lunalytics: path.join(process.cwd(), 'data', 'x.json'))
        (
            re.compile(
                r"""(?:(?:join|resolve)\(\s*process\.cwd\(\)\s*,\s*['"`]/?|`\$\{process\.cwd\(\)\}/)"""
                r"""(data|uploads?|storage|files|db)(?=/?['"`]|/)"""
            ),
            "data-dir",
            "data folder under the working folder",
        ),
        # a variable's folder, else one under the working folder, which the app makes
        # (nostream: process.env.NOSTR_CONFIG_DIR ?? join(process.cwd(), '.nostr'); audiobookshelf:
        # process.env.CONFIG_PATH || Path.resolve('config'), which resolves from the working folder)
        (
            re.compile(
                r"""process\.env\.\w+\s*(?:\|\||\?\?)\s*(?:path\.)?(?:join|resolve)\(\s*process\.cwd\(\)\s*,\s*"""
                r"""['"`](?:\./)?([\w.-]+)['"`]\s*\)"""
                r"""|process\.env\.\w*(?:CONFIG|DATA|METADATA|STORAGE|DB|DATABASE|UPLOADS?)_?(?:DIR|DIRECTORY|PATH|FOLDER)\b"""
                r"""\s*(?:\|\||\?\?)\s*[Pp]ath\.resolve\(\s*['"`](?:\./)?([\w.-]+)['"`]\s*\)"""
            ),
            "data-dir",
            "folder default under the working folder",
        ),
        # log4js / winston file appenders: { type: "file", filename: "logs/main.log" }
        (re.compile(r"\b(?:file)?[Nn]ame\s*:\s*" + _Q), "log-file?", "log file appender"),
        # process.env.DATA_DIR || args["data-dir"] || "./data/": the folder the app keeps its data in
        (
            re.compile(
                r"process\.env\.\w*(?:DATA|STORAGE)\w*_(?:DIR|PATH|FOLDER|ROOT)\b[^;\n]{0,160}?(?:\|\||\?\?)\s*"
                + _Q
                + r"\s*[;)\n]"
            ),
            "data-dir",
            "data folder default",
        ),
        # a file written into a folder of the app's (haste-server minifies its scripts at start:
        # fs.writeFileSync('./static/' + dest, ...)): the folder is the app user's
        (
            re.compile(r"fs\.(?:write|append)File(?:Sync)?\(\s*['\"`](?:\./)?((?:[\w.-]+/)*[\w-][\w.-]*)/"),
            "logs?",
            "fs.writeFile",
        ),
        # a file store's folder default: this.basePath = options.path || './data'
        (
            re.compile(
                r"\b\w*(?:[Pp]ath|[Dd]ir)\s*=\s*[\w.]+\s*(?:\|\||\?\?)\s*"
                r"['\"]\./((?:data|storage|uploads?|files|db|store|documents)/?)['\"]"
            ),
            "data-dir",
            "file store folder default",
        ),
        # NestJS GraphQL writes its code-first schema at start (autoSchemaFile: join(process.cwd(),
        # 'src/schema.gql')): the file's folder is the app user's.
        (
            re.compile(r"\bautoSchemaFile\s*:\s*(?:join\(\s*process\.cwd\(\)\s*,\s*)?" + _Q),
            "written-file",
            "GraphQL autoSchemaFile",
        ),
        # An env schema's upload folder and its default (@fastify/env, convict, envalid):
        # UPLOAD_DIRNAME: { type: 'string', default: 'uploads' }
        (
            re.compile(
                # the option object's body, to its closing brace at a line's end
                r"\b\w*UPLOADS?_(?:DIR|DIRNAME|DIRECTORY|FOLDER|PATH|ROOT)\w*\s*:\s*(?:\w+\()?\{"
                r"(?:(?!\}\s*\)?,?\s*\n)[^\n]|\n){0,300}?\bdefault\s*:\s*" + _Q
            ),
            "uploads",
            "upload folder default",
        ),
    ),
}


# Words a pattern cannot match without (by its detail): files without them are not searched.
_NEEDLES = {
    "data folder under the working folder": ("process.cwd",),
    "folder setting": ("process.cwd",),
    "folder default under the working folder": ("process.cwd", "ath.resolve"),
    "SQLite database setting": ("database", "filename"),
    "SQLite file default": ("DATABASE", "DB", "SQLITE"),
    "log file default": ("LOG",),
    "file store folder default": ("||", "??"),
    "upload folder default": ("UPLOAD",),
    "GraphQL autoSchemaFile": ("autoSchemaFile",),
    "Sequelize storage": ("storage",),
    "upload folder": ("__dirname",),
    "log folder default": ("log'", 'log"', "logs'", 'logs"'),
    "log file appender": (".log",),  # (only a name ending in .log counts)
}


def clean_path(path: str) -> str | None:
    path = path.strip()
    if not path or path == ":memory:" or "://" in path or "{" in path or "%" in path or "$" in path:
        return None
    if path.startswith("/"):
        return path.rstrip("/") or None
    parts = [p for p in path.removeprefix("./").split("/") if p not in ("", ".")]
    if not parts or ".." in parts:
        return None
    return "/".join(parts)


def writable_paths(text: str, rel: str, language: str) -> list[WritablePath]:
    """The paths the code in ``text`` writes, each with its kind (sqlite, logs, data)."""
    found: list[WritablePath] = []
    for pattern, kind, detail in PATTERNS.get(language, ()):
        needles = _NEEDLES.get(detail)
        if needles is not None and not any(n in text for n in needles):
            continue  # (the pattern's literal words are not in the file: nothing to search)
        for m in pattern.finditer(text):
            raw = next(g for g in m.groups() if g is not None).strip()
            if kind == "written-file":
                folder = clean_path(raw.rpartition("/")[0] or ".") if "/" in raw else "."
                if folder is not None:
                    found.append(WritablePath(folder, "data", rel, detail))
                continue
            if kind.startswith("log-file") and raw.endswith(".log") and "/" in raw:
                # only the folder counts: winston-daily-rotate-file's 'logs/app.%DATE%.log'
                folder = clean_path(raw.rpartition("/")[0] or "/")
                if folder is not None:
                    found.append(WritablePath(folder, "logs", rel, detail))
                continue
            path = clean_path(raw)
            if path is None and kind == "sqlite?" and "sqlite" in text and "/" in raw.partition("${")[0]:
                # a file named in a template (`./config/reiverr${ENV === 'development' ? …}.sqlite`):
                # its folder, named before the template's first value, holds the database
                if (folder := clean_path(raw.partition("${")[0].rpartition("/")[0] or "/")) is not None:
                    found.append(WritablePath(folder, "data-dir", rel, detail))
                continue
            if path is None:
                continue
            if kind == "sqlite?" and not path.endswith((".db", ".sqlite", ".sqlite3")):
                continue
            if kind == "log-file?" and not path.endswith(".log"):
                continue
            if kind.startswith("log-file"):
                folder = path.rpartition("/")[0]
                found.append(WritablePath(folder or ".", "logs", rel, detail))
                continue
            if kind in ("data-dir", "uploads"):
                if path.endswith((".db", ".sqlite", ".sqlite3")):
                    # DATABASE_PATH || "app.db": an SQLite file, not a folder (statusphere)
                    found.append(WritablePath(path, "sqlite", rel, detail))
                    continue
                found.append(WritablePath(path, kind, rel, detail))
                continue
            if kind == "logs?":
                kind_ = "logs" if "log" in path.rsplit("/", 1)[-1].lower() else "data"
                found.append(WritablePath(path, kind_, rel, detail))
                continue
            # Spring's datasource URL is configuration: a database server's URL replaces it.
            found.append(WritablePath(path, "sqlite", rel, detail, configured=language == "java"))
    return found


_STATIC_FOLDER = re.compile(r"""static_folder\s*=\s*['"]([\w./-]+)['"]""")


def flask_assets_folder(text: str, rel: str, local: str) -> WritablePath | None:
    """Flask-Assets (webassets) writes its bundles, and copies of what they reference
    (``webassets-external/``), into the app's static folder at run time: ``static/`` beside
    the module that sets it up (``local``: that module's path in the app folder), or the
    folder ``static_folder=`` names."""
    if "flask_assets" not in text or "Environment(" not in text:
        return None
    m = _STATIC_FOLDER.search(text)
    path = clean_path(m.group(1)) if m else None
    if path is None or path.startswith("/"):
        path = "static"
    here = local.rpartition("/")[0]
    return WritablePath(f"{here}/{path}" if here else path, "data", rel, "Flask-Assets")


def dedupe_writable(items: list[WritablePath]) -> tuple[WritablePath, ...]:
    seen: set[tuple[str, str]] = set()
    result = []
    for w in items:
        if (w.path, w.kind) not in seen:
            seen.add((w.path, w.kind))
            result.append(w)
    return tuple(result)


_SQLALCHEMY_SQLITE = re.compile(
    r"""SQLALCHEMY_DATABASE_URI['"]?\]?\s*[=:]\s*f?['"]sqlite:///(?![/{]*(?:os|environ))"""
)
_OLD_FLASK_SQLALCHEMY = re.compile(r"^\s*flask[-_]sqlalchemy\s*(?:==|<=|~=|<)\s*[0-2]\.", re.I | re.M)


def in_flask_instance(
    paths: list[WritablePath], requirements: str, texts: dict[str, str]
) -> list[WritablePath]:
    """Flask-SQLAlchemy 3 keeps the file of a relative SQLite URL given as its own setting
    (``app.config['SQLALCHEMY_DATABASE_URI'] = f'sqlite:///{DB_NAME}'``, no variable read) in
    the app's instance folder, which it creates: instance/ at the app's top, the app user's, in
    a volume (2.x, pinned in ``requirements``, kept it in the working folder)."""
    if _OLD_FLASK_SQLALCHEMY.search(requirements):
        return paths
    out: list[WritablePath] = []
    for w in paths:
        setting = _SQLALCHEMY_SQLITE.search(texts.get(w.source, ""))
        if setting and w.kind == "sqlite" and w.scheme and w.detail == "sqlite URL" and "/" not in w.path:
            into = f"instance/{w.path}"
            out.append(
                WritablePath(into, "sqlite", w.source, "Flask-SQLAlchemy", configured=True, scheme=w.scheme)
            )
            out.append(WritablePath("instance", "data-dir", w.source, "Flask instance folder"))
        else:
            out.append(w)
    return out


_CONFIG_SQLITE = re.compile(r"""\bsqlite(?:\+\w+)?:///(?:\./)?([\w-]+(?:\.[\w-]+)*\.(?:db|sqlite3?))\b""")
CONFIG_FILES = ("config.yml", "config.yaml", "settings.yml", "settings.yaml", "config.ini", "app.ini")


def config_sqlite(tree: Tree, folder: str) -> list[WritablePath]:
    """An SQLite URL with a relative file in the app's own config file (ets-labs'
    fastapi-sqlalchemy example: config.yml's `url: "sqlite:///./webapp.db"`): a file where the
    app runs, among its code."""
    found: list[WritablePath] = []
    for rel in (join(folder, n) for n in CONFIG_FILES):
        for m in _CONFIG_SQLITE.finditer(tree.text(rel) or ""):
            found.append(
                WritablePath(
                    m.group(1), "sqlite", rel, "sqlite URL in config", configured=True, scheme="sqlite"
                )
            )
    return found


# A file's place named once (RSA_PRIVATE_KEY_PATH: path.resolve(process.cwd(), './src/config/key/
# a.pem')) and written by name in another module (fs.writeFile(RSA_PRIVATE_KEY_PATH, pem)).
_FILE_CONSTANT = re.compile(
    r"\b([A-Za-z_]\w*(?:PATH|Path|FILE|File))\s*[:=]\s*path\.(?:resolve|join)\(\s*process\.cwd\(\)\s*,\s*"
    r"['\"`](?:\./)?((?:[\w.-]+/)+)[\w.-]+['\"`]\s*\)"
)


def written_constants(texts: dict[str, str]) -> list[WritablePath]:
    """The folders of the files the code names by a constant from the working folder and
    writes by that name elsewhere (koa-typeorm-cms-be generates its RSA key pair there)."""
    named = {
        m.group(1): (m.group(2).rstrip("/"), rel)
        for rel, t in texts.items()
        if "process.cwd" in t
        for m in _FILE_CONSTANT.finditer(t)
    }
    if not named:
        return []
    written = re.compile(r"\bwriteFile(?:Sync)?\(\s*(" + "|".join(map(re.escape, named)) + r")\b")
    found = {m.group(1) for t in texts.values() if "writeFile" in t for m in written.finditer(t)}
    return [
        WritablePath(named[n][0], "data", named[n][1], "file written by its setting") for n in sorted(found)
    ]
