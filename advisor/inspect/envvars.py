"""Environment-variable names an app reads, and the role each name probably plays.

Names are collected from source text by patterns per language (never by running code):

* Python: ``os.environ["X"]``, ``os.environ.get("X")``, ``os.getenv("X")``,
  ``environ.get``, django-environ ``env("X")`` / ``env.str("X")`` / ``env.db()``
  (``DATABASE_URL``) / ``env.cache()`` (``CACHE_URL``), python-decouple ``config("X")``,
  and pydantic-settings ``BaseSettings`` classes (field names, upper-cased, with
  ``env_prefix``; ``alias``/``validation_alias`` strings; ``Literal[...]`` and ``Enum``
  annotations give the allowed values).
* JavaScript/TypeScript: ``process.env.X``, ``process.env["X"]``,
  ``const { X, Y } = process.env``, ``import.meta.env.X``.
* Go: ``os.Getenv("X")``, ``os.LookupEnv("X")``, struct tags ``env:"X"`` /
  ``envconfig:"X"``.
* Spring: ``${X}`` / ``${X:default}`` placeholders in ``application*.properties`` /
  ``.yml`` whose name is upper case (lower-case ones are property references).
* Any project: the keys of ``.env.example``, ``.env.sample``, ``.env.template``,
  ``.env.dist``.

``classify(name)`` assigns one role from ``ROLES`` by the first matching rule, checked in
this order: database URL, database parts, redis URL, redis parts, broker URL, secret,
storage, app environment, debug, port, settings module, else ``other``.
"""

from __future__ import annotations

import ast
import dataclasses
import re
from collections.abc import Iterable

from .envroles import ROLES, classify
from .facts import EnvVar

_NAME = r"([A-Za-z_][A-Za-z0-9_]*)"
_PY_PATTERNS = (
    re.compile(r"""environ\s*\[\s*['"]""" + _NAME + r"""['"]\s*\]"""),
    re.compile(r"""environ\.(?:get|setdefault|pop)\(\s*['"]""" + _NAME + r"""['"]"""),
    re.compile(r"""\bgetenv\(\s*['"]""" + _NAME + r"""['"]"""),
    re.compile(
        r"""\benv(?:\.(?:str|bool|int|float|list|dict|json|url|path|db_url|cache_url|db|cache|email_url|search_url))?\(\s*['"]"""
        + _NAME
        + r"""['"]"""
    ),
    re.compile(r"""\bconfig\(\s*['"]""" + _NAME + r"""['"]"""),
)
_ENGINE_NAMES = frozenset({"sqlite", "sqlite3", "postgres", "postgresql", "mysql", "mariadb", "mongodb"})
_ENGINE_WORDS = "(?:" + "|".join(sorted(_ENGINE_NAMES)) + ")"
# The framework's own signing key set from a variable, whatever its name (Flask's and Django's
# SECRET_KEY = os.environ.get("CONDUIT_SECRET", ...), app.config["SECRET_KEY"] = os.getenv(...)):
# the app's secret, which a random value serves.
_PY_SIGNING_KEY = re.compile(
    r"""(?:^\s*SECRET_KEY\s*(?::\s*\w+\s*)?=|\[\s*['"]SECRET_KEY['"]\s*\]\s*=)\s*"""
    r"""(?:os\.)?(?:getenv|environ\.get|environ\[|env(?:\.str)?\(|config\()\(?\s*['"]""" + _NAME,
    re.M,
)
_PY_ENGINE_TEST = re.compile(
    r"""(?:getenv|environ\.get|\benv(?:\.str)?)\(\s*['"]"""
    + _NAME
    + r"""['"][^)]*\)\s*[!=]=\s*['"]"""
    + _ENGINE_WORDS
    + r"""['"]"""
)
_PY_DEF = re.compile(r"^def\s+(\w+)\(\s*(\w+)[^)]*\)[^:]*:\n((?:[ \t]+.*\n|[ \t]*\n)+)", re.M)


