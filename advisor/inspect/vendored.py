"""A Python app run from its own tree, with the libraries it uses kept in it (Headphones,
LazyLibrarian, SickGear): no dependency file, a top-level script, and its package beside them."""

from __future__ import annotations

from .tree import Tree, join

_DEPENDENCY_FILES = ("requirements.txt", "pyproject.toml", "setup.py", "Pipfile", "poetry.lock", "uv.lock")


def tree_script(tree: Tree, folder: str) -> str | None:
    """The script of an app run from its own tree, with its libraries vendored in it and no
    dependency file (Headphones' Headphones.py, LazyLibrarian's LazyLibrarian.py): a top-level
    script run as ``__main__``, named like the package folder beside it; the one named after the
    app's folder first."""
    if any(tree.has(join(folder, m)) for m in _DEPENDENCY_FILES):
        return None  # its dependencies are installed: the folders beside its package are its own
    packages = {d.lower() for d in tree.subdirs(folder) if tree.has(join(folder, f"{d}/__init__.py"))}
    own = (folder.rsplit("/", 1)[-1] if folder else tree.root.resolve().name).lower()
    scripts = sorted(
        (n for n in tree.names(folder) if n.endswith(".py") and n[:-3].lower() in packages),
        key=lambda n: (n[:-3].lower() != own, n),
    )
    return next((join(folder, n) for n in scripts if "__main__" in (tree.text(join(folder, n)) or "")), None)


def vendored_folders(tree: Tree, folder: str) -> frozenset[str]:
    """The folders beside the own package of an app run from its tree (``tree_script``): the
    libraries it keeps in it (LazyLibrarian's cherrypy/, lib/, mako/), not its code."""
    if (script := tree_script(tree, folder)) is None:
        return frozenset()
    own = script.rsplit("/", 1)[-1][:-3].lower()
    return frozenset(d for d in tree.subdirs(folder) if d.lower() != own)
