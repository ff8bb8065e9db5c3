"""Path dependencies outside the app's folder (npm's `"shared": "file:../shared"`): the build
context holds them and the image keeps them where package.json finds them."""

from __future__ import annotations

from pathlib import Path

import yaml
from helpers import assert_hadolint_clean, write_tree

from advisor.api import advise
from advisor.inspect import inspect_project

_LOCK = (
    '{"name": "server", "lockfileVersion": 3, "requires": true, "packages": {'
    '"": {"name": "server", "dependencies": {"express": "^4", "pg": "^8", "shared": "file:../shared"}},'
    ' "../shared": {"version": "1.0.0"},'
    ' "node_modules/shared": {"resolved": "../shared", "link": true}}}'
)
_PROJECT = {
    "server/package.json": (
        '{"name": "server", "main": "index.js", "scripts": {"start": "node index.js"},'
        ' "dependencies": {"express": "^4", "pg": "^8", "shared": "file:../shared"}}'
    ),
    "server/package-lock.json": _LOCK,
    "server/index.js": (
        "const shared = require('shared')\nrequire('express')().listen(process.env.PORT || 3000)\n"
    ),
    "shared/package.json": '{"name": "shared", "version": "1.0.0", "main": "index.js"}',
    "shared/index.js": "module.exports = {}\n",
}


def test_a_file_dependency_beside_the_app_is_found_relative_to_its_folder(tmp_path: Path) -> None:
    folder = write_tree(
        tmp_path / "repo",
        {
            **_PROJECT,
            # inside the app's folder (the image has it) and outside the repository (nothing can)
            "server/package.json": (
                '{"name": "server", "main": "index.js", "dependencies": {"express": "^4",'
                ' "shared": "file:../shared", "own": "file:./lib/own", "far": "file:../../far",'
                ' "packed": "file:../packages/tool-1.0.0.tgz"}}'
            ),
            "server/lib/own/package.json": '{"name": "own"}',
            "packages/tool-1.0.0.tgz": "x",
        },
    )
    app = inspect_project(folder).app("server")
    assert app is not None and app.local_packages == ("../shared", "../packages/tool-1.0.0.tgz")


def test_the_image_copies_the_package_before_the_install_and_keeps_it_beside_the_app(tmp_path: Path) -> None:
    """Built from server/ alone, `npm ci` links node_modules/shared to a ../shared the context
    lacks, and require('shared') fails as the app starts. The context is the folder holding
    both; shared/ goes to /shared (/app/../shared) before the install and into the final
    image."""
    folder = write_tree(tmp_path / "repo", _PROJECT)
    advice = advise({"host_os": "linux"}, folder=folder)
    assert advice.setup.build.app_dir == "server"
    files = advice.files()
    dockerfile = files["Dockerfile"]
    copy = dockerfile.index("COPY shared /shared")
    assert copy < dockerfile.index("npm ci") < dockerfile.index("COPY server/ .")
    final = dockerfile.index("AS final")
    assert dockerfile.index("COPY --from=build /shared /shared") > final
    assert "source=server/package-lock.json,target=package-lock.json" in dockerfile
    assert yaml.safe_load(files["compose.yaml"])["services"]["app"]["build"]["context"] == "."
    assert "**/node_modules" in files[".dockerignore"]
    assert_hadolint_clean(dockerfile, folder)


def test_without_a_package_outside_the_app_the_context_stays_its_folder(tmp_path: Path) -> None:
    folder = write_tree(
        tmp_path / "repo",
        {
            **_PROJECT,
            "server/package.json": (
                '{"name": "server", "main": "index.js", "scripts": {"start": "node index.js"},'
                ' "dependencies": {"express": "^4", "pg": "^8"}}'
            ),
        },
    )
    advice = advise({"host_os": "linux"}, folder=folder)
    dockerfile = advice.files()["Dockerfile"]
    assert "/shared" not in dockerfile and "COPY . ." in dockerfile
    assert yaml.safe_load(advice.files()["compose.yaml"])["services"]["app"]["build"]["context"] == "server"


