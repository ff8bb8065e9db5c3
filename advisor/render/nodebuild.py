"""How a Node app's image installs, builds and prunes with each package manager (npm, yarn
classic and berry, pnpm, bun), also as a member of a workspace; and the path check every
Dockerfile template's names pass."""

from __future__ import annotations

import posixpath
import re
import shlex
from dataclasses import dataclass

from ..buildspec import BuildPlan

# A path the Dockerfile may name in a bind mount or COPY as it is: no comma (the --mount
# flag is comma-separated), no space, no quote, no newline, no leading '-' or '/', no '..'.
_SAFE_PATH = re.compile(r"(?!-)(?!/)(?!.*(?:^|/)\.\.(?:/|$))[A-Za-z0-9._@+/-]+")


def safe(path: str) -> bool:
    return bool(_SAFE_PATH.fullmatch(path))


@dataclass(frozen=True, slots=True)
class NodeTool:
    """How one Node package manager installs, caches and prunes."""

    install: str
    cache: str
    prune: str | None
    """The command that drops dev dependencies after the build (None: they stay)."""
    corepack: bool


NODE_TOOLS: dict[str, NodeTool] = {
    "npm": NodeTool("npm ci", "/root/.npm", "npm prune --omit=dev", False),
    "yarn": NodeTool(
        "yarn install --frozen-lockfile",
        "/usr/local/share/.cache/yarn",
        "yarn install --frozen-lockfile --production --ignore-scripts",
        True,
    ),
    # Yarn 2+ (berry): --immutable; `workspaces focus` is built into Yarn 4 only.
    "yarn-berry": NodeTool(
        "yarn install --immutable",
        "/root/.yarn/berry/cache",
        "yarn workspaces focus --all --production",
        True,
    ),
    # The dev dependencies go by installing the production ones again: `pnpm prune` at a
    # workspace's root leaves the members' node_modules empty, and pnpm 10.16+ asks before it
    # purges node_modules (no TTY in a build: CI=true answers). No install scripts: prune
    # would run the project's own `prepare` (husky install) once the dev tools are gone.
    "pnpm": NodeTool(
        "pnpm install --frozen-lockfile",
        "/root/.local/share/pnpm/store",
        "CI=true pnpm install --prod --frozen-lockfile --ignore-scripts",
        True,
    ),
    "bun": NodeTool(
        "bun install --frozen-lockfile",
        "/root/.bun/install/cache",
        "bun install --frozen-lockfile --production --ignore-scripts",
        False,
    ),
}

# How each Node tool runs a package's binary in the build stage (the Prisma CLI).
NODE_EXEC = {"npm": "npx", "yarn": "yarn", "yarn-berry": "yarn", "pnpm": "pnpm exec", "bun": "bunx"}


def node_steps(
    build: BuildPlan, key: str, tool: NodeTool, env: list[tuple[str, str]] | None = None
) -> list[str]:
    """The build stage's commands after the code is copied: Prisma's client generated (its
    types are needed by the build), the build, the dev dependencies dropped. A Prisma CLI that
    is only a dev dependency keeps them (it generates the client and runs
    ``prisma migrate deploy`` in the image); a CLI among the dependencies survives the prune
    and generates the client once more, after it."""
    cli = build.prisma in ("runtime", "dev")
    # (with the build's placeholders: prisma.config.ts's `env('DATABASE_URL')` stops without one)
    placeholders = "".join(f"{name}={shlex.quote(value)} \\\n    " for name, value in env or ())
    generate = f"{placeholders}{NODE_EXEC[key]} prisma generate" if cli else None
    keep_dev = build.prisma == "dev" or build.release_tools or build.config_dev_imports or build.start_tools
    prune = tool.prune if not keep_dev else None
    # The build's placeholders inline on its command (no ENV keeps them, none is a real value).
    own = [s for s in (generate, placeholders + shlex.join(build.build) if build.build else None) if s]
    copies = [(s, d) for s, d in build.tsc_assets if safe(s) and safe(d)] if build.build else []
    if copies:  # the files the compiled code reads from its own folder, which tsc does not copy
        folders = sorted({d.rpartition("/")[0] for _, d in copies if "/" in d})
        made = [f"mkdir -p {' '.join(folders)}"] if folders else []
        own.append(" && ".join([*made, *(f"cp {s} {d}" for s, d in copies)]))
    after = [generate] if prune and generate else []
    if build.member_dir == "." or not safe(build.member_dir):
        return [*own, *([prune] if prune else []), *after]
    if re.fullmatch(r"[\w:.-]+", build.root_build):  # the root's build makes the member and its parts
        root = f"cd /app && {placeholders}{build.package_manager} run {build.root_build}"
        home = f"cd {build.app_home} && "
        return [
            *([home + generate] if generate else []),
            root,
            *([f"cd /app && {prune}"] if prune else []),
            *(home + step for step in after),
        ]
    # A workspace member: the workspace packages it imports build first, in their folders,
    # then its own build in its folder; the prune runs at the workspace's root.
    home = f"cd {build.app_home} && "
    generated = (  # the client a workspace package's Prisma schema makes (rallly's packages/database)
        [f"cd /app/{build.prisma_package} && {placeholders}{NODE_EXEC[key]} prisma generate"]
        if build.prisma_package and safe(build.prisma_package) and not cli
        else []
    )
    first = (
        generated
        + [
            f"cd /app/{d} && "
            + (f"{NODE_EXEC[key]} tsc" if d in build.compiles_first else f"{build.package_manager} run build")
            for d in build.builds_first
            if safe(d)
        ]
        + (
            [f"cd /app/{build.member_client} && {build.package_manager} run build"]
            if build.member_client
            else []
        )
    )
    copy = build.member_client_copy
    placed = (
        [f"{home}mkdir -p {copy[1]} && cp -R /app/{copy[0]}/. {copy[1]}/"]
        if len(copy) == 2 and all(safe(p) for p in copy)
        else []
    )
    return [
        *first,
        *([home + " && ".join(own)] if own else []),
        *placed,  # after the server's build, which may empty its outDir (Nest's deleteOutDir)
        *([f"cd /app && {prune}"] if prune else []),
        *(home + step for step in after),
    ]


