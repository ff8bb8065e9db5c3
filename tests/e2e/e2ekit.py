"""Helpers for the end-to-end suite: the private Docker engine, generated projects, HTTP."""

from __future__ import annotations

import json
import os
import re
import shutil
import socket
import ssl
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

E2E_DIR = Path(__file__).resolve().parent
ENGINE_SH = E2E_DIR / "engine.sh"
FIXTURE_APP = E2E_DIR / "fixture_app"
# The apps a case can generate files for: the Python and Node fixture apps (the same round
# trips; the Node one with npm or pnpm), the Go fixture app (no database), a Vite
# single-page front end, and the static site of the project-fit fixtures.
FIXTURES: dict[str, Path] = {
    "python": FIXTURE_APP,
    "node": E2E_DIR / "node_app",
    # The same app installed with pnpm through Corepack (server.js and Procfile are links).
    "node-pnpm": E2E_DIR / "node_pnpm_app",
    # An npm workspace: the app is the member apps/api (server.js and Procfile are links),
    # which needs the workspace packages packages/util and packages/db built, in that order.
    "node-workspace": E2E_DIR / "node_workspace_app",
    # Go's standard library only (no module can be downloaded here): health, whoami, media.
    "go": E2E_DIR / "go_app",
    "spa": E2E_DIR / "spa_app",
    # server/ (Express) serves the build of client/ beside it (the spa app's files, linked).
    "node-client": E2E_DIR / "node_client_app",
    "static": E2E_DIR.parent / "fixtures" / "static-site",
    # backend/ (the Python app's files, linked) and frontend/ (the spa app's, linked) with a
    # vite.config.js whose dev server forwards /api to the back end, stripped.
    "monorepo": E2E_DIR / "monorepo_app",
}


class EngineUnavailable(Exception):
    """The Docker engine could not be installed, started or given its stand-in images."""


class AnonymousVolumeLeak(AssertionError):
    """Volumes without a name from the generated files outlived `docker compose down -v`."""


def run(
    cmd: list[str],
    *,
    env: dict[str, str] | None = None,
    cwd: Path | None = None,
    timeout: float = 600,
    check: bool = True,
) -> subprocess.CompletedProcess[str]:
    proc = subprocess.run(
        cmd, env=env, cwd=cwd, timeout=timeout, text=True, capture_output=True, stdin=subprocess.DEVNULL
    )
    if check and proc.returncode != 0:
        raise AssertionError(
            f"command failed ({proc.returncode}): {' '.join(cmd)}\n--- stdout\n{proc.stdout[-4000:]}"
            f"\n--- stderr\n{proc.stderr[-4000:]}"
        )
    return proc


@dataclass
class Engine:
    """The private dockerd that engine.sh runs, and the clients pointed at it."""

    env: dict[str, str]
    docker_bin: str
    started_here: bool
    bin_dir: Path
    setup_seconds: float = 0.0

    @classmethod
    def start(cls, bin_dir: Path) -> Engine:
        t0 = time.monotonic()
        printed = run(["bash", str(ENGINE_SH), "env"], check=False)
        if printed.returncode != 0:
            raise EngineUnavailable(f"engine.sh env failed: {printed.stderr.strip()}")
        values = dict(line.split("=", 1) for line in printed.stdout.splitlines() if "=" in line)
        env = dict(os.environ)
        env.update({k: v for k, v in values.items() if k != "DOCKER_BIN"})
        docker_bin = values["DOCKER_BIN"]
        # run.sh calls `docker` from the PATH: make that the client engine.sh uses.
        bin_dir.mkdir(parents=True, exist_ok=True)
        link = bin_dir / "docker"
        if not link.exists():
            link.symlink_to(docker_bin)
        env["PATH"] = f"{bin_dir}{os.pathsep}{env.get('PATH', '')}"
        answered_before = (
            Path(docker_bin).exists()
            and run([docker_bin, "version"], env=env, check=False, timeout=30).returncode == 0
        )
        for step in ("start", "images"):
            proc = run(["bash", str(ENGINE_SH), step], check=False, timeout=1800)
            sys.stderr.write(proc.stderr)
            if proc.returncode != 0:
                raise EngineUnavailable(
                    f"engine.sh {step} exited {proc.returncode}:\n{proc.stderr.strip()[-3000:]}"
                )
        return cls(
            env=env,
            docker_bin=docker_bin,
            started_here=not answered_before,
            bin_dir=bin_dir,
            setup_seconds=time.monotonic() - t0,
        )

    def stop(self) -> None:
        if self.started_here:
            run(["bash", str(ENGINE_SH), "stop"], check=False, timeout=60)

    def docker(
        self, *args: str, cwd: Path | None = None, check: bool = True, timeout: float = 600
    ) -> subprocess.CompletedProcess[str]:
        return run([self.docker_bin, *args], env=self.env, cwd=cwd, check=check, timeout=timeout)

    def compose(
        self, project: Path, *args: str, check: bool = True, timeout: float = 600
    ) -> subprocess.CompletedProcess[str]:
        return self.docker("compose", *args, cwd=project, check=check, timeout=timeout)

    def names(self, kind: str, *filters: str) -> list[str]:
        """Names of containers, volumes or networks matching docker filters."""
        fmt = "{{.Names}}" if kind == "container" else "{{.Name}}"
        args = {"container": ["ps", "-a"], "volume": ["volume", "ls"], "network": ["network", "ls"]}[kind]
        flags = [x for f in filters for x in ("--filter", f)]
        out = self.docker(*args, *flags, "--format", fmt).stdout
        return sorted(line for line in out.splitlines() if line.strip())

    def image_exists(self, ref: str) -> bool:
        return self.docker("image", "inspect", ref, check=False).returncode == 0


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class Project:
    """A fixture app plus the files `advisor generate` wrote for a set of answers."""

    path: Path
    answers: dict[str, Any]
    decisions: dict[str, str]
    adjustments: list[str] = field(default_factory=list)

    @property
    def name(self) -> str:
        return str(self.answers["project_name"])

    @property
    def port(self) -> int:
        return int(self.answers["app_port"])

    def read(self, name: str) -> str:
        return (self.path / name).read_text(encoding="utf-8")

    def compose_doc(self) -> dict[str, Any]:
        doc = yaml.safe_load(self.read("compose.yaml"))
        assert isinstance(doc, dict)
        return doc


