"""The files `advisor generate` writes, built and started in a real Docker engine.

For each set of answers: generate the files for the fixture app, build, start
(`docker compose up --wait` or `sh run.sh`), then over HTTP on the published port: a
database round trip, a Redis round trip, an uploaded file stored in the media folder;
stop and start again and find the row and the file; check the app does not run as
root; `docker compose down -v` leaves nothing behind. Base images are local stand-ins
(see README.md in this folder).
"""

from __future__ import annotations

import json
import re
import shlex
import socket
import subprocess
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from e2ekit import (
    AnonymousVolumeLeak,
    Engine,
    Project,
    dockerfile_bases,
    free_port,
    generate,
    http,
    wait_http,
)

pytestmark = pytest.mark.e2e

UP_TIMEOUT_S = 180


@dataclass(frozen=True)
class Case:
    id: str
    answers: dict[str, Any]
    orchestration: str
    fixture: str = "python"
    """Which app of e2ekit.FIXTURES the files are generated for."""


LANGUAGE_OF = {
    "python": "python",
    "node": "node",
    "node-pnpm": "node",
    "node-workspace": "node",
    "go": "go",
    "spa": "node",
    "node-client": "node",
    "static": "static",
    "monorepo": "python",
}


def case_answers(case: Case) -> dict[str, Any]:
    answers: dict[str, Any] = {
        "project_name": f"e2e-{case.id}",
        "host_os": "linux",
        "full_os_isolation": False,
        "language": LANGUAGE_OF[case.fixture],
        "app_port": free_port(),
        "database": "none",
        "cache": "none",
        "media": "none",
    }
    answers.update(case.answers)
    if answers["media"] != "none":
        answers.setdefault("media_delivery", "api")
    return answers


COMPOSE_CASES = [
    pytest.param(
        Case(
            "dev-postgres-redis",
            {
                "environment": "development",
                "traffic": "medium",
                "database": "postgres",
                "cache": "redis",
                "media": "images",
            },
            "compose",
        ),
        id="dev-postgres-redis-media",
    ),
    pytest.param(
        Case(
            "prod-postgres",
            {"environment": "production", "traffic": "medium", "database": "postgres", "media": "images"},
            "compose",
        ),
        id="prod-postgres-media",
    ),
    pytest.param(
        Case(
            "dev-mysql",
            {"environment": "development", "traffic": "low", "database": "mysql", "media": "images"},
            "compose",
        ),
        id="dev-mysql-media",
    ),
    pytest.param(
        Case(
            "prod-mariadb-redis",
            {
                "environment": "production",
                "traffic": "low",
                "database": "mariadb",
                "cache": "redis",
                "media": "video",
            },
            "compose",
        ),
        id="prod-mariadb-redis-media",
    ),
    # Production with high traffic: the database installed on the host (a stand-in container
    # on the host's network), reached as host.docker.internal; Caddy in front.
    pytest.param(
        Case(
            "prod-host-db",
            {"environment": "production", "traffic": "high", "database": "postgres"},
            "compose",
        ),
        id="prod-postgres-on-host",
    ),
    # The Node fixture app (node:24-slim stand-in, npm ci from the lockfile, the pg, mysql2
    # and redis drivers from the npm registry): development with PostgreSQL, and production
    # through Caddy with MariaDB, Redis and media.
    pytest.param(
        Case(
            "node-dev-postgres",
            {"environment": "development", "traffic": "low", "database": "postgres", "media": "images"},
            "compose",
            "node",
        ),
        id="node-dev-postgres-media",
    ),
    pytest.param(
        Case(
            "node-prod-mariadb-redis",
            {
                "environment": "production",
                "traffic": "medium",
                "database": "mariadb",
                "cache": "redis",
                "media": "images",
            },
            "compose",
            "node",
        ),
        id="node-prod-mariadb-redis-media",
    ),
    # The npm workspace: built from the workspace's folder with its lockfile, the member's
    # workspace packages built first, the app run in /app/apps/api.
    pytest.param(
        Case(
            "node-ws-dev-postgres",
            {"environment": "development", "traffic": "low", "database": "postgres", "media": "images"},
            "compose",
            "node-workspace",
        ),
        id="node-workspace-dev-postgres-media",
    ),
    # The Go fixture app (golang:1.25 stand-in: Debian's Go; the final stage on the
    # distroless static stand-in, uid 65532): no database (a driver would be a module
    # download, and no Go proxy is reachable), so production is the compose case (Caddy in
    # front, the generated hardening) with media; development without a database is run.sh.
    pytest.param(
        Case("go-prod", {"environment": "production", "traffic": "low", "media": "images"}, "compose", "go"),
        id="go-prod-media",
    ),
]

RUN_SCRIPT_CASES = [
    pytest.param(
        Case(
            "dev-run-script",
            {"environment": "development", "traffic": "low", "media": "images"},
            "docker-run-script",
        ),
        id="dev-run-script-media",
    ),
    # The Node app with pnpm: the Dockerfile installs its pinned Corepack with npm, and
    # Corepack fetches the pnpm version package.json names from the npm registry.
    pytest.param(
        Case(
            "node-dev-run-script",
            {"environment": "development", "traffic": "low", "media": "images"},
            "docker-run-script",
            "node-pnpm",
        ),
        id="node-pnpm-dev-run-script-media",
    ),
    pytest.param(
        Case(
            "go-dev-run-script",
            {"environment": "development", "traffic": "low", "media": "images"},
            "docker-run-script",
            "go",
        ),
        id="go-dev-run-script-media",
    ),
]


