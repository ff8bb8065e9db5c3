"""TypeORM 0.2's own configuration convention.

``TypeOrmModule.forRoot()`` / ``createConnection()`` with no options make TypeORM 0.2 (and
0.1) read ``ormconfig.json`` (or .js, .ts, .yml, .env…) from the working folder, else its
documented ``TYPEORM_*`` environment variables (TypeORM 0.3 removed both). A project that
keeps ``ormconfig.json`` out of git (it holds the password) and ships an example of it needs
the variables in the container; the example gives what is not the connection itself: the
entity paths (rewritten to the compiled output the image runs) and ``synchronize``.
"""

from __future__ import annotations

import json
import posixpath
import re
from typing import Any

from .common import env_example_files, get_path
from .dotenv import dotenv_lines, dotenv_value
from .facts import AppFacts, Command, Sourced
from .tree import Tree, join, written_by_advisor

_CONFIGS = (
    "ormconfig.json",
    "ormconfig.js",
    "ormconfig.ts",
    "ormconfig.yml",
    "ormconfig.yaml",
    "ormconfig.env",
)
_EXAMPLES = (
    "ormconfig.json.example",
    "ormconfig.example.json",
    "ormconfig.json.dist",
    "ormconfig.json.sample",
)
_NO_OPTIONS = re.compile(r"\bTypeOrmModule\.forRoot\(\s*\)|\bcreateConnection\(\s*\)")
_OLD_RANGE = re.compile(r"^[~^=v]?0\.[012]\b")
_ZERO_RANGE = re.compile(r"^[~^=v]?0\.[0-3]\b")


def typeorm_settings(
    tree: Tree, folder: str, data: dict[str, Any], texts: dict[str, str]
) -> Sourced[tuple[tuple[str, str], ...]] | None:
    """(name, value) of the TYPEORM_* settings other than the connection (entities,
    migrations, synchronize), and the file they came from; None when TypeORM is not 0.2 read
    without options, or when the project has its own ormconfig file."""
    version = (data.get("dependencies") or {}).get("typeorm")
    if not isinstance(version, str) or not _ZERO_RANGE.match(version.strip()):
        return None
    if not any(_NO_OPTIONS.search(text) for text in texts.values()):
        return None
    committed = join(folder, "ormconfig.json")
    own = _json(tree.text(committed))
    if own is not None and isinstance(own.get("host"), str):
        # A committed ormconfig.json with its connection (host localhost): TypeORM (0.2, and
        # 0.3, where it is deprecated but still read) takes the TYPEORM_* variables over it
        # when TYPEORM_CONNECTION is set; the rest (entities, synchronize) comes from it.
        return Sourced(_settings(own, out_dir(tree, folder)), committed, "ormconfig.json")
    if not _OLD_RANGE.match(version.strip()) or any(tree.has(join(folder, name)) for name in _CONFIGS):
        return None
    compiled_to = out_dir(tree, folder)
    for name in _EXAMPLES:
        rel = join(folder, name)
        example = _json(tree.text(rel))
        if example is None:
            continue
        return Sourced(_settings(example, compiled_to), rel, "TypeORM 0.2")
    if given := _env_file_settings(tree, folder):
        return Sourced(given[0], given[1], "TypeORM 0.2")
    return Sourced(
        (("TYPEORM_ENTITIES", f"{compiled_to}/**/*.entity.js"),), join(folder, "package.json"), "TypeORM 0.2"
    )


# TypeORM 0.2's variables besides the connection: where its entities and migrations are, and
# how it treats them (paths and switches, never a secret).
_NON_CONNECTION = re.compile(
    r"^TYPEORM_(?:ENTITIES|ENTITIES_DIR|MIGRATIONS|MIGRATIONS_DIR|MIGRATIONS_RUN|MIGRATIONS_TABLE_NAME"
    r"|SUBSCRIBERS|SUBSCRIBERS_DIR|SYNCHRONIZE|LOGGING)$"
)


