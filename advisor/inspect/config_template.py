"""A settings file the app is told of by a variable, which the project keeps only as a template
(byceps: `BYCEPS_CONFIG_FILE`, read with no default, and `config/config.toml.example`): the
app stops at start until someone copies the template, fills it in and sets the variable."""

from __future__ import annotations

import re

from .facts import EnvVar
from .tree import Tree, join

# A variable that names the settings file (BYCEPS_CONFIG_FILE, APP_SETTINGS_PATH, KINTO_INI);
# not APP_SETTINGS or APP_CONFIG, which often name a settings class (config.ProductionConfig).
_FILE_VAR = re.compile(r"(?:^|_)(?:(?:CONFIG|SETTINGS|CONF)_(?:FILE|PATH|FILENAME)|INI)$")
# A template of a settings file: config.toml.example, settings.example.yaml, app.conf.dist.
_TEMPLATE = re.compile(
    r"^(?P<stem>[\w.-]*(?:config|settings|conf)[\w.-]*?)"
    r"(?:\.(?:example|sample|dist|template|tmpl|default)(?P<ext>\.(?:toml|ya?ml|json|ini|cfg|conf|py))?)$",
    re.I,
)
_FOLDERS = ("", "config", "conf", "etc", "settings")


def config_template(tree: Tree, folder: str, env_vars: tuple[EnvVar, ...]) -> tuple[str, ...]:
    """(variable, template, the file to make from it) relative to the app's folder, or ()."""
    var = next(
        (
            v.name
            for v in env_vars
            if _FILE_VAR.search(v.name) and v.default is None and v.name != "DJANGO_SETTINGS_MODULE"
        ),
        None,
    )
    if var is None:
        return ()
    for sub in _FOLDERS:
        for name in sorted(tree.names(join(folder, sub))):
            m = _TEMPLATE.match(name)
            target = f"{m.group('stem')}{m.group('ext') or ''}" if m else ""
            if m and "." in target and not tree.has(join(folder, join(sub, target))):
                return var, join(sub, name), join(sub, target)
    return ()
