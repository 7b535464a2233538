"""Normalise text and find a quote in a source's paragraphs, exactly or not at all."""

from __future__ import annotations

import bisect
import difflib
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class Paragraph:
    """A non-empty line of a source file: the unit an ellipsis may not cross."""

    line: int  # 1-based line number in the file
    text: str

# Folded after NFKC, which already turns "…" into "..." and no-break spaces into spaces.
_FOLD = str.maketrans(
    {
        "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2039": "'", "\u203a": "'",
        "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u201f": '"', "\u00ab": '"', "\u00bb": '"',
        "\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-", "\u2014": "-", "\u2015": "-",
    }
)
_ELLIPSIS = re.compile(r"\s*\[?\.\.\.\]?\s*")


def normalise(text: str) -> str:
    """Fold text for quote matching: NFKC, plain quotes and hyphens, single spaces; case is kept."""
    # ASCII is its own NFKC form and holds nothing to fold; str.split() breaks at exactly what \s matches.
    if not text.isascii():
        text = unicodedata.normalize("NFKC", text).translate(_FOLD)
    return " ".join(text.split())


@dataclass(frozen=True)
class Match:
    """Where a quote was found: the first and last line of the passage."""

    line: int
    last_line: int


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

    def line_at(self, offset: int) -> int:
        """The line of the paragraph that holds an offset of the joined text."""
        index = bisect.bisect_right(self.starts, offset) - 1
        return self.paragraphs[index].line


def quote_pieces(quote: str) -> list[str]:
    """Split a normalised quote at its ellipses into the pieces that must appear in order."""
    return [piece for piece in _ELLIPSIS.split(normalise(quote)) if piece]


def find_quote(quote: str, passages: Passages) -> Match | None:
    """Find a quote in the passages; an ellipsis stands for words left out within one paragraph."""
    pieces = quote_pieces(quote)
    if not pieces:
        return None
    if len(pieces) == 1:
        at = _find_word_aligned(passages.joined, pieces[0], 0)
        if at is None:
            return None
        return Match(passages.line_at(at), passages.line_at(at + len(pieces[0]) - 1))
    for paragraph, text in zip(passages.paragraphs, passages.texts):
        position = 0
        for piece in pieces:
            at = _find_word_aligned(text, piece, position)
            if at is None:
                break
            position = at + len(piece)
        else:
            return Match(paragraph.line, paragraph.line)
    return None


def closest_passage(quote: str, passages: Passages) -> Passage | None:
    """Find the passage most like the quote, to show beside a near miss."""
    target = " ... ".join(quote_pieces(quote))
    if not target:
        return None
    best: tuple[float, int, str] | None = None
    for paragraph, text in zip(passages.paragraphs, passages.texts):
        words = [m.start() for m in re.finditer(r"\S+", text)]
        for start in words:
            window = _to_word_end(text, start, start + len(target))
            matcher = difflib.SequenceMatcher(None, target, window, autojunk=False)
            if best is not None and matcher.real_quick_ratio() <= best[0]:
                continue
            if best is not None and matcher.quick_ratio() <= best[0]:
                continue
            score = matcher.ratio()
            if best is None or score > best[0]:
                best = (score, paragraph.line, window)
    if best is None:
        return None
    return Passage(best[1], _shorten(best[2]))


def _find_word_aligned(text: str, piece: str, start: int) -> int | None:
    """Find a piece at or after start whose ends do not cut through a word."""
    at = text.find(piece, start)
    while at != -1:
        end = at + len(piece)
        cuts_before = piece[0].isalnum() and at > 0 and text[at - 1].isalnum()
        cuts_after = piece[-1].isalnum() and end < len(text) and text[end].isalnum()
        if not cuts_before and not cuts_after:
            return at
        at = text.find(piece, at + 1)
    return None


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
