"""How a Node.js app starts and where it listens: package.json scripts, entry files, ports in code."""

from __future__ import annotations

import itertools
import re
import shlex
from dataclasses import replace
from typing import Any

from .common import (
    split_command,
)
from .dockerfile_paths import script_words
from .dockerfiles import dockerfile_cmd, starts_python
from .envhelpers import leading_assignments
from .facts import (
    Command,
    Sourced,
)
from .node_frameworks import adonis_5
from .node_nodemon import with_nodemon_config, without_dev_config, without_nodemon
from .node_nps import nps_scripts
from .node_typeorm import compiled, out_dir
from .tree import Tree, join

PACKAGE_BINS = frozenset(
    {
        "next",
        "nuxt",
        "nuxi",
        "nest",
        "remix-serve",
        "react-router-serve",
        "ts-node",
        "tsx",
        "serve",
        "pm2-runtime",
        "astro",
        "vite",
        "react-scripts",
        "ng",
        "gatsby",
        "fastify",
    }
)


DEV_ONLY = frozenset(
    {"nodemon", "ts-node-dev", "vite", "react-scripts", "webpack-dev-server", "ng", "vue-cli-service"}
)


ENTRY_FILES = (
    "server.js",
    "index.js",
    "app.js",
    "main.js",
    "server.mjs",
    "index.mjs",
    "src/server.js",
    "src/index.js",
    "src/app.js",
    "src/main.js",
    "bin/www",
)


DEFAULT_PORT = 3000


# A step after the server in a start script that only touches files (a status file).
_HOUSEKEEPING = re.compile(r"(?:touch|echo|mkdir|rm|cp|chmod|chown|true|:)(?:\s|$)")


def _script_argv(scripts: dict[str, Any], name: str, port: int, depth: int = 0) -> tuple[str, ...] | None:
    """The argv a script runs: env assignments and ``cross-env`` dropped, ``npm run x``
    followed once, the last ``&&`` step taken (earlier steps are build steps)."""
    text = scripts.get(name)
    if not isinstance(text, str):
        return None
    steps = [s.strip() for s in text.split("&&")]
    while len(steps) > 1 and _HOUSEKEEPING.match(steps[-1]):
        steps.pop()  # cnpmcore's `eggctl start --daemon && touch egg.status`: the server is before
    step = steps[-1]
    if "--daemon" in step.split() and depth < 2:
        # a launcher that puts the server in the background (the container would stop): the
        # project's script that runs it in the foreground (`start:foreground`)
        alt = next(
            (n for n in (f"{name}:foreground", f"{name}:fg", "start:foreground") if n in scripts), None
        )
        if alt is not None:
            return _script_argv(scripts, alt, port, depth + 1)
    # `node build/index.js | pino-pretty`: a terminal's log prettifier, whose exit status would
    # hide the server's; the container's logs stay JSON
    step = re.sub(r"\s*\|\s*(?:npx\s+)?(?:pino-pretty|pino-colada|bunyan)\b[^|&;]*$", "", step)
    argv = split_command(step, port)
    if argv is None:
        return None
    argv_list = _without_env_tool(list(argv))
    if len(argv_list) >= 2 and argv_list[0] in ("npm", "yarn", "pnpm", "bun") and depth < 2:
        target = argv_list[2] if argv_list[1] == "run" and len(argv_list) > 2 else argv_list[1]
        if target in scripts:
            return _script_argv(scripts, target, port, depth + 1)
    if argv_list == ["run-script-os"] and depth < 2:  # the script's variant for this system
        variant = next((f"{name}:{o}" for o in ("linux", "nix", "default") if f"{name}:{o}" in scripts), "")
        return _script_argv(scripts, variant, port, depth + 1) if variant else None
    if argv_list[:1] == ["nps"] and len(argv_list) <= 2 and depth < 3:  # package-scripts.js's
        target = f"nps:{argv_list[1] if len(argv_list) == 2 else 'default'}"
        if target in scripts:
            return _script_argv(scripts, target, port, depth + 1)
    if argv_list and argv_list[0] == "nodemon":
        argv_list = without_nodemon(argv_list[1:])
    elif argv_list and argv_list[0] == "node-dev":  # sqlpad's: node, restarted on changes
        rest = list(itertools.dropwhile(lambda a: a.startswith("-"), argv_list[1:]))  # its own options
        argv_list = ["node", *without_dev_config(rest)] if rest else argv_list
    if argv_list and len(steps) > 1 and (cd := re.fullmatch(r"cd\s+([\w./-]+)", steps[-2])):
        # `cd backend && node server.js`: the command runs in that folder (exec: it gets the signals)
        return ("sh", "-c", f"cd {cd.group(1)} && exec {shlex.join(argv_list)}")
    return tuple(argv_list) or None


