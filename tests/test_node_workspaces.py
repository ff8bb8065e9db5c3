"""npm, yarn and pnpm workspaces: the app is one member, the lockfile is the workspace's, and
the image builds from the workspace's folder (the members link to one another)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import yaml
from helpers import assert_hadolint_clean, write_tree

from advisor.api import Advice, advise
from advisor.inspect import inspect_project
from advisor.inspect.node_workspace import _matches
from advisor.render.compose import render_compose
from advisor.render.dockerfile import render_dockerfile
from advisor.render.report import render_report


def _pkg(**fields: Any) -> str:
    return json.dumps(fields, indent=2)


def _advice(folder: Path, **answers: Any) -> Advice:
    return advise({"project_name": "demo", "host_os": "linux", **answers}, folder=folder)


def _npm_workspace(tmp_path: Path) -> Path:
    """An Express API and a Vite front end, one package-lock.json at the top."""
    return write_tree(
        tmp_path,
        {
            "package.json": _pkg(name="shop", workspaces=["backend", "frontend"], scripts={"dev": "x"}),
            "package-lock.json": _pkg(name="shop", lockfileVersion=3, packages={}),
            "backend/package.json": _pkg(
                name="backend",
                main="index.js",
                scripts={"start": "node index.js"},
                dependencies={"express": "^4.18.2", "pg": "^8.10.0", "sequelize": "^6.29.3"},
            ),
            "backend/index.js": "const express = require('express');\n"
            "const app = express();\napp.listen(process.env.PORT || 3001);\n",
            "backend/config/config.js": "module.exports = { development: {\n"
            "  dialect: process.env.DEV_DB_DIALECT, host: process.env.DEV_DB_HOSTNAME } };\n",
            "backend/.env.example": "DEV_DB_DIALECT=mysql\nDEV_DB_HOSTNAME=localhost\n",
            "frontend/package.json": _pkg(
                name="frontend", scripts={"build": "vite build"}, devDependencies={"vite": "^5.0.0"}
            ),
            "frontend/index.html": "<!doctype html>",
        },
    )


def test_an_npm_workspace_member_builds_from_the_workspace_with_its_lockfile(tmp_path: Path) -> None:
    folder = _npm_workspace(tmp_path)
    facts = inspect_project(folder)
    backend = facts.app("backend")
    assert backend is not None and backend.package_manager is not None
    pm = backend.package_manager
    assert (pm.workspace, pm.package, pm.lockfile) == (".", "backend", "package-lock.json")
    members = ("backend/package.json", "frontend/package.json")
    assert pm.manifests[:4] == ("package.json", "package-lock.json", *members)

    advice = _advice(folder)
    assert advice.answers.app_dir == "backend" and advice.answers.database == "postgres"
    dockerfile = render_dockerfile(advice.setup)
    for mount in ("package-lock.json", "backend/package.json", "frontend/package.json"):
        assert f"--mount=type=bind,source={mount},target={mount}" in dockerfile
    assert "    npm ci\n" in dockerfile
    assert "cd /app && npm prune --omit=dev" in dockerfile
    final = dockerfile.split("FROM base AS final", 1)[1]
    order = [final.index(s) for s in ("COPY --from=build /app ./", "WORKDIR /app/backend", "USER")]
    assert order == sorted(order)
    assert 'PATH="/app/backend/node_modules/.bin:/app/node_modules/.bin:$PATH"' in final
    compose = yaml.safe_load(render_compose(advice.setup))
    assert compose["services"]["app"]["build"]["context"] == "."
    # Sequelize's dialect from the project's example names another engine: it follows the database.
    assert compose["services"]["app"]["environment"]["DEV_DB_DIALECT"] == "postgres"
    assert compose["services"]["app"]["environment"]["DEV_DB_HOSTNAME"] == "db"
    notes = [n.key for n in advice.setup.notes]
    assert "workspace-member-node" in notes and "outside-context" not in notes
    assert "of the npm workspace in `.`" in render_report(advice.setup, "en")
    assert "npm 워크스페이스의 멤버 `backend`" in render_report(advice.setup, "ko")


def _yarn_workspace(tmp_path: Path) -> Path:
    """A turbo-style yarn workspace: the runnable app in apps/local, libraries in packages/."""
    lib = {"build": "tsc"}
    return write_tree(
        tmp_path,
        {
            "package.json": _pkg(
                name="conduit",
                private=True,
                packageManager="yarn@1.22.19",
                workspaces=["apps/*", "packages/*"],
                scripts={"start": "turbo start", "build": "turbo build"},
            ),
            "yarn.lock": "# yarn lockfile v1\n\n",
            "config/custom-environment-variables.json": json.dumps(
                {
                    "database": {
                        "host": "DATABASE_HOST",
                        "port": {"__name": "DATABASE_PORT", "__format": "int"},
                    }
                }
            ),
            "apps/api/package.json": _pkg(
                name="@c/api", main="index.js", scripts=lib, dependencies={"@c/core": "*", "express": "^4"}
            ),
            "apps/api/yarn.lock": "# yarn lockfile v1\n\n",  # a stale one of its own: yarn ignores it
            "apps/api/index.ts": "export const router = 1;\n",
            "apps/local/package.json": _pkg(
                name="@c/local",
                main="index.js",
                scripts={**lib, "start": "NODE_CONFIG_DIR='../../config' node local.js"},
                dependencies={"@c/api": "*", "express": "^4"},
            ),
            "apps/local/local.ts": "import express from 'express';\nexpress().listen(3100);\n",
            "packages/core/package.json": _pkg(
                name="@c/core",
                scripts={**lib, "db:migrate": "knex migrate:latest --knexfile ./db/knexfile"},
                dependencies={"@c/types": "*", "knex": "^3", "mysql2": "^3"},
            ),
            "packages/core/db/knexfile.ts": "export default { client: 'mysql2' };\n",
            "packages/types/package.json": _pkg(name="@c/types", scripts=lib),
            "packages/legacy/package.json": _pkg(name="@c/legacy"),
        },
    )


def test_a_yarn_workspace_runs_its_starting_member_after_building_what_it_imports(tmp_path: Path) -> None:
    folder = _yarn_workspace(tmp_path)
    advice = _advice(folder)
    a = advice.answers
    # The member with a start script, not a library whose package.json names only a main file;
    # MySQL from the workspace package it imports.
    assert (a.app_dir, a.package_manager, a.database) == ("apps/local", "yarn", "mysql")
    build = advice.setup.build
    assert build.lockfile == "yarn.lock" and build.member_dir == "apps/local"
    assert build.builds_first == ("packages/types", "packages/core", "apps/api")
    dockerfile = render_dockerfile(advice.setup)
    steps = [
        "cd /app/packages/types && yarn run build",
        "cd /app/packages/core && yarn run build",
        "cd /app/apps/api && yarn run build",
        "cd /app/apps/local && yarn run build",
        "cd /app && yarn install --frozen-lockfile --production --ignore-scripts",
    ]
    positions = [dockerfile.index(s) for s in steps]
    assert positions == sorted(positions)
    # The start script's relative config folder, as the image's absolute one.
    assert "NODE_CONFIG_DIR=/app/config" in dockerfile
    assert "WORKDIR /app/apps/local" in dockerfile
    assert_hadolint_clean(dockerfile, tmp_path)
    compose = yaml.safe_load(render_compose(advice.setup))
    app_env = compose["services"]["app"]["environment"]
    # node-config's custom-environment-variables names the variables the app reads.
    assert app_env["DATABASE_HOST"] == "db" and str(app_env["DATABASE_PORT"]) == "3306"
    # The migrate script of the workspace package that holds the migrations, in its folder.
    assert compose["services"]["migrate"]["command"] == [
        "sh",
        "-c",
        "cd /app/packages/core && exec npm run db:migrate",
    ]
    report = render_report(advice.setup, "en")
    assert "`packages/types`, `packages/core`, `apps/api`" in report


def test_workspace_patterns_match_folder_by_folder() -> None:
    assert _matches("packages/*", "packages/core")
    assert not _matches("packages/*", "packages/core/sub")
    assert _matches("apps/**", "apps/web/server")
    assert _matches("./backend/", "backend")
    assert not _matches("backend", "backend-old")


def test_a_pnpm_workspace_excludes_what_its_file_excludes(tmp_path: Path) -> None:
    folder = write_tree(
        tmp_path,
        {
            "package.json": _pkg(name="mono", private=True),
            "pnpm-lock.yaml": "lockfileVersion: '9.0'\n",
            "pnpm-workspace.yaml": "packages:\n  - 'services/*'\n  - '!services/old'\n",
            "services/api/package.json": _pkg(
                name="api", scripts={"start": "node server.js"}, dependencies={"fastify": "^4", "pg": "^8"}
            ),
            "services/api/server.js": "require('fastify')().listen({ port: 3000, host: '0.0.0.0' });\n",
            "services/old/package.json": _pkg(name="old", main="index.js"),
        },
    )
    api = inspect_project(folder).app("services/api")
    assert api is not None and api.package_manager is not None
    assert api.package_manager.workspace == "."
    assert "services/old/package.json" not in api.package_manager.manifests
    assert "pnpm-workspace.yaml" in api.package_manager.manifests
    dockerfile = render_dockerfile(_advice(folder).setup)
    assert "pnpm install --frozen-lockfile" in dockerfile and "WORKDIR /app/services/api" in dockerfile
    assert_hadolint_clean(dockerfile, tmp_path)


def test_a_folder_with_its_own_lockfile_outside_any_workspace_stays_its_own_build(tmp_path: Path) -> None:
    folder = write_tree(
        tmp_path,
        {
            "package.json": _pkg(name="top", private=True),
            "package-lock.json": "{}",
            "server/package.json": _pkg(name="server", scripts={"start": "node index.js"}),
            "server/index.js": "require('http').createServer().listen(3000);\n",
        },
    )
    server = inspect_project(folder).app("server")
    assert server is not None and server.package_manager is not None
    assert server.package_manager.workspace is None


def test_the_member_the_roots_start_script_runs_is_the_app_even_in_src(tmp_path: Path) -> None:
    """etherpad's shape: pnpm-workspace.yaml lists src, bin, admin; the root's prod script
    runs src's (`pnpm --filter ep_server run prod`); bin's package.json names only a main."""
    folder = write_tree(
        tmp_path,
        {
            "package.json": _pkg(
                name="pad",
                scripts={
                    "prod": "pnpm --filter ep_server run prod",
                    "plugins": "pnpm --filter bin run plugins",
                },
                dependencies={"ep_server": "link:src"},
            ),
            "pnpm-lock.yaml": "lockfileVersion: '9.0'\n",
            "pnpm-workspace.yaml": "packages:\n  - src\n  - bin\n  - admin\n",
            "src/package.json": _pkg(
                name="ep_server",
                scripts={"prod": "cross-env NODE_ENV=production node --require tsx/cjs node/server.ts"},
                dependencies={"express": "^4", "tsx": "^4", "ueberdb2": "^5"},
            ),
            "src/node/server.ts": "import express from 'express'\nexpress().listen(9001)\n",
            "src/node/import.ts": "const padDb = new Database('memory', {data});\n",
            "bin/package.json": _pkg(name="bin", main="checkAllPads.js"),
            "bin/checkAllPads.js": "console.log('checked')\n",
            "admin/package.json": _pkg(name="admin", scripts={"build": "vite build"}),
        },
    )
    facts = inspect_project(folder)
    app = facts.primary
    assert app is not None and app.path == "src"
    assert app.package_manager is not None and app.package_manager.named_by_root
    assert app.start is not None and app.start.argv == ("node", "--require", "tsx/cjs", "node/server.ts")
    # ueberdb's `new Database('memory', …)` names a driver, not an SQLite file
    assert not [w for w in app.writable_paths if w.kind == "sqlite"]
    dockerfile = render_dockerfile(_advice(folder).setup)
    assert "WORKDIR /app/src" in dockerfile and "memory" not in dockerfile


def test_workspace_packages_the_root_declares_are_built_for_every_member(tmp_path: Path) -> None:
    """docmost's shape: the root depends on a workspace package (hoisted) the server imports."""
    folder = write_tree(
        tmp_path,
        {
            "package.json": _pkg(
                name="wiki",
                scripts={
                    "start": "pnpm --filter ./apps/server run start:prod",
                    "build": "nx run-many -t build",
                },
                dependencies={"@wiki/editor-ext": "workspace:*"},
            ),
            "pnpm-lock.yaml": "lockfileVersion: '9.0'\n",
            "pnpm-workspace.yaml": "packages:\n  - 'apps/*'\n  - 'packages/*'\n",
            "apps/server/package.json": _pkg(
                name="server",
                scripts={"build": "nest build", "start:prod": "node dist/main"},
                dependencies={"@nestjs/core": "^11", "@wiki/base": "workspace:*", "pg": "^8"},
            ),
            "apps/client/package.json": _pkg(name="client", main="index.js", scripts={"build": "vite build"}),
            "packages/editor-ext/package.json": _pkg(
                name="@wiki/editor-ext", main="dist/index.js", scripts={"build": "tsc"}
            ),
            "packages/base/package.json": _pkg(
                name="@wiki/base", main="dist/index.js", scripts={"build": "tsc"}
            ),
        },
    )
    advice = _advice(folder)
    assert advice.answers.app_dir == "apps/server"
    assert advice.setup.build.builds_first == ("packages/base", "packages/editor-ext")


