"""The project inspector: facts (and the files they come from) for each fixture project,
and the edges of a bounded read (broken files, huge files, links, ignored folders)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from helpers import write_tree

from advisor.api import advise
from advisor.inspect import AppFacts, ProjectFacts, classify, inspect_project, suggested_answers
from advisor.inspect.versions import choose

FIXTURES = Path(__file__).parent / "fixtures"


def inspect(name: str) -> ProjectFacts:
    return inspect_project(FIXTURES / name)


def primary(name: str) -> AppFacts:
    app = inspect(name).primary
    assert app is not None
    return app


def env(app: AppFacts) -> dict[str, tuple[str, str]]:
    return {e.name: (e.role, e.source) for e in app.env_vars}


# -- suggested answers per fixture: value and source file -------------------------------
EXPECTED_ANSWERS: dict[str, dict[str, tuple[Any, str]]] = {
    "django-celery": {
        "project_name": ("django-celery", ""),
        "language": ("python", "requirements.txt"),
        "framework": ("django", "requirements.txt"),
        "package_manager": ("pip", "requirements.txt"),
        "start_command": (
            ["gunicorn", "shop.wsgi:application", "--bind", "0.0.0.0:8000"],
            "shop/settings.py",
        ),
        "database": ("postgres", "requirements.txt"),
        "cache": ("redis", "requirements.txt"),
        "app_kind": ("server", "requirements.txt"),
    },
    "django-gunicorn": {
        "project_name": ("django-gunicorn", ""),
        "language": ("python", "requirements.txt"),
        "framework": ("django", "requirements/base.txt"),
        "package_manager": ("pip", "requirements.txt"),
        "runtime_version": ("3.12.8", "runtime.txt"),
        "start_command": (
            ["gunicorn", "config.wsgi:application", "--bind", "0.0.0.0:8000"],
            "config/settings/base.py",
        ),
        "database": ("postgres", "requirements/base.txt"),
        "cache": ("redis", "requirements/base.txt"),
        "app_dir": (".", "requirements.txt"),
        "app_kind": ("server", "requirements.txt"),
    },
    "fastapi-uv": {
        "project_name": ("todo-api", "pyproject.toml"),
        "language": ("python", "pyproject.toml"),
        "framework": ("fastapi", "pyproject.toml"),
        "package_manager": ("uv", "uv.lock"),
        "runtime_version": ("3.13", ".python-version"),
        "start_command": (["uvicorn", "app.main:app", "--host", "0.0.0.0", "--port", "8000"], "app/main.py"),
        "app_port": (8000, "Dockerfile"),
        "database": ("postgres", "pyproject.toml"),
    },
    "flask-poetry": {
        "project_name": ("flask-shop", "pyproject.toml"),
        "framework": ("flask", "pyproject.toml"),
        "package_manager": ("poetry", "poetry.lock"),
        "runtime_version": ("3.14", "pyproject.toml"),
        "start_command": (["gunicorn", "shop:create_app()", "--bind", "0.0.0.0:8000"], "shop/__init__.py"),
        "database": ("mysql", "pyproject.toml"),
    },
    "express-yarn": {
        "project_name": ("notes-api", "package.json"),
        "language": ("node", "package.json"),
        "framework": ("express", "package.json"),
        "package_manager": ("yarn", "yarn.lock"),
        "runtime_version": ("22", "package.json"),
        "start_command": (["node", "src/index.js"], "package.json"),
        "app_port": (8080, "src/index.js"),
        "database": ("postgres", "package.json"),
        "cache": ("redis", "package.json"),
    },
    "ts-api-pnpm": {
        "project_name": ("catalog-service", "package.json"),
        "framework": ("fastify", "package.json"),
        "package_manager": ("pnpm", "package.json"),
        "runtime_version": ("22", ".nvmrc"),
        "start_command": (["node", "dist/server.js"], "package.json"),
        "app_port": (4000, "src/server.ts"),
        "database": ("mongodb", "package.json"),
    },
    "nextjs": {
        "project_name": ("storefront", "package.json"),
        "framework": ("nextjs", "package.json"),
        "package_manager": ("npm", "package-lock.json"),
        "runtime_version": ("24.11.1", ".node-version"),
        "start_command": (["next", "start"], "package.json"),
        "database": ("postgres", "prisma/schema.prisma"),
        "app_kind": ("server", "package.json"),
    },
    "express-prisma": {
        "project_name": ("bookings-api", "package.json"),
        "framework": ("express", "package.json"),
        "package_manager": ("npm", "package-lock.json"),
        "start_command": (["node", "src/server.js"], "package.json"),
        "app_port": (3000, "src/server.js"),
        "database": ("postgres", "db/schema.prisma"),
    },
    "express-mysql-legacy": {
        "project_name": ("guestbook", "package.json"),
        "framework": ("express", "package.json"),
        "start_command": (["node", "src/app.js"], "package.json"),
        "app_port": (5000, "src/app.js"),
        "database": ("mysql", "package.json"),
    },
    "flask-dotenv-sqlite": {
        "framework": ("flask", "requirements.txt"),
        "package_manager": ("pip", "requirements.txt"),
        "start_command": (["gunicorn", "shop:app", "--bind", "0.0.0.0:8000"], "Procfile"),
    },
    "vite-spa": {
        "project_name": ("dashboard", "package.json"),
        "language": ("node", "package.json"),
        "framework": ("vite", "package.json"),
        "package_manager": ("yarn", "package.json"),
        "app_kind": ("spa", "package.json"),
    },
    "spring-maven-mvnw": {
        "project_name": ("order-service", "pom.xml"),
        "language": ("java", "pom.xml"),
        "framework": ("spring-boot", "pom.xml"),
        "package_manager": ("maven", "pom.xml"),
        "runtime_version": ("21", "pom.xml"),
        "start_command": (["java", "-jar", "target/order-service-0.0.1-SNAPSHOT.jar"], "pom.xml"),
        "app_port": (8081, "src/main/resources/application.properties"),
        "database": ("postgres", "pom.xml"),
        "cache": ("redis", "pom.xml"),
    },
    "spring-gradle-kts": {
        "project_name": ("inventory-service", "settings.gradle.kts"),
        "language": ("java", "build.gradle.kts"),
        "framework": ("spring-boot", "build.gradle.kts"),
        "package_manager": ("gradle", "build.gradle.kts"),
        "runtime_version": ("17", "build.gradle.kts"),
        "start_command": (["java", "-jar", "build/libs/inventory-service-1.0.0.jar"], "build.gradle.kts"),
        "app_port": (9090, "src/main/resources/application.yml"),
        "database": ("mysql", "build.gradle.kts"),
    },
    "go-cmd-server": {
        "project_name": ("orders-api", "go.mod"),
        "language": ("go", "go.mod"),
        "framework": ("chi", "go.mod"),
        "package_manager": ("go", "go.mod"),
        "runtime_version": ("1.25", "go.mod"),
        "start_command": (["server"], "cmd/server/main.go"),
        "app_port": (8080, "internal/config/config.go"),
        "database": ("postgres", "go.mod"),
        "cache": ("redis", "go.mod"),
    },
    "static-site": {
        "project_name": ("static-site", ""),
        "language": ("static", "index.html"),
        "app_kind": ("static", "index.html"),
    },
    "monorepo": {
        "project_name": ("monorepo", ""),
        "language": ("python", "backend/requirements.txt"),
        "app_dir": ("backend", "backend/requirements.txt"),
        "framework": ("fastapi", "backend/requirements.txt"),
        "runtime_version": ("3.11", "backend/.python-version"),
        "start_command": (
            ["uvicorn", "api.main:app", "--host", "0.0.0.0", "--port", "8000"],
            "backend/api/main.py",
        ),
        "database": ("postgres", "backend/requirements.txt"),
    },
    "uv-workspace": {
        "project_name": ("shop-api", "api/pyproject.toml"),
        "language": ("python", "api/pyproject.toml"),
        "app_dir": ("api", "api/pyproject.toml"),
        "app_kind": ("server", "api/pyproject.toml"),
        "app_port": (8080, "api/src/shop_api/server.py"),
        "runtime_version": ("3.14", "api/pyproject.toml"),
        "package_manager": ("uv", "uv.lock"),
        "start_command": (["shop-api"], "api/pyproject.toml"),
    },
}


@pytest.mark.parametrize("name", sorted(EXPECTED_ANSWERS))
def test_suggested_answers(name: str) -> None:
    answers = suggested_answers(inspect(name))
    for key, expected in EXPECTED_ANSWERS[name].items():
        assert answers.get(key) == expected, key


def test_every_fixture_has_expectations() -> None:
    assert {p.name for p in FIXTURES.iterdir() if p.is_dir()} == set(EXPECTED_ANSWERS)


@pytest.mark.parametrize("name", ["vite-spa", "static-site", "nextjs", "flask-poetry", "django-gunicorn"])
def test_no_port_is_invented(name: str) -> None:
    assert "app_port" not in suggested_answers(inspect(name))


def test_spa_has_no_start_cache_or_database() -> None:
    answers = suggested_answers(inspect("vite-spa"))
    assert {"start_command", "database", "cache", "runtime_version"}.isdisjoint(answers)


# -- Python -------------------------------------------------------------------------------
def test_requirements_includes_are_followed() -> None:
    app = primary("django-gunicorn")
    pm = app.package_manager
    assert pm is not None
    assert pm.install == ("pip", "install", "--no-cache-dir", "-r", "requirements.txt")
    assert pm.manifests == (
        "requirements.txt",
        "requirements/production.txt",
        "requirements/base.txt",
        "requirements/constraints.txt",
    )
    names = {d.name: d.source for d in app.dependencies}
    assert names["gunicorn"] == "requirements/production.txt"
    assert names["django"] == "requirements/base.txt"
    assert "urllib3" not in names  # a constraint is not a dependency
    assert "django-debug-toolbar" not in names  # local.txt is not included


def test_django_env_media_and_orm() -> None:
    app = primary("django-gunicorn")
    found = env(app)
    assert found["DJANGO_SECRET_KEY"] == ("secret_key", "config/settings/base.py")
    assert found["DATABASE_URL"] == ("database_url", "config/settings/base.py")
    assert found["REDIS_URL"] == ("redis_url", "config/settings/base.py")
    assert found["AWS_STORAGE_BUCKET_NAME"][0] == "storage"
    assert "TEST_ONLY_VARIABLE" not in found  # tests are not app code
    paths = {(w.path, w.kind) for w in app.writable_paths}
    assert ("media", "media") in paths
    assert [o.value for o in app.orm] == ["django-orm"]
    assert app.db_driver is not None and app.db_driver.value == "psycopg"
    assert app.db_url_scheme is None  # Django does not take SQLAlchemy URLs


def test_fastapi_settings_fields_with_prefix_and_allowed_values() -> None:
    app = primary("fastapi-uv")
    by_name = {e.name: e for e in app.env_vars}
    assert by_name["TODO_DATABASE_URL"].role == "database_url"
    assert by_name["TODO_SECRET_KEY"].role == "secret_key"
    assert by_name["TODO_APP_ENV"].allowed == ("prod", "dev", "test")
    assert by_name["TODO_APP_ENV"].role == "app_env"
    assert by_name["TODO_LOG_LEVEL"].allowed == ("debug", "info", "warning")
    assert "SENTRY_DSN" in by_name  # validation_alias
    assert app.db_url_scheme is not None and app.db_url_scheme.value == "postgresql+asyncpg"
    assert app.package_manager is not None
    assert app.package_manager.install == ("uv", "sync", "--frozen", "--no-dev")


def test_flask_mysql_names_and_driver_suffix() -> None:
    app = primary("flask-poetry")
    roles = {name: role for name, (role, _) in env(app).items()}
    assert roles["MYSQL_HOST"] == "database_host"
    assert roles["MYSQL_DB"] == "database_name"
    assert roles["MYSQL_PASSWORD"] == "database_password"
    assert app.db_url_scheme is not None and app.db_url_scheme.value == "mysql+pymysql"
    assert app.runtime is not None and app.runtime.constraint == "^3.11"
    assert ("shop/static/uploads", "uploads") in {(w.path, w.kind) for w in app.writable_paths}


# -- Node ---------------------------------------------------------------------------------
def test_yarn_classic_and_node_modules_ignored() -> None:
    facts = inspect("express-yarn")
    app = facts.primary
    assert app is not None and app.package_manager is not None
    assert app.package_manager.flavour == "classic"
    assert app.package_manager.install == ("yarn", "install", "--frozen-lockfile")
    found = env(app)
    assert found["POSTGRES_URL"] == ("database_url", "src/db.js")
    assert found["REDIS_URL"] == ("redis_url", "src/db.js")
    assert found["SESSION_SECRET"] == ("secret_key", "src/db.js")  # destructured from process.env
    assert "EXPRESS_INTERNAL_SETTING" not in found  # node_modules is never read
    assert "TEST_DATABASE" not in found
    assert ("uploads", "uploads") in {(w.path, w.kind) for w in app.writable_paths}


def test_yarn_berry_from_package_manager_field() -> None:
    app = primary("vite-spa")
    pm = app.package_manager
    assert pm is not None
    assert (pm.flavour, pm.version, pm.install) == ("berry", "4.5.3", ("yarn", "install", "--immutable"))
    assert ".yarnrc.yml" in pm.manifests
    assert app.build is not None and app.build.argv == ("yarn", "run", "build")
    assert app.output_dir is not None and app.output_dir.value == "dist"
    assert app.start is None


def test_pnpm_typescript_build_then_node() -> None:
    app = primary("ts-api-pnpm")
    assert app.build is not None and app.build.argv == ("pnpm", "run", "build")
    assert app.package_manager is not None and app.package_manager.version == "9.15.0"
    assert app.package_manager.lockfile == "pnpm-lock.yaml"
    assert env(app)["MONGODB_URL"] == ("database_url", "src/config.ts")


def test_nextjs_start_binary_and_prisma_url_name() -> None:
    app = primary("nextjs")
    assert app.start is not None and app.start.bin_dir == "node_modules/.bin"
    assert env(app)["POSTGRES_PRISMA_URL"] == ("database_url", "prisma/schema.prisma")
    assert app.package_manager is not None and app.package_manager.install == ("npm", "ci")


# -- Java and Go ----------------------------------------------------------------------------
def test_prisma_schema_named_in_package_json_and_its_migrations_are_the_release_step() -> None:
    app = primary("express-prisma")
    assert app.release is not None
    assert (app.release.argv, app.release.source) == (("prisma", "migrate", "deploy"), "db/migrations")
    assert [(d.kind, d.source) for d in app.databases] == [("postgres", "db/schema.prisma")]
    assert env(app)["DATABASE_URL"] == ("database_url", "db/schema.prisma")
    sections = {o.value: o.detail for o in app.orm}
    assert sections == {"@prisma/client": "dependencies", "prisma": "devDependencies"}
    # No migrations folder: `prisma db push` makes the tables, as such projects do by hand;
    # before Prisma 7 without its `prisma generate` (node_modules is not the app user's).
    pushed = primary("nextjs").release
    assert pushed is not None
    assert (pushed.argv, pushed.source) == (
        ("prisma", "db", "push", "--skip-generate"),
        "prisma/schema.prisma",
    )


def test_maven_wrapper_build_and_spring_placeholders() -> None:
    app = primary("spring-maven-mvnw")
    assert app.package_manager is not None and app.package_manager.wrapper == "mvnw"
    assert app.build is not None and app.build.argv[0] == "./mvnw"
    found = env(app)
    assert found["DB_URL"][0] == "database_url"
    assert found["DB_PASSWORD"][0] == "database_password"
    assert "database.log.level" not in found  # a property reference, not a variable
    assert [p.value for p in app.ports] == [8081]  # a profile file's port is not the default


def test_gradle_kotlin_dsl() -> None:
    app = primary("spring-gradle-kts")
    assert app.package_manager is not None and app.package_manager.wrapper == "gradlew"
    assert app.build is not None and app.build.argv[:2] == ("./gradlew", "bootJar")
    assert env(app)["SPRING_PROFILES_ACTIVE"][0] == "app_env"
    assert app.runtime is not None and app.runtime.detail == "toolchain languageVersion"


def test_go_main_package_in_cmd() -> None:
    app = primary("go-cmd-server")
    assert app.build is not None and app.build.argv == ("go", "build", "-o", "bin/server", "./cmd/server")
    assert app.start is not None and app.start.bin_dir == "bin"
    found = env(app)
    assert found["DATABASE_URL"][0] == "database_url"
    assert found["REDIS_ADDR"][0] == "redis_host"


# -- monorepo, Docker files -----------------------------------------------------------------
def test_monorepo_apps() -> None:
    facts = inspect("monorepo")
    assert [a.path for a in facts.apps] == ["backend", "frontend"]
    front = facts.app("frontend")
    assert front is not None
    assert (front.kind, front.framework.value if front.framework else None) == ("spa", "vite")
    assert front.output_dir is not None and front.output_dir.value == "public_html"
    assert front.output_dir.source == "frontend/vite.config.js"
    assert front.package_manager is not None and front.package_manager.lockfile == "frontend/pnpm-lock.yaml"
    back = facts.app("backend")
    assert back is not None and back.db_url_scheme is not None
    assert back.db_url_scheme.value == "postgresql+psycopg2"
    assert {e.name for e in back.env_vars} >= {
        "POSTGRES_USER",
        "POSTGRES_PASSWORD",
        "POSTGRES_HOST",
        "POSTGRES_DB",
    }
    kinds = {d.source: d.value for d in facts.docker_files}
    assert kinds == {".env.example": "env-example", "docker-compose.yml": "compose", "backend/.env": "env"}


def test_existing_dockerfile_reported() -> None:
    facts = inspect("fastapi-uv")
    assert [(d.value, d.source) for d in facts.docker_files] == [("dockerfile", "Dockerfile")]


# -- edges ----------------------------------------------------------------------------------
def test_empty_folder(tmp_path: Path) -> None:
    folder = tmp_path / "My Project"
    folder.mkdir()
    facts = inspect_project(folder)
    assert facts.apps == () and facts.docker_files == ()
    assert suggested_answers(facts) == {"project_name": ("my-project", "")}


def test_missing_folder(tmp_path: Path) -> None:
    facts = inspect_project(tmp_path / "nope")
    assert facts.apps == () and facts.files_seen == 0


def test_broken_json_and_toml_give_no_facts(tmp_path: Path) -> None:
    (tmp_path / "package.json").write_text('{"name": "x", "scripts": {"start": ')
    (tmp_path / "pyproject.toml").write_text('[project\nname = "y"')
    facts = inspect_project(tmp_path)
    answers = suggested_answers(facts)
    assert answers["project_name"][1] == ""  # neither file gave a name
    assert answers["language"][0] in ("python", "node")
    for key in ("start_command", "framework", "runtime_version", "database", "package_manager"):
        assert key not in answers or (key == "package_manager" and answers[key][0] == "npm")


def test_broken_pom_and_bad_utf8(tmp_path: Path) -> None:
    (tmp_path / "pom.xml").write_bytes(b"<project><artifactId>\xff\xfe</artifactId><dependencies>")
    facts = inspect_project(tmp_path)
    assert facts.primary is not None and facts.primary.language.value == "java"
    assert facts.primary.runtime is None and facts.primary.databases == ()


def test_entity_expansion_is_not_parsed(tmp_path: Path) -> None:
    bomb = (
        '<?xml version="1.0"?><!DOCTYPE l [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;">]>'
        "<project><artifactId>&b;</artifactId></project>"
    )
    (tmp_path / "pom.xml").write_text(bomb)
    facts = inspect_project(tmp_path)
    assert facts.primary is not None and facts.primary.name is None


def test_huge_file_skipped(tmp_path: Path) -> None:
    deps = {f"pkg{i}": "1.0.0" for i in range(20000)}
    deps["pg"] = "8.0.0"
    (tmp_path / "package.json").write_text(json.dumps({"name": "big", "dependencies": deps}))
    facts = inspect_project(tmp_path)
    assert ("too-large", "package.json") in {(s.value, s.source) for s in facts.skipped}
    assert facts.primary is not None and facts.primary.databases == ()


def test_symlink_outside_is_not_read(tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secrets.py").write_text('import os\nX = os.environ["OUTSIDE_SECRET"]\n')
    (outside / "package.json").write_text('{"name": "outside", "dependencies": {"mongoose": "8"}}')
    project = tmp_path / "project"
    project.mkdir()
    (project / "requirements.txt").write_text("flask\n")
    (project / "app.py").write_text("from flask import Flask\napp = Flask(__name__)\n")
    os.symlink(outside / "secrets.py", project / "secrets.py")
    os.symlink(outside, project / "linked")
    facts = inspect_project(project)
    assert [a.path for a in facts.apps] == ["."]
    app = facts.primary
    assert app is not None
    assert "OUTSIDE_SECRET" not in {e.name for e in app.env_vars}
    assert ("symlink-outside", "secrets.py") in {(s.value, s.source) for s in facts.skipped}
    assert app.start is not None and app.start.argv[:3] == ("flask", "--app", "app:app")


def test_virtualenv_under_any_name_is_skipped(tmp_path: Path) -> None:
    (tmp_path / "requirements.txt").write_text("fastapi\nuvicorn\n")
    (tmp_path / "main.py").write_text("from fastapi import FastAPI\napp = FastAPI()\n")
    venv = tmp_path / "myenv"
    (venv / "lib").mkdir(parents=True)
    (venv / "pyvenv.cfg").write_text("home = /usr/bin\n")
    (venv / "lib" / "settings.py").write_text('import os\nos.getenv("VENV_ONLY")\n')
    (venv / "lib" / "pyproject.toml").write_text('[project]\nname = "inside-venv"\n')
    facts = inspect_project(tmp_path)
    assert [a.path for a in facts.apps] == ["."]
    assert facts.primary is not None
    assert "VENV_ONLY" not in {e.name for e in facts.primary.env_vars}
    assert facts.primary.start is not None
    assert facts.primary.start.argv == ("uvicorn", "main:app", "--host", "0.0.0.0", "--port", "8000")


def test_entry_limit_truncates(tmp_path: Path) -> None:
    for i in range(50):
        (tmp_path / f"f{i}.txt").write_text("")
    facts = inspect_project(tmp_path, max_entries=10)
    assert facts.truncated


def test_procfile_port_and_command(tmp_path: Path) -> None:
    (tmp_path / "requirements.txt").write_text("django\ngunicorn\n")
    (tmp_path / "manage.py").write_text("")
    (tmp_path / "Procfile").write_text(
        "release: python manage.py migrate\nweb: gunicorn site.wsgi --bind 0.0.0.0:${PORT:-5005}\n"
    )
    app = inspect_project(tmp_path).primary
    assert app is not None and app.start is not None
    assert app.start.argv == ("gunicorn", "site.wsgi", "--bind", "0.0.0.0:5005")
    assert (app.start.source, app.ports[0].value, app.ports[0].source) == ("Procfile", 5005, "Procfile")


def test_uv_workspace_member_uses_parent_lock(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text('[tool.uv.workspace]\nmembers = ["backend"]\n')
    (tmp_path / "uv.lock").write_text("version = 1\n")
    (tmp_path / ".python-version").write_text("3.14\n")
    backend = tmp_path / "backend"
    (backend / "app").mkdir(parents=True)
    (backend / "pyproject.toml").write_text('[project]\nname = "app"\ndependencies = ["fastapi[standard]"]\n')
    (backend / "app" / "main.py").write_text("from fastapi import FastAPI\napp = FastAPI()\n")
    facts = inspect_project(tmp_path)
    assert [a.path for a in facts.apps] == ["backend"]
    app = facts.primary
    assert app is not None and app.package_manager is not None
    assert app.package_manager.lockfile == "uv.lock"
    assert app.package_manager.install[-2:] == ("--package", "app")
    assert app.runtime is not None and (app.runtime.image_tag, app.runtime.source) == (
        "3.14",
        ".python-version",
    )


def test_import_is_light() -> None:
    code = (
        "import sys, advisor.inspect; "
        "print(sorted(m for m in ('pydantic', 'yaml', 'jinja2') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


# -- versions and roles -----------------------------------------------------------------------
@pytest.mark.parametrize(
    ("runtime", "constraint", "tag", "supported"),
    [
        ("python", ">=3.11,<3.13", "3.12", True),
        ("python", "^3.10", "3.14", True),
        ("python", "~=3.11.4", "3.11", True),
        ("python", "==3.12.*", "3.12", True),
        ("python", "3.12.4", "3.12.4", True),
        ("python", "3.9", "3.9", False),
        ("python", "not a version", None, False),
        ("node", ">=18 <23", "22", True),
        # Node 20 reached its end of life on 2026-04-30: its line, marked unsupported.
        ("node", "^20.10", "20", False),
        # Only end-of-life lines satisfy it: the newest of them, as for ^20.10 (with a note).
        ("node", "18 || 20", "20", False),
        ("node", "16.x || 17.x || 18.x", "18", False),
        ("python", ">=3.7,<3.10", "3.9", False),
        ("node", "lts/iron", "20", False),
        ("node", "lts/*", "26", True),
        ("node", "lts/lithium", "26", True),
        ("node", "v20.11.1", "20", False),
        ("node", "v24.11.1", "24.11.1", True),
        ("node", ">=25", "26", True),
        ("node", "14.x.x", "14", False),  # koa-rest: a line as ~10 or 14.x is, not the newest
        ("java", "11", "11", True),
        ("java", "1.8", "8", False),
        ("java", "23", "25", True),
        ("go", "1.22.3", "1.25", True),
    ],
)
def test_version_choice(runtime: str, constraint: str, tag: str | None, supported: bool) -> None:
    chosen = choose(runtime, constraint, "x")
    assert (chosen.image_tag, chosen.supported) == (tag, supported)


@pytest.mark.parametrize(
    ("name", "role"),
    [
        ("DATABASE_URL", "database_url"),
        ("MONGODB_URL", "database_url"),
        ("POSTGRES_HOST", "database_host"),
        ("MYSQL_DB", "database_name"),
        ("PGPASSWORD", "database_password"),
        ("REDIS_URL", "redis_url"),
        ("REDIS_DB_URI", "redis_url"),  # django-sspanel's: Redis's URL, not the database's
        ("PRETALX_REDIS", "redis_url"),  # pretalx: its Redis server, as a URL
        ("REDIS_LOCATION", "redis_url"),
        ("PRETALX_REDIS_SESSIONS", "other"),  # a switch
        ("DISABLE_REDIS", "other"),  # secure-nestjs-drizzle-template: 'true' or 'false'
        ("SEQUELIZE_HOST", "database_host"),  # expresso-sequelize's connection group
        ("SEQUELIZE_DATABASE", "database_name"),
        ("SEQUELIZE_CONNECTION", "database_engine"),  # its dialect, like TYPEORM_CONNECTION
        ("JWTSECRET", "secret_key"),  # express-knex-pg-boilerplate's, no underscore
        ("USE_REDIS", "other"),
        ("DB_CONNECTION", "other"),  # AdonisJS's and Laravel's connection name
        ("ALTCHA_HMAC_KEY", "secret_key"),  # vulnerablecode: a random HMAC key it signs with
        ("WEBHOOK_HMAC_SECRET", "other"),  # a provider's
        ("CELERY_BROKER_URL", "broker_url"),
        ("DJANGO_SECRET_KEY", "secret_key"),
        ("AWS_SECRET_ACCESS_KEY", "storage"),
        ("S3_BUCKET", "storage"),
        ("APP_ENV", "app_env"),
        ("DEBUG", "debug"),
        ("PORT", "port"),
        ("SENTRY_DSN", "other"),
    ],
)
def test_env_roles(name: str, role: str) -> None:
    assert classify(name) == role


def test_a_name_read_as_a_number_or_switch_is_no_address(tmp_path: Path) -> None:
    """tabbycat's settings read `bool(int(os.environ['DOCKER_REDIS']))`: a switch, though its
    name has the shape of pretalx's PRETALX_REDIS URL; a URL there stops the app at import
    ("invalid literal for int()"). The value the project's own compose file gives is kept."""
    write_tree(
        tmp_path,
        {
            "requirements.txt": "Django==5.2.1\npsycopg[binary]\nredis\ngunicorn\n",
            "manage.py": "import os\nos.environ.setdefault('DJANGO_SETTINGS_MODULE', 'app.settings')\n",
            "app/__init__.py": "",
            "app/settings.py": (
                "import os\nSECRET_KEY = os.environ.get('SECRET_KEY', 'dev')\n"
                "PRETALX_REDIS = os.environ.get('PRETALX_REDIS')\n"
                "if bool(int(os.environ['DOCKER_REDIS'])):\n    CACHES = {}\n"
                "WORKERS = env.int('CACHE_HOST')\n"
            ),
            "docker-compose.yml": "services:\n  web:\n    environment:\n      - DOCKER_REDIS=1\n",
        },
    )
    roles = {v.name: v.role for v in inspect_project(tmp_path).apps[0].env_vars}
    assert roles["DOCKER_REDIS"] == "other" and roles["CACHE_HOST"] == "other"
    assert roles["PRETALX_REDIS"] == "redis_url"


