"""Add a document to a project: copy it into seeds/ and register it in facts/sources.yaml.

The sources file is edited as text — the new record is inserted after the last one — so that every
existing line, comment and blank line stays exactly as the analyst wrote it.
"""

from __future__ import annotations

import datetime as dt
import filecmp
import hashlib
import re
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from .errors import CitebriefError, Location, Problem, ProjectError, did_you_mean
from .extract import Retrieved, extract, media_type, retrieve_file, retrieve_url
from .fetch import is_url
from .load import SOURCES_FILE
from .models import SLUG, Source, SourceKind, slug
from .schema import SCHEMA_DIR, modeline, schema_file_name
from .seeds import MAX_SEED_BYTES, SEEDS_DIR
from .write import write_file
from .yamlfile import parse_yaml, read_text

DEFAULT_ITEM_PREFIX = "  - "


@dataclass
class AddedSource:
    """A document added to a project: its record, and where its file now stands."""

    source: Source
    seed: Path
    copied: bool
    redirects: tuple[str, ...] = ()  # for a fetched document: each address the server redirected to
    pages: int = 0  # for a PDF: how many pages its text was extracted from


def add_source(
    root: Path,
    document: Path | str,
    source_id: str | None = None,
    title: str | None = None,
    publisher: str | None = None,
    published: dt.date | None = None,
    kind: SourceKind | None = None,
) -> AddedSource:
    """Copy a document into seeds/ and add its record after the last one in facts/sources.yaml.

    A web page or a PDF (a file, or an address to fetch) is stored as retrieved, and its extracted text
    beside it is what quotes are checked against.
    """
    if isinstance(document, str) and is_url(document):
        return _add_retrieved(root, retrieve_url(document), source_id, title, publisher, published, kind)
    document = Path(document)
    retrieved = retrieve_file(document)
    if retrieved is not None:
        return _add_retrieved(root, retrieved, source_id, title, publisher, published, kind)
    text, problems = read_text(document, str(document), MAX_SEED_BYTES)
    if text is None:
        raise ProjectError(problems)
    sources_path = root / SOURCES_FILE
    old = _read_sources_file(root)
    records = _existing_records(old)

    seeds_dir = (root / SEEDS_DIR).resolve()
    resolved = document.resolve()
    name = resolved.relative_to(seeds_dir).as_posix() if resolved.is_relative_to(seeds_dir) else document.name
    for record in records:
        if record.get("file") == name:
            raise CitebriefError(f"{SEEDS_DIR}/{name} is already registered as source '{record.get('id')}'")
    seed = seeds_dir / name
    _refuse_links(root, seed, name)
    copy = seed != resolved
    if copy and seed.exists() and not filecmp.cmp(seed, resolved, shallow=False):
        raise CitebriefError(f"{SEEDS_DIR}/{name} already exists with other content; rename {document} and try again")

    fields = {
        "id": source_id or _default_id(name, title, publisher, published),
        "file": name,
        "title": _one_line(title),
        "publisher": _one_line(publisher),
        "published": published,
    }
    if kind:
        fields["kind"] = kind
    source = _validated(fields, records)
    new = _insert(old, fields)
    _check_insertion(old, new, fields)

    if copy:
        # A fresh file renamed into place: nothing is written through whatever stands at the name.
        write_file(seed, resolved.read_bytes())
    try:
        _write_atomically(sources_path, new)
    except OSError as exc:
        if copy:
            seed.unlink(missing_ok=True)
        raise CitebriefError(f"cannot write {SOURCES_FILE}: {exc.strerror or exc}") from None
    return AddedSource(source, seed, copy)


