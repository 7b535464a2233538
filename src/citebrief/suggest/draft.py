"""Draft fact records for the sentences of a source's body that no record quotes yet."""

from __future__ import annotations

from dataclasses import dataclass, field
from itertools import count
from pathlib import Path

from pydantic import ValidationError

from ..errors import CitebriefError, Problem, ProjectError, did_you_mean
from ..load import DISAGREEMENTS_FILE, load_facts, load_optional_list, load_sources
from ..markup import escape
from ..models import Citation, Disagreement, Fact, Source, slug
from ..quotes import Paragraph, Passages, find_quote, quote_pieces
from ..seeds import SourceText, read_seeds
from .classify import (
    MAX_QUOTE,
    Speaker,
    attribution,
    figures_in,
    guess_section,
    guess_status,
    headline,
    is_proposal,
)
from .classify import speakers as named_speakers
from .sentences import BULLET, sentences


@dataclass
class Suggestion:
    """A drafted fact record, where its sentence stands, and what the analyst should look at."""

    fact: Fact
    line: int
    reason: str
    notes: list[str] = field(default_factory=list)


@dataclass
class Drafts:
    """What suggest found for one source, and the problems of the record files it had to step over."""

    source: Source
    text: SourceText
    suggestions: list[Suggestion]
    unread: list[Problem]
    stopped_at: int | None = None  # the line where drafting stopped at MAX_DRAFTS, if it did


# No analyst reviews more drafts than this in one sitting; the rest are drafted by the next run, since
# sentences that records quote by then are left out. It also bounds the time suggest takes on a huge source.
MAX_DRAFTS = 500


def suggest(root: Path, source_id: str) -> Drafts:
    """Draft records for the sentences of a source's body that no record covers yet."""
    sources, source_problems = load_sources(root)
    by_id = {source.id: source for source in sources}
    if source_id not in by_id:
        if any(p.severity == "error" for p in source_problems):
            raise ProjectError(source_problems)
        hint = did_you_mean(source_id, by_id, f"; the project's sources: {', '.join(sorted(by_id))}")
        raise CitebriefError(f"unknown source '{source_id}'{hint}")
    source = by_id[source_id]
    texts, seed_problems = read_seeds(root, [source])
    if source_id not in texts:
        raise ProjectError(seed_problems)
    text = texts[source_id]

    facts, fact_problems = load_facts(root)
    disagreements, disagreement_problems = load_optional_list(root, DISAGREEMENTS_FILE, Disagreement)
    citations = [c for c in _citations(facts, disagreements) if c.source == source_id]
    split = [(paragraph.text, sentences(paragraph.text)) for paragraph in text.body.paragraphs]
    covered = _covered(citations, text.body, [found for _, found in split])
    ids = _Ids({fact.id for fact in facts})
    speakers = named_speakers(split)

    suggestions, number = [], count()  # sentences are numbered through the body, as _covered numbers them
    for paragraph, (_, found) in zip(text.body.paragraphs, split):
        if len(suggestions) >= MAX_DRAFTS:
            return Drafts(source, text, suggestions, fact_problems + disagreement_problems, paragraph.line)
        previous: Speaker | None = None  # quoted speech that follows an attribution is the same speaker's
        for n, whole in enumerate(found):
            sentence = BULLET.sub("", whole) if n == 0 else whole
            speaker, speech = attribution(sentence, speakers, previous)
            previous = speaker
            if next(number) in covered:
                continue
            suggestion = _draft(sentence, paragraph.line, source_id, speaker, speech, ids)
            # Checked against the sentence as it stands in the body, cut at spaces: found there, the quote
            # is found in the body, and the check costs the sentence's length, not the body's (#16).
            if suggestion and find_quote(sentence, Passages([Paragraph(paragraph.line, whole)])):
                ids.claim(suggestion.fact.id)
                suggestions.append(suggestion)
    return Drafts(source, text, suggestions, fact_problems + disagreement_problems)


def _citations(facts: list[Fact], disagreements: list[Disagreement]) -> list[Citation]:
    cited = [c for fact in facts for c in fact.citations]
    return cited + [c for d in disagreements for position in d.positions for c in position.citations]