def test_fixtures_are_not_modified(tmp_path: Path) -> None:
    copy = tmp_path / "copy"
    shutil.copytree(FIXTURES / "django-gunicorn", copy)
    before = sorted((p.relative_to(copy), p.stat().st_mtime_ns) for p in copy.rglob("*"))
    inspect_project(copy)
    after = sorted((p.relative_to(copy), p.stat().st_mtime_ns) for p in copy.rglob("*"))
    assert before == after


@pytest.mark.parametrize(
    ("executor", "options", "script", "expected"),
    [
        (
            "@nx/esbuild:esbuild",
            {"outputPath": "dist/api", "main": "src/main.ts"},
            "nx serve",
            ["node", "dist/api/main.js"],
        ),
        (
            "@nx/webpack:webpack",
            {"outputPath": "dist/apps/api", "main": "apps/api/src/server.ts"},
            "nx run api:serve",
            ["node", "dist/apps/api/server.js"],
        ),
        (
            "@nx/esbuild:esbuild",
            {"outputPath": "dist/api", "main": "src/main.ts", "outputFileName": "index.cjs"},
            "nx serve api",
            ["node", "dist/api/index.cjs"],
        ),
        # tsc keeps the source layout, which project.json does not state: the script stays.
        ("@nx/js:tsc", {"outputPath": "dist/api", "main": "src/main.ts"}, "nx serve", ["nx", "serve"]),
    ],
)
def test_nx_serve_becomes_the_build_output_the_serve_target_runs(
    tmp_path: Path, executor: str, options: dict[str, str], script: str, expected: list[str]
) -> None:
    """`nx serve` is a development server; the image runs what the serve target's build
    target writes (its outputPath and the main file's name)."""
    (tmp_path / "package.json").write_text(
        json.dumps(
            {
                "name": "@api/source",
                "scripts": {"start": script, "build": "nx build"},
                "dependencies": {"express": "^4"},
            }
        )
    )
    project = {
        "name": "api",
        "targets": {
            "build": {"executor": executor, "options": options},
            "serve": {"executor": "@nx/js:node", "options": {"buildTarget": "api:build"}},
        },
    }
    (tmp_path / "project.json").write_text(json.dumps(project))
    app = inspect_project(tmp_path).apps[0]
    assert app.start is not None and list(app.start.argv) == expected
    assert app.start.source == ("project.json" if expected[0] == "node" else "package.json")