# bodhi's shape: bodhi-server/ is a Pyramid app installed with Poetry, and its messages package
# is a path dependency in a folder beside it; PasteDeploy's production.ini names the app and
# the waitress server that runs it.
_BODHI = {
    "server/pyproject.toml": (
        '[tool.poetry]\nname = "site-server"\nversion = "8.0.0"\ndescription = ""\nauthors = []\n'
        'packages = [{include = "site"}]\n\n'
        '[tool.poetry.dependencies]\npython = ">=3.10,<4"\npyramid = "~2.0.0"\nwaitress = ">=1.4.4"\n'
        'psycopg2 = ">=2.8"\nsqlalchemy = "^2.0"\nsite-messages = {path = "../messages", develop = true}\n\n'
        '[tool.poetry.scripts]\nsite-push = "site.push:push"\n\n'
        '[build-system]\nrequires = ["poetry-core>=1.0.0"]\nbuild-backend = "poetry.core.masonry.api"\n'
    ),
    "server/poetry.lock": '[[package]]\nname = "pyramid"\nversion = "2.0.2"\n',
    "server/site/__init__.py": (
        "import importlib.metadata\n\nfrom pyramid.config import Configurator\n\n"
        "METADATA = importlib.metadata.metadata('site-server')\n\n\ndef main(global_config, **settings):\n"
        "    with Configurator(settings=settings) as config:\n        return config.make_wsgi_app()\n"
    ),
    "server/site/push.py": "import click\n\n\n@click.command()\ndef push():\n    pass\n",
    "server/production.ini": (
        "[app:main]\nuse = egg:site-server\n\n[server:main]\nuse = egg:waitress#main\n"
        "host = 0.0.0.0\nport = 6543\n\n[loggers]\nkeys = root\n"
    ),
    "messages/pyproject.toml": '[tool.poetry]\nname = "site-messages"\nversion = "8.0.0"\n',
    "messages/site_messages/__init__.py": "",
}


def test_a_poetry_path_dependency_beside_the_app_is_copied_where_poetry_finds_it(tmp_path: Path) -> None:
    """bodhi: `bodhi-messages = {path = "../bodhi-messages", develop = true}`. Built from
    bodhi-server/ alone, Poetry's install stops on a folder the context lacks; the editable
    install then points at /bodhi-messages, which the final image keeps too."""
    folder = write_tree(tmp_path / "repo", _BODHI)
    app = inspect_project(folder).app("server")
    assert app is not None and app.local_packages == ("../messages",)
    advice = advise({"host_os": "linux", "app_dir": "server"}, folder=folder)
    dockerfile = advice.files()["Dockerfile"]
    assert dockerfile.index("COPY messages /messages") < dockerfile.index("poetry install")
    assert "source=server/pyproject.toml,target=pyproject.toml" in dockerfile
    assert "COPY server/ ." in dockerfile
    assert dockerfile.index("COPY --from=build /messages /messages") > dockerfile.index("AS final")
    assert yaml.safe_load(advice.files()["compose.yaml"])["services"]["app"]["build"]["context"] == "."
    assert_hadolint_clean(dockerfile, folder)


def test_a_pyramid_app_starts_with_pserve_and_its_ini_files_port(tmp_path: Path) -> None:
    """Pyramid's documented start is `pserve production.ini`, on the port its server section
    names; a console script of the project (bodhi-push, a tool) is no server."""
    folder = write_tree(tmp_path / "repo", _BODHI)
    app = inspect_project(folder).app("server")
    assert app is not None and app.start is not None
    assert app.start.argv == ("pserve", "production.ini")
    assert app.port is not None and app.port.value == 6543
    advice = advise({"host_os": "linux", "app_dir": "server"}, folder=folder)
    assert advice.setup.build.start == ("pserve", "production.ini")
    # its package (Poetry's `packages = [{include = "site"}]`, not site_server/) reads the
    # project's installed metadata: Poetry installs the project itself too
    dockerfile = advice.files()["Dockerfile"]
    assert "poetry install --only main --no-interaction" in dockerfile
