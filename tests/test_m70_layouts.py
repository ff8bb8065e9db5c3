"""Layouts found by the m70 round of held-out projects (measured at the start of stop 46, on
advisor at 2dc7fa3), fixed in the same stop: each test holds the shape of the real project
that showed the gap, written anew."""

from __future__ import annotations

import json
from pathlib import Path

from helpers import write_tree

from advisor.api import advise
from advisor.inspect import inspect_project


def _secrets_app(root: Path) -> Path:
    """Hemmelig's shape: a Fastify server whose Prisma schema keeps SQLite at `url =
    env("SECRET_DATABASE_URL")`, a variable of the app's own prefix; the committed `.env` that
    `prisma init` wrote gives it as `file:../database/hemmelig.db`, from the schema's folder."""
    return write_tree(
        root,
        {
            "package.json": json.dumps(
                {
                    "name": "secrets",
                    "scripts": {"start": "node server.js"},
                    "dependencies": {"fastify": "^4", "@prisma/client": "^4"},
                    "devDependencies": {"prisma": "^4"},
                }
            ),
            "package-lock.json": json.dumps({"name": "secrets", "lockfileVersion": 3, "packages": {}}),
            "server.js": (
                "const fastify = require('fastify')();\n"
                "fastify.listen({ port: process.env.SECRET_PORT || 3000, host: '0.0.0.0' });\n"
            ),
            "prisma/schema.prisma": (
                'generator client {\n  provider = "prisma-client-js"\n}\n\n'
                'datasource db {\n  provider = "sqlite"\n  url      = env("SECRET_DATABASE_URL")\n}\n'
            ),
            "prisma/migrations/20230101000000_init/migration.sql": "CREATE TABLE secret (id TEXT);\n",
            ".env": (
                "# This was inserted by `prisma init`:\n"
                'SECRET_DATABASE_URL="file:../database/hemmelig.db"\n'
            ),
        },
    )


def test_a_prisma_sqlite_url_in_the_committed_env_file_is_set_to_a_file_in_the_volume(tmp_path: Path) -> None:
    """advisor found the SQLite datasource but passed no SECRET_DATABASE_URL (a `.env` is the
    person's, read by name only, and the image leaves it out), so the release step and the app
    had no database. A SQLite file URL is no secret: the variable is set to a file in the data
    volume both containers mount."""
    root = _secrets_app(tmp_path / "secrets")
    files = advise({"host_os": "linux"}, folder=root).files()
    run = files["run.sh"]
    assert "SECRET_DATABASE_URL" in run.split("docker build", 1)[1]  # it reaches the containers
    assert "\nSECRET_DATABASE_URL=file:/app/data/hemmelig.db\n" in files[".env"]
    release = next(line for line in run.splitlines() if "prisma migrate deploy" in line)
    assert '--volume "$name-app-data:/app/data"' in release
    # the project's own .env, which advisor keeps, names the file from the schema's folder:
    # that place links into the volume, and SQLite's journal beside it is the app user's
    dockerfile = files["Dockerfile"]
    assert "ln -sfn /app/data/hemmelig.db database/hemmelig.db" in dockerfile
    assert "chown -R node:node /app/data /app/database" in dockerfile
