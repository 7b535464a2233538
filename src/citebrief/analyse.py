"""Arrange verified records into the brief a reader gets: sections, timeline, figures, numbered notes."""

from __future__ import annotations

import datetime as dt
import typing
from collections.abc import Iterable
from dataclasses import dataclass, field, replace

from .editions import Changes, Edition
from .evidence import Comparison, Lineage, Support, compare_figures, support
from .models import Citation, Disagreement, Evidence, Fact, Figure, Judgment, LocatedCitation, Project, Section, Settings, Source
from .quotes import normalise
from .seeds import SourceText

SECTION_ORDER = typing.get_args(Section)  # the order the brief gives its sections


@dataclass(frozen=True, eq=False)
class Note:
    """A numbered citation note: one quote from one source, shared by every fact that cites it."""

    number: int
    source: SourceEntry
    quote: str  # in the source's own characters
    line: int  # where the quote starts in the source file
    located: LocatedCitation  # where verify found it, the sentence around it included

    @property
    def label(self) -> str:
        """The footnote label used in the Markdown."""
        return str(self.number)


@dataclass(frozen=True)
class Entry:
    """A fact as the brief shows it, with its notes and how well it is supported."""

    fact: Fact
    notes: tuple[Note, ...]
    support: Support


@dataclass(frozen=True)
class JudgmentEntry:
    """A key judgment with its confidence and the notes of the facts it rests on."""

    judgment: Judgment
    facts: tuple[Entry, ...]
    notes: tuple[Note, ...]
    support: Support


@dataclass(frozen=True)
class PositionEntry:
    """One side of a disagreement, cited."""

    statement: str
    notes: tuple[Note, ...]


@dataclass(frozen=True)
class DisagreementEntry:
    """Sources that disagree, each side cited, with the analyst's assessment."""

    disagreement: Disagreement
    positions: tuple[PositionEntry, ...]


@dataclass(frozen=True)
class ComparisonEntry:
    """Figures for one measure from several records, side by side."""

    comparison: Comparison
    rows: tuple[FigureRow, ...]


@dataclass(frozen=True)
class Gap:
    """An evidence gap citebrief found: a weakly supported claim or an unresolved disagreement."""

    kind: str
    statement: str  # inline Markdown, as the record gives it
    notes: tuple[Note, ...]


@dataclass(frozen=True)
class FigureRow:
    """A line of the key-figures table."""

    figure: Figure
    entry: Entry


@dataclass(frozen=True)
class Speaker:
    """An expert or official and everything the brief quotes them saying."""

    name: str
    affiliation: str
    entries: tuple[Entry, ...]


@dataclass(frozen=True, eq=False)
class SourceEntry:
    """A line of the Sources list."""

    source: Source
    text: SourceText
    cited_by: int  # how many facts cite it
    derived_from: SourceEntry | str | None = None  # the entry, or the outlet's name, it draws on

    @property
    def name(self) -> str:
        """A short name for notes: the publisher, or the opening words of an unattributed article."""
        return self.source.publisher or f"Unattributed article, “{self.opening}”"

    @property
    def heading(self) -> str:
        """The title in quotation marks, or the opening words where the document has no title."""
        return f"“{self.source.title}”" if self.source.title else f"untitled, opening “{self.opening}”"

    @property
    def opening(self) -> str:
        """The first words of the article's first full sentence."""
        lines = [p.text for p in self.text.body.paragraphs]
        first = next((line for line in lines if len(line.split()) >= 5), lines[0] if lines else "")
        words = first.lstrip("-•* ").split()
        return " ".join(words[:6]) + ("…" if len(words) > 6 else "")


@dataclass
class Brief:
    """Everything the templates need, in reading order."""

    settings: Settings
    as_of: dt.date
    sections: dict[str, list[Entry]]
    speakers: list[Speaker]
    timeline: list[Entry]
    figures: list[FigureRow]
    sources: list[SourceEntry]
    notes: list[Note] = field(default_factory=list)
    judgments: list[JudgmentEntry] = field(default_factory=list)
    disagreements: list[DisagreementEntry] = field(default_factory=list)
    comparisons: list[ComparisonEntry] = field(default_factory=list)
    gaps: list[Gap] = field(default_factory=list)
    edition: Edition | None = None
    changes: Changes | None = None

    entries: dict[str, Entry] = field(default_factory=dict)

    @property
    def fact_count(self) -> int:
        """How many facts the brief states."""
        return len(self.entries)

    def statement_of(self, fact_id: str) -> str:
        """The statement of a fact in this edition."""
        return self.entries[fact_id].fact.statement

    def source_name(self, source_id: str) -> str:
        """A source's short name, for the changes section."""
        entry = next((e for e in self.sources if e.source.id == source_id), None)
        return f"{entry.name}, {entry.heading}" if entry else source_id


