"""The comments of a production compose.yaml: one line above each hardening option saying
what it protects against, and why a service's root file system stays writable."""

from __future__ import annotations

from ..setup import Setup
from .hardening import RESTART, app_hardening, database_hardening

MIGRATE_SERVICE = "migrate"
WORKER_SERVICE = "worker"
WEB_SERVICE = "web"  # a front end served beside the app (frontplan)
LIMITS_KEY = "x-limits"
# One line above each production hardening option, saying what it protects against.
OPTION_COMMENTS: dict[str, str] = {
    "security_opt": "no-new-privileges: no setuid program can raise the process's privileges",
    "cap_drop": "no Linux capabilities: a break-in cannot use them (owners, raw sockets, mounts...)",
    "cap_add": "only what the image's entrypoint needs: fix its data folder's owner, step down to its user",
    "cap_add proxy": "only NET_BIND_SERVICE: the image's caddy binary does not start without it",
    "read_only": "read-only root file system: nothing can change the image's files at run time",
    "tmpfs": "the only writable paths besides the volumes: in memory, emptied on every start",
    "deploy": f"CPU, memory and process limits ({LIMITS_KEY} above): one container cannot starve the rest",
    "restart": "restarted after a crash and when Docker starts, but not after you stop it",
    "logging": "logs rotated: at most three 10 MB files per container, so they cannot fill the disk",
}


def writable_notes(setup: Setup) -> dict[str, str]:
    """service -> why its root file system stays writable in production."""
    notes: dict[str, str] = {}
    if not setup.production:
        return notes
    app = app_hardening(setup)
    if not app.read_only:
        notes["app"] = app.why_writable
        for service, command in (
            (MIGRATE_SERVICE, setup.build.release),
            (WORKER_SERVICE, setup.build.worker),
        ):
            if command:
                notes[service] = app.why_writable
    db = database_hardening(setup)
    if db is not None and not db.read_only and setup.database is not None and setup.database.service:
        notes[setup.database.service] = db.why_writable
    return notes


def comment_options(body: str, writable: dict[str, str]) -> str:
    """Put the one-line comment of each hardening option above it, and the reason a service's
    root file system stays writable above its first option."""
    out: list[str] = []
    service = ""
    in_services = False
    for line in body.splitlines():
        if not line.startswith(" "):
            in_services = line == "services:"
            if line == f"{LIMITS_KEY}:":
                out.append("# Each service's CPU, memory and process limits: change them here, in one place.")
            if line.startswith("x-logging:"):
                out.append("# Log rotation for every container (docker logs reads them as before).")
        elif in_services and line.startswith("  ") and not line.startswith("   "):
            service = line.strip().rstrip(":")
        elif in_services and line.startswith("    ") and not line.startswith("     "):
            key, _, value = line.strip().partition(":")
            if key == "security_opt" and service in writable:
                out.append(f"    # Root file system left writable: {writable[service]}.")
            if key == "cap_add" and service == "proxy":
                key = "cap_add proxy"
            if key in OPTION_COMMENTS and (key != "restart" or value.strip() == RESTART):
                out.append(f"    # {OPTION_COMMENTS[key]}")
        out.append(line)
    return "\n".join(out) + "\n"
