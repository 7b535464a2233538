"""Check a loaded project: ids, references, statements, and every quote against its source."""

from __future__ import annotations

import html
import re
import unicodedata
from collections.abc import Collection, Iterable, Iterator, Sequence
from dataclasses import dataclass, replace

from pydantic import BaseModel

from .collector import paused
from .errors import Problem, clip, did_you_mean
from .markup import hidden_characters, statement_problems
from .evidence import Lineage, compare_figures, support
from .memo import Memo
from .models import Citation, Disagreement, Evidence, Fact, Judgment, LocatedCitation, Position, Project, Source, Span
from .quotes import MIN_QUOTE_WORDS, Match, closest_passage, dropped_negation, find_quote, printed_quote, too_short
from .seeds import SourceText
from .support import Evidence as Quoted, Finding, check_statement, explain, lexicon
from .workers import split_map


def verify_project(
    project: Project, texts: dict[str, SourceText], acknowledged: list[Problem] | None = None, memo: Memo | None = None
) -> tuple[list[Problem], Evidence]:
    """Run every check on the project; return all problems found and every quote located.

    `acknowledged` receives the warnings records acknowledge, each with its reason, instead of reporting them;
    `memo` gives the results of quote searches and statement readings an earlier run computed from the same inputs.
    """
    memo = memo or Memo()
    lineage = Lineage(project.sources)
    cited = [(fact.id, fact.citations) for fact in project.facts] + [
        (disagreement.id, position.citations)
        for disagreement in project.disagreements
        for position in disagreement.positions
    ]
    quote_problems, evidence = verify_quotes(cited, texts, memo)
    problems = (
        check_ids(project.sources, project.facts, project.judgments, project.disagreements)
        + check_references(project.facts, project.sources)
        + (check_citations(cited, project.sources, project.unread_sources) if project.unread_sources is not None else [])
        + check_statements(project.facts, project.judgments, project.disagreements)
        + check_characters([*project.sources, *project.facts, *project.judgments, *project.disagreements])
        + quote_problems
        + check_sources(project.sources, acknowledged)
        + check_judgments(project.judgments, project.facts, lineage, acknowledged, project.unread_facts)
        + check_disagreements(project.disagreements)
        + check_figures(project.facts, project.disagreements, acknowledged)
        + check_support(project, texts, evidence, lineage, acknowledged, memo)
    )
    return problems, evidence


def check_ids(*kinds: Sequence[Source | Fact | Judgment | Disagreement]) -> list[Problem]:
    """Report ids used twice within one kind of record."""
    problems: list[Problem] = []
    for records in kinds:
        first_seen: dict[str, Source | Fact | Judgment | Disagreement] = {}
        for record in records:
            first_record = first_seen.setdefault(record.id, record)
            if first_record is not record:  # locations are looked up only for the few ids used twice
                first = first_record.location_of("id")
                problems.append(
                    Problem.at(record.location_of("id"), "duplicate-id",
                               f"id is already used at {first.file}:{first.line}", record.id)
                )
    return problems


def check_citations(
    cited: Iterable[tuple[str, Sequence[Citation]]], sources: list[Source], unread: Collection[str] = ()
) -> list[Problem]:
    """Report citations of unknown sources, leaving out those whose record could not be read (already reported)."""
    known = {source.id for source in sources}
    problems: list[Problem] = []
    for record_id, citations in cited:
        for citation in citations:
            if citation.source not in known and citation.source not in unread:
                hint = did_you_mean(citation.source, known)
                problems.append(
                    Problem.at(citation.location_of("source"), "unknown-source",
                               f"unknown source '{citation.source}'{hint}", record_id)
                )
    return problems


def check_references(facts: list[Fact], sources: list[Source]) -> list[Problem]:
    """Report facts without citations and views without a speaker."""
    problems: list[Problem] = []
    for fact in facts:
        if not fact.citations:
            problems.append(Problem.at(fact.location, "no-citation", "fact has no citation; add at least one quote", fact.id))
        if fact.section == "expert_views":
            for field in ("speaker", "affiliation"):
                if not getattr(fact, field):
                    problems.append(
                        Problem.at(fact.location_of("section"), f"missing-{field}",
                                   f"an expert view needs a {field}", fact.id)
                    )
    return problems


