"""Read a statement and its evidence once: clauses, figures, dates, names, and which clauses match."""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Container, Sequence
from dataclasses import dataclass

from ..quotes import quote_pieces
from . import lexicon as lx
from .figures import DateMention, Figure, date_mentions, dates, figures, resolve_weekdays
from .models import Evidence
from .text import (KEPT, Clause, Scan, Token, fold, frames_in, hedges_in, negations_in, read, scan, stem, tokens,
                   word_stems)

_CAPITALISED = re.compile(r"\b[A-Z][A-Za-z]*(?:'[A-Za-z]+)?")
# A run of capitalised words (or dotted initials), with "of", "and", "for" or "the" between them.
_NAME_RUN = re.compile(r"(?:[A-Z](?:\.[A-Z])+\.?|[A-Z][a-z]+)(?:\s+(?:(?:of|and|for|the)\s+)?(?:[A-Z](?:\.[A-Z])+\.?|[A-Z][a-z]+))+")
_SENTENCE_BREAK = re.compile(r"[a-z0-9)]{2}[.!?][\"']?\s+[\"']?[A-Z]")
# Sentence-initial words with these endings are ordinary words ("Economic security …"), not names.
_COMMON_ENDINGS = ("ly", "ing", "ed", "ic", "al", "ion", "ity", "ment", "ness", "ive", "ous", "ary", "ence", "ance", "ies",
                   "ers", "ists", "ors", "ants", "ents", "als", "ions")
_OPENERS = lx.OPENERS


@dataclass(frozen=True)
class Gap:
    """Words an ellipsis leaves out of a quote."""

    text: str
    crosses_sentence: bool


@dataclass(frozen=True)
class EvidenceReading:
    """A quote read once: its clauses, what frames it, and what its ellipses drop."""

    evidence: Evidence
    quote: str
    sentence: str
    clauses: tuple[Clause, ...]
    outside_frames: tuple[str, ...]  # frames in the sentence but outside the quote ("they note")
    lead_hedge: int                  # a hedge just before the quote starts ("is considering | providing …")
    lead_negation: str | None        # a negation just before the quote starts
    lead_words: str                  # the words just before the quote
    gaps: tuple[Gap, ...]
    around: tuple[Clause, ...] = ()  # the sentence's clauses outside the quote


@dataclass(frozen=True)
class Placed:
    """A quote found in its sentence: the pieces, where they stand, the sentence outside them, the words just before."""

    quote: str
    sentence: str
    pieces: tuple[str, ...]
    spans: tuple[tuple[int, int], ...]  # none when a piece is missing from the sentence
    outside: str                        # the sentence without the quote ("" when not found)
    lead: tuple[Token, ...]             # the words of the quote's own clause just before it


@functools.lru_cache(maxsize=KEPT)
def place(evidence: Evidence) -> Placed:
    """Find a quote in its sentence."""
    quote = fold(evidence.quote)
    sentence = fold(evidence.sentence) or quote
    pieces = quote_pieces(quote)
    spans = tuple(_locate(pieces, sentence))
    outside, before = "", ()
    if spans:
        outside = sentence[: spans[0][0]] + " ; " + sentence[spans[-1][1]:]
        before = tokens(sentence[: spans[0][0]])[-3:]
        stops = [i for i, t in enumerate(before) if t.text in {".", ";", "!", "?", ":", ",", '"'}]
        before = before[stops[-1] + 1:] if stops else before  # only words of the quote's own clause lead it
    return Placed(quote, sentence, pieces, spans, outside, before)


def closes(part: Clause) -> bool:
    """Whether a sentence's last comma piece only says who said the rest: "…, Chou said", "…, said Suzuki, a
    director at …", "…," minister Ryosei Akazawa said Thursday ahead of talks" (its verb followed by no claim of its own)."""
    if not part.attributed:
        return False
    words = part.tokens
    if len(words) <= 8 or any(t.text in part.attributions for t in words[:3]):
        return True
    said = [t for t in words if t.content]
    if said and said[-1].text in part.attributions and said[-1].lower in lx.ATTRIBUTION_VERBS:
        return True  # "…, so there are a lot of problems — honestly, too many,' Suzuki added"
    at = next((i for i, t in enumerate(words[:9]) if t.lower in lx.ATTRIBUTION_VERBS and t.text in part.attributions), None)
    return at is not None and (at + 1 == len(words) or words[at + 1].lower in lx.CIRCUMSTANCES
                               or words[at + 1].lower in lx.WEEKDAYS)


