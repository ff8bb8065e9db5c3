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
