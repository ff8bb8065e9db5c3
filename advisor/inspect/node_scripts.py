"""package.json scripts as the image runs them: a build chain's steps (its migration left to
the release step), the migration script, and the dev dependencies the release step needs."""

from __future__ import annotations

import re
import shlex
from typing import Any

from .composefile import compose_release
from .facts import Command, PackageManager
from .node_drizzle import drizzle_release, unkept_migrations
from .node_knex import knex_release
from .node_migrate_self import missing_config
from .node_sequelize import config_files, rc_path
from .node_start import run_script
from .node_typeorm import out_dir
from .tree import Tree, join


def npm_runs(pm: PackageManager) -> bool:
    """Whether npm can run the project's scripts in the image: a node_modules folder it made
    (npm, pnpm, yarn classic), not Yarn's Plug'n'Play or Bun."""
    return pm.name in ("npm", "pnpm") or (pm.name == "yarn" and pm.flavour != "berry")


# `npm run NAME`, `pnpm NAME`, `yarn run NAME`: a package.json script run by name.
_RUN_SCRIPT = re.compile(r"\b(?:npm|pnpm|yarn|bun)\s+(?:run\s+)?([\w:.-]+)")


def script_chain(text: str, scripts: dict[str, Any], manager: str) -> list[tuple[str, ...]]:
    """The steps a script runs one after another, each as the image would run it:
    ``run-s a b`` / ``npm-run-all a b`` / ``npm run a && npm run b`` (each script run by the
    package manager), or ``tsx lib/db/migrate && next build`` (each command, its program from
    node_modules/.bin); empty for a single step or anything else."""
    text = text.strip()
    m = re.fullmatch(r"(?:run-s|npm-run-all(?:\s+(?:-s|--serial))?)\s+([\w:.-]+(?:\s+[\w:.-]+)*)", text)
    names = m.group(1).split() if m else []
    if names and all(isinstance(scripts.get(n), str) for n in names):
        return [run_script(manager, n) for n in names]
    steps = [s.strip() for s in text.split("&&")]
    if len(steps) < 2 or any(not s or re.search(r"[|;<>`$()]", s) for s in steps):
        return []
    chain: list[tuple[str, ...]] = []
    for step in steps:
        ran = _RUN_SCRIPT.fullmatch(step)
        if ran and isinstance(scripts.get(ran.group(1)), str):
            chain.append(run_script(manager, ran.group(1)))
        elif (argv := tuple(shlex.split(step))) and re.fullmatch(r"[\w@./-]+", argv[0]):
            chain.append(argv if argv[0] in ("node", "npx", "npm") else ("npx", *argv))
        else:
            return []
    return chain


def _expanded(command: Command, scripts: dict[str, Any]) -> str:
    """A command's text with the text of each script it runs by name, and theirs."""
    text, seen = " ".join(command.argv), set()
    for _ in range(4):  # scripts that run scripts
        for m in _RUN_SCRIPT.finditer(text):
            name = m.group(1)
            if name not in seen and isinstance(scripts.get(name), str):
                seen.add(name)
                text += " " + scripts[name]
    return text


# Node's --env-file=.env, and env-cmd, which stops without its file (.env unless -f names
# another; dotenv-cli goes on without one)
_ENV_FILE_OPTION = re.compile(
    r"--env-file[= ](\.env(?:\.[\w-]+)*)(?=\s|$)"
    r"|\benv-cmd(?:\s+(?:-f|--file)\s+\.env)?(?=\s)(?!\s+(?:-f|--file))"
)


def env_file_reads(commands: tuple[Command | None, ...], scripts: dict[str, Any]) -> str:
    """The env file the start or release command runs Node with (``--env-file=.env``, or
    ``.env.production``; directly or through the scripts it names), "" for none: Node stops
    when that file is missing, and the project's own env files stay out of the image."""
    found = (_ENV_FILE_OPTION.search(_expanded(c, scripts)) for c in commands if c is not None)
    return next((m.group(1) or ".env" for m in found if m), "")


# Programs that run the app's source as it is (ES modules through Babel, TypeScript) -> package.
SOURCE_RUNNERS = {"babel-node": "@babel/node", "ts-node": "ts-node", "ts-node-esm": "ts-node", "tsx": "tsx"}


