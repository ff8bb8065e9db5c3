"""The Dockerfile (one template per language, from the stack table; a front end built into
static files gets the SPA template) and .dockerignore.

The build context is the app's folder (``build.app_dir``): every path in a Dockerfile is
relative to it. What varies per package manager is a row of the tables below, not an
``if`` in the templates; the templates only choose between the rows' shapes.
"""

from __future__ import annotations

import json
import posixpath
import re
import shlex

from ..buildspec import BuildPlan
from ..inspect.package_folder import PACKAGE_ROOT
from ..setup import Setup
from ..stacks import VERSIONS, npm_pin, writes_its_lockfile
from . import template
from .assets import assets_stage
from .buildenv import build_args, build_placeholders, collectstatic_env
from .nodebuild import NODE_TOOLS, corepack_pin, node_steps, safe, start_env
from .nodebuild import node_tool as node_tool_for
from .settingsfile import copies
from .toolversions import BUN_VERSION, COREPACK_VERSION, UV_VERSION, corepack_for, python_tool_for

"""Where every template puts the app inside the image."""

_VERSION = re.compile(r"[0-9]{1,2}(?:\.[0-9]{1,3}){0,2}")
_TOOL_VERSION = re.compile(r"[0-9]+\.[0-9]+\.[0-9]+")


# Java: where each tool puts the jar, its cache, and its default build command.
JAVA_TOOLS: dict[str, tuple[str, str, str]] = {
    "maven": ("target", "/root/.m2", "--batch-mode package -DskipTests"),
    "gradle": ("build/libs", "/root/.gradle", "--no-daemon build -x test"),
}
SPRING_BOOT_GRADLE_TASK = "--no-daemon bootJar -x test"


def _launcher(setup: Setup) -> str:
    if setup.compose:
        return f"`{setup.start_command}` (see compose.yaml)"
    return f"`{setup.start_command}`"


def _exec_form(argv: list[str] | tuple[str, ...]) -> str:
    """A JSON array for CMD: every item quoted and escaped (ASCII only), so no value can end
    the instruction or start a new one."""
    return json.dumps(list(argv), ensure_ascii=True)


# Words that make a command a shell command line rather than one program and its arguments.
_SHELL_WORDS = frozenset({"&&", "||", ";", "|", ">", ">>", "<", "2>&1"})


def _cmd(argv: list[str]) -> str:
    """CMD in exec form; a command line with shell operators (`migrate && serve`) or a
    variable to expand (a Procfile's `--workers ${GUNICORN_WORKERS:-3}`) runs through `sh -c`,
    with `exec` before its last command so the app still gets the stop signal."""
    expands = [a for a in argv if re.fullmatch(r"[^\s'\"`;&|]*\$\{?\w+(?::?-[^}\s]*)?\}?[^\s'\"`;&|]*", a)]
    if not _SHELL_WORDS.intersection(argv) and not expands:
        return _exec_form(argv)
    words = [a if a in _SHELL_WORDS or a in expands else shlex.quote(a) for a in argv]
    last = max((i for i, a in enumerate(words) if a in _SHELL_WORDS), default=-1) + 1
    line = " ".join([*words[:last], "exec", *words[last:]])
    return _exec_form(["sh", "-c", line])


def _runtime_version(build: BuildPlan, language: str) -> str:
    fallback = VERSIONS.get(language, "")
    version = build.runtime_version
    return version if version and _VERSION.fullmatch(version) else fallback


def _line(version: str) -> tuple[int, ...]:
    """``3.11`` as (3, 11); a version that is not numbers sorts last."""
    parts = version.split(".")[:2]
    return tuple(int(p) for p in parts) if all(p.isdigit() for p in parts) else (99,)


def _has_option(argv: list[str], *names: str) -> bool:
    return any(a in names or any(a.startswith(f"{n}=") for n in names if n.startswith("--")) for a in argv)


def python_start(argv: tuple[str, ...], port: int) -> list[str] | None:
    """The start argv with the bind address added where a server would otherwise listen on
    127.0.0.1 only (unreachable from outside the container) or on another port."""
    if not argv:
        return None
    out = list(argv)
    program = out[0].rsplit("/", 1)[-1]
    if program.startswith("python") and len(out) > 2 and out[1] == "-m":
        program = out[2]
    if (
        program == "gunicorn"
        and not _has_option(out, "-b", "--bind")
        and not any(a.startswith("-b") and len(a) > 2 for a in out)
    ):
        out += ["--bind", f"0.0.0.0:{port}"]
    elif (
        program == "uvicorn"
        or (program == "flask" and "run" in out)
        or (program == "fastapi" and "dev" in out)
    ):
        if not _has_option(out, "--host", "-h"):
            out += ["--host", "0.0.0.0"]
        if not _has_option(out, "--port", "-p"):
            out += ["--port", str(port)]
    elif program == "fastapi" and not _has_option(out, "--port"):
        out += ["--port", str(port)]  # `fastapi run` listens on 0.0.0.0 already
    elif program == "hypercorn" and not _has_option(out, "-b", "--bind"):
        out += ["--bind", f"0.0.0.0:{port}"]
    return out


