"""The database's users and passwords (issue 11, item 13): the app connects as a user of its
own with rights on its database only, never as the image's administrator (PostgreSQL's image
would make it a superuser, MongoDB's the root user); the db container gets both passwords as
Compose secrets (files in /run/secrets read through the images' *_FILE variables) taken
from .env, never in its environment; the report says so in both languages, and the backup
commands work without a password in the environment.

The oracles are written apart from advisor: the official images' documented variables
(test_starter.SERVER_ENV), their server user (uid 999), and what a role may do in a real
PostgreSQL server when one is installed here.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import tempfile
from pathlib import Path
from typing import Any

import pytest
import yaml
from helpers import advise
from test_starter import (
    ADMIN_PASSWORDS,
    ADMIN_SECRET,
    APP_SECRET,
    PREFIXES,
    all_cases,
    env_values,
    interpolate,
    parsed_compose,
)

from advisor.render.steps import next_steps

SERVER_UID = "999"  # the postgres, mysql and mongodb users of the official images


def _db_cases() -> list[Any]:
    return [c for c in all_cases() if c.advice.value("database_placement") == "container"]


def _script(data: dict[str, Any]) -> tuple[str, str]:
    """(target, content) of the init script the db service gets through configs:."""
    (entry,) = data["services"]["db"]["configs"]
    return entry["target"], data["configs"][entry["source"]]["content"]


def test_the_db_container_gets_both_passwords_as_secret_files_taken_from_env() -> None:
    checked = 0
    for case in _db_cases():
        a = case.advice.answers
        text = case.files["compose.yaml"]
        data = parsed_compose(text)
        env = env_values(case.files[".env"])
        password_var = f"{PREFIXES[a.database]}_PASSWORD"
        # Compose takes each secret from .env: one place to set them.
        assert data["secrets"] == {
            ADMIN_SECRET: {"environment": ADMIN_PASSWORDS[a.database]},
            APP_SECRET: {"environment": password_var},
        }, case.label
        assert env[ADMIN_PASSWORDS[a.database]] and env[password_var], case.label
        db = data["services"]["db"]
        # Only the server's own user may read them (Compose honours uid/gid/mode for secrets
        # it copies in), written as the octal mode Compose's documentation uses.
        assert db["secrets"] == [
            {"source": name, "uid": SERVER_UID, "gid": SERVER_UID, "mode": 0o400}
            for name in (ADMIN_SECRET, APP_SECRET)
        ], case.label
        assert text.count("      mode: 0400\n") == 2, case.label
        # No password in the db container's environment: only the paths of the files.
        given = {var: interpolate(str(value), env) for var, value in db["environment"].items()}
        passwords = {env[ADMIN_PASSWORDS[a.database]], env[password_var]}
        assert not passwords & set(given.values()), case.label
        for var, value in given.items():
            if var.endswith("_FILE"):
                assert value in {f"/run/secrets/{ADMIN_SECRET}", f"/run/secrets/{APP_SECRET}"}
        # The user the db container creates has the password the app connects with.
        url = interpolate(str(data["services"]["app"]["environment"]["DATABASE_URL"]), env)
        assert f":{env[password_var]}@db:" in url, case.label
        assert "secrets" not in data["services"]["app"], case.label
        checked += 1
    assert checked > 100


def test_postgres_gives_the_app_a_role_of_its_own_that_owns_the_database() -> None:
    for case in _db_cases():
        if case.advice.answers.database != "postgres":
            continue
        data = parsed_compose(case.files["compose.yaml"])
        db = data["services"]["db"]
        env = env_values(case.files[".env"])
        # The image's superuser is postgres, not the app's user.
        assert db["environment"]["POSTGRES_USER"] == "postgres" != env["POSTGRES_USER"], case.label
        target, script = _script(data)
        assert target == "/docker-entrypoint-initdb.d/app-user.sql", case.label
        assert "\\getenv app_user APP_DB_USER" in script and "\\getenv app_db POSTGRES_DB" in script
        assert "`cat /run/secrets/db-app-password`" in script
        statements = [line for line in script.splitlines() if line and not line.startswith(("--", "\\"))]
        assert statements == [
            # a .env that names the administrator as the app's user: only the password
            """SELECT :'app_user' = current_user AS app_is_admin \\gset""",
            """ALTER ROLE :"app_user" PASSWORD :'app_password';""",
            """CREATE ROLE :"app_user" LOGIN PASSWORD :'app_password';""",
            """ALTER DATABASE :"app_db" OWNER TO :"app_user";""",
        ], case.label
        assert (
            script.count("\\if :app_is_admin\n") == script.count("\\else\n") == script.count("\\endif") == 1
        )
        assert "$" not in script, "Compose would interpolate it"


def test_mongodb_gives_the_app_a_read_write_user_of_its_own() -> None:
    node = shutil.which("node")
    scripts = set()
    for case in _db_cases():
        if case.advice.answers.database != "mongodb":
            continue
        data = parsed_compose(case.files["compose.yaml"])
        target, script = _script(data)
        assert target == "/docker-entrypoint-initdb.d/app-user.js", case.label
        assert "db.getSiblingDB('admin').createUser({" in script
        assert "user: process.env.APP_DB_USER," in script
        assert "fs.readFileSync('/run/secrets/db-app-password', 'utf8').trimEnd()" in script
        assert "roles: [{ role: 'readWrite', db: process.env.MONGO_INITDB_DATABASE }]" in script
        assert "root" not in re.sub(r"//.*", "", script), "the app's user must get no root role"
        assert "$" not in script, "Compose would interpolate it"
        scripts.add(script)
    assert len(scripts) == 1
    if node is not None:  # mongosh runs it; node checks its syntax
        done = subprocess.run([node, "--check", "-"], input=scripts.pop(), capture_output=True, text=True)
        assert done.returncode == 0, done.stderr


def test_mysql_and_mariadb_users_come_from_the_image_limited_to_their_database() -> None:
    for case in _db_cases():
        a = case.advice.answers
        if a.database not in ("mysql", "mariadb"):
            continue
        data = parsed_compose(case.files["compose.yaml"])
        # The images create MYSQL_USER / MARIADB_USER with GRANT ALL ON the database's tables.
        assert "configs" not in data and "configs" not in data["services"]["db"], case.label
        prefix = PREFIXES[a.database]
        assert data["services"]["db"]["environment"][f"{prefix}_USER"].startswith(f"${{{prefix}_USER:?")


@pytest.mark.skipif(
    not all(shutil.which(tool) for tool in ("initdb", "pg_ctl", "psql")), reason="no PostgreSQL installed"
)
def test_the_postgres_init_script_works_in_a_real_server() -> None:
    """The script as compose.yaml has it, run the way the image runs its init files (psql -f
    with ON_ERROR_STOP, as the superuser, in POSTGRES_DB): the app's role logs in, is no
    superuser, owns the database and can create a table in public (PostgreSQL 15+ lets only
    the owner), and cannot read the server's files."""
    _, script = _script(parsed_compose(_db_case("postgres").files["compose.yaml"]))
    # PostgreSQL refuses to run as root: then as nobody, in a folder of its own under /tmp.
    as_user = (
        ["setpriv", "--reuid=nobody", "--regid=nogroup", "--clear-groups", "--"] if os.geteuid() == 0 else []
    )
    with tempfile.TemporaryDirectory(prefix="advisor-pg-") as name:
        folder = Path(name)
        secret = folder / "db-app-password"
        secret.write_text("s3cret-app-password")
        (folder / "app-user.sql").write_text(script.replace("/run/secrets/db-app-password", str(secret)))
        if as_user:
            for path in (folder, secret, folder / "app-user.sql"):
                shutil.chown(path, "nobody")

        def run(
            *argv: str, env: dict[str, str] | None = None, ok: bool = True
        ) -> subprocess.CompletedProcess[str]:
            done = subprocess.run(
                [*as_user, *argv],
                capture_output=True,
                text=True,
                env={**os.environ, **(env or {})},
                timeout=120,
            )
            assert done.returncode == 0 or not ok, f"{argv}: {done.stdout}{done.stderr}"
            return done

        pgdata = str(folder / "data")
        run("initdb", "-D", pgdata, "--username=postgres", "--auth=trust")
        # -l: the server's output goes to a file, not to pipes this test would wait on.
        options = f"-c listen_addresses='' -k {folder}"
        run("pg_ctl", "-D", pgdata, "-l", str(folder / "log"), "-o", options, "-w", "start")
        try:
            psql = ["psql", "-h", str(folder), "-v", "ON_ERROR_STOP=1", "-X", "-tA"]
            run(*psql, "-U", "postgres", "-d", "postgres", "-c", "CREATE DATABASE shop")
            init = [*psql, "-U", "postgres", "-d", "shop", "-f", str(folder / "app-user.sql")]
            run(*init, env={"APP_DB_USER": "app", "POSTGRES_DB": "shop"})
            app = [*psql, "-U", "app", "-d", "shop", "-c"]
            assert run(*app, "SELECT rolsuper FROM pg_roles WHERE rolname = 'app'").stdout.strip() == "f"
            owner = run(*app, "SELECT pg_get_userbyid(datdba) FROM pg_database WHERE datname = 'shop'")
            assert owner.stdout.strip() == "app"
            run(*app, "CREATE TABLE items (id serial PRIMARY KEY)")
            denied = run(*app, "SELECT pg_read_file('PG_VERSION')", ok=False)
            assert denied.returncode != 0 and "permission denied" in denied.stderr
        finally:
            run("pg_ctl", "-D", pgdata, "-m", "fast", "-w", "stop")


