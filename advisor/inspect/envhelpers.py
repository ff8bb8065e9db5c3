"""The project's own helpers around the environment: a function whose first parameter names
the variable it reads (``def envbool(name, default): ... os.getenv(name)``), and the ones that
pass that parameter on to such a function."""

from __future__ import annotations

import re
import shlex

_PY_DEF = re.compile(r"^def\s+(\w+)\(\s*(\w+)[^)]*\)[^:]*:\n((?:[ \t]+.*\n|[ \t]*\n)+)", re.M)


def py_env_helpers(text: str) -> list[str]:
    """Module-level functions that look their first parameter up in the environment, or pass it
    on to one that does (PeeringDB's set_option(name, ...) → _set_option(name, ...) → environ)."""
    defs = [(m.group(1), re.escape(m.group(2)), m.group(3)) for m in _PY_DEF.finditer(text)]
    lookup = r"(?:getenv|environ\.get|environ\.setdefault)\(\s*{p}\b|environ\[\s*{p}\s*\]"
    found = [name for name, p, body in defs if re.search(lookup.format(p=p), body)]
    while found:
        calls = "|".join(map(re.escape, found))
        passes = [(n, re.search(rf"\b(?:{calls})\(\s*{p}\s*[,)]", body)) for n, p, body in defs]
        more = [n for n, passed in passes if passed and n not in found]
        if not more:
            break
        found += more
    return found


def py_raising_helpers(text: str) -> frozenset[str]:
    """Those helpers that stop the app when the variable is missing: ``environ[name]`` with
    no default of their own to fall back to (job-server's get_env_var raises RuntimeError)."""
    found = set()
    for name, p, body in ((m.group(1), re.escape(m.group(2)), m.group(3)) for m in _PY_DEF.finditer(text)):
        falls_back = re.search(r"except[^\n]*:\s*\n\s*return\b", body)  # except KeyError: return None
        if re.search(rf"environ\[\s*{p}\s*\]", body) and not falls_back:
            found.add(name)
    return frozenset(found)


# export const EnvPrefix = 'PICSUR_': a constant the code puts before variable names
_JS_PREFIX_CONST = re.compile(
    r"""^export\s+const\s+(\w+)\s*(?::\s*\w+\s*)?=\s*['"]([A-Z][A-Z0-9]*_)['"]""", re.M
)
_JS_PREFIXED = re.compile(r"`\$\{(\w+)\}([A-Z][A-Z0-9_]*)`")


def js_name_prefixes(texts: dict[str, str]) -> dict[str, str]:
    """Exported string constants that end in an underscore (``EnvPrefix = 'PICSUR_'``): the
    prefix of the app's own variable names, which its code writes as `${EnvPrefix}DB_HOST`."""
    return {
        m.group(1): m.group(2)
        for text in texts.values()
        if "export" in text
        for m in _JS_PREFIX_CONST.finditer(text)
    }


def js_with_prefixes(text: str, prefixes: dict[str, str]) -> str:
    """The code with `${EnvPrefix}DB_HOST` written out (`PICSUR_DB_HOST`), so the names it
    reads are found as any other."""
    if not prefixes or "${" not in text:
        return text
    return _JS_PREFIXED.sub(
        lambda m: f"`{prefixes[m.group(1)]}{m.group(2)}`" if m.group(1) in prefixes else m.group(0), text
    )


# A module-level copy or alias of the environment: `env = os.environ.copy()`, `environ =
# dict(os.environ)`, `ENV = os.environ`.
_ENVIRON_ALIAS = re.compile(r"^([A-Za-z_]\w*)\s*=\s*(?:dict\(\s*)?os\.environ(?:\.copy\(\))?\s*\)?\s*$", re.M)


def py_with_environ_alias(text: str) -> str:
    """The code with reads through an alias of the environment written as reads of it
    (torchbox.com's `env = os.environ.copy()`, then `if "ALLOWED_HOSTS" in env:` and
    `env["ALLOWED_HOSTS"]`), so the usual patterns see them."""
    for name in dict.fromkeys(m.group(1) for m in _ENVIRON_ALIAS.finditer(text) if m.group(1) != "environ"):
        text = re.sub(rf"(?<![\w.]){name}(?=\s*\[\s*['\"]|\.get\(\s*['\"])", "os.environ", text)
        text = re.sub(rf"""(['"]\s+(?:not\s+)?in\s+){name}\b""", r"\1os.environ", text)
    return text


def leading_assignments(
    command: str, skip: frozenset[str], prefixes: tuple[str, ...] = ("env", "cross-env")
) -> tuple[tuple[str, str], ...]:
    """The plain assignments before a command (``NODE_PATH=./dist node dist/index.js``, after
    ``env`` or ``cross-env``; quotes removed): not those in ``skip``, nor a value with a shell
    expansion (the first such word ends them)."""
    try:
        words = shlex.split(command)  # NODE_CONFIG_DIR='../../config'
    except ValueError:
        words = command.split()
    found: list[tuple[str, str]] = []
    for i, word in enumerate(words):
        if (i == 0 and word in prefixes) or word == "cross-env":
            continue
        m = re.fullmatch(r"([A-Za-z_][A-Za-z0-9_]*)=([\w./:@,+-]*)", word)
        if m is None:
            break
        if m.group(1) not in skip:
            found.append((m.group(1), m.group(2)))
    return tuple(found)