def require_stand_ins(engine: Engine, project: Project, images: list[str]) -> None:
    """Every base image the files use must exist locally: nothing can be pulled here."""
    wanted = images + dockerfile_bases(project.read("Dockerfile"))
    missing = [ref for ref in wanted if not engine.image_exists(ref)]
    assert not missing, (
        f"no local stand-in for {missing} (the generated files use them; no registry is reachable): "
        "add a recipe under tests/e2e/standins and a line in engine.sh"
    )


def named_mount(spec: Any, declared: dict[str, Any]) -> tuple[str, str] | None:
    """(volume, target) of a compose volume entry that mounts a named volume."""
    if isinstance(spec, dict):
        source, target = spec.get("source"), spec.get("target")
        kind = spec.get("type", "volume")
    else:
        parts = str(spec).split(":")
        source, target = (parts[0], parts[1]) if len(parts) >= 2 else (None, parts[0])
        kind = "volume"
    if kind == "volume" and source in declared and target:
        return str(source), str(target)
    return None


def media_file() -> tuple[str, bytes]:
    token = uuid.uuid4().hex
    return f"e2e-{token[:12]}.bin", (token * 4000).encode()


def check_round_trips(
    engine: Engine,
    base: str,
    exec_in_app: Callable[..., subprocess.CompletedProcess[str]],
    media_target: str | None,
    with_db: bool,
    with_redis: bool,
) -> dict[str, Any]:
    """Write a row, store a file, use Redis; check the app's user. Returns what to find again."""
    saved: dict[str, Any] = {}
    # The probes below rely on exec reporting the command's exit status.
    assert exec_in_app("sh", "-c", "exit 3").returncode == 3, "exec in the app does not report exit statuses"
    if with_db:
        row = f"row-{uuid.uuid4().hex}"
        status, body = http("POST", f"{base}/items", row.encode())
        assert status == 200, f"database round trip failed: HTTP {status} {body[:500]!r}"
        assert json.loads(body).count(row) == 1, f"the row written is not read back: {body[:500]!r}"
        saved["row"] = row
    if media_target is not None:
        name, data = media_file()
        status, body = http("PUT", f"{base}/media/{name}", data)
        assert status == 201, f"storing an upload in MEDIA_ROOT failed: HTTP {status} {body[:500]!r}"
        stored = json.loads(body)["stored"]
        # The app wrote to MEDIA_ROOT (the Dockerfile's); it must be the volume's mount point.
        probe = exec_in_app("test", "-f", f"{media_target}/{name}")
        assert probe.returncode == 0, (
            f"the app stored the upload at {stored}, not in the media volume mounted at {media_target}"
        )
        saved["media"] = (name, data)
    if with_redis:
        first = http("POST", f"{base}/cache")
        second = http("POST", f"{base}/cache")
        assert first[0] == 200 and second[0] == 200, f"Redis round trip failed: {first!r} {second!r}"
        assert json.loads(second[1])["hits"] == json.loads(first[1])["hits"] + 1
    # No process of the app runs as root: the server itself, and a command exec'd into it.
    status, body = http("GET", f"{base}/whoami")
    assert status == 200 and json.loads(body)["uid"] != 0, f"the app process runs as root: {body!r}"
    uid = exec_in_app("id", "-u")
    assert uid.returncode == 0 and uid.stdout.strip() not in ("", "0"), (
        f"the app's user is root: {uid.stdout!r}"
    )
    assert_no_root_process(exec_in_app)
    return saved


def assert_no_root_process(exec_in_app: Callable[..., subprocess.CompletedProcess[str]]) -> None:
    """Every process in the app's container (the init, the server, its workers) has no
    uid 0 among its real, effective, saved and file-system uids."""
    # A process may end while the loop runs (a healthcheck's): its file is then skipped.
    found = exec_in_app(
        "sh", "-c", "for f in /proc/[0-9]*/status; do grep -H '^Uid:' \"$f\" 2>/dev/null; done; true"
    )
    assert found.returncode == 0 and found.stdout.strip(), f"cannot list the processes: {found!r}"
    root = [line for line in found.stdout.splitlines() if "0" in line.split()[1:]]
    assert not root, f"processes running as root in the app's container: {root}"


def check_still_there(base: str, saved: dict[str, Any]) -> None:
    if "row" in saved:
        status, body = http("GET", f"{base}/items")
        assert status == 200, f"database unreachable after the restart: HTTP {status} {body[:500]!r}"
        assert saved["row"] in json.loads(body), (
            "the row did not survive down + up (database data not in a volume)"
        )
    if "media" in saved:
        name, data = saved["media"]
        status, body = http("GET", f"{base}/media/{name}")
        assert status == 200, f"the uploaded file did not survive down + up: HTTP {status} {body[:200]!r}"
        assert body == data, "the uploaded file came back different after down + up"


def leaked_volumes(engine: Engine, before: set[str], project: str = "") -> dict[str, list[str]]:
    """Volumes created since `before`, with the files each holds (evidence for the report).

    Named volumes of other Compose projects are not counted, nor anonymous volumes a container
    still uses (after `down -v` none of this case's containers exist): other runs may share the
    engine."""
    leaked = {}
    for vol in sorted(set(engine.names("volume")) - before):
        fmt = '{{.Mountpoint}} {{index .Labels "com.docker.compose.project"}}'
        found = engine.docker("volume", "inspect", "--format", fmt, vol, check=False).stdout.split()
        if not found or (len(found) > 1 and found[1] != project):
            continue  # gone meanwhile, or another project's
        if (
            len(found) == 1
            and not re.fullmatch(r"[0-9a-f]{64}", vol)
            and not (project and vol.startswith(project))
        ):
            continue  # a named volume another run made with `docker run -v` (run.sh), not ours
        users = engine.docker("ps", "--all", "--quiet", "--filter", f"volume={vol}", check=False)
        if users.stdout.split():
            continue  # an anonymous volume a container still uses: another run's (ours are gone)
        path = Path(found[0])
        leaked[vol] = sorted(p.name for p in path.iterdir()) if path.is_dir() else []
    return leaked


