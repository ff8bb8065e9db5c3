"""Safe writing into a person's project folder.

Every file is first written to a temporary beside its target, then all are renamed into
place with signals held off, so a crash, Ctrl-C or SIGTERM leaves either the old files or
the new ones, never half of one. A file that differs from what would be written is a
conflict: without ``force`` nothing at all is written. Links are never written through.
Two runs at one folder take turns (a lock on the folder), so the result is one run's output.
"""

from __future__ import annotations

import contextlib
import errno
import os
import secrets
import signal
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from .errors import Interrupted, UserError, WriteRefused

TEMP_SUFFIX = ".advisor-tmp"

Status = Literal[
    "new",
    "unchanged",
    "conflict",
    "overwrite",
    "kept",
    "updated",
    "replaced",
    "rewritten",
    "removed",
    "stale",
    "kept-edit",
    "tracked",
    "moved-aside",
    "overwrite-aside",
    "kept-compose",
    "override",
    "withheld",
    "withdrawn",
    "merged",
    "merged-conflicts",
    "kept-yours",
    "kept-own",
    "conflict-merges",
    "conflict-overlaps",
    "conflict-own",
    "conflict-compose",
    "conflict-override",
]


@dataclass(frozen=True)
class PlannedFile:
    name: str
    content: str
    mode: int = 0o644


@dataclass(frozen=True)
class FileOutcome:
    name: str
    status: Status
    to: str | None = None
    """For a file moved aside (or that would be): its new name."""


def prepare_folder(out: Path, create: bool) -> Path:
    """Check ``--out``; create it (not its parents) when writing. Returns it resolved."""
    if out.exists() and not out.is_dir():
        raise UserError(f"--out {out}: is a file, not a folder")
    if not out.exists():
        parent = out.resolve().parent
        if not parent.is_dir():
            raise UserError(f"--out {out}: its parent folder {parent} does not exist; create it first")
        if create:
            try:
                out.mkdir()
            except OSError as exc:
                raise WriteRefused(f"--out {out}: cannot create the folder ({exc.strerror})") from None
    return out.resolve()


def read_existing(path: Path) -> str | None:
    """The text of an existing file, or None when there is none; links are reported, not followed."""
    if path.is_symlink():
        return None
    try:
        return path.read_text("utf-8")
    except FileNotFoundError:
        return None
    except UnicodeDecodeError:
        return "\0not text"
    except OSError as exc:
        raise WriteRefused(f"{path}: cannot be read ({exc.strerror})") from None


def link_inside(out: Path, link: Path) -> bool:
    """Whether the link points to a regular file inside ``out``."""
    try:
        real = link.resolve(strict=True)
    except (OSError, RuntimeError):
        return False
    return real.is_file() and real.is_relative_to(out.resolve())


def _read_link(link: Path) -> str:
    try:
        return link.read_text("utf-8")
    except UnicodeDecodeError:
        return "\0not text"
    except OSError as exc:
        raise WriteRefused(f"{link}: cannot be read ({exc.strerror})") from None


def folders_of(out: Path, name: str) -> list[Path]:
    """The folders between ``out`` and the file ``name`` (``deploy/kubernetes/x.yaml`` has
    two), outermost first; none for a file directly in ``out``."""
    parts = Path(name).parts[:-1]
    return [out.joinpath(*parts[: i + 1]) for i in range(len(parts))]


def through_link(out: Path, name: str) -> bool:
    """Whether a folder on the way to ``name`` is a symbolic link."""
    return any(folder.is_symlink() for folder in folders_of(out, name))


