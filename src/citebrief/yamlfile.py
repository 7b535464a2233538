"""Read a YAML file strictly, keeping the line and column of every value."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from .errors import Location, Problem

MAX_FILE_BYTES = 4 * 1024 * 1024

Path_ = tuple[str | int, ...]


@dataclass
class YamlDocument:
    """The data of one YAML file, with the location of every mapping key and list item."""

    data: Any
    locations: dict[Path_, Location] = field(default_factory=dict)

    def location(self, path: Path_) -> Location:
        """Where the value at a path (or its closest enclosing value) was written."""
        while path not in self.locations and path:
            path = path[:-1]
        return self.locations[path]



def read_text(path: Path, rel: str, limit: int = MAX_FILE_BYTES) -> tuple[str | None, list[Problem]]:
    """Read a file as strict UTF-8 within a size limit, reporting why it cannot be read."""
    where = Location(rel)
    try:
        size = path.stat().st_size
        if size > limit:
            return None, [Problem.at(where, "file-too-large", f"file is {size} bytes; the limit is {limit}")]
        raw = path.read_bytes()
    except FileNotFoundError:
        return None, [Problem.at(where, "file-missing", "file does not exist")]
    except OSError as exc:
        return None, [Problem.at(where, "file-unreadable", f"cannot read file: {exc.strerror or exc}")]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        column = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        return None, [
            Problem.at(
                Location(rel, line, column),
                "not-utf8",
                f"file is not valid UTF-8 (byte 0x{raw[exc.start]:02x} at offset {exc.start})",
            )
        ]
    return text.removeprefix("\ufeff"), []


def parse_yaml(text: str, rel: str) -> tuple[YamlDocument | None, list[Problem]]:
    """Parse YAML text with locations; refuse aliases and duplicate keys."""
    if not text.strip() or all(line.lstrip().startswith("#") or not line.strip() for line in text.splitlines()):
        return None, [Problem.at(Location(rel), "empty-file", "file holds no records")]
    # libyaml's parser where PyYAML has it: the same nodes and marks, many times faster.
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)(text)
    try:
        node = loader.get_single_node()
    except yaml.MarkedYAMLError as exc:
        return None, [_syntax_problem(exc, rel, text)]
    except yaml.YAMLError as exc:
        return None, [Problem.at(Location(rel), "yaml-syntax", str(exc))]
    finally:
        loader.dispose()
    if node is None:
        return None, [Problem.at(Location(rel), "empty-file", "file holds no records")]
    doc = YamlDocument(None)
    problems: list[Problem] = []
    doc.data = _convert(node, (), rel, doc, problems, set())
    if problems:
        return None, problems
    return doc, []


def _syntax_problem(exc: yaml.MarkedYAMLError, rel: str, text: str) -> Problem:
    # Where a construct never ends (an unclosed quote), its start is the useful place to point at.
    ends_early = "end of stream" in (exc.problem or "")
    mark = (exc.context_mark if ends_early else None) or exc.problem_mark or exc.context_mark
    where = Location(rel, mark.line + 1, mark.column + 1) if mark else Location(rel)
    problem = exc.problem or "invalid YAML"
    lines = text.splitlines()
    if mark and mark.line < len(lines):
        line = lines[mark.line]
        if "\t" in line[: len(line) - len(line.lstrip())]:
            return Problem.at(Location(rel, mark.line + 1, 1), "yaml-tab",
                              "a tab is used for indentation; YAML indents with spaces")
    if ends_early and "quoted scalar" in (exc.context or ""):
        return Problem.at(where, "yaml-syntax", "a quoted value starts here and is never closed")
    context = f" ({exc.context})" if exc.context else ""
    return Problem.at(where, "yaml-syntax", f"{problem}{context}")


def _where(node: yaml.Node, rel: str) -> Location:
    return Location(rel, node.start_mark.line + 1, node.start_mark.column + 1)


def _convert(
    node: yaml.Node, path: Path_, rel: str, doc: YamlDocument, problems: list[Problem], seen: set[int]
) -> Any:
    # An alias is the same node object met twice; refusing it keeps alias bombs out.
    if id(node) in seen:
        problems.append(
            Problem.at(_where(node, rel), "yaml-alias", "YAML aliases (*name) are not allowed in project files")
        )
        return None
    seen.add(id(node))
    doc.locations.setdefault(path, _where(node, rel))
    if isinstance(node, yaml.MappingNode):
        result: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                problems.append(Problem.at(_where(key_node, rel), "yaml-syntax", "a key must be a plain value"))
                continue
            key = key_node.value
            if key == "<<":
                problems.append(Problem.at(_where(key_node, rel), "yaml-alias", "YAML merge keys (<<) are not allowed"))
                continue
            if key in result:
                first = doc.locations[path + (key,)]
                problems.append(
                    Problem.at(
                        _where(key_node, rel),
                        "yaml-duplicate-key",
                        f"key '{key}' appears twice in one mapping (first at line {first.line})",
                    )
                )
                continue
            doc.locations[path + (key,)] = _where(key_node, rel)
            result[key] = _convert(value_node, path + (key,), rel, doc, problems, seen)
        return result
    if isinstance(node, yaml.SequenceNode):
        return [
            _convert(item, path + (i,), rel, doc, problems, seen) for i, item in enumerate(node.value)
        ]
    try:
        return yaml.constructor.SafeConstructor().construct_object(node)
    except yaml.YAMLError as exc:
        problems.append(Problem.at(_where(node, rel), "yaml-syntax", str(exc).splitlines()[0]))
        return None