def _py_env_helpers(text: str) -> list[str]:
    """Module-level functions that look their first parameter up in the environment."""
    found = []
    for m in _PY_DEF.finditer(text):
        name, param, body = m.group(1), m.group(2), m.group(3)
        p = re.escape(param)
        lookup = rf"(?:getenv|environ\.get|environ\.setdefault)\(\s*{p}\b|environ\[\s*{p}\s*\]"
        if re.search(lookup, body):
            found.append(name)
    return found


_PY_REQUIRED = re.compile(r"""\bos\.environ\s*\[\s*['"]""" + _NAME + r"""['"]\s*\](?!\s*=[^=])""")
_PY_TRUTHY = re.compile(r"""\bbool\(\s*(?:os\.)?(?:getenv|environ\.get)\(\s*['"]""" + _NAME + r"""['"]""")
# os.environ.get("X").split(" ") / os.getenv("X").lower(): the value is used as a string.
_PY_GET_USED = re.compile(
    r"""\b(?:os\.getenv|os\.environ\.get)\(\s*['"]""" + _NAME + r"""['"]\s*\)\s*\.\s*\w"""
)
# "X" in os.environ / os.environ.get("X") is not None / if os.getenv("X"): the code checks first.
_PY_GUARD = re.compile(
    r"""['"]""" + _NAME + r"""['"]\s+in\s+os\.environ\b"""
    r"""|\bif\s+(?:not\s+)?os\.(?:getenv|environ\.get)\(\s*['"]""" + _NAME + r"""['"]\s*\)"""
)
_PY_DEFAULT = re.compile(
    r"""(?:getenv|environ\.get|\benv(?:\.\w+)?|\bconfig)\(\s*['"]"""
    + _NAME
    + r"""['"]\s*,\s*(?:default\s*=\s*)?['"]?([^'"\),]*)"""
)
_PY_IMPLICIT = (
    (re.compile(r"\benv\.db(?:_url)?\(\s*\)"), "DATABASE_URL"),
    (re.compile(r"\benv\.cache(?:_url)?\(\s*\)"), "CACHE_URL"),
    (re.compile(r"\bdj_database_url\.(?:config|parse)\(\s*\)"), "DATABASE_URL"),
)
_JS_PATTERNS = (
    re.compile(r"process\.env\.([A-Za-z_][A-Za-z0-9_]*)"),
    re.compile(r"""process\.env\[\s*['"`]""" + _NAME + r"""['"`]\s*\]"""),
    # Not Vite's own flags (import.meta.env.MODE, DEV, PROD, SSR, BASE_URL): no variable sets them.
    re.compile(r"import\.meta\.env\.(?!(?:MODE|DEV|PROD|SSR|BASE_URL)\b)([A-Za-z_][A-Za-z0-9_]*)"),
    re.compile(r"\bBun\.env\.([A-Za-z_][A-Za-z0-9_]*)"),
)
_JS_DESTRUCTURE = re.compile(r"\{([^{}]{1,800})\}\s*=\s*process\.env\b")
_JS_DEFAULT = re.compile(r"process\.env\.([A-Za-z_][A-Za-z0-9_]*)\s*(?:\|\||\?\?)\s*['\"]?([^'\"\s;,)]+)")
_GO_PATTERNS = (
    re.compile(r"""os\.(?:Getenv|LookupEnv)\(\s*"([A-Za-z_][A-Za-z0-9_]*)"\s*\)"""),
    re.compile(r"""\b(?:env|envconfig)\s*:\s*\\?"([A-Za-z_][A-Za-z0-9_]*)"""),
    re.compile(r"""viper\.(?:BindEnv|GetString|GetInt|GetBool)\(\s*"([A-Z_][A-Z0-9_]*)"\s*"""),
    # the project's own helpers: getenv("X", "fallback"), getEnv("X"), envOr("X", …)
    re.compile(r'\b(?:[gG]et[eE]nv\w*|env\w*|mustEnv\w*)\(\s*"([A-Z][A-Z0-9_]*)"'),
)
_SPRING = re.compile(r"\$\{([A-Z][A-Z0-9_]*)(?::([^}]*))?\}")
_ENV_LINE = re.compile(r"^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(.*)$")


