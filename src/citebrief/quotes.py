"""Normalise text and find a quote in a source's paragraphs, exactly or not at all, and say where it stands."""

from __future__ import annotations

import bisect
import functools
import re
import unicodedata
from collections.abc import Iterator, Sequence
from dataclasses import dataclass


from .models import Span


@dataclass(frozen=True)
class Paragraph:
    """A non-empty line of a source file: the unit an ellipsis may not cross."""

    line: int  # 1-based line number in the file
    text: str

# Folded after the compatibility fold, which already turns "…" into "..." and no-break spaces into spaces.
_FOLD = str.maketrans(
    {
        "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2039": "'", "\u203a": "'",
        "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u201f": '"', "\u00ab": '"', "\u00bb": '"',
        "\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-", "\u2014": "-", "\u2015": "-",
    }
)
# Invisible characters that only shape or break the text around them, dropped before anything else is folded: a soft
# hyphen (a place a word may break), and the joiners that shape letters and emoji sequences. Extractors drop them
# too (trafilatura does), and a reader's copy may hold them or not.
_INVISIBLE = dict.fromkeys(map(ord, "\u00ad\u200c\u200d"))
_ELLIPSIS = re.compile(r"\s*\[?\.\.\.\]?\s*")
# Compatibility forms that carry a value of their own: "10⁶" is not "106", "½" is not "1/2" (issue 16).
_VALUE_FORMS = ("<super>", "<sub>", "<fraction>")
# Words whose loss turns a statement around; an ellipsis may not leave one out.
_NEGATION = re.compile(r"\b(?:not|no|never|nor|neither|none|nobody|nothing|nowhere|cannot|without)\b|n't\b", re.I)
# A word: letters and digits, a number with its decimal points and thousands separators, "plan's".
_WORD = re.compile(r"\d+(?:[.,]\d+)+|\w+(?:'\w+)*")
_STOP_WORDS = frozenset(
    "a an the and or but nor so yet of to in on at by for with from as into onto than then that this these those "
    "is are was were be been being am it its it's he she they we you i his her their our your my me him them us "
    "there here not no do does did has have had will would shall should can could may might must".split()
)
MIN_QUOTE_WORDS = 3


@functools.cache
def _value_forms() -> re.Pattern[str]:
    """Match every character whose compatibility form would change a value; built on first need."""
    chars = [chr(c) for c in range(0x20000) if unicodedata.decomposition(chr(c)).startswith(_VALUE_FORMS)]
    return re.compile("([" + "".join(re.escape(c) for c in chars) + "])")


def _fold(text: str) -> str:
    """Fold typography (ligatures, wide forms, quotes, dashes, odd spaces) and keep every value-bearing form."""
    parts = _value_forms().split(unicodedata.normalize("NFC", text.translate(_INVISIBLE)))
    # split() with a group puts the kept characters at the odd places
    text = "".join(part if kept else unicodedata.normalize("NFKC", part) for kept, part in
                   ((i % 2 == 1, part) for i, part in enumerate(parts)))
    return text.translate(_FOLD)


def normalise(text: str) -> str:
    """Fold text for quote matching: typography only, no invisible hyphens or joiners, single spaces; case is kept."""
    # ASCII holds nothing to fold; str.split() breaks at exactly what str.isspace() accepts.
    if not text.isascii():
        text = _fold(text)
    return " ".join(text.split())


def fold_offsets(text: str) -> tuple[str, list[int], list[int]]:
    """Normalise text as normalise() does, with the original offsets each folded character starts and ends at."""
    if text.isascii():
        return _ascii_offsets(text)
    chars: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    i, n = 0, len(text)
    while i < n:
        j = _cluster_end(text, i)
        cluster = text[i:j]
        for char in (cluster if cluster.isascii() else _fold(cluster)):
            if char.isspace():
                if not chars:
                    continue  # leading space is dropped
                if chars[-1] == " ":
                    ends[-1] = j
                    continue
                char = " "
            chars.append(char)
            starts.append(i)
            ends.append(j)
        i = j
    while chars and chars[-1] == " ":
        chars.pop(), starts.pop(), ends.pop()
    folded = "".join(chars)
    if folded != normalise(text):  # a composition across clusters (rare): fall back to the whole line
        folded = normalise(text)
        return folded, [0] * len(folded), [len(text)] * len(folded)
    return folded, starts, ends