def test_a_workspace_members_sqlite_file_links_into_its_own_data_folder(tmp_path: Path) -> None:
    folder = _npm_workspace(tmp_path)
    (folder / "backend" / "package.json").write_text(
        _pkg(
            name="backend",
            scripts={"start": "node index.js"},
            dependencies={"express": "^4", "better-sqlite3": "^11"},
        )
    )
    (folder / "backend" / "db.js").write_text(
        "const Database = require('better-sqlite3');\nnew Database('app.db');\n"
    )
    dockerfile = render_dockerfile(_advice(folder, database="none").setup)
    assert "ln -sfn /app/backend/data/app.db app.db" in dockerfile


def test_a_phone_app_is_no_server_and_a_server_name_counts_in_part(tmp_path: Path) -> None:
    """papra's shape: apps/mobile (Expo) and apps/papra-server, no start script at the root."""
    folder = write_tree(
        tmp_path,
        {
            "package.json": _pkg(name="papra", private=True),
            "pnpm-lock.yaml": "lockfileVersion: '9.0'\n",
            "pnpm-workspace.yaml": "packages:\n  - 'apps/*'\n",
            "apps/mobile/package.json": _pkg(
                name="mobile",
                scripts={"start": "expo start"},
                dependencies={"expo": "^52", "react-native": "^0.76"},
            ),
            "apps/docs/package.json": _pkg(
                name="docs", scripts={"start": "node serve.js"}, dependencies={"express": "^4"}
            ),
            "apps/papra-server/package.json": _pkg(
                name="papra-server", scripts={"start": "node dist/index.js"}, dependencies={"hono": "^4"}
            ),
        },
    )
    facts = inspect_project(folder)
    assert facts.app("apps/mobile") is None
    assert facts.primary is not None and facts.primary.path == "apps/papra-server"


