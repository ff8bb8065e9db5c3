"""Files a TypeScript module's compiled code reads from its own folder: plumio's
``fs.readFileSync(path.join(__dirname, "schema.sql"))`` in ``src/db/index.ts``. tsc emits
JavaScript only, so ``dist/db/`` has no ``schema.sql`` and the app stops on its first start
(the project's own image copies the file in: ``COPY backend/src/db/schema.sql
./backend/dist/db/``). Each such file that sits beside its module is copied to the same place
under tsc's outDir after the build."""

from __future__ import annotations

import posixpath
import re
from collections.abc import Callable, Mapping

from .common import get_path
from .facts import Command
from .node_typeorm import TSC_BUNDLERS, out_dir, root_dir, tsconfig
from .tree import Tree, join

# path.join(__dirname, "schema.sql"), resolve(__dirname, './templates/mail.html')
_BESIDE = re.compile(
    r"""\b(?:join|resolve)\(\s*__dirname\s*,\s*['"`](?:\./)?([\w][\w./-]*\.(\w+))['"`]\s*\)"""
)
# What tsc writes itself, or a module Node loads (never a data file of the app's).
_CODE = frozenset({"ts", "tsx", "mts", "cts", "js", "mjs", "cjs", "jsx", "map"})


def tsc_assets(tree: Tree, folder: str, texts: Mapping[str, str]) -> tuple[tuple[str, str], ...]:
    """(file, its place under outDir), relative to the app's folder, for each file beside a
    module of tsc's rootDir that the module reads by its own folder; () when tsc does not build
    the app (no tsconfig, no outDir, a bundler writes the output)."""
    build = get_path(tree.json(join(folder, "package.json")) or {}, "scripts", "build")
    config = tsconfig(tree, folder) if isinstance(build, str) and "tsc" in build.split() else None
    out = out_dir(tree, folder) if config is not None and not TSC_BUNDLERS.search(str(build)) else ""
    if config is None or not out:
        return ()
    root = root_dir(tree, folder, config, out)
    found: dict[str, str] = {}
    for rel, text in texts.items():
        if "__dirname" not in text or not rel.endswith((".ts", ".mts")):
            continue
        local = posixpath.relpath(rel, folder or ".")
        if root and not local.startswith(f"{root}/"):
            continue
        for m in _BESIDE.finditer(text):
            source = posixpath.normpath(posixpath.join(posixpath.dirname(local), m.group(1)))
            if m.group(2) in _CODE or source.startswith("..") or not tree.has(join(folder, source)):
                continue
            found.setdefault(source, posixpath.join(out, posixpath.relpath(source, root or ".")))
    return tuple(found.items())


def run_dirs(tree: Tree, folder: str, start: Command | None) -> Callable[[str], str | None] | None:
    """The folder a TypeScript module (relative to the inspected folder) runs from, as
    ``__dirname`` sees it, when the start runs the compiled output (``node dist/src/main.js``):
    its place under outDir, not the source's (hive-pal's ``join(__dirname, '..', 'static')`` in
    ``src/app.module.ts`` is ``dist/static``). None when the start runs the sources, or a bundler
    lays the output out."""
    argv = start.argv if start is not None else ()
    build = get_path(tree.json(join(folder, "package.json")) or {}, "scripts", "build")
    config, out = tsconfig(tree, folder), out_dir(tree, folder)
    if (
        len(argv) != 2
        or argv[0] != "node"
        or not isinstance(build, str)
        or TSC_BUNDLERS.search(build)
        or config is None
        or not out
        or not argv[1].removeprefix("./").startswith(f"{out}/")
    ):
        return None
    builder = get_path(tree.json(join(folder, "nest-cli.json")) or {}, "compilerOptions", "builder")
    swc = builder == "swc" or (isinstance(builder, dict) and builder.get("type") == "swc")
    root = "src" if swc else root_dir(tree, folder, config, out)  # (SWC writes sourceRoot's files into dist/)

    def moved(rel: str) -> str | None:
        local = posixpath.relpath(posixpath.dirname(rel), folder or ".")
        if not rel.endswith((".ts", ".mts")) or (root and local != root and not local.startswith(f"{root}/")):
            return None
        return posixpath.normpath(join(folder, join(out, posixpath.relpath(local, root or "."))))

    return moved
