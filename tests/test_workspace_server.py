"""A workspace of many packages, one of them the server (joplin's packages/server beside
app-cli, app-desktop and the libraries): the server is the app advisor picks, the app the
person names with ``app_dir`` gives every default, and the server's settings are read the way
it reads them (an object of defaults parseEnv fills from process.env; DB_CLIENT compared
with 'pg')."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import yaml
from helpers import run_cli, write_tree

from advisor.answers import Context, resolve_answers
from advisor.api import advise
from advisor.inspect import inspect_project

_ENV_TS = """// The possible env variables and their defaults are listed below.
export enum MailerSecurity { None = 'none' }

const defaultEnvValues: EnvVariables = {
\t// General config: don't change it here
\tAPP_NAME: 'Notes Server',
\tAPP_PORT: 22300,
\tSIGNUP_ENABLED: false,
\tDB_CLIENT: 'sqlite3',
\tPOSTGRES_PASSWORD: 'notes',
\tPOSTGRES_DATABASE: 'notes',
\tPOSTGRES_USER: 'notes',
\tPOSTGRES_HOST: '',
\tPOSTGRES_PORT: 5432,
\tSQLITE_DATABASE: '',
};

export function parseEnv(rawEnv: Record<string, string>): EnvVariables {
\tconst output = { ...defaultEnvValues };
\tfor (const [key, value] of Object.entries(defaultEnvValues)) {
\t\tif (rawEnv[key] !== undefined) (output as any)[key] = rawEnv[key];
\t}
\treturn output;
}
"""
_CONFIG_TS = """import { EnvVariables } from './env';
export function databaseConfigFromEnv(env: EnvVariables) {
\tif (env.DB_CLIENT === 'pg') {
\t\treturn { client: 'pg', name: env.POSTGRES_DATABASE, host: env.POSTGRES_HOST };
\t}
\treturn { client: 'sqlite3', name: env.SQLITE_DATABASE };
}
"""


def _package(name: str, start: str, deps: dict[str, str]) -> str:
    return json.dumps({"name": name, "version": "1.0.0", "scripts": {"start": start}, "dependencies": deps})


def _workspace(tmp_path: Path) -> Path:
    return write_tree(
        tmp_path,
        {
            "package.json": json.dumps(
                {
                    "name": "root",
                    "private": True,
                    "workspaces": ["packages/*"],
                    "packageManager": "yarn@4.9.1",
                }
            ),
            "yarn.lock": "__metadata:\n  version: 8\n",
            ".yarnrc.yml": "nodeLinker: node-modules\n",
            "packages/app-cli/package.json": _package(
                "@notes/app-cli", "node build/main.js --env dev", {"sqlite3": "^5"}
            ),
            "packages/app-cli/main.js": "require('./build/main');\n",
            "packages/server/package.json": _package(
                "@notes/server", "node dist/app.js", {"koa": "^2", "knex": "^3", "pg": "^8", "sqlite3": "^5"}
            ).replace('"scripts": {', '"scripts": {"build": "tsc", '),
            "packages/server/tsconfig.json": (
                '{\n\t"compilerOptions": {\n\t\t"outDir": "dist"\n\t},\n\t"rootDir": ".",\n'
                '\t"include": [\n\t\t"**/*.ts",\n\t\t"**/*.tsx",\n\t],\n}\n'
            ),
            "packages/server/src/app.ts": "import Koa from 'koa';\nnew Koa().listen(22300);\n",
            "packages/server/src/env.ts": _ENV_TS,
            "packages/server/src/config.ts": _CONFIG_TS,
        },
    )


def test_the_server_is_picked_over_a_command_line_client_named_app(tmp_path: Path) -> None:
    facts = inspect_project(_workspace(tmp_path))
    assert facts.primary is not None and facts.primary.path == "packages/server"
    # tsc's root is where the .ts files are (src/), not the "rootDir" written outside
    # compilerOptions, which tsc ignores
    assert facts.primary.start is not None and facts.primary.start.argv == ("node", "dist/app.js")


def test_the_servers_env_defaults_object_and_engine_test_are_its_settings(tmp_path: Path) -> None:
    folder = _workspace(tmp_path)
    found = {v.name: v for v in inspect_project(folder).primary.env_vars}  # type: ignore[union-attr]
    assert found["APP_PORT"].default == "22300" and found["DB_CLIENT"].role == "database_engine"
    assert found["POSTGRES_HOST"].role == "database_host"
    files = advise({"host_os": "linux", "database": "postgres"}, folder=folder).files("en")
    env: dict[str, Any] = yaml.safe_load(files["compose.yaml"])["services"]["app"]["environment"]
    assert env["DB_CLIENT"] == "pg"  # spelt as config.ts compares it, not "postgres"
    assert env["POSTGRES_HOST"] == "db" and env["POSTGRES_DATABASE"] == "${POSTGRES_DB:?set it in .env}"


def test_the_app_the_person_names_gives_every_default(tmp_path: Path) -> None:
    """`--set app_dir=packages/app-cli` (or an answers file's app_dir): the start command,
    the database and the rest come from that app, not from the one advisor would pick."""
    folder = _workspace(tmp_path)
    picked = resolve_answers({"host_os": "linux"}, use_defaults=True, context=Context(folder=folder))
    assert picked.app_dir == "packages/server" and picked.database == "postgres"
    assert picked.start_command == "node dist/app.js"
    named = resolve_answers(
        {"host_os": "linux", "app_dir": "packages/app-cli"}, use_defaults=True, context=Context(folder=folder)
    )
    assert named.start_command == "node build/main.js --env dev"
    assert named.database == "none"  # the client's SQLite file, no server


def test_run_in_a_members_folder_it_says_to_run_at_the_workspaces_root(tmp_path: Path) -> None:
    """joplin's packages/server on its own: `@notes/lib: workspace:*`-style dependencies
    install only from the root, so the files cannot build. advisor says so on stderr and in
    the report, in both languages, with the command to run instead; the root itself is no
    member of anything."""
    folder = _workspace(tmp_path)
    (folder / ".git").mkdir()
    member = folder / "packages" / "server"
    facts = inspect_project(member)
    assert facts.workspace_root is not None and facts.workspace_root.value == "packages/server"
    assert inspect_project(folder).workspace_root is None
    run = run_cli("generate", "--defaults", "--out", str(member))
    assert run.code == 0
    assert "`cd ../.. && advisor generate --set app_dir=packages/server --out .`" in run.err
    assert "workspace that `../../package.json` declares" in (member / "RECOMMENDATIONS.md").read_text()
    korean = run_cli("generate", "--defaults", "--out", str(member), "--lang", "ko", "--on-conflict", "take")
    assert "워크스페이스의 멤버입니다" in korean.err
