"""The collector of the variables an app reads: each name once, with the first file that
reads it, its role (envroles.classify), default, allowed values and whether it is required."""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterable

from .envroles import classify
from .facts import EnvVar
from .tree import Tree, join

# A script's guard, and the files that make a folder the one the app runs from (its entry
# scripts sit there, importing their neighbours without a package).
_MAIN_GUARD = re.compile(r"^if\s+__name__\s*==\s*['\"]__main__['\"]\s*:", re.M)
_RUN_HERE = ("manage.py", "main.py", "app.py", "wsgi.py", "asgi.py", "server.py", "run.py", "__main__.py")

# An entry module's os.environ.setdefault("X", "literal"), at its top level.
_PY_SET_DEFAULT = re.compile(
    r"""^os\.environ\.setdefault\(\s*['"]([A-Za-z_]\w*)['"]\s*,\s*['"]([^'"]+)['"]""", re.M
)
_SET_LOOP = re.compile(
    r"^for\s+(\w+)\s*,\s*(\w+)\s+in\s+(\w+)\.items\(\)\s*:\s*\n\s+os\.environ\.setdefault\(\s*\1\s*,\s*\2\s*\)",
    re.M,
)
_DICT_ENTRY = re.compile(r"""['"]([A-Za-z_]\w*)['"]\s*:\s*['"]([^'"]*)['"]""")
_ENTRY_MODULES = frozenset({"manage.py", "wsgi.py", "asgi.py"})

_TOOL_FILES = frozenset({"locustfile.py", "noxfile.py", "fabfile.py", "dodo.py", "conftest.py"})

ENGINE_NAMES = frozenset({"sqlite", "sqlite3", "postgres", "postgresql", "mysql", "mariadb", "mongodb"})
# A name compared with an engine's: `if DATABASE_ENGINE == "postgresql":`
_NAME_TEST = re.compile(
    r"""\b([A-Z][A-Z0-9_]*)\s*[!=]=\s*['"]((?i:""" + "|".join(sorted(ENGINE_NAMES)) + r"""))['"]"""
)


# What git, ssh, a shell's completion or a CI runner sets for the code it runs (pagure's hooks
# read GIT_DIR and SSH_ORIGINAL_COMMAND; vendored CLIs COMP_WORDS; CI scripts GITHUB_BASE_REF):
# never a setting of the app's deployment.
_SET_BY_RUNNER = re.compile(
    r"^(?:PATH|PWD|HOME|USER|SHELL|TERM|GIT_(?:DIR|WORK_TREE|INDEX_FILE)|SSH_(?:ORIGINAL_COMMAND|CONNECTION|CLIENT|TTY|AUTH_SOCK)"
    r"|COMP_(?:WORDS|CWORD|LINE|POINT|TYPE)|GITHUB_(?:EVENT_NAME|EVENT_PATH|BASE_REF|HEAD_REF|WORKSPACE|ACTIONS|SHA|REF"
    r"|REF_NAME|RUN_ID|RUN_NUMBER|OUTPUT|ENV|STEP_SUMMARY|PATH|JOB|ACTOR))$"
)


# Roles by name a role by use wins over: a *_URL handed over as a host; a PORT a Django DATABASES
# entry takes (Fur-Ever-Friends' NEON_PORT), the database's, never the app's
_OVERRIDDEN = frozenset({("database_url", "database_host"), ("port", "database_port")})