class Collector:
    """Accumulates names in first-seen order; the first source wins."""

    def __init__(self) -> None:
        self._found: dict[str, EnvVar] = {}
        self._selectors: set[str] = set()
        self._signing: set[str] = set()

    def signing_key(self, name: str) -> None:
        """The framework's signing key comes from the variable (SECRET_KEY = getenv("X"))."""
        self._signing.add(name)

    def engine_selector(self, name: str) -> None:
        """The code compares the variable with an engine's name (getenv("DB") == "postgres")."""
        self._selectors.add(name)

    def add(
        self,
        name: str,
        source: str,
        *,
        allowed: Iterable[str] = (),
        default: str | None = None,
        required: bool = False,
        truthy: bool = False,
    ) -> None:
        if not name or name.startswith("_") or len(name) > 80:
            return
        allowed_t = tuple(allowed)
        old = self._found.get(name)
        if old is not None:
            more = (allowed_t and not old.allowed) or (default is not None and old.default is None)
            if more or (required and not old.required) or (truthy and not old.truthy):
                self._found[name] = EnvVar(
                    name,
                    old.role,
                    old.source,
                    old.allowed or allowed_t,
                    old.default if old.default is not None else default,
                    old.required or required,
                    old.truthy or truthy,
                )
            return
        self._found[name] = EnvVar(name, classify(name), source, allowed_t, default, required, truthy)

    def result(self) -> tuple[EnvVar, ...]:
        # A variable whose default is an engine's name (DB=sqlite, DB_ENGINE=postgres) selects
        # the database engine, whatever its name suggests (but for a name's "postgres").
        # One whose default is a Django backend (SQL_ENGINE=django.db.backends.sqlite3) names
        # the backend module.
        return tuple(
            dataclasses.replace(v, role="database_backend")
            if (v.default or "").startswith("django.db.backends.")
            and v.role in ("database_name", "database_engine", "other")
            else dataclasses.replace(v, role="database_engine")
            if ((v.default or "").lower() in _ENGINE_NAMES or v.name in self._selectors)
            and v.role in ("database_name", "other")
            # POSTGRES_DB / DATABASE__DB = "postgres": the server's own default database's name
            and not (v.role == "database_name" and v.default == "postgres" and v.name != "DATABASE")
            else dataclasses.replace(v, role="secret_key")
            if v.name in self._signing and v.role == "other"
            else v
            for v in self._found.values()
        )


def scan_python(text: str, source: str, out: Collector) -> None:
    if "env" not in text and "config(" not in text and "Settings" not in text:
        return
    defaults: dict[str, str] = {}
    for m in _PY_DEFAULT.finditer(text):
        value = m.group(2) if m.group(2) is not None else m.group(3)
        if value and value != "None":
            defaults.setdefault(m.group(1), value)
    for pattern in _PY_PATTERNS:
        for m in pattern.finditer(text):
            out.add(m.group(1), source, default=defaults.get(m.group(1)))
    # os.environ["X"], read (not assigned): KeyError without it; os.environ.get("X").split():
    # AttributeError without it. Not when the code asks first (if "X" in os.environ:).
    reads = [m for pattern in (_PY_REQUIRED, _PY_GET_USED) for m in pattern.finditer(text)]
    if reads:  # parsed only for a file with such reads
        guarded = {m.group(1) or m.group(2) for m in _PY_GUARD.finditer(text)}
        optional_lines = _env_guarded_lines(text)
        for m in reads:
            line = text.count("\n", 0, m.start()) + 1
            if m.group(1) not in guarded and line not in optional_lines:
                out.add(m.group(1), source, required=True)
    # The project's own helpers around os.getenv (def envbool(name, default): ... os.getenv(name)):
    # each call with a literal name is a read of that variable.
    for helper in _py_env_helpers(text):
        for m in re.finditer(r"\b" + re.escape(helper) + r"""\(\s*['"]""" + _NAME + r"""['"]""", text):
            out.add(m.group(1), source)
    for m in _PY_ENGINE_TEST.finditer(text):
        out.engine_selector(m.group(1))
    if "SECRET_KEY" in text:
        for m in _PY_SIGNING_KEY.finditer(text):
            out.signing_key(m.group(1))
    for m in _PY_TRUTHY.finditer(text):  # bool(os.environ.get("DEBUG", 0)): "0" is true
        out.add(m.group(1), source, truthy=True)
    for pattern, name in _PY_IMPLICIT:
        if pattern.search(text):
            out.add(name, source)
    if "BaseSettings" in text:
        _scan_pydantic_settings(text, source, out)


