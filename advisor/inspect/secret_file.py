"""A secret the settings make themselves, in a file among the code: Etebase's settings say
``SECRET_FILE = os.path.join(BASE_DIR, "secret.txt")`` and ``SECRET_KEY =
get_secret_from_file(SECRET_FILE)``, a helper that reads the file, or makes a new key and
writes it there when it cannot. The app's user cannot create a file in the image's /app, and
a key made as the image is built would be the image's, root's and everyone's: the file's
place is a link into the data volume, where the app makes the key on its first start."""

from __future__ import annotations

import posixpath
import re
from collections.abc import Mapping

from .facts import WritablePath
from .settings_paths import ASSIGN, base_dirs, resolve

# def get_secret_from_file(path): ... with open(path, "w") as f:
_DEF = re.compile(r"^def\s+(\w+)\(\s*(\w+)[^)]*\)[^:]*:\n((?:[ \t]+[^\n]*\n|[ \t]*\n)*)", re.M)
# SECRET_KEY = get_secret_from_file(SECRET_FILE)
_CALL = re.compile(r"^[ \t]*[A-Z][A-Z0-9_]*\s*=\s*(?:\w+\.)?(\w+)\(\s*([A-Z][A-Z0-9_]*)\s*\)", re.M)


def _writers(texts: Mapping[str, str]) -> set[str]:
    """The functions that open their first parameter for writing."""
    found: set[str] = set()
    for text in texts.values():
        if "open(" not in text:
            continue
        for m in _DEF.finditer(text):
            opens = rf"""\bopen\(\s*{re.escape(m.group(2))}\s*,\s*(?:mode\s*=\s*)?['"][wax]"""
            if re.search(opens, m.group(3)):
                found.add(m.group(1))
    return found


def secret_files(texts: Mapping[str, str], folder: str) -> list[WritablePath]:
    """The files among the app's code (relative to its folder) that a settings module's key
    comes from, made by the app when they are missing."""
    writers = _writers(texts)
    found: list[WritablePath] = []
    for rel, text in texts.items() if writers else ():
        if "SECRET" not in text:
            continue
        for m in _CALL.finditer(text):
            if m.group(1) not in writers or "SECRET" not in m.group(0).split("=")[0]:
                continue  # only the settings' secret key (SECRET_KEY = …)
            here = posixpath.relpath(posixpath.dirname(rel) or ".", folder or ".")
            known = base_dirs(text, "" if here == "." else here)
            value = next((a.group(2) for a in ASSIGN.finditer(text) if a.group(1) == m.group(2)), "")
            path = resolve(value, known) if value else None
            if path and not path.startswith("..") and not path.startswith("/"):
                found.append(WritablePath(path, "secret-file", rel, m.group(2)))
    return found