def report(added: AddedSource) -> list[str]:
    """What add-source tells the analyst: where the document went, what is citable, what to do next."""
    source = added.source
    if source.retrieved is None:
        how = "copied to" if added.copied else "already in"
        lines = [f"added source '{source.id}' ({how} seeds/{source.file}) to facts/sources.yaml",
                 "  the whole file is citable; give the source a body (start and end markers) to fence off page furniture"]
    else:
        what = f"{added.pages} pages of text" if added.pages else "the article's text"
        lines = [f"added source '{source.id}' (seeds/{source.retrieved} as retrieved, {what} in seeds/{source.file}) "
                 "to facts/sources.yaml"]
        lines += [f"  redirected to {url}" for url in added.redirects]
        lines.append(f"  only the text in seeds/{source.file} is citable; read it, correct it (or fence it with a body), "
                     f"or extract it again with: citebrief add-source --re-extract {source.id}")
        missing = [name for name in ("title", "publisher", "published") if getattr(source, name) is None]
        if missing:
            lines.append(f"  the document does not give its {', '.join(missing)}; add them to the record if you know them")
    lines.append(f"  next: citebrief suggest {source.id}")
    return lines


def _add_retrieved(
    root: Path,
    retrieved: Retrieved,
    source_id: str | None,
    title: str | None,
    publisher: str | None,
    published: dt.date | None,
    kind: SourceKind | None,
) -> AddedSource:
    """Store a page or PDF as retrieved and its extracted text beside it, and register both in one record."""
    extracted = extract(retrieved)
    sources_path = root / SOURCES_FILE
    old = _read_sources_file(root)
    records = _existing_records(old)
    seeds_dir = (root / SEEDS_DIR).resolve()
    original_name, text_name = retrieved.name, retrieved.text_name
    for record in records:
        for name in (original_name, text_name):
            if name in (record.get("file"), record.get("retrieved")):
                raise CitebriefError(f"{SEEDS_DIR}/{name} is already registered as source '{record.get('id')}'"
                                     + ("; to extract its text again, use --re-extract" if record.get("retrieved")
                                        == original_name else ""))
    for name, data in ((original_name, retrieved.data), (text_name, extracted.text.encode("utf-8"))):
        _refuse_links(root, seeds_dir / name, name)
        if (seeds_dir / name).exists() and (seeds_dir / name).read_bytes() != data:
            raise CitebriefError(f"{SEEDS_DIR}/{name} already exists with other content; "
                                 "rename the document (or give another --id) and try again")
    title = title or extracted.title
    publisher = publisher or extracted.publisher
    published = published or _date(extracted.published)
    fields: dict[str, Any] = {
        "id": source_id or _default_id(text_name, title, publisher, published),
        "file": text_name,
        "title": _one_line(title),
        "publisher": _one_line(publisher),
        "published": published,
    }
    if retrieved.url or extracted.url:
        fields["url"] = retrieved.url or extracted.url
    if retrieved.accessed:
        fields["accessed"] = retrieved.accessed
    if kind:
        fields["kind"] = kind
    fields["retrieved"] = original_name
    fields["retrieved_sha256"] = hashlib.sha256(retrieved.data).hexdigest()
    source = _validated(fields, records)
    new = _insert(old, fields)
    _check_insertion(old, new, fields)
    written = []
    try:
        for name, data in ((original_name, retrieved.data), (text_name, extracted.text.encode("utf-8"))):
            write_file(seeds_dir / name, data)
            written.append(seeds_dir / name)
        _write_atomically(sources_path, new)
    except OSError as exc:
        for path in written:
            path.unlink(missing_ok=True)
        raise CitebriefError(f"cannot write {SOURCES_FILE}: {exc.strerror or exc}") from None
    return AddedSource(source, seeds_dir / text_name, True, retrieved.redirects, extracted.pages)


def re_extract(root: Path, source_id: str) -> str:
    """Extract a registered page's or PDF's text again from the file as retrieved, replacing the text in seeds/."""
    records = _existing_records(_read_sources_file(root))
    record = next((r for r in records if r.get("id") == source_id), None)
    if record is None:
        ids = [str(r.get("id")) for r in records]
        raise CitebriefError(f"no source '{source_id}' in {SOURCES_FILE}" + did_you_mean(source_id, ids))
    original, text_name = record.get("retrieved"), record.get("file")
    if not original or not isinstance(text_name, str):
        raise CitebriefError(f"source '{source_id}' names no retrieved page or PDF; only those can be extracted again")
    seeds_dir = (root / SEEDS_DIR).resolve()
    path = seeds_dir / str(original)
    _refuse_links(root, path, str(original))
    _refuse_links(root, seeds_dir / text_name, text_name)
    if not path.is_file():
        raise CitebriefError(f"{SEEDS_DIR}/{original} does not exist; add the document again")
    data = path.read_bytes()
    if record.get("retrieved_sha256") and hashlib.sha256(data).hexdigest() != record["retrieved_sha256"]:
        raise CitebriefError(f"{SEEDS_DIR}/{original} is not the file as retrieved (its SHA-256 differs from "
                             f"retrieved_sha256 in {SOURCES_FILE}); restore it, or add the document again")
    retrieved = Retrieved(str(original), data, media_type(data, str(original)) or "text/html", record.get("url"), None)
    write_file(seeds_dir / text_name, extract(retrieved).text.encode("utf-8"))
    return f"{SEEDS_DIR}/{text_name}"


