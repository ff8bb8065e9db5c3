"""The lines of a settings module that run only when the environment allows them: a read
there does not stop the app when its variable is missing (no ``${X:?}`` for it)."""

from __future__ import annotations

import ast
import functools
import re

from .envchoices import parsed_module

# An if's test that reads the environment, or a feature switch (ENABLE_OIDC, USE_S3, LDAP_ENABLED).
# django-environ's env.get_value("X", default=None) / env("X", default=...) and decouple's
# config() read it too.
_FEATURE_TEST = re.compile(
    r"environ|getenv|\benv(?:\.\w+)?\(|\bconfig\(|\b(?:ENABLE|USE)_[A-Z0-9_]+|\b[A-Z][A-Z0-9_]*_ENABLED?\b"
)


# A test of the operating system the code runs on for one a Linux container is not
# (skyvern's `if p == "Windows":` around os.environ["LOCALAPPDATA"], `sys.platform == "win32"`).
_OTHER_OS = re.compile(
    r"""[=!]=\s*['"](?:Windows|Darwin|win32|darwin|cygwin|nt|Java)['"]|\bIS_WINDOWS\b|\bIS_MAC\b"""
)


# Decorators whose function the module may call as it loads (or that run it at once).
_AT_IMPORT = re.compile(
    r"property|cached_property|staticmethod|classmethod|lru_cache|cache|dataclass|wraps|contextmanager"
    r"|validator|field_validator|model_validator|root_validator|computed_field|overload|abstractmethod"
)


# A read with a default (env.str("X", None), os.getenv("X"), os.environ.get("X", "")): optional.
_OPTIONAL_READ = re.compile(
    r"""\b(?:env(?:\.\w+)?\(\s*['"]\w+['"]\s*,|os\.getenv\(|environ\.get\()|\bdefault\s*="""
)


@functools.lru_cache(maxsize=8)  # a file with both kinds of reads is parsed once
def env_guarded_lines(text: str) -> frozenset[int]:
    """Lines that run only when the code found the environment to its liking: the body of an
    ``if`` whose test reads the environment (``if "TOKEN" in os.environ:``) or a feature switch
    (``if ENABLE_OIDC:``), of a ``try`` (a KeyError caught), and of a decorated function (a
    route, a task). A read there does not stop the app when the variable is missing."""
    if (tree := parsed_module(text)) is None:
        return frozenset()
    # Module settings taken from the environment, directly or through another such setting
    # (kitsune's REAL_EMAIL_BACKEND, from EMAIL_BACKEND = config("EMAIL_BACKEND", ...)): an if
    # on one of them runs its body only when the environment says so.
    derived: set[str] = set()
    for stmt in tree.body:
        if isinstance(stmt, ast.Assign) and stmt.value is not None:
            names = {n.id for n in ast.walk(stmt.value) if isinstance(n, ast.Name)}
            if _FEATURE_TEST.search(ast.unparse(stmt.value)) or names & derived:
                derived.update(t.id for t in stmt.targets if isinstance(t, ast.Name))
    lines: set[int] = set()
    for node in ast.walk(tree):
        blocks: list[list[ast.stmt]] = []
        if isinstance(node, ast.If) and _OTHER_OS.search(ast.unparse(node.test)):
            blocks = [node.body]  # never runs in the container (its else does: not optional)
        elif isinstance(node, ast.If) and (
            _FEATURE_TEST.search(ast.unparse(node.test))
            or any(isinstance(n, ast.Name) and n.id in derived for n in ast.walk(node.test))
        ):
            blocks = [node.body, node.orelse]
            test = node.test
            # `if env.str("TOKEN", None) and env.str("ZONE"):` reads ZONE only with TOKEN set
            if (
                isinstance(test, ast.BoolOp)
                and isinstance(test.op, ast.And)
                and _OPTIONAL_READ.search(ast.unparse(test.values[0]))
            ):
                for value in test.values[1:]:
                    lines.update(range(value.lineno, (value.end_lineno or value.lineno) + 1))
        elif isinstance(node, ast.Try) and node.handlers:
            blocks = [node.body]
        elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and any(
            not _AT_IMPORT.fullmatch(ast.unparse(d).split("(")[0].rsplit(".", 1)[-1])
            for d in node.decorator_list
        ):
            # a request handler, a task or a command (@app.route, @router.get, @shared_task):
            # it runs when called, never as the app starts
            blocks = [node.body]
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            blocks.append(_after_switch_return(node.body))
        for block in blocks:
            for stmt in block:
                lines.update(range(stmt.lineno, (stmt.end_lineno or stmt.lineno) + 1))
    return frozenset(lines)


# A feature switch an early return tests (keep's `if not self.enabled: return`, before it reads
# ELASTIC_HOSTS): what follows runs only with the feature on.
_SWITCH_NAME = re.compile(r"\b(?:self\.)?(?:\w+_)?(?:enabled?|ENABLED?|disabled|DISABLED)\b")


def _after_switch_return(body: list[ast.stmt]) -> list[ast.stmt]:
    """The statements of a function's body after an early return on a feature switch."""
    for i, stmt in enumerate(body):
        if not isinstance(stmt, ast.If) or stmt.orelse or len(stmt.body) != 1:
            continue
        if isinstance(stmt.body[0], ast.Return) and _SWITCH_NAME.search(ast.unparse(stmt.test)):
            return body[i + 1 :]
    return []


def in_function(text: str, at: int) -> bool:
    """Whether the code at offset ``at`` is in a function's body (a method's too): each line
    above it that is less indented than all below it opens a block, until the module's level."""
    lines = text[:at].split("\n")
    depth = len(lines[-1]) - len(lines[-1].lstrip())
    for line in reversed(lines[:-1]):
        stripped = line.lstrip()
        indent = len(line) - len(stripped)
        if not stripped or stripped.startswith("#") or indent >= depth:
            continue
        if re.match(r"(?:async\s+)?def\s", stripped):
            return True
        depth = indent
        if depth == 0:
            return False
    return False
