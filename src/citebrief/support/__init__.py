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
| misquoted           | puts in quotation marks words that no quote (or its sentence) has                |

The check is deterministic: word lists (lexicon.py) and the alignment of statement clauses with quote
clauses by shared word stems. It cannot judge meaning beyond these cues: an unsupported claim in
plain words that share the quote's vocabulary passes.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Sequence

from .checks import (WIDENING, Known, Statement, actor_moves, attribution, certainty, date_words, elisions, is_own_view,
                     is_superlative, negation, numbers, quotations, quoted_in, read_statement, scope, unsupported_names)
from .figures import dates, figures
from .models import Evidence, Finding
from .reading import Support, align, gather, is_name, names_at, place
from .text import FRAME_OPENER, HEDGE_PHRASE, NEGATION_PHRASE, Scan, Token, as_noun, fold, scan, tokens
from . import lexicon as lx

__all__ = ["CODES", "Evidence", "Finding", "check_statement", "explain"]

CODES = ("unsupported-number", "unsupported-date", "negation-mismatch", "certainty-raised", "unsupported-name",
         "actor-moved", "attribution-dropped", "opinion-as-fact", "elision-drops", "scope-widened", "misquoted")


def check_statement(statement: str, evidence: Sequence[Evidence], *, date: dt.date | None = None,
                    date_precision: str = "day", view_speaker: str | None = None,
                    context: Sequence[str] = ()) -> list[Finding]:
    """Report what in the statement its evidence does not support.

    `context`: extra supporting texts (a judgment is checked against the statements of the facts it
    rests on plus their evidence); `view_speaker`: the record is an expert view by this speaker.
    """
    support = gather(tuple(evidence), tuple(context), date, date_precision, view_speaker)
    text = fold(statement)
    plain = _plain(text, support)
    if plain:
        # Only the checks of figures, dates, names and quotations can find anything, and they read the text alone.
        read, checks = Statement(text, (), ()), (numbers, date_words, unsupported_names, quotations)
    else:
        read = read_statement(text, support.named)
        checks = (numbers, date_words, negation, certainty, unsupported_names, actor_moves, scope, elisions, quotations)
    found: list[Finding] = []
    for check in checks:
        found += check(read, support)
    if not plain:
        found += attribution(read, support, view_speaker)
    unique, seen = [], set()
    for finding in found:
        if (finding.code, finding.words) not in seen:
            seen.add((finding.code, finding.words))
            unique.append(finding)
    return unique


def plainly_within(statement: str, evidence: Sequence[Evidence], *, date: dt.date | None = None,
                   date_precision: str = "day", view_speaker: str | None = None, context: Sequence[str] = ()) -> bool:
    """Whether the statement takes the fast path: no check that reads clauses could find anything in it."""
    return _plain(fold(statement), gather(tuple(evidence), tuple(context), date, date_precision, view_speaker))


def _plain(text: str, support: Support) -> bool:
    """Whether only the checks of figures, dates, names and quotations could find anything: the clause reading is skipped.

    Each condition leaves one check nothing to find, whatever the clauses:
    - negation: neither the statement nor the quotes (with the words before them) hold a negation;
    - certainty: no quote, no word leading one and no context hedges, so nothing is surer than the statement;
    - attribution: no quote is an opinion, analysis or someone else's view, and none is framed ("they note"),
      unless it is the record's own speaker's;
    - elisions: no quote has an ellipsis;
    - scope: the statement adds no scope word, no superlative the support lacks, no "the reports";
    - actors: every name the statement gives is a source's or speaker's, so no act can move to it.
    The tests for negations, hedges and frames are wider than the checks' (a hedge after a determiner,
    "may" as a month, a hedging noun anywhere count), so what they pass the checks pass in any clause
    of the same words.
    """
    scanned = scan(text)
    lowers, statement_lowered = scanned.lowers, text.lower()
    if _negated(lowers, statement_lowered) or not _SCOPE.isdisjoint(lowers):
        return False
    if not lx.PLURAL_SOURCE_NOUNS.isdisjoint(lowers):
        for i, lower in enumerate(lowers):
            if lower in lx.PLURAL_SOURCE_NOUNS and (scanned.opens(i) or i and lowers[i - 1] in WIDENING):
                return False
    for e in support.evidence:
        placed = place(e)
        own = is_own_view(e, placed.sentence, support.view_speaker)
        if len(placed.pieces) != 1 or not own and (e.source_kind in ("opinion", "analysis") or e.speaker is not None):
            return False
        runs: list[tuple[str, Scan | tuple[Token, ...]]] = [(placed.pieces[0], scan(placed.pieces[0]))]
        if placed.spans:
            runs += [(placed.outside, scan(placed.outside)), (" ".join(t.text for t in placed.lead), placed.lead)]
        for run_text, run in runs:
            run_lowers = run.lowers if isinstance(run, Scan) else [t.lower for t in run]
            lowered = run_text.lower()
            if _negated(run_lowers, lowered) or _hedged(run, run_lowers, lowered) \
                    or not own and (not lx.FRAME_VERBS.isdisjoint(run_lowers) or FRAME_OPENER.search(lowered)):
                return False
    if any(c.tier != lx.ASSERTED for c in support.context_clauses):
        return False
    if "est" in statement_lowered and any(is_superlative(lower) and lower not in support.words
                                          for lower in lowers if lower.endswith("est")) or "most" in lowers:
        return False  # a superlative the quotes lack, or "the most" that may be their "one of the most"
    known = Known(text, support)
    named, forms = support.named, scanned.forms
    for i in [i for i, form in enumerate(forms) if form.capital]:
        if names_at(scanned, i, known) and forms[i].stem not in named and not (
                i + 1 < len(forms) and forms[i + 1].stem in named and names_at(scanned, i + 1, known)):
            return False  # a name that is no source's could act
    return True


_SCOPE = frozenset(lx.SCOPE_WORDS)
_HEDGES = frozenset(lx.HEDGES)


def _negated(lowers: Sequence[str], lowered: str) -> bool:
    """Whether a run of words could hold a negation (a word or phrase negations_in would take)."""
    return not lx.NEGATIONS.isdisjoint(lowers) or "n't" in lowered or NEGATION_PHRASE.search(lowered) is not None


def _hedged(words: Sequence[Token] | Scan, lowers: Sequence[str], lowered: str) -> bool:
    """Whether any clause of a run of tokens (or of a scanned text) could hold a hedge.

    A cue that stands as a noun here ("the plan") stands as one in any clause of these words: at a
    clause's edge as_noun sees no word beyond, which only makes it a noun more often.
    """
    if not _HEDGES.isdisjoint(lowers):
        noun = words.as_noun if isinstance(words, Scan) else functools.partial(as_noun, words)
        if any(not noun(i) for i, lower in enumerate(lowers) if lower in _HEDGES):
            return True
    return HEDGE_PHRASE.search(lowered) is not None


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
    lines.append("  quotations: " + _list(quoted_in(text, support)))
    lines.append("  hedges: " + (", ".join(h for s in read.segments for h in s.hedges) or "none"))
    lines.append("  attributions: " + (", ".join(a for s in read.segments for a in s.attributions) or "none"))
    lines += ["", "findings:" if findings else "findings: none"]
    lines += [f"  {f.code}: {f.message}" for f in findings]
    return "\n".join(lines)


def _list(items) -> str:
    shown = [f"{words} ({'matched' if ok else 'NOT matched'})" for words, ok in items]
    return ", ".join(shown) or "none"