def test_a_members_dockerfile_that_runs_its_published_copy_starts_the_members_own_file(
    tmp_path: Path,
) -> None:
    """waline's packages/server/Dockerfile installs the published @waline/vercel into an
    empty folder and runs `node node_modules/@waline/vercel/vanilla.js`; in the workspace's
    image the member is the package itself: `node vanilla.js` in its folder."""
    write_tree(
        tmp_path,
        {
            "package.json": _pkg(name="waline-root", private=True),
            "pnpm-workspace.yaml": "packages:\n  - packages/*\n",
            "pnpm-lock.yaml": "lockfileVersion: '9.0'\n",
            "packages/server/package.json": _pkg(name="@waline/vercel", dependencies={"thinkjs": "^3"}),
            "packages/server/vanilla.js": "require('./src/app');\n",
            "packages/server/Dockerfile": (
                "FROM node:20\nWORKDIR /app\nRUN npm install @waline/vercel\n"
                'CMD ["node", "node_modules/@waline/vercel/vanilla.js"]\n'
            ),
        },
    )
    start = inspect_project(tmp_path).primary
    assert start is not None and start.start is not None and start.start.argv == ("node", "vanilla.js")


def test_a_members_dockerfile_built_from_the_workspaces_top_starts_in_the_members_folder(
    tmp_path: Path,
) -> None:
    """colanode's apps/server/Dockerfile (WORKDIR /app, the workspace's top) runs `node
    apps/server/dist/index.js`; the image runs the member in its own folder, /app/apps/server,
    where that path would double: `node dist/index.js`."""
    write_tree(
        tmp_path,
        {
            "package.json": _pkg(name="colanode", private=True, workspaces=["apps/*"]),
            "package-lock.json": '{"lockfileVersion": 3, "packages": {}}',
            "apps/server/package.json": _pkg(
                name="@colanode/server", scripts={"build": "tsup"}, dependencies={"fastify": "^5", "pg": "^8"}
            ),
            "apps/server/Dockerfile": (
                'FROM node:22\nWORKDIR /app\nCOPY . .\nCMD ["node", "apps/server/dist/index.js"]\n'
            ),
        },
    )
    app = inspect_project(tmp_path).primary
    assert app is not None and app.start is not None and app.start.argv == ("node", "dist/index.js")