def java_start(argv: tuple[str, ...]) -> list[str] | None:
    """``java -jar <artifact>`` runs the jar the build stage copied to app.jar."""
    if not argv or (argv[0] == "java" and "-jar" in argv):
        return None
    return list(argv)


def _in_app(build: BuildPlan, path: str) -> str:
    """A path relative to the build context (the app's folder, or its workspace's), also when
    it was given relative to the project (``backend/requirements.txt`` for the app in ``backend``)."""
    context = build.context_dir or build.app_dir
    prefix = context.strip("/") + "/"
    path = path[len(prefix) :] if context not in ("", ".") and path.startswith(prefix) else path
    # beside a client, the app's own files are named from the app's folder (copied to /app)
    return path.removeprefix(build.beside + "/") if build.beside else path


def _manifests(build: BuildPlan, default: tuple[str, ...]) -> tuple[list[str], bool]:
    """The dependency files to mount before the install, and whether they are all safe to
    name; when one is not, the template copies the whole context first instead."""
    manifests = list(dict.fromkeys(_in_app(build, m) for m in build.manifests)) or list(default)
    return manifests, all(safe(m) for m in manifests)


def _one_line(text: str | None) -> str:
    """A value shown in a comment: one line, no control characters."""
    return re.sub(r"[\x00-\x1f\x7f\u2028\u2029]+", " ", text or "").strip()[:200]


# How each healthcheck program gets into the final image (none needs curl).
PROBE_TOOLS = {
    "python": "Python itself opens the connection (the slim image has no curl).",
    "node": "Node itself opens the connection (the slim image has no curl).",
    "bun": "Bun itself opens the connection (the image has no curl).",
    "bash": "bash opens it through /dev/tcp (the image has no curl).",
    "/probe": "/probe, built above from Go's standard library (distroless has no shell or curl).",
    "wget": "busybox wget, already in the alpine image, asks for the front page.",
}


def _template_name(setup: Setup) -> str:
    if setup.language.key == "node" and setup.build.kind == "spa":
        return "Dockerfile.spa.j2"
    return setup.language.template


def tool_version_of(build: BuildPlan) -> str | None:
    """pnpm's version: the one package.json pins, else the one implied (devEngines, lockfile)."""
    return (build.tool_version or build.tool_implied) if build.package_manager == "pnpm" else None


