"""One function per kind of drift: each compares the statement with what its support says."""

from __future__ import annotations

import re
from collections.abc import Container, Iterator
from dataclasses import dataclass

from ..errors import clip
from ..quotes import quote_pieces
from . import lexicon as lx
from .figures import dates, figures
from .models import Evidence, Finding
from .reading import (EvidenceReading, Support, align, closes, is_meta, alias_group, is_name, name_key, name_keys, names_at,
                      place, subject)
from .text import (TURNS, Clause, Scan, Token, clause as read_clause, content_stems, fold, hedges_in, negations_in, read,
                   scan, split, tokens, word_stems)


@dataclass(frozen=True)
class Piece:
    """A comma piece of the statement, with whether it (or the frame that opens its sentence) attributes it."""

    clause: Clause
    segment: Clause
    attributed: bool


@dataclass(frozen=True)
class Statement:
    """A statement read once: its text, its clauses and its comma pieces."""

    text: str
    segments: tuple[Clause, ...]
    pieces: tuple[Piece, ...]


def read_statement(text: str, named: frozenset[str]) -> Statement:
    """Read a statement into clauses and pieces, carrying an opening attribution over its clause.

    A frame that opens a sentence ("Chou says …") also carries over the clauses a turn joins to it
    after a comma ("…, but …", "…, while …").
    """
    words = tokens(text)
    segments = []
    pieces = []
    framed = False  # the sentence so far opened with a frame, and only turns after commas have followed
    subject = False  # the run before opened its sentence with an attribution ("The Yomiuri report, which …, gives …")
    sentence = 0  # where the pieces of the sentence read so far start
    for run, relative in split(words, False):
        if run and pieces and _SENTENCE_END.search(text[pieces[-1].clause.tokens[-1].end:run[0].start]):
            sentence = len(pieces)
        parts = [read_clause(part, text, rel, named) for part, rel in split(run, True)]
        segment = _merge(parts, run, text, relative) if len(parts) != 1 else parts[0]
        segments.append(segment)
        # "…, said Suzuki" closes the sentence, and so does "…, said Suzuki, a director at …" (the speaker described).
        closing = bool(parts) and (closes(parts[-1]) or len(parts) > 2 and _described(parts[-1])
                                   and closes(parts[-2]) and parts[-2].tokens[-1].capital)
        after_comma = bool(run) and text[:run[0].start].rstrip().endswith(",")
        joined = after_comma and run[0].lower in TURNS
        opening = bool(parts) and (parts[0].attributed and not parts[0].relative or closing
                                   or any(_aside(part) for part in parts[1:-1]) or joined and framed)
        framed = joined and framed or bool(parts) and bool(parts[0].frames) and not parts[0].relative and opening
        # After a relative clause set off by commas, the sentence goes on with its own subject's claim.
        carried = [i > 0 and relative and after_comma and subject for i in range(len(parts))]
        if closing and _speaker_last(parts[-1] if closes(parts[-1]) else parts[-2]):
            # a speaker named at the end ("…, so there are a lot of problems,' Suzuki added") said it all
            pieces[sentence:] = [Piece(p.clause, p.segment, True) for p in pieces[sentence:]]
        pieces += [Piece(p, segment, p.attributed or (opening and not p.relative) or carry)
                   for p, carry in zip(parts, carried)]
        subject = not relative and opening and bool(parts) and parts[0].attributed
    return Statement(text, tuple(segments), tuple(pieces))


_SENTENCE_END = re.compile(r"[.!?;]")


def _speaker_last(part: Clause) -> bool:
    """Whether a closing piece is only who said it: "Suzuki added", "officials said", "said William Chou"."""
    words = [t for t in part.tokens if t.text[:1].isalpha()]
    return bool(words) and (words[-1].lower in lx.ATTRIBUTION_VERBS
                            or words[0].lower in lx.ATTRIBUTION_VERBS and all(t.capital for t in words[1:3]))


def _described(part: Clause) -> bool:
    """Whether a comma piece only describes the person just named ("a director at the Institute of Geoeconomics")."""
    words = part.tokens
    return not part.attributed and not part.hedges and not part.negations and 1 < len(words) <= 16 \
        and (words[0].lower in {"a", "an", "the"} or words[0].lower in lx.TITLES) \
        and lx.AUXILIARIES.isdisjoint(t.lower for t in words)


def _aside(part: Clause) -> bool:
    """Whether a comma piece inside a clause is a frame set off by commas ("…, they note, …", "…, according to X, …")."""
    words = part.tokens
    return bool(part.frames or part.attributions) and not part.relative and len(words) <= 5 and (
        words[-1].lower in lx.ATTRIBUTION_VERBS or words[0].lower == "according")


def _merge(parts: list[Clause], run: tuple, text: str, relative: bool) -> Clause:
    """Join the comma pieces of a clause back into the clause, without reading its words again."""
    if not parts:
        return read_clause(run, text, relative)
    return Clause(run, text[run[0].start:run[-1].end], frozenset().union(*(p.stems for p in parts)),
                  min(p.tier for p in parts), sum((p.hedges for p in parts), ()),
                  sum((p.negations for p in parts), ()), sum((p.attributions for p in parts), ()),
                  sum((p.frames for p in parts), ()), relative)


def _q(text: str, limit: int = 70) -> str:
    return f'"{clip(text, limit)}"'


