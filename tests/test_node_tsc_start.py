"""A TypeScript server whose start script names a file tsc writes (``node index.js`` with
``src/index.ts`` and tsconfig's ``outDir: ./dist``) and no script that compiles: the image
compiles with the project's own tsc and runs ``dist/index.js``; and a migration script of
the project's own (``scripts/migrate.sh``) is its release step."""

from __future__ import annotations

import json
import re
from pathlib import Path

import yaml
from helpers import write_tree

from advisor.api import Advice, advise
from advisor.inspect import inspect_project
from advisor.render.compose import render_compose
from advisor.render.dockerfile import render_dockerfile


def _project(tmp_path: Path, extra: dict[str, str] | None = None) -> Path:
    package = {
        "name": "api",
        "scripts": {"dev": "nodemon", "start": "node index.js"},
        "dependencies": {"express": "^4", "knex": "^3", "pg": "^8"},
        "devDependencies": {"typescript": "^5", "@types/express": "^4"},
    }
    tsconfig = {
        "compilerOptions": {"target": "ES2020", "module": "commonjs", "outDir": "./dist", "rootDir": "./src"},
        "include": ["src/**/*.ts"],
    }
    return write_tree(
        tmp_path,
        {
            "package.json": json.dumps(package),
            "pnpm-lock.yaml": "lockfileVersion: '9.0'\n",
            "tsconfig.json": json.dumps(tsconfig),
            "src/index.ts": "import app from './app';\napp.listen(process.env.PORT || 8000);\n",
            "src/app.ts": "import express from 'express';\nexport default express();\n",
            **(extra or {}),
        },
    )


def _nest(tmp_path: Path, scripts: dict[str, str], dev: dict[str, str]) -> Advice:
    """A NestJS + TypeORM API with these extra scripts and dev dependencies, with PostgreSQL."""
    package = {
        "name": "api",
        "scripts": {"build": "nest build", "start:prod": "node dist/main.js", **scripts},
        "dependencies": {"@nestjs/core": "^11", "@nestjs/typeorm": "^11", "typeorm": "^0.3", "pg": "^8"},
        "devDependencies": {"@nestjs/cli": "^11", "typescript": "^5", **dev},
    }
    write_tree(
        tmp_path,
        {
            "package.json": json.dumps(package),
            "package-lock.json": '{"lockfileVersion": 3, "packages": {}}',
            "src/main.ts": "import { NestFactory } from '@nestjs/core';\n",
        },
    )
    return advise({"host_os": "linux", "database": "postgres"}, folder=tmp_path)


def test_a_start_file_tsc_writes_is_compiled_and_run_from_out_dir(tmp_path: Path) -> None:
    app = inspect_project(_project(tmp_path)).apps[0]
    assert app.start is not None and app.start.argv == ("node", "dist/index.js")
    assert app.build is not None and app.build.argv == ("pnpm", "exec", "tsc")
    dockerfile = render_dockerfile(advise({"host_os": "linux"}, folder=tmp_path).setup)
    assert "pnpm exec tsc" in dockerfile
    assert 'CMD ["node", "dist/index.js"]' in dockerfile


def test_a_tsconfig_with_project_references_builds_with_tsc_build(tmp_path: Path) -> None:
    _project(tmp_path)
    config = json.loads((tmp_path / "tsconfig.json").read_text())
    (tmp_path / "tsconfig.json").write_text(json.dumps({**config, "references": [{"path": "../shared"}]}))
    app = inspect_project(tmp_path).apps[0]
    assert app.build is not None and app.build.argv == ("pnpm", "exec", "tsc", "-b")


def test_a_start_file_the_project_has_is_run_as_it_is(tmp_path: Path) -> None:
    _project(tmp_path, {"index.js": "require('./dist/index.js');\n"})
    app = inspect_project(tmp_path).apps[0]
    assert app.start is not None and app.start.argv == ("node", "index.js")
    assert app.build is None


