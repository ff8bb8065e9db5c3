"""A Node server that serves its client's build: the client (a React, Vue or Vite app in a
folder of its own) is built in a Node stage and its output goes where the server serves it."""

from __future__ import annotations

import json
from pathlib import Path

from helpers import assert_hadolint_clean

from advisor.api import advise
from advisor.inspect import inspect_project
from advisor.render.dockerfile import render_dockerfile
from advisor.render.report import render_report

SERVER_PACKAGE = {
    "name": "startpage",
    "scripts": {"start": "node server.js"},
    "dependencies": {"express": "^4.18.2", "sequelize": "^6.9.0", "sqlite3": "^5.1.6"},
}
SERVER_JS = """const http = require('http');
const api = require('./api');
http.createServer(api).listen(5005);
"""
# The server serves public/ and sends its index.html for every other route (flame's layout).
API_JS = """const express = require('express');
const { join } = require('path');
const api = express();
api.use(express.static(join(__dirname, 'public')));
api.use('/api/apps', require('./routes/apps'));
api.get(/^\\/(?!api)/, (req, res) => {
  res.sendFile(join(__dirname, 'public/index.html'));
});
module.exports = api;
"""
# It writes the person's custom CSS there too.
UPDATE_CSS = """const fs = require('fs');
const { join } = require('path');
module.exports = (req, res) => {
  fs.writeFileSync(join(__dirname, '../../public/custom.css'), req.body.css);
  res.json({ ok: true });
};
"""
CRA_PACKAGE = {
    "name": "client",
    "private": True,
    "dependencies": {"react": "^18.2.0", "react-dom": "^18.2.0", "react-scripts": "5.0.1"},
    "scripts": {"start": "react-scripts start", "build": "react-scripts build"},
}


def _write(root: Path, files: dict[str, str]) -> Path:
    for rel, text in files.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(text)
    return root


def _lock(name: str) -> str:
    return json.dumps({"name": name, "lockfileVersion": 3, "packages": {}})


def _startpage(tmp_path: Path) -> Path:
    return _write(
        tmp_path / "startpage",
        {
            "package.json": json.dumps(SERVER_PACKAGE),
            "package-lock.json": _lock("startpage"),
            "server.js": SERVER_JS,
            "api.js": API_JS,
            "routes/apps.js": "module.exports = require('express').Router();\n",
            "controllers/config/updateCSS.js": UPDATE_CSS,
            "client/package.json": json.dumps(CRA_PACKAGE),
            "client/package-lock.json": _lock("client"),
            "client/src/index.js": "import React from 'react';\n",
            "client/public/index.html": "<div id=root></div>\n",
            ".gitignore": "node_modules\npublic\n!client/public\n",
        },
    )


def test_the_client_build_goes_into_the_folder_the_server_serves(tmp_path: Path) -> None:
    """The server serves public/, which the repository lacks, and sends its index.html; the one
    client, client/ (Create React App), builds into client/build: a Node stage installs the
    client's packages from its lockfile and builds it, and the final image gets client/build
    as public/, owned by the app's user because the server writes a file there."""
    root = _startpage(tmp_path)
    found = inspect_project(root).primary
    assert found is not None and found.static_packages is not None
    client = found.static_packages
    assert (client.folder, client.detail, client.source) == ("client", "served", "api.js")
    assert (client.output, client.target, client.written) == ("client/build", "public", True)

    text = render_dockerfile(advise({"host_os": "linux", "database": "none"}, folder=root).setup)
    stage = text[text.index("AS assets") : text.index("FROM base AS final")]
    assert "--mount=type=bind,source=client/package-lock.json,target=/app/client/package-lock.json" in stage
    assert "npm ci\n" in stage and "COPY client/ /app/client/\nRUN npm run build\n" in stage
    assert "The server serves public/ (api.js)" in text
    final = text[text.index("FROM base AS final") :]
    copy = final.index("COPY --from=assets --chown=node:node /app/client/build/ ./public/")
    assert final.index("COPY --from=build /app ./") < copy < final.index("USER 1000:1000")
    assert_hadolint_clean(text, tmp_path)


def test_the_report_says_where_the_client_build_goes_in_english_and_korean(tmp_path: Path) -> None:
    root = _startpage(tmp_path)
    advice = advise({"host_os": "linux", "database": "none"}, folder=root)
    english = render_report(advice.setup, lang="en")
    assert "The server serves `public/` (`api.js`), which the repository does not hold" in english
    assert "its client, `client/`, builds it (as `client/build/`)" in english
    korean = render_report(advice.setup, lang="ko")
    assert "서버는 `public/` 폴더를 제공하는데(`api.js`)" in korean and "`npm run build`" in korean