def test_runner_prefixes_and_their_script_aliases_are_resolved(tmp_path: Path) -> None:
    """The image has the virtual environment on PATH and no pipenv/poetry/uv at run time:
    `pipenv run upgrade` is the Pipfile's `upgrade` script, `poetry run gunicorn` is gunicorn."""
    (tmp_path / "Pipfile").write_text(
        '[packages]\nflask = "*"\nflask-migrate = "*"\ngunicorn = "*"\n\n'
        '[scripts]\nupgrade = "flask db upgrade"\nstart = "pipenv run gunicorn wsgi:app"\n'
    )
    (tmp_path / "Procfile").write_text(
        "release: pipenv run upgrade\nweb: pipenv run start --bind 0.0.0.0:$PORT\n"
    )
    (tmp_path / "wsgi.py").write_text("from flask import Flask\napp = Flask(__name__)\n")
    app = inspect_project(tmp_path).apps[0]
    assert app.release is not None and app.release.argv == ("flask", "db", "upgrade")
    assert app.start is not None and app.start.argv == ("gunicorn", "wsgi:app", "--bind", "0.0.0.0:8000")
    (tmp_path / "Procfile").write_text(
        "web: poetry run uvicorn main:app --port $PORT\nrelease: uv run --frozen alembic upgrade head\n"
    )
    app = inspect_project(tmp_path).apps[0]
    assert app.start is not None and app.start.argv[:2] == ("uvicorn", "main:app")
    assert app.release is not None and app.release.argv == ("alembic", "upgrade", "head")


