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
