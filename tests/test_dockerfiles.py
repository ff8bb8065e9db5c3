"""The Dockerfile and .dockerignore written for each fixture project: the install command
fits the lockfile's tool, every file the build copies or mounts exists, the start command
is the detected one, the runtime version satisfies the project, the app user owns the
folders the app writes, and hadolint passes."""

from __future__ import annotations

import dataclasses
import json
import re
import shutil
import subprocess
import sys
from functools import cache
from pathlib import Path

import pytest
from helpers import assert_hadolint_clean, write_tree

from advisor.api import Advice, advise
from advisor.inspect import AppFacts, inspect_project
from advisor.render.dockerfile import python_start, render_dockerfile, render_dockerignore
from advisor.render.files import render_files
from advisor.setup import Setup
from advisor.stacks import VERSIONS

FIXTURES = Path(__file__).parent / "fixtures"

# (fixture, app folder) -> the oracle, written apart from the renderer.
INSTALL = {
    ("django-gunicorn", "."): "pip install -r requirements.txt",
    # (its own Dockerfile runs `uv sync --frozen`: the image does the same)
    ("fastapi-uv", "."): "uv sync --frozen --no-install-workspace --no-dev",
    ("flask-poetry", "."): "poetry install --only main --no-root",
    ("express-yarn", "."): "yarn install --frozen-lockfile",
    ("ts-api-pnpm", "."): "pnpm install --frozen-lockfile",
    ("nextjs", "."): "npm ci",
    ("express-prisma", "."): "npm ci",
    ("express-mysql-legacy", "."): "npm ci",
    ("flask-dotenv-sqlite", "."): "pip install -r requirements.txt",
    ("vite-spa", "."): "yarn install --immutable",
    ("spring-maven-mvnw", "."): "./mvnw --batch-mode",
    ("spring-gradle-kts", "."): "./gradlew bootJar",
    ("go-cmd-server", "."): 'go build -trimpath -ldflags="-s -w" -o /out/server ./cmd/server',
    ("static-site", "."): None,
    ("monorepo", "backend"): "pip install -r requirements.txt",
    ("monorepo", "frontend"): "pnpm install --frozen-lockfile",
    ("uv-workspace", "api"): "uv sync --frozen --no-install-workspace --no-dev --package shop-api",
}
CMD = {
    ("django-gunicorn", "."): ["gunicorn", "config.wsgi:application", "--bind", "0.0.0.0:8000"],
    ("fastapi-uv", "."): ["uvicorn", "app.main:app", "--host", "0.0.0.0", "--port", "8000"],
    ("flask-poetry", "."): ["gunicorn", "shop:create_app()", "--bind", "0.0.0.0:8000"],
    ("express-yarn", "."): ["node", "src/index.js"],
    ("ts-api-pnpm", "."): ["node", "dist/server.js"],
    ("nextjs", "."): ["next", "start"],
    ("express-prisma", "."): ["node", "src/server.js"],
    ("express-mysql-legacy", "."): ["node", "src/app.js"],
    ("flask-dotenv-sqlite", "."): ["gunicorn", "shop:app", "--bind", "0.0.0.0:8000"],
    ("vite-spa", "."): ["nginx", "-g", "daemon off;"],
    ("spring-maven-mvnw", "."): ["java", "-jar", "/app/app.jar"],
    ("spring-gradle-kts", "."): ["java", "-jar", "/app/app.jar"],
    ("go-cmd-server", "."): ["/server"],
    ("static-site", "."): ["nginx", "-g", "daemon off;"],
    ("monorepo", "backend"): ["uvicorn", "api.main:app", "--host", "0.0.0.0", "--port", "8000"],
    ("monorepo", "frontend"): ["nginx", "-g", "daemon off;"],
    ("uv-workspace", "api"): ["shop-api"],
}
ARG = {"python": "PYTHON_VERSION", "node": "NODE_VERSION", "java": "JAVA_VERSION", "go": "GO_VERSION"}
CASES = sorted(INSTALL)


@cache
def _app(fixture: str, app_dir: str) -> AppFacts:
    app = inspect_project(FIXTURES / fixture).app(app_dir)
    assert app is not None, (fixture, app_dir)
    return app


@cache
def _advice(fixture: str, app_dir: str, media: str = "none") -> Advice:
    app = _app(fixture, app_dir)
    raw = {
        "project_name": "demo",
        "host_os": "linux",
        "app_dir": app_dir,
        "language": app.language.value,
        "media": media,
    }
    if app_dir != "." and app.package_manager is not None:
        # The defaults come from the top folder's app; an app in a sub-folder is answered.
        raw["package_manager"] = app.package_manager.name
    return advise(raw, folder=FIXTURES / fixture)


@cache
def _dockerfile(fixture: str, app_dir: str) -> str:
    return render_dockerfile(_advice(fixture, app_dir).setup)


def _instructions(text: str) -> list[str]:
    """The Dockerfile's instructions, continuation lines joined, comments dropped."""
    out: list[str] = []
    pending = ""
    for line in text.splitlines():
        if not pending and (not line.strip() or line.lstrip().startswith("#")):
            continue
        if line.rstrip().endswith("\\"):
            pending += line.rstrip()[:-1] + " "
            continue
        out.append(pending + line)
        pending = ""
    return out


def _cmd(text: str) -> list[str]:
    lines = [i for i in _instructions(text) if i.startswith("CMD ")]
    assert lines, text
    value = json.loads(lines[-1][4:])
    assert isinstance(value, list)
    return [str(v) for v in value]


@pytest.mark.parametrize(("fixture", "app_dir"), CASES)
def test_install_command_fits_the_lockfile_tool(fixture: str, app_dir: str) -> None:
    text = _dockerfile(fixture, app_dir)
    expected = INSTALL[(fixture, app_dir)]
    if expected is not None:
        assert expected in " ".join(_instructions(text)), text
    if "yarn" in (expected or "") or "pnpm" in (expected or ""):
        assert "corepack enable" in text
    assert "npm ci" not in text or expected == "npm ci"
    assert "requirements.txt" not in text or "requirements.txt" in (expected or "")


