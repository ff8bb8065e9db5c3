"""Node.js frameworks and the folders their front-end builds write."""

from __future__ import annotations

import re

from .common import (
    get_path,
)
from .facts import (
    AppFacts,
    Command,
    Sourced,
)
from .tree import Tree, join

FRAMEWORKS: tuple[tuple[str, str, str, str | None], ...] = (
    ("next", "nextjs", "server", None),
    ("nuxt", "nuxt", "server", None),
    ("@remix-run/node", "remix", "server", None),
    ("@react-router/serve", "react-router", "server", None),
    ("@sveltejs/adapter-node", "sveltekit", "server", None),
    ("@nestjs/core", "nestjs", "server", None),
    ("express", "express", "server", None),
    ("fastify", "fastify", "server", None),
    ("koa", "koa", "server", None),
    ("@hapi/hapi", "hapi", "server", None),
    ("hono", "hono", "server", None),
    ("restify", "restify", "server", None),
    ("thinkjs", "thinkjs", "server", None),  # ThinkJS 3 (Koa underneath)
    # AdonisJS: a server whose Vite builds only its assets (`node ace build`)
    ("@adonisjs/core", "adonisjs", "server", None),
    # Analog: Angular with a Nitro server (`node dist/analog/server/index.mjs`)
    ("@analogjs/platform", "analog", "server", None),
    ("@sveltejs/kit", "sveltekit", "spa", "build"),
    ("astro", "astro", "spa", "dist"),
    ("gatsby", "gatsby", "spa", "public"),
    ("@angular/core", "angular", "spa", "dist"),
    ("react-scripts", "create-react-app", "spa", "build"),
    ("@vue/cli-service", "vue-cli", "spa", "dist"),
    ("vite", "vite", "spa", "dist"),
    ("parcel", "parcel", "spa", "dist"),
)


def framework_of(
    tree: Tree, folder: str, deps: dict[str, str], pkg_rel: str
) -> tuple[Sourced[str] | None, str, str | None]:
    for dep, framework, kind, output in FRAMEWORKS:
        if dep == "vite" and dep in deps and not _vite_app(tree, folder):
            continue  # Vite as a server framework's tool (an admin UI's build), not the app
        if dep in deps:
            if framework == "nextjs":
                kind, output = _next_output(tree, folder)
            if framework == "nuxt":
                output = None
            if framework == "astro" and "@astrojs/node" in deps:
                kind, output = "server", None
            if framework == "sveltekit" and "@sveltejs/adapter-node" in deps:
                kind, output = "server", None
            if framework == "angular":
                output = _angular_output(tree, folder)
            return Sourced(framework, pkg_rel, f"{deps[dep]}.{dep}"), kind, output
    scripts = (tree.json(pkg_rel) or {}).get("scripts")
    start = scripts.get("start") if isinstance(scripts, dict) else None
    asset_tools = {"laravel-mix", "@symfony/webpack-encore"} & deps.keys()  # a PHP app's assets
    if asset_tools or (isinstance(start, str) and _BUNDLER_START.match(start)):
        return None, "static", None  # an asset build's watcher (rero-ils' webpack_assets), no server
    return None, "server", None


# A start script that only runs a bundler or a task runner (`NODE_ENV=development webpack --watch`,
# `gulp watch`, Laravel Mix's `mix --production`, Symfony's `encore`): the package builds another
# app's assets (a Python app's, a PHP app's), it serves nothing.
_BUNDLER_START = re.compile(
    r"^\s*(?:[A-Z_][A-Z0-9_]*=\S*\s+)*(?:npx\s+)?"
    r"(?:webpack(?:-cli)?(?!\s+serve\b)|gulp|grunt|rollup|parcel\s+(?:build|watch)|mix|encore)\b"
    r"(?![^&|;]*(?:&&|\|\||;))"
)


def adonis_release(tree: Tree, folder: str, fw: str | None, pkg_rel: str) -> Command | None:
    """AdonisJS's Lucid migrations (database/migrations), run by the built app's ace.js: the
    documented deploy step ``node ace migration:run --force``."""
    if fw != "adonisjs":
        return None
    # the default folder, or those config/database.ts lists (`migrations: { paths: [...] }`,
    # a starter kit's app/users/database/migrations per module)
    config = (
        tree.text(join(folder, "config/database.ts")) or tree.text(join(folder, "config/database.js")) or ""
    )
    listed = re.search(r"\bmigrations\s*:\s*\{[^}]*?\bpaths\s*:\s*\[([^\]]*)\]", config)
    folders = re.findall(r"""['"]\.?/?([\w./-]+)['"]""", listed.group(1)) if listed else []
    if not any(tree.has_dir(join(folder, f.rstrip("/"))) for f in ("database/migrations", *folders)):
        return None
    ace = adonis_ace(tree, folder)
    return Command((*ace, "migration:run", "--force"), pkg_rel, "AdonisJS Lucid migrations")


