"""Weigh the evidence: which sources are independent, how well each claim is supported, where figures differ."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from .models import Citation, Fact, Figure, Source


class Lineage:
    """How sources derive from each other, so that a rewrite never counts as independent of its original."""

    def __init__(self, sources: Iterable[Source]):
        self.sources = {source.id: source for source in sources}

    def origin(self, source_id: str) -> str:
        """The source a report ultimately derives from, following derived_from through known sources."""
        seen = {source_id}
        current = source_id
        while (parent := self.sources.get(current)) and parent.derived_from in self.sources:
            current = parent.derived_from
            if current in seen:
                break  # a cycle: stop where it closes
            seen.add(current)
        return current

    def independent(self, citations: Iterable[Citation]) -> set[str]:
        """The independent origins behind a set of citations."""
        return {self.origin(c.source) for c in citations}

    def derivative(self, source_id: str) -> bool:
        """Whether a source retells another report rather than reporting itself."""
        source = self.sources.get(source_id)
        return bool(source and (source.kind == "rewrite" or source.derived_from))

    def weak(self, source_id: str) -> bool:
        """Whether a source is undated or derivative."""
        source = self.sources.get(source_id)
        return bool(source and (source.published is None or self.derivative(source_id)))


@dataclass(frozen=True)
class Support:
    """How well a claim is supported: distinct reports, and independent origins among them."""

    reports: int
    independent: int

    @property
    def single(self) -> bool:
        """Whether the claim rests on one independent source."""
        return self.independent <= 1

    @property
    def label(self) -> str:
        """A few words a reader takes in at a glance."""
        if self.independent <= 1:
            return "single source" if self.reports <= 1 else f"single source, {self.reports} reports"
        return f"{self.independent} independent sources"


def support(fact_citations: Iterable[Citation], lineage: Lineage) -> Support:
    """Count the reports and the independent sources behind a claim."""
    citations = list(fact_citations)
    return Support(len({c.source for c in citations}), len(lineage.independent(citations)))


def weakest(supports: Iterable[Support]) -> Support:
    """The support of a judgment: that of the least supported fact it rests on, never the facts pooled."""
    return min(supports, key=lambda s: (s.independent, s.reports), default=Support(0, 0))


@dataclass(frozen=True)
class FigureReading:
    """One source's figure for a measure."""

    figure: Figure
    fact: Fact


@dataclass(frozen=True)
class Comparison:
    """Every figure recorded for one measure, side by side."""

    key: str
    readings: tuple[FigureReading, ...]
    verdict: str  # "agree", "differ" or "periods"

    @property
    def conflicting(self) -> bool:
        """Whether sources give different values for the same period."""
        return self.verdict == "differ"


def compare_figures(facts: Iterable[Fact]) -> list[Comparison]:
    """Find measures given by more than one record and say whether their values agree."""
    by_key: dict[str, list[FigureReading]] = {}
    for fact in facts:
        for figure in fact.figures:
            if figure.key:
                by_key.setdefault(figure.key, []).append(FigureReading(figure, fact))
    comparisons = []
    for key, readings in by_key.items():
        if len(readings) < 2:
            continue
        periods: dict[str | None, set[tuple[float, str]]] = {}
        for reading in readings:
            periods.setdefault(reading.figure.period, set()).add((reading.figure.value, reading.figure.unit))
        if any(len(values) > 1 for values in periods.values()):
            verdict = "differ"
        elif len(periods) > 1:
            verdict = "periods"
        else:
            verdict = "agree"
        comparisons.append(Comparison(key, tuple(readings), verdict))
    return comparisons
