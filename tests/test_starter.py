"""The starter files, checked statically over every decision-distinct set of answers.

Every language x database x cache x media x media_delivery x environment x traffic is
rendered once (host_os linux: the files do not depend on the host). The external tools
(hadolint, shellcheck, check-jsonschema) run once per distinct file content, batched into
one process call each.
"""

from __future__ import annotations

import hashlib
import itertools
import json
import re
import shlex
import shutil
import subprocess
import sys
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import pytest
import yaml
from helpers import EMPTY
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from advisor.answers import NAME_MAX, NAME_PATTERN, resolve_answers
from advisor.api import Advice, advise_answers, load_rules
from advisor.errors import UserError
from advisor.setup import ANSWERS, GITATTRIBUTES, GITIGNORE, REPORT

# The container files (not the report, the answers file nor the git files), as generate
# would write them into an empty folder.
_NOT_STARTER = (REPORT, ANSWERS, GITIGNORE, GITATTRIBUTES)


def render_starter_files(advice: Advice, secrets: dict[str, str] | None = None) -> dict[str, str]:
    return {k: v for k, v in advice.files("en", secrets).items() if k not in _NOT_STARTER}


def planned_files(advice: Advice) -> list[str]:
    return advice.setup.file_names()


def secret_names(advice: Advice) -> list[str]:
    return advice.setup.secret_names()


def credential_names(advice: Advice) -> list[str]:
    return advice.setup.credential_names()


def host_port(advice: Advice) -> int:
    return advice.setup.host_port


LANGUAGES = ("python", "node", "java", "go", "static", "other")
DATABASES = ("none", "postgres", "mysql", "mariadb", "mongodb")
CACHES = ("none", "redis")
MEDIA = ("none", "images", "video", "images-and-video")
ENVIRONMENTS = ("development", "production")
TRAFFIC = ("low", "medium", "high")

