"""Check that a statement says no more than its quotes: figures, dates, negations, hedges, actors, attributions, scope.

Codes, one per kind of drift:

| code                | the statement …                                                                  |
|---------------------|----------------------------------------------------------------------------------|
| unsupported-number  | gives a figure no quote gives with that value, unit and qualifier (or moves it)  |
| unsupported-date    | gives a date, month, year, weekday or time of day neither quotes nor date give    |
| negation-mismatch   | drops a quote's negation, or adds one the quotes lack                            |
| certainty-raised    | is surer than its quote (a hedge such as "is considering", "could" dropped)      |
| unsupported-name    | names a person, organisation, country or place no quote names                    |
| actor-moved         | gives an act or figure to another actor than the quote does                      |
| attribution-dropped | states as fact what the quote reports someone saying ("they note", "X said")     |
| opinion-as-fact     | states an opinion or analysis source's words, or an expert's view, in its own voice |
| elision-drops       | rests on a quote whose ellipsis drops a negation, figure, hedge or attribution, or joins sentences |
| scope-widened       | adds a superlative, "only", "all", "chiefly" …, or makes one source ("the piece") many ("the reports") |

The check is deterministic: word lists (lexicon.py) and the alignment of statement clauses with quote
clauses by shared word stems. It cannot judge meaning beyond these cues: an unsupported claim in
plain words that share the quote's vocabulary passes.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from .checks import (attribution, certainty, date_words, elisions, names, negation, numbers, read_statement,
                     scope)
from .figures import dates, figures
from .models import Evidence, Finding
from .reading import align, gather, is_name
from .text import fold, tokens

__all__ = ["CODES", "Evidence", "Finding", "check_statement", "explain"]

CODES = ("unsupported-number", "unsupported-date", "negation-mismatch", "certainty-raised", "unsupported-name",
         "actor-moved", "attribution-dropped", "opinion-as-fact", "elision-drops", "scope-widened")


def check_statement(statement: str, evidence: Sequence[Evidence], *, date: dt.date | None = None,
                    date_precision: str = "day", view_speaker: str | None = None,
                    context: Sequence[str] = ()) -> list[Finding]:
    """Report what in the statement its evidence does not support.

    `context`: extra supporting texts (a judgment is checked against the statements of the facts it
    rests on plus their evidence); `view_speaker`: the record is an expert view by this speaker.
    """
    support = gather(tuple(evidence), tuple(context), date, date_precision, view_speaker)
    read = read_statement(fold(statement), support.named)
    found: list[Finding] = []
    for check in (numbers, date_words, negation, certainty, names, scope, elisions):
        found += check(read, support)
    found += attribution(read, support, view_speaker)
    unique, seen = [], set()
    for finding in found:
        if (finding.code, finding.words) not in seen:
            seen.add((finding.code, finding.words))
            unique.append(finding)
    return unique


def explain(statement: str, evidence: Sequence[Evidence], **keywords) -> str:
    """The statement beside its quotes, with what was matched and what was not."""
    findings = check_statement(statement, evidence, **keywords)
    support = gather(tuple(evidence), tuple(keywords.get("context", ())), keywords.get("date"),
                     keywords.get("date_precision", "day"), keywords.get("view_speaker"))
    text = fold(statement)
    read = read_statement(text, support.named)
    lines = [f"statement: {statement}", ""]
    for i, reading in enumerate(support.readings, 1):
        e = reading.evidence
        lines.append(f"quote {i} ({e.source_id}, {e.source_kind}{', ' + e.publisher if e.publisher else ''}): "
                     f"\"{reading.quote}\"")
        if reading.sentence != reading.quote:
            lines.append(f"  in: \"{reading.sentence}\"")
        for clause in reading.clauses:
            matched = align(clause, [p.clause for p in read.pieces])
            marks = [f"hedge {', '.join(clause.hedges)}" if clause.hedges else "",
                     f"negation {', '.join(clause.negations)}" if clause.negations else "",
                     f"attribution {', '.join(clause.frames + reading.outside_frames)}"
                     if clause.frames or reading.outside_frames else ""]
            marks = "; ".join(m for m in marks if m) or "plain"
            target = f'matches "{matched[0].text}"' if matched else "not used by the statement"
            lines.append(f"  - \"{clause.text}\" [{marks}] {target}")
    words = tokens(text)
    known_figures = {f.value for f in support.figures}
    known_dates = {(d.kind, d.value) for d in support.dates}
    lines += ["", "matched in the statement:"]
    lines.append("  numbers: " + _list((f.words, f.value in known_figures) for f in figures(text)))
    lines.append("  dates: " + _list((d.words, (d.kind, d.value) in known_dates) for d in dates(text)))
    lines.append("  names: " + _list((t.text, t.lower in support.words or t.stem in support.words)
                                     for i, t in enumerate(words) if is_name(words, i)))
    lines.append("  hedges: " + (", ".join(h for s in read.segments for h in s.hedges) or "none"))
    lines.append("  attributions: " + (", ".join(a for s in read.segments for a in s.attributions) or "none"))
    lines += ["", "findings:" if findings else "findings: none"]
    lines += [f"  {f.code}: {f.message}" for f in findings]
    return "\n".join(lines)


def _list(items) -> str:
    shown = [f"{words} ({'matched' if ok else 'NOT matched'})" for words, ok in items]
    return ", ".join(shown) or "none"
