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

# def get_secret_from_file(path):, also a method (saleor's `def _create_local_private_key(cls, path)`)
_DEF = re.compile(r"^([ \t]*)def\s+(\w+)\(([^)]*)\)[^:\n]*:[ \t]*\n", re.M)
# SECRET_KEY = get_secret_from_file(SECRET_FILE)
_CALL = re.compile(r"^[ \t]*[A-Z][A-Z0-9_]*\s*=\s*(?:\w+\.)?(\w+)\(\s*([A-Z][A-Z0-9_]*)\s*\)", re.M)
# key_path = join(settings.PROJECT_ROOT, cls.KEY_FILE_FOR_DEBUG), then cls._create_local_private_key(key_path)
_ROOT_JOIN = re.compile(
    r"""^[ \t]*(\w+)\s*=\s*(?:os\.path\.)?join\(\s*(?:settings\.)?(?:PROJECT_ROOT|BASE_DIR|ROOT_DIR)\s*,"""
    r"""\s*(?:(?:cls|self)\.)?(\w+|'[^'\n]+'|"[^"\n]+")\s*\)""",
    re.M,
)
_KEYISH = re.compile(r"key|secret|token|\.pem$", re.I)


def _body(text: str, m: re.Match[str]) -> str:
    """The lines of a def's body: those below it indented deeper than its own line (up to the
    first line with text that is not, found without splitting the rest of the file)."""
    outdented = re.compile(rf"^[ \t]{{0,{len(m.group(1))}}}\S", re.M).search(text, m.end())
    return text[m.end() : outdented.start() if outdented else len(text)]


def _writers(texts: Mapping[str, str]) -> set[str]:
    """The functions and methods that open one of their parameters for writing."""
    found: set[str] = set()
    for text in texts.values():
        if "open(" not in text:
            continue
        for m in _DEF.finditer(text):
            params = [p.split(":")[0].split("=")[0].strip() for p in m.group(3).split(",")]
            body = _body(text, m)
            for param in (p for p in params if p and p not in ("self", "cls")):
                if re.search(rf"""\bopen\(\s*{re.escape(param)}\s*,\s*(?:mode\s*=\s*)?['"][wax]""", body):
                    found.add(m.group(2))
    return found


def _root_key_files(text: str, rel: str, writers: set[str]) -> list[WritablePath]:
    """Key files a method writes at the project's root by a name of its class (saleor's
    `.jwt_key.pem`, made in DEBUG when no RSA_PRIVATE_KEY is set)."""
    found: list[WritablePath] = []
    for m in _ROOT_JOIN.finditer(text):
        name = m.group(2)
        if name[0] not in "'\"":
            literal = re.search(rf"""^[ \t]*{re.escape(name)}\s*=\s*['"]([^'"\n/]+)['"]""", text, re.M)
            name = literal.group(1) if literal else ""
        name = name.strip("'\"")
        called = any(re.search(rf"\b{w}\(\s*{m.group(1)}\s*\)", text) for w in writers)
        if name and "/" not in name and _KEYISH.search(name) and called:
            found.append(WritablePath(name, "secret-file", rel, m.group(1)))
    return found


def secret_files(texts: Mapping[str, str], folder: str) -> list[WritablePath]:
    """The files among the app's code (relative to its folder) that a settings module's key
    comes from, made by the app when they are missing."""
    writers = _writers(texts)
    found: list[WritablePath] = []
    for rel, text in texts.items() if writers else ():
        for m in _CALL.finditer(text) if "SECRET" in text else ():
            if m.group(1) not in writers or "SECRET" not in m.group(0).split("=")[0]:
                continue  # only the settings' secret key (SECRET_KEY = …)
            here = posixpath.relpath(posixpath.dirname(rel) or ".", folder or ".")
            known = base_dirs(text, "" if here == "." else here)
            value = next((a.group(2) for a in ASSIGN.finditer(text) if a.group(1) == m.group(2)), "")
            path = resolve(value, known) if value else None
            if path and not path.startswith("..") and not path.startswith("/"):
                found.append(WritablePath(path, "secret-file", rel, m.group(2)))
        found += _root_key_files(text, rel, writers) if "join(" in text else []
    return list(dict.fromkeys(found))  # (Etebase's SECRET_FILE is found by both readers)
