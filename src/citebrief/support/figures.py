"""Find the figures (value, unit, qualifier, what they measure) and the dates a text gives."""

from __future__ import annotations

import datetime as dt
import re
import functools
from typing import NamedTuple

from . import lexicon as lx
from .text import KEPT, Scan, scan

# Units worth comparing on their own; other words after a number only say what it counts.
_UNITS = {
    "minut": "minute", "minute": "minute", "min": "minute", "hour": "hour", "day": "day", "week": "week",
    "month": "month", "year": "year", "kilometer": "km", "km": "km", "mile": "mile", "mil": "mile", "meter": "m",
    "ton": "tonne", "tonn": "tonne", "tonne": "tonne", "yen": "yen", "dollar": "dollar", "dollars": "dollar",
    "euro": "euro", "kilogram": "kg", "kg": "kg", "percentage": "%", "point": "point", "pound": "pound",
}
# Currency signs printed before a number: "$1.2 billion" is 1.2 billion dollars.
_CURRENCY_SIGNS = {"$": "dollar", "¥": "yen", "€": "euro", "£": "pound"}
_DATE_WORDS = frozenset({"in", "since", "of", "by", "until", "from", "mid", "early", "late", "end", "through",
                         "before", "after", "on", "last", "next", "this", "during"})
_CONTEXT_STOP = frozenset({",", ";", ".", ":", "(", ")", "and", "while", "but"})
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
    year: int | None = None  # the year the words after it give it ("nearly 60% … in 2022"), if any


class DateMention(NamedTuple):
    """A date, month, year, weekday or time of day a text gives."""

    kind: str   # year | month | day | weekday | time
    value: object
    words: str


def _value(word: str) -> float | None:
    if word.isdecimal():
        return float(word)
    text = word.rstrip("%")
    if text[:1].isdigit() and ":" not in text:
        try:
            return float(text.replace(",", ""))
        except ValueError:
            return None
    return None


def _is_year(value: float, word: str, nxt: str) -> bool:
    return value.is_integer() and 1800 <= value <= 2100 and len(word) == 4 and nxt not in lx.PERCENT_WORDS \
        and nxt not in {"percent", "per"}


def _month_at(scanned: Scan, i: int) -> int | None:
    lower = scanned.lowers[i]
    month = lx.MONTHS.get(lower)
    if month is None or not scanned.forms[i].capital:
        return None
    words = scanned.words
    before = scanned.lowers[i - 1] if i else ""
    next_digit = i + 1 < len(words) and words[i + 1][:1].isdigit()
    prev_digit = i > 0 and words[i - 1][:1].isdigit()
    if len(lower) <= 4 and lower not in {"june", "july"} and not (next_digit or prev_digit):
        if lower != "may" or before not in _DATE_WORDS:
            return None
    return month


