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

import re

from .envcollect import ENGINE_NAMES, Collector
from .envconfigarg import scan_configargparse
from .envdjconf import scan_django_configurations
from .envguards import env_guarded_lines, in_function
from .envhelpers import py_env_helpers, py_raising_helpers, py_with_environ_alias
from .envjs_lists import scan_connection_hosts, scan_option_table, scan_read_shapes, scan_required_lists
from .envjs_schema import is_env_schema, scan_config_reads, scan_env_defaults, scan_env_schema
from .envpydantic import Shared, environ_schema, scan_pydantic_settings
from .envroles import ROLES, classify

# A list default (django-environ's env.list("ALLOWED_HOSTS", default=["localhost"])).
_PY_LIST_DEFAULT = re.compile(
    r"""\(\s*['"]([A-Z][A-Z0-9_]*)['"]\s*,[^()]{0,200}?\bdefault\s*=\s*\[([^\]]*)\]"""
)
# A list of the variables the code checks are set, named as such (required_env_vars, secret_vars).
_REQUIRED_LIST = re.compile(
    r"^\s*(\w*(?:required|secret|mandatory)\w*)\s*=\s*[\[(]([^\])]*)[\])]", re.M | re.I
)

_NAME = r"([A-Za-z_][A-Za-z0-9_]*)"
_RAISES_NEXT = re.compile(r"\s*:\s*raise\b")  # an `if not read(...)` whose body raises
_PY_PATTERNS = (
    re.compile(r"""environ\s*\[\s*['"]""" + _NAME + r"""['"]\s*\]"""),
    re.compile(r"""environ\.(?:get|setdefault|pop)\(\s*['"]""" + _NAME + r"""['"]"""),
    re.compile(r"""\bgetenv\(\s*['"]""" + _NAME + r"""['"]"""),
    re.compile(
        r"""\benv(?:\.(?:str|bool|int|float|list|dict|json|url|path|db_url|cache_url|db|cache|email_url|search_url"""
        r"""|dj_db_url|dj_cache_url|dj_email_url|decimal|date|datetime|timedelta|uuid|log_level))?\(\s*['"]"""
        + _NAME
        + r"""['"]"""
    ),
    # python-decouple's config("X"), not a method of the app's own (flatpages.config("x"))
    re.compile(r"""(?<![\w.])config\(\s*['"]""" + _NAME + r"""['"]"""),
)
_ENGINE_WORDS = "(?:" + "|".join(sorted(ENGINE_NAMES)) + ")"
# SQLAlchemy's URL.create(os.getenv("DB_DRIVER", "sqlite"), ...): the dialect (postgresql+psycopg2)
_SA_DIALECT = re.compile(
    r"""URL\.create\(\s*(?:drivername\s*=\s*)?(?:os\.)?(?:getenv|environ\.get)\(\s*['"](\w+)['"]"""
)
_PY_DB_ENGINE = re.compile(
    # (also wrapped: "ENGINE": str(os.getenv("SQL_ENGINE")))
    r"""['"]ENGINE['"]\s*:\s*(?:str\(\s*)?(?:os\.environ\.get|os\.getenv|getenv|environ\.get|env(?:\.str)?|config)"""
    r"""\(\s*['"]([A-Z][A-Z0-9_]*)['"]"""
)
# The framework's signing key from a variable of any name (SECRET_KEY = os.environ.get("CONDUIT_
# SECRET"), app.config["SECRET_KEY"] = os.getenv(...)): the app's secret, a random value serves.
_PY_SIGNING_KEY = re.compile(
    r"""(?:^\s*SECRET_KEY\s*(?::\s*\w+\s*)?=|\[\s*['"]SECRET_KEY['"]\s*\]\s*=)\s*"""
    r"""(?:os\.)?(?:getenv|environ\.get|environ\[|env(?:\.str)?\(|config\()\(?\s*['"]""" + _NAME,
    re.M,
)
_PY_ENGINE_TEST = re.compile(
    r"""(?:getenv|environ\.get|\benv(?:\.str)?)\(\s*['"]"""
    + _NAME
    + r"""['"][^)]*\)\s*[!=]=\s*['"]((?i:"""
    + _ENGINE_WORDS
    + r"""))['"]"""
)
_CACHE_LOCATION = re.compile(
    r"""['"]LOCATION['"]\s*:\s*(?:os\.environ\.get|os\.getenv|env(?:\.str)?|config)\(\s*['"]"""
    + _NAME
    + r"""['"]"""
)
_PY_REQUIRED = re.compile(r"""(?<!del )\bos\.environ\s*\[\s*['"]""" + _NAME + r"""['"]\s*\](?!\s*=[^=])""")
_DECOUPLE_REQUIRED = re.compile(
    r"""(?<![\w.])config\(\s*['"]""" + _NAME + r"""['"]\s*(?:,\s*cast\s*=\s*[\w.]+\s*)?,?\s*\)"""
)
# (not cfenv's AppEnv.get_credential("X"), which falls back to None, nor a plain .get)
_ENVIRON_REQUIRED = re.compile(
    r"""\benv(?:\.(?!get_credential\b|get\b|getenv\b)\w+)?\(\s*['"]""" + _NAME + r"""['"]\s*\)"""
)
_CFENV_READ = re.compile(r"""\.get_credential\(\s*['"]""" + _NAME + r"""['"]\s*(?:,\s*['"]([^'"\n]*)['"])?""")
# int(os.environ["X"]), bool(int(os.getenv("X"))), env.bool("X"): a number or switch, no address
_PY_SCALAR = re.compile(
    r"""\b(?:(?:int|float)\(\s*(?:os\.)?(?:getenv\(|environ\.get\(|environ\[)|env\.(?:bool|int|float)\()"""
    r"""\s*['"]""" + _NAME + r"""['"]"""
)
# os.environ.get(KEY_X[, "default"]), os.getenv(KEY_X), os.environ[KEY_X]: a constant's name
# (read: not lando's `os.environ[ENV_COMMITTER_NAME] = email` nor its `del os.environ[...]`)
_PY_CONSTANT_READ = re.compile(
    r"""\b(?:(?:environ\.get|getenv)\(\s*([A-Z][A-Z0-9_]*)\s*(?:,\s*['"]([^'"\n]*)['"]\s*)?\)"""
    r"""|(?<!del os\.)environ\[\s*([A-Z][A-Z0-9_]*)\s*\](?!\s*=[^=]))"""
)
_PY_TRUTHY = re.compile(r"""\bbool\(\s*(?:os\.)?(?:getenv|environ\.get)\(\s*['"]""" + _NAME + r"""['"]""")
# os.environ.get("X").split(" ") / os.getenv("X").lower(): the value is used as a string.
_PY_GET_USED = re.compile(
    r"""\b(?:os\.getenv|os\.environ\.get)\(\s*['"]""" + _NAME + r"""['"]\s*\)\s*\.\s*\w"""
)
# "X" in os.environ / os.environ.get("X") is not None / if os.getenv("X"): the code checks first.
_PY_GUARD = re.compile(
    r"""['"]""" + _NAME + r"""['"]\s+in\s+os\.environ\b"""
    # if os.getenv("SENTRY_DSN"):, and decouple's if config("SENTRY_DSN", None): (kitsune)
    r"""|\bif\s+(?:not\s+)?(?:os\.(?:getenv|environ\.get)|(?<![\w.])config)\(\s*['"]"""
    + _NAME
    + r"""['"]\s*(?:,[^()]*)?\)"""
)
# The code sets the variable itself: os.environ.setdefault("X", ...), os.environ["X"] = ...
_PY_SETS = re.compile(
    r"""os\.environ(?:\.setdefault\(\s*|\[\s*)['"]([A-Za-z_]\w*)['"](?:\s*,|\s*\]\s*=(?!=))"""
)
_PY_DEFAULT = re.compile(
    r"""(?:getenv|environ\.get|\benv(?:\.\w+)?|\bconfig)\(\s*['"]"""
    + _NAME
    # the second argument, or default=: not another keyword (decouple's cast=int)
    + r"""['"]\s*,\s*(?:default\s*=\s*|(?!\s*[A-Za-z_]\w*\s*=[^=]))"""
    # a literal (a string, f-strings too, or a number, True, False): not an expression, whose
    # value is unknown (`_default_redis_url`, `getattr(settings, "X", None)`)
    + r"""(?:[rRfFbBuU]{0,2}['"]([^'"\)]*)|(-?\d[\d.]*|True|False)\b)"""
)
# A read that takes the variable as possibly absent: os.getenv("X"), os.environ.get("X"),
# env.get_value("X", default=None), env("X", default=None); not os.getenv("X").split(",").
_PY_ABSENT_OK = re.compile(
    r"""(?:\bos\.getenv|\benviron\.get|\.get_value|\benv(?:\.\w+)?)\(\s*['"]"""
    + _NAME
    + r"""['"]\s*(?:\)|,\s*(?:default\s*=\s*)?None\s*\))(?!\s*\.\s*\w)"""
)
# os.getenv("BOILERPLATE_ENV") or "dev": the value when the variable is unset or empty.
_PY_OR_DEFAULT = re.compile(
    r"""(?:getenv|environ\.get)\(\s*['"]""" + _NAME + r"""['"]\s*\)\s*or\s*['"]([^'"]*)['"]"""
)
_ENV_PREFIX = re.compile(r"""^(\w+)\.prefix\s*=\s*['"]([A-Z][A-Z0-9_]*_)['"]""", re.M)
_PY_IMPLICIT = (
    (re.compile(r"\benv\.db(?:_url)?\(\s*\)"), "DATABASE_URL"),
    (re.compile(r"\benv\.cache(?:_url)?\(\s*\)"), "CACHE_URL"),
    # config(default=...) reads DATABASE_URL too, unless env= names another variable
    (
        re.compile(r"\bdj_database_url\.config\((?![^)]*\benv\s*=)|\bdj_database_url\.parse\(\s*\)"),
        "DATABASE_URL",
    ),
)
# dj_database_url.config(env="EGO_DATABASE_URL", default=…): the database's URL under that name
_DJ_DB_ENV = re.compile(r"""\bdj_database_url\.config\([^)]*?\benv\s*=\s*['"]([A-Z][A-Z0-9_]*)['"]""")
_JS_PATTERNS = (
    re.compile(r"process\.env\.([A-Za-z_][A-Za-z0-9_]*)"),
    re.compile(r"""process\.env\[\s*['"`]""" + _NAME + r"""['"`]\s*\]"""),
    # Not Vite's own flags (import.meta.env.MODE, DEV, PROD, SSR, BASE_URL): no variable sets them.
    re.compile(r"import\.meta\.env\.(?!(?:MODE|DEV|PROD|SSR|BASE_URL)\b)([A-Za-z_][A-Za-z0-9_]*)"),
    re.compile(r"\bBun\.env\.([A-Za-z_][A-Za-z0-9_]*)"),
)
# A helper that reads a variable (nest-admin's env('DB_HOST', '127.0.0.1'), envNumber('DB_PORT')):
# upper-case names only, so that other env() calls (a test's, a template's) do not count.
# Also a helper that asserts one (@silverhand/essentials' assertEnv('DB_URL'), getEnv, requireEnv),
# and Strapi's typed readers (env.array('APP_KEYS'), env.int('PORT', 1337)).
_JS_ENV_CALL = re.compile(
    r"""\b(?:env(?:Number|Int|Bool|Boolean|String|Array)?|env\.(?:array|int|float|bool|json|date|str)"""
    r"""|assertEnv|getEnv|requireEnv)\(\s*['"]([A-Z][A-Z0-9_]*)['"]"""
    r"""\s*(?:,\s*['"]?([^'"\s,)]+))?"""
)
# convict: the option's default (when a literal before it in the same object), then its env name
_CONVICT_ENV = re.compile(
    r"""(?:\bdefault\s*:\s*['"]?([^'",\n{}]*?)['"]?\s*,\s*(?:[^{}]*?,\s*)?)?\benv\s*:\s*['"]([A-Z][A-Z0-9_]*)['"]"""
)
# The env-var library: get('DB_HOST').required().asString(), get('X').default('3000').asPortNumber().
_ENV_VAR_GET = re.compile(
    r"""\b(?:env\.)?get\(\s*['"]([A-Z][A-Z0-9_]*)['"]\s*\)((?:\s*\.\s*\w+\([^()]*\))*)"""
)
_ENV_VAR_DEFAULT = re.compile(r"""\.\s*default\(\s*['"`]?([^'"`)]*)""")
_JS_DESTRUCTURE = re.compile(r"\{([^{}]{1,800})\}\s*=\s*process\.env\b")
_QUOTED = re.compile(r"""\s*(['"`])[^'"`]*\1\s*""")
_JS_DEFAULT = re.compile(r"process\.env\.([A-Za-z_][A-Za-z0-9_]*)\s*(?:\|\||\?\?)\s*['\"]?([^'\"\s;,)]+)")
_SPRING = re.compile(r"\$\{([A-Z][A-Z0-9_]*)(?::([^}]*))?\}")
_ENV_LINE = re.compile(r"^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(.*)$")


