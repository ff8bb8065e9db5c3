"""Whether a migration chain makes the app's schema from an empty database (Alembic's and
Flask-Migrate's ``versions/``), and where a package keeps its own ``alembic.ini``."""

from __future__ import annotations

import re

from .common import source_files
from .tree import Tree, join

_INI_SCRIPTS = re.compile(r"^\s*script_location\s*=\s*(\S+)\s*$", re.M)
_ROOT_REVISION = re.compile(r"^down_revision\s*(?::[^=\n]+)?=\s*None\b", re.M)
_MAKES_TABLE = re.compile(r"\bcreate_table\(|CREATE\s+TABLE", re.I)
_CHANGES_TABLE = re.compile(
    r"\bop\.(?:add_column|alter_column|drop_column|batch_alter_table|create_index|drop_table)\(|ALTER\s+TABLE",
    re.I,
)


# The tables revisions make, and the tables they change (by name).
_MADE_NAME = re.compile(
    r"""(?:create_table\(\s*['"]|CREATE\s+TABLE\s+(?:IF\s+NOT\s+EXISTS\s+)?["`]?)(\w+)""", re.I
)
_CHANGED_NAME = re.compile(
    r"""(?:op\.(?:add_column|alter_column|drop_column|batch_alter_table)\(\s*['"]"""
    r"""|ALTER\s+TABLE\s+(?:ONLY\s+)?["`]?)(\w+)""",
    re.I,
)


def scripts_folder(ini_folder: str, ini_text: str) -> str:
    """The migrations folder an alembic.ini in ``ini_folder`` names (``script_location``, also
    as ``%(here)s/…`` or ``%(here)s`` alone), else ``alembic`` beside it."""
    where = _INI_SCRIPTS.search(ini_text)
    rest = where.group(1).removeprefix("%(here)s").strip("/") if where else "alembic"
    return join(ini_folder, rest) if rest else ini_folder


def alembic_bootstraps(tree: Tree, folder: str) -> bool:
    """Whether ``alembic upgrade head`` can make the schema from nothing: False when the
    first revision (``down_revision = None``) makes no table, so the chain starts from tables
    the app makes itself (feedi's first revision adds a column to ``feeds``, which its
    ``db.create_all()`` makes; an install stamps the head instead): it changes a table and
    makes none. True when unsure."""
    return bootstraps(
        tree, join(scripts_folder(folder, tree.text(join(folder, "alembic.ini")) or ""), "versions")
    )


def nested_alembic(tree: Tree, folder: str) -> str | None:
    """An alembic.ini below the app's folder (none at its top) whose scripts it names relative
    to itself (``script_location = %(here)s``), outside tests, whose revisions bootstrap."""
    for sub in tree.folders(folder, 3, frozenset({"tests", "test", "docs", "examples"})):
        where = _INI_SCRIPTS.search(text := tree.text(ini := join(sub, "alembic.ini")) or "")
        if sub != folder and where and where.group(1).startswith("%(here)s"):
            return ini if bootstraps(tree, join(scripts_folder(sub, text), "versions")) else None
    return None


def bootstraps(tree: Tree, versions: str) -> bool:
    """Whether the revisions in ``versions`` make the schema from nothing (see above). An
    empty first revision bootstraps when the next ones make the tables they change, not when
    they change tables none of them makes (fmn's `op.add_column("rules", …)` after an empty
    first one: its own `fmn database sync` makes the tables and stamps the chain)."""
    texts = [t for n in tree.names(versions) if n.endswith(".py") and (t := tree.text(join(versions, n)))]
    for text in texts:
        if _ROOT_REVISION.search(text):
            if _MAKES_TABLE.search(text) is not None:
                return True
            if _CHANGES_TABLE.search(text) is not None:
                return False
            made = {m.lower() for t in texts for m in _MADE_NAME.findall(t)}
            return not {m.lower() for t in texts for m in _CHANGED_NAME.findall(t)} - made
    return True


_UPGRADE_CALL = re.compile(r"\b(?:alembic\.command|alembic_command|command)\.upgrade\(")
# Flask-Migrate's own upgrade(), imported by name (ownfoil's init_db: create_all and a stamp on
# a new database, else `upgrade()`, in the app's context as it starts)
_FLASK_IMPORT = re.compile(r"^from\s+flask_migrate\s+import\s+[^\n]*\bupgrade\b", re.M)
_FLASK_UPGRADE = re.compile(r"^\s+upgrade\(\)", re.M)
_STARTS_APP = re.compile(
    r"\bFastAPI\(|\blifespan\b|on_event\(\s*['\"]startup|before_first_request|\bFlask\(|\.app_context\(\)"
)


def migrates_at_start(tree: Tree, folder: str) -> str | None:
    """The module of the app that runs alembic's upgrade itself as the app starts (Hyperion's
    app/app.py: `Base.metadata.create_all` and a stamp on an empty database, else
    `alembic_command.upgrade(cfg, "head")`, from its FastAPI lifespan): no release step runs
    the chain, which may not make the schema from nothing."""
    for rel in source_files(tree, folder, (".py",), limit=300):
        text = tree.text(rel) or ""
        flask = "flask_migrate" in text and _FLASK_IMPORT.search(text) and _FLASK_UPGRADE.search(text)
        upgrades = _UPGRADE_CALL.search(text) or flask
        if "alembic" in text and upgrades and _STARTS_APP.search(text):
            return rel
    return None
