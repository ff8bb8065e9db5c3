"""Folders a Python settings module names, resolved relative to the app's folder without
running it: ``BASE_DIR = Path(__file__).resolve().parent.parent``, ``BASE_DIR / "media"``,
``os.path.join(PROJECT_DIR, "static")``, ``CWD = Path(".").resolve()``, ``BASE_DIR.parent / "data"``
(above a Django project one folder down: ``..``), and the variable name a project's own
environment helper reads, which is no folder (``get_path_from_env("X", default)``)."""

from __future__ import annotations

import posixpath
import re

from ..appdata import DATA_FOLDER, DATA_VAR

STRING = re.compile(r"""['"]([^'"]+)['"]""")


# An environment lookup's variable name is not a path: os.environ.get("MEDIA_ROOT", ""),
# os.getenv("DATA_DIR"), os.environ["UPLOADS"]. Only its default can be one.
ENV_NAME = re.compile(
    r"""(?:\b(?:getenv|environ\.get|env|\w*_from_env|\w*_env)\(\s*|environ\[\s*)['"][^'"]*['"]|\[\s*['"][^'"]*['"]\s*\]"""
)


def last_string(expr: str) -> str | None:
    found = STRING.findall(ENV_NAME.sub("", expr))
    return found[-1] if found else None


ASSIGN = re.compile(r"^[ \t]*([A-Za-z_]\w*)[ \t]*(?::[ \t]*[\w.\[\], |]+)?=(?!=)[ \t]*(.+)$", re.M)
# BASE_DIR, and Flask's basedir = os.path.abspath(os.path.dirname(__file__)) (not os.mkdir)
NAME_REF = re.compile(r"""(?<![.\w'"])(_*[A-Z][A-Z0-9_]*DIR|CWD|PROJECT_ROOT|[a-z_][a-z0-9_]*dir)\b""")


def up(path: str | None, levels: int) -> str | None:
    """``path`` (relative to the app's folder, "" for the folder itself) ``levels`` folders up,
    with ``..`` for each level above that folder; None for no path."""
    if path is None:
        return None
    parts = [p for p in path.split("/") if p and p != "."]
    if levels > len(parts):
        # above the folder the paths are relative to (a Django project one folder down, whose
        # settings name BASE_DIR.parent / "media"): its caller puts it back under the app's
        return "/".join([".."] * (levels - len(parts))) if parts or levels else None
    return "/".join(parts[: len(parts) - levels])


_DATA_LOOKUP = re.compile(r"""(?:getenv|environ\.get|env)\(\s*['"](\w+)['"]|environ\[\s*['"](\w+)['"]""")
CWD = re.compile(
    r"""Path\(\s*['"]\.['"]\s*\)\.resolve\(\)|Path\.cwd\(\)|os\.getcwd\(\)|os\.path\.abspath\(\s*['"]\.['"]\s*\)"""
)


def base_dirs(text: str, here: str, data_folder: str = DATA_FOLDER) -> dict[str, str | None]:
    """The settings module's folder variables (``BASE_DIR = Path(__file__).resolve().parent.parent``,
    ``PROJECT_DIR = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))``,
    ``BASE_DIR = os.path.dirname(PROJECT_DIR)``, ``APPS_DIR = BASE_DIR / "shop"``) as folders
    relative to the app's folder; ``here`` is the settings file's own folder, ``data_folder``
    the image's data folder relative to the same folder."""
    known: dict[str, str | None] = {}
    for m in ASSIGN.finditer(text):
        name, expr = m.group(1), m.group(2).strip()
        if "__file__" in expr:
            known[name] = from_file(expr, here)
        elif (var := _DATA_LOOKUP.search(expr)) and DATA_VAR.fullmatch(var.group(1) or var.group(2)):
            # DATA_DIR = Path(environ.get("DATA_DIR", BASE_DIR)): advisor's image sets the
            # variable to its data folder, so the paths under it are there, not at the default
            known[name] = data_folder
        elif CWD.fullmatch(expr):  # EvaP's CWD = Path(".").resolve(): the folder the app runs in
            known[name] = ""
        elif ref := NAME_REF.search(expr):
            base = known.get(ref.group(1))
            levels = _parents(expr) + expr.count("dirname(")
            after = ENV_NAME.sub("", expr[ref.end() :])
            # BASE_DIR / "media", BASE_DIR.parent / "data" (not dirname(BASE_DIR)'s own names)
            tail = STRING.findall(after) if levels == 0 or "/" in after else []
            joined = up(base, levels)
            if joined is not None and tail:  # (biostar's BASE_DIR = join(__CURR_DIR, ".."): up one)
                joined = _normal("/".join(p for p in (joined, *tail) if p))
            if name.endswith(("DIR", "_ROOT", "dir", "_root")) and ref.group(1) in known:
                known[name] = joined
    return known