# Set by the image or by advisor's files: a script's own value would contradict them.
_IMAGE_SET = frozenset({"NODE_ENV", "PORT", "HOST", "PATH"})


def _script_env(scripts: dict[str, Any], name: str) -> tuple[tuple[str, str], ...]:
    """The plain assignments before the start script's command (``NODE_PATH=./dist node
    dist/index.js``, or cross-env's): the command finds its modules by them. Not those the
    image sets itself, nor a value with a shell expansion."""
    text = scripts.get(name)
    step = re.split(r"&&", text)[-1].strip() if isinstance(text, str) else ""
    return leading_assignments(step, _IMAGE_SET)


# The options of the tools that set variables before a command that take a value:
# dotenv-cli's `dotenv -e env/production.env -- node dist/main`, `env-cmd -f .env.prod node x`.
_ENV_TOOL_VALUED = {
    "dotenv": frozenset({"-e", "-c", "-v", "-p"}),
    "env-cmd": frozenset({"-f", "--file", "-e", "--environments", "-r", "--rc-file"}),
    "cross-env": frozenset(),
}


def _without_env_tool(argv: list[str]) -> list[str]:
    """The command behind cross-env, dotenv-cli or env-cmd: their assignments, options (with
    their values), the ``--`` that ends them and env-cmd's old bare file argument dropped."""
    if not argv or argv[0] not in _ENV_TOOL_VALUED:
        return argv
    tool, rest = argv[0], argv[1:]
    while rest:
        arg = rest[0]
        if arg in _ENV_TOOL_VALUED[tool] and len(rest) > 1:
            rest = rest[2:]
        elif arg == "--":
            return rest[1:]
        elif "=" in arg or (arg.startswith("-") and tool != "cross-env"):
            rest = rest[1:]
        elif tool == "env-cmd" and (".env" in arg or arg.endswith((".json", ".js"))):
            rest = rest[1:]  # env-cmd 8's `env-cmd ./config/dev.env node x`
        else:
            break
    return rest


# nodemon's own options that take a value (the watched paths, extensions, delay...).
def _pm2_foreground(
    tree: Tree, folder: str, data: dict[str, Any], argv: tuple[str, ...] | None
) -> tuple[str, ...] | None:
    """`pm2 start pm2.json --env production`: pm2 daemonises and its command returns, so in a
    container pm2-runtime runs it in the foreground; without pm2 among the dependencies (a
    global install on the author's machine: vuetify-express-postgres-starter) the script its
    file names runs with node."""
    if not argv or argv[:2] != ("pm2", "start") or len(argv) < 3:
        return argv
    deps = {**(data.get("dependencies") or {}), **(data.get("devDependencies") or {})}
    if "pm2" in deps:  # (pm2-runtime never daemonises: it has no --no-daemon)
        return ("pm2-runtime", *(a for a in argv[1:] if a != "--no-daemon"))
    text = tree.text(join(folder, argv[2])) or ""
    script = re.search(r"""['"]?script['"]?\s*:\s*['"](?:\./)?([\w./-]+\.[cm]?js)['"]""", text)
    if script is not None:
        return ("node", script.group(1))
    return ("node", argv[2].removeprefix("./")) if argv[2].endswith((".js", ".mjs", ".cjs")) else argv


def run_script(pm: str, script: str) -> tuple[str, ...]:
    return (pm, "run", script)


_CONTAINERS = re.compile(r"\s*(?:sudo\s+)?(?:docker|docker-compose|podman|podman-compose)\b")


