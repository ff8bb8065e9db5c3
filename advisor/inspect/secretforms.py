"""The form an app's secret must take, when the project says so: its env example's comment
(Outline's ``# Generate a hex-encoded 32-byte random key ... openssl rand -hex 32``), or
code that decodes the value as hex (``Buffer.from(process.env.KEY, 'hex')``,
``bytes.fromhex(os.environ["KEY"])``): an AES-256 key read that way must be 64 hex digits,
which a random url-safe string is not ("Invalid key length")."""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterator

from .common import env_example_files, source_files
from .dotenv import ADVISOR_BLOCK
from .facts import AppFacts
from .tree import Tree, join, written_by_advisor

_HEX_COMMAND = re.compile(r"openssl\s+rand\s+-(hex|base64)\s+(\d{1,3})\b")
_KEY_LINE = re.compile(r"^\s*(?:export\s+)?([A-Z][A-Z0-9_]*)\s*=", re.M)
# Buffer.from(process.env.KEY, 'hex'), Buffer.from(env.KEY, "hex"), bytes.fromhex(os.environ["KEY"])
_HEX_READ = re.compile(
    r"""Buffer\.from\(\s*(?:process\.)?env\.([A-Z][A-Z0-9_]*)\s*(?:as\s+\w+\s*|!\s*)?,\s*['"]hex['"]"""
    r"""|bytes\.fromhex\(\s*os\.(?:environ\[\s*|environ\.get\(\s*|getenv\(\s*)['"]([A-Z][A-Z0-9_]*)['"]"""
)
# A key decoded from base64 as the app loads it: rctf's `Buffer.from(config.tokenKey, 'base64')`
# (its RCTF_TOKEN_KEY), `base64.b64decode(settings.SECRET_KEY)`; the field's name (tokenKey,
# token_key) is the end of the variable's. An AES-256 key: 32 bytes.
_BASE64_READ = re.compile(
    r"""Buffer\.from\(\s*(?:[\w$]+\.)*([A-Za-z_]\w*)\s*(?:as\s+\w+\s*|!\s*)?,\s*['"]base64['"]"""
    r"""|\bb64decode\(\s*(?:os\.environ\[\s*['"]|os\.(?:environ\.get|getenv)\(\s*['"]|[\w.]*\.)?(\w+)"""
)
_KEY_MODULE = re.compile(r"crypt|token|auth|secret|session|key|cipher|sign", re.I)
# chartbrew's cbCrypto.js: createCipheriv("aes-256-cbc", Buffer.from(SECRET_KEY, "hex"), iv) on a
# key read into a constant, and its own check /^[a-f0-9]{64}$/i.
_HEX_KEY_USE = re.compile(r"\[a-f0-9\]\{64\}|createCipheriv\([^;]*?['\"]hex['\"]", re.I)


def _example_keys(tree: Tree, app: AppFacts) -> Iterator[tuple[str, str]]:
    """(name, what the example says of it: the comment lines above it and its own) for each
    variable the app's env examples (its folder's, then the top's) define."""
    folder = "" if app.path == "." else app.path
    examples = [*env_example_files(tree, folder), *(env_example_files(tree, "") if folder else [])]
    for rel in (r for r in examples if not written_by_advisor(tree.text(r) or "")):
        comment: list[str] = []
        for line in (tree.text(rel) or "").split(ADVISOR_BLOCK, 1)[0].splitlines():
            if line.lstrip().startswith("#"):
                comment.append(line)
                continue
            if m := _KEY_LINE.match(line):
                yield m.group(1), " ".join([*comment, line.partition("#")[2]])
            comment = []


