"""A configuration module the settings load by name (NetBox's layout: Status-Page's
``importlib.import_module(os.getenv('STATUS_PAGE_CONFIGURATION', 'statuspage.configuration'))``)
that the project keeps only as a template of literal values (``configuration_example.py``:
``DATABASE = {'HOST': 'localhost', 'USER': '', ...}``, ``SECRET_KEY = ''``). The image copies
the template in place (python_setup.example_modules); its literals reach no database from a
container, and nothing in them comes from the environment. The lines here, appended to the
image's copy, take the connection, the secret and the hosts from the container's environment,
under names advisor's files then set; the app's other settings keep the template's values."""

from __future__ import annotations

import ast
import re
from collections.abc import Iterable, Mapping

from .schema import live_code
from .tree import Tree, join

# 'pkg.configuration', or os.getenv('STATUS_PAGE_CONFIGURATION', 'pkg.configuration'): a module's
# name (its last part), which a variable may change
_NAME = r"""(?:os\.(?:getenv|environ\.get)\(\s*['"]\w+['"]\s*,\s*)?['"](?:[\w.]+\.)?(\w+)['"]"""
_LOADS = re.compile(rf"import_module\(\s*(?:{_NAME}|(\w+)\s*\))")


# A module's file named in a path (relate's `join(BASE_DIR, "local_settings.py")`, which it
# checks for and then imports by name through exec)
_FILE_NAMED = re.compile(r"""\bjoin\([^()\n]*,\s*['"](\w+)\.py['"]\s*\)""")


def loaded_modules(code: str) -> frozenset[str]:
    """The modules the code loads by name with importlib (their last part): named in the call,
    or in the variable it passes (Status-Page's `config_path = os.getenv(..., '...')`); or whose
    file it names in a path it joins (_FILE_NAMED)."""
    found: set[str] = set(_FILE_NAMED.findall(code)) if ".py" in code else set()
    for named, variable in _LOADS.findall(code) if "import_module" in code else ():
        given = re.search(rf"^\s*{variable}\s*=\s*{_NAME}", code, re.M) if variable else None
        found.update(n for n in (named, given.group(1) if given else "") if n)
    return frozenset(found)


# The settings the template leaves to the deployer, each with the lines that set it in the
# container: a top-level literal (a dict, an empty string or list) of the template.
_SETTINGS = (
    (
        re.compile(r"^DATABASE\s*=\s*\{", re.M),
        'DATABASE = {**DATABASE, "NAME": os.environ["DATABASE_NAME"], "USER": os.environ["DATABASE_USER"],'
        ' "PASSWORD": os.environ["DATABASE_PASSWORD"], "HOST": os.environ["DATABASE_HOST"],'
        ' "PORT": os.environ.get("DATABASE_PORT", "")}',
    ),
    (
        re.compile(r"^REDIS\s*=\s*\{", re.M),
        'REDIS = {use: {**redis, "HOST": os.environ["REDIS_HOST"],'
        ' "PORT": int(os.environ.get("REDIS_PORT", 6379)), "PASSWORD": os.environ.get("REDIS_PASSWORD", "")}'
        " for use, redis in REDIS.items()}",
    ),
    (re.compile(r"""^SECRET_KEY\s*=\s*(?:''|""|None)\s*$""", re.M), 'SECRET_KEY = os.environ["SECRET_KEY"]'),
    (
        re.compile(r"^ALLOWED_HOSTS\s*=\s*\[\s*\]\s*$", re.M),
        'ALLOWED_HOSTS = os.environ.get("ALLOWED_HOSTS", "localhost 127.0.0.1").split()',
    ),
    (re.compile(r"""^SITE_URL\s*=\s*(?:''|""|None)\s*$""", re.M), 'SITE_URL = os.environ["SITE_URL"]'),
)


_FLAT_REDIS = (
    'REDIS = {**REDIS, "HOST": os.environ["REDIS_HOST"], "PORT": int(os.environ.get("REDIS_PORT", 6379)),'
    ' "PASSWORD": os.environ.get("REDIS_PASSWORD", "")}'
)


def _nested_redis(code: str) -> bool:
    """Whether the template's REDIS holds a dict per use (NetBox's `tasks` and `caching`)."""
    try:
        tree = ast.parse(code)
    except (SyntaxError, ValueError):
        return False
    for node in tree.body:
        if isinstance(node, ast.Assign) and any(
            isinstance(t, ast.Name) and t.id == "REDIS" for t in node.targets
        ):
            return isinstance(node.value, ast.Dict) and all(
                isinstance(v, ast.Dict) for v in node.value.values
            )
    return False