def test_the_projects_migration_script_is_the_release_step(tmp_path: Path) -> None:
    script = (
        "#!/bin/sh\nset -e\n"
        'pnpm knex --knexfile ./dist/database/config.js migrate:latest\nnode "dist/seed.js"\n'
    )
    _project(tmp_path, {"scripts/migrate.sh": script})
    advice = advise({"host_os": "linux", "database": "postgres"}, folder=tmp_path)
    migrate = yaml.safe_load(render_compose(advice.setup))["services"]["migrate"]
    assert migrate["command"] == ["sh", "scripts/migrate.sh"]


def test_a_migration_script_that_drives_docker_is_no_release_step(tmp_path: Path) -> None:
    script = "#!/bin/sh\ndocker compose exec api npx knex migrate:latest\n"
    _project(tmp_path, {"scripts/migrate.sh": script})
    app = inspect_project(tmp_path).apps[0]
    assert app.release is None or app.release.argv != ("sh", "scripts/migrate.sh")


def test_a_migration_script_that_builds_first_runs_only_its_steps_after_the_build(tmp_path: Path) -> None:
    """wash-world: `"migration:run": "nest build && typeorm migration:run -d dist/data-source.js"`:
    the image is built already and `nest` went with the dev dependencies (`nest: not found`)."""
    advice = _nest(
        tmp_path, {"migration:run": "nest build && typeorm migration:run -d dist/data-source.js"}, {}
    )
    migrate = yaml.safe_load(render_compose(advice.setup))["services"]["migrate"]
    assert migrate["command"] == ["sh", "-c", "typeorm migration:run -d dist/data-source.js"]


def test_drizzle_with_no_migrations_kept_pushes_its_schema_with_the_projects_push_script(
    tmp_path: Path,
) -> None:
    """t-stack: `db:migrate` (drizzle-kit migrate) and `db:push` (drizzle-kit push), and no
    migrations in drizzle/ (no meta/_journal.json): migrate stops on the missing journal."""
    package = {
        "name": "api",
        "scripts": {
            "start": "node server.js",
            "db:migrate": "drizzle-kit migrate",
            "db:push": "drizzle-kit push",
        },
        "dependencies": {"drizzle-orm": "^0.44", "pg": "^8"},
        "devDependencies": {"drizzle-kit": "^0.31"},
    }
    files = {
        "package.json": json.dumps(package),
        "package-lock.json": '{"lockfileVersion": 3, "packages": {}}',
        "server.js": "require('http').createServer().listen(3000);\n",
        "drizzle.config.ts": "export default { schema: './src/schema.ts', out: './drizzle' };\n",
    }
    write_tree(tmp_path, files)
    assert inspect_project(tmp_path).apps[0].release.argv[-1] == "db:push"  # type: ignore[union-attr]
    write_tree(tmp_path, {"drizzle/meta/_journal.json": "{}", "drizzle/0000_init.sql": "CREATE TABLE t();\n"})
    assert inspect_project(tmp_path).apps[0].release.argv[-1] == "db:migrate"  # type: ignore[union-attr]


def test_nests_build_config_leaves_the_tests_out_of_the_compiled_layout(tmp_path: Path) -> None:
    """A Nest project with test/*.e2e-spec.ts: tsc on tsconfig.json alone would write
    dist/src/main.js, but `nest build` compiles tsconfig.build.json, which excludes test/:
    dist/main.js, as start:prod says."""
    package = {
        "name": "api",
        "scripts": {"build": "nest build", "start:prod": "node dist/main.js"},
        "dependencies": {"@nestjs/core": "^11"},
        "devDependencies": {"@nestjs/cli": "^11", "typescript": "^5"},
    }
    files = {
        "package.json": json.dumps(package),
        "package-lock.json": '{"lockfileVersion": 3, "packages": {}}',
        "tsconfig.json": json.dumps({"compilerOptions": {"outDir": "./dist"}}),
        "src/main.ts": "import { NestFactory } from '@nestjs/core';\n",
        "test/app.e2e-spec.ts": "describe('app', () => {});\n",
    }
    write_tree(tmp_path, files)
    assert inspect_project(tmp_path).apps[0].start.argv == ("node", "dist/src/main.js")  # type: ignore[union-attr]
    build = {"extends": "./tsconfig.json", "exclude": ["node_modules", "test", "dist", "**/*spec.ts"]}
    write_tree(tmp_path, {"tsconfig.build.json": json.dumps(build)})
    assert inspect_project(tmp_path).apps[0].start.argv == ("node", "dist/main.js")  # type: ignore[union-attr]


