"""Go modules: ``go.mod`` (module, ``go`` and ``toolchain`` lines, requirements) and the
``main`` packages (``cmd/<name>/`` or the module root) built into a binary."""

from __future__ import annotations

import re

from . import versions
from .common import (
    NOT_APP_CODE,
    Detection,
    dedupe_ports,
    own_settings,
    scan_env_examples,
    services,
    source_files,
    split_services,
)
from .envgo import scan_go
from .envvars import Collector, scan_dotenv
from .facts import AppFacts, Command, Dependency, PackageManager, Sourced, WritablePath
from .image_folders import dockerfile_port
from .projectenv import env_dev_values, env_placeholders
from .schema import app_makes_tables
from .tree import Tree, join
from .writable import writable_paths

# module path prefix → service kind
DRIVERS = (
    ("github.com/lib/pq", "postgres"),
    ("github.com/jackc/pgx", "postgres"),
    ("gorm.io/driver/postgres", "postgres"),
    ("github.com/go-pg/pg", "postgres"),
    ("github.com/uptrace/bun/driver/pgdriver", "postgres"),
    ("github.com/go-sql-driver/mysql", "mysql"),
    ("gorm.io/driver/mysql", "mysql"),
    ("go.mongodb.org/mongo-driver", "mongodb"),
    ("github.com/redis/go-redis", "redis"),
    ("github.com/go-redis/redis", "redis"),
    ("github.com/gomodule/redigo", "redis"),
    ("github.com/redis/rueidis", "redis"),
    ("github.com/mattn/go-sqlite3", "sqlite"),
    ("modernc.org/sqlite", "sqlite"),
    ("gorm.io/driver/sqlite", "sqlite"),
)
FRAMEWORKS = (
    ("github.com/gin-gonic/gin", "gin"),
    ("github.com/labstack/echo", "echo"),
    ("github.com/gofiber/fiber", "fiber"),
    ("github.com/go-chi/chi", "chi"),
    ("github.com/gorilla/mux", "gorilla-mux"),
)
ORMS = (
    ("gorm.io/gorm", "gorm"),
    ("entgo.io/ent", "ent"),
    ("github.com/jmoiron/sqlx", "sqlx"),
    ("github.com/uptrace/bun", "bun"),
)
PREFERRED_MAINS = ("server", "api", "web", "app", "service", "http", "main")
DEFAULT_PORT = 8080


def detect(tree: Tree, folder: str) -> Detection | None:
    rel = join(folder, "go.mod")
    if not tree.has(rel):
        return None
    return Detection("go", (rel,), 2)


def _parse_go_mod(text: str) -> tuple[str | None, str | None, str | None, list[str]]:
    module = re.search(r"^module\s+(\S+)", text, re.M)
    go = re.search(r"^go\s+(\d[\w.]*)", text, re.M)
    toolchain = re.search(r"^toolchain\s+go(\d[\w.]*)", text, re.M)
    requires: list[str] = []
    for block in re.finditer(r"^require\s*\(([^)]*)\)", text, re.M):
        for line in block.group(1).splitlines():
            parts = line.split("//")[0].split()
            if parts:
                requires.append(parts[0])
    for m in re.finditer(r"^require\s+([^\s(]+)\s+\S+", text, re.M):
        requires.append(m.group(1))
    return (
        module.group(1).strip('"') if module else None,
        go.group(1) if go else None,
        toolchain.group(1) if toolchain else None,
        requires,
    )


def _main_packages(tree: Tree, folder: str) -> list[str]:
    """Folders (relative to the app) holding ``package main``, shallow ones first."""
    found: list[str] = []
    checked = 0
    for current, names in sorted(
        (
            (d, n)
            for d, n in tree.files.items()
            if d == folder or d.startswith(f"{folder}/" if folder else "")
        ),
        key=lambda item: (item[0].count("/"), item[0]),
    ):
        parts = current[len(folder) :].strip("/").split("/") if current != folder else []
        if any(p in NOT_APP_CODE or p.startswith(".") for p in parts) or len(parts) > 3:
            continue
        go_files = [n for n in names if n.endswith(".go") and not n.endswith("_test.go")]
        if not go_files:
            continue
        checked += 1
        if checked > 200:
            break
        for name in sorted(go_files, key=lambda n: n != "main.go")[:3]:
            head = (tree.text(join(current, name)) or "")[:4096]
            if re.search(r"^package\s+main\b", head, re.M):
                found.append("/".join(parts))
                break
    return found


