"""Check a loaded project: ids, references, statements, and every quote against its source."""

from __future__ import annotations

from collections.abc import Collection, Iterable, Sequence

from pydantic import BaseModel

from .errors import Problem, clip, did_you_mean
from .markup import hidden_characters, statement_problems
from .evidence import Lineage, compare_figures
from .models import Citation, Disagreement, Evidence, Fact, Judgment, LocatedCitation, Project, Source
from .quotes import MIN_QUOTE_WORDS, Match, closest_passage, dropped_negation, find_quote, printed_quote, too_short
from .seeds import SourceText


def verify_project(project: Project, texts: dict[str, SourceText]) -> tuple[list[Problem], Evidence]:
    """Run every check on the project; return all problems found and every quote located."""
    lineage = Lineage(project.sources)
    cited = [(fact.id, fact.citations) for fact in project.facts] + [
        (disagreement.id, position.citations)
        for disagreement in project.disagreements
        for position in disagreement.positions
    ]
    quote_problems, evidence = verify_quotes(cited, texts)
    problems = (
        check_ids(project.sources, project.facts, project.judgments, project.disagreements)
        + check_references(project.facts, project.sources)
        + (check_citations(cited, project.sources, project.unread_sources) if project.unread_sources is not None else [])
        + check_statements(project.facts, project.judgments, project.disagreements)
        + check_characters([*project.sources, *project.facts, *project.judgments, *project.disagreements])
        + quote_problems
        + check_sources(project.sources)
        + check_judgments(project.judgments, project.facts, lineage)
        + check_disagreements(project.disagreements)
        + check_figures(project.facts, project.disagreements)
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
    cited: Iterable[tuple[str, Sequence[Citation]]], texts: dict[str, SourceText]
) -> tuple[list[Problem], Evidence]:
    """Check that every quote stands, word for word, in the article body of the source it cites, and locate it."""
    problems: list[Problem] = []
    evidence = Evidence()
    for record_id, citations in cited:
        for citation in citations:
            text = texts.get(citation.source)
            if text is None:
                continue  # unknown source or unreadable seed: already reported
            where = citation.location_of("quote")
            if too_short(citation.quote):
                problems.append(
                    Problem.at(where, "quote-too-short",
                               f"quote '{clip(citation.quote)}' is too short to back a statement; quote at least "
                               f"{MIN_QUOTE_WORDS} words of the passage, one of them more than a word like 'the' or 'of'",
                               record_id)
                )
                continue
            match = find_quote(citation.quote, text.body)
            if match:
                negation = dropped_negation(match)
                if negation is not None:
                    problems.append(
                        Problem.at(where, "ellipsis-drops-negation",
                                   f"an ellipsis leaves out \"{clip(negation)}\" (line {match.line} of {text.rel}), "
                                   "which turns the passage around; quote the negation too", record_id)
                    )
                    continue
                evidence.add(locate(citation, match, text))
                continue
            outside = find_quote(citation.quote, text.everything)
            if outside:
                problems.append(
                    Problem.at(where, "quote-outside-body",
                               f"quote is on line {outside.line} of {text.rel}, outside the article body "
                               f"(lines {text.first}-{text.last}); page furniture cannot be cited", record_id)
                )
                continue
            closest = closest_passage(citation.quote, text.body)
            hint = f'; closest (line {closest.line}): "{closest.text}"' if closest else ""
            problems.append(
                Problem.at(where, "quote-not-found",
                           f"quote not found in the article body of {citation.source}{hint}", record_id)
            )
    return problems, evidence


def locate(citation: Citation, match: Match, text: SourceText) -> LocatedCitation:
    """Describe a found quote in its source's own terms: each piece, the sentence around it, its own characters."""
    body = text.body
    pieces = tuple(body.span(start, end) for start, end in match.pieces)
    sentence = body.sentence(match.pieces[0][0], match.pieces[-1][1])
    page, label = text.page_at(pieces[0].line) or (None, None)
    return LocatedCitation(citation, text.rel, pieces, sentence,
                           printed_quote(citation.quote, [piece.text for piece in pieces]), page, label)


def check_sources(sources: list[Source]) -> list[Problem]:
    """Warn about sources whose date is unknown, unless the analyst has acknowledged it."""
    return [
        Problem.at(source.location_of("published"), "undated-source",
                   "source is undated; claims resting on it alone are weak", source.id, "warning")
        for source in sources
        if source.published is None and "undated-source" not in source.acknowledge
    ]


def check_judgments(judgments: list[Judgment], facts: list[Fact], lineage: Lineage) -> list[Problem]:
    """Check that every judgment rests on known facts, and warn when they come from a single source."""
    by_id = {fact.id: fact for fact in facts}
    problems: list[Problem] = []
    for judgment in judgments:
        if not judgment.rests_on:
            problems.append(Problem.at(judgment.location, "judgment-unsupported",
                                       "judgment rests on no fact; list the fact ids in rests_on", judgment.id))
            continue
        unknown = [fact_id for fact_id in judgment.rests_on if fact_id not in by_id]
        for index, fact_id in enumerate(judgment.rests_on):
            if fact_id in unknown:
                hint = did_you_mean(fact_id, by_id)
                problems.append(Problem.at(judgment.location_of("rests_on", index), "unknown-fact",
                                           f"judgment rests on unknown fact '{fact_id}'{hint}", judgment.id))
        if unknown:
            continue
        citations = [c for fact_id in judgment.rests_on for c in by_id[fact_id].citations]
        if len(lineage.independent(citations)) < 2 and "single-source-judgment" not in judgment.acknowledge:
            problems.append(Problem.at(judgment.location_of("rests_on"), "single-source-judgment",
                                       "every fact this judgment rests on comes from one independent source",
                                       judgment.id, "warning"))
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


def check_figures(facts: list[Fact], disagreements: list[Disagreement]) -> list[Problem]:
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
            problems.append(Problem.at(first.fact.location_of("figures"), "figure-conflict",
                                       f"figures for '{comparison.key}' differ for the same period: {values}; "
                                       "record the disagreement in facts/disagreements.yaml", first.fact.id, "warning"))
    return problems