def _switched_lines(text: str) -> frozenset[int]:
    """env_guarded_lines, parsed only for a module with an if, a try or a decorator."""
    return env_guarded_lines(text) if re.search(r"^\s*(?:if|try|@)", text, re.M) else frozenset()


def scan_python(
    text: str,
    source: str,
    out: Collector,
    shared: Shared | None = None,
    decouple: bool = False,
) -> None:
    """The variables ``text`` reads; ``decouple``: the app depends on python-decouple, whose
    ``config`` a settings module may import from another (``from .base import *``)."""
    if "values." in text and "configurations" in text:  # django-configurations' values
        scan_django_configurations(text, source, out)
    if "auto_env_var_prefix" in text:  # ConfigArgParse's options, read from the environment too
        scan_configargparse(text, source, out)
    helpers = shared.helpers if shared else frozenset()
    if not any(w in text for w in ("env", "config(", "Settings", *helpers)):
        return
    text = py_with_environ_alias(text) if "os.environ" in text else text  # env = os.environ.copy()
    prefix = _ENV_PREFIX.search(text) if ".prefix" in text else None
    if prefix:  # django-environ's env.prefix = "OPENCVE_": env.str("SECRET_KEY") reads OPENCVE_SECRET_KEY
        calls = re.compile(rf"""(\b{prefix.group(1)}(?:\.\w+)?\(\s*['"])([A-Z][A-Z0-9_]*)""")
        text = calls.sub(lambda m: m.group(1) + prefix.group(2) + m.group(2), text)
    defaults: dict[str, str] = out.entry_defaults(text, source)  # manage.py's setdefault()
    for m in _PY_DEFAULT.finditer(text):
        value = m.group(2) if m.group(2) is not None else m.group(3)
        if value and value != "None":
            defaults.setdefault(m.group(1), value)
    for m in _PY_OR_DEFAULT.finditer(text):
        defaults.setdefault(m.group(1), m.group(2))
    for m in _PY_LIST_DEFAULT.finditer(text) if "default" in text else ():  # default=["localhost"]
        defaults.setdefault(m.group(1), ",".join(re.findall(r"""['"]([^'"]*)['"]""", m.group(2))))
    schema = environ_schema(text) if "Env(" in text else {}
    for name, value in schema.items():
        defaults.setdefault(name, value)  # django-environ's schema: none of them is required
        out.add(name, source, default=value)
    for pattern in _PY_PATTERNS:
        for m in pattern.finditer(text):
            out.add(m.group(1), source, default=defaults.get(m.group(1)))
    scan_read_shapes(text, out)  # (`.split(" ")`, DATABASES' keys); os.environ["X"]/.get("X").split()
    reads = [m for pattern in (_PY_REQUIRED, _PY_GET_USED) for m in pattern.finditer(text)]
    if reads:  # parsed only for a file with such reads
        guarded = {m.group(1) or m.group(2) for m in _PY_GUARD.finditer(text)}
        guarded |= set(_PY_SETS.findall(text))  # os.environ.setdefault("PUID", ...) first (ArchiveBox)
        optional_lines = env_guarded_lines(text)
        for m in reads:
            line = text.count("\n", 0, m.start()) + 1
            required = m.group(1) not in guarded and line not in optional_lines
            if required and in_function(text, m.start()):
                out.needed_in_function(m.group(1))
                required = False
            out.add(m.group(1), source, required=required, raises=True)
    for m in _PY_ABSENT_OK.finditer(text) if "None" in text or "get" in text else ():
        out.optional(m.group(1))
    if "environ" in text:  # environs' env.str("X") and django-environ's env("X") raise without it
        switched = _switched_lines(text)
        for m in _ENVIRON_REQUIRED.finditer(text):
            if m.group(1) not in schema:
                line = text.count("\n", 0, m.start()) + 1
                out.add(m.group(1), source, required=line not in switched, raises=True)
    if "get_credential" in text:  # cfenv's AppEnv: a bound service's credential, else the variable
        for m in _CFENV_READ.finditer(text):
            out.add(m.group(1), source, default=m.group(2))
    if decouple or "decouple" in text:  # python-decouple's config("X") with no default raises
        # unless the code asks first, or reads it only where the environment allows it
        asked = {m.group(1) or m.group(2) for m in _PY_GUARD.finditer(text)}
        switched = _switched_lines(text)
        for m in _DECOUPLE_REQUIRED.finditer(text):
            line = text.count("\n", 0, m.start()) + 1
            out.add(
                m.group(1), source, required=m.group(1) not in asked and line not in switched, raises=True
            )
    # The project's own helpers around os.getenv (def envbool(name, default): ... os.getenv(name)):
    # each call with a literal name is a read of that variable.
    raising = py_raising_helpers(text) if "def " in text else frozenset()
    # (imported by name, or called through its module: endurain's core_config.read_secret("X"))
    imported = [
        h
        for h in helpers
        if h in text
        and re.search(rf"^from\s[^\n]*\bimport\b[^\n]*\b{h}\b|\b[a-z_]\w*\.{h}\(\s*['\"]", text, re.M)
    ]
    own = py_env_helpers(text) if "def " in text else []
    for helper in dict.fromkeys([*own, *imported]):
        for m in re.finditer(rf"(\bif\s+not\s+)?\b{re.escape(helper)}\(\s*['\"]{_NAME}['\"]\s*(\))?", text):
            # (or the code raises when it is empty: MyFinances' `if not get_var("SITE_URL"): raise`)
            raised = bool(m.group(1) and m.group(3) and _RAISES_NEXT.match(text, m.end()))
            out.add(m.group(2), source, required=(helper in raising and m.group(3) is not None) or raised)
    for m in _REQUIRED_LIST.finditer(text) if "environ" in text or "getenv" in text else ():
        # endurain's `secret_vars = ["DB_PASSWORD", …]`, then `for var in secret_vars:` to check
        # them: the loop's next lines look the name up in the environment and raise or exit
        loop = re.search(rf"\bfor\s+\w+\s+in\s+{m.group(1)}\b[^\n]*\n((?:[ \t]+[^\n]*\n){{1,8}})", text)
        body = loop.group(1) if loop else ""
        if ("environ" in body or "getenv" in body) and re.search(r"\braise\b|\bexit\(", body):
            for name in re.findall(r"""['"]([A-Z][A-Z0-9_]{2,})['"]""", m.group(2)):
                out.add(name, source, required=True)
    for m in _DJ_DB_ENV.finditer(text) if "dj_database_url" in text else ():
        out.add(m.group(1), source, default="")
        out.database_url(m.group(1))
    if "RedisCache" in text:  # CACHES = {"default": {"BACKEND": "...RedisCache", "LOCATION": getenv("X")}}
        for m in _CACHE_LOCATION.finditer(text):
            out.redis_location(m.group(1))
    for m in _PY_ENGINE_TEST.finditer(text) if "==" in text or "!=" in text else ():
        out.engine_selector(m.group(1), m.group(2))
    out.settings_selectors(text)  # DATABASE_ENGINE = from_env("DATABASE_ENGINE", …), then == "sqlite"
    for m in _SA_DIALECT.finditer(text) if "URL.create" in text else ():
        out.django_backend(m.group(1), "database_dialect")
    for m in _PY_DB_ENGINE.finditer(text) if "ENGINE" in text else ():
        out.django_backend(m.group(1))  # 'ENGINE': os.environ.get("SQL_ENGINE"), the backend module
    if "SECRET_KEY" in text:
        for m in _PY_SIGNING_KEY.finditer(text):
            out.signing_key(m.group(1))
    for m in _PY_TRUTHY.finditer(text) if "bool(" in text else ():  # bool(os.getenv("DEBUG", 0)): true
        out.add(m.group(1), source, truthy=True)
    for m in _PY_SCALAR.finditer(text):
        out.scalar(m.group(1))
    for pattern, name in _PY_IMPLICIT if "env." in text or "dj_database_url" in text else ():
        if pattern.search(text):
            out.add(
                prefix.group(2) + name if prefix and "dj_database" not in pattern.pattern else name, source
            )
    if shared is not None and shared.names and ("environ" in text or "getenv" in text):
        for m in _PY_CONSTANT_READ.finditer(text):  # os.environ.get(KEY_DATABASE_URI)
            if variable := shared.names.get(m.group(1) or m.group(3)):
                out.add(variable, source, default=m.group(2), required=m.group(3) is not None)
    if "BaseSettings" in text or (shared and any(f"({name})" in text for name in shared.settings)):
        scan_pydantic_settings(text, source, out, shared)