# The oracle, written independently of advisor.starter: image, data path the image really
# uses (postgres 18 moved it to /var/lib/postgresql), and the healthcheck tool in the image.
EXPECTED_DB = {
    "postgres": ("postgres:18", "/var/lib/postgresql", "pg_isready"),
    "mysql": ("mysql:8.4", "/var/lib/mysql", "mysqladmin"),
    "mariadb": ("mariadb:11", "/var/lib/mysql", "healthcheck.sh"),
    "mongodb": ("mongo:8", "/data/db", "mongosh"),
}
EXPECTED_SECRETS = {
    ("postgres", "container"): ["POSTGRES_PASSWORD", "POSTGRES_ADMIN_PASSWORD"],
    ("mysql", "container"): ["MYSQL_PASSWORD", "MYSQL_ROOT_PASSWORD"],
    ("mariadb", "container"): ["MARIADB_PASSWORD", "MARIADB_ROOT_PASSWORD"],
    ("mongodb", "container"): ["MONGO_PASSWORD", "MONGO_ROOT_PASSWORD"],
    ("postgres", "native-install"): ["POSTGRES_PASSWORD"],
    ("mysql", "native-install"): ["MYSQL_PASSWORD"],
    ("mariadb", "native-install"): ["MARIADB_PASSWORD"],
    ("mongodb", "native-install"): ["MONGO_PASSWORD"],
}
# The administrator's password (the superuser postgres, or root): only the db container's.
ADMIN_PASSWORDS = {
    "postgres": "POSTGRES_ADMIN_PASSWORD",
    "mysql": "MYSQL_ROOT_PASSWORD",
    "mariadb": "MARIADB_ROOT_PASSWORD",
    "mongodb": "MONGO_ROOT_PASSWORD",
}
ADMIN_VARS = set(ADMIN_PASSWORDS.values())
# The db container's environment as the official images document it, with where each value
# comes from: ("env", the .env variable), ("literal", the value) or ("file", the secret whose
# file the image reads, holding the .env variable's value). No password is ever a value.
APP_SECRET, ADMIN_SECRET = "db-app-password", "db-admin-password"
SERVER_ENV: dict[str, dict[str, tuple[str, str]]] = {
    "postgres": {
        "POSTGRES_USER": ("literal", "postgres"),  # the superuser; the app gets its own role
        "POSTGRES_PASSWORD_FILE": ("file", ADMIN_SECRET),
        "POSTGRES_DB": ("env", "POSTGRES_DB"),
        "APP_DB_USER": ("env", "POSTGRES_USER"),
    },
    "mysql": {
        "MYSQL_USER": ("env", "MYSQL_USER"),
        "MYSQL_PASSWORD_FILE": ("file", APP_SECRET),
        "MYSQL_DATABASE": ("env", "MYSQL_DATABASE"),
        "MYSQL_ROOT_PASSWORD_FILE": ("file", ADMIN_SECRET),
    },
    "mariadb": {
        "MARIADB_USER": ("env", "MARIADB_USER"),
        "MARIADB_PASSWORD_FILE": ("file", APP_SECRET),
        "MARIADB_DATABASE": ("env", "MARIADB_DATABASE"),
        "MARIADB_ROOT_PASSWORD_FILE": ("file", ADMIN_SECRET),
    },
    "mongodb": {
        "MONGO_INITDB_ROOT_USERNAME": ("literal", "root"),
        "MONGO_INITDB_ROOT_PASSWORD_FILE": ("file", ADMIN_SECRET),
        "MONGO_INITDB_DATABASE": ("env", "MONGO_DATABASE"),
        "APP_DB_USER": ("env", "MONGO_USER"),
    },
}
S3_VARS = (
    "S3_BUCKET",
    "S3_REGION",
    "S3_ENDPOINT",
    "CDN_BASE_URL",
    "S3_ACCESS_KEY_ID",
    "S3_SECRET_ACCESS_KEY",
)
ENV_LINE = re.compile(r"([A-Z][A-Z0-9_]*)=([A-Za-z0-9_.~:/@+=,%?&()-]*)")
# ${VAR}, ${VAR:?msg}, ${VAR:-default} ... but not $${VAR}, which compose leaves to the container.
REFERENCE = re.compile(r"(?<!\$)\$\{([A-Za-z_][A-Za-z0-9_]*)")
REQUIRED_REFERENCE = re.compile(r"(?<!\$)\$\{([A-Za-z_][A-Za-z0-9_]*):\?")
# Compose's interpolation, for the forms compose.yaml uses: ${VAR}, ${VAR:?msg}, ${VAR:-default}.
INTERPOLATION = re.compile(r"(?<!\$)\$\{([A-Za-z_][A-Za-z0-9_]*)(?::\?[^}]*|:-([^}]*))?\}")
# Oracle for the connection variables (written apart from advisor.starter).
SCHEMES = {"postgres": "postgresql", "mysql": "mysql", "mariadb": "mysql", "mongodb": "mongodb"}
JDBC = {"postgres": "postgresql", "mysql": "mysql", "mariadb": "mariadb"}
PREFIXES = {"postgres": "POSTGRES", "mysql": "MYSQL", "mariadb": "MARIADB", "mongodb": "MONGO"}
NAME_VARS = {
    "postgres": "POSTGRES_DB",
    "mysql": "MYSQL_DATABASE",
    "mariadb": "MARIADB_DATABASE",
    "mongodb": "MONGO_DATABASE",
}
PORTS = {"postgres": "5432", "mysql": "3306", "mariadb": "3306", "mongodb": "27017"}
CONNECTION_VARS = {
    "DATABASE_URL",
    "SPRING_DATASOURCE_URL",
    "SPRING_DATASOURCE_USERNAME",
    "SPRING_DATASOURCE_PASSWORD",
    "SPRING_DATA_MONGODB_URI",
    "SPRING_MONGODB_URI",
    "MYSQL_DSN",
}
CONTAINER_FILES = {
    "Dockerfile",
    ".dockerignore",
    "compose.yaml",
    "run.sh",
    "Caddyfile",
    ".env.example",
    ".env",
}


@dataclass(frozen=True)
class Case:
    raw: dict[str, Any]
    advice: Advice
    files: dict[str, str]

    @property
    def label(self) -> str:
        return ",".join(f"{k}={v}" for k, v in self.raw.items() if k not in ("project_name", "host_os"))


def _advice(raw: dict[str, Any]) -> Advice:
    return advise_answers(resolve_answers(raw, use_defaults=True, context=EMPTY), load_rules(None))


@cache
def all_cases() -> tuple[Case, ...]:
    """Every decision-distinct set of answers that affects the files, rendered with random secrets."""
    cases = []
    for language, database, cache_, media, environment, traffic in itertools.product(
        LANGUAGES, DATABASES, CACHES, MEDIA, ENVIRONMENTS, TRAFFIC
    ):
        for delivery in ("api", "direct") if media != "none" else (None,):
            raw: dict[str, Any] = {
                "project_name": "demo-app",
                "host_os": "linux",
                "language": language,
                "database": database,
                "cache": cache_,
                "media": media,
                "environment": environment,
                "traffic": traffic,
            }
            if delivery:
                raw["media_delivery"] = delivery
            advice = _advice(raw)
            cases.append(Case(raw, advice, render_starter_files(advice)))
    return tuple(cases)


def distinct(filename: str) -> dict[str, tuple[str, Case]]:
    """sha256 -> (content, one case that produced it), for one file name."""
    out: dict[str, tuple[str, Case]] = {}
    for case in all_cases():
        if filename in case.files:
            text = case.files[filename]
            out.setdefault(hashlib.sha256(text.encode()).hexdigest(), (text, case))
    return out


def tool(name: str) -> str:
    found = shutil.which(name) or shutil.which(name, path=str(Path(sys.executable).parent))
    if found is None:
        pytest.skip(f"{name} is not installed (pip install -e '.[test]')")
    return found


