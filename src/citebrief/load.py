"""Load a brief project: settings, source records and fact records, each with its location."""

from __future__ import annotations

import functools
import re
import tomllib
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from .errors import Location, Problem, clip, did_you_mean
from .layout import FACTS_DIR, SETTINGS_FILE
from .markup import hidden_characters
from .models import Disagreement, Fact, Judgment, Project, Record, Settings, Source
from .yamlfile import YamlDocument, parse_yaml, read_text

SOURCES_FILE = f"{FACTS_DIR}/sources.yaml"
JUDGMENTS_FILE = f"{FACTS_DIR}/judgments.yaml"
DISAGREEMENTS_FILE = f"{FACTS_DIR}/disagreements.yaml"
RECORD_FILES = {SOURCES_FILE, JUDGMENTS_FILE, DISAGREEMENTS_FILE}

R = TypeVar("R", bound=Record)


def load_project(root: Path) -> tuple[Project, list[Problem]]:
    """Read settings, sources, facts, judgments and disagreements, reporting every problem in every file."""
    settings, problems = load_settings(root)
    sources, source_problems, unread = _load_sources(root)
    facts, fact_problems, unread_facts = _load_facts(root)
    judgments, judgment_problems = load_optional_list(root, JUDGMENTS_FILE, Judgment)
    disagreements, disagreement_problems = load_optional_list(root, DISAGREEMENTS_FILE, Disagreement)
    project = Project(root, settings, sources, facts, judgments, disagreements, unread, unread_facts)
    return project, problems + source_problems + fact_problems + judgment_problems + disagreement_problems


def load_settings(root: Path) -> tuple[Settings, list[Problem]]:
    """Read citebrief.toml if the project has one."""
    path = root / SETTINGS_FILE
    if not path.exists():
        return Settings(), []
    text, problems = _read_inside(root, SETTINGS_FILE)
    if text is None:
        return Settings(), problems
    return parse_settings(text)


def parse_settings(text: str) -> tuple[Settings, list[Problem]]:
    """Parse and check the text of citebrief.toml."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        match = re.search(r"at line (\d+), column (\d+)", str(exc))
        where = Location(SETTINGS_FILE, *map(int, match.groups())) if match else Location(SETTINGS_FILE)
        return Settings(), [Problem.at(where, "toml-syntax", str(exc))]
    problems = [Problem.at(_toml_location(text, loc), code, message) for code, message, loc in _setting_problems(data)]
    try:
        settings = Settings.model_validate(data)
    except ValidationError as exc:
        return Settings(), problems + [
            Problem.at(_toml_location(text, loc), code, message) for code, message, loc in _explain(exc, Settings)
        ]
    return (Settings(), problems) if problems else (settings, [])


def _setting_problems(data: dict) -> list[tuple[str, str, tuple]]:
    """Refuse what no setting may hold (control and format characters, line breaks) and malformed mail addresses.

    Settings reach the PDF's XMP, the feed, the HTML and mail headers, where such characters break the
    format or inject a header.
    """
    problems = []
    for loc, text in _setting_texts(data):
        name = ".".join(map(str, loc))
        problems += [("hidden-character", f"{name}: {message}", loc) for message in hidden_characters(text)]
        if "\n" in text or "\r" in text:
            problems.append(("hidden-character", f"{name}: a setting is one line; remove the line break", loc))
    mail = data.get("send")
    if isinstance(mail, dict):
        recipients = mail.get("to")
        addresses = [(("send", "from"), mail["from"])] if isinstance(mail.get("from"), str) else []
        if isinstance(recipients, list):
            addresses += [(("send", "to", i), r) for i, r in enumerate(recipients) if isinstance(r, str)]
        for loc, address in addresses:
            message = address_problem(address)
            if message:
                problems.append(("invalid-address", f"{'.'.join(map(str, loc))}: {message}", loc))
    return problems


def address_problem(text: str) -> str | None:
    """Say what is wrong with a setting meant to hold one mail address, or None if it holds one."""
    import email.errors  # only a project that mails its brief names addresses
    import email.headerregistry
    import email.utils

    if any(char in text for char in "\r\n"):
        return None  # reported as a line break
    found = email.utils.getaddresses([text])
    if len(found) != 1:
        return f"{clip(repr(text))} holds {len(found)} addresses; write one address per entry"
    try:
        email.headerregistry.Address(addr_spec=found[0][1])
    except (ValueError, IndexError, email.errors.HeaderParseError):
        return f"{clip(repr(text))} is not a mail address (name@example.org)"
    if not found[0][1] or "@" not in found[0][1] or " " in found[0][1]:
        return f"{clip(repr(text))} is not a mail address (name@example.org)"
    return None


def _setting_texts(value: Any, loc: tuple = ()) -> list[tuple[tuple, str]]:
    """Every string in the settings, keys included, with where it stands."""
    if isinstance(value, str):
        return [(loc, value)]
    if isinstance(value, list):
        return [found for i, item in enumerate(value) for found in _setting_texts(item, loc + (i,))]
    if isinstance(value, dict):
        return [found for key, item in value.items() for found in [(loc + (key,), key)] + _setting_texts(item, loc + (key,))]
    return []


def _toml_location(text: str, loc: tuple) -> Location:
    """Where a setting is written: the line of its key, or of its [table]; TOML's parser keeps no positions."""
    where, start = Location(SETTINGS_FILE), 0
    for part in (str(part) for part in loc if not isinstance(part, int)):
        key = re.escape(part)
        pattern = rf'^([ \t]*)(?:{key}|"{key}"|\[[ \t]*(?:[\w."-]+\.)?{key}[ \t]*\])[ \t]*(?:=|$)'
        found = re.compile(pattern, re.M).search(text, start)
        if not found:
            break
        where, start = Location(SETTINGS_FILE, text.count("\n", 0, found.start()) + 1, len(found.group(1)) + 1), found.end()
    return where