def test_a_build_written_in_place_is_copied_in_place_and_stays_the_servers(tmp_path: Path) -> None:
    """`path.join(__dirname, '..', 'frontend', 'dist')` from src/ names frontend/dist, which the
    Vite client in frontend/ writes: the same folder in the image, not owned by the app user
    (the server writes nothing there); the client's yarn lockfile installs it, on the server's
    Node line."""
    root = _write(
        tmp_path / "notes",
        {
            "package.json": json.dumps(
                {
                    "name": "notes",
                    "engines": {"node": "20.x"},
                    "scripts": {"start": "node src/index.js"},
                    "dependencies": {"express": "^4.19.0", "pg": "^8.11.0"},
                }
            ),
            "package-lock.json": _lock("notes"),
            "src/index.js": (
                "const path = require('path');\nconst express = require('express');\n"
                "const app = express();\n"
                "const web = path.join(__dirname, '..', 'frontend', 'dist');\n"
                "app.use(express.static(web));\n"
                "app.listen(process.env.PORT || 3000);\n"
            ),
            "frontend/package.json": json.dumps(
                {
                    "name": "web",
                    "scripts": {"dev": "vite", "build": "vite build"},
                    "dependencies": {"vue": "^3.4.0"},
                    "devDependencies": {"vite": "^5.2.0"},
                }
            ),
            "frontend/yarn.lock": "# yarn lockfile v1\n",
            "frontend/index.html": "<div id=app></div>\n",
        },
    )
    found = inspect_project(root).primary
    assert found is not None and found.static_packages is not None
    assert (found.static_packages.output, found.static_packages.target) == ("frontend/dist", "frontend/dist")
    assert found.static_packages.written is False

    text = render_dockerfile(advise({"host_os": "linux", "database": "postgres"}, folder=root).setup)
    assert "FROM node:20-slim AS assets" in text
    assert "yarn install --frozen-lockfile\n" in text and "RUN yarn run build\n" in text
    assert "COPY --from=assets /app/frontend/dist/ ./frontend/dist/\n" in text
    assert "(as frontend/dist/)" not in text  # built in place
    assert_hadolint_clean(text, tmp_path)


def test_no_client_stage_without_a_client_that_builds_the_served_folder(tmp_path: Path) -> None:
    """A server that serves a public/ the repository has (with its index.html), next to an
    admin client whose build goes elsewhere, and a server that serves only an uploads folder:
    no client stage."""
    root = _startpage(tmp_path)
    (root / "public").mkdir()
    (root / "public" / "index.html").write_text("<h1>start</h1>\n")
    found = inspect_project(root).primary
    assert found is not None and found.static_packages is None
    text = render_dockerfile(advise({"host_os": "linux", "database": "none"}, folder=root).setup)
    assert "AS assets" not in text and "COPY --from=assets" not in text

    api = root / "api.js"
    api.write_text(
        "const express = require('express');\nconst api = express();\n"
        "api.use('/uploads', express.static('data/uploads'));\nmodule.exports = api;\n"
    )
    (root / "public" / "index.html").unlink()
    found = inspect_project(root).primary
    assert found is not None and found.static_packages is None


def _snippets_workspace(tmp_path: Path) -> Path:
    """An npm workspace of client/ (Vite, building into client/build) and server/ (Express),
    one lockfile at the top (bytestash's layout)."""
    return _write(
        tmp_path / "snippets",
        {
            "package.json": json.dumps(
                {"name": "snippets", "private": True, "workspaces": ["client", "server"]}
            ),
            "package-lock.json": _lock("snippets"),
            "client/package.json": json.dumps(
                {
                    "name": "snippets-client",
                    "scripts": {"dev": "vite", "build": "tsc && vite build"},
                    "dependencies": {"react": "^18.3.0"},
                    "devDependencies": {"vite": "^5.4.0", "typescript": "^5.5.0"},
                }
            ),
            "client/vite.config.ts": "export default { build: { outDir: 'build' } };\n",
            "client/index.html": "<div id=root></div>\n",
            "server/package.json": json.dumps(
                {
                    "name": "snippets-server",
                    "type": "module",
                    "main": "src/app.js",
                    "scripts": {"start": "node src/app.js"},
                    "dependencies": {"express": "^4.21.0", "better-sqlite3": "^11.3.0"},
                }
            ),
            "server/src/app.js": (
                "import express from 'express';\nimport { dirname, join } from 'path';\n"
                "import { fileURLToPath } from 'url';\n"
                "const __dirname = dirname(fileURLToPath(import.meta.url));\n"
                "const app = express();\n"
                'const buildPath = join(__dirname, "../../client/build");\n'
                "app.use(express.static(buildPath, { index: false }));\n"
                "app.listen(5000);\n"
            ),
            "server/src/config/database.js": (
                "import Database from 'better-sqlite3';\nimport fs from 'fs';\n"
                "import { dirname, join } from 'path';\nimport { fileURLToPath } from 'url';\n"
                "const __dirname = dirname(fileURLToPath(import.meta.url));\n"
                'const dbPath = join(__dirname, "../../../data/snippets");\n'
                "if (!fs.existsSync(dbPath)) fs.mkdirSync(dbPath, { recursive: true });\n"
                "export default new Database(join(dbPath, 'snippets.db'));\n"
            ),
        },
    )


