"""The records of a brief project: sources, facts and their citations, and brief settings."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from typing import Annotated

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, PrivateAttr
from pydantic_core import PydanticCustomError

from .errors import Location
from .options import SOURCE_KINDS, PdfVariant

SLUG = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"


def _reasons(value: object) -> object:
    """Refuse an acknowledgement without a reason: a list of codes says what was hidden, not why."""
    if isinstance(value, list | tuple) and not value:
        return {}  # nothing acknowledged, so no reason owed
    if isinstance(value, list | tuple | str):
        codes = [value] if isinstance(value, str) else list(value)
        shown = ", ".join(f'{code}: "why"' for code in codes[:3]) or 'code: "why"'
        raise PydanticCustomError(
            "acknowledge_without_reason",
            "acknowledge needs a reason for each code; write it as a mapping, e.g. acknowledge: {" + shown + "}",
        )
    if isinstance(value, dict):
        for code, reason in value.items():
            if not isinstance(reason, str) or not reason.strip():
                raise PydanticCustomError(
                    "acknowledge_without_reason",
                    f'acknowledge needs a reason for {code}; write acknowledge: {{{code}: "why"}}',
                )
    return value


# Warning codes the analyst has reviewed for a record, each with the reason it is acceptable.
Acknowledgements = Annotated[dict[str, str], BeforeValidator(_reasons)]
ACKNOWLEDGE_HELP = ("Warning codes the analyst has reviewed for this record, each with the reason, e.g. "
                    "{undated-source: \"the article carries no date\"}; they are not reported (check --verbose lists them).")

# Letters that NFKD does not take apart into a base letter and marks, spelt as they are transliterated.
_LETTERS = str.maketrans({"ß": "ss", "ẞ": "ss", "æ": "ae", "Æ": "ae", "œ": "oe", "Œ": "oe", "ø": "o", "Ø": "o",
                          "đ": "d", "Đ": "d", "ł": "l", "Ł": "l", "þ": "th", "Þ": "th", "ð": "d", "Ð": "d", "ı": "i"})


def slug(text: str, fallback: str = "", words: int | None = None) -> str:
    """Make a slug of text, transliterating accented letters rather than dropping them."""
    latin = unicodedata.normalize("NFKD", text.translate(_LETTERS)).encode("ascii", "ignore").decode().lower()
    parts = re.findall(r"[a-z0-9]+", latin)
    return "-".join(parts[:words] if words else parts) or fallback


Section = Literal["summary", "context", "proposals", "dependencies", "expert_views", "open_gaps", "watch"]
SourceKind = Literal[SOURCE_KINDS]  # type: ignore[valid-type]
Confidence = Literal["high", "moderate", "low"]
Part = Literal["front", "annex"]
Proposer = Literal["government", "analyst"]



class Record(BaseModel):
    """A record read from a project file; it remembers where it was written."""

    model_config = ConfigDict(extra="forbid", frozen=False)

    # The file's locations and where in the file the record stands, as place() sets them. One private
    # attribute, defaulting to None, because pydantic makes each one's default in Python for every record.
    _placed: tuple[Mapping[tuple, Location], tuple] | None = PrivateAttr(default=None)

    @property
    def location(self) -> Location:
        """Where the record starts."""
        return self.location_of()

    def location_of(self, *path: str | int) -> Location:
        """Where a field (or the closest enclosing one) was written."""
        locations, start = self._placed or ({}, ())
        full = start + path
        while len(full) > len(start):
            if full in locations:
                return locations[full]
            full = full[:-1]
        return locations.get(full, Location("?"))

    def place(self, locations: Mapping[tuple, Location], path: tuple) -> None:
        """Attach the file's locations and where in the file the record stands."""
        self._placed = (locations, path)


class Body(BaseModel):
    """Which lines of a source file are the article: from the line containing `start` to the line containing `end`."""

    model_config = ConfigDict(extra="forbid")

    start: str = Field(
        min_length=1,
        description="Text found on the first line of the article, and nowhere else in the file.",
    )
    end: str = Field(
        min_length=1,
        description="Text found on the last line of the article, and nowhere else after `start`.",
    )