def test_a_fastapi_app_made_by_a_factory_function_is_started_by_its_module_variable(tmp_path: Path) -> None:
    (tmp_path / "requirements.txt").write_text("fastapi\nuvicorn\n")
    (tmp_path / "app").mkdir()
    (tmp_path / "app" / "__init__.py").write_text("")
    (tmp_path / "app" / "main.py").write_text(
        "from fastapi import FastAPI\n\n\n"
        "def get_application() -> FastAPI:\n"
        "    application = FastAPI(title='x')\n"
        "    return application\n\n\n"
        "app = get_application()\n"
    )
    app = inspect_project(tmp_path).apps[0]
    assert app.start is not None and app.start.argv[:2] == ("uvicorn", "app.main:app")
    assert app.start.source == "app/main.py"


def test_drivers_for_several_databases_are_settled_by_the_documented_url(tmp_path: Path) -> None:
    (tmp_path / "Pipfile").write_text('[packages]\nflask = "*"\npsycopg2-binary = "*"\nmysqlclient = "*"\n')
    (tmp_path / "app.py").write_text("from flask import Flask\napp = Flask(__name__)\n")
    # nothing tells: PostgreSQL, from its driver (not no database at all)
    assert suggested_answers(inspect_project(tmp_path))["database"] == ("postgres", "Pipfile")
    (tmp_path / ".env.example").write_text('DATABASE_URL="mysql://user:pass@localhost:3306/db" # local\n')
    assert suggested_answers(inspect_project(tmp_path))["database"] == ("mysql", ".env.example")


def _wheel_lock(tmp_path: Path, wheels: dict[str, list[str]]) -> None:
    lines = ['version = 1\nrequires-python = ">=3.9"\n']
    for dist, tags in wheels.items():
        lines.append(f'\n[[package]]\nname = "{dist}"\nversion = "1.0"\nwheels = [\n')
        for tag in tags:
            file = f"{dist}-1.0-{tag}.whl"
            lines.append(f'    {{ url = "https://files.pythonhosted.org/packages/00/{file}" }},\n')
        lines.append("]\n")
    (tmp_path / "uv.lock").write_text("".join(lines))