def dockerfile_context(setup: Setup) -> dict[str, object]:
    """Everything the Dockerfile templates read."""
    build = setup.build
    language = setup.language.key
    manifests, manifests_safe = _manifests(build, _DEFAULT_MANIFESTS.get(build.package_manager, ()))
    node_key, node_tool = node_tool_for(build)
    written = writes_its_lockfile(build.package_manager, tool_version_of(build))
    written_lock = [m for m in manifests if m.endswith("pnpm-lock.yaml")] if written else []
    placeholders = build_placeholders(setup)
    tool_version = (
        build.tool_version if build.tool_version and _TOOL_VERSION.fullmatch(build.tool_version) else None
    )
    start: list[str] | None
    if language == "python":
        start = python_start(build.start, setup.app_port)
    elif language == "java":
        start = java_start(build.start)
    elif language in ("node", "other"):
        start = list(build.start) or None
    else:
        start = None
    jar_dir, java_cache, java_task = JAVA_TOOLS.get(build.package_manager, JAVA_TOOLS["maven"])
    java_build = (
        list(build.build[1:])
        if build.build and build.build[0] in ("./mvnw", "./gradlew", "mvn", "gradle")
        else []
    )
    output_dir = build.output_dir if build.output_dir and safe(build.output_dir.strip("/")) else None
    bin_dir = build.start_bin_dir if build.start_bin_dir and safe(build.start_bin_dir) else None
    if bin_dir is None and language == "node" and build.kind != "spa":
        # The packages' programs (pm2-runtime, prisma for the release step...) are found by
        # name, as `npm run` would find them.
        bin_dir = "node_modules/.bin"
    go_main = build.go_main or "."
    needs_compiler = build.needs_compiler
    return {
        "name": setup.project,
        "port": setup.app_port,
        "media_root": setup.media_root,
        "versions": VERSIONS,
        "launcher": _launcher(setup),
        "api_paths": [(p, strip) for p, strip in build.api_paths if safe(p.strip("/"))],
        "api_upstream": build.api_upstream,
        "build": build,
        "app_dir": _one_line(build.app_dir) or ".",
        "context_dir": _one_line(build.context_dir or build.app_dir) or ".",
        "member": build.member_dir if safe(build.member_dir) else ".",
        # the app's folder in a context that holds a client beside it: its files' prefix
        "app_src": f"{build.beside}/" if build.beside and safe(build.beside) else "",
        "local_packages": [(s, t) for s, t in build.local_packages if safe(s) and safe(t.lstrip("/"))],
        "framework": _one_line(build.framework),
        "lockfile": _one_line(_in_app(build, build.lockfile)) if build.lockfile else "",
        "sources": {k: _one_line(v) for k, v in build.sources.items()},
        "runtime_version": _runtime_version(build, language),
        "seeded_venv": build.package_manager == "poetry"
        and _line(_runtime_version(build, language)) <= (3, 11),
        "manifests": [m for m in manifests if m not in written_lock],
        # pnpm 11 records its own version in the lockfile as it installs: a mounted file
        # cannot be replaced (EBUSY), so the lockfile is copied in.
        "written_lock": written_lock,
        # An install-time script of the project's own needs its files: they come first.
        "manifests_safe": manifests_safe and not build.install_script,
        "install_script": _one_line(build.install_script),
        "needs_compiler": needs_compiler,
        "server_install": [_one_line(v) for v in build.server_install] if build.server_install else None,
        "build_packages": list(build.build_packages),
        "runtime_packages": list(build.runtime_packages),
        "runtime_files": [f for f in build.runtime_files if safe(f) and not f.startswith(".env")],
        # An empty .env for a loader that fails without one (never the project's own .env).
        "empty_env": next((f for f in build.runtime_files if f.startswith(".env") and safe(f)), ""),
        "build_env": placeholders,
        "build_args": build_args(setup),
        "compose": setup.compose,
        "install_env": [list(p) for p in setup.build.install_env],
        "scm_version_files": [
            (f.rpartition("/")[0] or ".", f) for f in setup.build.scm_version_files if safe(f)
        ],
        # A build stage where something must stay behind: a tool (uv, poetry...) or a compiler.
        "staged": build.package_manager in ("uv", "poetry", "pipenv", "pdm") or needs_compiler,
        "cmd": _cmd(start) if start else None,
        "writable": setup.writable_paths(),
        "sqlite_links": [(link, target) for link, target, _ in build.sqlite_links],
        "secret_links": [(link, target) for link, target, _ in build.secret_links if safe(link)],
        "healthcheck": _exec_form(list(setup.healthcheck)) if setup.healthcheck else None,
        "healthcheck_tool": PROBE_TOOLS.get(setup.healthcheck[0] if setup.healthcheck else "", ""),
        # A file the app creates beside its code (app.db, app.log): the app folder itself
        # belongs to the app user (not what is in it), so it can create files there.
        "app_home_writable": "." in setup.build.writable,
        "static_root": _one_line(build.static_root) if language == "python" else "",
        "static_committed": _one_line(build.static_committed) if build.static_committed else "",
        "workdir": build.workdir if language in ("python", "node") else "",
        # the app's folder is a package its code imports by name (inspect.package_folder)
        "package_alias": build.package_alias if language == "python" else "",
        "package_root": PACKAGE_ROOT,
        "collectstatic_env": collectstatic_env(setup)
        if (build.static_root or build.make_migrations) and language == "python"
        else [],
        "assets": assets_stage(build.assets, NODE_TOOLS[build.assets.package_manager].cache)
        if build.assets is not None and (build.static_root or build.assets.build)
        else None,
        "app_home": build.app_home,
        # The folder the app keeps its data in, where the variables that name it point.
        "data_env": [f"{n}={build.app_home}/data" for n in build.data_vars],
        "example_copies": [(a, b) for a, b in (*build.example_copies, *copies(build)) if safe(a) and safe(b)],
        "node_key": node_key,
        "node": node_tool,
        "corepack_version": corepack_for(build.runtime_version) if language == "node" else COREPACK_VERSION,
        # No packageManager field: the lockfile's format says which major to use.
        "corepack_pin": corepack_pin(build, tool_version),
        # packageManager's npm, else npm 10 for a lockfile npm 11 refuses (see optional_gap)
        "npm_version": (tool_version or npm_pin(build.tool_implied, build.runtime_version))
        if node_key == "npm"
        else None,
        "npm_pinned": bool(tool_version),
        # packageManager pins the version: installed in the base stage from package.json.
        "corepack_local": bool(tool_version) and node_tool.corepack,
        "bun_version": tool_version if node_key == "bun" and tool_version else BUN_VERSION,
        "node_build": shlex.join(build.build) if build.build else None,
        "node_steps": node_steps(build, node_key, node_tool, placeholders),
        "drop_ts": [posixpath.join(build.app_home, d) for d in build.drop_ts if safe(d)],
        "drop_ts_source": build.sources.get("drop_ts", ""),
        "prisma": build.prisma,
        "prisma_openssl1": _one_line(build.prisma_openssl1),
        "release_tools": ", ".join(build.release_tools),
        "start_tools": ", ".join(build.start_tools),
        "install_root": (build.start_script or bool(build.self_install))
        and build.package_manager in ("poetry", "pdm"),
        "static_missing": [
            p if p.startswith("/") else f"/app/{p}" for p, _ in build.static_missing if safe(p.lstrip("/"))
        ],
        "config_dev_imports": ", ".join(build.config_dev_imports),
        "bin_dir": bin_dir,
        "pm2": language == "node" and bool(build.start) and build.start[0] in ("pm2", "pm2-runtime"),
        "start_env": start_env(build),
        "uv_version": build.tool_version
        if build.package_manager == "uv" and build.tool_version
        else UV_VERSION,
        "python_tool_version": tool_version or python_tool_for(build.package_manager, build.runtime_version),
        "requirements": next((m for m in manifests if m.endswith(".txt") or m.endswith(".in")), None),
        "jar_dir": jar_dir,
        "java_cache": java_cache,
        "java_tool": "gradle" if build.package_manager == "gradle" else "maven",
        "java_task": shlex.join(java_build)
        if java_build
        else (
            SPRING_BOOT_GRADLE_TASK
            if build.package_manager == "gradle" and build.framework == "spring-boot"
            else java_task
        ),
        "wrapper": build.wrapper if build.wrapper in ("mvnw", "gradlew") else None,
        "go_main": go_main if safe(go_main) or go_main == "." else ".",
        "output_dir": output_dir.strip("/") if output_dir else None,
    }


