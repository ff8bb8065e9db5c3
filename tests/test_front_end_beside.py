"""A single-page front end beside the server (``frontend/`` next to ``backend/``): the ``web``
service of compose.yaml, its own image, the API's paths forwarded to the app (frontplan,
inspect.devproxy). It was left out with no word before: the report did not name it."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import yaml
from helpers import assert_hadolint_clean, write_tree

from advisor.api import advise
from advisor.inspect import inspect_project
from advisor.inspect.devproxy import dev_proxy
from advisor.inspect.tree import Tree

FIXTURES = Path(__file__).parent / "fixtures"


def _monorepo(tmp_path: Path, vite_config: str | None = None) -> Path:
    root = tmp_path / "recipes"
    shutil.copytree(FIXTURES / "monorepo", root)
    if vite_config is not None:
        (root / "frontend" / "vite.config.js").write_text(vite_config)
    return root


def test_the_front_end_beside_the_api_is_the_web_service_and_forwards_the_api(tmp_path: Path) -> None:
    root = _monorepo(tmp_path)
    advice = advise({"host_os": "linux"}, folder=root)
    files = advice.files("en")
    assert "Dockerfile.web" in files and "Dockerfile.web.dockerignore" in files
    web = yaml.safe_load(files["compose.yaml"])["services"]["web"]
    assert web["build"] == {"context": "frontend", "dockerfile": "../Dockerfile.web"}
    assert web["ports"] == ["127.0.0.1:8080:8080"]
    assert web["depends_on"] == {"app": {"condition": "service_healthy"}}
    dockerfile = files["Dockerfile.web"]
    # the dev server's `"/api": "http://localhost:8000"`: the path as it is, to the app's service
    assert "'    location /api {' \\\n        '        proxy_pass http://app:8000;'" in dockerfile
    assert "COPY --from=build /app/public_html /usr/share/nginx/html" in dockerfile
    assert "pnpm install --frozen-lockfile" in dockerfile
    assert_hadolint_clean(dockerfile, tmp_path)
    # the app's own image is unchanged: built from backend/, published on its port
    app = yaml.safe_load(files["compose.yaml"])["services"]["app"]
    assert app["build"]["context"] == "backend" and app["ports"] == ["127.0.0.1:8000:8000"]
    report = files["RECOMMENDATIONS.md"]
    assert "The front end in `frontend/` (vite) is the `web` service" in report
    assert "forwards `/api` to the API (`frontend/vite.config.js`)" in report
    assert "- `Dockerfile.web`: builds the front end's image" in report
    ko = advice.files("ko")["RECOMMENDATIONS.md"]
    assert "`frontend/` 폴더에 있는 vite 프런트엔드는 `web` 서비스입니다" in ko


def test_a_prefix_the_dev_server_strips_is_stripped_by_nginx_and_caddy(tmp_path: Path) -> None:
    """Vite's `rewrite: (path) => path.replace(/^\\/api/, '')`: the API answers at its root,
    so nginx's location ends in / and so does its proxy_pass (the prefix is replaced); in
    production Caddy strips it before the app. A commented-out proxy counts for nothing."""
    config = (
        'import { defineConfig } from "vite";\n'
        "export default defineConfig({\n"
        "  server: {\n"
        "    // proxy: { '/old': 'http://localhost:9000' },\n"
        "    proxy: {\n"
        '      "/api": {\n'
        '        target: "http://localhost:8000",\n'
        "        changeOrigin: true,\n"
        '        rewrite: (path) => path.replace(/^\\/api/, ""),\n'
        "      },\n"
        "      '/socket.io': { target: 'ws://localhost:8000', ws: true },\n"
        "    },\n"
        "  },\n"
        "});\n"
    )
    root = _monorepo(tmp_path, config)
    front = inspect_project(root).app("frontend")
    assert front is not None and front.dev_proxy is not None
    assert front.dev_proxy.value == (("/api", True), ("/socket.io", False))
    files = advise({"host_os": "linux"}, folder=root).files("en")
    dockerfile = files["Dockerfile.web"]
    assert "'    location /api/ {' \\\n        '        proxy_pass http://app:8000/;'" in dockerfile
    assert "'    location /socket.io {' \\\n        '        proxy_pass http://app:8000;'" in dockerfile
    assert "/old" not in dockerfile
    prod = advise({"host_os": "linux", "environment": "production"}, folder=root).files("en")
    caddy = prod["Caddyfile"]
    assert "\t@api0 path /api /api/*\n\thandle @api0 {\n\t\turi strip_prefix /api\n" in caddy
    assert "\t@api1 path /socket.io /socket.io/*\n\thandle @api1 {\n\t\treverse_proxy app:8000\n" in caddy
    assert "\thandle {\n\t\treverse_proxy web:8080\n\t}" in caddy
    services = yaml.safe_load(prod["compose.yaml"])["services"]
    assert "ports" not in services["web"] and "ports" not in services["app"]
    assert services["proxy"]["depends_on"]["web"] == {"condition": "service_healthy"}
    assert services["web"]["read_only"] is True and services["web"]["cap_drop"] == ["ALL"]


def test_vue_cli_and_angular_proxies_are_read(tmp_path: Path) -> None:
    vue = write_tree(
        tmp_path / "vue",
        {
            "package.json": json.dumps(
                {"name": "v", "scripts": {"build": "vue-cli-service build"}, "dependencies": {"vue": "3"}}
            ),
            "vue.config.js": (
                "module.exports = { devServer: { proxy: {\n"
                "  '^/api/': { target: 'http://localhost:5000', pathRewrite: { '^/api': '' } },\n"
                "  '/@vite/client': { target: 'x' },\n"
                "} } };\n"
            ),
        },
    )
    found = dev_proxy(Tree(vue), "")
    assert found is not None and found.value == (("/api", True),) and found.source == "vue.config.js"
    ng = write_tree(
        tmp_path / "ng",
        {"src/proxy.conf.json": json.dumps({"/api/*": {"target": "http://localhost:3000", "secure": False}})},
    )
    found = dev_proxy(Tree(ng), "")
    assert found is not None and found.value == (("/api", False),) and found.source == "src/proxy.conf.json"


def test_without_a_proxy_the_report_says_how_the_page_reaches_the_api(tmp_path: Path) -> None:
    root = _monorepo(tmp_path, 'import { defineConfig } from "vite";\nexport default defineConfig({});\n')
    files = advise({"host_os": "linux"}, folder=root).files("en")
    assert (
        "location /api" not in files["Dockerfile.web"] and "map $http_upgrade" not in files["Dockerfile.web"]
    )
    report = files["RECOMMENDATIONS.md"]
    assert "Its dev server forwards no path to the API" in report
    assert "the app's address (http://localhost:8000/)" in report


def test_a_front_end_the_server_serves_or_builds_into_it_is_no_service(tmp_path: Path) -> None:
    """An Express server serving the client's build (`../client/dist`) has it in its own
    image; a Vite build whose outDir is the back end's static folder is the back end's."""
    served = write_tree(
        tmp_path / "served",
        {
            "server/package.json": json.dumps(
                {
                    "name": "s",
                    "scripts": {"start": "node server.js"},
                    "dependencies": {"express": "4", "pg": "8"},
                }
            ),
            "server/server.js": (
                "const express = require('express');\nconst path = require('path');\nconst app = express();\n"
                "app.use(express.static(path.join(__dirname, '../client/dist')));\napp.listen(3000);\n"
            ),
            "client/package.json": json.dumps(
                {"name": "c", "scripts": {"build": "vite build"}, "devDependencies": {"vite": "6"}}
            ),
            "client/index.html": "<div id=app></div>\n",
        },
    )
    assert "Dockerfile.web" not in advise({"host_os": "linux"}, folder=served).files("en")
    into = _monorepo(
        tmp_path / "into",
        'import { defineConfig } from "vite";\n'
        'export default defineConfig({ build: { outDir: "../backend/static" } });\n',
    )
    assert "Dockerfile.web" not in advise({"host_os": "linux"}, folder=into).files("en")


def test_without_compose_the_report_says_the_front_end_is_not_served(tmp_path: Path) -> None:
    """No database server: run.sh starts the app alone, and the report names the front end
    it leaves out and how to get its image."""
    root = _monorepo(tmp_path)
    advice = advise({"host_os": "linux", "database": "none"}, folder=root)
    files = advice.files("en")
    assert "run.sh" in files and "Dockerfile.web" not in files
    assert "The front end in `frontend/` (vite) is not part of these files" in files["RECOMMENDATIONS.md"]
    assert "(`cd frontend && advisor generate`)" in files["RECOMMENDATIONS.md"]


def test_a_front_end_inside_the_apps_folder_stays_out_of_the_apps_image(tmp_path: Path) -> None:
    """The app at the top and its front end in frontend/: the app's build context holds the
    front end's folder, which its own image builds, so the app's .dockerignore leaves it out."""
    root = tmp_path / "recipes"
    shutil.copytree(FIXTURES / "monorepo" / "backend", root)
    shutil.copytree(FIXTURES / "monorepo" / "frontend", root / "frontend")
    files = advise({"host_os": "linux"}, folder=root).files("en")
    web = yaml.safe_load(files["compose.yaml"])["services"]["web"]
    assert web["build"] == {"context": "frontend", "dockerfile": "../Dockerfile.web"}
    assert files[".dockerignore"].endswith("builds it\nfrontend/\n")
    assert "frontend/" not in files["Dockerfile.web.dockerignore"].splitlines()