@pytest.mark.parametrize(("fixture", "app_dir"), CASES)
def test_every_copied_or_mounted_file_exists(fixture: str, app_dir: str) -> None:
    build = _advice(fixture, app_dir).setup.build
    root = FIXTURES / fixture / (build.context_dir or app_dir)  # a workspace member's is above it
    text = _dockerfile(fixture, app_dir)
    named: list[str] = []
    for ins in _instructions(text):
        named += re.findall(r"--mount=type=bind,source=([^,\s]+)", ins)
        if ins.startswith("COPY ") and "--from=" not in ins:
            named += ins.split()[1:-1]
    for name in named:
        if name == "." or name.endswith("*"):
            continue
        assert (root / name).exists(), f"{fixture}/{app_dir}: {name} is not in the project"


@pytest.mark.parametrize(("fixture", "app_dir"), CASES)
def test_cmd_is_the_detected_start_command(fixture: str, app_dir: str) -> None:
    text = _dockerfile(fixture, app_dir)
    assert _cmd(text) == CMD[(fixture, app_dir)]
    build = _advice(fixture, app_dir).setup.build
    if build.start_bin_dir and _app(fixture, app_dir).language.value == "node":
        assert f'PATH="/app/{build.start_bin_dir}:$PATH"' in text


@pytest.mark.parametrize(("fixture", "app_dir"), CASES)
def test_runtime_version_satisfies_the_project(fixture: str, app_dir: str) -> None:
    app = _app(fixture, app_dir)
    text = _dockerfile(fixture, app_dir)
    arg = ARG.get(app.language.value)
    if arg is None or (_advice(fixture, app_dir).setup.build.kind == "spa" and app.runtime is None):
        return
    wanted = app.runtime.image_tag if app.runtime is not None else VERSIONS[app.language.value]
    assert f"ARG {arg}={wanted}\n" in text


@pytest.mark.parametrize(("fixture", "app_dir"), CASES)
def test_app_runs_unprivileged_and_owns_what_it_writes(fixture: str, app_dir: str) -> None:
    for media in ("none", "images"):
        setup = _advice(fixture, app_dir, media).setup
        text = render_dockerfile(setup)
        users = [i.split()[1] for i in _instructions(text) if i.startswith("USER ")]
        assert users and users[-1] not in ("0", "root", "0:0"), text
        # Go's distroless image has no shell: the folders are made in the build stage and
        # copied with their owner.
        chowned = " ".join(i for i in _instructions(text) if "chown" in i or "/out/rootfs" in i)
        media = [setup.media_root] if setup.media_root else []
        # "." is the app folder itself: owned as a folder (chown without -R).
        paths = [f"/app/{rel}".removesuffix("/.") for rel in setup.build.writable]
        for path in paths + media:
            assert path in chowned or f"/out/rootfs{path}" in chowned, (path, text)


def test_writable_folders_are_chowned_in_the_django_fixture() -> None:
    text = _dockerfile("django-gunicorn", ".")
    assert 'chown -R "${UID}:${UID}" /app/staticfiles /app/media' in text
    assert "collectstatic" in text  # the comment on why it is not run at build


def test_spa_is_served_by_unprivileged_nginx_from_the_build_output() -> None:
    text = _dockerfile("monorepo", "frontend")
    assert "FROM nginxinc/nginx-unprivileged:" in text
    assert "COPY --from=build /app/public_html /usr/share/nginx/html" in text
    assert "try_files $uri $uri/ /index.html;" in text
    assert "pnpm run build" in text


def test_java_wrapper_is_made_executable_and_one_jar_is_kept() -> None:
    for fixture, wrapper, jars in (
        ("spring-maven-mvnw", "mvnw", "target"),
        ("spring-gradle-kts", "gradlew", "build/libs"),
    ):
        text = _dockerfile(fixture, ".")
        assert f"chmod +x {wrapper}" in text
        assert "FROM eclipse-temurin:${JAVA_VERSION}-jdk AS build" in text
        assert f"find {jars} -maxdepth 1 -name '*.jar' ! -name '*-plain.jar'" in text


@pytest.mark.parametrize(
    ("argv", "expected"),
    [
        (("gunicorn", "app:app"), ["gunicorn", "app:app", "--bind", "0.0.0.0:9000"]),
        (("gunicorn", "-b", ":1", "app:app"), ["gunicorn", "-b", ":1", "app:app"]),
        (("uvicorn", "m:app"), ["uvicorn", "m:app", "--host", "0.0.0.0", "--port", "9000"]),
        (("fastapi", "run", "m.py"), ["fastapi", "run", "m.py", "--port", "9000"]),
        (("python", "-m", "gunicorn", "a:b"), ["python", "-m", "gunicorn", "a:b", "--bind", "0.0.0.0:9000"]),
        (("python", "app.py"), ["python", "app.py"]),
    ],
)
def test_python_servers_bind_every_interface(argv: tuple[str, ...], expected: list[str]) -> None:
    assert python_start(argv, 9000) == expected


def test_a_start_command_cannot_break_the_dockerfile() -> None:
    setup = _advice("flask-poetry", ".").setup
    evil = ("sh", '-c"]\nRUN rm -rf /', "a\u2028b", "x\\")
    text = render_dockerfile(dataclasses.replace(setup, build=dataclasses.replace(setup.build, start=evil)))
    cmd_lines = [line for line in text.splitlines() if line.startswith("CMD ")]
    assert len(cmd_lines) == 1 and json.loads(cmd_lines[0][4:]) == list(evil)
    assert "\nRUN rm" not in text


def test_unsafe_dependency_file_names_fall_back_to_copying_the_context() -> None:
    setup = _advice("django-gunicorn", ".").setup
    build = dataclasses.replace(setup.build, manifests=("requirements.txt", "reqs/a b,c.txt"))
    text = render_dockerfile(dataclasses.replace(setup, build=build))
    assert "--mount=type=bind,source=" not in text
    assert "a b,c.txt" not in text


