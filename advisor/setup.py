"""The plan of the set-up: every file to write and every fact a renderer needs (published
port and URL, media root, database and cache services, volumes, the variables in .env and
the ones the app gets, how the app is built). :func:`advisor.planning.plan` computes it once.

Renderers (the report and next steps included) read the :class:`Setup`; none works a fact
out again, so two files can never disagree about a port, a path or a variable name.
"""

from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass
from pathlib import PurePosixPath
from typing import Literal

from .engine import Evaluation
from .stacks import CacheSpec, DatabaseSpec, LanguageSpec, probe_for

REPORT = "RECOMMENDATIONS.md"
ANSWERS = ".advisor-answers.yaml"
ENV = ".env"
ENV_EXAMPLE = ".env.example"
GITIGNORE = ".gitignore"
GITATTRIBUTES = ".gitattributes"

DB_SERVICE = "db"
DB_USER = "app"
NATIVE_DB_HOST = "host.docker.internal"
HOST_GATEWAY = f"{NATIVE_DB_HOST}:host-gateway"
MEDIA_VOLUME = "media"
APP_HOME = "/app"
"""The app's folder inside its image (WORKDIR)."""
NEXT_CACHE = f"{APP_HOME}/.next/cache"
_SAFE_PATH = re.compile(r"(?:/[A-Za-z0-9._@+-]+)+")
"""A folder a Dockerfile may name unquoted: no spaces, quotes or shell characters."""
"""next/image's cache: written at run time, safe to lose."""
# In development a port below this is published on the host as DEV_HOST_PORT instead:
# rootless Docker cannot bind it, and port 80 is often taken already.
UNPRIVILEGED_PORTS = 1024
DEV_HOST_PORT = 8080
HTTPS_PORT = 443
"""Production on one host: the reverse proxy's HTTPS port, the only way in."""

FileKind = Literal[
    "compose", "run-script", "caddyfile", "dockerfile", "dockerignore", "dockerfile-ignore", "env-example",
    "env", "gitignore", "gitattributes", "report", "answers",
    "k8s-kustomization", "k8s-configmap", "k8s-deployment", "k8s-service", "k8s-ingress", "k8s-hpa",
    "k8s-pdb", "k8s-migrate", "k8s-networkpolicy",
]  # fmt: skip
KUBERNETES_DIR = "deploy/kubernetes"


@dataclass(frozen=True, slots=True)
class FileSpec:
    name: str
    kind: FileKind
    mode: int = 0o644
    removable: bool = False
    """A later run may remove it when the plan no longer has it and it is unedited."""
    append_only: bool = False
    """Never rewritten: an existing file only gets the lines it lacks."""


# Every file advisor can write, in the order they are listed to people.
FILES: dict[FileKind, FileSpec] = {
    spec.kind: spec
    for spec in (
        FileSpec("compose.yaml", "compose", removable=True),
        FileSpec("run.sh", "run-script", mode=0o755, removable=True),
        FileSpec("Caddyfile", "caddyfile", removable=True),
        FileSpec("Dockerfile", "dockerfile", removable=True),
        FileSpec(".dockerignore", "dockerignore", removable=True),
        # BuildKit reads <Dockerfile>.dockerignore beside the Dockerfile before the build
        # context's .dockerignore: written when the context is the app's folder, not the top.
        FileSpec("Dockerfile.dockerignore", "dockerfile-ignore", removable=True),
        FileSpec(ENV_EXAMPLE, "env-example", removable=True),
        FileSpec(ENV, "env", mode=0o600, append_only=True),
        FileSpec(GITIGNORE, "gitignore", append_only=True),
        FileSpec(GITATTRIBUTES, "gitattributes", append_only=True),
        # scaling: kubernetes. A kustomize base: kustomization.yaml lists the others.
        FileSpec(f"{KUBERNETES_DIR}/kustomization.yaml", "k8s-kustomization", removable=True),
        FileSpec(f"{KUBERNETES_DIR}/configmap.yaml", "k8s-configmap", removable=True),
        FileSpec(f"{KUBERNETES_DIR}/deployment.yaml", "k8s-deployment", removable=True),
        FileSpec(f"{KUBERNETES_DIR}/service.yaml", "k8s-service", removable=True),
        FileSpec(f"{KUBERNETES_DIR}/ingress.yaml", "k8s-ingress", removable=True),
        FileSpec(f"{KUBERNETES_DIR}/hpa.yaml", "k8s-hpa", removable=True),
        FileSpec(f"{KUBERNETES_DIR}/pdb.yaml", "k8s-pdb", removable=True),
        FileSpec(f"{KUBERNETES_DIR}/migrate-job.yaml", "k8s-migrate", removable=True),
        FileSpec(f"{KUBERNETES_DIR}/networkpolicy.yaml", "k8s-networkpolicy", removable=True),
        FileSpec(REPORT, "report", removable=True),
        FileSpec(ANSWERS, "answers"),
    )
}
REMOVABLE = frozenset(spec.name for spec in FILES.values() if spec.removable)
APPEND_ONLY = tuple(spec.name for spec in FILES.values() if spec.append_only)


