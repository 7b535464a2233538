"""Read a text once into tokens and clauses, each clause with its stems, hedges, negations and attributions."""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import compress
from operator import itemgetter
from typing import NamedTuple

from ..quotes import normalise
from . import lexicon as lx

# How many texts each cache of the check keeps: enough for the texts one statement and its quotes are read
# from, and for the quotes and sources many statements share; few enough that checking a large brief
# leaves little behind (caches of 65,536 and 16,384 kept about 130 MB alive after 10,000 facts; these, 36 MB).
KEPT = 4096

# One pass over the text: dotted abbreviations, words (with "n't"), times, numbers (with separators and %),
# punctuation. Branches start with the character they need, so most positions try one.
_TOKEN = re.compile(
    r"[A-Za-z](?:\.(?:[A-Za-z]\.)+|[A-Za-z]*(?:'[A-Za-z]+)*)|\d(?:\d?:\d{2}|\d*(?:[.,]\d+)*%?)|[;:.!?,()\"]| - "
)
# Two negations that cancel: "does not lack", "never fails to".
_DOUBLE_NEGATION = re.compile(
    r"\b(?:not|n't|never|no)\s+(?:\w+\s+)?(?:lack|lacks|lacking|fail|fails|failing|without|deny|denies|refuse|"
    r"refuses|avoid|avoids|decline|declines)\b", re.IGNORECASE)


def _any_of(phrases) -> re.Pattern[str]:
    """Match where any of the phrases stands in a text, as `phrase in text` finds it."""
    return re.compile("|".join(re.escape(phrase) for phrase in phrases))


NEGATION_PHRASE, HEDGE_PHRASE, FRAME_OPENER = (_any_of(lx.NEGATION_PHRASES), _any_of(lx.HEDGE_PHRASES),
                                               _any_of(lx.FRAME_OPENERS))
_CLAUSE_END = frozenset({".", ";", "!", "?", ":", " - "})
_SENTENCE_END = frozenset({".", "!", "?"})
_OPENS_NEXT = frozenset({".", "!", "?", ":", ";", '"', "("})
_PIECE_BREAK = frozenset({",", "(", ")"})
_RELATIVE = frozenset({"which", "who", "whom", "whose", "where"})
# Words that turn to another clause of the same sentence after a comma.
TURNS = frozenset({"but", "however", "while", "although", "whereas", "though", "yet", "so", "because"})


class Forms(NamedTuple):
    """What a token's text gives, whatever its place: the same for every occurrence of a word."""

    lower: str
    stem: str
    capital: bool
    content: bool   # carries meaning (not a stop word, number or mark)
    numeral: bool   # a numeral, number word or date word: where a figure or a date may start


_LOWER, _CAPITAL, _NUMERAL = itemgetter(0), itemgetter(2), itemgetter(4)


class Token(NamedTuple):
    """A word, number or punctuation mark, with its folded forms and where it stands."""

    text: str
    lower: str
    stem: str
    capital: bool
    opens_sentence: bool
    start: int
    end: int
    content: bool = False  # a word that carries meaning (not a stop word, number or mark)


@functools.lru_cache(maxsize=65536)
def stem(word: str) -> str:
    """Fold a lower-case word so inflections and British/American spellings meet."""
    if word.endswith("'s"):
        word = word[:-2]
    word = word.replace("'", "")
    if len(word) > 5 and word.endswith("our"):
        word = word[:-2] + "r"
    if len(word) > 5:
        word = re.sub(r"is(e|es|ed|ing|ation|ations)$", r"iz\1", word)
        word = re.sub(r"yse(s|d)?$", r"yze\1", word)
        word = re.sub(r"([^aeiou])re(s?)$", r"\1er\2", word)
        word = re.sub(r"ence(s?)$", r"ense\1", word)
        word = re.sub(r"ll(ed|ing)$", r"l\1", word)
    if len(word) > 4:
        if word.endswith("ies"):
            return word[:-3] + "y"
        for suffix in ("ing", "ed", "es", "s", "e"):
            if word.endswith(suffix) and not word.endswith("ss") and len(word) - len(suffix) >= 3:
                return word[: -len(suffix)]
    return word