def _setup_with(setup: Setup, **changes: object) -> Setup:
    return dataclasses.replace(setup, build=dataclasses.replace(setup.build, **changes))  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("manager", "berry", "install"),
    [
        ("npm", False, "npm ci"),
        ("yarn", False, "yarn install --frozen-lockfile"),
        ("yarn", True, "yarn install --immutable"),
        ("pnpm", False, "pnpm install --frozen-lockfile"),
        ("bun", False, "bun install --frozen-lockfile"),
    ],
)
def test_each_node_tool_has_its_install(manager: str, berry: bool, install: str) -> None:
    setup = _setup_with(
        _advice("express-yarn", ".").setup,
        package_manager=manager,
        yarn_berry=berry,
        manifests=("package.json",),
    )
    text = render_dockerfile(setup)
    assert install in text
    assert ("oven/bun" in text) == (manager == "bun")


@pytest.mark.parametrize(
    ("manager", "install"),
    [
        ("pipenv", "pipenv install --deploy"),
        ("pdm", "pdm sync --prod --no-self"),
        ("pip", "python -m pip install ."),
    ],
)
def test_each_python_tool_has_its_install(manager: str, install: str) -> None:
    lock = {"pipenv": "Pipfile.lock", "pdm": "pdm.lock"}.get(manager)
    setup = _setup_with(
        _advice("flask-poetry", ".").setup,
        package_manager=manager,
        lockfile=lock,
        manifests=("pyproject.toml",),
    )
    assert install in render_dockerfile(setup)


