"""The brief's content as data: every verified record, its hash, and its sources as CSL-JSON."""

from __future__ import annotations

import hashlib
import json
from typing import Any

from .models import Project, Settings, Source

RECORDS_VERSION = 1
# What the brief says and how it is titled; never how it is delivered ([send], [publish]), which would
# put the mailing list and the signing key's path inside every copy (issue #15).
CONTENT_SETTINGS = ("title", "subtitle", "author", "language", "as_of", "subject", "keywords")


def content_settings(settings: Settings) -> dict[str, Any]:
    """Keep the settings the brief's content is made of, and drop every delivery setting."""
    return settings.model_dump(mode="json", include=set(CONTENT_SETTINGS))


def content_records(project: Project, seed_hashes: dict[str, str]) -> dict[str, Any]:
    """Gather every record the brief is made from, each source with its file's SHA-256."""
    return {
        "format": f"citebrief-records/{RECORDS_VERSION}",
        "settings": content_settings(project.settings),
        "sources": [dict(s.model_dump(mode="json"), sha256=seed_hashes.get(s.id)) for s in project.sources],
        "facts": [f.model_dump(mode="json") for f in project.facts],
        "judgments": [j.model_dump(mode="json") for j in project.judgments],
        "disagreements": [d.model_dump(mode="json") for d in project.disagreements],
    }


def canonical(value: Any) -> bytes:
    """Serialise a value the same way every time, for hashing."""
    return json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode()


def content_hash(records: dict[str, Any]) -> str:
    """Hash the records: the identity of the brief's content."""
    return hashlib.sha256(canonical(records)).hexdigest()


def csl_item(source: Source) -> dict[str, Any]:
    """Describe a source as a CSL-JSON item, as Zotero and pandoc read it."""
    newspaper = source.kind in (None, "original", "opinion") and source.publisher
    item: dict[str, Any] = {"id": source.id, "type": "article-newspaper" if newspaper else "article"}
    if source.title:
        item["title"] = source.title
    if source.publisher:
        item["container-title"] = source.publisher
        item["publisher"] = source.publisher
    if source.published:
        date = source.published
        item["issued"] = {"date-parts": [[date.year, date.month, date.day]]}
    if source.kind and source.kind != "original":
        item["genre"] = source.kind
    if source.note:
        item["note"] = source.note
    if source.url:
        item["URL"] = source.url
    if source.accessed:
        item["accessed"] = {"date-parts": [[source.accessed.year, source.accessed.month, source.accessed.day]]}
    return item


def csl_json(sources: list[Source]) -> list[dict[str, Any]]:
    """Describe every source as CSL-JSON."""
    return [csl_item(source) for source in sources]