def _read_sources_file(root: Path) -> str:
    """Read the sources file, or start one when the project has none yet."""
    path = root / SOURCES_FILE
    if not path.exists():
        schema = root / SCHEMA_DIR / schema_file_name("sources")
        return (f"{modeline(SOURCES_FILE)}\n" if schema.is_file() else "") + "sources:\n"
    text, problems = read_text(path, SOURCES_FILE)
    if text is None:
        raise ProjectError(problems)
    return text


def _existing_records(text: str) -> list[dict[str, Any]]:
    """The source records already in the file, as mappings; refuse a file whose shape is wrong."""
    if not text.strip() or all(line.lstrip().startswith("#") or not line.strip() for line in text.splitlines()):
        return []
    doc, problems = parse_yaml(text, SOURCES_FILE)
    if doc is None:
        raise ProjectError(problems)
    data = doc.data
    if not isinstance(data, dict) or not isinstance(data.get("sources"), (list, type(None))):
        raise ProjectError([Problem.at(Location(SOURCES_FILE), "invalid-structure",
                                       "expected a mapping with a 'sources' list")])
    return [record for record in data.get("sources") or [] if isinstance(record, dict)]


def _validated(fields: dict[str, Any], records: list[dict[str, Any]]) -> Source:
    """Check the new record as a Source, and that its id is free."""
    if not re.match(SLUG, str(fields["id"])):
        raise CitebriefError(f"source id {fields['id']!r} is not a slug; use lower-case letters, digits and hyphens")
    if any(record.get("id") == fields["id"] for record in records):
        raise CitebriefError(f"source id '{fields['id']}' is already used in {SOURCES_FILE}; choose another with --id")
    try:
        return Source.model_validate(fields)
    except ValidationError as exc:
        first = exc.errors()[0]
        field = ".".join(str(part) for part in first["loc"])
        raise CitebriefError(f"the new source's {field}: {first['msg']}") from None


def _default_id(name: str, title: str | None, publisher: str | None, published: dt.date | None) -> str:
    """Make a source id as the shipped sources do: publisher and date, else the title, else the file name."""
    if publisher and published:
        return _source_slug(re.sub(r"^the\s+", "", publisher, flags=re.I)) + "-" + published.isoformat()
    if title:
        return _source_slug(" ".join(title.split()[:6]))
    return _source_slug(Path(name).stem)



def _source_slug(text: str) -> str:
    return slug(text, "source")


def _date(text: str | None) -> dt.date | None:
    """A YYYY-MM-DD date from a page's or PDF's metadata, where it is one."""
    try:
        return dt.date.fromisoformat(text[:10]) if text else None
    except ValueError:
        return None


def _one_line(text: str | None) -> str | None:
    return " ".join(text.split()) if text else None