@functools.lru_cache(maxsize=KEPT)
def read_evidence(evidence: Evidence) -> EvidenceReading:
    """Read one quote in its sentence."""
    placed = place(evidence)
    quote, sentence, pieces, spans, outside, before = (placed.quote, placed.sentence, placed.pieces, placed.spans,
                                                       placed.outside, placed.lead)
    clauses = tuple(c for piece in pieces for c in read(piece))
    lead_hedge, lead_negation, lead_text, gaps = lx.ASSERTED, None, "", []
    if spans:
        lead_text = " ".join(t.text for t in before)
        lead_hedge = min((tier for _, tier in hedges_in(before, lead_text)), default=lx.ASSERTED)
        lead_negations = negations_in(before, lead_text)
        lead_negation = lead_negations[-1] if lead_negations and before[-1].lower in lx.NEGATIONS | {"n't", "yet", "to"} else None
        for (_, end), (start, _), piece in zip(spans, spans[1:], pieces):
            text = sentence[end:start]
            crosses = bool(_SENTENCE_BREAK.search(text)) and not piece.rstrip().endswith((".", "?", "!"))
            gaps.append(Gap(text, crosses))
    outside_tokens = tokens(outside)
    frames = tuple(frames_in(outside_tokens, outside))
    # A quote that ends with who said it ("…, too many,' Suzuki added") is theirs throughout, as one the frame stands outside.
    frames += tuple(f for c in clauses[-1:] if c.frames and closes(c) for f in c.frames)
    around = tuple(c for c in read(outside) if len(c.stems) >= 2) if spans else ()
    return EvidenceReading(evidence, quote, sentence, clauses, frames, lead_hedge, lead_negation,
                           lead_text, tuple(gaps), around)


def _locate(pieces: Sequence[str], sentence: str) -> list[tuple[int, int]]:
    """Find each piece of a quote in order in its sentence; none when one is missing."""
    lowered, spans, position = sentence.lower(), [], 0
    for piece in pieces:
        piece = piece.rstrip(".,;:!? ")  # a quote may end a sentence the source runs on with a comma
        at = lowered.find(piece.lower(), position)
        if at < 0:
            return []
        spans.append((at, at + len(piece)))
        position = at + len(piece)
    return spans


class _Once:
    """A property computed when first read, then kept on the instance."""

    # functools.cached_property takes a lock for each first read until Python 3.12: about a microsecond for
    # each part of each statement's support. A Support is read by one thread.

    def __init__(self, compute):
        self.compute, self.__doc__ = compute, compute.__doc__

    def __set_name__(self, owner, name: str) -> None:
        self.name = name

    def __get__(self, instance, owner=None):
        if instance is None:
            return self
        value = instance.__dict__[self.name] = self.compute(instance)
        return value


# Words by which a sentence speaks of what is still to come: its weekdays may be the next ones.
_AHEAD = frozenset({"will", "scheduled", "next", "plans", "planned", "due", "expected", "upcoming", "ahead"})


