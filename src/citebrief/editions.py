"""Editions of a brief: made on purpose, recorded in the project's editions/ folder, one small file each.

A build makes a draft; an edition is made by `publish` or `build --edition`, and only when the brief's
content changed since the last edition. The history is committed with the project, one file per
edition (`editions/edition-3.json`), so a fresh clone, a CI runner and a colleague continue the same
numbering, and two branches that each add a different edition do not touch the same lines.

Standard library only at import: the no-op build reads the editions without the rendering stack.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .errors import CitebriefError
from .layout import EDITIONS_DIR, EDITIONS_FILE, OUTPUT_DIR

if TYPE_CHECKING:
    from .models import Project

_EDITION_FILE = re.compile(r"^edition-(\d+)\.json$")


@dataclass(frozen=True)
class FactVersion:
    """A fact as one edition had it."""

    hash: str
    statement: str


@dataclass
class Edition:
    """One numbered state of the brief's content, as readers received it."""

    number: int
    date: dt.date
    content: str  # hash of the brief's content: every record, the seed files, the settings that show
    facts: dict[str, FactVersion]
    sources: list[str]
    summary: str = ""  # what this edition changed, in a sentence

    @property
    def draft(self) -> bool:
        """Whether this is a draft: never, for an edition."""
        return False

    @property
    def file_name(self) -> str:
        """The edition's file in the project's editions/ folder."""
        return f"edition-{self.number}.json"

    def to_bytes(self) -> bytes:
        """Serialise the edition as a small, readable JSON file."""
        return (json.dumps(edition_data(self), indent=1, ensure_ascii=False) + "\n").encode()


@dataclass
class Draft:
    """A brief whose content is not an edition (yet): what it follows, and its content hash."""

    after: int | None  # the last edition's number; None before the first edition
    content: str

    @property
    def draft(self) -> bool:
        """Whether this is a draft: always."""
        return True

    @property
    def number(self) -> str:
        """What the page's metadata records in place of an edition number."""
        return "draft"


@dataclass
class Changes:
    """What changed from one edition to the next, or from the last edition to a draft."""

    since: int | None  # the previous edition's number; None for the first edition
    added: list[str] = field(default_factory=list)
    removed: list[tuple[str, str]] = field(default_factory=list)  # id, old statement
    changed: list[tuple[str, str, str]] = field(default_factory=list)  # id, old statement, new statement
    sources_added: list[str] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        """Whether no fact or source was added, removed or changed."""
        return not (self.added or self.removed or self.changed or self.sources_added)


@dataclass(frozen=True)
class Snapshot:
    """The brief's content as this build has it: its hash, each fact, the sources."""

    content: str
    facts: dict[str, FactVersion]
    sources: list[str]


def editions_dir(root: Path) -> Path:
    """The project's folder of editions."""
    return root / EDITIONS_DIR


def read_editions(root: Path) -> list[Edition]:
    """Read the project's editions, oldest first; from an old output/editions.json once, if there is no folder."""
    folder = editions_dir(root)
    if not folder.is_dir():
        return _legacy(root / OUTPUT_DIR / EDITIONS_FILE)
    editions = []
    for path in folder.iterdir():
        if _EDITION_FILE.match(path.name):
            try:
                editions.append(edition_from(json.loads(path.read_text(encoding="utf-8"))))
            except (OSError, ValueError, KeyError, TypeError) as exc:
                raise CitebriefError(f"{path}: not an edition record ({exc}); restore it from version control") from None
    return sorted(editions, key=lambda e: e.number)


def _legacy(path: Path) -> list[Edition]:
    """Read the editions an older citebrief kept in output/editions.json; the next edition moves them."""
    try:
        return [edition_from(e) for e in json.loads(path.read_text(encoding="utf-8"))["editions"]]
    except (OSError, ValueError, KeyError, TypeError):
        return []


def edition_from(data: dict[str, Any]) -> Edition:
    """Make an edition from its recorded data."""
    return Edition(
        int(data["number"]), dt.date.fromisoformat(data["date"]), str(data["content"]),
        {i: FactVersion(**v) for i, v in data["facts"].items()}, list(data["sources"]), str(data.get("summary", "")),
    )


def edition_data(edition: Edition) -> dict[str, Any]:
    """Describe an edition as JSON data: number, date, content hash, summary, sources, then facts."""
    return {
        "number": edition.number,
        "date": edition.date.isoformat(),
        "content": edition.content,
        "summary": edition.summary,
        "sources": edition.sources,
        "facts": {i: {"hash": v.hash, "statement": v.statement} for i, v in sorted(edition.facts.items())},
    }


def snapshot(project: Project, seed_hashes: dict[str, str]) -> Snapshot:
    """Hash the brief's content (every record, the seed files, the settings that show) and each fact.

    The hash is the records' own (content.py), which leaves out the settings that only deliver the brief.
    """
    from .content import content_hash, content_records  # the records are pydantic models: not on the no-op path

    records = content_records(project, seed_hashes)
    facts = {fact["id"]: FactVersion(content_hash(fact), fact["statement"]) for fact in records["facts"]}
    return Snapshot(content_hash(records), facts, sorted(s.id for s in project.sources))


def place(editions: list[Edition], now: Snapshot, make_edition: bool) -> tuple[Edition | Draft, Changes | None]:
    """Say what a build's brief is — the last edition, a new one, or a draft after the last — and its changes."""
    latest = current(editions)
    if latest is not None and latest.content == now.content:
        return latest, changes_in(editions, latest)
    if make_edition:
        number = latest.number + 1 if latest else 1
        edition = Edition(number, build_date(), now.content, now.facts, now.sources)
        changes = compare(latest, edition)
        edition.summary = summarise(changes)
        return edition, changes
    if latest is None:
        return Draft(None, now.content), None
    return Draft(latest.number, now.content), compare(latest, Edition(0, build_date(), now.content, now.facts, now.sources))


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