def test_a_workspace_members_client_builds_in_the_build_stage_before_the_server(tmp_path: Path) -> None:
    """The server member serves ../../client/build, which the client member's Vite build
    writes: the workspace's install has the client's packages, so the build stage runs the
    client's build in its folder (no stage of its own) and the image keeps client/build where
    the server looks. The folder the database module makes above the server's
    (data/snippets, from the workspace's folder) belongs to the app's user and is kept in a
    volume."""
    root = _snippets_workspace(tmp_path)
    found = inspect_project(root).app("server")
    assert found is not None and found.static_packages is not None
    client = found.static_packages
    assert (client.folder, client.output, client.target) == (
        "../client",
        "../client/build",
        "../client/build",
    )

    advice = advise({"host_os": "linux", "database": "none", "app_dir": "server"}, folder=root)
    text = render_dockerfile(advice.setup)
    assert "AS assets" not in text
    assert "cd /app/client && npm run build \\\n    && cd /app && npm prune --omit=dev" in text
    assert "RUN mkdir -p /app/data/snippets \\\n    && chown -R node:node /app/data/snippets" in text
    assert ("app-data", "/app/data/snippets") in advice.setup.data_volumes()
    assert_hadolint_clean(text, tmp_path)
    english = render_report(advice.setup, lang="en")
    assert "The server serves the build of `client/`, another member of the workspace" in english
    korean = render_report(advice.setup, lang="ko")
    assert "워크스페이스의 다른 멤버인 `client/`의 빌드 결과" in korean


def test_a_made_folder_does_not_leave_the_build_context(tmp_path: Path) -> None:
    """A folder named above the workspace's folder is not the image's: no writable folder,
    no volume."""
    root = _snippets_workspace(tmp_path)
    db = root / "server" / "src" / "config" / "database.js"
    db.write_text(db.read_text().replace("../../../data/snippets", "../../../../data"))
    advice = advise({"host_os": "linux", "database": "none", "app_dir": "server"}, folder=root)
    text = render_dockerfile(advice.setup)
    assert "chown -R node:node /data" not in text and "/app/../" not in text
    assert advice.setup.data_volumes() == []


def test_a_workspace_members_node_line_comes_from_the_workspaces_image(tmp_path: Path) -> None:
    """The server member's engines say `>=20`; the workspace's own Dockerfile runs
    `FROM node:22-alpine`: the member builds on 22, not on the newest line."""
    root = _snippets_workspace(tmp_path)
    server = root / "server" / "package.json"
    server.write_text(server.read_text().replace('"type"', '"engines": {"node": ">=20"}, "type"'))
    (root / "Dockerfile").write_text("FROM node:22-alpine AS production\nWORKDIR /app\nCOPY . .\n")
    found = inspect_project(root).app("server")
    assert found is not None and found.runtime is not None
    assert (found.runtime.image_tag, found.runtime.source) == ("22", "Dockerfile")


