"""Production hardening, over the whole answer space: every production container carries the
CIS Docker Benchmark's runtime options (each with its comment), development none; every app
image has a healthcheck that needs no curl; checkov finds no failed Dockerfile check."""

from __future__ import annotations

import dataclasses
import json
import re
import shlex
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
from helpers import run_checkov
from test_starter import all_cases, parsed_compose, write_all

from advisor.api import advise
from advisor.inspect import inspect_project
from advisor.render.compose import OPTION_COMMENTS, render_compose
from advisor.render.dockerfile import render_dockerfile
from advisor.render.hardening import LIMITS, STEP_DOWN_CAPS
from advisor.render.report import render_report
from advisor.render.runscript import render_run_script

FIXTURES = Path(__file__).parent / "fixtures"
# Options that would undo the isolation; advisor must never write them.
LOGGING_OPTIONS = {"driver": "json-file", "options": {"max-size": "10m", "max-file": "3"}}
FORBIDDEN = ("privileged", "network_mode", "pid", "ipc", "userns_mode", "uts", "devices", "cgroup")


def _production_composes() -> list[tuple[Any, dict[str, Any], str]]:
    out = []
    for case in all_cases():
        if "compose.yaml" in case.files and case.advice.answers.environment == "production":
            text = case.files["compose.yaml"]
            out.append((case, parsed_compose(text), text))
    return out


def _comments_above(text: str, service: str, key: str) -> list[str]:
    """The comment lines right above a service's option, top first."""
    lines = text.splitlines()
    start = lines.index(f"  {service}:")
    for i in range(start + 1, len(lines)):
        if lines[i].startswith(f"    {key}:"):
            j = i
            while lines[j - 1].strip().startswith("#"):
                j -= 1
            return [line.strip() for line in lines[j:i]]
        if lines[i].startswith("  ") and not lines[i].startswith("   "):
            break
    raise AssertionError(f"{service} has no {key}")


def _comment_above(text: str, service: str, key: str) -> str:
    return _comments_above(text, service, key)[-1]


def test_every_production_service_carries_the_runtime_options() -> None:
    services_checked = 0
    for case, data, text in _production_composes():
        limits = data["x-limits"]
        for name, service in data["services"].items():
            where = f"{case.label}: {name}"
            assert service["security_opt"] == ["no-new-privileges:true"], where
            assert service["cap_drop"] == ["ALL"], where
            added = service.get("cap_add", [])
            if name in ("app", "migrate"):
                assert added == [], where  # the app runs unprivileged on a high port
            elif name == "proxy":
                assert added == ["NET_BIND_SERVICE"], where  # the caddy binary's file capability
            else:
                assert added and set(added) <= set(STEP_DOWN_CAPS), where
            assert service["logging"] == LOGGING_OPTIONS, where
            resources = service["deploy"]["resources"]["limits"]
            assert set(resources) == {"cpus", "memory", "pids"} and resources in limits.values(), where
            assert service["restart"] == ("no" if name == "migrate" else "unless-stopped"), where
            assert not set(FORBIDDEN) & set(service), where
            if service.get("read_only") is True:
                # Writable only where it must be: tmpfs, or the service's own volumes.
                assert all(path.startswith("/") for path in service.get("tmpfs", [])), where
            else:
                assert _comments_above(text, name, "security_opt")[0].startswith(
                    "# Root file system left writable: "
                ), where
            for key in ("security_opt", "cap_drop", "deploy", "logging", *(["cap_add"] if added else [])):
                comment = OPTION_COMMENTS["cap_add proxy" if key == "cap_add" and name == "proxy" else key]
                assert _comment_above(text, name, key) == f"# {comment}", (where, key)
            services_checked += 1
    assert services_checked > 200


def test_the_limits_are_set_in_one_place_and_shared_by_alias() -> None:
    for case, data, text in _production_composes():
        roles = {"app": "app-java" if case.advice.answers.language == "java" else "app"}
        if "db" in data["services"]:
            roles["db"] = "db"
        if "redis" in data["services"]:
            roles["redis"] = "cache"
        roles["proxy"] = "proxy"
        assert set(data["x-limits"]) == set(roles.values()), case.label
        for service, key in roles.items():
            expected = LIMITS[key]
            got = data["services"][service]["deploy"]["resources"]["limits"]
            assert got == {"cpus": expected.cpus, "memory": expected.memory, "pids": expected.pids}
            assert f"  {key}: &{key}-limits\n" in text, case.label
            # Defined once under x-limits, every service refers to it by its alias.
            assert text.count(f"memory: {expected.memory}\n") == len(data["x-limits"]) - sum(
                1 for other in data["x-limits"] if LIMITS[other].memory != expected.memory
            )
            assert f"        limits: *{key}-limits\n" in text, case.label