@functools.lru_cache(maxsize=KEPT)
def figures(text: str) -> tuple[Figure, ...]:
    """Find every figure in normalised text, with its qualifier, unit and what it measures."""
    scanned = scan(text)
    numerals = scanned.numerals
    if not numerals:
        return ()
    words, lowers, forms = scanned.words, scanned.lowers, scanned.forms
    count = len(words)
    found = []
    skip_until = -1
    new = tuple.__new__  # skips NamedTuple's Python-level __new__
    estimates = None  # whether the text holds an estimate word, read when a figure without a qualifier first asks
    signs: list[tuple[int, int]] | bool | None = None  # where the tokens stand, if the text prints a currency sign
    for i in numerals:
        lower = lowers[i]
        digit = lower[0].isdigit()
        if i <= skip_until or not (digit or lower in lx.NUMBERISH):
            continue
        word = words[i]
        value = _value(word)
        last = i
        fraction = _fraction(lowers, i)
        if fraction is not None:
            value, last = fraction
        elif value is None:
            if lower in lx.NUMBER_WORDS and lower != "one":
                value = float(lx.NUMBER_WORDS[lower])
                if i + 1 < count and lowers[i + 1] in lx.NUMBER_WORDS and 20 <= value < 100:
                    value += lx.NUMBER_WORDS[lowers[i + 1]]
                    last = i + 1
            elif lower in lx.ORDINAL_WORDS and lower != "first":
                value = float(lx.ORDINAL_WORDS[lower])
            else:
                continue
        nxt = lowers[last + 1] if last + 1 < count else ""
        if digit:
            if len(word) == 4 and _is_year(value, word, nxt):
                continue
            # A month only where a month's name stands: _month_at reads no further for any other word.
            if (last + 1 < count and lowers[last + 1] in lx.MONTHS and _month_at(scanned, last + 1)) \
                    or (i and lowers[i - 1] in lx.MONTHS and _month_at(scanned, i - 1)):
                continue
        if nxt in lx.MULTIPLIERS and nxt not in {"m", "k"}:
            value *= lx.MULTIPLIERS[nxt]
            last += 1
            nxt = lowers[last + 1] if last + 1 < count else ""
        unit, sign = None, ""
        if fraction is not None:
            unit = "%"
        elif word.endswith("%") or nxt in {"percent", "pct"}:
            unit = "%"
            last += nxt in {"percent", "pct"}
        elif nxt == "per" and last + 2 < count and lowers[last + 2] == "cent":
            unit, last = "%", last + 2
        elif lower in lx.ORDINAL_WORDS:
            unit = "ordinal"
        elif last + 1 < count and forms[last + 1].stem in _UNITS:
            unit = _UNITS[forms[last + 1].stem]
            last += 1
        elif digit and signs is not False:
            if signs is None:  # read once a text's places, where it prints a currency sign at all
                signs = scanned.spans() if any(sign in text for sign in _CURRENCY_SIGNS) else False
            if signs and text[max(signs[i][0] - 1, 0):signs[i][0]] in _CURRENCY_SIGNS:
                sign = text[signs[i][0] - 1]
                unit = _CURRENCY_SIGNS[sign]
        qualifier, first = None, i
        # A qualifier ends just before the number, or just before "a" ("about a third"): the word there tells.
        before = lowers[i - 1] if i else ""
        article = before in {"a", "an"}
        for width in (3, 2, 1) if before in _QUALIFIER_ENDS or article else ():
            if i - width < 0:
                continue
            starts = _QUALIFIER_STARTS[width]
            phrase = " ".join(lowers[i - width:i]) if lowers[i - width] in starts else ""
            if phrase in lx.QUALIFIERS:
                qualifier, first = lx.QUALIFIERS[phrase], i - width
                break
            shifted = " ".join(lowers[i - width - 1:i - 1]) \
                if article and i - width - 1 >= 0 and lowers[i - width - 1] in starts else ""
            if shifted in lx.QUALIFIERS:
                qualifier, first = lx.QUALIFIERS[shifted], i - width - 1
                break
        if qualifier is None and estimates is None:
            estimates = "estimat" in text.lower()  # a word token is ASCII letters: an estimate word is in the lowered text
        if qualifier is None and estimates and not _ESTIMATES.isdisjoint(lowers[max(0, i - 4):i]):
            qualifier = "about"  # "an output estimated to cover 30%"
        context = []
        for lowered, stemmed, *_ in forms[last + 1:last + 9]:
            if lowered in _CONTEXT_STOP:
                break
            if lowered not in lx.STOPWORDS and lowered[:1].isalpha():
                context.append(stemmed)
        year = _year_after(lowers, last)
        printed = scanned.between(first, last)
        if sign and first == i:
            printed = sign + printed  # "$1.2 billion", its sign kept
        found.append(new(Figure, (value, unit, qualifier, printed, frozenset(context[:5]), year)))
        skip_until = last
    return tuple(found)


def _year_after(lowers: list[str], last: int) -> int | None:
    """The year a figure ending at word `last` is given in its own clause ("nearly 60% of … from China in 2022"), if any."""
    before = ""
    for lower in lowers[last + 1:last + 13]:
        if lower in _CONTEXT_STOP:
            return None
        if lower[:1].isdigit():  # a year, or another figure, which the words after it belong to
            if before in {"between", "from"}:
                return None  # a span of years ("between 2009 and 2022"), not one
            return int(lower) if len(lower) == 4 and lower.isdecimal() and 1800 <= int(lower) <= 2100 else None
        before = lower
    return None