# A connection URL built in a template literal: the variable right after its "@" is the host.
_JS_URL_HOST = re.compile(
    r"\b([A-Za-z][\w+]*)://[^@`'\"\s]*@\$\{\s*process\.env\.([A-Za-z_][A-Za-z0-9_]*)\s*\}"
)
# A connection object's host read from the environment (a knex / pg / mysql2 config).
_JS_REQUIRED = re.compile(r"process\.env\.([A-Za-z_][A-Za-z0-9_]*)!(?!=)")  # (not `X!== 'off'`)
_JS_SWITCH = re.compile(
    r"process\.env\.\w+\s*[!=]==?\s*['\"][^'\"\n]*['\"]\s*\)?\s*(?:\?|&&)|\bif\s*\(\s*!?\s*process\.env\.\w+"
)


def scan_js(text: str, source: str, out: Collector) -> None:
    if is_env_schema(text):
        scan_env_schema(text, source, out)
    if ".get" in text and "onfig" in text:
        scan_config_reads(text, source, out)
    if "nv" in text:
        scan_env_defaults(text, source, out)
    for m in _JS_ENV_CALL.finditer(text):  # the app's own helper: env('DB_HOST', '127.0.0.1')
        out.add(m.group(1), source, default=m.group(2))
    if "convict" in text:  # convict's schema: { doc, format, default: '127.0.0.1', env: 'DB_HOST' }
        for m in _CONVICT_ENV.finditer(text):
            given = m.group(1) if m.group(1) not in (None, "", "null", "undefined") else None
            out.add(m.group(2), source, default=given)
    scan_option_table(text, source, out)
    if "env-var" in text:
        for m in _ENV_VAR_GET.finditer(text):
            given = _ENV_VAR_DEFAULT.search(m.group(2))
            default = given.group(1) if given else None
            out.add(m.group(1), source, default=default, required=".required(" in m.group(2) and not given)
    if ".env" not in text:
        return
    defaults = {m.group(1): m.group(2) for m in _JS_DEFAULT.finditer(text) if "(" not in m.group(2)}
    for pattern in _JS_PATTERNS:
        for m in pattern.finditer(text):
            out.add(m.group(1), source, default=defaults.get(m.group(1)))
    for m in _JS_DESTRUCTURE.finditer(text):
        for part in m.group(1).split(","):
            name, _, given = part.split(":")[0].partition("=")  # `SERVER_HOST = "localhost"`: its default
            if re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", name := name.strip()):
                out.add(name, source, default=given.strip()[1:-1] if _QUOTED.fullmatch(given) else None)
    for m in _JS_REQUIRED.finditer(text):  # TypeScript's non-null assertion: the code assumes it is set
        # unless another variable switches that code on (kan's `process.env.NEXT_PUBLIC_KAN_ENV
        # === "cloud" ? [stripe({ ... process.env.STRIPE_WEBHOOK_SECRET! })] : []`)
        # and only as the module loads: at its top or in a top-level object (not deep inside a
        # function, such as a request handler, which runs later if ever)
        switched = _JS_SWITCH.search(text[max(0, m.start() - 800) : m.start()])
        line = text[text.rfind("\n", 0, m.start()) + 1 : m.start()]
        # (indented, an assignment is a function's or a class's: lunary's parameter default
        # `baseUrl: string = process.env.ML_URL!`, `const secret = process.env.X!` in a handler)
        indent = line[: len(line) - len(line.lstrip())]  # a tab is a level (calendar's handler: 2 in)
        top = (level := indent.count("\t") + indent.count(" ") // 2) == 0 or (level <= 1 and "=" not in line)
        out.add(m.group(1), source, required=switched is None and top)
    scan_required_lists(text, source, out)
    scan_read_shapes(text, out)
    for m in _JS_URL_HOST.finditer(text):
        out.url_host(m.group(2), m.group(1).lower())
    for m in _JS_CONN_URL.finditer(text):  # TypeORM's { url: process.env.DATABASE }
        out.connection_url(m.group(1))
    for m in _JS_DB_NAME.finditer(text):  # { DB: process.env.DB_SCHEMA || 'testdb' }
        out.database_name(m.group(1))
    scan_connection_hosts(text, out)


# (not the test of a ternary: jellyseerr's `database: process.env.CONFIG_DIRECTORY ? ... : ...`)
_JS_DB_NAME = re.compile(
    r"\b(?:database|dbName|DB|DB_NAME|DATABASE)\s*:\s*process\.env\.(\w+)\b(?!\s*\?(?!\?))"
)
_JS_CONN_URL = re.compile(
    r"\b(?:url|uri|connectionString|connectionUri|dbConnectionString|databaseUrl|dbUrl)\s*[:=]\s*process\.env\.(\w+)"
)


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
    "scan_js",
    "scan_python",
    "scan_spring",
]