def start_command(
    tree: Tree,
    folder: str,
    data: dict[str, Any],
    scripts: dict[str, Any],
    pm: str,
    fw: str | None,
    web: tuple[str, str] | None,
    ports: tuple[Sourced[int], ...],
) -> Command | None:
    pkg_rel = join(folder, "package.json")
    port = ports[0].value if ports else DEFAULT_PORT
    if web is not None and (argv := split_command(web[0], port)):
        return _command(argv, web[1], "web")
    if fw == "adonisjs":  # `node ace build` writes the app to build/, whose bin/server.js starts it
        entry = "build/server.js" if adonis_5(tree, folder) else "build/bin/server.js"  # 5's, 6's
        return Command(("node", entry), pkg_rel, "AdonisJS build output")
    nps = nps_scripts(tree, folder) if "nps" in str(scripts.get("start", "")) else {}
    for script in ("start:prod", "start", "prod"):
        if _CONTAINERS.match(str(scripts.get(script, ""))):
            continue  # `docker-compose up --build`: the host's way to start the containers
        argv = _pm2_foreground(tree, folder, data, _script_argv({**scripts, **nps}, script, port))
        if argv and argv[:2] == ("nest", "start") and all(w.startswith("-") for w in argv[2:]):
            # what `nest start` runs after its build (without its watcher): the entry file Nest's
            # CLI compiles to tsconfig's outDir; the CLI is a dev dependency, which the image drops
            entry = str((tree.json(join(folder, "nest-cli.json")) or {}).get("entryFile") or "main")
            argv = ("node", f"{out_dir(tree, folder) or 'src'}/{entry}")
        if argv and argv[0] == "nx" and (built := nx_start(tree, folder, argv)) is not None:
            return built
        if argv and str(scripts.get(script, "")).startswith("nodemon"):
            if own := _own_start(tree, folder, data, port):
                return own  # SparkyFitness's `nodemon SparkyFitnessServer.ts`: its image runs `tsx index.ts`
            argv = with_nodemon_config(tree, folder, data, argv)
        if argv and argv[0] not in DEV_ONLY:
            return replace(_command(argv, pkg_rel, f"scripts.{script}"), env=_script_env(scripts, script))
        if script in scripts and argv is None and not str(scripts[script]).startswith("nodemon"):
            return Command(run_script(pm, script), pkg_rel, f"scripts.{script}")
    if fw == "nextjs":
        return Command(("next", "start"), pkg_rel, "next", "node_modules/.bin")
    if fw == "nuxt":
        return Command(("node", ".output/server/index.mjs"), pkg_rel, "nuxt build output")
    adapter = {**(data.get("devDependencies") or {}), **(data.get("dependencies") or {})}
    if fw == "sveltekit" and "@sveltejs/adapter-node" in adapter:  # its output: `node build`
        config = next((c for c in ("svelte.config.js", "svelte.config.ts") if tree.has(join(folder, c))), "")
        out = re.search(
            r"""adapter\(\s*\{[^}]*\bout\s*:\s*['"]([\w./-]+)['"]""", tree.text(join(folder, config)) or ""
        )
        return Command(
            ("node", out.group(1) if out else "build"),
            join(folder, config) if config else pkg_rel,
            "adapter-node",
        )
    own = _own_start(tree, folder, data, port)
    if own is not None:
        return own
    main = data.get("main")
    if isinstance(main, str) and main.strip() and _main_exists(tree, folder, main, scripts):
        if main.endswith(".ts") and "build" in scripts:  # src/index.ts: its build's dist/index.js
            return Command(
                ("node", compiled(main.removeprefix("./"), out_dir(tree, folder))), pkg_rel, "main"
            )
        return Command(("node", main.removeprefix("./")), pkg_rel, "main")
    # No start script, no main: the one program the package declares (realworld-hono-drizzle's
    # "bin": "./dist/cli.cjs", which its build makes)
    program = data.get("bin")
    if isinstance(program, dict) and len(program) == 1:
        program = next(iter(program.values()))
    if isinstance(program, str) and program.strip() and _main_exists(tree, folder, program, scripts):
        file = program.strip().removeprefix("./")  # with its command (cross-seed's `daemon`)
        return Command(("node", file, *script_words(data, file)), pkg_rel, "bin")
    if found := next((e for e in ENTRY_FILES if tree.has(join(folder, e))), None):
        return Command(("node", found), join(folder, found))
    return _dev_runner(tree, folder, scripts.get("dev"), pkg_rel)


