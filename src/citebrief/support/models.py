"""The nouns of the statement check: the evidence a statement rests on, and what the check finds."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass


@dataclass(frozen=True)
class Evidence:
    """A quote as the statement cites it, with the whole source sentence it stands in."""

    quote: str                 # the quoted words, as the source prints them (may contain "..." / "…" elisions)
    sentence: str              # the whole source sentence(s) the quote stands in (a superset of the quote)
    source_id: str
    source_kind: str           # "original" | "rewrite" | "analysis" | "opinion"
    publisher: str | None = None   # the cited source's publisher, e.g. "The Japan Times"
    speaker: str | None = None     # for expert views: who speaks
    published: dt.date | None = None  # the source's date: it resolves the weekdays the source names


@dataclass(frozen=True)
class Finding:
    """What in a statement its quotes do not support."""

    code: str       # one of support.CODES
    words: str      # the statement's words at issue
    message: str    # what the statement says and what the quote says instead