def _covered(citations: list[Citation], body: Passages, split: list[list[str]]) -> set[int]:
    """Number the body's sentences in order and say which of them a record's quote takes in, in part or whole."""
    # The body again, one "paragraph" per sentence: the joined text is the same, so find_quote's match
    # names the first and last sentence a quote runs over. (Until verify hands over located citations.)
    numbered = [Paragraph(number, sentence) for number, sentence in enumerate(s for found in split for s in found)]
    by_sentence = Passages(numbered)
    first = [0]
    for found in split:
        first.append(first[-1] + len(found))
    covered: set[int] = set()
    for citation in citations:
        pieces = quote_pieces(citation.quote)
        match = find_quote(citation.quote, by_sentence if len(pieces) == 1 else body)
        if match is None:
            continue  # a broken quote covers nothing; check reports it
        if len(pieces) == 1:
            covered.update(range(match.line, match.last_line + 1))
            continue
        index = next(i for i, p in enumerate(body.paragraphs) if p.line == match.line)
        position = first[index]
        for piece in pieces:  # in order, each in or after the sentence of the one before
            at = find_quote(piece, Passages(numbered[position:first[index + 1]]))
            if at is None:
                break
            covered.update(range(at.line, at.last_line + 1))
            position = at.line
    return covered


def _draft(
    sentence: str, line: int, source_id: str, speaker: Speaker | None, speech: str | None, ids: _Ids
) -> Suggestion | None:
    if len(sentence.split()) < 4 or len(sentence) > MAX_QUOTE or headline(sentence):
        return None
    figures = figures_in(sentence)
    proposal = is_proposal(sentence)
    if not (speaker or figures or proposal):
        return None

    section = guess_section(sentence, speaker is not None)
    notes = []
    if speaker and not speaker.affiliation:
        notes.append("affiliation: the article gives none near the name; add the speaker's role and organisation")
    statement = f"{speaker.name} said “{speech}”." if speaker and speech else sentence
    try:
        fact = Fact(
            id=ids.free(_id_base(sentence, speaker)),
            section=section,
            speaker=speaker.name if speaker else None,
            affiliation=speaker.affiliation if speaker else None,
            statement=escape(statement),
            status=guess_status(sentence) if section == "proposals" else None,
            citations=[Citation(source=source_id, quote=sentence)],
        )
    except ValidationError:
        return None  # a statement that escaping made longer than a record may hold

    reasons = ["attributed quote"] if speaker else []
    if figures:
        reasons.append("figures " + ", ".join(figures))
        notes.append("figures: add those the statement gives as data (value, unit, measure)")
    if proposal and not speaker:
        reasons.append("proposal")
    return Suggestion(fact, line, "; ".join(reasons), notes)


_STOPWORDS = {
    "the", "a", "an", "and", "or", "of", "to", "in", "on", "at", "by", "for", "with", "from", "as", "is", "are",
    "was", "were", "be", "been", "it", "its", "that", "this", "these", "those", "which", "who", "has", "have",
    "had", "will", "would", "could", "said", "says", "but", "not", "there", "their", "they", "we", "i",
}


def _id_base(sentence: str, speaker: Speaker | None) -> str:
    """Make a slug from the sentence's first words that say something, led by the speaker's surname."""
    words = [w for w in slug(sentence).split("-") if w not in _STOPWORDS and len(w) > 1]
    if speaker:
        surname = slug(speaker.name.split()[-1]).split("-")
        words = surname[-1:] + [w for w in words if w not in surname][:3]
    else:
        words = words[:4]
    return "-".join(words) or "suggested"


class _Ids:
    """The record ids in use; a new one gets the first free number after its base."""

    def __init__(self, taken: set[str]):
        self.taken = taken
        self.last: dict[str, int] = {}  # the last number tried for a base, so a thousand repeats cost no more

    def free(self, base: str) -> str:
        """Give base, or base-2, base-3 … whichever is first unused."""
        if base not in self.taken:
            return base
        n = self.last.get(base, 1) + 1
        while f"{base}-{n}" in self.taken:
            n += 1
        self.last[base] = n - 1  # every number below n is taken, and ids are never given back
        return f"{base}-{n}"

    def claim(self, record_id: str) -> None:
        """Mark an id used."""
        self.taken.add(record_id)