def check_statements(
    facts: list[Fact], judgments: list[Judgment], disagreements: list[Disagreement]
) -> list[Problem]:
    """Report statements, judgments, positions and assessments that use more than inline Markdown."""
    texts = [(fact.id, fact, ("statement",), fact.statement) for fact in facts]
    texts += [(j.id, j, ("judgment",), j.judgment) for j in judgments]
    for d in disagreements:
        texts += [(d.id, d, ("topic",), d.topic)]
        texts += [(d.id, p, ("statement",), p.statement) for p in d.positions]
        if d.assessment:
            texts.append((d.id, d, ("assessment",), d.assessment))
        if d.summary:
            texts.append((d.id, d, ("summary",), d.summary))
    return [
        Problem.at(record.location_of(*field), "statement-markup", message, record_id)
        for record_id, record, field, text in texts
        for message in statement_problems(text)
    ]


def check_characters(records: Iterable[Source | Fact | Judgment | Disagreement]) -> list[Problem]:
    """Report control and format characters (bidi overrides, zero-width marks) in every text of every record."""
    return [
        Problem.at(record.location_of(*path), "hidden-character", message, record.id)
        for record in records
        if not _plainly_visible(record)
        for path, text in _texts(record)
        for message in hidden_characters(text)
    ]


def _plainly_visible(record: BaseModel) -> bool:
    """Whether a record's JSON shows at once that none of its texts can hold a hidden character.

    JSON writes control characters as \\u escapes and leaves format characters as they are, so printable
    JSON without '\\u' or '&' has neither; the few records that fail this are searched field by field.
    """
    try:
        json = record.model_dump_json()
    except ValueError:
        return False
    return "&" not in json and "\\u" not in json and json.isprintable()


def _texts(value: object, path: tuple = ()) -> Iterable[tuple[tuple, str]]:
    """Every string a record holds, in its fields, lists and nested records, with its path."""
    if isinstance(value, str):
        yield path, value
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _texts(item, path + (index,))
    elif isinstance(value, BaseModel):
        for name in type(value).model_fields:
            yield from _texts(getattr(value, name), path + (name,))


def verify_quotes(
    cited: Iterable[tuple[str, Sequence[Citation]]], texts: dict[str, SourceText], memo: Memo | None = None
) -> tuple[list[Problem], Evidence]:
    """Check that every quote stands, word for word, in the article body of the source it cites, and locate it."""
    problems: list[Problem] = []
    evidence = Evidence()
    memo = memo or Memo()
    searched: list[tuple[str, Citation, SourceText]] = []
    for record_id, citations in cited:
        for citation in citations:
            text = texts.get(citation.source)
            if text is None:
                continue  # unknown source or unreadable seed: already reported
            if too_short(citation.quote):
                problems.append(
                    Problem.at(citation.location_of("quote"), "quote-too-short",
                               f"quote '{clip(citation.quote)}' is too short to back a statement; quote at least "
                               f"{MIN_QUOTE_WORDS} words of the passage, one of them more than a word like 'the' or 'of'",
                               record_id)
                )
                continue
            searched.append((record_id, citation, text))
    bodies = {id(text): (text.sha256, text.first, text.last, text.pages) for _, _, text in searched}

    def search(missing: list[int]) -> list[Found]:
        for text in {id(searched[i][2]): searched[i][2] for i in missing}.values():
            text.body  # prepared once here, before any copy of the process searches it
        return split_map(_search, [searched[i][1:] for i in missing])

    results = memo.recall("quote", [(citation.quote, bodies[id(text)]) for _, citation, text in searched],
                          search, _found_json, _found)
    for (record_id, citation, text), found in zip(searched, results):
        if found:
            match, place = found
            if place is None:
                problems.append(
                    Problem.at(citation.location_of("quote"), "ellipsis-drops-negation",
                               f"an ellipsis leaves out \"{clip(dropped_negation(match))}\" (line {match.line} of "
                               f"{text.rel}), which turns the passage around; quote the negation too", record_id)
                )
                continue
            evidence.add(LocatedCitation(citation, text.rel, *place))
            continue
        outside = find_quote(citation.quote, text.everything)
        if outside:
            problems.append(
                Problem.at(citation.location_of("quote"), "quote-outside-body",
                           f"quote is on line {outside.line} of {text.rel}, outside the article body "
                           f"(lines {text.first}-{text.last}); page furniture cannot be cited", record_id)
            )
            continue
        closest = closest_passage(citation.quote, text.body)
        hint = f'; closest (line {closest.line}): "{closest.text}"' if closest else ""
        problems.append(
            Problem.at(citation.location_of("quote"), "quote-not-found",
                       f"quote not found in the article body of {citation.source}{hint}", record_id)
        )
    return problems, evidence


