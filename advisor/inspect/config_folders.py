"""Folders the app's settings name for it to write: booklogr makes
``os.makedirs(app.config["EXPORT_FOLDER"])`` as it starts, where its Config class says
``EXPORT_FOLDER = os.environ.get("EXPORT_FOLDER", "export_data")`` (relative to the working
folder, the app's, which the app's user does not own: it must be made its);
AudioBookRequest's settings model says ``config_dir: str = "/config"`` (a data folder: a
volume the app's user owns)."""

from __future__ import annotations

import re
from collections.abc import Mapping

from ..appdata import DATA_PREFIXES
from .facts import WritablePath
from .secret_file import secret_files
from .writable import clean_path

# os.makedirs(app.config["EXPORT_FOLDER"]), os.mkdir(current_app.config.get("UPLOAD_DIR"))
_MADE = re.compile(
    r"""\bos\.(?:mkdir|makedirs)\(\s*(?:\w+\.)*config(?:\[\s*|\.get\(\s*)['"]([A-Z][A-Z0-9_]*)['"]"""
)
# the setting's default: NAME = os.environ.get("NAME", "folder") or NAME = "folder"
_DEFAULT = (
    r"""^[ \t]*{0}\s*(?::[^=\n]+)?=\s*"""
    r"""(?:os\.(?:environ\.get|getenv)\(\s*['"]\w+['"]\s*,\s*)?['"]([^'"\n]+)['"]"""
)


def config_folders(texts: Mapping[str, str]) -> list[WritablePath]:
    """The folders the code makes from a config setting whose default is a path."""
    made = {m.group(1): rel for rel, text in texts.items() if "config" in text for m in _MADE.finditer(text)}
    found: list[WritablePath] = []
    for name, rel in made.items():
        default = re.compile(_DEFAULT.format(re.escape(name)), re.M)
        for where, text in texts.items():
            m = default.search(text) if name in text else None
            if m is not None and (path := clean_path(m.group(1))) is not None:
                kind = "data-dir" if path.startswith("/") else "data"
                found.append(WritablePath(path, kind, rel, f"os.makedirs of the setting {name} ({where})"))
                break
    return found


# a settings field for a folder with an absolute default: `config_dir: str = "/config"`,
# `data_path: Path = Path("/data")`
_FIELD_DIR = re.compile(
    r"""^[ \t]+(\w*(?:dir|directory|folder|path))\s*:\s*(?:str|Path|pathlib\.Path)\s*=\s*"""
    r"""(?:(?:pathlib\.)?Path\()?['"](/[\w.-]+(?:/[\w.-]+)*)/?['"]""",
    re.M | re.I,
)


# a folder constant with an absolute default (profilarr's Config: `CONFIG_DIR = '/config'`)
_CONST_DIR = re.compile(
    r"""^[ \t]*([A-Z][A-Z0-9_]*(?:DIR|DIRECTORY|FOLDER))\s*=\s*['"](/[\w.-]+(?:/[\w.-]+)?)/?['"]""", re.M
)


# a folder variable whose default is an absolute folder (LibrePhotos' `BASE_LOGS =
# os.environ.get("BASE_LOGS", "/logs/")`, then `os.path.join(BASE_LOGS, "ownphotos.log")`)
_ENV_DIR = re.compile(
    r"""^[ \t]*([A-Z][A-Z0-9_]*)\s*=\s*os\.(?:environ\.get|getenv)\(\s*['"]\w+['"]\s*,\s*"""
    r"""['"](/[\w.-]+(?:/[\w.-]+)?)/?['"]\s*\)""",
    re.M,
)


def settings_dirs(texts: Mapping[str, str], folder: str = "") -> list[WritablePath]:
    """The data folders settings classes name as field defaults (pydantic's, dataclasses'),
    and folder constants the code puts its files in (`os.path.join(CONFIG_DIR, 'app.db')`);
    and the file among the code (``folder``'s) a settings module's secret key is made in."""
    found: list[WritablePath] = secret_files(texts, folder)
    for rel, text in texts.items():
        for m in _FIELD_DIR.finditer(text) if "BaseModel" in text or "BaseSettings" in text else ():
            if m.group(2).startswith(DATA_PREFIXES) and m.group(2).count("/") <= 2:
                found.append(WritablePath(m.group(2), "data-dir", rel, f"settings field {m.group(1)}"))
        for m in _CONST_DIR.finditer(text) if "os.path.join(" in text else ():
            joined = re.search(rf"os\.path\.join\(\s*{m.group(1)}\s*,", text)
            if joined and m.group(2).startswith(DATA_PREFIXES):
                found.append(WritablePath(m.group(2), "data-dir", rel, f"folder constant {m.group(1)}"))
        for m in _ENV_DIR.finditer(text) if "os.path.join(" in text else ():
            # a file the code puts there (not another folder's name: a log, a key, a database)
            into = re.search(rf"""os\.path\.join\(\s*{m.group(1)}\s*,\s*['"][\w-]+\.\w+['"]\s*\)""", text)
            if into and m.group(2).startswith((*DATA_PREFIXES, "/logs")):
                found.append(WritablePath(m.group(2), "data-dir", rel, f"folder variable {m.group(1)}"))
    return found
