"""A compiled TypeScript server whose TypeORM data source lists its migrations by paths from
the working folder for both worlds (``["src/migrations/*.ts", "dist/migrations/*.js"]``):
the image runs the compiled output, and Node would load the .ts files too and fail on their
type-only imports, so the build stage deletes them; and a zod schema that parses the
environment after filtering it (``.parse(source)``) still names the variables the app
requires (a secret advisor generates)."""

from __future__ import annotations

import json
from pathlib import Path

import yaml
from helpers import write_tree

from advisor.api import advise
from advisor.inspect import inspect_project
from advisor.render.compose import render_compose
from advisor.render.dockerfile import render_dockerfile

_DATA_SOURCE = """import { DataSource } from "typeorm";
import { User } from "../../modules/users/user.entity.js";
export const AppDataSource = new DataSource({
  type: "postgres",
  url: process.env.DATABASE_URL,
  entities: [User],
  migrations: [MIGRATIONS],
});
"""

_ENV = """import { z } from "zod";
const source = Object.fromEntries(Object.entries(process.env).filter(([, v]) => v !== ""));
export const env = z
  .object({
    PORT: z.coerce.number().default(3000),
    DATABASE_URL: z.string().min(1),
    JWT_SECRET: z.string().min(32),
    JWT_EXPIRES_IN: z.string().default("15m"),
  })
  .parse(source);
"""


def _project(tmp_path: Path, migrations: str, release: str = "typeorm migration:run") -> Path:
    package = {
        "name": "tasks-api",
        "type": "module",
        "scripts": {"build": "tsc", "start": "node dist/index.js", "migration:run": release},
        "dependencies": {"fastify": "^5", "typeorm": "^0.3", "pg": "^8", "zod": "^4"},
        "devDependencies": {"typescript": "^5", "ts-node": "^10"},
    }
    tsconfig = {"compilerOptions": {"outDir": "dist", "rootDir": "src"}, "include": ["src"]}
    return write_tree(
        tmp_path,
        {
            "package.json": json.dumps(package),
            "package-lock.json": '{"lockfileVersion": 3, "packages": {}}',
            "tsconfig.json": json.dumps(tsconfig),
            "src/index.ts": "import Fastify from 'fastify';\nFastify().listen({ port: 3000 });\n",
            "src/config/env.ts": _ENV,
            "src/db/data-source.ts": _DATA_SOURCE.replace("MIGRATIONS", migrations),
            "src/migrations/1700000000000-Init.ts": "import { MigrationInterface } from 'typeorm';\n",
        },
    )


def test_typeorm_ts_paths_from_the_working_folder_are_found_with_their_folder(tmp_path: Path) -> None:
    app = inspect_project(_project(tmp_path, '"src/migrations/*.ts", "dist/migrations/*.js"')).apps[0]
    assert app.ts_sources is not None
    assert app.ts_sources.value == ("src/migrations",)
    assert app.ts_sources.source == "src/db/data-source.ts"


def test_the_build_stage_deletes_those_sources_once_compiled(tmp_path: Path) -> None:
    _project(
        tmp_path,
        '"src/migrations/*.ts", "dist/migrations/*.js"',
        "typeorm migration:run -d dist/db/data-source.js",
    )
    dockerfile = render_dockerfile(
        advise({"host_os": "linux", "database": "postgres"}, folder=tmp_path).setup
    )
    build_stage, _, final = dockerfile.partition("FROM base AS final")
    assert "RUN find /app/src/migrations -name '*.ts' ! -name '*.d.ts' -delete" in build_stage
    # after the build that compiled them, and cited to the file that lists them
    assert build_stage.index("npm run build") < build_stage.index("-delete")
    assert "src/db/data-source.ts" in build_stage
    assert "-delete" not in final


def test_paths_from_the_compiled_files_own_folder_need_no_deletion(tmp_path: Path) -> None:
    _project(tmp_path, "__dirname + '/../migrations/*{.ts,.js}'")
    assert inspect_project(tmp_path).apps[0].ts_sources is None
    _project(tmp_path, "path.join(__dirname, 'migrations/*.ts')")
    assert inspect_project(tmp_path).apps[0].ts_sources is None
    dockerfile = render_dockerfile(
        advise({"host_os": "linux", "database": "postgres"}, folder=tmp_path).setup
    )
    assert "-delete" not in dockerfile


def test_a_release_step_that_runs_the_sources_keeps_them(tmp_path: Path) -> None:
    """`typeorm-ts-node-esm -d src/db/data-source.ts migration:run` needs the .ts files."""
    _project(tmp_path, '"src/migrations/*.ts"', "typeorm-ts-node-esm -d src/db/data-source.ts migration:run")
    advice = advise({"host_os": "linux", "database": "postgres"}, folder=tmp_path)
    migrate = yaml.safe_load(render_compose(advice.setup))["services"].get("migrate")
    assert migrate is not None and migrate["command"] == ["npm", "run", "migration:run"]
    dockerfile = render_dockerfile(advice.setup)
    assert "-delete" not in dockerfile
    assert "the release step\n# runs typescript, ts-node" in dockerfile  # the dev dependencies stay


def test_a_zod_schema_parsing_the_filtered_environment_names_its_required_variables(tmp_path: Path) -> None:
    _project(tmp_path, '"dist/migrations/*.js"')
    names = {v.name: v for v in inspect_project(tmp_path).apps[0].env_vars}
    assert names["JWT_SECRET"].required
    assert not names["JWT_EXPIRES_IN"].required
    advice = advise({"host_os": "linux", "database": "postgres"}, folder=tmp_path)
    env = advice.files("en")[".env"]
    secret = next(line for line in env.splitlines() if line.startswith("JWT_SECRET="))
    assert len(secret.partition("=")[2]) >= 32
    app = yaml.safe_load(render_compose(advice.setup))["services"]["app"]
    assert app["environment"]["JWT_SECRET"] == "${JWT_SECRET:?set it in .env}"


def test_a_bare_database_variable_given_as_typeorms_url_gets_a_url_whose_scheme_is_the_type(
    tmp_path: Path,
) -> None:
    """spacebar: `url: process.env.DATABASE`, and TypeORM's type is the URL's scheme
    (`DATABASE.split(":")[0]`): DATABASE is no database name there but the whole URL, and its
    scheme must be TypeORM's `postgres` (it knows no `postgresql`)."""
    write_tree(
        tmp_path,
        {
            "package.json": json.dumps(
                {
                    "name": "chat",
                    "scripts": {"start": "node src/start.js"},
                    "dependencies": {"typeorm": "^0.3", "pg": "^8", "express": "^5"},
                }
            ),
            "package-lock.json": '{"lockfileVersion": 3, "packages": {}}',
            "src/start.js": "require('./database');\n",
            "src/database.js": (
                "const dbConnectionString = process.env.DATABASE;\n"
                'const DatabaseType = dbConnectionString.split(":")[0];\n'
                "new DataSource({ type: DatabaseType, url: process.env.DATABASE });\n"
            ),
        },
    )
    env = {v.name: v.role for v in inspect_project(tmp_path).apps[0].env_vars}
    assert env["DATABASE"] == "database_url"
    advice = advise({"host_os": "linux", "database": "postgres"}, folder=tmp_path)
    app_env = yaml.safe_load(render_compose(advice.setup))["services"]["app"]["environment"]
    assert app_env["DATABASE"].startswith("postgres://") and app_env["DATABASE"].endswith(
        "/${POSTGRES_DB:?set it in .env}"
    )