def _env_guarded_lines(text: str) -> set[int]:
    """Lines that run only when the code found the environment to its liking: the body of an
    ``if`` whose test reads the environment (``if "TOKEN" in os.environ:``), and of a ``try``
    (a KeyError caught). A read there does not stop the app when the variable is missing."""
    try:
        tree = ast.parse(text)
    except (SyntaxError, ValueError, RecursionError):
        return set()
    lines: set[int] = set()
    for node in ast.walk(tree):
        blocks: list[list[ast.stmt]] = []
        if isinstance(node, ast.If) and re.search(r"environ|getenv", ast.unparse(node.test)):
            blocks = [node.body, node.orelse]
        elif isinstance(node, ast.Try) and node.handlers:
            blocks = [node.body]
        for block in blocks:
            for stmt in block:
                lines.update(range(stmt.lineno, (stmt.end_lineno or stmt.lineno) + 1))
    return lines


def _literal_values(node: ast.expr | None, enums: dict[str, tuple[str, ...]]) -> tuple[str, ...]:
    """Allowed values from ``Literal["a", "b"]``, ``X | None`` or an Enum class name."""
    if node is None:
        return ()
    if isinstance(node, ast.BinOp):  # Literal[...] | None
        return _literal_values(node.left, enums) or _literal_values(node.right, enums)
    if isinstance(node, ast.Subscript):
        base = node.value
        base_name = (
            base.id if isinstance(base, ast.Name) else base.attr if isinstance(base, ast.Attribute) else ""
        )
        if base_name == "Literal":
            elts = node.slice.elts if isinstance(node.slice, ast.Tuple) else [node.slice]
            return tuple(
                str(e.value) for e in elts if isinstance(e, ast.Constant) and isinstance(e.value, str)
            )
        if base_name == "Optional":
            return _literal_values(node.slice, enums)
    if isinstance(node, ast.Name) and node.id in enums:
        return enums[node.id]
    return ()


def _keyword_str(call: ast.expr | None, *names: str) -> str | None:
    if isinstance(call, ast.Call):
        for kw in call.keywords:
            if kw.arg in names and isinstance(kw.value, ast.Constant) and isinstance(kw.value.value, str):
                return kw.value.value
    return None