class Source(Record):
    """A stored source document that facts cite."""

    id: str = Field(pattern=SLUG, description="Unique slug that citations use to name the source.")
    file: str = Field(min_length=1, description="The document's file name under seeds/.")
    title: str | None = Field(
        default=None, description="The document's title as it gives it; null where it gives none."
    )
    publisher: str | None = Field(
        default=None, description="Who published it, where the document says so; null otherwise."
    )
    published: dt.date | None = Field(
        default=None, description="Publication date, where the document says so; null otherwise."
    )
    url: str | None = Field(default=None, description="The document's address on the web, where it has one.")
    accessed: dt.datetime | None = Field(
        default=None, description="When citebrief fetched the document from its url (UTC); null when added from a file."
    )
    body: Body | None = Field(
        default=None,
        description="The bounds of the article; without it the whole file is citable.",
    )
    kind: SourceKind | None = Field(
        default=None,
        description="original reporting, a rewrite of another report, analysis, or opinion.",
    )
    derived_from: str | None = Field(
        default=None,
        description="For a rewrite or a commentary: the report it is based on (a source id or an outlet's name).",
    )
    url: str | None = Field(
        default=None, pattern=r"^https?://[^\s<>]+$", description="Where the document was published on the web, if known."
    )
    label: str | None = Field(
        default=None,
        description="For a document without a title: how the brief names it, e.g. 'Untitled rewrite of the Yomiuri report' (printed in brackets).",
    )
    note: str | None = Field(default=None, description="What a reader should know about this source.")
    acknowledge: Acknowledgements = Field(default_factory=dict, description=ACKNOWLEDGE_HELP)
    retrieved: str | None = Field(
        default=None,
        description="The page or PDF as retrieved, byte for byte, under seeds/; `file` is the text extracted from it.",
    )
    retrieved_sha256: str | None = Field(
        default=None, pattern=r"^[0-9a-f]{64}$", description="The SHA-256 of the retrieved file's bytes."
    )


class Figure(BaseModel):
    """A number a fact states, kept as data so it can be tabulated and compared."""

    model_config = ConfigDict(extra="forbid")

    value: float = Field(description="The number as the source gives it.")
    unit: str = Field(min_length=1, description="percent, minutes, km, elements, …")
    measure: str = Field(min_length=1, description="What the number measures.")
    period: str | None = Field(default=None, description="The year or period it applies to.")
    qualifier: str | None = Field(
        default=None, description="How the source hedges it: about, nearly, over, up to, …"
    )
    key: str | None = Field(
        default=None,
        pattern=SLUG,
        description="A slug naming what is measured, shared by every figure of the same measure so sources can be compared.",
    )
    body: str | None = Field(
        default=None, description="The body behind the figure, where the source names one."
    )


class Citation(Record):
    """A quote from a source, to be found word for word in the source's article body."""

    source: str = Field(pattern=SLUG, description="The id of the cited source.")
    quote: str = Field(
        min_length=1,
        max_length=4000,
        description="The exact words of the source; '...' or '…' stands for words left out within one paragraph.",
    )


@dataclass(frozen=True)
class Span:
    """A run of a source's text: its lines, its offsets in the normalised body and its own characters."""

    line: int  # 1-based first line of the run in the source file
    last_line: int
    start: int  # offsets in the normalised article body, where quotes are searched
    end: int
    column: int  # 0-based offset of the first character in the original text of `line`
    end_column: int  # offset just after the last character in the original text of `last_line`
    text: str  # the source's own characters, lines joined by a line break


@dataclass(frozen=True, eq=False)
class LocatedCitation:
    """A verified citation and where its quote stands in its source: every piece and the sentence around it."""

    citation: Citation
    file: str  # the source's file, relative to the project
    pieces: tuple[Span, ...]  # one for each part of the quote between ellipses, in order
    sentence: Span  # the whole sentence or sentences the quote stands in, attribution and all
    text: str  # the quote in the source's own characters, with the quote's own ellipses
    page: int | None = None  # for a PDF source: the 1-based index of the page the quote starts on
    page_label: str | None = None  # the label printed on that page, where the PDF defines labels

    @property
    def source(self) -> str:
        """The id of the cited source."""
        return self.citation.source

    @property
    def line(self) -> int:
        """The line where the quote starts."""
        return self.pieces[0].line

    @property
    def last_line(self) -> int:
        """The line where the quote ends."""
        return self.pieces[-1].last_line