def numbers(statement: Statement, support: Support) -> Iterator[Finding]:
    """Every figure of the statement appears in the support with its value, unit and qualifier."""
    for figure in figures(statement.text):
        same = [f for f in support.figures if f.value == figure.value
                and (f.unit == "%") == (figure.unit == "%")]
        if not same and figure.value == 2 and figure.unit is None and "both" in support.words:
            continue
        if figure.unit == "ordinal":
            rivals = [f for f in support.figures if f.unit == "ordinal" and f.context & figure.context]
            if rivals and not any(f.value == figure.value for f in rivals):
                yield Finding("unsupported-number", figure.words,
                              f'"{figure.words}" — the quote says "{rivals[0].words}"')
            continue
        if not same:
            given = ", ".join(sorted({f.words for f in support.figures})) or "no figure"
            yield Finding("unsupported-number", figure.words,
                          f'"{figure.words}" — the quotes give {given}')
            continue
        units = {f.unit for f in same if f.unit and f.unit != "%"}
        if figure.unit and figure.unit != "%" and units and figure.unit not in units:
            yield Finding("unsupported-number", figure.words,
                          f'"{figure.words}" — the quote gives {", ".join(f.words for f in same)}')
            continue
        kept = [f for f in same if f.qualifier == figure.qualifier
                or (figure.qualifier == "about" and f.qualifier is None)]
        if not kept:
            said = same[0]
            what = "drops" if figure.qualifier is None else "changes"
            yield Finding("unsupported-number", figure.words,
                          f'"{figure.words}" {what} the qualifier — the quote says "{said.words}"')
            continue
        # A year the quotes give, but to another figure ("nearly 60% in 2009" where 2009 is the "over 80%"'s):
        # a year no quote gives is the date check's.
        if figure.year is not None and all(f.year is not None and f.year != figure.year for f in kept) \
                and any(f.year == figure.year for f in support.figures):
            yield Finding("unsupported-number", figure.words,
                          f'"{figure.words}" in {figure.year} — the quote gives "{kept[0].words}" for {kept[0].year}')
            continue
        if figure.context:
            best = max(support.figures, key=lambda f: len(f.context & figure.context))
            best_score = len(best.context & figure.context)
            same_score = max(len(f.context & figure.context) for f in kept)
            if best.value != figure.value and best_score >= 2 and best_score > same_score:
                yield Finding("unsupported-number", figure.words,
                              f'"{figure.words}" — for this the quote gives "{best.words}"')


def date_words(statement: Statement, support: Support) -> Iterator[Finding]:
    """Every date, month, year, weekday and time of day of the statement is one the support gives."""
    mentions = dates(statement.text)
    if not mentions:
        return
    known = {(d.kind, d.value) for d in support.dates}
    months = {d.value[0] for d in support.dates if d.kind == "day"}
    for mention in mentions:
        if (mention.kind, mention.value) in known or (mention.kind == "month" and mention.value in months):
            continue
        same_kind = sorted({d.words for d in support.dates if d.kind == mention.kind})
        instead = f"the quotes and the record's date give {', '.join(same_kind)}" if same_kind else \
            "neither the quotes nor the record's date give one"
        yield Finding("unsupported-date", mention.words, f'"{mention.words}" — {instead}')


def _quoted(support: Support) -> tuple[tuple[EvidenceReading | None, Clause, int], ...]:
    """Every clause the support offers, each with its reading (None for context) and how sure it is."""
    return support.quoted


def _strong(clause: Clause, other: Clause) -> bool:
    """Whether two clauses share enough words to say the same thing: three, or most of the clause's, or all of a
    short clause's with at most two more ("It's not just about tariffs" / "Chou said it's just about tariffs")."""
    shared = len(clause.stems & other.stems)
    return shared >= 3 or (shared >= 2 and shared >= 0.6 * len(clause.stems)) \
        or (shared >= 1 and shared == len(clause.stems) and len(other.stems) <= shared + 2)


def negation(statement: Statement, support: Support) -> Iterator[Finding]:
    """A negation in a quote is kept in the statement, and the statement adds none the quotes lack."""
    pieces = [p.clause for p in statement.pieces]
    negated_segments = {id(p.clause) for p in statement.pieces if p.segment.negated}
    quoted = _quoted(support)
    # Quotes are read in comma pieces here: a negation rarely reaches past its own piece.
    fine = [(reading, c, i == 0) for reading in support.readings
            for i, c in enumerate(c for piece in quote_pieces(reading.quote) for c in read(piece, True))]
    for reading, clause, first in fine:
        negated = clause.negated or (first and reading.lead_negation is not None)
        matched = [p for p in align(clause, pieces) if _strong(clause, p)]
        meta = any(is_meta(p.segment, support.named) for p in statement.pieces if p.clause in matched)
        if negated and matched and clause.negations and not _says_negated(clause, matched) \
                and not _restates(clause, matched):
            continue  # the statement shares the clause's other words, not what its negation governs
        if negated and matched and not meta and not any(p.negated or id(p) in negated_segments for p in matched):
            said = clause.negations[0] if clause.negations else reading.lead_negation
            yield Finding("negation-mismatch", clip(matched[0].text, 70),
                          f'{_q(matched[0].text)} drops the negation — the quote says "{said}": {_q(clause.text)}')
        elif clause.negated and not matched:
            yield from _negated_words_kept(clause, statement, support)
    clauses = [c for _, c, _ in quoted]
    added = set()  # the statement's clauses whose added negation a piece of them has shown
    for piece in statement.pieces:
        if not piece.clause.negated:
            continue
        matched = [c for c in align(piece.clause, clauses) if _strong(piece.clause, c)]
        if matched and not any(c.negated for c in matched):
            added.add(id(piece.segment))
            yield Finding("negation-mismatch", piece.clause.negations[0],
                          f'"{piece.clause.negations[0]}" — the quote has no negation: {_q(matched[0].text)}')
    # A negation cut off from what it negates by an aside ("Japan was not, as of 30 May, considering …").
    for segment in statement.segments:
        words = segment.tokens
        cut = any(t.lower in lx.NEGATIONS and i + 1 < len(words) and words[i + 1].text == ","
                  for i, t in enumerate(words))
        if cut and segment.negated and id(segment) not in added and not is_meta(segment, support.named):
            matched = [c for c in align(segment, clauses) if _strong(segment, c)]
            if matched and not any(c.negated for c in matched):
                yield Finding("negation-mismatch", segment.negations[0],
                              f'"{segment.negations[0]}" — the quote has no negation: {_q(matched[0].text)}')