@dataclass(frozen=True, slots=True)
class Ref:
    """A reference to a variable of .env inside a composed value."""

    var: str


Part = str | Ref


@dataclass(frozen=True, slots=True)
class EnvVar:
    """One variable of .env.

    ``kind``: ``plain`` (``value`` is written as it is), ``secret`` (a random value advisor
    generates, kept from an existing .env), ``credential`` (the user fills it in; may be
    empty) or ``composed`` (made of ``parts``: literal text and other variables).
    """

    name: str
    group: Literal["app", "database", "storage"]
    role: str
    kind: Literal["plain", "secret", "credential", "composed"]
    value: str = ""
    parts: tuple[Part, ...] = ()
    to_app: bool = True
    """Whether the app gets it (not the database's root password)."""
    source: str = ""
    """The project's own env file that defines it (for the app's own settings)."""


@dataclass(frozen=True, slots=True)
class AppVar:
    """A variable compose.yaml gives the app, built from literal text and .env variables."""

    name: str
    role: str
    parts: tuple[Part, ...]
    source: str = ""
    """The project file where the app reads it (for variables named after the app's own)."""


@dataclass(frozen=True, slots=True)
class DatabasePlan:
    spec: DatabaseSpec
    in_container: bool
    """True: a ``db`` service of compose.yaml; False: installed natively (or managed)."""
    host: str
    port: int
    user: str
    name: str
    command: tuple[str, ...] = ()
    """The database server's command when the app needs other than the image's default."""
    legacy_driver: str | None = None
    """The app's driver that cannot use the server's default authentication (Node's mysql)."""
    init_scripts: tuple[tuple[str, str], ...] = ()
    """The project's files the image runs on its first start, as (path seen from where the
    files are written, target under /docker-entrypoint-initdb.d): what the project's own
    compose file mounted there (its schema, its seed data)."""
    init_source: str | None = None
    """The project's compose file those came from."""
    name_source: str | None = None
    """Where the database's name came from (the project's compose file, its SQL's USE), when
    it is the project's own and not the project name."""

    @property
    def service(self) -> str | None:
        return DB_SERVICE if self.in_container else None

    @property
    def volume(self) -> str | None:
        return self.spec.volume if self.in_container else None


@dataclass(frozen=True, slots=True)
class CachePlan:
    spec: CacheSpec
    service: str
    url: str


@dataclass(frozen=True, slots=True)
class ProxyPlan:
    """Production on one host: Caddy in front of the app gets and renews the HTTPS certificate
    for SITE_ADDRESS and is the only service with published ports (80 and 443)."""

    image: str = "caddy:2"
    service: str = "proxy"
    site_var: str = "SITE_ADDRESS"
    media: bool = False
    """Caddy also serves the media volume, read-only, at /media/ (direct delivery)."""


@dataclass(frozen=True, slots=True)
class StoragePlan:
    """Media in S3-compatible object storage behind a CDN."""

    bucket: str
    region: str
    endpoint: str
    cdn_url: str


