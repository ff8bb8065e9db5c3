"""A variable naming the folder an app keeps its data in, found by its fallback: a folder in the
user's home (SpiderFoot's ``path = os.environ.get('SPIDERFOOT_DATA')``, then ``if not path:
path = f"{Path.home()}/.spiderfoot/"``; ``os.getenv("X_HOME", os.path.expanduser("~/.x"))``;
JavaScript's ``process.env.X || path.join(os.homedir(), ".x")``).
Its name says nothing (a bare ``*_DATA``); the home folder does: a container's home is gone with
the container, so the image points the variable at its data folder, which a volume keeps
(appdata.names_data_folder reads the default this gives, ``~/.spiderfoot``)."""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterable, Mapping

from .facts import EnvVar

_GET = r"""os\.(?:environ\.get|getenv)\(\s*['"]([A-Z][A-Z0-9_]*)['"]"""
# f"{Path.home()}/.spiderfoot/", Path.home() / ".x", os.path.expanduser("~/.x"), join(expanduser("~"), ".x")
_HOME = (
    r"""(?:f['"]\{(?:pathlib\.)?Path\.home\(\)\}/(\.?[\w.-]+)/?['"]"""
    r"""|(?:pathlib\.)?Path\.home\(\)\s*/\s*['"](\.?[\w.-]+)['"](?!\s*/)"""
    r"""|(?:os\.path\.)?expanduser\(\s*['"]~/(\.?[\w.-]+)/?['"]\s*\)"""
    r"""|(?:os\.path\.)?join\(\s*(?:os\.path\.)?expanduser\(\s*['"]~['"]\s*\)\s*,\s*['"](\.?[\w.-]+)['"]\s*\))"""
)
# os.environ.get("X", <home folder>)
_WITH_DEFAULT = re.compile(_GET + r"\s*,\s*" + _HOME)
# path = os.environ.get("X") ... if not path: path = <home folder> (within a few lines)
_THEN_FALLBACK = re.compile(
    r"^([ \t]*)(\w+)\s*=\s*" + _GET + r"""\s*\)[ \t]*\n"""
    r"(?:\1[^\n]*\n){0,2}?"
    r"\1if\s+not\s+\2\s*:[ \t]*\n\s+\2\s*=\s*" + _HOME,
    re.M,
)


# JavaScript: process.env.X || path.join(os.homedir(), '.x'), process.env.X ?? `${os.homedir()}/.x`
_JS_HOME = re.compile(
    r"process\.env\.([A-Z][A-Z0-9_]*)\s*(?:\|\||\?\?)\s*"
    r"""(?:(?:path\.)?(?:join|resolve)\(\s*(?:os\.)?homedir\(\)\s*,\s*['"`](\.?[\w.-]+)/?['"`]\s*\)"""
    r"""|`\$\{(?:os\.)?homedir\(\)\}/(\.?[\w.-]+)/?`)"""
)


# Tools' own folders in the home folder: keys and caches, never the app's data.
_TOOL_FOLDERS = frozenset(
    {".ssh", ".aws", ".gnupg", ".npm", ".cache", ".kube", ".docker", ".azure", ".gcloud", ".config", ".local"}
)


def home_folders(texts: Iterable[str]) -> dict[str, str]:
    """Variable → ``~/<folder>`` for each variable the code falls back to a home folder for
    (not a tool's: ~/.ssh, ~/.aws...)."""
    found = _home_folders(texts)
    return {k: v for k, v in found.items() if v[2:].rstrip("/").split("/")[0] not in _TOOL_FOLDERS}


def _home_folders(texts: Iterable[str]) -> dict[str, str]:
    found: dict[str, str] = {}
    for text in texts:
        if "home" not in text and "~" not in text:
            continue
        for m in _WITH_DEFAULT.finditer(text):
            found.setdefault(m.group(1), "~/" + next(g for g in m.groups()[1:] if g))
        for m in _THEN_FALLBACK.finditer(text):
            found.setdefault(m.group(3), "~/" + next(g for g in m.groups()[3:] if g))
        for m in _JS_HOME.finditer(text) if "homedir" in text else ():
            found.setdefault(m.group(1), "~/" + (m.group(2) or m.group(3)))
    return found


# The XDG base directory variable for an app's data (its spec's default ~/.local/share), read by
# any accessor (mStream's `env.XDG_DATA_HOME || join(homedir(), '.local', 'share')`), or by
# platformdirs' and appdirs' user_data_dir, which honour it
_XDG_DATA = re.compile(r"\bXDG_DATA_HOME\b|\buser_data_(?:dir|path)\(")


def with_home_defaults(env_vars: tuple[EnvVar, ...], texts: Mapping[str, str]) -> tuple[EnvVar, ...]:
    """``env_vars`` with the home folder as the default of a variable read without one, and
    XDG_DATA_HOME when the code keeps its data by it: a container's home goes with it, so the
    image points it at its data folder, which a volume keeps."""
    homes = home_folders(texts.values())
    found = tuple(
        dataclasses.replace(v, default=homes[v.name]) if v.name in homes and not v.default else v
        for v in env_vars
    )
    xdg = next((rel for rel, text in texts.items() if _XDG_DATA.search(text)), None)
    if xdg is None or any(v.name == "XDG_DATA_HOME" for v in found):
        return tuple(
            dataclasses.replace(v, default=v.default or "~/.local/share") if v.name == "XDG_DATA_HOME" else v
            for v in found
        )
    return (*found, EnvVar("XDG_DATA_HOME", "other", xdg, default="~/.local/share"))
