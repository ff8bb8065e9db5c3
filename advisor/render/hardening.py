"""Runtime hardening of production containers, after the CIS Docker Benchmark's container
runtime section: one table that compose.yaml and run.sh both read.

Every production container gets ``no-new-privileges`` (5.25), drops every Linux capability
and adds back only what its image's entrypoint needs (5.3), has memory, CPU and process
limits (5.10, 5.11, 5.28), a read-only root file system where the image allows it (5.12)
and a restart policy (5.14). None is privileged or shares a host namespace (5.4, 5.9,
5.15, 5.16, 5.17, 5.20, 5.21): advisor never writes those options. Development containers
get none of this, so nothing slows the edit-and-run loop.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..setup import NEXT_CACHE, Setup

NO_NEW_PRIVILEGES = "no-new-privileges:true"
# The official database and Redis images start as root, make their data folder (and socket
# folder) their own user's, then step down to that user with gosu: chown, reading and
# changing files of another user (find and chmod over a data folder a previous start
# made 0700: docker-library/postgres#907), and switching user. Nothing else.
STEP_DOWN_CAPS: tuple[str, ...] = ("CHOWN", "DAC_OVERRIDE", "FOWNER", "SETGID", "SETUID")
RESTART = "unless-stopped"


@dataclass(frozen=True, slots=True)
class Limits:
    cpus: str
    """Docker refuses more CPUs than the host has: 1.0 starts on a one-CPU server too."""
    memory: str
    pids: int
    """Processes and threads: a fork bomb or a thread leak stops here (Java counts threads)."""


LIMITS: dict[str, Limits] = {
    "app": Limits("1.0", "512M", 512),
    "app-java": Limits("1.0", "1G", 512),
    "db": Limits("1.0", "1G", 512),
    "cache": Limits("0.5", "256M", 128),
    "proxy": Limits("0.5", "256M", 128),
}
# The official caddy image gives its binary the file capability cap_net_bind_service=+ep: the
# kernel refuses to start such a binary unless that capability is in the bounding set
# (caddyserver/caddy-docker#396). Caddy binds 80 and 443 with it; it needs nothing else.
PROXY_CAPS: tuple[str, ...] = ("NET_BIND_SERVICE",)


@dataclass(frozen=True, slots=True)
class Hardening:
    """One production container's runtime options."""

    role: str
    """app | db | cache: the key of its limits."""
    cap_add: tuple[str, ...]
    read_only: bool
    tmpfs: tuple[str, ...]
    """Writable, in memory, under a read-only root file system."""
    why_writable: str
    """Why the root file system stays writable, when it does (English, for the files' comments)."""
    writes: tuple[str, ...] = ()
    """The app's folders in its image that keep its root file system writable."""


def limits_key(setup: Setup, role: str) -> str:
    return "app-java" if role == "app" and setup.language.key == "java" else role


def app_hardening(setup: Setup) -> Hardening:
    """The app (and its release step): it runs as an unprivileged user on a high port and needs
    no capability. Its root file system is read-only unless it writes inside its image."""
    # The media root and the SQLite folders have their volumes and next/image's cache can live
    # in memory; any other folder the app writes in its image keeps the root writable.
    writes = setup.writable_paths()
    covered = {setup.media_root, NEXT_CACHE, *(folder for _, folder in setup.data_volumes())}
    own = [w for w in writes if w not in covered]
    if "." in setup.build.writable:  # a file it creates beside its code
        own.insert(0, setup.build.app_home)
    if own:
        folders = ", ".join(own)
        return Hardening(
            "app", (), False, (), f"the app writes into its image's folders ({folders})", tuple(own)
        )
    tmpfs: tuple[str, ...] = ("/tmp", NEXT_CACHE) if NEXT_CACHE in writes else ("/tmp",)
    if setup.language.key == "python":  # its user's home (caches, gunicorn's control socket)
        tmpfs += ("/home/appuser",)
    return Hardening("app", (), True, tmpfs, "")


def database_hardening(setup: Setup) -> Hardening | None:
    """The database: its root file system stays writable, because Compose copies the password
    files (secrets taken from .env) and the init script into the container, and refuses to for
    a read-only one (docker/compose#12303). Its server still runs as the image's own user,
    which cannot change the image's files."""
    db = setup.database
    if db is None or not db.in_container:
        return None
    spec = db.spec
    script = " and the init script (configs:)" if spec.app_user_script else ""
    copied = f"the password files (secrets:){script}"
    why = f"Compose copies {copied} into the container, which it cannot do into a read-only one"
    if spec.writable_reason:
        why = f"{spec.writable_reason}, and {why}"
    return Hardening("db", STEP_DOWN_CAPS, False, (), why)


def proxy_hardening(setup: Setup) -> Hardening | None:
    """Caddy: its certificates and state live in the caddy-data and caddy-config volumes."""
    if setup.proxy is None:
        return None
    return Hardening("proxy", PROXY_CAPS, True, ("/tmp",), "")


def cache_hardening(setup: Setup) -> Hardening | None:
    if setup.cache is None:
        return None
    spec = setup.cache.spec
    return Hardening("cache", STEP_DOWN_CAPS, True, spec.run_dirs, "")


__all__ = [
    "LIMITS",
    "NO_NEW_PRIVILEGES",
    "PROXY_CAPS",
    "RESTART",
    "STEP_DOWN_CAPS",
    "Hardening",
    "Limits",
    "app_hardening",
    "cache_hardening",
    "database_hardening",
    "limits_key",
    "proxy_hardening",
]