# Words before "half" that make it a part of a period ("the second half of 2025"), not a share.
_PART_OF_A_WHOLE = frozenset(lx.ORDINAL_WORDS) | {"the", "latter", "former", "other", "last", "next", "this"}


def _fraction(lowers: list[str], i: int) -> tuple[float, int] | None:
    """The percentage a fraction starting at word i gives ("half of" 50, "a third of", "two-thirds of"), and its last word."""
    lower = lowers[i]
    after = lowers[i + 1] if i + 1 < len(lowers) else ""
    if lower in lx.NUMBER_WORDS and after in lx.FRACTIONS_PLURAL and 1 < lx.NUMBER_WORDS[lower] < 10:
        return round(lx.NUMBER_WORDS[lower] * lx.FRACTIONS_PLURAL[after]), i + 1
    if lower not in lx.FRACTIONS or after in {"an", "a", "hour", "day", "year", "century", "decade", "way"}:
        return None
    before = lowers[i - 1] if i else ""
    # "half" stands alone ("about half of", "half its imports"); "third" only after "a" or "one" and before "of"
    # ("a third of"), not as an ordinal ("the third round").
    if lower == "half" and "and" not in lowers[max(0, i - 2):i] and before not in _PART_OF_A_WHOLE \
            or before in {"a", "one"} and after == "of":
        return round(lx.FRACTIONS[lower]), i
    return None


_CLOCK = re.compile(r"\d{1,2}:\d{2}(?::\d{2})?")  # 9:30, 21:05:10 — a colon alone is punctuation


@functools.lru_cache(maxsize=KEPT)
def dates(text: str) -> tuple[DateMention, ...]:
    """Find every year, month, day, weekday and time of day in normalised text."""
    scanned = scan(text)
    numerals = scanned.numerals
    if not numerals:
        return ()
    words, lowers = scanned.words, scanned.lowers
    count = len(words)
    found = []
    for i in numerals:
        word = words[i]
        if word[0].isdigit():  # a numeral is a time or a year, never a month, weekday or time word
            if ":" in word and _CLOCK.fullmatch(word):
                found.append(DateMention("time", word, word))
            elif word.isdigit() and len(word) == 4 and _is_year(
                    float(word), word, lowers[i + 1] if i + 1 < count else ""):
                found.append(DateMention("year", int(word), word))
            continue
        lower = lowers[i]
        if lower not in lx.DATEISH:
            continue
        month = _month_at(scanned, i)
        if month:
            day = None
            for j in (i - 1, i + 1):
                if 0 <= j < count and words[j].isdigit() and len(words[j]) <= 2 and int(words[j]) >= 1:  # "32 May" is a wrong day
                    day = int(words[j])
                    if j == i - 1 and i >= 2 and lowers[i - 2] in {"than", "about", "over"}:
                        day = None
                    break
            if day:
                found.append(DateMention("day", (month, day), f"{day} {word}"))
            found.append(DateMention("month", month, word))
        elif lower in lx.WEEKDAYS and scanned.forms[i].capital:
            found.append(DateMention("weekday", lx.WEEKDAYS[lower], word))
        elif lower in lx.TIMES_OF_DAY:
            found.append(DateMention("time", "night" if lower == "tonight" else lower, word))
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


def resolve_weekdays(mentions: tuple[DateMention, ...], published: dt.date, ahead: bool = False) -> list[DateMention]:
    """Resolve each weekday a source names to the latest such day on or before its publication date, and also to
    the next one after it where the source speaks of what is to come (`ahead`: "will meet on Friday")."""
    resolved = []
    for mention in mentions:
        if mention.kind == "weekday":
            back = (published.weekday() - mention.value) % 7
            resolved += date_mentions(published - dt.timedelta(days=back))
            if ahead:
                resolved += date_mentions(published + dt.timedelta(days=7 - back if back else 7))
    return resolved
