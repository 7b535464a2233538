"""Find the figures (value, unit, qualifier, what they measure) and the dates a text gives."""

from __future__ import annotations

import datetime as dt
import re
import functools
from typing import NamedTuple

from . import lexicon as lx
from .text import KEPT, Token, tokens

# Units worth comparing on their own; other words after a number only say what it counts.
_UNITS = {
    "minut": "minute", "minute": "minute", "min": "minute", "hour": "hour", "day": "day", "week": "week",
    "month": "month", "year": "year", "kilometer": "km", "km": "km", "mile": "mile", "meter": "m",
    "ton": "tonne", "tonn": "tonne", "tonne": "tonne", "yen": "yen", "dollar": "dollar", "dollars": "dollar",
    "euro": "euro", "kilogram": "kg", "kg": "kg", "percentage": "%", "point": "point",
}
_DATE_WORDS = frozenset({"in", "since", "of", "by", "until", "from", "mid", "early", "late", "end", "through",
                         "before", "after", "on", "last", "next", "this", "during"})
_CONTEXT_STOP = frozenset({",", ";", ".", ":", "(", ")", "and", "while", "but"})
# The words besides numerals that may give a figure, and that may give a date: only they are looked at.
_NUMBERISH = frozenset(lx.NUMBER_WORDS) | frozenset(lx.ORDINAL_WORDS)
_DATEISH = frozenset(lx.MONTHS) | frozenset(lx.WEEKDAYS) | lx.TIMES_OF_DAY
_NUMERALISH = _NUMBERISH | _DATEISH
_QUALIFIER_ENDS = frozenset(phrase.split()[-1] for phrase in lx.QUALIFIERS)
# The first words of the qualifiers of each width: a phrase is joined for a look-up only after its first word.
_QUALIFIER_STARTS = {width: frozenset(phrase.split()[0] for phrase in lx.QUALIFIERS if len(phrase.split()) == width)
                     for width in (1, 2, 3)}
_ESTIMATES = frozenset({"estimated", "estimate", "estimates"})


class Figure(NamedTuple):
    """A number as a text gives it."""

    value: float
    unit: str | None        # "%" or a unit of measure; None when the number only counts something
    qualifier: str | None   # a lexicon.QUALIFIERS class: about, nearly, over, up to, at least, under
    words: str              # the words as printed, qualifier and unit included
    context: frozenset[str]  # stems of what the number measures (the words after it)


class DateMention(NamedTuple):
    """A date, month, year, weekday or time of day a text gives."""

    kind: str   # year | month | day | weekday | time
    value: object
    words: str


def _value(token: Token) -> float | None:
    text = token.text.rstrip("%")
    if text[:1].isdigit() and ":" not in text:
        try:
            return float(text.replace(",", ""))
        except ValueError:
            return None
    return None


def _is_year(value: float, token: Token, nxt: str) -> bool:
    return value.is_integer() and 1800 <= value <= 2100 and len(token.text) == 4 and nxt not in lx.PERCENT_WORDS \
        and nxt not in {"percent", "per"}


def _month_at(words: tuple[Token, ...], i: int) -> int | None:
    token = words[i]
    month = lx.MONTHS.get(token.lower)
    if month is None or not token.capital:
        return None
    before = words[i - 1].lower if i else ""
    after = words[i + 1] if i + 1 < len(words) else None
    next_digit = after is not None and after.text[:1].isdigit()
    prev_digit = i > 0 and words[i - 1].text[:1].isdigit()
    if len(token.lower) <= 4 and token.lower not in {"june", "july"} and not (next_digit or prev_digit):
        if token.lower != "may" or before not in _DATE_WORDS:
            return None
    return month


@functools.lru_cache(maxsize=1024)
def _numerals(text: str) -> list[int]:
    """Where a text's numerals, number words and date words stand: only there can a figure or a date start."""
    return [i for i, t in enumerate(tokens(text)) if t.text[0].isdigit() or t.lower in _NUMERALISH]