# A quote search's result: None where the quote is not in the body; else where it matched, and where it
# stands as LocatedCitation gives it after the citation and file (pieces, sentence, text, page, page label),
# or no place where an ellipsis drops a negation.
Found = tuple[Match, tuple | None] | None


def _search(work: tuple[Citation, SourceText]) -> Found:
    """Find a quote in its source's body and place it."""
    citation, text = work
    match = find_quote(citation.quote, text.body)
    if not match:
        return None
    if dropped_negation(match) is not None:
        return match, None
    located = locate(citation, match, text)
    return match, (located.pieces, located.sentence, located.text, located.page, located.page_label)


def _found_json(found: Found) -> list | None:
    """Write a quote search's result as the memo keeps it."""
    if found is None:
        return None
    match, place = found
    if place is not None:
        pieces, sentence, printed, page, label = place
        place = [[list(vars(piece).values()) for piece in pieces], list(vars(sentence).values()), printed, page, label]
    return [[match.line, match.last_line, match.pieces, match.dropped], place]


def _found(kept: list | None) -> Found:
    """Read a quote search's result back from the memo."""
    if kept is None:
        return None
    (line, last_line, pieces, dropped), place = kept
    match = Match(line, last_line, tuple((start, end) for start, end in pieces), tuple(dropped))
    if place is None:
        return match, None
    located, sentence, printed, page, label = place
    return match, (tuple(Span(*piece) for piece in located), Span(*sentence), printed, page, label)


def locate(citation: Citation, match: Match, text: SourceText) -> LocatedCitation:
    """Describe a found quote in its source's own terms: each piece, the sentence around it, its own characters."""
    body = text.body
    pieces = tuple(body.span(start, end) for start, end in match.pieces)
    sentence = body.sentence(match.pieces[0][0], match.pieces[-1][1])
    page, label = text.page_at(pieces[0].line) or (None, None)
    return LocatedCitation(citation, text.rel, pieces, sentence,
                           printed_quote(citation.quote, [piece.text for piece in pieces]), page, label)


def check_sources(sources: list[Source], acknowledged: list[Problem] | None = None) -> list[Problem]:
    """Warn about sources whose date is unknown, unless the analyst has acknowledged it."""
    return [
        problem
        for source in sources
        if source.published is None
        for problem in reviewed(source, [Problem.at(source.location_of("published"), "undated-source",
                                                    "source is undated; claims resting on it alone are weak",
                                                    source.id, "warning")], acknowledged)
    ]