def _scan_pydantic_settings(text: str, source: str, out: Collector) -> None:
    try:
        tree = ast.parse(text)
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return
    enums: dict[str, tuple[str, ...]] = {}
    settings_classes: set[str] = {"BaseSettings"}
    classes = [n for n in tree.body if isinstance(n, ast.ClassDef)]
    for cls in classes:
        bases = {
            b.id if isinstance(b, ast.Name) else b.attr if isinstance(b, ast.Attribute) else ""
            for b in cls.bases
        }
        if bases & {"Enum", "StrEnum"}:
            values = []
            for stmt in cls.body:
                # prod = "prod", and annotated members too (prod: str = "prod")
                if isinstance(stmt, (ast.Assign, ast.AnnAssign)) and isinstance(stmt.value, ast.Constant):
                    values.append(str(stmt.value.value))
            enums[cls.name] = tuple(values)
    models = {c.name: c for c in classes if not {ast.unparse(b) for b in c.bases} & {"Enum", "StrEnum"}}
    for cls in classes:  # in order, so subclasses of a settings class count too
        bases = {
            b.id if isinstance(b, ast.Name) else b.attr if isinstance(b, ast.Attribute) else ""
            for b in cls.bases
        }
        if not bases & settings_classes:
            continue
        settings_classes.add(cls.name)
        prefix, nested = "", ""
        for stmt in cls.body:
            value: ast.expr | None = None
            if (
                isinstance(stmt, ast.Assign)
                and any(isinstance(t, ast.Name) and t.id == "model_config" for t in stmt.targets)
            ) or (
                isinstance(stmt, ast.AnnAssign)
                and isinstance(stmt.target, ast.Name)
                and stmt.target.id == "model_config"
            ):
                value = stmt.value
            found = _keyword_str(value, "env_prefix")
            if found is not None:
                prefix = found
            nested = _keyword_str(value, "env_nested_delimiter") or nested
            if isinstance(stmt, ast.ClassDef) and stmt.name == "Config":
                for inner in stmt.body:
                    if (
                        isinstance(inner, ast.Assign)
                        and any(isinstance(t, ast.Name) and t.id == "env_prefix" for t in inner.targets)
                        and isinstance(inner.value, ast.Constant)
                        and isinstance(inner.value.value, str)
                    ):
                        prefix = inner.value.value
        fields = {
            s.target.id for s in cls.body if isinstance(s, ast.AnnAssign) and isinstance(s.target, ast.Name)
        }
        for stmt in cls.body:
            if not isinstance(stmt, ast.AnnAssign) or not isinstance(stmt.target, ast.Name):
                continue
            field = stmt.target.id
            if field == "model_config" or field.startswith("_"):
                continue
            if isinstance(stmt.value, ast.JoinedStr) and any(
                isinstance(n, ast.Name) and n.id in fields for n in ast.walk(stmt.value)
            ):
                # Derived from the class's other fields (URI = f"{USER}:{PASSWORD}@{SERVER}/{DB}"):
                # the parts are the settings; a value for it would have to match its own format.
                continue
            alias = _keyword_str(stmt.value, "validation_alias", "alias", "env")
            name = alias if alias else (prefix + field)
            model = models.get(ast.unparse(stmt.annotation))
            if model is not None:
                # A nested model (database: Database): read as JSON under its own name, or field
                # by field under DATABASE__HOSTNAME with env_nested_delimiter="__".
                if nested:
                    _scan_model_fields(model, f"{name}{nested}".upper(), source, out)
                continue
            default: str | None = None
            if isinstance(stmt.value, ast.Constant) and stmt.value.value is not None:
                default = str(stmt.value.value)
            # No default and not optional (JWT_ALGORITHM: str): the settings class, built as the
            # app starts, stops with a validation error without it.
            required = stmt.value is None and not _optional(stmt.annotation)
            allowed = _literal_values(stmt.annotation, enums)
            out.add(name.upper(), source, allowed=allowed, default=default, required=required)


def _scan_model_fields(model: ast.ClassDef, prefix: str, source: str, out: Collector) -> None:
    """The fields of a nested settings model, each read as PREFIX + its name."""
    for stmt in model.body:
        if (
            isinstance(stmt, ast.AnnAssign)
            and isinstance(stmt.target, ast.Name)
            and not stmt.target.id.startswith("_")
        ):
            default = (
                str(stmt.value.value)
                if isinstance(stmt.value, ast.Constant) and stmt.value.value is not None
                else None
            )
            out.add(prefix + stmt.target.id.upper(), source, default=default)


def _optional(annotation: ast.expr) -> bool:
    """``X | None``, ``Optional[X]``, ``Union[X, None]``: pydantic 1 gives such a field None."""
    return "None" in (text := ast.unparse(annotation)) or text.startswith(("Optional[", "typing.Optional["))


_JS_REQUIRED = re.compile(r"process\.env\.([A-Za-z_][A-Za-z0-9_]*)!")


# NestJS's ConfigService (and its like) reads the environment by name, the .env file too:
# config.get('JWT_SECRET'), this.configService.get<string>('DB_HOST', 'localhost'),
# configService.getOrThrow('X') (required). Upper-case names only: 'database.host' is a path
# into the app's own configuration object.
_CONFIG_GET = re.compile(
    r"\b(?:config|configService|configs?|this\.config(?:Service)?)\.(get|getOrThrow)(?:<[^>()]{1,40}>)?"
    r"""\(\s*['"`]([A-Z][A-Z0-9_]*)['"`]\s*(?:,\s*(['"`]?)([^'"`\s,)]+)\3)?\s*[,)]"""
)