def _db_case(database: str, environment: str = "development") -> Any:
    return next(
        c
        for c in _db_cases()
        if c.advice.answers.database == database and c.advice.answers.environment == environment
    )


def test_the_db_root_file_system_stays_writable_in_production_and_says_why() -> None:
    checked = 0
    for case in _db_cases():
        if case.advice.answers.environment != "production":
            continue
        text = case.files["compose.yaml"]
        db = parsed_compose(text)["services"]["db"]
        assert "read_only" not in db and "tmpfs" not in db, case.label
        lines = text.splitlines()
        reason = next(
            line for line in lines[lines.index("  db:") :] if "Root file system left writable" in line
        )
        assert "Compose copies the password files (secrets:)" in reason, case.label
        script = case.advice.answers.database in ("postgres", "mongodb")
        assert ("the init script (configs:)" in reason) == script, case.label
        checked += 1
    assert checked > 50


def test_the_report_says_which_user_the_app_connects_as_and_how_passwords_travel() -> None:
    expected = {
        "postgres": (
            "a role of its own that owns the database `demo`",
            "no superuser",
            "`POSTGRES_PASSWORD_FILE`",
        ),
        "mysql": ("rights on the database `demo` only (`GRANT ALL ON demo.*`)", "`MYSQL_ROOT_PASSWORD_FILE`"),
        "mariadb": (
            "rights on the database `demo` only",
            "`MARIADB_PASSWORD_FILE`, `MARIADB_ROOT_PASSWORD_FILE`",
        ),
        "mongodb": ("`readWrite` on the database `demo` only", "`MONGO_INITDB_ROOT_PASSWORD_FILE`"),
    }
    ko_expected = {
        "postgres": ("`demo` 데이터베이스를 소유", "슈퍼유저가 아니므로"),
        "mysql": ("`demo` 데이터베이스에 대한 권한만", "`MYSQL_ROOT_PASSWORD_FILE`"),
        "mariadb": ("`demo` 데이터베이스에 대한 권한만",),
        "mongodb": ("`readWrite` 권한만",),
    }
    for database, parts in expected.items():
        advice = advise(database=database, environment="production")
        assert advice.value("database_placement") == "container"
        en, ko = advice.report("en"), advice.report("ko")
        for part in parts:
            assert part in en, (database, part)
        assert "Compose secrets: files in `/run/secrets`" in en and "holds none" in en
        assert "keeps its own users and passwords" in en and "Docker Compose 2.23.1 or later" in en
        assert "earlier advisor" not in en, database  # no folder, no earlier files
        assert "a user of its own with rights on its database only" in en  # the security section
        for part in ko_expected[database]:
            assert part in ko, (database, part)
        assert "`/run/secrets` 안의 파일" in ko and "첫 시작 때에만" in ko
        assert "앱 전용 사용자로 데이터베이스에 접속합니다" in ko
    # A database the files do not run: the person creates the user, with rights on its database only.
    native = advise(database="postgres", environment="production", traffic="high")
    assert native.value("database_placement") == "native-install"
    assert "not as a superuser or root" in native.report(
        "en"
    ) and "슈퍼유저나 root가 아니라" in native.report("ko")
    example = native.files("en")[".env.example"]
    assert "CREATE ROLE app LOGIN PASSWORD" in example and "CREATE DATABASE demo OWNER app;" in example