# The manifests each tool needs when the plan names none (the language's conventions).
_DEFAULT_MANIFESTS: dict[str, tuple[str, ...]] = {
    "pip": ("requirements.txt",),
    "uv": ("pyproject.toml", "uv.lock"),
    "poetry": ("pyproject.toml", "poetry.lock"),
    "pipenv": ("Pipfile", "Pipfile.lock"),
    "pdm": ("pyproject.toml", "pdm.lock"),
    "npm": ("package.json", "package-lock.json"),
    "yarn": ("package.json", "yarn.lock"),
    "pnpm": ("package.json", "pnpm-lock.yaml"),
    "bun": ("package.json", "bun.lock"),
    "maven": ("pom.xml",),
    "gradle": ("build.gradle", "settings.gradle"),
    "go": ("go.mod", "go.sum"),
}


def render_dockerfile(setup: Setup) -> str:
    return template(f"starter/{_template_name(setup)}").render(**dockerfile_context(setup))


def render_dockerignore(setup: Setup) -> str:
    build = setup.build
    output_dir = build.output_dir.strip("/") if build.output_dir and build.build else None
    if output_dir and build.beside:
        output_dir = f"{build.beside}/{output_dir}"  # (the context holds the app's folder)
    return template("starter/dockerignore.j2").render(
        name=setup.project,
        language=setup.language.key,
        kind=build.kind,
        output_dir=output_dir if output_dir and output_dir != "." and safe(output_dir) else None,
        own_output_dirs=build.own_output_dirs,
        # A front end's build reads its .env files; .env holds no secret of advisor's then.
        build_env_files=build.kind == "spa"
        and all(v.kind not in ("secret", "credential") for v in setup.env),
        front_folder=_front_in_context(setup),
    )


def _front_in_context(setup: Setup) -> str:
    """The front end's folder (served by its own image) as seen from the app's build context,
    when it is inside it (an app at the top, its front end in frontend/): not the app's."""
    if setup.front is None:
        return ""
    context = setup.build.context_dir or setup.build.app_dir or "."
    rel = posixpath.relpath(setup.front.folder, context)
    return rel if not rel.startswith("..") and rel != "." and safe(rel) else ""
