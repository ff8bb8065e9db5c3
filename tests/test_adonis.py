"""AdonisJS 6: a server (its Vite builds only assets) that `node ace build` writes to build/,
with Lucid migrations run by the built ace.js and an environment schema checked at boot."""

from __future__ import annotations

import json
from pathlib import Path

import yaml
from helpers import write_tree

from advisor.api import advise
from advisor.inspect import inspect_project
from advisor.render.compose import render_compose
from advisor.render.dockerfile import render_dockerfile
from advisor.render.report import render_report

_ENV = """import { Env } from '@adonisjs/core/env'
export default await Env.create(new URL('../', import.meta.url), {
  NODE_ENV: Env.schema.enum(['development', 'production', 'test'] as const),
  PORT: Env.schema.number(),
  APP_KEY: Env.schema.string(),
  HOST: Env.schema.string({ format: 'host' }),
  SESSION_DRIVER: Env.schema.enum(['cookie', 'memory'] as const),
  REDIS_HOST: Env.schema.string({ format: 'host' }),
  DB_HOST: Env.schema.string({ format: 'host' }),
  DB_PASSWORD: Env.schema.string.optional(),
  DB_DATABASE: Env.schema.string(),
})
"""


def _adonis(tmp_path: Path) -> Path:
    package = {
        "name": "movies",
        "type": "module",
        "scripts": {
            "start": "node bin/server.js",
            "build": "node ace build",
            "dev": "node ace serve --watch",
        },
        "dependencies": {
            "@adonisjs/core": "^6.3.1",
            "@adonisjs/lucid": "^20",
            "@adonisjs/redis": "^8",
            "pg": "^8",
        },
        "devDependencies": {
            "@adonisjs/assembler": "^7",
            "@japa/runner": "^3",
            "vite": "^5",
            "typescript": "^5",
        },
    }
    return write_tree(
        tmp_path,
        {
            "package.json": json.dumps(package),
            "package-lock.json": '{"lockfileVersion": 3, "packages": {}}',
            "ace.js": "import 'ts-node-maintained/register/esm'\nawait import('./bin/console.js')\n",
            "bin/server.ts": "import { Ignitor } from '@adonisjs/core'\n",
            "bin/test.ts": "import { configure, processCLIArgs, run } from '@japa/runner'\n",
            "start/env.ts": _ENV,
            "vite.config.js": "export default { plugins: [] }\n",
            "database/migrations/1_create_users_table.ts": "export default class extends BaseSchema {}\n",
            "database/seeders/00_start_seeder.ts": "export default class extends BaseSeeder {}\n",
            ".env.example": "PORT=3333\nHOST=0.0.0.0\nAPP_KEY=o_vO5XfeSh3CqZ\nSESSION_DRIVER=cookie\n",
        },
    )


def test_adonisjs_is_a_server_built_to_build_with_its_migrations_and_schema(tmp_path: Path) -> None:
    folder = _adonis(tmp_path)
    app = inspect_project(folder).primary
    assert app is not None and app.kind == "server"
    assert app.framework is not None and app.framework.value == "adonisjs"
    env = {v.name: v for v in app.env_vars}
    assert env["APP_KEY"].required and env["DB_DATABASE"].required and not env["DB_PASSWORD"].required
    advice = advise({"project_name": "movies", "host_os": "linux"}, folder=folder)
    assert (advice.answers.database, advice.answers.cache, advice.answers.app_port) == (
        "postgres",
        "redis",
        3333,
    )
    dockerfile = render_dockerfile(advice.setup)
    # it runs in its build: the files it reads from the working folder (public/assets/.vite) are there
    assert 'CMD ["node", "bin/server.js"]' in dockerfile and "\nWORKDIR /app/build\n" in dockerfile
    assert dockerfile.index("WORKDIR /app/build") > dockerfile.index("COPY --from=build /app ./")
    # bin/test.ts (the test runner) is no code the server loads: the dev dependencies go.
    assert "npm run build \\\n    && npm prune --omit=dev" in dockerfile
    compose = yaml.safe_load(render_compose(advice.setup))
    assert compose["services"]["migrate"]["command"] == ["node", "ace.js", "migration:run", "--force"]
    app_env = compose["services"]["app"]["environment"]
    assert (app_env["DB_HOST"], app_env["REDIS_HOST"], app_env["HOST"]) == (
        "db",
        "redis",
        "${HOST:?set it in .env}",
    )
    assert "docker compose exec app node ace.js db:seed" in render_report(advice.setup, "en")