def test_development_keeps_the_loop_free_of_runtime_limits() -> None:
    checked = 0
    for case in all_cases():
        if "compose.yaml" not in case.files or case.advice.answers.environment != "development":
            continue
        data = parsed_compose(case.files["compose.yaml"])
        assert "x-limits" not in data, case.label
        for name, service in data["services"].items():
            for key in ("security_opt", "cap_drop", "read_only", "deploy", "restart", "logging"):
                assert key not in service, (case.label, name, key)
        checked += 1
    assert checked > 50


def test_the_app_root_file_system_is_read_only_unless_it_writes_into_its_image() -> None:
    """All-cases apps write only to the media volume: read-only with tmpfs for /tmp. A Django
    project with a SQLite file next to its code keeps a writable root and says why."""
    for case, data, _ in _production_composes():
        app = data["services"]["app"]
        assert app["read_only"] is True and "/tmp" in app["tmpfs"], case.label
        for mount in app.get("volumes", []):
            assert mount.split(":")[1] == case.advice.setup.media_root
    advice = advise(
        {"project_name": "dj", "host_os": "linux", "environment": "production"},
        folder=FIXTURES / "django-gunicorn",
    )
    writes = [w for w in advice.setup.writable_paths() if w != advice.setup.media_root]
    text = render_compose(advice.setup)
    app = parsed_compose(text)["services"]["app"]
    if writes:
        assert "read_only" not in app
        folders = ", ".join(writes)
        assert _comments_above(text, "app", "security_opt")[0] == (
            f"# Root file system left writable: the app writes into its image's folders ({folders})."
        )
    else:
        assert app["read_only"] is True


def _run_scripts() -> list[tuple[str, Any, str]]:
    """(label, setup, run.sh) for every run.sh of the answer space (development only: the shipped
    rules send production to compose, for its proxy), plus each single-container production plan
    rendered as run.sh, as a rule base that chooses run.sh in production would get it."""
    out = [(c.label, c.advice.setup, c.files["run.sh"]) for c in all_cases() if "run.sh" in c.files]
    for case in all_cases():
        setup = case.advice.setup
        if setup.production and setup.compose and setup.database is None and setup.cache is None:
            single = dataclasses.replace(setup, orchestration="docker-run-script", proxy=None)
            out.append((f"{case.label} as run.sh", single, render_run_script(single)))
    return out


def test_the_production_run_script_applies_the_same_options() -> None:
    checked = {True: 0, False: 0}
    for label, setup, script in _run_scripts():
        run = script[script.index("docker run \\") :]
        flags = " ".join(line.strip().rstrip("\\").strip() for line in run.splitlines()[1:])
        production = setup.production
        lim = LIMITS["app-java" if setup.language.key == "java" else "app"]
        expected = [
            "--security-opt no-new-privileges:true",
            "--cap-drop ALL",
            "--read-only",
            "--tmpfs /tmp",
            f"--cpus {lim.cpus}",
            f"--memory {lim.memory}",
            f"--pids-limit {lim.pids}",
        ]
        for flag in expected:
            assert (flag in flags) == production, (label, flag)
        assert "--privileged" not in script and "--network host" not in script
        checked[production] += 1
    assert checked[True] > 20 and checked[False] > 20


def test_every_app_image_has_a_healthcheck_that_needs_no_curl() -> None:
    """The Dockerfile's HEALTHCHECK and compose's app healthcheck run the same program, which
    the final image already has; it connects to the port the app listens on."""
    checked = 0
    for case in all_cases():
        if "Dockerfile" not in case.files:
            continue
        setup = case.advice.setup
        dockerfile = case.files["Dockerfile"]
        match = re.search(r"^HEALTHCHECK [^\n]*\\\n\s+CMD (\[.*\])$", dockerfile, re.M)
        assert match, case.label
        probe = json.loads(match[1])
        assert probe == list(setup.healthcheck), case.label
        assert "curl" not in match[1] and str(setup.app_port) in probe[-1], case.label
        if setup.language.key == "go":
            assert "COPY --from=build /out/probe /probe" in dockerfile
        if "compose.yaml" in case.files:
            app = parsed_compose(case.files["compose.yaml"])["services"]["app"]
            assert app["healthcheck"]["test"] == ["CMD", *probe], case.label
        checked += 1
    assert checked > 200