def release_dev_tools(
    release: Command | None, scripts: dict[str, Any], deps: dict[str, str], tree: Tree | None = None
) -> tuple[str, ...]:
    """The dev dependencies the release step runs, through the scripts it names
    (``npm run migration:run`` → ``env-cmd -- ts-node ./node_modules/typeorm/cli.js``); for a
    step in another workspace member (``cd /app/packages/database && exec npm run db:migrate``),
    that member's scripts and dev dependencies (its drizzle-kit)."""
    if release is None:
        return ()
    member = re.match(r"cd /app/([\w./@-]+) && ", release.argv[-1]) if tree is not None else None
    data = tree.json(join(member.group(1), "package.json")) if tree is not None and member else None
    if isinstance(data, dict):
        own = data.get("scripts")
        scripts = {**scripts, **(own if isinstance(own, dict) else {})}
        for section in ("devDependencies", "dependencies"):
            if isinstance(data.get(section), dict):
                deps = {**deps, **{str(n): section for n in data[section]}}
    text = _expanded(release, scripts)
    words = set(re.findall(r"[\w@/.-]+", text))
    # A program that runs TypeScript through ts-node (typeorm-ts-node-esm), or a .ts file
    # run directly, needs the TypeScript runner the project has.
    if "ts-node" in text or any(w.endswith(".ts") for w in words):
        words |= {"ts-node", "tsx", "typescript"} & {d for d, s in deps.items() if s == "devDependencies"}
    words |= {SOURCE_RUNNERS[w] for w in words & SOURCE_RUNNERS.keys()}  # babel-node: @babel/node
    words |= {_MIGRATE_TOOLS[w] for w in words & _MIGRATE_TOOLS.keys()}  # sequelize: sequelize-cli
    return tuple(
        d
        for d, section in deps.items()
        if section == "devDependencies"
        and d != "prisma"  # Prisma has its own handling (BuildPlan.prisma)
        and (any(w == d or w.startswith(d + "/") for w in words) or f"node_modules/{d}/" in text)
    )


# package.json scripts that apply database migrations, in the order they are preferred.
_MIGRATE_SCRIPTS = (
    "migrate:deploy",
    "db:migrate",
    "migrate",
    "migration:run",
    "migrations:run",
    "migrations",
    "migration:up",
    "migrations:up",
    "migrate:up",
    "db:migrate:latest",
    "database:migrate",
    "migrate:latest",
    "knex:migrate",
    "migrate-mongo-up",  # migrate-mongo's (sama-server's `npm run migrate-mongo up`)
    "migrate:mongo",
    # No migrations kept: the schema pushed as it is (drizzle-kit push), as the project does.
    "db:push",
    "database:push",
    "schema:push",
)
_TOOL_MIGRATE = re.compile(r"[\w-]+:(?:migrate|migrations?:run|migrate:(?:latest|deploy|up)|run-migrations?)")
# Migration tools whose CLI a script runs (a dev dependency among them stays: release_dev_tools).
_MIGRATE_TOOLS = {  # the program a script runs → the package that ships it
    "knex": "knex",
    "sequelize": "sequelize-cli",
    "sequelize-cli": "sequelize-cli",
    "typeorm": "typeorm",
    # TypeORM's own programs that run the data source's TypeScript through ts-node
    "typeorm-ts-node-commonjs": "typeorm",
    "typeorm-ts-node-esm": "typeorm",
    "node-pg-migrate": "node-pg-migrate",
    "db-migrate": "db-migrate",
    "drizzle-kit": "drizzle-kit",
    "kysely": "kysely-ctl",  # kysely-ctl's program: `kysely migrate latest`
    "mikro-orm": "@mikro-orm/cli",
    "migrate-mongo": "migrate-mongo",
}


# A tool's command that writes a new migration (from the schema's changes) instead of applying
# the existing ones: a developer's step, not a release's.
_GENERATES = re.compile(
    r"\bmigration:(?:generate|create)\b|\bdrizzle-kit\s+generate\b|\bprisma\s+migrate\s+dev\b"
    r"|\bknex\s+migrate:make\b|\bmigration:generate\b|\bmigrate:create\b"
)
# A migration file of the project's own, after the runner's options (tsx --env-file=.env ./migrate.ts).
_OWN_MIGRATION = re.compile(
    # options before the file, with their values (`--import ./dotenv.js`, `-r dotenv/config`)
    r"(?:^|\s)(?:npx\s+)?(?:node|tsx|ts-node|bun)(?:\s+--?[\w-]+(?:[=\s](?!\S*[Mm]igrat)[^\s-]\S*)?)*\s+\S*[Mm]igrat"
)
# A migration tool's own command for applying the migrations, in a script of any name
# (`"heroku-postbuild": "cd server && npx knex migrate:latest"`).
_TOOL_APPLIES = re.compile(
    r"(?:npx\s+)?(?:knex\s+migrate:latest|sequelize(?:-cli)?\s+db:migrate|typeorm(?:-ts-node-\w+)?\s+migration:run"
    r"|drizzle-kit\s+migrate|node-pg-migrate\s+up|db-migrate\s+up|kysely\s+migrate(?::|\s+)latest"
    r"|mikro-orm\s+migration:up|migrate-mongo\s+up)\b[^&|;]*"
)