def test_a_release_step_in_another_workspace_member_keeps_that_members_dev_tools(tmp_path: Path) -> None:
    """A turborepo: apps/backend-api serves, packages/database migrates with its own
    `db:migrate: drizzle-kit migrate`, drizzle-kit one of its dev dependencies: the image
    keeps the dev dependencies (`drizzle-kit: not found` after the production install)."""
    write_tree(
        tmp_path,
        {
            "package.json": json.dumps({"name": "root", "private": True, "packageManager": "pnpm@9.12.3"}),
            "pnpm-workspace.yaml": 'packages:\n  - "apps/*"\n  - "packages/*"\n',
            "pnpm-lock.yaml": "lockfileVersion: '9.0'\n",
            "apps/backend-api/package.json": json.dumps(
                {
                    "name": "backend-api",
                    "scripts": {"build": "tsc", "start": "node dist/index.js"},
                    "dependencies": {"hono": "^4", "@workspace/database": "workspace:*"},
                }
            ),
            "apps/backend-api/src/index.ts": "import { serve } from '@hono/node-server';\n",
            "packages/database/package.json": json.dumps(
                {
                    "name": "@workspace/database",
                    "scripts": {"build": "tsc", "db:migrate": "drizzle-kit migrate"},
                    "dependencies": {"drizzle-orm": "^0.39", "pg": "^8"},
                    "devDependencies": {"drizzle-kit": "^0.30"},
                }
            ),
            "packages/database/drizzle.config.ts": "export default { out: './drizzle' };\n",
            "packages/database/drizzle/meta/_journal.json": "{}",
        },
    )
    app = next(a for a in inspect_project(tmp_path).apps if a.path == "apps/backend-api")
    assert app.release is not None and app.release.argv[-1].startswith("cd /app/packages/database && ")
    assert app.release_tools == ("drizzle-kit",)


def test_a_release_step_through_env_cmd_finds_an_empty_env_file(tmp_path: Path) -> None:
    """vndevteam's nestjs-boilerplate migrates with `env-cmd typeorm migration:run …`: env-cmd
    stops when .env is missing, and the project's .env stays out of the image."""
    advice = _nest(
        tmp_path,
        {"migration:up": "env-cmd typeorm migration:run -d dist/database/data-source.js"},
        {"env-cmd": "^10"},
    )
    assert "RUN touch .env" in render_dockerfile(advice.setup)


def test_a_workspace_member_without_engines_takes_its_roots(tmp_path: Path) -> None:
    """cieslarmichal's fullstack-starter: the root package.json of the workspace says
    `engines.node: ">=25"`, the member nothing."""
    write_tree(
        tmp_path,
        {
            "package.json": json.dumps(
                {"name": "root", "workspaces": ["apps/*"], "engines": {"node": ">=22"}}
            ),
            "package-lock.json": '{"lockfileVersion": 3, "packages": {}}',
            "apps/api/package.json": json.dumps(
                {"name": "api", "scripts": {"start": "node src/index.js"}, "dependencies": {"express": "^5"}}
            ),
            "apps/api/src/index.js": "require('express')().listen(3000);\n",
        },
    )
    app = next(a for a in inspect_project(tmp_path).apps if a.path == "apps/api")
    assert app.runtime is not None and app.runtime.source == "package.json"
    assert app.runtime.constraint == ">=22"


