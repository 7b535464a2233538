"""Check a loaded project: ids, references, statements, and every quote against its source."""

from __future__ import annotations

import difflib

from .errors import Location, Problem
from .load import Project
from .markup import statement_problems
from .models import Fact, Source
from .quotes import closest_passage, find_quote
from .seeds import SourceText


def verify_project(project: Project, texts: dict[str, SourceText]) -> list[Problem]:
    """Run every check on the project and return all problems found."""
    return (
        check_ids(project.sources, project.facts)
        + check_references(project.facts, project.sources)
        + check_statements(project.facts)
        + verify_quotes(project.facts, texts)
    )


def check_ids(sources: list[Source], facts: list[Fact]) -> list[Problem]:
    """Report ids used twice, among sources and among facts."""
    problems: list[Problem] = []
    for records in (sources, facts):
        first_seen: dict[str, Location] = {}
        for record in records:
            where = record.location_of("id")
            if record.id in first_seen:
                first = first_seen[record.id]
                problems.append(
                    Problem.at(where, "duplicate-id", f"id is already used at {first.file}:{first.line}", record.id)
                )
            else:
                first_seen[record.id] = where
    return problems


def check_references(facts: list[Fact], sources: list[Source]) -> list[Problem]:
    """Report facts without citations, citations of unknown sources, and views without a speaker."""
    known = {source.id for source in sources}
    problems: list[Problem] = []
    for fact in facts:
        if not fact.citations:
            problems.append(Problem.at(fact.location, "no-citation", "fact has no citation; add at least one quote", fact.id))
        for citation in fact.citations:
            if citation.source not in known:
                close = difflib.get_close_matches(citation.source, sorted(known), n=1)
                hint = f"; did you mean '{close[0]}'?" if close else ""
                problems.append(
                    Problem.at(citation.location_of("source"), "unknown-source",
                               f"unknown source '{citation.source}'{hint}", fact.id)
                )
        if fact.section == "expert_views":
            for field in ("speaker", "affiliation"):
                if not getattr(fact, field):
                    problems.append(
                        Problem.at(fact.location_of("section"), f"missing-{field}",
                                   f"an expert view needs a {field}", fact.id)
                    )
    return problems


def check_statements(facts: list[Fact]) -> list[Problem]:
    """Report statements that use more than inline Markdown."""
    return [
        Problem.at(fact.location_of("statement"), "statement-markup", message, fact.id)
        for fact in facts
        for message in statement_problems(fact.statement)
    ]


def verify_quotes(facts: list[Fact], texts: dict[str, SourceText]) -> list[Problem]:
    """Check that every quote stands, word for word, in the article body of the source it cites."""
    problems: list[Problem] = []
    for fact in facts:
        for citation in fact.citations:
            text = texts.get(citation.source)
            if text is None:
                continue  # unknown source or unreadable seed: already reported
            if find_quote(citation.quote, text.body):
                continue
            where = citation.location_of("quote")
            outside = find_quote(citation.quote, text.everything)
            if outside:
                problems.append(
                    Problem.at(where, "quote-outside-body",
                               f"quote is on line {outside.line} of {text.rel}, outside the article body "
                               f"(lines {text.first}-{text.last}); page furniture cannot be cited", fact.id)
                )
                continue
            closest = closest_passage(citation.quote, text.body)
            hint = f'; closest (line {closest.line}): "{closest.text}"' if closest else ""
            problems.append(
                Problem.at(where, "quote-not-found",
                           f"quote not found in the article body of {citation.source}{hint}", fact.id)
            )
    return problems
