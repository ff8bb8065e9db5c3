"""Node migration scripts in the shapes real projects write them: a runner with options and
their values before the file, a tool run by its program's path, a script of another name that
only applies the migrations in the folder it changes to."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import yaml
from helpers import write_tree

from advisor.api import advise
from advisor.inspect import inspect_project
from advisor.render.compose import render_compose
from advisor.render.dockerfile import render_dockerfile


def _migrate(folder: Path) -> tuple[list[str] | None, str]:
    advice = advise({"project_name": "demo", "host_os": "linux"}, folder=folder)
    services = yaml.safe_load(render_compose(advice.setup))["services"]
    migrate = services.get("migrate")
    return (migrate["command"] if migrate else None), render_dockerfile(advice.setup)


def _project(tmp_path: Path, scripts: dict[str, str], **deps: Any) -> Path:
    package = {
        "name": "api",
        "scripts": {"start": "node server.js", **scripts},
        "dependencies": {"express": "^4", "pg": "^8", **deps.get("dependencies", {})},
        "devDependencies": deps.get("devDependencies", {}),
    }
    return write_tree(
        tmp_path,
        {
            "package.json": json.dumps(package),
            "package-lock.json": '{"lockfileVersion": 3, "packages": {}}',
            "server.js": "require('express')().listen(process.env.PORT || 3000);\n",
        },
    )


@pytest.mark.parametrize(
    "script",
    [
        "tsx --import ./dotenv.js scripts/migrate.ts",
        "node -r dotenv/config db/migrate.js",
        "node --env-file=.env src/db/migrate.js",
    ],
)
def test_a_migration_file_run_with_options_that_take_values_is_the_release_step(
    tmp_path: Path, script: str
) -> None:
    folder = _project(tmp_path, {"migrate": script}, devDependencies={"tsx": "^4"})
    command, _ = _migrate(folder)
    assert command == ["npm", "run", "migrate"]


def test_a_node_file_that_is_not_a_migration_is_no_release_step(tmp_path: Path) -> None:
    folder = _project(tmp_path, {"migrate": "node -r dotenv/config server.js"})
    assert _migrate(folder)[0] is None


def test_a_migration_tool_run_by_its_programs_path_keeps_its_runner(tmp_path: Path) -> None:
    folder = _project(
        tmp_path,
        {"database:migrate": "tsx ./node_modules/drizzle-kit/bin.cjs migrate"},
        dependencies={"drizzle-orm": "^0.36"},
        devDependencies={"drizzle-kit": "^0.28", "tsx": "^4"},
    )
    command, dockerfile = _migrate(folder)
    assert command == ["npm", "run", "database:migrate"]
    # tsx and drizzle-kit are dev dependencies the release step runs: they stay in the image.
    assert "npm prune" not in dockerfile
    assert "the release step\n# runs drizzle-kit, tsx" in dockerfile


def test_a_script_of_any_name_that_only_migrates_in_its_folder_is_the_release_step(tmp_path: Path) -> None:
    scripts = {"heroku-postbuild": "cd server && npx knex migrate:latest", "build": "knex migrate:latest"}
    folder = _project(tmp_path, scripts, dependencies={"knex": "^3"})
    assert _migrate(folder)[0] == ["npm", "run", "heroku-postbuild"]
    # one that also builds the front end is not a release step
    other = _project(
        tmp_path / "other",
        {"heroku-postbuild": "cd client && npm run build && cd ../server && knex migrate:latest"},
        dependencies={"knex": "^3"},
    )
    assert _migrate(other)[0] is None


def test_a_start_script_naming_a_file_tsc_writes_elsewhere_runs_the_written_one(tmp_path: Path) -> None:
    """tsconfig includes src/ and tests/ with no rootDir: tsc writes src/index.ts to
    dist/src/index.js, while the start script says dist/index.js."""
    files = {
        "package.json": json.dumps(
            {
                "name": "api",
                "scripts": {"build": "tsc", "start": "node dist/index.js"},
                "dependencies": {"hono": "^4", "@hono/node-server": "^1"},
                "devDependencies": {"typescript": "^5"},
            }
        ),
        "package-lock.json": '{"lockfileVersion": 3, "packages": {}}',
        "tsconfig.json": '{\n  // the project\'s settings\n  "compilerOptions": {"outDir": "./dist"},\n'
        '  "include": ["src/**/*", "tests/**/*"]\n}\n',
        "src/index.ts": "import { serve } from '@hono/node-server'\n"
        "serve({ fetch: () => new Response('ok'), port: 3000 })\n",
        "tests/app.test.ts": "export {}\n",
    }
    folder = write_tree(tmp_path / "both", files)
    assert 'CMD ["node", "dist/src/index.js"]' in _migrate(folder)[1]
    # rootDir src (or an include of src alone): the start script's file is the one tsc writes
    src_only = write_tree(
        tmp_path / "src",
        {**files, "tsconfig.json": '{"compilerOptions": {"outDir": "dist", "rootDir": "src"}}'},
    )
    assert 'CMD ["node", "dist/index.js"]' in _migrate(src_only)[1]
    included = write_tree(
        tmp_path / "inc",
        {**files, "tsconfig.json": '{"compilerOptions": {"outDir": "dist"}, "include": ["src"]}'},
    )
    assert 'CMD ["node", "dist/index.js"]' in _migrate(included)[1]


def test_a_sequelize_models_own_sync_makes_its_table_as_the_app_starts(tmp_path: Path) -> None:
    folder = _project(tmp_path, {}, dependencies={"sequelize": "^6"})
    (folder / "models").mkdir()
    (folder / "models" / "Gig.js").write_text(
        "const Gig = db.define('gig', { title: Sequelize.STRING });\nGig.sync().then(() => {});\n"
    )
    app = inspect_project(folder).primary
    assert app is not None and app.schema_maker is not None
    assert (app.schema_maker.value, app.schema_maker.source) == ("Model.sync()", "models/Gig.js")


def test_a_compile_script_builds_the_folder_the_start_runs_and_a_connections_host_is_wired(
    tmp_path: Path,
) -> None:
    """feathers-chat's shape: `start: node lib/`, lib/ made by `compile: shx rm -rf lib/ && tsc`
    (no build script); a knex connection whose host comes from INSTANCE_HOST (GCP's sample)."""
    folder = _project(
        tmp_path,
        {"start": "node lib/", "compile": "shx rm -rf lib/ && tsc"},
        dependencies={"knex": "^3"},
        devDependencies={"typescript": "^5", "shx": "^0.3"},
    )
    (folder / "src").mkdir()
    (folder / "src" / "db.ts").write_text(
        "export const db = knex({ client: 'pg', connection: { user: process.env.DB_USER,\n"
        "  password: process.env.DB_PASS, database: process.env.DB_NAME,\n"
        "  host: process.env.INSTANCE_HOST } });\n"
    )
    advice = advise({"project_name": "demo", "host_os": "linux"}, folder=folder)
    assert advice.setup.build.build == ("npm", "run", "compile")
    env = yaml.safe_load(render_compose(advice.setup))["services"]["app"]["environment"]
    assert env["INSTANCE_HOST"] == "db" and "PGHOST" not in env


def test_a_redis_sentinels_address_and_an_examples_tls_switch_are_not_given_to_the_app(
    tmp_path: Path,
) -> None:
    """automatisch's example: REDIS_SENTINEL_HOST (set, the client switches to Sentinel mode)
    and REDIS_TLS=true (the Redis advisor runs has no TLS)."""
    folder = _project(tmp_path, {}, dependencies={"ioredis": "^5"})
    (folder / ".env.example").write_text(
        "REDIS_HOST=localhost\nREDIS_SENTINEL_HOST=\nREDIS_SENTINEL_PORT=26379\nREDIS_TLS=true\n"
    )
    (folder / "redis.js").write_text(
        "const host = process.env.REDIS_HOST;\nconst sentinel = process.env.REDIS_SENTINEL_HOST;\n"
        "const tls = process.env.REDIS_TLS === 'true';\n"
    )
    advice = advise({"project_name": "demo", "host_os": "linux", "cache": "redis"}, folder=folder)
    env = yaml.safe_load(render_compose(advice.setup))["services"]["app"]["environment"]
    assert env["REDIS_HOST"] == "redis"
    assert env.get("REDIS_SENTINEL_HOST") in (None, "${REDIS_SENTINEL_HOST}") and "REDIS_TLS" not in env


def test_sequelize_cli_migrations_in_the_folder_sequelizerc_names_are_the_release_step(
    tmp_path: Path,
) -> None:
    """node-express-mysql-boilerplate: sequelize-cli among the dependencies, `.sequelizerc`
    naming `path.resolve('src/db', 'migrations')`, migrations there, and no script that
    runs them (its README does): the migrate service runs `sequelize-cli db:migrate`. The
    CLI alone, or a .sequelizerc whose folder holds no migration, is no release step."""
    folder = _project(tmp_path, {}, dependencies={"sequelize": "^6", "sequelize-cli": "^6", "mysql2": "^3"})
    write_tree(
        folder,
        {
            ".sequelizerc": (
                "const path = require('path');\nmodule.exports = {\n"
                "  'config': path.resolve('src/config', 'database.js'),\n"
                "  'migrations-path': path.resolve('src/db', 'migrations')\n};\n"
            ),
        },
    )
    assert _migrate(folder)[0] is None
    write_tree(folder, {"src/db/migrations/20230101-create-user.js": "module.exports = { up() {} };\n"})
    assert _migrate(folder)[0] is None  # the settings file .sequelizerc names is missing: the CLI would stop
    write_tree(folder, {"src/config/database.js": "module.exports = { development: { dialect: 'mysql' } };"})
    command, _ = _migrate(folder)
    assert command == ["sequelize-cli", "db:migrate"]
    release = inspect_project(folder).apps[0].release
    assert release is not None and release.source == ".sequelizerc"


def test_the_set_up_steps_the_projects_compose_command_runs_before_the_app_are_the_release_step(
    tmp_path: Path,
) -> None:
    """logto's docker-compose.yml: `entrypoint: ["sh", "-c", "npm run cli db seed -- --swe
    && npm start"]` at the workspace's top, the app a member two folders down: the seed runs
    as the release step from the compose file's folder. A wait-for script before the start,
    or a command that only starts, is none (and advisor's own compose.yaml is never read)."""
    folder = _project(tmp_path, {})
    compose = (
        "services:\n  app:\n    image: svhd/logto:latest\n"
        '    entrypoint: ["sh", "-c", "npm run cli db seed -- --swe && npm start"]\n'
    )
    write_tree(folder, {"docker-compose.yml": compose})
    command, _ = _migrate(folder)
    assert command == ["sh", "-c", "npm run cli db seed -- --swe"]
    write_tree(
        folder,
        {"docker-compose.yml": compose.replace("npm run cli db seed -- --swe", "./wait-for db:5432 --")},
    )
    assert _migrate(folder)[0] is None
    member = tmp_path / "ws"
    write_tree(member, {"docker-compose.yml": compose, "pnpm-workspace.yaml": "packages:\n  - packages/*\n"})
    _project(member / "packages" / "core", {})
    release = inspect_project(member).apps[0].release
    assert release is not None and release.argv == ("sh", "-c", "cd ../.. && npm run cli db seed -- --swe")


def test_drizzle_kit_with_its_config_migrates_or_pushes_when_no_script_runs_it(tmp_path: Path) -> None:
    """hono-drizzle-libsql-template: drizzle.config.ts with `out: './src/db/migrations'`,
    drizzle-kit a dev dependency, and only the README says `pnpm drizzle-kit push`: with no
    migrations kept, the schema is pushed as the release step (drizzle-kit stays in the
    image); with migrations in the out folder, they run."""
    folder = _project(
        tmp_path, {}, devDependencies={"drizzle-kit": "^0.31"}, dependencies={"drizzle-orm": "^0.44"}
    )
    write_tree(
        folder,
        {
            "drizzle.config.ts": (
                "export default defineConfig({\n  schema: './src/db/schemas',\n"
                "  out: './src/db/migrations',\n})\n"
            )
        },
    )
    command, dockerfile = _migrate(folder)
    assert command == ["drizzle-kit", "push"] and "drizzle-kit" in dockerfile
    write_tree(folder, {"src/db/migrations/0000_init.sql": "CREATE TABLE t (id int);\n"})
    assert _migrate(folder)[0] == ["drizzle-kit", "migrate"]
    # drizzle-kit before 0.21 has no `migrate` ("unknown command"): the code's migrator applies them
    package = json.loads((folder / "package.json").read_text())
    package["devDependencies"]["drizzle-kit"] = "^0.19.13"
    (folder / "package.json").write_text(json.dumps(package))
    assert _migrate(folder)[0] is None


def test_a_migrate_file_of_drizzle_migrations_never_kept_gives_way_to_the_old_push(tmp_path: Path) -> None:
    """express-drizzle-postgres-starter: `"migrate": "tsx src/migrate.ts"` runs drizzle-orm's
    migrator on `./drizzle`, which .gitignore keeps out ("Can't find meta/_journal.json"):
    the schema is pushed instead, with drizzle-kit 0.20's dialect command (push:pg)."""
    folder = _project(
        tmp_path,
        {"migrate": "tsx src/migrate.ts", "generate": "drizzle-kit generate:pg"},
        devDependencies={"drizzle-kit": "^0.20.14", "tsx": "^4"},
        dependencies={"drizzle-orm": "^0.29.3", "postgres": "^3"},
    )
    write_tree(
        folder,
        {
            "drizzle.config.ts": "export default {\n  schema: './src/schema/*',\n  out: './drizzle',\n"
            "  driver: 'pg',\n  dbCredentials: { connectionString: process.env.DB_URL },\n};\n",
            "src/migrate.ts": "import { migrate } from 'drizzle-orm/postgres-js/migrator';\n"
            "await migrate(db, { migrationsFolder: drizzleConfig.out });\n",
        },
    )
    assert _migrate(folder)[0] == ["drizzle-kit", "push:pg"]
    # migrations kept: the project's own file applies them
    write_tree(
        folder, {"drizzle/meta/_journal.json": "{}", "drizzle/0000_init.sql": "CREATE TABLE t (id int);\n"}
    )
    assert _migrate(folder)[0] != ["drizzle-kit", "push:pg"]


def test_a_kysely_ctl_migrate_script_is_the_release_step(tmp_path: Path) -> None:
    """fastify-starter-turbo-monorepo: `"db:migrate:latest": "kysely migrate latest"` with
    kysely-ctl (a dev dependency): the release step, and kysely-ctl stays in the image."""
    folder = _project(
        tmp_path,
        {"db:migrate:latest": "kysely migrate latest"},
        dependencies={"kysely": "^0.28"},
        devDependencies={"kysely-ctl": "^0.13"},
    )
    command, dockerfile = _migrate(folder)
    assert command is not None and command[-1] == "db:migrate:latest"
    assert "kysely-ctl" in dockerfile


def test_a_sequelize_connection_made_from_a_url_whenever_one_is_set_reaches_the_database() -> None:
    """fullstack-apollo-express-postgresql-boilerplate: `if (process.env.DATABASE_URL) { new
    Sequelize(process.env.DATABASE_URL, ...) } else { new Sequelize(DATABASE, USER, PASSWORD) }`:
    advisor sets DATABASE_URL, so the report must not say the app connects to no host."""
    from advisor.inspect.dbcode import db_without_host

    both = (
        "let s;\nif (process.env.DATABASE_URL) {\n"
        "  s = new Sequelize(process.env.DATABASE_URL, { dialect: 'postgres' });\n"
        "} else {\n  s = new Sequelize(process.env.DATABASE, process.env.DATABASE_USER,\n"
        "    process.env.DATABASE_PASSWORD, { dialect: 'postgres' });\n}\n"
    )
    assert db_without_host({"src/models/index.js": both}) == ""
    only = both[both.index("} else {") + len("} else {") :]
    assert db_without_host({"src/models/index.js": only}) == "src/models/index.js"


def test_a_sync_that_forces_when_the_database_url_is_set_is_reported_as_dropping_the_tables(
    tmp_path: Path,
) -> None:
    """The apollo boilerplate: `const isProduction = !!process.env.DATABASE_URL` and
    `sequelize.sync({ force: isTest || isProduction })`: with the DATABASE_URL advisor sets, every
    start drops and re-makes the tables; the report says so rather than "makes its tables"."""
    from advisor.inspect.schema import app_makes_tables

    code = (
        "const isTest = !!process.env.TEST_DATABASE;\nconst isProduction = !!process.env.DATABASE_URL;\n"
        "sequelize.sync({ force: isTest || isProduction }).then(() => app.listen(8000));\n"
    )
    found = app_makes_tables("node", {"src/index.js": code})
    assert found is not None and found.detail == "schema-reset"
    kept = app_makes_tables("node", {"src/index.js": code.replace("!!process.env.DATABASE_URL", "false")})
    assert kept is not None and kept.detail == "schema"


def test_a_tls_object_only_its_own_switch_turns_on_is_no_tls_requirement() -> None:
    """logchimp: `config.databaseSsl ? { ssl: { rejectUnauthorized: false } } : {}`: TLS only
    when LOGCHIMP_DB_SSL says so (advisor sets nothing there), so the database needs no TLS;
    the same object under production's NODE_ENV (which the image sets) still does."""
    from advisor.inspect.dbcode import db_tls_required

    switched = (
        "const ssl = config.databaseSsl\n  ? {\n      ssl: {\n        rejectUnauthorized: false,\n"
        "      },\n    }\n  : {};\n"
    )
    assert db_tls_required({"config.ts": switched}) == ""
    production = switched.replace("config.databaseSsl", "process.env.NODE_ENV === 'production'")
    assert db_tls_required({"config.ts": production}) == "config.ts"
    assert db_tls_required({"db.js": "new Pool({ ssl: { rejectUnauthorized: false } })\n"}) == "db.js"


def test_an_sqlite_sequelize_beside_one_with_a_host_is_no_hostless_connection() -> None:
    """myspeed: `new Sequelize(DB_NAME, DB_USER, DB_PASS, { host: process.env.DB_HOST })` for
    MySQL, else `new Sequelize({ dialect: 'sqlite', storage: ... })`: no connection without a
    host (the report told the person to fix code that is right)."""
    from advisor.inspect.dbcode import db_without_host

    code = (
        "if (process.env.DB_TYPE === 'mysql') {\n  module.exports = new Sequelize(process.env.DB_NAME,"
        " process.env.DB_USER, process.env.DB_PASS, {\n    host: process.env.DB_HOST || 'localhost',\n"
        "    dialect: 'mysql',\n  });\n} else {\n"
        "  module.exports = new Sequelize({dialect: 'sqlite', storage: STORAGE_PATH, logging: false});\n}\n"
    )
    assert db_without_host({"server/config/database.js": code}) == ""


def test_a_build_that_builds_a_separate_npm_project_below_installs_it_first(tmp_path: Path) -> None:
    """myspeed: `"build": "cd client && npm run build"` with client/ its own npm project (its
    package.json and package-lock.json, no workspace): `vite: not found` unless its packages
    are installed first; its node_modules go once the build is done."""
    folder = _project(tmp_path, {"build": "cd client && npm run build"})
    write_tree(
        folder,
        {
            "client/package.json": json.dumps({"name": "client", "scripts": {"build": "vite build"}}),
            "client/package-lock.json": '{"lockfileVersion": 3, "packages": {}}',
        },
    )
    _, dockerfile = _migrate(folder)
    assert "npm ci --prefix client && npm run build && rm -rf client/node_modules" in dockerfile
    write_tree(
        folder,
        {"package.json": json.dumps({"name": "api", "scripts": {"start": "node server.js", "build": "tsc"}})},
    )
    assert "--prefix client" not in _migrate(folder)[1]


_MODELS_INDEX = """const Sequelize = require('sequelize');
const env = process.env.NODE_ENV || 'development';
const config = require(__dirname + '/../config/config.json')[env];
const sequelize = config.use_env_variable
  ? new Sequelize(process.env[config.use_env_variable], config)
  : new Sequelize(config.database, config.username, config.password, config);
module.exports = { sequelize };
"""


@pytest.mark.parametrize("rc", [False, True])
def test_sequelizes_use_env_variable_names_the_database_url(tmp_path: Path, rc: bool) -> None:
    """`sequelize init`'s config.json: the production section names the variable whose URL
    models/index.js connects with (process.env[config.use_env_variable]), a name no scan of
    the code sees; .sequelizerc may move the file."""
    config = {
        "development": {"username": "root", "database": "dev", "host": "127.0.0.1", "dialect": "postgres"},
        "production": {"use_env_variable": "DB_CONNECTION_STRING", "dialect": "postgres"},
    }
    where = "db/settings.json" if rc else "config/config.json"
    files = {
        "package.json": json.dumps(
            {
                "name": "seqapp",
                "scripts": {"start": "node app.js"},
                "dependencies": {"express": "^4", "pg": "^8", "sequelize": "^6"},
                "devDependencies": {"sequelize-cli": "^6"},
            }
        ),
        where: json.dumps(config),
        "models/index.js": _MODELS_INDEX.replace("/../config/config.json", f"/../{where}"),
        "app.js": "require('./models');\nrequire('express')().listen(process.env.PORT || 3000);\n",
    }
    if rc:
        files[".sequelizerc"] = (
            "const path = require('path');\n"
            "module.exports = { config: path.resolve('db', 'settings.json') };\n"
        )
    write_tree(tmp_path, files)
    found = {v.name: v.role for v in inspect_project(tmp_path).apps[0].env_vars}
    assert found["DB_CONNECTION_STRING"] == "database_url"
    app_env = yaml.safe_load(render_compose(advise({"host_os": "linux"}, folder=tmp_path).setup))["services"][
        "app"
    ]["environment"]
    assert app_env["DB_CONNECTION_STRING"].startswith("postgresql://")


def test_babel_compiled_code_and_its_sequelizerc_keep_the_packages_they_load(tmp_path: Path) -> None:
    """express-sequelize-mysql-boilerplate: Babel's transform-runtime makes build/ require
    @babel/runtime, and .sequelizerc requires @babel/register, both development
    dependencies: the app and the migration stopped with "Cannot find module"."""
    write_tree(
        tmp_path,
        {
            "package.json": json.dumps(
                {
                    "name": "api",
                    "scripts": {
                        "build": "babel src -d build",
                        "start": "node build/index.js",
                        "db:migrate": "sequelize db:migrate",
                    },
                    "dependencies": {"express": "^4", "mysql2": "^3", "sequelize": "^6"},
                    "devDependencies": {
                        "@babel/cli": "^7",
                        "@babel/core": "^7",
                        "@babel/register": "^7",
                        "@babel/runtime": "^7",
                        "@babel/plugin-transform-runtime": "^7",
                        "sequelize-cli": "^6",
                    },
                }
            ),
            ".babelrc": '{"presets": ["@babel/preset-env"], "plugins": ["@babel/plugin-transform-runtime"]}',
            ".sequelizerc": "require('@babel/register');\nconst path = require('path');\n"
            "module.exports = { config: path.resolve('src/config', 'db.js') };\n",
            "src/config/db.js": "module.exports = { production: { host: process.env.DB_HOST } };\n",
            "src/index.js": "import express from 'express';\nexpress().listen(4000);\n",
            "migrations/1-init.js": "module.exports = { up: async () => {} };\n",
        },
    )
    app = inspect_project(tmp_path).apps[0]
    assert "@babel/runtime" in app.config_dev_imports
    assert {"sequelize-cli", "@babel/register"} <= set(app.release_tools)
    dockerfile = render_dockerfile(advise({"host_os": "linux", "database": "mysql"}, folder=tmp_path).setup)
    assert "--production" not in dockerfile and "prune" not in dockerfile
    # a production section: the image's NODE_ENV picks it
    assert app.release is not None and app.release.argv == ("npm", "run", "db:migrate")
    # a development section only: sequelize-cli is told to use it (NODE_ENV=production found
    # none: "Dialect needs to be explicitly supplied")
    (tmp_path / "src/config/db.js").write_text(
        "module.exports = {\n  development: { dialect: 'mysql' },\n  test: {},\n};\n"
    )
    release = inspect_project(tmp_path).apps[0].release
    assert release is not None and release.argv == ("npm", "run", "db:migrate", "--", "--env", "development")


def test_typeorms_database_variable_is_the_apps_database_even_when_the_example_says_postgres(
    tmp_path: Path,
) -> None:
    """expresso-typeorm's example gives TYPEORM_DATABASE=postgres: TypeORM's name for the
    database (TYPEORM_CONNECTION names the engine), so the app gets its own database, not the
    server's maintenance one, where its role cannot create tables."""
    write_tree(
        tmp_path,
        {
            "package.json": json.dumps(
                {
                    "name": "api",
                    "scripts": {"start": "node index.js"},
                    "dependencies": {"typeorm": "^0.3", "pg": "^8"},
                }
            ),
            "index.js": (
                "const ds = { host: process.env.TYPEORM_HOST, username: process.env.TYPEORM_USERNAME,\n"
                "  password: process.env.TYPEORM_PASSWORD, database: process.env.TYPEORM_DATABASE };\n"
            ),
            ".env.example": "TYPEORM_CONNECTION=postgres\nTYPEORM_HOST=db1\nTYPEORM_DATABASE=postgres\n",
        },
    )
    app_env = yaml.safe_load(render_compose(advise({"host_os": "linux"}, folder=tmp_path).setup))["services"][
        "app"
    ]["environment"]
    assert app_env["TYPEORM_DATABASE"] == "${POSTGRES_DB:?set it in .env}"
    assert app_env["TYPEORM_HOST"] == "db"


def test_a_migrations_script_running_the_projects_migrator_is_the_release_step(tmp_path: Path) -> None:
    """nestjs-kysely: `"migrations": "ts-node ./src/runMigrations.ts"` (Kysely's Migrator over
    src/migrations/): the release step, with ts-node kept for it."""
    folder = _project(
        tmp_path,
        {"migrations": "ts-node ./src/runMigrations.ts"},
        dependencies={"kysely": "^0.26", "pg": "^8"},
        devDependencies={"ts-node": "^10", "typescript": "^5"},
    )
    write_tree(folder, {"src/runMigrations.ts": "const migrator = new Migrator({});\n"})
    command, dockerfile = _migrate(folder)
    assert command is not None and command[-1] == "migrations" and "ts-node" in dockerfile