def _negated_words_kept(clause: Clause, statement: Statement, support: Support) -> Iterator[Finding]:
    """A short negated clause whose three words after the negation the statement prints without one ("It's not just
    about tariffs" as "… is just about tariffs"), where the clause shares too few words to be aligned."""
    words = [t.lower for t in clause.tokens]
    for i, word in enumerate(words):
        gram = words[i + 1:i + 4]
        if word not in lx.NEGATIONS or len(gram) < 3 or not any(t.content for t in clause.tokens[i + 1:i + 4]):
            continue
        for piece in statement.pieces:
            mine = [t.lower for t in piece.clause.tokens]
            at = next((j for j in range(len(mine) - 2) if mine[j:j + 3] == gram), None)
            if at is not None and not piece.clause.negated and not piece.segment.negated \
                    and not is_meta(piece.segment, support.named):
                yield Finding("negation-mismatch", clip(piece.clause.text, 70),
                              f'{_q(piece.clause.text)} drops the negation — the quote says "{word}": {_q(clause.text)}')
                return


def _restates(clause: Clause, matched: list[Clause]) -> bool:
    """Whether the statement's pieces give nearly all of a long clause's words, the negated verb reworded ("should not
    yet be interpreted as a signal of near-term capital inflow …" as "should be read as a signal of …")."""
    stems = frozenset().union(*(p.stems for p in matched))
    return len(clause.stems) >= 6 and len(clause.stems & stems) >= 0.8 * len(clause.stems)


def _says_negated(clause: Clause, matched: list[Clause]) -> bool:
    """Whether the statement's pieces carry the word a negation governs ("little to get" → "get")."""
    stems = frozenset().union(*(p.stems for p in matched))
    negations = {w.split()[0] for w in clause.negations}
    for i, token in enumerate(clause.tokens):
        if token.lower in lx.PREDICATE_NEGATIONS and i and clause.tokens[i - 1].lower in lx.COPULAS:
            # After a copula ("details remain scarce") the word negates the subject: the statement must give it.
            if not any(t.content and t.stem in stems for t in clause.tokens[:i - 1]):
                return False
            continue
        if token.lower not in negations:
            continue
        for follower in clause.tokens[i + 1:i + 5]:
            if follower.content and follower.lower not in lx.HEDGES and follower.lower not in {"longer", "yet"}:
                if follower.stem not in stems:
                    return False
                break
    return True


def certainty(statement: Statement, support: Support) -> Iterator[Finding]:
    """The statement is no surer than its surest matching quote: a hedge in the quotes is kept."""
    quoted = _quoted(support)
    clauses = [c for _, c, _ in quoted]
    tiers = {id(c): t for _, c, t in quoted}
    readings = {id(c): r for r, c, _ in quoted}

    def raised(segment: Clause) -> Finding | None:
        matched = align(segment, clauses) if len(segment.stems) > 1 else []  # a name alone ("Japan, which …") claims nothing
        if not matched:
            return None
        surest = max(matched, key=lambda c: tiers[id(c)])
        tier = tiers[id(surest)]
        if is_meta(segment, support.named) or segment.negated != surest.negated:
            return None
        if segment.tier <= tier:
            hardened = _hardened(segment, matched)
            if not hardened:
                return None
            words = _from(segment, hardened[0])
            return Finding("certainty-raised", words, f'"{words}" is surer — the quote says "{hardened[1]}": '
                                                       f'{_q(surest.text)}')
        hedges = [h for h in surest.hedges if lx.HEDGES.get(h, lx.HEDGE_PHRASES.get(h)) == tier]
        reading = readings[id(surest)]
        if not hedges and reading is not None:
            lead = [h for h, _ in hedges_in(tokens(reading.lead_words), reading.lead_words)]
            hedges = lead or [reading.lead_words or "a hedge"]
        # "reportedly", "suggests", "is expected": a statement that names its source keeps them; not the quote's own
        # reporting verb ("Ishiba reportedly told Trump" as "Ishiba told Trump" drops the hedge on the telling).
        # "is believed" stays a hedge on what it governs: the paper reports a belief, not the act ("conveyed").
        if segment.attributed and set(segment.attributions) - set(surest.attributions) \
                and all(h in lx.EVIDENTIAL or h in lx.ATTRIBUTION_VERBS
                        and (h != "believed" or not _governed(surest, h, segment)) for h in hedges):
            return None
        words = _verb_near(surest, segment)
        return Finding("certainty-raised", words,
                       f'"{words}" is {lx.TIER_NAMES[segment.tier]} — the quote says "{hedges[0] if hedges else "?"}" '
                       f'({lx.TIER_NAMES[tier]}): {_q(surest.text)}')

    for segment in statement.segments:
        found = raised(segment)
        # Two claims joined by "and" may each answer to another quote ("flew to Washington and met Bessent").
        for part in () if found else _and_parts(segment, statement.text):
            found = raised(part)
            if found:
                break
        if found:
            yield found


