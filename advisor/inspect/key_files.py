"""Key and certificate files the app reads from its own repository: SimpleLogin's
``OPENID_PRIVATE_KEY_PATH``, whose default and example value is the committed
``local_data/jwtRS256.key``; a Node app's ``fs.readFileSync(path.join(__dirname,
'keys', 'private.pem'))``. The generated .dockerignore keeps ``*.key`` and ``*.pem`` out of
the image, as a private key should be, so the app would find no file: the containers get it
from the checkout instead, mounted read-only where the app looks for it."""

from __future__ import annotations

import posixpath
import re

from .facts import AppFacts, Sourced
from .tree import Tree, join

# the names the generated .dockerignore leaves out (templates/starter/dockerignore.j2), but
# a CA bundle, which it keeps
_KEPT = frozenset({"cacert.pem"})
# folders whose keys are the tests' (a fixture's self-signed certificate), never the app's
_TEST_DIRS = frozenset({"test", "tests", "__tests__", "spec", "fixtures", "testdata", "e2e", "docs"})
_COMMENT = re.compile(r"^[ \t]*(?:#|//|/?\*).*$", re.M)
_CODE = (".py", ".js", ".mjs", ".cjs", ".ts", ".mts", ".cts")


def read_key_files(tree: Tree, app: AppFacts) -> tuple[Sourced[str], ...]:
    """The key files (relative to the app's folder) the app reads: a variable it reads whose
    default or example value is the file's path, or a string in its code that names the file
    (its path, or its name in the code of the folder it sits in or of the one above). Only
    files git keeps: a teammate's clone has them too."""
    folder = "" if app.path == "." else app.path
    keys = [
        (posixpath.relpath(join(at, name), folder or "."), at, name)
        for at, name in tree.walk(folder, prune=_TEST_DIRS)
        if name.endswith((".key", ".pem")) and name not in _KEPT and not tree.ignored_by_git(at, name)
    ]
    if not keys:
        return ()
    found: dict[str, Sourced[str]] = {}
    values = [(v.default, v.source, v.name) for v in app.env_vars if v.default]
    values += [(s.value, s.source, s.name) for s in app.own_settings if s.value]
    for value, source, name in values:
        path = posixpath.normpath(value.strip().strip("'\"")) if "/" in value or "." in value else ""
        for rel, _, _ in keys:
            if path == rel:
                found.setdefault(rel, Sourced(rel, source, name))
    for at, name in tree.walk(folder, prune=_TEST_DIRS):
        if not name.endswith(_CODE) or len(found) == len(keys):
            continue
        # (not a comment's: SimpleLogin's `# context.load_cert_chain("local_data/cert.pem", …)`)
        text = _COMMENT.sub("", tree.text(join(at, name)) or "")
        for rel, key_at, key_name in keys:
            if rel in found or key_name not in text:
                continue
            near = at in (key_at, posixpath.dirname(key_at))
            if re.search(rf"""['"`](?:\./)?{re.escape(rel)}['"`]""", text) or (
                near and re.search(rf"""['"`]{re.escape(key_name)}['"`]""", text)
            ):
                found[rel] = Sourced(rel, join(at, name), "named in the code")
    return tuple(found[rel] for rel, _, _ in keys if rel in found)