class Support:
    """Everything the quotes (with their sentences), the context and the record's date support.

    Each part is read when a check first asks for it: the fast path (support.plainly_within) asks for the
    words, figures, dates, names and the context's clauses, never for the quotes' clauses.
    """

    def __init__(self, evidence: tuple[Evidence, ...], context: tuple[str, ...], date: dt.date | None,
                 date_precision: str, view_speaker: str | None):
        self.evidence, self.context, self.date = evidence, context, date
        self.date_precision, self.view_speaker = date_precision, view_speaker
        # The people who publish or speak the quotes, and the record's speaker.
        people = [e.publisher for e in evidence if e.publisher] + [e.speaker for e in evidence if e.speaker]
        self.people: list[str] = people + ([view_speaker] if view_speaker else [])

    @_Once
    def readings(self) -> tuple[EvidenceReading, ...]:
        """Each quote read in its sentence."""
        return tuple(read_evidence(e) for e in self.evidence)

    @_Once
    def context_clauses(self) -> tuple[Clause, ...]:
        """The clauses of the context."""
        return tuple(c for text in self.context for c in read(fold(text)))

    @_Once
    def texts(self) -> tuple[str, ...]:
        """Every supporting text, as printed: sentences, quotes not standing whole in them, context, people, source ids."""
        placed = [place(e) for e in self.evidence]
        # A quote standing whole in its sentence adds no word, figure or date the sentence lacks: read it once.
        texts = [p.sentence for p in placed] + [p.quote for p in placed if p.quote not in p.sentence]
        texts += [fold(c) for c in self.context]
        return tuple(texts + self.people + [e.source_id.replace("-", " ") for e in self.evidence])

    @_Once
    def figures(self) -> tuple[Figure, ...]:
        """Every figure the supporting texts give."""
        return tuple(f for text in self.texts for f in figures(text))

    @_Once
    def dates(self) -> tuple[DateMention, ...]:
        """Every date the supporting texts, the sources' dates and the record's date give."""
        found = [d for text in self.texts for d in dates(text)]
        for e in self.evidence:
            if e.published:
                # The source's own date names the report ("the Yomiuri report of 30 May"), not its weekday.
                found += [d for d in date_mentions(e.published) if d.kind != "weekday"]
                sentence = place(e).sentence
                ahead = not _AHEAD.isdisjoint(scan(sentence).lowers)
                found += resolve_weekdays(dates(sentence), e.published, ahead)
        if self.date:
            found += date_mentions(self.date, self.date_precision)
        return tuple(found)

    @_Once
    def words(self) -> frozenset[str]:
        """The supporting texts' lower-case words and their stems."""
        words: set[str] = set()
        for text in self.texts:
            scanned = scan(text)
            words.update(scanned.lowers)
            words.update([form.stem for form in scanned.forms])
        return frozenset(words)

    @_Once
    def stem_lines(self) -> tuple[str, ...]:
        """Each supporting text's word stems, in order, space-separated and space-ended: for finding a quotation."""
        return tuple(f" {word_stems(text)} " for text in self.texts)

    @_Once
    def _near_texts(self) -> list[str]:
        return [fold(e.nearby) for e in self.evidence if e.nearby]

    @_Once
    def nearby(self) -> frozenset[str]:
        """Names (lower case and stems) near the quotes: they count as named."""
        return frozenset(form for text in self._near_texts for word in _CAPITALISED.findall(text)
                         for form in (word.lower(), stem(word.lower())))

    @_Once
    def text(self) -> str:
        """Everything, lower-cased, for phrase look-ups."""
        return " ".join(self.texts).lower()

    @_Once
    def aliases(self) -> frozenset[int]:
        """The alias groups (lexicon.ALIASES) named."""
        near = self._near_texts
        every = self.text + " " + " ".join(near).lower() if near else self.text
        words = self.words | self.nearby
        return frozenset(i for i, group in enumerate(lx.ALIASES) if any(_has(every, words, name) for name in group))

    @_Once
    def named(self) -> frozenset[str]:
        """The stems of the publishers' and speakers' names."""
        return _name_stems(tuple(self.people))

    @_Once
    def initials(self) -> frozenset[str]:
        """The lower-case initials of each run of capitalised words the supporting texts print ("U.S. Geological
        Survey": "usgs"; "of", "and", "for" and "the" inside a run are passed over), and of its tails of three or more."""
        found = set()
        for text in self.texts:
            for run in _NAME_RUN.findall(text):
                letters = "".join(word[0] if "." not in word else word.replace(".", "")
                                  for word in run.split() if word[0].isupper())
                found.update(letters[i:].lower() for i in range(len(letters) - 2))  # a tail of three or more
                found.add(letters.lower())
        return frozenset(found)

    @_Once
    def known(self) -> frozenset[str]:
        """The words the support prints capitalised inside a sentence."""
        return frozenset([lower for text in self.texts for lower in scan(text).capitalised_inside()])

    def knows(self, word: str) -> bool:
        """Whether a word is in `known`, read from the texts that hold it only."""
        # A token's lower case is ASCII letters: where it stands, the lowered text holds it.
        return any(word in text.lower() and word in scan(text).capitalised_inside() for text in self.texts)

    @_Once
    def quoted(self) -> tuple[tuple[EvidenceReading | None, Clause, int], ...]:
        """Every clause the support offers, with its reading (None for context) and how sure it is."""
        quoted: list[tuple[EvidenceReading | None, Clause, int]] = [(None, c, c.tier) for c in self.context_clauses]
        for reading in self.readings:
            for i, clause in enumerate(reading.clauses):
                quoted.append((reading, clause, min(clause.tier, reading.lead_hedge) if i == 0 else clause.tier))
            quoted += [(reading, clause, clause.tier) for clause in reading.around]
        return tuple(quoted)

    @_Once
    def actors(self) -> tuple[tuple[Clause, tuple[Token, set] | None], ...]:
        """Each quote's clauses read whole (relative clauses kept in), each with who acts in it."""
        return tuple((clause, subject(clause, self.named, self.known)) for reading in self.readings
                     for piece in quote_pieces(reading.quote) for clause in read(piece, False, frozenset(), False))


