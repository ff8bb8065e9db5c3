"""The YAML of compose.yaml: PyYAML's SafeDumper with the few forms the file needs, and the
references into .env that Compose interpolates."""

from __future__ import annotations

from typing import Any

import yaml

REQUIRED = "set it in .env"


def required_ref(var: str) -> str:
    """``${VAR:?...}``: Compose stops before starting anything when .env lacks it."""
    return "${" + var + ":?" + REQUIRED + "}"


def optional_ref(var: str) -> str:
    return "${" + var + ":-}"


class Quoted(str):
    """A string from the answers: always written double-quoted, so no YAML 1.1 or 1.2
    reader can take it for a number, a bool or null."""

    __slots__ = ()


class Block(str):
    """A multi-line string written as a YAML literal block (``|``), line for line."""

    __slots__ = ()


class Octal(int):
    """A file mode, written in octal (0400) as Compose's documentation writes it."""

    __slots__ = ()


class Anchored(dict[str, Any]):
    """A mapping written once with an anchor (``&name``) and as an alias (``*name``) wherever
    else it appears: the one place to change values several services share."""

    def __init__(self, anchor: str, values: dict[str, Any]) -> None:
        super().__init__(values)
        self.anchor = anchor


class _Dumper(yaml.SafeDumper):
    anchor_names: dict[Any, str]

    def ignore_aliases(self, data: Any) -> bool:
        return not isinstance(data, Anchored)

    def generate_anchor(self, node: Any) -> str:
        return self.anchor_names.get(node) or str(super().generate_anchor(node))


def _represent_quoted(dumper: yaml.SafeDumper, data: Quoted) -> yaml.ScalarNode:
    return dumper.represent_scalar("tag:yaml.org,2002:str", str(data), style='"')


def _represent_block(dumper: yaml.SafeDumper, data: Block) -> yaml.ScalarNode:
    return dumper.represent_scalar("tag:yaml.org,2002:str", str(data), style="|")


def _represent_octal(dumper: yaml.SafeDumper, data: Octal) -> yaml.ScalarNode:
    return dumper.represent_scalar("tag:yaml.org,2002:int", f"0{int(data):o}")


def _represent_anchored(dumper: _Dumper, data: Anchored) -> yaml.MappingNode:
    node = dumper.represent_mapping("tag:yaml.org,2002:map", dict(data))
    if not hasattr(dumper, "anchor_names"):
        dumper.anchor_names = {}
    dumper.anchor_names[node] = data.anchor
    return node


_Dumper.add_representer(Quoted, _represent_quoted)
_Dumper.add_representer(Anchored, _represent_anchored)
_Dumper.add_representer(Block, _represent_block)
_Dumper.add_representer(Octal, _represent_octal)


def dump_yaml(data: dict[str, Any]) -> str:
    # (allow_unicode: a settings file's copy keeps its own comments' letters, as a block)
    return yaml.dump(
        data, Dumper=_Dumper, sort_keys=False, default_flow_style=False, width=1000, allow_unicode=True
    )


__all__ = ["REQUIRED", "Anchored", "Block", "Octal", "Quoted", "dump_yaml", "optional_ref", "required_ref"]