def load_sources(root: Path) -> tuple[list[Source], list[Problem]]:
    """Read the source records from facts/sources.yaml."""
    sources, problems, _ = _load_sources(root)
    return sources, problems


def _load_sources(root: Path) -> tuple[list[Source], list[Problem], set[str] | None]:
    """Read the source records, and the ids of those that could not be read (None: the whole file)."""
    doc, problems = _read_yaml(root, SOURCES_FILE)
    if doc is None:
        return [], problems, None
    if not isinstance(doc.data, dict) or not isinstance(doc.data.get("sources"), list):
        return [], [Problem.at(doc.location(()), "invalid-structure", "expected a mapping with a 'sources' list")], None
    unexpected = [key for key in doc.data if key != "sources"]
    problems = [
        Problem.at(doc.location((key,)), "unknown-field", f"unknown top-level key '{key}'") for key in unexpected
    ]
    sources, record_problems = _records(doc, SOURCES_FILE, ("sources",), Source)
    read = {source.id for source in sources}
    unread = {
        item["id"] for item in doc.data["sources"]
        if isinstance(item, dict) and isinstance(item.get("id"), str) and item["id"] not in read
    }
    return sources, problems + record_problems, unread


def load_optional_list(root: Path, rel: str, model: type[R]) -> tuple[list[R], list[Problem]]:
    """Read a file holding a list of records of one kind, if the project has it."""
    if not (root / rel).exists():
        return [], []
    doc, problems = _read_yaml(root, rel)
    if doc is None:
        return [], problems
    if not isinstance(doc.data, list):
        return [], [Problem.at(doc.location(()), "invalid-structure", f"expected a list of {model.__name__.lower()} records")]
    return _records(doc, rel, (), model)


def load_facts(root: Path) -> tuple[list[Fact], list[Problem]]:
    """Read the fact records from every other *.yaml file under facts/."""
    facts, problems, _ = _load_facts(root)
    return facts, problems


# A record's id as written, found without YAML in a file YAML could not read.
_WRITTEN_ID = re.compile(r"""^\s*-\s+id:\s*["']?([^\s"'#]+)""", re.M)


def _load_facts(root: Path) -> tuple[list[Fact], list[Problem], dict[str, str]]:
    """Read the fact records; also name the facts written in files or records that could not be read, by file."""
    facts_dir = root / FACTS_DIR
    if not facts_dir.is_dir():
        return [], [Problem.at(Location(FACTS_DIR), "file-missing", f"the project has no {FACTS_DIR}/ folder")], {}
    facts: list[Fact] = []
    problems: list[Problem] = []
    unread: dict[str, str] = {}
    for path in sorted(facts_dir.rglob("*.yaml")):
        rel = path.relative_to(root).as_posix()
        if rel in RECORD_FILES:
            continue
        text, file_problems = _read_inside(root, rel)
        doc, parse_problems = parse_yaml(text, rel) if text is not None else (None, [])
        problems += file_problems + parse_problems
        if doc is None or not isinstance(doc.data, list):
            unread.update(dict.fromkeys(_WRITTEN_ID.findall(text or ""), rel))
        if doc is None:
            continue
        if not isinstance(doc.data, list):
            problems.append(Problem.at(doc.location(()), "invalid-structure", "expected a list of fact records"))
            continue
        file_facts, record_problems = _records(doc, rel, (), Fact)
        facts += file_facts
        problems += record_problems
        if len(file_facts) < len(doc.data):  # some records could not be read
            read = {fact.id for fact in file_facts}
            unread.update({item["id"]: rel for item in doc.data if isinstance(item, dict)
                           and isinstance(item.get("id"), str) and item["id"] not in read})
    return facts, problems, unread