def test_a_pnpm_workspace_member_without_engines_takes_its_roots(tmp_path: Path) -> None:
    """pnpm lists the members in pnpm-workspace.yaml, not in the root package.json."""
    write_tree(
        tmp_path,
        {
            "package.json": json.dumps({"name": "root", "private": True, "engines": {"node": ">=22"}}),
            "pnpm-workspace.yaml": "packages:\n  - apps/*\n",
            "pnpm-lock.yaml": "lockfileVersion: '9.0'\n",
            "apps/api/package.json": json.dumps(
                {"name": "api", "scripts": {"start": "node src/index.js"}, "dependencies": {"express": "^5"}}
            ),
            "apps/api/src/index.js": "require('express')().listen(3000);\n",
        },
    )
    app = next(a for a in inspect_project(tmp_path).apps if a.path == "apps/api")
    assert app.runtime is not None and (app.runtime.source, app.runtime.constraint) == (
        "package.json",
        ">=22",
    )
    (tmp_path / "pnpm-workspace.yaml").unlink()  # a package.json above that is no workspace's root
    app = next(a for a in inspect_project(tmp_path).apps if a.path == "apps/api")
    assert app.runtime is None or app.runtime.source != "package.json"


def test_node_configs_port_is_the_apps_when_the_code_names_none(tmp_path: Path) -> None:
    """cieslarmichal's fullstack-starter listens on config.get('port'): 5000 in
    config/default.json."""
    write_tree(
        tmp_path,
        {
            "package.json": json.dumps(
                {
                    "name": "api",
                    "scripts": {"start": "node src/index.js"},
                    "dependencies": {"express": "^5", "config": "^3"},
                }
            ),
            "package-lock.json": '{"lockfileVersion": 3, "packages": {}}',
            "src/index.js": (
                "const config = require('config');\nrequire('express')().listen(config.get('server.port'));\n"
            ),
            "config/default.json": json.dumps({"server": {"port": 5000, "host": "0.0.0.0"}}),
        },
    )
    port = inspect_project(tmp_path).apps[0].ports[0]
    assert (port.value, port.source) == (5000, "config/default.json")


def test_a_workspace_members_borrowed_cmd_runs_what_a_composite_tsconfig_writes(tmp_path: Path) -> None:
    """fullstack-starter: apps/backend/Dockerfile copies dist/ to apps/backend and runs
    `node apps/backend/src/index.js`; its tsconfig (JSONC: trailing commas) extends the
    workspace's, which is composite: rootDir is the member's folder, so tsc writes
    dist/src/index.js, the file the image runs."""
    package = {"name": "@apps/backend", "type": "module", "scripts": {"build": "tsc --build tsconfig.json"}}
    member = (
        '{\n  "extends": "../../tsconfig.json",\n  "compilerOptions": {\n    "outDir": "./dist",\n  },\n}\n'
    )
    root = '{\n  // shared\n  "compilerOptions": {"composite": true, "outDir": "./out", /* its own */},\n}\n'
    dockerfile = (
        'FROM node:24\nWORKDIR /app\nCOPY dist ./apps/backend\nCMD ["node", "apps/backend/src/index.js"]\n'
    )
    write_tree(
        tmp_path,
        {
            "package.json": json.dumps({"name": "ws", "workspaces": ["apps/*"]}),
            "package-lock.json": '{"lockfileVersion": 3, "packages": {}}',
            "tsconfig.json": root,
            "apps/backend/package.json": json.dumps({**package, "dependencies": {"fastify": "^5"}}),
            "apps/backend/tsconfig.json": member,
            "apps/backend/Dockerfile": dockerfile,
            "apps/backend/src/index.ts": "import Fastify from 'fastify';\nFastify().listen({ port: 5000 });",
        },
    )
    app = next(a for a in inspect_project(tmp_path).apps if a.path == "apps/backend")
    assert app.start is not None and app.start.argv == ("node", "dist/src/index.js")
    assert app.start.source == "apps/backend/Dockerfile"