@functools.lru_cache(maxsize=KEPT // 4)
def gather(evidence: tuple[Evidence, ...], context: tuple[str, ...], date: dt.date | None, date_precision: str,
           view_speaker: str | None) -> Support:
    """Pool what the evidence, the context and the record's date support."""
    return Support(evidence, context, date, date_precision, view_speaker)


@functools.lru_cache(maxsize=KEPT)
def _name_stems(people: tuple[str, ...]) -> frozenset[str]:
    """The stems of the words that name these people (the same publishers and speakers recur)."""
    return frozenset(t.stem for person in people for t in tokens(fold(person))
                     if t.capital and t.lower not in lx.STOPWORDS and alias_group(t.lower) is None)


def _has(text: str, words: set[str], name: str) -> bool:
    return name in words if " " not in name else name in text


def alias_group(name: str) -> int | None:
    """The alias group a name belongs to, if any."""
    return _ALIAS_GROUPS.get(name[:-2] if name.endswith("'s") else name)


_ALIAS_GROUPS: dict[str, int] = {}
for _group, _names in enumerate(lx.ALIASES):
    for _name in _names:
        _ALIAS_GROUPS.setdefault(_name, _group)  # a name in two groups belongs to the first


def is_name(words: Sequence[Token], i: int, known: Container[str] = frozenset()) -> bool:
    """Whether a token names someone or something: capitalised, not a title, date or sentence opener.

    `known`: words seen capitalised inside a sentence, so names even where they open one.
    """
    token = words[i]
    following = words[i + 1].text if i + 1 < len(words) else ""
    if following == "," and i + 2 < len(words) and words[i + 2].lower in lx.RELATIVES:
        following = ", which"
    return _names(token.lower, token.capital, token.opens_sentence, following, known)


def names_at(scanned: Scan, i: int, known: Container[str] = frozenset()) -> bool:
    """Whether the i-th word of a scanned text names someone or something, as is_name tells of a token."""
    words = scanned.words
    following = words[i + 1] if i + 1 < len(words) else ""
    if following == "," and i + 2 < len(words) and scanned.lowers[i + 2] in lx.RELATIVES:
        following = ", which"
    return _names(scanned.lowers[i], scanned.forms[i].capital, scanned.opens(i), following, known)


def _names(lower: str, capital: bool, opens: bool, following: str, known: Container[str]) -> bool:
    """Whether a word names someone or something, from its lower case, capital, place and the token after it."""
    if not capital or not lower[:1].isalpha() or lower in lx.STOPWORDS or lower in lx.TITLES:
        return False
    if lower in lx.MONTHS or lower in lx.WEEKDAYS:
        return False
    # `known` is asked last: the fast path looks its words up one at a time (checks.Known).
    return not (opens and alias_group(lower) is None and (
        lower in _OPENERS or lower.endswith(_COMMON_ENDINGS) or following == ",") and lower not in known)


def name_key(token: Token, following: Token | None = None) -> object:
    """What a name token stands for: its alias group (also for "United States"), or its stem."""
    if following is not None:
        group = alias_group(f"{token.lower} {following.lower}")
        if group is not None:
            return ("alias", group)
    group = alias_group(token.lower)
    return ("alias", group) if group is not None else stem(token.lower)


def name_keys(words: Sequence[Token]) -> set[object]:
    """The keys of every name in a run of tokens."""
    return {name_key(t, words[i + 1] if i + 1 < len(words) else None)
            for i, t in enumerate(words) if is_name(words, i)}


def subject(clause: Clause, named: frozenset[str] = frozenset(),
            known: frozenset[str] = frozenset()) -> tuple[Token, set[object]] | None:
    """The name run among a clause's first words, taken as who acts, past any attribution or source name."""
    words = clause.tokens
    start = 0
    for i, token in enumerate(words[:8]):
        if token.lower == "that" and any(t.lower in lx.ATTRIBUTION_VERBS for t in words[:i]):
            start = i + 1
            break
    else:
        if words and words[0].lower in lx.OPENING_PREPOSITIONS:
            # past an opening phrase of when or where: "Between 2019 and 2022, the U.S. imported …"
            start = next((i + 1 for i, t in enumerate(words[:8]) if t.text == ","), 0)
        else:
            # past a speaker who opens the clause: "Chou said the Trump administration's strategy is …"
            said = next((i for i, t in enumerate(words[:5]) if t.lower in _SAYING), None)
            if said and all(t.capital or t.lower in lx.DETERMINERS or t.lower in lx.TITLES for t in words[:said]):
                start = said + 1
    for i in range(start, min(start + 5, len(words))):
        token = words[i]
        following = words[i + 1] if i + 1 < len(words) else None
        opens_source_name = following is not None and following.stem in named and is_name(words, i + 1, known)
        if not is_name(words, i, known) or token.stem in named or opens_source_name:
            if token.lower in lx.DETERMINERS or token.lower in lx.TITLES or is_name(words, i, known):
                continue
            if i > start and token.lower in lx.ATTRIBUTION_VERBS:
                continue  # "The Japan Times says Japan …": who acts follows the source's verb
            return None
        strong = not token.opens_sentence or token.lower in known or alias_group(token.lower) is not None or (
            following is not None and is_name(words, i + 1))
        if not strong:
            return None
        run = [token]
        while i + len(run) < len(words) and is_name(words, i + len(run), known):
            run.append(words[i + len(run)])
        return token, name_keys(run) | {name_key(run[-1])}
    return None


# Verbs by which a speaker opening a clause reports what follows.
_SAYING = frozenset({"said", "says", "told", "tells", "argued", "argues", "noted", "notes", "added", "adds", "warned",
                     "warns", "stressed", "stresses", "insisted", "insists", "explained", "explains"})


def is_meta(clause: Clause, named: frozenset[str]) -> bool:
    """Whether a clause describes what a named source says ("The Yomiuri describes …") rather than stating it."""
    words = clause.tokens
    return any(t.lower in lx.META_VERBS and any(w.stem in named or w.lower in {"rewrite", "it"} for w in words[max(0, i - 3):i])
               for i, t in enumerate(words))


def align(clause: Clause, candidates: Sequence[Clause]) -> list[Clause]:
    """The candidates that say most of what the clause says (near-best by shared words), if any share enough."""
    scores = [len(clause.stems & c.stems) for c in candidates]
    best = max(scores, default=0)
    needed = 2 if len(clause.stems) > 2 else 1
    if best < needed:
        return []
    return [c for c, score in zip(candidates, scores) if score >= max(needed, best * 0.75)]