def _env_file_settings(tree: Tree, folder: str) -> tuple[tuple[tuple[str, str], ...], str] | None:
    """Those variables as the project's env files give them (nest-typeorm-users' committed .env:
    TYPEORM_MIGRATIONS=dist/migrations/*.js, without which migration:run finds none), and the
    file; the documented examples first, then the project's own .env."""
    for rel in (*env_example_files(tree, folder), join(folder, ".env")):
        text = tree.text(rel)
        if text is None or written_by_advisor(text):
            continue
        found = tuple(
            (name, value)
            for name, raw in dotenv_lines(text)
            if _NON_CONNECTION.match(name) and (value := dotenv_value(raw)) and "$" not in value
        )
        if found:
            return found, rel
    return None


def _settings(config: dict[str, Any], out_dir: str) -> tuple[tuple[str, str], ...]:
    """The TYPEORM_* settings besides the connection that an ormconfig gives."""
    found: list[tuple[str, str]] = []
    for key, var in (("entities", "TYPEORM_ENTITIES"), ("migrations", "TYPEORM_MIGRATIONS")):
        paths = config.get(key)
        if isinstance(paths, list) and all(isinstance(p, str) for p in paths):
            found.append((var, ",".join(compiled(p, out_dir) for p in paths)))
    if isinstance(config.get("synchronize"), bool):
        found.append(("TYPEORM_SYNCHRONIZE", str(config["synchronize"]).lower()))
    return tuple(found)


def _json(text: str | None) -> dict[str, Any] | None:
    try:
        value = json.loads(text) if text else None
    except ValueError:
        return None
    return value if isinstance(value, dict) else None


# JSON with comments (tsconfig.json is JSONC): a string, or a comment; then a string, or a
# comma before } or ].
_COMMENTS = re.compile(r'"(?:[^"\\\n]|\\.)*"|//[^\n]*|/\*.*?\*/', re.S)
_TRAILING = re.compile(r'"(?:[^"\\\n]|\\.)*"|,(?=\s*[}\]])')


_PATH_OPTIONS = frozenset({"outDir", "rootDir", "baseUrl", "declarationDir", "tsBuildInfoFile", "paths"})


def jsonc(text: str | None) -> dict[str, Any] | None:
    """A JSON-with-comments object (tsconfig.json): comments and trailing commas dropped,
    strings left as they are; None when it is no object."""
    if not text:
        return None

    def keep_strings(m: re.Match[str]) -> str:
        return m.group(0) if m.group(0).startswith('"') else ""

    return _json(_TRAILING.sub(keep_strings, _COMMENTS.sub(keep_strings, text)))


def tsconfig(tree: Tree, folder: str, name: str = "tsconfig.json") -> dict[str, Any] | None:
    """The folder's tsconfig, with the compiler options of the configs it extends by a
    relative path (a workspace's shared tsconfig.json: its ``composite``) under its own."""
    config = jsonc(tree.text(join(folder, name)))
    here, seen = join(folder, name), {join(folder, name)}
    while config is not None and isinstance(base := config.get("extends"), str) and base.startswith("."):
        path = posixpath.normpath(posixpath.join(posixpath.dirname(here), base))
        path = path if path.endswith(".json") else f"{path}.json"
        parent = jsonc(tree.text(path)) if path not in seen and not path.startswith("..") else None
        if parent is None:
            break
        seen.add(path)
        inherited = parent.get("compilerOptions")
        inherited = inherited if isinstance(inherited, dict) else {}
        if posixpath.dirname(path) != posixpath.dirname(here):  # its paths are relative to it
            inherited = {k: v for k, v in inherited.items() if k not in _PATH_OPTIONS}
        options = {**inherited, **(config.get("compilerOptions") or {})}
        config = {**config, "compilerOptions": options, "extends": parent.get("extends")}
        here = path
    return config


def out_dir(tree: Tree, folder: str) -> str:
    """tsconfig.json's outDir (dist by default): where the image's compiled code is."""
    config = tsconfig(tree, folder)
    options = config.get("compilerOptions") if config else None
    out = options.get("outDir") if isinstance(options, dict) else None
    if config is not None and isinstance(options, dict) and "outDir" not in options:
        return ""  # compiled beside the sources
    return out.strip("./").rstrip("/") if isinstance(out, str) and out.strip("./") else "dist"


def compiled(path: str, out_dir: str) -> str:
    """src/**/**.entity{.ts,.js} → dist/**/**.entity.js: the image runs the compiled code."""
    if out_dir:
        path = re.sub(r"^(?:\./)?src/", f"{out_dir}/", path)
    return re.sub(r"\{\.ts,\s*\.js\}|\{\.js,\s*\.ts\}|\.ts$", ".js", path)