def plan(tree: Tree, folder: str, detection: Detection) -> AppFacts:
    mod_rel = detection.markers[0]
    module, go, toolchain, requires = _parse_go_mod(tree.text(mod_rel) or "")
    runtime = None
    if toolchain:
        runtime = versions.choose("go", toolchain, mod_rel, "toolchain")
    elif go:
        runtime = versions.choose("go", go, mod_rel, "go")
    deps = tuple(Dependency(r, mod_rel) for r in dict.fromkeys(requires))

    def kind_of(table: tuple[tuple[str, str], ...], dep: str) -> str | None:
        return next((k for prefix, k in table if dep == prefix or dep.startswith(prefix + "/")), None)

    table = {d.name: k for d in deps if (k := kind_of(DRIVERS, d.name))}
    databases, caches = split_services(services(deps, table))
    framework = next(
        (Sourced(fw, mod_rel, d.name) for d in deps if (fw := kind_of(FRAMEWORKS, d.name))), None
    )
    orm = tuple(Sourced(o, mod_rel, d.name) for d in deps if (o := kind_of(ORMS, d.name)))

    mains = _main_packages(tree, folder)

    def preference(path: str) -> tuple[int, int, str]:
        last = path.rsplit("/", 1)[-1]
        return (
            0 if path.startswith("cmd/") else 1 if path == "" else 2,
            PREFERRED_MAINS.index(last) if last in PREFERRED_MAINS else 50,
            path,
        )

    mains.sort(key=preference)
    build = start = None
    name = module.rsplit("/", 1)[-1] if module else None
    if name and re.fullmatch(r"v\d+", name) and module:
        name = module.rsplit("/", 2)[-2]
    if mains:
        main = mains[0]
        binary = main.rsplit("/", 1)[-1] if main else (name or "app")
        source = (
            join(join(folder, main), "main.go") if tree.has(join(join(folder, main), "main.go")) else mod_rel
        )
        target = f"./{main}" if main else "."
        build = Command(("go", "build", "-o", f"bin/{binary}", target), source, "package main")
        start = Command((binary,), source, "package main", "bin")

    env = Collector()
    port: Sourced[int] | None = None
    fallback: Sourced[int] | None = None
    writable: list[WritablePath] = []
    loaded: list[Sourced[str]] = []
    tables: set[str] = set()  # packages that read os.Environ() whole
    texts: dict[str, str] = {}
    for rel in source_files(tree, folder, (".go",), preferred=("config", "main", "server", "env")):
        if rel.endswith("_test.go"):
            continue
        text = texts[rel] = tree.text(rel) or ""
        scan_go(text, rel, env)
        if "os.Environ()" in text:
            tables.add(rel.rpartition("/")[0])
        loaded.extend(_loaded_files(tree, folder, text, rel))
        writable.extend(writable_paths(text, rel, "go"))
        other = bool(_OTHER_SERVICE.search(rel))  # pkg/grpcserver: another server's address
        if fallback is None and not other and (d := _listen_literal(text, defaults=True)):
            # A package's own default address (_defaultAddr = ":80"), which the app's settings
            # replace: after the port the project's env example gives.
            fallback = Sourced(int(d.group(1)), rel, "default address")
        if port is None:
            m = (
                (_listen_literal(text) if not other else None)
                or re.search(r'"(?:APP_|HTTP_|SERVER_)?PORT"\s*,\s*"(\d{2,5})"', text)
                # caarlos0/env's struct tags: `env:"HTTP_PORT" envDefault:"8080"`
                or re.search(r'env:"(?:APP_|HTTP_|SERVER_)?PORT(?:,[\w,]*)?"\s+envDefault:"(\d{2,5})"', text)
                # port := os.Getenv("PORT"); if port == "" { port = "8080" }
                or re.search(r'\b(?:[Pp]ort|PORT)\s*:?=\s*"(\d{2,5})"', text)
            )
            if m:
                port = Sourced(int(m.group(1)), rel, "listen address")
    for package in sorted(tables):
        _scan_option_table(tree, package, env)
    for item in list(loaded):  # a loaded env file documents the variables, and may name more
        if item.value.endswith(".env") and (config := tree.text(join(folder, item.value))) is not None:
            scan_dotenv(config, join(folder, item.value), env)
            loaded.extend(_file_urls(tree, folder, config, join(folder, item.value)))
    ports = dedupe_ports(
        [port, dockerfile_port(tree, folder), scan_env_examples(tree, folder, env), fallback]
    )
    return AppFacts(
        path=folder or ".",
        language=Sourced("go", mod_rel),
        kind="server" if (framework or ports) and start else "worker",
        framework=framework,
        name=Sourced(module, mod_rel, "module") if module else None,
        runtime=runtime,
        package_manager=PackageManager(
            "go",
            mod_rel,
            lockfile=join(folder, "go.sum") if tree.has(join(folder, "go.sum")) else None,
            install=("go", "mod", "download"),
            manifests=tuple(r for r in (mod_rel, join(folder, "go.sum")) if tree.has(r)),
        ),
        dependencies=deps,
        schema_maker=app_makes_tables("go", texts),
        build=build,
        start=start,
        ports=ports,
        databases=databases,
        caches=caches,
        orm=orm,
        env_vars=env.result(),
        own_settings=own_settings(tree, folder),
        env_placeholders=env_placeholders(tree, folder),
        env_dev_values=env_dev_values(tree, folder),
        writable_paths=tuple(dict.fromkeys(writable)),
        runtime_files=tuple({item.value: item for item in loaded}.values()),
        markers=detection.markers,
    )