def test_every_backup_command_uses_only_what_the_db_container_has() -> None:
    """Run in the db container (`docker compose exec db sh -c '...'`), each command may use only
    the variables compose.yaml gives it, and no password from its environment (there is none)."""
    checked = 0
    for case in _db_cases():
        if case.advice.answers.environment != "production":
            continue
        db = parsed_compose(case.files["compose.yaml"])["services"]["db"]
        for step_id, text in next_steps(case.advice.setup, "en"):
            if not step_id.startswith("backup-") or step_id == "backup-media":
                continue
            for command in re.findall(r"`(docker compose exec -T db sh -c '[^']*')", text):
                used = set(re.findall(r"\$([A-Z_]+)", command))
                assert used and used <= set(db["environment"]), (case.label, command)
                assert not {v for v in used if v.endswith("PASSWORD")}, (case.label, command)
                checked += 1
    assert checked > 50


@pytest.mark.parametrize("database", ["postgres", "mysql", "mariadb", "mongodb"])
def test_docker_compose_accepts_the_secrets_and_configs(database: str, tmp_path: Path) -> None:
    """`docker compose config` (when a Compose v2 binary is here: the e2e suite's) resolves the
    secrets from .env and the inline init script."""
    compose = shutil.which("docker-compose") or "/var/cache/advisor-e2e/compose-venv/bin/docker-compose"
    if not Path(compose).is_file():
        pytest.skip("no docker-compose binary")
    files = advise(database=database, environment="production").files("en")
    for name in ("compose.yaml", ".env", "Caddyfile"):
        (tmp_path / name).write_text(files[name])
    done = subprocess.run(
        [compose, "config", "--format", "json"], cwd=tmp_path, capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0, done.stderr
    resolved = yaml.safe_load(done.stdout)
    env = env_values(files[".env"])
    assert resolved["secrets"][APP_SECRET]["environment"] == f"{PREFIXES[database]}_PASSWORD"
    assert {s["source"] for s in resolved["services"]["db"]["secrets"]} == {ADMIN_SECRET, APP_SECRET}
    assert all(str(s["mode"]) == "0400" for s in resolved["services"]["db"]["secrets"])  # read as octal
    assert not {env[f"{PREFIXES[database]}_PASSWORD"], env[ADMIN_PASSWORDS[database]]} & set(
        resolved["services"]["db"]["environment"].values()
    )
    assert (database in ("postgres", "mongodb")) == ("configs" in resolved)


def test_only_a_folder_with_an_earlier_advisors_compose_gets_the_volume_note(tmp_path: Path) -> None:
    advice = advise(database="postgres", environment="production")
    fresh = tmp_path / "fresh"
    advice.write(fresh, lang="en")
    assert "earlier advisor" not in (fresh / "RECOMMENDATIONS.md").read_text()

    # An earlier advisor's compose.yaml: the app was the image's administrator (no init script).
    earlier = tmp_path / "earlier"
    earlier.mkdir()
    (earlier / "compose.yaml").write_text(
        "# compose.yaml for demo, written by advisor. Start everything with:\n"
        "services:\n  db:\n    image: postgres:18\n    environment:\n      POSTGRES_USER: app\n"
    )
    advice.write(earlier, lang="ko", force=True)
    report = (earlier / "RECOMMENDATIONS.md").read_text()
    assert "이전 advisor가 만든 것입니다" in report
    first_start = report.index("첫 시작 때에만")
    assert first_start < report.index("이전 advisor가 만든 것입니다")  # after what a first start does
    # The folder's compose.yaml now creates the app's user: a re-run drops the note.
    advice.write(earlier, lang="ko")
    assert "이전 advisor" not in (earlier / "RECOMMENDATIONS.md").read_text()
