"""YAML that is safe to read from strangers, and that remembers where every value came from.

PyYAML's SafeLoader already refuses arbitrary object construction. On top of it we refuse anchors and
aliases (the "billion laughs" expansion), duplicate keys (PyYAML silently keeps the last one), files over
a size limit and bytes that are not UTF-8; and we record the line of every key and list item so that a
validation error can name `FILE:LINE: field`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from hkaigov.domain.errors import InputError

PathKey = tuple[str | int, ...]
DEFAULT_MAX_BYTES = 1_000_000


@dataclass
class Located:
    """A parsed YAML document and the 1-based line of each path in it."""

    data: Any
    lines: dict[PathKey, int] = field(default_factory=dict)
    source: str = "<string>"

    def line_of(self, path: PathKey) -> int:
        """The line of the longest prefix of `path` that we know; 1 when nothing matches."""
        for end in range(len(path), -1, -1):
            line = self.lines.get(tuple(path[:end]))
            if line is not None:
                return line
        return 1


class _AnchorFound(Exception):
    def __init__(self, line: int) -> None:
        self.line = line


_SEQ, _MAP = "tag:yaml.org,2002:seq", "tag:yaml.org,2002:map"
_Loader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _reject_anchors(text: str) -> None:
    """Walk the event stream (fast, in C where available) and stop at the first anchor or alias."""
    for event in yaml.parse(text, Loader=_Loader):
        if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None) is not None:
            mark = event.start_mark
            raise _AnchorFound(mark.line + 1 if mark is not None else 1)


def read_yaml_file(path: Path, max_bytes: int = DEFAULT_MAX_BYTES, shown_as: str | None = None) -> Located:
    """Read and parse one YAML file; every failure is an `InputError` naming the file (and line)."""
    name = shown_as or str(path)
    try:
        size = path.stat().st_size
        if size > max_bytes:
            raise InputError(f"{name}:1: file is {size} bytes, over the {max_bytes}-byte limit")
        raw = path.read_bytes()
    except FileNotFoundError:
        raise InputError(f"{name}: no such file") from None
    except IsADirectoryError:
        raise InputError(f"{name}: is a directory, not a YAML file") from None
    except PermissionError:
        raise InputError(f"{name}: permission denied") from None
    return parse_yaml_bytes(raw, name, max_bytes)


def parse_yaml_bytes(raw: bytes, name: str = "<string>", max_bytes: int = DEFAULT_MAX_BYTES) -> Located:
    if len(raw) > max_bytes:
        raise InputError(f"{name}:1: document is {len(raw)} bytes, over the {max_bytes}-byte limit")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise InputError(f"{name}:{line}: not valid UTF-8 (byte {exc.start}); save the file as UTF-8") from None
    return parse_yaml_text(text, name)


def parse_yaml_text(text: str, name: str = "<string>") -> Located:
    if "\x00" in text:
        raise InputError(f"{name}:1: file contains NUL characters; is it a binary file?")
    loader = _Loader(text)
    try:
        _reject_anchors(text)
        node = loader.get_single_node()
        if node is None:
            return Located(None, {(): 1}, name)
        lines: dict[PathKey, int] = {(): node.start_mark.line + 1}
        data = _build(loader, node, (), lines, name)
        return Located(data, lines, name)
    except InputError:
        raise
    except _AnchorFound as exc:
        raise InputError(
            f"{name}:{exc.line}: YAML anchors and aliases (&, *) are not allowed; write the values out"
        ) from None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        problem = exc.problem or exc.context or "invalid YAML"
        at_end = mark is not None and mark.index >= len(text.rstrip())
        if at_end and exc.context_mark is not None:
            mark = exc.context_mark  # an unclosed bracket or quote: point at where it opened
            problem += f" ({exc.context})" if exc.context else ""
        line = mark.line + 1 if mark is not None else 1
        raise InputError(f"{name}:{line}: YAML syntax error: {problem}") from None
    except yaml.YAMLError as exc:
        raise InputError(f"{name}:1: YAML error: {exc}") from None
    finally:
        loader.dispose()


def _build(loader: yaml.SafeLoader, node: Node, path: PathKey, lines: dict[PathKey, int], name: str) -> Any:
    if isinstance(node, ScalarNode):
        return loader.construct_object(node, deep=True)
    if node.tag not in (_SEQ, _MAP) and not isinstance(node, ScalarNode):
        raise InputError(f"{name}:{node.start_mark.line + 1}: YAML tag {node.tag!r} is not allowed")
    if isinstance(node, SequenceNode):
        items = []
        for index, child in enumerate(node.value):
            lines[(*path, index)] = child.start_mark.line + 1
            items.append(_build(loader, child, (*path, index), lines, name))
        return items
    if isinstance(node, MappingNode):
        result: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            line = key_node.start_mark.line + 1
            if not isinstance(key_node, ScalarNode):
                raise InputError(f"{name}:{line}: mapping keys must be plain values")
            if key_node.tag == "tag:yaml.org,2002:merge":
                raise InputError(f"{name}:{line}: YAML merge keys ('<<') are not allowed")
            key = loader.construct_object(key_node)
            if isinstance(key, bool | int | float) or key is None:
                key = key_node.value
            if key in result:
                raise InputError(f"{name}:{line}: {key}: duplicate key")
            lines[(*path, key)] = line
            result[key] = _build(loader, value_node, (*path, key), lines, name)
        return result
    raise InputError(f"{name}:{node.start_mark.line + 1}: unsupported YAML node")  # pragma: no cover