class Evidence:
    """Every verified citation of a project, located once by verify and read by every later stage."""

    def __init__(self, located: Iterable[LocatedCitation] = ()):
        # Keyed by identity: a LocatedCitation holds its citation, so the id stays valid while it is here.
        self._located = {id(item.citation): item for item in located}

    def add(self, located: LocatedCitation) -> None:
        """Record where a citation's quote stands."""
        self._located[id(located.citation)] = located

    def of(self, citation: Citation) -> LocatedCitation:
        """Where a verified citation's quote stands."""
        return self._located[id(citation)]

    def __len__(self) -> int:
        return len(self._located)

    def __iter__(self) -> Iterator[LocatedCitation]:
        return iter(self._located.values())


class Fact(Record):
    """A statement of the brief, backed by one or more verified quotes."""

    id: str = Field(pattern=SLUG, description="Slug, unique across all fact files.")
    section: Section = Field(description="Where the statement goes in the brief.")
    statement: str = Field(
        min_length=1,
        max_length=4000,
        description="The analyst's sentence; inline Markdown (emphasis, links) only.",
    )
    citations: list[Citation] = Field(
        default_factory=list, description="The quotes that back the statement; at least one."
    )
    speaker: str | None = Field(default=None, description="For expert views: who said it.")
    affiliation: str | None = Field(
        default=None, description="For expert views: the speaker's role and organisation."
    )
    date: dt.date | None = Field(
        default=None, description="When the event happened, so it appears on the timeline."
    )
    date_precision: Literal["day", "month", "year"] = Field(
        default="day", description="How much of the date the sources give: day, month or year."
    )
    date_note: str | None = Field(
        default=None, description="How the date was worked out, e.g. from a relative date and the dateline."
    )
    figures: list[Figure] = Field(
        default_factory=list, description="Numbers the statement gives, as data."
    )
    status: str | None = Field(
        default=None, description="For proposals: where it stands (floated, proposed, under study, …)."
    )
    acknowledge: Acknowledgements = Field(default_factory=dict, description=ACKNOWLEDGE_HELP)
    part: Part = Field(
        default="front",
        description="Where the brief prints the statement: in the front a decision maker reads, or only in the evidence annex.",
    )
    measure: str | None = Field(
        default=None, description="For proposals with a status: the measure in a few words, for the status table."
    )
    proposed_by: Proposer = Field(
        default="government",
        description="For proposals: whether the measure is a government's, or an analyst's suggestion (tabled apart).",
    )
    said_by: str | None = Field(
        default=None,
        description="For proposals: who gave the status, for the status table; by default the first cited source.",
    )
    note: str | None = Field(
        default=None, description="For proposals: a short remark for the status table's note column."
    )


class Judgment(Record):
    """The analyst's own judgment, kept apart from the facts it rests on, with a stated confidence."""

    id: str = Field(pattern=SLUG, description="Slug, unique among judgments.")
    judgment: str = Field(min_length=1, max_length=4000, description="The judgment; inline Markdown only.")
    confidence: Confidence = Field(description="How sure the analyst is: high, moderate or low.")
    rests_on: list[str] = Field(
        default_factory=list, description="The ids of the facts the judgment rests on; at least one."
    )
    acknowledge: Acknowledgements = Field(default_factory=dict, description=ACKNOWLEDGE_HELP)


class Position(Record):
    """What one side of a disagreement says, with its quotes."""

    statement: str = Field(min_length=1, max_length=4000, description="What this side says.")
    citations: list[Citation] = Field(default_factory=list, description="The quotes that show it; at least one.")
    acknowledge: Acknowledgements = Field(default_factory=dict, description=ACKNOWLEDGE_HELP)


class Disagreement(Record):
    """Sources that disagree, or one that is in error: what each says, cited each way."""

    id: str = Field(pattern=SLUG, description="Slug, unique among disagreements.")
    topic: str = Field(min_length=1, description="What the sources disagree about.")
    positions: list[Position] = Field(default_factory=list, description="What each side says; at least two.")
    assessment: str | None = Field(
        default=None, description="The analyst's reading of the disagreement, e.g. which side is in error and why."
    )
    figure_key: str | None = Field(
        default=None, pattern=SLUG, description="The key of the figures this disagreement is about, if any."
    )
    resolved: bool = Field(
        default=False, description="True when the assessment settles it (e.g. an evident error); otherwise it is an open gap."
    )
    part: Part = Field(
        default="annex",
        description="front when the disagreement changes what a reader would conclude; otherwise it is told only in the annex.",
    )
    summary: str | None = Field(
        default=None, description="The disagreement in one line, for the front; inline Markdown only."
    )