def test_migrations_in_the_folders_the_database_config_lists_are_the_release_step(tmp_path: Path) -> None:
    """adonisjs-starter-kit: no database/migrations, but config/database.ts lists
    `migrations: { paths: ['app/users/database/migrations'] }`."""
    folder = _adonis(tmp_path)
    (folder / "database/migrations/1_create_users_table.ts").unlink()
    (folder / "database/migrations").rmdir()
    assert inspect_project(folder).apps[0].release is None
    config = "export default defineConfig({\n  connections: { postgres: {\n    migrations: {\n"
    config += (
        "      naturalSort: true,\n      paths: ['app/users/database/migrations'],\n    },\n  } },\n})\n"
    )
    write_tree(
        folder,
        {
            "config/database.ts": config,
            "app/users/database/migrations/1_users.ts": "export default class extends BaseSchema {}\n",
        },
    )
    release = inspect_project(folder).apps[0].release
    assert release is not None and release.argv == ("node", "build/ace.js", "migration:run", "--force")


def test_example_values_that_name_other_settings_or_placeholders_start_the_app(tmp_path: Path) -> None:
    """The kit's .env.example: `APP_URL=http://${HOST}:${PORT}` (dotenv expands it) and
    `RESEND_API_KEY=<your-key>`, both required by start/env.ts: .env gets the expanded URL and
    the placeholder's text (the report names it to be replaced), not nothing."""
    folder = _adonis(tmp_path)
    env_ts = (folder / "start/env.ts").read_text()
    extra = "  APP_URL: Env.schema.string({ format: 'url' }),\n  RESEND_API_KEY: Env.schema.string(),\n"
    (folder / "start/env.ts").write_text(env_ts.replace("})\n", extra + "})\n"))
    example = (
        "PORT=3333\nHOST=localhost\nAPP_KEY=\nAPP_URL=http://${HOST}:${PORT}\nRESEND_API_KEY=<your-key>\n"
    )
    (folder / ".env.example").write_text(example)
    advice = advise({"project_name": "movies", "host_os": "linux"}, folder=folder)
    env = advice.files("en")[".env"]
    assert "\nAPP_URL=http://localhost:3333\n" in env
    assert "\nRESEND_API_KEY=your-key\n" in env
    app_env = yaml.safe_load(render_compose(advice.setup))["services"]["app"]["environment"]
    assert app_env["RESEND_API_KEY"] == "${RESEND_API_KEY:?set it in .env}"
    assert (
        "`RESEND_API_KEY`"
        in render_report(advice.setup, "en").split("placeholder values")[0].rsplit("\n", 1)[-1]
    )


def test_adonisjs_5_starts_its_own_build_layout(tmp_path: Path) -> None:
    """ferdium-server: AdonisJS 5 (.adonisrc.json, server.ts at the top, `ace` without a suffix),
    whose `node ace build --production` writes build/server.js and build/ace; 6's build/bin/server.js
    and build/ace.js do not exist there."""
    folder = _adonis(tmp_path)
    (folder / "bin/server.ts").unlink()
    (folder / "ace.js").unlink()
    package = json.loads((folder / "package.json").read_text())
    package["dependencies"]["@adonisjs/core"] = "^5.9.0"
    package["scripts"]["start"] = "cross-env-shell ENV_PATH=.env node build/server.js"
    write_tree(
        folder,
        {
            "package.json": json.dumps(package),
            ".adonisrc.json": '{"typescript": true, "providers": ["@adonisjs/core", "@adonisjs/lucid"]}\n',
            "server.ts": "import { Ignitor } from '@adonisjs/core/build/standalone'\n",
            "ace": "new Ignitor(__dirname).ace().handle(process.argv.slice(2))\n",
        },
    )
    # 5's env.ts: Env.rules({...}), the connection's name in DB_CONNECTION (.env.example: pg)
    write_tree(
        folder,
        {
            "env.ts": "export default Env.rules({\n\tDB_CONNECTION: Env.schema.string(),\n"
            "\tAPP_NAME: Env.schema.string(),\n\tAPP_DOMAIN: Env.schema.string(),\n})\n",
            ".env.example": "PORT=3333\nHOST=0.0.0.0\nDB_CONNECTION=pg\n",
        },
    )
    advice = advise({"project_name": "movies", "host_os": "linux"}, folder=folder)
    env = advice.files("en")[".env"]
    # the project's connection name, not a URL; its name and domain, which it requires
    assert all(
        line in env for line in ("\nDB_CONNECTION=pg\n", "\nAPP_NAME=movies\n", "\nAPP_DOMAIN=localhost\n")
    )
    assert 'CMD ["node", "server.js"]' in render_dockerfile(advice.setup)
    compose = yaml.safe_load(render_compose(advice.setup))
    assert compose["services"]["migrate"]["command"] == ["node", "ace", "migration:run", "--force"]
    assert "docker compose exec app node ace db:seed" in render_report(advice.setup, "en")


