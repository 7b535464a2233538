"""Compose the brief's two parts: a short front a decision maker reads, then the evidence annex.

Every claim the brief prints gets one note, numbered in the order the reader meets it, so that
brief.md, brief.html and brief.pdf carry the same numbers. A note names the source, its date and
the quote; it never names a file or a line, which stay in the JSON export and the PDF's attachments.
"""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass, field
from pathlib import Path

from .analyse import Brief, ComparisonEntry, Entry, Note, SourceEntry
from .errors import Location, Problem
from .evidence import Lineage
from .models import Disagreement, Judgment

ANNEX_HEADING = "Evidence annex"
ANNEX_ANCHOR = "evidence-annex"  # the heading's id in the HTML and the PDF, where the front ends
FRONT_SECTIONS = ("summary", "proposals", "dependencies", "expert_views", "open_gaps", "watch")
ANNEX_SECTIONS = {
    "summary": "Summary",
    "context": "Background",
    "proposals": "Further measures and suggestions",
    "dependencies": "Dependencies",
    "open_gaps": "Open questions",
    "watch": "Indicators",
}
QUOTES_PER_NOTE = 3  # a note quotes at most this many independent reports, one quote each, and names the others


@dataclass(frozen=True)
class Claim:
    """One numbered note: a claim the brief prints, with the quotes that back it."""

    number: int
    quotes: tuple[Note, ...]

    @property
    def label(self) -> str:
        """The footnote label in the Markdown; the same number every format shows."""
        return str(self.number)


@dataclass(frozen=True)
class Item:
    """A statement as the brief prints it, with its note."""

    text: str  # inline Markdown
    claim: Claim | None  # the front's claims have a note; the annex names its sources instead
    entry: Entry | None = None
    sources: str = ""  # for the annex: the sources by name and date, e.g. "The Japan Times, 16 June 2025"


@dataclass(frozen=True)
class StatusRow:
    """A line of the status table: a measure, where it stands, who said so and when."""

    measure: str
    status: str
    said_by: str
    date: dt.date | None
    note: str
    claim: Claim


@dataclass(frozen=True)
class Suggestions:
    """An analyst's suggestions, told apart from the government's measures."""

    said_by: str
    date: dt.date | None
    measures: tuple[str, ...]
    claim: Claim


@dataclass(frozen=True)
class JudgmentItem:
    """A key judgment, its confidence and one plain line on what supports it."""

    judgment: Judgment
    support: str
    claim: Claim


@dataclass(frozen=True)
class DisagreementItem:
    """A disagreement told in one line (front) or with its assessment (annex)."""

    disagreement: Disagreement
    text: str
    claim: Claim | None
    sources: str = ""


@dataclass(frozen=True)
class SpeakerItems:
    """What the brief quotes one speaker saying."""

    name: str
    affiliation: str
    items: tuple[Item, ...]


@dataclass
class Front:
    """The part a decision maker reads in five minutes."""

    bottom_line: list[Item] = field(default_factory=list)
    measures: list[StatusRow] = field(default_factory=list)
    suggestions: list[Suggestions] = field(default_factory=list)
    other_measures: list[Item] = field(default_factory=list)  # front proposals with no status to tabulate
    judgments: list[JudgmentItem] = field(default_factory=list)
    dependencies: list[Item] = field(default_factory=list)
    speakers: list[SpeakerItems] = field(default_factory=list)
    open: list[Item] = field(default_factory=list)
    disagreements: list[DisagreementItem] = field(default_factory=list)
    watch: list[Item] = field(default_factory=list)


@dataclass
class Annex:
    """The evidence behind the front, for whoever checks it."""

    timeline: list[Item] = field(default_factory=list)
    sections: dict[str, list[Item]] = field(default_factory=dict)
    speakers: list[SpeakerItems] = field(default_factory=list)
    disagreements: list[DisagreementItem] = field(default_factory=list)
    comparisons: list[ComparisonEntry] = field(default_factory=list)
    gaps: list[tuple[str, list[Claim]]] = field(default_factory=list)
    notes: list[Claim] = field(default_factory=list)
    sources: list[SourceEntry] = field(default_factory=list)


@dataclass
class Composed:
    """The brief in its two parts."""

    front: Front
    annex: Annex


class _Numbering:
    """Give each claim the next note number, in the order the template prints them."""

    def __init__(self) -> None:
        self.claims: list[Claim] = []
        self.by_fact: dict[str, Claim] = {}

    def claim(self, notes: tuple[Note, ...]) -> Claim:
        claim = Claim(len(self.claims) + 1, notes)
        self.claims.append(claim)
        return claim

    def fact(self, entry: Entry) -> Claim:
        if entry.fact.id not in self.by_fact:
            self.by_fact[entry.fact.id] = self.claim(entry.notes)
        return self.by_fact[entry.fact.id]

    def item(self, entry: Entry) -> Item:
        return Item(entry.fact.statement, self.fact(entry), entry)

    @staticmethod
    def annexed(entry: Entry) -> Item:
        return Item(entry.fact.statement, None, entry, cited_by(entry.notes))


