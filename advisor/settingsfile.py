"""The variables of the settings file advisor makes from the project's template (see
render/settingsfile.py): the one that tells the app where it is (byceps' BYCEPS_CONFIG_FILE),
and the secret compose.yaml's copy takes for the template's empty or example one."""

from __future__ import annotations

from .buildspec import BuildPlan
from .setup import AppVar, EnvVar


def config_file_var(build: BuildPlan) -> tuple[AppVar, ...]:
    """The variable that names the file, set to where the image makes it."""
    template = build.config_template
    if len(template) != 4 or not template[0]:
        return ()
    return (AppVar(template[0], "config-file", (f"{build.app_home}/{template[2]}",), template[1]),)


SETTINGS_SECRET = "APP_SETTINGS_SECRET"


def settings_secret(build: BuildPlan, compose: bool) -> tuple[EnvVar, ...]:
    """A random secret for the template's signing key (byceps' `secret_key = ""`, bookbrainz's
    `"secret": "Something here!"`), which compose.yaml's copy of the file takes from .env."""
    template = build.config_template
    if not compose or len(template) != 4 or "@@advisor:secret:" not in template[3]:
        return ()
    return (EnvVar(SETTINGS_SECRET, "app", "settings-secret", "secret", to_app=False, source=template[1]),)