def generate(
    tmp: Path,
    answers: dict[str, Any],
    fixture: str = "python",
    files: dict[str, str] | None = None,
    flags: tuple[str, ...] = (),
) -> Project:
    """Copy a fixture app into tmp/<name>, add ``files`` (the project's own, by relative
    path), write the answers, run the installed advisor (with ``flags``)."""
    path = tmp / str(answers["project_name"])
    shutil.copytree(FIXTURES[fixture], path, ignore=shutil.ignore_patterns("node_modules", "dist"))
    for rel, text in (files or {}).items():
        (path / rel).parent.mkdir(parents=True, exist_ok=True)
        (path / rel).write_text(text, encoding="utf-8")
    answers_file = tmp / f"{answers['project_name']}.answers.yaml"
    answers_file.write_text(yaml.safe_dump(answers), encoding="utf-8")
    run(
        [
            sys.executable,
            "-m",
            "advisor",
            "generate",
            "--answers",
            str(answers_file),
            "--out",
            str(path),
            *flags,
        ]
    )
    rec = json.loads(
        run(
            [sys.executable, "-m", "advisor", "recommend", "--answers", str(answers_file), "--format", "json"]
        ).stdout
    )
    decisions = {k: v["value"] for k, v in rec["decisions"].items()}
    project = Project(path=path, answers=rec["answers"], decisions=decisions)
    strip_syntax_line(project)
    return project


def strip_syntax_line(project: Project) -> None:
    """BuildKit would pull the dockerfile frontend a `# syntax=` line names, and no
    registry is reachable here: build a copy without it (the built-in frontend has every
    feature the generated Dockerfiles use)."""
    for dockerfile in (project.path / "Dockerfile", project.path / "Dockerfile.web"):
        if not dockerfile.is_file():
            continue
        lines = dockerfile.read_text(encoding="utf-8").splitlines(keepends=True)
        if lines and re.match(r"#\s*syntax\s*=", lines[0]):
            dockerfile.write_text("".join(lines[1:]), encoding="utf-8")
            project.adjustments.append(f"removed {lines[0].strip()!r} from the {dockerfile.name} copy")


def dockerfile_bases(dockerfile: str) -> list[str]:
    """The images the Dockerfile's FROM lines name, with ARG defaults substituted."""
    args: dict[str, str] = {}
    stages: set[str] = set()
    bases: list[str] = []
    for line in dockerfile.splitlines():
        m = re.match(r"\s*ARG\s+(\w+)=(\S+)", line)
        if m:
            args[m.group(1)] = m.group(2)
        m = re.match(r"\s*FROM\s+(?:--\S+\s+)*(\S+)(?:\s+AS\s+(\S+))?", line, re.IGNORECASE)
        if m:
            ref = re.sub(r"\$\{(\w+)\}|\$(\w+)", lambda g: args.get(g.group(1) or g.group(2), ""), m.group(1))
            if ref not in stages:
                bases.append(ref)
            if m.group(2):
                stages.add(m.group(2))
    return bases


# The reverse proxy's local certificate (SITE_ADDRESS=localhost) is signed by Caddy's own CA,
# which this host does not trust: the suite checks the answers, not the certificate.
_UNVERIFIED = ssl.create_default_context()
_UNVERIFIED.check_hostname = False
_UNVERIFIED.verify_mode = ssl.CERT_NONE


def http(method: str, url: str, body: bytes | None = None, timeout: float = 10) -> tuple[int, bytes]:
    req = urllib.request.Request(url, data=body, method=method)
    try:
        with urllib.request.urlopen(req, timeout=timeout, context=_UNVERIFIED) as resp:
            return resp.status, resp.read()
    except urllib.error.HTTPError as err:
        return err.code, err.read()


def wait_http(url: str, deadline_s: float = 90, alive: Any = None) -> None:
    """Poll url until it answers 200; alive() (if given) returning a string aborts with it."""
    end = time.monotonic() + deadline_s
    last = ""
    while time.monotonic() < end:
        if alive is not None:
            why = alive()
            if why:
                raise AssertionError(f"{url}: {why}")
        try:
            status, body = http("GET", url, timeout=3)
            if status == 200:
                return
            last = f"HTTP {status}: {body[:200]!r}"
        except OSError as err:
            last = repr(err)
        time.sleep(0.5)
    raise AssertionError(f"{url} did not answer 200 within {deadline_s} s (last: {last})")