def check_judgments(
    judgments: list[Judgment], facts: list[Fact], lineage: Lineage, acknowledged: list[Problem] | None = None,
    unread: dict[str, str] | None = None,
) -> list[Problem]:
    """Check that every judgment rests on known facts, and warn when they come from a single source.

    A fact in a file that could not be read is not reported as unknown: one note says what was skipped.
    """
    by_id = {fact.id: fact for fact in facts}
    unread = unread or {}
    problems: list[Problem] = []
    skipped = [(j, i) for j in judgments for i in j.rests_on if i not in by_id and i in unread]
    if skipped:
        files = ", ".join(sorted({unread[i] for _, i in skipped}))
        problems.append(Problem.at(skipped[0][0].location_of("rests_on"), "references-skipped",
                                   f"{len(skipped)} reference(s) to facts in {files} not checked: "
                                   "that file could not be read", severity="note"))
    for judgment in judgments:
        if not judgment.rests_on:
            problems.append(Problem.at(judgment.location, "judgment-unsupported",
                                       "judgment rests on no fact; list the fact ids in rests_on", judgment.id))
            continue
        unknown = [fact_id for fact_id in judgment.rests_on if fact_id not in by_id]
        for index, fact_id in enumerate(judgment.rests_on):
            if fact_id in unknown and fact_id not in unread:
                hint = did_you_mean(fact_id, by_id)
                problems.append(Problem.at(judgment.location_of("rests_on", index), "unknown-fact",
                                           f"judgment rests on unknown fact '{fact_id}'{hint}", judgment.id))
        if unknown:
            continue
        citations = [c for fact_id in judgment.rests_on for c in by_id[fact_id].citations]
        if len(lineage.independent(citations)) < 2:
            problems += reviewed(judgment, [Problem.at(judgment.location_of("rests_on"), "single-source-judgment",
                                                       "every fact this judgment rests on comes from one independent "
                                                       "source", judgment.id, "warning")], acknowledged)
    return problems


def check_disagreements(disagreements: list[Disagreement]) -> list[Problem]:
    """Check that a disagreement states at least two sides, each with a quote."""
    problems: list[Problem] = []
    for disagreement in disagreements:
        if len(disagreement.positions) < 2:
            problems.append(Problem.at(disagreement.location_of("positions"), "disagreement-one-sided",
                                       "a disagreement needs at least two positions", disagreement.id))
        for position in disagreement.positions:
            if not position.citations:
                problems.append(Problem.at(position.location, "no-citation",
                                           "position has no citation; add at least one quote", disagreement.id))
    return problems


def check_figures(facts: list[Fact], disagreements: list[Disagreement],
                  acknowledged: list[Problem] | None = None) -> list[Problem]:
    """Warn when records give different values for one measure and period, unless a disagreement records it."""
    recorded = {d.figure_key for d in disagreements if d.figure_key}
    keys = {figure.key for fact in facts for figure in fact.figures if figure.key}
    problems: list[Problem] = [
        Problem.at(d.location_of("figure_key"), "unknown-figure-key",
                   f"no figure has the key '{d.figure_key}'", d.id)
        for d in disagreements
        if d.figure_key and d.figure_key not in keys
    ]
    for comparison in compare_figures(facts):
        if comparison.conflicting and comparison.key not in recorded:
            first = comparison.readings[0]
            values = ", ".join(f"{r.figure.value:g} ({r.fact.id})" for r in comparison.readings)
            found = [Problem.at(first.fact.location_of("figures"), "figure-conflict",
                                f"figures for '{comparison.key}' differ for the same period: {values}; "
                                "record the disagreement in facts/disagreements.yaml", first.fact.id, "warning")]
            # Any record giving one of the figures may acknowledge the conflict.
            for reading in comparison.readings:
                found = reviewed(reading.fact, found, acknowledged)
            problems += found
    return problems


@dataclass(frozen=True)
class Claim:
    """A statement to check against its quotes: the record it stands in, its words, and what supports it."""

    record: Fact | Position | Judgment
    field: str  # the record's field holding the statement
    record_id: str
    statement: str
    evidence: tuple[Quoted, ...]
    options: dict  # check_statement's keywords: date, view speaker, context