def _governed(clause: Clause, hedge: str, segment: Clause) -> bool:
    """Whether the statement gives the word a quote's hedge governs ("is believed to have conveyed" → "conveyed")."""
    words = clause.tokens
    at = next((i for i, t in enumerate(words) if t.lower == hedge), len(words))
    follower = next((t for t in words[at + 1:at + 6] if t.content), None)
    return follower is not None and follower.stem in segment.stems


def _and_parts(segment: Clause, text: str) -> list[Clause]:
    """The claims of a plain clause where "and" opens a second verb of the same subject ("flew to Washington and
    met Bessent"), each with three words that carry meaning; none where "and" joins less than two claims."""
    words = segment.tokens
    if not any(t.lower == "and" for t in words):
        return []
    # A hedge reaches over verbs joined to its own ("is expected to visit Washington and meet Bessent"); only a verb
    # with an auxiliary of its own ("is considering X, and has proposed Y") starts a claim outside it.
    opens = lx.CLAIM_VERBS if segment.tier == lx.ASSERTED else lx.FINITE_AUXILIARIES
    parts, current = [], []
    for i, token in enumerate(words):
        after = words[i + 1].lower if i + 1 < len(words) else ""
        if token.lower == "and" and current and (after in opens or opens is lx.CLAIM_VERBS and after.endswith("ed")
                                                 and len(after) > 4):
            parts.append(tuple(current))
            current = []
        else:
            current.append(token)
    if current:
        parts.append(tuple(current))
    if len(parts) < 2 or any(sum(t.content for t in part) < 3 for part in parts):
        return []
    return [read_clause(part, text, segment.relative) for part in parts]


def _hardened(segment: Clause, matched: list[Clause]) -> tuple[str, str] | None:
    """The statement's firm word and the hedge of the matching quote clauses it stands for, where the tiers alone
    do not tell: "could be on the table" as "will be on the table" (a modal made "will"), or "a further idea,
    floated" as "a further idea, agreed" (any hedge made "agreed", "decided", "signed" …). None if neither."""
    if not all(c.hedges for c in matched):
        return None
    theirs = {t.stem for c in matched for t in c.tokens}
    firm = sorted({t.lower for t in segment.tokens if t.lower in lx.COMMITMENTS and t.stem not in theirs})
    settled = [word for word in firm if word != "will"]
    if settled:
        return settled[0], matched[0].hedges[0]
    modals = [next((h for h in c.hedges if h in lx.MODALS), None) for c in matched]
    if not lx.MODALS.isdisjoint(segment.hedges) or not all(modals):
        return None
    if firm:
        return "will", modals[0]
    # "could be on the table" as "is on the table": the modal dropped before a hedge both keep.
    copula = next((t.lower for t in segment.tokens if t.lower in {"is", "are"}), None)
    kept = set(segment.hedges) & {h for c in matched for h in c.hedges if h not in lx.MODALS}
    if copula and kept and all(any(t.lower == m and u.lower == "be" for t, u in zip(c.tokens, c.tokens[1:]))
                      for c, m in zip(matched, modals)):
        return copula, modals[0]
    return None


def _from(segment: Clause, word: str) -> str:
    """The statement's firm word and the four words after it."""
    words = segment.tokens
    at = next(i for i, t in enumerate(words) if t.lower == word)
    last = words[min(at + 4, len(words) - 1)]
    return segment.text[words[at].start - words[0].start:last.end - words[0].start]


def _verb_near(clause: Clause, segment: Clause) -> str:
    """The statement's words that stand where the quote's hedge stands."""
    for i, token in enumerate(clause.tokens):
        if token.lower in lx.HEDGES or token.lower in {"table", "consideration"}:
            for follower in clause.tokens[i + 1:i + 6]:
                if follower.lower in lx.STOPWORDS or follower.lower in {"have", "be", "been"}:
                    continue
                for j, mine in enumerate(segment.tokens):
                    if mine.stem == follower.stem:
                        start = max(0, j - 2)
                        return segment.text[segment.tokens[start].start - segment.tokens[0].start:
                                            mine.end - segment.tokens[0].start]
                break
    return clip(segment.text, 60)


