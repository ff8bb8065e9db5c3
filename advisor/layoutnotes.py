"""Report notes on where the image puts the app's code and data when the project's own layout
asks for more than /app: the package the app's folder is (inspect.package_folder), and the
variables that name the app's data folder (appdata.names_data_folder)."""

from __future__ import annotations

import shlex

from .buildspec import BuildPlan
from .inspect.package_folder import PACKAGE_ROOT
from .setup import ProjectNote


def layout_notes(build: BuildPlan) -> list[ProjectNote]:
    notes: list[ProjectNote] = []
    if build.package_alias and build.start:
        values = {"folder": build.app_dir, "package": build.package_alias, "root": PACKAGE_ROOT}
        notes.append(ProjectNote("package-folder", values | {"command": shlex.join(build.start)}))
    if build.data_vars:
        names = ", ".join(f"`{n}`" for n in build.data_vars)
        key = "data-folder-var" if len(build.data_vars) == 1 else "data-folder-vars"
        notes.append(ProjectNote(key, {"vars": names, "folder": f"{build.app_home}/data"}))
    if len(build.member_client_copy) == 2:  # the client member's output, where the server serves it
        output, target = build.member_client_copy
        notes.append(ProjectNote("client-copied-member", {"output": output, "target": target}))
    if build.key_files:  # committed keys the app reads: mounted, never in the image
        notes.append(ProjectNote("key-files", {"files": ", ".join(f"`{k}`" for k in build.key_files)}))
    return notes