def exec_in_service(engine: Engine, path: Path, service: str, *cmd: str) -> subprocess.CompletedProcess[str]:
    """A command run in the service's one running container, with its exit status.

    Not `docker compose exec`: Compose 2.40 with Engine 20.10 exits 0 from it whatever the
    command's exit status."""
    cids = engine.compose(path, "ps", "--quiet", service).stdout.split()
    assert len(cids) == 1, f"expected one running {service} container, got {cids}"
    return engine.docker("exec", cids[0], *cmd, check=False)


def compose_up(engine: Engine, path: Path, services: dict[str, Any], health_url: str, case_id: str) -> None:
    """`docker compose up --wait`, every service's state checked, then health_url answers."""
    t0 = time.monotonic()
    up = engine.compose(path, "up", "--detach", "--wait", "--pull", "never", timeout=UP_TIMEOUT_S)
    # Compose v2.40 exits 0 from `up --wait` even when a dependency turned unhealthy
    # ("dependency failed to start"): check every service's state here, the app last.
    for svc, spec in sorted(services.items(), key=lambda item: item[0] == "app"):
        cid = engine.compose(path, "ps", "--all", "--quiet", svc).stdout.strip()
        assert cid, f"service {svc} has no container after up --wait:\n{up.stderr[-2000:]}"
        state = engine.docker(
            "inspect",
            "--format",
            "{{.State.Status}} {{.State.ExitCode}} {{if .State.Health}}{{.State.Health.Status}}{{end}}",
            cid,
        ).stdout.split()
        waited = services["app"].get("depends_on", {}).get(svc, {}).get("condition")
        if waited == "service_completed_successfully":  # a one-off step (migrations)
            assert state[:2] == ["exited", "0"], f"one-off {svc} is {state}:\n{up.stderr[-2000:]}"
            continue
        assert state[0] == "running", f"service {svc} is {state} after up --wait:\n{up.stderr[-2000:]}"
        if "healthcheck" in spec:
            assert state[2:] == ["healthy"], f"service {svc} is {state} after up --wait:\n{up.stderr[-2000:]}"
    wait_http(health_url, 60)
    print(f"{case_id}: up and answering in {time.monotonic() - t0:.1f} s")


@pytest.mark.parametrize("case", COMPOSE_CASES)
def test_compose_project_runs(case: Case, engine: Engine, tmp_path: Path) -> None:
    project = generate(tmp_path, case_answers(case), case.fixture)
    assert project.decisions["orchestration"] == case.orchestration
    host_db = project.decisions["database_placement"] == "native-install"
    db_container = project.decisions["database_placement"] == "container"
    # No database only for an app that has no driver to reach one (the Go fixture app).
    assert host_db or db_container or case.fixture == "go", project.decisions
    with_media = project.decisions["media_storage"] == "local-volume"
    assert with_media or host_db, f"nothing to round-trip for {project.decisions}"
    doc = project.compose_doc()
    services = doc["services"]
    name = doc["name"]
    require_stand_ins(
        engine,
        project,
        [s["image"] for s in services.values() if "image" in s] + (["postgres:18"] if host_db else []),
    )
    if case.fixture == "go":  # distroless: the healthcheck is the /probe program the Dockerfile builds
        assert services["app"]["healthcheck"]["test"][:2] == ["CMD", "/probe"], services["app"]
    mounts = [
        m for m in (named_mount(v, doc.get("volumes") or {}) for v in services["app"].get("volumes", [])) if m
    ]
    assert mounts or not with_media, f"compose.yaml mounts no named volume for the media: {services['app']}"
    # the media volume, not the data volume (app-data) of an SQLite file
    media_target = next(t for v, t in mounts if not v.endswith("app-data")) if with_media else None
    label = f"label=com.docker.compose.project={name}"
    # Production: only Caddy publishes ports; SITE_ADDRESS=localhost gets Caddy's own local
    # certificate, so the suite talks HTTPS to localhost without verifying it.
    proxied = "proxy" in services
    if proxied:
        assert "ports" not in services["app"], "the app publishes a port behind the proxy"
        assert services["proxy"]["ports"] == ["80:80", "443:443", "443:443/udp"]
    base = "https://localhost" if proxied else f"http://127.0.0.1:{project.port}"
    path = project.path
    host_db_name = f"{name}-host-db"

    def exec_in_app(*cmd: str) -> subprocess.CompletedProcess[str]:
        return exec_in_service(engine, path, "app", *cmd)

    def up() -> None:
        compose_up(engine, path, services, f"{base}/health", case.id)

    engine.compose(path, "down", "--volumes", "--remove-orphans", check=False)
    engine.docker("rm", "--force", "--volumes", host_db_name, check=False)
    before = set(engine.names("volume"))
    leaked: dict[str, list[str]] = {}
    try:
        if host_db:
            start_database_on_host(engine, project, host_db_name)
        t0 = time.monotonic()
        engine.compose(path, "build", timeout=900)
        print(f"{case.id}: built in {time.monotonic() - t0:.1f} s")
        up()
        saved = check_round_trips(
            engine,
            base,
            exec_in_app,
            media_target,
            with_db=host_db or db_container,
            with_redis="redis" in services,
        )
        if db_container:
            check_database_user_and_secrets(engine, project)
        if proxied:
            status, _ = http("GET", "http://localhost/health")
            assert status == 200, "Caddy does not answer (or redirect) plain HTTP on port 80"
        engine.compose(path, "down")
        assert not engine.names("container", label), "containers left after down"
        up()
        check_still_there(base, saved)
        check_backup_and_restore(
            engine, path, name, project.answers["environment"] == "production", db_container, with_media
        )
        check_still_there(base, saved)
        engine.compose(path, "down", "--volumes")
        for kind in ("container", "volume", "network"):
            left = engine.names(kind, label)
            assert not left, f"{kind}s of project {name} left after down -v: {left}"
        # The database on the host is the suite's, not the project's: its volume goes with it.
        engine.docker("rm", "--force", "--volumes", host_db_name, check=False)
        leaked = leaked_volumes(engine, before, name)
        if leaked:
            raise AnonymousVolumeLeak(f"volumes left after `docker compose down -v`: {leaked}")
    except BaseException:
        logs = engine.compose(path, "logs", "--no-color", "--tail", "60", check=False)
        print(f"--- compose logs of {name}\n{logs.stdout}{logs.stderr}")
        raise
    finally:
        engine.compose(path, "down", "--volumes", "--remove-orphans", check=False)
        engine.docker("rm", "--force", "--volumes", host_db_name, check=False)
        for vol in leaked or leaked_volumes(engine, before, name):
            engine.docker("volume", "rm", "--force", vol, check=False)
        # Every image compose built (the app's, the one-off migrate service's).
        built = [f"{name}-{svc}" for svc, spec in services.items() if "build" in spec]
        engine.docker("image", "rm", "--force", *built, check=False)