def scan_js(text: str, source: str, out: Collector) -> None:
    if ".get" in text and "onfig" in text:
        for m in _CONFIG_GET.finditer(text):
            out.add(m.group(2), source, default=m.group(4), required=m.group(1) == "getOrThrow")
    if ".env" not in text:
        return
    defaults = {m.group(1): m.group(2) for m in _JS_DEFAULT.finditer(text)}
    for pattern in _JS_PATTERNS:
        for m in pattern.finditer(text):
            out.add(m.group(1), source, default=defaults.get(m.group(1)))
    for m in _JS_DESTRUCTURE.finditer(text):
        for part in m.group(1).split(","):
            name = part.split(":")[0].split("=")[0].strip()
            if re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", name):
                out.add(name, source)
    for m in _JS_REQUIRED.finditer(text):  # TypeScript's non-null assertion: the code assumes it is set
        out.add(m.group(1), source, required=True)


# viper with AutomaticEnv: a config struct's mapstructure keys are read from the environment
# too (upper case), overriding the config file.
_GO_MAPSTRUCTURE = re.compile(r"""\bmapstructure\s*:\s*\\?"([A-Za-z_][A-Za-z0-9_]*)""")


# caarlos0/env's and envconfig's struct tags: `env:"APP_NAME,required"`, `envDefault:"8080"`,
# `envconfig:"PORT" required:"true"`, `default:"8080"`.
_GO_TAG = re.compile(r"`([^`\n]*\b(?:env|envconfig):\"[A-Za-z_][A-Za-z0-9_]*[^`\n]*)`")
_GO_TAG_NAME = re.compile(r'\b(?:env|envconfig):"([A-Za-z_][A-Za-z0-9_]*)((?:,[\w=]+)*)"')
_GO_TAG_DEFAULT = re.compile(r'\b(?:envDefault|default):"([^"]*)"')


# A prefix the loader puts before every tag's name: go-env's env.New("APP_", ...),
# envconfig.Process("myapp", &c) (MYAPP_), caarlos0/env's Options{Prefix: "APP_"}.
_GO_PREFIX = re.compile(
    r'\benv\.New\(\s*"([A-Z0-9_]+)"|\bPrefix:\s*"([A-Z0-9_]+)"|\benvconfig\.Process\(\s*"(\w+)"'
)


def scan_go(text: str, source: str, out: Collector) -> None:
    found = _GO_PREFIX.search(text)
    prefix = ""
    if found is not None:
        prefix = found.group(1) or found.group(2) or f"{found.group(3).upper()}_"
    for tag in _GO_TAG.finditer(text):
        if (m := _GO_TAG_NAME.search(tag.group(1))) is None:
            continue
        default = _GO_TAG_DEFAULT.search(tag.group(1))
        required = "required" in m.group(2).split(",") or 'required:"true"' in tag.group(1)
        value = default.group(1) if default else None
        out.add(prefix + m.group(1), source, default=value, required=required and value is None)
    for pattern in _GO_PATTERNS:
        if prefix and pattern is _GO_PATTERNS[1]:
            continue  # the tags, read above with the loader's prefix
        for m in pattern.finditer(text):
            out.add(m.group(1), source)
    if "AutomaticEnv" in text:
        for m in _GO_MAPSTRUCTURE.finditer(text):
            out.add(m.group(1).upper(), source)


def scan_spring(text: str, source: str, out: Collector) -> None:
    for m in _SPRING.finditer(text):
        out.add(m.group(1), source, default=m.group(2))


def scan_dotenv(text: str, source: str, out: Collector) -> None:
    for line in text.splitlines():
        if line.lstrip().startswith("#"):
            continue
        m = _ENV_LINE.match(line)
        if m:
            out.add(m.group(1), source)


__all__ = [
    "ROLES",
    "Collector",
    "classify",
    "scan_dotenv",
    "scan_go",
    "scan_js",
    "scan_python",
    "scan_spring",
]