def test_jsonc_keeps_strings_that_look_like_comments() -> None:
    from advisor.inspect.node_typeorm import jsonc

    text = '{"paths": {"@/*": ["./src/*"]}, "url": "http://x//y", /* c */ "list": [1, 2,],}'
    assert jsonc(text) == {"paths": {"@/*": ["./src/*"]}, "url": "http://x//y", "list": [1, 2]}
    assert jsonc("[1, 2]") is None and jsonc("{not json") is None


def test_an_include_of_declarations_only_is_no_part_of_tscs_root(tmp_path: Path) -> None:
    """Tony133's tsconfig includes "@types" and "@types/**/*.d.ts" beside "src/**/*.ts": tsc
    emits nothing for declarations, so its rootDir is src/ and `node dist/server.js` (the
    project's start) is the compiled file, not dist/src/server.js."""
    from advisor.inspect.node_typeorm import compiled_file
    from advisor.inspect.tree import Tree

    write_tree(
        tmp_path,
        {
            "package.json": '{"name": "api", "scripts": {"start": "node dist/server.js"}}',
            "tsconfig.json": (
                '{"compilerOptions": {"outDir": "dist"},'
                ' "include": ["@types", "src/**/*.ts", "@types/**/*.d.ts"]}'
            ),
            "@types/fastify.d.ts": "declare module 'fastify' {}\n",
            "src/server.ts": "import app from './app'\n",
            "src/app.ts": "export default {}\n",
        },
    )
    assert compiled_file(Tree(tmp_path), "", ("node", "dist/server.js")) is None


def test_debugger_and_profiler_options_leave_the_start_command(tmp_path: Path) -> None:
    """nestjs-11-mikro-orm-10's `"start:prod": "node --inspect-brk dist/main"` waits for a
    debugger before its first line (the app never listens); --prof writes a log file into the
    read-only app folder. The image runs the app without them."""
    write_tree(
        tmp_path,
        {
            "package.json": json.dumps(
                {
                    "name": "api",
                    "scripts": {"build": "nest build", "start:prod": "node --inspect-brk --prof dist/main"},
                    "dependencies": {"@nestjs/core": "^11", "@nestjs/common": "^11"},
                    "devDependencies": {"@nestjs/cli": "^11", "typescript": "^5"},
                }
            ),
            "src/main.ts": "async function bootstrap() {}\nbootstrap();\n",
            "tsconfig.json": '{"compilerOptions": {"outDir": "./dist"}}',
        },
    )
    start = inspect_project(tmp_path).apps[0].start
    assert start is not None and start.argv == ("node", "dist/main")


def test_a_start_without_its_extension_runs_the_file_nest_build_really_writes(tmp_path: Path) -> None:
    """farms-backend: `"start:prod": "node dist/main"` (Node adds .js), and TypeScript outside
    src/ (db/data.source.ts) with no rootDir: nest build writes dist/src/main.js ("Cannot find
    module '/app/dist/main'")."""
    write_tree(
        tmp_path,
        {
            "package.json": json.dumps(
                {
                    "name": "farms",
                    "scripts": {"build": "nest build", "start:prod": "node dist/main"},
                    "dependencies": {
                        "@nestjs/core": "^10",
                        "@nestjs/common": "^10",
                        "typeorm": "^0.3",
                        "pg": "^8",
                    },
                    "devDependencies": {"@nestjs/cli": "^10", "typescript": "^5"},
                }
            ),
            "tsconfig.json": '{"compilerOptions": {"outDir": "./dist", "baseUrl": "./"}}',
            "tsconfig.build.json": '{"extends": "./tsconfig.json", "exclude": ["node_modules", "dist"]}',
            "src/main.ts": "async function bootstrap() {}\nbootstrap();\n",
            "db/data.source.ts": "export const source = {};\n",
        },
    )
    start = inspect_project(tmp_path).apps[0].start
    assert start is not None and start.argv == ("node", "dist/src/main.js")
    (tmp_path / "db/data.source.ts").unlink()
    start = inspect_project(tmp_path).apps[0].start
    assert start is not None and start.argv == ("node", "dist/main")


