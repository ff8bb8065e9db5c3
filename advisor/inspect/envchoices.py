"""The values an environment variable may take when the code looks them up in a mapping: a
settings class picked by name (``config_type[os.getenv("ENV", "local")]`` with the keys
``test``, ``local``, ``prod``). Any other value fails with a KeyError as the app starts."""

from __future__ import annotations

import ast
import functools
import re
from collections.abc import Iterable

_LOOKUP_KEPT = re.compile(r"(?:^\s*\w+\s*=\s*|\[\s*)os\.(?:getenv|environ\.get)\(", re.M)
_FROM_IMPORT = re.compile(r"^\s*from\s+[\w.]+\s+import\s+([^\n]*)", re.M)  # what follows `import`
_DICT_LITERAL = re.compile(r"=\s*\{\s*(?:#[^\n]*)?\n?\s*['\"]")


def _env_name(node: ast.AST) -> str | None:
    """X of ``os.getenv("X", ...)`` / ``os.environ.get("X", ...)``."""
    if not isinstance(node, ast.Call) or not node.args:
        return None
    func, first = node.func, node.args[0]
    if not isinstance(func, ast.Attribute) or not isinstance(first, ast.Constant):
        return None
    getenv = func.attr == "getenv"
    environ_get = (
        func.attr == "get" and isinstance(func.value, ast.Attribute) and func.value.attr == "environ"
    )
    return first.value if (getenv or environ_get) and isinstance(first.value, str) else None


def module_dicts(text: str) -> dict[str, tuple[str, ...]]:
    """Name → string keys of the module's top-level dict literals (``config = {"dev": ...}``),
    for another module that imports the name and indexes it."""
    tree = parsed_module(text) if _DICT_LITERAL.search(text) else None
    found: dict[str, tuple[str, ...]] = {}
    for stmt in tree.body if tree is not None else ():
        if not isinstance(stmt, ast.Assign) or len(stmt.targets) != 1:
            continue
        if isinstance(target := stmt.targets[0], ast.Name) and (keys := _string_keys(stmt.value)):
            found[target.id] = keys
    return found


_TOP_DICT = re.compile(r"^([A-Za-z_]\w*)\s*=\s*\{", re.M)  # a top-level name = {...}


def imported_dicts(texts: Iterable[str]) -> dict[str, tuple[str, ...]]:
    """``module_dicts`` of the modules that define, at the top, a name that a module looking a
    variable up (the only ones ``mapping_choices`` reads) imports: no other module is parsed."""
    texts = list(texts)
    wanted = {w for t in texts if _kept_lookup(t) for w in _imported_words(t)}
    return {
        k: v
        for t in texts
        if wanted and wanted.intersection(_TOP_DICT.findall(t))
        for k, v in module_dicts(t).items()
    }


def _kept_lookup(text: str) -> bool:
    """Whether the module keeps or indexes with a variable's value (searched only in a module
    holding the words of the lookup)."""
    words = "getenv(" in text or "environ.get(" in text
    return words and _LOOKUP_KEPT.search(text) is not None


def _imported_words(text: str) -> set[str]:
    """The words after ``import`` on the module's ``from … import …`` lines."""
    return {w for line in _FROM_IMPORT.findall(text) for w in re.findall(r"\w+", line)}


@functools.lru_cache(maxsize=16)
def parsed_module(text: str) -> ast.Module | None:
    """The module's syntax tree (None when it does not parse), parsed once for the readers of
    the environment that each need it (mappings, settings classes, guarded lines). Callers
    only read it."""
    try:
        return ast.parse(text)
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return None


def _string_keys(node: ast.expr) -> tuple[str, ...] | None:
    """The keys of a dict literal whose keys are all strings, else None."""
    if not isinstance(node, ast.Dict) or not node.keys:
        return None
    keys = tuple(k.value for k in node.keys if isinstance(k, ast.Constant) and isinstance(k.value, str))
    return keys if len(keys) == len(node.keys) else None


def mapping_choices(
    text: str, imported: dict[str, tuple[str, ...]] | None = None
) -> dict[str, tuple[str, ...]]:
    """Variable name → the string keys of the dict literal the code indexes with its value,
    directly or through a local name, within one function or the module; ``imported``: dict
    literals of the project's other modules, by name, for a name this module imports."""
    # Parsed only where both halves appear: a lookup whose value is kept or indexes directly,
    # and a dict literal (most modules that read the environment have neither).
    words = _imported_words(text) if imported else set()
    outside = {name: keys for name, keys in (imported or {}).items() if name in words}
    if not _kept_lookup(text) or not (outside or _DICT_LITERAL.search(text)):
        return {}
    tree = parsed_module(text)
    if tree is None:
        return {}
    found: dict[str, tuple[str, ...]] = {}
    scopes: list[ast.AST] = [
        tree,
        *(n for n in ast.walk(tree) if isinstance(n, ast.FunctionDef | ast.AsyncFunctionDef)),
    ]
    for scope in scopes:
        names: dict[str, str] = {}  # local name → the variable its value came from
        dicts: dict[str, tuple[str, ...]] = dict(outside)  # name → a dict literal's string keys
        body = scope.body if isinstance(scope, ast.Module | ast.FunctionDef | ast.AsyncFunctionDef) else []
        for stmt in body:
            if (
                isinstance(stmt, ast.Assign)
                and len(stmt.targets) == 1
                and isinstance(stmt.targets[0], ast.Name)
            ):
                target = stmt.targets[0].id
                if (env := _env_name(stmt.value)) is not None:
                    names[target] = env
                elif (keys := _string_keys(stmt.value)) is not None:
                    dicts[target] = keys
        for node in ast.walk(scope):
            if (
                isinstance(node, ast.Subscript)
                and isinstance(node.value, ast.Name)
                and node.value.id in dicts
            ):
                index = node.slice
                env = names.get(index.id) if isinstance(index, ast.Name) else _env_name(index)
                if env is not None:
                    found.setdefault(env, dicts[node.value.id])
    return found
