"""Folders a Node module builds from its own folder (``__dirname``) or the working folder and
writes: the app's user owns them. The module's folder is taken as the app's (dist/ or src/ sits one below it,
so the leading ``../`` go)."""

from __future__ import annotations

import posixpath
import re

from .facts import WritablePath

FROM_MODULE_FOLDER: tuple[tuple[re.Pattern[str], str, str], ...] = (
    # an SQLite file in the working folder itself (express-sequelize-ts's
    # path.join(process.cwd(), `${this._env}.sqlite`)): the app's folder is its user's
    (
        re.compile(
            r"""(?:join|resolve)\(\s*process\.cwd\(\)\s*,\s*(['"`][^'"`/\n]*\.(?:sqlite3?|db)['"`])"""
        ),
        "written-file",
        "SQLite file in the working folder",
    ),
    # an upload folder from the module's folder (SparkyFitness: path.join(__dirname, '../temp_uploads/'))
    (
        re.compile(
            r"\b\w*(?:UPLOAD|Upload|upload|TEMP|Temp|TMP|Tmp)\w*\s*[:=][^;]{0,200}?(?:join|resolve)\(\s*__dirname"
            r"\s*,\s*['\"`](?:\.{1,2}/)*([\w.-]+)/?['\"`]\s*\)"
        ),
        "uploads",
        "upload folder",
    ),
    # a log file there (overseerr's winston: path.join(__dirname, '../config/logs/x-%DATE%.log'))
    (
        re.compile(r"(?:join|resolve)\(\s*__dirname\s*,\s*['\"`](?:\.{1,2}/)*([^'\"`\n]{1,200}\.log)['\"`]"),
        "log-file",
        "log file from the module's folder",
    ),
    # a folder a variable names as the app's own (a *_DIRECTORY, *_DIR), else one built from
    # the module's folder (overseerr's settings.json: process.env.CONFIG_DIRECTORY ? ... :
    # path.join(__dirname, '../../config/settings.json')): the folder is the app's data
    (
        re.compile(
            r"process\.env\.\w*(?:DIR|DIRECTORY|FOLDER)\w*\s*\?[^:;]{0,200}?:\s*(?:path\.)?(?:join|resolve)"
            r"\(\s*__dirname\s*,\s*['\"`](?:\.{1,2}/)*([\w.-]+)/"
        ),
        "data-dir",
        "data folder",
    ),
)


# A data folder's absolute default in a module that makes folders (dockge's
# `defaultStacksDir = "/opt/stacks"`, which becomes the folder it mkdirSync()s)
_ABSOLUTE_DIR = re.compile(
    r"""\b\w*(?:Dir|DIR|Directory|DIRECTORY|Folder|FOLDER)\s*=\s*['"`](/(?:opt|srv|data|var/lib)/[\w.-]+)/?['"`]"""
)


# A name for a folder built from the module's own (tududi's `const projectRootPath =
# path.join(__dirname, '..')`; bytestash's `const dbPath = join(__dirname,
# "../../../data/snippets")`, which it then mkdirSync()s), and a path built from such a name:
# its literal parts, then what follows (a file name, maybe a template: `${environment}.sqlite3`).
_ROOT_NAME = re.compile(
    r"""\b(?:const|let|var)\s+([A-Za-z_$][\w$]*)\s*=\s*(?:path\.)?(?:join|resolve)\(\s*__dirname\s*"""
    r"""(?:,\s*['"`]([\w./-]*)['"`]\s*)?\)"""
)
_FROM_ROOT = (
    r"""(?:path\.)?(?:join|resolve)\(\s*{name}\s*((?:,\s*['"][\w.-]+['"]\s*)*)"""
    r"""(?:,\s*([^,()]{{1,80}}))?\)"""
)
_SQLITE_FILE = re.compile(r"\.(?:sqlite3?|db)$")
# what the path is the default of: a variable for a file or folder the app writes
_WRITES_VAR = re.compile(
    r"process\.env\.\w*(?:UPLOAD|DATA|DB|DATABASE|STORAGE|FILE|DIR|PATH)\w*\s*(?:\|\||\?\?)\s*$"
)


def _rooted(text: str, rel: str, folder: str) -> list[WritablePath]:
    """Folders a path from a root name points at: an SQLite file's (`path.join(projectRootPath,
    'db', `${env}.sqlite3`)`), or a writing variable's default (`process.env.UPLOAD_PATH ||
    path.join(projectRootPath, 'uploads')`); the app keeps its data there."""
    found: list[WritablePath] = []
    here = posixpath.relpath(posixpath.dirname(rel) or ".", folder or ".")
    for root in _ROOT_NAME.finditer(text):
        base = posixpath.join(here, root.group(2) or ".")
        for m in re.finditer(_FROM_ROOT.format(name=re.escape(root.group(1))), text):
            parts = re.findall(r"""['"]([\w.-]+)['"]""", m.group(1))
            rest = (m.group(2) or "").strip()
            if parts and _SQLITE_FILE.search(parts[-1]):
                parts, detail = parts[:-1], "SQLite file's folder"
            elif rest and _SQLITE_FILE.search(rest.strip("'\"`")):
                detail = "SQLite file's folder"
            elif not rest and _WRITES_VAR.search(text[max(0, m.start() - 120) : m.start()]):
                detail = "folder a variable defaults to"
            else:
                continue
            path = posixpath.normpath(posixpath.join(base, *parts))
            if parts and path != "." and not path.startswith(".."):
                found.append(WritablePath(path, "data-dir", rel, detail))
    return found