def test_nests_swc_builder_writes_the_source_root_straight_into_dist(tmp_path: Path) -> None:
    """NestJS-GraphQL-TypeORM-PostgresQL builds with nest-cli's `"builder": "swc"`: src/ goes
    straight to dist/ (dist/main.js), whatever tsc's rootDir would be with TypeScript outside
    src/ (tsc's own dist/src/main.js is for `nest build` with tsc)."""
    write_tree(
        tmp_path,
        {
            "package.json": json.dumps(
                {
                    "name": "api",
                    "scripts": {"build": "nest build", "start:prod": "node dist/main"},
                    "dependencies": {"@nestjs/core": "^11", "@nestjs/common": "^11"},
                    "devDependencies": {"@nestjs/cli": "^11", "@swc/core": "^1", "typescript": "^5"},
                }
            ),
            "nest-cli.json": '{"sourceRoot": "src", "compilerOptions": {"builder": "swc"}}',
            "tsconfig.json": '{"compilerOptions": {"outDir": "./dist"}, "include": ["**/*.ts"]}',
            "src/main.ts": "async function bootstrap() {}\nbootstrap();\n",
            "ormconfig.ts": "export default {};\n",
        },
    )
    start = inspect_project(tmp_path).apps[0].start
    assert start is not None and start.argv == ("node", "dist/main")


def test_a_deeper_exclude_leaves_the_rest_of_its_top_folder_in_tscs_root(tmp_path: Path) -> None:
    """nestjs-typeorm-api-starter's tsconfig.build.json excludes cli/easy-generate/templates
    only: cli/easy-generate/index.ts still compiles, so nest build writes dist/src/main.js."""
    write_tree(
        tmp_path,
        {
            "package.json": json.dumps(
                {
                    "name": "api",
                    "scripts": {"build": "nest build", "start:prod": "node dist/main"},
                    "dependencies": {"@nestjs/core": "^11"},
                    "devDependencies": {"@nestjs/cli": "^11", "typescript": "^5"},
                }
            ),
            "tsconfig.json": '{"compilerOptions": {"outDir": "./dist"}}',
            "tsconfig.build.json": '{"extends": "./tsconfig.json", "exclude": ["cli/gen/templates"]}',
            "src/main.ts": "async function bootstrap() {}\nbootstrap();\n",
            "cli/gen/index.ts": "export {};\n",
            "cli/gen/templates/a.template.ts": "export {};\n",
        },
    )
    start = inspect_project(tmp_path).apps[0].start
    assert start is not None and start.argv == ("node", "dist/src/main.js")
    (tmp_path / "cli/gen/index.ts").unlink()  # only the excluded templates are left outside src/
    start = inspect_project(tmp_path).apps[0].start
    assert start is not None and start.argv == ("node", "dist/main")


def test_a_bundlers_output_is_where_the_start_script_says(tmp_path: Path) -> None:
    """fastify-quick-start: `build: tsup`, `start: node dist/bootstrap.js`, tsconfig's include
    names src/ and tests/ (tsc's rootDir would be the project's folder, dist/src/...): tsup
    writes dist/bootstrap.js, so the start stays as the project says. With tsc, dist/src/."""
    package = {
        "name": "api",
        "scripts": {"build": "tsup", "start": "node dist/bootstrap.js"},
        "dependencies": {"fastify": "^5"},
        "devDependencies": {"tsup": "^8", "typescript": "^5"},
    }
    files = {
        "package.json": json.dumps(package),
        "tsconfig.json": '{"compilerOptions": {"outDir": "dist"}, "include": ["src", "tests"]}',
        "src/bootstrap.ts": "import Fastify from 'fastify';\nFastify().listen({ port: 3333 });\n",
        "tests/app.test.ts": "test('x', () => {});\n",
    }
    app = inspect_project(write_tree(tmp_path / "tsup", files)).apps[0]
    assert app.start is not None and app.start.argv == ("node", "dist/bootstrap.js")
    files["package.json"] = json.dumps({**package, "scripts": {**package["scripts"], "build": "tsc"}})
    tsc = inspect_project(write_tree(tmp_path / "tsc", files)).apps[0]
    assert tsc.start is not None and tsc.start.argv == ("node", "dist/src/bootstrap.js")