def migrate_script(
    scripts: dict[str, Any], deps: dict[str, str], manager: str, pkg_rel: str, tree: Tree
) -> Command | None:
    """A package.json script that runs the migrations: with a migration tool's CLI, or a
    migration file of the project's own (`npx tsx lib/db/migrate.ts`, `node scripts/migrate.js`),
    with the word the README gives it (`npm run migrate up`: a script that takes its direction)."""
    # the usual names first, then a tool's own (drizzle:migrate, typeorm:migration:run)
    named = [n for n in scripts if _TOOL_MIGRATE.fullmatch(n) and n not in _MIGRATE_SCRIPTS]
    for name in (*_MIGRATE_SCRIPTS, *named):
        if not isinstance(scripts.get(name), str):
            continue
        # with the scripts it runs by name (yarn ts-typeorm migration:run → ts-node … typeorm)
        text = _expanded(Command(("sh", "-c", scripts[name]), pkg_rel), scripts)
        if unkept_migrations(tree, pkg_rel.rpartition("/")[0], text):
            continue  # no migrations kept (no meta/_journal.json): its push script, if any
        if _GENERATES.search(text):
            continue  # Picsur's `migrate`: `typeorm migration:generate` writes one, applies none
        if missing_config(tree, pkg_rel.rpartition("/")[0], text):
            continue  # Piggy-Kolo's `-d ./typeOrm.config.ts`, a file the repository lacks

        tool = next(
            # the tool by name, or its own program's path (./node_modules/drizzle-kit/bin.cjs)
            (t for t in _MIGRATE_TOOLS if re.search(rf"(?:^|[\s/]){re.escape(t)}(?:\s|/|$)", text)),
            None,
        )
        own = _OWN_MIGRATION.search(text)
        if (tool is not None and _MIGRATE_TOOLS[tool] in deps) or own:  # a dev dependency stays for it
            steps = [s.strip() for s in scripts[name].split("&&")]
            if len(steps) > 1 and (_COMPILES.match(steps[0]) or _BUILD_RUN.fullmatch(steps[0])):
                # `nest build && typeorm migration:run -d dist/…`: the image is built already, and
                # its compiler went with the dev dependencies: the script's steps after the build
                return Command(("sh", "-c", " && ".join(steps[1:])), pkg_rel, f"scripts.{name}, built")
            if (sub := _applying_variant(scripts, name)) is not None:
                return Command(run_script(manager, sub), pkg_rel, f"scripts.{sub}")
            word = _readme_word(tree, pkg_rel, name)
            return Command(
                (*run_script(manager, name), *([word] if word else [])), pkg_rel, f"scripts.{name}"
            )
    for name, text in scripts.items():
        # A script of another name that only applies the migrations (in the folder it cds to).
        steps = [p.strip() for p in re.split(r"&&", text)] if isinstance(text, str) else []
        applies = [p for p in steps if _TOOL_APPLIES.fullmatch(p)]
        if name not in _NOT_RELEASES and applies and all(p in applies or _CD.fullmatch(p) for p in steps):
            return Command(run_script(manager, name), pkg_rel, f"scripts.{name}")
    return None


_CD = re.compile(r"cd\s+[\w./-]+")
_BUILD_RUN = re.compile(r"(?:npm|pnpm|yarn|bun)\s+(?:run\s+)?build(?::[\w-]+)?")
# Scripts that do more than migrate whatever they run: the app's start, its build, its tests.
_NOT_RELEASES = frozenset({"start", "dev", "build", "test", "postinstall", "prepare", "install"})


def _applying_variant(scripts: dict[str, Any], name: str) -> str | None:
    """The script that runs ``name``'s command with the word that applies the migrations, when
    there is one (plumio's `migrate:run`: `tsx src/db/migrate-cli.ts run` beside `migrate`, the
    same CLI bare, which only prints its usage)."""
    bare = str(scripts[name]).strip()
    for word in ("run", "up", "latest", "deploy", "apply"):
        sub = scripts.get(f"{name}:{word}")
        if isinstance(sub, str) and sub.strip() == f"{bare} {word}":
            return f"{name}:{word}"
    return None