def adonis_seed(tree: Tree, folder: str, fw: str | None, pkg_rel: str) -> Command | None:
    """AdonisJS's seeders (database/seeders): ``node ace db:seed``, once, by the person."""
    if fw != "adonisjs" or not tree.has_dir(join(folder, "database/seeders")):
        return None
    # run in the image's working folder, the build (see buildplan)
    ace = adonis_ace(tree, folder)[1].removeprefix("build/")
    return Command(("node", ace, "db:seed"), pkg_rel, "AdonisJS seeders")


def adonis_5(tree: Tree, folder: str) -> bool:
    """AdonisJS 5 (its settings in .adonisrc.json; 6 has adonisrc.ts): `node ace build` writes
    build/server.js and build/ace, where 6 writes build/bin/server.js and build/ace.js."""
    return tree.has(join(folder, ".adonisrc.json")) and not tree.has(join(folder, "adonisrc.ts"))


def adonis_ace(tree: Tree, folder: str) -> tuple[str, str]:
    return ("node", "build/ace" if adonis_5(tree, folder) else "build/ace.js")


def _vite_app(tree: Tree, folder: str) -> bool:
    """A Vite app has its entry page (index.html) or its own config in its folder."""
    names = ("index.html", "vite.config.js", "vite.config.ts", "vite.config.mjs", "vite.config.mts")
    return any(tree.has(join(folder, n)) for n in names)


def next_config(tree: Tree, folder: str) -> tuple[str, str] | None:
    for name in ("next.config.js", "next.config.mjs", "next.config.ts", "next.config.cjs"):
        rel = join(folder, name)
        text = tree.text(rel)
        if text is not None:
            return text, rel
    return None


def config_dev_imports(tree: Tree, folder: str, deps: dict[str, str]) -> tuple[str, ...]:
    """Dev dependencies next.config imports: `next start` loads the config, so the image
    keeps them (@next/bundle-analyzer imported at the top, used only with ANALYZE=true)."""
    config = next_config(tree, folder)
    if config is None:
        return ()
    found = re.findall(r"""(?:\bfrom\s+|\brequire\(\s*|\bimport\s+)['"]([^'"./][^'"]*)['"]""", config[0])
    packages = ["/".join(p.split("/")[:2]) if p.startswith("@") else p.split("/")[0] for p in found]
    return tuple(dict.fromkeys(p for p in packages if deps.get(p) == "devDependencies"))


# An ORM's own driver package names its database (MikroORM's @mikro-orm/mysql).
ORM_DRIVERS = {
    "@silverhand/slonik": "postgres",  # logto's fork of slonik, the PostgreSQL client
    "@mikro-orm/postgresql": "postgres",
    "@mikro-orm/mysql": "mysql",
    "@mikro-orm/mariadb": "mariadb",
    "@mikro-orm/sqlite": "sqlite",
    "@mikro-orm/better-sqlite": "sqlite",
    # Sails' Waterline adapters (they bring the driver: sails-postgresql its own pg)
    "sails-postgresql": "postgres",
    "sails-mysql": "mysql",
    "sails-mongo": "mongodb",
}


# A package the app loads by name at run time, not by import: pino's transport target.
_LOADED_BY_NAME = re.compile(r"""\btarget\s*:\s*['"]([^'"./][^'"]*)['"]""")


# A value import or require of a package (not `import type`): `import 'dotenv/config'`,
# `import express from "express"`, `const x = require("x")`.
_IMPORTED = re.compile(
    r"""^[ \t]*(?:import\s+(?!type\b)(?:[^'";]*?\bfrom\s+)?|(?:const|let|var)\s+[^=;]+=\s*require\(\s*)"""
    r"""['"]([^'"./][^'"]*)['"]""",
    re.M,
)
# Files that do not run in the server: seeds, migrations, scripts, tests, tool settings.
_NOT_SERVED = re.compile(
    r"(?:^|/)(?:seeds?|seeders?|migrations?|scripts?|tests?|__tests__|e2e|mocks?|fixtures|cypress)/|\.config\.|seed"
    r"|(?:^|/)bin/test\.[cm]?[jt]s$"  # AdonisJS's test runner entry (node ace test)
)


def runtime_dev_loads(texts: dict[str, str], deps: dict[str, str]) -> tuple[str, ...]:
    """Dev dependencies the server loads as it runs: by name (pino's `transport: { target:
    "pino-pretty" }`), or imported by its code (`import 'dotenv/config'` with dotenv a dev
    dependency): the image keeps them, or the app stops when it reaches them."""
    found = [m.group(1) for t in texts.values() if "target" in t for m in _LOADED_BY_NAME.finditer(t)]
    for rel, text in texts.items():
        if not _NOT_SERVED.search(rel.lower()):
            found += (m.group(1) for m in _IMPORTED.finditer(text))
    packages = ("/".join(p.split("/")[:2]) if p.startswith("@") else p.split("/")[0] for p in found)
    return tuple(dict.fromkeys(p for p in packages if deps.get(p) == "devDependencies"))