def _normal(path: str) -> str | None:
    """``a/b/..`` as ``a``; "" for the app's folder itself; None above it."""
    if ".." not in path.split("/"):
        return path
    folded = posixpath.normpath(path)
    return None if folded.startswith("..") else "" if folded == "." else folded


def _parents(expr: str) -> int:
    """How many folders up ``.parent.parent`` or ``.parents[2]`` (three) goes."""
    indexed = [int(n) + 1 for n in re.findall(r"\.parents\[(\d+)\]", expr)]
    return len(re.findall(r"\.parent\b", expr)) + sum(indexed)


def from_file(expr: str, here: str) -> str | None:
    """A folder named relative to the module's own file, relative to the app's folder:
    ``os.path.join(os.path.dirname(os.path.abspath(__file__)), "logs")``,
    ``Path(__file__).resolve().parent.parent / "media"``; ``here`` is the module's folder."""
    levels = _parents(expr) if "Path(" in expr else expr.count("dirname(")
    at = up(here, levels - 1) if levels else None
    tail = STRING.findall(ENV_NAME.sub("", expr))
    return "/".join(p for p in (at, *tail) if p) if at is not None and tail else at


def resolve(expr: str, known: dict[str, str | None]) -> str | None:
    """``os.path.join(PROJECT_DIR, "media")`` / ``BASE_DIR / "media"`` with PROJECT_DIR known:
    the path relative to the app's folder; None when the expression names no known folder."""
    plain = ENV_NAME.sub("", expr)
    ref = NAME_REF.search(plain)
    if ref is None or known.get(ref.group(1)) is None:
        return None
    rest = plain[ref.end() :]
    # paperless's BASE_DIR.parent / "media": up from the known folder first
    base = up(known[ref.group(1)], len(re.match(r"(?:\.parent)*", rest).group(0)) // 7)  # type: ignore[union-attr]
    if base is None:
        return None
    tail = STRING.findall(rest)
    return "/".join(p.strip("/") for p in (base, *tail) if p and p.strip("/")) or None


def root_expr(text: str, start: int, line: str, names: dict[str, str]) -> str:
    """The value at ``start`` (its first ``line``): a call over several lines whole, with the
    constants that name folders (MEDIA_ROOT_NAME = "media") written out."""
    value = _whole_call(text, start) if line.count("(") > line.count(")") else line
    return re.sub(r"\b[A-Z][A-Z0-9_]*\b", lambda n: f'"{names[n[0]]}"' if n[0] in names else n[0], value)


def _whole_call(text: str, start: int) -> str:
    """The expression at ``start`` up to the parenthesis that closes its first one, within 400
    characters."""
    depth = 0
    for i, ch in enumerate(text[start : start + 400]):
        depth += (ch == "(") - (ch == ")")
        if depth == 0 and ch == ")":
            return text[start : start + i + 1]
    return text[start : start + 400].split("\n", 1)[0]


Texts = dict[str, str] | None


def star_dirs(
    text: str, rel: str, texts: dict[str, str], here: str, data_folder: str
) -> dict[str, str | None]:
    """The folder variables of the sibling modules ``text`` star-imports (plane's production.py:
    ``from .common import *``, whose BASE_DIR it uses to name its logs folder)."""
    known: dict[str, str | None] = {}
    for sibling in re.findall(r"^from\s+\.(\w+)\s+import\s+\*", text, re.M) if texts else ():
        star = texts.get(f"{rel.rpartition('/')[0]}/{sibling}.py".lstrip("/"))
        if star and "__file__" in star:
            known = {**base_dirs(star, here, data_folder), **known}
    return known
