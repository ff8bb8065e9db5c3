"""Layouts found by the m68 round of held-out projects, fixed in the stop that measured it
(see the issue notes): each test holds the shape of the real project that showed the gap,
written anew."""

from __future__ import annotations

from pathlib import Path

from helpers import assert_hadolint_clean, write_tree

from advisor.api import advise

# ckan's shape: a Flask app whose front-end tools are in the top package.json; its "build"
# script runs gulp, and its postinstall runs gulp too, to copy vendor libraries from
# node_modules into the app's public folder.
_CKAN = {
    "requirements.txt": "flask==3.1.0\npsycopg2==2.9.10\ngunicorn==23.0.0\n",
    "setup.py": "from setuptools import setup\nsetup(name='portal', packages=['portal'])\n",
    "portal/__init__.py": "",
    "portal/app.py": "from flask import Flask\n\napp = Flask(__name__)\n",
    "portal/public/base/css/main.css": "body {}\n",
    "package.json": (
        '{"name": "portal", "private": true, "scripts": {"build": "gulp build",'
        ' "postinstall": "gulp updateVendorLibs"}, "devDependencies": {"gulp": "^5"},'
        ' "dependencies": {"jquery": "^3"}}'
    ),
    "package-lock.json": '{"name": "portal", "lockfileVersion": 3, "requires": true, "packages": {}}',
    "gulpfile.js": (
        "const { src, dest } = require('gulp')\n"
        "exports.updateVendorLibs = () =>\n"
        "  src('node_modules/jquery/dist/*').pipe(dest('portal/public/vendor'))\n"
        "exports.build = () => src('portal/public/base/css/*').pipe(dest('portal/public/dist'))\n"
    ),
}


def test_an_assets_install_with_a_postinstall_of_the_projects_own_gets_its_files_first(
    tmp_path: Path,
) -> None:
    """ckan: `"postinstall": "gulp updateVendorLibs"` runs as `npm ci` installs, and gulp needs
    gulpfile.js, which the stage had not copied (only package.json and the lockfile were
    mounted): the build stopped. The project is copied before the install, and the vendor
    files the hook writes reach the image with the build's output."""
    folder = write_tree(tmp_path / "portal", _CKAN)
    dockerfile = advise({"host_os": "linux"}, folder=folder).files()["Dockerfile"]
    assets = dockerfile.split("AS assets", 1)[1].split(" AS build", 1)[0]
    assert "postinstall" in assets
    copy, mark, install = (
        assets.index("COPY . /app/"),
        assets.index("touch /tmp/before-build"),
        assets.index("npm ci"),
    )
    assert copy < mark < install < assets.index("npm run build") < assets.index("-newer /tmp/before-build")
    assert assets.count("COPY . /app/") == 1
    assert "COPY --from=assets /built/app/ ./" in dockerfile
    assert_hadolint_clean(dockerfile, folder)


def test_a_volume_the_projects_image_links_into_the_app_keeps_that_folder(tmp_path: Path) -> None:
    """fredy's Dockerfile: `VOLUME /db` and `ln -s /db /fredy/db` with WORKDIR /fredy. Its
    SQLite file is in the app's own db/ (config.json's sqlitepath "/db", relative to the app);
    advisor's image and run.sh kept nothing, and `--rm` lost the listings with the container.
    The linked folder is the volume, at the app's db/."""
    folder = write_tree(
        tmp_path / "fredy",
        {
            "package.json": (
                '{"name": "fredy", "main": "index.js", "scripts": {"start": "node index.js"},'
                ' "dependencies": {"better-sqlite3": "^12", "express": "^5"}}'
            ),
            "package-lock.json": '{"name": "fredy", "lockfileVersion": 3, "requires": true, "packages": {}}',
            "index.js": "require('./lib/storage')\nrequire('express')().listen(9998)\n",
            "lib/storage.js": (
                "const Database = require('better-sqlite3')\nconst cfg = require('../conf/config.json')\n"
                "const file = require('path').join(__dirname, '..', cfg.sqlitepath, 'listings.db')\n"
                "module.exports = new Database(file)\n"
            ),
            "conf/config.json": '{"sqlitepath": "/db"}',
            "db/.gitkeep": "",
            "Dockerfile": (
                "FROM node:22-slim\nRUN mkdir -p /db /conf /fredy\nWORKDIR /fredy\nCOPY . .\n"
                "RUN npm ci\nRUN ln -s /db /fredy/db \\\n  && ln -s /conf /fredy/conf\n"
                'EXPOSE 9998\nVOLUME /db\nVOLUME /conf\nCMD ["node", "index.js"]\n'
            ),
        },
    )
    files = advise({"host_os": "linux"}, folder=folder).files()
    run = files["run.sh"]
    assert ':/app/db"' in run and ':/app/conf"' in run
