"""run.sh: builds the image and runs the app in one container with ``docker run``."""

from __future__ import annotations

from ..errors import AdvisorError
from ..setup import HOST_GATEWAY, NATIVE_DB_HOST, Setup
from . import template
from .buildenv import build_args
from .hardening import LIMITS, NO_NEW_PRIVILEGES, RESTART, app_hardening, limits_key


def render_run_script(setup: Setup) -> str:
    if (setup.database is not None and setup.database.in_container) or setup.cache is not None:
        raise AdvisorError(
            "starter files: run.sh starts one container, but these decisions need a database or"
            " cache container; the rule base should have chosen compose"
        )
    # Every .env variable is for the app: .env has a database root password only with a
    # database container, which takes compose.
    args = ['--name "$name"', "--init"] + (['--env-file "$env_file"'] if setup.env else [])
    hardened: list[str] = []
    comments: list[str] = []
    if setup.production:
        args += ["--detach", f"--restart {RESTART}"]
        comments.append("Production: runs in the background and restarts with Docker unless you stop it.")
        hardening = app_hardening(setup)
        lim = LIMITS[limits_key(setup, "app")]
        comments.append(
            "Hardened: no privilege gain, no Linux capabilities, CPU/memory/process limits"
            + (", a read-only root file system." if hardening.read_only else ".")
        )
        hardened = [f"--security-opt {NO_NEW_PRIVILEGES}", "--cap-drop ALL"]
        if hardening.read_only:
            hardened += ["--read-only", *(f"--tmpfs {path}" for path in hardening.tmpfs)]
        else:
            comments.append(f"The root file system stays writable: {hardening.why_writable}.")
        args += hardened
        args += [f"--cpus {lim.cpus}", f"--memory {lim.memory}", f"--pids-limit {lim.pids}"]
    else:
        args.append("--rm")
        comments.append(
            "Development: runs in the foreground (Ctrl+C stops it), reachable only from this machine."
        )
    # The release step: the same image and hardening; it listens on no port, so no healthcheck.
    release_flags = ["--no-healthcheck", *hardened] + (['--env-file "$env_file"'] if setup.env else [])
    args.append(f'--publish "{setup.publish}"')
    if setup.media_volume is not None:
        volume, root = setup.media_volume, setup.media_root
        comments.append(f"User media lives in the named volume <name>-{volume}, mounted at {root}.")
        args.append(f'--volume "$name-{setup.media_volume}:{setup.media_root}"')
    data = [f'--volume "$name-{volume}:{folder}"' for volume, folder in setup.data_volumes()]
    if data:
        comments.append(
            "The app's data (an SQLite database, a data folder) lives in a named volume: kept across runs."
        )
        args += data
        release_flags += data
    keys = [
        f'--mount "type=bind,source=$PWD/{host.removeprefix("./")},target={at},readonly"'
        for _, host, at in setup.key_mounts()
    ]
    if keys:
        comments.append(
            "The key files the app reads from the repository stay out of the image (.dockerignore):"
            " each is mounted, read-only, from this checkout."
        )
        args += keys
        release_flags += keys
    if setup.native_database:
        comments.append(f"{NATIVE_DB_HOST} reaches the database installed on this host.")
        args.append(f"--add-host {HOST_GATEWAY}")
    if setup.gpu:
        comments.append(
            "The host's NVIDIA GPUs, through the NVIDIA Container Toolkit or Docker Desktop's WSL 2."
        )
        args.append("--gpus all")
    return template("starter/run.sh.j2").render(
        name=setup.project,
        url=setup.url,
        context=setup.build_context,
        env_names="|".join(v.name for v in setup.env),
        build_args=build_args(setup),
        release=list(setup.build.release),
        release_flags=" ".join(release_flags),
        release_source=setup.build.sources.get("release", ""),
        native_db=setup.native_database,
        host_gateway=HOST_GATEWAY,
        run_args=args,
        comments=comments,
        detached=setup.production,
    )
