"""The assets stage of a Python Dockerfile: the npm packages collectstatic gathers static
files from and the project's own asset build, in a Node stage (see buildspec.AssetsPlan)."""

from __future__ import annotations

from ..buildspec import AssetsPlan

# How the Django assets stage installs npm packages: the dependencies only, in a flat
# node_modules (pnpm's default is a tree of links into its store).
# With no lockfile, the same install resolves the ranges itself.
ASSET_INSTALLS = {
    "npm": ("npm ci --omit=dev", "npm install --omit=dev"),
    "yarn": ("yarn install --frozen-lockfile --production", "yarn install --production"),
    "pnpm": (
        "pnpm install --frozen-lockfile --prod --config.node-linker=hoisted",
        "pnpm install --prod --config.node-linker=hoisted",
    ),
}
# An asset build needs the development dependencies too (its tools are there).
BUILD_INSTALLS = {
    "npm": ("npm ci", "npm install"),
    "yarn": ("yarn install --frozen-lockfile", "yarn install"),
    "pnpm": (
        "pnpm install --frozen-lockfile --config.node-linker=hoisted",
        "pnpm install --config.node-linker=hoisted",
    ),
}


def assets_stage(assets: AssetsPlan, cache: str) -> dict[str, object]:
    """The assets stage's values: where node_modules goes, what is mounted, how it installs
    (``cache``: the tool's download cache, kept in a cache mount)."""
    locked, unlocked = (BUILD_INSTALLS if assets.build else ASSET_INSTALLS)[assets.package_manager]
    folder = "" if assets.folder == "." else assets.folder.strip("/")
    return {
        "folder": folder,
        "node": assets.node_version,
        "manifests": list(assets.manifests),
        "root": f"/app/{folder}" if folder else "/app",
        "install": locked if assets.lockfile else unlocked,
        "cache": cache,
        "tool": assets.package_manager,
        "corepack": assets.package_manager != "npm",
        "pin": assets.tool_pin,
        "lockfile": assets.lockfile or "",
        "source": assets.source,
        "via": "django-npm's NpmFinder" if assets.via == "NpmFinder" else assets.via,
        # node_modules itself goes into the image only when collectstatic reads it.
        "node_modules": assets.via != "build",
        "build": f"{assets.package_manager} run {assets.build}" if assets.build else "",
        "package_json": f"{folder}/package.json" if folder else "package.json",
    }
