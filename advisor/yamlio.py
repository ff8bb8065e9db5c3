"""Safe reading of the YAML and JSON files people hand advisor.

Mappings remember the line they start on (for error messages), duplicate keys and
YAML aliases are refused (no "billion laughs"), and files have a size limit.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import yaml

from .errors import UserError

MAX_INPUT_BYTES = 1024 * 1024


class LineDict(dict[str, Any]):
    """A mapping read from a file; ``line`` is where it starts (1-based)."""

    line: int = 0


_Base: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _refuse_aliases(text: str) -> None:
    """Aliases are refused before composing, so an anchor bomb never expands."""
    for event in yaml.parse(text, Loader=_Base):
        if isinstance(event, yaml.AliasEvent):
            mark: Any = event.start_mark
            problem = "YAML aliases (*name) are not allowed in advisor files"
            raise yaml.MarkedYAMLError(None, None, problem, mark)


class _Loader(_Base):  # type: ignore[misc]
    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> LineDict:
        self.flatten_mapping(node)
        result = LineDict()
        result.line = node.start_mark.line + 1
        for key_node, value_node in node.value:
            key = self.construct_object(key_node, deep=True)
            if not isinstance(key, str | int | bool | float) or key is None:
                raise yaml.MarkedYAMLError(
                    None, None, "mapping keys must be plain words", key_node.start_mark
                )
            key = str(key) if not isinstance(key, str) else key
            if key in result:
                raise yaml.MarkedYAMLError(None, None, f"duplicate key {key!r}", key_node.start_mark)
            result[key] = self.construct_object(value_node, deep=deep)
        return result


_Loader.add_constructor("tag:yaml.org,2002:map", _Loader.construct_mapping)


def _decode(path: Path, data: bytes) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise UserError(
            f"{path}: not UTF-8 text (byte {exc.start} is {data[exc.start]:#04x}); save it as UTF-8"
        ) from None


def read_text_limited(path: Path, what: str) -> str:
    """Read a small text file people hand us, with one clear message for every way it fails."""
    try:
        if path.is_dir():
            raise UserError(f"{what} {path}: is a folder, not a file")
        with path.open("rb") as fh:
            data = fh.read(MAX_INPUT_BYTES + 1)
    except FileNotFoundError:
        raise UserError(f"{what} {path}: no such file") from None
    except PermissionError:
        raise UserError(f"{what} {path}: permission denied") from None
    except OSError as exc:
        raise UserError(f"{what} {path}: cannot be read ({exc.strerror})") from None
    if len(data) > MAX_INPUT_BYTES:
        raise UserError(f"{what} {path}: larger than {MAX_INPUT_BYTES // 1024} KiB; advisor files are small")
    return _decode(path, data)


def parse_document(text: str, path: Path) -> Any:
    """Parse YAML (or JSON, by the file's suffix) with the rules above."""
    if path.suffix.lower() == ".json":
        return _parse_json(text, path)
    try:
        _refuse_aliases(text)
        return yaml.load(text, Loader=_Loader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark
        where = f"{path}:{mark.line + 1}:{mark.column + 1}" if mark else str(path)
        problem = exc.problem or exc.context or "invalid YAML"
        raise UserError(f"{where}: {problem}") from None
    except yaml.reader.ReaderError as exc:
        raise UserError(
            f"{path}: character {exc.character!r} at position {exc.position} is not allowed in YAML"
        ) from None
    except yaml.YAMLError as exc:
        raise UserError(f"{path}: invalid YAML ({' '.join(str(exc).split())})") from None
    except RecursionError:
        raise UserError(f"{path}: nested too deeply") from None


def _parse_json(text: str, path: Path) -> Any:
    def pairs(items: list[tuple[str, Any]]) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for key, value in items:
            if key in out:
                raise UserError(f"{path}: duplicate key {key!r}")
            out[key] = value
        return out

    try:
        return json.loads(text, object_pairs_hook=pairs)
    except json.JSONDecodeError as exc:
        raise UserError(f"{path}:{exc.lineno}:{exc.colno}: invalid JSON ({exc.msg})") from None
    except RecursionError:
        raise UserError(f"{path}: nested too deeply") from None


def load_file(path: Path, what: str) -> Any:
    return parse_document(read_text_limited(path, what), path)