# Addresses of other services (tracing, metrics, databases, queues): not where the app listens.
_OTHER_SERVICE = re.compile(
    r"otel|otlp|trac|jaeger|metric|grpc|prom|redis|postgres|mysql|mongo|amqp|rabbit|nats|kafka", re.I
)
_LISTEN_LITERAL = re.compile(r'"(?:0\.0\.0\.0|localhost|127\.0\.0\.1)?:(\d{2,5})"')


def _listen_literal(text: str, defaults: bool = False) -> re.Match[str] | None:
    """The first ``":8080"`` / ``"localhost:8080"`` literal on a line that names no other
    service; a line that names a default (``_defaultAddr = ":80"``) only with ``defaults``."""
    for line in text.splitlines():
        m = _LISTEN_LITERAL.search(line)
        if m and not _OTHER_SERVICE.search(line) and ("default" in line.lower()) == defaults:
            return m
    return None


_VIPER_NAME = re.compile(r'viper\.SetConfigName\(\s*"([\w.-]+)"\s*\)')
_VIPER_TYPE = re.compile(r'viper\.SetConfigType\(\s*"(\w+)"\s*\)')
_VIPER_FILE = re.compile(r'viper\.SetConfigFile\(\s*"([\w./-]+)"\s*\)')
_GODOTENV = re.compile(r'godotenv\.(?:Load|Overload)\(\s*"([\w./-]+)"')
_GODOTENV_BARE = re.compile(r"godotenv\.(?:Load|Overload)\(\s*\)")
# flag.String("config", "./config/local.yml", ...): the file the app reads unless told otherwise.
_CONFIG_FLAG = re.compile(
    r'flag\.String(?:Var)?\([^)]*?"(?:config|conf|c|config-file)"\s*,\s*"([\w./-]+\.(?:ya?ml|json|toml))"'
)
_FILE_URL = re.compile(r"file://([\w./-]+)")


# An option table keyed by variable name, beside code that parses os.Environ() itself
# (miniflux: "RUN_MIGRATIONS": {parsedBoolValue: false, rawValue: "0", ...}).
_TABLE_KEY = re.compile(r'^\s*"([A-Z][A-Z0-9_]{2,})"\s*:\s*\{([^{}]{0,400})', re.M)
_TABLE_DEFAULT = re.compile(r'\b(?:rawValue|[Dd]efault(?:Value)?)\s*:\s*"([^"\n]*)"')


def _scan_option_table(tree: Tree, package: str, env: Collector) -> None:
    """The variable names (and defaults) of a package that reads the environment whole."""
    for name in sorted(tree.names(package)):
        rel = join(package, name) if package else name
        if not name.endswith(".go") or name.endswith("_test.go"):
            continue
        for m in _TABLE_KEY.finditer(tree.text(rel) or ""):
            default = _TABLE_DEFAULT.search(m.group(2))
            env.add(m.group(1), rel, default=default.group(1) if default else None)


def _loaded_files(tree: Tree, folder: str, text: str, rel: str) -> list[Sourced[str]]:
    """Files the code loads by a relative path that exist in the app folder: viper's config
    file (SetConfigName + SetConfigType, or SetConfigFile), godotenv's, ``file://`` folders."""
    names: list[tuple[str, str]] = []
    name, kind = _VIPER_NAME.search(text), _VIPER_TYPE.search(text)
    if name and kind:
        names.append((f"{name.group(1)}.{kind.group(1)}", "viper config"))
    names += [(m.group(1), "viper config") for m in _VIPER_FILE.finditer(text)]
    names += [(m.group(1), "godotenv") for m in _GODOTENV.finditer(text)]
    names += [(m.group(1), "-config flag default") for m in _CONFIG_FLAG.finditer(text)]
    found = [Sourced(p.removeprefix("./"), rel, detail) for p, detail in names if _inside(tree, folder, p)]
    named_env = any(m.group(1).removeprefix("./") == ".env" for m in _GODOTENV.finditer(text))
    if _GODOTENV_BARE.search(text) or named_env:
        # godotenv.Load() (or Load(".env")) reads ./.env and fails without it; the image gets an
        # empty one (the values are in the container's environment, which godotenv never overrides).
        found.append(Sourced(".env", rel, "godotenv.Load()"))
    return found + _file_urls(tree, folder, text, rel)


def _file_urls(tree: Tree, folder: str, text: str, rel: str) -> list[Sourced[str]]:
    return [
        Sourced(m.group(1).rstrip("/"), rel, "file:// URL")
        for m in _FILE_URL.finditer(text)
        if _inside(tree, folder, m.group(1).rstrip("/"))
    ]


def _inside(tree: Tree, folder: str, path: str) -> bool:
    """A relative path inside the app folder that exists (a file, or a folder)."""
    path = path.removeprefix("./")
    if not path or path.startswith("/") or ".." in path.split("/"):
        return False
    rel = join(folder, path)
    return tree.has(rel) or tree.has_dir(rel)