def check_database_user_and_secrets(engine: Engine, project: Project) -> None:
    """The app's database user is its own, with rights on its database only (it just wrote a row
    through the app, and its migration made the table); the db container got both passwords
    as files in /run/secrets that only the server's user (uid 999) may read, and none in its
    environment."""
    env = dict(
        line.split("=", 1)
        for line in project.read(".env").splitlines()
        if "=" in line and not line.lstrip().startswith("#")
    )
    path = project.path
    cid = engine.compose(path, "ps", "--quiet", "db").stdout.strip()
    environment = engine.docker("inspect", "--format", "{{json .Config.Env}}", cid).stdout
    passwords = [value for name, value in env.items() if name.endswith("PASSWORD")]
    assert len(passwords) == 2 and not [p for p in passwords if p in environment], "a password in the db env"
    files = exec_in_service(
        engine, path, "db", "stat", "-c", "%n %a %u", *(f"/run/secrets/{s}" for s in SECRETS)
    )
    assert files.returncode == 0 and files.stdout.split() == [
        word for s in SECRETS for word in (f"/run/secrets/{s}", "400", "999")
    ], files.stdout + files.stderr
    prefix = {"postgres": "POSTGRES", "mysql": "MYSQL", "mariadb": "MARIADB"}[project.answers["database"]]
    user = env[f"{prefix}_USER"]
    if prefix == "POSTGRES":
        name = env["POSTGRES_DB"]
        owner = "(SELECT tableowner FROM pg_tables WHERE tablename = 'items')"
        query = (
            f"SELECT rolsuper, pg_get_userbyid(datdba), {owner}"
            f" FROM pg_roles, pg_database WHERE rolname = '{user}' AND datname = '{name}'"
        )
        found = exec_in_service(engine, path, "db", "psql", "-U", "postgres", "-d", name, "-tA", "-c", query)
        assert found.stdout.strip() == f"f|{user}|{user}", f"the app's role: {found.stdout}{found.stderr}"
    else:
        client = "mariadb" if prefix == "MARIADB" else "mysql"
        password = f'-p"$(cat "${prefix}_ROOT_PASSWORD_FILE")"'
        show = f"SHOW GRANTS FOR '{user}'@'%'"
        grants = exec_in_service(engine, path, "db", "sh", "-c", f'{client} -uroot {password} -N -e "{show}"')
        lines = [line for line in grants.stdout.splitlines() if line.strip()]
        database = env[f"{prefix}_DATABASE"]
        assert lines and all(
            line.startswith("GRANT USAGE ON *.*") or f"ON `{database}`.*" in line for line in lines
        ), f"the app's grants: {grants.stdout}{grants.stderr}"
    print(f"{project.name}: the app's database user is its own; the passwords came as secret files")


SECRETS = ("db-admin-password", "db-app-password")
_STEP = re.compile(r"(?:Back up|Back the media volume up too): `([^`]+)` — restore: `([^`]+)`")


def check_backup_and_restore(
    engine: Engine, path: Path, name: str, production: bool, db_container: bool = True, media: bool = True
) -> None:
    """The backup and restore commands the report gives (production), run as written in the
    project folder: the dump holds the table, restoring it works, and so does the media
    volume's tar (debian:13-slim is the stand-in base: Debian 13 itself)."""
    report = (path / "RECOMMENDATIONS.md").read_text(encoding="utf-8")
    steps = _STEP.findall(report)
    if not production:
        assert not steps, "backup steps outside production"
        return
    expected = int(db_container) + int(media)  # a database on the host is backed up there
    assert len(steps) == expected, f"expected {expected} backup steps (database, media), found {steps}"
    engine.docker("tag", "advisor-e2e/base:latest", "debian:13-slim")
    for backup, restore in steps:
        for command in (backup, restore):
            done = subprocess.run(
                ["sh", "-c", command], cwd=path, env=engine.env, capture_output=True, text=True, timeout=300
            )
            assert done.returncode == 0, f"{command}\n{done.stdout[-1000:]}{done.stderr[-2000:]}"
    if db_container:
        dump = (path / "backup.sql").read_text(encoding="utf-8", errors="replace")
        assert "items" in dump, "the database dump does not hold the app's table"
    if media:
        assert (path / "media.tgz").stat().st_size > 0
    print(f"{name}: backup and restore commands from the report worked")