def _scalar(value: Any) -> str:
    """Write one value as a YAML scalar, quoted only where YAML needs it."""
    if isinstance(value, dt.datetime):
        return value.astimezone(dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
    if isinstance(value, dt.date):
        return value.isoformat()
    dumped = yaml.safe_dump(value, allow_unicode=True, width=float("inf"))
    return dumped.removesuffix("\n...\n").rstrip("\n")


def _insert(text: str, fields: dict[str, Any]) -> str:
    """Insert the new record after the last one in the sources list, leaving every other line as it was."""
    node = yaml.compose(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader)) if text.strip() else None
    value = None
    if isinstance(node, yaml.MappingNode):
        value = next((v for k, v in node.value if k.value == "sources"), None)
    if value is None:  # no sources key yet: start the list at the end of the file
        head = text if text.endswith("\n") or not text else text + "\n"
        return head + "sources:\n" + _entry(fields, DEFAULT_ITEM_PREFIX)
    if isinstance(value, yaml.SequenceNode) and value.value and value.flow_style:
        raise CitebriefError(f"{SOURCES_FILE} writes its sources list in flow style ([...]); "
                             "write it as a block list (one '- id:' per source) and try again")
    if not isinstance(value, yaml.SequenceNode) or not value.value:
        # `sources:` or `sources: []`: the new record starts the list on the following line.
        head = text[: value.start_mark.index].rstrip(" ")
        rest = text[value.end_mark.index:]
        eol = rest.find("\n")
        line_rest, after = (rest, "") if eol < 0 else (rest[:eol], rest[eol + 1:])
        return head + line_rest.rstrip(" ") + "\n" + _entry(fields, DEFAULT_ITEM_PREFIX) + after
    items = value.value
    prefix = _item_prefix(text, items[0])
    blank = len(items) < 2 or _blank_before(text, items[1])
    end = _content_end(text, items[-1])
    eol = text.find("\n", end)
    cut = len(text) if eol < 0 else eol + 1
    head = text[:cut] if eol >= 0 else text + "\n"
    return head + ("\n" if blank else "") + _entry(fields, prefix) + text[cut:]


def _entry(fields: dict[str, Any], prefix: str) -> str:
    indent = " " * len(prefix)
    lines = [f"{prefix if i == 0 else indent}{key}: {_scalar(value)}" for i, (key, value) in enumerate(fields.items())]
    return "\n".join(lines) + "\n"


def _item_prefix(text: str, item: yaml.Node) -> str:
    """The text before a list item's first key on its line, such as '  - '."""
    line_start = text.rfind("\n", 0, item.start_mark.index) + 1
    prefix = text[line_start: item.start_mark.index]
    return prefix if re.fullmatch(r" *- +", prefix) else DEFAULT_ITEM_PREFIX


def _blank_before(text: str, item: yaml.Node) -> bool:
    """Whether a blank line stands just above a list item."""
    line_start = text.rfind("\n", 0, item.start_mark.index) + 1
    previous = text[: max(line_start - 1, 0)].rsplit("\n", 1)[-1]
    return not previous.strip()


def _content_end(text: str, node: yaml.Node) -> int:
    """The offset of the last character of a node's own text, not counting trailing blank lines."""
    while True:
        if isinstance(node, yaml.MappingNode) and node.value and not node.flow_style:
            node = node.value[-1][1]
        elif isinstance(node, yaml.SequenceNode) and node.value and not node.flow_style:
            node = node.value[-1]
        else:
            break
    end = node.end_mark.index
    while end > 0 and text[end - 1] in " \t\r\n":
        end -= 1
    return max(end - 1, 0)


def _check_insertion(old: str, new: str, fields: dict[str, Any]) -> None:
    """Make sure the edited file holds the old records unchanged and the new one last."""
    before = _existing_records(old)
    after = _existing_records(new)
    if after[:-1] != before or after[-1:] != [fields]:
        raise CitebriefError(f"could not add the source to {SOURCES_FILE} without changing it; add it by hand")


def _refuse_links(root: Path, seed: Path, name: str) -> None:
    """Refuse a seed name that is a link (dangling, to the document itself, anywhere), or a seeds/ outside the project."""
    if not (root / SEEDS_DIR).resolve().is_relative_to(root.resolve()):
        raise CitebriefError(f"{SEEDS_DIR}/ is a link to a folder outside the project; citebrief writes nothing outside it")
    if seed.is_symlink():
        target = os.readlink(seed)
        raise CitebriefError(f"{SEEDS_DIR}/{name} is a link (to {target}); citebrief does not write through links — "
                             "remove it, or add the document under another name")


def _write_atomically(path: Path, text: str) -> None:
    write_file(path, text.encode("utf-8"))