def statements(project: Project, texts: dict[str, SourceText], evidence: Evidence) -> Iterator[Claim]:
    """Every fact statement, disagreement position and judgment, with the located quotes it rests on."""
    sources = {source.id: source for source in project.sources}
    introductions = Introductions(texts)

    def quoted(citations: Sequence[Citation], speaker: str | None = None) -> tuple[Quoted, ...]:
        found = []
        for citation in citations:
            try:
                located = evidence.of(citation)
            except KeyError:
                continue  # a quote that was not found is reported already
            found.append(_quoted(located, sources[citation.source], texts[citation.source], speaker, introductions))
        return tuple(found)

    names_of: dict[tuple[str, ...], tuple[str, ...]] = {}  # many statements cite the same sources

    def described(citations: Sequence[Citation]) -> tuple[str, ...]:
        # How a statement may name a source it cites: its label or title, and the report a rewrite retells
        # ("a rewrite of the Yomiuri report on the 29 May call"); such words name the source, not a claim.
        cited = tuple(dict.fromkeys(c.source for c in citations if c.source in sources))
        if cited not in names_of:
            names: list[str] = []
            for source in (sources[source_id] for source_id in cited):
                names += [text for text in (source.label, source.title) if text]
                base = sources.get(source.derived_from or "")
                names += [text for text in (base.publisher, base.label, base.title) if text] if base else []
            names_of[cited] = tuple(names)
        return names_of[cited]

    facts = {fact.id: fact for fact in project.facts}
    for fact in project.facts:
        view = fact.speaker if fact.section == "expert_views" and fact.speaker else None
        affiliation = (fact.affiliation,) if view and fact.affiliation else ()
        yield Claim(fact, "statement", fact.id, readable(fact.statement), quoted(fact.citations, view),
                      {"date": fact.date, "date_precision": fact.date_precision, "view_speaker": view,
                       "context": affiliation + described(fact.citations)})
    for disagreement in project.disagreements:
        for position in disagreement.positions:
            yield Claim(position, "statement", disagreement.id, readable(position.statement),
                        quoted(position.citations), {"context": described(position.citations)})
    for judgment in project.judgments:
        rests_on = [facts[i] for i in judgment.rests_on if i in facts]
        if rests_on and len(rests_on) == len(judgment.rests_on):  # unknown facts are reported already
            yield Claim(judgment, "judgment", judgment.id, readable(judgment.judgment),
                          quoted([c for fact in rests_on for c in fact.citations]),
                          {"context": tuple(fact.statement for fact in rests_on)})


_LINK = re.compile(r"!?\[([^\]]*)\]\((?:[^()]|\([^()]*\))*\)")
_EMPHASIS = re.compile(r"[*`]+")


def readable(statement: str) -> str:
    """The words a reader reads in an inline-Markdown statement: link and image text without targets, entities
    decoded, emphasis marks and invisible format characters dropped."""
    text = html.unescape(_EMPHASIS.sub("", _LINK.sub(r"\1", statement))) if "[" in statement or "&" in statement \
        or "*" in statement or "`" in statement else statement
    if text.isascii():
        return text  # control characters are the hidden-character check's
    return "".join(c for c in text if unicodedata.category(c) not in ("Cf", "Cc") or c in "\n\t")


def check_support(project: Project, texts: dict[str, SourceText], evidence: Evidence, lineage: Lineage,
                  acknowledged: list[Problem] | None = None, memo: Memo | None = None) -> list[Problem]:
    """Check every statement, position and judgment against what its quotes say; one warning per finding.

    Also warn where a judgment's confidence is higher than the weakest fact it rests on allows.
    """
    problems: list[Problem] = []
    memo = memo or Memo()
    with paused():  # the check makes many small tuples that hold no cycles
        claims = [item for item in statements(project, texts, evidence) if item.evidence]
        readings = memo.recall("support", [(item.statement, item.evidence, item.options) for item in claims],
                               lambda missing: split_map(_read_claim, [claims[i] for i in missing]),
                               _findings_json, _findings)
        for item, found in zip(claims, readings):
            if found:
                where = item.record.location_of(item.field)
                problems += reviewed(item.record, [Problem.at(where, f.code, f.message, item.record_id, "warning")
                                                   for f in found], acknowledged)
    facts = {fact.id: fact for fact in project.facts}
    for judgment in project.judgments:
        if judgment.rests_on and all(i in facts for i in judgment.rests_on):
            rests_on = [facts[i] for i in judgment.rests_on]
            problems += reviewed(judgment, check_confidence(judgment, rests_on, lineage), acknowledged)
    return problems


def _read_claim(claim: Claim) -> list[Finding]:
    """What in a claim's statement its quotes do not support."""
    return check_statement(claim.statement, claim.evidence, **claim.options)


def _findings_json(found: list[Finding]) -> list[list[str]]:
    """Write a statement's findings as the memo keeps them."""
    return [[finding.code, finding.words, finding.message] for finding in found]


def _findings(kept: list) -> list[Finding]:
    """Read a statement's findings back from the memo."""
    return [Finding(str(code), str(words), str(message)) for code, words, message in kept]