def test_a_pnpm_workspace_without_a_package_json_at_its_top_mounts_none(tmp_path: Path) -> None:
    """react-router-templates: pnpm-workspace.yaml and pnpm-lock.yaml at the top, no
    package.json there (pnpm needs none): the install mounted one anyway and BuildKit stopped
    (`"/package.json" not found`)."""
    write_tree(
        tmp_path,
        {
            "pnpm-workspace.yaml": "packages:\n  - node-postgres\n",
            "pnpm-lock.yaml": "lockfileVersion: '9.0'\n",
            "node-postgres/package.json": _pkg(
                name="node-postgres",
                scripts={"start": "node server.js"},
                dependencies={"express": "^5", "pg": "^8"},
            ),
            "node-postgres/server.js": "require('express')().listen(process.env.PORT || 3000);\n",
        },
    )
    text = render_dockerfile(_advice(tmp_path).setup)
    assert "source=pnpm-lock.yaml" in text and "source=node-postgres/package.json" in text
    assert "source=package.json," not in text


def _sails_workspace(tmp_path: Path, **root_fields: Any) -> Path:
    """4gaBoards' layout: a pnpm workspace whose server/ is a Sails app on PostgreSQL through
    Waterline's adapter (sails-postgresql brings its own pg), with pnpm pinned only by a range."""
    write_tree(
        tmp_path,
        {
            "package.json": _pkg(name="boards", private=True, **root_fields),
            "pnpm-workspace.yaml": "packages:\n  - server\n",
            "pnpm-lock.yaml": "lockfileVersion: '9.0'\n",
            "server/package.json": _pkg(
                name="server",
                scripts={"start:prod": "node app.js --prod"},
                dependencies={"sails": "^1.5", "sails-postgresql": "^5", "knex": "^3"},
            ),
            "server/app.js": "require('sails').lift();\n",
            "server/config/datastores.js": "module.exports.datastores = { default: { adapter: "
            "'sails-postgresql', url: process.env.DATABASE_URL } };\n",
        },
    )
    return tmp_path