def compose(brief: Brief) -> Composed:
    """Split a brief into its front and its annex, numbering one note per printed claim."""
    number = _Numbering()
    lineage = Lineage(s.source for s in brief.sources)
    front_entries = {name: [e for e in brief.sections[name] if e.fact.part == "front"] for name in brief.sections}
    front = Front()
    # The order below is the order the template prints the front in: the numbers follow it.
    front.bottom_line = [number.item(e) for e in front_entries["summary"]]
    proposals = [e for e in front_entries["proposals"] if e.fact.status]
    front.measures = [_status_row(e, number) for e in proposals if e.fact.proposed_by == "government"]
    front.suggestions = _suggestions([e for e in proposals if e.fact.proposed_by == "analyst"], number)
    front.other_measures = [number.item(e) for e in front_entries["proposals"] if not e.fact.status]
    front.judgments = [
        JudgmentItem(j.judgment, support_line(j.support.independent, j.notes, lineage), number.claim(_primary(j.facts)))
        for j in brief.judgments
    ]
    front.dependencies = [number.item(e) for e in front_entries["dependencies"]]
    front.speakers = _speakers([e for e in front_entries["expert_views"]], number)
    front.open = [number.item(e) for e in front_entries["open_gaps"]]
    front.disagreements = [
        DisagreementItem(d.disagreement, d.disagreement.summary or d.disagreement.topic,
                         number.claim(tuple(n for p in d.positions for n in p.notes[:1])))
        for d in brief.disagreements if d.disagreement.part == "front"
    ]
    front.watch = [number.item(e) for e in front_entries["watch"]]
    front_ids = set(number.by_fact)

    annex = Annex(sources=brief.sources)
    # Dated events the front does not already tell, in date order.
    annex.timeline = [number.annexed(e) for e in brief.timeline if e.fact.id not in front_ids and e.fact.section != "expert_views"]
    told = front_ids | {i.entry.fact.id for i in annex.timeline}
    for name, title in ANNEX_SECTIONS.items():
        entries = [e for e in brief.sections.get(name, []) if e.fact.id not in told and not e.fact.date]
        if name == "context":  # dated background is on the timeline; undated is told here
            entries = [e for e in brief.sections[name] if e.fact.id not in told]
        if entries:
            annex.sections[title] = [number.annexed(e) for e in entries]
    views = [e for e in brief.sections["expert_views"] if e.fact.id not in front_ids]
    annex.speakers = _speakers(views, None)
    annex.disagreements = [
        DisagreementItem(d.disagreement, d.disagreement.assessment or d.disagreement.topic, None,
                         cited_by(tuple(n for p in d.positions for n in p.notes)))
        for d in brief.disagreements if d.disagreement.part == "annex"
    ]
    # Figures compared only where they say something: values that differ, not a row of agreement.
    annex.comparisons = [c for c in brief.comparisons if c.comparison.verdict != "agree"]
    annex.gaps = _gaps(brief, number)
    annex.notes = number.claims
    return Composed(front, annex)


def _primary(entries: tuple[Entry, ...]) -> tuple[Note, ...]:
    """The first quote of each fact a judgment rests on."""
    return tuple(dict.fromkeys(e.notes[0] for e in entries if e.notes))


def _status_row(entry: Entry, number: _Numbering) -> StatusRow:
    fact = entry.fact
    first = entry.notes[0].source if entry.notes else None
    return StatusRow(
        measure=fact.measure or fact.statement,
        status=fact.status or "",
        said_by=fact.said_by or (short_name(first) if first else ""),
        date=fact.date or (first.source.published if first else None),
        note=fact.note or "",
        claim=number.fact(entry),
    )


def _suggestions(entries: list[Entry], number: _Numbering) -> list[Suggestions]:
    """Group analysts' suggestions by who made them, one note for each analyst."""
    groups: dict[str, list[Entry]] = {}
    for entry in entries:
        groups.setdefault(entry.fact.said_by or entry.fact.speaker or "An analyst", []).append(entry)
    result = []
    for said_by, group in groups.items():
        notes = tuple(dict.fromkeys(n for e in group for n in e.notes))
        claim = number.claim(notes)
        for entry in group:
            number.by_fact[entry.fact.id] = claim
        first = group[0].notes[0].source if group[0].notes else None
        date = group[0].fact.date or (first.source.published if first else None)
        result.append(Suggestions(said_by, date, tuple(e.fact.measure or e.fact.statement for e in group), claim))
    return result