def _own_start(tree: Tree, folder: str, data: dict[str, Any], port: int) -> Command | None:
    """The command the project's own Dockerfile starts the app with: its program, or what the
    package script it runs does (retro-board's `yarn backend-production`, when `start` is a
    watcher over the TypeScript sources)."""
    own = dockerfile_cmd(tree, folder, port)
    if own is not None and starts_python(tree, folder, own.argv):
        return None  # (paperless-ai's script runs its Python helper too, which the image lacks)
    if own is not None and own.argv[0] in ("npm", "yarn", "pnpm", "bun"):
        scripts = data["scripts"] if isinstance(data.get("scripts"), dict) else {}
        words = own.argv[2:] if own.argv[1:2] == ("run",) else own.argv[1:]
        name = words[0] if len(words) == 1 else ""
        if name in ("start", "dev") or not isinstance(scripts.get(name), str):
            return None  # the start script itself (a watcher here), or no script of its own
        argv = _script_argv(scripts, name, port)
        if not argv or argv[0] in DEV_ONLY or argv[0] in ("npm", "yarn", "pnpm", "bun"):
            return None
        return _command(argv, own.source, f"{own.detail}: scripts.{name}")
    if own is None:
        return None
    # waline's `node node_modules/@waline/vercel/vanilla.js`: the published copy of this very
    # package, which that Dockerfile installs; here it is the project's own file.
    published = f"node_modules/{data.get('name')}/"
    argv = tuple(a.removeprefix(published) if a.startswith(published) else a for a in own.argv)
    # colanode's apps/server/Dockerfile, built from the workspace's top: `node
    # apps/server/dist/index.js`; the image runs it in the member's own folder.
    argv = tuple(a.removeprefix(f"{folder}/") if folder and a.startswith(f"{folder}/") else a for a in argv)
    main = str(data.get("main") or "").removeprefix("./")
    if argv[0] == "node" and len(argv) > 1 and argv[1].endswith("/") and main.startswith(argv[1]):
        argv = ("node", main, *argv[2:])  # peppermint's `node dist/`: the package's dist/main.js
    return _command(argv, own.source, own.detail)


def _dev_runner(tree: Tree, folder: str, dev: Any, pkg_rel: str) -> Command | None:
    """With no start script, main or entry file: the dev script's runner and file, without its
    watcher (in-orbit's `tsx watch --env-file .env src/http/server.ts` runs as `tsx --env-file
    .env src/http/server.ts`; tsx stays in the image)."""
    try:
        argv = shlex.split(dev) if isinstance(dev, str) and "&&" not in dev and "|" not in dev else []
    except ValueError:
        return None
    if not argv or argv[0] not in ("tsx", "node"):
        return None
    argv = [
        a
        for i, a in enumerate(argv)
        if a not in ("--watch", "--watch-path") and not (i == 1 and a == "watch")
    ]
    if not tree.has(join(folder, argv[-1].removeprefix("./"))):
        return None
    return Command(tuple(argv), pkg_rel, "scripts.dev, without its watcher")


# Node's debugging and profiling options: --inspect-brk waits for a debugger before the first
# line (the app never listens), --prof writes a log into the read-only working folder.
_DEBUGGING = re.compile(r"--(?:inspect(?:-brk|-wait)?|debug-brk|prof|cpu-prof|heap-prof)(?:=\S*)?")


def _command(argv: tuple[str, ...], source: str, detail: str) -> Command:
    if argv[0].removeprefix("./").startswith("node_modules/.bin/"):
        argv = (argv[0].rsplit("/", 1)[1], *argv[1:])  # the image puts node_modules/.bin on PATH
    if argv[0] == "node":
        argv = tuple(a for a in argv if not _DEBUGGING.fullmatch(a))
    bin_dir = "node_modules/.bin" if argv[0] in PACKAGE_BINS else None
    return Command(argv, source, detail, bin_dir)


# Nx executors whose build writes one entry file named after ``main`` into ``outputPath``.
_NX_BUNDLERS = (
    "@nx/esbuild:esbuild",
    "@nx/webpack:webpack",
    "@nx/rspack:rspack",
    "@nrwl/esbuild:esbuild",
    "@nrwl/webpack:webpack",
)


