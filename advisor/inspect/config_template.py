"""A settings file the app is told of by a variable, which the project keeps only as a template
(byceps: `BYCEPS_CONFIG_FILE`, read with no default, and `config/config.toml.example`): the
app stops at start until someone copies the template, fills it in and sets the variable."""

from __future__ import annotations

import dataclasses
import re

from .common import source_files
from .config_marks import file_format, marked
from .facts import AppFacts, EnvVar
from .tree import Tree, join

# A variable that names the settings file (BYCEPS_CONFIG_FILE, APP_SETTINGS_PATH, KINTO_INI);
# not APP_SETTINGS or APP_CONFIG, which often name a settings class (config.ProductionConfig).
_FILE_VAR = re.compile(r"(?:^|_)(?:(?:CONFIG|SETTINGS|CONF)_(?:FILE|PATH|FILENAME)|INI)$")
# A template of a settings file: config.toml.example, settings.example.yaml, app.conf.dist.
_TEMPLATE = re.compile(
    r"^(?P<stem>[\w.-]*(?:config|settings|conf)[\w.-]*?)"
    r"(?:[._-](?:example|sample|dist|template|tmpl|default)(?P<ext>\.(?:toml|ya?ml|json|ini|cfg|conf|py))?)$",
    re.I,
)
_FOLDERS = ("", "config", "conf", "etc", "settings")


def config_template(tree: Tree, folder: str, env_vars: tuple[EnvVar, ...]) -> tuple[str, ...]:
    """(variable, template, the file to make from it, the template with its connection values
    marked: see config_marks) relative to the app's folder, or (). The variable names the
    file; "" when the code reads it by a name of its own (bookbrainz's `config/config.json`,
    Hyperion's `yaml_file="config.yaml"`), which its code names (or the template's)."""
    var = next(
        (
            v.name
            for v in env_vars
            if _FILE_VAR.search(v.name) and v.default is None and v.name != "DJANGO_SETTINGS_MODULE"
        ),
        None,
    )
    for sub in _FOLDERS:
        for name in sorted(tree.names(join(folder, sub))):
            m = _TEMPLATE.match(name)
            target = f"{m.group('stem')}{m.group('ext') or ''}" if m else ""
            if not m or "." not in target or tree.has(join(folder, join(sub, target))):
                continue
            kind = file_format(target)
            if var is None and (
                kind is None or not _named_in_code(tree, folder, (join(sub, target), join(sub, name)))
            ):
                continue
            text = tree.text(join(folder, join(sub, name))) or ""
            return var or "", join(sub, name), join(sub, target), marked(text, kind) if kind else ""
    return ()


_CODE = (".py", ".js", ".mjs", ".cjs", ".ts", ".go", ".rb", ".php")


def _named_in_code(tree: Tree, folder: str, names: tuple[str, ...]) -> bool:
    """Whether the app's code names the file (or its template: bookbrainz's message "copy,
    rename and modify config/config.json.example")."""
    quoted = re.compile("|".join(rf"(?<![\w./-]){re.escape(n)}(?![\w-])" for n in names))
    return any(quoted.search(tree.text(rel) or "") for rel in source_files(tree, folder, _CODE, limit=300))


def settled_by_template(tree: Tree, app: AppFacts) -> AppFacts:
    """The app with the variables the settings file made from its template gives (Hyperion's
    CLIENT_URL, SMTP_PORT, top-level keys of config.template.yaml, read by its settings class
    from config.yaml) no longer required: the app finds them in the file."""
    template = app.config_template
    if len(template) != 4 or template[0]:
        return app
    text = tree.text(join("" if app.path == "." else app.path, template[1])) or ""
    keys = set(re.findall(r"^([A-Za-z_]\w*)\s*[:=]\s*\S", text, re.M))
    env_vars = tuple(dataclasses.replace(v, required=False) if v.name in keys else v for v in app.env_vars)
    return dataclasses.replace(app, env_vars=env_vars)
