"""The assets stage of a Python Dockerfile: the npm packages collectstatic gathers static
files from and the project's own asset build, in a Node stage (see buildspec.AssetsPlan)."""

from __future__ import annotations

import posixpath

from ..buildspec import AssetsPlan

# How the assets stage installs npm packages: (locked, unlocked, the flag that leaves the
# development dependencies out), in a flat node_modules (pnpm's default is a tree of links
# into its store). With no lockfile, the same install resolves the ranges itself. An asset
# build needs the development dependencies too (its tools are there): no flag.
ASSET_INSTALLS = {
    "npm": ("npm ci", "npm install", "--omit=dev"),
    "yarn": ("yarn install --frozen-lockfile", "yarn install", "--production"),
    "pnpm": ("pnpm install --frozen-lockfile", "pnpm install", "--prod"),
}


def assets_stage(assets: AssetsPlan, cache: str) -> dict[str, object]:
    """The assets stage's values: where node_modules goes, what is mounted, how it installs
    (``cache``: the tool's download cache, kept in a cache mount)."""
    locked, unlocked, prod = ASSET_INSTALLS[assets.package_manager]
    flags = ("" if assets.build else f" {prod}") + (
        " --config.node-linker=hoisted" if assets.package_manager == "pnpm" else ""
    )
    folder = "" if assets.folder == "." else assets.folder.strip("/")
    return {
        "folder": folder,
        "node": assets.node_version,
        "manifests": [m for m in assets.manifests if m not in assets.copied],
        "copied": list(assets.copied),
        "root": f"/app/{folder}" if folder else "/app",
        "install": (f"npm install --global npm@{assets.npm_pin} && " if assets.npm_pin else "")
        + (locked if assets.lockfile else unlocked)
        + flags,
        "cache": cache,
        "tool": assets.package_manager,
        "corepack": assets.package_manager != "npm",
        "pin": assets.tool_pin,
        "lockfile": assets.lockfile or "",
        "source": assets.source,
        "via": "django-npm's NpmFinder" if assets.via == "NpmFinder" else assets.via,
        # node_modules itself goes into the image only when collectstatic reads it.
        "node_modules": assets.via not in ("build", "served"),
        "build": assets.build_command,
        "package_json": f"{folder}/package.json" if folder else "package.json",
        # A Node server's client: its output goes where the server serves it.
        "served": assets.via == "served",
        "output": assets.output,
        "target": assets.target,
        # where the server finds it in the image (from /app: beside it for ../client/dist)
        "target_path": posixpath.normpath(posixpath.join("/app", assets.target))
        if assets.target.startswith("../")
        else f"./{assets.target}",
        "written": assets.written,
        "git": assets.git,
        "install_hook": assets.install_hook if assets.via != "served" else "",
    }