@dataclass(frozen=True, slots=True)
class BuildPlan:
    """How the app is built and started: from the answers, else the project's own files
    (``sources`` says which file each fact came from), else the language's conventions."""

    app_dir: str
    """The app's folder inside the project ("." for the project itself); the build context
    unless ``context_dir`` says otherwise."""
    kind: str
    """server | spa (a front end built with Node, its output served by a web server) | static | worker"""
    framework: str | None
    runtime_version: str
    """The image's version line: "3.12", "22", "21", "1.25"."""
    package_manager: str
    """pip, poetry, uv, pipenv, pdm, npm, yarn, pnpm, bun, maven, gradle, go, or none."""
    lockfile: str | None
    """Relative to the project."""
    tool_version: str | None
    """The package manager's own version when the project pins it (packageManager field)."""
    yarn_berry: bool
    wrapper: str | None
    """mvnw / gradlew when the project ships one."""
    manifests: tuple[str, ...]
    """The files the dependency install needs (requirements files and their -r includes)."""
    build: tuple[str, ...]
    """The build argv (``npm run build``); empty when there is none."""
    output_dir: str | None
    """A front end's build output (dist, build, out)."""
    start: tuple[str, ...]
    """The start command (exec form): the answer, which defaults to the detected command or the
    language's convention (python app.py, node index.js, java -jar app.jar, /app/server, ./start);
    empty only for static sites."""
    start_bin_dir: str | None
    """Where start[0] lives when it is a package's binary (node_modules/.bin)."""
    go_main: str | None
    """The Go main package to build ("./cmd/server" or ".")."""
    writable: tuple[str, ...]
    """Folders (relative to app_dir, or absolute) the app writes at run time: owned by the app
    user; "." is the app folder itself (a file the app creates beside its code)."""
    needs_compiler: bool
    """A dependency compiles on install (no wheel): the build stage needs a compiler."""
    release: tuple[str, ...]
    """What runs once before the app starts (migrations), when the project says; empty if not."""
    sources: dict[str, str]
    """fact -> the project file it was detected from."""
    data_dirs: tuple[str, ...] = ()
    """Folders (relative to app_dir) holding an SQLite database: a named volume keeps them."""
    context_dir: str = ""
    """The build context's folder inside the project: the app's folder, or the workspace's
    folder above it when the app installs from a workspace's lockfile (a uv workspace)."""
    package: str | None = None
    """The app's package name in that workspace (``uv sync --package``)."""
    tool_implied: str | None = None
    """pnpm / yarn major version the lockfile implies when package.json pins none."""
    build_packages: tuple[str, ...] = ()
    """Debian packages the build stage needs for dependencies that compile (headers)."""
    runtime_packages: tuple[str, ...] = ()
    """Debian packages (shared libraries) the final image needs for those dependencies."""
    runtime_files: tuple[str, ...] = ()
    """Files and folders (relative to app_dir) the app loads at run time: an image that holds
    only the built program copies them into its working folder."""
    lock_drift: tuple[str, ...] = ()
    """Dependencies (``name@range``) the manifest asks for and the lockfile does not record."""
    install_script: str | None = None
    """The root package's install-time script (``scripts.postinstall``) that needs the
    project's files: the whole context is copied before the install."""
    prisma: str | None = None
    """The app uses Prisma: ``runtime`` (the CLI is a dependency), ``dev`` (the CLI is a dev
    dependency only) or ``client`` (only @prisma/client, no CLI); None without Prisma."""

    @property
    def member_dir(self) -> str:
        """The app's folder inside the build context ("." when the context is the app's folder)."""
        context = self.context_dir or self.app_dir
        return "." if context == self.app_dir else posixpath.relpath(self.app_dir, context)


@dataclass(frozen=True, slots=True)
class KubeVar:
    """One variable of the app's container in Kubernetes. ``source``: ``config`` (the ConfigMap
    holds ``value``), ``secret`` (a key of the Secret made from .env; ``optional`` when .env may
    leave it empty) or ``composed`` (``value`` uses Kubernetes' ``$(VAR)`` expansion)."""

    name: str
    source: Literal["config", "secret", "composed"]
    value: str = ""
    optional: bool = False
    placeholder: str = ""
    """Why the value is a placeholder to edit (empty when it is not one)."""


@dataclass(frozen=True, slots=True)
class KubernetesPlan:
    """The kustomize base under deploy/kubernetes for ``scaling: kubernetes``."""

    name: str
    """The resources' name: the project name as a DNS label."""
    image: str
    """A placeholder registry path without its tag; kustomization.yaml sets the tag."""
    tag: str
    secret: str
    """The Secret the person creates from .env (advisor writes no Secret manifest)."""
    config: str
    host: str
    """The Ingress host, a placeholder."""
    tls_secret: str
    uid: int
    """The numeric user the Dockerfile's final stage runs as."""
    writable: tuple[str, ...]
    """Absolute paths the app writes: each gets an emptyDir (the root file system is read-only)."""
    probe: Literal["tcp", "http"] | None
    """How readiness and liveness are checked on the app's port; None: a worker with no port."""
    replicas: int
    max_replicas: int
    memory: tuple[str, str]
    """(request, limit)"""
    variables: tuple[KubeVar, ...]
    release: tuple[str, ...]
    """Migrations: run once per release as a Job; empty when the project has none."""

    @property
    def serves(self) -> bool:
        """Whether the app answers on its port (a Service and an Ingress reach it)."""
        return self.probe is not None