_NON_SPACE = re.compile(r"\S+")  # \S is the complement of str.isspace(), as str.split() breaks


def _ascii_offsets(text: str) -> tuple[str, list[int], list[int]]:
    """fold_offsets() for ASCII text, which folds nothing: each run of white space becomes one space."""
    words: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    previous = -1
    for match in _NON_SPACE.finditer(text):
        start, end = match.span()
        if previous >= 0:  # the space stands for all the white space between the words
            starts.append(previous)
            ends.append(start)
        words.append(match.group())
        starts += range(start, end)
        ends += range(start + 1, end + 1)
        previous = end
    return " ".join(words), starts, ends


def _cluster_end(text: str, start: int) -> int:
    """Where the character at start ends with the combining marks that follow it, invisible characters among them."""
    end = start + 1
    while end < len(text):
        mark = end
        while mark < len(text) and ord(text[mark]) in _INVISIBLE:
            mark += 1
        if mark == len(text) or not unicodedata.combining(text[mark]):
            return end
        end = mark + 1
    return end


@dataclass(frozen=True)
class Match:
    """Where a quote was found: its lines, each piece's offsets in the joined text, the words its ellipses leave out."""

    line: int
    last_line: int
    pieces: tuple[tuple[int, int], ...] = ()  # (start, end) in Passages.joined
    dropped: tuple[str, ...] = ()  # the normalised text each ellipsis stands for


@dataclass(frozen=True)
class Passage:
    """The part of a source closest to a quote that was not found."""

    line: int
    text: str


class Passages:
    """Paragraphs prepared once for many quote searches."""

    def __init__(self, paragraphs: Sequence[Paragraph], texts: Sequence[str] | None = None):
        self.paragraphs = list(paragraphs)
        # texts: the paragraphs already normalised, where the caller has them
        self.texts = list(texts) if texts is not None else [normalise(p.text) for p in self.paragraphs]
        # Without an ellipsis a quote may run across paragraph breaks, which fold to a space.
        self.joined = " ".join(self.texts)
        self.starts = _paragraph_starts(self.texts)
        self._offsets: dict[int, tuple[Sequence[int], Sequence[int]]] = {}

    def line_at(self, offset: int) -> int:
        """The line of the paragraph that holds an offset of the joined text."""
        return self.paragraphs[self.index_at(offset)].line

    def index_at(self, offset: int) -> int:
        """The index of the paragraph that holds an offset of the joined text."""
        return bisect.bisect_right(self.starts, offset) - 1

    def span(self, start: int, end: int) -> Span:
        """Describe the run of the joined text from start to end in the source's own terms."""
        return self._span(*self._columns(start, end))

    def sentence(self, start: int, end: int) -> Span:
        """The whole sentence or sentences around a run of the joined text, in the source's own characters."""
        first, column, last, end_column = self._columns(start, end)
        column = _sentence_start(self.paragraphs[first].text, column)
        end_column = _sentence_end(self.paragraphs[last].text, end_column)
        return self._span(first, column, last, end_column)

    def _columns(self, start: int, end: int) -> tuple[int, int, int, int]:
        """The paragraphs a run of the joined text starts and ends in, and its columns in their original text."""
        first, last = self.index_at(start), self.index_at(end - 1)
        column = self._original(first)[0][start - self.starts[first]]
        end_column = self._original(last)[1][end - 1 - self.starts[last]]
        return first, column, last, end_column

    def _span(self, first: int, column: int, last: int, end_column: int) -> Span:
        """A Span from original positions, with its offsets in the joined text."""
        if first == last:
            text = self.paragraphs[first].text[column:end_column]
        else:
            lines = [p.text for p in self.paragraphs[first:last + 1]]
            joined = "\n".join(lines)
            text = joined[column:len(joined) - (len(lines[-1]) - end_column)]
        start = self.starts[first] + bisect.bisect_left(self._original(first)[0], column)
        end = self.starts[last] + bisect.bisect_left(self._original(last)[1], end_column) + 1
        return Span(self.paragraphs[first].line, self.paragraphs[last].line, start, min(end, len(self.joined)),
                    column, end_column, text)

    def _original(self, index: int) -> tuple[Sequence[int], Sequence[int]]:
        """Where each character of a normalised paragraph starts and ends in its original text."""
        if index not in self._offsets:
            text = self.paragraphs[index].text
            if text == self.texts[index]:  # nothing to fold: each character stands where it stood
                self._offsets[index] = (range(len(text)), range(1, len(text) + 1))
            else:
                _, starts, ends = fold_offsets(text)
                self._offsets[index] = (starts, ends)
        return self._offsets[index]