def test_a_waterline_adapter_is_the_apps_database_driver(tmp_path: Path) -> None:
    advice = _advice(_sails_workspace(tmp_path))
    assert advice.answers.app_dir == "server"
    assert advice.answers.database == "postgres"
    compose = yaml.safe_load(render_compose(advice.setup))
    assert compose["services"]["app"]["environment"]["DATABASE_URL"].startswith("postgresql://")


def test_a_package_manager_range_installs_its_major_with_a_corepack_that_reads_it(tmp_path: Path) -> None:
    """`pnpm init` (pnpm 11) writes devEngines.packageManager with a range, or none and an
    engines range: Corepack 0.32 refused every pnpm command ("expected a semver version"), and
    the lockfile's format implied pnpm 9 or 10, which engines.pnpm ^11 refuses."""
    folder = _sails_workspace(
        tmp_path,
        engines={"pnpm": "^11.9.0"},
        devEngines={"packageManager": {"name": "pnpm", "onFail": "error"}},
    )
    text = render_dockerfile(_advice(folder).setup)
    assert "corepack install --global pnpm@11" in text
    assert "corepack@0.36.0" in text  # reads devEngines' range (nodejs/corepack#892)
    (folder / "package.json").write_text(
        _pkg(name="boards", devEngines={"packageManager": {"name": "pnpm", "version": "~10.4.1"}})
    )
    assert "corepack install --global pnpm@10" in render_dockerfile(_advice(folder).setup)


def test_a_top_package_that_only_runs_its_folders_scripts_is_not_the_app(tmp_path: Path) -> None:
    """Gladys: the top package.json has no dependencies and starts `run-p start-server:dev
    start-front:dev` (`cd server && npm start`); the server is server/, with its own lockfile."""
    write_tree(
        tmp_path,
        {
            "package.json": _pkg(
                name="gladys",
                scripts={
                    "start": "run-p start-server:dev start-front:dev",
                    "start-server:dev": "cd server && npm start",
                    "start-front:dev": "cd front && npm start",
                },
                devDependencies={"npm-run-all": "^4"},
            ),
            "package-lock.json": '{"lockfileVersion": 3, "packages": {}}',
            "server/package.json": _pkg(
                name="gladys-server",
                scripts={"start": "nodemon index.js", "start:prod": "node index.js"},
                dependencies={"express": "^4", "sqlite3": "^5"},
            ),
            "server/package-lock.json": '{"lockfileVersion": 3, "packages": {}}',
            "server/index.js": "require('express')().listen(process.env.SERVER_PORT || 1443);\n",
        },
    )
    advice = _advice(tmp_path)
    assert (advice.answers.app_dir, advice.answers.start_command) == ("server", "node index.js")


def test_a_top_package_that_starts_a_folders_app_gives_way_to_it_and_its_schema_file_fills_the_db(
    tmp_path: Path,
) -> None:
    """PERN-Store: the top package.json depends on concurrently only and starts `node server`;
    server/ has its own package.json and lockfile, pg without an ORM or migrations, and the
    schema in server/config/init.sql (its compose file mounts it only in a commented-out
    service): server/ is the app, and the database image runs the schema on its first start."""
    write_tree(
        tmp_path,
        {
            "package.json": _pkg(
                name="pern", scripts={"start": "node server"}, dependencies={"concurrently": "^8"}
            ),
            "package-lock.json": '{"lockfileVersion": 3, "packages": {}}',
            "server/package.json": _pkg(
                name="server", scripts={"start": "node index.js"}, dependencies={"express": "^4", "pg": "^8"}
            ),
            "server/package-lock.json": '{"lockfileVersion": 3, "packages": {}}',
            "server/index.js": "const { Pool } = require('pg');\nrequire('express')().listen(9000);\n",
            "server/config/init.sql": "CREATE TABLE public.cart\n(\n    id SERIAL NOT NULL\n);\n",
        },
    )
    advice = _advice(tmp_path)
    assert (advice.answers.app_dir, advice.answers.database) == ("server", "postgres")
    db = yaml.safe_load(render_compose(advice.setup))["services"]["db"]
    assert "./server/config/init.sql:/docker-entrypoint-initdb.d/init.sql:ro" in db["volumes"]
    # the app's role owns what the superuser's scripts make
    assert any(c.get("target", "").endswith("zz-app-owns-project-objects.sql") for c in db.get("configs", []))
    note = "The project keeps its tables' schema in `server/config/init.sql`, and nothing else makes them"
    assert note in advice.report("en")
    assert "프로젝트는 테이블 스키마를 `server/config/init.sql` 파일에 두고" in advice.report("ko")


