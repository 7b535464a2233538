"""Editions of a brief: each build whose content changed is a new numbered edition, with what changed."""

from __future__ import annotations

import datetime as dt
import json
import os
from dataclasses import asdict, dataclass, field
from pathlib import Path

from .content import content_hash, content_records
from .load import Project

EDITIONS = "editions.json"


@dataclass(frozen=True)
class FactVersion:
    """A fact as one edition had it."""

    hash: str
    statement: str


@dataclass
class Edition:
    """One published state of the brief's content."""

    number: int
    date: dt.date
    content: str  # hash of every record the brief is made from
    facts: dict[str, FactVersion]
    sources: list[str]


@dataclass
class Changes:
    """What changed from one edition to the next."""

    since: int | None  # the previous edition's number; None for the first edition
    added: list[str] = field(default_factory=list)
    removed: list[tuple[str, str]] = field(default_factory=list)  # id, old statement
    changed: list[tuple[str, str, str]] = field(default_factory=list)  # id, old statement, new statement
    sources_added: list[str] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        """Whether no fact or source was added, removed or changed."""
        return not (self.added or self.removed or self.changed or self.sources_added)


def read_editions(out_dir: Path) -> list[Edition]:
    """Read the editions recorded in an output folder, oldest first."""
    try:
        data = json.loads((out_dir / EDITIONS).read_text(encoding="utf-8"))
        return [
            Edition(
                e["number"], dt.date.fromisoformat(e["date"]), e["content"],
                {i: FactVersion(**v) for i, v in e["facts"].items()}, list(e["sources"]),
            )
            for e in data["editions"]
        ]
    except (OSError, ValueError, KeyError, TypeError):
        return []


def editions_bytes(editions: list[Edition]) -> bytes:
    """Serialise the editions record."""
    data = {"editions": [
        {**asdict(e), "date": e.date.isoformat(), "facts": {i: asdict(v) for i, v in sorted(e.facts.items())}}
        for e in editions
    ]}
    return (json.dumps(data, indent=1, ensure_ascii=False) + "\n").encode()


def snapshot(project: Project, seed_hashes: dict[str, str]) -> tuple[str, dict[str, FactVersion], list[str]]:
    """Hash the brief's content (every record, the settings, the seed files) and each fact."""
    records = content_records(project, seed_hashes)
    facts = {fact["id"]: FactVersion(content_hash(fact), fact["statement"]) for fact in records["facts"]}
    return content_hash(records), facts, sorted(s.id for s in project.sources)


def next_edition(editions: list[Edition], project: Project, seed_hashes: dict[str, str]) -> tuple[list[Edition], Changes]:
    """Add an edition if the content changed; return all editions and the changes the latest one brings."""
    content, facts, sources = snapshot(project, seed_hashes)
    if editions and editions[-1].content == content:
        previous = editions[-2] if len(editions) > 1 else None
        return editions, compare(previous, editions[-1])
    edition = Edition(len(editions) + 1 if editions else 1, build_date(), content, facts, sources)
    return editions + [edition], compare(editions[-1] if editions else None, edition)


def compare(previous: Edition | None, current: Edition) -> Changes:
    """List the facts added, removed and changed, and the sources added, between two editions."""
    if previous is None:
        return Changes(None)
    old, new = previous.facts, current.facts
    return Changes(
        since=previous.number,
        added=[i for i in new if i not in old],
        removed=[(i, old[i].statement) for i in old if i not in new],
        changed=[(i, old[i].statement, new[i].statement) for i in new if i in old and old[i].hash != new[i].hash],
        sources_added=[s for s in current.sources if s not in previous.sources],
    )


def build_date() -> dt.date:
    """Today, or the date SOURCE_DATE_EPOCH gives, for reproducible builds."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.isdigit():
        return dt.datetime.fromtimestamp(int(epoch), dt.timezone.utc).date()
    return dt.datetime.now(dt.timezone.utc).date()


