"""Editions of a brief: each build whose content changed is a new numbered edition, with what changed.

Standard library only at import: the no-op build reads editions.json without the rendering stack.
"""

from __future__ import annotations

import datetime as dt
import json
import os
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from .layout import EDITIONS_FILE

if TYPE_CHECKING:
    from .models import Project


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
        data = json.loads((out_dir / EDITIONS_FILE).read_text(encoding="utf-8"))
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
    from .content import content_hash, content_records  # the records are pydantic models: not on the no-op path

    records = content_records(project, seed_hashes)
    facts = {fact["id"]: FactVersion(content_hash(fact), fact["statement"]) for fact in records["facts"]}
    return content_hash(records), facts, sorted(s.id for s in project.sources)


def next_edition(editions: list[Edition], project: Project, seed_hashes: dict[str, str]) -> tuple[list[Edition], Changes]:
    """Add an edition if the content changed; return all editions and the changes the latest one brings."""
    content, facts, sources = snapshot(project, seed_hashes)
    latest = current(editions)
    if latest is not None and latest.content == content:
        return editions, changes_in(editions, latest)
    edition = Edition(len(editions) + 1, build_date(), content, facts, sources)
    editions = editions + [edition]
    return editions, changes_in(editions, edition)


def current(editions: list[Edition]) -> Edition | None:
    """The latest edition, if there is one."""
    return editions[-1] if editions else None


def previous(editions: list[Edition], edition: Edition) -> Edition | None:
    """The edition before this one, if there is one."""
    before = [e for e in editions if e.number < edition.number]
    return before[-1] if before else None


def changes_in(editions: list[Edition], edition: Edition) -> Changes:
    """What an edition changed from the one before it."""
    return compare(previous(editions, edition), edition)


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


def summarise(changes: Changes) -> str:
    """Say in a sentence what an edition changed."""
    if changes.since is None:
        return "The first edition."
    parts = [
        f"{len(items)} {label}"
        for items, label in (
            (changes.added, "facts added"), (changes.changed, "facts changed"),
            (changes.removed, "facts removed"), (changes.sources_added, "sources added"),
        )
        if items
    ]
    return f"Changes since edition {changes.since}: " + (", ".join(parts) if parts else "no fact or source changed") + "."