def attribution(statement: Statement, support: Support, view_speaker: str | None) -> Iterator[Finding]:
    """A claim all its quotes report as someone's view keeps an attribution; an opinion is not stated as fact."""
    kinds: dict[int, tuple[str, EvidenceReading, Clause] | None] = {id(c): None for c in support.context_clauses}
    clauses: list[Clause] = list(support.context_clauses)
    for reading in support.readings:
        evidence = reading.evidence
        own_view = is_own_view(evidence, reading.sentence, view_speaker)
        opinion = (evidence.source_kind in {"opinion", "analysis"} or evidence.speaker is not None) and not own_view
        for clause in reading.clauses + reading.around:
            framed = bool(clause.frames or reading.outside_frames) and not own_view \
                and not _publisher_speaks(reading, clause)
            kinds[id(clause)] = ("opinion" if opinion else "framed", reading, clause) if opinion or framed else None
            clauses.append(clause)
    best: dict[int, tuple[int, Piece, str, EvidenceReading, Clause]] = {}
    for piece in statement.pieces:
        own = {word.lower() for word in piece.clause.attributions}
        if piece.attributed and not own:
            continue  # attributed by the sentence around it
        matched = [c for c in clauses if len(piece.clause.stems & c.stems) >= 2]
        framed = [c for c in matched if kinds[id(c)] is not None]
        if piece.attributed:
            # Its own attribution may be the quote's inner one ("Japan views X as …" where "Government sources
            # confirmed that Japan views X as …"): the frame around it is still dropped.
            said = {t.lower for t in tokens(statement.text)}
            framed = [c for c in framed if kinds[id(c)][0] == "framed" and _frames_around(c, own, said)]
        if not framed:
            continue
        # A plain quote saying the same words corroborates; the framed quote must add words of its own.
        plain = frozenset().union(*(c.stems for c in matched if kinds[id(c)] is None))
        framed = [c for c in framed if len((piece.clause.stems & c.stems) - plain - _frame_zone(c)) >= 2]
        if not framed:
            continue
        kind, reading, clause = kinds[id(framed[0])]
        score = len(piece.clause.stems & clause.stems)
        if id(reading) not in best or score > best[id(reading)][0]:
            best[id(reading)] = (score, piece, kind, reading, clause)
    for _, piece, kind, reading, clause in best.values():
        words = clip(piece.clause.text, 80)
        evidence = reading.evidence
        if kind == "opinion":
            who = evidence.speaker or evidence.publisher or evidence.source_id
            what = "view" if evidence.speaker else evidence.source_kind
            yield Finding("opinion-as-fact", words,
                          f'"{words}" is {who}\'s {what}, stated in the brief\'s own voice: {_q(clause.text)}')
        else:
            frame = (clause.frames or reading.outside_frames)[0]
            yield Finding("attribution-dropped", words,
                          f'"{words}" is attributed in the source ("{frame}") but not in the statement')
            holder = _opinion_holder(reading)
            if holder:
                yield Finding("opinion-as-fact", words,
                              f'"{words}" is {holder}\'s view ("{frame}"), stated in the brief\'s own voice: {_q(clause.text)}')


def _frames_around(clause: Clause, own: set[str], said: set[str]) -> bool:
    """Whether a quote clause frames the statement's own attribution in another the statement does not say:
    "Government sources confirmed that Japan views …" around "Japan views …"."""
    words = [t.lower for t in clause.tokens]
    frames = {f.lower() for f in clause.frames} - own - said
    for i, word in enumerate(words):
        if word in frames and "that" in words[i + 1:i + 3]:
            # the statement's attribution inside what the frame says, not the speaker closing it ("…,' Chou said")
            return any(w in own for w in words[i + 2:-4])
    return False


# Words by which a speaker gives a view as their own.
_OPINION_MARKERS = re.compile(r"\b(?:i|we) (?:do )?(?:think|believe|feel)\b|\bin (?:my|our) (?:view|opinion)\b", re.IGNORECASE)


def _opinion_holder(reading: EvidenceReading) -> str | None:
    """Who holds the view a quote's sentence gives as their own ("I think …, said William Chou"), if it names them."""
    if not _OPINION_MARKERS.search(reading.sentence):
        return None
    words = tokens(reading.sentence)
    for verb, zone in _speaker_places(words):
        if words[verb].lower in _OWN_VIEW_VERBS:  # "I think" names no one
            continue
        # The name next to the verb: "said William Chou", else "William Chou said".
        for side in ([j for j in zone if j > verb], [j for j in reversed(zone) if j < verb]):
            names = []
            for j in side:
                if abs(j - verb) != len(names) + 1 or not words[j].capital or words[j].lower in lx.TITLES:
                    break
                names.append(j)
            if names:
                return " ".join(words[j].text for j in sorted(names))
    return None


_OWN_VIEW_VERBS = frozenset({"think", "thinks", "believe", "believes"})


def is_own_view(evidence: Evidence, sentence: str, view_speaker: str | None) -> bool:
    """Whether a quote gives the record's own speaker's view: its sentence names them, or they speak or publish it."""
    speaker_words = set(scan(view_speaker).lowers) if view_speaker else set()
    return bool(speaker_words) and (not speaker_words.isdisjoint(scan(sentence).lowers)
                                    or view_speaker in {evidence.speaker, evidence.publisher})


_PUNCTUATION = frozenset({",", ";", ":", ".", "!", "?", '"', "(", ")", " - "})


def _frame_zone(clause: Clause) -> frozenset[str]:
    """The stems next to a clause's frame verbs: who speaks, not what is said."""
    return frozenset().union(*_speakers(clause.tokens))


def _speakers(words: tuple[Token, ...]) -> list[set[str]]:
    """For each frame in a run of tokens ("they note", "according to X"), the stems where its speaker stands."""
    return [{words[j].stem for j in zone} for _, zone in _speaker_places(words)]


def _speaker_places(words: tuple[Token, ...]) -> list[tuple[int, list[int]]]:
    """Each frame verb of a run of tokens, with where its speaker may stand, in order ("said William Chou")."""
    zones = []
    for i, token in enumerate(words):
        if token.lower not in lx.FRAME_VERBS and token.lower != "according":
            continue
        # The speaker stands next to the verb, up to the punctuation that sets the reported words apart.
        before, after = [], []
        for step, limit, zone in ((1, 6, after),) if token.lower == "according" else ((-1, 5, before), (1, 3, after)):
            j = i + step
            while 0 <= j < len(words) and abs(j - i) <= limit and words[j].text not in _PUNCTUATION:
                # After a verb only a speaker stands ("said William Chou", "said the minister"), not what is said.
                if step == 1 and token.lower != "according" and not _speaks(words[j]):
                    break
                zone.append(j)
                j += step
        zones.append((i, before[::-1] + after))
    return zones


def _speaks(token: Token) -> bool:
    """Whether a word after a frame verb may be its speaker's: a name, a pronoun, a title, an article."""
    return token.capital or token.lower in lx.TITLES or token.lower in {"he", "she", "they", "we", "i", "the", "a", "an"}