# A file path built from the module's folder (Youtarr's `this.configPath = path.join(__dirname,
# '../../config/config.json')`), which the module then writes (`fs.writeFileSync(this.configPath`)
_FILE_NAME = re.compile(
    r"""\b(?:this\.)?([A-Za-z_$][\w$]*)\s*=\s*(?:path\.)?(?:join|resolve)\(\s*__dirname\s*,\s*"""
    r"""['"`]([\w./-]+\.\w+)['"`]\s*\)"""
)


def _written_files(text: str, rel: str, folder: str) -> list[WritablePath]:
    """The folders of the files the module writes by a name built from its own folder: the
    app's user owns them (a settings file the app makes from its example at first start)."""
    found: list[WritablePath] = []
    here = posixpath.relpath(posixpath.dirname(rel) or ".", folder or ".")
    for m in _FILE_NAME.finditer(text):
        name = re.escape(m.group(1))
        writes = rf"\b(?:writeFileSync|writeFile|appendFileSync)\(\s*(?:this\.)?{name}\b"
        copies = rf"\bcopyFileSync\([^,()]+,\s*(?:this\.)?{name}\b"  # (the copy is its second argument)
        if not re.search(writes, text) and not re.search(copies, text):
            continue
        path = posixpath.normpath(posixpath.join(here, posixpath.dirname(m.group(2)) or "."))
        if path != "." and not path.startswith(".."):
            found.append(WritablePath(path, "data", rel, "folder of a file the code writes"))
    return found


# A folder named from the module's own in parts (teikei's `const compiledTemplateRoot =
# path.resolve(import.meta.dirname, '..', '..', 'build', 'templates')`) that a tool's `dest:`
# option writes into (inky compiling its email templates as the app starts; multer, gulp)
_PARTS_ROOT = re.compile(
    r"""\b(?:const|let|var)\s+([A-Za-z_$][\w$]*)\s*=\s*(?:path\.)?(?:join|resolve)\(\s*__dirname\s*"""
    r"""((?:,\s*['"`][\w./-]+['"`]\s*)+)\)"""
)


def _dest_folders(text: str, rel: str, folder: str) -> list[WritablePath]:
    """The folders such a name points at when a `dest:` option names it (also inside a
    path.resolve with more parts): the app writes there as it runs, so its user owns them."""
    found: list[WritablePath] = []
    here = posixpath.relpath(posixpath.dirname(rel) or ".", folder or ".")
    for m in _PARTS_ROOT.finditer(text) if "dest" in text else ():
        name = re.escape(m.group(1))
        if not re.search(rf"\bdest(?:ination)?\s*:\s*(?:(?:path\.)?(?:join|resolve)\(\s*)?{name}\b", text):
            continue
        parts = re.findall(r"""['"`]([\w./-]+)['"`]""", m.group(2))
        path = posixpath.normpath(posixpath.join(here, *parts))
        if path != "." and not path.startswith(".."):
            found.append(WritablePath(path, "data", rel, "folder a tool writes as the app runs"))
    return found


def made_folders(text: str, rel: str, folder: str) -> list[WritablePath]:
    """Folders the module at ``rel`` makes (``mkdirSync``, ``mkdir``): by a name it builds from
    its own folder, exactly there, relative to the app's ``folder`` (a ``../`` leaves it for
    the workspace's folder above); a data folder's absolute default (/opt/stacks); the folders
    paths from such a name point at (see _rooted); and those of the files it writes by such a
    name (see _written_files)."""
    text = text.replace("import.meta.dirname", "__dirname")  # (an ES module's own folder, Node 20.11+)
    rooted = (
        _rooted(text, rel, folder) + _written_files(text, rel, folder) + _dest_folders(text, rel, folder)
        if "__dirname" in text
        else []
    )
    if "mkdir" not in text:
        return rooted
    found = rooted + [
        WritablePath(m.group(1), "data-dir", rel, "data folder default") for m in _ABSOLUTE_DIR.finditer(text)
    ]
    for m in _ROOT_NAME.finditer(text):
        if not m.group(2) or not re.search(rf"\bmkdir(?:Sync)?\(\s*{re.escape(m.group(1))}\b", text):
            continue
        here = posixpath.relpath(posixpath.dirname(rel) or ".", folder or ".")
        path = posixpath.normpath(posixpath.join(here, m.group(2)))
        if path != "." and not path.startswith("../.."):
            # the app's data (a volume keeps it), else only a folder its user owns
            kind = "data-dir" if re.search(r"data|db|storage|config", path, re.I) else "data"
            found.append(WritablePath(path, kind, rel, "folder the code makes"))
    return found