def test_a_lockfile_without_an_optional_platform_package_installs_with_npm_10(tmp_path: Path) -> None:
    """example-todo-nestjs-typeorm-postgres: chokidar declares fsevents (macOS) as optional and
    package-lock.json has no entry for it; Node 24's npm 11 stops `npm ci` ("Missing:
    fsevents@2.3.3 from lock file"), npm 10 installs. Node 22 bundles npm 10 already."""
    lock = {
        "name": "api",
        "lockfileVersion": 3,
        "packages": {
            "": {"name": "api", "dependencies": {"express": "^4", "chokidar": "^3"}},
            "node_modules/chokidar": {"version": "3.6.0", "optionalDependencies": {"fsevents": "~2.3.2"}},
            "node_modules/express": {"version": "4.21.2"},
        },
    }
    package = {
        "name": "api",
        "scripts": {"start": "node index.js"},
        "dependencies": {"express": "^4", "chokidar": "^3"},
    }
    write_tree(
        tmp_path,
        {
            "package.json": json.dumps(package),
            "package-lock.json": json.dumps(lock, indent=4),
            "index.js": "require('express')().listen(3000)\n",
        },
    )
    dockerfile = advise({"host_os": "linux"}, folder=tmp_path).files("en")["Dockerfile"]
    assert "RUN npm install --global npm@10" in dockerfile and "macOS's fsevents" in dockerfile
    assert (
        "npm install --global npm@10"
        not in advise({"host_os": "linux", "runtime_version": "22"}, folder=tmp_path).files("en")[
            "Dockerfile"
        ]
    )
    lock["packages"]["node_modules/fsevents"] = {"version": "2.3.3", "optional": True, "os": ["darwin"]}
    (tmp_path / "package-lock.json").write_text(json.dumps(lock, indent=2))
    (tmp_path / ".advisor-answers.yaml").unlink(missing_ok=True)
    assert "npm@10" not in advise({"host_os": "linux"}, folder=tmp_path).files("en")["Dockerfile"]


def test_a_shared_package_without_a_build_script_compiles_with_tsc_before_the_server(tmp_path: Path) -> None:
    """rocketadmin: a pnpm workspace whose backend/ (NestJS, TypeORM on PostgreSQL) imports
    `@r/shared-code/dist/src/…`; shared-code/ has no build script, only a tsconfig.json with
    outDir ./dist and TypeScript among its devDependencies (its own Dockerfile runs `tsc`
    there). It compiles first, with the workspace's tsc. The shared code's MySQL and MongoDB
    drivers reach the databases its users administer: the server's own database is the one
    its TypeORM options name, and the server (with a database) is the app, not the
    WebSocket relay beside it."""
    folder = write_tree(
        tmp_path,
        {
            "package.json": _pkg(name="root", private=True, packageManager="pnpm@10.33.0"),
            "pnpm-lock.yaml": "lockfileVersion: '9.0'\n",
            "pnpm-workspace.yaml": "packages:\n  - backend\n  - shared-code\n  - autoadmin-ws-server\n",
            "autoadmin-ws-server/package.json": _pkg(
                name="ws-server",
                scripts={"build": "tsc", "start": "node dist/index.js"},
                dependencies={"hono": "^4"},
                devDependencies={"typescript": "^5"},
            ),
            "autoadmin-ws-server/src/index.ts": "import { Hono } from 'hono';\n",
            "backend/package.json": _pkg(
                name="backend",
                scripts={"build": "nest build", "start:prod": "node dist/main"},
                dependencies={
                    "@nestjs/core": "^11",
                    "typeorm": "^0.3",
                    "@r/shared-code": "workspace:*",
                    "pg": "^8",
                },
                devDependencies={"@nestjs/cli": "^11", "typescript": "^5"},
            ),
            "backend/src/main.ts": (
                "import { NestFactory } from '@nestjs/core';\n"
                "import { E } from '@r/shared-code/dist/src/enums.js';\n"
            ),
            "backend/src/config.ts": (
                "import { DataSourceOptions } from 'typeorm';\n"
                "export const options: DataSourceOptions = {\n"
                "  type: 'postgres', url: process.env.DATABASE_URL };\n"
            ),
            "shared-code/package.json": _pkg(
                name="@r/shared-code",
                type="module",
                dependencies={"mysql2": "^3", "mongodb": "^7", "pg": "^8"},
                devDependencies={"typescript": "^6"},
            ),
            "shared-code/tsconfig.json": '{"compilerOptions": {"outDir": "./dist", "module": "NodeNext"}}',
            "shared-code/src/enums.ts": "export enum E { a = 'a' }\n",
        },
    )
    advice = _advice(folder)
    assert (advice.answers.app_dir, advice.answers.database) == ("backend", "postgres")
    build = advice.setup.build
    assert build.builds_first == ("shared-code",) and build.compiles_first == ("shared-code",)
    dockerfile = render_dockerfile(advice.setup)
    assert "cd /app/shared-code && pnpm exec tsc \\\n    && cd /app/backend && pnpm run build" in dockerfile
    assert_hadolint_clean(dockerfile, tmp_path)
    app_env = yaml.safe_load(render_compose(advice.setup))["services"]["app"]["environment"]
    assert app_env["DATABASE_URL"].startswith("postgresql://")