class Collector:
    """Accumulates names in first-seen order; the first source wins. With ``relaxed`` set, the
    names come from a side tool (SIDE_TOOLS): none is required."""

    # Folders of programs beside the app that the server never runs (mediacms' cli-tool/, a
    # scripts/ folder, redash's bin/release_manager.py, the image build's own helpers in
    # docker/: linotp's symlink_custom_assets.py): what they read is no variable the app requires.
    SIDE_TOOLS = frozenset(
        {"cli-tool", "cli_tool", "scripts", "tools", "contrib", "bin", "docker", ".docker", "ci"}
        | {"smoketests", "smoke_tests", "smoke-tests", "loadtests", "load_tests", "benchmarks"}
    )
    # Those that are side tools below the top too (ctms-api's ctms/bin/delete_bulk.py, whose
    # own settings class needs CTMS_CLIENT_ID): a package's tools/ or contrib/ may be code the
    # app imports.
    SIDE_TOOLS_DEEP = SIDE_TOOLS - {"tools", "contrib"}
    # Third-party packages the project keeps in its tree (Tautulli's lib/: cherrypy, click,
    # typer): what their code reads (click's COMP_WORDS) is no variable of the app's.
    VENDORED = frozenset({"vendor", "vendored", "_vendor", "third_party", "thirdparty", "site-packages"})
    _VENDORED_PACKAGES = frozenset({"certifi", "idna", "six.py", "urllib3", "chardet", "click", "cherrypy"})

    @classmethod
    def vendored_files(cls, tree: Tree, folder: str, files: Iterable[str]) -> frozenset[str]:
        """The files of third-party code the project keeps (``files`` under ``folder``): under
        a vendor folder, or under a ``lib``/``libs`` folder that holds well-known third-party
        packages."""
        found = set()
        for rel in files:
            parts = (rel[len(folder) + 1 :] if folder else rel).split("/")[:-1]
            if cls.VENDORED.intersection(parts):
                found.add(rel)
            elif parts and parts[0] in ("lib", "libs"):
                lib = join(folder, parts[0])
                if cls._VENDORED_PACKAGES & {*tree.subdirs(lib), *tree.names(lib)}:
                    found.add(rel)
        return frozenset(found)

    @classmethod
    def alternative_backends(cls, files: Iterable[str]) -> frozenset[str]:
        """Modules that are one of several interchangeable backends in a folder named for what
        they do, each after its vendor (keep's secretmanager/gcpsecretmanager.py beside
        awssecretmanager.py and vaultsecretmanager.py): what one reads is needed only when the
        app is set to use it."""
        by_folder: dict[str, list[str]] = {}
        for rel in files:
            where, _, name = rel.rpartition("/")
            by_folder.setdefault(where, []).append(name)
        found: set[str] = set()
        for where, names in by_folder.items():
            kind = where.rpartition("/")[2]
            # (a vendor's name glued on, no separator: not db_config.py beside app_config.py; and a
            # base module of that name beside them, secretmanager.py, that they implement)
            alternatives = [n for n in names if re.fullmatch(rf"[a-z0-9]+{re.escape(kind)}\.py", n)]
            based = f"{kind}.py" in names or f"{kind}factory.py" in names or f"base{kind}.py" in names
            found |= {join(where, n) for n in alternatives} if len(alternatives) >= 2 and based else set()
        return frozenset(found)

    @classmethod
    def loose_scripts(cls, tree: Tree, folder: str, files: dict[str, str]) -> frozenset[str]:
        """Scripts run by hand from a folder of the app's that is no package (psono's
        var/download_translations.py, under `if __name__ == "__main__":`, reads
        POEDITOR_API_KEY): the server imports nothing from there."""
        found = set()
        for rel, text in files.items():
            inner = rel[len(folder) + 1 :] if folder else rel
            top = inner.split("/")[0]
            if (
                "/" in inner
                and top not in ("src", "app", "server", "backend", "api")
                and "__main__" in text
                and _MAIN_GUARD.search(text)
                and not tree.has(join(join(folder, top), "__init__.py"))
                and not any(tree.has(join(join(folder, top), n)) for n in _RUN_HERE)
            ):
                found.add(rel)
        return frozenset(found)

    @classmethod
    def side_tool(cls, rel: str) -> bool:
        """A file of a side tool, or a Django management command (treeherder's pulse listener
        reads PULSE_URL only when that command runs, never as the app starts), or a Python
        script no module can import (skf's rabbit_mq_workers/deployment-worker.py)."""
        name = rel.rsplit("/", 1)[-1]
        # (or a developer tool's file: locust's load test, nox's and fabric's tasks)
        script = (name.endswith(".py") and not name[:-3].isidentifier()) or name in _TOOL_FILES
        top, *folders = rel.split("/")[:-1] or [""]
        return (
            top in cls.SIDE_TOOLS
            or any(f in cls.SIDE_TOOLS_DEEP for f in folders)
            or "/management/commands/" in f"/{rel}"
            or script
        )

    relaxed = False

    def __init__(self) -> None:
        self._found: dict[str, EnvVar] = {}
        self._selectors: set[str] = set()
        self._backends: dict[str, str] = {}
        self._engine_words: dict[str, tuple[str, ...]] = {}
        self._signing: set[str] = set()
        self._hosts: dict[str, str] = {}
        self._urls: set[str] = set()
        self._db_names: set[str] = set()
        self._spaced: set[str] = set()
        self._scalars: set[str] = set()
        self._db_urls: set[str] = set()
        self._optional: set[str] = set()
        self._in_functions: set[str] = set()
        self._required_in: dict[str, set[str]] = {}
        self._env_checked: set[str] = set()
        self._default_in: dict[str, set[str]] = {}
        self._set_by_code: set[str] = set()

    def database_url(self, name: str) -> None:
        """The variable is the database's URL whatever its name (Sequelize's `use_env_variable`,
        a settings field typed as a database DSN)."""
        self._db_urls.add(name)

    def scalar(self, name: str) -> None:
        """The code reads the variable as a number or a switch (``int(os.environ["X"])``): no
        address, whatever its name says (DOCKER_REDIS=1)."""
        self._scalars.add(name)

    def django_backend(self, name: str, role: str = "database_backend") -> None:
        """The variable is DATABASES' ENGINE (`'ENGINE': os.environ.get("SQL_ENGINE")`): a
        Django backend module, whatever its default; or SQLAlchemy's dialect (``role``
        database_dialect: `URL.create(os.getenv("DB_DRIVER", "sqlite"), ...)`)."""
        self._backends[name] = role

    def signing_key(self, name: str) -> None:
        """The framework's signing key comes from the variable (SECRET_KEY = getenv("X"))."""
        self._signing.add(name)

    def url_host(self, name: str, scheme: str) -> None:
        """The variable is the host of a URL the code builds (``postgres://…@${process.env.X}:…``):
        the database's (or Redis's) host, whatever its name (POSTGRES_SERVICE)."""
        self._hosts[name] = "redis_host" if scheme.startswith(("redis", "valkey")) else "database_host"

    def connection_url(self, name: str) -> None:
        """The code hands the variable over as the database's URL (TypeORM's ``url:
        process.env.DATABASE``): a URL, though a bare DATABASE is a name elsewhere."""
        self._urls.add(name)

    def database_name(self, name: str) -> None:
        """The code hands the variable over as the database's name (vuetify-express-postgres-
        starter's `DB: process.env.DB_SCHEMA`), whatever its name says."""
        self._db_names.add(name)

    def connection_role(self, name: str, role: str) -> None:
        """The code hands the variable over as one part of the database's connection (a Django
        DATABASES entry's 'HOST'): that role, whatever its name (NEON_HOST)."""
        self._hosts[name] = role

    def redis_location(self, name: str) -> None:
        """The variable is a Redis cache's whole address (Django's CACHES LOCATION of a
        RedisCache backend), whatever its name (CACHELOCATION)."""
        self._hosts[name] = "redis_url"

    def engine_selector(self, name: str, word: str) -> None:
        """The code compares the variable with an engine's name (getenv("DB") == "postgres"),
        spelt as it compares it (PdfDing's "POSTGRES"): one of the values it takes."""
        self._selectors.add(name)
        self._engine_words[name] = (*self._engine_words.get(name, ()), word)

    def settings_selectors(self, text: str) -> None:
        """A setting named after the variable it reads, through any helper (concrexit's
        `DATABASE_ENGINE = from_env("DATABASE_ENGINE", development="sqlite", …)`), that the
        settings then compare with an engine's name (`if DATABASE_ENGINE == "postgresql":`)."""
        for m in _NAME_TEST.finditer(text) if "==" in text else ():
            name = m.group(1)
            if re.search(rf"""^{name}\s*=\s*[\w.]+\(\s*['"]{name}['"]""", text, re.M):
                self.engine_selector(name, m.group(2))

    def space_list(self, name: str) -> None:
        """The code splits the variable's value on spaces (``getenv("DJANGO_ALLOWED_HOSTS").split(" ")``)."""
        self._spaced.add(name)

    def optional(self, name: str) -> None:
        """The code reads the variable as possibly absent somewhere (``os.getenv("X")``,
        ``env.get_value("X", default=None)``): a feature it switches on."""
        self._optional.add(name)

    def needed_in_function(self, name: str) -> None:
        """A function reads the variable and raises without it (``os.environ["X"]`` in a
        method): required when that code runs, unless the code elsewhere takes it as optional
        (SecObserve's OIDC_AUTHORITY, read with default=None in its settings)."""
        if not self.relaxed:
            self._in_functions.add(name)

    def add(
        self,
        name: str,
        source: str,
        *,
        allowed: Iterable[str] = (),
        default: str | None = None,
        required: bool = False,
        truthy: bool = False,
        raises: bool = False,
    ) -> None:
        if (
            not name
            or name.startswith("_")
            or name.endswith("_")
            or len(name) > 80
            or _SET_BY_RUNNER.match(name)
        ):
            return  # (a prefix the code matches names against, keep's KEEP_PROVIDER_, is none)
        required = required and not self.relaxed
        if required:
            self._required_in.setdefault(name, set()).add(source)
        if default:
            self._default_in.setdefault(name, set()).add(source)
        allowed_t = tuple(allowed)
        old = self._found.get(name)
        if old is not None:
            more = (allowed_t and not old.allowed) or (default is not None and old.default is None)
            if (
                more
                or (required and not old.required)
                or (truthy and not old.truthy)
                or (raises and not old.raises)
            ):
                self._found[name] = EnvVar(
                    name,
                    old.role,
                    source if required and not old.required else old.source,  # the file that needs it
                    old.allowed or allowed_t,
                    old.default if old.default is not None else default,
                    old.required or required,
                    old.truthy or truthy,
                    old.raises or raises or required,
                )
            return
        self._found[name] = EnvVar(
            name, classify(name), source, allowed_t, default, required, truthy, raises or required
        )

    def _elsewhere(self, name: str) -> bool:
        """Whether the variable's default comes only from files other than those that require
        it (SecObserve's base.py requires CORS_ALLOWED_ORIGINS, dist.py, which imports base.py
        first, defaults it): still required, and the default is the value to give it."""
        required_in = self._required_in.get(name, set())
        # Python only: a default elsewhere never sets the environment, where an env schema
        # (zod's, NestJS's) fills in the configuration a JavaScript app's other reads see.
        # (nor a check of process.env itself: SparkyFitness's list of mandatory variables)
        python = all(r.endswith(".py") for r in required_in) or name in self._env_checked
        return bool(required_in) and python and not (self._default_in.get(name, set()) & required_in)

    def entry_defaults(self, text: str, source: str) -> dict[str, str]:
        """What an entry module sets before anything reads it (janeway's wsgi.py and manage.py:
        `os.environ.setdefault("JANEWAY_SETTINGS_MODULE", "core.settings")`): the value, and
        the variable is never required (what reads it later finds it)."""
        if "setdefault" not in text or source.rsplit("/", 1)[-1] not in _ENTRY_MODULES:
            return {}
        found = {m.group(1): m.group(2) for m in _PY_SET_DEFAULT.finditer(text)}
        # (or a loop over a dict of them: pydis_site's `for key, value in DEFAULT_ENVS.items():
        # os.environ.setdefault(key, value)`)
        for loop in _SET_LOOP.finditer(text):
            table = re.search(rf"^{loop.group(3)}\s*=\s*\{{([^}}]*)\}}", text, re.M)
            found |= dict(_DICT_ENTRY.findall(table[1] if table else ""))
        self._set_by_code |= set(found)
        return found

    def env_checked(self, name: str) -> None:
        """The code checks the environment itself for the variable and stops without it."""
        self._env_checked.add(name)

    def result(self) -> tuple[EnvVar, ...]:
        # A variable whose default is an engine's name (DB=sqlite, DB_ENGINE=postgres) selects
        # the database engine, whatever its name suggests (but for a name's "postgres").
        # One whose default is a Django backend (SQL_ENGINE=django.db.backends.sqlite3) names
        # the backend module.
        found = (
            dataclasses.replace(
                v,
                required=(v.required or (v.name in self._in_functions and v.name not in self._optional))
                and (not v.default or self._elsewhere(v.name))
                and v.name not in self._set_by_code,
                allowed=v.allowed or tuple(dict.fromkeys(self._engine_words.get(v.name, ()))),
                spaced=v.name in self._spaced,
            )
            for v in self._found.values()
        )
        return tuple(
            dataclasses.replace(v, role="other")
            if v.name in self._scalars and v.role.endswith(("_url", "_host"))
            else dataclasses.replace(v, role=self._backends.get(v.name, "database_backend"))
            if ((v.default or "").startswith("django.db.backends.") or v.name in self._backends)
            and v.role in ("database_name", "database_engine", "other")
            else dataclasses.replace(v, role="database_engine")
            if ((v.default or "").lower() in ENGINE_NAMES or v.name in self._selectors)
            and v.role in ("database_name", "other")
            # POSTGRES_DB / DATABASE__DB = "postgres": the server's own default database's name
            and not (v.role == "database_name" and v.default == "postgres" and v.name != "DATABASE")
            else dataclasses.replace(v, role="secret_key")
            if v.name in self._signing and v.role == "other"
            else dataclasses.replace(v, role="database_url")
            if (v.name in self._urls and v.role == "database_name") or v.name in self._db_urls
            else dataclasses.replace(v, role="database_name")
            if v.name in self._db_names and v.role == "other" and not re.search("REDIS|CACHE|MONGO", v.name)
            else dataclasses.replace(v, role=self._hosts[v.name])
            # (or a *_URL handed over as the connection's host: rap2-delos' `host: process.env.MYSQL_URL`)
            if v.name in self._hosts and (v.role == "other" or (v.role, self._hosts[v.name]) in _OVERRIDDEN)
            else v
            for v in found  # a default read anywhere (getenv("X", "True")): not required
        )
