"""Static files from npm packages: Django's collectstatic reading node_modules, and a Python
app's own asset build (package.json's build script)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from helpers import assert_hadolint_clean

from advisor.api import advise
from advisor.inspect import inspect_project
from advisor.render.dockerfile import render_dockerfile
from advisor.render.report import render_report

FIXTURES = Path(__file__).parent / "fixtures"

NPM_SETTINGS = """
STATICFILES_FINDERS = [
    "npm.finders.NpmFinder",
    "django.contrib.staticfiles.finders.FileSystemFinder",
]
NPM_ROOT_PATH = "../"
"""


def _django_one_folder_down(tmp_path: Path, settings: str) -> Path:
    """requirements and package.json at the top, the Django project in site/ (shynet's layout)."""
    shutil.copytree(FIXTURES / "django-gunicorn", tmp_path / "repo" / "site")
    top = tmp_path / "repo"
    (top / "site" / "requirements.txt").rename(top / "requirements.txt")
    shutil.move(str(top / "site" / "requirements"), str(top / "requirements"))
    base = top / "site" / "config" / "settings" / "base.py"
    base.write_text(base.read_text() + settings)
    return top


def test_npm_packages_django_npm_reads_are_installed_before_collectstatic(tmp_path: Path) -> None:
    """NpmFinder with NPM_ROOT_PATH="../" from the Django folder (shynet): the top
    package.json's dependencies are installed with npm ci --omit=dev in a Node stage, and its
    node_modules is in /app before collectstatic runs in /app/site."""
    top = _django_one_folder_down(tmp_path, NPM_SETTINGS)
    (top / "package.json").write_text(json.dumps({"name": "site", "dependencies": {"a17t": "^0.5.1"}}))
    (top / "package-lock.json").write_text(json.dumps({"name": "site", "lockfileVersion": 3, "packages": {}}))
    found = inspect_project(top).primary
    assert found is not None and found.static_packages is not None
    assert (found.static_packages.folder, found.static_packages.detail) == (".", "NpmFinder")
    assert found.static_packages.source == "site/config/settings/base.py"

    text = render_dockerfile(advise({"host_os": "linux", "database": "postgres"}, folder=top).setup)
    stage = text[text.index("FROM node:24-slim AS assets") : text.index("FROM python")]
    assert "--mount=type=bind,source=package-lock.json,target=/app/package-lock.json" in stage
    assert "npm ci --omit=dev" in stage and "site/config/settings/base.py reads" in text
    copy = text.index("COPY --from=assets /app/node_modules /app/node_modules")
    assert text.index("COPY . .") < copy < text.index("python manage.py collectstatic --noinput")


def test_a_staticfiles_dirs_node_modules_entry_with_pnpm_gets_a_flat_install(tmp_path: Path) -> None:
    """STATICFILES_DIRS names BASE_DIR / "node_modules" and the project installs with pnpm
    (lockfile v9): pnpm 9 through Corepack, production dependencies only, hoisted so that
    node_modules holds the packages themselves rather than links into pnpm's store."""
    shutil.copytree(FIXTURES / "django-gunicorn", tmp_path / "blog")
    folder = tmp_path / "blog"
    base = folder / "config" / "settings" / "base.py"
    base.write_text(base.read_text() + '\nSTATICFILES_DIRS = [\n    BASE_DIR / "node_modules",\n]\n')
    package = {"dependencies": {"htmx.org": "2.0.4"}, "engines": {"node": "22"}}
    (folder / "package.json").write_text(json.dumps(package))
    (folder / "pnpm-lock.yaml").write_text("lockfileVersion: '9.0'\n")
    text = render_dockerfile(advise({"host_os": "linux", "database": "postgres"}, folder=folder).setup)
    stage = text[text.index("AS assets") : text.index("FROM python")]
    assert text.count("FROM node:22-slim AS assets") == 1  # engines.node
    assert "corepack install --global pnpm@9" in stage
    assert "pnpm install --frozen-lockfile --prod --config.node-linker=hoisted" in stage
    assert "COPY --from=assets /app/node_modules /app/node_modules" in text


def test_no_npm_stage_without_settings_that_read_node_modules(tmp_path: Path) -> None:
    """A package.json beside a Django project whose settings never read node_modules (its
    assets are built and committed some other way): no Node stage; and none when the
    settings do read them but no package.json lists dependencies."""
    shutil.copytree(FIXTURES / "django-gunicorn", tmp_path / "blog")
    folder = tmp_path / "blog"
    (folder / "package.json").write_text(json.dumps({"dependencies": {"bootstrap": "5.3.3"}}))
    text = render_dockerfile(advise({"host_os": "linux", "database": "postgres"}, folder=folder).setup)
    assert "AS assets" not in text and "collectstatic --noinput" in text

    top = _django_one_folder_down(tmp_path / "other", NPM_SETTINGS)
    (top / "package.json").write_text(json.dumps({"devDependencies": {"prettier": "3"}}))
    assert inspect_project(top).primary.static_packages is None  # type: ignore[union-attr]
    assert "AS assets" not in render_dockerfile(advise({"host_os": "linux"}, folder=top).setup)


PARCEL_PACKAGE = {
    "private": True,
    "dependencies": {"htmx.org": "^2.0.4"},
    "devDependencies": {"parcel": "^2.16.1", "sass": "^1.94.0"},
    "scripts": {"build": "parcel build site/static/css/styles.scss --dist-dir site/static/dist/"},
}


def test_a_flask_apps_asset_build_runs_in_a_node_stage_and_its_output_is_copied(tmp_path: Path) -> None:
    """A Flask app whose package.json builds its CSS with Parcel (jazzband's website): the
    build output is not in the repository, so a Node stage installs the development
    dependencies (where the build tools are), runs the project's build on a copy of the
    project and keeps what it wrote; the final image takes those files, not node_modules.
    The report says so, in English and in Korean, and hadolint accepts the Dockerfile."""
    folder = tmp_path / "site"
    shutil.copytree(FIXTURES / "flask-dotenv-sqlite", folder)
    (folder / "package.json").write_text(json.dumps(PARCEL_PACKAGE))
    (folder / "package-lock.json").write_text(json.dumps({"lockfileVersion": 3, "packages": {}}))
    found = inspect_project(folder).primary
    assert found is not None and found.static_packages is not None
    assert (found.static_packages.build, found.static_packages.source) == ("build", "package.json")

    advice = advise({"host_os": "linux", "database": "postgres"}, folder=folder)
    text = render_dockerfile(advice.setup)
    stage = text[text.index("FROM node:24-slim AS assets") : text.index("FROM python")]
    assert "    npm ci\n" in stage and "--omit=dev" not in stage
    assert stage.index("COPY . /app/") < stage.index("&& npm run build")
    assert "-newer /tmp/before-build -exec cp --parents -t /built {} +" in stage
    final = text[text.index("FROM python") :]
    assert final.index("COPY . .") < final.index("COPY --from=assets /built/app/ ./") < final.index("USER")
    assert "node_modules /app/node_modules" not in final
    assert_hadolint_clean(text, folder)

    report = render_report(advice.setup, "en")
    assert "`package.json`'s scripts (`build`)" in report and "`npm run build`" in report
    assert "`package.json` 파일의 스크립트가 만들고(스크립트: `build`)" in render_report(advice.setup, "ko")


def test_a_build_script_without_an_asset_tool_or_in_a_workspace_root_is_not_run(tmp_path: Path) -> None:
    """A build script that compiles TypeScript alone (no bundler, no CSS tool) or a
    workspace root's build is not the app's asset build: no Node stage."""
    folder = tmp_path / "site"
    shutil.copytree(FIXTURES / "flask-dotenv-sqlite", folder)
    (folder / "package.json").write_text(
        json.dumps({"devDependencies": {"typescript": "^5.6.0"}, "scripts": {"build": "tsc"}})
    )
    assert "AS assets" not in render_dockerfile(advise({"host_os": "linux"}, folder=folder).setup)
    (folder / "package.json").write_text(json.dumps({**PARCEL_PACKAGE, "workspaces": ["web"]}))
    assert "AS assets" not in render_dockerfile(advise({"host_os": "linux"}, folder=folder).setup)


def test_django_node_modules_reads_and_an_asset_build_share_one_stage(tmp_path: Path) -> None:
    """NpmFinder reads node_modules and the same package.json builds the assets: one stage
    installs everything, builds, and the final image gets both node_modules (before
    collectstatic) and the built files."""
    top = _django_one_folder_down(tmp_path, NPM_SETTINGS)
    (top / "package.json").write_text(json.dumps(PARCEL_PACKAGE))
    text = render_dockerfile(advise({"host_os": "linux", "database": "postgres"}, folder=top).setup)
    stage = text[text.index("AS assets") : text.index("FROM python")]
    assert "npm install\n" in stage and "npm run build" in stage  # no lockfile: npm install
    collect = text.index("python manage.py collectstatic --noinput")
    assert text.index("COPY --from=assets /built/app/ ./") < collect
    assert text.index("COPY --from=assets /app/node_modules /app/node_modules") < collect


def test_a_front_end_folder_the_settings_name_by_parts_is_built(tmp_path: Path) -> None:
    """WYGIWYH: STATICFILES_DIRS names ROOT_DIR / "frontend" / "build", which frontend/'s Vite
    build writes: without it, django-vite found no manifest and every page was a 500."""
    top = _django_one_folder_down(tmp_path, '\nSTATICFILES_DIRS = [BASE_DIR / "frontend" / "build"]\n')
    (top / "frontend").mkdir()
    package = {"name": "front", "scripts": {"build": "vite build"}, "devDependencies": {"vite": "^7"}}
    (top / "frontend" / "package.json").write_text(json.dumps(package))
    (top / "frontend" / "package-lock.json").write_text(json.dumps({"lockfileVersion": 3, "packages": {}}))
    found = inspect_project(top).primary
    assert found is not None and found.static_packages is not None
    assert (found.static_packages.folder, found.static_packages.build) == ("frontend", "build")
    text = render_dockerfile(advise({"host_os": "linux", "database": "postgres"}, folder=top).setup)
    assert "WORKDIR /app/frontend" in text and "COPY --from=assets /built/app/ ./" in text
    # os.path.join's parts count too; a folder named only for something else does not
    base = top / "site" / "config" / "settings" / "base.py"
    base.write_text(
        base.read_text().replace('BASE_DIR / "frontend" / "build"', 'join(BASE_DIR, "frontend", "dist")')
    )
    assert inspect_project(top).primary.static_packages is not None
    base.write_text(base.read_text().replace('"frontend", "dist"', '"frontend", "src"'))
    assert inspect_project(top).primary.static_packages is None