def write_all(folder: Path, filename: str, suffix: str = "") -> list[Path]:
    paths = []
    for digest, (text, _) in distinct(filename).items():
        path = folder / f"{filename.strip('.')}-{digest[:16]}{suffix}"
        path.write_text(text, encoding="utf-8")
        paths.append(path)
    assert paths, f"no {filename} was rendered"
    return paths


def env_values(text: str) -> dict[str, str]:
    """NAME -> value from an env file; every other line must be a comment or blank."""
    values: dict[str, str] = {}
    for line in text.splitlines():
        if not line or line.startswith("#"):
            continue
        match = ENV_LINE.fullmatch(line)
        assert match, f"not a plain NAME=value line: {line!r}"
        assert match[1] not in values, f"{match[1]} twice"
        values[match[1]] = match[2]
    return values


@cache
def parsed_compose(text: str) -> Any:
    return yaml.safe_load(text)


def interpolate(value: str, env: dict[str, str]) -> str:
    """A compose.yaml value as Docker Compose hands it to the container, reading .env."""

    def one(match: re.Match[str]) -> str:
        name, default = match[1], match[2]
        assert name in env, f"${{{name}}} is not in .env"
        return env[name] or (default or "")

    return INTERPOLATION.sub(one, value).replace("$$", "$")


def app_environment(case: Case) -> dict[str, str]:
    """What the app's process gets from compose.yaml or run.sh (Dockerfile ENV aside)."""
    env = env_values(case.files[".env"])
    if "run.sh" in case.files:
        return env
    app = parsed_compose(case.files["compose.yaml"])["services"]["app"]
    assert "env_file" not in app, case.label
    return {k: interpolate(str(v), env) for k, v in app.get("environment", {}).items()}


def expected_connection(case: Case) -> dict[str, str]:
    """The connection variables the app needs, with their values, from .env's parts."""
    a = case.advice.answers
    placement = case.advice.value("database_placement")
    if placement not in ("container", "native-install"):
        return {}
    env = env_values(case.files[".env"])
    prefix = PREFIXES[a.database]
    user, password, name = env[f"{prefix}_USER"], env[f"{prefix}_PASSWORD"], env[NAME_VARS[a.database]]
    host, port = (
        ("db", PORTS[a.database]) if placement == "container" else ("host.docker.internal", PORTS[a.database])
    )
    options = "?authSource=admin" if a.database == "mongodb" else ""
    if a.language == "go" and a.database == "postgres":
        options = "?sslmode=disable"  # lib/pq requires TLS unless told; the container has none
    url = f"{SCHEMES[a.database]}://{user}:{password}@{host}:{port}/{name}{options}"
    out = {"DATABASE_URL": url}
    if a.language == "java" and a.database == "mongodb":
        out |= {"SPRING_DATA_MONGODB_URI": url, "SPRING_MONGODB_URI": url}
    elif a.language == "java":
        out |= {
            "SPRING_DATASOURCE_URL": f"jdbc:{JDBC[a.database]}://{host}:{port}/{name}",
            "SPRING_DATASOURCE_USERNAME": user,
            "SPRING_DATASOURCE_PASSWORD": password,
        }
    elif a.language == "go" and a.database in ("mysql", "mariadb"):
        out["MYSQL_DSN"] = f"{user}:{password}@tcp({host}:{port})/{name}"
    return out


def expected_host_port(case: Case) -> int:
    a = case.advice.answers
    return a.app_port if a.environment == "production" or a.app_port >= 1024 else 8080


def doc_above(text: str, var: str) -> str:
    """The comment lines right above VAR=... in an env file, joined."""
    lines = text.splitlines()
    i = next(i for i, line in enumerate(lines) if line.startswith(f"{var}="))
    doc: list[str] = []
    while i > 0 and lines[i - 1].startswith("# ") and not lines[i - 1].startswith("# ----"):
        i -= 1
        doc.insert(0, lines[i][2:])
    return " ".join(doc)


# ------------------------------------------------------------------ which files


def test_the_enumeration_covers_every_decision_value() -> None:
    cases = all_cases()
    assert len(cases) == 6 * 5 * 2 * 7 * 2 * 3
    for key in ("orchestration", "database_placement", "media_storage", "media_packaging"):
        seen = {c.advice.value(key) for c in cases}
        values = set(cases[0].advice.decisions[key].values)
        # Containers throughout, so orchestration is never not-applicable; the rest reach every value.
        expected = values - {"not-applicable"} if key == "orchestration" else values
        assert seen == expected, key