@functools.lru_cache(maxsize=16384)
def quote_pieces(quote: str) -> tuple[str, ...]:
    """Split a normalised quote at its ellipses into the pieces that must appear in order."""
    text = normalise(quote)
    if "..." not in text:  # the folded text spells every ellipsis so
        return (text,) if text else ()
    return tuple(piece for piece in _ELLIPSIS.split(text) if piece)


def quote_words(quote: str) -> list[str]:
    """The words of a quote; a number with its decimal point or thousands separators is one word."""
    return [match.group() for match in _words(quote)]


def _words(quote: str) -> Iterator[re.Match[str]]:
    """Find the words of a quote one by one."""
    return _WORD.finditer(" ".join(quote_pieces(quote)))


def too_short(quote: str) -> bool:
    """Whether a quote is too slight to back a statement: under three words, or only stop words and punctuation."""
    count, content = 0, False
    for match in _words(quote):  # read only until three words, one of them more than a stop word
        count += 1
        content = content or match.group().lower() not in _STOP_WORDS
        if content and count >= MIN_QUOTE_WORDS:
            return False
    return True


def dropped_negation(match: Match) -> str | None:
    """The words an ellipsis leaves out that hold a negation, if any."""
    return next((text for text in match.dropped if _NEGATION.search(text)), None)


def printed_quote(quote: str, pieces: Sequence[str]) -> str:
    """Write a quote with the source's own characters for each piece and the quote's own ellipses between them."""
    text = normalise(quote)
    if "..." not in text:
        return pieces[0] if text else ""
    parts = re.split(f"({_ELLIPSIS.pattern})", text)
    texts = iter(pieces)
    out = []
    for index, part in enumerate(parts):
        if index % 2:
            out.append(part)  # an ellipsis as the quote writes it
        elif part:
            out.append(next(texts))
    return "".join(out)


def find_quote(quote: str, passages: Passages) -> Match | None:
    """Find a quote in the passages; an ellipsis stands for words left out within one paragraph.

    Where an ellipsis could stand for words with or without a negation, the placement without one wins.
    """
    pieces = quote_pieces(quote)
    if not pieces:
        return None
    if len(pieces) == 1:
        at = _find_word_aligned(passages.joined, pieces[0], 0)
        if at is None:
            return None
        end = at + len(pieces[0])
        return Match(passages.line_at(at), passages.line_at(end - 1), ((at, end),))
    first: Match | None = None
    for paragraph, text, base in zip(passages.paragraphs, passages.texts, passages.starts):
        position, spans, dropped = 0, [], []
        for piece in pieces:
            at = _find_word_aligned(text, piece, position)
            if at is None:
                break
            if spans:
                dropped.append(text[position:at].strip())
            spans.append((base + at, base + at + len(piece)))
            position = at + len(piece)
        else:
            match = Match(paragraph.line, paragraph.line, tuple(spans), tuple(dropped))
            if dropped_negation(match) is None:
                return match
            first = first or match
    return first