def nx_start(tree: Tree, folder: str, argv: tuple[str, ...]) -> Command | None:
    """``nx serve [project]`` runs a development server (it rebuilds and restarts on change).
    In an image the app runs its build output instead: the serve target's ``buildTarget`` in
    project.json names the build, whose ``outputPath`` holds the entry file, named after
    ``main`` (or ``outputFileName``). Only the bundling executors are followed; others
    (tsc, swc) keep the source tree's layout, which project.json does not state."""
    words = [w for w in argv[1:] if not w.startswith("-")]
    if not words:
        return None
    if words[0] == "run" and len(words) > 1 and ":" in words[1]:
        project, _, target = words[1].partition(":")
    elif words[0] == "serve":
        project, target = (words[1] if len(words) > 1 else ""), "serve"
    else:
        return None
    candidates = ["project.json"] + ([f"apps/{project}/project.json"] if project else [])
    for rel in (join(folder, c) for c in candidates):
        config = tree.json(rel)
        if config is None or (project and config.get("name") not in (project, None)):
            continue
        targets = _obj(config.get("targets"))
        build_target = _obj(_obj(targets.get(target)).get("options")).get("buildTarget")
        name = "build"
        if isinstance(build_target, str) and ":" in build_target:
            name = build_target.split(":")[1]
        build = _obj(targets.get(name))
        options = _obj(build.get("options"))
        out, main = options.get("outputPath"), options.get("main")
        if build.get("executor") not in _NX_BUNDLERS or not isinstance(out, str) or not isinstance(main, str):
            return None
        entry = options.get("outputFileName")
        if not isinstance(entry, str) or not entry:
            entry = re.sub(r"\.[cm]?[jt]sx?$", "", main.rpartition("/")[2]) + ".js"
        return Command(("node", f"{out.strip('/').removeprefix('./')}/{entry}"), rel, "nx build output")
    return None


def _obj(value: object) -> dict[str, Any]:
    """A JSON object, or an empty one for anything else."""
    return value if isinstance(value, dict) else {}


# listen() on the loopback address: `listen(3000, "127.0.0.1")`, `listen({ port, host: "localhost" })`.
_LOOPBACK_ARG = re.compile(r"""\.listen\(\s*[^,()]+,\s*['"](?:127\.0\.0\.1|localhost)['"]""")
_LOOPBACK_HOST = re.compile(r"""\.listen\(\s*\{[^}]*\bhost\s*:\s*['"](?:127\.0\.0\.1|localhost)['"]""")
# Fastify's listen({ port }) with no host listens on localhost only (its documented default).
_FASTIFY_LISTEN = re.compile(r"\.listen\(\s*\{([^}]*)\}")
# Fastify 3's listen(3000) / listen(port, callback): no host, so localhost. Not
# listen(config.fastify), an options object that may name the host.
_FASTIFY_POSITIONAL = re.compile(
    r"\.listen\(\s*(?:\d+|[\w.]*(?:port|PORT|Port)[\w.]*)\s*(?:\)|,\s*(?:\(|function\b|async\b|err\b|\w+\s*=>))"
)


def loopback_listen(texts: dict[str, str], fastify: bool) -> str | None:
    """The file whose server listens on the loopback address only, which nothing outside the
    container reaches (the published port answers nothing), if any."""
    for rel, text in texts.items():
        if ".listen(" not in text:
            continue
        if _LOOPBACK_ARG.search(text) or _LOOPBACK_HOST.search(text):
            return rel
        if fastify and any("host" not in m.group(1) for m in _FASTIFY_LISTEN.finditer(text)):
            return rel
        if fastify and _FASTIFY_POSITIONAL.search(text):
            return rel
    return None


def _main_exists(tree: Tree, folder: str, main: str, scripts: dict[str, Any]) -> bool:
    """``main`` names a file the project has, or one its build makes (dist/index.js): not a
    leftover `index.js` of `npm init` beside the real server.js (todos-fastify-sqlite)."""
    rel = join(folder, main.removeprefix("./"))
    if tree.has(rel) or tree.has(rel + ".js") or tree.has(join(rel, "index.js")):
        return True
    return "build" in scripts or main.removeprefix("./").startswith(("dist/", "build/", "lib/", "out/"))