def container_block(
    tree: Tree, folder: str, copies: Iterable[tuple[str, str]], texts: Mapping[str, str]
) -> tuple[str, tuple[str, ...]] | None:
    """(module file, the lines appended to the image's copy of its template) for a module the
    settings load by name whose template sets the database (or another deployer's setting) in
    literals; both relative to the app's folder."""
    loaded = loaded_modules("\n".join(t for t in texts.values() if "import_module" in t))
    for template, target in copies:
        if target.rsplit("/", 1)[-1].removesuffix(".py") not in loaded:
            continue
        code = live_code("python", tree.text(join(folder, template)) or "")
        lines = tuple(line for pattern, line in _SETTINGS if pattern.search(code))
        if not _nested_redis(code):  # a flat REDIS = {'HOST': ...}: its own keys
            lines = tuple(line.replace(_SETTINGS[1][1], _FLAT_REDIS) for line in lines)
        if lines and _SETTINGS[0][0].search(code):
            return target, (
                "",
                "# advisor: the container's settings, from its environment",
                "import os",
                *lines,
            )
    return None


# The template of a module the project keeps out of git and the code imports by name:
# settings.example.py, config.py.example, local_settings.py.container (tubesync's, for its image).
# (or NetBox's configuration_example.py, which the settings load by name)
_EXAMPLE_MODULE = re.compile(
    r"^(\w+?)(?:[._](?:example|sample|dist)\.py|\.py\.(?:example|sample|dist|container|docker))$"
)


def example_modules(tree: Tree, folder: str, texts: dict[str, str]) -> tuple[tuple[str, str], ...]:
    """(template, module file) for each module the code imports (`import settings`, `from config
    import`, Flask's `from_object("settings")`) that only exists as its template (veops/cmdb's
    settings.example.py, which its docs copy to settings.py): the image copies it in place."""
    found: list[tuple[str, str]] = []
    code = ""
    cut = len(folder) + 1 if folder else 0  # relative to the app's folder
    # one template per module, the container's own first (local_settings.py.container)
    subs = [join(folder, d) for d in tree.subdirs(folder)]
    for current in dict.fromkeys((folder, *subs, *(join(s, d) for s in subs for d in tree.subdirs(s)))):
        for name in tree.names(current):
            m = _EXAMPLE_MODULE.match(name)
            if m is None:
                continue
            code = code or "\n".join(texts.values())  # joined once, and only for a template
            target = join(current, f"{m.group(1)}.py") if m else ""
            module = m.group(1) if m else ""
            # (the underscore form, configuration_example.py, only for a module loaded by name or
            # imported relatively: a usage example, celery_example.py, would hide the installed celery)
            relative = re.search(rf"^\s*from\s+\.{module}\s+import", code, re.M) if m else None
            underscored = name[len(module)] == "_" and not relative if m else False
            if (
                not m
                or tree.has(target)
                or any(t == target[cut:] for _, t in found)
                or (underscored and module not in loaded_modules(code))
                or (
                    not re.search(
                        rf"""^\s*(?:import\s+{module}\b|from\s+\.?{module}\s+import)|from_object\(\s*['"]{module}['"]"""
                        rf"""|\bconfig\w*\s*=\s*['"]{module}['"]"""  # create_app(config_object="settings")
                        # the settings module manage.py names (loonflow's settings.config)
                        rf"""|DJANGO_SETTINGS_MODULE['"]\s*,\s*['"][\w.]*\b{module}['"]""",
                        code,
                        re.M,
                    )
                    and module not in loaded_modules(code)
                )
            ):
                continue
            found.append((join(current, name)[cut:], target[cut:]))
    return tuple(found) + _deploy_modules(tree, folder, texts, {t for _, t in found})


_DEPLOY_FOLDERS = ("deploy/docker", "docker", ".docker", "deployment/docker", "deploy")


def _deploy_modules(
    tree: Tree, folder: str, texts: dict[str, str], taken: set[str]
) -> tuple[tuple[str, str], ...]:
    """(file, module file) for a module the settings import relatively (`from .local_settings
    import *`) that is not in the project but in its container set-up, whose entrypoint copies it
    in place (mediacms' deploy/docker/local_settings.py, which reads the database from the
    environment where cms/settings.py names 127.0.0.1)."""
    cut = len(folder) + 1 if folder else 0
    found: list[tuple[str, str]] = []
    for deploy in _DEPLOY_FOLDERS:
        for name in tree.names(join(folder, deploy)):
            module = name.removesuffix(".py")
            if not name.endswith(".py") or not module.isidentifier():
                continue
            for rel, text in texts.items():
                target = join(rel.rpartition("/")[0], name)
                imported = re.search(rf"^\s*from\s+\.{module}\s+import\b", text, re.M)
                if imported and not tree.has(target) and target[cut:] not in taken:
                    found.append((join(join(folder, deploy), name)[cut:], target[cut:]))
                    taken.add(target[cut:])
    return tuple(found)