def secret_forms(tree: Tree, app: AppFacts) -> tuple[tuple[str, str], ...]:
    """(name, ``hex:<bytes>``, ``base64:<bytes>`` or ``fernet``) of the app's secrets the
    project wants in a form."""
    secrets = {v.name for v in app.env_vars if v.role == "secret_key"}
    if not secrets:
        return ()
    forms: dict[str, str] = {}
    folder = "" if app.path == "." else app.path
    for name, said in _example_keys(tree, app):
        if name in secrets and (m := _HEX_COMMAND.search(said)):
            forms.setdefault(name, f"{m.group(1)}:{m.group(2)}")
    for rel in dict.fromkeys(v.source for v in app.env_vars if v.name in secrets):
        text = tree.text(rel) or ""
        for m in _HEX_READ.finditer(text):
            name = m.group(1) or m.group(2)
            if name in secrets:
                forms.setdefault(name, "hex:32")  # an AES-256 key, the usual reason to read hex
        if _HEX_KEY_USE.search(text):  # the file's keys go through a hex AES-256 key, or checks for one
            for v in app.env_vars:
                if v.source == rel and v.name in secrets and "KEY" in v.name:
                    forms.setdefault(v.name, "hex:32")
    # (or in the app's encryption module, which reads the key itself: chartbrew's cbCrypto.js;
    # or in a module named for what the key does, which decodes it from base64: rctf's
    # auth/token.ts, `Buffer.from(config.tokenKey, 'base64')`)
    for current, name in tree.walk(folder):
        if not name.endswith((".js", ".ts", ".mjs", ".cjs", ".py")) or not _KEY_MODULE.search(name):
            continue
        text = tree.text(join(current, name)) or ""
        if "crypt" in name.lower() and _HEX_KEY_USE.search(text):
            for key in (s for s in secrets if s in text and "KEY" in s):
                forms.setdefault(key, "hex:32")
        for m in _BASE64_READ.finditer(text) if "base64" in text or "b64decode" in text else ():
            field = re.sub(r"(?<=[a-z0-9])(?=[A-Z])", "_", m.group(1) or m.group(2)).upper()
            for key in (s for s in secrets if s == field or s.endswith("_" + field)):
                forms.setdefault(key, "base64:32")
    # a key Python's cryptography reads as a Fernet key (feeds.fun's `Fernet(settings.secret_key)`
    # for FFUN_USER_SETTINGS_SECRET_KEY): 32 bytes in url-safe base64
    python_crypto = any(d.name == "cryptography" for d in app.dependencies) or "cryptography" in (
        tree.text(join(folder, "pyproject.toml")) or ""
    )
    for rel in source_files(tree, folder, (".py",)) if python_crypto else ():
        text = tree.text(rel) or ""
        for m in _FERNET.finditer(text) if "Fernet(" in text else ():
            field = m.group(1).upper()
            for key in (s for s in secrets if s == field or s.endswith("_" + field)):
                forms.setdefault(key, "fernet")
    return tuple(sorted(forms.items()))


# Fernet(settings.secret_key), Fernet(os.environ["KEY"]), Fernet(key.encode())
_FERNET = re.compile(r"""\bFernet\(\s*(?:[\w.]*\.|os\.environ\[\s*['"]|os\.getenv\(\s*['"])?(\w+)""")


# An example's comment that tells the reader to make the value up: `openssl rand -hex 32`,
# "Generate a random secret key", `python -c 'import secrets; print(secrets.token_hex())'`.
_MAKE_ONE = re.compile(
    r"openssl\s+rand\b|secrets\.token_|\bpwgen\b|\brandom\s+(?:secret|string|key|password|value)\b", re.I
)


def with_example_secrets(tree: Tree, app: AppFacts) -> AppFacts:
    """The app with the variables its env example says to fill with a random value made its
    own secrets, whatever their names (rallly's SECRET_PASSWORD: "A secret key used to encrypt
    user sessions ... Generate a random secret key using: openssl rand -hex 32"), unless the
    name is a provider's or a connection's (a role other than a plain setting)."""
    plain = {v.name for v in app.env_vars if v.role == "other"}
    if not plain:
        return app
    told = {name for name, said in _example_keys(tree, app) if name in plain and _MAKE_ONE.search(said)}
    if not told:
        return app
    env = tuple(dataclasses.replace(v, role="secret_key") if v.name in told else v for v in app.env_vars)
    return dataclasses.replace(app, env_vars=env)