@functools.lru_cache(maxsize=KEPT)
def figures(text: str) -> tuple[Figure, ...]:
    """Find every figure in normalised text, with its qualifier, unit and what it measures."""
    words = tokens(text)
    found = []
    skip_until = -1
    estimates = "estimat" in text.lower()  # a word token is ASCII letters: an estimate word is in the lowered text
    for i in _numerals(text):
        if i <= skip_until or not (words[i].text[0].isdigit() or words[i].lower in _NUMBERISH):
            continue
        token = words[i]
        lower = token.lower
        value = _value(token)
        last = i
        if value is None:
            if lower in lx.NUMBER_WORDS and lower != "one":
                value = float(lx.NUMBER_WORDS[lower])
                if i + 1 < len(words) and words[i + 1].lower in lx.NUMBER_WORDS and 20 <= value < 100:
                    value += lx.NUMBER_WORDS[words[i + 1].lower]
                    last = i + 1
            elif lower in lx.ORDINAL_WORDS and lower != "first":
                value = float(lx.ORDINAL_WORDS[lower])
            else:
                continue
        nxt = words[last + 1].lower if last + 1 < len(words) else ""
        if token.text[:1].isdigit():
            if _is_year(value, token, nxt):
                continue
            if (last + 1 < len(words) and _month_at(words, last + 1)) or (i and _month_at(words, i - 1)):
                continue
        if nxt in lx.MULTIPLIERS and nxt not in {"m", "k"}:
            value *= lx.MULTIPLIERS[nxt]
            last += 1
            nxt = words[last + 1].lower if last + 1 < len(words) else ""
        unit = None
        if token.text.endswith("%") or nxt in {"percent", "pct"}:
            unit = "%"
            last += nxt in {"percent", "pct"}
        elif nxt == "per" and last + 2 < len(words) and words[last + 2].lower == "cent":
            unit, last = "%", last + 2
        elif lower in lx.ORDINAL_WORDS:
            unit = "ordinal"
        elif words[last + 1:last + 2] and words[last + 1].stem in _UNITS:
            unit = _UNITS[words[last + 1].stem]
            last += 1
        qualifier, first = None, i
        # A qualifier ends just before the number, or just before "a" ("about a third"): the word there tells.
        before = words[i - 1].lower if i else ""
        article = before in {"a", "an"}
        for width in (3, 2, 1) if before in _QUALIFIER_ENDS or article else ():
            if i - width < 0:
                continue
            starts = _QUALIFIER_STARTS[width]
            phrase = " ".join([t.lower for t in words[i - width:i]]) if words[i - width].lower in starts else ""
            if phrase in lx.QUALIFIERS:
                qualifier, first = lx.QUALIFIERS[phrase], i - width
                break
            shifted = " ".join([t.lower for t in words[i - width - 1:i - 1]]) \
                if article and i - width - 1 >= 0 and words[i - width - 1].lower in starts else ""
            if shifted in lx.QUALIFIERS:
                qualifier, first = lx.QUALIFIERS[shifted], i - width - 1
                break
        if qualifier is None and estimates and not _ESTIMATES.isdisjoint([t.lower for t in words[max(0, i - 4):i]]):
            qualifier = "about"  # "an output estimated to cover 30%"
        context = []
        for follower in words[last + 1:last + 9]:
            if follower.lower in _CONTEXT_STOP:
                break
            if follower.lower not in lx.STOPWORDS and follower.lower[:1].isalpha():
                context.append(follower.stem)
        found.append(Figure(value, unit, qualifier, text[words[first].start:words[last].end], frozenset(context[:5])))
        skip_until = last
    return tuple(found)


_CLOCK = re.compile(r"\d{1,2}:\d{2}(?::\d{2})?")  # 9:30, 21:05:10 — a colon alone is punctuation


@functools.lru_cache(maxsize=KEPT)
def dates(text: str) -> tuple[DateMention, ...]:
    """Find every year, month, day, weekday and time of day in normalised text."""
    words = tokens(text)
    found = []
    for i in _numerals(text):
        token = words[i]
        if token.text[0].isdigit():  # a numeral is a time or a year, never a month, weekday or time word
            if _CLOCK.fullmatch(token.text):
                found.append(DateMention("time", token.text, token.text))
            elif token.text.isdigit() and len(token.text) == 4 and _is_year(
                    float(token.text), token, words[i + 1].lower if i + 1 < len(words) else ""):
                found.append(DateMention("year", int(token.text), token.text))
            continue
        lower = token.lower
        if lower not in _DATEISH:
            continue
        month = _month_at(words, i)
        if month:
            day = None
            for j in (i - 1, i + 1):
                if 0 <= j < len(words) and words[j].text.isdigit() and 1 <= int(words[j].text) <= 31:
                    day = int(words[j].text)
                    if j == i - 1 and i >= 2 and words[i - 2].lower in {"than", "about", "over"}:
                        day = None
                    break
            if day:
                found.append(DateMention("day", (month, day), f"{day} {token.text}"))
            found.append(DateMention("month", month, token.text))
        elif lower in lx.WEEKDAYS and token.capital:
            found.append(DateMention("weekday", lx.WEEKDAYS[lower], token.text))
        elif lower in lx.TIMES_OF_DAY:
            found.append(DateMention("time", "night" if lower == "tonight" else lower, token.text))
    return tuple(found)


@functools.lru_cache(maxsize=4096)
def date_mentions(day: dt.date, precision: str = "day") -> tuple[DateMention, ...]:
    """The mentions a known date supports, as far as its precision goes."""
    known = [DateMention("year", day.year, str(day.year))]
    if precision in {"day", "month"}:
        known.append(DateMention("month", day.month, day.strftime("%B")))
    if precision == "day":
        known.append(DateMention("day", (day.month, day.day), f"{day.day} {day:%B}"))
        known.append(DateMention("weekday", day.weekday(), day.strftime("%A")))
    return tuple(known)


def resolve_weekdays(mentions: tuple[DateMention, ...], published: dt.date) -> list[DateMention]:
    """Resolve each weekday a source names to the latest such day on or before its publication date."""
    resolved = []
    for mention in mentions:
        if mention.kind == "weekday":
            back = (published.weekday() - mention.value) % 7
            resolved += date_mentions(published - dt.timedelta(days=back))
    return resolved