def read_targets(out: Path, names: list[str], links: frozenset[str] = frozenset()) -> dict[str, str | None]:
    """The current text of every target (None where there is none), each read once. A link or
    anything but a regular file is refused, and so is a folder on the way that is a link or not
    a folder: advisor never writes through one. A name in ``links`` may be a link to a regular
    file inside ``out`` (dispatch's Dockerfile -> docker/Dockerfile): its text is read, for a
    conflict that take settles by moving the link itself aside, and keep by leaving it."""
    current: dict[str, str | None] = {}
    for name in names:
        for folder in folders_of(out, name):
            if folder.is_symlink():
                raise WriteRefused(
                    f"{folder}: is a symbolic link (to {os.readlink(folder)}); advisor does not write"
                    " through links. Replace it with a real folder or remove it, then run again"
                )
            if folder.exists() and not folder.is_dir():
                raise WriteRefused(f"{folder}: exists and is not a folder")
        target = out / name
        if target.is_symlink() and name in links and link_inside(out, target):
            current[name] = _read_link(target)
            continue
        if target.is_symlink():
            raise WriteRefused(
                f"{target}: is a symbolic link (to {os.readlink(target)}); advisor does not write"
                " through links. Replace it with a regular file or remove it, then run again"
            )
        if target.exists() and not target.is_file():
            raise WriteRefused(f"{target}: exists and is not a regular file")
        current[name] = read_existing(target)
    return current


def classify(files: list[PlannedFile], current: dict[str, str | None], force: bool) -> list[FileOutcome]:
    """new / unchanged / conflict (or overwrite with ``force``) for each file."""
    outcomes = []
    for f in files:
        text = current[f.name]
        if text is None:
            status: Status = "new"
        elif text == f.content:
            status = "unchanged"
        else:
            status = "overwrite" if force else "conflict"
        outcomes.append(FileOutcome(f.name, status))
    return outcomes


@contextlib.contextmanager
def folder_lock(out: Path) -> Iterator[None]:
    """Exclusive lock on the folder itself, so concurrent runs take turns (POSIX only)."""
    try:
        import fcntl
    except ImportError:  # pragma: no cover - Windows: no advisory folder locks
        yield
        return
    fd = os.open(out, os.O_RDONLY)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)


@contextlib.contextmanager
def _signals_held() -> Iterator[None]:
    """Ctrl-C and SIGTERM wait until the block is done; one that came meanwhile is then reported
    as an interruption after a complete write (exit 130), not as 'nothing was written'."""
    held = {signal.SIGINT, signal.SIGTERM}
    if not hasattr(signal, "pthread_sigmask"):  # pragma: no cover
        yield
        return
    old = signal.pthread_sigmask(signal.SIG_BLOCK, held)
    try:
        yield
    finally:
        try:
            signal.pthread_sigmask(signal.SIG_SETMASK, old)
        except KeyboardInterrupt:
            raise Interrupted("interrupted after every file was written completely") from None


def _write_temp(out: Path, f: PlannedFile, token: str) -> Path:
    target = out / f.name
    fd, name = tempfile.mkstemp(prefix=f".{target.name}.{token}.", suffix=TEMP_SUFFIX, dir=target.parent)
    tmp = Path(name)
    with os.fdopen(fd, "w", encoding="utf-8", newline="") as fh:
        fh.write(f.content)
        fh.flush()
        os.fsync(fh.fileno())
    os.chmod(tmp, f.mode & ~_umask())
    return tmp


def _remove_temps(folders: list[Path], token: str) -> None:
    """Every temporary this run made, including one an interruption left unrecorded."""
    for folder in folders:
        for path in folder.glob(f".*.{token}.*{TEMP_SUFFIX}"):
            path.unlink(missing_ok=True)


def _make_folders(out: Path, files: list[PlannedFile]) -> list[Path]:
    """Create the missing folders the files go into; returns the ones created, outermost first."""
    created: list[Path] = []
    try:
        for f in files:
            for folder in folders_of(out, f.name):
                if not folder.is_dir():
                    folder.mkdir()
                    created.append(folder)
    except OSError:
        _remove_folders(created)
        raise
    return created


def _remove_folders(folders: list[Path]) -> None:
    """Remove the folders that are empty, innermost first."""
    for folder in sorted(folders, key=lambda p: len(p.parts), reverse=True):
        with contextlib.suppress(OSError):
            folder.rmdir()