def analyse(
    project: Project,
    texts: dict[str, SourceText],
    evidence: Evidence,
    edition: Edition | None = None,
    changes: Changes | None = None,
) -> Brief:
    """Arrange a verified project into a brief, numbering notes in reading order."""
    ordered = sorted(project.facts, key=lambda f: (SECTION_ORDER.index(f.section), f.location))
    notes: dict[tuple[str, str], Note] = {}
    entries: dict[str, Entry] = {}
    timeline_facts = sorted((f for f in project.facts if f.date), key=lambda f: (f.date, f.location))
    figure_facts = [f for f in ordered if f.figures]
    lineage = Lineage(project.sources)
    sources = _source_entries(project, texts)
    by_id = {entry.source.id: entry for entry in sources}

    def cite(citations: Iterable[Citation]) -> tuple[Note, ...]:
        return tuple(dict.fromkeys(_note(by_id[c.source], evidence.of(c), notes) for c in citations))

    # Notes are numbered in the order a reader meets them: judgments, summary, figures, timeline, sections.
    facts_by_id = {f.id: f for f in project.facts}
    judged = [facts_by_id[i] for j in project.judgments for i in j.rests_on]
    reading_order = _unique(judged + [f for f in ordered if f.section == "summary"] + figure_facts + timeline_facts + ordered)
    for fact in reading_order:
        entries[fact.id] = Entry(fact, cite(fact.citations), support(fact.citations, lineage))
    judgments = [
        JudgmentEntry(
            j,
            tuple(entries[i] for i in j.rests_on),
            tuple(dict.fromkeys(n for i in j.rests_on for n in entries[i].notes)),
            support([c for i in j.rests_on for c in facts_by_id[i].citations], lineage),
        )
        for j in project.judgments
    ]
    comparisons = [
        ComparisonEntry(c, tuple(FigureRow(r.figure, entries[r.fact.id]) for r in c.readings))
        for c in compare_figures(ordered)
    ]
    disagreements = [
        DisagreementEntry(d, tuple(PositionEntry(p.statement, cite(p.citations)) for p in d.positions))
        for d in project.disagreements
    ]
    # Dated background events are told once, on the timeline.
    sections = {
        name: [entries[f.id] for f in ordered if f.section == name and not (name == "context" and f.date)]
        for name in SECTION_ORDER
    }
    return Brief(
        settings=project.settings,
        as_of=project.settings.as_of or _latest_date(project, texts),
        sections=sections,
        speakers=_speakers(sections["expert_views"]),
        timeline=[entries[f.id] for f in timeline_facts],
        figures=[FigureRow(figure, entries[f.id]) for f in figure_facts for figure in f.figures],
        sources=sources,
        judgments=judgments,
        disagreements=disagreements,
        comparisons=comparisons,
        gaps=_evidence_gaps(judgments, entries, disagreements, lineage),
        edition=edition,
        changes=changes,
        entries=entries,
        notes=sorted(notes.values(), key=lambda n: n.number),
    )


def _evidence_gaps(
    judgments: list[JudgmentEntry],
    entries: dict[str, Entry],
    disagreements: list[DisagreementEntry],
    lineage: Lineage,
) -> list[Gap]:
    """Find what the evidence does not settle: single-source claims behind judgments, weakly sourced claims, open disagreements."""
    gaps: list[Gap] = []
    behind_judgments = _unique(e.fact for j in judgments for e in j.facts if e.support.single)
    for fact in behind_judgments:
        gaps.append(Gap("A key judgment rests on a single-source claim", fact.statement, entries[fact.id].notes))
    for entry in entries.values():
        # A view is its speaker's own words: its sourcing is the speaker, so it is not listed here.
        claim = entry.fact.section not in ("summary", "expert_views")
        if claim and all(lineage.weak(c.source) for c in entry.fact.citations):
            gaps.append(Gap("Only undated or derivative sources support", entry.fact.statement, entry.notes))
    for entry in disagreements:
        if not entry.disagreement.resolved:
            notes = tuple(n for p in entry.positions for n in p.notes)
            gaps.append(Gap("Unresolved disagreement", entry.disagreement.topic, notes))
    return gaps


def _note(source: SourceEntry, located: LocatedCitation, notes: dict[tuple[str, str], Note]) -> Note:
    """The note for a located quote, shared by every citation of the same words of the same source."""
    key = (source.source.id, normalise(located.citation.quote))
    if key not in notes:
        notes[key] = Note(len(notes) + 1, source, located.text, located.line, located)
    return notes[key]


def _unique(facts: Iterable[Fact]) -> list[Fact]:
    seen: set[str] = set()
    return [f for f in facts if not (f.id in seen or seen.add(f.id))]


def _speakers(entries: list[Entry]) -> list[Speaker]:
    """Group expert views by speaker, in the order speakers first appear."""
    groups: dict[str, list[Entry]] = {}
    for entry in entries:
        groups.setdefault(entry.fact.speaker or "", []).append(entry)
    return [
        Speaker(name, group[0].fact.affiliation or "", tuple(group)) for name, group in groups.items()
    ]


def _source_entries(project: Project, texts: dict[str, SourceText]) -> list[SourceEntry]:
    counts = {s.id: 0 for s in project.sources}
    for fact in project.facts:
        for source_id in {c.source for c in fact.citations}:
            counts[source_id] += 1
    ordered = sorted(project.sources, key=lambda s: (s.published or dt.date.max, s.id))
    entries = {s.id: SourceEntry(s, texts[s.id], counts[s.id]) for s in ordered if s.id in texts}
    return [
        replace(entry, derived_from=entries.get(entry.source.derived_from, entry.source.derived_from))
        for entry in entries.values()
    ]


def _latest_date(project: Project, texts: dict[str, SourceText]) -> dt.date:
    """The as-of date when settings give none: the latest source or event date."""
    dates = [s.published for s in project.sources if s.published]
    dates += [f.date for f in project.facts if f.date]
    return max(dates, default=dt.date.today())