class Scan(NamedTuple):
    """A text's tokens as printed, each with its forms, without positions.

    The readings that need no clause (figures, dates, names, a support's words) take these: about a
    third of what the tokens cost, for they make no object per word and find no word's place.
    """

    text: str
    words: list[str]
    forms: list[Forms]
    lowers: list[str]
    numerals: list[int]  # where the numerals, number words and date words stand: only there can a figure or a date start

    def opens(self, i: int) -> bool:
        """Whether the i-th token opens a sentence, as Token.opens_sentence says."""
        return not i or self.words[i - 1] in _OPENS_NEXT

    def capitalised_inside(self) -> list[str]:
        """The lower case of the words capitalised inside a sentence (not opening one)."""
        words, lowers = self.words, self.lowers
        return [lowers[i] for i in compress(range(len(words)), map(_CAPITAL, self.forms)) if i and words[i - 1] not in _OPENS_NEXT]

    def as_noun(self, i: int) -> bool:
        """Whether the i-th word, a cue that is also a noun, stands as one, as as_noun tells of a token."""
        lowers = self.lowers
        return _noun(lowers[i], lowers[i + 1] if i + 1 < len(lowers) else "",
                     bool(i) and (lowers[i - 1] in lx.VERB_BEFORE or self.forms[i - 1].capital))

    def between(self, first: int, last: int) -> str:
        """The text from the start of token `first` to the end of token `last`, where Token.start and .end place them."""
        text, words = self.text, self.words
        # A word printed once in the text stands where its token does; otherwise every token is placed.
        start = text.find(words[first]) if text.count(words[first]) == 1 else self.spans()[first][0]
        end = text.find(words[last]) + len(words[last]) if text.count(words[last]) == 1 else self.spans()[last][1]
        return text[start:end]

    def spans(self) -> list[tuple[int, int]]:
        """Where each token stands in the text, as Token.start and Token.end say."""
        found, end, find = [], 0, self.text.find
        for word in self.words:
            # The next match starts where its word next occurs: where the word stands, a match would start.
            start = find(word, end)
            end = start + len(word)
            found.append((start, end))
        return found


@functools.lru_cache(maxsize=KEPT)
def scan(text: str) -> Scan:
    """Split normalised text into tokens and their forms."""
    words = _TOKEN.findall(text)
    forms = list(map(_FORMS.get, words))
    if not all(forms):  # words not seen before
        forms = [form or _forms(word) for word, form in zip(words, forms)]
    return Scan(text, words, forms, list(map(_LOWER, forms)), list(compress(range(len(forms)), map(_NUMERAL, forms))))


@functools.lru_cache(maxsize=KEPT)
def tokens(text: str) -> tuple[Token, ...]:
    """Split normalised text into tokens, marking which open a sentence."""
    scanned = scan(text)
    found: list[Token] = []
    opens = True
    new = tuple.__new__  # skips NamedTuple's Python-level __new__
    for word, (lower, stemmed, capital, content, _), (start, end) in zip(scanned.words, scanned.forms, scanned.spans()):
        found.append(new(Token, (word, lower, stemmed, capital, opens, start, end, content)))
        opens = word in _OPENS_NEXT
    return tuple(found)


_FORMS: dict[str, Forms] = {}


def _forms(word: str) -> Forms:
    """A token's forms, kept for the next time the word comes."""
    lower = word.lower()
    alpha = lower[0].isalpha()
    forms = Forms(lower, stem(lower) if alpha else lower, word[0].isupper(),
                  alpha and len(lower) > 2 and lower not in lx.STOPWORDS, lower[0].isdigit() or lower in lx.NUMERALISH)
    if len(_FORMS) < 65536:
        _FORMS[word] = forms
    return forms


@dataclass(frozen=True)
class Clause:
    """A stretch of text read as one claim: what it is about and how it says it."""

    tokens: tuple[Token, ...]
    text: str
    stems: frozenset[str]
    tier: int                      # lexicon.SPECULATIVE … lexicon.ASSERTED
    hedges: tuple[str, ...]
    negations: tuple[str, ...]
    attributions: tuple[str, ...]  # reporting verbs, "according to", source nouns
    frames: tuple[str, ...]        # frames that give the clause's content to someone
    relative: bool = False         # a "which …" / "who …" clause inside a sentence

    @property
    def negated(self) -> bool:
        """Whether the clause says no: an odd number of negations ("does not lack" says yes); "nor" continues one."""
        return bool(self.negations) and not _DOUBLE_NEGATION.search(self.text)

    @property
    def attributed(self) -> bool:
        """Whether the clause names who says it."""
        return bool(self.attributions)