def test_a_served_folder_the_repository_lacks_is_the_one_clients_build(tmp_path: Path) -> None:
    """anything-llm's shape: server/ (Express, its own yarn.lock) serves `public/` beside its
    code, a folder the repository does not have, and renders its index page itself (no
    sendFile of index.html); frontend/ beside it is the one single-page app (Vite, into dist/).
    The served folder is that client's build: a Node stage builds frontend/ and its dist/ goes
    to server/public/. A served folder named for uploads, absent as well, is no client's."""
    root = _write(
        tmp_path / "chatbox",
        {
            "server/package.json": json.dumps(
                {
                    "name": "chatbox-server",
                    "main": "index.js",
                    "scripts": {"start": "NODE_ENV=production node index.js"},
                    "dependencies": {"express": "^4.21.0"},
                }
            ),
            "server/yarn.lock": "# yarn lockfile v1\n",
            "server/index.js": (
                "const express = require('express');\nconst path = require('path');\n"
                "const app = express();\n"
                'app.use(express.static(path.resolve(__dirname, "public"), { extensions: ["js"] }));\n'
                "app.use('/', (_, res) => res.send(require('./utils/page').render()));\n"
                "app.listen(3001);\n"
            ),
            "server/utils/page.js": "module.exports = { render: () => '<div id=root></div>' };\n",
            "frontend/package.json": json.dumps(
                {
                    "name": "chatbox-frontend",
                    "scripts": {"dev": "vite", "build": "vite build"},
                    "dependencies": {"react": "^18.3.0"},
                    "devDependencies": {"vite": "^5.4.0"},
                }
            ),
            "frontend/yarn.lock": "# yarn lockfile v1\n",
            "frontend/index.html": "<div id=root></div>\n",
            "frontend/vite.config.js": "export default { build: { rollupOptions: {} } };\n",
            "frontend/src/main.jsx": "import React from 'react';\n",
            "package.json": json.dumps({"name": "chatbox", "private": True}),
        },
    )
    found = inspect_project(root).primary
    assert found is not None and found.path == "server" and found.static_packages is not None
    client = found.static_packages
    assert (client.folder, client.detail) == ("../frontend", "served")
    assert (client.output, client.target) == ("../frontend/dist", "public")

    advice = advise({"host_os": "linux", "database": "none"}, folder=root)
    text = render_dockerfile(advice.setup)
    stage = text[text.index("AS assets") : text.index("FROM base AS final")]
    assert "yarn install --frozen-lockfile" in stage and "RUN yarn run build" in stage
    assert "COPY --from=assets /app/frontend/dist/ ./public/" in text
    assert_hadolint_clean(text, tmp_path)

    index = root / "server" / "index.js"
    index.write_text(index.read_text().replace('"public"', '"uploads"'))
    found = inspect_project(root).primary
    assert found is not None and found.static_packages is None


def test_names_that_wrap_each_other_are_followed_a_bounded_number_of_times() -> None:
    """A served path through helpers whose variables name each other (`a = f(b)`, `b = g(a)`)
    is no folder advisor can know, and reading it ends."""
    from advisor.inspect.node_served import served_folders

    texts = {"srv/a.js": "const a = f(b);\nconst b = g(a);\napp.use(express.static(a));\n"}
    assert served_folders(texts, "srv") == []


def test_nests_serve_static_root_path_is_a_served_folder(tmp_path: Path) -> None:
    """NestJS serves a single-page app with `ServeStaticModule.forRoot({ rootPath: join(__dirname,
    '..', '..', 'web', 'dist') })` (Manifest's, hive-pal's): that folder is served, and the
    workspace member whose build writes it builds before the server."""
    root = _write(
        tmp_path / "notes",
        {
            "package.json": json.dumps({"name": "notes", "private": True, "workspaces": ["api", "web"]}),
            "package-lock.json": _lock("notes"),
            "api/package.json": json.dumps(
                {
                    "name": "notes-api",
                    "scripts": {"build": "nest build", "start:prod": "node dist/main", "start": "nest start"},
                    "dependencies": {"@nestjs/core": "^11", "@nestjs/serve-static": "^5"},
                    "devDependencies": {"@nestjs/cli": "^11", "typescript": "^5"},
                }
            ),
            "api/src/main.ts": "const port = 3000;\n",
            "api/src/app.module.ts": (
                "import { ServeStaticModule } from '@nestjs/serve-static';\nimport { join } from 'path';\n"
                "export const imports = [ServeStaticModule.forRoot({\n"
                "  rootPath: join(__dirname, '..', '..', 'web', 'dist'),\n"
                "  exclude: ['/api/{*path}'],\n})];\n"
            ),
            "web/package.json": json.dumps(
                {"name": "notes-web", "scripts": {"build": "vite build"}, "devDependencies": {"vite": "^6"}}
            ),
            "web/index.html": "<div id=root></div>\n",
        },
    )
    found = inspect_project(root).primary
    assert found is not None and found.path == "api" and found.static_packages is not None
    assert found.static_packages.target == "../web/dist"
    dockerfile = render_dockerfile(advise({"host_os": "linux", "database": "none"}, folder=root).setup)
    assert "cd /app/web && npm run build" in dockerfile