def test_a_lock_whose_compiled_wheels_stop_at_an_older_python_lowers_the_image(tmp_path: Path) -> None:
    """An old lock's binary packages have wheels only up to the Python they were released for:
    the newest line that satisfies requires-python would build them from source, and fail."""
    (tmp_path / "pyproject.toml").write_text(
        '[project]\nname = "x"\nrequires-python = ">=3.9"\ndependencies = ["asyncpg"]\n'
    )
    _wheel_lock(
        tmp_path,
        {
            "asyncpg": [
                "cp39-cp39-manylinux_2_17_x86_64",
                "cp310-cp310-manylinux_2_17_x86_64",
                "cp311-cp311-win_amd64",
            ],
            "pydantic_core": ["cp312-cp312-manylinux_2_17_x86_64", "cp313-cp313-musllinux_1_1_x86_64"],
            "cryptography": ["cp37-abi3-manylinux_2_28_x86_64"],  # abi3: any newer Python
            "idna": ["py3-none-any"],
        },
    )
    runtime = inspect_project(tmp_path).apps[0].runtime
    assert runtime is not None and runtime.image_tag == "3.10"  # asyncpg's Linux wheels stop at cp310
    assert "wheels in uv.lock up to 3.10" in runtime.constraint
    report = advise({"host_os": "linux"}, folder=tmp_path).report("en")
    assert "pyproject.toml: >=3.9 (wheels in uv.lock up to 3.10)" in report
    # A .python-version is the project's own choice: left alone.
    (tmp_path / ".python-version").write_text("3.13\n")
    runtime = inspect_project(tmp_path).apps[0].runtime
    assert runtime is not None and runtime.image_tag == "3.13"


def test_the_projects_own_dockerfile_base_image_gives_the_version_when_nothing_else_does(
    tmp_path: Path,
) -> None:
    (tmp_path / "requirements.txt").write_text("flask==0.12\n")
    (tmp_path / "app.py").write_text("from flask import Flask\napp = Flask(__name__)\n")
    (tmp_path / "Dockerfile").write_text("ARG PY=3.6\nFROM python:${PY}-alpine\nCOPY . .\n")
    runtime = inspect_project(tmp_path).apps[0].runtime
    assert runtime is not None and (runtime.image_tag, runtime.source) == ("3.6", "Dockerfile")


def test_a_go_app_configured_by_viper_is_read_by_its_keys_and_its_files(tmp_path: Path) -> None:
    """viper with AutomaticEnv reads each mapstructure key from the environment; its config
    file (app.env) and the migrations folder it names (file://db/migration) are loaded at
    run time, so the image needs them beside the binary."""
    (tmp_path / "go.mod").write_text(
        "module github.com/acme/bank\n\ngo 1.22\n\nrequire (\n\tgithub.com/lib/pq v1.10.9\n"
        "\tgithub.com/redis/go-redis/v9 v9.5.1\n\tgithub.com/spf13/viper v1.18.2\n)\n"
    )
    (tmp_path / "util").mkdir()
    (tmp_path / "util" / "config.go").write_text(
        'package util\n\nimport "github.com/spf13/viper"\n\n'
        "type Config struct {\n"
        '\tDBSource string `mapstructure:"DB_SOURCE"`\n'
        '\tRedisAddress string `mapstructure:"REDIS_ADDRESS"`\n'
        '\tMigrationURL string `mapstructure:"MIGRATION_URL"`\n}\n\n'
        "func LoadConfig(path string) (config Config, err error) {\n"
        '\tviper.AddConfigPath(path)\n\tviper.SetConfigName("app")\n\tviper.SetConfigType("env")\n'
        "\tviper.AutomaticEnv()\n\terr = viper.ReadInConfig()\n\treturn\n}\n"
    )
    (tmp_path / "main.go").write_text(
        'package main\n\nimport "net/http"\n\nfunc main() {\n\thttp.ListenAndServe(":8080", nil)\n}\n'
    )
    (tmp_path / "app.env").write_text(
        "DB_SOURCE=postgresql://root:secret@localhost:5432/bank?sslmode=disable\n"
        "MIGRATION_URL=file://db/migration\nREDIS_ADDRESS=0.0.0.0:6379\n"
    )
    (tmp_path / "db" / "migration").mkdir(parents=True)
    (tmp_path / "db" / "migration" / "000001_init.up.sql").write_text("CREATE TABLE a (id int);\n")
    app = inspect_project(tmp_path).apps[0]
    roles = {v.name: v.role for v in app.env_vars}
    assert roles["DB_SOURCE"] == "database_url" and roles["REDIS_ADDRESS"] == "redis_host"
    assert [f.value for f in app.runtime_files] == ["app.env", "db/migration"]
    advice = advise({"host_os": "linux", "cache": "redis"}, folder=tmp_path)
    names = {
        v.name: "".join(p if isinstance(p, str) else "${" + p.var + "}" for p in v.parts)
        for v in advice.setup.app_env
    }
    assert names["REDIS_ADDRESS"] == "redis:6379"  # host:port, as go-redis wants
    assert names["DB_SOURCE"].startswith("postgres") and "@db:5432/" in names["DB_SOURCE"]
    # lib/pq (golang-migrate's driver) requires TLS unless told; the db container has none.
    assert names["DB_SOURCE"].endswith("?sslmode=disable")


def test_the_projects_own_dockerfile_cmd_is_the_start_when_nothing_more_specific_says(tmp_path: Path) -> None:
    (tmp_path / "requirements.txt").write_text("requests\n")
    (tmp_path / "worker").mkdir()
    (tmp_path / "worker" / "__main__.py").write_text("print('work')\n")
    (tmp_path / "Dockerfile").write_text(
        'FROM python:3.12-slim\nCOPY . .\nCMD ["python", "-m", "worker", \\\n     "--port", "9000"]\n'
    )
    app = inspect_project(tmp_path).apps[0]
    assert app.start is not None and (app.start.argv, app.start.source) == (
        ("python", "-m", "worker", "--port", "9000"),
        "Dockerfile",
    )
    # A shell line with && needs a shell: not taken.
    (tmp_path / "Dockerfile").write_text(
        "FROM python:3.12-slim\nCMD alembic upgrade head && python -m worker\n"
    )
    app = inspect_project(tmp_path).apps[0]
    assert app.start is None or app.start.source != "Dockerfile"