def test_the_go_probe_compiles_and_checks_the_port(tmp_path: Path) -> None:
    """The probe the Go Dockerfile writes with printf is a Go program that exits 0 only when
    the port accepts a connection at the machine's own address."""
    go = shutil.which("go")
    if go is None:
        pytest.skip("no Go toolchain on this machine")
    case = next(c for c in all_cases() if c.advice.setup.language.key == "go")
    dockerfile = case.files["Dockerfile"]
    run = dockerfile[dockerfile.index("    printf '%s\\n' \\") :]
    run = run[: run.index(" > /tmp/probe.go")]
    lines = [shlex.split(line.rstrip("\\").strip())[-1] for line in run.splitlines()[1:]]
    (tmp_path / "probe.go").write_text("\n".join(lines) + "\n")
    env = {"GO111MODULE": "off", "CGO_ENABLED": "0", "HOME": str(tmp_path), "GOCACHE": str(tmp_path / "c")}
    built = subprocess.run(
        [go, "build", "-o", str(tmp_path / "probe"), str(tmp_path / "probe.go")],
        capture_output=True,
        text=True,
        env={**env, "PATH": "/usr/bin:/bin"},
    )
    assert built.returncode == 0, built.stderr
    import socket

    # The probe connects to the machine's own address (its host name), as other containers do.
    own = socket.gethostbyname(socket.gethostname())
    with socket.socket() as server:
        server.bind((own, 0))
        server.listen()
        port = server.getsockname()[1]
        assert subprocess.run([str(tmp_path / "probe"), str(port)]).returncode == 0
    assert subprocess.run([str(tmp_path / "probe"), str(port)]).returncode == 1
    if not own.startswith("127."):
        # An app that listens on the loopback address only is unreachable from outside: unhealthy.
        with socket.socket() as server:
            server.bind(("127.0.0.1", 0))
            server.listen()
            port = server.getsockname()[1]
            assert subprocess.run([str(tmp_path / "probe"), str(port)]).returncode == 1


def test_checkov_finds_no_failed_dockerfile_check(tmp_path: Path) -> None:
    """Every distinct Dockerfile of the answer space and of the fixture projects, in one
    checkov call, offline: no failed check (an inline skip would need its reason)."""
    folders = []
    (tmp_path / "space").mkdir()
    for path in write_all(tmp_path / "space", "Dockerfile"):
        folder = path.with_suffix(".d")
        folder.mkdir()
        path.rename(folder / "Dockerfile")
        folders.append(folder)
    for fixture in sorted(p for p in FIXTURES.iterdir() if p.is_dir()):
        project = inspect_project(fixture)
        for app in project.apps:
            raw = {"project_name": "demo", "host_os": "linux", "environment": "production"}
            if app.path != ".":
                raw |= {"app_dir": app.path, "language": app.language.value}
                if app.package_manager is not None:
                    raw["package_manager"] = app.package_manager.name
            advice = advise(raw, folder=fixture)
            folder = tmp_path / "fixtures" / f"{fixture.name}-{app.path.replace('/', '_')}"
            folder.mkdir(parents=True)
            (folder / "Dockerfile").write_text(render_dockerfile(advice.setup))
            folders.append(folder)
    result = run_checkov(tmp_path, "dockerfile")
    assert not result.failed, result.failed[:20]
    assert all(check.get("suppress_comment") for check in result.skipped), result.skipped
    passed = result.passed
    assert passed >= 40 * len(folders) > 0


def test_the_report_says_what_production_files_protect_and_what_remains() -> None:
    checked = 0
    for case in all_cases():
        setup = case.advice.setup
        for lang, heading in (("en", "## Security in production"), ("ko", "## 운영 환경의 보안")):
            report = render_report(setup, lang)
            assert (heading in report) == (setup.production and setup.containers), (case.label, lang)
            if heading not in report:
                continue
            section = report[report.index(heading) : report.index("\n## ", report.index(heading) + 3)]
            step_down = "step down" if lang == "en" else "전환하는"
            has_services = setup.compose and bool(
                {"db", "redis"} & set(parsed_compose(case.files["compose.yaml"])["services"])
            )
            assert (step_down in section) == has_services, (case.label, lang)
            assert ("x-limits" in section) == setup.compose and (
                "--pids-limit" in section
            ) == setup.run_script
            assert "docker scout cves" in section and "ufw" in section
            checked += 1
    assert checked > 100


def test_a_writable_app_root_is_explained_with_its_folders_in_both_languages() -> None:
    advice = advise(
        {"project_name": "dj", "host_os": "linux", "environment": "production"},
        folder=FIXTURES / "django-gunicorn",
    )
    writes = [w for w in advice.setup.writable_paths() if w != advice.setup.media_root]
    assert writes, "the fixture's settings name folders the app writes"
    for lang in ("en", "ko"):
        report = render_report(advice.setup, lang)
        line = next(x for x in report.splitlines() if "read_only" in x)
        assert all(f"`{w}`" in line for w in writes), (lang, line)
        if lang == "ko":
            assert "the app writes" not in report