def test_with_no_start_script_main_or_entry_file_the_dev_scripts_runner_starts_the_app(
    tmp_path: Path,
) -> None:
    """in-orbit's server: only `dev: tsx watch --env-file .env src/http/server.ts` (main names
    an index.js it lacks): the app starts as `tsx --env-file .env src/http/server.ts`, without
    the watcher (the image gave `node index.js`, which does not exist); tsx stays in the image."""
    package = {
        "name": "in-orbit",
        "main": "index.js",
        "scripts": {"dev": "tsx watch --env-file .env src/http/server.ts"},
        "dependencies": {"fastify": "^4"},
        "devDependencies": {"tsx": "^4"},
    }
    write_tree(
        tmp_path,
        {
            "package.json": json.dumps(package),
            "src/http/server.ts": (
                "import fastify from 'fastify';\nfastify().listen({ port: 3333, host: '0.0.0.0' });\n"
            ),
        },
    )
    app = inspect_project(tmp_path).apps[0]
    assert app.start is not None and app.start.argv == ("tsx", "--env-file", ".env", "src/http/server.ts")
    advice = advise({"host_os": "linux"}, folder=tmp_path)
    assert "tsx" in advice.setup.build.start_tools


def test_a_start_through_nps_runs_the_package_scripts_command(tmp_path: Path) -> None:
    """express-typescript-boilerplate: `"start": "nps"`, whose package-scripts.js default is
    `nps start`, whose script is `cross-env NODE_ENV=production node dist/app.js`; the build
    (`npm start build`: nps transpiles and copies) lays dist/ out itself, so the file stays
    where the project says, and the image runs node directly (signals reach it; nps may be
    a dev dependency the image drops)."""
    write_tree(
        tmp_path,
        {
            "package.json": json.dumps(
                {
                    "name": "api",
                    "scripts": {"start": "nps", "build": "npm start build"},
                    "dependencies": {"express": "^4"},
                    "devDependencies": {"nps": "^5", "typescript": "^5"},
                }
            ),
            "package-scripts.js": (
                "module.exports = {\n    scripts: {\n        default: 'nps start',\n"
                "        /**\n         * Starts the built app\n         */\n        start: {\n"
                "            script: 'cross-env NODE_ENV=production node dist/app.js',\n"
                "            description: 'Starts the builded app',\n        },\n"
                "        serve: {\n            inspector: {\n                script: 'nodemon --inspect',\n"
                "            },\n            script: 'nodemon --watch src',\n        },\n    },\n};\n"
            ),
            "tsconfig.json": '{"compilerOptions": {"outDir": "dist"}}',
            "src/app.ts": "import express from 'express';\nexpress().listen(3000);\n",
            "test/app.test.ts": "import '../src/app';\n",
        },
    )
    app = inspect_project(tmp_path).primary
    assert app is not None and app.start is not None and app.start.argv == ("node", "dist/app.js")


def test_a_host_the_app_never_binds_to_keeps_its_example_value(tmp_path: Path) -> None:
    """APP_HOST=localhost builds the app's own URLs (a banner, Swagger's server) while it
    listens with `app.listen(port)`: it stays localhost. An app that passes it to listen()
    gets 0.0.0.0 (else neither the published port nor the healthcheck reaches it)."""
    write_tree(
        tmp_path,
        {
            "package.json": json.dumps(
                {"name": "api", "scripts": {"start": "node src/app.js"}, "dependencies": {"express": "^4"}}
            ),
            ".env.example": "APP_HOST=localhost\nAPP_PORT=3000\n",
            "src/app.js": (
                "const app = require('express')();\nconst host = process.env.APP_HOST;\n"
                "app.listen(process.env.APP_PORT, () => console.log(`http://${host}:3000`));\n"
            ),
        },
    )

    def env_file() -> str:  # run.sh's: no database, so literal values go into .env
        return advise({"host_os": "linux"}, folder=tmp_path).files("en")[".env"]

    assert re.search(r"^APP_HOST=localhost$", env_file(), re.M) and "0.0.0.0" not in env_file()
    (tmp_path / "src" / "app.js").write_text(
        "const app = require('express')();\napp.listen(process.env.APP_PORT, process.env.APP_HOST);\n"
    )
    assert re.search(r"^APP_HOST=0\.0\.0\.0$", env_file(), re.M)