@dataclass(frozen=True, slots=True)
class ProjectNote:
    """Something about how the files fit the project that the person should know; worded by
    the report (``report.project_note.<key>`` in the catalogues)."""

    key: str
    values: dict[str, str]


@dataclass(frozen=True, slots=True)
class Setup:
    evaluation: Evaluation
    files: tuple[FileSpec, ...]
    project: str
    language: LanguageSpec
    containers: bool
    orchestration: str
    production: bool
    app_port: int
    host_port: int
    """The port on the Docker host that reaches the app."""
    publish: str
    """The published port as compose.yaml and run.sh write it: ``[ADDRESS:]HOST:CONTAINER``."""
    url: str
    """Where the person opens the app on the Docker host."""
    media_root: str | None
    media_volume: str | None
    database: DatabasePlan | None
    cache: CachePlan | None
    storage: StoragePlan | None
    env: tuple[EnvVar, ...]
    app_env: tuple[AppVar, ...]
    start_command: str
    """The command that builds and starts everything (`docker compose up --build`, `sh run.sh`)."""
    notes: tuple[ProjectNote, ...]
    app_reads_unset: tuple[tuple[str, str], ...]
    """Variables the app reads that advisor does not set, each with the file that reads it."""
    build_context: str
    """The app's folder as seen from where the files are written ("." when it is that folder)."""
    dockerfile_from_context: str
    """The Dockerfile (written beside compose.yaml) as seen from the build context."""
    build: BuildPlan
    proxy: ProxyPlan | None = None
    scaling: str = "not-applicable"
    gpu: bool = False
    """The app's container gets the host's NVIDIA GPUs (gpu_access: nvidia-toolkit or wsl2-gpu-pv)."""
    kubernetes: KubernetesPlan | None = None

    @property
    def compose(self) -> bool:
        return self.orchestration == "compose"

    @property
    def run_script(self) -> bool:
        return self.orchestration == "docker-run-script"

    @property
    def native_database(self) -> bool:
        return self.database is not None and not self.database.in_container

    @property
    def healthcheck(self) -> tuple[str, ...]:
        """The app image's healthcheck (exec form, no CMD); empty when it listens on no port."""
        return probe_for(self.language.key, self.build.kind, self.build.package_manager, self.app_port)

    def data_volumes(self) -> list[tuple[str, str]]:
        """(volume, folder in the image) for each folder that holds an SQLite database: a named
        volume keeps it across rebuilds and re-runs (Docker fills it from the image, with the
        app user as owner). The app and its release step mount them."""
        folders = [f for f in self.build.data_dirs if _SAFE_PATH.fullmatch(f"/{f}")]
        return [(f"app-data-{i + 1}" if i else "app-data", f"{APP_HOME}/{f}") for i, f in enumerate(folders)]

    def writable_paths(self) -> list[str]:
        """Absolute folders the app writes at run time, which its user must own: the app's own
        writable folders, next/image's cache, then the media root."""
        out: list[str] = []
        for rel in self.build.writable:
            path = PurePosixPath(rel if rel.startswith("/") else f"{APP_HOME}/{rel.strip('/')}")
            if ".." in path.parts or str(path) in ("/", APP_HOME) or not _SAFE_PATH.fullmatch(str(path)):
                continue
            out.append(str(path))
        if self.build.framework == "nextjs" and self.build.kind == "server":
            out.append(NEXT_CACHE)
        if self.media_root:
            out.append(self.media_root)
        return list(dict.fromkeys(out))

    def file_names(self) -> list[str]:
        return [f.name for f in self.files]

    def secret_names(self) -> list[str]:
        """The secrets advisor generates for .env."""
        return [v.name for v in self.env if v.kind == "secret"]

    def credential_names(self) -> list[str]:
        """Every .env value to carry over from an existing .env when regenerating: the
        generated secrets and the cloud credentials the user fills in."""
        return [v.name for v in self.env if v.kind in ("secret", "credential")]


def resolve(parts: tuple[Part, ...], values: dict[str, str]) -> str:
    """A composed value with every reference replaced by its value."""
    return "".join(p if isinstance(p, str) else values[p.var] for p in parts)