@pytest.mark.parametrize(("fixture", "app_dir"), CASES)
def test_dockerignore_matches_at_any_depth_and_keeps_build_files(fixture: str, app_dir: str) -> None:
    setup = _advice(fixture, app_dir).setup
    text = render_dockerignore(setup)
    patterns = [line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#")]
    assert "**/.git" in patterns
    if setup.build.kind == "spa" and all(v.kind in ("plain", "composed") for v in setup.env):
        # A front end's build reads its own .env files (while .env holds no secret); local ones stay out
        assert "**/.env" not in patterns and "**/*.local" in patterns
    else:
        assert "**/.env" in patterns
    if setup.language.key in ("node", "static"):
        assert "**/node_modules" in patterns
    if setup.language.key == "python":
        assert "**/__pycache__" in patterns and "**/.venv" in patterns
    keep = [*setup.build.manifests, setup.build.lockfile or "", setup.build.wrapper or "", ".mvn", "gradle"]
    for name in filter(None, keep):
        base = name.rstrip("/").split("/")[-1]
        assert base not in patterns and f"{base}/" not in patterns and f"**/{base}" not in patterns, name


def test_every_fixture_dockerfile_passes_hadolint(tmp_path: Path) -> None:
    hadolint = shutil.which("hadolint") or str(Path(sys.executable).parent / "hadolint")
    if not Path(hadolint).exists():
        pytest.skip("no hadolint")
    paths = []
    for fixture, app_dir in CASES:
        for media in ("none", "images"):
            path = tmp_path / f"{fixture}-{app_dir}-{media}.Dockerfile"
            path.write_text(render_dockerfile(_advice(fixture, app_dir, media).setup), encoding="utf-8")
            paths.append(str(path))
    result = subprocess.run(
        [hadolint, "--no-color", "--failure-threshold", "info", *paths],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize(("manager", "command"), [("maven", "mvn --batch-mode"), ("gradle", "gradle ")])
def test_java_without_a_wrapper_runs_the_build_tool_by_its_command_name(manager: str, command: str) -> None:
    setup = _setup_with(
        _advice("spring-maven-mvnw", ".").setup,
        package_manager=manager,
        wrapper=None,
        build=(),
        manifests=("pom.xml",) if manager == "maven" else ("build.gradle",),
    )
    runs = [i for i in _instructions(render_dockerfile(setup)) if i.startswith("RUN")]
    assert any(command in r for r in runs), runs
    assert not any(re.search(r"\bmaven\s+--", r) for r in runs)


def test_a_dependency_without_wheels_gets_a_compiler_stage(tmp_path: Path) -> None:
    project = tmp_path / "shop"
    project.mkdir()
    (project / "requirements.txt").write_text("django==5.1\nuwsgi==2.0.28\npsycopg2==2.9.10\n")
    (project / "manage.py").write_text(
        "import os\nos.environ.setdefault('DJANGO_SETTINGS_MODULE', 'shop.settings')\n"
    )
    advice = advise({"host_os": "linux"}, folder=project)
    assert advice.setup.build.needs_compiler
    text = render_dockerfile(advice.setup)
    assert "build-essential" in text and "libpq-dev" in text
    plain = advise({"host_os": "linux"}, folder=FIXTURES / "flask-poetry")
    assert not plain.setup.build.needs_compiler and "build-essential" not in render_dockerfile(plain.setup)
    hadolint = shutil.which("hadolint") or str(Path(sys.executable).parent / "hadolint")
    if Path(hadolint).exists():
        path = tmp_path / "Dockerfile"
        path.write_text(text, encoding="utf-8")
        done = subprocess.run([hadolint, "--failure-threshold", "info", str(path)], capture_output=True)
        assert done.returncode == 0, done.stdout


def test_a_start_command_line_with_shell_operators_runs_through_sh() -> None:
    setup = _setup_with(
        _advice("flask-poetry", ".").setup, start=("flask", "db", "upgrade", "&&", "gunicorn", "app:app")
    )
    assert _cmd(render_dockerfile(setup)) == ["sh", "-c", "flask db upgrade && exec gunicorn app:app"]
    plain = _setup_with(_advice("flask-poetry", ".").setup, start=("flask", "db", "upgrade"))
    assert _cmd(render_dockerfile(plain)) == ["flask", "db", "upgrade"]  # no run: no server flags


def test_go_with_cgo_sqlite_builds_with_cgo_on_a_glibc_image(tmp_path: Path) -> None:
    project = tmp_path / "svc"
    project.mkdir()
    (project / "go.mod").write_text(
        "module example.com/svc\n\ngo 1.24\n\nrequire github.com/mattn/go-sqlite3 v1.14.24\n"
    )
    (project / "main.go").write_text("package main\n\nfunc main() {}\n")
    text = render_dockerfile(advise({"host_os": "linux"}, folder=project).setup)
    assert "CGO_ENABLED=1 go build" in text and "distroless/base-debian12:nonroot" in text
    assert "FROM golang:${GO_VERSION}-bookworm AS build" in text  # the same glibc as the final image
    plain = render_dockerfile(_advice("go-cmd-server", ".").setup)
    assert "CGO_ENABLED=0 go build" in plain and "distroless/static-debian12:nonroot" in plain


def test_a_native_node_module_gets_build_tools_in_the_build_stage_only(tmp_path: Path) -> None:
    project = tmp_path / "api"
    project.mkdir()
    package = {"name": "api", "scripts": {"start": "node index.js"}, "dependencies": {"argon2": "0.26"}}
    (project / "package.json").write_text(json.dumps(package))
    (project / "package-lock.json").write_text('{"lockfileVersion": 3}')
    text = render_dockerfile(advise({"host_os": "linux"}, folder=project).setup)
    build, final = text.split("FROM base AS final")
    assert "python3 python3-setuptools make g++" in build and "make g++" not in final
    assert "make g++" not in render_dockerfile(_advice("express-yarn", ".").setup)
    hadolint = shutil.which("hadolint") or str(Path(sys.executable).parent / "hadolint")
    if Path(hadolint).exists():
        path = tmp_path / "Dockerfile"
        path.write_text(text, encoding="utf-8")
        done = subprocess.run([hadolint, "--failure-threshold", "info", str(path)], capture_output=True)
        assert done.returncode == 0, done.stdout


def test_pg_native_builds_against_libpq_and_loads_it_at_run_time(tmp_path: Path) -> None:
    """polis' server: pg-native (over the libpq addon) compiles with node-gyp against libpq's
    headers, and the built module loads libpq.so.5 as the app starts."""
    package = {
        "name": "server",
        "scripts": {"start": "node dist/app.js"},
        "dependencies": {"pg": "^8", "pg-native": "~3.0.1"},
    }
    (tmp_path / "package.json").write_text(json.dumps(package))
    (tmp_path / "package-lock.json").write_text('{"lockfileVersion": 3}')
    text = render_dockerfile(advise({"host_os": "linux", "database": "postgres"}, folder=tmp_path).setup)
    build, final = text.split("FROM base AS final")
    assert "make g++ libpq-dev" in build and "libpq-dev" not in final
    assert "--no-install-recommends libpq5" in final
    assert_hadolint_clean(text, tmp_path)


def _stages(text: str) -> dict[str, str]:
    """Each stage's text by its name (FROM ... AS name)."""
    parts = re.split(r"^FROM .* AS (\w[\w-]*)$", text, flags=re.M)
    return dict(zip(parts[1::2], parts[2::2], strict=True))


def test_prisma_gets_openssl_its_generated_client_and_its_cli_for_the_release_step() -> None:
    setup = _advice("express-prisma", ".").setup
    assert setup.build.release == ("prisma", "migrate", "deploy")
    stages = _stages(render_dockerfile(setup))
    # OpenSSL in the stage both the build and the final image come from.
    assert "apt-get install --yes --no-install-recommends openssl ca-certificates" in stages["base"]
    # The CLI is a dev dependency: generated, and the dev dependencies kept for the release step.
    assert "npx prisma generate" in stages["build"] and "prune" not in stages["build"]
    assert 'PATH="/app/node_modules/.bin:$PATH"' in stages["final"]
    # The CLI among the dependencies: pruned, then the client generated again after the prune.
    stages = _stages(render_dockerfile(_setup_with(setup, prisma="runtime")))
    steps = next(i for i in _instructions(stages["build"]) if "prisma generate" in i)
    assert steps.index("npm prune --omit=dev") < steps.rindex("npx prisma generate")
    # Only the client: OpenSSL, nothing to run.
    stages = _stages(render_dockerfile(_setup_with(setup, prisma="client", release=())))
    assert "openssl" in stages["base"] and "prisma generate" not in stages["build"]
    # pnpm runs the CLI with exec.
    pnpm = render_dockerfile(_setup_with(setup, package_manager="pnpm", prisma="runtime"))
    assert "pnpm exec prisma generate" in pnpm


def test_a_uv_workspace_member_builds_from_the_workspace_with_its_lockfile(tmp_path: Path) -> None:
    """The lockfile of a uv workspace lies above its members: the build context is the
    workspace, the first sync mounts only the workspace's own files (--frozen: the members'
    pyproject.toml files are not there yet), and the image's /app holds only the member."""
    setup = _advice("uv-workspace", "api").setup
    assert (setup.build.context_dir, setup.build.member_dir, setup.build.package) == (".", "api", "shop-api")
    text = _dockerfile("uv-workspace", "api")
    steps = _instructions(text)
    first = next(i for i in steps if "--no-install-workspace" in i)
    assert re.findall(r"source=([^,\s]+)", first) == ["pyproject.toml", "uv.lock"]
    assert "uv sync --frozen --no-dev --no-editable --package shop-api" in " ".join(steps)
    final = steps[steps.index("FROM python:${PYTHON_VERSION}-slim AS final") :]
    assert "COPY api/ ./" in final and "COPY . ." not in final
    assert "ENV UV_PROJECT_ENVIRONMENT=/app/.venv" in steps
    notes = [n.key for n in setup.notes]
    assert "workspace-member" in notes and "outside-context" not in notes
    # Written into the project, run.sh builds from the workspace's folder.
    folder = tmp_path / "shop"
    shutil.copytree(FIXTURES / "uv-workspace", folder)
    written = advise({"host_os": "linux", "environment": "development"}, folder=folder)
    files = {f.name: f.content for f in render_files(written.setup, "en")}
    assert 'docker build --tag "$image" .\n' in files["run.sh"]
    # Not a member (the root's members do not list it): no workspace build, the report says why.
    (folder / "pyproject.toml").write_text('[tool.uv.workspace]\nmembers = ["libs/*"]\n')
    answers = {"host_os": "linux", "app_dir": "api", "language": "python", "package_manager": "uv"}
    other = advise(answers, folder=folder)
    assert other.setup.build.member_dir == "."
    assert "outside-context" in [n.key for n in other.setup.notes]


@pytest.mark.parametrize(("fixture", "app_dir"), [c for c in CASES if _app(*c).language.value == "python"])
def test_python_images_name_their_virtual_environment(fixture: str, app_dir: str) -> None:
    """VIRTUAL_ENV is set as `activate` sets it: uWSGI's `virtualenv = $(VIRTUAL_ENV)` and
    other tools read it."""
    steps = _instructions(_dockerfile(fixture, app_dir))
    final = steps[max(i for i, s in enumerate(steps) if s.startswith("FROM ")) :]
    env = " ".join(s for s in final if s.startswith("ENV "))
    assert "VIRTUAL_ENV=/app/.venv" in env and 'PATH="/app/.venv/bin:$PATH"' in env


def test_node_images_find_package_programs_and_corepack_never_pins(tmp_path: Path) -> None:
    """pm2-runtime and other package programs are found by name (node_modules/.bin on PATH),
    and Corepack does not try to write packageManager into the read-only package.json."""
    for fixture in ("express-yarn", "ts-api-pnpm", "express-prisma"):
        text = _dockerfile(fixture, ".")
        assert 'PATH="/app/node_modules/.bin:$PATH"' in text
        if "corepack enable" in text:
            assert "COREPACK_ENABLE_AUTO_PIN=0" in text


def test_the_install_mounts_the_package_managers_own_settings(tmp_path: Path) -> None:
    """pnpm reads pnpm-workspace.yaml (catalogs, overrides) and .npmrc during the install."""
    folder = tmp_path / "api"
    shutil.copytree(FIXTURES / "ts-api-pnpm", folder)
    (folder / "pnpm-workspace.yaml").write_text("catalog:\n  zod: ^3.24.1\n")
    (folder / ".npmrc").write_text("engine-strict=true\n")
    (folder / "patches").mkdir()
    (folder / "patches" / "zod.patch").write_text("")
    text = render_dockerfile(advise({"host_os": "linux"}, folder=folder).setup)
    install = next(i for i in _instructions(text) if "pnpm install" in i)
    mounted = re.findall(r"source=([^,\s]+)", install)
    assert {"package.json", "pnpm-lock.yaml", "pnpm-workspace.yaml", ".npmrc", "patches"} <= set(mounted)


def test_a_package_versioned_from_git_is_told_a_version_for_its_install(tmp_path: Path) -> None:
    """modoboa: setuptools_scm in [build-system] requires, .git left out by .dockerignore:
    `pip install .` stops with "unable to detect version" unless SETUPTOOLS_SCM_PRETEND_VERSION
    is set, as a build argument the person can give; none with a fallback version. Its
    rrdtool-bindings has no wheels: librrd's headers to build, the library to run."""
    (tmp_path / "pyproject.toml").write_text(
        '[build-system]\nrequires = ["setuptools>=61.0", "setuptools_scm[toml]>=6.4"]\n'
        'build-backend = "setuptools.build_meta"\n\n[project]\nname = "mail"\ndynamic = ["version"]\n'
        'dependencies = ["flask", "gunicorn", "rrdtool-bindings"]\n'
    )
    (tmp_path / "app.py").write_text("from flask import Flask\napp = Flask(__name__)\n")
    steps = _instructions(render_dockerfile(advise({"host_os": "linux"}, folder=tmp_path).setup))
    arg = steps.index("ARG SETUPTOOLS_SCM_PRETEND_VERSION=0.0.0")
    install = next(i for i, s in enumerate(steps) if "pip install ." in s)
    assert arg < install and not any(s.startswith("FROM ") for s in steps[arg:install])
    assert "librrd-dev" in next(s for s in steps if "build-essential" in s)
    assert "librrd8t64" in [s for s in steps if "apt-get install" in s][-1]
    with (tmp_path / "pyproject.toml").open("a") as f:
        f.write('\n[tool.setuptools_scm]\nfallback_version = "0.0.0"\n')
    assert "SETUPTOOLS_SCM" not in render_dockerfile(advise({"host_os": "linux"}, folder=tmp_path).setup)


def test_native_python_packages_get_their_headers_to_build_and_their_libraries_to_run(tmp_path: Path) -> None:
    (tmp_path / "requirements.txt").write_text("flask\ngunicorn\npygraphviz==1.11\npython-magic\n")
    (tmp_path / "app.py").write_text("from flask import Flask\napp = Flask(__name__)\n")
    steps = _instructions(render_dockerfile(advise({"host_os": "linux"}, folder=tmp_path).setup))
    build = next(s for s in steps if "build-essential" in s)
    assert "libgraphviz-dev" in build and "libpq-dev" not in build  # only what the project needs
    final = steps[max(i for i, s in enumerate(steps) if s.startswith("FROM ")) :]
    runtime = next(s for s in final if "apt-get install" in s)
    assert all(p in runtime for p in ("libgvc6", "libcgraph6", "libmagic1t64"))
    # psycopg 3 without [binary] loads the system's libpq at run time.
    (tmp_path / "requirements.txt").write_text("flask\ngunicorn\npsycopg==3.3.4\n")
    text = render_dockerfile(advise({"host_os": "linux"}, folder=tmp_path).setup)
    assert "libpq5" in text and "build-essential" not in text
    # python-magic alone compiles nothing: one stage, the library still installed.
    (tmp_path / "requirements.txt").write_text("flask\ngunicorn\npython-magic\n")
    text = render_dockerfile(advise({"host_os": "linux"}, folder=tmp_path).setup)
    assert "build-essential" not in text and "libmagic1t64" in text
    # GitPython runs the git program (otterwiki stopped at import: "Bad git executable").
    (tmp_path / "requirements.txt").write_text("flask\ngunicorn\nGitPython==3.1.45\n")
    text = render_dockerfile(advise({"host_os": "linux"}, folder=tmp_path).setup)
    assert "build-essential" not in text and re.search(
        r"apt-get install -y --no-install-recommends[^\n]* git\b", text
    )
    # extractcode-libarchive's bundled libarchive loads libgomp (scancode.io's collectstatic
    # stopped: "libgomp.so.1: cannot open shared object file")
    (tmp_path / "requirements.txt").write_text("flask\ngunicorn\nextractcode-libarchive==3.5.1.210531\n")
    text = render_dockerfile(advise({"host_os": "linux"}, folder=tmp_path).setup)
    assert re.search(r"apt-get install -y --no-install-recommends[^\n]* libgomp1\b", text)


def test_a_spring_app_with_sqlite_beside_the_jar_owns_its_folder(tmp_path: Path) -> None:
    folder = tmp_path / "api"
    shutil.copytree(FIXTURES / "spring-gradle-kts", folder)
    res = folder / "src" / "main" / "resources"
    res.mkdir(parents=True, exist_ok=True)
    (res / "application.properties").write_text("spring.datasource.url=jdbc:sqlite:dev.db\n")
    advice = advise({"host_os": "linux", "database": "none"}, folder=folder)
    assert advice.setup.build.writable == (".",)
    # With a database server answered, the app's datasource is the server's: SQLite's file
    # is not written.
    assert advise({"host_os": "linux", "database": "postgres"}, folder=folder).setup.build.writable == ()
    text = render_dockerfile(advice.setup)
    assert "chown app:app /app\n" in text and "chown -R app:app /app" not in text


def test_a_go_image_carries_the_files_the_app_loads(tmp_path: Path) -> None:
    shutil.copytree(FIXTURES / "go-cmd-server", tmp_path / "svc")
    folder = tmp_path / "svc"
    (folder / "app.env").write_text(
        "DB_SOURCE=postgresql://u:p@localhost/db\nMIGRATION_URL=file://db/migration\n"
    )
    (folder / "db" / "migration").mkdir(parents=True)
    (folder / "db" / "migration" / "1_init.up.sql").write_text("select 1;\n")
    (folder / "internal" / "conf.go").parent.mkdir(exist_ok=True)
    (folder / "internal" / "conf.go").write_text(
        'package internal\n\nimport "github.com/spf13/viper"\n\nfunc Load() {\n'
        '\tviper.SetConfigName("app")\n\tviper.SetConfigType("env")\n\tviper.AddConfigPath(".")\n}\n'
    )
    steps = _instructions(render_dockerfile(advise({"host_os": "linux"}, folder=folder).setup))
    final = steps[max(i for i, s in enumerate(steps) if s.startswith("FROM ")) :]
    assert "COPY app.env ./app.env" in final and "COPY db/migration ./db/migration" in final
    assert final.index("WORKDIR /app") < final.index("COPY app.env ./app.env")


def test_next_build_gets_placeholder_connection_urls_on_its_build_command_only() -> None:
    setup = advise({"host_os": "linux", "database": "postgres"}, folder=FIXTURES / "nextjs").setup
    steps = _instructions(render_dockerfile(setup))
    build = steps[steps.index("FROM base AS build") : steps.index("FROM base AS final")]
    run = next(s for s in build if "npm run build" in s)
    assert "DATABASE_URL=postgresql://build:build@db:5432/build " in run and run.endswith("npm run build")
    assert not any(s.startswith("ENV ") and "build:build@" in s for s in steps)  # no layer keeps it
    assert not any("build:build@" in s for s in steps[steps.index("FROM base AS final") :])


def test_pnpm_and_yarn_without_a_packagemanager_field_get_the_major_their_lockfile_implies(
    tmp_path: Path,
) -> None:
    folder = tmp_path / "api"
    shutil.copytree(FIXTURES / "ts-api-pnpm", folder)
    package = json.loads((folder / "package.json").read_text())
    del package["packageManager"]
    (folder / "package.json").write_text(json.dumps(package))
    text = render_dockerfile(advise({"host_os": "linux"}, folder=folder).setup)
    assert "corepack install --global pnpm@9" in text  # lockfileVersion '9.0'
    # packageManager pins it: that exact version (with its hash) is installed in the base
    # stage, where the final image's release step finds it.
    pinned = _dockerfile("ts-api-pnpm", ".")
    base = pinned[pinned.index("AS base") : pinned.index("AS build")]
    assert "--mount=type=bind,source=package.json,target=package.json" in base
    assert "&& corepack install\n" in base and "--global pnpm" not in pinned
    yarn = render_dockerfile(advise({"host_os": "linux"}, folder=FIXTURES / "express-yarn").setup)
    assert "corepack install --global yarn@1.22.22" in yarn  # a v1 lockfile: yarn classic, named exactly


def test_pnpm_settings_in_its_workspace_file_need_pnpm_10_and_dev_engines_pins_the_version(
    tmp_path: Path,
) -> None:
    """A lockfile v9 with pnpm-workspace.yaml holding settings only (onlyBuiltDependencies,
    no packages: ultimate-nest): pnpm 9 refuses that file ("packages field missing or empty"),
    so pnpm 10 is installed. devEngines.packageManager (waline's pnpm 11.15.1) pins the exact
    version, installed by name (Corepack's `corepack install` reads packageManager only); pnpm
    11 writes its own version into the lockfile as it installs, so the lockfile is copied in,
    not mounted (a mounted file cannot be replaced: EBUSY)."""
    folder = tmp_path / "api"
    shutil.copytree(FIXTURES / "ts-api-pnpm", folder)
    package = json.loads((folder / "package.json").read_text())
    del package["packageManager"]
    (folder / "package.json").write_text(json.dumps(package))
    (folder / "pnpm-workspace.yaml").write_text("onlyBuiltDependencies:\n  - esbuild\n")
    text = render_dockerfile(advise({"host_os": "linux"}, folder=folder).setup)
    assert "corepack install --global pnpm@10\n" in text
    assert "--mount=type=bind,source=pnpm-lock.yaml,target=pnpm-lock.yaml" in text
    (folder / "pnpm-workspace.yaml").write_text("packages:\n  - .\ncatalog:\n  zod: ^3\n")
    assert "corepack install --global pnpm@9\n" in render_dockerfile(
        advise({"host_os": "linux"}, folder=folder).setup
    )

    package["devEngines"] = {"packageManager": {"name": "pnpm", "version": "11.15.1", "onFail": "download"}}
    (folder / "package.json").write_text(json.dumps(package))
    text = render_dockerfile(advise({"host_os": "linux"}, folder=folder).setup)
    assert "corepack install --global pnpm@11.15.1\n" in text and "&& corepack install\n" not in text
    assert "COPY pnpm-lock.yaml pnpm-lock.yaml\n" in text
    # the dev dependencies go by installing the production ones again, never `pnpm prune`
    # (it empties a workspace member's node_modules; pnpm 10.16+ asks before purging)
    assert (
        "CI=true pnpm install --prod --frozen-lockfile --ignore-scripts" in text and "pnpm prune" not in text
    )
    assert "source=pnpm-lock.yaml" not in text and "--mount=type=bind,source=package.json" in text
    assert_hadolint_clean(text, folder)


def test_pm2_keeps_its_state_where_a_read_only_root_lets_it_write() -> None:
    setup = advise(
        {"host_os": "linux", "start_command": "pm2-runtime ecosystem.config.json"},
        folder=FIXTURES / "express-yarn",
    ).setup
    assert "PM2_HOME=/tmp/.pm2" in render_dockerfile(setup)
    assert "PM2_HOME" not in _dockerfile("express-yarn", ".")


def test_a_go_app_that_loads_dotenv_gets_an_empty_one_never_the_projects(tmp_path: Path) -> None:
    shutil.copytree(FIXTURES / "go-cmd-server", tmp_path / "svc")
    folder = tmp_path / "svc"
    (folder / ".env").write_text("DB_PASSWORD=secret\n")
    (folder / "config.go").write_text(
        'package main\n\nimport "github.com/joho/godotenv"\n\nfunc init() {\n'
        "\tif err := godotenv.Load(); err != nil {\n\t\tpanic(err)\n\t}\n}\n"
    )
    text = render_dockerfile(advise({"host_os": "linux"}, folder=folder).setup)
    steps = _instructions(text)
    assert "COPY --from=build /out/empty.env ./.env" in steps
    assert not any(s.startswith("COPY .env") for s in steps)
    assert "touch /out/empty.env" in " ".join(steps)


def test_a_go_app_that_loads_dotenv_by_name_gets_an_empty_one_too(tmp_path: Path) -> None:
    """godotenv.Load(".env") stops the app (log.Fatal) without the file, which .gitignore keeps
    out of the repository: the image gets an empty one, as for the bare Load()."""
    shutil.copytree(FIXTURES / "go-cmd-server", tmp_path / "svc")
    folder = tmp_path / "svc"
    (folder / "config.go").write_text(
        'package main\n\nimport (\n\t"log"\n\n\t"github.com/joho/godotenv"\n)\n\nfunc init() {\n'
        '\tif err := godotenv.Load(".env"); err != nil {\n\t\tlog.Fatal("Error loading .env file")\n\t}\n}\n'
    )
    steps = _instructions(render_dockerfile(advise({"host_os": "linux"}, folder=folder).setup))
    assert "COPY --from=build /out/empty.env ./.env" in steps


@pytest.mark.parametrize(
    ("node", "corepack"),
    [
        ("24", "0.36.0"),
        ("24.15.1", "0.36.0"),
        ("24.11", "0.32.0"),
        ("22", "0.36.0"),
        ("22.12.0", "0.32.0"),
        ("25", "0.32.0"),
        ("26", "0.36.0"),
        ("20", "0.32.0"),
        ("18", "0.32.0"),
        ("16", "0.20.0"),
        ("14", "0.17.0"),
    ],
)
def test_corepack_is_a_release_that_runs_on_the_images_node(node: str, corepack: str) -> None:
    """Corepack 0.36 (which reads devEngines ranges) runs on Node 22.22.2, 24.15 and 26 on;
    0.32 needs Node 18.17 (it calls fetch): a project on Node 16 (engines 16.x) gets 0.20,
    whose engines field allows 16.20, and Node 14 gets 0.17."""
    setup = advise({"host_os": "linux", "runtime_version": node}, folder=FIXTURES / "ts-api-pnpm").setup
    text = render_dockerfile(setup)
    assert f"corepack@{corepack} " in text
    # Corepack 0.17 has no `install` command (0.20 added it): it prepares and activates.
    activate = "corepack prepare --activate" if corepack == "0.17.0" else "corepack install\n"
    assert activate in text and ("corepack install" in text) == (corepack != "0.17.0")


def test_a_project_that_installs_itself_is_copied_into_a_one_stage_image_once(tmp_path: Path) -> None:
    """pip install . needs the code first; a one-stage image then has it already (m13: the
    Flask tutorial's Dockerfile copied it twice)."""
    (tmp_path / "pyproject.toml").write_text(
        '[project]\nname = "flaskr"\nversion = "1.0"\ndependencies = ["flask"]\n'
    )
    (tmp_path / "flaskr").mkdir()
    (tmp_path / "flaskr" / "__init__.py").write_text("from flask import Flask\n\napp = Flask(__name__)\n")
    steps = _instructions(render_dockerfile(advise({"host_os": "linux"}, folder=tmp_path).setup))
    assert steps.count("COPY . .") == 1
    assert steps.index("COPY . .") < next(i for i, s in enumerate(steps) if "pip install ." in s)


@pytest.mark.parametrize(
    ("python", "poetry", "pipenv", "pdm"),
    [
        ("3.13", "2.5.1", "2026.10.3", "2.29.4"),
        ("3.10", "2.5.1", "2026.10.3", "2.29.4"),
        ("3.9", "2.2.1", "2025.0.4", "2.26.9"),
        ("3.8", "1.8.5", "2024.4.1", "2.20.1"),
        ("3.7", "1.5.1", "2023.10.3", "2.8.2"),
    ],
)
def test_the_python_package_manager_is_a_release_that_installs_on_the_images_python(
    python: str, poetry: str, pipenv: str, pdm: str
) -> None:
    """Poetry 2.5, Pipenv 2026 and PDM 2.29 need Python 3.10 (their Requires-Python); older
    lines get the last release pip installs there (Pipfile python_version = "3.7": 2023's)."""
    from advisor.render.toolversions import python_tool_for

    found = (
        python_tool_for("poetry", python),
        python_tool_for("pipenv", python),
        python_tool_for("pdm", python),
    )
    assert found == (poetry, pipenv, pdm)
    setup = advise({"host_os": "linux", "runtime_version": python}, folder=FIXTURES / "flask-poetry").setup
    assert f"poetry=={poetry}" in render_dockerfile(setup)


def test_the_apps_folder_is_on_the_import_path_of_its_scripts_and_tools(tmp_path: Path) -> None:
    """poetry install --no-root and pip -r install the dependencies, not the project: a release
    script (`python app/prestart.py`) or alembic's env.py importing `app` found nothing (m15
    ultimate-fastapi-tutorial). PYTHONPATH names the folder the app runs in, as servers do."""
    poetry = render_dockerfile(advise({"host_os": "linux"}, folder=FIXTURES / "flask-poetry").setup)
    assert "    PYTHONPATH=/app \\\n" in poetry
    project = tmp_path / "recipes"
    (project / "app" / "app").mkdir(parents=True)
    (project / "requirements.txt").write_text("Django==5.1.4\n")
    (project / "app" / "manage.py").write_text(
        'import os\nos.environ.setdefault("DJANGO_SETTINGS_MODULE", "app.settings")\n'
    )
    (project / "app" / "app" / "__init__.py").write_text("")
    (project / "app" / "app" / "settings.py").write_text("SECRET_KEY = 'x'\n")
    nested = advise({"host_os": "linux"}, folder=project).setup
    assert nested.build.workdir == "app"
    assert "    PYTHONPATH=/app/app \\\n" in render_dockerfile(nested)


def test_an_old_node_lines_npm_prunes_with_the_flag_it_knows(tmp_path: Path) -> None:
    """ddd-forum runs Node 10 (npm 6), which knows `npm prune --production`, not npm 7's
    `--omit=dev`: the dev dependencies would stay. A current line keeps --omit=dev."""
    (tmp_path / "package.json").write_text(
        '{"name": "forum", "scripts": {"build": "tsc", "start": "node dist/index.js"},'
        ' "dependencies": {"express": "^4.0.0"}, "devDependencies": {"typescript": "^3.0.0"}}'
    )
    (tmp_path / "package-lock.json").write_text('{"name": "forum", "lockfileVersion": 1, "dependencies": {}}')
    (tmp_path / ".nvmrc").write_text("10.0.0\n")
    assert "npm prune --production" in render_dockerfile(advise({"host_os": "linux"}, folder=tmp_path).setup)
    (tmp_path / ".nvmrc").write_text("22\n")
    assert "npm prune --omit=dev" in render_dockerfile(advise({"host_os": "linux"}, folder=tmp_path).setup)


def test_a_node_dependency_from_a_git_repository_gets_git_in_the_build_stage_only(tmp_path: Path) -> None:
    """npm, yarn and pnpm clone a git dependency with the git program, which the slim Node
    image lacks ("spawn git ENOENT"): the build stage installs it, the final image does not."""
    package = {
        "name": "gitdep",
        "scripts": {"start": "node index.js"},
        "dependencies": {"express": "^4.21.0", "left-pad": "github:stevemao/left-pad#v1.3.0"},
    }
    (tmp_path / "package.json").write_text(json.dumps(package))
    (tmp_path / "index.js").write_text("require('express')().listen(3000)\n")
    dockerfile = advise({"host_os": "linux"}, folder=tmp_path).files("en")["Dockerfile"]
    build, _, final = dockerfile.partition("FROM base AS final")
    assert (
        "apt-get install --yes --no-install-recommends git ca-certificates" in build.split("AS build", 1)[1]
    )
    assert "git" not in final.replace("gitdep", "")
    assert_hadolint_clean(dockerfile, tmp_path)
    # with a native module too: one apt step with both
    package["dependencies"]["bcrypt"] = "^5.1.1"
    (tmp_path / "package.json").write_text(json.dumps(package))
    (tmp_path / ".advisor-answers.yaml").unlink(missing_ok=True)
    dockerfile = advise({"host_os": "linux"}, folder=tmp_path).files("en")["Dockerfile"]
    assert dockerfile.count("apt-get install") == 1
    assert "python3 python3-setuptools make g++ git ca-certificates" in dockerfile
    # shorthands and URLs count; registry ranges, tags and scoped names do not
    for spec, git in (
        ("git+https://example.org/a/b.git", True),
        ("owner/repo#main", True),
        ("https://github.com/wednesday-solutions/hapi-swaggerui/#main", True),  # yarn clones it
        ("https://github.com/o/r/archive/v1.tar.gz", False),  # a tarball
        ("gitlab:owner/repo", True),
        ("^1.2.3", False),
        ("latest", False),
        ("npm:other@^1", False),
        ("file:../lib", False),
    ):
        package["dependencies"] = {"express": "^4.21.0", "dep": spec}
        (tmp_path / "package.json").write_text(json.dumps(package))
        dockerfile = advise({"host_os": "linux"}, folder=tmp_path).files("en")["Dockerfile"]
        assert ("ca-certificates" in dockerfile) is git, spec


def test_uv_installs_frozen_when_the_projects_own_dockerfile_does(tmp_path: Path) -> None:
    """redash: its Dockerfile runs `uv sync --frozen` (its uv.lock lags pyproject.toml, and
    `uv sync --locked` stopped the build); advisor's image installs the same way, and its comment says
    why. Without that, --locked, which catches a stale lock."""
    files = {
        "pyproject.toml": '[project]\nname = "redash"\nversion = "1"\ndependencies = ["flask", "gunicorn"]\n',
        "uv.lock": 'version = 1\n\n[[package]]\nname = "flask"\nversion = "3.1.0"\n',
        "redash/__init__.py": (
            "from flask import Flask\n\n\ndef create_app():\n    app = Flask(__name__)\n    return app\n"
        ),
        "Dockerfile": "FROM python:3.12\nRUN uv sync --frozen --no-dev\n",
    }
    frozen = advise({"host_os": "linux"}, folder=write_tree(tmp_path / "a", files)).files("en")["Dockerfile"]
    assert "uv sync --frozen --no-install-workspace --no-dev" in frozen and "--locked" not in frozen
    assert "# Dockerfile installs uv.lock with --frozen" in frozen
    # redash's own form: the flags in an ARG that `uv sync $UV_OPTIONS` takes
    files["Dockerfile"] = (
        'FROM python:3.12\nARG UV_OPTIONS="--frozen --no-install-project"\nRUN uv sync $UV_OPTIONS\n'
    )
    by_arg = advise({"host_os": "linux"}, folder=write_tree(tmp_path / "c", files)).files("en")["Dockerfile"]
    assert "uv sync --frozen --no-install-workspace --no-dev" in by_arg
    del files["Dockerfile"]
    locked = advise({"host_os": "linux"}, folder=write_tree(tmp_path / "b", files)).files("en")["Dockerfile"]
    assert "uv sync --locked --no-install-workspace --no-dev" in locked