def test_files_are_exactly_the_planned_container_files() -> None:
    for case in all_cases():
        planned = [
            f for f in planned_files(case.advice) if f not in (REPORT, ANSWERS, GITIGNORE, GITATTRIBUTES)
        ]
        assert list(case.files) == planned, case.label
        # the Kubernetes base (scaling: kubernetes) is checked in test_kubernetes.py
        assert {f for f in case.files if not f.startswith("deploy/kubernetes/")} <= CONTAINER_FILES
        k8s = [f for f in case.files if f.startswith("deploy/kubernetes/")]
        assert bool(k8s) == (case.advice.value("scaling") == "kubernetes"), case.label
        orchestration = case.advice.value("orchestration")
        assert ("compose.yaml" in case.files) == (orchestration == "compose"), case.label
        assert ("run.sh" in case.files) == (orchestration == "docker-run-script"), case.label
        production = case.advice.answers.environment == "production"
        assert ("Caddyfile" in case.files) == (production and orchestration == "compose"), case.label


def test_a_virtual_machine_gets_no_starter_files() -> None:
    advice = _advice(
        {"project_name": "lab", "host_os": "linux", "full_os_isolation": True, "database": "postgres"}
    )
    assert advice.value("runtime") == "virtual-machine"
    assert render_starter_files(advice) == {}
    assert secret_names(advice) == [] and credential_names(advice) == []


# ------------------------------------------------------------------ external tools, once per content