def test_sqlalchemy_extras_name_the_database_driver(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text(
        '[project]\nname = "x"\ndependencies = ["fastapi", "sqlalchemy[postgresql-asyncpg]>=2"]\n'
    )
    (tmp_path / "main.py").write_text("from fastapi import FastAPI\napp = FastAPI()\n")
    facts = inspect_project(tmp_path)
    assert suggested_answers(facts)["database"] == ("postgres", "pyproject.toml")
    scheme = facts.apps[0].db_url_scheme
    assert scheme is not None and scheme.value == "postgresql+asyncpg"


@pytest.mark.parametrize(
    ("script", "tool", "section", "expected"),
    [
        ("knex migrate:latest", "knex", "dependencies", ("npm", "run", "migrate")),
        ("sequelize db:migrate", "sequelize-cli", "dependencies", ("npm", "run", "migrate")),
        # a dev dependency: the image keeps the dev dependencies for it (release_tools)
        ("drizzle-kit migrate", "drizzle-kit", "devDependencies", ("npm", "run", "migrate")),
        ("node scripts/migrate.js", "knex", "dependencies", ("npm", "run", "migrate")),  # its own file
        ("node scripts/seed.js", "knex", "dependencies", None),  # not a migration
    ],
)
def test_a_node_migrate_script_is_the_release_step_and_its_tool_stays_in_the_image(
    tmp_path: Path, script: str, tool: str, section: str, expected: tuple[str, ...] | None
) -> None:
    package = {
        "name": "api",
        "scripts": {"start": "node index.js", "migrate": script},
        "dependencies": {"express": "^4"},
    }
    package.setdefault(section, {})[tool] = "^1"
    (tmp_path / "package.json").write_text(json.dumps(package))
    (tmp_path / "index.js").write_text("require('express')().listen(3000)\n")
    app = inspect_project(tmp_path).apps[0]
    assert (app.release.argv if app.release is not None else None) == expected
    assert app.release_tools == ((tool,) if expected and section == "devDependencies" else ())


def test_a_go_server_whose_port_defaults_in_an_if_is_a_server(tmp_path: Path) -> None:
    """The common `port := os.Getenv("PORT"); if port == "" { port = "8080" }` names the
    port: the app is a server (its image gets the /probe healthcheck), not a worker."""
    (tmp_path / "go.mod").write_text("module example.com/web\n\ngo 1.22\n")
    (tmp_path / "main.go").write_text(
        'package main\n\nimport (\n\t"net/http"\n\t"os"\n)\n\nfunc main() {\n'
        '\tport := os.Getenv("PORT")\n\tif port == "" {\n\t\tport = "8081"\n\t}\n'
        '\thttp.ListenAndServe("0.0.0.0:"+port, nil)\n}\n'
    )
    app = inspect_project(tmp_path).apps[0]
    assert app.kind == "server"
    assert [p.value for p in app.ports] == [8081]
    dockerfile = advise({"host_os": "linux"}, folder=tmp_path).files("en")["Dockerfile"]
    assert 'CMD ["/probe", "8081"]' in dockerfile and "HEALTHCHECK NONE" not in dockerfile


def test_reads_through_the_projects_own_env_helpers_are_found() -> None:
    from advisor.inspect.envvars import Collector, scan_python

    text = (
        "import os\n\n\ndef envbool(s, default):\n    v = os.getenv(s, default=default)\n"
        '    return v == "True"\n\n\ndef envsecret(s: str) -> str | None:\n    if v := os.getenv(s):\n'
        "        return v\n    return None\n\n\ndef unrelated(name):\n    return name.upper()\n\n\n"
        'DEBUG = envbool("DEBUG", "True")\nDB_PASSWORD = envsecret("DB_PASSWORD")\n'
        'X = unrelated("NOT_AN_ENV")\n'
    )
    found = Collector()
    scan_python(text, "settings.py", found)
    assert {v.name: v.role for v in found.result()} == {"DEBUG": "debug", "DB_PASSWORD": "database_password"}


def test_vites_own_flags_are_not_variables_the_app_reads(tmp_path: Path) -> None:
    """import.meta.env.MODE / DEV / PROD / SSR / BASE_URL are Vite's own: no variable sets
    them, so none goes to .env or to nginx."""
    from advisor.inspect.envvars import Collector, scan_js

    out = Collector()
    scan_js(
        "if (import.meta.env.DEV) log(import.meta.env.MODE, import.meta.env.BASE_URL);\n"
        "const key = import.meta.env.VITE_CLERK_KEY;\n",
        "src/main.ts",
        out,
    )
    assert [v.name for v in out.result()] == ["VITE_CLERK_KEY"]


def test_alembic_runs_as_a_module_unless_its_ini_puts_the_app_on_the_path(tmp_path: Path) -> None:
    """env.py imports the app's package (`from app.models import Base`): the `alembic` program
    finds it only with `prepend_sys_path = .` in alembic.ini (fastapi-sqlalchemy-asyncpg has
    none: "No module named 'app'"); `python -m alembic` puts the working folder on the path."""
    (tmp_path / "requirements.txt").write_text("fastapi\nuvicorn\nalembic\nsqlalchemy\nasyncpg\n")
    (tmp_path / "main.py").write_text("from fastapi import FastAPI\n\napp = FastAPI()\n")
    (tmp_path / "alembic.ini").write_text("[alembic]\nscript_location = alembic\n")
    app = inspect_project(tmp_path).apps[0]
    assert app.release is not None and app.release.argv == ("python", "-m", "alembic", "upgrade", "head")
    (tmp_path / "alembic.ini").write_text("[alembic]\nscript_location = alembic\nprepend_sys_path = .\n")
    app = inspect_project(tmp_path).apps[0]
    assert app.release is not None and app.release.argv == ("alembic", "upgrade", "head")


def test_an_alembic_chain_that_starts_from_the_apps_own_tables_is_no_release_step(tmp_path: Path) -> None:
    """feedi: the first revision (down_revision = None) adds a column to `feeds`, which the
    app's db.create_all() makes; `alembic upgrade head` on an empty database fails there."""
    (tmp_path / "requirements.txt").write_text("flask\nflask-sqlalchemy\nalembic\ngunicorn\n")
    (tmp_path / "app.py").write_text("from flask import Flask\n\napp = Flask(__name__)\n")
    (tmp_path / "alembic.ini").write_text("[alembic]\nscript_location = migrations\n")
    head = 'revision = "6dbb"\ndown_revision = None\n\ndef upgrade():\n'
    first = head + '    op.add_column("feeds", sa.Column("folder"))\n'
    second = 'revision = "7abc"\ndown_revision = "6dbb"\n\ndef upgrade():\n    op.create_table("tags")\n'
    write_tree(
        tmp_path, {"migrations/versions/6dbb_folder.py": first, "migrations/versions/7abc_tags.py": second}
    )
    assert inspect_project(tmp_path).apps[0].release is None
    # a first revision that makes the tables, or an empty one before those that do: the chain bootstraps
    for upgrade in ('    op.create_table("feeds")\n', "    pass\n"):
        (tmp_path / "migrations/versions/6dbb_folder.py").write_text(head + upgrade)
        app = inspect_project(tmp_path).apps[0]
        assert app.release is not None and app.release.argv[-2:] == ("upgrade", "head")


def test_an_app_that_runs_alembic_itself_as_it_starts_has_no_release_step(tmp_path: Path) -> None:
    """Hyperion: its FastAPI lifespan makes the tables with `create_all` and stamps the head on
    an empty database, else runs `alembic_command.upgrade(cfg, "head")`; its chain does not
    make the schema from nothing ("type documenttype does not exist"). No release step runs
    it; a command-line helper that upgrades (not where the app starts) leaves the step."""
    write_tree(
        tmp_path,
        {
            "requirements.txt": "fastapi\nuvicorn\nalembic\nsqlalchemy\nasyncpg\n",
            "alembic.ini": "[alembic]\nscript_location = migrations\nprepend_sys_path = .\n",
            "app/__init__.py": "",
            "app/main.py": "from app.app import get_application\napp = get_application()\n",
            "app/app.py": (
                "import alembic.command as alembic_command\nfrom fastapi import FastAPI\n\n\n"
                "def update_db_tables(cfg):\n    alembic_command.upgrade(cfg, 'head')\n\n\n"
                "def get_application():\n    return FastAPI(lifespan=lifespan)\n"
            ),
        },
    )
    assert inspect_project(tmp_path).apps[0].release is None
    (tmp_path / "app/app.py").write_text(
        "from fastapi import FastAPI\n\n\ndef get_application():\n    return FastAPI()\n"
    )
    (tmp_path / "app/cli.py").write_text(
        "from alembic import command\n\n\ndef upgrade(cfg):\n    command.upgrade(cfg, 'head')\n"
    )
    app = inspect_project(tmp_path).apps[0]
    assert app.release is not None and app.release.argv == ("alembic", "upgrade", "head")


def test_vite_among_a_servers_dev_dependencies_does_not_make_it_a_front_end(tmp_path: Path) -> None:
    """Medusa's starter: `start: medusa start`, Vite only as a dev dependency (its admin UI's
    build), no index.html or vite.config: a server, with the database its framework needs.
    With index.html, the same package.json is a Vite front end."""
    package = {
        "name": "shop",
        "scripts": {"build": "medusa build", "start": "medusa start"},
        "dependencies": {"@medusajs/medusa": "2.15.3", "@medusajs/framework": "2.15.3"},
        "devDependencies": {"vite": "^5.4.14", "typescript": "^5.6.2"},
    }
    (tmp_path / "package.json").write_text(json.dumps(package))
    app = inspect_project(tmp_path).primary
    assert app is not None and app.kind == "server" and app.output_dir is None
    assert app.start is not None and app.start.argv == ("medusa", "start")
    assert [d.kind for d in app.databases] == ["postgres"]
    (tmp_path / "index.html").write_text("<div id=app></div>")
    spa = inspect_project(tmp_path).primary
    assert (
        spa is not None and spa.kind == "spa" and spa.framework is not None and spa.framework.value == "vite"
    )


def test_slonik_is_postgres_and_a_migration_up_script_or_medusas_cli_is_the_release(tmp_path: Path) -> None:
    """Slonik (domain-driven-hexagon) speaks only PostgreSQL; `migration:up: ts-node
    database/migrate up` is the release step, ts-node kept for it; Medusa's schema comes
    from `medusa db:migrate`, its documented deploy step."""
    package = {
        "name": "ddh",
        "scripts": {
            "build": "nest build",
            "start:prod": "node dist/main",
            "migration:up": "ts-node database/migrate up",
        },
        "dependencies": {"@nestjs/core": "9.0.0", "slonik": "^31.2.4"},
        "devDependencies": {"ts-node": "10.9.1", "typescript": "5.0.0"},
    }
    (tmp_path / "package.json").write_text(json.dumps(package))
    app = inspect_project(tmp_path).primary
    assert app is not None and [d.kind for d in app.databases] == ["postgres"]
    assert app.release is not None and app.release.argv == ("npm", "run", "migration:up")
    assert "ts-node" in app.release_tools
    medusa = {"name": "shop", "scripts": {"build": "medusa build", "start": "medusa start"}}
    medusa["dependencies"] = {"@medusajs/medusa": "2.15.3"}  # type: ignore[assignment]
    (tmp_path / "package.json").write_text(json.dumps(medusa))
    app = inspect_project(tmp_path).primary
    assert app is not None and app.release is not None and app.release.argv == ("medusa", "db:migrate")


def test_the_database_set_up_in_the_projects_entrypoint_script_is_the_release_step(tmp_path: Path) -> None:
    """entrypoint.sh waits for the database, runs `python manage.py create_db`, then `exec "$@"`
    (testdriven's flask-on-docker): that line is the release step. A line that drops data
    (recreate_db) is not."""
    (tmp_path / "requirements.txt").write_text("flask\nflask-sqlalchemy\npsycopg2-binary\ngunicorn\n")
    (tmp_path / "project").mkdir()
    (tmp_path / "project" / "__init__.py").write_text("from flask import Flask\n\napp = Flask(__name__)\n")
    (tmp_path / "manage.py").write_text("from flask.cli import FlaskGroup\nfrom project import app\n")
    script = tmp_path / "entrypoint.sh"
    script.write_text(
        "#!/bin/sh\nwhile ! nc -z $SQL_HOST $SQL_PORT; do sleep 0.1; done\n"
        'python manage.py create_db\nexec "$@"\n'
    )
    app = inspect_project(tmp_path).primary
    assert app is not None and app.release is not None
    assert (app.release.argv, app.release.source) == (("python", "manage.py", "create_db"), "entrypoint.sh")
    script.write_text('#!/bin/sh\npython manage.py recreate_db\nexec "$@"\n')
    again = inspect_project(tmp_path).primary
    assert again is not None and again.release is None


def test_an_entrypoint_command_that_drops_every_table_is_no_release_step(tmp_path: Path) -> None:
    """flask-on-docker's `python manage.py create_db` is `db.drop_all(); db.create_all()`: run
    before every start it would empty the database (m11 measured a row gone after a
    restart). It is not the release step, and the report says to run it once by hand."""
    (tmp_path / "requirements.txt").write_text("flask\nflask-sqlalchemy\npsycopg2-binary\ngunicorn\n")
    (tmp_path / "project").mkdir()
    (tmp_path / "project" / "__init__.py").write_text("from flask import Flask\n\napp = Flask(__name__)\n")
    (tmp_path / "manage.py").write_text(
        "from flask.cli import FlaskGroup\nfrom project import app, db\n\ncli = FlaskGroup(app)\n\n\n"
        '@cli.command("create_db")\ndef create_db():\n    db.drop_all()\n    db.create_all()\n'
    )
    (tmp_path / "entrypoint.sh").write_text('#!/bin/sh\npython manage.py create_db\nexec "$@"\n')
    app = inspect_project(tmp_path).primary
    assert app is not None and app.release is None
    assert app.reset_step is not None and app.reset_step.argv == ("python", "manage.py", "create_db")
    report = advise({"host_os": "linux", "database": "postgres"}, folder=tmp_path).report("en")
    assert "drops every table before it creates them" in report
    assert "docker compose exec app python manage.py create_db" in report


def test_tortoise_gets_its_own_url_scheme_and_aerich_is_the_release_step(tmp_path: Path) -> None:
    """Tortoise ORM refuses `postgresql://` (testdriven's fastapi-tdd-docker): the URL is
    `postgres://`; aerich configured in pyproject.toml ([tool.aerich]) runs `aerich upgrade`."""
    (tmp_path / "requirements.txt").write_text("fastapi\nuvicorn\ntortoise-orm\nasyncpg\naerich\n")
    (tmp_path / "main.py").write_text(
        'import os\nfrom fastapi import FastAPI\n\napp = FastAPI()\nDB = os.environ.get("DATABASE_URL")\n'
    )
    (tmp_path / "pyproject.toml").write_text(
        '[tool.aerich]\ntortoise_orm = "main.TORTOISE_ORM"\nlocation = "./migrations"\n'
    )
    app = inspect_project(tmp_path).primary
    assert app is not None and app.release is not None and app.release.argv == ("aerich", "upgrade")
    advice = advise({"host_os": "linux", "database": "postgres"}, folder=tmp_path)
    url = next(v for v in advice.setup.app_env if v.name == "DATABASE_URL")
    assert url.parts[0] == "postgres://"


def test_a_src_folder_that_is_itself_the_package_is_started_as_src(tmp_path: Path) -> None:
    """src/__init__.py makes the app and the code imports `from src.auth ...`
    (fastapi-beyond-CRUD): `uvicorn src:app` from the top, not `__init__:app --app-dir src`.
    A src layout whose package sits inside src (src/shop/main.py, imports `from shop`) keeps
    --app-dir src."""
    (tmp_path / "requirements.txt").write_text("fastapi\nuvicorn\n")
    (tmp_path / "src" / "auth").mkdir(parents=True)
    (tmp_path / "src" / "__init__.py").write_text(
        "from fastapi import FastAPI\nfrom src.auth.routes import router\n\napp = FastAPI()\n"
    )
    (tmp_path / "src" / "auth" / "routes.py").write_text("router = None\n")
    app = inspect_project(tmp_path).primary
    assert app is not None and app.start is not None
    assert app.start.argv == ("uvicorn", "src:app", "--host", "0.0.0.0", "--port", "8000")
    shutil.rmtree(tmp_path / "src")
    (tmp_path / "src" / "shop").mkdir(parents=True)
    (tmp_path / "src" / "shop" / "main.py").write_text(
        "from fastapi import FastAPI\nfrom shop import db\n\napp = FastAPI()\n"
    )
    app = inspect_project(tmp_path).primary
    assert app is not None and app.start is not None
    assert app.start.argv[:2] == ("uvicorn", "shop.main:app") and app.start.argv[-2:] == ("--app-dir", "src")


@pytest.mark.parametrize(
    ("pin", "tag"),
    [("3.7.0", "3.7"), ("3.9.2", "3.9"), ("3.11.3", "3.11"), ("3.11.9", "3.11.9"), ("3.12.8", "3.12.8")],
)
def test_an_exact_python_pin_on_a_debian_whose_archive_is_gone_takes_its_lines_tag(
    pin: str, tag: str
) -> None:
    """python:3.7.0-slim is Debian stretch (apt-get fails there); python:3.7-slim is the line's
    last patch on bookworm. A patch released on bookworm keeps its exact tag."""
    from advisor.inspect.versions import choose

    assert choose("python", pin, "runtime.txt").image_tag == tag


@pytest.mark.parametrize(
    ("script", "argv"),
    [
        ("dotenv -e env/production.env -- node dist/main", ("node", "dist/main")),
        ("env-cmd -f .env.production node build/server.js", ("node", "build/server.js")),
        ("env-cmd ./config/prod.env node build/server.js", ("node", "build/server.js")),
        ("cross-env NODE_ENV=production PORT=3000 node server.js", ("node", "server.js")),
        # a terminal's log prettifier piped after the server would hide its exit status
        ("node build/index.js | pino-pretty --colorize", ("node", "build/index.js")),
    ],
)
def test_the_command_behind_a_tool_that_sets_variables_is_the_start(
    tmp_path: Path, script: str, argv: tuple[str, ...]
) -> None:
    """nest-hackathon-starter's start:prod is `dotenv -e env/production.env -- node dist/main`:
    the start is `node dist/main`, not the env file (m16 took CMD ["env/production.env", ...])."""
    (tmp_path / "package.json").write_text(
        json.dumps({"name": "api", "scripts": {"start": script}, "dependencies": {"express": "^4.0.0"}})
    )
    app = inspect_project(tmp_path).primary
    assert app is not None and app.start is not None and app.start.argv == argv


def test_only_whole_line_comments_are_dropped_from_the_code_read() -> None:
    """Commented-out code does not run, so it names no variable and makes no table; the code
    after a comment line still counts (a `//` line once swallowed the rest of the file)."""
    from advisor.inspect.envcollect import Collector
    from advisor.inspect.envvars import scan_js
    from advisor.inspect.schema import live_code

    js = (
        "const a = process.env.A;\n// const b = process.env.B;\n/* process.env.C\n*/\n"
        "const d = process.env.D; // E\n"
    )
    assert live_code("node", js) == "const a = process.env.A;\n\n\nconst d = process.env.D; // E\n"
    found = Collector()
    scan_js(live_code("node", js), "x.js", found)
    assert [v.name for v in found.result()] == ["A", "D"]
    assert live_code("python", "a = 1\n# b = 2\n  # c\nd = 3  # e\n") == "a = 1\n\n\nd = 3  # e\n"


def test_env_schema_keys_are_required_as_the_schema_says() -> None:
    """@fastify/env's JSON schema names its required keys in `required: [...]` (a default makes
    the others optional); t3-env's runtimeEnv maps, it does not require; a TypeScript type
    declaration is no schema; a zod chain may state its default lines later."""
    from advisor.inspect.envcollect import Collector
    from advisor.inspect.envvars import scan_js

    fastify = (
        "import env from '@fastify/env'\ndeclare module 'fastify' {\n  interface FastifyInstance {\n"
        "    config: {\n      UPLOAD_DIRNAME: string;\n      COOKIE_SECURED: boolean;\n    };\n  }\n}\n"
        "const schema = {\n  required: ['COOKIE_SECURED'],\n  properties: {\n"
        "    COOKIE_SECURED: {\n      type: 'boolean',\n    },\n"
        "    UPLOAD_DIRNAME: {\n      type: 'string',\n      default: 'uploads'\n    },\n  },\n}\n"
    )
    t3 = (
        'import { createEnv } from "@t3-oss/env-nextjs";\nexport const Env = createEnv({\n'
        "  client: {\n    NEXT_PUBLIC_KEY: z.string().min(1),\n    NEXT_PUBLIC_LEVEL: z\n"
        "      .enum(['error', 'info'])\n      .default('info'),\n"
        "    NEXT_PUBLIC_HOST: z.string().optional(),\n  },\n"
        "  runtimeEnv: {\n    NEXT_PUBLIC_HOST: process.env.NEXT_PUBLIC_HOST,\n  },\n});\n"
    )
    found = Collector()
    scan_js(fastify, "env.ts", found)
    scan_js(t3, "Env.ts", found)
    required = {v.name: v.required for v in found.result()}
    assert required == {
        "COOKIE_SECURED": True,
        "UPLOAD_DIRNAME": False,
        "NEXT_PUBLIC_KEY": True,
        "NEXT_PUBLIC_LEVEL": False,
        "NEXT_PUBLIC_HOST": False,
    }


@pytest.mark.parametrize(
    ("nvmrc", "tag"), [("10.0.0", "10"), ("v14.17.0", "14"), ("20.11.1", "20"), ("24.11.1", "24.11.1")]
)
def test_an_old_node_lines_exact_release_takes_the_lines_last(tmp_path: Path, nvmrc: str, tag: str) -> None:
    """ddd-forum's .nvmrc says 10.0.0, whose npm (5.6) has no `npm ci`: an old line's exact
    release becomes the line's tag (its last release and npm); a current line's stays exact."""
    (tmp_path / "package.json").write_text('{"name": "api", "scripts": {"start": "node index.js"}}')
    (tmp_path / ".nvmrc").write_text(nvmrc + "\n")
    app = inspect_project(tmp_path).primary
    assert app is not None and app.runtime is not None and app.runtime.image_tag == tag


def test_an_app_kept_in_src_is_found_when_nothing_above_it_is_one(tmp_path: Path) -> None:
    """Try-Django keeps its Django project in src/ (src/manage.py) with nothing at the top: src/
    is the app's folder; where the top is an app, src/ stays its code, not an app of its own."""
    (tmp_path / "src" / "site1").mkdir(parents=True)
    (tmp_path / "src" / "manage.py").write_text(
        'import os\nos.environ.setdefault("DJANGO_SETTINGS_MODULE", "site1.settings")\n'
    )
    (tmp_path / "src" / "site1" / "settings.py").write_text("INSTALLED_APPS = []\n")
    (tmp_path / "README.md").write_text("# try django\n")
    app = inspect_project(tmp_path).primary
    assert app is not None and app.path == "src" and app.language.value == "python"
    # It keeps no dependency file: the report says the build needs one (m20).
    report = advise({"host_os": "linux"}, folder=tmp_path).report("en")
    assert "The project has no dependency file" in report
    (tmp_path / "requirements.txt").write_text("Django==2.0.7\n")
    (tmp_path / "manage.py").write_text((tmp_path / "src" / "manage.py").read_text())
    assert [a.path for a in inspect_project(tmp_path).apps] == ["."]


def test_a_python_version_file_listing_several_lines_gives_the_newest(tmp_path: Path) -> None:
    """dpaste's .python-version lists 3.8 first, then newer lines (pyenv makes them all
    available, for tox): the image takes the newest."""
    write_tree(
        tmp_path,
        {
            ".python-version": "3.8.18\n3.12.4\n3.10\n",
            "requirements.txt": "flask\n",
            "app.py": "import flask\n",
        },
    )
    runtime = inspect_project(tmp_path).apps[0].runtime
    assert runtime is not None and runtime.image_tag == "3.12.4"


def test_build_output_is_skipped_but_a_build_tooling_folder_is_read(tmp_path: Path) -> None:
    """`build/` is build output wherever it is, except below a tooling folder: Wiki.js keeps its
    Dockerfile and the config.yml it copies in dev/build/."""
    from advisor.inspect.tree import Tree

    write_tree(
        tmp_path,
        {
            "build/bundle.js": "x",
            "frontend/build/index.html": "x",
            "dev/build/Dockerfile": "FROM node:24\n",
            "docker/build/config.yml": "port: 3000\n",
        },
    )
    tree = Tree(tmp_path)
    assert not tree.has("build/bundle.js") and not tree.has("frontend/build/index.html")
    assert tree.has("dev/build/Dockerfile") and tree.has("docker/build/config.yml")


def test_only_the_final_stages_settings_copies_into_the_apps_folder_are_placed(tmp_path: Path) -> None:
    """fides: a front-end stage (`WORKDIR /fides/clients`) copies clients/fides-js/package.json
    into its own fides-js/; the final stage copies the app. No settings file is placed (the
    image's `cp` of it failed). A manifest, a .env or a folder the app lacks is never placed;
    the final stage's config template is."""
    from advisor.inspect.placed import placed_files
    from advisor.inspect.tree import Tree

    write_tree(
        tmp_path,
        {
            "clients/fides-js/package.json": "{}",
            "clients/fides-js/tsconfig.json": "{}",
            "docker/app.env": "A=1\n",
            "docker/config.toml": "port = 8080\n",
            "docker/other.yml": "a: 1\n",
            "src/app.py": "",
            "Dockerfile": (
                "FROM node:20 AS frontend\nWORKDIR /fides/clients\n"
                "COPY clients/fides-js/package.json fides-js/\n"
                "COPY clients/fides-js/tsconfig.json fides-js/\n"
                "FROM python:3.13-slim AS app\nWORKDIR /fides\nCOPY . .\nCOPY docker/app.env .env\n"
                "COPY docker/other.yml missing/other.yml\nCOPY docker/config.toml ./fides.toml\n"
            ),
        },
    )
    assert placed_files(Tree(tmp_path), "") == (("docker/config.toml", "fides.toml"),)


def test_a_settings_file_the_projects_kept_aside_dockerfile_copies_is_still_placed(tmp_path: Path) -> None:
    """After `--on-conflict take` the project's Dockerfile is Dockerfile.orig beside advisor's:
    a second run reads it as the first read the original (the same files come out), also for a
    Dockerfile below the app's folder (backend/deploy/Dockerfile, two folders down)."""
    from advisor.inspect.placed import placed_files
    from advisor.inspect.tree import Tree

    write_tree(
        tmp_path,
        {
            "Dockerfile": "# Dockerfile for x, written by advisor.\nFROM node\n",
            "Dockerfile.orig": "FROM node:24\nWORKDIR /app\nCOPY deploy/config.yml ./config.yml\n",
            "deploy/config.yml": "port: 3000\n",
            "backend/deploy/docker/Dockerfile": "FROM node:24\nWORKDIR /srv\nCOPY conf/app.yml app.yml\n",
            "backend/conf/app.yml": "port: 4000\n",
        },
    )
    assert placed_files(Tree(tmp_path), "") == (("deploy/config.yml", "config.yml"),)
    assert placed_files(Tree(tmp_path), "backend") == (("conf/app.yml", "app.yml"),)


def test_a_flask_migrate_chain_that_starts_from_made_tables_runs_the_projects_create_step_first(
    tmp_path: Path,
) -> None:
    """redash: migrations/versions' first revision adds columns to `queries`, which
    `manage.py database create_tables` (its container entrypoint's create_db) makes on an empty
    database and stamps the head; `flask db upgrade` alone stopped on the missing table. The
    release step runs the project's create step, then the upgrade; without one, the upgrade."""
    head = 'revision = "65fc"\ndown_revision = None\n\ndef upgrade():\n'
    write_tree(
        tmp_path,
        {
            "requirements.txt": "flask\nflask-sqlalchemy\nflask-migrate\ngunicorn\n",
            "redash/__init__.py": "from flask import Flask\n\napp = Flask(__name__)\n",
            "manage.py": "#!/usr/bin/env python3\nfrom redash.cli import manager\nmanager()\n",
            "migrations/alembic.ini": "[alembic]\n",
            "migrations/versions/65fc_draft.py": head
            + '    op.add_column("queries", sa.Column("is_draft"))\n',
            "bin/docker-entrypoint": (
                "#!/bin/bash\nset -e\ncreate_db() {\n  exec /app/manage.py database create_tables\n}\n"
            ),
        },
    )
    app = inspect_project(tmp_path).apps[0]
    assert app.release is not None
    assert app.release.argv == ("sh", "-c", "python manage.py database create_tables && flask db upgrade")
    (tmp_path / "bin" / "docker-entrypoint").unlink()
    again = inspect_project(tmp_path).apps[0]
    assert again.release is not None and again.release.argv == ("flask", "db", "upgrade")


def test_tree_folders_lists_shallow_folders_first_in_walk_order_and_prunes(tmp_path: Path) -> None:
    """Tree.folders gives the folders a walk would visit, down to a depth, without their files."""
    from advisor.inspect.tree import Tree

    write_tree(
        tmp_path,
        {"a/z/x.sh": "", "a-b/c/y.sh": "", "a/tests/t.sh": "", "b/c/d/e/deep.sh": "", "top.sh": ""},
    )
    tree = Tree(tmp_path)
    walked = list(dict.fromkeys(where for where, _ in tree.walk("", prune=frozenset({"tests"}))))
    listed = tree.folders("", depth=3, prune=frozenset({"tests"}))
    with_files = [w for w in listed if tree.names(w)]
    assert with_files == [w for w in walked if not w or w.count("/") < 3]
    assert with_files == ["", "a/z", "a-b/c"]  # (walk's order: a before a-b, whatever '-' < '/')
    assert "a/tests" not in listed and "b/c/d/e" not in listed and listed[0] == ""
    assert tree.folders("a", depth=1) == ["a", "a/tests", "a/z"]