def _next_output(tree: Tree, folder: str) -> tuple[str, str | None]:
    config = next_config(tree, folder)
    if config is not None:
        m = re.search(r"""output\s*:\s*['"](export|standalone)['"]""", config[0])
        if m and m.group(1) == "export":
            return "spa", "out"
        if m and m.group(1) == "standalone":
            return "server", ".next/standalone"
    return "server", None


def _angular_output(tree: Tree, folder: str) -> str:
    data = tree.json(join(folder, "angular.json"))
    projects = get_path(data, "projects")
    if isinstance(projects, dict):
        for project in projects.values():
            options = get_path(project, "architect", "build", "options")
            out = get_path(options, "outputPath")
            builder = get_path(project, "architect", "build", "builder")
            if isinstance(out, str):
                new_builder = isinstance(builder, str) and builder.endswith(":application")
                return f"{out}/browser" if new_builder else out
            if isinstance(out, dict) and isinstance(out.get("base"), str):
                return f"{out['base']}/browser"
    return "dist"


def output_of(
    tree: Tree, folder: str, framework: Sourced[str] | None, kind: str, output: str | None, pkg_rel: str
) -> Sourced[str] | None:
    """The folder a front end's build writes (a single-page app's, a standalone Next.js server's),
    from the framework's settings file, else its default."""
    fw = framework.value if framework else None
    if kind == "spa" and output:
        vite = vite_out_dir(tree, folder) if fw == "vite" else None
        if vite is not None:
            return Sourced(vite[0], vite[1], "build.outDir")
        if fw == "angular" and tree.has(join(folder, "angular.json")):
            return Sourced(output, join(folder, "angular.json"), "outputPath")
        return Sourced(output, framework.source if framework else pkg_rel, f"{fw} default")
    if fw == "nextjs" and output:
        config = next_config(tree, folder)
        return Sourced(output, config[1] if config else pkg_rel, "output: standalone")
    return None


# build.outDir: 'build', path.resolve(__dirname, 'build'), or a constant (Youtarr's
# `const buildOutDir = 'build'` ... `outDir: buildOutDir`)
_OUT_DIR = re.compile(
    r"""\boutDir\s*:\s*(?:['"]([^'"]+)['"]"""
    r"""|(?:path\.)?(?:resolve|join)\(\s*__dirname\s*,\s*['"]([^'"]+)['"]\s*\)|([A-Za-z_$][\w$]*)\b(?!\s*[.(]))"""
)


def vite_out_dir(tree: Tree, folder: str) -> tuple[str, str] | None:
    for name in ("vite.config.ts", "vite.config.js", "vite.config.mjs", "vite.config.mts"):
        rel = join(folder, name)
        text = tree.text(rel) or ""
        for m in _OUT_DIR.finditer(text):
            line = text[text.rfind("\n", 0, m.start()) + 1 : m.start()].lstrip()
            if line.startswith(("//", "*", "/*")):
                continue  # an outDir in a comment
            value = m.group(1) or m.group(2)
            if m.group(3):  # a constant at the module's top
                top = (
                    rf"""^(?:export\s+)?(?:const|let|var)\s+{re.escape(m.group(3))}\s*=\s*['"]([^'"]+)['"]"""
                )
                const = re.search(top, text, re.M)
                value = const.group(1) if const else None
            if value:
                return value.removeprefix("./"), rel
    return None


_BABEL_CONFIGS = (
    ".babelrc",
    ".babelrc.json",
    "babel.config.json",
    "babel.config.js",
    ".babelrc.js",
    "package.json",
)


def babel_runtime(tree: Tree, folder: str, deps: dict[str, str]) -> tuple[str, ...]:
    """``@babel/runtime`` when Babel's transform-runtime plugin compiles the code (the built
    files require its helpers, "Cannot find module '@babel/runtime/helpers/...'") and the
    project lists it among its development dependencies."""
    if deps.get("@babel/runtime") != "devDependencies":
        return ()
    configs = (tree.text(join(folder, name)) or "" for name in _BABEL_CONFIGS)
    return ("@babel/runtime",) if any("transform-runtime" in text for text in configs) else ()


_BROWSER_UI = frozenset({"react-dom", "vue", "preact", "svelte", "solid-js", "@angular/core"})


def browser_module(app: AppFacts) -> bool:
    """A browser UI's package whose only "start" is a module it exports (its ``main``, or
    src/index.js: tracim's React frontend_app_*, a library's bundle), not a server: no server
    framework, no database driver, and no server's file name (server.js, app.js, www)."""
    start = app.start
    if start is None or app.framework is not None or app.databases or start.detail not in ("", "main"):
        return False
    entry = start.argv[1].rpartition("/")[2] if start.argv[1:] else ""
    ui = _BROWSER_UI.intersection(d.name for d in app.dependencies)
    return bool(ui and entry) and not re.search(r"server|serve|app|www|main", entry)