def test_every_dockerfile_passes_hadolint(tmp_path: Path) -> None:
    hadolint = tool("hadolint")
    paths = write_all(tmp_path, "Dockerfile")
    result = subprocess.run(
        [hadolint, "--no-color", "--failure-threshold", "info", *map(str, paths)],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    # And through stdin, as the issue runs it.
    sample = paths[0].read_text(encoding="utf-8")
    result = subprocess.run(
        [hadolint, "--failure-threshold", "info", "-"],
        input=sample,
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_every_compose_file_matches_the_compose_spec(tmp_path: Path) -> None:
    checker = tool("check-jsonschema")
    paths = write_all(tmp_path, "compose.yaml", ".yaml")
    result = subprocess.run(
        [checker, "--builtin-schema", "vendor.compose-spec", *map(str, paths)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_every_run_script_passes_shellcheck_and_sh_n(tmp_path: Path) -> None:
    shellcheck = tool("shellcheck")
    paths = write_all(tmp_path, "run.sh")
    result = subprocess.run(
        [shellcheck, "--shell=sh", "--severity=style", *map(str, paths)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    sh = shutil.which("sh")
    if sh is None:
        pytest.skip("no sh")
    for path in paths:
        result = subprocess.run([sh, "-n", str(path)], capture_output=True, text=True, check=False)
        assert result.returncode == 0, f"{path.name}: {result.stderr}"


# ------------------------------------------------------------------ compose.yaml


def test_compose_wires_the_services_the_decisions_ask_for() -> None:
    for case in all_cases():
        if "compose.yaml" not in case.files:
            continue
        a, advice = case.advice.answers, case.advice
        data = parsed_compose(case.files["compose.yaml"])
        assert "version" not in data
        assert set(data) <= {"name", "x-limits", "x-logging", "services", "volumes", "configs", "secrets"}
        assert ("x-limits" in data) == ("x-logging" in data) == (a.environment == "production")
        assert data["name"] == a.project_name
        services = data["services"]
        app = services["app"]
        assert app["build"] == {"context": "."}
        if a.environment == "production":
            # Only the reverse proxy publishes ports; it passes requests to the app's port.
            assert "ports" not in app
            assert services["proxy"]["ports"] == ["80:80", "443:443", "443:443/udp"]
            assert f"reverse_proxy app:{a.app_port}\n" in case.files["Caddyfile"]
            assert host_port(advice) == 443
        else:
            published = f"{expected_host_port(case)}:{a.app_port}"
            assert app["ports"] == [f"127.0.0.1:{published}"]
            assert host_port(advice) == expected_host_port(case)
        assert "env_file" not in app, f"{case.label}: the app would get every .env variable"
        environment = app.get("environment", {})
        depends = app.get("depends_on", {})
        volumes = data.get("volumes", {})

        placement = advice.value("database_placement")
        if placement == "container":
            image, path, check_tool = EXPECTED_DB[a.database]
            db = services["db"]
            assert db["image"] == image, case.label
            assert f"{a.database}-data:{path}" in db["volumes"], case.label
            assert f"{a.database}-data" in volumes
            assert depends["db"] == {"condition": "service_healthy"}, case.label
            assert check_tool in " ".join(db["healthcheck"]["test"]), case.label
            assert db["healthcheck"]["test"][0] in ("CMD", "CMD-SHELL")
            for var, value in db["environment"].items():
                source, expected = SERVER_ENV[a.database][var]
                if source == "env":
                    assert re.fullmatch(rf"\$\{{{expected}:\?[^}}]+\}}", value), f"{case.label}: {var}"
                else:
                    assert value == (f"/run/secrets/{expected}" if source == "file" else expected), case.label
            assert set(db["environment"]) == set(SERVER_ENV[a.database]), case.label
            assert "@db:" in environment["DATABASE_URL"]
            assert "extra_hosts" not in app
        else:
            assert "db" not in services and "db" not in depends, case.label
        if placement == "native-install":
            assert app["extra_hosts"] == ["host.docker.internal:host-gateway"], case.label
            assert "${DATABASE_HOST:?" in environment["DATABASE_URL"]
        if placement == "not-applicable":
            assert "DATABASE_URL" not in environment

        if a.cache == "redis":
            assert services["redis"]["image"] == "redis:8"
            assert "redis-cli" in services["redis"]["healthcheck"]["test"]
            assert depends["redis"] == {"condition": "service_healthy"}
            assert environment["REDIS_URL"].startswith("redis://redis:")
        else:
            assert "redis" not in services

        local_media = advice.value("media_storage") == "local-volume"
        assert ("media" in volumes) == local_media, case.label
        assert any(v.startswith("media:") for v in app.get("volumes", [])) == local_media, case.label

        for name, service in services.items():
            if name not in ("app", "proxy"):
                assert "ports" not in service, f"{case.label}: {name} publishes a port"
            if a.environment == "production":
                assert service.get("restart") == "unless-stopped", f"{case.label}: {name}"
            else:
                assert "restart" not in service


def test_production_publishes_no_database_or_cache_port() -> None:
    checked = 0
    for case in all_cases():
        if "compose.yaml" in case.files and case.advice.answers.environment == "production":
            services = parsed_compose(case.files["compose.yaml"])["services"]
            for name in set(services) - {"proxy"}:
                assert "ports" not in services[name] and "expose" not in services[name], case.label
                checked += 1
    assert checked > 0


# ------------------------------------------------------------------ run.sh


def test_run_script_runs_one_container_as_decided() -> None:
    for case in all_cases():
        if "run.sh" not in case.files:
            continue
        a, text = case.advice.answers, case.files["run.sh"]
        assert text.startswith("#!/bin/sh\n") and "\nset -eu\n" in text
        assert f"\nname={shlex.quote(a.project_name)}\n" in text
        # .env, filtered to exactly the variables this set-up documents in .env.example; a
        # set-up that passes no variable (a static site) has neither the file nor the flag.
        if ".env.example" in case.files:
            assert '--env-file "$env_file"' in text
            names = "|".join(env_values(case.files[".env.example"]))
            assert f"grep -E '^({names})=' .env \\\n    | sed -e " in text, case.label
            assert '\\1=\\2/" > "$env_file" || true\n' in text, case.label
        else:
            assert not case.advice.setup.env and "env_file" not in text, case.label
        published = f"{expected_host_port(case)}:{a.app_port}"
        assert f'--publish "{published}"' in text or f'--publish "127.0.0.1:{published}"' in text
        assert f"http://localhost:{expected_host_port(case)}/" in text
        assert ("--restart unless-stopped" in text) == (a.environment == "production"), case.label
        assert ("--add-host host.docker.internal:host-gateway" in text) == (
            case.advice.value("database_placement") == "native-install"
        ), case.label
        assert ('--volume "$name-media:' in text) == (case.advice.value("media_storage") == "local-volume")
        # Every expansion is quoted: no bare $name outside double quotes ("$(...)" aside,
        # whose inside shellcheck checks).
        for line in text.splitlines():
            if line.lstrip().startswith("#"):
                continue
            # ("$(...)" aside, whose inside shellcheck checks)
            assert "$" not in _unquoted(re.sub(r'"\$\([^)]*\)"', "", line)), f"unquoted expansion: {line!r}"


# ------------------------------------------------------------------ secrets and the env files


def test_env_files_define_and_document_every_variable_the_files_use() -> None:
    for case in all_cases():
        if ".env" not in case.files:
            continue
        env = env_values(case.files[".env"])
        example_text = case.files[".env.example"]
        example = env_values(example_text)
        assert list(env) == list(example), case.label
        lines = example_text.splitlines()
        for i, line in enumerate(lines):
            if line and not line.startswith("#"):
                assert lines[i - 1].startswith("# ") and not lines[i - 1].startswith("# ----"), (
                    f"{case.label}: {line} has no comment"
                )
        used, required = set(), set()
        for name in ("compose.yaml", "run.sh"):
            used |= set(REFERENCE.findall(case.files.get(name, "")))
            required |= set(REQUIRED_REFERENCE.findall(case.files.get(name, "")))
        for var in used:
            assert var in env, f"{case.label}: ${{{var}}} is not in .env"
        for var in required:
            # A required variable left empty stops `docker compose up`: only the S3 keys,
            # which the user fills in later, may start empty, and they are not required.
            assert env[var], f"{case.label}: {var} is required but empty in .env"


def test_no_secret_from_env_appears_in_any_other_file() -> None:
    for case in all_cases():
        if ".env" not in case.files:
            continue
        env = env_values(case.files[".env"])
        names = secret_names(case.advice)
        expected = EXPECTED_SECRETS.get(
            (case.advice.answers.database, case.advice.value("database_placement")), []
        )
        assert names == expected, case.label
        for name in names:
            assert len(env[name]) >= 32, f"{case.label}: {name} is weak"
        secrets_ = [env[n] for n in credential_names(case.advice) if env.get(n)]
        for filename, text in case.files.items():
            if filename in (".env",):
                continue
            for value in secrets_:
                assert value not in text, f"{case.label}: a secret from .env is in {filename}"


def test_object_storage_settings_exactly_when_decided() -> None:
    for case in all_cases():
        if ".env" not in case.files:
            continue
        env = env_values(case.files[".env"])
        cdn = case.advice.value("media_storage") == "cdn-object-storage"
        for var in S3_VARS:
            assert (var in env) == cdn, f"{case.label}: {var}"
        if cdn:
            assert re.fullmatch(r"[a-z0-9][a-z0-9-]{1,61}[a-z0-9]", env["S3_BUCKET"])


def test_native_database_gets_connection_settings_only() -> None:
    seen = 0
    for case in all_cases():
        if case.advice.value("database_placement") != "native-install":
            continue
        seen += 1
        env = env_values(case.files[".env"])
        assert env["DATABASE_HOST"] == "host.docker.internal"
        if "run.sh" in case.files:
            for var, value in expected_connection(case).items():
                assert env[var] == value, f"{case.label}: {var}"
        assert not set(env) & ADMIN_VARS, case.label
    assert seen > 0


def test_same_secrets_give_byte_identical_files() -> None:
    for case in all_cases()[::97]:
        given = {name: f"fixed-{name.lower()}-0123456789" for name in credential_names(case.advice)}
        first = render_starter_files(case.advice, given)
        assert first == render_starter_files(case.advice, dict(given))
        env = env_values(first.get(".env", ""))
        for name, value in given.items():
            assert env[name] == value
        fresh = render_starter_files(case.advice)
        assert {k: v for k, v in fresh.items() if k != ".env"} == {
            k: v for k, v in first.items() if k != ".env"
        }
        if secret_names(case.advice):
            assert fresh[".env"] != render_starter_files(case.advice)[".env"]


@pytest.mark.parametrize("value", ["", "has space in it", "dollar$sign1234", "quote'd12345", "new\nline1234"])
def test_unusable_secret_values_are_refused_by_name(value: str) -> None:
    """A value a connection URL or .env cannot hold (a short one is weak, not unusable: see
    test_generate's test of it)."""
    advice = _advice({"project_name": "demo", "host_os": "linux", "database": "postgres"})
    with pytest.raises(UserError, match="POSTGRES_PASSWORD"):
        render_starter_files(advice, {"POSTGRES_PASSWORD": value})


# ------------------------------------------------------------------ what the app gets


def test_the_app_never_gets_the_database_root_password() -> None:
    checked = 0
    for case in all_cases():
        if ".env" not in case.files:
            continue
        env = env_values(case.files[".env"])
        roots = set(env) & ADMIN_VARS
        if "run.sh" in case.files:
            # docker run --env-file hands the app all of .env: no root password may be there.
            assert not roots, case.label
            continue
        services = parsed_compose(case.files["compose.yaml"])["services"]
        app = services["app"]
        assert "env_file" not in app, case.label
        for key, value in app.get("environment", {}).items():
            assert "ROOT" not in key and "ROOT_PASSWORD" not in str(value), f"{case.label}: {key}"
        got = app_environment(case)
        for root in roots:
            assert env[root] not in got.values(), case.label
            # The db container reads it from a Compose secret taken from .env.
            secrets = parsed_compose(case.files["compose.yaml"])["secrets"]
            assert secrets[ADMIN_SECRET] == {"environment": root}, case.label
            checked += 1
    assert checked > 0


def test_the_app_gets_every_other_env_variable_and_its_connection_settings() -> None:
    """With no env_file, what the app needs must be listed: every .env variable but the
    root password, with .env's values, and the connection variables its language reads."""
    for case in all_cases():
        if ".env" not in case.files:
            continue
        env = env_values(case.files[".env"])
        got = app_environment(case)
        for var, value in env.items():
            if var not in ADMIN_VARS and var != "SITE_ADDRESS":  # the proxy's
                assert got.get(var) == value, f"{case.label}: {var}"
        expected = expected_connection(case)
        assert {k: v for k, v in got.items() if k in CONNECTION_VARS} == expected, case.label
        if case.advice.answers.cache == "redis":
            assert got["REDIS_URL"] == "redis://redis:6379/0"


def test_connection_variables_are_documented_in_env_example() -> None:
    for case in all_cases():
        if ".env.example" not in case.files:
            continue
        text = case.files[".env.example"]
        for var in expected_connection(case):
            assert f"{var}=" in text, f"{case.label}: {var} is not documented"
        a = case.advice.answers
        if a.language == "go" and "MYSQL_DSN" in expected_connection(case):
            assert "@tcp(" in text and "go-sql-driver/mysql" in text, case.label


def test_mongodb_documents_its_users_truthfully() -> None:
    seen = 0
    for case in all_cases():
        if case.advice.answers.database != "mongodb" or ".env.example" not in case.files:
            continue
        seen += 1
        text = case.files[".env.example"]
        name_doc = doc_above(text, "MONGO_DATABASE")
        assert "creates it on its first start" not in name_doc, case.label
        assert "DATABASE_URL" in name_doc or "first write" in name_doc, case.label
        user_doc = doc_above(text, "MONGO_USER")
        assert "authSource=admin" in user_doc and "readWrite" in user_doc, case.label
        if case.advice.value("database_placement") == "container":
            # The image's root user administers; the init script makes the app's own user.
            assert "root, the administrator, is not for the app" in user_doc, case.label
            assert "root" in doc_above(text, "MONGO_ROOT_PASSWORD"), case.label
            db = parsed_compose(case.files["compose.yaml"])["services"]["db"]
            assert db["environment"]["MONGO_INITDB_ROOT_USERNAME"] == "root"
            assert db["environment"]["MONGO_INITDB_DATABASE"].startswith("${MONGO_DATABASE:")
    assert seen > 0


def test_no_env_variable_overrides_the_dockerfile() -> None:
    """.env (env_file / --env-file) wins over the image's ENV: a variable in both would
    undo the Dockerfile, as NODE_ENV=development did with production-only dependencies."""
    for case in all_cases():
        if ".env" not in case.files:
            continue
        dockerfile = case.files["Dockerfile"]
        final = dockerfile.rsplit("\nFROM ", 1)[-1]
        image_env = set(re.findall(r"(?:ENV |^    )([A-Z][A-Z0-9_]*)=", final, re.MULTILINE))
        assert ("PORT" in image_env) == (case.advice.answers.language != "static"), case.label
        overlap = image_env & set(app_environment(case))
        assert not overlap, f"{case.label}: {overlap}"
        if case.advice.answers.language == "node":
            assert "NODE_ENV=production" in dockerfile
            assert "NODE_ENV=" not in case.files[".env"], case.label


def test_static_sites_publish_a_high_port_in_development() -> None:
    for environment, expected in (("development", 8080),):
        advice = _advice(
            {"project_name": "site", "host_os": "linux", "language": "static", "environment": environment}
        )
        assert advice.answers.app_port == 80
        assert host_port(advice) == expected
        files = render_starter_files(advice)
        launcher = files.get("compose.yaml") or files["run.sh"]
        assert f"http://localhost:{expected}/" in launcher
    high = _advice({"project_name": "site", "host_os": "linux", "language": "python", "app_port": 8000})
    assert host_port(high) == 8000


def test_production_compose_starts_detached() -> None:
    for text, case in distinct("compose.yaml").values():
        production = case.advice.answers.environment == "production"
        assert ("docker compose up --build -d\n" in text) == production, case.label
        assert "docker compose up --build" in text
    for text, case in distinct("Dockerfile").values():
        if case.advice.value("orchestration") == "compose":
            detached = "docker compose up --build -d`" in text
            assert detached == (case.advice.answers.environment == "production"), case.label


def test_env_header_says_advisor_keeps_it_out_of_git() -> None:
    for case in all_cases()[::41]:
        if ".env" in case.files:
            header = case.files[".env"].split("\n\n", 1)[0]
            assert "add .env to .gitignore" not in header
            assert "advisor lists it in .gitignore" in header


def test_dockerfile_port_settings_need_no_hand_edits() -> None:
    for text, case in distinct("Dockerfile").values():
        a = case.advice.answers
        if a.language == "java":
            # Spring Boot reads SERVER_PORT, not PORT.
            assert f"SERVER_PORT={a.app_port}" in text
        if a.language == "static":
            assert f"listen {a.app_port};" in text
            # The image's build moves default.conf to 8080; its entrypoint does not.
            assert "entrypoint rewrites" not in text


# ------------------------------------------------------------------ Dockerfile and .dockerignore


def test_dockerfiles_follow_docker_init_conventions() -> None:
    for text, case in distinct("Dockerfile").values():
        a = case.advice.answers
        lines = [ln for ln in text.splitlines() if ln and not ln.startswith("#")]
        assert text.startswith("# syntax=docker/dockerfile:1\n")
        froms = [ln.split()[1] for ln in lines if ln.startswith("FROM ")]
        stages = {ln.split()[3] for ln in lines if ln.startswith("FROM ") and len(ln.split()) == 4}
        first_from = next(i for i, ln in enumerate(lines) if ln.startswith("FROM "))
        assert any(re.fullmatch(r"ARG [A-Z]+_VERSION=[0-9.]+", ln) for ln in lines[:first_from]), a.language
        for image in set(froms) - stages:
            assert ":" in image and not image.endswith(":latest"), image
        assert (len(froms) >= 2) == (a.language in ("go", "java", "node")), a.language
        if a.language in ("python", "node", "java", "go"):
            assert "--mount=type=cache," in text, a.language
        users = [ln.split()[1] for ln in lines if ln.startswith("USER ")]
        assert users and users[-1].split(":")[0] not in ("root", "0"), a.language
        assert f"EXPOSE {a.app_port}" in lines
        cmd = [ln for ln in lines if ln.startswith("CMD ")][-1]
        assert isinstance(json.loads(cmd[4:]), list), cmd
        for ln in lines:
            if ln.lstrip().startswith("CMD [") and "HEALTHCHECK" not in ln:
                json.loads(ln.split("CMD", 1)[1])
        root = "/usr/share/nginx/html/media" if a.language == "static" else "/data/media"
        local_media = case.advice.value("media_storage") == "local-volume"
        assert (root in text) == local_media, a.language


@pytest.mark.parametrize(
    ("language", "entry"),
    [
        ("python", "__pycache__/"),
        ("node", "node_modules/"),
        ("java", "target/"),
        ("go", "bin/"),
        ("static", "node_modules/"),
        ("other", ".git"),
    ],
)
def test_dockerignore_keeps_secrets_and_build_output_out(language: str, entry: str) -> None:
    advice = _advice({"project_name": "demo", "host_os": "linux", "language": language})
    lines = render_starter_files(advice)[".dockerignore"].splitlines()
    assert ".env" in lines and ".git" in lines and entry in lines


# ------------------------------------------------------------------ names and ports from answers

YAML_TRAPS = ["0o17", "1e5", "0x1f", "123", "007", "true", "no", "on", "null", "y", "1_000", "nan", "inf"]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    name=st.one_of(
        st.sampled_from(YAML_TRAPS),
        st.from_regex(NAME_PATTERN, fullmatch=True).filter(lambda s: len(s) <= NAME_MAX),
    ),
    port=st.integers(min_value=1, max_value=65535),
    production=st.booleans(),
)
def test_project_names_and_ports_cannot_change_the_structure(name: str, port: int, production: bool) -> None:
    raw = {
        "project_name": name,
        "host_os": "linux",
        "app_port": port,
        "database": "postgres",
        "cache": "redis",
        "media": "images",
        "environment": "production" if production else "development",
    }
    files = render_starter_files(_advice(raw))
    text = files["compose.yaml"]
    data = yaml.safe_load(text)
    top = ["name", *(["x-limits", "x-logging"] if production else []), "services", "volumes", "configs"]
    assert list(data) == [*top, "secrets"]
    assert data["name"] == name and f'\nname: "{name}"\n' in text  # quoted: a string in YAML 1.1 and 1.2
    assert list(data["services"]) == ["app", "db", "redis", *(["proxy"] if production else [])]
    proxy_volumes = ["caddy-data", "caddy-config"] if production else []
    assert list(data["volumes"]) == ["postgres-data", "redis-data", "media", *proxy_volumes]
    if production:
        assert "ports" not in data["services"]["app"]
        assert f"reverse_proxy app:{port}\n" in files["Caddyfile"]
    else:
        published = f"{port if port >= 1024 else 8080}:{port}"
        assert data["services"]["app"]["ports"] == [f"127.0.0.1:{published}"]
    assert set(env_values(files[".env"])) == set(env_values(files[".env.example"]))

    single = render_starter_files(_advice({"project_name": name, "host_os": "linux", "app_port": port}))
    assert f"\nname={shlex.quote(name)}\n" in single["run.sh"]
    assert f"\nEXPOSE {port}\n" in single["Dockerfile"]


def test_the_mongodb_healthcheck_only_passes_against_the_real_server() -> None:
    """The image's first-start server (which creates the root user) listens on 127.0.0.1 only:
    a check through localhost could pass before the real server is up."""
    files = render_starter_files(_advice({"project_name": "m", "host_os": "linux", "database": "mongodb"}))
    test = yaml.safe_load(files["compose.yaml"])["services"]["db"]["healthcheck"]["test"]
    command = " ".join(test)
    assert test[0] == "CMD-SHELL" and '--host "$${HOSTNAME}"' in command
    assert "localhost" not in command and "127.0.0.1" not in command
    assert command.endswith("| grep -qx 1")  # the ping's answer, not only mongosh's exit status


def _unquoted(line: str) -> str:
    """The parts of a shell line outside quotes ('…' keeps a `$` literal; "…" quotes it)."""
    out, quote, escaped = [], "", False
    for ch in line:
        if escaped:
            escaped = False
        elif ch == "\\" and quote != "'":
            escaped = True
        elif quote:
            quote = "" if ch == quote else quote
        elif ch in "'\"":
            quote = ch
        else:
            out.append(ch)
    return "".join(out)
