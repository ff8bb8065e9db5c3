"""The variable that tells the app where its settings file is, when advisor makes that file
from the project's template (see render/settingsfile.py): byceps' BYCEPS_CONFIG_FILE."""

from __future__ import annotations

from .buildspec import BuildPlan
from .setup import AppVar


def config_file_var(build: BuildPlan) -> tuple[AppVar, ...]:
    """The variable that names the file, set to where the image makes it."""
    template = build.config_template
    if len(template) != 4 or not template[0]:
        return ()
    return (AppVar(template[0], "config-file", (f"{build.app_home}/{template[2]}",), template[1]),)