@pytest.mark.parametrize("case", RUN_SCRIPT_CASES)
def test_run_script_project_runs(case: Case, engine: Engine, tmp_path: Path) -> None:
    project = generate(tmp_path, case_answers(case), case.fixture)
    assert project.decisions["orchestration"] == case.orchestration
    assert not (project.path / "compose.yaml").exists()
    with_media = project.decisions["media_storage"] == "local-volume"
    host_db = project.decisions["database_placement"] == "native-install"
    # No server: the Python fixture app keeps an SQLite file among its code, which the image
    # links into a data volume the release step (its table) and the app share.
    sqlite = case.fixture == "python" and project.decisions["database_placement"] == "not-applicable"
    assert with_media or host_db or sqlite, f"nothing to round-trip for {project.decisions}"
    script = project.read("run.sh")
    require_stand_ins(engine, project, ["postgres:18"] if host_db else [])
    m = re.search(r"^name=(.+)$", script, re.MULTILINE)
    assert m, "run.sh sets no name="
    name = shlex.split(m.group(1))[0]
    mounts = [
        spec.replace("$name", name).split(":")[:2] for spec in re.findall(r'--volume "([^"]+)"', script)
    ]
    assert mounts or not with_media, "run.sh mounts no volume for the media"
    volumes = list(dict.fromkeys(vol for vol, _ in mounts))  # the data volume: release step and app
    # the media volume, not the data volume (app-data) of an SQLite file
    media_target = next(t for v, t in mounts if not v.endswith("app-data")) if with_media else None
    host_db_name = f"{name}-host-db"
    detached = "--detach" in script
    base = f"http://127.0.0.1:{project.port}"
    log_path = tmp_path / "run.sh.log"
    procs: list[subprocess.Popen[bytes]] = []

    def exec_in_app(*cmd: str) -> subprocess.CompletedProcess[str]:
        return engine.docker("exec", name, *cmd, check=False)

    def run_script() -> None:
        t0 = time.monotonic()
        with log_path.open("ab") as log:
            proc = subprocess.Popen(
                ["sh", "run.sh"],
                cwd=project.path,
                env=engine.env,
                stdout=log,
                stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL,
            )
        procs.append(proc)
        if detached:
            assert proc.wait(timeout=900) == 0, f"sh run.sh failed:\n{log_path.read_text()[-3000:]}"

        def exited() -> str:
            if not detached and proc.poll() is not None:
                return f"sh run.sh exited {proc.returncode}:\n{log_path.read_text()[-3000:]}"
            return ""

        wait_for_script(engine, name, f"{base}/health", exited)
        print(f"{case.id}: run.sh answering in {time.monotonic() - t0:.1f} s")

    def stop() -> None:
        engine.docker("stop", name)
        for proc in procs:
            if proc.poll() is None and not detached:
                proc.wait(timeout=60)

    engine.docker("rm", "--force", name, check=False)
    for vol in volumes:
        engine.docker("volume", "rm", "--force", vol, check=False)
    engine.docker("rm", "--force", "--volumes", host_db_name, check=False)
    before = set(engine.names("volume"))
    try:
        if host_db:
            start_database_on_host(engine, project, host_db_name)
        run_script()
        saved = check_round_trips(
            engine, base, exec_in_app, media_target, with_db=host_db or sqlite, with_redis=False
        )
        stop()
        if not detached:
            assert not engine.names("container", f"name=^{name}$"), (
                "the stopped container was not removed (--rm)"
            )
        run_script()
        check_still_there(base, saved)
        stop()
        engine.docker("rm", "--force", name, check=False)
        for vol in volumes:
            engine.docker("volume", "rm", vol)
        engine.docker("rm", "--force", "--volumes", host_db_name, check=False)
        assert not engine.names("container", f"name=^{name}$")
        leaked = leaked_volumes(engine, before)
        assert not leaked, f"volumes left after removing the container and {volumes}: {leaked}"
    except BaseException:
        logs = engine.docker("logs", "--tail", "60", name, check=False)
        print(f"--- run.sh output\n{log_path.read_text() if log_path.exists() else ''}")
        print(f"--- docker logs {name}\n{logs.stdout}{logs.stderr}")
        raise
    finally:
        # The container first: sh waits for its foreground `docker run` before it acts on
        # a signal, so terminating sh alone would leave both running.
        engine.docker("rm", "--force", name, check=False)
        for proc in procs:
            end_script(proc)
        for vol in volumes:
            engine.docker("volume", "rm", "--force", vol, check=False)
        engine.docker("image", "rm", "--force", f"{name}:latest", check=False)
        engine.docker("rm", "--force", "--volumes", host_db_name, check=False)


def wait_for_script(engine: Engine, name: str, url: str, exited: Callable[[], str]) -> None:
    """run.sh builds the image, then starts the container: up to 10 minutes for the build
    (its container to exist), then a minute for the app to answer url."""
    end = time.monotonic() + 600
    while not engine.names("container", f"name=^{name}$"):
        why = exited()
        assert not why, why
        assert time.monotonic() < end, f"run.sh started no container {name} within 600 s"
        time.sleep(1)
    wait_http(url, 60, alive=exited)


def end_script(proc: subprocess.Popen[bytes]) -> None:
    if proc.poll() is None:
        proc.terminate()
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=30)


