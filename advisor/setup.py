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
from typing import Any, Literal

from .buildspec import BuildPlan
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
NEXT_CACHE = f"{APP_HOME}/.next/cache"  # next/image's cache: written at run time, safe to lose
_SAFE_PATH = re.compile(r"(?:/[A-Za-z0-9._@+-]+)+")
"""A folder a Dockerfile may name unquoted: no spaces, quotes or shell characters."""
# In development a port below this is published on the host as DEV_HOST_PORT instead:
# rootless Docker cannot bind it, and port 80 is often taken already.
UNPRIVILEGED_PORTS = 1024
DEV_HOST_PORT = 8080
HTTPS_PORT = 443
"""Production on one host: the reverse proxy's HTTPS port, the only way in."""

FileKind = Literal[
    "compose", "run-script", "caddyfile", "dockerfile", "dockerignore", "dockerfile-ignore", "web-dockerfile",
    "web-dockerignore", "env-example",
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
        FileSpec("Dockerfile.web", "web-dockerfile", removable=True),  # a front end beside the app
        FileSpec("Dockerfile.web.dockerignore", "web-dockerignore", removable=True),
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
    form: str = ""
    """The form a generated secret takes when the project names one (``hex:32``, ``fernet``)."""

    def form_bytes(self, encoding: str) -> int | None:
        """How many random bytes the secret's form asks for in ``encoding`` (``hex``,
        ``base64``): ``hex:32`` is 32; None for another form or a size outside 8 to 128."""
        kind, _, size = self.form.partition(":")
        return int(size) if kind == encoding and size.isdigit() and 8 <= int(size) <= 128 else None


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
    """What the project's compose file (``init_source``) mounts into /docker-entrypoint-initdb.d
    (schema, seed data): (path seen from where the files are written, target)."""
    init_source: str | None = None
    tls_source: str = ""
    """The app's code file that requires TLS to the database: the db container turns it on."""
    extensions: tuple[str, ...] = ()
    """PostgreSQL extensions the init script creates in the app's database (uuid-ossp)."""
    image: str = ""
    """The db service's image when not the engine's own (pgvector's, PostGIS's)."""
    aliases: tuple[str, ...] = ()
    """The names the project's own compose file gives this database's service (mysql,
    postgres): code or settings that name that host reach the db service too."""
    password: str = ""
    """The app's password when its code writes it out (``literal_source``): the db container
    gives its user that one, not a random one."""
    literal_source: str = ""
    """The settings file that writes the connection (host, database, user, password) out."""
    name_source: str = ""
    """The code file that names the database itself (``'NAME': 'blogdb'``)."""

    @property
    def service(self) -> str | None:
        return DB_SERVICE if self.in_container else None

    @property
    def password_form(self) -> str:
        """The form of the app's generated password: the code's own (``literal:tabbycat``)."""
        return f"literal:{self.password}" if self.password else ""

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
    front: Any = None  # FrontPlan (frontplan.py): a front end served beside the app, as `web`
    env_tracked: bool = False
    """git tracks the folder's own .env: advisor does not write it (its secrets would be committed)."""

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

    def _run_home(self) -> str:
        """The folder the app's relative paths start from: the app's, or for AdonisJS the
        build output it runs in (its app root, where `app.makePath('storage')` points)."""
        if self.language.key == "node" and self.build.workdir:
            return f"{self.build.app_home}/{self.build.workdir}"
        start = self.build.start
        if self.language.key == "node" and start[:2] == ("sh", "-c") and len(start) == 3:
            # `cd dist && exec node src/index.js` (nostream's start script): the app runs there,
            # and process.cwd() is that folder
            cd = re.match(r"cd ([\w.-]+(?:/[\w.-]+)*) && exec ", start[2])
            if cd and ".." not in cd.group(1).split("/"):
                return f"{self.build.app_home}/{cd.group(1).strip('/')}"
        return self.build.app_home

    def data_volumes(self) -> list[tuple[str, str]]:
        """(volume, folder in the image) for each folder that holds an SQLite database: a named
        volume keeps it across rebuilds and re-runs (Docker fills it from the image, with the
        app user as owner). The app and its release step mount them."""
        home = self._run_home()
        folders = [p for f in self.build.data_dirs if (p := _in_image(home, f)) and _SAFE_PATH.fullmatch(p)]
        return [(f"app-data-{i + 1}" if i else "app-data", f) for i, f in enumerate(folders)]

    def key_mounts(self) -> list[tuple[str, str, str]]:
        """(secret name, the file from the compose file's folder, its place in the image) for
        each key file the app reads from its repository (BuildPlan.key_files)."""
        out: list[tuple[str, str, str]] = []
        for rel in self.build.key_files:
            target = _in_image(self.build.app_home, rel)
            if target is not None and _SAFE_PATH.fullmatch(target):
                host = posixpath.normpath(posixpath.join(self.build_context, self.build.member_dir, rel))
                name = "key-" + re.sub(r"[^a-z0-9]+", "-", rel.lower()).strip("-")
                out.append((name, host if host.startswith(("/", "../")) else f"./{host}", target))
        return out

    def writable_paths(self) -> list[str]:
        """Absolute folders the app writes at run time, which its user must own: the app's own
        writable folders, next/image's cache, then the media root."""
        out: list[str] = []
        home = self._run_home()
        for rel in self.build.writable:
            path = _in_image(home, rel)
            if path is None or path in ("/", APP_HOME, home) or not _SAFE_PATH.fullmatch(path):
                continue
            out.append(path)
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


def _in_image(home: str, rel: str) -> str | None:
    """The folder in the image: ``rel`` from the app's working folder ``home``, where a ``../``
    may go up to the build's folder (a workspace's, above its member's), not beyond."""
    if rel.startswith("/"):
        return None if ".." in PurePosixPath(rel).parts else str(PurePosixPath(rel))
    path = posixpath.normpath(f"{home}/{rel.strip('/')}")
    return path if path == APP_HOME or path.startswith(APP_HOME + "/") else None