def _publisher_speaks(reading: EvidenceReading, clause: Clause) -> bool:
    """Whether every frame of a quote clause and of the sentence around the quote is the cited publisher's own
    ("…, The Yomiuri Shimbun has learned"): the citation already gives the claim to its source."""
    publisher = reading.evidence.publisher
    if not publisher:
        return False
    own = content_stems(tokens(fold(publisher)))
    zones = _speakers(clause.tokens) + (_speakers(tokens(place(reading.evidence).outside)) if reading.outside_frames else [])
    return bool(zones) and all(zone & own for zone in zones)


def unsupported_names(statement: Statement, support: Support) -> Iterator[Finding]:
    """Every actor the statement names is named in the support."""
    scanned = scan(statement.text)
    forms = scanned.forms
    run: list[int] = []
    for i in range(len(forms) + 1):
        if i < len(forms) and forms[i].capital and names_at(scanned, i):  # only a capitalised word can name
            run.append(i)
            continue
        if run:
            if len(run) > 1 and _named(run[-1], run, scanned, support):
                head = _other_head(run, scanned, support)
                missing = [] if head is None else [j for j in run[:run.index(head) + 1]
                                                   if not _named(j, run, scanned, support)]
            else:
                missing = [j for j in run if not _named(j, run, scanned, support)]
            if missing:
                spans = scanned.spans()
                phrase = statement.text[spans[run[0]][0]:spans[run[-1]][1]]
                yield Finding("unsupported-name", phrase,
                              f'"{phrase}" — no quote names {" ".join(scanned.words[j] for j in missing)}')
            run = []


def _other_head(run: list[int], scanned: Scan, support: Support) -> int | None:
    """The word of a name run that stands where the quotes print another name before the same words: "South
    Korea Times" where they give "Japan Times", "Iluka Rare Earths" where they give "Lynas Rare Earths".

    A name the quotes print with nothing capitalised before it ("Trump") may take a first name ("Donald Trump"),
    but not a word of an institution's name ("University").
    """
    tail = len(run)
    while tail > 0 and _named(run[tail - 1], run, scanned, support):
        tail -= 1
    if tail == 0:
        return None
    head, words = run[tail - 1], [scanned.words[j] for j in run[tail:]]
    if len(words) == 1 and scanned.lowers[run[tail]] in lx.INSTITUTIONS:
        return head  # "Keio University" where the quotes give "the University of Tokyo": no first name
    before = re.compile(r"([A-Z][\w'.-]*)\s+" + r"\s+".join(map(re.escape, words)) + r"\b")
    heads = {m.group(1).lower() for text in support.texts for m in before.finditer(text)} - lx.TITLES - lx.STOPWORDS
    return head if heads and scanned.lowers[head] not in heads else None


def statement_known(statement: Statement, support: Support) -> frozenset[str]:
    """The words the support or the statement prints capitalised inside a sentence: names even where one opens."""
    return support.known.union(scan(statement.text).capitalised_inside())


class Known(Container[str]):
    """The words of statement_known, looked up one at a time: most statements look up none."""

    def __init__(self, text: str, support: Support):
        self.text, self.support = text, support

    def __contains__(self, word: object) -> bool:
        return isinstance(word, str) and (word in scan(self.text).capitalised_inside() or self.support.knows(word))


def actor_moves(statement: Statement, support: Support) -> Iterator[Finding]:
    """No act or figure of a quote moves to another actor, unless another quote gives it to the statement's actor."""
    pieces = read(statement.text, False, frozenset(), False)
    known = statement_known(statement, support)
    confirmed: set[int] = set()  # pieces whose act a quote gives to the piece's own actor
    moved: list[tuple[Clause, Finding]] = []
    for clause, theirs in support.actors:
        if theirs is None and clause.tokens and clause.tokens[0].lower in known - support.known:
            theirs = subject(clause, support.named, known)  # a name the statement shows is one
        if theirs is None:
            continue
        for piece in align(clause, pieces)[:1]:
            mine = subject(piece, support.named, known)
            # The piece must say what the clause says, beyond the names both mention.
            names_in = {t.stem for i, t in enumerate(clause.tokens) if is_name(clause.tokens, i)}
            if mine is None or len((clause.stems & piece.stems) - names_in) < 3:
                continue
            if mine[1] & theirs[1]:
                confirmed.add(id(piece))
                continue
            quoted = name_keys(clause.tokens)
            stated = name_keys(piece.tokens)
            if _together(piece.tokens, mine[0], theirs[1], known):
                continue  # "Japan held talks with the United States", "Japan was urged by Trump"
            if mine[1] & quoted or not theirs[1] & stated:
                moved.append((piece, Finding("actor-moved", mine[0].text,
                                             f'"{mine[0].text}" — the quote gives this to "{theirs[0].text}": '
                                             f'{_q(clause.text)}')))
    for piece, finding in moved:
        if id(piece) not in confirmed:
            yield finding
    if moved:
        return
    clauses = [c for _, c, _ in _quoted(support)]
    for piece in pieces:
        for clause in align(piece, clauses)[:1]:
            swapped = _swapped(piece, clause, known)
            if swapped:
                yield Finding("actor-moved", swapped, f'"{swapped}" — the quote has it the other way round: '
                                                      f'{_q(clause.text)}')
                break


# Words before the later of two names that make their order say nothing of who acts ("Japan and the U.S.",
# "talks with Japan", "was urged by Japan").
_EVEN = frozenset({"and", "with", "between", "or", "by", "&", "nor", "versus", "vs"})