def start_database_on_host(engine: Engine, project: Project, container: str) -> None:
    """A PostgreSQL server "installed on this host", for the native-install run.sh: the
    postgres stand-in in the host's network namespace, set up from the generated .env,
    listening on the Docker bridge's gateway (what host.docker.internal:host-gateway
    resolves to) and on loopback only."""
    env = dict(
        line.split("=", 1)
        for line in project.read(".env").splitlines()
        if "=" in line and not line.lstrip().startswith("#")
    )
    port = env.get("DATABASE_PORT", "5432")
    with socket.socket() as s:
        assert s.connect_ex(("127.0.0.1", int(port))) != 0, (
            f"port {port} on this host is taken: cannot stand in"
        )
    # What --add-host host.docker.internal:host-gateway gives a container.
    probe = engine.docker(
        "run", "--rm", "--add-host", "host.docker.internal:host-gateway", "advisor-e2e/base:latest",
        "getent", "hosts", "host.docker.internal",
    )  # fmt: skip
    gateway = probe.stdout.split()[0] if probe.stdout.split() else ""
    assert gateway, f"host-gateway resolves to nothing: {probe.stdout!r}"
    engine.docker(
        "run", "--detach", "--name", container, "--network", "host",
        "--env", f"POSTGRES_USER={env['POSTGRES_USER']}",
        "--env", f"POSTGRES_PASSWORD={env['POSTGRES_PASSWORD']}",
        "--env", f"POSTGRES_DB={env['POSTGRES_DB']}",
        "postgres:18", "postgres", "-c", f"listen_addresses=127.0.0.1,{gateway}", "-c", f"port={port}",
    )  # fmt: skip
    end = time.monotonic() + 60
    while True:
        ready = engine.docker("exec", container, "pg_isready", "-h", gateway, "-p", port, check=False)
        if ready.returncode == 0:
            return
        assert time.monotonic() < end, f"the host database did not start: {ready.stdout}{ready.stderr}"
        time.sleep(1)


def test_mongodb_compose_file(engine: Engine, tmp_path: Path) -> None:
    """MongoDB: Debian has no server package and no registry is reachable, so no mongo:8
    stand-in exists; only what needs no MongoDB server is checked."""
    case = Case(
        "dev-mongodb",
        {"environment": "development", "traffic": "low", "database": "mongodb", "media": "images"},
        "compose",
    )
    project = generate(tmp_path, case_answers(case))
    assert project.decisions["orchestration"] == "compose"
    engine.compose(project.path, "config", "--quiet")
    doc = project.compose_doc()
    assert doc["services"]["db"]["image"].startswith("mongo:")
    pytest.skip(
        "no mongo:8 stand-in (Debian has no MongoDB server, nothing can be pulled): "
        "compose.yaml was only validated with `docker compose config`, not run"
    )


# The project's own compose file loads its schema and a seed row into MySQL through
# /docker-entrypoint-initdb.d, into the database it names: advisor's compose.yaml replaces it.
SEEDED_PROJECT = {
    "db/seed.sql": (
        "CREATE DATABASE IF NOT EXISTS `shop`;\nUSE `shop`;\n"
        "CREATE TABLE items (id INT AUTO_INCREMENT PRIMARY KEY, value TEXT NOT NULL);\n"
        "INSERT INTO items (value) VALUES ('seeded');\n"
    ),
    "docker-compose.yml": (
        "services:\n  web:\n    build: .\n    ports: ['8000:8000']\n"
        "  mysql:\n    image: mysql:8.3\n    environment:\n      - MYSQL_DATABASE=shop\n"
        "      - MYSQL_ROOT_PASSWORD=root\n"
        "    volumes:\n      - ./db/seed.sql:/docker-entrypoint-initdb.d/seed.sql\n"
    ),
}


def test_the_projects_database_init_scripts_run(engine: Engine, tmp_path: Path) -> None:
    """The seed row the project's script inserts is what the app reads first: the script ran,
    in the database the app uses, and the app's user may read it."""
    case = Case(
        "seeded-mysql", {"environment": "development", "traffic": "low", "database": "mysql"}, "compose"
    )
    project = generate(tmp_path, case_answers(case), files=SEEDED_PROJECT, flags=("--on-conflict", "take"))
    assert "\nMYSQL_DATABASE=shop\n" in project.read(".env")
    services = project.compose_doc()["services"]
    assert "./db/seed.sql:/docker-entrypoint-initdb.d/seed.sql:ro" in services["db"]["volumes"]
    require_stand_ins(engine, project, [s["image"] for s in services.values() if "image" in s])
    path = project.path
    engine.compose(path, "down", "--volumes", "--remove-orphans", check=False)
    try:
        engine.compose(path, "build", timeout=900)
        base = f"http://127.0.0.1:{project.port}"
        compose_up(engine, path, services, f"{base}/health", case.id)
        status, body = http("GET", f"{base}/items")
        assert status == 200 and json.loads(body) == ["seeded"], f"the seed row is not there: {body[:500]!r}"
    except BaseException:
        logs = engine.compose(path, "logs", "--no-color", "--tail", "60", check=False)
        print(f"--- compose logs\n{logs.stdout}{logs.stderr}")
        raise
    finally:
        engine.compose(path, "down", "--volumes", "--remove-orphans", check=False)
        name = project.compose_doc()["name"]
        engine.docker(
            "image",
            "rm",
            "--force",
            *(f"{name}-{s}" for s, v in services.items() if "build" in v),
            check=False,
        )