def test_a_version_file_that_engines_rules_out_gives_way_to_engines(tmp_path: Path) -> None:
    """bigcapital's .nvmrc says v14.20 while its engines say 16.x–18.x and its pnpm lockfile
    (v6: pnpm 8) needs Node 16.14 or newer: the stale file gives way, and a range only
    past-end-of-life lines satisfy gets the newest of them, not nothing."""
    write_tree(
        tmp_path,
        {
            "package.json": json.dumps(
                {
                    "name": "api",
                    "scripts": {"start": "node src/index.js"},
                    "dependencies": {"express": "^4"},
                    "engines": {"node": "16.x || 17.x || 18.x"},
                }
            ),
            ".nvmrc": "v14.20",
            "src/index.js": "require('express')().listen(3000);\n",
        },
    )
    runtime = inspect_project(tmp_path).primary.runtime  # type: ignore[union-attr]
    assert runtime is not None and (runtime.image_tag, runtime.source) == ("18", "package.json")
    assert ".nvmrc says v14.20" in runtime.constraint
    assert "ARG NODE_VERSION=18\n" in render_dockerfile(advise({"host_os": "linux"}, folder=tmp_path).setup)
    # A version file inside the range is the project's choice and stays.
    (tmp_path / ".nvmrc").write_text("17\n")
    runtime = inspect_project(tmp_path).primary.runtime  # type: ignore[union-attr]
    assert runtime is not None and (runtime.image_tag, runtime.source) == ("17", ".nvmrc")


def test_node_sass_holds_node_at_the_last_line_it_builds_on(tmp_path: Path) -> None:
    """node-sass (deprecated) has a build only up to a Node line per major (9: 20, 4: 14) and
    its libsass does not compile on newer ones: with no range of the project's that forbids
    it, the image uses that line, and the report says to move to sass."""
    package = {
        "name": "shop",
        "scripts": {"start": "node server.js"},
        "dependencies": {"express": "^4", "node-sass": "^9.0.0"},
    }
    write_tree(
        tmp_path, {"package.json": json.dumps(package), "server.js": "require('express')().listen(3000);\n"}
    )
    advice = advise({"host_os": "linux"}, folder=tmp_path)
    assert "ARG NODE_VERSION=20\n" in render_dockerfile(advice.setup)
    report = advice.report("en")
    assert "`package.json` lists `node-sass@^9.0.0`, whose releases build on Node up to `20` only" in report
    assert "Replace node-sass with sass" in report
    assert "`node-sass@^9.0.0` 패키지는 Node `20` 버전까지만 빌드됩니다" in advice.report("ko")
    package["engines"] = {"node": ">=22"}  # the project's own range rules the line out: kept
    (tmp_path / "package.json").write_text(json.dumps(package))
    assert "ARG NODE_VERSION=24\n" in render_dockerfile(advise({"host_os": "linux"}, folder=tmp_path).setup)
    package["engines"] = {"node": ">=8"}
    package["dependencies"] = {"express": "^4", "node-sass": "4.14.1"}
    (tmp_path / "package.json").write_text(json.dumps(package))
    assert "ARG NODE_VERSION=14\n" in render_dockerfile(advise({"host_os": "linux"}, folder=tmp_path).setup)
    del package["dependencies"]["node-sass"]  # no node-sass: the newest line
    (tmp_path / "package.json").write_text(json.dumps(package))
    assert "ARG NODE_VERSION=24\n" in render_dockerfile(advise({"host_os": "linux"}, folder=tmp_path).setup)