def explain_support(project: Project, texts: dict[str, SourceText], evidence: Evidence, record_id: str) -> str | None:
    """The statements of a fact, judgment or disagreement beside their quotes, with what matched; None if unknown."""
    shown = []
    for item in statements(project, texts, evidence):
        if item.record_id != record_id:
            continue
        where = item.record.location_of(item.field)
        head = f"{where.file}:{where.line}:{where.column}: {record_id}"
        if not item.evidence:
            shown.append(f"{head}\nno located quote: fix the citations first")
            continue
        acknowledged = "".join(f"\nacknowledged {code}: {reason}" for code, reason in item.record.acknowledge.items())
        shown.append(f"{head}\n{explain(item.statement, item.evidence, **item.options)}{acknowledged}")
    return "\n\n".join(shown) if shown else None


def check_confidence(judgment: Judgment, rests_on: Sequence[Fact], lineage: Lineage) -> list[Problem]:
    """Warn when a judgment is held with high confidence but a fact it rests on has one independent source."""
    if judgment.confidence != "high":
        return []
    weak = [fact.id for fact in rests_on if support(fact.citations, lineage).single]
    if not weak:
        return []
    return [Problem.at(judgment.location_of("confidence"), "confidence-unsupported",
                       "high confidence needs every fact it rests on corroborated by two independent sources; "
                       f"{', '.join(weak)} {'has' if len(weak) == 1 else 'have'} one (rewrites count as the report "
                       "they retell): lower it to moderate or acknowledge it with a reason", judgment.id, "warning")]


def _quoted(located: LocatedCitation, source: Source, text: SourceText, speaker: str | None,
            introductions: Introductions) -> Quoted:
    """A located quote as the statement check reads it: its sentence, and its whole paragraph for quoted speech."""
    sentence = located.sentence.text
    paragraph = "\n".join(text.lines[located.sentence.line - 1:located.sentence.last_line])
    if speaker:
        sentence = paragraph  # who speaks ("Suzuki said") often stands in the paragraph's other sentences
    nearby = "\n".join([paragraph, source.title or "", *introductions.around(source.id, sentence)])
    return Quoted(located.text, sentence, source.id, source.kind or "original", source.publisher, speaker,
                  source.published, nearby)


_SENTENCE = re.compile(r"(?<=[.!?])[\"'’”]?\s+")
_PERSON = re.compile(r"\b([A-Z][a-z]{2,})\b")


class Introductions:
    """Where each source first names each person or body: the sentence that gives their title and affiliation."""

    def __init__(self, texts: dict[str, SourceText]):
        self.texts = texts
        self.sentences: dict[str, list[str]] = {}
        self.first: dict[tuple[str, str], str | None] = {}

    def around(self, source_id: str, sentence: str) -> list[str]:
        """The sentences where the source first names each person or body the given sentence names."""
        found = []
        for name in dict.fromkeys(_PERSON.findall(sentence)):
            if name.lower() in lexicon.STOPWORDS or name.lower() in lexicon.OPENERS:
                continue
            key = (source_id, name)
            if key not in self.first:
                self.first[key] = next((s for s in self._sentences(source_id) if name in s), None)
            first = self.first[key]
            if first is not None and first not in found:
                found.append(first)
        return found

    def _sentences(self, source_id: str) -> list[str]:
        if source_id not in self.sentences:
            text = self.texts[source_id]
            body = text.lines[text.first - 1:text.last]
            self.sentences[source_id] = [s for line in body for s in _SENTENCE.split(line) if s.strip()]
        return self.sentences[source_id]


def reviewed(record: Source | Fact | Judgment | Position, problems: list[Problem],
             acknowledged: list[Problem] | None = None) -> list[Problem]:
    """Drop the warnings a record acknowledges; pass each to `acknowledged` with the record's reason."""
    kept = []
    for problem in problems:
        reason = record.acknowledge.get(problem.code) if problem.severity == "warning" else None
        if reason is None:
            kept.append(problem)
        elif acknowledged is not None:
            acknowledged.append(replace(problem, message=f"{problem.message} — acknowledged: {reason}"))
    return kept