def test_every_distinct_caddyfile_is_accepted_by_caddy(engine: Engine, tmp_path: Path) -> None:
    """Every Caddyfile of the production answer space (with and without the media handler,
    every app port), adapted by the caddy:2 stand-in in one container: Caddy accepts each."""
    import itertools

    from advisor.api import advise

    texts: dict[str, str] = {}
    for language, media, delivery, port in itertools.product(
        ("python", "node", "java", "go", "static", "other"),
        ("none", "images"),
        ("api", "direct"),
        (None, 80, 8000),
    ):
        raw: dict[str, Any] = {"project_name": "site", "host_os": "linux", "environment": "production",
                               "language": language, "media": media}  # fmt: skip
        if media != "none":
            raw["media_delivery"] = delivery
        if port is not None:
            raw["app_port"] = port
        files = advise(raw, folder=tmp_path).files("en")
        texts.setdefault(files["Caddyfile"], f"Caddyfile-{len(texts)}")
    folder = tmp_path / "caddyfiles"
    folder.mkdir()
    for text, name in texts.items():
        (folder / name).write_text(text)
    assert any("handle_path /media/*" in text for text in texts) and len(texts) >= 4
    check = engine.docker(
        "run", "--rm", "--env", "SITE_ADDRESS=example.com", "--volume", f"{folder}:/caddyfiles:ro",
        "caddy:2", "sh", "-c",
        'for f in /caddyfiles/*; do caddy adapt --config "$f" --adapter caddyfile >/dev/null || exit 1; done',
        check=False,
    )  # fmt: skip
    assert check.returncode == 0, check.stdout + check.stderr
    print(f"caddy adapted {len(texts)} distinct Caddyfiles")


FRONT_END_CASES = [
    # The project-fit fixture's static site (index.html, about.html, css/): nginx serves the
    # project's files, in production behind Caddy, read-only and without capabilities.
    pytest.param(
        Case("static-prod", {"environment": "production", "traffic": "low"}, "compose", "static"),
        id="static-site-prod",
    ),
    # A Vite single-page front end: `npm ci` and `npm run build` in the node stand-in (vite,
    # esbuild and rollup from the npm registry), dist/ served by nginx; with run.sh.
    pytest.param(
        Case(
            "spa-dev-run-script", {"environment": "development", "traffic": "low"}, "docker-run-script", "spa"
        ),
        id="vite-spa-dev-run-script",
    ),
    # An Express server in server/ that serves the Vite client beside it (client/, the spa
    # fixture): the build context widens to hold both; the image builds the client and puts
    # its dist/ where the server looks (../client/dist); with run.sh.
    pytest.param(
        Case(
            "client-beside-server",
            {"environment": "development", "traffic": "low"},
            "docker-run-script",
            "node-client",
        ),
        id="node-server-with-client-beside-it",
    ),
]

# What each front end's pages must hold: (path, text in the answer).
_PAGES = {
    "static": [("/", "Fresh bread daily"), ("/about.html", "Since 1985."), ("/css/style.css", "font-family")],
    # index.html as built: the module script is the bundle in assets/, not the source.
    "spa": [("/", "advisor-e2e-spa: built by vite")],
    "node-client": [("/health", "ok"), ("/", "advisor-e2e-spa: built by vite")],
}


def check_front_end(base: str, fixture: str) -> None:
    for page, text in _PAGES[fixture]:
        status, body = http("GET", f"{base}{page}")
        assert status == 200 and text in body.decode(errors="replace"), (
            f"GET {page}: HTTP {status}, {text!r} not in {body[:300]!r}"
        )
    status, index = http("GET", f"{base}/")
    if fixture == "static":
        status, body = http("GET", f"{base}/no-such-page.html")
        assert status == 404, f"a missing file answers HTTP {status}, not 404"
        return
    page = index.decode()
    assert "/src/main.js" not in page, "index.html still loads the source: the build did not run"
    scripts = re.findall(r'<script[^>]+src="(/assets/[^"]+\.js)"', page)
    assert scripts, f"index.html loads no built bundle: {page[:500]!r}"
    status, bundle = http("GET", f"{base}{scripts[0]}")
    assert status == 200 and b"advisor-e2e-spa at" in bundle, f"the bundle {scripts[0]}: HTTP {status}"
    # Client-side routing: a path only the front end knows is answered with index.html.
    status, body = http("GET", f"{base}/reports/2025/summary")
    assert status == 200 and body == index, f"a client-side route answers HTTP {status}, not index.html"


@pytest.mark.parametrize("case", FRONT_END_CASES)
def test_front_end_runs(case: Case, engine: Engine, tmp_path: Path) -> None:
    """A static site or a built single-page front end, served by the nginx-unprivileged
    stand-in: it builds, starts, answers with the pages, and nothing in it runs as root."""
    project = generate(tmp_path, case_answers(case), case.fixture)
    assert project.decisions["orchestration"] == case.orchestration
    if case.fixture == "node-client":  # the Node server serves the client's build itself
        assert "COPY --from=assets /app/client/dist/ /client/dist/" in project.read("Dockerfile")
    else:
        assert "nginxinc/nginx-unprivileged" in dockerfile_bases(project.read("Dockerfile"))[-1]
    if case.orchestration == "compose":
        front_end_with_compose(engine, project, case)
    else:
        front_end_with_run_script(engine, project, case, tmp_path)


def front_end_with_compose(engine: Engine, project: Project, case: Case) -> None:
    doc = project.compose_doc()
    services, name, path = doc["services"], doc["name"], project.path
    require_stand_ins(engine, project, [s["image"] for s in services.values() if "image" in s])
    assert "proxy" in services and "ports" not in services["app"], "production: only Caddy publishes ports"
    base = "https://localhost"
    label = f"label=com.docker.compose.project={name}"
    engine.compose(path, "down", "--volumes", "--remove-orphans", check=False)
    before = set(engine.names("volume"))
    try:
        t0 = time.monotonic()
        engine.compose(path, "build", timeout=900)
        print(f"{case.id}: built in {time.monotonic() - t0:.1f} s")
        compose_up(engine, path, services, f"{base}/", case.id)
        check_front_end(base, case.fixture)
        status, _ = http("GET", "http://localhost/")
        assert status == 200, "Caddy does not answer (or redirect) plain HTTP on port 80"
        assert_no_root_process(lambda *cmd: exec_in_service(engine, path, "app", *cmd))
        engine.compose(path, "down", "--volumes")
        for kind in ("container", "volume", "network"):
            left = engine.names(kind, label)
            assert not left, f"{kind}s of project {name} left after down -v: {left}"
        leaked = leaked_volumes(engine, before, name)
        assert not leaked, f"volumes left after `docker compose down -v`: {leaked}"
    except BaseException:
        logs = engine.compose(path, "logs", "--no-color", "--tail", "60", check=False)
        print(f"--- compose logs of {name}\n{logs.stdout}{logs.stderr}")
        raise
    finally:
        engine.compose(path, "down", "--volumes", "--remove-orphans", check=False)
        engine.docker("image", "rm", "--force", f"{name}-app", check=False)


