"""Names a Node app builds from a constant prefix (Picsur's ``EnvPrefix = 'PICSUR_'`` and
``configService.get(`${EnvPrefix}DB_HOST`)``) are the names it reads; a ``migrate`` script
that generates a migration (``typeorm migration:generate``) is no release step; and TypeORM's
``migrationsRun`` is how the app makes its tables even when ``synchronize`` is on in
development only."""

from __future__ import annotations

import json
from pathlib import Path

import yaml
from helpers import write_tree

from advisor.api import advise
from advisor.inspect import inspect_project
from advisor.render.compose import render_compose

_CONFIG = """import { ConfigService } from '@nestjs/config';
import { EnvPrefix } from './config.static.js';

export class TypeOrmConfigService {
  constructor(private readonly configService: ConfigService) {}
  createTypeOrmOptions() {
    return {
      type: 'postgres' as const,
      host: this.configService.get(`${EnvPrefix}DB_HOST`) ?? 'localhost',
      password: this.configService.get(`${EnvPrefix}DB_PASSWORD`),
      synchronize: !this.isProduction(),
      migrationsRun: true,
    };
  }
}
"""


def _project(tmp_path: Path, migrate: str) -> Path:
    package = {
        "name": "gallery",
        "scripts": {"build": "nest build", "start:prod": "node dist/main", "migrate": migrate},
        "dependencies": {"@nestjs/core": "^11", "@nestjs/typeorm": "^11", "typeorm": "^0.3", "pg": "^8"},
        "devDependencies": {"@nestjs/cli": "^11", "typescript": "^5"},
    }
    return write_tree(
        tmp_path,
        {
            "package.json": json.dumps(package),
            "package-lock.json": '{"lockfileVersion": 3, "packages": {}}',
            "src/main.ts": "import { NestFactory } from '@nestjs/core';\n",
            "src/config/config.static.ts": "export const EnvPrefix = 'GALLERY_';\nexport const A = 'x';",
            "src/config/typeorm.config.ts": _CONFIG,
        },
    )


def test_names_built_from_a_prefix_constant_are_wired(tmp_path: Path) -> None:
    _project(tmp_path, "typeorm migration:run -d dist/datasource.js")
    names = {v.name: v.role for v in inspect_project(tmp_path).apps[0].env_vars}
    assert names["GALLERY_DB_HOST"] == "database_host"
    assert names["GALLERY_DB_PASSWORD"] == "database_password"
    advice = advise({"host_os": "linux", "database": "postgres"}, folder=tmp_path)
    env = yaml.safe_load(render_compose(advice.setup))["services"]["app"]["environment"]
    assert env["GALLERY_DB_HOST"] == "db"
    assert env["GALLERY_DB_PASSWORD"] == "${POSTGRES_PASSWORD:?set it in .env}"


def test_a_migrate_script_that_generates_a_migration_is_no_release_step(tmp_path: Path) -> None:
    _project(tmp_path, "typeorm migration:generate -d ./src/datasource.ts")
    app = inspect_project(tmp_path).apps[0]
    assert app.release is None
    assert app.schema_maker is not None and app.schema_maker.value == "TypeORM migrationsRun"
    compose = yaml.safe_load(
        render_compose(advise({"host_os": "linux", "database": "postgres"}, folder=tmp_path).setup)
    )
    assert "migrate" not in compose["services"]
    _project(tmp_path, "typeorm migration:run -d dist/datasource.js")
    app = inspect_project(tmp_path).apps[0]
    assert app.release is not None and app.release.argv == ("npm", "run", "migrate")


def test_an_app_setting_named_like_dockers_own_beside_a_database_is_documented(tmp_path: Path) -> None:
    """Node-Drizzle-Starter's env schema reads DOCKER_ENV (the example gives `dev`): compose.yaml
    gives it to the app, and the .env notes on the connection named its role, where generation
    stopped with "no documentation for the connection variable role 'project-literal'"."""
    write_tree(
        tmp_path,
        {
            "package.json": json.dumps(
                {
                    "name": "api",
                    "scripts": {"start": "node index.js"},
                    "dependencies": {"express": "^5", "pg": "^8"},
                }
            ),
            "index.js": (
                "const env = { url: process.env.DATABASE_URL, docker: process.env.DOCKER_ENV };\n"
                "require('express')().listen(3000);\n"
            ),
            ".env.example": "DATABASE_URL=postgres://u:p@localhost:5432/app\nDOCKER_ENV=dev\n",
        },
    )
    files = advise({"host_os": "linux"}, folder=tmp_path).files("en")
    assert "DOCKER_ENV" in files["compose.yaml"]
    assert "The app's own setting, with the value the project's example gives it." in files[".env"]