def test_the_apps_own_address_it_requires_is_its_published_one_in_development(tmp_path: Path) -> None:
    """PlotMyCourse's start/env.ts requires APP_URL, which its .env.example does not give:
    development gets the address compose.yaml publishes; production's proxy sets its domain."""
    folder = _adonis(tmp_path)
    env_ts = (folder / "start/env.ts").read_text()
    extra = "  APP_URL: Env.schema.string(),\n  SMTP_HOST: Env.schema.string(),\n"
    (folder / "start/env.ts").write_text(env_ts.replace("})\n", extra + "})\n"))
    advice = advise({"project_name": "movies", "host_os": "linux"}, folder=folder)
    env = advice.files("en")[".env"]
    assert "\nAPP_URL=http://localhost:3333\n" in env
    assert "\n# SMTP_HOST=\n" in env  # the app's own to know: commented out, to fill in
    prod = advise({"project_name": "movies", "host_os": "linux", "environment": "production"}, folder=folder)
    app_env = yaml.safe_load(render_compose(prod.setup))["services"]["app"]["environment"]
    assert app_env["APP_URL"] == "https://${SITE_ADDRESS:?set it in .env}"


def test_the_build_options_the_projects_own_dockerfile_gives_are_kept(tmp_path: Path) -> None:
    """social-adonis builds with `RUN yarn build --ignore-ts-errors` (its comment: a generated
    routes file a clean checkout lacks); a plain `node ace build` stopped on 48 type errors.
    With npm the options go after `--`, so that the script gets them."""
    folder = _adonis(tmp_path)
    (folder / "Dockerfile").write_text(
        "FROM node:20-alpine AS build\nWORKDIR /app\nCOPY . .\nRUN npm ci\n"
        "RUN npm run build --ignore-ts-errors\n"
    )
    advice = advise({"host_os": "linux", "database": "postgres"}, folder=folder)
    assert "npm run build -- --ignore-ts-errors" in render_dockerfile(advice.setup)
    # a stale option AdonisJS 6 refuses (`--prod`: "Unknown flag") is not carried over
    (folder / "Dockerfile").write_text("FROM node:20-alpine\nRUN npm run build --prod\n")
    (folder / ".advisor-answers.yaml").unlink(missing_ok=True)
    advice = advise({"host_os": "linux", "database": "postgres"}, folder=folder)
    assert "--ignore-ts-errors" not in render_dockerfile(advice.setup) and "--prod" not in render_dockerfile(
        advice.setup
    )


def test_the_folders_adonisjs_writes_are_under_its_build_where_it_runs(tmp_path: Path) -> None:
    """boilerplate-adonisjs6 stores uploads under path.join(process.cwd(), 'storage'): the app
    runs in /app/build (its app root), so the folder its user owns, and the volume, are
    /app/build/storage, not /app/storage."""
    folder = _adonis(tmp_path)
    write_tree(
        folder,
        {
            "app/uploads/local_driver.ts": (
                "import path from 'node:path'\n"
                "export class Local { private root = path.join(process.cwd(), 'storage', 'uploads') }\n"
            )
        },
    )
    advice = advise({"host_os": "linux", "database": "postgres"}, folder=folder)
    dockerfile = render_dockerfile(advice.setup)
    assert "RUN mkdir -p /app/build/storage" in dockerfile and "/app/storage" not in dockerfile
    compose = yaml.safe_load(render_compose(advice.setup))
    assert "app-data:/app/build/storage" in compose["services"]["app"]["volumes"]