def root_dir(tree: Tree, folder: str, config: dict[str, Any], out: str) -> str:
    """tsc's rootDir: the one tsconfig.json sets, else the deepest folder holding every input
    file (``include`` patterns' folders, or every .ts file outside node_modules and outDir).
    A tsconfig.build.json (Nest's, which `nest build` compiles with) leaves out its excludes."""
    build = jsonc(tree.text(join(folder, "tsconfig.build.json")))
    if build:
        config = {**config, **{k: v for k, v in build.items() if k in ("include", "exclude")}}
    options = config.get("compilerOptions")
    root = options.get("rootDir") if isinstance(options, dict) else None
    if isinstance(root, str):
        return root.strip("./").rstrip("/")
    if isinstance(options, dict) and options.get("composite") is True:
        return ""  # a composite project's rootDir is its tsconfig's own folder
    include = config.get("include")
    if isinstance(include, list) and include:
        # not a folder of declarations only (Tony133's "@types", "@types/**/*.d.ts"): tsc emits
        # nothing for them, and its rootDir leaves them out
        patterns = [str(p).removeprefix("./") for p in include if not str(p).endswith(".d.ts")]
        dirs = [p.split("*")[0].rstrip("/") for p in patterns]
        dirs = [d.rpartition("/")[0] if d.endswith((".ts", ".tsx", ".mts")) else d for d in dirs]
        dirs = [
            d for d in dirs if d.endswith((".ts", ".tsx", ".mts")) or _emits(tree, join(folder, d))
        ] or dirs
    if not isinstance(include, list) or not include or "" in dirs:
        # every .ts file (joplin server's include "**/*.ts": tsc's root is where they all are)
        given = config.get("exclude")
        excluded: list[Any] = given if isinstance(given, list) else []
        paths = [str(e).removeprefix("./").rstrip("/") for e in excluded if "*" not in str(e)]
        # a top folder is pruned; a deeper one (cli/easy-generate/templates) only leaves out its files
        prune = frozenset({"node_modules", out or "dist", ".git", *(p for p in paths if "/" not in p)})
        deeper = tuple(f"{p}/" for p in paths if "/" in p)
        dirs = []
        for f, n in tree.walk(folder, prune=prune):
            rel = f[len(folder) + 1 :] if folder else f
            if (
                n.endswith((".ts", ".tsx", ".mts"))
                and not n.endswith(".d.ts")
                and not f"{rel}/".startswith(deeper)
            ):
                dirs.append(rel)
    common = posixpath.commonpath([d or "." for d in dirs]) if dirs else ""
    return "" if common == "." else common


def _emits(tree: Tree, at: str) -> bool:
    """The folder holds a TypeScript file tsc compiles (not only .d.ts declarations)."""
    return any(n.endswith((".ts", ".tsx", ".mts")) and not n.endswith(".d.ts") for _, n in tree.walk(at))


def compiled_start(tree: Tree, folder: str, start: Command | None) -> Command | None:
    """The start command, running the file tsc really writes (see compiled_file)."""
    moved = compiled_file(tree, folder, start.argv) if start is not None else None
    if start is None or moved is None:
        return start
    detail = f"{start.detail}: {start.argv[1]} is {moved}"
    return Command(("node", moved), start.source, detail, start.bin_dir, start.env)


# Build tools that write the output themselves, whatever tsconfig's rootDir would make tsc do,
# and task runners whose steps lay the output out (nps's `npm start build`: transpile, copy).
TSC_BUNDLERS = re.compile(
    r"\b(?:tsup|tsdown|esbuild|swc|rollup|webpack|rspack|ncc|vite|parcel|unbuild|bun\s+build"
    r"|nps|npm\s+start)\b"
)