def content_stems(words: tuple[Token, ...]) -> frozenset[str]:
    """The stems of the words that carry meaning."""
    return frozenset(t.stem for t in words if t.content)


def as_noun(words: Sequence[Token], i: int) -> bool:
    """Whether a cue that is also a noun ("the plan") stands as one: not before "to", a modal, pronoun or name."""
    before = words[i - 1] if i else None
    return _noun(words[i].lower, words[i + 1].lower if i + 1 < len(words) else "",
                 before is not None and (before.lower in lx.VERB_BEFORE or before.capital))


def _noun(lower: str, after: str, verb_before: bool) -> bool:
    """Whether a cue stands as a noun, from the word after it and whether a verb's companion or a name stands before."""
    return lower in lx.NOUNISH and after != "to" and not verb_before


def hedges_in(words: tuple[Token, ...], text: str) -> list[tuple[str, int]]:
    """Find the hedges in a run of tokens, each with how sure it leaves the claim."""
    found = []
    spots = [i for i, t in enumerate(words) if t.lower in lx.HEDGES]
    first_negation = next((i for i, t in enumerate(words) if t.lower in lx.NEGATIONS or t.lower.endswith("n't")),
                          len(words)) if spots else len(words)
    for i in spots:
        token = words[i]
        tier = lx.HEDGES[token.lower]
        if i >= first_negation:  # a hedge under a negation ("fails to offer") hedges nothing
            continue
        if token.lower == "may" and (token.capital and not token.opens_sentence
                                     or (i + 1 < len(words) and words[i + 1].text[:1].isdigit())):
            continue
        before = words[i - 1].lower if i else ""
        if as_noun(words, i):
            continue
        if token.lower in lx.HEDGE_NOUNS:
            if i > 3:  # a hedging noun hedges as the subject ("a further idea is …"), not as an object
                continue
        elif (before in lx.DETERMINERS or before.endswith("'s")) and token.lower not in lx.HEDGE_ADJECTIVES \
                and token.lower not in lx.MODALS:  # "this could help": a modal is never a noun
            continue
        found.append((token.lower, tier))
    lowered = text.lower()
    if HEDGE_PHRASE.search(lowered):
        found += [(phrase, tier) for phrase, tier in lx.HEDGE_PHRASES.items() if phrase in lowered]
    return found


def negations_in(words: tuple[Token, ...], text: str) -> list[str]:
    """Find the words that make a run of tokens say no."""
    found = []
    for i, token in enumerate(words):
        lower = token.lower
        if lower in lx.NEGATIONS or lower.endswith("n't"):
            if lower in {"little", "few"} and i and words[i - 1].lower in {"a", "quite"}:
                continue
            found.append(token.text)
    lowered = text.lower()
    if NEGATION_PHRASE.search(lowered):
        found += [phrase for phrase in lx.NEGATION_PHRASES if phrase in lowered]
    return found


def attributions_in(words: tuple[Token, ...], named: frozenset[str] = frozenset()) -> list[str]:
    """Find the words by which a run of tokens gives its claim to someone (a verb, a source, a name)."""
    found = []
    for i, token in enumerate(words):
        lower = token.lower
        after = words[i + 1].lower if i + 1 < len(words) else ""
        # "exchanged views" and "put forward" give nothing to anyone; "as Chou puts it" does.
        verb = lower in lx.ATTRIBUTION_VERBS and not (lower in lx.NOUNISH and as_noun(words, i)) \
            and lx.ATTRIBUTING_ONLY_BEFORE.get(lower, after) == after
        if verb or lower in lx.SOURCE_NOUNS or token.stem in named or lower == "view" and _someones(words, i):
            found.append(token.text)
    return found


def _someones(words: tuple[Token, ...], i: int) -> bool:
    """Whether the view at word i is someone's: "in Chou's view", "in his view", "in the view of analysts"."""
    before = words[i - 1].lower if i else ""
    return before.endswith("'s") or before in {"his", "her", "their", "its", "my", "our"} \
        or before == "the" and i + 1 < len(words) and words[i + 1].lower == "of"