def front_end_with_run_script(engine: Engine, project: Project, case: Case, tmp_path: Path) -> None:
    script = project.read("run.sh")
    require_stand_ins(engine, project, [])
    m = re.search(r"^name=(.+)$", script, re.MULTILINE)
    assert m, "run.sh sets no name="
    name = shlex.split(m.group(1))[0]
    assert "--detach" not in script and "--rm" in script
    base = f"http://127.0.0.1:{project.port}"
    log_path = tmp_path / "run.sh.log"
    engine.docker("rm", "--force", name, check=False)
    before = set(engine.names("volume"))
    with log_path.open("ab") as log:
        proc = subprocess.Popen(
            ["sh", "run.sh"], cwd=project.path, env=engine.env, stdout=log, stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
        )  # fmt: skip
    try:
        t0 = time.monotonic()

        def exited() -> str:
            if proc.poll() is not None:
                return f"sh run.sh exited {proc.returncode}:\n{log_path.read_text()[-3000:]}"
            return ""

        wait_for_script(engine, name, f"{base}/", exited)
        print(f"{case.id}: run.sh built and answering in {time.monotonic() - t0:.1f} s")
        check_front_end(base, case.fixture)
        assert_no_root_process(lambda *cmd: engine.docker("exec", name, *cmd, check=False))
        engine.docker("stop", name)
        proc.wait(timeout=60)
        assert not engine.names("container", f"name=^{name}$"), "the stopped container was not removed (--rm)"
        leaked = leaked_volumes(engine, before)
        assert not leaked, f"volumes left after the container stopped: {leaked}"
    except BaseException:
        logs = engine.docker("logs", "--tail", "60", name, check=False)
        print(f"--- run.sh output\n{log_path.read_text() if log_path.exists() else ''}")
        print(f"--- docker logs {name}\n{logs.stdout}{logs.stderr}")
        raise
    finally:
        engine.docker("rm", "--force", name, check=False)  # first: see test_run_script_project_runs
        end_script(proc)
        engine.docker("image", "rm", "--force", f"{name}:latest", check=False)


def test_a_front_end_beside_the_app_is_served_and_reaches_its_api(engine: Engine, tmp_path: Path) -> None:
    """backend/ (the fixture app, on PostgreSQL) and frontend/ (the Vite page, whose dev server
    forwards /api to the back end and strips it): the web service builds the page with Node
    and serves it with nginx, which forwards /api/items to the app as /items; the row the
    page's API call stores is in PostgreSQL. Nothing in the web container runs as root."""
    answers = {
        "project_name": "e2e-front-beside", "host_os": "linux", "full_os_isolation": False,
        "language": "python", "app_dir": "backend", "app_port": free_port(), "database": "postgres",
        "cache": "none", "media": "none", "environment": "development", "traffic": "low",
    }  # fmt: skip
    project = generate(tmp_path, answers, "monorepo")
    doc = project.compose_doc()
    services, name, path = doc["services"], doc["name"], project.path
    assert services["web"]["build"] == {"context": "frontend", "dockerfile": "../Dockerfile.web"}
    web_dockerfile = project.read("Dockerfile.web")
    assert "proxy_pass http://app:" in web_dockerfile
    images = [s["image"] for s in services.values() if "image" in s] + dockerfile_bases(web_dockerfile)
    require_stand_ins(engine, project, images)
    base = "http://" + str(services["web"]["ports"][0]).rsplit(":", 1)[0]
    engine.compose(path, "down", "--volumes", "--remove-orphans", check=False)
    try:
        t0 = time.monotonic()
        engine.compose(path, "build", timeout=900)
        print(f"front-beside: built in {time.monotonic() - t0:.1f} s")
        compose_up(engine, path, services, f"{base}/", "front-beside")
        check_front_end(base, "spa")
        row = f"from-the-page-{uuid.uuid4().hex[:8]}"
        status, body = http("POST", f"{base}/api/items", row.encode())
        assert status == 200 and row in json.loads(body), f"POST /api/items: HTTP {status} {body[:300]!r}"
        status, body = http("GET", f"{base}/api/items")
        assert status == 200 and row in json.loads(body), f"GET /api/items: HTTP {status} {body[:300]!r}"
        rows = engine.compose(
            path, "exec", "-T", "db", "sh", "-c",
            'psql -U "$POSTGRES_USER" -d "$POSTGRES_DB" -tAc "select count(*) from items"',
            check=False,
        )  # fmt: skip
        assert rows.returncode == 0 and int(rows.stdout.strip() or 0) >= 1, rows.stdout + rows.stderr
        assert_no_root_process(lambda *cmd: exec_in_service(engine, path, "web", *cmd))
    except BaseException:
        logs = engine.compose(path, "logs", "--no-color", "--tail", "60", check=False)
        print(f"--- compose logs of {name}\n{logs.stdout}{logs.stderr}")
        raise
    finally:
        engine.compose(path, "down", "--volumes", "--remove-orphans", check=False)
        for image in ("app", "web", "migrate"):
            engine.docker("image", "rm", "--force", f"{name}-{image}", check=False)