class SendSettings(BaseModel):
    """How `citebrief send` mails each new edition; credentials come only from the environment."""

    model_config = ConfigDict(extra="forbid", populate_by_name=True)

    to: list[str] = Field(default_factory=list, description="The recipients' addresses.")
    sender: str = Field(alias="from", description="The sender's address.")
    smtp_host: str = Field(default="localhost", description="The SMTP server's host name.")
    smtp_port: int = Field(default=587, ge=1, le=65535, description="The SMTP server's port.")
    tls: Literal["implicit", "starttls", "none"] | None = Field(
        default=None,
        description="implicit (TLS from the first byte, as on port 465), starttls (upgrade a plain connection), "
                    "or none (only on a trusted network); by default implicit on port 465, starttls otherwise.",
    )
    starttls: bool = Field(default=True, description="Older spelling: false means tls = \"none\" when tls is not set.")
    retries: int = Field(default=3, ge=0, le=10, description="How often to try again after a passing failure.")
    backoff: float = Field(default=2.0, ge=0, le=300, description="Seconds before the first retry; doubled each time.")
    timeout: float = Field(default=30, gt=0, le=600, description="Seconds to wait for the server.")

    @property
    def security(self) -> Literal["implicit", "starttls", "none"]:
        """How the connection is secured: the tls setting, or the default for the port."""
        if self.tls:
            return self.tls
        if not self.starttls:
            return "none"
        return "implicit" if self.smtp_port == 465 else "starttls"


class PublishSettings(BaseModel):
    """How `citebrief publish` signs each edition; the key's passphrase comes only from the environment."""

    model_config = ConfigDict(extra="forbid")

    signing_key: str | None = Field(
        default=None,
        description="A PKCS#12 file (.p12, .pfx) holding the signer's key and certificate, relative to the project; "
        "CITEBRIEF_SIGNING_KEY overrides it and CITEBRIEF_SIGNING_PASSPHRASE unlocks it.",
    )


class Settings(BaseModel):
    """Brief settings from citebrief.toml; every key is optional."""

    model_config = ConfigDict(extra="forbid")

    title: str = Field(default="Brief", description="The brief's title.")
    subtitle: str | None = Field(default=None, description="A line under the title.")
    author: str = Field(default="citebrief", description="Who issues the brief.")
    as_of: dt.date | None = Field(
        default=None,
        description="The date the brief speaks for; by default the latest source or event date.",
    )
    language: str = Field(default="en", description="The brief's language, as a BCP 47 tag.")
    subject: str | None = Field(default=None, description="One line on what the brief is about.")
    keywords: list[str] = Field(default_factory=list, description="Keywords for the PDF metadata.")
    send: SendSettings | None = Field(default=None, description="Mailing settings for `citebrief send`.")
    publish: PublishSettings | None = Field(default=None, description="Signing settings for `citebrief publish`.")
    front_pages: int = Field(
        default=2,
        ge=1,
        le=50,
        description="The length budget of the brief's front in pages; build warns front-too-long when the PDF's front runs over.",
    )
    pdf_variant: PdfVariant = Field(
        default="pdf/a-3u",
        description="The PDF standard to follow: pdf/a-3u (default), pdf/a-3b, pdf/a-3a, pdf/ua-1, … or an empty string for plain PDF.",
    )


@dataclass
class Project:
    """A brief project as read from disk, before any check."""

    root: Path
    settings: Settings
    sources: list[Source]
    facts: list[Fact]
    judgments: list[Judgment] = field(default_factory=list)
    disagreements: list[Disagreement] = field(default_factory=list)
    # Sources that could not be read, already reported: citations of them are not reported again.
    # None when the sources file itself could not be read, so that no citation can be checked.
    unread_sources: set[str] | None = field(default_factory=set)
    # Facts written in a file (or as a record) that could not be read, by file: references to them are
    # not reported as unknown, since the file's own problem is the one to fix.
    unread_facts: dict[str, str] = field(default_factory=dict)
