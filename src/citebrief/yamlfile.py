"""Read a YAML file strictly, keeping the line and column of every value."""

from __future__ import annotations

import re
import stat
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from .collector import paused
from .errors import Location, Problem, clip

MAX_FILE_BYTES = 4 * 1024 * 1024
# Project files need five or six levels; a limit far below Python's recursion limit keeps every later
# stage safe from a file of ten thousand nested brackets.
MAX_DEPTH = 32

Path_ = tuple[str | int, ...]

# libyaml's parser where PyYAML has it: the same events and marks, many times faster.
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_CORE = "tag:yaml.org,2002:"
_STR = _CORE + "str"
# The tags of plain data; any other (!!python/…, !!binary, a custom !tag) is refused by name.
_SCALAR_TAGS = {_CORE + name for name in ("str", "int", "float", "bool", "null", "timestamp")}
_COLLECTION_TAGS = {None, "!", _CORE + "seq", _CORE + "map"}
# What YAML may not contain, to point at the character a reader error names.
_UNPRINTABLE = re.compile("[^\x09\x0a\x0d\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


class Locations(Mapping[Path_, Location]):
    """Where each value of one file was written; a Location is made only when one is asked for."""

    def __init__(self, rel: str):
        self.rel = rel
        # The parser's own marks (0-based line and column), kept as they come: one object fewer per value.
        self.marks: dict[Path_, Any] = {}

    def __getitem__(self, path: Path_) -> Location:
        mark = self.marks[path]
        return Location(self.rel, mark.line + 1, mark.column + 1)

    def __contains__(self, path: object) -> bool:
        return path in self.marks

    def __iter__(self) -> Iterator[Path_]:
        return iter(self.marks)

    def __len__(self) -> int:
        return len(self.marks)


@dataclass
class YamlDocument:
    """The data of one YAML file, with the location of every mapping key and list item."""

    data: Any
    locations: Locations

    def location(self, path: Path_) -> Location:
        """Where the value at a path (or its closest enclosing value) was written."""
        while path not in self.locations and path:
            path = path[:-1]
        return self.locations[path]


def read_text(path: Path, rel: str, limit: int = MAX_FILE_BYTES) -> tuple[str | None, list[Problem]]:
    """Read a file as strict UTF-8 within a size limit, reporting why it cannot be read."""
    where = Location(rel)
    try:
        status = path.stat()
        if not stat.S_ISREG(status.st_mode):
            # A pipe or a device would block or never end; a folder has no text.
            kind = "a folder" if stat.S_ISDIR(status.st_mode) else "a pipe or device"
            return None, [Problem.at(where, "file-unreadable", f"cannot read file: it is {kind}, not a file")]
        size = status.st_size
        if size > limit:
            return None, [Problem.at(where, "file-too-large", f"file is {size} bytes; the limit is {limit}")]
        raw = path.read_bytes()
    except FileNotFoundError:
        return None, [Problem.at(where, "file-missing", "file does not exist")]
    except OSError as exc:
        return None, [Problem.at(where, "file-unreadable", f"cannot read file: {exc.strerror or exc}")]
    if len(raw) > limit:  # grew since stat(), or a device that reports no size
        return None, [Problem.at(where, "file-too-large", f"file is over {limit} bytes; the limit is {limit}")]
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


# A character that is not white space (str.isspace), and a line break as str.splitlines() reads one.
_VISIBLE = re.compile(r"\S")
_LINE_BREAK = re.compile("[\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029]")


def _only_comments(text: str) -> bool:
    """Tell whether every line of the text is blank or a comment, reading on only to the first that is not."""
    start = 0
    while (visible := _VISIBLE.search(text, start)) is not None:
        if visible.group() != "#":
            return False
        end = _LINE_BREAK.search(text, visible.end())
        if end is None:
            return True
        start = end.end()
    return True


def parse_yaml(text: str, rel: str) -> tuple[YamlDocument | None, list[Problem]]:
    """Parse YAML text with locations; refuse aliases, duplicate keys and deep nesting."""
    if _only_comments(text):
        return None, [Problem.at(Location(rel), "empty-file", "file holds no records")]
    loader = None
    try:
        loader = _LOADER(text)  # PyYAML's own reader checks the characters here, as it is made
        with paused():  # many small objects, none of them garbage
            return _build(loader, rel)
    except yaml.MarkedYAMLError as exc:
        return None, [_syntax_problem(exc, rel, text)]
    except yaml.reader.ReaderError as exc:
        return None, [_reader_problem(exc, rel, text)]
    except yaml.YAMLError as exc:
        return None, [Problem.at(Location(rel), "yaml-syntax", str(exc).splitlines()[0])]
    finally:
        if loader is not None:
            loader.dispose()


_SKIP = object()
# PyYAML's implicit resolvers by first character: what a plain scalar may read as besides a string.
_RESOLVERS = _LOADER.yaml_implicit_resolvers
assert None not in _RESOLVERS  # no resolver for every first character, which _resolves would miss


def _resolves(text: str) -> bool:
    """Tell whether a plain scalar with a resolvable first character reads as something other than a string."""
    for _, pattern in _RESOLVERS[text[0]]:
        if pattern.match(text):
            return True
    return False


def _build(loader: Any, rel: str) -> tuple[YamlDocument | None, list[Problem]]:
    """Build the data from the parser's events, without recursion and without expanding any alias."""
    locations = Locations(rel)
    marks = locations.marks
    problems: list[Problem] = []
    aliases: list[yaml.Event] = []
    # The open mappings and lists, outermost first, as (value, path, is_map); the innermost is also
    # kept in locals, with `key`: in a mapping, the key whose value comes next, None before a key, or _SKIP.
    stack: list[tuple[dict | list, Path_, bool]] = []
    container: Any = None
    base: Path_ = ()
    in_map = False
    key: Any = None
    root: Any = None
    skipping = 0  # depth inside a value that is left out (a complex key, a repeated key and its value)
    documents = 0
    next_event = loader.get_event
    Scalar, MappingStart, SequenceStart, Alias = (
        yaml.ScalarEvent, yaml.MappingStartEvent, yaml.SequenceStartEvent, yaml.AliasEvent)
    MappingEnd, SequenceEnd = yaml.MappingEndEvent, yaml.SequenceEndEvent
    resolvers = _RESOLVERS
    while True:
        event = next_event()
        kind = type(event)
        if skipping:
            skipping += 1 if kind is MappingStart or kind is SequenceStart else (
                -1 if kind is MappingEnd or kind is SequenceEnd else 0)
            continue
        if kind is Scalar and in_map:
            if key is None:  # a key, the most common event
                key = event.value
                mark = event.start_mark
                if key == "<<":
                    problems.append(Problem.at(Location(rel, mark.line + 1, mark.column + 1), "yaml-alias",
                                               "YAML merge keys (<<) are not allowed"))
                    key = _SKIP
                elif key in container:
                    first = marks[base + (key,)].line + 1
                    problems.append(Problem.at(Location(rel, mark.line + 1, mark.column + 1), "yaml-duplicate-key",
                                               f"key '{key}' appears twice in one mapping (first at line {first})"))
                    key = _SKIP
                else:
                    marks[base + (key,)] = mark
                continue
            if key is not _SKIP:  # a key's scalar value, the next most common
                text = event.value
                if event.tag is not None or (event.implicit[0] and (
                        not text or text[0] in resolvers and _resolves(text))):
                    mark = event.start_mark
                    text = _scalar(event, loader, rel, (mark.line + 1, mark.column + 1), problems)
                container[key] = text  # its location is its key's
                key = None
                continue
        if kind is MappingEnd or kind is SequenceEnd:
            stack.pop()
            if stack:
                container, base, in_map = stack[-1]
            else:
                container, base, in_map = None, (), False
            key = None
            continue
        if kind is not Scalar and kind is not Alias and kind is not MappingStart and kind is not SequenceStart:
            if kind is yaml.DocumentStartEvent:
                documents += 1
                if documents > 1:
                    mark = event.start_mark
                    problems.append(Problem.at(Location(rel, mark.line + 1, mark.column + 1), "yaml-syntax",
                                               "a second YAML document starts here; a project file holds one"))
                    return None, problems
            elif kind is yaml.StreamEndEvent:
                break
            continue  # the stream's and documents' other events

        mark = event.start_mark
        where = (mark.line + 1, mark.column + 1)
        starts = kind is MappingStart or kind is SequenceStart
        if not stack:
            path: Path_ = ()
            marks[path] = mark
        elif in_map:
            if key is None:  # a key that is not a plain value
                key = _SKIP
                if kind is Alias:
                    aliases.append(event)
                else:
                    problems.append(Problem.at(Location(rel, *where), "yaml-syntax", "a key must be a plain value"))
                    skipping = 1
                continue
            if key is _SKIP:
                key = None
                skipping = 1 if starts else 0
                continue
            path = base + (key,)  # its location is its key's
        else:
            path = base + (len(container),)
            marks[path] = mark

        if kind is Scalar:
            value = _scalar(event, loader, rel, where, problems)
        elif kind is Alias:
            aliases.append(event)
            value = None
        elif event.tag not in _COLLECTION_TAGS:
            problems.append(_tag_problem(event.tag, rel, where))
            value, starts, skipping = None, False, 1
        elif len(stack) >= MAX_DEPTH:
            problems.append(
                Problem.at(Location(rel, *where), "invalid-structure",
                           f"values are nested more than {MAX_DEPTH} levels deep; project files need only a few")
            )
            return None, problems
        else:
            value = {} if kind is MappingStart else []

        if not stack:
            root = value
        elif in_map:
            container[key] = value
            key = None
        else:
            container.append(value)
        if starts:
            container, base, in_map = value, path, kind is MappingStart
            stack.append((container, base, in_map))

    if aliases:
        first_alias = aliases[0].start_mark
        more = f"; this file has {len(aliases)}" if len(aliases) > 1 else ""
        problems.append(
            Problem.at(Location(rel, first_alias.line + 1, first_alias.column + 1), "yaml-alias",
                       f"YAML aliases (*name) are not allowed in project files{more}")
        )
    if not marks:
        return None, [Problem.at(Location(rel), "empty-file", "file holds no records")]
    if problems:
        return None, problems
    return YamlDocument(root, locations), []


def _scalar(event: yaml.ScalarEvent, loader: Any, rel: str, where: tuple[int, int], problems: list[Problem]) -> Any:
    """Make a scalar's value: a string, unless it is plain and reads as a number, date, boolean or null."""
    tag = event.tag
    explicit = tag is not None and tag != "!"
    if not explicit:
        implicit = event.implicit
        if not implicit[0]:
            return event.value  # quoted: always a string
        tag = loader.resolve(yaml.ScalarNode, event.value, implicit)
    if tag == _STR:
        return event.value
    if tag not in _SCALAR_TAGS:
        problems.append(_tag_problem(tag, rel, where))
        return None
    node = yaml.ScalarNode(tag, event.value, event.start_mark, event.end_mark, event.style)
    try:
        return yaml.constructor.SafeConstructor().construct_object(node)
    except Exception:  # noqa: BLE001 — a constructor failing on its input, e.g. 2025-13-45
        if not explicit:
            # Read as YAML 1.2 would: text that only looks like a date or number stays text, and the
            # record's own validation says what is wrong with it, naming the field.
            return event.value
        problems.append(Problem.at(Location(rel, *where), "yaml-syntax",
                                   f"{clip(event.value)!r} is not a valid {_short(tag)}"))
    return None


def _tag_problem(tag: str, rel: str, where: tuple[int, int]) -> Problem:
    return Problem.at(Location(rel, *where), "yaml-syntax",
                      f"the tag '{clip(_short(tag))}' is not allowed in project files")


def _short(tag: str) -> str:
    return tag.replace(_CORE, "!!")



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
    opened = _unclosed_quote(text, mark) if mark else None
    if opened is not None:
        return Problem.at(Location(rel, opened.line + 1, opened.column + 1), "yaml-syntax",
                          f"a quoted value starts here and is not closed on its line; YAML read on to the next "
                          f"quote mark and then failed at line {mark.line + 1}")
    context = f" ({exc.context})" if exc.context else ""
    return Problem.at(where, "yaml-syntax", f"{problem}{context}")


def _unclosed_quote(text: str, failed: yaml.Mark) -> yaml.Mark | None:
    """Where a quoted value that ran past its line began, if one ended just before the place YAML failed.

    An unclosed quote swallows the following lines up to the next quote mark, and YAML fails only
    there: the line that opened the quote is where the mistake is. (Project files never need a quoted
    value that spans lines.)
    """
    last = None
    try:
        for token in yaml.scan(text, Loader=_LOADER):
            if token.start_mark.index >= failed.index:
                break
            if isinstance(token, yaml.ScalarToken) and token.style in ('"', "'"):
                last = token
    except yaml.YAMLError:
        pass  # the scan fails where the parse did, or earlier; the tokens before it are what counts
    if last is None or last.start_mark.line == last.end_mark.line or failed.line - last.end_mark.line > 1:
        return None
    return last.start_mark


def _reader_problem(exc: yaml.reader.ReaderError, rel: str, text: str) -> Problem:
    """Point at the character YAML refuses (a control character), by line and column."""
    found = _UNPRINTABLE.search(text)
    if found is None:
        return Problem.at(Location(rel), "yaml-syntax", str(exc).splitlines()[0])
    line = text.count("\n", 0, found.start()) + 1
    column = found.start() - (text.rfind("\n", 0, found.start()) + 1) + 1
    return Problem.at(Location(rel, line, column), "yaml-syntax",
                      f"character U+{ord(found.group()):04X} is not allowed in YAML; remove it")