def frames_in(words: tuple[Token, ...], text: str) -> list[str]:
    """Find frames ("they note", "according to", "said Chou") that report someone's view."""
    found = [t.text for i, t in enumerate(words)
             if t.lower in lx.FRAME_VERBS and not (i and words[i - 1].lower in {"what", "to", "would", "could"})
             and not (i > 1 and words[i - 2].lower == "what")
             # "is believed to": a belief no one is named for, reported as the issue lists it
             or t.lower in lx.IMPERSONAL_FRAMES and i and words[i - 1].lower in {"is", "are", "was", "were", "widely"}]
    lowered = text.lower()
    if FRAME_OPENER.search(lowered):
        found += [opener for opener in lx.FRAME_OPENERS if opener in lowered]
    return found


# Words of which a clause holding a hedge, negation or frame has at least one: a cue word, or for each cue
# phrase its words that carry meaning ("table" of "on the table"), or its first word if none does ("yet to").
_CUES = frozenset(lx.HEDGES) | lx.NEGATIONS | lx.ATTRIBUTION_VERBS | lx.SOURCE_NOUNS | lx.FRAME_VERBS | frozenset(
    word for phrases in (lx.HEDGE_PHRASES, lx.NEGATION_PHRASES, lx.FRAME_OPENERS) for phrase in phrases
    for word in ([w for w in phrase.split() if w not in lx.STOPWORDS] or phrase.split()[:1]))


def clause(words: tuple[Token, ...], source: str, relative: bool = False,
           named: frozenset[str] = frozenset()) -> Clause:
    """Read a run of tokens as one clause."""
    text = source[words[0].start: words[-1].end] if words else ""
    lowers = {t.lower for t in words}
    # Most clauses carry no cue at all: look for hedges, negations and frames only where one may stand.
    if not (lowers & _CUES or any(t.lower.endswith("n't") for t in words)):
        attributions = tuple(attributions_in(words, named)) if named else ()
        return Clause(words, text, content_stems(words), lx.ASSERTED, (), (), attributions, (), relative)
    hedges = hedges_in(words, text)
    tier = min((t for _, t in hedges), default=lx.ASSERTED)
    return Clause(words, text, content_stems(words), tier, tuple(h for h, _ in hedges),
                  tuple(negations_in(words, text)), tuple(attributions_in(words, named)),
                  tuple(frames_in(words, text)), relative)


def split(words: tuple[Token, ...], fine: bool, relatives: bool = True) -> list[tuple[tuple[Token, ...], bool]]:
    """Split tokens into clauses at sentence ends, semicolons and colons; finely also at commas and turns."""
    runs: list[tuple[tuple[Token, ...], bool]] = []
    current: list[Token] = []
    relative = False
    for i, token in enumerate(words):
        breaks = token.text in _CLAUSE_END or (fine and token.text in _PIECE_BREAK)
        turn = i and ((token.lower in TURNS or relatives and token.lower in _RELATIVE) and words[i - 1].text == ","
                      or fine and token.lower == "but")
        if breaks or turn:
            if current:
                runs.append((tuple(current), relative))
            current, relative = ([token] if turn else []), bool(turn) and token.lower in _RELATIVE
            continue
        if not current and token.lower in _RELATIVE:
            relative = True
        current.append(token)
    if current:
        runs.append((tuple(current), relative))
    return runs


@functools.lru_cache(maxsize=KEPT)
def read(text: str, fine: bool = False, named: frozenset[str] = frozenset(), relatives: bool = True) -> tuple[Clause, ...]:
    """Read normalised text into clauses (finely: into comma pieces), relative clauses apart unless told not to."""
    return tuple(clause(run, text, relative, named) for run, relative in split(tokens(text), fine, relatives))


@functools.lru_cache(maxsize=KEPT)
def fold(text: str) -> str:
    """Normalise text for reading (quotes, dashes, spaces), keeping case."""
    return normalise(text).replace("…", "...")


def word_stems(text: str) -> str:
    """The stems of a text's words and numbers in order, space-separated: no punctuation or case, "U.S." for "United States"."""
    if "United" in text:
        text = _UNITED.sub(lambda m: _SHORT[m.group()], text)
    if "cent" in text:
        text = _PERCENT.sub(r"\1%", text)  # "100 percent" and "100 per cent" are "100%"
    return " ".join(form.stem for form in scan(text).forms if form.lower[0].isalnum())


_PERCENT = re.compile(r"(\d)\s*(?:percent|per cent)\b", re.IGNORECASE)
_SHORT = {"United States": "U.S.", "United Kingdom": "U.K."}
_UNITED = re.compile("|".join(_SHORT))