def test_tarballs_the_manifests_install_from_the_repository_are_in_the_install_step(tmp_path: Path) -> None:
    """openstad: the root package.json installs `knox` from `file:vendor/knox-0.9.3.tar.gz`
    and a member installs `xlsx` from its own `file:vendor/xlsx-0.20.3.tgz`. The install step
    sees only the files it is given, so both tarballs are mounted beside the manifests (npm ci
    stops with ENOENT without them); a tarball the repository lacks is not."""
    folder = write_tree(
        tmp_path,
        {
            "package.json": _pkg(
                name="root",
                workspaces=["apps/*"],
                dependencies={"knox": "file:vendor/knox-0.9.3.tar.gz", "gone": "file:vendor/gone-1.0.0.tgz"},
            ),
            "package-lock.json": _pkg(name="root", lockfileVersion=3, packages={}),
            "vendor/knox-0.9.3.tar.gz": "tarball",
            "apps/api/package.json": _pkg(
                name="api",
                scripts={"start": "node server.js"},
                dependencies={"express": "^4", "mysql2": "^3"},
            ),
            "apps/api/server.js": "require('express')().listen(8082);\n",
            "apps/admin/package.json": _pkg(
                name="admin", dependencies={"xlsx": "file:vendor/xlsx-0.20.3.tgz"}
            ),
            "apps/admin/vendor/xlsx-0.20.3.tgz": "tarball",
        },
    )
    advice = _advice(folder, app_dir="apps/api")
    dockerfile = render_dockerfile(advice.setup)
    for tarball in ("vendor/knox-0.9.3.tar.gz", "apps/admin/vendor/xlsx-0.20.3.tgz"):
        assert f"--mount=type=bind,source={tarball},target={tarball}" in dockerfile
    assert "gone-1.0.0" not in dockerfile


def test_a_prisma_schema_in_a_workspace_package_gives_the_apps_database_and_release(tmp_path: Path) -> None:
    """linkwarden: apps/web takes its client from `@lw/prisma` (packages/prisma), whose
    schema.prisma names PostgreSQL and keeps migrations beside it; apps/web lists no driver
    and no Prisma CLI. The database is PostgreSQL, and the release step migrates with that
    package's schema (and CLI)."""
    folder = write_tree(
        tmp_path,
        {
            "package.json": _pkg(name="linkwarden", private=True, workspaces=["apps/*", "packages/*"]),
            "yarn.lock": "# yarn lockfile v1\n",
            "apps/web/package.json": _pkg(
                name="@lw/web",
                scripts={"build": "next build", "start": "next start"},
                dependencies={"next": "^15", "react": "^19", "@lw/prisma": "*"},
            ),
            "packages/prisma/package.json": _pkg(
                name="@lw/prisma", main="index.ts", dependencies={"@prisma/client": "^6", "prisma": "^6"}
            ),
            "packages/prisma/schema.prisma": (
                'datasource db {\n  provider = "postgresql"\n  url = env("DATABASE_URL")\n}\n'
            ),
            "packages/prisma/migrations/0_init/migration.sql": "CREATE TABLE x (id int);\n",
        },
    )
    advice = _advice(folder)
    assert (advice.answers.app_dir, advice.answers.database) == ("apps/web", "postgres")
    assert advice.setup.build.release == (
        "prisma",
        "migrate",
        "deploy",
        "--schema",
        "../../packages/prisma/schema.prisma",
    )
    app_env = yaml.safe_load(render_compose(advice.setup))["services"]["app"]["environment"]
    assert app_env["DATABASE_URL"].startswith("postgresql://")
    # (rallly: the client the app imports is generated by that package's CLI, in its folder,
    # before the app's build: `next build` stopped on a missing ../generated/prisma/client)
    dockerfile = render_dockerfile(advice.setup)
    generate = dockerfile.index("cd /app/packages/prisma && ")
    assert generate < dockerfile.index("prisma generate") < dockerfile.index("cd /app/apps/web && ")