def _swapped(piece: Clause, clause: Clause, known: Container[str]) -> str | None:
    """The statement's words where two actors of the quote clause stand the other way round about the same act.

    "Trump urged Japan" stated as "Japan urged Trump": both name both, and a word of the act ("urged")
    stands between them in each, but the names come in the opposite order.
    """
    mine, theirs = _name_places(piece.tokens, known), _name_places(clause.tokens, known)
    shared = [key for key in mine if key in theirs]
    if len(shared) < 2:
        return None
    # Words of an act, not of who someone is ("Tokyo University professor Kazuto Suzuki").
    acts = {t.stem for t in piece.tokens if t.content and t.lower not in lx.TITLES and t.lower not in lx.INSTITUTIONS} \
        & {t.stem for t in clause.tokens if t.content and t.lower not in lx.TITLES and t.lower not in lx.INSTITUTIONS}
    for a in shared:
        for b in shared:
            ia, ib, ja, jb = theirs[a], theirs[b], mine[a], mine[b]
            if not (ia < ib and jb < ja):
                continue
            if _even(clause.tokens, ia, ib) or _even(piece.tokens, jb, ja):
                continue
            between_theirs = {t.stem for t in clause.tokens[ia + 1:ib] if t.content}
            between_mine = {t.stem for t in piece.tokens[jb + 1:ja] if t.content}
            if (between_theirs & between_mine & acts) - {key for key in shared if isinstance(key, str)}:
                first, last = piece.tokens[jb], piece.tokens[ja]
                return piece.text[first.start - piece.tokens[0].start:last.end - piece.tokens[0].start]
    return None


def _together(words: tuple[Token, ...], actor: Token, others: set[object], known: Container[str]) -> bool:
    """Whether a clause has its actor do with one of the others what two do together ("Japan held talks with the
    U.S."), or names one of them as who acts on it ("Japan was urged by Trump")."""
    first = next((i for i, t in enumerate(words) if t is actor), None)
    places = _name_places(words, known)
    later = [places[key] for key in others if key in places and first is not None and places[key] > first]
    for at in later:
        start = at - 1 if words[at - 1].lower not in lx.DETERMINERS else at - 2
        if start > first and (words[start].lower == "by" or words[start].lower == "with" and _even(words, first, start + 1)):
            return True
    return False


def _even(words: tuple[Token, ...], first: int, later: int) -> bool:
    """Whether the word before the later of two names makes their order say nothing of who acts: "and", "between",
    "by"; "with" only after words of a shared act ("held talks with Japan"), not "proposed building ships with Japan"."""
    before = words[later - 1].lower
    if before != "with":
        return before in _EVEN
    return all(t.lower in lx.TOGETHER for t in words[first + 1:later - 1] if t.content and not t.capital)


def _name_places(words: tuple[Token, ...], known: Container[str]) -> dict[object, int]:
    """Where each name of a run of tokens first stands, by what it stands for."""
    places: dict[object, int] = {}
    for i, token in enumerate(words):
        if is_name(words, i, known):
            places.setdefault(name_key(token, words[i + 1] if i + 1 < len(words) else None), i)
    return places


def _named(i: int, run: list[int], scanned: Scan, support: Support) -> bool:
    """Whether the i-th word of a statement, in a run of name words, is named by the support."""
    lowers = scanned.lowers
    lower, stemmed = lowers[i], scanned.forms[i].stem
    # The source's and speaker's names first: they answer most often, and without reading the support's words.
    if stemmed in support.named or lower in support.words or stemmed in support.words:
        return True
    if lower in support.nearby or stemmed in support.nearby:
        return True
    word = scanned.words[i]
    if 1 < len(word) <= 6 and word.isupper() and word.isalpha() and lower in support.initials:
        return True  # "USGS" for "the U.S. Geological Survey"
    phrase = " ".join(lowers[j] for j in run)
    for candidate in (lower, phrase):
        group = alias_group(candidate)
        if group is not None and group in support.aliases:
            return True
    return any(alias_group(f"{lowers[a]} {lowers[b]}") in support.aliases
               for a, b in zip(run, run[1:]) if i in (a, b) and alias_group(f"{lowers[a]} {lowers[b]}") is not None)


# Words before a plural source noun that make it widen one source to many ("the reports", "both articles").
WIDENING = lx.DETERMINERS | {"both", "all", "other"}


def is_superlative(lower: str) -> bool:
    """Whether a lower-case word that is no scope word reads as a superlative ("broadest")."""
    return len(lower) > 4 and lower.endswith("est") and lower.isalpha() and lower not in lx.NOT_SUPERLATIVES


