"""Generated files that fit what real projects need beyond the basics: the database server
options an old driver needs, the project's own settings, the folders the app writes, a uv
workspace. Each case reads a fixture project under tests/fixtures."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path
from typing import Any

import pytest
import yaml
from helpers import assert_hadolint_clean, write_tree

from advisor.api import Advice, advise
from advisor.inspect import inspect_project, suggested_answers
from advisor.proxyvars import listen_hosts
from advisor.render.buildenv import BUILD_SECRET
from advisor.render.compose import render_compose
from advisor.render.dockerfile import render_dockerfile
from advisor.render.files import render_files
from advisor.render.report import render_report
from advisor.stacks import VERSIONS

FIXTURES = Path(__file__).parent / "fixtures"


def _advice(fixture: str, **answers: Any) -> Advice:
    raw = {"project_name": "demo", "host_os": "linux", **answers}
    return advise(raw, folder=FIXTURES / fixture)


def _compose(advice: Advice) -> dict[str, Any]:
    data = yaml.safe_load(render_compose(advice.setup))
    assert isinstance(data, dict)
    return data


def test_the_legacy_node_mysql_driver_gets_mysql_native_password() -> None:
    advice = _advice("express-mysql-legacy")
    assert advice.answers.database == "mysql"
    db = _compose(advice)["services"]["db"]
    assert db["image"] == "mysql:8.4"
    assert db["command"] == [
        "mysqld",
        "--mysql-native-password=ON",
        "--authentication-policy=mysql_native_password",
    ]
    for lang in ("en", "ko"):
        assert "`mysql2`" in render_report(advice.setup, lang)
    # Installed natively: no db service, the report says what to configure.
    native = _advice("express-mysql-legacy", environment="production", traffic="high")
    assert native.setup.native_database
    assert "db" not in _compose(native)["services"]
    assert "IDENTIFIED WITH mysql_native_password" in render_report(native.setup, "en")


def test_mysql2_mariadb_and_other_apps_keep_the_image_default() -> None:
    assert "command" not in _compose(_advice("express-mysql-legacy", database="mariadb"))["services"]["db"]
    # PyMySQL signs in with caching_sha2_password only with `cryptography`, which this project
    # lacks (MrDoc's migrate: "'cryptography' package is required"): native passwords, and why
    flask = _advice("flask-poetry")
    assert flask.answers.database == "mysql"
    assert "--authentication-policy=mysql_native_password" in _compose(flask)["services"]["db"]["command"]
    assert "`PyMySQL[rsa]`" in render_report(flask.setup, "en")


def test_the_projects_own_settings_reach_the_app_by_reference() -> None:
    advice = _advice("flask-dotenv-sqlite", database="postgres")
    environment = _compose(advice)["services"]["app"]["environment"]
    assert environment["ADMIN_EMAIL"] == "${ADMIN_EMAIL:?set it in .env}"
    assert environment["ITEMS_PER_PAGE"] == "${ITEMS_PER_PAGE:?set it in .env}"
    # Empty in .env.example: passed by name only, so it reaches the app only once .env sets it.
    assert "MAIL_API_TOKEN" in environment and environment["MAIL_API_TOKEN"] is None
    files = {f.name: f.content for f in render_files(advice.setup, "en")}
    assert "admin@example.com" not in files["compose.yaml"]  # a reference, never the value
    assert "ADMIN_EMAIL=admin@example.com" in files[".env"]
    assert "\n# MAIL_API_TOKEN=\n" in files[".env"] and "\nMAIL_API_TOKEN=" not in files[".env"]
    assert advice.setup.app_reads_unset == ()
    assert "`ADMIN_EMAIL`, `ITEMS_PER_PAGE`, `MAIL_API_TOKEN`" in files["RECOMMENDATIONS.md"]
    assert "`ADMIN_EMAIL`" in render_report(advice.setup, "ko")
    # A value the project's .env already has is kept.
    existing = {".env": "ADMIN_EMAIL=ops@shop.test\n"}
    merged = {f.name: f.content for f in render_files(advice.setup, "en", existing)}
    assert "ADMIN_EMAIL=ops@shop.test" in merged[".env"] and "admin@example.com" not in merged[".env"]


def test_folders_the_app_writes_are_owned_by_its_user_and_sqlite_gets_a_volume() -> None:
    app = inspect_project(FIXTURES / "flask-dotenv-sqlite").primary
    assert app is not None
    found = {(w.path, w.kind, w.detail) for w in app.writable_paths}
    assert found == {
        ("data/shop.db", "sqlite", "sqlite URL"),
        ("visits.db", "sqlite", "sqlite3.connect"),
        ("logs", "logs", "os.mkdir"),
    }
    # With PostgreSQL, DATABASE_URL replaces the SQLite URL's default; the code's own
    # sqlite3.connect file (and its folder) is still written.
    served = _advice("flask-dotenv-sqlite", database="postgres")
    assert (
        served.setup.build.writable == (".", "logs") and "volumes" not in _compose(served)["services"]["app"]
    )
    advice = _advice("flask-dotenv-sqlite", database="none", cache="redis")
    assert advice.setup.build.writable == ("data", ".", "logs")
    text = render_dockerfile(advice.setup)
    assert 'chown -R "${UID}:${UID}" /app/data /app/logs' in text
    assert 'RUN chown "${UID}:${UID}" /app\n' in text  # not -R: the code stays root's
    compose = _compose(advice)
    assert compose["services"]["app"]["volumes"] == ["app-data:/app/data"]
    assert "app-data" in compose["volumes"]


def test_go_sqlite_and_node_log_folders_are_found(tmp_path: Path) -> None:
    (tmp_path / "go.mod").write_text("module example.com/notes\n\ngo 1.24\n")
    (tmp_path / "main.go").write_text(
        'package main\n\nimport (\n\t"os"\n\t"gorm.io/driver/sqlite"\n\t"gorm.io/gorm"\n)\n\n'
        'func main() {\n\tos.MkdirAll("logs", 0o755)\n'
        '\tdb, _ := gorm.Open(sqlite.Open("notes.db"), &gorm.Config{})\n\t_ = db\n}\n'
    )
    app = inspect_project(tmp_path).primary
    assert app is not None
    assert {(w.path, w.kind) for w in app.writable_paths} == {("logs", "logs"), ("notes.db", "sqlite")}
    setup = advise({"project_name": "notes", "host_os": "linux"}, folder=tmp_path).setup
    text = render_dockerfile(setup)
    assert "mkdir -p /out/rootfs/app/logs /out/rootfs/app" in text
    assert text.index("COPY --from=build --chown=65532:65532") < text.index("WORKDIR /app")
    node = tmp_path / "node"
    node.mkdir()
    (node / "index.js").write_text(
        'const fs = require("fs");\nfs.mkdirSync("./logs/", { recursive: true });\n'
    )
    (node / "package.json").write_text('{"name": "n", "main": "index.js"}')
    facts = inspect_project(node).primary
    assert facts is not None and [(w.path, w.kind) for w in facts.writable_paths] == [("logs", "logs")]


def test_django_behind_the_proxy_gets_its_host_origin_and_no_redirect_of_its_own() -> None:
    """Behind Caddy (production on one host) the app answers for SITE_ADDRESS and leaves the
    HTTPS redirect to the proxy (it sees plain HTTP from it and would redirect forever); behind
    the Ingress it answers for the Ingress's host. In development nothing is set."""
    production = _advice("django-gunicorn", environment="production", traffic="medium")
    app = _compose(production)["services"]["app"]["environment"]
    assert app["DJANGO_ALLOWED_HOSTS"] == "${SITE_ADDRESS:?set it in .env}"
    assert app["DJANGO_SECURE_SSL_REDIRECT"] == "False"
    assert "DJANGO_ALLOWED_HOSTS" not in dict(production.setup.app_reads_unset)
    high = _advice("django-gunicorn", environment="production", traffic="high")
    config = yaml.safe_load(high.files("en")["deploy/kubernetes/configmap.yaml"])["data"]
    assert config["DJANGO_ALLOWED_HOSTS"] == high.setup.kubernetes.host  # type: ignore[union-attr]
    assert config["DJANGO_SECURE_SSL_REDIRECT"] == "False"
    development = _advice("django-gunicorn", environment="development")
    assert "DJANGO_ALLOWED_HOSTS" not in _compose(development)["services"]["app"].get("environment", {})
    assert "DJANGO_ALLOWED_HOSTS" in dict(development.setup.app_reads_unset)


def test_the_sites_public_address_comes_from_the_proxy_not_a_development_example(tmp_path: Path) -> None:
    """.env.example's DEFAULT_DOMAIN=localhost:3000 and APP_URL=http://localhost:3000 (kutt)
    are development values: behind Caddy in production the app gets SITE_ADDRESS (and its
    https origin); in development the example's values stay."""
    package = {"name": "short", "scripts": {"start": "node server.js"}, "dependencies": {"express": "4"}}
    (tmp_path / "package.json").write_text(json.dumps(package))
    (tmp_path / "server.js").write_text(
        "const domain = process.env.DEFAULT_DOMAIN;\nconst url = process.env.APP_URL;\n"
        "require('express')().listen(process.env.PORT || 3000);\n"
    )
    (tmp_path / ".env.example").write_text("DEFAULT_DOMAIN=localhost:3000\nAPP_URL=http://localhost:3000\n")
    prod = advise({"host_os": "linux", "environment": "production", "traffic": "medium"}, folder=tmp_path)
    app = _compose(prod)["services"]["app"]["environment"]
    assert app["DEFAULT_DOMAIN"] == "${SITE_ADDRESS:?set it in .env}"
    assert app["APP_URL"] == "https://${SITE_ADDRESS:?set it in .env}"
    assert "DEFAULT_DOMAIN=" not in prod.files("en")[".env"]
    dev = advise({"host_os": "linux"}, folder=tmp_path)
    assert "DEFAULT_DOMAIN=localhost:3000" in dev.files("en")[".env"]
    # A domain setting the project writes as a URL gets the site's origin.
    (tmp_path / ".env.example").write_text("DEFAULT_DOMAIN=http://localhost:3000\n")
    prod = advise({"host_os": "linux", "environment": "production", "traffic": "medium"}, folder=tmp_path)
    assert (
        _compose(prod)["services"]["app"]["environment"]["DEFAULT_DOMAIN"]
        == "https://${SITE_ADDRESS:?set it in .env}"
    )


@pytest.mark.parametrize(
    ("fixture", "lockfile", "fix"),
    [
        ("express-yarn", "yarn.lock", "yarn install"),  # yarn classic
        ("vite-spa", "yarn.lock", "yarn install"),  # yarn berry: "name@npm:range" keys
        ("nextjs", "package-lock.json", "npm install"),
        ("ts-api-pnpm", "pnpm-lock.yaml", "pnpm install"),
    ],
)
def test_a_lockfile_behind_package_json_is_reported_before_the_frozen_install_fails(
    tmp_path: Path, fixture: str, lockfile: str, fix: str
) -> None:
    folder = tmp_path / fixture
    shutil.copytree(FIXTURES / fixture, folder)
    pm = inspect_project(folder).apps[0].package_manager
    assert pm is not None and pm.lockfile == lockfile and pm.drift == ()  # the fixture matches
    package = json.loads((folder / "package.json").read_text())
    package["dependencies"]["left-pad"] = "^1.3.0"  # added, never installed
    name, spec = next(iter(package["devDependencies"].items()))
    package["devDependencies"][name] = spec + " || ^99"  # a range changed after the lock
    (folder / "package.json").write_text(json.dumps(package))
    pm = inspect_project(folder).apps[0].package_manager
    assert pm is not None and set(pm.drift) == {"left-pad@^1.3.0", f"{name}@{spec} || ^99"}
    advice = advise({"host_os": "linux"}, folder=folder)
    english, korean = advice.report("en"), advice.report("ko")
    assert f"`{lockfile}` does not match package.json: it does not record " in english
    assert "`left-pad@^1.3.0`" in english and f"run `{fix}` in the project and commit `{lockfile}`" in english
    assert f"`{lockfile}` 파일이 package.json 파일과 맞지 않습니다" in korean
    assert f"`{fix}` 명령을 실행하고" in korean


def test_a_lockfile_form_that_records_no_ranges_makes_no_claim(tmp_path: Path) -> None:
    (tmp_path / "package.json").write_text('{"name": "x", "dependencies": {"express": "^4.21.2"}}')
    (tmp_path / "index.js").write_text("require('express')().listen(3000)\n")
    # npm's lockfile v1 has no packages[""] entry: nothing to compare, so no drift is claimed.
    (tmp_path / "package-lock.json").write_text('{"lockfileVersion": 1, "dependencies": {}}')
    pm = inspect_project(tmp_path).apps[0].package_manager
    assert pm is not None and pm.name == "npm" and pm.drift == ()
    (tmp_path / "package-lock.json").write_text('{"lockfileVersion": 3, "packages": {"": {"name": "x"}}}')
    pm = inspect_project(tmp_path).apps[0].package_manager
    assert pm is not None and pm.drift == ("express@^4.21.2",)


def test_settings_without_a_value_stay_unset_so_the_app_keeps_its_defaults(tmp_path: Path) -> None:
    """An empty variable overrides an app's default (django-environ, pydantic and others read
    "" as a value): a setting the project's .env.example leaves empty is commented out in .env
    and passed by name only, in compose, run.sh and Kubernetes alike. Quoted values and inline
    comments are read as dotenv reads them."""
    shutil.copytree(FIXTURES / "flask-dotenv-sqlite", tmp_path / "shop")
    folder = tmp_path / "shop"
    (folder / ".env.example").write_text(
        "ADMIN_EMAIL=admin@example.com  # who gets the reports\n"
        'SITE_TITLE="Corner Shop" # shown in the header\n'
        "ITEMS_PER_PAGE='20'\n"
        "MAIL_API_TOKEN=\n"
    )
    code = folder / "shop" / "__init__.py"
    code.write_text(code.read_text() + "\nTITLE = os.environ.get('SITE_TITLE', 'Shop')\n")
    for production in (False, True):
        answers = {"host_os": "linux", "database": "postgres", "project_name": "shop"}
        answers["environment"] = "production" if production else "development"
        advice = advise(answers, folder=folder)
        files = {f.name: f.content for f in render_files(advice.setup, "en")}
        env = files[".env"]
        assert "\nADMIN_EMAIL=admin@example.com\n" in env and "\nITEMS_PER_PAGE=20\n" in env
        assert "\nSITE_TITLE=Corner Shop\n" in env
        assert "\n# MAIL_API_TOKEN=\n" in env
        environment = _compose(advice)["services"]["app"]["environment"]
        assert environment["SITE_TITLE"] == "${SITE_TITLE:?set it in .env}"
        assert environment["MAIL_API_TOKEN"] is None
    # run.sh passes the lines of .env whose names it lists: the commented one never matches.
    single = advise({"host_os": "linux", "project_name": "shop", "traffic": "low"}, folder=folder)
    files = {f.name: f.content for f in render_files(single.setup, "en")}
    if "run.sh" in files:
        pattern = re.search(r"grep -E '(\^\(.*\)=)' \.env", files["run.sh"])
        assert pattern is not None
        passed = [line for line in files[".env"].splitlines() if re.match(pattern.group(1), line)]
        assert any(line.startswith("SITE_TITLE=") for line in passed)
        assert not any("MAIL_API_TOKEN" in line for line in passed)


def test_django_production_runs_the_projects_production_settings(tmp_path: Path) -> None:
    """manage.py's default settings module is often the development one (DEBUG on): in
    production the app gets the production module beside it; in development manage.py's."""
    folder = tmp_path / "blog"
    shutil.copytree(FIXTURES / "django-gunicorn", folder)
    manage = folder / "manage.py"
    manage.write_text(manage.read_text().replace("config.settings.production", "config.settings.local"))
    (folder / "config" / "settings" / "local.py").write_text("from .base import *  # noqa\nDEBUG = True\n")
    prod = _compose(advise({"host_os": "linux", "environment": "production"}, folder=folder))
    assert prod["services"]["app"]["environment"]["DJANGO_SETTINGS_MODULE"] == "config.settings.production"
    assert (
        prod["services"]["migrate"]["environment"]["DJANGO_SETTINGS_MODULE"] == "config.settings.production"
    )
    # In development the app runs manage.py's module too: wsgi.py falls back to production's,
    # which the migrate step (manage.py) would not use.
    dev = advise({"host_os": "linux", "environment": "development", "traffic": "medium"}, folder=folder)
    assert (
        _compose(dev)["services"]["app"]["environment"]["DJANGO_SETTINGS_MODULE"] == "config.settings.local"
    )
    # manage.py already names the production module: nothing to add.
    same = _compose(_advice("django-gunicorn", environment="production"))
    assert "DJANGO_SETTINGS_MODULE" not in same["services"]["app"]["environment"]


def test_django_development_settings_that_need_uninstalled_packages_give_way_to_the_shared_ones(
    tmp_path: Path,
) -> None:
    """parsifal (m21): manage.py's default ``settings/local.py`` adds ``debug_toolbar``, which
    only ``requirements/local.txt`` installs; the image installs ``requirements/production.txt``,
    so collectstatic at build and migrate stopped on the missing module. Development runs with
    the shared ``base`` settings, production with ``production``; the report says why."""
    folder = tmp_path / "blog"
    shutil.copytree(FIXTURES / "django-gunicorn", folder)
    manage = folder / "manage.py"
    manage.write_text(manage.read_text().replace("config.settings.production", "config.settings.local"))
    local = folder / "config" / "settings" / "local.py"
    local.write_text('from .base import *  # noqa\nimport os\nINSTALLED_APPS += [\n    "debug_toolbar",\n]\n')
    dev = advise({"host_os": "linux", "environment": "development", "traffic": "medium"}, folder=folder)
    assert _compose(dev)["services"]["app"]["environment"]["DJANGO_SETTINGS_MODULE"] == "config.settings.base"
    assert "DJANGO_SETTINGS_MODULE=config.settings.base" in render_dockerfile(dev.setup)
    report = render_report(dev.setup, "en")
    assert "`config/settings/local.py`, manage.py's default settings, needs `debug_toolbar`" in report
    assert "`debug_toolbar` 모듈이 필요한데" in render_report(dev.setup, "ko")
    prod = _compose(advise({"host_os": "linux", "environment": "production"}, folder=folder))
    assert prod["services"]["app"]["environment"]["DJANGO_SETTINGS_MODULE"] == "config.settings.production"
    # The development requirements installed (the app's only requirements file): local stays,
    # for the app too (wsgi.py falls back to production's).
    (folder / "requirements.txt").write_text("-r requirements/local.txt\n")
    kept = advise({"host_os": "linux", "environment": "development", "traffic": "medium"}, folder=folder)
    assert (
        _compose(kept)["services"]["app"]["environment"]["DJANGO_SETTINGS_MODULE"] == "config.settings.local"
    )


def test_a_front_end_reports_nginx_as_its_start_and_no_start_command_to_answer(tmp_path: Path) -> None:
    advice = _advice("vite-spa")
    report = advice.report("en")
    assert "| Start command | `nginx: dist/` | `package.json` |" in report
    assert "Nothing in the project says how the app starts" not in report
    # No Node start command is recorded for an image that runs nginx: not in the JSON, not
    # in the answers file a re-run reads.
    assert "start_command" not in advice.answers.applicable()
    advice.write(tmp_path, lang="en")
    recorded = yaml.safe_load((tmp_path / ".advisor-answers.yaml").read_text())
    assert recorded["language"] == "node" and "start_command" not in recorded
    # A start command the person gives is still theirs to give.
    given = _advice("vite-spa", start_command="npx serve -s dist")
    assert given.answers.applicable()["start_command"] == "npx serve -s dist"


def test_variables_of_other_services_are_never_given_invented_values() -> None:
    """A random value is right for the app's own signing secret, not for an OAuth client's
    secret (it comes from the provider); SENTRY_ENVIRONMENT is Sentry's label, not the app's
    switch between development and production."""
    from advisor.inspect.envvars import classify

    assert classify("SECRET_KEY") == "secret_key" and classify("JWT_SECRET") == "secret_key"
    assert classify("DJANGO_GOOGLE_OAUTH2_CLIENT_SECRET") == "other"
    assert classify("STRIPE_SECRET") == "other"
    assert classify("SENTRY_ENVIRONMENT") == "other" and classify("DD_ENV") == "other"
    assert classify("APP_ENV") == "app_env" and classify("FLASK_CONFIG") == "app_env"
    # Auth.js / NextAuth signing secrets are the app's own.
    assert classify("AUTH_SECRET") == "secret_key" and classify("NEXTAUTH_SECRET") == "secret_key"
    # A switch is not a database name.
    assert classify("ECHO_SQL") == "other" and classify("DB") == "other"
    assert classify("POSTGRES_DB") == "database_name" and classify("DB_NAME") == "database_name"
    # read and write connections to one server (nest-clean-template); pgAdmin is no database
    assert classify("PG_WRITE_CONNECTION_STRING") == "database_url" == classify("PG_READ_CONNECTION_STRING")
    assert classify("PGADMIN_URL") == "other"


def test_development_compose_rebuilds_the_app_on_change_and_production_does_not() -> None:
    """Compose Watch (issue 13, item 7): `docker compose up --build --watch` rebuilds and
    replaces the app when a file in its build context changes; production has no develop key."""
    for fixture, app_dir in (("express-yarn", "."), ("django-gunicorn", "."), ("monorepo", "backend")):
        answers: dict[str, Any] = {"environment": "development", "traffic": "medium", "app_dir": app_dir}
        if app_dir != ".":
            answers["language"] = "python"
        dev = _advice(fixture, **answers)
        app = _compose(dev)["services"]["app"]
        assert app["develop"] == {"watch": [{"action": "rebuild", "path": dev.setup.build_context}]}
        assert app["build"]["context"] == dev.setup.build_context
        assert "docker compose up --build --watch" in render_compose(dev.setup)
        assert "`docker compose up --build --watch`" in dev.report("en") and "--watch`로" in dev.report("ko")
        prod = _compose(
            _advice(
                fixture,
                environment="production",
                app_dir=app_dir,
                **({"language": "python"} if app_dir != "." else {}),
            )
        )
        assert "develop" not in prod["services"]["app"]


def _nextjs_with(tmp_path: Path, **dependencies: str) -> Path:
    """The Next.js fixture, copied, with more dependencies."""
    shutil.copytree(FIXTURES / "nextjs", tmp_path / "web")
    folder = tmp_path / "web"
    package = json.loads((folder / "package.json").read_text())
    package["dependencies"].update(dependencies)
    (folder / "package.json").write_text(json.dumps(package))
    return folder


def test_an_http_only_database_driver_is_pointed_out(tmp_path: Path) -> None:
    folder = _nextjs_with(tmp_path, **{"@neondatabase/serverless": "^0.10.4"})
    advice = advise({"host_os": "linux", "database": "postgres"}, folder=folder)
    assert "with `@neondatabase/serverless`, which talks to a hosted service's HTTP" in advice.report("en")
    assert "`@neondatabase/serverless` 패키지로" in advice.report("ko")
    plain = _advice("nextjs", database="postgres")
    assert "hosted service's HTTP" not in plain.report("en")


def test_a_variable_read_with_no_default_is_passed_by_name_and_left_for_the_person(tmp_path: Path) -> None:
    """os.environ["SERVER_NAME"] raises KeyError at import: .env has it commented out with the
    reason, compose passes it by name, the report says the app stops without it."""
    shutil.copytree(FIXTURES / "flask-dotenv-sqlite", tmp_path / "shop")
    folder = tmp_path / "shop"
    code = folder / "shop" / "__init__.py"
    code.write_text(
        code.read_text() + "\nSERVER_NAME = os.environ['SERVER_NAME']\nos.environ['X_SET_HERE'] = '1'\n"
    )
    advice = advise({"host_os": "linux", "database": "postgres", "project_name": "shop"}, folder=folder)
    files = {f.name: f.content for f in render_files(advice.setup, "en")}
    assert (
        "\n# SERVER_NAME=\n" in files[".env"]
        and "Required: the app reads it with no default" in files[".env"]
    )
    # Compose stops before starting anything, naming the variable, instead of the app crashing.
    assert _compose(advice)["services"]["app"]["environment"]["SERVER_NAME"] == (
        "${SERVER_NAME:?the app needs it: set it in .env}"
    )
    assert "X_SET_HERE" not in _compose(advice)["services"]["app"]["environment"]  # written, not read
    assert "so it stops at start without them: `SERVER_NAME`" in advice.report("en")
    assert "시작하자마자 멈춥니다: `SERVER_NAME`" in advice.report("ko")


def test_production_turns_off_the_debug_switch_the_example_turns_on(tmp_path: Path) -> None:
    shutil.copytree(FIXTURES / "flask-dotenv-sqlite", tmp_path / "shop")
    folder = tmp_path / "shop"
    (folder / ".env.example").write_text("FLASK_DEBUG=1\nADMIN_EMAIL=a@b.c\nITEMS_PER_PAGE=20\n")
    code = folder / "shop" / "__init__.py"
    code.write_text(code.read_text() + "\nDEBUG = os.getenv('FLASK_DEBUG')\n")
    for environment, expected in (("development", "FLASK_DEBUG=1"), ("production", "FLASK_DEBUG=0")):
        advice = advise(
            {"host_os": "linux", "environment": environment, "project_name": "shop"}, folder=folder
        )
        files = {f.name: f.content for f in render_files(advice.setup, "en")}
        assert f"\n{expected}\n" in files[".env"], environment


def test_flask_app_comes_from_the_start_command_when_the_release_is_flask_db_upgrade(tmp_path: Path) -> None:
    (tmp_path / "requirements.txt").write_text("flask\nflask-migrate\ngunicorn\npsycopg2-binary\n")
    (tmp_path / "flasky.py").write_text("from flask import Flask\napp = Flask(__name__)\n")
    (tmp_path / "migrations").mkdir()
    (tmp_path / "migrations" / "env.py").write_text("")
    advice = advise({"host_os": "linux", "database": "postgres", "traffic": "medium"}, folder=tmp_path)
    assert advice.setup.build.release == ("flask", "db", "upgrade")
    compose = _compose(advice)
    # The file form: Flask 0.12 imports a module name only from a path.
    assert compose["services"]["migrate"]["environment"]["FLASK_APP"] == "flasky.py"
    assert compose["services"]["app"]["environment"]["FLASK_APP"] == "flasky.py"


def test_a_variable_that_selects_the_engine_gets_the_engines_name(tmp_path: Path) -> None:
    """DB = os.getenv("DB", "sqlite") switches engines: it gets "postgres", not a database name."""
    (tmp_path / "requirements.txt").write_text("django\npsycopg2-binary\ngunicorn\n")
    (tmp_path / "manage.py").write_text(
        "import os\nos.environ.setdefault('DJANGO_SETTINGS_MODULE', 'hc.settings')\n"
    )
    (tmp_path / "hc").mkdir()
    (tmp_path / "hc" / "__init__.py").write_text("")
    (tmp_path / "hc" / "settings.py").write_text(
        "import os\nDB = os.getenv('DB', 'sqlite')\nDB_NAME = os.getenv('DB_NAME', 'hc')\n"
        "if DB == 'postgres':\n    DATABASES = {'default': {'NAME': DB_NAME, 'HOST': os.getenv('DB_HOST')}}\n"
        "WSGI_APPLICATION = 'hc.wsgi.application'\n"
    )
    advice = advise({"host_os": "linux", "database": "postgres", "traffic": "medium"}, folder=tmp_path)
    env = _compose(advice)["services"]["app"]["environment"]
    assert env["DB"] == "postgres"
    assert env["DB_NAME"].startswith("${POSTGRES_DB") and env["DB_HOST"] == "db"


def test_a_variable_compared_with_an_engine_name_selects_the_engine(tmp_path: Path) -> None:
    """if os.getenv("DB") == "postgres": the variable picks the engine; TypeScript's
    process.env.X! marks a variable the code assumes is set."""
    from advisor.inspect.envvars import Collector, scan_js, scan_python

    found = Collector()
    scan_python('import os\nif os.getenv("DB") == "postgres":\n    pass\n', "settings.py", found)
    assert [(v.name, v.role) for v in found.result()] == [("DB", "database_engine")]
    ts = Collector()
    scan_js("const key = process.env.STRIPE_SECRET_KEY!;\nconst x = process.env.OPTIONAL;\n", "a.ts", ts)
    assert {v.name: v.required for v in ts.result()} == {"STRIPE_SECRET_KEY": True, "OPTIONAL": False}


def _with_scripts(tmp_path: Path, **scripts: str) -> Path:
    folder = tmp_path / "api"
    shutil.copytree(FIXTURES / "express-yarn", folder)
    package = json.loads((folder / "package.json").read_text())
    package["scripts"].update(scripts)
    (folder / "package.json").write_text(json.dumps(package))
    return folder


def test_an_install_script_that_needs_the_projects_files_gets_them_before_the_install(
    tmp_path: Path,
) -> None:
    """postinstall compiles the project's stylesheets: an install from package.json and the
    lockfile alone stops on it, so the whole context is copied first (and once)."""
    folder = _with_scripts(tmp_path, postinstall="patch-package && npm run scss")
    text = render_dockerfile(advise({"host_os": "linux"}, folder=folder).setup)
    build_stage = text.split("FROM base AS build", 1)[1].split("FROM base AS final", 1)[0]
    assert build_stage.index("COPY . .") < build_stage.index("yarn install --frozen-lockfile")
    assert build_stage.count("COPY . .") == 1 and "--mount=type=bind" not in build_stage
    assert "package.json scripts.postinstall" in build_stage


def test_git_hook_installers_keep_the_install_layer_cached(tmp_path: Path) -> None:
    folder = _with_scripts(tmp_path, prepare="husky install || true")
    build_stage = render_dockerfile(advise({"host_os": "linux"}, folder=folder).setup).split(
        "FROM base AS final", 1
    )[0]
    # package.json and the lockfile are mounted for the install; the code comes after it.
    assert "--mount=type=bind,source=package.json" in build_stage
    assert build_stage.index("yarn install --frozen-lockfile") < build_stage.rindex("COPY . .")


def test_drivers_for_several_engines_take_the_one_the_deployment_compose_file_runs(tmp_path: Path) -> None:
    """codimd: pg, mysql2 and Sequelize, no compose file at the top: with nothing to choose
    between them, PostgreSQL (SecObserve's rule). deployments/docker-compose.yml running MySQL
    with CMD_DB_URL settles it: MySQL, under the app's name."""
    folder = _with_scripts(tmp_path)
    package = json.loads((folder / "package.json").read_text())
    package["dependencies"].update({"pg": "^8", "mysql2": "^3", "sequelize": "^6"})
    (folder / "package.json").write_text(json.dumps(package))
    (folder / "src" / "config.js").write_text("module.exports = { dbURL: process.env.CMD_DB_URL };\n")
    # (no setting that names an engine, such as the fixture's POSTGRES_URL, which would settle it)
    (folder / "src" / "db.js").write_text("module.exports = require('./config');\n")
    assert advise({"host_os": "linux"}, folder=folder).answers.database == "postgres"
    (folder / "deployments").mkdir()
    (folder / "deployments" / "docker-compose.yml").write_text(
        "services:\n  database:\n    image: mysql:8.4\n  app:\n    image: example/app\n"
        "    environment:\n      - CMD_DB_URL=mysql://app:pw@database/app\n"
    )
    advice = advise({"host_os": "linux"}, folder=folder)
    assert advice.answers.database == "mysql"
    app_env = yaml.safe_load(render_compose(advice.setup))["services"]["app"]["environment"]
    assert app_env["CMD_DB_URL"].startswith("mysql://")


def test_mysql_and_mariadb_drivers_together_settle_on_mariadb(tmp_path: Path) -> None:
    """A Prisma 7 schema with the "mysql" provider (its URL in prisma.config.ts), mysql2, and
    the mariadb client Prisma's MariaDB adapter connects with: one protocol, and the project's
    own client names the server. Wired by the names the adapter reads."""
    folder = _with_scripts(tmp_path)
    package = json.loads((folder / "package.json").read_text())
    del package["dependencies"]["pg"]
    package["dependencies"].update(
        {"@prisma/client": "^7", "@prisma/adapter-mariadb": "^7", "mariadb": "^3", "mysql2": "^3"}
    )
    package["devDependencies"] = {"prisma": "^7"}
    (folder / "package.json").write_text(json.dumps(package))
    (folder / "prisma").mkdir()
    (folder / "prisma" / "schema.prisma").write_text(
        'generator client {\n  provider = "prisma-client-js"\n}\n\ndatasource db {\n  provider = "mysql"\n}\n'
    )
    (folder / "prisma.config.ts").write_text(
        "import 'dotenv/config';\nimport { defineConfig } from 'prisma/config';\n\n"
        "export default defineConfig({\n  schema: 'prisma/schema.prisma',\n"
        "  datasource: { url: process.env['DATABASE_URL'] },\n});\n"
    )
    (folder / "src" / "db.js").write_text(
        "const adapter = new PrismaMariaDb({ host: process.env.DATABASE_HOST,\n"
        "  user: process.env.DATABASE_USER,\n"
        "  password: process.env.DATABASE_PASSWORD, database: process.env.DATABASE_NAME });\n"
    )
    advice = advise({"host_os": "linux"}, folder=folder)
    assert advice.answers.database == "mariadb"
    app_env = yaml.safe_load(render_compose(advice.setup))["services"]["app"]["environment"]
    assert app_env["DATABASE_URL"].startswith("mysql://") and app_env["DATABASE_HOST"] == "db"
    assert app_env["DATABASE_NAME"] == "${MARIADB_DATABASE:?set it in .env}"


def test_a_start_that_names_a_production_env_file_gets_an_empty_one(tmp_path: Path) -> None:
    """GregoryLAIGNEAU's boilerplate starts `node --env-file=.env.production src/index.js`: Node
    stops (exit 9) without that file, which .dockerignore keeps out; the image has it empty,
    the settings coming from the container's environment."""
    folder = _with_scripts(tmp_path, start="node --env-file=.env.production src/index.js")
    text = render_dockerfile(advise({"host_os": "linux"}, folder=folder).setup)
    assert "RUN touch .env.production" in text
    assert text.index("RUN touch .env.production") < text.index("USER 1000:1000")


def test_pm2_start_runs_in_the_foreground_and_a_database_name_key_names_the_database(tmp_path: Path) -> None:
    """vuetify-express-postgres-starter: `start:prod` is `pm2 start pm2.json --env production`, pm2
    is no dependency (a global install), and `pm2 start` returns at once: the image runs the
    script pm2.json names with node (pm2-runtime when pm2 is a dependency). Its db config reads
    the database's name as `DB: process.env.DB_SCHEMA`: compose gives it the database."""
    folder = _with_scripts(tmp_path, **{"start:prod": "pm2 start pm2.json --env production"})
    (folder / "pm2.json").write_text('{"apps": [{"name": "api", "script": "./server.js"}]}')
    (folder / "src" / "db.config.js").write_text(
        "module.exports = { HOST: process.env.DB_HOST, DB: process.env.DB_SCHEMA || 'testdb' };\n"
    )
    advice = advise({"host_os": "linux", "database": "postgres"}, folder=folder)
    assert advice.answers.start_command == "node server.js"
    env = yaml.safe_load(render_compose(advice.setup))["services"]["app"]["environment"]
    assert env["DB_SCHEMA"] == "${POSTGRES_DB:?set it in .env}"
    package = json.loads((folder / "package.json").read_text())
    package["dependencies"]["pm2"] = "^5"
    (folder / "package.json").write_text(json.dumps(package))
    again = advise({"host_os": "linux", "database": "postgres"}, folder=folder)
    assert again.answers.start_command == "pm2-runtime start pm2.json --env production"
    # pm2-runtime never daemonises and has no --no-daemon ("unknown option"): the flag goes
    package["scripts"]["start:prod"] = "pm2 start ./dist/index.js --no-daemon"
    (folder / "package.json").write_text(json.dumps(package))
    (folder / ".advisor-answers.yaml").unlink(missing_ok=True)
    third = advise({"host_os": "linux", "database": "postgres"}, folder=folder)
    assert third.answers.start_command == "pm2-runtime start ./dist/index.js"


def test_the_port_default_after_other_variables_is_the_apps_port(tmp_path: Path) -> None:
    """process.env.PORT || process.env.OPENSHIFT_NODEJS_PORT || 8080 listens on 8080."""
    folder = _with_scripts(tmp_path)
    (folder / "src" / "index.js").write_text(
        "const app = require('express')();\n"
        "app.set('port', process.env.PORT || process.env.OPENSHIFT_NODEJS_PORT || 8080);\n"
        "app.listen(app.get('port'));\n"
    )
    facts = inspect_project(folder)
    assert facts.apps[0].ports[0].value == 8080
    assert advise({"host_os": "linux"}, folder=folder).setup.app_port == 8080


@pytest.mark.parametrize(
    ("code", "port"),
    [
        ("export const env = z.object({\n  PORT: z.coerce.number().default(8081),\n}).parse(env);\n", 8081),
        ("export default cleanEnv(process.env, {\n  PORT: port({ default: 4100 }),\n});\n", 4100),
        ("await app.listen(config.get<number>('APP_PORT', 3333));\n", 3333),
        ("app.listen(process.env.SERVER_PORT || 7070);\n", 7070),
    ],
)
def test_the_port_a_settings_schema_or_config_service_defaults_to_is_the_apps(
    tmp_path: Path, code: str, port: int
) -> None:
    """zod's and envalid's schemas, NestJS's ConfigService and an app-named PORT variable give the
    port the app listens on when nothing sets it; a database's port there (DB_PORT) does not."""
    folder = _with_scripts(tmp_path)
    (folder / "src" / "env.ts").write_text("DB_PORT: z.coerce.number().default(5432),\n" + code)
    facts = inspect_project(folder)
    assert facts.apps[0].ports[0].value == port
    assert advise({"host_os": "linux"}, folder=folder).setup.app_port == port


def test_the_projects_database_init_scripts_and_name_carry_over(tmp_path: Path) -> None:
    """The project's compose file loads its schema into MySQL through
    /docker-entrypoint-initdb.d and names the database: advisor's compose.yaml, which replaces
    it, mounts the same file and keeps the name (the SQL `USE`s it), so the tables exist."""
    folder = tmp_path / "api"
    shutil.copytree(FIXTURES / "express-yarn", folder)
    (folder / "schema.sql").write_text(
        "CREATE DATABASE IF NOT EXISTS `shop`;\nUSE `shop`;\nCREATE TABLE t (id INT);\n"
    )
    (folder / "docker-compose.yml").write_text(
        "services:\n  web:\n    build: .\n  mysql:\n    image: mysql:8.3\n"
        "    volumes:\n      - ./schema.sql:/docker-entrypoint-initdb.d/init.sql\n"
        "      - data:/var/lib/mysql\n"
        "    environment:\n      - MYSQL_DATABASE=shop\n      - MYSQL_ROOT_PASSWORD=root\n"
        "volumes:\n  data:\n"
    )
    advice = advise({"host_os": "linux", "database": "mysql"}, folder=folder)
    db = _compose(advice)["services"]["db"]
    assert "./schema.sql:/docker-entrypoint-initdb.d/init.sql:ro" in db["volumes"]
    files = {f.name: f.content for f in render_files(advice.setup, "en")}
    assert "\nMYSQL_DATABASE=shop\n" in files[".env"]
    assert (
        "initialises its database with `schema.sql` (its `docker-compose.yml` mounts them)"
        in advice.report("en")
    )
    assert "`schema.sql` 파일로 데이터베이스를 초기화합니다" in advice.report("ko")
    # Another engine than the one the scripts are for: nothing is mounted.
    other = advise({"host_os": "linux", "database": "postgres"}, folder=folder)
    assert all("initdb" not in v for v in _compose(other)["services"]["db"]["volumes"])
    # Generated from another folder (--out): the mount still names the project's file.
    out = tmp_path / "deploy"
    out.mkdir()
    from advisor.api import advise_answers

    elsewhere = advise_answers(
        advice.setup.evaluation.answers, project=inspect_project(folder), project_dir=folder, out=out
    )
    volumes = _compose(elsewhere)["services"]["db"]["volumes"]
    assert "../api/schema.sql:/docker-entrypoint-initdb.d/init.sql:ro" in volumes


def test_a_database_init_script_without_a_name_gives_the_name_it_uses(tmp_path: Path) -> None:
    from advisor.inspect.composefile import engine_of

    (tmp_path / "init").mkdir()
    (tmp_path / "init" / "01.sql").write_text("-- seed\n\\c inventory\nCREATE TABLE t (id int);\n")
    (tmp_path / "compose.yml").write_text(
        "services:\n  pg:\n    image: postgis/postgis:16-3.4\n"
        "    volumes: [{type: bind, source: ./init, target: /docker-entrypoint-initdb.d}]\n"
        "  cache:\n    image: redis\n    volumes: ['./redis.conf:/docker-entrypoint-initdb.d/x']\n"
    )
    facts = inspect_project(tmp_path)
    assert [(i.engine, i.scripts, i.database and i.database.value) for i in facts.db_inits] == [
        ("postgres", (("init/01.sql", "/docker-entrypoint-initdb.d/01.sql"),), "inventory")
    ]
    assert (engine_of("mariadb:11"), engine_of("docker.io/library/mongo@sha256:0"), engine_of("redis")) == (
        "mariadb",
        "mongodb",
        None,
    )


def test_values_the_projects_compose_file_gives_the_app_reach_it(tmp_path: Path) -> None:
    """The app reads os.environ["APP_CONFIG_FILE"] (no default) and the project's compose
    file gives its container `APP_CONFIG_FILE: compose`: that value, not a blank to fill in.
    Interpolated values and other services' settings are not taken."""
    (tmp_path / "pyproject.toml").write_text(
        '[project]\nname = "svc"\nrequires-python = ">=3.12"\ndependencies = ["fastapi", "uvicorn"]\n'
    )
    (tmp_path / "app").mkdir()
    (tmp_path / "app" / "__init__.py").write_text("")
    (tmp_path / "app" / "main.py").write_text(
        "import os\nfrom fastapi import FastAPI\n"
        "CONFIG = f\"config/{os.environ['APP_CONFIG_FILE']}.env\"\n"
        "LEVEL = os.environ['LOG_LEVEL']\nTOKEN = os.environ['API_TOKEN']\napp = FastAPI()\n"
    )
    (tmp_path / "compose.yaml").write_text(
        "services:\n  app:\n    build: {context: .}\n    environment:\n      APP_CONFIG_FILE: compose\n"
        "      API_TOKEN: ${API_TOKEN}\n      PYTHONASYNCIODEBUG: true\n"
        "  worker:\n    image: other\n    environment: [LOG_LEVEL=debug]\n"
    )
    advice = advise({"host_os": "linux"}, folder=tmp_path)
    env = _compose(advice)["services"]["app"]["environment"]
    files = {f.name: f.content for f in render_files(advice.setup, "en")}
    assert "\nAPP_CONFIG_FILE=compose\n" in files[".env"]
    assert "defined in the project's compose.yaml (the value it gives the app's container)" in files[".env"]
    assert env["APP_CONFIG_FILE"].startswith("${APP_CONFIG_FILE")
    # Still the person's to set: an interpolation, and a value given to another service.
    assert "\n# API_TOKEN=\n" in files[".env"] and "\n# LOG_LEVEL=\n" in files[".env"]
    assert "PYTHONASYNCIODEBUG" not in env  # the app does not read it


def test_authjs_is_told_to_trust_the_host_the_container_is_reached_on(tmp_path: Path) -> None:
    shutil.copytree(FIXTURES / "nextjs", tmp_path / "web")
    folder = tmp_path / "web"
    package = json.loads((folder / "package.json").read_text())
    package["dependencies"]["next-auth"] = "5.0.0-beta.25"
    (folder / "package.json").write_text(json.dumps(package))
    for environment in ("development", "production"):
        advice = advise({"host_os": "linux", "environment": environment}, folder=folder)
        assert _compose(advice)["services"]["app"]["environment"]["AUTH_TRUST_HOST"] == "true"
    assert "AUTH_TRUST_HOST" not in _compose(_advice("nextjs"))["services"]["app"]["environment"]
    # run.sh passes the app .env's variables only: the setting is there, documented, and passed.
    script = advise({"host_os": "linux", "traffic": "low", "database": "none"}, folder=folder)
    assert script.setup.orchestration == "docker-run-script"
    files = {f.name: f.content for f in render_files(script.setup, "en")}
    assert "Auth.js trusts the host a request names" in files[".env"]
    assert "\nAUTH_TRUST_HOST=true\n" in files[".env"] and "AUTH_TRUST_HOST" in files["run.sh"]


def test_reads_the_code_checks_first_are_not_required_and_a_used_get_is(tmp_path: Path) -> None:
    """`if "TOKEN" in os.environ:` (and everything under it) does not stop the app without the
    variable; `os.environ.get("HOSTS").split(" ")` does."""
    from advisor.inspect.envvars import Collector, scan_python

    found = Collector()
    scan_python(
        "import os\nHOSTS = os.environ.get('HOSTS').split(' ')\n"
        "if 'TOKEN' in os.environ or 'BEARER' in os.environ:\n"
        "    ZONE = os.environ['ZONE']\n    if 'TOKEN' in os.environ:\n        T = os.environ['TOKEN']\n"
        "try:\n    K = os.environ['OPTIONAL_KEY']\nexcept KeyError:\n    K = None\n"
        "NEEDED = os.environ['NEEDED']\nLEVEL = os.getenv('LEVEL', 'info').upper()\n",
        "settings.py",
        found,
    )
    assert {v.name for v in found.result() if v.required} == {"HOSTS", "NEEDED"}


def test_django_on_docker_style_project_gets_its_sample_values_backend_and_scheme(tmp_path: Path) -> None:
    """Values from `.env.dev-sample` (an example under another name), SQL_ENGINE given as a
    Django backend module, and the URL scheme the settings test for (postgres://)."""
    (tmp_path / "app").mkdir()
    app = tmp_path / "app"
    (app / "requirements.txt").write_text("Django==4.2\ngunicorn\npsycopg2-binary\n")
    (app / "manage.py").write_text(
        "import os\nos.environ.setdefault('DJANGO_SETTINGS_MODULE', 'site.settings')\n"
    )
    (app / "site").mkdir()
    (app / "site" / "__init__.py").write_text("")
    (app / "site" / "settings.py").write_text(
        "import os\nALLOWED_HOSTS = os.environ.get('DJANGO_ALLOWED_HOSTS').split(' ')\n"
        "DATABASES = {'default': {'ENGINE': os.environ.get('SQL_ENGINE', 'django.db.backends.sqlite3'),"
        " 'NAME': os.environ.get('SQL_DATABASE', 'db.sqlite3')}}\n"
        "URL = os.environ.get('DATABASE_URL', '')\nif URL.startswith('postgres://'):\n    pass\n"
        "WSGI_APPLICATION = 'site.wsgi.application'\n"
    )
    (tmp_path / ".env.dev-sample").write_text(
        "DJANGO_ALLOWED_HOSTS=localhost 127.0.0.1 [::1]\nSQL_ENGINE=x\n"
    )
    (tmp_path / ".env.prod-sample").write_text("DJANGO_ALLOWED_HOSTS=example.com\n")
    advice = advise({"host_os": "linux", "database": "postgres", "project_name": "site"}, folder=tmp_path)
    env = _compose(advice)["services"]["app"]["environment"]
    files = {f.name: f.content for f in render_files(advice.setup, "en")}
    # The development sample is preferred; its value (brackets and all) is written as it is.
    assert "\nDJANGO_ALLOWED_HOSTS=localhost 127.0.0.1 [::1]\n" in files[".env"]
    assert env["SQL_ENGINE"] == "django.db.backends.postgresql"
    assert env["DATABASE_URL"].startswith("postgres://")
    mysql = advise({"host_os": "linux", "database": "mariadb", "project_name": "site"}, folder=tmp_path)
    assert _compose(mysql)["services"]["app"]["environment"]["SQL_ENGINE"] == "django.db.backends.mysql"
    assert _compose(mysql)["services"]["app"]["environment"]["DATABASE_URL"].startswith("mysql://")


def test_exact_pins_of_compiled_packages_cap_the_python_version(tmp_path: Path) -> None:
    """pip freeze pins psycopg2-binary 2.9.9 (wheels up to 3.12): Python 3.13 would build it
    from source and fail; the image gets 3.12 and the report says which pin decided."""
    (tmp_path / "requirements.txt").write_text(
        "flask==3.0.0\npsycopg2-binary==2.9.9 ; sys_platform != 'win32'\ngreenlet==3.1.1\ngunicorn\n"
    )
    (tmp_path / "app.py").write_text("from flask import Flask\napp = Flask(__name__)\n")
    advice = advise({"host_os": "linux"}, folder=tmp_path)
    assert "ARG PYTHON_VERSION=3.12" in render_dockerfile(advice.setup)
    assert "psycopg2-binary==2.9.9 has wheels up to 3.12" in advice.report("en")
    # A stated range is lowered within itself; newer pins leave the default alone.
    (tmp_path / "runtime.txt").write_text("python-3.11.9\n")
    assert "ARG PYTHON_VERSION=3.11" in render_dockerfile(advise({"host_os": "linux"}, folder=tmp_path).setup)
    (tmp_path / "runtime.txt").unlink()
    (tmp_path / "requirements.txt").write_text("flask==3.0.0\npsycopg2-binary==2.9.10\nnumpy==2.1.3\n")
    assert "ARG PYTHON_VERSION=3.13" in render_dockerfile(advise({"host_os": "linux"}, folder=tmp_path).setup)


def test_a_pin_older_than_any_wheel_for_the_oldest_python_builds_with_its_libraries(tmp_path: Path) -> None:
    """psycopg2-binary==2.8.3 (djangogirls) has wheels for Python 3.7 at most: on the oldest
    image line pip builds it from source, so the build stage gets a compiler and libpq's
    headers, and the final image libpq; a pin with wheels for the chosen line needs none."""
    (tmp_path / "requirements.txt").write_text("django==3.2.25\npsycopg2-binary==2.8.3\ngunicorn==20.1.0\n")
    (tmp_path / "manage.py").write_text(
        "import os\nos.environ.setdefault('DJANGO_SETTINGS_MODULE', 'site.settings')\n"
    )
    text = render_dockerfile(advise({"host_os": "linux", "database": "postgres"}, folder=tmp_path).setup)
    assert "ARG PYTHON_VERSION=3.10" in text
    assert "libpq-dev" in text and "build-essential" in text and "libpq5" in text
    (tmp_path / "requirements.txt").write_text("django==5.1.4\npsycopg2-binary==2.9.10\ngunicorn==23.0.0\n")
    text = render_dockerfile(advise({"host_os": "linux", "database": "postgres"}, folder=tmp_path).setup)
    assert "libpq-dev" not in text and "build-essential" not in text


def test_pipfile_lock_pins_count_too(tmp_path: Path) -> None:
    from advisor.inspect.tree import Tree
    from advisor.inspect.wheels import pinned_versions, pins_ceiling

    (tmp_path / "Pipfile.lock").write_text(
        json.dumps(
            {
                "_meta": {},
                "default": {"pandas": {"version": "==1.5.3"}, "flask": {"version": "==2.2.0"}},
                "develop": {"numpy": {"version": "==1.20.0"}},
            },
            indent=4,
        )
    )
    pins = pinned_versions(Tree(tmp_path), [], "Pipfile.lock")
    assert pins == {"pandas": ("1.5.3", "Pipfile.lock"), "flask": ("2.2.0", "Pipfile.lock")}
    assert pins_ceiling(pins) == ((3, 11), "pandas==1.5.3", "Pipfile.lock")


def test_poetry_and_uv_locks_cap_python_for_pure_packages_that_stop_on_newer_lines(tmp_path: Path) -> None:
    """A poetry.lock that locks Django 3.2 (it runs up to Python 3.10) under a pyproject that
    allows ^3.8: the image takes 3.10, not the newest line. uv.lock may lock a package once
    per Python range: the newest of them counts."""
    from advisor.inspect.tree import Tree
    from advisor.inspect.wheels import pinned_versions

    (tmp_path / "pyproject.toml").write_text(
        '[tool.poetry]\nname = "shop"\nversion = "0.1.0"\n\n'
        '[tool.poetry.dependencies]\npython = "^3.8"\ndjango = "^3.2"\n'
    )
    (tmp_path / "poetry.lock").write_text(
        '[[package]]\nname = "asgiref"\nversion = "3.8.1"\n\n'
        '[[package]]\nname = "django"\nversion = "3.2.25"\ndescription = "web"\n'
    )
    (tmp_path / "manage.py").write_text("import django\n")
    setup = advise({"host_os": "linux"}, folder=tmp_path).setup
    assert setup.build.runtime_version == "3.10"
    assert "ARG PYTHON_VERSION=3.10\n" in render_dockerfile(setup)
    (tmp_path / "uv.lock").write_text(
        '[[package]]\nname = "pydantic"\nversion = "1.10.2"\n'
        "resolution-markers = [\"python_full_version < '3.9'\"]\n\n"
        '[[package]]\nname = "pydantic"\nversion = "2.12.3"\n'
    )
    assert pinned_versions(Tree(tmp_path), [], "uv.lock") == {"pydantic": ("2.12.3", "uv.lock")}


def test_ranges_without_a_lock_and_a_pdm_locks_wheels_cap_python(tmp_path: Path) -> None:
    """FastAPI-boilerplate: Poetry without a lock, `uvloop = "^0.19.0"` (below 0.20, wheels up
    to 3.12) and `greenlet = "^2.0.2"` (none for 3.12): 3.11, as its own Dockerfile has it.
    tozo: pdm.lock lists asyncpg 0.29's cp312 wheels only: 3.12, not the newest line."""
    (tmp_path / "pyproject.toml").write_text(
        '[tool.poetry]\nname = "api"\nversion = "0.1.0"\n\n[tool.poetry.dependencies]\npython = "^3.11"\n'
        'fastapi = "^0.109.1"\nuvicorn = "^0.27.0"\nuvloop = "^0.19.0"\n'
    )
    (tmp_path / "main.py").write_text("from fastapi import FastAPI\napp = FastAPI()\n")
    assert advise({"host_os": "linux"}, folder=tmp_path).setup.build.runtime_version == "3.12"
    with (tmp_path / "pyproject.toml").open("a") as f:
        f.write('greenlet = { version = "^2.0.2", optional = false }\n')
    assert advise({"host_os": "linux"}, folder=tmp_path).setup.build.runtime_version == "3.11"

    pdm = tmp_path / "pdm"
    pdm.mkdir()
    (pdm / "pyproject.toml").write_text(
        '[project]\nname = "tozo"\nrequires-python = ">=3.12"\ndependencies = ["quart", "quart-db"]\n'
    )
    (pdm / "pdm.lock").write_text(
        '[[package]]\nname = "asyncpg"\nversion = "0.29.0"\nfiles = [\n'
        '    {file = "asyncpg-0.29.0-cp312-cp312-manylinux_2_17_x86_64.manylinux2014_x86_64.whl", '
        'hash = "sha256:00"},\n    {file = "asyncpg-0.29.0.tar.gz", hash = "sha256:01"},\n]\n'
    )
    (pdm / "run.py").write_text("from quart import Quart\napp = Quart(__name__)\n")
    advice = advise({"host_os": "linux"}, folder=pdm)
    assert (advice.setup.build.package_manager, advice.setup.build.runtime_version) == ("pdm", "3.12")
    assert advice.answers.database == "postgres"  # quart-db: PostgreSQL through asyncpg


def test_the_start_scripts_pre_hook_is_the_build(tmp_path: Path) -> None:
    """`start:prod` is `node dist/main.js` and npm runs `prestart:prod` (tsc) before it: the
    image runs node itself, so the hook becomes the build step (else dist/ is stale or absent)."""
    folder = _with_scripts(tmp_path, **{"start:prod": "node dist/main.js", "prestart:prod": "tsc"})
    text = render_dockerfile(advise({"host_os": "linux"}, folder=folder).setup)
    build_stage = text.split("FROM base AS final", 1)[0]
    assert "yarn run prestart:prod" in build_stage
    assert 'CMD ["node", "dist/main.js"]' in text
    plain = render_dockerfile(advise({"host_os": "linux"}, folder=_with_scripts(tmp_path / "b")).setup)
    assert "prestart" not in plain


def test_a_static_sites_web_root_gets_no_env_example() -> None:
    files = {f.name: f.content for f in render_files(_advice("static-site", language="static").setup, "en")}
    assert "!**/.env.example" not in files[".dockerignore"] and "**/.env.*" in files[".dockerignore"]
    node = {f.name: f.content for f in render_files(_advice("express-yarn").setup, "en")}
    assert "!**/.env.example" in node[".dockerignore"]


def test_a_front_ends_build_reads_its_own_env_files_and_nothing_passes_them_at_run_time(
    tmp_path: Path,
) -> None:
    """VITE_API_HOST in the project's .env is built into the bundle: the .env files stay in
    the build context (only *.local files are left out), run.sh passes nothing to nginx, and
    the report says where the value comes from."""
    shutil.copytree(FIXTURES / "vite-spa", tmp_path / "spa")
    folder = tmp_path / "spa"
    (folder / ".env").write_text("VITE_API_HOST=https://api.example.com\n")
    src = next(folder.glob("src/*.[jt]s*"))
    src.write_text(src.read_text() + "\nconsole.log(import.meta.env.VITE_API_HOST)\n")
    advice = advise({"host_os": "linux", "traffic": "low", "database": "none"}, folder=folder)
    files = {f.name: f.content for f in render_files(advice.setup, "en")}
    ignore = files[".dockerignore"].splitlines()
    assert ".env" not in ignore and "**/.env" not in ignore and "**/*.local" in ignore
    assert "VITE_API_HOST" not in files["run.sh"] and ".env" not in files  # nginx reads no variable
    assert "--env-file" not in files["run.sh"]
    assert "The front end reads `VITE_API_URL`, `VITE_API_HOST` when it is built" in advice.report("en")
    assert "프런트엔드는 빌드할 때 `VITE_API_URL`, `VITE_API_HOST` 값을 읽습니다" in advice.report("ko")


def test_django_static_files_are_gathered_in_the_image_with_placeholder_secrets(tmp_path: Path) -> None:
    """STATIC_ROOT is set: the image runs collectstatic with the app's settings loaded as at
    run time (production's settings module in production), secrets as placeholders, the
    values inline on the RUN line (none stays in the image)."""
    for environment in ("development", "production"):
        advice = _advice("django-gunicorn", database="postgres", environment=environment)
        text = render_dockerfile(advice.setup)
        step = text[text.index("RUN DJANGO_SECRET_KEY=") : text.index("collectstatic --noinput")]
        # as long as a real key: packages check a key's length as they load (django-mirage-field)
        assert len(BUILD_SECRET) > 32
        assert f"DJANGO_SECRET_KEY={BUILD_SECRET}" in step and f"POSTGRES_PASSWORD={BUILD_SECRET}" in step
        assert "DATABASE_URL=postgresql://build:build@127.0.0.1:5432/build" in step
        assert text.index("collectstatic") < text.index("USER ${UID}")
        assert "ENV DJANGO_SECRET_KEY" not in text
        secret = next(v for v in advice.setup.env if v.kind == "secret")
        assert secret.value == "" or secret.value not in text
    assert "DJANGO_ALLOWED_HOSTS=build" in step  # production's, built from the site address
    # No STATIC_ROOT: nowhere to gather them; the Dockerfile says what to add.
    shutil.copytree(FIXTURES / "django-gunicorn", tmp_path / "blog")
    base = tmp_path / "blog" / "config" / "settings" / "base.py"
    base.write_text(base.read_text().replace('STATIC_ROOT = BASE_DIR / "staticfiles"\n', ""))
    text = render_dockerfile(advise({"host_os": "linux"}, folder=tmp_path / "blog").setup)
    assert "collectstatic --noinput`" in text
    assert not re.search(r"^\s+python manage.py collectstatic --noinput \\$", text, re.M)


def test_a_prestart_script_is_the_release_step(tmp_path: Path) -> None:
    """scripts/prestart.sh (the uvicorn-gunicorn images' convention) waits for the database,
    migrates and creates the first data: all of it runs before the app, not only alembic."""
    shutil.copytree(FIXTURES / "fastapi-uv", tmp_path / "api")
    folder = tmp_path / "api"
    (folder / "scripts").mkdir(exist_ok=True)
    (folder / "scripts" / "prestart.sh").write_text(
        "#! /usr/bin/env bash\nset -e\nalembic upgrade head\npython app/initial_data.py\n"
    )
    advice = advise({"host_os": "linux", "database": "postgres", "traffic": "medium"}, folder=folder)
    assert _compose(advice)["services"]["migrate"]["command"] == ["bash", "scripts/prestart.sh"]
    assert (
        "`bash scripts/prestart.sh` (from `scripts/prestart.sh`) runs to the end before the app starts"
        in advice.report("en")
    )


def test_placeholder_values_the_projects_env_keeps_are_pointed_out(tmp_path: Path) -> None:
    """The project's own .env holds SECRET_KEY=please-changeme-42: advisor keeps .env's values, so the
    report names the placeholders to replace (and never copies the value anywhere)."""
    shutil.copytree(FIXTURES / "flask-dotenv-sqlite", tmp_path / "shop")
    folder = tmp_path / "shop"
    (folder / ".env").write_text("SECRET_KEY=please-changeme-42\nMAIL_PASSWORD='<your password>'\nDEBUG=1\n")
    advice = advise({"host_os": "linux", "project_name": "shop"}, folder=folder)
    assert "`.env` gives `SECRET_KEY`, `MAIL_PASSWORD` placeholder values" in advice.report("en")
    assert "`.env`에는 `SECRET_KEY`, `MAIL_PASSWORD` 값이" in advice.report("ko")
    assert "please-changeme-42" not in "".join(f.content for f in render_files(advice.setup, "en"))


def test_media_and_static_roots_are_resolved_through_the_settings_folder_variables() -> None:
    """MEDIA_ROOT = os.path.join(PROJECT_DIR, "media") with PROJECT_DIR two folders above the
    settings file is the app's bakerydemo/media, not media at its top."""
    from advisor.inspect.python_start import writable_in

    wagtail = (
        "import os\nPROJECT_DIR = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))\n"
        "BASE_DIR = os.path.dirname(PROJECT_DIR)\n"
        'STATIC_ROOT = os.path.join(PROJECT_DIR, "collect_static")\n'
        'MEDIA_ROOT = os.path.join(PROJECT_DIR, "media")\n'
    )
    found = [(w.path, w.kind) for w in writable_in(wagtail, "bakerydemo/settings/base.py")]
    assert found == [("bakerydemo/collect_static", "static-root"), ("bakerydemo/media", "media")]
    cookiecutter = (
        "from pathlib import Path\nBASE_DIR = Path(__file__).resolve(strict=True).parent.parent.parent\n"
        'APPS_DIR = BASE_DIR / "shop"\nMEDIA_ROOT = str(APPS_DIR / "media")\n'
        'STATIC_ROOT = str(BASE_DIR / "staticfiles")\n'
    )
    found = [
        (w.path, w.kind) for w in writable_in(cookiecutter, "backend/config/settings/base.py", "backend")
    ]
    assert found == [("shop/media", "media"), ("staticfiles", "static-root")]


def test_a_debug_switch_read_as_a_truth_value_is_left_out_in_production(tmp_path: Path) -> None:
    """bool(os.environ.get("DEBUG", 0)) takes "0" as on: production leaves DEBUG out (the
    app's default applies) instead of writing 0; the production example file is preferred."""
    (tmp_path / "requirements.txt").write_text("flask\ngunicorn\n")
    (tmp_path / "app.py").write_text(
        "import os\nfrom flask import Flask\napp = Flask(__name__)\n"
        "app.debug = bool(os.environ.get('DEBUG', 0))\nNAME = os.environ.get('SITE_NAME', 'x')\n"
    )
    (tmp_path / ".env.dev-sample").write_text("DEBUG=1\nSITE_NAME=dev-site\n")
    (tmp_path / ".env.prod-sample").write_text("DEBUG=0\nSITE_NAME=prod-site\n")
    prod = advise({"host_os": "linux", "environment": "production"}, folder=tmp_path)
    files = {f.name: f.content for f in render_files(prod.setup, "en")}
    assert (
        "\n# DEBUG=\n" in files[".env"] and "The app takes any value as on, 0 and False too" in files[".env"]
    )
    assert _compose(prod)["services"]["app"]["environment"]["DEBUG"] is None
    assert "\nSITE_NAME=prod-site\n" in files[".env"]
    dev = {f.name: f.content for f in render_files(advise({"host_os": "linux"}, folder=tmp_path).setup, "en")}
    assert "\nDEBUG=1\n" in dev[".env"] and "\nSITE_NAME=dev-site\n" in dev[".env"]


def test_production_names_the_development_values_the_projects_env_keeps(tmp_path: Path) -> None:
    shutil.copytree(FIXTURES / "flask-dotenv-sqlite", tmp_path / "shop")
    folder = tmp_path / "shop"
    (folder / ".env").write_text("FASTAPI_ENV=development\nAPP_DEBUG=true\nLOG_LEVEL=debug\nREGION=local\n")
    prod = advise({"host_os": "linux", "project_name": "shop", "environment": "production"}, folder=folder)
    assert "`.env` sets `FASTAPI_ENV=development`, `APP_DEBUG=true`: development's values" in prod.report(
        "en"
    )
    assert "`.env`에는 `FASTAPI_ENV=development`, `APP_DEBUG=true` 값이 들어 있습니다" in prod.report("ko")
    dev = advise({"host_os": "linux", "project_name": "shop"}, folder=folder)
    assert "development's values" not in dev.report("en")


def test_typeorm_02_without_ormconfig_gets_its_own_variables(tmp_path: Path) -> None:
    """TypeOrmModule.forRoot() with no options, ormconfig.json kept out of git, an example of
    it in the project: TypeORM 0.2 reads TYPEORM_*, so those carry the connection, and the
    example's entities (rewritten to the compiled output) and synchronize."""
    folder = _with_scripts(tmp_path)
    package = json.loads((folder / "package.json").read_text())
    package["dependencies"].update({"typeorm": "^0.2.24", "@nestjs/typeorm": "^7.0.0", "mysql": "^2.18.1"})
    (folder / "package.json").write_text(json.dumps(package))
    (folder / "src" / "app.module.ts").write_text("@Module({ imports: [TypeOrmModule.forRoot()] })\n")
    (folder / "tsconfig.json").write_text('{\n  // comment\n  "compilerOptions": {"outDir": "./build"}\n}\n')
    (folder / "ormconfig.json.example").write_text(
        '{"type": "mysql", "entities": ["src/**/**.entity{.ts,.js}"], "synchronize": true}'
    )
    advice = advise({"host_os": "linux", "database": "mysql"}, folder=folder)
    env = _compose(advice)["services"]["app"]["environment"]
    assert env["TYPEORM_CONNECTION"] == "mysql" and env["TYPEORM_HOST"] == "db"
    assert env["TYPEORM_USERNAME"].startswith("${MYSQL_USER") and env["TYPEORM_DATABASE"].startswith(
        "${MYSQL_DATABASE"
    )
    assert env["TYPEORM_ENTITIES"] == "build/**/**.entity.js" and env["TYPEORM_SYNCHRONIZE"] == "true"
    assert "TypeORM reads its own `TYPEORM_*` variables" in advice.report("en")
    # With the project's own ormconfig.json, TypeORM reads that: nothing is added.
    (folder / "ormconfig.json").write_text("{}")
    assert (
        "TYPEORM_HOST"
        not in _compose(advise({"host_os": "linux", "database": "mysql"}, folder=folder))["services"]["app"][
            "environment"
        ]
    )


def test_django_without_whitenoise_is_told_nothing_serves_its_static_files(tmp_path: Path) -> None:
    shutil.copytree(FIXTURES / "django-gunicorn", tmp_path / "blog")
    base = tmp_path / "blog" / "requirements" / "base.txt"
    assert _advice("django-gunicorn").report("en").count("nothing serves them") == 0  # WhiteNoise is there
    base.write_text(base.read_text().replace("whitenoise==6.8.2\n", ""))
    advice = advise({"host_os": "linux"}, folder=tmp_path / "blog")
    assert "but nothing serves them: Django serves static files only with DEBUG on" in advice.report("en")
    assert "이 파일을 내보내는 곳이 없습니다" in advice.report("ko")
    # Without gunicorn the start is runserver, which serves them while DEBUG is on: in
    # development the note says so and asks for WhiteNoise before production only.
    production = tmp_path / "blog" / "requirements" / "production.txt"
    production.write_text(production.read_text().replace("gunicorn==23.0.0\n", ""))
    dev = advise({"host_os": "linux", "environment": "development"}, folder=tmp_path / "blog")
    assert "runserver" in dev.files("en")["Dockerfile"]
    assert "nothing serves them" not in dev.report("en")
    assert "Here `manage.py runserver` serves them" in dev.report("en")
    assert "Before production add it" in dev.report("en")
    assert "`manage.py runserver` 명령이 이 파일도 내보냅니다" in dev.report("ko")


def test_postgres_hands_what_the_projects_init_scripts_made_to_the_apps_role(tmp_path: Path) -> None:
    """The image runs the project's scripts as the superuser; a last script gives their tables
    to the app's own role (else the app could not read them). Its SQL holds no `$`."""
    folder = tmp_path / "api"
    shutil.copytree(FIXTURES / "express-yarn", folder)
    (folder / "db").mkdir()
    (folder / "db" / "schema.sql").write_text("CREATE TABLE items (id SERIAL PRIMARY KEY);\n")
    (folder / "db" / "README.md").write_text("not a script\n")
    (folder / "docker-compose.yml").write_text(
        "services:\n  pg:\n    image: postgres:16\n    volumes: ['./db:/docker-entrypoint-initdb.d']\n"
    )
    data = _compose(advise({"host_os": "linux", "database": "postgres"}, folder=folder))
    db = data["services"]["db"]
    assert "./db/schema.sql:/docker-entrypoint-initdb.d/schema.sql:ro" in db["volumes"]
    assert not any("README" in v for v in db["volumes"])
    targets = [c["target"] for c in db["configs"]]
    assert targets[-1] == "/docker-entrypoint-initdb.d/zz-app-owns-project-objects.sql"
    script = data["configs"]["db-project-owner"]["content"]
    assert "OWNER TO %I" in script and "$" not in script
    mysql = _compose(advise({"host_os": "linux", "database": "mysql"}, folder=folder))
    assert "db-project-owner" not in mysql.get("configs", {})


def test_dev_only_test_tools_download_nothing_in_the_build(tmp_path: Path) -> None:
    """Cypress (a dev dependency) would fetch its binary during the install: the build stage
    says not to. Puppeteer among the runtime dependencies keeps its browser (the app uses it)."""
    shutil.copytree(FIXTURES / "vite-spa", tmp_path / "spa")
    folder = tmp_path / "spa"
    package = json.loads((folder / "package.json").read_text())
    package.setdefault("devDependencies", {})["cypress"] = "^13.13.2"
    package["scripts"]["prepare"] = "simple-git-hooks"
    (folder / "package.json").write_text(json.dumps(package))
    text = render_dockerfile(advise({"host_os": "linux"}, folder=folder).setup)
    assert "ENV CYPRESS_INSTALL_BINARY=0" in text
    assert "--mount=type=bind,source=package.json" in text  # a git-hook installer needs no files
    api = _with_scripts(tmp_path)
    package = json.loads((api / "package.json").read_text())
    package["dependencies"]["puppeteer"] = "^22.0.0"
    (api / "package.json").write_text(json.dumps(package))
    assert "PUPPETEER_SKIP" not in render_dockerfile(advise({"host_os": "linux"}, folder=api).setup)


def test_a_src_layout_fastapi_app_made_by_a_factory_with_arguments_starts_from_src(tmp_path: Path) -> None:
    """``app = create_application(router=router, settings=settings)`` in src/app/main.py, the
    factory's signature over several lines; the project's own Dockerfile runs it from another
    WORKDIR with the reloader on: the image starts it from the app's folder, without it."""
    (tmp_path / "pyproject.toml").write_text(
        '[project]\nname = "svc"\nrequires-python = ">=3.11"\ndependencies = ["fastapi", "uvicorn"]\n'
    )
    (tmp_path / "Dockerfile").write_text(
        'FROM python:3.11\nWORKDIR /code\nCMD ["uvicorn", "app.main:app", "--host", "0.0.0.0", "--reload"]\n'
    )
    pkg = tmp_path / "src" / "app"
    (pkg / "core").mkdir(parents=True)
    (pkg / "__init__.py").write_text("")
    (pkg / "main.py").write_text(
        "from .core.setup import create_application\n\napp = create_application(router=None, settings=None)\n"
    )
    (pkg / "core" / "setup.py").write_text(
        "from fastapi import FastAPI\n\n\ndef create_application(\n    router: object,\n"
        "    settings: object,\n) -> FastAPI:\n    application = FastAPI()\n    return application\n"
    )
    app = inspect_project(tmp_path).primary
    assert app is not None and app.start is not None
    assert app.start.argv[:2] == ("uvicorn", "app.main:app")
    assert app.start.argv[-2:] == ("--app-dir", "src") and "--reload" not in app.start.argv
    # Without the factory, the Dockerfile's CMD is borrowed: made importable from the app's
    # folder, its reloader dropped.
    (pkg / "main.py").write_text("from .core.setup import create_application\n\napp = create_application\n")
    borrowed = inspect_project(tmp_path).primary
    assert borrowed is not None and borrowed.start is not None
    assert borrowed.start.source == "Dockerfile"
    assert borrowed.start.argv == ("uvicorn", "app.main:app", "--host", "0.0.0.0", "--app-dir", "src")
    # A CMD naming a module the project does not have is not a start command for it.
    (tmp_path / "Dockerfile").write_text('FROM python:3.11\nCMD ["uvicorn", "server.api:app"]\n')
    other = inspect_project(tmp_path).primary
    assert other is not None and (other.start is None or other.start.source != "Dockerfile")


def test_a_log_folder_made_next_to_the_code_from_file_is_owned_by_the_app_user(tmp_path: Path) -> None:
    (tmp_path / "requirements.txt").write_text("fastapi\nuvicorn\n")
    (tmp_path / "app").mkdir()
    (tmp_path / "app" / "main.py").write_text("from fastapi import FastAPI\n\napp = FastAPI()\n")
    (tmp_path / "app" / "core").mkdir()
    (tmp_path / "app" / "core" / "logger.py").write_text(
        "import os\n\nLOG_DIR = os.path.join(os.path.dirname(os.path.dirname(__file__)), 'logs')\n"
        "if not os.path.exists(LOG_DIR):\n    os.makedirs(LOG_DIR)\n"
    )
    app = inspect_project(tmp_path).primary
    assert app is not None
    assert [(w.path, w.kind) for w in app.writable_paths] == [("app/logs", "logs")]
    text = render_dockerfile(advise({"project_name": "svc", "host_os": "linux"}, folder=tmp_path).setup)
    assert "mkdir -p /app/app/logs" in text and 'chown -R "${UID}:${UID}" /app/app/logs' in text


def test_each_redis_the_app_names_gets_the_cache_and_derived_settings_stay_unset(tmp_path: Path) -> None:
    """REDIS_QUEUE_HOST / REDIS_RATE_LIMIT_PORT are Redis addresses; a pydantic field whose
    default is built from the class's other fields (a scheme-less URI) is left to the app."""
    (tmp_path / "requirements.txt").write_text(
        "fastapi\nuvicorn\nasyncpg\nsqlalchemy\nredis\npydantic-settings\n"
    )
    (tmp_path / "main.py").write_text("from fastapi import FastAPI\n\napp = FastAPI()\n")
    (tmp_path / "config.py").write_text(
        "from pydantic_settings import BaseSettings\n\n\nclass Settings(BaseSettings):\n"
        '    POSTGRES_USER: str = "postgres"\n    POSTGRES_PASSWORD: str = "postgres"\n'
        '    POSTGRES_SERVER: str = "localhost"\n    POSTGRES_DB: str = "app"\n'
        '    POSTGRES_URI: str = f"{POSTGRES_USER}:{POSTGRES_PASSWORD}@{POSTGRES_SERVER}/{POSTGRES_DB}"\n'
        '    REDIS_QUEUE_HOST: str = "localhost"\n    REDIS_RATE_LIMIT_PORT: int = 6379\n'
    )
    advice = advise({"project_name": "svc", "host_os": "linux", "cache": "redis"}, folder=tmp_path)
    env = _compose(advice)["services"]["app"]["environment"]
    assert env["REDIS_QUEUE_HOST"] == "redis" and env["REDIS_RATE_LIMIT_PORT"] == "6379"
    assert env["POSTGRES_SERVER"] == "db" and "POSTGRES_URI" not in env


def test_django_without_a_settings_default_runs_the_projects_settings_package(tmp_path: Path) -> None:
    """manage.py names no DJANGO_SETTINGS_MODULE (the project documents it instead): the
    settings package's development module in development, production's in production, and
    the image's collectstatic step loads the same."""
    shutil.copytree(FIXTURES / "django-gunicorn", tmp_path / "blog")
    folder = tmp_path / "blog"
    manage = folder / "manage.py"
    manage.write_text(
        manage.read_text().replace('os.environ.setdefault("DJANGO_SETTINGS_MODULE", ', "print(")
    )
    expected = {"development": "config.settings.local", "production": "config.settings.production"}
    for environment, module in expected.items():
        advice = advise(
            {"host_os": "linux", "environment": environment, "database": "postgres"}, folder=folder
        )
        assert _compose(advice)["services"]["app"]["environment"]["DJANGO_SETTINGS_MODULE"] == module
        assert f"DJANGO_SETTINGS_MODULE={module}" in render_dockerfile(advice.setup)
    # Only a development module beside the shared one: production runs the shared one.
    (folder / "config" / "settings" / "production.py").unlink()
    prod = advise({"host_os": "linux", "environment": "production"}, folder=folder)
    assert (
        _compose(prod)["services"]["app"]["environment"]["DJANGO_SETTINGS_MODULE"] == "config.settings.base"
    )
    # manage.py's own default stays Django's business in development.
    shutil.copytree(FIXTURES / "django-gunicorn", tmp_path / "own")
    dev = advise({"host_os": "linux", "database": "postgres"}, folder=tmp_path / "own")
    assert "DJANGO_SETTINGS_MODULE" not in _compose(dev)["services"]["app"]["environment"]


def _ctfd_like(folder: Path) -> None:
    """A Flask app whose config class reads an ini file and falls back to folders beside its
    own module, over continuation lines (the layout of CTFd's config.py)."""
    (folder / "requirements.txt").write_text("flask\ngunicorn\npymysql\nsqlalchemy\n")
    pkg = folder / "site_app"
    pkg.mkdir()
    (pkg / "__init__.py").write_text(
        "from flask import Flask\n\n\ndef create_app():\n    return Flask(__name__)\n"
    )
    (pkg / "config.py").write_text(
        "import os\n\nconfig_ini = {}\n\n\nclass ServerConfig:\n"
        '    DATABASE_URL = os.getenv("DATABASE_URL") or '
        'f"sqlite:///{os.path.dirname(os.path.abspath(__file__))}/site.db"\n'
        '    TESTING_DATABASE_URL = os.getenv("TESTING_DATABASE_URL")\n'
        '    LOG_FOLDER: str = config_ini["logs"]["LOG_FOLDER"] \\\n'
        '        or os.path.join(os.path.dirname(os.path.abspath(__file__)), "logs")\n'
        '    UPLOAD_FOLDER: str = config_ini["uploads"]["UPLOAD_FOLDER"] \\\n'
        '        or os.path.join(os.path.dirname(os.path.abspath(__file__)), "uploads")\n'
    )


def test_folders_named_beside_the_module_over_continuation_lines_are_the_apps(tmp_path: Path) -> None:
    _ctfd_like(tmp_path)
    app = inspect_project(tmp_path).primary
    assert app is not None
    found = {(w.path, w.kind, w.beside_code) for w in app.writable_paths}
    assert found == {
        ("site_app/logs", "logs", False),
        ("site_app/uploads", "uploads", False),
        ("site_app/site.db", "sqlite", True),  # among the package's modules
    }
    # With a database server the SQLite fallback is not used: only the folders are the app's.
    served = advise({"project_name": "site", "host_os": "linux", "database": "mysql"}, folder=tmp_path)
    text = render_dockerfile(served.setup)
    assert "mkdir -p /app/site_app/logs /app/site_app/uploads \\" in text
    env = _compose(served)["services"]["app"]["environment"]
    assert "DATABASE_URL" in env and "TESTING_DATABASE_URL" not in env  # a test suite's own
    assert "volumes" not in _compose(served)["services"]["app"]
    # With SQLite, a volume in the package folder would hide the code: the app's own
    # DATABASE_URL puts the file in data/, a volume, and the package folder stays the image's.
    alone = advise({"project_name": "site", "host_os": "linux", "database": "none"}, folder=tmp_path)
    assert "/app/site_app \\" not in render_dockerfile(alone.setup)
    assert alone.setup.data_volumes() == [("app-data", "/app/data")]
    assert "DATABASE_URL=sqlite:////app/data/site.db" in alone.files("en")[".env"]
    assert "SQLite database in `site_app/`" not in alone.report("en")


def test_an_ini_file_read_through_an_env_interpolating_parser_names_the_variables(tmp_path: Path) -> None:
    """Each blank option of config.ini comes from the variable of the same name (CTFd's
    EnvInterpolation): SECRET_KEY gets a generated secret, the database its URL, and a
    feature switch named like a mode (SAFE_MODE) is not mistaken for the environment."""
    _ctfd_like(tmp_path)
    (tmp_path / "site_app" / "settings.py").write_text(
        "import configparser\nimport os\n\n\nclass EnvInterpolation(configparser.BasicInterpolation):\n"
        "    def before_get(self, parser, section, option, value, defaults):\n"
        "        envvar = os.getenv(option)\n        return envvar if value == '' and envvar else value\n\n\n"
        "config_ini = configparser.ConfigParser(interpolation=EnvInterpolation())\n"
        "config_ini.read(os.path.join(os.path.dirname(__file__), 'config.ini'))\n"
    )
    (tmp_path / "site_app" / "config.ini").write_text(
        "[server]\n# blank: generated\nSECRET_KEY =\nDATABASE_URL =\n\n"
        "[optional]\nSAFE_MODE =\nTHEME = core\n"
    )
    app = inspect_project(tmp_path).primary
    assert app is not None
    reads = {v.name: v for v in app.env_vars}
    assert reads["SECRET_KEY"].source == "site_app/config.ini" and reads["THEME"].default == "core"
    advice = advise({"project_name": "site", "host_os": "linux", "database": "mysql"}, folder=tmp_path)
    env = _compose(advice)["services"]["app"]["environment"]
    assert env["SECRET_KEY"] == "${SECRET_KEY:?set it in .env}"
    assert env["DATABASE_URL"].startswith("mysql+pymysql://") and "SAFE_MODE" not in env


def test_a_theme_whose_package_json_only_rebuilds_its_assets_is_a_static_site(tmp_path: Path) -> None:
    """index.html at the top, the built CSS committed, and a package.json for gulp's Sass
    tasks (a Bootstrap theme): nginx serves the files; the asset tooling stays out."""
    (tmp_path / "index.html").write_text("<!doctype html><link href='css/site.min.css' rel='stylesheet'>\n")
    (tmp_path / "css").mkdir()
    (tmp_path / "css" / "site.min.css").write_text("body{margin:0}\n")
    (tmp_path / "gulpfile.js").write_text("const gulp = require('gulp');\n")
    (tmp_path / "package.json").write_text(
        json.dumps(
            {
                "name": "theme",
                "scripts": {"start": "node_modules/.bin/gulp watch"},
                "dependencies": {"bootstrap": "4.6.0", "jquery": "3.6.0"},
                "devDependencies": {"gulp": "4.0.2", "browser-sync": "2.26.14"},
            }
        )
    )
    app = inspect_project(tmp_path).primary
    assert app is not None and app.language.value == "static" and app.kind == "static"
    advice = advise({"project_name": "theme", "host_os": "linux"}, folder=tmp_path)
    files = {f.name: f.content for f in render_files(advice.setup, "en")}
    assert "COPY . /usr/share/nginx/html" in files["Dockerfile"]
    ignored = files[".dockerignore"].splitlines()
    assert {"package.json", "gulpfile.js", "node_modules/"} <= set(ignored)
    # A package.json with a server of its own stays a Node app.
    (tmp_path / "server.js").write_text("require('http').createServer().listen(3000)\n")
    node = inspect_project(tmp_path).primary
    assert node is not None and node.language.value == "node"


def test_a_project_for_two_databases_runs_the_one_its_compose_file_runs(tmp_path: Path) -> None:
    """Drivers for PostgreSQL and MongoDB, one env example for each (a NestJS starter's
    env-example-relational / env-example-document), a compose file running postgres: the
    answer is postgres and only the relational example's settings are the app's. Its own
    token secrets get generated values, not the example's, and multer's disk folder is its."""
    (tmp_path / "package.json").write_text(
        json.dumps(
            {
                "name": "api",
                "scripts": {"start:prod": "node dist/main", "build": "nest build"},
                "dependencies": {
                    "@nestjs/core": "11",
                    "pg": "8",
                    "mongoose": "8",
                    "typeorm": "0.3",
                    "multer": "2",
                },
            }
        )
    )
    (tmp_path / "package-lock.json").write_text('{"lockfileVersion": 3, "packages": {}}')
    (tmp_path / "docker-compose.yaml").write_text("services:\n  postgres:\n    image: postgres:17-alpine\n")
    (tmp_path / "env-example-relational").write_text(
        "DATABASE_TYPE=postgres\nDATABASE_HOST=postgres\nAUTH_REFRESH_SECRET=secret_for_refresh\n"
    )
    (tmp_path / "env-example-document").write_text(
        "DATABASE_TYPE=mongodb\nDATABASE_URL=mongodb://mongo:27017\nAUTH_REFRESH_SECRET=secret_for_refresh\n"
    )
    (tmp_path / "src").mkdir()
    (tmp_path / "src" / "main.ts").write_text(
        "const type = process.env.DATABASE_TYPE;\nconst host = process.env.DATABASE_HOST;\n"
        "const url = process.env.DATABASE_URL;\nconst refresh = process.env.AUTH_REFRESH_SECRET;\n"
        "app.listen(process.env.APP_PORT ?? 3000);\n"
    )
    (tmp_path / "src" / "files.module.ts").write_text(
        "import { diskStorage } from 'multer';\nconst storage = diskStorage({ destination: './files' });\n"
    )
    advice = advise({"project_name": "api", "host_os": "linux"}, folder=tmp_path)
    assert advice.answers.database == "postgres"
    app = inspect_project(tmp_path).primary
    assert app is not None and [(w.path, w.detail) for w in app.writable_paths] == [
        ("files", "multer destination")
    ]
    assert "files" in advice.setup.build.writable
    env = _compose(advice)["services"]["app"]["environment"]
    # DATABASE_TYPE names the engine (TypeORM's type): it is the database advisor runs.
    assert env["DATABASE_HOST"] == "db" and env["DATABASE_TYPE"] == "postgres"
    files = {f.name: f.content for f in render_files(advice.setup, "en")}
    assert "mongodb" not in files[".env"]
    assert "AUTH_REFRESH_SECRET=secret_for_refresh" not in files[".env"]
    assert re.search(r"^AUTH_REFRESH_SECRET=\S{24,}$", files[".env"], re.M)


def test_a_release_step_run_by_dev_tools_keeps_them_and_finds_its_env_file(tmp_path: Path) -> None:
    """Procfile `release: echo '' > .env && npm run migration:run`, the script running
    env-cmd and ts-node (dev dependencies): the image keeps the dev dependencies, has the
    empty .env already (its folder is not the app user's to write) and the release step
    starts at the migration."""
    (tmp_path / "package.json").write_text(
        json.dumps(
            {
                "name": "api",
                "scripts": {
                    "start:prod": "node dist/main",
                    "build": "nest build",
                    "typeorm": "env-cmd -- ts-node -r tsconfig-paths/register ./node_modules/typeorm/cli.js",
                    "migration:run": "npm run typeorm -- migration:run",
                },
                "dependencies": {"@nestjs/core": "11", "pg": "8", "typeorm": "0.3"},
                "devDependencies": {"env-cmd": "11", "ts-node": "10", "tsconfig-paths": "4", "jest": "29"},
            }
        )
    )
    (tmp_path / "package-lock.json").write_text('{"lockfileVersion": 3, "packages": {}}')
    (tmp_path / "Procfile").write_text(
        "web: npm run start:prod\nrelease: echo '' > .env && npm run migration:run\n"
    )
    advice = advise({"project_name": "api", "host_os": "linux", "database": "postgres"}, folder=tmp_path)
    assert advice.setup.build.release == ("npm", "run", "migration:run")
    assert advice.setup.build.release_tools == ("env-cmd", "ts-node", "tsconfig-paths")
    text = render_dockerfile(advice.setup)
    assert "npm prune" not in text and "the release step\n# runs env-cmd, ts-node, tsconfig-paths" in text
    assert text.index("RUN touch .env") < text.index("USER 1000:1000")
    # Without the dev tools in the release step, the image drops the dev dependencies.
    (tmp_path / "Procfile").write_text("web: npm run start:prod\nrelease: node dist/migrate.js\n")
    plain = render_dockerfile(advise({"project_name": "api", "host_os": "linux"}, folder=tmp_path).setup)
    assert "npm prune --omit=dev" in plain and "touch .env" not in plain


def test_a_go_option_table_names_the_variables_and_a_migration_switch_is_turned_on(tmp_path: Path) -> None:
    """A Go service that reads os.Environ() whole against a table of option names (miniflux):
    those are the variables it reads; with no migration step of its own, its switch to
    migrate as it starts is turned on, in the form of its default, and the report says so."""
    (tmp_path / "go.mod").write_text("module feeds.app/v2\n\ngo 1.24\n\nrequire github.com/lib/pq v1.10.9\n")
    (tmp_path / "main.go").write_text(
        'package main\n\nimport (\n\t"net/http"\n\t_ "github.com/lib/pq"\n)\n\n'
        'func main() { http.ListenAndServe(":8080", nil) }\n'
    )
    config = tmp_path / "internal" / "config"
    config.mkdir(parents=True)
    (config / "parser.go").write_text(
        'package config\n\nimport "os"\n\nfunc Parse() []string { return os.Environ() }\n'
    )
    (config / "options.go").write_text(
        "package config\n\nvar defaults = map[string]option{\n"
        '\t"DATABASE_URL": {\n\t\trawValue: "user=postgres dbname=feeds sslmode=disable",\n\t},\n'
        '\t"RUN_MIGRATIONS": {\n\t\tparsedBoolValue: false,\n\t\trawValue: "0",\n\t},\n}\n'
    )
    app = inspect_project(tmp_path).primary
    assert app is not None
    reads = {v.name: v for v in app.env_vars}
    assert reads["RUN_MIGRATIONS"].role == "migrate_on_start" and reads["RUN_MIGRATIONS"].default == "0"
    advice = advise({"host_os": "linux", "database": "postgres"}, folder=tmp_path)
    assert advice.answers.project_name == "feeds"  # the module path's domain, not its v2
    env = _compose(advice)["services"]["app"]["environment"]
    assert env["RUN_MIGRATIONS"] == "1" and env["DATABASE_URL"].startswith("postgresql://")
    assert "the app migrates its database as it starts when `RUN_MIGRATIONS` is on" in advice.report("en")
    # Without a database, nothing to migrate: the switch stays the app's.
    plain = advise({"host_os": "linux", "database": "none"}, folder=tmp_path)
    files = {f.name: f.content for f in render_files(plain.setup, "en")}
    assert "RUN_MIGRATIONS" not in files["run.sh"] and "RUN_MIGRATIONS=1" not in files.get(".env", "")


def test_a_node_apps_data_folder_default_gets_a_volume_and_test_configs_give_no_port(tmp_path: Path) -> None:
    """process.env.DATA_DIR || … || "./data/" is where the app keeps its SQLite database and
    uploads (Uptime Kuma): the folder is the app user's and a volume keeps it. Its port is the
    last of a list of fallbacks, not the port of the test runner's config; a Redis client the
    app names no address for (a monitor of other people's Redis) is no cache of its own."""
    (tmp_path / "package.json").write_text(
        json.dumps(
            {
                "name": "kuma",
                "main": "server/server.js",
                "scripts": {"start-server": "node server/server.js"},
                "dependencies": {"express": "4", "redis": "4", "@louislam/sqlite3": "15"},
                "devDependencies": {"@playwright/test": "1"},
            }
        )
    )
    (tmp_path / "package-lock.json").write_text('{"lockfileVersion": 3, "packages": {}}')
    (tmp_path / "server").mkdir()
    (tmp_path / "server" / "server.js").write_text("const app = require('express')();\napp.listen(port);\n")
    (tmp_path / "server" / "config.js").write_text(
        "const port = [args.port, process.env.KUMA_PORT, process.env.PORT, 3001]\n"
        "    .map((p) => parseInt(p)).find((p) => !isNaN(p));\n"
    )
    (tmp_path / "server" / "database.js").write_text(
        'Database.dataDir = process.env.DATA_DIR || args["data-dir"] || Database.devDir() || "./data/";\n'
    )
    (tmp_path / "server" / "redis-monitor.js").write_text("const { createClient } = require('redis');\n")
    (tmp_path / "config").mkdir()
    (tmp_path / "config" / "playwright.config.js").write_text("const port = 30001;\n")
    advice = advise({"project_name": "kuma", "host_os": "linux"}, folder=tmp_path)
    assert advice.answers.app_port == 3001 and advice.answers.cache == "none"
    assert advice.setup.data_volumes() == [("app-data", "/app/data")]
    files = {f.name: f.content for f in render_files(advice.setup, "en")}
    assert "mkdir -p /app/data" in files["Dockerfile"]
    assert '--volume "$name-app-data:/app/data"' in files["run.sh"]
    # With a Redis address the app reads, the client is its cache.
    (tmp_path / "server" / "redis-monitor.js").write_text("createClient({ url: process.env.REDIS_URL });\n")
    assert advise({"project_name": "kuma", "host_os": "linux"}, folder=tmp_path).answers.cache == "redis"


def test_a_next_apps_build_leaves_the_migration_to_the_release_step_and_gets_its_public_values(
    tmp_path: Path,
) -> None:
    """`build: run-s db:migrate build:next` (a Next.js starter with Drizzle): the image builds
    with build:next and no database; db:migrate is the release step, its drizzle-kit (a dev
    dependency) kept; next.config imports a dev dependency, kept too. `next build` gets the
    NEXT_PUBLIC_ values of .env as build arguments and placeholders for the secrets the app
    checks as it loads."""
    shutil.copytree(FIXTURES / "nextjs", tmp_path / "web")
    folder = tmp_path / "web"
    data = json.loads((folder / "package.json").read_text())
    data["scripts"].update(
        {
            "build": "run-s db:migrate build:next",
            "build:next": "next build",
            "db:migrate": "drizzle-kit migrate",
        }
    )
    data["dependencies"] = {"next": "16", "react": "19", "react-dom": "19", "drizzle-orm": "0.44", "pg": "8"}
    data["devDependencies"] = {"drizzle-kit": "0.31", "@next/bundle-analyzer": "16", "npm-run-all2": "8"}
    (folder / "package.json").write_text(json.dumps(data))
    shutil.rmtree(folder / "prisma")
    (folder / "next.config.mjs").write_text(
        "import withBundleAnalyzer from '@next/bundle-analyzer';\nexport default withBundleAnalyzer()({});\n"
    )
    (folder / ".env.example").write_text(
        "NEXT_PUBLIC_CLERK_PUBLISHABLE_KEY=pk_test_abc\nCLERK_SECRET_KEY=your_secret_key\n"
        "NEXT_PUBLIC_DEMO_PASSWORD=demo\n"
    )
    (folder / "app" / "env.ts").write_text(
        "export const env = { key: process.env.CLERK_SECRET_KEY, db: process.env.DATABASE_URL,\n"
        "  pub: process.env.NEXT_PUBLIC_CLERK_PUBLISHABLE_KEY,\n"
        "  demo: process.env.NEXT_PUBLIC_DEMO_PASSWORD };\n"
    )
    advice = advise({"project_name": "web", "host_os": "linux", "database": "postgres"}, folder=folder)
    build = advice.setup.build
    assert build.build == ("npm", "run", "build:next") and build.release == ("npm", "run", "db:migrate")
    assert build.release_tools == ("drizzle-kit",) and build.config_dev_imports == ("@next/bundle-analyzer",)
    # With pnpm, the build runs only build:next too; npm runs the migration in the image.
    data = json.loads((folder / "package.json").read_text())
    data["packageManager"] = "pnpm@9.12.3"
    (folder / "package.json").write_text(json.dumps(data))
    (folder / "package-lock.json").unlink()
    (folder / "pnpm-lock.yaml").write_text("lockfileVersion: '9.0'\n")
    pnpm = advise(
        {"project_name": "web", "host_os": "linux", "database": "postgres"}, folder=folder
    ).setup.build
    assert pnpm.build == ("pnpm", "run", "build:next") and pnpm.release == ("npm", "run", "db:migrate")
    text = render_dockerfile(advice.setup)
    assert "npm prune" not in text and "npm run build:next" in text
    assert "ARG NEXT_PUBLIC_CLERK_PUBLISHABLE_KEY" in text
    assert text.index("ARG NEXT_PUBLIC_CLERK_PUBLISHABLE_KEY") > text.index("COPY . .")  # npm ci stays cached
    # a public value whose name looks secret (linkwarden's NEXT_PUBLIC_DEMO_PASSWORD): hadolint-clean
    assert "# hadolint ignore=DL3064\nARG NEXT_PUBLIC_DEMO_PASSWORD" in text
    assert_hadolint_clean(text, tmp_path)
    stage = text[text.index("AS build") : text.index("AS final")]
    assert (
        f"CLERK_SECRET_KEY={BUILD_SECRET}" in stage
        and "DATABASE_URL=postgresql://build:build@db:5432/build" in stage
    )
    compose = _compose(advice)
    args = compose["services"]["app"]["build"]["args"]
    assert args == {
        "NEXT_PUBLIC_CLERK_PUBLISHABLE_KEY": "${NEXT_PUBLIC_CLERK_PUBLISHABLE_KEY:-}",
        "NEXT_PUBLIC_DEMO_PASSWORD": "${NEXT_PUBLIC_DEMO_PASSWORD:-}",
    }
    assert compose["services"]["migrate"]["command"] == ["npm", "run", "db:migrate"]
    # run.sh hands docker build the same values from .env.
    alone = advise({"project_name": "web", "host_os": "linux", "database": "none"}, folder=folder)
    script = {f.name: f.content for f in render_files(alone.setup, "en")}["run.sh"]
    assert "grep -E '^(NEXT_PUBLIC_CLERK_PUBLISHABLE_KEY|NEXT_PUBLIC_DEMO_PASSWORD)=' .env" in script
    assert 'docker build --tag "$image" "$@" .' in script


def test_django_static_files_the_project_commits_collected_are_not_collected_again(tmp_path: Path) -> None:
    """STATIC_ROOT holds the project's own staticfiles.json (its asset build and collectstatic
    ran before the commit, babybuddy): the image runs no collectstatic, which would rewrite the
    manifest from the fewer sources it has, and the report says how to update them."""
    shutil.copytree(FIXTURES / "django-gunicorn", tmp_path / "blog")
    folder = tmp_path / "blog"
    (folder / "staticfiles").mkdir()
    (folder / "staticfiles" / "staticfiles.json").write_text('{"paths": {"app.css": "app.1a2b.css"}}')
    advice = advise({"host_os": "linux", "environment": "production", "database": "postgres"}, folder=folder)
    text = render_dockerfile(advice.setup)
    assert "collectstatic --noinput" not in text and "commits its collected static files" in text
    assert "The project commits its collected static files (`staticfiles/staticfiles.json`" in advice.report(
        "en"
    )
    assert "collectstatic으로 모은 정적 파일을 커밋해 둡니다" in advice.report("ko")


def test_folders_the_projects_settings_name_are_the_apps_and_a_radix_is_no_port(tmp_path: Path) -> None:
    """The project's compose file gives the app UPLOAD_FOLDER=/var/uploads and
    LOG_FOLDER=/var/log/app (CTFd): both folders are made the app user's, the uploads one
    gets a volume. `parseInt(process.env.PORT, 10)` names no port (10 is the radix)."""
    _ctfd_like(tmp_path)
    (tmp_path / "docker-compose.yml").write_text(
        "services:\n  web:\n    build: .\n    environment:\n"
        "      UPLOAD_FOLDER: /var/uploads\n      LOG_FOLDER: /var/log/app\n      WORKERS: 1\n"
    )
    advice = advise({"project_name": "site", "host_os": "linux", "database": "mysql"}, folder=tmp_path)
    text = render_dockerfile(advice.setup)
    assert "mkdir -p /var/uploads /var/log/app" in text
    assert advice.setup.data_volumes() == [("app-data", "/var/uploads")]  # logs need no volume
    from advisor.inspect.node_ports import port_in_code

    assert port_in_code("const port = parseInt(process.env.PORT, 10);", "app.js") is None
    found = port_in_code("const port = [args.port, process.env.PORT, 3001].find(Boolean);", "app.js")
    assert found is not None and found.value == 3001


def test_an_environment_name_the_code_looks_up_in_a_mapping_is_one_of_its_keys(tmp_path: Path) -> None:
    """`config_type[os.getenv("ENV", "local")]` with the keys test/local/prod: ENV is local in
    development and prod in production (development would be a KeyError as the app starts),
    whatever a settings class's own default says."""
    (tmp_path / "requirements.txt").write_text("fastapi\nuvicorn\npydantic-settings\n")
    (tmp_path / "main.py").write_text("from fastapi import FastAPI\n\napp = FastAPI()\n")
    (tmp_path / "config.py").write_text(
        "import os\n\nfrom pydantic_settings import BaseSettings\n\n\nclass Config(BaseSettings):\n"
        '    ENV: str = "development"\n\n\nclass Local(Config):\n    pass\n\n\n'
        "class Prod(Config):\n    pass\n\n\n"
        'def get_config():\n    env = os.getenv("ENV", "local")\n'
        '    config_type = {"test": Config(), "local": Local(), "prod": Prod()}\n'
        "    return config_type[env]\n"
    )
    app = inspect_project(tmp_path).primary
    assert app is not None and next(v for v in app.env_vars if v.name == "ENV").allowed == (
        "test",
        "local",
        "prod",
    )
    for environment, word in (("development", "local"), ("production", "prod")):
        advice = advise(
            {"project_name": "svc", "host_os": "linux", "environment": environment}, folder=tmp_path
        )
        env = next(v for v in advice.setup.env if v.name == "ENV")
        assert env.value == word, environment


def test_a_locked_package_only_older_pythons_install_sets_no_python_ceiling(tmp_path: Path) -> None:
    """poetry.lock: backports.zoneinfo (wheels up to cp38) is installed only below 3.9, so it
    caps nothing; psycopg2-binary 2.9.3 (wheels up to cp310) caps the image at 3.10."""
    from advisor.inspect.tree import Tree
    from advisor.inspect.wheels import lock_ceiling

    (tmp_path / "pyproject.toml").write_text(
        '[tool.poetry]\nname = "site"\n\n[tool.poetry.dependencies]\npython = "^3.8"\ndjango = "*"\n'
    )
    wheel = (
        '    {{file = "{0}-{1}-cp3{2}-cp3{2}-manylinux_2_17_x86_64.manylinux2014_x86_64.whl", hash = "x"}},\n'
    )
    lock = (
        '[[package]]\nname = "django"\nversion = "4.2"\nfiles = []\n\n[package.dependencies]\n'
        '"backports.zoneinfo" = {version = "*", markers = "python_version < \\"3.9\\""}\n\n'
        '[[package]]\nname = "backports.zoneinfo"\nversion = "0.2.1"\nfiles = [\n'
        + "".join(wheel.format("backports.zoneinfo", "0.2.1", m) for m in (7, 8))
        + ']\n\n[[package]]\nname = "psycopg2-binary"\nversion = "2.9.3"\nfiles = [\n'
        + "".join(wheel.format("psycopg2_binary", "2.9.3", m) for m in (8, 9, 10))
        + "]\n"
    )
    (tmp_path / "poetry.lock").write_text(lock)
    assert lock_ceiling(Tree(tmp_path), "poetry.lock") == (3, 10)
    app = inspect_project(tmp_path).primary
    assert app is not None and app.runtime is not None and app.runtime.image_tag == "3.10"
    # A lock whose wheels stop at 3.8 (httptools 0.1.2 via uvicorn 0.11; m15 ultimate-fastapi):
    # 3.8 itself, which ^3.8 allows, past its end of life (said), not 3.10 with no wheel.
    (tmp_path / "poetry.lock").write_text(
        lock.replace('version = "2.9.3"', 'version = "2.8.6"')
        .replace("cp310-cp310", "cp38-cp38")
        .replace("cp39-cp39", "cp38-cp38")
    )
    assert lock_ceiling(Tree(tmp_path), "poetry.lock") == (3, 8)
    advice = advise({"host_os": "linux"}, folder=tmp_path)
    assert advice.setup.build.runtime_version == "3.8"
    assert "so the image uses `3.8`, a line past its end of life" in advice.report("en")
    # In Korean, the reason the inspector gives reads in Korean too.
    korean = advice.report("ko")
    assert "poetry.lock 휠 기준 3.8까지" in korean and "wheels in" not in korean


def test_node_build_and_release_steps_in_command_chains_and_start_suffixes(tmp_path: Path) -> None:
    """`build: tsx lib/db/migrate && next build` (vercel/ai-chatbot): the image builds with
    `next build` and the migration file is the release step; a start:prod with only a
    build:prod builds with it (awesome-nest); a migrate script that runs the project's own
    migration file is a release step, run by npm (the image's pnpm would be fetched by its
    user); engines >=25 gets Node 25."""
    (tmp_path / "package.json").write_text(
        json.dumps(
            {
                "name": "chat",
                "packageManager": "pnpm@9.12.3",
                "engines": {"node": ">=25"},
                "scripts": {
                    "build": "tsx lib/db/migrate && next build",
                    "start": "next start",
                    "db:migrate": "npx tsx lib/db/migrate.ts",
                },
                "dependencies": {"next": "16", "react": "19", "drizzle-orm": "0.44", "postgres": "3"},
                "devDependencies": {"tsx": "4"},
            }
        )
    )
    (tmp_path / "pnpm-lock.yaml").write_text("lockfileVersion: '9.0'\n")
    app = inspect_project(tmp_path).primary
    assert app is not None and app.build is not None and app.release is not None
    assert app.build.argv == ("npx", "next", "build")
    assert app.release.argv == ("npx", "tsx", "lib/db/migrate") and app.release_tools == ("tsx",)
    assert app.runtime is not None and app.runtime.image_tag == "26"
    # Without the chain, the migrate script is the release step, run by npm.
    data = json.loads((tmp_path / "package.json").read_text())
    data["scripts"]["build"] = "next build"
    (tmp_path / "package.json").write_text(json.dumps(data))
    again = inspect_project(tmp_path).primary
    assert (
        again is not None and again.release is not None and again.release.argv == ("npm", "run", "db:migrate")
    )
    # start:prod and build:prod, no build.
    data["scripts"] = {"build:prod": "nest build", "start:prod": "node dist/main.js"}
    data["dependencies"] = {"@nestjs/core": "11"}
    (tmp_path / "package.json").write_text(json.dumps(data))
    nest = inspect_project(tmp_path).primary
    assert nest is not None and nest.build is not None and nest.build.argv == ("pnpm", "run", "build:prod")


def test_a_django_project_one_folder_down_runs_there_and_an_example_domain_is_no_host(tmp_path: Path) -> None:
    """pyproject/requirements at the top, manage.py and the project in site/ (shynet): the image
    works in /app/site (start, release and collectstatic run there, STATIC_ROOT below it);
    the template's ALLOWED_HOSTS=example.com would refuse every request: localhost in
    development, the site address behind the proxy in production."""
    shutil.copytree(FIXTURES / "django-gunicorn", tmp_path / "repo" / "site")
    top = tmp_path / "repo"
    (top / "site" / "requirements.txt").rename(top / "requirements.txt")
    shutil.move(str(top / "site" / "requirements"), str(top / "requirements"))
    (top / "site" / ".env.example").write_text(
        "ALLOWED_HOSTS=example.com\nCSRF_TRUSTED_ORIGINS=https://example.com\n"
    )
    shutil.move(str(top / "site" / ".env.example"), str(top / "TEMPLATE.env.example"))
    base = top / "site" / "config" / "settings" / "base.py"
    base.write_text(base.read_text() + '\nALLOWED_HOSTS = os.environ.get("ALLOWED_HOSTS", "").split(",")\n')
    advice = advise({"host_os": "linux", "database": "postgres"}, folder=top)
    build = advice.setup.build
    assert build.workdir == "site" and build.release == ("python", "manage.py", "migrate", "--noinput")
    text = render_dockerfile(advice.setup)
    assert text.index("WORKDIR /app/site") < text.index("python manage.py collectstatic --noinput")
    assert "/app/site/staticfiles" in text and 'CMD ["gunicorn", "config.wsgi:application"' in text
    env = {v.name: v for v in advice.setup.env}
    assert env["ALLOWED_HOSTS"].value == "localhost,127.0.0.1"
    prod = advise({"host_os": "linux", "database": "postgres", "environment": "production"}, folder=top)
    app = _compose(prod)["services"]["app"]["environment"]
    assert app["ALLOWED_HOSTS"] == "${SITE_ADDRESS:?set it in .env}"


def test_typeorms_variables_and_an_engine_selector_settle_the_database(tmp_path: Path) -> None:
    """Drivers for PostgreSQL and MySQL, .env.example's TYPEORM_CONNECTION=postgres (an
    express-typescript starter): the database is postgres and TypeORM's own variables get
    the connection, TYPEORM_CONNECTION the engine. A key written on one line with \\n
    escapes is a value .env can hold as it is."""
    (tmp_path / "package.json").write_text(
        json.dumps(
            {
                "name": "api",
                "main": "dist/app.js",
                "scripts": {"start": "node dist/app.js", "build": "tsc"},
                "dependencies": {"express": "4", "typeorm": "0.2", "pg": "8", "mysql": "2"},
            }
        )
    )
    (tmp_path / "package-lock.json").write_text('{"lockfileVersion": 3, "packages": {}}')
    (tmp_path / ".env.example").write_text(
        "TYPEORM_CONNECTION=postgres\nTYPEORM_HOST=localhost\nTYPEORM_USERNAME=username\n"
        "JWT_PUBLIC_KEY=-----BEGIN PUBLIC KEY-----\\nMIIBIjAN\\n-----END PUBLIC KEY-----\n"
    )
    (tmp_path / "src").mkdir()
    (tmp_path / "src" / "env.ts").write_text(
        "export const env = {\n  type: process.env.TYPEORM_CONNECTION,\n  host: process.env.TYPEORM_HOST,\n"
        "  user: process.env.TYPEORM_USERNAME,\n  pass: process.env.TYPEORM_PASSWORD,\n"
        "  db: process.env.TYPEORM_DATABASE,\n  key: process.env.JWT_PUBLIC_KEY,\n};\n"
    )
    advice = advise({"project_name": "api", "host_os": "linux"}, folder=tmp_path)
    assert advice.answers.database == "postgres"
    env = _compose(advice)["services"]["app"]["environment"]
    assert env["TYPEORM_HOST"] == "db" and env["TYPEORM_CONNECTION"] == "postgres"
    assert env["TYPEORM_PASSWORD"] == "${POSTGRES_PASSWORD:?set it in .env}"
    files = {f.name: f.content for f in render_files(advice.setup, "en")}
    assert "JWT_PUBLIC_KEY=-----BEGIN PUBLIC KEY-----\\nMIIBIjAN\\n-----END PUBLIC KEY-----" in files[".env"]


def test_auth_js_in_development_is_told_its_secure_cookie_needs_https(tmp_path: Path) -> None:
    folder = _nextjs_with(tmp_path, **{"next-auth": "5.0.0-beta.25"})
    dev = advise({"host_os": "linux", "database": "postgres"}, folder=folder)
    assert "where Auth.js's session cookie is a secure one, sent only over HTTPS" in dev.report("en")
    assert "Auth.js의 세션 쿠키는 HTTPS로만 보내는 보안 쿠키" in dev.report("ko")
    prod = advise({"host_os": "linux", "database": "postgres", "environment": "production"}, folder=folder)
    assert "secure one, sent only over HTTPS" not in prod.report("en")  # Caddy serves HTTPS


def test_flask_migrate_without_committed_migrations_is_pointed_out(tmp_path: Path) -> None:
    """Flask-Migrate with no migrations/ folder (flask-realworld): no step creates the tables,
    and the report says how to make the migrations; with the folder, `flask db upgrade` runs."""
    (tmp_path / "requirements.txt").write_text(
        "flask\nflask-sqlalchemy\nflask-migrate\npsycopg2-binary\ngunicorn\n"
    )
    (tmp_path / "app.py").write_text("from flask import Flask\n\napp = Flask(__name__)\n")
    advice = advise({"project_name": "blog", "host_os": "linux", "database": "postgres"}, folder=tmp_path)
    assert advice.setup.build.release == ()
    assert "commits no `migrations/` folder, so nothing creates its tables" in advice.report("en")
    assert "`migrations/` 폴더가 커밋되어 있지 않습니다" in advice.report("ko")
    (tmp_path / "migrations").mkdir()
    (tmp_path / "migrations" / "env.py").write_text("# alembic env\n")
    migrated = advise({"project_name": "blog", "host_os": "linux", "database": "postgres"}, folder=tmp_path)
    assert migrated.setup.build.release == ("flask", "db", "upgrade")
    assert "commits no `migrations/` folder" not in migrated.report("en")


def test_the_variable_that_sets_the_frameworks_signing_key_gets_a_generated_secret(tmp_path: Path) -> None:
    """SECRET_KEY = os.environ.get("CONDUIT_SECRET", "secret-key") (flask-realworld): the
    prefixed name alone would be taken for a provider's secret, but it is Flask's own signing
    key, so .env gets a random value; a provider's GITHUB_SECRET stays the person's."""
    (tmp_path / "requirements.txt").write_text("flask==3.1.0\ngunicorn==23.0.0\n")
    (tmp_path / "settings.py").write_text(
        "import os\n\n\nclass Config:\n"
        '    SECRET_KEY = os.environ.get("CONDUIT_SECRET", "secret-key")\n'
        '    GITHUB_SECRET = os.environ.get("GITHUB_SECRET")\n'
    )
    (tmp_path / "app.py").write_text("from flask import Flask\n\napp = Flask(__name__)\n")
    app = inspect_project(tmp_path).primary
    assert app is not None
    roles = {v.name: v.role for v in app.env_vars}
    assert roles["CONDUIT_SECRET"] == "secret_key" and roles["GITHUB_SECRET"] == "other"
    advice = advise({"host_os": "linux"}, folder=tmp_path)
    files = {f.name: f.content for f in render_files(advice.setup, "en")}
    values = dict(line.split("=", 1) for line in files[".env"].splitlines() if re.match(r"[A-Z_]+=", line))
    assert len(values["CONDUIT_SECRET"]) >= 32
    assert not values.get("GITHUB_SECRET")


def test_a_node_project_with_no_lockfile_installs_without_one_and_is_told_to_commit_one(
    tmp_path: Path,
) -> None:
    """package.json and no lockfile (coreui's admin template, fastify/demo): `npm ci` stops
    with EUSAGE, so the image runs `npm install`, for the SPA build too, and the report
    says how to get the reproducible frozen install."""
    package = {"name": "api", "scripts": {"start": "node server.js"}, "dependencies": {"express": "^4.21.0"}}
    (tmp_path / "package.json").write_text(json.dumps(package))
    (tmp_path / "server.js").write_text("require('express')().listen(process.env.PORT || 3000);\n")
    advice = advise({"host_os": "linux"}, folder=tmp_path)
    text = render_dockerfile(advice.setup)
    assert "npm ci" not in text and "    npm install\n" in text and "npm prune --omit=dev" in text
    assert "commits no lockfile" in advice.report(
        "en"
    ) and "이미지는 `npm install` 명령으로 설치하고" in advice.report("ko")
    (tmp_path / "package-lock.json").write_text(
        json.dumps({"name": "api", "lockfileVersion": 3, "packages": {}})
    )
    locked = advise({"host_os": "linux"}, folder=tmp_path)
    assert "npm ci" in render_dockerfile(locked.setup) and "commits no lockfile" not in locked.report("en")

    spa = tmp_path / "spa"
    spa.mkdir()
    (spa / "package.json").write_text(
        json.dumps(
            {
                "scripts": {"build": "vite build"},
                "devDependencies": {"vite": "7"},
                "dependencies": {"react": "19"},
            }
        )
    )
    (spa / "index.html").write_text("<div id=root></div>")
    (spa / "vite.config.js").write_text("export default {}\n")
    text = render_dockerfile(advise({"host_os": "linux"}, folder=spa).setup)
    assert "npm ci" not in text and "npm install" in text and "npm run build" in text


def test_a_migration_file_run_with_runner_options_is_the_release_step_and_gets_its_env_file(
    tmp_path: Path,
) -> None:
    """`db:migrate: tsx --env-file=.env ./scripts/migrate.ts` (fastify/demo): the release step,
    tsx kept for it, and an empty .env in the image, since Node stops when the file it is
    told to load is missing (the project's own .env stays out of the image). Fastify's
    listen({ port }) with no host listens on localhost only: the report says so."""
    package = {
        "name": "demo",
        "type": "module",
        "scripts": {
            "build": "tsc",
            "start": "node dist/server.js",
            "db:migrate": "tsx --env-file=.env ./scripts/migrate.ts",
        },
        "dependencies": {"fastify": "^5.0.0", "mysql2": "^3.0.0"},
        "devDependencies": {"tsx": "^4.0.0", "typescript": "^5.0.0"},
    }
    (tmp_path / "package.json").write_text(json.dumps(package))
    (tmp_path / "package-lock.json").write_text(
        json.dumps({"name": "demo", "lockfileVersion": 3, "packages": {}})
    )
    (tmp_path / "src").mkdir()
    (tmp_path / "src" / "server.ts").write_text(
        "import Fastify from 'fastify'\nconst app = Fastify()\n"
        "await app.listen({ port: Number(process.env.PORT ?? 3000) })\n"
    )
    advice = advise({"host_os": "linux", "database": "mysql"}, folder=tmp_path)
    assert advice.setup.build.release == ("npm", "run", "db:migrate")
    text = render_dockerfile(advice.setup)
    assert "RUN touch .env" in text and "npm prune" not in text
    assert "listens on the loopback address only" in advice.report("en")
    assert "루프백 주소" in advice.report("ko")
    # Listening on every address: no note.
    (tmp_path / "src" / "server.ts").write_text(
        "import Fastify from 'fastify'\nconst app = Fastify()\n"
        "await app.listen({ port: 3000, host: '0.0.0.0' })\n"
    )
    assert "loopback" not in advise({"host_os": "linux", "database": "mysql"}, folder=tmp_path).report("en")
    # Fastify 3's positional form, listen(3000): the same loopback default.
    (tmp_path / "src" / "server.ts").write_text(
        "import Fastify from 'fastify'\nconst app = Fastify()\napp.listen(3000)\n"
    )
    assert "listens on the loopback address only" in advise(
        {"host_os": "linux", "database": "mysql"}, folder=tmp_path
    ).report("en")


def test_an_sqlite_database_at_the_apps_top_moves_to_a_volume_its_migrations_share(tmp_path: Path) -> None:
    """DATABASE_URL defaults to sqlite:///app.db (microblog-api): at the app's top a volume
    would hide the code, and without one the release step's container migrates a copy that
    vanishes with it. The app's own variable points at data/app.db, a volume the app and
    the release step both mount, owned by the app's user."""
    (tmp_path / "requirements.txt").write_text("flask\nflask-sqlalchemy\nalembic\ngunicorn\n")
    (tmp_path / "config.py").write_text(
        'import os\n\n\nclass Config:\n    DATABASE_URL = os.environ.get("DATABASE_URL") or "sqlite:///app.db"\n'
    )
    (tmp_path / "app.py").write_text("from flask import Flask\n\napp = Flask(__name__)\n")
    (tmp_path / "alembic.ini").write_text("[alembic]\nscript_location = migrations\nprepend_sys_path = .\n")
    (tmp_path / "Procfile").write_text("web: gunicorn app:app\n")
    advice = advise({"host_os": "linux", "database": "none"}, folder=tmp_path)
    assert advice.setup.build.sqlite_url == ("DATABASE_URL", "sqlite:////app/data/app.db")
    assert advice.setup.url == "http://localhost:8000/"  # the app's address, not the database's
    assert advice.setup.data_volumes() == [("app-data", "/app/data")]
    files = advice.files("en")
    assert "\nDATABASE_URL=sqlite:////app/data/app.db\n" in files[".env"]
    assert files["run.sh"].count('--volume "$name-app-data:/app/data"') == 2  # the release step and the app
    prod = advise(
        {"host_os": "linux", "database": "none", "environment": "production", "traffic": "medium"},
        folder=tmp_path,
    )
    compose = _compose(prod)
    assert compose["services"]["app"]["environment"]["DATABASE_URL"] == "sqlite:////app/data/app.db"
    assert (
        compose["services"]["migrate"]["volumes"]
        == compose["services"]["app"]["volumes"]
        == ["app-data:/app/data"]
    )
    assert "/app/data" in render_dockerfile(advice.setup)
    # With a database server, its URL replaces the SQLite default: nothing moves.
    server = advise({"host_os": "linux", "database": "postgres"}, folder=tmp_path)
    assert server.setup.build.sqlite_url is None and not server.setup.data_volumes()


def test_code_that_requires_tls_to_the_database_gets_a_db_container_with_tls_on(tmp_path: Path) -> None:
    """`postgres(`${process.env.POSTGRES_URL}?sslmode=require`)` (vercel's
    nextjs-postgres-auth-starter): the db container turns TLS on with the image's own
    test certificate, and the report says why; without such code the image's command stays."""
    package = {"name": "web", "scripts": {"build": "next build", "start": "next start"}}
    package["dependencies"] = {"next": "14.2.0", "postgres": "3.4.4", "drizzle-orm": "0.30.0"}
    (tmp_path / "package.json").write_text(json.dumps(package))
    (tmp_path / "app").mkdir()
    (tmp_path / "app" / "db.ts").write_text(
        "import postgres from 'postgres';\n"
        "let client = postgres(`${process.env.POSTGRES_URL!}?sslmode=require`);\n"
    )
    advice = advise({"host_os": "linux", "database": "postgres"}, folder=tmp_path)
    db = _compose(advice)["services"]["db"]
    assert db["command"][:3] == ["postgres", "-c", "ssl=on"]
    assert "ssl_key_file=/etc/ssl/private/ssl-cert-snakeoil.key" in db["command"]
    assert "connects to the database over TLS only (`app/db.ts`" in advice.report("en")
    assert "TLS로만 연결합니다" in advice.report("ko")
    (tmp_path / "app" / "db.ts").write_text(
        "import postgres from 'postgres';\nlet client = postgres(process.env.POSTGRES_URL!);\n"
    )
    plain = advise({"host_os": "linux", "database": "postgres"}, folder=tmp_path)
    assert "command" not in _compose(plain)["services"]["db"]
    # TypeORM's options set by assignment outside development (koa-typescript-rest).
    (tmp_path / "app" / "db.ts").write_text(
        "if (options.ssl) {\n  options.extra.ssl = {\n    rejectUnauthorized: false,\n  };\n}\n"
    )
    assigned = advise({"host_os": "linux", "database": "postgres"}, folder=tmp_path)
    assert _compose(assigned)["services"]["db"]["command"][:3] == ["postgres", "-c", "ssl=on"]
    # Sequelize's production section (sequelize-graphql-auth-service's config/database.js).
    (tmp_path / "app" / "db.ts").write_text(
        "export const production = {\n  dialectOptions: {\n    ssl: {\n      require: true,\n"
        "      rejectUnauthorized: false,\n    },\n  },\n};\n"
    )
    sequelize = advise({"host_os": "linux", "database": "postgres"}, folder=tmp_path)
    assert _compose(sequelize)["services"]["db"]["command"][:3] == ["postgres", "-c", "ssl=on"]


def test_an_env_schemas_upload_folder_default_is_the_apps_to_write(tmp_path: Path) -> None:
    """@fastify/env's schema `UPLOAD_DIRNAME: { type: 'string', pattern: '^(?!.*\\\\.{2}).*$',
    default: 'uploads' }` (fastify/demo, which makes the folder as it starts): /app/uploads
    belongs to the app's user."""
    package = {"name": "demo", "scripts": {"start": "node server.js"}, "dependencies": {"fastify": "5"}}
    (tmp_path / "package.json").write_text(json.dumps(package))
    (tmp_path / "env.js").write_text(
        "export const schema = {\n  properties: {\n    UPLOAD_DIRNAME: {\n      type: 'string',\n"
        "      pattern: '^(?!.*\\\\.{2}).*$',\n      default: 'uploads'\n    },\n"
        "    LOG_LEVEL: {\n      type: 'string',\n      default: 'info'\n    }\n  }\n}\n"
    )
    (tmp_path / "server.js").write_text("import './env.js'\n")
    app = inspect_project(tmp_path).primary
    assert app is not None
    assert [(w.path, w.kind) for w in app.writable_paths] == [("uploads", "uploads")]
    text = render_dockerfile(advise({"host_os": "linux"}, folder=tmp_path).setup)
    assert "mkdir -p /app/uploads" in text


def test_hosts_and_debug_fixed_in_djangos_settings_are_pointed_out(tmp_path: Path) -> None:
    """ALLOWED_HOSTS = ['.railway.app', '127.0.0.1'] and DEBUG = True in the code (MDN's
    locallibrary): development announces http://127.0.0.1:8000/ (localhost gets 400);
    production says the site's address is refused and debugging stays on, in both languages."""
    shutil.copytree(FIXTURES / "django-gunicorn", tmp_path / "blog")
    folder = tmp_path / "blog"
    base = folder / "config" / "settings" / "base.py"
    text = re.sub(r"(?m)^ALLOWED_HOSTS.*$", "", base.read_text())
    base.write_text(text + "\nALLOWED_HOSTS = ['.railway.app', '127.0.0.1']\n")
    dev = advise({"host_os": "linux", "database": "postgres"}, folder=folder)
    assert dev.setup.url == "http://127.0.0.1:8000/"
    assert "fix the hosts" not in dev.report("en")  # 127.0.0.1 is answered in development
    prod = advise({"host_os": "linux", "database": "postgres", "environment": "production"}, folder=folder)
    report = prod.report("en")
    assert "fix the hosts the app answers for in the code (`config/settings/base.py`" in report
    assert "호스트를 코드에 고정해 두었습니다" in prod.report("ko")
    # Read from the environment: advisor's variable reaches it, no note.
    base.write_text(text + '\nALLOWED_HOSTS = os.environ.get("DJANGO_ALLOWED_HOSTS", "").split(",")\n')
    again = advise({"host_os": "linux", "database": "postgres", "environment": "production"}, folder=folder)
    assert "fix the hosts" not in again.report("en")
    # Extended from the environment a few lines down (the recipe API course's settings).
    base.write_text(
        text + "\nALLOWED_HOSTS = []\nALLOWED_HOSTS.extend(\n    filter(\n        None,\n"
        "        os.environ.get('ALLOWED_HOSTS', '').split(','),\n    )\n)\n"
    )
    extended = advise(
        {"host_os": "linux", "database": "postgres", "environment": "production"}, folder=folder
    )
    assert "fix the hosts" not in extended.report("en")


def test_a_setting_named_in_the_projects_own_env_is_not_called_empty(tmp_path: Path) -> None:
    """The project commits a .env (fastapi-sqlalchemy-asyncpg): advisor reads its names, never
    its values, so .env.example must not say the setting has no value there."""
    (tmp_path / "requirements.txt").write_text("fastapi\nuvicorn\n")
    (tmp_path / "main.py").write_text(
        'import os\nfrom fastapi import FastAPI\n\napp = FastAPI()\nLEVEL = os.getenv("SMTP_RELAY")\n'
    )
    (tmp_path / ".env").write_text("SMTP_RELAY=mail.internal\n")
    files = advise({"host_os": "linux"}, folder=tmp_path).files("en")
    doc = files[".env.example"].split("SMTP_RELAY=")[0].rsplit("# ---", 1)[-1]
    assert "named in the project's .env (advisor reads no value" in doc and "no value there" not in doc


def test_migrations_that_connect_with_alembic_ini_s_fixed_url_are_pointed_out(tmp_path: Path) -> None:
    """alembic.ini fixes sqlalchemy.url = postgresql+asyncpg://postgres:postgres@db:5432/foo and
    env.py takes it as it is (testdriven's fastapi-sqlmodel-alembic): the release step can
    never reach advisor's database; the report says so (password hidden) and how env.py
    takes the app's own URL variable. An env.py that sets the URL itself gets no note."""
    (tmp_path / "requirements.txt").write_text("fastapi\nuvicorn\nalembic\nsqlmodel\nasyncpg\n")
    (tmp_path / "main.py").write_text(
        'import os\nfrom fastapi import FastAPI\n\napp = FastAPI()\nURL = os.environ.get("DATABASE_URL")\n'
    )
    (tmp_path / "alembic.ini").write_text(
        "[alembic]\nscript_location = migrations\nprepend_sys_path = .\n"
        "sqlalchemy.url = postgresql+asyncpg://postgres:postgres@db:5432/foo\n"
    )
    (tmp_path / "migrations").mkdir()
    env_py = tmp_path / "migrations" / "env.py"
    env_py.write_text('from alembic import context\nurl = context.config.get_main_option("sqlalchemy.url")\n')
    advice = advise({"host_os": "linux", "database": "postgres"}, folder=tmp_path)
    report = advice.report("en")
    assert (
        "connect with the URL `alembic.ini` fixes (`postgresql+asyncpg://postgres:***@db:5432/foo`)" in report
    )
    assert 'os.environ["DATABASE_URL"]' in report and "postgres:postgres@" not in report
    assert "마이그레이션은 `alembic.ini`에 고정된 URL로 연결하고(`postgresql+asyncpg" in advice.report("ko")
    env_py.write_text(
        "import os\nfrom alembic import context\n"
        'context.config.set_main_option("sqlalchemy.url", os.environ["DATABASE_URL"])\n'
    )
    assert "fixes (`" not in advise({"host_os": "linux", "database": "postgres"}, folder=tmp_path).report(
        "en"
    )
    # Online migrations on the app's own engine (rhoboro's async-fastapi-sqlalchemy): no note.
    env_py.write_text(
        "from alembic import context\nfrom app.db import async_engine\n"
        'url = context.config.get_main_option("sqlalchemy.url")\nconnectable = async_engine\n'
    )
    on_engine = advise({"host_os": "linux", "database": "postgres"}, folder=tmp_path)
    assert "fixes (`" not in on_engine.report("en")


def test_a_database_connection_written_into_the_code_is_pointed_out(tmp_path: Path) -> None:
    """app/config/db.config.js exports HOST: "localhost", PASSWORD: "123" and nothing reads the
    environment (bezkoder's express-sequelize-postgresql): inside the container it reaches no
    database, whatever the files set; the report says so. Once the app reads DB_HOST, no note."""
    package = {"name": "api", "scripts": {"start": "node server.js"}}
    package["dependencies"] = {"express": "4", "pg": "8", "sequelize": "6"}
    (tmp_path / "package.json").write_text(json.dumps(package))
    (tmp_path / "server.js").write_text("const db = require('./app/config/db.config.js');\n")
    (tmp_path / "app" / "config").mkdir(parents=True)
    config = tmp_path / "app" / "config" / "db.config.js"
    config.write_text(
        'module.exports = {\n  HOST: "localhost",\n  USER: "postgres",\n  PASSWORD: "123",\n};\n'
    )
    advice = advise({"host_os": "linux", "database": "postgres"}, folder=tmp_path)
    assert "database connection is written into its code (`app/config/db.config.js`" in advice.report("en")
    assert "데이터베이스 연결 정보가 코드에 직접 적혀 있고" in advice.report("ko")
    config.write_text(
        "module.exports = {\n  HOST: process.env.DB_HOST,\n  PASSWORD: process.env.DB_PASSWORD,\n};\n"
    )
    assert "written into its code" not in advise(
        {"host_os": "linux", "database": "postgres"}, folder=tmp_path
    ).report("en")


def test_variables_the_image_or_compose_itself_sets_are_not_the_apps_to_fill(tmp_path: Path) -> None:
    """.env.example names PYTHON_VERSION (every python image sets it), COMPOSE_PROFILES and
    DOCKER_WEB_VOLUME (the project's own Compose file reads them) beside the app's
    ALLOWED_HOSTS (nickjj's docker-django-example): compose.yaml must not demand them in
    .env, and the report does not call them the app's settings."""
    shutil.copytree(FIXTURES / "django-gunicorn", tmp_path / "web")
    folder = tmp_path / "web"
    (folder / ".env.example").write_text(
        "PYTHON_VERSION=3.13\nCOMPOSE_PROFILES=postgres,redis,web\nDOCKER_WEB_VOLUME=.:/app\nWEB_RELOAD=false\n"
    )
    advice = advise({"host_os": "linux", "database": "postgres"}, folder=folder)
    app = _compose(advice)["services"]["app"].get("environment", {})
    assert not {"PYTHON_VERSION", "COMPOSE_PROFILES", "DOCKER_WEB_VOLUME"} & set(app)
    assert "WEB_RELOAD" in app  # the project's own setting still reaches the app
    assert "COMPOSE_PROFILES" not in advice.report("en")


def test_settings_fields_with_no_default_are_required_even_when_the_example_leaves_them_empty(
    tmp_path: Path,
) -> None:
    """pydantic-settings `JWT_ALGORITHM: str` with no default, and `JWT_ALGORITHM=` empty in
    .env.example (fastapi-beyond-CRUD): the app stops at start without it, so it is asked for
    as required (compose names it), not written off as optional; `X | None` stays optional."""
    (tmp_path / "requirements.txt").write_text("fastapi\nuvicorn\npydantic-settings\n")
    (tmp_path / "main.py").write_text(
        "from fastapi import FastAPI\nfrom pydantic_settings import BaseSettings\n\n\n"
        "class Settings(BaseSettings):\n    JWT_ALGORITHM: str\n    SENTRY_DSN: str | None\n"
        '    LEVEL: str = "info"\n\n\napp = FastAPI()\n'
    )
    (tmp_path / ".env.example").write_text("JWT_ALGORITHM=\nSENTRY_DSN=\n")
    app = inspect_project(tmp_path).primary
    assert app is not None
    required = {v.name: v.required for v in app.env_vars}
    assert required["JWT_ALGORITHM"] and not required["SENTRY_DSN"] and not required["LEVEL"]
    compose = _compose(advise({"host_os": "linux", "database": "postgres"}, folder=tmp_path))
    env = compose["services"]["app"]["environment"]
    assert env["JWT_ALGORITHM"] == "${JWT_ALGORITHM:?the app needs it: set it in .env}"
    assert env["SENTRY_DSN"] is None


def test_flasks_instance_folder_is_kept_and_its_init_db_runs_only_on_the_first_start(tmp_path: Path) -> None:
    """The Flask tutorial (flaskr): the app makes its instance folder beside the package and
    keeps its SQLite file there, and creates its tables with its own `init-db` command, which
    drops what is there. The folder is the app user's, in a volume; the release step runs the
    command only while the database file does not exist yet."""
    (tmp_path / "pyproject.toml").write_text('[project]\nname = "flaskr"\ndependencies = ["flask"]\n')
    (tmp_path / "flaskr").mkdir()
    (tmp_path / "flaskr" / "__init__.py").write_text(
        "import os\nfrom flask import Flask\n\n\ndef create_app():\n"
        "    app = Flask(__name__, instance_relative_config=True)\n"
        '    app.config.from_mapping(DATABASE=os.path.join(app.instance_path, "flaskr.sqlite"))\n'
        "    os.makedirs(app.instance_path, exist_ok=True)\n    return app\n"
    )
    (tmp_path / "flaskr" / "db.py").write_text(
        'import click\n\n\n@click.command("init-db")\ndef init_db_command():\n    """Clear data."""\n'
    )
    advice = advise({"host_os": "linux"}, folder=tmp_path)
    assert advice.setup.data_volumes() == [("app-data", "/app/instance")]
    assert "mkdir -p /app/instance" in render_dockerfile(advice.setup)
    guard = '[ -e instance/flaskr.sqlite ] || exec flask --app "flaskr:create_app()" init-db'
    assert advice.setup.build.release == ("sh", "-c", guard)
    run_sh = advice.files("en")["run.sh"]
    assert f'--volume "$name-app-data:/app/instance" "$image" sh -c \'{guard}\'' in run_sh
    report = advice.report("en")
    assert "a command of its own, `flask --app 'flaskr:create_app()' init-db` (`flaskr/db.py`)" in report
    assert "only while `instance/flaskr.sqlite` does not exist yet" in report and "docker exec" not in report
    assert "`instance/flaskr.sqlite` 파일이 아직 없을 때에만" in advice.report("ko")
    # No file named in the instance folder: nothing can tell a first start, the command is only named.
    (tmp_path / "flaskr" / "__init__.py").write_text(
        "import os\nfrom flask import Flask\n\n\ndef create_app():\n"
        "    app = Flask(__name__, instance_relative_config=True)\n"
        "    app.config.from_pyfile('config.py')\n"
        "    os.makedirs(app.instance_path, exist_ok=True)\n    return app\n"
    )
    unnamed = advise({"host_os": "linux"}, folder=tmp_path)
    assert unnamed.setup.build.release == ()
    assert "docker exec flaskr flask --app 'flaskr:create_app()' init-db" in unnamed.report("en")


def test_a_flask_manage_py_release_finds_a_package_app_through_flask_app(tmp_path: Path) -> None:
    """entrypoint.sh runs `python manage.py seed_tables` (a FlaskGroup CLI, which finds the app
    through FLASK_APP) and the app is the package project/ (`gunicorn project:app`): the release
    step gets FLASK_APP=project:app, not project.py, which does not exist."""
    (tmp_path / "requirements.txt").write_text("flask\nflask-sqlalchemy\npsycopg2-binary\ngunicorn\n")
    (tmp_path / "project").mkdir()
    (tmp_path / "project" / "__init__.py").write_text("from flask import Flask\n\napp = Flask(__name__)\n")
    (tmp_path / "manage.py").write_text(
        "from flask.cli import FlaskGroup\nfrom project import app, db\n\ncli = FlaskGroup(app)\n\n\n"
        '@cli.command("migrate")\ndef migrate():\n    db.create_all()\n'
    )
    (tmp_path / "entrypoint.sh").write_text('#!/bin/sh\npython manage.py migrate\nexec "$@"\n')
    advice = advise({"host_os": "linux", "database": "postgres"}, folder=tmp_path)
    assert advice.setup.build.release == ("python", "manage.py", "migrate")
    compose = _compose(advice)
    assert compose["services"]["migrate"]["environment"]["FLASK_APP"] == "project:app"


def test_an_end_of_life_runtime_the_project_asks_for_is_pointed_out(tmp_path: Path) -> None:
    """engines.node "18 || 20": no current Node line satisfies it, so the image uses the newest
    line that does (20, past its end of life: the project's own range builds, where a newer
    line may not) and the report says so instead of only "the language's convention";
    "14.x.x" (koa-typescript-rest) names its line, as "14.x" and "~10" do; a satisfiable
    range gets no note."""
    package = {"name": "api", "scripts": {"start": "node server.js"}, "dependencies": {"koa": "2"}}
    package["engines"] = {"node": "18 || 20"}  # type: ignore[assignment]
    (tmp_path / "package.json").write_text(json.dumps(package))
    (tmp_path / "server.js").write_text("require('koa');\n")
    advice = advise({"host_os": "linux"}, folder=tmp_path)
    assert "`package.json` asks for `18 || 20` (engines.node), so the image uses `20`, a line past" in (
        advice.report("en")
    )
    assert "지원이 끝난 `20` 버전을 씁니다" in advice.report("ko")
    package["engines"] = {"node": "14.x.x"}  # type: ignore[assignment]
    (tmp_path / "package.json").write_text(json.dumps(package))
    old = advise({"host_os": "linux"}, folder=tmp_path)
    assert "so the image uses `14`, a line past its end of life" in old.report("en")
    assert "지원이 끝난 `14` 버전을 씁니다" in old.report("ko")
    package["engines"] = {"node": ">=6 <8"}  # no line advisor knows: the current LTS, and why
    (tmp_path / "package.json").write_text(json.dumps(package))
    unmet = advise({"host_os": "linux"}, folder=tmp_path)
    assert "`package.json` asks for `>=6 <8` (engines.node), which none of the current" in unmet.report("en")
    assert "만족하는 현재 릴리스 라인은 없습니다" in unmet.report("ko")
    package["engines"] = {"node": ">=20"}  # type: ignore[assignment]
    (tmp_path / "package.json").write_text(json.dumps(package))
    assert "asks for" not in advise({"host_os": "linux"}, folder=tmp_path).report("en")


def test_the_dockerfile_step_names_where_each_choice_came_from_only_when_found(tmp_path: Path) -> None:
    from advisor.render.steps import next_steps

    found = _advice("django-gunicorn")
    ids = [step for step, _ in next_steps(found.setup, "en")]
    assert "dockerfile-detected" in ids and "dockerfile" not in ids
    text = found.report("ko")
    assert "어느 프로젝트 파일에서 가져왔는지" in text
    assert "먼저 그 부분을 프로젝트에 맞게 고치세요" not in text
    # Nothing found (no project): the Dockerfile's dependency file and start command are guesses.
    guessed = advise({"project_name": "p", "language": "python", "host_os": "linux"}, folder=tmp_path)
    ids = [step for step, _ in next_steps(guessed.setup, "en")]
    assert "dockerfile" in ids and "dockerfile-detected" not in ids
    assert "Adjust those lines to your project first" in guessed.report("en")


def test_a_go_apps_own_settings_take_the_values_of_its_env_example(tmp_path: Path) -> None:
    """A Go service's .env.example documents its own settings (APP_NAME, LOG_LEVEL) with
    values; they go into .env as for Python and Node apps, the connection ones replaced."""
    folder = tmp_path / "svc"
    shutil.copytree(FIXTURES / "go-cmd-server", folder)
    (folder / "internal" / "config" / "app.go").write_text(
        'package config\n\nimport "os"\n\n'
        'func Name() string { return os.Getenv("APP_NAME") + os.Getenv("LOG_LEVEL") }\n'
    )
    (folder / ".env.example").write_text(
        "APP_NAME=go-svc\nLOG_LEVEL=debug\nDATABASE_URL=postgres://user:pass@localhost:5432/db\n"
    )
    advice = advise({"host_os": "linux", "database": "postgres"}, folder=folder)
    env = dict(
        line.split("=", 1)
        for line in advice.files("en")[".env"].splitlines()
        if "=" in line and not line.startswith("#")
    )
    assert env["APP_NAME"] == "go-svc" and env["LOG_LEVEL"] == "debug"
    app = yaml.safe_load(advice.files("en")["compose.yaml"])["services"]["app"]["environment"]
    assert app["APP_NAME"] == "${APP_NAME:?set it in .env}"
    assert "localhost" not in app["DATABASE_URL"]


def test_pydantic_nested_names_and_access_secrets_are_the_apps_connection_and_secrets(tmp_path: Path) -> None:
    """pydantic-settings with env_nested_delimiter="__" reads DATABASE__HOSTNAME and friends:
    they are the database connection (not example values such as localhost:5455), and
    ACCESS_SECRET / REFRESH_SECRET are the app's own signing secrets (generated)."""
    (tmp_path / "requirements.txt").write_text("fastapi\nuvicorn\nsqlalchemy\nasyncpg\npydantic-settings\n")
    (tmp_path / "app").mkdir()
    (tmp_path / "app" / "main.py").write_text("from fastapi import FastAPI\n\napp = FastAPI()\n")
    (tmp_path / ".env.example").write_text(
        "DATABASE__HOSTNAME=localhost\nDATABASE__PORT=5455\nDATABASE__USERNAME=rDGJeEDqAz\n"
        "DATABASE__PASSWORD=XsPQhCoEfOQ\nDATABASE__DB=default_db\nACCESS_SECRET=example\nREFRESH_SECRET=example\n"
    )
    advice = advise({"host_os": "linux", "database": "postgres"}, folder=tmp_path)
    app = yaml.safe_load(advice.files("en")["compose.yaml"])["services"]["app"]["environment"]
    assert app["DATABASE__HOSTNAME"] == "db" and app["DATABASE__PORT"] == "5432"
    assert app["DATABASE__USERNAME"] == "${POSTGRES_USER:?set it in .env}"
    assert app["DATABASE__PASSWORD"] == "${POSTGRES_PASSWORD:?set it in .env}"
    env = advice.files("en")[".env"]
    secrets = dict(
        line.split("=", 1) for line in env.splitlines() if line.startswith(("ACCESS_", "REFRESH_"))
    )
    assert len(secrets["ACCESS_SECRET"]) >= 32 and secrets["ACCESS_SECRET"] != secrets["REFRESH_SECRET"]
    assert "example" not in secrets.values() and "5455" not in env


def test_a_t3_env_next_app_builds_with_its_documented_skip_switch(tmp_path: Path) -> None:
    """t3-env checks every variable as next build loads the app; its documented Docker switch
    SKIP_ENV_VALIDATION turns that off for the build only (the running app still checks)."""
    (tmp_path / "package.json").write_text(
        '{"name": "shop", "scripts": {"build": "next build", "start": "next start"},'
        ' "dependencies": {"next": "15.0.0", "react": "19.0.0", "@t3-oss/env-nextjs": "0.11.0"}}'
    )
    (tmp_path / "src").mkdir()
    (tmp_path / "src" / "env.js").write_text(
        'import { createEnv } from "@t3-oss/env-nextjs";\nexport const env = createEnv({\n'
        "  server: { STRIPE_API_KEY: z.string() },\n"
        "  runtimeEnv: { STRIPE_API_KEY: process.env.STRIPE_API_KEY },\n"
        "  skipValidation: !!process.env.SKIP_ENV_VALIDATION,\n});\n"
    )
    advice = advise({"host_os": "linux"}, folder=tmp_path)
    dockerfile = render_dockerfile(advice.setup)
    assert "    SKIP_ENV_VALIDATION=1 \\\n    npm run build \\\n" in dockerfile  # on the build's command only
    final = dockerfile[dockerfile.rindex("FROM ") :]
    assert "SKIP_ENV_VALIDATION" not in final
    files = advice.files("en")
    # Not set for the running app (.env may list it among the variables the code reads).
    assert "SKIP_ENV_VALIDATION" not in files["run.sh"]
    assert not re.search(r"^SKIP_ENV_VALIDATION=", files.get(".env", ""), re.M)


def test_a_spring_profile_with_the_servers_own_settings_is_turned_on(tmp_path: Path) -> None:
    """Spring's petclinic layout: H2 by default, application-mysql.properties with a literal
    MySQL URL and the schema scripts switched on. With MySQL chosen the profile is turned on
    (the SPRING_DATASOURCE_* variables win over its literal values); with PostgreSQL it is not."""
    folder = tmp_path / "petclinic"
    shutil.copytree(FIXTURES / "spring-maven-mvnw", folder)
    resources = folder / "src" / "main" / "resources"
    (resources / "application-dev.properties").unlink()
    (resources / "application.properties").write_text(
        "database=h2\nspring.sql.init.schema-locations=classpath*:db/${database}/schema.sql\n"
        "spring.jpa.hibernate.ddl-auto=none\n"
    )
    (resources / "application-mysql.properties").write_text(
        "database=mysql\nspring.datasource.url=jdbc:mysql://localhost/petclinic\n"
        "spring.datasource.username=petclinic\nspring.datasource.password=petclinic\nspring.sql.init.mode=always\n"
    )
    mysql = advise({"host_os": "linux", "database": "mysql"}, folder=folder)
    env = yaml.safe_load(mysql.files("en")["compose.yaml"])["services"]["app"]["environment"]
    assert env["SPRING_PROFILES_ACTIVE"] == "mysql"
    assert env["SPRING_DATASOURCE_URL"].startswith("jdbc:mysql://db:3306/")
    report = mysql.report("en")
    assert "turns on the Spring profile `mysql`" in report
    assert "`src/main/resources/application-mysql.properties`" in report
    postgres = advise({"host_os": "linux", "database": "postgres"}, folder=folder)
    env = yaml.safe_load(postgres.files("en")["compose.yaml"])["services"]["app"]["environment"]
    assert "SPRING_PROFILES_ACTIVE" not in env


def test_a_go_apps_port_is_not_another_services_address_or_a_librarys_default(tmp_path: Path) -> None:
    """go-clean-template's layout: config tags give the tracing endpoint a default
    (localhost:4317), the HTTP and gRPC server packages default to ":80", and the app listens
    on HTTP_PORT, 8080 in .env.example."""
    folder = tmp_path / "svc"
    shutil.copytree(FIXTURES / "go-cmd-server", folder)
    (folder / "internal" / "config" / "config.go").write_text(
        'package config\n\ntype HTTP struct {\n\tPort string `env:"HTTP_PORT,required"`\n}\n\n'
        "type Tracing struct {\n"
        '\tOTLPEndpoint string `env:"TRACING_OTLP_ENDPOINT" envDefault:"localhost:4317"`\n}\n'
    )
    for server in ("httpserver", "grpcserver"):
        (folder / "pkg" / server).mkdir(parents=True)
        (folder / "pkg" / server / "server.go").write_text(
            f'package {server}\n\nconst (\n\t_defaultAddr = ":80"\n)\n'
        )
    (folder / ".env.example").write_text("HTTP_PORT=8080\nTRACING_OTLP_ENDPOINT=localhost:4317\n")
    app = inspect_project(folder).apps[0]
    assert [(p.value, p.source) for p in app.ports] == [
        (8080, ".env.example"),
        (80, "pkg/httpserver/server.go"),
    ]


def test_go_struct_tags_say_which_settings_are_required_and_their_defaults(tmp_path: Path) -> None:
    """caarlos0/env: `env:"APP_NAME,required"` stops the app without a value (compose names
    it), `envDefault:"info"` is a default; a value the project's env example gives is used."""
    folder = tmp_path / "svc"
    shutil.copytree(FIXTURES / "go-cmd-server", folder)
    (folder / "internal" / "config" / "tags.go").write_text(
        "package config\n\ntype App struct {\n"
        '\tName    string `env:"APP_NAME,required"`\n\tRegion  string `env:"APP_REGION,required"`\n'
        '\tLevel   string `env:"LOG_LEVEL" envDefault:"info"`\n'
        '\tTimeout int    `envconfig:"TIMEOUT" required:"true"`\n}\n'
    )
    (folder / ".env.example").write_text("APP_NAME=svc\n")
    app = inspect_project(folder).apps[0]
    found = {v.name: (v.default, v.required) for v in app.env_vars}
    assert found["APP_NAME"] == (None, True) and found["TIMEOUT"] == (None, True)
    assert found["LOG_LEVEL"] == ("info", False)
    env = yaml.safe_load(advise({"host_os": "linux"}, folder=folder).files("en")["compose.yaml"])
    app_env = env["services"]["app"]["environment"]
    assert app_env["APP_REGION"] == "${APP_REGION:?the app needs it: set it in .env}"


def test_the_report_names_the_projects_other_servers_and_the_settings_that_point_at_them(
    tmp_path: Path,
) -> None:
    """The project's compose file also runs RabbitMQ and a tracing collector, which advisor's
    files do not: the report names them and the settings that point at them; tooling
    (adminer, mailpit) and the database are not named."""
    folder = tmp_path / "svc"
    shutil.copytree(FIXTURES / "go-cmd-server", folder)
    (folder / "internal" / "config" / "queue.go").write_text(
        'package config\n\nimport "os"\n\n'
        'func Queue() string { return os.Getenv("RMQ_URL") + os.Getenv("MODE") }\n'
    )
    (folder / "docker-compose.yml").write_text(
        "services:\n  app:\n    build: .\n    environment:\n      RMQ_URL: amqp://guest:guest@rabbitmq:5672/\n"
        "      MODE: fast\n  db:\n    image: postgres:16\n  rabbitmq:\n    image: rabbitmq:3-management\n"
        "  jaeger:\n    image: jaegertracing/all-in-one:1.76.0\n  adminer:\n    image: adminer\n"
        "  mail:\n    image: axllent/mailpit\n  published:\n    image: acme/svc:2\n"
    )
    advice = advise({"host_os": "linux", "database": "postgres", "project_name": "svc"}, folder=folder)
    report = advice.report("en")
    assert (
        "The project's `docker-compose.yml` also runs `rabbitmq` (`rabbitmq:3-management`),"
        " `jaeger` (`jaegertracing/all-in-one:1.76.0`), which these files do not, and the app's settings"
        " `RMQ_URL` point at them" in report
    )
    assert "`adminer`" not in report and "mailpit" not in report and "`db` (" not in report
    assert "acme/svc" not in report  # the project's own published image is the app
    assert "`rabbitmq` (`rabbitmq:3-management`)" in advice.report("ko")


def test_an_express_app_run_through_nodemon_and_babel_node_with_sequelize(tmp_path: Path) -> None:
    """A tutorial layout: `start: nodemon --exec babel-node src/index.js` (@babel/node a dev
    dependency), `new Sequelize(process.env.DATABASE, process.env.DATABASE_USER,
    process.env.DATABASE_PASSWORD, {dialect: 'postgres'})` with no host."""
    (tmp_path / "package.json").write_text(
        json.dumps(
            {
                "name": "api",
                "scripts": {"start": "nodemon --watch src --exec babel-node src/index.js"},
                "dependencies": {"express": "^4.17.1", "pg": "^8.7.1", "sequelize": "^6.6.5"},
                "devDependencies": {"@babel/core": "^7.15.0", "@babel/node": "^7.15.0", "nodemon": "^2.0.12"},
            }
        )
    )
    (tmp_path / "package-lock.json").write_text('{"lockfileVersion": 2, "packages": {}}')
    (tmp_path / "src" / "models").mkdir(parents=True)
    (tmp_path / "src" / "index.js").write_text(
        "import express from 'express';\nconst app = express();\napp.listen(process.env.PORT || 3000);\n"
    )
    (tmp_path / "src" / "models" / "index.js").write_text(
        "import Sequelize from 'sequelize';\nconst sequelize = new Sequelize(\n  process.env.DATABASE,\n"
        "  process.env.DATABASE_USER,\n  process.env.DATABASE_PASSWORD,\n  { dialect: 'postgres' },\n);\n"
    )
    advice = advise({"host_os": "linux", "database": "postgres"}, folder=tmp_path)
    assert advice.setup.build.start == ("babel-node", "src/index.js")
    dockerfile = render_dockerfile(advice.setup)
    assert "npm prune" not in dockerfile and "runs\n# the app's source with @babel/node" in dockerfile
    env = yaml.safe_load(advice.files("en")["compose.yaml"])["services"]["app"]["environment"]
    assert env["DATABASE"] == "${POSTGRES_DB:?set it in .env}"  # the database's name, not an example's
    report = advice.report("en")
    assert "without a host (`src/models/index.js`" in report and "set that variable to `db`" in report
    # With a host among the options, nothing to say.
    (tmp_path / "src" / "models" / "index.js").write_text(
        "const s = new Sequelize(process.env.DATABASE, process.env.DATABASE_USER,"
        " process.env.DATABASE_PASSWORD, { host: process.env.DATABASE_HOST, dialect: 'postgres' });\n"
    )
    assert "without a host" not in advise(
        {"host_os": "linux", "database": "postgres"}, folder=tmp_path
    ).report("en")


def test_a_nestjs_app_reading_its_secret_through_config_service_gets_it(tmp_path: Path) -> None:
    """NestJS's ConfigService reads the environment by name: config.get('JWT_SECRET') is a read
    (a generated secret), getOrThrow a required one; 'database.host' is a config path."""
    (tmp_path / "package.json").write_text(
        '{"name": "api", "scripts": {"build": "nest build", "start:prod": "node dist/main"},'
        ' "dependencies": {"@nestjs/core": "^10.0.0", "@nestjs/config": "^3.0.0", "pg": "^8.0.0"}}'
    )
    (tmp_path / "src").mkdir()
    (tmp_path / "src" / "jwt.strategy.ts").write_text(
        "export class JwtStrategy {\n  constructor(config: ConfigService) {\n"
        "    super({ secretOrKey: config.get('JWT_SECRET') });\n"
        "    this.key = config.getOrThrow<string>('PAYMENT_API_KEY');\n"
        "    this.host = config.get('database.host');\n  }\n}\n"
    )
    app = inspect_project(tmp_path).apps[0]
    found = {v.name: (v.role, v.required) for v in app.env_vars}
    assert found["JWT_SECRET"] == ("secret_key", False) and found["PAYMENT_API_KEY"] == ("other", True)
    assert not any("." in name for name in found)
    env = advise({"host_os": "linux", "database": "postgres"}, folder=tmp_path).files("en")[".env"]
    assert re.search(r"^JWT_SECRET=\S{32,}$", env, re.M)


def test_a_bare_database_setting_is_the_engine_when_the_projects_files_say_postgres(tmp_path: Path) -> None:
    """django-on-docker's entrypoint waits for the server when DATABASE=postgres (its
    .env.dev): there DATABASE names the engine, elsewhere (Sequelize's first argument) the
    database."""
    (tmp_path / "requirements.txt").write_text("Django==5.2\npsycopg2-binary==2.9.10\n")
    (tmp_path / "manage.py").write_text(
        "import os\nos.environ.setdefault('DJANGO_SETTINGS_MODULE', 'hello.settings')\n"
    )
    (tmp_path / "hello").mkdir()
    (tmp_path / "hello" / "settings.py").write_text(
        "import os\nDATABASES = {'default': {'NAME': os.environ.get('SQL_DATABASE')}}\n"
        "WAIT = os.environ.get('DATABASE')\n"
    )
    (tmp_path / ".env.example").write_text("DATABASE=postgres\nSQL_DATABASE=hello_dev\n")
    advice = advise({"host_os": "linux", "database": "postgres"}, folder=tmp_path)
    env = yaml.safe_load(advice.files("en")["compose.yaml"])["services"]["app"]["environment"]
    assert env["DATABASE"] == "postgres" and env["SQL_DATABASE"] == "${POSTGRES_DB:?set it in .env}"


def test_pydantic_nested_models_are_read_field_by_field_never_whole(tmp_path: Path) -> None:
    """Settings with `database: Database` and env_nested_delimiter="__": the app reads
    DATABASE__HOSTNAME, DATABASE__DB... (the model's default database name, postgres, is a
    name, not the engine); DATABASE itself would be parsed as JSON and is never set."""
    (tmp_path / "requirements.txt").write_text("fastapi\nuvicorn\nsqlalchemy\nasyncpg\npydantic-settings\n")
    (tmp_path / "app").mkdir()
    (tmp_path / "app" / "main.py").write_text("from fastapi import FastAPI\n\napp = FastAPI()\n")
    (tmp_path / "app" / "config.py").write_text(
        "from pydantic import BaseModel, Field\n"
        "from pydantic_settings import BaseSettings, SettingsConfigDict\n\n\n"
        "class Database(BaseModel):\n    hostname: str = 'postgres'\n    port: int = 5432\n"
        "    username: str = 'postgres'\n    password: str = 'change-me'\n    db: str = 'postgres'\n\n\n"
        "class Settings(BaseSettings):\n    database: Database = Field(default_factory=Database)\n"
        "    log_level: str = 'INFO'\n    model_config = SettingsConfigDict(env_nested_delimiter='__')\n"
    )
    app = inspect_project(tmp_path).apps[0]
    roles = {v.name: v.role for v in app.env_vars}
    assert roles["DATABASE__HOSTNAME"] == "database_host" and roles["DATABASE__DB"] == "database_name"
    assert "DATABASE" not in roles
    env = yaml.safe_load(
        advise({"host_os": "linux", "database": "postgres"}, folder=tmp_path).files("en")["compose.yaml"]
    )["services"]["app"]["environment"]
    assert env["DATABASE__HOSTNAME"] == "db" and env["DATABASE__DB"] == "${POSTGRES_DB:?set it in .env}"
    assert "DATABASE" not in env


def test_example_urls_at_localhost_point_at_the_redis_service_or_are_pointed_out(tmp_path: Path) -> None:
    """The project's .env.example: a Celery result backend at redis://localhost (the Redis
    service in these files) and a RabbitMQ broker at localhost (no such service here)."""
    (tmp_path / "requirements.txt").write_text("fastapi\nuvicorn\ncelery\nredis\n")
    (tmp_path / "app").mkdir()
    (tmp_path / "app" / "main.py").write_text(
        "import os\nfrom fastapi import FastAPI\n\napp = FastAPI()\n"
        "BACKEND = os.environ['CELERY_BACKEND_URL']\nBROKER = os.environ['CELERY_BROKER_URL']\n"
        "CACHE = os.environ.get('REDIS_URL')\nTEST_DB = os.environ.get('TEST_POSTGRES_URL')\n"
        "SELF = os.environ.get('APPLICATION_URL')\n"
    )
    (tmp_path / ".env.example").write_text(
        "CELERY_BACKEND_URL=redis://localhost:6379/1\nCELERY_BROKER_URL=amqp://rabbit:password@localhost:5672\n"
        "TEST_POSTGRES_URL=postgresql://u:p@127.0.0.1:5431/test\nAPPLICATION_URL=http://localhost:8000\n"
    )
    advice = advise({"host_os": "linux", "cache": "redis"}, folder=tmp_path)
    env = advice.files("en")[".env"]
    assert "CELERY_BACKEND_URL=redis://redis:6379/1" in env
    report = advice.report("en")
    assert "The app's settings `CELERY_BROKER_URL` (values from `.env.example`) point at localhost" in report
    assert "TEST_POSTGRES_URL` (" not in report
    assert (
        "APPLICATION_URL" not in report.split("point at localhost")[0].rsplit("\n", 1)[-1]
    )  # its own address


def test_a_poetry_script_that_serves_is_the_start_and_the_project_is_installed_for_it(tmp_path: Path) -> None:
    """[tool.poetry.scripts] with a seeder first and the server second (python-fastapi-hex-todo):
    the server is the start command, and Poetry installs the project itself (not only its
    dependencies, --no-root) so the command exists in the virtual environment."""
    (tmp_path / "pyproject.toml").write_text(
        '[tool.poetry]\nname = "todolist"\nversion = "0.1.0"\n\n[tool.poetry.dependencies]\n'
        'python = "^3.12"\nfastapi = "*"\nuvicorn = "*"\n\n[tool.poetry.scripts]\n'
        'seeder = "todolist.scripts:seed"\nweb_server = "todolist.scripts:web_server"\n'
    )
    (tmp_path / "poetry.lock").write_text('[[package]]\nname = "fastapi"\nversion = "0.115.0"\n')
    (tmp_path / "todolist").mkdir()
    (tmp_path / "todolist" / "__init__.py").write_text("")
    (tmp_path / "todolist" / "scripts.py").write_text("def seed(): ...\ndef web_server(): ...\n")
    advice = advise({"host_os": "linux"}, folder=tmp_path)
    assert advice.setup.build.start == ("web_server",)
    steps = render_dockerfile(advice.setup)
    first = steps.index("poetry install --only main --no-root --no-interaction")
    assert steps.index("poetry install --only main --no-interaction") > first
    # A start command that is no script of the project's: the project is not installed.
    other = advise({"host_os": "linux", "start_command": "uvicorn todolist.app:app"}, folder=tmp_path)
    assert "poetry install --only main --no-interaction" not in render_dockerfile(other.setup)


def test_compile_steps_in_the_start_script_are_the_build_when_there_is_no_build_script(
    tmp_path: Path,
) -> None:
    """`start: tsc && node src/index.js` and no build script (TypeORM's express example): tsc
    runs in the build stage through npx (the project's own, before the prune), the image
    starts `node src/index.js`."""
    (tmp_path / "package.json").write_text(
        '{"name": "ex", "scripts": {"start": "tsc && node src/index.js"},'
        ' "dependencies": {"express": "^4.17.1"}, "devDependencies": {"typescript": "^5.0.0"}}'
    )
    (tmp_path / "src").mkdir()
    (tmp_path / "src" / "index.ts").write_text("import express from 'express';\nexpress().listen(3000);\n")
    advice = advise({"host_os": "linux"}, folder=tmp_path)
    assert advice.setup.build.build == ("npx", "--no", "tsc")
    assert advice.setup.build.start == ("node", "src/index.js")
    text = render_dockerfile(advice.setup)
    assert text.index("npx --no tsc") < text.index("npm prune --omit=dev")


def test_a_committed_ormconfig_with_localhost_is_replaced_by_typeorms_own_variables(tmp_path: Path) -> None:
    """TypeORM 0.3 started with createConnection() and a committed ormconfig.json (host
    localhost, user test): TYPEORM_* carry the connection, the entity paths stay where tsc
    writes them (no outDir: beside the sources)."""
    (tmp_path / "package.json").write_text(
        '{"name": "ex", "scripts": {"start": "tsc && node src/index.js"},'
        ' "dependencies": {"express": "^4.17.1", "typeorm": "^0.3.14", "mysql": "^2.18.1"},'
        ' "devDependencies": {"typescript": "^5.0.0"}}'
    )
    (tmp_path / "tsconfig.json").write_text('{"compilerOptions": {"target": "es6", "module": "commonjs"}}')
    (tmp_path / "ormconfig.json").write_text(
        '{"type": "mysql", "host": "localhost", "port": 3306, "username": "test", "password": "test",'
        ' "database": "test", "synchronize": true, "entities": ["src/entity/*.js"]}'
    )
    (tmp_path / "src").mkdir()
    (tmp_path / "src" / "index.ts").write_text(
        "import {createConnection} from 'typeorm';\ncreateConnection().then(() => {});\n"
    )
    advice = advise({"host_os": "linux", "database": "mysql"}, folder=tmp_path)
    env = yaml.safe_load(advice.files("en")["compose.yaml"])["services"]["app"]["environment"]
    assert env["TYPEORM_CONNECTION"] == "mysql" and env["TYPEORM_HOST"] == "db"
    assert env["TYPEORM_USERNAME"] == "${MYSQL_USER:?set it in .env}"
    assert env["TYPEORM_ENTITIES"] == "src/entity/*.js" and env["TYPEORM_SYNCHRONIZE"] == "true"
    assert "reads the project's `ormconfig.json`, whose connection (host localhost)" in advice.report("en")
    # synchronize in that file makes the tables: no "starts empty" warning.
    assert "(TypeORM synchronize, `ormconfig.json`)" in advice.report("en")
    assert "no migration step" not in advice.report("en")


def test_a_go_config_file_from_a_flag_default_and_a_loaders_env_prefix(tmp_path: Path) -> None:
    """qiangxue/go-rest-api: `flag.String("config", "./config/local.yml", ...)` is read at
    start (the image carries it), and go-env's env.New("APP_", ...) reads each `env:"DSN"`
    tag as APP_DSN, the database URL."""
    folder = tmp_path / "svc"
    shutil.copytree(FIXTURES / "go-cmd-server", folder)
    (folder / "config").mkdir()
    (folder / "config" / "local.yml").write_text('dsn: "postgres://127.0.0.1/db"\n')
    (folder / "internal" / "config" / "config.go").write_text(
        "package config\n\ntype Config struct {\n"
        '\tDSN string `yaml:"dsn" env:"DSN,secret"`\n'
        '\tJWTSigningKey string `env:"JWT_SIGNING_KEY,secret"`\n}\n\n'
        'func Load(c *Config) error { return env.New("APP_", nil).Load(c) }\n'
    )
    main = folder / "cmd" / "server" / "main.go"
    main.write_text(
        main.read_text()
        + '\nvar flagConfig = flag.String("config", "./config/local.yml", "path to the config file")\n'
    )
    advice = advise({"host_os": "linux", "database": "postgres"}, folder=folder)
    assert "COPY config/local.yml ./config/local.yml" in render_dockerfile(advice.setup)
    env = yaml.safe_load(advice.files("en")["compose.yaml"])["services"]["app"]["environment"]
    assert env["APP_DSN"].startswith("postgresql://${POSTGRES_USER") and "DSN" not in env
    assert env["APP_JWT_SIGNING_KEY"] == "${APP_JWT_SIGNING_KEY:?set it in .env}"


def test_the_report_says_how_the_tables_come_to_exist_when_no_release_step_makes_them(tmp_path: Path) -> None:
    """The app's own code makes them (sequelize.sync(), Spring Boot's Flyway): said, with where;
    nothing found: the report says the database starts empty and what to do; MongoDB needs no
    tables."""
    (tmp_path / "package.json").write_text(
        '{"name": "api", "scripts": {"start": "node server.js"},'
        ' "dependencies": {"express": "^4.0.0", "pg": "^8.0.0", "sequelize": "^6.0.0"}}'
    )
    (tmp_path / "server.js").write_text(
        "const db = require('./models');\n"
        "db.sequelize.sync().then(() => app.listen(process.env.PORT || 8080));\n"
    )
    report = advise({"host_os": "linux", "database": "postgres"}, folder=tmp_path).report("en")
    assert "The app makes its tables itself as it starts (sequelize.sync(), `server.js`)" in report
    (tmp_path / "server.js").write_text(
        "const eraseDatabaseOnSync = true;\n"
        "sequelize.sync({ force: eraseDatabaseOnSync }).then(() => app.listen(8080));\n"
    )
    forced = advise({"host_os": "linux", "database": "postgres"}, folder=tmp_path).report("en")
    assert "(sequelize.sync({ force: true }), `server.js`), dropping every table first" in forced
    # bezkoder's tutorials: the forced sync is commented out, the live one keeps the data.
    (tmp_path / "server.js").write_text(
        "db.sequelize.sync();\n// db.sequelize.sync({force: true}).then(() => {\n//   initial();\n// });\n"
        "/*\nsequelize.sync({ force: true });\n*/\n"
    )
    kept = advise({"host_os": "linux", "database": "postgres"}, folder=tmp_path).report("en")
    assert "dropping every table first" not in kept
    assert "The app makes its tables itself as it starts (sequelize.sync(), `server.js`)" in kept
    (tmp_path / "server.js").write_text("app.listen(process.env.PORT || 8080);\n")
    bare = advise({"host_os": "linux", "database": "postgres"}, folder=tmp_path)
    assert "advisor found no migration step" in bare.report("en")
    assert "데이터베이스는 빈 상태로 시작합니다" in bare.report("ko")
    assert "no migration step" not in advise(
        {"host_os": "linux", "database": "mongodb"}, folder=tmp_path
    ).report("en")
    spring = tmp_path / "spring"
    shutil.copytree(FIXTURES / "spring-maven-mvnw", spring)
    pom = spring / "pom.xml"
    pom.write_text(
        pom.read_text().replace(
            "<dependencies>",
            "<dependencies>\n    <dependency>\n      <groupId>org.flywaydb</groupId>\n"
            "      <artifactId>flyway-core</artifactId>\n    </dependency>",
            1,
        )
    )
    spring_report = advise({"host_os": "linux", "database": "postgres"}, folder=spring).report("en")
    assert (
        "makes its tables itself as it starts (Flyway (run by Spring Boot at start), `pom.xml`)"
        in spring_report
    )


def test_a_go_apps_redis_address_takes_the_form_its_example_gives(tmp_path: Path) -> None:
    """gin-boilerplate: .env_rename_me (a file to copy to .env) says REDIS_HOST=127.0.0.1:6379,
    which go-redis takes as Addr: the Redis service's host:port; its SSL=TRUE (the app would
    serve HTTPS from certificate files the image lacks) is not copied."""
    folder = tmp_path / "svc"
    shutil.copytree(FIXTURES / "go-cmd-server", folder)
    (folder / "internal" / "config" / "redis.go").write_text(
        'package config\n\nimport "os"\n\n'
        'func Redis() (string, string) { return os.Getenv("REDIS_HOST"), os.Getenv("SSL") }\n'
    )
    (folder / ".env_rename_me").write_text("REDIS_HOST=127.0.0.1:6379\nSSL=TRUE\n")
    advice = advise({"host_os": "linux", "cache": "redis", "database": "postgres"}, folder=folder)
    env = yaml.safe_load(advice.files("en")["compose.yaml"])["services"]["app"]["environment"]
    assert env["REDIS_HOST"] == "redis:6379"
    assert "SSL" not in env and "SSL=" not in advice.files("en")[".env"].replace("# SSL", "")


def test_the_database_url_names_the_driver_of_the_engine_the_code_makes(tmp_path: Path) -> None:
    """testdriven's fastapi-crud-async: `databases[postgresql]` (asyncpg) for queries and
    SQLAlchemy's sync create_engine (psycopg2) for the tables: the URL is the plain
    postgresql:// both take, not postgresql+asyncpg://, which the sync engine refuses."""
    (tmp_path / "requirements.txt").write_text(
        "fastapi==0.88.0\nuvicorn==0.20.0\ndatabases[postgresql]==0.6.2\npsycopg2-binary==2.9.5\nSQLAlchemy==1.4.41\n"
    )
    (tmp_path / "app").mkdir()
    (tmp_path / "app" / "db.py").write_text(
        "import os\nfrom databases import Database\nfrom sqlalchemy import create_engine, MetaData\n"
        "DATABASE_URL = os.getenv('DATABASE_URL')\nengine = create_engine(DATABASE_URL)\n"
        "metadata = MetaData()\ndatabase = Database(DATABASE_URL)\n"
    )
    (tmp_path / "app" / "main.py").write_text("from fastapi import FastAPI\n\napp = FastAPI()\n")
    advice = advise({"host_os": "linux", "database": "postgres"}, folder=tmp_path)
    env = yaml.safe_load(advice.files("en")["compose.yaml"])["services"]["app"]["environment"]
    assert env["DATABASE_URL"].startswith("postgresql://")
    (tmp_path / "app" / "db.py").write_text(
        "import os\nfrom sqlalchemy.ext.asyncio import create_async_engine\n"
        "engine = create_async_engine(os.getenv('DATABASE_URL'))\n"
    )
    env = yaml.safe_load(
        advise({"host_os": "linux", "database": "postgres"}, folder=tmp_path).files("en")["compose.yaml"]
    )["services"]["app"]["environment"]
    assert env["DATABASE_URL"].startswith("postgresql+asyncpg://")


def test_static_folders_the_projects_front_end_build_makes_are_made_empty_for_collectstatic(
    tmp_path: Path,
) -> None:
    """djangogirls / nickjj: STATICFILES_DIRS names folders the project's own asset build makes
    (git-ignored), so collectstatic would stop or warn: the image makes them empty before it,
    and the report says the pages come without those files."""
    shutil.copytree(FIXTURES / "django-gunicorn", tmp_path / "site")
    folder = tmp_path / "site"
    base = folder / "config" / "settings" / "base.py"
    base.write_text(
        base.read_text() + '\nSTATICFILES_DIRS = [BASE_DIR / "static" / "local", "/public"]\n'
        'STATIC_ROOT = BASE_DIR / "staticfiles"\n'
    )
    (folder / "static").mkdir(exist_ok=True)
    advice = advise({"host_os": "linux", "database": "postgres"}, folder=folder)
    text = render_dockerfile(advice.setup)
    assert "RUN mkdir -p /app/static/local /public" in text
    assert text.index("mkdir -p /app/static/local") < text.index("collectstatic --noinput")
    assert "The settings gather static files from `static/local`, `/public`" in advice.report("en")
    # A folder the project has is gathered as it is.
    (folder / "static" / "local").mkdir()
    again = advise({"host_os": "linux", "database": "postgres"}, folder=folder)
    assert "RUN mkdir -p /public\n" in render_dockerfile(again.setup)
    # os.path.join(BASE_DIR, "static"), a folder the project has (bakerydemo): nothing to make.
    base.write_text(
        base.read_text().replace('STATICFILES_DIRS = [BASE_DIR / "static" / "local", "/public"]', "")
        + '\nimport os\nSTATICFILES_DIRS = [\n    os.path.join(BASE_DIR, "static"),\n]\n'
    )
    assert "STATICFILES_DIRS names" not in render_dockerfile(
        advise({"host_os": "linux", "database": "postgres"}, folder=folder).setup
    )


def test_an_environment_word_looked_up_in_another_modules_mapping_is_one_of_its_keys(tmp_path: Path) -> None:
    """flask-boilerplate: api/config.py defines config = {"dev": ..., "prod": ..., "docker": ...}
    and api/__init__.py does config[os.environ.get("FLASK_ENV", "dev")]: FLASK_ENV is one of
    those keys (development gets dev), never "development", which is a KeyError."""
    (tmp_path / "requirements.txt").write_text("flask\ngunicorn\n")
    (tmp_path / "api").mkdir()
    (tmp_path / "api" / "config.py").write_text(
        "class DevelopmentConfig: pass\nclass ProductionConfig: pass\n\n"
        'config = {"dev": DevelopmentConfig, "prod": ProductionConfig, "docker": ProductionConfig}\n'
    )
    (tmp_path / "api" / "__init__.py").write_text(
        "import os\nfrom flask import Flask\nfrom api.config import config\n\n\ndef create_app():\n"
        "    app = Flask(__name__)\n    env = os.environ.get('FLASK_ENV', 'dev')\n"
        "    app.config.from_object(config[env])\n    return app\n"
    )
    app = inspect_project(tmp_path).apps[0]
    assert next(v.allowed for v in app.env_vars if v.name == "FLASK_ENV") == ("dev", "prod", "docker")
    env = advise({"host_os": "linux", "database": "postgres"}, folder=tmp_path).files("en")[".env"]
    assert "FLASK_ENV=dev\n" in env


def test_a_create_db_script_is_the_release_step_and_decouple_reads_without_default_are_required(
    tmp_path: Path,
) -> None:
    """flaskr-tdd: create_db.py (db.create_all() in an app context) makes the tables, which the
    README says to run: it is the release step (create_all only adds what is missing), and the
    app itself is not said to make them. python-decouple's config("X") with no default stops
    the app without X: required."""
    (tmp_path / "requirements.txt").write_text(
        "Flask==3.0.0\nFlask-SQLAlchemy==3.1.1\npython-decouple==3.8\n"
    )
    (tmp_path / "project").mkdir()
    (tmp_path / "project" / "__init__.py").write_text("")
    (tmp_path / "project" / "app.py").write_text(
        "import os\nfrom decouple import config\nfrom flask import Flask\n"
        "from flask_sqlalchemy import SQLAlchemy\napp = Flask(__name__)\n"
        "app.config['SQLALCHEMY_DATABASE_URI'] = os.getenv('DATABASE_URL', 'sqlite:///x.db')\n"
        "API_TOKEN = config('API_TOKEN', cast=str)\nDEBUG = config('DEBUG', default=False, cast=bool)\n"
        "db = SQLAlchemy(app)\n"
    )
    (tmp_path / "create_db.py").write_text(
        "from project.app import app, db\n\nwith app.app_context():\n    db.create_all()\n"
    )
    (tmp_path / "Procfile").write_text("web: gunicorn project.app:app\n")
    advice = advise({"host_os": "linux", "database": "postgres"}, folder=tmp_path)
    assert advice.setup.build.release == ("python", "create_db.py")
    report = advice.report("en")
    assert "makes its tables itself" not in report
    # It has no migrations: the note says what create_all does and does not do.
    assert "Migrations already applied" not in report
    assert "makes the tables that do not exist yet (`create_all`)" in report
    assert "아직 없는 테이블만 만들고" in advice.report("ko")
    app = inspect_project(tmp_path).apps[0]
    found = {v.name: (v.required, v.default) for v in app.env_vars}
    assert found["API_TOKEN"] == (True, None) and found["DEBUG"] == (False, "False")
    # A script that drops the tables first is no release step.
    (tmp_path / "create_db.py").write_text("from project.app import db\ndb.drop_all()\ndb.create_all()\n")
    assert advise({"host_os": "linux", "database": "postgres"}, folder=tmp_path).setup.build.release == ()


def test_a_knexfile_without_host_or_production_section_still_reaches_the_database(tmp_path: Path) -> None:
    """Coding Garden's inventory-app: knexfile.js has development and test sections only, each
    { database, user, password } with no host. In development the app and its migrations get
    NODE_ENV=development (the image's production picks a missing section) and PGHOST, which
    node-postgres takes for a connection with no host; production says the section is missing."""
    (tmp_path / "package.json").write_text(
        '{"name": "inv", "scripts": {"start": "node src/index.js", "migrate": "knex migrate:latest"},'
        ' "dependencies": {"express": "^4.17.1", "knex": "^2.2.0", "pg": "^8.7.3"}}'
    )
    (tmp_path / "knexfile.js").write_text(
        "module.exports = {\n  development: {\n    client: 'pg',\n    connection: {\n"
        "      database: process.env.POSTGRES_DB,\n      user: process.env.POSTGRES_USER,\n"
        "      password: process.env.POSTGRES_PASSWORD,\n    },\n  },\n"
        "  test: {\n    client: 'pg',\n  },\n};\n"
    )
    (tmp_path / "src").mkdir()
    (tmp_path / "src" / "index.js").write_text(
        "const app = require('express')();\napp.listen(process.env.PORT || 5050);\n"
    )
    advice = advise({"host_os": "linux", "database": "postgres"}, folder=tmp_path)
    env = yaml.safe_load(advice.files("en")["compose.yaml"])["services"]["app"]["environment"]
    assert env["PGHOST"] == "db" and env["NODE_ENV"] == "development"
    report = advice.report("en")
    assert "The app gets `PGHOST=db`" in report and "get `NODE_ENV=development`" in report
    prod = advise({"host_os": "linux", "database": "postgres", "environment": "production"}, folder=tmp_path)
    prod_env = yaml.safe_load(prod.files("en")["compose.yaml"])["services"]["app"]["environment"]
    assert "NODE_ENV" not in prod_env
    assert "`knexfile.js` has no `production` section" in prod.report("en")
    # No seed script: no note; with one (knex seed:run), the report says how to load the data once.
    assert "seed data" not in advice.report("en")
    package = json.loads((tmp_path / "package.json").read_text())
    package["scripts"]["seed"] = "knex seed:run"
    (tmp_path / "package.json").write_text(json.dumps(package))
    seeded = advise({"host_os": "linux", "database": "postgres"}, folder=tmp_path).report("en")
    assert "loads seed data with `npm run seed` (`package.json`)" in seeded
    assert "`docker compose exec app npm run seed`" in seeded


def test_settings_classes_and_enums_from_other_modules_are_read(tmp_path: Path) -> None:
    """FastAPI-Backend-Template: BackendDevSettings(BackendBaseSettings) in development.py, its
    base (a pydantic BaseSettings) in base.py, ENVIRONMENT: Environment with the str Enum in
    environment.py (PROD/DEV/STAGE): the field is read and gets the enum's word, DEV."""
    (tmp_path / "requirements.txt").write_text("fastapi\nuvicorn\npydantic<2\n")
    settings = tmp_path / "src" / "config" / "settings"
    settings.mkdir(parents=True)
    (tmp_path / "src" / "main.py").write_text("from fastapi import FastAPI\n\napp = FastAPI()\n")
    (settings / "environment.py").write_text(
        "import enum\n\n\nclass Environment(str, enum.Enum):\n"
        '    PRODUCTION: str = "PROD"\n    DEVELOPMENT: str = "DEV"\n    STAGING: str = "STAGE"\n'
    )
    (settings / "base.py").write_text(
        "import pydantic\n\n\nclass BackendBaseSettings(pydantic.BaseSettings):\n    TITLE: str = 'api'\n"
    )
    (settings / "development.py").write_text(
        "from src.config.settings.base import BackendBaseSettings\n"
        "from src.config.settings.environment import Environment\n\n\n"
        "class BackendDevSettings(BackendBaseSettings):\n"
        "    ENVIRONMENT: Environment = Environment.DEVELOPMENT\n"
    )
    app = inspect_project(tmp_path).apps[0]
    assert next(v.allowed for v in app.env_vars if v.name == "ENVIRONMENT") == ("PROD", "DEV", "STAGE")
    assert "ENVIRONMENT=DEV\n" in advise({"host_os": "linux"}, folder=tmp_path).files("en")[".env"]


def test_a_migration_script_that_runs_another_script_is_followed_to_its_tool(tmp_path: Path) -> None:
    """Vivify-Ideas' nestjs-boilerplate: `migration:run: yarn ts-typeorm migration:run` and
    `ts-typeorm: ts-node -r tsconfig-paths/register ./node_modules/.bin/typeorm`: the release
    step, with ts-node (a dev dependency) kept for it."""
    (tmp_path / "package.json").write_text(
        json.dumps(
            {
                "name": "nest",
                "scripts": {
                    "build": "tsc",
                    "start:prod": "node dist/main.js",
                    "migration:run": "yarn ts-typeorm migration:run",
                    "ts-typeorm": "ts-node -r tsconfig-paths/register ./node_modules/.bin/typeorm",
                },
                "dependencies": {"@nestjs/core": "^8.0.0", "typeorm": "^0.2.30", "mysql": "^2.18.1"},
                "devDependencies": {"ts-node": "^10.0.0", "typescript": "^4.5.0"},
            }
        )
    )
    (tmp_path / "yarn.lock").write_text("# yarn lockfile v1\n")
    advice = advise({"host_os": "linux", "database": "mysql"}, folder=tmp_path)
    assert advice.setup.build.release[1:] == ("run", "migration:run")
    assert "ts-node" in advice.setup.build.release_tools


def test_an_app_that_reads_the_file_env_itself_gets_one_made_from_its_environment(tmp_path: Path) -> None:
    """Vivify-Ideas' nestjs-boilerplate: its own ConfigService does dotenv.parse(fs.readFileSync(path))
    with new ConfigService('.env'): the environment never reaches it. compose.yaml makes the file
    from the app's environment (Compose fills each value in) and mounts it as /app/.env."""
    (tmp_path / "package.json").write_text(
        '{"name": "nest", "scripts": {"build": "tsc", "start:prod": "node dist/main.js"},'
        ' "dependencies": {"@nestjs/core": "^8.0.0", "mysql2": "^3.0.0", "dotenv": "^16.0.0"}}'
    )
    config = tmp_path / "src" / "modules" / "config"
    config.mkdir(parents=True)
    (config / "config.service.ts").write_text(
        "import * as dotenv from 'dotenv';\nimport * as fs from 'fs';\n\nexport class ConfigService {\n"
        "  private readonly envConfig: { [key: string]: string };\n"
        "  constructor(filePath: string) {\n"
        "    this.envConfig = dotenv.parse(fs.readFileSync(filePath));\n  }\n"
        "  get(key: string): string {\n    return this.envConfig[key];\n  }\n}\n"
    )
    (config / "config.module.ts").write_text(
        "export const provider = { useValue: new ConfigService('.env') };\n"
    )
    (tmp_path / "src" / "db.ts").write_text("const host = configService.get('DB_HOST');\n")
    advice = advise({"host_os": "linux", "database": "mysql"}, folder=tmp_path)
    data = yaml.safe_load(advice.files("en")["compose.yaml"])
    assert data["services"]["app"]["configs"] == [{"source": "app-env", "target": "/app/.env"}]
    content = data["configs"]["app-env"]["content"]
    assert "DB_HOST=db\n" in content and "MYSQL_PASSWORD=${MYSQL_PASSWORD:?set it in .env}\n" in content
    assert (
        "reads its settings from the file `.env` itself (`src/modules/config/config.service.ts`)"
        in advice.report("en")
    )
    # The password note says where the app gets its password: in that file, not its environment.
    assert "because it reads its settings from there, not from files" not in advice.report("en")
    assert "in the `.env` file compose.yaml makes for it" in advice.report("en")
    assert "compose.yaml이 앱을 위해 만드는 `.env` 파일" in advice.report("ko")
    # An app that reads its environment (dotenv.config()) gets no such file.
    (config / "config.service.ts").write_text(
        "import 'dotenv/config';\nexport const host = process.env.DB_HOST;\n"
    )
    plain = yaml.safe_load(
        advise({"host_os": "linux", "database": "mysql"}, folder=tmp_path).files("en")["compose.yaml"]
    )
    assert "configs" not in plain["services"]["app"]


def test_a_connection_fixed_in_a_required_json_config_is_pointed_out(tmp_path: Path) -> None:
    """cornflourblue's signup API keeps its database in config.json (host localhost, user root),
    which _helpers/db.js requires: the report says the connection is fixed there."""
    (tmp_path / "package.json").write_text(
        '{"name": "api", "scripts": {"start": "node ./server.js"},'
        ' "dependencies": {"express": "^4.17.1", "mysql2": "^2.1.0", "sequelize": "^6.3.5"}}'
    )
    (tmp_path / "config.json").write_text(
        '{"database": {"host": "localhost", "port": 3306, "user": "root", "password": "", "database": "api"}}'
    )
    (tmp_path / "_helpers").mkdir()
    (tmp_path / "_helpers" / "db.js").write_text(
        "const config = require('config.json');\n"
        "const { host, port, user, password, database } = config.database;\n"
    )
    (tmp_path / "server.js").write_text("require('./_helpers/db');\nrequire('express')().listen(4000);\n")
    report = advise({"host_os": "linux", "database": "mysql"}, folder=tmp_path).report("en")
    assert "fixed in `config.json` (host localhost and a password), which its code loads" in report


def test_a_pinned_framework_that_runs_only_on_old_pythons_gets_one_and_the_report_says_it_is_past_its_end(
    tmp_path: Path,
) -> None:
    """A Beginner's Guide to Django pins Django==1.11.29 (Python up to 3.7): the image uses 3.7,
    not the newest line, where Django 1.11 does not import; the report says that line gets no
    security fixes and what to upgrade."""
    (tmp_path / "requirements.txt").write_text(
        "Django==1.11.29\ndj-database-url==0.4.2\npython-decouple==3.1\n"
    )
    (tmp_path / "manage.py").write_text(
        "import os\nos.environ.setdefault('DJANGO_SETTINGS_MODULE', 'site1.settings')\n"
    )
    (tmp_path / "site1").mkdir()
    (tmp_path / "site1" / "settings.py").write_text("SECRET_KEY = 'x'\n")
    advice = advise({"host_os": "linux"}, folder=tmp_path)
    assert advice.setup.build.runtime_version == "3.7"
    report = advice.report("en")
    assert "`requirements.txt` pins `django==1.11.29`, which runs on Python up to `3.7`" in report
    assert "past its end of life" in report
    # A current Django: the newest line, no such note.
    (tmp_path / "requirements.txt").write_text("Django==5.2.8\n")
    current = advise({"host_os": "linux"}, folder=tmp_path)
    assert current.setup.build.runtime_version != "3.7" and "end of life" not in current.report("en")


def test_an_alembic_older_than_1_5_runs_through_its_main_function(tmp_path: Path) -> None:
    """alembic 1.4 has no __main__ (python -m alembic fails: "cannot be directly executed"):
    its main() runs from the app's folder instead, which is on the path as with -m."""
    (tmp_path / "requirements.txt").write_text(
        "fastapi==0.49.0\nalembic==1.4.0\nSQLAlchemy==1.3.24\npsycopg2-binary==2.9.9\n"
    )
    (tmp_path / "main.py").write_text(
        "import os\nfrom fastapi import FastAPI\n\napp = FastAPI()\nURL = os.environ['DATABASE_URL']\n"
    )
    (tmp_path / "alembic.ini").write_text("[alembic]\nscript_location = alembic\n")
    advice = advise({"host_os": "linux", "database": "postgres"}, folder=tmp_path)
    assert advice.setup.build.release == (
        "python",
        "-c",
        "from alembic.config import main; main()",
        "upgrade",
        "head",
    )
    (tmp_path / "requirements.txt").write_text("fastapi\nalembic==1.13.1\nSQLAlchemy\npsycopg2-binary\n")
    current = advise({"host_os": "linux", "database": "postgres"}, folder=tmp_path)
    assert current.setup.build.release == ("python", "-m", "alembic", "upgrade", "head")


def test_a_mysql_driver_runs_on_the_mariadb_the_projects_compose_file_runs(tmp_path: Path) -> None:
    """Vivify-Ideas' nestjs-boilerplate: the `mysql` package, and its docker-compose.yml runs
    mariadb:10: the database is MariaDB (no MySQL 8.4 with its old-password flags)."""
    (tmp_path / "package.json").write_text(
        '{"name": "nest", "scripts": {"start": "node main.js"}, "dependencies": {"mysql": "^2.18.1"}}'
    )
    (tmp_path / "main.js").write_text("require('http').createServer().listen(process.env.PORT || 3000);\n")
    (tmp_path / "docker-compose.yml").write_text("services:\n  mariadb:\n    image: mariadb:10\n")
    advice = advise({"host_os": "linux"}, folder=tmp_path)
    assert advice.evaluation.answers.database == "mariadb"
    assert yaml.safe_load(advice.files("en")["compose.yaml"])["services"]["db"]["image"].startswith(
        "mariadb:"
    )


def test_notes_about_the_apps_own_settings_name_run_sh_when_there_is_no_compose_file(tmp_path: Path) -> None:
    """A project with no database runs through run.sh: the notes say run.sh passes .env (with
    --env-file), never that compose.yaml does (m13: django-beginners-guide)."""
    (tmp_path / "requirements.txt").write_text("flask\n")
    (tmp_path / "app.py").write_text(
        "import os\nfrom flask import Flask\napp = Flask(__name__)\nMODE = os.getenv('SITE_MODE')\n"
        "TOKEN = os.environ['API_TOKEN']\n"
    )
    (tmp_path / ".env.example").write_text("SITE_MODE=blog\nAPI_TOKEN=\n")
    advice = advise({"host_os": "linux"}, folder=tmp_path)
    assert advice.setup.orchestration == "docker-run-script"
    report = advice.report("en")
    assert "which run.sh passes to the container with `--env-file`" in report
    assert (
        "(run.sh passes `.env` to the container)" in report
        and "compose.yaml" not in report.split("## Your project")[1].split("## ")[0]
    )


def test_a_gunicorn_config_that_daemonizes_is_pointed_out(tmp_path: Path) -> None:
    """flask-sqlalchemy-tutorial's gunicorn.conf.py sets daemon = True: the server forks away
    and the container stops at once; the report says to set it False."""
    (tmp_path / "requirements.txt").write_text("flask\ngunicorn\n")
    (tmp_path / "wsgi.py").write_text("from flask import Flask\napp = Flask(__name__)\n")
    (tmp_path / "gunicorn.conf.py").write_text('bind = "0.0.0.0:8000"\nworkers = 2\ndaemon = True\n')
    report = advise({"host_os": "linux"}, folder=tmp_path).report("en")
    assert "`gunicorn.conf.py` sets `daemon = True`" in report
    (tmp_path / "gunicorn.conf.py").write_text('bind = "0.0.0.0:8000"\ndaemon = False\n')
    assert "daemon = True" not in advise({"host_os": "linux"}, folder=tmp_path).report("en")


def test_an_sqlite_url_given_only_by_the_projects_example_moves_into_the_data_volume(tmp_path: Path) -> None:
    """django-beginners-guide: DATABASES from dj_database_url.config(default=config('DATABASE_URL')),
    required, and only .env.example says sqlite:///db.sqlite3. With no database server the app
    gets it in data/, a volume (the release step's too), and collectstatic a value at build."""
    (tmp_path / "requirements.txt").write_text(
        "Django==5.2.8\ndj-database-url==2.1.0\npython-decouple==3.8\n"
    )
    (tmp_path / "manage.py").write_text(
        "import os\nos.environ.setdefault('DJANGO_SETTINGS_MODULE', 'site1.settings')\n"
    )
    (tmp_path / "site1").mkdir()
    (tmp_path / "site1" / "settings.py").write_text(
        "from decouple import config\nimport dj_database_url\nSECRET_KEY = config('SECRET_KEY')\n"
        "DATABASES = {'default': dj_database_url.config(default=config('DATABASE_URL'))}\n"
        "STATIC_ROOT = 'staticfiles'\n"
    )
    (tmp_path / ".env.example").write_text("SECRET_KEY=x\nDATABASE_URL=sqlite:///db.sqlite3\n")
    advice = advise({"host_os": "linux"}, folder=tmp_path)
    files = advice.files("en")
    assert "DATABASE_URL=sqlite:////app/data/db.sqlite3\n" in files[".env"]
    assert '--volume "$name-app-data:/app/data"' in files["run.sh"]
    assert "DATABASE_URL=sqlite:////app/data/db.sqlite3" in render_dockerfile(advice.setup)


def test_a_pinned_sqlalchemy_beta_holds_python_to_the_line_it_imports_on(tmp_path: Path) -> None:
    """FastAPI-Backend-Template pins SQLAlchemy==2.0.0b3 with requires-python >=3.11: on 3.13
    and later it stops at import (fixed in 2.0.31), and 3.12 support came in 2.0.22, so the
    image takes 3.11 (the project's own Dockerfile names 3.11.0 too)."""
    (tmp_path / "pyproject.toml").write_text(
        '[project]\nname = "backend"\nversion = "0"\nrequires-python = ">=3.11"\n'
    )
    (tmp_path / "requirements.txt").write_text("fastapi\nuvicorn\nSQLAlchemy==2.0.0b3\nasyncpg\n")
    (tmp_path / "main.py").write_text("from fastapi import FastAPI\n\napp = FastAPI()\n")
    advice = advise({"host_os": "linux"}, folder=tmp_path)
    assert advice.setup.build.runtime_version == "3.11"
    (tmp_path / "requirements.txt").write_text("fastapi\nuvicorn\nSQLAlchemy==2.0.44\nasyncpg\n")
    assert advise({"host_os": "linux"}, folder=tmp_path).setup.build.runtime_version not in ("3.11", "3.12")


def test_djangos_default_sqlite_file_becomes_a_link_into_a_volume_the_release_step_shares(
    tmp_path: Path,
) -> None:
    """Django's startproject settings keep the database at BASE_DIR / "db.sqlite3", among the
    code, with no variable to move it (os.path.join(BASE_DIR, 'db.sqlite3') in older ones): the
    image moves the file to data/ and links its place there; the volume on data/ is mounted
    for the migrate step and the app alike, so the tables migrate makes are the app's."""
    (tmp_path / "requirements.txt").write_text("Django==5.1.4\n")
    (tmp_path / "manage.py").write_text(
        'import os\nos.environ.setdefault("DJANGO_SETTINGS_MODULE", "site.settings")\n'
    )
    (tmp_path / "site").mkdir()
    (tmp_path / "site" / "__init__.py").write_text("")
    (tmp_path / "site" / "settings.py").write_text(
        "import os\nBASE_DIR = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))\n"
        "DATABASES = {\n    'default': {\n        'ENGINE': 'django.db.backends.sqlite3',\n"
        "        'NAME': os.path.join(BASE_DIR, 'db.sqlite3'),\n    }\n}\n"
    )
    advice = advise({"host_os": "linux"}, folder=tmp_path)
    assert advice.setup.build.sqlite_links == (("db.sqlite3", "data/db.sqlite3", "site/settings.py"),)
    files = advice.files("en")
    assert (
        "RUN mkdir -p data \\\n    && if [ -e db.sqlite3 ] && [ ! -L db.sqlite3 ]; then mv db.sqlite3"
        " data/db.sqlite3; fi \\\n    && ln -sfn /app/data/db.sqlite3 db.sqlite3\n" in files["Dockerfile"]
    )
    assert 'chown -R "${UID}:${UID}" /app/data' in files["Dockerfile"]
    run = files["run.sh"]
    migrate = next(line for line in run.splitlines() if "migrate --noinput" in line)
    assert '--volume "$name-app-data:/app/data"' in migrate
    assert run.count('--volume "$name-app-data:/app/data"') == 2  # the step and the app
    report = advice.report("en")
    assert "The image moves it to `data/db.sqlite3` and leaves a link in its place" in report
    assert "no volume keeps it" not in report
    assert "원래 자리에 링크를 남깁니다" in advice.report("ko")
    # With compose (a Redis cache), the migrate service and the app share the volume.
    composed = advise({"host_os": "linux", "cache": "redis"}, folder=tmp_path)
    services = _compose(composed)["services"]
    assert services["app"]["volumes"] == services["migrate"]["volumes"] == ["app-data:/app/data"]
    # A database server replaces the file: nothing is linked.
    assert (
        advise({"host_os": "linux", "database": "postgres"}, folder=tmp_path).setup.build.sqlite_links == ()
    )


def test_djangos_databases_setting_decides_over_a_drivers_presence(tmp_path: Path) -> None:
    """djangox lists psycopg in its requirements for a PostgreSQL block it leaves commented
    out; DATABASES keeps SQLite and reads nothing from the environment: the database answer
    is none, detected from the settings, and the report says why no server is set up (and,
    when a server is chosen anyway, that the app does not use it)."""
    (tmp_path / "requirements.txt").write_text("Django==5.1.4\npsycopg==3.2.3\npsycopg-binary==3.2.3\n")
    (tmp_path / "manage.py").write_text(
        'import os\nos.environ.setdefault("DJANGO_SETTINGS_MODULE", "proj.settings")\n'
    )
    (tmp_path / "proj").mkdir()
    (tmp_path / "proj" / "__init__.py").write_text("")
    settings = tmp_path / "proj" / "settings.py"
    settings.write_text(
        "from pathlib import Path\nBASE_DIR = Path(__file__).resolve().parent.parent\n"
        'DATABASES = {\n    "default": {\n        "ENGINE": "django.db.backends.sqlite3",\n'
        '        "NAME": BASE_DIR / "db.sqlite3",\n    }\n}\n'
        '# For Docker/PostgreSQL usage uncomment this\n# DATABASES = {\n#     "default": {\n'
        '#         "ENGINE": "django.db.backends.postgresql",\n#         "HOST": "db",\n#     }\n# }\n'
    )
    facts = inspect_project(tmp_path)
    fixed = facts.apps[0].sqlite_settings
    assert facts.apps[0].databases == () and fixed is not None
    assert (fixed.value, fixed.source) == ("DATABASES", "proj/settings.py")
    assert suggested_answers(facts)["database"] == ("none", "proj/settings.py")
    advice = advise({"host_os": "linux"}, folder=tmp_path)
    assert advice.answers.database == "none"
    assert (
        "so no database server is set up, although the requirements list a server's driver"
        in advice.report("en")
    )
    assert "데이터베이스 서버를 두지 않습니다" in advice.report("ko")
    served = advise({"host_os": "linux", "database": "postgres"}, folder=tmp_path).report("en")
    assert "the app does not use the PostgreSQL database these files set up" in served
    # Settings that take the connection from the environment keep the server.
    settings.write_text(
        "import dj_database_url\nDATABASES = {'default': dj_database_url.config(default='sqlite:///db.sqlite3')}\n"
        "if False:\n    DATABASES = {'default': {'ENGINE': 'django.db.backends.sqlite3'}}\n"
    )
    assert inspect_project(tmp_path).apps[0].databases[0].kind == "postgres"


def test_flask_script_set_up_commands_flask_assets_and_runtime_txt(tmp_path: Path) -> None:
    """hack4impact's flask-base: manage.py's Flask-Script command recreate_db (drop_all, then
    create_all) is run by hand, not at the app's start: the report names it with how to run
    it; Flask-Assets writes its bundles into the package's static folder, which the app's
    user owns; runtime.txt's python-3.6.0 is quoted without an empty bracket."""
    (tmp_path / "requirements.txt").write_text(
        "Flask==1.1.2\nFlask-Script==2.0.6\nFlask-Assets==2.0\nFlask-SQLAlchemy==2.4.4\n"
        "Flask-Migrate==2.5.3\npsycopg2-binary==2.8.6\ngunicorn==20.0.4\n"
    )
    (tmp_path / "runtime.txt").write_text("python-3.6.0\n")
    (tmp_path / "Procfile").write_text("web: gunicorn manage:app\n")
    (tmp_path / "app").mkdir()
    (tmp_path / "app" / "__init__.py").write_text(
        "import os\nfrom flask import Flask\nfrom flask_assets import Environment\n"
        "from flask_sqlalchemy import SQLAlchemy\n\ndb = SQLAlchemy()\n\n"
        "def create_app(config):\n    app = Flask(__name__)\n"
        "    app.config['SQLALCHEMY_DATABASE_URI'] = os.environ.get('DATABASE_URL')\n"
        "    assets_env = Environment(app)\n    db.init_app(app)\n    return app\n"
    )
    (tmp_path / "manage.py").write_text(
        "from flask_script import Manager\nfrom app import create_app, db\n\n"
        "app = create_app('default')\nmanager = Manager(app)\n\n\n"
        '@manager.command\ndef recreate_db():\n    """Recreates a local database."""\n'
        "    db.drop_all()\n    db.create_all()\n    db.session.commit()\n\n\n"
        "if __name__ == '__main__':\n    manager.run()\n"
    )
    advice = advise({"host_os": "linux", "database": "postgres"}, folder=tmp_path)
    report = advice.report("en")
    assert "makes its tables itself as it starts" not in report
    assert "`python manage.py recreate_db` (`manage.py`)" in report
    assert "`docker compose exec app python manage.py recreate_db`" in report
    assert "flask db init" not in report  # the project's own command, not a new migrations folder
    assert 'chown -R "${UID}:${UID}" /app/app/static' in render_dockerfile(advice.setup)
    assert "`runtime.txt` asks for `3.6.0`, so the image uses `3.6`" in report
    assert "()" not in report


def test_prisma_without_migrations_pushes_its_schema_before_the_app_starts(tmp_path: Path) -> None:
    """A Prisma project with no migrations folder makes its tables with `prisma db push` (its
    README, a db:push script): that is the release step, explained as such; Prisma 7 no longer
    runs generate in db push and has no --skip-generate."""
    (tmp_path / "package.json").write_text(
        '{"name": "api", "scripts": {"start": "node src/index.js", "db:push": "prisma db push"},'
        ' "dependencies": {"@prisma/client": "^5.9.0", "express": "^4.18.2"},'
        ' "devDependencies": {"prisma": "^5.9.0"}}'
    )
    (tmp_path / "src").mkdir()
    (tmp_path / "src" / "index.js").write_text("require('express')().listen(process.env.PORT || 3000);\n")
    (tmp_path / "prisma").mkdir()
    (tmp_path / "prisma" / "schema.prisma").write_text(
        'datasource db {\n  provider = "postgresql"\n  url      = env("DATABASE_URL")\n}\n'
    )
    advice = advise({"host_os": "linux"}, folder=tmp_path)
    assert advice.answers.database == "postgres"
    migrate = _compose(advice)["services"]["migrate"]
    assert migrate["command"] == ["prisma", "db", "push", "--skip-generate"]
    report = advice.report("en")
    assert (
        "The project keeps no Prisma migrations, so this makes the database's tables match the schema"
        in report
    )
    assert "Migrations already applied are skipped" not in report
    assert "프로젝트에 Prisma 마이그레이션이 없으므로" in advice.report("ko")
    (tmp_path / "package.json").write_text(
        (tmp_path / "package.json").read_text().replace('"prisma": "^5.9.0"', '"prisma": "^7.0.1"')
    )
    assert advise({"host_os": "linux"}, folder=tmp_path).setup.build.release == ("prisma", "db", "push")


def test_a_flask_config_that_keeps_sqlite_beside_its_module_uses_no_server(tmp_path: Path) -> None:
    """cosmic-byte's flask-restplus-boilerplate: SQLALCHEMY_DATABASE_URI = 'sqlite:///' +
    os.path.join(basedir, 'x.db') with basedir the config module's folder; the PostgreSQL
    URL read from DATABASE_URL is commented out, psycopg2-binary still in the requirements.
    No server; the file, among the code, becomes a link into the data volume."""
    (tmp_path / "requirements.txt").write_text(
        "Flask==2.2.5\nFlask-SQLAlchemy==2.5.1\nFlask-Migrate==2.7.0\npsycopg2-binary==2.9.10\n"
    )
    (tmp_path / "app" / "main").mkdir(parents=True)
    (tmp_path / "app" / "__init__.py").write_text("")
    (tmp_path / "app" / "main" / "__init__.py").write_text("from flask import Flask\napp = Flask(__name__)\n")
    (tmp_path / "app" / "main" / "config.py").write_text(
        "import os\n\n# postgres_local_base = os.environ['DATABASE_URL']\n\n"
        "basedir = os.path.abspath(os.path.dirname(__file__))\n\n\nclass DevelopmentConfig:\n"
        "    # SQLALCHEMY_DATABASE_URI = postgres_local_base\n"
        "    SQLALCHEMY_DATABASE_URI = 'sqlite:///' + os.path.join(basedir, 'main.db')\n"
    )
    app = inspect_project(tmp_path).apps[0]
    assert app.databases == () and "DATABASE_URL" not in {v.name for v in app.env_vars}
    assert app.sqlite_settings is not None and app.sqlite_settings.value == "SQLALCHEMY_DATABASE_URI"
    advice = advise({"host_os": "linux"}, folder=tmp_path)
    assert advice.answers.database == "none"
    assert advice.setup.build.sqlite_links == (("app/main/main.db", "data/main.db", "app/main/config.py"),)
    report = advice.report("en")
    assert "(`SQLALCHEMY_DATABASE_URI` in `app/main/config.py`)" in report
    assert '`SQLALCHEMY_DATABASE_URI = os.environ["DATABASE_URL"]`' in report
    # No step runs before the app: the note says only where the data lives; the tables are
    # Flask-Migrate's, whose migrations the project does not commit: said, as with a server.
    assert "the volume run.sh mounts on `data/` keeps it across rebuilds." in report

    assert "migrate step and the app" not in report
    assert "commits no `migrations/` folder" in report


def test_a_sqlite_fallback_in_a_config_class_is_linked_into_the_volume_not_the_instance_folder(
    tmp_path: Path,
) -> None:
    """AppSeed's flask-soft-ui-dashboard: inside ``class Config``, ``BASE_DIR =
    Path(__file__).resolve().parent`` and, when DB_ENGINE/DB_NAME/DB_USERNAME are not all set,
    ``SQLALCHEMY_DATABASE_URI = 'sqlite:///' + os.path.join(BASE_DIR, 'db.sqlite3')``; no server
    driver is installed. The file sits in apps/ (root-owned in the image: the first sign-up got
    'attempt to write a readonly database'). It is an absolute path, so Flask-SQLAlchemy 3 does
    not move it into instance/: no instance folder, no instance note; the file is linked into
    data/, a volume the release step shares."""
    write_tree(
        tmp_path,
        {
            "requirements.txt": (
                "flask==3.1.0\nflask_migrate==4.1.0\nflask_sqlalchemy==3.1.1\ngunicorn==23.0.0\n"
            ),
            "run.py": (
                "import os\nfrom apps import create_app, db\napp = create_app()\n"
                "with app.app_context():\n    try:\n        db.create_all()\n    except Exception:\n"
                "        basedir = os.path.abspath(os.path.dirname(__file__))\n"
                "        app.config['SQLALCHEMY_DATABASE_URI'] = 'sqlite:///'"
                " + os.path.join(basedir, 'db.sqlite3')\n"
            ),
            "apps/__init__.py": (
                "from flask import Flask\nfrom flask_sqlalchemy import SQLAlchemy\ndb = SQLAlchemy()\n"
            ),
            "apps/config.py": (
                "import os\nfrom pathlib import Path\n\nclass Config(object):\n\n"
                "    BASE_DIR = Path(__file__).resolve().parent\n"
                "    DB_ENGINE   = os.getenv('DB_ENGINE'   , None)\n"
                "    DB_NAME     = os.getenv('DB_NAME'     , None)\n"
                "    DB_USERNAME = os.getenv('DB_USERNAME' , None)\n"
                "    USE_SQLITE  = True\n"
                "    if DB_ENGINE and DB_NAME and DB_USERNAME:\n"
                "        SQLALCHEMY_DATABASE_URI = '{}://{}@/{}'.format(DB_ENGINE, DB_USERNAME, DB_NAME)\n"
                "        USE_SQLITE  = False\n"
                "    if USE_SQLITE:\n"
                "        SQLALCHEMY_DATABASE_URI = 'sqlite:///' + os.path.join(BASE_DIR, 'db.sqlite3')\n"
            ),
            "migrations/env.py": "",
        },
    )
    app = inspect_project(tmp_path).apps[0]
    assert ("apps/db.sqlite3", "sqlite") in {(w.path, w.kind) for w in app.writable_paths}
    assert not any(w.path.startswith("instance") for w in app.writable_paths)
    advice = advise({"host_os": "linux"}, folder=tmp_path)
    assert advice.answers.database == "none"
    assert advice.setup.build.sqlite_links[0] == ("apps/db.sqlite3", "data/db.sqlite3", "apps/config.py")
    files = {f.name: f.content for f in render_files(advice.setup, "en")}
    assert "ln -sfn /app/data/db.sqlite3 apps/db.sqlite3" in files["Dockerfile"]
    run_sh = files["run.sh"]
    release = next(line for line in run_sh.splitlines() if line.endswith("flask db upgrade"))
    assert '--volume "$name-app-data:/app/data"' in release
    assert "instance" not in advice.report("en") and "instance" not in files["Dockerfile"]


def test_settings_required_through_an_imported_decouple_get_build_placeholders(tmp_path: Path) -> None:
    """justdjango's django-ecommerce: settings/development.py reads config('STRIPE_TEST_PUBLIC_KEY')
    with the config that `from .base import *` brought from decouple, no default; the project's
    own .env names it. The collectstatic step gets a placeholder for it (it stopped the build),
    a truth value gets False, and the report does not claim .env has them commented out."""
    (tmp_path / "requirements.txt").write_text("Django==5.1.4\npython-decouple==3.8\n")
    (tmp_path / "manage.py").write_text(
        'import os\nos.environ.setdefault("DJANGO_SETTINGS_MODULE", "shop.settings.development")\n'
    )
    settings = tmp_path / "shop" / "settings"
    settings.mkdir(parents=True)
    (tmp_path / "shop" / "__init__.py").write_text("")
    (settings / "__init__.py").write_text("")
    (settings / "base.py").write_text(
        "import os\nfrom decouple import config\nBASE_DIR = os.path.dirname(os.path.dirname(__file__))\n"
        "SECRET_KEY = config('SECRET_KEY')\nSTATIC_ROOT = os.path.join(BASE_DIR, 'static_root')\n"
    )
    (settings / "development.py").write_text(
        "from .base import *\n\nDEBUG = config('DEBUG', cast=bool)\n"
        "STRIPE_KEY = config('STRIPE_TEST_PUBLIC_KEY')\n"
    )
    (tmp_path / ".env").write_text("SECRET_KEY=abc\nDEBUG=True\nSTRIPE_TEST_PUBLIC_KEY=pk_test\n")
    advice = advise({"host_os": "linux"}, folder=tmp_path)
    found = {v.name: v.required for v in inspect_project(tmp_path).apps[0].env_vars}
    assert found["STRIPE_TEST_PUBLIC_KEY"] and found["DEBUG"]
    text = render_dockerfile(advice.setup)
    assert "    STRIPE_TEST_PUBLIC_KEY=build-only \\\n" in text and "    DEBUG=False \\\n" in text
    assert "commented out" not in advice.report("en")


def test_flask_serves_the_app_its_manage_py_makes_with_the_codes_own_environment_word(tmp_path: Path) -> None:
    """flask-restplus-boilerplate: create_app(config_name) needs its argument, and manage.py
    makes the app with it (os.getenv('BOILERPLATE_ENV') or 'dev') and registers the routes:
    gunicorn serves manage:app. The switch takes the code's own vocabulary (dev, prod), which
    the config mapping's keys use, not 'development' (KeyError)."""
    (tmp_path / "requirements.txt").write_text("Flask==2.2.5\ngunicorn==23.0.0\n")
    (tmp_path / "app" / "main").mkdir(parents=True)
    (tmp_path / "app" / "__init__.py").write_text(
        "from flask import Blueprint\nblueprint = Blueprint('api', __name__)\n"
    )
    (tmp_path / "app" / "main" / "__init__.py").write_text(
        "from flask import Flask\n\n\ndef create_app(config_name):\n"
        "    app = Flask(__name__)\n    return app\n"
    )
    (tmp_path / "manage.py").write_text(
        "import os\nfrom app import blueprint\nfrom app.main import create_app\n\n"
        "app = create_app(os.getenv('BOILERPLATE_ENV') or 'dev')\napp.register_blueprint(blueprint)\n"
    )
    dev = advise({"host_os": "linux"}, folder=tmp_path)
    assert dev.setup.build.start == ("gunicorn", "manage:app", "--bind", "0.0.0.0:8000")
    assert next(v.value for v in dev.setup.env if v.name == "BOILERPLATE_ENV") == "dev"
    prod = advise({"host_os": "linux", "environment": "production"}, folder=tmp_path)
    assert next(v.value for v in prod.setup.env if v.name == "BOILERPLATE_ENV") == "prod"


def test_a_pool_with_its_host_written_in_the_code_gets_no_pghost(tmp_path: Path) -> None:
    """Tania Rascia's node-api-postgres: new Pool({ host: 'localhost', password: 'password' }):
    PGHOST cannot change a host the code sets, so it is not given, and the report says the
    connection is fixed in the code (m16: the two notes contradicted each other)."""
    (tmp_path / "package.json").write_text(
        '{"name": "api", "main": "index.js", "dependencies": {"express": "^4.17.1", "pg": "^8.0.0"}}'
    )
    (tmp_path / "index.js").write_text("const express = require('express')\nexpress().listen(3000)\n")
    (tmp_path / "queries.js").write_text(
        "const Pool = require('pg').Pool\nconst pool = new Pool({\n  user: 'me',\n  host: 'localhost',\n"
        "  database: 'api',\n  password: 'password',\n  port: 5432,\n})\n"
    )
    advice = advise({"host_os": "linux", "database": "postgres"}, folder=tmp_path)
    assert "PGHOST" not in _compose(advice)["services"]["app"]["environment"]
    report = advice.report("en")
    assert "PGHOST" not in report and "with the settings written out (`queries.js`" in report


def test_knex_migrations_without_a_script_and_a_production_dockerfiles_start(tmp_path: Path) -> None:
    """koa-vue-notes-api: the knexfile keeps its migrations in src/db/migrations, which only a
    shell script runs: `knex migrate:latest` is the release step. No start script; the
    project's Dockerfile-production ends CMD ["node", "./dist/src/app.js"]: that is the start,
    not the convention's index.js. drizzle's `database:migrate` script counts as a migrate script."""
    (tmp_path / "package.json").write_text(
        '{"name": "notes", "scripts": {"build": "tsc", "watch": "ts-node ./src/app.ts"},'
        ' "dependencies": {"koa": "^2.0.0", "knex": "^0.95.0", "mysql": "^2.18.1"},'
        ' "devDependencies": {"typescript": "^4.0.0"}}'
    )
    (tmp_path / "src" / "db" / "migrations").mkdir(parents=True)
    (tmp_path / "src" / "db" / "migrations" / "20190101_users.js").write_text("exports.up = () => {}\n")
    (tmp_path / "src" / "app.ts").write_text(
        "import Koa from 'koa'\nnew Koa().listen(process.env.PORT || 4000)\n"
    )
    (tmp_path / "knexfile.js").write_text(
        "module.exports = {\n  production: {\n    client: 'mysql',\n"
        "    connection: { host: process.env.DB_HOST, database: process.env.DB_DATABASE },\n"
        "    migrations: { directory: './src/db/migrations' },\n  },\n}\n"
    )
    (tmp_path / "Dockerfile-production").write_text(
        'FROM node:14\nWORKDIR /app\nCOPY . .\nRUN npm run build\nCMD [ "node", "./dist/src/app.js" ]\n'
    )
    advice = advise({"host_os": "linux", "database": "mysql"}, folder=tmp_path)
    assert advice.setup.build.release == ("knex", "migrate:latest")
    assert advice.setup.build.start == ("node", "./dist/src/app.js")
    assert _compose(advice)["services"]["migrate"]["command"] == ["knex", "migrate:latest"]
    (tmp_path / "package.json").write_text(
        '{"name": "api", "scripts": {"start": "node src/index.js",'
        ' "database:migrate": "drizzle-kit migrate --config=infra/drizzle.config.js"},'
        ' "dependencies": {"drizzle-orm": "^0.36.0", "pg": "^8.0.0"},'
        ' "devDependencies": {"drizzle-kit": "^0.28.0"}}'
    )
    (tmp_path / "knexfile.js").unlink()
    drizzle = advise({"host_os": "linux", "database": "postgres"}, folder=tmp_path)
    assert drizzle.setup.build.release == ("npm", "run", "database:migrate")


def test_an_env_schema_loaded_from_a_config_folder_gets_its_values_port_and_transport(tmp_path: Path) -> None:
    """256Taras' fastify-drizzle starter: env-schema reads a typebox object of settings (most
    required) from configs/.env, documented in configs/.env.example; the server listens on
    HTTP_PORT; pino's transport target pino-pretty is a dev dependency loaded by name. The
    values come from that example, HTTP_PORT is the app's port, and the dev dependencies stay."""
    write_tree(
        tmp_path,
        {
            "package.json": '{"name": "kit", "scripts": {"start": "node src/index.ts"},'
            ' "dependencies": {"fastify": "^5.0.0", "env-schema": "^6.0.0", "pg": "^8.0.0",'
            ' "pino": "^9.0.0"},'
            ' "devDependencies": {"pino-pretty": "^13.0.0"}}',
            "src/configs/env.config.ts": 'import { Type } from "@sinclair/typebox";\n'
            'import { envSchema } from "env-schema";\n'
            "const SCHEMA = Type.Object({\n  APPLICATION_NAME: Type.String(),\n  HTTP_PORT: Type.Integer(),\n"
            "  IP: Type.String(),\n  COMPOSE_PROJECT_NAME: Type.String(),\n"
            "  METRICS_API_KEY: Type.Optional(Type.String()),\n});\n"
            'const path = () => "configs/.env";\n'
            "export const ENV_CONFIG = envSchema({ dotenv: { path: path() }, schema: SCHEMA });\n",
            "src/index.ts": 'import Fastify from "fastify";\n'
            'import { ENV_CONFIG } from "./configs/env.config.ts";\n'
            'const app = Fastify({ logger: { transport: { target: "pino-pretty" } } });\n'
            'app.listen({ port: ENV_CONFIG.HTTP_PORT ?? 3000, host: "0.0.0.0" });\n',
            "configs/.env.example": "APPLICATION_NAME=starter-kit\nHTTP_PORT=8000\nIP=0.0.0.0\n"
            "COMPOSE_PROJECT_NAME=dev_deployment\n",
        },
    )
    advice = advise({"host_os": "linux", "database": "postgres"}, folder=tmp_path)
    files = advice.files("en")
    env = dict(
        line.split("=", 1) for line in files[".env"].splitlines() if "=" in line and not line.startswith("#")
    )
    assert env["APPLICATION_NAME"] == "starter-kit" and "HTTP_PORT" not in env
    app = _compose(advice)["services"]["app"]["environment"]
    assert app["HTTP_PORT"] == str(advice.answers.app_port)
    assert "METRICS_API_KEY" not in app
    # A two-letter key is read; a key named like Compose's own goes to the app as a value
    # (in .env, Compose would take COMPOSE_PROJECT_NAME as the project's name).
    assert env["IP"] == "0.0.0.0" and "COMPOSE_PROJECT_NAME" not in env
    assert app["COMPOSE_PROJECT_NAME"] == "dev_deployment"
    assert "the app loads\n# as it runs pino-pretty" in files["Dockerfile"]
    assert "prune" not in files["Dockerfile"]


def test_the_host_list_of_the_settings_manage_py_runs_with_and_djangos_empty_list_rule(
    tmp_path: Path,
) -> None:
    """django-ecommerce: settings/development.py (manage.py's default) answers for 127.0.0.1
    only, settings/production.py for its own names: development announces 127.0.0.1 (localhost
    gets 400). recipe-app-api: ALLOWED_HOSTS = [] with DEBUG on answers for localhost in
    development, so no note says otherwise."""
    (tmp_path / "requirements.txt").write_text("Django==5.1.4\n")
    (tmp_path / "manage.py").write_text(
        'import os\nos.environ.setdefault("DJANGO_SETTINGS_MODULE", "shop.settings.development")\n'
    )
    settings = tmp_path / "shop" / "settings"
    settings.mkdir(parents=True)
    (tmp_path / "shop" / "__init__.py").write_text("")
    (settings / "__init__.py").write_text("")
    (settings / "development.py").write_text("DEBUG = True\nALLOWED_HOSTS = ['127.0.0.1']\n")
    (settings / "production.py").write_text(
        "DEBUG = False\nALLOWED_HOSTS = ['ip-address', 'www.example.com']\n"
    )
    assert advise({"host_os": "linux"}, folder=tmp_path).setup.url == "http://127.0.0.1:8000/"
    (settings / "production.py").unlink()
    (settings / "development.py").write_text("DEBUG = True\nALLOWED_HOSTS = []\n")
    dev = advise({"host_os": "linux"}, folder=tmp_path)
    assert dev.setup.url == "http://localhost:8000/" and "fix the hosts" not in dev.report("en")


@pytest.mark.parametrize(
    ("requirement", "line"),
    [
        ("Django>=2.2,<3.0", "3.9"),
        ("Django~=2.2", "3.9"),
        ("django==3.2.*", "3.10"),
        ("Django>=4.2,<6", VERSIONS["python"]),
    ],
)
def test_an_upper_bound_on_a_framework_caps_python_as_a_pin_does(
    tmp_path: Path, requirement: str, line: str
) -> None:
    """Django>=2.2,<3.0 installs a 2.2 release, which runs up to Python 3.9: the image takes
    3.9, not the newest line (a bound is read as the release just below it)."""
    (tmp_path / "requirements.txt").write_text(f"{requirement}\ngunicorn\n")
    (tmp_path / "manage.py").write_text("import os\n")
    advice = advise({"host_os": "linux"}, folder=tmp_path)
    assert advice.setup.build.runtime_version == line


def test_a_prisma_older_than_3_13_builds_on_the_bullseye_variant(tmp_path: Path) -> None:
    """nest-hackathon-starter locks Prisma 3.3, whose engines know no OpenSSL 3 (prisma generate
    stops at an unknown binaryTarget on current Debian): the Node image is the bullseye variant
    (OpenSSL 1.1), said in the Dockerfile; a current Prisma keeps the slim one."""
    (tmp_path / "package.json").write_text(
        '{"name": "api", "scripts": {"start": "node dist/main"},'
        ' "dependencies": {"@prisma/client": "3.3.0"}, "devDependencies": {"prisma": "3.3.0"}}'
    )
    (tmp_path / "prisma").mkdir()
    (tmp_path / "prisma" / "schema.prisma").write_text(
        'datasource db {\n  provider = "postgresql"\n  url      = env("DATABASE_URL")\n}\n'
    )
    text = render_dockerfile(advise({"host_os": "linux"}, folder=tmp_path).setup)
    assert "FROM node:${NODE_VERSION}-bullseye-slim AS base" in text and "Prisma 3.3.0 predates 3.13" in text
    (tmp_path / "package.json").write_text((tmp_path / "package.json").read_text().replace("3.3.0", "5.22.0"))
    assert "FROM node:${NODE_VERSION}-slim AS base" in render_dockerfile(
        advise({"host_os": "linux"}, folder=tmp_path).setup
    )


def test_a_fastify_boilerplates_start_build_empty_required_keys_and_test_settings(tmp_path: Path) -> None:
    """Tony133's boilerplate: start is `npm run build:ts && node dist/server.js` (build:ts = tsc):
    the image runs that build; the env schema requires SWAGGER_USER, which .env.example gives
    as "" (the app gets an empty value, not an unset one); DB_TEST_HOST=localhost, optional and
    the test suite's, is not passed (the app would prefer it over DB_HOST)."""
    (tmp_path / "package.json").write_text(
        '{"name": "api", "scripts": {"build:ts": "tsc", "start": "npm run build:ts && node dist/server.js"},'
        ' "dependencies": {"fastify": "^5.0.0", "env-schema": "^6.0.0", "pg": "^8.0.0"},'
        ' "devDependencies": {"typescript": "^5.0.0"}}'
    )
    (tmp_path / "src").mkdir()
    (tmp_path / "src" / "config.ts").write_text(
        "import envSchema from 'env-schema';\nimport { Type } from 'typebox';\n"
        "const Schema = Type.Object({\n  DB_HOST: Type.String(),\n"
        "  DB_TEST_HOST: Type.Optional(Type.String()),\n  // Swagger\n  SWAGGER_USER: Type.String(),\n});\n"
        "export const config = envSchema({ schema: Schema });\n"
    )
    (tmp_path / ".env.example").write_text('DB_HOST=localhost\nDB_TEST_HOST=localhost\nSWAGGER_USER=""\n')
    advice = advise({"host_os": "linux", "database": "postgres"}, folder=tmp_path)
    assert advice.setup.build.build == ("npm", "run", "build:ts")
    app = _compose(advice)["services"]["app"]["environment"]
    assert app["SWAGGER_USER"] == "${SWAGGER_USER:-}" and app["DB_HOST"] == "db"
    assert "DB_TEST_HOST" not in app
    assert "\nSWAGGER_USER=\n" in advice.files("en")[".env"]


def test_a_dotenv_file_required_by_the_code_a_tools_migrate_script_and_a_log_folder_default(
    tmp_path: Path,
) -> None:
    """j10ra's fastify-drizzle-postgres: `const result = require('dotenv').config({ path })`,
    `if (result.error) throw`: the app needs the file .env itself, which compose makes; its
    migrations run by `drizzle:migrate` (ts-node ./scripts/migrate.ts); LogStream's
    `logBaseDir: string = 'logs'` is a folder the app user must own."""
    write_tree(
        tmp_path,
        {
            "package.json": '{"name": "api", "scripts": {"build": "tsc", "start": "node build/index.js",'
            ' "drizzle:migrate": "ts-node ./scripts/migrate.ts"},'
            ' "dependencies": {"fastify": "^4.0.0", "drizzle-orm": "^0.30.0", "pg": "^8.0.0",'
            ' "dotenv": "^16.0.0"}, "devDependencies": {"ts-node": "^10.0.0", "typescript": "^5.0.0"}}',
            "src/config/env.config.ts": "import path from 'path';\nexport default function loadConfig() {\n"
            "  const result = require('dotenv').config({ path: path.join(__dirname, '..', '..', '.env') });\n"
            "  if (result.error) {\n    throw new Error(result.error.message);\n  }\n"
            "  const port = process.env.API_PORT;\n}\n",
            "src/LogStream.ts": "import fs from 'fs';\nexport class LogStream {\n"
            "  constructor(logBaseDir: string = 'logs') {}\n"
            "  open(dir: string) { fs.mkdirSync(dir, { recursive: true }); }\n}\n",
        },
    )
    advice = advise({"host_os": "linux", "database": "postgres"}, folder=tmp_path)
    compose = _compose(advice)
    assert compose["services"]["app"]["configs"] == [{"source": "app-env", "target": "/app/.env"}]
    assert compose["services"]["migrate"]["command"] == ["npm", "run", "drizzle:migrate"]
    assert "mkdir -p /app/logs" in advice.files("en")["Dockerfile"]


def test_a_django_database_url_read_with_environs_and_no_server_is_sqlite_in_the_volume(
    tmp_path: Path,
) -> None:
    """Django for Beginners (ch16): DATABASES = {"default": env.dj_db_url("DATABASE_URL")} with
    environs, no default (required, as env.str("SECRET_KEY") is), and the project's own .env
    says sqlite:///db.sqlite3. With no server, DATABASE_URL points at data/db.sqlite3, a volume
    the migrate step and the app share, and the file's own place links there, so the .env's
    relative URL, which advisor keeps, reaches the same database."""
    (tmp_path / "requirements.txt").write_text("Django==5.0.6\nenvirons[django]==11.0.0\n")
    (tmp_path / "manage.py").write_text(
        'import os\nos.environ.setdefault("DJANGO_SETTINGS_MODULE", "site1.settings")\n'
    )
    (tmp_path / "site1").mkdir()
    (tmp_path / "site1" / "__init__.py").write_text("")
    (tmp_path / "site1" / "settings.py").write_text(
        "from environs import Env\nenv = Env()\nenv.read_env()\nSECRET_KEY = env.str('SECRET_KEY')\n"
        "DEBUG = env.bool('DEBUG', default=False)\nDATABASES = {'default': env.dj_db_url('DATABASE_URL')}\n"
    )
    found = {v.name: (v.role, v.required) for v in inspect_project(tmp_path).apps[0].env_vars}
    assert found["DATABASE_URL"] == ("database_url", True) and found["SECRET_KEY"][1]
    advice = advise({"host_os": "linux"}, folder=tmp_path)
    assert advice.setup.build.sqlite_url == ("DATABASE_URL", "sqlite:////app/data/db.sqlite3")
    assert advice.setup.build.sqlite_links == (("db.sqlite3", "data/db.sqlite3", "site1/settings.py"),)
    run = advice.files("en")["run.sh"]
    assert "DATABASE_URL" in run and run.count('--volume "$name-app-data:/app/data"') == 2


def test_flask_sqlalchemy_3_keeps_a_relative_sqlite_file_in_the_instance_folder(tmp_path: Path) -> None:
    """Tech With Tim's Flask tutorial: SQLALCHEMY_DATABASE_URI = f'sqlite:///{DB_NAME}' with
    DB_NAME = "database.db": Flask-SQLAlchemy 3 creates instance/ and keeps the file there,
    which the app user owns, in a volume; a 2.x pin keeps it in the working folder."""
    (tmp_path / "requirements.txt").write_text("flask\nFlask-SQLAlchemy\nflask-login\n")
    (tmp_path / "main.py").write_text("from website import create_app\n\napp = create_app()\n")
    (tmp_path / "website").mkdir()
    (tmp_path / "website" / "__init__.py").write_text(
        "from flask import Flask\nfrom flask_sqlalchemy import SQLAlchemy\n\ndb = SQLAlchemy()\n"
        'DB_NAME = "database.db"\n\n\ndef create_app():\n    app = Flask(__name__)\n'
        "    app.config['SQLALCHEMY_DATABASE_URI'] = f'sqlite:///{DB_NAME}'\n    db.init_app(app)\n"
        "    return app\n"
    )
    advice = advise({"host_os": "linux"}, folder=tmp_path)
    assert advice.setup.data_volumes() == [("app-data", "/app/instance")]
    assert "mkdir -p /app/instance" in render_dockerfile(advice.setup)
    assert "The app keeps its data in Flask's instance folder, `instance/`" in advice.report("en")
    (tmp_path / "requirements.txt").write_text("flask\nFlask-SQLAlchemy==2.5.1\nflask-login\n")
    old = inspect_project(tmp_path).apps[0]
    assert [w.path for w in old.writable_paths if w.kind == "sqlite"] == ["database.db"]


def test_fastapi_templates_address_key_and_a_django_book_fixed_databases(tmp_path: Path) -> None:
    """seapagan's fastapi-template reads DB_ADDRESS (the database's host) and an encryption key
    that Fernet loads (32 url-safe base64 bytes); Django 4 by Example writes DATABASES as
    literals (ENGINE postgresql, a password, no HOST): the report says the connection is fixed."""
    import base64

    (tmp_path / "requirements.txt").write_text("fastapi\nuvicorn\nasyncpg\nsqlalchemy\n")
    (tmp_path / "main.py").write_text(
        "import os\nfrom fastapi import FastAPI\napp = FastAPI()\nHOST = os.environ['DB_ADDRESS']\n"
        "KEY = os.environ['ADMIN_PAGES_ENCRYPTION_KEY']\n"
    )
    advice = advise({"host_os": "linux", "database": "postgres"}, folder=tmp_path)
    assert _compose(advice)["services"]["app"]["environment"]["DB_ADDRESS"] == "db"
    env = dict(
        line.split("=", 1)
        for line in advice.files("en")[".env"].splitlines()
        if "=" in line and line[0] != "#"
    )
    assert len(base64.urlsafe_b64decode(env["ADMIN_PAGES_ENCRYPTION_KEY"])) == 32
    assert "Weak:" not in advice.files("en")[".env"]  # its = is no weakness (m20)
    django = tmp_path / "blog"
    (django / "mysite").mkdir(parents=True)
    (django / "requirements.txt").write_text("Django==4.1\npsycopg2-binary==2.9.3\n")
    (django / "manage.py").write_text(
        'import os\nos.environ.setdefault("DJANGO_SETTINGS_MODULE", "mysite.settings")\n'
    )
    (django / "mysite" / "settings.py").write_text(
        "DATABASES = {\n    'default': {\n        'ENGINE': 'django.db.backends.postgresql',\n"
        "        'NAME': 'blog',\n        'USER': 'blog',\n        'PASSWORD': 'xxxxxx',\n    }\n}\n"
    )
    report = advise({"host_os": "linux", "database": "postgres"}, folder=django).report("en")
    assert "written into its code (`mysite/settings.py`" in report


def test_the_projects_own_dockerfile_line_stays_when_a_pin_has_no_wheel_for_it(tmp_path: Path) -> None:
    """DjangoGirls: its Dockerfile runs python:3.10.9 and requirements pin psycopg2-binary==2.8.3
    (wheels up to 3.9): the project's line stays and the image builds psycopg2 from source,
    rather than a line past its end of life."""
    (tmp_path / "requirements.txt").write_text("Django==4.2.8\npsycopg2-binary==2.8.3\n")
    (tmp_path / "manage.py").write_text("import os\n")
    (tmp_path / "Dockerfile").write_text("FROM python:3.10.9\nCOPY . .\n")
    advice = advise({"host_os": "linux", "database": "postgres"}, folder=tmp_path)
    assert advice.setup.build.runtime_version == "3.10"
    assert "libpq-dev" in render_dockerfile(advice.setup)


def test_a_typeorm_schema_sync_script_is_named_as_the_step_that_makes_the_tables(tmp_path: Path) -> None:
    """nestjs-project-structure makes its tables with `entity:sync` (typeorm schema:sync), which
    may drop columns: not a step at every start, but the report names it with how to run it."""
    write_tree(
        tmp_path,
        {
            "package.json": '{"name": "api", "scripts": {"start": "node dist/main",'
            ' "entity:sync": "typeorm-ts-node-commonjs -d bin/ormconfig.ts schema:sync"},'
            ' "dependencies": {"@nestjs/core": "^11.0.0", "typeorm": "^0.3.0", "mysql2": "^3.0.0"}}',
        },
    )
    advice = advise({"host_os": "linux", "database": "mysql"}, folder=tmp_path)
    assert advice.setup.build.release == ()
    report = advice.report("en")
    assert "`docker compose exec app npm run entity:sync`" in report and "no migration step" not in report


def test_an_init_script_that_reads_the_projects_own_db_variable_is_left_out(tmp_path: Path) -> None:
    """seapagan's fastapi-template mounts create-test-db.sh (CREATE DATABASE "$POSTGRES_TEST_DB"),
    a variable its own db service sets: advisor's db sets only the image's, so that script is
    left out (the db would stop on its first start); a script that reads none is mounted."""
    write_tree(
        tmp_path,
        {
            "requirements.txt": "fastapi\nuvicorn\nasyncpg\n",
            "main.py": "import os\nfrom fastapi import FastAPI\n\napp = FastAPI()\n",
            "docker_support/create-test-db.sh": 'psql -c "CREATE DATABASE \\"$POSTGRES_TEST_DB\\""\n',
            "docker_support/schema.sql": "CREATE TABLE notes (id serial);\n",
            "docker-compose.yml": "services:\n  postgres:\n    image: postgres:16\n    environment:\n"
            "      POSTGRES_TEST_DB: ${TEST_DB_NAME}\n    volumes:\n"
            "      - ./docker_support/create-test-db.sh:/docker-entrypoint-initdb.d/create-test-db.sh\n"
            "      - ./docker_support/schema.sql:/docker-entrypoint-initdb.d/schema.sql\n",
        },
    )
    inits = inspect_project(tmp_path).db_inits
    assert [path for path, _ in inits[0].scripts] == ["docker_support/schema.sql"]


def test_an_entrypoints_development_migrate_script_gives_way_to_its_production_sibling(
    tmp_path: Path,
) -> None:
    """ddd-forum's entrypoint runs `npm run migrate:dev` (ts-node, a rebuild of dist/ the image's
    user cannot write): its package.json's `migrate:prod` is the release step instead."""
    write_tree(
        tmp_path,
        {
            "package.json": '{"name": "forum", "scripts": {"build": "tsc", "start": "node dist/index.js",'
            ' "migrate:dev": "npm run build && sequelize db:migrate",'
            ' "migrate:prod": "sequelize db:migrate"},'
            ' "dependencies": {"express": "^4.0.0", "sequelize": "^6.0.0", "mysql2": "^3.0.0"}}',
            "scripts/entrypoint.sh": '#!/bin/sh\nnpm run migrate:dev\nexec "$@"\n',
        },
    )
    advice = advise({"host_os": "linux", "database": "mysql"}, folder=tmp_path)
    assert advice.setup.build.release == ("npm", "run", "migrate:prod")


def test_a_redis_url_named_variable_read_beside_its_port_is_a_host(tmp_path: Path) -> None:
    """ddd-forum reads DDD_FORUM_REDIS_URL and DDD_FORUM_REDIS_PORT and passes them to
    createClient(port, host): that "URL" is a host (redis), its port 6379; REDIS_URL alone
    stays a URL."""
    write_tree(
        tmp_path,
        {
            "package.json": '{"name": "forum", "scripts": {"start": "node index.js"},'
            ' "dependencies": {"express": "^4.0.0", "redis": "^2.8.0"}}',
            "index.js": "const port = process.env.DDD_FORUM_REDIS_PORT || 6379;\n"
            "const host = process.env.DDD_FORUM_REDIS_URL;\nconst url = process.env.REDIS_URL;\n"
            "require('express')().listen(3000);\n",
        },
    )
    app = _compose(advise({"host_os": "linux", "cache": "redis"}, folder=tmp_path))["services"]["app"]
    environment = app["environment"]
    assert environment["DDD_FORUM_REDIS_URL"] == "redis" and environment["DDD_FORUM_REDIS_PORT"] == "6379"
    assert environment["REDIS_URL"].startswith("redis://redis:6379")


def test_a_server_listed_only_in_a_dev_group_is_installed_on_its_own(tmp_path: Path) -> None:
    """minimal-fastapi-postgres-template (m21): uvicorn only in [dependency-groups] dev, and
    `uv sync --no-dev` left the start command's program out of the image. The Dockerfile
    installs it on its own at uv.lock's version; a server listed nowhere is installed unpinned,
    and the report says so; a server among the main dependencies gets no extra step."""
    folder = tmp_path / "api"
    shutil.copytree(FIXTURES / "fastapi-uv", folder)
    pyproject = folder / "pyproject.toml"
    text = pyproject.read_text().replace('"fastapi[standard]>=0.115.6"', '"fastapi>=0.115.6"')
    pyproject.write_text(
        text.replace('dev = ["pytest>=8.3"', 'dev = ["uvicorn[standard]>=0.30", "pytest>=8.3"')
    )
    with (folder / "uv.lock").open("a") as lock:
        lock.write('\n[[package]]\nname = "uvicorn"\nversion = "0.34.0"\n')
    advice = advise({"host_os": "linux", "database": "postgres", "traffic": "medium"}, folder=folder)
    dockerfile = render_dockerfile(advice.setup)
    assert "    uv pip install --python /app/.venv/bin/python 'uvicorn[standard]==0.34.0'\n" in dockerfile
    assert dockerfile.index("uv pip install") < dockerfile.index("AS final")
    assert advice.setup.build.start[0] == "uvicorn"
    assert "lists only in `pyproject.toml [dependency-groups] dev`" in advice.report("en")
    assert "`uvicorn[standard]==0.34.0` 패키지를 따로 설치합니다" in advice.report("ko")

    plain = write_tree(
        tmp_path / "plain",
        {
            "requirements.txt": "fastapi==0.115.6\n",
            "main.py": "from fastapi import FastAPI\n\napp = FastAPI()\n",
        },
    )
    bare = advise({"host_os": "linux", "database": "none", "traffic": "medium"}, folder=plain)
    assert bare.setup.build.start[:2] == ("uvicorn", "main:app")
    assert "python -m pip --python /app/.venv/bin/python install uvicorn\n" in render_dockerfile(bare.setup)
    assert "which the project's dependencies do not list" in bare.report("en")

    listed = advise(
        {"host_os": "linux", "database": "postgres", "traffic": "medium"}, folder=FIXTURES / "fastapi-uv"
    )
    assert "uv pip install" not in render_dockerfile(listed.setup)
    assert "pip --python" not in render_dockerfile(listed.setup)


def test_an_rq_worker_is_told_where_redis_is(tmp_path: Path) -> None:
    """microblog (m21): the Procfile's `rq worker microblog-tasks` reads Redis from --url or
    RQ_REDIS_URL, not the app's REDIS_URL, and without either it connects to localhost and
    exits. The worker gets RQ_REDIS_URL; a command that names its Redis gets nothing more."""
    folder = write_tree(
        tmp_path / "blog",
        {
            "requirements.txt": "flask==3.1.0\nrq==2.1.0\nredis==5.2.1\ngunicorn==23.0.0\n",
            "Procfile": "web: gunicorn blog:app\nworker: rq worker blog-tasks\n",
            "blog.py": "import os\nfrom flask import Flask\n\napp = Flask(__name__)\n"
            "app.config['REDIS_URL'] = os.environ.get('REDIS_URL') or 'redis://'\n",
        },
    )
    advice = advise(
        {"host_os": "linux", "database": "none", "cache": "redis", "traffic": "medium"}, folder=folder
    )
    services = _compose(advice)["services"]
    assert services["worker"]["command"] == ["rq", "worker", "blog-tasks"]
    assert services["worker"]["environment"]["RQ_REDIS_URL"] == "redis://redis:6379/0"
    assert services["worker"]["environment"]["REDIS_URL"] == "redis://redis:6379/0"
    assert "RQ_REDIS_URL" not in services["app"]["environment"]
    (folder / "Procfile").write_text(
        "web: gunicorn blog:app\nworker: rq worker --url redis://redis:6379/0 blog-tasks\n"
    )
    named = advise(
        {"host_os": "linux", "database": "none", "cache": "redis", "traffic": "medium"}, folder=folder
    )
    assert "RQ_REDIS_URL" not in _compose(named)["services"]["worker"]["environment"]


def test_a_project_run_from_its_src_folder_is_named_after_the_project(tmp_path: Path) -> None:
    """Fast-Api-example (m21) was run in its src/ folder, which holds requirements.txt: the
    project, its Compose name and its database were all called `src`."""
    folder = write_tree(
        tmp_path / "Notes-API" / "src",
        {
            "requirements.txt": "fastapi[standard]==0.115.6\n",
            "main.py": "from fastapi import FastAPI\napp = FastAPI()\n",
        },
    )
    facts = inspect_project(folder)
    assert facts.project_name is not None and facts.project_name.value == "notes-api"
    assert suggested_answers(facts)["project_name"][0] == "notes-api"
    named = write_tree(tmp_path / "inventory", {"requirements.txt": "flask==3.1.0\n"})
    assert inspect_project(named).project_name.value == "inventory"  # type: ignore[union-attr]


def test_an_express_starter_gets_its_babel_migrations_log_folder_and_every_address(tmp_path: Path) -> None:
    """express-api-es6-starter (m22): the release step's `yarn knex` script is
    `babel-node node_modules/.bin/knex` (@babel/node a dev dependency, pruned away: exit 127);
    the logger makes `process.env.LOG_DIR || 'logs'` in the root-owned /app (EACCES); and the
    example's APP_HOST='127.0.0.1', passed to app.listen, left the app unreachable."""
    package = {
        "name": "express-api",
        "scripts": {
            "start": "node dist",
            "build": "babel src --out-dir dist",
            "knex": "babel-node node_modules/.bin/knex",
            "migrate": "yarn knex migrate:latest --knexfile src/knexfile.js",
        },
        "dependencies": {"express": "^4.18.2", "knex": "^2.5.1", "pg": "^8.11.0", "winston": "^3.10.0"},
        "devDependencies": {"@babel/cli": "^7.22.0", "@babel/core": "^7.22.0", "@babel/node": "^7.22.0"},
    }
    folder = write_tree(
        tmp_path / "express-api",
        {
            "package.json": json.dumps(package),
            "src/index.js": "import express from 'express';\nconst app = express();\n"
            "const APP_PORT = process.env.APP_PORT || '3000';\n"
            "const APP_HOST = process.env.APP_HOST || '0.0.0.0';\napp.listen(APP_PORT, APP_HOST);\n",
            "src/utils/logger.js": "import fs from 'fs';\nconst LOG_DIR = process.env.LOG_DIR || 'logs';\n"
            "if (!fs.existsSync(LOG_DIR)) {\n  fs.mkdirSync(LOG_DIR);\n}\n",
            "src/knexfile.js": "module.exports = { client: process.env.DB_CLIENT,"
            " connection: { host: process.env.DB_HOST, port: process.env.DB_PORT,"
            " user: process.env.DB_USER, password: process.env.DB_PASSWORD,"
            " database: process.env.DB_NAME }, migrations: { directory: './migrations' } };\n",
            "src/migrations/001_users.js": "exports.up = () => {};\n",
            ".env.example": "APP_PORT='8848'\nAPP_HOST='127.0.0.1'\nDB_CLIENT='pg'\nDB_HOST='localhost'\n",
        },
    )
    advice = advise({"host_os": "linux", "database": "postgres", "traffic": "medium"}, folder=folder)
    dockerfile = render_dockerfile(advice.setup)
    assert "the release step\n# runs @babel/node" in dockerfile
    assert "--production" not in dockerfile
    assert "RUN mkdir -p /app/logs \\\n    && chown -R node:node /app/logs" in dockerfile
    environment = _compose(advice)["services"]["app"]["environment"]
    assert environment["APP_HOST"] == "0.0.0.0"
    assert environment["APP_PORT"] == str(advice.setup.app_port)
    # An example that binds every address already is the project's own, passed as it is.
    (folder / ".env.example").write_text("APP_PORT='8848'\nAPP_HOST='0.0.0.0'\nDB_CLIENT='pg'\n")
    kept = advise({"host_os": "linux", "database": "postgres", "traffic": "medium"}, folder=folder)
    assert not any(v.role == "app-host" for v in kept.setup.app_env)


def test_the_answered_package_manager_runs_the_build_script(tmp_path: Path) -> None:
    """nestjs-realworld (m22): answering `package_manager: npm` for a yarn project left the
    build as `yarn run prestart:prod`, then `npm prune`: one tool throughout."""
    package = {
        "name": "api",
        "scripts": {
            "start:prod": "node dist/main.js",
            "prestart:prod": "tsc",
            "start": "ts-node src/main.ts",
        },
        "dependencies": {"express": "^4.18.2"},
        "devDependencies": {"typescript": "^5.4.0", "ts-node": "^10.9.0"},
    }
    folder = write_tree(
        tmp_path / "api",
        {
            "package.json": json.dumps(package),
            "yarn.lock": "# yarn lockfile v1\n",
            "src/main.ts": "console.log(1);\n",
        },
    )
    detected = advise({"host_os": "linux", "database": "none", "traffic": "medium"}, folder=folder)
    assert detected.setup.build.build[:2] == ("yarn", "run")
    npm = advise(
        {"host_os": "linux", "database": "none", "traffic": "medium", "package_manager": "npm"}, folder=folder
    )
    assert npm.setup.build.build[:2] == ("npm", "run")
    assert "yarn run" not in render_dockerfile(npm.setup)


def test_a_fastify_tutorial_starts_its_server_and_finds_the_database_by_its_url_host(tmp_path: Path) -> None:
    """study-with-me-fastify-docker (m22): package.json's start script is `docker-compose up
    --build` (the host's way in), which became the image's CMD; the project's Dockerfile runs
    app/server.js. And the code builds its URL as `postgres://…@${process.env.POSTGRES_SERVICE}:…`,
    whose example value `postgres` is no host here: it is the database service's."""
    package = {
        "name": "fastify-docker",
        "main": "index.js",
        "scripts": {"start": "docker-compose up --build"},
        "dependencies": {"fastify": "^3.29.0", "fastify-postgres": "^3.7.0", "pg": "^8.7.0"},
    }
    folder = write_tree(
        tmp_path / "fastify-docker",
        {
            "package.json": json.dumps(package),
            "app/server.js": "const fastify = require('fastify')();\n"
            "fastify.register(require('fastify-postgres'), {\n"
            "  connectionString: `postgres://${process.env.POSTGRES_USER}:${process.env.POSTGRES_PASSWORD}"
            "@${process.env.POSTGRES_SERVICE}:${process.env.POSTGRES_PORT}/${process.env.POSTGRES_DB}`,\n});\n"
            "fastify.listen(3000, '0.0.0.0');\n",
            "Dockerfile": "FROM node:14\nWORKDIR /app\nCOPY . .\nRUN npm install\n"
            'CMD [ "node", "app/server.js"]\n',
            ".env-example": "POSTGRES_USER=francesco\nPOSTGRES_SERVICE=postgres\nPOSTGRES_PORT=5432\n",
        },
    )
    advice = advise({"host_os": "linux", "database": "postgres", "traffic": "medium"}, folder=folder)
    assert advice.setup.build.start == ("node", "app/server.js")
    environment = _compose(advice)["services"]["app"]["environment"]
    assert environment["POSTGRES_SERVICE"] == "db"
    assert "PGHOST" not in environment
    assert "`POSTGRES_SERVICE`" not in advice.report("en")  # not an own setting copied from the example


def test_a_pg_db_named_postgres_is_the_apps_database_not_an_engine(tmp_path: Path) -> None:
    """nest-academy-rest-api (m22): the project's compose file sets PG_DB=postgres; advisor read
    that as the engine and passed the literal `postgres` database, where its own non-superuser
    role may not create tables (PostgreSQL 15+): the app stopped on `permission denied for
    schema public`. A bare DATABASE=postgres still names the engine."""
    package = {"name": "academy", "scripts": {"start": "node dist/main"}, "dependencies": {"pg": "^8.7.0"}}
    module = (
        "TypeOrmModule.forRoot({ type: process.env.DB_TYPE, host: process.env.PG_HOST, port: parseInt("
        "process.env.PG_PORT), username: process.env.PG_USER, password: process.env.PG_PASSWORD,"
        " database: process.env.PG_DB })\n"
    )
    compose = "services:\n  app:\n    build: .\n    environment:\n      - PG_DB=postgres\n"
    folder = write_tree(
        tmp_path / "academy",
        {"package.json": json.dumps(package), "src/app.module.ts": module, "docker-compose.yml": compose},
    )
    advice = advise({"host_os": "linux", "database": "postgres", "traffic": "medium"}, folder=folder)
    environment = _compose(advice)["services"]["app"]["environment"]
    assert environment["PG_DB"] == "${POSTGRES_DB:?set it in .env}"
    assert environment["PG_HOST"] == "db"


def test_a_knexfile_whose_other_sections_are_commented_out_runs_in_development(tmp_path: Path) -> None:
    """fastify-realworld (m24): the knexfile's `staging`/`production` sections sit in a /* */
    comment; read as live, NODE_ENV stayed production and knex stopped on "Required
    configuration option 'client' is missing". And its `server.listen(config.fastify)` passes
    an options object (with the host), not a port: no loopback warning."""
    knexfile = (
        "const configs = {\n\n  development: {\n    client: 'sqlite3',\n"
        "    connection: { filename: ':memory:' },\n"
        "    migrations: { directory: './knex/migrations' }\n  }\n\n  /*\n"
        "  staging: {\n    client: 'postgresql'\n"
        "  },\n  production: {\n    client: 'postgresql'\n  }\n  */\n}\n\nmodule.exports = configs\n"
    )
    package = {
        "name": "rw",
        "scripts": {"start": "node index.js"},
        "dependencies": {"fastify": "^4.0.0", "knex": "^2"},
    }
    folder = write_tree(
        tmp_path / "rw",
        {
            "package.json": json.dumps(package),
            "knexfile.js": knexfile,
            "knex/migrations/001.js": "exports.up = () => {};\n",
            "index.js": "const server = require('fastify')();\nconst config = require('./config');\n"
            "server.listen(config.fastify);\n",
        },
    )
    advice = advise({"host_os": "linux", "database": "none", "traffic": "medium"}, folder=folder)
    files = {f.name: f.content for f in render_files(advice.setup, "en")}
    assert "\nNODE_ENV=development\n" in files[".env"] or "NODE_ENV: development" in files.get(
        "compose.yaml", ""
    )
    assert "loopback" not in advice.report("en")
    (folder / "index.js").write_text("const server = require('fastify')();\nserver.listen(3000);\n")
    assert "loopback" in advise({"host_os": "linux", "database": "none"}, folder=folder).report("en")


def test_a_flask_manage_py_is_not_djangos(tmp_path: Path) -> None:
    """ihatemoney (m24): ihatemoney/manage.py is a click FlaskGroup script; taken for Django's,
    the image ran in /app/ihatemoney and served `ihatemoney.ihatemoney.wsgi`."""
    folder = write_tree(
        tmp_path / "money",
        {
            "requirements.txt": "flask==3.1.0\nflask-sqlalchemy==3.1.1\n",
            "ihatemoney/__init__.py": "",
            "ihatemoney/manage.py": "import click\nfrom flask.cli import FlaskGroup\n"
            "from ihatemoney.run import create_app\n",
            "ihatemoney/run.py": "from flask import Flask\n\n\ndef create_app():\n"
            "    return Flask(__name__)\n",
            "ihatemoney/wsgi.py": "from ihatemoney.run import create_app\n\napplication = create_app()\n",
        },
    )
    app = inspect_project(folder).primary
    assert app is not None and app.framework is not None and app.framework.value == "flask"
    assert app.django_root == ""
    advice = advise({"host_os": "linux", "database": "none", "traffic": "medium"}, folder=folder)
    dockerfile = render_dockerfile(advice.setup)
    assert "WORKDIR /app/ihatemoney" not in dockerfile
    assert "ihatemoney.ihatemoney" not in dockerfile


def test_a_uwsgi_ini_with_no_socket_gets_one_on_the_command_line(tmp_path: Path) -> None:
    """linkding (m24): uwsgi.ini names no http/socket (its script passes `--http`), so
    `uwsgi --ini uwsgi.ini` stopped on "The -s/--socket option is missing"."""
    files = {
        "requirements.txt": "django==5.2\nuwsgi==2.0.28\n",
        "uwsgi.ini": "[uwsgi]\nmodule = bookmarks.wsgi:application\nprocesses = 2\n",
        "bookmarks/__init__.py": "",
        "bookmarks/wsgi.py": "application = None\n",
    }
    folder = write_tree(tmp_path / "marks", files)
    app = inspect_project(folder).primary
    assert app is not None and app.start is not None
    assert app.start.argv[:3] == ("uwsgi", "--ini", "uwsgi.ini")
    assert app.start.argv[3] == "--http" and app.start.argv[4].startswith(":")
    (folder / "uwsgi.ini").write_text("[uwsgi]\nmodule = bookmarks.wsgi:application\nhttp = :8000\n")
    listed = inspect_project(folder).primary
    assert (
        listed is not None
        and listed.start is not None
        and listed.start.argv == ("uwsgi", "--ini", "uwsgi.ini")
    )


def test_a_django_sqlite_name_without_an_ending_is_the_apps_database(tmp_path: Path) -> None:
    """django-crm (m24): `'NAME': 'crm_db'` (sqlite3 engine) is a file where the app runs: it
    goes in data/, linked, as db.sqlite3 does. Build-time collectstatic ran the app's code as
    root and left root-owned lock files in /tmp: the step clears /tmp and hands the folders
    the app writes to its user. The password validators' NAMEs are no files."""
    settings = (
        "from pathlib import Path\nBASE_DIR = Path(__file__).resolve().parent.parent\n"
        "DATABASES = {\n    'default': {\n        'ENGINE': 'django.db.backends.sqlite3',\n"
        "        # 'ENGINE': 'django.db.backends.mysql',\n        'NAME': 'crm_db',\n"
        "        'HOST': 'localhost',\n    }\n}\nAUTH_PASSWORD_VALIDATORS = [\n"
        "    {'NAME': 'django.contrib.auth.password_validation.X',\n    },\n]\n"
        "STATIC_ROOT = BASE_DIR / 'static'\nWSGI_APPLICATION = 'webcrm.wsgi.application'\n"
    )
    manage = "import os\nos.environ.setdefault('DJANGO_SETTINGS_MODULE', 'webcrm.settings')\n"
    folder = write_tree(
        tmp_path / "crm",
        {
            "requirements.txt": "django==5.2\ngunicorn==23.0.0\n",
            "manage.py": manage,
            "webcrm/__init__.py": "",
            "webcrm/settings.py": settings,
            "webcrm/wsgi.py": "application = None\n",
        },
    )
    advice = advise({"host_os": "linux", "database": "none", "traffic": "medium"}, folder=folder)
    dockerfile = render_dockerfile(advice.setup)
    assert "ln -sfn /app/data/crm_db crm_db" in dockerfile
    assert "password_validation" not in dockerfile
    # (the files collectstatic leaves beside the code become the app user's, then /tmp is emptied)
    assert (
        "python manage.py collectstatic --noinput \\\n"
        '    && find . -maxdepth 1 -type f -newer /tmp/.collectstatic -exec chown "${UID}:${UID}" {} + \\\n'
        "    && find /tmp /var/tmp -mindepth 1 -delete \\\n" in dockerfile
    )


def test_a_data_folder_the_code_names_in_app_is_written_and_kept(tmp_path: Path) -> None:
    """mealie (m24): config.py's `Path(DATA_DIR if DATA_DIR else "/app/data")` is where the
    app keeps its data; migrate stopped on PermissionError: '/app/data'. It belongs to the app
    user and a volume keeps it. And a settings field with no default that another module reads
    with one (`os.getenv("PRODUCTION", "True")`) gets that value: compose refused to start."""
    config = (
        "import os\nfrom pathlib import Path\n"
        "PRODUCTION = os.getenv('PRODUCTION', 'True').lower() == 'true'\nDATA_DIR = os.getenv('DATA_DIR')\n\n"
        "def data_dir():\n    return Path(DATA_DIR if DATA_DIR else '/app/data')\n"
    )
    settings = "from pydantic_settings import BaseSettings\n\n\nclass AppSettings(BaseSettings):\n"
    settings += "    PRODUCTION: bool\n"
    folder = write_tree(
        tmp_path / "recipes",
        {
            "requirements.txt": "fastapi[standard]==0.115.6\npydantic-settings==2.7.0\n",
            "app/__init__.py": "",
            "app/main.py": "from fastapi import FastAPI\n\napp = FastAPI()\n",
            "app/config.py": config,
            "app/settings.py": settings,
        },
    )
    app = inspect_project(folder).primary
    assert app is not None
    assert any(w.path == "data" and w.kind == "data-dir" for w in app.writable_paths)
    advice = advise({"host_os": "linux", "database": "none", "traffic": "medium"}, folder=folder)
    assert "/app/data" in render_dockerfile(advice.setup).split("chown", 1)[1].splitlines()[0]
    files = {f.name: f.content for f in render_files(advice.setup, "en")}
    assert ":/app/data" in files.get("compose.yaml", "") + files.get("run.sh", "")
    # the settings field requires it; .env gives it the default the other module reads it with
    assert "\nPRODUCTION=True\n" in files[".env"]


def test_a_scoped_fork_of_a_native_node_module_gets_the_compiler(tmp_path: Path) -> None:
    """uptime-kuma (m24) depends on @louislam/sqlite3, a fork of sqlite3 whose prebuilt binary
    may be missing: it builds from source, as sqlite3 does, with the compiler stage."""
    package = {"name": "kuma", "scripts": {"start": "node server/server.js"}, "dependencies": {}}
    for dependency, compiled in (("@louislam/sqlite3", True), ("sqlite3", True), ("@louislam/ping", False)):
        package["dependencies"] = {"express": "^4.21.0", dependency: "15.1.6"}
        folder = write_tree(tmp_path / dependency.replace("/", "-"), {"package.json": json.dumps(package)})
        (folder / "server").mkdir()
        (folder / "server" / "server.js").write_text("require('express')().listen(3001);\n")
        advice = advise({"host_os": "linux", "database": "none", "traffic": "medium"}, folder=folder)
        assert advice.setup.build.needs_compiler is compiled, dependency


def test_requirements_that_install_the_project_and_build_psycopg_c(tmp_path: Path) -> None:
    """RuoYi (m25): requirements.txt ends with `.`, which needs the project's sources, not only
    the mounted requirements file ("Directory '.' is not installable"); NetBox (m25): psycopg[c]
    builds its C extension with pg_config, which libpq-dev has. And a package run with `-m`
    (app/__main__.py, lesnik512's template) is the start command, not a guessed app.py."""
    folder = write_tree(
        tmp_path / "ruoyi",
        {
            "requirements.txt": "fastapi==0.115.6\npsycopg[c]==3.2.3\n.\n",
            "pyproject.toml": '[project]\nname = "ruoyi"\nversion = "1.0"\n',
            "app/__init__.py": "",
            "app/__main__.py": "import uvicorn\n\nif __name__ == '__main__':\n    uvicorn.run('app.api:a')\n",
        },
    )
    advice = advise({"host_os": "linux", "database": "postgres", "traffic": "medium"}, folder=folder)
    dockerfile = render_dockerfile(advice.setup)
    copy, install = dockerfile.index("COPY . ."), dockerfile.index("pip install -r requirements.txt")
    assert copy < install
    assert advice.setup.build.needs_compiler and "libpq-dev" in dockerfile
    assert advice.setup.build.start[:3] == ("python", "-m", "app")
    (folder / "requirements.txt").write_text("fastapi==0.115.6\npsycopg[binary]==3.2.3\n")
    plain = render_dockerfile(advise({"host_os": "linux", "database": "postgres"}, folder=folder).setup)
    assert plain.index("pip install -r requirements.txt") < plain.index("COPY . .")
    assert "libpq-dev" not in plain


def test_a_nest_app_reading_its_settings_through_its_own_env_helper(tmp_path: Path) -> None:
    """nest-admin (m26) reads `env('DB_HOST', '127.0.0.1')`, `envNumber('DB_PORT', 3306)`
    through a helper of its own: the names were missed and the app went to 127.0.0.1:3306. And
    todos-fastify-sqlite (m26): package.json's `main` names an index.js the project does not
    have (npm init's leftover); its server is server.js."""
    config = (
        "import { env, envNumber } from '~/global/env'\nexport default () => ({\n"
        "  host: env('DB_HOST', '127.0.0.1'),\n  port: envNumber('DB_PORT', 3306),\n"
        "  username: env('DB_USERNAME'),\n  password: env('DB_PASSWORD'),\n"
        "  database: env('DB_DATABASE'),\n})\n"
    )
    package = {"name": "admin", "scripts": {"start:prod": "node dist/main.js", "build": "nest build"}}
    package["dependencies"] = {"@nestjs/core": "^10.0.0", "mysql2": "^3.9.0", "typeorm": "^0.3.20"}  # type: ignore[assignment]
    folder = write_tree(tmp_path / "admin", {"package.json": json.dumps(package), "src/config/db.ts": config})
    advice = advise({"host_os": "linux", "database": "mysql", "traffic": "medium"}, folder=folder)
    environment = _compose(advice)["services"]["app"]["environment"]
    assert environment["DB_HOST"] == "db"
    assert environment["DB_DATABASE"] == "${MYSQL_DATABASE:?set it in .env}"

    todos = {"name": "todos", "main": "index.js", "dependencies": {"fastify": "^4.0.0"}}
    folder = write_tree(
        tmp_path / "todos", {"package.json": json.dumps(todos), "server.js": "require('fastify')\n"}
    )
    app = inspect_project(folder).primary
    assert app is not None and app.start is not None and app.start.argv == ("node", "server.js")
    built = {"name": "api", "main": "dist/index.js", "scripts": {"build": "tsc"}, "dependencies": {}}
    folder = write_tree(
        tmp_path / "built", {"package.json": json.dumps(built), "src/index.ts": "export {}\n"}
    )
    app = inspect_project(folder).primary
    assert app is not None and app.start is not None and app.start.argv == ("node", "dist/index.js")


def test_a_runtime_version_from_the_answers_says_so(tmp_path: Path) -> None:
    """A saved answers file pins the line an earlier run detected (Node 26 for `>=12`, before
    open ranges went back to 24): the report named "the language's convention" as its source.
    It says the answers, in Korean too."""
    package = {"name": "api", "engines": {"node": ">= 12.13.0"}, "scripts": {"start": "node server.js"}}
    folder = write_tree(tmp_path / "api", {"package.json": json.dumps(package), "server.js": "1;\n"})
    detected = advise({"host_os": "linux", "database": "none"}, folder=folder)
    assert detected.setup.build.runtime_version == "24"
    assert detected.setup.build.sources["runtime_version"] == "package.json: >= 12.13.0"
    pinned = advise({"host_os": "linux", "database": "none", "runtime_version": "26"}, folder=folder)
    assert pinned.setup.build.sources["runtime_version"] == "the answers (runtime_version)"
    assert "| `26` | `답변(runtime_version)` |" in pinned.report("ko")


def test_the_values_a_projects_compose_env_file_gives_its_app(tmp_path: Path) -> None:
    """django-cms-quickstart (m25): its compose file gives the app `env_file: .env-local`
    (DEBUG=True, SECURE_SSL_REDIRECT=False); without them the app answered 400 to every request
    (ALLOWED_HOSTS=[None]). They are the app's settings' values, below `environment:`."""
    settings = (
        "import os\nDEBUG = os.environ.get('DEBUG') == 'True'\nALLOWED_HOSTS = [os.environ.get('DOMAIN')]\n"
        "SECURE_SSL_REDIRECT = os.environ.get('SECURE_SSL_REDIRECT') != 'False'\n"
        "LANGUAGE_CODE = os.environ.get('LANGUAGE', 'en')\nWSGI_APPLICATION = 'backend.wsgi.application'\n"
    )
    compose = (
        "services:\n  web:\n    build: .\n    env_file: .env-local\n    environment:\n      LANGUAGE: de\n"
    )
    folder = write_tree(
        tmp_path / "cms",
        {
            "requirements.txt": "django==5.2\n",
            "manage.py": "import os\nos.environ.setdefault('DJANGO_SETTINGS_MODULE', 'backend.settings')\n",
            "backend/__init__.py": "",
            "backend/settings.py": settings,
            "backend/wsgi.py": "application = None\n",
            "docker-compose.yml": compose,
            ".env-local": "DEBUG=True\nSECURE_SSL_REDIRECT=False\nLANGUAGE=fr\n",
        },
    )
    advice = advise({"host_os": "linux", "database": "none", "traffic": "medium"}, folder=folder)
    files = {f.name: f.content for f in render_files(advice.setup, "en")}
    env = files[".env"]
    assert "\nDEBUG=True\n" in env and "\nSECURE_SSL_REDIRECT=False\n" in env
    assert "\nLANGUAGE=de\n" in env  # environment: wins over the env file


def test_a_compose_env_file_kept_out_of_git_is_read_from_its_template(tmp_path: Path) -> None:
    """joanie: the app is src/backend, which the top compose file's services build from the top
    (its Dockerfile copies src/backend), with `env_file: env.d/development/common`, which git
    ignores; the project commits env.d/development/common.dist, which its Makefile copies into
    place. Its values are the app's settings as the project runs it."""
    folder = write_tree(
        tmp_path / "joanie",
        {
            "src/backend/requirements.txt": "django==5.2\n",
            "src/backend/manage.py": (
                "import os\nos.environ.setdefault('DJANGO_SETTINGS_MODULE', 'backend.settings')\n"
            ),
            "src/backend/backend/__init__.py": "",
            "src/backend/backend/settings.py": (
                "import os\nBACKOFFICE = os.environ['JOANIE_BACKOFFICE_BASE_URL']\n"
                "WSGI_APPLICATION = 'backend.wsgi.application'\n"
            ),
            "src/backend/backend/wsgi.py": "application = None\n",
            "docker-compose.yml": (
                "services:\n  app:\n    build: .\n    env_file:\n      - env.d/development/common\n"
                "  docs:\n    build: ./docs\n"
            ),
            "env.d/development/common.dist": "JOANIE_BACKOFFICE_BASE_URL=http://localhost:8072\n",
        },
    )
    advice = advise({"host_os": "linux", "database": "none", "traffic": "medium"}, folder=folder)
    assert advice.answers.app_dir == "src/backend"
    env = {f.name: f.content for f in render_files(advice.setup, "en")}[".env"]
    assert "\nJOANIE_BACKOFFICE_BASE_URL=http://localhost:8072\n" in env


@pytest.mark.parametrize(
    ("where", "text"),
    [
        ("Dockerfile.prod", "FROM node:16\nCOPY package*.json ./\nRUN npm install --legacy-peer-deps\n"),
        (".github/workflows/ci.yml", "jobs:\n  t:\n    steps:\n      - run: npm ci --legacy-peer-deps\n"),
        ("README.md", "## Install\n\n```\nnpm i --legacy-peer-deps\n```\n"),
    ],
)
def test_an_npm_project_installed_with_legacy_peer_deps_is_installed_so_in_the_image(
    tmp_path: Path, where: str, text: str
) -> None:
    """ljlm0402's typescript-express-starter: its Dockerfiles (and the generator) run
    `npm install --legacy-peer-deps`, so the lockfile is not what plain `npm ci` accepts (the
    build stopped: "package.json and package-lock.json are not in sync"). The image installs
    and prunes with the flag, and the report says where it came from, in Korean too."""
    folder = tmp_path / "app"
    shutil.copytree(FIXTURES / "express-mysql-legacy", folder)
    write_tree(folder, {where: text})
    pm = inspect_project(folder).apps[0].package_manager
    assert (
        pm is not None and pm.legacy_peer_deps == where and pm.install == ("npm", "ci", "--legacy-peer-deps")
    )
    advice = advise({"host_os": "linux"}, folder=folder)
    dockerfile = render_dockerfile(advice.setup)
    assert "npm ci --legacy-peer-deps" in dockerfile
    assert "npm prune --omit=dev --legacy-peer-deps" in dockerfile
    assert f"`npm install --legacy-peer-deps` (`{where}`)" in advice.report("en")
    assert f"`npm install --legacy-peer-deps` 명령으로 설치합니다(`{where}`)" in advice.report("ko")


def test_legacy_peer_deps_the_npmrc_sets_or_nothing_mentions_adds_no_flag(tmp_path: Path) -> None:
    """npm reads legacy-peer-deps=true from the .npmrc the install step mounts: no flag of
    advisor's; a project that never uses it gets the plain frozen install."""
    folder = tmp_path / "app"
    shutil.copytree(FIXTURES / "express-mysql-legacy", folder)
    assert "--legacy-peer-deps" not in render_dockerfile(advise({"host_os": "linux"}, folder=folder).setup)
    write_tree(
        folder, {".npmrc": "legacy-peer-deps=true\n", "Dockerfile": "RUN npm install --legacy-peer-deps\n"}
    )
    pm = inspect_project(folder).apps[0].package_manager
    assert pm is not None and pm.legacy_peer_deps is None and ".npmrc" in pm.manifests
    dockerfile = render_dockerfile(advise({"host_os": "linux"}, folder=folder).setup)
    assert "--legacy-peer-deps" not in dockerfile and "source=.npmrc,target=.npmrc" in dockerfile


def test_a_dated_log_file_names_its_folder_as_the_logs_the_app_writes(tmp_path: Path) -> None:
    """buqiyuan's nest-admin: winston-daily-rotate-file with ``filename: 'logs/app.%DATE%.log'``
    (the date pattern in the file's name, not its folder). The app, as uid 1000, stopped on
    ``EACCES mkdir 'logs/'``: the image now makes logs/ the app user's."""
    write_tree(
        tmp_path,
        {
            "package.json": json.dumps(
                {
                    "name": "admin",
                    "scripts": {"build": "tsc", "start:prod": "node dist/main"},
                    "dependencies": {"winston": "^3", "winston-daily-rotate-file": "^5"},
                }
            ),
            "src/main.ts": "async function bootstrap() {}\n",
            "src/shared/logger/logger.service.ts": (
                "new DailyRotateFile({\n  level: 'info',\n  filename: 'logs/app.%DATE%.log',\n"
                "  datePattern: 'YYYY-MM-DD',\n  auditFile: 'logs/.audit/app.json',\n})\n"
                "new DailyRotateFile({ filename: `${dir}/error.%DATE%.log` })\n"
            ),
        },
    )
    app = inspect_project(tmp_path).apps[0]
    assert [(w.path, w.kind) for w in app.writable_paths] == [("logs", "logs")]
    dockerfile = render_dockerfile(advise({"host_os": "linux"}, folder=tmp_path).setup)
    assert "RUN mkdir -p /app/logs \\\n    && chown -R node:node /app/logs" in dockerfile


def test_a_settings_module_the_wsgi_file_names_but_the_project_lacks_gives_way_to_manage_pys(
    tmp_path: Path,
) -> None:
    """bugsink: wsgi.py's setdefault names ``bugsink_conf``, which only its own Dockerfile
    writes from a template; manage.py's ``bugsink.settings.development`` exists. gunicorn
    stopped on ModuleNotFoundError while the migrate step worked: the app now runs with
    manage.py's module, and the report and .env say why, in Korean too."""
    write_tree(
        tmp_path,
        {
            "requirements.txt": "Django==5.2.8\ngunicorn==23.0.0\n",
            "manage.py": (
                "import os\nimport django\n"
                "os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'bugsink.settings.development')\n"
            ),
            "bugsink/__init__.py": "",
            "bugsink/wsgi.py": (
                "import os\nfrom django.core.wsgi import get_wsgi_application\n"
                "os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'bugsink_conf')\n"
                "application = get_wsgi_application()\n"
            ),
            "bugsink/settings/__init__.py": "",
            "bugsink/settings/default.py": "WSGI_APPLICATION = 'bugsink.wsgi.application'\n",
            "bugsink/settings/development.py": "from .default import *\nDEBUG = True\n",
        },
    )
    app = inspect_project(tmp_path).apps[0]
    assert app.default_settings is not None and app.default_settings.value == "bugsink.settings.development"
    advice = advise({"host_os": "linux"}, folder=tmp_path)
    files = {f.name: f.content for f in render_files(advice.setup, "en")}
    assert "\nDJANGO_SETTINGS_MODULE=bugsink.settings.development\n" in files[".env"]
    assert "falls back to is not in the\n# project" in files[".env"]
    assert "The server's `bugsink/wsgi.py` falls back to the settings module `bugsink_conf`" in advice.report(
        "en"
    )
    assert "`bugsink_conf` 모듈을 만들고" in advice.report("ko")
    # A wsgi.py whose module exists: in development the app runs manage.py's (as the migrate
    # step does); in production wsgi.py's own, and nothing is set.
    write_tree(tmp_path, {"bugsink_conf.py": "from bugsink.settings.default import *\n"})
    found = inspect_project(tmp_path).apps[0].default_settings
    assert found is not None and found.detail == "bugsink_conf of bugsink/wsgi.py differs"
    prod = advise({"host_os": "linux", "environment": "production"}, folder=tmp_path)
    assert "DJANGO_SETTINGS_MODULE" not in {v.name for v in (*prod.setup.app_env, *prod.setup.env)}


def test_django_log_and_search_index_folders_under_base_dir_are_the_app_users(tmp_path: Path) -> None:
    """DjangoBlog: ``LOG_PATH = os.path.join(BASE_DIR, 'logs')`` made at import (during the
    root collectstatic step) and Haystack's Whoosh ``'PATH': os.path.join(BASE_DIR,
    'whoosh_index')``: as uid 10001 every log line failed and /search/ answered 500."""
    write_tree(
        tmp_path,
        {
            "requirements.txt": "Django==5.2.8\ngunicorn==23.0.0\n",
            "manage.py": "import os\nos.environ.setdefault('DJANGO_SETTINGS_MODULE', 'blog.settings')\n",
            "blog/__init__.py": "",
            "blog/wsgi.py": "application = None\n",
            "blog/settings.py": (
                "import os\nfrom pathlib import Path\nBASE_DIR = Path(__file__).resolve().parent.parent\n"
                "WSGI_APPLICATION = 'blog.wsgi.application'\n"
                "STATIC_ROOT = os.path.join(BASE_DIR, 'collectedstatic')\n"
                "HAYSTACK_CONNECTIONS = {\n    'default': {\n        'ENGINE': 'x.WhooshEngine',\n"
                "        'PATH': os.path.join(BASE_DIR, 'whoosh_index'),\n    },\n}\n"
                "LOG_PATH = os.path.join(BASE_DIR, 'logs')\nif not os.path.exists(LOG_PATH):\n"
                "    os.makedirs(LOG_PATH, exist_ok=True)\n"
                "ERROR_LOG_PATH = os.path.join(BASE_DIR, 'var', 'error.log')\n"
            ),
        },
    )
    found = {(w.path, w.kind) for w in inspect_project(tmp_path).apps[0].writable_paths}
    assert {("whoosh_index", "data"), ("logs", "logs"), ("var", "logs")} <= found
    dockerfile = render_dockerfile(advise({"host_os": "linux"}, folder=tmp_path).setup)
    chown = next(line for line in dockerfile.splitlines() if "chown -R" in line)
    assert all(f"/app/{d}" in chown for d in ("whoosh_index", "logs", "var"))


def test_a_package_declaring_plugin_entry_points_is_installed_after_its_requirements(tmp_path: Path) -> None:
    """alerta: requirements.txt for the dependencies, and setup.py's entry_points declare
    ``alerta.plugins`` and ``alerta.webhooks``, which the app looks up in the installed
    package's metadata ("Failed to load plugin 'reject'" with only the requirements). Its
    DEFAULT_ENVIRONMENT is an alert's default environment, not the app's: left alone (the
    app refused "development", not in its ALLOWED_ENVIRONMENTS)."""
    write_tree(
        tmp_path,
        {
            "requirements.txt": "Flask==3.1.2\npsycopg2==2.9.11\n",
            "setup.py": (
                "from setuptools import setup\nsetup(\n    name='alerta-server',\n    entry_points={\n"
                "        'console_scripts': [\n            'alertad = alerta.commands:cli'\n        ],\n"
                "        'alerta.plugins': [\n            'reject = alerta.plugins.reject:RejectPolicy'\n"
                "        ],\n        'alerta.webhooks': ['slack = alerta.webhooks.slack:SlackWebhook'],\n"
                "    }\n)\n"
            ),
            "wsgi.py": "from alerta import create_app\napp = create_app()\n",
            "alerta/__init__.py": "from flask import Flask\n\ndef create_app():\n    return Flask('a')\n",
            "alerta/settings.py": (
                "import os\nDATABASE_URL = os.environ.get('DATABASE_URL', 'postgres://localhost/monitoring')\n"
                "ALLOWED_ENVIRONMENTS = ['Production', 'Development']\n"
                "DEFAULT_ENVIRONMENT = os.environ.get('DEFAULT_ENVIRONMENT', 'Production')\n"
            ),
        },
    )
    pm = inspect_project(tmp_path).apps[0].package_manager
    assert pm is not None and pm.self_install == "setup.py: alerta.plugins, alerta.webhooks"
    advice = advise({"host_os": "linux", "database": "postgres"}, folder=tmp_path)
    dockerfile = render_dockerfile(advice.setup)
    requirements = dockerfile.index("-m pip install -r requirements.txt")
    assert dockerfile.index("/app/.venv/bin/python -m pip install --no-deps .") > requirements
    assert "DEFAULT_ENVIRONMENT" not in yaml.safe_dump(_compose(advice))
    assert "`setup.py` declares entry points (alerta.plugins, alerta.webhooks)" in advice.report("en")
    assert "`pip install --no-deps .` 명령으로 프로젝트 자체도 설치합니다" in advice.report("ko")
    # Commands only (console_scripts): the requirements are the whole install.
    write_tree(tmp_path, {"setup.py": "setup(entry_points={\n 'console_scripts': ['a = b:c'],\n})\n"})
    assert "--no-deps" not in render_dockerfile(advise({"host_os": "linux"}, folder=tmp_path).setup)


def test_setuptools_install_requires_names_the_framework_and_the_database(tmp_path: Path) -> None:
    """cgwire's zou: requirements.txt is only ``-e .[dev,test]``; Flask, Flask-SQLAlchemy,
    psycopg and gunicorn are setup.cfg's install_requires. advisor had found no framework and
    no database (a one-container run.sh with `python app.py`)."""
    write_tree(
        tmp_path,
        {
            "requirements.txt": "-e .[dev,test]\n",
            "setup.py": "from setuptools import setup\nsetup()\n",
            "setup.cfg": (
                "[metadata]\nname = zou\n\n[options]\npackages = find:\ninstall_requires =\n"
                "    flask==3.1.3\n    flask_sqlalchemy==3.1.1  # the ORM\n    gunicorn==26.0.0\n"
                "    psycopg[binary]==3.3.4\n\n[options.extras_require]\ndev = pytest\n"
            ),
            "zou/__init__.py": "",
            "zou/app/__init__.py": "from flask import Flask\n\ndef create_app():\n    return Flask('zou')\n",
        },
    )
    app = inspect_project(tmp_path).apps[0]
    names = {d.name: d.source for d in app.dependencies}
    assert names["flask"] == names["psycopg"] == names["gunicorn"] == "setup.cfg"
    assert [d.kind for d in app.databases] == ["postgres"]
    assert app.framework is not None and app.framework.value == "flask"
    (tmp_path / "setup.cfg").unlink()
    write_tree(tmp_path, {"setup.py": "setup(\n    install_requires=[\n        'Django>=5.2',\n    ],\n)\n"})
    assert "django" in {d.name for d in inspect_project(tmp_path).apps[0].dependencies}


def test_the_env_var_librarys_reads_are_the_apps_settings(tmp_path: Path) -> None:
    """pvarentsov's typescript-clean-architecture reads every setting with env-var's
    ``get('DB_HOST').required().asString()``: none reached compose.yaml, and the app stopped on
    'env-var: "API_HOST" is a required variable'. Now the DB_* names get the database's
    values, a required one without a value is asked for by name, and a default is kept."""
    write_tree(
        tmp_path,
        {
            "package.json": json.dumps(
                {
                    "name": "tca",
                    "scripts": {"build": "tsc", "start": "node dist/Main.js"},
                    "dependencies": {"env-var": "^7.5.0", "pg": "^8.16.0", "typeorm": "^0.3.27"},
                }
            ),
            "src/Main.ts": "import { DatabaseConfig } from './DatabaseConfig';\n",
            "src/DatabaseConfig.ts": (
                "import { get } from 'env-var';\n\nexport class DatabaseConfig {\n"
                "  public static readonly DB_HOST: string = get('DB_HOST').required().asString();\n"
                "  public static readonly DB_PORT: number = get('DB_PORT').required().asPortNumber();\n"
                "  public static readonly DB_USERNAME: string = get('DB_USERNAME').required().asString();\n"
                "  public static readonly DB_PASSWORD: string = get('DB_PASSWORD').required().asString();\n"
                "  public static readonly DB_NAME: string = get('DB_NAME').required().asString();\n"
                "  public static readonly TOKEN_TTL: number = get('TOKEN_TTL')\n"
                "    .default('60')\n    .asIntPositive();\n"
                "  public static readonly SECRET = get('API_ACCESS_TOKEN_SECRET').required().asString();\n"
                "}\n"
            ),
        },
    )
    found = {v.name: v for v in inspect_project(tmp_path).apps[0].env_vars}
    assert found["DB_HOST"].required and found["API_ACCESS_TOKEN_SECRET"].required
    assert found["TOKEN_TTL"].default == "60" and not found["TOKEN_TTL"].required
    env = _compose(advise({"host_os": "linux", "database": "postgres"}, folder=tmp_path))["services"]["app"][
        "environment"
    ]
    assert env["DB_HOST"] == "db" and env["DB_PORT"] == "5432"
    assert env["DB_USERNAME"] == "${POSTGRES_USER:?set it in .env}"
    assert "TOKEN_TTL" not in env


def test_heroku_yml_gives_the_release_step_and_a_tls_switch_on_node_env_turns_tls_on(tmp_path: Path) -> None:
    """thisismydesign's nestjs-starter: heroku.yml's ``release: command:`` runs the TypeORM
    migrations (no Procfile), and TypeORM's ``ssl: NODE_ENV === 'production' ? {
    rejectUnauthorized: false } : false``: the image runs production, so the app stopped on
    "The server does not support SSL connections". The release step comes from heroku.yml,
    and the db container speaks TLS."""
    write_tree(
        tmp_path,
        {
            "package.json": json.dumps(
                {
                    "name": "starter",
                    "scripts": {"build": "nest build", "start:prod": "node dist/main", "typeorm": "typeorm"},
                    "dependencies": {"pg": "^8", "typeorm": "^0.3", "@nestjs/core": "^11"},
                }
            ),
            "yarn.lock": "# yarn lockfile v1\n",
            "heroku.yml": (
                "build:\n  docker:\n    web: Dockerfile.prod\nrelease:\n  image: web\n  command:\n"
                "    - yarn typeorm migration:run && yarn console seed\nrun:\n  web: yarn start:prod\n"
            ),
            "src/main.ts": "bootstrap();\n",
            "src/app.module.ts": (
                "TypeOrmModule.forRootAsync({\n  useFactory: async (config) => ({\n    type: 'postgres',\n"
                "    url: config.get('DATABASE_URL'),\n    ssl:\n"
                "      config.get('NODE_ENV') === 'production'\n        ? { rejectUnauthorized: false }\n"
                "        : false,\n  }),\n})\n"
            ),
        },
    )
    app = inspect_project(tmp_path).apps[0]
    assert app.release is not None and app.release.source == "heroku.yml"
    assert app.release.argv == ("sh", "-c", "yarn typeorm migration:run && yarn console seed")
    assert app.db_tls == "src/app.module.ts"
    compose = _compose(advise({"host_os": "linux", "database": "postgres"}, folder=tmp_path))
    assert "ssl=on" in compose["services"]["db"]["command"]
    assert compose["services"]["migrate"]["command"][-1] == "yarn typeorm migration:run && yarn console seed"
    # GraphQL's code-first schema, written at start into src/: the app user's folder.
    write_tree(
        tmp_path,
        {
            "src/gql.module.ts": (
                "GraphQLModule.forRoot({\n  autoSchemaFile: join(process.cwd(), 'src/schema.gql'),\n})\n"
            ),
        },
    )
    found = {(w.path, w.kind) for w in inspect_project(tmp_path).apps[0].writable_paths}
    assert ("src", "data") in found


def test_the_start_scripts_variables_a_dev_dependency_the_code_imports_and_its_access_log_fit_the_image(
    tmp_path: Path,
) -> None:
    """mkosir's typeorm-express-typescript: `"start": "NODE_PATH=./dist node ./dist/index.js"`
    (bare imports like 'orm/entities/...' resolve through NODE_PATH), src/index.ts's
    `import 'dotenv/config'` with dotenv a dev dependency (the prune dropped it: "Cannot find
    module 'dotenv/config'"), and morgan's `fs.createWriteStream(path.join(__dirname,
    '../log/access.log'))` (EACCES as uid 1000)."""
    write_tree(
        tmp_path,
        {
            "package.json": json.dumps(
                {
                    "name": "api",
                    "scripts": {
                        "build": "tsc",
                        "start": "NODE_ENV=production NODE_PATH=./dist node ./dist/index.js",
                    },
                    "dependencies": {"express": "^4", "pg": "^8", "typeorm": "^0.3"},
                    "devDependencies": {"dotenv": "^16", "typescript": "^5", "@faker-js/faker": "^9"},
                }
            ),
            "package-lock.json": '{"lockfileVersion": 3, "packages": {}}',
            "src/index.ts": (
                "import 'dotenv/config';\nimport fs from 'fs';\nimport path from 'path';\n"
                "import express from 'express';\n"
                "import type { Request } from 'typescript';\n"
                "const accessLogStream = fs.createWriteStream(path.join(__dirname, '../log/access.log'), {\n"
                "  flags: 'a',\n});\nexpress().listen(process.env.PORT);\n"
            ),
            "src/orm/seeds/createUsers.ts": "import { faker } from '@faker-js/faker';\n",
        },
    )
    app = inspect_project(tmp_path).apps[0]
    assert app.start is not None and app.start.env == (("NODE_PATH", "./dist"),)
    assert app.config_dev_imports == ("dotenv",)  # not the seed's faker, not a type import
    assert ("log", "logs") in {(w.path, w.kind) for w in app.writable_paths}
    dockerfile = render_dockerfile(
        advise({"host_os": "linux", "database": "postgres"}, folder=tmp_path).setup
    )
    assert "    NODE_PATH=./dist \\\n" in dockerfile and "NODE_ENV=production \\\n" in dockerfile
    assert "npm prune" not in dockerfile and "the app loads\n# as it runs dotenv" in dockerfile
    assert "chown -R node:node /app/log" in dockerfile


def test_a_start_script_that_changes_folder_first_runs_there(tmp_path: Path) -> None:
    """Jellystat: `"start": "cd backend && node server.js"` (the image ran `node server.js` in
    /app: "Cannot find module '/app/server.js'"), its db host read as POSTGRES_IP, and
    planka's `${process.cwd()}/logs/planka.log`."""
    write_tree(
        tmp_path,
        {
            "package.json": json.dumps(
                {
                    "name": "jellystat",
                    "scripts": {"start": "cd backend && node server.js"},
                    "dependencies": {"express": "^4", "knex": "^3", "pg": "^8"},
                }
            ),
            "backend/server.js": "require('./db');\nrequire('express')().listen(3000);\n",
            "backend/db.js": (
                "const host = process.env.POSTGRES_IP;\nconst user = process.env.POSTGRES_USER;\n"
                "const logfile = `${process.cwd()}/logs/app.log`;\n"
            ),
        },
    )
    app = inspect_project(tmp_path).apps[0]
    assert app.start is not None and app.start.argv == ("sh", "-c", "cd backend && exec node server.js")
    assert ("logs", "logs") in {(w.path, w.kind) for w in app.writable_paths}
    advice = advise({"host_os": "linux", "database": "postgres"}, folder=tmp_path)
    assert 'CMD ["sh", "-c", "cd backend && exec node server.js"]' in render_dockerfile(advice.setup)
    assert _compose(advice)["services"]["app"]["environment"]["POSTGRES_IP"] == "db"


def test_a_log_file_under_app_root_paths_root_is_the_app_users(tmp_path: Path) -> None:
    """express-sequelize-api's winston-daily-rotate-file writes `${appRoot}/logs/%DATE%.log`
    (app-root-path: the project's folder), and stopped with "EACCES: permission denied, mkdir
    '/app/logs/'" in a root-owned /app."""
    write_tree(
        tmp_path,
        {
            "package.json": json.dumps(
                {
                    "name": "api",
                    "main": "src/app.js",
                    "scripts": {"start": "node src/app.js"},
                    "dependencies": {"express": "^4", "winston": "^3", "app-root-path": "^3"},
                }
            ),
            "src/app.js": "require('./logger');\nrequire('express')().listen(3000);\n",
            "src/logger.js": (
                "import appRoot from 'app-root-path';\n"
                "export default { file: { filename: `${appRoot}/logs/%DATE%.log` } };\n"
            ),
        },
    )
    assert ("logs", "logs") in {(w.path, w.kind) for w in inspect_project(tmp_path).apps[0].writable_paths}
    dockerfile = render_dockerfile(advise({"host_os": "linux"}, folder=tmp_path).setup)
    assert "RUN mkdir -p /app/logs \\\n    && chown -R node:node /app/logs" in dockerfile


def test_the_npm_package_json_pins_installs_before_the_frozen_install(tmp_path: Path) -> None:
    """chartbrew's server: `"packageManager": "npm@11.11.0"` and a lockfile npm 10's `npm ci`
    refuses (the npm node:22 bundles): the image installs the pinned npm first."""
    folder = tmp_path / "app"
    shutil.copytree(FIXTURES / "express-mysql-legacy", folder)
    package = json.loads((folder / "package.json").read_text())
    package["packageManager"] = "npm@11.11.0"
    (folder / "package.json").write_text(json.dumps(package))
    dockerfile = render_dockerfile(advise({"host_os": "linux"}, folder=folder).setup)
    assert dockerfile.index("RUN npm install --global npm@11.11.0") < dockerfile.index("\n    npm ci")
    package["packageManager"] = "npm@latest"  # not a version: nothing pinned
    (folder / "package.json").write_text(json.dumps(package))
    assert "--global npm@" not in render_dockerfile(advise({"host_os": "linux"}, folder=folder).setup)


@pytest.mark.parametrize(
    ("code", "what"),
    [
        ("db.migrate.latest().then(() => app.listen(3000));\n", "knex.migrate.latest()"),
        ("await dataSource.runMigrations();\n", "runMigrations() / migrate()"),
        ("db.migrate()\n  .then(() => app.listen(port));\n", "runMigrations() / migrate()"),
        (
            "const exists = await client`SELECT EXISTS (SELECT FROM information_schema.tables\n"
            "  WHERE table_name = 'User');`;\n"
            'if (!exists) {\n  await client`CREATE TABLE "User" (id SERIAL)`;\n}\n',
            "CREATE TABLE",
        ),
    ],
)
def test_an_app_that_migrates_or_makes_its_tables_as_it_starts_is_not_reported_empty(
    tmp_path: Path, code: str, what: str
) -> None:
    """Jellystat (knex's migrate.latest() on a variable named db), chartbrew (its own
    db.migrate() at start), TypeORM's runMigrations() and the Vercel Postgres starter's
    CREATE TABLE after its own check: the report said "the database starts empty"."""
    write_tree(
        tmp_path,
        {
            "package.json": json.dumps(
                {"name": "a", "dependencies": {"express": "^4", "pg": "^8", "knex": "^3"}}
            ),
            "server.js": "const app = require('express')();\n" + code,
            "migrations/001.js": "exports.up = (k) => k.raw('CREATE TABLE IF NOT EXISTS t (id int)');\n",
        },
    )
    app = inspect_project(tmp_path).apps[0]
    assert app.schema_maker is not None and (app.schema_maker.value, app.schema_maker.source) == (
        what,
        "server.js",
    )
    assert "starts empty" not in advise({"host_os": "linux", "database": "postgres"}, folder=tmp_path).report(
        "en"
    )
    # A migration's own SQL is not the server's.
    write_tree(tmp_path, {"server.js": "const app = require('express')();\n"})
    assert inspect_project(tmp_path).apps[0].schema_maker is None


def test_a_file_url_to_sqlite_in_the_example_moves_into_the_data_volume(tmp_path: Path) -> None:
    """w3cj's hono-open-api-starter: `.env.example` says `DATABASE_URL=file:dev.db` (libsql),
    which the app requires (zod `.url()`); with no database server advisor passed none and
    the app stopped on "Invalid env". It gets `file:/app/data/dev.db`, in the volume."""
    write_tree(
        tmp_path,
        {
            "package.json": json.dumps(
                {
                    "name": "hono",
                    "scripts": {"build": "tsc", "start": "node ./dist/src/index.js"},
                    "dependencies": {
                        "hono": "^4",
                        "@libsql/client": "^0.15",
                        "drizzle-orm": "^0.44",
                        "zod": "^4",
                    },
                }
            ),
            "src/index.ts": "import env from './env';\nserve({ fetch: app.fetch, port: env.PORT });\n",
            "src/env.ts": "const EnvSchema = z.object({\n  PORT: z.coerce.number().default(9999),\n"
            "  DATABASE_URL: z.string().url(),\n});\nexport default EnvSchema.parse(process.env);\n",
            ".env.example": "NODE_ENV=development\nPORT=9999\nDATABASE_URL=file:dev.db\n",
        },
    )
    advice = advise({"host_os": "linux"}, folder=tmp_path)
    assert advice.answers.database == "none"
    assert advice.setup.build.sqlite_url == ("DATABASE_URL", "file:/app/data/dev.db")
    files = {f.name: f.content for f in render_files(advice.setup, "en")}
    assert "\nDATABASE_URL=file:/app/data/dev.db\n" in files[".env"]
    assert '--volume "$name-app-data:/app/data"' in files["run.sh"]


def test_a_prefixed_listen_host_from_the_example_binds_every_address(tmp_path: Path) -> None:
    """chartbrew's server: `app.listen(port, settings.api.host)` with `CB_API_HOST=localhost`
    in its .env template: only the container itself could reach it. The app's own prefix
    (CB_) before API_HOST is the same setting; a database's host is not."""
    write_tree(
        tmp_path,
        {
            "package.json": json.dumps(
                {
                    "name": "server",
                    "scripts": {"start": "node index"},
                    "dependencies": {"express": "4", "pg": "8"},
                }
            ),
            "index.js": (
                "const settings = require('./settings');\nconst app = require('express')();\n"
                "app.listen(process.env.PORT || 4019, settings.api.host);\n"
            ),
            "settings.js": (
                "module.exports = {\n  api: { host: process.env.CB_API_HOST },\n"
                "  mail: { host: process.env.MAIL_SERVER_HOST },\n"
                "  db: { host: process.env.CB_DB_HOST, name: process.env.CB_DB_NAME },\n};\n"
            ),
            ".env-template": (
                "CB_API_HOST=localhost\nMAIL_SERVER_HOST=localhost\nCB_DB_HOST=localhost\nCB_DB_NAME=chartbrew\n"
            ),
        },
    )
    env = _compose(advise({"host_os": "linux", "database": "postgres"}, folder=tmp_path))["services"]["app"][
        "environment"
    ]
    assert env["CB_API_HOST"] == "0.0.0.0" and env["CB_DB_HOST"] == "db"
    assert env.get("MAIL_SERVER_HOST") != "0.0.0.0"  # another server's address, not the app's


def test_a_secret_the_project_wants_as_hex_is_generated_as_hex(tmp_path: Path) -> None:
    """Outline's .env.sample: "Generate a hex-encoded 32-byte random key. Use `openssl rand
    -hex 32`" above SECRET_KEY (it refuses anything but 64 hex digits); an app that reads
    its key with `Buffer.from(process.env.ENCRYPTION_KEY, 'hex')` for AES-256 needs the same."""
    write_tree(
        tmp_path,
        {
            "package.json": json.dumps({"name": "wiki", "scripts": {"start": "node server.js"}}),
            "server.js": (
                "const key = Buffer.from(process.env.ENCRYPTION_KEY, 'hex');\n"
                "const secret = process.env.SECRET_KEY;\nconst session = process.env.SESSION_SECRET;\n"
            ),
            ".env.sample": (
                "# Generate a hex-encoded 32-byte random key. Use `openssl rand -hex 32` in your\n"
                "# terminal to generate a random value.\nSECRET_KEY=generate_a_new_key\n\n"
                "SESSION_SECRET=change-me\n"
            ),
        },
    )
    app = inspect_project(tmp_path).apps[0]
    assert app.secret_forms == (("ENCRYPTION_KEY", "hex:32"), ("SECRET_KEY", "hex:32"))
    files = {
        f.name: f.content for f in render_files(advise({"host_os": "linux"}, folder=tmp_path).setup, "en")
    }
    env = dict(line.split("=", 1) for line in files[".env"].splitlines() if "=" in line and line[0] != "#")
    assert re.fullmatch(r"[0-9a-f]{64}", env["SECRET_KEY"]) and re.fullmatch(
        r"[0-9a-f]{64}", env["ENCRYPTION_KEY"]
    )
    assert not re.fullmatch(r"[0-9a-f]{64}", env["SESSION_SECRET"])  # no form asked: the usual one
    # chartbrew: the key read into a constant in settings.js, its encryption module
    # cbCrypto.js deciphering with Buffer.from(SECRET_KEY, "hex") and checking 64 hex digits.
    write_tree(
        tmp_path,
        {
            "settings.js": "module.exports = { key: process.env.CB_ENCRYPTION_KEY };\n",
            "modules/cbCrypto.js": (
                "const SECRET_KEY = process.env.CB_ENCRYPTION_KEY;\n"
                'crypto.createCipheriv("aes-256-cbc", Buffer.from(SECRET_KEY, "hex"), iv);\n'
            ),
        },
    )
    assert ("CB_ENCRYPTION_KEY", "hex:32") in inspect_project(tmp_path).apps[0].secret_forms


def test_django_environs_prefix_names_the_variables_the_app_reads(tmp_path: Path) -> None:
    """opencve: `env = environ.Env()` then `env.prefix = "OPENCVE_"`: env.str("SECRET_KEY")
    reads OPENCVE_SECRET_KEY and env.db("DATABASE_URL") OPENCVE_DATABASE_URL; advisor passed
    the unprefixed names, so the app used its default database URL."""
    write_tree(
        tmp_path,
        {
            "requirements.txt": "Django==5.2.8\ndjango-environ==0.12.0\npsycopg2-binary==2.9.11\n",
            "manage.py": "import os\nos.environ.setdefault('DJANGO_SETTINGS_MODULE', 'site1.settings')\n",
            "site1/__init__.py": "",
            "site1/settings.py": (
                'import environ\nenv = environ.Env()\nenv.prefix = "OPENCVE_"\n'
                'SECRET_KEY = env.str("SECRET_KEY", default="change_me")\n'
                'DATABASES = {\n    "default": env.db(\n        "DATABASE_URL",\n'
                '        default="postgresql://u:p@example.com:5432/web",\n    )\n}\n'
            ),
        },
    )
    names = {v.name for v in inspect_project(tmp_path).apps[0].env_vars}
    assert {"OPENCVE_SECRET_KEY", "OPENCVE_DATABASE_URL"} <= names and "SECRET_KEY" not in names
    env = _compose(advise({"host_os": "linux", "database": "postgres"}, folder=tmp_path))["services"]["app"][
        "environment"
    ]
    assert env["OPENCVE_DATABASE_URL"].endswith("@db:5432/${POSTGRES_DB:?set it in .env}")


def test_the_production_env_file_the_code_loads_by_name_gives_the_apps_settings(tmp_path: Path) -> None:
    """ljlm0402's typescript-express-starter: `config({ path: `.env.${process.env.NODE_ENV ||
    'development'}.local` })`, the project committing `.env.production.local` (LOG_DIR,
    LOG_FORMAT, ORIGIN, CREDENTIALS). .dockerignore keeps it out of the image (it may hold
    secrets), so its values reach the app through .env and compose.yaml instead."""
    write_tree(
        tmp_path,
        {
            "package.json": json.dumps({"name": "x", "scripts": {"start": "node dist/server.js"}}),
            "src/config/index.ts": (
                "import { config } from 'dotenv';\n"
                "config({ path: `.env.${process.env.NODE_ENV || 'development'}.local` });\n"
                "export const { NODE_ENV, PORT, LOG_FORMAT, LOG_DIR, ORIGIN } = process.env;\n"
            ),
            "src/server.ts": "import { PORT } from './config';\n",
            ".env.development.local": "PORT = 3000\nLOG_FORMAT = dev\nLOG_DIR = ../logs\nORIGIN = *\n",
            ".env.production.local": "LOG_FORMAT = combined\nLOG_DIR = ../logs\nORIGIN = your.domain.com\n",
        },
    )
    advice = advise({"host_os": "linux"}, folder=tmp_path)
    files = {f.name: f.content for f in render_files(advice.setup, "en")}
    env = dict(line.split("=", 1) for line in files[".env"].splitlines() if "=" in line and line[0] != "#")
    assert env["LOG_FORMAT"] == "combined" and env["ORIGIN"] == "your.domain.com"
    assert _compose(advice)["services"]["app"]["environment"]["LOG_DIR"] == "${LOG_DIR:?set it in .env}"


def test_a_read_the_code_checks_first_is_optional_and_a_schema_file_run_on_connect_makes_tables(
    tmp_path: Path,
) -> None:
    """bugsink's prestart: `if not os.getenv("CREATE_SUPERUSER", ""): return` before
    `os.getenv("CREATE_SUPERUSER").split(":", 1)` (the report called it required); alerta runs
    its sql/schema.sql on connect (the report said the database starts empty)."""
    write_tree(
        tmp_path,
        {
            "requirements.txt": "Flask==3.1.2\npsycopg2-binary==2.9.11\n",
            "app.py": (
                "import os\nfrom flask import Flask\napp = Flask(__name__)\n\n"
                'def create_superuser():\n    if not os.getenv("CREATE_SUPERUSER", ""):\n        return\n'
                '    user, password = os.getenv("CREATE_SUPERUSER").split(":", 1)\n'
            ),
            "backend/postgres.py": (
                "def connect(app, conn):\n    with app.open_resource('sql/schema.sql') as f:\n"
                "        conn.cursor().execute(f.read())\n"
            ),
        },
    )
    app = inspect_project(tmp_path).apps[0]
    assert [v.required for v in app.env_vars if v.name == "CREATE_SUPERUSER"] == [False]
    assert app.schema_maker is not None and app.schema_maker.value == "schema.sql"
    assert "starts empty" not in advise({"host_os": "linux", "database": "postgres"}, folder=tmp_path).report(
        "en"
    )


def test_a_projects_sqlite_switch_is_turned_off_beside_the_database_server(tmp_path: Path) -> None:
    """JobBoard-Fastapi's committed .env: USE_SQLITE_DB=True (db/session.py then uses
    sqlite:///./sql_app.db, never the PostgreSQL advisor runs) and POSTGRES_USER=postgres,
    the administrator's own name: the init script made `CREATE ROLE postgres` and failed, so
    the db never became healthy. The switch goes off, and the script gives that role the
    app's password instead of creating it."""
    write_tree(
        tmp_path,
        {
            "requirements.txt": "fastapi\nuvicorn\nsqlalchemy\npsycopg2\n",
            "main.py": "from fastapi import FastAPI\nfrom core.config import settings\napp = FastAPI()\n",
            "core/config.py": (
                'import os\nclass Settings:\n    USE_SQLITE_DB: str = os.getenv("USE_SQLITE_DB")\n'
                '    POSTGRES_USER: str = os.getenv("POSTGRES_USER")\n'
                '    POSTGRES_SERVER: str = os.getenv("POSTGRES_SERVER", "localhost")\n'
                "settings = Settings()\n"
            ),
            ".env": "POSTGRES_USER=postgres\nPOSTGRES_SERVER=localhost\nUSE_SQLITE_DB=True\n",
        },
    )
    advice = advise({"host_os": "linux", "database": "postgres"}, folder=tmp_path)
    compose = _compose(advice)
    assert compose["services"]["app"]["environment"]["USE_SQLITE_DB"] == "False"
    script = compose["configs"]["db-app-user"]["content"]
    assert "SELECT :'app_user' = current_user AS app_is_admin \\gset\n\\if :app_is_admin\n" in script
    # Without a database server the switch is the project's own.
    app = inspect_project(tmp_path).apps[0]
    assert [v.role for v in listen_hosts(app, advice.setup.database)] == ["sqlite-off"]
    assert listen_hosts(app) == ()


def test_a_flask_app_found_in_the_code_only_starts_with_flask_and_a_cron_script_is_not_the_app(
    tmp_path: Path,
) -> None:
    """tecladocode's flask-smorest project lists Flask-Smorest, not Flask, and its app.py
    never calls app.run(): the image ran `python app.py`, which exits at once. PowerDNS-Admin's
    cron script update_accounts.py makes `app = create_app()` at its top: it was taken for the
    server instead of the package's create_app factory."""
    write_tree(
        tmp_path / "smorest",
        {
            "requirements.txt": "Flask-Smorest\nFlask-SQLAlchemy\npython-dotenv\n",
            ".flaskenv": "FLASK_APP=app\nFLASK_DEBUG=True\n",
            "app.py": "from flask import Flask\n\napp = Flask(__name__)\n",
        },
    )
    start = inspect_project(tmp_path / "smorest").apps[0].start
    assert start is not None and start.argv[:4] == ("flask", "--app", "app:app", "run")
    write_tree(
        tmp_path / "pdns",
        {
            "requirements.txt": "Flask==2.2.5\ngunicorn==20.1.0\n",
            "powerdnsadmin/__init__.py": "from flask import Flask\n\ndef create_app(config=None):\n    ...\n",
            "update_accounts.py": "from powerdnsadmin import create_app\n\napp = create_app()\n",
            "run.py": "from powerdnsadmin import create_app\nif __name__ == '__main__':\n    app = 1\n",
        },
    )
    start = inspect_project(tmp_path / "pdns").apps[0].start
    assert start is not None and start.argv[:2] == ("gunicorn", "powerdnsadmin:create_app()")


def test_convicts_env_names_a_knexfile_in_config_and_a_test_helper_are_read_as_they_run(
    tmp_path: Path,
) -> None:
    """tanem's express-bookshelf-realworld-example-app: convict's schema names DB_HOST/DB_NAME
    (`env: 'DB_HOST'`, not passed before), config/knexfile.js takes its settings from it (no
    migrate step was written), and test-support/global-setup.js migrates only the tests'
    database (the report said the app makes its tables as it starts)."""
    write_tree(
        tmp_path,
        {
            "package.json": json.dumps(
                {
                    "name": "rw",
                    "scripts": {"start": "node lib/server.js"},
                    "dependencies": {"knex": "3", "pg": "8"},
                }
            ),
            "lib/server.js": "const config = require('../config');\nrequire('express')().listen(3000);\n",
            "config/index.js": (
                "const convict = require('convict');\nmodule.exports = convict({\n"
                "  db: {\n    connection: {\n"
                "      host: {\n        doc: 'Database host name/IP',\n        format: '*',\n"
                "        default: '127.0.0.1',\n        env: 'DB_HOST',\n      },\n"
                "      database: {\n        format: String,\n        default: null,\n"
                "        env: 'DB_NAME',\n"
                "      },\n    },\n  },\n});\n"
            ),
            "config/knexfile.js": "const config = require('./');\nmodule.exports = config.get('db');\n",
            "db/migrations/001_users.js": "exports.up = (knex) => knex.schema.createTable('users');\n",
            "test-support/global-setup.js": "module.exports = async () => knex.migrate.latest();\n",
        },
    )
    app = inspect_project(tmp_path).apps[0]
    found = {v.name: v.default for v in app.env_vars}
    assert found["DB_HOST"] == "127.0.0.1" and found["DB_NAME"] is None
    assert app.schema_maker is None
    assert app.release is not None and app.release.argv == (
        "knex",
        "--knexfile",
        "config/knexfile.js",
        "migrate:latest",
    )
    env = _compose(advise({"host_os": "linux", "database": "postgres"}, folder=tmp_path))["services"]["app"][
        "environment"
    ]
    assert env["DB_HOST"] == "db" and env["DB_NAME"] == "${POSTGRES_DB:?set it in .env}"


def test_a_listen_host_the_app_requires_and_nothing_gives_binds_every_address(tmp_path: Path) -> None:
    """typescript-clean-architecture: `app.listen(API_PORT, API_HOST)` with env-var's
    `get('API_HOST').required()` and no example advisor reads: the report asked for it, and
    the person copied the project's `localhost`, so the app was unhealthy. 0.0.0.0 is the
    only value that works in a container."""
    write_tree(
        tmp_path,
        {
            "package.json": json.dumps(
                {"name": "a", "scripts": {"start": "node dist/Main.js"}, "dependencies": {"env-var": "7"}}
            ),
            "src/ApiServerConfig.ts": (
                "import { get } from 'env-var';\nexport class ApiServerConfig {\n"
                "  public static readonly HOST: string = get('API_HOST').required().asString();\n"
                "  public static readonly PORT: number = get('API_PORT').required().asPortNumber();\n}\n"
            ),
        },
    )
    env = _compose(advise({"host_os": "linux", "database": "postgres"}, folder=tmp_path))["services"]["app"][
        "environment"
    ]
    assert env["API_HOST"] == "0.0.0.0"


def test_the_projects_own_schema_command_is_the_release_step(tmp_path: Path) -> None:
    """cgwire's zou: no migrations/ at the top, its alembic migrations inside the package and
    run by its console script (`zou = zou.cli:cli`, a click group with `upgrade_db` and
    `init_db`); dbhelpers.create_all() is only a helper. Login answered 500 ("relation person
    does not exist"): `zou upgrade-db` is now the release step, and the report no longer says
    the tables are made at start. `migrate-db`, which writes a new migration, is never chosen."""
    write_tree(
        tmp_path,
        {
            "requirements.txt": "-e .\n",
            "setup.py": "from setuptools import setup\nsetup()\n",
            "setup.cfg": (
                "[options]\ninstall_requires =\n    flask==3.1.3\n    flask_sqlalchemy==3.1.1\n"
                "    flask_migrate==4.1.0\n    psycopg[binary]==3.3.4\n    gunicorn==26.0.0\n\n"
                "[options.entry_points]\nconsole_scripts =\n    zou = zou.cli:cli\n"
            ),
            "zou/__init__.py": "",
            "zou/app/__init__.py": "from flask import Flask\n\ndef create_app():\n    return Flask('zou')\n",
            "zou/app/utils/dbhelpers.py": "def create_all():\n    return db.create_all()\n",
            "zou/migrations/env.py": "",
            "zou/cli.py": (
                "import click\n\n@click.group()\ndef cli():\n    pass\n\n@cli.command()\n"
                "@click.option('--message', default='')\ndef migrate_db(message):\n    pass\n\n"
                "@cli.command()\ndef init_db():\n    pass\n\n@cli.command()\n"
                "@click.option('--no-telemetry', is_flag=True)\ndef upgrade_db(no_telemetry):\n    pass\n"
            ),
        },
    )
    app = inspect_project(tmp_path).apps[0]
    assert app.release is not None and (app.release.argv, app.release.source) == (
        ("zou", "upgrade-db"),
        "zou/cli.py",
    )
    assert app.schema_maker is None
    report = advise({"host_os": "linux", "database": "postgres"}, folder=tmp_path).report("en")
    assert "commits no `migrations/` folder" not in report and "as it starts" not in report


def test_an_extension_the_migrations_use_is_created_in_the_apps_database(tmp_path: Path) -> None:
    """typescript-clean-architecture's migrations default their ids to uuid_generate_v1mc();
    the project's own database image creates uuid-ossp, advisor's plain postgres did not
    ("function uuid_generate_v1mc() does not exist"). The init script creates it, as the
    superuser, in the app's database; nothing is added for an app that uses none."""
    write_tree(
        tmp_path,
        {
            "package.json": json.dumps({"name": "a", "dependencies": {"pg": "8", "typeorm": "0.3"}}),
            "src/main.ts": "bootstrap();\n",
            "src/migration/1594770165389-CreatePostTable.ts": (
                'await queryRunner.query(`CREATE TABLE "post" ("id" UUID DEFAULT uuid_generate_v1mc())`);\n'
            ),
        },
    )
    assert inspect_project(tmp_path).apps[0].pg_extensions == ("uuid-ossp",)
    compose = _compose(advise({"host_os": "linux", "database": "postgres"}, folder=tmp_path))
    assert '\nCREATE EXTENSION IF NOT EXISTS "uuid-ossp";\n' in compose["configs"]["db-app-user"]["content"]
    (tmp_path / "src/migration/1594770165389-CreatePostTable.ts").write_text(
        "CREATE TABLE post (id serial);\n"
    )
    compose = _compose(advise({"host_os": "linux", "database": "postgres"}, folder=tmp_path))
    assert "EXTENSION" not in compose["configs"]["db-app-user"]["content"]


def test_a_flask_app_in_a_src_layout_is_found_from_src(tmp_path: Path) -> None:
    """cosmicpython's code: the package lives in src/allocation (src/setup.py, src is no
    package); `flask --app allocation.entrypoints.flask_app:app` from /app could not import
    it. flask finds the package's root from the module's file; gunicorn is told to look in
    src/."""
    write_tree(
        tmp_path,
        {
            "requirements.txt": "flask\nsqlalchemy\npsycopg2-binary\n",
            "src/setup.py": "from setuptools import setup\nsetup(name='allocation')\n",
            "src/allocation/__init__.py": "",
            "src/allocation/entrypoints/__init__.py": "",
            "src/allocation/entrypoints/flask_app.py": "from flask import Flask\n\napp = Flask(__name__)\n",
        },
    )
    start = inspect_project(tmp_path).apps[0].start
    assert start is not None and start.argv[:3] == (
        "flask",
        "--app",
        "src/allocation/entrypoints/flask_app.py:app",
    )
    (tmp_path / "requirements.txt").write_text("flask\ngunicorn\n")
    start = inspect_project(tmp_path).apps[0].start
    assert start is not None
    assert start.argv[:4] == ("gunicorn", "--pythonpath", "src", "allocation.entrypoints.flask_app:app")


def test_the_projects_own_published_image_under_its_folders_name_is_the_app(tmp_path: Path) -> None:
    """Jellystat: its package is named jfstat, its compose file runs cyfershepard/jellystat
    (the app's own published image); the report told the person to add it as another service."""
    folder = tmp_path / "Jellystat"
    write_tree(
        folder,
        {
            "package.json": json.dumps({"name": "jfstat", "scripts": {"start": "node server.js"}}),
            "server.js": "require('pg');\n",
            "docker-compose.yml": (
                "services:\n  jellystat:\n    image: cyfershepard/jellystat:latest\n"
                "  search:\n    image: getmeili/meilisearch:v1.11\n"
            ),
        },
    )
    report = advise({"host_os": "linux", "database": "postgres"}, folder=folder).report("en")
    assert "`cyfershepard/jellystat:latest`" not in report and "`getmeili/meilisearch:v1.11`" in report


def test_a_migrate_script_gets_the_word_its_readme_runs_it_with(tmp_path: Path) -> None:
    """HugoDF's express-postgres-starter: `"migrate": "node ./bin/migrate.js"` takes its
    direction from argv, and the README says `npm run migrate up`; the migrate service ran
    `npm run migrate` and stopped on "set[command] is not a function"."""
    write_tree(
        tmp_path,
        {
            "package.json": json.dumps(
                {
                    "name": "starter",
                    "scripts": {"start": "node ./bin/start.js", "migrate": "node ./bin/migrate.js"},
                    "dependencies": {"pg": "8", "express": "4"},
                }
            ),
            "package-lock.json": '{"lockfileVersion": 3, "packages": {}}',
            "bin/start.js": "require('express')().listen(process.env.PORT || 3000);\n",
            "bin/migrate.js": "const [command] = process.argv.slice(2);\nset[command]();\n",
            "README.md": "## Migrations\n\n```sh\nnpm run migrate up\n```\n",
        },
    )
    release = inspect_project(tmp_path).apps[0].release
    assert release is not None and release.argv == ("npm", "run", "migrate", "up")


def test_django_gets_its_cache_table_and_runs_manage_pys_settings_in_development(tmp_path: Path) -> None:
    """wagtail's news-template: CACHES uses the DatabaseCache (its own release runs
    createcachetable: /admin/ answered 500 "relation database_cache does not exist"), and
    wsgi.py defaults to settings.production (an HTTPS redirect) while manage.py, which the
    migrate step runs, defaults to settings.dev. Development runs manage.py's; production
    keeps its own."""
    write_tree(
        tmp_path,
        {
            "requirements.txt": "Django==5.2.8\ngunicorn==23.0.0\ndj-database-url==2.3.0\n",
            "manage.py": "import os\nos.environ.setdefault('DJANGO_SETTINGS_MODULE', 'site1.settings.dev')\n",
            "site1/__init__.py": "",
            "site1/wsgi.py": (
                "import os\nos.environ.setdefault('DJANGO_SETTINGS_MODULE', 'site1.settings.production')\n"
            ),
            "site1/settings/__init__.py": "",
            "site1/settings/base.py": (
                "WSGI_APPLICATION = 'site1.wsgi.application'\nCACHES = {\n    'default': {\n"
                "        'BACKEND': 'django.core.cache.backends.db.DatabaseCache',\n"
                "        'LOCATION': 'database_cache',\n    }\n}\n"
            ),
            "site1/settings/dev.py": "from .base import *\nDEBUG = True\n",
            "site1/settings/production.py": "from .base import *\nSECURE_SSL_REDIRECT = True\n",
        },
    )
    app = inspect_project(tmp_path).apps[0]
    assert app.release is not None
    assert app.release.argv == (
        "sh",
        "-c",
        "python manage.py migrate --noinput && python manage.py createcachetable",
    )
    dev = _compose(advise({"host_os": "linux", "database": "postgres"}, folder=tmp_path))
    assert dev["services"]["app"]["environment"]["DJANGO_SETTINGS_MODULE"] == "site1.settings.dev"
    prod = advise({"host_os": "linux", "database": "postgres", "environment": "production"}, folder=tmp_path)
    assert {v.name: v.parts for v in prod.setup.app_env}["DJANGO_SETTINGS_MODULE"] == (
        "site1.settings.production",
    )


def test_a_listen_port_with_the_apps_prefix_and_a_sequelize_cli_migrate_script(tmp_path: Path) -> None:
    """AkshayGadekar's Node-Express-Sequelize-Boilerplate: `process.env.NODE_SERVER_PORT ||
    3000` with NODE_SERVER_PORT=5000 in its example (the app listened on 5000, the healthcheck
    on 3000), and `"migrate": "npx sequelize-cli db:migrate"` (the report said no migrate
    script). A mail server's port is not the app's."""
    write_tree(
        tmp_path,
        {
            "package.json": json.dumps(
                {
                    "name": "b",
                    "scripts": {"start": "node dist/index.js", "migrate": "npx sequelize-cli db:migrate"},
                    "dependencies": {"express": "4", "mysql2": "3", "sequelize": "6"},
                    "devDependencies": {"sequelize-cli": "6"},
                }
            ),
            "src/index.ts": (
                "const port = process.env.NODE_SERVER_PORT || 3000;\n"
                "const mail = process.env.MAIL_SERVER_PORT;\napp.listen(port);\n"
            ),
            ".env.example": "NODE_SERVER_PORT=5000\nMAIL_SERVER_PORT=587\n",
        },
    )
    advice = advise({"host_os": "linux", "database": "mysql"}, folder=tmp_path)
    env = _compose(advice)["services"]["app"]["environment"]
    assert (
        env["NODE_SERVER_PORT"] == str(advice.answers.app_port)
        and env.get("MAIL_SERVER_PORT") != env["NODE_SERVER_PORT"]
    )
    assert advice.setup.build.release == ("npm", "run", "migrate")


def test_the_projects_dockerfile_outranks_a_stale_runtime_txt_and_a_cli_module_makes_no_tables(
    tmp_path: Path,
) -> None:
    """django-job-portal: runtime.txt says python-3.8.10 (Heroku's, left behind) while the
    project's Dockerfile builds FROM python:3.11-slim and Django 5.1 needs 3.10: the image's
    pip failed. privacyidea's create_all lives in its pi-manage CLI (cli/pimanage/), which the
    report took for the app making its tables at start."""
    write_tree(
        tmp_path,
        {
            "requirements.txt": "Django==5.1.2\ngunicorn==23.0.0\n",
            "runtime.txt": "python-3.8.10\n",
            "Dockerfile": "FROM python:3.11-slim\nCOPY . .\n",
            "app.py": "from flask import Flask\napp = Flask(__name__)\n",
            "pkg/cli/pimanage/pi_config.py": "def create_tables():\n    db.metadata.create_all(db.engine)\n",
        },
    )
    app = inspect_project(tmp_path).apps[0]
    assert app.runtime is not None and (app.runtime.image_tag, app.runtime.source) == ("3.11", "Dockerfile")
    assert app.schema_maker is None


def test_a_migration_cli_run_under_its_program_name_keeps_its_dev_package(tmp_path: Path) -> None:
    """node-ddd-boilerplate: `"migrate": "sequelize db:migrate"` runs the program `sequelize`,
    which the dev dependency sequelize-cli ships: the prune removed it ("sequelize: not found")."""
    write_tree(
        tmp_path,
        {
            "package.json": json.dumps(
                {
                    "name": "ddd",
                    "scripts": {"start": "node src/index.js", "migrate": "sequelize db:migrate"},
                    "dependencies": {"pg": "8", "sequelize": "6"},
                    "devDependencies": {"sequelize-cli": "6"},
                }
            ),
            "package-lock.json": '{"lockfileVersion": 3, "packages": {}}',
            "src/index.js": "require('pg');\n",
        },
    )
    build = advise({"host_os": "linux", "database": "postgres"}, folder=tmp_path).setup.build
    assert build.release == ("npm", "run", "migrate") and build.release_tools == ("sequelize-cli",)
    assert "npm prune" not in render_dockerfile(
        advise({"host_os": "linux", "database": "postgres"}, folder=tmp_path).setup
    )


def test_node_mikro_orm_drivers_migrations_run_by_a_switch_and_a_nodemon_only_start(tmp_path: Path) -> None:
    """mikro-orm's nestjs-example-app depends on @mikro-orm/mysql (advisor wrote no database);
    ohmyform's `migrationsRun: configService.get('DATABASE_MIGRATE')` migrates at start;
    tgiardina's realworld app starts with a bare `nodemon` (its settings in a file of its
    own), which became `CMD ["node"]`: its main src/index.ts, built by tsc, is dist/index.js."""
    write_tree(
        tmp_path,
        {
            "package.json": json.dumps(
                {
                    "name": "rw",
                    "main": "src/index.ts",
                    "scripts": {"build": "tsc", "start": "nodemon"},
                    "dependencies": {"@mikro-orm/core": "6", "@mikro-orm/mysql": "6", "typeorm": "0.3"},
                    "devDependencies": {"nodemon": "3", "typescript": "5"},
                }
            ),
            "tsconfig.json": '{"compilerOptions": {"outDir": "./dist"}}',
            "src/index.ts": "bootstrap();\n",
            "src/app.imports.ts": (
                "TypeOrmModule.forRootAsync({ useFactory: (configService) => ({\n"
                "  migrationsRun: configService.get<boolean>('DATABASE_MIGRATE'),\n}) })\n"
            ),
        },
    )
    app = inspect_project(tmp_path).apps[0]
    assert [d.kind for d in app.databases] == ["mysql"]
    assert app.schema_maker is not None and app.schema_maker.value == "TypeORM migrationsRun"
    assert app.start is not None and app.start.argv == ("node", "dist/index.js")


def test_a_manage_py_that_only_mentions_django_in_prose_is_not_djangos(tmp_path: Path) -> None:
    """shopyo's own click CLI, shopyo/manage.py, says it "allows using cli commands similar to
    Django": advisor took shopyo/ for a Django project and ran the Flask app from it."""
    write_tree(
        tmp_path,
        {
            "requirements.txt": "flask\nflask-sqlalchemy\n",
            "shopyo/__init__.py": "",
            "shopyo/manage.py": '"""\ndescription: cli commands similar to Django.\n"""\nimport click\n',
            "shopyo/app.py": "from flask import Flask\n\ndef create_app(config_name='dev'):\n    ...\n",
        },
    )
    app = inspect_project(tmp_path).apps[0]
    assert app.django_root == "" and app.start is not None
    assert app.start.argv[:3] == ("flask", "--app", "shopyo.app:create_app()")


def test_a_package_with_no_start_script_and_no_main_starts_its_one_program(tmp_path: Path) -> None:
    """illright's realworld-hono-drizzle: no start script, no main, `"bin": "./dist/cli.cjs"`
    built from src/cli.ts; the image ran the convention's `node index.js`."""
    write_tree(
        tmp_path,
        {
            "package.json": json.dumps(
                {"name": "rw", "bin": "./dist/cli.cjs", "scripts": {"build": "tsup src/cli.ts"}}
            ),
            "src/cli.ts": "serve({ fetch: app.fetch, port: 3000 });\n",
        },
    )
    start = inspect_project(tmp_path).apps[0].start
    assert start is not None and (start.argv, start.detail) == (("node", "dist/cli.cjs"), "bin")


def test_an_sqlite_url_in_the_apps_config_file_is_linked_into_the_data_volume(tmp_path: Path) -> None:
    """ets-labs' fastapi-sqlalchemy example: config.yml's `url: "sqlite:///./webapp.db"`,
    which advisor did not see: the app, as uid 10001 in a root-owned /app, stopped on "unable
    to open database file"."""
    write_tree(
        tmp_path,
        {
            "requirements.txt": "fastapi\nuvicorn\nsqlalchemy\ndependency-injector\n",
            "config.yml": 'db:\n  url: "sqlite:///./webapp.db"\n',
            "webapp/__init__.py": "",
            "webapp/application.py": "from fastapi import FastAPI\n\napp = FastAPI()\n",
        },
    )
    advice = advise({"host_os": "linux"}, folder=tmp_path)
    assert advice.setup.build.sqlite_links == (("webapp.db", "data/webapp.db", "config.yml"),)
    assert "ln -sfn /app/data/webapp.db webapp.db" in render_dockerfile(advice.setup)


def test_a_database_name_the_connection_writes_out_is_the_one_the_db_container_creates(
    tmp_path: Path,
) -> None:
    """The connection takes its host, user and password from the environment but names its
    database itself (Django's 'NAME': 'blogdb'; a Node Pool's `database: 'blogdb'`, or one
    chosen by NODE_ENV with the test suite's beside it): the db container creates that
    database, or the app stops on "database blogdb does not exist". The report says where from."""
    django = write_tree(
        tmp_path / "django",
        {
            "requirements.txt": "Django==5.2\npsycopg2-binary==2.9.10\ngunicorn==23.0.0\n",
            "manage.py": "import os\nos.environ.setdefault('DJANGO_SETTINGS_MODULE', 'site1.settings')\n",
            "site1/__init__.py": "",
            "site1/wsgi.py": "application = None\n",
            "site1/settings.py": (
                "import os\nDATABASES = {\n    'default': {\n"
                "        'ENGINE': 'django.db.backends.postgresql',\n        'NAME': 'blogdb',\n"
                "        'USER': os.environ.get('DB_USER', 'postgres'),\n"
                "        'HOST': os.environ.get('DB_HOST', 'localhost'),\n    }\n}\n"
            ),
        },
    )
    advice = advise({"host_os": "linux", "database": "postgres"}, folder=django)
    assert advice.setup.database is not None and advice.setup.database.name == "blogdb"
    assert "\nPOSTGRES_DB=blogdb\n" in advice.files("en")[".env"]
    assert "`site1/settings.py` names the app's database itself, `blogdb`" in advice.report("en")
    assert "데이터베이스 이름 `blogdb` 값을 직접 적습니다" in advice.report("ko")
    node = write_tree(
        tmp_path / "node",
        {
            "package.json": json.dumps({"name": "api", "main": "server.js", "dependencies": {"pg": "8"}}),
            "server.js": (
                "const { Pool } = require('pg');\nconst pool = new Pool({\n  host: process.env.PGHOST,\n"
                "  user: process.env.PGUSER,\n  password: process.env.PGPASSWORD,\n"
                "  database: process.env.NODE_ENV === 'test' ? 'shop_test' : 'shop',\n});\n"
            ),
        },
    )
    node_db = advise({"host_os": "linux", "database": "postgres"}, folder=node).setup.database
    assert node_db is not None and node_db.name == "shop"
    # two different names (one per module): no claim, the project's name as before
    (node / "other.js").write_text("const c = { host: process.env.H, database: 'other' };\n")
    again = advise({"host_os": "linux", "database": "postgres"}, folder=node).setup.database
    assert again is not None and again.name == "api"  # package.json's name


def _mirror_lock(host: str) -> str:
    packages = {
        "": {"name": "shop", "dependencies": {"express": "^4.21.2"}},
        "node_modules/express": {
            "version": "4.21.2",
            "resolved": f"https://{host}/express/-/express-4.21.2.tgz",
            "integrity": "sha512-x",
        },
        "node_modules/@types/node": {
            "version": "22.0.0",
            "resolved": f"https://{host}/@types/node/-/node-22.0.0.tgz",
            "integrity": "sha512-y",
        },
    }
    return json.dumps({"name": "shop", "lockfileVersion": 3, "packages": packages})


@pytest.mark.parametrize(
    ("host", "npmrc", "flagged"),
    [
        ("registry.npm.taobao.org", None, True),
        ("registry.npm.taobao.org", "registry=https://registry.npm.taobao.org/\n", False),
        ("registry.npmjs.org", None, False),
    ],
)
def test_a_lockfile_made_against_a_mirror_installs_from_npms_registry(
    tmp_path: Path, host: str, npmrc: str | None, flagged: bool
) -> None:
    """package-lock.json records every tarball at registry.npm.taobao.org (a mirror long gone;
    npm only swaps registry.npmjs.org for the configured registry): `npm ci` stopped on
    ENOTFOUND. The image installs with --replace-registry-host=always, and the report says
    why, in Korean too; not when the project's .npmrc names that registry, nor for npm's own."""
    files = {
        "package.json": json.dumps(
            {"name": "shop", "main": "server.js", "dependencies": {"express": "^4.21.2"}}
        ),
        "package-lock.json": _mirror_lock(host),
        "server.js": "require('express')().listen(process.env.PORT || 3000);\n",
    }
    if npmrc is not None:
        files[".npmrc"] = npmrc
    advice = advise({"host_os": "linux"}, folder=write_tree(tmp_path / "shop", files))
    dockerfile = advice.files("en")["Dockerfile"]
    assert ("npm ci --replace-registry-host=always" in dockerfile) is flagged
    assert ("records every package at `registry.npm.taobao.org`" in advice.report("en")) is flagged
    assert ("`registry.npm.taobao.org` 주소로 기록하고" in advice.report("ko")) is flagged


_SEQUELIZE_CONFIG = """require('dotenv').config();

module.exports = {
  "development": {
      "username": process.env.POSTGRES_USERNAME,
      "password": process.env.POSTGRES_PASSWORD,
      "database": process.env.POSTGRES_DATABASE,
      "host": process.env.POSTGRES_HOST,
      "dialect": "postgres"
  },
  "test": {
      "username": "root",
      "password": null,
      "database": "database_test",
      "host": "127.0.0.1",
      "dialect": "postgres"
  },
  "production": {
      "username": "root",
      "password": null,
      "database": "database_production",
      "host": "127.0.0.1",
      "dialect": "postgres"
  }
};
"""


def test_sequelize_inits_untouched_production_section_runs_development_or_is_reported(tmp_path: Path) -> None:
    """medialist: config/config.js's `development` reads POSTGRES_* from the environment, its
    `production` is `sequelize init`'s template (root@127.0.0.1): with the image's
    NODE_ENV=production the app and sequelize-cli's migrations reached no database. In
    development they get NODE_ENV=development; in production the report says what to change."""
    files = {
        "package.json": json.dumps(
            {
                "name": "medialist",
                "scripts": {"start": "node ./bin/www"},
                "dependencies": {"express": "4", "pg": "8", "sequelize": "6", "sequelize-cli": "6"},
            }
        ),
        "bin/www": "const app = require('../app');\napp.listen(process.env.PORT || 3000);\n",
        "app.js": "const express = require('express');\nmodule.exports = express();\n",
        "config/config.js": _SEQUELIZE_CONFIG,
        "migrations/20200101-create-item.js": "module.exports = { up() {}, down() {} };\n",
    }
    dev = advise({"host_os": "linux", "database": "postgres"}, folder=write_tree(tmp_path / "dev", files))
    app = _compose(dev)["services"]["app"]["environment"]
    assert app["NODE_ENV"] == "development" and app["POSTGRES_HOST"] == "db"
    assert (
        "`config/config.js`'s `production` section, which the image's `NODE_ENV=production` would pick"
        in (dev.report("en"))
    )
    assert "`config/config.js` 파일의 `production` 섹션은" in dev.report("ko")
    prod = advise(
        {"host_os": "linux", "database": "postgres", "environment": "production"},
        folder=write_tree(tmp_path / "prod", files),
    )
    assert "NODE_ENV" not in _compose(prod)["services"]["app"].get("environment", {})
    assert "connects to `127.0.0.1` with settings written out" in prod.report("en")
    # a production section that reads the environment too: nothing to change
    fixed = _SEQUELIZE_CONFIG.replace('"host": "127.0.0.1",\n      "dialect": "postgres"\n  }\n};', "")
    good = {**files, "config/config.js": fixed.rstrip() + '"host": process.env.POSTGRES_HOST}\n};\n'}
    ok = advise({"host_os": "linux", "database": "postgres"}, folder=write_tree(tmp_path / "ok", good))
    assert "NODE_ENV" not in _compose(ok)["services"]["app"]["environment"]


def test_a_settings_file_the_projects_dockerfile_copies_into_place_is_copied(tmp_path: Path) -> None:
    """Wiki.js: dev/build/Dockerfile copies dev/build/config.yml to ./config.yml, which the app
    reads as it starts (`port: 3000`, the database as `$(DB_HOST)` placeholders); the
    repository has no config.yml. The image makes the same copy, the app's port is the file's,
    its placeholders are the app's variables (DB_* wired to the db service), and the database
    is the one the project's dev/containers compose file runs among its several drivers."""
    folder = write_tree(
        tmp_path / "wiki",
        {
            "package.json": json.dumps(
                {
                    "name": "wiki",
                    "scripts": {"start": "node server"},
                    "dependencies": {"pg": "8", "mysql2": "3", "sqlite3": "5", "knex": "3"},
                }
            ),
            "server/index.js": (
                "const fs = require('fs');\nconst yaml = require('js-yaml');\n"
                "const conf = yaml.load(fs.readFileSync('config.yml', 'utf8'));\n"
                "require('http').createServer().listen(conf.port || process.env.PORT || 80);\n"
            ),
            "dev/build/Dockerfile": (
                "FROM node:24-alpine\nWORKDIR /wiki\nCOPY ./server ./server\n"
                "COPY --chown=node:node ./dev/build/config.yml ./config.yml\n"
                "COPY ./package.json ./package.json\n"
                'CMD ["node", "server"]\n'
            ),
            "dev/build/config.yml": (
                "port: 3000\nbindIP: 0.0.0.0\ndb:\n  type: $(DB_TYPE)\n  host: '$(DB_HOST)'\n"
                "  port: $(DB_PORT)\n  user: '$(DB_USER)'\n  pass: '$(DB_PASS)'\n  db: $(DB_NAME)\n"
                "logLevel: $(LOG_LEVEL:info)\n"
            ),
            "dev/containers/docker-compose.yml": "services:\n  db:\n    image: postgres:17-alpine\n",
        },
    )
    advice = advise({"host_os": "linux"}, folder=folder)
    assert advice.answers.database == "postgres" and advice.answers.app_port == 3000
    dockerfile = advice.files("en")["Dockerfile"]
    assert "RUN cp -n dev/build/config.yml config.yml" in dockerfile
    app = _compose(advice)["services"]["app"]["environment"]
    assert app["DB_HOST"] == "db" and app["DB_TYPE"] == "postgres" and "DB_PASS" in app
    assert "LOG_LEVEL" not in app  # the file's own default


def test_a_connection_call_with_localhost_written_out_is_reported_whatever_else_reads_env(
    tmp_path: Path,
) -> None:
    """nestjs-docker-postgres-typeorm: src/app.module.ts's TypeOrmModule.forRoot({host:
    'localhost', password: 'password', ...}) makes the connection; src/config/index.ts reads
    POSTGRES_* for nothing that connects. The report says the call must take them from the
    environment (it said nothing: some database variable was read)."""
    folder = write_tree(
        tmp_path / "api",
        {
            "package.json": json.dumps(
                {
                    "name": "api",
                    "scripts": {"start:prod": "node dist/main", "build": "nest build"},
                    "dependencies": {
                        "@nestjs/core": "10",
                        "@nestjs/typeorm": "10",
                        "typeorm": "0.3",
                        "pg": "8",
                    },
                }
            ),
            "src/main.ts": "async function bootstrap() { await app.listen(3000); }\nbootstrap();\n",
            "src/app.module.ts": (
                "@Module({ imports: [TypeOrmModule.forRoot({\n  type: 'postgres',\n  host: 'localhost',\n"
                "  port: 5432,\n  username: 'user',\n  password: 'password',\n  database: 'test',\n})] })\n"
                "export class AppModule {}\n"
            ),
            "src/config/index.ts": (
                "export default { pg_user: process.env.POSTGRES_USER,\n"
                "  pg_password: process.env.POSTGRES_PASSWORD };\n"
            ),
        },
    )
    advice = advise({"host_os": "linux", "database": "postgres"}, folder=folder)
    said = (
        "The app makes its database connection in its code with the settings written out (`src/app.module.ts`"
    )
    assert said in advice.report("en")
    assert "`src/app.module.ts`: 호스트 localhost와 비밀번호" in advice.report("ko")


@pytest.mark.parametrize(
    ("head", "made"),
    [
        ("import * as env from 'dotenv';\n", True),
        ("const env = require('dotenv');\n", True),
        # dotenv under its own name, and a missing file that is no error: the environment is enough
        ("import * as dotenv from 'dotenv';\n", True),
        ("import * as env from 'dotenv';\n// tolerant\n", False),
    ],
)
def test_a_dotenv_config_whose_destructured_error_is_thrown_gets_the_file(
    tmp_path: Path, head: str, made: bool
) -> None:
    """nestjs-docker-postgres-typeorm: `const { error } = env.config({ path: ... }); if (error)
    throw error;` (dotenv imported as `env`): without a .env file the app stops (ENOENT), so
    compose.yaml makes one from the app's environment."""
    name = "dotenv" if "as dotenv" in head else "env"
    check = "if (error) {\n  throw error;\n}\n" if made else "if (error) {\n  console.warn(error);\n}\n"
    write_tree(
        tmp_path,
        {
            "package.json": json.dumps({"name": "api", "main": "index.js", "dependencies": {"dotenv": "16"}}),
            "index.js": (
                f"{head}const {{ error }} = {name}.config({{ path: __dirname + '/.env' }});\n{check}"
                "require('http').createServer().listen(process.env.PORT || 3000);\n"
            ),
        },
    )
    advice = advise({"host_os": "linux", "database": "postgres"}, folder=tmp_path)
    data = yaml.safe_load(advice.files("en")["compose.yaml"])
    assert ("configs" in data["services"]["app"]) is made


@pytest.mark.parametrize(("environment", "node_env"), [("development", "develop"), ("production", "prod")])
def test_a_knexfile_whose_sections_have_the_projects_own_names_gets_that_node_env(
    tmp_path: Path, environment: str, node_env: str
) -> None:
    """kenyipp's realworld-nodejs: knexfile.ts has `test`, `ci`, `develop` and `prod` sections
    (its compose runs NODE_ENV=develop): the image's NODE_ENV=production picks none, and knex
    stopped on "Required configuration option 'client' is missing". Development runs `develop`,
    production `prod`, the project's own names."""
    files = {
        "package.json": json.dumps(
            {"name": "api", "main": "server.js", "dependencies": {"express": "4", "knex": "3", "mysql2": "3"}}
        ),
        "server.js": "require('express')().listen(process.env.PORT || 3000);\n",
        "knexfile.js": (
            "module.exports = {\n  test: {\n    client: 'better-sqlite3',\n  },\n"
            "  develop: {\n    client: 'mysql2',\n    connection: process.env.DATABASE_URL,\n  },\n"
            "  prod: {\n    client: 'mysql2',\n    connection: process.env.DATABASE_URL,\n  },\n};\n"
        ),
        "migrations/001_init.js": "exports.up = () => {};\n",
    }
    folder = write_tree(tmp_path / environment, files)
    advice = advise({"host_os": "linux", "database": "mysql", "environment": environment}, folder=folder)
    assert _compose(advice)["services"]["app"]["environment"]["NODE_ENV"] == node_env
    assert "has no `production` section" not in advice.report("en")
    assert f"get `NODE_ENV={node_env}`, the knexfile's own name" in advice.report("en")
    assert f"`NODE_ENV={node_env}` 값을 받습니다. knexfile 파일이 이 환경의 섹션에" in advice.report("ko")


def test_a_start_scripts_daemon_launcher_and_status_file_step_give_way_to_the_foreground_server(
    tmp_path: Path,
) -> None:
    """cnpmcore: `"start": "eggctl start --daemon && touch egg.status"` (the image ran
    `touch egg.status` and stopped); `start:foreground` runs the server in the foreground."""
    scripts = {"start": "eggctl start --daemon && touch egg.status", "start:foreground": "eggctl start"}
    folder = write_tree(
        tmp_path / "egg",
        {
            "package.json": json.dumps(
                {"name": "egg", "scripts": scripts, "dependencies": {"egg": "3", "egg-scripts": "3"}}
            ),
            "app/router.js": "module.exports = app => { app.router.get('/', () => 'ok'); };\n",
        },
    )
    start = advise({"host_os": "linux"}, folder=folder).answers.start_command or ""
    assert "touch" not in start and "--daemon" not in start and "eggctl" in start


def test_sql_engine_without_a_default_is_the_backend_and_sql_database_postgres_a_name(tmp_path: Path) -> None:
    """The testdriven.io Django-on-Docker layout: `'ENGINE': os.environ.get("SQL_ENGINE")` with
    no default ("'None' isn't an available database backend" when unset) is the backend module;
    the project's compose gives `SQL_DATABASE: postgres`, the name of its database (advisor's
    database is the project's: the app got "permission denied for schema public")."""
    folder = write_tree(
        tmp_path / "site",
        {
            "requirements.txt": "Django==5.1\ngunicorn\npsycopg2-binary\n",
            "manage.py": "import os\nos.environ.setdefault('DJANGO_SETTINGS_MODULE', 'site1.settings')\n",
            "site1/__init__.py": "",
            "site1/wsgi.py": "application = None\n",
            "site1/settings.py": (
                "import os\nDATABASES = {'default': {'ENGINE': os.environ.get('SQL_ENGINE'),\n"
                "    'NAME': os.environ.get('SQL_DATABASE'), 'USER': os.environ.get('SQL_USER'),\n"
                "    'HOST': os.environ.get('SQL_HOST')}}\n"
            ),
            "docker-compose.yml": (
                "services:\n  web:\n    build: .\n    environment:\n"
                "      SQL_ENGINE: django.db.backends.postgresql\n"
                "      SQL_DATABASE: postgres\n      SQL_HOST: db\n  db:\n    image: postgres:16\n"
            ),
        },
    )
    advice = advise({"host_os": "linux"}, folder=folder)
    env = _compose(advice)["services"]["app"]["environment"]
    assert env["SQL_ENGINE"] == "django.db.backends.postgresql"
    assert env["SQL_DATABASE"] == "${POSTGRES_DB:?set it in .env}" and env["SQL_HOST"] == "db"


def test_typeorm_02_takes_its_paths_from_the_projects_env_file(tmp_path: Path) -> None:
    """nest-typeorm-users: TypeORM 0.2 read with no options, no ormconfig, and the committed
    .env gives TYPEORM_ENTITIES and TYPEORM_MIGRATIONS=dist/migrations/*.js: without the latter
    `migration:run` found no migration and the app stopped on `relation "users" does not
    exist`. Those paths and switches are passed; the connection is still the db service's."""
    folder = _with_scripts(tmp_path)
    package = json.loads((folder / "package.json").read_text())
    package["dependencies"].update({"typeorm": "0.2.45", "@nestjs/typeorm": "^8.0.3", "pg": "^8"})
    (folder / "package.json").write_text(json.dumps(package))
    (folder / "src" / "app.module.ts").write_text("@Module({ imports: [TypeOrmModule.forRoot()] })\n")
    (folder / ".env").write_text(
        "TYPEORM_CONNECTION=postgres\nTYPEORM_HOST=localhost\nTYPEORM_PASSWORD=admin\n"
        "TYPEORM_ENTITIES=dist/**/*entity.js\nTYPEORM_MIGRATIONS=dist/migrations/*.js\nTYPEORM_MIGRATIONS_RUN=false\n"
    )
    env = _compose(advise({"host_os": "linux", "database": "postgres"}, folder=folder))["services"]["app"][
        "environment"
    ]
    assert (
        env["TYPEORM_MIGRATIONS"] == "dist/migrations/*.js"
        and env["TYPEORM_ENTITIES"] == "dist/**/*entity.js"
    )
    assert env["TYPEORM_HOST"] == "db" and env["TYPEORM_PASSWORD"].startswith("${POSTGRES_PASSWORD")


def test_a_required_feature_switch_is_off_and_the_backs_own_address_is_local(tmp_path: Path) -> None:
    """adocasts / memoire-app: the env schema requires STRIPE_CTA_ENABLED, BACK_URL and
    COOKIE_DOMAIN, and nothing gives them values (Compose stopped on each). In development the
    switch is off (`false`: no Stripe keys needed), the API's own address and cookie domain
    are this machine's; a key only the person can know (STRIPE_KEY) is still asked for."""
    folder = write_tree(
        tmp_path / "api",
        {
            "requirements.txt": "fastapi\nuvicorn\npydantic-settings\n",
            "app/__init__.py": "",
            "app/main.py": "from fastapi import FastAPI\n\napp = FastAPI()\n",
            "app/config.py": (
                "from pydantic_settings import BaseSettings\n\n\nclass Settings(BaseSettings):\n"
                "    STRIPE_CTA_ENABLED: bool\n    BACK_URL: str\n"
                "    COOKIE_DOMAIN: str\n    STRIPE_KEY: str\n"
            ),
        },
    )
    advice = advise({"host_os": "linux"}, folder=folder)
    env = {v.name: (v.role, v.value) for v in advice.setup.env}
    assert env["STRIPE_CTA_ENABLED"] == ("switch-off", "false")
    assert env["BACK_URL"][1].startswith("http://localhost:") and env["COOKIE_DOMAIN"][1] == "localhost"
    assert env["STRIPE_KEY"] == ("required-setting", "")
    assert "feature switches `STRIPE_CTA_ENABLED`" in advice.report("en")
    assert "기능 스위치 `STRIPE_CTA_ENABLED` 값을" in advice.report("ko")
    assert "\nSTRIPE_CTA_ENABLED=false\n" in advice.files("en")[".env"]