def node_tool(build: BuildPlan) -> tuple[str, NodeTool]:
    key = build.package_manager if build.package_manager in NODE_TOOLS else "npm"
    if key == "yarn" and build.yarn_berry:
        key = "yarn-berry"
    tool = NODE_TOOLS[key]
    if not build.lockfile and build.package_manager in NODE_TOOLS:
        # No lockfile committed: a frozen install (npm ci) refuses to run; the ranges of
        # package.json are resolved at each build instead (the report says so).
        tool = NodeTool(
            f"{build.package_manager} install",
            tool.cache,
            tool.prune.replace(" --frozen-lockfile", "") if tool.prune else None,
            tool.corepack,
        )
    if key == "yarn-berry":
        major = (build.tool_version or "").split(".", 1)[0]
        if not (major.isdigit() and int(major) >= 4):
            tool = NodeTool(tool.install, tool.cache, None, tool.corepack)
    if key == "pnpm" and build.pnpm_member and build.package:
        # A workspace member: the member and the workspace packages it depends on, as pnpm's
        # Docker guide installs one (SparkyFitness's own image): another member's packages (a
        # phone app's) are neither downloaded nor built.
        only = f" --filter {shlex.quote(build.package + '...')}"
        tool = NodeTool(tool.install + only, tool.cache, tool.prune and tool.prune + only, tool.corepack)
    node = build.runtime_version.split(".", 1)[0]
    if key == "npm" and node.isdigit() and int(node) < 16 and tool.prune:
        # npm 6 (Node 14 and older) knows --production, not --omit=dev (npm 7)
        tool = NodeTool(tool.install, tool.cache, "npm prune --production", tool.corepack)
    if key == "npm" and build.install_migrates:
        # the project's install-time script migrates a database the build has not: no
        # lifecycle script runs, then the dependencies' own (native modules) do
        tool = NodeTool(
            f"{tool.install} --ignore-scripts && {key} rebuild", tool.cache, tool.prune, tool.corepack
        )
    if key == "npm" and build.legacy_peer_deps:
        flag = " --legacy-peer-deps"  # the project's lockfile was made with it
        tool = NodeTool(tool.install + flag, tool.cache, tool.prune and tool.prune + flag, tool.corepack)
    if key == "npm" and build.lock_registry and build.lockfile:
        # the lockfile's packages at a mirror (registry.npm.taobao.org, long gone): from the
        # registry npm is set to, checked against the lockfile's checksums as before
        tool = NodeTool(
            tool.install + " --replace-registry-host=always", tool.cache, tool.prune, tool.corepack
        )
    return key, tool


def start_env(build: BuildPlan) -> list[tuple[str, str]]:
    """The start script's variables the image sets; a path that leaves the app's folder
    (``NODE_CONFIG_DIR=../../config`` in a workspace member) as its absolute path in the image."""
    found: list[tuple[str, str]] = []
    for name, value in build.start_env:
        if value.startswith("../"):
            value = posixpath.normpath(f"{build.app_home}/{value}")
            if value.startswith("/app/") and safe(value.removeprefix("/app/")):
                found.append((name, value))
        elif safe(value):
            found.append((name, value))
    return found


# Yarn classic's last release: Corepack resolves a bare major through yarn's own site for yarn,
# so classic is named exactly (pnpm's majors resolve through the npm registry).
YARN_CLASSIC = "1.22.22"


def corepack_pin(build: BuildPlan, tool_version: str | None) -> str | None:
    """pnpm@9 / yarn@1.22.22 when package.json pins no version and the lockfile implies one."""
    implied = build.tool_implied
    if tool_version or not implied or not re.fullmatch(r"\d+(?:\.\d+\.\d+)?", implied):
        return None
    if build.package_manager == "yarn" and implied == "1":
        return f"yarn@{YARN_CLASSIC}"
    return f"{build.package_manager}@{implied}"