def test_a_prisma_sqlite_file_above_the_member_is_kept_in_a_volume(tmp_path: Path) -> None:
    """chibisafe: a yarn workspace whose backend member's Prisma schema (packages/backend/src/
    prisma/schema.prisma) names `url = "file:../../../../database/database.sqlite"`, the
    workspace's own database/ folder, relative to the schema as Prisma reads it. advisor's
    release step migrated a file in a throw-away container and the app started on an empty
    one: the folder is now the app user's, in a volume both containers mount."""
    folder = write_tree(
        tmp_path / "uploads",
        {
            "package.json": _pkg(name="uploads", private=True, workspaces=["packages/*"]),
            "yarn.lock": "# yarn lockfile v1\n",
            "packages/backend/package.json": _pkg(
                name="@uploads/backend",
                scripts={"start": "node dist/main.js", "build": "tsc"},
                dependencies={"fastify": "^4", "@prisma/client": "^5"},
                devDependencies={"prisma": "^5", "typescript": "^5"},
                prisma={"schema": "src/prisma/schema.prisma"},
            ),
            "packages/backend/src/main.ts": (
                "import fastify from 'fastify';\nfastify().listen({ port: 8000 });\n"
            ),
            "packages/backend/src/prisma/schema.prisma": (
                'generator client {\n\tprovider = "prisma-client-js"\n}\n\n'
                'datasource db {\n\tprovider = "sqlite"\n'
                '\turl      = "file:../../../../database/database.sqlite"\n}\n'
            ),
            "packages/backend/src/prisma/migrations/20240101000000_init/migration.sql": (
                "CREATE TABLE a (id INT);\n"
            ),
        },
    )
    found = inspect_project(folder).primary
    assert found is not None and found.path == "packages/backend"
    sqlite = [w for w in found.writable_paths if w.kind == "sqlite"]
    assert [w.path for w in sqlite] == ["/app/database/database.sqlite"]

    advice = _advice(folder, database="none")
    files = advice.files()
    assert "/app/database" in files["Dockerfile"]
    run = files["run.sh"]
    release = next(line for line in run.splitlines() if "prisma migrate deploy" in line)
    assert ':/app/database"' in release
    assert run.count(':/app/database"') == 2  # the release step's container and the app's


def test_a_root_build_that_copies_another_members_output_into_the_app_builds_it_all(tmp_path: Path) -> None:
    """teammapper: a pnpm workspace whose root `build:prod` builds the Angular front end, copies
    its dist into the back end's folder (`cp teammapper-frontend/dist -TRv
    teammapper-backend/client`), then builds the back end, which serves that folder. advisor
    installed only the back end's packages and ran its build alone, so `/` found no page. The
    image installs the whole workspace and runs the root's build."""
    folder = write_tree(
        tmp_path / "maps",
        {
            "package.json": _pkg(
                name="maps",
                scripts={
                    "build": "pnpm run build:prod",
                    "build:prod": "pnpm run build:frontend:prod"
                    " && cp maps-frontend/dist -TRv maps-backend/client && pnpm run build:backend:prod",
                    "build:backend:prod": "pnpm --filter maps-backend run build",
                    "build:frontend:prod": "pnpm --filter maps-frontend run build:prod",
                    "start": "pnpm --filter maps-backend run start:prod",
                },
            ),
            "pnpm-workspace.yaml": "packages:\n  - maps-backend\n  - maps-frontend\n",
            "pnpm-lock.yaml": "lockfileVersion: '9.0'\n",
            "maps-backend/package.json": _pkg(
                name="maps-backend",
                scripts={"build": "nest build", "start:prod": "node dist/main"},
                dependencies={"@nestjs/core": "^11", "@nestjs/serve-static": "^5"},
            ),
            "maps-backend/src/main.ts": "const port = 3000;\n",
            "maps-frontend/package.json": _pkg(
                name="maps-frontend",
                scripts={"build:prod": "ng build"},
                dependencies={"@angular/core": "^20"},
            ),
        },
    )
    advice = _advice(folder, database="none")
    assert advice.answers.app_dir == "maps-backend"
    assert advice.setup.build.root_build == "build:prod" and not advice.setup.build.pnpm_member
    dockerfile = render_dockerfile(advice.setup)
    assert "cd /app && pnpm run build:prod" in dockerfile
    assert "--filter" not in dockerfile and "cd /app/maps-backend && pnpm run build" not in dockerfile