def closest_passage(quote: str, passages: Passages) -> Passage | None:
    """Find the passage most like the quote, to show beside a near miss."""
    from rapidfuzz import fuzz  # only a quote that is not found is looked for loosely

    target = " ... ".join(quote_pieces(quote))
    if not target:
        return None
    best: tuple[float, int, str] | None = None
    for paragraph, text in zip(passages.paragraphs, passages.texts):
        if not text:
            continue
        # rapidfuzz aligns in time near-linear in the paragraph (bit-parallel), where windows compared
        # one by one with difflib took seconds for a long near-miss quote (issue 16).
        found = fuzz.partial_ratio_alignment(target, text, score_cutoff=best[0] if best else 0)
        if found is None or (best is not None and found.score <= best[0]):
            continue
        start = text.rfind(" ", 0, found.dest_start + 1) + 1
        best = (found.score, paragraph.line, _to_word_end(text, start, max(found.dest_end, start + 1)))
    if best is None:
        return None
    return Passage(best[1], _shorten(best[2]))


def _inside_word(text: str, at: int) -> bool:
    """Whether a position falls within a word; a number's decimal point or thousands separator is within it."""
    if at <= 0 or at >= len(text):
        return False
    before, after = text[at - 1], text[at]
    if before.isalnum() and after.isalnum():
        return True
    if before.isdigit() and after in ".," and at + 1 < len(text) and text[at + 1].isdigit():
        return True
    return before in ".," and at >= 2 and text[at - 2].isdigit() and after.isdigit()


def _find_word_aligned(text: str, piece: str, start: int) -> int | None:
    """Find a piece at or after start whose ends do not cut through a word or a number."""
    at = text.find(piece, start)
    while at != -1:
        if not _inside_word(text, at) and not _inside_word(text, at + len(piece)):
            return at
        at = text.find(piece, at + 1)
    return None


_BOUNDARY = re.compile(r"[.!?]+[\"'”’»)\]]*(?=\s)")
_ABBREVIATIONS = frozenset("mr mrs ms dr st prof gen sen rep gov lt col sgt inc ltd co corp jr sr vs etc no nos e.g i.e".split())


@functools.lru_cache(maxsize=1024)
def _boundaries(text: str) -> tuple[int, ...]:
    """The offsets just after each sentence's closing punctuation, abbreviations and initials aside."""
    ends = []
    for m in _BOUNDARY.finditer(text):
        word = text[:m.start()].rsplit(None, 1)[-1] if text[:m.start()].strip() else ""
        word = word.lstrip("\"'“‘(«[").lower()
        if len(word.rstrip(".")) == 1 or "." in word or word in _ABBREVIATIONS:
            continue  # "U.S.", "J. Smith", "Dr." end no sentence
        ends.append(m.end())
    return tuple(ends)


def _sentence_start(text: str, column: int) -> int:
    """Where the sentence holding a column of a line starts."""
    before = [end for end in _boundaries(text) if end <= column]
    start = before[-1] if before else 0
    while start < column and text[start].isspace():
        start += 1
    return start


def _sentence_end(text: str, end_column: int) -> int:
    """Where the sentence holding the character before end_column ends."""
    return next((end for end in _boundaries(text) if end >= end_column), len(text.rstrip()))


def _paragraph_starts(texts: list[str]) -> list[int]:
    starts, offset = [], 0
    for text in texts:
        starts.append(offset)
        offset += len(text) + 1
    return starts


def _to_word_end(text: str, start: int, end: int) -> str:
    """Cut text from start to end, carried on to the end of the word it would cut."""
    while end < len(text) and not text[end].isspace():
        end += 1
    return text[start:end]


def _shorten(text: str, limit: int = 200) -> str:
    if len(text) <= limit:
        return text
    return text[: text.rfind(" ", 0, limit)] + " …"