def _readme_word(tree: Tree, pkg_rel: str, script: str) -> str | None:
    """The word the project's README runs the script with (`npm run migrate up`), if any: on
    the same line, and not the next command (`npm run db:migrate` then `npm start`)."""
    folder = pkg_rel.rpartition("/")[0]
    said = re.compile(
        rf"(?:npm run|yarn(?: run)?|pnpm(?: run)?)[ \t]+{re.escape(script)}[ \t]+"
        r"(?!(?:npm|yarn|pnpm|npx|bun)\b)([a-z][\w:-]*)\b"
    )
    for name in ("README.md", "readme.md", "README"):
        if m := said.search(tree.text(join(folder, name)) or ""):
            return m.group(1)
    return None


# How each package manager runs a project's own binary (its tsc).
RUNNERS = {"npm": "npx --no", "yarn": "yarn", "pnpm": "pnpm exec", "bun": "bunx"}
_COMPILES = re.compile(
    r"^(?:npx\s+)?(?:tsc|babel|webpack|rollup|esbuild|swc|nest\s+build|vite\s+build|tsup)\b"
)


def build_in_start(scripts: dict[str, Any], pkg_rel: str, pm: str) -> Command | None:
    """The compile steps a start script runs before the server (`tsc && node src/index.js`)
    when the project has no build script: the image runs them in its build stage, where the
    compiler still is (the start command keeps only the last step), through the package
    manager, which finds the project's own tsc as the script would."""
    runner = RUNNERS.get(pm, "npx")
    for name in ("start:prod", "start"):
        text = scripts.get(name)
        if not isinstance(text, str) or "&&" not in text:
            continue
        steps: list[str] = []
        for step in (s.strip().removeprefix("npx ") for s in text.split("&&")[:-1]):
            # a script of the project's own that compiles (`npm run build:ts`, build:ts = tsc)
            m = re.fullmatch(r"(?:npm|pnpm|yarn|bun)\s+(?:run\s+)?([\w:.-]+)", step)
            body = scripts.get(m.group(1)) if m else None
            if m and isinstance(body, str) and _COMPILES.match(body.strip()):
                steps.append(shlex.join(run_script(pm, m.group(1))))
            elif _COMPILES.match(step):
                steps.append(f"{runner} {step}")
            else:
                steps = []
                break
        if steps:
            argv = shlex.split(steps[0]) if len(steps) == 1 else ("sh", "-c", " && ".join(steps))
            return Command(tuple(argv), pkg_rel, f"scripts.{name}")
    return None


# Scripts that compile by another name than build (feathers' `compile`: `shx rm -rf lib/ && tsc`).
_COMPILE_SCRIPTS = ("compile", "build:ts", "build:prod", "tsc", "build:server")


def compile_script(
    tree: Tree, folder: str, scripts: dict[str, Any], pm: str, start: Command | None, pkg_rel: str
) -> Command | None:
    """The script that writes the start command's missing file when there is no build script:
    `node lib/` with no lib/ in the project, and a `compile` script that runs tsc."""
    target = start.argv[1] if start is not None and len(start.argv) == 2 and start.argv[0] == "node" else ""
    path = target.removeprefix("./").rstrip("/")
    first = path.split("/")[0]
    if not path or tree.has(join(folder, path)) or tree.has_dir(join(folder, first)):
        return None  # the project has it (or names nothing)
    if "/" not in path and "." in path:
        return None  # a file at the top (server.js) no build writes
    for name in _COMPILE_SCRIPTS:
        text = scripts.get(name)
        if isinstance(text, str) and any(_COMPILES.match(s.strip()) for s in text.split("&&")):
            return Command(run_script(pm, name), pkg_rel, f"scripts.{name}")
    if first == out_dir(tree, folder) and re.search(r'"typescript"\s*:', tree.text(pkg_rel) or ""):
        # No script compiles, but tsconfig.json writes the start's file there (logchimp's
        # server, whose own Dockerfile runs `pnpm exec tsc`): the project's own tsc does.
        config = join(folder, "tsconfig.json")
        # project references (composite sub-projects) build in order only with tsc --build
        build = ("tsc", "-b") if re.search(r'"references"\s*:', tree.text(config) or "") else ("tsc",)
        return Command((*RUNNERS.get(pm, "npx").split(), *build), config, "tsc")
    return None