def _sync_folders(folders: list[Path]) -> None:
    """Make the renames durable: fsync every folder a file went into."""
    if not hasattr(os, "O_DIRECTORY"):  # pragma: no cover - Windows
        return
    for folder in folders:
        if folder.is_dir():
            fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
            try:
                os.fsync(fd)
            finally:
                os.close(fd)


def _backup_of(target: Path) -> Path:
    return target.with_name(f".{target.name}.advisor-bak")


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def _move(source: Path, target: Path) -> None:
    """Rename ``source`` (a link itself, not what it points to) to ``target``, never over an
    existing ``target``: a hard link, then the old name goes."""
    if os.link in os.supports_follow_symlinks:
        os.link(source, target, follow_symlinks=False)
    elif target.exists() or target.is_symlink():  # pragma: no cover - no linkat
        raise FileExistsError(errno.EEXIST, "exists", str(target))
    else:  # pragma: no cover
        os.rename(source, target)
        return
    try:
        os.unlink(source)
    except OSError:
        target.unlink(missing_ok=True)
        raise


def commit(
    out: Path,
    files: list[PlannedFile],
    remove: list[str] | None = None,
    move: list[tuple[str, str]] | None = None,
) -> None:
    """Write ``files`` into ``out`` all or nothing, then remove the files named in ``remove``.
    Each (name, new name) of ``move`` is renamed first, in the same all-or-nothing step."""
    token = secrets.token_hex(4)
    names = [f.name for f in files] + list(remove or []) + [name for pair in move or [] for name in pair]
    folders = list(dict.fromkeys([out, *(folder for name in names for folder in folders_of(out, name))]))
    temps: list[tuple[PlannedFile, Path]] = []
    created: list[Path] = []
    try:
        created = _make_folders(out, files)
        for f in files:
            temps.append((f, _write_temp(out, f, token)))
    except OSError as exc:
        _remove_temps(folders, token)
        _remove_folders(created)
        raise WriteRefused(f"{out}: cannot write ({exc.strerror or exc}); nothing was written") from None
    except BaseException:
        _remove_temps(folders, token)
        _remove_folders(created)
        raise
    done: list[tuple[Path, Path | None]] = []  # (target, backup of what it replaced)
    moved: list[tuple[Path, Path]] = []  # (old name, new name)
    with _signals_held():
        try:
            for name, new_name in move or []:
                _move(out / name, out / new_name)
                moved.append((out / name, out / new_name))
            for f, tmp in temps:
                target = out / f.name
                backup = None
                if target.exists():
                    backup = _backup_of(target)
                    backup.unlink(missing_ok=True)
                    os.link(target, backup)
                try:
                    os.replace(tmp, target)
                except OSError:
                    if backup is not None:
                        backup.unlink(missing_ok=True)
                    raise
                done.append((target, backup))
            for name in remove or []:  # moved aside first, so a failure can put it back
                target = out / name
                backup = _backup_of(target)
                backup.unlink(missing_ok=True)
                os.replace(target, backup)
                done.append((target, backup))
            _sync_folders(folders)
        except OSError as exc:
            for target, backup in reversed(done):
                if backup is not None:
                    os.replace(backup, target)
                else:
                    target.unlink(missing_ok=True)
            for source, target in reversed(moved):
                os.replace(target, source)
            _remove_temps(folders, token)
            _remove_folders(created)
            raise WriteRefused(f"{out}: cannot write ({exc.strerror or exc}); nothing was changed") from None
        finally:
            for _, backup in done:
                if backup is not None:
                    backup.unlink(missing_ok=True)
        # A folder whose last file was removed goes too (a later run creates it again).
        _remove_folders([folder for name in remove or [] for folder in folders_of(out, name)])


def tracked_by_git(folder: Path, name: str) -> bool:
    """Whether git tracks ``folder/name`` (False without git or outside a repository)."""
    import subprocess

    try:
        done = subprocess.run(
            ["git", "-C", str(folder), "ls-files", "--error-unmatch", "--", name],
            capture_output=True,
            timeout=10,
            check=False,
        )
    except (OSError, subprocess.SubprocessError):
        return False
    return done.returncode == 0