def scope(statement: Statement, support: Support) -> Iterator[Finding]:
    """The statement adds no scope word (superlative, only, all, chiefly) and no plural for one source."""
    clauses = [c for _, c, _ in _quoted(support)]
    for piece in statement.pieces:
        words, text = piece.clause.tokens, statement.text
        matched = [c for c in clauses if len(piece.clause.stems & c.stems) >= 2]
        # A scope word's equivalent must stand in a quote that says what the statement's piece says.
        carried = {t.lower for c in matched for t in c.tokens} if matched else support.words
        for i, token in enumerate(words):
            lower = token.lower
            allowed = lx.SCOPE_WORDS.get(lower)
            superlative = allowed is None and is_superlative(lower)
            one_of = _one_of_made_the(words, i, support) if allowed is not None or superlative else None
            if allowed is not None:
                if lower == "all" and i + 1 < len(words) and words[i + 1].lower == "but":
                    continue
                if (lower in carried or allowed & carried) and not one_of:
                    continue
            elif superlative:
                if not lx.SAME_SUPERLATIVE.get(lower, {lower}).isdisjoint(support.words) and not one_of:
                    continue
            elif lower in lx.PLURAL_SOURCE_NOUNS and (token.opens_sentence or i and words[i - 1].lower in WIDENING):
                singular = sorted(w for w in lx.SINGULAR_SOURCE_NOUNS if w in support.words)
                if lower in support.words or not singular:
                    continue
                phrase = text[words[max(0, i - 1)].start:token.end]
                yield Finding("scope-widened", phrase, f'"{phrase}" — the quote speaks of one "{singular[0]}"')
                continue
            else:
                continue
            phrase = text[words[max(0, i - 3 if superlative else i - 2)].start:words[min(len(words) - 1, i + 1)].end]
            said = one_of or (_window(support.text, lower[:-3]) if superlative else None)
            instead = f'the quote says "{said}"' if said else "no quote says so"
            yield Finding("scope-widened", phrase, f'"{phrase}" — {instead}')


def _one_of_made_the(words: tuple[Token, ...], i: int, support: Support) -> str | None:
    """What the quotes say where the statement makes "the" superlative at word i of what they give only as "one
    of the" or "among the" ("one of the most sophisticated"); None where they say no such thing."""
    if not (i and words[i - 1].lower == "the") or i > 2 and words[i - 3].lower == "one" and words[i - 2].lower == "of" \
            or i > 1 and words[i - 2].lower == "among":
        return None
    phrase = " ".join(t.lower for t in words[i - 1:i + 2]) if words[i].lower == "most" else f"the {words[i].lower}"
    text = support.text
    places = [m.start() for m in re.finditer(rf"\b{re.escape(phrase)}\b", text)]
    leads = [next((lead for lead in _ONE_OF if text[:at].rstrip().endswith(lead)), None) for at in places]
    return f"{leads[0]} {phrase}" if leads and all(leads) else None


_ONE_OF = ("one of", "among", "some of")


def _window(text: str, base: str) -> str | None:
    """The quote's words around the plain form of a superlative: "an area of broad agreement"."""
    words = text.split()
    for i, word in enumerate(words):
        if len(base) >= 3 and word.startswith(base) and not word.startswith(base + "est"):
            return " ".join(words[max(0, i - 3):i + 2]).strip(",.;:")
    return None


# What a statement puts in quotation marks, and where a quotation leaves words out or puts its own in.
# Words in double quotation marks, or in single ones (an apostrophe inside a word, "there's", is neither's end).
_QUOTATION = re.compile(r""""([^"]+)"|(?<![\w'])'(?=\w)(.+?)(?<=[\w.,!?])'(?!\w)""")
_QUOTATION_GAP = re.compile(r"\.\.\.|\[[^\]]*\]")


def quotations(statement: Statement, support: Support) -> Iterator[Finding]:
    """Words the statement puts in quotation marks stand, in that order, in a quote or its sentence."""
    for words, found in quoted_in(statement.text, support):
        if not found:
            yield Finding("misquoted", words, f'"{words}" is in quotation marks, but no quote has these words'
                                               + _closest(words, support))


def quoted_in(text: str, support: Support) -> list[tuple[str, bool]]:
    """Each stretch of words a text puts in quotation marks (cut at "..." and [insertions]), and whether a quote has it."""
    if text.count('"') < 2 and text.count("'") < 2:
        return []
    found = []
    for double, single in _QUOTATION.findall(text):
        for piece in _QUOTATION_GAP.split(double or single):
            stems = word_stems(piece)
            if stems:
                found.append((piece.strip(" ,;:"), any(f" {stems} " in line for line in support.stem_lines)))
    return found


def _closest(words: str, support: Support) -> str:
    """Where the quotes come nearest to the words, as a message's ending."""
    from rapidfuzz import fuzz  # only a misquotation is looked for loosely

    best = None
    for text in [text for text in support.texts if len(text) > len(words)]:  # not a name or source id inside the words
        found = fuzz.partial_ratio_alignment(words.lower(), text.lower(), score_cutoff=best[0] if best else 60)
        if found is not None and (best is None or found.score > best[0]):
            start = text.rfind(" ", 0, found.dest_start + 1) + 1
            end = text.find(" ", max(found.dest_end - 1, start))
            best = (found.score, text[start:end if end != -1 else len(text)].strip(' ,;:."'))
    return f'; the nearest: "{best[1]}"' if best else ""


def elisions(statement: Statement, support: Support) -> Iterator[Finding]:
    """An ellipsis drops no negation, number, hedge or attribution, and joins no two sentences."""
    said = {t.lower for t in tokens(statement.text)}
    for reading in support.readings:
        for gap in reading.gaps:
            gap_tokens = tokens(gap.text)
            dropped = [w for w in negations_in(gap_tokens, gap.text) if w.lower() not in said]
            dropped += [f.words for f in figures(gap.text) if f.words.lower() not in statement.text.lower()]
            dropped += [h for h, _ in hedges_in(gap_tokens, gap.text) if h not in said]
            dropped += [t.text for t in gap_tokens if t.lower in lx.FRAME_VERBS and t.lower not in said]
            if dropped:
                yield Finding("elision-drops", dropped[0],
                              f'the ellipsis in {_q(reading.quote)} leaves out "{dropped[0]}": "…{clip(gap.text.strip(), 80)}…"')
            elif gap.crosses_sentence:
                yield Finding("elision-drops", clip(reading.quote, 80),
                              f"the ellipsis in {_q(reading.quote)} joins pieces of different sentences")