def _speakers(entries: list[Entry], number: _Numbering | None) -> list[SpeakerItems]:
    """Group views by speaker; in the front each gets a note, in the annex its sources by name."""
    groups: dict[str, list[Entry]] = {}
    for entry in entries:
        groups.setdefault(entry.fact.speaker or "", []).append(entry)
    item = number.item if number else _Numbering.annexed
    return [
        SpeakerItems(name, group[0].fact.affiliation or "", tuple(item(e) for e in group))
        for name, group in groups.items()
    ]


def _gaps(brief: Brief, number: _Numbering) -> list[tuple[str, list[Claim]]]:
    """Say where the evidence is thin by pointing at the notes already printed, never repeating a statement."""
    kinds: dict[str, list[Claim]] = {}
    for gap in brief.gaps:
        claims = [c for c in number.claims if c.quotes and set(c.quotes) == set(gap.notes)]
        if claims:
            kinds.setdefault(gap.kind, []).extend(c for c in claims if c not in kinds.get(gap.kind, []))
    return [(kind, sorted(claims, key=lambda c: c.number)) for kind, claims in kinds.items()]


def cited_by(notes: tuple[Note, ...]) -> str:
    """Name the independent reports behind an annex statement with their dates, and how many retellings."""
    entries = list(dict.fromkeys(n.source for n in notes))
    by_id = {e.source.id: e for e in entries}
    origins = list(dict.fromkeys(origin_of(e).source.id for e in entries))
    # The report itself where it is cited (entries are compared by id: derived_from holds a copy).
    quoted = [by_id.get(o) or next(x for x in entries if origin_of(x).source.id == o) for o in origins]
    names = [f"{short_name(e)}, {_day(e.source.published)}" for e in quoted]
    retellings = len(entries) - len(quoted)
    return "; ".join(names) + (f"; {retellings} {'retelling' if retellings == 1 else 'retellings'}" if retellings else "")


def _day(date: dt.date | None) -> str:
    return f"{date.day} {date:%B %Y}" if date else "undated"


def short_name(entry: SourceEntry) -> str:
    """How notes name a source: its publisher, or a bracketed description of an unattributed document."""
    if entry.source.publisher:
        return entry.source.publisher
    return f"[{describe(entry)}]"


def describe(entry: SourceEntry) -> str:
    """A plain description of an untitled or unattributed document, e.g. 'Untitled rewrite of the Yomiuri report'."""
    if entry.source.label:
        return entry.source.label
    base = entry.derived_from
    of = f" of the {base.source.publisher} report" if isinstance(base, SourceEntry) and base.source.publisher else ""
    kind = {"rewrite": "rewrite", "analysis": "commentary", "opinion": "opinion piece"}.get(entry.source.kind or "", "document")
    return f"Untitled {kind}{of}"


def title(entry: SourceEntry) -> str:
    """The source's title in quotation marks, or its bracketed description when it has none."""
    return f"“{entry.source.title}”" if entry.source.title else f"[{describe(entry)}]"


def support_line(independent: int, notes: tuple[Note, ...], lineage: Lineage) -> str:
    """Say in plain words what a judgment rests on: the independent reports behind it."""
    origins: dict[str, SourceEntry] = {}
    for note in notes:
        origin = lineage.origin(note.source.source.id)
        if origin not in origins:
            origins[origin] = note.source if note.source.source.id == origin else origin_of(note.source)
    names = [short_name(e) for e in origins.values()]
    if independent <= 1:
        return f"Rests on one report ({names[0]})." if names else "Rests on one source."
    return f"Rests on {independent} independent reports ({', '.join(names)})."


def origin_of(entry: SourceEntry) -> SourceEntry:
    """The report a source retells, followed back to the original; the source itself if it retells none."""
    seen = set()
    while isinstance(entry.derived_from, SourceEntry) and entry.source.id not in seen:
        seen.add(entry.source.id)
        entry = entry.derived_from
    return entry


def annex_page(pdf: bytes) -> int | None:
    """Read back the page, counted from 1, on which the annex starts: its heading's destination in the PDF."""
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(pdf))
    destination = reader.named_destinations.get(ANNEX_ANCHOR)
    return None if destination is None else reader.get_destination_page_number(destination) + 1


def front_problems(start: int | None, budget: int, settings_file: Path) -> list[Problem]:
    """Warn when the PDF's front, ending where the annex starts on page `start`, runs over its budget in pages."""
    if start is None:
        return []
    used = start - 1  # the annex opens a new page, so the front fills every page before it
    if used <= budget:
        return []
    over = used - budget
    where = Location(settings_file.name, _line_of(settings_file, "front_pages"))
    message = (f"the front runs to {used} pages, {over} {'page' if over == 1 else 'pages'} over its budget of "
               f"{budget} (front_pages); move records to the annex (part: annex) or raise the budget")
    return [Problem.at(where, "front-too-long", message, severity="warning")]


def _line_of(path: Path, key: str) -> int:
    """The line of a settings file that sets key, or 1 when the file does not set it."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError:
        return 1
    return next((n for n, line in enumerate(lines, 1) if line.strip().startswith(key)), 1)