def compiled_file(tree: Tree, folder: str, argv: tuple[str, ...]) -> str | None:
    """The file tsc really writes for a start command's ``node dist/index.js`` when the
    project's sources put it elsewhere: ``src/index.ts`` compiled with the project's folder as
    rootDir (``include`` also names tests/) lands in ``dist/src/index.js``. None when the
    start's file is where tsc writes it, or is no compiled file."""
    config = tsconfig(tree, folder)
    builder = get_path(tree.json(join(folder, "nest-cli.json")) or {}, "compilerOptions", "builder")
    if builder == "swc" or (isinstance(builder, dict) and builder.get("type") == "swc"):
        return None  # Nest's SWC builder writes sourceRoot's files straight into dist/
    build = get_path(tree.json(join(folder, "package.json")) or {}, "scripts", "build")
    if isinstance(build, str) and TSC_BUNDLERS.search(build):
        return None  # a bundler writes the files (fastify-quick-start's tsup: dist/bootstrap.js), not tsc
    file = argv[1].removeprefix("./") if len(argv) == 2 and argv[0] == "node" else None
    if file is not None and "." not in file.rsplit("/", 1)[-1]:
        file += ".js"  # `node dist/main`: Node adds the extension (NestJS's start:prod)
    out = out_dir(tree, folder)
    if config is None or file is None or not out or not file.endswith(".js"):
        return None
    if not file.startswith(f"{out}/"):
        # `node index.js`, a file the project does not have, whose source tsc compiles into
        # outDir (logchimp's server: src/index.ts → dist/index.js)
        root = root_dir(tree, folder, config, out)
        stem = file[:-3]
        if tree.has(join(folder, file)) or not any(
            tree.has(join(folder, join(root, f"{stem}{ext}"))) for ext in (".ts", ".mts")
        ):
            return None
        return f"{out}/{stem}.js"
    stem = file[len(out) + 1 : -3]
    root = root_dir(tree, folder, config, out)
    sources = [f"{stem}{ext}" for ext in (".ts", ".tsx", ".mts")]
    if any(tree.has(join(folder, join(root, s))) for s in sources):
        return None  # tsc writes it where the start command runs it
    found = next((s for s in (f"src/{x}" for x in sources) if tree.has(join(folder, s))), None)
    if found is None or (root and not found.startswith(root + "/")):
        return None
    rel = found[len(root) + 1 :] if root else found
    return f"{out}/{rel.rsplit('.', 1)[0]}.js"


# entities: [...], migrations: [...], subscribers: [...] of a TypeORM data source / module.
_PATH_LISTS = re.compile(r"\b(?:entities|migrations|subscribers)\s*:\s*\[([^\]]*)\]")
# An element that is a plain string (not an argument of path.join(__dirname, …)).
_ELEMENT = re.compile(r"""(?:^|,)\s*(["'`])([^"'`$]+)\1\s*(?=,|$)""")
_TS_FILES = re.compile(r"\.ts$|\{\.ts,\s*\.js\}$|\{\.js,\s*\.ts\}$")


def ts_source_dirs(texts: dict[str, str]) -> Sourced[tuple[str, ...]] | None:
    """The folders of TypeScript sources a TypeORM data source loads by a path from the
    working folder (``migrations: ["src/migrations/*.ts", "dist/migrations/*.js"]``, so one
    list serves ts-node in development and the compiled output in production). The project's
    own image ships only the compiled output; in an image that keeps ``src/``, Node loads the
    .ts files too and fails on their type-only imports. None when no list names such a path."""
    for rel, text in texts.items():
        if "typeorm" not in text.lower():
            continue
        dirs = []
        for listed in _PATH_LISTS.finditer(text):
            for m in _ELEMENT.finditer(listed.group(1).strip()):
                path = m.group(2).removeprefix("./")
                if path.startswith("/") or not _TS_FILES.search(path):
                    continue
                base = path.split("*")[0].rpartition("/")[0]
                if base and ".." not in base.split("/"):
                    dirs.append(base)
        if dirs:
            return Sourced(tuple(dict.fromkeys(dirs)), rel, "TypeORM")
    return None


def dropped_ts(
    app: AppFacts, start: tuple[str, ...], release: tuple[str, ...], build: tuple[str, ...]
) -> tuple[str, ...]:
    """The folders of ts_source_dirs the build stage empties of .ts sources: only when the
    image compiles the app and runs the output with ``node`` (start and release alike), with
    no TypeScript runner (ts-node, tsx) that would need the sources."""
    runs_ts = any(w.endswith((".ts", ".mts")) for w in (*start, *release))
    if app.ts_sources is None or not build or start[:1] != ("node",) or runs_ts:
        return ()
    if app.start_tools or app.release_tools:
        return ()
    return app.ts_sources.value