def sequelize_release(tree: Tree, folder: str, deps: dict[str, str]) -> Command | None:
    """``sequelize-cli db:migrate`` for a project with sequelize-cli and migrations in the
    folder its .sequelizerc names (or the CLI's default ``migrations/``), when no script runs
    them (its README does): the CLI reads .sequelizerc in the app's folder."""
    if "sequelize-cli" not in deps:
        return None
    named = rc_path(tree, folder, "migrations-path")  # .sequelizerc's, else the CLI's default
    place = named if named is not None else join(folder, "migrations")
    if place.startswith("..") or not any(n.endswith((".js", ".cjs")) for n in tree.names(place)):
        return None
    rc = tree.text(join(folder, ".sequelizerc")) or ""
    # .sequelizerc's `url:`, or its `config: './db/config.js'` as a plain string, to a file it has
    plain = re.search(r"""['"]?config['"]?\s*:\s*['"]\.?/?([\w./-]+)['"]""", rc)
    given = re.search(r"""['"]?url['"]?\s*:""", rc) or (plain and tree.has(join(folder, plain.group(1))))
    if not config_files(tree, folder) and not given:
        # no settings file for the CLI (Youtarr's migrations run through Umzug in its db.js, with
        # the connection from its own dbconfig.js): `db:migrate` would stop on a missing dialect
        return None
    source = join(folder, ".sequelizerc") if named else join(folder, "package.json")
    return Command(("sequelize-cli", "db:migrate"), source, "sequelize-cli")


def cli_release(tree: Tree, folder: str, knexfile: str | None, deps: dict[str, str]) -> Command | None:
    """The migrations an ORM's CLI runs when no script of the project does (knex's,
    Sequelize's), else the set-up steps the project's compose file runs before the app."""
    return (
        knex_release(tree, folder, knexfile, deps)
        or sequelize_release(tree, folder, deps)
        or drizzle_release(tree, folder, deps)
        or compose_release(tree, folder, [folder, ""])
    )


def start_tools(start: Command | None, deps: dict[str, str]) -> tuple[str, ...]:
    """The dev dependency the start command runs (babel-node, ts-node): the image keeps it."""
    if start is None or not start.argv:
        return ()
    packages = [SOURCE_RUNNERS.get(start.argv[0])]
    # and the modules node preloads (`node -r ts-node/register/transpile-only -r
    # tsconfig-paths/register dist/server.js`, `--import tsx`): express-sequelize-ts's
    for flag, value in zip(start.argv, start.argv[1:], strict=False):
        if flag in ("-r", "--require", "--import", "--loader", "--experimental-loader"):
            name = value.split("/")[:2] if value.startswith("@") else value.split("/")[:1]
            packages.append("/".join(name))
    return tuple(p for p in dict.fromkeys(packages) if p is not None and deps.get(p) == "devDependencies")


# The build script builds a front end of its own in a folder below: `cd client && npm run build`
_NESTED_BUILD = re.compile(
    r"(?:^|&&)\s*cd\s+([\w.-]+(?:/[\w.-]+)*)\s*&&\s*(?:npm|yarn|pnpm)\s+(?:run\s+)?build\b"
)
# How each tool installs a folder's own packages without changing into it.
_PREFIXED = {
    "package-lock.json": "npm ci --prefix {d}",
    "yarn.lock": "yarn --cwd {d} install --frozen-lockfile",
    "pnpm-lock.yaml": "pnpm --dir {d} install --frozen-lockfile",
}


def the_build(
    tree: Tree,
    folder: str,
    scripts: dict[str, Any],
    build: Command | None,
    how: tuple[str, Command | None, str],
) -> Command | None:
    """The build: the one found, else a `compile` script (see compile_script; ``how`` is the
    package manager, the start and package.json's path), with a nested project's install."""
    manager, start, pkg_rel = how
    found = build or compile_script(tree, folder, scripts, manager, start, pkg_rel)
    return with_nested_install(tree, folder, scripts, found)


def with_nested_install(
    tree: Tree, folder: str, scripts: dict[str, Any], build: Command | None
) -> Command | None:
    """The build, preceded by the install of the separate npm project its script builds in a
    folder below (myspeed's `"build": "cd client && npm run build"`, client/ with its own
    package.json and lockfile, not a workspace member: `vite: not found` without it), whose
    node_modules go once the build is done."""
    text = scripts.get("build") if build is not None and build.argv[-1:] == ("build",) else None
    m = _NESTED_BUILD.search(text) if isinstance(text, str) else None
    sub = m.group(1) if m else ""
    if (
        build is None
        or not sub
        or ".." in sub.split("/")
        or not tree.has(join(folder, f"{sub}/package.json"))
    ):
        return build
    lock = next((f for f in _PREFIXED if tree.has(join(folder, f"{sub}/{f}"))), None)
    install = _PREFIXED[lock].format(d=sub) if lock else f"npm install --prefix {sub}"
    line = f"{install} && {shlex.join(build.argv)} && rm -rf {sub}/node_modules"
    return Command(("sh", "-c", line), build.source, build.detail)