def _read_yaml(root: Path, rel: str) -> tuple[YamlDocument | None, list[Problem]]:
    text, problems = _read_inside(root, rel)
    if text is None:
        return None, problems
    return parse_yaml(text, rel)


def _read_inside(root: Path, rel: str) -> tuple[str | None, list[Problem]]:
    """Read a project file, refusing one that is a link to a file outside the project."""
    path = root / rel
    try:
        inside = path.resolve().is_relative_to(root.resolve())
    except (OSError, RuntimeError):  # a loop of links
        inside = False
    if not inside:
        return None, [Problem.at(Location(rel), "file-unreadable",
                                 "file is a link to a file outside the project; citebrief reads nothing outside it")]
    return read_text(path, rel)


def _records(doc: YamlDocument, rel: str, prefix: tuple, model: type[R]) -> tuple[list[R], list[Problem]]:
    """Validate each item of a list as a record, attaching its locations."""
    records: list[R] = []
    problems: list[Problem] = []
    items = doc.data
    for key in prefix:
        items = items[key]
    for index, item in enumerate(items):
        path = prefix + (index,)
        if not isinstance(item, dict):
            problems.append(Problem.at(doc.location(path), "invalid-structure", "expected a mapping (key: value)"))
            continue
        try:
            record = model.model_validate(item)
        except ValidationError as exc:
            record_id = clip(item["id"]) if isinstance(item.get("id"), str) else None
            for code, message, loc in _explain(exc, model):
                problems.append(Problem.at(doc.location(path + loc), code, message, record_id))
            continue
        _place(record, doc, path)
        records.append(record)
    return records, problems


def _place(record: Record, doc: YamlDocument, path: tuple) -> None:
    """Attach file locations to a record and to every record nested in its lists."""
    record.place(doc.locations, path)
    for name in _record_lists(type(record)):
        for i, item in enumerate(getattr(record, name)):
            _place(item, doc, path + (name, i))


@functools.cache
def _record_lists(model: type[Record]) -> tuple[str, ...]:
    """The fields of a model that hold lists of records (a fact's citations, a disagreement's positions)."""
    names = []
    for name, info in model.model_fields.items():
        inner = getattr(info.annotation, "__args__", ())
        holds_records = inner and isinstance(inner[0], type) and issubclass(inner[0], Record)
        if getattr(info.annotation, "__origin__", None) is list and holds_records:
            names.append(name)
    return tuple(names)


def _explain(exc: ValidationError, model: type[BaseModel]) -> list[tuple[str, str, tuple]]:
    """Turn pydantic's errors into (code, message, location path) triples an analyst can act on."""
    explained = []
    for error in exc.errors():
        loc = tuple(error["loc"])
        name = ".".join(str(part) for part in loc)
        kind = error["type"]
        if kind == "extra_forbidden":
            field = str(loc[-1])
            hint = did_you_mean(field, _fields_at(model, loc[:-1]))
            explained.append(("unknown-field", f"unknown field '{clip(field)}'{hint}", loc))
        elif kind == "missing":
            explained.append(("missing-field", f"missing field '{name}'", loc[:-1]))
        elif loc == ("section",):
            choices = ", ".join(Fact.model_fields["section"].annotation.__args__)
            explained.append(
                ("unknown-section", f"unknown section {clip(repr(error['input']))}; expected one of {choices}", loc)
            )
        elif kind == "acknowledge_without_reason":
            explained.append(("acknowledge-without-reason", error["msg"], loc))
        else:
            explained.append(("invalid-value", f"{name}: {error['msg']}", loc))
    return explained


def _fields_at(model: type[BaseModel], loc: tuple) -> list[str]:
    """The field names allowed at a location inside a model, for spelling hints."""
    current: Any = model
    for part in loc:
        if isinstance(part, int):
            continue
        field = current.model_fields.get(part) if hasattr(current, "model_fields") else None
        if field is None:
            return []
        annotation = field.annotation
        inner = getattr(annotation, "__args__", None)
        current = inner[0] if inner else annotation
    return list(getattr(current, "model_fields", {}))


